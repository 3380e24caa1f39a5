//! GRPCRoute (`apis/v1/grpcroute_types.go`): gRPC routing by service, method and headers.

use serde::{Deserialize, Serialize};

use super::shared::BackendRefRepr;
use super::{
    BackendRef, Extra, HTTPHeaderFilter, HTTPRequestMirrorFilter, LocalObjectReference, ParentReference,
    RouteStatus, object,
};
use crate::meta::ObjectMeta;

/// `GRPCRoute`: rules that route gRPC requests from parents (listeners) to backends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GRPCRoute {
    /// `gateway.networking.k8s.io/v1`.
    pub api_version: String,
    /// `GRPCRoute`.
    pub kind: String,
    /// Object metadata.
    pub metadata: ObjectMeta,
    /// The desired state.
    pub spec: GRPCRouteSpec,
    /// The state the controllers report, per parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RouteStatus>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
object!(GRPCRoute, GRPCRouteSpec);

/// `GRPCRouteSpec`: parents, hostnames and rules of a GRPCRoute.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GRPCRouteSpec {
    /// The parents (Gateways, listeners, ListenerSets) to attach to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parent_refs: Vec<ParentReference>,
    /// Host (`:authority`) values to match (possibly `*.`-prefixed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hostnames: Vec<String>,
    /// The rules (at most 16).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<GRPCRouteRule>,
    /// Unknown fields (e.g. experimental `useDefaultGateways`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GRPCRouteRule`: matches, filters and backends of one rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GRPCRouteRule {
    /// Optional rule name, usable as a policy `sectionName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Alternative matches (ORed); empty matches every request.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<GRPCRouteMatch>,
    /// Filters applied to every request the rule matches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<GRPCRouteFilter>,
    /// Weighted backends.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backend_refs: Vec<GRPCBackendRef>,
    /// Unknown fields (e.g. experimental `sessionPersistence`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GRPCRouteMatch`: conditions (ANDed) a request must meet to match a rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GRPCRouteMatch {
    /// The service/method match; absent matches every method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<GRPCMethodMatch>,
    /// Header (metadata) matches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<GRPCHeaderMatch>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `GRPCMethodMatchType`: how service and method are matched.
    GRPCMethodMatchType { Exact => "Exact", RegularExpression => "RegularExpression" }
}

/// `GRPCMethodMatch`: a match on the gRPC service and/or method.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GRPCMethodMatch {
    /// `Exact` (default) or `RegularExpression`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<GRPCMethodMatchType>,
    /// The fully qualified service, e.g. `foo.bar.Baz`; absent matches every service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The method; absent matches every method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `GRPCHeaderMatchType`: how a header value is matched.
    GRPCHeaderMatchType { Exact => "Exact", RegularExpression => "RegularExpression" }
}

/// `GRPCHeaderMatch`: a header (metadata) match.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GRPCHeaderMatch {
    /// `Exact` (default) or `RegularExpression`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<GRPCHeaderMatchType>,
    /// The header name (case-insensitive).
    pub name: String,
    /// The value to match.
    pub value: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `GRPCRouteFilterType`: the kind of a GRPCRoute filter.
    GRPCRouteFilterType {
        RequestHeaderModifier => "RequestHeaderModifier",
        ResponseHeaderModifier => "ResponseHeaderModifier",
        RequestMirror => "RequestMirror",
        ExtensionRef => "ExtensionRef",
    }
}

impl Default for GRPCRouteFilterType {
    /// `RequestHeaderModifier`.
    fn default() -> Self {
        GRPCRouteFilterType::RequestHeaderModifier
    }
}

/// `GRPCRouteFilter`: one filter; `type` says which of the other fields is set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GRPCRouteFilter {
    /// The filter kind.
    pub r#type: GRPCRouteFilterType,
    /// Adds, sets or removes request headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_header_modifier: Option<HTTPHeaderFilter>,
    /// Adds, sets or removes response headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_header_modifier: Option<HTTPHeaderFilter>,
    /// Mirrors requests to another backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_mirror: Option<HTTPRequestMirrorFilter>,
    /// An implementation-specific filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_ref: Option<LocalObjectReference>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GRPCBackendRef`: a weighted backend of a GRPCRoute rule, with filters applied only for it.
///
/// Serialized flat: the backend ref's fields beside `filters`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    from = "BackendRefRepr<GRPCRouteFilter>",
    into = "BackendRefRepr<GRPCRouteFilter>"
)]
pub struct GRPCBackendRef {
    /// The backend and its weight (inlined in the JSON).
    pub backend_ref: BackendRef,
    /// Filters applied to requests sent to this backend.
    pub filters: Vec<GRPCRouteFilter>,
    /// Unknown fields.
    pub extra: Extra,
}

impl From<BackendRefRepr<GRPCRouteFilter>> for GRPCBackendRef {
    fn from(mut repr: BackendRefRepr<GRPCRouteFilter>) -> Self {
        let extra = repr.take_extra();
        let (backend_ref, filters) = repr.split();
        GRPCBackendRef {
            backend_ref,
            filters,
            extra,
        }
    }
}

impl From<GRPCBackendRef> for BackendRefRepr<GRPCRouteFilter> {
    fn from(r: GRPCBackendRef) -> Self {
        BackendRefRepr::join(r.backend_ref, r.filters, r.extra)
    }
}
