//! ListenerSets: their listeners serve the routes that name them, when the Gateway's `allowedListeners` admits
//! their namespace; a ListenerSet it does not admit serves nothing.

mod support;

use gateshift_router::{GatewayOptions, GatewayRouter};
use support::{backend, req, sourced};

const INPUT: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: example
  allowedListeners:
    namespaces:
      from: Selector
      selector:
        matchExpressions:
        - {key: kubernetes.io/metadata.name, operator: In, values: [apps]}
  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: gw.example.com}
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: apps, namespace: apps}
spec:
  parentRef: {name: gw, namespace: infra}
  listeners:
  - name: http-a
    port: 80
    protocol: HTTP
    hostname: a.example.com
    allowedRoutes: {namespaces: {from: Same}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: other, namespace: other}
spec:
  parentRef: {name: gw, namespace: infra}
  listeners:
  - {name: http-b, port: 80, protocol: HTTP, hostname: b.example.com, allowedRoutes: {namespaces: {from: Same}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: a, namespace: apps}
spec:
  parentRefs:
  - {group: gateway.networking.k8s.io, kind: ListenerSet, name: apps, sectionName: http-a}
  rules:
  - backendRefs: [{name: app-a, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: b, namespace: other}
spec:
  parentRefs:
  - {group: gateway.networking.k8s.io, kind: ListenerSet, name: other, sectionName: http-b}
  rules:
  - backendRefs: [{name: app-b, port: 8080}]
"#;

#[test]
fn listener_set_listeners_route_when_the_gateway_admits_them() {
    let objects = sourced(INPUT);
    let router = GatewayRouter::new(objects.iter(), &GatewayOptions::default()).unwrap();
    assert_eq!(
        backend(&router.decide(&req("http://a.example.com/x", "GET", &[]))),
        "app-a"
    );
    // `other` is not admitted by allowedListeners: its listener does not exist, nothing serves b.
    assert_eq!(
        router.decide(&req("http://b.example.com/x", "GET", &[])).status(),
        404
    );
}
