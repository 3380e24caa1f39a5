//! Intents: what an Ingress's annotations ask for, in terms of request behaviour rather than nginx directives
//! or the fields of any target API.
//!
//! The ingress-nginx provider (`annotations.rs`) fills them; an emitter decides how to express each one.
//! The standard emitter expresses what its standard target can; a future implementation emitter (an
//! implementation's own policies) can claim more of them (say, `security`) without touching the provider.

/// A redirect answered instead of proxying (`permanent-redirect` / `temporal-redirect`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FixedRedirect {
    pub scheme: String,
    pub host: String,
    pub port: Option<i32>,
    pub path: String,
    pub code: i32,
    /// The annotation that decided it (`permanent-redirect` or `temporal-redirect`).
    pub annotation: &'static str,
    /// The URL as written.
    pub url: String,
}

/// How ingress-nginx speaks to the backend (`backend-protocol`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum BackendProtocol {
    #[default]
    Http,
    Https,
    AutoHttp,
    Grpc,
    Grpcs,
    Fcgi,
}

impl BackendProtocol {
    /// The annotation value that selects it.
    pub fn as_str(self) -> &'static str {
        match self {
            BackendProtocol::Http => "HTTP",
            BackendProtocol::Https => "HTTPS",
            BackendProtocol::AutoHttp => "AUTO_HTTP",
            BackendProtocol::Grpc => "GRPC",
            BackendProtocol::Grpcs => "GRPCS",
            BackendProtocol::Fcgi => "FCGI",
        }
    }
    pub fn is_tls(self) -> bool {
        matches!(self, BackendProtocol::Https | BackendProtocol::Grpcs)
    }
}

/// TLS to the backend (`proxy-ssl-*`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct BackendTls {
    /// `proxy-ssl-secret` as (namespace, name): its `ca.crt` verifies the backend.
    pub secret: Option<(String, String)>,
    /// `proxy-ssl-verify` (default off: nginx does not verify the backend's certificate).
    pub verify: bool,
    /// `proxy-ssl-name`: the name verified and sent as SNI.
    pub name: Option<String>,
}

/// Canary routing settings of a canary Ingress.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Canary {
    pub by_header: Option<String>,
    pub header_value: Option<String>,
    pub header_pattern: Option<String>,
    /// `canary-by-header-pattern` that does not compile: the balancer's match fails, and a request carrying the
    /// header goes to the main backend without looking at the cookie or the weight.
    pub header_pattern_error: Option<String>,
    pub by_cookie: Option<String>,
    pub weight: u32,
    /// The total the weight is out of, as the balancer uses it (ingress-nginx uses 100 unless the total is
    /// greater than 100).
    pub weight_total: u32,
}

/// CORS as ingress-nginx answers it (`enable-cors` and `cors-*`, with their defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cors {
    pub allow_origins: Vec<String>,
    pub allow_methods: Vec<String>,
    pub allow_headers: Vec<String>,
    pub expose_headers: Vec<String>,
    pub allow_credentials: bool,
    pub max_age: i32,
}

/// `proxy-*-timeout` in seconds (ingress-nginx defaults 5, 60, 60).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Timeouts {
    pub connect: Option<u32>,
    pub send: Option<u32>,
    pub read: Option<u32>,
}

/// `mirror-target`: a copy of every request goes there, the response is ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mirror {
    pub url: String,
    /// The Service it resolves to inside the cluster (`http://svc.ns[.svc[.cluster.local]][:port]`), if it does.
    pub service: Option<(String, String, Option<i32>)>,
}

/// Everything one Ingress's annotations ask for.
#[derive(Debug, Clone)]
pub(crate) struct Intents {
    /// `ssl-redirect` (default true): redirect HTTP to HTTPS when the host has a certificate.
    pub ssl_redirect: bool,
    /// `force-ssl-redirect` (default false): redirect even without a certificate.
    pub force_ssl_redirect: bool,
    /// `preserve-trailing-slash` (default false): keep a trailing `/` in the HTTPS redirect.
    pub preserve_trailing_slash: bool,
    /// `canary: "true"` with its settings: the Ingress is an alternative backend, never a location of its own.
    pub canary: Option<Canary>,
    /// Why ingress-nginx refuses the whole Ingress, if it does.
    pub refused: Option<String>,
    /// `use-regex`.
    pub use_regex: bool,
    /// `rewrite-target`.
    pub rewrite_target: Option<String>,
    /// `x-forwarded-prefix` (only sent when a rewrite is active).
    pub x_forwarded_prefix: Option<String>,
    /// `app-root`: `/` answers 302 to this path.
    pub app_root: Option<String>,
    /// `upstream-vhost`: the Host header sent to the backend.
    pub upstream_vhost: Option<String>,
    /// `permanent-redirect` / `temporal-redirect`.
    pub redirect: Option<FixedRedirect>,
    /// `from-to-www-redirect`.
    pub from_to_www: bool,
    pub backend_protocol: BackendProtocol,
    pub backend_tls: BackendTls,
    /// A gRPC backend whose paths all name gRPC services or methods, so requests can be routed by method.
    pub grpc: bool,
    /// TLS to this Ingress's Services with their certificate verified against a known CA.
    pub verified_backend_tls: bool,
    /// `ssl-passthrough`.
    pub ssl_passthrough: bool,
    /// `custom-headers`: response headers from a ConfigMap, resolved.
    pub response_headers: Vec<(String, String)>,
    pub cors: Option<Cors>,
    pub timeouts: Timeouts,
    pub mirror: Option<Mirror>,
    /// Security controls with no portable expression (annotation names), lost unless the user accepts.
    pub security: Vec<String>,
}

impl Default for Intents {
    fn default() -> Self {
        Intents {
            ssl_redirect: true,
            force_ssl_redirect: false,
            preserve_trailing_slash: false,
            canary: None,
            refused: None,
            use_regex: false,
            rewrite_target: None,
            x_forwarded_prefix: None,
            app_root: None,
            upstream_vhost: None,
            redirect: None,
            from_to_www: false,
            backend_protocol: BackendProtocol::Http,
            backend_tls: BackendTls::default(),
            grpc: false,
            verified_backend_tls: false,
            ssl_passthrough: false,
            response_headers: Vec::new(),
            cors: None,
            timeouts: Timeouts::default(),
            mirror: None,
            security: Vec::new(),
        }
    }
}

impl Intents {
    /// Whether this Ingress turns on ingress-nginx's regex mode for every location of its hosts.
    pub fn regex_mode(&self) -> bool {
        self.use_regex || self.rewrite_target.is_some()
    }
}
