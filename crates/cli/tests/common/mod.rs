//! Helpers shared by the CLI integration tests.
#![allow(dead_code)]

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

/// The repository root (the tests run the binary from there so reported paths are relative).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// One finished run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `gateshift args…` in `dir`, feeding `stdin` when given.
pub fn run(dir: &Path, args: &[String], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gateshift"))
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gateshift");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// A golden case: `tests/fixtures/<name>/` with `input.yaml`/`input.json` (or several `*.yaml`), an optional
/// `args` file (extra flags, one per line) and the snapshot.
pub struct Case {
    pub name: String,
    pub dir: String,
    pub inputs: Vec<String>,
    pub args: Vec<String>,
}

/// Every fixture, sorted by name. Unless the fixture's `args` names `--gateway-class`, the conversion gets
/// `--gateway-class example-gateway-class`, so snapshots show a real conversion rather than the guess.
pub fn fixture_cases() -> Vec<Case> {
    let root = workspace_root();
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        let dir = format!("tests/fixtures/{name}");
        let mut inputs: Vec<String> = std::fs::read_dir(entry.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|f| f.ends_with(".yaml") || f.ends_with(".yml") || f.ends_with(".json"))
            .map(|f| format!("{dir}/{f}"))
            .collect();
        inputs.sort();
        let mut args: Vec<String> = std::fs::read_to_string(entry.path().join("args"))
            .map(|s| {
                s.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        if !args.iter().any(|a| a == "--gateway-class") {
            args.push("--gateway-class".into());
            args.push("example-gateway-class".into());
        }
        cases.push(Case {
            name,
            dir,
            inputs,
            args,
        });
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// The objects of a multi-document YAML output.
pub fn yaml_documents(text: &str) -> Vec<serde_json::Value> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    serde_saphyr::from_multiple::<serde_json::Value>(text).expect("output is valid YAML")
}

/// The independent CRD validator. Panics without the Gateway API data: a test that calls it is marked
/// `#[cfg_attr(not(gateway_api_data), ignore = "…")]` (the cfg is set by crates/cli/build.rs).
pub fn validator() -> &'static gateshift_crd_validate::Validator {
    static V: std::sync::OnceLock<gateshift_crd_validate::Validator> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        let dir = gateshift_crd_validate::require_gateway_api_dir().expect("the Gateway API data");
        gateshift_crd_validate::Validator::load(&dir.join("crds/standard")).expect("load CRDs")
    })
}

/// Runs `gateshift args… --report <tmp>/report.json` in `dir` and returns the run with the parsed JSON report
/// (`Null` when no report was written).
pub fn run_with_json_report(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> (Run, serde_json::Value) {
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("report.json");
    let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    all.push("--report".into());
    all.push(report.display().to_string());
    let r = run(dir, &all, stdin);
    let json = std::fs::read_to_string(&report)
        .map(|text| serde_json::from_str(&text).expect("report is JSON"))
        .unwrap_or(serde_json::Value::Null);
    (r, json)
}
