//! The decision in words: what each match is, why each other candidate lost to the winner, and why nothing
//! matched.

use super::table::{Entry, GatewayRouter, HostRank, ListenerTable, PathMatch, key, specificity};
use crate::{
    decision::{Candidate, Decision, Matched},
    hostname,
    request::{Request, Scheme},
};

impl Entry {
    pub(super) fn describe(&self) -> String {
        if self.rule.kind == "TLSRoute" {
            return "TLS connection by SNI (not terminated)".to_string();
        }
        let mut parts = vec![match (&self.grpc, &self.path) {
            (Some((_, _, words)), _) => words.clone(),
            (None, PathMatch::Exact(p)) => format!("Exact {p}"),
            (None, PathMatch::Prefix(p)) => format!("PathPrefix {p}"),
            (None, PathMatch::Regex(_, p)) => format!("RegularExpression {p}"),
        }];
        if let Some(m) = &self.method {
            parts.push(format!("method {m}"));
        }
        for (n, v) in &self.headers {
            parts.push(format!("header {n}{}", v.describe()));
        }
        for (n, v) in &self.query {
            parts.push(format!("query {n}{}", v.describe()));
        }
        parts.join(", ")
    }

    pub(super) fn matched(&self) -> Matched {
        Matched {
            kind: self.rule.kind.to_string(),
            namespace: self.rule.namespace.clone(),
            name: self.rule.name.clone(),
            rule: Some(self.rule.index),
            match_index: self.match_index,
            description: self.describe(),
        }
    }
}

impl GatewayRouter {
    /// For a 404 without a listener: the refused listener that would have served `host`, and why it does not.
    pub(super) fn refused_note(&self, scheme: Scheme, port: u16, host: &str) -> String {
        self.refused
            .iter()
            .rev() // the first of equally specific ones
            .filter(|l| l.port == port && l.scheme == scheme)
            .filter(|l| l.hostname.as_deref().is_none_or(|h| hostname::matches(h, host)))
            .max_by_key(|l| specificity(l.hostname.as_deref()))
            .map(|l| format!(" (listener {} is not accepted: {})", l.name, l.why))
            .unwrap_or_default()
    }
}

/// Every match found for the request but the winner, in precedence order, each with why it lost: its method,
/// headers or query do not match, or it ranks after the winner.
pub(super) fn candidates(
    found: &[(HostRank, &Entry)],
    winner: Option<usize>,
    req: &Request,
) -> Vec<Candidate> {
    let mut candidates = Vec::new();
    for (i, (rank, e)) in found.iter().enumerate() {
        if Some(i) == winner {
            continue;
        }
        let lost = match (e.mismatch(req), winner) {
            (Some(why), _) => why,
            (None, Some(w)) => lost_to(&found[w], &(*rank, *e)),
            (None, None) => unreachable!("a fully matching entry is the winner"),
        };
        candidates.push(Candidate {
            rule: e.matched(),
            lost,
        });
    }
    candidates
}

/// The 404 when no match of the listener takes the request, with the candidates that matched its path.
pub(super) fn no_route(
    grpc: bool,
    listener: &ListenerTable,
    req: &Request,
    path: &str,
    candidates: Vec<Candidate>,
) -> Decision {
    let what = if grpc {
        "no GRPCRoute rule (gRPC clients see status 12 UNIMPLEMENTED)"
    } else {
        "no route"
    };
    let mut d = Decision::response(
        404,
        format!(
            "{what} on listener {} matches {}{}",
            listener.name, req.host, path
        ),
    );
    d.candidates = candidates;
    d
}

/// Why `loser` (which matched fully) ranks after `winner`.
fn lost_to(winner: &(HostRank, &Entry), loser: &(HostRank, &Entry)) -> String {
    let (w, l) = (key(winner), key(loser));
    let (we, le) = (winner.1, loser.1);
    if w.0 != l.0 {
        "the winner's hostname is more specific".to_string()
    } else if w.1 != l.1 && we.grpc.is_some() {
        let ((ws, wm), (ls, lm)) = ((w.1.0.1, w.1.0.2), (l.1.0.1, l.1.0.2));
        if ws != ls {
            format!("fewer characters of service matched ({ls} < {ws})")
        } else {
            format!("fewer characters of method matched ({lm} < {wm})")
        }
    } else if w.1 != l.1 {
        match (&we.path, &le.path) {
            (PathMatch::Exact(_), _) => "an Exact path match beats any other path match".to_string(),
            (PathMatch::Regex(..), PathMatch::Prefix(_)) => {
                "a RegularExpression path match beats a PathPrefix (implementation-specific)".to_string()
            }
            _ => format!("shorter path match ({} < {} characters)", l.1.0.1, w.1.0.1),
        }
    } else if w.2 != l.2 {
        "the winner also matches the method".to_string()
    } else if w.3 != l.3 {
        format!(
            "fewer header matches ({} < {})",
            le.headers.len(),
            we.headers.len()
        )
    } else if w.4 != l.4 {
        format!(
            "fewer query parameter matches ({} < {})",
            le.query.len(),
            we.query.len()
        )
    } else if w.5 != l.5 {
        format!(
            "newer route (created {}, the winner {})",
            or_unset(&le.rule.created),
            or_unset(&we.rule.created)
        )
    } else if (w.6, w.7) != (l.6, l.7) {
        format!(
            "same age; {}/{} sorts after {}/{}",
            le.rule.namespace, le.rule.name, we.rule.namespace, we.rule.name
        )
    } else if w.8 != l.8 {
        "a later rule of the same route".to_string()
    } else {
        "a later match of the same rule".to_string()
    }
}

fn or_unset(s: &str) -> &str {
    if s.is_empty() { "unset" } else { s }
}
