//! Built-in validation: the v1.6.1 standard-channel CRD rules (schema limits, enums, patterns and CEL rules)
//! that matter most, each reported at the field with the API server's own message (taken from the CRD YAML).
//!
//! The `field` of a finding is the path the API server names (for a CEL rule, the node that carries the rule),
//! so the result can be compared with the official validator; the position points at the value at fault.

use gateshift_api::GatewayObject;
use gateshift_api::gateway::Extra;
use gateshift_api::gateway::{
    BackendObjectReference, GRPCRouteFilter, GRPCRouteFilterType, GatewayClass, HTTPHeaderFilter,
    HTTPPathModifier, HTTPPathModifierType, HTTPRequestMirrorFilter, HTTPRoute, HTTPRouteFilter,
    HTTPRouteFilterType, HTTPRouteRule, Listener, ListenerEntry, ParentReference, PathMatchType,
    ProtocolType, TLSModeType,
};
use gateshift_manifest::{Document, FieldPath};

use crate::finding::{Finding, ObjectRef, Severity, codes};
use crate::hostname;

const HOSTNAME_PATTERN: &str = r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
const HEADER_NAME_PATTERN: &str = r"^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$";
const DURATION_PATTERN: &str = r"^([0-9]{1,5}(h|m|s|ms)){1,4}$";

struct V<'a> {
    object: ObjectRef,
    doc: &'a Document,
    out: &'a mut Vec<Finding>,
}

impl V<'_> {
    /// A violation named at `field` (what the API server prints), positioned at `at`.
    fn at(&mut self, code: &'static str, field: &FieldPath, at: &FieldPath, message: String, fix: &str) {
        let mut f = Finding::at(code, Severity::Error, &self.object, self.doc, at, message, fix);
        f.field = field.to_string();
        self.out.push(f);
    }

    fn err(&mut self, code: &'static str, field: &FieldPath, message: String, fix: &str) {
        self.at(code, field, field, message, fix);
    }

    fn max_items(&mut self, field: &FieldPath, len: usize, max: usize, what: &str) {
        if len > max {
            self.err(
                codes::LIMIT,
                field,
                format!("Too many: {len}: must have at most {max} items"),
                &format!("split the {what} over several objects (the API allows at most {max})"),
            );
        }
    }

    fn min_items(&mut self, field: &FieldPath, len: usize, min: usize) {
        if len < min {
            self.err(
                codes::LIMIT,
                field,
                format!("Invalid value: {len}: {field} in body should have at least {min} items"),
                &format!("give at least {min}"),
            );
        }
    }

    fn hostname(&mut self, field: &FieldPath, h: &str) {
        if !hostname::is_valid(h) || h.len() > 253 {
            self.err(
                codes::HOSTNAME,
                field,
                format!("Invalid value: \"{h}\": {field} in body should match '{HOSTNAME_PATTERN}'"),
                "use a lower-case DNS name, optionally starting with `*.` (no port, no IP, no trailing dot)",
            );
        }
    }

    fn range(&mut self, field: &FieldPath, v: i64, min: i64, max: i64) {
        if v < min {
            self.err(
                codes::RANGE,
                field,
                format!("Invalid value: {v}: {field} in body should be greater than or equal to {min}"),
                &format!("use a value from {min} to {max}"),
            );
        } else if v > max {
            self.err(
                codes::RANGE,
                field,
                format!("Invalid value: {v}: {field} in body should be less than or equal to {max}"),
                &format!("use a value from {min} to {max}"),
            );
        }
    }

    /// A warning at `at` (named `field`).
    fn warn(&mut self, code: &'static str, field: &FieldPath, message: String, fix: &str) {
        let mut f = Finding::at(
            code,
            Severity::Warning,
            &self.object,
            self.doc,
            field,
            message,
            fix,
        );
        f.field = field.to_string();
        self.out.push(f);
    }

    /// Fields the CRD schema does not know: the API server prunes them (structural schemas drop unknown
    /// fields), so they have no effect in a cluster. Reported at the key.
    fn unknown_fields(&mut self, at: &FieldPath, extra: &Extra) {
        for key in extra.keys() {
            let field = at.field(key);
            let position = self.doc.key_position_of(&field);
            let mut f = Finding::at(
                codes::PRUNED_FIELD,
                Severity::Warning,
                &self.object,
                self.doc,
                &field,
                format!("{key}: unknown field, the API server would prune it"),
                "remove it, or check its spelling and the Gateway API version (experimental-channel fields are pruned by the standard CRDs)",
            );
            f.field = field.to_string();
            f.line = position.line;
            f.column = position.column;
            self.out.push(f);
        }
    }

    /// A `RegularExpression` match value that RE2 (what Envoy-based and Go implementations use) cannot
    /// compile. The API server does not check it; the implementation rejects the route or the match.
    fn regex(&mut self, field: &FieldPath, value: &str) {
        if let Some(problem) = re2_problem(value) {
            self.warn(
                codes::INVALID_REGEX,
                field,
                format!(
                    "Invalid value: \"{}\": not a valid RE2 regular expression: {problem}",
                    value.escape_debug()
                ),
                "write it in RE2 syntax: no look-around (`(?=`, `(?!`, `(?<=`, `(?<!`) and no backreferences (`\\1`)",
            );
        }
    }

    fn enumeration(&mut self, field: &FieldPath, value: &str, known: bool, supported: &[&str]) {
        if !known {
            let list: Vec<String> = supported.iter().map(|s| format!("\"{s}\"")).collect();
            self.err(
                codes::ENUM,
                field,
                format!(
                    "Unsupported value: \"{value}\": supported values: {}",
                    list.join(", ")
                ),
                &format!("use one of {}", supported.join(", ")),
            );
        }
    }
}

/// Validates one object; findings are appended to `out`.
pub(crate) fn validate(object: &GatewayObject, doc: &Document, out: &mut Vec<Finding>) {
    let meta = object.metadata();
    let mut v = V {
        object: ObjectRef {
            kind: object.kind().to_string(),
            namespace: meta.namespace.clone().unwrap_or_default(),
            name: meta.name.clone(),
        },
        doc,
        out,
    };
    let spec = FieldPath::root().field("spec");
    pruned_fields(&mut v, object);
    match object {
        GatewayObject::Gateway(g) => {
            listeners(&mut v, &spec.field("listeners"), &g.spec.listeners, 1);
            v.max_items(&spec.field("addresses"), g.spec.addresses.len(), 16, "addresses");
        }
        GatewayObject::ListenerSet(ls) => {
            let entries: Vec<Listener> = ls.spec.listeners.iter().map(entry_as_listener).collect();
            listeners(&mut v, &spec.field("listeners"), &entries, 1);
        }
        GatewayObject::HTTPRoute(r) => http_route(&mut v, &spec, r),
        GatewayObject::GRPCRoute(r) => {
            parent_refs(&mut v, &spec.field("parentRefs"), &r.spec.parent_refs);
            hostnames(&mut v, &spec.field("hostnames"), &r.spec.hostnames, 16);
            let rules = spec.field("rules");
            v.max_items(&rules, r.spec.rules.len(), 16, "rules");
            let total: usize = r.spec.rules.iter().map(|r| r.matches.len()).sum();
            total_matches(&mut v, &rules, total);
            for (i, rule) in r.spec.rules.iter().enumerate() {
                let rp = rules.index(i);
                v.max_items(&rp.field("matches"), rule.matches.len(), 64, "matches");
                for (j, m) in rule.matches.iter().enumerate() {
                    let mp = rp.field("matches").index(j);
                    if let Some(method) = &m.method {
                        grpc_method(&mut v, &mp.field("method"), method);
                        if method
                            .r#type
                            .as_ref()
                            .is_some_and(|t| t.as_str() == "RegularExpression")
                        {
                            for (name, value) in [("service", &method.service), ("method", &method.method)] {
                                if let Some(value) = value {
                                    v.regex(&mp.field("method").field(name), value);
                                }
                            }
                        }
                    }
                    v.max_items(&mp.field("headers"), m.headers.len(), 16, "header matches");
                    for (k, h) in m.headers.iter().enumerate() {
                        let hp = mp.field("headers").index(k);
                        header_name(&mut v, &hp.field("name"), &h.name);
                        if h.r#type
                            .as_ref()
                            .is_some_and(|t| t.as_str() == "RegularExpression")
                        {
                            v.regex(&hp.field("value"), &h.value);
                        }
                    }
                }
                grpc_filters(&mut v, &rp.field("filters"), &rule.filters);
                v.max_items(
                    &rp.field("backendRefs"),
                    rule.backend_refs.len(),
                    16,
                    "backendRefs",
                );
                for (k, b) in rule.backend_refs.iter().enumerate() {
                    let bp = rp.field("backendRefs").index(k);
                    backend_ref(
                        &mut v,
                        &bp,
                        &b.backend_ref.backend_object_reference,
                        b.backend_ref.weight,
                    );
                    grpc_filters(&mut v, &bp.field("filters"), &b.filters);
                }
            }
        }
        GatewayObject::TLSRoute(r) => {
            parent_refs(&mut v, &spec.field("parentRefs"), &r.spec.parent_refs);
            let hp = spec.field("hostnames");
            v.min_items(&hp, r.spec.hostnames.len(), 1);
            v.max_items(&hp, r.spec.hostnames.len(), 1024, "hostnames");
            for (i, h) in r.spec.hostnames.iter().enumerate() {
                tls_route_hostname(&mut v, &hp, &hp.index(i), h);
            }
            l4_rules(
                &mut v,
                &spec.field("rules"),
                r.spec.rules.iter().map(|r| r.backend_refs.as_slice()),
            );
        }
        GatewayObject::TCPRoute(r) => {
            parent_refs(&mut v, &spec.field("parentRefs"), &r.spec.parent_refs);
            l4_rules(
                &mut v,
                &spec.field("rules"),
                r.spec.rules.iter().map(|r| r.backend_refs.as_slice()),
            );
        }
        GatewayObject::UDPRoute(r) => {
            parent_refs(&mut v, &spec.field("parentRefs"), &r.spec.parent_refs);
            l4_rules(
                &mut v,
                &spec.field("rules"),
                r.spec.rules.iter().map(|r| r.backend_refs.as_slice()),
            );
        }
        GatewayObject::ReferenceGrant(g) => {
            for (name, len) in [("from", g.spec.from.len()), ("to", g.spec.to.len())] {
                v.min_items(&spec.field(name), len, 1);
                v.max_items(&spec.field(name), len, 16, "entries");
            }
        }
        GatewayObject::GatewayClass(GatewayClass { .. }) | GatewayObject::BackendTLSPolicy(_) => {}
    }
}

/// Unknown fields kept in the typed objects' `extra` maps, on the kinds and levels gateshift writes and reads
/// most (routes down to their matches, filters and backends; Gateways down to their listeners).
fn pruned_fields(v: &mut V<'_>, object: &GatewayObject) {
    let root = FieldPath::root();
    let spec = root.field("spec");
    let parents = |v: &mut V<'_>, refs: &[ParentReference]| {
        for (i, p) in refs.iter().enumerate() {
            v.unknown_fields(&spec.field("parentRefs").index(i), &p.extra);
        }
    };
    match object {
        GatewayObject::GatewayClass(c) => {
            v.unknown_fields(&root, &c.extra);
            v.unknown_fields(&spec, &c.spec.extra);
        }
        GatewayObject::Gateway(g) => {
            v.unknown_fields(&root, &g.extra);
            v.unknown_fields(&spec, &g.spec.extra);
            for (i, l) in g.spec.listeners.iter().enumerate() {
                v.unknown_fields(&spec.field("listeners").index(i), &l.extra);
            }
        }
        GatewayObject::HTTPRoute(r) => {
            v.unknown_fields(&root, &r.extra);
            v.unknown_fields(&spec, &r.spec.extra);
            parents(v, &r.spec.parent_refs);
            for (i, rule) in r.spec.rules.iter().enumerate() {
                let rp = spec.field("rules").index(i);
                v.unknown_fields(&rp, &rule.extra);
                if let Some(t) = &rule.timeouts {
                    v.unknown_fields(&rp.field("timeouts"), &t.extra);
                }
                for (j, m) in rule.matches.iter().enumerate() {
                    let mp = rp.field("matches").index(j);
                    v.unknown_fields(&mp, &m.extra);
                    if let Some(path) = &m.path {
                        v.unknown_fields(&mp.field("path"), &path.extra);
                    }
                    for (k, h) in m.headers.iter().enumerate() {
                        v.unknown_fields(&mp.field("headers").index(k), &h.extra);
                    }
                    for (k, q) in m.query_params.iter().enumerate() {
                        v.unknown_fields(&mp.field("queryParams").index(k), &q.extra);
                    }
                }
                for (j, f) in rule.filters.iter().enumerate() {
                    v.unknown_fields(&rp.field("filters").index(j), &f.extra);
                }
                for (j, b) in rule.backend_refs.iter().enumerate() {
                    let bp = rp.field("backendRefs").index(j);
                    v.unknown_fields(&bp, &b.extra);
                    for (k, f) in b.filters.iter().enumerate() {
                        v.unknown_fields(&bp.field("filters").index(k), &f.extra);
                    }
                }
            }
        }
        GatewayObject::GRPCRoute(r) => {
            v.unknown_fields(&root, &r.extra);
            v.unknown_fields(&spec, &r.spec.extra);
            parents(v, &r.spec.parent_refs);
            for (i, rule) in r.spec.rules.iter().enumerate() {
                let rp = spec.field("rules").index(i);
                v.unknown_fields(&rp, &rule.extra);
                for (j, m) in rule.matches.iter().enumerate() {
                    let mp = rp.field("matches").index(j);
                    v.unknown_fields(&mp, &m.extra);
                    if let Some(method) = &m.method {
                        v.unknown_fields(&mp.field("method"), &method.extra);
                    }
                    for (k, h) in m.headers.iter().enumerate() {
                        v.unknown_fields(&mp.field("headers").index(k), &h.extra);
                    }
                }
                for (j, f) in rule.filters.iter().enumerate() {
                    v.unknown_fields(&rp.field("filters").index(j), &f.extra);
                }
                for (j, b) in rule.backend_refs.iter().enumerate() {
                    v.unknown_fields(&rp.field("backendRefs").index(j), &b.extra);
                }
            }
        }
        _ => {}
    }
}

fn entry_as_listener(e: &ListenerEntry) -> Listener {
    Listener {
        name: e.name.clone(),
        hostname: e.hostname.clone(),
        port: e.port,
        protocol: e.protocol.clone(),
        tls: e.tls.clone(),
        allowed_routes: e.allowed_routes.clone(),
        extra: Default::default(),
    }
}

fn listeners(v: &mut V<'_>, lp: &FieldPath, listeners: &[Listener], min: usize) {
    v.min_items(lp, listeners.len(), min);
    v.max_items(lp, listeners.len(), 64, "listeners (use ListenerSets for more)");
    for (i, l) in listeners.iter().enumerate() {
        let p = lp.index(i);
        if listeners[..i].iter().any(|o| o.name == l.name) {
            v.at(
                codes::LISTENER_NAME,
                lp,
                &p.field("name"),
                "Listener name must be unique within the Gateway".into(),
                "give every listener its own name",
            );
        }
        if listeners[..i]
            .iter()
            .any(|o| o.port == l.port && o.protocol == l.protocol && o.hostname == l.hostname)
        {
            v.at(
                codes::LISTENER_TUPLE,
                lp,
                &p,
                "Combination of port, protocol and hostname must be unique for each listener".into(),
                "merge the two listeners, or give one another hostname or port",
            );
        }
        let l4_or_http = matches!(
            l.protocol,
            ProtocolType::HTTP | ProtocolType::TCP | ProtocolType::UDP
        );
        if l4_or_http && l.tls.is_some() {
            v.at(
                codes::LISTENER_TLS,
                lp,
                &p.field("tls"),
                "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']".into(),
                "remove `tls`, or use protocol HTTPS (terminate) or TLS (passthrough)",
            );
        }
        if l.protocol == ProtocolType::HTTPS
            && let Some(mode) = l.tls.as_ref().and_then(|t| t.mode.as_ref())
            && !matches!(mode, TLSModeType::Terminate)
            && !mode.as_str().is_empty()
        {
            v.at(
                codes::LISTENER_TLS,
                lp,
                &p.field("tls").field("mode"),
                "tls mode must be Terminate for protocol HTTPS".into(),
                "use protocol TLS with a TLSRoute for passthrough, or mode Terminate",
            );
        }
        if l.protocol == ProtocolType::TLS
            && l.tls
                .as_ref()
                .and_then(|t| t.mode.as_ref())
                .is_none_or(|m| m.as_str().is_empty())
        {
            v.at(
                codes::LISTENER_TLS,
                lp,
                &p,
                "tls mode must be set for protocol TLS".into(),
                "set `tls.mode: Passthrough` (or Terminate with certificateRefs)",
            );
        }
        if matches!(l.protocol, ProtocolType::TCP | ProtocolType::UDP)
            && l.hostname.as_deref().is_some_and(|h| !h.is_empty())
        {
            v.at(
                codes::LISTENER_HOSTNAME,
                lp,
                &p.field("hostname"),
                "hostname must not be specified for protocols ['TCP', 'UDP']".into(),
                "remove `hostname`: TCP and UDP listeners match by port only",
            );
        }
        if let Some(tls) = &l.tls {
            let tp = p.field("tls");
            let terminate = tls.mode.as_ref().is_none_or(|m| *m == TLSModeType::Terminate);
            if terminate && tls.certificate_refs.is_empty() && tls.options.is_empty() {
                v.err(
                    codes::LISTENER_TLS,
                    &tp,
                    "certificateRefs or options must be specified when mode is Terminate".into(),
                    "add `certificateRefs` naming the Secret with the certificate",
                );
            }
            if let Some(mode) = &tls.mode {
                v.enumeration(
                    &tp.field("mode"),
                    mode.as_str(),
                    mode.is_known(),
                    &["Terminate", "Passthrough"],
                );
            }
            v.max_items(
                &tp.field("certificateRefs"),
                tls.certificate_refs.len(),
                64,
                "certificateRefs",
            );
        }
        if let Some(h) = l.hostname.as_deref().filter(|h| !h.is_empty()) {
            v.hostname(&p.field("hostname"), h);
        }
        v.range(&p.field("port"), i64::from(l.port), 1, 65535);
        if let Some(ar) = &l.allowed_routes {
            v.max_items(
                &p.field("allowedRoutes").field("kinds"),
                ar.kinds.len(),
                8,
                "kinds",
            );
            if let Some(from) = ar.namespaces.as_ref().and_then(|n| n.from.as_ref()) {
                v.enumeration(
                    &p.field("allowedRoutes").field("namespaces").field("from"),
                    from.as_str(),
                    from.is_known() && from.as_str() != "None",
                    &["All", "Selector", "Same"],
                );
            }
        }
    }
}

fn parent_refs(v: &mut V<'_>, pp: &FieldPath, refs: &[ParentReference]) {
    v.max_items(pp, refs.len(), 32, "parentRefs");
    let key = |p: &ParentReference| {
        (
            p.group
                .clone()
                .unwrap_or_else(|| gateshift_api::gateway::GROUP.to_string()),
            p.kind.clone().unwrap_or_else(|| "Gateway".to_string()),
            p.name.clone(),
            p.namespace.clone().unwrap_or_default(),
        )
    };
    let mut missing_reported = false;
    let mut dup_reported = false;
    for (i, p) in refs.iter().enumerate() {
        let same: Vec<&ParentReference> = refs.iter().filter(|o| key(o) == key(p)).collect();
        if same.len() < 2 {
            if let Some(port) = p.port {
                v.range(&pp.index(i).field("port"), i64::from(port), 1, 65535);
            }
            continue;
        }
        let section = |o: &ParentReference| o.section_name.clone().unwrap_or_default();
        if same.iter().any(|o| section(o).is_empty()) {
            if !missing_reported {
                missing_reported = true;
                v.at(
                    codes::PARENT_SECTION,
                    pp,
                    &pp.index(i),
                    "sectionName must be specified when parentRefs includes 2 or more references to the same parent"
                        .into(),
                    "name the listener (`sectionName`) in every parentRef to this parent, or keep only one",
                );
            }
        } else if same.iter().filter(|o| section(o) == section(p)).count() > 1 && !dup_reported {
            dup_reported = true;
            v.at(
                codes::PARENT_SECTION,
                pp,
                &pp.index(i).field("sectionName"),
                "sectionName must be unique when parentRefs includes 2 or more references to the same parent"
                    .into(),
                "remove the duplicate parentRef",
            );
        }
    }
}

fn hostnames(v: &mut V<'_>, hp: &FieldPath, hosts: &[String], max: usize) {
    v.max_items(hp, hosts.len(), max, "hostnames");
    for (i, h) in hosts.iter().enumerate() {
        v.hostname(&hp.index(i), h);
    }
}

fn tls_route_hostname(v: &mut V<'_>, list: &FieldPath, at: &FieldPath, h: &str) {
    let is_ip = h.parse::<std::net::IpAddr>().is_ok();
    let message = if is_ip {
        "Hostnames cannot contain an IP"
    } else if h.contains('*') {
        if h.strip_prefix("*.")
            .is_some_and(|r| r.split('.').all(hostname::is_label))
        {
            return;
        }
        "Wildcards on hostnames must be the first label, and the rest of hostname must be valid based on RFC-1123"
    } else if h.split('.').all(hostname::is_label) {
        return;
    } else {
        "Hostnames must be valid based on RFC-1123"
    };
    v.at(
        codes::HOSTNAME,
        list,
        at,
        message.into(),
        "use a lower-case DNS name (SNI), optionally starting with `*.`",
    );
}

fn total_matches(v: &mut V<'_>, rules: &FieldPath, total: usize) {
    if total > 128 {
        v.err(
            codes::LIMIT,
            rules,
            "While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128".into(),
            "split the route into several routes",
        );
    }
}

fn l4_rules<'b>(
    v: &mut V<'_>,
    rp: &FieldPath,
    rules: impl ExactSizeIterator<Item = &'b [gateshift_api::gateway::BackendRef]>,
) {
    let n = rules.len();
    v.min_items(rp, n, 1);
    v.max_items(rp, n, 1, "rules (one per route)");
    for (i, backends) in rules.enumerate() {
        let bp = rp.index(i).field("backendRefs");
        v.min_items(&bp, backends.len(), 1);
        v.max_items(&bp, backends.len(), 16, "backendRefs");
        for (k, b) in backends.iter().enumerate() {
            backend_ref(v, &bp.index(k), &b.backend_object_reference, b.weight);
        }
    }
}

fn backend_ref(v: &mut V<'_>, bp: &FieldPath, r: &BackendObjectReference, weight: Option<i32>) {
    if r.is_service() && r.port.is_none() {
        v.err(
            codes::SERVICE_PORT,
            bp,
            "Must have port for Service reference".into(),
            "add `port:` with the Service port (number) to send traffic to",
        );
    }
    if let Some(port) = r.port {
        v.range(&bp.field("port"), i64::from(port), 1, 65535);
    }
    if let Some(w) = weight {
        v.range(&bp.field("weight"), i64::from(w), 0, 1_000_000);
    }
}

fn header_name(v: &mut V<'_>, field: &FieldPath, name: &str) {
    let ok = !name.is_empty()
        && name.len() <= 256
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c));
    if !ok {
        v.err(
            codes::HEADER_NAME,
            field,
            format!("Invalid value: \"{name}\": {field} in body should match '{HEADER_NAME_PATTERN}'"),
            "use an HTTP header name (letters, digits and !#$%&'*+-.^_`|~; no spaces or colons)",
        );
    }
}

fn http_route(v: &mut V<'_>, spec: &FieldPath, r: &HTTPRoute) {
    parent_refs(v, &spec.field("parentRefs"), &r.spec.parent_refs);
    hostnames(v, &spec.field("hostnames"), &r.spec.hostnames, 16);
    let rules = spec.field("rules");
    v.max_items(&rules, r.spec.rules.len(), 16, "rules");
    let total: usize = r.spec.rules.iter().map(|r| r.matches.len().max(1)).sum();
    total_matches(v, &rules, total);
    for (i, rule) in r.spec.rules.iter().enumerate() {
        http_rule(v, &rules.index(i), rule);
    }
}

fn http_rule(v: &mut V<'_>, rp: &FieldPath, rule: &HTTPRouteRule) {
    v.max_items(&rp.field("matches"), rule.matches.len(), 64, "matches");
    for (j, m) in rule.matches.iter().enumerate() {
        let mp = rp.field("matches").index(j);
        if let Some(path) = &m.path {
            let pp = mp.field("path");
            let ty = path.r#type.clone().unwrap_or(PathMatchType::PathPrefix);
            v.enumeration(
                &pp.field("type"),
                ty.as_str(),
                ty.is_known(),
                &["Exact", "PathPrefix", "RegularExpression"],
            );
            if matches!(ty, PathMatchType::Exact | PathMatchType::PathPrefix) {
                path_value(v, &pp, path.value.as_deref().unwrap_or("/"));
            } else if ty == PathMatchType::RegularExpression
                && let Some(value) = &path.value
            {
                v.regex(&pp.field("value"), value);
            }
        }
        if let Some(method) = &m.method {
            v.enumeration(
                &mp.field("method"),
                method.as_str(),
                method.is_known(),
                &[
                    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
                ],
            );
        }
        v.max_items(&mp.field("headers"), m.headers.len(), 16, "header matches");
        for (k, h) in m.headers.iter().enumerate() {
            let hp = mp.field("headers").index(k);
            header_name(v, &hp.field("name"), &h.name);
            if let Some(t) = &h.r#type {
                v.enumeration(
                    &hp.field("type"),
                    t.as_str(),
                    t.is_known(),
                    &["Exact", "RegularExpression"],
                );
                if t.as_str() == "RegularExpression" {
                    v.regex(&hp.field("value"), &h.value);
                }
            }
        }
        v.max_items(
            &mp.field("queryParams"),
            m.query_params.len(),
            16,
            "query param matches",
        );
        for (k, q) in m.query_params.iter().enumerate() {
            if q.r#type
                .as_ref()
                .is_some_and(|t| t.as_str() == "RegularExpression")
            {
                v.regex(&mp.field("queryParams").index(k).field("value"), &q.value);
            }
        }
    }
    let fp = rp.field("filters");
    http_filters(v, &fp, &rule.filters);
    let has_backends = !rule.backend_refs.is_empty();
    if has_backends && let Some(i) = rule.filters.iter().position(|f| f.request_redirect.is_some()) {
        v.at(
            codes::REDIRECT_WITH_BACKENDS,
            rp,
            &fp.index(i),
            "RequestRedirect filter must not be used together with backendRefs".into(),
            "a redirect answers the request itself: remove the backendRefs, or move the redirect to its own rule",
        );
    }
    replace_prefix_rule(v, rp, rule, rule.filters.iter().collect(), "");
    let bfilters: Vec<&HTTPRouteFilter> = rule.backend_refs.iter().flat_map(|b| b.filters.iter()).collect();
    replace_prefix_rule(v, rp, rule, bfilters, "Within backendRefs, ");
    v.max_items(
        &rp.field("backendRefs"),
        rule.backend_refs.len(),
        16,
        "backendRefs",
    );
    for (k, b) in rule.backend_refs.iter().enumerate() {
        let bp = rp.field("backendRefs").index(k);
        backend_ref(
            v,
            &bp,
            &b.backend_ref.backend_object_reference,
            b.backend_ref.weight,
        );
        http_filters(v, &bp.field("filters"), &b.filters);
    }
    if let Some(t) = &rule.timeouts {
        let tp = rp.field("timeouts");
        let request = t.request.as_deref().map(|d| (d, parse_duration(d)));
        let backend = t.backend_request.as_deref().map(|d| (d, parse_duration(d)));
        for (name, d) in [("request", request), ("backendRequest", backend)] {
            if let Some((text, None)) = d {
                let field = tp.field(name);
                v.err(
                    codes::DURATION,
                    &field,
                    format!("Invalid value: \"{text}\": {field} in body should match '{DURATION_PATTERN}'"),
                    "write a Gateway API duration such as `10s`, `1m30s` or `500ms` (units h, m, s, ms)",
                );
            }
        }
        if let (Some((_, Some(req))), Some((_, Some(back)))) = (request, backend)
            && req != 0
            && back > req
        {
            v.at(
                codes::TIMEOUTS,
                &tp,
                &tp.field("backendRequest"),
                "backendRequest timeout cannot be longer than request timeout".into(),
                "make backendRequest at most the request timeout (or set request to 0s to disable it)",
            );
        }
    }
}

/// The two ReplacePrefixMatch CEL rules of a rule (for its own filters, or `Within backendRefs, `).
fn replace_prefix_rule(
    v: &mut V<'_>,
    rp: &FieldPath,
    rule: &HTTPRouteRule,
    filters: Vec<&HTTPRouteFilter>,
    within: &str,
) {
    let uses = |f: &&&HTTPRouteFilter, redirect: bool| {
        let path = if redirect {
            f.request_redirect.as_ref().and_then(|r| r.path.as_ref())
        } else {
            f.url_rewrite.as_ref().and_then(|r| r.path.as_ref())
        };
        path.is_some_and(|p| {
            p.r#type == HTTPPathModifierType::ReplacePrefixMatch && p.replace_prefix_match.is_some()
        })
    };
    // With no `matches` (or a match without `path`) the CRD defaults give one PathPrefix `/` match.
    let one_prefix = rule.matches.len() <= 1
        && rule
            .matches
            .first()
            .and_then(|m| m.path.as_ref())
            .is_none_or(|p| {
                p.r#type.clone().unwrap_or(PathMatchType::PathPrefix) == PathMatchType::PathPrefix
            });
    for (redirect, name) in [(true, "RequestRedirect"), (false, "URLRewrite")] {
        let n = filters.iter().filter(|f| uses(f, redirect)).count();
        if n == 1 && !one_prefix {
            let when = if within.is_empty() {
                "When"
            } else if redirect {
                "when"
            } else {
                "When"
            };
            v.err(
                codes::REPLACE_PREFIX_MATCH,
                rp,
                format!(
                    "{within}{when} using {name} filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"
                ),
                "ReplacePrefixMatch replaces the matched prefix: give the rule exactly one PathPrefix match, or use ReplaceFullPath",
            );
        }
    }
}

fn path_value(v: &mut V<'_>, pp: &FieldPath, value: &str) {
    let rules: [(bool, &str); 9] = [
        (
            !value.starts_with('/'),
            "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
        ),
        (
            value.contains("//"),
            "must not contain '//' when type one of ['Exact', 'PathPrefix']",
        ),
        (
            value.contains("/./"),
            "must not contain '/./' when type one of ['Exact', 'PathPrefix']",
        ),
        (
            value.contains("/../"),
            "must not contain '/../' when type one of ['Exact', 'PathPrefix']",
        ),
        (
            value.contains("%2f"),
            "must not contain '%2f' when type one of ['Exact', 'PathPrefix']",
        ),
        (
            value.contains("%2F"),
            "must not contain '%2F' when type one of ['Exact', 'PathPrefix']",
        ),
        (
            value.contains('#'),
            "must not contain '#' when type one of ['Exact', 'PathPrefix']",
        ),
        (
            value.ends_with("/.."),
            "must not end with '/..' when type one of ['Exact', 'PathPrefix']",
        ),
        (
            value.ends_with("/."),
            "must not end with '/.' when type one of ['Exact', 'PathPrefix']",
        ),
    ];
    let at = pp.field("value");
    for (bad, message) in rules {
        if bad {
            v.at(
                codes::PATH_VALUE,
                pp,
                &at,
                message.into(),
                "write a normalized absolute path such as `/api/v1`",
            );
        }
    }
    if !valid_path_chars(value) {
        v.at(
            codes::PATH_VALUE,
            pp,
            &at,
            "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']".into(),
            "percent-encode other characters (e.g. a space as %20); use RegularExpression for patterns",
        );
    }
    if value.len() > 1024 {
        v.at(
            codes::LIMIT,
            &at,
            &at,
            "Too long: may not be more than 1024 bytes".into(),
            "shorten the path (at most 1024 characters)",
        );
    }
}

fn valid_path_chars(value: &str) -> bool {
    let b = value.as_bytes();
    if b.is_empty() {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if i + 2 >= b.len() {
                return false;
            }
            if !(b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(c.is_ascii_alphanumeric() || b"-/._~!$&'()*+,;=:@".contains(&c)) {
            return false;
        }
        i += 1;
    }
    true
}

/// A Gateway API Duration (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`) in milliseconds, `None` when it is not one.
/// Why `value` is not an RE2 regular expression, if it is not. The `regex` crate implements RE2's syntax and
/// rejects what RE2 lacks (look-around, backreferences); the pre-check names those plainly.
pub(crate) fn re2_problem(value: &str) -> Option<String> {
    for (construct, what) in [
        ("(?=", "look-ahead `(?=` is not supported"),
        ("(?!", "negative look-ahead `(?!` is not supported"),
        ("(?<=", "look-behind `(?<=` is not supported"),
        ("(?<!", "negative look-behind `(?<!` is not supported"),
    ] {
        if value.contains(construct) {
            return Some(what.to_string());
        }
    }
    let bytes = value.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' {
            if bytes[i + 1].is_ascii_digit() && bytes[i + 1] != b'0' {
                return Some(format!(
                    "backreference `\\{}` is not supported",
                    bytes[i + 1] as char
                ));
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    regex::Regex::new(value).err().map(|e| {
        let text = e.to_string();
        text.lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or(&text)
            .trim()
            .trim_start_matches("error: ")
            .to_string()
    })
}

pub(crate) fn parse_duration(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let (mut i, mut parts, mut total) = (0, 0, 0u64);
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 5 {
            return None;
        }
        let n: u64 = s[start..i].parse().ok()?;
        let unit = if s[i..].starts_with("ms") {
            i += 2;
            1
        } else {
            let u = match b.get(i)? {
                b'h' => 3_600_000,
                b'm' => 60_000,
                b's' => 1_000,
                _ => return None,
            };
            i += 1;
            u
        };
        total += n * unit;
        parts += 1;
    }
    (1..=4).contains(&parts).then_some(total)
}

fn single_use<'f>(
    v: &mut V<'_>,
    fp: &FieldPath,
    types: impl Iterator<Item = &'f str> + Clone,
    once: &[&str],
) {
    for name in once {
        let positions: Vec<usize> = types
            .clone()
            .enumerate()
            .filter(|(_, t)| t == name)
            .map(|(i, _)| i)
            .collect();
        if positions.len() > 1 {
            v.at(
                codes::FILTER_REPEATED,
                fp,
                &fp.index(positions[1]),
                format!("{name} filter cannot be repeated"),
                &format!("merge the {name} filters into one"),
            );
        }
    }
}

fn http_filters(v: &mut V<'_>, fp: &FieldPath, filters: &[HTTPRouteFilter]) {
    v.max_items(fp, filters.len(), 16, "filters");
    let types = filters.iter().map(|f| f.r#type.as_str());
    single_use(
        v,
        fp,
        types.clone(),
        &[
            "CORS",
            "RequestHeaderModifier",
            "ResponseHeaderModifier",
            "RequestRedirect",
            "URLRewrite",
        ],
    );
    if types.clone().any(|t| t == "RequestRedirect") && types.clone().any(|t| t == "URLRewrite") {
        v.err(
            codes::REDIRECT_AND_REWRITE,
            fp,
            "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both"
                .into(),
            "a redirect is answered before any rewrite: keep one of them",
        );
    }
    for (i, f) in filters.iter().enumerate() {
        let p = fp.index(i);
        use HTTPRouteFilterType as T;
        v.enumeration(
            &p.field("type"),
            f.r#type.as_str(),
            f.r#type.is_known(),
            &[
                "RequestHeaderModifier",
                "ResponseHeaderModifier",
                "RequestMirror",
                "RequestRedirect",
                "URLRewrite",
                "ExtensionRef",
                "CORS",
            ],
        );
        let fields: [(&str, &str, bool, bool); 7] = [
            ("cors", "CORS", f.cors.is_some(), f.r#type == T::CORS),
            (
                "requestHeaderModifier",
                "RequestHeaderModifier",
                f.request_header_modifier.is_some(),
                f.r#type == T::RequestHeaderModifier,
            ),
            (
                "responseHeaderModifier",
                "ResponseHeaderModifier",
                f.response_header_modifier.is_some(),
                f.r#type == T::ResponseHeaderModifier,
            ),
            (
                "requestMirror",
                "RequestMirror",
                f.request_mirror.is_some(),
                f.r#type == T::RequestMirror,
            ),
            (
                "requestRedirect",
                "RequestRedirect",
                f.request_redirect.is_some(),
                f.r#type == T::RequestRedirect,
            ),
            (
                "urlRewrite",
                "URLRewrite",
                f.url_rewrite.is_some(),
                f.r#type == T::URLRewrite,
            ),
            (
                "extensionRef",
                "ExtensionRef",
                f.extension_ref.is_some(),
                f.r#type == T::ExtensionRef,
            ),
        ];
        filter_fields(v, &p, &fields);
        if let Some(h) = &f.request_header_modifier {
            header_filter(v, &p.field("requestHeaderModifier"), h);
        }
        if let Some(h) = &f.response_header_modifier {
            header_filter(v, &p.field("responseHeaderModifier"), h);
        }
        if let Some(m) = &f.request_mirror {
            mirror(v, &p.field("requestMirror"), m);
        }
        if let Some(r) = &f.request_redirect {
            let rp = p.field("requestRedirect");
            if let Some(code) = r.status_code
                && ![301, 302, 303, 307, 308].contains(&code)
            {
                v.err(
                    codes::ENUM,
                    &rp.field("statusCode"),
                    format!("Unsupported value: {code}: supported values: 301, 302, 303, 307, 308"),
                    "use 301, 302, 303, 307 or 308",
                );
            }
            if let Some(s) = &r.scheme {
                v.enumeration(&rp.field("scheme"), s.as_str(), s.is_known(), &["http", "https"]);
            }
            if let Some(port) = r.port {
                v.range(&rp.field("port"), i64::from(port), 1, 65535);
            }
            if let Some(h) = &r.hostname {
                v.hostname(&rp.field("hostname"), h);
            }
            if let Some(m) = &r.path {
                path_modifier(v, &rp.field("path"), m);
            }
        }
        if let Some(r) = &f.url_rewrite
            && let Some(m) = &r.path
        {
            path_modifier(v, &p.field("urlRewrite").field("path"), m);
        }
        if let Some(c) = &f.cors {
            let cp = p.field("cors");
            for (name, list) in [
                (
                    "allowOrigins",
                    c.allow_origins.iter().map(String::as_str).collect::<Vec<_>>(),
                ),
                (
                    "allowHeaders",
                    c.allow_headers.iter().map(String::as_str).collect(),
                ),
                (
                    "allowMethods",
                    c.allow_methods.iter().map(|m| m.as_str()).collect(),
                ),
            ] {
                if list.contains(&"*") && list.len() > 1 {
                    let what = if name == "allowOrigins" {
                        "origins"
                    } else {
                        "methods"
                    };
                    let label = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
                    v.err(
                        codes::CORS_WILDCARD,
                        &cp.field(name),
                        format!("{label} cannot contain '*' alongside other {what}"),
                        "`*` means all: use it alone or list the values",
                    );
                }
            }
        }
    }
}

fn filter_fields(v: &mut V<'_>, p: &FieldPath, fields: &[(&str, &str, bool, bool)]) {
    for (field, ty, set, selected) in fields {
        if *set && !selected {
            v.err(
                codes::FILTER_FIELD,
                p,
                format!("filter.{field} must be nil if the filter.type is not {ty}"),
                &format!("set `type: {ty}` or remove `{field}`"),
            );
        }
        if !set && *selected {
            v.err(
                codes::FILTER_FIELD,
                p,
                format!("filter.{field} must be specified for {ty} filter.type"),
                &format!("add the `{field}` settings"),
            );
        }
    }
}

fn path_modifier(v: &mut V<'_>, p: &FieldPath, m: &HTTPPathModifier) {
    v.enumeration(
        &p.field("type"),
        m.r#type.as_str(),
        m.r#type.is_known(),
        &["ReplaceFullPath", "ReplacePrefixMatch"],
    );
    let full = m.r#type == HTTPPathModifierType::ReplaceFullPath;
    let prefix = m.r#type == HTTPPathModifierType::ReplacePrefixMatch;
    let checks = [
        (
            full && m.replace_full_path.is_none(),
            "replaceFullPath must be specified when type is set to 'ReplaceFullPath'",
        ),
        (
            m.replace_full_path.is_some() && !full,
            "type must be 'ReplaceFullPath' when replaceFullPath is set",
        ),
        (
            prefix && m.replace_prefix_match.is_none(),
            "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'",
        ),
        (
            m.replace_prefix_match.is_some() && !prefix,
            "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set",
        ),
    ];
    for (bad, message) in checks {
        if bad {
            v.err(
                codes::PATH_MODIFIER,
                p,
                message.into(),
                "make `type` name the field that is set",
            );
        }
    }
}

fn header_filter(v: &mut V<'_>, p: &FieldPath, h: &HTTPHeaderFilter) {
    for (name, len) in [
        ("set", h.set.len()),
        ("add", h.add.len()),
        ("remove", h.remove.len()),
    ] {
        v.max_items(&p.field(name), len, 16, "headers");
    }
    for (name, list) in [("set", &h.set), ("add", &h.add)] {
        for (i, hh) in list.iter().enumerate() {
            header_name(v, &p.field(name).index(i).field("name"), &hh.name);
        }
    }
}

fn mirror(v: &mut V<'_>, p: &FieldPath, m: &HTTPRequestMirrorFilter) {
    if m.percent.is_some() && m.fraction.is_some() {
        v.err(
            codes::MIRROR_FRACTION,
            p,
            "Only one of percent or fraction may be specified in HTTPRequestMirrorFilter".into(),
            "keep either `percent` or `fraction`",
        );
    }
    if let Some(pct) = m.percent {
        v.range(&p.field("percent"), i64::from(pct), 0, 100);
    }
    if let Some(f) = &m.fraction
        && f.numerator > f.denominator.unwrap_or(100)
    {
        v.err(
            codes::MIRROR_FRACTION,
            &p.field("fraction"),
            "numerator must be less than or equal to denominator".into(),
            "a fraction above 1 cannot be mirrored: lower the numerator",
        );
    }
    let bp = p.field("backendRef");
    let r = &m.backend_ref;
    if r.is_service() && r.port.is_none() {
        v.err(
            codes::SERVICE_PORT,
            &bp,
            "Must have port for Service reference".into(),
            "add `port:` to the mirror backendRef",
        );
    }
}

fn grpc_filters(v: &mut V<'_>, fp: &FieldPath, filters: &[GRPCRouteFilter]) {
    v.max_items(fp, filters.len(), 16, "filters");
    single_use(
        v,
        fp,
        filters.iter().map(|f| f.r#type.as_str()),
        &["RequestHeaderModifier", "ResponseHeaderModifier"],
    );
    for (i, f) in filters.iter().enumerate() {
        let p = fp.index(i);
        use GRPCRouteFilterType as T;
        v.enumeration(
            &p.field("type"),
            f.r#type.as_str(),
            f.r#type.is_known(),
            &[
                "ResponseHeaderModifier",
                "RequestHeaderModifier",
                "RequestMirror",
                "ExtensionRef",
            ],
        );
        let fields: [(&str, &str, bool, bool); 4] = [
            (
                "requestHeaderModifier",
                "RequestHeaderModifier",
                f.request_header_modifier.is_some(),
                f.r#type == T::RequestHeaderModifier,
            ),
            (
                "responseHeaderModifier",
                "ResponseHeaderModifier",
                f.response_header_modifier.is_some(),
                f.r#type == T::ResponseHeaderModifier,
            ),
            (
                "requestMirror",
                "RequestMirror",
                f.request_mirror.is_some(),
                f.r#type == T::RequestMirror,
            ),
            (
                "extensionRef",
                "ExtensionRef",
                f.extension_ref.is_some(),
                f.r#type == T::ExtensionRef,
            ),
        ];
        filter_fields(v, &p, &fields);
        if let Some(m) = &f.request_mirror {
            mirror(v, &p.field("requestMirror"), m);
        }
    }
}

fn grpc_method(v: &mut V<'_>, p: &FieldPath, m: &gateshift_api::gateway::GRPCMethodMatch) {
    let exact = m.r#type.as_ref().is_none_or(|t| t.as_str() == "Exact");
    if m.r#type.is_some() && m.service.is_none() && m.method.is_none() {
        v.err(
            codes::GRPC_METHOD,
            p,
            "One or both of 'service' or 'method' must be specified".into(),
            "name the gRPC service and/or method to match",
        );
    }
    if exact && let Some(s) = &m.service {
        let body = s.strip_prefix('.').unwrap_or(s);
        let ident = |x: &str| {
            let b = x.as_bytes();
            !b.is_empty()
                && (b[0].is_ascii_alphabetic() || b[0] == b'_')
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
        };
        if !body.split('.').all(ident) {
            v.err(
                codes::GRPC_METHOD,
                p,
                r"service must only contain valid characters (matching ^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$)".into(),
                "write the fully qualified service name, e.g. `helloworld.Greeter`",
            );
        }
    }
    if exact && let Some(name) = &m.method {
        let b = name.as_bytes();
        let ok = !b.is_empty()
            && (b[0].is_ascii_alphabetic() || b[0] == b'_')
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_');
        if !ok {
            v.err(
                codes::GRPC_METHOD,
                p,
                "method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)".into(),
                "write the bare method name, e.g. `SayHello` (no slashes)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re2_regexes() {
        for ok in ["/api/v[0-9]+", "^/foo(/|$)(.*)", "(?i)/shop", r"\d+", "a{1,3}"] {
            assert_eq!(re2_problem(ok), None, "{ok}");
        }
        for bad in [
            "/foo(?=bar)",
            "/foo(?!bar)",
            "(?<=a)b",
            "(?<!a)b",
            r"(a)\1",
            "/foo(",
            "[a-",
            "*",
        ] {
            assert!(re2_problem(bad).is_some(), "{bad}");
        }
        assert_eq!(
            re2_problem(r"(a)\1").as_deref(),
            Some("backreference `\\1` is not supported")
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h2m3s4ms"), Some(3_723_004));
        assert_eq!(parse_duration("500ms"), Some(500));
        assert_eq!(parse_duration("0s"), Some(0));
        assert_eq!(parse_duration("1.5s"), None);
        assert_eq!(parse_duration("1d"), None);
        assert_eq!(parse_duration("123456s"), None);
        assert_eq!(parse_duration("1s1s1s1s1s"), None);
        assert_eq!(parse_duration(""), None);
    }

    #[test]
    fn path_characters() {
        assert!(valid_path_chars("/a-b/c%20d"));
        assert!(!valid_path_chars("/a b"));
        assert!(!valid_path_chars("/a%2"));
        assert!(!valid_path_chars("/a%zz"));
    }
}
