//! TLS connections routed by SNI without terminating them: Gateway API TLS listeners with TLSRoutes (cases of
//! the upstream conformance tests, on the shared manifests; skipped without the data), and ingress-nginx's
//! `ssl-passthrough`.

mod support;

use gateshift_router::{NginxOptions, NginxRouter, Outcome, Request};
use support::{backend, req, router as gateway, upstream, yaml};

/// A TLS connection to the Gateway with this SNI, carrying a request for `path` (the backend terminates it).
fn tls(sni: &str, path: &str) -> Request {
    req(&format!("https://{sni}{path}"), "GET", &[])
}

/// `TLSRouteSimpleSameNamespace`: the TLSRoute's backend gets the connection for its hostname under the
/// listener's `*.example.com`. (The upstream test names the serving pod `tls-backend`; the v1.6.1 manifest's
/// route points at the Service `tcp-backend` port 8443, which is what the router reports.)
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn tlsroute_simple_same_namespace() {
    let Some(r) = gateway("tlsroute-simple-same-namespace", "gateway-tlsroute") else {
        return;
    };
    for path in ["/", "/any/path?x=1"] {
        let d = r.decide(&tls("abc.example.com", path));
        assert_eq!(backend(&d), "tcp-backend", "{}", d.explain());
        let Outcome::Backend { backends, .. } = &d.outcome else {
            unreachable!()
        };
        assert_eq!(backends[0].port, Some(8443));
        assert_eq!(d.matched.as_ref().unwrap().kind, "TLSRoute");
        // Not terminated: the backend receives the request exactly as the client sent it.
        assert_eq!(upstream(&d), ("abc.example.com".to_string(), path.to_string()));
    }
    // No listener for the SNI: the handshake fails.
    assert_eq!(r.decide(&tls("abc.example.org", "/")).status(), 404);
}

/// `TLSRouteHostnameIntersection`: each Gateway's listener hostname (exact, more and less specific wildcard,
/// none) intersected with its routes' hostnames decides which SNI reaches which backend; any other SNI is
/// reset.
#[test]
#[cfg_attr(not(gateway_api_data), ignore = "needs the data of GATESHIFT_GATEWAY_API_DIR")]
fn tlsroute_hostname_intersection() {
    // (Gateway, [(SNI, the backend it reaches)]).
    type Case<'a> = (&'a str, &'a [(&'a str, Option<&'a str>)]);
    let cases: &[Case<'_>] = &[
        (
            "gw-tlsroute-exact-hostname-x-1",
            &[
                ("abc.example.com", Some("tls-backend")),
                ("non.matching.com", None),
            ],
        ),
        (
            "gw-tlsroute-more-specific-wc-hostname-x-2",
            &[
                ("abc.example.com", Some("tls-backend")),
                ("other.example.com", Some("tls-backend-2")),
                ("non.matching.com", None),
            ],
        ),
        (
            "gw-tlsroute-less-specific-wc-hostname-x-3",
            &[
                ("abc.example.com", Some("tls-backend")),
                ("other.example.com", Some("tls-backend-2")),
                ("non.matching.com", None),
            ],
        ),
        (
            "gw-tlsroute-empty-hostname-x-4",
            &[
                ("abc.example.com", Some("tls-backend")),
                ("other.example.com", Some("tls-backend-2")),
                ("non.matching.org", None),
            ],
        ),
    ];
    for (gw, expected) in cases {
        let Some(r) = gateway("tlsroute-hostname-intersection", gw) else {
            return;
        };
        for (sni, want) in *expected {
            let d = r.decide(&tls(sni, "/"));
            match want {
                Some(b) => assert_eq!(backend(&d), *b, "{gw} SNI {sni}\n{}", d.explain()),
                None => assert!(
                    !matches!(d.outcome, Outcome::Backend { .. }),
                    "{gw} SNI {sni} must not reach a backend:\n{}",
                    d.explain()
                ),
            }
        }
    }
}

fn nginx(annotations: &str, host: &str) -> NginxRouter {
    let text = format!(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: db\n  namespace: db\n  \
         creationTimestamp: \"2024-01-01T00:00:00Z\"\n  annotations:\n{annotations}spec:\n  rules:\n  \
         - host: \"{host}\"\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        \
         backend:\n          service:\n            name: pg-proxy\n            port:\n              number: 5432\n      \
         - path: /admin\n        pathType: Prefix\n        backend:\n          service:\n            name: admin\n            \
         port:\n              number: 80\n"
    );
    NginxRouter::new(&yaml(&text), &NginxOptions::default())
}

/// ingress-nginx `ssl-passthrough` (with `--enable-ssl-passthrough`; `pkg/tcpproxy/tcp.go`, `nginx.go
/// generateTemplate`): the TLS proxy on 443 compares the SNI with server names as strings and sends the raw
/// connection to the Service of the host's `/` location, before nginx sees any HTTP, so paths no longer matter
/// on 443; plain HTTP is routed as usual; a wildcard server never matches.
#[test]
fn ssl_passthrough_routes_tls_by_sni_to_the_root_location() {
    let on = "    nginx.ingress.kubernetes.io/ssl-passthrough: \"true\"\n";
    let r = nginx(on, "db.example.com");
    for path in ["/", "/admin/x"] {
        let d = r.decide(&tls("db.example.com", path));
        assert_eq!(backend(&d), "pg-proxy", "{path}\n{}", d.explain());
        assert_eq!(upstream(&d).1, path);
    }
    // The SNI decides, not the Host header.
    let d = r.decide(&req("https://other.example.com/admin", "GET", &[]).with_sni(Some("db.example.com")));
    assert_eq!(backend(&d), "pg-proxy");
    // Plain HTTP still goes through the locations.
    assert_eq!(
        backend(&r.decide(&req("http://db.example.com/admin/x", "GET", &[]))),
        "admin"
    );
    // Without the annotation, HTTPS is routed by path like HTTP.
    let off = nginx(
        "    nginx.ingress.kubernetes.io/ssl-passthrough: \"false\"\n",
        "db.example.com",
    );
    assert_eq!(backend(&off.decide(&tls("db.example.com", "/admin/x"))), "admin");
    // A wildcard host is never matched by the SNI comparison.
    let wild = nginx(on, "*.example.com");
    assert_eq!(backend(&wild.decide(&tls("a.example.com", "/admin/x"))), "admin");
}
