//! The ingress-nginx provider: how ingress-nginx turns the selected Ingresses into servers (hosts) and
//! locations, with its first-wins rules, TLS lookup and implicit redirects, as the [`crate::model`]. What it
//! finds is recorded as neutral [`Fact`]s (or, for what ingress-nginx itself ignores or refuses, as report lines);
//! the emitter decides how each comes across in its target API and words it. Nothing here knows the target.
//!
//! References: `../shared/reference/ingress-nginx-semantics.md` §2 (controller.go createServers,
//! getBackendServers, updateServerLocations; lua certificate.lua and lua_ingress.lua).

use std::collections::{BTreeMap, BTreeSet};

use gateshift_api::networking::{IngressBackend, IngressVersion, PathType};
use gateshift_manifest::FieldPath;

use crate::{
    error::Error,
    facts::{Fact, Named, RewriteHow},
    input::{Input, Src},
    intent::Intents,
    model::{
        ACME_CHALLENGE_PREFIX, CanaryRoute, ClassModel, Location, Matcher, PathKind, Rewrite, Server,
        ServiceBackend, Target, Tls, check_path,
    },
    report::{Conflict, Recorder, Status},
};
use gateshift_api::networking::Ingress;

/// Builds the model for the Ingresses `members` (indices into `input.ingresses`, in ingress-nginx order).
pub(crate) fn build(
    input: &Input<'_>,
    members: &[usize],
    canaries: &[usize],
    intents: &[Intents],
    rec: &mut Recorder,
) -> Result<ClassModel, Error> {
    let mut model = ClassModel {
        ingresses: members.to_vec(),
        ..Default::default()
    };
    // (host, path, kind) -> the Ingress that claimed it first.
    let mut claimed: BTreeMap<(Option<String>, String, PathKind), usize> = BTreeMap::new();
    // Hosts in regex mode: paths there are regexes, not literal paths.
    let regex_hosts = regex_hosts(input, members, intents);

    for &idx in members {
        let ing = &input.ingresses[idx];
        let spec = &ing.obj.spec;
        if spec.rules.is_empty() {
            if let Some(backend) = &spec.default_backend {
                let field = default_backend_path(ing.obj);
                let server = model.servers.entry(None).or_insert_with(|| new_server(None, idx));
                if server.owner == idx
                    && !server
                        .locations
                        .iter()
                        .any(|l| l.path == "/" && l.kind == PathKind::Prefix)
                {
                    if let Some(target) = resolve_backend(input, ing, backend, &field, rec)? {
                        server
                            .locations
                            .push(Location::new("/".into(), PathKind::Prefix, target, idx));
                        rec.note(ing, &field, Fact::CatchAllBackend);
                    }
                } else {
                    let owner = &input.ingresses[server.owner].r;
                    rec.at(ing, &field, Status::Ignored, format!("ingress-nginx uses the catch-all default backend of the oldest such Ingress, {owner}; this one never receives traffic"));
                }
            } else {
                rec.add(
                    &ing.r,
                    ing.doc,
                    &FieldPath::parse("spec"),
                    Status::Ignored,
                    "no rules and no defaultBackend: ingress-nginx creates nothing for this Ingress",
                );
            }
            continue;
        }
        for (i, rule) in spec.rules.iter().enumerate() {
            let rule_path = FieldPath::parse("spec.rules").index(i);
            let host = rule.host.clone().filter(|h| !h.is_empty());
            // The first Ingress naming a host creates its server and owns its root location.
            model
                .servers
                .entry(host.clone())
                .or_insert_with(|| new_server(host.clone(), idx));
            match &host {
                Some(h) if h.starts_with("*.") => rec.note(
                    ing,
                    &rule_path.field("host"),
                    Fact::WildcardHost {
                        suffix: h[2..].to_string(),
                    },
                ),
                Some(_) => rec.note(ing, &rule_path.field("host"), Fact::PlainHost),
                None => rec.note(ing, &rule_path, Fact::HostlessRule),
            }
            let Some(http) = &rule.http else {
                rec.add(
                    &ing.r,
                    ing.doc,
                    &rule_path,
                    Status::Exact,
                    "host without paths: only the host's root location (default backend) serves it",
                );
                continue;
            };
            for (j, p) in http.paths.iter().enumerate() {
                let field = rule_path.field("http").field("paths").index(j);
                let raw = p.path.clone().unwrap_or_default();
                let path = if raw.is_empty() { "/".to_string() } else { raw };
                let kind = match &p.path_type {
                    Some(PathType::Exact) => PathKind::Exact,
                    Some(PathType::Prefix | PathType::ImplementationSpecific) | None => PathKind::Prefix,
                    Some(PathType::Other(other)) => {
                        rec.add(
                            &ing.r,
                            ing.doc,
                            &field.field("pathType"),
                            Status::Refused,
                            format!("unknown pathType {other:?}: the API server rejects this Ingress"),
                        );
                        continue;
                    }
                };
                if regex_hosts.contains(&host) {
                    // Validated as a regex when the host's matchers are built.
                } else if let Err(why) = check_path(&path) {
                    rec.note(
                        ing,
                        &field.field("path"),
                        Fact::PathNotMatchable {
                            path: path.clone(),
                            why,
                        },
                    );
                    continue;
                }
                let key = (host.clone(), path.clone(), kind);
                if let Some(&winner) = claimed.get(&key) {
                    let w = &input.ingresses[winner];
                    let reason = age_reason(w, ing);
                    rec.conflicts.push(Conflict {
                        claim: format!("{} {} {}", host.as_deref().unwrap_or("*"), kind.as_str(), path),
                        winner: w.r.clone(),
                        loser: ing.r.clone(),
                        reason: reason.clone(),
                    });
                    rec.at(ing, &field, Status::Ignored, format!("{} {} on host {} is already served by {} ({reason}); ingress-nginx ignored this path, and so does the conversion", kind.as_str(), path, host.as_deref().unwrap_or("*"), w.r));
                    continue;
                }
                let Some(target) = resolve_backend(input, ing, &p.backend, &field.field("backend"), rec)?
                else {
                    continue;
                };
                claimed.insert(key, idx);
                let fact = Fact::PathMatch {
                    path: path.clone(),
                    kind,
                    implementation_specific: matches!(
                        p.path_type,
                        Some(PathType::ImplementationSpecific) | None
                    ),
                    regex_mode: regex_hosts.contains(&host),
                    empty: p.path.as_deref().unwrap_or_default().is_empty(),
                    slash_redirect: kind == PathKind::Prefix
                        && path.len() > 1
                        && path.ends_with('/')
                        && !regex_hosts.contains(&host),
                    unavailable: !resolves(input, &target),
                };
                rec.note(ing, &field, fact);
                let server = model.servers.get_mut(&host).expect("server created above");
                server.locations.push(Location::new(path, kind, target, idx));
            }
        }
    }

    assign_tls(input, &mut model, rec);
    add_root_locations(input, &mut model, rec)?;
    apply_regex_mode(input, &mut model, intents, rec);
    add_trailing_slash_redirects(&mut model);
    add_app_roots(&mut model, intents);
    add_www_twins(input, &mut model, intents, rec);
    apply_passthrough(input, &mut model, intents, rec);
    merge_canaries(input, &mut model, canaries, intents, rec)?;
    mark_https_redirects(&mut model, intents);
    report_redirect_trailing_slash(input, &model, intents, rec);
    Ok(model)
}

/// ingress-nginx's HTTPS redirect strips one trailing `/` from the Location (`http://h/a/` → `https://h/a`),
/// unless `preserve-trailing-slash`. One fact per Ingress.
fn report_redirect_trailing_slash(
    input: &Input<'_>,
    model: &ClassModel,
    intents: &[Intents],
    rec: &mut Recorder,
) {
    let mut hosts: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for server in model.servers.values() {
        for l in server.locations.iter().filter(|l| l.https_redirect) {
            if !intents[l.ingress].preserve_trailing_slash {
                hosts
                    .entry(l.ingress)
                    .or_default()
                    .insert(server.host.clone().unwrap_or_else(|| "*".into()));
            }
        }
    }
    for (idx, hosts) in hosts {
        let ing = &input.ingresses[idx];
        let force = format!("{}force-ssl-redirect", gateshift_nginx_annotations::NGINX_PREFIX);
        let field = if !ing.obj.spec.tls.is_empty() {
            FieldPath::parse("spec.tls")
        } else if ing.obj.metadata.annotations.contains_key(&force) {
            crate::annotations::field(&force)
        } else {
            FieldPath::parse("spec.rules")
        };
        let hosts: Vec<String> = hosts.into_iter().collect();
        rec.note(ing, &field, Fact::HttpsRedirectStripsSlash { hosts });
    }
}

fn new_server(host: Option<String>, owner: usize) -> Server {
    Server {
        host,
        owner,
        locations: Vec::new(),
        tls: Tls::None,
        regex: false,
        passthrough: None,
    }
}

fn default_backend_path(ing: &Ingress) -> FieldPath {
    match ing.version {
        IngressVersion::V1 => FieldPath::parse("spec.defaultBackend"),
        IngressVersion::V1beta1 => FieldPath::parse("spec.backend"),
    }
}

fn age_reason(winner: &Src<'_, Ingress>, loser: &Src<'_, Ingress>) -> String {
    let tw = winner.obj.metadata.creation_timestamp.as_deref();
    let tl = loser.obj.metadata.creation_timestamp.as_deref();
    match (tw, tl) {
        (Some(a), Some(b)) if a < b => format!("older: created {a}, before {b}"),
        (Some(a), Some(_)) => format!("same creationTimestamp {a}; ingress-nginx then prefers the greater namespace/name"),
        (Some(a), None) => format!("older: created {a}; the other has no creationTimestamp (not yet applied)"),
        _ => "neither has a creationTimestamp, so the order in the cluster will decide; the conversion assumed the greater namespace/name is older, as ingress-nginx orders equal timestamps".to_string(),
    }
}

/// Resolves a backend to a Service port number, reporting what cannot be.
fn resolve_backend(
    input: &Input<'_>,
    ing: &Src<'_, Ingress>,
    backend: &IngressBackend,
    field: &FieldPath,
    rec: &mut Recorder,
) -> Result<Option<Target>, Error> {
    let ns = ing.r.namespace.as_str();
    let legacy = ing.obj.version == IngressVersion::V1beta1;
    if let Some(res) = &backend.resource {
        rec.note(
            ing,
            &field.field("resource"),
            Fact::ResourceBackend {
                kind: res.kind.clone(),
                name: res.name.clone(),
            },
        );
        return Ok(None);
    }
    let Some(svc) = &backend.service else {
        rec.add(
            &ing.r,
            ing.doc,
            field,
            Status::Refused,
            "backend without a service: the API server rejects this Ingress",
        );
        return Ok(None);
    };
    let (name_field, port_field) = if legacy {
        (field.field("serviceName"), field.field("servicePort"))
    } else {
        (
            field.field("service").field("name"),
            field.field("service").field("port"),
        )
    };
    let service = input.services.get(&(ns.to_string(), svc.name.clone()));
    // Judged the same whatever else the input holds: with Services in the input, a missing one is a finding at
    // the reference; with none at all, references are taken as written and that is said once.
    let services_given = !input.services.is_empty();
    if !services_given && !rec.no_services_noted {
        rec.no_services_noted = true;
        rec.note(ing, &name_field, Fact::NoServicesInInput);
    }
    if service.is_none() && services_given {
        rec.note(
            ing,
            &name_field,
            Fact::MissingService {
                namespace: ns.to_string(),
                service: svc.name.clone(),
            },
        );
    }
    let port = svc.port.as_ref();
    let number = match (port.and_then(|p| p.number), port.and_then(|p| p.name.clone())) {
        (Some(n), _) => {
            // An ExternalName Service needs no port of that number: ingress-nginx uses the number as given.
            if let Some(s) = service
                && s.obj.spec.type_.as_deref() != Some("ExternalName")
                && !s.obj.spec.ports.iter().any(|p| p.port == n)
            {
                rec.note(
                    ing,
                    &port_field,
                    Fact::MissingServicePort {
                        namespace: ns.to_string(),
                        service: svc.name.clone(),
                        port: n,
                    },
                );
            }
            n
        }
        (None, Some(port_name)) => {
            // ingress-nginx finds no endpoints for a port it cannot resolve and answers 503 there; the rest of
            // the Ingress (and of the input) converts.
            let Some(s) = service else {
                if !services_given {
                    rec.note(
                        ing,
                        &port_field,
                        Fact::PortNameWithoutServices {
                            namespace: ns.to_string(),
                            service: svc.name.clone(),
                            port: port_name,
                        },
                    );
                }
                return Ok(Some(Target::Unavailable));
            };
            match s
                .obj
                .spec
                .ports
                .iter()
                .find(|p| p.name.as_deref() == Some(port_name.as_str()))
            {
                Some(p) => {
                    rec.add(
                        &ing.r,
                        ing.doc,
                        &port_field,
                        Status::Exact,
                        format!(
                            "named port {port_name:?} resolved to {} through Service {ns}/{}",
                            p.port, svc.name
                        ),
                    );
                    p.port
                }
                None => {
                    let ports = s
                        .obj
                        .spec
                        .ports
                        .iter()
                        .map(|p| p.name.clone().unwrap_or_else(|| p.port.to_string()))
                        .collect();
                    rec.note(
                        ing,
                        &port_field,
                        Fact::MissingServicePortName {
                            namespace: ns.to_string(),
                            service: svc.name.clone(),
                            port: port_name,
                            ports,
                        },
                    );
                    return Ok(Some(Target::Unavailable));
                }
            }
        }
        (None, None) => {
            rec.add(
                &ing.r,
                ing.doc,
                &port_field,
                Status::Refused,
                "backend service without a port: the API server rejects this Ingress",
            );
            return Ok(None);
        }
    };
    if let Some(p) = service.and_then(|s| s.obj.spec.ports.iter().find(|p| p.port == number))
        && let Some(ap) = p
            .app_protocol
            .as_deref()
            .filter(|ap| !ap.eq_ignore_ascii_case("http"))
    {
        rec.note(
            ing,
            &port_field,
            Fact::AppProtocol {
                port: number,
                app_protocol: ap.to_string(),
            },
        );
    }
    Ok(Some(Target::Service(ServiceBackend {
        namespace: ns.to_string(),
        name: svc.name.clone(),
        port: number,
    })))
}

/// Whether ingress-nginx finds endpoints for `target`'s Service as far as the input tells: not for one it
/// could not resolve, nor, when the input has Services, for a missing one or a port number the Service lacks
/// (an ExternalName Service takes any number).
fn resolves(input: &Input<'_>, target: &Target) -> bool {
    match target {
        Target::Unavailable => false,
        Target::Service(b) if !input.services.is_empty() => input
            .services
            .get(&(b.namespace.clone(), b.name.clone()))
            .is_some_and(|s| {
                s.obj.spec.type_.as_deref() == Some("ExternalName")
                    || s.obj.spec.ports.iter().any(|p| p.port == b.port)
            }),
        _ => true,
    }
}

/// ingress-nginx's certificate for each host: the first Ingress (in order) with a rule for the host and a `tls`
/// entry naming it (or a wildcard entry covering it); else the certificate of the `*.parent` server; else, if
/// any Ingress of the host has a `tls` section, the default certificate.
fn assign_tls(input: &Input<'_>, model: &mut ClassModel, rec: &mut Recorder) {
    let mut used_tls: BTreeSet<(usize, usize)> = BTreeSet::new();
    let hosts: Vec<String> = model.servers.keys().flatten().cloned().collect();
    let mut own: BTreeMap<String, Tls> = BTreeMap::new();
    // Host → the first Ingress (in order) with a tls section and a rule for the host, in one pass.
    let mut first_with_tls: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for &idx in &model.ingresses {
        let ing = input.ingresses[idx].obj;
        if ing.spec.tls.is_empty() {
            continue;
        }
        for r in &ing.spec.rules {
            if let Some(h) = r.host.as_deref() {
                first_with_tls.entry(h).or_insert(idx);
            }
        }
    }
    for host in &hosts {
        // The first Ingress (in order) that names the host and has any tls section decides: its entry for the
        // host, or ingress-nginx's default certificate; later Ingresses cannot override it (createServers).
        let mut tls = Tls::None;
        if let Some(&idx) = first_with_tls.get(host.as_str()) {
            let ing = input.ingresses[idx].obj;
            let entry = ing.spec.tls.iter().enumerate().find(|(_, t)| {
                t.hosts.iter().any(|h| h == host || wildcard_covers(h, host)) || t.hosts.is_empty()
            });
            tls = match entry {
                Some((k, t)) => {
                    used_tls.insert((idx, k));
                    match &t.secret_name {
                        Some(secret) if !secret.is_empty() => Tls::Cert {
                            namespace: input.ingresses[idx].r.namespace.clone(),
                            secret: secret.clone(),
                            ingress: idx,
                        },
                        _ => Tls::DefaultCert { ingress: idx },
                    }
                }
                None => Tls::DefaultCert { ingress: idx },
            };
        }
        own.insert(host.clone(), tls);
    }
    for host in &hosts {
        let mut tls = own[host].clone();
        if !matches!(tls, Tls::Cert { .. })
            && let Some((_, parent)) = host.split_once('.')
            && let Some(wild @ Tls::Cert { .. }) = own.get(&format!("*.{parent}"))
        {
            tls = wild.clone();
        }
        model
            .servers
            .get_mut(&Some(host.clone()))
            .expect("host from servers")
            .tls = tls;
    }
    // (Ingress, Secret) → the hosts served with it, in server order, in one pass.
    let mut cert_hosts: BTreeMap<(usize, &str), Vec<&str>> = BTreeMap::new();
    for s in model.servers.values() {
        if let (Tls::Cert { ingress, secret, .. }, Some(h)) = (&s.tls, s.host.as_deref()) {
            cert_hosts.entry((*ingress, secret.as_str())).or_default().push(h);
        }
    }
    for &idx in &model.ingresses {
        let ing = &input.ingresses[idx];
        for (k, t) in ing.obj.spec.tls.iter().enumerate() {
            let field = FieldPath::parse("spec.tls").index(k);
            if used_tls.contains(&(idx, k)) {
                let hosts: Vec<&str> = t
                    .secret_name
                    .as_deref()
                    .and_then(|sn| cert_hosts.get(&(idx, sn)))
                    .cloned()
                    .unwrap_or_default();
                match (&t.secret_name, hosts.is_empty()) {
                    (None, _) => rec.note(ing, &field, Fact::TlsEntryWithoutSecret),
                    (Some(_), true) => rec.at(ing, &field, Status::Ignored, "not used: for each host ingress-nginx takes the first matching tls entry of the oldest Ingress that names the host and has a tls section"),
                    (Some(s), false) => rec.note(
                        ing,
                        &field,
                        Fact::TlsEntryUsed {
                            secret: s.clone(),
                            hosts: hosts.iter().map(|h| h.to_string()).collect(),
                            listed_no_hosts: t.hosts.is_empty(),
                        },
                    ),
                }
            } else {
                let named: Vec<&str> = t
                    .hosts
                    .iter()
                    .filter(|h| {
                        ing.obj
                            .spec
                            .rules
                            .iter()
                            .any(|r| r.host.as_deref() == Some(h.as_str()))
                    })
                    .map(String::as_str)
                    .collect();
                let message = if named.is_empty() {
                    "not used: no rule of this Ingress names its hosts, and ingress-nginx only takes certificates for hosts an Ingress has rules for".to_string()
                } else {
                    format!(
                        "not used: {} already get(s) a certificate from an earlier tls entry of this Ingress or from an older Ingress; ingress-nginx takes the first one",
                        named.join(", ")
                    )
                };
                rec.at(ing, &field, Status::Ignored, message);
            }
        }
    }
    for server in model.servers.values() {
        if let (Tls::DefaultCert { ingress }, Some(host)) = (&server.tls, &server.host) {
            let ing = &input.ingresses[*ingress];
            // Which default certificate is the controller's: `note_certificates` fills it in.
            rec.note(
                ing,
                &FieldPath::parse("spec.tls"),
                Fact::DefaultCertificate {
                    host: host.clone(),
                    default: None,
                },
            );
        }
    }
    // A referenced Secret missing from an input that does carry Secrets is worth a warning; an input without any
    // Secrets (Ingresses exported alone) is normal and says nothing about the cluster.
    let used: BTreeMap<(String, String), usize> = model
        .servers
        .values()
        .filter_map(|s| match &s.tls {
            Tls::Cert {
                namespace,
                secret,
                ingress,
            } => Some(((namespace.clone(), secret.clone()), *ingress)),
            _ => None,
        })
        .collect();
    for ((namespace, secret), ingress) in used {
        if !input.secrets.is_empty() && !input.secrets.contains_key(&(namespace.clone(), secret.clone())) {
            let ing = &input.ingresses[ingress];
            // At the reference: the first tls entry naming the Secret.
            let field = ing
                .obj
                .spec
                .tls
                .iter()
                .position(|t| t.secret_name.as_deref() == Some(secret.as_str()))
                .map_or_else(
                    || FieldPath::parse("spec.tls"),
                    |i| FieldPath::parse("spec.tls").index(i).field("secretName"),
                );
            rec.note(ing, &field, Fact::MissingSecret { namespace, secret });
        }
    }
}

/// The hosts ingress-nginx serves with its default certificate: those whose Ingress has a tls section without
/// a certificate for them (noted by `build`, from fact `first_fact` on; here given the controller's
/// certificate), and, when the controller is known (`all_hosts`), those with no tls entry at all, which
/// ingress-nginx serves over HTTPS too.
pub(crate) fn note_certificates(
    input: &Input<'_>,
    model: &ClassModel,
    default: Option<&(String, String)>,
    all_hosts: bool,
    first_fact: usize,
    rec: &mut Recorder,
) {
    for fact in rec.facts_since(first_fact) {
        if let Fact::DefaultCertificate { default: d, .. } = fact {
            d.clone_from(&default.cloned());
        }
    }
    for server in model.servers.values() {
        let Some(host) = &server.host else { continue };
        if matches!(server.tls, Tls::None) && all_hosts && server.passthrough.is_none() {
            rec.note(
                &input.ingresses[server.owner],
                &FieldPath::parse("spec.rules"),
                Fact::NoOwnCertificate {
                    host: host.clone(),
                    default: default.cloned(),
                },
            );
        }
    }
}

/// `*.example.com` covers `a.example.com` (one label, as ingress-nginx's server names and SNI do).
pub(crate) fn wildcard_covers(pattern: &str, host: &str) -> bool {
    crate::catalogue::hosts::wildcard_covers(pattern, host)
}

/// Every server gets a root `/` location from its oldest Ingress: that Ingress's default backend, or the
/// global default backend (404). A real Prefix `/` path replaces it.
fn add_root_locations(input: &Input<'_>, model: &mut ClassModel, rec: &mut Recorder) -> Result<(), Error> {
    let mut reported: BTreeSet<usize> = BTreeSet::new();
    let hosts: Vec<Option<String>> = model.servers.keys().filter(|h| h.is_some()).cloned().collect();
    for host in hosts {
        let server = &model.servers[&host];
        if server
            .locations
            .iter()
            .any(|l| l.path == "/" && l.kind == PathKind::Prefix)
        {
            continue;
        }
        let owner = server.owner;
        let ing = &input.ingresses[owner];
        let target = match &ing.obj.spec.default_backend {
            Some(b) => {
                let field = default_backend_path(ing.obj);
                let t = resolve_backend(input, ing, b, &field, rec)?;
                if reported.insert(owner) {
                    rec.note(ing, &field, Fact::HostsDefaultBackend);
                }
                t.unwrap_or(Target::NotFound)
            }
            None => Target::NotFound,
        };
        model
            .servers
            .get_mut(&host)
            .expect("exists")
            .locations
            .push(Location::new("/".into(), PathKind::Prefix, target, owner));
    }
    for &idx in &model.ingresses {
        let ing = &input.ingresses[idx];
        if ing.obj.spec.rules.is_empty() || ing.obj.spec.default_backend.is_none() || reported.contains(&idx)
        {
            continue;
        }
        let owners: BTreeSet<String> = model
            .servers
            .values()
            .filter(|s| s.host.is_some() && ing.obj.spec.rules.iter().any(|r| r.host == s.host))
            .map(|s| input.ingresses[s.owner].r.to_string())
            .collect();
        let me = ing.r.to_string();
        let message = if owners.iter().all(|o| *o == me) {
            "a real `/` path of its hosts replaces the default backend (ingress-nginx synthesises the root location only when no `/` path exists): it never receives traffic".to_string()
        } else {
            format!(
                "ingress-nginx uses the default backend of the oldest Ingress of each host ({}) or a real `/` path; this one never receives traffic",
                owners.into_iter().collect::<Vec<_>>().join(", ")
            )
        };
        rec.add(
            &ing.r,
            ing.doc,
            &default_backend_path(ing.obj),
            Status::Ignored,
            message,
        );
    }
    Ok(())
}

/// A Prefix `/foo/` location answers `/foo` with nginx's own 301 to `/foo/` unless something else has `/foo`.
fn add_trailing_slash_redirects(model: &mut ClassModel) {
    for server in model.servers.values_mut() {
        let mut extra = Vec::new();
        for l in &server.locations {
            if server.regex
                || l.kind != PathKind::Prefix
                || l.path.len() < 2
                || !l.path.ends_with('/')
                || !matches!(l.target, Target::Service(_))
            {
                continue;
            }
            let bare = l.path.trim_end_matches('/');
            if bare.is_empty() || server.locations.iter().any(|o| o.path == bare) {
                continue;
            }
            extra.push(Location::new(
                bare.to_string(),
                PathKind::Exact,
                Target::TrailingSlash(l.path.clone()),
                l.ingress,
            ));
        }
        server.locations.extend(extra);
    }
}

/// ingress-nginx redirects plain HTTP to HTTPS per location: `force-ssl-redirect`, or `ssl-redirect`
/// (default true) when the host has a certificate; never for ACME challenge locations. nginx's own
/// trailing-slash 301, app-root, the www twin and fixed redirects all answer before the HTTPS redirect.
fn mark_https_redirects(model: &mut ClassModel, intents: &[Intents]) {
    for server in model.servers.values_mut() {
        let has_tls = server.has_tls();
        for l in &mut server.locations {
            let a = &intents[l.ingress];
            if let (Some(r), Target::Service(_) | Target::NotFound) = (&a.redirect, &l.target) {
                l.target = Target::Redirect(r.clone());
            }
            l.https_redirect = matches!(l.target, Target::Service(_) | Target::NotFound)
                && !l.path.starts_with(ACME_CHALLENGE_PREFIX)
                && (a.force_ssl_redirect || (a.ssl_redirect && has_tls));
        }
        // Deterministic order, the one ingress-nginx writes locations in: path descending.
        server
            .locations
            .sort_by(|a, b| b.path.cmp(&a.path).then(a.kind.cmp(&b.kind)));
    }
}

/// Hosts on which some Ingress turns on regex mode (`use-regex`, or a `rewrite-target`): ingress-nginx then
/// renders every location of the host as a case-insensitive regex (`enforceRegexModifier`).
fn regex_hosts(input: &Input<'_>, members: &[usize], intents: &[Intents]) -> BTreeSet<Option<String>> {
    members
        .iter()
        .filter(|&&i| intents[i].regex_mode())
        .flat_map(|&i| input.ingresses[i].obj.spec.rules.iter())
        .map(|r| r.host.clone().filter(|h| !h.is_empty()))
        .collect()
}

/// Characters that make a path a regex rather than a literal.
const REGEX_META: &[char] = &[
    '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '^', '$', '\\',
];

/// Builds each location's matcher and rewrite, now that every host's regex mode is known, and reports what
/// regex mode and `rewrite-target` do.
fn apply_regex_mode(input: &Input<'_>, model: &mut ClassModel, intents: &[Intents], rec: &mut Recorder) {
    let mut reported: BTreeSet<(usize, String)> = BTreeSet::new();
    for server in model.servers.values_mut() {
        server.regex = server.locations.iter().any(|l| intents[l.ingress].regex_mode());
        if !server.regex {
            continue;
        }
        let host = server.host.as_deref().unwrap_or("*").to_string();
        let turned_on_by: BTreeSet<usize> = server
            .locations
            .iter()
            .map(|l| l.ingress)
            .filter(|&i| intents[i].regex_mode())
            .collect();
        // Named once per host, and only the first few: every Ingress of the host gets a line naming them.
        let others = Named::first_of(server_ingresses(&turned_on_by, input).into_iter());
        for l in &mut server.locations {
            // `~* "^/"` matches every path, exactly as a prefix match on `/` does; the prefix form also keeps the
            // host's catch-all below any other prefix on every implementation (regex vs prefix precedence is
            // implementation-specific).
            l.matcher = if l.path == "/" {
                Matcher::Prefix("/".into())
            } else {
                Matcher::Regex(format!("(?i){}.*", l.path))
            };
            let ing = &input.ingresses[l.ingress];
            let a = &intents[l.ingress];
            if let (Some(target), Target::Service(_)) = (&a.rewrite_target, &l.target) {
                let field = crate::annotations::field(&format!(
                    "{}rewrite-target",
                    gateshift_nginx_annotations::NGINX_PREFIX
                ));
                match plan_rewrite(&l.path, target) {
                    Ok((rewrite, exact, how)) => {
                        if let (Rewrite::Prefix(_), Some(prefix)) = (&rewrite, literal_prefix(&l.path)) {
                            l.matcher = Matcher::Prefix(prefix);
                        }
                        l.rewrite = Some(rewrite);
                        if reported.insert((l.ingress, format!("rw {host} {}", l.path))) {
                            let fact = Fact::Rewrite {
                                host: host.clone(),
                                path: l.path.clone(),
                                how,
                                prefix_match: matches!(l.matcher, Matcher::Prefix(_)),
                                exact,
                            };
                            rec.note(ing, &field, fact);
                        }
                    }
                    Err(why) => {
                        if reported.insert((l.ingress, format!("rw {host} {}", l.path))) {
                            let fact = Fact::RewriteNotLiteral {
                                host: host.clone(),
                                path: l.path.clone(),
                                target: target.clone(),
                                why,
                            };
                            rec.note(ing, &field, fact);
                        }
                    }
                }
            }
            if turned_on_by.contains(&l.ingress) {
                if reported.insert((l.ingress, format!("regex {host}"))) {
                    let name = if a.use_regex {
                        "use-regex"
                    } else {
                        "rewrite-target"
                    };
                    let field = crate::annotations::field(&format!(
                        "{}{name}",
                        gateshift_nginx_annotations::NGINX_PREFIX
                    ));
                    let fact = Fact::RegexMode {
                        name: name.to_string(),
                        host: host.clone(),
                        others: others.clone(),
                    };
                    rec.note(ing, &field, fact);
                }
            } else if reported.insert((l.ingress, format!("contaminated {host}"))) {
                let fact = Fact::RegexModeOfOthers {
                    host: host.clone(),
                    others: others.clone(),
                };
                rec.note(ing, &FieldPath::parse("spec.rules"), fact);
            }
        }
    }
}

fn server_ingresses(set: &BTreeSet<usize>, input: &Input<'_>) -> BTreeSet<String> {
    set.iter().map(|&i| input.ingresses[i].r.to_string()).collect()
}

/// The literal part of a regex path before its capture suffix, when the path is `<literal>(/|$)(.*)`,
/// `<literal>/(.*)` or `<literal>(.*)`.
fn literal_prefix(path: &str) -> Option<String> {
    for suffix in ["(/|$)(.*)", "/(.*)", "(.*)"] {
        if let Some(lit) = path.strip_suffix(suffix) {
            let lit = lit.trim_end_matches('/');
            if !lit.contains(REGEX_META) && check_path(if lit.is_empty() { "/" } else { lit }).is_ok() {
                return Some(if lit.is_empty() {
                    "/".into()
                } else {
                    lit.to_string()
                });
            }
        }
    }
    None
}

/// How nginx's `rewrite "(?i)<path>" <target> break;` comes across: the rewrite, whether it is exact, and a
/// description; or why it is neither a literal path nor a prefix replacement.
fn plan_rewrite(path: &str, target: &str) -> Result<(Rewrite, bool, RewriteHow), String> {
    let uses_capture = target.contains('$');
    if !path.contains('(') || !uses_capture {
        // No capture group in the path: `$n` expands to nothing, and the whole path becomes the target.
        let mut full = target.to_string();
        for n in 1..=9 {
            full = full.replace(&format!("${n}"), "");
        }
        if full.contains('$') {
            return Err("it uses an nginx variable".into());
        }
        let how = RewriteHow::Full { full: full.clone() };
        return Ok((Rewrite::Full(full), true, how));
    }
    let (capture, lit_slash) = if path.ends_with("(/|$)(.*)") {
        ("$2", false)
    } else if path.ends_with("/(.*)") || path.ends_with("(.*)") {
        ("$1", true)
    } else {
        return Err(
            "only paths of the form /prefix(/|$)(.*) or /prefix/(.*) map to a prefix replacement".into(),
        );
    };
    let lit = literal_prefix(path).ok_or("the part before the capture is itself a regex")?;
    let Some(replacement) = target.strip_suffix(capture) else {
        return Err(format!(
            "the target must end with {capture}, the capture of the rest of the path"
        ));
    };
    if replacement.contains('$') || !replacement.starts_with('/') {
        return Err("the target uses other captures or variables, or is not a path".into());
    }
    if !replacement.ends_with('/') {
        return Err(format!(
            "{replacement}{capture} glues the rest of the path to {replacement} without a `/`"
        ));
    }
    let with = if replacement == "/" {
        "/".to_string()
    } else {
        replacement.trim_end_matches('/').to_string()
    };
    let exact = replacement == "/" && !lit_slash;
    let how = RewriteHow::Prefix {
        lit,
        with: with.clone(),
        replacement: replacement.to_string(),
        lit_slash,
    };
    Ok((Rewrite::Prefix(with), exact, how))
}

/// `app-root`: a server-level `if ($uri = /) { return 302 <app-root>; }` taken from the Ingress that owns the
/// host's `/` location; it answers before location selection and before the HTTPS redirect.
fn add_app_roots(model: &mut ClassModel, intents: &[Intents]) {
    for server in model.servers.values_mut() {
        let root_owner = server
            .locations
            .iter()
            .find(|l| l.path == "/" && l.kind == PathKind::Prefix)
            .map(|l| l.ingress);
        let Some(root) = root_owner.and_then(|i| intents[i].app_root.clone().map(|r| (i, r))) else {
            continue;
        };
        server
            .locations
            .retain(|l| !(l.path == "/" && l.kind == PathKind::Exact));
        server.locations.push(Location::new(
            "/".into(),
            PathKind::Exact,
            Target::AppRoot(root.1),
            root.0,
        ));
    }
}

/// `from-to-www-redirect`: ingress-nginx adds a server for the www/non-www twin of each host of the Ingress,
/// unless that host is served already, answering 308 to the host.
fn add_www_twins(input: &Input<'_>, model: &mut ClassModel, intents: &[Intents], rec: &mut Recorder) {
    let mut twins: Vec<(String, Server)> = Vec::new();
    let flagged = first_flagged(input, model, |i| intents[i].from_to_www);
    if flagged.is_empty() {
        return;
    }
    for server in model.servers.values() {
        let Some(host) = &server.host else { continue };
        if host.starts_with("*.") {
            continue;
        }
        let Some(&idx) = flagged.get(host.as_str()) else {
            continue;
        };
        let twin = match host.strip_prefix("www.") {
            Some(bare) => bare.to_string(),
            None => format!("www.{host}"),
        };
        if model.servers.contains_key(&Some(twin.clone())) {
            let ing = &input.ingresses[idx];
            let field = crate::annotations::field(&format!(
                "{}from-to-www-redirect",
                gateshift_nginx_annotations::NGINX_PREFIX
            ));
            rec.at(
                ing,
                &field,
                Status::Ignored,
                format!("{twin} is served by its own rules, so ingress-nginx adds no redirect for it"),
            );
            continue;
        }
        let ing = &input.ingresses[idx];
        let field = crate::annotations::field(&format!(
            "{}from-to-www-redirect",
            gateshift_nginx_annotations::NGINX_PREFIX
        ));
        rec.note(
            ing,
            &field,
            Fact::WwwTwin {
                twin: twin.clone(),
                host: host.clone(),
                tls: server.has_tls(),
            },
        );
        let mut s = new_server(Some(twin.clone()), idx);
        s.tls = server.tls.clone();
        s.locations.push(Location::new(
            "/".into(),
            PathKind::Prefix,
            Target::WwwRedirect(host.clone()),
            idx,
        ));
        twins.push((twin, s));
    }
    for (twin, s) in twins {
        model.servers.insert(Some(twin), s);
    }
}

/// Host → the first Ingress (in ingress-nginx order) with a rule for the host for which `flag` holds.
fn first_flagged<'a>(
    input: &'a Input<'_>,
    model: &ClassModel,
    flag: impl Fn(usize) -> bool,
) -> BTreeMap<&'a str, usize> {
    let mut out = BTreeMap::new();
    for &i in model.ingresses.iter().filter(|&&i| flag(i)) {
        for h in input.ingresses[i]
            .obj
            .spec
            .rules
            .iter()
            .filter_map(|r| r.host.as_deref())
        {
            out.entry(h).or_insert(i);
        }
    }
    out
}

/// `ssl-passthrough`: TLS connections whose SNI is the host go unterminated to the Service of the host's `/`
/// location; HTTP annotations no longer apply on 443.
fn apply_passthrough(input: &Input<'_>, model: &mut ClassModel, intents: &[Intents], rec: &mut Recorder) {
    let flagged = first_flagged(input, model, |i| intents[i].ssl_passthrough);
    if flagged.is_empty() {
        return;
    }
    for server in model.servers.values_mut() {
        let Some(host) = &server.host else { continue };
        let Some(&idx) = flagged.get(host.as_str()) else {
            continue;
        };
        let ing = &input.ingresses[idx];
        let field = crate::annotations::field(&format!(
            "{}ssl-passthrough",
            gateshift_nginx_annotations::NGINX_PREFIX
        ));
        let root = server
            .locations
            .iter()
            .find(|l| l.path == "/" && l.kind == PathKind::Prefix)
            .and_then(|l| match &l.target {
                Target::Service(b) => Some(b.clone()),
                _ => None,
            });
        match root {
            Some(b) if !host.starts_with("*.") => {
                let fact = Fact::Passthrough {
                    host: host.clone(),
                    backend: b.clone(),
                };
                rec.note(ing, &field, fact);
                server.passthrough = Some((b, idx));
            }
            Some(_) => rec.at(ing, &field, Status::Unsupported, format!("ingress-nginx's passthrough compares the SNI name exactly, so the wildcard host {host} never matched and the annotation had no effect; nothing is generated for it")),
            None => rec.at(ing, &field, Status::Manual, format!("ingress-nginx passes TLS for {host} to the Service of the host's `/` path, and {host} has none: add a `/` path (or a defaultBackend) for the Service that terminates TLS")),
        }
    }
}

/// Canary Ingresses: each canary path merges into the location of a non-canary Ingress with the same host,
/// path and pathType whose Service differs; the canary then applies to every location using that Service
/// port (ingress-nginx merges per upstream, `mergeAlternativeBackends`); only the first canary per upstream
/// counts.
fn merge_canaries(
    input: &Input<'_>,
    model: &mut ClassModel,
    canaries: &[usize],
    intents: &[Intents],
    rec: &mut Recorder,
) -> Result<(), Error> {
    let mut by_upstream: BTreeMap<ServiceBackend, CanaryRoute> = BTreeMap::new();
    let mut merged_at: Vec<(usize, FieldPath, ServiceBackend, String)> = Vec::new();
    for &idx in canaries {
        let ing = &input.ingresses[idx];
        let Some(config) = intents[idx].canary.clone() else {
            continue;
        };
        for (k, _) in ing.obj.spec.tls.iter().enumerate() {
            rec.at(ing, &FieldPath::parse("spec.tls").index(k), Status::Ignored, "canary Ingress: ingress-nginx creates no server from it, so its tls entries are not used (the main Ingress's certificate serves the host)");
        }
        if ing.obj.spec.default_backend.is_some() {
            rec.at(
                ing,
                &default_backend_path(ing.obj),
                Status::Ignored,
                "canary Ingress: its default backend is not used",
            );
        }
        for (i, rule) in ing.obj.spec.rules.iter().enumerate() {
            let host = rule.host.clone().filter(|h| !h.is_empty());
            let Some(http) = &rule.http else { continue };
            for (j, p) in http.paths.iter().enumerate() {
                let field = FieldPath::parse("spec.rules")
                    .index(i)
                    .field("http")
                    .field("paths")
                    .index(j);
                let raw = p.path.clone().unwrap_or_default();
                let path = if raw.is_empty() { "/".to_string() } else { raw };
                let kind = match &p.path_type {
                    Some(PathType::Exact) => PathKind::Exact,
                    _ => PathKind::Prefix,
                };
                let Some(Target::Service(backend)) =
                    resolve_backend(input, ing, &p.backend, &field.field("backend"), rec)?
                else {
                    continue;
                };
                let shown = format!("{} {} {path}", host.as_deref().unwrap_or("*"), kind.as_str());
                let primary = model.servers.get(&host).and_then(|s| {
                    s.locations.iter().find_map(|l| match &l.target {
                        Target::Service(b) if l.path == path && l.kind == kind && *b != backend => {
                            Some(b.clone())
                        }
                        _ => None,
                    })
                });
                let Some(primary) = primary else {
                    rec.at(ing, &field, Status::Ignored, format!("canary for {shown}: no non-canary Ingress serves the same host, path and pathType with another Service, so ingress-nginx drops this canary (requests never reach it) and so does the conversion. Give the main Ingress exactly this path if the canary should work"));
                    continue;
                };
                if let Some(existing) = by_upstream.get(&primary) {
                    rec.at(ing, &field, Status::Ignored, format!("canary for {shown}: Service {}/{} port {} already has a canary from {}, and ingress-nginx uses only the first", primary.namespace, primary.name, primary.port, input.ingresses[existing.ingress].r));
                    continue;
                }
                by_upstream.insert(
                    primary.clone(),
                    CanaryRoute {
                        backend,
                        config: config.clone(),
                        ingress: idx,
                    },
                );
                merged_at.push((idx, field, primary, shown));
            }
        }
    }
    // Apply per upstream, and tell where the canary reaches beyond its own path.
    let mut reach: BTreeMap<ServiceBackend, Vec<String>> = BTreeMap::new();
    for server in model.servers.values_mut() {
        for l in &mut server.locations {
            if let Target::Service(b) = &l.target
                && let Some(c) = by_upstream.get(b)
            {
                l.canary = Some(c.clone());
                reach.entry(b.clone()).or_default().push(format!(
                    "{} {} {}",
                    server.host.as_deref().unwrap_or("*"),
                    l.kind.as_str(),
                    l.path
                ));
            }
        }
    }
    for (idx, field, primary, shown) in merged_at {
        let ing = &input.ingresses[idx];
        let c = &by_upstream[&primary];
        let others: Vec<String> = reach[&primary].iter().filter(|s| **s != shown).cloned().collect();
        let fact = Fact::CanaryMerged {
            shown,
            canary: c.backend.clone(),
            config: c.config.clone(),
            primary,
            others,
        };
        rec.note(ing, &field, fact);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_covers_one_label_only() {
        assert!(wildcard_covers("*.example.com", "a.example.com"));
        assert!(!wildcard_covers("*.example.com", "a.b.example.com"));
        assert!(!wildcard_covers("*.example.com", "example.com"));
        assert!(!wildcard_covers("example.com", "example.com"));
    }

    #[test]
    fn rewrites_that_are_a_literal_or_a_prefix_replacement() {
        // The common form: exact apart from case.
        let (r, exact, _) = plan_rewrite("/api(/|$)(.*)", "/$2").unwrap();
        assert_eq!((r, exact), (Rewrite::Prefix("/".into()), true));
        // Another prefix: /api alone becomes /v2 where nginx gave /v2/.
        let (r, exact, how) = plan_rewrite("/api(/|$)(.*)", "/v2/$2").unwrap();
        assert_eq!((r, exact), (Rewrite::Prefix("/v2".into()), false));
        assert_eq!(
            how,
            RewriteHow::Prefix {
                lit: "/api".into(),
                with: "/v2".into(),
                replacement: "/v2/".into(),
                lit_slash: false
            }
        );
        // `/prefix/(.*)`: nginx needed the slash, a prefix match does not.
        let (r, exact, _) = plan_rewrite("/v1/(.*)", "/$1").unwrap();
        assert_eq!((r, exact), (Rewrite::Prefix("/".into()), false));
        // No capture group: `$1` expands to nothing, the whole path becomes the target.
        let (r, exact, _) = plan_rewrite("/legacy", "/new/$1").unwrap();
        assert_eq!((r, exact), (Rewrite::Full("/new/".into()), true));
        let (r, _, _) = plan_rewrite("/legacy(.*)", "/static").unwrap();
        assert_eq!(r, Rewrite::Full("/static".into()));
    }

    #[test]
    fn rewrites_that_are_neither_a_literal_nor_a_prefix_replacement() {
        assert!(plan_rewrite("/item/([0-9]+)/details", "/items/$1").is_err());
        assert!(
            plan_rewrite("/api(/|$)(.*)", "/v2$2").is_err(),
            "glues the rest without a slash"
        );
        assert!(
            plan_rewrite("/a.b(/|$)(.*)", "/$2").is_err(),
            "the prefix is a regex"
        );
        assert!(plan_rewrite("/api(/|$)(.*)", "/$1/$2").is_err());
        assert!(plan_rewrite("/x", "/$host").is_err());
    }

    #[test]
    fn literal_prefixes_of_capture_paths() {
        assert_eq!(literal_prefix("/api(/|$)(.*)"), Some("/api".into()));
        assert_eq!(literal_prefix("/api/(.*)"), Some("/api".into()));
        assert_eq!(literal_prefix("/(.*)"), Some("/".into()));
        assert_eq!(literal_prefix("/a[0-9]/(.*)"), None);
        assert_eq!(literal_prefix("/api"), None);
    }

    #[test]
    fn literal_path_rules() {
        assert!(check_path("/api/v1").is_ok());
        assert!(check_path("/a%20b").is_ok());
        assert!(check_path("api").is_err());
        assert!(check_path("/a//b").is_err());
        assert!(check_path("/a/./b").is_err());
        assert!(check_path("/a/..").is_err());
        assert!(check_path("/a b").is_err());
        assert!(check_path("/a%zz").is_err());
        assert!(check_path("/a#b").is_err());
    }
}
