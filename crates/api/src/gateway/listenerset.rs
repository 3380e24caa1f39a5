//! ListenerSet (`apis/v1/listenerset_types.go`): extra listeners attached to an existing Gateway.

use serde::{Deserialize, Serialize};

use super::{AllowedRoutes, Condition, Extra, ListenerTLSConfig, ProtocolType, RouteGroupKind, object};
use crate::meta::ObjectMeta;

/// `ListenerSet`: a set of listeners merged into a parent Gateway that allows it (`allowedListeners`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerSet {
    /// `gateway.networking.k8s.io/v1`.
    pub api_version: String,
    /// `ListenerSet`.
    pub kind: String,
    /// Object metadata.
    pub metadata: ObjectMeta,
    /// The desired state.
    pub spec: ListenerSetSpec,
    /// The state the controller reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ListenerSetStatus>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
object!(ListenerSet, ListenerSetSpec);

/// `ListenerSetSpec`: the parent Gateway and the listeners to add to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerSetSpec {
    /// The Gateway the listeners attach to.
    pub parent_ref: ParentGatewayReference,
    /// The listeners (1 to 64).
    pub listeners: Vec<ListenerEntry>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ParentGatewayReference`: the Gateway a ListenerSet attaches to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParentGatewayReference {
    /// API group; default `gateway.networking.k8s.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Kind; default `Gateway`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Name of the Gateway.
    pub name: String,
    /// Namespace of the Gateway; default the ListenerSet's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ListenerEntry`: one listener of a ListenerSet (a Gateway `Listener` whose name is unique in the set).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerEntry {
    /// Unique name within the ListenerSet; routes with the ListenerSet as parent use it as `sectionName`.
    pub name: String,
    /// The hostname (possibly `*.`-prefixed) to match; absent matches every hostname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// The network port.
    pub port: i32,
    /// The protocol.
    pub protocol: ProtocolType,
    /// TLS settings; required for HTTPS and TLS, forbidden for HTTP, TCP and UDP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<ListenerTLSConfig>,
    /// The kinds and namespaces of routes that may attach; default routes from the same namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_routes: Option<AllowedRoutes>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ListenerSetStatus`: conditions and per-listener status of a ListenerSet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerSetStatus {
    /// `Accepted`, `Programmed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// Status per listener.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listeners: Vec<ListenerEntryStatus>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ListenerEntryStatus`: the status of one ListenerSet listener.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerEntryStatus {
    /// The listener name.
    pub name: String,
    /// The route kinds the listener supports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supported_kinds: Vec<RouteGroupKind>,
    /// The number of accepted routes attached to the listener.
    pub attached_routes: i32,
    /// `Accepted`, `Programmed`, `ResolvedRefs`, `Conflicted`, ...
    pub conditions: Vec<Condition>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A ListenerSet entry has exactly the fields of a Gateway listener.
impl From<crate::gateway::Listener> for ListenerEntry {
    fn from(l: crate::gateway::Listener) -> Self {
        ListenerEntry {
            name: l.name,
            hostname: l.hostname,
            port: l.port,
            protocol: l.protocol,
            tls: l.tls,
            allowed_routes: l.allowed_routes,
            extra: l.extra,
        }
    }
}
