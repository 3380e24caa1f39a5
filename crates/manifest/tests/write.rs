//! Writer output and the write → read round trip.

use gateshift_manifest::{ReadOptions, read_str, write_json_list, write_yaml};
use proptest::prelude::*;
use serde_json::{Value, json};

#[test]
fn yaml_documents_are_joined_with_separators() {
    assert_eq!(write_yaml(&[]), "");
    let a =
        json!({"kind": "A", "apiVersion": "v1", "spec": {"ports": [80, "80"], "on": "true", "empty": ""}});
    let b = json!({"apiVersion": "v1", "kind": "B"});
    let out = write_yaml(&[a.clone(), b.clone()]);
    assert!(!out.starts_with("---"), "{out}");
    assert!(out.ends_with('\n'));
    assert_eq!(out.matches("---\n").count(), 1, "{out}");
    assert!(
        out.starts_with("apiVersion: v1\nkind: A\n"),
        "keys are sorted: {out}"
    );
    assert_eq!(out, write_yaml(&[a.clone(), b.clone()]));
    let back: Vec<Value> = read_str("out.yaml", &out, &ReadOptions::default())
        .unwrap()
        .iter()
        .map(|d| d.to_json())
        .collect();
    assert_eq!(back, [a, b]);
}

#[test]
fn json_list() {
    let out = write_json_list(&[json!({"kind": "A", "apiVersion": "v1"})]);
    assert_eq!(
        out,
        "{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n    {\n      \"apiVersion\": \"v1\",\n      \"kind\": \"A\"\n    }\n  ],\n  \"kind\": \"List\"\n}\n"
    );
    let docs = read_str("out.json", &out, &ReadOptions::default()).unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0]
            .position_of(&gateshift_manifest::FieldPath::parse("kind"))
            .to_string(),
        "out.json:6:15"
    );
    assert_eq!(
        write_json_list(&[]),
        "{\n  \"apiVersion\": \"v1\",\n  \"items\": [],\n  \"kind\": \"List\"\n}\n"
    );
}

fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "true",
            "false",
            "True",
            "null",
            "Null",
            "~",
            "",
            " ",
            "080",
            "0755",
            "0x1F",
            "0o17",
            "1e3",
            "1.5",
            ".inf",
            "-.inf",
            ".nan",
            "1_000",
            ": x",
            "- a",
            "-",
            "#c",
            "a #c",
            "a: b",
            "{a}",
            "[a]",
            "&a",
            "*a",
            "!tag",
            "|",
            ">",
            "'",
            "\"",
            "\\",
            "%YAML",
            "---",
            "...",
            "<<",
            "@x",
            "`x",
            "yes",
            "on",
            "a\nb",
            "a\n",
            "\n",
            "  lead",
            "trail  ",
            "tab\there",
            "caf\u{e9}",
            "\u{1F600}",
            "\u{feff}x",
            "a\rb",
            "\u{85}",
            "\u{2028}",
            "\u{7}",
            "2024-01-01",
            "1:30",
        ])
        .prop_map(String::from),
        any::<String>(),
        "[ -~\\n\\t]{0,20}",
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        tricky_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(tricky_string(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn object() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(tricky_string(), value(), 0..6).prop_map(|m| {
        let mut object: serde_json::Map<String, Value> = m.into_iter().collect();
        object.insert("apiVersion".into(), json!("v1"));
        object.insert("kind".into(), json!("Thing"));
        Value::Object(object)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn yaml_round_trip(objects in prop::collection::vec(object(), 1..4)) {
        let text = write_yaml(&objects);
        let docs = read_str("rt.yaml", &text, &ReadOptions::default())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let back: Vec<Value> = docs.iter().map(|d| d.to_json()).collect();
        prop_assert_eq!(back, objects, "{}", text);
    }
}
