//! Converts Ingress objects to Gateway API objects and accounts for every field and annotation in a report.
//!
//! The flow is provider → model → emitter: [`nginx`] reads Ingresses the way ingress-nginx does (which
//! Ingresses, which hosts, which locations, which certificate, which redirects), and [`emit`] writes that model
//! as Gateway API. Each step records what it did with every source field in the [`report`].

mod annotations;
mod controller;
mod emit;
mod error;
mod facts;
mod input;
mod intent;
mod model;
mod names;
mod nginx;
mod output;
pub mod report;

use std::collections::{BTreeMap, BTreeSet};

use gateshift_api::{
    Sourced,
    networking::{DEFAULT_CLASS_ANNOTATION, LEGACY_CLASS_ANNOTATION},
};
use gateshift_manifest::FieldPath;

pub use emit::{HSTS_VALUE, MANAGED_BY_LABEL, SOURCES_ANNOTATION};
pub use error::Error;
/// The ingress-nginx annotation catalogue (crate `gateshift-nginx-annotations`, shared with the router).
pub use gateshift_nginx_annotations as catalogue;
pub use output::{Conversion, GatewayIngresses, Generated};
pub use report::{Conflict, Counts, Finding, ObjectRef, REPORT_SCHEMA, Report, RoutingDifference, Status};

use crate::{input::Input, intent::Intents, report::Recorder};

/// The controller name ingress-nginx registers for its IngressClasses.
pub const INGRESS_NGINX_CONTROLLER: &str = "k8s.io/ingress-nginx";
/// The class name ingress-nginx answers to by default (`--ingress-class`).
pub const INGRESS_NGINX_DEFAULT_CLASS: &str = "nginx";

/// How Gateways are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Topology {
    /// One shared Gateway per ingress class: the single entry point the Ingress controller was.
    #[default]
    Shared,
    /// One Gateway per ingress class and application namespace, in that namespace.
    PerNamespace,
}

/// What the user chose on the command line.
#[derive(Debug, Clone)]
pub struct Options {
    /// Convert only Ingresses of these classes (empty: every class ingress-nginx serves).
    pub ingress_classes: Vec<String>,
    /// Namespace of the shared Gateway.
    pub gateway_namespace: String,
    /// Name of the Gateway (default: the ingress class name).
    pub gateway_name: Option<String>,
    /// `gatewayClassName` of the generated Gateways (default: a guess, reported).
    pub gateway_class: Option<String>,
    /// Gateway layout.
    pub topology: Topology,
    /// Convert Ingresses without any class, as ingress-nginx's `--watch-ingress-without-class` does.
    pub watch_ingress_without_class: bool,
    /// Add the HSTS header ingress-nginx sends on HTTPS responses by default.
    pub hsts: bool,
    /// Listeners per Gateway before ListenerSets are used (the API allows 64).
    pub max_listeners: usize,
    /// Convert Ingresses whose security controls (auth, IP lists, rate limits, ...) standard Gateway API
    /// cannot express; without it such a conversion writes no manifests.
    pub accept_security_loss: bool,
    /// Convert Ingresses ingress-nginx refuses (snippets above the default risk level, invalid values), leaving
    /// the offending annotation out; by default they are reported and not converted, as they routed nothing.
    pub convert_refused: bool,
    /// `--default-ssl-certificate NAMESPACE/NAME`: overrides the controller's flag of the same name.
    pub default_ssl_certificate: Option<(String, String)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ingress_classes: Vec::new(),
            gateway_namespace: "gateway-system".into(),
            gateway_name: None,
            gateway_class: None,
            topology: Topology::Shared,
            watch_ingress_without_class: false,
            hsts: true,
            max_listeners: 64,
            accept_security_loss: false,
            convert_refused: false,
            default_ssl_certificate: None,
        }
    }
}

/// The Gateway `target` describes, as the report and `verify` name it.
fn gateway_ref(target: &emit::GatewayTarget) -> ObjectRef {
    ObjectRef {
        kind: "Gateway".into(),
        namespace: target.namespace.clone(),
        name: target.name.clone(),
    }
}

/// Converts the Ingresses among `objects`.
pub fn convert(objects: &[Sourced], options: &Options) -> Result<Conversion, Error> {
    if options.max_listeners < 2 {
        return Err(Error::InvalidOptions(
            "max listeners per Gateway must be at least 2".into(),
        ));
    }
    let input = Input::new(objects);
    let mut rec = Recorder::default();
    let overrides = catalogue::controller::Overrides {
        watch_ingress_without_class: options.watch_ingress_without_class.then_some(true),
        default_ssl_certificate: options.default_ssl_certificate.clone(),
        enable_ssl_passthrough: None,
    };
    let controllers = controller::read(&input, &overrides, &mut rec);
    let (classes, served_by) = select(&input, options, &controllers.list, &mut rec);

    let mut intents = vec![Intents::default(); input.ingresses.len()];
    let mut converted = 0;
    let mut emitted: Vec<(u8, String, String, Generated)> = Vec::new();
    let mut gateways: Vec<GatewayIngresses> = Vec::new();
    let many_classes = classes.len() > 1;
    for (class, members) in &classes {
        let gateways_before = gateways.len();
        let ctrl = &controllers.list[served_by.get(class).copied().unwrap_or(0)];
        let mut routed = Vec::new();
        let mut canaries = Vec::new();
        for &idx in members {
            let ing = &input.ingresses[idx];
            intents[idx] = annotations::read(
                &input,
                ing,
                options.accept_security_loss,
                options.convert_refused,
                &mut rec,
            );
            controller_defaults(ing.obj, ctrl, &mut intents[idx]);
            if intents[idx].refused.is_some() && !options.convert_refused {
                continue;
            }
            if ing.obj.version == gateshift_api::networking::IngressVersion::V1beta1 {
                rec.at(ing, &FieldPath::parse("apiVersion"), Status::Exact, format!("{} is no longer served since Kubernetes 1.22; read as networking.k8s.io/v1 (spec.backend → defaultBackend, serviceName/servicePort → service.name/port)", ing.obj.api_version));
            }
            if intents[idx].canary.is_some() {
                canaries.push(idx);
            } else {
                routed.push(idx);
            }
        }
        converted += routed.len() + canaries.len();
        let first_fact = rec.facts_len();
        let model = nginx::build(&input, &routed, &canaries, &intents, &mut rec)?;
        nginx::note_certificates(
            &input,
            &model,
            ctrl.flags.default_ssl_certificate.value.as_ref(),
            controllers.from_input || ctrl.flags.default_ssl_certificate.value.is_some(),
            first_fact,
            &mut rec,
        );
        let name = match (&options.gateway_name, many_classes) {
            (Some(n), false) => n.clone(),
            (Some(n), true) => format!("{n}-{class}"),
            (None, _) => class.clone(),
        };
        let class_name = options.gateway_class.clone().unwrap_or_else(|| class.clone());
        let source = format!("IngressClass {class}");
        match options.topology {
            Topology::Shared => {
                let target = emit::GatewayTarget {
                    namespace: options.gateway_namespace.clone(),
                    name: names::sanitize(&name, 253),
                    class_name,
                    source,
                    max_listeners: options.max_listeners,
                    hsts: options.hsts && ctrl.config.hsts.value,
                    redirect_code: ctrl.config.http_redirect_code.value,
                    default_cert: ctrl.flags.default_ssl_certificate.value.clone(),
                };
                let objects = emit::emit(&input, model, &intents, &target).objects;
                if !objects.is_empty() {
                    gateways.push(GatewayIngresses {
                        gateway: gateway_ref(&target),
                        ingresses: members.iter().map(|&i| input.ingresses[i].r.clone()).collect(),
                    });
                }
                emitted.extend(objects);
            }
            Topology::PerNamespace => {
                let namespaces: BTreeSet<String> = routed
                    .iter()
                    .map(|&i| input.ingresses[i].r.namespace.clone())
                    .collect();
                for ns in namespaces {
                    let part = model.only_namespace(&input, &ns);
                    let target = emit::GatewayTarget {
                        namespace: ns.clone(),
                        name: names::sanitize(&name, 253),
                        class_name: class_name.clone(),
                        source: source.clone(),
                        max_listeners: options.max_listeners,
                        hsts: options.hsts && ctrl.config.hsts.value,
                        redirect_code: ctrl.config.http_redirect_code.value,
                        default_cert: ctrl.flags.default_ssl_certificate.value.clone(),
                    };
                    let objects = emit::emit(&input, part, &intents, &target).objects;
                    // Every host of the namespace's Ingresses is served from another namespace (first wins):
                    // nothing to listen for here, and the report says where each host went.
                    if objects.is_empty() {
                        continue;
                    }
                    gateways.push(GatewayIngresses {
                        gateway: gateway_ref(&target),
                        ingresses: members
                            .iter()
                            .map(|&i| &input.ingresses[i])
                            .filter(|ing| ing.r.namespace == ns || is_canary(ing.obj))
                            .map(|ing| ing.r.clone())
                            .collect(),
                    });
                    emitted.extend(objects);
                }
                report_shared_hosts(&input, &model, &mut rec);
            }
        }
        if gateways.len() == gateways_before {
            report_no_gateway(&input, class, members, &intents, &mut rec);
        } else if options.gateway_class.is_none() {
            report_class_guess(&input, class, members, &mut rec);
        }
    }

    // The emitter decides how each fact the provider noted comes across, and words it.
    rec.explain(emit::explain);
    emitted.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    gateways.sort_by(|a, b| {
        (&a.gateway.namespace, &a.gateway.name).cmp(&(&b.gateway.namespace, &b.gateway.name))
    });
    let mut written: BTreeMap<String, usize> = BTreeMap::new();
    let mut object_refs = Vec::new();
    for (_, ns, name, generated) in &emitted {
        let kind = generated.kind.to_string();
        *written.entry(kind.clone()).or_default() += 1;
        object_refs.push(ObjectRef {
            kind,
            namespace: ns.clone(),
            name: name.clone(),
        });
    }
    account_for_every_annotation(&input, &classes, &mut rec);
    let mut findings = rec.findings;
    findings
        .sort_by(|a, b| (&a.file, a.line, a.column, &a.field).cmp(&(&b.file, b.line, b.column, &b.field)));
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    for f in &findings {
        *by_status.entry(f.status.as_str().to_string()).or_default() += 1;
    }
    let report = Report {
        schema: REPORT_SCHEMA,
        counts: Counts {
            read: input.read.clone(),
            skipped: input.skipped,
            ingresses_converted: converted,
            ingresses_not_converted: input.ingresses.len() - converted,
            written,
            findings: by_status,
        },
        findings,
        conflicts: rec.conflicts,
        objects: object_refs,
        verification: None,
        verification_text: None,
    };
    // Security controls that would be lost block the manifests (not the report) unless accepted.
    let mut report = report;
    let security_losses = security_losses(&input, &intents, &report, &controllers, options);
    if !security_losses.is_empty() {
        emitted.clear();
        gateways.clear();
        report.objects.clear();
        report.counts.written.clear();
    }
    Ok(Conversion {
        selected: classes
            .values()
            .flatten()
            .map(|&i| input.ingresses[i].r.clone())
            .collect(),
        objects: emitted.into_iter().map(|(_, _, _, v)| v).collect(),
        gateways,
        report,
        security_losses,
    })
}

/// The findings of security controls (annotations of converted Ingresses, the controller's ConfigMap keys) the
/// output cannot keep; empty when the user accepts the loss.
fn security_losses(
    input: &Input<'_>,
    intents: &[Intents],
    report: &Report,
    controllers: &controller::Controllers,
    options: &Options,
) -> Vec<Finding> {
    if options.accept_security_loss {
        return Vec::new();
    }
    let lost_fields: BTreeSet<(ObjectRef, String)> = intents
        .iter()
        .enumerate()
        .filter(|(_, i)| (i.refused.is_none() || options.convert_refused) && i.canary.is_none())
        .flat_map(|(idx, i)| {
            let r = input.ingresses[idx].r.clone();
            i.security
                .iter()
                .map(move |key| (r.clone(), annotations::field(key).to_string()))
        })
        .collect();
    let mut losses: Vec<Finding> = report
        .findings
        .iter()
        .filter(|f| lost_fields.contains(&(f.object.clone(), f.field.clone())))
        .cloned()
        .collect();
    losses.extend(controller::security_findings(
        &report.findings,
        &controllers.security,
    ));
    losses
}

/// The controller's ConfigMap gives the defaults of the annotations it has a key for; an annotation on the
/// Ingress overrides them (`internal/ingress/annotations/sslredirect`: the parser's default is the ConfigMap's).
fn controller_defaults(
    ing: &gateshift_api::networking::Ingress,
    ctrl: &catalogue::controller::Controller,
    intents: &mut Intents,
) {
    let set = |name: &str| {
        catalogue::readers::value(&ing.metadata.annotations, name)
            .and_then(catalogue::parse_bool)
            .is_some()
    };
    if !set("ssl-redirect") {
        intents.ssl_redirect = ctrl.config.ssl_redirect.value;
    }
    if !set("force-ssl-redirect") {
        intents.force_ssl_redirect = ctrl.config.force_ssl_redirect.value;
    }
}

/// Whether ingress-nginx reads the Ingress as a canary (`canary: "true"`, whatever else it says).
fn is_canary(ing: &gateshift_api::networking::Ingress) -> bool {
    ing.metadata
        .annotations
        .get(&format!("{}canary", catalogue::NGINX_PREFIX))
        .and_then(|v| catalogue::parse_bool(v))
        == Some(true)
}

/// The report's promise: every annotation of every converted Ingress has a line. One the conversion did not
/// account for is a gateshift bug; say so rather than let it vanish.
fn account_for_every_annotation(
    input: &Input<'_>,
    classes: &BTreeMap<String, Vec<usize>>,
    rec: &mut Recorder,
) {
    let seen: BTreeSet<(ObjectRef, String)> = rec
        .findings
        .iter()
        .map(|f| (f.object.clone(), f.field.clone()))
        .collect();
    for &idx in classes.values().flatten() {
        let ing = &input.ingresses[idx];
        for key in ing.obj.metadata.annotations.keys() {
            let field = annotations::field(key);
            if !seen.contains(&(ing.r.clone(), field.to_string())) {
                rec.at(ing, &field, Status::Manual, format!("{key} had no effect the conversion could name for this Ingress; check by hand what it did, and please report it as a gateshift bug"));
            }
        }
    }
}

/// Decides which Ingresses ingress-nginx would serve, grouped by class, in ingress-nginx order, with the
/// controller (index into `controllers`) of each class. The class rule is the catalogue's
/// (`controller::choose`), which the router's ingress-nginx model applies too.
fn select(
    input: &Input<'_>,
    options: &Options,
    controllers: &[catalogue::controller::Controller],
    rec: &mut Recorder,
) -> (BTreeMap<String, Vec<usize>>, BTreeMap<String, usize>) {
    let mut defaults: Vec<String> = Vec::new();
    for c in &input.classes {
        if c.obj
            .metadata
            .annotations
            .get(DEFAULT_CLASS_ANNOTATION)
            .map(String::as_str)
            == Some("true")
        {
            defaults.push(c.obj.metadata.name.clone());
        }
    }
    // With several default classes the API server assigns none.
    let default_class = if defaults.len() == 1 { defaults.pop() } else { None };
    let known_class = |name: &str| input.classes.iter().any(|c| c.obj.metadata.name == name);
    let classes: Vec<(&str, &str)> = input
        .classes
        .iter()
        .map(|c| {
            (
                c.obj.metadata.name.as_str(),
                c.obj.spec.controller.as_deref().unwrap_or_default(),
            )
        })
        .collect();

    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut served_by: BTreeMap<String, usize> = BTreeMap::new();
    for (idx, ing) in input.ingresses.iter().enumerate() {
        let annotation = ing.obj.metadata.annotations.get(LEGACY_CLASS_ANNOTATION);
        // ingress-nginx reads spec.ingressClassName first, then the legacy annotation (store.go GetIngressClass).
        let (field, how) = match (&ing.obj.spec.ingress_class_name, annotation) {
            (Some(_), _) => (FieldPath::parse("spec.ingressClassName"), "ingressClassName"),
            (None, Some(_)) => (
                FieldPath::root()
                    .field("metadata")
                    .field("annotations")
                    .key(LEGACY_CLASS_ANNOTATION),
                "annotation",
            ),
            (None, None) => (FieldPath::root().field("spec"), "none"),
        };
        // The API server fills in the default class of an Ingress created without one.
        let defaulted = how == "none" && default_class.is_some();
        let spec_class = ing
            .obj
            .spec
            .ingress_class_name
            .clone()
            .or_else(|| if defaulted { default_class.clone() } else { None });
        let choice = if options.ingress_classes.is_empty() {
            catalogue::controller::choose(
                controllers,
                &classes,
                spec_class.as_deref(),
                annotation.map(String::as_str),
                &ing.r.namespace,
            )
            .map(|(i, s)| (i, s.class))
        } else {
            // gateshift's --ingress-class picks classes whatever the controller serves.
            match spec_class.clone().or_else(|| annotation.cloned()) {
                Some(c) if options.ingress_classes.contains(&c) => Ok((0, c)),
                Some(c) => Err(format!(
                    "class {c:?} is not among --ingress-class {}",
                    options.ingress_classes.join(", ")
                )),
                None => Err(format!(
                    "no ingress class; --ingress-class {} selects by class",
                    options.ingress_classes.join(", ")
                )),
            }
        };
        let (controller, class) = match choice {
            Ok(c) => c,
            Err(why) => {
                let hint = match how {
                    "none" if !defaulted => " (use the flag of the same name here)",
                    _ if options.ingress_classes.is_empty() => {
                        "; choose its class with --ingress-class to convert it anyway"
                    }
                    _ => "",
                };
                rec.add(
                    &ing.r,
                    ing.doc,
                    &field,
                    Status::Ignored,
                    format!("not converted: {why}{hint}"),
                );
                continue;
            }
        };
        let message = match how {
            _ if defaulted => format!(
                "no class: the API server assigns the default IngressClass {class:?} when the Ingress is created; converted as {class:?}"
            ),
            "none" => format!("no class, converted as {class:?} (--watch-ingress-without-class)"),
            _ if !known_class(&class) => format!(
                "class {class:?}: no IngressClass object in the input; assumed to be ingress-nginx's (its default class name)"
            ),
            _ => format!("class {class:?}: routes attach to the Gateway for this class"),
        };
        // The annotation gets its own report line from the annotation pass.
        if how != "annotation" {
            rec.at(ing, &field, Status::Exact, message);
        }
        served_by.entry(class.clone()).or_insert(controller);
        groups.entry(class).or_default().push(idx);
    }
    (groups, served_by)
}

fn report_class_guess(input: &Input<'_>, class: &str, members: &[usize], rec: &mut Recorder) {
    let message = format!(
        "gatewayClassName {class:?} is a guess (the ingress class name): no --gateway-class was given. Set it to the GatewayClass of your Gateway API implementation (kubectl get gatewayclass) with --gateway-class"
    );
    if let Some(c) = input.classes.iter().find(|c| c.obj.metadata.name == class) {
        rec.add(
            &c.r,
            c.doc,
            &FieldPath::root().field("metadata").field("name"),
            Status::Manual,
            message,
        );
    } else if let Some(&idx) = members.first() {
        let ing = &input.ingresses[idx];
        rec.add(
            &ing.r,
            ing.doc,
            &FieldPath::root().field("metadata").field("name"),
            Status::Manual,
            message,
        );
    }
}

/// A class whose Ingresses route nothing (every one refused, or canaries without a main Ingress) gets no
/// Gateway: one without listeners is invalid (the API server requires at least one). Said once, on the class.
fn report_no_gateway(
    input: &Input<'_>,
    class: &str,
    members: &[usize],
    intents: &[Intents],
    rec: &mut Recorder,
) {
    let refused = members.iter().filter(|&&i| intents[i].refused.is_some()).count();
    let why = if refused == members.len() {
        format!(
            "ingress-nginx refuses every Ingress of the class ({refused}; each has its own line saying why)"
        )
    } else {
        format!(
            "none of its {} Ingress(es) serves a host or a default backend ({refused} refused by ingress-nginx, the others only canaries or without rules)",
            members.len()
        )
    };
    let message = format!(
        "no Gateway written for class {class:?}: {why}, so it routed nothing, and a Gateway without listeners is invalid. Fix the Ingresses and convert again"
    );
    if let Some(c) = input.classes.iter().find(|c| c.obj.metadata.name == class) {
        rec.add(
            &c.r,
            c.doc,
            &FieldPath::parse("metadata.name"),
            Status::Ignored,
            message,
        );
    } else if let Some(&idx) = members.first() {
        let ing = &input.ingresses[idx];
        rec.at(ing, &FieldPath::parse("metadata.name"), Status::Ignored, message);
    }
}

fn report_shared_hosts(input: &Input<'_>, model: &model::ClassModel, rec: &mut Recorder) {
    for server in model.servers.values() {
        let namespaces: BTreeSet<&str> = server
            .locations
            .iter()
            .map(|l| input.ingresses[l.ingress].r.namespace.as_str())
            .collect();
        if namespaces.len() > 1 {
            let owner = &input.ingresses[server.owner];
            rec.at(owner, &FieldPath::parse("spec.rules"), Status::Manual, format!(
                "host {} is served from namespaces {} and so gets one Gateway in each with --gateway-per-namespace: two entry points for one name. Point DNS at one of them and move the others' routes, or use the shared topology",
                server.host.as_deref().unwrap_or("*"),
                namespaces.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
}

#[cfg(test)]
mod provider_boundary {
    /// The provider's sources: they say what ingress-nginx does, never how a target API expresses it.
    const PROVIDER: [(&str, &str); 5] = [
        ("nginx.rs", include_str!("nginx.rs")),
        ("annotations.rs", include_str!("annotations.rs")),
        ("intent.rs", include_str!("intent.rs")),
        ("model.rs", include_str!("model.rs")),
        ("facts.rs", include_str!("facts.rs")),
    ];

    /// Words of Gateway API (kinds, filters, match types, its listeners); the emitter (`emit.rs`, `emit/`) owns
    /// them. Split so that this list does not trip the check if lib.rs is ever added to it.
    const TARGET_WORDS: [&str; 14] = [
        concat!("HTTP", "Route"),
        concat!("GRPC", "Route"),
        concat!("TLS", "Route"),
        concat!("list", "ener"),
        concat!("Gate", "way"),
        concat!("Reference", "Grant"),
        concat!("BackendTLS", "Policy"),
        concat!("Request", "Mirror"),
        concat!("URL", "Rewrite"),
        concat!("Request", "Redirect"),
        concat!("Path", "Prefix"),
        concat!("Regular", "Expression"),
        concat!("Header", "Modifier"),
        concat!("Replace", "PrefixMatch"),
    ];

    /// The provider knows nothing of Gateway API: no target word anywhere in its files, comments included.
    #[test]
    fn the_provider_names_no_target_api() {
        let mut found = Vec::new();
        for (file, text) in PROVIDER {
            for (n, line) in text.lines().enumerate() {
                for word in TARGET_WORDS {
                    if line.contains(word) {
                        found.push(format!("{file}:{}: {word}: {}", n + 1, line.trim()));
                    }
                }
            }
        }
        assert!(
            found.is_empty(),
            "the provider must note neutral facts (facts.rs) and leave the target's words and verdicts to the emitter (emit/verdicts.rs):\n{}",
            found.join("\n")
        );
    }
}
