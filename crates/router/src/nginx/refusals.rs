//! "A refused Ingress would have matched": for each Ingress ingress-nginx refuses, whether it would have
//! decided a request had ingress-nginx accepted it, in words (`simulate`'s notes).

use gateshift_api::Object;

use super::{NginxOptions, NginxRouter, Refused};
use crate::{
    decision::{Decision, Outcome},
    request::Request,
};

/// A refused Ingress as it bears on one request ([`NginxRouter::explain_refused`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RefusedMatch {
    /// The refused Ingress, its annotation and why.
    pub refused: Refused,
    /// What it would have done with the request had ingress-nginx accepted it, when it is the Ingress that
    /// would have decided the request; `None` when the request goes elsewhere either way.
    pub would_have_decided: Option<Decision>,
}

impl RefusedMatch {
    /// Whether the refused Ingress would have decided the request.
    pub fn would_have_matched(&self) -> bool {
        self.would_have_decided.is_some()
    }

    /// The explanation in one line: `refused Ingress ns/name would have decided this request (...), but
    /// ingress-nginx refuses it: annotation: reason`, or `ignored Ingress ns/name: annotation: reason`.
    pub fn note(&self) -> String {
        let r = &self.refused;
        match &self.would_have_decided {
            Some(d) => format!(
                "refused Ingress {}/{} would have decided this request ({}), but ingress-nginx refuses it: {}: {}",
                r.namespace,
                r.name,
                summary(d),
                r.annotation,
                r.reason
            ),
            None => format!(
                "ignored Ingress {}/{}: {}: {}",
                r.namespace, r.name, r.annotation, r.reason
            ),
        }
    }
}

impl NginxRouter {
    /// Every Ingress this model refuses ([`NginxRouter::refused`], in that order), each with the decision it
    /// would have made for `req` had ingress-nginx accepted it (the model of [`NginxRouter::accepting_refused`]),
    /// when it would have decided `req`. `objects` and `options` are the ones this model was built from.
    pub fn explain_refused<'a>(
        &self,
        objects: impl IntoIterator<Item = &'a Object>,
        options: &NginxOptions,
        req: &Request,
    ) -> Vec<RefusedMatch> {
        if self.refused().is_empty() {
            return Vec::new();
        }
        // Which refused Ingress, if any, would have decided this request had ingress-nginx accepted it.
        let accepting = NginxRouter::accepting_refused(objects, options);
        let d = accepting.decide(req);
        let would = d.matched.as_ref().filter(|m| m.kind == "Ingress").and_then(|m| {
            self.refused()
                .iter()
                .position(|r| r.namespace == m.namespace && r.name == m.name)
        });
        let mut decision = Some(d);
        self.refused()
            .iter()
            .enumerate()
            .map(|(i, r)| RefusedMatch {
                refused: r.clone(),
                would_have_decided: if would == Some(i) { decision.take() } else { None },
            })
            .collect()
    }
}

/// A decision in a few words, for a note.
fn summary(d: &Decision) -> String {
    match &d.outcome {
        Outcome::Backend { backends, .. } => {
            let names: Vec<String> = backends
                .iter()
                .map(|b| {
                    let port = b
                        .port
                        .map(|p| p.to_string())
                        .or_else(|| b.port_name.clone())
                        .unwrap_or_else(|| "-".into());
                    format!("{}/{}:{port}", b.namespace, b.name)
                })
                .collect();
            format!("backend {}", names.join(", "))
        }
        Outcome::Redirect { status, location } => format!("redirect {status} -> {location}"),
        Outcome::Response { status, .. } => format!("response {status}"),
    }
}
