//! From `gateshift-check`'s binding to the tables: each accepted listener with the routes accepted on it, placed
//! under their intersected hostnames; each route's rules compiled once by one builder for every route kind
//! (HTTPRoute, GRPCRoute, TLSRoute: [`RouteKind`]) and shared by every listener and hostname it serves.

use std::{collections::HashMap, sync::Arc};

use gateshift_api::{
    GatewayObject, Object, Sourced,
    gateway::{
        BackendRef, GRPCHeaderMatchType, GRPCMethodMatchType, GRPCRoute, GRPCRouteFilter,
        GRPCRouteFilterType, GRPCRouteMatch, GRPCRouteRule, HTTPHeaderFilter, HTTPRoute, HTTPRouteFilter,
        HTTPRouteFilterType, HTTPRouteMatch, HTTPRouteRule, HeaderMatchType, PathMatchType, ProtocolType,
        QueryParamMatchType, TLSRoute, TLSRouteRule,
    },
    meta::ObjectMeta,
};
use gateshift_check::{Binding, GatewayBinding, RouteBinding, RuleBinding};
use regex::Regex;

use super::table::{
    Backend, Entry, GatewayRouter, HostTable, ListenerIndex, ListenerTable, PathMatch, RefusedListener, Rule,
    ValueMatch,
};
use crate::{path, request::Scheme};

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
pub(super) fn compile(objects: &[&Sourced], binding: &Binding, gateway: &GatewayBinding) -> GatewayRouter {
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
            let (grpc, rules) = compiled
                .entry(attached.route)
                .or_insert_with(|| compile_route(objects, &binding.routes[attached.route]));
            if rules.is_empty() {
                continue;
            }
            let host_table = if *grpc { &mut table.grpc } else { &mut table.http };
            place(host_table, &attached.hostnames, rules, &mut entries);
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

/// The rules of one bound route (whether it is a GRPCRoute, and its compiled rules).
fn compile_route(objects: &[&Sourced], route: &RouteBinding) -> (bool, Vec<CompiledRule>) {
    let Object::Gateway(g) = &objects[route.index].object else {
        return (false, Vec::new());
    };
    match g.as_ref() {
        GatewayObject::HTTPRoute(r) => (false, rules_of::<HTTPRoute>(r, &route.rules)),
        GatewayObject::GRPCRoute(r) => (true, rules_of::<GRPCRoute>(r, &route.rules)),
        GatewayObject::TLSRoute(r) => (false, rules_of::<TLSRoute>(r, &route.rules)),
        _ => (false, Vec::new()), // TCPRoute, UDPRoute: not on these listeners
    }
}

/// The matches of `rules` placed in the hostname groups of `hostnames` (each an entry of its own, indexed by
/// its path), appended to `entries`.
fn place(host_table: &mut HostTable, hostnames: &[String], rules: &[CompiledRule], entries: &mut Vec<Entry>) {
    for host in hostnames {
        let host = host.to_ascii_lowercase();
        let group = if host == "*" {
            &mut host_table.any
        } else {
            match host.strip_prefix("*.") {
                Some(suffix) => host_table.wildcard.entry(suffix.to_string()).or_default(),
                None => host_table.exact.entry(host).or_default(),
            }
        };
        for (rule, templates) in rules {
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
                    PathMatch::Regex(re, _) => {
                        group.regex_index.push(id, re.as_str());
                        group.regex.push(id);
                    }
                }
                entries.push(t.instantiate(rule));
            }
        }
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

/// A route kind as the one rule builder ([`rules_of`]) reads it: its rules, each with its filters (in the
/// HTTPRoute shape), its backendRefs with their own request header filters, and its matches.
trait RouteKind {
    /// `HTTPRoute`, `GRPCRoute`, `TLSRoute`.
    const KIND: &'static str;
    /// One rule of the route.
    type Rule;
    /// One match of a rule.
    type Match;
    fn metadata(&self) -> &ObjectMeta;
    fn rules(&self) -> &[Self::Rule];
    /// The rule's filters as HTTPRoute filters.
    fn filters(rule: &Self::Rule) -> Vec<HTTPRouteFilter>;
    /// The rule's backendRefs, each with its own RequestHeaderModifier filters (applied after the rule's).
    fn backend_refs(rule: &Self::Rule) -> Vec<(&BackendRef, Vec<HTTPHeaderFilter>)>;
    fn matches(rule: &Self::Rule) -> &[Self::Match];
    /// One match compiled (`None`: the rule has no matches, so it matches every request), or `None` when it
    /// can never match (an invalid regex, an unknown match type).
    fn entry(m: Option<&Self::Match>) -> Option<EntryTemplate>;
}

/// A route's rules without the ones the binding dropped: filters (a rule with an ExtensionRef or unknown filter
/// answers 500), backends with the binding's verdict on each, and the compiled matches.
fn rules_of<R: RouteKind>(route: &R, bound: &[RuleBinding]) -> Vec<CompiledRule> {
    let ns = route.metadata().namespace_or_default();
    implemented(route.rules(), bound)
        .map(|(ri, r, binding)| {
            let filters = R::filters(r);
            let rule = Rule {
                invalid: invalid_filter(&filters),
                filters,
                backends: R::backend_refs(r)
                    .into_iter()
                    .enumerate()
                    .map(|(k, (b, headers))| Backend::of(ns, b, k, binding, headers))
                    .collect(),
                ..Rule::of(R::KIND, route.metadata(), ri)
            };
            let matches = R::matches(r);
            let templates = if matches.is_empty() {
                R::entry(None).into_iter().collect()
            } else {
                matches
                    .iter()
                    .enumerate()
                    .filter_map(|(i, m)| {
                        R::entry(Some(m)).map(|t| EntryTemplate {
                            match_index: Some(i),
                            ..t
                        })
                    })
                    .collect()
            };
            (Arc::new(rule), templates)
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

/// Why a rule with these filters answers 500, if it does.
fn invalid_filter(filters: &[HTTPRouteFilter]) -> Option<String> {
    filters.iter().find_map(|f| match &f.r#type {
        HTTPRouteFilterType::ExtensionRef => {
            Some("an ExtensionRef filter that cannot be resolved".to_string())
        }
        HTTPRouteFilterType::Other(t) => Some(format!("unknown filter type {t}")),
        _ => None,
    })
}

fn full_regex(pattern: &str) -> Option<Regex> {
    Regex::new(&format!("^(?:{pattern})$")).ok()
}

/// How a header or query parameter value is matched.
enum ValueKind {
    Exact,
    RegularExpression,
    Unknown,
}

/// A value condition, or `None` when it can never match (an invalid regex, an unknown type).
fn value_match(kind: ValueKind, value: &str) -> Option<ValueMatch> {
    match kind {
        ValueKind::Exact => Some(ValueMatch::Exact(value.to_string())),
        ValueKind::RegularExpression => full_regex(value).map(|re| ValueMatch::Regex(re, value.to_string())),
        ValueKind::Unknown => None,
    }
}

/// Value conditions by name, the first entry winning for equivalent names; `None` when one can never match.
fn value_matches<'m, T: 'm>(
    items: impl IntoIterator<Item = &'m T>,
    condition: impl Fn(&T) -> (String, ValueKind, &str),
) -> Option<Vec<(String, ValueMatch)>> {
    let mut out: Vec<(String, ValueMatch)> = Vec::new();
    for item in items {
        let (name, kind, value) = condition(item);
        if out.iter().any(|(n, _)| *n == name) {
            continue; // the first entry wins for equivalent names
        }
        let vm = value_match(kind, value)?;
        out.push((name, vm));
    }
    Some(out)
}

impl RouteKind for HTTPRoute {
    const KIND: &'static str = "HTTPRoute";
    type Rule = HTTPRouteRule;
    type Match = HTTPRouteMatch;

    fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }

    fn rules(&self) -> &[HTTPRouteRule] {
        &self.spec.rules
    }

    fn filters(rule: &HTTPRouteRule) -> Vec<HTTPRouteFilter> {
        rule.filters.clone()
    }

    fn backend_refs(rule: &HTTPRouteRule) -> Vec<(&BackendRef, Vec<HTTPHeaderFilter>)> {
        rule.backend_refs
            .iter()
            .map(|b| {
                let headers = b
                    .filters
                    .iter()
                    .filter(|f| f.r#type == HTTPRouteFilterType::RequestHeaderModifier)
                    .filter_map(|f| f.request_header_modifier.clone())
                    .collect();
                (&b.backend_ref, headers)
            })
            .collect()
    }

    fn matches(rule: &HTTPRouteRule) -> &[HTTPRouteMatch] {
        &rule.matches
    }

    fn entry(m: Option<&HTTPRouteMatch>) -> Option<EntryTemplate> {
        let p = m.and_then(|m| m.path.as_ref());
        let value = p.and_then(|p| p.value.clone()).unwrap_or_else(|| "/".to_string());
        let path = match p
            .and_then(|p| p.r#type.clone())
            .unwrap_or(PathMatchType::PathPrefix)
        {
            PathMatchType::Exact => PathMatch::Exact(value),
            PathMatchType::PathPrefix => PathMatch::Prefix(value),
            PathMatchType::RegularExpression => {
                let re = full_regex(&value)?;
                PathMatch::Regex(re, value)
            }
            PathMatchType::Other(_) => return None,
        };
        let headers = value_matches(m.map(|m| m.headers.as_slice()).unwrap_or_default(), |h| {
            let kind = match h.r#type.clone().unwrap_or(HeaderMatchType::Exact) {
                HeaderMatchType::Exact => ValueKind::Exact,
                HeaderMatchType::RegularExpression => ValueKind::RegularExpression,
                HeaderMatchType::Other(_) => ValueKind::Unknown,
            };
            (h.name.to_ascii_lowercase(), kind, h.value.as_str())
        })?;
        let query = value_matches(m.map(|m| m.query_params.as_slice()).unwrap_or_default(), |q| {
            let kind = match q.r#type.clone().unwrap_or(QueryParamMatchType::Exact) {
                QueryParamMatchType::Exact => ValueKind::Exact,
                QueryParamMatchType::RegularExpression => ValueKind::RegularExpression,
                QueryParamMatchType::Other(_) => ValueKind::Unknown,
            };
            (q.name.clone(), kind, q.value.as_str())
        })?;
        Some(EntryTemplate {
            match_index: None,
            path,
            method: m
                .and_then(|m| m.method.as_ref())
                .map(|m| m.as_str().to_ascii_uppercase()),
            headers,
            query,
            grpc: None,
        })
    }
}

/// A GRPCRoute's matches are on the HTTP/2 path `/<service>/<method>`.
impl RouteKind for GRPCRoute {
    const KIND: &'static str = "GRPCRoute";
    type Rule = GRPCRouteRule;
    type Match = GRPCRouteMatch;

    fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }

    fn rules(&self) -> &[GRPCRouteRule] {
        &self.spec.rules
    }

    fn filters(rule: &GRPCRouteRule) -> Vec<HTTPRouteFilter> {
        rule.filters.iter().map(grpc_filter).collect()
    }

    fn backend_refs(rule: &GRPCRouteRule) -> Vec<(&BackendRef, Vec<HTTPHeaderFilter>)> {
        rule.backend_refs
            .iter()
            .map(|b| {
                let headers = b
                    .filters
                    .iter()
                    .filter(|f| f.r#type == GRPCRouteFilterType::RequestHeaderModifier)
                    .filter_map(|f| f.request_header_modifier.clone())
                    .collect();
                (&b.backend_ref, headers)
            })
            .collect()
    }

    fn matches(rule: &GRPCRouteRule) -> &[GRPCRouteMatch] {
        &rule.matches
    }

    fn entry(m: Option<&GRPCRouteMatch>) -> Option<EntryTemplate> {
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
                let re = full_regex(&pattern)?;
                PathMatch::Regex(re, pattern)
            }
        };
        let headers = value_matches(m.map(|m| m.headers.as_slice()).unwrap_or_default(), |h| {
            let kind = match h.r#type.clone().unwrap_or(GRPCHeaderMatchType::Exact) {
                GRPCHeaderMatchType::Exact => ValueKind::Exact,
                GRPCHeaderMatchType::RegularExpression => ValueKind::RegularExpression,
                GRPCHeaderMatchType::Other(_) => ValueKind::Unknown,
            };
            (h.name.to_ascii_lowercase(), kind, h.value.as_str())
        })?;
        let words = match (&service, &name) {
            (None, None) => "any gRPC method".to_string(),
            _ => format!(
                "gRPC {}{}/{}",
                if exact { "" } else { "regex " },
                service.as_deref().unwrap_or("*"),
                name.as_deref().unwrap_or("*")
            ),
        };
        Some(EntryTemplate {
            match_index: None,
            path,
            method: None,
            headers,
            query: Vec::new(),
            grpc: Some((service.map_or(0, |s| s.len()), name.map_or(0, |n| n.len()), words)),
        })
    }
}

/// A TLSRoute's rule (one in v1) matches every request: the connection goes to its backends whatever the path,
/// and the oldest route wins a hostname, as for HTTPRoutes.
impl RouteKind for TLSRoute {
    const KIND: &'static str = "TLSRoute";
    type Rule = TLSRouteRule;
    type Match = ();

    fn metadata(&self) -> &ObjectMeta {
        &self.metadata
    }

    fn rules(&self) -> &[TLSRouteRule] {
        &self.spec.rules
    }

    fn filters(_: &TLSRouteRule) -> Vec<HTTPRouteFilter> {
        Vec::new()
    }

    fn backend_refs(rule: &TLSRouteRule) -> Vec<(&BackendRef, Vec<HTTPHeaderFilter>)> {
        rule.backend_refs.iter().map(|b| (b, Vec::new())).collect()
    }

    fn matches(_: &TLSRouteRule) -> &[()] {
        &[]
    }

    fn entry(_: Option<&()>) -> Option<EntryTemplate> {
        Some(EntryTemplate {
            match_index: None,
            path: PathMatch::Prefix("/".to_string()),
            method: None,
            headers: Vec::new(),
            query: Vec::new(),
            grpc: None,
        })
    }
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
