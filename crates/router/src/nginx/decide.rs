//! Deciding a request, by stage: ssl-passthrough by SNI, the from-to-www twin, the server by Host, app-root,
//! the location (exact, 301 to add a slash, longest prefix; or the first regex), then what the location does:
//! 301, denied (503), CORS preflight (204), permanent/temporal redirect, rewrite, HTTPS redirect, upstream.

use std::collections::BTreeMap;

use regex::Regex;

use super::{ACME, Location, NginxRouter, Server, Target, build::matched, needs_rewrite};
use crate::{
    decision::{self, Candidate, Decision, Outcome, UpstreamRequest},
    path,
    request::{Request, Scheme},
};

impl NginxRouter {
    fn server_for(&self, host: &str) -> &Server {
        let i = self
            .exact_hosts
            .get(host)
            .or_else(|| {
                host.split_once('.')
                    .and_then(|(_, suffix)| self.wildcard_hosts.get(suffix))
            })
            .or_else(|| self.exact_hosts.get("_"))
            .copied()
            .unwrap_or(0);
        &self.servers[i]
    }

    /// Where ingress-nginx sends `req`, and why.
    pub fn decide(&self, req: &Request) -> Decision {
        if let Some(d) = self.passthrough(req) {
            return d;
        }
        if let Some(d) = self.www_twin(req) {
            return d;
        }
        let server = self.server_for(&req.host);
        let uri = path::normalize(req.path_only());
        if let Some(d) = app_root(server, &uri, req) {
            return d;
        }
        self.location(server, &uri, req)
    }

    /// An https request whose SNI names a server with ssl-passthrough: its TLS goes unterminated to the Service.
    fn passthrough(&self, req: &Request) -> Option<Decision> {
        if req.scheme == Scheme::Https
            && let Some(&si) = self.exact_hosts.get(req.sni())
            && self.servers[si].name == req.sni() // server names only, not aliases
            && let Some((up, src)) = &self.servers[si].passthrough
        {
            // `pkg/tcpproxy`: the SNI picks the backend before nginx sees any HTTP; the backend gets the request
            // as the client sent it.
            return Some(Decision {
                outcome: Outcome::Backend {
                    backends: vec![self.backend(up, 1, 1, None)],
                    upstream_request: UpstreamRequest {
                        host: req.authority(),
                        path: req.path.clone(),
                        headers: decision::header_map(&req.headers),
                    },
                    mirrors: Vec::new(),
                    response_headers: None,
                },
                matched: Some(matched(
                    src,
                    &format!(
                        "server {}: ssl-passthrough, TLS for SNI {} goes unterminated to {}/{}",
                        self.servers[si].name,
                        req.sni(),
                        up.namespace,
                        up.service
                    ),
                )),
                candidates: Vec::new(),
                cors_headers: BTreeMap::new(),
            });
        }
        None
    }

    /// A request for the from-to-www twin of a host that has no server of its own: 308 to the host.
    fn www_twin(&self, req: &Request) -> Option<Decision> {
        if let Some((target, src)) = self.www_twins.get(&req.host)
            && !self.exact_hosts.contains_key(&req.host)
        {
            // `ngx_srv_redirect.lua`: port always present, one trailing `/` stripped.
            let mut location = format!("{}://{target}:{}{}", req.scheme.as_str(), req.port, req.path);
            if location.ends_with('/') {
                location.pop();
            }
            return Some(Decision {
                outcome: Outcome::Redirect {
                    status: 308,
                    location,
                },
                matched: Some(matched(
                    src,
                    &format!("server {}: from-to-www-redirect to {target}", req.host),
                )),
                candidates: Vec::new(),
                cors_headers: BTreeMap::new(),
            });
        }
        None
    }

    /// The location of `server` that takes `uri`, and what it does with `req`, with the other matching
    /// locations and why they lost.
    fn location(&self, server: &Server, uri: &str, req: &Request) -> Decision {
        let (chosen, slash_redirect, others) = select(server, uri);
        let loc = &server.locations[chosen];
        let candidates: Vec<Candidate> = others
            .into_iter()
            .map(|(i, lost)| Candidate {
                rule: server.matched[i].clone(),
                lost,
            })
            .collect();
        let matched = Some(server.matched[chosen].clone());
        let ann = &loc.ann;
        // `$cors` (the template's `CORS` block, in the location's rewrite phase: after nginx's own 301 that adds
        // a slash, which happens while the location is found, and not in a denied location).
        let cors = if slash_redirect || ann.denied.is_some() {
            None
        } else {
            ann.cors.as_ref().and_then(|c| c.headers_for(req))
        };
        let outcome = self.location_outcome(server, chosen, slash_redirect, uri, req);
        // Every branch ends in exactly one outcome. `more_set_headers` without `-s` adds the CORS headers to 2xx
        // and 301/302/307/308 answers only (headers-more's default statuses).
        let with_cors = match &outcome {
            Outcome::Backend { .. } => true,
            Outcome::Redirect { status, .. } => matches!(status, 301 | 302 | 307 | 308),
            Outcome::Response { status, .. } => (200..300).contains(status),
        };
        Decision {
            outcome,
            matched,
            candidates,
            cors_headers: cors.filter(|_| with_cors).unwrap_or_default(),
        }
    }

    /// What location `loc` answers, in nginx's order: the 301 that adds a slash, a denied location's 503, the
    /// CORS preflight, the annotation redirects, then the proxied request.
    fn location_outcome(
        &self,
        server: &Server,
        chosen: usize,
        slash_redirect: bool,
        uri: &str,
        req: &Request,
    ) -> Outcome {
        let loc = &server.locations[chosen];
        let ann = &loc.ann;
        if slash_redirect {
            let query = req.query().map(|q| format!("?{q}")).unwrap_or_default();
            return Outcome::Redirect {
                status: 301,
                location: format!(
                    "{}://{}{}/{}",
                    req.scheme.as_str(),
                    req.host,
                    req.path_only(),
                    query
                ),
            };
        }
        // A denied location is rendered as `return 503;` alone: nothing else of it (redirects, rewrite, the
        // Lua HTTPS redirect, which runs after the rewrite module's `return`) happens.
        if let Some(why) = &ann.denied {
            return Outcome::Response {
                status: 503,
                reason: format!("location denied: {why}"),
            };
        }
        // `if ($cors = "trueoptions") { ... return 204; }`: before the redirects, the rewrite and the HTTPS
        // redirect (Lua, in the rewrite phase after it).
        if req.method == "OPTIONS"
            && let Some(c) = &ann.cors
            && c.headers_for(req).is_some()
        {
            let which = if c.origins.is_none() {
                "enable-cors with origin *: ingress-nginx answers every OPTIONS request itself"
            } else {
                "enable-cors: ingress-nginx answers an OPTIONS request from an allowed Origin itself"
            };
            return Outcome::Response {
                status: 204,
                reason: format!("CORS preflight ({which})"),
            };
        }
        if let Some((url, code)) = ann.temporal_redirect.as_ref().or(ann.permanent_redirect.as_ref()) {
            return Outcome::Redirect {
                status: *code,
                location: url.clone(),
            };
        }
        self.proxy(server, chosen, uri, req)
    }

    /// The rewrite, the HTTPS redirect, then the upstream (the default backend's 404, 503 for a Service not in
    /// the input, or the Service with its canary).
    fn proxy(&self, server: &Server, chosen: usize, uri: &str, req: &Request) -> Outcome {
        let loc = &server.locations[chosen];
        let ann = &loc.ann;
        let query = || req.query().map(|q| format!("?{q}")).unwrap_or_default();
        let rewritten = if server.regex_mode && needs_rewrite(loc) {
            ann.rewrite_target.as_ref().map(|t| {
                // A poisoned lock only means another thread panicked mid-rewrite; the cache is still sound.
                let mut cache = server
                    .rewrite
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if cache.as_ref().is_none_or(|(i, _)| *i != chosen) {
                    *cache = Some((chosen, Regex::new(&format!("(?i){}", loc.path)).ok()));
                }
                let re = cache.as_ref().and_then(|(_, re)| re.as_ref());
                rewrite(re, t, uri, &query())
            })
        } else {
            None
        };
        if let Some(redirect) = self.https_redirect(loc, req) {
            return redirect;
        }
        let up = match &loc.target {
            Target::Default => {
                return Outcome::Response {
                    status: 404,
                    reason: format!("server {}: the default backend answers 404", server.name),
                };
            }
            Target::Service(up) => up,
        };
        if let Some(reason) = self.unresolvable(up) {
            return Outcome::Response { status: 503, reason };
        }
        let mut headers = req.headers.clone();
        if rewritten.is_some()
            && let Some(p) = &ann.x_forwarded_prefix
        {
            headers.push(("X-Forwarded-Prefix".into(), p.clone()));
        }
        let upstream_request = UpstreamRequest {
            host: ann.upstream_vhost.clone().unwrap_or_else(|| req.authority()),
            path: rewritten.unwrap_or_else(|| req.path.clone()),
            headers: decision::header_map(&headers),
        };
        let backends = self.backends(up, req);
        Outcome::Backend {
            backends,
            upstream_request,
            mirrors: Vec::new(),
            response_headers: None,
        }
    }

    /// Why ingress-nginx finds no endpoints for `up` (and answers 503), judged the same whatever else the input
    /// holds: with Services in the input, one that is missing; a port the Service does not have
    /// (`controller.go serviceEndpoints`: a number among the ports, or a name among their names; an ExternalName
    /// Service takes any number as given). With no Services at all, references are taken to exist.
    fn unresolvable(&self, up: &super::Upstream) -> Option<String> {
        if self.services.is_empty() {
            return None;
        }
        let Some(service) = self.service(up) else {
            return Some(format!(
                "Service {}/{} is not in the input (no endpoints)",
                up.namespace, up.service
            ));
        };
        let ports = &service.spec.ports;
        let found = match up.port.parse::<i32>() {
            Ok(n) => {
                service.spec.type_.as_deref() == Some("ExternalName") || ports.iter().any(|p| p.port == n)
            }
            Err(_) => ports.iter().any(|p| p.name.as_deref() == Some(up.port.as_str())),
        };
        (!found).then(|| {
            format!(
                "Service {}/{} has no port {} (no endpoints)",
                up.namespace, up.service, up.port
            )
        })
    }

    /// The 308 to https of a plain-http request (force-ssl-redirect, or ssl-redirect where the host has a
    /// certificate), never for ACME challenges.
    fn https_redirect(&self, loc: &Location, req: &Request) -> Option<Outcome> {
        let ann = &loc.ann;
        if req.scheme == Scheme::Http && !loc.path.starts_with(ACME) {
            let has_tls = || {
                self.tls_hosts.contains(&req.host)
                    || req
                        .host
                        .split_once('.')
                        .is_some_and(|(_, parent)| self.tls_wildcard_parents.contains(parent))
            };
            if ann.force_ssl_redirect || (ann.ssl_redirect && has_tls()) {
                let mut location = format!("https://{}{}", req.host, req.path);
                if !ann.preserve_trailing_slash && location.ends_with('/') {
                    location.pop();
                }
                return Some(Outcome::Redirect {
                    status: 308,
                    location,
                });
            }
        }
        None
    }
}

/// app-root: `/` on a server with it redirects there (302).
fn app_root(server: &Server, uri: &str, req: &Request) -> Option<Decision> {
    if let Some((root, src)) = &server.app_root
        && uri == "/"
    {
        return Some(Decision {
            outcome: Outcome::Redirect {
                status: 302,
                location: format!("{}://{}{root}", req.scheme.as_str(), req.authority()),
            },
            matched: Some(matched(src, &format!("server {}: app-root {root}", server.name))),
            candidates: Vec::new(),
            cors_headers: BTreeMap::new(),
        });
    }
    None
}

/// Location selection: (chosen, whether nginx answers 301 to add a slash, other matching locations with why
/// they lost).
fn select(s: &Server, uri: &str) -> (usize, bool, Vec<(usize, String)>) {
    if s.regex_mode {
        let mut chosen = None;
        let mut others = Vec::new();
        // Only the regexes the index says can match, in location order: the same first match and the same
        // losers as trying every regex (`regex_prefix`'s property test), without the scan of every location.
        let candidates: Box<dyn Iterator<Item = usize>> = match s.regex_index.candidates(uri) {
            Some(ids) => Box::new(ids.into_iter().map(|i| i as usize)),
            None => Box::new(0..s.regexes.len()),
        };
        for i in candidates {
            let re = &s.regexes[i];
            if re.as_ref().is_some_and(|re| re.is_match(uri)) {
                match chosen {
                    None => chosen = Some(i),
                    Some(c) => others.push((
                        i,
                        format!(
                            "regex mode on this host: locations are tried longest first and {:?} matched before",
                            s.locations[c].path
                        ),
                    )),
                }
            }
        }
        return (chosen.unwrap_or(0), false, others);
    }
    // Prefix locations all end with `/` (except none): the candidates are the URI prefixes ending at a `/`.
    let mut prefixes: Vec<usize> = uri
        .match_indices('/')
        .filter_map(|(i, _)| s.prefix.get(&uri[..=i]).copied())
        .collect();
    prefixes.reverse(); // longest first
    if let Some(&e) = s.exact.get(uri) {
        let others = prefixes
            .into_iter()
            .map(|i| (i, "an exact location (=) is chosen before any prefix".to_string()))
            .collect();
        return (e, false, others);
    }
    // nginx's 301 comes from `proxy_pass` in a location whose prefix ends with `/`; a denied location has no
    // `proxy_pass` (only `return 503`), so the bare path falls to the next prefix instead (derived).
    if !uri.ends_with('/')
        && let Some(&p) = s.prefix.get(&format!("{uri}/"))
        && s.locations[p].ann.denied.is_none()
    {
        let others = prefixes
            .into_iter()
            .map(|i| {
                (
                    i,
                    format!("nginx redirects {uri} to {uri}/ first (a prefix location ends with /)"),
                )
            })
            .collect();
        return (p, true, others);
    }
    let Some((&first, rest)) = prefixes.split_first() else {
        return (0, false, Vec::new());
    };
    let others = rest
        .iter()
        .map(|&i| (i, format!("shorter prefix than {:?}", s.locations[first].path)))
        .collect();
    (first, false, others)
}

/// `rewrite "(?i)<path>" <target> break;` with `$n` captures (`re`: that regex, `None` when it does not
/// compile); the original query is appended.
fn rewrite(re: Option<&Regex>, target: &str, uri: &str, query: &str) -> String {
    let caps = re.and_then(|re| {
        re.captures(uri).map(|c| {
            c.iter()
                .map(|m| m.map_or(String::new(), |m| m.as_str().to_string()))
                .collect::<Vec<_>>()
        })
    });
    let caps = caps.unwrap_or_default();
    let mut out = String::new();
    let mut chars = target.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$'
            && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
        {
            chars.next();
            out.push_str(caps.get(d as usize).map_or("", String::as_str));
            continue;
        }
        out.push(c);
    }
    format!("{out}{query}")
}
