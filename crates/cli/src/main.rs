//! The `gateshift` command: wires the library crates together; the only place that does IO or prints.

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::ExitCode,
    sync::Arc,
};

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use gateshift_convert::{Options, Topology};
use gateshift_manifest::{ReadOptions, Source};

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
    /// Listeners per Gateway before ListenerSets are used (the API allows at most 64).
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u16).range(2..=64), hide = true)]
    max_listeners: u16,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert(args) => run_convert(args),
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
    let mut objects = Vec::with_capacity(documents.len());
    for doc in documents {
        objects.push(gateshift_api::decode(Arc::new(doc))?);
    }
    Ok(objects)
}

fn run_convert(args: ConvertArgs) -> anyhow::Result<u8> {
    let objects = read_objects(&args.filenames)?;
    let options = Options {
        ingress_classes: args.ingress_class,
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
    };
    let conversion = gateshift_convert::convert(&objects, &options)?;

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
    match &args.output_dir {
        Some(dir) => write_output_dir(dir, &conversion.objects)?,
        None => {
            let text = match args.output {
                OutputFormat::Yaml => gateshift_manifest::write_yaml(&conversion.objects),
                OutputFormat::Json => gateshift_manifest::write_json_list(&conversion.objects),
            };
            std::io::stdout()
                .write_all(text.as_bytes())
                .context("writing to stdout")?;
        }
    }
    for (path, text) in reports {
        write_atomically(&path, text.as_bytes())?;
    }
    let _ = std::io::stderr().write_all(conversion.report.summary().as_bytes());
    Ok(if conversion.report.needs_attention() {
        exit::ATTENTION
    } else {
        exit::OK
    })
}

/// One file per object: `DIR/<namespace>/<kind>-<name>.yaml`.
fn write_output_dir(dir: &Path, objects: &[serde_json::Value]) -> anyhow::Result<()> {
    let mut files = Vec::new();
    for object in objects {
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
