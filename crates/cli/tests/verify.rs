//! `gateshift verify` and `convert --verify`, on the golden fixtures: nothing differs where the conversion is
//! exact, and a difference planted by hand is found, grouped by cause and explained with a witness request.

mod common;

use common::{fixture_cases, run, run_with_json_report, workspace_root};

/// The report never calls `exact` what verify shows to route differently: for every group of differences
/// whose request an Ingress path decided on the ingress-nginx side, that path's report line is not `exact` and
/// carries the difference; every line that carries one is not `exact`; a group no line carries makes the run
/// exit 1 and is named on stderr.
fn assert_no_exact_line_routes_differently(name: &str, r: &common::Run, report: &serde_json::Value) -> usize {
    let Some(v) = report.get("verification").filter(|v| !v.is_null()) else {
        return 0;
    };
    let findings = report["findings"].as_array().unwrap();
    for f in findings {
        if f.get("differences")
            .is_some_and(|d| !d.as_array().unwrap().is_empty())
        {
            assert_ne!(
                f["status"], "exact",
                "{name}: an exact line carries a difference: {f:#}"
            );
        }
    }
    let carries = |f: &serde_json::Value, cause: &str| {
        f.get("differences")
            .and_then(|d| d.as_array())
            .is_some_and(|d| d.iter().any(|d| d["cause"] == cause))
    };
    let mut unattributed = 0;
    let documents = common::yaml_documents(&r.stdout);
    for g in v["groups"].as_array().unwrap() {
        let cause = g["cause"].as_str().unwrap();
        assert!(!g["examples"].as_array().unwrap().is_empty(), "{name}: {g:#}");
        for item in [&g["beforeItem"], &g["beforeLanding"]] {
            if item["kind"] != "Ingress" || item["rule"].is_null() || item["match"].is_null() {
                continue;
            }
            let field = format!("spec.rules[{}].http.paths[{}]", item["rule"], item["match"]);
            let line = findings.iter().find(|f| {
                f["object"]["namespace"] == item["namespace"]
                    && f["object"]["name"] == item["name"]
                    && f["field"] == field.as_str()
            });
            let line = line.unwrap_or_else(|| panic!("{name}: no report line for {field} of {item:#}"));
            if line["status"] != "ignored" {
                assert_ne!(
                    line["status"], "exact",
                    "{name}: {line:#} routes differently: {g:#}"
                );
                assert!(carries(line, cause), "{name}: {line:#} does not carry {g:#}");
            }
        }
        // The route that decided after was generated from these Ingresses (`gateshift.io/sources`): one that
        // did not decide before now takes the request, so some line of it carries the difference.
        let after = &g["afterItem"];
        let route_sources = documents
            .iter()
            .find(|d| {
                d["kind"] == after["kind"]
                    && d["metadata"]["namespace"] == after["namespace"]
                    && d["metadata"]["name"] == after["name"]
            })
            .and_then(|d| {
                d["metadata"]["annotations"]["gateshift.io/sources"]
                    .as_str()
                    .map(String::from)
            })
            .unwrap_or_default();
        // A route may stand for several Ingresses (one host): one of those that did not decide before carries it.
        let newcomers: Vec<(&str, &str)> = route_sources
            .split(", ")
            .filter_map(|s| s.strip_prefix("Ingress ")?.split_once('/'))
            .filter(|(ns, name)| {
                ![&g["beforeItem"], &g["beforeLanding"]]
                    .iter()
                    .any(|i| i["kind"] == "Ingress" && i["namespace"] == *ns && i["name"] == *name)
            })
            .collect();
        if !newcomers.is_empty() && g["cause"] != "cors" {
            assert!(
                findings.iter().any(|f| {
                    newcomers.contains(&(
                        f["object"]["namespace"].as_str().unwrap(),
                        f["object"]["name"].as_str().unwrap(),
                    )) && (carries(f, cause) || f["status"] != "exact")
                }),
                "{name}: {newcomers:?} take requests they did not before, and no line of them says so: {g:#}"
            );
        }
        if !findings.iter().any(|f| carries(f, cause)) {
            unattributed += 1;
        }
    }
    if unattributed > 0 {
        assert_eq!(
            r.code, 1,
            "{name}: differences no line carries must need attention: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains("belong to no report line"),
            "{name}: {}",
            r.stderr
        );
    }
    v["groups"].as_array().unwrap().len()
}

#[test]
fn no_report_line_is_exact_where_verify_shows_a_difference() {
    let root = workspace_root();
    let mut groups = 0;
    let mut verified = 0;
    for case in fixture_cases() {
        let mut args: Vec<&str> = vec!["convert"];
        for input in &case.inputs {
            args.extend(["-f", input.as_str()]);
        }
        args.extend(case.args.iter().map(String::as_str));
        let (r, report) = run_with_json_report(&root, &args, None);
        if report.get("verification").is_some_and(|v| !v.is_null()) {
            verified += 1;
            assert!(
                report["verification"]["probes"].as_u64().unwrap() > 0,
                "{}: no probes",
                case.name
            );
        }
        groups += assert_no_exact_line_routes_differently(&case.name, &r, &report);
    }
    assert!(verified >= 40, "only {verified} fixtures were verified");
    assert!(
        groups >= 10,
        "only {groups} groups of differences: the test would not see a lie"
    );

    // The corpus generator's clusters: canaries, regex rewrites, wildcard hosts, shared hosts.
    for seed in [1, 7] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("corpus.yaml"),
            gateshift_corpus::generate(300, seed),
        )
        .unwrap();
        let (r, report) = run_with_json_report(
            dir.path(),
            &["convert", "-f", "corpus.yaml", "--gateway-class", "x"],
            None,
        );
        assert!(r.code <= 1, "corpus {seed}: {}", r.stderr);
        let n = assert_no_exact_line_routes_differently(&format!("corpus {seed}"), &r, &report);
        assert!(
            n > 0,
            "corpus {seed}: verified with no difference at all: {}",
            r.stderr
        );
    }
}

/// `--no-verify` skips the comparison; `--verify` is still accepted and changes nothing.
#[test]
fn convert_verifies_unless_told_not_to() {
    let root = workspace_root();
    let input = "tests/fixtures/app-root-and-redirects/input.yaml";
    let (_, verified) = run_with_json_report(&root, &["convert", "-f", input], None);
    let (_, compat) = run_with_json_report(&root, &["convert", "-f", input, "--verify"], None);
    let (r, skipped) = run_with_json_report(&root, &["convert", "-f", input, "--no-verify"], None);
    assert_eq!(verified, compat);
    assert!(verified["verification"]["probes"].as_u64().unwrap() > 0);
    assert!(skipped.get("verification").is_none(), "{skipped:#}");
    assert!(!r.stderr.contains("verify:"), "{}", r.stderr);
    // Verified, the app-root line says what differs (the query) with a witness; skipped, it stays exact.
    let app_root = |report: &serde_json::Value| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == "metadata.annotations[nginx.ingress.kubernetes.io/app-root]")
            .unwrap()
            .clone()
    };
    let line = app_root(&verified);
    assert_eq!(line["status"], "approximate", "{line:#}");
    assert_eq!(line["differences"][0]["cause"], "redirect-query", "{line:#}");
    assert_eq!(
        line["differences"][0]["witness"], "GET https://portal.example.com/?probe=1",
        "{line:#}"
    );
    assert!(
        line["message"]
            .as_str()
            .unwrap()
            .contains("verify: the redirect Location keeps the request's query string"),
        "{line:#}"
    );
    assert_eq!(app_root(&skipped)["status"], "exact");
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
    // Another Service that exists: both sides know the cluster objects of either input, so naming a Service
    // that exists nowhere would be a 500, not a backend difference.
    let planted = converted
        .stdout
        .replace("name: frontend\n", "name: frontend-v2\n")
        + "---\napiVersion: v1\nkind: Service\nmetadata: {name: frontend-v2, namespace: web}\nspec:\n  ports: [{port: 80}]\n";
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

/// A redirect is judged by where it lands: `http://blog.example.com/feed.xml/` is redirected to HTTPS on both
/// sides, but reaches the `/feed.xml` Exact rule's Service before (ingress-nginx strips the slash) and the `/`
/// rule's after. Both sides' redirects are followed one hop and the landing is the difference.
#[test]
fn a_redirect_is_judged_by_where_it_lands() {
    let root = workspace_root();
    let input = "tests/fixtures/redirect-lands-elsewhere/input.yaml";
    let out = converted(input, &[]);
    let args: Vec<String> = [
        "verify",
        "--before",
        input,
        "--after",
        out.path().to_str().unwrap(),
        "-o",
        "json",
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    let r = run(&root, &args, None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1, "{v:#}");
    let g = &groups[0];
    assert_eq!(g["cause"], "redirect-landing", "{g:#}");
    assert_eq!(
        g["beforeLanding"]["match"], 1,
        "landed on the Exact /feed.xml path before: {g:#}"
    );
    let e = &g["examples"][0];
    assert_eq!(e["request"]["url"], "http://blog.example.com/feed.xml/");
    assert!(
        e["before"]
            .as_str()
            .unwrap()
            .ends_with("lands on backend blog/feeds:8080 as Host blog.example.com /feed.xml"),
        "{e:#}"
    );
    assert!(
        e["after"]
            .as_str()
            .unwrap()
            .ends_with("lands on backend blog/ghost:80 as Host blog.example.com /feed.xml/"),
        "{e:#}"
    );
}

/// `--write-baseline` records the differences of the bundled example; `--baseline` then passes on them, fails
/// on a new one (a backend changed by hand) and names the entries that no longer occur.
#[test]
fn a_baseline_holds_the_accepted_differences_and_fails_on_new_ones() {
    let root = workspace_root();
    let out = converted("examples/cluster", &[]);
    let after = out.path().to_str().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.txt").display().to_string();
    let verify = |after: &str, extra: &[&str]| {
        let mut args: Vec<String> = ["verify", "--before", "examples/cluster", "--after", after]
            .iter()
            .map(|a| a.to_string())
            .collect();
        args.extend(extra.iter().map(|a| a.to_string()));
        run(&root, &args, None)
    };
    // Without a baseline the example differs (exit 1); recording it exits 0.
    assert_eq!(verify(&after, &[]).code, 1);
    let w = verify(&after, &["--write-baseline", &baseline]);
    assert_eq!(w.code, 0, "{}", w.stderr);
    let text = std::fs::read_to_string(&baseline).unwrap();
    let entries: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(
        entries.contains(
            &"redirect-landing | Ingress blog/blog | HTTPRoute blog/blog-blog.example.com-http | GET http://blog.example.com/feed.xml/"
        ),
        "{text}"
    );
    // The committed baseline of the example is what the README shows: it is current.
    let committed = std::fs::read_to_string(root.join("examples/verify-baseline.txt")).unwrap();
    assert_eq!(committed, text, "examples/verify-baseline.txt is out of date");

    let pass = verify(&after, &["--baseline", &baseline]);
    assert_eq!(pass.code, 0, "{}", pass.stdout);
    assert!(
        pass.stdout.contains(&format!(
            "baseline {baseline}: {} difference(s) accepted, 0 new, 0 entries no longer occur",
            entries.len()
        )),
        "{}",
        pass.stdout
    );

    // A new difference fails; the planted change also removes some accepted ones, which are named.
    let yaml = std::fs::read_to_string(&after).unwrap();
    let planted = yaml.replace("name: feeds\n", "name: feeds-v2\n");
    assert_ne!(planted, yaml);
    let planted_file = dir.path().join("planted.yaml");
    std::fs::write(&planted_file, planted).unwrap();
    let fail = verify(
        planted_file.to_str().unwrap(),
        &["--baseline", &baseline, "-o", "json"],
    );
    assert_eq!(fail.code, 1, "{}", fail.stderr);
    let v: serde_json::Value = serde_json::from_str(&fail.stdout).unwrap();
    let new: Vec<&str> = v["baseline"]["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(
        !new.is_empty() && new.iter().all(|e| e.contains("Ingress blog/")),
        "{new:#?}"
    );
    assert!(!v["baseline"]["gone"].as_array().unwrap().is_empty(), "{v:#}");

    // A baseline line that is not an entry is bad input at its position.
    std::fs::write(&baseline, "# ok\nbackend | Ingress a/b\n").unwrap();
    let bad = verify(&after, &["--baseline", &baseline]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(
        bad.stderr.contains(&format!("{baseline}:2:1: expected")),
        "{}",
        bad.stderr
    );
    assert!(bad.stdout.is_empty());
}

/// `--before-gateway` and `--after-gateway` route each side through its own Gateway: the converted objects
/// before, the same objects moved to another Gateway namespace after, each side with a second Gateway beside.
#[test]
fn each_side_can_name_its_gateway() {
    let root = workspace_root();
    let out = converted("tests/fixtures/basic-single-host/input.yaml", &[]);
    let yaml = std::fs::read_to_string(out.path()).unwrap();
    let decoy = |ns: &str| {
        format!(
            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: decoy\n  namespace: {ns}\n\
             spec:\n  gatewayClassName: example\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n"
        )
    };
    let moved = yaml.replace("gateway-system", "gateway-copy");
    assert_ne!(moved, yaml);
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("before.yaml");
    let after = dir.path().join("after.yaml");
    std::fs::write(&before, format!("{yaml}{}", decoy("gateway-system"))).unwrap();
    std::fs::write(&after, format!("{moved}{}", decoy("gateway-copy"))).unwrap();
    let verify = |extra: &[&str]| {
        let mut args: Vec<String> = vec![
            "verify".into(),
            "--before".into(),
            before.display().to_string(),
            "--after".into(),
            after.display().to_string(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        run(&root, &args, None)
    };
    // Several Gateways on each side and none named: bad usage, nothing compared.
    assert_eq!(verify(&[]).code, 2);
    // One name for both sides does not exist on the after side.
    let r = verify(&["--gateway", "gateway-system/nginx"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("after"), "{}", r.stderr);
    // A Gateway per side: the same routing.
    let r = verify(&[
        "--before-gateway",
        "gateway-system/nginx",
        "--after-gateway",
        "gateway-copy/nginx",
    ]);
    assert!(
        r.stdout
            .contains("through gateway gateway-system/nginx (before) and gateway gateway-copy/nginx (after)"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    // --gateway stays the default of the side not named.
    let r = verify(&[
        "--gateway",
        "gateway-system/nginx",
        "--after-gateway",
        "gateway-copy/nginx",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}
