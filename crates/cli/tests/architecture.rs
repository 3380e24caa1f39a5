//! Structural tests: they fail when ARCHITECTURE.md stops describing the code, or when the layout rules it
//! states stop holding (dependency directions, who does IO, function and file sizes, provider/emitter split).
//!
//! Everything here reads source files as text; the scans are deliberately simple (comments, strings and char
//! literals are blanked out, then braces are matched), which is enough for rustfmt-formatted code.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

/// The repository root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(rel: &str) -> String {
    fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every `*.rs` file under `dir` (relative to the root), as relative paths, sorted.
fn rust_files(dir: &str) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join(dir), &mut out);
    let mut rel: Vec<String> = out
        .iter()
        .map(|p| {
            p.strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    rel.sort();
    rel
}

/// The crate directories under `crates/`, by directory name.
fn crate_dirs() -> Vec<String> {
    let mut dirs: Vec<String> = fs::read_dir(root().join("crates"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("Cargo.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    dirs
}

/// Crates that are libraries gateshift is built from: every crate but the binary (`cli`) and the bench-only
/// `corpus`.
fn library_crates() -> Vec<String> {
    crate_dirs()
        .into_iter()
        .filter(|c| c != "cli" && c != "corpus")
        .collect()
}

/// `src` with comments, string literals and char literals replaced by spaces (newlines kept, so line numbers
/// and byte offsets stay the same).
fn code_only(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = src[i..].find('\n').map_or(b.len(), |n| i + n);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let (mut depth, mut j) = (1, i + 2);
                while j < b.len() && depth > 0 {
                    if b[j] == b'/' && b.get(j + 1) == Some(&b'*') {
                        depth += 1;
                        j += 2;
                    } else if b[j] == b'*' && b.get(j + 1) == Some(&b'/') {
                        depth -= 1;
                        j += 2;
                    } else {
                        j += 1;
                    }
                }
                blank(&mut out, i, j);
                i = j;
            }
            // Raw strings: r"..." r#"..."# (also br"...").
            b'r' if (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#'))
                && (i == 0
                    || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
                    || b[i - 1] == b'b') =>
            {
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let end = src[j + 1..]
                    .find(&close)
                    .map_or(b.len(), |n| j + 1 + n + close.len());
                blank(&mut out, i, end);
                i = end;
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                blank(&mut out, i, j + 1);
                i = j + 1;
            }
            b'\'' => {
                // A char literal ('x', '\n', '\u{..}', a multi-byte char) or a lifetime ('a).
                if b.get(i + 1) == Some(&b'\\') {
                    let end = src[i + 2..].find('\'').map_or(b.len(), |n| i + 2 + n + 1);
                    blank(&mut out, i, end);
                    i = end;
                } else if let Some(c) = src[i + 1..].chars().next() {
                    let after = i + 1 + c.len_utf8();
                    if b.get(after) == Some(&b'\'') {
                        blank(&mut out, i, after + 1);
                        i = after + 1;
                    } else {
                        i += 1;
                    }
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The part of a file before its `#[cfg(test)]` module.
fn non_test(src: &str) -> &str {
    src.find("#[cfg(test)]").map_or(src, |i| &src[..i])
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// `(name, first line, line count)` of every `fn` item with a body in `code` (already [`code_only`]).
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let b = code.as_bytes();
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(n) = code[i..].find("fn ") {
        let at = i + n;
        i = at + 3;
        if at > 0 && is_ident(b[at - 1]) {
            continue;
        }
        let name_start = i + code[i..].len() - code[i..].trim_start().len();
        let name_len = b[name_start..].iter().take_while(|&&c| is_ident(c)).count();
        if name_len == 0 {
            continue; // a `fn(..)` pointer type
        }
        let name = code[name_start..name_start + name_len].to_string();
        // The signature ends at the body's `{` or, for a declaration, at `;` (outside parentheses).
        let (mut j, mut parens) = (name_start + name_len, 0i32);
        let body = loop {
            match b.get(j) {
                None => break None,
                Some(b'(' | b'[') => parens += 1,
                Some(b')' | b']') => parens -= 1,
                Some(b';') if parens == 0 => break None,
                Some(b'{') if parens == 0 => break Some(j),
                _ => {}
            }
            j += 1;
        };
        let Some(open) = body else { continue };
        let mut depth = 0;
        let mut k = open;
        while k < b.len() {
            match b[k] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        let first = line_of(at);
        out.push((name, first, line_of(k) - first + 1));
    }
    out
}

/// The first segment of every path used as `prefix::…` in `code`, including each top-level item of a
/// `prefix::{a, b::c}` group (`crate::{input::Input, emit}` → `input`, `emit`).
fn used_under(code: &str, prefix: &str) -> BTreeSet<String> {
    let b = code.as_bytes();
    let pat = format!("{prefix}::");
    let mut out = BTreeSet::new();
    let mut i = 0;
    while let Some(n) = code[i..].find(&pat) {
        let at = i + n;
        i = at + pat.len();
        if at > 0 && (is_ident(b[at - 1]) || b[at - 1] == b':') {
            continue;
        }
        let rest = code[i..].trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut item_start, mut top) = (0, true, Vec::new());
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        item_start = false;
                        let len = group[k..].bytes().take_while(|&c| is_ident(c)).count();
                        top.push(group[k..k + len].to_string());
                    }
                    _ => {}
                }
            }
            out.extend(top);
        } else {
            let len = rest.bytes().take_while(|&c| is_ident(c)).count();
            if len > 0 {
                out.insert(rest[..len].to_string());
            }
        }
    }
    out
}

/// The `[section]` of a Cargo.toml as its `name` keys (`gateshift-api.workspace = true` → `gateshift-api`).
fn toml_keys(toml: &str, section: &str) -> BTreeSet<String> {
    let header = format!("[{section}]");
    let mut out = BTreeSet::new();
    let mut inside = false;
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == header;
            continue;
        }
        if inside && !line.is_empty() && !line.starts_with('#') {
            let key = line
                .split(['=', '.', ' '])
                .next()
                .unwrap()
                .trim()
                .trim_matches('"');
            out.insert(key.to_string());
        }
    }
    out
}

/// The package name in a Cargo.toml.
fn package_name(toml: &str) -> String {
    toml.lines()
        .find_map(|l| l.trim().strip_prefix("name = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("package name")
        .to_string()
}

/// The gateshift crates each crate's `[dependencies]` names, by package name.
fn gateshift_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    crate_dirs()
        .iter()
        .map(|dir| {
            let toml = read(&format!("crates/{dir}/Cargo.toml"));
            let deps = toml_keys(&toml, "dependencies")
                .into_iter()
                .filter(|d| d.starts_with("gateshift"))
                .collect();
            (package_name(&toml), deps)
        })
        .collect()
}

/// The backticked spans of ARCHITECTURE.md outside fenced code blocks.
fn backticked(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut parts = line.split('`');
        parts.next();
        while let (Some(inside), Some(_)) = (parts.next(), parts.next().or(Some(""))) {
            out.push(inside.to_string());
        }
    }
    out
}

/// A backticked span that names a repository path: no spaces, and a `/` or a file suffix we keep in the repo.
fn looks_like_path(s: &str) -> bool {
    !s.is_empty()
        && !s.contains(char::is_whitespace)
        && !s.contains("::")
        && (s.contains('/') || [".rs", ".md", ".toml", ".sh"].iter().any(|x| s.ends_with(x)))
}

/// Whether `pattern` (relative to the root; `*` in a component matches any run of characters) names at least
/// one existing path.
fn glob_exists(pattern: &str) -> bool {
    fn matches(pattern: &str, name: &str) -> bool {
        match pattern.split_once('*') {
            None => pattern == name,
            Some((head, tail)) => {
                name.len() >= head.len() + tail.len() && name.starts_with(head) && name.ends_with(tail)
            }
        }
    }
    let mut current = vec![root()];
    for component in pattern.split('/') {
        current = current
            .iter()
            .flat_map(|dir| {
                if !component.contains('*') {
                    let p = dir.join(component);
                    return if p.exists() { vec![p] } else { vec![] };
                }
                fs::read_dir(dir)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .filter(|e| matches(component, &e.file_name().to_string_lossy()))
                    .map(|e| e.path())
                    .collect()
            })
            .collect();
    }
    !current.is_empty()
}

#[test]
fn every_path_named_in_architecture_md_exists() {
    let doc = read("ARCHITECTURE.md");
    let paths: Vec<String> = backticked(&doc)
        .into_iter()
        .filter(|s| looks_like_path(s))
        .collect();
    assert!(paths.len() > 40, "ARCHITECTURE.md names too few paths: {paths:?}");
    let missing: Vec<&String> = paths
        .iter()
        .filter(|p| !glob_exists(p.trim_end_matches('/')))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names paths that do not exist (relative to the repository root): {missing:?}"
    );
}

/// Every test or lint named as a guard in ARCHITECTURE.md (`file.rs::test_name`) exists: some `file.rs` under
/// `crates/` defines `fn test_name`.
#[test]
fn every_guard_named_in_architecture_md_exists() {
    let doc = read("ARCHITECTURE.md");
    let invariants = doc
        .split("## Invariants")
        .nth(1)
        .expect("ARCHITECTURE.md has an Invariants section");
    let guards: Vec<(String, String)> = backticked(invariants)
        .into_iter()
        .filter_map(|s| {
            let (file, name) = s.split_once(".rs::")?;
            let ok = |x: &str| !x.is_empty() && x.bytes().all(is_ident);
            (ok(file) && ok(name)).then(|| (format!("{file}.rs"), name.to_string()))
        })
        .collect();
    assert!(
        guards.len() > 20,
        "ARCHITECTURE.md names only {} guards",
        guards.len()
    );
    let files = rust_files("crates");
    let missing: Vec<String> = guards
        .iter()
        .filter(|(file, name)| {
            let defines = format!("fn {name}(");
            !files
                .iter()
                .filter(|f| f.ends_with(&format!("/{file}")))
                .any(|f| read(f).contains(&defines))
        })
        .map(|(file, name)| format!("{file}::{name}"))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names guards that do not exist: {missing:?}"
    );
}

/// Longest function allowed in `crates/*/src`.
const MAX_FN_LINES: usize = 200;

#[test]
fn no_function_is_longer_than_200_lines() {
    let mut long = Vec::new();
    let mut seen = 0;
    for dir in crate_dirs() {
        for file in rust_files(&format!("crates/{dir}/src")) {
            for (name, line, len) in functions(&code_only(&read(&file))) {
                seen += 1;
                if len > MAX_FN_LINES {
                    long.push(format!("{file}:{line} fn {name}: {len} lines"));
                }
            }
        }
    }
    assert!(seen > 500, "the scan found only {seen} functions");
    assert!(
        long.is_empty(),
        "functions over {MAX_FN_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn main_rs_stays_thin() {
    let lines = read("crates/cli/src/main.rs").lines().count();
    assert!(
        lines < 150,
        "crates/cli/src/main.rs has {lines} lines; commands belong in their *_cmd.rs file"
    );
}

#[test]
fn binding_files_stay_under_700_lines() {
    let mut files = rust_files("crates/check/src/bind");
    files.push("crates/check/src/binding.rs".into());
    assert!(files.len() > 3, "{files:?}");
    let big: Vec<String> = files
        .iter()
        .map(|f| (f, read(f).lines().count()))
        .filter(|&(_, n)| n > 700)
        .map(|(f, n)| format!("{f}: {n} lines"))
        .collect();
    assert!(big.is_empty(), "binding files over 700 lines: {big:?}");
}

/// The dependency table of ARCHITECTURE.md: rows `| `gateshift-x` | `gateshift-y`, `gateshift-z` |` (or `none`)
/// under the heading `### Dependencies`.
fn documented_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let doc = read("ARCHITECTURE.md");
    let section = doc
        .split("### Dependencies")
        .nth(1)
        .expect("ARCHITECTURE.md has a `### Dependencies` section");
    let section = section.split("\n#").next().unwrap();
    let mut out = BTreeMap::new();
    for row in section.lines().filter(|l| l.starts_with("| `gateshift")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let name = cells[1].trim_matches('`').to_string();
        let deps = cells[2]
            .split(',')
            .map(|d| d.trim().trim_matches('`').to_string())
            .filter(|d| d.starts_with("gateshift"))
            .collect();
        out.insert(name, deps);
    }
    out
}

#[test]
fn dependencies_are_as_architecture_md_states() {
    let actual = gateshift_dependencies();
    let documented = documented_dependencies();
    assert_eq!(
        actual, documented,
        "the gateshift [dependencies] of crates/*/Cargo.toml (left) differ from ARCHITECTURE.md's table (right)"
    );
}

#[test]
fn dependency_directions_hold() {
    let deps = gateshift_dependencies();
    let forbidden: &[(&str, &str, &str)] = &[
        (
            "gateshift-verify",
            "gateshift-convert",
            "verify compares the converter's output, it must not use it",
        ),
        (
            "gateshift-router",
            "gateshift-convert",
            "the router's ingress-nginx model is independent of the converter",
        ),
        (
            "gateshift-check",
            "gateshift-convert",
            "check knows Gateway API only",
        ),
        (
            "gateshift-check",
            "gateshift-router",
            "the router builds on check, not the other way",
        ),
        (
            "gateshift-convert",
            "gateshift-router",
            "the converter must not route with the model it is compared with",
        ),
        (
            "gateshift-convert",
            "gateshift-verify",
            "verify sits above convert",
        ),
        (
            "gateshift-nginx-annotations",
            "gateshift-convert",
            "facts, not code, are shared",
        ),
    ];
    for &(from, to, why) in forbidden {
        assert!(!deps[from].contains(to), "{from} depends on {to}: {why}");
    }
    for base in [
        "gateshift-crd-validate",
        "gateshift-nginx-annotations",
        "gateshift-manifest",
    ] {
        assert!(
            deps[base].is_empty(),
            "{base} depends on {:?}; it depends on no gateshift crate",
            deps[base]
        );
    }
    // Nothing depends on the binary, in any section.
    for dir in crate_dirs().into_iter().filter(|d| d != "cli") {
        let toml = read(&format!("crates/{dir}/Cargo.toml"));
        for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
            assert!(
                !toml_keys(&toml, section).contains("gateshift"),
                "crates/{dir} [{section}] names the cli crate `gateshift`"
            );
        }
        for file in rust_files(&format!("crates/{dir}")) {
            let code = code_only(&read(&file));
            assert!(
                used_under(&code, "gateshift").is_empty(),
                "{file} uses the cli crate"
            );
        }
    }
}

#[test]
fn anyhow_only_in_the_binary() {
    for dir in library_crates() {
        let deps = toml_keys(&read(&format!("crates/{dir}/Cargo.toml")), "dependencies");
        assert!(
            !deps.contains("anyhow"),
            "crates/{dir} depends on anyhow; library crates have their own errors"
        );
    }
}

#[test]
fn every_crate_uses_the_workspace_lints() {
    for dir in crate_dirs() {
        let toml = read(&format!("crates/{dir}/Cargo.toml"));
        assert!(
            toml.contains("[lints]\nworkspace = true"),
            "crates/{dir}/Cargo.toml does not opt into the workspace lints (print_stdout, print_stderr, ...)"
        );
    }
    let workspace = read("Cargo.toml");
    for lint in ["print_stdout = \"warn\"", "print_stderr = \"warn\""] {
        assert!(
            workspace.contains(lint),
            "Cargo.toml lost the workspace lint {lint}"
        );
    }
}

/// Files of the library crates that read input, and what they may read.
const READERS: &[&str] = &[
    // `-f` files, directories and stdin.
    "crates/manifest/src/reader.rs",
    // `Validator::load`: a directory of CRDs (tests; `check --crds` reads through the manifest reader).
    "crates/crd-validate/src/lib.rs",
];

#[test]
fn library_crates_read_only_where_stated_and_never_write_print_or_exit() {
    let reads = ["std::fs::", "fs::read", "File::open", "stdin()", "read_dir("];
    let writes = [
        "File::create",
        "fs::write",
        "OpenOptions",
        "create_dir",
        "fs::rename",
        "fs::remove",
        "stdout()",
        "stderr()",
        "process::exit",
        "println!",
        "eprintln!",
        "print!",
        "eprint!",
        "dbg!",
    ];
    let mut found = Vec::new();
    for dir in library_crates() {
        for file in rust_files(&format!("crates/{dir}/src")) {
            let code = code_only(&read(&file));
            let code = non_test(&code);
            for w in writes {
                if code.contains(w) {
                    found.push(format!("{file}: {w}"));
                }
            }
            if !READERS.contains(&file.as_str()) {
                for r in reads {
                    if code.contains(r) {
                        found.push(format!("{file}: {r} (only {READERS:?} read input)"));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "IO in library crates outside what ARCHITECTURE.md states:\n{}",
        found.join("\n")
    );
}

/// The ingress-nginx provider side of the converter: the modules that read Ingresses the way ingress-nginx does
/// and the model they build.
const PROVIDER: &[&str] = &[
    "crates/convert/src/nginx.rs",
    "crates/convert/src/model.rs",
    "crates/convert/src/facts.rs",
    "crates/convert/src/intent.rs",
    "crates/convert/src/input.rs",
];

#[test]
fn provider_imports_neither_gateway_api_nor_the_emitter() {
    for file in PROVIDER {
        let code = code_only(&read(file));
        let code = non_test(&code);
        let modules = used_under(code, "crate");
        for m in ["emit", "output", "names"] {
            assert!(
                !modules.contains(m),
                "{file} uses crate::{m}: the provider must not know the emitter"
            );
        }
        assert!(
            !used_under(code, "gateshift_api").contains("gateway"),
            "{file} uses gateshift_api::gateway: the provider knows ingress-nginx, not Gateway API"
        );
    }
}

#[test]
fn emitter_does_not_import_the_nginx_provider() {
    for file in [
        "crates/convert/src/emit.rs",
        "crates/convert/src/emit/verdicts.rs",
    ] {
        let code = code_only(&read(file));
        let modules = used_under(non_test(&code), "crate");
        assert!(
            !modules.contains("nginx"),
            "{file} uses crate::nginx: the emitter reads the model, not the provider"
        );
    }
}

#[test]
fn the_binary_uses_mimalloc() {
    let main = code_only(&read("crates/cli/src/main.rs"));
    assert!(
        main.contains("#[global_allocator]") && main.contains("mimalloc::MiMalloc"),
        "crates/cli/src/main.rs no longer sets mimalloc as the global allocator"
    );
}

#[test]
fn the_scanners_work() {
    let code = code_only(
        "fn a() {\n let s = \"}\"; // }\n let c = '{';\n}\nfn b<'a>(x: &'a str) -> fn(u8) { x; }\n",
    );
    let fns = functions(&code);
    assert_eq!(fns, vec![("a".into(), 1, 4), ("b".into(), 5, 1)]);
    let used = used_under(
        "use crate::{input::Input, emit::{self, X}};\nlet y = crate::names::f();",
        "crate",
    );
    assert_eq!(used, ["emit", "input", "names"].map(String::from).into());
}
