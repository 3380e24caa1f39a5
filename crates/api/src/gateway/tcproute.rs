//! TCPRoute and UDPRoute (`apis/v1/tcproute_types.go`, `udproute_types.go`): port-level L4 routing.

use serde::{Deserialize, Serialize};

use super::{BackendRef, Extra, ParentReference, RouteStatus, object};
use crate::meta::ObjectMeta;

/// `TCPRoute`: forwards TCP connections from parents (listeners) to backends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TCPRoute {
    /// `gateway.networking.k8s.io/v1`.
    pub api_version: String,
    /// `TCPRoute`.
    pub kind: String,
    /// Object metadata.
    pub metadata: ObjectMeta,
    /// The desired state.
    pub spec: TCPRouteSpec,
    /// The state the controllers report, per parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RouteStatus>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
object!(TCPRoute, TCPRouteSpec);

/// `TCPRouteSpec`: parents and rules of a TCPRoute.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TCPRouteSpec {
    /// The parents (Gateways, listeners, ListenerSets) to attach to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parent_refs: Vec<ParentReference>,
    /// The rules (1 to 16).
    pub rules: Vec<TCPRouteRule>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TCPRouteRule`: the backends of a TCPRoute rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TCPRouteRule {
    /// Optional rule name, usable as a policy `sectionName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Weighted backends (1 to 16).
    pub backend_refs: Vec<BackendRef>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `UDPRoute`: forwards UDP datagrams from parents (listeners) to backends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UDPRoute {
    /// `gateway.networking.k8s.io/v1`.
    pub api_version: String,
    /// `UDPRoute`.
    pub kind: String,
    /// Object metadata.
    pub metadata: ObjectMeta,
    /// The desired state.
    pub spec: UDPRouteSpec,
    /// The state the controllers report, per parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RouteStatus>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
object!(UDPRoute, UDPRouteSpec);

/// `UDPRouteSpec`: parents and rules of a UDPRoute.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UDPRouteSpec {
    /// The parents (Gateways, listeners, ListenerSets) to attach to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parent_refs: Vec<ParentReference>,
    /// The rules (1 to 16).
    pub rules: Vec<UDPRouteRule>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `UDPRouteRule`: the backends of a UDPRoute rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UDPRouteRule {
    /// Optional rule name, usable as a policy `sectionName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Weighted backends (1 to 16).
    pub backend_refs: Vec<BackendRef>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
