//! Neutral facts the provider records about what ingress-nginx does with a source field, for the emitter to
//! judge: the emitter decides how each comes across in its target (exact, approximate, manual, unsupported)
//! and words the report line ([`crate::report::Recorder::note`], [`crate::report::Recorder::explain`]).
//!
//! A fact says what ingress-nginx did and carries the data a message needs; it never names a target API.

use crate::{
    intent::{BackendProtocol, Canary},
    model::{PathKind, ServiceBackend},
};

/// One fact about a source field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fact {
    // Servers and hosts (nginx.rs).
    /// An Ingress without rules whose default backend became the catch-all server's `/`.
    CatchAllBackend,
    /// A rule host `*.<suffix>`: ingress-nginx matched exactly one label in place of `*`.
    WildcardHost { suffix: String },
    /// A rule host served by its own server.
    PlainHost,
    /// A rule without host: served by the catch-all server.
    HostlessRule,
    /// A literal path (no regex mode) that the target's path match may not accept; `why` from
    /// [`crate::model::check_path`].
    PathNotMatchable { path: String, why: String },
    /// A rule path served as ingress-nginx matches it: `implementation_specific` when its pathType is
    /// ImplementationSpecific (or unset), read as Prefix; `regex_mode` when the host is in regex mode; `empty`
    /// when the path was empty (`/`); `slash_redirect` when nginx answers the path without its trailing `/` with
    /// a 301 to it.
    PathMatch {
        path: String,
        kind: PathKind,
        implementation_specific: bool,
        regex_mode: bool,
        empty: bool,
        slash_redirect: bool,
        /// Its backend does not resolve (the backend's finding says why): 503 in ingress-nginx.
        unavailable: bool,
    },
    /// The defaultBackend of the oldest Ingress of its hosts serves the paths no rule matches there.
    HostsDefaultBackend,
    /// Plain-HTTP requests to these hosts were redirected to HTTPS with one trailing `/` removed.
    HttpsRedirectStripsSlash { hosts: Vec<String> },

    // Backends (nginx.rs).
    /// A `resource` backend: ingress-nginx skips the path.
    ResourceBackend { kind: String, name: String },
    /// The Service has no such port: ingress-nginx answered 503.
    MissingServicePort {
        namespace: String,
        service: String,
        port: i32,
    },
    /// The Service port declares an appProtocol other than http; ingress-nginx ignored it.
    AppProtocol { port: i32, app_protocol: String },
    /// The Service has no port of this name: ingress-nginx answered 503.
    MissingServicePortName {
        namespace: String,
        service: String,
        port: String,
        ports: Vec<String>,
    },
    /// The Service is missing from an input that has Services: 503 in ingress-nginx.
    MissingService { namespace: String, service: String },
    /// A port name of a Service, and the input has no Services to resolve it with.
    PortNameWithoutServices {
        namespace: String,
        service: String,
        port: String,
    },
    /// The input has no Services at all: references are taken as they are written (said once).
    NoServicesInInput,

    // TLS (nginx.rs).
    /// A tls entry without secretName: ingress-nginx served its default certificate and redirected.
    TlsEntryWithoutSecret,
    /// A tls entry whose Secret serves `hosts`; `listed_no_hosts` when the entry names none.
    TlsEntryUsed {
        secret: String,
        hosts: Vec<String>,
        listed_no_hosts: bool,
    },
    /// A host served with ingress-nginx's default certificate (a tls section, no certificate for it).
    DefaultCertificate {
        host: String,
        /// The controller's `--default-ssl-certificate`, when known.
        default: Option<(String, String)>,
    },
    /// A host no tls entry covers: ingress-nginx served it over HTTPS with its default certificate (`default`
    /// when the controller has `--default-ssl-certificate`, else its self-signed one).
    NoOwnCertificate {
        host: String,
        default: Option<(String, String)>,
    },
    /// A referenced Secret missing from an input that has Secrets.
    MissingSecret { namespace: String, secret: String },

    // Regex mode and rewrites (nginx.rs).
    /// `rewrite-target` on a regex location, as a literal or prefix rewrite (`how`); `prefix_match` when the
    /// location then matches by its literal prefix; `exact` when nothing differs.
    Rewrite {
        host: String,
        path: String,
        how: RewriteHow,
        prefix_match: bool,
        exact: bool,
    },
    /// `rewrite-target` that is neither a literal nor a prefix replacement.
    RewriteNotLiteral {
        host: String,
        path: String,
        target: String,
        why: String,
    },
    /// `use-regex` or `rewrite-target` (`name`) put the host in regex mode, turned on by `others`.
    RegexMode {
        name: String,
        host: String,
        others: Named,
    },

    /// The host is in regex mode because of `others`, so this Ingress's paths there match as regexes too.
    RegexModeOfOthers { host: String, others: Named },

    // Canaries (nginx.rs).
    /// A canary path (`shown`: host, pathType, path) merged into the main location of Service port `primary`:
    /// requests go to `canary` as `config` says; `others` are the other paths of that Service port it reaches.
    CanaryMerged {
        shown: String,
        canary: ServiceBackend,
        config: Canary,
        primary: ServiceBackend,
        others: Vec<String>,
    },

    // Redirect servers and passthrough (nginx.rs).
    /// `from-to-www-redirect`: the twin host answers 308 to `host`; `tls` when the host has a certificate.
    WwwTwin { twin: String, host: String, tls: bool },
    /// `ssl-passthrough`: TLS for `host` goes unterminated to the backend.
    Passthrough { host: String, backend: ServiceBackend },

    // Annotations (annotations.rs).
    /// The legacy class annotation names the ingress class this Ingress belongs to.
    ClassAnnotation { class: String },
    /// An annotation outside ingress-nginx's prefix that ingress-nginx does not read.
    ForeignAnnotation,
    /// A balancing annotation (`name`) on a canary Ingress; `advice` from the catalogue.
    CanaryBalancing { name: String, advice: String },
    /// A security control (`shown`=`value`) with no portable expression; `exposed` lists what it protected;
    /// `accepted` with `--accept-security-loss`.
    SecurityLoss {
        shown: String,
        value: String,
        exposed: String,
        advice: String,
        accepted: bool,
    },
    /// An annotation (`shown`=`value`) the catalogue marks manual; `advice` from the catalogue.
    NotExpressible {
        shown: String,
        value: String,
        advice: String,
    },
    /// `ssl-redirect`: plain-HTTP requests redirected to HTTPS when the host has a certificate (`on`).
    SslRedirect { on: bool },
    /// `force-ssl-redirect`: plain-HTTP requests redirected to HTTPS even without a certificate (`on`).
    ForceSslRedirect { on: bool },
    /// `preserve-trailing-slash`: whether ingress-nginx kept the trailing `/` in its HTTPS redirect.
    TrailingSlash { preserve: bool },
    /// `x-forwarded-prefix` sent on the rewritten paths.
    ForwardedPrefix { prefix: String },
    /// `app-root`: exactly `/` answers 302 to `root`.
    AppRoot { root: String },
    /// `upstream-vhost`: the Host header sent to the backend.
    UpstreamHost { vhost: String },
    /// `upstream-vhost` that is not a plain hostname (a port or an nginx variable).
    UpstreamHostNotHostname { vhost: String },
    /// `service-upstream`: ingress-nginx sent traffic to the ClusterIP (`on`) or balanced over endpoints.
    ServiceUpstream { on: bool },
    /// `custom-headers`: response headers `headers` from ConfigMap `namespace`/`name`.
    ResponseHeaders {
        headers: Vec<String>,
        namespace: String,
        name: String,
    },
    /// `custom-headers` names a ConfigMap missing from the input.
    ResponseHeadersMissing { namespace: String, name: String },
    /// `proxy-read-timeout`: the longest gap between two reads of the response.
    ReadTimeout { seconds: u32 },
    /// `proxy-send-timeout`: the longest gap between two writes of the request.
    SendTimeout { seconds: u32 },
    /// `proxy-connect-timeout`.
    ConnectTimeout { seconds: u32 },
    /// `mirror-target` resolves to a Service of the cluster; `target` as written.
    MirrorToService {
        namespace: String,
        name: String,
        port: Option<i32>,
        target: String,
    },
    /// `mirror-target` that is not a Service of the cluster; `invalid`: it has the form of one, but names a
    /// Service or namespace the API server would refuse (so no such Service can exist), with why.
    MirrorNotService { target: String, invalid: Option<String> },
    /// `mirror-host`: the Host header ingress-nginx sent to the mirror.
    MirrorHost { host: String },
    /// `mirror-request-body` as written.
    MirrorRequestBody { body: String },
    /// A gRPC backend whose Ingress also rewrites, sets CORS, timeouts or a mirror: its paths stay HTTP paths.
    GrpcWithHttpFeatures,
    /// `backend-protocol` HTTP, AUTO_HTTP or FCGI.
    BackendProtocol { proto: BackendProtocol },
    /// `backend-protocol` GRPC or GRPCS; `unmapped` are the paths that name no gRPC service or method.
    Grpc {
        proto: BackendProtocol,
        unmapped: Vec<String>,
    },
    /// `backend-protocol` HTTPS with the backend certificate verified.
    BackendTlsVerified,
    /// `proxy-ssl-secret`: the Secret whose `ca.crt` verifies the backend.
    BackendCaSecret { namespace: String, name: String },
    /// `proxy-ssl-verify` on, with a CA.
    BackendTlsVerify,
    /// `proxy-ssl-name`: the name verified and sent as SNI.
    BackendTlsName { name: String },
    /// `proxy-ssl-server-name` with a verified backend.
    BackendTlsSni,
    /// A TLS backend (`proto`) whose certificate ingress-nginx did not verify.
    BackendTlsUnverified { proto: BackendProtocol },
    /// A `proxy-ssl-*` setting (`name`) of an unverified TLS backend.
    BackendTlsSetting { name: String },
    /// `canary-by-header`: requests with this header go to the canary.
    CanaryHeader { header: String },
    /// `canary-by-header-value`.
    CanaryHeaderValue,
    /// `canary-by-header-pattern` (a PCRE, searched unanchored).
    CanaryHeaderPattern,
    /// `canary-by-header-pattern` that does not compile (`error`): requests with the header go to the main
    /// backend.
    CanaryHeaderPatternInvalid { error: String },
    /// `canary-by-cookie`.
    CanaryCookie { cookie: String },
    /// A fixed redirect URL that is not an absolute http(s) URL of scheme, host, port and path.
    RedirectUrlNotSplit { url: String },
    /// A fixed redirect with a code other than 301, 302, 303, 307 or 308 (on the redirect annotation).
    RedirectCodeNotWritable { code: i32 },
    /// The same, on the code annotation.
    RedirectCodeOutside { code: i32 },
    /// A fixed redirect URL with a query or fragment.
    RedirectWithQuery { url: String },
    /// Every path of the Ingress answers `code` with Location `url`.
    FixedRedirect { code: i32, url: String },
    /// The code of that fixed redirect.
    RedirectCode { code: i32 },
    /// `enable-cors` with ingress-nginx's values (after the ones the answer cannot carry were left out).
    Cors {
        origins: Vec<String>,
        methods: Vec<String>,
        credentials: bool,
        max_age: i32,
    },
    /// A `cors-*` setting (`name`) carried along.
    CorsSetting { name: String },
    /// Values of a `cors-*` setting left out.
    CorsDropped { dropped: Vec<String> },
}

/// How nginx's `rewrite` of a regex location sends the path to the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RewriteHow {
    /// Every request of the path is sent as `full` (query kept).
    Full { full: String },
    /// `<lit>/rest` is sent as `<with>/rest` (`with` being `/` or a path without trailing `/`); nginx wrote
    /// `replacement` before the rest; `lit_slash` when nginx's regex needed `<lit>/`.
    Prefix {
        lit: String,
        with: String,
        replacement: String,
        lit_slash: bool,
    },
}

/// Objects a fact names: the first few, and how many more. Thousands of Ingresses on one regex-mode host each
/// get a line naming the others; naming all of them made the report quadratic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Named {
    /// The first names, in order.
    pub shown: Vec<String>,
    /// How many more there are.
    pub more: usize,
}

impl Named {
    /// At most this many names are shown.
    pub const MAX_SHOWN: usize = 10;

    /// The first [`Named::MAX_SHOWN`] of `names`, and the count of the rest.
    pub fn first_of(names: impl ExactSizeIterator<Item = String>) -> Named {
        let len = names.len();
        let shown: Vec<String> = names.take(Self::MAX_SHOWN).collect();
        let more = len - shown.len();
        Named { shown, more }
    }
}

impl std::fmt::Display for Named {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown.join(", "))?;
        if self.more > 0 {
            write!(f, " and {} more", self.more)?;
        }
        Ok(())
    }
}
