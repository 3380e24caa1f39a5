//! `GS3011` (a RegularExpression match that RE2 cannot compile) and `GS3012` (a field the API server would
//! prune), each a warning at the value or key at fault.

use std::sync::Arc;

use gateshift_check::{Finding, Options, Severity, check};

const ROUTE: &str = r#"apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: storefront
  namespace: shop
spec:
  parentRefs:
    - name: shared
  hostname: shop.example.com
  rules:
    - matches:
        - path:
            type: RegularExpression
            value: "/api/(?!internal).*"
          headers:
            - name: x-version
              type: RegularExpression
              value: "(v1)\\1"
          queryParams:
            - name: q
              type: RegularExpression
              value: "[a-"
        - path:
            type: RegularExpression
            value: "/shop/[0-9]+"
      sessionPersistence:
        type: Cookie
      backendRefs:
        - name: storefront
          port: 80
          wieght: 10
"#;

fn findings(text: &str) -> Vec<Finding> {
    let docs = gateshift_manifest::read_str("route.yaml", text, &Default::default()).expect("parses");
    let objects: Vec<_> = docs
        .into_iter()
        .map(|d| gateshift_api::decode(Arc::new(d)).expect("decodes"))
        .collect();
    check(&objects, &Options::default()).findings
}

#[test]
fn invalid_re2_and_pruned_fields_are_warnings_at_the_field() {
    let all = findings(ROUTE);
    let got: Vec<(&str, String, u32, u32)> = all
        .iter()
        .filter(|f| f.code == "GS3011" || f.code == "GS3012")
        .map(|f| (f.code, f.field.clone(), f.line, f.column))
        .collect();
    let want = [
        ("GS3011", "spec.rules[0].matches[0].path.value", 14, 20),
        ("GS3011", "spec.rules[0].matches[0].headers[0].value", 18, 22),
        ("GS3011", "spec.rules[0].matches[0].queryParams[0].value", 22, 22),
        ("GS3012", "spec.hostname", 9, 3),
        ("GS3012", "spec.rules[0].sessionPersistence", 26, 7),
        ("GS3012", "spec.rules[0].backendRefs[0].wieght", 31, 11),
    ];
    for (code, field, line, column) in want {
        assert!(
            got.contains(&(code, field.to_string(), line, column)),
            "missing {code} {field} {line}:{column} in {got:#?}"
        );
    }
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for f in all.iter().filter(|f| f.code == "GS3011" || f.code == "GS3012") {
        assert_eq!(f.severity, Severity::Warning, "{f:?}");
    }
    let lookahead = all
        .iter()
        .find(|f| f.field == "spec.rules[0].matches[0].path.value")
        .unwrap();
    assert!(
        lookahead
            .message
            .contains("negative look-ahead `(?!` is not supported"),
        "{}",
        lookahead.message
    );
    let pruned = all.iter().find(|f| f.field == "spec.hostname").unwrap();
    assert_eq!(
        pruned.message,
        "hostname: unknown field, the API server would prune it"
    );
}
