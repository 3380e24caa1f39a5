//! The state binding works on: where each object came from, the cluster outside Gateway API (the [`World`]),
//! and the listeners, Gateways and ListenerSets with what was decided about them.

use std::collections::BTreeMap;

use gateshift_api::core::{ConfigMap, NAMESPACE_NAME_LABEL, Secret, Service};
use gateshift_api::gateway::{
    AllowedRoutes, ConditionStatus, GROUP, Gateway, ListenerSet, ListenerTLSConfig, ProtocolType,
    ReferenceGrant,
};
use gateshift_api::meta::ObjectMeta;
use gateshift_api::{GatewayObject, Object, Sourced};
use gateshift_manifest::{Document, FieldPath};

use crate::finding::{Finding, ObjectRef, Severity, codes};

/// Where findings go. Binding decides the same way whether or not anyone reads the findings: [`check`] collects
/// them in a `Vec<Finding>`, [`binding`] passes [`Silent`], so no finding is built and no position looked up.
///
/// [`check`]: crate::check
/// [`binding`]: crate::binding
pub(crate) trait Report {
    /// Records the finding `make` builds (called only when the finding is kept).
    fn report(&mut self, make: impl FnOnce() -> Finding);
}

impl Report for Vec<Finding> {
    fn report(&mut self, make: impl FnOnce() -> Finding) {
        self.push(make());
    }
}

/// Findings nobody reads: for [`crate::binding`].
pub(crate) struct Silent;

impl Report for Silent {
    fn report(&mut self, _: impl FnOnce() -> Finding) {}
}

/// A condition outcome before it is rendered: `(status, reason, message)`.
pub(crate) type Verdict = (ConditionStatus, &'static str, String);

pub(crate) fn ok(r: &'static str, message: &str) -> Verdict {
    (ConditionStatus::True, r, message.to_string())
}

pub(crate) fn bad(r: &'static str, message: String) -> Verdict {
    (ConditionStatus::False, r, message)
}

/// Where an object came from.
#[derive(Clone)]
pub(crate) struct Src<'a> {
    pub(crate) doc: &'a Document,
    pub(crate) obj: ObjectRef,
    /// `metadata.generation`, or 1: what the API server assigns on create.
    pub(crate) generation: i64,
    pub(crate) created: Option<&'a str>,
}

impl<'a> Src<'a> {
    pub(crate) fn new(s: &'a Sourced, kind: &str, meta: &'a ObjectMeta, namespaced: bool) -> Self {
        Src {
            doc: &s.doc,
            obj: ObjectRef {
                kind: kind.to_string(),
                namespace: if namespaced {
                    meta.namespace_or_default().to_string()
                } else {
                    String::new()
                },
                name: meta.name.clone(),
            },
            generation: meta.generation.unwrap_or(1),
            created: meta.creation_timestamp.as_deref(),
        }
    }

    pub(crate) fn ns(&self) -> &str {
        &self.obj.namespace
    }

    pub(crate) fn finding(
        &self,
        code: &'static str,
        severity: Severity,
        field: &FieldPath,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding::at(code, severity, &self.obj, self.doc, field, message, fix)
    }

    /// Precedence among objects of one kind: oldest first, then `namespace/name`.
    pub(crate) fn precedence(&self) -> (Option<&'a str>, String, String) {
        (self.created, self.obj.namespace.clone(), self.obj.name.clone())
    }
}

/// Everything the input says about the cluster outside Gateway API.
pub(crate) struct World<'a> {
    pub(crate) namespaces: BTreeMap<&'a str, BTreeMap<String, String>>,
    /// `None` when the input has no Service at all: references to Services are then Unknown.
    pub(crate) services: Option<BTreeMap<(&'a str, &'a str), &'a Service>>,
    /// `None` when the input has no Secret at all.
    pub(crate) secrets: Option<BTreeMap<(&'a str, &'a str), &'a Secret>>,
    /// `None` when the input has no ConfigMap at all: CA certificate references are then Unknown.
    pub(crate) configmaps: Option<BTreeMap<(&'a str, &'a str), &'a ConfigMap>>,
    /// ReferenceGrants by their namespace (every lookup asks about one namespace), in input order.
    pub(crate) grants: BTreeMap<&'a str, Vec<(&'a ReferenceGrant, Src<'a>)>>,
}
impl World<'_> {
    /// The ReferenceGrants of namespace `ns`, in input order.
    pub(crate) fn grants_in(&self, ns: &str) -> &[(&ReferenceGrant, Src<'_>)] {
        self.grants.get(ns).map_or(&[], Vec::as_slice)
    }

    /// Whether a ReferenceGrant in `to_ns` lets `(from_kind, from_ns)` reference `(to_group, to_kind, name)`.
    pub(crate) fn granted(
        &self,
        from_kind: &str,
        from_ns: &str,
        to_ns: &str,
        to_group: &str,
        to_kind: &str,
        name: &str,
    ) -> bool {
        self.grants_in(to_ns).iter().any(|(g, _)| {
            g.spec
                .from
                .iter()
                .any(|f| f.group == GROUP && f.kind == from_kind && f.namespace == from_ns)
                && g.spec.to.iter().any(|t| {
                    t.group == to_group && t.kind == to_kind && t.name.as_deref().is_none_or(|n| n == name)
                })
        })
    }

    /// For the message: the first grant in `to_ns` and why it does not cover the reference, if there is one.
    pub(crate) fn near_miss(
        &self,
        from_kind: &str,
        from_ns: &str,
        to_ns: &str,
        to_kind: &str,
        name: &str,
    ) -> Option<String> {
        let (g, src) = self.grants_in(to_ns).first()?;
        let from_ok = g
            .spec
            .from
            .iter()
            .any(|f| f.group == GROUP && f.kind == from_kind && f.namespace == from_ns);
        let to_kind_ok = g.spec.to.iter().any(|t| t.group.is_empty() && t.kind == to_kind);
        let why = match (from_ok, to_kind_ok) {
            (true, true) => format!("it names other {to_kind}s, not {name}"),
            (true, false) => format!("its `to` does not include core {to_kind}"),
            (false, _) => format!(
                "its `from` does not include {{group: gateway.networking.k8s.io, kind: {from_kind}, namespace: {from_ns}}}"
            ),
        };
        Some(format!(
            "ReferenceGrant {to_ns}/{} does not cover it: {why}",
            src.obj.name
        ))
    }

    /// A grant that would allow the reference if it lived in the target's namespace but sits in the referrer's.
    pub(crate) fn misplaced_grant(
        &self,
        from_kind: &str,
        from_ns: &str,
        to_ns: &str,
        to_kind: &str,
    ) -> Option<&Src<'_>> {
        self.grants_in(from_ns)
            .iter()
            .find(|(g, _)| {
                g.spec.to.iter().any(|t| t.kind == to_kind)
                    && g.spec
                        .from
                        .iter()
                        .any(|f| f.kind == from_kind && (f.namespace == to_ns || f.namespace == from_ns))
            })
            .map(|(_, s)| s)
    }

    pub(crate) fn namespace_labels(&self, ns: &str) -> (BTreeMap<String, String>, bool) {
        match self.namespaces.get(ns) {
            Some(labels) => (labels.clone(), true),
            None => (
                BTreeMap::from([(NAMESPACE_NAME_LABEL.to_string(), ns.to_string())]),
                false,
            ),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Gateway(usize),
    Set(usize),
}

/// One listener of a Gateway or of an attached ListenerSet, with its computed state.
pub(crate) struct Lst<'a> {
    pub(crate) gw: usize,
    pub(crate) owner: Owner,
    pub(crate) owner_src: Src<'a>,
    pub(crate) name: &'a str,
    pub(crate) port: i32,
    pub(crate) protocol: &'a ProtocolType,
    pub(crate) hostname: Option<&'a str>,
    pub(crate) tls: Option<&'a ListenerTLSConfig>,
    pub(crate) allowed: Option<&'a AllowedRoutes>,
    pub(crate) path: FieldPath,
    pub(crate) supported: Vec<&'static str>,
    pub(crate) accepted: Option<(&'static str, String)>,
    pub(crate) refs: Option<(&'static str, String)>,
    pub(crate) refs_unknown: Option<String>,
    pub(crate) conflict: Option<(&'static str, String)>,
}

pub(crate) struct Gw<'a> {
    pub(crate) idx: usize,
    pub(crate) g: &'a Gateway,
    pub(crate) src: Src<'a>,
    pub(crate) controller: String,
    pub(crate) listeners: Vec<usize>,
}

pub(crate) struct Set<'a> {
    pub(crate) idx: usize,
    pub(crate) ls: &'a ListenerSet,
    pub(crate) src: Src<'a>,
    pub(crate) gw: Option<usize>,
    pub(crate) refused: Option<(&'static str, String)>,
    pub(crate) listeners: Vec<usize>,
}

/// The input, indexed: the world outside Gateway API and the Gateway API objects, each object taken once.
pub(crate) struct Input<'a> {
    pub(crate) objects: &'a [&'a Sourced],
    pub(crate) world: World<'a>,
    /// `(index into objects, object)` of every Gateway API object, in source-position order.
    pub(crate) gw_objects: Vec<(usize, &'a GatewayObject)>,
    /// Objects of kinds the check does not use.
    pub(crate) ignored: usize,
}

/// Indexes `objects`. Input order must not matter: objects are taken in source-position order, and when one
/// object (kind, namespace, name) appears twice the first by position is used and the others are reported.
pub(crate) fn read<'a>(objects: &'a [&'a Sourced], report: &mut impl Report) -> Input<'a> {
    let mut input = Input {
        objects,
        world: World {
            namespaces: BTreeMap::new(),
            services: None,
            secrets: None,
            configmaps: None,
            grants: BTreeMap::new(),
        },
        gw_objects: Vec::new(),
        ignored: 0,
    };
    let mut order: Vec<usize> = (0..objects.len()).collect();
    order.sort_by(|&a, &b| {
        let pos = |i: usize| {
            (
                &objects[i].doc.file,
                objects[i].doc.root.line,
                objects[i].doc.root.column,
            )
        };
        pos(a).cmp(&pos(b))
    });
    let mut seen: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for &i in &order {
        let s = objects[i];
        if let Some(meta) = identity(&s.object) {
            let key = (
                s.object.kind().to_string(),
                meta.namespace_or_default().to_string(),
                meta.name.clone(),
            );
            if let Some(&first) = seen.get(&key) {
                report.report(|| {
                    let src = Src::new(s, s.object.kind(), meta, s.object.kind() != "GatewayClass");
                    let at = objects[first].doc.position_of(&FieldPath::root());
                    src.finding(
                        codes::DUPLICATE,
                        Severity::Error,
                        &FieldPath::root(),
                        format!(
                            "{} is defined twice; the one at {at} is used, this one is ignored",
                            src.obj
                        ),
                        "keep one definition (the API server stores one object per kind, namespace and name)",
                    )
                });
                continue;
            }
            seen.insert(key, i);
        }
        input.add(i, s);
    }
    input
}

/// The metadata of objects that must be unique per (kind, namespace, name).
fn identity(object: &Object) -> Option<&ObjectMeta> {
    match object {
        Object::Namespace(n) => Some(&n.metadata),
        Object::Service(o) => Some(&o.metadata),
        Object::Secret(o) => Some(&o.metadata),
        Object::Gateway(g) => Some(g.metadata()),
        _ => None,
    }
}

impl<'a> Input<'a> {
    fn add(&mut self, i: usize, s: &'a Sourced) {
        let world = &mut self.world;
        match &s.object {
            Object::Namespace(n) => {
                let mut labels = n.metadata.labels.clone();
                labels.insert(NAMESPACE_NAME_LABEL.to_string(), n.metadata.name.clone());
                world.namespaces.insert(n.metadata.name.as_str(), labels);
            }
            Object::Service(svc) => {
                world.services.get_or_insert_with(BTreeMap::new).insert(
                    (svc.metadata.namespace_or_default(), svc.metadata.name.as_str()),
                    svc,
                );
            }
            Object::Secret(sec) => {
                world.secrets.get_or_insert_with(BTreeMap::new).insert(
                    (sec.metadata.namespace_or_default(), sec.metadata.name.as_str()),
                    sec,
                );
            }
            Object::ConfigMap(cm) => {
                // The first by position wins, as for the other kinds.
                world
                    .configmaps
                    .get_or_insert_with(BTreeMap::new)
                    .entry((cm.metadata.namespace_or_default(), cm.metadata.name.as_str()))
                    .or_insert(cm);
            }
            Object::Gateway(g) => {
                if let GatewayObject::ReferenceGrant(rg) = g.as_ref() {
                    world
                        .grants
                        .entry(rg.metadata.namespace_or_default())
                        .or_default()
                        .push((rg, Src::new(s, "ReferenceGrant", &rg.metadata, true)));
                }
                self.gw_objects.push((i, g.as_ref()));
            }
            _ => self.ignored += 1,
        }
    }
}
