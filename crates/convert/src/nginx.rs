//! The ingress-nginx provider: how ingress-nginx turns the selected Ingresses into servers (hosts) and
//! locations, with its first-wins rules, TLS lookup and implicit redirects. The emitter turns this model into
//! Gateway API; nothing here knows about Gateway API objects.
//!
//! References: `../shared/reference/ingress-nginx-semantics.md` §2 (controller.go createServers,
//! getBackendServers, updateServerLocations; lua certificate.lua and lua_ingress.lua).

use std::collections::{BTreeMap, BTreeSet};

use gateshift_api::networking::{IngressBackend, IngressVersion, PathType};
use gateshift_manifest::FieldPath;

use crate::{
    Error,
    annotations::IngressAnnotations,
    input::{Input, Src},
    report::{Conflict, Recorder, Status},
};
use gateshift_api::networking::Ingress;

/// The paths cert-manager and other ACME clients use; ingress-nginx never redirects them to HTTPS
/// (ConfigMap `no-tls-redirect-locations`).
pub(crate) const ACME_CHALLENGE_PREFIX: &str = "/.well-known/acme-challenge";

/// Hostless routes keep to unknown hosts only where the implementation isolates listeners.
const ISOLATION: &str = "requests for hosts that have their own listener stay there only on implementations with listener isolation (GatewayHTTPListenerIsolation, Extended); check yours";

/// How a location matches, after ingress-nginx's defaulting (ImplementationSpecific and unset are Prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum PathKind {
    Exact,
    Prefix,
}

impl PathKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PathKind::Exact => "Exact",
            PathKind::Prefix => "Prefix",
        }
    }
}

/// A Service port, resolved to a number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ServiceBackend {
    pub namespace: String,
    pub name: String,
    pub port: i32,
}

/// What a location does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// Proxy to a Service.
    Service(ServiceBackend),
    /// nginx's own 301 from `/foo` to `/foo/` for a Prefix `/foo/` location.
    TrailingSlash(String),
    /// The global default backend: 404 (nothing to write on HTTPS, but HTTP may still redirect).
    NotFound,
}

/// One nginx location, tied to the Ingress that created it.
#[derive(Debug, Clone)]
pub(crate) struct Location {
    pub path: String,
    pub kind: PathKind,
    pub target: Target,
    /// Index of the Ingress in `Input::ingresses`.
    pub ingress: usize,
    /// Whether plain-HTTP requests to this location are redirected to HTTPS.
    pub https_redirect: bool,
}

/// How a host is served over HTTPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tls {
    /// No certificate: HTTP only (ingress-nginx still answers 443 with its default certificate).
    None,
    /// A certificate from a Secret (namespace, name), chosen from the Ingress at `ingress`.
    Cert {
        namespace: String,
        secret: String,
        ingress: usize,
    },
    /// Some Ingress of the host has a `tls` section but no usable certificate for it: ingress-nginx serves its
    /// default certificate and still redirects.
    DefaultCert { ingress: usize },
}

/// One nginx server: a host (`None` = the catch-all `_`).
#[derive(Debug, Clone)]
pub(crate) struct Server {
    pub host: Option<String>,
    /// The oldest Ingress naming the host: owns the root location and server-level settings.
    pub owner: usize,
    pub locations: Vec<Location>,
    pub tls: Tls,
}

impl Server {
    pub fn has_tls(&self) -> bool {
        !matches!(self.tls, Tls::None)
    }
}

/// The ingress-nginx view of one ingress class.
#[derive(Debug, Default)]
pub(crate) struct ClassModel {
    /// Servers by host; the catch-all under `None` (sorts first).
    pub servers: BTreeMap<Option<String>, Server>,
    /// Ingresses of this class that produce routes, by index.
    pub ingresses: Vec<usize>,
}

/// Builds the model for the Ingresses `members` (indices into `input.ingresses`, in ingress-nginx order).
pub(crate) fn build(
    input: &Input<'_>,
    members: &[usize],
    annotations: &[IngressAnnotations],
    rec: &mut Recorder,
) -> Result<ClassModel, Error> {
    let mut model = ClassModel {
        ingresses: members.to_vec(),
        ..Default::default()
    };
    // (host, path, kind) -> the Ingress that claimed it first.
    let mut claimed: BTreeMap<(Option<String>, String, PathKind), usize> = BTreeMap::new();

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
                        server.locations.push(Location {
                            path: "/".into(),
                            kind: PathKind::Prefix,
                            target,
                            ingress: idx,
                            https_redirect: false,
                        });
                        rec.at(ing, &field, Status::Approximate, format!("catch-all: requests for any host no other rule serves go here (HTTPRoute without hostnames on the Gateway's hostless listener); {ISOLATION}"));
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
                Some(h) if h.starts_with("*.") => rec.at(ing, &rule_path.field("host"), Status::Approximate, format!("wildcard host: ingress-nginx matched exactly one label in place of `*` (a.{0} but not a.b.{0}); a Gateway API wildcard matches one or more labels, so deeper names that got 404 before now reach this route", &h[2..])),
                Some(_) => rec.at(ing, &rule_path.field("host"), Status::Exact, "HTTPRoute hostname and Gateway listener hostname"),
                None => rec.at(ing, &rule_path, Status::Approximate, format!("rule without host: served for every host no other rule serves (HTTPRoute without hostnames on the Gateway's hostless listener); {ISOLATION}")),
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
                if let Err(why) = check_path(&path) {
                    rec.at(ing, &field.field("path"), Status::Unsupported, format!("path {path:?} cannot be written as a Gateway API path match: {why}; without regex mode ingress-nginx matched it literally"));
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
                let how = match (&p.path_type, kind) {
                    (Some(PathType::ImplementationSpecific) | None, _) => {
                        "ImplementationSpecific read as Prefix, as ingress-nginx does without regex mode: PathPrefix"
                    }
                    (_, PathKind::Exact) => "Exact",
                    (_, PathKind::Prefix) => "PathPrefix",
                };
                let mut message = format!("{how} {path}");
                if p.path.as_deref().unwrap_or_default().is_empty() {
                    message.push_str(" (an empty path is `/` for ingress-nginx)");
                }
                if kind == PathKind::Prefix && path.len() > 1 && path.ends_with('/') {
                    message.push_str(&format!("; nginx answers {} (no slash) with a 301 to {path}, written as an Exact rule with a redirect unless another path claims it", path.trim_end_matches('/')));
                }
                rec.at(ing, &field, Status::Exact, message);
                let server = model.servers.get_mut(&host).expect("server created above");
                server.locations.push(Location {
                    path,
                    kind,
                    target,
                    ingress: idx,
                    https_redirect: false,
                });
            }
        }
    }

    assign_tls(input, &mut model, rec);
    add_root_locations(input, &mut model, rec)?;
    add_trailing_slash_redirects(&mut model);
    mark_https_redirects(&mut model, annotations);
    Ok(model)
}

fn new_server(host: Option<String>, owner: usize) -> Server {
    Server {
        host,
        owner,
        locations: Vec::new(),
        tls: Tls::None,
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

/// Paths a Gateway API `Exact`/`PathPrefix` match accepts (CRD pattern and CEL rules).
pub(crate) fn check_path(path: &str) -> Result<(), String> {
    if !path.starts_with('/') {
        return Err("it must start with '/'".into());
    }
    if path.len() > 1024 {
        return Err("it is longer than 1024 characters".into());
    }
    for bad in ["//", "/./", "/../", "%2f", "%2F", "#"] {
        if path.contains(bad) {
            return Err(format!("it must not contain {bad:?}"));
        }
    }
    if path.ends_with("/..") || path.ends_with("/.") {
        return Err("it must not end with '/..' or '/.'".into());
    }
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'%' {
            let hex = |b: Option<&u8>| b.is_some_and(u8::is_ascii_hexdigit);
            if !(hex(bytes.get(i + 1)) && hex(bytes.get(i + 2))) {
                return Err("'%' must start a percent-encoded byte".into());
            }
            i += 3;
            continue;
        }
        if !(c.is_ascii_alphanumeric() || b"-/._~!$&'()*+,;=:@".contains(&c)) {
            return Err(format!("character {:?} is not allowed", c as char));
        }
        i += 1;
    }
    Ok(())
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
        rec.at(ing, &field.field("resource"), Status::Unsupported, format!("resource backend {} {}: ingress-nginx skips a path with a non-Service backend (its requests fall to the host's other paths) and so does the conversion; Gateway API has no equivalent. Route it to a Service, or use an implementation-specific backend kind", res.kind, res.name));
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
    let port = svc.port.as_ref();
    let number = match (port.and_then(|p| p.number), port.and_then(|p| p.name.clone())) {
        (Some(n), _) => {
            if let Some(s) = service
                && !s.obj.spec.ports.iter().any(|p| p.port == n)
            {
                rec.at(ing, &port_field, Status::Manual, format!("Service {ns}/{} has no port {n}: ingress-nginx answers 503 for this path, a Gateway 500; fix the port", svc.name));
            }
            n
        }
        (None, Some(port_name)) => {
            let Some(s) = service else {
                return Err(Error::MissingObject {
                    position: ing.doc.position_of(&name_field),
                    message: format!(
                        "Service {ns}/{} is not in the input, so its port {port_name:?} cannot be resolved to a number; add the Service manifest (e.g. kubectl get svc -n {ns} {} -o yaml) with -f",
                        svc.name, svc.name
                    ),
                });
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
                    return Err(Error::MissingObject {
                        position: ing.doc.position_of(&port_field),
                        message: format!(
                            "Service {ns}/{} has no port named {port_name:?} (ports: {})",
                            svc.name,
                            s.obj
                                .spec
                                .ports
                                .iter()
                                .map(|p| p.name.clone().unwrap_or_else(|| p.port.to_string()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    });
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
        rec.at(ing, &port_field, Status::Approximate, format!("Service port {number} declares appProtocol {ap}: Gateway implementations use it to choose the protocol to the backend (HTTP/2 for kubernetes.io/h2c), where ingress-nginx spoke HTTP/1.1 without a backend-protocol annotation; check that the backend accepts it"));
    }
    if service.is_none() && input.services.keys().any(|(n, _)| n == ns) {
        rec.at(ing, &name_field, Status::Manual, format!("Service {ns}/{} is not in the input although other Services of {ns} are: ingress-nginx answers 503 for a missing Service, a Gateway 500; create it or fix the name", svc.name));
    }
    Ok(Some(Target::Service(ServiceBackend {
        namespace: ns.to_string(),
        name: svc.name.clone(),
        port: number,
    })))
}

/// ingress-nginx's certificate for each host: the first Ingress (in order) with a rule for the host and a `tls`
/// entry naming it (or a wildcard entry covering it); else the certificate of the `*.parent` server; else, if
/// any Ingress of the host has a `tls` section, the default certificate.
fn assign_tls(input: &Input<'_>, model: &mut ClassModel, rec: &mut Recorder) {
    let mut used_tls: BTreeSet<(usize, usize)> = BTreeSet::new();
    let hosts: Vec<String> = model.servers.keys().flatten().cloned().collect();
    let mut own: BTreeMap<String, Tls> = BTreeMap::new();
    for host in &hosts {
        // The first Ingress (in order) that names the host and has any tls section decides: its entry for the
        // host, or ingress-nginx's default certificate; later Ingresses cannot override it (createServers).
        let mut tls = Tls::None;
        for &idx in &model.ingresses {
            let ing = input.ingresses[idx].obj;
            let names_host = ing
                .spec
                .rules
                .iter()
                .any(|r| r.host.as_deref() == Some(host.as_str()));
            if !names_host || ing.spec.tls.is_empty() {
                continue;
            }
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
            break;
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
    for &idx in &model.ingresses {
        let ing = &input.ingresses[idx];
        for (k, t) in ing.obj.spec.tls.iter().enumerate() {
            let field = FieldPath::parse("spec.tls").index(k);
            if used_tls.contains(&(idx, k)) {
                let hosts: Vec<&str> = model
                    .servers
                    .values()
                    .filter(|s| matches!(&s.tls, Tls::Cert { ingress, secret, .. } if *ingress == idx && Some(secret) == t.secret_name.as_ref()))
                    .filter_map(|s| s.host.as_deref())
                    .collect();
                let (status, msg) = match (&t.secret_name, hosts.is_empty()) {
                    (None, _) => (Status::Manual, "tls entry without secretName: ingress-nginx served its default (self-signed) certificate and redirected HTTP to HTTPS; a Gateway HTTPS listener needs a real certificate: add secretName".to_string()),
                    (Some(_), true) => (Status::Ignored, "not used: for each host ingress-nginx takes the first matching tls entry of the oldest Ingress that names the host and has a tls section".to_string()),
                    (Some(s), false) => (Status::Exact, format!("Secret {s} on the HTTPS listener(s) of {}", hosts.join(", "))),
                };
                if t.hosts.is_empty() && status == Status::Exact {
                    rec.at(ing, &field, Status::Approximate, format!("{msg}; the entry lists no hosts, so it was applied to this Ingress's hosts (ingress-nginx matched them against the certificate's names, which gateshift cannot read)"));
                } else {
                    rec.at(ing, &field, status, msg);
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
            rec.at(ing, &FieldPath::parse("spec.tls"), Status::Manual, format!("host {host} has no certificate of its own, but this Ingress has a tls section, so ingress-nginx served {host} with its default (self-signed) certificate and redirected HTTP to HTTPS. The conversion keeps the redirect but can write no HTTPS listener without a certificate, so https://{host} has no listener and its paths are unreachable until you add a tls entry with a secretName for {host}"));
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
            rec.at(ing, &FieldPath::parse("spec.tls"), Status::Manual, format!("Secret {namespace}/{secret} is not in the input: ingress-nginx would serve its default certificate; the Gateway listener reports InvalidCertificateRef until it exists"));
        }
    }
}

/// `*.example.com` covers `a.example.com` (one label, as ingress-nginx's server names and SNI do).
pub(crate) fn wildcard_covers(pattern: &str, host: &str) -> bool {
    match (pattern.strip_prefix("*."), host.split_once('.')) {
        (Some(suffix), Some((label, rest))) => !label.is_empty() && rest == suffix,
        _ => false,
    }
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
                    rec.at(ing, &field, Status::Exact, "serves the paths no rule matches on this Ingress's hosts (a PathPrefix / rule), as ingress-nginx does for the oldest Ingress of each host");
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
            .push(Location {
                path: "/".into(),
                kind: PathKind::Prefix,
                target,
                ingress: owner,
                https_redirect: false,
            });
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
            if l.kind != PathKind::Prefix
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
            extra.push(Location {
                path: bare.to_string(),
                kind: PathKind::Exact,
                target: Target::TrailingSlash(l.path.clone()),
                ingress: l.ingress,
                https_redirect: false,
            });
        }
        server.locations.extend(extra);
    }
}

/// ingress-nginx redirects plain HTTP to HTTPS per location: `force-ssl-redirect`, or `ssl-redirect`
/// (default true) when the host has a certificate; never for ACME challenge locations, and nginx's own
/// trailing-slash 301 comes first.
fn mark_https_redirects(model: &mut ClassModel, annotations: &[IngressAnnotations]) {
    for server in model.servers.values_mut() {
        let has_tls = server.has_tls();
        for l in &mut server.locations {
            let a = &annotations[l.ingress];
            l.https_redirect = !matches!(l.target, Target::TrailingSlash(_))
                && !l.path.starts_with(ACME_CHALLENGE_PREFIX)
                && (a.force_ssl_redirect || (a.ssl_redirect && has_tls));
        }
        // Deterministic order, the one ingress-nginx writes locations in: path descending.
        server
            .locations
            .sort_by(|a, b| b.path.cmp(&a.path).then(a.kind.cmp(&b.kind)));
    }
}

impl ClassModel {
    /// The part of the model served by Ingresses of namespace `ns` (for one Gateway per namespace).
    pub(crate) fn only_namespace(&self, input: &Input<'_>, ns: &str) -> ClassModel {
        let in_ns = |i: usize| input.ingresses[i].r.namespace == ns;
        let mut servers = BTreeMap::new();
        for (host, s) in &self.servers {
            let locations: Vec<Location> = s.locations.iter().filter(|l| in_ns(l.ingress)).cloned().collect();
            let Some(owner) = locations.iter().map(|l| l.ingress).min() else {
                continue;
            };
            servers.insert(
                host.clone(),
                Server {
                    host: s.host.clone(),
                    owner,
                    locations,
                    tls: s.tls.clone(),
                },
            );
        }
        ClassModel {
            servers,
            ingresses: self.ingresses.iter().copied().filter(|&i| in_ns(i)).collect(),
        }
    }
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
    fn gateway_path_rules() {
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
