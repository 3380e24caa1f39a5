//! Core `v1` kinds the conversion reads: Service, Secret (metadata and type only), Namespace, ConfigMap.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{meta::ObjectMeta, networking::IntOrString};

/// A Service: only its ports and type matter to routing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec`.
    #[serde(default)]
    pub spec: ServiceSpec,
}

/// `spec` of a Service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSpec {
    /// `ClusterIP`, `NodePort`, `LoadBalancer`, `ExternalName`.
    #[serde(default, rename = "type")]
    pub type_: Option<String>,
    /// The ports.
    #[serde(default)]
    pub ports: Vec<ServicePort>,
    /// The target of an ExternalName Service.
    #[serde(default)]
    pub external_name: Option<String>,
    /// Every other field, kept.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// One Service port.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePort {
    /// The port name, required when there are several.
    #[serde(default)]
    pub name: Option<String>,
    /// The port number.
    pub port: i32,
    /// The container port.
    #[serde(default)]
    pub target_port: Option<IntOrString>,
    /// `TCP` (default), `UDP`, `SCTP`.
    #[serde(default)]
    pub protocol: Option<String>,
    /// The application protocol (`kubernetes.io/h2c`, `http`, ...).
    #[serde(default)]
    pub app_protocol: Option<String>,
}

/// A Secret: gateshift never reads, keeps or prints secret data, only which keys exist.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Secret {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `type`, e.g. `kubernetes.io/tls`.
    pub type_: Option<String>,
    /// The keys present in `data` or `stringData` (values are dropped on read).
    pub data_keys: Vec<String>,
    /// The keys among `tls.crt`/`tls.key` whose value holds a PEM block (`-----BEGIN `), so a check can tell
    /// a malformed certificate Secret without keeping its contents.
    pub pem_keys: Vec<String>,
}

/// The Secret type of TLS certificates.
pub const TLS_SECRET_TYPE: &str = "kubernetes.io/tls";

/// A Namespace: its labels feed `allowedRoutes` selectors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Namespace {
    /// `metadata`.
    pub metadata: ObjectMeta,
}

/// The label the API server puts on every Namespace with its own name.
pub const NAMESPACE_NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// A ConfigMap (ingress-nginx reads some of its settings and custom headers from them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigMap {
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `data`.
    #[serde(default)]
    pub data: BTreeMap<String, String>,
}
