//! Walks the whole annotation catalogue: an Ingress that sets every ingress-nginx annotation (a canary Ingress
//! for the canary ones, a third for the snippets) is converted by the real binary, and the report must give
//! every annotation its own line, none of them the "gateshift did not account for it" fallback, while every
//! object written still passes the official CRD rules.

mod common;

use std::fmt::Write as _;

use common::{run, validator, workspace_root};
use gateshift_convert::catalogue::{CATALOGUE, NGINX_PREFIX, Syntax};

/// A value ingress-nginx accepts for the annotation, chosen so that the conversions really run.
fn sample(name: &str, syntax: Syntax) -> String {
    let special = match name {
        "rewrite-target" => "/$2",
        "app-root" => "/home",
        "x-forwarded-prefix" => "/api",
        "upstream-vhost" => "backend.internal",
        "permanent-redirect" | "temporal-redirect" => "https://elsewhere.example.com/",
        "permanent-redirect-code" => "308",
        "temporal-redirect-code" => "307",
        "backend-protocol" => "HTTPS",
        "proxy-ssl-verify" => "on",
        "proxy-ssl-secret" => "walk/backend-ca",
        "proxy-ssl-name" => "backend.internal",
        "custom-headers" => "walk/extra-headers",
        "mirror-target" => "http://shadow.walk.svc:8080$request_uri",
        "cors-allow-origin" => "https://app.example.com",
        "canary-by-header" => "X-Canary",
        "canary-by-header-value" => "yes",
        "canary-by-header-pattern" => "^y.*",
        "canary-by-cookie" => "beta",
        "canary-weight" => "25",
        "canary-weight-total" => "200",
        "affinity" => "cookie",
        "load-balance" => "ewma",
        "satisfy" => "any",
        "auth-type" => "basic",
        "default-backend" => "fallback",
        "auth-tls-match-cn" => "CN=client",
        "auth-cache-duration" => "200 202 401 5m",
        "proxy-next-upstream" => "error timeout",
        "proxy-ssl-protocols" => "TLSv1.2 TLSv1.3",
        "custom-http-errors" => "404,503",
        "auth-url" => "https://auth.example.com/check",
        "auth-signin" => "https://auth.example.com/start",
        _ => "",
    };
    if !special.is_empty() {
        return special.to_string();
    }
    match syntax {
        Syntax::Bool => "true".into(),
        Syntax::Int => "5".into(),
        Syntax::OneOf(values) => values[0].to_string(),
        Syntax::Url => "https://example.com/".into(),
        Syntax::CidrList => "10.0.0.0/8".into(),
        Syntax::ObjectRef => "walk/thing".into(),
        Syntax::Size => "1m".into(),
        Syntax::Duration => "5s".into(),
        Syntax::Text => "x".into(),
    }
}

fn ingress(name: &str, ts: &str, service: &str, annotations: &[(String, String)]) -> String {
    let mut s = format!(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n  namespace: walk\n  creationTimestamp: \"{ts}\"\n  annotations:\n"
    );
    for (k, v) in annotations {
        writeln!(s, "    {NGINX_PREFIX}{k}: {}", serde_json::to_string(v).unwrap()).unwrap();
    }
    write!(
        s,
        "spec:\n  ingressClassName: nginx\n  rules:\n    - host: walk.example.com\n      http:\n        paths:\n          - path: /api(/|$)(.*)\n            pathType: ImplementationSpecific\n            backend:\n              service:\n                name: {service}\n                port:\n                  number: 80\n"
    )
    .unwrap();
    s
}

type Annotations = Vec<(String, String)>;

/// Converts the three Ingresses (main, canary, snippets) with the real binary: the annotations each set, the run
/// and its JSON report.
fn walk() -> ([Annotations; 3], common::Run, serde_json::Value) {
    let (mut main, mut canary, mut snippets) = (Vec::new(), Vec::new(), Vec::new());
    let invalid: Vec<String> = CATALOGUE
        .iter()
        .filter_map(|a| {
            let v = sample(a.name, a.syntax);
            a.validate(&v).err().map(|e| format!("{}={v:?}: {e}", a.name))
        })
        .collect();
    assert!(
        invalid.is_empty(),
        "samples ingress-nginx would not accept: {invalid:#?}"
    );
    for a in CATALOGUE {
        let entry = (a.name.to_string(), sample(a.name, a.syntax));
        if a.name.ends_with("-snippet") {
            snippets.push(entry);
        } else if a.name.starts_with("canary") {
            canary.push(entry);
        } else {
            main.push(entry);
        }
    }
    canary.retain(|(n, _)| n != "canary");
    canary.insert(0, ("canary".into(), "true".into()));
    let input = [
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra-headers\n  namespace: walk\ndata:\n  X-Walk: \"1\"\n".to_string(),
        ingress("main", "2024-01-01T00:00:00Z", "api", &main),
        ingress("next", "2024-02-01T00:00:00Z", "api-next", &canary),
        ingress("snippets", "2024-03-01T00:00:00Z", "api", &snippets),
    ]
    .join("---\n");
    let tmp = tempfile::tempdir().unwrap();
    let input_path = tmp.path().join("walk.yaml");
    std::fs::write(&input_path, &input).unwrap();
    if let Ok(keep) = std::env::var("GATESHIFT_KEEP_WALK") {
        std::fs::write(keep, &input).unwrap();
    }
    let report_path = tmp.path().join("report.json");
    let args: Vec<String> = [
        "convert",
        "-f",
        input_path.to_str().unwrap(),
        "--gateway-class",
        "example",
        "--accept-security-loss",
        "--report",
        report_path.to_str().unwrap(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let r = run(&workspace_root(), &args, None);
    assert_eq!(r.code, 1, "manual/unsupported items remain: {}", r.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    ([main, canary, snippets], r, report)
}

#[test]
fn every_catalogue_annotation_gets_its_own_report_line() {
    let ([main, canary, snippets], r, report) = walk();
    let findings = report["findings"].as_array().unwrap();
    let mut missing = Vec::new();
    for (ingress, set) in [("main", &main), ("next", &canary), ("snippets", &snippets)] {
        for (name, value) in set.iter() {
            let field = format!("metadata.annotations[{NGINX_PREFIX}{name}]");
            let lines: Vec<&serde_json::Value> = findings
                .iter()
                .filter(|f| f["object"]["name"] == ingress && f["field"] == field.as_str())
                .collect();
            if lines.is_empty() {
                missing.push(format!("{ingress}: {name}={value}"));
            }
            for f in lines {
                let message = f["message"].as_str().unwrap();
                assert!(
                    !message.contains("please report it as a gateshift bug"),
                    "{ingress}: {name} fell through to the fallback: {message}"
                );
            }
        }
    }
    assert!(
        missing.is_empty(),
        "annotations without a report line: {missing:#?}"
    );
    // The snippets refuse their Ingress; the main one converts with every conversion in play.
    assert!(
        findings
            .iter()
            .any(|f| f["object"]["name"] == "snippets" && f["status"] == "refused"),
        "the snippet Ingress is refused"
    );
    assert!(
        !r.stdout.is_empty(),
        "manifests written with --accept-security-loss"
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn every_catalogue_annotation_converts_to_valid_objects() {
    let (_, r, _) = walk();
    assert!(
        !r.stdout.is_empty(),
        "manifests written with --accept-security-loss"
    );
    for doc in common::yaml_documents(&r.stdout) {
        let violations = validator().validate(&doc);
        assert!(violations.is_empty(), "{} rejected: {violations:#?}", doc["kind"]);
    }
}
