//! Built-in validation against the upstream data:
//! * every object in the upstream v1.6.1 `examples/` passes (nothing the API server would reject);
//! * every file of the broken corpus `tests/check-bad/` (one per built-in rule) is rejected with the expected
//!   code, field, position and message (its `# expect: CODE FIELD LINE:COLUMN MESSAGE` header);
//! * differential: on that corpus the official CRD schemas and CEL rules (`gateshift-crd-validate`, which shares
//!   no code with the built-in checks) reject the same field with the same message, and on the examples they
//!   agree that nothing is wrong.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use gateshift_check::{Finding, Options, check};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

/// Built-in validation findings (`GS1xxx`) for one file, and the decoded objects' JSON.
fn validate_file(path: &Path) -> (Vec<Finding>, Vec<serde_json::Value>, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let docs = gateshift_manifest::read_str(&name, &text, &Default::default()).expect("parses");
    let mut objects = Vec::new();
    let mut skipped = 0;
    for doc in docs {
        match gateshift_api::decode(Arc::new(doc)) {
            Ok(o) => objects.push(o),
            // Experimental-only versions (e.g. v1alpha3) are not served by the standard channel.
            Err(_) => skipped += 1,
        }
    }
    let json = objects
        .iter()
        .filter(|o| matches!(o.object, gateshift_api::Object::Gateway(_)))
        .map(|o| o.doc.to_json())
        .collect();
    let outcome = check(&objects, &Options::default());
    let findings = outcome
        .findings
        .into_iter()
        .filter(|f| f.code.starts_with("GS1"))
        .collect();
    (findings, json, skipped)
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn upstream_examples_pass_builtin_validation() {
    let Some(dir) = gateshift_crd_validate::require_gateway_api_dir() else {
        return;
    };
    let validator = gateshift_crd_validate::Validator::load(&dir.join("crds/standard")).unwrap();
    let mut files = Vec::new();
    yaml_files(&dir.join("examples"), &mut files);
    assert!(files.len() > 20, "{} example files", files.len());
    let mut objects = 0;
    for f in &files {
        let (findings, json, _) = validate_file(f);
        assert!(findings.is_empty(), "{}: {findings:#?}", f.display());
        // The official rules agree (for the standard-channel objects they know).
        for j in json.iter().filter(|j| validator.knows(j)) {
            objects += 1;
            let v = validator.validate(j);
            let rejected = v.iter().any(|v| !v.message.starts_with("Required value"));
            assert!(
                !rejected || !is_standard(j),
                "{}: CRDs reject what built-in passes: {v:#?}",
                f.display()
            );
        }
    }
    assert!(objects > 50, "only {objects} example objects validated");
}

/// Experimental-channel examples use fields the standard CRDs prune; they are not a disagreement.
fn is_standard(j: &serde_json::Value) -> bool {
    !j.to_string().contains("experimental")
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn broken_corpus_is_rejected_at_the_right_place_and_the_crds_agree() {
    let dir = workspace().join("tests/check-bad");
    let mut files = Vec::new();
    yaml_files(&dir, &mut files);
    assert!(files.len() >= 23, "{} files in tests/check-bad", files.len());
    let validator = gateshift_crd_validate::require_gateway_api_dir()
        .map(|d| gateshift_crd_validate::Validator::load(&d.join("crds/standard")).unwrap());
    let mut codes = std::collections::BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let header = text
            .lines()
            .next()
            .unwrap()
            .strip_prefix("# expect: ")
            .expect("# expect: header");
        let mut parts = header.splitn(4, ' ');
        let (code, field, pos, message) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let (findings, json, _) = validate_file(f);
        let found = findings
            .iter()
            .find(|x| x.code == code && x.field == field && x.message == message);
        let Some(found) = found else {
            panic!(
                "{}: expected {code} {field}: {message}\ngot: {findings:#?}",
                f.display()
            );
        };
        assert_eq!(
            format!("{}:{}", found.line, found.column),
            pos,
            "{}: position",
            f.display()
        );
        codes.insert(code.to_string());
        if let Some(v) = &validator {
            let violations: Vec<_> = json.iter().flat_map(|j| v.validate(j)).collect();
            // Every built-in finding is one the API server reports too: same field, same message (a CEL rule that
            // fails to evaluate on an absent field is reported with its message inside the evaluation error).
            for x in &findings {
                assert!(
                    violations
                        .iter()
                        .any(|v| v.path == x.field && v.message.contains(&x.message)),
                    "{}: built-in {} `{}: {}` not reported by the CRD rules: {violations:#?}",
                    f.display(),
                    x.code,
                    x.field,
                    x.message
                );
            }
        }
    }
    // One file per built-in rule.
    for n in 1001..=1023 {
        assert!(codes.contains(&format!("GS{n}")), "no broken example for GS{n}");
    }
}

/// Every code the crate defines is documented in docs/findings.md (meaning, example, fix).
#[test]
fn every_code_is_documented() {
    let source = std::fs::read_to_string(workspace().join("crates/check/src/finding.rs")).unwrap();
    let docs = std::fs::read_to_string(workspace().join("docs/findings.md")).unwrap();
    let mut n = 0;
    for part in source.split("&str = \"").skip(1) {
        let code = &part[..6];
        assert!(code.starts_with("GS"), "{code}");
        assert!(
            docs.contains(&format!("| {code} |")),
            "{code} is not documented in docs/findings.md"
        );
        n += 1;
    }
    assert!(n >= 50, "{n} codes");
}
