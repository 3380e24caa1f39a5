//! The validator against upstream examples, conformance manifests and crafted invalid objects.
#![allow(clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use gateshift_crd_validate::{Validator, Violation, parse_yaml_documents, require_gateway_api_dir};
use serde_json::{Value, json};

fn validator() -> Option<&'static Validator> {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    let dir = require_gateway_api_dir()?;
    Some(VALIDATOR.get_or_init(|| {
        Validator::load(&dir.join("crds/standard")).unwrap_or_else(|e| panic!("loading the CRDs: {e}"))
    }))
}

fn yaml_files(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if recursive {
                yaml_files(&path, recursive, out);
            }
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// Runs every object of a served Gateway API kind in `files` through the validator; returns (checked, failures).
fn check_files(
    v: &Validator,
    files: &[PathBuf],
    substitute: impl Fn(&str) -> String,
) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut failures = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).expect("read");
        let docs =
            parse_yaml_documents(&substitute(&text)).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for doc in docs {
            let is_gateway_api = doc
                .get("apiVersion")
                .and_then(Value::as_str)
                .is_some_and(|a| a.starts_with("gateway.networking.k8s.io/"));
            if !is_gateway_api || !v.knows(&doc) {
                continue;
            }
            checked += 1;
            let name = doc
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or("?");
            let kind = doc.get("kind").and_then(Value::as_str).unwrap_or("?");
            for violation in v.validate(&doc) {
                failures.push(format!("{}: {kind}/{name}: {violation}", file.display()));
            }
            for field in v.unknown_fields(&doc) {
                failures.push(format!(
                    "{}: {kind}/{name}: unknown field {field}",
                    file.display()
                ));
            }
        }
    }
    (checked, failures)
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn upstream_examples_are_accepted() {
    let (Some(v), Some(dir)) = (validator(), require_gateway_api_dir()) else {
        return;
    };
    let mut files = Vec::new();
    yaml_files(&dir.join("examples/standard"), true, &mut files);
    let (checked, failures) = check_files(v, &files, str::to_owned);
    eprintln!("examples/standard: {checked} objects checked");
    assert!(checked > 50, "only {checked} objects found");
    assert!(failures.is_empty(), "false rejects:\n{}", failures.join("\n"));
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn conformance_manifests_are_accepted() {
    let (Some(v), Some(dir)) = (validator(), require_gateway_api_dir()) else {
        return;
    };
    let mut files = Vec::new();
    yaml_files(&dir.join("conformance/tests"), false, &mut files);
    // The suite fills these placeholders in before applying.
    let substitute = |text: &str| {
        text.replace("{GATEWAY_CLASS_NAME}", "gateway-conformance")
            .replace("{GATEWAY_CONTROLLER_NAME}", "example.com/gateway-controller")
            .replace("PLACEHOLDER_UNUSABLE_ADDRS", "192.0.2.1")
            .replace("PLACEHOLDER_USABLE_ADDRS", "192.0.2.2")
    };
    let (checked, failures) = check_files(v, &files, substitute);
    eprintln!("conformance/tests: {checked} objects checked");
    assert!(checked > 200, "only {checked} objects found");
    // Experimental-channel fields used by the conformance suite: the standard CRDs prune them.
    let experimental = [
        "httproute-retry.yaml: HTTPRoute/retries: unknown field spec.rules[0].retry",
        "httproute-retry.yaml: HTTPRoute/retries: unknown field spec.rules[1].retry",
    ];
    let failures: Vec<_> = failures
        .into_iter()
        .filter(|f| !experimental.iter().any(|e| f.ends_with(&format!("/{e}"))))
        .collect();
    assert!(failures.is_empty(), "false rejects:\n{}", failures.join("\n"));
}

// ── crafted objects ────────────────────────────────────────────────────────────────────────────────────────────

fn route() -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "parentRefs": [{"name": "gw"}],
            "hostnames": ["example.com"],
            "rules": [{
                "matches": [{"path": {"type": "PathPrefix", "value": "/app"}}],
                "backendRefs": [{"name": "svc", "port": 80}]
            }]
        }
    })
}

fn gateway() -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "Gateway",
        "metadata": {"name": "gw", "namespace": "default"},
        "spec": {
            "gatewayClassName": "example",
            "listeners": [
                {"name": "http", "protocol": "HTTP", "port": 80},
                {"name": "https", "protocol": "HTTPS", "port": 443, "hostname": "example.com",
                 "tls": {"certificateRefs": [{"name": "cert"}]}}
            ]
        }
    })
}

fn grant() -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "ReferenceGrant",
        "metadata": {"name": "allow", "namespace": "backends"},
        "spec": {
            "from": [{"group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "namespace": "default"}],
            "to": [{"group": "", "kind": "Service"}]
        }
    })
}

/// Sets the value at a JSON pointer; the last segment may be a new object field.
fn set(obj: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = obj.pointer_mut(pointer) {
        *slot = value;
        return;
    }
    let (parent, field) = pointer.rsplit_once('/').expect("pointer");
    let parent = obj.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}"));
    parent
        .as_object_mut()
        .unwrap_or_else(|| panic!("{pointer}: parent is not an object"))
        .insert(field.to_owned(), value);
}

/// Asserts that one violation has exactly `path` and a message containing `fragment`.
#[track_caller]
fn assert_rejected(obj: &Value, path: &str, fragment: &str) {
    let Some(v) = validator() else { return };
    let violations = v.validate(obj);
    assert!(
        violations
            .iter()
            .any(|x| x.path == path && x.message.contains(fragment)),
        "expected `{path}: …{fragment}…`, got:\n{}",
        render(&violations)
    );
}

fn render(violations: &[Violation]) -> String {
    violations.iter().map(|v| format!("  {v}\n")).collect()
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn crafted_valid_objects_are_accepted() {
    let Some(v) = validator() else { return };
    for obj in [route(), gateway(), grant()] {
        let violations = v.validate(&obj);
        assert!(violations.is_empty(), "{}", render(&violations));
        assert!(v.unknown_fields(&obj).is_empty());
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn path_must_start_with_slash() {
    let mut r = route();
    set(&mut r, "/spec/rules/0/matches/0/path/value", json!("app"));
    assert_rejected(
        &r,
        "spec.rules[0].matches[0].path",
        "value must be an absolute path and start with '/'",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn path_must_not_contain_double_slash() {
    let mut r = route();
    set(&mut r, "/spec/rules/0/matches/0/path/value", json!("/a//b"));
    assert_rejected(&r, "spec.rules[0].matches[0].path", "must not contain '//'");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn redirect_and_rewrite_are_exclusive() {
    let mut r = route();
    set(&mut r, "/spec/rules/0/backendRefs", json!([]));
    set(
        &mut r,
        "/spec/rules/0/filters",
        json!([
            {"type": "RequestRedirect", "requestRedirect": {"scheme": "https"}},
            {"type": "URLRewrite", "urlRewrite": {"hostname": "a.example.com"}}
        ]),
    );
    assert_rejected(
        &r,
        "spec.rules[0].filters",
        "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn redirect_with_backend_refs() {
    let mut r = route();
    set(
        &mut r,
        "/spec/rules/0/filters",
        json!([{"type": "RequestRedirect", "requestRedirect": {"scheme": "https"}}]),
    );
    assert_rejected(
        &r,
        "spec.rules[0]",
        "RequestRedirect filter must not be used together with backendRefs",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn service_backend_needs_port() {
    let mut r = route();
    set(&mut r, "/spec/rules/0/backendRefs", json!([{"name": "svc"}]));
    assert_rejected(
        &r,
        "spec.rules[0].backendRefs[0]",
        "Must have port for Service reference",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn at_most_16_rules() {
    let mut r = route();
    let rule = r.pointer("/spec/rules/0").cloned().expect("rule");
    set(&mut r, "/spec/rules", Value::Array(vec![rule; 17]));
    assert_rejected(&r, "spec.rules", "Too many: 17: must have at most 16 items");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn hostname_must_be_lowercase() {
    let mut r = route();
    set(&mut r, "/spec/hostnames/0", json!("Example.com"));
    assert_rejected(&r, "spec.hostnames[0]", "should match");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listener_names_are_unique() {
    let mut g = gateway();
    set(&mut g, "/spec/listeners/1/name", json!("http"));
    assert_rejected(
        &g,
        "spec.listeners",
        "Listener name must be unique within the Gateway",
    );
    // The same as list-map key uniqueness, which the API server checks separately.
    assert_rejected(&g, "spec.listeners[1]", "Duplicate value: {\"name\":\"http\"}");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn http_listener_must_not_have_tls() {
    let mut g = gateway();
    set(
        &mut g,
        "/spec/listeners/0/tls",
        json!({"certificateRefs": [{"name": "cert"}]}),
    );
    assert_rejected(
        &g,
        "spec.listeners",
        "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn https_listener_needs_certificate_refs() {
    let mut g = gateway();
    set(
        &mut g,
        "/spec/listeners/1/tls",
        json!({"mode": "Terminate", "certificateRefs": []}),
    );
    assert_rejected(
        &g,
        "spec.listeners[1].tls",
        "certificateRefs or options must be specified when mode is Terminate",
    );
    // Without the field the rule cannot even read it (the API server says "no such key"); still a reject, and
    // `mode` defaults to Terminate, so the rule must see the default.
    set(&mut g, "/spec/listeners/1/tls", json!({}));
    assert_rejected(
        &g,
        "spec.listeners[1].tls",
        "evaluating rule: certificateRefs or options must be specified when mode is Terminate",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn reference_grant_needs_from() {
    let mut g = grant();
    set(&mut g, "/spec/from", json!([]));
    assert_rejected(&g, "spec.from", "should have at least 1 items");
    let mut g = grant();
    g["spec"].as_object_mut().expect("spec").remove("from");
    assert_rejected(&g, "spec.from", "Required value");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn two_parent_refs_to_one_gateway_need_section_names() {
    let mut r = route();
    set(
        &mut r,
        "/spec/parentRefs",
        json!([{"name": "gw"}, {"name": "gw"}]),
    );
    assert_rejected(
        &r,
        "spec.parentRefs",
        "sectionName must be unique when parentRefs includes 2 or more references to the same parent",
    );
    set(
        &mut r,
        "/spec/parentRefs",
        json!([{"name": "gw"}, {"name": "gw", "sectionName": "http"}]),
    );
    assert_rejected(
        &r,
        "spec.parentRefs",
        "sectionName must be specified when parentRefs includes 2 or more references to the same parent",
    );
    set(
        &mut r,
        "/spec/parentRefs",
        json!([{"name": "gw", "sectionName": "http"}, {"name": "gw", "sectionName": "https"}]),
    );
    let Some(v) = validator() else { return };
    assert_eq!(v.validate(&r), vec![]);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn metadata_name_must_be_lowercase() {
    let mut r = route();
    set(&mut r, "/metadata/name", json!("Web"));
    assert_rejected(&r, "metadata.name", "a lowercase RFC 1123 subdomain");
    set(&mut r, "/metadata/name", json!("a".repeat(254)));
    assert_rejected(&r, "metadata.name", "must be no more than 253 characters");
    r["metadata"].as_object_mut().expect("metadata").remove("name");
    assert_rejected(&r, "metadata.name", "Required value");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn metadata_labels_and_annotations() {
    let mut r = route();
    set(
        &mut r,
        "/metadata/labels",
        json!({"app": "x".repeat(64), "ok": "fine", "-bad": "v"}),
    );
    set(
        &mut r,
        "/metadata/annotations",
        json!({"gateshift.io/source": "ingress/default/web"}),
    );
    assert_rejected(&r, "metadata.labels", "must be no more than 63 characters");
    assert_rejected(&r, "metadata.labels", "Invalid value: \"-bad\"");
    set(&mut r, "/metadata/labels", json!({}));
    assert_eq!(validator().map(|v| v.validate(&r)).unwrap_or_default(), vec![]);
    set(
        &mut r,
        "/metadata/annotations",
        json!({"a/b/c": "x", "big": "x".repeat(256 * 1024)}),
    );
    assert_rejected(&r, "metadata.annotations", "Invalid value: \"a/b/c\"");
    assert_rejected(
        &r,
        "metadata.annotations",
        "Too long: must have at most 262144 bytes",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn at_most_64_listeners() {
    let mut g = gateway();
    let listeners: Vec<Value> = (0..65)
        .map(|i| json!({"name": format!("l{i}"), "protocol": "HTTP", "port": 1000 + i}))
        .collect();
    set(&mut g, "/spec/listeners", Value::Array(listeners));
    assert_rejected(&g, "spec.listeners", "Too many: 65: must have at most 64 items");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn list_map_keys_are_unique() {
    // HTTPRoute header matches are a list-map keyed by name; no CEL rule covers the duplicate.
    let mut r = route();
    set(
        &mut r,
        "/spec/rules/0/matches/0/headers",
        json!([{"name": "x-a", "value": "1"}, {"name": "x-a", "value": "2"}]),
    );
    assert_rejected(
        &r,
        "spec.rules[0].matches[0].headers[1]",
        "Duplicate value: {\"name\":\"x-a\"}",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn enum_type_and_required_messages() {
    let mut r = route();
    set(&mut r, "/spec/rules/0/matches/0/path/type", json!("Glob"));
    assert_rejected(
        &r,
        "spec.rules[0].matches[0].path.type",
        "Unsupported value: \"Glob\"",
    );
    let mut r = route();
    set(&mut r, "/spec/rules/0/backendRefs/0/port", json!("80"));
    assert_rejected(&r, "spec.rules[0].backendRefs[0].port", "must be of type integer");
    let mut r = route();
    set(&mut r, "/spec/rules/0/backendRefs/0/port", json!(70000));
    assert_rejected(
        &r,
        "spec.rules[0].backendRefs[0].port",
        "less than or equal to 65535",
    );
    let mut r = route();
    r["spec"]["parentRefs"][0]
        .as_object_mut()
        .expect("parentRef")
        .remove("name");
    assert_rejected(&r, "spec.parentRefs[0].name", "Required value");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn unknown_kind_or_version() {
    let Some(v) = validator() else { return };
    let mut r = route();
    set(&mut r, "/apiVersion", json!("gateway.networking.k8s.io/v1alpha2"));
    let violations = v.validate(&r);
    assert_eq!(violations.len(), 1, "{}", render(&violations));
    assert!(
        violations[0]
            .message
            .contains("no matches for kind \"HTTPRoute\"")
    );
    set(&mut r, "/apiVersion", json!("gateway.networking.k8s.io/v1"));
    set(&mut r, "/kind", json!("HTTPRoutes"));
    assert_eq!(v.validate(&r).len(), 1);
    // v1beta1 is still served for HTTPRoute.
    set(&mut r, "/apiVersion", json!("gateway.networking.k8s.io/v1beta1"));
    set(&mut r, "/kind", json!("HTTPRoute"));
    assert_eq!(v.validate(&r), vec![]);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn unknown_fields_are_pruned_and_reported() {
    let Some(v) = validator() else { return };
    let mut r = route();
    r["spec"]["futureField"] = json!({"x": 1});
    r["spec"]["rules"][0]["matches"][0]["path"]["regexFlavor"] = json!("pcre");
    r["metadata"]["notAField"] = json!(1);
    r["extra"] = json!(true);
    // Pruned, not rejected: the API server drops them silently.
    assert_eq!(v.validate(&r), vec![]);
    assert_eq!(
        v.unknown_fields(&r),
        vec![
            "extra".to_owned(),
            "metadata.notAField".to_owned(),
            "spec.futureField".to_owned(),
            "spec.rules[0].matches[0].path.regexFlavor".to_owned(),
        ]
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn ipv6_gateway_address_is_accepted_after_defaulting() {
    let Some(v) = validator() else { return };
    let mut g = gateway();
    g["spec"]["addresses"] = json!([{"value": "2001:db8::1"}]);
    assert_eq!(v.validate(&g), vec![]);
    g["spec"]["addresses"] = json!([{"value": "not-an-ip"}]);
    assert_rejected(
        &g,
        "spec.addresses[0]",
        "spec.addresses[0].value in body must be of type ipv4",
    );
    g["spec"]["addresses"] = json!([{"type": "Hostname", "value": "gw.example.com"}]);
    assert_eq!(v.validate(&g), vec![]);
}

/// A rule that nests comprehensions is bounded: 3,000 listeners (the CRD allows 64) would make the unique-name
/// rule `self.all(l1, self.exists_one(l2, ...))` iterate 9 million times; it is reported as over the API
/// server's per-call limit instead of evaluated, within a few seconds in a debug build.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn nested_comprehensions_over_a_huge_list_hit_the_cost_limit() {
    let Some(v) = validator() else { return };
    let mut g = gateway();
    let listeners: Vec<Value> = (0..3000)
        .map(|i| json!({"name": format!("l{i}"), "protocol": "HTTP", "port": 80, "hostname": format!("h{i}.example.com")}))
        .collect();
    g["spec"]["listeners"] = Value::Array(listeners);
    let started = std::time::Instant::now();
    let violations = v.validate(&g);
    let took = started.elapsed();
    assert!(took < std::time::Duration::from_secs(5), "took {took:?}");
    assert!(
        violations.iter().any(|x| x.path == "spec.listeners"
            && x.message
                .starts_with("CEL cost limit exceeded: rule `self.all(l1, self.exists_one(l2")),
        "{}",
        render(&violations)
    );
    assert!(
        violations
            .iter()
            .any(|x| x.path == "spec.listeners" && x.message.contains("must have at most 64 items")),
        "{}",
        render(&violations)
    );
    // Within the CRD's bounds the same rule is evaluated as before.
    let mut g = gateway();
    g["spec"]["listeners"][1]["name"] = json!("http");
    assert_rejected(
        &g,
        "spec.listeners",
        "Listener name must be unique within the Gateway",
    );
}

/// The bound holds for CRDs given from outside (`check --crds`) that set no `maxItems`: three nested `all`
/// over 200 items (8 million iterations) is over the limit; over 50 items (125,000) it is evaluated.
#[test]
fn an_unbounded_crd_rule_is_stopped_at_the_cost_limit() {
    let crd: Value = serde_json::from_str(
        r#"{"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "things.example.com"},
        "spec": {"group": "example.com", "scope": "Namespaced",
          "names": {"kind": "Thing", "plural": "things", "singular": "thing", "listKind": "ThingList"},
          "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {
            "type": "object", "properties": {"spec": {"type": "object", "properties": {
              "items": {"type": "array", "items": {"type": "integer"},
                "x-kubernetes-validations": [{"rule": "self.all(a, self.all(b, self.all(c, a + b + c >= 0)))",
                  "message": "sums must not be negative"}]}}}}}}}]}}"#,
    )
    .unwrap();
    let v = Validator::from_documents([("crd.yaml".to_string(), crd)], "test").unwrap();
    let thing = |items: Vec<i64>| {
        json!({"apiVersion": "example.com/v1", "kind": "Thing",
               "metadata": {"name": "t", "namespace": "default"}, "spec": {"items": items}})
    };
    let started = std::time::Instant::now();
    let violations = v.validate(&thing((0..200).collect()));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(violations.len(), 1, "{}", render(&violations));
    assert_eq!(violations[0].path, "spec.items");
    assert!(
        violations[0].message.contains("CEL cost limit exceeded")
            && violations[0].message.contains("up to 8000000 iterations"),
        "{}",
        violations[0].message
    );
    let mut small: Vec<i64> = (0..50).collect();
    assert_eq!(v.validate(&thing(small.clone())), vec![]);
    small[0] = -100;
    let violations = v.validate(&thing(small));
    assert!(
        violations
            .iter()
            .any(|x| x.message.contains("sums must not be negative")),
        "{}",
        render(&violations)
    );
}
