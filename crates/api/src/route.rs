//! The route kinds (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute) behind one borrowed view: what every
//! route has (parentRefs, hostnames, rules with backendRefs) without a match per kind at each use.

use crate::GatewayObject;
use crate::gateway::{
    BackendRef, GRPCRoute, HTTPRoute, ParentReference, RouteStatus, TCPRoute, TLSRoute, UDPRoute,
};
use crate::meta::ObjectMeta;

/// A route of any kind, borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Route<'a> {
    /// An HTTPRoute.
    HTTP(&'a HTTPRoute),
    /// A GRPCRoute.
    GRPC(&'a GRPCRoute),
    /// A TLSRoute.
    TLS(&'a TLSRoute),
    /// A TCPRoute.
    TCP(&'a TCPRoute),
    /// A UDPRoute.
    UDP(&'a UDPRoute),
}

/// One `backendRefs` entry of a route rule, with where it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleBackendRef<'a> {
    /// The index of the rule in `spec.rules`.
    pub rule: usize,
    /// The index of the entry in the rule's `backendRefs`.
    pub index: usize,
    /// The reference and its weight (for HTTPRoute and GRPCRoute, without the entry's filters).
    pub backend_ref: &'a BackendRef,
}

impl<'a> Route<'a> {
    /// `kind`: `HTTPRoute`, `GRPCRoute`, `TLSRoute`, `TCPRoute` or `UDPRoute`.
    pub fn kind(self) -> &'static str {
        match self {
            Route::HTTP(_) => HTTPRoute::KIND,
            Route::GRPC(_) => GRPCRoute::KIND,
            Route::TLS(_) => TLSRoute::KIND,
            Route::TCP(_) => TCPRoute::KIND,
            Route::UDP(_) => UDPRoute::KIND,
        }
    }

    /// `metadata`.
    pub fn metadata(self) -> &'a ObjectMeta {
        match self {
            Route::HTTP(r) => &r.metadata,
            Route::GRPC(r) => &r.metadata,
            Route::TLS(r) => &r.metadata,
            Route::TCP(r) => &r.metadata,
            Route::UDP(r) => &r.metadata,
        }
    }

    /// `spec.parentRefs`.
    pub fn parent_refs(self) -> &'a [ParentReference] {
        match self {
            Route::HTTP(r) => &r.spec.parent_refs,
            Route::GRPC(r) => &r.spec.parent_refs,
            Route::TLS(r) => &r.spec.parent_refs,
            Route::TCP(r) => &r.spec.parent_refs,
            Route::UDP(r) => &r.spec.parent_refs,
        }
    }

    /// `spec.hostnames`; empty for TCPRoute and UDPRoute, which have none.
    pub fn hostnames(self) -> &'a [String] {
        match self {
            Route::HTTP(r) => &r.spec.hostnames,
            Route::GRPC(r) => &r.spec.hostnames,
            Route::TLS(r) => &r.spec.hostnames,
            Route::TCP(_) | Route::UDP(_) => &[],
        }
    }

    /// The number of entries in `spec.rules`, as written (an HTTPRoute without rules still has the CRD's default
    /// rule: see [`HTTPRoute`]).
    pub fn rule_count(self) -> usize {
        match self {
            Route::HTTP(r) => r.spec.rules.len(),
            Route::GRPC(r) => r.spec.rules.len(),
            Route::TLS(r) => r.spec.rules.len(),
            Route::TCP(r) => r.spec.rules.len(),
            Route::UDP(r) => r.spec.rules.len(),
        }
    }

    /// Every `spec.rules[rule].backendRefs[index]`, rule by rule, in order. Backends of filters (RequestMirror)
    /// are not included.
    pub fn backend_refs(self) -> impl Iterator<Item = RuleBackendRef<'a>> + 'a {
        (0..self.rule_count()).flat_map(move |rule| {
            (0..self.backend_count(rule)).map(move |index| RuleBackendRef {
                rule,
                index,
                backend_ref: self.backend_ref(rule, index),
            })
        })
    }

    /// The number of backendRefs of `spec.rules[rule]` (which exists).
    fn backend_count(self, rule: usize) -> usize {
        match self {
            Route::HTTP(r) => r.spec.rules[rule].backend_refs.len(),
            Route::GRPC(r) => r.spec.rules[rule].backend_refs.len(),
            Route::TLS(r) => r.spec.rules[rule].backend_refs.len(),
            Route::TCP(r) => r.spec.rules[rule].backend_refs.len(),
            Route::UDP(r) => r.spec.rules[rule].backend_refs.len(),
        }
    }

    /// `spec.rules[rule].backendRefs[index]` (which exists), without its filters.
    fn backend_ref(self, rule: usize, index: usize) -> &'a BackendRef {
        match self {
            Route::HTTP(r) => &r.spec.rules[rule].backend_refs[index].backend_ref,
            Route::GRPC(r) => &r.spec.rules[rule].backend_refs[index].backend_ref,
            Route::TLS(r) => &r.spec.rules[rule].backend_refs[index],
            Route::TCP(r) => &r.spec.rules[rule].backend_refs[index],
            Route::UDP(r) => &r.spec.rules[rule].backend_refs[index],
        }
    }

    /// `status`, as read.
    pub fn status(self) -> Option<&'a RouteStatus> {
        match self {
            Route::HTTP(r) => r.status.as_ref(),
            Route::GRPC(r) => r.status.as_ref(),
            Route::TLS(r) => r.status.as_ref(),
            Route::TCP(r) => r.status.as_ref(),
            Route::UDP(r) => r.status.as_ref(),
        }
    }
}

impl GatewayObject {
    /// The object as a route, when it is one.
    pub fn as_route(&self) -> Option<Route<'_>> {
        Some(match self {
            GatewayObject::HTTPRoute(r) => Route::HTTP(r),
            GatewayObject::GRPCRoute(r) => Route::GRPC(r),
            GatewayObject::TLSRoute(r) => Route::TLS(r),
            GatewayObject::TCPRoute(r) => Route::TCP(r),
            GatewayObject::UDPRoute(r) => Route::UDP(r),
            _ => return None,
        })
    }

    /// `spec.parentRefs` of a route; empty for other kinds.
    pub fn parent_refs(&self) -> &[ParentReference] {
        self.as_route().map_or(&[], Route::parent_refs)
    }

    /// `spec.hostnames` of a route; empty for other kinds and for TCPRoute and UDPRoute.
    pub fn hostnames(&self) -> &[String] {
        self.as_route().map_or(&[], Route::hostnames)
    }

    /// Every `spec.rules[].backendRefs[]` entry of a route, rule by rule; none for other kinds.
    pub fn backend_refs(&self) -> impl Iterator<Item = RuleBackendRef<'_>> + '_ {
        self.as_route().into_iter().flat_map(Route::backend_refs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gateway::{BackendObjectReference, HTTPBackendRef, HTTPRouteRule, TCPRouteRule};

    fn backend(name: &str) -> BackendRef {
        BackendRef {
            backend_object_reference: BackendObjectReference {
                name: name.to_string(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn backend_refs_rule_by_rule_with_defaults() {
        let mut http = HTTPRoute::default();
        http.spec.hostnames = vec!["a.example".into()];
        http.spec.parent_refs = vec![ParentReference {
            name: "gw".into(),
            ..Default::default()
        }];
        http.spec.rules = vec![
            HTTPRouteRule {
                backend_refs: vec![HTTPBackendRef {
                    backend_ref: backend("a"),
                    ..Default::default()
                }],
                ..Default::default()
            },
            HTTPRouteRule::default(),
            HTTPRouteRule {
                backend_refs: vec![
                    HTTPBackendRef {
                        backend_ref: backend("b"),
                        ..Default::default()
                    },
                    HTTPBackendRef {
                        backend_ref: backend("c"),
                        ..Default::default()
                    },
                ],
                ..Default::default()
            },
        ];
        let object = GatewayObject::HTTPRoute(http);
        let route = object.as_route().expect("a route");
        assert_eq!(route.kind(), "HTTPRoute");
        assert_eq!(object.hostnames(), ["a.example".to_string()]);
        let p = &object.parent_refs()[0];
        assert_eq!(
            (p.group_or_default(), p.kind_or_default()),
            (crate::gateway::GROUP, "Gateway")
        );
        assert_eq!(p.namespace_or("apps"), "apps");
        let refs: Vec<(usize, usize, &str)> = object
            .backend_refs()
            .map(|b| {
                (
                    b.rule,
                    b.index,
                    b.backend_ref.backend_object_reference.name.as_str(),
                )
            })
            .collect();
        assert_eq!(refs, [(0, 0, "a"), (2, 0, "b"), (2, 1, "c")]);
        assert!(
            object
                .backend_refs()
                .all(|b| b.backend_ref.backend_object_reference.is_service())
        );

        let mut tcp = TCPRoute::default();
        tcp.spec.rules = vec![TCPRouteRule {
            backend_refs: vec![backend("t")],
            ..Default::default()
        }];
        let object = GatewayObject::TCPRoute(tcp);
        assert!(object.hostnames().is_empty());
        assert_eq!(object.backend_refs().count(), 1);
        assert!(
            GatewayObject::ReferenceGrant(Default::default())
                .as_route()
                .is_none()
        );
    }
}
