//! The ingress-nginx provider's annotation reader: turns every annotation of an Ingress into [`Intents`] and
//! a report line.
//!
//! Which annotations exist, their syntax, defaults, risk and what happens to those gateshift cannot convert
//! comes from the [`catalogue`]; this module interprets the ones the catalogue marks `Converted`, following the
//! ingress-nginx parsers (`internal/ingress/annotations/*/main.go`): an invalid value either refuses the whole
//! Ingress or falls back to the default, as the parser does. Lines whose outcome depends on the rest of the
//! configuration (canary merge, rewrites, regex mode) are written by the model builder instead.

use std::collections::BTreeMap;

use gateshift_api::networking::{Ingress, LEGACY_CLASS_ANNOTATION};
use gateshift_manifest::FieldPath;

use crate::{
    catalogue::{
        self, Handling, NGINX_PREFIX, OnInvalid,
        acceptance::{self, Judgement},
        readers,
    },
    facts::Fact,
    input::{Input, Src},
    intent::{BackendProtocol, Canary, Cors, FixedRedirect, Intents, Mirror},
    report::{Recorder, Status},
};

/// Annotations outside the ingress-nginx prefix that are known to carry no routing meaning for ingress-nginx.
const NOT_ROUTING: &[(&str, &str)] = &[
    (
        "kubectl.kubernetes.io/last-applied-configuration",
        "kubectl bookkeeping; not carried over",
    ),
    ("meta.helm.sh/release-name", "Helm bookkeeping; not carried over"),
    (
        "meta.helm.sh/release-namespace",
        "Helm bookkeeping; not carried over",
    ),
];

/// The non-canary annotations a canary Ingress still contributes (to the canary upstream).
const CANARY_KEEPS: &[&str] = &["load-balance", "upstream-hash-by", "affinity"];

/// CORS defaults of ingress-nginx (`internal/ingress/annotations/cors/main.go`).
const CORS_METHODS: &str = "GET, PUT, POST, DELETE, PATCH, OPTIONS";
const CORS_HEADERS: &str = "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization";
const CORS_MAX_AGE: i32 = 1_728_000;

/// The report field of an annotation.
pub(crate) fn field(key: &str) -> FieldPath {
    FieldPath::root().field("metadata").field("annotations").key(key)
}

/// The hosts and paths an Ingress serves, for messages (`a.example.com/api, a.example.com/`).
pub(crate) fn served(ing: &Ingress) -> String {
    let mut out: Vec<String> = Vec::new();
    for rule in &ing.spec.rules {
        let host = rule.host.as_deref().filter(|h| !h.is_empty()).unwrap_or("*");
        match &rule.http {
            Some(http) if !http.paths.is_empty() => {
                for p in &http.paths {
                    let path = p.path.as_deref().filter(|p| !p.is_empty()).unwrap_or("/");
                    out.push(format!("{host}{path}"));
                }
            }
            _ => out.push(format!("{host}/")),
        }
    }
    if out.is_empty() && ing.spec.default_backend.is_some() {
        out.push("every host no other rule serves (catch-all)".into());
    }
    out.dedup();
    out.join(", ")
}

/// The redirect and rewrite settings (`redirect.Config`, `rewrite.Config`) ingress-nginx leaves at their defaults
/// on the catch-all an Ingress without rules configures.
const CATCH_ALL_KEEPS_DEFAULT: [&str; 11] = [
    "permanent-redirect",
    "permanent-redirect-code",
    "temporal-redirect",
    "temporal-redirect-code",
    "from-to-www-redirect",
    "rewrite-target",
    "ssl-redirect",
    "force-ssl-redirect",
    "preserve-trailing-slash",
    "app-root",
    "use-regex",
];

/// Reads the annotations of a selected Ingress, recording a report line for each one the model builder does
/// not report itself.
pub(crate) fn read(
    input: &Input<'_>,
    ing: &Src<'_, Ingress>,
    accept_security_loss: bool,
    convert_refused: bool,
    rec: &mut Recorder,
) -> Intents {
    let mut out = Intents::default();
    let nginx = validate(ing, convert_refused, &mut out, rec);
    // An Ingress without rules only configures the catch-all, and ingress-nginx keeps the default location's
    // redirect and rewrite settings there (`createServers`: "Redirect and rewrite can affect the catch all
    // behavior, skip for now"); its other location annotations apply.
    let catch_all_only = ing.obj.spec.rules.is_empty() && ing.obj.spec.default_backend.is_some();
    let mut nginx = nginx;
    let canary = nginx
        .get("canary")
        .is_some_and(|(_, v)| catalogue::parse_bool(v) == Some(true));
    if catch_all_only && !canary && (out.refused.is_none() || convert_refused) {
        for name in CATCH_ALL_KEEPS_DEFAULT {
            if let Some((key, _)) = nginx.remove(name) {
                rec.at(ing, &field(key), Status::Ignored, format!("{name} is a redirect or rewrite setting, and this Ingress has no rules: it configures only the catch-all (spec.defaultBackend), where ingress-nginx does not apply redirect and rewrite annotations; neither does the conversion"));
            }
        }
    }

    // A canary Ingress contributes only its canary settings (and the upstream's balancing).
    let canary_on = nginx
        .get("canary")
        .is_some_and(|(_, v)| catalogue::parse_bool(v) == Some(true));
    let mut lines = Lines {
        ing,
        nginx: &nginx,
        rec,
    };
    let get = |name: &str| nginx.get(name).map(|(_, v)| *v);
    let flag = |name: &str| get(name).and_then(catalogue::parse_bool);

    if let Some(why) = out.refused.as_ref().filter(|_| !convert_refused) {
        for &name in nginx.keys() {
            lines.say(
                name,
                Status::Ignored,
                format!("ingress-nginx refuses this whole Ingress, so {name} has no effect ({why})"),
            );
        }
        return out;
    }
    for (&name, (key, value)) in &nginx {
        // Messages name the annotation as written (an alias stays an alias).
        let shown = key.strip_prefix(NGINX_PREFIX).unwrap_or(name);
        let row = catalogue::lookup(name).expect("canonical names are in the catalogue");
        if name == "allowlist-source-range" && allows_everyone(value) {
            let status = if value.contains("::/0") {
                Status::Exact
            } else {
                Status::Approximate
            };
            lines.say(
                name,
                status,
                format!(
                    "{value:?} allows every client address (cert-manager sets this to override a global allowlist), so leaving it out exposes nothing{}",
                    if status == Status::Exact {
                        ""
                    } else {
                        "; IPv6 clients, which it did not list, were refused before and are served now"
                    }
                ),
            );
            continue;
        }
        if canary_on && !name.starts_with("canary") {
            if CANARY_KEEPS.contains(&name) {
                lines.note(
                    name,
                    Fact::CanaryBalancing {
                        name: name.to_string(),
                        advice: row.handling.text().to_string(),
                    },
                );
            } else {
                lines.say(
                    name,
                    Status::Ignored,
                    format!(
                        "canary Ingress: ingress-nginx ignores its {name} (only the canary-* settings, load-balance, upstream-hash-by and affinity of a canary Ingress are used)"
                    ),
                );
            }
            continue;
        }
        match row.handling {
            Handling::Converted(_) => {}
            Handling::SecurityLoss(advice) => {
                out.security.push(key.to_string());
                let fact = Fact::SecurityLoss {
                    shown: shown.to_string(),
                    value: value.to_string(),
                    exposed: served(ing.obj),
                    advice: advice.to_string(),
                    accepted: accept_security_loss,
                };
                lines.note(name, fact);
            }
            Handling::Manual(advice) => lines.note(
                name,
                Fact::NotExpressible {
                    shown: shown.to_string(),
                    value: value.to_string(),
                    advice: advice.to_string(),
                },
            ),
            Handling::Unsupported(why) => {
                lines.say(name, Status::Unsupported, format!("{shown}={value:?}: {why}"))
            }
            Handling::NoEffect(why) => lines.say(name, Status::Ignored, format!("{shown}={value:?}: {why}")),
        }
    }
    if canary_on {
        out.canary = Some(read_canary(&get, &mut lines));
        return out;
    }
    for name in [
        "canary-by-header",
        "canary-by-header-value",
        "canary-by-header-pattern",
        "canary-by-cookie",
        "canary-weight",
        "canary-weight-total",
    ] {
        lines.say(
            name,
            Status::Ignored,
            format!(
                "{name} without canary: \"true\": ingress-nginx discards the canary settings and serves this Ingress as a normal one, and so does the conversion"
            ),
        );
    }
    if get("canary").is_some() {
        lines.say(
            "canary",
            Status::Ignored,
            "canary is not \"true\": ingress-nginx treats this as a normal Ingress".into(),
        );
    }
    read_redirects_and_paths(&mut out, &get, &flag, &mut lines);
    read_backends_and_headers(input, ing, &mut out, &get, &flag, &mut lines);
    out
}

/// Checks every annotation of `ing` as ingress-nginx does (prefix, empty value, catalogue, risk, valid value,
/// alias), reporting the ones it drops and recording a refusal in `out`; returns the valid nginx annotations by
/// canonical name, with their key and value.
fn validate<'a>(
    ing: &'a Src<'_, Ingress>,
    convert_refused: bool,
    out: &mut Intents,
    rec: &mut Recorder,
) -> BTreeMap<&'static str, (&'a str, &'a str)> {
    // What a refused Ingress's line says: left out, or (on request) converted without the offending annotation.
    let refused_status = if convert_refused {
        Status::Unsupported
    } else {
        Status::Refused
    };
    let refused_outcome = if convert_refused {
        "converted anyway (--convert-refused) without this annotation: check that the result is what you want"
    } else {
        "the conversion leaves it out too; fix it and convert again, or pass --convert-refused"
    };
    let annotations: &BTreeMap<String, String> = &ing.obj.metadata.annotations;
    // The nginx annotations, valid ones only, by canonical name.
    let mut nginx: BTreeMap<&'static str, (&str, &str)> = BTreeMap::new();

    for (key, value) in annotations {
        let f = field(key);
        let Some(name) = key.strip_prefix(NGINX_PREFIX) else {
            if key == LEGACY_CLASS_ANNOTATION && ing.obj.spec.ingress_class_name.is_some() {
                rec.at(ing, &f, Status::Ignored, "spec.ingressClassName is set, and ingress-nginx reads it before this annotation (the API server refuses to create an Ingress with both)");
            } else if key == LEGACY_CLASS_ANNOTATION {
                rec.note(ing, &f, Fact::ClassAnnotation { class: value.clone() });
            } else if let Some((_, why)) = NOT_ROUTING.iter().find(|(k, _)| k == key) {
                rec.at(ing, &f, Status::Ignored, *why);
            } else {
                rec.note(ing, &f, Fact::ForeignAnnotation);
            }
            continue;
        };
        // The acceptance rules ingress-nginx applies before it routes anything, shared with the router's model.
        let known = match acceptance::judge_annotation(name, value, acceptance::DEFAULT_RISK_LEVEL) {
            Judgement::Empty => {
                // ingress-nginx's parsers treat an empty value as an absent annotation.
                rec.at(
                    ing,
                    &f,
                    Status::Ignored,
                    "empty value: ingress-nginx treats the annotation as not set, and so does the conversion",
                );
                continue;
            }
            Judgement::Unknown => {
                let hint = match catalogue::suggest(name) {
                    Some(s) => format!("; did you mean {NGINX_PREFIX}{s}?"),
                    None => String::new(),
                };
                rec.at(ing, &f, Status::Ignored, format!("unknown ingress-nginx annotation {name}{hint} ingress-nginx ignores annotations it does not know, so it had no effect and the conversion ignores it too"));
                continue;
            }
            Judgement::TooRisky(known) => {
                let why = format!(
                    "{name} is risk {:?}, above ingress-nginx's default annotations-risk-level (High), so ingress-nginx refuses the whole Ingress and it routes nothing; {refused_outcome}. If your controller ran with annotations-risk-level: Critical, reproduce what the annotation did with your implementation's policies",
                    known.risk
                );
                out.refused.get_or_insert(why.clone());
                rec.at(ing, &f, refused_status, why);
                continue;
            }
            Judgement::Invalid(known, why) => {
                match known.on_invalid {
                    OnInvalid::RefuseIngress => {
                        let why = format!(
                            "invalid value {value:?} for {name}: {why}. ingress-nginx refuses the whole Ingress, so it routes nothing; {refused_outcome}"
                        );
                        out.refused.get_or_insert(why.clone());
                        rec.at(ing, &f, refused_status, why);
                    }
                    OnInvalid::DenyLocations => {
                        let why = format!(
                            "invalid value {value:?} for {name}: {why}. ingress-nginx answers 503 on every path of this Ingress; {refused_outcome}"
                        );
                        out.refused.get_or_insert(why.clone());
                        rec.at(ing, &f, refused_status, why);
                    }
                    OnInvalid::UseDefault => {
                        let default = known.default.unwrap_or("unset");
                        rec.at(ing, &f, Status::Ignored, format!("invalid value {value:?} for {name}: {why}. ingress-nginx ignores it and uses the default ({default}), and so does the conversion"));
                    }
                }
                continue;
            }
            Judgement::Valid(known) => known,
        };
        let canonical = catalogue::canonical(known);
        if let Some((other, _)) = nginx.get(canonical.name) {
            // ingress-nginx reads the canonical name first and the alias only when the canonical one is absent.
            let (kept, dropped) = if known.alias_of.is_some() {
                (*other, key.as_str())
            } else {
                (key.as_str(), *other)
            };
            rec.at(
                ing,
                &field(dropped),
                Status::Ignored,
                format!("{kept} is also set, and ingress-nginx reads it instead of its alias"),
            );
            if known.alias_of.is_some() {
                continue;
            }
        }
        nginx.insert(canonical.name, (key.as_str(), value.as_str()));
    }

    nginx
}

/// TLS redirects, paths, rewrites and fixed redirects.
fn read_redirects_and_paths<'v>(
    out: &mut Intents,
    get: &impl Fn(&str) -> Option<&'v str>,
    flag: &impl Fn(&str) -> Option<bool>,
    lines: &mut Lines<'_, '_, '_>,
) {
    // TLS redirects.
    for (name, slot) in [
        ("ssl-redirect", &mut out.ssl_redirect),
        ("force-ssl-redirect", &mut out.force_ssl_redirect),
        ("preserve-trailing-slash", &mut out.preserve_trailing_slash),
    ] {
        if let Some(b) = flag(name) {
            *slot = b;
        }
    }
    if let Some(on) = flag("ssl-redirect") {
        lines.note("ssl-redirect", Fact::SslRedirect { on });
    }
    if let Some(on) = flag("force-ssl-redirect") {
        lines.note("force-ssl-redirect", Fact::ForceSslRedirect { on });
    }
    if let Some(preserve) = flag("preserve-trailing-slash") {
        lines.note("preserve-trailing-slash", Fact::TrailingSlash { preserve });
    }

    // Paths and rewrites: the model builder reports use-regex and rewrite-target, which depend on the host.
    out.use_regex = flag("use-regex") == Some(true);
    if flag("use-regex") == Some(false) {
        lines.say(
            "use-regex",
            Status::Exact,
            "use-regex is off: paths are literal unless another Ingress of the host turns regex mode on"
                .into(),
        );
    }
    if flag("ssl-passthrough") == Some(false) {
        lines.say(
            "ssl-passthrough",
            Status::Exact,
            "ssl-passthrough is off: TLS is terminated as usual".into(),
        );
    }
    out.rewrite_target = get("rewrite-target")
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    if let Some(prefix) = get("x-forwarded-prefix") {
        if out.rewrite_target.is_some() {
            out.x_forwarded_prefix = Some(prefix.to_string());
            lines.note(
                "x-forwarded-prefix",
                Fact::ForwardedPrefix {
                    prefix: prefix.to_string(),
                },
            );
        } else {
            lines.say("x-forwarded-prefix", Status::Ignored, "ingress-nginx only sends X-Forwarded-Prefix when rewrite-target is set, and this Ingress has none".into());
        }
    }
    if let Some(root) = get("app-root") {
        out.app_root = Some(root.to_string());
        lines.note(
            "app-root",
            Fact::AppRoot {
                root: root.to_string(),
            },
        );
    }
    if let Some(vhost) = get("upstream-vhost") {
        if is_precise_hostname(vhost) {
            out.upstream_vhost = Some(vhost.to_string());
            let vhost = vhost.to_string();
            lines.note("upstream-vhost", Fact::UpstreamHost { vhost });
        } else {
            let vhost = vhost.to_string();
            lines.note("upstream-vhost", Fact::UpstreamHostNotHostname { vhost });
        }
    }

    // Fixed redirects: temporal beats permanent (redirect.go).
    out.redirect = read_redirect(get, lines);
    if flag("from-to-www-redirect") == Some(true) {
        // The model builder reports each twin it adds or skips.
        out.from_to_www = true;
    } else if get("from-to-www-redirect").is_some() {
        lines.say(
            "from-to-www-redirect",
            Status::Exact,
            "from-to-www-redirect is off: no twin host is served".into(),
        );
    }
}

/// Backends, headers, CORS, timeouts and mirroring.
fn read_backends_and_headers<'v>(
    input: &Input<'_>,
    ing: &Src<'_, Ingress>,
    out: &mut Intents,
    get: &impl Fn(&str) -> Option<&'v str>,
    flag: &impl Fn(&str) -> Option<bool>,
    lines: &mut Lines<'_, '_, '_>,
) {
    // Backends.
    if let Some(proto) = get("backend-protocol") {
        out.backend_protocol = match proto.to_ascii_uppercase().as_str() {
            "HTTPS" => BackendProtocol::Https,
            "AUTO_HTTP" => BackendProtocol::AutoHttp,
            "GRPC" => BackendProtocol::Grpc,
            "GRPCS" => BackendProtocol::Grpcs,
            "FCGI" => BackendProtocol::Fcgi,
            _ => BackendProtocol::Http,
        };
    }
    out.backend_tls.verify = get("proxy-ssl-verify").is_some_and(readers::on);
    out.backend_tls.name = get("proxy-ssl-name").map(str::to_string);
    out.backend_tls.secret = get("proxy-ssl-secret").map(|s| {
        let (ns, name) = readers::object_ref(s, &ing.r.namespace);
        (ns.to_string(), name.to_string())
    });
    read_backend_protocol(ing, out, get, lines);
    if !out.backend_protocol.is_tls() {
        for name in [
            "proxy-ssl-secret",
            "proxy-ssl-verify",
            "proxy-ssl-name",
            "proxy-ssl-server-name",
        ] {
            lines.say(
                name,
                Status::Ignored,
                format!(
                    "{name} only matters for backend-protocol HTTPS or GRPCS, and this Ingress speaks {} to its backends",
                    out.backend_protocol.as_str()
                ),
            );
        }
    }
    out.ssl_passthrough = flag("ssl-passthrough") == Some(true);
    if let Some(on) = flag("service-upstream") {
        lines.note("service-upstream", Fact::ServiceUpstream { on });
    }

    // Headers, CORS, timeouts, mirroring.
    if let Some(reference) = get("custom-headers") {
        let (ns, name) = readers::object_ref(reference, &ing.r.namespace);
        let (ns, name) = (ns.to_string(), name.to_string());
        match input.config_maps.get(&(ns.clone(), name.clone())) {
            Some(cm) => {
                out.response_headers = cm.data.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                let headers: Vec<String> = cm.data.keys().cloned().collect();
                let fact = Fact::ResponseHeaders {
                    headers,
                    namespace: ns,
                    name,
                };
                lines.note("custom-headers", fact);
            }
            None => lines.note(
                "custom-headers",
                Fact::ResponseHeadersMissing { namespace: ns, name },
            ),
        }
    }
    out.cors = read_cors(get, flag, lines);
    for (name, slot) in [
        ("proxy-connect-timeout", &mut out.timeouts.connect),
        ("proxy-send-timeout", &mut out.timeouts.send),
        ("proxy-read-timeout", &mut out.timeouts.read),
    ] {
        *slot = get(name).and_then(readers::seconds);
    }
    if let Some(seconds) = out.timeouts.read {
        lines.note("proxy-read-timeout", Fact::ReadTimeout { seconds });
    }
    if let Some(seconds) = out.timeouts.send {
        lines.note("proxy-send-timeout", Fact::SendTimeout { seconds });
    }
    if let Some(seconds) = out.timeouts.connect {
        lines.note("proxy-connect-timeout", Fact::ConnectTimeout { seconds });
    }
    if let Some(target) = get("mirror-target") {
        let named = mirror_service(target, &ing.r.namespace);
        let service = match &named {
            MirrorTarget::Service(ns, name, port) => Some((ns.clone(), name.clone(), *port)),
            MirrorTarget::Elsewhere | MirrorTarget::Invalid(_) => None,
        };
        out.mirror = Some(Mirror {
            url: target.to_string(),
            service: service.clone(),
        });
        let invalid = match named {
            MirrorTarget::Invalid(why) => Some(why),
            MirrorTarget::Service(..) | MirrorTarget::Elsewhere => None,
        };
        match service {
            Some((namespace, name, port)) => lines.note(
                "mirror-target",
                Fact::MirrorToService {
                    namespace,
                    name,
                    port,
                    target: target.to_string(),
                },
            ),
            None => lines.note(
                "mirror-target",
                Fact::MirrorNotService {
                    target: target.to_string(),
                    invalid,
                },
            ),
        }
        if let Some(host) = get("mirror-host") {
            let host = host.to_string();
            lines.note("mirror-host", Fact::MirrorHost { host });
        }
        if let Some(body) = get("mirror-request-body") {
            let body = body.to_string();
            lines.note("mirror-request-body", Fact::MirrorRequestBody { body });
        }
    } else {
        for name in ["mirror-host", "mirror-request-body"] {
            lines.say(
                name,
                Status::Ignored,
                format!("{name} only matters with mirror-target, which this Ingress does not set"),
            );
        }
    }
    if out.grpc
        && (out.upstream_vhost.is_some()
            || out.rewrite_target.is_some()
            || out.cors.is_some()
            || out.timeouts.read.is_some()
            || out.mirror.is_some())
    {
        // Routing by gRPC method carries no rewrite, CORS, timeouts or mirror: the paths stay plain HTTP paths.
        out.grpc = false;
        lines.note("backend-protocol", Fact::GrpcWithHttpFeatures);
    }
}

/// Where the annotation reader reports on the annotations it keeps: what ingress-nginx itself did as a report
/// line, what the conversion makes of it as a neutral [`Fact`] for the emitter to judge and word.
pub(crate) struct Lines<'r, 'n, 's> {
    ing: &'r Src<'s, Ingress>,
    nginx: &'r BTreeMap<&'static str, (&'n str, &'n str)>,
    rec: &'r mut Recorder,
}

impl Lines<'_, '_, '_> {
    /// A line about annotation `name` (canonical), if the Ingress sets it.
    fn say(&mut self, name: &str, status: Status, message: String) {
        if let Some((key, _)) = self.nginx.get(name) {
            self.rec.at(self.ing, &field(key), status, message);
        }
    }

    /// A fact about annotation `name` (canonical), if the Ingress sets it.
    fn note(&mut self, name: &str, fact: Fact) {
        if let Some((key, _)) = self.nginx.get(name) {
            self.rec.note(self.ing, &field(key), fact);
        }
    }
}

/// Whether a source-range list admits every IPv4 address (`0.0.0.0/0`).
fn allows_everyone(ranges: &str) -> bool {
    ranges.split(',').any(|r| r.trim() == "0.0.0.0/0")
}

/// `backend-protocol` and, for TLS backends, `proxy-ssl-*`.
fn read_backend_protocol<'v>(
    ing: &Src<'_, Ingress>,
    out: &mut Intents,
    get: &impl Fn(&str) -> Option<&'v str>,
    lines: &mut Lines<'_, '_, '_>,
) {
    let proto = out.backend_protocol;
    match proto {
        BackendProtocol::Http | BackendProtocol::AutoHttp | BackendProtocol::Fcgi => {
            lines.note("backend-protocol", Fact::BackendProtocol { proto })
        }
        BackendProtocol::Grpc | BackendProtocol::Grpcs => {
            let unmapped: Vec<String> = ing
                .obj
                .spec
                .rules
                .iter()
                .flat_map(|r| r.http.iter().flat_map(|h| h.paths.iter()))
                .filter_map(|p| p.path.clone())
                .filter(|p| grpc_method_of(p).is_none())
                .collect();
            out.grpc = unmapped.is_empty();
            lines.note("backend-protocol", Fact::Grpc { proto, unmapped });
        }
        BackendProtocol::Https => {}
    }
    if proto.is_tls() {
        let tls = &out.backend_tls;
        if tls.verify && tls.secret.is_some() {
            out.verified_backend_tls = true;
            let (ns, name) = tls.secret.clone().expect("checked");
            if proto == BackendProtocol::Https {
                lines.note("backend-protocol", Fact::BackendTlsVerified);
            }
            lines.note("proxy-ssl-secret", Fact::BackendCaSecret { namespace: ns, name });
            lines.note("proxy-ssl-verify", Fact::BackendTlsVerify);
            if let Some(n) = get("proxy-ssl-name") {
                let name = n.to_string();
                lines.note("proxy-ssl-name", Fact::BackendTlsName { name });
            }
            lines.note("proxy-ssl-server-name", Fact::BackendTlsSni);
        } else {
            lines.note("backend-protocol", Fact::BackendTlsUnverified { proto });
            for name in [
                "proxy-ssl-secret",
                "proxy-ssl-verify",
                "proxy-ssl-name",
                "proxy-ssl-server-name",
            ] {
                let setting = name.to_string();
                lines.note(name, Fact::BackendTlsSetting { name: setting });
            }
        }
    }
}

/// The gRPC service and method a path names: `/` (every method), `/pkg.Service`, `/pkg.Service/Method`.
pub(crate) fn grpc_method_of(path: &str) -> Option<(Option<String>, Option<String>)> {
    let rest = path.strip_prefix('/')?;
    let rest = rest.trim_end_matches('/');
    if rest.is_empty() {
        return Some((None, None));
    }
    let ident = |s: &str, dots: bool| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || (dots && b == b'.'))
            && !s.starts_with('.')
            && !s.ends_with('.')
    };
    match rest.split_once('/') {
        None if ident(rest, true) => Some((Some(rest.to_string()), None)),
        Some((svc, method)) if ident(svc, true) && ident(method, false) => {
            Some((Some(svc.to_string()), Some(method.to_string())))
        }
        _ => None,
    }
}

fn read_canary<'v>(get: &impl Fn(&str) -> Option<&'v str>, lines: &mut Lines<'_, '_, '_>) -> Canary {
    let int = |name: &str| get(name).and_then(readers::number::<u32>);
    let total = int("canary-weight-total").unwrap_or(100);
    let pattern = get("canary-by-header-pattern").map(str::to_string);
    // ingress-nginx validates only the characters; a pattern that does not compile fails in the balancer
    // (`ngx.re.match` returns an error) at every request that carries the header.
    let header_pattern_error = pattern
        .as_deref()
        .and_then(|p| regex::Regex::new(p).err())
        .map(|e| {
            let last = e
                .to_string()
                .lines()
                .last()
                .unwrap_or_default()
                .trim()
                .to_string();
            last.strip_prefix("error: ").map(str::to_string).unwrap_or(last)
        });
    let mut c = Canary {
        by_header: get("canary-by-header").map(str::to_string),
        header_value: get("canary-by-header-value").map(str::to_string),
        header_pattern: pattern.filter(|_| header_pattern_error.is_none()),
        header_pattern_error,
        by_cookie: get("canary-by-cookie").map(str::to_string),
        weight: int("canary-weight").unwrap_or(0),
        weight_total: if total > 100 { total } else { 100 },
    };
    if c.header_value.is_some() || c.by_header.is_none() {
        c.header_pattern_error = None;
    }
    // The merge reports where the canary goes (at the canary's paths); here what each setting becomes.
    lines.say("canary", Status::Exact, "canary Ingress: not a route of its own; its paths are merged into the matching rules of the main Ingress (see the lines of its paths)".into());
    if let Some(header) = &c.by_header {
        let header = header.clone();
        lines.note("canary-by-header", Fact::CanaryHeader { header });
    }
    if c.header_value.is_some() {
        lines.note("canary-by-header-value", Fact::CanaryHeaderValue);
    } else if c.header_pattern.is_some() && c.by_header.is_some() {
        lines.note("canary-by-header-pattern", Fact::CanaryHeaderPattern);
    } else if let Some(error) = c.header_pattern_error.clone().filter(|_| c.by_header.is_some()) {
        lines.note(
            "canary-by-header-pattern",
            Fact::CanaryHeaderPatternInvalid { error },
        );
    }
    if let Some(cookie) = &c.by_cookie {
        let cookie = cookie.clone();
        lines.note("canary-by-cookie", Fact::CanaryCookie { cookie });
    }
    if get("canary-weight").is_some() {
        lines.say(
            "canary-weight",
            Status::Exact,
            format!(
                "where the canary merges, the main rule's backends get weights {} (main) and {} (canary)",
                c.weight_total.saturating_sub(c.weight.min(c.weight_total)),
                c.weight.min(c.weight_total)
            ),
        );
    }
    if total > 100 {
        lines.say(
            "canary-weight-total",
            Status::Exact,
            format!("the weights are out of {total}"),
        );
    }
    if c.by_header.is_none() {
        for name in ["canary-by-header-value", "canary-by-header-pattern"] {
            lines.say(
                name,
                Status::Ignored,
                format!("{name} without canary-by-header: ingress-nginx ignores it"),
            );
        }
    } else if c.header_value.is_some() {
        lines.say(
            "canary-by-header-pattern",
            Status::Ignored,
            "canary-by-header-value is set, and ingress-nginx then ignores the pattern".into(),
        );
    }
    if total <= 100 && get("canary-weight-total").is_some() && total != 100 {
        lines.say(
            "canary-weight-total",
            Status::Exact,
            format!(
                "canary-weight-total {total} is not above 100, so ingress-nginx's balancer drew the weight out of 100 anyway; the backend weights use 100"
            ),
        );
    }
    c
}

fn read_redirect<'v>(
    get: &impl Fn(&str) -> Option<&'v str>,
    lines: &mut Lines<'_, '_, '_>,
) -> Option<FixedRedirect> {
    let temporal = get("temporal-redirect").filter(|u| !u.is_empty());
    let permanent = get("permanent-redirect").filter(|u| !u.is_empty());
    let (annotation, url, code, code_name) = match (temporal, permanent) {
        (Some(url), other) => {
            if other.is_some() {
                lines.say(
                    "permanent-redirect",
                    Status::Ignored,
                    "temporal-redirect is also set, and ingress-nginx's temporal redirect wins".into(),
                );
                lines.say(
                    "permanent-redirect-code",
                    Status::Ignored,
                    "temporal-redirect wins over permanent-redirect, so this code is not used".into(),
                );
            }
            (
                "temporal-redirect",
                url,
                i32::from(readers::temporal_redirect_code(get("temporal-redirect-code"))),
                "temporal-redirect-code",
            )
        }
        (None, Some(url)) => {
            lines.say(
                "temporal-redirect-code",
                Status::Ignored,
                "temporal-redirect-code without temporal-redirect: not used".into(),
            );
            (
                "permanent-redirect",
                url,
                i32::from(readers::permanent_redirect_code(get("permanent-redirect-code"))),
                "permanent-redirect-code",
            )
        }
        (None, None) => {
            for name in ["permanent-redirect-code", "temporal-redirect-code"] {
                lines.say(
                    name,
                    Status::Ignored,
                    format!("{name} without its redirect annotation: not used"),
                );
            }
            return None;
        }
    };
    let Some(parsed) = parse_url(url) else {
        let url = url.to_string();
        lines.note(annotation, Fact::RedirectUrlNotSplit { url });
        return None;
    };
    // Codes other than 301, 302, 303, 307 and 308 are not carried over.
    if !matches!(code, 301 | 302 | 303 | 307 | 308) {
        lines.note(annotation, Fact::RedirectCodeNotWritable { code });
        lines.note(code_name, Fact::RedirectCodeOutside { code });
        return None;
    }
    if parsed.4 {
        let url = url.to_string();
        lines.note(annotation, Fact::RedirectWithQuery { url });
        return None;
    }
    let fact = Fact::FixedRedirect {
        code,
        url: url.to_string(),
    };
    lines.note(annotation, fact);
    match get(code_name).map(|v| v.trim()) {
        Some(raw) if raw.parse::<i32>().ok() != Some(code) => lines.say(
            code_name,
            Status::Exact,
            format!(
                "{raw:?} is outside the range ingress-nginx accepts for {code_name}, so it used {code}, and so does the conversion"
            ),
        ),
        _ => lines.note(code_name, Fact::RedirectCode { code }),
    }
    Some(FixedRedirect {
        scheme: parsed.0,
        host: parsed.1,
        port: parsed.2,
        path: parsed.3,
        code,
        annotation,
        url: url.to_string(),
    })
}

/// Splits an absolute `http(s)://host[:port][/path]` URL: (scheme, host, port, path, has query or fragment).
fn parse_url(url: &str) -> Option<(String, String, Option<i32>, String, bool)> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (
            h,
            Some(p.parse::<i32>().ok().filter(|p| (1..=65535).contains(p))?),
        ),
        None => (authority, None),
    };
    if !is_precise_hostname(host) {
        return None;
    }
    let extra = path.contains(['?', '#']);
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = if path.is_empty() {
        "/".to_string()
    } else {
        path.to_string()
    };
    Some((scheme, host.to_ascii_lowercase(), port, path, extra))
}

/// A plain DNS name (RFC 1123 labels): no wildcard, no port, no IP check.
fn is_precise_hostname(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 253
        && h.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

fn read_cors<'v>(
    get: &impl Fn(&str) -> Option<&'v str>,
    flag: &impl Fn(&str) -> Option<bool>,
    lines: &mut Lines<'_, '_, '_>,
) -> Option<Cors> {
    const PARAMS: [&str; 6] = [
        "cors-allow-origin",
        "cors-allow-methods",
        "cors-allow-headers",
        "cors-expose-headers",
        "cors-allow-credentials",
        "cors-max-age",
    ];
    if flag("enable-cors") != Some(true) {
        if get("enable-cors").is_some() {
            lines.say(
                "enable-cors",
                Status::Exact,
                "enable-cors is off: no CORS headers, as before".into(),
            );
        }
        for name in PARAMS {
            lines.say(
                name,
                Status::Ignored,
                format!("{name} only matters with enable-cors: \"true\", which this Ingress does not set"),
            );
        }
        return None;
    }
    let list = |name: &str, default: &str| -> Vec<String> {
        readers::list(get(name).unwrap_or(default))
            .map(str::to_string)
            .collect()
    };
    let cors = Cors {
        allow_origins: list("cors-allow-origin", "*"),
        allow_methods: list("cors-allow-methods", CORS_METHODS)
            .into_iter()
            .map(|m| m.to_ascii_uppercase())
            .collect(),
        allow_headers: list("cors-allow-headers", CORS_HEADERS),
        expose_headers: list("cors-expose-headers", ""),
        allow_credentials: flag("cors-allow-credentials").unwrap_or(true),
        max_age: get("cors-max-age")
            .and_then(readers::number)
            .unwrap_or(CORS_MAX_AGE),
    };
    let cors = fit_cors(cors, lines);
    lines.note(
        "enable-cors",
        Fact::Cors {
            origins: cors.allow_origins.clone(),
            methods: cors.allow_methods.clone(),
            credentials: cors.allow_credentials,
            max_age: cors.max_age,
        },
    );
    for name in PARAMS {
        let setting = name.to_string();
        lines.note(name, Fact::CorsSetting { name: setting });
    }
    Some(cors)
}

/// Keeps the values a CORS answer can carry (known methods, header tokens, http(s) origins, `*` only alone) and
/// notes what had to go.
fn fit_cors(mut cors: Cors, lines: &mut Lines<'_, '_, '_>) -> Cors {
    const METHODS: [&str; 9] = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
    ];
    let token = |h: &str| {
        h.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    let origin = |o: &str| {
        o == "*"
            || o.split_once("://").is_some_and(|(scheme, rest)| {
                (scheme == "http" || scheme == "https")
                    && !rest.is_empty()
                    && rest
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".-*:".contains(&b))
            })
    };
    let mut keep = |name: &str, list: &mut Vec<String>, ok: &dyn Fn(&str) -> bool| {
        let dropped: Vec<String> = list.iter().filter(|v| !ok(v)).cloned().collect();
        list.retain(|v| ok(v));
        list.dedup();
        if list.iter().any(|v| v == "*") {
            list.retain(|v| v == "*");
        }
        if !dropped.is_empty() {
            lines.note(name, Fact::CorsDropped { dropped });
        }
    };
    keep("cors-allow-methods", &mut cors.allow_methods, &|m| {
        m == "*" || METHODS.contains(&m)
    });
    keep("cors-allow-origin", &mut cors.allow_origins, &origin);
    keep("cors-allow-headers", &mut cors.allow_headers, &token);
    keep("cors-expose-headers", &mut cors.expose_headers, &token);
    cors
}

/// What a mirror URL names.
#[derive(Debug, PartialEq, Eq)]
enum MirrorTarget {
    /// A Service of the cluster: (namespace, name, port).
    Service(String, String, Option<i32>),
    /// Something outside the cluster (another scheme, a host of other shape).
    Elsewhere,
    /// The shape of a Service (`<service>.<namespace>[.svc[.cluster.local]]`) with a name, namespace or port
    /// the API server would refuse: why.
    Invalid(String),
}

/// The Service a mirror URL names, if it names one: `http://svc.ns[.svc[.cluster.local]][:port]/...`. The
/// names are checked as the API server checks them (a namespace is a DNS-1123 label, a Service name a DNS-1035
/// label, a port 1-65535): the namespace ends up in the names of generated objects, so an unchecked `sh;adow`
/// would be written as an object no cluster accepts.
fn mirror_service(url: &str, own_namespace: &str) -> MirrorTarget {
    let Some((scheme, rest)) = url.split_once("://") else {
        return MirrorTarget::Elsewhere;
    };
    if !scheme.eq_ignore_ascii_case("http") {
        return MirrorTarget::Elsewhere;
    }
    let authority = rest.split(['/', '$', '?']).next().unwrap_or_default();
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => match p.parse::<i32>() {
            Ok(n) if (1..=65535).contains(&n) => (h, Some(n)),
            _ => return MirrorTarget::Invalid(format!("port {p:?} is not a port number (1-65535)")),
        },
        None => (authority, None),
    };
    // DNS names are case-insensitive: `Shadow.Test` resolves to Service shadow in namespace test.
    let host = host.to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let (name, ns) = match labels.as_slice() {
        [name] => (*name, own_namespace),
        [name, ns] | [name, ns, "svc"] | [name, ns, "svc", "cluster", "local"] => (*name, *ns),
        _ => return MirrorTarget::Elsewhere,
    };
    let name_errors = gateshift_api::validation::dns1035_label(name);
    if !name_errors.is_empty() {
        return MirrorTarget::Invalid(format!(
            "Service name {name:?} is invalid: {}",
            name_errors.join("; ")
        ));
    }
    let ns_errors = gateshift_api::validation::dns1123_label(ns);
    if !ns_errors.is_empty() {
        return MirrorTarget::Invalid(format!("namespace {ns:?} is invalid: {}", ns_errors.join("; ")));
    }
    MirrorTarget::Service(ns.to_string(), name.to_string(), port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_like_nginx_writes_them() {
        assert_eq!(
            parse_url("https://www.example.com:8443/new?x=1"),
            Some((
                "https".into(),
                "www.example.com".into(),
                Some(8443),
                "/new".into(),
                true
            ))
        );
        assert_eq!(
            parse_url("http://example.com"),
            Some(("http".into(), "example.com".into(), None, "/".into(), false))
        );
        assert_eq!(parse_url("ftp://example.com/"), None);
        assert_eq!(parse_url("/relative"), None);
    }

    #[test]
    fn grpc_paths_name_services_and_methods() {
        assert_eq!(grpc_method_of("/"), Some((None, None)));
        assert_eq!(
            grpc_method_of("/pkg.v1.Svc"),
            Some((Some("pkg.v1.Svc".into()), None))
        );
        assert_eq!(
            grpc_method_of("/pkg.v1.Svc/Get"),
            Some((Some("pkg.v1.Svc".into()), Some("Get".into())))
        );
        assert_eq!(grpc_method_of("/grpc-web/"), None);
        assert_eq!(grpc_method_of("/a/b/c"), None);
    }

    #[test]
    fn mirror_targets_inside_the_cluster_name_a_service() {
        use MirrorTarget::{Elsewhere, Invalid, Service};
        assert_eq!(
            mirror_service("http://shadow.test.svc.cluster.local:8080$request_uri", "app"),
            Service("test".into(), "shadow".into(), Some(8080))
        );
        assert_eq!(
            mirror_service("http://shadow/$request_uri", "app"),
            Service("app".into(), "shadow".into(), None)
        );
        assert_eq!(
            mirror_service("http://Shadow.Test.svc/", "app"),
            Service("test".into(), "shadow".into(), None)
        );
        assert_eq!(mirror_service("https://mirror.example.com/x", "app"), Elsewhere);
        assert_eq!(mirror_service("http://mirror.example.com/x", "app"), Elsewhere);
        // The fuzz-found case: a namespace no cluster can have is never taken for one.
        let invalid = |url: &str| match mirror_service(url, "app") {
            Invalid(why) => why,
            other => panic!("{url}: {other:?}"),
        };
        assert!(
            invalid("http://shadow.sh;adow.svc.cluster.local:8080$request_uri")
                .starts_with("namespace \"sh;adow\" is invalid: a lowercase RFC 1123 label")
        );
        assert!(invalid("http://1shadow.test.svc/").starts_with("Service name \"1shadow\" is invalid"));
        assert!(invalid(&format!("http://{}.test/", "s".repeat(64))).contains("no more than 63"));
        assert!(invalid("http://shadow.test:0/").starts_with("port \"0\""));
        assert!(invalid("http://shadow.test:65536/").starts_with("port \"65536\""));
    }
}
