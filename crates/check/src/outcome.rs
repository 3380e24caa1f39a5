//! The result of [`crate::check`]: every Gateway API object with its computed status, the findings, which route
//! is attached to which listener, and the binding.

use serde_json::Value;

use crate::binding::Binding;
use crate::finding::{Finding, ObjectRef, Severity};

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

    /// The `-o json` view: `{"items": [every object with its status], "findings": [...]}`.
    pub fn to_json(&self) -> Value {
        let items: Vec<Value> = self.items.iter().map(Item::value).collect();
        serde_json::json!({ "items": items, "findings": self.findings })
    }

    /// The `-o json` view written to `out` one item at a time: the bytes of `serde_json::to_writer_pretty` of
    /// [`Outcome::to_json`], without holding every item as a `Value` and the whole text (for a converted
    /// 10k-Ingress cluster with its input, those were 1.4 GB against 475 MB for the text view).
    pub fn write_json<W: std::io::Write>(&self, out: W) -> serde_json::Result<()> {
        serde_json::to_writer_pretty(
            out,
            &JsonView {
                findings: Findings(&self.findings),
                items: Items(&self.items),
            },
        )
    }
}

/// [`Outcome::to_json`] as it serializes: a map with sorted keys (serde_json's `Map` without
/// `preserve_order`), each finding and item as the `Value` it would be there (so their keys are sorted too).
#[derive(serde::Serialize)]
struct JsonView<'a> {
    findings: Findings<'a>,
    items: Items<'a>,
}

struct Findings<'a>(&'a [Finding]);

impl serde::Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for f in self.0 {
            seq.serialize_element(&serde_json::to_value(f).map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

struct Items<'a>(&'a [Item]);

impl serde::Serialize for Items<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Item::value))
    }
}
