//! What a conversion hands back: generated objects, the report, and which Ingresses each Gateway stands for.

use serde_json::Value;

use crate::report::{Finding, ObjectRef, Report};

/// One generated object, kept as compact JSON: a conversion of tens of thousands of Ingresses holds far less
/// memory this way than as `serde_json::Value` trees, and each object becomes a `Value` only while it is
/// written (whose maps sort the keys, so the output is the same).
#[derive(Debug, Clone)]
pub struct Generated {
    /// `kind`.
    pub kind: &'static str,
    json: String,
}

impl Generated {
    pub(crate) fn new<T: serde::Serialize + GeneratedKind>(object: &T) -> Generated {
        Generated {
            kind: T::KIND,
            json: serde_json::to_string(object).expect("generated objects always serialize"),
        }
    }

    /// The object as JSON text (keys in field order).
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The object as a `Value` (keys sorted), for writing.
    pub fn to_value(&self) -> Value {
        serde_json::from_str(&self.json).expect("generated JSON parses")
    }
}

/// The `kind` of each generated type.
pub(crate) trait GeneratedKind {
    const KIND: &'static str;
}

macro_rules! generated_kinds {
    ($($t:ident),*) => {
        $(impl GeneratedKind for gateshift_api::gateway::$t {
            const KIND: &'static str = stringify!($t);
        })*
    };
}
generated_kinds!(
    Gateway,
    ListenerSet,
    ReferenceGrant,
    HTTPRoute,
    GRPCRoute,
    TLSRoute,
    BackendTLSPolicy
);

/// The result: objects ready to write, and the report.
#[derive(Debug)]
pub struct Conversion {
    /// Generated objects in output order (Gateways, ListenerSets, ReferenceGrants, HTTPRoutes, GRPCRoutes,
    /// TLSRoutes, BackendTLSPolicies; then namespace and name).
    pub objects: Vec<Generated>,
    /// What happened to every source field.
    pub report: Report,
    /// The Ingresses ingress-nginx would serve (selected by class), refused and canary ones included.
    pub selected: Vec<ObjectRef>,
    /// Every generated Gateway with the Ingresses it stands in for, in output order.
    pub gateways: Vec<GatewayIngresses>,
    /// Security controls that would be lost (`--accept-security-loss` not given): the manifests must not be
    /// written. Each entry is a report finding.
    pub security_losses: Vec<Finding>,
}

/// A generated Gateway and the selected Ingresses it stands in for: those of its ingress class, and with
/// [`Topology::PerNamespace`](crate::Topology::PerNamespace) those of its namespace plus every canary Ingress of the class (a canary only
/// joins a location of another Ingress, wherever it lives). Refused Ingresses are included: ingress-nginx
/// received them too. This is the "before" side of verifying that Gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayIngresses {
    /// The Gateway (`kind` is `Gateway`).
    pub gateway: ObjectRef,
    /// The Ingresses, in ingress-nginx order.
    pub ingresses: Vec<ObjectRef>,
}
