//! `gateshift verify --before … --after …`: whether two configurations route every probe request the same
//! way, and where not, why, with a witness request for each difference.

use std::io::Write;

use clap::{Args, ValueEnum};
use gateshift_api::Sourced;
use gateshift_verify::{SideOptions, Verification};

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
    /// The Gateway to route through on a side that holds several.
    #[arg(long, value_name = "NS/NAME")]
    gateway: Option<String>,
    /// ingress-nginx side: route only Ingresses of this class. Repeatable. Default: every Ingress given.
    #[arg(long = "ingress-class", value_name = "NAME")]
    ingress_class: Vec<String>,
    /// Output format on stdout.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: VerifyOutput,
}

/// Compares two sets of objects.
pub(crate) fn compare(
    before: &[&Sourced],
    after: &[&Sourced],
    options: &SideOptions,
) -> anyhow::Result<Verification> {
    // Both sides know the same cluster (Services, Secrets, Namespaces from either input).
    let before = &gateshift_verify::with_cluster_objects(before, after);
    let after = &gateshift_verify::with_cluster_objects(after, before);
    let b = gateshift_verify::router_for("before", before, options)?;
    let a = gateshift_verify::router_for("after", after, options)?;
    let probes = gateshift_verify::probes(&[before, after]);
    Ok(gateshift_verify::verify(b.as_ref(), a.as_ref(), &probes))
}

pub(crate) fn run(args: VerifyArgs) -> anyhow::Result<u8> {
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
    let options = SideOptions {
        gateway: args
            .gateway
            .as_deref()
            .map(gateshift_router::parse_gateway)
            .transpose()?,
        ingress_classes: args.ingress_class,
    };
    let b: Vec<&Sourced> = before.iter().collect();
    let a: Vec<&Sourced> = after.iter().collect();
    let v = compare(&b, &a, &options)?;
    progress.finish();
    let mut out = std::io::stdout().lock();
    match args.output {
        VerifyOutput::Json => {
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        VerifyOutput::Text => write!(out, "{}", v.to_text())?,
    }
    Ok(if v.equivalent { exit::OK } else { exit::ATTENTION })
}
