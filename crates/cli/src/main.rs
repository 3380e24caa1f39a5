//! The `gateshift` command: wires the library crates together; the only place that does IO or prints.

use std::{io::Write, path::PathBuf, process::ExitCode, sync::Arc};

use clap::{Args, Parser, Subcommand};
use gateshift_convert::{Generated, Options, Topology};
use gateshift_manifest::ReadOptions;

// Conversion and checking are millions of small allocations (documents, typed objects, findings); mimalloc
// cuts the time glibc's allocator spent in them (benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod annotations_cmd;
mod check_cmd;
mod input;
mod output;
mod progress;
mod simulate_cmd;
mod verify_cmd;

/// Exit codes, documented in the README and stable.
mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// The command ran but found something that needs the user: manual or unsupported items, differences.
    pub const ATTENTION: u8 = 1;
    /// Bad input or usage: nothing was written.
    pub const BAD_INPUT: u8 = 2;
}

#[derive(Parser)]
#[command(
    name = "gateshift",
    version,
    about = "Move Kubernetes traffic from Ingress to Gateway API without changing where a request goes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert Ingresses (and the IngressClasses, Services and Secrets they use) to Gateway API.
    Convert(ConvertArgs),
    /// List every ingress-nginx annotation and what gateshift does with it (docs/annotations.md).
    Annotations(annotations_cmd::AnnotationsArgs),
    /// Offline controller and validator: the status a conformant controller would write, the objects the API
    /// server would reject, and migration pitfalls.
    Check(check_cmd::CheckArgs),
    /// Where one request goes (Gateway API or ingress-nginx model), which rule won and why the others lost.
    Simulate(simulate_cmd::SimulateArgs),
    /// Compare two configurations (Ingresses or Gateway API) request by request; exit 1 on any difference.
    Verify(verify_cmd::VerifyArgs),
}

#[derive(Args)]
struct ConvertArgs {
    /// A manifest file, a directory (read recursively: *.yaml, *.yml, *.json) or `-` for stdin. Repeatable.
    #[arg(short = 'f', long = "filename", required = true, value_name = "PATH")]
    filenames: Vec<String>,
    /// Output format on stdout.
    #[arg(short = 'o', long = "output", value_enum, default_value = "yaml")]
    output: output::OutputFormat,
    /// Write one file per object under DIR/<namespace>/ instead of printing (for GitOps repositories).
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// Write the full report: `.json` (schema gateshift.dev/report/v1) or `.md`. Repeatable.
    #[arg(long, value_name = "FILE")]
    report: Vec<PathBuf>,
    /// Convert only Ingresses of this class (repeatable). Default: every class ingress-nginx serves.
    #[arg(long = "ingress-class", value_name = "NAME")]
    ingress_class: Vec<String>,
    /// Namespace of the shared Gateway.
    #[arg(long, default_value = "gateway-system", value_name = "NS", value_parser = dns1123_label)]
    gateway_namespace: String,
    /// Name of the Gateway (default: the ingress class name).
    #[arg(long, value_name = "NAME", value_parser = dns1123_subdomain)]
    gateway_name: Option<String>,
    /// gatewayClassName of the generated Gateway (your implementation's GatewayClass).
    #[arg(long, value_name = "NAME")]
    gateway_class: Option<String>,
    /// One Gateway per application namespace instead of one shared Gateway per ingress class.
    #[arg(long)]
    gateway_per_namespace: bool,
    /// Also convert Ingresses that name no class, like ingress-nginx's flag of the same name.
    #[arg(long)]
    watch_ingress_without_class: bool,
    /// Do not add the Strict-Transport-Security header ingress-nginx sends on HTTPS by default (use when
    /// your ingress-nginx ConfigMap set `hsts: "false"`).
    #[arg(long)]
    no_hsts: bool,
    /// Convert even when security controls (auth, IP allow/deny lists, rate limits, mTLS, WAF) cannot be
    /// expressed: the routes then serve those paths without them. Without this flag such a conversion
    /// writes no manifests and exits 1.
    #[arg(long)]
    accept_security_loss: bool,
    /// Also convert Ingresses that ingress-nginx refuses (snippets above the default risk level, invalid
    /// annotation values), without the offending annotation. They routed nothing before.
    #[arg(long)]
    convert_refused: bool,
    /// Compare the Ingresses (as ingress-nginx routes them) with the generated objects request by request,
    /// as `gateshift verify` does, and put the result in the report; exit 1 when any request routes
    /// differently.
    #[arg(long)]
    verify: bool,
    /// Listeners per Gateway before ListenerSets are used (the API allows at most 64).
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u16).range(2..=64), hide = true)]
    max_listeners: u16,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert(args) => run_convert(args),
        Command::Annotations(args) => annotations_cmd::run(args),
        Command::Check(args) => check_cmd::run(args),
        Command::Simulate(args) => simulate_cmd::run(args),
        Command::Verify(args) => verify_cmd::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::from(exit::BAD_INPUT)
        }
    }
}

fn run_convert(args: ConvertArgs) -> anyhow::Result<u8> {
    let progress = progress::Progress::start();
    // The input and the conversion are millions of small allocations that the process is about to give back
    // whole at exit; freeing them one by one took 0.27 s of a 10k-Ingress run (benches/README.md).
    let objects = std::mem::ManuallyDrop::new(input::read_objects_with(&args.filenames, &progress)?);
    progress.phase("converting Ingresses");
    let options = Options {
        ingress_classes: args.ingress_class.clone(),
        gateway_namespace: args.gateway_namespace,
        gateway_name: args.gateway_name,
        gateway_class: args.gateway_class,
        topology: if args.gateway_per_namespace {
            Topology::PerNamespace
        } else {
            Topology::Shared
        },
        watch_ingress_without_class: args.watch_ingress_without_class,
        hsts: !args.no_hsts,
        max_listeners: usize::from(args.max_listeners),
        accept_security_loss: args.accept_security_loss,
        convert_refused: args.convert_refused,
    };
    let mut conversion = std::mem::ManuallyDrop::new(gateshift_convert::convert(&objects, &options)?);
    let mut verified_equivalent = true;
    if args.verify && conversion.security_losses.is_empty() {
        progress.phase("verifying");
        let v = verify_output(&objects, &conversion.objects, &conversion.gateways)?;
        verified_equivalent = v.equivalent;
        conversion.report.verification_text = Some(v.to_text());
        conversion.report.verification = Some(serde_json::to_value(&v)?);
    }
    progress.phase("writing");

    let blocked = !conversion.security_losses.is_empty();
    let manifests = match &args.output_dir {
        // Security controls would be lost: no manifests, only the report and the list of what is at stake.
        _ if blocked => output::Manifests::Withheld,
        Some(dir) => output::Manifests::Dir(dir),
        None => output::Manifests::Stdout(args.output),
    };
    output::write_conversion(&conversion.objects, manifests, &conversion.report, &args.report)?;
    progress.finish();
    let _ = std::io::stderr().write_all(conversion.report.summary().as_bytes());
    if blocked {
        let mut text = format!(
            "error: no manifests written: {} security control(s) cannot be expressed in standard Gateway API, and without them their paths would be served more exposed than before (the report says what each protected and what to use instead):\n",
            conversion.security_losses.len()
        );
        for f in &conversion.security_losses {
            text.push_str(&format!(
                "  {}:{}:{}: {} {}\n",
                f.file, f.line, f.column, f.object, f.field
            ));
        }
        text.push_str("Reproduce them with your Gateway implementation's policies, or pass --accept-security-loss to convert without them.\n");
        let _ = std::io::stderr().write_all(text.as_bytes());
        return Ok(exit::ATTENTION);
    }
    if let Some(text) = &conversion.report.verification_text {
        let verdict = text.lines().next().unwrap_or_default();
        let _ = writeln!(std::io::stderr(), "verify: {verdict}");
    }
    Ok(if conversion.report.needs_attention() || !verified_equivalent {
        exit::ATTENTION
    } else {
        exit::OK
    })
}

/// `convert --verify`: the input's Ingresses against the generated objects, read back as a user would apply
/// them, one Gateway at a time (each is its own entry point): the before side is the Ingresses that Gateway
/// stands in for, the after side what is routed through it. The results are merged into one verification;
/// with several Gateways each group names its Gateway.
fn verify_output(
    input: &[gateshift_api::Sourced],
    generated: &[Generated],
    gateways: &[gateshift_convert::GatewayIngresses],
) -> anyhow::Result<gateshift_verify::Verification> {
    use gateshift_api::Object;

    if gateways.is_empty() {
        anyhow::bail!(
            "--verify compares the Ingresses with the Gateways the conversion writes, and this conversion wrote none"
        );
    }
    let text = output::render_yaml(generated);
    let mut after = Vec::new();
    for doc in gateshift_manifest::read_str("<converted>", &text, &ReadOptions::default())? {
        after.push(gateshift_api::decode(Arc::new(doc))?);
    }
    let after: Vec<&gateshift_api::Sourced> = after.iter().collect();
    let mut parts = Vec::with_capacity(gateways.len());
    for g in gateways {
        // The before side routes exactly the Ingresses ingress-nginx would serve that this Gateway stands in
        // for (class selection and the topology are convert's).
        let served: std::collections::BTreeSet<(&str, &str)> = g
            .ingresses
            .iter()
            .map(|r| (r.namespace.as_str(), r.name.as_str()))
            .collect();
        let before: Vec<&gateshift_api::Sourced> = input
            .iter()
            .filter(|s| match &s.object {
                Object::Ingress(i) => {
                    served.contains(&(i.metadata.namespace_or_default(), i.metadata.name.as_str()))
                }
                _ => true,
            })
            .collect();
        let gateway = (g.gateway.namespace.clone(), g.gateway.name.clone());
        let options = gateshift_verify::SideOptions {
            gateway: Some(gateway.clone()),
            ingress_classes: Vec::new(),
        };
        let b = gateshift_verify::router_for("before", &before, &options)?;
        let a = gateshift_verify::router_for("after", &after, &options)?;
        let probes = gateshift_verify::probes(&[&before, &routed_through(&after, &gateway)]);
        parts.push((gateway, gateshift_verify::verify(b.as_ref(), a.as_ref(), &probes)));
    }
    Ok(merge_verifications(parts))
}

/// The generated objects that bring requests to Gateway `gw`: the Gateway, the ListenerSets attached to it and
/// the routes attached to either. Probes come from these (and the before side), so each Gateway is not probed
/// with every other Gateway's hosts.
fn routed_through<'a>(
    objects: &[&'a gateshift_api::Sourced],
    gw: &(String, String),
) -> Vec<&'a gateshift_api::Sourced> {
    use gateshift_api::{GatewayObject, Object};

    let is_gw = |ns: &str, name: &str| (ns, name) == (gw.0.as_str(), gw.1.as_str());
    let listener_sets: std::collections::BTreeSet<(&str, &str)> = objects
        .iter()
        .filter_map(|s| match &s.object {
            Object::Gateway(g) => match g.as_ref() {
                GatewayObject::ListenerSet(ls) => {
                    let ns = ls.metadata.namespace_or_default();
                    let parent = &ls.spec.parent_ref;
                    is_gw(parent.namespace.as_deref().unwrap_or(ns), &parent.name)
                        .then_some((ns, ls.metadata.name.as_str()))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    let attached = |ns: &str, refs: &[gateshift_api::gateway::ParentReference]| {
        refs.iter().any(|p| {
            let pns = p.namespace.as_deref().unwrap_or(ns);
            match p.kind.as_deref().unwrap_or("Gateway") {
                "Gateway" => is_gw(pns, &p.name),
                "ListenerSet" => listener_sets.contains(&(pns, p.name.as_str())),
                _ => false,
            }
        })
    };
    objects
        .iter()
        .copied()
        .filter(|s| match &s.object {
            Object::Gateway(g) => {
                let ns = g.metadata().namespace_or_default();
                match g.as_ref() {
                    GatewayObject::Gateway(x) => is_gw(ns, &x.metadata.name),
                    GatewayObject::ListenerSet(x) => listener_sets.contains(&(ns, x.metadata.name.as_str())),
                    GatewayObject::HTTPRoute(r) => attached(ns, &r.spec.parent_refs),
                    GatewayObject::GRPCRoute(r) => attached(ns, &r.spec.parent_refs),
                    GatewayObject::TLSRoute(r) => attached(ns, &r.spec.parent_refs),
                    _ => true,
                }
            }
            _ => true,
        })
        .collect()
}

/// One verification from one per Gateway: counts add up, groups keep their order by size, and with several
/// Gateways each group's after side starts with the Gateway it was routed through.
fn merge_verifications(
    parts: Vec<((String, String), gateshift_verify::Verification)>,
) -> gateshift_verify::Verification {
    let several = parts.len() > 1;
    let mut after_models: Vec<String> = Vec::new();
    let mut merged = gateshift_verify::Verification {
        before_model: String::new(),
        after_model: String::new(),
        probes: 0,
        differing: 0,
        equivalent: true,
        groups: Vec::new(),
    };
    for ((ns, name), v) in parts {
        if merged.before_model.is_empty() {
            merged.before_model = v.before_model;
        }
        if !after_models.contains(&v.after_model) {
            after_models.push(v.after_model);
        }
        merged.probes += v.probes;
        merged.differing += v.differing;
        merged.equivalent &= v.equivalent;
        merged.groups.extend(v.groups.into_iter().map(|mut g| {
            if several {
                g.after_source = format!("Gateway {ns}/{name}: {}", g.after_source);
            }
            g
        }));
    }
    merged.after_model = after_models.join(", ");
    // Largest first; Gateway order, then each Gateway's own order, breaks ties (the sort is stable).
    merged.groups.sort_by_key(|g| std::cmp::Reverse(g.count));
    merged
}

/// A namespace, as the API server accepts it (a namespace becomes a directory under `--output-dir`).
fn dns1123_label(value: &str) -> Result<String, String> {
    let problems = gateshift_api::validation::dns1123_label(value);
    if problems.is_empty() {
        Ok(value.to_string())
    } else {
        Err(problems.join(", "))
    }
}

/// An object name, as the API server accepts it.
fn dns1123_subdomain(value: &str) -> Result<String, String> {
    let problems = gateshift_api::validation::dns1123_subdomain(value);
    if problems.is_empty() {
        Ok(value.to_string())
    } else {
        Err(problems.join(", "))
    }
}
