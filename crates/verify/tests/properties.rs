//! Properties of the comparison: a configuration is equivalent to itself (whatever the order of its objects),
//! and changing the backend of any single path is detected, with that path in the witness.

use std::sync::Arc;

use gateshift_api::Sourced;
use gateshift_verify::{SideOptions, probes, router_for, verify};
use proptest::prelude::*;

/// A random set of Ingresses: (host index, path index, pathType exact?, service index) per path, one
/// Ingress per path, distinct (host, path) pairs so every path is reachable.
fn config() -> impl Strategy<Value = Vec<(usize, usize, bool, usize)>> {
    proptest::collection::btree_map((0usize..3, 0usize..5), (any::<bool>(), 0usize..4), 1..10).prop_map(|m| {
        m.into_iter()
            .map(|((h, p), (exact, s))| (h, p, exact, s))
            .collect()
    })
}

const HOSTS: [&str; 3] = ["a.example.com", "b.example.com", "*.wild.example.com"];
const PATHS: [&str; 5] = ["/", "/api", "/api/v1", "/static/", "/apix"];

fn yaml(cfg: &[(usize, usize, bool, usize)], changed: Option<usize>) -> String {
    let mut out = String::new();
    for (i, &(h, p, exact, s)) in cfg.iter().enumerate() {
        let service = if changed == Some(i) {
            "changed".to_string()
        } else {
            format!("svc{s}")
        };
        out.push_str(&format!(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ing{i}\n  namespace: ns\n  creationTimestamp: \"2024-01-{:02}T00:00:00Z\"\nspec:\n  rules:\n  - host: \"{}\"\n    http:\n      paths:\n      - path: {}\n        pathType: {}\n        backend:\n          service:\n            name: {service}\n            port:\n              number: 80\n---\n",
            i + 1,
            HOSTS[h],
            PATHS[p],
            if exact { "Exact" } else { "Prefix" },
        ));
    }
    out
}

fn objects(text: &str) -> Vec<Sourced> {
    gateshift_manifest::read_str("random.yaml", text, &Default::default())
        .unwrap()
        .into_iter()
        .map(|d| gateshift_api::decode(Arc::new(d)).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_configuration_is_equivalent_to_itself_in_any_order(cfg in config()) {
        let a = objects(&yaml(&cfg, None));
        let mut reversed: Vec<&Sourced> = a.iter().collect();
        reversed.reverse();
        let forward: Vec<&Sourced> = a.iter().collect();
        let options = SideOptions::default();
        let before = router_for("before", &forward, &options).unwrap();
        let after = router_for("after", &reversed, &options).unwrap();
        let p = probes(&[&forward, &reversed]);
        let v = verify(before.as_ref(), after.as_ref(), &p);
        prop_assert!(v.equivalent, "{}", v.to_text());
    }

    #[test]
    fn changing_one_backend_is_detected(cfg in config(), pick in any::<proptest::sample::Index>()) {
        let i = pick.index(cfg.len());
        let a = objects(&yaml(&cfg, None));
        let b = objects(&yaml(&cfg, Some(i)));
        let (ra, rb): (Vec<&Sourced>, Vec<&Sourced>) = (a.iter().collect(), b.iter().collect());
        let options = SideOptions::default();
        let before = router_for("before", &ra, &options).unwrap();
        let after = router_for("after", &rb, &options).unwrap();
        let v = verify(before.as_ref(), after.as_ref(), &probes(&[&ra, &rb]));
        prop_assert!(!v.equivalent);
        prop_assert!(v.groups.iter().all(|g| g.cause == "backend"), "{}", v.to_text());
        let path = PATHS[cfg[i].1].trim_end_matches('/');
        prop_assert!(
            v.groups.iter().flat_map(|g| &g.examples).any(|e| e.request.url.contains(path)
                && e.after.contains("changed")),
            "{}", v.to_text()
        );
    }
}
