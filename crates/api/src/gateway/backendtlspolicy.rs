//! BackendTLSPolicy (`apis/v1/backendtlspolicy_types.go`): how the Gateway connects to a backend over TLS.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Condition, Extra, LocalObjectReference, ParentReference, object};
use crate::meta::ObjectMeta;

/// `BackendTLSPolicy`: TLS (CA, hostname, SANs) for connections from the Gateway to target Services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackendTLSPolicy {
    /// `gateway.networking.k8s.io/v1`.
    pub api_version: String,
    /// `BackendTLSPolicy`.
    pub kind: String,
    /// Object metadata.
    pub metadata: ObjectMeta,
    /// The desired state.
    pub spec: BackendTLSPolicySpec,
    /// The state the controllers report, per ancestor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PolicyStatus>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
object!(BackendTLSPolicy, BackendTLSPolicySpec);

/// `BackendTLSPolicySpec`: the targets and the TLS validation to use for them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackendTLSPolicySpec {
    /// The Services (or ports of them, by `sectionName`) the policy applies to (1 to 16).
    pub target_refs: Vec<LocalPolicyTargetReferenceWithSectionName>,
    /// How the backend's certificate is validated.
    pub validation: BackendTLSPolicyValidation,
    /// Implementation-specific TLS options.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `LocalPolicyTargetReferenceWithSectionName`: a policy target in the policy's namespace, optionally a section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalPolicyTargetReferenceWithSectionName {
    /// API group of the target (`""` for core).
    pub group: String,
    /// Kind of the target, e.g. `Service`.
    pub kind: String,
    /// Name of the target.
    pub name: String,
    /// A section of the target (a Service port name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_name: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `WellKnownCACertificatesType`: a well-known CA set, instead of explicit CA certificates.
    WellKnownCACertificatesType { System => "System" }
}

/// `BackendTLSPolicyValidation`: the CA, the expected hostname (SNI) and subject alternative names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackendTLSPolicyValidation {
    /// CA bundles (e.g. ConfigMaps with `ca.crt`); exclusive with `wellKnownCACertificates`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ca_certificate_refs: Vec<LocalObjectReference>,
    /// `System`: the platform's trusted CAs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(rename = "wellKnownCACertificates")]
    pub well_known_ca_certificates: Option<WellKnownCACertificatesType>,
    /// The SNI to send and, without `subjectAltNames`, the name to verify.
    pub hostname: String,
    /// Names to verify instead of `hostname`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subject_alt_names: Vec<SubjectAltName>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `SubjectAltNameType`: the kind of a subject alternative name.
    SubjectAltNameType { Hostname => "Hostname", URI => "URI" }
}

impl Default for SubjectAltNameType {
    /// `Hostname`.
    fn default() -> Self {
        SubjectAltNameType::Hostname
    }
}

/// `SubjectAltName`: a subject alternative name the backend certificate must carry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectAltName {
    /// `Hostname` or `URI`; says which of the other fields is set.
    pub r#type: SubjectAltNameType,
    /// A DNS name, for `Hostname`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// A URI (e.g. a SPIFFE ID), for `URI`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `PolicyStatus`: the status of a policy, one entry per ancestor (usually a Gateway).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyStatus {
    /// Status per ancestor and controller.
    pub ancestors: Vec<PolicyAncestorStatus>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `PolicyAncestorStatus`: a policy's status with respect to one ancestor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyAncestorStatus {
    /// The ancestor (e.g. the Gateway) this status is for.
    pub ancestor_ref: ParentReference,
    /// The controller that wrote this status.
    pub controller_name: String,
    /// `Accepted`, `ResolvedRefs`, ...
    pub conditions: Vec<Condition>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
