//! Bad input: every file in `tests/bad-input/` states where gateshift must point and what it must say
//! (`# expect: LINE:COLUMN: fragment`). The run must exit 2, print `file:line:column: …`, and write nothing.

mod common;

use common::{run, workspace_root};

#[test]
fn every_bad_input_is_reported_at_its_position_and_nothing_is_written() {
    let root = workspace_root();
    let dir = root.join("tests/bad-input");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|f| f.ends_with(".yaml") || f.ends_with(".json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 12,
        "expected a file per class of bad input, found {}",
        files.len()
    );
    for file in files {
        let text = std::fs::read_to_string(dir.join(&file)).unwrap();
        let expect_line = if file.ends_with(".json") {
            std::fs::read_to_string(dir.join(format!("{file}.expect"))).unwrap()
        } else {
            text.lines().next().unwrap().to_string()
        };
        let expect = expect_line
            .trim()
            .strip_prefix("# expect: ")
            .unwrap_or_else(|| panic!("{file}: no expectation"));
        let (position, fragment) = expect.split_once(": ").unwrap();
        let rel = format!("tests/bad-input/{file}");
        let tmp = tempfile::tempdir().unwrap();
        let out_dir = tmp.path().join("out");
        let report = tmp.path().join("report.json");
        let args: Vec<String> = vec![
            "convert".into(),
            "-f".into(),
            rel.clone(),
            "--output-dir".into(),
            out_dir.display().to_string(),
            "--report".into(),
            report.display().to_string(),
        ];
        let r = run(&root, &args, None);
        assert_eq!(r.code, 2, "{file}: exit code; stderr: {}", r.stderr);
        let wanted = format!("{rel}:{position}: ");
        assert!(
            r.stderr.contains(&wanted),
            "{file}: wanted {wanted:?} in stderr:\n{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(fragment),
            "{file}: wanted {fragment:?} in stderr:\n{}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{file}: panic: {}", r.stderr);
        assert!(!out_dir.exists(), "{file}: output directory written");
        assert!(!report.exists(), "{file}: report written");
        assert!(r.stdout.is_empty(), "{file}: output printed");

        // The same input through stdin names `<stdin>`.
        let r = run(
            &root,
            &["convert".into(), "-f".into(), "-".into()],
            Some(text.as_bytes()),
        );
        assert_eq!(r.code, 2, "{file} via stdin");
        assert!(
            r.stderr.contains(&format!("<stdin>:{position}: ")),
            "{file} via stdin: {}",
            r.stderr
        );
    }
}

#[test]
fn missing_file_and_bad_usage_exit_2() {
    let root = workspace_root();
    let r = run(
        &root,
        &["convert".into(), "-f".into(), "does/not/exist.yaml".into()],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does/not/exist.yaml"), "{}", r.stderr);
    let r = run(&root, &["convert".into()], None);
    assert_eq!(r.code, 2, "missing -f is a usage error");
    let r = run(
        &root,
        &[
            "convert".into(),
            "-f".into(),
            "examples/cluster".into(),
            "--report".into(),
            "r.txt".into(),
        ],
        None,
    );
    assert_eq!(r.code, 2, "unknown report extension");
    assert!(!root.join("r.txt").exists());
}

/// No byte of a Secret's data ever reaches stdout or stderr, whichever reader or decoder fails on it: `-f` and
/// `--crds` (which once had a YAML loader of its own that echoed the lines around an error), a YAML error inside
/// the Secret, and a `data` of the wrong type (serde quotes the value it did not expect).
#[test]
fn a_secret_is_never_echoed() {
    const KEY: &str = "TUlJRXZRSUJBREFOQmdrcWhraUc5dzBCQVFFRkFBU0NCS2N3Z2dTakFnRUFBb0lCQVFD";
    let wrong_type = format!(
        "apiVersion: v1\nkind: Secret\nmetadata: {{name: tls, namespace: shop}}\ntype: kubernetes.io/tls\ndata: {KEY}\n"
    );
    let yaml_error = format!(
        "apiVersion: v1\nkind: Secret\nmetadata: {{name: tls, namespace: shop}}\ndata:\n  tls.key: {KEY}\n  tls.crt: [{KEY}\n  other: x\n"
    );
    let root = workspace_root();
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in [("wrong-type.yaml", &wrong_type), ("yaml-error.yaml", &yaml_error)] {
        let path = tmp.path().join(name);
        std::fs::write(&path, text).unwrap();
        let file = path.display().to_string();
        for args in [
            vec!["convert", "-f", &file],
            vec!["check", "-f", &file],
            vec!["check", "-f", "examples/cluster", "--crds", &file],
            vec!["verify", "--before", &file, "--after", &file],
        ] {
            let args: Vec<String> = args.into_iter().map(String::from).collect();
            let r = run(&root, &args, None);
            assert_eq!(r.code, 2, "{name} {args:?}: {}", r.stderr);
            assert!(
                r.stderr.contains(&format!("{file}:")),
                "{name} {args:?}: no position: {}",
                r.stderr
            );
            for needle in [KEY, &KEY[..12]] {
                assert!(
                    !r.stdout.contains(needle) && !r.stderr.contains(needle),
                    "{name} {args:?}: the Secret's data was printed:\n{}",
                    r.stderr
                );
            }
        }
    }
}
