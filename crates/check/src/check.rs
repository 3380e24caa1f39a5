//! The two entry points: [`check`] (validation, binding, statuses, findings) and [`binding`] (only the binding,
//! for routers).

use gateshift_api::{Object, Sourced};

use crate::binding::Binding;
use crate::options::Options;
use crate::outcome::Outcome;
use crate::{bind, validate};

/// Validates and binds `objects` as a conformant controller would, offline.
///
/// Services, Secrets, ConfigMaps and Namespaces in the input are used to resolve references; when none of a kind
/// is given, references to it are reported `Unknown` rather than guessed. Nothing here fails: every problem of
/// the input is a finding.
pub fn check(objects: &[Sourced], options: &Options) -> Outcome {
    let mut findings = Vec::new();
    for o in objects {
        if let Object::Gateway(g) = &o.object {
            validate::validate(g, &o.doc, &mut findings);
        }
    }
    let objects: Vec<&Sourced> = objects.iter().collect();
    let mut outcome = bind::outcome(&objects, options, findings);
    outcome.findings.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column, a.code, &a.message)
            .cmp(&(b.severity, &b.file, b.line, b.column, b.code, &b.message))
    });
    outcome.findings.dedup();
    outcome
}

/// Binds `objects` as [`check`] does and returns only the [`Binding`]: the same decisions, without validating
/// CRD rules (which do not change the binding), building findings or rendering statuses. For routers: which
/// listeners carry traffic, which routes they serve on which hostnames, and which backendRefs resolve.
pub fn binding(objects: &[&Sourced], options: &Options) -> Binding {
    bind::binding(objects, options)
}
