//! The standard emitter's verdict on each fact the provider noted: how it comes across in Gateway API (its
//! status) and the report line that says so.

use crate::{
    facts::{Fact, RewriteHow},
    intent::BackendProtocol,
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
        Fact::PathMatch { path, kind, implementation_specific, regex_mode, empty, slash_redirect, unavailable } => {
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
            if *unavailable {
                // The match is the same; what it leads to is not (503 before, 500 after).
                message.push_str("; its backend does not resolve (see the backend's line): ingress-nginx answers 503 here, the rule written without a backend 500");
                return (Status::Approximate, message);
            }
            (Status::Exact, message)
        }
        Fact::HostsDefaultBackend => (Status::Exact, "serves the paths no rule matches on this Ingress's hosts (a PathPrefix / rule), as ingress-nginx does for the oldest Ingress of each host".to_string()),
        Fact::HttpsRedirectStripsSlash { hosts } => (Status::Approximate, format!("plain-HTTP requests to {} are redirected to HTTPS (308) as before, but ingress-nginx removed one trailing `/` from the Location (http://host/a/ → https://host/a) and the Gateway keeps the path (→ https://host/a/): paths ending in `/` land on the slash form over HTTPS", hosts.join(", "))),
        Fact::ResourceBackend { kind, name } => (Status::Unsupported, format!("resource backend {} {}: ingress-nginx skips a path with a non-Service backend (its requests fall to the host's other paths) and so does the conversion; Gateway API has no equivalent. Route it to a Service, or use an implementation-specific backend kind", kind, name)),
        Fact::MissingServicePort { namespace: ns, service, port: n } => (Status::Manual, format!("Service {ns}/{} has no port {n}: ingress-nginx answers 503 for this path, a Gateway 500; fix the port", service)),
        Fact::AppProtocol { port: number, app_protocol: ap } => (Status::Approximate, format!("Service port {number} declares appProtocol {ap}: Gateway implementations use it to choose the protocol to the backend (HTTP/2 for kubernetes.io/h2c), where ingress-nginx spoke HTTP/1.1 without a backend-protocol annotation; check that the backend accepts it")),
        Fact::MissingService { namespace: ns, service } => (Status::Manual, format!("Service {ns}/{service} is not in the input, which has Services: ingress-nginx answers 503 for a missing Service, a Gateway 500; create it or fix the name (or add its manifest with -f)")),
        Fact::MissingServicePortName { namespace: ns, service, port, ports } => (Status::Manual, format!("Service {ns}/{service} has no port named {port:?} (ports: {}): ingress-nginx answers 503 for this path, and the rule written for it has no backend, so a Gateway answers 500; fix the port name", ports.join(", "))),
        Fact::PortNameWithoutServices { namespace: ns, service, port } => (Status::Manual, format!("port {port:?} of Service {ns}/{service} is a name, and the input has no Services to resolve it to a number: the rule written for this path has no backend (a Gateway answers 500). Give the Services (kubectl get svc -A -o yaml) with -f, or name the port by number")),
        Fact::NoServicesInInput => (Status::Approximate, "the input has no Services: every Service reference is taken to exist with the port number it names (ingress-nginx answers 503 for one that does not, and verify routes them as existing on both sides). Give `kubectl get svc -A -o yaml` with -f to resolve references".to_string()),
        Fact::TlsEntryWithoutSecret => (Status::Manual, "tls entry without secretName: ingress-nginx served its default (self-signed) certificate and redirected HTTP to HTTPS; a Gateway HTTPS listener needs a real certificate: add secretName".to_string()),
        Fact::TlsEntryUsed { secret: s, hosts, listed_no_hosts } => {
            let msg = format!("Secret {s} on the HTTPS listener(s) of {}", hosts.join(", "));
            if *listed_no_hosts {
                (Status::Approximate, format!("{msg}; the entry lists no hosts, so it was applied to this Ingress's hosts (ingress-nginx matched them against the certificate's names, which gateshift cannot read)"))
            } else {
                (Status::Exact, msg)
            }
        }
        Fact::DefaultCertificate { host, default: Some((ns, name)) } => (Status::Exact, format!("host {host} has no certificate of its own, but this Ingress has a tls section, so ingress-nginx served {host} with its default certificate {ns}/{name} (--default-ssl-certificate) and redirected HTTP to HTTPS; so does the Gateway: an HTTPS listener for {host} with Secret {ns}/{name} (and the ReferenceGrant it needs)")),
        Fact::NoOwnCertificate { host, default: Some((ns, name)) } => (Status::Exact, format!("host {host} has no tls entry: ingress-nginx served https://{host} with its default certificate {ns}/{name} (--default-ssl-certificate), without redirecting HTTP to HTTPS; so does the Gateway: an HTTPS listener for {host} with Secret {ns}/{name} (and the ReferenceGrant it needs)")),
        Fact::NoOwnCertificate { host, default: None } => (Status::Approximate, format!("host {host} has no tls entry and the controller has no --default-ssl-certificate: ingress-nginx answered https://{host} with its self-signed certificate (clients that skip verification reached the site); after the switch https://{host} has no listener and stops answering. Add a tls entry for {host}, or give the certificate with --default-ssl-certificate NAMESPACE/NAME")),
        Fact::DefaultCertificate { host, default: None } => (Status::Manual, format!("host {host} has no certificate of its own, but this Ingress has a tls section, so ingress-nginx served {host} with its default (self-signed) certificate and redirected HTTP to HTTPS. The conversion keeps the redirect but can write no HTTPS listener without a certificate, so https://{host} has no listener and its paths are unreachable until you add a tls entry with a secretName for {host}")),
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
        Fact::RegexMode { name, host, others } => (Status::Approximate, format!("{name} puts host {host} in ingress-nginx's regex mode (turned on by {others}): every path of the host matches as a case-insensitive regex anchored at the start only, written as RegularExpression `(?i)<path>.*`. The regex dialect is implementation-specific (RE2 on Envoy-based Gateways, PCRE in nginx), and where two regex paths match one request nginx took the longer path while Gateway API leaves the order to the implementation")),
        Fact::RegexModeOfOthers { host, others } => (Status::Approximate, format!("host {host} is in ingress-nginx's regex mode because of {others} (use-regex or rewrite-target), so this Ingress's paths there matched as case-insensitive regexes anchored at the start only (Exact became a prefix, Prefix /a matched /abc): they are written as RegularExpression matches to keep that")),
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
        Fact::ClassAnnotation { class } => (Status::Exact, format!("ingress class {class:?}: selects the Gateway this Ingress's routes attach to")),
        Fact::ForeignAnnotation => (Status::Ignored, "not an ingress-nginx annotation: ingress-nginx does not read it, and it is not carried over to the generated objects; if another controller (cert-manager, external-dns, ...) reads it, configure that controller for the Gateway".to_string()),
        Fact::CanaryBalancing { name, advice } => (Status::Manual, format!("{name} on a canary Ingress sets the balancing of the canary upstream; Gateway API has no balancing setting: {advice}")),
        Fact::SecurityLoss { shown, value, exposed, advice, accepted } => (
            Status::Unsupported,
            if *accepted {
                format!("security control {shown}={value:?} is not in the generated objects, accepted with --accept-security-loss: {exposed} are now served WITHOUT it, more exposed than before. Reproduce it: {advice}")
            } else {
                format!("security control {shown}={value:?} cannot be expressed in standard Gateway API: without it {exposed} would be served more exposed than before, so no manifests were written. Reproduce it: {advice}; or pass --accept-security-loss to convert without it")
            },
        ),
        Fact::NotExpressible { shown, value, advice } => (Status::Manual, format!("{shown}={value:?} is not expressible in standard Gateway API and is not in the generated objects: {advice}")),
        Fact::SslRedirect { on } => (Status::Exact, format!("ssl-redirect={on}: plain-HTTP requests of this Ingress's paths {} redirected to HTTPS (308) when the host has a certificate, by the HTTP listener's route", if *on { "are" } else { "are not" })),
        Fact::ForceSslRedirect { on } => (Status::Exact, format!("force-ssl-redirect={on}: plain-HTTP requests of this Ingress's paths {} redirected to HTTPS (308) even without a certificate", if *on { "are" } else { "are not" })),
        Fact::TrailingSlash { preserve } => {
            let (status, how) = if *preserve {
                (Status::Exact, "kept the trailing `/` in its HTTPS redirect, as a Gateway RequestRedirect does")
            } else {
                (Status::Approximate, "stripped one trailing `/` in its HTTPS redirect; a Gateway RequestRedirect keeps the path as it is (the browser then asks for the path with the slash)")
            };
            (status, format!("preserve-trailing-slash={preserve}: ingress-nginx {how}"))
        }
        Fact::ForwardedPrefix { prefix } => (Status::Exact, format!("RequestHeaderModifier sets X-Forwarded-Prefix: {prefix} on the rewritten rules")),
        Fact::AppRoot { root } => (Status::Exact, format!("requests for exactly `/` answer 302 to {root} (RequestRedirect on an Exact `/` rule), where this Ingress owns the host's root")),
        Fact::UpstreamHost { vhost } => (Status::Exact, format!("URLRewrite sets the Host header sent to the backend to {vhost}")),
        Fact::UpstreamHostNotHostname { vhost } => (Status::Manual, format!("upstream-vhost {vhost:?} is not a plain hostname (a port or an nginx variable): a Gateway URLRewrite hostname cannot express it, and the backend now receives the client's Host. Set the Host header with your implementation's policy")),
        Fact::ServiceUpstream { on: true } => (Status::Approximate, "service-upstream: ingress-nginx sent traffic to the Service's ClusterIP (kube-proxy balanced it); Gateway implementations balance over the endpoints themselves. Routing is the same; connection reuse and balancing differ".to_string()),
        Fact::ServiceUpstream { on: false } => (Status::Exact, "service-upstream is off: ingress-nginx balanced over endpoints, as Gateway implementations do".to_string()),
        Fact::ResponseHeaders { headers, namespace: ns, name } => (Status::Approximate, format!("ResponseHeaderModifier sets {} from ConfigMap {ns}/{name}; ingress-nginx only sent the headers its ConfigMap's global-allowed-response-headers allows, check that list", headers.join(", "))),
        Fact::ResponseHeadersMissing { namespace: ns, name } => (Status::Manual, format!("ConfigMap {ns}/{name} is not in the input, so its headers cannot be written: add it with -f (kubectl get configmap -n {ns} {name} -o yaml) and convert again, or add a ResponseHeaderModifier by hand")),
        Fact::ReadTimeout { seconds: read } => (Status::Approximate, format!("rule timeouts.backendRequest: {read}s. nginx's {read}s is the longest gap between two reads of the response, a Gateway's backendRequest timeout bounds the whole response: long or streaming responses that worked may now be cut")),
        Fact::SendTimeout { seconds: send } => (Status::Approximate, format!("nginx's {send}s is the longest gap between two writes of the request to the backend; Gateway API has no such timeout, so it is covered by the rule's backendRequest timeout only when proxy-read-timeout is set too")),
        Fact::ConnectTimeout { seconds: connect } => (Status::Manual, format!("connect timeout {connect}s: Gateway API has no connect timeout; set it with your implementation's policy (Envoy Gateway BackendTrafficPolicy timeout.tcp.connectTimeout, Istio DestinationRule connectionPool.tcp.connectTimeout)")),
        Fact::MirrorToService { namespace: ns, name, port, target } => (Status::Approximate, format!("RequestMirror to Service {ns}/{name}{}: the mirror receives the original request path (ingress-nginx sent {target}), and its responses are ignored as before", port.map(|p| format!(" port {p}")).unwrap_or_default())),
        Fact::MirrorNotService { target, invalid: Some(why) } => (Status::Manual, format!("mirror-target {target:?} has the form of a Service of the cluster, but {why}: no such Service can exist, so ingress-nginx mirrored to a host that does not resolve and no copy ever arrived. Nothing is mirrored after the conversion either; fix the target, then add a RequestMirror filter to its Service")),
        Fact::MirrorNotService { target, invalid: None } => (Status::Manual, format!("mirror-target {target:?} is not a Service of the cluster (http://<service>.<namespace>[.svc[.cluster.local]][:port]/...): Gateway API mirrors only to backends; create a Service (e.g. type ExternalName) for it and add a RequestMirror filter")),
        Fact::MirrorHost { host } => (Status::Approximate, format!("the mirrored copy keeps the client's Host header; ingress-nginx sent Host: {host}")),
        Fact::MirrorRequestBody { body } => (Status::Approximate, format!("mirror-request-body={body}: Gateway mirrors always carry the request body")),
        Fact::GrpcWithHttpFeatures => (Status::Approximate, "this Ingress also rewrites, sets CORS, timeouts or a mirror, which a GRPCRoute cannot carry, so its rules stay in the HTTPRoute; give the Service port appProtocol: kubernetes.io/h2c so the implementation speaks HTTP/2 to the backend".to_string()),
        Fact::BackendProtocol { proto: BackendProtocol::AutoHttp } => (Status::Manual, "AUTO_HTTP: ingress-nginx spoke to the backend with the client's scheme (HTTPS requests over TLS); a Gateway route uses one protocol per backend. Choose: plain HTTP (remove nothing), or TLS with a BackendTLSPolicy".to_string()),
        Fact::BackendProtocol { proto: BackendProtocol::Fcgi } => (Status::Unsupported, "FastCGI backends have no Gateway API equivalent; the route sends HTTP to the backend, which a FastCGI server does not understand. Put an HTTP server (e.g. nginx or a sidecar) in front of the FastCGI application".to_string()),
        Fact::BackendProtocol { .. } => (Status::Exact, "HTTP/1.1 to the backends, the Gateway default".to_string()),
        Fact::Grpc { proto, unmapped } if unmapped.is_empty() => (Status::Approximate, format!("{}: the paths become a GRPCRoute (`/` = every method, `/pkg.Service` = a service, `/pkg.Service/Method` = a method), which implementations send to the backend over HTTP/2. gRPC clients need an HTTP/2 capable listener; a host served by both this GRPCRoute and HTTPRoutes on one listener is a conflict in Gateway API, so keep gRPC hosts separate", proto.as_str())),
        Fact::Grpc { proto, unmapped } => (Status::Approximate, format!("{}: paths {} do not name a gRPC service or method, so the rules stay in the HTTPRoute; the implementation must speak HTTP/2 to the backend: give the Service port appProtocol: {}", proto.as_str(), unmapped.join(", "), if *proto == BackendProtocol::Grpcs { "kubernetes.io/h2 (with the BackendTLSPolicy)" } else { "kubernetes.io/h2c" })),
        Fact::BackendTlsVerified => (Status::Approximate, "HTTPS: a BackendTLSPolicy makes the Gateway speak TLS to the Service and verify it, as proxy-ssl-verify did".to_string()),
        Fact::BackendCaSecret { namespace: ns, name } => (Status::Approximate, format!("BackendTLSPolicy caCertificateRefs names Secret {ns}/{name} (its ca.crt). Gateway API's core support is a ConfigMap with a ca.crt key: if your implementation does not read Secrets here, copy ca.crt into a ConfigMap of the Service's namespace and point the policy at it")),
        Fact::BackendTlsVerify => (Status::Exact, "verification of the backend certificate is what a BackendTLSPolicy always does".to_string()),
        Fact::BackendTlsName { name: n } => (Status::Exact, format!("BackendTLSPolicy validation.hostname {n} (checked and sent as SNI)")),
        Fact::BackendTlsSni => (Status::Approximate, "a BackendTLSPolicy always sends SNI (validation.hostname)".to_string()),
        Fact::BackendTlsUnverified { proto } => (Status::Manual, format!("{} without proxy-ssl-verify: \"on\" and proxy-ssl-secret: ingress-nginx spoke TLS to the backend without verifying its certificate, which Gateway API cannot express (a BackendTLSPolicy always verifies). The generated route speaks plain HTTP to a TLS port until you add a BackendTLSPolicy with the backend's CA (or your implementation's insecure-TLS option)", proto.as_str())),
        Fact::BackendTlsSetting { name } => (Status::Manual, format!("{name} goes into the BackendTLSPolicy you write for this backend (see backend-protocol)")),
        Fact::CanaryHeader { header: h } => (Status::Exact, format!("a rule matching header {h} goes before the main rule")),
        Fact::CanaryHeaderValue => (Status::Exact, "the canary rule's header match is Exact on this value".to_string()),
        Fact::CanaryHeaderPatternInvalid { error } => (Status::Approximate, format!("the pattern is not a valid regular expression ({error}): ingress-nginx accepts it (it checks only the characters), but its balancer fails to match it, so every request carrying the header goes to the main backend, cookie and weight not consulted. Converted as that: a rule matching the header with any value (RegularExpression `.*`, implementation-specific support) sends it to the main backend; the pattern itself is never emitted. Fix the pattern if a canary was meant")),
        Fact::CanaryHeaderPattern => (Status::Approximate, "the canary rule's header match is a RegularExpression with this pattern; ingress-nginx used PCRE and an unanchored search, Gateway implementations their own dialect (RE2 on Envoy) and often a full match".to_string()),
        Fact::CanaryCookie { cookie } => (Status::Approximate, format!("rules matching the Cookie header with the regexes `^(.*;\\s*)?{cookie}=always(\\s*;.*)?$` (canary) and `...{cookie}=never...` (main) go before the main rule (RegularExpression header matches are implementation-specific)")),
        Fact::RedirectUrlNotSplit { url } => (Status::Manual, format!("{url:?} is not an absolute http(s) URL the conversion can split into scheme, host, port and path; add the RequestRedirect filter by hand")),
        Fact::RedirectCodeNotWritable { code } => (Status::Manual, format!("redirect code {code} cannot be written: Gateway API redirects use 301, 302, 303, 307 or 308. Choose one of them and add the RequestRedirect filter by hand")),
        Fact::RedirectCodeOutside { code } => (Status::Manual, format!("code {code} is outside what Gateway API allows (301, 302, 303, 307, 308)")),
        Fact::RedirectWithQuery { url } => (Status::Manual, format!("{url:?} has a query or fragment: a Gateway RequestRedirect cannot set them; add the redirect with your implementation's policy")),
        Fact::FixedRedirect { code, url } => (Status::Approximate, format!("every path of this Ingress answers {code} with Location {url} (RequestRedirect filter{}). ingress-nginx sent the URL as written; the Gateway keeps the request's query string", if matches!(code, 301 | 302) { "" } else { "; status codes other than 301 and 302 are an Extended feature" })),
        Fact::RedirectCode { code } => (Status::Exact, format!("status code {code} on the RequestRedirect filter")),
        Fact::Cors { origins, methods, credentials, max_age } => (Status::Approximate, format!("CORS filter on every rule of this Ingress with ingress-nginx's values (origins {}, methods {}, credentials {credentials}, max age {max_age}s). {}", origins.join(" "), methods.join(","), cors_change(origins))),
        Fact::CorsSetting { name } => (Status::Exact, format!("{name} is carried into the CORS filter")),
        Fact::CorsDropped { dropped } => (Status::Approximate, format!("left out of the CORS filter, which does not accept them: {}", dropped.join(", "))),
    }
}

/// A rewrite as a URLRewrite filter, in words.
fn rewrite_how(how: &RewriteHow) -> String {
    match how {
        RewriteHow::Full { full } => format!(
            "URLRewrite ReplaceFullPath {full}: every request of the path is sent to the backend as {full} (query kept), as nginx's rewrite did"
        ),
        RewriteHow::Prefix {
            lit,
            with,
            replacement,
            lit_slash,
        } => {
            let mut how = format!(
                "PathPrefix {lit} with URLRewrite ReplacePrefixMatch {with}: {lit}/rest is sent as {}rest",
                if with == "/" {
                    "/".to_string()
                } else {
                    format!("{with}/")
                }
            );
            if replacement != "/" {
                how.push_str(&format!(
                    "; {lit} alone is sent as {with} where nginx sent {replacement}"
                ));
            }
            if *lit_slash {
                how.push_str(&format!(
                    "; {lit} without a trailing slash now matches too (nginx needed {lit}/)"
                ));
            }
            how
        }
    }
}

/// What changes with a CORS filter, by origins (the template's `buildCorsOriginRegex`): `*` makes `$cors` true
/// for every request, a list only for a matching Origin. `gateshift verify` shows the same cases.
fn cors_change(origins: &[String]) -> String {
    if origins.iter().any(|o| o == "*") {
        "With origin *, ingress-nginx answered every OPTIONS request itself with 204 (with or without Origin) and sent the CORS headers (Access-Control-Allow-Origin: *) on every response; a Gateway CORS filter answers only real preflight requests (OPTIONS with Origin and Access-Control-Request-Method) and echoes the origin: other OPTIONS requests now reach the backend".to_string()
    } else {
        let wildcard = if origins.iter().any(|o| o.contains('*')) {
            "; a * in an origin matched one label in ingress-nginx and matches any number of labels in the filter"
        } else {
            ""
        };
        format!(
            "With listed origins, ingress-nginx answered an OPTIONS request itself with 204 and sent the CORS headers only when its Origin matched one of them; other OPTIONS requests reached the backend. A Gateway CORS filter answers every real preflight request (OPTIONS with Origin and Access-Control-Request-Method) itself, without CORS headers from an origin not listed, so those no longer reach the backend{wildcard}"
        )
    }
}
