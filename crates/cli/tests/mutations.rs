//! Mutated inputs through the real binary: every fixture input (`tests/fixtures/*/input*`) and every file of
//! `examples/cluster/` gets a few seeded line mutations (a line deleted, duplicated, swapped with another,
//! re-indented by ±2, a scalar replaced by an odd value, the file truncated), and each result goes through
//! `convert -f`, `check -f` and `verify --before F --after F`. Whatever the input, the binary must not panic,
//! must exit 0, 1 or 2, and on 2 must say why: a `file:line:column:` position or an `error:` line.
//!
//! Deterministic: the mutations come from a small PRNG seeded per file, so a failure names a case that
//! reproduces. `GATESHIFT_MUTATIONS=N` runs N mutated versions per file (default 3) and
//! `GATESHIFT_MUTATION_SEED=S` changes the seed, to search further than the default run does.

mod common;

use std::path::{Path, PathBuf};

use common::{run, workspace_root};

use gateshift_corpus::SplitMix64 as Rng;

/// The odd values a scalar is replaced with.
fn odd_values() -> Vec<String> {
    vec![
        "x".repeat(300),
        "y".repeat(70_000),
        "%aé".into(),
        "../../x".into(),
        "*.*.x".into(),
        "65536".into(),
        "-1".into(),
        "0".into(),
        "\"\"".into(),
        "~".into(),
        "/".into(),
        "//a//b".into(),
        "\"*.\"".into(),
        "\"a b\"".into(),
        "[]".into(),
        "{}".into(),
        "\"\\u0000\"".into(),
        "1e400".into(),
        "\"ünïcødé.example.com\"".into(),
        "\"~1(?i)^/(.*)$\"".into(),
        "\"$host\"".into(),
    ]
}

/// One mutation of `lines`; returns what it did, for the failure message.
fn mutate(lines: &mut Vec<String>, rng: &mut Rng) -> String {
    if lines.is_empty() {
        lines.push("x".into());
        return "empty file: added a line".into();
    }
    let n = lines.len();
    let i = rng.below(n);
    match rng.below(7) {
        0 => {
            lines.remove(i);
            format!("deleted line {}", i + 1)
        }
        1 => {
            lines.insert(i, lines[i].clone());
            format!("duplicated line {}", i + 1)
        }
        2 => {
            let j = rng.below(n);
            lines.swap(i, j);
            format!("swapped lines {} and {}", i + 1, j + 1)
        }
        3 => {
            lines[i] = format!("  {}", lines[i]);
            format!("indented line {} by 2", i + 1)
        }
        4 => {
            let l = &lines[i];
            let strip = l.len() - l.trim_start_matches(' ').len();
            lines[i] = l[strip.min(2)..].to_string();
            format!("dedented line {} by 2", i + 1)
        }
        5 => {
            // A scalar: the value after `key: ` or `- ` on some line (the first such line from `i` on).
            let values = odd_values();
            let value = &values[rng.below(values.len())];
            for k in (i..n).chain(0..i) {
                let l = &lines[k];
                let at = l.find(": ").map(|p| p + 2).or_else(|| {
                    l.trim_start()
                        .starts_with("- ")
                        .then(|| l.len() - l.trim_start().len() + 2)
                });
                if let Some(at) = at.filter(|&at| at < l.len()) {
                    lines[k] = format!("{}{value}", &l[..at]);
                    return format!("line {}: value replaced with {value:?}", k + 1);
                }
            }
            "no scalar to replace".into()
        }
        _ => {
            // Truncate: keep the first lines and part of the next.
            let keep = &lines[i];
            let mut cut = rng.below(keep.len() + 1);
            while !keep.is_char_boundary(cut) {
                cut -= 1;
            }
            let last = keep[..cut].to_string();
            lines.truncate(i);
            lines.push(last);
            format!("truncated at line {}, column {}", i + 1, cut + 1)
        }
    }
}

/// The inputs: fixture inputs and the example cluster, relative to the repository root, sorted.
fn inputs(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let dir = entry.file_name().to_string_lossy().to_string();
        for f in std::fs::read_dir(entry.path()).unwrap() {
            let f = f.unwrap().file_name().to_string_lossy().to_string();
            if f.starts_with("input") && (f.ends_with(".yaml") || f.ends_with(".json")) {
                out.push(format!("tests/fixtures/{dir}/{f}"));
            }
        }
    }
    for f in std::fs::read_dir(root.join("examples/cluster")).unwrap() {
        let f = f.unwrap().file_name().to_string_lossy().to_string();
        if f.ends_with(".yaml") {
            out.push(format!("examples/cluster/{f}"));
        }
    }
    out.sort();
    out
}

/// FNV-1a of the file name: each file's seed does not move when another file is added.
fn name_seed(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One mutated input.
struct Case {
    /// `file #k`, and the mutations applied.
    name: String,
    ext: &'static str,
    text: String,
}

fn cases(root: &Path, per_file: usize, seed: u64) -> Vec<Case> {
    let mut out = Vec::new();
    for file in inputs(root) {
        let original = std::fs::read_to_string(root.join(&file)).unwrap();
        let ext = if file.ends_with(".json") { "json" } else { "yaml" };
        let mut rng = Rng(name_seed(&file) ^ seed);
        for k in 0..per_file {
            let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
            let mut done = Vec::new();
            for _ in 0..1 + rng.below(3) {
                done.push(mutate(&mut lines, &mut rng));
            }
            let mut text = lines.join("\n");
            text.push('\n');
            out.push(Case {
                name: format!("{file} #{k}: {}", done.join("; ")),
                ext,
                text,
            });
        }
    }
    out
}

/// What is wrong with the runs of the binary on `path` (run in `dir`), if anything.
fn problems(case: &Case, path: &Path, dir: &Path) -> Vec<String> {
    let p = path.display().to_string();
    let commands: [Vec<String>; 3] = [
        vec!["convert".into(), "-f".into(), p.clone()],
        vec!["check".into(), "-f".into(), p.clone()],
        vec![
            "verify".into(),
            "--before".into(),
            p.clone(),
            "--after".into(),
            p.clone(),
        ],
    ];
    let mut out = Vec::new();
    for args in commands {
        let r = run(dir, &args, None);
        let what = format!("{} ({})", args[0], case.name);
        if r.code == 101 || r.stderr.contains("panicked") {
            out.push(format!("{what}: PANIC (exit {}):\n{}", r.code, r.stderr));
            continue;
        }
        if !(0..=2).contains(&r.code) {
            out.push(format!(
                "{what}: exit {} (0, 1 or 2 expected):\n{}",
                r.code, r.stderr
            ));
            continue;
        }
        if r.code == 2 && !explains(&r.stderr) {
            out.push(format!(
                "{what}: exit 2 without a position or `error:` line:\n{}",
                r.stderr
            ));
        }
    }
    out
}

/// Whether stderr says why the input was refused: a `file:line:column:` position or a line starting `error:`.
fn explains(stderr: &str) -> bool {
    stderr.lines().any(|l| {
        let l = l.trim_start();
        if l.starts_with("error:") {
            return true;
        }
        // `NAME:LINE:COLUMN: …` with LINE and COLUMN numbers.
        let mut parts = l.splitn(4, ':');
        let (Some(file), Some(line), Some(col), Some(_)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return false;
        };
        let num = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        !file.is_empty() && num(line) && num(col)
    })
}

/// Runs every case, on a few threads, and collects what went wrong.
fn run_cases(cases: &[Case]) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let path: PathBuf = tmp.path().join(format!("case-{i}.{}", case.ext));
                    std::fs::write(&path, &case.text).unwrap();
                    let found = problems(case, &path, tmp.path());
                    if !found.is_empty() {
                        let mut f = failures.lock().unwrap();
                        for p in found {
                            f.push(format!("{p}\n--- input ({}):\n{}", case.name, case.text));
                        }
                    }
                }
            });
        }
    });
    failures.into_inner().unwrap()
}

#[test]
fn mutated_inputs_never_panic_and_always_explain_a_refusal() {
    let root = workspace_root();
    let per_file = std::env::var("GATESHIFT_MUTATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let seed = std::env::var("GATESHIFT_MUTATION_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let cases = cases(&root, per_file, seed);
    assert!(
        cases.len() >= 60 * per_file,
        "expected the fixtures and examples, found {} cases",
        cases.len()
    );
    let failures = run_cases(&cases);
    assert!(
        failures.is_empty(),
        "{} failure(s) in {} mutated inputs:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// The mutation itself: deterministic, and it changes the text.
#[test]
fn mutations_are_deterministic() {
    let root = workspace_root();
    let a = cases(&root, 2, 7);
    let b = cases(&root, 2, 7);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.name, y.name);
        assert_eq!(x.text, y.text);
    }
    assert!(a.iter().any(|c| c.name.contains("value replaced")));
}
