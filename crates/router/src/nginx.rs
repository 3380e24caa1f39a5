//! The ingress-nginx model: how ingress-nginx (controller v1.15) routes a request through the servers and
//! locations it builds from Ingresses, written from `shared/reference/ingress-nginx-semantics.md` §2 and
//! independent of the converter's model (so comparing the two proves something).
//!
//! Build: Ingresses sorted (oldest first, ties: greater `ns/name` first); Ingresses refused for their
//! annotations (risk above the default `annotations-risk-level`, invalid values whose parser propagates the
//! error) left out, and those whose invalid values deny their locations kept with every location answering
//! 503, both decided from the annotation catalogue (`gateshift-nginx-annotations`) with the converter's
//! rules; invalid values of other annotations read as their default; servers per host (root location from
//! the oldest Ingress naming it), `_` catch-all; locations (first wins on the same path and type),
//! `updateServerLocations` (Prefix `/foo` → `/foo/` + `= /foo`), host-wide regex mode, nginx order;
//! canaries merged per upstream. Request: server (exact, `*.` one label, `_`), app-root, location (exact,
//! 301 to add a slash, longest prefix; or first regex), denied location (503), permanent/temporal redirect,
//! rewrite, HTTPS redirect, canary.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex},
};

use gateshift_api::{
    Object,
    core::Service,
    networking::{Ingress, IngressBackend, LEGACY_CLASS_ANNOTATION, PathType},
};
use gateshift_nginx_annotations::{acceptance, readers};
use regex::Regex;

use crate::{decision::Matched, regex_prefix::PrefixIndex};

mod build;
mod canary;
mod cors;
mod decide;
mod refusals;

pub use refusals::RefusedMatch;

use self::cors::Cors;

const ACME: &str = "/.well-known/acme-challenge";

/// How to build an [`NginxRouter`].
#[derive(Debug, Clone, Default)]
pub struct NginxOptions {
    /// Route only Ingresses of these classes (`spec.ingressClassName` or the legacy annotation); empty: every
    /// Ingress given.
    pub classes: Vec<String>,
}

/// An Ingress ingress-nginx ignores entirely ([`NginxRouter::refused`]), or keeps with every location
/// answering 503 ([`NginxRouter::denied`]), because of one of its annotations.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Refused {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// The annotation that decided it, as written (`nginx.ingress.kubernetes.io/configuration-snippet`).
    pub annotation: String,
    /// Why.
    pub reason: String,
}

/// The servers and locations ingress-nginx would render, compiled for lookup.
#[derive(Debug)]
pub struct NginxRouter {
    servers: Vec<Server>,
    exact_hosts: HashMap<String, usize>,
    /// `*.a.b` servers keyed by `a.b`.
    wildcard_hosts: HashMap<String, usize>,
    /// Canaries by the primary upstream they split.
    canaries: HashMap<Upstream, Canary>,
    /// Hosts (and `*.x` patterns) that have a certificate.
    tls_hosts: HashSet<String>,
    /// `example.com` for every `*.example.com` in `tls_hosts`, so a lookup needs no new string.
    tls_wildcard_parents: HashSet<String>,
    /// `from-to-www-redirect` twins: host → (the Ingress host it redirects to, the Ingress).
    www_twins: HashMap<String, (String, Source)>,
    /// Services by (namespace, name); empty = not given, every Service assumed present.
    /// Services by namespace, then name (looked up with borrowed strings on every decision).
    services: HashMap<String, HashMap<String, Service>>,
    refused: Vec<Refused>,
    denied: Vec<Refused>,
    locations: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Upstream {
    namespace: String,
    service: String,
    port: String,
}

#[derive(Debug, Clone)]
struct Source {
    namespace: String,
    name: String,
    rule: Option<usize>,
    path: Option<usize>,
}

#[derive(Debug, Clone)]
enum Target {
    /// The controller's default backend (built-in 404).
    Default,
    /// A Service port (number or name as written).
    Service(Upstream),
}

/// The annotations of one Ingress that routing depends on.
#[derive(Debug, Clone, Default)]
struct Ann {
    use_regex: bool,
    rewrite_target: Option<String>,
    ssl_redirect: bool,
    force_ssl_redirect: bool,
    preserve_trailing_slash: bool,
    permanent_redirect: Option<(String, u16)>,
    temporal_redirect: Option<(String, u16)>,
    app_root: Option<String>,
    upstream_vhost: Option<String>,
    x_forwarded_prefix: Option<String>,
    /// `LocationDenied`: every location of the Ingress answers 503, with why.
    denied: Option<String>,
    /// `enable-cors: "true"`: the CORS settings.
    cors: Option<Cors>,
}

#[derive(Debug, Clone)]
struct Location {
    /// The nginx location path (after `updateServerLocations`).
    path: String,
    /// `= path` (outside regex mode).
    exact: bool,
    /// The path and type as written in the Ingress (`/` Prefix for a synthesised root).
    ingress_path: String,
    path_type: &'static str,
    source: Option<Source>,
    target: Target,
    ann: Arc<Ann>,
}

#[derive(Debug)]
struct Server {
    name: String,
    locations: Vec<Location>,
    regex_mode: bool,
    /// Regex mode: the compiled `~* "^path"` per location, in order (`None`: invalid, never matches).
    regexes: Vec<Option<Regex>>,
    /// Regex mode: the locations by the literal text their regex starts with, so a request is tried only
    /// against the regexes that can match it (the first match still decides, in location order).
    regex_index: PrefixIndex,
    /// Regex mode: the last `rewrite "(?i)path"` regex compiled, with its location (`None`: it does not
    /// compile). Compiling it per request was most of a decision's time on regex hosts; keeping one per
    /// location grew the memory by a regex per location, while requests for one location come together
    /// (`verify` sorts its probes by host and path), so one is enough.
    rewrite: Mutex<Option<(usize, Option<Regex>)>>,
    exact: HashMap<String, usize>,
    prefix: HashMap<String, usize>,
    app_root: Option<(String, Source)>,
    /// `ssl-passthrough` (assuming the controller runs with `--enable-ssl-passthrough`): TLS connections whose
    /// SNI is this server's name go unterminated to this upstream, before any HTTP routing.
    passthrough: Option<(Upstream, Source)>,
    /// What each location reports when it wins or loses, built once (formatting it per decision was a third
    /// of a decision's time).
    matched: Vec<Matched>,
}

#[derive(Debug)]
struct Canary {
    source: Source,
    backend: Upstream,
    header: Option<String>,
    header_value: Option<String>,
    header_pattern: Option<Result<Regex, String>>,
    cookie: Option<String>,
    weight: u32,
    total: u32,
}

/// The value of annotation `key` as ingress-nginx's parser takes it: `None` when absent, empty (treated as
/// not set) or failing the catalogue's validator (the parsers that do not refuse the Ingress then use their
/// default; for those that do, the Ingress never gets this far).
fn ann_value<'a>(ing: &'a Ingress, key: &str) -> Option<&'a str> {
    readers::value(&ing.metadata.annotations, key)
}

fn ann_str<'a>(ing: &'a Ingress, key: &str) -> Option<&'a str> {
    ann_value(ing, key).map(str::trim)
}

/// A boolean annotation through Go's `strconv.ParseBool`, as every ingress-nginx bool is read.
fn ann_bool(ing: &Ingress, key: &str, default: bool) -> bool {
    readers::bool_or(ann_value(ing, key), default)
}

/// What ingress-nginx makes of an Ingress's annotations before it routes anything.
#[derive(Debug, Default)]
struct Verdict {
    /// The first annotation (in key order) that makes ingress-nginx refuse the whole Ingress, with why.
    refused: Option<(String, String)>,
    /// The first annotation whose invalid value makes every location of the Ingress answer 503, with why.
    denied: Option<(String, String)>,
}

/// The acceptance rules the converter's annotation reader applies too (`acceptance::judge` of the catalogue
/// crate), at ingress-nginx's default `annotations-risk-level`, so `verify` compares like with like.
fn judge(ing: &Ingress) -> Verdict {
    let v = acceptance::judge(&ing.metadata.annotations, acceptance::DEFAULT_RISK_LEVEL);
    let why = |o: acceptance::Objection| {
        let reason = o.reason();
        (o.key, reason)
    };
    Verdict {
        refused: v.refused.map(why),
        denied: v.denied.map(why),
    }
}

fn parse_ann(ing: &Ingress, denied: Option<String>) -> Ann {
    Ann {
        use_regex: ann_bool(ing, "use-regex", false),
        rewrite_target: ann_str(ing, "rewrite-target")
            .filter(|t| !t.is_empty() && !t.contains('?'))
            .map(str::to_string),
        ssl_redirect: ann_bool(ing, "ssl-redirect", true),
        force_ssl_redirect: ann_bool(ing, "force-ssl-redirect", false),
        preserve_trailing_slash: ann_bool(ing, "preserve-trailing-slash", false),
        permanent_redirect: ann_str(ing, "permanent-redirect")
            .filter(|u| !u.is_empty())
            .map(|u| {
                (
                    u.to_string(),
                    readers::permanent_redirect_code(ann_str(ing, "permanent-redirect-code")),
                )
            }),
        temporal_redirect: ann_str(ing, "temporal-redirect")
            .filter(|u| !u.is_empty())
            .map(|u| {
                (
                    u.to_string(),
                    readers::temporal_redirect_code(ann_str(ing, "temporal-redirect-code")),
                )
            }),
        app_root: ann_str(ing, "app-root")
            .filter(|u| !u.is_empty())
            .map(str::to_string),
        upstream_vhost: ann_str(ing, "upstream-vhost")
            .filter(|u| !u.is_empty())
            .map(str::to_string),
        x_forwarded_prefix: ann_str(ing, "x-forwarded-prefix")
            .filter(|u| !u.is_empty())
            .map(str::to_string),
        denied,
        cors: Cors::parse(ing),
    }
}

fn class_of(ing: &Ingress) -> Option<&str> {
    ing.spec.ingress_class_name.as_deref().or_else(|| {
        ing.metadata
            .annotations
            .get(LEGACY_CLASS_ANNOTATION)
            .map(String::as_str)
    })
}

fn upstream_of(ing: &Ingress, b: &IngressBackend) -> Option<Upstream> {
    let s = b.service.as_ref()?;
    let port = s
        .port
        .as_ref()
        .and_then(|p| p.number.map(|n| n.to_string()).or_else(|| p.name.clone()))?;
    Some(Upstream {
        namespace: ing.metadata.namespace_or_default().to_string(),
        service: s.name.clone(),
        port,
    })
}

fn id(ing: &Ingress) -> String {
    format!("{}/{}", ing.metadata.namespace_or_default(), ing.metadata.name)
}

impl NginxRouter {
    /// Builds the model from the Ingresses (and Services, for named ports and missing Services) in `objects`.
    pub fn new<'a>(objects: impl IntoIterator<Item = &'a Object>, options: &NginxOptions) -> NginxRouter {
        Self::build(objects, options, true)
    }

    /// The same model as if ingress-nginx accepted every Ingress it refuses (risky annotations, invalid values
    /// that refuse the Ingress): what a refused Ingress would have done, to explain a decision of [`new`]'s
    /// model. Not how ingress-nginx routes.
    ///
    /// [`new`]: NginxRouter::new
    pub fn accepting_refused<'a>(
        objects: impl IntoIterator<Item = &'a Object>,
        options: &NginxOptions,
    ) -> NginxRouter {
        Self::build(objects, options, false)
    }

    /// The Ingresses ingress-nginx ignores, with the annotation and why, in ingress-nginx order.
    pub fn refused(&self) -> &[Refused] {
        &self.refused
    }

    /// The Ingresses ingress-nginx keeps but whose every location answers 503 (`LocationDenied`: an invalid
    /// value of an annotation such as an allowlist or an auth secret), with the annotation and why.
    pub fn denied(&self) -> &[Refused] {
        &self.denied
    }

    /// How many nginx locations the model holds.
    pub fn len(&self) -> usize {
        self.locations
    }

    /// Whether the model holds no location at all (never: `_` always has `/`).
    pub fn is_empty(&self) -> bool {
        self.locations == 0
    }
}

fn needs_rewrite(loc: &Location) -> bool {
    loc.ann.rewrite_target.as_deref().is_some_and(|t| t != loc.path)
}

/// An Ingress path type as nginx locations are built from it: `Exact`, else `Prefix`.
fn path_type(t: Option<&PathType>) -> &'static str {
    match t {
        Some(PathType::Exact) => "Exact",
        _ => "Prefix",
    }
}
