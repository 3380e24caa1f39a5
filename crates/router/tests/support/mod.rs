//! Helpers shared by the router tests.

#![allow(dead_code)]

#[path = "gen.rs"]
pub mod generate;

use std::sync::Arc;

use gateshift_api::{Object, Sourced};
use gateshift_manifest::{ReadOptions, Source};
use gateshift_router::{Decision, Outcome, Request};

/// Decodes every object of the files under the Gateway API conformance directory, with the documents they
/// came from (or skips: `None`).
pub fn conformance(files: &[&str]) -> Option<Vec<Sourced>> {
    let dir = gateshift_crd_validate::require_gateway_api_dir()?.join("conformance");
    let sources: Vec<Source> = files.iter().map(|f| Source::Path(dir.join(f))).collect();
    Some(read(&sources))
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
