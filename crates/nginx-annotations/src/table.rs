//! The table: one row per `nginx.ingress.kubernetes.io/*` annotation (data, not code).

use crate::types::Annotation;

/// The prefix of every ingress-nginx annotation.
pub const NGINX_PREFIX: &str = "nginx.ingress.kubernetes.io/";

/// The ingress-nginx release the catalogue describes.
pub const INGRESS_NGINX_VERSION: &str = "v1.15.1";

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
    use crate::types::{Annotation, Group, Handling, OnInvalid, Risk, Syntax};
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Group, Handling, Risk, canonical, lookup};

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
}
