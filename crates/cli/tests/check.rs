//! `gateshift check` end to end, running the real binary: output shapes and exit codes, bad input, `--crds`,
//! and agreement with `convert`: the output of every golden fixture checks clean.

mod common;

use common::{fixture_cases, run, workspace_root};
use serde_json::Value;

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

const ROUTE: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: example
  listeners:
  - {name: http, port: 80, protocol: HTTP}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: app, namespace: apps}
spec:
  parentRefs:
  - {name: gw, namespace: infra}
  rules:
  - backendRefs:
    - {name: app, port: 80}
";

#[test]
fn json_output_has_items_and_findings_with_the_documented_names() {
    let r = run(
        &workspace_root(),
        &args(&["check", "-f", "-", "-o", "json"]),
        Some(ROUTE.as_bytes()),
    );
    assert_eq!(r.code, 1, "a blocked route is a failure: {}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).expect("one JSON object");
    let items = doc["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    let route = items.iter().find(|i| i["kind"] == "HTTPRoute").unwrap();
    let parent = &route["status"]["parents"][0];
    assert_eq!(parent["controllerName"], "gateshift.dev/offline-check");
    assert_eq!(parent["parentRef"]["kind"], "Gateway");
    let accepted = parent["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Accepted")
        .unwrap();
    assert_eq!(accepted["status"], "False");
    assert_eq!(accepted["reason"], "NotAllowedByListeners");
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "GS2001")
        .expect("GS2001 finding");
    let mut keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "code", "column", "field", "file", "fix", "line", "message", "object", "severity"
        ]
    );
    assert_eq!(f["severity"], "error");
    assert_eq!(f["object"]["kind"], "HTTPRoute");
    assert_eq!(f["field"], "spec.parentRefs[0]");
    assert_eq!(
        (f["file"].as_str(), f["line"].as_u64(), f["column"].as_u64()),
        (Some("<stdin>"), Some(14), Some(5))
    );
}

#[test]
fn text_output_reads_like_describe_and_yaml_prints_objects_with_status() {
    let root = workspace_root();
    let r = run(&root, &args(&["check", "-f", "-"]), Some(ROUTE.as_bytes()));
    assert_eq!(r.code, 1);
    assert!(r.stdout.starts_with("Problems:\n"), "{}", r.stdout);
    assert!(
        r.stdout.contains("GS2001 HTTPRoute apps/app spec.parentRefs[0]"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("    fix: "), "{}", r.stdout);
    assert!(
        r.stdout.contains("Gateway infra/gw (class example)"),
        "{}",
        r.stdout
    );
    let r = run(
        &root,
        &args(&["check", "-f", "-", "-o", "yaml"]),
        Some(ROUTE.as_bytes()),
    );
    let docs = common::yaml_documents(&r.stdout);
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d["status"].is_object()));
    assert!(
        r.stderr.contains("GS2001"),
        "findings go to stderr with -o yaml: {}",
        r.stderr
    );

    let same_ns = ROUTE.replace("namespace: apps", "namespace: infra");
    let r = run(&root, &args(&["check", "-f", "-"]), Some(same_ns.as_bytes()));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout.contains("      HTTPRoute infra/app"),
        "attached route listed: {}",
        r.stdout
    );
}

#[test]
fn bad_input_exits_2_with_a_position_and_prints_nothing() {
    let r = run(
        &workspace_root(),
        &args(&["check", "-f", "-", "-o", "json"]),
        Some(b"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: a}\nspec:\n  hostnames: 3\n"),
    );
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("<stdin>:5:14"), "{}", r.stderr);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn crds_flag_validates_against_the_given_crds() {
    let Some(dir) = gateshift_crd_validate::require_gateway_api_dir() else {
        return;
    };
    let crds = dir.join("crds/standard").display().to_string();
    let root = workspace_root();
    // A rule the built-in set covers: reported once (the --crds duplicate is dropped).
    let bad = "tests/check-bad/gs1001-path-double-slash.yaml";
    let r = run(
        &root,
        &args(&["check", "-f", bad, "-o", "json", "--crds", &crds]),
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let codes: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert_eq!(codes.iter().filter(|c| **c == "GS1001").count(), 1, "{codes:?}");
    assert!(!codes.contains(&"GS1000"), "{codes:?}");
    // A rule only the CRDs know (the path value length of a redirect hostname... here: a too-long name).
    let long = format!(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: a, namespace: default}}\nspec:\n  rules:\n  - name: {}\n",
        "x".repeat(300)
    );
    let r = run(
        &root,
        &args(&["check", "-f", "-", "-o", "json", "--crds", &crds]),
        Some(long.as_bytes()),
    );
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "GS1000" && f["line"] == 6),
        "{}",
        r.stdout
    );
    // A missing CRD path is bad usage.
    let r = run(
        &root,
        &args(&["check", "-f", bad, "--crds", "/nonexistent"]),
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
}

/// The two commands agree: what `convert` writes for every golden fixture is accepted and resolved by `check`
/// (with the fixture's Services, Secrets and Namespaces when that conversion needed nothing manual).
#[test]
fn convert_output_of_every_fixture_checks_clean() {
    let root = workspace_root();
    let mut checked = 0;
    for case in fixture_cases() {
        let mut convert = vec!["convert".to_string()];
        for input in &case.inputs {
            convert.push("-f".into());
            convert.push(input.clone());
        }
        convert.extend(case.args.iter().cloned());
        let c = run(&root, &convert, None);
        if c.code == 2 || c.stdout.trim().is_empty() {
            continue;
        }
        // A conversion that needed nothing manual also resolves against the fixture's own Services and Secrets.
        let mut check = args(&["check", "-f", "-", "-o", "json"]);
        if c.code == 0 {
            for input in &case.inputs {
                check.push("-f".into());
                check.push(input.clone());
            }
        }
        let r = run(&root, &check, Some(c.stdout.as_bytes()));
        let doc: Value =
            serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{}: {e}: {}", case.name, r.stderr));
        let errors: Vec<&Value> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .collect();
        assert!(
            errors.is_empty(),
            "{}: convert output does not check clean: {errors:#?}",
            case.name
        );
        assert_eq!(r.code, 0, "{}", case.name);
        // Differential: that the official CRD rules reject nothing convert wrote for the fixtures is
        // golden.rs's `fixtures_convert_to_valid_objects` (it needs the Gateway API data).
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} fixtures checked");
}

/// The same files in another order give byte-identical output (statuses depend on object age and name, never on
/// input order; findings sort by position).
#[test]
fn output_is_deterministic_whatever_the_file_order() {
    let root = workspace_root();
    let dir = "tests/check-bad";
    let mut files: Vec<String> = std::fs::read_dir(root.join(dir))
        .unwrap()
        .map(|e| format!("{dir}/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    files.sort();
    let run_with = |files: &[String]| {
        let mut a = args(&["check", "-o", "json"]);
        for f in files {
            a.push("-f".into());
            a.push(f.clone());
        }
        run(&root, &a, None).stdout
    };
    let forward = run_with(&files);
    files.reverse();
    assert_eq!(forward, run_with(&files));
    assert!(forward.len() > 1000);
}
