//! Compares two routing configurations request by request: probe requests derived from both sides, decisions
//! from both routers, and every difference grouped by cause with a witness request.
//!
//! The probes come from the configurations themselves, not from the routers' tables, so a rule that one side
//! forgot is still probed through the other side's objects: every host and wildcard instance, every path at its
//! boundaries (exact value, with and without the trailing slash, one segment deeper, a sibling sharing the
//! string prefix, upper case), header, cookie, query and method conditions met and not met, over http and
//! https, plus a host no rule names.

mod conversion;
mod probe;

use std::collections::{BTreeMap, BTreeSet};

use gateshift_api::{Object, Sourced};
use gateshift_router::{Decision, Matched, Outcome, Request};
use serde::Serialize;

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
    /// `redirect-location`, `redirect-trailing-slash`, `status`, `cors`.
    pub cause: String,
    /// The cause in words.
    pub summary: String,
    /// The object and rule that decided on the first side (`-` for none).
    pub before_source: String,
    /// The object and rule that decided on the second side.
    pub after_source: String,
    /// How many probe requests show it.
    pub count: usize,
    /// A few of them, each with both decisions.
    pub examples: Vec<Difference>,
}

/// Above this many groups, the text starts with an overview by kind of difference.
const OVERVIEW_ABOVE: usize = 5;

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
                (
                    "rewrite",
                    format!("the backend receives path {pa} before, {pb} after"),
                )
            } else {
                debug_assert_ne!(ha, hb);
                (
                    "host-header",
                    format!("the backend receives Host {ha} before, {hb} after"),
                )
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

/// Runs every probe through both routers and groups the differences.
pub fn verify(before: &dyn Router, after: &dyn Router, probes: &[Request]) -> Verification {
    let mut groups: BTreeMap<(String, String, String), Group> = BTreeMap::new();
    let mut differing = 0;
    for probe in probes {
        let (db, da) = (before.decide(probe), after.decide(probe));
        let (fb, fa) = (Fate::of(&db), Fate::of(&da));
        let (cb, ca) = (cors_view(probe, &db), cors_view(probe, &da));
        if fb == fa && cb == ca {
            continue;
        }
        differing += 1;
        let (cause, summary) = match cors_cause((&db, &fb, cb.as_ref()), (&da, &fa, ca.as_ref())) {
            Some(summary) => ("cors", summary),
            None => cause(&fb, &fa),
        };
        let (sb, sa) = (source(db.matched.as_ref()), source(da.matched.as_ref()));
        let group = groups
            .entry((cause.to_string(), sb.clone(), sa.clone()))
            .or_insert_with(|| Group {
                cause: cause.to_string(),
                summary,
                before_source: sb,
                after_source: sa,
                count: 0,
                examples: Vec::new(),
            });
        group.count += 1;
        if group.examples.len() < EXAMPLES_PER_GROUP {
            group.examples.push(Difference {
                request: Witness::of(probe),
                before: format!("{}{}", fb.describe(), describe_cors(cb.as_ref())),
                after: format!("{}{}", fa.describe(), describe_cors(ca.as_ref())),
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
        groups,
    }
}

impl Verification {
    /// The comparison for people: the verdict, then each group with its witnesses.
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
            "{} route differently, in {} group(s)\n",
            self.differing,
            self.groups.len()
        ));
        // Many groups (one per responsible object): first how they add up, so the kinds of difference are seen
        // before the thousands of cases.
        if self.groups.len() > OVERVIEW_ABOVE {
            // ((cause, summary), (groups, requests)).
            type Kind<'a> = ((&'a str, &'a str), (usize, usize));
            let mut kinds: Vec<Kind<'_>> = Vec::new();
            for g in &self.groups {
                let key = (g.cause.as_str(), g.summary.as_str());
                match kinds.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, (groups, requests))) => {
                        *groups += 1;
                        *requests += g.count;
                    }
                    None => kinds.push((key, (1, g.count))),
                }
            }
            kinds.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(&b.0)));
            out.push_str("\nby kind:\n");
            for ((cause, summary), (groups, requests)) in kinds {
                out.push_str(&format!(
                    "  {requests} request(s) in {groups} group(s): [{cause}] {summary}\n"
                ));
            }
        }
        for g in &self.groups {
            out.push_str(&format!(
                "\n[{}] {} request(s): {}\n",
                g.cause, g.count, g.summary
            ));
            out.push_str(&format!(
                "  before: {}\n  after:  {}\n",
                g.before_source, g.after_source
            ));
            for e in &g.examples {
                out.push_str(&format!(
                    "  {}\n    before: {}\n    after:  {}\n",
                    e.request, e.before, e.after
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Group, OVERVIEW_ABOVE, Verification, cors_view, normalize_location};
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

    fn group(cause: &str, summary: &str, count: usize) -> Group {
        Group {
            cause: cause.to_string(),
            summary: summary.to_string(),
            before_source: "Ingress ns/a".to_string(),
            after_source: "HTTPRoute ns/a".to_string(),
            count,
            examples: Vec::new(),
        }
    }

    #[test]
    fn many_groups_start_with_an_overview_by_kind() {
        let mut groups: Vec<Group> = (0..OVERVIEW_ABOVE)
            .map(|_| group("redirect-trailing-slash", "slash", 2))
            .collect();
        groups.push(group("backend", "other backends", 3));
        let v = Verification {
            before_model: "ingress-nginx".into(),
            after_model: "gateway ns/gw".into(),
            probes: 100,
            differing: 13,
            equivalent: false,
            groups,
        };
        let text = v.to_text();
        let overview: Vec<&str> = text
            .lines()
            .skip_while(|l| *l != "by kind:")
            .skip(1)
            .take_while(|l| !l.is_empty())
            .collect();
        assert_eq!(
            overview,
            [
                "  10 request(s) in 5 group(s): [redirect-trailing-slash] slash",
                "  3 request(s) in 1 group(s): [backend] other backends",
            ]
        );
        // Few groups: no overview.
        let few = Verification {
            groups: v.groups[..OVERVIEW_ABOVE].to_vec(),
            ..v
        };
        assert!(!few.to_text().contains("by kind:"));
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
