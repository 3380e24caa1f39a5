//! Same input, same bytes: shuffling the input documents (and splitting them across files) does not change
//! a single byte of the output.

mod common;

use common::{fixture_cases, run, workspace_root};

/// A tiny deterministic shuffle (xorshift), so the test needs no random-number crate and always sees the same
/// permutations.
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        items.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

#[test]
fn shuffled_input_gives_identical_output() {
    let root = workspace_root();
    let mut compared = 0;
    for case in fixture_cases() {
        let mut base_args = vec!["convert".to_string()];
        for input in &case.inputs {
            base_args.push("-f".into());
            base_args.push(input.clone());
        }
        base_args.extend(case.args.iter().cloned());
        let original = run(&root, &base_args, None);
        if original.code == 2 {
            continue;
        }
        let mut docs: Vec<serde_json::Value> = Vec::new();
        for input in &case.inputs {
            let text = std::fs::read_to_string(root.join(input)).unwrap();
            for doc in common::yaml_documents(&text) {
                // Flatten Lists so their items move independently too.
                match doc["kind"].as_str() {
                    Some("List") => docs.extend(doc["items"].as_array().unwrap().iter().cloned()),
                    _ => docs.push(doc),
                }
            }
        }
        for seed in [7u64, 1234567] {
            let mut shuffled = docs.clone();
            shuffle(&mut shuffled, seed);
            let tmp = tempfile::tempdir().unwrap();
            let half = shuffled.len() / 2;
            let mut args = vec!["convert".to_string()];
            for (i, part) in [&shuffled[..half], &shuffled[half..]].iter().enumerate() {
                let path = tmp.path().join(format!("part{i}.json"));
                let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": part});
                std::fs::write(&path, serde_json::to_string(&list).unwrap()).unwrap();
                args.push("-f".into());
                args.push(path.display().to_string());
            }
            args.extend(case.args.iter().cloned());
            let again = run(&root, &args, None);
            assert_eq!(
                again.code, original.code,
                "{}: exit code changed with seed {seed}",
                case.name
            );
            assert!(
                again.stdout == original.stdout,
                "{}: output changed with seed {seed}",
                case.name
            );
            compared += 1;
        }
    }
    assert!(compared >= 40, "compared only {compared} runs");
}
