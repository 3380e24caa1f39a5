//! ReferenceGrant (`apis/v1/referencegrant_types.go`): permission for references into its namespace.

use serde::{Deserialize, Serialize};

use super::{API_VERSION, Extra};
use crate::meta::ObjectMeta;

/// `ReferenceGrant`: lets objects of the `from` kinds and namespaces reference the `to` objects in the grant's
/// own namespace. Served as v1 and v1beta1 (storage); gateshift writes v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceGrant {
    /// `gateway.networking.k8s.io/v1` (or `v1beta1`).
    pub api_version: String,
    /// `ReferenceGrant`.
    pub kind: String,
    /// Object metadata.
    pub metadata: ObjectMeta,
    /// The desired state (ReferenceGrant has no status).
    pub spec: ReferenceGrantSpec,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ReferenceGrant {
    /// The `kind` of this type.
    pub const KIND: &'static str = "ReferenceGrant";

    /// A new object with `apiVersion` (`gateway.networking.k8s.io/v1`) and `kind` filled in.
    pub fn new(metadata: ObjectMeta, spec: ReferenceGrantSpec) -> Self {
        ReferenceGrant {
            api_version: API_VERSION.to_string(),
            kind: Self::KIND.to_string(),
            metadata,
            spec,
            extra: Extra::new(),
        }
    }
}

impl Default for ReferenceGrant {
    fn default() -> Self {
        ReferenceGrant::new(ObjectMeta::default(), ReferenceGrantSpec::default())
    }
}

/// `ReferenceGrantSpec`: who may reference (`from`) what (`to`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceGrantSpec {
    /// The trusted referrers (1 to 16).
    pub from: Vec<ReferenceGrantFrom>,
    /// The objects they may reference (1 to 16).
    pub to: Vec<ReferenceGrantTo>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ReferenceGrantFrom`: a kind of referrer in a namespace.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceGrantFrom {
    /// API group of the referrers (`""` for core).
    pub group: String,
    /// Kind of the referrers, e.g. `HTTPRoute`.
    pub kind: String,
    /// Namespace of the referrers.
    pub namespace: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ReferenceGrantTo`: a kind (and optionally a name) of object that may be referenced.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceGrantTo {
    /// API group of the referents (`""` for core).
    pub group: String,
    /// Kind of the referents, e.g. `Service`.
    pub kind: String,
    /// Name of the referent; absent allows every object of the kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
