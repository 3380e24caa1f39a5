//! The Gateway API model: one Gateway's listeners and the HTTPRoutes and GRPCRoutes they accept, as
//! `gateshift-check`'s binding decides, compiled into tables indexed by hostname and path, answering as a
//! conformant implementation would.
//!
//! Per request: the listener (port, protocol, most specific hostname; only its routes apply; for HTTPS, 421 when
//! the TLS SNI selects another one), the route
//! hostname groups that match the Host (exact, then wildcards by specificity, then any), the matches indexed
//! under the request path (exact value, each element prefix, regexes), ordered by the specification's
//! precedence (hostname, Exact, longest PathPrefix, method, header count, query count, oldest, `ns/name`,
//! rule order); the first whose method, headers and query match wins and its filters and backends decide.

use std::{
    cmp::{Ordering, Reverse},
    collections::{BTreeMap, HashMap},
    sync::Arc,
};

use gateshift_api::{
    GatewayObject, Object, Sourced,
    gateway::{
        GRPCHeaderMatchType, GRPCMethodMatchType, GRPCRoute, GRPCRouteFilter, GRPCRouteFilterType,
        HTTPHeaderFilter, HTTPPathModifier, HTTPPathModifierType, HTTPRoute, HTTPRouteFilter,
        HTTPRouteFilterType, HeaderMatchType, PathMatchType, ProtocolType, QueryParamMatchType, TLSRoute,
    },
};
use gateshift_check::{Binding, GatewayBinding, RuleBinding};
use regex::Regex;

use crate::{
    decision::{
        self, Candidate, Decision, HeaderChanges, Matched, Mirror, Outcome, UpstreamRequest, WeightedBackend,
    },
    error::Error,
    hostname, path,
    request::{Request, Scheme},
};

/// How to build a [`GatewayRouter`].
#[derive(Debug, Clone, Default)]
pub struct GatewayOptions {
    /// The Gateway to route through (`namespace`, `name`); needed when the input holds several.
    pub gateway: Option<(String, String)>,
}

/// A compiled Gateway: answers [`GatewayRouter::decide`] without scanning every rule.
#[derive(Debug)]
pub struct GatewayRouter {
    namespace: String,
    name: String,
    /// The listeners that carry traffic (accepted, HTTP or HTTPS), in the binding's order.
    listeners: Vec<ListenerTable>,
    /// Which of `listeners` takes a request, by port and scheme, then hostname: a 10k-Ingress conversion has
    /// thousands of listeners, and `verify` asks for one per probe.
    listener_index: HashMap<(u16, Scheme), ListenerIndex>,
    /// The HTTP and HTTPS listeners that do not (conflicted or otherwise not accepted), to explain a 404.
    refused: Vec<RefusedListener>,
    entries: Vec<Entry>,
}

/// The listeners of one port and scheme by hostname. Of equally specific listeners the last in binding order is
/// kept, as a scan for the most specific one would find.
#[derive(Debug, Default)]
struct ListenerIndex {
    exact: HashMap<String, usize>,
    /// Keyed by the suffix after `*.`.
    wildcard: HashMap<String, usize>,
    any: Option<usize>,
}

impl ListenerIndex {
    fn build(listeners: &[ListenerTable]) -> HashMap<(u16, Scheme), ListenerIndex> {
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
    fn find(&self, host: &str) -> Option<usize> {
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
struct RefusedListener {
    name: String,
    hostname: Option<String>,
    port: u16,
    scheme: Scheme,
    /// `Reason: message` of its `Accepted=False`.
    why: String,
}

#[derive(Debug)]
struct ListenerTable {
    name: String,
    /// A TLS listener: its routes are TLSRoutes, chosen by SNI (indexed with the HTTPS listeners, which share
    /// the port and the handshake).
    tls: bool,
    hostname: Option<String>,
    port: u16,
    scheme: Scheme,
    /// HTTPRoutes.
    http: HostTable,
    /// GRPCRoutes, never merged with HTTPRoutes.
    grpc: HostTable,
}

/// The hostname groups of one listener for one route kind.
#[derive(Debug, Default)]
struct HostTable {
    exact: HashMap<String, Group>,
    /// Keyed by the suffix after `*.`.
    wildcard: HashMap<String, Group>,
    any: Group,
}

/// The matches of the routes that serve one hostname on one listener, indexed by path.
#[derive(Debug, Default)]
struct Group {
    exact: HashMap<String, Vec<u32>>,
    prefix: HashMap<String, Vec<u32>>,
    regex: Vec<u32>,
}

/// One rule of an HTTPRoute, GRPCRoute or TLSRoute, resolved.
#[derive(Debug)]
struct Rule {
    kind: &'static str,
    namespace: String,
    name: String,
    created: String,
    index: usize,
    filters: Vec<HTTPRouteFilter>,
    backends: Vec<Backend>,
    /// Set when the whole rule answers 500 (an ExtensionRef or an unknown filter).
    invalid: Option<String>,
}

impl Rule {
    /// Rule `index` of the route `kind` with `metadata`, before its filters and backends are set.
    fn of(kind: &'static str, metadata: &gateshift_api::meta::ObjectMeta, index: usize) -> Rule {
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
struct Backend {
    namespace: String,
    name: String,
    port: Option<i32>,
    weight: u32,
    problem: Option<String>,
    /// The backendRef's own RequestHeaderModifier filters, applied after the rule's.
    request_headers: Vec<HTTPHeaderFilter>,
}

impl Backend {
    /// The backendRef `k` of a rule of a route in namespace `ns`, with the request headers its own filters
    /// set; its problem (why it cannot serve: a 500 share) is the binding's `ResolvedRefs` for it.
    fn of(
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
enum PathMatch {
    Exact(String),
    Prefix(String),
    Regex(Regex, String),
}

#[derive(Debug)]
enum ValueMatch {
    Exact(String),
    Regex(Regex, String),
}

impl ValueMatch {
    fn matches(&self, v: &str) -> bool {
        match self {
            ValueMatch::Exact(e) => e == v,
            ValueMatch::Regex(r, _) => r.is_match(v),
        }
    }

    fn describe(&self) -> String {
        match self {
            ValueMatch::Exact(e) => format!("={e}"),
            ValueMatch::Regex(_, s) => format!("~{s}"),
        }
    }
}

#[derive(Debug)]
struct Entry {
    rule: Arc<Rule>,
    /// Index in `matches`; `None` when the rule has no matches (PathPrefix `/`).
    match_index: Option<usize>,
    path: PathMatch,
    method: Option<String>,
    headers: Vec<(String, ValueMatch)>,
    query: Vec<(String, ValueMatch)>,
    /// For a GRPCRoute match: the characters of its service and method (its precedence), and its words.
    grpc: Option<(usize, usize, String)>,
}

impl Entry {
    fn path_rank(&self) -> (u8, usize, usize) {
        if let Some((service, method, _)) = &self.grpc {
            return (0, *service, *method);
        }
        match &self.path {
            PathMatch::Exact(p) => (2, p.len(), 0),
            PathMatch::Regex(_, p) => (1, p.len(), 0),
            PathMatch::Prefix(p) => (0, p.len(), 0),
        }
    }

    fn describe(&self) -> String {
        if self.rule.kind == "TLSRoute" {
            return "TLS connection by SNI (not terminated)".to_string();
        }
        let mut parts = vec![match (&self.grpc, &self.path) {
            (Some((_, _, words)), _) => words.clone(),
            (None, PathMatch::Exact(p)) => format!("Exact {p}"),
            (None, PathMatch::Prefix(p)) => format!("PathPrefix {p}"),
            (None, PathMatch::Regex(_, p)) => format!("RegularExpression {p}"),
        }];
        if let Some(m) = &self.method {
            parts.push(format!("method {m}"));
        }
        for (n, v) in &self.headers {
            parts.push(format!("header {n}{}", v.describe()));
        }
        for (n, v) in &self.query {
            parts.push(format!("query {n}{}", v.describe()));
        }
        parts.join(", ")
    }

    fn matched(&self) -> Matched {
        Matched {
            kind: self.rule.kind.to_string(),
            namespace: self.rule.namespace.clone(),
            name: self.rule.name.clone(),
            rule: Some(self.rule.index),
            match_index: self.match_index,
            description: self.describe(),
        }
    }

    /// Why the method, headers or query do not match, or `None` when they all do.
    fn mismatch(&self, req: &Request) -> Option<String> {
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

    fn path_matches(&self, path: &str) -> bool {
        match &self.path {
            PathMatch::Exact(p) => p == path,
            PathMatch::Prefix(p) => path::prefix_matches(p, path),
            PathMatch::Regex(r, _) => r.is_match(path),
        }
    }
}

/// Host specificity of a group: (characters of a matching precise hostname, characters of the hostname).
type HostRank = (usize, usize);

impl GatewayRouter {
    /// Compiles the Gateway chosen by `options` (or the only one) with the HTTPRoutes and GRPCRoutes accepted on
    /// its listeners, as `gateshift-check`'s binding decides: only accepted listeners (a conflicted or invalid
    /// one serves nothing), only accepted routes on them with their intersected hostnames, dropped rules left
    /// out, and backendRefs that do not resolve kept as 500 shares.
    pub fn new<'a>(
        objects: impl IntoIterator<Item = &'a Sourced>,
        options: &GatewayOptions,
    ) -> Result<GatewayRouter, Error> {
        let objects: Vec<&Sourced> = objects.into_iter().collect();
        let binding = gateshift_check::binding(&objects, &gateshift_check::Options::default());
        Self::from_binding(&objects, &binding, options)
    }

    /// Compiles the Gateway chosen by `options` (or the only one) from a binding already computed:
    /// `binding` must be `gateshift_check::binding` of exactly `objects` (its routes point into them by index).
    /// A caller routing several Gateways of one input binds once and compiles each Gateway from the same
    /// binding, instead of binding once per Gateway through [`GatewayRouter::new`].
    pub fn from_binding(
        objects: &[&Sourced],
        binding: &Binding,
        options: &GatewayOptions,
    ) -> Result<GatewayRouter, Error> {
        let gateway = choose_gateway(&binding.gateways, options)?;
        Ok(compile(objects, binding, gateway))
    }

    /// `namespace/name` of the Gateway.
    pub fn gateway(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// How many route matches the table holds (over all listeners and hostnames).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table holds no route match.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Where `req` goes, and why.
    pub fn decide(&self, req: &Request) -> Decision {
        let listener = match self.listener(req) {
            Ok(l) => l,
            Err((status, reason)) => return Decision::response(status, reason),
        };
        // A TLS listener routes the connection by its SNI before any HTTP, and every path goes the same way.
        let (host, path) = if listener.tls {
            (req.sni(), "/")
        } else {
            (req.host.as_str(), req.path_only())
        };
        let grpc = !listener.tls
            && req
                .header("content-type")
                .is_some_and(|c| c.starts_with("application/grpc"));
        let table = if grpc { &listener.grpc } else { &listener.http };
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
            found.extend(g.regex.iter().map(|&i| (rank, i)));
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

        let winner = found.iter().position(|(_, e)| e.mismatch(req).is_none());
        let mut candidates = Vec::new();
        for (i, (rank, e)) in found.iter().enumerate() {
            if Some(i) == winner {
                continue;
            }
            let lost = match (e.mismatch(req), winner) {
                (Some(why), _) => why,
                (None, Some(w)) => lost_to(&found[w], &(*rank, *e)),
                (None, None) => unreachable!("a fully matching entry is the winner"),
            };
            candidates.push(Candidate {
                rule: e.matched(),
                lost,
            });
        }
        let Some(w) = winner else {
            let what = if grpc {
                "no GRPCRoute rule (gRPC clients see status 12 UNIMPLEMENTED)"
            } else {
                "no route"
            };
            let mut d = Decision::response(
                404,
                format!(
                    "{what} on listener {} matches {}{}",
                    listener.name, req.host, path
                ),
            );
            d.candidates = candidates;
            return d;
        };
        let entry = found[w].1;
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

    /// The listener that serves `req`, or the answer (status, reason) when none does: 404 when no listener matches the Host,
    /// and for HTTPS, 421 Misdirected Request when the listener the TLS SNI selected (during the handshake) is
    /// not the one the Host selects (`gateway_types.go`, Listener.hostname; conformance
    /// `HTTPRouteHTTPSListenerDetectMisdirectedRequests`).
    fn listener(&self, req: &Request) -> Result<&ListenerTable, (u16, String)> {
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

    /// For a 404 without a listener: the refused listener that would have served `host`, and why it does not.
    fn refused_note(&self, scheme: Scheme, port: u16, host: &str) -> String {
        self.refused
            .iter()
            .rev() // the first of equally specific ones
            .filter(|l| l.port == port && l.scheme == scheme)
            .filter(|l| l.hostname.as_deref().is_none_or(|h| hostname::matches(h, host)))
            .max_by_key(|l| specificity(l.hostname.as_deref()))
            .map(|l| format!(" (listener {} is not accepted: {})", l.name, l.why))
            .unwrap_or_default()
    }
}

/// How specific a listener hostname is: exact, then wildcards by length, then none.
fn specificity(hostname: Option<&str>) -> (u8, usize) {
    match hostname {
        None => (0, 0),
        Some(h) if hostname::is_wildcard(h) => (1, h.len()),
        Some(h) => (2, h.len()),
    }
}

fn choose_gateway<'b>(
    gateways: &'b [GatewayBinding],
    options: &GatewayOptions,
) -> Result<&'b GatewayBinding, Error> {
    match &options.gateway {
        Some((ns, name)) => gateways
            .iter()
            .find(|g| g.gateway.namespace == *ns && g.gateway.name == *name)
            .ok_or_else(|| Error::GatewayNotFound(format!("{ns}/{name}"))),
        None => match gateways {
            [] => Err(Error::NoGateway),
            [g] => Ok(g),
            many => {
                let mut names: Vec<String> = many
                    .iter()
                    .map(|g| format!("{}/{}", g.gateway.namespace, g.gateway.name))
                    .collect();
                names.sort();
                Err(Error::AmbiguousGateway {
                    count: many.len(),
                    names: names.join(", "),
                })
            }
        },
    }
}

/// The scheme of the requests a listener takes, and whether it is a TLS listener.
fn scheme_of(protocol: &ProtocolType) -> Option<(Scheme, bool)> {
    match protocol {
        ProtocolType::HTTP => Some((Scheme::Http, false)),
        ProtocolType::HTTPS => Some((Scheme::Https, false)),
        ProtocolType::TLS => Some((Scheme::Https, true)),
        _ => None,
    }
}

/// The tables of one Gateway from the binding: each accepted HTTP/HTTPS listener with the routes accepted on
/// it, placed under their intersected hostnames; each route's rules compiled once and shared.
fn compile(objects: &[&Sourced], binding: &Binding, gateway: &GatewayBinding) -> GatewayRouter {
    let mut listeners: Vec<ListenerTable> = Vec::new();
    let mut refused: Vec<RefusedListener> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut compiled: HashMap<usize, (bool, Vec<CompiledRule>)> = HashMap::new();
    for l in &gateway.listeners {
        let Some((scheme, tls)) = scheme_of(&l.protocol) else {
            continue; // TCP, UDP: no HTTP request reaches them
        };
        let port = u16::try_from(l.port).unwrap_or(0);
        let hostname = l.hostname.as_deref().map(str::to_ascii_lowercase);
        if let Some(p) = &l.problem {
            refused.push(RefusedListener {
                name: l.name.clone(),
                hostname,
                port,
                scheme,
                why: p.to_string(),
            });
            continue;
        }
        let mut table = ListenerTable {
            name: l.name.clone(),
            tls,
            hostname,
            port,
            scheme,
            http: HostTable::default(),
            grpc: HostTable::default(),
        };
        for attached in &l.routes {
            let route = &binding.routes[attached.route];
            let (grpc, rules) = compiled.entry(attached.route).or_insert_with(|| {
                let Object::Gateway(g) = &objects[route.index].object else {
                    return (false, Vec::new());
                };
                match g.as_ref() {
                    GatewayObject::HTTPRoute(r) => (false, compile_route(r, &route.rules)),
                    GatewayObject::GRPCRoute(r) => (true, compile_grpc_route(r, &route.rules)),
                    GatewayObject::TLSRoute(r) => (false, compile_tls_route(r, &route.rules)),
                    _ => (false, Vec::new()), // TCPRoute, UDPRoute: not on these listeners
                }
            });
            if rules.is_empty() {
                continue;
            }
            let host_table = if *grpc { &mut table.grpc } else { &mut table.http };
            for host in &attached.hostnames {
                let host = host.to_ascii_lowercase();
                let group = if host == "*" {
                    &mut host_table.any
                } else {
                    match host.strip_prefix("*.") {
                        Some(suffix) => host_table.wildcard.entry(suffix.to_string()).or_default(),
                        None => host_table.exact.entry(host).or_default(),
                    }
                };
                for (rule, templates) in rules.iter() {
                    for t in templates {
                        let id = u32::try_from(entries.len()).unwrap_or(u32::MAX);
                        match &t.path {
                            PathMatch::Exact(p) => group.exact.entry(p.clone()).or_default().push(id),
                            PathMatch::Prefix(p) => {
                                group
                                    .prefix
                                    .entry(path::prefix_key(p).to_string())
                                    .or_default()
                                    .push(id);
                            }
                            PathMatch::Regex(..) => group.regex.push(id),
                        }
                        entries.push(t.instantiate(rule));
                    }
                }
            }
        }
        listeners.push(table);
    }
    GatewayRouter {
        namespace: gateway.gateway.namespace.clone(),
        name: gateway.gateway.name.clone(),
        listener_index: ListenerIndex::build(&listeners),
        listeners,
        refused,
        entries,
    }
}

/// A rule with its matches, before they are placed in hostname groups.
type CompiledRule = (Arc<Rule>, Vec<EntryTemplate>);

/// A compiled match before it is placed in a group.
struct EntryTemplate {
    match_index: Option<usize>,
    path: PathMatch,
    method: Option<String>,
    headers: Vec<(String, ValueMatch)>,
    query: Vec<(String, ValueMatch)>,
    grpc: Option<(usize, usize, String)>,
}

impl EntryTemplate {
    fn instantiate(&self, rule: &Arc<Rule>) -> Entry {
        let clone_vm = |v: &ValueMatch| match v {
            ValueMatch::Exact(s) => ValueMatch::Exact(s.clone()),
            ValueMatch::Regex(r, s) => ValueMatch::Regex(r.clone(), s.clone()),
        };
        Entry {
            rule: Arc::clone(rule),
            match_index: self.match_index,
            path: match &self.path {
                PathMatch::Exact(p) => PathMatch::Exact(p.clone()),
                PathMatch::Prefix(p) => PathMatch::Prefix(p.clone()),
                PathMatch::Regex(r, p) => PathMatch::Regex(r.clone(), p.clone()),
            },
            method: self.method.clone(),
            headers: self
                .headers
                .iter()
                .map(|(n, v)| (n.clone(), clone_vm(v)))
                .collect(),
            query: self.query.iter().map(|(n, v)| (n.clone(), clone_vm(v))).collect(),
            grpc: self.grpc.clone(),
        }
    }
}

/// A TLSRoute's rule (one in v1) as a rule matching every request: the connection goes to its backends
/// whatever the path, and the oldest route wins a hostname, as for HTTPRoutes.
fn compile_tls_route(route: &TLSRoute, bound: &[RuleBinding]) -> Vec<CompiledRule> {
    let ns = route.metadata.namespace_or_default();
    implemented(&route.spec.rules, bound)
        .map(|(ri, r, binding)| {
            let rule = Rule {
                filters: Vec::new(),
                backends: r
                    .backend_refs
                    .iter()
                    .enumerate()
                    .map(|(k, b)| Backend::of(ns, b, k, binding, Vec::new()))
                    .collect(),
                invalid: None,
                ..Rule::of("TLSRoute", &route.metadata, ri)
            };
            let template = EntryTemplate {
                match_index: None,
                path: PathMatch::Prefix("/".to_string()),
                method: None,
                headers: Vec::new(),
                query: Vec::new(),
                grpc: None,
            };
            (Arc::new(rule), vec![template])
        })
        .collect()
}

/// The rules of a route the binding did not drop, with their index and binding state (none when the binding
/// has no entry for the rule).
fn implemented<'r, R>(
    rules: &'r [R],
    bound: &'r [RuleBinding],
) -> impl Iterator<Item = (usize, &'r R, Option<&'r RuleBinding>)> {
    rules
        .iter()
        .enumerate()
        .map(|(ri, r)| (ri, r, bound.get(ri)))
        .filter(|(_, _, b)| b.is_none_or(|b| b.dropped.is_none()))
}

fn full_regex(pattern: &str) -> Option<Regex> {
    Regex::new(&format!("^(?:{pattern})$")).ok()
}

/// An HTTPRoute's rules, without the ones the binding dropped.
fn compile_route(route: &HTTPRoute, bound: &[RuleBinding]) -> Vec<CompiledRule> {
    let ns = route.metadata.namespace_or_default();
    let mut out = Vec::new();
    for (ri, r, binding) in implemented(&route.spec.rules, bound) {
        let invalid = r.filters.iter().find_map(|f| match &f.r#type {
            HTTPRouteFilterType::ExtensionRef => {
                Some("an ExtensionRef filter that cannot be resolved".to_string())
            }
            HTTPRouteFilterType::Other(t) => Some(format!("unknown filter type {t}")),
            _ => None,
        });
        let rule = Arc::new(Rule {
            filters: r.filters.clone(),
            backends: r
                .backend_refs
                .iter()
                .enumerate()
                .map(|(k, b)| {
                    let headers = b
                        .filters
                        .iter()
                        .filter(|f| f.r#type == HTTPRouteFilterType::RequestHeaderModifier)
                        .filter_map(|f| f.request_header_modifier.clone())
                        .collect();
                    Backend::of(ns, &b.backend_ref, k, binding, headers)
                })
                .collect(),
            invalid,
            ..Rule::of("HTTPRoute", &route.metadata, ri)
        });
        let mut templates = Vec::new();
        let matches: Vec<(Option<usize>, Option<&gateshift_api::gateway::HTTPRouteMatch>)> =
            if r.matches.is_empty() {
                vec![(None, None)]
            } else {
                r.matches
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (Some(i), Some(m)))
                    .collect()
            };
        for (mi, m) in matches {
            let p = m.and_then(|m| m.path.as_ref());
            let value = p.and_then(|p| p.value.clone()).unwrap_or_else(|| "/".to_string());
            let path = match p
                .and_then(|p| p.r#type.clone())
                .unwrap_or(PathMatchType::PathPrefix)
            {
                PathMatchType::Exact => PathMatch::Exact(value),
                PathMatchType::PathPrefix => PathMatch::Prefix(value),
                PathMatchType::RegularExpression => match full_regex(&value) {
                    Some(re) => PathMatch::Regex(re, value),
                    None => continue,
                },
                PathMatchType::Other(_) => continue,
            };
            let mut headers: Vec<(String, ValueMatch)> = Vec::new();
            let mut query: Vec<(String, ValueMatch)> = Vec::new();
            let mut ok = true;
            for h in m.map(|m| m.headers.as_slice()).unwrap_or_default() {
                let name = h.name.to_ascii_lowercase();
                if headers.iter().any(|(n, _)| *n == name) {
                    continue; // the first entry wins for equivalent names
                }
                let vm = match h.r#type.clone().unwrap_or(HeaderMatchType::Exact) {
                    HeaderMatchType::Exact => ValueMatch::Exact(h.value.clone()),
                    HeaderMatchType::RegularExpression => match full_regex(&h.value) {
                        Some(re) => ValueMatch::Regex(re, h.value.clone()),
                        None => {
                            ok = false;
                            break;
                        }
                    },
                    HeaderMatchType::Other(_) => {
                        ok = false;
                        break;
                    }
                };
                headers.push((name, vm));
            }
            for q in m.map(|m| m.query_params.as_slice()).unwrap_or_default() {
                if query.iter().any(|(n, _)| *n == q.name) {
                    continue;
                }
                let vm = match q.r#type.clone().unwrap_or(QueryParamMatchType::Exact) {
                    QueryParamMatchType::Exact => ValueMatch::Exact(q.value.clone()),
                    QueryParamMatchType::RegularExpression => match full_regex(&q.value) {
                        Some(re) => ValueMatch::Regex(re, q.value.clone()),
                        None => {
                            ok = false;
                            break;
                        }
                    },
                    QueryParamMatchType::Other(_) => {
                        ok = false;
                        break;
                    }
                };
                query.push((q.name.clone(), vm));
            }
            if !ok {
                continue;
            }
            templates.push(EntryTemplate {
                match_index: mi,
                path,
                method: m
                    .and_then(|m| m.method.as_ref())
                    .map(|m| m.as_str().to_ascii_uppercase()),
                headers,
                query,
                grpc: None,
            });
        }
        out.push((rule, templates));
    }
    out
}

/// The specification's order: hostname specificity, path (Exact, then regex, then longest prefix), method,
/// header count, query count, oldest route, `ns/name`, rule order, match order.
fn precedence(a: &(HostRank, &Entry), b: &(HostRank, &Entry)) -> Ordering {
    key(a).cmp(&key(b))
}

#[allow(clippy::type_complexity)]
fn key<'e>(
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

/// Why `loser` (which matched fully) ranks after `winner`.
fn lost_to(winner: &(HostRank, &Entry), loser: &(HostRank, &Entry)) -> String {
    let (w, l) = (key(winner), key(loser));
    let (we, le) = (winner.1, loser.1);
    if w.0 != l.0 {
        "the winner's hostname is more specific".to_string()
    } else if w.1 != l.1 && we.grpc.is_some() {
        let ((ws, wm), (ls, lm)) = ((w.1.0.1, w.1.0.2), (l.1.0.1, l.1.0.2));
        if ws != ls {
            format!("fewer characters of service matched ({ls} < {ws})")
        } else {
            format!("fewer characters of method matched ({lm} < {wm})")
        }
    } else if w.1 != l.1 {
        match (&we.path, &le.path) {
            (PathMatch::Exact(_), _) => "an Exact path match beats any other path match".to_string(),
            (PathMatch::Regex(..), PathMatch::Prefix(_)) => {
                "a RegularExpression path match beats a PathPrefix (implementation-specific)".to_string()
            }
            _ => format!("shorter path match ({} < {} characters)", l.1.0.1, w.1.0.1),
        }
    } else if w.2 != l.2 {
        "the winner also matches the method".to_string()
    } else if w.3 != l.3 {
        format!(
            "fewer header matches ({} < {})",
            le.headers.len(),
            we.headers.len()
        )
    } else if w.4 != l.4 {
        format!(
            "fewer query parameter matches ({} < {})",
            le.query.len(),
            we.query.len()
        )
    } else if w.5 != l.5 {
        format!(
            "newer route (created {}, the winner {})",
            or_unset(&le.rule.created),
            or_unset(&we.rule.created)
        )
    } else if (w.6, w.7) != (l.6, l.7) {
        format!(
            "same age; {}/{} sorts after {}/{}",
            le.rule.namespace, le.rule.name, we.rule.namespace, we.rule.name
        )
    } else if w.8 != l.8 {
        "a later rule of the same route".to_string()
    } else {
        "a later match of the same rule".to_string()
    }
}

fn or_unset(s: &str) -> &str {
    if s.is_empty() { "unset" } else { s }
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
    let original_path = req.path_only();
    let query = req.query().map(|q| format!("?{q}")).unwrap_or_default();
    if let Some(r) = rule.filters.iter().find_map(|f| f.request_redirect.as_ref()) {
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
        return Outcome::Redirect {
            status,
            location: format!("{scheme}://{host}{port_part}{path}{query}"),
        };
    }
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

/// A GRPCRoute's rules as matches on the HTTP/2 path `/<service>/<method>`, without the ones the binding
/// dropped.
fn compile_grpc_route(route: &GRPCRoute, bound: &[RuleBinding]) -> Vec<CompiledRule> {
    let ns = route.metadata.namespace_or_default();
    let mut out = Vec::new();
    for (ri, r, binding) in implemented(&route.spec.rules, bound) {
        let invalid = r.filters.iter().find_map(|f| match &f.r#type {
            GRPCRouteFilterType::ExtensionRef => {
                Some("an ExtensionRef filter that cannot be resolved".to_string())
            }
            GRPCRouteFilterType::Other(t) => Some(format!("unknown filter type {t}")),
            _ => None,
        });
        let rule = Arc::new(Rule {
            filters: r.filters.iter().map(grpc_filter).collect(),
            backends: r
                .backend_refs
                .iter()
                .enumerate()
                .map(|(k, b)| {
                    let headers = b
                        .filters
                        .iter()
                        .filter(|f| f.r#type == GRPCRouteFilterType::RequestHeaderModifier)
                        .filter_map(|f| f.request_header_modifier.clone())
                        .collect();
                    Backend::of(ns, &b.backend_ref, k, binding, headers)
                })
                .collect(),
            invalid,
            ..Rule::of("GRPCRoute", &route.metadata, ri)
        });
        let matches: Vec<(Option<usize>, Option<&gateshift_api::gateway::GRPCRouteMatch>)> =
            if r.matches.is_empty() {
                vec![(None, None)]
            } else {
                r.matches
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (Some(i), Some(m)))
                    .collect()
            };
        let mut templates = Vec::new();
        'matches: for (mi, m) in matches {
            let method = m.and_then(|m| m.method.as_ref());
            let service = method.and_then(|m| m.service.clone()).filter(|s| !s.is_empty());
            let name = method.and_then(|m| m.method.clone()).filter(|s| !s.is_empty());
            let exact = method
                .and_then(|m| m.r#type.clone())
                .is_none_or(|t| t == GRPCMethodMatchType::Exact);
            let path = match (exact, &service, &name) {
                (_, None, None) => PathMatch::Prefix("/".to_string()),
                (true, Some(s), Some(n)) => PathMatch::Exact(format!("/{s}/{n}")),
                (true, Some(s), None) => PathMatch::Prefix(format!("/{s}")),
                _ => {
                    let part = |v: &Option<String>| match v {
                        Some(v) if exact => regex::escape(v),
                        Some(v) => format!("(?:{v})"),
                        None => "[^/]+".to_string(),
                    };
                    let pattern = format!("/{}/{}", part(&service), part(&name));
                    match full_regex(&pattern) {
                        Some(re) => PathMatch::Regex(re, pattern),
                        None => continue,
                    }
                }
            };
            let mut headers: Vec<(String, ValueMatch)> = Vec::new();
            for h in m.map(|m| m.headers.as_slice()).unwrap_or_default() {
                let name = h.name.to_ascii_lowercase();
                if headers.iter().any(|(n, _)| *n == name) {
                    continue;
                }
                let vm = match h.r#type.clone().unwrap_or(GRPCHeaderMatchType::Exact) {
                    GRPCHeaderMatchType::Exact => ValueMatch::Exact(h.value.clone()),
                    GRPCHeaderMatchType::RegularExpression => match full_regex(&h.value) {
                        Some(re) => ValueMatch::Regex(re, h.value.clone()),
                        None => continue 'matches,
                    },
                    GRPCHeaderMatchType::Other(_) => continue 'matches,
                };
                headers.push((name, vm));
            }
            let words = match (&service, &name) {
                (None, None) => "any gRPC method".to_string(),
                _ => format!(
                    "gRPC {}{}/{}",
                    if exact { "" } else { "regex " },
                    service.as_deref().unwrap_or("*"),
                    name.as_deref().unwrap_or("*")
                ),
            };
            templates.push(EntryTemplate {
                match_index: mi,
                path,
                method: None,
                headers,
                query: Vec::new(),
                grpc: Some((service.map_or(0, |s| s.len()), name.map_or(0, |n| n.len()), words)),
            });
        }
        out.push((rule, templates));
    }
    out
}

/// A GRPCRoute filter in the shape of the HTTPRoute filter it shares its fields with.
fn grpc_filter(f: &GRPCRouteFilter) -> HTTPRouteFilter {
    HTTPRouteFilter {
        r#type: match &f.r#type {
            GRPCRouteFilterType::RequestHeaderModifier => HTTPRouteFilterType::RequestHeaderModifier,
            GRPCRouteFilterType::ResponseHeaderModifier => HTTPRouteFilterType::ResponseHeaderModifier,
            GRPCRouteFilterType::RequestMirror => HTTPRouteFilterType::RequestMirror,
            GRPCRouteFilterType::ExtensionRef => HTTPRouteFilterType::ExtensionRef,
            GRPCRouteFilterType::Other(t) => HTTPRouteFilterType::Other(t.clone()),
        },
        request_header_modifier: f.request_header_modifier.clone(),
        response_header_modifier: f.response_header_modifier.clone(),
        request_mirror: f.request_mirror.clone(),
        extension_ref: f.extension_ref.clone(),
        ..HTTPRouteFilter::default()
    }
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
