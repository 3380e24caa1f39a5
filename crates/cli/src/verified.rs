//! A conversion that verifies itself: each group of differences `verify` finds is attached to the report lines
//! of the source items that decided it, so no line stays `exact` for an item that routes differently.
//!
//! The source item of a difference: on the ingress-nginx side, the Ingress path that decided the request (and,
//! when a same-host redirect was followed, the path where it landed), with the annotations and fields that
//! produce that kind of difference (redirect annotations and `spec.tls` for a redirect, `rewrite-target` for a
//! path, `canary-*` for a split, ...). When no Ingress decided before (a one-label wildcard that now matches
//! deeper names, a refused Ingress converted anyway), the Ingresses the deciding route was generated from
//! (its `gateshift.io/sources`), at their rule hosts that take the request's host.

use std::collections::{BTreeMap, BTreeSet};

use gateshift_api::{Object, Sourced};
use gateshift_convert::{Report, RoutingDifference};
use gateshift_router::Matched;
use gateshift_verify::{Group, Verification};

const NGINX: &str = "nginx.ingress.kubernetes.io/";
const SOURCES: &str = "gateshift.io/sources";

/// What attaching found: lines that carry a difference, groups no line stands for.
pub(crate) struct Attached {
    /// Report lines that gained a difference.
    pub lines: usize,
    /// Groups of differences with no report line to carry them (they stay in the verification).
    pub unattributed: usize,
}

/// Attaches every group of `v` to the report lines of its source items; `after` is the written objects read
/// back (for their `gateshift.io/sources`), `input` the Ingresses (for their rule hosts).
pub(crate) fn attach(
    report: &mut Report,
    v: &Verification,
    input: &[Sourced],
    after: &[Sourced],
) -> Attached {
    let sources = route_sources(after);
    let hosts = ingress_hosts(input);
    let mut touched: BTreeSet<usize> = BTreeSet::new();
    let mut unattributed = 0;
    for g in &v.groups {
        let lines = lines_for(report, g, &sources, &hosts);
        if lines.is_empty() {
            unattributed += 1;
            continue;
        }
        let e = g.examples.first();
        for i in lines {
            report.attach_difference(
                i,
                RoutingDifference {
                    cause: g.cause.clone(),
                    summary: g.summary.clone(),
                    requests: g.count,
                    witness: e.map(|e| e.request.to_string()).unwrap_or_default(),
                    before: e.map(|e| e.before.clone()).unwrap_or_default(),
                    after: e.map(|e| e.after.clone()).unwrap_or_default(),
                },
            );
            touched.insert(i);
        }
    }
    report.finish_verification();
    Attached {
        lines: touched.len(),
        unattributed,
    }
}

/// (kind, namespace, name) of each written route → the Ingresses (namespace, name) it was generated from.
type Sources = BTreeMap<(String, String, String), Vec<(String, String)>>;

fn route_sources(after: &[Sourced]) -> Sources {
    let mut out = Sources::new();
    for s in after {
        let Object::Gateway(g) = &s.object else {
            continue;
        };
        let m = g.metadata();
        let Some(value) = m.annotations.get(SOURCES) else {
            continue;
        };
        let ingresses: Vec<(String, String)> = value
            .split(", ")
            .filter_map(|v| v.strip_prefix("Ingress "))
            .filter_map(|r| r.split_once('/'))
            .map(|(ns, name)| (ns.to_string(), name.to_string()))
            .collect();
        out.insert(
            (
                g.kind().to_string(),
                m.namespace_or_default().to_string(),
                m.name.clone(),
            ),
            ingresses,
        );
    }
    out
}

/// A rule of an Ingress: its host and its paths' values, by index.
struct Rule {
    host: Option<String>,
    paths: Vec<String>,
}

/// (namespace, name) of each Ingress → its rules by index.
type Hosts = BTreeMap<(String, String), Vec<Rule>>;

fn ingress_hosts(input: &[Sourced]) -> Hosts {
    input
        .iter()
        .filter_map(|s| match &s.object {
            Object::Ingress(i) => Some((
                (
                    i.metadata.namespace_or_default().to_string(),
                    i.metadata.name.clone(),
                ),
                i.spec
                    .rules
                    .iter()
                    .map(|r| Rule {
                        host: r.host.clone(),
                        paths: r
                            .http
                            .iter()
                            .flat_map(|h| h.paths.iter())
                            .map(|p| p.path.clone().unwrap_or_else(|| "/".into()))
                            .collect(),
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

/// Whether an Ingress path may take `path`: its literal start (up to any regex character) is a prefix of it.
fn path_may_take(ingress_path: &str, path: &str) -> bool {
    let literal = ingress_path
        .split(['(', '[', '{', '*', '+', '?', '|', '^', '$', '\\', '.'])
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    path.starts_with(literal)
}

/// Whether an Ingress rule host takes `host` as the Gateway does (a wildcard takes any deeper name).
fn host_takes(rule_host: Option<&str>, host: &str) -> bool {
    match rule_host {
        None => true,
        Some(h) => match h.strip_prefix("*.") {
            Some(parent) => host.len() > parent.len() + 1 && host.ends_with(&format!(".{parent}")),
            None => h.eq_ignore_ascii_case(host),
        },
    }
}

/// Which annotations and fields produce a difference of this kind.
fn related(g: &Group, field: &str) -> bool {
    let Some(key) = field
        .strip_prefix("metadata.annotations[")
        .and_then(|k| k.strip_suffix(']'))
    else {
        // The HTTPS redirect is reported on `spec.tls`.
        return field == "spec.tls" && https_redirect(g);
    };
    let Some(key) = key.strip_prefix(NGINX) else {
        return false;
    };
    match g.cause.as_str() {
        "rewrite" => matches!(
            key,
            "rewrite-target" | "use-regex" | "app-root" | "x-forwarded-prefix"
        ),
        "host-header" => key == "upstream-vhost",
        "backend" | "split" => {
            key.starts_with("canary") || matches!(key, "service-upstream" | "default-backend")
        }
        "cors" => key.starts_with("cors") || key == "enable-cors",
        // A redirect code makes only the status differ.
        "redirect-status" => key.contains("redirect") || key == "app-root",
        _ if redirects(g) => (key.contains("redirect") && !key.ends_with("-code")) || key == "app-root",
        // Another status or kind of answer: any annotation of the item may be the cause.
        _ => true,
    }
}

/// Whether either side answered with a redirect.
fn redirects(g: &Group) -> bool {
    g.cause.starts_with("redirect")
        || g.summary.contains("redirect")
        || g.examples
            .iter()
            .any(|e| e.before.starts_with("redirect") || e.after.starts_with("redirect"))
}

/// Whether a side answered a witness with the HTTPS redirect: plain HTTP sent to https on the same host.
fn https_redirect(g: &Group) -> bool {
    g.examples.iter().any(|e| {
        let Some(rest) = e.request.url.strip_prefix("http://") else {
            return false;
        };
        let host = rest.split(['/', '?', ':']).next().unwrap_or_default();
        [&e.before, &e.after].iter().any(|d| {
            d.strip_prefix("redirect ")
                .and_then(|d| d.split_once(" to https://"))
                .is_some_and(|(_, to)| to.split(['/', '?', ':']).next() == Some(host))
        })
    })
}

/// The report lines a group's difference belongs to.
fn lines_for(report: &Report, g: &Group, sources: &Sources, hosts: &Hosts) -> BTreeSet<usize> {
    let ingress = |m: &Option<Matched>| {
        m.as_ref()
            .filter(|m| m.kind == "Ingress")
            .map(|m| (m.namespace.clone(), m.name.clone(), m.rule, m.match_index))
    };
    // (Ingress, path item field when known) that decided on the before side.
    let mut items: Vec<((String, String), Option<String>)> = Vec::new();
    for (ns, name, rule, path) in [ingress(&g.before_item), ingress(&g.before_landing)]
        .into_iter()
        .flatten()
    {
        let field = match (rule, path) {
            (Some(r), Some(p)) => Some(format!("spec.rules[{r}].http.paths[{p}]")),
            _ => None,
        };
        items.push(((ns, name), field));
    }
    // The Ingresses behind the route that decided after: their cause-related lines, and when no Ingress
    // decided before, their rule hosts that take the request's host.
    let after_ingresses: Vec<(String, String)> = g
        .after_item
        .as_ref()
        .and_then(|m| sources.get(&(m.kind.clone(), m.namespace.clone(), m.name.clone())))
        .cloned()
        .unwrap_or_default();
    let (witness_host, witness_path) = g
        .examples
        .first()
        .and_then(|e| {
            let rest = e.request.url.split_once("://")?.1;
            let split = rest.find(['/', '?']).unwrap_or(rest.len());
            let (authority, target) = rest.split_at(split);
            let host = authority
                .rsplit_once(':')
                .map_or(authority, |(h, _)| h)
                .to_string();
            let path = target.split('?').next().unwrap_or_default().to_string();
            Some((Some(host), path))
        })
        .unwrap_or_default();
    let before_objects: Vec<&(String, String)> = items.iter().map(|(o, _)| o).collect();
    let mut out = BTreeSet::new();
    for (i, f) in report.findings.iter().enumerate() {
        // An ignored line routed nothing on either side: nothing there to differ.
        if f.object.kind != "Ingress" || f.status == gateshift_convert::Status::Ignored {
            continue;
        }
        let key = (f.object.namespace.clone(), f.object.name.clone());
        for (object, path_field) in &items {
            if *object != key {
                continue;
            }
            // The path itself; its backend's fields only when the backends differ (a port by name or number).
            let backends = matches!(g.cause.as_str(), "backend" | "split");
            let on_path = path_field.as_ref().is_some_and(|p| {
                f.field == *p
                    || (backends
                        && f.field
                            .strip_prefix(p.as_str())
                            .is_some_and(|rest| rest.starts_with('.')))
            });
            // A synthesised location (no rule): the Ingress's default backend.
            let on_default = path_field.is_none()
                && (f.field.starts_with("spec.defaultBackend") || f.field.starts_with("spec.backend"));
            if on_path || on_default || related(g, &f.field) {
                out.insert(i);
            }
        }
        if after_ingresses.contains(&key) {
            if related(g, &f.field) && g.cause != "status" && g.cause != "outcome" {
                out.insert(i);
            }
            // Another Ingress's request now reaches this one's route (a wildcard that takes deeper names, a
            // refused Ingress converted anyway, a conflict resolved otherwise): its rule host that takes the
            // request, and the paths of that rule that may take it.
            if !before_objects.contains(&&key)
                && let (Some(host), Some(rules)) = (&witness_host, hosts.get(&key))
                && let Some(r) = rule_index(&f.field)
                && let Some(rule) = rules.get(r)
                && host_takes(rule.host.as_deref(), host)
            {
                // The host itself when no Ingress took the request before (a one-label wildcard).
                let on_host = before_objects.is_empty() && f.field == format!("spec.rules[{r}].host");
                let on_path = rule.paths.iter().enumerate().any(|(p, value)| {
                    f.field == format!("spec.rules[{r}].http.paths[{p}]")
                        && path_may_take(value, &witness_path)
                });
                if on_host || on_path {
                    out.insert(i);
                }
            }
        }
    }
    out
}

/// `r` of a field `spec.rules[r]...`.
fn rule_index(field: &str) -> Option<usize> {
    field.strip_prefix("spec.rules[")?.split(']').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::host_takes;

    #[test]
    fn wildcard_rule_hosts_take_deeper_names_as_the_gateway_does() {
        assert!(host_takes(Some("*.example.com"), "a.b.example.com"));
        assert!(host_takes(Some("*.example.com"), "a.example.com"));
        assert!(!host_takes(Some("*.example.com"), "example.com"));
        assert!(host_takes(Some("Shop.example.com"), "shop.example.com"));
        assert!(host_takes(None, "anything"));
    }
}
