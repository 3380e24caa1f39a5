//! One request, from fuzzed text, through both routers built once from examples/cluster: ingress-nginx over
//! its Ingresses, and the Gateway API model over what `convert` generates from them (read back as a user
//! would apply it), one router per generated Gateway; then `verify` compares the two sides on that request.
//!
//! Input, as UTF-8 lines: the URL (`http://` is prepended when it has no `http://` or `https://`), the method
//! (default `GET`), then headers (`Name: value`). A line `sni=NAME` sets the TLS server name instead.
#![no_main]

use std::sync::Arc;

use gateshift_api::Sourced;
use gateshift_router::{Model, Request, Router, RouterOptions};
use libfuzzer_sys::fuzz_target;

mod common;

const CLUSTER: &[(&str, &str)] = &[
    ("examples/cluster/ingressclass.yaml", include_str!("../../examples/cluster/ingressclass.yaml")),
    ("examples/cluster/blog.yaml", include_str!("../../examples/cluster/blog.yaml")),
    ("examples/cluster/payments.yaml", include_str!("../../examples/cluster/payments.yaml")),
    ("examples/cluster/platform.yaml", include_str!("../../examples/cluster/platform.yaml")),
    ("examples/cluster/shop.yaml", include_str!("../../examples/cluster/shop.yaml")),
];

struct Routers {
    nginx: Box<dyn Router>,
    /// One per generated Gateway.
    gateways: Vec<Box<dyn Router>>,
}

fn build() -> Routers {
    let mut input: Vec<Sourced> = Vec::new();
    for (file, text) in CLUSTER {
        for doc in gateshift_manifest::read_str(file, text, &Default::default()).expect("examples read") {
            input.push(gateshift_api::decode(Arc::new(doc)).expect("examples decode"));
        }
    }
    let refs: Vec<&Sourced> = input.iter().collect();
    let nginx = Model::IngressNginx
        .router(&refs, &RouterOptions::default())
        .expect("ingress-nginx router");

    let options = gateshift_convert::Options {
        gateway_class: Some("example".into()),
        ..Default::default()
    };
    let conversion = gateshift_convert::convert(&input, &options).expect("examples convert");
    let values: Vec<serde_json::Value> = conversion.objects.iter().map(|g| g.to_value()).collect();
    let after = common::read_back("<converted>", &gateshift_manifest::write_yaml(&values));
    let after_refs: Vec<&Sourced> = after.iter().collect();
    let gateways = conversion
        .gateways
        .iter()
        .map(|g| {
            let options = RouterOptions {
                gateway: Some((g.gateway.namespace.clone(), g.gateway.name.clone())),
                ingress_classes: Vec::new(),
            };
            Model::Gateway.router(&after_refs, &options).expect("gateway router")
        })
        .collect::<Vec<_>>();
    assert!(!gateways.is_empty(), "examples/cluster converts to at least one Gateway");
    Routers { nginx, gateways }
}

thread_local! {
    static ROUTERS: Routers = build();
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.split('\n');
    let url = lines.next().unwrap_or_default();
    let has = |scheme: &str| url.get(..scheme.len()).is_some_and(|p| p.eq_ignore_ascii_case(scheme));
    let url = if has("http://") || has("https://") {
        url.to_string()
    } else {
        format!("http://{url}")
    };
    let method = lines.next().filter(|m| !m.is_empty()).unwrap_or("GET");
    let mut sni = None;
    let mut headers = Vec::new();
    for line in lines {
        match line.strip_prefix("sni=") {
            Some(name) => sni = Some(name),
            None => headers.push(line.to_string()),
        }
    }
    let Ok(request) = Request::new(&url, method, &headers) else {
        return;
    };
    let request = request.with_sni(sni);
    let _ = request.authority();
    let probes = [request];
    ROUTERS.with(|r| {
        let before = r.nginx.decide(&probes[0]);
        let _ = serde_json::to_string(&before).expect("a decision serializes");
        for gateway in &r.gateways {
            let after = gateway.decide(&probes[0]);
            let _ = serde_json::to_string(&after).expect("a decision serializes");
            let verification = gateshift_verify::verify(r.nginx.as_ref(), gateway.as_ref(), &probes);
            let _ = serde_json::to_string(&verification).expect("a verification serializes");
        }
    });
});
