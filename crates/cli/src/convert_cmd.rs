//! `gateshift convert`: Ingresses (and the IngressClasses, Services and Secrets they use) to Gateway API, with
//! the report and, with `--verify`, the request-by-request comparison of both sides.

use std::{io::Write, path::PathBuf};

use clap::Args;
use gateshift_convert::{GatewayIngresses, Generated, Options, Topology};
use gateshift_verify::{ConvertedGateway, Verification};

use crate::{
    exit, input,
    output::{self, Manifests, OutputFormat},
    progress::Progress,
};

#[derive(Args)]
pub(crate) struct ConvertArgs {
    /// A manifest file, a directory (read recursively: *.yaml, *.yml, *.json) or `-` for stdin. Repeatable.
    #[arg(short = 'f', long = "filename", required = true, value_name = "PATH")]
    filenames: Vec<String>,
    #[command(flatten)]
    limits: crate::input::InputLimits,
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
    /// The controller's `--default-ssl-certificate` (NAMESPACE/NAME), when the input has no controller
    /// Deployment that says it: hosts without a tls entry get HTTPS listeners with this certificate.
    #[arg(long, value_name = "NS/NAME", value_parser = ns_name)]
    default_ssl_certificate: Option<(String, String)>,
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

pub(crate) fn run(args: ConvertArgs) -> anyhow::Result<u8> {
    let progress = Progress::start();
    // The input and the conversion are millions of small allocations that the process is about to give back
    // whole at exit; freeing them one by one took 0.27 s of a 10k-Ingress run (benches/README.md).
    let objects =
        std::mem::ManuallyDrop::new(input::read_objects_with(&args.filenames, args.limits, &progress)?);
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
        default_ssl_certificate: args.default_ssl_certificate,
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
        _ if blocked => Manifests::Withheld,
        Some(dir) => Manifests::Dir(dir),
        None => Manifests::Stdout(args.output),
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
/// them, one Gateway at a time ([`gateshift_verify::verify_conversion`]).
fn verify_output(
    input: &[gateshift_api::Sourced],
    generated: &[Generated],
    gateways: &[GatewayIngresses],
) -> anyhow::Result<Verification> {
    if gateways.is_empty() {
        anyhow::bail!(
            "--verify compares the Ingresses with the Gateways the conversion writes, and this conversion wrote none"
        );
    }
    let after = input::read_back("<converted>", &output::render_yaml(generated))?;
    let gateways: Vec<ConvertedGateway> = gateways
        .iter()
        .map(|g| ConvertedGateway {
            gateway: g.gateway.clone(),
            ingresses: g.ingresses.clone(),
        })
        .collect();
    Ok(gateshift_verify::verify_conversion(input, &after, &gateways)?)
}

/// `NAMESPACE/NAME`, both parts as the API server accepts them.
pub(crate) fn ns_name(value: &str) -> Result<(String, String), String> {
    let (ns, name) = gateshift_convert::catalogue::controller::Overrides::parse_ref(value)
        .ok_or_else(|| "expected NAMESPACE/NAME".to_string())?;
    Ok((dns1123_label(&ns)?, dns1123_subdomain(&name)?))
}

/// A namespace, as the API server accepts it (a namespace becomes a directory under `--output-dir`).
fn dns1123_label(value: &str) -> Result<String, String> {
    accepted(value, gateshift_api::validation::dns1123_label(value))
}

/// An object name, as the API server accepts it.
fn dns1123_subdomain(value: &str) -> Result<String, String> {
    accepted(value, gateshift_api::validation::dns1123_subdomain(value))
}

/// `value` when validation found no problem, else the problems for clap to show.
fn accepted(value: &str, problems: Vec<String>) -> Result<String, String> {
    if problems.is_empty() {
        Ok(value.to_string())
    } else {
        Err(problems.join(", "))
    }
}
