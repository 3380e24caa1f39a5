//! Types shared by several Gateway API kinds (`apis/v1/shared_types.go`, `object_reference_types.go`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Unknown fields of an object, kept as read so a read/write cycle loses nothing.
pub type Extra = BTreeMap<String, Value>;

/// A Gateway API `Duration` (GEP-2257 subset of Go durations, e.g. `1h2m3s`, `500ms`), kept as written.
pub type Duration = String;

crate::open_enum! {
    /// `metav1.ConditionStatus`: the status of a condition.
    ConditionStatus { True => "True", False => "False", Unknown => "Unknown" }
}

impl Default for ConditionStatus {
    /// `Unknown`, the status a controller writes before it has decided.
    fn default() -> Self {
        ConditionStatus::Unknown
    }
}

/// `metav1.Condition`: one condition in a status (`Accepted`, `ResolvedRefs`, `Programmed`, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    /// The condition type, e.g. `Accepted`.
    pub r#type: String,
    /// `True`, `False` or `Unknown`.
    pub status: ConditionStatus,
    /// The `metadata.generation` the condition was set for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    /// RFC 3339 time of the last status change.
    pub last_transition_time: String,
    /// A CamelCase reason, e.g. `NotAllowedByListeners`.
    pub reason: String,
    /// A human-readable message (may be empty).
    pub message: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ParentReference`: the parent (Gateway, ListenerSet, Service, ...) a route wants to attach to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParentReference {
    /// API group of the parent; default `gateway.networking.k8s.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Kind of the parent; default `Gateway`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Namespace of the parent; default the route's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Name of the parent.
    pub name: String,
    /// A listener name (Gateway, ListenerSet) or port name (Service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_name: Option<String>,
    /// Selects the parent's listeners on this port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `BackendObjectReference`: a reference to a backend (by default a core `Service`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BackendObjectReference {
    /// API group of the referent; default `""` (core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Kind of the referent; default `Service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Name of the referent.
    pub name: String,
    /// Namespace of the referent; default the local namespace (another one needs a ReferenceGrant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Destination port; required when the referent is a Service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `BackendRef`: a backend reference with a weight, as used in route rules.
///
/// Serialized flat (the reference's fields beside `weight`); unknown fields are kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "BackendRefRepr<Value>", into = "BackendRefRepr<Value>")]
pub struct BackendRef {
    /// The referenced backend (its fields are inlined in the JSON).
    pub backend_object_reference: BackendObjectReference,
    /// Proportion of requests sent to this backend; default 1.
    pub weight: Option<i32>,
    /// Unknown fields.
    pub extra: Extra,
}

/// The wire shape of [`BackendRef`] (and, with `filters`, of the HTTP/GRPC backend refs): all fields in one
/// struct, since nested `#[serde(flatten)]` structs that each keep unknown fields would duplicate them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BackendRefRepr<F> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weight: Option<i32>,
    #[serde(default = "Vec::new", skip_serializing_if = "Vec::is_empty")]
    filters: Vec<F>,
    #[serde(flatten)]
    extra: Extra,
}

impl<F> BackendRefRepr<F> {
    /// Splits into the backend ref and its filters; unknown fields go to the outermost `extra`.
    pub(crate) fn split(self) -> (BackendRef, Vec<F>) {
        let backend_ref = BackendRef {
            backend_object_reference: BackendObjectReference {
                group: self.group,
                kind: self.kind,
                name: self.name,
                namespace: self.namespace,
                port: self.port,
                extra: Extra::new(),
            },
            weight: self.weight,
            extra: Extra::new(),
        };
        (backend_ref, self.filters)
    }

    /// Joins a backend ref, its filters and the outer unknown fields (inner ones are merged in too).
    pub(crate) fn join(backend_ref: BackendRef, filters: Vec<F>, mut extra: Extra) -> Self {
        let BackendRef {
            backend_object_reference: r,
            weight,
            extra: ref_extra,
        } = backend_ref;
        for (k, v) in r.extra.into_iter().chain(ref_extra) {
            extra.entry(k).or_insert(v);
        }
        BackendRefRepr {
            group: r.group,
            kind: r.kind,
            name: r.name,
            namespace: r.namespace,
            port: r.port,
            weight,
            filters,
            extra,
        }
    }

    /// Takes the unknown fields out, leaving the rest.
    pub(crate) fn take_extra(&mut self) -> Extra {
        std::mem::take(&mut self.extra)
    }
}

// A `BackendRef` has no `filters`; should one appear anyway, it is an unknown field and is kept in `extra`.
impl From<BackendRefRepr<Value>> for BackendRef {
    fn from(mut repr: BackendRefRepr<Value>) -> Self {
        let mut extra = repr.take_extra();
        let (mut backend_ref, filters) = repr.split();
        if !filters.is_empty() {
            extra.insert("filters".to_string(), Value::Array(filters));
        }
        backend_ref.extra = extra;
        backend_ref
    }
}

impl From<BackendRef> for BackendRefRepr<Value> {
    fn from(backend_ref: BackendRef) -> Self {
        BackendRefRepr::join(backend_ref, Vec::new(), Extra::new())
    }
}

/// `SecretObjectReference`: a reference to a Secret (by default) holding TLS material.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretObjectReference {
    /// API group of the referent; default `""` (core).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Kind of the referent; default `Secret`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Name of the referent.
    pub name: String,
    /// Namespace of the referent; default the local namespace (another one needs a ReferenceGrant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `LocalObjectReference`: a reference to an object in the same namespace (group, kind and name all required).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalObjectReference {
    /// API group of the referent (`""` for core).
    pub group: String,
    /// Kind of the referent.
    pub kind: String,
    /// Name of the referent.
    pub name: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ObjectReference`: a reference to an object, possibly in another namespace (e.g. a CA ConfigMap).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectReference {
    /// API group of the referent (`""` for core).
    pub group: String,
    /// Kind of the referent.
    pub kind: String,
    /// Name of the referent.
    pub name: String,
    /// Namespace of the referent; default the local namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `RouteStatus`: the status every route kind shares, one entry per parent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteStatus {
    /// Status per parent reference (and controller).
    pub parents: Vec<RouteParentStatus>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `RouteParentStatus`: a route's status with respect to one parent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteParentStatus {
    /// The parent this status is for.
    pub parent_ref: ParentReference,
    /// The controller that wrote this status, e.g. `example.net/gateway-controller`.
    pub controller_name: String,
    /// `Accepted`, `ResolvedRefs`, ...
    pub conditions: Vec<Condition>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
