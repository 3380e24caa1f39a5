//! Deterministic output.

/// Multi-document YAML (`---` between documents), ready for `kubectl apply -f -`.
///
/// `serde_json::Value` objects iterate their keys in sorted order, so the same values always give the same
/// bytes.
pub fn write_yaml(objects: &[serde_json::Value]) -> String {
    let mut out = String::new();
    for (i, object) in objects.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&yaml(object));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// [`write_yaml`] into `out`, one document at a time: the same bytes, without holding the whole text (22 MB for
/// a 10k-Ingress conversion) in memory.
///
/// # Errors
///
/// The writer's.
pub fn write_yaml_to(
    out: &mut impl std::io::Write,
    objects: impl IntoIterator<Item = serde_json::Value>,
) -> std::io::Result<()> {
    for (i, object) in objects.into_iter().enumerate() {
        if i > 0 {
            out.write_all(b"---\n")?;
        }
        let text = yaml(&object);
        out.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// A `v1` `List` holding `objects`, as pretty JSON with a final newline.
pub fn write_json_list(objects: &[serde_json::Value]) -> String {
    let list = serde_json::json!({ "apiVersion": "v1", "kind": "List", "items": objects });
    let mut out = serde_json::to_string_pretty(&list).unwrap_or_else(|e| unreachable_serialization(&e));
    out.push('\n');
    out
}

fn yaml(value: &serde_json::Value) -> String {
    serde_saphyr::to_string(value).unwrap_or_else(|e| unreachable_serialization(&e))
}

/// A `serde_json::Value` has string keys and finite numbers only, which both serializers always accept; a
/// failure here is a bug in gateshift or a serializer, not bad input.
#[cold]
fn unreachable_serialization(e: &dyn std::fmt::Display) -> String {
    panic!("serializing a serde_json::Value failed: {e}")
}
