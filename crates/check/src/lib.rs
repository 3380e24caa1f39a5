//! Offline Gateway API controller and validator: objects in, the `status` a conformant controller would write and findings out.
//!
//! [`check`] takes decoded objects (with the documents they came from, for positions) and returns every
//! Gateway API object with its computed `status` ([`Item`]) and the [`Finding`]s: CRD rule violations the API
//! server would reject (`GS1xxx`), binding problems a controller would report in status (`GS2xxx`), and
//! migration pitfalls that are valid but probably not what the author meant (`GS3xxx`). Codes are documented in
//! `docs/findings.md`. Nothing here does IO or prints.

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
