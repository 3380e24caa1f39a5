//! Migration pitfalls: valid, but probably not what the author meant (weights that are not percentages,
//! shadowed matches, HTTPRoute and GRPCRoute on one hostname, gRPC without HTTP/2, lists near their limits).
//! Findings only: nothing here changes the binding.

use std::collections::{BTreeMap, BTreeSet};

use gateshift_api::gateway::{HTTPRouteMatch, PathMatchType, ProtocolType};
use gateshift_manifest::FieldPath;

use super::routes::RouteView;
use super::state::{Gw, Lst, World};
use crate::finding::{Finding, Severity, codes};

/// Backend weights that are all 0, or that look like percentages but do not add up to 100.
pub(crate) fn weights(routes: &[RouteView<'_>], findings: &mut Vec<Finding>) {
    for route in routes {
        lint_weights(route, findings);
    }
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

pub(crate) fn pitfalls(
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

/// Lists close to the limits of the CRDs.
pub(crate) fn near_limits(gws: &[Gw<'_>], routes: &[RouteView<'_>], findings: &mut Vec<Finding>) {
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
