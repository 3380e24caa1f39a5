//! From a read [`Document`] to a typed [`Object`], with every error pointing at `file:line:column`.

use std::{collections::BTreeMap, fmt, sync::Arc};

use gateshift_manifest::{Document, FieldPath, NodeKind, Position, Segment};
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::Value;

mod objects;

use crate::{
    core::{ConfigMap, Namespace, Secret, Service},
    meta::ObjectMeta,
    networking::{Ingress, IngressClass, IngressSpec, IngressVersion, LegacyIngressSpec},
};

/// A decoded object and the document it was read from (for positions in findings).
#[derive(Debug, Clone)]
pub struct Sourced {
    /// The typed object.
    pub object: Object,
    /// The document it came from.
    pub doc: Arc<Document>,
}

/// Every kind gateshift understands, and `Other` for the rest (skipped and counted by commands).
#[derive(Debug, Clone)]
pub enum Object {
    /// An Ingress in any served version.
    Ingress(Ingress),
    /// An IngressClass.
    IngressClass(IngressClass),
    /// A Service.
    Service(Service),
    /// A Secret (metadata, type and key names only).
    Secret(Secret),
    /// A Namespace.
    Namespace(Namespace),
    /// A ConfigMap.
    ConfigMap(ConfigMap),
    /// A Deployment or DaemonSet (its containers' command lines: an ingress controller's flags).
    Workload(crate::workload::Workload),
    /// A Gateway API object, kept as its typed form.
    Gateway(Box<crate::gateway_object::GatewayObject>),
    /// A kind gateshift does not use.
    Other {
        /// `apiVersion`.
        api_version: String,
        /// `kind`.
        kind: String,
    },
}

impl Object {
    /// `kind` as written.
    pub fn kind(&self) -> &str {
        match self {
            Object::Ingress(_) => "Ingress",
            Object::IngressClass(_) => "IngressClass",
            Object::Service(_) => "Service",
            Object::Secret(_) => "Secret",
            Object::Namespace(_) => "Namespace",
            Object::ConfigMap(_) => "ConfigMap",
            Object::Workload(w) => &w.kind,
            Object::Gateway(g) => g.kind(),
            Object::Other { kind, .. } => kind,
        }
    }
}

/// A document that is not a valid object of its kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {field}{sep}{message}", sep = if self.field.0.is_empty() { "" } else { ": " })]
pub struct Error {
    /// Where the problem is.
    pub position: Position,
    /// The field at fault (empty for the object itself).
    pub field: FieldPath,
    /// What is wrong.
    pub message: String,
}

/// The API versions the API server serves for each kind gateshift reads. A known kind in another version is
/// an error (a typo there would otherwise make the object vanish from the conversion).
const SERVED: &[(&str, &[&str])] = &[
    (
        "Ingress",
        &[
            "networking.k8s.io/v1",
            "networking.k8s.io/v1beta1",
            "extensions/v1beta1",
        ],
    ),
    (
        "IngressClass",
        &["networking.k8s.io/v1", "networking.k8s.io/v1beta1"],
    ),
    ("Service", &["v1"]),
    ("Secret", &["v1"]),
    ("Namespace", &["v1"]),
    ("ConfigMap", &["v1"]),
    ("Deployment", &["apps/v1"]),
    ("DaemonSet", &["apps/v1"]),
    (
        "GatewayClass",
        &[
            "gateway.networking.k8s.io/v1",
            "gateway.networking.k8s.io/v1beta1",
        ],
    ),
    (
        "Gateway",
        &[
            "gateway.networking.k8s.io/v1",
            "gateway.networking.k8s.io/v1beta1",
        ],
    ),
    (
        "HTTPRoute",
        &[
            "gateway.networking.k8s.io/v1",
            "gateway.networking.k8s.io/v1beta1",
        ],
    ),
    ("GRPCRoute", &["gateway.networking.k8s.io/v1"]),
    (
        "TLSRoute",
        &[
            "gateway.networking.k8s.io/v1",
            "gateway.networking.k8s.io/v1alpha2",
        ],
    ),
    (
        "TCPRoute",
        &[
            "gateway.networking.k8s.io/v1",
            "gateway.networking.k8s.io/v1alpha2",
        ],
    ),
    (
        "UDPRoute",
        &[
            "gateway.networking.k8s.io/v1",
            "gateway.networking.k8s.io/v1alpha2",
        ],
    ),
    ("ListenerSet", &["gateway.networking.k8s.io/v1"]),
    (
        "ReferenceGrant",
        &[
            "gateway.networking.k8s.io/v1",
            "gateway.networking.k8s.io/v1beta1",
        ],
    ),
    ("BackendTLSPolicy", &["gateway.networking.k8s.io/v1"]),
];

/// Decodes one document into its typed object.
pub fn decode(doc: Arc<Document>) -> Result<Sourced, Error> {
    let object = decode_object(&doc)?;
    Ok(Sourced { object, doc })
}

fn decode_object(doc: &Document) -> Result<Object, Error> {
    let (api_version, kind) = doc.type_meta();
    let (Some(api_version), Some(kind)) = (api_version, kind) else {
        return Err(error(
            doc,
            FieldPath::root(),
            "not a Kubernetes object: apiVersion and kind are required",
        ));
    };
    let Some((_, versions)) = SERVED.iter().find(|(k, _)| *k == kind) else {
        if let Some(known) = misspelled_kind(api_version, kind) {
            return Err(error(
                doc,
                FieldPath::root().field("kind"),
                &format!(
                    "unknown kind \"{}\" for {}; did you mean {known}?",
                    kind.escape_debug(),
                    api_version.escape_debug()
                ),
            ));
        }
        return Ok(Object::Other {
            api_version: api_version.to_string(),
            kind: kind.to_string(),
        });
    };
    if !versions.contains(&api_version) {
        return Err(error(
            doc,
            FieldPath::root().field("apiVersion"),
            &format!(
                "unknown apiVersion {api_version:?} for kind {kind}; served versions: {}",
                versions.join(", ")
            ),
        ));
    }
    check_string_maps(doc)?;
    check_object_names(doc)?;
    let object = match kind {
        "Ingress" => {
            let ingress = decode_ingress(doc, api_version)?;
            objects::ingress(doc, &ingress)?;
            Object::Ingress(ingress)
        }
        "IngressClass" => Object::IngressClass(typed(doc)?),
        "Service" => {
            let service = typed(doc)?;
            objects::service(doc, &service)?;
            Object::Service(service)
        }
        "Namespace" => Object::Namespace(typed(doc)?),
        "ConfigMap" => Object::ConfigMap(typed(doc)?),
        "Secret" => Object::Secret(decode_secret(doc)?),
        "Deployment" | "DaemonSet" => Object::Workload(decode_workload(doc, kind)?),
        _ => Object::Gateway(Box::new(
            crate::gateway_object::decode(kind, &doc.root).map_err(|e| serde_error(doc, e))?,
        )),
    };
    Ok(object)
}

/// The API group of an `apiVersion` (`""` for the core `v1`).
fn group_of(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(group, _)| group)
}

/// A kind gateshift does not read is skipped, but one a typo away (edit distance at most 2) from a kind it
/// reads, in the same API group, is almost certainly that kind misspelled (`Ingres`, `HTTPRoutes`): skipping
/// it would make the object silently vanish from the conversion. Returns the kind it was meant to be.
fn misspelled_kind(api_version: &str, kind: &str) -> Option<&'static str> {
    let group = group_of(api_version);
    SERVED
        .iter()
        .filter(|(_, versions)| versions.iter().any(|v| group_of(v) == group))
        .map(|(known, _)| (strsim::levenshtein(kind, known), *known))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, known)| known)
}

/// A validation of a name: its problems, none when valid.
type NameRule = fn(&str) -> Vec<String>;

/// The API server refuses a namespace that is not a DNS label and a name that is not a DNS subdomain, so no
/// cluster holds one; reject them here, before a namespace can become a path under `--output-dir`.
fn check_object_names(doc: &Document) -> Result<(), Error> {
    let Some(meta) = doc.root.child(&Segment::Field("metadata".into())) else {
        return Ok(());
    };
    let rules: [(&str, NameRule); 2] = [
        ("namespace", crate::validation::dns1123_label),
        ("name", crate::validation::dns1123_subdomain),
    ];
    for (field, rule) in rules {
        let Some(node) = meta.child(&Segment::Field(field.into())) else {
            continue;
        };
        let path = FieldPath::root().field("metadata").field(field);
        let NodeKind::String(value) = &node.kind else {
            return Err(error(doc, path, "must be a string"));
        };
        let problems = rule(value);
        if !problems.is_empty() {
            let shown = value.escape_debug().to_string();
            return Err(error(
                doc,
                path,
                &format!("Invalid value: \"{shown}\": {}", problems.join(", ")),
            ));
        }
    }
    Ok(())
}

/// `kubectl` refuses `annotations: {a: true}`: values must be strings. Say so at the value, with the fix.
fn check_string_maps(doc: &Document) -> Result<(), Error> {
    let Some(meta) = doc.root.child(&Segment::Field("metadata".into())) else {
        return Err(error(doc, FieldPath::root(), "metadata is required"));
    };
    for map in ["annotations", "labels"] {
        let Some(node) = meta.child(&Segment::Field(map.into())) else {
            continue;
        };
        if let NodeKind::Map(entries) = &node.kind {
            for (key, value) in entries {
                if let (NodeKind::String(k), false) = (&key.kind, matches!(value.kind, NodeKind::String(_))) {
                    let path = FieldPath::root().field("metadata").field(map).key(k);
                    let shown = value.to_json().to_string();
                    return Err(Error {
                        position: doc.position_of(&path),
                        field: path,
                        message: format!(
                            "must be a string, found {shown}; quote it: \"{}\"",
                            shown.trim_matches('"')
                        ),
                    });
                }
            }
        }
    }
    Ok(())
}

fn decode_ingress(doc: &Document, api_version: &str) -> Result<Ingress, Error> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Shape<S> {
        #[allow(dead_code)]
        api_version: String,
        #[allow(dead_code)]
        kind: String,
        metadata: ObjectMeta,
        #[serde(default)]
        spec: Option<S>,
        #[allow(dead_code)]
        #[serde(default)]
        status: Option<Value>,
    }
    let (version, metadata, spec) = if api_version == "networking.k8s.io/v1" {
        let s: Shape<IngressSpec> = typed(doc)?;
        (IngressVersion::V1, s.metadata, s.spec.unwrap_or_default())
    } else {
        let s: Shape<LegacyIngressSpec> = typed(doc)?;
        (
            IngressVersion::V1beta1,
            s.metadata,
            s.spec.map(LegacyIngressSpec::into_v1).unwrap_or_default(),
        )
    };
    if metadata.name.is_empty() {
        return Err(error(doc, FieldPath::parse("metadata.name"), "required"));
    }
    Ok(Ingress {
        api_version: api_version.to_string(),
        version,
        metadata,
        spec,
    })
}

/// Only the pod template's containers are read; every other field is left alone.
fn decode_workload(doc: &Document, kind: &str) -> Result<crate::workload::Workload, Error> {
    #[derive(Deserialize, Default)]
    struct PodSpec {
        #[serde(default)]
        containers: Vec<crate::workload::Container>,
    }
    #[derive(Deserialize, Default)]
    struct Template {
        #[serde(default)]
        spec: Option<PodSpec>,
    }
    #[derive(Deserialize, Default)]
    struct Spec {
        #[serde(default)]
        template: Option<Template>,
    }
    #[derive(Deserialize)]
    struct Shape {
        metadata: ObjectMeta,
        #[serde(default)]
        spec: Option<Spec>,
    }
    let s: Shape = typed(doc)?;
    let containers = s
        .spec
        .and_then(|s| s.template)
        .and_then(|t| t.spec)
        .map(|p| p.containers)
        .unwrap_or_default();
    Ok(crate::workload::Workload {
        kind: kind.to_string(),
        metadata: s.metadata,
        containers,
    })
}

fn decode_secret(doc: &Document) -> Result<Secret, Error> {
    #[derive(Deserialize)]
    struct Shape {
        metadata: ObjectMeta,
        #[serde(default, rename = "type")]
        type_: Option<String>,
        #[serde(default)]
        data: BTreeMap<String, Value>,
        #[serde(default, rename = "stringData")]
        string_data: BTreeMap<String, Value>,
    }
    let s: Shape = typed(doc)?;
    let mut pem_keys: Vec<String> = ["tls.crt", "tls.key"]
        .into_iter()
        .filter(|k| {
            let from_data = s.data.get(*k).and_then(Value::as_str).and_then(base64_decode);
            let from_string = s
                .string_data
                .get(*k)
                .and_then(Value::as_str)
                .map(|v| v.as_bytes().to_vec());
            from_data
                .or(from_string)
                .is_some_and(|bytes| bytes.windows(11).any(|w| w == b"-----BEGIN "))
        })
        .map(String::from)
        .collect();
    pem_keys.sort();
    let mut data_keys: Vec<String> = s.data.into_keys().chain(s.string_data.into_keys()).collect();
    data_keys.sort();
    data_keys.dedup();
    Ok(Secret {
        metadata: s.metadata,
        type_: s.type_,
        data_keys,
        pem_keys,
    })
}

/// Standard base64 (whitespace ignored); `None` when the text is not base64.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Decodes straight from the positioned tree (no intermediate `serde_json::Value`: that copy of every
/// document cost as much as the typed decoding itself).
fn typed<T: DeserializeOwned>(doc: &Document) -> Result<T, Error> {
    serde_path_to_error::deserialize(&doc.root).map_err(|e| serde_error(doc, e))
}

/// Maps a serde error with its path to our positioned error. For an unknown field the position is that of the
/// offending key; for a missing field, the mapping that lacks it; otherwise the value at fault.
fn serde_error(doc: &Document, e: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let mut path = FieldPath::root();
    let mut parent_is_free_map = false;
    for seg in e.path().iter() {
        match seg {
            serde_path_to_error::Segment::Seq { index } => path = path.index(*index),
            serde_path_to_error::Segment::Map { key } => {
                path = if parent_is_free_map {
                    path.key(key)
                } else {
                    path.field(key)
                };
                parent_is_free_map = matches!(
                    key.as_str(),
                    "annotations" | "labels" | "matchLabels" | "data" | "stringData" | "selector"
                );
            }
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    let message = e.inner().to_string();
    let message = strip_serde_position(&message);
    // A Secret's values are never repeated, not even in an error: serde quotes the value it did not expect
    // (`invalid type: string "<tls.key>", expected a map`), so keep only its type.
    let redacted;
    let message = if doc.type_meta().1 == Some("Secret") {
        redacted = without_values(message);
        redacted.as_str()
    } else {
        message
    };
    if let Some(field) = message
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        // serde_path_to_error already ends the path with the unknown key.
        let field_path = match path.0.last() {
            Some(Segment::Field(last)) if last == field => path,
            _ => path.field(field),
        };
        return Error {
            position: doc.key_position_of(&field_path),
            field: field_path,
            message: message.to_string(),
        };
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        // Point at the mapping that lacks the field, but name the field itself.
        return Error {
            position: doc.position_of(&path),
            field: path.field(field),
            message: "required field is missing".to_string(),
        };
    }
    Error {
        position: doc.position_of(&path),
        field: path,
        message: message.to_string(),
    }
}

/// A serde message with the offending value left out: `invalid type: string "…", expected a map` becomes
/// `invalid type: string, expected a map`; `unknown variant `…``, which quotes the value too, keeps only the
/// expected variants.
fn without_values(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some(end) = rest.find(", expected")
        {
            let unexpected = &rest[..end];
            let kind = unexpected
                .find([' ', '\t'])
                .filter(|i| unexpected[*i..].trim_start().starts_with(['"', '`']))
                .map_or(unexpected, |i| &unexpected[..i]);
            return format!("{prefix}{kind}{}", &rest[end..]);
        }
    }
    if message.starts_with("unknown variant ") {
        return match message.find(", expected") {
            Some(end) => format!("unknown variant{}", &message[end..]),
            None => "unknown variant".to_string(),
        };
    }
    message.to_string()
}

/// serde_json appends " at line 1 column 2" for its own input; ours is a Value, so the suffix never applies,
/// but guard anyway so a message never shows two positions.
fn strip_serde_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

pub(crate) fn error(doc: &Document, field: FieldPath, message: &str) -> Error {
    Error {
        position: doc.position_of(&field),
        field,
        message: message.to_string(),
    }
}

impl fmt::Display for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind())
    }
}

#[cfg(test)]
mod tests {
    use super::{misspelled_kind, without_values};

    #[test]
    fn kinds_one_typo_away_are_named() {
        for (api_version, kind, meant) in [
            ("networking.k8s.io/v1", "Ingres", "Ingress"),
            ("networking.k8s.io/v1", "ingress", "Ingress"),
            ("extensions/v1beta1", "Ingresses", "Ingress"),
            ("gateway.networking.k8s.io/v1", "HTTPRoutes", "HTTPRoute"),
            ("gateway.networking.k8s.io/v1", "Gatway", "Gateway"),
            ("v1", "Servce", "Service"),
            ("v1", "Secrets", "Secret"),
            // gateshift reads controller Deployments, so a typo in that kind is worth naming too
            ("apps/v1", "Deployments", "Deployment"),
        ] {
            assert_eq!(misspelled_kind(api_version, kind), Some(meant), "{kind}");
        }
        for (api_version, kind) in [
            ("apps/v1", "StatefulSet"),
            ("v1", "Pod"),
            ("v1", "Endpoints"),
            ("v1", "ServiceAccount"),
            ("networking.k8s.io/v1", "NetworkPolicy"),
            // the right kind in another group is not ours to guess
            ("example.com/v1", "Ingres"),
            ("gateway.networking.x-k8s.io/v1alpha1", "XListenerSet"),
        ] {
            assert_eq!(misspelled_kind(api_version, kind), None, "{kind}");
        }
    }

    #[test]
    fn serde_messages_without_values() {
        assert_eq!(
            without_values("invalid type: string \"LS0tLS1CRUdJTi\", expected a map"),
            "invalid type: string, expected a map"
        );
        assert_eq!(
            without_values("invalid type: integer `42`, expected a string"),
            "invalid type: integer, expected a string"
        );
        assert_eq!(
            without_values("invalid type: sequence, expected a map"),
            "invalid type: sequence, expected a map"
        );
        assert_eq!(
            without_values("unknown variant `s3cr3t`, expected one of `a`, `b`"),
            "unknown variant, expected one of `a`, `b`"
        );
    }
}
