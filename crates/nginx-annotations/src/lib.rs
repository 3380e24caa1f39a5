//! The ingress-nginx annotation catalogue: every `nginx.ingress.kubernetes.io/*` annotation, its value syntax,
//! its default, what ingress-nginx does with an invalid value, and how gateshift carries it over.
//!
//! Facts about ingress-nginx, shared by the two sides `verify` compares: the converter
//! (`gateshift-convert`, which re-exports this crate as `catalogue`) and the router's independent ingress-nginx
//! model (`gateshift-router`), which must not depend on the converter. This table is the single source for
//! which annotations make ingress-nginx refuse an Ingress (risk, invalid values), for the report line of every
//! annotation that the conversion does not act on, for `gateshift annotations`, and for docs/annotations.md
//! (generated from it and checked by a test).
//! Source: ingress-nginx `docs/user-guide/nginx-configuration/annotations.md`, `annotations-risk.md` and the
//! parsers under `internal/ingress/annotations/`.

use serde::Serialize;

/// The prefix of every ingress-nginx annotation.
pub const NGINX_PREFIX: &str = "nginx.ingress.kubernetes.io/";

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
    /// The name after [`NGINX_PREFIX`].
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

/// Every `nginx.ingress.kubernetes.io/*` annotation ingress-nginx v1.15 reads, aliases included.
///
/// Handling rules: `Converted` only where the conversion writes the equivalent Gateway API; `SecurityLoss` for
/// every annotation of a control whose absence lets more requests through (authentication, client certificates,
/// source-IP lists, rate limits, the WAF), including the parameters that only tune such a control: they are
/// meaningless without it, and reporting them with it keeps the whole control visible; snippets are
/// `Unsupported` (risk Critical: ingress-nginx refuses the Ingress at its default risk level).
pub const CATALOGUE: &[Annotation] = rows::ALL;

/// The table itself, with short constructors.
mod rows {
    use super::{Annotation, Group, Handling, OnInvalid, Risk, Syntax};
    use Group::*;
    use Handling::*;
    use OnInvalid::*;
    use Risk::*;
    use Syntax::*;

    const fn row(
        name: &'static str,
        group: Group,
        syntax: Syntax,
        default: Option<&'static str>,
        risk: Risk,
        on_invalid: OnInvalid,
        handling: Handling,
    ) -> Annotation {
        Annotation {
            name,
            group,
            syntax,
            default,
            risk,
            on_invalid,
            handling,
            alias_of: None,
        }
    }

    const fn alias(of: &'static str, a: Annotation) -> Annotation {
        Annotation {
            alias_of: Some(of),
            ..a
        }
    }

    const ON_OFF: &[&str] = &["on", "off"];

    /// The common part of every snippet row.
    macro_rules! snippet {
        ($what:literal) => {
            Unsupported(concat!(
                "raw nginx configuration ",
                $what,
                ". Its risk is Critical: with the default annotations-risk-level (High) ingress-nginx refuses the \
                 whole Ingress, and even when the level allows it the snippet is dropped unless \
                 allow-snippet-annotations is true. nginx directives cannot be translated: find out what the \
                 snippet does and rebuild that with route filters or your implementation's policies"
            ))
        };
    }

    pub(super) const ALL: &[Annotation] = &[
        // ---------------------------------------------------------------- paths and rewrites
        row(
            "use-regex",
            PathRewrite,
            Bool,
            Some("false"),
            Low,
            UseDefault,
            Converted(
                "RegularExpression path matches (`^<path>`, case-insensitive) for every path of the host, because ingress-nginx switches the whole host to regex locations; RegularExpression support and syntax are implementation-specific (RE2 on Envoy-based implementations)",
            ),
        ),
        row(
            "rewrite-target",
            PathRewrite,
            Text,
            None,
            Medium,
            UseDefault,
            Converted(
                "HTTPRoute URLRewrite filter on the path (ReplacePrefixMatch or ReplaceFullPath); targets built from regex captures that no standard rewrite can express are reported as manual. It also switches the host to regex matching, like use-regex",
            ),
        ),
        row(
            "app-root",
            PathRewrite,
            Text,
            None,
            Medium,
            UseDefault,
            Converted("an Exact `/` rule with a RequestRedirect filter (302) to the app-root path"),
        ),
        row(
            "x-forwarded-prefix",
            PathRewrite,
            Text,
            None,
            Medium,
            RefuseIngress,
            Converted(
                "RequestHeaderModifier filter setting X-Forwarded-Prefix, on rewritten rules only (ingress-nginx sends the header only together with rewrite-target)",
            ),
        ),
        row(
            "preserve-trailing-slash",
            PathRewrite,
            Bool,
            Some("false"),
            Medium,
            UseDefault,
            Converted(
                "shapes the HTTP-to-HTTPS RequestRedirect: a Gateway redirect keeps the path as it is, which is what `true` asks for; ingress-nginx's default of stripping one trailing slash cannot be reproduced and is reported as approximate",
            ),
        ),
        // ---------------------------------------------------------------- HTTPS redirect and TLS
        row(
            "ssl-redirect",
            TlsRedirect,
            Bool,
            Some("true (cm)"),
            Low,
            UseDefault,
            Converted(
                "a RequestRedirect filter (scheme https, 308) on the HTTP listener's route for hosts that have TLS; `false` keeps serving plain HTTP",
            ),
        ),
        row(
            "force-ssl-redirect",
            TlsRedirect,
            Bool,
            Some("false (cm)"),
            Medium,
            UseDefault,
            Converted(
                "the same RequestRedirect to https (308), also for hosts without a certificate on the Gateway (TLS terminated in front of it)",
            ),
        ),
        row(
            "ssl-passthrough",
            TlsRedirect,
            Bool,
            Some("false"),
            Low,
            RefuseIngress,
            Converted(
                "a TLS listener in Passthrough mode with a TLSRoute (SNI hostname) to the Service of the host's `/` path; ingress-nginx needed --enable-ssl-passthrough, and HTTP annotations do not apply to passthrough traffic",
            ),
        ),
        row(
            "use-port-in-redirects",
            TlsRedirect,
            Bool,
            Some("false (cm)"),
            Low,
            UseDefault,
            Manual(
                "it made the redirects nginx issues itself (such as the trailing-slash 301) carry the listener port; Gateway redirects include a port only when set or non-standard, so set `port` on the RequestRedirect filters that need it",
            ),
        ),
        row(
            "ssl-ciphers",
            TlsRedirect,
            Text,
            Some("ECDHE-ECDSA-AES128-GCM-SHA256:... (cm)"),
            Low,
            RefuseIngress,
            Manual(
                "cipher suites of the host's TLS listener; Gateway API has no field for them: Envoy Gateway ClientTrafficPolicy `tls.ciphers`, or the implementation's gateway-wide TLS settings; its default modern cipher list is usually acceptable, check it before dropping the annotation",
            ),
        ),
        row(
            "ssl-prefer-server-ciphers",
            TlsRedirect,
            Bool,
            Some("true (cm)"),
            Low,
            UseDefault,
            NoEffect(
                "server cipher preference only matters for TLS 1.2 clients with weak cipher choices; Gateway implementations choose their own, modern cipher order",
            ),
        ),
        // ---------------------------------------------------------------- redirects
        row(
            "permanent-redirect",
            Redirect,
            Url,
            None,
            Medium,
            RefuseIngress,
            Converted(
                "a RequestRedirect filter with the URL's scheme, hostname, port and path (ReplaceFullPath) instead of the backends, status from permanent-redirect-code",
            ),
        ),
        row(
            "permanent-redirect-code",
            Redirect,
            Int,
            Some("301"),
            Low,
            RefuseIngress,
            Converted(
                "the RequestRedirect statusCode; ingress-nginx uses 301 for a code outside 300-308, and Gateway API accepts only 301, 302, 303, 307 and 308 (others are reported)",
            ),
        ),
        row(
            "temporal-redirect",
            Redirect,
            Url,
            None,
            Medium,
            RefuseIngress,
            Converted(
                "a RequestRedirect filter to the URL (status from temporal-redirect-code); it wins over permanent-redirect, as in ingress-nginx",
            ),
        ),
        row(
            "temporal-redirect-code",
            Redirect,
            Int,
            Some("302"),
            Low,
            RefuseIngress,
            Converted(
                "the RequestRedirect statusCode; ingress-nginx uses 302 for a code outside 300-307, and Gateway API accepts only 301, 302, 303 and 307 of those (others are reported)",
            ),
        ),
        row(
            "from-to-www-redirect",
            Redirect,
            Bool,
            Some("false"),
            Low,
            UseDefault,
            Converted(
                "a listener and route for the www/non-www twin of each host answering 308 to the host, unless the twin host exists",
            ),
        ),
        row(
            "relative-redirects",
            Redirect,
            Bool,
            Some("false (cm)"),
            Low,
            UseDefault,
            Unsupported(
                "it made nginx's own redirects (such as the trailing-slash 301) use a relative Location; Gateway implementations write absolute Locations and have no switch. Clients follow both, so this only matters when a proxy in front rewrites host or port",
            ),
        ),
        // ---------------------------------------------------------------- canary
        row(
            "canary",
            Canary,
            Bool,
            Some("false"),
            Low,
            UseDefault,
            Converted(
                "the canary Ingress's Service is merged into the main Ingress's rules with the same path: weighted backendRefs and header or cookie match rules",
            ),
        ),
        row(
            "canary-by-header",
            Canary,
            Text,
            None,
            Medium,
            UseDefault,
            Converted(
                "extra rules with a header match: value `always` goes to the canary, `never` to the main Service, ahead of the weighted rule",
            ),
        ),
        row(
            "canary-by-header-value",
            Canary,
            Text,
            None,
            Medium,
            UseDefault,
            Converted("an Exact header match on canary-by-header with this value, routed to the canary"),
        ),
        row(
            "canary-by-header-pattern",
            Canary,
            Text,
            None,
            Medium,
            UseDefault,
            Converted(
                "a RegularExpression header match on canary-by-header, routed to the canary (implementation-specific regex syntax; PCRE features RE2 lacks are reported)",
            ),
        ),
        row(
            "canary-by-cookie",
            Canary,
            Text,
            None,
            Medium,
            UseDefault,
            Converted(
                "a RegularExpression match on the Cookie header for `<name>=always` (canary) and `<name>=never` (main Service)",
            ),
        ),
        row(
            "canary-weight",
            Canary,
            Int,
            Some("0"),
            Low,
            UseDefault,
            Converted(
                "backendRef weights: canary-weight for the canary Service, the rest of the total for the main one",
            ),
        ),
        row(
            "canary-weight-total",
            Canary,
            Int,
            Some("100"),
            Low,
            UseDefault,
            Converted(
                "the total the backendRef weights add up to (ingress-nginx uses it only when above 100)",
            ),
        ),
        // ---------------------------------------------------------------- basic and digest authentication
        row(
            "auth-type",
            Auth,
            OneOf(&["basic", "digest"]),
            None,
            Low,
            RefuseIngress,
            SecurityLoss(
                "recreate basic authentication with your implementation's policy: Envoy Gateway SecurityPolicy `basicAuth` (htpasswd Secret), kgateway TrafficPolicy `basicAuth`, or an external auth service (Istio AuthorizationPolicy CUSTOM); digest authentication has no common equivalent and needs an auth service",
            ),
        ),
        row(
            "auth-secret",
            Auth,
            ObjectRef,
            None,
            Medium,
            DenyLocations,
            SecurityLoss(
                "the htpasswd Secret of basic/digest authentication; reference it from the basic-auth policy that replaces it (Envoy Gateway SecurityPolicy `basicAuth.users` reads the `.htpasswd` key, so copy the `auth` key there)",
            ),
        ),
        row(
            "auth-secret-type",
            Auth,
            OneOf(&["auth-file", "auth-map"]),
            Some("auth-file"),
            Low,
            RefuseIngress,
            SecurityLoss(
                "part of basic authentication (auth-type): format of the auth Secret (`auth-file`: one htpasswd `auth` key; `auth-map`: one key per user); convert it to the format the replacement basic-auth policy reads",
            ),
        ),
        row(
            "auth-realm",
            Auth,
            Text,
            None,
            Medium,
            RefuseIngress,
            SecurityLoss(
                "part of basic authentication (auth-type): the realm shown in the login prompt; set it on the replacement basic-auth policy where it has one",
            ),
        ),
        // ---------------------------------------------------------------- external authentication
        row(
            "auth-url",
            Auth,
            Url,
            None,
            High,
            DenyLocations,
            SecurityLoss(
                "external authentication (nginx auth_request) has no standard Gateway API form; point your implementation's ext-auth at the same service: Envoy Gateway SecurityPolicy `extAuth.http`, Istio AuthorizationPolicy CUSTOM with an envoyExtAuthzHttp extensionProvider, kgateway GatewayExtension + TrafficPolicy `extAuth`",
            ),
        ),
        row(
            "auth-method",
            Auth,
            OneOf(&[
                "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE",
            ]),
            None,
            Low,
            DenyLocations,
            SecurityLoss(
                "part of external authentication (auth-url): HTTP method of the auth subrequest; Envoy-based ext-auth keeps the client's method, so make sure the auth service accepts it",
            ),
        ),
        row(
            "auth-signin",
            Auth,
            Url,
            None,
            High,
            UseDefault,
            SecurityLoss(
                "part of external authentication (auth-url): where unauthenticated browsers are redirected (302, with the original URL in `rd`); with Envoy-based ext-auth the auth service must answer that redirect itself (oauth2-proxy does), or use Envoy Gateway SecurityPolicy `oidc`",
            ),
        ),
        row(
            "auth-signin-redirect-param",
            Auth,
            Text,
            Some("rd"),
            Medium,
            UseDefault,
            SecurityLoss(
                "part of external authentication (auth-url): query parameter carrying the original URL in the auth-signin redirect; configure the same name in the auth service that now answers the redirect",
            ),
        ),
        row(
            "auth-response-headers",
            Auth,
            Text,
            None,
            Medium,
            DenyLocations,
            SecurityLoss(
                "part of external authentication (auth-url): headers copied from the auth response to the backend request (the authenticated identity); Envoy Gateway SecurityPolicy `extAuth.headersToBackend`, Istio extensionProvider `headersToUpstreamOnAllow`",
            ),
        ),
        row(
            "auth-proxy-set-headers",
            Auth,
            ObjectRef,
            None,
            Medium,
            DenyLocations,
            SecurityLoss(
                "part of external authentication (auth-url): ConfigMap of extra headers sent to the auth service; have the auth service assume them, or add them where your ext-auth policy allows",
            ),
        ),
        row(
            "auth-request-redirect",
            Auth,
            Text,
            Some("$request_uri"),
            Medium,
            UseDefault,
            SecurityLoss(
                "part of external authentication (auth-url): value of X-Auth-Request-Redirect sent to the auth service; configure the auth service to derive it from the forwarded request instead",
            ),
        ),
        row(
            "auth-cache-key",
            Auth,
            Text,
            None,
            Medium,
            UseDefault,
            SecurityLoss(
                "part of external authentication (auth-url): caching of auth answers; Envoy-based ext-auth does not cache, so expect one auth call per request and size the auth service for it",
            ),
        ),
        row(
            "auth-cache-duration",
            Auth,
            Text,
            Some("200 202 401 5m"),
            Medium,
            DenyLocations,
            SecurityLoss(
                "part of external authentication (auth-url): how long auth answers are cached, per status; Envoy-based ext-auth does not cache, so expect one auth call per request",
            ),
        ),
        row(
            "auth-keepalive",
            Auth,
            Int,
            Some("0"),
            Low,
            UseDefault,
            SecurityLoss(
                "part of external authentication (auth-url): keep-alive connections to the auth service, a connection-pool detail: nothing to set once ext-auth is recreated",
            ),
        ),
        row(
            "auth-keepalive-requests",
            Auth,
            Int,
            Some("1000"),
            Low,
            UseDefault,
            SecurityLoss(
                "part of external authentication (auth-url): requests per keep-alive connection to the auth service, a connection-pool detail: nothing to set once ext-auth is recreated",
            ),
        ),
        row(
            "auth-keepalive-timeout",
            Auth,
            Int,
            Some("60"),
            Low,
            UseDefault,
            SecurityLoss(
                "part of external authentication (auth-url): idle timeout (seconds) of keep-alive connections to the auth service, a connection-pool detail: nothing to set once ext-auth is recreated",
            ),
        ),
        row(
            "auth-keepalive-share-vars",
            Auth,
            Bool,
            Some("false"),
            Low,
            UseDefault,
            SecurityLoss(
                "part of external authentication (auth-url): shares nginx variables between the auth subrequest and the main request; no equivalent, nothing to set once ext-auth is recreated",
            ),
        ),
        row(
            "auth-always-set-cookie",
            Auth,
            Bool,
            Some("false"),
            Low,
            UseDefault,
            SecurityLoss(
                "part of external authentication (auth-url): also passes the auth service's Set-Cookie on failed authentication; check the replacement ext-auth forwards the auth response headers the login flow needs",
            ),
        ),
        row(
            "enable-global-auth",
            Auth,
            Bool,
            Some("true"),
            Low,
            UseDefault,
            Manual(
                "`false` exempts this Ingress from the ConfigMap's global-auth-url. If you recreate that global authentication on the Gateway (say an Envoy Gateway SecurityPolicy targeting the Gateway), override it for these routes (a route-level SecurityPolicy wins), or they start requiring authentication; `true` is the default and changes nothing",
            ),
        ),
        // ---------------------------------------------------------------- client certificates (mTLS)
        row(
            "auth-tls-secret",
            Auth,
            ObjectRef,
            None,
            Medium,
            DenyLocations,
            SecurityLoss(
                "`namespace/name` of the Secret with the CA (ca.crt) client certificates are verified against, for the whole host in ingress-nginx (the first Ingress of the host with a CA wins): Gateway `spec.tls.frontend` validation (caCertificateRefs, standard since v1.5, per port, so every host on that port gets it) or per host Envoy Gateway ClientTrafficPolicy `tls.clientValidation`, Istio Gateway MUTUAL mode",
            ),
        ),
        row(
            "auth-tls-verify-client",
            Auth,
            OneOf(&["on", "off", "optional", "optional_no_ca"]),
            Some("on"),
            Medium,
            UseDefault,
            SecurityLoss(
                "part of client-certificate authentication (auth-tls-secret): `on` requires a valid client certificate, `optional`/`optional_no_ca` only ask for one and leave the check to the backend; Gateway frontend validation mode `AllowValidOnly` or `AllowInsecureFallback`",
            ),
        ),
        row(
            "auth-tls-verify-depth",
            Auth,
            Int,
            Some("1"),
            Low,
            UseDefault,
            SecurityLoss(
                "part of client-certificate authentication (auth-tls-secret): maximum client certificate chain depth; implementations verify the whole chain, so a depth limit used to reject intermediate-signed certificates must be enforced by the CA set instead",
            ),
        ),
        row(
            "auth-tls-error-page",
            Auth,
            Text,
            None,
            High,
            RefuseIngress,
            SecurityLoss(
                "part of client-certificate authentication (auth-tls-secret): where clients failing certificate verification are redirected; with Gateway frontend validation the TLS handshake fails instead, so no page is shown",
            ),
        ),
        row(
            "auth-tls-pass-certificate-to-upstream",
            Auth,
            Bool,
            Some("false"),
            Low,
            RefuseIngress,
            SecurityLoss(
                "part of client-certificate authentication (auth-tls-secret): sends the client certificate to the backend (ssl-client-cert header); backends authorizing on it need the implementation's XFCC forwarding: Envoy Gateway ClientTrafficPolicy `headers.xForwardedClientCert`, Istio `forwardClientCertDetails`",
            ),
        ),
        row(
            "auth-tls-match-cn",
            Auth,
            Text,
            None,
            High,
            RefuseIngress,
            SecurityLoss(
                "part of client-certificate authentication (auth-tls-secret): only client certificates whose subject matches `CN=<regex>` get through (403 otherwise); Gateway API cannot match the subject: use Envoy Gateway ClientTrafficPolicy `tls.clientValidation` SAN matching or an authorization policy on the certificate principal (Istio AuthorizationPolicy)",
            ),
        ),
        row(
            "satisfy",
            Auth,
            OneOf(&["any", "all"]),
            Some("all"),
            Low,
            UseDefault,
            SecurityLoss(
                "`any` lets a request in when either the source-IP list or authentication accepts it (nginx `satisfy any`); implementation policies apply both, so rebuild the either-or with an authorization rule that allows the CIDRs or authenticated clients",
            ),
        ),
        // ---------------------------------------------------------------- source IP lists
        row(
            "allowlist-source-range",
            Access,
            CidrList,
            Some("all clients (cm)"),
            Medium,
            DenyLocations,
            SecurityLoss(
                "only these client CIDRs reach the paths (403 for others): Envoy Gateway SecurityPolicy `authorization` (defaultAction Deny, rule with `principal.clientCIDRs`), Istio AuthorizationPolicy ALLOW with `remoteIpBlocks`, kgateway RBAC; make sure the Gateway sees the real client IP (externalTrafficPolicy Local or PROXY protocol), as ingress-nginx did",
            ),
        ),
        alias(
            "allowlist-source-range",
            row(
                "whitelist-source-range",
                Access,
                CidrList,
                Some("all clients (cm)"),
                Medium,
                DenyLocations,
                SecurityLoss(
                    "older name of allowlist-source-range: only these client CIDRs reach the paths; recreate it with Envoy Gateway SecurityPolicy `authorization` (`principal.clientCIDRs`) or Istio AuthorizationPolicy ALLOW with `remoteIpBlocks`",
                ),
            ),
        ),
        row(
            "denylist-source-range",
            Access,
            CidrList,
            Some("none (cm)"),
            Medium,
            DenyLocations,
            SecurityLoss(
                "these client CIDRs get 403, checked before the allowlist: Envoy Gateway SecurityPolicy `authorization` rule with action Deny and `principal.clientCIDRs`, Istio AuthorizationPolicy DENY with `remoteIpBlocks`",
            ),
        ),
        // ---------------------------------------------------------------- CORS
        row(
            "enable-cors",
            Cors,
            Bool,
            Some("false"),
            Low,
            UseDefault,
            Converted(
                "an HTTPRoute CORS filter (standard since v1.5) on the Ingress's rules, with ingress-nginx's defaults for the cors-* settings not given",
            ),
        ),
        row(
            "cors-allow-origin",
            Cors,
            Text,
            Some("*"),
            Medium,
            UseDefault,
            Converted(
                "CORS filter `allowOrigins` (a list; `*` alone; `https://*.example.com` single-label wildcards)",
            ),
        ),
        row(
            "cors-allow-methods",
            Cors,
            Text,
            Some("GET, PUT, POST, DELETE, PATCH, OPTIONS"),
            Medium,
            UseDefault,
            Converted("CORS filter `allowMethods`"),
        ),
        row(
            "cors-allow-headers",
            Cors,
            Text,
            Some(
                "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization",
            ),
            Medium,
            UseDefault,
            Converted("CORS filter `allowHeaders`"),
        ),
        row(
            "cors-expose-headers",
            Cors,
            Text,
            Some(""),
            Medium,
            UseDefault,
            Converted("CORS filter `exposeHeaders`"),
        ),
        row(
            "cors-allow-credentials",
            Cors,
            Bool,
            Some("true"),
            Low,
            UseDefault,
            Converted("CORS filter `allowCredentials`"),
        ),
        row(
            "cors-max-age",
            Cors,
            Int,
            Some("1728000"),
            Low,
            UseDefault,
            Converted("CORS filter `maxAge` (seconds)"),
        ),
        // ---------------------------------------------------------------- rate limits
        row(
            "limit-rps",
            RateLimit,
            Int,
            None,
            Low,
            RefuseIngress,
            SecurityLoss(
                "requests per second per client IP (burst rps x limit-burst-multiplier, then 503), counted per ingress-nginx replica: Envoy Gateway BackendTrafficPolicy `rateLimit` (per-client-IP needs `global` with a sourceCIDR Distinct selector; `local` is per Envoy instance), kgateway TrafficPolicy `rateLimit`, Istio local rate limit via EnvoyFilter",
            ),
        ),
        row(
            "limit-rpm",
            RateLimit,
            Int,
            None,
            Low,
            RefuseIngress,
            SecurityLoss(
                "requests per minute per client IP (then 503): Envoy Gateway BackendTrafficPolicy `rateLimit` with unit Minute (per client IP: `global` with a sourceCIDR Distinct selector), kgateway TrafficPolicy `rateLimit`",
            ),
        ),
        row(
            "limit-connections",
            RateLimit,
            Int,
            None,
            Low,
            RefuseIngress,
            SecurityLoss(
                "concurrent connections per client IP (then 503); no per-IP equivalent is common: Envoy Gateway ClientTrafficPolicy `connection.connectionLimit` caps a whole listener, BackendTrafficPolicy `circuitBreaker` caps the backend",
            ),
        ),
        row(
            "limit-burst-multiplier",
            RateLimit,
            Int,
            Some("5"),
            Low,
            UseDefault,
            SecurityLoss(
                "part of the rate limits (limit-rps, limit-rpm, limit-connections): burst allowed above limit-rps/limit-rpm; size the token bucket of the replacement rate limit accordingly",
            ),
        ),
        row(
            "limit-rate",
            RateLimit,
            Int,
            Some("0 (cm)"),
            Low,
            UseDefault,
            SecurityLoss(
                "bandwidth per response in KB/s (0: unlimited); Gateway API and the common policies have no response bandwidth limit (Envoy's bandwidth_limit filter only through EnvoyPatchPolicy/EnvoyFilter)",
            ),
        ),
        row(
            "limit-rate-after",
            RateLimit,
            Int,
            Some("0 (cm)"),
            Low,
            UseDefault,
            SecurityLoss(
                "KB sent at full speed before limit-rate applies; belongs to limit-rate, which has no common equivalent",
            ),
        ),
        row(
            "limit-allowlist",
            RateLimit,
            CidrList,
            None,
            Low,
            RefuseIngress,
            SecurityLoss(
                "part of the rate limits (limit-rps, limit-rpm, limit-connections): client CIDRs exempt from them; express the exemption in the replacement rate limit (Envoy Gateway rule `clientSelectors` with `sourceCIDR`)",
            ),
        ),
        alias(
            "limit-allowlist",
            row(
                "limit-whitelist",
                RateLimit,
                CidrList,
                None,
                Low,
                RefuseIngress,
                SecurityLoss(
                    "older name of limit-allowlist: client CIDRs exempt from the rate limits; express the exemption in the replacement rate limit",
                ),
            ),
        ),
        // ---------------------------------------------------------------- timeouts, retries, buffers, body size
        row(
            "proxy-connect-timeout",
            TimeoutsBuffers,
            Int,
            Some("5 (cm)"),
            Low,
            UseDefault,
            Converted(
                "HTTPRoute rule `timeouts` (Gateway API has request and backendRequest timeouts only, no connect timeout: the report says how it was mapped); Envoy Gateway BackendTrafficPolicy `timeout.tcp.connectTimeout` is the exact knob",
            ),
        ),
        row(
            "proxy-send-timeout",
            TimeoutsBuffers,
            Int,
            Some("60 (cm)"),
            Low,
            UseDefault,
            Converted(
                "HTTPRoute rule `timeouts`; nginx's is an idle timeout between two writes, Gateway API's a total, so the report says how it was mapped",
            ),
        ),
        row(
            "proxy-read-timeout",
            TimeoutsBuffers,
            Int,
            Some("60 (cm)"),
            Low,
            UseDefault,
            Converted(
                "HTTPRoute rule `timeouts`; nginx's is an idle timeout between two reads, Gateway API's a total for the whole response, so the report says how it was mapped",
            ),
        ),
        row(
            "proxy-next-upstream",
            TimeoutsBuffers,
            Text,
            Some("error timeout (cm)"),
            Medium,
            UseDefault,
            Manual(
                "on which failures ingress-nginx retries another endpoint (by default on connection errors and timeouts, 3 tries); Gateway implementations do not retry unless told: HTTPRoute `retry` (experimental channel), Envoy Gateway BackendTrafficPolicy `retry` (`retryOn`), kgateway TrafficPolicy `retry`",
            ),
        ),
        row(
            "proxy-next-upstream-timeout",
            TimeoutsBuffers,
            Int,
            Some("0 (cm)"),
            Low,
            UseDefault,
            Manual(
                "time limit for all retries (0: none); set it on the retry policy (Envoy Gateway BackendTrafficPolicy `retry.perRetry.timeout` and the route timeout)",
            ),
        ),
        row(
            "proxy-next-upstream-tries",
            TimeoutsBuffers,
            Int,
            Some("3 (cm)"),
            Low,
            UseDefault,
            Manual(
                "number of tries, the first included; set `numRetries` (tries - 1) on the retry policy (Envoy Gateway BackendTrafficPolicy `retry`, HTTPRoute `retry.attempts`)",
            ),
        ),
        row(
            "proxy-request-buffering",
            TimeoutsBuffers,
            OneOf(ON_OFF),
            Some("on (cm)"),
            Low,
            UseDefault,
            NoEffect(
                "whether nginx reads the whole request body before proxying; Gateway implementations stream request bodies, as `off` does, without changing where requests go",
            ),
        ),
        row(
            "proxy-buffering",
            TimeoutsBuffers,
            OneOf(ON_OFF),
            Some("off (cm)"),
            Low,
            UseDefault,
            NoEffect(
                "whether nginx buffers backend responses; Gateway implementations stream responses, without changing where requests go",
            ),
        ),
        row(
            "proxy-buffers-number",
            TimeoutsBuffers,
            Int,
            Some("4 (cm)"),
            Low,
            UseDefault,
            NoEffect(
                "nginx memory buffers for responses; Gateway implementations size their buffers themselves",
            ),
        ),
        row(
            "proxy-buffer-size",
            TimeoutsBuffers,
            Size,
            Some("4k (cm)"),
            Low,
            UseDefault,
            NoEffect(
                "nginx buffer for the backend's response headers, raised to avoid 502 'upstream sent too big header'; Envoy-based implementations accept far larger headers (60 KiB by default), raise their header limit only if your backend sends more",
            ),
        ),
        row(
            "proxy-busy-buffers-size",
            TimeoutsBuffers,
            Size,
            None,
            Low,
            UseDefault,
            NoEffect("nginx buffer tuning; Gateway implementations size their buffers themselves"),
        ),
        row(
            "proxy-max-temp-file-size",
            TimeoutsBuffers,
            Size,
            Some("1024m (cm)"),
            Low,
            UseDefault,
            NoEffect("how much of a response nginx spools to disk; Gateway implementations stream responses"),
        ),
        row(
            "proxy-body-size",
            TimeoutsBuffers,
            Size,
            Some("1m (cm)"),
            Medium,
            UseDefault,
            Manual(
                "ingress-nginx answers 413 to request bodies above this size (0: no limit); Gateway API has no limit, set it with Envoy Gateway BackendTrafficPolicy `requestBuffer.limit` (or ClientTrafficPolicy `connection.bufferLimit`), kgateway TrafficPolicy `buffer.maxRequestSize`, NGINX Gateway Fabric ClientSettingsPolicy `body.maxSize`; without one, large uploads that used to be refused now reach the backend",
            ),
        ),
        row(
            "client-body-buffer-size",
            TimeoutsBuffers,
            Size,
            Some("8k (cm)"),
            Low,
            RefuseIngress,
            NoEffect(
                "memory nginx uses for a request body before spilling to disk; it limits nothing (that is proxy-body-size)",
            ),
        ),
        row(
            "proxy-http-version",
            TimeoutsBuffers,
            OneOf(&["1.0", "1.1"]),
            Some("1.1 (cm)"),
            Low,
            UseDefault,
            Manual(
                "HTTP version towards the backend; Gateway implementations speak HTTP/1.1 (or HTTP/2 with appProtocol kubernetes.io/h2c), so `1.1` needs nothing and `1.0` cannot be reproduced: make sure the backend accepts HTTP/1.1",
            ),
        ),
        row(
            "proxy-cookie-domain",
            TimeoutsBuffers,
            Text,
            Some("off (cm)"),
            Medium,
            UseDefault,
            Manual(
                "rewrites the Domain attribute of the backend's Set-Cookie headers; Gateway API cannot edit a header value: fix the cookies in the backend, or use an implementation extension (Envoy Gateway EnvoyExtensionPolicy Lua, Istio EnvoyFilter)",
            ),
        ),
        row(
            "proxy-cookie-path",
            TimeoutsBuffers,
            Text,
            Some("off (cm)"),
            Medium,
            UseDefault,
            Manual(
                "rewrites the Path attribute of the backend's Set-Cookie headers; Gateway API cannot edit a header value: fix the cookies in the backend, or use an implementation extension (Envoy Gateway EnvoyExtensionPolicy Lua, Istio EnvoyFilter)",
            ),
        ),
        row(
            "proxy-redirect-from",
            TimeoutsBuffers,
            Text,
            Some("off (cm)"),
            Medium,
            UseDefault,
            Manual(
                "with proxy-redirect-to, rewrites the Location of the backend's redirects; Gateway API cannot edit a response header value: make the backend send the public URL (X-Forwarded-Host/Proto), or use an implementation extension (Envoy Gateway EnvoyExtensionPolicy Lua)",
            ),
        ),
        row(
            "proxy-redirect-to",
            TimeoutsBuffers,
            Text,
            Some("off (cm)"),
            Medium,
            UseDefault,
            Manual(
                "replacement text for proxy-redirect-from in the backend's Location headers; see proxy-redirect-from",
            ),
        ),
        row(
            "connection-proxy-header",
            TimeoutsBuffers,
            OneOf(&["close", "keep-alive"]),
            Some("$connection_upgrade"),
            Low,
            RefuseIngress,
            NoEffect(
                "forces the Connection header nginx sends upstream (by default `upgrade` for WebSocket requests); Connection is hop-by-hop, Gateway implementations manage upstream keep-alive and WebSocket upgrades themselves",
            ),
        ),
        // ---------------------------------------------------------------- backends
        row(
            "backend-protocol",
            Backend,
            OneOf(&["HTTP", "HTTPS", "AUTO_HTTP", "GRPC", "GRPCS", "FCGI"]),
            Some("HTTP"),
            Low,
            UseDefault,
            Converted(
                "HTTPS and GRPCS: TLS to the backend (BackendTLSPolicy); GRPC and GRPCS: HTTP/2 to the backend; AUTO_HTTP and FCGI have no Gateway API form and are reported",
            ),
        ),
        row(
            "proxy-ssl-secret",
            Backend,
            ObjectRef,
            None,
            Medium,
            DenyLocations,
            Converted(
                "`namespace/name` of a Secret in the Ingress's namespace; its ca.crt becomes the BackendTLSPolicy CA; a client certificate in it (tls.crt/tls.key) needs the Gateway's `spec.tls.backend.clientCertificateRef`",
            ),
        ),
        row(
            "proxy-ssl-verify",
            Backend,
            OneOf(ON_OFF),
            Some("off"),
            Low,
            UseDefault,
            Converted(
                "read only together with a valid proxy-ssl-secret; `on`: a BackendTLSPolicy verifying the backend certificate; `off` (the default) cannot be expressed, since a BackendTLSPolicy always verifies, and is reported",
            ),
        ),
        row(
            "proxy-ssl-name",
            Backend,
            Text,
            None,
            High,
            UseDefault,
            Converted(
                "read only together with a valid proxy-ssl-secret; BackendTLSPolicy `validation.hostname`: the name the backend certificate is checked against and sent as SNI",
            ),
        ),
        row(
            "proxy-ssl-server-name",
            Backend,
            OneOf(ON_OFF),
            Some("off"),
            Low,
            UseDefault,
            Converted(
                "read only together with a valid proxy-ssl-secret; `on`: SNI from proxy-ssl-name, which a BackendTLSPolicy always sends; `off` cannot be expressed and is reported",
            ),
        ),
        row(
            "proxy-ssl-verify-depth",
            Backend,
            Int,
            Some("1"),
            Low,
            UseDefault,
            Manual(
                "read only together with a valid proxy-ssl-secret; maximum backend certificate chain depth; BackendTLSPolicy has no depth, implementations verify the whole chain: nothing to do unless the depth was meant to reject intermediate-signed certificates",
            ),
        ),
        row(
            "proxy-ssl-ciphers",
            Backend,
            Text,
            Some("DEFAULT"),
            Medium,
            UseDefault,
            Manual(
                "read only together with a valid proxy-ssl-secret; cipher suites towards the backend; not in BackendTLSPolicy: Envoy Gateway EnvoyProxy `backendTLS.ciphers` or implementation-specific BackendTLSPolicy `options`",
            ),
        ),
        row(
            "proxy-ssl-protocols",
            Backend,
            Text,
            Some("TLSv1.2"),
            Low,
            UseDefault,
            Manual(
                "read only together with a valid proxy-ssl-secret; TLS versions towards the backend; not in BackendTLSPolicy: Envoy Gateway EnvoyProxy `backendTLS.minVersion`/`maxVersion` or implementation-specific BackendTLSPolicy `options`",
            ),
        ),
        row(
            "service-upstream",
            Backend,
            Bool,
            Some("false (cm)"),
            Low,
            UseDefault,
            Converted(
                "the same backendRef to the Service; the Gateway balances over its endpoints itself instead of through the ClusterIP, which spreads load and keep-alive connections differently",
            ),
        ),
        row(
            "upstream-vhost",
            Backend,
            Text,
            None,
            Low,
            RefuseIngress,
            Converted("URLRewrite filter `hostname`: the Host header sent to the backend"),
        ),
        row(
            "load-balance",
            Backend,
            OneOf(&[
                "round_robin",
                "ewma",
                "chash",
                "chashsubset",
                "sticky_balanced",
                "sticky_persistent",
            ]),
            Some("round_robin (cm)"),
            Low,
            RefuseIngress,
            Manual(
                "balancing algorithm; Gateway API has none: Envoy Gateway BackendTrafficPolicy `loadBalancer.type` (RoundRobin, LeastRequest is closest to ewma), Istio DestinationRule `loadBalancer.simple`, kgateway BackendConfigPolicy `loadBalancer`; round_robin is the usual default and needs nothing",
            ),
        ),
        row(
            "upstream-hash-by",
            Backend,
            Text,
            None,
            High,
            RefuseIngress,
            Manual(
                "consistent hashing on an nginx variable such as $remote_addr or $request_uri: Envoy Gateway BackendTrafficPolicy `loadBalancer.type: ConsistentHash` (sourceIP, header or cookie), Istio DestinationRule `consistentHash`; pick the hash source that matches the variable",
            ),
        ),
        row(
            "upstream-hash-by-subset",
            Backend,
            Bool,
            Some("false"),
            Low,
            RefuseIngress,
            Manual(
                "hashes to a group of endpoints, then picks one at random; no common equivalent, plain consistent hashing (upstream-hash-by) is the closest",
            ),
        ),
        row(
            "upstream-hash-by-subset-size",
            Backend,
            Int,
            Some("3"),
            Low,
            RefuseIngress,
            Manual("endpoints per subset of upstream-hash-by-subset; no common equivalent"),
        ),
        row(
            "default-backend",
            Backend,
            ObjectRef,
            None,
            Low,
            RefuseIngress,
            Manual(
                "a Service (same namespace) that answers when the path's Service has no ready endpoints, and the target of custom-http-errors; Gateway API has no fallback backend, so those requests now get 503: use your implementation's fallback or failover backends where it has them",
            ),
        ),
        row(
            "custom-http-errors",
            Backend,
            Text,
            None,
            Low,
            RefuseIngress,
            Manual(
                "backend responses with these status codes are replaced by the default backend's page; Gateway API has no error pages: Envoy Gateway BackendTrafficPolicy `responseOverride`, or serve the pages from the application",
            ),
        ),
        row(
            "disable-proxy-intercept-errors",
            Backend,
            Bool,
            Some("false"),
            Low,
            UseDefault,
            NoEffect(
                "only switches off custom-http-errors interception; Gateway API passes backend error responses through unchanged, which is what `true` asks for",
            ),
        ),
        row(
            "fastcgi-index",
            Backend,
            Text,
            None,
            Medium,
            RefuseIngress,
            Unsupported(
                "FastCGI (backend-protocol FCGI) is not spoken by Gateway implementations; put an HTTP server (nginx, Caddy) in front of the FastCGI application and route to it",
            ),
        ),
        row(
            "fastcgi-params-configmap",
            Backend,
            ObjectRef,
            None,
            Medium,
            DenyLocations,
            Unsupported(
                "FastCGI parameters; FastCGI is not spoken by Gateway implementations: move these parameters to the HTTP server you put in front of the FastCGI application",
            ),
        ),
        // ---------------------------------------------------------------- session affinity
        row(
            "affinity",
            Affinity,
            OneOf(&["cookie"]),
            None,
            Low,
            UseDefault,
            Manual(
                "cookie session affinity; without it requests spread over all endpoints: HTTPRoute `sessionPersistence` (experimental channel), Envoy Gateway BackendTrafficPolicy `loadBalancer` ConsistentHash with a cookie, Istio DestinationRule `consistentHash.httpCookie`, kgateway BackendConfigPolicy",
            ),
        ),
        row(
            "affinity-mode",
            Affinity,
            OneOf(&["balanced", "persistent"]),
            Some("balanced"),
            Medium,
            UseDefault,
            Manual(
                "`persistent` never moves a session when endpoints are added; cookie hashing on Envoy moves a few sessions when endpoints change, like `balanced`",
            ),
        ),
        row(
            "affinity-canary-behavior",
            Affinity,
            OneOf(&["sticky", "legacy"]),
            Some("sticky"),
            Low,
            UseDefault,
            Manual(
                "`sticky` keeps a user on the canary once served by it; Gateway API weights are per request, so only session persistence on the canary route keeps users there",
            ),
        ),
        row(
            "session-cookie-name",
            Affinity,
            Text,
            Some("INGRESSCOOKIE"),
            Medium,
            UseDefault,
            Manual(
                "name of the affinity cookie; use it in the affinity policy (sessionPersistence `sessionName`, consistent-hash cookie name) so existing sessions keep a cookie, though not their endpoint",
            ),
        ),
        row(
            "session-cookie-path",
            Affinity,
            Text,
            None,
            Medium,
            UseDefault,
            Manual(
                "Path of the affinity cookie (default: the location path); set it on the affinity policy's cookie",
            ),
        ),
        row(
            "session-cookie-domain",
            Affinity,
            Text,
            None,
            Medium,
            UseDefault,
            Manual("Domain of the affinity cookie; set it on the affinity policy's cookie where supported"),
        ),
        row(
            "session-cookie-expires",
            Affinity,
            Int,
            None,
            Medium,
            UseDefault,
            Manual(
                "Expires of the affinity cookie, in seconds; set the cookie TTL of the affinity policy (sessionPersistence `absoluteTimeout`, consistent-hash cookie `ttl`)",
            ),
        ),
        row(
            "session-cookie-max-age",
            Affinity,
            Int,
            None,
            Medium,
            UseDefault,
            Manual(
                "Max-Age of the affinity cookie, in seconds; set the cookie TTL of the affinity policy (sessionPersistence `absoluteTimeout`, consistent-hash cookie `ttl`)",
            ),
        ),
        row(
            "session-cookie-secure",
            Affinity,
            Bool,
            Some("false"),
            Low,
            UseDefault,
            Manual(
                "Secure flag of the affinity cookie; set it on the affinity policy's cookie where supported",
            ),
        ),
        row(
            "session-cookie-samesite",
            Affinity,
            OneOf(&["None", "Lax", "Strict"]),
            None,
            Low,
            UseDefault,
            Manual("SameSite of the affinity cookie; set it on the affinity policy's cookie where supported"),
        ),
        row(
            "session-cookie-conditional-samesite-none",
            Affinity,
            Bool,
            Some("false"),
            Low,
            UseDefault,
            Manual("leaves SameSite=None out for browsers that mishandle it; no common equivalent"),
        ),
        row(
            "session-cookie-change-on-failure",
            Affinity,
            Bool,
            Some("false"),
            Low,
            UseDefault,
            Manual(
                "moves a session to another endpoint after a failed attempt; with consistent hashing an unhealthy endpoint is skipped anyway",
            ),
        ),
        row(
            "session-cookie-partitioned",
            Affinity,
            Bool,
            Some("false"),
            Low,
            UseDefault,
            Manual("Partitioned (CHIPS) flag of the affinity cookie; no common equivalent"),
        ),
        // ---------------------------------------------------------------- headers
        row(
            "custom-headers",
            Headers,
            ObjectRef,
            None,
            Medium,
            DenyLocations,
            Converted(
                "ResponseHeaderModifier filter setting the headers of the `namespace/name` ConfigMap on every response; ingress-nginx answered 503 on the Ingress's paths when the ConfigMap was missing or held a header not listed in its controller ConfigMap's global-allowed-response-headers",
            ),
        ),
        // ---------------------------------------------------------------- mirroring
        row(
            "mirror-target",
            Mirror,
            Url,
            None,
            High,
            UseDefault,
            Converted(
                "RequestMirror filter to the Service the URL's host names; responses are ignored, as in ingress-nginx",
            ),
        ),
        row(
            "mirror-host",
            Mirror,
            Text,
            None,
            High,
            UseDefault,
            Converted(
                "Host of the mirrored requests; a RequestMirror keeps the original Host (with a `-shadow` suffix on Envoy), so a different mirror-host is reported",
            ),
        ),
        row(
            "mirror-request-body",
            Mirror,
            OneOf(ON_OFF),
            Some("on"),
            Low,
            UseDefault,
            Converted("a RequestMirror always mirrors the body; `off` cannot be expressed and is reported"),
        ),
        // ---------------------------------------------------------------- logging, tracing, aliases, WAF
        row(
            "server-alias",
            Misc,
            Text,
            None,
            High,
            RefuseIngress,
            Manual(
                "extra host names served exactly like the Ingress's host (every path); add them to the HTTPRoute `hostnames` and, with TLS, to the listener and certificate; ingress-nginx ignored an alias equal to a host another Ingress defines",
            ),
        ),
        row(
            "enable-access-log",
            Misc,
            Bool,
            Some("true"),
            Low,
            UseDefault,
            NoEffect(
                "per-path access log switch; configure access logs on the implementation (Envoy Gateway EnvoyProxy `telemetry.accessLog`, Istio Telemetry)",
            ),
        ),
        row(
            "enable-rewrite-log",
            Misc,
            Bool,
            Some("false"),
            Low,
            UseDefault,
            NoEffect("nginx debug log of rewrites"),
        ),
        row(
            "enable-opentelemetry",
            Misc,
            Bool,
            Some("false (cm)"),
            Low,
            UseDefault,
            NoEffect(
                "tracing; configure it on the implementation (Envoy Gateway EnvoyProxy `telemetry.tracing`, Istio Telemetry)",
            ),
        ),
        row(
            "opentelemetry-trust-incoming-span",
            Misc,
            Bool,
            Some("true (cm)"),
            Low,
            UseDefault,
            NoEffect("whether incoming trace context is continued; a tracing setting of the implementation"),
        ),
        row(
            "opentelemetry-operation-name",
            Misc,
            Text,
            Some("(cm)"),
            Medium,
            RefuseIngress,
            NoEffect("span name; a tracing setting of the implementation"),
        ),
        row(
            "http2-push-preload",
            Misc,
            Bool,
            Some("false"),
            Low,
            RefuseIngress,
            NoEffect(
                "HTTP/2 server push from Link preload headers, removed from nginx and from browsers; nothing to carry over",
            ),
        ),
        row(
            "enable-modsecurity",
            Misc,
            Bool,
            Some("false (cm)"),
            Low,
            UseDefault,
            SecurityLoss(
                "the ModSecurity web application firewall on these paths; Gateway API has none: Envoy Gateway EnvoyExtensionPolicy with the Coraza Wasm WAF, Istio WasmPlugin (Coraza), or a WAF in front of the Gateway",
            ),
        ),
        row(
            "enable-owasp-core-rules",
            Misc,
            Bool,
            Some("false (cm)"),
            Low,
            UseDefault,
            SecurityLoss(
                "part of the ModSecurity WAF (enable-modsecurity): the OWASP Core Rule Set; load the CRS into the replacement WAF (Coraza ships it)",
            ),
        ),
        row(
            "modsecurity-transaction-id",
            Misc,
            Text,
            None,
            High,
            UseDefault,
            SecurityLoss(
                "part of the ModSecurity WAF (enable-modsecurity): the transaction id in the WAF's logs; set the equivalent on the replacement WAF",
            ),
        ),
        // ---------------------------------------------------------------- snippets
        row(
            "configuration-snippet",
            Snippets,
            Text,
            None,
            Critical,
            UseDefault,
            snippet!("for each path of the Ingress"),
        ),
        row(
            "server-snippet",
            Snippets,
            Text,
            None,
            Critical,
            UseDefault,
            snippet!("for each host of the Ingress (first Ingress of a host wins)"),
        ),
        row(
            "auth-snippet",
            Snippets,
            Text,
            None,
            Critical,
            UseDefault,
            snippet!("for the external-auth subrequest"),
        ),
        row(
            "modsecurity-snippet",
            Snippets,
            Text,
            None,
            Critical,
            UseDefault,
            snippet!("with ModSecurity rules; load them into the replacement WAF"),
        ),
        row(
            "stream-snippet",
            Snippets,
            Text,
            None,
            Critical,
            UseDefault,
            snippet!("for nginx's TCP/UDP proxy (TCPRoute/UDPRoute cover plain forwarding)"),
        ),
    ];
}

/// The row of an annotation, by its name without [`NGINX_PREFIX`] (exact, case-sensitive: ingress-nginx reads
/// annotation keys as written).
pub fn lookup(name: &str) -> Option<&'static Annotation> {
    CATALOGUE.iter().find(|a| a.name == name)
}

/// The row an alias stands for (the row itself when it is not an alias).
pub fn canonical(a: &'static Annotation) -> &'static Annotation {
    a.alias_of.and_then(lookup).unwrap_or(a)
}

/// Names that people put on ingress-nginx Ingresses meaning an ingress-nginx annotation of another name: those of
/// F5 NGINX Ingress Controller (`nginx.org/*`) and ingress-nginx annotations removed in earlier releases.
const CONFUSIONS: &[(&str, &str)] = &[
    ("client-max-body-size", "proxy-body-size"),
    ("redirect-to-https", "force-ssl-redirect"),
    ("rewrites", "rewrite-target"),
    ("lb-method", "load-balance"),
    ("location-snippets", "configuration-snippet"),
    // nginx's `proxy_buffers number size`, which ingress-nginx splits.
    ("proxy-buffers", "proxy-buffers-number"),
    ("ssl-services", "backend-protocol"),
    ("grpc-services", "backend-protocol"),
    // Removed from ingress-nginx long ago.
    ("secure-backends", "backend-protocol"),
    ("grpc-backend", "backend-protocol"),
    ("secure-verify-ca-secret", "proxy-ssl-secret"),
];

/// Prefixes stripped before looking for a suggestion.
const FOREIGN_PREFIXES: &[&str] = &[NGINX_PREFIX, "ingress.kubernetes.io/", "nginx.org/", "nginx.com/"];

/// The known annotation an unknown name was probably meant to be: the same name once lowercased, with `-` for
/// `_`, `.` or spaces and without a foreign prefix (`nginx.org/`, `ingress.kubernetes.io/`); a well-known name of
/// another controller; or the nearest name by Damerau-Levenshtein distance (at most 2, or 3 for names of 12 or
/// more characters). Ties go to the alphabetically first name, so the answer is deterministic. `None` when the
/// name is known or nothing is close.
pub fn suggest(unknown: &str) -> Option<&'static str> {
    if lookup(unknown).is_some() {
        return None;
    }
    let mut name = unknown.trim();
    for prefix in FOREIGN_PREFIXES {
        if let Some(rest) = name.strip_prefix(prefix) {
            name = rest;
            break;
        }
    }
    let normalized: String = name
        .chars()
        .map(|c| match c {
            '_' | '.' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let normalized = normalized.trim_matches('-');
    if normalized.is_empty() {
        return None;
    }
    if let Some(known) = lookup(normalized) {
        return Some(known.name);
    }
    if let Some((_, to)) = CONFUSIONS.iter().find(|(from, _)| *from == normalized) {
        return lookup(to).map(|a| a.name);
    }
    let limit = if normalized.chars().count() >= 12 { 3 } else { 2 };
    CATALOGUE
        .iter()
        .map(|a| (strsim::damerau_levenshtein(normalized, a.name), a.name))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, name)| name)
}

/// Go's `strconv.ParseBool`, which every ingress-nginx boolean annotation goes through: `1 t T TRUE true True`
/// and `0 f F FALSE false False`, nothing else (no spaces, no `yes`/`on`).
pub fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// `OneOf` annotations whose validator ignores case (`ValidateOptions(…, caseSensitive=false, …)`).
const CASE_INSENSITIVE: &[&str] = &["backend-protocol", "session-cookie-samesite"];

impl Annotation {
    /// Checks a value the way ingress-nginx's validator for this annotation does (`parser/validators.go`);
    /// `Err` says what was expected. What happens to an invalid value is [`Annotation::on_invalid`].
    ///
    /// An empty value is reported as an error too, but ingress-nginx treats it as if the annotation were absent
    /// (it never validates empty values): callers should handle `""` before `on_invalid`.
    /// Range checks the parsers apply after validation (a redirect code outside 300-308 becomes the default)
    /// are not errors here; the row's text says what the parser does.
    pub fn validate(&self, value: &str) -> Result<(), String> {
        if value.is_empty() {
            return Err("an empty value: ingress-nginx treats the annotation as not set".to_string());
        }
        match self.syntax {
            Syntax::Bool => parse_bool(value).map(|_| ()).ok_or_else(|| {
                "expected true or false (Go ParseBool: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)"
                    .to_string()
            }),
            Syntax::Int => validate_int(value),
            Syntax::OneOf(options) => {
                let v = value.trim();
                let ok = if CASE_INSENSITIVE.contains(&self.name) {
                    options.iter().any(|o| o.eq_ignore_ascii_case(v))
                } else {
                    options.contains(&v)
                };
                if ok {
                    Ok(())
                } else {
                    Err(format!("expected one of {}", options.join(", ")))
                }
            }
            Syntax::Url => validate_url(value),
            Syntax::CidrList => validate_cidrs(value),
            Syntax::ObjectRef if self.name == "default-backend" => {
                if is_dns1035_label(value) {
                    Ok(())
                } else {
                    Err("expected the name of a Service in the Ingress's namespace (a DNS-1035 label: lowercase letters, digits and '-', starting with a letter, at most 63 characters)".to_string())
                }
            }
            // These parsers split with `ParseNameNS`, which needs both parts.
            Syntax::ObjectRef
                if matches!(self.name, "auth-tls-secret" | "proxy-ssl-secret" | "custom-headers")
                    && !value.contains('/') =>
            {
                Err("expected `namespace/name`".to_string())
            }
            Syntax::ObjectRef => validate_object_ref(value),
            Syntax::Size => validate_size(value),
            Syntax::Duration => validate_duration(value),
            // Free text; a few have a precise validator worth mirroring.
            Syntax::Text => match self.name {
                "custom-http-errors" => validate_error_codes(value),
                // ValidateServerName / ValidateArrayOfServerName: host names, possibly regexes.
                "upstream-vhost" => validate_chars(value.trim(), SERVER_NAME_CHARS, "a host name"),
                "server-alias" => value
                    .split(',')
                    .try_for_each(|v| validate_chars(v.trim(), SERVER_NAME_CHARS, "comma-separated host names")),
                // RegexPathWithCapture, spaces removed.
                "x-forwarded-prefix" => validate_chars(
                    &value.replace(' ', ""),
                    PATH_WITH_CAPTURE_CHARS,
                    "a path prefix (letters, digits, `-._~/:` and `$1`-style captures)",
                ),
                "auth-tls-match-cn" if !value.starts_with("CN=") => {
                    Err("expected `CN=` followed by a regular expression".to_string())
                }
                "proxy-next-upstream" => validate_next_upstream(value),
                "auth-cache-duration" => validate_cache_durations(value),
                "proxy-ssl-protocols" => {
                    if value.split(' ').all(|p| matches!(p, "" | "TLSv1.2" | "TLSv1.3")) {
                        Ok(())
                    } else {
                        Err("expected TLSv1.2 and/or TLSv1.3, separated by spaces".to_string())
                    }
                }
                "auth-tls-error-page" => validate_error_page(&value.replace(' ', "")),
                _ => Ok(()),
            },
        }
    }
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits that fit 64 bits.
fn validate_int(value: &str) -> Result<(), String> {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && value.parse::<i64>().is_ok() {
        Ok(())
    } else {
        Err("expected a whole number (like 60; no unit, no spaces)".to_string())
    }
}

/// An absolute `http://` or `https://` URL with a host (which may be an nginx variable such as `$host`).
fn validate_url(value: &str) -> Result<(), String> {
    const EXPECTED: &str = "expected an absolute http:// or https:// URL";
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("{EXPECTED} without spaces"));
    }
    let Some((scheme, rest)) = value.split_once("://") else {
        return Err(EXPECTED.to_string());
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(format!("{EXPECTED} (scheme {scheme:?} is not http or https)"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.is_empty() || host.starts_with(':') {
        return Err(format!("{EXPECTED} with a host"));
    }
    Ok(())
}

/// Comma-separated IPv4/IPv6 addresses or CIDRs, spaces around the commas allowed (ingress-nginx
/// `net.ParseIPNets`).
fn validate_cidrs(value: &str) -> Result<(), String> {
    for item in value.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err(
                "expected a comma-separated list of IP addresses or CIDRs, found an empty entry".to_string(),
            );
        }
        let ok = match item.split_once('/') {
            None => item.parse::<std::net::IpAddr>().is_ok(),
            Some((addr, bits)) => {
                let max = match addr.parse::<std::net::IpAddr>() {
                    Ok(std::net::IpAddr::V4(_)) => 32,
                    Ok(std::net::IpAddr::V6(_)) => 128,
                    Err(_) => 0,
                };
                max > 0
                    && !bits.is_empty()
                    && bits.len() <= 3
                    && bits.bytes().all(|b| b.is_ascii_digit())
                    && bits.parse::<u32>().is_ok_and(|n| n <= max)
            }
        };
        if !ok {
            return Err(format!(
                "expected a comma-separated list of IP addresses or CIDRs (10.0.0.0/8, 2001:db8::/32, 192.0.2.1); {item:?} is neither"
            ));
        }
    }
    Ok(())
}

/// Besides ASCII letters and digits: the characters of ingress-nginx's `IsValidRegex` (server names).
const SERVER_NAME_CHARS: &str = "-._~/:^$[](){}*+?|&=\\";
/// Besides ASCII letters and digits: the characters of ingress-nginx's `RegexPathWithCapture`.
const PATH_WITH_CAPTURE_CHARS: &str = "-._~/:$";

/// Only ASCII letters, digits and `allowed`.
fn validate_chars(value: &str, allowed: &str, expected: &str) -> Result<(), String> {
    match value
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && !allowed.contains(*c))
    {
        None => Ok(()),
        Some(c) => Err(format!("expected {expected}; {c:?} is not allowed")),
    }
}

/// ingress-nginx's `redirectRegex` for auth-tls-error-page: a named location `@name`, or an optional
/// `http(s)://host[:port]` followed by an optional path of `[A-Za-z0-9_.-]` segments.
fn validate_error_page(value: &str) -> Result<(), String> {
    const EXPECTED: &str = "expected a URL (http(s)://host[:port]/path), a path, or a named location @name";
    let word = |s: &str, extra: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || extra.contains(c));
    if let Some(name) = value.strip_prefix('@') {
        return if !name.is_empty() && word(name, "_-") {
            Ok(())
        } else {
            Err(EXPECTED.to_string())
        };
    }
    let (with_scheme, rest) = match value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
    {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let host_ok = match authority.split_once(':') {
        Some((host, port)) => {
            !host.is_empty()
                && word(host, "-.")
                && !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
        }
        None => word(authority, "-.") && (!authority.is_empty() || !with_scheme),
    };
    let path = path.strip_suffix('/').unwrap_or(path);
    let path_ok = path.is_empty()
        || path
            .strip_prefix('/')
            .is_some_and(|p| p.split('/').all(|seg| !seg.is_empty() && word(seg, "-_.")));
    if host_ok && path_ok {
        Ok(())
    } else {
        Err(EXPECTED.to_string())
    }
}

/// auth-cache-duration: comma-separated entries of optional status codes followed by an nginx time
/// (`200 202 401 5m`), as `ValidCacheDuration` checks them.
fn validate_cache_durations(value: &str) -> Result<(), String> {
    let entry_ok = |entry: &str| {
        let mut seen_duration = false;
        for token in entry.split(' ').filter(|t| !t.is_empty()) {
            if token.len() == 3 && token.bytes().all(|b| b.is_ascii_digit()) {
                if seen_duration {
                    return false;
                }
            } else {
                let split = token.find(|c: char| !c.is_ascii_digit()).unwrap_or(token.len());
                let (digits, unit) = token.split_at(split);
                if digits.is_empty() || !matches!(unit, "ms" | "s" | "m" | "h" | "d" | "w" | "M" | "y") {
                    return false;
                }
                seen_duration = true;
            }
        }
        seen_duration
    };
    if value
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .all(entry_ok)
    {
        Ok(())
    } else {
        Err(
            "expected status codes followed by a time, comma-separated entries (like `200 202 401 5m`)"
                .to_string(),
        )
    }
}

/// Comma-separated HTTP status codes 400-599 (ingress-nginx `^(?:[4,5]\d{2},?)*$`, spaces removed).
fn validate_error_codes(value: &str) -> Result<(), String> {
    let v: String = value.chars().filter(|c| *c != ' ').collect();
    let ok = v.split(',').enumerate().all(|(i, code)| {
        (code.is_empty() && i > 0)
            || (code.len() == 3 && code.starts_with(['4', '5']) && code.bytes().all(|b| b.is_ascii_digit()))
    });
    if ok && !v.is_empty() && !v.contains(",,") {
        Ok(())
    } else {
        Err("expected comma-separated HTTP status codes between 400 and 599 (like 404,503)".to_string())
    }
}

/// Words of nginx's proxy_next_upstream that ingress-nginx allows, separated by spaces.
fn validate_next_upstream(value: &str) -> Result<(), String> {
    const WORDS: &[&str] = &[
        "error",
        "timeout",
        "invalid_header",
        "http_500",
        "http_502",
        "http_503",
        "http_504",
        "http_403",
        "http_404",
        "http_429",
        "non_idempotent",
        "off",
    ];
    if value.split(' ').all(|w| WORDS.contains(&w)) {
        Ok(())
    } else {
        Err(format!(
            "expected space-separated words among {}",
            WORDS.join(", ")
        ))
    }
}

/// `name` or `namespace/name`: namespace a DNS-1123 label, name a DNS-1123 subdomain.
fn validate_object_ref(value: &str) -> Result<(), String> {
    let (namespace, name) = match value.split_once('/') {
        Some((ns, name)) => (Some(ns), name),
        None => (None, value),
    };
    if namespace.is_some_and(|ns| !is_dns1123_label(ns)) || !is_dns1123_subdomain(name) {
        return Err("expected `name` or `namespace/name` (lowercase letters, digits, '-' and '.' in the name; a namespace is a DNS-1123 label)".to_string());
    }
    Ok(())
}

/// An nginx size as ingress-nginx's `SizeRegex` accepts it: digits and an optional unit b, k, m or g (any case);
/// spaces are removed first.
fn validate_size(value: &str) -> Result<(), String> {
    let v: String = value.chars().filter(|c| *c != ' ').collect();
    let digits = v
        .strip_suffix(['b', 'B', 'k', 'K', 'm', 'M', 'g', 'G'])
        .unwrap_or(&v);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err("expected a size: digits with an optional unit k, m or g (like 8k, 1m, 0)".to_string())
    }
}

/// An nginx time: one or more `<digits><unit>` parts (ms, s, m, h, d, w, M, y; no unit: seconds), optionally
/// separated by spaces (`5`, `30s`, `1h 30m`).
fn validate_duration(value: &str) -> Result<(), String> {
    const EXPECTED: &str = "expected an nginx time (like 5, 30s, 1m, 1h 30m)";
    let mut parts = 0;
    for part in value.split(' ').filter(|p| !p.is_empty()) {
        let split = part.find(|c: char| !c.is_ascii_digit()).unwrap_or(part.len());
        let (digits, unit) = part.split_at(split);
        if digits.is_empty() || !matches!(unit, "" | "ms" | "s" | "m" | "h" | "d" | "w" | "M" | "y") {
            return Err(EXPECTED.to_string());
        }
        parts += 1;
    }
    if parts == 0 {
        return Err(EXPECTED.to_string());
    }
    Ok(())
}

fn is_dns1123_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn is_dns1123_subdomain(s: &str) -> bool {
    !s.is_empty() && s.len() <= 253 && s.split('.').all(is_dns1123_label)
}

fn is_dns1035_label(s: &str) -> bool {
    is_dns1123_label(s) && s.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The ingress-nginx release the catalogue describes.
pub const INGRESS_NGINX_VERSION: &str = "v1.15.1";

/// The catalogue as JSON: `{"prefix", "ingress_nginx_version", "annotations": [rows]}`, rows in catalogue
/// order (see [`Annotation`] for the fields).
pub fn to_json() -> String {
    #[derive(Serialize)]
    struct Listing {
        prefix: &'static str,
        ingress_nginx_version: &'static str,
        annotations: &'static [Annotation],
    }
    let listing = Listing {
        prefix: NGINX_PREFIX,
        ingress_nginx_version: INGRESS_NGINX_VERSION,
        annotations: CATALOGUE,
    };
    serde_json::to_string_pretty(&listing).expect("the catalogue serializes") + "\n"
}

/// The rows of a group, sorted by name.
pub fn group_rows(group: Group) -> Vec<&'static Annotation> {
    let mut rows: Vec<&'static Annotation> = CATALOGUE.iter().filter(|a| a.group == group).collect();
    rows.sort_by_key(|a| a.name);
    rows
}

/// The page docs/annotations.md: what gateshift does with every ingress-nginx annotation.
pub fn to_markdown() -> String {
    use std::fmt::Write;

    let count = |f: fn(&Handling) -> bool| CATALOGUE.iter().filter(|a| f(&a.handling)).count();
    let mut md = String::new();
    let _ = writeln!(md, "# ingress-nginx annotations in gateshift\n");
    let _ = writeln!(
        md,
        "<!-- Generated by `gateshift annotations -o markdown` from crates/nginx-annotations/src/lib.rs; do not edit. -->\n"
    );
    let _ = writeln!(
        md,
        "Every `{NGINX_PREFIX}*` annotation of ingress-nginx {INGRESS_NGINX_VERSION} ({} names, aliases included), \
         what ingress-nginx does with it and what `gateshift convert` does with it. The same table is printed by \
         `gateshift annotations` (`-o text`, `-o markdown`, `-o json`), and every annotation of a converted \
         Ingress gets a line in the conversion report that says the same.\n",
        CATALOGUE.len()
    );
    let _ = writeln!(
        md,
        "Columns: **value** is what ingress-nginx's validator accepts; **default** is what ingress-nginx uses \
         without the annotation, `(cm)` marking a default taken from the controller's ConfigMap (yours may \
         differ); **risk** is ingress-nginx's rating: above the ConfigMap's `annotations-risk-level` (default \
         High) it refuses the whole Ingress, so every Critical annotation makes ingress-nginx ignore the \
         Ingress by default; **invalid value** is what ingress-nginx does when the value fails its validator: \
         *Ingress refused* (the Ingress routes nothing), *default used* (logged and ignored), or *paths answer \
         503* (the Ingress stays, every path answers 503). An empty value counts as not set. gateshift follows \
         the same rules, so what it converts is what ingress-nginx actually served.\n"
    );
    let _ = writeln!(md, "## Handling\n");
    let _ = writeln!(md, "| handling | meaning | annotations |\n|---|---|---|");
    let legend: [(&str, &str, usize); 5] = [
        (
            "converted",
            "written as standard Gateway API; the text says what it becomes, the report line says whether exactly or approximately",
            count(|h| matches!(h, Handling::Converted(_))),
        ),
        (
            "security-loss",
            "a security control (authentication, client certificates, source-IP lists, rate limits, WAF) standard Gateway API cannot express: without it the paths are more exposed, so `gateshift convert` writes nothing unless `--accept-security-loss`; the text says what to use instead",
            count(|h| matches!(h, Handling::SecurityLoss(_))),
        ),
        (
            "manual",
            "changes behaviour in a way you reproduce with your implementation's policies; the text says how",
            count(|h| matches!(h, Handling::Manual(_))),
        ),
        (
            "unsupported",
            "cannot be expressed on a Gateway; the text says why and what to do",
            count(|h| matches!(h, Handling::Unsupported(_))),
        ),
        (
            "no-effect",
            "does not change where or how a request is routed (logging, tracing, nginx buffering); safe to drop",
            count(|h| matches!(h, Handling::NoEffect(_))),
        ),
    ];
    for (kind, meaning, n) in legend {
        let _ = writeln!(md, "| {kind} | {meaning} | {n} |");
    }
    let _ = writeln!(md);
    for group in Group::ALL {
        let rows = group_rows(group);
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(md, "## {}\n", group.title());
        let _ = writeln!(
            md,
            "| annotation | value | default | risk | invalid value | handling |\n|---|---|---|---|---|---|"
        );
        for a in rows {
            let default = match a.default {
                None => "–".to_string(),
                Some("") => "empty".to_string(),
                Some(d) => match d.strip_suffix(" (cm)") {
                    Some(v) => format!("`{}` (cm)", cell(v)),
                    None if d == "(cm)" => "(cm)".to_string(),
                    None => format!("`{}`", cell(d)),
                },
            };
            let alias = a
                .alias_of
                .map(|of| format!(" (alias of `{of}`)"))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "| `{}`{alias} | {} | {default} | {} | {} | **{}**: {} |",
                a.name,
                cell(&a.syntax.describe()),
                a.risk.as_str(),
                a.on_invalid.describe(),
                a.handling.kind(),
                cell(a.handling.text()),
            );
        }
        let _ = writeln!(md);
    }
    md
}

/// Escapes a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names the lead's converter implements: exactly these are `Converted`.
    const CONVERTED: &[&str] = &[
        "use-regex",
        "rewrite-target",
        "app-root",
        "x-forwarded-prefix",
        "upstream-vhost",
        "preserve-trailing-slash",
        "ssl-redirect",
        "force-ssl-redirect",
        "ssl-passthrough",
        "permanent-redirect",
        "permanent-redirect-code",
        "temporal-redirect",
        "temporal-redirect-code",
        "from-to-www-redirect",
        "canary",
        "canary-by-header",
        "canary-by-header-value",
        "canary-by-header-pattern",
        "canary-by-cookie",
        "canary-weight",
        "canary-weight-total",
        "backend-protocol",
        "proxy-ssl-secret",
        "proxy-ssl-verify",
        "proxy-ssl-name",
        "proxy-ssl-server-name",
        "service-upstream",
        "custom-headers",
        "enable-cors",
        "cors-allow-origin",
        "cors-allow-methods",
        "cors-allow-headers",
        "cors-expose-headers",
        "cors-allow-credentials",
        "cors-max-age",
        "proxy-connect-timeout",
        "proxy-send-timeout",
        "proxy-read-timeout",
        "mirror-target",
        "mirror-host",
        "mirror-request-body",
    ];

    fn row(name: &str) -> &'static Annotation {
        lookup(name).unwrap_or_else(|| panic!("{name} is in the catalogue"))
    }

    #[test]
    fn names_are_unique_lowercase_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for a in CATALOGUE {
            assert!(seen.insert(a.name), "{} is listed twice", a.name);
            assert!(
                !a.name.is_empty()
                    && a.name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !a.name.starts_with('-')
                    && !a.name.ends_with('-')
                    && !a.name.contains("--"),
                "{} is not lowercase kebab-case",
                a.name
            );
            assert!(!a.name.starts_with(NGINX_PREFIX));
        }
        assert!((120..=140).contains(&CATALOGUE.len()), "{} rows", CATALOGUE.len());
    }

    #[test]
    fn aliases_point_at_existing_non_aliases_with_the_same_rules() {
        let aliases: Vec<_> = CATALOGUE.iter().filter(|a| a.alias_of.is_some()).collect();
        assert_eq!(aliases.len(), 2);
        for a in aliases {
            let target = lookup(a.alias_of.unwrap()).expect("alias target exists");
            assert!(target.alias_of.is_none(), "{} points at an alias", a.name);
            assert_eq!(canonical(a).name, target.name);
            assert_eq!(a.group, target.group);
            assert_eq!(a.syntax, target.syntax);
            assert_eq!(a.risk, target.risk);
            assert_eq!(a.on_invalid, target.on_invalid);
            assert_eq!(a.handling.kind(), target.handling.kind());
        }
        assert_eq!(
            canonical(row("whitelist-source-range")).name,
            "allowlist-source-range"
        );
        assert_eq!(canonical(row("limit-whitelist")).name, "limit-allowlist");
        assert_eq!(canonical(row("ssl-redirect")).name, "ssl-redirect");
    }

    #[test]
    fn converted_is_exactly_what_the_converter_implements() {
        for a in CATALOGUE {
            assert_eq!(
                matches!(a.handling, Handling::Converted(_)),
                CONVERTED.contains(&a.name),
                "{}: {:?}",
                a.name,
                a.handling
            );
        }
        for name in CONVERTED {
            row(name);
        }
    }

    #[test]
    fn security_losses_are_security_controls() {
        for a in CATALOGUE {
            if matches!(a.handling, Handling::SecurityLoss(_)) {
                assert!(
                    matches!(
                        a.group,
                        Group::Auth | Group::Access | Group::RateLimit | Group::Misc
                    ),
                    "{} in {:?}",
                    a.name,
                    a.group
                );
            }
        }
        for name in [
            "auth-type",
            "auth-url",
            "auth-secret",
            "auth-tls-secret",
            "auth-tls-verify-client",
            "allowlist-source-range",
            "whitelist-source-range",
            "denylist-source-range",
            "satisfy",
            "enable-modsecurity",
            "enable-owasp-core-rules",
        ] {
            assert!(matches!(row(name).handling, Handling::SecurityLoss(_)), "{name}");
        }
        for a in CATALOGUE.iter().filter(|a| a.name.starts_with("limit-")) {
            assert!(matches!(a.handling, Handling::SecurityLoss(_)), "{}", a.name);
        }
        // `false` opts out of the ConfigMap's global auth: nothing is lost by converting it.
        assert!(matches!(row("enable-global-auth").handling, Handling::Manual(_)));
    }

    #[test]
    fn snippets_are_critical_and_unsupported() {
        let snippets: Vec<_> = CATALOGUE
            .iter()
            .filter(|a| a.name.ends_with("-snippet"))
            .collect();
        assert_eq!(snippets.len(), 5);
        for a in snippets {
            assert_eq!(a.risk, Risk::Critical, "{}", a.name);
            assert_eq!(a.group, Group::Snippets, "{}", a.name);
            assert!(matches!(a.handling, Handling::Unsupported(_)), "{}", a.name);
            assert!(a.handling.text().contains("refuses the whole Ingress"));
        }
        // Nothing else is Critical.
        assert!(
            CATALOGUE
                .iter()
                .all(|a| a.risk < Risk::Critical || a.name.ends_with("-snippet"))
        );
    }

    #[test]
    fn every_row_explains_itself() {
        for a in CATALOGUE {
            let text = a.handling.text();
            assert!(text.len() >= 20, "{}: {text:?}", a.name);
            assert!(
                !text.ends_with('.'),
                "{}: texts are clauses the report continues",
                a.name
            );
            assert!(!text.contains('\n'), "{}", a.name);
            if let Some(d) = a.default {
                assert!(!d.starts_with(' ') && !d.ends_with(' '), "{}", a.name);
            }
        }
    }

    #[test]
    fn risks_follow_ingress_nginx() {
        for (name, risk) in [
            ("server-alias", Risk::High),
            ("auth-url", Risk::High),
            ("auth-signin", Risk::High),
            ("auth-tls-match-cn", Risk::High),
            ("upstream-hash-by", Risk::High),
            ("mirror-target", Risk::High),
            ("proxy-ssl-name", Risk::High),
            ("allowlist-source-range", Risk::Medium),
            ("rewrite-target", Risk::Medium),
            ("use-regex", Risk::Low),
            ("limit-rps", Risk::Low),
        ] {
            assert_eq!(row(name).risk, risk, "{name}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("ssl-redirects"), Some("ssl-redirect"));
        assert_eq!(suggest("whitelist-source-ranges"), Some("whitelist-source-range"));
        assert_eq!(suggest("allowlist-source-ranges"), Some("allowlist-source-range"));
        assert_eq!(suggest("ssl_redirect"), Some("ssl-redirect"));
        assert_eq!(suggest("SSL-Redirect"), Some("ssl-redirect"));
        assert_eq!(suggest("proxy-body-szie"), Some("proxy-body-size"));
        assert_eq!(suggest("rewrite-traget"), Some("rewrite-target"));
        assert_eq!(suggest("nginx.org/client-max-body-size"), Some("proxy-body-size"));
        assert_eq!(
            suggest("nginx.org/proxy-read-timeout"),
            Some("proxy-read-timeout")
        );
        assert_eq!(
            suggest("ingress.kubernetes.io/ssl-redirect"),
            Some("ssl-redirect")
        );
        assert_eq!(suggest("secure-backends"), Some("backend-protocol"));
        assert_eq!(suggest("proxy-buffers"), Some("proxy-buffers-number"));
        assert_eq!(suggest("totally-unrelated-name"), None);
        assert_eq!(suggest("foo"), None);
        assert_eq!(suggest(""), None);
        assert_eq!(suggest("---"), None);
        // Known names need no suggestion.
        assert_eq!(suggest("ssl-redirect"), None);
        // Every suggestion is a known name.
        for probe in [
            "limit-rsp",
            "cors-allow-orgin",
            "enable-cor",
            "canary-wieght",
            "auth-tls-secrets",
        ] {
            let s = suggest(probe).unwrap_or_else(|| panic!("{probe}"));
            assert!(lookup(s).is_some());
        }
    }

    #[test]
    fn bools_follow_go_parse_bool() {
        for v in ["1", "t", "T", "TRUE", "true", "True"] {
            assert_eq!(parse_bool(v), Some(true), "{v}");
        }
        for v in ["0", "f", "F", "FALSE", "false", "False"] {
            assert_eq!(parse_bool(v), Some(false), "{v}");
        }
        for v in ["yes", "on", "tRUE", " true", "true ", "", "2", "no"] {
            assert_eq!(parse_bool(v), None, "{v}");
        }
        let a = row("ssl-redirect");
        assert!(a.validate("True").is_ok());
        let err = a.validate("yes").unwrap_err();
        assert!(err.contains("true or false"), "{err}");
    }

    #[test]
    fn validation_like_ingress_nginx() {
        // Ints go through Go's Atoi: no units.
        assert!(row("proxy-read-timeout").validate("3600").is_ok());
        assert!(row("proxy-read-timeout").validate("+5").is_ok());
        assert!(row("proxy-read-timeout").validate("60s").is_err());
        assert!(row("limit-rps").validate("1.5").is_err());
        assert!(row("limit-rps").validate("99999999999999999999").is_err());
        // The validator accepts any integer; the parser then falls back to 301 for 299 (redirect.go).
        assert!(row("permanent-redirect-code").validate("308").is_ok());
        assert!(row("permanent-redirect-code").validate("299").is_ok());
        assert!(row("permanent-redirect-code").validate("moved").is_err());
        // backend-protocol is case-insensitive, proxy-buffering is not.
        assert!(row("backend-protocol").validate("grpcs").is_ok());
        assert!(row("backend-protocol").validate(" HTTPS ").is_ok());
        assert!(row("backend-protocol").validate("AJP").is_err());
        assert!(row("proxy-buffering").validate("on").is_ok());
        assert!(row("proxy-buffering").validate("ON").is_err());
        assert!(row("session-cookie-samesite").validate("none").is_ok());
        let err = row("auth-type").validate("ntlm").unwrap_err();
        assert!(err.contains("basic, digest"), "{err}");
        // URLs.
        assert!(
            row("permanent-redirect")
                .validate("https://www.google.com")
                .is_ok()
        );
        assert!(
            row("auth-url")
                .validate("http://auth.default.svc.cluster.local:8080/verify")
                .is_ok()
        );
        assert!(
            row("auth-signin")
                .validate("https://$host/oauth2/start?rd=$escaped_request_uri")
                .is_ok()
        );
        assert!(
            row("mirror-target")
                .validate("https://test.env.com/$request_uri")
                .is_ok()
        );
        assert!(row("temporal-redirect").validate("ftp://example.com").is_err());
        assert!(row("temporal-redirect").validate("/relative/path").is_err());
        assert!(row("temporal-redirect").validate("https://").is_err());
        assert!(row("temporal-redirect").validate("https://a b").is_err());
        // CIDR lists.
        let wl = row("whitelist-source-range");
        assert!(wl.validate("10.0.0.0/24,172.10.0.1").is_ok());
        assert!(
            wl.validate("10.0.0.0/24, 192.168.0.0/16 , 2001:db8::/32, ::1")
                .is_ok()
        );
        assert!(wl.validate("10.0.0.0/33").is_err());
        assert!(wl.validate("10.0.0.0/24,").is_err());
        assert!(wl.validate("10.0.0.256").is_err());
        assert!(wl.validate("example.com").is_err());
        // Object references.
        assert!(row("auth-secret").validate("basic-auth").is_ok());
        assert!(row("auth-tls-secret").validate("default/ca-secret").is_ok());
        assert!(row("auth-secret").validate("Basic_Auth").is_err());
        assert!(row("auth-secret").validate("a/b/c").is_err());
        assert!(row("default-backend").validate("error-pages").is_ok());
        assert!(row("default-backend").validate("other/error-pages").is_err());
        // Sizes.
        for ok in ["8k", "1m", "0", "1024M", "10g", "100b", "1 m"] {
            assert!(row("proxy-body-size").validate(ok).is_ok(), "{ok}");
        }
        for bad in ["1.5m", "1mb", "m", "-1", "1t"] {
            assert!(row("proxy-body-size").validate(bad).is_err(), "{bad}");
        }
        // Free-text annotations with a precise validator.
        assert!(row("custom-http-errors").validate("404,503").is_ok());
        assert!(row("custom-http-errors").validate("404, 502, 503").is_ok());
        assert!(row("custom-http-errors").validate("404,30x").is_err());
        assert!(row("custom-http-errors").validate("302").is_err());
        assert!(row("auth-tls-match-cn").validate("CN=(client|admin)").is_ok());
        assert!(row("auth-tls-match-cn").validate("client").is_err());
        assert!(
            row("proxy-next-upstream")
                .validate("error timeout http_502")
                .is_ok()
        );
        assert!(row("proxy-next-upstream").validate("error,timeout").is_err());
        assert!(row("load-balance").validate("ewma").is_ok());
        assert!(row("load-balance").validate("least_conn").is_err());
        assert!(row("x-forwarded-prefix").validate("/api/$1").is_ok());
        assert!(row("x-forwarded-prefix").validate("/api;rm").is_err());
        assert!(row("upstream-vhost").validate("internal.example.com").is_ok());
        assert!(row("upstream-vhost").validate("a.example.com;").is_err());
        assert!(
            row("server-alias")
                .validate("www.example.com, ~^app\\d+\\.example\\.com$")
                .is_ok()
        );
        assert!(
            row("server-alias")
                .validate("a.example.com b.example.com;")
                .is_err()
        );
        assert!(row("connection-proxy-header").validate("keep-alive").is_ok());
        assert!(row("connection-proxy-header").validate("upgrade").is_err());
        assert!(row("auth-tls-secret").validate("ca-secret").is_err());
        assert!(row("proxy-ssl-secret").validate("default/backend-ca").is_ok());
        assert!(row("custom-headers").validate("default/custom-headers").is_ok());
        assert!(row("proxy-ssl-protocols").validate("TLSv1.2 TLSv1.3").is_ok());
        assert!(row("proxy-ssl-protocols").validate("TLSv1.1").is_err());
        for ok in [
            "https://auth.example.com/error",
            "/error.html",
            "@deny",
            "http://a.b:8080/",
            "/",
        ] {
            assert!(row("auth-tls-error-page").validate(ok).is_ok(), "{ok}");
        }
        for bad in ["https://", "/a//b", "@", "/err?x=1", "https://a.b:/x"] {
            assert!(row("auth-tls-error-page").validate(bad).is_err(), "{bad}");
        }
        assert!(row("auth-cache-duration").validate("200 202 401 5m").is_ok());
        assert!(row("auth-cache-duration").validate("200 5m, 401 30s").is_ok());
        assert!(row("auth-cache-duration").validate("5m 200").is_err());
        assert!(row("auth-cache-duration").validate("200 202").is_err());
        // Empty values count as not set.
        assert!(row("rewrite-target").validate("").is_err());
        // Free text is not checked here.
        assert!(row("rewrite-target").validate("/$2").is_ok());
    }

    #[test]
    fn durations() {
        for ok in ["5", "30s", "1m", "1h 30m", "500ms", "1d"] {
            assert!(validate_duration(ok).is_ok(), "{ok}");
        }
        for bad in ["", " ", "s", "5x", "1.5s", "-1s"] {
            assert!(validate_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn renderings_cover_every_row() {
        let md = to_markdown();
        for a in CATALOGUE {
            assert!(md.contains(&format!("| `{}`", a.name)), "{}", a.name);
        }
        assert_eq!(md, to_markdown(), "deterministic");
        let json: serde_json::Value = serde_json::from_str(&to_json()).unwrap();
        let rows = json["annotations"].as_array().unwrap();
        assert_eq!(rows.len(), CATALOGUE.len());
        assert_eq!(json["prefix"], NGINX_PREFIX);
        let ssl = rows.iter().find(|r| r["name"] == "ssl-redirect").unwrap();
        assert_eq!(ssl["handling"]["kind"], "converted");
        assert_eq!(ssl["syntax"]["type"], "bool");
        assert_eq!(ssl["on_invalid"], "use-default");
        let wl = rows
            .iter()
            .find(|r| r["name"] == "whitelist-source-range")
            .unwrap();
        assert_eq!(wl["alias_of"], "allowlist-source-range");
        assert_eq!(wl["handling"]["kind"], "security-loss");
    }

    proptest::proptest! {
        #[test]
        fn validate_and_suggest_never_panic(value in "\\PC{0,40}", idx in 0usize..1000) {
            let a = &CATALOGUE[idx % CATALOGUE.len()];
            let _ = a.validate(&value);
            let _ = parse_bool(&value);
            if let Some(s) = suggest(&value) {
                proptest::prop_assert!(lookup(s).is_some());
            }
        }

        #[test]
        fn validate_never_panics_on_shaped_input(value in "[0-9a-zA-Z/:.,_ $-]{0,30}") {
            for a in CATALOGUE {
                let _ = a.validate(&value);
            }
        }
    }
}
