//! Reader behaviour: positions, streams, lists, errors, limits.

use gateshift_manifest::{Document, Error, FieldPath, NodeKind, ReadOptions, Source, read_sources, read_str};
use serde_json::json;

fn read(text: &str) -> Vec<Document> {
    read_str("in.yaml", text, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn error(text: &str) -> String {
    match read_str("in.yaml", text, &ReadOptions::default()) {
        Ok(docs) => panic!("expected an error, read {} documents", docs.len()),
        Err(e) => e.to_string(),
    }
}

fn at(doc: &Document, path: &str) -> String {
    doc.position_of(&FieldPath::parse(path)).to_string()
}

const INGRESS: &str = "\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  rules:
  - host: example.com
    http:
      paths:
      - path: /a
        pathType: Prefix
      - path: /b
        pathType: Exact
";

#[test]
fn positions_in_block_style() {
    let docs = read(INGRESS);
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(at(doc, "spec.rules[0].http.paths[1].path"), "in.yaml:14:15");
    assert_eq!(at(doc, "spec.rules[0].http.paths[1]"), "in.yaml:14:9");
    assert_eq!(at(doc, "spec.rules[0].host"), "in.yaml:9:11");
    assert_eq!(
        at(
            doc,
            "metadata.annotations[nginx.ingress.kubernetes.io/rewrite-target]"
        ),
        "in.yaml:6:49"
    );
    assert_eq!(
        doc.key_position_of(&FieldPath::parse("spec.rules[0].http.paths[1].path"))
            .to_string(),
        "in.yaml:14:9"
    );
    // Absent fields fall back to the nearest ancestor.
    assert_eq!(
        at(doc, "spec.rules[0].http.paths[7].path"),
        at(doc, "spec.rules[0].http.paths")
    );
    assert_eq!(at(doc, ""), "in.yaml:1:1");
    assert_eq!(doc.type_meta(), (Some("networking.k8s.io/v1"), Some("Ingress")));
}

#[test]
fn positions_in_flow_style_and_json() {
    let text =
        "apiVersion: v1\nkind: X\nspec: {rules: [{host: a}, {http: {paths: [{path: /x}, {path: /y}]}}]}\n";
    let doc = &read(text)[0];
    assert_eq!(at(doc, "spec.rules[1].http.paths[1].path"), "in.yaml:3:62");
    assert_eq!(at(doc, "spec.rules[0]"), "in.yaml:3:16");

    let json = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\",\n  \"spec\": {\"ports\": [{\"port\": 80}, {\"port\": 443}]}\n}\n";
    let doc = &read(json)[0];
    assert_eq!(at(doc, "spec.ports[1].port"), "in.yaml:4:45");
    assert_eq!(
        doc.to_json(),
        json!({"apiVersion": "v1", "kind": "Service", "spec": {"ports": [{"port": 80}, {"port": 443}]}})
    );
}

#[test]
fn concatenated_json_objects() {
    let text = "{\"apiVersion\": \"v1\", \"kind\": \"A\"}{\"apiVersion\": \"v1\", \"kind\": \"B\"}\n{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"C\"\n}\n";
    let docs = read(text);
    let kinds: Vec<_> = docs.iter().map(|d| d.type_meta().1.unwrap()).collect();
    assert_eq!(kinds, ["A", "B", "C"]);
    assert_eq!(at(&docs[1], "kind"), "in.yaml:1:63");
    assert_eq!(at(&docs[2], "kind"), "in.yaml:4:11");
    // A syntax error in a later object is reported where it is in the file.
    let e = error("{\"apiVersion\": \"v1\", \"kind\": \"A\"}\n{\"apiVersion\": \"v1\", \"kind\": [}\n");
    assert!(e.starts_with("in.yaml:2:"), "{e}");
}

#[test]
fn multi_document_streams_skip_empty_documents() {
    let text = "---\n# only a comment\n---\napiVersion: v1\nkind: A\n---\n---\nnull\n---\napiVersion: v1\nkind: B\n---\n";
    let docs = read(text);
    assert_eq!(docs.len(), 2);
    assert_eq!(at(&docs[1], "kind"), "in.yaml:11:7");
    assert!(read("").is_empty());
    assert!(read("# nothing\n").is_empty());
}

#[test]
fn lists_are_flattened_with_real_positions() {
    let text = "\
apiVersion: v1
kind: List
metadata:
  resourceVersion: \"\"
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: a
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: b
- apiVersion: v1
  kind: List
  items:
  - {apiVersion: v1, kind: ConfigMap}
";
    let docs = read(text);
    let kinds: Vec<_> = docs.iter().map(|d| d.type_meta().1.unwrap()).collect();
    assert_eq!(kinds, ["Service", "Ingress", "ConfigMap"]);
    assert_eq!(at(&docs[1], "metadata.name"), "in.yaml:13:11");
    assert_eq!(at(&docs[1], ""), "in.yaml:10:3");
    assert_eq!(at(&docs[2], "kind"), "in.yaml:17:28");

    assert!(read("apiVersion: v1\nkind: List\nitems: []\n").is_empty());
    assert_eq!(
        read("apiVersion: v1\nkind: ServiceList\nitems:\n- {apiVersion: v1, kind: Service}\n").len(),
        1
    );
}

#[test]
fn typed_lists_from_the_api_server_get_their_item_type() {
    let text = "apiVersion: networking.k8s.io/v1\nkind: IngressList\nitems:\n- metadata: {name: a}\n";
    let docs = read(text);
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0].type_meta(),
        (Some("networking.k8s.io/v1"), Some("Ingress"))
    );
    assert_eq!(docs[0].to_json()["metadata"]["name"], "a");
    // A custom resource whose kind happens to end in `List` is an object like any other.
    let docs = read("apiVersion: example.com/v1\nkind: AllowList\nspec: {}\n");
    assert_eq!(docs[0].type_meta().1, Some("AllowList"));
}

#[test]
fn invalid_objects() {
    assert_eq!(
        error("apiVersion: v1\nkind: A\n---\n- a\n- b\n"),
        "in.yaml:4:1: expected a Kubernetes object (a mapping with apiVersion and kind), found a sequence"
    );
    assert_eq!(
        error("hello\n"),
        "in.yaml:1:1: expected a Kubernetes object (a mapping with apiVersion and kind), found a string"
    );
    assert_eq!(
        error("\napiVersion: v1\nmetadata: {}\n"),
        "in.yaml:2:1: missing field \"kind\": expected a Kubernetes object (a mapping with apiVersion and kind)"
    );
    assert_eq!(
        error("kind: A\n"),
        "in.yaml:1:1: missing field \"apiVersion\": expected a Kubernetes object (a mapping with apiVersion and kind)"
    );
    assert_eq!(
        error("apiVersion: v1\nkind: 3\n"),
        "in.yaml:2:7: field \"kind\" must be a string, found a number"
    );
    assert_eq!(
        error("apiVersion: v1\nkind: List\n"),
        "in.yaml:1:1: missing field \"items\" in a List"
    );
    assert_eq!(
        error("apiVersion: v1\nkind: List\nitems: {a: 1}\n"),
        "in.yaml:3:8: field \"items\" of a List must be a sequence, found a mapping"
    );
    assert_eq!(
        error("apiVersion: v1\nkind: List\nitems:\n- 42\n"),
        "in.yaml:4:3: expected a Kubernetes object (a mapping with apiVersion and kind), found a number"
    );
    assert_eq!(
        error("apiVersion: v1\nkind: List\nitems:\n-\n"),
        "in.yaml:4:2: expected a Kubernetes object (a mapping with apiVersion and kind), found null"
    );
}

#[test]
fn syntax_errors() {
    let e = read_str(
        "in.yaml",
        "apiVersion: v1\nkind: A\nspec: [1, 2\n",
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, Error::Syntax { .. }), "{e:?}");
    assert_eq!(e.to_string(), "in.yaml:3:7: unclosed bracket '['");
    let e = error("apiVersion: v1\nkind: A\n  bad: indent\n");
    assert!(e.starts_with("in.yaml:3:"), "{e}");
    let e = error("apiVersion: v1\nkind: A\nx: *nothing\n");
    assert!(e.starts_with("in.yaml:3:4: "), "{e}");
}

#[test]
fn duplicate_keys() {
    assert_eq!(
        error("apiVersion: v1\nkind: A\nmetadata:\n  name: a\n  labels: {}\n  name: b\n"),
        "in.yaml:6:3: duplicate key \"name\""
    );
    assert_eq!(
        error("apiVersion: v1\nkind: A\nx: {a: 1, a: 2}\n"),
        "in.yaml:3:11: duplicate key \"a\""
    );
    // Keys that are equal as JSON keys are duplicates too.
    assert_eq!(
        error("apiVersion: v1\nkind: A\nx: {80: 1, \"80\": 2}\n"),
        "in.yaml:3:12: duplicate key \"80\""
    );
    // Large mappings take another path; it must report the same (earliest) second occurrence.
    let mut text = String::from("apiVersion: v1\nkind: ConfigMap\ndata:\n");
    for i in 0..100 {
        text.push_str(&format!("  k{i}: v\n"));
    }
    text.push_str("  k7: again\n  k3: again\n");
    assert_eq!(error(&text), "in.yaml:104:3: duplicate key \"k7\"");
}

#[test]
fn aliases_and_merge_keys() {
    let text = "\
apiVersion: v1
kind: A
defaults: &defaults
  port: 80
  protocol: TCP
extra: &extra {timeout: 5, port: 1}
spec:
  a: *defaults
  b:
    <<: *defaults
    port: 8080
  c:
    <<: [*extra, *defaults]
  d: &name web
  e: *name
";
    let doc = &read(text)[0];
    let spec = &doc.to_json()["spec"];
    assert_eq!(spec["a"], json!({"port": 80, "protocol": "TCP"}));
    assert_eq!(spec["b"], json!({"port": 8080, "protocol": "TCP"}));
    assert_eq!(spec["c"], json!({"port": 1, "protocol": "TCP", "timeout": 5}));
    assert_eq!(spec["e"], "web");
    // The copy sits where the alias is; its insides keep the anchored node's positions.
    assert_eq!(at(doc, "spec.a"), "in.yaml:8:6");
    assert_eq!(at(doc, "spec.a.port"), "in.yaml:4:9");
    // A quoted `<<` is an ordinary key.
    let doc = &read("apiVersion: v1\nkind: A\nx: {\"<<\": 1}\n")[0];
    assert_eq!(doc.to_json()["x"], json!({"<<": 1}));
    assert_eq!(
        error("apiVersion: v1\nkind: A\nx:\n  <<: 3\n"),
        "in.yaml:4:7: the merge key \"<<\" needs a mapping or a sequence of mappings, found a number"
    );
}

#[test]
fn alias_bomb_fails_fast() {
    let text = "\
apiVersion: v1
kind: A
a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
";
    let start = std::time::Instant::now();
    let e = error(text);
    assert!(e.contains("too many alias expansions"), "{e}");
    assert!(e.starts_with("in.yaml:"), "{e}");
    assert!(start.elapsed() < std::time::Duration::from_secs(5));

    // Nesting through aliases counts against the depth limit as well.
    let mut text = String::from("apiVersion: v1\nkind: A\na0: &a0 [x]\n");
    for i in 1..200 {
        text.push_str(&format!("a{i}: &a{i} [*a{}]\n", i - 1));
    }
    assert!(error(&text).contains("nesting deeper than 128 levels"));
}

/// A small node count can still be a huge expansion: one 1 MiB scalar referenced 10k times is 10 GB once the
/// copies are materialised (JSON values, typed objects). The budget counts the bytes copied, and says so.
#[test]
fn alias_amplification_is_bounded_by_bytes() {
    let mut text = String::from("apiVersion: v1\nkind: A\nbig: &big ");
    text.push_str(&"x".repeat(1 << 20));
    text.push_str("\nrefs: [");
    text.push_str(&"*big,".repeat(10_000));
    text.push_str("]\n");
    let e = error(&text);
    assert!(e.starts_with("in.yaml:4:"), "{e}");
    assert!(e.contains("aliases copy more than 64 MiB"), "{e}");

    // Honest use of anchors (a shared annotation block) stays well inside the budget.
    let mut text = String::from("apiVersion: v1\nkind: A\nbase: &base {team: shop, owner: ops}\n");
    for i in 0..1_000 {
        text.push_str(&format!("k{i}: *base\n"));
    }
    assert!(read_str("in.yaml", &text, &ReadOptions::default()).is_ok());
}

#[test]
fn depth_limit() {
    let options = ReadOptions {
        max_depth: 3,
        ..ReadOptions::default()
    };
    assert!(read_str("f", "apiVersion: v1\nkind: A\nb: {c: [1]}\n", &options).is_ok());
    let e = read_str("f", "apiVersion: v1\nkind: A\nb: {c: [[1]]}\n", &options).unwrap_err();
    assert_eq!(e.to_string(), "f:3:9: nesting deeper than 3 levels");
}

#[test]
fn scalar_resolution() {
    let cases: &[(&str, serde_json::Value)] = &[
        ("80", json!(80)),
        ("\"80\"", json!("80")),
        ("'80'", json!("80")),
        ("-12", json!(-12)),
        ("+12", json!(12)),
        ("0755", json!(755)),
        ("0x1F", json!(31)),
        ("0o17", json!(15)),
        ("18446744073709551615", json!(u64::MAX)),
        ("-9223372036854775808", json!(i64::MIN)),
        (
            "123456789012345678901234567890",
            json!("123456789012345678901234567890"),
        ),
        ("1.5", json!(1.5)),
        ("-1.5e3", json!(-1500.0)),
        (".5", json!(0.5)),
        ("1.", json!(1.0)),
        ("1e999", json!("1e999")),
        (".inf", json!(".inf")),
        ("-.inf", json!("-.inf")),
        (".nan", json!(".nan")),
        ("1_000", json!("1_000")),
        ("0b101", json!("0b101")),
        ("true", json!(true)),
        ("False", json!(false)),
        ("TRUE", json!(true)),
        ("yes", json!("yes")),
        ("on", json!("on")),
        ("null", json!(null)),
        ("Null", json!(null)),
        ("~", json!(null)),
        ("", json!(null)),
        ("\"\"", json!("")),
        ("'null'", json!("null")),
        ("|\n  80\n", json!("80\n")),
        (">-\n  true\n", json!("true")),
        ("!!str 80", json!("80")),
        ("!!str", json!("")),
        ("!!int \"80\"", json!(80)),
        ("!!float 1", json!(1.0)),
        ("!!bool 'true'", json!(true)),
        ("!!null ''", json!(null)),
        ("!custom 80", json!(80)),
        ("! 80", json!("80")),
        ("2024-01-01", json!("2024-01-01")),
        ("1:30", json!("1:30")),
    ];
    for (text, expected) in cases {
        let doc = &read(&format!("apiVersion: v1\nkind: A\nx: {text}\n"))[0];
        assert_eq!(&doc.to_json()["x"], expected, "x: {text}");
    }
    assert_eq!(
        error("apiVersion: v1\nkind: A\nx: !!int abc\n"),
        "in.yaml:3:10: \"abc\" is not a valid !!int"
    );
}

#[test]
fn non_string_keys_are_kept() {
    let doc = &read("apiVersion: v1\nkind: A\nx: {80: a, true: b, null: c}\n")[0];
    let NodeKind::Map(entries) = &doc
        .root
        .child(&gateshift_manifest::Segment::Field("x".into()))
        .unwrap()
        .kind
    else {
        panic!()
    };
    assert!(matches!(entries[0].0.kind, NodeKind::Number(_)));
    assert_eq!(doc.to_json()["x"], json!({"80": "a", "true": "b", "null": "c"}));
}

#[test]
fn sources_files_directories_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &[u8]| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let obj = |kind: &str| format!("apiVersion: v1\nkind: {kind}\n");
    write("b.yaml", obj("B").as_bytes());
    write("a.yml", obj("A").as_bytes());
    write("sub/c.json", br#"{"apiVersion": "v1", "kind": "C"}"#);
    write("sub/deeper/d.yaml", obj("D").as_bytes());
    write("notes.txt", obj("Ignored").as_bytes());
    write(".hidden.yaml", obj("Ignored").as_bytes());
    write(".git/e.yaml", obj("Ignored").as_bytes());
    write("e.yaml.bak", obj("Ignored").as_bytes());
    write("z.txt", obj("Z").as_bytes());

    let options = ReadOptions::default();
    let docs = read_sources(&[Source::Path(root.to_path_buf())], &options).unwrap();
    let kinds: Vec<_> = docs.iter().map(|d| d.type_meta().1.unwrap()).collect();
    assert_eq!(kinds, ["A", "B", "C", "D"]);
    assert_eq!(&*docs[2].file, root.join("sub/c.json").display().to_string());
    assert_eq!(
        docs[3].position_of(&FieldPath::parse("kind")).to_string(),
        format!("{}:2:7", root.join("sub/deeper/d.yaml").display())
    );

    // A file named explicitly is read whatever its extension; sources keep their order.
    let docs = read_sources(
        &[Source::Path(root.join("z.txt")), Source::Path(root.join("a.yml"))],
        &options,
    )
    .unwrap();
    let kinds: Vec<_> = docs.iter().map(|d| d.type_meta().1.unwrap()).collect();
    assert_eq!(kinds, ["Z", "A"]);

    let missing = root.join("missing.yaml");
    let e = read_sources(&[Source::Path(missing.clone())], &options).unwrap_err();
    assert!(matches!(e, Error::Io { .. }));
    assert!(
        e.to_string().starts_with(&format!("{}: ", missing.display())),
        "{e}"
    );

    write("bad/x.yaml", b"apiVersion: v1\nkind: A\nname: caf\xe9\n");
    let e = read_sources(&[Source::Path(root.join("bad"))], &options).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}:3:10: the file is not valid UTF-8 (byte 0xe9); manifests must be UTF-8 text",
            root.join("bad/x.yaml").display()
        )
    );
}

#[test]
fn large_inputs_scale() {
    let mut text = String::new();
    for i in 0..5000 {
        text.push_str(&format!(
            "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web-{i}\nspec:\n  rules:\n  - host: h{i}.example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend: {{service: {{name: s, port: {{number: 80}}}}}}\n"
        ));
    }
    let docs = read(&text);
    assert_eq!(docs.len(), 5000);
    assert_eq!(
        at(&docs[4999], "metadata.name"),
        format!("in.yaml:{}:9", 4999 * 13 + 5)
    );
}

/// Inputs that never end or block are refused before any read; a file or stream over the size limit stops with a
/// message naming the limit instead of exhausting memory.
#[test]
fn special_files_and_oversized_inputs_are_refused() {
    use gateshift_manifest::{Source, read_sources};
    let e = read_sources(&[Source::Path("/dev/zero".into())], &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().starts_with("/dev/zero: not a regular file"), "{e}");

    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        // Without the check this would block forever waiting for a writer.
        let e = read_sources(&[Source::Path(fifo.clone())], &ReadOptions::default()).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }

    let file = tmp.path().join("big.yaml");
    std::fs::write(&file, "apiVersion: v1\nkind: A\nmetadata: {name: a}\n").unwrap();
    let small = ReadOptions {
        max_input_bytes: 16,
        ..ReadOptions::default()
    };
    let e = read_sources(&[Source::Path(file.clone())], &small).unwrap_err();
    assert!(e.to_string().contains("larger than 16 bytes"), "{e}");
    assert!(read_sources(&[Source::Path(file)], &ReadOptions::default()).is_ok());
}
