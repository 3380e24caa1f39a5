//! Verifying a conversion: the input's Ingresses against the objects generated from them, one Gateway at a time
//! (each is its own entry point), merged into one [`Verification`].
//!
//! Which Ingresses each Gateway stands in for is the converter's decision (class selection, topology); it comes
//! in as plain data ([`ConvertedGateway`]), so this crate stays independent of `gateshift-convert`.

use std::collections::BTreeSet;

use gateshift_api::{
    GatewayObject, Object, Sourced,
    gateway::{Gateway, ListenerSet, ParentReference},
    meta::ObjectRef,
};

use gateshift_router::GatewayRouter;

use crate::{Error, Model, Router, SideOptions, Verification};

/// A Gateway a conversion wrote and the Ingresses it stands in for: the before side of verifying that Gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertedGateway {
    /// The Gateway (`kind` is `Gateway`).
    pub gateway: ObjectRef,
    /// The Ingresses ingress-nginx would serve that it stands in for.
    pub ingresses: Vec<ObjectRef>,
}

/// Compares `input` (the Ingresses, as ingress-nginx routes them, with the Services and Secrets they use) with
/// `converted` (the generated objects, read back as a user would apply them), once per Gateway in `gateways`:
/// the before side is the Ingresses that Gateway stands in for, the after side what is routed through it. The
/// results are merged into one verification; with several Gateways each group names its Gateway. With no
/// Gateway there is nothing to compare and the result holds no probe.
pub fn verify_conversion(
    input: &[Sourced],
    converted: &[Sourced],
    gateways: &[ConvertedGateway],
) -> Result<Verification, Error> {
    // The generated objects hold no Services or Secrets: the after side knows the input's, as the cluster will.
    let input_refs: Vec<&Sourced> = input.iter().collect();
    let converted_refs: Vec<&Sourced> = converted.iter().collect();
    let after = crate::with_cluster_objects(&converted_refs, &input_refs);
    // Every Gateway's after side is the same objects: bind them once and compile each Gateway from that
    // binding (the Gateway API model; generated objects always hold a Gateway when there is one to verify).
    let after_binding = (!gateways.is_empty() && Model::default_for(after.iter().copied()) == Model::Gateway)
        .then(|| gateshift_check::binding(&after, &gateshift_check::Options::default()));
    let mut parts = Vec::with_capacity(gateways.len());
    for g in gateways {
        // The before side routes exactly the Ingresses ingress-nginx would serve that this Gateway stands in
        // for (class selection and the topology are convert's).
        let served: BTreeSet<(&str, &str)> = g
            .ingresses
            .iter()
            .map(|r| (r.namespace.as_str(), r.name.as_str()))
            .collect();
        let before: Vec<&Sourced> = input
            .iter()
            .filter(|s| match &s.object {
                Object::Ingress(i) => {
                    served.contains(&(i.metadata.namespace_or_default(), i.metadata.name.as_str()))
                }
                _ => true,
            })
            .collect();
        let gateway = (g.gateway.namespace.clone(), g.gateway.name.clone());
        let options = SideOptions {
            gateway: Some(gateway.clone()),
            ingress_classes: Vec::new(),
        };
        let b = crate::router_for("before", &before, &options)?;
        let a: Box<dyn Router> = match &after_binding {
            Some(binding) => Box::new(
                GatewayRouter::from_binding(&after, binding, &options.gateway_options())
                    .map_err(|source| Error::router("after", source))?,
            ),
            None => crate::router_for("after", &after, &options)?,
        };
        let probes = crate::probes(&[&before, &routed_through(&after, &gateway)]);
        parts.push((gateway, crate::verify(b.as_ref(), a.as_ref(), &probes)));
    }
    Ok(merge_verifications(parts))
}

/// The generated objects that bring requests to Gateway `gw`: the Gateway, the ListenerSets attached to it and
/// the routes (of every kind) attached to either. Probes come from these (and the before side), so each Gateway
/// is not probed with every other Gateway's hosts.
fn routed_through<'a>(objects: &[&'a Sourced], gw: &(String, String)) -> Vec<&'a Sourced> {
    let is_gw = |ns: &str, name: &str| (ns, name) == (gw.0.as_str(), gw.1.as_str());
    let listener_sets: BTreeSet<(&str, &str)> = objects
        .iter()
        .filter_map(|s| match &s.object {
            Object::Gateway(g) => match g.as_ref() {
                GatewayObject::ListenerSet(ls) => {
                    let ns = ls.metadata.namespace_or_default();
                    let parent = &ls.spec.parent_ref;
                    is_gw(parent.namespace.as_deref().unwrap_or(ns), &parent.name)
                        .then_some((ns, ls.metadata.name.as_str()))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    let attached = |ns: &str, refs: &[ParentReference]| {
        refs.iter().any(|p| {
            let (kind, pns) = (p.kind_or_default(), p.namespace_or(ns));
            if kind == Gateway::KIND {
                is_gw(pns, &p.name)
            } else if kind == ListenerSet::KIND {
                listener_sets.contains(&(pns, p.name.as_str()))
            } else {
                false
            }
        })
    };
    objects
        .iter()
        .copied()
        .filter(|s| match &s.object {
            Object::Gateway(g) => {
                let ns = g.metadata().namespace_or_default();
                match g.as_ref() {
                    GatewayObject::Gateway(x) => is_gw(ns, &x.metadata.name),
                    GatewayObject::ListenerSet(x) => listener_sets.contains(&(ns, x.metadata.name.as_str())),
                    other => other.as_route().is_none_or(|r| attached(ns, r.parent_refs())),
                }
            }
            _ => true,
        })
        .collect()
}

/// One verification from one per Gateway: counts add up, groups keep their order by size, and with several
/// Gateways each group's after side starts with the Gateway it was routed through.
fn merge_verifications(parts: Vec<((String, String), Verification)>) -> Verification {
    let several = parts.len() > 1;
    let mut after_models: Vec<String> = Vec::new();
    let mut merged = Verification {
        before_model: String::new(),
        after_model: String::new(),
        probes: 0,
        differing: 0,
        equivalent: true,
        causes: Vec::new(),
        groups: Vec::new(),
    };
    for ((ns, name), v) in parts {
        if merged.before_model.is_empty() {
            merged.before_model = v.before_model;
        }
        if !after_models.contains(&v.after_model) {
            after_models.push(v.after_model);
        }
        merged.probes += v.probes;
        merged.differing += v.differing;
        merged.equivalent &= v.equivalent;
        merged.groups.extend(v.groups.into_iter().map(|mut g| {
            if several {
                g.after_source = format!("Gateway {ns}/{name}: {}", g.after_source);
                g.gateway = Some(format!("{ns}/{name}"));
            }
            g
        }));
    }
    merged.after_model = after_models.join(", ");
    // Largest first; Gateway order, then each Gateway's own order, breaks ties (the sort is stable).
    merged.groups.sort_by_key(|g| std::cmp::Reverse(g.count));
    merged.causes = crate::causes(&merged.groups);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Group;

    fn group(after_source: &str, count: usize) -> Group {
        Group {
            cause: "backend".into(),
            summary: String::new(),
            before_source: "-".into(),
            after_source: after_source.into(),
            before_item: None,
            after_item: None,
            before_landing: None,
            gateway: None,
            count,
            examples: Vec::new(),
            witnesses: Vec::new(),
        }
    }

    fn verification(after_model: &str, probes: usize, groups: Vec<Group>) -> Verification {
        Verification {
            before_model: "ingress-nginx".into(),
            after_model: after_model.into(),
            probes,
            differing: groups.iter().map(|g| g.count).sum(),
            equivalent: groups.is_empty(),
            causes: crate::causes(&groups),
            groups,
        }
    }

    #[test]
    fn one_gateway_is_its_own_verification() {
        let merged = merge_verifications(vec![(
            ("gateway-system".into(), "nginx".into()),
            verification("gateway gateway-system/nginx", 10, vec![group("HTTPRoute a", 2)]),
        )]);
        assert_eq!(merged.after_model, "gateway gateway-system/nginx");
        assert_eq!(
            (merged.probes, merged.differing, merged.equivalent),
            (10, 2, false)
        );
        assert_eq!(merged.groups[0].after_source, "HTTPRoute a");
    }

    #[test]
    fn several_gateways_add_up_and_name_their_gateway() {
        let merged = merge_verifications(vec![
            (
                ("a".into(), "nginx".into()),
                verification(
                    "gateway a/nginx",
                    10,
                    vec![group("HTTPRoute x", 1), group("HTTPRoute y", 1)],
                ),
            ),
            (
                ("b".into(), "nginx".into()),
                verification("gateway b/nginx", 5, vec![group("HTTPRoute z", 3)]),
            ),
            (
                ("c".into(), "nginx".into()),
                verification("gateway a/nginx", 1, Vec::new()),
            ),
        ]);
        assert_eq!(merged.before_model, "ingress-nginx");
        assert_eq!(merged.after_model, "gateway a/nginx, gateway b/nginx");
        assert_eq!(
            (merged.probes, merged.differing, merged.equivalent),
            (16, 5, false)
        );
        let sources: Vec<&str> = merged.groups.iter().map(|g| g.after_source.as_str()).collect();
        assert_eq!(
            sources,
            [
                "Gateway b/nginx: HTTPRoute z",
                "Gateway a/nginx: HTTPRoute x",
                "Gateway a/nginx: HTTPRoute y"
            ]
        );
    }

    #[test]
    fn no_gateway_compares_nothing() {
        let v = verify_conversion(&[], &[], &[]).unwrap();
        assert_eq!((v.probes, v.differing, v.equivalent), (0, 0, true));
        assert!(v.groups.is_empty());
    }
}
