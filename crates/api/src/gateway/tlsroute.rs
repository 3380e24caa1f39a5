//! TLSRoute (`apis/v1/tlsroute_types.go`): routing of TLS connections by SNI, without terminating them.

use serde::{Deserialize, Serialize};

use super::{BackendRef, Extra, ParentReference, RouteStatus, object};
use crate::meta::ObjectMeta;

/// `TLSRoute`: routes TLS connections (by SNI) from parents (listeners) to backends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TLSRoute {
    /// `gateway.networking.k8s.io/v1`.
    pub api_version: String,
    /// `TLSRoute`.
    pub kind: String,
    /// Object metadata.
    pub metadata: ObjectMeta,
    /// The desired state.
    pub spec: TLSRouteSpec,
    /// The state the controllers report, per parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RouteStatus>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
object!(TLSRoute, TLSRouteSpec);

/// `TLSRouteSpec`: parents, SNI hostnames and rules of a TLSRoute.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TLSRouteSpec {
    /// The parents (Gateways, listeners, ListenerSets) to attach to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parent_refs: Vec<ParentReference>,
    /// SNI values to match (possibly `*.`-prefixed); required, 1 to 16.
    pub hostnames: Vec<String>,
    /// The rules (exactly one in v1).
    pub rules: Vec<TLSRouteRule>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TLSRouteRule`: the backends of a TLSRoute rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TLSRouteRule {
    /// Optional rule name, usable as a policy `sectionName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Weighted backends (1 to 16).
    pub backend_refs: Vec<BackendRef>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
