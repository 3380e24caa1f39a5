//! The benchmark corpus run through the real binary, so the generator and the large-input path cannot rot.
//! Quick (200 Ingresses) in every `cargo test`; the 50k run is ignored in debug builds, run it with
//! `cargo test --release -p gateshift --test scale -- --ignored`.

mod common;

use std::io::Write as _;

use gateshift_corpus::{Config, generate, generate_with};

/// Converts `text` with the binary; returns (exit code, stdout, JSON report).
fn convert(text: &str) -> (i32, String, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus.yaml");
    std::fs::write(&input, text).unwrap();
    let (run, report) = common::run_with_json_report(
        dir.path(),
        &["convert", "-f", "corpus.yaml", "--gateway-class", "x"],
        None,
    );
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    (run.code, run.stdout, report)
}

fn count(stdout: &str, kind: &str) -> usize {
    stdout.lines().filter(|l| *l == format!("kind: {kind}")).count()
}

#[test]
fn generated_cluster_converts() {
    let text = generate(200, 1);
    assert_eq!(text, generate(200, 1), "the corpus is deterministic");
    let (_, stdout, report) = convert(&text);
    assert!(count(&stdout, "HTTPRoute") >= 150, "{stdout}");
    assert_eq!(count(&stdout, "Gateway"), 1);
    assert!(report.is_object());
    // The same bytes in give the same bytes out.
    assert_eq!(stdout, convert(&text).1);
}

#[test]
fn refused_ingresses_are_reported_not_fatal() {
    let text = generate_with(&Config {
        refused: true,
        ..Config::new(300, 3)
    });
    assert!(text.contains("configuration-snippet"));
    let (code, stdout, _) = convert(&text);
    assert_eq!(code, 1);
    assert!(count(&stdout, "HTTPRoute") > 0);
}

/// Issue 6: a 50k-Ingress input (66 MB, over a million YAML nodes) converts end to end.
#[test]
#[ignore = "minutes in a debug build: cargo test --release -p gateshift --test scale -- --ignored"]
fn fifty_thousand_ingresses_convert() {
    let text = generate(50_000, 1);
    assert!(text.len() > 50 << 20);
    let (_, stdout, _) = convert(&text);
    assert!(count(&stdout, "HTTPRoute") >= 50_000);
}

/// Issue 6: a run longer than a second shows its progress on a terminal (stderr), and nothing of it reaches
/// stderr when that is not a terminal. The terminal is the pseudo-terminal `script` (util-linux) gives the
/// command; skipped where there is no `script`.
#[test]
fn progress_only_on_a_terminal() {
    let Ok(script) = which("script") else {
        let _ = writeln!(
            std::io::stderr(),
            "skipped: no `script` command to give gateshift a terminal"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // Large enough to run well over a second in a debug build.
    std::fs::write(dir.path().join("corpus.yaml"), generate(8_000, 1)).unwrap();
    let phases = ["reading", "decoding documents", "converting Ingresses", "writing"];

    let piped = common::run(
        dir.path(),
        &["convert", "-f", "corpus.yaml", "--gateway-class", "x"].map(String::from),
        None,
    );
    assert!(piped.code <= 1, "{}", piped.stderr);
    assert!(
        !piped.stderr.contains('\u{1b}'),
        "terminal control codes in piped stderr"
    );
    for p in phases {
        assert!(!piped.stderr.contains(p), "progress {p:?} in piped stderr");
    }

    let command = format!(
        "{} convert -f corpus.yaml --gateway-class x > /dev/null",
        env!("CARGO_BIN_EXE_gateshift")
    );
    let tty = std::process::Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&tty.stdout);
    assert!(
        phases.iter().any(|p| screen.contains(p)),
        "no progress on the terminal: {screen}"
    );
    assert!(
        screen.contains("gateshift convert: 8000 Ingress(es) converted"),
        "{screen}"
    );
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(program))
                .find(|p| p.is_file())
        })
        .ok_or(())
}
