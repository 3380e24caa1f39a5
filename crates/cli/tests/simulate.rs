//! `gateshift simulate`: both models end to end through the real binary, the JSON names scripts rely on, and
//! bad input.

mod common;

use common::{run, workspace_root};

fn simulate(args: &[&str], stdin: Option<&[u8]>) -> common::Run {
    let mut all = vec!["simulate".to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    run(&workspace_root(), &all, stdin)
}

const GATEWAY: &str = "\
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: x
  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: app, namespace: apps}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  hostnames: [app.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /api}}]
    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /v1}}}]
    backendRefs: [{name: api, port: 8080, weight: 3}, {name: api-next, port: 8080, weight: 1}]
  - matches: [{path: {type: Exact, value: /old}}]
    filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: /new}, statusCode: 301}}]
";

#[test]
fn gateway_model_json_has_the_documented_names() {
    let r = simulate(
        &["http://app.example.com/api/users?id=1", "-f", "-", "-o", "json"],
        Some(GATEWAY.as_bytes()),
    );
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(json["model"], "gateway");
    assert_eq!(json["outcome"], "backend");
    assert_eq!(json["backends"][0]["name"], "api");
    assert_eq!(json["backends"][0]["namespace"], "apps");
    assert_eq!(json["backends"][0]["port"], 8080);
    assert_eq!(json["backends"][0]["weight"], 3);
    assert_eq!(json["backends"][0]["share"], 0.75);
    assert_eq!(json["upstreamRequest"]["path"], "/v1/users?id=1");
    assert_eq!(json["upstreamRequest"]["host"], "app.example.com");
    assert_eq!(json["matched"]["name"], "app");
    assert_eq!(json["matched"]["rule"], 0);

    let r = simulate(
        &["http://app.example.com/old", "-f", "-", "-o", "json"],
        Some(GATEWAY.as_bytes()),
    );
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(json["outcome"], "redirect");
    assert_eq!(json["status"], 301);
    assert_eq!(json["location"], "http://app.example.com/new");

    let r = simulate(
        &["http://other.example.com/api", "-f", "-", "-o", "json"],
        Some(GATEWAY.as_bytes()),
    );
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(
        (json["outcome"].as_str(), json["status"].as_u64()),
        (Some("response"), Some(404))
    );
}

#[test]
fn ingress_nginx_model_text_explains_the_winner() {
    let r = simulate(&["http://blog.example.com/rss", "-f", "examples/cluster"], None);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(r.stdout.contains("(ingress-nginx model)"), "{}", r.stdout);
    assert!(
        r.stdout.contains("redirect 308 -> https://blog.example.com/rss"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("matched: Ingress blog/feeds"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("lost: an exact location (=) is chosen before any prefix"),
        "{}",
        r.stdout
    );
    let r = simulate(
        &[
            "https://blog.example.com/rss/x",
            "-f",
            "examples/cluster",
            "--model",
            "ingress-nginx",
            "-o",
            "json",
        ],
        None,
    );
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(json["backends"][0]["name"], "feeds");
    assert_eq!(
        json["backends"][0]["port"], 8080,
        "the named port resolved through the Service"
    );
}

#[test]
fn output_is_deterministic() {
    let args = [
        "http://app.example.com/api",
        "-f",
        "-",
        "-o",
        "json",
        "-H",
        "B: 2",
        "-H",
        "A: 1",
    ];
    let a = simulate(&args, Some(GATEWAY.as_bytes()));
    let b = simulate(&args, Some(GATEWAY.as_bytes()));
    assert_eq!(a.stdout, b.stdout);
}

const HTTPS: &str = "\
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: x
  listeners:
  - {name: a, port: 443, protocol: HTTPS, hostname: a.example.com, tls: {certificateRefs: [{name: a}]}}
  - {name: b, port: 443, protocol: HTTPS, hostname: b.example.com, tls: {certificateRefs: [{name: b}]}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: app, namespace: infra}
spec:
  parentRefs: [{name: gw}]
  rules:
  - backendRefs: [{name: app, port: 8080}]
";

#[test]
fn sni_of_another_listener_answers_421() {
    let r = simulate(
        &[
            "https://b.example.com/",
            "--sni",
            "a.example.com",
            "-f",
            "-",
            "-o",
            "json",
        ],
        Some(HTTPS.as_bytes()),
    );
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(json["status"], 421, "{json:#}");
    assert!(
        json["reason"].as_str().unwrap().contains("misdirected"),
        "{json:#}"
    );
    let r = simulate(
        &["https://b.example.com/", "--sni", "b.example.com", "-f", "-"],
        Some(HTTPS.as_bytes()),
    );
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(r.stdout.contains("infra/app:8080"), "{}", r.stdout);
}

#[test]
fn bad_input_exits_2() {
    // From a file, not stdin: the binary may stop before reading stdin.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gateway.yaml");
    std::fs::write(&file, GATEWAY).unwrap();
    let file = file.to_str().unwrap();
    for args in [
        vec!["ftp://x/", "-f", file],
        vec!["http://x/", "-f", file, "-H", "no colon"],
        vec!["http://x/", "-f", file, "--gateway", "nope"],
        vec!["http://x/", "-f", file, "--gateway", "infra/missing"],
        vec!["http://x/", "-f", "examples/cluster", "--model", "gateway"],
    ] {
        let r = simulate(&args, None);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stdout);
        assert!(r.stdout.is_empty());
        assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    }
}

/// An Ingress ingress-nginx refuses is not routed; `simulate` says so, and says when it would otherwise have
/// decided the request.
#[test]
fn refused_ingresses_are_explained() {
    let fixture = "tests/fixtures/invalid-annotation-values/input.yaml";
    let r = simulate(&["http://broken.example.com/x", "-f", fixture], None);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(r.stdout.contains("response 404"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "note: refused Ingress web/broken would have decided this request (backend web/web:80), but ingress-nginx refuses it: nginx.ingress.kubernetes.io/permanent-redirect: invalid value \"not a url\""
        ),
        "{}",
        r.stdout
    );
    let r = simulate(
        &["http://broken.example.com/x", "-f", fixture, "-o", "json"],
        None,
    );
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(json["status"], 404);
    let refused = &json["refused"][0];
    assert_eq!(refused["namespace"], "web");
    assert_eq!(refused["name"], "broken");
    assert_eq!(
        refused["annotation"],
        "nginx.ingress.kubernetes.io/permanent-redirect"
    );
    assert_eq!(refused["wouldHaveMatched"], true);
    assert!(
        refused["reason"]
            .as_str()
            .unwrap()
            .contains("refuses the whole Ingress")
    );
    // Another host: the refused Ingress is only listed.
    let r = simulate(&["https://typo.example.com/", "-f", fixture, "-o", "json"], None);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(json["backends"][0]["name"], "web");
    assert_eq!(json["refused"][0]["wouldHaveMatched"], false);
    assert!(
        json["notes"][0]
            .as_str()
            .unwrap()
            .starts_with("ignored Ingress web/broken: nginx.ingress.kubernetes.io/permanent-redirect"),
        "{json:#}"
    );
}

/// The real binary on the upstream conformance manifests (`HTTPRoute303Redirect`,
/// `HTTPRouteRequestPercentageMirror`): the redirect's status and Location, and the percentage mirror with the
/// backend and the modified headers, as JSON. Skipped without the Gateway API data.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn conformance_manifests_through_the_binary() {
    let Some(dir) = gateshift_crd_validate::require_gateway_api_dir() else {
        return;
    };
    let conformance = dir.join("conformance");
    let base = conformance.join("base/manifests.yaml");
    let base = base.to_str().unwrap();
    let test = |stem: &str| {
        conformance
            .join(format!("tests/{stem}.yaml"))
            .to_str()
            .unwrap()
            .to_string()
    };
    let gateway = "gateway-conformance-infra/same-namespace";

    let redirect = test("httproute-303-redirect");
    let r = simulate(
        &[
            "http://gw/see-other",
            "-X",
            "POST",
            "-f",
            base,
            "-f",
            &redirect,
            "--gateway",
            gateway,
            "-o",
            "json",
        ],
        None,
    );
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(json["outcome"], "redirect", "{json:#}");
    assert_eq!(json["status"], 303, "{json:#}");
    assert_eq!(json["location"], "http://gw/see-other", "{json:#}");
    assert_eq!(json["matched"]["name"], "303-redirect", "{json:#}");

    let mirror = test("httproute-request-percentage-mirror");
    let r = simulate(
        &[
            "http://gw/percent-mirror-and-modify-headers",
            "-H",
            "X-Header-Remove: remove-val",
            "-H",
            "X-Header-Add-Append: append-val-1",
            "-f",
            base,
            "-f",
            &mirror,
            "--gateway",
            gateway,
            "-o",
            "json",
        ],
        None,
    );
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(json["outcome"], "backend", "{json:#}");
    assert!(json.get("status").is_none(), "{json:#}");
    let backends = json["backends"].as_array().expect("backends");
    assert_eq!(backends.len(), 1, "{json:#}");
    assert_eq!(backends[0]["name"], "infra-backend-v1");
    assert_eq!(backends[0]["namespace"], "gateway-conformance-infra");
    assert_eq!(backends[0]["port"], 8080);
    assert_eq!(backends[0]["share"], 1.0);
    assert_eq!(
        json["mirrors"],
        serde_json::json!([{"namespace": "gateway-conformance-infra", "name": "infra-backend-v2",
                            "port": 8080, "percent": 35.0}])
    );
    let headers = &json["upstreamRequest"]["headers"];
    assert_eq!(headers["x-header-set"], "set-overwrites-values", "{json:#}");
    assert_eq!(headers["x-header-add-append"], "append-val-1,header-val-2");
    assert!(headers.get("x-header-remove").is_none(), "{json:#}");
    assert_eq!(
        json["upstreamRequest"]["path"],
        "/percent-mirror-and-modify-headers"
    );
}

/// CORS as `corsHeaders` (docs/simulate.md): the ingress-nginx model answers a preflight from a listed origin
/// itself, the gateway model answers it for the converted CORS filter; `corsHeaders` is absent where CORS
/// does not apply.
#[test]
fn cors_headers_in_json() {
    let fixture = "tests/fixtures/headers-cors-timeouts-mirror/input.yaml";
    let preflight = [
        "-X",
        "OPTIONS",
        "-H",
        "Origin: https://admin.example.com",
        "-H",
        "Access-Control-Request-Method: GET",
        "http://web.example.com/x",
        "-o",
        "json",
    ];
    let mut args = vec!["-f", fixture];
    args.extend(preflight);
    let r = simulate(&args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["model"], "ingress-nginx");
    assert_eq!(v["status"], 204, "{v:#}");
    assert_eq!(
        v["corsHeaders"]["access-control-allow-origin"],
        "https://admin.example.com"
    );
    assert!(v["corsHeaders"].get("access-control-allow-credentials").is_none());

    let convert = common::run(
        &workspace_root(),
        &[
            "convert".into(),
            "-f".into(),
            fixture.into(),
            "--gateway-class".into(),
            "x".into(),
        ],
        None,
    );
    let mut args = vec!["-f", "-"];
    args.extend(preflight);
    let r = simulate(&args, Some(convert.stdout.as_bytes()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["model"], "gateway");
    assert_eq!(v["status"], 204, "{v:#}");
    assert_eq!(v["corsHeaders"]["access-control-max-age"], "1728000");

    let r = simulate(&["-f", fixture, "http://web.example.com/x", "-o", "json"], None);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["outcome"], "backend");
    assert!(v.get("corsHeaders").is_none(), "{v:#}");
}

/// A `%` followed by the first byte of a multi-byte character is not an escape: percent-decoding once sliced the
/// path there and panicked (exit 101). Both models answer, and `verify` of an Ingress with such a path too.
#[test]
fn percent_before_a_multibyte_character_is_no_panic() {
    for model in ["gateway", "ingress-nginx"] {
        let input = if model == "gateway" {
            GATEWAY
        } else {
            INGRESS_WITH_ODD_PATH
        };
        let r = simulate(
            &["http://app.example.com/%a\u{e9}", "-f", "-", "--model", model],
            Some(input.as_bytes()),
        );
        assert_eq!(r.code, 0, "{model}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{model}: {}", r.stderr);
    }
    let tmp = tempfile::tempdir().unwrap();
    let before = tmp.path().join("before.yaml");
    std::fs::write(&before, INGRESS_WITH_ODD_PATH).unwrap();
    let r = run(
        &workspace_root(),
        &[
            "convert".into(),
            "-f".into(),
            before.display().to_string(),
            "--gateway-class".into(),
            "eg".into(),
            "--verify".into(),
        ],
        None,
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    let after = tmp.path().join("after.yaml");
    std::fs::write(&after, &r.stdout).unwrap();
    let r = run(
        &workspace_root(),
        &[
            "verify".into(),
            "--before".into(),
            before.display().to_string(),
            "--after".into(),
            after.display().to_string(),
        ],
        None,
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
}

const INGRESS_WITH_ODD_PATH: &str = "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: app, namespace: apps}
spec:
  ingressClassName: nginx
  rules:
  - host: app.example.com
    http:
      paths:
      - {path: \"/%a\u{e9}\", pathType: Prefix, backend: {service: {name: app, port: {number: 80}}}}
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
";
