//! The output forms: YAML on stdout, a JSON List, one file per object, JSON and Markdown reports, stdin input;
//! and the README's first command on the bundled example.

mod common;

use common::{run, run_with_json_report, validator, workspace_root, yaml_documents};

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn readme_example_converts_and_names_the_work_left() {
    let root = workspace_root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains("cargo run --release -q -- convert -f examples/cluster --gateway-class my-gateway-class --report report.md"),
        "README's first command changed: update this test"
    );
    let tmp = tempfile::tempdir().unwrap();
    let md = tmp.path().join("report.md");
    let r = run(
        &root,
        &args(&[
            "convert",
            "-f",
            "examples/cluster",
            "--gateway-class",
            "my-gateway-class",
            "--report",
            md.to_str().unwrap(),
        ]),
        None,
    );
    // The example carries annotations this version reports as manual.
    assert_eq!(r.code, 1, "{}", r.stderr);
    let docs = yaml_documents(&r.stdout);
    let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "Gateway").count(), 1);
    assert!(kinds.contains(&"HTTPRoute") && kinds.contains(&"ReferenceGrant"));
    assert!(
        docs.iter()
            .all(|d| d["metadata"]["annotations"]["gateshift.io/sources"].is_string())
    );
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.starts_with("# gateshift conversion report"));
    assert!(md.contains("## Needs your attention") && md.contains("proxy-body-size"));
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn readme_example_converts_to_valid_objects() {
    let r = run(
        &workspace_root(),
        &args(&[
            "convert",
            "-f",
            "examples/cluster",
            "--gateway-class",
            "my-gateway-class",
        ]),
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let docs = yaml_documents(&r.stdout);
    assert!(!docs.is_empty());
    for d in &docs {
        assert!(validator().validate(d).is_empty(), "{d}");
    }
}

#[test]
fn json_list_output_dir_and_json_report_agree() {
    let root = workspace_root();
    let base = ["convert", "-f", "examples/cluster", "--gateway-class", "eg"];
    let yaml = run(&root, &args(&base), None);
    let mut json_args = args(&base);
    json_args.extend(args(&["-o", "json"]));
    let json = run(&root, &json_args, None);
    let list: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(list["apiVersion"], "v1");
    assert_eq!(list["kind"], "List");
    assert_eq!(list["items"].as_array().unwrap(), &yaml_documents(&yaml.stdout));

    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gitops");
    let report = tmp.path().join("report.json");
    let mut dir_args = args(&base);
    dir_args.extend(args(&[
        "--output-dir",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]));
    let r = run(&root, &dir_args, None);
    assert!(r.stdout.is_empty(), "--output-dir prints no manifests");
    let mut from_files = Vec::new();
    for ns in std::fs::read_dir(&out).unwrap() {
        for file in std::fs::read_dir(ns.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let docs = yaml_documents(&std::fs::read_to_string(&path).unwrap());
            assert_eq!(docs.len(), 1, "{}", path.display());
            let d = &docs[0];
            let expected = format!(
                "{}-{}.yaml",
                d["kind"].as_str().unwrap().to_lowercase(),
                d["metadata"]["name"].as_str().unwrap()
            );
            assert_eq!(path.file_name().unwrap().to_str().unwrap(), expected);
            assert_eq!(
                path.parent().unwrap().file_name().unwrap().to_str().unwrap(),
                d["metadata"]["namespace"].as_str().unwrap()
            );
            from_files.push(d.clone());
        }
    }
    assert_eq!(from_files.len(), list["items"].as_array().unwrap().len());

    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(report["schema"], "gateshift.dev/report/v1");
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        for key in ["field", "status", "message", "file"] {
            assert!(f[key].is_string(), "finding without {key}: {f}");
        }
        for key in ["kind", "namespace", "name"] {
            assert!(f["object"][key].is_string(), "finding object without {key}: {f}");
        }
        assert!(f["line"].as_u64().unwrap() >= 1 && f["column"].as_u64().unwrap() >= 1);
        assert!(
            [
                "exact",
                "approximate",
                "manual",
                "unsupported",
                "refused",
                "ignored"
            ]
            .contains(&f["status"].as_str().unwrap())
        );
    }
    assert_eq!(report["objects"].as_array().unwrap().len(), from_files.len());
    assert!(r.stderr.contains("gateshift convert:") && r.stderr.contains("findings:"));
}

#[test]
fn stdin_input_is_named_stdin_in_the_report() {
    let root = workspace_root();
    let input = "tests/fixtures/basic-single-host/input.yaml";
    let text = std::fs::read_to_string(root.join(input)).unwrap();
    let (r, report) = run_with_json_report(
        &root,
        &["convert", "-f", "-", "--gateway-class", "eg"],
        Some(text.as_bytes()),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let from_file = run(
        &root,
        &args(&["convert", "-f", input, "--gateway-class", "eg"]),
        None,
    );
    assert_eq!(r.stdout, from_file.stdout);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["file"] == "<stdin>")
    );
}

#[test]
fn without_gateway_class_the_guess_is_reported_as_manual() {
    let root = workspace_root();
    let (r, report) = run_with_json_report(
        &root,
        &["convert", "-f", "tests/fixtures/basic-single-host/input.yaml"],
        None,
    );
    assert_eq!(r.code, 1);
    assert!(report["findings"].as_array().unwrap().iter().any(|f| {
        f["status"] == "manual"
            && f["message"]
                .as_str()
                .unwrap()
                .contains("gatewayClassName \"nginx\" is a guess")
    }));
    assert!(r.stdout.contains("gatewayClassName: nginx"));
}

/// The README's first command is `cargo run … -- convert …` at the workspace root: that only works while the
/// default members hold a single binary (the corpus crate has bench binaries of its own).
#[test]
fn cargo_run_at_the_root_runs_gateshift() {
    let manifest = std::fs::read_to_string(common::workspace_root().join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("default-members = [\"crates/cli\"]"),
        "the workspace's default-members must be the cli crate alone, or `cargo run` in the README fails"
    );
    let readme = std::fs::read_to_string(common::workspace_root().join("README.md")).unwrap();
    assert!(readme.contains("cargo run --release -q -- convert -f examples/cluster"));
}

/// A report that cannot be written stops `convert` before anything is output: no manifests on stdout, no files
/// in `--output-dir`, no temporary file left behind, and the other report untouched.
#[test]
fn an_unwritable_report_writes_nothing() {
    let root = workspace_root();
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("report.json");
    std::fs::write(&good, "previous").unwrap();
    let out = tmp.path().join("gitops");
    for (bad, why) in [
        (tmp.path().join("missing-dir/report.json"), "writing"),
        (tmp.path().join("report.txt"), "must end in .json or .md"),
    ] {
        for dir in [None, Some(&out)] {
            let mut a = args(&["convert", "-f", "examples/cluster", "--gateway-class", "eg"]);
            a.extend(args(&[
                "--report",
                good.to_str().unwrap(),
                "--report",
                bad.to_str().unwrap(),
            ]));
            if let Some(d) = dir {
                a.extend(args(&["--output-dir", d.to_str().unwrap()]));
            }
            let r = run(&root, &a, None);
            assert_eq!(r.code, 2, "{}: {}", bad.display(), r.stderr);
            assert!(r.stderr.contains(why), "{}", r.stderr);
            assert!(r.stdout.is_empty(), "manifests written: {}", r.stdout);
            assert!(!out.exists(), "--output-dir written");
            assert_eq!(std::fs::read_to_string(&good).unwrap(), "previous");
            let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .filter(|n| n.ends_with(".gateshift-tmp"))
                .collect();
            assert!(leftovers.is_empty(), "{leftovers:?}");
        }
    }
}
