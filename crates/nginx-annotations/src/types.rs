//! The shape of a catalogue row: the annotation families, value syntaxes, risks, invalid-value behaviours
//! and gateshift's handling.

use serde::Serialize;

/// The family an annotation belongs to (the groups of ingress-nginx's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// Paths and rewrites: use-regex, rewrite-target, app-root, x-forwarded-prefix.
    PathRewrite,
    /// ssl-redirect, force-ssl-redirect, ssl-passthrough, ...
    TlsRedirect,
    /// permanent-redirect, temporal-redirect, from-to-www-redirect.
    Redirect,
    /// canary and canary-*.
    Canary,
    /// auth-* and satisfy.
    Auth,
    /// Source-range allow and deny lists.
    Access,
    /// enable-cors and cors-*.
    Cors,
    /// limit-*.
    RateLimit,
    /// proxy-* timeouts, buffers, body size.
    TimeoutsBuffers,
    /// backend-protocol, proxy-ssl-*, upstream-vhost, load balancing, ...
    Backend,
    /// Session affinity.
    Affinity,
    /// custom-headers.
    Headers,
    /// mirror-*.
    Mirror,
    /// Logging, tracing, aliases, ModSecurity, ...
    Misc,
    /// *-snippet.
    Snippets,
}

/// What a value must look like for ingress-nginx to accept it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type", content = "values")]
pub enum Syntax {
    /// `true` or `false`.
    Bool,
    /// A decimal integer.
    Int,
    /// One of a fixed set of words (compared case-insensitively where ingress-nginx does).
    OneOf(&'static [&'static str]),
    /// An absolute `http(s)://` URL.
    Url,
    /// A comma-separated list of CIDRs or IP addresses.
    CidrList,
    /// `name` or `namespace/name` of an object.
    ObjectRef,
    /// An nginx size (`1m`, `8k`, `0`).
    Size,
    /// A duration as nginx reads it (`5`, `5s`, `1m`).
    Duration,
    /// Free text (headers, paths, templates, regexes); validated by its own converter where it matters.
    Text,
}

/// How ingress-nginx rates an annotation (`annotations-risk.md`); above the `annotations-risk-level`
/// ConfigMap key (default High) the whole Ingress is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Low,
    Medium,
    High,
    Critical,
}

/// What ingress-nginx does when the value does not parse or fails its validator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OnInvalid {
    /// The parser propagates the error: the whole Ingress is refused and routes nothing.
    RefuseIngress,
    /// The parser logs a warning and uses the default.
    UseDefault,
    /// The Ingress is kept but its locations answer 503 (`LocationDenied`).
    DenyLocations,
}

/// How gateshift carries the annotation over to Gateway API. Every variant carries the explanation the
/// report and the docs show, so no annotation is ever without a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "how")]
pub enum Handling {
    /// Converted into standard Gateway API; the text names what it becomes. The converter writes the
    /// per-Ingress report line (exact or approximate).
    Converted(&'static str),
    /// A security control standard Gateway API cannot express: without it the service is more exposed.
    /// Conversion refuses to write manifests unless `--accept-security-loss`; the text says what to use instead.
    SecurityLoss(&'static str),
    /// Changes behaviour in a way the user must reproduce with an implementation policy; the text says how.
    Manual(&'static str),
    /// Cannot be expressed on a Gateway at all; the text says why and what to do.
    Unsupported(&'static str),
    /// No effect on where or how a request is routed (logging, tracing, ...); the text says why it can go.
    NoEffect(&'static str),
}

/// One row of the catalogue.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Annotation {
    /// The name after [`NGINX_PREFIX`](crate::NGINX_PREFIX).
    pub name: &'static str,
    pub group: Group,
    pub syntax: Syntax,
    /// The default ingress-nginx uses when the annotation is absent (`None`: off / unset). A value taken from
    /// the ConfigMap is marked `(cm)`.
    pub default: Option<&'static str>,
    pub risk: Risk,
    pub on_invalid: OnInvalid,
    pub handling: Handling,
    /// For an alias, the annotation it means (`whitelist-source-range` → `allowlist-source-range`).
    pub alias_of: Option<&'static str>,
}

impl Handling {
    /// The explanation carried by any variant.
    pub fn text(self) -> &'static str {
        match self {
            Handling::Converted(t)
            | Handling::SecurityLoss(t)
            | Handling::Manual(t)
            | Handling::Unsupported(t)
            | Handling::NoEffect(t) => t,
        }
    }

    /// The kebab-case name of the variant, as in the JSON form (`converted`, `security-loss`, ...).
    pub fn kind(self) -> &'static str {
        match self {
            Handling::Converted(_) => "converted",
            Handling::SecurityLoss(_) => "security-loss",
            Handling::Manual(_) => "manual",
            Handling::Unsupported(_) => "unsupported",
            Handling::NoEffect(_) => "no-effect",
        }
    }
}

impl Group {
    /// Every group, in the order of the documentation.
    pub const ALL: [Group; 15] = [
        Group::PathRewrite,
        Group::TlsRedirect,
        Group::Redirect,
        Group::Canary,
        Group::Auth,
        Group::Access,
        Group::Cors,
        Group::RateLimit,
        Group::TimeoutsBuffers,
        Group::Backend,
        Group::Affinity,
        Group::Headers,
        Group::Mirror,
        Group::Misc,
        Group::Snippets,
    ];

    /// A human title for listings.
    pub fn title(self) -> &'static str {
        match self {
            Group::PathRewrite => "Paths and rewrites",
            Group::TlsRedirect => "HTTPS redirect and TLS",
            Group::Redirect => "Redirects",
            Group::Canary => "Canary",
            Group::Auth => "Authentication (basic, external, client certificates)",
            Group::Access => "Source IP allow and deny lists",
            Group::Cors => "CORS",
            Group::RateLimit => "Rate limits",
            Group::TimeoutsBuffers => "Timeouts, retries, buffers, body size",
            Group::Backend => "Backends",
            Group::Affinity => "Session affinity",
            Group::Headers => "Headers",
            Group::Mirror => "Mirroring",
            Group::Misc => "Logging, tracing, aliases, WAF",
            Group::Snippets => "Snippets",
        }
    }
}

impl Syntax {
    /// A short description of the accepted values, for listings and error messages.
    pub fn describe(self) -> String {
        match self {
            Syntax::Bool => "bool".into(),
            Syntax::Int => "integer".into(),
            Syntax::OneOf(values) => values.join(", "),
            Syntax::Url => "http(s) URL".into(),
            Syntax::CidrList => "CIDR list".into(),
            Syntax::ObjectRef => "[namespace/]name".into(),
            Syntax::Size => "size (8k, 1m)".into(),
            Syntax::Duration => "duration (5s, 1m)".into(),
            Syntax::Text => "text".into(),
        }
    }
}

impl Risk {
    /// The word ingress-nginx uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Low => "Low",
            Risk::Medium => "Medium",
            Risk::High => "High",
            Risk::Critical => "Critical",
        }
    }
}

impl OnInvalid {
    /// A short phrase for listings.
    pub fn describe(self) -> &'static str {
        match self {
            OnInvalid::RefuseIngress => "Ingress refused",
            OnInvalid::UseDefault => "default used",
            OnInvalid::DenyLocations => "paths answer 503",
        }
    }
}
