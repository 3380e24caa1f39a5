//! The ingress-nginx model, one test per behaviour of `ingress-nginx-semantics.md` §2 and §6 (the e2e tests
//! and documentation they come from are named in the reference).

mod support;

use gateshift_router::{NginxOptions, NginxRouter, Outcome};
use support::{backend, redirect, req, upstream, yaml};

/// An Ingress document: `name`, creation time, annotations (YAML map body), spec (YAML).
fn ing(name: &str, created: &str, annotations: &[(&str, &str)], spec: &str) -> String {
    let mut a = String::new();
    for (k, v) in annotations {
        let key = if k.contains('/') {
            k.to_string()
        } else {
            format!("nginx.ingress.kubernetes.io/{k}")
        };
        a.push_str(&format!("    {key}: {v:?}\n"));
    }
    let annotations = if a.is_empty() {
        String::new()
    } else {
        format!("  annotations:\n{a}")
    };
    let spec: String = spec.lines().map(|l| format!("  {l}\n")).collect();
    format!(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n  namespace: default\n  \
         creationTimestamp: \"{created}\"\n{annotations}spec:\n{spec}---\n"
    )
}

/// A spec with one host and `(path, pathType, service)` paths on port 80.
fn rules(host: &str, paths: &[(&str, &str, &str)]) -> String {
    let mut s = format!("rules:\n- host: {host:?}\n  http:\n    paths:\n");
    for (p, t, svc) in paths {
        s.push_str(&format!(
            "    - path: {p:?}\n      pathType: {t}\n      backend:\n        service:\n          name: {svc}\n          port:\n            number: 80\n"
        ));
    }
    s
}

fn router(docs: &[String]) -> NginxRouter {
    NginxRouter::new(&yaml(&docs.concat()), &NginxOptions::default())
}

const T1: &str = "2024-01-01T00:00:00Z";
const T2: &str = "2024-02-01T00:00:00Z";

#[test]
fn prefix_with_trailing_slash_redirects_the_bare_path() {
    let r = router(&[ing("a", T1, &[], &rules("h.com", &[("/foo/", "Prefix", "foo")]))]);
    let d = r.decide(&req("http://h.com/foo?x=1", "GET", &[]));
    assert_eq!(redirect(&d), (301, "http://h.com/foo/?x=1".to_string()));
    assert_eq!(backend(&r.decide(&req("http://h.com/foo/", "GET", &[]))), "foo");
    assert_eq!(
        backend(&r.decide(&req("http://h.com/foo/bar", "GET", &[]))),
        "foo"
    );
}

#[test]
fn prefix_matching_is_segment_wise_and_case_sensitive() {
    let r = router(&[ing("a", T1, &[], &rules("h.com", &[("/aaa", "Prefix", "aaa")]))]);
    for p in ["/aaa", "/aaa/", "/aaa/ccc"] {
        assert_eq!(
            backend(&r.decide(&req(&format!("http://h.com{p}"), "GET", &[]))),
            "aaa",
            "{p}"
        );
    }
    for p in ["/aaaccc", "/AAA"] {
        let d = r.decide(&req(&format!("http://h.com{p}"), "GET", &[]));
        assert_eq!(
            d.status(),
            404,
            "{p}: the root location (default backend) answers\n{}",
            d.explain()
        );
    }
}

#[test]
fn exact_is_exact_outside_regex_mode() {
    let r = router(&[ing("a", T1, &[], &rules("h.com", &[("/exact", "Exact", "ex")]))]);
    assert_eq!(backend(&r.decide(&req("http://h.com/exact", "GET", &[]))), "ex");
    assert_eq!(r.decide(&req("http://h.com/exact/", "GET", &[])).status(), 404);
    assert_eq!(r.decide(&req("http://h.com/exactly", "GET", &[])).status(), 404);
}

#[test]
fn regex_mode_on_one_ingress_makes_exact_a_case_insensitive_prefix_on_the_whole_host() {
    let r = router(&[
        ing("plain", T1, &[], &rules("h.com", &[("/exact", "Exact", "ex")])),
        ing(
            "regex",
            T2,
            &[("use-regex", "true")],
            &rules("h.com", &[("/api/v[0-9]+", "ImplementationSpecific", "api")]),
        ),
    ]);
    for p in ["/exact", "/exactly", "/EXACT/x"] {
        let d = r.decide(&req(&format!("http://h.com{p}"), "GET", &[]));
        assert_eq!(backend(&d), "ex", "{p}");
        assert!(d.matched.unwrap().description.contains("regex mode"));
    }
    assert_eq!(
        backend(&r.decide(&req("http://h.com/api/v2/users", "GET", &[]))),
        "api"
    );
    // Another host is untouched.
    let r2 = router(&[
        ing(
            "plain",
            T1,
            &[],
            &rules("other.com", &[("/exact", "Exact", "ex")]),
        ),
        ing(
            "regex",
            T2,
            &[("use-regex", "true")],
            &rules("h.com", &[("/api", "Prefix", "api")]),
        ),
    ]);
    assert_eq!(
        r2.decide(&req("http://other.com/exactly", "GET", &[])).status(),
        404
    );
}

#[test]
fn regex_locations_first_match_by_length_wins() {
    // docs/user-guide/ingress-path-matching.md: `/foo/bar/[A-Z0-9]{3}` is listed before `/foo/bar/bar`.
    let r = router(&[ing(
        "a",
        T1,
        &[("use-regex", "true")],
        &rules(
            "h.com",
            &[
                ("/foo/bar/bar", "Prefix", "bar"),
                ("/foo/bar/[A-Z0-9]{3}", "ImplementationSpecific", "re"),
            ],
        ),
    )]);
    let d = r.decide(&req("http://h.com/foo/bar/bar", "GET", &[]));
    assert_eq!(backend(&d), "re");
    assert!(
        d.candidates.iter().any(|c| c.lost.contains("longest first")),
        "{}",
        d.explain()
    );
}

#[test]
fn rewrite_target_replaces_the_whole_uri_with_captures_and_keeps_the_query() {
    let r = router(&[ing(
        "a",
        T1,
        &[("rewrite-target", "/$2"), ("x-forwarded-prefix", "/something")],
        &rules(
            "h.com",
            &[("/something(/|$)(.*)", "ImplementationSpecific", "svc")],
        ),
    )]);
    let d = r.decide(&req("http://h.com/something/new/x?q=1", "GET", &[]));
    assert_eq!(upstream(&d).1, "/new/x?q=1");
    let Outcome::Backend { upstream_request, .. } = &d.outcome else {
        unreachable!()
    };
    assert_eq!(
        upstream_request
            .headers
            .get("x-forwarded-prefix")
            .map(String::as_str),
        Some("/something")
    );
    assert_eq!(
        upstream(&r.decide(&req("http://h.com/something", "GET", &[]))).1,
        "/"
    );
}

/// Many regex locations on one host (found through the prefix index, rewritten with the last compiled rewrite
/// regex): each request still takes the first matching location in nginx order and its own captures,
/// whichever location the request before it took.
#[test]
fn many_regex_locations_each_take_their_own_requests_and_captures() {
    let docs: Vec<String> = (0..40)
        .map(|i| {
            ing(
                &format!("svc-{i}"),
                T1,
                &[("use-regex", "true"), ("rewrite-target", "/$2")],
                &rules(
                    "h.com",
                    &[(
                        &format!("/svc-{i}(/|$)(.*)"),
                        "ImplementationSpecific",
                        &format!("svc-{i}"),
                    )],
                ),
            )
        })
        .chain([ing(
            "catch",
            T2,
            &[],
            &rules("h.com", &[("/s", "Prefix", "catch")]),
        )])
        .collect();
    let r = router(&docs);
    for (url, service, path) in [
        ("http://h.com/svc-1/a", "svc-1", "/a"),
        ("http://h.com/svc-12/b?q=1", "svc-12", "/b?q=1"),
        ("http://h.com/SVC-1/c", "svc-1", "/c"),
        ("http://h.com/svc-1/d", "svc-1", "/d"),
        // `/svc-10` is tried before `/svc-1` (longer first): `/svc-1(/|$)` does not match `/svc-10x`, and the
        // `/s` prefix (a regex too, in regex mode) takes it.
        ("http://h.com/svc-10x", "catch", "/svc-10x"),
        ("http://h.com/svc-39", "svc-39", "/"),
        ("http://h.com/s%C3%A9/x", "catch", "/s%C3%A9/x"),
    ] {
        let d = r.decide(&req(url, "GET", &[]));
        assert_eq!(
            (backend(&d).as_str(), upstream(&d).1.as_str()),
            (service, path),
            "{url}: {}",
            d.explain()
        );
    }
}

#[test]
fn duplicates_oldest_wins() {
    let r = router(&[
        ing("newer", T2, &[], &rules("h.com", &[("/x", "Prefix", "newer")])),
        ing("older", T1, &[], &rules("h.com", &[("/x", "Prefix", "older")])),
    ]);
    let d = r.decide(&req("http://h.com/x", "GET", &[]));
    assert_eq!(backend(&d), "older");
    // Same timestamp: the greater ns/name comes first.
    let r = router(&[
        ing("a", T1, &[], &rules("h.com", &[("/x", "Prefix", "from-a")])),
        ing("b", T1, &[], &rules("h.com", &[("/x", "Prefix", "from-b")])),
    ]);
    assert_eq!(backend(&r.decide(&req("http://h.com/x", "GET", &[]))), "from-b");
}

/// `configuration-snippet` is risk Critical, above the default `annotations-risk-level` (High) since
/// ingress-nginx v1.12 (`parser.CheckAnnotationRisk`; e2e `test/e2e/admission/admission.go` "should return an
/// error if there is an error validating the ingress definition", and `test/e2e/framework/framework.go`
/// `AllowSnippetConfiguration`, which e2e tests need before any snippet works): the whole Ingress is refused,
/// and the newer Ingress with the same host and path serves it.
#[test]
fn snippet_ingresses_are_refused() {
    let docs = [
        ing(
            "snip",
            T1,
            &[("configuration-snippet", "more_set_headers \"X: y\";")],
            &rules("h.com", &[("/", "Prefix", "svc")]),
        ),
        ing(
            "alone",
            T1,
            &[("server-snippet", "return 418;")],
            &rules("alone.com", &[("/", "Prefix", "a")]),
        ),
        ing("newer", T2, &[], &rules("h.com", &[("/", "Prefix", "newer")])),
        // `CheckAnnotationRisk` ranges over the annotation keys and never reads the value.
        ing(
            "empty",
            T1,
            &[("server-snippet", "")],
            &rules("empty.com", &[("/", "Prefix", "e")]),
        ),
    ];
    let r = router(&docs);
    let refused: Vec<_> = r
        .refused()
        .iter()
        .map(|x| (x.name.as_str(), x.annotation.as_str()))
        .collect();
    assert_eq!(
        refused,
        [
            ("snip", "nginx.ingress.kubernetes.io/configuration-snippet"),
            ("empty", "nginx.ingress.kubernetes.io/server-snippet"),
            ("alone", "nginx.ingress.kubernetes.io/server-snippet")
        ]
    );
    assert!(
        r.refused()[0].reason.contains("risk Critical"),
        "{:?}",
        r.refused()[0]
    );
    assert!(r.refused()[0].reason.contains("annotations-risk-level (High)"));
    assert_eq!(backend(&r.decide(&req("http://h.com/", "GET", &[]))), "newer");
    let d = r.decide(&req("http://alone.com/", "GET", &[]));
    assert_eq!(d.status(), 404, "{}", d.explain());
    // What the refused Ingress would have done had ingress-nginx accepted it (for explanations).
    let accepting = NginxRouter::accepting_refused(&yaml(&docs.concat()), &NginxOptions::default());
    assert!(accepting.refused().is_empty());
    assert_eq!(
        backend(&accepting.decide(&req("http://h.com/", "GET", &[]))),
        "svc"
    );
    // Annotations the catalogue does not know are ignored, whatever their name, as ingress-nginx does.
    let r = router(&[ing(
        "x",
        T1,
        &[("my-own-snippet", "x")],
        &rules("h.com", &[("/", "Prefix", "svc")]),
    )]);
    assert!(r.refused().is_empty());
    assert_eq!(backend(&r.decide(&req("http://h.com/", "GET", &[]))), "svc");
}

/// An invalid value of an annotation whose parser propagates the validation error refuses the whole Ingress:
/// e2e `test/e2e/admission/admission.go` "should return an error if there is an invalid value in some
/// annotation" (`connection-proxy-header: "a;}"`, validated by `^(close|keep-alive)$` in
/// `internal/ingress/annotations/connection/main.go`); `permanent-redirect` must be a URL
/// (`internal/ingress/annotations/redirect/redirect.go`). The request falls to the other Ingress of the host,
/// or to the default backend (404) where there is none.
#[test]
fn an_invalid_value_that_refuses_the_ingress() {
    let r = router(&[
        ing(
            "broken",
            T1,
            &[("connection-proxy-header", "a;}")],
            &rules("h.com", &[("/", "Prefix", "broken")]),
        ),
        ing("other", T2, &[], &rules("h.com", &[("/", "Prefix", "other")])),
        ing(
            "redirect",
            T1,
            &[("permanent-redirect", "not a url")],
            &rules("r.com", &[("/", "Prefix", "r")]),
        ),
        // Empty values count as not set, as in every ingress-nginx parser.
        ing(
            "empty",
            T1,
            &[("permanent-redirect", "")],
            &rules("e.com", &[("/", "Prefix", "e")]),
        ),
    ]);
    let refused: Vec<_> = r
        .refused()
        .iter()
        .map(|x| (x.name.as_str(), x.annotation.as_str()))
        .collect();
    assert_eq!(
        refused,
        [
            ("redirect", "nginx.ingress.kubernetes.io/permanent-redirect"),
            ("broken", "nginx.ingress.kubernetes.io/connection-proxy-header"),
        ]
    );
    let broken = &r.refused()[1];
    assert!(
        broken.reason.starts_with(
            "invalid value \"a;}\" for connection-proxy-header: expected one of close, keep-alive"
        ),
        "{}",
        broken.reason
    );
    assert!(
        broken.reason.contains("refuses the whole Ingress"),
        "{}",
        broken.reason
    );
    let d = r.decide(&req("http://h.com/", "GET", &[]));
    assert_eq!(backend(&d), "other");
    assert_eq!(d.matched.unwrap().name, "other");
    let d = r.decide(&req("http://r.com/x", "GET", &[]));
    assert_eq!(
        d.status(),
        404,
        "no server for r.com: the default server answers\n{}",
        d.explain()
    );
    assert_eq!(backend(&r.decide(&req("http://e.com/", "GET", &[]))), "e");
}

/// Parsers that do not propagate the validation error log it and use the default (the rewrite parser's
/// `ssl-redirect`/`force-ssl-redirect`/`use-regex`, `internal/ingress/annotations/rewrite/main.go`; the canary
/// parser, `canary/main.go`). Booleans go through Go's `strconv.ParseBool`, so `False` is false.
#[test]
fn an_invalid_value_with_a_default_uses_the_default() {
    let tls = "tls:\n- hosts: [t.com]\n  secretName: s\n";
    let r = router(&[
        // "maybe" is no bool: the default (true) applies, and the host has a certificate.
        ing(
            "maybe",
            T1,
            &[("ssl-redirect", "maybe")],
            &format!("{tls}{}", rules("t.com", &[("/", "Prefix", "t")])),
        ),
        // "yes" is no bool: force-ssl-redirect stays false, so no redirect without a certificate.
        ing(
            "yes",
            T1,
            &[("force-ssl-redirect", "yes")],
            &rules("f.com", &[("/", "Prefix", "f")]),
        ),
        // Go's ParseBool reads "False" as false.
        ing(
            "go",
            T1,
            &[("ssl-redirect", "False")],
            &format!(
                "{}{}",
                tls.replace("t.com", "g.com"),
                rules("g.com", &[("/", "Prefix", "g")])
            ),
        ),
        // An invalid use-regex keeps literal paths; an invalid canary-weight is 0.
        ing(
            "lit",
            T1,
            &[("use-regex", "yes")],
            &rules("l.com", &[("/a.c", "Prefix", "lit")]),
        ),
        ing("main", T1, &[], &rules("c.com", &[("/", "Prefix", "main")])),
        ing(
            "canary",
            T2,
            &[("canary", "true"), ("canary-weight", "ten")],
            &rules("c.com", &[("/", "Prefix", "canary")]),
        ),
    ]);
    assert!(r.refused().is_empty() && r.denied().is_empty());
    assert_eq!(
        redirect(&r.decide(&req("http://t.com/x", "GET", &[]))),
        (308, "https://t.com/x".into())
    );
    assert_eq!(backend(&r.decide(&req("http://f.com/x", "GET", &[]))), "f");
    assert_eq!(backend(&r.decide(&req("http://g.com/x", "GET", &[]))), "g");
    assert_eq!(backend(&r.decide(&req("http://l.com/a.c", "GET", &[]))), "lit");
    assert_eq!(r.decide(&req("http://l.com/abc", "GET", &[])).status(), 404);
    assert_eq!(backend(&r.decide(&req("http://c.com/", "GET", &[]))), "main");
}

/// An invalid value of an annotation whose parser returns `LocationDenied` keeps the Ingress, and every
/// location of it answers 503 (`nginx.tmpl`: `# Location denied. Reason: …` / `return 503;`); e2e
/// `test/e2e/annotations/auth.go` "should return status code 503 when authentication is configured with an
/// invalid secret" is the same path (there a missing Secret, here a name that fails the validator). The
/// `return 503` comes before the location's redirects and the Lua HTTPS redirect; a denied `/admin/` has no
/// `proxy_pass`, so nginx's 301 for the bare `/admin` does not apply and `/admin` falls to `/` (derived).
#[test]
fn an_invalid_value_that_denies_the_locations_answers_503() {
    let r = router(&[
        ing("site", T1, &[], &rules("h.com", &[("/", "Prefix", "site")])),
        ing(
            "admin",
            T2,
            &[
                ("whitelist-source-range", "10.0.0.0/33"),
                ("permanent-redirect", "https://elsewhere"),
            ],
            &format!(
                "tls:\n- hosts: [h.com]\n  secretName: s\n{}",
                rules("h.com", &[("/admin/", "Prefix", "admin")])
            ),
        ),
        ing(
            "auth",
            T1,
            &[("auth-type", "basic"), ("auth-secret", "Not_A_Name")],
            &rules("a.com", &[("/app", "Prefix", "app")]),
        ),
    ]);
    assert!(r.refused().is_empty());
    let denied: Vec<_> = r
        .denied()
        .iter()
        .map(|x| (x.name.as_str(), x.annotation.as_str()))
        .collect();
    assert_eq!(
        denied,
        [
            ("auth", "nginx.ingress.kubernetes.io/auth-secret"),
            ("admin", "nginx.ingress.kubernetes.io/whitelist-source-range"),
        ]
    );
    for url in [
        "http://h.com/admin/",
        "https://h.com/admin/x",
        "http://h.com/admin/x",
    ] {
        let d = r.decide(&req(url, "GET", &[]));
        match &d.outcome {
            Outcome::Response { status: 503, reason } => {
                assert!(reason.contains("whitelist-source-range"), "{reason}")
            }
            _ => panic!("{url}: expected 503, got\n{}", d.explain()),
        }
        assert_eq!(d.matched.unwrap().name, "admin", "{url}");
    }
    // Not denied: the other Ingress of the host (the TLS of `admin` still makes the host redirect).
    assert_eq!(redirect(&r.decide(&req("http://h.com/admin", "GET", &[]))).0, 308);
    assert_eq!(
        backend(&r.decide(&req("https://h.com/admin", "GET", &[]))),
        "site"
    );
    // Every location of the denied Ingress, the root it synthesises for its host included.
    for url in [
        "http://a.com/app",
        "http://a.com/app/x",
        "http://a.com/",
        "http://a.com/other",
    ] {
        assert_eq!(r.decide(&req(url, "GET", &[])).status(), 503, "{url}");
    }
}

#[test]
fn tls_implies_a_308_without_the_trailing_slash_and_acme_is_exempt() {
    let tls = format!(
        "tls:\n- hosts: [h.com]\n  secretName: missing\n{}",
        rules("h.com", &[("/app", "Prefix", "app")])
    );
    let r = router(&[
        ing("a", T1, &[], &tls),
        ing(
            "acme",
            T2,
            &[],
            &rules("h.com", &[("/.well-known/acme-challenge/tok", "Exact", "solver")]),
        ),
    ]);
    let d = r.decide(&req("http://h.com/app/", "GET", &[]));
    assert_eq!(redirect(&d), (308, "https://h.com/app".to_string()));
    let d = r.decide(&req("http://h.com/", "GET", &[]));
    assert_eq!(redirect(&d), (308, "https://h.com".to_string()));
    let d = r.decide(&req("http://h.com/app/?a=/", "GET", &[]));
    assert_eq!(
        redirect(&d),
        (308, "https://h.com/app/?a=".to_string()),
        "only the last character is stripped"
    );
    assert_eq!(
        backend(&r.decide(&req("http://h.com/.well-known/acme-challenge/tok", "GET", &[]))),
        "solver"
    );
    assert_eq!(backend(&r.decide(&req("https://h.com/app", "GET", &[]))), "app");
    // ssl-redirect: "false" turns it off; force-ssl-redirect works without TLS.
    let off = router(&[ing("a", T1, &[("ssl-redirect", "false")], &tls)]);
    assert_eq!(backend(&off.decide(&req("http://h.com/app", "GET", &[]))), "app");
    let force = router(&[ing(
        "a",
        T1,
        &[("force-ssl-redirect", "true")],
        &rules("h.com", &[("/", "Prefix", "s")]),
    )]);
    assert_eq!(redirect(&force.decide(&req("http://h.com/x", "GET", &[]))).0, 308);
}

/// A `*.example.com` tls entry on an Ingress whose rule is `blog.example.com` gives blog its certificate, but
/// creates no `*.example.com` server, so certificate.lua finds nothing for a sibling host: no redirect.
#[test]
fn wildcard_tls_entry_without_a_wildcard_server_covers_only_its_own_hosts() {
    let blog = format!(
        "tls:\n- hosts: [\"*.example.com\"]\n  secretName: wild\n{}",
        rules("blog.example.com", &[("/", "Prefix", "blog")])
    );
    let r = router(&[
        ing("blog", T1, &[], &blog),
        ing(
            "status",
            T2,
            &[],
            &rules("status.example.com", &[("/", "Prefix", "status")]),
        ),
    ]);
    assert_eq!(
        redirect(&r.decide(&req("http://blog.example.com/", "GET", &[]))).0,
        308
    );
    assert_eq!(
        backend(&r.decide(&req("http://status.example.com/", "GET", &[]))),
        "status"
    );
}

#[test]
fn wildcard_tls_makes_sibling_hosts_redirect() {
    let wild = format!(
        "tls:\n- hosts: [\"*.example.com\"]\n{}",
        rules("*.example.com", &[("/", "Prefix", "w")])
    );
    let r = router(&[
        ing("wild", T1, &[], &wild),
        ing(
            "other",
            T2,
            &[],
            &rules("api.example.com", &[("/", "Prefix", "api")]),
        ),
    ]);
    assert_eq!(
        redirect(&r.decide(&req("http://api.example.com/x", "GET", &[]))).0,
        308
    );
    assert_eq!(
        backend(&r.decide(&req("https://api.example.com/x", "GET", &[]))),
        "api"
    );
    // One label only.
    assert_eq!(
        backend(&r.decide(&req("https://a.example.com/", "GET", &[]))),
        "w"
    );
    assert_eq!(
        r.decide(&req("https://a.b.example.com/", "GET", &[])).status(),
        404
    );
}

#[test]
fn permanent_and_temporal_redirects() {
    let r = router(&[
        ing(
            "p",
            T1,
            &[
                ("permanent-redirect", "https://new.example.com"),
                ("permanent-redirect-code", "308"),
            ],
            &rules("p.com", &[("/", "Prefix", "s")]),
        ),
        ing(
            "t",
            T1,
            &[
                ("permanent-redirect", "https://perm"),
                ("temporal-redirect", "https://temp"),
            ],
            &rules("t.com", &[("/", "Prefix", "s")]),
        ),
        ing(
            "bad",
            T1,
            &[
                ("permanent-redirect", "https://x"),
                ("permanent-redirect-code", "999"),
            ],
            &rules("b.com", &[("/", "Prefix", "s")]),
        ),
    ]);
    assert_eq!(
        redirect(&r.decide(&req("http://p.com/a?b", "GET", &[]))),
        (308, "https://new.example.com".into())
    );
    assert_eq!(
        redirect(&r.decide(&req("http://t.com/", "GET", &[]))),
        (302, "https://temp".into())
    );
    assert_eq!(redirect(&r.decide(&req("http://b.com/", "GET", &[]))).0, 301);
}

#[test]
fn unmatched_paths_inherit_the_oldest_ingress_annotations() {
    let r = router(&[
        ing(
            "old",
            T1,
            &[("permanent-redirect", "https://moved")],
            &rules("h.com", &[("/old", "Prefix", "old")]),
        ),
        ing("new", T2, &[], &rules("h.com", &[("/new", "Prefix", "new")])),
    ]);
    assert_eq!(
        redirect(&r.decide(&req("http://h.com/elsewhere", "GET", &[]))).1,
        "https://moved"
    );
    assert_eq!(backend(&r.decide(&req("http://h.com/new", "GET", &[]))), "new");
}

#[test]
fn app_root_redirects_only_the_root() {
    let r = router(&[ing(
        "a",
        T1,
        &[("app-root", "/app1")],
        &rules("h.com", &[("/", "Prefix", "s")]),
    )]);
    assert_eq!(
        redirect(&r.decide(&req("http://h.com/", "GET", &[]))),
        (302, "http://h.com/app1".into())
    );
    assert_eq!(backend(&r.decide(&req("http://h.com/app1", "GET", &[]))), "s");
}

#[test]
fn default_backends() {
    let backend_only = "defaultBackend:\n  service:\n    name: catch\n    port:\n      number: 80\n";
    let with_rules = format!("{backend_only}{}", rules("h.com", &[("/x", "Prefix", "x")]));
    let r = router(&[
        ing("only", T1, &[], backend_only),
        ing("rules", T2, &[], &with_rules),
    ]);
    // An Ingress with only a defaultBackend populates `_`.
    assert_eq!(
        backend(&r.decide(&req("http://unknown.com/y", "GET", &[]))),
        "catch"
    );
    // An Ingress with rules: its defaultBackend is the root location of its hosts.
    assert_eq!(backend(&r.decide(&req("http://h.com/y", "GET", &[]))), "catch");
    let r = router(&[ing("rules", T2, &[], &rules("h.com", &[("/x", "Prefix", "x")]))]);
    assert_eq!(r.decide(&req("http://unknown.com/y", "GET", &[])).status(), 404);
}

/// `createServers` (internal/ingress/controller/controller.go): an Ingress with only a defaultBackend configures
/// the catch-all with its location annotations but keeps the default location's redirect and rewrite settings
/// ("Redirect and rewrite can affect the catch all behavior, skip for now"), so none of these apply there.
#[test]
fn the_catch_all_ignores_redirect_and_rewrite_annotations() {
    let backend_only = "defaultBackend:\n  service:\n    name: catch\n    port:\n      number: 80\n";
    for annotations in [
        &[("permanent-redirect", "https://elsewhere.example/")][..],
        &[("temporal-redirect", "https://elsewhere.example/")],
        &[("force-ssl-redirect", "true")],
        &[("rewrite-target", "/other"), ("use-regex", "true")],
        &[("app-root", "/app")],
    ] {
        let r = router(&[ing("only", T1, annotations, backend_only)]);
        let d = r.decide(&req("http://unknown.com/", "GET", &[]));
        assert_eq!(backend(&d), "catch", "{annotations:?}");
        assert_eq!(upstream(&d).1, "/", "{annotations:?}");
    }
    // Annotations that are not redirect or rewrite settings do apply.
    let r = router(&[ing(
        "only",
        T1,
        &[("upstream-vhost", "inner.local")],
        backend_only,
    )]);
    assert_eq!(
        upstream(&r.decide(&req("http://unknown.com/", "GET", &[]))).0,
        "inner.local"
    );
}

fn canary_setup(canary_ann: &[(&str, &str)]) -> NginxRouter {
    let mut ann = vec![("canary", "true")];
    ann.extend_from_slice(canary_ann);
    router(&[
        ing("main", T1, &[], &rules("a.com", &[("/api", "Prefix", "main")])),
        ing("other", T1, &[], &rules("b.com", &[("/other", "Prefix", "main")])),
        ing(
            "canary",
            T2,
            &ann,
            &rules("a.com", &[("/api", "Prefix", "canary")]),
        ),
    ])
}

#[test]
fn canary_by_header_leaks_to_every_path_of_the_same_service() {
    let r = canary_setup(&[("canary-by-header", "X-Canary")]);
    assert_eq!(
        backend(&r.decide(&req("http://a.com/api", "GET", &["x-canary: always"]))),
        "canary"
    );
    assert_eq!(
        backend(&r.decide(&req("http://a.com/api", "GET", &["X-Canary: never"]))),
        "main"
    );
    assert_eq!(backend(&r.decide(&req("http://a.com/api", "GET", &[]))), "main");
    // Per upstream: b.com/other uses the same Service:port, so the canary applies there too.
    assert_eq!(
        backend(&r.decide(&req("http://b.com/other", "GET", &["X-Canary: always"]))),
        "canary"
    );
}

#[test]
fn canary_header_value_cookie_and_weight() {
    let r = canary_setup(&[("canary-by-header", "X-Env"), ("canary-by-header-value", "blue")]);
    assert_eq!(
        backend(&r.decide(&req("http://a.com/api", "GET", &["X-Env: blue"]))),
        "canary"
    );
    assert_eq!(
        backend(&r.decide(&req("http://a.com/api", "GET", &["X-Env: always"]))),
        "main"
    );
    let r = canary_setup(&[("canary-by-cookie", "c"), ("canary-weight", "100")]);
    assert_eq!(
        backend(&r.decide(&req("http://a.com/api", "GET", &["Cookie: c=never"]))),
        "main"
    );
    let r = canary_setup(&[("canary-weight", "20"), ("canary-weight-total", "50")]);
    let d = r.decide(&req("http://a.com/api", "GET", &[]));
    let Outcome::Backend { backends, .. } = &d.outcome else {
        panic!()
    };
    // weight-total below 100 is ignored: 20 out of 100.
    let shares: Vec<(&str, f64)> = backends.iter().map(|b| (b.name.as_str(), b.share)).collect();
    assert_eq!(shares, [("main", 0.8), ("canary", 0.2)]);
}

#[test]
fn a_canary_alone_routes_nothing() {
    let r = router(&[ing(
        "c",
        T1,
        &[("canary", "true"), ("canary-weight", "100")],
        &rules("a.com", &[("/", "Prefix", "c")]),
    )]);
    assert_eq!(r.decide(&req("http://a.com/", "GET", &[])).status(), 404);
}

#[test]
fn canary_annotations_without_canary_true_compete_normally() {
    let r = router(&[
        ing("main", T2, &[], &rules("a.com", &[("/api", "Prefix", "main")])),
        ing(
            "c",
            T1,
            &[("canary-weight", "100")],
            &rules("a.com", &[("/api", "Prefix", "c")]),
        ),
    ]);
    assert_eq!(
        backend(&r.decide(&req("http://a.com/api", "GET", &[]))),
        "c",
        "older, and not a canary"
    );
}

#[test]
fn missing_services_answer_503_when_services_are_given() {
    let mut docs = vec![ing(
        "a",
        T1,
        &[],
        &rules(
            "h.com",
            &[("/a", "Prefix", "present"), ("/b", "Prefix", "absent")],
        ),
    )];
    docs.push("apiVersion: v1\nkind: Service\nmetadata:\n  name: present\n  namespace: default\nspec:\n  ports:\n  - port: 80\n---\n".into());
    let r = router(&docs);
    assert_eq!(backend(&r.decide(&req("http://h.com/a", "GET", &[]))), "present");
    assert_eq!(r.decide(&req("http://h.com/b", "GET", &[])).status(), 503);
}

#[test]
fn server_alias_serves_every_path_of_the_host() {
    let r = router(&[
        ing(
            "a",
            T1,
            &[("server-alias", "alias.com, b.com")],
            &rules("a.com", &[("/x", "Prefix", "ax")]),
        ),
        ing("b", T2, &[], &rules("b.com", &[("/x", "Prefix", "bx")])),
    ]);
    assert_eq!(backend(&r.decide(&req("http://alias.com/x", "GET", &[]))), "ax");
    assert_eq!(
        backend(&r.decide(&req("http://b.com/x", "GET", &[]))),
        "bx",
        "an alias equal to a host is dropped"
    );
}

#[test]
fn from_to_www_redirect_twins() {
    let r = router(&[ing(
        "a",
        T1,
        &[("from-to-www-redirect", "true")],
        &rules("www.x.com", &[("/", "Prefix", "s")]),
    )]);
    let d = r.decide(&req("http://x.com/a/?q=1", "GET", &[]));
    assert_eq!(redirect(&d), (308, "http://www.x.com:80/a/?q=1".into()));
    let d = r.decide(&req("http://x.com/", "GET", &[]));
    assert_eq!(redirect(&d), (308, "http://www.x.com:80".into()));
    assert_eq!(backend(&r.decide(&req("http://www.x.com/", "GET", &[]))), "s");
}

#[test]
fn canary_by_header_pattern() {
    let r = canary_setup(&[
        ("canary-by-header", "X-User"),
        ("canary-by-header-pattern", "^(alice|bob)$"),
    ]);
    assert_eq!(
        backend(&r.decide(&req("http://a.com/api", "GET", &["X-User: bob"]))),
        "canary"
    );
    assert_eq!(
        backend(&r.decide(&req("http://a.com/api", "GET", &["X-User: carol"]))),
        "main"
    );
    // An invalid pattern sends the request to the main backend at once (before cookie and weight).
    let r = canary_setup(&[
        ("canary-by-header", "X-User"),
        ("canary-by-header-pattern", "(unclosed"),
        ("canary-weight", "100"),
    ]);
    assert_eq!(
        backend(&r.decide(&req("http://a.com/api", "GET", &["X-User: bob"]))),
        "main"
    );
    assert_eq!(backend(&r.decide(&req("http://a.com/api", "GET", &[]))), "canary");
}

#[test]
fn class_selection() {
    let docs = [
        ing(
            "mine",
            T2,
            &[],
            &format!(
                "ingressClassName: nginx\n{}",
                rules("h.com", &[("/", "Prefix", "mine")])
            ),
        ),
        ing(
            "theirs",
            T1,
            &[],
            &format!(
                "ingressClassName: traefik\n{}",
                rules("h.com", &[("/", "Prefix", "theirs")])
            ),
        ),
        ing(
            "legacy",
            T1,
            &[("kubernetes.io/ingress.class", "nginx")],
            &rules("l.com", &[("/", "Prefix", "legacy")]),
        ),
    ];
    let objects = yaml(&docs.concat());
    let all = NginxRouter::new(&objects, &NginxOptions::default());
    assert_eq!(
        backend(&all.decide(&req("http://h.com/", "GET", &[]))),
        "theirs",
        "every Ingress: the older wins"
    );
    let nginx = NginxRouter::new(
        &objects,
        &NginxOptions {
            classes: vec!["nginx".into()],
        },
    );
    assert_eq!(backend(&nginx.decide(&req("http://h.com/", "GET", &[]))), "mine");
    assert_eq!(
        backend(&nginx.decide(&req("http://l.com/", "GET", &[]))),
        "legacy"
    );
}

/// CORS with the default origin `*` (ingress-nginx `test/e2e/annotations/cors.go`, "should enable cors" and
/// "should set cors methods to only allow POST, GET"): `$cors` is true for every request, so every OPTIONS is
/// answered 204 by nginx with the default headers — before the HTTPS redirect — and other requests are
/// proxied with the headers added.
#[test]
fn cors_with_any_origin_answers_every_options_request() {
    let mut spec = rules("cors.com", &[("/", "Prefix", "app")]);
    spec.push_str("tls:\n- hosts: [cors.com]\n  secretName: cert\n");
    let r = router(&[ing("a", T1, &[("enable-cors", "true")], &spec)]);
    for headers in [&[][..], &["Origin: https://anything.example"][..]] {
        let d = r.decide(&req("http://cors.com/x", "OPTIONS", headers));
        assert_eq!(d.status(), 204, "{}", d.explain());
        assert!(matches!(&d.outcome, Outcome::Response { reason, .. } if reason.contains("CORS")));
        let h = &d.cors_headers;
        assert_eq!(h["access-control-allow-origin"], "*");
        assert_eq!(
            h["access-control-allow-methods"],
            "GET, PUT, POST, DELETE, PATCH, OPTIONS"
        );
        assert_eq!(
            h["access-control-allow-headers"],
            "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization"
        );
        assert_eq!(h["access-control-allow-credentials"], "true");
        assert_eq!(h["access-control-max-age"], "1728000");
        assert!(!h.contains_key("access-control-expose-headers"));
    }
    // A GET over http still gets the HTTPS redirect, with the CORS headers (308 is among headers-more's).
    let d = r.decide(&req("http://cors.com/x", "GET", &[]));
    assert_eq!(redirect(&d), (308, "https://cors.com/x".to_string()));
    assert_eq!(d.cors_headers["access-control-allow-origin"], "*");
    let d = r.decide(&req("https://cors.com/x", "GET", &["Origin: https://o.example"]));
    assert_eq!(backend(&d), "app");
    assert_eq!(d.cors_headers["access-control-allow-origin"], "*");
}

/// CORS with listed origins (`cors.go`, "should allow correct origins", "should allow - single origin for
/// multiple cors values", "should allow - matching origin with wildcard origin (2 subdomains)", "should not
/// allow - unmatching origin with wildcard origin"): `$cors` only for an Origin matching `((o1)|(o2))$`
/// case-insensitively, the first `*` standing for one label; Allow-Origin echoes it.
#[test]
fn cors_with_listed_origins_answers_only_matching_origins() {
    let r = router(&[ing(
        "a",
        T1,
        &[
            ("enable-cors", "true"),
            (
                "cors-allow-origin",
                "https://origin.cors.com:8080, https://*.wild.com",
            ),
            ("cors-allow-credentials", "false"),
            ("cors-expose-headers", "X-Expose"),
            ("cors-max-age", "60"),
        ],
        &rules("cors.com", &[("/", "Prefix", "app")]),
    )]);
    let preflight = |origin: &str| {
        r.decide(&req(
            "http://cors.com/x",
            "OPTIONS",
            &[&format!("Origin: {origin}"), "Access-Control-Request-Method: GET"],
        ))
    };
    for origin in [
        "https://origin.cors.com:8080",
        "HTTPS://A.WILD.COM",
        "https://a.wild.com",
    ] {
        let d = preflight(origin);
        assert_eq!(d.status(), 204, "{origin}: {}", d.explain());
        assert_eq!(d.cors_headers["access-control-allow-origin"], origin);
        assert_eq!(d.cors_headers["access-control-max-age"], "60");
        assert_eq!(d.cors_headers["access-control-expose-headers"], "X-Expose");
        assert!(!d.cors_headers.contains_key("access-control-allow-credentials"));
    }
    // One label only (`[A-Za-z0-9-]+` cannot cross a dot, and the start is not anchored: `b.a.wild.com`
    // still ends with `a.wild.com`, but `https://` must precede the label).
    for origin in [
        "https://a.b.wild.com",
        "https://wild.com",
        "http://origin.cors.com:8080",
        "https://disallowed.gateshift.invalid",
    ] {
        let d = preflight(origin);
        assert_eq!(backend(&d), "app", "{origin}: {}", d.explain());
        assert!(d.cors_headers.is_empty(), "{origin}");
    }
    // Without Origin, OPTIONS is proxied.
    assert_eq!(
        backend(&r.decide(&req("http://cors.com/x", "OPTIONS", &[]))),
        "app"
    );
    let d = r.decide(&req("http://cors.com/x", "GET", &["Origin: https://a.wild.com"]));
    assert_eq!(backend(&d), "app");
    assert_eq!(
        d.cors_headers["access-control-allow-origin"],
        "https://a.wild.com"
    );
}

/// A backend ingress-nginx cannot resolve answers 503 for its location (`controller.go serviceEndpoints`: no
/// endpoints), judged the same whatever else the input holds: with Services in the input, a missing Service, a
/// port number or name the Service lacks; an ExternalName Service takes any port number but not an unknown
/// name. With no Services at all, references are taken to exist.
#[test]
fn an_unresolvable_backend_answers_503_for_its_location_only() {
    let path = |p: &str, svc: &str, port: &str| {
        format!(
            "    - path: {p:?}\n      pathType: Prefix\n      backend:\n        service:\n          name: {svc}\n          port:\n            {port}\n"
        )
    };
    let spec = format!(
        "rules:\n- host: a.com\n  http:\n    paths:\n{}{}{}{}{}{}",
        path("/", "web", "number: 80"),
        path("/missing", "nowhere", "number: 80"),
        path("/wrong-number", "web", "number: 81"),
        path("/wrong-name", "web", "name: grpc"),
        path("/ext-number", "ext", "number: 443"),
        path("/ext-name", "ext", "name: https"),
    );
    let ingress = ing("shop", T1, &[], &spec);
    let services = "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: default}\nspec:\n  ports: [{name: http, port: 80}]\n---\n\
         apiVersion: v1\nkind: Service\nmetadata: {name: ext, namespace: default}\nspec:\n  type: ExternalName\n  externalName: example.org\n---\n";
    let r = router(&[ingress.clone(), services.to_string()]);
    assert_eq!(backend(&r.decide(&req("http://a.com/", "GET", &[]))), "web");
    assert_eq!(
        backend(&r.decide(&req("http://a.com/ext-number", "GET", &[]))),
        "ext"
    );
    for (url, why) in [
        (
            "http://a.com/missing",
            "Service default/nowhere is not in the input",
        ),
        (
            "http://a.com/wrong-number/x",
            "Service default/web has no port 81",
        ),
        ("http://a.com/wrong-name", "Service default/web has no port grpc"),
        ("http://a.com/ext-name", "Service default/ext has no port https"),
    ] {
        let d = r.decide(&req(url, "GET", &[]));
        match &d.outcome {
            Outcome::Response { status: 503, reason } => assert!(reason.starts_with(why), "{url}: {reason}"),
            _ => panic!("{url}: expected 503, got\n{}", d.explain()),
        }
    }
    // Without any Service in the input, every reference is taken to exist.
    let r = router(&[ingress]);
    assert_eq!(
        backend(&r.decide(&req("http://a.com/missing", "GET", &[]))),
        "nowhere"
    );
}
