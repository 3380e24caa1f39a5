//! Violations of CRDs given from outside (`check --crds`: a cluster's own schemas and CEL rules), merged into the
//! findings. The validator is the caller's: this crate does not depend on one.

use gateshift_api::{Object, Sourced};
use gateshift_manifest::FieldPath;
use serde_json::Value;

use crate::finding::{Finding, ObjectRef, Severity, codes};
use crate::outcome::Outcome;

impl Outcome {
    /// Adds, as `GS1000` errors at their field, the violations `validate` reports for each Gateway API object of
    /// `objects` (given the object as JSON, it returns `(field path, message)` pairs, none for an object its CRDs
    /// do not cover), except those the built-in checks already report (same object, field and message). Then
    /// sorts the findings by severity and position.
    pub fn add_crd_violations(
        &mut self,
        objects: &[Sourced],
        mut validate: impl FnMut(&Value) -> Vec<(String, String)>,
    ) {
        let mut extra = Vec::new();
        for s in objects {
            let Object::Gateway(g) = &s.object else {
                continue;
            };
            let violations = validate(&s.doc.to_json());
            if violations.is_empty() {
                continue;
            }
            let meta = g.metadata();
            let object = ObjectRef {
                kind: g.kind().to_string(),
                namespace: if g.kind() == "GatewayClass" {
                    String::new()
                } else {
                    meta.namespace_or_default().to_string()
                },
                name: meta.name.clone(),
            };
            for (path, message) in violations {
                let dup = self
                    .findings
                    .iter()
                    .any(|f| f.object == object && f.field == path && f.message == message);
                if dup {
                    continue;
                }
                let position = s.doc.position_of(&FieldPath::parse(&path));
                extra.push(Finding {
                    code: codes::CRD_RULE,
                    severity: Severity::Error,
                    object: object.clone(),
                    field: path,
                    message,
                    file: position.file.to_string(),
                    line: position.line,
                    column: position.column,
                    fix: "change the field so the installed CRDs accept it".to_string(),
                });
            }
        }
        self.findings.extend(extra);
        self.findings.sort_by(|a, b| {
            (a.severity, &a.file, a.line, a.column).cmp(&(b.severity, &b.file, b.line, b.column))
        });
    }
}
