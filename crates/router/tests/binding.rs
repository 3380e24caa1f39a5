//! The Gateway API model routes what `gateshift-check`'s binding accepts: a listener that is not accepted
//! (conflicted) serves nothing, a dropped rule is not routed, a route with every rule dropped is not attached,
//! an unresolved backendRef keeps its share as a 500, and plain HTTP has no SNI.

mod support;

use gateshift_router::{GatewayOptions, GatewayRouter, Outcome};
use support::{backend, req, sourced};

const INPUT: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: example
  allowedListeners: {namespaces: {from: All}}
  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: a.example.com, allowedRoutes: {namespaces: {from: All}}}
  - {name: plain-8443, port: 8443, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
  - name: tls-8443
    port: 8443
    protocol: HTTPS
    allowedRoutes: {namespaces: {from: All}}
    tls: {certificateRefs: [{name: cert}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: late, namespace: apps, creationTimestamp: "2024-01-01T00:00:00Z"}
spec:
  parentRef: {name: gw, namespace: infra}
  listeners:
  - {name: same-host, port: 80, protocol: HTTP, hostname: a.example.com}
  - {name: b, port: 80, protocol: HTTP, hostname: b.example.com}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: on-gateway, namespace: apps}
spec:
  parentRefs: [{name: gw, namespace: infra, sectionName: http}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /x}}]
    filters: [{type: ExampleVendorFilter}]
    backendRefs: [{name: dropped, port: 80}]
  - backendRefs: [{name: gw-app, port: 80}, {name: elsewhere, namespace: other, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: on-set, namespace: apps}
spec:
  parentRefs:
  - {group: gateway.networking.k8s.io, kind: ListenerSet, name: late}
  rules:
  - backendRefs: [{name: set-app, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: conflicted, namespace: apps}
spec:
  parentRefs: [{name: gw, namespace: infra, port: 8443}]
  rules:
  - backendRefs: [{name: never, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: all-dropped, namespace: apps}
spec:
  parentRefs: [{name: gw, namespace: infra, sectionName: http}]
  hostnames: [a.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /gone}}]
    filters: [{type: ExampleVendorFilter}]
    backendRefs: [{name: never, port: 80}]
"#;

fn router() -> GatewayRouter {
    GatewayRouter::new(&sourced(INPUT), &GatewayOptions::default()).expect("one Gateway")
}

#[test]
fn a_listener_that_loses_a_conflict_serves_nothing() {
    let r = router();
    // The ListenerSet's `same-host` loses to the Gateway's `http` (same port and hostname): the route attached
    // to the set reaches b.example.com through its other listener only.
    let d = r.decide(&req("http://a.example.com/", "GET", &[]));
    assert_eq!(backend_names(&d), ["gw-app", "elsewhere"], "{}", d.explain());
    assert_eq!(
        backend(&r.decide(&req("http://b.example.com/", "GET", &[]))),
        "set-app"
    );
    // HTTP and HTTPS on one port: a protocol conflict among the Gateway's own listeners, no winner.
    for url in ["http://c.example.com:8443/", "https://c.example.com:8443/"] {
        let d = r.decide(&req(url, "GET", &[]));
        assert_eq!(d.status(), 404, "{url}\n{}", d.explain());
        let Outcome::Response { reason, .. } = &d.outcome else {
            unreachable!()
        };
        assert!(reason.contains("is not accepted: ProtocolConflict"), "{reason}");
    }
}

fn backend_names(d: &gateshift_router::Decision) -> Vec<String> {
    match &d.outcome {
        Outcome::Backend { backends, .. } => backends.iter().map(|b| b.name.clone()).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn dropped_rules_do_not_route_and_unresolved_backends_answer_500() {
    let r = router();
    // rules[0] has an unsupported filter type: dropped, so /x falls to rules[1].
    let d = r.decide(&req("http://a.example.com/x", "GET", &[]));
    assert_eq!(
        d.matched.as_ref().map(|m| m.rule),
        Some(Some(1)),
        "{}",
        d.explain()
    );
    let Outcome::Backend { backends, .. } = &d.outcome else {
        panic!("{}", d.explain())
    };
    // No Services in the input: gw-app is assumed to exist; the cross-namespace one has no ReferenceGrant.
    assert_eq!(backends[0].status, None);
    assert_eq!(backends[1].status, Some(500));
    let why = backends[1].reason.as_deref().unwrap_or_default();
    assert!(why.starts_with("RefNotPermitted: "), "{why}");
    // Every rule of `all-dropped` is dropped: the route is not accepted, /gone is routed by `on-gateway`.
    let d = r.decide(&req("http://a.example.com/gone", "GET", &[]));
    assert_eq!(d.matched.as_ref().map(|m| m.name.as_str()), Some("on-gateway"));
    assert!(d.candidates.is_empty(), "{}", d.explain());
}

#[test]
fn plain_http_ignores_the_sni() {
    let r = router();
    let d = r.decide(&req("http://b.example.com/", "GET", &[]).with_sni(Some("a.example.com")));
    assert_eq!(backend(&d), "set-app");
}
