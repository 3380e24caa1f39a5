//! Backends: whether each backendRef of a route resolves (kind, ReferenceGrant, Service and port), and the
//! route's `ResolvedRefs`.

use gateshift_api::gateway::ConditionStatus;
use gateshift_manifest::FieldPath;

use super::routes::RouteView;
use super::state::{Report, Verdict, World, bad, ok};
use crate::binding::Problem;
use crate::finding::{Severity, codes};
use crate::reasons::reason;

/// The route's `ResolvedRefs`, evaluated independently of `Accepted` (as conformance expects), and per entry of
/// `route.backends` why it does not resolve.
pub(crate) fn resolve_backends(
    route: &RouteView<'_>,
    world: &World<'_>,
    report: &mut impl Report,
) -> (Verdict, Vec<Option<Problem>>) {
    let mut first: Option<(&'static str, String)> = None;
    let mut each = Vec::with_capacity(route.backends.len());
    let mut unknown = false;
    let ns = route.src.ns();
    for b in &route.backends {
        let r = b.r;
        let group = r.group_or_default();
        let kind = r.kind_or_default();
        let target_ns = r.namespace_or(ns);
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
                report.report(|| g.finding(
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
            report.report(|| {
                route
                    .src
                    .finding(code, Severity::Error, &b.path, msg.clone(), fix)
            });
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
        report.report(|| {
            route.src.finding(
                codes::SERVICES_UNKNOWN,
                Severity::Info,
                &FieldPath::parse("spec.rules"),
                "Services are not in the input: backends are assumed to exist (ResolvedRefs Unknown)",
                "add the Services (kubectl get svc -A -o yaml) to check backends and ports",
            )
        });
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
