//! `gateshift convert`: Ingresses (and the IngressClasses, Services and Secrets they use) to Gateway API, with
//! the report and, unless `--no-verify`, the request-by-request comparison of both sides, attached to the
//! report lines it concerns.

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
    /// Do not compare the Ingresses (as ingress-nginx routes them) with the generated objects request by
    /// request. By default `convert` does, as `gateshift verify` would, puts the result in the report and
    /// attaches each difference to the report lines of the items that decided it (never `exact` then).
    #[arg(long, conflicts_with = "verify")]
    no_verify: bool,
    /// Accepted for compatibility: verifying is the default now.
    #[arg(long, hide = true)]
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
    let mut unexplained = 0;
    let mut verified_line = None;
    // A class whose every Ingress ingress-nginx refuses gets no Gateway (the report says so): then there is
    // nothing on either side to compare.
    if !args.no_verify && conversion.security_losses.is_empty() && !conversion.gateways.is_empty() {
        progress.phase("verifying");
        let (v, after) = verify_output(&objects, &conversion.objects, &conversion.gateways)?;
        let attached = crate::verified::attach(&mut conversion.report, &v, &objects, &after);
        std::mem::forget(after);
        unexplained = attached.unattributed;
        verified_line = Some(verify_summary(&v, &attached));
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
    if conversion.selected.is_empty() {
        let _ = std::io::stderr().write_all(nothing_to_convert(&objects, &args.ingress_class).as_bytes());
        return Ok(exit::ATTENTION);
    }
    if let Some(line) = &verified_line {
        let _ = std::io::stderr().write_all(line.as_bytes());
    }
    Ok(if conversion.report.needs_attention() || unexplained > 0 {
        exit::ATTENTION
    } else {
        exit::OK
    })
}

/// The verification in the stderr summary: probes, differences and causes, and where the report carries
/// them.
fn verify_summary(v: &Verification, attached: &crate::verified::Attached) -> String {
    let mut s = format!("verify: {}", v.to_text().lines().next().unwrap_or_default());
    if !v.equivalent {
        s.push_str(&format!(
            "; {} report line(s) carry a difference (never `exact`)",
            attached.lines
        ));
        if attached.unattributed > 0 {
            s.push_str(&format!(
                "; {} group(s) of differences belong to no report line: see the report's verification",
                attached.unattributed
            ));
        }
    }
    s.push('\n');
    s
}

/// The input's Ingresses against the generated objects, read back as a user would apply them, one Gateway at
/// a time ([`gateshift_verify::verify_conversion`]); with the objects read back.
fn verify_output(
    input: &[gateshift_api::Sourced],
    generated: &[Generated],
    gateways: &[GatewayIngresses],
) -> anyhow::Result<(Verification, Vec<gateshift_api::Sourced>)> {
    let after = input::read_back("<converted>", &output::render_yaml(generated))?;
    let gateways: Vec<ConvertedGateway> = gateways
        .iter()
        .map(|g| ConvertedGateway {
            gateway: g.gateway.clone(),
            ingresses: g.ingresses.clone(),
        })
        .collect();
    let v = gateshift_verify::verify_conversion(input, &after, &gateways)?;
    Ok((v, after))
}

/// Why a run converted nothing (empty input, no Ingress, or no Ingress of the chosen classes): the Ingress
/// classes the input has, so that the next run can name one.
fn nothing_to_convert(objects: &[gateshift_api::Sourced], chosen: &[String]) -> String {
    let mut classes: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for o in objects {
        if let gateshift_api::Object::Ingress(ing) = &o.object {
            let class = ing.spec.ingress_class_name.clone().or_else(|| {
                let legacy = gateshift_api::networking::LEGACY_CLASS_ANNOTATION;
                ing.metadata.annotations.get(legacy).cloned()
            });
            *classes
                .entry(class.unwrap_or_else(|| "(no class)".into()))
                .or_default() += 1;
        }
    }
    let list: Vec<String> = classes.iter().map(|(c, n)| format!("{c} ({n})")).collect();
    let found = if classes.is_empty() {
        String::new()
    } else {
        format!("; Ingress classes in the input: {}", list.join(", "))
    };
    let asked = if classes.is_empty() {
        "the input has no Ingress".to_string()
    } else if chosen.is_empty() {
        "no Ingress is served by ingress-nginx (the report says why for each)".to_string()
    } else {
        format!("no Ingress has --ingress-class {}", chosen.join(", "))
    };
    format!(
        "error: nothing to convert: {asked}{found}. Choose a class with --ingress-class, or --watch-ingress-without-class for Ingresses without one\n"
    )
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
