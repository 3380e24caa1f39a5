//! Conformance-derived tests: the manifests of the upstream Gateway API v1.6.1 conformance suite
//! (`conformance/base/manifests.yaml` plus one test's manifest, `{GATEWAY_CLASS_NAME}` substituted as the suite
//! does), checked offline, with the conditions and reasons the upstream Go test of the same name expects
//! (`conformance/tests/<stem>.go` in kubernetes-sigs/gateway-api). Each test names its upstream test.
//!
//! The suite creates some objects in Go rather than YAML; they are added here the same way: the GatewayClass
//! and the TLS Secrets (`tls-validity-checks-certificate`, `tls-passthrough-checks-certificate`,
//! `tls-checks-certificate` in gateway-conformance-infra, `certificate` in gateway-conformance-web-backend), and
//! the CA ConfigMaps of the BackendTLSPolicy tests (`tls-checks-ca-certificate`, `mismatch-ca-certificate`).
//!
//! Without the upstream data (a fresh clone) the tests are skipped with a note, except under `CI`.

use std::sync::Arc;

use gateshift_check::{Options, Outcome, check};
use serde_json::Value;

const CLASS: &str = "gateshift-conformance";
const CONTROLLER: &str = "gateshift.dev/conformance";
const INFRA: &str = "gateway-conformance-infra";

fn suite_objects() -> String {
    let pem = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n";
    let key = "-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----\\n";
    let mut s = format!(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: {CLASS}\nspec:\n  controllerName: {CONTROLLER}\n"
    );
    for (ns, name) in [
        (INFRA, "tls-validity-checks-certificate"),
        (INFRA, "tls-passthrough-checks-certificate"),
        (INFRA, "tls-checks-certificate"),
        (INFRA, "tls-terminate-checks-certificate"),
        ("gateway-conformance-web-backend", "certificate"),
    ] {
        s.push_str(&format!(
            "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: \"{pem}\"\n  tls.key: \"{key}\"\n"
        ));
    }
    for name in ["tls-checks-ca-certificate", "mismatch-ca-certificate"] {
        s.push_str(&format!(
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {INFRA}\ndata:\n  ca.crt: \"{pem}\"\n"
        ));
    }
    s
}

/// Checks base manifests + the given test manifests, or `None` without the upstream data.
fn run(tests: &[&str]) -> Option<Outcome> {
    let dir = gateshift_crd_validate::require_gateway_api_dir()?;
    let mut files = Vec::new();
    for t in tests {
        let p = format!("conformance/tests/{t}.yaml");
        let text = std::fs::read_to_string(dir.join(&p)).expect("read conformance manifest");
        files.push((p, text.replace("{GATEWAY_CLASS_NAME}", CLASS)));
    }
    run_files(files)
}

/// Like [`run`] with one test manifest given as text (an edited upstream manifest), named after the test.
fn run_with(test: &str, text: &str) -> Option<Outcome> {
    run_files(vec![(format!("conformance/tests/{test}.yaml"), text.to_string())])
}

/// Checks the suite objects, the base manifests and `tests` ((path, text), placeholders substituted).
fn run_files(tests: Vec<(String, String)>) -> Option<Outcome> {
    let dir = gateshift_crd_validate::require_gateway_api_dir()?;
    let mut files = vec![("suite.yaml".to_string(), suite_objects())];
    let base = "conformance/base/manifests.yaml";
    let text = std::fs::read_to_string(dir.join(base)).expect("read conformance manifest");
    files.push((base.to_string(), text.replace("{GATEWAY_CLASS_NAME}", CLASS)));
    files.extend(tests);
    let mut objects = Vec::new();
    for (name, text) in &files {
        let docs = gateshift_manifest::read_str(name, text, &Default::default()).expect("manifest parses");
        for doc in docs {
            objects.push(gateshift_api::decode(Arc::new(doc)).expect("object decodes"));
        }
    }
    let options = Options {
        controller_name: Some(CONTROLLER.into()),
    };
    Some(check(&objects, &options))
}

fn item(o: &Outcome, kind: &str, ns: &str, name: &str) -> Value {
    o.items
        .iter()
        .find(|i| i.object.kind == kind && i.object.namespace == ns && i.object.name == name)
        .unwrap_or_else(|| panic!("{kind} {ns}/{name} not in the items"))
        .value()
}

fn has_condition(conditions: &Value, type_: &str, status: &str, reason: &str) -> bool {
    conditions.as_array().is_some_and(|cs| {
        cs.iter().any(|c| {
            c["type"] == type_ && c["status"] == status && (reason.is_empty() || c["reason"] == reason)
        })
    })
}

/// Like the upstream `*RouteMustHaveCondition`: the parent status for Gateway `gw` in the infra namespace
/// written by our controller has the condition (an empty reason means any reason).
// The arguments mirror the upstream helper's (route, parent, condition); a struct would only hide that.
#[allow(clippy::too_many_arguments)]
#[track_caller]
fn route_condition(
    o: &Outcome,
    kind: &str,
    ns: &str,
    name: &str,
    gw: &str,
    type_: &str,
    status: &str,
    reason: &str,
) {
    let route = item(o, kind, ns, name);
    let parents = route["status"]["parents"].as_array().expect("status.parents");
    let parent = parents
        .iter()
        .find(|p| {
            p["controllerName"] == CONTROLLER
                && p["parentRef"]["name"] == gw
                && p["parentRef"]["namespace"].as_str().is_none_or(|n| n == INFRA)
        })
        .unwrap_or_else(|| panic!("{kind} {ns}/{name}: no parent status for {gw}: {route:#}"));
    assert!(
        has_condition(&parent["conditions"], type_, status, reason),
        "{kind} {ns}/{name} parent {gw}: expected {type_}={status}/{reason}, got {:#}",
        parent["conditions"]
    );
    for c in parent["conditions"].as_array().unwrap() {
        assert_eq!(
            c["observedGeneration"],
            route["metadata"]["generation"].as_i64().unwrap_or(1)
        );
    }
}

/// Like `HTTPRouteMustHaveNoAcceptedParents`.
#[track_caller]
fn no_accepted_parents(o: &Outcome, kind: &str, ns: &str, name: &str) {
    let route = item(o, kind, ns, name);
    for p in route["status"]["parents"].as_array().into_iter().flatten() {
        assert!(
            !has_condition(&p["conditions"], "Accepted", "True", ""),
            "{kind} {ns}/{name} has an accepted parent: {p:#}"
        );
    }
}

fn listener(o: &Outcome, gw: &str, name: &str) -> Value {
    let g = item(o, "Gateway", INFRA, gw);
    g["status"]["listeners"]
        .as_array()
        .and_then(|ls| ls.iter().find(|l| l["name"] == name))
        .unwrap_or_else(|| panic!("Gateway {gw}: no status for listener {name}: {g:#}"))
        .clone()
}

/// Like `GatewayStatusMustHaveListeners` for one listener: supported kinds (a superset), conditions (a subset),
/// attached routes.
#[track_caller]
fn listener_is(
    o: &Outcome,
    gw: &str,
    name: &str,
    kinds: &[&str],
    conditions: &[(&str, &str, &str)],
    attached: i64,
) {
    let l = listener(o, gw, name);
    let actual: Vec<&str> = l["supportedKinds"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|k| k["kind"].as_str())
        .collect();
    if kinds.is_empty() {
        assert!(
            actual.is_empty(),
            "{gw}/{name}: expected no supportedKinds, got {actual:?}"
        );
    }
    for k in kinds {
        assert!(
            actual.contains(k),
            "{gw}/{name}: supportedKinds {actual:?} lack {k}"
        );
    }
    for (t, s, r) in conditions {
        assert!(
            has_condition(&l["conditions"], t, s, r),
            "{gw}/{name}: expected {t}={s}/{r}, got {:#}",
            l["conditions"]
        );
    }
    assert_eq!(l["attachedRoutes"], attached, "{gw}/{name}: attachedRoutes");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_invalid_cross_namespace_parent_ref() {
    // Upstream: HTTPRouteInvalidCrossNamespaceParentRef.
    let Some(o) = run(&["httproute-invalid-cross-namespace-parent-ref"]) else {
        return;
    };
    let (ns, name) = (
        "gateway-conformance-web-backend",
        "invalid-cross-namespace-parent-ref",
    );
    route_condition(
        &o,
        "HTTPRoute",
        ns,
        name,
        "same-namespace",
        "ResolvedRefs",
        "True",
        "ResolvedRefs",
    );
    route_condition(
        &o,
        "HTTPRoute",
        ns,
        name,
        "same-namespace",
        "Accepted",
        "False",
        "NotAllowedByListeners",
    );
    no_accepted_parents(&o, "HTTPRoute", ns, name);
    listener_is(&o, "same-namespace", "http", &["HTTPRoute"], &[], 0);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_invalid_cross_namespace_backend_ref() {
    // Upstream: HTTPRouteInvalidCrossNamespaceBackendRef.
    let Some(o) = run(&["httproute-invalid-cross-namespace-backend-ref"]) else {
        return;
    };
    let name = "invalid-cross-namespace-backend-ref";
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        name,
        "same-namespace",
        "Accepted",
        "True",
        "Accepted",
    );
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        name,
        "same-namespace",
        "ResolvedRefs",
        "False",
        "RefNotPermitted",
    );
    assert!(!o.is_clean());
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_reference_grant() {
    // Upstream: HTTPRouteReferenceGrant.
    let Some(o) = run(&["httproute-reference-grant"]) else {
        return;
    };
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        "reference-grant",
        "same-namespace",
        "Accepted",
        "True",
        "Accepted",
    );
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        "reference-grant",
        "same-namespace",
        "ResolvedRefs",
        "True",
        "ResolvedRefs",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_invalid_reference_grant() {
    // Upstream: HTTPRouteInvalidReferenceGrant (7 grants, none of which allows the reference).
    let Some(o) = run(&["httproute-invalid-reference-grant"]) else {
        return;
    };
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        "reference-grant",
        "same-namespace",
        "Accepted",
        "True",
        "Accepted",
    );
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        "reference-grant",
        "same-namespace",
        "ResolvedRefs",
        "False",
        "RefNotPermitted",
    );
    // The grant in the referrer's namespace is reported as misplaced.
    assert!(
        o.findings
            .iter()
            .any(|f| f.code == "GS3001" && f.object.name == "reference-grant-wrong-namespace")
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_partially_invalid_via_invalid_reference_grant() {
    // Upstream: HTTPRoutePartiallyInvalidViaInvalidReferenceGrant.
    let Some(o) = run(&["httproute-partially-invalid-via-invalid-reference-grant"]) else {
        return;
    };
    let name = "invalid-reference-grant";
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        name,
        "same-namespace",
        "Accepted",
        "True",
        "Accepted",
    );
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        name,
        "same-namespace",
        "ResolvedRefs",
        "False",
        "RefNotPermitted",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_invalid_backend_ref_unknown_kind() {
    // Upstream: HTTPRouteInvalidBackendRefUnknownKind.
    let Some(o) = run(&["httproute-invalid-backendref-unknown-kind"]) else {
        return;
    };
    let name = "invalid-backend-ref-unknown-kind";
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        name,
        "same-namespace",
        "Accepted",
        "True",
        "Accepted",
    );
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        name,
        "same-namespace",
        "ResolvedRefs",
        "False",
        "InvalidKind",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_invalid_nonexistent_backend_ref() {
    // Upstream: HTTPRouteInvalidNonExistentBackendRef.
    let Some(o) = run(&["httproute-invalid-nonexistent-backendref"]) else {
        return;
    };
    let name = "invalid-nonexistent-backend-ref";
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        name,
        "same-namespace",
        "Accepted",
        "True",
        "Accepted",
    );
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        name,
        "same-namespace",
        "ResolvedRefs",
        "False",
        "BackendNotFound",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_invalid_parent_ref_not_matching_section_name() {
    // Upstream: HTTPRouteInvalidParentRefNotMatchingSectionName.
    let Some(o) = run(&["httproute-invalid-parentref-not-matching-section-name"]) else {
        return;
    };
    let name = "httproute-listener-not-matching-section-name";
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        name,
        "same-namespace",
        "Accepted",
        "False",
        "NoMatchingParent",
    );
    no_accepted_parents(&o, "HTTPRoute", INFRA, name);
    listener_is(&o, "same-namespace", "http", &["HTTPRoute"], &[], 0);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_invalid_parent_ref_not_matching_listener_port() {
    // Upstream: HTTPRouteInvalidParentRefNotMatchingListenerPort.
    let Some(o) = run(&["httproute-invalid-parentref-not-matching-listener-port"]) else {
        return;
    };
    let name = "httproute-listener-not-matching-route-port";
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        name,
        "same-namespace",
        "Accepted",
        "False",
        "NoMatchingParent",
    );
    no_accepted_parents(&o, "HTTPRoute", INFRA, name);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_invalid_parent_ref_section_name_not_matching_port() {
    // Upstream: HTTPRouteInvalidParentRefSectionNameNotMatchingPort.
    let Some(o) = run(&["httproute-invalid-parentref-section-name-not-matching-port"]) else {
        return;
    };
    let name = "httproute-listener-section-name-not-matching-port";
    let gw = "gateway-with-one-not-matching-port-and-section-name-route";
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        name,
        gw,
        "Accepted",
        "False",
        "NoMatchingParent",
    );
    listener_is(&o, gw, "http", &["HTTPRoute"], &[], 0);
    no_accepted_parents(&o, "HTTPRoute", INFRA, name);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_disallowed_kind() {
    // Upstream: HTTPRouteDisallowedKind.
    let Some(o) = run(&["httproute-disallowed-kind"]) else {
        return;
    };
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        "disallowed-kind",
        "tlsroutes-only",
        "Accepted",
        "False",
        "NotAllowedByListeners",
    );
    no_accepted_parents(&o, "HTTPRoute", INFRA, "disallowed-kind");
    listener_is(&o, "tlsroutes-only", "tls", &["TLSRoute"], &[], 0);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_hostname_intersection() {
    // Upstream: HTTPRouteHostnameIntersection.
    let Some(o) = run(&["httproute-hostname-intersection"]) else {
        return;
    };
    let gw = "httproute-hostname-intersection";
    for name in [
        "specific-host-matches-listener-specific-host",
        "specific-host-matches-listener-wildcard-host",
        "wildcard-host-matches-listener-specific-host",
        "wildcard-host-matches-listener-wildcard-host",
    ] {
        route_condition(&o, "HTTPRoute", INFRA, name, gw, "Accepted", "True", "Accepted");
    }
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        "no-intersecting-hosts",
        gw,
        "Accepted",
        "False",
        "NoMatchingListenerHostname",
    );
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        "httproute-hostname-intersection-all",
        "httproute-hostname-intersection-all",
        "Accepted",
        "True",
        "Accepted",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_listener_hostname_matching() {
    // Upstream: HTTPRouteListenerHostnameMatching.
    let Some(o) = run(&["httproute-listener-hostname-matching"]) else {
        return;
    };
    let gw = "httproute-listener-hostname-matching";
    for name in ["backend-v1", "backend-v2", "backend-v3"] {
        route_condition(&o, "HTTPRoute", INFRA, name, gw, "Accepted", "True", "Accepted");
    }
    for l in ["listener-1", "listener-2", "listener-3", "listener-4"] {
        listener_is(
            &o,
            gw,
            l,
            &["HTTPRoute"],
            &[("Accepted", "True", ""), ("ResolvedRefs", "True", "")],
            1,
        );
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn gateway_with_attached_routes() {
    // Upstream: GatewayWithAttachedRoutes and GatewayWithAttachedRoutesWithPort8080.
    let Some(o) = run(&[
        "gateway-with-attached-routes",
        "gateway-with-attached-routes-with-port-8080",
    ]) else {
        return;
    };
    let ok = [("Accepted", "True", ""), ("ResolvedRefs", "True", "")];
    listener_is(
        &o,
        "gateway-with-one-attached-route",
        "http",
        &["HTTPRoute"],
        &ok,
        1,
    );
    listener_is(
        &o,
        "gateway-with-two-attached-routes",
        "http",
        &["HTTPRoute"],
        &ok,
        2,
    );
    let gw = "gateway-with-two-listeners-and-one-attached-route";
    listener_is(&o, gw, "http-unattached", &["HTTPRoute"], &ok, 0);
    listener_is(&o, gw, "http", &["HTTPRoute"], &ok, 1);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn gateway_invalid_route_kind() {
    // Upstream: GatewayInvalidRouteKind.
    let Some(o) = run(&["gateway-invalid-route-kind"]) else {
        return;
    };
    let refs = [("ResolvedRefs", "False", "InvalidRouteKinds")];
    listener_is(&o, "gateway-only-invalid-route-kind", "http", &[], &refs, 0);
    listener_is(
        &o,
        "gateway-supported-and-invalid-route-kind",
        "http",
        &["HTTPRoute"],
        &refs,
        0,
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn gateway_invalid_tls_configuration() {
    // Upstream: GatewayInvalidTLSConfiguration (nonexistent Secret, wrong group, wrong kind, malformed Secret).
    let Some(o) = run(&["gateway-invalid-tls-configuration"]) else {
        return;
    };
    for gw in [
        "gateway-certificate-nonexistent-secret",
        "gateway-certificate-unsupported-group",
        "gateway-certificate-unsupported-kind",
        "gateway-certificate-malformed-secret",
    ] {
        listener_is(
            &o,
            gw,
            "https",
            &["HTTPRoute"],
            &[("ResolvedRefs", "False", "InvalidCertificateRef")],
            0,
        );
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn gateway_secret_reference_grants() {
    // Upstream: GatewaySecretMissingReferenceGrant, GatewaySecretInvalidReferenceGrant,
    // GatewaySecretReferenceGrantSpecific, GatewaySecretReferenceGrantAllInNamespace (each run on its own, as
    // upstream: the all-in-namespace grant would otherwise cover the others).
    let denied = [("ResolvedRefs", "False", "RefNotPermitted")];
    let granted = [
        ("Accepted", "True", ""),
        ("ResolvedRefs", "True", ""),
        ("Programmed", "True", ""),
    ];
    for (test, expected) in [
        ("gateway-secret-missing-reference-grant", &denied[..]),
        ("gateway-secret-invalid-reference-grant", &denied[..]),
        ("gateway-secret-reference-grant-specific", &granted[..]),
        ("gateway-secret-reference-grant-all-in-namespace", &granted[..]),
    ] {
        let Some(o) = run(&[test]) else { return };
        listener_is(&o, test, "https", &["HTTPRoute"], expected, 0);
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn gateway_listener_unsupported_protocol() {
    // Upstream: GatewayInvalidListenersUnsupportedProtocol (gateway-invalid-listeners-unsupported-protocol).
    let Some(o) = run(&["gateway-invalid-listeners-unsupported-protocol"]) else {
        return;
    };
    let unsupported = [("Accepted", "False", "UnsupportedProtocol")];
    listener_is(
        &o,
        "gateway-only-unsupported-protocols",
        "invalid",
        &[],
        &unsupported,
        0,
    );
    listener_is(
        &o,
        "gateway-supported-and-unsupported-protocols",
        "invalid",
        &[],
        &unsupported,
        0,
    );
    let g = item(&o, "Gateway", INFRA, "gateway-only-unsupported-protocols");
    assert!(has_condition(
        &g["status"]["conditions"],
        "Accepted",
        "False",
        "ListenersNotValid"
    ));
    let g = item(
        &o,
        "Gateway",
        INFRA,
        "gateway-supported-and-unsupported-protocols",
    );
    assert!(has_condition(
        &g["status"]["conditions"],
        "Accepted",
        "True",
        "ListenersNotValid"
    ));
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn tlsroute_invalid_no_matching_listener_hostname() {
    // Upstream: TLSRouteInvalidNoMatchingListenerHostname.
    let Some(o) = run(&["tlsroute-invalid-no-matching-listener-hostname"]) else {
        return;
    };
    let r = "NoMatchingListenerHostname";
    route_condition(
        &o,
        "TLSRoute",
        INFRA,
        "tlsroute-hostname-mismatch-1",
        "gateway-tls-exact-hostname",
        "Accepted",
        "False",
        r,
    );
    route_condition(
        &o,
        "TLSRoute",
        INFRA,
        "tlsroute-hostname-mismatch-2",
        "gateway-tls-wildcard-hostname",
        "Accepted",
        "False",
        r,
    );
    listener_is(&o, "gateway-tls-exact-hostname", "tls", &["TLSRoute"], &[], 0);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn tlsroute_invalid_reference_grant() {
    // Upstream: TLSRouteInvalidReferenceGrant.
    let Some(o) = run(&["tlsroute-invalid-reference-grant"]) else {
        return;
    };
    let (name, gw) = (
        "gateway-conformance-infra-test",
        "gateway-tlsroute-referencegrant",
    );
    route_condition(&o, "TLSRoute", INFRA, name, gw, "Accepted", "True", "Accepted");
    route_condition(
        &o,
        "TLSRoute",
        INFRA,
        name,
        gw,
        "ResolvedRefs",
        "False",
        "RefNotPermitted",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn tlsroute_listener_supported_kinds() {
    // Upstream: TLSRouteListenerTerminateSupportedKinds and TLSRouteListenerPassthroughSupportedKinds.
    let ok = [("Accepted", "True", ""), ("ResolvedRefs", "True", "")];
    let Some(o) = run(&["tlsroute-listener-terminate-supported-kinds"]) else {
        return;
    };
    listener_is(
        &o,
        "gateway-tlsroute-terminate-supported",
        "tls-terminate",
        &["TLSRoute"],
        &ok,
        0,
    );
    // The passthrough listener also names TCPRoute, which a TLS listener cannot serve.
    let Some(o) = run(&["tlsroute-listener-passthrough-supported-kinds"]) else {
        return;
    };
    let gw = "gateway-tlsroute-passthrough-supported-kind";
    listener_is(
        &o,
        gw,
        "tls-passthrough",
        &["TLSRoute"],
        &[("ResolvedRefs", "False", "InvalidRouteKinds")],
        0,
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn tlsroute_invalid_backend_refs() {
    // Upstream: TLSRouteInvalidBackendRefUnknownKind and TLSRouteInvalidBackendRefNonexistent.
    let Some(o) = run(&["tlsroute-invalid-backendref-unknown-kind"]) else {
        return;
    };
    let (name, gw) = (
        "invalid-backend-ref-unknown-kind",
        "gateway-tlsroute-invalid-backend-ref-unknown-kind",
    );
    route_condition(&o, "TLSRoute", INFRA, name, gw, "Accepted", "True", "Accepted");
    route_condition(
        &o,
        "TLSRoute",
        INFRA,
        name,
        gw,
        "ResolvedRefs",
        "False",
        "InvalidKind",
    );
    let Some(o) = run(&["tlsroute-invalid-backendref-nonexistent"]) else {
        return;
    };
    let (name, gw) = (
        "invalid-backend-ref-nonexistent",
        "gateway-tlsroute-invalid-backend-ref-nonexistent",
    );
    route_condition(&o, "TLSRoute", INFRA, name, gw, "Accepted", "True", "Accepted");
    route_condition(
        &o,
        "TLSRoute",
        INFRA,
        name,
        gw,
        "ResolvedRefs",
        "False",
        "BackendNotFound",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn tlsroute_invalid_no_matching_listener() {
    // Upstream: TLSRouteInvalidNoMatchingListener: no TLS listener (HTTP, HTTPS) or no such sectionName.
    let Some(o) = run(&["tlsroute-invalid-no-matching-listener"]) else {
        return;
    };
    let refused = "NotAllowedByListeners";
    route_condition(
        &o,
        "TLSRoute",
        INFRA,
        "tlsroute-not-allowed-protocol-http",
        "gateway-tlsroute-http-only",
        "Accepted",
        "False",
        refused,
    );
    route_condition(
        &o,
        "TLSRoute",
        INFRA,
        "tlsroute-not-allowed-protocol-https",
        "gateway-tlsroute-https-only",
        "Accepted",
        "False",
        refused,
    );
    route_condition(
        &o,
        "TLSRoute",
        INFRA,
        "tlsroute-no-matching-section-name",
        "gateway-tlsroute-tls-passthrough-only",
        "Accepted",
        "False",
        "NoMatchingParent",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn tcproute_invalid_non_tcp_listener() {
    // Upstream: TCPRouteInvalidNonTCPListener.
    let Some(o) = run(&["tcproute-invalid-non-tcp-listener"]) else {
        return;
    };
    route_condition(
        &o,
        "TCPRoute",
        INFRA,
        "tcp-route",
        "tcp-mixed-protocol-gateway",
        "Accepted",
        "False",
        "NotAllowedByListeners",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn udproute_not_allowed_by_listeners() {
    // Upstream: UDPRouteNotAllowedByListeners.
    let Some(o) = run(&["udproute-not-allowed-by-listeners"]) else {
        return;
    };
    let name = "udproute-not-allowed-by-listeners";
    route_condition(
        &o,
        "UDPRoute",
        INFRA,
        name,
        "udproute-tls-only-gateway",
        "Accepted",
        "False",
        "NotAllowedByListeners",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn grpcroute_listener_hostname_matching() {
    // Upstream: GRPCRouteListenerHostnameMatching.
    let Some(o) = run(&["grpcroute-listener-hostname-matching"]) else {
        return;
    };
    let gw = "grpcroute-listener-hostname-matching";
    for name in ["backend-v1", "backend-v2", "backend-v3"] {
        route_condition(&o, "GRPCRoute", INFRA, name, gw, "Accepted", "True", "Accepted");
        route_condition(
            &o,
            "GRPCRoute",
            INFRA,
            name,
            gw,
            "ResolvedRefs",
            "True",
            "ResolvedRefs",
        );
    }
}

fn set_listener(o: &Outcome, set: &str, name: &str) -> Value {
    let ls = item(o, "ListenerSet", INFRA, set);
    ls["status"]["listeners"]
        .as_array()
        .and_then(|ls| ls.iter().find(|l| l["name"] == name))
        .unwrap_or_else(|| panic!("ListenerSet {set}: no status for listener {name}: {ls:#}"))
        .clone()
}

#[track_caller]
fn conditions_are(conditions: &Value, expected: &[(&str, &str, &str)], what: &str) {
    for (t, s, r) in expected {
        assert!(
            has_condition(conditions, t, s, r),
            "{what}: expected {t}={s}/{r}, got {conditions:#}"
        );
    }
}

const LISTENER_OK: [(&str, &str, &str); 3] = [
    ("Accepted", "True", ""),
    ("Programmed", "True", ""),
    ("ResolvedRefs", "True", ""),
];

/// ListenerSetHostnameConflict and ListenerSetProtocolConflict share their shape: the Gateway's listeners win,
/// then ListenerSets by age and namespace/name; a ListenerSet whose listeners all lost is not accepted.
fn listener_set_conflicts(test: &str, kind: &str, reason: &str) {
    let Some(o) = run(&[test]) else { return };
    let gw = format!("gateway-with-listenerset-{kind}-conflict");
    let g = item(&o, "Gateway", INFRA, &gw);
    conditions_are(&g["status"]["conditions"], &[("Accepted", "True", "")], &gw);
    assert_eq!(g["status"]["attachedListenerSets"], 2, "{gw}");
    for l in [
        "gateway-listener",
        &format!("{kind}-conflict-with-gateway-listener"),
    ] {
        conditions_are(&listener(&o, &gw, l)["conditions"], &LISTENER_OK, l);
    }
    let lost = [
        ("Accepted", "False", ""),
        ("Programmed", "False", ""),
        ("Conflicted", "True", reason),
    ];
    let accepted_set = [("Accepted", "True", ""), ("Programmed", "True", "Programmed")];
    let refused_set = [
        ("Accepted", "False", "ListenersNotValid"),
        ("Programmed", "False", ""),
    ];
    let set = |n: &str| format!("listenerset-with-{kind}-conflict-with-{n}");
    let on_gateway = format!("{kind}-conflict-with-gateway-listener");
    let on_set = format!("{kind}-conflict-with-listener-set-listener");
    let s1 = set("gateway-1");
    conditions_are(
        &item(&o, "ListenerSet", INFRA, &s1)["status"]["conditions"],
        &accepted_set,
        &s1,
    );
    conditions_are(
        &set_listener(&o, &s1, "listener-set-1-listener")["conditions"],
        &LISTENER_OK,
        &s1,
    );
    conditions_are(&set_listener(&o, &s1, &on_gateway)["conditions"], &lost, &s1);
    conditions_are(&set_listener(&o, &s1, &on_set)["conditions"], &LISTENER_OK, &s1);
    let s2 = set("gateway-2");
    conditions_are(
        &item(&o, "ListenerSet", INFRA, &s2)["status"]["conditions"],
        &refused_set,
        &s2,
    );
    conditions_are(&set_listener(&o, &s2, &on_gateway)["conditions"], &lost, &s2);
    let s3 = set("listener-set-1");
    conditions_are(
        &item(&o, "ListenerSet", INFRA, &s3)["status"]["conditions"],
        &accepted_set,
        &s3,
    );
    conditions_are(
        &set_listener(&o, &s3, "listener-set-2-listener")["conditions"],
        &LISTENER_OK,
        &s3,
    );
    conditions_are(&set_listener(&o, &s3, &on_set)["conditions"], &lost, &s3);
    let s4 = set("listener-set-2");
    conditions_are(
        &item(&o, "ListenerSet", INFRA, &s4)["status"]["conditions"],
        &refused_set,
        &s4,
    );
    conditions_are(&set_listener(&o, &s4, &on_set)["conditions"], &lost, &s4);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listenerset_hostname_conflict() {
    // Upstream: ListenerSetHostnameConflict.
    listener_set_conflicts("listenerset-hostname-conflict", "hostname", "HostnameConflict");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listenerset_protocol_conflict() {
    // Upstream: ListenerSetProtocolConflict.
    listener_set_conflicts("listenerset-protocol-conflict", "protocol", "ProtocolConflict");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listenerset_default_not_allowed() {
    // Upstream: ListenerSetDefaultNotAllowed: without allowedListeners a Gateway accepts no ListenerSet.
    let Some(o) = run(&["listenerset-default-not-allowed"]) else {
        return;
    };
    let ls = item(&o, "ListenerSet", INFRA, "listenerset-default-not-allowed");
    let refused = [
        ("Accepted", "False", "NotAllowed"),
        ("Programmed", "False", "NotAllowed"),
    ];
    conditions_are(
        &ls["status"]["conditions"],
        &refused,
        "listenerset-default-not-allowed",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listenerset_gateway_parent_section_name_not_found() {
    // Upstream: ListenerSetGatewayParentSectionNameNotFound: a Gateway parentRef cannot name a ListenerSet's
    // listener; the same sectionName through the ListenerSet parent works.
    let Some(o) = run(&["listenerset-gateway-parent-section-name-not-found"]) else {
        return;
    };
    let gw = "gateway-section-name";
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        "route-via-gateway",
        gw,
        "Accepted",
        "False",
        "NoMatchingParent",
    );
    let route = item(&o, "HTTPRoute", INFRA, "route-via-listenerset");
    let parent = &route["status"]["parents"][0];
    assert_eq!(parent["parentRef"]["kind"], "ListenerSet");
    conditions_are(
        &parent["conditions"],
        &[("Accepted", "True", "Accepted")],
        "route-via-listenerset",
    );
    assert_eq!(
        set_listener(&o, "listenerset-section-name", "ls-only-listener")["attachedRoutes"],
        1
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listenerset_reference_grant() {
    // Upstream: ListenerSetReferenceGrant: a ListenerSet's certificateRef needs a grant from kind ListenerSet;
    // the Gateway's grant is not inherited.
    let Some(o) = run(&["listenerset-reference-grant"]) else {
        return;
    };
    let ok = set_listener(
        &o,
        "listenerset-with-reference-grant",
        "listenerset-with-reference-grant-listener",
    );
    conditions_are(
        &ok["conditions"],
        &[("ResolvedRefs", "True", "ResolvedRefs")],
        "with grant",
    );
    let ls = o
        .items
        .iter()
        .find(|i| i.object.name == "listenerset-without-reference-grant")
        .expect("ListenerSet without grant");
    let l = &ls.value()["status"]["listeners"][0];
    conditions_are(
        &l["conditions"],
        &[("ResolvedRefs", "False", "RefNotPermitted")],
        "without grant",
    );
    let gw = listener(
        &o,
        "gateway-with-listener-sets-test-reference-grant",
        "gateway-listener",
    );
    conditions_are(
        &gw["conditions"],
        &[("ResolvedRefs", "True", "ResolvedRefs")],
        "gateway listener",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listenerset_route_status_scoped_to_parent_ref() {
    // Upstream: ListenerSetRouteStatusScopedToParentRef: a Gateway parentRef binds only the Gateway's listeners,
    // a ListenerSet parentRef only the ListenerSet's.
    let Some(o) = run(&["listenerset-route-status-scoped-to-parentref"]) else {
        return;
    };
    for (route, kind) in [
        ("route-parentref-gwonly", "Gateway"),
        ("route-parentref-lsonly", "ListenerSet"),
    ] {
        let parents = item(&o, "HTTPRoute", INFRA, route)["status"]["parents"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(parents.len(), 1, "{route}");
        assert_eq!(parents[0]["parentRef"]["kind"], kind, "{route}");
        conditions_are(
            &parents[0]["conditions"],
            &[("Accepted", "True", "Accepted")],
            route,
        );
    }
    assert_eq!(
        listener(&o, "gateway-parentref", "gw-parentref-listener")["attachedRoutes"],
        1
    );
    assert_eq!(
        set_listener(&o, "listenerset-parentref", "listenerset-parentref-listener")["attachedRoutes"],
        1
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listenerset_allowed_namespaces() {
    // Upstream: ListenerSetAllowedNamespaceSame, ListenerSetAllowedNamespaceSelector,
    // ListenerSetAllowedNamespaceNone: the parent Gateway's allowedListeners decides.
    let set =
        |o: &Outcome, ns: &str, name: &str| item(o, "ListenerSet", ns, name)["status"]["conditions"].clone();
    let accepted = [
        ("Accepted", "True", "Accepted"),
        ("Programmed", "True", "Programmed"),
    ];
    let refused = [
        ("Accepted", "False", "NotAllowed"),
        ("Programmed", "False", "NotAllowed"),
    ];
    let Some(o) = run(&["listenerset-allowed-namespace-same"]) else {
        return;
    };
    conditions_are(
        &set(&o, INFRA, "listenerset-in-same-namespace"),
        &accepted,
        "same",
    );
    let other = "gateway-api-listenerset-not-allowed-ns";
    conditions_are(
        &set(&o, other, "listenerset-in-different-namespace"),
        &refused,
        "other namespace",
    );
    let Some(o) = run(&["listenerset-allowed-namespace-selector"]) else {
        return;
    };
    let ns = "gateway-api-listenerset-selector-allowed-ns";
    conditions_are(
        &set(&o, ns, "listenerset-in-selected-namespace"),
        &accepted,
        "selected",
    );
    let ns = "gateway-api-listenerset-selector-not-allowed-ns";
    conditions_are(
        &set(&o, ns, "listenerset-not-in-selected-namespace"),
        &refused,
        "not selected",
    );
    let Some(o) = run(&["listenerset-allowed-namespace-none"]) else {
        return;
    };
    conditions_are(&set(&o, INFRA, "listenerset-not-allowed"), &refused, "none");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listenerset_dual_parent_ref_independence() {
    // Upstream: ListenerSetDualParentRefIndependence: each parentRef gets its own status; a Gateway parentRef
    // naming a ListenerSet listener fails alone.
    let Some(o) = run(&["listenerset-dual-parentref-independence"]) else {
        return;
    };
    let accepted = |p: &Value| has_condition(&p["conditions"], "Accepted", "True", "Accepted");
    let both = item(&o, "HTTPRoute", INFRA, "route-dual-parentref-both")["status"]["parents"].clone();
    assert!(both.as_array().unwrap().iter().all(accepted), "{both:#}");
    let one = item(&o, "HTTPRoute", INFRA, "route-dual-parentref-one")["status"]["parents"].clone();
    let one = one.as_array().unwrap();
    assert_eq!(one.len(), 2);
    assert!(
        has_condition(&one[0]["conditions"], "Accepted", "False", "NoMatchingParent"),
        "{:#}",
        one[0]
    );
    assert_eq!(one[1]["parentRef"]["kind"], "ListenerSet");
    assert!(accepted(&one[1]), "{:#}", one[1]);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn observed_generation_follows_metadata_generation() {
    // Upstream: HTTPRouteObservedGenerationBump / GatewayObservedGenerationBump: every condition carries the
    // object's metadata.generation (here 7, as after some updates).
    let Some(dir) = gateshift_crd_validate::require_gateway_api_dir() else {
        return;
    };
    let mut text = suite_objects();
    for f in [
        "conformance/base/manifests.yaml",
        "conformance/tests/httproute-observed-generation-bump.yaml",
    ] {
        text.push_str("---\n");
        text.push_str(
            &std::fs::read_to_string(dir.join(f))
                .unwrap()
                .replace("{GATEWAY_CLASS_NAME}", CLASS),
        );
    }
    let text = text.replace("\nmetadata:\n", "\nmetadata:\n  generation: 7\n");
    let mut objects = Vec::new();
    for doc in gateshift_manifest::read_str("bump.yaml", &text, &Default::default()).unwrap() {
        objects.push(gateshift_api::decode(Arc::new(doc)).unwrap());
    }
    let out = check(&objects, &Options::default());
    let route = out
        .items
        .iter()
        .find(|i| i.object.name == "observed-generation-bump")
        .unwrap();
    let mut seen = 0;
    for i in out
        .items
        .iter()
        .filter(|i| i.object.kind == "Gateway")
        .chain([route])
    {
        let status = &i.value()["status"];
        let lists = [
            &status["conditions"],
            &status["parents"][0]["conditions"],
            &status["listeners"][0]["conditions"],
        ];
        for c in lists.iter().filter_map(|c| c.as_array()).flatten() {
            assert_eq!(c["observedGeneration"], 7, "{}", i.object);
            seen += 1;
        }
    }
    assert!(seen > 10, "{seen}");
}

/// Every upstream conformance manifest (GATEWAY-HTTP/GRPC/TLS profiles) decodes and checks without panicking,
/// and every listener and route parent gets a complete status.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn every_conformance_manifest_checks() {
    let Some(dir) = gateshift_crd_validate::require_gateway_api_dir() else {
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(dir.join("conformance/tests"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().to_string();
            name.strip_suffix(".yaml").map(String::from)
        })
        .collect();
    names.sort();
    assert!(names.len() > 100, "{} manifests", names.len());
    for name in &names {
        let o = run(&[name.as_str()]).unwrap();
        for i in &o.items {
            for p in i.value()["status"]["parents"].as_array().into_iter().flatten() {
                for t in ["Accepted", "ResolvedRefs"] {
                    assert!(
                        p["conditions"].as_array().unwrap().iter().any(|c| c["type"] == t),
                        "{name}: {}",
                        i.object
                    );
                }
            }
        }
    }
}

/// Like the upstream `BackendTLSPolicyMustHaveCondition` (plus `BackendTLSPolicyMustHaveLatestConditions`): the
/// ancestor status for Gateway `gw` in the infra namespace written by our controller has the condition (an empty
/// reason means any reason), and every condition observed the policy's generation.
#[track_caller]
fn policy_condition(o: &Outcome, name: &str, gw: &str, type_: &str, status: &str, reason: &str) {
    let policy = item(o, "BackendTLSPolicy", INFRA, name);
    let ancestors = policy["status"]["ancestors"]
        .as_array()
        .expect("status.ancestors");
    let ancestor = ancestors
        .iter()
        .find(|a| {
            a["controllerName"] == CONTROLLER
                && a["ancestorRef"]["name"] == gw
                && a["ancestorRef"]["namespace"] == INFRA
                && a["ancestorRef"]["kind"] == "Gateway"
                && a["ancestorRef"]["group"] == "gateway.networking.k8s.io"
        })
        .unwrap_or_else(|| panic!("BackendTLSPolicy {name}: no ancestor status for {gw}: {policy:#}"));
    assert!(
        has_condition(&ancestor["conditions"], type_, status, reason),
        "BackendTLSPolicy {name} ancestor {gw}: expected {type_}={status}/{reason}, got {:#}",
        ancestor["conditions"]
    );
    for a in ancestors {
        for c in a["conditions"].as_array().unwrap() {
            assert_eq!(
                c["observedGeneration"],
                policy["metadata"]["generation"].as_i64().unwrap_or(1),
                "BackendTLSPolicy {name}"
            );
        }
    }
}

/// The finding codes reported for BackendTLSPolicy `name`.
fn policy_codes(o: &Outcome, name: &str) -> Vec<&'static str> {
    o.findings
        .iter()
        .filter(|f| f.object.kind == "BackendTLSPolicy" && f.object.name == name)
        .map(|f| f.code)
        .collect()
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn backendtlspolicy() {
    // Upstream: BackendTLSPolicy (normative-test on same-namespace and, re-encrypting, on
    // same-namespace-with-https-listener; host-mismatch and cert-mismatch are accepted and resolved too: their
    // failures only show in traffic).
    let Some(o) = run(&["backendtlspolicy"]) else {
        return;
    };
    for (name, gw) in [
        ("normative-test", "same-namespace"),
        ("normative-test", "same-namespace-with-https-listener"),
        ("host-mismatch", "same-namespace"),
        ("cert-mismatch", "same-namespace"),
        ("reconcile-test", "same-namespace"),
    ] {
        policy_condition(&o, name, gw, "Accepted", "True", "Accepted");
        policy_condition(&o, name, gw, "ResolvedRefs", "True", "ResolvedRefs");
        assert!(
            policy_codes(&o, name).is_empty(),
            "{name}: {:?}",
            policy_codes(&o, name)
        );
    }
    // Only the Gateways whose routes use the Service are ancestors.
    let host_mismatch = item(&o, "BackendTLSPolicy", INFRA, "host-mismatch");
    assert_eq!(host_mismatch["status"]["ancestors"].as_array().unwrap().len(), 1);
    let normative = item(&o, "BackendTLSPolicy", INFRA, "normative-test");
    assert_eq!(normative["status"]["ancestors"].as_array().unwrap().len(), 2);
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        "backendtlspolicy",
        "same-namespace",
        "ResolvedRefs",
        "True",
        "ResolvedRefs",
    );
    assert!(o.is_clean(), "{:#?}", o.findings);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn backendtlspolicy_san() {
    // Upstream: BackendTLSPolicySANValidation (every policy Accepted=True/Accepted; SAN mismatches only show in
    // traffic).
    let Some(o) = run(&["backendtlspolicy-san"]) else {
        return;
    };
    for name in [
        "san-dns",
        "san-dns-mismatch",
        "san-uri",
        "san-uri-mismatch",
        "multiple-sans",
        "multiple-mismatch-sans",
    ] {
        policy_condition(&o, name, "same-namespace", "Accepted", "True", "Accepted");
        policy_condition(&o, name, "same-namespace", "ResolvedRefs", "True", "ResolvedRefs");
    }
    assert!(o.is_clean(), "{:#?}", o.findings);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn backendtlspolicy_conflict_resolution() {
    // Upstream: BackendTLSPolicyConflictResolution (same creation time: the first by namespace/name wins; a
    // policy with a sectionName and one without do not conflict).
    let Some(o) = run(&["backendtlspolicy-conflict-resolution"]) else {
        return;
    };
    let gw = "same-namespace";
    for name in [
        "conflicted-without-section-name-1",
        "conflicted-with-section-name-1",
        "not-conflicted-with-section-name",
        "not-conflicted-without-section-name",
    ] {
        policy_condition(&o, name, gw, "Accepted", "True", "Accepted");
        assert!(
            policy_codes(&o, name).is_empty(),
            "{name}: {:?}",
            policy_codes(&o, name)
        );
    }
    for name in [
        "conflicted-without-section-name-2",
        "conflicted-with-section-name-2",
    ] {
        policy_condition(&o, name, gw, "Accepted", "False", "Conflicted");
        assert_eq!(policy_codes(&o, name), ["GS2016"], "{name}");
    }
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        "backendtlspolicy-conflict-resolution",
        gw,
        "ResolvedRefs",
        "True",
        "ResolvedRefs",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn backendtlspolicy_invalid_ca_certificate_ref() {
    // Upstream: BackendTLSPolicyInvalidCACertificateRef (a missing ConfigMap, and one without ca.crt).
    let Some(o) = run(&["backendtlspolicy-invalid-ca-certificate-ref"]) else {
        return;
    };
    for name in ["nonexistent-ca-certificate-ref", "malformed-ca-certificate-ref"] {
        policy_condition(
            &o,
            name,
            "same-namespace",
            "Accepted",
            "False",
            "NoValidCACertificate",
        );
        policy_condition(
            &o,
            name,
            "same-namespace",
            "ResolvedRefs",
            "False",
            "InvalidCACertificateRef",
        );
        assert_eq!(policy_codes(&o, name), ["GS2017"], "{name}");
    }
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        "backendtlspolicy-invalid-ca-certificate-ref",
        "same-namespace",
        "Accepted",
        "True",
        "Accepted",
    );
    assert!(!o.is_clean());
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn backendtlspolicy_invalid_kind() {
    // Upstream: BackendTLSPolicyInvalidKind.
    let Some(o) = run(&["backendtlspolicy-invalid-kind"]) else {
        return;
    };
    let gw = "same-namespace";
    policy_condition(
        &o,
        "invalid-kind",
        gw,
        "Accepted",
        "False",
        "NoValidCACertificate",
    );
    policy_condition(&o, "invalid-kind", gw, "ResolvedRefs", "False", "InvalidKind");
    assert_eq!(policy_codes(&o, "invalid-kind"), ["GS2018"]);
    route_condition(
        &o,
        "HTTPRoute",
        INFRA,
        "backendtlspolicy-invalid-kind-test",
        gw,
        "Accepted",
        "True",
        "Accepted",
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn backendtlspolicy_observed_generation_bump() {
    // Upstream: BackendTLSPolicyObservedGenerationBump (Accepted=True, any reason, and every condition at the
    // latest generation, before and after a spec change bumps it).
    let Some(o) = run(&["backendtlspolicy-observed-generation-bump"]) else {
        return;
    };
    policy_condition(
        &o,
        "observed-generation-bump",
        "same-namespace",
        "Accepted",
        "True",
        "",
    );
    let dir = gateshift_crd_validate::require_gateway_api_dir().unwrap();
    let text =
        std::fs::read_to_string(dir.join("conformance/tests/backendtlspolicy-observed-generation-bump.yaml"))
            .unwrap()
            .replace("{GATEWAY_CLASS_NAME}", CLASS)
            .replace(
                "  name: observed-generation-bump\n",
                "  name: observed-generation-bump\n  generation: 2\n",
            )
            .replace("hostname: \"abc.example.com\"", "hostname: \"foo.example.com\"");
    assert!(text.contains("generation: 2"));
    let bumped = run_with("backendtlspolicy-observed-generation-bump", &text).unwrap();
    policy_condition(
        &bumped,
        "observed-generation-bump",
        "same-namespace",
        "Accepted",
        "True",
        "",
    );
    let p = item(&bumped, "BackendTLSPolicy", INFRA, "observed-generation-bump");
    assert_eq!(
        p["status"]["ancestors"][0]["conditions"][0]["observedGeneration"],
        2
    );
}

/// `check -o json` streams its view one item at a time (`Outcome::write_json`); the bytes must be those of the
/// whole view rendered at once, on an input with many kinds, statuses and findings with positions.
#[test]
fn streamed_json_is_byte_identical_to_the_whole_view() {
    let Some(o) = run(&[
        "httproute-invalid-cross-namespace-parent-ref",
        "httproute-invalid-reference-grant",
        "backendtlspolicy-conflict-resolution",
        "backendtlspolicy-invalid-kind",
    ]) else {
        return;
    };
    assert!(
        o.items.len() > 20 && !o.findings.is_empty(),
        "a realistic outcome"
    );
    let mut streamed = Vec::new();
    o.write_json(&mut streamed).unwrap();
    let whole = serde_json::to_string_pretty(&o.to_json()).unwrap();
    assert_eq!(String::from_utf8(streamed).unwrap(), whole);
}
