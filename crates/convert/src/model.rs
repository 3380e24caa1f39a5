//! The model between provider and emitter: what ingress-nginx makes of one ingress class (servers, locations,
//! TLS, redirects, rewrites, canaries, passthrough). The provider ([`crate::nginx`]) builds it from the
//! Ingresses; an emitter ([`crate::emit`]) reads it and nothing else of the provider.

use std::collections::BTreeMap;

use crate::{
    input::Input,
    intent::{Canary, FixedRedirect},
};
/// The paths cert-manager and other ACME clients use; ingress-nginx never redirects them to HTTPS
/// (ConfigMap `no-tls-redirect-locations`).
pub(crate) const ACME_CHALLENGE_PREFIX: &str = "/.well-known/acme-challenge";

/// How a location matches, after ingress-nginx's defaulting (ImplementationSpecific and unset are Prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum PathKind {
    Exact,
    Prefix,
}

impl PathKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PathKind::Exact => "Exact",
            PathKind::Prefix => "Prefix",
        }
    }
}

/// A Service port, resolved to a number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ServiceBackend {
    pub namespace: String,
    pub name: String,
    pub port: i32,
}

/// What a location does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// Proxy to a Service.
    Service(ServiceBackend),
    /// nginx's own 301 from `/foo` to `/foo/` for a Prefix `/foo/` location.
    TrailingSlash(String),
    /// The global default backend: 404 (nothing to write on HTTPS, but HTTP may still redirect).
    NotFound,
    /// A Service backend ingress-nginx cannot resolve (no such Service or port name): 503, with a finding
    /// at the reference.
    Unavailable,
    /// `permanent-redirect` / `temporal-redirect`: a fixed redirect, answered before anything else.
    Redirect(FixedRedirect),
    /// `app-root`: `/` answers 302 to this path (server level, before location selection).
    AppRoot(String),
    /// `from-to-www-redirect`: the twin host answers 308 to this host, keeping scheme, path and query.
    WwwRedirect(String),
}

/// How a location matches once ingress-nginx rendered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Matcher {
    /// `= /path` (case-sensitive).
    Exact(String),
    /// `/path` prefix, segment-wise (case-sensitive).
    Prefix(String),
    /// Regex mode: `~* "^<path>"`, case-insensitive, anchored at the start only. The string is the regex that
    /// means the same under full-match semantics (`(?i)<path>.*`).
    Regex(String),
}

/// How a `rewrite-target` comes across.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rewrite {
    /// The whole path becomes this literal (no captures used).
    Full(String),
    /// The matched prefix (the Matcher is then a Prefix) is replaced by this.
    Prefix(String),
}

/// A canary merged into a location: the alternative backend and when requests go there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CanaryRoute {
    pub backend: ServiceBackend,
    pub config: Canary,
    /// The canary Ingress.
    pub ingress: usize,
}

/// One nginx location, tied to the Ingress that created it.
#[derive(Debug, Clone)]
pub(crate) struct Location {
    pub path: String,
    pub kind: PathKind,
    pub target: Target,
    /// Index of the Ingress in `Input::ingresses`.
    pub ingress: usize,
    /// Whether plain-HTTP requests to this location are redirected to HTTPS.
    pub https_redirect: bool,
    /// How it matches, decided once the host's regex mode is known.
    pub matcher: Matcher,
    /// The rewrite it applies, when it is a literal path or a prefix replacement.
    pub rewrite: Option<Rewrite>,
    /// The canary alternative of its upstream, if any.
    pub canary: Option<CanaryRoute>,
}

impl Location {
    pub(crate) fn new(path: String, kind: PathKind, target: Target, ingress: usize) -> Location {
        let matcher = match kind {
            PathKind::Exact => Matcher::Exact(path.clone()),
            PathKind::Prefix => Matcher::Prefix(path.clone()),
        };
        Location {
            path,
            kind,
            target,
            ingress,
            https_redirect: false,
            matcher,
            rewrite: None,
            canary: None,
        }
    }
}

/// How a host is served over HTTPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tls {
    /// No certificate: HTTP only (ingress-nginx still answers 443 with its default certificate).
    None,
    /// A certificate from a Secret (namespace, name), chosen from the Ingress at `ingress`.
    Cert {
        namespace: String,
        secret: String,
        ingress: usize,
    },
    /// Some Ingress of the host has a `tls` section but no usable certificate for it: ingress-nginx serves its
    /// default certificate and still redirects.
    DefaultCert { ingress: usize },
}

/// One nginx server: a host (`None` = the catch-all `_`).
#[derive(Debug, Clone)]
pub(crate) struct Server {
    pub host: Option<String>,
    /// The oldest Ingress naming the host: owns the root location and server-level settings.
    pub owner: usize,
    pub locations: Vec<Location>,
    pub tls: Tls,
    /// Whether ingress-nginx renders every location of the host as a case-insensitive regex.
    pub regex: bool,
    /// `ssl-passthrough`: TLS connections for the host go, unterminated, to this Service (from the Ingress at
    /// the index).
    pub passthrough: Option<(ServiceBackend, usize)>,
}

impl Server {
    pub fn has_tls(&self) -> bool {
        !matches!(self.tls, Tls::None)
    }
}

/// The ingress-nginx view of one ingress class.
#[derive(Debug, Default)]
pub(crate) struct ClassModel {
    /// Servers by host; the catch-all under `None` (sorts first).
    pub servers: BTreeMap<Option<String>, Server>,
    /// Ingresses of this class that produce routes, by index.
    pub ingresses: Vec<usize>,
}

impl ClassModel {
    /// The part of the model served by Ingresses of namespace `ns` (for one entry point per namespace).
    pub(crate) fn only_namespace(&self, input: &Input<'_>, ns: &str) -> ClassModel {
        let in_ns = |i: usize| input.ingresses[i].r.namespace == ns;
        let mut servers = BTreeMap::new();
        for (host, s) in &self.servers {
            let locations: Vec<Location> = s.locations.iter().filter(|l| in_ns(l.ingress)).cloned().collect();
            let Some(owner) = locations.iter().map(|l| l.ingress).min() else {
                continue;
            };
            servers.insert(
                host.clone(),
                Server {
                    host: s.host.clone(),
                    owner,
                    locations,
                    tls: s.tls.clone(),
                    regex: s.regex,
                    passthrough: s.passthrough.clone(),
                },
            );
        }
        ClassModel {
            servers,
            ingresses: self.ingresses.iter().copied().filter(|&i| in_ns(i)).collect(),
        }
    }
}

/// Paths a location can carry as a literal match: an absolute URI path of RFC 3986 characters, percent-encoding
/// well formed, no empty, `.` or `..` segment, no encoded `/` and no fragment, at most 1024 characters.
pub(crate) fn check_path(path: &str) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err("it must start with '/'".into());
    }
    if path.len() > 1024 {
        return Err("it is longer than 1024 characters".into());
    }
    for bad in ["//", "/./", "/../", "%2f", "%2F", "#"] {
        if path.contains(bad) {
            return Err(format!("it must not contain {bad:?}"));
        }
    }
    if path.ends_with("/..") || path.ends_with("/.") {
        return Err("it must not end with '/..' or '/.'".into());
    }
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'%' {
            let hex = |b: Option<&u8>| b.is_some_and(u8::is_ascii_hexdigit);
            if !(hex(bytes.get(i + 1)) && hex(bytes.get(i + 2))) {
                return Err("'%' must start a percent-encoded byte".into());
            }
            i += 3;
            continue;
        }
        if !(c.is_ascii_alphanumeric() || b"-/._~!$&'()*+,;=:@".contains(&c)) {
            return Err(format!("character {:?} is not allowed", c as char));
        }
        i += 1;
    }
    Ok(())
}
