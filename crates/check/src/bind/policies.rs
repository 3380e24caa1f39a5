//! BackendTLSPolicies: precedence among policies on one target, their CA certificate references, and the
//! Gateways on which an accepted route sends traffic to a targeted Service (the policy's ancestors).

use std::collections::{BTreeMap, BTreeSet};

use gateshift_api::gateway::{BackendTLSPolicy, ConditionStatus};
use gateshift_manifest::FieldPath;

use super::routes::RouteView;
use super::state::{Src, Verdict, World, bad, ok};
use crate::finding::{Finding, ObjectRef, Severity, codes};
use crate::reasons::reason;

/// What was decided for one BackendTLSPolicy.
pub(crate) struct PolicyDecision<'a> {
    pub(crate) idx: usize,
    pub(crate) src: Src<'a>,
    pub(crate) accepted: Verdict,
    pub(crate) resolved: Verdict,
    /// The Gateways (indexes) on which an accepted route uses a targeted Service.
    pub(crate) gateways: BTreeSet<usize>,
}

/// What BackendTLSPolicy status needs from the rest of binding.
pub(crate) struct PolicyContext<'r, 'a> {
    /// Routes, in precedence order.
    pub(crate) routes: &'r [RouteView<'a>],
    /// Per route (same order): the Gateways it is accepted on.
    pub(crate) route_gws: &'r [BTreeSet<usize>],
    pub(crate) world: &'r World<'a>,
}

/// One caCertificateRef, resolved.
enum CaRef {
    Valid,
    /// Offline cannot tell: the message says why.
    Unknown(String),
    /// Not usable: reason and message.
    Invalid(&'static str, String),
}

impl PolicyContext<'_, '_> {
    /// The Gateways (indexes into `gws`) on which an accepted route sends traffic to the target, and, when the
    /// target's `sectionName` names no port of a Service in the input, why it matches nothing.
    fn ancestors(
        &self,
        ns: &str,
        group: &str,
        kind: &str,
        name: &str,
        section: Option<&str>,
    ) -> (BTreeSet<usize>, Option<String>) {
        // A sectionName of a Service is a port name: the backendRefs name the port by number.
        let mut port: Option<i32> = None;
        let mut problem = None;
        if let (Some(sec), true, Some(services)) = (
            section,
            group.is_empty() && kind == "Service",
            &self.world.services,
        ) && let Some(svc) = services.get(&(ns, name))
        {
            port = svc
                .spec
                .ports
                .iter()
                .find(|p| p.name.as_deref() == Some(sec))
                .map(|p| p.port);
            if port.is_none() {
                problem = Some(format!(
                    "Service {ns}/{name} has no port named {sec} (ports: {})",
                    svc.spec
                        .ports
                        .iter()
                        .map(|p| p.name.as_deref().unwrap_or("<unnamed>"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        let mut out = BTreeSet::new();
        if problem.is_some() {
            return (out, problem);
        }
        for (ri, route) in self.routes.iter().enumerate() {
            if self.route_gws[ri].is_empty() {
                continue;
            }
            let uses = route.backends.iter().any(|b| {
                let r = b.r;
                r.namespace_or(route.src.ns()) == ns
                    && r.group_or_default() == group
                    && r.kind_or_default() == kind
                    && r.name == name
                    && port.is_none_or(|p| r.port == Some(p))
            });
            if uses {
                out.extend(self.route_gws[ri].iter().copied());
            }
        }
        (out, None)
    }

    fn ca_ref(&self, ns: &str, group: &str, kind: &str, name: &str) -> CaRef {
        match (group, kind) {
            ("", "ConfigMap") => match &self.world.configmaps {
                None => CaRef::Unknown(format!(
                    "ConfigMap {ns}/{name}: ConfigMaps are not in the input, the CA certificate cannot be checked offline"
                )),
                Some(cms) => match cms.get(&(ns, name)) {
                    None => CaRef::Invalid(
                        reason::INVALID_CA_CERTIFICATE_REF,
                        format!("ConfigMap {ns}/{name} does not exist"),
                    ),
                    Some(cm) => match cm.data.get("ca.crt") {
                        None => CaRef::Invalid(
                            reason::INVALID_CA_CERTIFICATE_REF,
                            format!("ConfigMap {ns}/{name} has no key ca.crt"),
                        ),
                        Some(pem) if !pem.contains("-----BEGIN CERTIFICATE-----") => CaRef::Invalid(
                            reason::INVALID_CA_CERTIFICATE_REF,
                            format!("ConfigMap {ns}/{name}: ca.crt holds no PEM certificate"),
                        ),
                        Some(_) => CaRef::Valid,
                    },
                },
            },
            ("", "Secret") => CaRef::Unknown(format!(
                "Secret {ns}/{name}: a CA certificate in a Secret is implementation-specific (a ConfigMap with ca.crt is core); whether your implementation reads it cannot be known offline"
            )),
            _ => CaRef::Invalid(
                reason::INVALID_KIND,
                format!(
                    "{}{kind} {name}: unsupported kind for a CA certificate (core support is a ConfigMap with ca.crt)",
                    if group.is_empty() {
                        String::new()
                    } else {
                        format!("{group}/")
                    }
                ),
            ),
        }
    }
}

/// BackendTLSPolicy status (GEP-1897, `apis/v1/backendtlspolicy_types.go`): one ancestor entry per Gateway on
/// which an accepted route uses a targeted Service, with `Accepted` (`Conflicted` for a policy that loses to an
/// older one on the same target and section, `NoValidCACertificate` when every CA reference is invalid) and
/// `ResolvedRefs` (`InvalidCACertificateRef`, `InvalidKind`; Unknown/`Pending` what offline cannot know).
pub(crate) fn backend_tls_policies<'a>(
    mut policies: Vec<(usize, Src<'a>, &'a BackendTLSPolicy)>,
    ctx: &PolicyContext<'_, 'a>,
    findings: &mut Vec<Finding>,
) -> Vec<PolicyDecision<'a>> {
    policies.sort_by_key(|(_, src, _)| src.precedence());
    // (namespace, group, kind, name, sectionName) -> the policy with precedence on it.
    let mut owners: BTreeMap<(String, String, String, String, Option<String>), ObjectRef> = BTreeMap::new();
    let mut configmaps_noted = false;
    let mut out = Vec::new();
    for (i, src, p) in policies {
        let ns = src.ns().to_string();
        let targets_path = FieldPath::root().field("spec").field("targetRefs");
        // Conflicts: a later policy on the same target and section loses (GEP-713 precedence).
        let mut conflict: Option<(usize, ObjectRef)> = None;
        for (k, t) in p.spec.target_refs.iter().enumerate() {
            let key = (
                ns.clone(),
                t.group.clone(),
                t.kind.clone(),
                t.name.clone(),
                t.section_name.clone(),
            );
            match owners.get(&key) {
                Some(winner) if *winner != src.obj => {
                    conflict.get_or_insert((k, winner.clone()));
                }
                Some(_) => {}
                None => {
                    owners.insert(key, src.obj.clone());
                }
            }
        }
        let accepted_conflict = conflict.map(|(k, winner)| {
            let t = &p.spec.target_refs[k];
            let msg = format!(
                "{winner} targets {} {}{} too and takes precedence (older, or first by namespace/name)",
                t.kind,
                t.name,
                t.section_name
                    .as_deref()
                    .map(|s| format!(" section {s}"))
                    .unwrap_or_default()
            );
            findings.push(src.finding(
                codes::POLICY_CONFLICTED,
                Severity::Error,
                &targets_path.clone().index(k),
                msg.clone(),
                "merge the two policies, or target different Services or sectionNames",
            ));
            bad(reason::CONFLICTED, msg)
        });

        // CA certificate references.
        let refs_path = FieldPath::parse("spec.validation.caCertificateRefs");
        let refs = &p.spec.validation.ca_certificate_refs;
        let mut invalid: Vec<(&'static str, String)> = Vec::new();
        let mut unknown: Vec<String> = Vec::new();
        for (k, r) in refs.iter().enumerate() {
            let path = refs_path.clone().index(k);
            match ctx.ca_ref(&ns, &r.group, &r.kind, &r.name) {
                CaRef::Valid => {}
                CaRef::Unknown(msg) => {
                    if r.kind == "Secret" {
                        findings.push(src.finding(
                            codes::CA_CERTIFICATE_SECRET,
                            Severity::Info,
                            &path,
                            msg.clone(),
                            "check that your implementation reads CA certificates from Secrets, or use a ConfigMap with key ca.crt (core)",
                        ));
                    } else if !configmaps_noted {
                        configmaps_noted = true;
                        findings.push(src.finding(
                            codes::CONFIGMAPS_UNKNOWN,
                            Severity::Info,
                            &path,
                            "ConfigMaps are not in the input: CA certificates are assumed usable (ResolvedRefs Unknown)",
                            "add the CA ConfigMaps (kubectl get configmap -n NAMESPACE NAME -o yaml) to check them",
                        ));
                    }
                    unknown.push(msg);
                }
                CaRef::Invalid(r, msg) => {
                    let (code, fix) = if r == reason::INVALID_KIND {
                        (
                            codes::CA_CERTIFICATE_REF_KIND,
                            "reference a ConfigMap (group \"\", kind ConfigMap) with the CA in key ca.crt",
                        )
                    } else {
                        (
                            codes::INVALID_CA_CERTIFICATE_REF,
                            "create the ConfigMap in the policy's namespace with the PEM CA bundle in key ca.crt",
                        )
                    };
                    findings.push(src.finding(code, Severity::Error, &path, msg.clone(), fix));
                    invalid.push((r, msg));
                }
            }
        }
        let resolved: Verdict = if let Some((r, _)) = invalid.first() {
            bad(
                r,
                invalid
                    .iter()
                    .map(|(_, m)| m.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        } else if !unknown.is_empty() {
            (ConditionStatus::Unknown, reason::PENDING, unknown.join("; "))
        } else {
            ok(reason::RESOLVED_REFS, "resolved")
        };
        let accepted: Verdict = match accepted_conflict {
            Some(c) => c,
            None if !refs.is_empty() && invalid.len() == refs.len() => bad(
                reason::NO_VALID_CA_CERTIFICATE,
                "no caCertificateRef is valid".to_string(),
            ),
            None => ok(reason::ACCEPTED, "accepted"),
        };

        // Ancestors: the Gateways whose accepted routes use a targeted Service (port).
        let mut gws: BTreeSet<usize> = BTreeSet::new();
        let mut problems = Vec::new();
        for (k, t) in p.spec.target_refs.iter().enumerate() {
            let (found, problem) = ctx.ancestors(&ns, &t.group, &t.kind, &t.name, t.section_name.as_deref());
            if let Some(why) = problem {
                problems.push((k, why));
            }
            gws.extend(found);
        }
        if gws.is_empty() {
            let (field, why) = match problems.first() {
                Some((k, why)) => (targets_path.clone().index(*k), format!(": {why}")),
                None => (targets_path.clone(), String::new()),
            };
            findings.push(src.finding(
                codes::POLICY_UNUSED,
                Severity::Warning,
                &field,
                format!(
                    "the policy applies to no Gateway: no accepted route of a Gateway in the input sends traffic to a targeted Service{why}"
                ),
                "target the Service (and port name) that routes use as a backend",
            ));
        }
        out.push(PolicyDecision {
            idx: i,
            src,
            accepted,
            resolved,
            gateways: gws,
        });
    }
    out
}
