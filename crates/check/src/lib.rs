//! Offline Gateway API controller and validator: objects in, the `status` a conformant controller would write and findings out.
//!
//! [`check`] takes decoded objects (with the documents they came from, for positions) and returns every
//! Gateway API object with its computed `status` ([`Item`]) and the [`Finding`]s: CRD rule violations the API
//! server would reject (`GS1xxx`), binding problems a controller would report in status (`GS2xxx`), and
//! migration pitfalls that are valid but probably not what the author meant (`GS3xxx`). Codes are documented in
//! `docs/findings.md`. Nothing here does IO or prints.

mod bind;
mod binding;
mod finding;
pub mod hostname;
pub mod reasons;
mod validate;

use gateshift_api::Sourced;
use serde_json::Value;

pub use binding::{
    AttachedRoute, Binding, GatewayBinding, ListenerBinding, Problem, RouteBinding, RuleBinding,
};
pub use finding::{Finding, ObjectRef, Severity, codes};

/// The controller name written in route status when neither `--controller-name` nor a GatewayClass gives one.
pub const DEFAULT_CONTROLLER_NAME: &str = "gateshift.dev/offline-check";

/// The `lastTransitionTime` of every condition: offline there is no transition time, and a fixed value keeps
/// output byte-identical between runs.
pub const TRANSITION_TIME: &str = "1970-01-01T00:00:00Z";

/// What the check acts as.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Act only for GatewayClasses with this `spec.controllerName`; `None` acts for every class present.
    pub controller_name: Option<String>,
}

/// One input Gateway API object with its computed status.
#[derive(Debug, Clone)]
pub struct Item {
    /// Which object.
    pub object: ObjectRef,
    /// The document it was read from.
    pub doc: std::sync::Arc<gateshift_manifest::Document>,
    /// The computed `status`; `None` when no controller this check acts for would write it.
    pub status: Option<Status>,
}

impl Item {
    /// The object as read, with `status` replaced by the computed one (unchanged when no controller this check
    /// acts for would write its status). Built on demand: the text view needs it only for Gateways and
    /// ListenerSets, and building it for every route was a quarter of `check`'s time at 10k objects.
    pub fn value(&self) -> Value {
        let mut value = self.doc.to_json();
        if let (Some(status), Some(map)) = (&self.status, value.as_object_mut()) {
            map.insert("status".to_string(), status.to_value());
        }
        value
    }
}

/// A computed status, kept typed until it is written: as `serde_json::Value` trees, the statuses of a 10k-Ingress
/// conversion took a third of `check`'s memory.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Status {
    /// Of a GatewayClass.
    GatewayClass(gateshift_api::gateway::GatewayClassStatus),
    /// Of a Gateway.
    Gateway(gateshift_api::gateway::GatewayStatus),
    /// Of a ListenerSet.
    ListenerSet(gateshift_api::gateway::ListenerSetStatus),
    /// Of an HTTPRoute, GRPCRoute, TLSRoute, TCPRoute or UDPRoute.
    Route(gateshift_api::gateway::RouteStatus),
    /// Of a BackendTLSPolicy.
    Policy(gateshift_api::gateway::PolicyStatus),
}

impl Status {
    /// The status as JSON, as written in the object.
    pub fn to_value(&self) -> Value {
        // The status types have string keys and no floats: serializing them cannot fail.
        serde_json::to_value(self).expect("status types always serialize")
    }
}

/// A route attached to a listener, for the text view.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Attachment {
    /// The Gateway.
    pub gateway: ObjectRef,
    /// The listener's owner when it comes from a ListenerSet.
    pub listener_set: Option<ObjectRef>,
    /// The listener name.
    pub listener: String,
    /// The accepted route.
    pub route: ObjectRef,
}

/// The result of [`check`].
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Every Gateway API object of the input, sorted by (kind rank, namespace, name).
    pub items: Vec<Item>,
    /// Every finding, errors first, then by position.
    pub findings: Vec<Finding>,
    /// Which accepted route is attached to which listener.
    pub attachments: Vec<Attachment>,
    /// Objects of kinds the check does not use (Ingress, Deployment, ...), counted.
    pub ignored: usize,
    /// The binding as data: usable listeners, accepted routes with their hostnames, resolved backendRefs.
    pub binding: Binding,
}

impl Outcome {
    /// Whether every object is accepted and every reference resolved: no finding of severity error.
    pub fn is_clean(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Validates and binds `objects` as a conformant controller would, offline.
///
/// Services, Secrets, ConfigMaps and Namespaces in the input are used to resolve references; when none of a kind
/// is given, references to it are reported `Unknown` rather than guessed. Nothing here fails: every problem of
/// the input is a finding.
pub fn check(objects: &[Sourced], options: &Options) -> Outcome {
    let mut findings = Vec::new();
    for o in objects {
        if let gateshift_api::Object::Gateway(g) = &o.object {
            validate::validate(g, &o.doc, &mut findings);
        }
    }
    let objects: Vec<&Sourced> = objects.iter().collect();
    let mut outcome = bind::bind(&objects, options, findings, bind::Render::Status);
    outcome.findings.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(b.severity, &b.file, b.line, b.column, b.code, &b.message))
    });
    outcome.findings.dedup();
    outcome
}

/// Binds `objects` as [`check`] does and returns only the [`Binding`]: the same code, without rendering statuses
/// or validating CRD rules (which do not change the binding). For routers: which listeners carry traffic, which
/// routes they serve on which hostnames, and which backendRefs resolve.
pub fn binding(objects: &[&Sourced], options: &Options) -> Binding {
    bind::bind(objects, options, Vec::new(), bind::Render::BindingOnly).binding
}
