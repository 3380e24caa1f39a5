//! `networking.k8s.io` Ingress and IngressClass, with the legacy `v1beta1` shapes read into the `v1` model.
//!
//! Decoding is strict, as `kubectl apply --validate=strict` is: an unknown field in an Ingress spec is almost
//! always a typo (`pathtype:`) that would silently change routing, so it is an error with its position.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::meta::ObjectMeta;

crate::open_enum! {
    /// `spec.rules[].http.paths[].pathType`.
    PathType {
        /// Case-sensitive exact match.
        Exact => "Exact",
        /// Element-wise prefix match.
        Prefix => "Prefix",
        /// Up to the controller; ingress-nginx reads it as Prefix (or regex in regex mode).
        ImplementationSpecific => "ImplementationSpecific",
    }
}

/// Which API version an Ingress was written in; field paths in reports follow the source shape.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IngressVersion {
    /// `networking.k8s.io/v1`.
    #[default]
    V1,
    /// `networking.k8s.io/v1beta1` or `extensions/v1beta1` (`serviceName`/`servicePort`, `spec.backend`).
    V1beta1,
}

/// An Ingress, normalised to the `networking.k8s.io/v1` model whatever version it was written in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ingress {
    /// The `apiVersion` as written.
    pub api_version: String,
    /// The shape it was written in.
    pub version: IngressVersion,
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    pub spec: IngressSpec,
}

/// `spec` of an Ingress (v1 shape).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressSpec {
    /// `spec.ingressClassName`.
    #[serde(default)]
    pub ingress_class_name: Option<String>,
    /// `spec.defaultBackend` (`spec.backend` in v1beta1).
    #[serde(default)]
    pub default_backend: Option<IngressBackend>,
    /// `spec.tls`.
    #[serde(default)]
    pub tls: Vec<IngressTLS>,
    /// `spec.rules`.
    #[serde(default)]
    pub rules: Vec<IngressRule>,
}

/// One `spec.tls` entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressTLS {
    /// The hosts this certificate is for.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// The Secret (same namespace) holding the certificate.
    #[serde(default)]
    pub secret_name: Option<String>,
}

/// One `spec.rules` entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressRule {
    /// The host; absent or empty means every host.
    #[serde(default)]
    pub host: Option<String>,
    /// The paths.
    #[serde(default)]
    pub http: Option<HTTPIngressRuleValue>,
}

/// `spec.rules[].http`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HTTPIngressRuleValue {
    /// The paths, required by the API.
    pub paths: Vec<HTTPIngressPath>,
}

/// One path of a rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HTTPIngressPath {
    /// The path; absent or empty is read as `/` by ingress-nginx.
    #[serde(default)]
    pub path: Option<String>,
    /// The path type; absent is `ImplementationSpecific` for ingress-nginx.
    #[serde(default)]
    pub path_type: Option<PathType>,
    /// Where matching requests go.
    pub backend: IngressBackend,
}

/// A backend: a Service port or a typed `resource` reference.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressBackend {
    /// A Service backend.
    #[serde(default)]
    pub service: Option<IngressServiceBackend>,
    /// A non-Service backend (e.g. a storage bucket CRD).
    #[serde(default)]
    pub resource: Option<TypedLocalObjectReference>,
}

/// `backend.service`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngressServiceBackend {
    /// The Service name (same namespace as the Ingress).
    pub name: String,
    /// The Service port, by number or name.
    #[serde(default)]
    pub port: Option<ServiceBackendPort>,
}

/// `backend.service.port`: exactly one of `name` and `number`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceBackendPort {
    /// A named Service port.
    #[serde(default)]
    pub name: Option<String>,
    /// A Service port number.
    #[serde(default)]
    pub number: Option<i32>,
}

/// `backend.resource`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TypedLocalObjectReference {
    /// API group of the referenced object.
    #[serde(default)]
    pub api_group: Option<String>,
    /// Kind of the referenced object.
    pub kind: String,
    /// Name of the referenced object.
    pub name: String,
}

/// The v1beta1 spec shape, decoded and then lifted into [`IngressSpec`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct LegacyIngressSpec {
    #[serde(default)]
    ingress_class_name: Option<String>,
    #[serde(default)]
    backend: Option<LegacyIngressBackend>,
    #[serde(default)]
    tls: Vec<IngressTLS>,
    #[serde(default)]
    rules: Vec<LegacyIngressRule>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LegacyIngressRule {
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    http: Option<LegacyHTTPIngressRuleValue>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LegacyHTTPIngressRuleValue {
    paths: Vec<LegacyHTTPIngressPath>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LegacyHTTPIngressPath {
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    path_type: Option<PathType>,
    backend: LegacyIngressBackend,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LegacyIngressBackend {
    #[serde(default)]
    service_name: Option<String>,
    #[serde(default)]
    service_port: Option<IntOrString>,
    #[serde(default)]
    resource: Option<TypedLocalObjectReference>,
}

/// Kubernetes `IntOrString`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum IntOrString {
    /// A number.
    Int(i32),
    /// A name (or a number written as a string).
    String(String),
}

impl LegacyIngressSpec {
    pub(crate) fn into_v1(self) -> IngressSpec {
        IngressSpec {
            ingress_class_name: self.ingress_class_name,
            default_backend: self.backend.map(LegacyIngressBackend::into_v1),
            tls: self.tls,
            rules: self
                .rules
                .into_iter()
                .map(|r| IngressRule {
                    host: r.host,
                    http: r.http.map(|h| HTTPIngressRuleValue {
                        paths: h
                            .paths
                            .into_iter()
                            .map(|p| HTTPIngressPath {
                                path: p.path,
                                path_type: p.path_type,
                                backend: p.backend.into_v1(),
                            })
                            .collect(),
                    }),
                })
                .collect(),
        }
    }
}

impl LegacyIngressBackend {
    fn into_v1(self) -> IngressBackend {
        let port = self.service_port.map(|p| match p {
            IntOrString::Int(n) => ServiceBackendPort {
                name: None,
                number: Some(n),
            },
            // The API server treats "80" as the number 80 for an IntOrString port.
            IntOrString::String(s) => match s.parse::<i32>() {
                Ok(n) => ServiceBackendPort {
                    name: None,
                    number: Some(n),
                },
                Err(_) => ServiceBackendPort {
                    name: Some(s),
                    number: None,
                },
            },
        });
        IngressBackend {
            service: self.service_name.map(|name| IngressServiceBackend { name, port }),
            resource: self.resource,
        }
    }
}

/// An IngressClass.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressClass {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    #[serde(default)]
    pub spec: IngressClassSpec,
}

/// `spec` of an IngressClass.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IngressClassSpec {
    /// The controller that implements the class, e.g. `k8s.io/ingress-nginx`.
    #[serde(default)]
    pub controller: Option<String>,
    /// Controller parameters, kept as written.
    #[serde(default)]
    pub parameters: Option<Value>,
}

/// The annotation that marks the cluster's default IngressClass.
pub const DEFAULT_CLASS_ANNOTATION: &str = "ingressclass.kubernetes.io/is-default-class";
/// The legacy class annotation on Ingresses, still honoured by ingress-nginx.
pub const LEGACY_CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";

impl<'de> Deserialize<'de> for IntOrString {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = IntOrString;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a port number or a port name")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<IntOrString, E> {
                i32::try_from(v)
                    .map(IntOrString::Int)
                    .map_err(|_| E::custom(format!("port {v} is out of range")))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<IntOrString, E> {
                i32::try_from(v)
                    .map(IntOrString::Int)
                    .map_err(|_| E::custom(format!("port {v} is out of range")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<IntOrString, E> {
                Ok(IntOrString::String(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}
