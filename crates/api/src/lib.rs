//! Typed Kubernetes objects gateshift reads and writes, and their decoding from positioned manifests.
//!
//! Ingress-side kinds (Ingress in v1 and legacy v1beta1 shapes, IngressClass, Service, Secret, Namespace,
//! ConfigMap) are decoded strictly, Deployments and DaemonSets leniently (only their containers' command lines); Gateway API v1.6.1 kinds keep unknown fields and unknown enum values so a
//! read/write cycle loses nothing and the checker can report them.

pub mod core;
mod decode;
pub mod gateway;
mod gateway_object;
pub mod meta;
pub mod networking;
mod route;
pub mod validation;
pub mod workload;

pub use decode::{Error, Object, Sourced, decode};
pub use gateway_object::GatewayObject;
pub use route::{Route, RuleBackendRef};
