//! The compiled Gateway: listeners indexed by port, scheme and hostname; per listener and route kind the
//! hostname groups; per group the matches indexed by path; and the lookups through them, in the
//! specification's precedence.

use std::{
    cmp::{Ordering, Reverse},
    collections::HashMap,
    sync::Arc,
};

use gateshift_api::gateway::{HTTPHeaderFilter, HTTPRouteFilter};
use gateshift_check::RuleBinding;
use regex::Regex;

use crate::{
    hostname, path,
    regex_prefix::PrefixIndex,
    request::{Request, Scheme},
};

/// A compiled Gateway: answers [`GatewayRouter::decide`] without scanning every rule.
#[derive(Debug)]
pub struct GatewayRouter {
    pub(super) namespace: String,
    pub(super) name: String,
    /// The listeners that carry traffic (accepted, HTTP or HTTPS), in the binding's order.
    pub(super) listeners: Vec<ListenerTable>,
    /// Which of `listeners` takes a request, by port and scheme, then hostname: a 10k-Ingress conversion has
    /// thousands of listeners, and `verify` asks for one per probe.
    pub(super) listener_index: HashMap<(u16, Scheme), ListenerIndex>,
    /// The HTTP and HTTPS listeners that do not (conflicted or otherwise not accepted), to explain a 404.
    pub(super) refused: Vec<RefusedListener>,
    pub(super) entries: Vec<Entry>,
}

/// The listeners of one port and scheme by hostname. Of equally specific listeners the last in binding order is
/// kept, as a scan for the most specific one would find.
#[derive(Debug, Default)]
pub(super) struct ListenerIndex {
    pub(super) exact: HashMap<String, usize>,
    /// Keyed by the suffix after `*.`.
    pub(super) wildcard: HashMap<String, usize>,
    pub(super) any: Option<usize>,
}

impl ListenerIndex {
    pub(super) fn build(listeners: &[ListenerTable]) -> HashMap<(u16, Scheme), ListenerIndex> {
        let mut index: HashMap<(u16, Scheme), ListenerIndex> = HashMap::new();
        for (i, l) in listeners.iter().enumerate() {
            let at = index.entry((l.port, l.scheme)).or_default();
            match l.hostname.as_deref() {
                None => at.any = Some(i),
                Some(h) => match h.strip_prefix("*.") {
                    Some(suffix) => {
                        at.wildcard.insert(suffix.to_string(), i);
                    }
                    None => {
                        at.exact.insert(h.to_string(), i);
                    }
                },
            }
        }
        index
    }

    /// The most specific listener for `host` (lower case): its exact name, else the longest wildcard, else the
    /// one without a hostname.
    pub(super) fn find(&self, host: &str) -> Option<usize> {
        self.exact
            .get(host)
            .or_else(|| {
                // A wildcard label matches one or more labels, never an empty one (`.b.c` is not under `*.b.c`).
                host.match_indices('.')
                    .filter(|&(i, _)| i > 0)
                    .find_map(|(i, _)| self.wildcard.get(&host[i + 1..]))
            })
            .or(self.any.as_ref())
            .copied()
    }
}

/// An HTTP or HTTPS listener the binding did not accept: it exists in the manifests, not in the data plane.
#[derive(Debug)]
pub(super) struct RefusedListener {
    pub(super) name: String,
    pub(super) hostname: Option<String>,
    pub(super) port: u16,
    pub(super) scheme: Scheme,
    /// `Reason: message` of its `Accepted=False`.
    pub(super) why: String,
}

#[derive(Debug)]
pub(super) struct ListenerTable {
    pub(super) name: String,
    /// A TLS listener: its routes are TLSRoutes, chosen by SNI (indexed with the HTTPS listeners, which share
    /// the port and the handshake).
    pub(super) tls: bool,
    pub(super) hostname: Option<String>,
    pub(super) port: u16,
    pub(super) scheme: Scheme,
    /// HTTPRoutes.
    pub(super) http: HostTable,
    /// GRPCRoutes, never merged with HTTPRoutes.
    pub(super) grpc: HostTable,
}

/// The hostname groups of one listener for one route kind.
#[derive(Debug, Default)]
pub(super) struct HostTable {
    pub(super) exact: HashMap<String, Group>,
    /// Keyed by the suffix after `*.`.
    pub(super) wildcard: HashMap<String, Group>,
    pub(super) any: Group,
}

/// The matches of the routes that serve one hostname on one listener, indexed by path.
#[derive(Debug, Default)]
pub(super) struct Group {
    pub(super) exact: HashMap<String, Vec<u32>>,
    pub(super) prefix: HashMap<String, Vec<u32>>,
    pub(super) regex: Vec<u32>,
    /// `regex` by the literal text each regex starts with: a request is tried against the regexes that can
    /// match its path, not every regex of the hostname.
    pub(super) regex_index: PrefixIndex,
}

/// One rule of an HTTPRoute, GRPCRoute or TLSRoute, resolved.
#[derive(Debug)]
pub(super) struct Rule {
    pub(super) kind: &'static str,
    pub(super) namespace: String,
    pub(super) name: String,
    pub(super) created: String,
    pub(super) index: usize,
    pub(super) filters: Vec<HTTPRouteFilter>,
    pub(super) backends: Vec<Backend>,
    /// Set when the whole rule answers 500 (an ExtensionRef or an unknown filter).
    pub(super) invalid: Option<String>,
}

impl Rule {
    /// Rule `index` of the route `kind` with `metadata`, before its filters and backends are set.
    pub(super) fn of(kind: &'static str, metadata: &gateshift_api::meta::ObjectMeta, index: usize) -> Rule {
        Rule {
            kind,
            namespace: metadata.namespace_or_default().to_string(),
            name: metadata.name.clone(),
            created: metadata.creation_timestamp.clone().unwrap_or_default(),
            index,
            filters: Vec::new(),
            backends: Vec::new(),
            invalid: None,
        }
    }
}

#[derive(Debug)]
pub(super) struct Backend {
    pub(super) namespace: String,
    pub(super) name: String,
    pub(super) port: Option<i32>,
    pub(super) weight: u32,
    pub(super) problem: Option<String>,
    /// The backendRef's own RequestHeaderModifier filters, applied after the rule's.
    pub(super) request_headers: Vec<HTTPHeaderFilter>,
}

impl Backend {
    /// The backendRef `k` of a rule of a route in namespace `ns`, with the request headers its own filters
    /// set; its problem (why it cannot serve: a 500 share) is the binding's `ResolvedRefs` for it.
    pub(super) fn of(
        ns: &str,
        b: &gateshift_api::gateway::BackendRef,
        k: usize,
        rule: Option<&RuleBinding>,
        request_headers: Vec<HTTPHeaderFilter>,
    ) -> Backend {
        let o = &b.backend_object_reference;
        Backend {
            namespace: o.namespace.clone().unwrap_or_else(|| ns.to_string()),
            name: o.name.clone(),
            port: o.port,
            weight: u32::try_from(b.weight.unwrap_or(1)).unwrap_or(0),
            problem: rule
                .and_then(|r| r.backend_refs.get(k))
                .and_then(Option::as_ref)
                .map(ToString::to_string),
            request_headers,
        }
    }
}

#[derive(Debug)]
pub(super) enum PathMatch {
    Exact(String),
    Prefix(String),
    Regex(Regex, String),
}

#[derive(Debug)]
pub(super) enum ValueMatch {
    Exact(String),
    Regex(Regex, String),
}

impl ValueMatch {
    pub(super) fn matches(&self, v: &str) -> bool {
        match self {
            ValueMatch::Exact(e) => e == v,
            ValueMatch::Regex(r, _) => r.is_match(v),
        }
    }

    pub(super) fn describe(&self) -> String {
        match self {
            ValueMatch::Exact(e) => format!("={e}"),
            ValueMatch::Regex(_, s) => format!("~{s}"),
        }
    }
}

#[derive(Debug)]
pub(super) struct Entry {
    pub(super) rule: Arc<Rule>,
    /// Index in `matches`; `None` when the rule has no matches (PathPrefix `/`).
    pub(super) match_index: Option<usize>,
    pub(super) path: PathMatch,
    pub(super) method: Option<String>,
    pub(super) headers: Vec<(String, ValueMatch)>,
    pub(super) query: Vec<(String, ValueMatch)>,
    /// For a GRPCRoute match: the characters of its service and method (its precedence), and its words.
    pub(super) grpc: Option<(usize, usize, String)>,
}

impl Entry {
    pub(super) fn path_rank(&self) -> (u8, usize, usize) {
        if let Some((service, method, _)) = &self.grpc {
            return (0, *service, *method);
        }
        match &self.path {
            PathMatch::Exact(p) => (2, p.len(), 0),
            PathMatch::Regex(_, p) => (1, p.len(), 0),
            PathMatch::Prefix(p) => (0, p.len(), 0),
        }
    }

    /// Why the method, headers or query do not match, or `None` when they all do.
    pub(super) fn mismatch(&self, req: &Request) -> Option<String> {
        if let Some(m) = &self.method
            && *m != req.method
        {
            return Some(format!("method {} is not {m}", req.method));
        }
        for (n, v) in &self.headers {
            match req.header(n) {
                None => return Some(format!("header {n} is missing")),
                Some(got) if !v.matches(got) => {
                    return Some(format!("header {n}: {got:?} does not match {}", v.describe()));
                }
                _ => {}
            }
        }
        for (n, v) in &self.query {
            match req.query_param(n) {
                None => return Some(format!("query parameter {n} is missing")),
                Some(got) if !v.matches(got) => {
                    return Some(format!(
                        "query parameter {n}: {got:?} does not match {}",
                        v.describe()
                    ));
                }
                _ => {}
            }
        }
        None
    }

    pub(super) fn path_matches(&self, path: &str) -> bool {
        match &self.path {
            PathMatch::Exact(p) => p == path,
            PathMatch::Prefix(p) => path::prefix_matches(p, path),
            PathMatch::Regex(r, _) => r.is_match(path),
        }
    }
}

/// Host specificity of a group: (characters of a matching precise hostname, characters of the hostname).
pub(super) type HostRank = (usize, usize);

impl GatewayRouter {
    /// The matches of `table` that serve `host` and whose path matches `path`, in precedence order, each once
    /// (at its most specific hostname), with the specificity of the hostname group it was found through.
    pub(super) fn lookup(&self, table: &HostTable, host: &str, path: &str) -> Vec<(HostRank, &Entry)> {
        // Gather the matches indexed under the request path in every hostname group that serves the Host.
        let mut found: Vec<(HostRank, u32)> = Vec::new();
        let mut gather = |rank: HostRank, g: &Group| {
            if let Some(ids) = g.exact.get(path) {
                found.extend(ids.iter().map(|&i| (rank, i)));
            }
            for p in path::element_prefixes(path) {
                if let Some(ids) = g.prefix.get(p) {
                    found.extend(ids.iter().map(|&i| (rank, i)));
                }
            }
            match g.regex_index.candidates(path) {
                Some(ids) => found.extend(ids.into_iter().map(|i| (rank, i))),
                None => found.extend(g.regex.iter().map(|&i| (rank, i))),
            }
        };
        if let Some(g) = table.exact.get(host) {
            gather((host.len(), host.len()), g);
        }
        for suffix in hostname::wildcard_suffixes(host) {
            if let Some(g) = table.wildcard.get(suffix) {
                gather((0, suffix.len() + 2), g);
            }
        }
        gather((0, 0), &table.any);
        let mut found: Vec<(HostRank, &Entry)> = found
            .into_iter()
            .map(|(r, i)| (r, &self.entries[i as usize]))
            .filter(|(_, e)| e.path_matches(path))
            .collect();
        found.sort_by(precedence);
        // A match reachable through several hostname groups counts once, at its most specific hostname.
        let mut seen = std::collections::HashSet::new();
        found.retain(|(_, e)| seen.insert((Arc::as_ptr(&e.rule), e.match_index)));

        found
    }

    /// The listener that serves `req`, or the answer (status, reason) when none does: 404 when no listener matches the Host,
    /// and for HTTPS, 421 Misdirected Request when the listener the TLS SNI selected (during the handshake) is
    /// not the one the Host selects (`gateway_types.go`, Listener.hostname; conformance
    /// `HTTPRouteHTTPSListenerDetectMisdirectedRequests`).
    pub(super) fn listener(&self, req: &Request) -> Result<&ListenerTable, (u16, String)> {
        // A TLS listener (TLSRoutes) takes the connection on its SNI alone, whatever Host the request carries.
        if req.scheme == Scheme::Https
            && let Some(l) = self.listener_for(Scheme::Https, req.port, req.sni())
            && l.tls
        {
            return Ok(l);
        }
        let by_sni = match (req.scheme, req.sni.as_deref()) {
            (Scheme::Https, Some(sni)) if sni != req.host => {
                match self.listener_for(req.scheme, req.port, sni) {
                    Some(l) => Some(l),
                    None => {
                        return Err((
                            404,
                            format!(
                                "no listener of Gateway {} for TLS SNI {sni} on port {}: the TLS handshake fails{}",
                                self.gateway(),
                                req.port,
                                self.refused_note(req.scheme, req.port, sni)
                            ),
                        ));
                    }
                }
            }
            _ => None,
        };
        let Some(by_host) = self.listener_for(req.scheme, req.port, &req.host) else {
            return Err((
                404,
                format!(
                    "no listener of Gateway {} for {}://{}:{}{}",
                    self.gateway(),
                    req.scheme.as_str(),
                    req.host,
                    req.port,
                    self.refused_note(req.scheme, req.port, &req.host)
                ),
            ));
        };
        match by_sni {
            Some(l) if !std::ptr::eq(l, by_host) => Err((
                421,
                format!(
                    "misdirected request: the TLS SNI {} selected listener {}, but Host {} belongs to listener {}",
                    req.sni.as_deref().unwrap_or_default(),
                    l.name,
                    req.host,
                    by_host.name
                ),
            )),
            _ => Ok(by_host),
        }
    }

    /// The most specific listener on `port` for `scheme` whose hostname matches `host`.
    fn listener_for(&self, scheme: Scheme, port: u16, host: &str) -> Option<&ListenerTable> {
        let i = self.listener_index.get(&(port, scheme))?.find(host)?;
        Some(&self.listeners[i])
    }
}

/// How specific a listener hostname is: exact, then wildcards by length, then none.
pub(super) fn specificity(hostname: Option<&str>) -> (u8, usize) {
    match hostname {
        None => (0, 0),
        Some(h) if hostname::is_wildcard(h) => (1, h.len()),
        Some(h) => (2, h.len()),
    }
}

/// The specification's order: hostname specificity, path (Exact, then regex, then longest prefix), method,
/// header count, query count, oldest route, `ns/name`, rule order, match order.
pub(super) fn precedence(a: &(HostRank, &Entry), b: &(HostRank, &Entry)) -> Ordering {
    key(a).cmp(&key(b))
}

#[allow(clippy::type_complexity)]
pub(super) fn key<'e>(
    (rank, e): &(HostRank, &'e Entry),
) -> (
    Reverse<HostRank>,
    Reverse<(u8, usize, usize)>,
    Reverse<bool>,
    Reverse<usize>,
    Reverse<usize>,
    (bool, &'e str),
    &'e str,
    &'e str,
    usize,
    Option<usize>,
) {
    (
        Reverse(*rank),
        Reverse(e.path_rank()),
        Reverse(e.method.is_some()),
        Reverse(e.headers.len()),
        Reverse(e.query.len()),
        // A route without creationTimestamp sorts after the ones that have one.
        (e.rule.created.is_empty(), e.rule.created.as_str()),
        e.rule.namespace.as_str(),
        e.rule.name.as_str(),
        e.rule.index,
        e.match_index,
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn listener(port: u16, scheme: Scheme, hostname: Option<String>) -> ListenerTable {
        ListenerTable {
            name: String::new(),
            tls: false,
            hostname,
            port,
            scheme,
            http: HostTable::default(),
            grpc: HostTable::default(),
        }
    }

    /// What the index replaces: the most specific matching listener by a scan, the last of equals.
    fn scan(listeners: &[ListenerTable], scheme: Scheme, port: u16, host: &str) -> Option<usize> {
        listeners
            .iter()
            .enumerate()
            .filter(|(_, l)| l.port == port && l.scheme == scheme)
            .filter(|(_, l)| l.hostname.as_deref().is_none_or(|h| hostname::matches(h, host)))
            .max_by_key(|(_, l)| specificity(l.hostname.as_deref()))
            .map(|(i, _)| i)
    }

    fn label() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["a", "b", "ab", "example", "com"]).prop_map(str::to_string)
    }

    fn name(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(label(), 1..=max).prop_map(|l| l.join("."))
    }

    proptest! {
        #[test]
        fn the_listener_index_finds_what_a_scan_finds(
            specs in prop::collection::vec(
                (prop::sample::select(vec![80u16, 443]), any::<bool>(), prop::option::of((any::<bool>(), name(3)))),
                0..12,
            ),
            hosts in prop::collection::vec((name(4), prop::sample::select(vec![80u16, 443]), any::<bool>()), 1..12),
        ) {
            let scheme = |https: bool| if https { Scheme::Https } else { Scheme::Http };
            let listeners: Vec<ListenerTable> = specs
                .into_iter()
                .map(|(port, https, host)| {
                    let hostname = host.map(|(wild, h)| if wild { format!("*.{h}") } else { h });
                    listener(port, scheme(https), hostname)
                })
                .collect();
            let index = ListenerIndex::build(&listeners);
            for (host, port, https) in hosts {
                let found = index.get(&(port, scheme(https))).and_then(|i| i.find(&host));
                prop_assert_eq!(found, scan(&listeners, scheme(https), port, &host), "{} on {}", host, port);
            }
        }
    }
}
