//! Listeners: the GatewayClasses this check acts for, their Gateways with their own listeners, the ListenerSets
//! each Gateway admits with theirs, and per listener its validity (protocol, route kinds, certificates) and
//! conflicts.

use std::collections::{BTreeMap, BTreeSet};

use gateshift_api::GatewayObject;
use gateshift_api::core::{Secret, TLS_SECRET_TYPE};
use gateshift_api::gateway::{FromNamespaces, GROUP, ProtocolType, TLSModeType};
use gateshift_manifest::FieldPath;

use super::state::{Gw, Input, Lst, Owner, Report, Set, Src, World};
use crate::finding::{Finding, Severity, codes};
use crate::options::{DEFAULT_CONTROLLER_NAME, Options};
use crate::reasons::reason;

/// Every listener binding knows of, with their Gateways and ListenerSets.
pub(crate) struct Listeners<'a> {
    /// GatewayClasses by name: their controllerName and whether this check acts for them.
    pub(crate) classes: BTreeMap<&'a str, (String, bool)>,
    /// The Gateways this check acts for, in input position order.
    pub(crate) gws: Vec<Gw<'a>>,
    /// Every listener: the Gateways' own, then those of admitted ListenerSets.
    pub(crate) lsts: Vec<Lst<'a>>,
    /// ListenerSets whose parent this check acts for (or is missing), in precedence order.
    pub(crate) sets: Vec<Set<'a>>,
    /// The Gateways this check acts for, by (namespace, name).
    pub(crate) gw_index: BTreeMap<(String, String), usize>,
    /// Every Gateway of the input, by (namespace, name), whoever acts for it.
    pub(crate) all_gateways: BTreeSet<(String, String)>,
    /// ListenerSets by (namespace, name), for parentRefs (the first by precedence when one is defined twice).
    pub(crate) set_index: BTreeMap<(&'a str, &'a str), usize>,
}

/// The listeners of `input`, each evaluated, conflicts decided.
pub(crate) fn listeners<'a>(input: &Input<'a>, options: &Options, report: &mut impl Report) -> Listeners<'a> {
    let classes = classes(input, options);
    let (gws, mut lsts) = gateways(input, options, &classes, report);
    let gw_index: BTreeMap<(String, String), usize> = gws
        .iter()
        .enumerate()
        .map(|(k, g)| ((g.src.ns().to_string(), g.src.obj.name.clone()), k))
        .collect();
    let all_gateways: BTreeSet<(String, String)> = input
        .gw_objects
        .iter()
        .filter_map(|(_, o)| match o {
            GatewayObject::Gateway(g) => Some((
                g.metadata.namespace_or_default().to_string(),
                g.metadata.name.clone(),
            )),
            _ => None,
        })
        .collect();
    let sets = listener_sets(input, &gws, &gw_index, &all_gateways, &mut lsts, report);
    let mut set_index: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (si, set) in sets.iter().enumerate() {
        set_index
            .entry((
                set.ls.metadata.namespace_or_default(),
                set.ls.metadata.name.as_str(),
            ))
            .or_insert(si);
    }
    // Listener validity: protocol, kinds, certificates.
    for l in lsts.iter_mut() {
        evaluate(l, &input.world, report);
    }
    conflicts(&gws, &sets, &mut lsts);
    Listeners {
        classes,
        gws,
        lsts,
        sets,
        gw_index,
        all_gateways,
        set_index,
    }
}

/// GatewayClasses by name: their controllerName, and whether this check acts for them.
fn classes<'a>(input: &Input<'a>, options: &Options) -> BTreeMap<&'a str, (String, bool)> {
    let mut classes = BTreeMap::new();
    for &(_, o) in &input.gw_objects {
        if let GatewayObject::GatewayClass(c) = o {
            let managed = options
                .controller_name
                .as_deref()
                .is_none_or(|n| n == c.spec.controller_name);
            classes.insert(
                c.metadata.name.as_str(),
                (c.spec.controller_name.clone(), managed),
            );
        }
    }
    classes
}

/// A listener of `spec.listeners[k]` (of a Gateway or a ListenerSet, whose listener types differ but have the
/// same fields), not yet evaluated.
macro_rules! listener {
    ($gw:expr, $owner:expr, $owner_src:expr, $k:expr, $l:expr) => {
        Lst {
            gw: $gw,
            owner: $owner,
            owner_src: $owner_src.clone(),
            name: &$l.name,
            port: $l.port,
            protocol: &$l.protocol,
            hostname: $l.hostname.as_deref().filter(|h| !h.is_empty()),
            tls: $l.tls.as_ref(),
            allowed: $l.allowed_routes.as_ref(),
            path: FieldPath::root().field("spec").field("listeners").index($k),
            supported: Vec::new(),
            accepted: None,
            refs: None,
            refs_unknown: None,
            conflict: None,
        }
    };
}

/// Gateways this check acts for, and their own listeners.
fn gateways<'a>(
    input: &Input<'a>,
    options: &Options,
    classes: &BTreeMap<&'a str, (String, bool)>,
    report: &mut impl Report,
) -> (Vec<Gw<'a>>, Vec<Lst<'a>>) {
    let mut gws: Vec<Gw<'_>> = Vec::new();
    let mut lsts: Vec<Lst<'_>> = Vec::new();
    for &(i, o) in &input.gw_objects {
        let GatewayObject::Gateway(g) = o else { continue };
        let src = Src::new(input.objects[i], "Gateway", &g.metadata, true);
        let controller = match classes.get(g.spec.gateway_class_name.as_str()) {
            Some((_, false)) => {
                report.report(|| src.finding(
                    codes::NOT_MANAGED,
                    Severity::Info,
                    &FieldPath::parse("spec.gatewayClassName"),
                    format!(
                        "GatewayClass {} belongs to another controller than --controller-name: status not computed",
                        g.spec.gateway_class_name
                    ),
                    "drop --controller-name, or pass the class's controllerName",
                ));
                continue;
            }
            Some((controller, true)) => controller.clone(),
            None => {
                report.report(|| {
                    src.finding(
                        codes::CLASS_UNKNOWN,
                        Severity::Info,
                        &FieldPath::parse("spec.gatewayClassName"),
                        format!(
                            "GatewayClass {:?} is not in the input: assumed to exist and to be accepted",
                            g.spec.gateway_class_name
                        ),
                        "add the GatewayClass (kubectl get gatewayclass NAME -o yaml) to check it too",
                    )
                });
                options
                    .controller_name
                    .clone()
                    .unwrap_or_else(|| DEFAULT_CONTROLLER_NAME.to_string())
            }
        };
        let gw = gws.len();
        let mut ids = Vec::new();
        for (k, l) in g.spec.listeners.iter().enumerate() {
            ids.push(lsts.len());
            lsts.push(listener!(gw, Owner::Gateway(gw), src, k, l));
        }
        gws.push(Gw {
            idx: i,
            g,
            src,
            controller,
            listeners: ids,
        });
    }
    (gws, lsts)
}

/// ListenerSets, in precedence order (oldest, then namespace/name), with their listeners when their Gateway
/// allows them.
fn listener_sets<'a>(
    input: &Input<'a>,
    gws: &[Gw<'a>],
    gw_index: &BTreeMap<(String, String), usize>,
    all_gateways: &BTreeSet<(String, String)>,
    lsts: &mut Vec<Lst<'a>>,
    report: &mut impl Report,
) -> Vec<Set<'a>> {
    let mut sets: Vec<Set<'_>> = Vec::new();
    for &(i, o) in &input.gw_objects {
        let GatewayObject::ListenerSet(ls) = o else {
            continue;
        };
        let src = Src::new(input.objects[i], "ListenerSet", &ls.metadata, true);
        let p = &ls.spec.parent_ref;
        let pns = p.namespace.clone().unwrap_or_else(|| src.ns().to_string());
        let key = (pns.clone(), p.name.clone());
        let gw = gw_index.get(&key).copied();
        if gw.is_none() && all_gateways.contains(&key) {
            continue; // the parent belongs to another controller
        }
        sets.push(Set {
            idx: i,
            ls,
            src,
            gw,
            refused: None,
            listeners: Vec::new(),
        });
    }
    sets.sort_by_key(|s| s.src.precedence());
    for (si, set) in sets.iter_mut().enumerate() {
        let Some(gw) = set.gw else {
            let msg = format!(
                "parent Gateway {} is not in the input",
                set.ls.spec.parent_ref.name
            );
            report.report(|| {
                set.src.finding(
                    codes::PARENT_NOT_FOUND,
                    Severity::Error,
                    &FieldPath::parse("spec.parentRef"),
                    msg.clone(),
                    "fix spec.parentRef, or add the Gateway to the input",
                )
            });
            set.refused = Some((reason::PARENT_NOT_ACCEPTED, msg));
            continue;
        };
        if let Some(msg) = set_refusal(&gws[gw], set, &input.world) {
            report.report(|| {
                set.src.finding(
                    codes::LISTENER_SET_NOT_ALLOWED,
                    Severity::Error,
                    &FieldPath::parse("spec.parentRef"),
                    msg.clone(),
                    "set spec.allowedListeners.namespaces on the Gateway (Same, All or Selector)",
                )
            });
            set.refused = Some((reason::NOT_ALLOWED, msg));
            continue;
        }
        for (k, l) in set.ls.spec.listeners.iter().enumerate() {
            set.listeners.push(lsts.len());
            lsts.push(listener!(gw, Owner::Set(si), set.src, k, l));
        }
    }
    sets
}

/// Why Gateway `g` does not admit `set` (its `allowedListeners`), or `None` when it does.
fn set_refusal(g: &Gw<'_>, set: &Set<'_>, world: &World<'_>) -> Option<String> {
    let allowed =
        g.g.spec
            .allowed_listeners
            .as_ref()
            .and_then(|a| a.namespaces.as_ref());
    let from = allowed
        .and_then(|n| n.from.clone())
        .unwrap_or(FromNamespaces::None);
    let ok_ns = match from {
        FromNamespaces::All => true,
        FromNamespaces::Same => set.src.ns() == g.src.ns(),
        FromNamespaces::Selector => {
            let (labels, _) = world.namespace_labels(set.src.ns());
            allowed
                .and_then(|n| n.selector.as_ref())
                .is_some_and(|s| s.matches(&labels))
        }
        FromNamespaces::None | FromNamespaces::Other(_) => false,
    };
    (!ok_ns).then(|| {
        format!(
            "Gateway {}/{} does not allow ListenerSets from namespace {} (allowedListeners.namespaces.from: {})",
            g.src.ns(),
            g.src.obj.name,
            set.src.ns(),
            from
        )
    })
}

/// Conflicts, per Gateway, in precedence order: the Gateway's own listeners, then ListenerSets. A conflicted
/// listener is not accepted.
fn conflicts(gws: &[Gw<'_>], sets: &[Set<'_>], lsts: &mut [Lst<'_>]) {
    for (gw, g) in gws.iter().enumerate() {
        let mut order: Vec<usize> = g.listeners.clone();
        for set in sets {
            if set.gw == Some(gw) && set.refused.is_none() {
                order.extend(&set.listeners);
            }
        }
        // Only listeners on the same port can conflict, and only with a listener of another protocol family
        // (TCP/UDP: of the same one too) or of the same family and hostname: index the earlier listeners so that
        // each one is compared with those candidates only, not with every listener before it.
        let mut by_family: BTreeMap<(i32, &str), Vec<usize>> = BTreeMap::new();
        let mut by_host: BTreeMap<(i32, &str, Option<&str>), Vec<usize>> = BTreeMap::new();
        for (pos, &b) in order.iter().enumerate() {
            let (port, fb, host) = (lsts[b].port, family(lsts[b].protocol), lsts[b].hostname);
            let mut candidates: Vec<usize> = by_host.get(&(port, fb, host)).cloned().unwrap_or_default();
            for ((p, f), members) in by_family.range((port, "")..=(port, "\u{10ffff}")) {
                debug_assert_eq!(*p, port);
                let other_family = *f != fb && *f != "udp" && fb != "udp";
                let port_only = *f == fb && (fb == "tcp" || fb == "udp");
                if other_family || port_only {
                    candidates.extend(members);
                }
            }
            candidates.sort_unstable();
            candidates.dedup();
            by_family.entry((port, fb)).or_default().push(pos);
            by_host.entry((port, fb, host)).or_default().push(pos);
            for a in candidates.into_iter().map(|i| order[i]) {
                let both_gateway = matches!(
                    (lsts[a].owner, lsts[b].owner),
                    (Owner::Gateway(_), Owner::Gateway(_))
                );
                // A listener that already lost is not programmed, so it cannot knock out a later one; a Gateway's
                // own conflicting listeners all lose (no winner is picked among them).
                if lsts[a].port != lsts[b].port || (lsts[a].conflict.is_some() && !both_gateway) {
                    continue;
                }
                let (fa, fb) = (family(lsts[a].protocol), family(lsts[b].protocol));
                let different = fa != fb && fa != "udp" && fb != "udp";
                let port_only = fa == fb && (fa == "tcp" || fa == "udp");
                let conflict = if different || port_only {
                    Some(reason::PROTOCOL_CONFLICT)
                } else if fa == fb && lsts[a].hostname == lsts[b].hostname {
                    Some(reason::HOSTNAME_CONFLICT)
                } else {
                    None
                };
                let Some(r) = conflict else { continue };
                let msg = format!(
                    "conflicts with listener {} ({} port {}{}) of {}",
                    lsts[a].name,
                    lsts[a].protocol,
                    lsts[a].port,
                    lsts[a]
                        .hostname
                        .map(|h| format!(", hostname {h}"))
                        .unwrap_or_default(),
                    lsts[a].owner_src.obj
                );
                let both = matches!(
                    (lsts[a].owner, lsts[b].owner),
                    (Owner::Gateway(_), Owner::Gateway(_))
                );
                if both && lsts[a].conflict.is_none() {
                    let back = format!(
                        "conflicts with listener {} of {}",
                        lsts[b].name, lsts[b].owner_src.obj
                    );
                    lsts[a].conflict = Some((r, back));
                }
                if lsts[b].conflict.is_none() {
                    lsts[b].conflict = Some((r, msg));
                }
            }
        }
    }
    for l in lsts.iter_mut() {
        if let Some((r, msg)) = &l.conflict
            && l.accepted.is_none()
        {
            l.accepted = Some((r, msg.clone()));
        }
    }
}

/// The findings of listener conflicts (for `check`).
pub(crate) fn conflict_findings(lsts: &[Lst<'_>], findings: &mut Vec<Finding>) {
    for l in lsts {
        if let Some((r, msg)) = &l.conflict {
            findings.push(l.owner_src.finding(
                codes::LISTENER_CONFLICT,
                Severity::Error,
                &l.path,
                format!("listener {}: {r}: {msg}", l.name),
                "give the listeners different ports or hostnames (HTTP, HTTPS/TLS, TCP cannot share a port)",
            ));
        }
    }
}

/// A listener's validity: protocol, route kinds, certificates.
fn evaluate(l: &mut Lst<'_>, world: &World<'_>, report: &mut impl Report) {
    let defaults = default_kinds(l.protocol);
    if defaults.is_empty() {
        l.accepted = Some((
            reason::UNSUPPORTED_PROTOCOL,
            format!("protocol {} is not supported", l.protocol),
        ));
        report.report(|| {
            l.owner_src.finding(
                codes::UNSUPPORTED_PROTOCOL,
                Severity::Error,
                &l.path.field("protocol"),
                format!(
                    "listener {}: protocol {} is not supported (HTTP, HTTPS, TLS, TCP, UDP)",
                    l.name, l.protocol
                ),
                "use a standard protocol, or check that your implementation supports this one",
            )
        });
    }
    let kinds = l.allowed.map(|a| a.kinds.as_slice()).unwrap_or_default();
    if kinds.is_empty() {
        l.supported = defaults;
    } else {
        let mut invalid = Vec::new();
        for (k, rk) in kinds.iter().enumerate() {
            let group = rk.group_or_default();
            match defaults.iter().find(|d| group == GROUP && **d == rk.kind) {
                Some(d) if !l.supported.contains(d) => l.supported.push(d),
                Some(_) => {}
                None => invalid.push((k, format!("{group}/{}", rk.kind))),
            }
        }
        if !invalid.is_empty() {
            let list: Vec<&str> = invalid.iter().map(|(_, s)| s.as_str()).collect();
            let msg = format!(
                "route kinds not supported on {} listener: {}",
                l.protocol,
                list.join(", ")
            );
            report.report(|| {
                l.owner_src.finding(
                    codes::INVALID_ROUTE_KINDS,
                    Severity::Error,
                    &l.path.field("allowedRoutes").field("kinds").index(invalid[0].0),
                    format!("listener {}: {msg}", l.name),
                    format!(
                        "allow only kinds the protocol serves: {}",
                        default_kinds(l.protocol).join(", ")
                    ),
                )
            });
            l.refs = Some((reason::INVALID_ROUTE_KINDS, msg));
        }
    }
    certificates(l, world, report);
}

/// A terminating listener's `tls.certificateRefs`: kind, ReferenceGrant, and the Secret (type, PEM pair).
fn certificates(l: &mut Lst<'_>, world: &World<'_>, report: &mut impl Report) {
    let terminate = match l.protocol {
        ProtocolType::HTTPS => true,
        ProtocolType::TLS => l
            .tls
            .and_then(|t| t.mode.as_ref())
            .is_some_and(|m| *m == TLSModeType::Terminate),
        _ => false,
    };
    if !terminate {
        return;
    }
    // The CRD accepts an HTTPS listener without `tls` (the rule requiring it was reverted in v1.6), but there is
    // no certificate to serve: the listener cannot resolve one.
    let Some(tls) = l
        .tls
        .filter(|t| !t.certificate_refs.is_empty() || !t.options.is_empty())
    else {
        let msg = format!(
            "{} listener has no tls.certificateRefs: there is no certificate to serve",
            l.protocol
        );
        report.report(|| {
            l.owner_src.finding(
                codes::INVALID_CERTIFICATE_REF,
                Severity::Error,
                &l.path,
                format!("listener {}: {msg}", l.name),
                "add tls.certificateRefs naming a kubernetes.io/tls Secret",
            )
        });
        if l.refs.is_none() {
            l.refs = Some((reason::INVALID_CERTIFICATE_REF, msg));
        }
        return;
    };
    let from_kind = l.owner_src.obj.kind.clone();
    for (k, c) in tls.certificate_refs.iter().enumerate() {
        let at = l.path.field("tls").field("certificateRefs").index(k);
        let group = c.group_or_default();
        let kind = c.kind_or_default();
        let ns = c.namespace_or(l.owner_src.ns());
        let problem: Option<(&'static str, &'static str, String, String)> = if !group.is_empty()
            || kind != "Secret"
        {
            Some((
                reason::INVALID_CERTIFICATE_REF,
                codes::INVALID_CERTIFICATE_REF,
                format!(
                    "certificateRef {group}/{kind} {}: only core Secrets are supported",
                    c.name
                ),
                "reference a Secret of type kubernetes.io/tls (group \"\", kind Secret)".into(),
            ))
        } else if ns != l.owner_src.ns()
            && !world.granted(&from_kind, l.owner_src.ns(), ns, "", "Secret", &c.name)
        {
            Some((
                reason::REF_NOT_PERMITTED,
                codes::REF_NOT_PERMITTED,
                format!(
                    "Secret {ns}/{} is in another namespace and no ReferenceGrant in {ns} allows it{}",
                    c.name,
                    world
                        .near_miss(&from_kind, l.owner_src.ns(), ns, "Secret", &c.name)
                        .map(|m| format!(" ({m})"))
                        .unwrap_or_default()
                ),
                format!(
                    "add a ReferenceGrant in namespace {ns}: from {{group: gateway.networking.k8s.io, kind: {from_kind}, namespace: {}}} to {{group: \"\", kind: Secret, name: {}}}",
                    l.owner_src.ns(),
                    c.name
                ),
            ))
        } else {
            match &world.secrets {
                None => {
                    l.refs_unknown = Some(
                        "Secrets are not in the input: the certificate cannot be checked offline".into(),
                    );
                    None
                }
                Some(secrets) => match secrets.get(&(ns, c.name.as_str())) {
                    None => Some((
                        reason::INVALID_CERTIFICATE_REF,
                        codes::INVALID_CERTIFICATE_REF,
                        format!("Secret {ns}/{} does not exist", c.name),
                        "create the Secret (kubectl create secret tls NAME --cert … --key …) or fix the name"
                            .into(),
                    )),
                    Some(s) if s.type_.as_deref() != Some(TLS_SECRET_TYPE) => Some((
                        reason::INVALID_CERTIFICATE_REF,
                        codes::INVALID_CERTIFICATE_REF,
                        format!(
                            "Secret {ns}/{} has type {:?}, not {TLS_SECRET_TYPE}",
                            c.name,
                            s.type_.as_deref().unwrap_or("Opaque")
                        ),
                        "use a Secret of type kubernetes.io/tls with tls.crt and tls.key".into(),
                    )),
                    Some(s) if !s.data_keys.is_empty() && !pem_pair(s) => Some((
                        reason::INVALID_CERTIFICATE_REF,
                        codes::INVALID_CERTIFICATE_REF,
                        format!(
                            "Secret {ns}/{}: tls.crt/tls.key do not hold a PEM certificate and key",
                            c.name
                        ),
                        "put a PEM certificate chain in tls.crt and its PEM key in tls.key".into(),
                    )),
                    Some(_) => None,
                },
            }
        };
        if let Some((r, code, msg, fix)) = problem {
            report.report(|| {
                l.owner_src.finding(
                    code,
                    Severity::Error,
                    &at,
                    format!("listener {}: {msg}", l.name),
                    fix,
                )
            });
            if l.refs.is_none() {
                l.refs = Some((r, msg));
            }
        }
    }
    if l.refs_unknown.is_some() {
        report.report(|| {
            l.owner_src.finding(
                codes::SECRETS_UNKNOWN,
                Severity::Info,
                &l.path.field("tls"),
                format!(
                    "listener {}: Secrets are not in the input: certificates are not checked",
                    l.name
                ),
                "add the Secrets (kubectl get secret -o yaml) to check the certificates too",
            )
        });
    }
}

/// Whether a Secret holds a PEM certificate and key (Secrets listed without data are not judged).
fn pem_pair(s: &Secret) -> bool {
    s.pem_keys.iter().any(|k| k == "tls.crt") && s.pem_keys.iter().any(|k| k == "tls.key")
}

fn default_kinds(p: &ProtocolType) -> Vec<&'static str> {
    match p {
        ProtocolType::HTTP | ProtocolType::HTTPS => vec!["HTTPRoute", "GRPCRoute"],
        ProtocolType::TLS => vec!["TLSRoute"],
        ProtocolType::TCP => vec!["TCPRoute"],
        ProtocolType::UDP => vec!["UDPRoute"],
        ProtocolType::Other(_) => vec![],
    }
}

/// Protocol family on a port: listeners of different families cannot share a port (UDP is its own transport).
fn family(p: &ProtocolType) -> &'static str {
    match p {
        ProtocolType::HTTP => "http",
        ProtocolType::HTTPS | ProtocolType::TLS => "tls",
        ProtocolType::TCP => "tcp",
        ProtocolType::UDP => "udp",
        ProtocolType::Other(_) => "other",
    }
}
