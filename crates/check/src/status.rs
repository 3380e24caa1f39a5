//! Status: the conditions and `status` a conformant controller would write for every object, from what binding
//! decided. Only [`crate::check`] renders them; [`crate::binding`] never gets here.

use std::collections::BTreeMap;

use gateshift_api::GatewayObject;
use gateshift_api::gateway::{
    Condition, ConditionStatus, GROUP, GatewayClassStatus, GatewayStatus, ListenerEntryStatus,
    ListenerSetStatus, ListenerStatus, ParentReference, PolicyAncestorStatus, PolicyStatus, RouteGroupKind,
    RouteParentStatus, RouteStatus,
};

use crate::bind::attach::Attached;
use crate::bind::listeners::Listeners;
use crate::bind::policies::PolicyDecision;
use crate::bind::routes::RouteView;
use crate::bind::state::{Input, Lst, Src, Verdict, bad, ok};
use crate::outcome::{Item, Status};
use crate::reasons::{self, reason};

/// The `lastTransitionTime` of every condition: offline there is no transition time, and a fixed value keeps
/// output byte-identical between runs.
pub const TRANSITION_TIME: &str = "1970-01-01T00:00:00Z";

/// The most ancestors a PolicyStatus holds (the CRD's `maxItems`).
const MAX_ANCESTORS: usize = 16;

/// The order of items by kind.
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

fn condition(type_: &str, (status, r, message): &Verdict, generation: i64) -> Condition {
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

/// Every Gateway API object of the input with its status, in (kind rank, namespace, name) order.
pub(crate) fn items(
    input: &Input<'_>,
    model: &Listeners<'_>,
    routes: &[RouteView<'_>],
    attached: &Attached,
    policies: Vec<PolicyDecision<'_>>,
) -> Vec<Item> {
    let mut statuses: BTreeMap<usize, Status> = BTreeMap::new();
    classes(input, model, &mut statuses);
    for (route, decision) in routes.iter().zip(&attached.decisions) {
        statuses.insert(route.idx, Status::Route(route_status(route, decision, model)));
    }
    for p in policies {
        statuses.insert(p.idx, Status::Policy(policy_status(&p, model)));
    }
    // Per listener: how many routes are attached to it.
    let mut on = vec![0; model.lsts.len()];
    for (l, _, _) in &attached.bound {
        on[*l] += 1;
    }
    let sets_attached = listener_sets(model, &on, &mut statuses);
    gateways(model, &on, &sets_attached, &mut statuses);

    let mut items: Vec<Item> = input
        .gw_objects
        .iter()
        .map(|&(i, o)| {
            let meta = o.metadata();
            let namespaced = o.kind() != "GatewayClass";
            let obj = Src::new(input.objects[i], o.kind(), meta, namespaced).obj;
            Item {
                object: obj,
                doc: input.objects[i].doc.clone(),
                status: statuses.remove(&i),
            }
        })
        .collect();
    items.sort_by(|a, b| {
        let rank = |k: &str| KIND_RANK.iter().position(|r| *r == k).unwrap_or(KIND_RANK.len());
        (rank(&a.object.kind), &a.object).cmp(&(rank(&b.object.kind), &b.object))
    });
    items
}

/// GatewayClasses: the ones this check acts for are Accepted (their parameters cannot be checked offline).
fn classes(input: &Input<'_>, model: &Listeners<'_>, statuses: &mut BTreeMap<usize, Status>) {
    for &(i, o) in &input.gw_objects {
        if let GatewayObject::GatewayClass(c) = o
            && model
                .classes
                .get(c.metadata.name.as_str())
                .is_some_and(|(_, managed)| *managed)
        {
            let src = Src::new(input.objects[i], "GatewayClass", &c.metadata, false);
            let status = GatewayClassStatus {
                conditions: vec![condition(
                    reasons::ACCEPTED,
                    &ok(reason::ACCEPTED, "accepted by the offline check"),
                    src.generation,
                )],
                ..Default::default()
            };
            statuses.insert(i, Status::GatewayClass(status));
        }
    }
}

/// A route's status: per parentRef this check acts for, `Accepted`, `ResolvedRefs` and, when some rules are
/// dropped, `PartiallyInvalid`.
fn route_status(
    route: &RouteView<'_>,
    decision: &crate::bind::attach::RouteDecision,
    model: &Listeners<'_>,
) -> RouteStatus {
    let generation = route.src.generation;
    let parents = decision
        .parents
        .iter()
        .map(|parent| {
            let p = &route.parent_refs[parent.index];
            let mut conditions = vec![
                condition(reasons::ACCEPTED, &parent.accepted, generation),
                condition(reasons::RESOLVED_REFS, &decision.resolved, generation),
            ];
            if !route.dropped.is_empty() && !route.all_dropped() {
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
                    generation,
                ));
            }
            let mut parent_ref = p.clone();
            parent_ref.group = Some(p.group_or_default().to_string());
            parent_ref.kind = Some(p.kind_or_default().to_string());
            RouteParentStatus {
                parent_ref,
                controller_name: model.gws[parent.gw].controller.clone(),
                conditions,
                extra: Default::default(),
            }
        })
        .collect();
    RouteStatus {
        parents,
        extra: Default::default(),
    }
}

/// A BackendTLSPolicy's status: one ancestor per Gateway (sorted, at most [`MAX_ANCESTORS`]).
fn policy_status(p: &PolicyDecision<'_>, model: &Listeners<'_>) -> PolicyStatus {
    let mut ancestors: Vec<_> = p.gateways.iter().map(|&g| &model.gws[g]).collect();
    ancestors.sort_by(|a, b| a.src.obj.cmp(&b.src.obj));
    PolicyStatus {
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
                    condition(reasons::ACCEPTED, &p.accepted, p.src.generation),
                    condition(reasons::RESOLVED_REFS, &p.resolved, p.src.generation),
                ],
                extra: Default::default(),
            })
            .collect(),
        extra: Default::default(),
    }
}

/// ListenerSet status; returns per Gateway how many ListenerSets it accepted.
fn listener_sets(model: &Listeners<'_>, on: &[i32], statuses: &mut BTreeMap<usize, Status>) -> Vec<i32> {
    let lsts = &model.lsts;
    let mut sets_attached = vec![0; model.gws.len()];
    for set in &model.sets {
        let listeners: Vec<ListenerEntryStatus> = set
            .listeners
            .iter()
            .map(|&l| {
                let s = listener_status(&lsts[l], on[l], set.src.generation);
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
            sets_attached[gw] += 1;
        }
        let status = ListenerSetStatus {
            conditions: vec![
                condition(reasons::ACCEPTED, &accepted, set.src.generation),
                condition(reasons::PROGRAMMED, &programmed, set.src.generation),
            ],
            listeners,
            extra: Default::default(),
        };
        statuses.insert(set.idx, Status::ListenerSet(status));
    }
    sets_attached
}

/// Gateway status.
fn gateways(
    model: &Listeners<'_>,
    on: &[i32],
    sets_attached: &[i32],
    statuses: &mut BTreeMap<usize, Status>,
) {
    let lsts = &model.lsts;
    for (gw, g) in model.gws.iter().enumerate() {
        let listeners: Vec<ListenerStatus> = g
            .listeners
            .iter()
            .map(|&l| listener_status(&lsts[l], on[l], g.src.generation))
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
            attached_listener_sets: g.g.spec.allowed_listeners.as_ref().map(|_| sets_attached[gw]),
            ..Default::default()
        };
        statuses.insert(g.idx, Status::Gateway(status));
    }
}

/// `Programmed` when accepted: whether an address is assigned and the data plane programmed is only known in a
/// cluster, so offline says Unknown instead of guessing.
fn offline_programmed() -> Verdict {
    (
        ConditionStatus::Unknown,
        reason::PENDING,
        "offline check: address assignment and data-plane programming are only known in a cluster"
            .to_string(),
    )
}

fn listener_status(l: &Lst<'_>, attached: i32, generation: i64) -> ListenerStatus {
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
        attached_routes: attached,
        conditions,
        extra: Default::default(),
    }
}
