//! Gateway (`apis/v1/gateway_types.go`): listeners bound to addresses, and the routes they accept.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Condition, Extra, ObjectReference, SecretObjectReference, object};
use crate::meta::{LabelSelector, ObjectMeta};

/// `Gateway`: an instance of a GatewayClass, a set of listeners on some addresses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Gateway {
    /// `gateway.networking.k8s.io/v1`.
    pub api_version: String,
    /// `Gateway`.
    pub kind: String,
    /// Object metadata.
    pub metadata: ObjectMeta,
    /// The desired state.
    pub spec: GatewaySpec,
    /// The state the controller reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<GatewayStatus>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
object!(Gateway, GatewaySpec);

/// `GatewaySpec`: the class, listeners, addresses and TLS settings of a Gateway.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewaySpec {
    /// The GatewayClass this Gateway belongs to.
    pub gateway_class_name: String,
    /// The listeners (1 to 64), unique by name and by port/protocol/hostname.
    pub listeners: Vec<Listener>,
    /// Requested addresses; empty lets the implementation choose.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<GatewaySpecAddress>,
    /// Labels, annotations and parameters for the resources the implementation creates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub infrastructure: Option<GatewayInfrastructure>,
    /// Which ListenerSets may attach to this Gateway (none by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_listeners: Option<AllowedListeners>,
    /// Gateway-wide TLS settings: client certificate validation (frontend) and the client certificate (backend).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<GatewayTLSConfig>,
    /// Unknown fields (e.g. experimental `defaultScope`).
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `ProtocolType`: the protocol a listener accepts. Implementations may define domain-prefixed others.
    #[allow(clippy::upper_case_acronyms)]
    ProtocolType { HTTP => "HTTP", HTTPS => "HTTPS", TLS => "TLS", TCP => "TCP", UDP => "UDP" }
}

impl Default for ProtocolType {
    /// `HTTP`.
    fn default() -> Self {
        ProtocolType::HTTP
    }
}

/// `Listener`: a logical endpoint (port, protocol, optional hostname) of a Gateway.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listener {
    /// Unique name within the Gateway; routes use it as `sectionName`.
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

crate::open_enum! {
    /// `TLSModeType`: whether a listener terminates TLS or passes it through.
    TLSModeType { Terminate => "Terminate", Passthrough => "Passthrough" }
}

/// `ListenerTLSConfig`: the TLS mode and certificates of a listener.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerTLSConfig {
    /// `Terminate` (default) or `Passthrough`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<TLSModeType>,
    /// The certificates (by default Secrets) used to terminate TLS.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificate_refs: Vec<SecretObjectReference>,
    /// Implementation-specific TLS options, keyed by domain-prefixed names.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `AllowedRoutes`: the namespaces and kinds of routes a listener accepts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllowedRoutes {
    /// Namespaces routes may come from; default `Same`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<RouteNamespaces>,
    /// Allowed route kinds; empty means the kinds that fit the listener protocol.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<RouteGroupKind>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `FromNamespaces`: where routes (or, with `None`, ListenerSets) may come from.
    FromNamespaces { All => "All", Same => "Same", Selector => "Selector", None => "None" }
}

/// `RouteNamespaces`: the namespaces a listener accepts routes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteNamespaces {
    /// `Same` (default), `All` or `Selector`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<FromNamespaces>,
    /// Label selector on Namespaces, used with `Selector`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `RouteGroupKind`: a route kind, e.g. `HTTPRoute` in `gateway.networking.k8s.io`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteGroupKind {
    /// API group; default `gateway.networking.k8s.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The kind.
    pub kind: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `AddressType`: how a Gateway address is written. Implementations may define domain-prefixed others.
    AddressType { IPAddress => "IPAddress", Hostname => "Hostname", NamedAddress => "NamedAddress" }
}

/// `GatewaySpecAddress`: an address requested for a Gateway.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewaySpecAddress {
    /// The address type; default `IPAddress`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<AddressType>,
    /// The address; absent lets the implementation choose one of the type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GatewayInfrastructure`: metadata and parameters for the infrastructure a Gateway creates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayInfrastructure {
    /// Labels to put on the generated resources.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Annotations to put on the generated resources.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Implementation-specific parameters for this Gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters_ref: Option<LocalParametersReference>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `LocalParametersReference`: a reference to a parameters resource in the Gateway's namespace.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalParametersReference {
    /// API group of the referent.
    pub group: String,
    /// Kind of the referent.
    pub kind: String,
    /// Name of the referent.
    pub name: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `AllowedListeners`: which ListenerSets may attach to a Gateway.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllowedListeners {
    /// Namespaces ListenerSets may come from; default `None` (no ListenerSet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<ListenerNamespaces>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ListenerNamespaces`: the namespaces ListenerSets may attach from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerNamespaces {
    /// `None` (default), `Same`, `All` or `Selector`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<FromNamespaces>,
    /// Label selector on Namespaces, used with `Selector`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GatewayTLSConfig`: Gateway-wide TLS settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayTLSConfig {
    /// The Gateway as a TLS client of backends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<GatewayBackendTLS>,
    /// Client certificate validation on the listeners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frontend: Option<FrontendTLSConfig>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GatewayBackendTLS`: the client certificate the Gateway presents to backends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayBackendTLS {
    /// The Secret holding the client certificate and key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate_ref: Option<SecretObjectReference>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `FrontendTLSConfig`: client certificate validation, by default and per port.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FrontendTLSConfig {
    /// The validation for every HTTPS listener without a per-port setting.
    pub default: TLSConfig,
    /// Per-port overrides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub per_port: Vec<TLSPortConfig>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TLSConfig`: frontend TLS settings (client certificate validation).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TLSConfig {
    /// How client certificates are validated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<FrontendTLSValidation>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `TLSPortConfig`: frontend TLS settings for one port.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TLSPortConfig {
    /// The port.
    pub port: i32,
    /// The settings for listeners on that port.
    pub tls: TLSConfig,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `FrontendValidationModeType`: whether a connection without a valid client certificate is refused.
    FrontendValidationModeType {
        AllowValidOnly => "AllowValidOnly",
        AllowInsecureFallback => "AllowInsecureFallback",
    }
}

/// `FrontendTLSValidation`: the CA certificates client certificates are validated against.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FrontendTLSValidation {
    /// CA bundles (e.g. ConfigMaps with `ca.crt`).
    pub ca_certificate_refs: Vec<ObjectReference>,
    /// `AllowValidOnly` (default) or `AllowInsecureFallback`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<FrontendValidationModeType>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GatewayStatus`: addresses, conditions and per-listener status of a Gateway.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayStatus {
    /// The addresses the Gateway is reachable at.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<GatewayStatusAddress>,
    /// `Accepted`, `Programmed`, ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// Status per listener.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listeners: Vec<ListenerStatus>,
    /// How many ListenerSets are attached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached_listener_sets: Option<i32>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GatewayStatusAddress`: an address a Gateway is reachable at.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayStatusAddress {
    /// The address type; default `IPAddress`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<AddressType>,
    /// The address.
    pub value: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ListenerStatus`: the status of one listener.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListenerStatus {
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
