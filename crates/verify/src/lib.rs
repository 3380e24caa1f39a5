//! Compares two routing configurations request by request: probe requests derived from both sides, decisions
//! from both routers, and every difference grouped by cause with a witness request.
//!
//! The probes come from the configurations themselves, not from the routers' tables, so a rule that one side
//! forgot is still probed through the other side's objects: every host and wildcard instance, every path at its
//! boundaries (exact value, with and without the trailing slash, one segment deeper, a sibling sharing the
//! string prefix, upper case), header, cookie, query and method conditions met and not met, over http and
//! https, plus a host no rule names.

mod baseline;
mod conversion;
mod probe;

use std::collections::{BTreeMap, BTreeSet};

use gateshift_api::{Object, Sourced};
use gateshift_router::{Decision, Matched, Outcome, Request};
use serde::Serialize;

pub use baseline::{Baseline, BaselineCheck, BaselineError};
pub use conversion::{ConvertedGateway, verify_conversion};
pub use probe::probes;

/// How many witness requests a group keeps.
const EXAMPLES_PER_GROUP: usize = 3;

/// Why a side could not be compiled into a router.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The Gateway API side could not be compiled (no Gateway, several without a choice, ...).
    #[error("{side}: {source}")]
    Router {
        /// `before` or `after`.
        side: String,
        /// The router's reason.
        source: gateshift_router::Error,
    },
}

/// How to compile a side: the router crate's options (the Gateway to route through, the ingress-nginx classes).
pub use gateshift_router::RouterOptions as SideOptions;
/// Anything that decides where a request goes (the router crate's one entry to both models).
pub use gateshift_router::{Model, Router};

/// `side` with the cluster objects (Services, Secrets, Namespaces) of `other` that `side` does not hold itself,
/// so both sides of a comparison know the same cluster: a Service missing from both is one fact on both sides
/// (503 before, 500 after), not a difference of knowledge (503 before, proxied after). An object both sides hold
/// is taken from `side`.
#[must_use]
pub fn with_cluster_objects<'a>(side: &[&'a Sourced], other: &[&'a Sourced]) -> Vec<&'a Sourced> {
    fn key(s: &Sourced) -> Option<(&'static str, &str, &str)> {
        match &s.object {
            Object::Service(x) => Some(("Service", x.metadata.namespace_or_default(), &x.metadata.name)),
            Object::Secret(x) => Some(("Secret", x.metadata.namespace_or_default(), &x.metadata.name)),
            Object::Namespace(x) => Some(("Namespace", "", &x.metadata.name)),
            _ => None,
        }
    }
    let held: BTreeSet<_> = side.iter().filter_map(|s| key(s)).collect();
    let mut out = side.to_vec();
    out.extend(
        other
            .iter()
            .filter(|s| key(s).is_some_and(|k| !held.contains(&k))),
    );
    out
}

/// Compiles one side with the router crate's [`gateshift_router::router_for`] (the Gateway API model when it
/// holds Gateway API objects, else the ingress-nginx model); an error names the side (`before`, `after`).
pub fn router_for(side: &str, objects: &[&Sourced], options: &SideOptions) -> Result<Box<dyn Router>, Error> {
    gateshift_router::router_for(objects, options).map_err(|source| Error::router(side, source))
}

impl Error {
    /// The router's `source` on side `side` (`before`, `after`).
    fn router(side: &str, source: gateshift_router::Error) -> Error {
        Error::Router {
            side: side.to_string(),
            source,
        }
    }
}

/// A probe request as shown in a report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Witness {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The full URL.
    pub url: String,
    /// Request headers, `Name: value`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<String>,
}

impl Witness {
    fn of(r: &Request) -> Witness {
        Witness {
            method: r.method.clone(),
            url: format!("{}://{}{}", r.scheme.as_str(), r.authority(), r.path),
            headers: r.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect(),
        }
    }
}

impl std::fmt::Display for Witness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.url)?;
        for h in &self.headers {
            write!(f, " -H '{h}'")?;
        }
        Ok(())
    }
}

/// One request the two sides answer differently.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    /// The request.
    pub request: Witness,
    /// What the first side does, in one line.
    pub before: String,
    /// What the second side does, in one line.
    pub after: String,
}

/// Differences with one cause, from the same source objects.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// What differs: `outcome`, `backend`, `split`, `rewrite`, `host-header`, `redirect-status`,
    /// `redirect-location`, `redirect-query`, `redirect-trailing-slash`, `redirect-landing`, `status`, `cors`.
    pub cause: String,
    /// The cause in words.
    pub summary: String,
    /// The object and rule that decided on the first side (`-` for none).
    pub before_source: String,
    /// The object and rule that decided on the second side.
    pub after_source: String,
    /// The rule that decided on the first side, as data (kind, namespace, name, rule and match index): what
    /// `convert` attaches the difference to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_item: Option<Matched>,
    /// The rule that decided on the second side, as data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_item: Option<Matched>,
    /// Where a same-host redirect of the first side landed, when it was followed and landed elsewhere than
    /// the second side's (the `/feed.xml` Exact path that `http://h/feed.xml/` reached after the HTTPS
    /// redirect).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_landing: Option<Matched>,
    /// With several Gateways compared at once (`convert` of several): the Gateway routed through,
    /// `namespace/name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
    /// How many probe requests show it.
    pub count: usize,
    /// A few of them, each with both decisions.
    pub examples: Vec<Difference>,
    /// Every request that shows it, for the baseline (not serialized: `count` says how many).
    #[serde(skip)]
    pub witnesses: Vec<Witness>,
}

impl Group {
    /// The object that decided on the first side, `Kind namespace/name` (`-` for none).
    pub fn before_object(&self) -> String {
        object_of(self.before_item.as_ref())
    }

    /// The object that decided on the second side; with several Gateways, prefixed by the Gateway as
    /// `after_source` is.
    pub fn after_object(&self) -> String {
        let object = object_of(self.after_item.as_ref());
        match &self.gateway {
            Some(gw) => format!("Gateway {gw}: {object}"),
            None => object,
        }
    }
}

/// `Kind namespace/name` of a decision's rule, `-` for none.
fn object_of(m: Option<&Matched>) -> String {
    match m {
        None => "-".into(),
        Some(m) if m.namespace.is_empty() => format!("{} {}", m.kind, m.name),
        Some(m) => format!("{} {}/{}", m.kind, m.namespace, m.name),
    }
}

/// Groups of one cause and explanation across every host and object: what a person reads first.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CauseGroup {
    /// As [`Group::cause`].
    pub cause: String,
    /// The explanation, said once for all of them.
    pub summary: String,
    /// How many probe requests show it.
    pub count: usize,
    /// The object pairs concerned, `before → after`, in order of appearance.
    pub objects: Vec<String>,
    /// A few witnesses, from different objects first.
    pub examples: Vec<Difference>,
}

/// The result of a comparison.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// The first side's model.
    pub before_model: String,
    /// The second side's model.
    pub after_model: String,
    /// How many probe requests were compared.
    pub probes: usize,
    /// How many of them differ.
    pub differing: usize,
    /// Whether no probe differs.
    pub equivalent: bool,
    /// Differences grouped by cause and explanation across objects, largest first: the view for people.
    pub causes: Vec<CauseGroup>,
    /// Differences grouped by cause and source, largest group first.
    pub groups: Vec<Group>,
}

/// What a client observably gets; the comparison key.
#[derive(Debug, Clone, PartialEq)]
enum Fate {
    Backend {
        /// (namespace, name, port) → share of requests, in thousandths.
        split: BTreeMap<(String, String, Option<i32>), u32>,
        host: String,
        path: String,
    },
    Redirect {
        status: u16,
        location: String,
    },
    Response {
        status: u16,
    },
}

impl Fate {
    fn of(d: &Decision) -> Fate {
        match &d.outcome {
            Outcome::Backend {
                backends,
                upstream_request,
                ..
            } => {
                let mut split: BTreeMap<(String, String, Option<i32>), u32> = BTreeMap::new();
                for b in backends {
                    // A share that answers by itself (500 for an invalid backend) is a fate of its own.
                    let key = match b.status {
                        Some(status) => (String::new(), format!("status {status}"), None),
                        None => (b.namespace.clone(), b.name.clone(), b.port),
                    };
                    *split.entry(key).or_default() += (b.share * 1000.0).round() as u32;
                }
                split.retain(|_, share| *share > 0);
                Fate::Backend {
                    split,
                    host: upstream_request.host.to_ascii_lowercase(),
                    path: upstream_request.path.clone(),
                }
            }
            Outcome::Redirect { status, location } => Fate::Redirect {
                status: *status,
                location: normalize_location(location),
            },
            Outcome::Response { status, .. } => Fate::Response { status: *status },
        }
    }

    fn describe(&self) -> String {
        match self {
            Fate::Backend { split, host, path } => {
                let backends: Vec<String> = split
                    .iter()
                    .map(|((ns, name, port), share)| {
                        let target = if ns.is_empty() {
                            name.clone()
                        } else {
                            match port {
                                Some(p) => format!("{ns}/{name}:{p}"),
                                None => format!("{ns}/{name}"),
                            }
                        };
                        if *share == 1000 {
                            target
                        } else {
                            format!("{target} ({:.1}%)", f64::from(*share) / 10.0)
                        }
                    })
                    .collect();
                format!("backend {} as Host {host} {path}", backends.join(", "))
            }
            Fate::Redirect { status, location } => format!("redirect {status} to {location}"),
            Fate::Response { status } => format!("status {status}"),
        }
    }
}

/// An absolute URL with an empty path means the path `/` (RFC 3986 §6.2.3): `https://h` and `https://h/`
/// send the client to the same place.
fn normalize_location(location: &str) -> String {
    // The scheme's default port is the same place as no port (`https://h:443/` is `https://h/`).
    let location = match location.split_once("://") {
        Some((scheme, rest)) => {
            let default = if scheme.eq_ignore_ascii_case("https") {
                ":443"
            } else {
                ":80"
            };
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            match rest[..end].strip_suffix(default) {
                Some(host) => format!("{scheme}://{host}{}", &rest[end..]),
                None => location.to_string(),
            }
        }
        None => location.to_string(),
    };
    let location = location.as_str();
    match location.split_once("://") {
        Some((scheme, rest)) if !rest.contains(['/', '?', '#']) => format!("{scheme}://{rest}/"),
        Some((scheme, rest)) => match rest.find(['/', '?', '#']) {
            Some(i) if rest.as_bytes()[i] != b'/' => format!("{scheme}://{}/{}", &rest[..i], &rest[i..]),
            _ => location.to_string(),
        },
        None => location.to_string(),
    }
}

/// Why two fates differ: (cause, summary).
fn cause(before: &Fate, after: &Fate) -> (&'static str, String) {
    match (before, after) {
        (
            Fate::Backend {
                split: a,
                host: ha,
                path: pa,
            },
            Fate::Backend {
                split: b,
                host: hb,
                path: pb,
            },
        ) => {
            let keys_a: BTreeSet<_> = a.keys().collect();
            let keys_b: BTreeSet<_> = b.keys().collect();
            if keys_a != keys_b {
                ("backend", "the request reaches other backends".into())
            } else if a != b {
                ("split", "the same backends with other shares of traffic".into())
            } else if pa != pb {
                ("rewrite", "the backend receives another path".into())
            } else {
                debug_assert_ne!(ha, hb);
                ("host-header", "the backend receives another Host header".into())
            }
        }
        (
            Fate::Redirect {
                status: sa,
                location: la,
            },
            Fate::Redirect {
                status: sb,
                location: lb,
            },
        ) => {
            if sa != sb {
                ("redirect-status", format!("redirect {sa} before, {sb} after"))
            } else if strip_query(la) == strip_query(lb) {
                (
                    "redirect-query",
                    "the redirect Location keeps the request's query string on one side only (ingress-nginx writes app-root and fixed redirect URLs without it; a Gateway redirect keeps it)".into(),
                )
            } else if la.trim_end_matches('/') == lb.trim_end_matches('/') {
                (
                    "redirect-trailing-slash",
                    "the redirect Location differs only by a trailing slash (ingress-nginx strips one from its HTTPS redirect and writes fixed redirect URLs as given; a Gateway keeps the path)".into(),
                )
            } else {
                ("redirect-location", "the redirect goes elsewhere".into())
            }
        }
        (Fate::Response { status: a }, Fate::Response { status: b }) => {
            ("status", format!("status {a} before, {b} after"))
        }
        (a, b) => ("outcome", format!("{} before, {} after", kind(a), kind(b))),
    }
}

/// A Location without its query.
fn strip_query(location: &str) -> &str {
    location.split_once('?').map_or(location, |(l, _)| l)
}

fn kind(f: &Fate) -> String {
    match f {
        Fate::Backend { .. } => "proxied".into(),
        Fate::Redirect { status, .. } => format!("redirect {status}"),
        Fate::Response { status } => format!("status {status}"),
    }
}

/// The CORS response headers a browser acts on, as sets of lower-cased comma-separated values; only for a
/// request with an `Origin` (a request without one is not a CORS request, and comparing it would only
/// repeat the routing comparison). On a preflight (`OPTIONS` with `Access-Control-Request-Method`):
/// Allow-Origin, -Methods, -Headers, -Credentials, Max-Age; on other requests: Allow-Origin, -Credentials,
/// Expose-Headers. Without credentials, `Access-Control-Allow-Origin: *` is the same to the browser as the
/// echoed origin.
type CorsView = BTreeMap<&'static str, BTreeSet<String>>;

fn cors_view(req: &Request, d: &Decision) -> Option<CorsView> {
    let origin = req.header("origin")?;
    let preflight = req.method == "OPTIONS" && req.header("access-control-request-method").is_some();
    let names: &[&'static str] = if preflight {
        &[
            "access-control-allow-origin",
            "access-control-allow-methods",
            "access-control-allow-headers",
            "access-control-allow-credentials",
            "access-control-max-age",
        ]
    } else {
        &[
            "access-control-allow-origin",
            "access-control-allow-credentials",
            "access-control-expose-headers",
        ]
    };
    let credentials = d
        .cors_headers
        .get("access-control-allow-credentials")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let mut out = CorsView::new();
    for &name in names {
        let Some(v) = d.cors_headers.get(name) else {
            continue;
        };
        let mut set: BTreeSet<String> = v
            .split(',')
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        if name == "access-control-allow-origin" && !credentials && set.len() == 1 && set.contains("*") {
            set = BTreeSet::from([origin.trim().to_ascii_lowercase()]);
        }
        out.insert(name, set);
    }
    Some(out)
}

fn describe_cors(view: Option<&CorsView>) -> String {
    match view {
        None => String::new(),
        Some(v) if v.is_empty() => " (no CORS headers)".to_string(),
        Some(v) => {
            let parts: Vec<String> = v
                .iter()
                .map(|(k, vals)| {
                    format!(
                        "{}: {}",
                        k.trim_start_matches("access-control-"),
                        vals.iter().cloned().collect::<Vec<_>>().join(",")
                    )
                })
                .collect();
            format!(" (CORS {})", parts.join("; "))
        }
    }
}

/// A CORS preflight the gateway or ingress-nginx answers by itself.
fn cors_answer(d: &Decision) -> bool {
    matches!(&d.outcome, Outcome::Response { reason, .. } if reason.starts_with("CORS preflight"))
}

/// The difference when CORS is involved: a preflight answered by one side only, or other CORS headers.
fn cors_cause(
    (db, fb, cb): (&Decision, &Fate, Option<&CorsView>),
    (da, fa, ca): (&Decision, &Fate, Option<&CorsView>),
) -> Option<String> {
    let what = |d: &Decision, f: &Fate| {
        if cors_answer(d) {
            format!("answered by the proxy as a CORS preflight ({})", d.status())
        } else {
            kind(f)
        }
    };
    if fb != fa {
        return (cors_answer(db) || cors_answer(da))
            .then(|| format!("OPTIONS {} before, {} after", what(db, fb), what(da, fa)));
    }
    let (b, a) = (cb?, ca?);
    let names: BTreeSet<&str> = b.keys().chain(a.keys()).copied().collect();
    let differ: Vec<&str> = names.into_iter().filter(|n| b.get(n) != a.get(n)).collect();
    Some(format!("other CORS response headers: {}", differ.join(", ")))
}

fn source(m: Option<&Matched>) -> String {
    match m {
        None => "-".into(),
        Some(m) => {
            let rule = m.rule.map(|r| format!(" rule {r}")).unwrap_or_default();
            format!("{} {}/{}{rule}: {}", m.kind, m.namespace, m.name, m.description)
        }
    }
}

/// The request a redirect sends the client to when it stays on the same host (the HTTPS redirect, nginx's
/// trailing-slash 301, an app-root), as a browser follows it: 301, 302 and 303 turn a POST into a GET; the
/// headers go along. `None` for any other fate or another host.
fn follow(req: &Request, fate: &Fate) -> Option<Request> {
    let Fate::Redirect { status, location } = fate else {
        return None;
    };
    let url = if location.starts_with('/') {
        format!("{}://{}{location}", req.scheme.as_str(), req.authority())
    } else {
        location.clone()
    };
    let method = match (*status, req.method.as_str()) {
        (301..=303, m) if m != "GET" && m != "HEAD" => "GET",
        (_, m) => m,
    };
    let headers: Vec<String> = req.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    let next = Request::new(&url, method, &headers).ok()?;
    (next.host == req.host).then_some(next)
}

/// How many same-host redirects a client follows before verify judges where it landed.
const MAX_HOPS: usize = 3;

/// One side's answer to a probe: the decision, its fate, and where a same-host redirect landed (one hop).
struct Answer {
    decision: Decision,
    fate: Fate,
    landing: Option<(Decision, Fate)>,
}

impl Answer {
    fn of(router: &dyn Router, req: &Request) -> Answer {
        let decision = router.decide(req);
        let fate = Fate::of(&decision);
        Answer {
            decision,
            fate,
            landing: None,
        }
    }

    /// Follows same-host redirects (the HTTPS redirect, then perhaps nginx's 301 that adds a slash) to where
    /// they land, at most [`MAX_HOPS`] hops.
    fn follow(&mut self, router: &dyn Router, req: &Request) {
        let mut req = req.clone();
        let mut fate = self.fate.clone();
        for _ in 0..MAX_HOPS {
            let Some(next) = follow(&req, &fate) else {
                break;
            };
            let d = router.decide(&next);
            fate = Fate::of(&d);
            self.landing = Some((d, fate.clone()));
            req = next;
        }
    }

    /// The fate at the end: where the redirect landed, or the answer itself.
    fn final_fate(&self) -> &Fate {
        self.landing.as_ref().map_or(&self.fate, |(_, f)| f)
    }

    fn describe(&self, cors: Option<&CorsView>) -> String {
        let first = format!("{}{}", self.fate.describe(), describe_cors(cors));
        match &self.landing {
            Some((_, f)) => format!("{first}, lands on {}", f.describe()),
            None => first,
        }
    }
}

/// When a redirect is followed, whether the two sides land on different fates in a way the redirect's own
/// difference does not already say: another backend, another kind of answer, another status. A redirect
/// that differs by a trailing slash and lands on the same backend with the slash still in the path is the
/// trailing-slash difference, not a new one.
fn landing_cause(before: &Answer, after: &Answer) -> Option<String> {
    let redirects = |a: &Answer| matches!(a.fate, Fate::Redirect { .. });
    if !(redirects(before) && redirects(after)) || (before.landing.is_none() && after.landing.is_none()) {
        return None;
    }
    let (fb, fa) = (before.final_fate(), after.final_fate());
    if fb == fa {
        return None;
    }
    let (landing, summary) = cause(fb, fa);
    let why = if cause(&before.fate, &after.fate).0 == "redirect-trailing-slash" {
        " (ingress-nginx's HTTPS redirect strips one trailing `/` and a Gateway's keeps it, so the redirected request matches another rule)"
    } else {
        ""
    };
    match landing {
        "rewrite" | "host-header" | "redirect-trailing-slash" | "redirect-query" => None,
        "backend" => Some(format!(
            "after following the redirect on the same host, the request lands on other backends{why}"
        )),
        _ => Some(format!(
            "after following the redirect on the same host, {summary}{why}"
        )),
    }
}

/// Runs every probe through both routers and groups the differences. A same-host redirect is followed one
/// hop on each side and judged by where it lands.
pub fn verify(before: &dyn Router, after: &dyn Router, probes: &[Request]) -> Verification {
    let mut groups: BTreeMap<(String, String, String), Group> = BTreeMap::new();
    let mut differing = 0;
    for probe in probes {
        let (mut ab, mut aa) = (Answer::of(before, probe), Answer::of(after, probe));
        let (cb, ca) = (cors_view(probe, &ab.decision), cors_view(probe, &aa.decision));
        if ab.fate == aa.fate && cb == ca {
            continue;
        }
        differing += 1;
        ab.follow(before, probe);
        aa.follow(after, probe);
        let (cause, summary) = match cors_cause(
            (&ab.decision, &ab.fate, cb.as_ref()),
            (&aa.decision, &aa.fate, ca.as_ref()),
        ) {
            Some(summary) => ("cors", summary),
            None => match landing_cause(&ab, &aa) {
                Some(summary) => ("redirect-landing", summary),
                None => cause(&ab.fate, &aa.fate),
            },
        };
        let (sb, sa) = (
            source(ab.decision.matched.as_ref()),
            source(aa.decision.matched.as_ref()),
        );
        let landing = match (cause, &ab.landing) {
            ("redirect-landing", Some((d, _))) => d.matched.clone(),
            _ => None,
        };
        let group = groups
            .entry((cause.to_string(), sb.clone(), sa.clone()))
            .or_insert_with(|| Group {
                cause: cause.to_string(),
                summary,
                before_source: sb,
                after_source: sa,
                before_item: ab.decision.matched.clone(),
                after_item: aa.decision.matched.clone(),
                before_landing: landing,
                gateway: None,
                count: 0,
                examples: Vec::new(),
                witnesses: Vec::new(),
            });
        group.count += 1;
        group.witnesses.push(Witness::of(probe));
        if group.examples.len() < EXAMPLES_PER_GROUP {
            group.examples.push(Difference {
                request: Witness::of(probe),
                before: ab.describe(cb.as_ref()),
                after: aa.describe(ca.as_ref()),
            });
        }
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    // Largest first; the map order (cause, sources) breaks ties deterministically (the sort is stable).
    groups.sort_by_key(|g| std::cmp::Reverse(g.count));
    Verification {
        before_model: before.model(),
        after_model: after.model(),
        probes: probes.len(),
        differing,
        equivalent: differing == 0,
        causes: causes(&groups),
        groups,
    }
}

/// The groups by cause and explanation, across objects: one entry for forty hosts with the same difference,
/// with the object pairs and a few witnesses (one per object pair first, so different objects show).
pub fn causes(groups: &[Group]) -> Vec<CauseGroup> {
    let mut out: Vec<CauseGroup> = Vec::new();
    let mut index: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for g in groups {
        let i = *index
            .entry((g.cause.as_str(), g.summary.as_str()))
            .or_insert_with(|| {
                out.push(CauseGroup {
                    cause: g.cause.clone(),
                    summary: g.summary.clone(),
                    count: 0,
                    objects: Vec::new(),
                    examples: Vec::new(),
                });
                out.len() - 1
            });
        let c = &mut out[i];
        c.count += g.count;
        let pair = format!("{} → {}", g.before_object(), g.after_object());
        if !c.objects.contains(&pair) {
            c.objects.push(pair);
        }
        if c.examples.len() < EXAMPLES_PER_GROUP
            && let Some(e) = g.examples.first()
        {
            c.examples.push(e.clone());
        }
    }
    // Largest first; first appearance (groups are largest first) breaks ties.
    out.sort_by_key(|c| std::cmp::Reverse(c.count));
    out
}

/// How many object pairs the text names per cause before "and N more".
const OBJECTS_SHOWN: usize = 10;

impl Verification {
    /// The comparison for people: the verdict, then each cause once, with the objects it concerns and a
    /// few witness requests (`-o json` has every group by object in `groups`).
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{} probe requests through {} (before) and {} (after): ",
            self.probes, self.before_model, self.after_model
        );
        if self.equivalent {
            out.push_str("every request routes the same way\n");
            return out;
        }
        out.push_str(&format!(
            "{} route differently, for {} cause(s)\n",
            self.differing,
            self.causes.len()
        ));
        for c in &self.causes {
            out.push_str(&format!(
                "\n[{}] {} request(s), {} object pair(s): {}\n",
                c.cause,
                c.count,
                c.objects.len(),
                c.summary
            ));
            for o in c.objects.iter().take(OBJECTS_SHOWN) {
                out.push_str(&format!("  {o}\n"));
            }
            if c.objects.len() > OBJECTS_SHOWN {
                out.push_str(&format!(
                    "  ... and {} more (-o json lists every group)\n",
                    c.objects.len() - OBJECTS_SHOWN
                ));
            }
            for e in &c.examples {
                out.push_str(&format!(
                    "  {}\n    before: {}\n    after:  {}\n",
                    e.request, e.before, e.after
                ));
            }
        }
        out
    }

    /// Every difference as a baseline entry: `cause | before object | after object | witness request`, one per
    /// differing probe, sorted. Objects, not rules or lines, so the entries survive edits that move things.
    pub fn baseline_entries(&self) -> BTreeSet<String> {
        self.groups
            .iter()
            .flat_map(|g| {
                let (b, a) = (g.before_object(), g.after_object());
                g.witnesses
                    .iter()
                    .map(move |w| format!("{} | {b} | {a} | {w}", g.cause))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{Difference, Group, Matched, Verification, Witness, causes, cors_view, normalize_location};
    use gateshift_router::{Decision, Request};

    fn with_cors(headers: &[(&str, &str)]) -> Decision {
        let mut d = Decision::response(204, "CORS preflight");
        d.cors_headers = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        d
    }

    #[test]
    fn cors_headers_compare_as_sets_and_star_is_the_echo_without_credentials() {
        let origin = "Origin: https://A.example";
        let preflight = Request::new(
            "http://h/",
            "OPTIONS",
            &[origin.into(), "Access-Control-Request-Method: GET".into()],
        )
        .unwrap();
        let a = with_cors(&[
            ("access-control-allow-origin", "*"),
            ("access-control-allow-methods", "GET, PUT"),
            ("access-control-expose-headers", "x-only-on-simple-requests"),
        ]);
        let b = with_cors(&[
            ("access-control-allow-origin", "https://a.example"),
            ("access-control-allow-methods", "put,get"),
        ]);
        assert_eq!(cors_view(&preflight, &a), cors_view(&preflight, &b));
        // With credentials, `*` is not the echo.
        let c = with_cors(&[
            ("access-control-allow-origin", "*"),
            ("access-control-allow-credentials", "true"),
        ]);
        let d = with_cors(&[
            ("access-control-allow-origin", "https://a.example"),
            ("access-control-allow-credentials", "true"),
        ]);
        assert_ne!(cors_view(&preflight, &c), cors_view(&preflight, &d));
        // Simple requests compare Expose-Headers, not Allow-Methods; no Origin: no CORS comparison.
        let get = Request::new("http://h/", "GET", &[origin.into()]).unwrap();
        assert_ne!(cors_view(&get, &a), cors_view(&get, &b));
        assert_eq!(cors_view(&Request::get("http://h/").unwrap(), &a), None);
    }

    fn group(cause: &str, summary: &str, object: &str, count: usize) -> Group {
        let item = |kind: &str| Matched {
            kind: kind.to_string(),
            namespace: "ns".to_string(),
            name: object.to_string(),
            rule: Some(0),
            match_index: Some(0),
            description: "PathPrefix /".to_string(),
        };
        let witness = |i: usize| Witness {
            method: "GET".into(),
            url: format!("http://{object}.example/{i}/"),
            headers: Vec::new(),
        };
        Group {
            cause: cause.to_string(),
            summary: summary.to_string(),
            before_source: format!("Ingress ns/{object} rule 0: PathPrefix /"),
            after_source: format!("HTTPRoute ns/{object} rule 0: PathPrefix /"),
            before_item: Some(item("Ingress")),
            after_item: Some(item("HTTPRoute")),
            before_landing: None,
            gateway: None,
            count,
            examples: (0..count.min(3))
                .map(|i| Difference {
                    request: witness(i),
                    before: "redirect 308 to https://h/a".into(),
                    after: "redirect 301 to https://h/a/".into(),
                })
                .collect(),
            witnesses: (0..count).map(witness).collect(),
        }
    }

    #[test]
    fn one_cause_across_objects_is_one_entry_said_once() {
        let mut groups: Vec<Group> = (0..40)
            .map(|i| group("redirect-trailing-slash", "slash", &format!("host{i:02}"), 2))
            .collect();
        groups.push(group("backend", "other backends", "shop", 3));
        groups.sort_by_key(|g| std::cmp::Reverse(g.count));
        let v = Verification {
            before_model: "ingress-nginx".into(),
            after_model: "gateway ns/gw".into(),
            probes: 1000,
            differing: 83,
            equivalent: false,
            causes: causes(&groups),
            groups,
        };
        assert_eq!(v.causes.len(), 2);
        assert_eq!(
            (
                v.causes[0].cause.as_str(),
                v.causes[0].count,
                v.causes[0].objects.len()
            ),
            ("redirect-trailing-slash", 80, 40)
        );
        assert_eq!(v.causes[0].objects[0], "Ingress ns/host00 → HTTPRoute ns/host00");
        // A few witnesses, each from another object.
        let urls: Vec<&str> = v.causes[0]
            .examples
            .iter()
            .map(|e| e.request.url.as_str())
            .collect();
        assert_eq!(
            urls,
            [
                "http://host00.example/0/",
                "http://host01.example/0/",
                "http://host02.example/0/"
            ]
        );
        let text = v.to_text();
        assert_eq!(
            text.matches(": slash\n").count(),
            1,
            "the explanation is said once:\n{text}"
        );
        assert!(
            text.contains("[redirect-trailing-slash] 80 request(s), 40 object pair(s): slash\n"),
            "{text}"
        );
        assert!(
            text.contains("  ... and 30 more (-o json lists every group)\n"),
            "{text}"
        );
        // The baseline has every differing request, by object and cause.
        let entries = v.baseline_entries();
        assert_eq!(entries.len(), 83);
        assert!(entries.contains(
            "redirect-trailing-slash | Ingress ns/host07 | HTTPRoute ns/host07 | GET http://host07.example/1/"
        ));
    }

    #[test]
    fn empty_paths_are_the_root() {
        assert_eq!(normalize_location("https://h"), "https://h/");
        assert_eq!(normalize_location("https://h:8443"), "https://h:8443/");
        assert_eq!(normalize_location("https://h?x=1"), "https://h/?x=1");
        assert_eq!(normalize_location("https://h/a/"), "https://h/a/");
        assert_eq!(normalize_location("/relative"), "/relative");
        assert_eq!(normalize_location("https://h:443/a"), "https://h/a");
        assert_eq!(normalize_location("http://h:80"), "http://h/");
        assert_eq!(normalize_location("http://h:8080/"), "http://h:8080/");
    }
}
