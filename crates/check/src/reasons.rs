//! Condition types and reasons of the Gateway API v1.6.1 status, as named constants (`apis/v1/*_types.go`).

/// `Accepted`.
pub const ACCEPTED: &str = "Accepted";
/// `Programmed`.
pub const PROGRAMMED: &str = "Programmed";
/// `ResolvedRefs`.
pub const RESOLVED_REFS: &str = "ResolvedRefs";
/// `Conflicted` (listeners).
pub const CONFLICTED: &str = "Conflicted";
/// `PartiallyInvalid` (routes; set only when True).
pub const PARTIALLY_INVALID: &str = "PartiallyInvalid";

/// Reasons, shared by several condition types where the API shares them.
pub mod reason {
    /// `Accepted`.
    pub const ACCEPTED: &str = "Accepted";
    /// `Programmed`.
    pub const PROGRAMMED: &str = "Programmed";
    /// `ResolvedRefs`.
    pub const RESOLVED_REFS: &str = "ResolvedRefs";
    /// `Pending`: not decided yet; offline, something only a cluster knows.
    pub const PENDING: &str = "Pending";
    /// `Invalid`.
    pub const INVALID: &str = "Invalid";
    /// Gateway/ListenerSet: some or all listeners are invalid.
    pub const LISTENERS_NOT_VALID: &str = "ListenersNotValid";
    /// Listener: protocol not supported.
    pub const UNSUPPORTED_PROTOCOL: &str = "UnsupportedProtocol";
    /// Listener: conflicting hostnames on one port.
    pub const HOSTNAME_CONFLICT: &str = "HostnameConflict";
    /// Listener: conflicting protocols on one port.
    pub const PROTOCOL_CONFLICT: &str = "ProtocolConflict";
    /// Listener: a certificateRef cannot be used.
    pub const INVALID_CERTIFICATE_REF: &str = "InvalidCertificateRef";
    /// Listener: allowedRoutes.kinds names a kind it cannot serve.
    pub const INVALID_ROUTE_KINDS: &str = "InvalidRouteKinds";
    /// Listener or route: a cross-namespace reference without a ReferenceGrant.
    pub const REF_NOT_PERMITTED: &str = "RefNotPermitted";
    /// ListenerSet: the parent Gateway does not allow it.
    pub const NOT_ALLOWED: &str = "NotAllowed";
    /// ListenerSet: the parent Gateway is not accepted (or not found).
    pub const PARENT_NOT_ACCEPTED: &str = "ParentNotAccepted";
    /// Route: no listener allows the route's namespace, kind or protocol.
    pub const NOT_ALLOWED_BY_LISTENERS: &str = "NotAllowedByListeners";
    /// Route: hostnames intersect no listener hostname.
    pub const NO_MATCHING_LISTENER_HOSTNAME: &str = "NoMatchingListenerHostname";
    /// Route: sectionName/port match no listener.
    pub const NO_MATCHING_PARENT: &str = "NoMatchingParent";
    /// Route: an unsupported value (filter type, match type).
    pub const UNSUPPORTED_VALUE: &str = "UnsupportedValue";
    /// Route: a backendRef of an unsupported kind.
    pub const INVALID_KIND: &str = "InvalidKind";
    /// Route: a backend that does not exist.
    pub const BACKEND_NOT_FOUND: &str = "BackendNotFound";
    /// Policy: another policy with precedence targets the same object and section.
    pub const CONFLICTED: &str = "Conflicted";
    /// BackendTLSPolicy: every caCertificateRef is invalid (`Accepted=False`).
    pub const NO_VALID_CA_CERTIFICATE: &str = "NoValidCACertificate";
    /// BackendTLSPolicy: a caCertificateRef that does not resolve or has no `ca.crt` (`ResolvedRefs=False`).
    pub const INVALID_CA_CERTIFICATE_REF: &str = "InvalidCACertificateRef";
}
