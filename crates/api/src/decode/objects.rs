//! What the API server checks on an Ingress and a Service beyond their shape
//! (`pkg/apis/networking/validation`, `pkg/apis/core/validation`), with its messages, at the field as written:
//! a host with a port, an IP, upper case or a trailing dot, a port 0 or 65536 cannot exist in a cluster, so
//! such an object is refused before anything uses it.
//!
//! The first problem is reported (`file:line:column: field: message`), as every decoding error is.

use std::collections::BTreeSet;

use gateshift_manifest::{Document, FieldPath};

use super::{Error, error};
use crate::{
    core::Service,
    networking::{HTTPIngressPath, Ingress, IngressBackend, IngressVersion, PathType},
    validation,
};

type Checked = Result<(), Error>;

/// `Invalid value: "<value>": <messages>`, the API server's `field.Invalid` for a string.
fn invalid_str(doc: &Document, path: FieldPath, value: &str, problems: &[String]) -> Checked {
    if problems.is_empty() {
        return Ok(());
    }
    let shown = value.escape_debug().to_string();
    Err(error(
        doc,
        path,
        &format!("Invalid value: \"{shown}\": {}", problems.join(", ")),
    ))
}

/// `field.Invalid` for a number.
fn invalid_num(doc: &Document, path: FieldPath, value: i64, problems: &[String]) -> Checked {
    if problems.is_empty() {
        return Ok(());
    }
    Err(error(
        doc,
        path,
        &format!("Invalid value: {value}: {}", problems.join(", ")),
    ))
}

/// Validates an Ingress as `ValidateIngressSpec` does (the v1beta1 shapes were lifted into the v1 model; every
/// position names the field as written).
pub(super) fn ingress(doc: &Document, ingress: &Ingress) -> Checked {
    let v1 = ingress.version == IngressVersion::V1;
    let spec = FieldPath::root().field("spec");
    if let Some(b) = &ingress.spec.default_backend {
        backend(
            doc,
            &spec.field(if v1 { "defaultBackend" } else { "backend" }),
            b,
            v1,
        )?;
    }
    for (i, rule) in ingress.spec.rules.iter().enumerate() {
        let rp = spec.field("rules").index(i);
        if let Some(host) = rule.host.as_deref().filter(|h| !h.is_empty()) {
            invalid_str(doc, rp.field("host"), host, &validation::ingress_host(host, true))?;
        }
        let Some(http) = &rule.http else { continue };
        for (j, p) in http.paths.iter().enumerate() {
            path(doc, &rp.field("http").field("paths").index(j), p, v1)?;
        }
    }
    for (i, tls) in ingress.spec.tls.iter().enumerate() {
        let tp = spec.field("tls").index(i);
        for (j, host) in tls.hosts.iter().enumerate() {
            invalid_str(
                doc,
                tp.field("hosts").index(j),
                host,
                &validation::ingress_host(host, false),
            )?;
        }
        if let Some(secret) = tls.secret_name.as_deref().filter(|s| !s.is_empty()) {
            invalid_str(
                doc,
                tp.field("secretName"),
                secret,
                &validation::dns1123_subdomain(secret),
            )?;
        }
    }
    if let Some(class) = &ingress.spec.ingress_class_name {
        invalid_str(
            doc,
            spec.field("ingressClassName"),
            class,
            &validation::dns1123_subdomain(class),
        )?;
    }
    Ok(())
}

/// `validateHTTPIngressPath`. In v1beta1 an absent `pathType` is defaulted to `ImplementationSpecific`.
fn path(doc: &Document, pp: &FieldPath, p: &HTTPIngressPath, v1: bool) -> Checked {
    let value = p.path.as_deref().unwrap_or_default();
    let absolute = || {
        invalid_str(
            doc,
            pp.field("path"),
            value,
            &["must be an absolute path".to_string()],
        )
    };
    match &p.path_type {
        None if v1 => {
            return Err(error(
                doc,
                pp.field("pathType"),
                "Required value: pathType must be specified",
            ));
        }
        None | Some(PathType::ImplementationSpecific) => {
            if !value.is_empty() && !value.starts_with('/') {
                absolute()?;
            }
        }
        Some(PathType::Exact | PathType::Prefix) => {
            if !value.starts_with('/') {
                absolute()?;
            }
            let mut problems: Vec<String> = ["//", "/./", "/../", "%2f", "%2F"]
                .iter()
                .filter(|seq| value.contains(*seq))
                .map(|seq| format!("must not contain '{seq}'"))
                .collect();
            problems.extend(
                ["/..", "/."]
                    .iter()
                    .filter(|suffix| value.ends_with(*suffix))
                    .map(|suffix| format!("cannot end with '{suffix}'")),
            );
            invalid_str(doc, pp.field("path"), value, &problems)?;
        }
        Some(other) => {
            return Err(error(
                doc,
                pp.field("pathType"),
                &format!(
                    "Unsupported value: \"{}\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"",
                    other.as_str().escape_debug()
                ),
            ));
        }
    }
    backend(doc, &pp.field("backend"), &p.backend, v1)
}

/// `validateIngressBackend`.
fn backend(doc: &Document, bp: &FieldPath, b: &IngressBackend, v1: bool) -> Checked {
    let service = match (&b.service, &b.resource) {
        (Some(_), Some(_)) => {
            return Err(error(
                doc,
                bp.clone(),
                "Invalid value: \"\": cannot set both resource and service backends",
            ));
        }
        (None, Some(_)) => return Ok(()),
        (None, None) => {
            return Err(error(
                doc,
                bp.clone(),
                "Invalid value: \"\": resource or service backend is required",
            ));
        }
        (Some(service), None) => service,
    };
    let (name_path, number_path, port_name_path) = if v1 {
        let sp = bp.field("service");
        (
            sp.field("name"),
            sp.field("port").field("number"),
            sp.field("port").field("name"),
        )
    } else {
        (
            bp.field("serviceName"),
            bp.field("servicePort"),
            bp.field("servicePort"),
        )
    };
    if service.name.is_empty() {
        return Err(error(doc, name_path, "Required value"));
    }
    invalid_str(
        doc,
        name_path,
        &service.name,
        &validation::dns1035_label(&service.name),
    )?;
    let port = service.port.clone().unwrap_or_default();
    let name = port.name.as_deref().filter(|n| !n.is_empty());
    match (name, port.number) {
        (Some(_), Some(_)) => Err(error(
            doc,
            bp.field("service").field("port"),
            "Invalid value: \"\": cannot set both port name & port number",
        )),
        (Some(name), None) => invalid_str(doc, port_name_path, name, &validation::port_name(name)),
        (None, Some(number)) => invalid_num(
            doc,
            number_path,
            i64::from(number),
            &validation::port_number(i64::from(number)),
        ),
        (None, None) => Err(error(
            doc,
            if v1 {
                bp.field("service").field("port")
            } else {
                bp.clone()
            },
            "Required value: port name or number is required",
        )),
    }
}

/// `ValidateService`, the parts that matter to routing: the name is a DNS-1035 label; each port has a valid
/// number, a DNS-1123 label as its name (required and unique when there are several), and a `targetPort` that
/// is a valid number or port name (0 and "" are defaulted to `port` by the API server).
pub(super) fn service(doc: &Document, service: &Service) -> Checked {
    let name = &service.metadata.name;
    if !name.is_empty() {
        invalid_str(
            doc,
            FieldPath::root().field("metadata").field("name"),
            name,
            &validation::dns1035_label(name),
        )?;
    }
    let ports = FieldPath::root().field("spec").field("ports");
    let mut names = BTreeSet::new();
    for (i, p) in service.spec.ports.iter().enumerate() {
        let pp = ports.index(i);
        match p.name.as_deref().filter(|n| !n.is_empty()) {
            None if service.spec.ports.len() > 1 => {
                return Err(error(doc, pp.field("name"), "Required value"));
            }
            None => {}
            Some(n) => {
                invalid_str(doc, pp.field("name"), n, &validation::dns1123_label(n))?;
                if !names.insert(n) {
                    return Err(error(
                        doc,
                        pp.field("name"),
                        &format!("Duplicate value: \"{}\"", n.escape_debug()),
                    ));
                }
            }
        }
        invalid_num(
            doc,
            pp.field("port"),
            i64::from(p.port),
            &validation::port_number(i64::from(p.port)),
        )?;
        match &p.target_port {
            None => {}
            Some(crate::networking::IntOrString::Int(0)) => {}
            Some(crate::networking::IntOrString::Int(n)) => invalid_num(
                doc,
                pp.field("targetPort"),
                i64::from(*n),
                &validation::port_number(i64::from(*n)),
            )?,
            Some(crate::networking::IntOrString::String(s)) if s.is_empty() => {}
            Some(crate::networking::IntOrString::String(s)) => {
                invalid_str(doc, pp.field("targetPort"), s, &validation::port_name(s))?;
            }
        }
    }
    Ok(())
}
