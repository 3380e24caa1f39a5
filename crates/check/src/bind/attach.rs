//! Attachment: each route's parentRefs resolved to Gateways, ListenerSets and their listeners, accepted where
//! a listener allows the route's kind and namespace and the hostnames intersect.

use gateshift_api::gateway::{ConditionStatus, FromNamespaces, GROUP, ParentReference};
use gateshift_manifest::FieldPath;

use super::backends::resolve_backends;
use super::listeners::Listeners;
use super::routes::{RouteView, rule_bindings};
use super::state::{Lst, Report, Src, Verdict, World, bad, ok};
use crate::binding::RuleBinding;
use crate::finding::{Finding, Severity, codes};
use crate::hostname;
use crate::reasons::reason;

/// What binding decided for the routes, in route precedence order.
pub(crate) struct Attached {
    /// Per route: its `ResolvedRefs` and, per parentRef this check acts for, its `Accepted`.
    pub(crate) decisions: Vec<RouteDecision>,
    /// Per route: its rules as the binding reports them.
    pub(crate) rules: Vec<Vec<RuleBinding>>,
    /// (listener, route index, effective hostnames) of every accepted attachment.
    pub(crate) bound: Vec<(usize, usize, Vec<String>)>,
}

/// What binding decided for one route.
pub(crate) struct RouteDecision {
    /// The route's `ResolvedRefs`.
    pub(crate) resolved: Verdict,
    /// Its parentRefs this check acts for, in order.
    pub(crate) parents: Vec<ParentDecision>,
}

/// What binding decided for one parentRef of a route.
pub(crate) struct ParentDecision {
    /// The index in `spec.parentRefs`.
    pub(crate) index: usize,
    /// The Gateway (its own or its ListenerSet's).
    pub(crate) gw: usize,
    /// The parent's namespace.
    pub(crate) namespace: String,
    /// `Accepted`.
    pub(crate) accepted: Verdict,
}

/// Attaches `routes` (in precedence order) to the listeners of `model`.
pub(crate) fn attach(
    routes: &[RouteView<'_>],
    model: &Listeners<'_>,
    world: &World<'_>,
    report: &mut impl Report,
) -> Attached {
    let mut attached = Attached {
        decisions: Vec::with_capacity(routes.len()),
        rules: Vec::with_capacity(routes.len()),
        bound: Vec::new(),
    };
    for (ri, route) in routes.iter().enumerate() {
        let (resolved, backend_problems) = resolve_backends(route, world, report);
        attached.rules.push(rule_bindings(route, backend_problems));
        let mut parents = Vec::new();
        for (pi, p) in route.parent_refs.iter().enumerate() {
            let Some((gw, candidates)) = parent(route, pi, p, model, report) else {
                continue;
            };
            let (accepted, accepted_on) = select(route, p, &candidates, model, world, report);
            if accepted.0 == ConditionStatus::True {
                for (l, effective) in accepted_on {
                    attached.bound.push((l, ri, effective));
                }
            }
            parents.push(ParentDecision {
                index: pi,
                gw,
                namespace: p.namespace_or(route.src.ns()).to_string(),
                accepted,
            });
        }
        attached.decisions.push(RouteDecision { resolved, parents });
    }
    attached
}

/// The Gateway of parentRef `p` and the listeners it offers, or `None` when the parentRef is not a Gateway
/// controller's business or its parent is missing.
fn parent(
    route: &RouteView<'_>,
    pi: usize,
    p: &ParentReference,
    model: &Listeners<'_>,
    report: &mut impl Report,
) -> Option<(usize, Vec<usize>)> {
    let ppath = || FieldPath::root().field("spec").field("parentRefs").index(pi);
    let (group, kind) = (p.group_or_default(), p.kind_or_default());
    if group != GROUP || (kind != "Gateway" && kind != "ListenerSet") {
        return None; // e.g. a Service parent (mesh): not a Gateway controller's business
    }
    let pns = p.namespace_or(route.src.ns()).to_string();
    if kind == "Gateway" {
        match model.gw_index.get(&(pns.clone(), p.name.clone())) {
            Some(&gw) => Some((gw, model.gws[gw].listeners.clone())),
            None => {
                if !model.all_gateways.contains(&(pns.clone(), p.name.clone())) {
                    report.report(|| route.src.finding(
                        codes::PARENT_NOT_FOUND,
                        Severity::Error,
                        &ppath(),
                        format!("Gateway {pns}/{} is not in the input: no controller will accept this parentRef", p.name),
                        "fix the parentRef name/namespace, or add the Gateway to the input",
                    ));
                }
                None
            }
        }
    } else {
        match model
            .set_index
            .get(&(pns.as_str(), p.name.as_str()))
            .map(|&si| &model.sets[si])
        {
            // Without a Gateway, the ListenerSet's own finding says why.
            Some(s) => s.gw.map(|gw| (gw, s.listeners.clone())),
            None => {
                report.report(|| {
                    route.src.finding(
                        codes::PARENT_NOT_FOUND,
                        Severity::Error,
                        &ppath(),
                        format!(
                            "ListenerSet {pns}/{} is not in the input (or belongs to another controller)",
                            p.name
                        ),
                        "fix the parentRef, or add the ListenerSet to the input",
                    )
                });
                None
            }
        }
    }
}

/// The listeners among `candidates` that parentRef `p` selects and that accept the route, each with the
/// effective hostnames, and the resulting `Accepted`.
fn select(
    route: &RouteView<'_>,
    p: &ParentReference,
    candidates: &[usize],
    model: &Listeners<'_>,
    world: &World<'_>,
    report: &mut impl Report,
) -> (Verdict, Vec<(usize, Vec<String>)>) {
    let lsts = &model.lsts;
    let kind = p.kind_or_default();
    let pns = p.namespace_or(route.src.ns());
    let selected: Vec<usize> = candidates
        .iter()
        .copied()
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
            namespace_refusal(lst, route.src.ns(), world, report, &route.src)
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
    let accepted: Verdict = if route.all_dropped() {
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
    (accepted, accepted_on)
}

/// The findings of routes that binding does not need (for `check`): dropped rules, and parentRefs not accepted.
pub(crate) fn route_findings(
    routes: &[RouteView<'_>],
    attached: &Attached,
    world: &World<'_>,
    findings: &mut Vec<Finding>,
) {
    for (route, decision) in routes.iter().zip(&attached.decisions) {
        for (path, msg) in &route.dropped {
            findings.push(route.src.finding(
                codes::UNSUPPORTED_VALUE,
                Severity::Error,
                path,
                format!("rule dropped: {msg}"),
                "use a value of the Gateway API v1.6.1 standard channel",
            ));
        }
        if route.all_dropped() {
            continue;
        }
        for parent in &decision.parents {
            if parent.accepted.0 != ConditionStatus::True {
                let ppath = FieldPath::root()
                    .field("spec")
                    .field("parentRefs")
                    .index(parent.index);
                let p = &route.parent_refs[parent.index];
                route_refusal_finding(
                    route,
                    &ppath,
                    p,
                    &parent.namespace,
                    &parent.accepted,
                    world,
                    findings,
                );
            }
        }
    }
}

/// Why the listener's allowedRoutes.namespaces refuses a route from `route_ns`, or `None` when it allows it.
fn namespace_refusal(
    l: &Lst<'_>,
    route_ns: &str,
    world: &World<'_>,
    report: &mut impl Report,
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
                report.report(|| route.finding(
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
    state: &Verdict,
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
