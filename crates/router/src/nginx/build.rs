//! Building the model, by stage: the Ingresses ingress-nginx would read (class, order), the acceptance
//! verdicts (refused, denied), the servers and locations of the accepted Ingresses, then each server finished
//! (`updateServerLocations`, regex mode, nginx order, indexes) and the host indexes, aliases, www twins,
//! passthrough and canaries of the whole model.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex},
};

use gateshift_api::{Object, core::Service, networking::Ingress};
use regex::Regex;

use super::{
    Ann, Location, NginxOptions, NginxRouter, Refused, Server, Source, Target, ann_bool, ann_str, canary,
    class_of, id, judge, needs_rewrite, parse_ann, path_type, upstream_of,
};
use crate::{decision::Matched, regex_prefix::PrefixIndex};

impl NginxRouter {
    /// The model of `objects`; `refuse`: leave out the Ingresses ingress-nginx refuses (else route them as if
    /// accepted, [`NginxRouter::accepting_refused`]).
    pub(super) fn build<'a>(
        objects: impl IntoIterator<Item = &'a Object>,
        options: &NginxOptions,
        refuse: bool,
    ) -> NginxRouter {
        let (ingresses, services) = read(objects, options);
        let Accepted {
            refused,
            denied,
            accepted,
        } = accept(ingresses, refuse);
        // canary-* without canary: "true" is discarded and the Ingress competes normally. A canary Ingress
        // renders no location of its own, so denying its locations changes nothing.
        let (canary_ings, normal): (Vec<_>, Vec<_>) = accepted
            .into_iter()
            .partition(|(i, _)| ann_bool(i, "canary", false));
        let canary_ings: Vec<&Ingress> = canary_ings.into_iter().map(|(i, _)| i).collect();
        let mut servers = Servers::new();
        for (ing, denied) in &normal {
            servers.add_ingress(ing, denied.clone());
        }
        let mut router = servers.finish(&canary_ings);
        router.services = services;
        router.refused = refused;
        router.denied = denied;
        router
    }
}

/// The Ingresses of the chosen classes in ingress-nginx order, and the Services by namespace and name.
fn read<'a>(
    objects: impl IntoIterator<Item = &'a Object>,
    options: &NginxOptions,
) -> (Vec<&'a Ingress>, HashMap<String, HashMap<String, Service>>) {
    let mut ingresses: Vec<&Ingress> = Vec::new();
    let mut services: HashMap<String, HashMap<String, Service>> = HashMap::new();
    for o in objects {
        match o {
            Object::Ingress(i) => ingresses.push(i),
            Object::Service(s) => {
                services
                    .entry(s.metadata.namespace_or_default().to_string())
                    .or_default()
                    .insert(s.metadata.name.clone(), s.clone());
            }
            _ => {}
        }
    }
    if !options.classes.is_empty() {
        ingresses.retain(|i| class_of(i).is_some_and(|c| options.classes.iter().any(|k| k == c)));
    }
    // ingress-nginx order: oldest first; equal timestamps: the greater ns/name first.
    ingresses.sort_by(|a, b| {
        let ta = a.metadata.creation_timestamp.as_deref().unwrap_or("");
        let tb = b.metadata.creation_timestamp.as_deref().unwrap_or("");
        ta.cmp(tb).then_with(|| id(b).cmp(&id(a)))
    });
    (ingresses, services)
}

/// The acceptance verdicts of the Ingresses, in their order.
struct Accepted<'a> {
    refused: Vec<Refused>,
    denied: Vec<Refused>,
    /// The Ingresses routed, each with why its locations are denied (503), if they are.
    accepted: Vec<(&'a Ingress, Option<String>)>,
}

/// Each Ingress judged by the acceptance rules: refused ones left out (when `refuse`), denied ones kept with
/// why.
fn accept(ingresses: Vec<&Ingress>, refuse: bool) -> Accepted<'_> {
    let mut refused = Vec::new();
    let mut denied = Vec::new();
    let mut accepted: Vec<(&Ingress, Option<String>)> = Vec::with_capacity(ingresses.len());
    for i in ingresses {
        let verdict = judge(i);
        let entry = |(annotation, reason): (String, String)| Refused {
            namespace: i.metadata.namespace_or_default().to_string(),
            name: i.metadata.name.clone(),
            annotation,
            reason,
        };
        if let Some(r) = verdict.refused.filter(|_| refuse) {
            refused.push(entry(r));
            continue;
        }
        let why = verdict.denied.map(|d| {
            let r = entry(d);
            let why = format!("{}: {}", r.annotation, r.reason);
            denied.push(r);
            why
        });
        accepted.push((i, why));
    }
    Accepted {
        refused,
        denied,
        accepted,
    }
}

/// Rule `rule`, path `path` of `ing`, as a source of a decision.
fn source(ing: &Ingress, rule: Option<usize>, path: Option<usize>) -> Source {
    Source {
        namespace: ing.metadata.namespace_or_default().to_string(),
        name: ing.metadata.name.clone(),
        rule,
        path,
    }
}

/// The servers while the Ingresses are read, oldest first.
struct Servers {
    servers: Vec<Server>,
    by_name: HashMap<String, usize>,
    /// Per server, the (path, type) already taken: the oldest Ingress wins.
    seen: Vec<HashSet<(String, &'static str)>>,
    /// Per server, whether its `/` location is still the synthesised one.
    root_is_synth: Vec<bool>,
    tls_hosts: HashSet<String>,
    catch_all_set: bool,
    /// server-alias: first Ingress per host wins.
    aliases: Vec<(String, usize)>,
    alias_set: HashSet<usize>,
    /// www twins: first Ingress per twin wins.
    www_twins: HashMap<String, (String, Source)>,
    /// ssl-passthrough: the servers some Ingress flags, with the first such Ingress.
    passthrough_flags: HashMap<usize, Source>,
}

fn new_server(name: &str, root: Location) -> Server {
    Server {
        name: name.to_string(),
        locations: vec![root],
        regex_mode: false,
        regexes: Vec::new(),
        regex_index: PrefixIndex::default(),
        rewrite: Mutex::new(None),
        exact: HashMap::new(),
        prefix: HashMap::new(),
        app_root: None,
        passthrough: None,
        matched: Vec::new(),
    }
}

impl Servers {
    /// Only the catch-all `_` with the controller's default backend.
    fn new() -> Servers {
        let default_root = Location {
            path: "/".into(),
            exact: false,
            ingress_path: "/".into(),
            path_type: "Prefix",
            source: None,
            target: Target::Default,
            ann: Arc::new(Ann {
                ssl_redirect: true,
                ..Ann::default()
            }),
        };
        Servers {
            servers: vec![new_server("_", default_root)],
            by_name: HashMap::from([("_".into(), 0)]),
            seen: vec![HashSet::new()],
            root_is_synth: vec![true],
            tls_hosts: HashSet::new(),
            catch_all_set: false,
            aliases: Vec::new(),
            alias_set: HashSet::new(),
            www_twins: HashMap::new(),
            passthrough_flags: HashMap::new(),
        }
    }

    /// One accepted Ingress (`denied`: why its locations answer 503): its default backend, certificates and
    /// rules.
    fn add_ingress(&mut self, ing: &Ingress, denied: Option<String>) {
        let ann = Arc::new(parse_ann(ing, denied));
        let default_target = ing
            .spec
            .default_backend
            .as_ref()
            .and_then(|b| upstream_of(ing, b))
            .map_or(Target::Default, Target::Service);
        if ing.spec.rules.is_empty() && ing.spec.default_backend.is_some() && !self.catch_all_set {
            self.catch_all_set = true;
            self.catch_all(ing, &ann, &default_target);
        }
        // Certificates belong to servers: every rule host of an Ingress with a tls section is served with
        // one (its own, or the default certificate). A `tls.hosts` entry alone creates no server, so a
        // `*.parent` entry only covers siblings when some Ingress has a rule for the `*.parent` host
        // (certificate.lua looks servers up by name).
        if !ing.spec.tls.is_empty() {
            for r in &ing.spec.rules {
                if let Some(h) = r.host.as_deref().filter(|h| !h.is_empty()) {
                    self.tls_hosts.insert(h.to_ascii_lowercase());
                }
            }
        }
        for ri in 0..ing.spec.rules.len() {
            self.add_rule(ing, ri, &ann, &default_target);
        }
    }

    /// The first Ingress with only a default backend takes the catch-all's `/`.
    fn catch_all(&mut self, ing: &Ingress, ann: &Ann, default_target: &Target) {
        // `createServers`: the Ingress's location annotations apply to the catch-all, except its
        // redirect and rewrite settings ("Redirect and rewrite can affect the catch all behavior, skip
        // for now"), which keep the default location's zero values: no redirect, no rewrite, and no
        // HTTPS redirect (ssl-redirect, force-ssl-redirect, app-root and use-regex are rewrite settings).
        let catch_all = Ann {
            use_regex: false,
            rewrite_target: None,
            ssl_redirect: false,
            force_ssl_redirect: false,
            preserve_trailing_slash: false,
            permanent_redirect: None,
            temporal_redirect: None,
            app_root: None,
            ..ann.clone()
        };
        self.servers[0].locations[0] = Location {
            source: Some(source(ing, None, None)),
            target: default_target.clone(),
            ann: Arc::new(catch_all),
            ..self.servers[0].locations[0].clone()
        };
    }

    /// Rule `ri` of `ing`: its server (created with a root location from this Ingress when new), the server's
    /// settings this Ingress brings first (app-root, aliases, passthrough, www twin), and its paths.
    fn add_rule(&mut self, ing: &Ingress, ri: usize, ann: &Arc<Ann>, default_target: &Target) {
        let rule = &ing.spec.rules[ri];
        let host = rule
            .host
            .as_deref()
            .filter(|h| !h.is_empty())
            .map_or("_".to_string(), str::to_ascii_lowercase);
        let si = match self.by_name.get(&host) {
            Some(&si) => si,
            None => {
                self.servers.push(new_server(
                    &host,
                    Location {
                        path: "/".into(),
                        exact: false,
                        ingress_path: "/".into(),
                        path_type: "Prefix",
                        source: Some(source(ing, None, None)),
                        target: default_target.clone(),
                        ann: Arc::clone(ann),
                    },
                ));
                self.seen.push(HashSet::new());
                self.root_is_synth.push(true);
                let si = self.servers.len() - 1;
                self.by_name.insert(host.clone(), si);
                si
            }
        };
        self.server_settings(ing, ri, si, &host, ann);
        let Some(http) = &rule.http else { return };
        for (pi, p) in http.paths.iter().enumerate() {
            let raw = p
                .path
                .as_deref()
                .filter(|p| !p.is_empty())
                .unwrap_or("/")
                .to_string();
            let ty = path_type(p.path_type.as_ref());
            // A non-Service backend is skipped; its path falls to other locations.
            let Some(up) = upstream_of(ing, &p.backend) else {
                continue;
            };
            if !self.seen[si].insert((raw.clone(), ty)) {
                continue; // same path and type: the oldest Ingress wins
            }
            let loc = Location {
                path: raw.clone(),
                exact: ty == "Exact",
                ingress_path: raw.clone(),
                path_type: ty,
                source: Some(source(ing, Some(ri), Some(pi))),
                target: Target::Service(up),
                ann: Arc::clone(ann),
            };
            if raw == "/" && ty == "Prefix" && self.root_is_synth[si] {
                self.servers[si].locations[0] = loc;
                self.root_is_synth[si] = false;
            } else {
                self.servers[si].locations.push(loc);
            }
        }
    }

    /// What rule `ri` of `ing` sets on server `si` of `host`, where no older Ingress set it: app-root, aliases,
    /// ssl-passthrough, the from-to-www twin.
    fn server_settings(&mut self, ing: &Ingress, ri: usize, si: usize, host: &str, ann: &Ann) {
        if self.servers[si].app_root.is_none()
            && let Some(a) = &ann.app_root
        {
            self.servers[si].app_root = Some((a.clone(), source(ing, Some(ri), None)));
        }
        if let Some(list) = ann_str(ing, "server-alias").filter(|a| !a.is_empty())
            && self.alias_set.insert(si)
        {
            for a in list
                .split(',')
                .map(|a| a.trim().to_ascii_lowercase())
                .filter(|a| !a.is_empty())
            {
                self.aliases.push((a, si));
            }
        }
        // The TLS proxy compares the SNI with server names as strings: a wildcard server never matches.
        if host != "_" && !host.starts_with("*.") && ann_bool(ing, "ssl-passthrough", false) {
            self.passthrough_flags
                .entry(si)
                .or_insert_with(|| source(ing, Some(ri), None));
        }
        if host != "_" && ann_bool(ing, "from-to-www-redirect", false) {
            let twin = match host.strip_prefix("www.") {
                Some(bare) => bare.to_string(),
                None => format!("www.{host}"),
            };
            self.www_twins
                .entry(twin)
                .or_insert_with(|| (host.to_string(), source(ing, Some(ri), None)));
        }
    }

    /// Every server finished, the host indexes (aliases, www twins), passthrough and the canaries merged: the
    /// model without its Services and verdicts.
    fn finish(self, canary_ings: &[&Ingress]) -> NginxRouter {
        let Servers {
            mut servers,
            by_name,
            tls_hosts,
            aliases,
            mut www_twins,
            passthrough_flags,
            ..
        } = self;
        let mut locations = 0;
        for s in &mut servers {
            finish_server(s);
            locations += s.locations.len();
        }
        let canaries = canary::merge_canaries(canary_ings, &servers, &by_name);
        let mut exact_hosts = HashMap::new();
        let mut wildcard_hosts = HashMap::new();
        for (i, s) in servers.iter().enumerate() {
            match s.name.strip_prefix("*.") {
                Some(suffix) => {
                    wildcard_hosts.insert(suffix.to_string(), i);
                }
                None => {
                    exact_hosts.insert(s.name.clone(), i);
                }
            }
        }
        // Aliases equal to an existing host are dropped; twins only exist where no server does.
        for (alias, si) in aliases {
            exact_hosts.entry(alias).or_insert(si);
        }
        www_twins.retain(|twin, _| !exact_hosts.contains_key(twin));
        // `nginx.go generateTemplate`: a passthrough server's TLS goes to the Service of its `/` location.
        for (si, source) in passthrough_flags {
            let server = &mut servers[si];
            if let Some(Target::Service(up)) = server
                .locations
                .iter()
                .find(|l| l.path == "/" && !l.exact)
                .map(|l| &l.target)
            {
                server.passthrough = Some((up.clone(), source));
            }
        }
        let tls_wildcard_parents = tls_hosts
            .iter()
            .filter_map(|h| h.strip_prefix("*.").map(str::to_string))
            .collect();
        for server in &mut servers {
            server.matched = server
                .locations
                .iter()
                .map(|l| location_matched(server, l))
                .collect();
        }
        NginxRouter {
            servers,
            exact_hosts,
            wildcard_hosts,
            canaries,
            tls_hosts,
            tls_wildcard_parents,
            www_twins,
            services: HashMap::new(),
            refused: Vec::new(),
            denied: Vec::new(),
            locations,
        }
    }
}

/// `updateServerLocations`, the regex mode, nginx order and the lookup indexes of one server.
fn finish_server(s: &mut Server) {
    s.regex_mode = s.locations.iter().any(|l| l.ann.use_regex || needs_rewrite(l));
    let exact_paths: HashSet<String> = s
        .locations
        .iter()
        .filter(|l| l.exact)
        .map(|l| l.path.clone())
        .collect();
    let mut out: Vec<Location> = Vec::with_capacity(s.locations.len() * 2);
    for l in s.locations.drain(..) {
        if l.path == "/" || l.exact || l.ann.use_regex || needs_rewrite(&l) {
            out.push(l);
            continue;
        }
        let mut prefix = l.clone();
        if !prefix.path.ends_with('/') {
            prefix.path.push('/');
        }
        if exact_paths.contains(&l.path) {
            out.push(prefix);
            continue;
        }
        let mut exact = l;
        exact.exact = true;
        out.push(prefix);
        out.push(exact);
    }
    // Sort: by path string descending, then (stable) by length descending.
    out.sort_by(|a, b| b.path.len().cmp(&a.path.len()).then_with(|| b.path.cmp(&a.path)));
    s.locations = out;
    if s.regex_mode {
        let patterns: Vec<String> = s.locations.iter().map(|l| format!("(?i)^{}", l.path)).collect();
        s.regexes = patterns.iter().map(|p| Regex::new(p).ok()).collect();
        for (i, p) in patterns.iter().enumerate() {
            s.regex_index.push(i as u32, p);
        }
    } else {
        for (i, l) in s.locations.iter().enumerate() {
            let map = if l.exact { &mut s.exact } else { &mut s.prefix };
            map.entry(l.path.clone()).or_insert(i);
        }
    }
}

pub(super) fn matched(src: &Source, description: &str) -> Matched {
    Matched {
        kind: "Ingress".to_string(),
        namespace: src.namespace.clone(),
        name: src.name.clone(),
        rule: src.rule,
        match_index: src.path,
        description: description.to_string(),
    }
}

fn location_matched(s: &Server, l: &Location) -> Matched {
    let loc = if s.regex_mode {
        format!("~* \"^{}\"", l.path)
    } else if l.exact {
        format!("= {}", l.path)
    } else {
        l.path.clone()
    };
    let what = match &l.source {
        Some(src) if src.rule.is_none() => "root location synthesised from the oldest Ingress of the host",
        None => "the controller's default backend",
        Some(_) => "path",
    };
    let description = format!(
        "server {} location {loc} ({what} {} {}){}",
        s.name,
        l.ingress_path,
        l.path_type,
        if s.regex_mode {
            "; regex mode on this host"
        } else {
            ""
        }
    );
    match &l.source {
        Some(src) => matched(src, &description),
        None => Matched {
            kind: "Controller".to_string(),
            namespace: String::new(),
            name: "default-backend".to_string(),
            rule: None,
            match_index: None,
            description,
        },
    }
}
