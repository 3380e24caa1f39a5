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
    collections::{BTreeMap, HashMap, HashSet},
    sync::Arc,
};

use gateshift_api::{
    Object,
    core::Service,
    networking::{Ingress, IngressBackend, LEGACY_CLASS_ANNOTATION, PathType},
};
use gateshift_nginx_annotations::{self as catalogue, NGINX_PREFIX, OnInvalid, Risk};
use regex::Regex;

use crate::{
    decision::{self, Candidate, Decision, Matched, Outcome, UpstreamRequest, WeightedBackend},
    path,
    request::{Request, Scheme},
};

mod refusals;

pub use refusals::RefusedMatch;

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

/// ingress-nginx's CORS settings of a location (`internal/ingress/annotations/cors`, rendered by the template's
/// `CORS` block and `buildCorsOriginRegex`).
#[derive(Debug, Clone)]
struct Cors {
    /// `None`: the origins are `*` (`$cors` is true for every request, `Access-Control-Allow-Origin: *`).
    /// Otherwise `$http_origin ~* ((o1)|(o2)...)$`, each origin's first `*` standing for one label.
    origins: Option<Regex>,
    methods: String,
    headers: String,
    expose: String,
    credentials: bool,
    max_age: String,
}

/// ingress-nginx's defaults (`internal/ingress/annotations/cors/main.go`).
const CORS_METHODS: &str = "GET, PUT, POST, DELETE, PATCH, OPTIONS";
const CORS_HEADERS: &str = "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization";
const CORS_MAX_AGE: &str = "1728000";

impl Cors {
    fn parse(ing: &Ingress) -> Option<Cors> {
        if !ann_bool(ing, "enable-cors", false) {
            return None;
        }
        let origins: Vec<&str> = ann_str(ing, "cors-allow-origin")
            .unwrap_or("*")
            .split(',')
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .collect();
        let origins = if origins.is_empty() || origins.contains(&"*") {
            None
        } else {
            // `buildOriginRegex`: QuoteMeta, then the first `*` → `[A-Za-z0-9\-]+`.
            let alternatives: Vec<String> = origins
                .iter()
                .map(|o| format!("({})", regex::escape(o).replacen("\\*", "[A-Za-z0-9\\-]+", 1)))
                .collect();
            Regex::new(&format!("(?i)(?:{})$", alternatives.join("|"))).ok()
        };
        Some(Cors {
            origins,
            methods: ann_str(ing, "cors-allow-methods")
                .unwrap_or(CORS_METHODS)
                .to_string(),
            headers: ann_str(ing, "cors-allow-headers")
                .unwrap_or(CORS_HEADERS)
                .to_string(),
            expose: ann_str(ing, "cors-expose-headers").unwrap_or("").to_string(),
            credentials: ann_bool(ing, "cors-allow-credentials", true),
            max_age: ann_str(ing, "cors-max-age")
                .filter(|m| m.parse::<u64>().is_ok())
                .unwrap_or(CORS_MAX_AGE)
                .to_string(),
        })
    }

    /// The headers of the template's `CORS` block when `$cors` is true for `req`, else `None`.
    fn headers_for(&self, req: &Request) -> Option<BTreeMap<String, String>> {
        let allow_origin = match &self.origins {
            None => "*".to_string(),
            Some(re) => {
                let origin = req.header("origin").filter(|o| re.is_match(o))?;
                origin.to_string()
            }
        };
        let mut h = BTreeMap::new();
        h.insert("access-control-allow-origin".to_string(), allow_origin);
        if self.credentials {
            h.insert("access-control-allow-credentials".to_string(), "true".to_string());
        }
        h.insert("access-control-allow-methods".to_string(), self.methods.clone());
        h.insert("access-control-allow-headers".to_string(), self.headers.clone());
        if !self.expose.is_empty() {
            h.insert("access-control-expose-headers".to_string(), self.expose.clone());
        }
        h.insert("access-control-max-age".to_string(), self.max_age.clone());
        Some(h)
    }
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
    let value = ing.metadata.annotations.get(&format!("{NGINX_PREFIX}{key}"))?;
    if value.trim().is_empty() || catalogue::lookup(key).is_some_and(|row| row.validate(value).is_err()) {
        return None;
    }
    Some(value)
}

fn ann_str<'a>(ing: &'a Ingress, key: &str) -> Option<&'a str> {
    ann_value(ing, key).map(str::trim)
}

/// A boolean annotation through Go's `strconv.ParseBool`, as every ingress-nginx bool is read.
fn ann_bool(ing: &Ingress, key: &str, default: bool) -> bool {
    ann_value(ing, key)
        .and_then(catalogue::parse_bool)
        .unwrap_or(default)
}

/// What ingress-nginx makes of an Ingress's annotations before it routes anything.
#[derive(Debug, Default)]
struct Verdict {
    /// The first annotation (in key order) that makes ingress-nginx refuse the whole Ingress, with why.
    refused: Option<(String, String)>,
    /// The first annotation whose invalid value makes every location of the Ingress answer 503, with why.
    denied: Option<(String, String)>,
}

/// The acceptance rules, exactly as the converter's annotation reader applies them
/// (`crates/convert/src/annotations.rs`), so `verify` compares like with like: only keys with the
/// ingress-nginx prefix; an unknown name is ignored; a risk above High (the default `annotations-risk-level`
/// since v1.12: every `*-snippet`) refuses the Ingress whatever the value, even empty
/// (`parser.CheckAnnotationRisk` looks at keys only); otherwise an empty value counts as not set, and a value
/// failing its validator does what the catalogue row says (`OnInvalid`): refuse the Ingress, deny its
/// locations, or fall back to the default.
fn judge(ing: &Ingress) -> Verdict {
    let mut v = Verdict::default();
    for (key, value) in &ing.metadata.annotations {
        let Some(name) = key.strip_prefix(NGINX_PREFIX) else {
            continue;
        };
        let Some(row) = catalogue::lookup(name) else {
            continue;
        };
        // `CheckAnnotationRisk` looks at keys only: an empty snippet refuses the Ingress too. Every other check
        // skips empty values.
        if value.trim().is_empty() && row.risk <= Risk::High {
            continue;
        }
        if row.risk > Risk::High {
            v.refused.get_or_insert_with(|| {
                (
                    key.clone(),
                    format!(
                        "{name} is risk {}, above ingress-nginx's default annotations-risk-level (High): ingress-nginx refuses the whole Ingress, so it routes nothing",
                        row.risk.as_str()
                    ),
                )
            });
            continue;
        }
        let Err(why) = row.validate(value) else {
            continue;
        };
        match row.on_invalid {
            OnInvalid::RefuseIngress => {
                v.refused.get_or_insert_with(|| {
                    (
                        key.clone(),
                        format!(
                            "invalid value {value:?} for {name}: {why}. ingress-nginx refuses the whole Ingress, so it routes nothing"
                        ),
                    )
                });
            }
            OnInvalid::DenyLocations => {
                v.denied.get_or_insert_with(|| {
                    (
                        key.clone(),
                        format!(
                            "invalid value {value:?} for {name}: {why}. ingress-nginx keeps the Ingress but every location of it answers 503"
                        ),
                    )
                });
            }
            OnInvalid::UseDefault => {}
        }
    }
    v
}

fn parse_ann(ing: &Ingress, denied: Option<String>) -> Ann {
    let code = |key: &str, range: std::ops::RangeInclusive<u16>, default: u16| {
        ann_str(ing, key)
            .and_then(|c| c.parse::<u16>().ok())
            .filter(|c| range.contains(c))
            .unwrap_or(default)
    };
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
            .map(|u| (u.to_string(), code("permanent-redirect-code", 300..=308, 301))),
        temporal_redirect: ann_str(ing, "temporal-redirect")
            .filter(|u| !u.is_empty())
            .map(|u| (u.to_string(), code("temporal-redirect-code", 300..=307, 302))),
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

    fn build<'a>(
        objects: impl IntoIterator<Item = &'a Object>,
        options: &NginxOptions,
        refuse: bool,
    ) -> NginxRouter {
        let mut ingresses: Vec<&Ingress> = Vec::new();
        let mut services: HashMap<String, HashMap<String, Service>> = HashMap::new();
        for o in objects {
            match o {
                Object::Ingress(i) => ingresses.push(i),
                Object::Service(s) => {
                    services
                        .entry(s.metadata.namespace_or_default().to_string())
                        .or_default()
                        .insert(s.metadata.name.clone(), s.clone());
                }
                _ => {}
            }
        }
        if !options.classes.is_empty() {
            ingresses.retain(|i| class_of(i).is_some_and(|c| options.classes.iter().any(|k| k == c)));
        }
        // ingress-nginx order: oldest first; equal timestamps: the greater ns/name first.
        ingresses.sort_by(|a, b| {
            let ta = a.metadata.creation_timestamp.as_deref().unwrap_or("");
            let tb = b.metadata.creation_timestamp.as_deref().unwrap_or("");
            ta.cmp(tb).then_with(|| id(b).cmp(&id(a)))
        });
        let mut refused = Vec::new();
        let mut denied = Vec::new();
        let mut accepted: Vec<(&Ingress, Option<String>)> = Vec::with_capacity(ingresses.len());
        for i in ingresses {
            let verdict = judge(i);
            let entry = |(annotation, reason): (String, String)| Refused {
                namespace: i.metadata.namespace_or_default().to_string(),
                name: i.metadata.name.clone(),
                annotation,
                reason,
            };
            if let Some(r) = verdict.refused.filter(|_| refuse) {
                refused.push(entry(r));
                continue;
            }
            let why = verdict.denied.map(|d| {
                let r = entry(d);
                let why = format!("{}: {}", r.annotation, r.reason);
                denied.push(r);
                why
            });
            accepted.push((i, why));
        }
        // canary-* without canary: "true" is discarded and the Ingress competes normally. A canary Ingress
        // renders no location of its own, so denying its locations changes nothing.
        let (canary_ings, normal): (Vec<_>, Vec<_>) = accepted
            .into_iter()
            .partition(|(i, _)| ann_bool(i, "canary", false));
        let canary_ings: Vec<&Ingress> = canary_ings.into_iter().map(|(i, _)| i).collect();

        let mut servers: Vec<Server> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut seen: Vec<HashSet<(String, &'static str)>> = Vec::new();
        let mut root_is_synth: Vec<bool> = Vec::new();
        let new_server = |name: &str, root: Location| Server {
            name: name.to_string(),
            locations: vec![root],
            regex_mode: false,
            regexes: Vec::new(),
            exact: HashMap::new(),
            prefix: HashMap::new(),
            app_root: None,
            passthrough: None,
            matched: Vec::new(),
        };
        let default_root = Location {
            path: "/".into(),
            exact: false,
            ingress_path: "/".into(),
            path_type: "Prefix",
            source: None,
            target: Target::Default,
            ann: Arc::new(Ann {
                ssl_redirect: true,
                ..Ann::default()
            }),
        };
        servers.push(new_server("_", default_root));
        by_name.insert("_".into(), 0);
        seen.push(HashSet::new());
        root_is_synth.push(true);
        let mut tls_hosts = HashSet::new();
        let mut catch_all_set = false;
        // server-alias: first Ingress per host wins; www twins: first Ingress per twin wins.
        let mut aliases: Vec<(String, usize)> = Vec::new();
        let mut alias_set: HashSet<usize> = HashSet::new();
        let mut www_twins: HashMap<String, (String, Source)> = HashMap::new();
        // ssl-passthrough: the servers some Ingress flags, with the first such Ingress.
        let mut passthrough_flags: HashMap<usize, Source> = HashMap::new();

        for (ing, denied) in &normal {
            let ing: &Ingress = ing;
            let ann = Arc::new(parse_ann(ing, denied.clone()));
            let ns = ing.metadata.namespace_or_default().to_string();
            let src = |rule: Option<usize>, path: Option<usize>| Source {
                namespace: ns.clone(),
                name: ing.metadata.name.clone(),
                rule,
                path,
            };
            let default_target = ing
                .spec
                .default_backend
                .as_ref()
                .and_then(|b| upstream_of(ing, b))
                .map_or(Target::Default, Target::Service);
            if ing.spec.rules.is_empty() && ing.spec.default_backend.is_some() && !catch_all_set {
                catch_all_set = true;
                // `createServers`: the Ingress's location annotations apply to the catch-all, except its
                // redirect and rewrite settings ("Redirect and rewrite can affect the catch all behavior, skip
                // for now"), which keep the default location's zero values: no redirect, no rewrite, and no
                // HTTPS redirect (ssl-redirect, force-ssl-redirect, app-root and use-regex are rewrite settings).
                let catch_all = Ann {
                    use_regex: false,
                    rewrite_target: None,
                    ssl_redirect: false,
                    force_ssl_redirect: false,
                    preserve_trailing_slash: false,
                    permanent_redirect: None,
                    temporal_redirect: None,
                    app_root: None,
                    ..(*ann).clone()
                };
                servers[0].locations[0] = Location {
                    source: Some(src(None, None)),
                    target: default_target.clone(),
                    ann: Arc::new(catch_all),
                    ..servers[0].locations[0].clone()
                };
            }
            // Certificates belong to servers: every rule host of an Ingress with a tls section is served with
            // one (its own, or the default certificate). A `tls.hosts` entry alone creates no server, so a
            // `*.parent` entry only covers siblings when some Ingress has a rule for the `*.parent` host
            // (certificate.lua looks servers up by name).
            if !ing.spec.tls.is_empty() {
                for r in &ing.spec.rules {
                    if let Some(h) = r.host.as_deref().filter(|h| !h.is_empty()) {
                        tls_hosts.insert(h.to_ascii_lowercase());
                    }
                }
            }
            for (ri, rule) in ing.spec.rules.iter().enumerate() {
                let host = rule
                    .host
                    .as_deref()
                    .filter(|h| !h.is_empty())
                    .map_or("_".to_string(), str::to_ascii_lowercase);
                let si = *by_name.entry(host.clone()).or_insert_with(|| {
                    servers.push(new_server(
                        &host,
                        Location {
                            path: "/".into(),
                            exact: false,
                            ingress_path: "/".into(),
                            path_type: "Prefix",
                            source: Some(src(None, None)),
                            target: default_target.clone(),
                            ann: Arc::clone(&ann),
                        },
                    ));
                    seen.push(HashSet::new());
                    root_is_synth.push(true);
                    servers.len() - 1
                });
                if servers[si].app_root.is_none()
                    && let Some(a) = &ann.app_root
                {
                    servers[si].app_root = Some((a.clone(), src(Some(ri), None)));
                }
                if let Some(list) = ann_str(ing, "server-alias").filter(|a| !a.is_empty())
                    && alias_set.insert(si)
                {
                    for a in list
                        .split(',')
                        .map(|a| a.trim().to_ascii_lowercase())
                        .filter(|a| !a.is_empty())
                    {
                        aliases.push((a, si));
                    }
                }
                // The TLS proxy compares the SNI with server names as strings: a wildcard server never matches.
                if host != "_" && !host.starts_with("*.") && ann_bool(ing, "ssl-passthrough", false) {
                    passthrough_flags.entry(si).or_insert_with(|| src(Some(ri), None));
                }
                if host != "_" && ann_bool(ing, "from-to-www-redirect", false) {
                    let twin = match host.strip_prefix("www.") {
                        Some(bare) => bare.to_string(),
                        None => format!("www.{host}"),
                    };
                    www_twins
                        .entry(twin)
                        .or_insert_with(|| (host.clone(), src(Some(ri), None)));
                }
                let Some(http) = &rule.http else { continue };
                for (pi, p) in http.paths.iter().enumerate() {
                    let raw = p
                        .path
                        .as_deref()
                        .filter(|p| !p.is_empty())
                        .unwrap_or("/")
                        .to_string();
                    let ty: &'static str = match p.path_type {
                        Some(PathType::Exact) => "Exact",
                        _ => "Prefix",
                    };
                    // A non-Service backend is skipped; its path falls to other locations.
                    let Some(up) = upstream_of(ing, &p.backend) else {
                        continue;
                    };
                    if !seen[si].insert((raw.clone(), ty)) {
                        continue; // same path and type: the oldest Ingress wins
                    }
                    let loc = Location {
                        path: raw.clone(),
                        exact: ty == "Exact",
                        ingress_path: raw.clone(),
                        path_type: ty,
                        source: Some(src(Some(ri), Some(pi))),
                        target: Target::Service(up),
                        ann: Arc::clone(&ann),
                    };
                    if raw == "/" && ty == "Prefix" && root_is_synth[si] {
                        servers[si].locations[0] = loc;
                        root_is_synth[si] = false;
                    } else {
                        servers[si].locations.push(loc);
                    }
                }
            }
        }

        let mut locations = 0;
        for s in &mut servers {
            finish_server(s);
            locations += s.locations.len();
        }
        let canaries = merge_canaries(&canary_ings, &servers, &by_name);
        let mut exact_hosts = HashMap::new();
        let mut wildcard_hosts = HashMap::new();
        for (i, s) in servers.iter().enumerate() {
            match s.name.strip_prefix("*.") {
                Some(suffix) => {
                    wildcard_hosts.insert(suffix.to_string(), i);
                }
                None => {
                    exact_hosts.insert(s.name.clone(), i);
                }
            }
        }
        // Aliases equal to an existing host are dropped; twins only exist where no server does.
        for (alias, si) in aliases {
            exact_hosts.entry(alias).or_insert(si);
        }
        www_twins.retain(|twin, _| !exact_hosts.contains_key(twin));
        // `nginx.go generateTemplate`: a passthrough server's TLS goes to the Service of its `/` location.
        for (si, source) in passthrough_flags {
            let server = &mut servers[si];
            if let Some(Target::Service(up)) = server
                .locations
                .iter()
                .find(|l| l.path == "/" && !l.exact)
                .map(|l| &l.target)
            {
                server.passthrough = Some((up.clone(), source));
            }
        }
        let tls_wildcard_parents = tls_hosts
            .iter()
            .filter_map(|h| h.strip_prefix("*.").map(str::to_string))
            .collect();
        for server in &mut servers {
            server.matched = server
                .locations
                .iter()
                .map(|l| location_matched(server, l))
                .collect();
        }
        NginxRouter {
            servers,
            exact_hosts,
            wildcard_hosts,
            canaries,
            tls_hosts,
            tls_wildcard_parents,
            www_twins,
            services,
            refused,
            denied,
            locations,
        }
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

    fn server_for(&self, host: &str) -> &Server {
        let i = self
            .exact_hosts
            .get(host)
            .or_else(|| {
                host.split_once('.')
                    .and_then(|(_, suffix)| self.wildcard_hosts.get(suffix))
            })
            .or_else(|| self.exact_hosts.get("_"))
            .copied()
            .unwrap_or(0);
        &self.servers[i]
    }

    /// Where ingress-nginx sends `req`, and why.
    pub fn decide(&self, req: &Request) -> Decision {
        if req.scheme == Scheme::Https
            && let Some(&si) = self.exact_hosts.get(req.sni())
            && self.servers[si].name == req.sni() // server names only, not aliases
            && let Some((up, src)) = &self.servers[si].passthrough
        {
            // `pkg/tcpproxy`: the SNI picks the backend before nginx sees any HTTP; the backend gets the request
            // as the client sent it.
            return Decision {
                outcome: Outcome::Backend {
                    backends: vec![self.backend(up, 1, 1, None)],
                    upstream_request: UpstreamRequest {
                        host: req.authority(),
                        path: req.path.clone(),
                        headers: decision::header_map(&req.headers),
                    },
                    mirrors: Vec::new(),
                    response_headers: None,
                },
                matched: Some(matched(
                    src,
                    &format!(
                        "server {}: ssl-passthrough, TLS for SNI {} goes unterminated to {}/{}",
                        self.servers[si].name,
                        req.sni(),
                        up.namespace,
                        up.service
                    ),
                )),
                candidates: Vec::new(),
                cors_headers: BTreeMap::new(),
            };
        }
        if let Some((target, src)) = self.www_twins.get(&req.host)
            && !self.exact_hosts.contains_key(&req.host)
        {
            // `ngx_srv_redirect.lua`: port always present, one trailing `/` stripped.
            let mut location = format!("{}://{target}:{}{}", req.scheme.as_str(), req.port, req.path);
            if location.ends_with('/') {
                location.pop();
            }
            return Decision {
                outcome: Outcome::Redirect {
                    status: 308,
                    location,
                },
                matched: Some(matched(
                    src,
                    &format!("server {}: from-to-www-redirect to {target}", req.host),
                )),
                candidates: Vec::new(),
                cors_headers: BTreeMap::new(),
            };
        }
        let server = self.server_for(&req.host);
        let uri = path::normalize(req.path_only());
        let query = || req.query().map(|q| format!("?{q}")).unwrap_or_default();
        if let Some((root, src)) = &server.app_root
            && uri == "/"
        {
            return Decision {
                outcome: Outcome::Redirect {
                    status: 302,
                    location: format!("{}://{}{root}", req.scheme.as_str(), req.authority()),
                },
                matched: Some(matched(src, &format!("server {}: app-root {root}", server.name))),
                candidates: Vec::new(),
                cors_headers: BTreeMap::new(),
            };
        }
        let (chosen, slash_redirect, others) = select(server, &uri);
        let loc = &server.locations[chosen];
        let candidates: Vec<Candidate> = others
            .into_iter()
            .map(|(i, lost)| Candidate {
                rule: server.matched[i].clone(),
                lost,
            })
            .collect();
        let matched = Some(server.matched[chosen].clone());
        let ann = &loc.ann;
        // `$cors` (the template's `CORS` block, in the location's rewrite phase: after nginx's own 301 that adds
        // a slash, which happens while the location is found, and not in a denied location).
        let cors = if slash_redirect || ann.denied.is_some() {
            None
        } else {
            ann.cors.as_ref().and_then(|c| c.headers_for(req))
        };
        // Every branch below ends in exactly one decision. `more_set_headers` without `-s` adds the CORS headers
        // to 2xx and 301/302/307/308 answers only (headers-more's default statuses).
        let decision = move |outcome: Outcome| {
            let with_cors = match &outcome {
                Outcome::Backend { .. } => true,
                Outcome::Redirect { status, .. } => matches!(status, 301 | 302 | 307 | 308),
                Outcome::Response { status, .. } => (200..300).contains(status),
            };
            Decision {
                outcome,
                matched,
                candidates,
                cors_headers: cors.filter(|_| with_cors).unwrap_or_default(),
            }
        };
        if slash_redirect {
            return decision(Outcome::Redirect {
                status: 301,
                location: format!(
                    "{}://{}{}/{}",
                    req.scheme.as_str(),
                    req.host,
                    req.path_only(),
                    query()
                ),
            });
        }
        // A denied location is rendered as `return 503;` alone: nothing else of it (redirects, rewrite, the
        // Lua HTTPS redirect, which runs after the rewrite module's `return`) happens.
        if let Some(why) = &ann.denied {
            return decision(Outcome::Response {
                status: 503,
                reason: format!("location denied: {why}"),
            });
        }
        // `if ($cors = "trueoptions") { ... return 204; }`: before the redirects, the rewrite and the HTTPS
        // redirect (Lua, in the rewrite phase after it).
        if req.method == "OPTIONS"
            && let Some(c) = &ann.cors
            && c.headers_for(req).is_some()
        {
            let which = if c.origins.is_none() {
                "enable-cors with origin *: ingress-nginx answers every OPTIONS request itself"
            } else {
                "enable-cors: ingress-nginx answers an OPTIONS request from an allowed Origin itself"
            };
            return decision(Outcome::Response {
                status: 204,
                reason: format!("CORS preflight ({which})"),
            });
        }
        if let Some((url, code)) = ann.temporal_redirect.as_ref().or(ann.permanent_redirect.as_ref()) {
            return decision(Outcome::Redirect {
                status: *code,
                location: url.clone(),
            });
        }
        let rewritten = if server.regex_mode && needs_rewrite(loc) {
            ann.rewrite_target
                .as_ref()
                .map(|t| rewrite(&loc.path, t, &uri, &query()))
        } else {
            None
        };
        if req.scheme == Scheme::Http && !loc.path.starts_with(ACME) {
            let has_tls = || {
                self.tls_hosts.contains(&req.host)
                    || req
                        .host
                        .split_once('.')
                        .is_some_and(|(_, parent)| self.tls_wildcard_parents.contains(parent))
            };
            if ann.force_ssl_redirect || (ann.ssl_redirect && has_tls()) {
                let mut location = format!("https://{}{}", req.host, req.path);
                if !ann.preserve_trailing_slash && location.ends_with('/') {
                    location.pop();
                }
                return decision(Outcome::Redirect {
                    status: 308,
                    location,
                });
            }
        }
        let up = match &loc.target {
            Target::Default => {
                return decision(Outcome::Response {
                    status: 404,
                    reason: format!("server {}: the default backend answers 404", server.name),
                });
            }
            Target::Service(up) => up,
        };
        if !self.services.is_empty() && self.service(up).is_none() {
            return decision(Outcome::Response {
                status: 503,
                reason: format!(
                    "Service {}/{} is not in the input (no endpoints)",
                    up.namespace, up.service
                ),
            });
        }
        let mut headers = req.headers.clone();
        if rewritten.is_some()
            && let Some(p) = &ann.x_forwarded_prefix
        {
            headers.push(("X-Forwarded-Prefix".into(), p.clone()));
        }
        let upstream_request = UpstreamRequest {
            host: ann.upstream_vhost.clone().unwrap_or_else(|| req.authority()),
            path: rewritten.unwrap_or_else(|| req.path.clone()),
            headers: decision::header_map(&headers),
        };
        let backends = self.backends(up, req);
        decision(Outcome::Backend {
            backends,
            upstream_request,
            mirrors: Vec::new(),
            response_headers: None,
        })
    }

    fn service(&self, up: &Upstream) -> Option<&Service> {
        self.services.get(&up.namespace)?.get(&up.service)
    }

    fn backend(&self, up: &Upstream, weight: u32, total: u64, reason: Option<String>) -> WeightedBackend {
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
    fn backends(&self, up: &Upstream, req: &Request) -> Vec<WeightedBackend> {
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

fn needs_rewrite(loc: &Location) -> bool {
    loc.ann.rewrite_target.as_deref().is_some_and(|t| t != loc.path)
}

/// `updateServerLocations`, the regex mode, nginx order and the lookup indexes of one server.
fn finish_server(s: &mut Server) {
    s.regex_mode = s.locations.iter().any(|l| l.ann.use_regex || needs_rewrite(l));
    let exact_paths: HashSet<String> = s
        .locations
        .iter()
        .filter(|l| l.exact)
        .map(|l| l.path.clone())
        .collect();
    let mut out: Vec<Location> = Vec::with_capacity(s.locations.len() * 2);
    for l in s.locations.drain(..) {
        if l.path == "/" || l.exact || l.ann.use_regex || needs_rewrite(&l) {
            out.push(l);
            continue;
        }
        let mut prefix = l.clone();
        if !prefix.path.ends_with('/') {
            prefix.path.push('/');
        }
        if exact_paths.contains(&l.path) {
            out.push(prefix);
            continue;
        }
        let mut exact = l;
        exact.exact = true;
        out.push(prefix);
        out.push(exact);
    }
    // Sort: by path string descending, then (stable) by length descending.
    out.sort_by(|a, b| b.path.len().cmp(&a.path.len()).then_with(|| b.path.cmp(&a.path)));
    s.locations = out;
    if s.regex_mode {
        s.regexes = s
            .locations
            .iter()
            .map(|l| Regex::new(&format!("(?i)^{}", l.path)).ok())
            .collect();
    } else {
        for (i, l) in s.locations.iter().enumerate() {
            let map = if l.exact { &mut s.exact } else { &mut s.prefix };
            map.entry(l.path.clone()).or_insert(i);
        }
    }
}

/// Location selection: (chosen, whether nginx answers 301 to add a slash, other matching locations with why
/// they lost).
fn select(s: &Server, uri: &str) -> (usize, bool, Vec<(usize, String)>) {
    if s.regex_mode {
        let mut chosen = None;
        let mut others = Vec::new();
        for (i, re) in s.regexes.iter().enumerate() {
            if re.as_ref().is_some_and(|re| re.is_match(uri)) {
                match chosen {
                    None => chosen = Some(i),
                    Some(c) => others.push((
                        i,
                        format!(
                            "regex mode on this host: locations are tried longest first and {:?} matched before",
                            s.locations[c].path
                        ),
                    )),
                }
            }
        }
        return (chosen.unwrap_or(0), false, others);
    }
    // Prefix locations all end with `/` (except none): the candidates are the URI prefixes ending at a `/`.
    let mut prefixes: Vec<usize> = uri
        .match_indices('/')
        .filter_map(|(i, _)| s.prefix.get(&uri[..=i]).copied())
        .collect();
    prefixes.reverse(); // longest first
    if let Some(&e) = s.exact.get(uri) {
        let others = prefixes
            .into_iter()
            .map(|i| (i, "an exact location (=) is chosen before any prefix".to_string()))
            .collect();
        return (e, false, others);
    }
    // nginx's 301 comes from `proxy_pass` in a location whose prefix ends with `/`; a denied location has no
    // `proxy_pass` (only `return 503`), so the bare path falls to the next prefix instead (derived).
    if !uri.ends_with('/')
        && let Some(&p) = s.prefix.get(&format!("{uri}/"))
        && s.locations[p].ann.denied.is_none()
    {
        let others = prefixes
            .into_iter()
            .map(|i| {
                (
                    i,
                    format!("nginx redirects {uri} to {uri}/ first (a prefix location ends with /)"),
                )
            })
            .collect();
        return (p, true, others);
    }
    let Some((&first, rest)) = prefixes.split_first() else {
        return (0, false, Vec::new());
    };
    let others = rest
        .iter()
        .map(|&i| (i, format!("shorter prefix than {:?}", s.locations[first].path)))
        .collect();
    (first, false, others)
}

/// `rewrite "(?i)<path>" <target> break;` with `$n` captures; the original query is appended.
fn rewrite(loc_path: &str, target: &str, uri: &str, query: &str) -> String {
    let caps = Regex::new(&format!("(?i){loc_path}")).ok().and_then(|re| {
        re.captures(uri).map(|c| {
            c.iter()
                .map(|m| m.map_or(String::new(), |m| m.as_str().to_string()))
                .collect::<Vec<_>>()
        })
    });
    let caps = caps.unwrap_or_default();
    let mut out = String::new();
    let mut chars = target.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$'
            && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
        {
            chars.next();
            out.push_str(caps.get(d as usize).map_or("", String::as_str));
            continue;
        }
        out.push(c);
    }
    format!("{out}{query}")
}

fn matched(src: &Source, description: &str) -> Matched {
    Matched {
        kind: "Ingress".to_string(),
        namespace: src.namespace.clone(),
        name: src.name.clone(),
        rule: src.rule,
        match_index: src.path,
        description: description.to_string(),
    }
}

fn location_matched(s: &Server, l: &Location) -> Matched {
    let loc = if s.regex_mode {
        format!("~* \"^{}\"", l.path)
    } else if l.exact {
        format!("= {}", l.path)
    } else {
        l.path.clone()
    };
    let what = match &l.source {
        Some(src) if src.rule.is_none() => "root location synthesised from the oldest Ingress of the host",
        None => "the controller's default backend",
        Some(_) => "path",
    };
    let description = format!(
        "server {} location {loc} ({what} {} {}){}",
        s.name,
        l.ingress_path,
        l.path_type,
        if s.regex_mode {
            "; regex mode on this host"
        } else {
            ""
        }
    );
    match &l.source {
        Some(src) => matched(src, &description),
        None => Matched {
            kind: "Controller".to_string(),
            namespace: String::new(),
            name: "default-backend".to_string(),
            rule: None,
            match_index: None,
            description,
        },
    }
}

/// `mergeAlternativeBackends`: a canary path joins the primary upstream of the location with the same host,
/// raw path and type; the first canary per upstream wins; the split then applies wherever that upstream is
/// used.
fn merge_canaries(
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
                let ty = match p.path_type {
                    Some(PathType::Exact) => "Exact",
                    _ => "Prefix",
                };
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
                        .and_then(|w| w.parse().ok())
                        .unwrap_or(0),
                    total: ann_str(ing, "canary-weight-total")
                        .and_then(|w| w.parse().ok())
                        .unwrap_or(100),
                });
            }
        }
    }
    out
}
