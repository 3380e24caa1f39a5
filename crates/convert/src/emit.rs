//! The standard emitter: turns the ingress-nginx model of one ingress class into Gateway API v1.6.1
//! standard-channel objects (Gateway, ListenerSet, ReferenceGrant, HTTPRoute).
//!
//! Invariants:
//! - every listener admits only HTTPRoutes from the namespaces whose Ingresses served its host;
//! - no object exceeds an API limit (16 rules per route, 64 matches per rule, 64 listeners per Gateway or
//!   ListenerSet, 16 `to` entries per ReferenceGrant): larger configurations are split;
//! - names are assigned by `names::assign`, so they are unique per namespace and kind.

mod verdicts;

use std::collections::{BTreeMap, BTreeSet};

use gateshift_api::{
    core::NAMESPACE_NAME_LABEL,
    gateway::{
        AllowedListeners, AllowedRoutes, BackendObjectReference, BackendRef, BackendTLSPolicy,
        BackendTLSPolicySpec, BackendTLSPolicyValidation, FromNamespaces, GROUP, GRPCBackendRef,
        GRPCHeaderMatch, GRPCHeaderMatchType, GRPCMethodMatch, GRPCMethodMatchType, GRPCRoute,
        GRPCRouteFilter, GRPCRouteFilterType, GRPCRouteMatch, GRPCRouteRule, GRPCRouteSpec, Gateway,
        GatewaySpec, HTTPBackendRef, HTTPCORSFilter, HTTPHeader, HTTPHeaderFilter, HTTPHeaderMatch,
        HTTPPathMatch, HTTPPathModifier, HTTPPathModifierType, HTTPRequestMirrorFilter,
        HTTPRequestRedirectFilter, HTTPRoute, HTTPRouteFilter, HTTPRouteFilterType, HTTPRouteMatch,
        HTTPRouteRule, HTTPRouteSpec, HTTPRouteTimeouts, HTTPURLRewriteFilter, HeaderMatchType, Listener,
        ListenerEntry, ListenerNamespaces, ListenerSet, ListenerSetSpec, ListenerTLSConfig,
        LocalObjectReference, LocalPolicyTargetReferenceWithSectionName, ParentGatewayReference,
        ParentReference, PathMatchType, ProtocolType, RedirectScheme, ReferenceGrant, ReferenceGrantFrom,
        ReferenceGrantSpec, ReferenceGrantTo, RouteGroupKind, RouteNamespaces, SecretObjectReference,
        TLSModeType, TLSRoute, TLSRouteRule, TLSRouteSpec,
    },
    meta::{LabelSelector, LabelSelectorRequirement, ObjectMeta},
};

use crate::{
    input::Input,
    intent::{Intents, Mirror},
    model::{CanaryRoute, ClassModel, Location, Matcher, Rewrite, Server, ServiceBackend, Target, Tls},
    names,
    output::{Generated, GeneratedKind},
};

pub(crate) use verdicts::explain;

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
    /// The status of HTTPS redirects (ConfigMap `http-redirect-code`).
    pub redirect_code: u16,
    /// The controller's `--default-ssl-certificate` (namespace, name): the certificate of hosts without one.
    pub default_cert: Option<(String, String)>,
}

/// Generated objects with their sort key (kind rank, namespace, name).
pub(crate) struct Emitted {
    pub objects: Vec<(u8, String, String, Generated)>,
}

#[derive(Clone)]
struct ListenerPlan {
    host: Option<String>,
    /// Port 443 (HTTPS, or TLS when `passthrough`) rather than 80.
    https: bool,
    /// A TLS listener in Passthrough mode (`ssl-passthrough`).
    passthrough: bool,
    /// Route kinds attached to it.
    kinds: BTreeSet<&'static str>,
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

/// ReferenceGrants to write: (referenced namespace, referring kind, referring namespace) → referenced
/// (kind, name).
type Grants = BTreeMap<(String, &'static str, String), BTreeSet<(&'static str, String)>>;

/// What a planned route carries.
enum RouteBody {
    Http(Vec<HTTPRouteRule>),
    Grpc(Vec<GRPCRouteRule>),
    /// A TLSRoute to one Service (passthrough).
    Tls(ServiceBackend),
}

struct RoutePlan {
    namespace: String,
    host: Option<String>,
    base: String,
    identity: String,
    body: RouteBody,
    /// Indices into the listener plans.
    listeners: Vec<usize>,
    sources: BTreeSet<String>,
}

/// At most this many sources are named in an object's sources annotation.
const MAX_NAMED_SOURCES: usize = 32;

/// The sources annotation's value: the sources, or past [`MAX_NAMED_SOURCES`] the first of them, how many more
/// and a digest of the whole list. Thousands of Ingresses on one regex-mode host all feed every route of the
/// host; naming them all in every split route made the output quadratic and, past ~14k Ingresses, broke the
/// API server's 256 KiB limit on annotations.
fn sources_text(sources: &BTreeSet<String>) -> String {
    let named: Vec<&str> = sources
        .iter()
        .take(MAX_NAMED_SOURCES)
        .map(String::as_str)
        .collect();
    let mut text = named.join(", ");
    if sources.len() > MAX_NAMED_SOURCES {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        for source in sources {
            hash.update(source.as_bytes());
            hash.update(b"\n");
        }
        let digest: String = hash
            .finalize()
            .iter()
            .take(6)
            .map(|b| format!("{b:02x}"))
            .collect();
        text.push_str(&format!(
            " and {} more ({} in all, sha256 {digest})",
            sources.len() - MAX_NAMED_SOURCES,
            sources.len()
        ));
    }
    text
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
    let (r#type, value) = match &l.matcher {
        Matcher::Exact(p) => (PathMatchType::Exact, p.clone()),
        Matcher::Prefix(p) => (PathMatchType::PathPrefix, p.clone()),
        Matcher::Regex(r) => (PathMatchType::RegularExpression, r.clone()),
    };
    HTTPRouteMatch {
        path: Some(HTTPPathMatch {
            r#type: Some(r#type),
            value: Some(value),
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

fn header(name: &str, value: &str) -> HTTPHeader {
    HTTPHeader {
        name: name.to_string(),
        value: value.to_string(),
        ..Default::default()
    }
}

/// A header condition of a canary branch: (name, regex?, value).
type HeaderCondition = (String, bool, String);

/// One way a request to a location can go: extra header conditions, then weighted backends.
struct Branch {
    headers: Vec<HeaderCondition>,
    backends: Vec<(ServiceBackend, Option<i32>)>,
}

/// The branches of a Service location, in ingress-nginx's canary order: header, cookie, weight.
fn branches(main: &ServiceBackend, canary: Option<&CanaryRoute>) -> Vec<Branch> {
    let only = |b: &ServiceBackend| vec![(b.clone(), None)];
    let Some(c) = canary else {
        return vec![Branch {
            headers: Vec::new(),
            backends: only(main),
        }];
    };
    let cfg = &c.config;
    let mut out = Vec::new();
    if let Some(h) = &cfg.by_header {
        match (&cfg.header_value, &cfg.header_pattern) {
            (Some(v), _) => out.push(Branch {
                headers: vec![(h.clone(), false, v.clone())],
                backends: only(&c.backend),
            }),
            (None, Some(p)) => out.push(Branch {
                headers: vec![(h.clone(), true, p.clone())],
                backends: only(&c.backend),
            }),
            // A pattern that does not compile: the header, whatever its value, keeps the request on the main
            // backend (the balancer's match fails and returns before the cookie and the weight).
            (None, None) if cfg.header_pattern_error.is_some() => out.push(Branch {
                headers: vec![(h.clone(), true, ".*".into())],
                backends: only(main),
            }),
            (None, None) => {
                out.push(Branch {
                    headers: vec![(h.clone(), false, "always".into())],
                    backends: only(&c.backend),
                });
                out.push(Branch {
                    headers: vec![(h.clone(), false, "never".into())],
                    backends: only(main),
                });
            }
        }
    }
    if let Some(cookie) = &cfg.by_cookie {
        for (value, to) in [("always", &c.backend), ("never", main)] {
            out.push(Branch {
                headers: vec![("Cookie".into(), true, cookie_regex(cookie, value))],
                backends: only(to),
            });
        }
    }
    let total = cfg.weight_total;
    let weight = cfg.weight.min(total);
    let backends = if weight == 0 {
        only(main)
    } else if weight == total {
        only(&c.backend)
    } else {
        vec![
            (main.clone(), Some((total - weight) as i32)),
            (c.backend.clone(), Some(weight as i32)),
        ]
    };
    out.push(Branch {
        headers: Vec::new(),
        backends,
    });
    out
}

/// A regex matching a Cookie header that carries `name=value`, under full-match and search semantics alike.
fn cookie_regex(name: &str, value: &str) -> String {
    let escaped: String = name
        .chars()
        .flat_map(|c| {
            let meta = "\\.+*?()|[]{}^$".contains(c);
            meta.then_some('\\').into_iter().chain(std::iter::once(c))
        })
        .collect();
    format!("^(.*;\\s*)?{escaped}={value}(\\s*;.*)?$")
}

fn backend_object(b: &ServiceBackend, route_ns: &str) -> BackendObjectReference {
    BackendObjectReference {
        name: b.name.clone(),
        namespace: (b.namespace != route_ns).then(|| b.namespace.clone()),
        port: Some(b.port),
        ..Default::default()
    }
}

/// The response headers a location sets: `custom-headers`, and HSTS over HTTPS unless they set it already.
fn response_headers(a: &Intents, hsts: bool) -> Vec<HTTPHeader> {
    let mut response: Vec<HTTPHeader> = a.response_headers.iter().map(|(n, v)| header(n, v)).collect();
    if hsts
        && !response
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("Strict-Transport-Security"))
    {
        response.push(header("Strict-Transport-Security", HSTS_VALUE));
    }
    response
}

/// A weighted reference to a Service from a route in `route_ns`.
fn backend_ref(b: &ServiceBackend, weight: Option<i32>, route_ns: &str) -> BackendRef {
    BackendRef {
        backend_object_reference: backend_object(b, route_ns),
        weight,
        ..Default::default()
    }
}

/// The filters a Service location applies, from its Ingress's intents.
fn service_filters(
    l: &Location,
    a: &Intents,
    over_https: bool,
    hsts: bool,
    route_ns: &str,
) -> Vec<HTTPRouteFilter> {
    let mut filters = Vec::new();
    let path = l.rewrite.as_ref().map(|r| match r {
        Rewrite::Full(p) => HTTPPathModifier {
            r#type: HTTPPathModifierType::ReplaceFullPath,
            replace_full_path: Some(p.clone()),
            ..Default::default()
        },
        Rewrite::Prefix(p) => HTTPPathModifier {
            r#type: HTTPPathModifierType::ReplacePrefixMatch,
            replace_prefix_match: Some(p.clone()),
            ..Default::default()
        },
    });
    if path.is_some() || a.upstream_vhost.is_some() {
        filters.push(HTTPRouteFilter {
            r#type: HTTPRouteFilterType::URLRewrite,
            url_rewrite: Some(HTTPURLRewriteFilter {
                hostname: a.upstream_vhost.clone(),
                path,
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    if let (Some(prefix), Some(_)) = (&a.x_forwarded_prefix, &a.rewrite_target) {
        filters.push(HTTPRouteFilter {
            r#type: HTTPRouteFilterType::RequestHeaderModifier,
            request_header_modifier: Some(HTTPHeaderFilter {
                set: vec![header("X-Forwarded-Prefix", prefix)],
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    let response = response_headers(a, over_https && hsts);
    if !response.is_empty() {
        filters.push(HTTPRouteFilter {
            r#type: HTTPRouteFilterType::ResponseHeaderModifier,
            response_header_modifier: Some(HTTPHeaderFilter {
                set: response,
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    if let Some(c) = &a.cors {
        filters.push(HTTPRouteFilter {
            r#type: HTTPRouteFilterType::CORS,
            cors: Some(HTTPCORSFilter {
                allow_origins: c.allow_origins.clone(),
                allow_credentials: Some(c.allow_credentials),
                allow_methods: c
                    .allow_methods
                    .iter()
                    .map(|m| m.parse().expect("open enum"))
                    .collect(),
                allow_headers: c.allow_headers.clone(),
                expose_headers: c.expose_headers.clone(),
                max_age: Some(c.max_age),
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    if let Some(Mirror {
        service: Some((ns, name, port)),
        ..
    }) = &a.mirror
    {
        let b = ServiceBackend {
            namespace: ns.clone(),
            name: name.clone(),
            port: port.unwrap_or(80),
        };
        filters.push(HTTPRouteFilter {
            r#type: HTTPRouteFilterType::RequestMirror,
            request_mirror: Some(HTTPRequestMirrorFilter {
                backend_ref: backend_object(&b, route_ns),
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    filters
}

/// The HTTPRoute rules that do what `l` does, when reached over the scheme described by `over_https`.
fn forward_rules(
    l: &Location,
    a: &Intents,
    over_https: bool,
    hsts: bool,
    route_ns: &str,
) -> Vec<HTTPRouteRule> {
    let base = path_match(l);
    match &l.target {
        Target::Service(b) => {
            let filters = service_filters(l, a, over_https, hsts, route_ns);
            let timeouts = a
                .timeouts
                .read
                .filter(|&s| s > 0 && s <= 99_999)
                .map(|s| HTTPRouteTimeouts {
                    backend_request: Some(format!("{s}s")),
                    ..Default::default()
                });
            branches(b, l.canary.as_ref())
                .into_iter()
                .map(|branch| {
                    let mut m = base.clone();
                    m.headers = branch
                        .headers
                        .iter()
                        .map(|(name, regex, value)| HTTPHeaderMatch {
                            r#type: regex.then_some(HeaderMatchType::RegularExpression),
                            name: name.clone(),
                            value: value.clone(),
                            ..Default::default()
                        })
                        .collect();
                    HTTPRouteRule {
                        matches: vec![m],
                        filters: filters.clone(),
                        backend_refs: branch
                            .backends
                            .iter()
                            .map(|(b, weight)| HTTPBackendRef {
                                backend_ref: backend_ref(b, *weight, route_ns),
                                ..Default::default()
                            })
                            .collect(),
                        timeouts: timeouts.clone(),
                        ..Default::default()
                    }
                })
                .collect()
        }
        // nginx's own redirect keeps the scheme and query and names no port.
        Target::TrailingSlash(to) => vec![HTTPRouteRule {
            matches: vec![base],
            filters: vec![redirect_filter(None, Some(to.clone()), 301)],
            ..Default::default()
        }],
        Target::Redirect(r) => vec![HTTPRouteRule {
            matches: vec![base],
            filters: vec![HTTPRouteFilter {
                r#type: HTTPRouteFilterType::RequestRedirect,
                request_redirect: Some(HTTPRequestRedirectFilter {
                    scheme: Some(r.scheme.parse().expect("open enum")),
                    hostname: Some(r.host.clone()),
                    port: r.port,
                    path: Some(HTTPPathModifier {
                        r#type: HTTPPathModifierType::ReplaceFullPath,
                        replace_full_path: Some(r.path.clone()),
                        ..Default::default()
                    }),
                    status_code: Some(r.code),
                    ..Default::default()
                }),
                ..Default::default()
            }],
            ..Default::default()
        }],
        Target::AppRoot(to) => vec![HTTPRouteRule {
            matches: vec![base],
            filters: vec![redirect_filter(None, Some(to.clone()), 302)],
            ..Default::default()
        }],
        Target::WwwRedirect(host) => vec![HTTPRouteRule {
            matches: vec![base],
            filters: vec![HTTPRouteFilter {
                r#type: HTTPRouteFilterType::RequestRedirect,
                request_redirect: Some(HTTPRequestRedirectFilter {
                    hostname: Some(host.clone()),
                    status_code: Some(308),
                    ..Default::default()
                }),
                ..Default::default()
            }],
            ..Default::default()
        }],
        // The global default backend answers 404, which is what a Gateway answers when no rule matches.
        Target::NotFound => Vec::new(),
        // ingress-nginx answers 503 here (a Service or port it cannot resolve); a rule without backendRefs or
        // filters answers 500, the Gateway API's answer for a backend that does not resolve. The report says
        // why at the reference.
        Target::Unavailable => vec![HTTPRouteRule {
            matches: vec![base],
            ..Default::default()
        }],
    }
}

/// The GRPCRoute rules of a gRPC location on the HTTPS listener (its path names a service or method).
fn grpc_rules(l: &Location, a: &Intents, hsts: bool, route_ns: &str) -> Vec<GRPCRouteRule> {
    let Target::Service(b) = &l.target else {
        return Vec::new();
    };
    let method = crate::annotations::grpc_method_of(&l.path).and_then(|(service, method)| {
        service.map(|service| GRPCMethodMatch {
            r#type: Some(GRPCMethodMatchType::Exact),
            service: Some(service),
            method,
            ..Default::default()
        })
    });
    let mut filters = Vec::new();
    let response = response_headers(a, hsts);
    if !response.is_empty() {
        filters.push(GRPCRouteFilter {
            r#type: GRPCRouteFilterType::ResponseHeaderModifier,
            response_header_modifier: Some(HTTPHeaderFilter {
                set: response,
                ..Default::default()
            }),
            ..Default::default()
        });
    }
    branches(b, l.canary.as_ref())
        .into_iter()
        .map(|branch| {
            let headers: Vec<GRPCHeaderMatch> = branch
                .headers
                .iter()
                .map(|(name, regex, value)| GRPCHeaderMatch {
                    r#type: regex.then_some(GRPCHeaderMatchType::RegularExpression),
                    name: name.clone(),
                    value: value.clone(),
                    ..Default::default()
                })
                .collect();
            let matches = if method.is_none() && headers.is_empty() {
                Vec::new()
            } else {
                vec![GRPCRouteMatch {
                    method: method.clone(),
                    headers,
                    ..Default::default()
                }]
            };
            GRPCRouteRule {
                matches,
                filters: filters.clone(),
                backend_refs: branch
                    .backends
                    .iter()
                    .map(|(b, weight)| GRPCBackendRef {
                        backend_ref: backend_ref(b, *weight, route_ns),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }
        })
        .collect()
}

fn https_redirect_rule(matches: Vec<HTTPRouteMatch>, code: u16) -> HTTPRouteRule {
    HTTPRouteRule {
        matches,
        filters: vec![redirect_filter(
            Some(RedirectScheme::Https),
            None,
            i32::from(code),
        )],
        ..Default::default()
    }
}

/// Emits the objects for `servers` behind one Gateway.
pub(crate) fn emit(input: &Input<'_>, model: ClassModel, intents: &[Intents], gw: &GatewayTarget) -> Emitted {
    let mut listeners: Vec<ListenerPlan> = Vec::new();
    let mut routes: Vec<RoutePlan> = Vec::new();

    for server in model.servers.values() {
        plan_server(input, server, intents, gw, &mut listeners, &mut routes);
    }
    // A Gateway needs at least one listener (CRD `minItems: 1`); the caller reports why there is none.
    if listeners.is_empty() {
        return Emitted { objects: Vec::new() };
    }
    let policies = backend_tls_policies(input, &model, intents);
    // Everything below works from the plans; the model is as large as they are.
    drop(model);

    place_listeners(&mut listeners, gw);
    name_listeners(&mut listeners);
    let (chunks, route_names) = chunk_routes(&mut routes);

    let mut out = Emitted { objects: Vec::new() };
    let mut grants: Grants = BTreeMap::new();
    write_gateway_and_sets(&listeners, gw, &mut grants, &mut out);
    write_routes(
        chunks,
        route_names,
        &routes,
        &listeners,
        gw,
        &mut grants,
        &mut out,
    );
    for ((ns, _), policy) in policies {
        let name = policy.metadata.name.clone();
        out.objects.push((7, ns, name, json(&policy)));
    }
    write_grants(grants, gw, &mut out);
    out
}

/// One BackendTLSPolicy per Service that a location with a verified TLS backend uses.
fn backend_tls_policies(
    input: &Input<'_>,
    model: &ClassModel,
    intents: &[Intents],
) -> BTreeMap<(String, String), BackendTLSPolicy> {
    let mut policies: BTreeMap<(String, String), BackendTLSPolicy> = BTreeMap::new();
    for server in model.servers.values() {
        for l in &server.locations {
            let a = &intents[l.ingress];
            if let (true, Target::Service(b)) = (a.verified_backend_tls, &l.target) {
                let (_, secret) = a.backend_tls.secret.clone().expect("policy needs the CA secret");
                policies
                    .entry((b.namespace.clone(), b.name.clone()))
                    .or_insert_with(|| {
                        BackendTLSPolicy::new(
                            meta(
                                &names::sanitize(&format!("{}-backend-tls", b.name), 253),
                                &b.namespace,
                                &format!(
                                    "Ingress {}",
                                    input.ingresses[l.ingress].r.namespace.clone()
                                        + "/"
                                        + &input.ingresses[l.ingress].r.name
                                ),
                            ),
                            BackendTLSPolicySpec {
                                target_refs: vec![LocalPolicyTargetReferenceWithSectionName {
                                    group: String::new(),
                                    kind: "Service".into(),
                                    name: b.name.clone(),
                                    ..Default::default()
                                }],
                                validation: BackendTLSPolicyValidation {
                                    ca_certificate_refs: vec![LocalObjectReference {
                                        group: String::new(),
                                        kind: "Secret".into(),
                                        name: secret,
                                        ..Default::default()
                                    }],
                                    hostname: a
                                        .backend_tls
                                        .name
                                        .clone()
                                        .unwrap_or_else(|| format!("{}.{}.svc", b.name, b.namespace)),
                                    ..Default::default()
                                },
                                ..Default::default()
                            },
                        )
                    });
            }
        }
    }
    policies
}

/// Listener homes: everything on the Gateway while it fits; otherwise host listeners move to ListenerSets in
/// the namespace of the Ingress that owns the host, which also keeps certificates in their own namespace.
fn place_listeners(listeners: &mut Vec<ListenerPlan>, gw: &GatewayTarget) {
    let use_sets = listeners.len() > gw.max_listeners;
    if use_sets {
        for l in listeners.iter_mut() {
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
                passthrough: false,
                kinds: BTreeSet::new(),
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
}

/// Listener names, unique within their Gateway or ListenerSet.
fn name_listeners(listeners: &mut [ListenerPlan]) {
    let listener_items: Vec<(String, String, String)> = listeners
        .iter()
        .map(|l| {
            let scheme = match (l.https, l.passthrough) {
                (true, true) => "tls",
                (true, false) => "https",
                _ => "http",
            };
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
}

/// Splits each planned route at the API limits and names the parts, unique per namespace: (route index,
/// body) with the names in the same order.
fn chunk_routes(routes: &mut [RoutePlan]) -> (Vec<(usize, RouteBody)>, Vec<String>) {
    let mut route_items = Vec::new();
    let mut chunks: Vec<(usize, RouteBody)> = Vec::new();
    for (r, plan) in routes.iter_mut().enumerate() {
        // The rules move into their chunks: cloning them held every rule twice (58 MB at 10k Ingresses).
        let body = std::mem::replace(&mut plan.body, RouteBody::Http(Vec::new()));
        let parts: Vec<RouteBody> = match body {
            RouteBody::Http(rules) => route_chunks(rules).into_iter().map(RouteBody::Http).collect(),
            RouteBody::Grpc(rules) => split_off_chunks(rules, |_| MAX_RULES)
                .into_iter()
                .map(RouteBody::Grpc)
                .collect(),
            RouteBody::Tls(b) => vec![RouteBody::Tls(b)],
        };
        for (c, body) in parts.into_iter().enumerate() {
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
            chunks.push((r, body));
        }
    }
    let route_names = names::assign(&route_items, 253);
    (chunks, route_names)
}

/// The Gateway with its own listeners, and the ListenerSets with the others; certificate grants to `grants`.
fn write_gateway_and_sets(
    listeners: &[ListenerPlan],
    gw: &GatewayTarget,
    grants: &mut Grants,
    out: &mut Emitted,
) {
    let mut gateway_listeners = Vec::new();
    let mut sets: BTreeMap<(String, String), Vec<ListenerEntry>> = BTreeMap::new();
    for l in listeners {
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
            kinds: if l.kinds.is_empty() {
                vec![RouteGroupKind {
                    group: Some(GROUP.to_string()),
                    kind: if l.passthrough { "TLSRoute" } else { "HTTPRoute" }.into(),
                    ..Default::default()
                }]
            } else {
                l.kinds
                    .iter()
                    .map(|k| RouteGroupKind {
                        group: Some(GROUP.to_string()),
                        kind: (*k).into(),
                        ..Default::default()
                    })
                    .collect()
            },
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
                    .insert(("Secret", secret.clone()));
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
        let (port, protocol) = match (l.https, l.passthrough) {
            (true, true) => (443, ProtocolType::TLS),
            (true, false) => (443, ProtocolType::HTTPS),
            _ => (80, ProtocolType::HTTP),
        };
        let tls = if l.passthrough {
            Some(ListenerTLSConfig {
                mode: Some(TLSModeType::Passthrough),
                ..Default::default()
            })
        } else {
            tls
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
}

/// The routes (HTTPRoute, GRPCRoute, TLSRoute) with their parentRefs; cross-namespace backend grants to `grants`.
fn write_routes(
    chunks: Vec<(usize, RouteBody)>,
    route_names: Vec<String>,
    routes: &[RoutePlan],
    listeners: &[ListenerPlan],
    gw: &GatewayTarget,
    grants: &mut Grants,
    out: &mut Emitted,
) {
    for ((r, body), name) in chunks.into_iter().zip(route_names) {
        let plan = &routes[r];
        let parent_refs: Vec<ParentReference> = plan
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
        let meta = meta(&name, &plan.namespace, &sources_text(&plan.sources));
        let hostnames: Vec<String> = plan.host.iter().cloned().collect();
        // Cross-namespace backends and mirrors need a grant in the backend's namespace.
        let mut refer = |kind: &'static str, b: &BackendObjectReference| {
            if let Some(ns) = &b.namespace {
                grants
                    .entry((ns.clone(), kind, plan.namespace.clone()))
                    .or_default()
                    .insert(("Service", b.name.clone()));
            }
        };
        let (rank, value) = match body {
            RouteBody::Http(rules) => {
                for rule in &rules {
                    for b in &rule.backend_refs {
                        refer("HTTPRoute", &b.backend_ref.backend_object_reference);
                    }
                    for f in &rule.filters {
                        if let Some(m) = &f.request_mirror {
                            refer("HTTPRoute", &m.backend_ref);
                        }
                    }
                }
                let route = HTTPRoute::new(
                    meta,
                    HTTPRouteSpec {
                        parent_refs,
                        hostnames,
                        rules,
                        ..Default::default()
                    },
                );
                (4, json(&route))
            }
            RouteBody::Grpc(rules) => {
                for rule in &rules {
                    for b in &rule.backend_refs {
                        refer("GRPCRoute", &b.backend_ref.backend_object_reference);
                    }
                }
                let route = GRPCRoute::new(
                    meta,
                    GRPCRouteSpec {
                        parent_refs,
                        hostnames,
                        rules,
                        ..Default::default()
                    },
                );
                (5, json(&route))
            }
            RouteBody::Tls(b) => {
                let route = TLSRoute::new(
                    meta,
                    TLSRouteSpec {
                        parent_refs,
                        hostnames,
                        rules: vec![TLSRouteRule {
                            backend_refs: vec![backend_ref(&b, None, &plan.namespace)],
                            ..Default::default()
                        }],
                        ..Default::default()
                    },
                );
                (6, json(&route))
            }
        };
        out.objects.push((rank, plan.namespace.clone(), name, value));
    }
}

/// ReferenceGrants, split at the limit of `to` entries.
fn write_grants(grants: Grants, gw: &GatewayTarget, out: &mut Emitted) {
    for ((target_ns, from_kind, from_ns), targets) in grants {
        let targets: Vec<(&str, String)> = targets.into_iter().collect();
        for (c, chunk) in targets.chunks(MAX_GRANT_TO).enumerate() {
            let base = match from_kind {
                "Gateway" => format!("{from_ns}-{}-tls", gw.name),
                "ListenerSet" => format!("{from_ns}-{}-listenerset-tls", gw.name),
                route => format!("{from_ns}-{}-backends", route.to_ascii_lowercase()),
            };
            let name = names::sanitize(&if c == 0 { base } else { format!("{base}-{}", c + 1) }, 253);
            let what = match from_kind {
                "Gateway" | "ListenerSet" => format!(
                    "certificates of the Ingresses in {target_ns} used by {from_kind} {from_ns}/{}",
                    gw.name
                ),
                _ => format!("Services of {target_ns} used by the {from_kind}s of {from_ns}"),
            };
            let grant = ReferenceGrant::new(
                meta(&name, &target_ns, &what),
                ReferenceGrantSpec {
                    from: vec![ReferenceGrantFrom {
                        group: GROUP.into(),
                        kind: from_kind.to_string(),
                        namespace: from_ns.clone(),
                        ..Default::default()
                    }],
                    to: chunk
                        .iter()
                        .map(|(kind, name)| ReferenceGrantTo {
                            group: String::new(),
                            kind: (*kind).into(),
                            name: Some(name.clone()),
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                },
            );
            out.objects.push((2, target_ns.clone(), name, json(&grant)));
        }
    }
}

/// Plans the listeners and routes of one server (host).
fn plan_server(
    input: &Input<'_>,
    server: &Server,
    intents: &[Intents],
    gw: &GatewayTarget,
    listeners: &mut Vec<ListenerPlan>,
    routes: &mut Vec<RoutePlan>,
) {
    if server.passthrough.is_none()
        && server
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
        } if server.passthrough.is_none() => Some((namespace.clone(), secret.clone())),
        // ingress-nginx serves every other host over HTTPS with its default certificate.
        _ if server.passthrough.is_none() && server.host.is_some() => gw.default_cert.clone(),
        _ => None,
    };
    let set_namespace = cert
        .as_ref()
        .map_or_else(|| owner_ns.clone(), |(ns, _)| ns.clone());
    let new_listener = |https: bool, passthrough: bool, cert: Option<(String, String)>| ListenerPlan {
        host: server.host.clone(),
        https,
        passthrough,
        name: String::new(),
        home: None,
        set_name: String::new(),
        cert,
        namespaces: BTreeSet::new(),
        kinds: BTreeSet::new(),
        set_namespace: set_namespace.clone(),
    };
    let http_idx = listeners.len();
    listeners.push(new_listener(false, false, None));
    let https_idx = cert.as_ref().map(|c| {
        listeners.push(new_listener(true, false, Some(c.clone())));
        listeners.len() - 1
    });
    let slug = names::host_slug(server.host.as_deref());
    if let Some((backend, ingress)) = &server.passthrough {
        listeners.push(new_listener(true, true, None));
        let idx = listeners.len() - 1;
        let ns = backend.namespace.clone();
        listeners[idx].namespaces.insert(ns.clone());
        listeners[idx].kinds.insert("TLSRoute");
        let ing = &input.ingresses[*ingress];
        routes.push(RoutePlan {
            namespace: ns.clone(),
            host: server.host.clone(),
            base: format!("{}-{slug}-passthrough", ing.r.name),
            identity: format!("{ns}|{}|tls", server.host.as_deref().unwrap_or("")),
            body: RouteBody::Tls(backend.clone()),
            listeners: vec![idx],
            sources: BTreeSet::from([format!("Ingress {ns}/{}", ing.r.name)]),
        });
    }
    // When every location redirects, one PathPrefix `/` redirect in the owner's route says it all; otherwise
    // each redirecting location keeps its own match, so a longer forwarding prefix elsewhere cannot capture it.
    let redirect_all = server
        .locations
        .iter()
        .filter(|l| {
            matches!(
                l.target,
                Target::Service(_) | Target::NotFound | Target::Unavailable
            ) && !l.path.starts_with(crate::model::ACME_CHALLENGE_PREFIX)
        })
        .all(|l| l.https_redirect);
    for (ns, locs) in by_ns {
        let oldest = locs.iter().map(|l| l.ingress).min().expect("non-empty group");
        let base = format!("{}-{slug}", input.ingresses[oldest].r.name);
        let identity = format!("{ns}|{}", server.host.as_deref().unwrap_or(""));
        let sources: BTreeSet<String> = locs
            .iter()
            .flat_map(|l| std::iter::once(l.ingress).chain(l.canary.as_ref().map(|c| c.ingress)))
            .map(|i| {
                format!(
                    "Ingress {}",
                    input.ingresses[i].r.namespace.clone() + "/" + &input.ingresses[i].r.name
                )
            })
            .collect();
        let is_grpc = |l: &Location| intents[l.ingress].grpc && matches!(l.target, Target::Service(_));
        let https_rules: Vec<HTTPRouteRule> = locs
            .iter()
            .filter(|l| !is_grpc(l))
            .flat_map(|l| forward_rules(l, &intents[l.ingress], true, gw.hsts, &ns))
            .collect();
        let grpc: Vec<GRPCRouteRule> = locs
            .iter()
            .filter(|l| is_grpc(l))
            .flat_map(|l| grpc_rules(l, &intents[l.ingress], gw.hsts, &ns))
            .collect();
        let mut http_rules: Vec<HTTPRouteRule> = Vec::new();
        let mut redirect_matches: Vec<HTTPRouteMatch> = Vec::new();
        for l in &locs {
            if l.https_redirect {
                if !redirect_all {
                    redirect_matches.push(path_match(l));
                }
            } else {
                http_rules.extend(forward_rules(l, &intents[l.ingress], false, gw.hsts, &ns));
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
            http_rules.push(https_redirect_rule(chunk.to_vec(), gw.redirect_code));
        }
        let mut add =
            |listener: usize, kind: &'static str, suffix: &str, body: RouteBody, shared: Option<usize>| {
                let mut attached = vec![listener];
                attached.extend(shared);
                for &i in &attached {
                    listeners[i].namespaces.insert(ns.clone());
                    listeners[i].kinds.insert(kind);
                }
                routes.push(RoutePlan {
                    namespace: ns.clone(),
                    host: server.host.clone(),
                    base: format!("{base}{suffix}"),
                    identity: format!("{identity}{suffix}"),
                    body,
                    listeners: attached,
                    sources: sources.clone(),
                });
            };
        let same =
            https_idx.is_some() && !locs.iter().any(|l| l.https_redirect) && !gw.hsts && grpc.is_empty();
        match https_idx {
            Some(h) if same => add(h, "HTTPRoute", "", RouteBody::Http(https_rules), Some(http_idx)),
            Some(h) => {
                if !https_rules.is_empty() {
                    add(h, "HTTPRoute", "", RouteBody::Http(https_rules), None);
                }
                if !grpc.is_empty() {
                    add(h, "GRPCRoute", "-grpc", RouteBody::Grpc(grpc), None);
                }
                if !http_rules.is_empty() {
                    add(http_idx, "HTTPRoute", "-http", RouteBody::Http(http_rules), None);
                }
            }
            None => {
                if !http_rules.is_empty() {
                    add(http_idx, "HTTPRoute", "", RouteBody::Http(http_rules), None);
                }
            }
        }
    }
}

/// Splits rules into routes of at most 16 rules and 128 matches (the CRD limits); rule order is kept, and Gateway
/// API precedence is global across a listener's routes, so the split changes no routing decision.
fn route_chunks(rules: Vec<HTTPRouteRule>) -> Vec<Vec<HTTPRouteRule>> {
    let mut lengths = Vec::new();
    let mut start = 0;
    let mut matches = 0;
    for (i, rule) in rules.iter().enumerate() {
        let n = rule.matches.len().max(1);
        if i > start && (i - start == MAX_RULES || matches + n > MAX_ROUTE_MATCHES) {
            lengths.push(i - start);
            start = i;
            matches = 0;
        }
        matches += n;
    }
    let mut lengths = lengths.into_iter();
    split_off_chunks(rules, move |_| lengths.next().unwrap_or(usize::MAX))
}

/// Splits `items` into consecutive chunks, moving them: `len` gives each chunk's length (at least 1; the last
/// chunk takes what is left).
///
/// Each chunk is a new vector of its own length: `Vec::split_off` left every chunk holding the capacity of all
/// the items after it, so 10k paths under one host took 620 MB (quadratic) and 30k aborted.
fn split_off_chunks<T>(items: Vec<T>, mut len: impl FnMut(usize) -> usize) -> Vec<Vec<T>> {
    let mut left = items.len();
    let mut items = items.into_iter();
    let mut chunks = Vec::new();
    while left > 0 {
        let n = len(chunks.len()).clamp(1, left);
        chunks.push(items.by_ref().take(n).collect::<Vec<T>>());
        left -= n;
    }
    chunks
}

fn json<T: serde::Serialize + GeneratedKind>(object: &T) -> Generated {
    Generated::new(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_annotation_is_bounded() {
        let few: BTreeSet<String> = (0..3).map(|i| format!("Ingress ns/i{i}")).collect();
        assert_eq!(sources_text(&few), "Ingress ns/i0, Ingress ns/i1, Ingress ns/i2");
        let many: BTreeSet<String> = (0..4000).map(|i| format!("Ingress ns/i{i:04}")).collect();
        let text = sources_text(&many);
        assert!(text.len() < 1000, "{}", text.len());
        assert!(text.starts_with("Ingress ns/i0000, Ingress ns/i0001"), "{text}");
        assert!(text.contains(" and 3968 more (4000 in all, sha256 "), "{text}");
        let mut other = many.clone();
        other.insert("Ingress ns/zz".into());
        assert_ne!(sources_text(&other), text, "the digest covers the whole list");
    }

    /// Chunks own only their items: a chunk holding the capacity of everything after it made memory quadratic
    /// in the paths of one host.
    #[test]
    fn chunks_hold_only_their_own_items() {
        let chunks = split_off_chunks((0..1000).collect::<Vec<u32>>(), |_| 16);
        assert_eq!(chunks.len(), 63);
        assert_eq!(chunks.iter().map(Vec::len).sum::<usize>(), 1000);
        assert!(
            chunks.iter().all(|c| c.capacity() == c.len()),
            "a chunk keeps spare capacity"
        );
        assert_eq!(chunks[62], (992..1000).collect::<Vec<u32>>());
    }
    use crate::intent::Canary;

    fn svc(name: &str) -> ServiceBackend {
        ServiceBackend {
            namespace: "ns".into(),
            name: name.into(),
            port: 80,
        }
    }

    fn canary(config: Canary) -> CanaryRoute {
        CanaryRoute {
            backend: svc("next"),
            config,
            ingress: 1,
        }
    }

    #[test]
    fn canary_branches_follow_ingress_nginx_order() {
        let c = canary(Canary {
            by_header: Some("X-Canary".into()),
            by_cookie: Some("beta".into()),
            weight: 10,
            weight_total: 100,
            ..Default::default()
        });
        let b = branches(&svc("main"), Some(&c));
        type Shown = (Vec<String>, Vec<(String, Option<i32>)>);
        let shown: Vec<Shown> = b
            .iter()
            .map(|b| {
                (
                    b.headers.iter().map(|(n, _, v)| format!("{n}={v}")).collect(),
                    b.backends.iter().map(|(s, w)| (s.name.clone(), *w)).collect(),
                )
            })
            .collect();
        assert_eq!(
            shown[0],
            (
                vec!["X-Canary=always".to_string()],
                vec![("next".to_string(), None)]
            )
        );
        assert_eq!(
            shown[1],
            (
                vec!["X-Canary=never".to_string()],
                vec![("main".to_string(), None)]
            )
        );
        assert_eq!(shown[2].1, vec![("next".to_string(), None)]);
        assert_eq!(shown[3].1, vec![("main".to_string(), None)]);
        assert_eq!(
            shown[4],
            (
                vec![],
                vec![("main".to_string(), Some(90)), ("next".to_string(), Some(10))]
            )
        );
    }

    /// A pattern that does not compile is never emitted: the header, any value, stays on the main backend,
    /// before the cookie is consulted.
    #[test]
    fn a_broken_header_pattern_keeps_the_header_on_main() {
        let c = canary(Canary {
            by_header: Some("X-Canary".into()),
            header_pattern_error: Some("unclosed group".into()),
            by_cookie: Some("beta".into()),
            ..Default::default()
        });
        let b = branches(&svc("main"), Some(&c));
        assert_eq!(
            b[0].headers,
            vec![("X-Canary".to_string(), true, ".*".to_string())]
        );
        assert_eq!(b[0].backends, vec![(svc("main"), None)]);
        assert!(
            b.iter()
                .all(|b| b.headers.iter().all(|(_, _, v)| !v.contains("(beta")))
        );
    }

    #[test]
    fn full_weight_sends_everything_to_the_canary_and_zero_nothing() {
        let all = canary(Canary {
            weight: 100,
            weight_total: 100,
            ..Default::default()
        });
        assert_eq!(
            branches(&svc("main"), Some(&all))[0].backends,
            vec![(svc("next"), None)]
        );
        let none = canary(Canary {
            weight: 0,
            weight_total: 100,
            ..Default::default()
        });
        assert_eq!(
            branches(&svc("main"), Some(&none))[0].backends,
            vec![(svc("main"), None)]
        );
    }

    proptest::proptest! {
        /// The cookie regex (evaluated by an RE2-style engine, as Envoy-based Gateways do) finds
        /// `beta=always` wherever the cookie sits in the header, and never inside another cookie.
        #[test]
        fn cookie_regex_matches_only_that_cookie(
            before in "[a-z]{1,5}=[a-z0-9]{0,5}",
            after in "[a-z]{1,5}=[a-z0-9]{0,5}",
        ) {
            let re = regex::Regex::new(&cookie_regex("beta", "always")).unwrap();
            for (cookie, expected) in [
                (format!("{before}; beta=always; {after}"), true),
                (format!("{before};beta=always"), true),
                ("beta=always".to_string(), true),
                (format!("x{before}beta=always"), false),
                (format!("{before}; beta=alwaysx"), false),
                (format!("{before}; beta=never"), false),
            ] {
                proptest::prop_assert_eq!(re.is_match(&cookie), expected, "{:?}", cookie);
            }
        }
    }
}
