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

pub mod acceptance;
pub mod controller;
pub mod hosts;
mod lookup;
pub mod readers;
mod rendering;
mod table;
mod types;
mod validation;

pub use lookup::{canonical, lookup, suggest};
pub use rendering::{group_rows, to_json, to_markdown};
pub use table::{CATALOGUE, INGRESS_NGINX_VERSION, NGINX_PREFIX};
pub use types::{Annotation, Group, Handling, OnInvalid, Risk, Syntax};
pub use validation::parse_bool;
