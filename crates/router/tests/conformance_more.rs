//! More request/response cases of the upstream Gateway API v1.6.1 conformance tests
//! (`conformance/tests/<stem>.go`), run through the Gateway API model on the shared conformance manifests:
//! redirects (status, port, scheme), HTTPS and port-matched listeners, cross-namespace and multi-Gateway
//! attachment, ListenerSets, backend-level header modifiers with weights, mirrors, Service types, invalid
//! cross-namespace backends, GRPCRoute weights, names and listener hostnames. Skipped without the data.
//!
//! Upstream tests on these manifests that are not ported, because what they check is not a routing decision
//! the router models:
//! - `HTTPRouteRetry`, `HTTPRouteTimeoutRequest`, `HTTPRouteTimeoutBackendRequest`: retries and timeouts.
//! - `HTTPRouteBackendProtocolH2C`, `HTTPRouteBackendProtocolWebSocket`: the protocol spoken to the backend.
//! - `GatewayWithClientCertificateValidation*`, `GatewayInvalidDefaultFrontendClientCertificateValidation`,
//!   `GatewayTLSBackendClientCertificate`: client certificates and backend TLS (no client identity modelled).
//! - status-only tests (`*ObservedGenerationBump`, `GatewayWithAttachedRoutes*`, `GatewayModifyListeners`,
//!   `GatewayInvalidListenersUnsupportedProtocol`, `HTTPRouteInvalidParentRef*`,
//!   `HTTPRouteInvalidCrossNamespaceParentRef`, `HTTPRouteDisallowedKind`, the Gateway Secret and
//!   invalid-configuration tests, the ListenerSet namespace, conflict, reference-grant, supported-kinds and
//!   route-status tests): they make no request; what they check is status, `gateshift check`'s output.
//! - the mesh tests (`conformance/tests/mesh`): routes attached to Services, not to a Gateway.

mod support;

use std::collections::BTreeMap;

use gateshift_router::{Decision, GatewayRouter, Mirror, Outcome, WeightedBackend};
use support::{NS, backend, grpc, grpc_to, redirect, req, router, upstream};

/// The weighted split: (name, weight, share, status) of every backend.
fn split(d: &Decision) -> Vec<(String, u32, f64, Option<u16>)> {
    backends(d)
        .iter()
        .map(|b| (b.name.clone(), b.weight, b.share, b.status))
        .collect()
}

fn backends(d: &Decision) -> &[WeightedBackend] {
    match &d.outcome {
        Outcome::Backend { backends, .. } => backends,
        _ => panic!("expected backends, got:\n{}", d.explain()),
    }
}

/// The headers the (only, or every) backend receives.
fn upstream_headers(d: &Decision) -> &BTreeMap<String, String> {
    match &d.outcome {
        Outcome::Backend { upstream_request, .. } => &upstream_request.headers,
        _ => panic!("expected a backend, got:\n{}", d.explain()),
    }
}

/// (namespace, name, port, percent) of every mirror.
fn mirrors(d: &Decision) -> Vec<(String, String, Option<i32>, f64)> {
    match &d.outcome {
        Outcome::Backend { mirrors, .. } => mirrors
            .iter()
            .map(
                |Mirror {
                     namespace,
                     name,
                     port,
                     percent,
                 }| { (namespace.clone(), name.clone(), *port, *percent) },
            )
            .collect(),
        _ => panic!("expected a backend, got:\n{}", d.explain()),
    }
}

/// Asserts `(method, path) → (status, Location)` on `gw` over plain HTTP on port 80. Where the upstream
/// `RedirectRequest` leaves scheme, host, port or path unset, it expects the request's own (an http redirect
/// to port 80 carries no port).
fn assert_redirects(r: &GatewayRouter, cases: &[(&str, &str, u16, &str)]) {
    for (method, path, status, location) in cases {
        let d = r.decide(&req(&format!("http://gw{path}"), method, &[]));
        assert_eq!(
            redirect(&d),
            (*status, location.to_string()),
            "{method} {path}\n{}",
            d.explain()
        );
    }
}

/// `HTTPRoute303Redirect` (`httproute-303-redirect.go`): a RequestRedirect with `statusCode: 303`.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_303_redirect() {
    let Some(r) = router("httproute-303-redirect", "same-namespace") else {
        return;
    };
    assert_redirects(&r, &[("POST", "/see-other", 303, "http://gw/see-other")]);
}

/// `HTTPRoute307Redirect` (`httproute-307-redirect.go`): a RequestRedirect with `statusCode: 307`.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_307_redirect() {
    let Some(r) = router("httproute-307-redirect", "same-namespace") else {
        return;
    };
    assert_redirects(&r, &[("GET", "/temporary", 307, "http://gw/temporary")]);
}

/// `HTTPRoute308Redirect` (`httproute-308-redirect.go`): a RequestRedirect with `statusCode: 308`.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_308_redirect() {
    let Some(r) = router("httproute-308-redirect", "same-namespace") else {
        return;
    };
    assert_redirects(&r, &[("GET", "/permanent", 308, "http://gw/permanent")]);
}

/// `HTTPRouteRedirectPort` (`httproute-redirect-port.go`): `port: 8083`, with and without hostname and
/// status; the scheme stays http, so the port is written.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_redirect_port() {
    let Some(r) = router("httproute-redirect-port", "same-namespace") else {
        return;
    };
    assert_redirects(
        &r,
        &[
            ("GET", "/port", 302, "http://gw:8083/port"),
            (
                "GET",
                "/port-and-host",
                302,
                "http://example.org:8083/port-and-host",
            ),
            ("GET", "/port-and-status", 301, "http://gw:8083/port-and-status"),
            (
                "GET",
                "/port-and-host-and-status",
                302,
                "http://example.org:8083/port-and-host-and-status",
            ),
        ],
    );
}

/// `HTTPRouteRedirectScheme` (`httproute-redirect-scheme.go`): `scheme: https` without a port redirects to
/// the scheme's well-known port, 443, which the Location omits.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_redirect_scheme() {
    let Some(r) = router("httproute-redirect-scheme", "same-namespace") else {
        return;
    };
    assert_redirects(
        &r,
        &[
            ("GET", "/scheme", 302, "https://gw/scheme"),
            (
                "GET",
                "/scheme-and-host",
                302,
                "https://example.org/scheme-and-host",
            ),
            ("GET", "/scheme-and-status", 301, "https://gw/scheme-and-status"),
            (
                "GET",
                "/scheme-and-host-and-status",
                302,
                "https://example.org/scheme-and-host-and-status",
            ),
        ],
    );
}

/// `HTTPRouteHTTPSListener` (`httproute-https-listener.go`): HTTPS requests (SNI = Host) on the HTTPS
/// listeners; the route with hostname `example.org` sits on the hostname-less listener, the route without
/// hostnames only on `https-with-hostname` (`second-example.org`).
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_https_listener() {
    let Some(r) = router("httproute-https-listener", "same-namespace-with-https-listener") else {
        return;
    };
    for (host, status, want) in [
        ("example.org", 200, Some("infra-backend-v1")),
        ("unknown-example.org", 404, None),
        ("second-example.org", 200, Some("infra-backend-v2")),
    ] {
        let d = r.decide(&req(&format!("https://{host}/"), "GET", &[]).with_sni(Some(host)));
        assert_eq!(d.status(), status, "{host}\n{}", d.explain());
        if let Some(b) = want {
            assert_eq!(backend(&d), b, "{host}");
        }
    }
}

/// `HTTPRouteListenerPortMatching` (`httproute-listener-port-matching.go`): parentRefs by `port` (and
/// `sectionName`); each request goes to the Gateway's address on the port of its Host.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_listener_port_matching() {
    let Some(r) = router(
        "httproute-listener-port-matching",
        "httproute-listener-port-matching",
    ) else {
        return;
    };
    for (host, want) in [
        ("foo.com", Some("infra-backend-v1")),
        ("foo.com:8080", Some("infra-backend-v2")),
        ("bar.com:8080", Some("infra-backend-v2")),
        ("foo.com:8090", Some("infra-backend-v3")),
        ("bar.com:8090", None),
    ] {
        let d = r.decide(&req(&format!("http://{host}/"), "GET", &[]));
        match want {
            Some(b) => assert_eq!(backend(&d), b, "{host}\n{}", d.explain()),
            None => assert_eq!(d.status(), 404, "{host}\n{}", d.explain()),
        }
    }
}

/// `HTTPRouteCrossNamespace` (`httproute-cross-namespace.go`): a route in `gateway-conformance-web-backend`
/// attaches to `backend-namespaces` (allowedRoutes by namespace label) and reaches its own namespace's Service.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_cross_namespace() {
    let Some(r) = router("httproute-cross-namespace", "backend-namespaces") else {
        return;
    };
    let d = r.decide(&req("http://gw/", "GET", &[]));
    let b = &backends(&d)[0];
    assert_eq!(
        (
            backends(&d).len(),
            b.namespace.as_str(),
            b.name.as_str(),
            b.status
        ),
        (1, "gateway-conformance-web-backend", "web-backend", None),
        "{}",
        d.explain()
    );
}

/// `HTTPRouteMultipleGateways` (`httproute-multiple-gateways.go`): a route shared by two Gateways serves on
/// both; each Gateway's dedicated route only on it.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_multiple_gateways() {
    for (gateway, dedicated) in [
        ("same-namespace", "infra-backend-v2"),
        ("all-namespaces", "infra-backend-v3"),
    ] {
        let Some(r) = router("httproute-multiple-gateways", gateway) else {
            return;
        };
        for (path, want) in [("/shared", "infra-backend-v1"), ("/", dedicated)] {
            let d = r.decide(&req(&format!("http://gw{path}"), "GET", &[]));
            assert_eq!(backend(&d), want, "{gateway} {path}\n{}", d.explain());
        }
    }
}

/// `HTTPRouteSimpleSameNamespace` (`httproute-simple-same-namespace.go`).
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_simple_same_namespace() {
    let Some(r) = router("httproute-simple-same-namespace", "same-namespace") else {
        return;
    };
    let d = r.decide(&req("http://gw/", "GET", &[]));
    assert_eq!(backend(&d), "infra-backend-v1");
    assert_eq!(backends(&d)[0].namespace, NS);
}

/// `HTTPRouteNamedRule` (`httproute-named-rule.go`): a named and an unnamed rule both route (upstream only
/// expects 200; the backends are the manifest's).
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_named_rule() {
    let Some(r) = router("httproute-named-rule", "same-namespace") else {
        return;
    };
    for (path, want, rule) in [
        ("/named", "infra-backend-v1", 0),
        ("/unnamed", "infra-backend-v2", 1),
    ] {
        let d = r.decide(&req(&format!("http://gw{path}"), "GET", &[]));
        assert_eq!(d.status(), 200, "{path}\n{}", d.explain());
        assert_eq!(backend(&d), want, "{path}");
        assert_eq!(d.matched.as_ref().and_then(|m| m.rule), Some(rule), "{path}");
    }
}

/// `HTTPRouteRequestHeaderModifierBackendWeights` (`httproute-request-header-modifier-backend-weights.go`):
/// two backends of equal weight, each setting `Backend: <its name>` with its own RequestHeaderModifier; every
/// request must carry exactly one `Backend` header naming the backend it reached.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_request_header_modifier_backend_weights() {
    let Some(r) = router(
        "httproute-request-header-modifier-backend-weights",
        "same-namespace",
    ) else {
        return;
    };
    let d = r.decide(&req("http://gw/", "GET", &[]));
    assert_eq!(
        split(&d),
        [
            ("infra-backend-v1".to_string(), 10, 0.5, None),
            ("infra-backend-v2".to_string(), 10, 0.5, None)
        ]
    );
    for b in backends(&d) {
        let headers = b
            .upstream_headers
            .as_ref()
            .unwrap_or_else(|| panic!("{} has its own headers\n{}", b.name, d.explain()));
        assert_eq!(
            headers.get("backend"),
            Some(&b.name),
            "{}\n{}",
            b.name,
            d.explain()
        );
    }
    // A client's own Backend header is overwritten, not repeated.
    let d = r.decide(&req("http://gw/", "GET", &["Backend: client"]));
    for b in backends(&d) {
        assert_eq!(
            b.upstream_headers.as_ref().and_then(|h| h.get("backend")),
            Some(&b.name)
        );
    }
}

/// The headers of `HTTPRouteRequestMultipleMirrors` and `HTTPRouteRequestPercentageMirror`: the request sends
/// `X-Header-Remove` and `X-Header-Add-Append`, the rule sets, adds and removes.
const MODIFY_HEADERS_REQUEST: [&str; 2] =
    ["X-Header-Remove: remove-val", "X-Header-Add-Append: append-val-1"];

fn assert_modified_headers(d: &Decision) {
    let h = upstream_headers(d);
    assert_eq!(h.get("x-header-add").map(String::as_str), Some("header-val-1"));
    assert_eq!(
        h.get("x-header-add-append").map(String::as_str),
        Some("append-val-1,header-val-2")
    );
    assert_eq!(
        h.get("x-header-set").map(String::as_str),
        Some("set-overwrites-values")
    );
    assert!(!h.contains_key("x-header-remove"), "{}", d.explain());
}

/// `HTTPRouteRequestMultipleMirrors` (`httproute-request-multiple-mirrors.go`): two RequestMirror filters,
/// every request copied to both, the request itself to `infra-backend-v1` with its path unchanged.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_request_multiple_mirrors() {
    let Some(r) = router("httproute-request-multiple-mirrors", "same-namespace") else {
        return;
    };
    let both = vec![
        (NS.to_string(), "infra-backend-v2".to_string(), Some(8080), 100.0),
        (NS.to_string(), "infra-backend-v3".to_string(), Some(8080), 100.0),
    ];
    let d = r.decide(&req("http://gw/multi-mirror", "GET", &[]));
    assert_eq!(backend(&d), "infra-backend-v1");
    assert_eq!(upstream(&d).1, "/multi-mirror");
    assert_eq!(mirrors(&d), both);

    let path = "/multi-mirror-and-modify-request-headers";
    let d = r.decide(&req(&format!("http://gw{path}"), "GET", &MODIFY_HEADERS_REQUEST));
    assert_eq!(backend(&d), "infra-backend-v1");
    assert_eq!(upstream(&d).1, path);
    assert_modified_headers(&d);
    assert_eq!(mirrors(&d), both);
}

/// `HTTPRouteRequestPercentageMirror` (`httproute-request-percentage-mirror.go`): mirrors by `percent` and
/// by `fraction` (25/50 = 50 %); upstream counts the mirrored share of 500 requests, the router returns it.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_request_percentage_mirror() {
    let Some(r) = router("httproute-request-percentage-mirror", "same-namespace") else {
        return;
    };
    for (path, headers, percent) in [
        ("/percent-mirror", &[][..], 20.0),
        ("/percent-mirror-fraction", &[][..], 50.0),
        (
            "/percent-mirror-and-modify-headers",
            &MODIFY_HEADERS_REQUEST[..],
            35.0,
        ),
    ] {
        let d = r.decide(&req(&format!("http://gw{path}"), "GET", headers));
        assert_eq!(backend(&d), "infra-backend-v1", "{path}");
        assert_eq!(upstream(&d).1, path);
        assert_eq!(
            mirrors(&d),
            [(
                NS.to_string(),
                "infra-backend-v2".to_string(),
                Some(8080),
                percent
            )],
            "{path}"
        );
        if !headers.is_empty() {
            assert_modified_headers(&d);
        }
    }
}

/// `HTTPRouteServiceTypes` (`httproute-service-types.go`): a headless Service, and Services whose endpoints
/// are EndpointSlices written by hand, are backends like any other. Upstream points all of them at the
/// `infra-backend-v1` Pods (selector, or EndpointSlices patched at run time); the router stops at the Service.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_service_types() {
    let Some(r) = router("httproute-service-types", "same-namespace") else {
        return;
    };
    for service in [
        "headless",
        "manual-endpointslices",
        "headless-manual-endpointslices",
    ] {
        let d = r.decide(&req(&format!("http://gw/{service}"), "GET", &[]));
        assert_eq!(
            split(&d),
            [(service.to_string(), 1, 1.0, None)],
            "{service}\n{}",
            d.explain()
        );
        assert_eq!(backends(&d)[0].port, Some(8080));
    }
}

/// `GRPCRouteWeight` (`grpcroute-weight.go`): weights 70/30/0; upstream counts 500 calls within ±5 % and
/// expects no call on the weight-0 backend, the router returns the shares.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn grpcroute_weight() {
    let Some(r) = router("grpcroute-weight", "same-namespace") else {
        return;
    };
    let d = r.decide(&grpc("Echo", &[]));
    assert_eq!(
        split(&d),
        [
            ("grpc-infra-backend-v1".to_string(), 70, 0.7, None),
            ("grpc-infra-backend-v2".to_string(), 30, 0.3, None),
            ("grpc-infra-backend-v3".to_string(), 0, 0.0, None)
        ],
        "{}",
        d.explain()
    );
    assert_eq!(d.matched.as_ref().map(|m| m.kind.as_str()), Some("GRPCRoute"));
}

/// `GRPCRouteNamedRule` (`grpcroute-named-rule.go`): `Echo` goes to the named rule, `EchoTwo` to the unnamed one.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn grpcroute_named_rule() {
    let Some(r) = router("grpcroute-named-rule", "same-namespace") else {
        return;
    };
    for (method, want) in [
        ("Echo", "grpc-infra-backend-v1"),
        ("EchoTwo", "grpc-infra-backend-v2"),
    ] {
        let d = r.decide(&grpc(method, &[]));
        assert_eq!(backend(&d), want, "{method}\n{}", d.explain());
    }
}

/// `GRPCRouteListenerHostnameMatching` (`grpcroute-listener-hostname-matching.go`): listeners on one port with
/// exact and wildcard hostnames, a GRPCRoute per listener; the `:authority` picks the most specific listener.
/// Upstream expects `UNIMPLEMENTED` where nothing serves the authority: HTTP 404, which gRPC maps to it.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn grpcroute_listener_hostname_matching() {
    let Some(r) = router(
        "grpcroute-listener-hostname-matching",
        "grpcroute-listener-hostname-matching",
    ) else {
        return;
    };
    for (authority, want) in [
        ("bar.com", Some("grpc-infra-backend-v1")),
        ("foo.bar.com", Some("grpc-infra-backend-v2")),
        ("baz.bar.com", Some("grpc-infra-backend-v3")),
        ("boo.bar.com", Some("grpc-infra-backend-v3")),
        ("multiple.prefixes.bar.com", Some("grpc-infra-backend-v3")),
        ("multiple.prefixes.foo.com", Some("grpc-infra-backend-v3")),
        ("foo.com", None),
        ("no.matching.host", None),
    ] {
        let d = r.decide(&grpc_to(authority, "Echo", &[]));
        match want {
            Some(b) => assert_eq!(backend(&d), b, "{authority}\n{}", d.explain()),
            None => assert_eq!(d.status(), 404, "{authority}\n{}", d.explain()),
        }
    }
}

/// `GatewayHTTPListenerIsolation` (`gateway-http-listener-isolation.go`), subtest "intersecting hostnames are
/// configured in listeners and HTTPRoutes": every route lists all four hostnames, but a request is served
/// only by the routes of the most specific listener matching its Host.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn gateway_http_listener_isolation_with_hostname_intersection() {
    let Some(r) = router(
        "gateway-http-listener-isolation-with-hostname-intersection",
        "http-listener-isolation-with-hostname-intersection",
    ) else {
        return;
    };
    support::assert_listener_isolation(&r);
}

/// `ListenerSetHTTPRouting` (`listenerset-http-routing.go`): routes attached to the Gateway, to ListenerSets,
/// to all of them, and to single sections; each path is served on exactly the listeners its route names.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listenerset_http_routing() {
    let Some(r) = router(
        "listenerset-http-routing",
        "gateway-with-listener-sets-http-routing",
    ) else {
        return;
    };
    let hosts = [
        "gateway-listener-1.com",
        "gateway-listener-2.com",
        "listener-set-http-routing-1-listener-1.com",
        "listener-set-http-routing-1-listener-2.com",
        "listener-set-http-routing-2-listener-1.com",
        "listener-set-http-routing-2-listener-2.com",
    ];
    // Path, the hosts (indexes into `hosts`) that serve it, and the backend.
    let cases: &[(&str, &[usize], &str)] = &[
        ("/route", &[0, 1, 2, 3, 4, 5], "infra-backend-v1"),
        ("/gateway-route", &[0, 1], "infra-backend-v2"),
        ("/gateway-section-route", &[0], "infra-backend-v3"),
        ("/listener-set-http-routing-1-route", &[2, 3], "infra-backend-v2"),
        (
            "/listener-set-http-routing-1-section-route",
            &[2],
            "infra-backend-v3",
        ),
        ("/listener-set-http-routing-2-route", &[4, 5], "infra-backend-v2"),
    ];
    for (path, served, want) in cases {
        for (i, host) in hosts.iter().enumerate() {
            let d = r.decide(&req(&format!("http://{host}{path}"), "GET", &[]));
            if served.contains(&i) {
                assert_eq!(backend(&d), *want, "{host}{path}\n{}", d.explain());
            } else {
                assert_eq!(d.status(), 404, "{host}{path}\n{}", d.explain());
            }
        }
    }
}

/// Asserts `(Host, path) → backend` (or 404 for `None`) over plain HTTP on port 80.
fn assert_routes(r: &GatewayRouter, cases: &[(&str, &str, Option<&str>)]) {
    for (host, path, want) in cases {
        let d = r.decide(&req(&format!("http://{host}{path}"), "GET", &[]));
        match want {
            Some(b) => assert_eq!(backend(&d), *b, "{host}{path}\n{}", d.explain()),
            None => assert_eq!(d.status(), 404, "{host}{path}\n{}", d.explain()),
        }
    }
}

/// `ListenerSetAllowedRoutesNamespaces` (`listenerset-allowed-routes-namespaces.go`): a ListenerSet's
/// listeners admit routes from All, Same (the ListenerSet's namespace, also for a ListenerSet in another
/// namespace than its Gateway) and Selector namespaces.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listenerset_allowed_routes_namespaces() {
    let Some(r) = router(
        "listenerset-allowed-routes-namespaces",
        "gateway-with-listener-sets-test-allowed-routes",
    ) else {
        return;
    };
    let (all, same, selector) = (
        "listener-set-listener-allowed-routes-all.com",
        "listener-set-listener-allowed-routes-same.com",
        "listener-set-listener-allowed-routes-selector.com",
    );
    assert_routes(
        &r,
        &[
            (all, "/route-in-same-namespace", Some("infra-backend-v1")),
            (all, "/route-in-selected-namespace", Some("infra-backend-v2")),
            (all, "/route-not-in-selected-namespace", Some("infra-backend-v3")),
            (same, "/route-in-same-namespace", Some("infra-backend-v1")),
            (same, "/route-in-selected-namespace", None),
            (same, "/route-not-in-selected-namespace", None),
            (selector, "/route-in-same-namespace", None),
            (selector, "/route-in-selected-namespace", Some("infra-backend-v2")),
            (selector, "/route-not-in-selected-namespace", None),
            // Subtest "Cross-namespace ListenerSet".
            (
                "listener-set-listener-allowed-routes-cross-ns-same.com",
                "/route-in-listenerset-namespace",
                Some("infra-backend-v1"),
            ),
            (
                "listener-set-listener-allowed-routes-cross-ns-same.com",
                "/route-in-gateway-namespace",
                None,
            ),
        ],
    );
}

/// `ListenerSetDualParentRefIndependence` (`listenerset-dual-parentref-independence.go`): a route with a
/// Gateway and a ListenerSet parentRef is served on both; one whose Gateway parentRef names a section only
/// the ListenerSet has is served on the ListenerSet's listener alone.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listenerset_dual_parentref_independence() {
    let Some(r) = router(
        "listenerset-dual-parentref-independence",
        "gateway-dual-parentref",
    ) else {
        return;
    };
    assert_routes(
        &r,
        &[
            ("gw-dual.com", "/dualboth", Some("infra-backend-v1")),
            ("ls-dual.com", "/dualboth", Some("infra-backend-v1")),
            ("ls-dual.com", "/dualone", Some("infra-backend-v2")),
            ("gw-dual.com", "/dualone", None),
        ],
    );
}

/// `ListenerSetGatewayParentSectionNameNotFound` (`listenerset-gateway-parent-section-name-not-found.go`): a
/// Gateway parentRef whose `sectionName` exists only in a ListenerSet attaches nowhere.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn listenerset_gateway_parent_section_name_not_found() {
    let Some(r) = router(
        "listenerset-gateway-parent-section-name-not-found",
        "gateway-section-name",
    ) else {
        return;
    };
    assert_routes(
        &r,
        &[
            ("ls-section-name.com", "/goodsection", Some("infra-backend-v1")),
            ("gw-section.com", "/badsection", None),
        ],
    );
}

/// `HTTPRouteInvalidCrossNamespaceBackendRef` (`httproute-invalid-cross-namespace-backend-ref.go`): a
/// backendRef to another namespace without a ReferenceGrant answers 500.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_invalid_cross_namespace_backend_ref() {
    let Some(r) = router("httproute-invalid-cross-namespace-backend-ref", "same-namespace") else {
        return;
    };
    let d = r.decide(&req("http://gw/", "GET", &[]));
    assert_eq!(d.status(), 500, "{}", d.explain());
}

/// `HTTPRouteInvalidReferenceGrant` (`httproute-invalid-reference-grant.go`): ReferenceGrants that each get one
/// of namespace, from group/kind/namespace, to group/kind/name wrong grant nothing: 500.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_invalid_reference_grant() {
    let Some(r) = router("httproute-invalid-reference-grant", "same-namespace") else {
        return;
    };
    let d = r.decide(&req("http://gw/", "GET", &[]));
    assert_eq!(d.status(), 500, "{}", d.explain());
}

/// `HTTPRouteCORS` (`httproute-cors.go`), the simple (non-preflight) requests: a CORS filter does not change
/// where they go (the preflights are in `httproute_cors_preflight`).
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_cors_simple_requests() {
    let Some(r) = router("httproute-cors", "same-namespace") else {
        return;
    };
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "GET",
            "/cors-1",
            &[
                "Origin: https://www.foo.com",
                "access-control-request-method: GET",
                "access-control-request-headers: x-header-1, x-header-2",
            ],
        ),
        (
            "GET",
            "/cors-1",
            &[
                "Origin: https://www.bar.com",
                "access-control-request-method: GET",
                "access-control-request-headers: x-header-1, x-header-2",
            ],
        ),
        (
            "GET",
            "/cors-1",
            &["Origin: https://foobar.com", "access-control-request-method: GET"],
        ),
        (
            "PUT",
            "/cors-wildcard-origin",
            &["Origin: https://foobar.com:12345"],
        ),
        ("PUT", "/cors-wildcard-origin", &["Origin: https://foobar.com"]),
        (
            "GET",
            "/cors-wildcard-methods-headers",
            &["Origin: https://other.foo.com", "Authorization: Bearer test"],
        ),
        (
            "GET",
            "/cors-wildcard-methods-headers-unauth",
            &["Origin: https://other.foo.com", "Authorization: Bearer test"],
        ),
    ];
    for (method, path, headers) in cases {
        let d = r.decide(&req(&format!("http://gw{path}"), method, headers));
        assert_eq!(
            backend(&d),
            "infra-backend-v1",
            "{method} {path}\n{}",
            d.explain()
        );
    }
    // The two rules of cors-wildcard-methods-headers are told apart by path.
    let d = r.decide(&req("http://gw/cors-wildcard-methods-headers-unauth", "GET", &[]));
    assert_eq!(d.matched.as_ref().and_then(|m| m.rule), Some(1));
}

/// `HTTPRouteCORS` (`httproute-cors.go`), the preflight requests and the `access-control-*` headers: a
/// preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered by the gateway (the
/// conformance test accepts 200 or 204; the model says 204), with the CORS headers from an allowed origin
/// (`https://*.bar.com` matches any number of labels) and without `Access-Control-Allow-Origin` otherwise;
/// simple requests from an allowed origin are proxied with Allow-Origin (the echoed origin), Allow-Credentials
/// and Expose-Headers.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_cors_preflight() {
    let Some(r) = router("httproute-cors", "same-namespace") else {
        return;
    };
    let preflight = |path: &str, origin: &str, extra: &[&str]| {
        let mut h = vec![
            format!("Origin: {origin}"),
            "access-control-request-method: GET".to_string(),
        ];
        h.extend(extra.iter().map(|s| s.to_string()));
        let h: Vec<&str> = h.iter().map(String::as_str).collect();
        r.decide(&req(&format!("http://gw{path}"), "OPTIONS", &h))
    };
    let headers = ["access-control-request-headers: x-header-1, x-header-2"];
    for origin in [
        "https://www.foo.com",
        "https://www.bar.com",
        "https://a.b.bar.com",
    ] {
        let d = preflight("/cors-1", origin, &headers);
        assert_eq!(d.status(), 204, "{origin}\n{}", d.explain());
        assert!(d.matched.is_some());
        let h = &d.cors_headers;
        assert_eq!(h["access-control-allow-origin"], origin);
        assert_eq!(h["access-control-allow-credentials"], "true");
        assert_eq!(h["access-control-allow-methods"], "GET, OPTIONS");
        assert_eq!(h["access-control-allow-headers"], "x-header-1, x-header-2");
        assert_eq!(h["access-control-max-age"], "3600");
        assert_eq!(h["access-control-expose-headers"], "x-header-3, x-header-4");
    }
    // Not an allowed origin: answered, without the CORS headers.
    for origin in ["https://foobar.com", "https://bar.com"] {
        let d = preflight("/cors-1", origin, &headers);
        assert_eq!(d.status(), 204, "{}", d.explain());
        assert!(
            !d.cors_headers.contains_key("access-control-allow-origin"),
            "{origin}"
        );
    }
    // Default maxAge 5; allowMethods `*` without credentials is sent as `*`.
    let d = preflight("/cors-2", "https://www.foo.com", &[]);
    assert_eq!(d.cors_headers["access-control-max-age"], "5");
    assert_eq!(d.cors_headers["access-control-allow-methods"], "*");
    // `*` methods and headers with credentials echo what was requested.
    let d = preflight(
        "/cors-wildcard-methods-headers",
        "https://other.foo.com",
        &["access-control-request-headers: x-custom"],
    );
    assert_eq!(
        d.cors_headers["access-control-allow-origin"],
        "https://other.foo.com"
    );
    assert_eq!(d.cors_headers["access-control-allow-methods"], "GET");
    assert_eq!(d.cors_headers["access-control-allow-headers"], "x-custom");
    // An OPTIONS without Origin or Access-Control-Request-Method is not a preflight: it is proxied.
    assert_eq!(
        backend(&r.decide(&req("http://gw/cors-1", "OPTIONS", &[]))),
        "infra-backend-v1"
    );
    let d = r.decide(&req(
        "http://gw/cors-1",
        "OPTIONS",
        &["Origin: https://www.foo.com"],
    ));
    assert_eq!(backend(&d), "infra-backend-v1");
    // Simple requests from an allowed origin: proxied with the response headers.
    let d = r.decide(&req("http://gw/cors-1", "GET", &["Origin: https://www.foo.com"]));
    assert_eq!(backend(&d), "infra-backend-v1");
    assert_eq!(
        d.cors_headers["access-control-allow-origin"],
        "https://www.foo.com"
    );
    assert_eq!(d.cors_headers["access-control-allow-credentials"], "true");
    assert_eq!(
        d.cors_headers["access-control-expose-headers"],
        "x-header-3, x-header-4"
    );
    let d = r.decide(&req(
        "http://gw/cors-wildcard-origin",
        "PUT",
        &["Origin: https://foobar.com:12345"],
    ));
    assert_eq!(
        d.cors_headers["access-control-allow-origin"],
        "https://foobar.com:12345"
    );
    assert!(!d.cors_headers.contains_key("access-control-allow-credentials"));
    let d = r.decide(&req("http://gw/cors-1", "GET", &["Origin: https://foobar.com"]));
    assert!(d.cors_headers.is_empty());
}
