//! The standard emitter's verdict on each fact the provider noted: how it comes across in Gateway API (its
//! status) and the report line that says so.

use crate::{
    facts::{Fact, RewriteHow},
    model::PathKind,
    report::Status,
};

/// Hostless routes keep to unknown hosts only where the implementation isolates listeners.
const ISOLATION: &str = "requests for hosts that have their own listener stay there only on implementations with listener isolation (GatewayHTTPListenerIsolation, Extended); check yours";

/// How `fact` comes across in standard Gateway API, in words.
pub(crate) fn explain(fact: &Fact) -> (Status, String) {
    match fact {
        Fact::CatchAllBackend => (Status::Approximate, format!("catch-all: requests for any host no other rule serves go here (HTTPRoute without hostnames on the Gateway's hostless listener); {ISOLATION}")),
        Fact::WildcardHost { suffix } => (Status::Approximate, format!("wildcard host: ingress-nginx matched exactly one label in place of `*` (a.{0} but not a.b.{0}); a Gateway API wildcard matches one or more labels, so deeper names that got 404 before now reach this route", suffix)),
        Fact::PlainHost => (Status::Exact, "HTTPRoute hostname and Gateway listener hostname".to_string()),
        Fact::HostlessRule => (Status::Approximate, format!("rule without host: served for every host no other rule serves (HTTPRoute without hostnames on the Gateway's hostless listener); {ISOLATION}")),
        Fact::PathNotMatchable { path, why } => (Status::Unsupported, format!("path {path:?} cannot be written as a Gateway API path match: {why}; without regex mode ingress-nginx matched it literally")),
        Fact::PathMatch { path, kind, implementation_specific, regex_mode, empty, slash_redirect } => {
            let mut message = if *regex_mode {
                format!("{path} is matched as the case-insensitive regex ^{path}, the host being in ingress-nginx's regex mode: written as RegularExpression (?i){path}.*, or as a PathPrefix where a rewrite needs one (see use-regex / rewrite-target)")
            } else {
                let how = match (implementation_specific, kind) {
                    (true, _) => "ImplementationSpecific read as Prefix, as ingress-nginx does without regex mode: PathPrefix",
                    (false, PathKind::Exact) => "Exact",
                    (false, PathKind::Prefix) => "PathPrefix",
                };
                format!("{how} {path}")
            };
            if *empty {
                message.push_str(" (an empty path is `/` for ingress-nginx)");
            }
            if *slash_redirect {
                message.push_str(&format!("; nginx answers {} (no slash) with a 301 to {path}, written as an Exact rule with a redirect unless another path claims it", path.trim_end_matches('/')));
            }
            (Status::Exact, message)
        }
        Fact::HostsDefaultBackend => (Status::Exact, "serves the paths no rule matches on this Ingress's hosts (a PathPrefix / rule), as ingress-nginx does for the oldest Ingress of each host".to_string()),
        Fact::HttpsRedirectStripsSlash { hosts } => (Status::Approximate, format!("plain-HTTP requests to {} are redirected to HTTPS (308) as before, but ingress-nginx removed one trailing `/` from the Location (http://host/a/ → https://host/a) and the Gateway keeps the path (→ https://host/a/): paths ending in `/` land on the slash form over HTTPS", hosts.join(", "))),
        Fact::ResourceBackend { kind, name } => (Status::Unsupported, format!("resource backend {} {}: ingress-nginx skips a path with a non-Service backend (its requests fall to the host's other paths) and so does the conversion; Gateway API has no equivalent. Route it to a Service, or use an implementation-specific backend kind", kind, name)),
        Fact::MissingServicePort { namespace: ns, service, port: n } => (Status::Manual, format!("Service {ns}/{} has no port {n}: ingress-nginx answers 503 for this path, a Gateway 500; fix the port", service)),
        Fact::AppProtocol { port: number, app_protocol: ap } => (Status::Approximate, format!("Service port {number} declares appProtocol {ap}: Gateway implementations use it to choose the protocol to the backend (HTTP/2 for kubernetes.io/h2c), where ingress-nginx spoke HTTP/1.1 without a backend-protocol annotation; check that the backend accepts it")),
        Fact::MissingService { namespace: ns, service } => (Status::Manual, format!("Service {ns}/{} is not in the input although other Services of {ns} are: ingress-nginx answers 503 for a missing Service, a Gateway 500; create it or fix the name", service)),
        Fact::TlsEntryWithoutSecret => (Status::Manual, "tls entry without secretName: ingress-nginx served its default (self-signed) certificate and redirected HTTP to HTTPS; a Gateway HTTPS listener needs a real certificate: add secretName".to_string()),
        Fact::TlsEntryUsed { secret: s, hosts, listed_no_hosts } => {
            let msg = format!("Secret {s} on the HTTPS listener(s) of {}", hosts.join(", "));
            if *listed_no_hosts {
                (Status::Approximate, format!("{msg}; the entry lists no hosts, so it was applied to this Ingress's hosts (ingress-nginx matched them against the certificate's names, which gateshift cannot read)"))
            } else {
                (Status::Exact, msg)
            }
        }
        Fact::DefaultCertificate { host } => (Status::Manual, format!("host {host} has no certificate of its own, but this Ingress has a tls section, so ingress-nginx served {host} with its default (self-signed) certificate and redirected HTTP to HTTPS. The conversion keeps the redirect but can write no HTTPS listener without a certificate, so https://{host} has no listener and its paths are unreachable until you add a tls entry with a secretName for {host}")),
        Fact::MissingSecret { namespace, secret } => (Status::Manual, format!("Secret {namespace}/{secret} is not in the input: ingress-nginx would serve its default certificate; the Gateway listener reports InvalidCertificateRef until it exists")),
        Fact::Rewrite { host, path, how, prefix_match, exact } => {
            let (status, caveat) = match (prefix_match, exact) {
                (true, _) => (
                    Status::Approximate,
                    "; a PathPrefix match is case-sensitive where nginx's regex was not (/API/x no longer matches), and the host's other paths are RegularExpression matches: Gateway API leaves it to the implementation whether a PathPrefix or a RegularExpression match wins when both match a request, so check yours",
                ),
                (false, true) => (Status::Exact, ""),
                (false, false) => (Status::Approximate, ""),
            };
            (status, format!("{host} {}: {}{caveat}", path, rewrite_how(how)))
        }
        Fact::RewriteNotLiteral { host, path, target, why } => (Status::Manual, format!("{host} {}: rewrite to {target:?} cannot be written as a Gateway API URLRewrite ({why}); the generated rule forwards the original path. Rewrite it in the backend or with your implementation's regex rewrite (Envoy Gateway HTTPRouteFilter urlRewrite.path.replaceRegexMatch, Istio VirtualService rewrite.uriRegexRewrite)", path)),
        Fact::RegexMode { name, host, others } => (Status::Approximate, format!("{name} puts host {host} in ingress-nginx's regex mode (turned on by {}): every path of the host matches as a case-insensitive regex anchored at the start only, written as RegularExpression `(?i)<path>.*`. The regex dialect is implementation-specific (RE2 on Envoy-based Gateways, PCRE in nginx), and where two regex paths match one request nginx took the longer path while Gateway API leaves the order to the implementation", others.join(", "))),
        Fact::RegexModeOfOthers { host, others } => (Status::Approximate, format!("host {host} is in ingress-nginx's regex mode because of {} (use-regex or rewrite-target), so this Ingress's paths there matched as case-insensitive regexes anchored at the start only (Exact became a prefix, Prefix /a matched /abc): they are written as RegularExpression matches to keep that", others.join(", "))),
        Fact::CanaryMerged { shown, canary, config: c, primary, others } => {
            let mut how = Vec::new();
            if let Some(h) = &c.by_header {
                how.push(match (&c.header_value, &c.header_pattern) {
                    (Some(v), _) => format!("header {h}: {v}"),
                    (None, Some(p)) => format!("header {h} matching /{p}/ (RegularExpression header match; the regex dialect is implementation-specific)"),
                    (None, None) => format!("header {h}: always (and {h}: never forces the main Service)"),
                });
            }
            if let Some(cookie) = &c.by_cookie {
                how.push(format!("cookie {cookie}=always (and =never forces the main Service), as a RegularExpression match on the Cookie header"));
            }
            if c.weight > 0 {
                how.push(format!("{} of {} other requests by backend weight", c.weight, c.weight_total));
            }
            if how.is_empty() {
                how.push("no condition and weight 0, so no request goes to the canary".into());
            }
            let mut message = format!(
                "canary for {shown} merged into the main rule: requests go to Service {}/{} port {} by {}, checked in ingress-nginx's order (header, cookie, weight)",
                canary.namespace,
                canary.name,
                canary.port,
                how.join("; ")
            );
            let status = if others.is_empty() && c.header_pattern.is_none() && c.by_cookie.is_none() {
                Status::Exact
            } else {
                Status::Approximate
            };
            if !others.is_empty() {
                message.push_str(&format!(". ingress-nginx applies a canary to every path that uses the same Service port ({}/{}:{}), so it is also merged into {}", primary.namespace, primary.name, primary.port, others.join(", ")));
            }
            if c.by_cookie.is_some() {
                message.push_str(". Cookie matching through a regex on the Cookie header needs RegularExpression header matches (implementation-specific support)");
            }
            (status, message)
        }
        Fact::WwwTwin { twin, host, tls } => (Status::Approximate, format!("{twin} gets its own listeners and a route answering 308 to {host}, keeping scheme, path and query; ingress-nginx wrote the port into the Location (`https://{host}:443/...`), the Gateway omits well-known ports. {}", if *tls { format!("The HTTPS listener of {twin} uses the certificate of {host}: it must cover {twin}, as it had to for ingress-nginx") } else { String::new() })),
        Fact::Passthrough { host, backend: b } => (Status::Approximate, format!("TLS connections for {host} on port 443 go unterminated to Service {}/{} port {} (a TLS listener in Passthrough mode and a TLSRoute); HTTPS routes of the host are not served on 443, as with ingress-nginx. Assumes the controller ran with --enable-ssl-passthrough (without it ingress-nginx ignored the annotation)", b.namespace, b.name, b.port)),
    }
}

/// A rewrite as a URLRewrite filter, in words.
fn rewrite_how(how: &RewriteHow) -> String {
    match how {
        RewriteHow::Full { full } => format!(
            "URLRewrite ReplaceFullPath {full}: every request of the path is sent to the backend as {full} (query kept), as nginx's rewrite did"
        ),
        RewriteHow::Prefix { lit, with, replacement, lit_slash } => {
            let mut how = format!(
                "PathPrefix {lit} with URLRewrite ReplacePrefixMatch {with}: {lit}/rest is sent as {}rest",
                if with == "/" { "/".to_string() } else { format!("{with}/") }
            );
            if replacement != "/" {
                how.push_str(&format!("; {lit} alone is sent as {with} where nginx sent {replacement}"));
            }
            if *lit_slash {
                how.push_str(&format!("; {lit} without a trailing slash now matches too (nginx needed {lit}/)"));
            }
            how
        }
    }
}
