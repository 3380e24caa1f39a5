//! What happens to a request: its outcome, the rule that decided it, and the rules it beat.
//!
//! Serialized field names are part of the contract of `gateshift simulate -o json` (docs/simulate.md).

use std::{collections::BTreeMap, fmt::Write as _};

use serde::Serialize;

/// The decision for one request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    /// What the client gets.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// The object, rule and match that decided, if any did (none for a 404 without a route).
    pub matched: Option<Matched>,
    /// The other rules whose path matched the request, in precedence order, each with why it lost.
    pub candidates: Vec<Candidate>,
    /// The CORS headers of the answer (`access-control-*`, names lower-cased): on a CORS preflight answered by
    /// the gateway, or added to the proxied response / redirect of a request CORS applies to.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub cors_headers: BTreeMap<String, String>,
}

/// What the client gets.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Outcome {
    /// The request is proxied to these backends (one of them per request, by share).
    Backend {
        /// The backends with their weights and shares of traffic.
        backends: Vec<WeightedBackend>,
        /// The request as the backend receives it.
        upstream_request: UpstreamRequest,
        /// Copies of the request sent elsewhere (responses ignored).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        mirrors: Vec<Mirror>,
        /// Changes to the response headers.
        #[serde(skip_serializing_if = "Option::is_none")]
        response_headers: Option<HeaderChanges>,
    },
    /// The gateway answers with a redirect.
    Redirect {
        /// 301, 302, 303, 307, 308, ...
        status: u16,
        /// The exact `Location` header.
        location: String,
    },
    /// The gateway answers by itself.
    Response {
        /// 404 no route, 500 invalid backends, 503 no Service, ...
        status: u16,
        /// Why.
        reason: String,
    },
}

/// One backend of a weighted split.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WeightedBackend {
    /// Namespace of the Service.
    pub namespace: String,
    /// Name of the Service.
    pub name: String,
    /// The Service port number (absent when only a name is known).
    pub port: Option<i32>,
    /// The Service port name, when the backend names its port and the Service is not in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_name: Option<String>,
    /// The weight as configured.
    pub weight: u32,
    /// The fraction of requests (weight / sum of weights), rounded to 6 decimals.
    pub share: f64,
    /// Set when this share of traffic gets a fixed answer instead (500 for an invalid backendRef).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why the backend is invalid, or which canary rule chose it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The headers this backend receives, when its own filters make them differ between backends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream_headers: Option<BTreeMap<String, String>>,
}

/// The request as the backend receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpstreamRequest {
    /// The `Host` header.
    pub host: String,
    /// Path and query.
    pub path: String,
    /// Headers, names lower-cased; repeated headers joined with `,`.
    pub headers: BTreeMap<String, String>,
}

/// A mirror target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mirror {
    /// Namespace of the Service.
    pub namespace: String,
    /// Name of the Service.
    pub name: String,
    /// Port.
    pub port: Option<i32>,
    /// Percentage of requests mirrored.
    pub percent: f64,
}

/// Header changes (used for response headers).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeaderChanges {
    /// Headers overwritten.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, String>,
    /// Headers appended.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub add: BTreeMap<String, String>,
    /// Headers removed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
}

/// Alias kept for readers of the vocabulary.
pub type ResponseHeaders = HeaderChanges;

/// The rule that decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matched {
    /// `HTTPRoute`, `Ingress`, or `Gateway` for a listener-level answer.
    pub kind: String,
    /// Namespace of the object.
    pub namespace: String,
    /// Name of the object.
    pub name: String,
    /// Index of the rule (`spec.rules[i]`); absent for synthesised rules (ingress-nginx root location).
    pub rule: Option<usize>,
    /// Index of the match in the rule (`matches[j]`, or `http.paths[j]` for an Ingress).
    #[serde(rename = "match")]
    pub match_index: Option<usize>,
    /// The match in words, e.g. `PathPrefix /api, header x-env=canary` or `location ~* "^/api"`.
    pub description: String,
}

/// A rule whose path matched but that did not decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// The rule.
    #[serde(flatten)]
    pub rule: Matched,
    /// Why it lost.
    pub lost: String,
}

impl Decision {
    /// A fixed answer without a rule.
    pub fn response(status: u16, reason: impl Into<String>) -> Decision {
        Decision {
            outcome: Outcome::Response {
                status,
                reason: reason.into(),
            },
            matched: None,
            candidates: Vec::new(),
            cors_headers: BTreeMap::new(),
        }
    }

    /// The status code the client gets (200 assumed for a backend).
    pub fn status(&self) -> u16 {
        match &self.outcome {
            Outcome::Backend { .. } => 200,
            Outcome::Redirect { status, .. } | Outcome::Response { status, .. } => *status,
        }
    }

    /// The decision in words: the outcome, the rule that decided, and why each other candidate lost.
    pub fn explain(&self) -> String {
        let mut out = String::new();
        match &self.outcome {
            Outcome::Backend {
                backends,
                upstream_request,
                mirrors,
                response_headers,
            } => {
                let _ = writeln!(out, "backend:");
                for b in backends {
                    let port = match (&b.port, &b.port_name) {
                        (Some(p), _) => p.to_string(),
                        (None, Some(n)) => n.clone(),
                        (None, None) => "-".to_string(),
                    };
                    let _ = write!(
                        out,
                        "  {}/{}:{}  weight {}  share {:.1}%",
                        b.namespace,
                        b.name,
                        port,
                        b.weight,
                        b.share * 100.0
                    );
                    if let Some(s) = b.status {
                        let _ = write!(out, "  -> {s}");
                    }
                    if let Some(r) = &b.reason {
                        let _ = write!(out, "  ({r})");
                    }
                    out.push('\n');
                }
                let _ = writeln!(
                    out,
                    "upstream request: Host {}  path {}",
                    upstream_request.host, upstream_request.path
                );
                for (k, v) in &upstream_request.headers {
                    let _ = writeln!(out, "  {k}: {v}");
                }
                for m in mirrors {
                    let _ = writeln!(
                        out,
                        "mirror: {}/{}:{} ({}%)",
                        m.namespace,
                        m.name,
                        m.port.map_or("-".to_string(), |p| p.to_string()),
                        m.percent
                    );
                }
                if let Some(h) = response_headers {
                    for (k, v) in &h.set {
                        let _ = writeln!(out, "response header set: {k}: {v}");
                    }
                    for (k, v) in &h.add {
                        let _ = writeln!(out, "response header add: {k}: {v}");
                    }
                    for k in &h.remove {
                        let _ = writeln!(out, "response header remove: {k}");
                    }
                }
            }
            Outcome::Redirect { status, location } => {
                let _ = writeln!(out, "redirect {status} -> {location}");
            }
            Outcome::Response { status, reason } => {
                let _ = writeln!(out, "response {status}: {reason}");
            }
        }
        for (k, v) in &self.cors_headers {
            let _ = writeln!(out, "cors response header: {k}: {v}");
        }
        match &self.matched {
            Some(m) => {
                let _ = writeln!(out, "matched: {}", describe(m));
            }
            None => {
                let _ = writeln!(out, "matched: nothing");
            }
        }
        if !self.candidates.is_empty() {
            let _ = writeln!(out, "other candidates:");
            for c in &self.candidates {
                let _ = writeln!(out, "  {}\n    lost: {}", describe(&c.rule), c.lost);
            }
        }
        out
    }
}

fn describe(m: &Matched) -> String {
    let mut s = format!("{} {}/{}", m.kind, m.namespace, m.name);
    if let Some(r) = m.rule {
        let _ = write!(s, " rule {r}");
    }
    if let Some(i) = m.match_index {
        let _ = write!(s, " match {i}");
    }
    let _ = write!(s, ": {}", m.description);
    s
}

/// `weight / total`, rounded to 6 decimals.
pub(crate) fn share(weight: u32, total: u64) -> f64 {
    if total == 0 {
        return 0.0;
    }
    (f64::from(weight) / total as f64 * 1e6).round() / 1e6
}

/// Headers as the upstream gets them: lower-cased names, repeated values joined with `,`.
pub(crate) fn header_map(headers: &[(String, String)]) -> BTreeMap<String, String> {
    let mut map: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in headers {
        map.entry(k.to_ascii_lowercase())
            .and_modify(|old| {
                old.push(',');
                old.push_str(v);
            })
            .or_insert_with(|| v.clone());
    }
    map
}
