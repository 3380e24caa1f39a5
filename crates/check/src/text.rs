//! The text view of an [`Outcome`]: problems first, each with its fix, then per Gateway and ListenerSet its
//! conditions, listeners and attached routes, then a summary line.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use gateshift_manifest::{Node, Segment};
use serde_json::{Value, json};

use crate::finding::{Finding, ObjectRef, Severity};
use crate::outcome::{Outcome, Status};

impl Outcome {
    /// For people (`-o text`): the problems (errors and warnings) with their fixes, per Gateway and ListenerSet
    /// its `Accepted`/`Programmed` conditions and listeners with their attached routes, and a summary line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let problems: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .collect();
        if !problems.is_empty() {
            let _ = writeln!(out, "Problems:");
            for f in &problems {
                write_finding(&mut out, f);
            }
            let _ = writeln!(out);
        }
        self.write_listeners(&mut out);
        let count = |s: Severity| self.findings.iter().filter(|f| f.severity == s).count();
        let _ = writeln!(
            out,
            "{} Gateway API objects checked ({} other objects ignored): {} errors, {} warnings, {} notes{}",
            self.items.len(),
            self.ignored,
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            if count(Severity::Info) > 0 {
                " (notes: -o json lists them)"
            } else {
                ""
            }
        );
        out
    }

    /// Every finding (notes included), two lines each: `file:line:column: severity code object field: message`
    /// and its fix.
    pub fn findings_to_text(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            write_finding(&mut out, f);
        }
        out
    }

    /// Per Gateway and ListenerSet: its conditions, then each listener with its attached routes.
    fn write_listeners(&self, out: &mut String) {
        // (Gateway or ListenerSet, listener name) → attached routes, so each listener looks up its own.
        let mut attached: BTreeMap<(&ObjectRef, &str), Vec<&ObjectRef>> = BTreeMap::new();
        for a in &self.attachments {
            let owner = a.listener_set.as_ref().unwrap_or(&a.gateway);
            attached
                .entry((owner, a.listener.as_str()))
                .or_default()
                .push(&a.route);
        }
        for item in &self.items {
            match item.object.kind.as_str() {
                "Gateway" | "ListenerSet" => {}
                _ => continue,
            }
            // Only the spec and the computed status: the whole object as a Value costs more than the rest of the
            // view.
            let field = |name: &str| {
                item.doc
                    .root
                    .child(&Segment::Field(name.into()))
                    .map_or(Value::Null, Node::to_json)
            };
            // The computed status, else the one read (a Gateway of a class this check does not act for).
            let status = &item
                .status
                .as_ref()
                .map_or_else(|| field("status"), Status::to_value);
            if status.is_null() {
                continue;
            }
            let v = &json!({ "spec": field("spec") });
            let class = v["spec"]["gatewayClassName"]
                .as_str()
                .map(|c| format!(" (class {c})"))
                .unwrap_or_default();
            let _ = writeln!(out, "{}{class}", item.object);
            let _ = writeln!(
                out,
                "  Accepted: {}   Programmed: {}",
                condition(&status["conditions"], "Accepted"),
                condition(&status["conditions"], "Programmed")
            );
            let _ = writeln!(out, "  Listeners:");
            let empty = Vec::new();
            let specs = v["spec"]["listeners"].as_array().unwrap_or(&empty);
            for ls in status["listeners"].as_array().unwrap_or(&empty) {
                let name = ls["name"].as_str().unwrap_or_default();
                let spec = specs
                    .iter()
                    .find(|s| s["name"] == name)
                    .cloned()
                    .unwrap_or(Value::Null);
                let kinds: Vec<&str> = ls["supportedKinds"]
                    .as_array()
                    .unwrap_or(&empty)
                    .iter()
                    .filter_map(|k| k["kind"].as_str())
                    .collect();
                let _ = writeln!(
                    out,
                    "    {name}: {} port {} hostname {}   Accepted: {}  ResolvedRefs: {}  attached routes: {}  kinds: {}",
                    spec["protocol"].as_str().unwrap_or("?"),
                    spec["port"],
                    spec["hostname"].as_str().unwrap_or("*"),
                    condition(&ls["conditions"], "Accepted"),
                    condition(&ls["conditions"], "ResolvedRefs"),
                    ls["attachedRoutes"],
                    kinds.join(", ")
                );
                for route in attached.get(&(&item.object, name)).into_iter().flatten() {
                    let _ = writeln!(out, "      {route}");
                }
            }
            let _ = writeln!(out);
        }
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn write_finding(out: &mut String, f: &Finding) {
    let field = if f.field.is_empty() {
        String::new()
    } else {
        format!(" {}", f.field)
    };
    let _ = writeln!(
        out,
        "{}:{}:{}: {} {} {}{field}: {}",
        f.file,
        f.line,
        f.column,
        severity_word(f.severity),
        f.code,
        f.object,
        f.message
    );
    if !f.fix.is_empty() {
        let _ = writeln!(out, "    fix: {}", f.fix);
    }
}

/// The condition `type` of a status `conditions` list, as `Status/Reason`.
fn condition(conditions: &Value, type_: &str) -> String {
    conditions
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == type_))
        .map(|c| {
            format!(
                "{}/{}",
                c["status"].as_str().unwrap_or("?"),
                c["reason"].as_str().unwrap_or("?")
            )
        })
        .unwrap_or_else(|| "-".to_string())
}
