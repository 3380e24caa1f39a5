//! Helpers shared by the router tests.

#![allow(dead_code)]

#[path = "gen.rs"]
pub mod generate;

use std::sync::Arc;

use gateshift_api::{Object, Sourced};
use gateshift_manifest::{ReadOptions, Source};
use gateshift_router::{Decision, GatewayOptions, GatewayRouter, Outcome, Request};

/// The namespace of the conformance infrastructure (Gateways, most routes and backends).
pub const NS: &str = "gateway-conformance-infra";

/// Decodes every object of the files under the Gateway API conformance directory, with the documents they
/// came from (or skips: `None`).
pub fn conformance(files: &[&str]) -> Option<Vec<Sourced>> {
    let dir = gateshift_crd_validate::require_gateway_api_dir()?.join("conformance");
    let sources: Vec<Source> = files.iter().map(|f| Source::Path(dir.join(f))).collect();
    Some(read(&sources))
}

/// The Gateway API model of the Gateway `gateway` (in [`NS`]) over the conformance base manifests and
/// `tests/<test>.yaml` (or skips: `None`).
pub fn router(test: &str, gateway: &str) -> Option<GatewayRouter> {
    let objects = conformance(&["base/manifests.yaml", &format!("tests/{test}.yaml")])?;
    let options = GatewayOptions {
        gateway: Some((NS.to_string(), gateway.to_string())),
    };
    Some(GatewayRouter::new(&objects, &options).expect("the Gateway exists"))
}

/// Decodes YAML text, keeping the documents (the Gateway API model binds with `gateshift-check`, which needs
/// them).
pub fn sourced(text: &str) -> Vec<Sourced> {
    gateshift_manifest::read_str("input.yaml", text, &ReadOptions::default())
        .expect("readable YAML")
        .into_iter()
        .map(|d| gateshift_api::decode(Arc::new(d)).expect("decodable object"))
        .collect()
}

/// Decodes YAML text into objects (for the ingress-nginx model).
pub fn yaml(text: &str) -> Vec<Object> {
    sourced(text).into_iter().map(|s| s.object).collect()
}

fn read(sources: &[Source]) -> Vec<Sourced> {
    let docs =
        gateshift_manifest::read_sources(sources, &ReadOptions::default()).expect("readable manifests");
    docs.into_iter()
        .map(|d| gateshift_api::decode(Arc::new(d)).expect("decodable object"))
        .collect()
}

/// A request: `url`, method, headers.
pub fn req(url: &str, method: &str, headers: &[&str]) -> Request {
    let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    Request::new(url, method, &headers).expect("valid request")
}

/// The gRPC service of the conformance echo server.
pub const GRPC_ECHO: &str = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho";

/// A gRPC call of `method` of [`GRPC_ECHO`] (POST, `content-type: application/grpc`) with `headers`, to `gw`.
pub fn grpc(method: &str, headers: &[&str]) -> Request {
    grpc_to("gw", method, headers)
}

/// A gRPC call of `method` of [`GRPC_ECHO`] with `:authority` `host`.
pub fn grpc_to(host: &str, method: &str, headers: &[&str]) -> Request {
    let mut all = vec!["content-type: application/grpc"];
    all.extend_from_slice(headers);
    req(&format!("http://{host}/{GRPC_ECHO}/{method}"), "POST", &all)
}

/// The only backend's name (panics with the decision otherwise).
pub fn backend(d: &Decision) -> String {
    match &d.outcome {
        Outcome::Backend { backends, .. } if backends.len() == 1 => backends[0].name.clone(),
        _ => panic!("expected one backend, got:\n{}", d.explain()),
    }
}

/// (status, location) of a redirect.
pub fn redirect(d: &Decision) -> (u16, String) {
    match &d.outcome {
        Outcome::Redirect { status, location } => (*status, location.clone()),
        _ => panic!("expected a redirect, got:\n{}", d.explain()),
    }
}

/// The upstream (host, path).
pub fn upstream(d: &Decision) -> (String, String) {
    match &d.outcome {
        Outcome::Backend { upstream_request, .. } => {
            (upstream_request.host.clone(), upstream_request.path.clone())
        }
        _ => panic!("expected a backend, got:\n{}", d.explain()),
    }
}

/// `GatewayHTTPListenerIsolation` and its hostname-intersection variant: four listeners (no hostname,
/// `*.example.com`, `*.foo.example.com`, `abc.foo.example.com`) each with a route on its own path; a request is
/// served only on the path of the most specific listener matching its host, and is 404 on the others.
pub fn assert_listener_isolation(r: &GatewayRouter) {
    let paths = [
        "/empty-hostname",
        "/wildcard-example-com",
        "/wildcard-foo-example-com",
        "/abc-foo-example-com",
    ];
    for (host, own) in [
        ("bar.com", 0),
        ("bar.example.com", 1),
        ("bar.foo.example.com", 2),
        ("abc.foo.example.com", 3),
    ] {
        for (i, path) in paths.iter().enumerate() {
            let d = r.decide(&req(&format!("http://{host}{path}"), "GET", &[]));
            if i == own {
                assert_eq!(backend(&d), "infra-backend-v1", "{host}{path}\n{}", d.explain());
            } else {
                assert_eq!(d.status(), 404, "{host}{path}\n{}", d.explain());
            }
        }
    }
}
