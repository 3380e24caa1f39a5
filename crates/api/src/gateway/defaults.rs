//! The defaults of Gateway API object references, in one place: what an unset `group`, `kind` or `namespace`
//! means (`apis/v1/shared_types.go`, `object_reference_types.go`, `gateway_types.go`).

use super::{BackendObjectReference, GROUP, ParentReference, RouteGroupKind, SecretObjectReference};

/// The core API group: `""`.
pub const CORE_GROUP: &str = "";

/// The default `kind` of a `parentRef`.
pub const DEFAULT_PARENT_KIND: &str = "Gateway";

/// The default `kind` of a `backendRef`.
pub const DEFAULT_BACKEND_KIND: &str = "Service";

/// The default `kind` of a listener's `tls.certificateRefs` entry.
pub const DEFAULT_CERTIFICATE_KIND: &str = "Secret";

impl ParentReference {
    /// `group`, default `gateway.networking.k8s.io`.
    pub fn group_or_default(&self) -> &str {
        self.group.as_deref().unwrap_or(GROUP)
    }

    /// `kind`, default `Gateway`.
    pub fn kind_or_default(&self) -> &str {
        self.kind.as_deref().unwrap_or(DEFAULT_PARENT_KIND)
    }

    /// `namespace`, default the namespace of the route that holds the reference.
    pub fn namespace_or<'a>(&'a self, route_namespace: &'a str) -> &'a str {
        self.namespace.as_deref().unwrap_or(route_namespace)
    }
}

impl BackendObjectReference {
    /// `group`, default `""` (core).
    pub fn group_or_default(&self) -> &str {
        self.group.as_deref().unwrap_or(CORE_GROUP)
    }

    /// `kind`, default `Service`.
    pub fn kind_or_default(&self) -> &str {
        self.kind.as_deref().unwrap_or(DEFAULT_BACKEND_KIND)
    }

    /// `namespace`, default the namespace of the object that holds the reference.
    pub fn namespace_or<'a>(&'a self, local_namespace: &'a str) -> &'a str {
        self.namespace.as_deref().unwrap_or(local_namespace)
    }

    /// Whether it references a core Service (the defaults included).
    pub fn is_service(&self) -> bool {
        self.group_or_default() == CORE_GROUP && self.kind_or_default() == DEFAULT_BACKEND_KIND
    }
}

impl SecretObjectReference {
    /// `group`, default `""` (core).
    pub fn group_or_default(&self) -> &str {
        self.group.as_deref().unwrap_or(CORE_GROUP)
    }

    /// `kind`, default `Secret`.
    pub fn kind_or_default(&self) -> &str {
        self.kind.as_deref().unwrap_or(DEFAULT_CERTIFICATE_KIND)
    }

    /// `namespace`, default the namespace of the Gateway or ListenerSet that holds the reference.
    pub fn namespace_or<'a>(&'a self, local_namespace: &'a str) -> &'a str {
        self.namespace.as_deref().unwrap_or(local_namespace)
    }
}

impl RouteGroupKind {
    /// `group`, default `gateway.networking.k8s.io`.
    pub fn group_or_default(&self) -> &str {
        self.group.as_deref().unwrap_or(GROUP)
    }
}
