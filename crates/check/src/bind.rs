//! Binding, the controller's core (semantics reference §2): GatewayClasses, Gateways and ListenerSets with their
//! listeners, routes attached through parentRefs, references resolved through ReferenceGrants, BackendTLSPolicies
//! on the Gateways whose routes use their Services, and the `status` a conformant controller would write for all
//! of them.

use std::collections::{BTreeMap, BTreeSet};

use gateshift_api::core::{ConfigMap, NAMESPACE_NAME_LABEL, Secret, Service, TLS_SECRET_TYPE};
use gateshift_api::gateway::{
    AllowedRoutes, BackendObjectReference, BackendTLSPolicy, Condition, ConditionStatus, FromNamespaces,
    GROUP, Gateway, GatewayClassStatus, GatewayStatus, HTTPRequestMirrorFilter, HTTPRouteMatch,
    ListenerEntryStatus, ListenerSet, ListenerSetStatus, ListenerStatus, ListenerTLSConfig, ParentReference,
    PathMatchType, PolicyAncestorStatus, PolicyStatus, ProtocolType, ReferenceGrant, RouteGroupKind,
    RouteParentStatus, RouteStatus, TLSModeType,
};
use gateshift_api::meta::ObjectMeta;
use gateshift_api::{GatewayObject, Object, Sourced};
use gateshift_manifest::{Document, FieldPath, Segment};

use crate::binding::{
    AttachedRoute, Binding, GatewayBinding, ListenerBinding, Problem, RouteBinding, RuleBinding,
};
use crate::finding::{Finding, ObjectRef, Severity, codes};
use crate::reasons::{self, reason};
use crate::{Attachment, DEFAULT_CONTROLLER_NAME, Item, Options, Outcome, Status, TRANSITION_TIME, hostname};

/// A condition outcome before it is rendered: `(status, reason, message)`.
type State = (ConditionStatus, &'static str, String);

fn ok(r: &'static str, message: &str) -> State {
    (ConditionStatus::True, r, message.to_string())
}

fn bad(r: &'static str, message: String) -> State {
    (ConditionStatus::False, r, message)
}

fn condition(type_: &str, (status, r, message): &State, generation: i64) -> Condition {
    Condition {
        r#type: type_.to_string(),
        status: status.clone(),
        observed_generation: Some(generation),
        last_transition_time: TRANSITION_TIME.to_string(),
        reason: r.to_string(),
        message: message.clone(),
        extra: Default::default(),
    }
}

/// Where an object came from.
#[derive(Clone)]
struct Src<'a> {
    doc: &'a Document,
    obj: ObjectRef,
    /// `metadata.generation`, or 1: what the API server assigns on create.
    generation: i64,
    created: Option<&'a str>,
}

impl<'a> Src<'a> {
    fn new(s: &'a Sourced, kind: &str, meta: &'a ObjectMeta, namespaced: bool) -> Self {
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

    fn ns(&self) -> &str {
        &self.obj.namespace
    }

    fn finding(
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
    fn precedence(&self) -> (Option<&'a str>, String, String) {
        (self.created, self.obj.namespace.clone(), self.obj.name.clone())
    }
}

/// Everything the input says about the cluster outside Gateway API.
struct World<'a> {
    namespaces: BTreeMap<&'a str, BTreeMap<String, String>>,
    /// `None` when the input has no Service at all: references to Services are then Unknown.
    services: Option<BTreeMap<(&'a str, &'a str), &'a Service>>,
    /// `None` when the input has no Secret at all.
    secrets: Option<BTreeMap<(&'a str, &'a str), &'a Secret>>,
    /// `None` when the input has no ConfigMap at all: CA certificate references are then Unknown.
    configmaps: Option<BTreeMap<(&'a str, &'a str), &'a ConfigMap>>,
    /// ReferenceGrants by their namespace (every lookup asks about one namespace), in input order.
    grants: BTreeMap<&'a str, Vec<(&'a ReferenceGrant, Src<'a>)>>,
}

impl World<'_> {
    /// The ReferenceGrants of namespace `ns`, in input order.
    fn grants_in(&self, ns: &str) -> &[(&ReferenceGrant, Src<'_>)] {
        self.grants.get(ns).map_or(&[], Vec::as_slice)
    }

    /// Whether a ReferenceGrant in `to_ns` lets `(from_kind, from_ns)` reference `(to_group, to_kind, name)`.
    fn granted(
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
    fn near_miss(
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
    fn misplaced_grant(
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

    fn namespace_labels(&self, ns: &str) -> (BTreeMap<String, String>, bool) {
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
enum Owner {
    Gateway(usize),
    Set(usize),
}

/// One listener of a Gateway or of an attached ListenerSet, with its computed state.
struct Lst<'a> {
    gw: usize,
    owner: Owner,
    owner_src: Src<'a>,
    name: &'a str,
    port: i32,
    protocol: &'a ProtocolType,
    hostname: Option<&'a str>,
    tls: Option<&'a ListenerTLSConfig>,
    allowed: Option<&'a AllowedRoutes>,
    path: FieldPath,
    supported: Vec<&'static str>,
    accepted: Option<(&'static str, String)>,
    refs: Option<(&'static str, String)>,
    refs_unknown: Option<String>,
    conflict: Option<(&'static str, String)>,
    attached: i32,
}

struct Gw<'a> {
    idx: usize,
    g: &'a Gateway,
    src: Src<'a>,
    controller: String,
    listeners: Vec<usize>,
    sets_attached: i32,
}

struct Set<'a> {
    idx: usize,
    ls: &'a ListenerSet,
    src: Src<'a>,
    gw: Option<usize>,
    refused: Option<(&'static str, String)>,
    listeners: Vec<usize>,
}

/// Per rule: its path and the (path, weight) of each backend.
type RuleWeights = Vec<(FieldPath, Vec<(FieldPath, Option<i32>)>)>;

/// A backend reference of a route, flattened.
struct BackendUse<'a> {
    path: FieldPath,
    r: &'a BackendObjectReference,
    /// `(rule, backendRef)` indexes of a rule's backendRef; `None` for a RequestMirror's backend.
    at: Option<(usize, usize)>,
}

impl<'a> BackendUse<'a> {
    /// The backend of the RequestMirror filter `filters[fi]` of the rule or backendRef at `at`.
    fn mirror(at: &FieldPath, fi: usize, m: &'a HTTPRequestMirrorFilter) -> BackendUse<'a> {
        BackendUse {
            path: at
                .field("filters")
                .index(fi)
                .field("requestMirror")
                .field("backendRef"),
            r: &m.backend_ref,
            at: None,
        }
    }
}

/// A filter of a type this check does not know drops its rule (the spec's UnsupportedValue).
fn unsupported_filter(at: &FieldPath, fi: usize, kind: &str) -> (FieldPath, String) {
    (
        at.field("filters").index(fi).field("type"),
        format!("filter type {kind:?} is not supported"),
    )
}

/// The parts of a route of any kind that binding needs.
struct RouteView<'a> {
    idx: usize,
    src: Src<'a>,
    kind: &'static str,
    parent_refs: &'a [ParentReference],
    hostnames: &'a [String],
    backends: Vec<BackendUse<'a>>,
    /// Per rule: its path and the weights of its backends.
    weights: RuleWeights,
    rules: usize,
    /// Rules dropped for an unsupported value: (rule path, message).
    dropped: Vec<(FieldPath, String)>,
    /// HTTPRoute matches, for shadowing: (rule, match index, match).
    matches: Vec<(usize, usize, Option<&'a HTTPRouteMatch>)>,
}

const KIND_RANK: &[&str] = &[
    "GatewayClass",
    "Gateway",
    "ListenerSet",
    "ReferenceGrant",
    "HTTPRoute",
    "GRPCRoute",
    "TLSRoute",
    "TCPRoute",
    "UDPRoute",
    "BackendTLSPolicy",
];

fn default_kinds(p: &ProtocolType) -> Vec<&'static str> {
    match p {
        ProtocolType::HTTP | ProtocolType::HTTPS => vec!["HTTPRoute", "GRPCRoute"],
        ProtocolType::TLS => vec!["TLSRoute"],
        ProtocolType::TCP => vec!["TCPRoute"],
        ProtocolType::UDP => vec!["UDPRoute"],
        ProtocolType::Other(_) => vec![],
    }
}

/// Protocol family on a port: listeners of different families cannot share a port (UDP is its own transport).
fn family(p: &ProtocolType) -> &'static str {
    match p {
        ProtocolType::HTTP => "http",
        ProtocolType::HTTPS | ProtocolType::TLS => "tls",
        ProtocolType::TCP => "tcp",
        ProtocolType::UDP => "udp",
        ProtocolType::Other(_) => "other",
    }
}

/// What [`bind`] produces besides the [`Binding`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Render {
    /// Every object with its computed status ([`Outcome::items`]), findings and attachments: `check`.
    Status,
    /// Only the binding (statuses are computed but not rendered, items are not built): routers.
    BindingOnly,
}

pub(crate) fn bind(
    objects: &[&Sourced],
    options: &Options,
    mut findings: Vec<Finding>,
    mode: Render,
) -> Outcome {
    let rendering = mode == Render::Status;
    let mut ignored = 0;
    let mut world = World {
        namespaces: BTreeMap::new(),
        services: None,
        secrets: None,
        configmaps: None,
        grants: BTreeMap::new(),
    };
    let mut gw_objects: Vec<(usize, &GatewayObject)> = Vec::new();
    // Input order must not matter: objects are taken in source-position order, and when one object (kind,
    // namespace, name) appears twice the first by position is used and the others are reported.
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
        let s = &objects[i];
        let meta = match &s.object {
            Object::Namespace(n) => Some(&n.metadata),
            Object::Service(o) => Some(&o.metadata),
            Object::Secret(o) => Some(&o.metadata),
            Object::Gateway(g) => Some(g.metadata()),
            _ => None,
        };
        if let Some(meta) = meta {
            let key = (
                s.object.kind().to_string(),
                meta.namespace_or_default().to_string(),
                meta.name.clone(),
            );
            if let Some(&first) = seen.get(&key) {
                let src = Src::new(s, s.object.kind(), meta, s.object.kind() != "GatewayClass");
                let at = objects[first].doc.position_of(&FieldPath::root());
                findings.push(src.finding(
                    codes::DUPLICATE,
                    Severity::Error,
                    &FieldPath::root(),
                    format!(
                        "{} is defined twice; the one at {at} is used, this one is ignored",
                        src.obj
                    ),
                    "keep one definition (the API server stores one object per kind, namespace and name)",
                ));
                continue;
            }
            seen.insert(key, i);
        }
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
                gw_objects.push((i, g.as_ref()));
            }
            _ => ignored += 1,
        }
    }

    let mut statuses: BTreeMap<usize, Status> = BTreeMap::new();

    // GatewayClasses: the ones this check acts for are Accepted (their parameters cannot be checked offline).
    let mut classes: BTreeMap<&str, (String, bool)> = BTreeMap::new();
    for &(i, o) in &gw_objects {
        if let GatewayObject::GatewayClass(c) = o {
            let managed = options
                .controller_name
                .as_deref()
                .is_none_or(|n| n == c.spec.controller_name);
            classes.insert(
                c.metadata.name.as_str(),
                (c.spec.controller_name.clone(), managed),
            );
            if managed {
                let src = Src::new(objects[i], "GatewayClass", &c.metadata, false);
                let status = GatewayClassStatus {
                    conditions: vec![condition(
                        reasons::ACCEPTED,
                        &ok(reason::ACCEPTED, "accepted by the offline check"),
                        src.generation,
                    )],
                    ..Default::default()
                };
                if rendering {
                    statuses.insert(i, Status::GatewayClass(status));
                }
            }
        }
    }

    // Gateways this check acts for, and their own listeners.
    let mut gws: Vec<Gw<'_>> = Vec::new();
    let mut lsts: Vec<Lst<'_>> = Vec::new();
    for &(i, o) in &gw_objects {
        let GatewayObject::Gateway(g) = o else { continue };
        let src = Src::new(objects[i], "Gateway", &g.metadata, true);
        let controller = match classes.get(g.spec.gateway_class_name.as_str()) {
            Some((_, false)) => {
                findings.push(src.finding(
                    codes::NOT_MANAGED,
                    Severity::Info,
                    &FieldPath::parse("spec.gatewayClassName"),
                    format!(
                        "GatewayClass {} belongs to another controller than --controller-name: status not computed",
                        g.spec.gateway_class_name
                    ),
                    "drop --controller-name, or pass the class's controllerName",
                ));
                continue;
            }
            Some((controller, true)) => controller.clone(),
            None => {
                findings.push(src.finding(
                    codes::CLASS_UNKNOWN,
                    Severity::Info,
                    &FieldPath::parse("spec.gatewayClassName"),
                    format!(
                        "GatewayClass {:?} is not in the input: assumed to exist and to be accepted",
                        g.spec.gateway_class_name
                    ),
                    "add the GatewayClass (kubectl get gatewayclass NAME -o yaml) to check it too",
                ));
                options
                    .controller_name
                    .clone()
                    .unwrap_or_else(|| DEFAULT_CONTROLLER_NAME.to_string())
            }
        };
        let gw = gws.len();
        let mut ids = Vec::new();
        for (k, l) in g.spec.listeners.iter().enumerate() {
            ids.push(lsts.len());
            lsts.push(Lst {
                gw,
                owner: Owner::Gateway(gw),
                owner_src: src.clone(),
                name: &l.name,
                port: l.port,
                protocol: &l.protocol,
                hostname: l.hostname.as_deref().filter(|h| !h.is_empty()),
                tls: l.tls.as_ref(),
                allowed: l.allowed_routes.as_ref(),
                path: FieldPath::root().field("spec").field("listeners").index(k),
                supported: Vec::new(),
                accepted: None,
                refs: None,
                refs_unknown: None,
                conflict: None,
                attached: 0,
            });
        }
        gws.push(Gw {
            idx: i,
            g,
            src,
            controller,
            listeners: ids,
            sets_attached: 0,
        });
    }
    let gw_index: BTreeMap<(String, String), usize> = gws
        .iter()
        .enumerate()
        .map(|(k, g)| ((g.src.ns().to_string(), g.src.obj.name.clone()), k))
        .collect();
    let all_gateways: BTreeSet<(String, String)> = gw_objects
        .iter()
        .filter_map(|(_, o)| match o {
            GatewayObject::Gateway(g) => Some((
                g.metadata.namespace_or_default().to_string(),
                g.metadata.name.clone(),
            )),
            _ => None,
        })
        .collect();

    // ListenerSets, in precedence order (oldest, then namespace/name), attached if their Gateway allows them.
    let mut sets: Vec<Set<'_>> = Vec::new();
    for &(i, o) in &gw_objects {
        let GatewayObject::ListenerSet(ls) = o else {
            continue;
        };
        let src = Src::new(objects[i], "ListenerSet", &ls.metadata, true);
        let p = &ls.spec.parent_ref;
        let pns = p.namespace.clone().unwrap_or_else(|| src.ns().to_string());
        let key = (pns.clone(), p.name.clone());
        let gw = gw_index.get(&key).copied();
        if gw.is_none() && all_gateways.contains(&key) {
            continue; // the parent belongs to another controller
        }
        sets.push(Set {
            idx: i,
            ls,
            src,
            gw,
            refused: None,
            listeners: Vec::new(),
        });
    }
    sets.sort_by_key(|s| s.src.precedence());
    // ListenerSets by (namespace, name), for parentRefs (the first by precedence when one is defined twice).
    let mut set_index: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (si, set) in sets.iter().enumerate() {
        set_index
            .entry((
                set.ls.metadata.namespace_or_default(),
                set.ls.metadata.name.as_str(),
            ))
            .or_insert(si);
    }
    for (si, set) in sets.iter_mut().enumerate() {
        let parent_path = FieldPath::parse("spec.parentRef");
        let Some(gw) = set.gw else {
            let msg = format!(
                "parent Gateway {} is not in the input",
                set.ls.spec.parent_ref.name
            );
            findings.push(set.src.finding(
                codes::PARENT_NOT_FOUND,
                Severity::Error,
                &parent_path,
                msg.clone(),
                "fix spec.parentRef, or add the Gateway to the input",
            ));
            set.refused = Some((reason::PARENT_NOT_ACCEPTED, msg));
            continue;
        };
        let g = &gws[gw];
        let allowed =
            g.g.spec
                .allowed_listeners
                .as_ref()
                .and_then(|a| a.namespaces.as_ref());
        let from = allowed
            .and_then(|n| n.from.clone())
            .unwrap_or(FromNamespaces::None);
        let ok_ns = match from {
            FromNamespaces::All => true,
            FromNamespaces::Same => set.src.ns() == g.src.ns(),
            FromNamespaces::Selector => {
                let (labels, _) = world.namespace_labels(set.src.ns());
                allowed
                    .and_then(|n| n.selector.as_ref())
                    .is_some_and(|s| s.matches(&labels))
            }
            FromNamespaces::None | FromNamespaces::Other(_) => false,
        };
        if !ok_ns {
            let msg = format!(
                "Gateway {}/{} does not allow ListenerSets from namespace {} (allowedListeners.namespaces.from: {})",
                g.src.ns(),
                g.src.obj.name,
                set.src.ns(),
                from
            );
            findings.push(set.src.finding(
                codes::LISTENER_SET_NOT_ALLOWED,
                Severity::Error,
                &parent_path,
                msg.clone(),
                "set spec.allowedListeners.namespaces on the Gateway (Same, All or Selector)",
            ));
            set.refused = Some((reason::NOT_ALLOWED, msg));
            continue;
        }
        for (k, l) in set.ls.spec.listeners.iter().enumerate() {
            set.listeners.push(lsts.len());
            lsts.push(Lst {
                gw,
                owner: Owner::Set(si),
                owner_src: set.src.clone(),
                name: &l.name,
                port: l.port,
                protocol: &l.protocol,
                hostname: l.hostname.as_deref().filter(|h| !h.is_empty()),
                tls: l.tls.as_ref(),
                allowed: l.allowed_routes.as_ref(),
                path: FieldPath::root().field("spec").field("listeners").index(k),
                supported: Vec::new(),
                accepted: None,
                refs: None,
                refs_unknown: None,
                conflict: None,
                attached: 0,
            });
        }
    }

    // Listener validity: protocol, kinds, certificates.
    for l in lsts.iter_mut() {
        evaluate_listener(l, &world, &mut findings);
    }
    // Conflicts, per Gateway, in precedence order: the Gateway's own listeners, then ListenerSets.
    for (gw, g) in gws.iter().enumerate() {
        let mut order: Vec<usize> = g.listeners.clone();
        for set in &sets {
            if set.gw == Some(gw) && set.refused.is_none() {
                order.extend(&set.listeners);
            }
        }
        // Only listeners on the same port can conflict, and only with a listener of another protocol family
        // (TCP/UDP: of the same one too) or of the same family and hostname: index the earlier listeners so that
        // each one is compared with those candidates only, not with every listener before it.
        let mut by_family: BTreeMap<(i32, &str), Vec<usize>> = BTreeMap::new();
        let mut by_host: BTreeMap<(i32, &str, Option<&str>), Vec<usize>> = BTreeMap::new();
        for (pos, &b) in order.iter().enumerate() {
            let (port, fb, host) = (lsts[b].port, family(lsts[b].protocol), lsts[b].hostname);
            let mut candidates: Vec<usize> = by_host.get(&(port, fb, host)).cloned().unwrap_or_default();
            for ((p, f), members) in by_family.range((port, "")..=(port, "\u{10ffff}")) {
                debug_assert_eq!(*p, port);
                let other_family = *f != fb && *f != "udp" && fb != "udp";
                let port_only = *f == fb && (fb == "tcp" || fb == "udp");
                if other_family || port_only {
                    candidates.extend(members);
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            by_family.entry((port, fb)).or_default().push(pos);
            by_host.entry((port, fb, host)).or_default().push(pos);
            for a in candidates.into_iter().map(|i| order[i]) {
                let both_gateway = matches!(
                    (lsts[a].owner, lsts[b].owner),
                    (Owner::Gateway(_), Owner::Gateway(_))
                );
                // A listener that already lost is not programmed, so it cannot knock out a later one; a Gateway's
                // own conflicting listeners all lose (no winner is picked among them).
                if lsts[a].port != lsts[b].port || (lsts[a].conflict.is_some() && !both_gateway) {
                    continue;
                }
                let (fa, fb) = (family(lsts[a].protocol), family(lsts[b].protocol));
                let different = fa != fb && fa != "udp" && fb != "udp";
                let port_only = fa == fb && (fa == "tcp" || fa == "udp");
                let conflict = if different || port_only {
                    Some(reason::PROTOCOL_CONFLICT)
                } else if fa == fb && lsts[a].hostname == lsts[b].hostname {
                    Some(reason::HOSTNAME_CONFLICT)
                } else {
                    None
                };
                let Some(r) = conflict else { continue };
                let msg = format!(
                    "conflicts with listener {} ({} port {}{}) of {}",
                    lsts[a].name,
                    lsts[a].protocol,
                    lsts[a].port,
                    lsts[a]
                        .hostname
                        .map(|h| format!(", hostname {h}"))
                        .unwrap_or_default(),
                    lsts[a].owner_src.obj
                );
                let both = matches!(
                    (lsts[a].owner, lsts[b].owner),
                    (Owner::Gateway(_), Owner::Gateway(_))
                );
                if both && lsts[a].conflict.is_none() {
                    let back = format!(
                        "conflicts with listener {} of {}",
                        lsts[b].name, lsts[b].owner_src.obj
                    );
                    lsts[a].conflict = Some((r, back));
                }
                if lsts[b].conflict.is_none() {
                    lsts[b].conflict = Some((r, msg));
                }
            }
        }
    }
    for l in lsts.iter_mut() {
        if let Some((r, msg)) = &l.conflict {
            findings.push(l.owner_src.finding(
                codes::LISTENER_CONFLICT,
                Severity::Error,
                &l.path,
                format!("listener {}: {r}: {msg}", l.name),
                "give the listeners different ports or hostnames (HTTP, HTTPS/TLS, TCP cannot share a port)",
            ));
            if l.accepted.is_none() {
                l.accepted = Some((r, msg.clone()));
            }
        }
    }

    // Routes.
    let mut routes: Vec<RouteView<'_>> = Vec::new();
    for &(i, o) in &gw_objects {
        if let Some(r) = route_view(i, objects[i], o) {
            routes.push(r);
        }
    }
    routes.sort_by_key(|r| r.src.precedence());
    let mut attachments = Vec::new();
    // Per route (same order): its rules as the binding reports them.
    let mut route_rules: Vec<Vec<RuleBinding>> = Vec::with_capacity(routes.len());
    // (listener, route index, effective hostnames) of every accepted attachment, for the pitfalls.
    let mut bound: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for (ri, route) in routes.iter().enumerate() {
        let (resolved, backend_problems) = resolve_backends(route, &world, &mut findings);
        route_rules.push(rule_bindings(route, backend_problems));
        lint_weights(route, &mut findings);
        let all_dropped = route.rules > 0 && route.dropped.len() == route.rules;
        for (path, msg) in &route.dropped {
            findings.push(route.src.finding(
                codes::UNSUPPORTED_VALUE,
                Severity::Error,
                path,
                format!("rule dropped: {msg}"),
                "use a value of the Gateway API v1.6.1 standard channel",
            ));
        }
        let mut parents = Vec::new();
        for (pi, p) in route.parent_refs.iter().enumerate() {
            let ppath = FieldPath::root().field("spec").field("parentRefs").index(pi);
            let group = p.group.as_deref().unwrap_or(GROUP);
            let kind = p.kind.as_deref().unwrap_or("Gateway");
            if group != GROUP || (kind != "Gateway" && kind != "ListenerSet") {
                continue; // e.g. a Service parent (mesh): not a Gateway controller's business
            }
            let pns = p.namespace.as_deref().unwrap_or(route.src.ns()).to_string();
            let (gw, candidates): (usize, Vec<usize>) = if kind == "Gateway" {
                match gw_index.get(&(pns.clone(), p.name.clone())) {
                    Some(&gw) => (gw, gws[gw].listeners.clone()),
                    None => {
                        if !all_gateways.contains(&(pns.clone(), p.name.clone())) {
                            findings.push(route.src.finding(
                                codes::PARENT_NOT_FOUND,
                                Severity::Error,
                                &ppath,
                                format!("Gateway {pns}/{} is not in the input: no controller will accept this parentRef", p.name),
                                "fix the parentRef name/namespace, or add the Gateway to the input",
                            ));
                        }
                        continue;
                    }
                }
            } else {
                match set_index
                    .get(&(pns.as_str(), p.name.as_str()))
                    .map(|&si| &sets[si])
                {
                    Some(s) => match s.gw {
                        Some(gw) => (gw, s.listeners.clone()),
                        None => continue, // the ListenerSet's own finding says why
                    },
                    None => {
                        findings.push(route.src.finding(
                            codes::PARENT_NOT_FOUND,
                            Severity::Error,
                            &ppath,
                            format!(
                                "ListenerSet {pns}/{} is not in the input (or belongs to another controller)",
                                p.name
                            ),
                            "fix the parentRef, or add the ListenerSet to the input",
                        ));
                        continue;
                    }
                }
            };
            let selected: Vec<usize> = candidates
                .into_iter()
                .filter(|&l| p.section_name.as_deref().is_none_or(|s| s == lsts[l].name))
                .filter(|&l| p.port.is_none_or(|port| port == lsts[l].port))
                .collect();
            let mut accepted_on: Vec<(usize, Vec<String>)> = Vec::new();
            let mut failure: Option<(&'static str, String)> = None;
            if selected.is_empty() {
                failure = Some((
                    reason::NO_MATCHING_PARENT,
                    format!(
                        "no listener of {kind} {pns}/{} matches{}{}",
                        p.name,
                        p.section_name
                            .as_deref()
                            .map(|s| format!(" sectionName {s}"))
                            .unwrap_or_default(),
                        p.port.map(|s| format!(" port {s}")).unwrap_or_default()
                    ),
                ));
            }
            for &l in &selected {
                let lst = &lsts[l];
                let fail = if let Some((r, _)) = &lst.accepted {
                    Some((
                        reason::NOT_ALLOWED_BY_LISTENERS,
                        format!("listener {} is not accepted ({r})", lst.name),
                    ))
                } else if !lst.supported.contains(&route.kind) {
                    Some((
                        reason::NOT_ALLOWED_BY_LISTENERS,
                        format!(
                            "listener {} ({}) does not allow {} (supported kinds: {})",
                            lst.name,
                            lst.protocol,
                            route.kind,
                            if lst.supported.is_empty() {
                                "none".to_string()
                            } else {
                                lst.supported.join(", ")
                            }
                        ),
                    ))
                } else {
                    namespace_refusal(lst, route.src.ns(), &world, &mut findings, &route.src)
                        .map(|why| (reason::NOT_ALLOWED_BY_LISTENERS, why))
                };
                if let Some(f) = fail {
                    if failure
                        .as_ref()
                        .is_none_or(|(r, _)| *r != reason::NO_MATCHING_LISTENER_HOSTNAME)
                    {
                        failure = Some(f);
                    }
                    continue;
                }
                let effective: Vec<String> = if route.hostnames.is_empty() {
                    vec![lst.hostname.unwrap_or("*").to_string()]
                } else {
                    route
                        .hostnames
                        .iter()
                        .filter_map(|h| hostname::intersect(lst.hostname, h))
                        .collect()
                };
                if effective.is_empty() {
                    failure = Some((
                        reason::NO_MATCHING_LISTENER_HOSTNAME,
                        format!(
                            "no hostname of the route ({}) intersects listener {} hostname {}",
                            route.hostnames.join(", "),
                            lst.name,
                            lst.hostname.unwrap_or("*")
                        ),
                    ));
                    continue;
                }
                accepted_on.push((l, effective));
            }
            let accepted_state: State = if all_dropped {
                bad(
                    reason::UNSUPPORTED_VALUE,
                    "every rule has an unsupported value".to_string(),
                )
            } else if !accepted_on.is_empty() {
                ok(reason::ACCEPTED, "accepted")
            } else {
                let (r, msg) = failure.unwrap_or((reason::NO_MATCHING_PARENT, "no listener".to_string()));
                bad(r, msg)
            };
            if accepted_state.0 == ConditionStatus::True {
                for (l, effective) in &accepted_on {
                    lsts[*l].attached += 1;
                    let lst = &lsts[*l];
                    attachments.push(Attachment {
                        gateway: gws[lst.gw].src.obj.clone(),
                        listener_set: match lst.owner {
                            Owner::Set(_) => Some(lst.owner_src.obj.clone()),
                            Owner::Gateway(_) => None,
                        },
                        listener: lst.name.to_string(),
                        route: route.src.obj.clone(),
                    });
                    bound.push((*l, ri, effective.clone()));
                }
            } else if !all_dropped {
                route_refusal_finding(route, &ppath, p, &pns, &accepted_state, &world, &mut findings);
            }
            let mut conditions = vec![
                condition(reasons::ACCEPTED, &accepted_state, route.src.generation),
                condition(reasons::RESOLVED_REFS, &resolved, route.src.generation),
            ];
            if !route.dropped.is_empty() && !all_dropped {
                let msg = format!(
                    "Dropped Rule(s): {}",
                    route
                        .dropped
                        .iter()
                        .map(|(p, m)| format!("{p}: {m}"))
                        .collect::<Vec<_>>()
                        .join("; ")
                );
                conditions.push(condition(
                    reasons::PARTIALLY_INVALID,
                    &(ConditionStatus::True, reason::UNSUPPORTED_VALUE, msg),
                    route.src.generation,
                ));
            }
            let mut parent_ref = p.clone();
            parent_ref.group = Some(group.to_string());
            parent_ref.kind = Some(kind.to_string());
            parents.push(RouteParentStatus {
                parent_ref,
                controller_name: gws[gw].controller.clone(),
                conditions,
                extra: Default::default(),
            });
        }
        let status = RouteStatus {
            parents,
            extra: Default::default(),
        };
        if rendering {
            statuses.insert(route.idx, Status::Route(status));
        }
    }
    pitfalls(&routes, &lsts, &bound, &world, &mut findings);
    // The Gateways each route is accepted on: the ancestors of the policies for its backends.
    let mut route_gws: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); routes.len()];
    for (l, ri, _) in &bound {
        route_gws[*ri].insert(lsts[*l].gw);
    }
    let policies: Vec<(usize, Src<'_>, &BackendTLSPolicy)> = gw_objects
        .iter()
        .filter_map(|&(i, o)| match o {
            GatewayObject::BackendTLSPolicy(p) => {
                Some((i, Src::new(objects[i], "BackendTLSPolicy", &p.metadata, true), p))
            }
            _ => None,
        })
        .collect();
    let ctx = PolicyContext {
        routes: &routes,
        route_gws: &route_gws,
        gws: &gws,
        world: &world,
    };
    for (i, _, status) in backend_tls_policies(policies, &ctx, &mut findings) {
        if rendering {
            statuses.insert(i, Status::Policy(status));
        }
    }
    near_limits(&gws, &routes, &mut findings);

    // ListenerSet and Gateway status.
    for set in &sets {
        let listeners: Vec<ListenerEntryStatus> = set
            .listeners
            .iter()
            .map(|&l| {
                let s = listener_status(&lsts[l], set.src.generation);
                ListenerEntryStatus {
                    name: s.name,
                    supported_kinds: s.supported_kinds,
                    attached_routes: s.attached_routes,
                    conditions: s.conditions,
                    extra: Default::default(),
                }
            })
            .collect();
        let valid = set
            .listeners
            .iter()
            .filter(|&&l| lsts[l].accepted.is_none())
            .count();
        let (accepted, programmed) = match &set.refused {
            Some((r, msg)) => (bad(r, msg.clone()), bad(r, msg.clone())),
            None if valid == 0 && !set.listeners.is_empty() => (
                bad(reason::LISTENERS_NOT_VALID, "no listener is valid".into()),
                bad(reason::LISTENERS_NOT_VALID, "no listener is valid".into()),
            ),
            // A ListenerSet has no address of its own: once accepted, its listeners are programmed into the
            // Gateway's (conformance expects Programmed=True/Programmed).
            None if valid < set.listeners.len() => (
                (
                    ConditionStatus::True,
                    reason::LISTENERS_NOT_VALID,
                    "some listeners are not valid".into(),
                ),
                ok(reason::PROGRAMMED, "programmed"),
            ),
            None => (
                ok(reason::ACCEPTED, "accepted"),
                ok(reason::PROGRAMMED, "programmed"),
            ),
        };
        if set.refused.is_none()
            && let Some(gw) = set.gw
            && accepted.0 == ConditionStatus::True
        {
            gws[gw].sets_attached += 1;
        }
        let status = ListenerSetStatus {
            conditions: vec![
                condition(reasons::ACCEPTED, &accepted, set.src.generation),
                condition(reasons::PROGRAMMED, &programmed, set.src.generation),
            ],
            listeners,
            extra: Default::default(),
        };
        if rendering {
            statuses.insert(set.idx, Status::ListenerSet(status));
        }
    }
    for g in &gws {
        let listeners: Vec<ListenerStatus> = g
            .listeners
            .iter()
            .map(|&l| listener_status(&lsts[l], g.src.generation))
            .collect();
        let valid = g
            .listeners
            .iter()
            .filter(|&&l| lsts[l].accepted.is_none())
            .count();
        let accepted = if valid == 0 {
            bad(reason::LISTENERS_NOT_VALID, "no listener is valid".into())
        } else if valid < g.listeners.len() {
            (
                ConditionStatus::True,
                reason::LISTENERS_NOT_VALID,
                "some listeners are not valid".into(),
            )
        } else {
            ok(reason::ACCEPTED, "accepted")
        };
        let programmed = if accepted.0 == ConditionStatus::True {
            offline_programmed()
        } else {
            bad(reason::INVALID, "the Gateway is not accepted".into())
        };
        let status = GatewayStatus {
            conditions: vec![
                condition(reasons::ACCEPTED, &accepted, g.src.generation),
                condition(reasons::PROGRAMMED, &programmed, g.src.generation),
            ],
            listeners,
            attached_listener_sets: g.g.spec.allowed_listeners.as_ref().map(|_| g.sets_attached),
            ..Default::default()
        };
        if rendering {
            statuses.insert(g.idx, Status::Gateway(status));
        }
    }

    let binding = binding(&gws, &sets, &lsts, &routes, route_rules, bound);

    // Items, in (kind rank, namespace, name) order.
    let mut items: Vec<Item> = gw_objects
        .iter()
        .filter(|_| rendering)
        .map(|&(i, o)| {
            let meta = o.metadata();
            let namespaced = o.kind() != "GatewayClass";
            let obj = Src::new(objects[i], o.kind(), meta, namespaced).obj;
            Item {
                object: obj,
                doc: objects[i].doc.clone(),
                status: statuses.remove(&i),
            }
        })
        .collect();
    items.sort_by(|a, b| {
        let rank = |k: &str| KIND_RANK.iter().position(|r| *r == k).unwrap_or(KIND_RANK.len());
        (rank(&a.object.kind), &a.object).cmp(&(rank(&b.object.kind), &b.object))
    });
    attachments.sort();
    attachments.dedup();
    Outcome {
        items,
        findings,
        attachments,
        ignored,
        binding,
    }
}

/// The binding as data, from the state the statuses were computed from.
fn binding(
    gws: &[Gw<'_>],
    sets: &[Set<'_>],
    lsts: &[Lst<'_>],
    routes: &[RouteView<'_>],
    route_rules: Vec<Vec<RuleBinding>>,
    bound: Vec<(usize, usize, Vec<String>)>,
) -> Binding {
    // Per listener: the routes accepted on it, in route precedence order (`bound` is in that order). A route
    // whose parentRefs select one listener twice is listed once, with the union of its hostnames.
    let mut on: Vec<Vec<AttachedRoute>> = (0..lsts.len()).map(|_| Vec::new()).collect();
    for (l, ri, hostnames) in bound {
        match on[l].last_mut() {
            Some(last) if last.route == ri => {
                for h in hostnames {
                    if !last.hostnames.contains(&h) {
                        last.hostnames.push(h);
                    }
                }
            }
            _ => on[l].push(AttachedRoute { route: ri, hostnames }),
        }
    }
    // Per Gateway: the listeners of the ListenerSets it admits, the sets in precedence order.
    let mut admitted: Vec<Vec<usize>> = vec![Vec::new(); gws.len()];
    for set in sets {
        if let (Some(gw), None) = (set.gw, &set.refused) {
            admitted[gw].extend(&set.listeners);
        }
    }
    let gateways = gws
        .iter()
        .zip(admitted)
        .map(|(g, from_sets)| GatewayBinding {
            gateway: g.src.obj.clone(),
            index: g.idx,
            listeners: g
                .listeners
                .iter()
                .chain(&from_sets)
                .map(|&l| {
                    let lst = &lsts[l];
                    ListenerBinding {
                        owner: lst.owner_src.obj.clone(),
                        name: lst.name.to_string(),
                        port: lst.port,
                        protocol: lst.protocol.clone(),
                        hostname: lst.hostname.map(str::to_string),
                        problem: lst.accepted.as_ref().map(|&(reason, ref msg)| Problem {
                            reason,
                            message: msg.clone(),
                        }),
                        routes: std::mem::take(&mut on[l]),
                    }
                })
                .collect(),
        })
        .collect();
    let routes = routes
        .iter()
        .zip(route_rules)
        .map(|(r, rules)| RouteBinding {
            route: r.src.obj.clone(),
            index: r.idx,
            rules,
        })
        .collect();
    Binding { gateways, routes }
}

/// A route's rules for the binding: which are dropped, and why each backendRef does not resolve.
fn rule_bindings(route: &RouteView<'_>, problems: Vec<Option<Problem>>) -> Vec<RuleBinding> {
    let mut rules: Vec<RuleBinding> = route
        .weights
        .iter()
        .map(|(_, refs)| RuleBinding {
            dropped: None,
            backend_refs: vec![None; refs.len()],
        })
        .collect();
    for (b, problem) in route.backends.iter().zip(problems) {
        if let (Some((rule, k)), Some(problem)) = (b.at, problem)
            && let Some(slot) = rules.get_mut(rule).and_then(|r| r.backend_refs.get_mut(k))
        {
            *slot = Some(problem);
        }
    }
    for (path, why) in &route.dropped {
        if let Some(Segment::Index(rule)) = path.0.get(2)
            && let Some(r) = rules.get_mut(*rule)
        {
            r.dropped = Some(why.clone());
        }
    }
    rules
}

/// `Programmed` when accepted: whether an address is assigned and the data plane programmed is only known in a
/// cluster, so offline says Unknown instead of guessing.
fn offline_programmed() -> State {
    (
        ConditionStatus::Unknown,
        reason::PENDING,
        "offline check: address assignment and data-plane programming are only known in a cluster"
            .to_string(),
    )
}

fn listener_status(l: &Lst<'_>, generation: i64) -> ListenerStatus {
    let accepted = match &l.accepted {
        Some((r, msg)) => bad(r, msg.clone()),
        None => ok(reason::ACCEPTED, "accepted"),
    };
    let programmed = match &l.accepted {
        Some((r, msg)) if *r == reason::HOSTNAME_CONFLICT || *r == reason::PROTOCOL_CONFLICT => {
            bad(r, msg.clone())
        }
        Some(_) => bad(reason::INVALID, "the listener is not accepted".into()),
        None => ok(reason::PROGRAMMED, "programmed"),
    };
    let resolved = match (&l.refs, &l.refs_unknown) {
        (Some((r, msg)), _) => bad(r, msg.clone()),
        (None, Some(why)) => (ConditionStatus::Unknown, reason::PENDING, why.clone()),
        (None, None) => ok(reason::RESOLVED_REFS, "resolved"),
    };
    let mut conditions = vec![
        condition(reasons::ACCEPTED, &accepted, generation),
        condition(reasons::PROGRAMMED, &programmed, generation),
        condition(reasons::RESOLVED_REFS, &resolved, generation),
    ];
    if let Some((r, msg)) = &l.conflict {
        conditions.push(condition(
            reasons::CONFLICTED,
            &(ConditionStatus::True, r, msg.clone()),
            generation,
        ));
    }
    ListenerStatus {
        name: l.name.to_string(),
        supported_kinds: l
            .supported
            .iter()
            .map(|k| RouteGroupKind {
                group: Some(GROUP.to_string()),
                kind: k.to_string(),
                extra: Default::default(),
            })
            .collect(),
        attached_routes: l.attached,
        conditions,
        extra: Default::default(),
    }
}

fn evaluate_listener(l: &mut Lst<'_>, world: &World<'_>, findings: &mut Vec<Finding>) {
    let defaults = default_kinds(l.protocol);
    if defaults.is_empty() {
        l.accepted = Some((
            reason::UNSUPPORTED_PROTOCOL,
            format!("protocol {} is not supported", l.protocol),
        ));
        findings.push(l.owner_src.finding(
            codes::UNSUPPORTED_PROTOCOL,
            Severity::Error,
            &l.path.field("protocol"),
            format!(
                "listener {}: protocol {} is not supported (HTTP, HTTPS, TLS, TCP, UDP)",
                l.name, l.protocol
            ),
            "use a standard protocol, or check that your implementation supports this one",
        ));
    }
    let kinds = l.allowed.map(|a| a.kinds.as_slice()).unwrap_or_default();
    if kinds.is_empty() {
        l.supported = defaults;
    } else {
        let mut invalid = Vec::new();
        for (k, rk) in kinds.iter().enumerate() {
            let group = rk.group.as_deref().unwrap_or(GROUP);
            match defaults.iter().find(|d| group == GROUP && **d == rk.kind) {
                Some(d) if !l.supported.contains(d) => l.supported.push(d),
                Some(_) => {}
                None => invalid.push((k, format!("{group}/{}", rk.kind))),
            }
        }
        if !invalid.is_empty() {
            let list: Vec<&str> = invalid.iter().map(|(_, s)| s.as_str()).collect();
            let msg = format!(
                "route kinds not supported on {} listener: {}",
                l.protocol,
                list.join(", ")
            );
            findings.push(l.owner_src.finding(
                codes::INVALID_ROUTE_KINDS,
                Severity::Error,
                &l.path.field("allowedRoutes").field("kinds").index(invalid[0].0),
                format!("listener {}: {msg}", l.name),
                format!(
                    "allow only kinds the protocol serves: {}",
                    default_kinds(l.protocol).join(", ")
                ),
            ));
            l.refs = Some((reason::INVALID_ROUTE_KINDS, msg));
        }
    }
    let terminate = match l.protocol {
        ProtocolType::HTTPS => true,
        ProtocolType::TLS => l
            .tls
            .and_then(|t| t.mode.as_ref())
            .is_some_and(|m| *m == TLSModeType::Terminate),
        _ => false,
    };
    if !terminate {
        return;
    }
    // The CRD accepts an HTTPS listener without `tls` (the rule requiring it was reverted in v1.6), but there is
    // no certificate to serve: the listener cannot resolve one.
    let Some(tls) = l
        .tls
        .filter(|t| !t.certificate_refs.is_empty() || !t.options.is_empty())
    else {
        let msg = format!(
            "{} listener has no tls.certificateRefs: there is no certificate to serve",
            l.protocol
        );
        findings.push(l.owner_src.finding(
            codes::INVALID_CERTIFICATE_REF,
            Severity::Error,
            &l.path,
            format!("listener {}: {msg}", l.name),
            "add tls.certificateRefs naming a kubernetes.io/tls Secret",
        ));
        if l.refs.is_none() {
            l.refs = Some((reason::INVALID_CERTIFICATE_REF, msg));
        }
        return;
    };
    let from_kind = l.owner_src.obj.kind.clone();
    for (k, c) in tls.certificate_refs.iter().enumerate() {
        let at = l.path.field("tls").field("certificateRefs").index(k);
        let group = c.group.as_deref().unwrap_or("");
        let kind = c.kind.as_deref().unwrap_or("Secret");
        let ns = c.namespace.as_deref().unwrap_or(l.owner_src.ns());
        let problem: Option<(&'static str, &'static str, String, String)> = if !group.is_empty()
            || kind != "Secret"
        {
            Some((
                reason::INVALID_CERTIFICATE_REF,
                codes::INVALID_CERTIFICATE_REF,
                format!(
                    "certificateRef {group}/{kind} {}: only core Secrets are supported",
                    c.name
                ),
                "reference a Secret of type kubernetes.io/tls (group \"\", kind Secret)".into(),
            ))
        } else if ns != l.owner_src.ns()
            && !world.granted(&from_kind, l.owner_src.ns(), ns, "", "Secret", &c.name)
        {
            Some((
                reason::REF_NOT_PERMITTED,
                codes::REF_NOT_PERMITTED,
                format!(
                    "Secret {ns}/{} is in another namespace and no ReferenceGrant in {ns} allows it{}",
                    c.name,
                    world
                        .near_miss(&from_kind, l.owner_src.ns(), ns, "Secret", &c.name)
                        .map(|m| format!(" ({m})"))
                        .unwrap_or_default()
                ),
                format!(
                    "add a ReferenceGrant in namespace {ns}: from {{group: gateway.networking.k8s.io, kind: {from_kind}, namespace: {}}} to {{group: \"\", kind: Secret, name: {}}}",
                    l.owner_src.ns(),
                    c.name
                ),
            ))
        } else {
            match &world.secrets {
                None => {
                    l.refs_unknown = Some(
                        "Secrets are not in the input: the certificate cannot be checked offline".into(),
                    );
                    None
                }
                Some(secrets) => match secrets.get(&(ns, c.name.as_str())) {
                    None => Some((
                        reason::INVALID_CERTIFICATE_REF,
                        codes::INVALID_CERTIFICATE_REF,
                        format!("Secret {ns}/{} does not exist", c.name),
                        "create the Secret (kubectl create secret tls NAME --cert … --key …) or fix the name"
                            .into(),
                    )),
                    Some(s) if s.type_.as_deref() != Some(TLS_SECRET_TYPE) => Some((
                        reason::INVALID_CERTIFICATE_REF,
                        codes::INVALID_CERTIFICATE_REF,
                        format!(
                            "Secret {ns}/{} has type {:?}, not {TLS_SECRET_TYPE}",
                            c.name,
                            s.type_.as_deref().unwrap_or("Opaque")
                        ),
                        "use a Secret of type kubernetes.io/tls with tls.crt and tls.key".into(),
                    )),
                    Some(s) if !s.data_keys.is_empty() && !pem_pair(s) => Some((
                        reason::INVALID_CERTIFICATE_REF,
                        codes::INVALID_CERTIFICATE_REF,
                        format!(
                            "Secret {ns}/{}: tls.crt/tls.key do not hold a PEM certificate and key",
                            c.name
                        ),
                        "put a PEM certificate chain in tls.crt and its PEM key in tls.key".into(),
                    )),
                    Some(_) => None,
                },
            }
        };
        if let Some((r, code, msg, fix)) = problem {
            findings.push(l.owner_src.finding(
                code,
                Severity::Error,
                &at,
                format!("listener {}: {msg}", l.name),
                fix,
            ));
            if l.refs.is_none() {
                l.refs = Some((r, msg));
            }
        }
    }
    if l.refs_unknown.is_some() {
        findings.push(l.owner_src.finding(
            codes::SECRETS_UNKNOWN,
            Severity::Info,
            &l.path.field("tls"),
            format!(
                "listener {}: Secrets are not in the input: certificates are not checked",
                l.name
            ),
            "add the Secrets (kubectl get secret -o yaml) to check the certificates too",
        ));
    }
}

/// Why the listener's allowedRoutes.namespaces refuses a route from `route_ns`, or `None` when it allows it.
fn namespace_refusal(
    l: &Lst<'_>,
    route_ns: &str,
    world: &World<'_>,
    findings: &mut Vec<Finding>,
    route: &Src<'_>,
) -> Option<String> {
    let ns = l.allowed.and_then(|a| a.namespaces.as_ref());
    let from = ns.and_then(|n| n.from.clone()).unwrap_or(FromNamespaces::Same);
    match from {
        FromNamespaces::All => None,
        FromNamespaces::Same => (route_ns != l.owner_src.ns()).then(|| {
            format!(
                "listener {} only allows routes from its own namespace {} (allowedRoutes.namespaces.from: Same)",
                l.name,
                l.owner_src.ns()
            )
        }),
        FromNamespaces::Selector => {
            let (labels, known) = world.namespace_labels(route_ns);
            let matched = ns.and_then(|n| n.selector.as_ref()).is_some_and(|s| s.matches(&labels));
            if !known && !matched {
                findings.push(route.finding(
                    codes::NAMESPACE_UNKNOWN,
                    Severity::Warning,
                    &FieldPath::parse("metadata.namespace"),
                    format!("Namespace {route_ns} is not in the input: the selector of listener {} saw only its name label", l.name),
                    "add the Namespace objects (kubectl get ns -o yaml) so selectors see their labels",
                ));
            }
            (!matched).then(|| format!("listener {} selects route namespaces by label and {route_ns} does not match", l.name))
        }
        FromNamespaces::None | FromNamespaces::Other(_) => Some(format!("listener {} allows no route namespace", l.name)),
    }
}

fn route_refusal_finding(
    route: &RouteView<'_>,
    ppath: &FieldPath,
    p: &ParentReference,
    pns: &str,
    state: &State,
    world: &World<'_>,
    findings: &mut Vec<Finding>,
) {
    let (code, fix) = match state.1 {
        reason::NO_MATCHING_LISTENER_HOSTNAME => (
            codes::NO_MATCHING_HOSTNAME,
            "make spec.hostnames intersect a listener hostname (a wildcard `*.example.com` does not match `example.com`)",
        ),
        reason::NO_MATCHING_PARENT => (
            codes::NO_MATCHING_PARENT,
            "fix sectionName/port to name an existing listener",
        ),
        _ => (
            codes::NOT_ALLOWED_BY_LISTENERS,
            "allow the route on the listener (allowedRoutes.namespaces from: All or Selector, allowedRoutes.kinds), or attach to another listener",
        ),
    };
    findings.push(route.src.finding(
        code,
        Severity::Error,
        ppath,
        format!("not accepted by {}/{}: {}: {}", pns, p.name, state.1, state.2),
        fix,
    ));
    // A ReferenceGrant does not govern parentRefs; users often try one.
    if state.1 == reason::NOT_ALLOWED_BY_LISTENERS
        && pns != route.src.ns()
        && let Some((_, g)) = world.grants_in(pns).iter().find(|(g, _)| {
            g.spec
                .to
                .iter()
                .any(|t| t.kind == "Gateway" || t.kind == "ListenerSet")
        })
    {
        findings.push(g.finding(
            codes::GRANT_FOR_PARENT,
            Severity::Warning,
            &FieldPath::parse("spec.to"),
            format!("ReferenceGrant does not let {} attach to {pns}/{}: parentRefs are governed by the listener's allowedRoutes", route.src.obj, p.name),
            "set allowedRoutes.namespaces on the listener instead; delete this grant if nothing else needs it",
        ));
    }
}

fn route_view<'a>(idx: usize, s: &'a Sourced, o: &'a GatewayObject) -> Option<RouteView<'a>> {
    let spec = FieldPath::root().field("spec");
    let rules_path = spec.field("rules");
    let mut backends = Vec::new();
    let mut weights = Vec::new();
    let mut dropped = Vec::new();
    let mut matches = Vec::new();
    let (kind, meta, parent_refs, hostnames, rules): (&'static str, _, _, &'a [String], usize) = match o {
        GatewayObject::HTTPRoute(r) => {
            for (i, rule) in r.spec.rules.iter().enumerate() {
                let rp = rules_path.index(i);
                let mut w = Vec::new();
                for (k, b) in rule.backend_refs.iter().enumerate() {
                    let bp = rp.field("backendRefs").index(k);
                    backends.push(BackendUse {
                        path: bp.clone(),
                        r: &b.backend_ref.backend_object_reference,
                        at: Some((i, k)),
                    });
                    w.push((bp.clone(), b.backend_ref.weight));
                    for (fi, f) in b.filters.iter().enumerate() {
                        if let Some(m) = &f.request_mirror {
                            backends.push(BackendUse::mirror(&bp, fi, m));
                        }
                    }
                }
                weights.push((rp.clone(), w));
                for (fi, f) in rule.filters.iter().enumerate() {
                    if let Some(m) = &f.request_mirror {
                        backends.push(BackendUse::mirror(&rp, fi, m));
                    }
                    if !f.r#type.is_known() {
                        dropped.push(unsupported_filter(&rp, fi, f.r#type.as_str()));
                    }
                }
                for (j, m) in rule.matches.iter().enumerate() {
                    if let Some(t) = m.path.as_ref().and_then(|p| p.r#type.as_ref())
                        && !t.is_known()
                    {
                        dropped.push((
                            rp.field("matches").index(j).field("path").field("type"),
                            format!("path match type {:?} is not supported", t.as_str()),
                        ));
                    }
                    matches.push((i, j, Some(m)));
                }
                if rule.matches.is_empty() {
                    matches.push((i, 0, None));
                }
            }
            // Without rules the CRD default is one rule matching PathPrefix `/`.
            if r.spec.rules.is_empty() {
                matches.push((0, 0, None));
            }
            (
                "HTTPRoute",
                &r.metadata,
                &r.spec.parent_refs,
                r.spec.hostnames.as_slice(),
                r.spec.rules.len().max(1),
            )
        }
        GatewayObject::GRPCRoute(r) => {
            for (i, rule) in r.spec.rules.iter().enumerate() {
                let rp = rules_path.index(i);
                let mut w = Vec::new();
                for (k, b) in rule.backend_refs.iter().enumerate() {
                    let bp = rp.field("backendRefs").index(k);
                    backends.push(BackendUse {
                        path: bp.clone(),
                        r: &b.backend_ref.backend_object_reference,
                        at: Some((i, k)),
                    });
                    w.push((bp, b.backend_ref.weight));
                }
                weights.push((rp.clone(), w));
                for (fi, f) in rule.filters.iter().enumerate() {
                    if let Some(m) = &f.request_mirror {
                        backends.push(BackendUse::mirror(&rp, fi, m));
                    }
                    if !f.r#type.is_known() {
                        dropped.push(unsupported_filter(&rp, fi, f.r#type.as_str()));
                    }
                }
            }
            (
                "GRPCRoute",
                &r.metadata,
                &r.spec.parent_refs,
                r.spec.hostnames.as_slice(),
                r.spec.rules.len(),
            )
        }
        GatewayObject::TLSRoute(r) => {
            l4(
                &rules_path,
                r.spec.rules.iter().map(|r| r.backend_refs.as_slice()),
                &mut backends,
                &mut weights,
            );
            (
                "TLSRoute",
                &r.metadata,
                &r.spec.parent_refs,
                r.spec.hostnames.as_slice(),
                r.spec.rules.len(),
            )
        }
        GatewayObject::TCPRoute(r) => {
            l4(
                &rules_path,
                r.spec.rules.iter().map(|r| r.backend_refs.as_slice()),
                &mut backends,
                &mut weights,
            );
            (
                "TCPRoute",
                &r.metadata,
                &r.spec.parent_refs,
                &[][..],
                r.spec.rules.len(),
            )
        }
        GatewayObject::UDPRoute(r) => {
            l4(
                &rules_path,
                r.spec.rules.iter().map(|r| r.backend_refs.as_slice()),
                &mut backends,
                &mut weights,
            );
            (
                "UDPRoute",
                &r.metadata,
                &r.spec.parent_refs,
                &[][..],
                r.spec.rules.len(),
            )
        }
        _ => return None,
    };
    let mut rules_dropped: Vec<(FieldPath, String)> = Vec::new();
    // One entry per rule: a rule with several unsupported values is dropped once.
    for (p, m) in dropped {
        let rule = FieldPath(p.0[..3].to_vec());
        match rules_dropped.iter_mut().find(|(r, _)| *r == rule) {
            Some((_, msg)) => {
                msg.push_str("; ");
                msg.push_str(&m);
            }
            None => rules_dropped.push((rule, m)),
        }
    }
    Some(RouteView {
        idx,
        src: Src::new(s, kind, meta, true),
        kind,
        parent_refs: parent_refs.as_slice(),
        hostnames,
        backends,
        weights,
        rules,
        dropped: rules_dropped,
        matches,
    })
}

fn l4<'a>(
    rules_path: &FieldPath,
    rules: impl Iterator<Item = &'a [gateshift_api::gateway::BackendRef]>,
    backends: &mut Vec<BackendUse<'a>>,
    weights: &mut RuleWeights,
) {
    for (i, refs) in rules.enumerate() {
        let rp = rules_path.index(i);
        let mut w = Vec::new();
        for (k, b) in refs.iter().enumerate() {
            let bp = rp.field("backendRefs").index(k);
            backends.push(BackendUse {
                path: bp.clone(),
                r: &b.backend_object_reference,
                at: Some((i, k)),
            });
            w.push((bp, b.weight));
        }
        weights.push((rp, w));
    }
}

/// The route's `ResolvedRefs`, evaluated independently of `Accepted` (as conformance expects), and per entry of
/// `route.backends` why it does not resolve.
fn resolve_backends(
    route: &RouteView<'_>,
    world: &World<'_>,
    findings: &mut Vec<Finding>,
) -> (State, Vec<Option<Problem>>) {
    let mut first: Option<(&'static str, String)> = None;
    let mut each = Vec::with_capacity(route.backends.len());
    let mut unknown = false;
    let ns = route.src.ns();
    for b in &route.backends {
        let r = b.r;
        let group = r.group.as_deref().unwrap_or("");
        let kind = r.kind.as_deref().unwrap_or("Service");
        let target_ns = r.namespace.as_deref().unwrap_or(ns);
        let problem: Option<(&'static str, &'static str, String, String)> = if !group.is_empty()
            || kind != "Service"
        {
            Some((
                reason::INVALID_KIND,
                codes::INVALID_KIND,
                format!("backendRef {}{kind} {}: only core Services are supported", if group.is_empty() { String::new() } else { format!("{group}/") }, r.name),
                "reference a Service (group \"\", kind Service), or check that your implementation supports this kind".into(),
            ))
        } else if target_ns != ns && !world.granted(route.kind, ns, target_ns, "", "Service", &r.name) {
            if let Some(g) = world.misplaced_grant(route.kind, ns, target_ns, "Service") {
                findings.push(g.finding(
                    codes::MISPLACED_GRANT,
                    Severity::Warning,
                    &FieldPath::root(),
                    format!("this ReferenceGrant is in namespace {ns}, the referrer's; a grant must live in the namespace of the referenced Service ({target_ns})"),
                    format!("move it to namespace {target_ns}, with from.namespace: {ns}"),
                ));
            }
            Some((
                reason::REF_NOT_PERMITTED,
                codes::REF_NOT_PERMITTED,
                format!(
                    "Service {target_ns}/{} is in another namespace and no ReferenceGrant in {target_ns} allows it{}",
                    r.name,
                    world
                        .near_miss(route.kind, ns, target_ns, "Service", &r.name)
                        .map(|m| format!(" ({m})"))
                        .unwrap_or_default()
                ),
                format!(
                    "add a ReferenceGrant in namespace {target_ns}: from {{group: gateway.networking.k8s.io, kind: {}, namespace: {ns}}} to {{group: \"\", kind: Service, name: {}}}",
                    route.kind, r.name
                ),
            ))
        } else {
            match &world.services {
                None => {
                    unknown = true;
                    None
                }
                Some(services) => match services.get(&(target_ns, r.name.as_str())) {
                    None => Some((
                        reason::BACKEND_NOT_FOUND,
                        codes::BACKEND_NOT_FOUND,
                        format!("Service {target_ns}/{} does not exist", r.name),
                        "fix the name, or add the Service".into(),
                    )),
                    Some(svc)
                        if r.port
                            .is_some_and(|p| !svc.spec.ports.iter().any(|sp| sp.port == p)) =>
                    {
                        Some((
                            reason::BACKEND_NOT_FOUND,
                            codes::BACKEND_NOT_FOUND,
                            format!(
                                "Service {target_ns}/{} has no port {} (ports: {})",
                                r.name,
                                r.port.unwrap_or_default(),
                                svc.spec
                                    .ports
                                    .iter()
                                    .map(|p| p.port.to_string())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            "use the Service port (not the container's targetPort)".into(),
                        ))
                    }
                    Some(_) => None,
                },
            }
        };
        if let Some((r, code, msg, fix)) = problem {
            findings.push(
                route
                    .src
                    .finding(code, Severity::Error, &b.path, msg.clone(), fix),
            );
            each.push(Some(Problem {
                reason: r,
                message: msg.clone(),
            }));
            if first.is_none() {
                first = Some((r, msg));
            }
        } else {
            each.push(None);
        }
    }
    if unknown {
        findings.push(route.src.finding(
            codes::SERVICES_UNKNOWN,
            Severity::Info,
            &FieldPath::parse("spec.rules"),
            "Services are not in the input: backends are assumed to exist (ResolvedRefs Unknown)",
            "add the Services (kubectl get svc -A -o yaml) to check backends and ports",
        ));
    }
    let state = match first {
        Some((r, msg)) => bad(r, msg),
        None if unknown => (
            ConditionStatus::Unknown,
            reason::PENDING,
            "Services are not in the input: backends cannot be resolved offline".to_string(),
        ),
        None => ok(reason::RESOLVED_REFS, "resolved"),
    };
    (state, each)
}

fn lint_weights(route: &RouteView<'_>, findings: &mut Vec<Finding>) {
    for (rp, ws) in &route.weights {
        if ws.is_empty() {
            continue;
        }
        let values: Vec<i64> = ws.iter().map(|(_, w)| i64::from(w.unwrap_or(1))).collect();
        let sum: i64 = values.iter().sum();
        if sum == 0 {
            findings.push(route.src.finding(
                codes::ALL_WEIGHTS_ZERO,
                Severity::Warning,
                rp,
                "every backend weight is 0: the outcome is unspecified by Gateway API (most implementations answer 500 or 503)",
                "give at least one backend a weight above 0, or remove the rule",
            ));
        } else if ws.len() > 1
            && ws.iter().all(|(_, w)| w.is_some())
            && sum != 100
            && values.iter().all(|v| *v <= 100)
            && sum < 200
        {
            let shares: Vec<String> = values
                .iter()
                .map(|v| format!("{:.1}%", *v as f64 * 100.0 / sum as f64))
                .collect();
            findings.push(route.src.finding(
                codes::WEIGHTS_NOT_100,
                Severity::Warning,
                rp,
                format!(
                    "weights are proportions, not percentages: they add up to {sum}, so the backends get {}",
                    shares.join(", ")
                ),
                "make the weights add up to 100 if you meant percentages",
            ));
        }
    }
}

/// A match's identity for shadowing: two equal signatures on one hostname can never both win.
fn match_signature(m: Option<&HTTPRouteMatch>) -> String {
    let Some(m) = m else {
        return "PathPrefix /".to_string();
    };
    let (t, v) = m
        .path
        .as_ref()
        .map(|p| {
            (
                p.r#type.clone().unwrap_or(PathMatchType::PathPrefix),
                p.value.clone().unwrap_or_else(|| "/".into()),
            )
        })
        .unwrap_or((PathMatchType::PathPrefix, "/".into()));
    let mut headers: Vec<String> = m
        .headers
        .iter()
        .map(|h| format!("{}={}", h.name.to_lowercase(), h.value))
        .collect();
    headers.sort();
    let mut query: Vec<String> = m
        .query_params
        .iter()
        .map(|q| format!("{}={}", q.name, q.value))
        .collect();
    query.sort();
    let v = if t == PathMatchType::PathPrefix && v.len() > 1 {
        v.trim_end_matches('/').to_string()
    } else {
        v
    };
    format!(
        "{t} {v}{}{}{}",
        m.method
            .as_ref()
            .map(|x| format!(" method={x}"))
            .unwrap_or_default(),
        if headers.is_empty() {
            String::new()
        } else {
            format!(" headers={}", headers.join(","))
        },
        if query.is_empty() {
            String::new()
        } else {
            format!(" query={}", query.join(","))
        },
    )
}

fn pitfalls(
    routes: &[RouteView<'_>],
    lsts: &[Lst<'_>],
    bound: &[(usize, usize, Vec<String>)],
    world: &World<'_>,
    findings: &mut Vec<Finding>,
) {
    // Per listener and hostname: the first claimant of a match wins (routes are in precedence order).
    let mut claims: BTreeMap<(usize, String, String), (usize, usize, usize)> = BTreeMap::new();
    let mut kinds_on: BTreeMap<(usize, String), BTreeMap<&'static str, usize>> = BTreeMap::new();
    let mut reported: BTreeSet<(usize, usize, usize)> = BTreeSet::new();
    for (l, ri, hosts) in bound {
        let route = &routes[*ri];
        for h in hosts {
            kinds_on
                .entry((*l, h.clone()))
                .or_default()
                .entry(route.kind)
                .or_insert(*ri);
            if route.kind != "HTTPRoute" {
                continue;
            }
            for (rule, j, m) in &route.matches {
                let sig = match_signature(*m);
                let key = (*l, h.clone(), sig.clone());
                match claims.get(&key) {
                    None => {
                        claims.insert(key, (*ri, *rule, *j));
                    }
                    Some(&(wr, wrule, _))
                        if (wr, wrule) != (*ri, *rule) && reported.insert((*ri, *rule, *j)) =>
                    {
                        let winner = &routes[wr];
                        let path = FieldPath::root()
                            .field("spec")
                            .field("rules")
                            .index(*rule)
                            .field("matches")
                            .index(*j);
                        let path = if m.is_some() {
                            path
                        } else {
                            FieldPath::root().field("spec").field("rules").index(*rule)
                        };
                        let cross = winner.src.ns() != route.src.ns();
                        findings.push(route.src.finding(
                            if cross { codes::CROSS_NAMESPACE_PATH } else { codes::SHADOWED_MATCH },
                            Severity::Warning,
                            &path,
                            format!(
                                "match `{sig}` on host {h} (listener {}) is shadowed by rules[{wrule}] of {}{}: this match never receives traffic",
                                lsts[*l].name,
                                winner.src.obj,
                                if cross { ", a route in another namespace (older, or first by namespace/name)" } else { "" }
                            ),
                            "remove the duplicate, or make the matches differ (path, headers, method, query)",
                        ));
                    }
                    Some(_) => {}
                }
            }
        }
    }
    for ((l, h), kinds) in &kinds_on {
        if let (Some(&http), Some(&grpc)) = (kinds.get("HTTPRoute"), kinds.get("GRPCRoute")) {
            let g = &routes[grpc];
            findings.push(g.src.finding(
                codes::HTTP_AND_GRPC_HOSTNAME,
                Severity::Warning,
                &FieldPath::parse("spec.hostnames"),
                format!(
                    "{} and this GRPCRoute share host {h} on listener {}: implementations may reject one of them (the GRPCRoute godoc still says MUST)",
                    routes[http].src.obj, lsts[*l].name
                ),
                "give the gRPC service its own hostname",
            ));
        }
    }
    // gRPC needs HTTP/2: cleartext listeners need h2c with prior knowledge; backends need an HTTP/2 appProtocol.
    let mut seen = BTreeSet::new();
    for (l, ri, _) in bound {
        let route = &routes[*ri];
        if route.kind != "GRPCRoute" || !seen.insert((*l, *ri)) {
            continue;
        }
        if *lsts[*l].protocol == ProtocolType::HTTP {
            findings.push(route.src.finding(
                codes::GRPC_HTTP2,
                Severity::Info,
                &FieldPath::parse("spec.parentRefs"),
                format!(
                    "attached to cleartext HTTP listener {}: gRPC clients must use h2c with prior knowledge",
                    lsts[*l].name
                ),
                "attach gRPC to an HTTPS listener unless clients speak h2c",
            ));
        }
    }
    if let Some(services) = &world.services {
        for route in routes.iter().filter(|r| r.kind == "GRPCRoute") {
            for b in &route.backends {
                let ns = b.r.namespace.as_deref().unwrap_or(route.src.ns());
                let Some(svc) = services.get(&(ns, b.r.name.as_str())) else {
                    continue;
                };
                let Some(port) = svc.spec.ports.iter().find(|p| Some(p.port) == b.r.port) else {
                    continue;
                };
                let h2 = port.app_protocol.as_deref().is_some_and(|a| {
                    matches!(
                        a,
                        "kubernetes.io/h2c" | "h2c" | "grpc" | "http2" | "kubernetes.io/h2"
                    )
                });
                if !h2 {
                    findings.push(route.src.finding(
                        codes::GRPC_HTTP2,
                        Severity::Warning,
                        &b.path,
                        format!(
                            "Service {ns}/{} port {} has no HTTP/2 appProtocol ({}): the Gateway may speak HTTP/1.1 to a gRPC backend",
                            b.r.name,
                            port.port,
                            port.app_protocol.as_deref().unwrap_or("none")
                        ),
                        "set `appProtocol: kubernetes.io/h2c` on the Service port",
                    ));
                }
            }
        }
    }
}

fn near_limits(gws: &[Gw<'_>], routes: &[RouteView<'_>], findings: &mut Vec<Finding>) {
    for g in gws {
        let n = g.g.spec.listeners.len();
        if (56..=64).contains(&n) {
            findings.push(g.src.finding(
                codes::NEAR_LIMIT,
                Severity::Info,
                &FieldPath::parse("spec.listeners"),
                format!("{n} of at most 64 listeners"),
                "move listeners to ListenerSets before the limit is hit",
            ));
        }
    }
    for r in routes
        .iter()
        .filter(|r| r.kind == "HTTPRoute" || r.kind == "GRPCRoute")
    {
        if (14..=16).contains(&r.rules) {
            findings.push(r.src.finding(
                codes::NEAR_LIMIT,
                Severity::Info,
                &FieldPath::parse("spec.rules"),
                format!("{} of at most 16 rules", r.rules),
                "split the route before the limit is hit",
            ));
        }
        if (14..=16).contains(&r.hostnames.len()) {
            findings.push(r.src.finding(
                codes::NEAR_LIMIT,
                Severity::Info,
                &FieldPath::parse("spec.hostnames"),
                format!("{} of at most 16 hostnames", r.hostnames.len()),
                "split the route before the limit is hit",
            ));
        }
    }
}

/// Whether a Secret holds a PEM certificate and key (Secrets listed without data are not judged).
fn pem_pair(s: &Secret) -> bool {
    s.pem_keys.iter().any(|k| k == "tls.crt") && s.pem_keys.iter().any(|k| k == "tls.key")
}

/// What BackendTLSPolicy status needs from the rest of binding.
struct PolicyContext<'r, 'a> {
    /// Routes, in precedence order.
    routes: &'r [RouteView<'a>],
    /// Per route (same order): the Gateways it is accepted on.
    route_gws: &'r [BTreeSet<usize>],
    gws: &'r [Gw<'a>],
    world: &'r World<'a>,
}

/// The most ancestors a PolicyStatus holds (the CRD's `maxItems`).
const MAX_ANCESTORS: usize = 16;

/// One caCertificateRef, resolved.
enum CaRef {
    Valid,
    /// Offline cannot tell: the message says why.
    Unknown(String),
    /// Not usable: reason and message.
    Invalid(&'static str, String),
}

impl PolicyContext<'_, '_> {
    /// The Gateways (indexes into `gws`) on which an accepted route sends traffic to the target, and, when the
    /// target's `sectionName` names no port of a Service in the input, why it matches nothing.
    fn ancestors(
        &self,
        ns: &str,
        group: &str,
        kind: &str,
        name: &str,
        section: Option<&str>,
    ) -> (BTreeSet<usize>, Option<String>) {
        // A sectionName of a Service is a port name: the backendRefs name the port by number.
        let mut port: Option<i32> = None;
        let mut problem = None;
        if let (Some(sec), true, Some(services)) = (
            section,
            group.is_empty() && kind == "Service",
            &self.world.services,
        ) && let Some(svc) = services.get(&(ns, name))
        {
            port = svc
                .spec
                .ports
                .iter()
                .find(|p| p.name.as_deref() == Some(sec))
                .map(|p| p.port);
            if port.is_none() {
                problem = Some(format!(
                    "Service {ns}/{name} has no port named {sec} (ports: {})",
                    svc.spec
                        .ports
                        .iter()
                        .map(|p| p.name.as_deref().unwrap_or("<unnamed>"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        let mut out = BTreeSet::new();
        if problem.is_some() {
            return (out, problem);
        }
        for (ri, route) in self.routes.iter().enumerate() {
            if self.route_gws[ri].is_empty() {
                continue;
            }
            let uses = route.backends.iter().any(|b| {
                let r = b.r;
                r.namespace.as_deref().unwrap_or(route.src.ns()) == ns
                    && r.group.as_deref().unwrap_or("") == group
                    && r.kind.as_deref().unwrap_or("Service") == kind
                    && r.name == name
                    && port.is_none_or(|p| r.port == Some(p))
            });
            if uses {
                out.extend(self.route_gws[ri].iter().copied());
            }
        }
        (out, None)
    }

    fn ca_ref(&self, ns: &str, group: &str, kind: &str, name: &str) -> CaRef {
        match (group, kind) {
            ("", "ConfigMap") => match &self.world.configmaps {
                None => CaRef::Unknown(format!(
                    "ConfigMap {ns}/{name}: ConfigMaps are not in the input, the CA certificate cannot be checked offline"
                )),
                Some(cms) => match cms.get(&(ns, name)) {
                    None => CaRef::Invalid(
                        reason::INVALID_CA_CERTIFICATE_REF,
                        format!("ConfigMap {ns}/{name} does not exist"),
                    ),
                    Some(cm) => match cm.data.get("ca.crt") {
                        None => CaRef::Invalid(
                            reason::INVALID_CA_CERTIFICATE_REF,
                            format!("ConfigMap {ns}/{name} has no key ca.crt"),
                        ),
                        Some(pem) if !pem.contains("-----BEGIN CERTIFICATE-----") => CaRef::Invalid(
                            reason::INVALID_CA_CERTIFICATE_REF,
                            format!("ConfigMap {ns}/{name}: ca.crt holds no PEM certificate"),
                        ),
                        Some(_) => CaRef::Valid,
                    },
                },
            },
            ("", "Secret") => CaRef::Unknown(format!(
                "Secret {ns}/{name}: a CA certificate in a Secret is implementation-specific (a ConfigMap with ca.crt is core); whether your implementation reads it cannot be known offline"
            )),
            _ => CaRef::Invalid(
                reason::INVALID_KIND,
                format!(
                    "{}{kind} {name}: unsupported kind for a CA certificate (core support is a ConfigMap with ca.crt)",
                    if group.is_empty() {
                        String::new()
                    } else {
                        format!("{group}/")
                    }
                ),
            ),
        }
    }
}

/// BackendTLSPolicy status (GEP-1897, `apis/v1/backendtlspolicy_types.go`): one ancestor entry per Gateway on
/// which an accepted route uses a targeted Service, with `Accepted` (`Conflicted` for a policy that loses to an
/// older one on the same target and section, `NoValidCACertificate` when every CA reference is invalid) and
/// `ResolvedRefs` (`InvalidCACertificateRef`, `InvalidKind`; Unknown/`Pending` what offline cannot know).
fn backend_tls_policies<'a>(
    mut policies: Vec<(usize, Src<'a>, &'a BackendTLSPolicy)>,
    ctx: &PolicyContext<'_, 'a>,
    findings: &mut Vec<Finding>,
) -> Vec<(usize, Src<'a>, PolicyStatus)> {
    policies.sort_by_key(|(_, src, _)| src.precedence());
    // (namespace, group, kind, name, sectionName) -> the policy with precedence on it.
    let mut owners: BTreeMap<(String, String, String, String, Option<String>), ObjectRef> = BTreeMap::new();
    let mut configmaps_noted = false;
    let mut out = Vec::new();
    for (i, src, p) in policies {
        let ns = src.ns().to_string();
        let targets_path = FieldPath::root().field("spec").field("targetRefs");
        // Conflicts: a later policy on the same target and section loses (GEP-713 precedence).
        let mut conflict: Option<(usize, ObjectRef)> = None;
        for (k, t) in p.spec.target_refs.iter().enumerate() {
            let key = (
                ns.clone(),
                t.group.clone(),
                t.kind.clone(),
                t.name.clone(),
                t.section_name.clone(),
            );
            match owners.get(&key) {
                Some(winner) if *winner != src.obj => {
                    conflict.get_or_insert((k, winner.clone()));
                }
                Some(_) => {}
                None => {
                    owners.insert(key, src.obj.clone());
                }
            }
        }
        let accepted_conflict = conflict.map(|(k, winner)| {
            let t = &p.spec.target_refs[k];
            let msg = format!(
                "{winner} targets {} {}{} too and takes precedence (older, or first by namespace/name)",
                t.kind,
                t.name,
                t.section_name
                    .as_deref()
                    .map(|s| format!(" section {s}"))
                    .unwrap_or_default()
            );
            findings.push(src.finding(
                codes::POLICY_CONFLICTED,
                Severity::Error,
                &targets_path.clone().index(k),
                msg.clone(),
                "merge the two policies, or target different Services or sectionNames",
            ));
            bad(reason::CONFLICTED, msg)
        });

        // CA certificate references.
        let refs_path = FieldPath::parse("spec.validation.caCertificateRefs");
        let refs = &p.spec.validation.ca_certificate_refs;
        let mut invalid: Vec<(&'static str, String)> = Vec::new();
        let mut unknown: Vec<String> = Vec::new();
        for (k, r) in refs.iter().enumerate() {
            let path = refs_path.clone().index(k);
            match ctx.ca_ref(&ns, &r.group, &r.kind, &r.name) {
                CaRef::Valid => {}
                CaRef::Unknown(msg) => {
                    if r.kind == "Secret" {
                        findings.push(src.finding(
                            codes::CA_CERTIFICATE_SECRET,
                            Severity::Info,
                            &path,
                            msg.clone(),
                            "check that your implementation reads CA certificates from Secrets, or use a ConfigMap with key ca.crt (core)",
                        ));
                    } else if !configmaps_noted {
                        configmaps_noted = true;
                        findings.push(src.finding(
                            codes::CONFIGMAPS_UNKNOWN,
                            Severity::Info,
                            &path,
                            "ConfigMaps are not in the input: CA certificates are assumed usable (ResolvedRefs Unknown)",
                            "add the CA ConfigMaps (kubectl get configmap -n NAMESPACE NAME -o yaml) to check them",
                        ));
                    }
                    unknown.push(msg);
                }
                CaRef::Invalid(r, msg) => {
                    let (code, fix) = if r == reason::INVALID_KIND {
                        (
                            codes::CA_CERTIFICATE_REF_KIND,
                            "reference a ConfigMap (group \"\", kind ConfigMap) with the CA in key ca.crt",
                        )
                    } else {
                        (
                            codes::INVALID_CA_CERTIFICATE_REF,
                            "create the ConfigMap in the policy's namespace with the PEM CA bundle in key ca.crt",
                        )
                    };
                    findings.push(src.finding(code, Severity::Error, &path, msg.clone(), fix));
                    invalid.push((r, msg));
                }
            }
        }
        let resolved: State = if let Some((r, _)) = invalid.first() {
            bad(
                r,
                invalid
                    .iter()
                    .map(|(_, m)| m.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        } else if !unknown.is_empty() {
            (ConditionStatus::Unknown, reason::PENDING, unknown.join("; "))
        } else {
            ok(reason::RESOLVED_REFS, "resolved")
        };
        let accepted: State = match accepted_conflict {
            Some(c) => c,
            None if !refs.is_empty() && invalid.len() == refs.len() => bad(
                reason::NO_VALID_CA_CERTIFICATE,
                "no caCertificateRef is valid".to_string(),
            ),
            None => ok(reason::ACCEPTED, "accepted"),
        };

        // Ancestors: the Gateways whose accepted routes use a targeted Service (port).
        let mut gws: BTreeSet<usize> = BTreeSet::new();
        let mut problems = Vec::new();
        for (k, t) in p.spec.target_refs.iter().enumerate() {
            let (found, problem) = ctx.ancestors(&ns, &t.group, &t.kind, &t.name, t.section_name.as_deref());
            if let Some(why) = problem {
                problems.push((k, why));
            }
            gws.extend(found);
        }
        let mut ancestors: Vec<&Gw<'_>> = gws.iter().map(|&g| &ctx.gws[g]).collect();
        ancestors.sort_by(|a, b| a.src.obj.cmp(&b.src.obj));
        if ancestors.is_empty() {
            let (field, why) = match problems.first() {
                Some((k, why)) => (targets_path.clone().index(*k), format!(": {why}")),
                None => (targets_path.clone(), String::new()),
            };
            findings.push(src.finding(
                codes::POLICY_UNUSED,
                Severity::Warning,
                &field,
                format!(
                    "the policy applies to no Gateway: no accepted route of a Gateway in the input sends traffic to a targeted Service{why}"
                ),
                "target the Service (and port name) that routes use as a backend",
            ));
        }
        let status = PolicyStatus {
            ancestors: ancestors
                .into_iter()
                .take(MAX_ANCESTORS)
                .map(|g| PolicyAncestorStatus {
                    ancestor_ref: ParentReference {
                        group: Some(GROUP.to_string()),
                        kind: Some("Gateway".to_string()),
                        namespace: Some(g.src.ns().to_string()),
                        name: g.src.obj.name.clone(),
                        ..Default::default()
                    },
                    controller_name: g.controller.clone(),
                    conditions: vec![
                        condition(reasons::ACCEPTED, &accepted, src.generation),
                        condition(reasons::RESOLVED_REFS, &resolved, src.generation),
                    ],
                    extra: Default::default(),
                })
                .collect(),
            extra: Default::default(),
        };
        out.push((i, src, status));
    }
    out
}
