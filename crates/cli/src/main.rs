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
use gateshift_manifest::ReadOptions;

// Conversion and checking are millions of small allocations (documents, typed objects, findings); mimalloc
// cuts the time glibc's allocator spent in them (benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod annotations_cmd;
mod check_cmd;
mod input;
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

    // Reports are written to temporary files and renamed into place only once the manifests are out, so a
    // failure leaves no half-written report behind; nothing is written before the conversion has succeeded, and
    // a report file that cannot be created stops the command before anything is written.
    let mut pending: Vec<((Staged, std::fs::File), ReportFormat)> = Vec::new();
    for path in &args.report {
        let created = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Staged::create(path).map(|s| (s, ReportFormat::Json)),
            Some("md") => Staged::create(path).map(|s| (s, ReportFormat::Markdown)),
            _ => Err(anyhow::anyhow!(
                "--report {}: the file name must end in .json or .md",
                path.display()
            )),
        };
        match created {
            Ok(p) => pending.push(p),
            Err(e) => {
                for ((staged, _), _) in pending {
                    staged.discard();
                }
                return Err(e);
            }
        }
    }
    let blocked = !conversion.security_losses.is_empty();
    let report = &conversion.report;
    let objects = &conversion.objects;
    // The reports are written on another core while the manifests go out (the JSON report of 10k Ingresses is
    // 34 MB, a tenth of the run).
    let (reports, manifests) = std::thread::scope(|scope| {
        let reports = scope.spawn(|| {
            pending
                .into_iter()
                .map(|((staged, file), format)| {
                    staged.fill(file, |out| match format {
                        ReportFormat::Json => {
                            serde_json::to_writer_pretty(&mut *out, report)?;
                            out.write_all(b"\n")
                        }
                        ReportFormat::Markdown => out.write_all(report.to_markdown().as_bytes()),
                    })
                })
                .collect::<Vec<anyhow::Result<Staged>>>()
        });
        let manifests = match &args.output_dir {
            // Security controls would be lost: no manifests, only the report and the list of what is at stake.
            _ if blocked => Ok(()),
            Some(dir) => write_output_dir(dir, objects),
            None => write_stdout(objects, args.output),
        };
        let reports = reports
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (reports, manifests)
    });
    let failed = manifests.is_err() || reports.iter().any(Result::is_err);
    let mut staged = Vec::new();
    for r in reports {
        match r {
            Ok(s) if failed => s.discard(),
            Ok(s) => staged.push(s),
            Err(e) if manifests.is_ok() => return Err(e),
            Err(_) => {}
        }
    }
    manifests?;
    for report in staged {
        report.commit()?;
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

/// The manifests on stdout, one object at a time: the YAML of 10k Ingresses is 22 MB that need not be held.
fn write_stdout(objects: &[Generated], format: OutputFormat) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match format {
        OutputFormat::Yaml => {
            gateshift_manifest::write_yaml_to(&mut out, objects.iter().map(Generated::to_value))
        }
        OutputFormat::Json => out.write_all(
            gateshift_manifest::write_json_list(&objects.iter().map(Generated::to_value).collect::<Vec<_>>())
                .as_bytes(),
        ),
    }
    .and_then(|()| out.flush())
    .context("writing to stdout")
}

/// Multi-document YAML, one object at a time (the same bytes as `write_yaml` of the whole list, without
/// holding every object as a `Value`).
fn render_yaml(objects: &[Generated]) -> String {
    let mut out = Vec::new();
    gateshift_manifest::write_yaml_to(&mut out, objects.iter().map(Generated::to_value))
        .expect("writing to memory cannot fail");
    String::from_utf8(out).expect("YAML is UTF-8")
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
    let text = render_yaml(generated);
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

/// The longest file name common file systems accept, in bytes.
const MAX_FILE_NAME: usize = 255;

/// One component of a path under `--output-dir`: a plain name, never `..`, `.`, absolute or with a separator,
/// so every file written lands inside the directory whatever the objects say. Names are validated on input;
/// this is the last line of defence, and a failure here is a gateshift bug, reported before anything is written.
fn safe_component(component: &str) -> anyhow::Result<&str> {
    let mut parts = Path::new(component).components();
    match (parts.next(), parts.next()) {
        (Some(std::path::Component::Normal(c)), None)
            if c.to_str() == Some(component) && !component.contains(['/', '\\', '\0']) =>
        {
            Ok(component)
        }
        _ => anyhow::bail!("refusing to write {component:?} under --output-dir: not a plain file name"),
    }
}

/// `<kind>-<name>.yaml`, shortened with a digest of the full name when it would exceed what a file system takes
/// (a 253-character object name plus its kind does).
fn output_file_name(kind: &str, name: &str) -> String {
    let full = format!("{kind}-{name}.yaml");
    if full.len() <= MAX_FILE_NAME {
        return full;
    }
    // FNV-1a, 64 bits: stable across runs and Rust versions (output is deterministic).
    let digest = full.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let keep = MAX_FILE_NAME - ".yaml".len() - 17;
    let mut cut = keep;
    while !full.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{digest:016x}.yaml", &full[..cut])
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
        let namespace = if namespace.is_empty() {
            "_cluster".to_string()
        } else {
            namespace
        };
        let file = output_file_name(&field(&["kind"]).to_lowercase(), &field(&["metadata", "name"]));
        let text = gateshift_manifest::write_yaml(std::slice::from_ref(object));
        files.push((
            dir.join(safe_component(&namespace)?).join(safe_component(&file)?),
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
    Staged::write(path, |out| out.write_all(bytes))?.commit()
}

#[derive(Clone, Copy)]
enum ReportFormat {
    Json,
    Markdown,
}

/// A file written in full under a temporary name next to its final one, waiting to be renamed into place.
struct Staged {
    tmp: PathBuf,
    path: PathBuf,
}

impl Staged {
    /// Creates the temporary file next to `path`.
    fn create(path: &Path) -> anyhow::Result<(Staged, std::fs::File)> {
        // A short temporary name, not the final one with a suffix: a final name near the file system's limit
        // must not fail only because of the suffix.
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = path.with_file_name(format!(".{}-{n}.gateshift-tmp", std::process::id()));
        let file = std::fs::File::create(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
        Ok((
            Staged {
                tmp,
                path: path.to_path_buf(),
            },
            file,
        ))
    }

    /// Writes the temporary file in full (and removes it when that fails).
    fn fill(
        self,
        file: std::fs::File,
        fill: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
    ) -> anyhow::Result<Staged> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        if let Err(e) = fill(&mut out).and_then(|()| out.flush()) {
            drop(out);
            let tmp = self.tmp.clone();
            self.discard();
            return Err(e).with_context(|| format!("writing {}", tmp.display()));
        }
        Ok(self)
    }

    fn write(
        path: &Path,
        fill: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
    ) -> anyhow::Result<Staged> {
        let (staged, file) = Staged::create(path)?;
        staged.fill(file, fill)
    }

    fn commit(self) -> anyhow::Result<()> {
        std::fs::rename(&self.tmp, &self.path).with_context(|| format!("writing {}", self.path.display()))
    }

    /// Removes the temporary file: the final one is left as it was.
    fn discard(self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_dir_components_are_plain_names() {
        for ok in ["shop", "_cluster", "httproute-a.b.yaml"] {
            assert_eq!(safe_component(ok).unwrap(), ok);
        }
        for bad in ["", ".", "..", "../x", "/abs", "a/b", "a\\b", "x\0"] {
            assert!(safe_component(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn long_file_names_are_shortened_deterministically() {
        let name = "a".repeat(253);
        let file = output_file_name("backendtlspolicy", &name);
        assert!(file.len() <= MAX_FILE_NAME, "{}", file.len());
        assert!(file.ends_with(".yaml") && file.starts_with("backendtlspolicy-aaa"));
        assert_eq!(file, output_file_name("backendtlspolicy", &name));
        assert_ne!(
            file,
            output_file_name("backendtlspolicy", &format!("{}b", &name[1..]))
        );
        assert_eq!(output_file_name("httproute", "web"), "httproute-web.yaml");
    }
}
