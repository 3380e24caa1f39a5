//! The winning rule applied to the request: the CORS filter, redirects, URL rewrites, request and response
//! header modifiers, mirrors, and the weighted backends (unresolved ones as 500 shares).

use std::collections::BTreeMap;

use gateshift_api::gateway::{
    HTTPHeaderFilter, HTTPPathModifier, HTTPPathModifierType, HTTPRequestRedirectFilter, HTTPRouteFilterType,
};

use super::table::{Entry, ListenerTable, PathMatch, Rule};
use crate::{
    decision::{self, Candidate, Decision, HeaderChanges, Mirror, Outcome, UpstreamRequest, WeightedBackend},
    path,
    request::Request,
};

/// The decision of the winning match `entry`: a CORS preflight answered by the gateway, or its redirect or
/// backends, with the CORS headers the filter adds.
pub(super) fn answer(
    entry: &Entry,
    req: &Request,
    listener: &ListenerTable,
    candidates: Vec<Candidate>,
) -> Decision {
    let (outcome, cors_headers) = match cors(&entry.rule, req) {
            Some(Cors::Preflight(headers)) => (
                Outcome::Response {
                    status: 204,
                    reason: "CORS preflight answered by the gateway (HTTPRoute CORS filter; implementations answer 200 or 204)".to_string(),
                },
                headers,
            ),
            Some(Cors::Simple(headers)) => {
                let outcome = apply(entry, req, listener);
                let headers = if matches!(outcome, Outcome::Response { .. }) {
                    BTreeMap::new()
                } else {
                    headers
                };
                (outcome, headers)
            }
            None => (apply(entry, req, listener), BTreeMap::new()),
        };
    Decision {
        outcome,
        matched: Some(entry.matched()),
        candidates,
        cors_headers,
    }
}

/// What the CORS filter of a rule does with a request.
enum Cors {
    /// `OPTIONS` with `Origin` and `Access-Control-Request-Method`: the gateway answers, with these headers
    /// (none when the origin is not allowed).
    Preflight(BTreeMap<String, String>),
    /// Another request from an allowed origin: proxied (or redirected) with these headers added.
    Simple(BTreeMap<String, String>),
}

/// Whether `origin` matches an `allowOrigins` entry: `*` matches any origin, a `*` in the host any
/// (non-empty) run of labels (`https://*.bar.com` matches `https://a.b.bar.com`), otherwise the same origin;
/// case-insensitive.
fn origin_allowed(pattern: &str, origin: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let lower = origin.to_ascii_lowercase();
    let pattern = pattern.to_ascii_lowercase();
    match pattern.split_once('*') {
        Some((prefix, suffix)) => {
            lower.len() > prefix.len() + suffix.len()
                && lower.starts_with(prefix)
                && lower.ends_with(suffix)
                && !lower[prefix.len()..lower.len() - suffix.len()].contains('/')
        }
        None => lower == pattern,
    }
}

/// The CORS filter of a valid rule applied to `req` (`HTTPCORSFilter`, conformance `HTTPRouteCORS`): `None` when
/// the rule has none, or the request is neither a preflight nor from an allowed origin.
fn cors(rule: &Rule, req: &Request) -> Option<Cors> {
    if rule.invalid.is_some() {
        return None;
    }
    let c = rule
        .filters
        .iter()
        .filter(|f| f.r#type == HTTPRouteFilterType::CORS)
        .find_map(|f| f.cors.as_ref())?;
    let origin = req.header("origin");
    let requested_method = req.header("access-control-request-method");
    let preflight = req.method == "OPTIONS" && origin.is_some() && requested_method.is_some();
    let allowed = origin.filter(|o| c.allow_origins.iter().any(|p| origin_allowed(p, o)));
    let credentials = c.allow_credentials == Some(true);
    let mut headers = BTreeMap::new();
    let Some(origin) = allowed else {
        return preflight.then_some(Cors::Preflight(headers));
    };
    headers.insert("access-control-allow-origin".to_string(), origin.to_string());
    if credentials {
        headers.insert("access-control-allow-credentials".to_string(), "true".to_string());
    }
    // Sent on preflights too (conformance `HTTPRouteCORS` expects it there for `/cors-1`).
    if !c.expose_headers.is_empty() {
        headers.insert(
            "access-control-expose-headers".to_string(),
            c.expose_headers.join(", "),
        );
    }
    if !preflight {
        return Some(Cors::Simple(headers));
    }
    // `*` with credentials cannot be sent literally: the requested method / headers are echoed.
    let wildcard_or = |list: Vec<String>, requested: Option<&str>| -> Option<String> {
        if list.iter().any(|v| v == "*") {
            if credentials {
                requested.map(str::to_string)
            } else {
                Some("*".to_string())
            }
        } else if list.is_empty() {
            None
        } else {
            Some(list.join(", "))
        }
    };
    let methods = c.allow_methods.iter().map(|m| m.as_str().to_string()).collect();
    if let Some(m) = wildcard_or(methods, requested_method) {
        headers.insert("access-control-allow-methods".to_string(), m);
    }
    if let Some(h) = wildcard_or(
        c.allow_headers.clone(),
        req.header("access-control-request-headers"),
    ) {
        headers.insert("access-control-allow-headers".to_string(), h);
    }
    headers.insert(
        "access-control-max-age".to_string(),
        c.max_age.unwrap_or(5).to_string(),
    );
    Some(Cors::Preflight(headers))
}

/// The outcome of the winning match: redirect, or backends after the request filters.
fn apply(entry: &Entry, req: &Request, listener: &ListenerTable) -> Outcome {
    let rule = &entry.rule;
    if let Some(why) = &rule.invalid {
        return Outcome::Response {
            status: 500,
            reason: format!("the rule has {why}"),
        };
    }
    let matched_prefix = match &entry.path {
        PathMatch::Prefix(p) => Some(p.as_str()),
        _ => None,
    };
    if let Some(r) = rule.filters.iter().find_map(|f| f.request_redirect.as_ref()) {
        return redirect(r, req, listener, matched_prefix);
    }
    let upstream = Upstream::filtered(rule, req, matched_prefix);
    backends(rule, upstream)
}

/// The `Location` of a RequestRedirect filter.
fn redirect(
    r: &HTTPRequestRedirectFilter,
    req: &Request,
    listener: &ListenerTable,
    matched_prefix: Option<&str>,
) -> Outcome {
    let original_path = req.path_only();
    let query = req.query().map(|q| format!("?{q}")).unwrap_or_default();
    let scheme = r
        .scheme
        .as_ref()
        .map_or(req.scheme.as_str(), |s| s.as_str())
        .to_ascii_lowercase();
    let host = r.hostname.clone().unwrap_or_else(|| req.host.clone());
    let port = match (r.port, &r.scheme) {
        (Some(p), _) => u16::try_from(p).unwrap_or(0),
        (None, Some(_)) => {
            if scheme == "https" {
                443
            } else {
                80
            }
        }
        (None, None) => listener.port,
    };
    let path = rewrite_path(r.path.as_ref(), original_path, matched_prefix);
    let port_part = if (scheme == "http" && port == 80) || (scheme == "https" && port == 443) {
        String::new()
    } else {
        format!(":{port}")
    };
    let status = r.status_code.and_then(|c| u16::try_from(c).ok()).unwrap_or(302);
    Outcome::Redirect {
        status,
        location: format!("{scheme}://{host}{port_part}{path}{query}"),
    }
}

/// The request as the backends get it, after the rule's filters (backend-level header filters apart).
struct Upstream {
    host: String,
    path: String,
    headers: Vec<(String, String)>,
    mirrors: Vec<Mirror>,
    response: Option<HeaderChanges>,
}

impl Upstream {
    /// `req` through the rule's RequestHeaderModifier, ResponseHeaderModifier, URLRewrite and RequestMirror
    /// filters, in order.
    fn filtered(rule: &Rule, req: &Request, matched_prefix: Option<&str>) -> Upstream {
        let original_path = req.path_only();
        let query = req.query().map(|q| format!("?{q}")).unwrap_or_default();
        let mut upstream_host = req.authority();
        let mut upstream_path = format!("{original_path}{query}");
        let mut headers = req.headers.clone();
        let mut mirrors = Vec::new();
        let mut response: Option<HeaderChanges> = None;
        for f in &rule.filters {
            if let Some(h) = &f.request_header_modifier
                && f.r#type == HTTPRouteFilterType::RequestHeaderModifier
            {
                modify_headers(&mut headers, h);
            }
            if let Some(h) = &f.response_header_modifier
                && f.r#type == HTTPRouteFilterType::ResponseHeaderModifier
            {
                let changes = response.get_or_insert_with(HeaderChanges::default);
                for s in &h.set {
                    changes.set.insert(s.name.to_ascii_lowercase(), s.value.clone());
                }
                for a in &h.add {
                    changes.add.insert(a.name.to_ascii_lowercase(), a.value.clone());
                }
                changes
                    .remove
                    .extend(h.remove.iter().map(|r| r.to_ascii_lowercase()));
            }
            if let Some(u) = &f.url_rewrite
                && f.r#type == HTTPRouteFilterType::URLRewrite
            {
                if let Some(h) = &u.hostname {
                    upstream_host = h.clone();
                }
                if u.path.is_some() {
                    upstream_path = format!(
                        "{}{query}",
                        rewrite_path(u.path.as_ref(), original_path, matched_prefix)
                    );
                }
            }
            if let Some(m) = &f.request_mirror
                && f.r#type == HTTPRouteFilterType::RequestMirror
            {
                let percent = match (&m.percent, &m.fraction) {
                    (Some(p), _) => f64::from(*p),
                    (None, Some(fr)) => {
                        f64::from(fr.numerator) * 100.0 / f64::from(fr.denominator.unwrap_or(100).max(1))
                    }
                    (None, None) => 100.0,
                };
                let r = &m.backend_ref;
                mirrors.push(Mirror {
                    namespace: r.namespace.clone().unwrap_or_else(|| rule.namespace.clone()),
                    name: r.name.clone(),
                    port: r.port,
                    percent,
                });
            }
        }
        Upstream {
            host: upstream_host,
            path: upstream_path,
            headers,
            mirrors,
            response,
        }
    }
}

/// The rule's backends for the filtered request: 500 when none can serve, else the weighted split, with
/// backend-level header modifiers folded in.
fn backends(rule: &Rule, upstream: Upstream) -> Outcome {
    let Upstream {
        host: upstream_host,
        path: upstream_path,
        headers,
        mirrors,
        response,
    } = upstream;
    if rule.backends.is_empty() {
        return Outcome::Response {
            status: 500,
            reason: "the rule has no backendRefs".to_string(),
        };
    }
    let total: u64 = rule.backends.iter().map(|b| u64::from(b.weight)).sum();
    if total == 0 {
        return Outcome::Response {
            status: 500,
            reason: "every backendRef has weight 0".to_string(),
        };
    }
    if rule.backends.iter().all(|b| b.weight == 0 || b.problem.is_some()) {
        let why: Vec<&str> = rule
            .backends
            .iter()
            .filter_map(|b| b.problem.as_deref())
            .collect();
        return Outcome::Response {
            status: 500,
            reason: format!("no valid backendRef: {}", why.join("; ")),
        };
    }
    // Backend-level header modifiers: folded into the upstream request when every served backend ends up
    // with the same headers (one backend, typically), else listed per backend.
    let per_backend: Vec<BTreeMap<String, String>> = rule
        .backends
        .iter()
        .map(|b| {
            let mut h = headers.clone();
            for f in &b.request_headers {
                modify_headers(&mut h, f);
            }
            decision::header_map(&h)
        })
        .collect();
    let served: Vec<&BTreeMap<String, String>> = rule
        .backends
        .iter()
        .zip(&per_backend)
        .filter(|(b, _)| b.weight > 0 && b.problem.is_none())
        .map(|(_, h)| h)
        .collect();
    let common = served
        .first()
        .filter(|first| served.iter().all(|h| h == *first))
        .map(|h| (*h).clone());
    let backends = rule
        .backends
        .iter()
        .zip(&per_backend)
        .map(|(b, h)| WeightedBackend {
            namespace: b.namespace.clone(),
            name: b.name.clone(),
            port: b.port,
            port_name: None,
            weight: b.weight,
            share: decision::share(b.weight, total),
            status: b.problem.as_ref().map(|_| 500),
            reason: b.problem.clone(),
            upstream_headers: (common.is_none() && !b.request_headers.is_empty()).then(|| h.clone()),
        })
        .collect();
    Outcome::Backend {
        backends,
        upstream_request: UpstreamRequest {
            host: upstream_host,
            path: upstream_path,
            headers: common.unwrap_or_else(|| decision::header_map(&headers)),
        },
        mirrors,
        response_headers: response,
    }
}

fn rewrite_path(m: Option<&HTTPPathModifier>, original: &str, matched_prefix: Option<&str>) -> String {
    let Some(m) = m else {
        return original.to_string();
    };
    match m.r#type {
        HTTPPathModifierType::ReplaceFullPath => {
            m.replace_full_path.clone().unwrap_or_else(|| "/".to_string())
        }
        HTTPPathModifierType::ReplacePrefixMatch => match matched_prefix {
            Some(prefix) => {
                path::replace_prefix(original, prefix, m.replace_prefix_match.as_deref().unwrap_or(""))
            }
            None => original.to_string(),
        },
        HTTPPathModifierType::Other(_) => original.to_string(),
    }
}

fn modify_headers(headers: &mut Vec<(String, String)>, f: &HTTPHeaderFilter) {
    for s in &f.set {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&s.name));
        headers.push((s.name.clone(), s.value.clone()));
    }
    for a in &f.add {
        headers.push((a.name.clone(), a.value.clone()));
    }
    for r in &f.remove {
        headers.retain(|(n, _)| !n.eq_ignore_ascii_case(r));
    }
}
