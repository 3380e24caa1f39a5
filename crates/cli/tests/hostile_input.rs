//! Hostile and careless input: devices and oversized files, an `--output-dir` replaced as a whole or not at
//! all, `--report` paths that could only fail at the end, a closed stdout, and objects defined twice.

mod common;

use std::{
    path::Path,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use common::{run, workspace_root};

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

const CLUSTER: &str = "examples/cluster";

/// Every command that reads `-f`, with `input` as its only input (`verify`: on either side, `other` on the
/// other).
fn every_reader(input: &str, other: &str, extra: &[&str]) -> Vec<Vec<String>> {
    let mut commands = vec![
        args(&["convert", "-f", input]),
        args(&["check", "-f", input]),
        args(&["simulate", "http://a.example.com/", "-f", input]),
        args(&["verify", "--before", input, "--after", other]),
        args(&["verify", "--before", other, "--after", input]),
    ];
    for c in &mut commands {
        c.extend(args(extra));
    }
    commands
}

#[test]
fn a_device_is_refused_at_once() {
    let root = workspace_root();
    for a in every_reader("/dev/zero", CLUSTER, &[]) {
        let started = Instant::now();
        let r = run(&root, &a, None);
        assert_eq!(r.code, 2, "{a:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("/dev/zero: not a regular file"),
            "{a:?}: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{a:?}");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{a:?} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn an_input_over_max_input_size_is_refused() {
    let root = workspace_root();
    let file = "examples/cluster/shop.yaml";
    let size = std::fs::metadata(root.join(file)).unwrap().len();
    assert!(size > 1024, "the example is larger than the limit used");
    let tmp = tempfile::tempdir().unwrap();
    let small = tmp.path().join("small.yaml");
    std::fs::write(&small, WEB).unwrap();
    for a in every_reader(file, small.to_str().unwrap(), &["--max-input-size", "1K"]) {
        let r = run(&root, &a, None);
        assert_eq!(r.code, 2, "{a:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("{file}: larger than 1024 bytes")),
            "{a:?}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("raise --max-input-size"), "{a:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{a:?}");
    }
    // stdin too.
    let text = std::fs::read(root.join(file)).unwrap();
    let r = run(
        &root,
        &args(&["convert", "-f", "-", "--max-input-size", "1K"]),
        Some(&text),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("<stdin>: larger than"), "{}", r.stderr);
    // A limit above the file reads it; the default (2G) does too.
    for limit in [
        &["--max-input-size", "512M"][..],
        &["--max-input-size", "1M"],
        &[],
    ] {
        let mut a = args(&["check", "-f", file]);
        a.extend(args(limit));
        let r = run(&root, &a, None);
        assert!(r.code < 2, "{limit:?}: {}", r.stderr);
    }
    // A size that is not one is a usage error.
    for bad in ["lots", "0", "12X"] {
        let r = run(
            &root,
            &args(&["check", "-f", file, "--max-input-size", bad]),
            None,
        );
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(r.stderr.contains("--max-input-size"), "{bad}: {}", r.stderr);
    }
}

/// Every file under `dir`, relative path → bytes.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                files.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    files
}

/// Names in `dir` that are gateshift's staging or temporary leftovers.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains(".gateshift-"))
        .collect()
}

fn convert_to_dir(input: &str, out: &Path) -> Vec<String> {
    args(&[
        "convert",
        "-f",
        input,
        "--gateway-class",
        "eg",
        "--output-dir",
        out.to_str().unwrap(),
    ])
}

#[test]
fn a_failure_half_way_leaves_the_previous_output_dir_intact() {
    if !cfg!(debug_assertions) {
        // The failure is injected through an environment variable only debug builds read.
        return;
    }
    let root = workspace_root();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gitops");
    let first = run(&root, &convert_to_dir("examples/cluster/shop.yaml", &out), None);
    assert!(first.code < 2, "{}", first.stderr);
    let before = snapshot(&out);
    assert!(before.len() > 3, "{before:?}");

    let mut child = Command::new(env!("CARGO_BIN_EXE_gateshift"));
    child
        .args(convert_to_dir(CLUSTER, &out))
        .current_dir(&root)
        .env("GATESHIFT_TEST_FAIL_AFTER_FILES", "3");
    let r = child.output().unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("GATESHIFT_TEST_FAIL_AFTER_FILES"), "{stderr}");
    assert_eq!(snapshot(&out), before, "the previous set changed");
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));

    // A failure on a first run leaves no directory at all.
    let fresh = tmp.path().join("fresh");
    let r = child
        .args(["--output-dir", fresh.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(!fresh.exists());
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
}

#[test]
fn a_second_run_replaces_the_whole_set() {
    let root = workspace_root();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gitops");
    let r = run(&root, &convert_to_dir(CLUSTER, &out), None);
    assert!(r.code < 2, "{}", r.stderr);
    let all = snapshot(&out);
    assert!(all.keys().any(|k| k.starts_with("blog/")), "{all:?}");

    let r = run(&root, &convert_to_dir("examples/cluster/shop.yaml", &out), None);
    assert!(r.code < 2, "{}", r.stderr);
    let shop_only = snapshot(&out);
    assert!(
        !shop_only.keys().any(|k| k.starts_with("blog/")),
        "stale files kept: {shop_only:?}"
    );
    assert!(!out.join("blog").exists(), "stale namespace directory kept");
    assert!(shop_only.keys().any(|k| k.starts_with("shop/")), "{shop_only:?}");
    // The same bytes as a run into a new directory.
    let fresh = tmp.path().join("fresh");
    let r = run(&root, &convert_to_dir("examples/cluster/shop.yaml", &fresh), None);
    assert!(r.code < 2, "{}", r.stderr);
    assert_eq!(snapshot(&fresh), shop_only);
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
}

#[test]
fn an_output_dir_holding_other_files_is_not_swept_away() {
    let root = workspace_root();
    let tmp = tempfile::tempdir().unwrap();
    for (setup, foreign) in [
        (&["README.md"][..], "README.md"),
        (&["shop/kustomization.txt"], "kustomization.txt"),
        (&[".git/HEAD"], ".git"),
    ] {
        let out = tmp.path().join("repo");
        let _ = std::fs::remove_dir_all(&out);
        for f in setup {
            let p = out.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "mine").unwrap();
        }
        let before = snapshot(&out);
        let r = run(&root, &convert_to_dir(CLUSTER, &out), None);
        assert_eq!(r.code, 2, "{setup:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(foreign) && r.stderr.contains("not written by gateshift"),
            "{}",
            r.stderr
        );
        assert_eq!(snapshot(&out), before);
        assert!(leftovers(tmp.path()).is_empty());
    }
    // A plain file where the directory should be.
    let file = tmp.path().join("file");
    std::fs::write(&file, "mine").unwrap();
    let r = run(&root, &convert_to_dir(CLUSTER, &file), None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a directory"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn a_report_that_could_only_fail_at_the_end_is_refused_first() {
    let root = workspace_root();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("reports.json");
    std::fs::create_dir(&dir).unwrap();
    let good = tmp.path().join("report.json");
    let out = tmp.path().join("gitops");
    let same = format!("{}/./report.json", tmp.path().display());
    for (reports, why) in [
        (vec![dir.display().to_string()], "is a directory"),
        (
            vec![good.display().to_string(), good.display().to_string()],
            "given twice",
        ),
        (vec![good.display().to_string(), same], "given twice"),
    ] {
        for to_dir in [false, true] {
            let mut a = args(&["convert", "-f", CLUSTER, "--gateway-class", "eg"]);
            for r in &reports {
                a.extend(args(&["--report", r]));
            }
            if to_dir {
                a.extend(args(&["--output-dir", out.to_str().unwrap()]));
            }
            let r = run(&root, &a, None);
            assert_eq!(r.code, 2, "{reports:?}: {}", r.stderr);
            assert!(r.stderr.contains(why), "{}", r.stderr);
            assert!(r.stdout.is_empty(), "manifests printed");
            assert!(!out.exists(), "--output-dir written");
            assert!(!good.exists(), "report written");
            assert!(std::fs::read_dir(&dir).unwrap().next().is_none());
            let tmp_files: Vec<_> = std::fs::read_dir(tmp.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .filter(|n| n.starts_with('.'))
                .collect();
            assert!(tmp_files.is_empty(), "{tmp_files:?}");
        }
    }
}

#[test]
fn a_closed_stdout_is_an_error_and_commits_no_report() {
    let root = workspace_root();
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("report.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gateshift"))
        .args(args(&[
            "convert",
            "-f",
            CLUSTER,
            "--gateway-class",
            "eg",
            "--report",
            report.to_str().unwrap(),
        ]))
        .current_dir(&root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the first byte, like `| head -c 0`.
    drop(child.stdout.take());
    let r = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("broken pipe"), "{stderr}");
    assert!(!report.exists(), "report committed");
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(names.is_empty(), "{names:?}");
}

const WEB: &str = "apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
  - host: a.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
";

/// The fuzz-found case (`fuzz/regressions/convert/`): a mirror target whose host has the shape of a Service
/// (`shadow.sh;adow.svc.cluster.local`) names a namespace no cluster can have. It is reported as not a Service
/// (manual, at the annotation), never written as a ReferenceGrant in namespace `sh;adow`; the output reads
/// back and checks clean, and `--verify` runs on it.
#[test]
fn a_mirror_target_with_an_invalid_namespace_is_no_service() {
    let root = workspace_root();
    let input = "fuzz/regressions/convert/mirror-target-namespace-not-validated.yaml";
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("report.md");
    let r = run(
        &root,
        &args(&[
            "convert",
            "-f",
            input,
            "--gateway-class",
            "example",
            "--report",
            report.to_str().unwrap(),
        ]),
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stdout.contains("adow"), "{}", r.stdout);
    let report = std::fs::read_to_string(&report).unwrap();
    let line = report
        .lines()
        .find(|l| l.contains("annotations[nginx.ingress.kubernetes.io/mirror-target]"))
        .unwrap_or_else(|| panic!("no mirror-target line:\n{report}"));
    assert!(line.contains("namespace \"sh;adow\" is invalid"), "{line}");
    assert!(line.contains(&format!("{input}:")), "{line}");
    let out = tmp.path().join("out.yaml");
    std::fs::write(&out, &r.stdout).unwrap();
    let r = run(&root, &args(&["check", "-f", out.to_str().unwrap()]), None);
    assert!(r.code < 2, "{}", r.stderr);
    let r = run(
        &root,
        &args(&["convert", "-f", input, "--gateway-class", "example", "--verify"]),
        None,
    );
    assert!(r.code < 2, "{}", r.stderr);
}

/// An input without any Service: references are taken as written, and that is said once, at the first
/// reference (not per reference); a port name cannot be resolved then, which is manual (exit 1) at the port,
/// and its rule is written without backendRefs. `verify` of the result agrees with the Ingresses elsewhere.
#[test]
fn an_input_without_services_says_so_once() {
    let root = workspace_root();
    let two_paths = WEB.replace("spec:\n", "spec:\n  ingressClassName: nginx\n").replace(
        "          service: {name: web, port: {number: 80}}\n",
        "          service: {name: web, port: {number: 80}}\n      - path: /api\n        pathType: Prefix\n        backend:\n          service: {name: api, port: {number: 8080}}\n",
    );
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("r.json");
    let r = run(
        &root,
        &args(&[
            "convert",
            "-f",
            "-",
            "--gateway-class",
            "x",
            "--verify",
            "--report",
            report.to_str().unwrap(),
        ]),
        Some(two_paths.as_bytes()),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = std::fs::read_to_string(&report).unwrap();
    assert_eq!(
        report.matches("kubectl get svc -A -o yaml").count(),
        1,
        "{report}"
    );
    assert!(
        r.stderr.contains("every request routes the same way"),
        "{}",
        r.stderr
    );

    let named = two_paths.replace("port: {number: 8080}", "port: {name: http}");
    let r = run(
        &root,
        &args(&["convert", "-f", "-", "--gateway-class", "x"]),
        Some(named.as_bytes()),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("<stdin>:19:38: manual: Ingress shop/web spec.rules[0].http.paths[1].backend.service.port: port \"http\" of Service shop/api is a name, and the input has no Services"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("kind: HTTPRoute"), "{}", r.stdout);
}
