//! Probe requests: the requests that can tell two routing configurations apart, derived from the objects of
//! both sides (Ingresses and their canary annotations; Gateways, HTTPRoutes and GRPCRoutes).

use std::collections::BTreeSet;

use gateshift_api::{GatewayObject, Object, Route, Sourced, gateway::HTTPRoute, networking::Ingress};
use gateshift_router::Request;

const NGINX: &str = "nginx.ingress.kubernetes.io/";
/// A host no rule names: where catch-all rules and default backends show.
const UNKNOWN_HOST: &str = "unknown.gateshift.invalid";
/// An origin no CORS configuration allows.
const DISALLOWED_ORIGIN: &str = "https://disallowed.gateshift.invalid";
/// Characters that start the regex part of a path (`use-regex`, `rewrite-target`, RegularExpression).
const REGEX_META: &[char] = &['(', '[', '{', '*', '+', '?', '|', '^', '$', '\\'];

/// One probe before it becomes a [`Request`]: host, path (with query), method, headers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Probe {
    host: String,
    path: String,
    method: String,
    headers: Vec<String>,
}

/// Hosts with a certificate on either side: https probes make sense only for them. Without one,
/// ingress-nginx answered with its self-signed default certificate, which clients reject, and a Gateway has no
/// HTTPS listener; neither serves the request.
#[derive(Default)]
struct Certificates {
    /// Host names and `*.parent` patterns.
    hosts: BTreeSet<String>,
    /// A hostless HTTPS listener covers every host.
    all: bool,
}

impl Certificates {
    fn covers(&self, host: &str) -> bool {
        self.all
            || self.hosts.contains(host)
            || host
                .split_once('.')
                .is_some_and(|(_, parent)| self.hosts.contains(&format!("*.{parent}")))
    }
}

/// The probes for two sides (or one), deduplicated and in a stable order: each over http, and over https
/// where some side has a certificate for the host.
pub fn probes(sides: &[&[&Sourced]]) -> Vec<Request> {
    let mut set: BTreeSet<Probe> = BTreeSet::new();
    let mut hosts: BTreeSet<String> = BTreeSet::from([UNKNOWN_HOST.to_string()]);
    let mut certificates = Certificates::default();
    for objects in sides {
        for o in objects.iter().map(|s| &s.object) {
            match o {
                Object::Ingress(ing) => {
                    // A rule host listed (or covered by a one-label wildcard) in a tls entry with a Secret has a
                    // real certificate; other hosts of the Ingress get ingress-nginx's self-signed default one,
                    // which clients reject.
                    for h in ing.spec.rules.iter().filter_map(|r| r.host.as_deref()) {
                        let listed = ing.spec.tls.iter().any(|t| {
                            t.secret_name.as_deref().is_some_and(|s| !s.is_empty())
                                && t.hosts.iter().any(|p| p == h || one_label_wildcard(p, h))
                        });
                        if listed {
                            certificates.hosts.insert(h.to_string());
                        }
                    }
                    // ssl-passthrough: the backend answers the TLS handshake with its own certificate.
                    let passthrough = ing
                        .metadata
                        .annotations
                        .get("nginx.ingress.kubernetes.io/ssl-passthrough")
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
                    if passthrough {
                        for h in ing.spec.rules.iter().filter_map(|r| r.host.as_deref()) {
                            certificates.hosts.insert(h.to_string());
                        }
                    }
                    from_ingress(ing, &mut hosts, &mut set)
                }
                Object::Gateway(g) => {
                    // HTTPS listeners terminate TLS with their certificate; TLS listeners hand the connection to a
                    // backend that does.
                    for (_, hostname) in listeners(g).filter(|(p, _)| matches!(*p, "HTTPS" | "TLS")) {
                        match hostname {
                            Some(h) => {
                                certificates.hosts.insert(h.to_string());
                            }
                            None => certificates.all = true,
                        }
                    }
                    from_gateway_api(g, &mut hosts, &mut set)
                }
                _ => {}
            }
        }
    }
    // Every host also gets the root, a path no rule names, and the ACME challenge path.
    for h in &hosts {
        for path in ["/", "/gateshift-probe", "/.well-known/acme-challenge/probe"] {
            set.insert(get(h, path));
        }
    }
    let mut out = Vec::with_capacity(set.len() * 2);
    for p in set {
        let schemes: &[&str] = if certificates.covers(&p.host) {
            &["http", "https"]
        } else {
            &["http"]
        };
        for scheme in schemes {
            let url = format!("{scheme}://{}{}", p.host, p.path);
            if let Ok(r) = Request::new(&url, &p.method, &p.headers) {
                out.push(r);
            }
        }
    }
    out
}

/// `*.example.com` covers `a.example.com` (one label, as ingress-nginx's server names do).
fn one_label_wildcard(pattern: &str, host: &str) -> bool {
    gateshift_nginx_annotations::hosts::wildcard_covers(pattern, host)
}

fn get(host: &str, path: &str) -> Probe {
    Probe {
        host: host.to_string(),
        path: path.to_string(),
        method: "GET".into(),
        headers: Vec::new(),
    }
}

/// An origin a CORS origin list allows: its first entry with `*` filled in (`*` alone: any origin will do).
fn allowed_origin<'a>(origins: impl IntoIterator<Item = &'a str>) -> String {
    match origins.into_iter().map(str::trim).find(|o| !o.is_empty()) {
        None | Some("*") => "https://origin.gateshift.invalid".to_string(),
        Some(o) => o.replacen('*', "probe", 1),
    }
}

/// The four CORS probes of a path: a preflight from an allowed origin, one from an origin nobody allows, an
/// `OPTIONS` that is no preflight (no Origin), and a `GET` from the allowed origin.
fn cors_probes(host: &str, path: &str, origin: &str, set: &mut BTreeSet<Probe>) {
    let acrm = "Access-Control-Request-Method: GET".to_string();
    for (method, headers) in [
        ("OPTIONS", vec![format!("Origin: {origin}"), acrm.clone()]),
        ("OPTIONS", vec![format!("Origin: {DISALLOWED_ORIGIN}"), acrm]),
        ("OPTIONS", Vec::new()),
        ("GET", vec![format!("Origin: {origin}")]),
    ] {
        set.insert(Probe {
            host: host.to_string(),
            path: path.to_string(),
            method: method.to_string(),
            headers,
        });
    }
}

/// The literal part of a path value (up to any regex), the path CORS probes use.
fn literal_path(path: &str) -> String {
    path_variants(path).swap_remove(0)
}

/// The hosts a host pattern stands for: itself, or for `*.x` one and two labels in place of `*`.
fn host_instances(pattern: Option<&str>) -> Vec<String> {
    match pattern.filter(|h| !h.is_empty()) {
        None => vec![UNKNOWN_HOST.to_string()],
        Some(h) => match h.strip_prefix("*.") {
            Some(suffix) => vec![format!("wild.{suffix}"), format!("deep.wild.{suffix}")],
            None => vec![h.to_ascii_lowercase()],
        },
    }
}

/// The paths around a path value's boundaries: the literal part (up to any regex), with and without the
/// trailing slash, one segment deeper, a sibling sharing the string prefix, upper case, and with a query.
fn path_variants(path: &str) -> Vec<String> {
    let literal = match path.find(REGEX_META) {
        Some(i) => &path[..i],
        None => path,
    };
    let literal = if literal.starts_with('/') { literal } else { "/" };
    let bare = literal.trim_end_matches('/');
    let mut out = vec![literal.to_string(), format!("{literal}?probe=1")];
    if !bare.is_empty() {
        out.push(bare.to_string());
        out.push(format!("{bare}/"));
        out.push(format!("{bare}x"));
        out.push(bare.to_ascii_uppercase());
    }
    out.push(format!("{bare}/deeper"));
    if literal.len() != path.len() {
        // A regex: something matching the usual capture shapes as well.
        out.push(format!("{bare}/123/x"));
    }
    out
}

fn from_ingress(ing: &Ingress, hosts: &mut BTreeSet<String>, set: &mut BTreeSet<Probe>) {
    let annotation = |name: &str| {
        ing.metadata
            .annotations
            .get(&format!("{NGINX}{name}"))
            .map(String::as_str)
    };
    // Canary conditions: the header and cookie values that decide, and one that does not.
    let mut variants: Vec<Vec<String>> = vec![Vec::new()];
    if let Some(h) = annotation("canary-by-header") {
        for v in ["always", "never", "other"]
            .into_iter()
            .chain(annotation("canary-by-header-value"))
        {
            variants.push(vec![format!("{h}: {v}")]);
        }
    }
    if let Some(c) = annotation("canary-by-cookie") {
        for v in ["always", "never"] {
            variants.push(vec![format!("Cookie: {c}={v}")]);
        }
    }
    let cors_origin = annotation("enable-cors")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        .then(|| allowed_origin(annotation("cors-allow-origin").unwrap_or("*").split(',')));
    for rule in &ing.spec.rules {
        let instances = host_instances(rule.host.as_deref());
        let paths: Vec<String> = rule
            .http
            .iter()
            .flat_map(|h| h.paths.iter())
            .map(|p| {
                p.path
                    .clone()
                    .filter(|p| !p.is_empty())
                    .unwrap_or_else(|| "/".into())
            })
            .collect();
        for host in instances {
            hosts.insert(host.clone());
            if let Some(origin) = &cors_origin {
                for p in &paths {
                    cors_probes(&host, &literal_path(p), origin, set);
                }
            }
            for path in paths.iter().flat_map(|p| path_variants(p)) {
                for headers in &variants {
                    set.insert(Probe {
                        host: host.clone(),
                        path: path.clone(),
                        method: "GET".into(),
                        headers: headers.clone(),
                    });
                }
            }
        }
    }
}

/// `(protocol, hostname)` of each listener of a Gateway or ListenerSet; none for other kinds.
fn listeners(o: &GatewayObject) -> Box<dyn Iterator<Item = (&str, Option<&str>)> + '_> {
    match o {
        GatewayObject::Gateway(gw) => Box::new(
            gw.spec
                .listeners
                .iter()
                .map(|l| (l.protocol.as_str(), l.hostname.as_deref())),
        ),
        GatewayObject::ListenerSet(set) => Box::new(
            set.spec
                .listeners
                .iter()
                .map(|l| (l.protocol.as_str(), l.hostname.as_deref())),
        ),
        _ => Box::new(std::iter::empty()),
    }
}

fn from_gateway_api(o: &GatewayObject, hosts: &mut BTreeSet<String>, set: &mut BTreeSet<Probe>) {
    for (_, hostname) in listeners(o) {
        hosts.extend(host_instances(hostname));
    }
    let Some(route) = o.as_route() else {
        return;
    };
    // A route without hostnames takes every host: the unknown one stands for them.
    let instances: Vec<String> = if route.hostnames().is_empty() {
        host_instances(None)
    } else {
        route
            .hostnames()
            .iter()
            .flat_map(|h| host_instances(Some(h)))
            .collect()
    };
    hosts.extend(instances.iter().cloned());
    // HTTPRoutes also get their paths at their boundaries, their conditions met and not, and CORS.
    if let Route::HTTP(r) = route {
        from_http_route(r, &instances, set);
    }
}

/// The probes of an HTTPRoute on each of its host instances: every match's path at its boundaries, with its
/// conditions met (when they are exact) and without any, and the CORS probes of rules with a CORS filter.
fn from_http_route(r: &HTTPRoute, instances: &[String], set: &mut BTreeSet<Probe>) {
    for host in instances {
        for rule in &r.spec.rules {
            let cors_origin = rule
                .filters
                .iter()
                .find_map(|f| f.cors.as_ref())
                .map(|c| allowed_origin(c.allow_origins.iter().map(String::as_str)));
            if let Some(origin) = &cors_origin
                && rule.matches.is_empty()
            {
                cors_probes(host, "/", origin, set);
            }
            for m in &rule.matches {
                let value = m.path.as_ref().and_then(|p| p.value.as_deref()).unwrap_or("/");
                if let Some(origin) = &cors_origin {
                    cors_probes(host, &literal_path(value), origin, set);
                }
                let method = m
                    .method
                    .as_ref()
                    .map_or("GET".to_string(), |m| m.as_str().to_string());
                // The conditions met (when they are exact), and each one missing.
                let met: Vec<String> = m
                    .headers
                    .iter()
                    .filter_map(|h| {
                        met_exactly(h.r#type.as_ref().map(|t| t.as_str()), &h.name, ": ", &h.value)
                    })
                    .collect();
                let query: Vec<String> = m
                    .query_params
                    .iter()
                    .filter_map(|q| {
                        met_exactly(q.r#type.as_ref().map(|t| t.as_str()), &q.name, "=", &q.value)
                    })
                    .collect();
                for path in path_variants(value) {
                    let with_query = if query.is_empty() || path.contains('?') {
                        path.clone()
                    } else {
                        format!("{path}?{}", query.join("&"))
                    };
                    for (p, headers, method) in [
                        (with_query, met.clone(), method.clone()),
                        (path.clone(), Vec::new(), "GET".to_string()),
                    ] {
                        set.insert(Probe {
                            host: host.clone(),
                            path: p,
                            method,
                            headers,
                        });
                    }
                }
            }
        }
    }
}

/// A header or query parameter condition as a probe meets it, `name`, `separator`, `value`, when it can: an
/// `Exact` match (the default type); none for a regular expression.
fn met_exactly(match_type: Option<&str>, name: &str, separator: &str, value: &str) -> Option<String> {
    match_type
        .is_none_or(|t| t == "Exact")
        .then(|| format!("{name}{separator}{value}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_boundaries() {
        let v = path_variants("/api/");
        for expected in ["/api/", "/api", "/apix", "/API", "/api/deeper", "/api/?probe=1"] {
            assert!(v.iter().any(|p| p == expected), "{expected} in {v:?}");
        }
        let r = path_variants("/v1(/|$)(.*)");
        assert!(r.contains(&"/v1/123/x".to_string()), "{r:?}");
        assert!(r.contains(&"/v1".to_string()), "{r:?}");
    }

    #[test]
    fn wildcards_get_one_and_two_label_instances() {
        assert_eq!(
            host_instances(Some("*.example.com")),
            ["wild.example.com", "deep.wild.example.com"]
        );
        assert_eq!(host_instances(None), [UNKNOWN_HOST]);
    }
}
