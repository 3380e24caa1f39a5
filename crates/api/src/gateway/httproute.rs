//! HTTPRoute (`apis/v1/httproute_types.go`): HTTP routing rules (matches, filters, weighted backends).

use serde::{Deserialize, Serialize};

use super::shared::BackendRefRepr;
use super::{
    BackendObjectReference, BackendRef, Duration, Extra, LocalObjectReference, ParentReference, RouteStatus,
    object,
};
use crate::meta::ObjectMeta;

/// `HTTPRoute`: rules that route HTTP requests from parents (listeners) to backends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPRoute {
    /// `gateway.networking.k8s.io/v1`.
    pub api_version: String,
    /// `HTTPRoute`.
    pub kind: String,
    /// Object metadata.
    pub metadata: ObjectMeta,
    /// The desired state.
    pub spec: HTTPRouteSpec,
    /// The state the controllers report, per parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RouteStatus>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}
object!(HTTPRoute, HTTPRouteSpec);

/// `HTTPRouteSpec`: parents, hostnames and rules of an HTTPRoute.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPRouteSpec {
    /// The parents (Gateways, listeners, ListenerSets) to attach to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parent_refs: Vec<ParentReference>,
    /// Host header values to match (possibly `*.`-prefixed); empty matches the listener's hostnames.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hostnames: Vec<String>,
    /// The rules (at most 16); the CRD default is one rule matching PathPrefix `/`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<HTTPRouteRule>,
    /// Unknown fields (e.g. experimental `useDefaultGateways`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `HTTPRouteRule`: matches, filters and backends of one rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPRouteRule {
    /// Optional rule name, usable as a policy `sectionName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Alternative matches (ORed); empty means PathPrefix `/`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<HTTPRouteMatch>,
    /// Filters applied to every request the rule matches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<HTTPRouteFilter>,
    /// Weighted backends; none (without a redirect) means a 500 response.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub backend_refs: Vec<HTTPBackendRef>,
    /// Request and backend-request timeouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeouts: Option<HTTPRouteTimeouts>,
    /// Unknown fields (e.g. experimental `retry`, `sessionPersistence`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `HTTPRouteTimeouts`: timeouts of a rule, as Gateway API durations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPRouteTimeouts {
    /// The whole request, from the client's view; `0s` disables it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Duration>,
    /// One request from the Gateway to a backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend_request: Option<Duration>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `HTTPRouteMatch`: conditions (ANDed) a request must meet to match a rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPRouteMatch {
    /// The path match; the CRD default is PathPrefix `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<HTTPPathMatch>,
    /// Header matches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HTTPHeaderMatch>,
    /// Query parameter matches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query_params: Vec<HTTPQueryParamMatch>,
    /// The method to match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<HTTPMethod>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `PathMatchType`: how a path is matched.
    PathMatchType { Exact => "Exact", PathPrefix => "PathPrefix", RegularExpression => "RegularExpression" }
}

/// `HTTPPathMatch`: a path match.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPPathMatch {
    /// `PathPrefix` (default), `Exact` or `RegularExpression`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<PathMatchType>,
    /// The path; default `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `HeaderMatchType`: how a header value is matched.
    HeaderMatchType { Exact => "Exact", RegularExpression => "RegularExpression" }
}

/// `HTTPHeaderMatch`: a header match (names are case-insensitive).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPHeaderMatch {
    /// `Exact` (default) or `RegularExpression`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<HeaderMatchType>,
    /// The header name.
    pub name: String,
    /// The value to match.
    pub value: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `QueryParamMatchType`: how a query parameter value is matched.
    QueryParamMatchType { Exact => "Exact", RegularExpression => "RegularExpression" }
}

/// `HTTPQueryParamMatch`: a query parameter match (names are case-sensitive).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPQueryParamMatch {
    /// `Exact` (default) or `RegularExpression`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<QueryParamMatchType>,
    /// The parameter name.
    pub name: String,
    /// The value to match.
    pub value: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `HTTPMethod`: an HTTP method to match.
    #[allow(clippy::upper_case_acronyms)]
    HTTPMethod {
        GET => "GET", HEAD => "HEAD", POST => "POST", PUT => "PUT", DELETE => "DELETE",
        CONNECT => "CONNECT", OPTIONS => "OPTIONS", TRACE => "TRACE", PATCH => "PATCH",
    }
}

crate::open_enum! {
    /// `HTTPMethodWithWildcard`: an HTTP method or `*`, as allowed in a CORS filter.
    #[allow(clippy::upper_case_acronyms)]
    HTTPMethodWithWildcard {
        GET => "GET", HEAD => "HEAD", POST => "POST", PUT => "PUT", DELETE => "DELETE",
        CONNECT => "CONNECT", OPTIONS => "OPTIONS", TRACE => "TRACE", PATCH => "PATCH",
        /// `*`: every method.
        Wildcard => "*",
    }
}

crate::open_enum! {
    /// `HTTPRouteFilterType`: the kind of an HTTPRoute filter.
    HTTPRouteFilterType {
        RequestHeaderModifier => "RequestHeaderModifier",
        ResponseHeaderModifier => "ResponseHeaderModifier",
        RequestMirror => "RequestMirror",
        RequestRedirect => "RequestRedirect",
        URLRewrite => "URLRewrite",
        ExtensionRef => "ExtensionRef",
        CORS => "CORS",
    }
}

impl Default for HTTPRouteFilterType {
    /// `RequestHeaderModifier`.
    fn default() -> Self {
        HTTPRouteFilterType::RequestHeaderModifier
    }
}

/// `HTTPRouteFilter`: one filter; `type` says which of the other fields is set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPRouteFilter {
    /// The filter kind.
    pub r#type: HTTPRouteFilterType,
    /// Adds, sets or removes request headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_header_modifier: Option<HTTPHeaderFilter>,
    /// Adds, sets or removes response headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_header_modifier: Option<HTTPHeaderFilter>,
    /// Mirrors requests to another backend (responses ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_mirror: Option<HTTPRequestMirrorFilter>,
    /// Answers with a redirect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_redirect: Option<HTTPRequestRedirectFilter>,
    /// Rewrites the host or path before forwarding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_rewrite: Option<HTTPURLRewriteFilter>,
    /// Answers CORS preflight requests and adds CORS response headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cors: Option<HTTPCORSFilter>,
    /// An implementation-specific filter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_ref: Option<LocalObjectReference>,
    /// Unknown fields (e.g. experimental `externalAuth`).
    #[serde(flatten)]
    pub extra: Extra,
}

/// `HTTPHeaderFilter`: header modifications (set, add, remove), applied in that order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPHeaderFilter {
    /// Headers to overwrite.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<HTTPHeader>,
    /// Headers to append to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<HTTPHeader>,
    /// Header names to remove.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `HTTPHeader`: a header name and value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPHeader {
    /// The header name (case-insensitive).
    pub name: String,
    /// The value.
    pub value: String,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// The `scheme` of a redirect (the Go field is a plain string with an enum validation).
    RedirectScheme { Http => "http", Https => "https" }
}

/// `HTTPRequestRedirectFilter`: a redirect response; unset parts keep the request's values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPRequestRedirectFilter {
    /// `http` or `https`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<RedirectScheme>,
    /// The host of the Location header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// How the path is rewritten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<HTTPPathModifier>,
    /// The port of the Location header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
    /// 301, 302 (default), 303, 307 or 308.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<i32>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

crate::open_enum! {
    /// `HTTPPathModifierType`: how a redirect or rewrite changes the path.
    HTTPPathModifierType { ReplaceFullPath => "ReplaceFullPath", ReplacePrefixMatch => "ReplacePrefixMatch" }
}

impl Default for HTTPPathModifierType {
    /// `ReplaceFullPath`.
    fn default() -> Self {
        HTTPPathModifierType::ReplaceFullPath
    }
}

/// `HTTPPathModifier`: a path replacement, either of the full path or of the matched prefix.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPPathModifier {
    /// Which replacement; the matching field must be set.
    pub r#type: HTTPPathModifierType,
    /// The new path, for `ReplaceFullPath`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace_full_path: Option<String>,
    /// The replacement of the matched PathPrefix, for `ReplacePrefixMatch`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace_prefix_match: Option<String>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `HTTPURLRewriteFilter`: rewrites the Host header and/or the path before forwarding.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPURLRewriteFilter {
    /// The new Host header value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// How the path is rewritten.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<HTTPPathModifier>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `HTTPRequestMirrorFilter`: sends a copy of (a share of) requests to another backend.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPRequestMirrorFilter {
    /// The mirror backend.
    pub backend_ref: BackendObjectReference,
    /// Percentage of requests to mirror (exclusive with `fraction`); default all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<i32>,
    /// Fraction of requests to mirror (exclusive with `percent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fraction: Option<Fraction>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `Fraction`: numerator / denominator (default 100).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fraction {
    /// The numerator.
    pub numerator: i32,
    /// The denominator; default 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<i32>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `HTTPCORSFilter`: Cross-Origin Resource Sharing settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HTTPCORSFilter {
    /// Allowed origins (`scheme://host[:port]`, possibly with `*`), or `*`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_origins: Vec<String>,
    /// Whether credentials are allowed (`Access-Control-Allow-Credentials`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_credentials: Option<bool>,
    /// Allowed methods, or `*`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_methods: Vec<HTTPMethodWithWildcard>,
    /// Allowed request headers, or `*`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_headers: Vec<String>,
    /// Response headers exposed to the client, or `*`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expose_headers: Vec<String>,
    /// Seconds a preflight response may be cached; default 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<i32>,
    /// Unknown fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `HTTPBackendRef`: a weighted backend of an HTTPRoute rule, with filters applied only for it.
///
/// Serialized flat: the backend ref's fields beside `filters`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    from = "BackendRefRepr<HTTPRouteFilter>",
    into = "BackendRefRepr<HTTPRouteFilter>"
)]
pub struct HTTPBackendRef {
    /// The backend and its weight (inlined in the JSON).
    pub backend_ref: BackendRef,
    /// Filters applied to requests sent to this backend.
    pub filters: Vec<HTTPRouteFilter>,
    /// Unknown fields.
    pub extra: Extra,
}

impl From<BackendRefRepr<HTTPRouteFilter>> for HTTPBackendRef {
    fn from(mut repr: BackendRefRepr<HTTPRouteFilter>) -> Self {
        let extra = repr.take_extra();
        let (backend_ref, filters) = repr.split();
        HTTPBackendRef {
            backend_ref,
            filters,
            extra,
        }
    }
}

impl From<HTTPBackendRef> for BackendRefRepr<HTTPRouteFilter> {
    fn from(r: HTTPBackendRef) -> Self {
        BackendRefRepr::join(r.backend_ref, r.filters, r.extra)
    }
}
