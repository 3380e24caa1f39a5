//! The Gateway API kinds as one enum, decoded into their typed forms.

use crate::gateway::{
    BackendTLSPolicy, GRPCRoute, Gateway, GatewayClass, HTTPRoute, ListenerSet, ReferenceGrant, TCPRoute,
    TLSRoute, UDPRoute,
};
use crate::meta::ObjectMeta;

/// A Gateway API object (v1.6.1 standard channel), typed.
///
/// Variants differ in size; the enum is already boxed inside [`crate::Object`], so boxing each variant again would
/// only add indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum GatewayObject {
    /// A GatewayClass.
    GatewayClass(GatewayClass),
    /// A Gateway.
    Gateway(Gateway),
    /// A ListenerSet.
    ListenerSet(ListenerSet),
    /// An HTTPRoute.
    HTTPRoute(HTTPRoute),
    /// A GRPCRoute.
    GRPCRoute(GRPCRoute),
    /// A TLSRoute.
    TLSRoute(TLSRoute),
    /// A TCPRoute.
    TCPRoute(TCPRoute),
    /// A UDPRoute.
    UDPRoute(UDPRoute),
    /// A ReferenceGrant.
    ReferenceGrant(ReferenceGrant),
    /// A BackendTLSPolicy.
    BackendTLSPolicy(BackendTLSPolicy),
}

impl GatewayObject {
    /// `kind`.
    pub fn kind(&self) -> &str {
        match self {
            GatewayObject::GatewayClass(_) => GatewayClass::KIND,
            GatewayObject::Gateway(_) => Gateway::KIND,
            GatewayObject::ListenerSet(_) => ListenerSet::KIND,
            GatewayObject::HTTPRoute(_) => HTTPRoute::KIND,
            GatewayObject::GRPCRoute(_) => GRPCRoute::KIND,
            GatewayObject::TLSRoute(_) => TLSRoute::KIND,
            GatewayObject::TCPRoute(_) => TCPRoute::KIND,
            GatewayObject::UDPRoute(_) => UDPRoute::KIND,
            GatewayObject::ReferenceGrant(_) => ReferenceGrant::KIND,
            GatewayObject::BackendTLSPolicy(_) => BackendTLSPolicy::KIND,
        }
    }

    /// `metadata`.
    pub fn metadata(&self) -> &ObjectMeta {
        match self {
            GatewayObject::GatewayClass(o) => &o.metadata,
            GatewayObject::Gateway(o) => &o.metadata,
            GatewayObject::ListenerSet(o) => &o.metadata,
            GatewayObject::HTTPRoute(o) => &o.metadata,
            GatewayObject::GRPCRoute(o) => &o.metadata,
            GatewayObject::TLSRoute(o) => &o.metadata,
            GatewayObject::TCPRoute(o) => &o.metadata,
            GatewayObject::UDPRoute(o) => &o.metadata,
            GatewayObject::ReferenceGrant(o) => &o.metadata,
            GatewayObject::BackendTLSPolicy(o) => &o.metadata,
        }
    }
}

/// Decodes a Gateway API object of a served `kind` (checked by the caller). Unknown fields and enum values are
/// kept, so only a wrong type or a missing required field fails.
pub(crate) fn decode<'de, D>(
    kind: &str,
    document: D,
) -> Result<GatewayObject, serde_path_to_error::Error<serde_json::Error>>
where
    D: serde::Deserializer<'de, Error = serde_json::Error>,
{
    fn typed<'de, T: serde::Deserialize<'de>, D: serde::Deserializer<'de, Error = serde_json::Error>>(
        document: D,
    ) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
        serde_path_to_error::deserialize(document)
    }
    Ok(match kind {
        "GatewayClass" => GatewayObject::GatewayClass(typed(document)?),
        "Gateway" => GatewayObject::Gateway(typed(document)?),
        "ListenerSet" => GatewayObject::ListenerSet(typed(document)?),
        "HTTPRoute" => GatewayObject::HTTPRoute(typed(document)?),
        "GRPCRoute" => GatewayObject::GRPCRoute(typed(document)?),
        "TLSRoute" => GatewayObject::TLSRoute(typed(document)?),
        "TCPRoute" => GatewayObject::TCPRoute(typed(document)?),
        "UDPRoute" => GatewayObject::UDPRoute(typed(document)?),
        "ReferenceGrant" => GatewayObject::ReferenceGrant(typed(document)?),
        "BackendTLSPolicy" => GatewayObject::BackendTLSPolicy(typed(document)?),
        other => unreachable!("decode is only called for served Gateway API kinds, not {other}"),
    })
}
