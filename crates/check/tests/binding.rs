//! Binding beyond the conformance suite: namespace selectors, Unknown when Services or Secrets are not given,
//! the migration pitfalls (GS3xxx), and determinism. Objects are built from small YAML snippets.

use std::sync::Arc;

use gateshift_check::{Options, Outcome, binding, check};
use serde_json::Value;

fn run(yaml: &str) -> Outcome {
    let docs = gateshift_manifest::read_str("t.yaml", yaml, &Default::default()).expect("parses");
    let objects: Vec<_> = docs
        .into_iter()
        .map(|d| gateshift_api::decode(Arc::new(d)).expect("decodes"))
        .collect();
    check(&objects, &Options::default())
}

fn codes(o: &Outcome) -> Vec<&'static str> {
    o.findings.iter().map(|f| f.code).collect()
}

fn parent_condition(o: &Outcome, route: &str, type_: &str) -> (String, String) {
    let r = &o.items.iter().find(|i| i.object.name == route).unwrap().value();
    let c = r["status"]["parents"][0]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == type_)
        .unwrap();
    (
        c["status"].as_str().unwrap().into(),
        c["reason"].as_str().unwrap().into(),
    )
}

const GATEWAY: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: example
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Selector
        selector:
          matchLabels: {team: web}
";

fn route(ns: &str, name: &str, rules: &str) -> String {
    format!(
        "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: {name}, namespace: {ns}}}\nspec:\n  parentRefs:\n  - {{name: gw, namespace: infra}}\n  rules:\n{rules}"
    )
}

const BACKEND: &str = "  - backendRefs:\n    - {name: app, port: 80}\n";

#[test]
fn selector_uses_namespace_labels_and_the_name_label() {
    let ns = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {team: web}}\n";
    let o = run(&format!(
        "{GATEWAY}{ns}{}{}",
        route("shop", "a", BACKEND),
        route("blog", "b", BACKEND)
    ));
    assert_eq!(
        parent_condition(&o, "a", "Accepted"),
        ("True".into(), "Accepted".into())
    );
    assert_eq!(
        parent_condition(&o, "b", "Accepted"),
        ("False".into(), "NotAllowedByListeners".into())
    );
    // blog is not in the input: only its name label was seen, and the check says so.
    assert!(
        o.findings
            .iter()
            .any(|f| f.code == "GS4004" && f.object.name == "b")
    );
    let by_name = GATEWAY.replace(
        "matchLabels: {team: web}",
        "matchLabels: {kubernetes.io/metadata.name: blog}",
    );
    let o = run(&format!("{by_name}{}", route("blog", "b", BACKEND)));
    assert_eq!(
        parent_condition(&o, "b", "Accepted"),
        ("True".into(), "Accepted".into())
    );
}

#[test]
fn unknown_services_are_unknown_not_guessed() {
    let gw = GATEWAY.replace("from: Selector", "from: All");
    let o = run(&format!("{gw}{}", route("shop", "a", BACKEND)));
    assert_eq!(
        parent_condition(&o, "a", "ResolvedRefs"),
        ("Unknown".into(), "Pending".into())
    );
    assert!(o.is_clean(), "{:#?}", o.findings);
    assert!(codes(&o).contains(&"GS4001"));
    let svc = "---\napiVersion: v1\nkind: Service\nmetadata: {name: app, namespace: shop}\nspec:\n  ports:\n  - {port: 8080}\n";
    let o = run(&format!("{gw}{svc}{}", route("shop", "a", BACKEND)));
    assert_eq!(
        parent_condition(&o, "a", "ResolvedRefs"),
        ("False".into(), "BackendNotFound".into())
    );
    let f = o.findings.iter().find(|f| f.code == "GS2006").unwrap();
    assert_eq!((f.field.as_str(), f.line), ("spec.rules[0].backendRefs[0]", 31));
    assert!(
        f.message.contains("has no port 80 (ports: 8080)"),
        "{}",
        f.message
    );
}

#[test]
fn pitfalls_weights_shadowing_and_grpc_on_one_hostname() {
    let gw = GATEWAY.replace("from: Selector", "from: All");
    let zero =
        "  - backendRefs:\n    - {name: a, port: 80, weight: 0}\n    - {name: b, port: 80, weight: 0}\n";
    let percent = "  - matches:\n    - path: {value: /p}\n    backendRefs:\n    - {name: a, port: 80, weight: 70}\n    - {name: b, port: 80, weight: 20}\n";
    let o = run(&format!(
        "{gw}{}{}",
        route("shop", "z", zero),
        route("shop", "w", percent)
    ));
    assert!(codes(&o).contains(&"GS3002"), "{:?}", codes(&o));
    let f = o.findings.iter().find(|f| f.code == "GS3003").unwrap();
    assert!(f.message.contains("77.8%, 22.2%"), "{}", f.message);

    // The same PathPrefix / claimed twice in one namespace: the later route is shadowed.
    let o = run(&format!(
        "{gw}{}{}",
        route("shop", "first", BACKEND),
        route("shop", "second", BACKEND)
    ));
    let named = |o: &Outcome, code: &str| -> Vec<String> {
        o.findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| f.object.name.clone())
            .collect()
    };
    assert_eq!(named(&o, "GS3005"), ["second"]);
    // Across namespaces: blog/third is first by namespace/name and wins over both shop routes.
    let o = run(&format!(
        "{gw}{}{}{}",
        route("shop", "first", BACKEND),
        route("shop", "second", BACKEND),
        route("blog", "third", BACKEND)
    ));
    assert_eq!(named(&o, "GS3006"), ["first", "second"]);

    let grpc = "---\napiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: g, namespace: shop}\nspec:\n  parentRefs:\n  - {name: gw, namespace: infra}\n  hostnames: [api.example.com]\n  rules:\n  - backendRefs:\n    - {name: grpc, port: 50051}\n";
    let http =
        route("shop", "h", BACKEND).replace("  rules:\n", "  hostnames: [api.example.com]\n  rules:\n");
    let o = run(&format!("{gw}{http}{grpc}"));
    assert!(codes(&o).contains(&"GS3004"), "{:?}", codes(&o));
    assert!(
        codes(&o).contains(&"GS3008"),
        "gRPC on a cleartext listener: {:?}",
        codes(&o)
    );
}

#[test]
fn gateway_listener_conflicts_pick_no_winner() {
    let gw = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: example
  listeners:
  - {name: web, port: 80, protocol: HTTP}
  - {name: db, port: 80, protocol: TCP}
  - {name: ok, port: 81, protocol: HTTP}
";
    let o = run(gw);
    let g = &o.items[0].value()["status"];
    for (i, name) in [(0, "web"), (1, "db")] {
        let l = &g["listeners"][i];
        assert_eq!(l["name"], name);
        let conflicted = l["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["type"] == "Conflicted")
            .unwrap();
        assert_eq!(
            (&conflicted["status"], &conflicted["reason"]),
            (&Value::from("True"), &Value::from("ProtocolConflict"))
        );
    }
    let accepted = g["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Accepted")
        .unwrap();
    assert_eq!(
        (&accepted["status"], &accepted["reason"]),
        (&Value::from("True"), &Value::from("ListenersNotValid"))
    );
    assert!(!o.is_clean());
}

#[test]
fn output_does_not_depend_on_input_order() {
    let gw = GATEWAY.replace("from: Selector", "from: All");
    let docs: Vec<String> = [
        gw,
        route("shop", "a", BACKEND),
        route("blog", "b", BACKEND),
        route("shop", "a2", BACKEND),
    ]
    .iter()
    .map(|d| d.trim_start_matches("---\n").to_string())
    .collect();
    // Positions differ with the order; everything else must not.
    let render = |o: &Outcome| {
        let items: Vec<Value> = o.items.iter().map(|i| i.value()).collect();
        let mut findings: Vec<String> = o
            .findings
            .iter()
            .map(|f| format!("{} {} {} {}", f.code, f.object, f.field, f.message))
            .collect();
        findings.sort();
        serde_json::to_string(&(items, findings)).unwrap()
    };
    let forward = render(&run(&docs.join("---\n")));
    let mut reversed = docs.clone();
    reversed.reverse();
    let backward = render(&run(&reversed.join("---\n")));
    assert_eq!(forward, backward);
}

const OPEN_GATEWAY: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: example
  listeners:
  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
";

fn backend_tls_policy(name: &str, target: &str, ca: &str) -> String {
    format!(
        "---\napiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata: {{name: {name}, namespace: apps}}\nspec:\n  targetRefs:\n  - {target}\n  validation:\n    caCertificateRefs:\n    - {ca}\n    hostname: app.internal\n"
    )
}

fn policy_ancestors(o: &Outcome, name: &str) -> Vec<Value> {
    let p = &o
        .items
        .iter()
        .find(|i| i.object.kind == "BackendTLSPolicy" && i.object.name == name)
        .unwrap()
        .value();
    p["status"]["ancestors"].as_array().unwrap().clone()
}

fn policy_state(ancestor: &Value, type_: &str) -> (String, String) {
    let c = ancestor["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == type_)
        .unwrap();
    (
        c["status"].as_str().unwrap().into(),
        c["reason"].as_str().unwrap().into(),
    )
}

#[test]
fn backend_tls_policy_without_configmaps_or_with_a_secret_is_unknown_not_an_error() {
    let mut yaml = OPEN_GATEWAY.to_string();
    yaml.push_str(&route("apps", "web", BACKEND));
    yaml.push_str(&backend_tls_policy(
        "cm",
        "{group: \"\", kind: Service, name: app}",
        "{group: \"\", kind: ConfigMap, name: app-ca}",
    ));
    let o = run(&yaml);
    let a = policy_ancestors(&o, "cm");
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["ancestorRef"]["name"], "gw");
    assert_eq!(a[0]["ancestorRef"]["namespace"], "infra");
    assert_eq!(a[0]["controllerName"], "gateshift.dev/offline-check");
    assert_eq!(
        policy_state(&a[0], "Accepted"),
        ("True".into(), "Accepted".into())
    );
    assert_eq!(
        policy_state(&a[0], "ResolvedRefs"),
        ("Unknown".into(), "Pending".into())
    );
    assert!(codes(&o).contains(&"GS4005"), "{:?}", codes(&o));
    assert!(o.is_clean());

    // A CA in a Secret: implementation-specific, Unknown with an info finding even when ConfigMaps are given.
    let mut yaml = OPEN_GATEWAY.to_string();
    yaml.push_str(&route("apps", "web", BACKEND));
    yaml.push_str(&backend_tls_policy(
        "secret",
        "{group: \"\", kind: Service, name: app}",
        "{group: \"\", kind: Secret, name: app-ca}",
    ));
    yaml.push_str(
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: other, namespace: apps}\ndata: {}\n",
    );
    let o = run(&yaml);
    let a = policy_ancestors(&o, "secret");
    assert_eq!(
        policy_state(&a[0], "Accepted"),
        ("True".into(), "Accepted".into())
    );
    assert_eq!(
        policy_state(&a[0], "ResolvedRefs"),
        ("Unknown".into(), "Pending".into())
    );
    let f = o.findings.iter().find(|f| f.code == "GS4006").expect("GS4006");
    assert!(f.message.contains("implementation-specific") && f.message.contains("ConfigMap"));
    assert!(o.is_clean(), "{:#?}", o.findings);
}

#[test]
fn backend_tls_policy_for_an_unused_service_or_port_has_no_ancestors() {
    let mut yaml = OPEN_GATEWAY.to_string();
    yaml.push_str(&route("apps", "web", BACKEND));
    yaml.push_str(&backend_tls_policy(
        "other-service",
        "{group: \"\", kind: Service, name: other}",
        "{group: \"\", kind: ConfigMap, name: ca}",
    ));
    yaml.push_str(&backend_tls_policy(
        "no-such-port",
        "{group: \"\", kind: Service, name: app, sectionName: https}",
        "{group: \"\", kind: ConfigMap, name: ca}",
    ));
    yaml.push_str(&backend_tls_policy(
        "named-port",
        "{group: \"\", kind: Service, name: app, sectionName: http}",
        "{group: \"\", kind: ConfigMap, name: ca}",
    ));
    yaml.push_str(
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: app, namespace: apps}\nspec:\n  ports:\n  - {name: http, port: 80}\n",
    );
    yaml.push_str(
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ca, namespace: apps}\ndata:\n  ca.crt: \"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\"\n",
    );
    let o = run(&yaml);
    assert!(policy_ancestors(&o, "other-service").is_empty());
    assert!(policy_ancestors(&o, "no-such-port").is_empty());
    let a = policy_ancestors(&o, "named-port");
    assert_eq!(
        policy_state(&a[0], "ResolvedRefs"),
        ("True".into(), "ResolvedRefs".into())
    );
    let unused: Vec<&str> = o
        .findings
        .iter()
        .filter(|f| f.code == "GS3010")
        .map(|f| f.object.name.as_str())
        .collect();
    assert_eq!(unused.len(), 2, "{unused:?}");
    assert!(unused.contains(&"other-service") && unused.contains(&"no-such-port"));
    let port = o
        .findings
        .iter()
        .find(|f| f.code == "GS3010" && f.object.name == "no-such-port")
        .unwrap();
    assert!(port.message.contains("no port named https"), "{}", port.message);
    assert!(o.is_clean(), "{:#?}", o.findings);
}

/// The binding as data: listeners in precedence order with the ones that lost a conflict marked, the routes
/// accepted on each with intersected hostnames, dropped rules and unresolved backendRefs; `binding()` is the same
/// as `check`'s.
#[test]
fn binding_lists_usable_listeners_accepted_routes_and_backend_states() {
    let input = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: example
  allowedListeners: {namespaces: {from: All}}
  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: '*.example.com', allowedRoutes: {namespaces: {from: All}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: newer, namespace: apps, creationTimestamp: '2024-02-01T00:00:00Z'}
spec:
  parentRef: {name: gw, namespace: infra}
  listeners:
  - {name: dup, port: 80, protocol: HTTP, hostname: '*.example.com'}
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: older, namespace: apps, creationTimestamp: '2024-01-01T00:00:00Z'}
spec:
  parentRef: {name: gw, namespace: infra}
  listeners:
  - {name: own, port: 80, protocol: HTTP, hostname: own.example.org}
---
apiVersion: v1
kind: Service
metadata: {name: app, namespace: apps}
spec: {ports: [{port: 80}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: apps}
spec:
  parentRefs:
  - {name: gw, namespace: infra}
  - {name: gw, namespace: infra, sectionName: http}
  hostnames: [a.example.com, '*.example.com', other.org]
  rules:
  - filters: [{type: VendorFilter}]
    backendRefs: [{name: app, port: 80}]
  - backendRefs: [{name: app, port: 80}, {name: app, port: 81}, {name: missing, port: 80}]
";
    let o = run(input);
    let docs = gateshift_manifest::read_str("t.yaml", input, &Default::default()).unwrap();
    let objects: Vec<_> = docs
        .into_iter()
        .map(|d| gateshift_api::decode(Arc::new(d)).unwrap())
        .collect();
    let refs: Vec<_> = objects.iter().collect();
    assert_eq!(binding(&refs, &Options::default()), o.binding);

    let b = &o.binding;
    assert_eq!(b.gateways.len(), 1);
    let g = &b.gateways[0];
    assert_eq!(
        (g.gateway.namespace.as_str(), g.gateway.name.as_str(), g.index),
        ("infra", "gw", 0)
    );
    let listeners: Vec<(&str, &str, bool)> = g
        .listeners
        .iter()
        .map(|l| (l.owner.name.as_str(), l.name.as_str(), l.is_usable()))
        .collect();
    // The Gateway's own, then the sets oldest first; `dup` loses to the Gateway's `http`.
    assert_eq!(
        listeners,
        [
            ("gw", "http", true),
            ("older", "own", true),
            ("newer", "dup", false)
        ]
    );
    assert_eq!(
        g.listeners[2].problem.as_ref().map(|p| p.reason),
        Some("HostnameConflict")
    );
    assert!(g.listeners[2].routes.is_empty());
    // Two parentRefs select `http`: the route is listed once, with its hostnames intersected.
    let http = &g.listeners[0];
    assert_eq!(http.routes.len(), 1);
    assert_eq!(http.routes[0].hostnames, ["a.example.com", "*.example.com"]);
    let route = &b.routes[http.routes[0].route];
    assert_eq!((route.route.name.as_str(), route.index), ("r", 4));
    assert_eq!(route.rules.len(), 2);
    assert!(
        route.rules[0]
            .dropped
            .as_deref()
            .is_some_and(|d| d.contains("VendorFilter"))
    );
    let reasons: Vec<Option<&str>> = route.rules[1]
        .backend_refs
        .iter()
        .map(|p| p.as_ref().map(|p| p.reason))
        .collect();
    assert_eq!(reasons, [None, Some("BackendNotFound"), Some("BackendNotFound")]);
    assert_eq!(route.rules[0].backend_refs, [None]);
}
