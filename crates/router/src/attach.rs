//! Route attachment, minimal: which HTTPRoutes and GRPCRoutes a Gateway's listeners accept, with the
//! hostnames each serves there, and whether a backendRef resolves.
//!
//! This is a stand-in to be replaced by `gateshift-check`'s binding (accepted routes on their listeners, with
//! ListenerSets, conflicts and every status reason) when that lands; it covers parentRefs (name, namespace,
//! sectionName, port), `allowedRoutes` (namespaces Same/All/Selector with matchLabels, kinds), hostname
//! intersection, and backendRefs (kind, Service existence when Services are given, ReferenceGrants).

use std::collections::BTreeMap;

use gateshift_api::{
    core::{NAMESPACE_NAME_LABEL, Namespace, Service},
    gateway::{
        BackendObjectReference, FromNamespaces, GROUP, Gateway, Listener, ParentReference, ProtocolType,
        ReferenceGrant,
    },
    meta::ObjectMeta,
};

use crate::hostname;

/// What attachment reads of an HTTPRoute or a GRPCRoute.
pub(crate) struct RouteRef<'a> {
    /// `HTTPRoute` or `GRPCRoute`.
    pub kind: &'static str,
    /// `metadata`.
    pub metadata: &'a ObjectMeta,
    /// `spec.parentRefs`.
    pub parent_refs: &'a [ParentReference],
    /// `spec.hostnames`.
    pub hostnames: &'a [String],
}

/// A route accepted on one listener.
pub(crate) struct Attachment {
    /// Index of the route in the slice given to [`attach`].
    pub route: usize,
    /// Index of the listener in `spec.listeners`.
    pub listener: usize,
    /// The hostnames the route serves on this listener (intersected); `None` = every host of the listener.
    pub hostnames: Vec<Option<String>>,
}

/// The routes `gateway` accepts, per listener, in input order.
pub(crate) fn attach(
    gateway: &Gateway,
    routes: &[RouteRef<'_>],
    namespaces: &BTreeMap<String, &Namespace>,
) -> Vec<Attachment> {
    let gw_ns = gateway.metadata.namespace_or_default();
    let mut out = Vec::new();
    for (ri, route) in routes.iter().enumerate() {
        let route_ns = route.metadata.namespace_or_default();
        for (i, listener) in gateway.spec.listeners.iter().enumerate() {
            let selected = route
                .parent_refs
                .iter()
                .any(|p| parent_selects(p, route_ns, gateway, gw_ns, listener));
            if !selected || !allows(listener, route.kind, gw_ns, route_ns, namespaces) {
                continue;
            }
            let hostnames: Vec<Option<String>> = if route.hostnames.is_empty() {
                vec![listener.hostname.clone().filter(|h| !h.is_empty())]
            } else {
                route
                    .hostnames
                    .iter()
                    .filter_map(|h| {
                        hostname::intersect(listener.hostname.as_deref(), &h.to_ascii_lowercase())
                    })
                    .map(Some)
                    .collect()
            };
            if hostnames.is_empty() {
                continue;
            }
            out.push(Attachment {
                route: ri,
                listener: i,
                hostnames,
            });
        }
    }
    out
}

fn parent_selects(p: &ParentReference, route_ns: &str, gw: &Gateway, gw_ns: &str, l: &Listener) -> bool {
    let group_ok = p.group.as_deref().is_none_or(|g| g == GROUP);
    let kind_ok = p.kind.as_deref().is_none_or(|k| k == "Gateway");
    let ns = p.namespace.as_deref().unwrap_or(route_ns);
    group_ok
        && kind_ok
        && ns == gw_ns
        && p.name == gw.metadata.name
        && p.section_name.as_deref().is_none_or(|s| s == l.name)
        && p.port.is_none_or(|port| port == l.port)
}

fn allows(
    l: &Listener,
    kind: &str,
    gw_ns: &str,
    route_ns: &str,
    namespaces: &BTreeMap<String, &Namespace>,
) -> bool {
    if !matches!(l.protocol, ProtocolType::HTTP | ProtocolType::HTTPS) {
        return false;
    }
    let allowed = l.allowed_routes.as_ref();
    if let Some(kinds) = allowed.map(|a| &a.kinds).filter(|k| !k.is_empty())
        && !kinds
            .iter()
            .any(|k| k.kind == kind && k.group.as_deref().is_none_or(|g| g == GROUP))
    {
        return false;
    }
    let ns = allowed.and_then(|a| a.namespaces.as_ref());
    match ns.and_then(|n| n.from.clone()).unwrap_or(FromNamespaces::Same) {
        FromNamespaces::All => true,
        FromNamespaces::Same => gw_ns == route_ns,
        FromNamespaces::Selector => {
            let Some(selector) = ns.and_then(|n| n.selector.as_ref()) else {
                return false;
            };
            let mut labels = namespaces
                .get(route_ns)
                .map(|n| n.metadata.labels.clone())
                .unwrap_or_default();
            labels
                .entry(NAMESPACE_NAME_LABEL.to_string())
                .or_insert_with(|| route_ns.to_string());
            selector.matches(&labels)
        }
        _ => false,
    }
}

/// What the binding knows about backends: Services (when any were given) and ReferenceGrants.
pub(crate) struct Backends<'a> {
    /// Services by (namespace, name); empty means "not given": every Service is assumed to exist.
    pub services: BTreeMap<(String, String), &'a Service>,
    /// Every ReferenceGrant.
    pub grants: Vec<&'a ReferenceGrant>,
}

impl Backends<'_> {
    /// Why a route's backendRef is invalid (the route stays accepted; its share of traffic gets 500), if it
    /// is.
    pub(crate) fn problem(
        &self,
        route_kind: &str,
        route_ns: &str,
        r: &BackendObjectReference,
    ) -> Option<String> {
        let group = r.group.as_deref().unwrap_or("");
        let kind = r.kind.as_deref().unwrap_or("Service");
        if !(group.is_empty() || group == "core") || kind != "Service" {
            return Some(format!("InvalidKind: {group}/{kind} is not a Service"));
        }
        let kind = route_kind;
        let ns = r.namespace.as_deref().unwrap_or(route_ns);
        if ns != route_ns && !self.granted(kind, route_ns, ns, &r.name) {
            return Some(format!(
                "RefNotPermitted: no ReferenceGrant in {ns} lets {kind}s of {route_ns} use Service {}",
                r.name
            ));
        }
        if !self.services.is_empty() {
            let Some(svc) = self.services.get(&(ns.to_string(), r.name.clone())) else {
                return Some(format!(
                    "BackendNotFound: Service {ns}/{} is not in the input",
                    r.name
                ));
            };
            if let Some(port) = r.port
                && !svc.spec.ports.is_empty()
                && svc.spec.external_name.is_none()
                && !svc.spec.ports.iter().any(|p| p.port == port)
            {
                return Some(format!(
                    "BackendNotFound: Service {ns}/{} has no port {port}",
                    r.name
                ));
            }
        }
        None
    }

    fn granted(&self, kind: &str, from_ns: &str, to_ns: &str, name: &str) -> bool {
        self.grants.iter().any(|g| {
            g.metadata.namespace_or_default() == to_ns
                && g.spec
                    .from
                    .iter()
                    .any(|f| f.group == GROUP && f.kind == kind && f.namespace == from_ns)
                && g.spec.to.iter().any(|t| {
                    t.group.is_empty() && t.kind == "Service" && t.name.as_deref().is_none_or(|n| n == name)
                })
        })
    }
}
