//! The `gateshift` command: wires the library crates together; the only place that does IO or prints.

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::ExitCode,
    sync::Arc,
};

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use gateshift_convert::{Generated, Options, Topology};
use gateshift_manifest::{ReadOptions, Source};

mod annotations_cmd;
mod check_cmd;
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

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// Multi-document YAML, ready for `kubectl apply -f -`.
    Yaml,
    /// A `v1` List as JSON.
    Json,
}

#[derive(Args)]
struct ConvertArgs {
    /// A manifest file, a directory (read recursively: *.yaml, *.yml, *.json) or `-` for stdin. Repeatable.
    #[arg(short = 'f', long = "filename", required = true, value_name = "PATH")]
    filenames: Vec<String>,
    /// Output format on stdout.
    #[arg(short = 'o', long = "output", value_enum, default_value = "yaml")]
    output: OutputFormat,
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
    #[arg(long, default_value = "gateway-system", value_name = "NS")]
    gateway_namespace: String,
    /// Name of the Gateway (default: the ingress class name).
    #[arg(long, value_name = "NAME")]
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

/// Reads and decodes every `-f` source. Any error stops before anything is written.
fn read_objects(filenames: &[String]) -> anyhow::Result<Vec<gateshift_api::Sourced>> {
    read_objects_with(filenames, &progress::Progress::hidden())
}

/// [`read_objects`], showing its progress.
fn read_objects_with(
    filenames: &[String],
    progress: &progress::Progress,
) -> anyhow::Result<Vec<gateshift_api::Sourced>> {
    progress.phase("reading");
    let sources: Vec<Source> = filenames
        .iter()
        .map(|f| {
            if f == "-" {
                Source::Stdin
            } else {
                Source::Path(PathBuf::from(f))
            }
        })
        .collect();
    let documents = gateshift_manifest::read_sources(&sources, &ReadOptions::default())?;
    progress.counted("decoding documents", documents.len());
    let mut objects = Vec::with_capacity(documents.len());
    for doc in documents {
        objects.push(gateshift_api::decode(Arc::new(doc))?);
        progress.inc();
    }
    Ok(objects)
}

fn run_convert(args: ConvertArgs) -> anyhow::Result<u8> {
    let progress = progress::Progress::start();
    // The input and the conversion are millions of small allocations that the process is about to give back
    // whole at exit; freeing them one by one took 0.27 s of a 10k-Ingress run (benches/README.md).
    let objects = std::mem::ManuallyDrop::new(read_objects_with(&args.filenames, &progress)?);
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
        let v = verify_output(&objects, &conversion.objects, &conversion.selected)?;
        verified_equivalent = v.equivalent;
        conversion.report.verification_text = Some(v.to_text());
        conversion.report.verification = Some(serde_json::to_value(&v)?);
    }
    progress.phase("writing");

    // Everything is rendered in memory first, so a failure cannot leave half an output behind.
    let mut reports = Vec::new();
    for path in &args.report {
        let text = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => serde_json::to_string_pretty(&conversion.report)? + "\n",
            Some("md") => conversion.report.to_markdown(),
            _ => anyhow::bail!(
                "--report {}: the file name must end in .json or .md",
                path.display()
            ),
        };
        reports.push((path.clone(), text));
    }
    let blocked = !conversion.security_losses.is_empty();
    match &args.output_dir {
        // Security controls would be lost: no manifests, only the report and the list of what is at stake.
        _ if blocked => {}
        Some(dir) => write_output_dir(dir, &conversion.objects)?,
        None => {
            let text = match args.output {
                OutputFormat::Yaml => render_yaml(&conversion.objects),
                OutputFormat::Json => gateshift_manifest::write_json_list(
                    &conversion
                        .objects
                        .iter()
                        .map(Generated::to_value)
                        .collect::<Vec<_>>(),
                ),
            };
            std::io::stdout()
                .write_all(text.as_bytes())
                .context("writing to stdout")?;
        }
    }
    for (path, text) in reports {
        write_atomically(&path, text.as_bytes())?;
    }
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

/// Multi-document YAML, one object at a time (the same bytes as `write_yaml` of the whole list, without
/// holding every object as a `Value`).
fn render_yaml(objects: &[Generated]) -> String {
    let mut out = String::new();
    for (i, object) in objects.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&gateshift_manifest::write_yaml(&[object.to_value()]));
    }
    out
}

/// `convert --verify`: the input's Ingresses against the generated objects, read back as a user would apply
/// them.
fn verify_output(
    input: &[gateshift_api::Sourced],
    generated: &[Generated],
    selected: &[gateshift_convert::ObjectRef],
) -> anyhow::Result<gateshift_verify::Verification> {
    let text = render_yaml(generated);
    let mut after = Vec::new();
    for doc in gateshift_manifest::read_str("<converted>", &text, &ReadOptions::default())? {
        after.push(gateshift_api::decode(Arc::new(doc))?);
    }
    // The before side routes exactly the Ingresses ingress-nginx would serve (class selection is convert's).
    let selected: std::collections::BTreeSet<(&str, &str)> = selected
        .iter()
        .map(|r| (r.namespace.as_str(), r.name.as_str()))
        .collect();
    let before: Vec<&gateshift_api::Sourced> = input
        .iter()
        .filter(|s| match &s.object {
            gateshift_api::Object::Ingress(i) => {
                selected.contains(&(i.metadata.namespace_or_default(), i.metadata.name.as_str()))
            }
            _ => true,
        })
        .collect();
    let after_refs: Vec<&gateshift_api::Sourced> = after.iter().collect();
    let gateways: Vec<(String, String)> = generated
        .iter()
        .filter(|g| g.kind == "Gateway")
        .map(|g| {
            let v = g.to_value();
            let s = |k: &str| v["metadata"][k].as_str().unwrap_or_default().to_string();
            (s("namespace"), s("name"))
        })
        .collect();
    // Each Gateway is its own entry point; comparing several at once would need to know which one DNS sends
    // each host to.
    if gateways.len() != 1 {
        anyhow::bail!(
            "--verify compares the Ingresses with one Gateway, and this conversion wrote {}: run `gateshift verify --before <input> --after <output> --gateway NS/NAME` (and --ingress-class) for each",
            gateways.len()
        );
    }
    let options = gateshift_verify::SideOptions {
        gateway: gateways.into_iter().next(),
        ingress_classes: Vec::new(),
    };
    let b = gateshift_verify::router_for("before", &before, &options)?;
    let a = gateshift_verify::router_for("after", &after_refs, &options)?;
    let probes = gateshift_verify::probes(&[&before, &after_refs]);
    Ok(gateshift_verify::verify(b.as_ref(), a.as_ref(), &probes))
}

/// One file per object: `DIR/<namespace>/<kind>-<name>.yaml`.
fn write_output_dir(dir: &Path, objects: &[Generated]) -> anyhow::Result<()> {
    let mut files = Vec::new();
    for generated in objects {
        let value = generated.to_value();
        let object = &value;
        let field = |path: &[&str]| {
            let mut v = object;
            for p in path {
                v = v.get(p).unwrap_or(&serde_json::Value::Null);
            }
            v.as_str().unwrap_or_default().to_string()
        };
        let namespace = field(&["metadata", "namespace"]);
        let file = format!(
            "{}-{}.yaml",
            field(&["kind"]).to_lowercase(),
            field(&["metadata", "name"])
        );
        let text = gateshift_manifest::write_yaml(std::slice::from_ref(object));
        files.push((
            dir.join(if namespace.is_empty() {
                "_cluster".into()
            } else {
                namespace
            })
            .join(file),
            text,
        ));
    }
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        write_atomically(&path, text.as_bytes())?;
    }
    Ok(())
}

/// Writes through a temporary file in the same directory and renames it, so readers never see half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = path.with_file_name(format!(".{name}.gateshift-tmp"));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
