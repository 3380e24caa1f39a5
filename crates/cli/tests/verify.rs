//! `gateshift verify` and `convert --verify`, on the golden fixtures: nothing differs where the conversion is
//! exact, and a difference planted by hand is found, grouped by cause and explained with a witness request.

mod common;

use common::{fixture_cases, run, run_with_json_report, workspace_root};

/// Every fixture whose report is all exact (or ignored/refused, as ingress-nginx did) must verify clean; the
/// others may differ, but only in groups with a cause.
#[test]
fn convert_verify_finds_nothing_where_the_conversion_is_exact() {
    let root = workspace_root();
    let mut exact_cases = 0;
    for case in fixture_cases() {
        let mut args: Vec<&str> = vec!["convert"];
        for input in &case.inputs {
            args.extend(["-f", input.as_str()]);
        }
        args.extend(case.args.iter().map(String::as_str));
        args.push("--verify");
        let (r, report) = run_with_json_report(&root, &args, None);
        let Some(v) = report.get("verification").filter(|v| !v.is_null()) else {
            // Bad input, blocked by security controls, or several Gateways: nothing to compare.
            continue;
        };
        let exact = report["findings"].as_array().unwrap().iter().all(|f| {
            !matches!(
                f["status"].as_str(),
                Some("approximate" | "manual" | "unsupported")
            )
        });
        assert!(v["probes"].as_u64().unwrap() > 0, "{}: no probes", case.name);
        if exact {
            exact_cases += 1;
            assert_eq!(v["equivalent"], true, "{}: {:#}", case.name, v["groups"]);
            assert_eq!(r.code, 0, "{}: {}", case.name, r.stderr);
        }
        for g in v["groups"].as_array().unwrap() {
            assert!(!g["cause"].as_str().unwrap().is_empty(), "{}", case.name);
            assert!(!g["examples"].as_array().unwrap().is_empty(), "{}", case.name);
        }
        if v["equivalent"] == false {
            assert_eq!(
                r.code, 1,
                "{}: differences make convert --verify exit 1",
                case.name
            );
        }
    }
    assert!(
        exact_cases >= 15,
        "only {exact_cases} exact fixtures were verified"
    );
}

/// A backend changed by hand in the converted output is found, with the request, both decisions and the
/// source objects.
#[test]
fn verify_explains_a_planted_difference() {
    let root = workspace_root();
    let input = "tests/fixtures/basic-single-host/input.yaml";
    let converted = run(
        &root,
        &[
            "convert".into(),
            "-f".into(),
            input.into(),
            "--gateway-class".into(),
            "example".into(),
        ],
        None,
    );
    assert_eq!(converted.code, 0, "{}", converted.stderr);
    let clean = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(clean.path(), &converted.stdout).unwrap();
    let same = run(
        &root,
        &[
            "verify".into(),
            "--before".into(),
            input.into(),
            "--after".into(),
            clean.path().display().to_string(),
        ],
        None,
    );
    assert_eq!(same.code, 0, "{}", same.stdout);

    assert!(
        converted.stdout.contains("name: frontend\n"),
        "{}",
        converted.stdout
    );
    let planted = converted
        .stdout
        .replace("name: frontend\n", "name: frontend-v2\n");
    let after = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(after.path(), &planted).unwrap();
    let r = run(
        &root,
        &[
            "verify".into(),
            "--before".into(),
            input.into(),
            "--after".into(),
            after.path().display().to_string(),
            "-o".into(),
            "json".into(),
        ],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["equivalent"], false);
    let g = &v["groups"][0];
    assert_eq!(g["cause"], "backend");
    assert!(
        g["beforeSource"]
            .as_str()
            .unwrap()
            .starts_with("Ingress web/frontend"),
        "{g:#}"
    );
    assert!(
        g["afterSource"].as_str().unwrap().starts_with("HTTPRoute web/"),
        "{g:#}"
    );
    let e = &g["examples"][0];
    assert!(e["request"]["url"].as_str().unwrap().starts_with("http"), "{e:#}");
    assert!(e["before"].as_str().unwrap().contains("web/frontend:80"), "{e:#}");
    assert!(
        e["after"].as_str().unwrap().contains("web/frontend-v2:80"),
        "{e:#}"
    );
}

#[test]
fn verify_bad_input_exits_2() {
    let r = run(
        &workspace_root(),
        &[
            "verify".into(),
            "--before".into(),
            "tests/bad-input/duplicate-key.yaml".into(),
            "--after".into(),
            "tests/fixtures/basic-single-host/input.yaml".into(),
        ],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

/// Converts `input` (with `extra` flags) and writes the manifests to a temporary file.
fn converted(input: &str, extra: &[&str]) -> tempfile::NamedTempFile {
    let mut args: Vec<String> = ["convert", "-f", input, "--gateway-class", "example"]
        .iter()
        .map(|a| a.to_string())
        .collect();
    args.extend(extra.iter().map(|a| a.to_string()));
    let r = run(&workspace_root(), &args, None);
    assert!(r.code <= 1, "{input}: {}", r.stderr);
    assert!(!r.stdout.is_empty(), "{input}: no manifests: {}", r.stderr);
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &r.stdout).unwrap();
    file
}

/// ingress-nginx refuses an Ingress with a snippet (risk above the default annotations-risk-level) or an invalid
/// value whose parser refuses it; the router's ingress-nginx model does too, with the converter's rules. So
/// without `--convert-refused` both sides agree, and with it the difference is reported: the refused Ingress's
/// requests routed elsewhere (or nowhere) before and reach it after.
#[test]
fn verify_compares_refused_ingresses_like_convert() {
    let root = workspace_root();
    for (fixture, host, refused, before_source) in [
        (
            "tests/fixtures/invalid-annotation-values/input.yaml",
            "broken.example.com",
            "web/broken",
            "Controller /default-backend",
        ),
        (
            "tests/fixtures/snippet-refused/input.yaml",
            "app.example.com",
            "legacy-app/app",
            "Ingress legacy-app/app-v2",
        ),
    ] {
        let plain = converted(fixture, &[]);
        let r = run(
            &root,
            &[
                "verify".into(),
                "--before".into(),
                fixture.into(),
                "--after".into(),
                plain.path().display().to_string(),
            ],
            None,
        );
        assert_eq!(r.code, 0, "{fixture}: {}{}", r.stdout, r.stderr);
        assert!(
            r.stdout.contains("every request routes the same way"),
            "{}",
            r.stdout
        );

        let anyway = converted(fixture, &["--convert-refused"]);
        let r = run(
            &root,
            &[
                "verify".into(),
                "--before".into(),
                fixture.into(),
                "--after".into(),
                anyway.path().display().to_string(),
                "-o".into(),
                "json".into(),
            ],
            None,
        );
        assert_eq!(r.code, 1, "{fixture}: {}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(v["equivalent"], false, "{fixture}");
        let group = v["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| {
                g["examples"][0]["request"]["url"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("://{host}/"))
            })
            .unwrap_or_else(|| panic!("{fixture}: no difference on {host}: {v:#}"));
        assert!(
            group["beforeSource"].as_str().unwrap().starts_with(before_source),
            "{fixture}: the refused Ingress does not route on the before side: {group:#}"
        );
        assert!(
            group["afterSource"]
                .as_str()
                .unwrap()
                .starts_with(&format!("HTTPRoute {refused}-{host}")),
            "{fixture}: the refused Ingress's route decides on the after side: {group:#}"
        );
    }
}

/// `convert --verify --gateway-per-namespace` verifies every Gateway: each against the Ingresses it stands in
/// for, the results merged into one verification whose groups name their Gateway.
#[test]
fn convert_verify_checks_every_gateway_of_a_per_namespace_conversion() {
    let root = workspace_root();
    let (r, report) = run_with_json_report(
        &root,
        &[
            "convert",
            "-f",
            "tests/fixtures/per-namespace-topology/input.yaml",
            "--gateway-per-namespace",
            "--gateway-class",
            "example",
            "--verify",
        ],
        None,
    );
    let v = &report["verification"];
    assert_eq!(v["equivalent"], true, "{v:#}");
    assert!(v["probes"].as_u64().unwrap() > 0, "{v:#}");
    assert_eq!(v["beforeModel"], "ingress-nginx");
    assert_eq!(
        v["afterModel"], "gateway checkout/nginx, gateway storefront/nginx",
        "{v:#}"
    );
    // The host served from two namespaces is a manual finding, so the exit is 1 for that, not for routing.
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("verify: ") && r.stderr.contains("every request routes the same way"),
        "{}",
        r.stderr
    );

    // Two namespaces with the same host and path: ingress-nginx routes it to the older Ingress, so the newer
    // one's namespace gets a Gateway without that path, which differs from its own Ingress.
    let ingress = |ns: &str, created: &str| {
        format!(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: {ns}\n  \
             creationTimestamp: \"{created}\"\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: shop.example.com\n    \
             http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            \
             name: web\n            port:\n              number: 80\n---\n"
        )
    };
    // The newer namespace also serves a host of its own: a namespace whose every host is served elsewhere gets
    // no Gateway at all (one without listeners is invalid).
    let own_host = ingress("new", "2024-01-01T00:00:00Z")
        .replace("name: web\n  namespace", "name: other\n  namespace")
        .replace("shop.example.com", "other.example.com");
    let input = format!(
        "{}{}{own_host}",
        ingress("old", "2023-01-01T00:00:00Z"),
        ingress("new", "2024-01-01T00:00:00Z")
    );
    let (r, report) = run_with_json_report(
        &root,
        &[
            "convert",
            "-f",
            "-",
            "--gateway-per-namespace",
            "--gateway-class",
            "example",
            "--verify",
        ],
        Some(input.as_bytes()),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = &report["verification"];
    assert_eq!(v["equivalent"], false, "{v:#}");
    assert_eq!(v["afterModel"], "gateway new/nginx, gateway old/nginx", "{v:#}");
    let groups = v["groups"].as_array().unwrap();
    assert!(!groups.is_empty());
    for g in groups {
        assert!(
            g["afterSource"]
                .as_str()
                .unwrap()
                .starts_with("Gateway new/nginx: "),
            "only the newer namespace's Gateway differs: {g:#}"
        );
        assert!(
            g["beforeSource"].as_str().unwrap().starts_with("Ingress new/web"),
            "{g:#}"
        );
    }
}

/// ssl-passthrough: TLS for the host goes unterminated to the Service of its `/` path in ingress-nginx, and to
/// the TLSRoute's backend through the Gateway's TLS listener; both models route it by SNI whatever the path, so
/// the https probes `verify` now sends for the host find both sides alike.
#[test]
fn passthrough_is_compared_over_https() {
    let root = workspace_root();
    let input = "tests/fixtures/ssl-passthrough/input.yaml";
    let out = converted(input, &[]);
    let out_path = out.path().to_str().unwrap();
    for file in [input, out_path] {
        let args: Vec<String> = [
            "simulate",
            "-f",
            file,
            "-o",
            "json",
            "https://db.example.com/any/path",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        let r = run(&root, &args, None);
        assert_eq!(r.code, 0, "{file}: {}", r.stderr);
        let d: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(d["outcome"], "backend", "{file}: {d:#}");
        assert_eq!(d["backends"][0]["name"], "pg-proxy", "{file}: {d:#}");
        assert_eq!(d["backends"][0]["port"], 5432, "{file}: {d:#}");
        assert_eq!(d["upstreamRequest"]["path"], "/any/path", "{file}: {d:#}");
    }
    let args: Vec<String> = ["verify", "--before", input, "--after", out_path]
        .iter()
        .map(|a| a.to_string())
        .collect();
    let r = run(&root, &args, None);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

/// `verify` compares CORS (`enable-cors` against the converted CORS filter) on the requests with an `Origin`,
/// and a preflight answered by one side only. With listed origins (the fixture), the preflight and the GET
/// from an allowed origin agree, headers included, and so does an OPTIONS without Origin (proxied on both
/// sides); only the preflight from an origin nobody allows differs: ingress-nginx proxied it, the Gateway
/// answers it without CORS headers. With origin `*` (and no credentials, so `*` and the echoed origin are the
/// same to a browser), every preflight agrees, but ingress-nginx also answered the OPTIONS without Origin
/// itself, which the Gateway proxies. Both as `convert`'s `enable-cors` line says.
#[test]
fn verify_compares_cors() {
    let root = workspace_root();
    let fixture = "tests/fixtures/headers-cors-timeouts-mirror/input.yaml";
    let verify_json = |before: &str, after: &std::path::Path| -> serde_json::Value {
        let r = run(
            &root,
            &[
                "verify".into(),
                "--before".into(),
                before.into(),
                "--after".into(),
                after.display().to_string(),
                "-o".into(),
                "json".into(),
            ],
            None,
        );
        assert_eq!(r.code, 1, "{}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap()
    };
    let requests = |v: &serde_json::Value| -> Vec<(String, String)> {
        let mut out = Vec::new();
        for g in v["groups"].as_array().unwrap() {
            assert_eq!(g["cause"], "cors", "{g:#}");
            assert_eq!(
                g["count"].as_u64().unwrap() as usize,
                g["examples"].as_array().unwrap().len()
            );
            for e in g["examples"].as_array().unwrap() {
                let r = &e["request"];
                let headers: Vec<&str> = r["headers"]
                    .as_array()
                    .map(|h| h.iter().map(|h| h.as_str().unwrap()).collect())
                    .unwrap_or_default();
                out.push((
                    format!("{} {}", r["method"].as_str().unwrap(), r["url"].as_str().unwrap()),
                    headers.join("; "),
                ));
            }
        }
        out.sort();
        out
    };

    let after = converted(fixture, &[]);
    let v = verify_json(fixture, after.path());
    assert_eq!(
        requests(&v),
        [(
            "OPTIONS http://web.example.com/".to_string(),
            "Origin: https://disallowed.gateshift.invalid; Access-Control-Request-Method: GET".to_string()
        )],
        "{v:#}"
    );
    let e = &v["groups"][0]["examples"][0];
    assert!(
        e["before"].as_str().unwrap().starts_with("backend web/web:80"),
        "{e:#}"
    );
    assert_eq!(e["after"], "status 204 (no CORS headers)");

    // Origin `*`: the same Ingress without its origin list.
    let input = std::fs::read_to_string(root.join(fixture)).unwrap();
    let star = input.replace(
        "cors-allow-origin: \"https://app.example.com, https://admin.example.com\"",
        "cors-allow-origin: \"*\"",
    );
    assert_ne!(star, input);
    let star_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(star_file.path(), &star).unwrap();
    let star_path = star_file.path().display().to_string();
    let after = converted(&star_path, &[]);
    let v = verify_json(&star_path, after.path());
    assert_eq!(
        requests(&v),
        [("OPTIONS http://web.example.com/".to_string(), String::new())],
        "{v:#}"
    );
    let e = &v["groups"][0]["examples"][0];
    assert_eq!(e["before"], "status 204", "{e:#}");
    assert!(
        e["after"].as_str().unwrap().starts_with("backend web/web:80"),
        "{e:#}"
    );
}
