//! Route attachment, minimal: which HTTPRoutes and GRPCRoutes a Gateway's listeners accept, with the
//! hostnames each serves there, and whether a backendRef resolves.
//!
//! This is a stand-in to be replaced by `gateshift-check`'s binding (accepted routes on their listeners, with
//! conflicts and every status reason); it covers the Gateway's listeners and those of the ListenerSets it
//! accepts (`allowedListeners`), parentRefs to either (name, namespace, sectionName, port), `allowedRoutes` (namespaces Same/All/Selector with matchLabels, kinds), hostname
//! intersection, and backendRefs (kind, Service existence when Services are given, ReferenceGrants).

use std::collections::BTreeMap;

use gateshift_api::{
    core::{NAMESPACE_NAME_LABEL, Namespace, Service},
    gateway::{
        BackendObjectReference, FromNamespaces, GROUP, Gateway, Listener, ListenerSet, ParentReference,
        ProtocolType, ReferenceGrant,
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
    /// Index of the listener in the flattened list of [`Listeners`].
    pub listener: usize,
    /// The hostnames the route serves on this listener (intersected); `None` = every host of the listener.
    pub hostnames: Vec<Option<String>>,
}

/// Who owns a listener: the Gateway, or a ListenerSet attached to it. Routes name the owner in `parentRefs`,
/// and `allowedRoutes.namespaces.from: Same` means the owner's namespace.
pub(crate) struct Owner {
    /// `Gateway` or `ListenerSet`.
    pub kind: &'static str,
    pub namespace: String,
    pub name: String,
}

/// Every listener of a Gateway: its own, then those of the ListenerSets it accepts.
pub(crate) struct Listeners {
    pub owners: Vec<Owner>,
    /// (index into `owners`, the listener).
    pub listeners: Vec<(usize, Listener)>,
}

impl Listeners {
    /// The Gateway's own listeners, then the listeners of the ListenerSets whose `parentRef` is the Gateway
    /// and whose namespace its `allowedListeners` admits (none unless it says so), oldest set first.
    pub fn of(
        gateway: &Gateway,
        sets: &[&ListenerSet],
        namespaces: &BTreeMap<String, &Namespace>,
    ) -> Listeners {
        let gw_ns = gateway.metadata.namespace_or_default();
        let mut owners = vec![Owner {
            kind: "Gateway",
            namespace: gw_ns.to_string(),
            name: gateway.metadata.name.clone(),
        }];
        let mut listeners: Vec<(usize, Listener)> =
            gateway.spec.listeners.iter().map(|l| (0, l.clone())).collect();
        let allowed = gateway
            .spec
            .allowed_listeners
            .as_ref()
            .and_then(|a| a.namespaces.as_ref());
        let mut accepted: Vec<&ListenerSet> = sets
            .iter()
            .copied()
            .filter(|set| {
                let p = &set.spec.parent_ref;
                let set_ns = set.metadata.namespace_or_default();
                p.group.as_deref().is_none_or(|g| g == GROUP)
                    && p.kind.as_deref().is_none_or(|k| k == "Gateway")
                    && p.name == gateway.metadata.name
                    && p.namespace.as_deref().unwrap_or(set_ns) == gw_ns
                    && match allowed.and_then(|n| n.from.clone()) {
                        Some(FromNamespaces::All) => true,
                        Some(FromNamespaces::Same) => set_ns == gw_ns,
                        Some(FromNamespaces::Selector) => allowed
                            .and_then(|n| n.selector.as_ref())
                            .is_some_and(|sel| sel.matches(&namespace_labels(set_ns, namespaces))),
                        _ => false,
                    }
            })
            .collect();
        accepted.sort_by(|a, b| {
            let key = |s: &ListenerSet| {
                (
                    s.metadata.creation_timestamp.clone().unwrap_or_default(),
                    s.metadata.namespace_or_default().to_string(),
                    s.metadata.name.clone(),
                )
            };
            key(a).cmp(&key(b))
        });
        for set in accepted {
            owners.push(Owner {
                kind: "ListenerSet",
                namespace: set.metadata.namespace_or_default().to_string(),
                name: set.metadata.name.clone(),
            });
            let o = owners.len() - 1;
            listeners.extend(set.spec.listeners.iter().map(|e| {
                (
                    o,
                    Listener {
                        name: e.name.clone(),
                        hostname: e.hostname.clone(),
                        port: e.port,
                        protocol: e.protocol.clone(),
                        tls: e.tls.clone(),
                        allowed_routes: e.allowed_routes.clone(),
                        ..Default::default()
                    },
                )
            }));
        }
        Listeners { owners, listeners }
    }
}

/// A namespace's labels, with the `kubernetes.io/metadata.name` label the API server always sets.
fn namespace_labels(ns: &str, namespaces: &BTreeMap<String, &Namespace>) -> BTreeMap<String, String> {
    let mut labels = namespaces
        .get(ns)
        .map(|n| n.metadata.labels.clone())
        .unwrap_or_default();
    labels
        .entry(NAMESPACE_NAME_LABEL.to_string())
        .or_insert_with(|| ns.to_string());
    labels
}

/// The routes the listeners accept, per listener, in input order.
pub(crate) fn attach(
    all: &Listeners,
    routes: &[RouteRef<'_>],
    namespaces: &BTreeMap<String, &Namespace>,
) -> Vec<Attachment> {
    let mut out = Vec::new();
    for (ri, route) in routes.iter().enumerate() {
        let route_ns = route.metadata.namespace_or_default();
        for (i, (o, listener)) in all.listeners.iter().enumerate() {
            let owner = &all.owners[*o];
            let selected = route
                .parent_refs
                .iter()
                .any(|p| parent_selects(p, route_ns, owner, listener));
            if !selected || !allows(listener, route.kind, &owner.namespace, route_ns, namespaces) {
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

fn parent_selects(p: &ParentReference, route_ns: &str, owner: &Owner, l: &Listener) -> bool {
    let group_ok = p.group.as_deref().is_none_or(|g| g == GROUP);
    let kind_ok = p.kind.as_deref().unwrap_or("Gateway") == owner.kind;
    let ns = p.namespace.as_deref().unwrap_or(route_ns);
    group_ok
        && kind_ok
        && ns == owner.namespace
        && p.name == owner.name
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
            selector.matches(&namespace_labels(route_ns, namespaces))
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
