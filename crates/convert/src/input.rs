//! The objects a conversion reads, indexed, with the ingress-nginx processing order.

use std::{collections::BTreeMap, sync::Arc};

use gateshift_api::meta::ObjectRef;
use gateshift_api::{
    Object, Sourced,
    core::{ConfigMap, Namespace, Secret, Service},
    networking::{Ingress, IngressClass},
    workload::Workload,
};
use gateshift_manifest::Document;

/// An object with where it came from.
#[derive(Debug)]
pub(crate) struct Src<'a, T> {
    pub obj: &'a T,
    pub doc: &'a Arc<Document>,
    pub r: ObjectRef,
}

/// Everything `convert` reads, by kind, with Ingresses in ingress-nginx's order.
#[derive(Debug, Default)]
pub(crate) struct Input<'a> {
    /// Ingresses sorted as ingress-nginx sorts them: oldest first; equal timestamps, greater `ns/name` first.
    pub ingresses: Vec<Src<'a, Ingress>>,
    pub classes: Vec<Src<'a, IngressClass>>,
    pub services: BTreeMap<(String, String), Src<'a, Service>>,
    pub secrets: BTreeMap<(String, String), Src<'a, Secret>>,
    pub namespaces: BTreeMap<String, &'a Namespace>,
    /// ConfigMaps by (namespace, name): `custom-headers` reads its headers from one.
    pub config_maps: BTreeMap<(String, String), &'a ConfigMap>,
    /// ConfigMaps with where they came from, for the controller's keys' report lines.
    pub config_map_docs: BTreeMap<(String, String), Src<'a, ConfigMap>>,
    /// Deployments and DaemonSets: an ingress-nginx controller among them gives its flags.
    pub workloads: Vec<Src<'a, Workload>>,
    pub read: BTreeMap<String, usize>,
    pub skipped: usize,
}

fn obj_ref(kind: &str, namespace: &str, name: &str) -> ObjectRef {
    ObjectRef {
        kind: kind.to_string(),
        namespace: namespace.to_string(),
        name: name.to_string(),
    }
}

impl<'a> Input<'a> {
    pub fn new(objects: &'a [Sourced]) -> Self {
        let mut input = Input::default();
        for s in objects {
            *input.read.entry(s.object.kind().to_string()).or_default() += 1;
            match &s.object {
                Object::Ingress(i) => input.ingresses.push(Src {
                    obj: i,
                    doc: &s.doc,
                    r: obj_ref("Ingress", i.metadata.namespace_or_default(), &i.metadata.name),
                }),
                Object::IngressClass(c) => input.classes.push(Src {
                    obj: c,
                    doc: &s.doc,
                    r: obj_ref("IngressClass", "", &c.metadata.name),
                }),
                Object::Service(svc) => {
                    let ns = svc.metadata.namespace_or_default().to_string();
                    let r = obj_ref("Service", &ns, &svc.metadata.name);
                    input.services.insert(
                        (ns, svc.metadata.name.clone()),
                        Src {
                            obj: svc,
                            doc: &s.doc,
                            r,
                        },
                    );
                }
                Object::Secret(sec) => {
                    let ns = sec.metadata.namespace_or_default().to_string();
                    let r = obj_ref("Secret", &ns, &sec.metadata.name);
                    input.secrets.insert(
                        (ns, sec.metadata.name.clone()),
                        Src {
                            obj: sec,
                            doc: &s.doc,
                            r,
                        },
                    );
                }
                Object::Namespace(n) => {
                    input.namespaces.insert(n.metadata.name.clone(), n);
                }
                Object::ConfigMap(c) => {
                    let ns = c.metadata.namespace_or_default().to_string();
                    input.config_maps.insert((ns.clone(), c.metadata.name.clone()), c);
                    let r = obj_ref("ConfigMap", &ns, &c.metadata.name);
                    input.config_map_docs.insert(
                        (ns, c.metadata.name.clone()),
                        Src {
                            obj: c,
                            doc: &s.doc,
                            r,
                        },
                    );
                }
                Object::Workload(w) => {
                    let r = obj_ref(&w.kind, w.metadata.namespace_or_default(), &w.metadata.name);
                    input.workloads.push(Src {
                        obj: w,
                        doc: &s.doc,
                        r,
                    });
                }
                Object::Gateway(_) | Object::Other { .. } => input.skipped += 1,
            }
        }
        // ingress-nginx's order (sortIngressSlice): oldest first; objects without a timestamp (not yet applied)
        // are the newest, since they would be created last; equal timestamps: the greater "ns/name" first.
        input.ingresses.sort_by_cached_key(|s| {
            let t = s.obj.metadata.creation_timestamp.clone();
            (
                t.is_none(),
                t,
                std::cmp::Reverse(format!("{}/{}", s.r.namespace, s.r.name)),
            )
        });
        input
    }
}
