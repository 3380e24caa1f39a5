//! GatewayClass (`apis/v1/gatewayclass_types.go`): a class of Gateways, implemented by one controller.

use serde::{Deserialize, Serialize};

use super::{Condition, Extra, object};
use crate::meta::ObjectMeta;

/// `GatewayClass`: a cluster-scoped class of Gateways, handled by the controller named in its spec.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayClass {
    /// `gateway.networking.k8s.io/v1`.
    pub api_version: String,
    /// `GatewayClass`.
    pub kind: String,
    /// Object metadata.
    pub metadata: ObjectMeta,
    /// The desired state.
    pub spec: GatewayClassSpec,
    /// The state the controller reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<GatewayClassStatus>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
object!(GatewayClass, GatewayClassSpec);

/// `GatewayClassSpec`: which controller manages the class, and its parameters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayClassSpec {
    /// The controller, a domain-prefixed path such as `example.net/gateway-controller`. Immutable.
    pub controller_name: String,
    /// Implementation-specific configuration for the class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters_ref: Option<ParametersReference>,
    /// A human-readable description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ParametersReference`: a reference to a (possibly cluster-scoped) resource holding class parameters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParametersReference {
    /// API group of the referent.
    pub group: String,
    /// Kind of the referent.
    pub kind: String,
    /// Name of the referent.
    pub name: String,
    /// Namespace of the referent, for a namespaced kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GatewayClassStatus`: the conditions and the features the controller supports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayClassStatus {
    /// `Accepted`, `SupportedVersion`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// The features the implementation supports, e.g. `HTTPRouteQueryParamMatching`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supported_features: Vec<SupportedFeature>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `SupportedFeature`: one feature name in `GatewayClassStatus.supportedFeatures`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SupportedFeature {
    /// The feature name.
    pub name: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
