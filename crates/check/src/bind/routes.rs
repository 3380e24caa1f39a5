//! Routes of every kind as binding sees them: parentRefs, hostnames, backends (those of RequestMirror filters
//! too) with their weights, rules dropped for an unsupported value, and HTTPRoute matches.

use gateshift_api::gateway::{
    BackendObjectReference, HTTPRequestMirrorFilter, HTTPRouteMatch, ParentReference,
};
use gateshift_api::{Route, RuleBackendRef};
use gateshift_manifest::{FieldPath, Segment};

use super::state::{Input, Src};
use crate::binding::{Problem, RuleBinding};

/// Per rule: its path and the (path, weight) of each backend.
pub(crate) type RuleWeights = Vec<(FieldPath, Vec<(FieldPath, Option<i32>)>)>;

/// A backend reference of a route, flattened.
pub(crate) struct BackendUse<'a> {
    pub(crate) path: FieldPath,
    pub(crate) r: &'a BackendObjectReference,
    /// `(rule, backendRef)` indexes of a rule's backendRef; `None` for a RequestMirror's backend.
    pub(crate) at: Option<(usize, usize)>,
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
pub(crate) struct RouteView<'a> {
    pub(crate) idx: usize,
    pub(crate) src: Src<'a>,
    pub(crate) kind: &'static str,
    pub(crate) parent_refs: &'a [ParentReference],
    pub(crate) hostnames: &'a [String],
    pub(crate) backends: Vec<BackendUse<'a>>,
    /// Per rule: its path and the weights of its backends.
    pub(crate) weights: RuleWeights,
    pub(crate) rules: usize,
    /// Rules dropped for an unsupported value: (rule path, message).
    pub(crate) dropped: Vec<(FieldPath, String)>,
    /// HTTPRoute matches, for shadowing: (rule, match index, match).
    pub(crate) matches: Vec<(usize, usize, Option<&'a HTTPRouteMatch>)>,
}

impl RouteView<'_> {
    /// Whether every rule is dropped: the route is then not accepted anywhere.
    pub(crate) fn all_dropped(&self) -> bool {
        self.rules > 0 && self.dropped.len() == self.rules
    }
}

/// Every route of the input, in precedence order (oldest, then `namespace/name`).
pub(crate) fn views<'a>(input: &Input<'a>) -> Vec<RouteView<'a>> {
    let mut routes: Vec<RouteView<'_>> = input
        .gw_objects
        .iter()
        .filter_map(|&(i, o)| Some(view(i, input.objects[i], o.as_route()?)))
        .collect();
    routes.sort_by_key(|r| r.src.precedence());
    routes
}

fn view<'a>(idx: usize, s: &'a gateshift_api::Sourced, route: Route<'a>) -> RouteView<'a> {
    let rules_path = FieldPath::root().field("spec").field("rules");
    let mut view = RouteView {
        idx,
        src: Src::new(s, route.kind(), route.metadata(), true),
        kind: route.kind(),
        parent_refs: route.parent_refs(),
        hostnames: route.hostnames(),
        backends: Vec::new(),
        weights: Vec::new(),
        rules: route.rule_count(),
        dropped: Vec::new(),
        matches: Vec::new(),
    };
    let mut dropped = Vec::new();
    let mut refs = route.backend_refs().peekable();
    for i in 0..route.rule_count() {
        let rp = rules_path.index(i);
        let mut w = Vec::new();
        while let Some(b) = refs.next_if(|b| b.rule == i) {
            let bp = rp.field("backendRefs").index(b.index);
            view.backends.push(BackendUse {
                path: bp.clone(),
                r: &b.backend_ref.backend_object_reference,
                at: Some((i, b.index)),
            });
            w.push((bp.clone(), b.backend_ref.weight));
            backend_filters(route, b, &bp, &mut view.backends);
        }
        view.weights.push((rp.clone(), w));
        rule_filters(route, i, &rp, &mut view, &mut dropped);
    }
    if let Route::HTTP(r) = route {
        // Without rules the CRD default is one rule matching PathPrefix `/`.
        if r.spec.rules.is_empty() {
            view.matches.push((0, 0, None));
        }
        view.rules = view.rules.max(1);
    }
    // One entry per rule: a rule with several unsupported values is dropped once.
    for (p, m) in dropped {
        let rule = FieldPath(p.0[..3].to_vec());
        match view.dropped.iter_mut().find(|(r, _)| *r == rule) {
            Some((_, msg)) => {
                msg.push_str("; ");
                msg.push_str(&m);
            }
            None => view.dropped.push((rule, m)),
        }
    }
    view
}

/// The backends of the RequestMirror filters of an HTTPRoute backendRef.
fn backend_filters<'a>(
    route: Route<'a>,
    b: RuleBackendRef<'a>,
    bp: &FieldPath,
    backends: &mut Vec<BackendUse<'a>>,
) {
    if let Route::HTTP(r) = route {
        for (fi, f) in r.spec.rules[b.rule].backend_refs[b.index]
            .filters
            .iter()
            .enumerate()
        {
            if let Some(m) = &f.request_mirror {
                backends.push(BackendUse::mirror(bp, fi, m));
            }
        }
    }
}

/// The rule-level filters (RequestMirror backends, unsupported types) and matches of rule `i`.
fn rule_filters<'a>(
    route: Route<'a>,
    i: usize,
    rp: &FieldPath,
    view: &mut RouteView<'a>,
    dropped: &mut Vec<(FieldPath, String)>,
) {
    match route {
        Route::HTTP(r) => {
            let rule = &r.spec.rules[i];
            for (fi, f) in rule.filters.iter().enumerate() {
                if let Some(m) = &f.request_mirror {
                    view.backends.push(BackendUse::mirror(rp, fi, m));
                }
                if !f.r#type.is_known() {
                    dropped.push(unsupported_filter(rp, fi, f.r#type.as_str()));
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
                view.matches.push((i, j, Some(m)));
            }
            if rule.matches.is_empty() {
                view.matches.push((i, 0, None));
            }
        }
        Route::GRPC(r) => {
            for (fi, f) in r.spec.rules[i].filters.iter().enumerate() {
                if let Some(m) = &f.request_mirror {
                    view.backends.push(BackendUse::mirror(rp, fi, m));
                }
                if !f.r#type.is_known() {
                    dropped.push(unsupported_filter(rp, fi, f.r#type.as_str()));
                }
            }
        }
        Route::TLS(_) | Route::TCP(_) | Route::UDP(_) => {}
    }
}

/// A route's rules for the binding: which are dropped, and why each backendRef does not resolve.
pub(crate) fn rule_bindings(route: &RouteView<'_>, problems: Vec<Option<Problem>>) -> Vec<RuleBinding> {
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
