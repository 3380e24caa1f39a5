//! Generated tables for the benchmark and the table-size test: `n` rules, 10 per host.

#![allow(dead_code)]

use std::sync::Arc;

use gateshift_api::{
    Object, Sourced,
    meta::ObjectMeta,
    networking::{Ingress, IngressSpec},
};
use gateshift_manifest::ReadOptions;
use gateshift_router::Request;
use serde_json::json;

/// Rules per host.
pub const PER_HOST: usize = 10;

fn meta(name: &str) -> ObjectMeta {
    ObjectMeta {
        name: name.to_string(),
        namespace: Some("apps".to_string()),
        creation_timestamp: Some("2024-01-01T00:00:00Z".to_string()),
        ..ObjectMeta::default()
    }
}

/// One Gateway (HTTP on 80) and one HTTPRoute per host with [`PER_HOST`] PathPrefix rules, read from YAML
/// (the Gateway API model binds with `gateshift-check`, which needs the documents).
pub fn gateway_objects(rules: usize) -> Vec<Sourced> {
    let mut text = String::from(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: apps}\n\
         spec:\n  gatewayClassName: x\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n",
    );
    for h in 0..rules.div_ceil(PER_HOST) {
        text.push_str(&format!(
            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r{h}\n  \
             namespace: apps\n  creationTimestamp: \"2024-01-01T00:00:00Z\"\nspec:\n  parentRefs: [{{name: gw}}]\n  \
             hostnames: [h{h}.example.com]\n  rules:\n"
        ));
        for r in 0..PER_HOST {
            text.push_str(&format!(
                "  - matches: [{{path: {{type: PathPrefix, value: /svc{r}/api}}}}]\n    \
                 backendRefs: [{{name: svc-{h}-{r}, port: 80}}]\n"
            ));
        }
    }
    gateshift_manifest::read_str("generated.yaml", &text, &ReadOptions::default())
        .expect("readable YAML")
        .into_iter()
        .map(|d| gateshift_api::decode(Arc::new(d)).expect("decodable object"))
        .collect()
}

/// One Ingress per host with [`PER_HOST`] Prefix paths.
pub fn ingress_objects(rules: usize) -> Vec<Object> {
    (0..rules.div_ceil(PER_HOST))
        .map(|h| {
            let paths: Vec<_> = (0..PER_HOST)
                .map(|r| {
                    json!({"path": format!("/svc{r}/api"), "pathType": "Prefix",
                           "backend": {"service": {"name": format!("svc-{h}-{r}"), "port": {"number": 80}}}})
                })
                .collect();
            let spec: IngressSpec = serde_json::from_value(
                json!({"rules": [{"host": format!("h{h}.example.com"), "http": {"paths": paths}}]}),
            )
            .expect("valid Ingress spec");
            Object::Ingress(Ingress {
                api_version: "networking.k8s.io/v1".to_string(),
                metadata: meta(&format!("i{h}")),
                spec,
                ..Ingress::default()
            })
        })
        .collect()
}

/// `count` requests spread over the hosts and paths of a table of `rules` rules (deterministic).
pub fn requests(rules: usize, count: usize) -> Vec<Request> {
    let hosts = rules.div_ceil(PER_HOST) as u64;
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let h = x % hosts;
            let r = (x >> 32) % PER_HOST as u64;
            Request::get(&format!("http://h{h}.example.com/svc{r}/api/items/{x}")).expect("valid URL")
        })
        .collect()
}
