//! `gateshift check`: the status a conformant controller would write, the objects the API server would reject,
//! and migration pitfalls, for any set of Gateway API manifests.

use std::{io::Write, path::PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use gateshift_manifest::FieldPath;
use serde_json::Value;

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
    #[command(flatten)]
    limits: crate::input::InputLimits,
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
    let objects = std::mem::ManuallyDrop::new(crate::input::read_objects_with(
        &args.filenames,
        args.limits,
        &progress,
    )?);
    let validator = if args.crds.is_empty() {
        None
    } else {
        Some(load_crds(&args.crds, args.limits)?)
    };
    let options = gateshift_check::Options {
        controller_name: args.controller_name,
    };
    progress.phase("checking");
    let mut outcome = std::mem::ManuallyDrop::new(gateshift_check::check(&objects, &options));
    if let Some(validator) = &validator {
        outcome.add_crd_violations(&objects, |json| crd_violations(validator, json));
    }

    progress.phase("writing");
    // Streamed one object at a time like convert's manifests: the whole check has succeeded by now, so only
    // writing itself can fail. Findings go to stderr after the YAML.
    let written = {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        match args.output {
            CheckOutput::Json => outcome
                .write_json(&mut out)
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n")),
            CheckOutput::Yaml => gateshift_manifest::write_yaml_to(
                &mut out,
                outcome.items.iter().map(gateshift_check::Item::value),
            ),
            CheckOutput::Text => out.write_all(outcome.to_text().as_bytes()),
        }
        .and_then(|()| out.flush())
    };
    progress.finish();
    written.map_err(|e| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            anyhow::anyhow!("writing to stdout: the reader closed it before the end (broken pipe); the output is incomplete")
        } else {
            anyhow::Error::new(e).context("writing to stdout")
        }
    })?;
    if let CheckOutput::Yaml = args.output {
        let _ = std::io::stderr().write_all(outcome.findings_to_text().as_bytes());
    }
    Ok(if outcome.is_clean() {
        exit::OK
    } else {
        exit::ATTENTION
    })
}

/// The CRDs of `--crds`, read like `-f` (one YAML reader for every input: the same limits, `file:line:column`
/// in every error, symlinked directories not followed, and no error that quotes source lines).
fn load_crds(
    paths: &[PathBuf],
    limits: crate::input::InputLimits,
) -> anyhow::Result<gateshift_crd_validate::Validator> {
    let sources: Vec<gateshift_manifest::Source> = paths
        .iter()
        .cloned()
        .map(gateshift_manifest::Source::Path)
        .collect();
    let documents = gateshift_manifest::read_sources(&sources, &limits.read_options())?;
    let documents = documents.iter().map(|d| {
        let at = d.position_of(&FieldPath::root());
        (format!("{}:{}:{}", at.file, at.line, at.column), d.to_json())
    });
    let what = paths.first().map(|p| p.display().to_string()).unwrap_or_default();
    gateshift_crd_validate::Validator::from_documents(documents, &what).context("--crds")
}

/// Violations of the `--crds` rules, as `(field path, message)` pairs; none for an object they do not cover.
fn crd_violations(validator: &gateshift_crd_validate::Validator, json: &Value) -> Vec<(String, String)> {
    if !validator.knows(json) {
        return Vec::new();
    }
    validator
        .validate(json)
        .into_iter()
        .map(|v| (v.path, v.message))
        .collect()
}
