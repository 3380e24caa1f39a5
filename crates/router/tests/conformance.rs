//! Request/response cases of the upstream Gateway API v1.6.1 conformance tests
//! (`conformance/tests/<stem>.go`), run through the Gateway API model on the shared conformance manifests.
//! Skipped without the data.

mod support;

use gateshift_router::{GatewayOptions, GatewayRouter, Outcome};
use support::{GRPC_ECHO, backend, grpc, redirect, req, router, upstream};

fn status(r: &GatewayRouter, url: &str, method: &str, headers: &[&str]) -> u16 {
    r.decide(&req(url, method, headers)).status()
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_matching() {
    let Some(r) = router("httproute-matching", "same-namespace") else {
        return;
    };
    let cases: &[(&str, &[&str], &str)] = &[
        ("/", &[], "infra-backend-v1"),
        ("/example", &[], "infra-backend-v1"),
        ("/", &["Version: one"], "infra-backend-v1"),
        ("/v2", &[], "infra-backend-v2"),
        ("/v2/example", &[], "infra-backend-v2"),
        ("/", &["Version: two"], "infra-backend-v2"),
    ];
    for (path, headers, want) in cases {
        let d = r.decide(&req(&format!("http://example.com{path}"), "GET", headers));
        assert_eq!(backend(&d), *want, "{path} {headers:?}");
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_exact_path_matching() {
    let Some(r) = router("httproute-exact-path-matching", "same-namespace") else {
        return;
    };
    assert_eq!(
        backend(&r.decide(&req("http://x/one", "GET", &[]))),
        "infra-backend-v1"
    );
    assert_eq!(
        backend(&r.decide(&req("http://x/two", "GET", &[]))),
        "infra-backend-v2"
    );
    for path in ["/", "/one/example", "/two/", "/Two"] {
        assert_eq!(status(&r, &format!("http://x{path}"), "GET", &[]), 404, "{path}");
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_header_matching() {
    let Some(r) = router("httproute-header-matching", "same-namespace") else {
        return;
    };
    let cases: &[(&[&str], Option<&str>)] = &[
        (&["Version: one"], Some("infra-backend-v1")),
        (&["Version: two"], Some("infra-backend-v2")),
        (&["Version: two", "Color: orange"], Some("infra-backend-v1")),
        (&["Version: two", "Color: blue"], Some("infra-backend-v2")),
        (&["Color: orange"], None),
        (&["Some-Other-Header: one"], None),
        (&["Color: blue"], Some("infra-backend-v1")),
        (&["Color: green"], Some("infra-backend-v1")),
        (&["Color: red"], Some("infra-backend-v2")),
        (&["Color: yellow"], Some("infra-backend-v2")),
        (&["Color: purple"], None),
    ];
    for (headers, want) in cases {
        let d = r.decide(&req("http://x/", "GET", headers));
        match want {
            Some(b) => assert_eq!(backend(&d), *b, "{headers:?}"),
            None => assert_eq!(d.status(), 404, "{headers:?}\n{}", d.explain()),
        }
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_query_param_matching() {
    let Some(r) = router("httproute-query-param-matching", "same-namespace") else {
        return;
    };
    let cases: &[(&str, &[&str], Option<&str>)] = &[
        ("/?animal=whale", &[], Some("infra-backend-v1")),
        ("/?animal=dolphin", &[], Some("infra-backend-v2")),
        ("/?animal=dolphin&color=blue", &[], Some("infra-backend-v3")),
        ("/?ANIMAL=Whale", &[], Some("infra-backend-v3")),
        (
            "/?animal=whale&otherparam=irrelevant",
            &[],
            Some("infra-backend-v1"),
        ),
        ("/?animal=dolphin&color=yellow", &[], Some("infra-backend-v2")),
        ("/?color=blue", &[], None),
        ("/?animal=dog", &[], None),
        ("/?animal=whaledolphin", &[], None),
        ("/", &[], None),
        ("/path1?animal=whale", &[], Some("infra-backend-v1")),
        ("/?animal=whale", &["version: one"], Some("infra-backend-v2")),
        ("/path2?animal=whale", &["version: two"], Some("infra-backend-v3")),
        ("/path3?animal=shark", &[], Some("infra-backend-v1")),
        (
            "/path4?animal=kraken",
            &["version: three"],
            Some("infra-backend-v1"),
        ),
        ("/?animal=shark", &[], None),
        ("/path4?animal=kraken", &[], None),
        ("/path5?animal=hydra", &[], Some("infra-backend-v1")),
        ("/?animal=hydra", &["version: four"], Some("infra-backend-v3")),
    ];
    for (path, headers, want) in cases {
        let d = r.decide(&req(&format!("http://x{path}"), "GET", headers));
        match want {
            Some(b) => assert_eq!(backend(&d), *b, "{path} {headers:?}"),
            None => assert_eq!(d.status(), 404, "{path} {headers:?}\n{}", d.explain()),
        }
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_method_matching() {
    let Some(r) = router("httproute-method-matching", "same-namespace") else {
        return;
    };
    let cases: &[(&str, &str, &[&str], Option<&str>)] = &[
        ("POST", "/", &[], Some("infra-backend-v1")),
        ("GET", "/", &[], Some("infra-backend-v2")),
        ("HEAD", "/", &[], None),
        ("GET", "/path1", &[], Some("infra-backend-v1")),
        ("PUT", "/", &["version: one"], Some("infra-backend-v2")),
        ("POST", "/path2", &["version: two"], Some("infra-backend-v3")),
        ("PATCH", "/path3", &[], Some("infra-backend-v1")),
        ("DELETE", "/path4", &["version: three"], Some("infra-backend-v1")),
        ("PUT", "/", &[], None),
        ("DELETE", "/path4", &[], None),
        ("PATCH", "/path5", &[], Some("infra-backend-v1")),
        ("PATCH", "/", &["version: four"], Some("infra-backend-v2")),
    ];
    for (method, path, headers, want) in cases {
        let d = r.decide(&req(&format!("http://x{path}"), method, headers));
        match want {
            Some(b) => assert_eq!(backend(&d), *b, "{method} {path} {headers:?}\n{}", d.explain()),
            None => assert_eq!(d.status(), 404, "{method} {path} {headers:?}\n{}", d.explain()),
        }
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_matching_across_routes() {
    let Some(r) = router("httproute-matching-across-routes", "same-namespace") else {
        return;
    };
    let cases: &[(&str, &str, &[&str], &str)] = &[
        ("example.com", "/", &[], "infra-backend-v1"),
        ("example.com", "/example", &[], "infra-backend-v1"),
        ("example.net", "/example", &[], "infra-backend-v1"),
        ("example.com", "/example", &["Version: one"], "infra-backend-v1"),
        ("example.com", "/v2", &[], "infra-backend-v2"),
        ("example.net", "/v2", &[], "infra-backend-v1"),
        ("example.com", "/v2/example", &[], "infra-backend-v2"),
        ("example.com", "/", &["Version: two"], "infra-backend-v2"),
    ];
    for (host, path, headers, want) in cases {
        let d = r.decide(&req(&format!("http://{host}{path}"), "GET", headers));
        assert_eq!(backend(&d), *want, "{host}{path} {headers:?}\n{}", d.explain());
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_path_match_order() {
    let Some(r) = router("httproute-path-match-order", "same-namespace") else {
        return;
    };
    let cases = [
        ("/match/exact/one", "infra-backend-v3"),
        ("/match/exact", "infra-backend-v2"),
        ("/match", "infra-backend-v1"),
        ("/match/prefix/one/any", "infra-backend-v2"),
        ("/match/prefix/any", "infra-backend-v1"),
        ("/match/any", "infra-backend-v3"),
    ];
    for (path, want) in cases {
        let d = r.decide(&req(&format!("http://x{path}"), "GET", &[]));
        assert_eq!(backend(&d), want, "{path}\n{}", d.explain());
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_hostname_intersection() {
    let Some(r) = router(
        "httproute-hostname-intersection",
        "httproute-hostname-intersection",
    ) else {
        return;
    };
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("very.specific.com", "/s1", Some("infra-backend-v1")),
        ("very.specific.com:1234", "/s1", Some("infra-backend-v1")),
        ("non.matching.com", "/s1", None),
        ("foo.nonmatchingwildcard.io", "/s1", None),
        ("foo.wildcard.io", "/s1", None),
        ("very.specific.com", "/non-matching-prefix", None),
        ("foo.wildcard.io", "/s2", Some("infra-backend-v2")),
        ("bar.wildcard.io", "/s2", Some("infra-backend-v2")),
        ("foo.bar.wildcard.io", "/s2", Some("infra-backend-v2")),
        ("non.matching.com", "/s2", None),
        ("wildcard.io", "/s2", None),
        ("very.specific.com", "/s2", None),
        ("foo.wildcard.io", "/non-matching-prefix", None),
        ("very.specific.com", "/s3", Some("infra-backend-v3")),
        ("non.matching.com", "/s3", None),
        ("foo.specific.com", "/s3", None),
        ("foo.wildcard.io", "/s3", None),
        ("very.specific.com", "/non-matching-prefix", None),
        ("foo.anotherwildcard.io", "/s4", Some("infra-backend-v1")),
        ("bar.anotherwildcard.io", "/s4", Some("infra-backend-v1")),
        ("foo.bar.anotherwildcard.io", "/s4", Some("infra-backend-v1")),
        ("anotherwildcard.io", "/s4", None),
        ("foo.wildcard.io", "/s4", None),
        ("very.specific.com", "/s4", None),
        ("foo.anotherwildcard.io", "/non-matching-prefix", None),
        // no-intersecting-hosts is not attached
        ("specific.but.wrong.com", "/s5", None),
        ("wildcard.io", "/s5", None),
    ];
    for (host, path, want) in cases {
        // The conformance client sends the Host header; the port in it must be ignored.
        let d = r.decide(&req(
            &format!("http://gw{path}"),
            "GET",
            &[&format!("Host: {host}")],
        ));
        match want {
            Some(b) => assert_eq!(backend(&d), *b, "{host}{path}\n{}", d.explain()),
            None => assert_eq!(d.status(), 404, "{host}{path}\n{}", d.explain()),
        }
    }
    let Some(all) = router(
        "httproute-hostname-intersection",
        "httproute-hostname-intersection-all",
    ) else {
        return;
    };
    for (host, want) in [
        ("first.com", Some("infra-backend-v2")),
        ("sub.first.com", Some("infra-backend-v2")),
        ("second.com", Some("infra-backend-v2")),
        ("sub.second.com", Some("infra-backend-v2")),
        ("third.com", None),
        ("sub.third.com", None),
    ] {
        let d = all.decide(&req(&format!("http://{host}/"), "GET", &[]));
        match want {
            Some(b) => assert_eq!(backend(&d), b, "{host}"),
            None => assert_eq!(d.status(), 404, "{host}"),
        }
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_redirect_path() {
    let Some(r) = router("httproute-redirect-path", "same-namespace") else {
        return;
    };
    let cases = [
        (
            "/original-prefix/lemon",
            302,
            "http://gw/replacement-prefix/lemon",
        ),
        ("/full/path/original", 302, "http://gw/full-path-replacement"),
        ("/path-and-host", 302, "http://example.org/replacement-prefix"),
        ("/path-and-status", 301, "http://gw/replacement-prefix"),
        ("/full-path-and-host", 302, "http://example.org/replacement-full"),
        ("/full-path-and-status", 301, "http://gw/replacement-full"),
    ];
    for (path, code, location) in cases {
        let d = r.decide(&req(&format!("http://gw{path}"), "GET", &[]));
        assert_eq!(redirect(&d), (code, location.to_string()), "{path}");
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_redirect_host_and_status() {
    let Some(r) = router("httproute-redirect-host-and-status", "same-namespace") else {
        return;
    };
    let d = r.decide(&req("http://gw/hostname-redirect", "GET", &[]));
    assert_eq!(
        redirect(&d),
        (302, "http://example.org/hostname-redirect".to_string())
    );
    let d = r.decide(&req("http://gw/host-and-status", "GET", &[]));
    assert_eq!(
        redirect(&d),
        (301, "http://example.org/host-and-status".to_string())
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_redirect_port_and_scheme() {
    let Some(r80) = router("httproute-redirect-port-and-scheme", "same-namespace") else {
        return;
    };
    for (path, location) in [
        (
            "/scheme-nil-and-port-nil",
            "http://example.org/scheme-nil-and-port-nil",
        ),
        (
            "/scheme-nil-and-port-80",
            "http://example.org/scheme-nil-and-port-80",
        ),
        (
            "/scheme-nil-and-port-8080",
            "http://example.org:8080/scheme-nil-and-port-8080",
        ),
        (
            "/scheme-https-and-port-nil",
            "https://example.org/scheme-https-and-port-nil",
        ),
        (
            "/scheme-https-and-port-443",
            "https://example.org/scheme-https-and-port-443",
        ),
        (
            "/scheme-https-and-port-8443",
            "https://example.org:8443/scheme-https-and-port-8443",
        ),
    ] {
        let d = r80.decide(&req(&format!("http://gw{path}"), "GET", &[]));
        assert_eq!(redirect(&d), (302, location.to_string()), "80 {path}");
    }
    let Some(r8080) = router(
        "httproute-redirect-port-and-scheme",
        "same-namespace-with-http-listener-on-8080",
    ) else {
        return;
    };
    for (path, location) in [
        (
            "/scheme-nil-and-port-nil",
            "http://example.org:8080/scheme-nil-and-port-nil",
        ),
        (
            "/scheme-nil-and-port-80",
            "http://example.org/scheme-nil-and-port-80",
        ),
        (
            "/scheme-https-and-port-nil",
            "https://example.org/scheme-https-and-port-nil",
        ),
    ] {
        let d = r8080.decide(&req(&format!("http://gw:8080{path}"), "GET", &[]));
        assert_eq!(redirect(&d), (302, location.to_string()), "8080 {path}");
    }
    let Some(r443) = router(
        "httproute-redirect-port-and-scheme",
        "same-namespace-with-https-listener",
    ) else {
        return;
    };
    for (path, location) in [
        (
            "/scheme-nil-and-port-nil",
            "https://example.org/scheme-nil-and-port-nil",
        ),
        (
            "/scheme-nil-and-port-443",
            "https://example.org/scheme-nil-and-port-443",
        ),
        (
            "/scheme-nil-and-port-8443",
            "https://example.org:8443/scheme-nil-and-port-8443",
        ),
        (
            "/scheme-http-and-port-nil",
            "http://example.org/scheme-http-and-port-nil",
        ),
        (
            "/scheme-http-and-port-80",
            "http://example.org/scheme-http-and-port-80",
        ),
        (
            "/scheme-http-and-port-8080",
            "http://example.org:8080/scheme-http-and-port-8080",
        ),
    ] {
        let d = r443.decide(&req(&format!("https://example.org{path}"), "GET", &[]));
        assert_eq!(redirect(&d), (302, location.to_string()), "443 {path}");
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_rewrite_path() {
    let Some(r) = router("httproute-rewrite-path", "same-namespace") else {
        return;
    };
    let d = r.decide(&req("http://gw/prefix/one/two", "GET", &[]));
    assert_eq!(
        (backend(&d), upstream(&d).1),
        ("infra-backend-v1".to_string(), "/one/two".to_string())
    );
    let d = r.decide(&req("http://gw/full/one/two", "GET", &[]));
    assert_eq!(upstream(&d).1, "/one");
    let headers = [
        "X-Header-Remove: remove-val",
        "X-Header-Add-Append: append-val-1",
        "X-Header-Set: set-val",
    ];
    for (path, want) in [
        ("/full/rewrite-path-and-modify-headers/test", "/test"),
        ("/prefix/rewrite-path-and-modify-headers/one", "/prefix/one"),
    ] {
        let d = r.decide(&req(&format!("http://gw{path}"), "GET", &headers));
        assert_eq!(upstream(&d).1, want, "{path}");
        let Outcome::Backend { upstream_request, .. } = &d.outcome else {
            unreachable!()
        };
        let h = &upstream_request.headers;
        assert_eq!(h.get("x-header-add").map(String::as_str), Some("header-val-1"));
        assert_eq!(
            h.get("x-header-add-append").map(String::as_str),
            Some("append-val-1,header-val-2")
        );
        assert_eq!(
            h.get("x-header-set").map(String::as_str),
            Some("set-overwrites-values")
        );
        assert!(!h.contains_key("x-header-remove"));
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_rewrite_host() {
    let Some(r) = router("httproute-rewrite-host", "same-namespace") else {
        return;
    };
    let d = r.decide(&req("http://rewrite.example/one", "GET", &[]));
    assert_eq!(
        (backend(&d), upstream(&d).0),
        ("infra-backend-v1".to_string(), "one.example.org".to_string())
    );
    let d = r.decide(&req("http://rewrite.example/", "GET", &[]));
    assert_eq!(
        (backend(&d), upstream(&d).0),
        ("infra-backend-v2".to_string(), "example.org".to_string())
    );
    let d = r.decide(&req(
        "http://rewrite.example/rewrite-host-and-modify-headers",
        "GET",
        &["X-Header-Remove: x"],
    ));
    assert_eq!(upstream(&d).0, "test.example.org");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_request_header_modifier() {
    let Some(r) = router("httproute-request-header-modifier", "same-namespace") else {
        return;
    };
    let d = r.decide(&req(
        "http://gw/set",
        "GET",
        &["Some-Other-Header: val", "X-Header-Set: some-other-value"],
    ));
    let Outcome::Backend { upstream_request, .. } = &d.outcome else {
        panic!("{}", d.explain())
    };
    assert_eq!(
        upstream_request.headers.get("x-header-set").map(String::as_str),
        Some("set-overwrites-values")
    );
    assert_eq!(
        upstream_request
            .headers
            .get("some-other-header")
            .map(String::as_str),
        Some("val")
    );
    let d = r.decide(&req("http://gw/add", "GET", &["X-Header-Add: some-other-value"]));
    let Outcome::Backend { upstream_request, .. } = &d.outcome else {
        panic!("{}", d.explain())
    };
    assert_eq!(
        upstream_request.headers.get("x-header-add").map(String::as_str),
        Some("some-other-value,add-appends-values")
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_weight_as_shares() {
    let Some(r) = router("httproute-weight", "same-namespace") else {
        return;
    };
    let d = r.decide(&req("http://gw/", "GET", &[]));
    let Outcome::Backend { backends, .. } = &d.outcome else {
        panic!("{}", d.explain())
    };
    let shares: Vec<(&str, u32, f64)> = backends
        .iter()
        .map(|b| (b.name.as_str(), b.weight, b.share))
        .collect();
    assert_eq!(
        shares,
        [
            ("infra-backend-v1", 70, 0.7),
            ("infra-backend-v2", 30, 0.3),
            ("infra-backend-v3", 0, 0.0)
        ]
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn decisions_serialize_with_the_documented_names() {
    let Some(r) = router("httproute-redirect-path", "same-namespace") else {
        return;
    };
    let json = serde_json::to_value(r.decide(&req("http://gw/path-and-status", "GET", &[]))).unwrap();
    assert_eq!(json["outcome"], "redirect");
    assert_eq!(json["status"], 301);
    assert_eq!(json["location"], "http://gw/replacement-prefix");
    assert_eq!(json["matched"]["kind"], "HTTPRoute");
    let Some(r) = router("httproute-rewrite-path", "same-namespace") else {
        return;
    };
    let json = serde_json::to_value(r.decide(&req("http://gw/prefix/one/two", "GET", &[]))).unwrap();
    assert_eq!(json["outcome"], "backend");
    assert_eq!(json["backends"][0]["name"], "infra-backend-v1");
    assert_eq!(json["backends"][0]["port"], 8080);
    assert_eq!(json["upstreamRequest"]["path"], "/one/two");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_listener_hostname_matching() {
    let Some(r) = router(
        "httproute-listener-hostname-matching",
        "httproute-listener-hostname-matching",
    ) else {
        return;
    };
    for (host, want) in [
        ("bar.com", Some("infra-backend-v1")),
        ("foo.bar.com", Some("infra-backend-v2")),
        ("baz.bar.com", Some("infra-backend-v3")),
        ("boo.bar.com", Some("infra-backend-v3")),
        ("multiple.prefixes.bar.com", Some("infra-backend-v3")),
        ("multiple.prefixes.foo.com", Some("infra-backend-v3")),
        ("foo.com", None),
        ("no.matching.host", None),
    ] {
        let d = r.decide(&req(&format!("http://{host}/"), "GET", &[]));
        match want {
            Some(b) => assert_eq!(backend(&d), b, "{host}\n{}", d.explain()),
            None => assert_eq!(d.status(), 404, "{host}\n{}", d.explain()),
        }
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn invalid_backends_answer_500() {
    for test in [
        "httproute-invalid-nonexistent-backendref",
        "httproute-invalid-backendref-unknown-kind",
    ] {
        let Some(r) = router(test, "same-namespace") else {
            return;
        };
        let d = r.decide(&req("http://gw/", "GET", &[]));
        assert_eq!(d.status(), 500, "{test}\n{}", d.explain());
    }
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_partially_invalid_via_reference_grant() {
    let Some(r) = router(
        "httproute-partially-invalid-via-invalid-reference-grant",
        "same-namespace",
    ) else {
        return;
    };
    let d = r.decide(&req("http://gw/v2", "GET", &[]));
    assert_eq!(d.status(), 500, "{}", d.explain());
    assert_eq!(
        backend(&r.decide(&req("http://gw/", "GET", &[]))),
        "app-backend-v1"
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_reference_grant() {
    let Some(r) = router("httproute-reference-grant", "same-namespace") else {
        return;
    };
    let d = r.decide(&req("http://gw/", "GET", &[]));
    assert_eq!(backend(&d), "web-backend");
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_omitted_backendrefs() {
    let Some(r) = router("httproute-omitted-backendrefs", "same-namespace") else {
        return;
    };
    assert_eq!(status(&r, "http://gw/omitted-no-forward", "GET", &[]), 500);
    assert_eq!(status(&r, "http://gw/empty-no-forward", "GET", &[]), 500);
    assert_eq!(
        backend(&r.decide(&req("http://gw/", "GET", &[]))),
        "infra-backend-v1"
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn grpcroute_exact_method_matching() {
    let Some(r) = router("grpcroute-exact-method-matching", "same-namespace") else {
        return;
    };
    let d = r.decide(&grpc("Echo", &[]));
    assert_eq!(backend(&d), "grpc-infra-backend-v1");
    assert_eq!(d.matched.as_ref().unwrap().kind, "GRPCRoute");
    assert_eq!(backend(&r.decide(&grpc("EchoTwo", &[]))), "grpc-infra-backend-v2");
    let d = r.decide(&grpc("EchoThree", &[]));
    assert_eq!(d.status(), 404, "{}", d.explain());
    let Outcome::Response { reason, .. } = &d.outcome else {
        unreachable!()
    };
    assert!(reason.contains("UNIMPLEMENTED"), "{reason}");
    // GRPCRoutes are not merged with HTTPRoutes: a plain HTTP request does not reach them.
    assert_eq!(
        r.decide(&req(&format!("http://gw/{GRPC_ECHO}/Echo"), "POST", &[]))
            .status(),
        404
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn grpcroute_header_matching() {
    let Some(r) = router("grpcroute-header-matching", "same-namespace") else {
        return;
    };
    let cases: &[(&[&str], Option<&str>)] = &[
        (&["version: one"], Some("grpc-infra-backend-v1")),
        (&["version: two"], Some("grpc-infra-backend-v2")),
        (&["version: two", "color: orange"], Some("grpc-infra-backend-v1")),
        (&["color: blue"], Some("grpc-infra-backend-v1")),
        (&["color: green"], Some("grpc-infra-backend-v1")),
        (&["color: red"], Some("grpc-infra-backend-v2")),
        (&["color: yellow"], Some("grpc-infra-backend-v2")),
        (&["color: orange"], None),
        (&["color: purple"], None),
    ];
    for (headers, want) in cases {
        let d = r.decide(&grpc("Echo", headers));
        match want {
            Some(b) => assert_eq!(backend(&d), *b, "{headers:?}"),
            None => assert_eq!(d.status(), 404, "{headers:?}\n{}", d.explain()),
        }
    }
}

#[test]
fn a_match_reachable_through_two_hostnames_is_listed_once() {
    let objects = support::sourced(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: ns}\n\
         spec:\n  gatewayClassName: x\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n---\n\
         apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: ns}\n\
         spec:\n  parentRefs: [{name: gw}]\n  hostnames: [foo.example.com, '*.example.com']\n  rules:\n\
         \x20 - backendRefs: [{name: svc, port: 80}]\n",
    );
    let r = GatewayRouter::new(&objects, &GatewayOptions::default()).unwrap();
    let d = r.decide(&req("http://foo.example.com/", "GET", &[]));
    assert_eq!(backend(&d), "svc");
    assert!(d.candidates.is_empty(), "{}", d.explain());
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn gateway_http_listener_isolation() {
    let Some(r) = router("gateway-http-listener-isolation", "http-listener-isolation") else {
        return;
    };
    support::assert_listener_isolation(&r);
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_request_mirror() {
    let Some(r) = router("httproute-request-mirror", "same-namespace") else {
        return;
    };
    let d = r.decide(&req("http://gw/mirror", "GET", &[]));
    assert_eq!(backend(&d), "infra-backend-v1");
    let Outcome::Backend { mirrors, .. } = &d.outcome else {
        unreachable!()
    };
    assert_eq!(mirrors.len(), 1);
    assert_eq!(
        (mirrors[0].name.as_str(), mirrors[0].port, mirrors[0].percent),
        ("infra-backend-v2", Some(8080), 100.0)
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_response_header_modifier() {
    let Some(r) = router("httproute-response-header-modifier", "same-namespace") else {
        return;
    };
    let d = r.decide(&req("http://gw/set", "GET", &[]));
    let Outcome::Backend { response_headers, .. } = &d.outcome else {
        panic!("{}", d.explain())
    };
    let h = response_headers.as_ref().expect("response header changes");
    assert_eq!(
        h.set.get("x-header-set").map(String::as_str),
        Some("set-overwrites-values")
    );
}

#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_request_header_modifier_backend() {
    let Some(r) = router("httproute-request-header-modifier-backend", "same-namespace") else {
        return;
    };
    let d = r.decide(&req("http://gw/set", "GET", &["X-Header-Set: some-other-value"]));
    let Outcome::Backend { upstream_request, .. } = &d.outcome else {
        panic!("{}", d.explain())
    };
    assert_eq!(
        upstream_request.headers.get("x-header-set").map(String::as_str),
        Some("set-overwrites-values")
    );
    let d = r.decide(&req("http://gw/remove", "GET", &["X-Header-Remove: val"]));
    let Outcome::Backend { upstream_request, .. } = &d.outcome else {
        panic!("{}", d.explain())
    };
    assert!(!upstream_request.headers.contains_key("x-header-remove"));
}

/// `HTTPRouteHTTPSListenerDetectMisdirectedRequests`: HTTPS listeners on one port; the listener the TLS SNI
/// selects must be the one the Host selects, else 421 (and 404 when no listener matches the Host at all).
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn httproute_https_listener_detect_misdirected_requests() {
    let Some(r) = router(
        "httproute-https-listener-detect-misdirected-requests",
        "same-namespace-with-https-listener",
    ) else {
        return;
    };
    let cases: &[(&str, &str, u16, Option<&str>)] = &[
        ("example.org", "example.org", 200, Some("infra-backend-v1")),
        ("example.org", "second-example.org", 421, None),
        ("example.org", "unknown-example.org", 404, None),
        (
            "second-example.org",
            "second-example.org",
            200,
            Some("infra-backend-v2"),
        ),
        ("second-example.org", "example.org", 421, None),
        ("second-example.org", "unknown-example.org", 421, None),
        (
            "third-example.wildcard.org",
            "third-example.wildcard.org",
            200,
            Some("infra-backend-v3"),
        ),
        (
            "third-example.wildcard.org",
            "fith-example.wildcard.org",
            200,
            Some("infra-backend-v3"),
        ),
        (
            "third-example.wildcard.org",
            "fourth-example.wildcard.org",
            421,
            None,
        ),
        ("third-example.wildcard.org", "second-example.org", 421, None),
        ("third-example.wildcard.org", "unknown-example.org", 421, None),
        (
            "fourth-example.wildcard.org",
            "fourth-example.wildcard.org",
            200,
            Some("infra-backend-v1"),
        ),
        (
            "fourth-example.wildcard.org",
            "fith-example.wildcard.org",
            421,
            None,
        ),
        (
            "unknown-example.org",
            "example.org",
            200,
            Some("infra-backend-v1"),
        ),
        ("unknown-example.org", "unknown-example.org", 404, None),
    ];
    for (sni, host, status, want) in cases {
        let request =
            req(&format!("https://{host}/detect-misdirected-requests"), "GET", &[]).with_sni(Some(sni));
        let d = r.decide(&request);
        assert_eq!(d.status(), *status, "SNI {sni}, Host {host}\n{}", d.explain());
        if let Some(b) = want {
            assert_eq!(backend(&d), *b, "SNI {sni}, Host {host}");
        }
    }
}
