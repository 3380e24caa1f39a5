//! Deployments and DaemonSets, read only for what their containers run: command, args and env. gateshift
//! reads an ingress controller's flags from them (`kubectl get deploy,ds -n ingress-nginx -o yaml`).
//!
//! Decoding is lenient (a pod template has hundreds of fields gateshift never needs); only the fields read
//! here must have their type.

use std::collections::BTreeMap;

use gateshift_manifest::FieldPath;
use serde::Deserialize;

use crate::meta::ObjectMeta;

/// A Deployment or a DaemonSet (`apps/v1`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workload {
    /// `Deployment` or `DaemonSet`.
    pub kind: String,
    /// `metadata`.
    pub metadata: ObjectMeta,
    /// `spec.template.spec.containers`.
    pub containers: Vec<Container>,
}

/// One container of the pod template.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Container {
    /// `name`.
    #[serde(default)]
    pub name: String,
    /// `image`.
    #[serde(default)]
    pub image: Option<String>,
    /// `command` (the entrypoint), unexpanded.
    #[serde(default)]
    pub command: Vec<String>,
    /// `args`, unexpanded.
    #[serde(default)]
    pub args: Vec<String>,
    /// `env`.
    #[serde(default)]
    pub env: Vec<EnvVar>,
}

/// One `env` entry.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct EnvVar {
    /// `name`.
    pub name: String,
    /// `value` (may itself hold `$(VAR)` references to earlier variables).
    #[serde(default)]
    pub value: Option<String>,
    /// `valueFrom`.
    #[serde(default, rename = "valueFrom")]
    pub value_from: Option<EnvVarSource>,
}

/// `env[].valueFrom`: only `fieldRef` can be resolved from the manifest.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct EnvVarSource {
    /// `fieldRef`.
    #[serde(default, rename = "fieldRef")]
    pub field_ref: Option<FieldRef>,
}

/// `fieldRef.fieldPath`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct FieldRef {
    /// `metadata.namespace`, `metadata.name`, `spec.nodeName`, ...
    #[serde(rename = "fieldPath")]
    pub field_path: String,
}

/// One word of a container's command line after expansion, with the field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The expanded value.
    pub value: String,
    /// `spec.template.spec.containers[i].args[j]` (or `command[j]`).
    pub field: FieldPath,
    /// `$(VAR)` references left as written because the manifest cannot tell their value (a pod name, a
    /// ConfigMap key, an undefined variable).
    pub unresolved: Vec<String>,
}

impl Workload {
    /// The field path of container `i`.
    pub fn container_path(i: usize) -> FieldPath {
        FieldPath::parse("spec.template.spec.containers").index(i)
    }

    /// Container `i`'s `command` followed by its `args`, each expanded as the kubelet expands them.
    pub fn command_line(&self, i: usize) -> Vec<Word> {
        let c = &self.containers[i];
        let vars = self.environment(c);
        let base = Self::container_path(i);
        let words = |list: &[String], field: &str| -> Vec<Word> {
            list.iter()
                .enumerate()
                .map(|(j, w)| {
                    let (value, unresolved) = expand(w, &vars);
                    Word {
                        value,
                        field: base.field(field).index(j),
                        unresolved,
                    }
                })
                .collect()
        };
        let mut out = words(&c.command, "command");
        out.extend(words(&c.args, "args"));
        out
    }

    /// The container's variables as the kubelet resolves them: in order, each `value` expanded with the ones
    /// before it; `fieldRef`s the manifest answers (`metadata.namespace`) resolved, the rest unknown.
    fn environment(&self, c: &Container) -> BTreeMap<String, String> {
        let mut vars: BTreeMap<String, String> = BTreeMap::new();
        for e in &c.env {
            let value = match (&e.value, &e.value_from) {
                (Some(v), _) => Some(expand(v, &vars).0),
                (None, Some(from)) => from.field_ref.as_ref().and_then(|f| match f.field_path.as_str() {
                    // The pod runs in the workload's namespace.
                    "metadata.namespace" => Some(self.metadata.namespace_or_default().to_string()),
                    _ => None,
                }),
                (None, None) => Some(String::new()),
            };
            match value {
                Some(v) => {
                    vars.insert(e.name.clone(), v);
                }
                // Unknown: a later `$(NAME)` stays as written, and is reported so.
                None => {
                    vars.remove(&e.name);
                }
            }
        }
        vars
    }
}

/// Kubelet expansion (`third_party/forked/golang/expansion`): `$(NAME)` is replaced by a defined variable's
/// value and kept as written otherwise; `$$` is an escaped `$`. Returns the names left unresolved.
pub fn expand(input: &str, vars: &BTreeMap<String, String>) -> (String, Vec<String>) {
    let mut out = String::with_capacity(input.len());
    let mut unresolved = Vec::new();
    let mut rest = input;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(body) = after.strip_prefix('(')
            && let Some(end) = body.find(')')
        {
            let name = &body[..end];
            match vars.get(name) {
                Some(v) => out.push_str(v),
                None => {
                    out.push_str(&rest[i..i + 3 + end]);
                    unresolved.push(name.to_string());
                }
            }
            rest = &body[end + 1..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    (out, unresolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_follows_the_kubelet() {
        let vars = BTreeMap::from([("POD_NAMESPACE".to_string(), "ingress-nginx".to_string())]);
        assert_eq!(
            expand("--configmap=$(POD_NAMESPACE)/ctrl", &vars),
            ("--configmap=ingress-nginx/ctrl".to_string(), vec![])
        );
        assert_eq!(
            expand("$(POD_NAME) $$(POD_NAMESPACE) $ x $(", &vars),
            (
                "$(POD_NAME) $(POD_NAMESPACE) $ x $(".to_string(),
                vec!["POD_NAME".to_string()]
            )
        );
    }
}
