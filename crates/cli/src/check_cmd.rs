//! `gateshift check`: the status a conformant controller would write, the objects the API server would reject,
//! and migration pitfalls, for any set of Gateway API manifests.

use std::{fmt::Write as _, io::Write, path::PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use gateshift_check::{Finding, ObjectRef, Outcome, Severity, codes};
use gateshift_manifest::FieldPath;
use serde_json::{Value, json};

use crate::exit;

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CheckOutput {
    /// For people: per Gateway its listeners and attached routes, problems first, each with its fix.
    Text,
    /// One object: `{"items": [...], "findings": [...]}`.
    Json,
    /// Every input Gateway API object with its computed `status`, multi-document (findings on stderr).
    Yaml,
}

#[derive(Args)]
pub(crate) struct CheckArgs {
    /// A manifest file, a directory (read recursively: *.yaml, *.yml, *.json) or `-` for stdin. Repeatable.
    #[arg(short = 'f', long = "filename", required = true, value_name = "PATH")]
    filenames: Vec<String>,
    /// Output format on stdout.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: CheckOutput,
    /// Act only for GatewayClasses with this controllerName (default: every class in the input).
    #[arg(long, value_name = "NAME")]
    controller_name: Option<String>,
    /// Also validate against these CRDs (files or directories, e.g. `kubectl get crd -o yaml` output): their
    /// schemas and CEL rules, as the API server of that cluster would. Repeatable.
    #[arg(long, value_name = "PATH")]
    crds: Vec<PathBuf>,
}

pub(crate) fn run(args: CheckArgs) -> anyhow::Result<u8> {
    // Freed by the process exit, not one allocation at a time (a sixth of a 10k-object check; see run_convert).
    let progress = crate::progress::Progress::start();
    let objects = std::mem::ManuallyDrop::new(crate::input::read_objects_with(&args.filenames, &progress)?);
    let validator = if args.crds.is_empty() {
        None
    } else {
        Some(load_crds(&args.crds)?)
    };
    let options = gateshift_check::Options {
        controller_name: args.controller_name,
    };
    progress.phase("checking");
    let mut outcome = std::mem::ManuallyDrop::new(gateshift_check::check(&objects, &options));
    if let Some(validator) = &validator {
        add_crd_findings(validator, &objects, &mut outcome);
    }

    progress.phase("writing");
    // Rendered in memory first: an error cannot leave half an output behind.
    let (stdout, stderr) = match args.output {
        CheckOutput::Json => {
            let items: Vec<Value> = outcome.items.iter().map(gateshift_check::Item::value).collect();
            let doc = json!({ "items": items, "findings": outcome.findings });
            (serde_json::to_string_pretty(&doc)? + "\n", String::new())
        }
        CheckOutput::Yaml => {
            let mut yaml = Vec::new();
            gateshift_manifest::write_yaml_to(
                &mut yaml,
                outcome.items.iter().map(gateshift_check::Item::value),
            )?;
            (
                String::from_utf8(yaml).expect("YAML is UTF-8"),
                render_findings(&outcome.findings),
            )
        }
        CheckOutput::Text => (render_text(&outcome), String::new()),
    };
    progress.finish();
    std::io::stdout()
        .write_all(stdout.as_bytes())
        .context("writing to stdout")?;
    let _ = std::io::stderr().write_all(stderr.as_bytes());
    Ok(if outcome.is_clean() {
        exit::OK
    } else {
        exit::ATTENTION
    })
}

/// The CRDs of `--crds`, read like `-f` (one YAML reader for every input: the same limits, `file:line:column`
/// in every error, symlinked directories not followed, and no error that quotes source lines).
fn load_crds(paths: &[PathBuf]) -> anyhow::Result<gateshift_crd_validate::Validator> {
    let sources: Vec<gateshift_manifest::Source> = paths
        .iter()
        .cloned()
        .map(gateshift_manifest::Source::Path)
        .collect();
    let documents = gateshift_manifest::read_sources(&sources, &gateshift_manifest::ReadOptions::default())?;
    let documents = documents.iter().map(|d| {
        let at = d.position_of(&FieldPath::root());
        (format!("{}:{}:{}", at.file, at.line, at.column), d.to_json())
    });
    let what = paths.first().map(|p| p.display().to_string()).unwrap_or_default();
    Ok(gateshift_crd_validate::Validator::from_documents(documents, &what).context("--crds")?)
}

/// Violations of the `--crds` rules that the built-in checks did not already report (same field and message).
fn add_crd_findings(
    validator: &gateshift_crd_validate::Validator,
    objects: &[gateshift_api::Sourced],
    outcome: &mut Outcome,
) {
    let mut extra = Vec::new();
    for s in objects {
        let gateshift_api::Object::Gateway(g) = &s.object else {
            continue;
        };
        let json = s.doc.to_json();
        if !validator.knows(&json) {
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
        for v in validator.validate(&json) {
            let dup = outcome
                .findings
                .iter()
                .any(|f| f.object == object && f.field == v.path && f.message == v.message);
            if dup {
                continue;
            }
            let position = s.doc.position_of(&FieldPath::parse(&v.path));
            extra.push(Finding {
                code: codes::CRD_RULE,
                severity: Severity::Error,
                object: object.clone(),
                field: v.path,
                message: v.message,
                file: position.file.to_string(),
                line: position.line,
                column: position.column,
                fix: "change the field so the installed CRDs accept it".to_string(),
            });
        }
    }
    outcome.findings.extend(extra);
    outcome.findings.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column).cmp(&(b.severity, &b.file, b.line, b.column))
    });
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn render_finding(out: &mut String, f: &Finding) {
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

fn render_findings(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        render_finding(&mut out, f);
    }
    out
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

fn render_text(outcome: &Outcome) -> String {
    let mut out = String::new();
    let problems: Vec<&Finding> = outcome
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    if !problems.is_empty() {
        let _ = writeln!(out, "Problems:");
        for f in &problems {
            render_finding(&mut out, f);
        }
        let _ = writeln!(out);
    }
    // (Gateway or ListenerSet, listener name) → attached routes, so each listener looks up its own.
    let mut attached: std::collections::BTreeMap<(&ObjectRef, &str), Vec<&ObjectRef>> =
        std::collections::BTreeMap::new();
    for a in &outcome.attachments {
        let owner = a.listener_set.as_ref().unwrap_or(&a.gateway);
        attached
            .entry((owner, a.listener.as_str()))
            .or_default()
            .push(&a.route);
    }
    for item in &outcome.items {
        match item.object.kind.as_str() {
            "Gateway" | "ListenerSet" => {}
            _ => continue,
        }
        // Only the spec and the computed status: the whole object as a Value costs more than the rest of the view.
        let field = |name: &str| {
            item.doc
                .root
                .child(&gateshift_manifest::Segment::Field(name.into()))
                .map_or(Value::Null, gateshift_manifest::Node::to_json)
        };
        // The computed status, else the one read (a Gateway of a class this check does not act for).
        let status = &item
            .status
            .as_ref()
            .map_or_else(|| field("status"), gateshift_check::Status::to_value);
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
    let count = |s: Severity| outcome.findings.iter().filter(|f| f.severity == s).count();
    let _ = writeln!(
        out,
        "{} Gateway API objects checked ({} other objects ignored): {} errors, {} warnings, {} notes{}",
        outcome.items.len(),
        outcome.ignored,
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
