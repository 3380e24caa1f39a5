//! `gateshift simulate URL`: where one request goes under the Gateway API or the ingress-nginx model, and
//! why.

use std::io::Write;

use clap::{Args, ValueEnum};
use gateshift_router::{
    GatewayOptions, GatewayRouter, Model, NginxOptions, NginxRouter, Request, parse_gateway,
};

use crate::exit;

/// `--model`: the router crate's [`Model`] as a flag.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ModelArg {
    /// Gateways and HTTPRoutes, as a conformant Gateway API implementation routes them.
    Gateway,
    /// Ingresses, as ingress-nginx routes them.
    IngressNginx,
}

impl From<ModelArg> for Model {
    fn from(m: ModelArg) -> Model {
        match m {
            ModelArg::Gateway => Model::Gateway,
            ModelArg::IngressNginx => Model::IngressNginx,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SimulateOutput {
    /// For people: the outcome, the rule that won, and why each other candidate lost.
    Text,
    /// The decision as one JSON object (schema in docs/simulate.md).
    Json,
}

#[derive(Args)]
pub(crate) struct SimulateArgs {
    /// The request URL: `http(s)://host[:port]/path?query`.
    url: String,
    /// A manifest file, a directory (read recursively: *.yaml, *.yml, *.json) or `-` for stdin. Repeatable.
    #[arg(short = 'f', long = "filename", required = true, value_name = "PATH")]
    filenames: Vec<String>,
    #[command(flatten)]
    limits: crate::input::InputLimits,
    /// The request method.
    #[arg(short = 'X', long = "request", default_value = "GET", value_name = "METHOD")]
    method: String,
    /// A request header, `Name: value`. Repeatable. `Host: name` replaces the URL's host.
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    headers: Vec<String>,
    /// https: the TLS server name (SNI) the client sent, when it differs from the host (a connection reused
    /// for another host). Gateway model: 421 when it selects another listener than the Host does.
    #[arg(long, value_name = "NAME")]
    sni: Option<String>,
    /// Which router answers. Default: `gateway` when the input has Gateway API objects, else `ingress-nginx`.
    #[arg(long, value_enum)]
    model: Option<ModelArg>,
    /// ingress-nginx model: route only Ingresses of this class (`spec.ingressClassName` or the legacy
    /// annotation). Repeatable. Default: every Ingress given.
    #[arg(long = "ingress-class", value_name = "NAME")]
    ingress_class: Vec<String>,
    /// The Gateway to route through, when the input has several.
    #[arg(long, value_name = "NS/NAME")]
    gateway: Option<String>,
    /// Output format on stdout.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: SimulateOutput,
}

pub(crate) fn run(args: SimulateArgs) -> anyhow::Result<u8> {
    let request = Request::new(&args.url, &args.method, &args.headers)?.with_sni(args.sni.as_deref());
    let sourced = crate::input::read_objects(&args.filenames, args.limits)?;
    let model = args
        .model
        .map_or_else(|| Model::default_for(&sourced), Model::from);
    let mut refused_json = Vec::new();
    let (decision, context, notes) = match model {
        Model::Gateway => {
            let gateway = args.gateway.as_deref().map(parse_gateway).transpose()?;
            let router = GatewayRouter::new(&sourced, &GatewayOptions { gateway })?;
            let gw = router.gateway();
            (router.decide(&request), Some(gw), Vec::new())
        }
        Model::IngressNginx => {
            let options = NginxOptions {
                classes: args.ingress_class.clone(),
            };
            let router = NginxRouter::new(sourced.iter().map(|s| &s.object), &options);
            let decision = router.decide(&request);
            let mut notes = Vec::new();
            let sourced_objects = sourced.iter().map(|s| &s.object);
            for m in router.explain_refused(sourced_objects, &options, &request) {
                notes.push(m.note());
                let r = &m.refused;
                refused_json.push(serde_json::json!({
                    "namespace": r.namespace,
                    "name": r.name,
                    "annotation": r.annotation,
                    "reason": r.reason,
                    "wouldHaveMatched": m.would_have_matched(),
                }));
            }
            for r in router.denied() {
                notes.push(format!(
                    "Ingress {}/{} answers 503 on every path: {}: {}",
                    r.namespace, r.name, r.annotation, r.reason
                ));
            }
            (decision, None, notes)
        }
    };
    let model_name = model.as_str();
    let mut out = std::io::stdout().lock();
    match args.output {
        SimulateOutput::Json => {
            let mut value = serde_json::to_value(&decision)?;
            if let Some(map) = value.as_object_mut() {
                map.insert("model".into(), model_name.into());
                if let Some(gw) = &context {
                    map.insert("gateway".into(), gw.clone().into());
                }
                if !notes.is_empty() {
                    map.insert("notes".into(), notes.clone().into());
                }
                if !refused_json.is_empty() {
                    map.insert("refused".into(), refused_json.into());
                }
            }
            serde_json::to_writer_pretty(&mut out, &value)?;
            writeln!(out)?;
        }
        SimulateOutput::Text => {
            let via = context.map_or(String::new(), |g| format!(" via Gateway {g}"));
            let sni = request
                .sni
                .as_deref()
                .map_or(String::new(), |s| format!(" SNI {s}"));
            writeln!(
                out,
                "{} {}{sni} ({} model{via})",
                request.method, args.url, model_name
            )?;
            write!(out, "{}", decision.explain())?;
            for n in &notes {
                writeln!(out, "note: {n}")?;
            }
        }
    }
    Ok(exit::OK)
}
