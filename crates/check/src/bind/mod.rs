//! Binding, the controller's core (semantics reference §2): GatewayClasses, Gateways and ListenerSets with their
//! listeners, routes attached through parentRefs, references resolved through ReferenceGrants, BackendTLSPolicies
//! on the Gateways whose routes use their Services, and the `status` a conformant controller would write for all
//! of them.
//!
//! By phase: [`state`] indexes the input, [`listeners`] decides the Gateways, ListenerSets and listeners,
//! [`routes`] views every route kind alike, [`attach`] binds routes to listeners (with [`backends`] resolving
//! their backendRefs); then, for `check` only, [`policies`] (BackendTLSPolicy), [`pitfalls`], and
//! `crate::status`, which renders the statuses. [`binding`] runs only the phases the [`Binding`] needs, with
//! [`Silent`] findings: no finding is built, no position looked up, no status rendered.

pub(crate) mod attach;
mod backends;
pub(crate) mod listeners;
mod pitfalls;
pub(crate) mod policies;
pub(crate) mod routes;
pub(crate) mod state;

use std::collections::BTreeSet;

use gateshift_api::gateway::BackendTLSPolicy;
use gateshift_api::{GatewayObject, Sourced};

use self::listeners::Listeners;
use self::policies::PolicyContext;
use self::routes::RouteView;
use self::state::{Gw, Lst, Owner, Set, Silent, Src};
use crate::binding::{
    AttachedRoute, Binding, GatewayBinding, ListenerBinding, Problem, RouteBinding, RuleBinding,
};
use crate::finding::Finding;
use crate::options::Options;
use crate::outcome::{Attachment, Outcome};

/// Binds `objects` and renders everything: statuses, findings (appended to `findings`), attachments, binding.
pub(crate) fn outcome(objects: &[&Sourced], options: &Options, mut findings: Vec<Finding>) -> Outcome {
    let input = state::read(objects, &mut findings);
    let model = listeners::listeners(&input, options, &mut findings);
    listeners::conflict_findings(&model.lsts, &mut findings);
    let routes = routes::views(&input);
    let attached = attach::attach(&routes, &model, &input.world, &mut findings);
    attach::route_findings(&routes, &attached, &input.world, &mut findings);
    pitfalls::weights(&routes, &mut findings);
    pitfalls::pitfalls(&routes, &model.lsts, &attached.bound, &input.world, &mut findings);
    let policies = {
        // The Gateways each route is accepted on: the ancestors of the policies for its backends.
        let mut route_gws: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); routes.len()];
        for (l, ri, _) in &attached.bound {
            route_gws[*ri].insert(model.lsts[*l].gw);
        }
        let ctx = PolicyContext {
            routes: &routes,
            route_gws: &route_gws,
            world: &input.world,
        };
        policies::backend_tls_policies(policies_of(&input), &ctx, &mut findings)
    };
    pitfalls::near_limits(&model.gws, &routes, &mut findings);
    let items = crate::status::items(&input, &model, &routes, &attached, policies);
    let attachments = attachments(&model, &routes, &attached.bound);
    let binding = binding_of(
        &model.gws,
        &model.sets,
        &model.lsts,
        &routes,
        attached.rules,
        attached.bound,
    );
    Outcome {
        items,
        findings,
        attachments,
        ignored: input.ignored,
        binding,
    }
}

/// Binds `objects`: only the phases the [`Binding`] depends on, without findings or statuses.
pub(crate) fn binding(objects: &[&Sourced], options: &Options) -> Binding {
    let input = state::read(objects, &mut Silent);
    let model = listeners::listeners(&input, options, &mut Silent);
    let routes = routes::views(&input);
    let attached = attach::attach(&routes, &model, &input.world, &mut Silent);
    binding_of(
        &model.gws,
        &model.sets,
        &model.lsts,
        &routes,
        attached.rules,
        attached.bound,
    )
}

/// The BackendTLSPolicies of the input.
fn policies_of<'a>(input: &state::Input<'a>) -> Vec<(usize, Src<'a>, &'a BackendTLSPolicy)> {
    input
        .gw_objects
        .iter()
        .filter_map(|&(i, o)| match o {
            GatewayObject::BackendTLSPolicy(p) => Some((
                i,
                Src::new(input.objects[i], "BackendTLSPolicy", &p.metadata, true),
                p,
            )),
            _ => None,
        })
        .collect()
}

/// Which accepted route is attached to which listener, sorted, each once.
fn attachments(
    model: &Listeners<'_>,
    routes: &[RouteView<'_>],
    bound: &[(usize, usize, Vec<String>)],
) -> Vec<Attachment> {
    let mut attachments: Vec<Attachment> = bound
        .iter()
        .map(|&(l, ri, _)| {
            let lst = &model.lsts[l];
            Attachment {
                gateway: model.gws[lst.gw].src.obj.clone(),
                listener_set: match lst.owner {
                    Owner::Set(_) => Some(lst.owner_src.obj.clone()),
                    Owner::Gateway(_) => None,
                },
                listener: lst.name.to_string(),
                route: routes[ri].src.obj.clone(),
            }
        })
        .collect();
    attachments.sort();
    attachments.dedup();
    attachments
}

/// The binding as data, from the state the statuses were computed from.
fn binding_of(
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
