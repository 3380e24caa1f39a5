//! Offline Gateway API controller and validator: objects in, the `status` a conformant controller would write and findings out.
//!
//! [`check`] takes decoded objects (with the documents they came from, for positions) and returns every
//! Gateway API object with its computed `status` ([`Item`]) and the [`Finding`]s: CRD rule violations the API
//! server would reject (`GS1xxx`), binding problems a controller would report in status (`GS2xxx`), and
//! migration pitfalls that are valid but probably not what the author meant (`GS3xxx`). Codes are documented in
//! `docs/findings.md`. Nothing here does IO or prints.
//!
//! [`binding`] runs the same binding for routers and returns only the [`Binding`]: no findings, no positions, no
//! statuses. An [`Outcome`] renders itself as text ([`Outcome::to_text`]) or JSON ([`Outcome::to_json`]), and
//! takes violations of CRDs given from outside ([`Outcome::add_crd_violations`]).
//!
//! Layout: `check.rs` (the entry points), `validate.rs` (built-in CRD rules), `bind/` (binding, by phase),
//! `status.rs` (statuses from what binding decided), `binding.rs` (the [`Binding`] as data), `outcome.rs`
//! (the result types), `text.rs` and `crd.rs` (the outcome's text view and external CRD violations),
//! `options.rs`, `finding.rs`, `hostname.rs`, `reasons.rs`.

mod bind;
mod binding;
mod check;
mod crd;
mod finding;
pub mod hostname;
mod options;
mod outcome;
pub mod reasons;
mod status;
mod text;
mod validate;

pub use binding::{
    AttachedRoute, Binding, GatewayBinding, ListenerBinding, Problem, RouteBinding, RuleBinding,
};
pub use check::{binding, check};
pub use finding::{Finding, ObjectRef, Severity, codes};
pub use options::{DEFAULT_CONTROLLER_NAME, Options};
pub use outcome::{Attachment, Item, Outcome, Status};
pub use status::TRANSITION_TIME;
