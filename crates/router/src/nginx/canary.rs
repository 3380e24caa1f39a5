//! Canaries: `mergeAlternativeBackends` when the model is built, and per request the primary upstream or its
//! canary by header, cookie or weight (`route_to_alternative_balancer`).

use std::collections::HashMap;

use gateshift_api::{core::Service, networking::Ingress};
use gateshift_nginx_annotations::readers;
use regex::Regex;

use super::{Canary, NginxRouter, Server, Source, Target, Upstream, ann_str, path_type, upstream_of};
use crate::{
    decision::{self, WeightedBackend},
    request::Request,
};

impl NginxRouter {
    pub(super) fn service(&self, up: &Upstream) -> Option<&Service> {
        self.services.get(&up.namespace)?.get(&up.service)
    }

    pub(super) fn backend(
        &self,
        up: &Upstream,
        weight: u32,
        total: u64,
        reason: Option<String>,
    ) -> WeightedBackend {
        let (port, port_name) = match up.port.parse::<i32>() {
            Ok(n) => (Some(n), None),
            Err(_) => {
                let resolved = self
                    .service(up)
                    .and_then(|s| {
                        s.spec
                            .ports
                            .iter()
                            .find(|p| p.name.as_deref() == Some(up.port.as_str()))
                    })
                    .map(|p| p.port);
                match resolved {
                    Some(n) => (Some(n), None),
                    None => (None, Some(up.port.clone())),
                }
            }
        };
        WeightedBackend {
            namespace: up.namespace.clone(),
            name: up.service.clone(),
            port,
            port_name,
            weight,
            share: decision::share(weight, total),
            status: None,
            reason,
            upstream_headers: None,
        }
    }

    /// The primary upstream, or its canary by header/cookie/weight (`route_to_alternative_balancer`).
    pub(super) fn backends(&self, up: &Upstream, req: &Request) -> Vec<WeightedBackend> {
        let Some(c) = self.canaries.get(up) else {
            return vec![self.backend(up, 1, 1, None)];
        };
        let who = format!("canary Ingress {}/{}", c.source.namespace, c.source.name);
        let canary = |why: String| vec![self.backend(&c.backend, 1, 1, Some(format!("{who}: {why}")))];
        let main = |why: String| vec![self.backend(up, 1, 1, Some(format!("{who}: {why}")))];
        if let Some(h) = &c.header
            && let Some(v) = req.header(h)
        {
            if let Some(want) = &c.header_value {
                if v == want {
                    return canary(format!("header {h}: {v}"));
                }
            } else if let Some(pattern) = &c.header_pattern {
                match pattern {
                    Ok(re) if re.is_match(v) => return canary(format!("header {h} matches the pattern")),
                    Ok(_) => {}
                    Err(e) => return main(format!("canary-by-header-pattern is invalid ({e})")),
                }
            } else if v == "always" {
                return canary(format!("header {h}: always"));
            } else if v == "never" {
                return main(format!("header {h}: never"));
            }
        }
        if let Some(name) = &c.cookie
            && let Some(v) = req.cookie(name)
        {
            if v == "always" {
                return canary(format!("cookie {name}=always"));
            } else if v == "never" {
                return main(format!("cookie {name}=never"));
            }
        }
        let total = if c.total > 100 { c.total } else { 100 };
        let w = c.weight.min(total);
        if w == 0 {
            return vec![self.backend(up, total, u64::from(total), None)];
        }
        if w == total {
            return canary(format!("canary-weight {w}/{total}"));
        }
        vec![
            self.backend(up, total - w, u64::from(total), None),
            self.backend(
                &c.backend,
                w,
                u64::from(total),
                Some(format!("{who}: canary-weight {w}/{total}")),
            ),
        ]
    }
}

/// `mergeAlternativeBackends`: a canary path joins the primary upstream of the location with the same host,
/// raw path and type; the first canary per upstream wins; the split then applies wherever that upstream is
/// used.
pub(super) fn merge_canaries(
    canaries: &[&Ingress],
    servers: &[Server],
    by_name: &HashMap<String, usize>,
) -> HashMap<Upstream, Canary> {
    let mut out: HashMap<Upstream, Canary> = HashMap::new();
    for ing in canaries {
        let ns = ing.metadata.namespace_or_default().to_string();
        let header_pattern = ann_str(ing, "canary-by-header-pattern")
            .filter(|p| !p.is_empty())
            .map(|p| Regex::new(p).map_err(|e| e.to_string()));
        for (ri, rule) in ing.spec.rules.iter().enumerate() {
            let host = rule
                .host
                .as_deref()
                .filter(|h| !h.is_empty())
                .map_or("_".to_string(), str::to_ascii_lowercase);
            let Some(&si) = by_name.get(&host) else { continue };
            let Some(http) = &rule.http else { continue };
            for (pi, p) in http.paths.iter().enumerate() {
                let raw = p.path.as_deref().filter(|p| !p.is_empty()).unwrap_or("/");
                let ty = path_type(p.path_type.as_ref());
                let Some(backend) = upstream_of(ing, &p.backend) else {
                    continue;
                };
                let primary = servers[si].locations.iter().find_map(|l| match &l.target {
                    Target::Service(up)
                        if l.ingress_path == raw
                            && l.path_type == ty
                            && *up != backend
                            && l.source.is_some() =>
                    {
                        Some(up.clone())
                    }
                    _ => None,
                });
                let Some(primary) = primary else { continue };
                out.entry(primary).or_insert_with(|| Canary {
                    source: Source {
                        namespace: ns.clone(),
                        name: ing.metadata.name.clone(),
                        rule: Some(ri),
                        path: Some(pi),
                    },
                    backend,
                    header: ann_str(ing, "canary-by-header")
                        .filter(|h| !h.is_empty())
                        .map(str::to_string),
                    header_value: ann_str(ing, "canary-by-header-value")
                        .filter(|h| !h.is_empty())
                        .map(str::to_string),
                    header_pattern: header_pattern.clone(),
                    cookie: ann_str(ing, "canary-by-cookie")
                        .filter(|h| !h.is_empty())
                        .map(str::to_string),
                    weight: ann_str(ing, "canary-weight")
                        .and_then(readers::number)
                        .unwrap_or(0),
                    total: ann_str(ing, "canary-weight-total")
                        .and_then(readers::number)
                        .unwrap_or(100),
                });
            }
        }
    }
    out
}
