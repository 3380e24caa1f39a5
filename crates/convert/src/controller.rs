//! The controller the Ingresses ran on: its flags (from a Deployment or DaemonSet running
//! `/nginx-ingress-controller`) and its ConfigMap, found in the input with
//! `gateshift_nginx_annotations::controller::discover`, every flag and key given its report line at its
//! position. The same discovery and class rule serve the router's ingress-nginx model, so `convert`,
//! `simulate` and `verify` agree on what the controller serves.

use std::collections::HashMap;

use gateshift_api::meta::ObjectRef;
use gateshift_manifest::{Document, FieldPath};

use crate::{
    catalogue::controller::{self, ContainerInput, Controller, LineStatus, Origin, Overrides},
    input::Input,
    report::{Finding, Recorder, Status},
};

/// The controllers of the input, in input order (one with the defaults when there is none), and whether any
/// came from the input.
pub(crate) struct Controllers {
    pub list: Vec<Controller>,
    pub from_input: bool,
    /// ConfigMap keys that are security controls the output cannot keep (for the security-loss gate).
    pub security: Vec<(ObjectRef, String)>,
}

/// Finds the controllers and records a line for each flag and ConfigMap key.
pub(crate) fn read(input: &Input<'_>, overrides: &Overrides, rec: &mut Recorder) -> Controllers {
    // Positions are passed to the catalogue as text; this maps them back to the object and field.
    let mut places: HashMap<String, (ObjectRef, &Document, FieldPath)> = HashMap::new();
    let mut workloads = Vec::new();
    for w in &input.workloads {
        let mut containers = Vec::new();
        for (i, c) in w.obj.containers.iter().enumerate() {
            let words = w
                .obj
                .command_line(i)
                .into_iter()
                .map(|word| {
                    let at = w.doc.position_of(&word.field).to_string();
                    places.insert(at.clone(), (w.r.clone(), w.doc.as_ref(), word.field));
                    (word.value, at)
                })
                .collect();
            containers.push(ContainerInput {
                words,
                image: c.image.clone(),
                has_command: !c.command.is_empty(),
            });
        }
        workloads.push((format!("{} {}/{}", w.r.kind, w.r.namespace, w.r.name), containers));
    }
    let mut cm_places: HashMap<String, (ObjectRef, &Document, FieldPath)> = HashMap::new();
    for ((_, _), cm) in &input.config_map_docs {
        for k in cm.obj.data.keys() {
            let field = FieldPath::root().field("data").key(k);
            let at = cm.doc.key_position_of(&field).to_string();
            cm_places.insert(at, (cm.r.clone(), cm.doc.as_ref(), field));
        }
    }
    let found = controller::discover(
        workloads,
        |ns, name| {
            let cm = input.config_map_docs.get(&(ns.to_string(), name.to_string()))?;
            Some(
                cm.obj
                    .data
                    .iter()
                    .map(|(k, v)| {
                        let field = FieldPath::root().field("data").key(k);
                        (k.clone(), v.clone(), cm.doc.key_position_of(&field).to_string())
                    })
                    .collect(),
            )
        },
        overrides,
    );
    let default_label = Controller::default().workload;
    let from_input = found.iter().any(|f| f.controller.workload != default_label);
    let mut security = Vec::new();
    let mut list = Vec::new();
    for f in found {
        for line in f.flag_lines.iter() {
            if let Some((r, doc, field)) = places.get(&line.at) {
                rec.add(r, doc, field, status(line.status), line.message.clone());
            }
        }
        if let Some(((ns, name), lines)) = &f.configmap {
            for line in lines {
                if let Some((r, doc, field)) = cm_places.get(&line.at) {
                    let message = format!(
                        "{} (ConfigMap {ns}/{name} of {})",
                        line.message, f.controller.workload
                    );
                    rec.add(r, doc, field, status(line.status), message);
                    if line.security {
                        security.push((r.clone(), field.to_string()));
                    }
                }
            }
        } else if let Some((ns, name)) = &f.controller.flags.configmap.value
            && let Origin::Flag(at) = &f.controller.flags.configmap.origin
            && let Some((r, doc, field)) = places.get(at)
        {
            rec.add(r, doc, field, Status::Manual, format!("ConfigMap {ns}/{name} is not in the input, so its keys are unknown and ingress-nginx's defaults are assumed; add it (kubectl get cm -n {ns} {name} -o yaml) to -f"));
        }
        list.push(f.controller);
    }
    Controllers {
        list,
        from_input,
        security,
    }
}

fn status(s: LineStatus) -> Status {
    match s {
        LineStatus::Exact => Status::Exact,
        LineStatus::Manual => Status::Manual,
        LineStatus::Unsupported => Status::Unsupported,
        LineStatus::Ignored => Status::Ignored,
    }
}

/// The findings among `findings` that are the security-control keys `security` names.
pub(crate) fn security_findings(findings: &[Finding], security: &[(ObjectRef, String)]) -> Vec<Finding> {
    findings
        .iter()
        .filter(|f| {
            security
                .iter()
                .any(|(r, field)| *r == f.object && *field == f.field)
        })
        .cloned()
        .collect()
}
