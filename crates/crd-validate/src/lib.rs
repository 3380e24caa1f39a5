//! Says whether a Kubernetes API server with the official Gateway API CRDs installed would accept an object.
//!
//! This crate is deliberately independent of every other gateshift crate: it reads the upstream CRD YAML, compiles
//! each served version's `openAPIV3Schema` with `jsonschema` and its `x-kubernetes-validations` with `kube-cel`, and
//! checks objects the way the API server does on create:
//!
//! 1. the group/version/kind must be served by an installed CRD;
//! 2. `metadata` (name, namespace, labels, annotations) follows the API server's `ObjectMeta` rules;
//! 3. unknown fields are pruned (not an error; [`Validator::unknown_fields`] lists them) and schema defaults applied;
//! 4. the structural schema (types, enums, patterns, lengths, bounds, required, formats, `oneOf`…) holds;
//! 5. the CEL rules hold, within a cost bound (a rule that would nest comprehensions over more than the API
//!    server's per-call limit of iterations is a violation, "CEL cost limit exceeded", see `cost.rs`);
//! 6. `x-kubernetes-list-type: map` keys and `set` items are unique.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

mod cost;
#[cfg(feature = "test-support")]
mod test_support;
#[cfg(feature = "test-support")]
pub use test_support::{GATEWAY_API_DIR_ENV, gateway_api_dir, require_gateway_api_dir};

/// Why [`Validator::load`] failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not valid YAML.
    #[error("{path}: {message}")]
    Yaml {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// A CustomResourceDefinition lacks a field this validator needs.
    #[error("{origin}: invalid CustomResourceDefinition: {message}")]
    InvalidCrd {
        /// Where the CRD is: its file, or `file:line:column` of its document.
        origin: String,
        /// What is missing or malformed.
        message: String,
    },
    /// An `openAPIV3Schema` could not be compiled as a JSON Schema.
    #[error("{origin}: {group}/{version} {kind}: schema does not compile: {message}")]
    Schema {
        /// Where the CRD is.
        origin: String,
        /// API group.
        group: String,
        /// API version.
        version: String,
        /// Kind.
        kind: String,
        /// The compiler's message.
        message: String,
    },
    /// A CEL rule could not be compiled (the validator fails closed rather than skip it).
    #[error("{origin}: {group}/{version} {kind}: CEL rule does not compile: {message}")]
    Cel {
        /// Where the CRD is.
        origin: String,
        /// API group.
        group: String,
        /// API version.
        version: String,
        /// Kind.
        kind: String,
        /// The compiler's message.
        message: String,
    },
    /// The directory (or the documents) hold no CustomResourceDefinition.
    #[error("{0}: no CustomResourceDefinition found")]
    NoCrds(String),
}

/// One reason the API server would reject an object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// Kubernetes-style field path, e.g. `spec.rules[0].matches[0].path`; empty for the whole object.
    pub path: String,
    /// The message, worded like the API server's where practical.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// One served version of one CRD.
struct KindSchema {
    /// The `openAPIV3Schema` as written in the CRD.
    raw: Value,
    json: jsonschema::Validator,
    cel: kube_cel::CompiledSchema,
    /// CEL rule expression → its `message` (or `messageExpression`), for evaluation errors.
    rule_messages: BTreeMap<String, String>,
    namespaced: bool,
}

/// Validates objects against a set of CRDs; build once with [`Validator::load`] and share.
pub struct Validator {
    /// Keyed by (group, version, kind).
    kinds: BTreeMap<(String, String, String), KindSchema>,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validator")
            .field("kinds", &self.kinds.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Parses a YAML stream of one or more documents into JSON values (null documents are skipped), with a parser
/// budget raised in proportion to the input size (serde-saphyr's default stops at 1,024 documents).
///
/// # Errors
///
/// The parser's error, when the input is not YAML.
pub fn parse_yaml_documents(text: &str) -> Result<Vec<Value>, serde_saphyr::Error> {
    let n = text.len();
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_documents: 1_024 + n / 16,
            max_events: 1_000_000 + n * 2,
            max_nodes: 250_000 + n,
        },
    };
    serde_saphyr::from_str_multiple_with_options::<Value, Vec<Value>>(text, options)
}

impl Validator {
    /// Reads every `*.yaml`/`*.yml` CustomResourceDefinition in `crd_dir` (other documents, such as the
    /// ValidatingAdmissionPolicy of the standard channel, are skipped) and compiles every served version.
    ///
    /// # Errors
    ///
    /// When a file cannot be read or parsed, a CRD is malformed, a schema or CEL rule does not compile, or the
    /// directory holds no CRD.
    pub fn load(crd_dir: &Path) -> Result<Validator, Error> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(crd_dir).map_err(io(crd_dir))? {
            let path = entry.map_err(io(crd_dir))?.path();
            let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
            if is_yaml && path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        let mut kinds = BTreeMap::new();
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(io(&path))?;
            let docs = parse_yaml_documents(&text).map_err(|e| Error::Yaml {
                path: path.clone(),
                message: e.to_string(),
            })?;
            for doc in docs {
                if doc.get("kind").and_then(Value::as_str) != Some("CustomResourceDefinition") {
                    continue;
                }
                load_crd(&path.display().to_string(), &doc, &mut kinds)?;
            }
        }
        if kinds.is_empty() {
            return Err(Error::NoCrds(crd_dir.display().to_string()));
        }
        Ok(Validator { kinds })
    }

    /// Compiles the CustomResourceDefinitions among already parsed documents, each given with where it comes
    /// from (`file:line:column`, used in errors); other kinds are skipped. `gateshift check --crds` reads its
    /// files with gateshift's own manifest reader (same limits and positions as `-f`, and no error that
    /// repeats source lines, which could hold a Secret), then hands the documents here.
    ///
    /// # Errors
    ///
    /// When a CRD is malformed or a schema or CEL rule does not compile ([`Error::NoCrds`] names `what` when
    /// none of the documents is a CRD).
    pub fn from_documents(
        documents: impl IntoIterator<Item = (String, Value)>,
        what: &str,
    ) -> Result<Validator, Error> {
        let mut kinds = BTreeMap::new();
        for (origin, doc) in documents {
            if doc.get("kind").and_then(Value::as_str) == Some("CustomResourceDefinition") {
                load_crd(&origin, &doc, &mut kinds)?;
            }
        }
        if kinds.is_empty() {
            return Err(Error::NoCrds(what.to_owned()));
        }
        Ok(Validator { kinds })
    }

    /// The (group, version, kind) triples this validator knows: every served version of every loaded CRD.
    pub fn kinds(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.kinds
            .keys()
            .map(|(g, v, k)| (g.as_str(), v.as_str(), k.as_str()))
    }

    /// Whether the object's `apiVersion` and `kind` are served by a loaded CRD.
    #[must_use]
    pub fn knows(&self, obj: &Value) -> bool {
        self.lookup(obj).is_ok()
    }

    fn lookup(&self, obj: &Value) -> Result<&KindSchema, Violation> {
        let api_version = obj.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        self.kinds
            .get(&(group.to_owned(), version.to_owned(), kind.to_owned()))
            .ok_or_else(|| Violation {
                path: String::new(),
                message: format!(
                    "no matches for kind \"{kind}\" in version \"{api_version}\" (not a served version of an \
                     installed CRD)"
                ),
            })
    }

    /// Every reason the API server would reject `obj` on create; empty when it would accept it.
    #[must_use]
    pub fn validate(&self, obj: &Value) -> Vec<Violation> {
        let schema = match self.lookup(obj) {
            Ok(schema) => schema,
            Err(violation) => return vec![violation],
        };
        let mut out = Vec::new();
        validate_metadata(obj.get("metadata"), schema.namespaced, &mut out);

        let mut unknown = Vec::new();
        let pruned = prune_root(&schema.raw, obj, &mut unknown);
        let object = kube_cel::apply_defaults(&schema.raw, &pruned);

        for error in schema.json.iter_errors(&object) {
            out.push(schema_violation(&schema.raw, &error));
        }
        if let Some((path, message)) = cost::first_over_limit(&schema.cel, &object) {
            out.push(Violation { path, message });
        } else if let Err(errors) = kube_cel::validate_compiled(&schema.cel, &object, None) {
            for error in errors.iter() {
                let message = match error.kind {
                    // The API server words these `<error> evaluating rule: <rule message>`.
                    kube_cel::ErrorKind::ValidationFailure => error.message.clone(),
                    _ => {
                        let rule = schema.rule_messages.get(&error.rule).unwrap_or(&error.rule);
                        format!("{} evaluating rule: {rule}", error.message)
                    }
                };
                out.push(Violation {
                    path: error.field_path.clone(),
                    message,
                });
            }
        }
        check_lists(&schema.raw, &object, String::new(), &mut out);

        out.sort();
        out.dedup();
        out
    }

    /// Paths of the fields the API server would prune from `obj` as unknown (e.g. `spec.futureField`),
    /// including unknown `metadata` fields. Empty for an unknown kind.
    #[must_use]
    pub fn unknown_fields(&self, obj: &Value) -> Vec<String> {
        let Ok(schema) = self.lookup(obj) else {
            return Vec::new();
        };
        let mut unknown = Vec::new();
        let _ = prune_root(&schema.raw, obj, &mut unknown);
        unknown.sort();
        unknown
    }
}

fn load_crd(
    origin: &str,
    doc: &Value,
    kinds: &mut BTreeMap<(String, String, String), KindSchema>,
) -> Result<(), Error> {
    let bad = |message: &str| Error::InvalidCrd {
        origin: origin.to_owned(),
        message: message.to_owned(),
    };
    let spec = doc.get("spec").ok_or_else(|| bad("no spec"))?;
    let group = spec
        .get("group")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("no spec.group"))?;
    let kind = spec
        .pointer("/names/kind")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("no spec.names.kind"))?;
    let namespaced = spec.get("scope").and_then(Value::as_str) != Some("Cluster");
    let versions = spec
        .get("versions")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("no spec.versions"))?;
    for version in versions {
        if version.get("served").and_then(Value::as_bool) != Some(true) {
            continue;
        }
        let name = version
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("a version without name"))?;
        let raw = version
            .pointer("/schema/openAPIV3Schema")
            .ok_or_else(|| bad("a served version without schema.openAPIV3Schema"))?
            .clone();
        let json = build_json_schema(&raw).map_err(|message| Error::Schema {
            origin: origin.to_owned(),
            group: group.to_owned(),
            version: name.to_owned(),
            kind: kind.to_owned(),
            message,
        })?;
        let cel = kube_cel::compile_schema(&raw);
        let mut cel_errors = Vec::new();
        collect_cel_errors(&cel, &mut cel_errors);
        if !cel_errors.is_empty() {
            return Err(Error::Cel {
                origin: origin.to_owned(),
                group: group.to_owned(),
                version: name.to_owned(),
                kind: kind.to_owned(),
                message: cel_errors.join("; "),
            });
        }
        let mut rule_messages = BTreeMap::new();
        collect_rule_messages(&raw, &mut rule_messages);
        kinds.insert(
            (group.to_owned(), name.to_owned(), kind.to_owned()),
            KindSchema {
                raw,
                json,
                cel,
                rule_messages,
                namespaced,
            },
        );
    }
    Ok(())
}

fn collect_rule_messages(schema: &Value, out: &mut BTreeMap<String, String>) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Array(rules)) = map.get("x-kubernetes-validations") {
                for rule in rules {
                    let expr = rule.get("rule").and_then(Value::as_str);
                    let message = rule
                        .get("message")
                        .or_else(|| rule.get("messageExpression"))
                        .and_then(Value::as_str);
                    if let (Some(expr), Some(message)) = (expr, message) {
                        out.entry(expr.to_owned()).or_insert_with(|| message.to_owned());
                    }
                }
            }
            map.values().for_each(|v| collect_rule_messages(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_rule_messages(v, out)),
        _ => {}
    }
}

fn collect_cel_errors(schema: &kube_cel::CompiledSchema, out: &mut Vec<String>) {
    out.extend(schema.compilation_errors().iter().map(|e| e.to_string()));
    let children = schema
        .properties
        .values()
        .chain(schema.items.as_deref())
        .chain(schema.additional_properties.as_deref())
        .chain(&schema.all_of)
        .chain(&schema.one_of)
        .chain(&schema.any_of);
    for child in children {
        collect_cel_errors(child, out);
    }
}

// ── JSON Schema from a structural OpenAPI v3 schema ─────────────────────────────────────────────────────────────

/// Formats the API server checks (its strfmt registry) that also mean the same in `jsonschema`; the Gateway API
/// CRDs use `date-time`, `ipv4`, `ipv6` on strings, and `int32`/`int64` on integers (not checked by the server).
const CHECKED_FORMATS: &[&str] = &["date-time", "ipv4", "ipv6"];

fn build_json_schema(raw: &Value) -> Result<jsonschema::Validator, String> {
    let converted = to_json_schema(raw);
    let regex = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(&converted);
    match regex {
        Ok(validator) => Ok(validator),
        // Go's RE2 and Rust's `regex` agree on the syntax the CRDs use; fall back for anything else.
        Err(_) => jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&converted)
            .map_err(|e| e.to_string()),
    }
}

/// OpenAPI v3 structural schema → Draft 4 JSON Schema: `nullable` becomes a `null` type, `x-kubernetes-*`,
/// `description`, `default` and formats the server does not check are dropped. `additionalProperties` stays absent
/// (unknown fields are pruned by the server, not rejected).
fn to_json_schema(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        match key.as_str() {
            k if k.starts_with("x-kubernetes-") => {}
            "description" | "default" | "nullable" | "example" | "externalDocs" | "$schema" | "id" => {}
            "format" => {
                if value.as_str().is_some_and(|f| CHECKED_FORMATS.contains(&f)) {
                    out.insert(key.clone(), value.clone());
                }
            }
            "properties" | "patternProperties" | "definitions" => {
                let props = value
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), to_json_schema(v)))
                            .collect::<Map<_, _>>()
                    })
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Object(props));
            }
            "items" | "additionalProperties" | "not" | "additionalItems" => {
                out.insert(key.clone(), to_json_schema(value));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let branches = value
                    .as_array()
                    .map(|a| a.iter().map(to_json_schema).collect())
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Array(branches));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    if map.get("nullable").and_then(Value::as_bool) == Some(true) {
        if let Some(Value::String(t)) = out.get("type").cloned() {
            out.insert("type".into(), serde_json::json!([t, "null"]));
        }
        if let Some(Value::Array(values)) = out.get_mut("enum")
            && !values.contains(&Value::Null)
        {
            values.push(Value::Null);
        }
    }
    Value::Object(out)
}

/// Turns a `jsonschema` error into a violation with a Kubernetes-style path and message.
fn schema_violation(raw: &Value, error: &jsonschema::ValidationError<'_>) -> Violation {
    use jsonschema::error::ValidationErrorKind as K;
    let mut path = k8s_path(raw, error.instance_path());
    let instance: &Value = error.instance();
    let value = render_value(instance);
    let message = match error.kind() {
        K::Required { property } => {
            let property = property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_owned);
            path = join(&path, &property);
            "Required value".to_owned()
        }
        K::MaxItems { limit } => format!(
            "Too many: {}: must have at most {limit} items",
            instance.as_array().map_or(0, Vec::len)
        ),
        K::MinItems { limit } => {
            format!("Invalid value: {value}: {path} in body should have at least {limit} items")
        }
        K::MaxProperties { limit } => format!(
            "Too many: {}: must have at most {limit} items",
            instance.as_object().map_or(0, Map::len)
        ),
        K::MaxLength { limit } => format!("Too long: may not be more than {limit} bytes"),
        K::MinLength { limit } => {
            format!("Invalid value: {value}: {path} in body should be at least {limit} chars long")
        }
        K::Pattern { pattern } => format!("Invalid value: {value}: {path} in body should match '{pattern}'"),
        K::Enum { options } => {
            let supported = options
                .as_array()
                .map(|a| a.iter().map(render_value).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            format!("Unsupported value: {value}: supported values: {supported}")
        }
        K::Maximum { limit } => {
            format!("Invalid value: {value}: {path} in body should be less than or equal to {limit}")
        }
        K::Minimum { limit } => {
            format!("Invalid value: {value}: {path} in body should be greater than or equal to {limit}")
        }
        K::Format { format } => {
            format!("Invalid value: {value}: {path} in body must be of type {format}: {value}")
        }
        K::Type { kind } => {
            let expected = match kind {
                jsonschema::error::TypeKind::Single(t) => t.to_string(),
                jsonschema::error::TypeKind::Multiple(ts) => {
                    ts.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" or ")
                }
            };
            format!(
                "Invalid value: \"{}\": {path} in body must be of type {expected}: {value}",
                json_type(instance)
            )
        }
        K::OneOfNotValid { context } | K::AnyOf { context } => {
            let which = if matches!(error.kind(), K::AnyOf { .. }) {
                "anyOf"
            } else {
                "oneOf"
            };
            let details: Vec<String> = context
                .iter()
                .flatten()
                .map(|e| schema_violation(raw, e).to_string())
                .collect();
            format!(
                "Invalid value: {value}: must validate at least one schema ({which}): {}",
                details.join("; ")
            )
        }
        K::OneOfMultipleValid { .. } => {
            format!(
                "Invalid value: {value}: must validate one and only one schema (oneOf), but validates several"
            )
        }
        _ => format!("Invalid value: {value}: {error}"),
    };
    Violation { path, message }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn render_value(value: &Value) -> String {
    match value {
        Value::Object(_) => "\"object\"".to_owned(),
        Value::Array(_) => "\"array\"".to_owned(),
        other => other.to_string(),
    }
}

fn join(base: &str, field: &str) -> String {
    if base.is_empty() {
        field.to_owned()
    } else {
        format!("{base}.{field}")
    }
}

/// A JSON pointer → `spec.rules[0].filters[1].type`; map keys (under `additionalProperties`) become `[key]`.
fn k8s_path(raw: &Value, location: &jsonschema::paths::Location) -> String {
    let mut out = String::new();
    let mut schema = Some(raw);
    for segment in location.iter() {
        match segment {
            jsonschema::paths::LocationSegment::Index(i) => {
                let _ = write!(out, "[{i}]");
                schema = schema.and_then(|s| s.get("items"));
            }
            jsonschema::paths::LocationSegment::Property(name) => {
                let field = schema
                    .and_then(|s| s.get("properties"))
                    .and_then(|p| p.get(name.as_ref()));
                if let Some(field) = field {
                    out = join(&out, &name);
                    schema = Some(field);
                } else {
                    let _ = write!(out, "[{name}]");
                    schema = schema.and_then(|s| s.get("additionalProperties"));
                }
            }
        }
    }
    out
}

// ── Pruning (unknown fields) ───────────────────────────────────────────────────────────────────────────────────

/// The fields of `ObjectMeta`: anything else under `metadata` is dropped by the API server.
const OBJECT_META_FIELDS: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

fn prune_root(schema: &Value, obj: &Value, unknown: &mut Vec<String>) -> Value {
    let Value::Object(map) = obj else {
        return obj.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        match key.as_str() {
            "apiVersion" | "kind" => {
                out.insert(key.clone(), value.clone());
            }
            "metadata" => {
                let meta = match value {
                    Value::Object(meta) => Value::Object(
                        meta.iter()
                            .filter(|(k, _)| {
                                let known = OBJECT_META_FIELDS.contains(&k.as_str());
                                if !known {
                                    unknown.push(format!("metadata.{k}"));
                                }
                                known
                            })
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    ),
                    other => other.clone(),
                };
                out.insert(key.clone(), meta);
            }
            _ => match schema.get("properties").and_then(|p| p.get(key)) {
                Some(field) => {
                    out.insert(key.clone(), prune(field, value, key, unknown));
                }
                None => unknown.push(key.clone()),
            },
        }
    }
    Value::Object(out)
}

fn prune(schema: &Value, value: &Value, path: &str, unknown: &mut Vec<String>) -> Value {
    if schema
        .get("x-kubernetes-preserve-unknown-fields")
        .and_then(Value::as_bool)
        == Some(true)
    {
        return value.clone();
    }
    match value {
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            let additional = schema.get("additionalProperties");
            let mut out = Map::new();
            for (key, child) in map {
                if let Some(field) = properties.and_then(|p| p.get(key)) {
                    out.insert(key.clone(), prune(field, child, &join(path, key), unknown));
                } else {
                    match additional {
                        Some(Value::Bool(true)) => {
                            out.insert(key.clone(), child.clone());
                        }
                        Some(s @ Value::Object(_)) => {
                            out.insert(key.clone(), prune(s, child, &format!("{path}[{key}]"), unknown));
                        }
                        _ => unknown.push(join(path, key)),
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => match schema.get("items") {
            Some(item_schema) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| prune(item_schema, item, &format!("{path}[{i}]"), unknown))
                    .collect(),
            ),
            None => value.clone(),
        },
        _ => value.clone(),
    }
}

// ── List types ─────────────────────────────────────────────────────────────────────────────────────────────────

/// `x-kubernetes-list-type: map` key uniqueness and `set` item uniqueness, recursively.
fn check_lists(schema: &Value, value: &Value, path: String, out: &mut Vec<Violation>) {
    match value {
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            let additional = schema.get("additionalProperties").filter(|a| a.is_object());
            for (key, child) in map {
                if path.is_empty() && key == "metadata" {
                    continue;
                }
                if let Some(field) = properties.and_then(|p| p.get(key)) {
                    check_lists(field, child, join(&path, key), out);
                } else if let Some(field) = additional {
                    check_lists(field, child, format!("{path}[{key}]"), out);
                }
            }
        }
        Value::Array(items) => {
            match schema.get("x-kubernetes-list-type").and_then(Value::as_str) {
                Some("map") => {
                    let keys: Vec<&str> = schema
                        .get("x-kubernetes-list-map-keys")
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    let mut seen = BTreeSet::new();
                    for (i, item) in items.iter().enumerate() {
                        let key: Map<String, Value> = keys
                            .iter()
                            .filter_map(|k| item.get(*k).map(|v| ((*k).to_owned(), v.clone())))
                            .collect();
                        let rendered = Value::Object(key).to_string();
                        if !seen.insert(rendered.clone()) {
                            out.push(Violation {
                                path: format!("{path}[{i}]"),
                                message: format!("Duplicate value: {rendered}"),
                            });
                        }
                    }
                }
                Some("set") => {
                    let mut seen = BTreeSet::new();
                    for (i, item) in items.iter().enumerate() {
                        let rendered = item.to_string();
                        if !seen.insert(rendered.clone()) {
                            out.push(Violation {
                                path: format!("{path}[{i}]"),
                                message: format!("Duplicate value: {rendered}"),
                            });
                        }
                    }
                }
                _ => {}
            }
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check_lists(item_schema, item, format!("{path}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

// ── metadata (ObjectMeta rules of the API server, by hand) ─────────────────────────────────────────────────────

const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric \
     characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used \
     for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \
     '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for \
     validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_NAME_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start \
     and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation \
     is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' \
     or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', \
     regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;

fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(is_dns1123_label)
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, at most 63 characters.
fn is_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
}

fn qualified_name_errors(key: &str) -> Vec<String> {
    let (prefix, name) = match key.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    let mut errors = Vec::new();
    if name.contains('/') {
        errors.push(
            "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS \
             subdomain prefix and '/' (e.g. 'example.com/MyName')"
                .to_owned(),
        );
        return errors;
    }
    if name.is_empty() {
        errors.push("name part must be non-empty".to_owned());
    } else if name.len() > 63 {
        errors.push("name part must be no more than 63 characters".to_owned());
    } else if !is_qualified_name_part(name) {
        errors.push(QUALIFIED_NAME_MSG.to_owned());
    }
    if let Some(prefix) = prefix {
        if prefix.is_empty() {
            errors.push("prefix part must be non-empty".to_owned());
        } else if !is_dns1123_subdomain(prefix) {
            errors.push(format!("prefix part {DNS1123_SUBDOMAIN_MSG}"));
        }
    }
    errors
}

fn validate_metadata(meta: Option<&Value>, namespaced: bool, out: &mut Vec<Violation>) {
    let mut push = |path: &str, message: String| {
        out.push(Violation {
            path: path.to_owned(),
            message,
        });
    };
    let Some(meta) = meta else {
        push(
            "metadata.name",
            "Required value: name or generateName is required".into(),
        );
        return;
    };
    let Some(meta) = meta.as_object() else {
        push("metadata", "Invalid value: metadata must be an object".into());
        return;
    };
    let string_field = |field: &str| meta.get(field).and_then(Value::as_str).filter(|s| !s.is_empty());
    for field in ["name", "generateName", "namespace"] {
        if let Some(v) = meta.get(field).filter(|v| !v.is_string() && !v.is_null()) {
            push(
                &format!("metadata.{field}"),
                format!("Invalid value: {}: must be a string", render_value(v)),
            );
        }
    }
    match (string_field("name"), string_field("generateName")) {
        (None, None) => push(
            "metadata.name",
            "Required value: name or generateName is required".into(),
        ),
        (Some(name), _) => {
            if name.len() > 253 {
                push(
                    "metadata.name",
                    format!("Invalid value: {name:?}: must be no more than 253 characters"),
                );
            } else if !is_dns1123_subdomain(name) {
                push(
                    "metadata.name",
                    format!("Invalid value: {name:?}: {DNS1123_SUBDOMAIN_MSG}"),
                );
            }
        }
        (None, Some(prefix)) => {
            // The server appends 5 random characters; validate the prefix as if it were a name.
            let candidate = format!("{}a", prefix.trim_end_matches('-'));
            if prefix.len() > 253 || !is_dns1123_subdomain(&candidate) {
                push(
                    "metadata.generateName",
                    format!("Invalid value: {prefix:?}: {DNS1123_SUBDOMAIN_MSG}"),
                );
            }
        }
    }
    if namespaced
        && let Some(ns) = string_field("namespace")
        && !is_dns1123_label(ns)
    {
        push(
            "metadata.namespace",
            format!("Invalid value: {ns:?}: {DNS1123_LABEL_MSG}"),
        );
    }
    if let Some(labels) = meta.get("labels").filter(|v| !v.is_null()) {
        match labels.as_object() {
            None => push(
                "metadata.labels",
                "Invalid value: must be a map of strings".into(),
            ),
            Some(labels) => {
                for (key, value) in labels {
                    for error in qualified_name_errors(key) {
                        push("metadata.labels", format!("Invalid value: {key:?}: {error}"));
                    }
                    let Some(value) = value.as_str() else {
                        push(
                            &format!("metadata.labels[{key}]"),
                            format!("Invalid value: {}: must be a string", render_value(value)),
                        );
                        continue;
                    };
                    if value.len() > 63 {
                        push(
                            "metadata.labels",
                            format!("Invalid value: {value:?}: must be no more than 63 characters"),
                        );
                    } else if !value.is_empty() && !is_qualified_name_part(value) {
                        push(
                            "metadata.labels",
                            format!("Invalid value: {value:?}: {LABEL_VALUE_MSG}"),
                        );
                    }
                }
            }
        }
    }
    if let Some(annotations) = meta.get("annotations").filter(|v| !v.is_null()) {
        match annotations.as_object() {
            None => push(
                "metadata.annotations",
                "Invalid value: must be a map of strings".into(),
            ),
            Some(annotations) => {
                let mut total = 0usize;
                for (key, value) in annotations {
                    for error in qualified_name_errors(&key.to_lowercase()) {
                        push("metadata.annotations", format!("Invalid value: {key:?}: {error}"));
                    }
                    match value.as_str() {
                        Some(value) => total += key.len() + value.len(),
                        None => push(
                            &format!("metadata.annotations[{key}]"),
                            format!("Invalid value: {}: must be a string", render_value(value)),
                        ),
                    }
                }
                if total > TOTAL_ANNOTATION_SIZE_LIMIT {
                    push(
                        "metadata.annotations",
                        format!("Too long: must have at most {TOTAL_ANNOTATION_SIZE_LIMIT} bytes"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualified_names() {
        assert!(qualified_name_errors("gateshift.io/source").is_empty());
        assert!(qualified_name_errors("app").is_empty());
        assert!(!qualified_name_errors("-app").is_empty());
        assert!(!qualified_name_errors("Foo.io/app").is_empty());
        assert!(!qualified_name_errors("a/b/c").is_empty());
        assert!(!qualified_name_errors("/app").is_empty());
    }

    #[test]
    fn dns_names() {
        assert!(is_dns1123_subdomain("foo.bar-1"));
        assert!(!is_dns1123_subdomain("Foo"));
        assert!(!is_dns1123_subdomain("foo..bar"));
        assert!(!is_dns1123_subdomain(&"a".repeat(254)));
        assert!(is_dns1123_label("a1-b"));
        assert!(!is_dns1123_label("a.b"));
    }

    #[test]
    fn nullable_becomes_null_type() {
        let s =
            to_json_schema(&serde_json::json!({"type": "string", "nullable": true, "x-kubernetes-foo": 1}));
        assert_eq!(s, serde_json::json!({"type": ["string", "null"]}));
    }
}
