//! Read/write round trips of the Gateway API types over the upstream v1.6.1 examples and conformance manifests.
//!
//! The data is found through `GATESHIFT_GATEWAY_API_DIR` (a Gateway API release tree with `examples/` and
//! `conformance/`), by default `../shared/gateway-api/v1.6.1` beside the workspace. Without it the tests that
//! read it are ignored (cfg `gateway_api_data`, set by the build script).
//!
//! Normalisation: before comparing, empty lists, empty objects and nulls are removed recursively from both the
//! original and the written object (in these APIs an empty list and an absent one mean the same).

#![allow(clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gateshift_api::gateway::{
    BackendTLSPolicy, GRPCRoute, Gateway, GatewayClass, HTTPRoute, HTTPRouteSpec, ListenerSet, PathMatchType,
    ReferenceGrant, TCPRoute, TLSRoute, UDPRoute,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn data_dir() -> Option<PathBuf> {
    gateshift_crd_validate::require_gateway_api_dir()
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("read_dir entry").path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "mesh") {
                yaml_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// Removes nulls, empty lists and empty objects, recursively.
fn normalise(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for child in map.values_mut() {
                normalise(child);
            }
            map.retain(|_, c| !is_empty(c));
        }
        Value::Array(items) => {
            for child in items.iter_mut() {
                normalise(child);
            }
        }
        _ => {}
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Experimental-channel fields of v1.6.1 (`config/crd/experimental`), kept in `extra` by design.
const EXPERIMENTAL_FIELDS: &[&str] = &[
    "retry",
    "sessionPersistence",
    "useDefaultGateways",
    "defaultScope",
    "externalAuth",
];

/// Enum values the conformance manifests use on purpose, to test that they are rejected.
const INVALID_ENUM_VALUES: &[&str] = &["INVALID", "test/fake-invalid-type"];

fn roundtrip<T: DeserializeOwned + Serialize + std::fmt::Debug>(
    doc: &Value,
    what: &str,
) -> Result<(), String> {
    let typed: T = serde_json::from_value(doc.clone()).map_err(|e| format!("{what}: deserialize: {e}"))?;
    // Standard-channel manifests use only fields the types know: nothing but an experimental-channel field
    // (conformance also covers those) may land in an `extra` map, else a misspelt name would go unnoticed.
    let debug = format!("{typed:?}");
    for (at, _) in debug.match_indices("extra: {\"") {
        let key = debug[at + "extra: {\"".len()..]
            .split('"')
            .next()
            .unwrap_or_default();
        if !EXPERIMENTAL_FIELDS.contains(&key) {
            let end = debug[at..]
                .char_indices()
                .nth(90)
                .map_or(debug.len(), |(i, _)| at + i);
            return Err(format!(
                "{what}: unknown field kept in `extra`: {}",
                &debug[at..end]
            ));
        }
    }
    // Every enum value upstream uses is known, except the ones conformance uses to test rejection.
    for (at, _) in debug.match_indices("Other(\"") {
        let value = debug[at + "Other(\"".len()..]
            .split('"')
            .next()
            .unwrap_or_default();
        if !INVALID_ENUM_VALUES.contains(&value) {
            return Err(format!("{what}: enum value not known to the types: {value:?}"));
        }
    }
    let mut written = serde_json::to_value(&typed).map_err(|e| format!("{what}: serialize: {e}"))?;
    let mut original = doc.clone();
    normalise(&mut written);
    normalise(&mut original);
    if written != original {
        return Err(format!(
            "{what}: round trip differs\n--- original\n{}\n--- written\n{}",
            serde_json::to_string_pretty(&original).unwrap(),
            serde_json::to_string_pretty(&written).unwrap()
        ));
    }
    Ok(())
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn upstream_manifests_round_trip() {
    let Some(dir) = data_dir() else { return };
    let mut files = Vec::new();
    yaml_files(&dir.join("examples/standard"), &mut files);
    yaml_files(&dir.join("conformance"), &mut files);
    files.sort();
    assert!(!files.is_empty(), "no YAML files under {}", dir.display());

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read YAML file");
        let docs: Vec<Value> =
            serde_saphyr::from_multiple(&text).unwrap_or_else(|e| panic!("{}: YAML: {e}", file.display()));
        for (i, doc) in docs.iter().enumerate() {
            let kind = doc.get("kind").and_then(Value::as_str).unwrap_or_default();
            let api_version = doc.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
            if api_version.starts_with("gateway.networking.k8s.io/") {
                *seen.entry(kind.to_string()).or_default() += 1;
            }
            let v1 = api_version == "gateway.networking.k8s.io/v1";
            let v1beta1 = api_version == "gateway.networking.k8s.io/v1beta1";
            let what = format!("{}#{i} ({kind})", file.display());
            let result = match kind {
                "GatewayClass" if v1 => roundtrip::<GatewayClass>(doc, &what),
                "Gateway" if v1 => roundtrip::<Gateway>(doc, &what),
                "ListenerSet" if v1 => roundtrip::<ListenerSet>(doc, &what),
                "HTTPRoute" if v1 => roundtrip::<HTTPRoute>(doc, &what),
                "GRPCRoute" if v1 => roundtrip::<GRPCRoute>(doc, &what),
                "TLSRoute" if v1 => roundtrip::<TLSRoute>(doc, &what),
                "TCPRoute" if v1 => roundtrip::<TCPRoute>(doc, &what),
                "UDPRoute" if v1 => roundtrip::<UDPRoute>(doc, &what),
                "ReferenceGrant" if v1 || v1beta1 => roundtrip::<ReferenceGrant>(doc, &what),
                "BackendTLSPolicy" if v1 => roundtrip::<BackendTLSPolicy>(doc, &what),
                _ => continue,
            };
            match result {
                Ok(()) => *counts.entry(kind_name(kind)).or_default() += 1,
                Err(e) => failures.push(e),
            }
        }
    }
    eprintln!("checked objects per kind: {counts:?}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    for kind in [
        "GatewayClass",
        "Gateway",
        "ListenerSet",
        "HTTPRoute",
        "GRPCRoute",
        "TLSRoute",
        "TCPRoute",
        "UDPRoute",
        "ReferenceGrant",
        "BackendTLSPolicy",
    ] {
        if seen.contains_key(kind) {
            assert!(counts.get(kind).copied().unwrap_or(0) > 0, "no {kind} checked");
        }
    }
}

fn kind_name(kind: &str) -> &'static str {
    match kind {
        "GatewayClass" => "GatewayClass",
        "Gateway" => "Gateway",
        "ListenerSet" => "ListenerSet",
        "HTTPRoute" => "HTTPRoute",
        "GRPCRoute" => "GRPCRoute",
        "TLSRoute" => "TLSRoute",
        "TCPRoute" => "TCPRoute",
        "UDPRoute" => "UDPRoute",
        "ReferenceGrant" => "ReferenceGrant",
        "BackendTLSPolicy" => "BackendTLSPolicy",
        _ => "other",
    }
}

#[test]
fn unknown_fields_and_enum_values_survive() {
    let doc = json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": "r", "namespace": "ns", "uid": "1234"},
        "spec": {
            "futureField": {"a": [1, 2]},
            "parentRefs": [{"name": "gw", "futureRefField": true}],
            "rules": [{
                "retry": {"attempts": 2},
                "matches": [{"path": {"type": "Glob", "value": "/a*"}, "method": "BREW"}],
                "filters": [{"type": "ExternalAuth", "externalAuth": {"protocol": "HTTP"}}],
                "backendRefs": [{
                    "name": "svc", "port": 80, "weight": 3, "futureBackendField": "x",
                    "filters": [{"type": "RequestHeaderModifier", "requestHeaderModifier": {
                        "set": [{"name": "a", "value": "b"}], "futureModifierField": 1}}]
                }]
            }]
        },
        "status": {"parents": [], "futureStatus": "y"}
    });
    let route: HTTPRoute = serde_json::from_value(doc.clone()).unwrap();
    let rule = &route.spec.rules[0];
    let path = rule.matches[0].path.as_ref().unwrap();
    assert_eq!(path.r#type, Some(PathMatchType::Other("Glob".to_string())));
    assert!(!path.r#type.as_ref().unwrap().is_known());
    assert!(route.spec.extra.contains_key("futureField"));
    assert!(rule.extra.contains_key("retry"));
    let backend = &rule.backend_refs[0];
    assert_eq!(backend.backend_ref.backend_object_reference.name, "svc");
    assert_eq!(backend.backend_ref.backend_object_reference.port, Some(80));
    assert_eq!(backend.backend_ref.weight, Some(3));
    assert_eq!(backend.filters.len(), 1);
    assert_eq!(backend.extra.get("futureBackendField"), Some(&json!("x")));
    assert!(
        backend.backend_ref.extra.is_empty() && backend.backend_ref.backend_object_reference.extra.is_empty()
    );
    // Everything comes back as written (`status.parents` is required, so even `[]` is written).
    assert_eq!(serde_json::to_value(&route).unwrap(), doc);
}

#[test]
fn missing_required_field_is_named() {
    let doc = json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": "r"},
        "spec": {"rules": [{"backendRefs": [{"port": 80}]}]}
    });
    let err = serde_json::from_value::<HTTPRoute>(doc).unwrap_err().to_string();
    assert!(err.contains("missing field `name`"), "{err}");
}

#[test]
fn new_fills_api_version_and_kind() {
    let route = HTTPRoute::new(Default::default(), HTTPRouteSpec::default());
    let v = serde_json::to_value(&route).unwrap();
    assert_eq!(v["apiVersion"], "gateway.networking.k8s.io/v1");
    assert_eq!(v["kind"], "HTTPRoute");
    assert_eq!(ReferenceGrant::default().kind, "ReferenceGrant");
}
