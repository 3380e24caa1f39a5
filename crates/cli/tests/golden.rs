//! Golden tests: every `tests/fixtures/<case>/` input is converted by the real binary, and the output, the
//! report and the exit code are compared with the reviewed snapshot `tests/fixtures/<case>/convert.snap`.
//! Every object written must also pass the official Gateway API CRD schemas and CEL rules, checked by an
//! independent validator (a separate test, ignored without the Gateway API data).

mod common;

use common::{Run, fixture_cases, run, validator, workspace_root};

/// Renders a run as the text we review: exit code, stderr summary, objects, findings.
fn render(args: &[String], r: &Run, report: &serde_json::Value) -> String {
    let mut out = format!(
        "# gateshift convert {}\nexit: {}\n--- stderr\n{}--- objects\n{}",
        args.join(" "),
        r.code,
        r.stderr,
        r.stdout
    );
    out.push_str("--- findings\n");
    for f in report["findings"].as_array().expect("findings") {
        out.push_str(&format!(
            "{}:{}:{} {} {} {}/{} {}: {}\n",
            f["file"].as_str().unwrap().rsplit('/').next().unwrap(),
            f["line"],
            f["column"],
            f["status"].as_str().unwrap(),
            f["object"]["kind"].as_str().unwrap(),
            f["object"]["namespace"].as_str().unwrap(),
            f["object"]["name"].as_str().unwrap(),
            f["field"].as_str().unwrap(),
            f["message"].as_str().unwrap(),
        ));
    }
    if let Some(conflicts) = report["conflicts"].as_array().filter(|c| !c.is_empty()) {
        out.push_str("--- conflicts\n");
        for c in conflicts {
            out.push_str(&format!(
                "{}: kept {}/{}, dropped {}/{} ({})\n",
                c["claim"].as_str().unwrap(),
                c["winner"]["namespace"].as_str().unwrap(),
                c["winner"]["name"].as_str().unwrap(),
                c["loser"]["namespace"].as_str().unwrap(),
                c["loser"]["name"].as_str().unwrap(),
                c["reason"].as_str().unwrap()
            ));
        }
    }
    out
}

#[test]
fn fixtures_convert_to_reviewed_snapshots() {
    let root = workspace_root();
    let cases = fixture_cases();
    assert!(
        cases.len() >= 25,
        "expected at least 25 fixtures, found {}",
        cases.len()
    );
    for case in cases {
        let tmp = tempfile::tempdir().unwrap();
        let report_path = tmp.path().join("report.json");
        let mut args = vec!["convert".to_string()];
        for input in &case.inputs {
            args.push("-f".into());
            args.push(input.clone());
        }
        args.extend(case.args.iter().cloned());
        args.push("--report".into());
        args.push(report_path.display().to_string());
        let r = run(&root, &args, None);
        let shown: Vec<String> = args
            .iter()
            .filter(|a| !a.contains(&*tmp.path().display().to_string()))
            .cloned()
            .collect();
        if r.code == 2 {
            // A fixture of bad input: the error is the output; nothing may be written.
            assert!(
                !report_path.exists(),
                "{}: report written despite exit 2",
                case.name
            );
            assert!(
                r.stdout.is_empty(),
                "{}: output written despite exit 2",
                case.name
            );
            let text = format!(
                "# gateshift convert {}\nexit: 2\n--- stderr\n{}",
                shown[1..].join(" "),
                r.stderr
            );
            insta::with_settings!({ snapshot_path => root.join(&case.dir), prepend_module_to_snapshot => false, omit_expression => true }, {
                insta::assert_snapshot!("convert", text);
            });
            continue;
        }
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
        let text = render(&shown[1..], &r, &report);
        insta::with_settings!({ snapshot_path => root.join(&case.dir), prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!("convert", text);
        });
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn fixtures_convert_to_valid_objects() {
    let root = workspace_root();
    let v = validator();
    let mut checked_objects = 0;
    for case in fixture_cases() {
        let mut args = vec!["convert".to_string()];
        for input in &case.inputs {
            args.push("-f".into());
            args.push(input.clone());
        }
        args.extend(case.args.iter().cloned());
        let r = run(&root, &args, None);
        for doc in common::yaml_documents(&r.stdout) {
            let violations = v.validate(&doc);
            assert!(
                violations.is_empty(),
                "{}: {} {} rejected by the CRD rules: {violations:#?}",
                case.name,
                doc["kind"],
                doc["metadata"]["name"]
            );
            let unknown = v.unknown_fields(&doc);
            assert!(
                unknown.is_empty(),
                "{}: unknown fields written: {unknown:?}",
                case.name
            );
            checked_objects += 1;
        }
    }
    assert!(checked_objects > 50, "only {checked_objects} objects validated");
}

/// No run over the fixtures writes an object the API server would reject, whatever the flags: refused
/// Ingresses left out (a class with only those gets no Gateway) or converted, security losses blocking the
/// output or accepted. Each object passes the official CRDs (crd-validate) and check's built-in rules (no
/// `GS1xxx` finding, "rejected by the API server").
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn every_written_object_is_valid_whatever_the_flags() {
    let root = workspace_root();
    let v = validator();
    let flag_sets: [&[&str]; 4] = [
        &[],
        &["--convert-refused"],
        &["--accept-security-loss"],
        &["--convert-refused", "--accept-security-loss"],
    ];
    let mut checked_objects = 0;
    let mut all_refused_gateways = 0;
    for case in fixture_cases() {
        for flags in flag_sets {
            let tmp = tempfile::tempdir().unwrap();
            let mut args = vec!["convert".to_string()];
            for input in &case.inputs {
                args.push("-f".into());
                args.push(input.clone());
            }
            args.extend(case.args.iter().cloned());
            args.extend(flags.iter().map(|f| f.to_string()));
            let r = run(&root, &args, None);
            assert!(
                r.code != 2 || r.stdout.is_empty(),
                "{} {flags:?}: output despite exit 2",
                case.name
            );
            let docs = common::yaml_documents(&r.stdout);
            if case.name == "all-refused-class" {
                all_refused_gateways += docs
                    .iter()
                    .filter(|d| d["kind"] == "Gateway" && d["metadata"]["name"] == "nginx-internal")
                    .count();
            }
            for doc in &docs {
                let violations = v.validate(doc);
                assert!(
                    violations.is_empty(),
                    "{} {flags:?}: {} {} rejected by the CRD rules: {violations:#?}",
                    case.name,
                    doc["kind"],
                    doc["metadata"]["name"]
                );
                checked_objects += 1;
            }
            if docs.is_empty() {
                continue;
            }
            let out = tmp.path().join("out.yaml");
            std::fs::write(&out, &r.stdout).unwrap();
            let c = run(
                &root,
                &[
                    "check".into(),
                    "-f".into(),
                    out.display().to_string(),
                    "-o".into(),
                    "json".into(),
                ],
                None,
            );
            let json: serde_json::Value = serde_json::from_str(&c.stdout).expect("check -o json");
            let rejected: Vec<&serde_json::Value> = json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["code"].as_str().unwrap().starts_with("GS1"))
                .collect();
            assert!(
                rejected.is_empty(),
                "{} {flags:?}: check rejects the output: {rejected:#?}",
                case.name
            );
        }
    }
    // Only --convert-refused gives the all-refused class a Gateway (twice: with and without
    // --accept-security-loss).
    assert_eq!(all_refused_gateways, 2);
    assert!(checked_objects > 200, "only {checked_objects} objects validated");
}
