//! ingress-nginx annotations: the few this version acts on, and the accounting of every other one.
//!
//! Every annotation of every converted Ingress gets a report line. Annotations that change routing but are
//! not converted yet are `manual`, so the exit code tells the user there is work left; nothing vanishes.

use std::collections::BTreeMap;

use gateshift_manifest::FieldPath;

use crate::{
    input::Src,
    report::{Recorder, Status},
};
use gateshift_api::networking::{Ingress, LEGACY_CLASS_ANNOTATION};

/// The prefix of every ingress-nginx annotation.
pub(crate) const NGINX_PREFIX: &str = "nginx.ingress.kubernetes.io/";

/// The settings read from one Ingress's annotations.
#[derive(Debug, Clone)]
pub(crate) struct IngressAnnotations {
    /// `ssl-redirect` (default true): redirect HTTP to HTTPS when the host has a certificate.
    pub ssl_redirect: bool,
    /// `force-ssl-redirect` (default false): redirect even without a certificate.
    pub force_ssl_redirect: bool,
    /// `canary: "true"`: the Ingress is an alternative backend, never a server or location of its own.
    pub canary: bool,
    /// Why ingress-nginx refuses the whole Ingress, if it does.
    pub refused: Option<String>,
}

impl Default for IngressAnnotations {
    fn default() -> Self {
        IngressAnnotations {
            ssl_redirect: true,
            force_ssl_redirect: false,
            canary: false,
            refused: None,
        }
    }
}

/// Snippet annotations are risk Critical, above ingress-nginx's default `annotations-risk-level` (High): an
/// Ingress carrying one is refused as a whole (annotations.go Extract).
const SNIPPETS: &[&str] = &[
    "configuration-snippet",
    "server-snippet",
    "auth-snippet",
    "modsecurity-snippet",
    "stream-snippet",
];

/// Security controls: dropping one exposes a service more than before.
fn is_security_control(name: &str) -> bool {
    name.starts_with("auth-")
        || name.starts_with("limit-")
        || matches!(
            name,
            "whitelist-source-range"
                | "allowlist-source-range"
                | "denylist-source-range"
                | "satisfy"
                | "enable-modsecurity"
                | "enable-owasp-core-rules"
        )
}

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

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim() {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Reads the annotations of a selected Ingress and records a report line for each one.
pub(crate) fn read(ing: &Src<'_, Ingress>, rec: &mut Recorder) -> IngressAnnotations {
    let mut out = IngressAnnotations::default();
    let annotations: &BTreeMap<String, String> = &ing.obj.metadata.annotations;
    for (key, value) in annotations {
        let field = FieldPath::root().field("metadata").field("annotations").key(key);
        let mut add = |status: Status, message: String| rec.at(ing, &field, status, message);
        let Some(name) = key.strip_prefix(NGINX_PREFIX) else {
            if key == LEGACY_CLASS_ANNOTATION && ing.obj.spec.ingress_class_name.is_some() {
                add(Status::Ignored, "spec.ingressClassName is set, and ingress-nginx reads it before this annotation (the API server refuses to create an Ingress with both)".to_string());
            } else if key == LEGACY_CLASS_ANNOTATION {
                add(
                    Status::Exact,
                    format!("ingress class {value:?}: selects the Gateway this Ingress's routes attach to"),
                );
            } else if let Some((_, why)) = NOT_ROUTING.iter().find(|(k, _)| k == key) {
                add(Status::Ignored, (*why).to_string());
            } else {
                add(Status::Ignored, "not an ingress-nginx annotation: ingress-nginx does not read it, and it is not carried over to the generated objects; if another controller (cert-manager, external-dns, ...) reads it, configure that controller for the Gateway".to_string());
            }
            continue;
        };
        match name {
            "ssl-redirect" | "force-ssl-redirect" => match parse_bool(value) {
                Some(b) => {
                    if name == "ssl-redirect" {
                        out.ssl_redirect = b;
                    } else {
                        out.force_ssl_redirect = b;
                    }
                    add(
                        Status::Exact,
                        format!(
                            "{name}={b}: plain-HTTP requests of this Ingress's paths {} redirected to HTTPS (308) by the HTTP listener's route",
                            if b { "are" } else { "are not" }
                        ),
                    );
                }
                None => add(
                    Status::Ignored,
                    format!("{value:?} is not a boolean: ingress-nginx falls back to the default"),
                ),
            },
            "canary" => {
                out.canary = parse_bool(value) == Some(true);
                if out.canary {
                    add(Status::Manual, "canary Ingress: not converted yet (canary support is planned); ingress-nginx merged it into the main Ingress's backend. Until then, add its Service to the main rule's backendRefs with the weight you need".to_string());
                } else {
                    add(
                        Status::Ignored,
                        "canary is not \"true\": ingress-nginx treats this as a normal Ingress".to_string(),
                    );
                }
            }
            _ if SNIPPETS.contains(&name) => {
                let why = format!(
                    "{name} is risk Critical, above ingress-nginx's default annotations-risk-level (High), so ingress-nginx refuses the whole Ingress and it routes nothing; the conversion leaves it out too. If your controller ran with annotations-risk-level: Critical, remove the snippet and convert again, then reproduce it with your implementation's policies"
                );
                out.refused = Some(why.clone());
                add(Status::Refused, why);
            }
            _ if is_security_control(name) => add(
                Status::Manual,
                format!(
                    "security control {name} ({value:?}) is not converted yet: the generated routes serve this Ingress's hosts and paths WITHOUT it, so they are more exposed than before. Reproduce it with your Gateway implementation's security policy before you switch traffic"
                ),
            ),
            _ => add(
                Status::Manual,
                format!(
                    "ingress-nginx annotation {name} is not converted yet: its effect ({value:?}) is not in the generated objects; reproduce it with your Gateway implementation's filters or policies"
                ),
            ),
        }
    }
    out
}
