//! Findings: one problem or remark, with a stable code, the object, the field and its source position.

use gateshift_manifest::{Document, FieldPath};
use serde::Serialize;

/// How bad a finding is. Ordered so that errors sort first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The API server rejects the object, or a controller will not accept it or resolve a reference.
    Error,
    /// Accepted, but probably not what the author meant, or it depends on something offline cannot know.
    Warning,
    /// For information.
    Info,
}

pub use gateshift_api::meta::ObjectRef;

/// One finding. The JSON field names are a contract: scripts rely on them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `GS1001`; see `docs/findings.md`.
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// The object at fault.
    pub object: ObjectRef,
    /// Kubernetes-style field path, e.g. `spec.rules[0].matches[0].path`; empty for the whole object.
    pub field: String,
    /// What is wrong (for CRD rules, the API server's own message).
    pub message: String,
    /// The file the object was read from.
    pub file: String,
    /// 1-based line of the field.
    pub line: u32,
    /// 1-based column of the field.
    pub column: u32,
    /// How to fix it.
    pub fix: String,
}

impl Finding {
    /// A finding at `field` of the object read from `doc`.
    pub(crate) fn at(
        code: &'static str,
        severity: Severity,
        object: &ObjectRef,
        doc: &Document,
        field: &FieldPath,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        let position = doc.position_of(field);
        Finding {
            code,
            severity,
            object: object.clone(),
            field: field.to_string(),
            message: message.into(),
            file: position.file.to_string(),
            line: position.line,
            column: position.column,
            fix: fix.into(),
        }
    }
}

/// The finding codes. `GS1xxx`: the API server rejects the object (CRD schema and CEL rules). `GS2xxx`: a
/// controller would not accept the object or not resolve a reference (status). `GS3xxx`: valid, but a
/// migration pitfall. `GS4xxx`: what offline cannot know. Documented in `docs/findings.md`; never reuse a code.
pub mod codes {
    /// Rejected by the CRDs given with `--crds` (their schema or CEL rules), with their message.
    pub const CRD_RULE: &str = "GS1000";
    /// Path match value is not a valid absolute path.
    pub const PATH_VALUE: &str = "GS1001";
    /// RequestRedirect filter together with backendRefs.
    pub const REDIRECT_WITH_BACKENDS: &str = "GS1002";
    /// RequestRedirect and URLRewrite in the same filter list.
    pub const REDIRECT_AND_REWRITE: &str = "GS1003";
    /// A filter type that may appear once is repeated.
    pub const FILTER_REPEATED: &str = "GS1004";
    /// ReplacePrefixMatch without exactly one PathPrefix match.
    pub const REPLACE_PREFIX_MATCH: &str = "GS1005";
    /// backendRequest timeout longer than request timeout.
    pub const TIMEOUTS: &str = "GS1006";
    /// A duration that is not a Gateway API Duration.
    pub const DURATION: &str = "GS1007";
    /// A Service backendRef without a port.
    pub const SERVICE_PORT: &str = "GS1008";
    /// A filter's config field does not match its type.
    pub const FILTER_FIELD: &str = "GS1009";
    /// RequestMirror percent and fraction, or fraction over 1.
    pub const MIRROR_FRACTION: &str = "GS1010";
    /// Several parentRefs to one parent without distinct sectionNames.
    pub const PARENT_SECTION: &str = "GS1011";
    /// Listener names not unique.
    pub const LISTENER_NAME: &str = "GS1012";
    /// Listener port/protocol/hostname not unique.
    pub const LISTENER_TUPLE: &str = "GS1013";
    /// A listener TLS rule (tls on HTTP/TCP/UDP, HTTPS mode, TLS mode, certificates for Terminate).
    pub const LISTENER_TLS: &str = "GS1014";
    /// A hostname on a TCP/UDP listener.
    pub const LISTENER_HOSTNAME: &str = "GS1015";
    /// Too many (or too few) items in a list.
    pub const LIMIT: &str = "GS1016";
    /// A hostname that is not a valid (wildcard) DNS name.
    pub const HOSTNAME: &str = "GS1017";
    /// A value that is not one of the enum's values.
    pub const ENUM: &str = "GS1018";
    /// A header name that is not a valid HTTP token.
    pub const HEADER_NAME: &str = "GS1019";
    /// A number out of range (port, weight, status code, percent).
    pub const RANGE: &str = "GS1020";
    /// A GRPCRoute method match that is empty or not a valid service/method name.
    pub const GRPC_METHOD: &str = "GS1021";
    /// CORS `*` alongside other values.
    pub const CORS_WILDCARD: &str = "GS1022";
    /// Redirect/rewrite path modifier type and field disagree.
    pub const PATH_MODIFIER: &str = "GS1023";

    /// The route is not allowed by any listener (namespace or kind).
    pub const NOT_ALLOWED_BY_LISTENERS: &str = "GS2001";
    /// The route's hostnames intersect no listener hostname.
    pub const NO_MATCHING_HOSTNAME: &str = "GS2002";
    /// sectionName/port match no listener of the parent.
    pub const NO_MATCHING_PARENT: &str = "GS2003";
    /// The parent Gateway or ListenerSet is not in the input.
    pub const PARENT_NOT_FOUND: &str = "GS2004";
    /// A cross-namespace reference with no ReferenceGrant allowing it.
    pub const REF_NOT_PERMITTED: &str = "GS2005";
    /// A backend Service (or port) that does not exist.
    pub const BACKEND_NOT_FOUND: &str = "GS2006";
    /// A backendRef of an unsupported kind.
    pub const INVALID_KIND: &str = "GS2007";
    /// A listener certificateRef that cannot be used.
    pub const INVALID_CERTIFICATE_REF: &str = "GS2008";
    /// allowedRoutes.kinds names a kind the listener cannot serve.
    pub const INVALID_ROUTE_KINDS: &str = "GS2009";
    /// Listeners conflict (hostname or protocol on the same port).
    pub const LISTENER_CONFLICT: &str = "GS2010";
    /// A listener protocol the check does not support.
    pub const UNSUPPORTED_PROTOCOL: &str = "GS2011";
    /// A ListenerSet the parent Gateway does not allow.
    pub const LISTENER_SET_NOT_ALLOWED: &str = "GS2012";
    /// A rule with an unsupported value (filter type, match type): dropped.
    pub const UNSUPPORTED_VALUE: &str = "GS2013";
    /// A Gateway whose GatewayClass is managed by another controller (skipped).
    pub const NOT_MANAGED: &str = "GS2014";
    /// The same object (kind, namespace, name) twice in the input: the first by position is used.
    pub const DUPLICATE: &str = "GS2015";
    /// A BackendTLSPolicy that loses to an older one targeting the same Service and section.
    pub const POLICY_CONFLICTED: &str = "GS2016";
    /// A BackendTLSPolicy caCertificateRef that does not resolve (ConfigMap missing, no `ca.crt`, no PEM).
    pub const INVALID_CA_CERTIFICATE_REF: &str = "GS2017";
    /// A BackendTLSPolicy caCertificateRef of an unsupported kind.
    pub const CA_CERTIFICATE_REF_KIND: &str = "GS2018";

    /// A ReferenceGrant in the referrer's namespace instead of the target's.
    pub const MISPLACED_GRANT: &str = "GS3001";
    /// Every backend weight of a rule is 0.
    pub const ALL_WEIGHTS_ZERO: &str = "GS3002";
    /// Weights that look like percentages but do not add up to 100.
    pub const WEIGHTS_NOT_100: &str = "GS3003";
    /// An HTTPRoute and a GRPCRoute on the same hostname of one listener.
    pub const HTTP_AND_GRPC_HOSTNAME: &str = "GS3004";
    /// A rule match that an earlier identical match shadows.
    pub const SHADOWED_MATCH: &str = "GS3005";
    /// The same path claimed by routes in two namespaces on one listener and hostname.
    pub const CROSS_NAMESPACE_PATH: &str = "GS3006";
    /// A list close to its API limit.
    pub const NEAR_LIMIT: &str = "GS3007";
    /// A GRPCRoute on a cleartext listener, or to a backend port without an HTTP/2 appProtocol.
    pub const GRPC_HTTP2: &str = "GS3008";
    /// A ReferenceGrant used for a parentRef (parents are governed by allowedRoutes).
    pub const GRANT_FOR_PARENT: &str = "GS3009";
    /// A BackendTLSPolicy that applies to no Gateway: no accepted route uses the targeted Service (port).
    pub const POLICY_UNUSED: &str = "GS3010";
    /// A `RegularExpression` match value that does not compile as RE2.
    pub const INVALID_REGEX: &str = "GS3011";
    /// A field the CRD schema does not know: the API server prunes it.
    pub const PRUNED_FIELD: &str = "GS3012";

    /// Services are not in the input: backends are assumed to exist (status Unknown).
    pub const SERVICES_UNKNOWN: &str = "GS4001";
    /// Secrets are not in the input: certificates are assumed usable (status Unknown).
    pub const SECRETS_UNKNOWN: &str = "GS4002";
    /// The GatewayClass is not in the input: assumed accepted.
    pub const CLASS_UNKNOWN: &str = "GS4003";
    /// A Namespace used by a selector is not in the input: only its name label is known.
    pub const NAMESPACE_UNKNOWN: &str = "GS4004";
    /// ConfigMaps are not in the input: BackendTLSPolicy CA certificates are assumed usable (status Unknown).
    pub const CONFIGMAPS_UNKNOWN: &str = "GS4005";
    /// A BackendTLSPolicy CA certificate in a Secret: implementation-specific (status Unknown).
    pub const CA_CERTIFICATE_SECRET: &str = "GS4006";
}
