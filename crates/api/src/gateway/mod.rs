//! Gateway API v1.6.1, standard channel (group `gateway.networking.k8s.io`), as hand-written serde types.
//!
//! Conventions, the same for every kind:
//! * Field and type names follow the Go API (`apis/v1/*_types.go`), Rust-cased; the JSON names follow the CRDs.
//! * Lists are `Vec` (absent and empty mean the same and an empty list is not written), optional fields `Option`,
//!   required fields plain: a missing required field is a deserialization error that names it.
//! * Every enum-valued string is an open enum (see [`crate::open_enum!`]): an unknown value is kept as `Other`.
//!   Integer enums (redirect `statusCode`) stay `i32`.
//! * Every struct keeps unknown fields (experimental-channel or future ones) in `extra`, written back as read.

mod backendtlspolicy;
mod defaults;
#[allow(clippy::module_inception)] // one module per kind; the kind is Gateway
mod gateway;
mod gatewayclass;
mod grpcroute;
mod httproute;
mod listenerset;
mod referencegrant;
mod shared;
mod tcproute;
mod tlsroute;

pub use backendtlspolicy::*;
pub use defaults::*;
pub use gateway::*;
pub use gatewayclass::*;
pub use grpcroute::*;
pub use httproute::*;
pub use listenerset::*;
pub use referencegrant::*;
pub use shared::*;
pub use tcproute::*;
pub use tlsroute::*;

/// The Gateway API group.
pub const GROUP: &str = "gateway.networking.k8s.io";

/// The `apiVersion` gateshift writes for every kind: `gateway.networking.k8s.io/v1`.
pub const API_VERSION: &str = "gateway.networking.k8s.io/v1";

/// Implements `KIND`, `new` and `Default` for a top-level kind.
macro_rules! object {
    ($ty:ident, $spec:ident) => {
        impl $ty {
            /// The `kind` of this type.
            pub const KIND: &'static str = stringify!($ty);

            /// A new object with `apiVersion` (`gateway.networking.k8s.io/v1`) and `kind` filled in.
            pub fn new(metadata: $crate::meta::ObjectMeta, spec: $spec) -> Self {
                $ty {
                    api_version: $crate::gateway::API_VERSION.to_string(),
                    kind: Self::KIND.to_string(),
                    metadata,
                    spec,
                    ..Default::default()
                }
            }
        }

        impl Default for $ty {
            fn default() -> Self {
                $ty {
                    api_version: $crate::gateway::API_VERSION.to_string(),
                    kind: Self::KIND.to_string(),
                    metadata: Default::default(),
                    spec: Default::default(),
                    status: Default::default(),
                    extra: Default::default(),
                }
            }
        }
    };
}
use object;
