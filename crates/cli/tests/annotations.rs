//! `gateshift annotations`: the listing of the ingress-nginx annotation catalogue, and docs/annotations.md,
//! which is generated from it and must not drift.

mod common;

use common::{run, workspace_root};

fn annotations(format: &str) -> common::Run {
    let r = run(
        &workspace_root(),
        &["annotations".to_string(), "-o".to_string(), format.to_string()],
        None,
    );
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(r.stderr.is_empty(), "stderr: {}", r.stderr);
    r
}

#[test]
fn docs_annotations_md_is_generated_from_the_catalogue() {
    let generated = annotations("markdown").stdout;
    let path = workspace_root().join("docs/annotations.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/annotations.md is out of date with crates/nginx-annotations/src/lib.rs; regenerate it with\n  \
         cargo run -q -- annotations -o markdown > docs/annotations.md"
    );
}

#[test]
fn json_lists_every_annotation_once() {
    let json: serde_json::Value = serde_json::from_str(&annotations("json").stdout).expect("JSON");
    assert_eq!(json["prefix"], "nginx.ingress.kubernetes.io/");
    let rows = json["annotations"].as_array().unwrap();
    let mut names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n, "duplicate names");
    for name in [
        "rewrite-target",
        "auth-url",
        "whitelist-source-range",
        "configuration-snippet",
    ] {
        assert!(names.contains(&name), "{name}");
    }
    let snippet = rows.iter().find(|r| r["name"] == "server-snippet").unwrap();
    assert_eq!(snippet["risk"], "critical");
    assert_eq!(snippet["handling"]["kind"], "unsupported");
}

#[test]
fn text_is_the_default_and_names_every_annotation() {
    let r = run(&workspace_root(), &["annotations".to_string()], None);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert_eq!(r.stdout, annotations("text").stdout);
    for line in ["  auth-url ", "  limit-whitelist ", "(alias of limit-allowlist)"] {
        assert!(r.stdout.contains(line), "{line}");
    }
}

#[test]
fn unknown_format_is_a_usage_error() {
    let r = run(
        &workspace_root(),
        &["annotations".to_string(), "-o".to_string(), "yaml".to_string()],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
}
