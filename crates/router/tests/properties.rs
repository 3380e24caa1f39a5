//! Properties: PathPrefix matching is element-wise for random paths, in the helper and through the router;
//! a 1k-rule table routes every generated request to the rule it was generated for.

mod support;

use gateshift_router::{GatewayOptions, GatewayRouter, NginxOptions, NginxRouter, Outcome, path};
use proptest::prelude::*;
use support::{generate, sourced};

fn segment() -> impl Strategy<Value = String> {
    "[a-c]{1,3}"
}

fn segments() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(segment(), 0..4)
}

proptest! {
    #[test]
    fn prefix_match_is_segment_wise(prefix in segments(), rest in segments(), slash in any::<bool>(), tail in "[a-c]{0,2}") {
        let p = format!("/{}{}", prefix.join("/"), if slash && !prefix.is_empty() { "/" } else { "" });
        // A request under the prefix on element boundaries matches.
        let under = format!("/{}", prefix.iter().chain(rest.iter()).cloned().collect::<Vec<_>>().join("/"));
        prop_assert!(path::prefix_matches(&p, &under), "{p} should match {under}");
        // Extending the last element of the prefix with characters never matches.
        if !prefix.is_empty() && !tail.is_empty() {
            let glued = format!("/{}{tail}", prefix.join("/"));
            prop_assert!(!path::prefix_matches(&p, &glued), "{p} must not match {glued}");
        }
        // The definition: the path equals the prefix or continues it with `/`.
        let trimmed = p.trim_end_matches('/');
        let want = under == trimmed || under.starts_with(&format!("{trimmed}/")) || trimmed.is_empty();
        prop_assert_eq!(path::prefix_matches(&p, &under), want);
    }

    #[test]
    fn gateway_prefix_routing_is_segment_wise(prefix in prop::collection::vec(segment(), 1..3), req_segs in segments()) {
        let value = format!("/{}", prefix.join("/"));
        let objects = sourced(&format!(
            "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {{name: gw, namespace: ns}}\n\
             spec:\n  gatewayClassName: x\n  listeners: [{{name: http, port: 80, protocol: HTTP}}]\n---\n\
             apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: r, namespace: ns}}\n\
             spec:\n  parentRefs: [{{name: gw}}]\n  rules:\n  - matches: [{{path: {{type: PathPrefix, value: {value:?}}}}}]\n\
             \x20   backendRefs: [{{name: svc, port: 80}}]\n"
        ));
        let r = GatewayRouter::new(&objects, &GatewayOptions::default()).unwrap();
        let request_path = format!("/{}", req_segs.join("/"));
        let d = r.decide(&gateshift_router::Request::get(&format!("http://h{request_path}")).unwrap());
        prop_assert_eq!(d.status() == 200, path::prefix_matches(&value, &request_path), "{} vs {}", value, request_path);
    }
}

#[test]
fn thousand_rule_tables_route_every_request_to_its_rule() {
    let requests = generate::requests(1000, 200);
    let gw = GatewayRouter::new(&generate::gateway_objects(1000), &GatewayOptions::default()).unwrap();
    assert_eq!(gw.len(), 1000);
    let ng = NginxRouter::new(&generate::ingress_objects(1000), &NginxOptions::default());
    for r in &requests {
        let host = r
            .host
            .strip_suffix(".example.com")
            .unwrap()
            .trim_start_matches('h');
        let rule = r.path.split('/').nth(1).unwrap().trim_start_matches("svc");
        let want = format!("svc-{host}-{rule}");
        for d in [gw.decide(r), ng.decide(r)] {
            match &d.outcome {
                Outcome::Backend { backends, .. } => assert_eq!(backends[0].name, want, "{}", d.explain()),
                _ => panic!("{}", d.explain()),
            }
        }
    }
}

#[test]
fn decisions_do_not_depend_on_input_order() {
    let requests = generate::requests(300, 100);
    let mut objects = generate::gateway_objects(300);
    let forward = GatewayRouter::new(&objects, &GatewayOptions::default()).unwrap();
    objects.reverse();
    let backward = GatewayRouter::new(&objects, &GatewayOptions::default()).unwrap();
    let mut ingresses = generate::ingress_objects(300);
    let nginx_forward = NginxRouter::new(&ingresses, &NginxOptions::default());
    ingresses.reverse();
    let nginx_backward = NginxRouter::new(&ingresses, &NginxOptions::default());
    for r in &requests {
        assert_eq!(forward.decide(r), backward.decide(r));
        assert_eq!(nginx_forward.decide(r), nginx_backward.decide(r));
    }
}
