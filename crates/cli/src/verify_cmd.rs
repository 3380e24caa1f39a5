//! `gateshift verify --before … --after …`: whether two configurations route every probe request the same
//! way, and where not, why, with a witness request for each difference; held against a baseline of accepted
//! differences with `--baseline`.

use std::{io::Write, path::PathBuf};

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use gateshift_api::Sourced;
use gateshift_verify::{Baseline, SideOptions, Verification};

use crate::exit;

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum VerifyOutput {
    /// For people: the verdict, then each group of differences with witness requests.
    Text,
    /// The comparison as one JSON object (`probes`, `differing`, `equivalent`, `groups`).
    Json,
}

#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// The configuration before: Ingresses (routed as ingress-nginx does) or Gateway API objects. Repeatable.
    #[arg(long = "before", required = true, value_name = "PATH")]
    before: Vec<String>,
    /// The configuration after. Repeatable.
    #[arg(long = "after", required = true, value_name = "PATH")]
    after: Vec<String>,
    #[command(flatten)]
    limits: crate::input::InputLimits,
    /// The Gateway to route through on a side that holds several (both sides).
    #[arg(long, value_name = "NS/NAME")]
    gateway: Option<String>,
    /// The Gateway to route through on the before side (overrides --gateway there).
    #[arg(long, value_name = "NS/NAME")]
    before_gateway: Option<String>,
    /// The Gateway to route through on the after side (overrides --gateway there).
    #[arg(long, value_name = "NS/NAME")]
    after_gateway: Option<String>,
    /// Record the current differences in FILE (one reviewable line per differing request) and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Pass (exit 0) when every difference is recorded in FILE, fail (exit 1) on any other; list the entries
    /// of FILE that no longer occur.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// ingress-nginx side: route only Ingresses of this class. Repeatable. Default: every Ingress given.
    #[arg(long = "ingress-class", value_name = "NAME")]
    ingress_class: Vec<String>,
    /// Output format on stdout.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: VerifyOutput,
}

/// Compares two sets of objects, each side compiled with its own options.
pub(crate) fn compare(
    before: &[&Sourced],
    after: &[&Sourced],
    (before_options, after_options): (&SideOptions, &SideOptions),
) -> anyhow::Result<Verification> {
    // Both sides know the same cluster (Services, Secrets, Namespaces from either input).
    let before = &gateshift_verify::with_cluster_objects(before, after);
    let after = &gateshift_verify::with_cluster_objects(after, before);
    let b = gateshift_verify::router_for("before", before, before_options)?;
    let a = gateshift_verify::router_for("after", after, after_options)?;
    let probes = gateshift_verify::probes(&[before, after]);
    Ok(gateshift_verify::verify(b.as_ref(), a.as_ref(), &probes))
}

/// The options of one side: its own `--before-gateway`/`--after-gateway`, else `--gateway`.
fn side_options(own: Option<&str>, shared: Option<&str>, classes: &[String]) -> anyhow::Result<SideOptions> {
    Ok(SideOptions {
        gateway: own.or(shared).map(gateshift_router::parse_gateway).transpose()?,
        ingress_classes: classes.to_vec(),
    })
}

/// Reads a baseline file; a line that is not an entry is bad input at its position.
fn read_baseline(path: &std::path::Path) -> anyhow::Result<Baseline> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Baseline::parse(&text).map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))
}

/// Writes `text` to `path` in full under a temporary name, then renames it: never half a baseline.
fn write_whole(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    let name = path
        .file_name()
        .with_context(|| format!("{}: not a file name", path.display()))?;
    let tmp = path.with_file_name(format!(".{}.gateshift-tmp", name.to_string_lossy()));
    std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))
}

pub(crate) fn run(args: VerifyArgs) -> anyhow::Result<u8> {
    // A baseline that cannot be read is bad input: find out before the comparison.
    let baseline = args.baseline.as_deref().map(read_baseline).transpose()?;
    // Freed by the process exit, not one allocation at a time (see run_convert).
    let progress = crate::progress::Progress::start();
    let before = std::mem::ManuallyDrop::new(crate::input::read_objects_with(
        &args.before,
        args.limits,
        &progress,
    )?);
    let after = std::mem::ManuallyDrop::new(crate::input::read_objects_with(
        &args.after,
        args.limits,
        &progress,
    )?);
    progress.phase("comparing both sides request by request");
    let shared = args.gateway.as_deref();
    let before_options = side_options(args.before_gateway.as_deref(), shared, &args.ingress_class)?;
    let after_options = side_options(args.after_gateway.as_deref(), shared, &args.ingress_class)?;
    let b: Vec<&Sourced> = before.iter().collect();
    let a: Vec<&Sourced> = after.iter().collect();
    let v = compare(&b, &a, (&before_options, &after_options))?;
    progress.finish();
    if let Some(path) = &args.write_baseline {
        let recorded = Baseline::of(&v);
        write_whole(path, &recorded.render())?;
        let _ = writeln!(
            std::io::stderr(),
            "verify: {} difference(s) recorded in {}",
            recorded.len(),
            path.display()
        );
    }
    let check = baseline.as_ref().map(|b| b.compare(&v));
    let mut out = std::io::stdout().lock();
    match args.output {
        VerifyOutput::Json => {
            let mut json = serde_json::to_value(&v)?;
            if let (Some(check), Some(map)) = (&check, json.as_object_mut()) {
                map.insert("baseline".into(), serde_json::to_value(check)?);
            }
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        VerifyOutput::Text => {
            write!(out, "{}", v.to_text())?;
            if let (Some(check), Some(path)) = (&check, &args.baseline) {
                write!(out, "{}", check.to_text(&path.display().to_string()))?;
            }
        }
    }
    let pass = match &check {
        Some(check) => check.passes(),
        None => v.equivalent || args.write_baseline.is_some(),
    };
    Ok(if pass { exit::OK } else { exit::ATTENTION })
}
