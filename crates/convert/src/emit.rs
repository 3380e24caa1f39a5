//! The standard emitter: turns the ingress-nginx model of one ingress class into Gateway API v1.6.1
//! standard-channel objects (Gateway, ListenerSet, ReferenceGrant, HTTPRoute).
//!
//! Invariants:
//! - every listener admits only HTTPRoutes from the namespaces whose Ingresses served its host;
//! - no object exceeds an API limit (16 rules per route, 64 matches per rule, 64 listeners per Gateway or
//!   ListenerSet, 16 `to` entries per ReferenceGrant): larger configurations are split;
//! - names are assigned by `names::assign`, so they are unique per namespace and kind.

use std::collections::{BTreeMap, BTreeSet};

use gateshift_api::{
    core::NAMESPACE_NAME_LABEL,
    gateway::{
        AllowedListeners, AllowedRoutes, BackendObjectReference, BackendRef, FromNamespaces, GROUP, Gateway,
        GatewaySpec, HTTPBackendRef, HTTPHeader, HTTPHeaderFilter, HTTPPathMatch, HTTPPathModifier,
        HTTPPathModifierType, HTTPRequestRedirectFilter, HTTPRoute, HTTPRouteFilter, HTTPRouteFilterType,
        HTTPRouteMatch, HTTPRouteRule, HTTPRouteSpec, Listener, ListenerEntry, ListenerNamespaces,
        ListenerSet, ListenerSetSpec, ListenerTLSConfig, ParentGatewayReference, ParentReference,
        PathMatchType, ProtocolType, RedirectScheme, ReferenceGrant, ReferenceGrantFrom, ReferenceGrantSpec,
        ReferenceGrantTo, RouteGroupKind, RouteNamespaces, SecretObjectReference, TLSModeType,
    },
    meta::{LabelSelector, LabelSelectorRequirement, ObjectMeta},
};
use serde_json::Value;

use crate::{
    input::Input,
    names,
    nginx::{ClassModel, Location, PathKind, Server, Target, Tls},
};

/// The annotation on every generated object naming the objects it was generated from.
pub const SOURCES_ANNOTATION: &str = "gateshift.io/sources";
/// The label on every generated object.
pub const MANAGED_BY_LABEL: (&str, &str) = ("app.kubernetes.io/managed-by", "gateshift");
/// HSTS as ingress-nginx sends it by default on HTTPS responses (ConfigMap `hsts`, `hsts-max-age`,
/// `hsts-include-subdomains`).
pub const HSTS_VALUE: &str = "max-age=31536000; includeSubDomains";

const MAX_RULES: usize = 16;
const MAX_MATCHES: usize = 64;
const MAX_ROUTE_MATCHES: usize = 128;
const MAX_GRANT_TO: usize = 16;

/// Where the Gateway of one emission goes and what it is called.
pub(crate) struct GatewayTarget {
    pub namespace: String,
    pub name: String,
    pub class_name: String,
    /// What the Gateway stands for, for its sources annotation (e.g. `IngressClass nginx`).
    pub source: String,
    pub max_listeners: usize,
    pub hsts: bool,
}

/// Generated objects as JSON, with a sort key.
pub(crate) struct Emitted {
    pub objects: Vec<(u8, String, String, Value)>,
}

#[derive(Clone)]
struct ListenerPlan {
    host: Option<String>,
    https: bool,
    /// Assigned later.
    name: String,
    /// Where the listener lives: `None` = the Gateway, `Some(ns)` = a ListenerSet in `ns`.
    home: Option<String>,
    /// The ListenerSet name once assigned.
    set_name: String,
    cert: Option<(String, String)>,
    namespaces: BTreeSet<String>,
    /// Where the listener goes when ListenerSets are needed: the namespace of the host's certificate, else of
    /// the Ingress that owns the host.
    set_namespace: String,
}

struct RoutePlan {
    namespace: String,
    host: Option<String>,
    base: String,
    identity: String,
    rules: Vec<HTTPRouteRule>,
    /// Indices into the listener plans.
    listeners: Vec<usize>,
    sources: BTreeSet<String>,
}

fn meta(name: &str, namespace: &str, sources: &str) -> ObjectMeta {
    let mut m = ObjectMeta {
        name: name.to_string(),
        namespace: Some(namespace.to_string()),
        ..Default::default()
    };
    m.labels
        .insert(MANAGED_BY_LABEL.0.to_string(), MANAGED_BY_LABEL.1.to_string());
    m.annotations
        .insert(SOURCES_ANNOTATION.to_string(), sources.to_string());
    m
}

fn namespace_selector(namespaces: &BTreeSet<String>) -> LabelSelector {
    LabelSelector {
        match_expressions: vec![LabelSelectorRequirement {
            key: NAMESPACE_NAME_LABEL.to_string(),
            operator: "In".to_string(),
            values: namespaces.iter().cloned().collect(),
        }],
        ..Default::default()
    }
}

fn path_match(l: &Location) -> HTTPRouteMatch {
    HTTPRouteMatch {
        path: Some(HTTPPathMatch {
            r#type: Some(match l.kind {
                PathKind::Exact => PathMatchType::Exact,
                PathKind::Prefix => PathMatchType::PathPrefix,
            }),
            value: Some(l.path.clone()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn redirect_filter(scheme: Option<RedirectScheme>, full_path: Option<String>, code: i32) -> HTTPRouteFilter {
    HTTPRouteFilter {
        r#type: HTTPRouteFilterType::RequestRedirect,
        request_redirect: Some(HTTPRequestRedirectFilter {
            scheme,
            path: full_path.map(|p| HTTPPathModifier {
                r#type: HTTPPathModifierType::ReplaceFullPath,
                replace_full_path: Some(p),
                ..Default::default()
            }),
            status_code: Some(code),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn hsts_filter() -> HTTPRouteFilter {
    HTTPRouteFilter {
        r#type: HTTPRouteFilterType::ResponseHeaderModifier,
        response_header_modifier: Some(HTTPHeaderFilter {
            set: vec![HTTPHeader {
                name: "Strict-Transport-Security".into(),
                value: HSTS_VALUE.into(),
                ..Default::default()
            }],
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The rule that does what `l` does, when reached over the scheme described by `over_https`.
fn forward_rule(l: &Location, over_https: bool, hsts: bool) -> Option<HTTPRouteRule> {
    let matches = vec![path_match(l)];
    match &l.target {
        Target::Service(b) => Some(HTTPRouteRule {
            matches,
            filters: if over_https && hsts {
                vec![hsts_filter()]
            } else {
                Vec::new()
            },
            backend_refs: vec![HTTPBackendRef {
                backend_ref: BackendRef {
                    backend_object_reference: BackendObjectReference {
                        name: b.name.clone(),
                        port: Some(b.port),
                        ..Default::default()
                    },
                    ..Default::default()
                },
                ..Default::default()
            }],
            ..Default::default()
        }),
        // nginx's own redirect keeps the scheme and query and names no port.
        Target::TrailingSlash(to) => Some(HTTPRouteRule {
            matches,
            filters: vec![redirect_filter(None, Some(to.clone()), 301)],
            ..Default::default()
        }),
        // The global default backend answers 404, which is what a Gateway answers when no rule matches.
        Target::NotFound => None,
    }
}

fn https_redirect_rule(matches: Vec<HTTPRouteMatch>) -> HTTPRouteRule {
    HTTPRouteRule {
        matches,
        filters: vec![redirect_filter(Some(RedirectScheme::Https), None, 308)],
        ..Default::default()
    }
}

/// Emits the objects for `servers` behind one Gateway.
pub(crate) fn emit(input: &Input<'_>, model: &ClassModel, gw: &GatewayTarget) -> Emitted {
    let mut listeners: Vec<ListenerPlan> = Vec::new();
    let mut routes: Vec<RoutePlan> = Vec::new();

    for server in model.servers.values() {
        plan_server(input, server, gw, &mut listeners, &mut routes);
    }

    // Listener homes: everything on the Gateway while it fits; otherwise host listeners move to ListenerSets in
    // the namespace of the Ingress that owns the host, which also keeps certificates in their own namespace.
    let use_sets = listeners.len() > gw.max_listeners;
    if use_sets {
        for l in &mut listeners {
            if l.host.is_some() {
                l.home = Some(l.set_namespace.clone());
            }
        }
        if !listeners.iter().any(|l| l.host.is_none()) {
            // A Gateway needs one listener; a hostless HTTP one that admits no application routes answers 404
            // for unknown hosts, as ingress-nginx's catch-all server did.
            listeners.push(ListenerPlan {
                host: None,
                https: false,
                name: String::new(),
                home: None,
                set_name: String::new(),
                cert: None,
                namespaces: BTreeSet::new(),
                set_namespace: gw.namespace.clone(),
            });
        }
    }
    // Prefer the owner namespace recorded per server: recompute from routes for stability.
    let mut set_members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, l) in listeners.iter().enumerate() {
        if let Some(ns) = &l.home {
            set_members.entry(ns.clone()).or_default().push(i);
        }
    }
    let mut set_names: Vec<(String, String, String)> = Vec::new();
    let mut set_chunks: Vec<(String, Vec<usize>)> = Vec::new();
    for (ns, members) in &set_members {
        for (c, chunk) in members.chunks(gw.max_listeners).enumerate() {
            let base = if c == 0 {
                gw.name.clone()
            } else {
                format!("{}-{}", gw.name, c + 1)
            };
            set_names.push((ns.clone(), base.clone(), format!("{ns}/{base}")));
            set_chunks.push((ns.clone(), chunk.to_vec()));
        }
    }
    let set_final = names::assign(&set_names, 253);
    for ((_, members), name) in set_chunks.iter().zip(&set_final) {
        for &i in members {
            listeners[i].set_name = name.clone();
        }
    }

    // Listener names, unique within their Gateway or ListenerSet.
    let listener_items: Vec<(String, String, String)> = listeners
        .iter()
        .map(|l| {
            let scheme = if l.https { "https" } else { "http" };
            let base = match &l.host {
                None => scheme.to_string(),
                Some(h) => format!("{scheme}-{}", names::host_slug(Some(h))),
            };
            (
                l.set_name.clone(),
                base,
                format!("{scheme}|{}", l.host.as_deref().unwrap_or("")),
            )
        })
        .collect();
    for (l, name) in listeners.iter_mut().zip(names::assign(&listener_items, 253)) {
        l.name = name;
    }

    // Route names, unique per namespace.
    let mut route_items = Vec::new();
    let mut chunks: Vec<(usize, Vec<HTTPRouteRule>)> = Vec::new();
    for (r, plan) in routes.iter().enumerate() {
        for (c, rules) in route_chunks(&plan.rules).into_iter().enumerate() {
            let suffix = if c == 0 {
                String::new()
            } else {
                format!("-{}", c + 1)
            };
            route_items.push((
                plan.namespace.clone(),
                format!("{}{suffix}", plan.base),
                format!("{}{suffix}", plan.identity),
            ));
            chunks.push((r, rules.to_vec()));
        }
    }
    let route_names = names::assign(&route_items, 253);

    let mut out = Emitted { objects: Vec::new() };

    let mut gateway_listeners = Vec::new();
    let mut sets: BTreeMap<(String, String), Vec<ListenerEntry>> = BTreeMap::new();
    // (Secret namespace, referring kind, referring namespace) → Secrets.
    let mut grants: BTreeMap<(String, &str, String), BTreeSet<String>> = BTreeMap::new();
    for l in &listeners {
        let allowed = AllowedRoutes {
            namespaces: Some(if l.namespaces.is_empty() {
                RouteNamespaces {
                    from: Some(FromNamespaces::Same),
                    ..Default::default()
                }
            } else {
                RouteNamespaces {
                    from: Some(FromNamespaces::Selector),
                    selector: Some(namespace_selector(&l.namespaces)),
                    ..Default::default()
                }
            }),
            kinds: vec![RouteGroupKind {
                group: Some(GROUP.to_string()),
                kind: "HTTPRoute".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let listener_ns = l.home.clone().unwrap_or_else(|| gw.namespace.clone());
        let tls = l.cert.as_ref().map(|(ns, secret)| {
            if *ns != listener_ns {
                let kind = if l.home.is_some() {
                    "ListenerSet"
                } else {
                    "Gateway"
                };
                grants
                    .entry((ns.clone(), kind, listener_ns.clone()))
                    .or_default()
                    .insert(secret.clone());
            }
            ListenerTLSConfig {
                mode: Some(TLSModeType::Terminate),
                certificate_refs: vec![SecretObjectReference {
                    name: secret.clone(),
                    namespace: (*ns != listener_ns).then(|| ns.clone()),
                    ..Default::default()
                }],
                ..Default::default()
            }
        });
        let (port, protocol) = if l.https {
            (443, ProtocolType::HTTPS)
        } else {
            (80, ProtocolType::HTTP)
        };
        let listener = Listener {
            name: l.name.clone(),
            hostname: l.host.clone(),
            port,
            protocol,
            tls,
            allowed_routes: Some(allowed),
            ..Default::default()
        };
        match &l.home {
            None => gateway_listeners.push(listener),
            Some(ns) => sets
                .entry((ns.clone(), l.set_name.clone()))
                .or_default()
                .push(listener.into()),
        }
    }
    gateway_listeners.sort_by(|a, b| (&a.hostname, a.port, &a.name).cmp(&(&b.hostname, b.port, &b.name)));
    let set_namespaces: BTreeSet<String> = sets.keys().map(|(ns, _)| ns.clone()).collect();
    let gateway = Gateway::new(
        meta(&gw.name, &gw.namespace, &gw.source),
        GatewaySpec {
            gateway_class_name: gw.class_name.clone(),
            listeners: gateway_listeners,
            allowed_listeners: (!set_namespaces.is_empty()).then(|| AllowedListeners {
                namespaces: Some(ListenerNamespaces {
                    from: Some(FromNamespaces::Selector),
                    selector: Some(namespace_selector(&set_namespaces)),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        },
    );
    out.objects
        .push((0, gw.namespace.clone(), gw.name.clone(), json(&gateway)));

    for ((ns, name), mut entries) in sets {
        entries.sort_by(|a, b| (&a.hostname, a.port, &a.name).cmp(&(&b.hostname, b.port, &b.name)));
        let set = ListenerSet::new(
            meta(&name, &ns, &gw.source),
            ListenerSetSpec {
                parent_ref: ParentGatewayReference {
                    group: Some(GROUP.to_string()),
                    kind: Some("Gateway".into()),
                    name: gw.name.clone(),
                    namespace: Some(gw.namespace.clone()),
                    ..Default::default()
                },
                listeners: entries,
                ..Default::default()
            },
        );
        out.objects.push((1, ns, name, json(&set)));
    }

    for ((secret_ns, from_kind, from_ns), secrets) in grants {
        let secrets: Vec<String> = secrets.into_iter().collect();
        for (c, chunk) in secrets.chunks(MAX_GRANT_TO).enumerate() {
            let base = match from_kind {
                "Gateway" => format!("{from_ns}-{}-tls", gw.name),
                _ => format!("{from_ns}-{}-listenerset-tls", gw.name),
            };
            let name = names::sanitize(&if c == 0 { base } else { format!("{base}-{}", c + 1) }, 253);
            let grant = ReferenceGrant::new(
                meta(
                    &name,
                    &secret_ns,
                    &format!(
                        "certificates of the Ingresses in {secret_ns} used by {from_kind} {from_ns}/{}",
                        gw.name
                    ),
                ),
                ReferenceGrantSpec {
                    from: vec![ReferenceGrantFrom {
                        group: GROUP.into(),
                        kind: from_kind.to_string(),
                        namespace: from_ns.clone(),
                        ..Default::default()
                    }],
                    to: chunk
                        .iter()
                        .map(|s| ReferenceGrantTo {
                            group: String::new(),
                            kind: "Secret".into(),
                            name: Some(s.clone()),
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                },
            );
            out.objects.push((2, secret_ns.clone(), name, json(&grant)));
        }
    }

    for ((r, rules), name) in chunks.into_iter().zip(route_names) {
        let plan = &routes[r];
        let parent_refs = plan
            .listeners
            .iter()
            .map(|&i| {
                let l = &listeners[i];
                match &l.home {
                    None => ParentReference {
                        name: gw.name.clone(),
                        namespace: (gw.namespace != plan.namespace).then(|| gw.namespace.clone()),
                        section_name: Some(l.name.clone()),
                        ..Default::default()
                    },
                    Some(ns) => ParentReference {
                        group: Some(GROUP.into()),
                        kind: Some("ListenerSet".into()),
                        name: l.set_name.clone(),
                        namespace: (*ns != plan.namespace).then(|| ns.clone()),
                        section_name: Some(l.name.clone()),
                        ..Default::default()
                    },
                }
            })
            .collect();
        let sources: Vec<&str> = plan.sources.iter().map(String::as_str).collect();
        let route = HTTPRoute::new(
            meta(&name, &plan.namespace, &sources.join(", ")),
            HTTPRouteSpec {
                parent_refs,
                hostnames: plan.host.iter().cloned().collect(),
                rules,
                ..Default::default()
            },
        );
        out.objects.push((3, plan.namespace.clone(), name, json(&route)));
    }
    out
}

/// Plans the listeners and routes of one server (host).
fn plan_server(
    input: &Input<'_>,
    server: &Server,
    gw: &GatewayTarget,
    listeners: &mut Vec<ListenerPlan>,
    routes: &mut Vec<RoutePlan>,
) {
    if server
        .locations
        .iter()
        .all(|l| matches!(l.target, Target::NotFound) && !l.https_redirect)
    {
        // Only a 404 root: a Gateway answers 404 for this host without any listener.
        return;
    }
    let ns_of = |l: &Location| input.ingresses[l.ingress].r.namespace.clone();
    let owner_ns = input.ingresses[server.owner].r.namespace.clone();
    let mut by_ns: BTreeMap<String, Vec<&Location>> = BTreeMap::new();
    for l in &server.locations {
        by_ns.entry(ns_of(l)).or_default().push(l);
    }
    let cert = match &server.tls {
        Tls::Cert {
            namespace, secret, ..
        } => Some((namespace.clone(), secret.clone())),
        _ => None,
    };
    let set_namespace = cert
        .as_ref()
        .map_or_else(|| owner_ns.clone(), |(ns, _)| ns.clone());
    let http_idx = listeners.len();
    listeners.push(ListenerPlan {
        host: server.host.clone(),
        https: false,
        name: String::new(),
        home: None,
        set_name: String::new(),
        cert: None,
        namespaces: BTreeSet::new(),
        set_namespace: set_namespace.clone(),
    });
    let https_idx = cert.as_ref().map(|c| {
        listeners.push(ListenerPlan {
            host: server.host.clone(),
            https: true,
            name: String::new(),
            home: None,
            set_name: String::new(),
            cert: Some(c.clone()),
            namespaces: BTreeSet::new(),
            set_namespace: set_namespace.clone(),
        });
        listeners.len() - 1
    });
    // When every location redirects, one PathPrefix `/` redirect in the owner's route says it all; otherwise
    // each redirecting location keeps its own match, so a longer forwarding prefix elsewhere cannot capture it.
    let redirect_all = server
        .locations
        .iter()
        .filter(|l| {
            !matches!(l.target, Target::TrailingSlash(_))
                && !l.path.starts_with(crate::nginx::ACME_CHALLENGE_PREFIX)
        })
        .all(|l| l.https_redirect);
    let slug = names::host_slug(server.host.as_deref());
    for (ns, locs) in by_ns {
        let oldest = locs.iter().map(|l| l.ingress).min().expect("non-empty group");
        let base = format!("{}-{slug}", input.ingresses[oldest].r.name);
        let identity = format!("{ns}|{}", server.host.as_deref().unwrap_or(""));
        let sources: BTreeSet<String> = locs
            .iter()
            .map(|l| format!("Ingress {}/{}", ns, input.ingresses[l.ingress].r.name))
            .collect();
        let https_rules: Vec<HTTPRouteRule> = locs
            .iter()
            .filter_map(|l| forward_rule(l, true, gw.hsts))
            .collect();
        let mut http_rules: Vec<HTTPRouteRule> = Vec::new();
        let mut redirect_matches: Vec<HTTPRouteMatch> = Vec::new();
        for l in &locs {
            if l.https_redirect {
                if !redirect_all {
                    redirect_matches.push(path_match(l));
                }
            } else if let Some(rule) = forward_rule(l, false, gw.hsts) {
                http_rules.push(rule);
            }
        }
        if redirect_all && ns == owner_ns && server.locations.iter().any(|l| l.https_redirect) {
            redirect_matches.push(HTTPRouteMatch {
                path: Some(HTTPPathMatch {
                    r#type: Some(PathMatchType::PathPrefix),
                    value: Some("/".into()),
                    ..Default::default()
                }),
                ..Default::default()
            });
        }
        for chunk in redirect_matches.chunks(MAX_MATCHES) {
            http_rules.push(https_redirect_rule(chunk.to_vec()));
        }
        let same = https_idx.is_some() && !locs.iter().any(|l| l.https_redirect) && !gw.hsts;
        match https_idx {
            Some(h) if same => {
                listeners[http_idx].namespaces.insert(ns.clone());
                listeners[h].namespaces.insert(ns.clone());
                routes.push(RoutePlan {
                    namespace: ns,
                    host: server.host.clone(),
                    base,
                    identity,
                    rules: https_rules,
                    listeners: vec![http_idx, h],
                    sources,
                });
            }
            Some(h) => {
                if !https_rules.is_empty() {
                    listeners[h].namespaces.insert(ns.clone());
                    routes.push(RoutePlan {
                        namespace: ns.clone(),
                        host: server.host.clone(),
                        base: base.clone(),
                        identity: identity.clone(),
                        rules: https_rules,
                        listeners: vec![h],
                        sources: sources.clone(),
                    });
                }
                if !http_rules.is_empty() {
                    listeners[http_idx].namespaces.insert(ns.clone());
                    routes.push(RoutePlan {
                        namespace: ns,
                        host: server.host.clone(),
                        base: format!("{base}-http"),
                        identity: format!("{identity}|http"),
                        rules: http_rules,
                        listeners: vec![http_idx],
                        sources,
                    });
                }
            }
            None => {
                if !http_rules.is_empty() {
                    listeners[http_idx].namespaces.insert(ns.clone());
                    routes.push(RoutePlan {
                        namespace: ns,
                        host: server.host.clone(),
                        base,
                        identity,
                        rules: http_rules,
                        listeners: vec![http_idx],
                        sources,
                    });
                }
            }
        }
    }
}

/// Splits rules into routes of at most 16 rules and 128 matches (the CRD limits); rule order is kept, and Gateway
/// API precedence is global across a listener's routes, so the split changes no routing decision.
fn route_chunks(rules: &[HTTPRouteRule]) -> Vec<&[HTTPRouteRule]> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut matches = 0;
    for (i, rule) in rules.iter().enumerate() {
        let n = rule.matches.len().max(1);
        if i - start == MAX_RULES || matches + n > MAX_ROUTE_MATCHES {
            chunks.push(&rules[start..i]);
            start = i;
            matches = 0;
        }
        matches += n;
    }
    if start < rules.len() {
        chunks.push(&rules[start..]);
    }
    chunks
}

fn json<T: serde::Serialize>(object: &T) -> Value {
    serde_json::to_value(object).expect("generated objects always serialize")
}
