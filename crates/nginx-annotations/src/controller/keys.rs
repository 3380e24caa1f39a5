//! The ConfigMap keys of ingress-nginx v1.15 (`docs/user-guide/nginx-configuration/configmap.md`,
//! `internal/ingress/controller/config/config.go`, `internal/ingress/defaults/main.go`), each with its default
//! and how gateshift carries it over. Data, not code: a key present in the controller's ConfigMap gets the
//! report line its row says (a value equal to the default changes nothing and is reported so).

use super::ConfigKey;
use crate::types::Handling::{Converted, Manual, NoEffect, SecurityLoss, Unsupported};

const fn key(name: &'static str, default: &'static str, handling: crate::Handling) -> ConfigKey {
    ConfigKey {
        name,
        default,
        handling,
    }
}

/// Every key, sorted by name.
pub static CONFIG_KEYS: &[ConfigKey] = &[
    key(
        "access-log-params",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "access-log-path",
        "/var/log/nginx/access.log",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "add-headers",
        "",
        Manual(
            "response headers added to every response from a ConfigMap; add a ResponseHeaderModifier filter to the routes by hand",
        ),
    ),
    key(
        "allow-backend-server-header",
        "false",
        Manual("the backend's Server header is passed; check your implementation"),
    ),
    key(
        "allow-cross-namespace-resources",
        "false",
        Manual(
            "whether annotations may reference Secrets and ConfigMaps of other namespaces; check the references by hand",
        ),
    ),
    key(
        "allow-snippet-annotations",
        "false",
        Manual(
            "whether `*-snippet` annotations are accepted; both models refuse snippets as at the default: with `true`, Ingresses with snippets were served and their snippets must be reproduced by hand",
        ),
    ),
    key(
        "annotation-value-word-blocklist",
        "",
        Manual(
            "annotation values with these words refuse the Ingress; the models do not apply it: check by hand which Ingresses it refused",
        ),
    ),
    key(
        "annotations-risk-level",
        "High",
        Manual(
            "annotations above this risk level make ingress-nginx refuse the Ingress; both models judge Ingresses at the default level (High): check by hand which Ingresses this changes",
        ),
    ),
    key(
        "bind-address",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "block-cidrs",
        "",
        SecurityLoss(
            "connections from these addresses are refused before any routing; use an implementation's client IP policy (Envoy Gateway SecurityPolicy `authorization`) or a firewall",
        ),
    ),
    key(
        "block-referers",
        "",
        SecurityLoss(
            "requests with these Referers are refused (403); use an implementation policy (Envoy Gateway SecurityPolicy, a WAF)",
        ),
    ),
    key(
        "block-user-agents",
        "",
        SecurityLoss(
            "requests with these User-Agents are refused (403); use an implementation policy (Envoy Gateway SecurityPolicy, a WAF)",
        ),
    ),
    key(
        "brotli-level",
        "4",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "brotli-min-length",
        "20",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "brotli-types",
        "application/xml+rss application/atom+xml application/java...",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "client-body-buffer-size",
        "8k",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "client-body-timeout",
        "60",
        Manual(
            "how long a client may take between two body reads (408 after); set with an implementation policy",
        ),
    ),
    key(
        "client-header-buffer-size",
        "1k",
        Manual("buffer for request headers; longer ones use large-client-header-buffers"),
    ),
    key(
        "client-header-timeout",
        "60",
        Manual(
            "how long a client may take to send its headers (408 after); set with an implementation policy",
        ),
    ),
    key(
        "compute-full-forwarded-for",
        "false",
        Manual(
            "X-Forwarded-For appended to rather than replaced; configure the implementation (Envoy appends by default with `xForwardedFor.numTrustedHops`)",
        ),
    ),
    key(
        "custom-http-errors",
        "",
        Manual(
            "ingress-nginx sends responses with these statuses to the default backend for a custom error page; Gateway API cannot: use an implementation policy (Envoy Gateway BackendTrafficPolicy `responseOverride`) or the backends' own pages",
        ),
    ),
    key(
        "debug-connections",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "default-type",
        "text/html",
        Manual(
            "Content-Type nginx gives responses that lack one; Gateway implementations pass the backend's response as is: set the header in the backend or with a response header filter",
        ),
    ),
    key(
        "denylist-source-range",
        "",
        SecurityLoss(
            "requests from these addresses are refused (403) on every location; use Envoy Gateway SecurityPolicy `authorization` (deny rules with client CIDRs) or Istio AuthorizationPolicy `notIpBlocks`",
        ),
    ),
    key(
        "disable-access-log",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "disable-ipv6",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "disable-ipv6-dns",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "enable-access-log-for-default-backend",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "enable-aio-write",
        "true",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "enable-brotli",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "enable-modsecurity",
        "false",
        SecurityLoss("the ModSecurity WAF inspects requests; use your implementation's WAF integration"),
    ),
    key(
        "enable-multi-accept",
        "true",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "enable-ocsp",
        "false",
        Manual("OCSP stapling; set with an implementation policy"),
    ),
    key(
        "enable-opentelemetry",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "enable-owasp-modsecurity-crs",
        "false",
        SecurityLoss(
            "the OWASP core rule set blocks requests it judges hostile; use your implementation's WAF integration",
        ),
    ),
    key(
        "enable-real-ip",
        "false",
        Manual(
            "which address is the client (real_ip module); configure the implementation's client IP detection (Envoy Gateway ClientTrafficPolicy `clientIPDetection`)",
        ),
    ),
    key(
        "enable-serial-reloads",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "enable-syslog",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "enable-underscores-in-headers",
        "false",
        Manual(
            "request headers with underscores are passed (dropped by default); check your implementation's header validation",
        ),
    ),
    key(
        "error-log-level",
        "notice",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "error-log-path",
        "/var/log/nginx/error.log",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "force-ssl-redirect",
        "false",
        Converted(
            "the conversion applies it as the default of every location's `force-ssl-redirect` (an annotation overrides it): plain-HTTP requests are redirected to HTTPS even without a certificate",
        ),
    ),
    key(
        "forwarded-for-header",
        "X-Forwarded-For",
        Manual(
            "the header the client address is read from; configure the implementation's client IP detection (Envoy Gateway ClientTrafficPolicy `clientIPDetection.customHeader`)",
        ),
    ),
    key(
        "forwarded-for-proxy-protocol-header",
        "X-Forwarded-For-Proxy-Protocol",
        Manual("the header the PROXY-protocol address is written to; configure the implementation"),
    ),
    key(
        "generate-request-id",
        "true",
        Manual(
            "an X-Request-ID is added when absent; check whether your implementation adds one (Envoy does)",
        ),
    ),
    key(
        "geoip2-autoreload-in-minutes",
        "0",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "global-allowed-response-headers",
        "",
        Manual("which response headers `custom-headers` annotations may set; check by hand"),
    ),
    key(
        "global-auth-always-set-cookie",
        "",
        SecurityLoss("part of the global external authentication (global-auth-url); lost with it"),
    ),
    key(
        "global-auth-cache-duration",
        "200 202 401 5m",
        SecurityLoss("part of the global external authentication (global-auth-url); lost with it"),
    ),
    key(
        "global-auth-cache-key",
        "",
        SecurityLoss("part of the global external authentication (global-auth-url); lost with it"),
    ),
    key(
        "global-auth-method",
        "",
        SecurityLoss("part of the global external authentication (global-auth-url); lost with it"),
    ),
    key(
        "global-auth-request-redirect",
        "",
        SecurityLoss("part of the global external authentication (global-auth-url); lost with it"),
    ),
    key(
        "global-auth-response-headers",
        "",
        SecurityLoss("part of the global external authentication (global-auth-url); lost with it"),
    ),
    key(
        "global-auth-signin",
        "",
        SecurityLoss("part of the global external authentication (global-auth-url); lost with it"),
    ),
    key(
        "global-auth-signin-redirect-param",
        "rd",
        SecurityLoss("part of the global external authentication (global-auth-url); lost with it"),
    ),
    key(
        "global-auth-snippet",
        "",
        SecurityLoss("part of the global external authentication (global-auth-url); lost with it"),
    ),
    key(
        "global-auth-url",
        "",
        SecurityLoss(
            "every location (except `no-auth-locations` and Ingresses with `enable-global-auth: \"false\"`) asks this URL to authenticate the request; standard Gateway API has no external authentication: use Envoy Gateway SecurityPolicy `extAuth`, Istio CUSTOM AuthorizationPolicy, kgateway GatewayExtension extauth",
        ),
    ),
    key(
        "grpc-buffer-size-kb",
        "0",
        Manual("buffer for gRPC responses; check large gRPC responses"),
    ),
    key(
        "gzip-disable",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "gzip-level",
        "1",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "gzip-min-length",
        "256",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "gzip-types",
        "application/atom+xml application/javascript application/x...",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "hide-headers",
        "",
        Manual("backend response headers removed; add a ResponseHeaderModifier `remove` by hand"),
    ),
    key(
        "hsts",
        "true",
        Converted(
            "`Strict-Transport-Security` on HTTPS responses; the conversion adds the header only when it is on",
        ),
    ),
    key(
        "hsts-include-subdomains",
        "true",
        Manual(
            "`includeSubDomains` in the `Strict-Transport-Security` header: the conversion writes `max-age=31536000; includeSubDomains`, set another value by hand",
        ),
    ),
    key(
        "hsts-max-age",
        "31536000",
        Manual(
            "the `max-age` of `Strict-Transport-Security`: the conversion writes max-age=31536000; includeSubDomains, set another value by hand",
        ),
    ),
    key(
        "hsts-preload",
        "false",
        Manual(
            "`preload` in the `Strict-Transport-Security` header: the conversion writes `max-age=31536000; includeSubDomains`, set another value by hand",
        ),
    ),
    key(
        "http-access-log-path",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "http-redirect-code",
        "308",
        Converted("the status of the HTTPS redirects (308 by default); the conversion uses it"),
    ),
    key(
        "http-snippet",
        "",
        Unsupported(
            "raw nginx configuration inserted into every http block; Gateway API has no equivalent: reproduce what it does with your implementation's policies",
        ),
    ),
    key(
        "http2-max-concurrent-streams",
        "128",
        Manual("HTTP/2 streams per connection; set with an implementation policy if it matters"),
    ),
    key(
        "http2-max-field-size",
        "",
        Manual("largest HTTP/2 header field; check your implementation's limit"),
    ),
    key(
        "http2-max-header-size",
        "",
        Manual("largest HTTP/2 header block; check your implementation's limit"),
    ),
    key(
        "http2-max-requests",
        "0",
        Manual("requests per HTTP/2 connection; set with an implementation policy if it matters"),
    ),
    key(
        "ignore-invalid-headers",
        "true",
        Manual("invalid request headers are dropped; check your implementation's header validation"),
    ),
    key(
        "jaeger-baggage-header",
        "jaeger-baggage",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "jaeger-collector-host",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "jaeger-collector-port",
        "6831",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "jaeger-debug-header",
        "uber-debug-id",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "jaeger-endpoint",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "jaeger-propagation-format",
        "jaeger",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "jaeger-sampler-host",
        "http://127.0.0.1",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "jaeger-sampler-param",
        "1",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "jaeger-sampler-port",
        "5778",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "jaeger-sampler-type",
        "const",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "jaeger-service-name",
        "nginx",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "jaeger-trace-baggage-header-prefix",
        "uberctx-",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "jaeger-trace-context-header-name",
        "uber-trace-id",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "keep-alive",
        "75",
        Manual("client keep-alive timeout; set with an implementation policy if it matters"),
    ),
    key(
        "keep-alive-requests",
        "1000",
        Manual("requests per client connection; set with an implementation policy if it matters"),
    ),
    key(
        "large-client-header-buffers",
        "4 8k",
        Manual(
            "requests with longer headers are refused (400/414); check your implementation's header size limit",
        ),
    ),
    key(
        "limit-conn-status-code",
        "503",
        Manual(
            "the status connection-limit annotations answer; an implementation's limit answers its own status: check clients",
        ),
    ),
    key(
        "limit-conn-zone-variable",
        "$binary_remote_addr",
        Manual("the key connection limits count by; use an implementation policy"),
    ),
    key(
        "limit-rate",
        "0",
        Manual("response bandwidth per connection (traffic shaping); use an implementation policy"),
    ),
    key(
        "limit-rate-after",
        "0",
        Manual("bytes sent before limit-rate applies (traffic shaping); use an implementation policy"),
    ),
    key(
        "limit-req-status-code",
        "503",
        Manual(
            "the status rate-limit annotations answer (503 by default); an implementation's rate limit answers 429: check clients",
        ),
    ),
    key(
        "load-balance",
        "round_robin",
        Manual(
            "the load-balancing algorithm (round_robin, ewma); set it with an implementation policy (Envoy Gateway BackendTrafficPolicy `loadBalancer`)",
        ),
    ),
    key(
        "location-snippet",
        "",
        Unsupported(
            "raw nginx configuration inserted into every location block; Gateway API has no equivalent: reproduce what it does with your implementation's policies",
        ),
    ),
    key(
        "log-format-escape-json",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "log-format-escape-none",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "log-format-stream",
        "`[$remote_addr] [$time_local] $protocol $status $bytes_se...",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "log-format-upstream",
        "`$remote_addr - $remote_user [$time_local] \"$request\" $st...",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "lua-shared-dicts",
        "",
        Unsupported(
            "memory for ingress-nginx's Lua plugins; no Gateway API equivalent (no effect on routing by itself)",
        ),
    ),
    key(
        "main-snippet",
        "",
        Unsupported(
            "raw nginx configuration inserted into every main block; Gateway API has no equivalent: reproduce what it does with your implementation's policies",
        ),
    ),
    key(
        "map-hash-bucket-size",
        "64",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "max-worker-connections",
        "16384",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "max-worker-open-files",
        "0",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "modsecurity-snippet",
        "",
        SecurityLoss("ModSecurity rules for every request; use your implementation's WAF integration"),
    ),
    key(
        "nginx-status-ipv4-whitelist",
        "127.0.0.1",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "nginx-status-ipv6-whitelist",
        "::1",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "no-auth-locations",
        "/.well-known/acme-challenge",
        SecurityLoss("part of the global external authentication (global-auth-url); lost with it"),
    ),
    key(
        "no-tls-redirect-locations",
        "/.well-known/acme-challenge",
        Manual(
            "paths never redirected to HTTPS (the ACME challenge path by default, which both models exempt); other paths listed here are not exempted by the conversion: add an HTTP-listener rule for them by hand",
        ),
    ),
    key(
        "opentelemetry-config",
        "/etc/ingress-controller/telemetry/opentelemetry.toml",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "opentelemetry-operation-name",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "opentelemetry-trust-incoming-span",
        "true",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "otel-max-export-batch-size",
        "512",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "otel-max-queuesize",
        "2048",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "otel-sampler",
        "AlwaysOn",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "otel-sampler-parent-based",
        "true",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "otel-sampler-ratio",
        "0.01",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "otel-schedule-delay-millis",
        "5000",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "otel-service-name",
        "nginx",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "otlp-collector-host",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "otlp-collector-port",
        "4317",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "proxy-add-original-uri-header",
        "false",
        Manual("X-Original-Uri sent to backends; add a RequestHeaderModifier by hand if a backend reads it"),
    ),
    key(
        "proxy-body-size",
        "1m",
        Manual(
            "request bodies above this size are answered 413 by ingress-nginx (annotations override it per Ingress; the ingress-nginx model of simulate does not apply it yet). Gateway API has no limit: set it with Envoy Gateway ClientTrafficPolicy `connection.bufferLimit` / BackendTrafficPolicy `requestBuffer.limit`, kgateway TrafficPolicy `buffer.maxRequestSize`, NGINX Gateway Fabric ClientSettingsPolicy `body.maxSize`; without one, large uploads that used to be refused reach the backend",
        ),
    ),
    key(
        "proxy-buffer-size",
        "4k",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "proxy-buffering",
        "off",
        Manual("whether responses are buffered; set with an implementation policy if it matters"),
    ),
    key(
        "proxy-buffers-number",
        "4",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "proxy-busy-buffers-size",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "proxy-connect-timeout",
        "5",
        Manual(
            "default connect timeout to backends (annotations override); Gateway API has only request and backendRequest timeouts on HTTPRoute rules: set connect timeouts with an implementation policy (Envoy Gateway BackendTrafficPolicy `timeout.tcp.connectTimeout`)",
        ),
    ),
    key(
        "proxy-cookie-domain",
        "off",
        Manual("Set-Cookie domains rewritten; no Gateway API equivalent: use an implementation policy"),
    ),
    key(
        "proxy-cookie-path",
        "off",
        Manual("Set-Cookie paths rewritten; no Gateway API equivalent: use an implementation policy"),
    ),
    key(
        "proxy-headers-hash-bucket-size",
        "64",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "proxy-headers-hash-max-size",
        "512",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "proxy-next-upstream",
        "error timeout",
        Manual(
            "when a request is retried on another endpoint; use an implementation retry policy (Envoy Gateway BackendTrafficPolicy `retry`)",
        ),
    ),
    key(
        "proxy-next-upstream-timeout",
        "0",
        Manual("how long retries may take; use an implementation retry policy"),
    ),
    key(
        "proxy-next-upstream-tries",
        "3",
        Manual(
            "how often a request is retried; use an implementation retry policy (HTTPRoute `retry` is experimental)",
        ),
    ),
    key(
        "proxy-protocol-header-timeout",
        "5s",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "proxy-read-timeout",
        "60",
        Manual(
            "default read timeout between two reads from the backend (annotations override); HTTPRoute `timeouts.backendRequest` bounds the whole response instead: set it, or an implementation policy, by hand",
        ),
    ),
    key(
        "proxy-real-ip-cidr",
        "0.0.0.0/0",
        Manual(
            "the proxies trusted to tell the client address; configure the implementation's client IP detection (trusted CIDRs)",
        ),
    ),
    key(
        "proxy-redirect-from",
        "off",
        Manual(
            "Location headers of responses rewritten; no Gateway API equivalent: use an implementation policy",
        ),
    ),
    key(
        "proxy-request-buffering",
        "on",
        Manual(
            "whether the whole request body is buffered before it is sent; set with an implementation policy if it matters",
        ),
    ),
    key(
        "proxy-send-timeout",
        "60",
        Manual(
            "default send timeout to the backend (annotations override); no Gateway API equivalent: use an implementation policy",
        ),
    ),
    key(
        "proxy-set-headers",
        "",
        Manual(
            "request headers set towards every backend from a ConfigMap; add a RequestHeaderModifier filter to the routes by hand",
        ),
    ),
    key(
        "proxy-ssl-location-only",
        "false",
        Manual("backend TLS settings only in locations; check backend TLS by hand"),
    ),
    key(
        "proxy-stream-next-upstream",
        "true",
        Manual("TCP/UDP stream retries (the tcp-services ConfigMap); not converted"),
    ),
    key(
        "proxy-stream-next-upstream-timeout",
        "600s",
        Manual("TCP/UDP stream retries; not converted"),
    ),
    key(
        "proxy-stream-next-upstream-tries",
        "3",
        Manual("TCP/UDP stream retries; not converted"),
    ),
    key(
        "proxy-stream-responses",
        "1",
        Manual("UDP responses expected; not converted"),
    ),
    key(
        "proxy-stream-timeout",
        "600s",
        Manual("TCP/UDP stream timeouts (the tcp-services ConfigMap); TCPRoute/UDPRoute are not converted"),
    ),
    key(
        "relative-redirects",
        "false",
        Manual("nginx's own redirects without scheme and host; the Gateway's redirects are absolute"),
    ),
    key(
        "retry-non-idempotent",
        "false",
        Manual(
            "whether POST and other non-idempotent requests are retried; use an implementation retry policy",
        ),
    ),
    key(
        "reuse-port",
        "true",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "server-name-hash-bucket-size",
        "`<size of the processor’s cache line>`",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "server-name-hash-max-size",
        "1024",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "server-snippet",
        "",
        Unsupported(
            "raw nginx configuration inserted into every server block; Gateway API has no equivalent: reproduce what it does with your implementation's policies",
        ),
    ),
    key(
        "server-tokens",
        "false",
        NoEffect("the nginx version in the Server header and error pages; no routing effect"),
    ),
    key(
        "service-upstream",
        "false",
        Manual(
            "nginx sends to the Service's cluster IP, not its endpoints; Gateway implementations pick endpoints: check affinity-sensitive backends",
        ),
    ),
    key("skip-access-log-urls", "", NoEffect("paths not logged")),
    key(
        "ssl-buffer-size",
        "4k",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "ssl-ciphers",
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256...",
        Manual(
            "the TLS ciphers the HTTPS listener accepts; set them with an implementation policy (Envoy Gateway ClientTrafficPolicy `tls.ciphers`)",
        ),
    ),
    key(
        "ssl-dh-param",
        "",
        Manual("a DH parameter Secret for TLS; set with an implementation policy"),
    ),
    key(
        "ssl-ecdh-curve",
        "auto",
        Manual("TLS curves; set with an implementation policy"),
    ),
    key(
        "ssl-protocols",
        "TLSv1.2 TLSv1.3",
        Manual(
            "the TLS versions the HTTPS listener accepts; set them with an implementation policy (Envoy Gateway ClientTrafficPolicy `tls.minVersion`)",
        ),
    ),
    key(
        "ssl-redirect",
        "true",
        Converted(
            "the conversion applies it as the default of every location's `ssl-redirect` (an annotation overrides it): plain-HTTP requests to a host with a certificate are redirected to HTTPS, or not",
        ),
    ),
    key(
        "ssl-reject-handshake",
        "false",
        Manual(
            "TLS handshakes for unknown hosts are refused rather than answered with the default certificate; Gateway listeners refuse unknown SNI names already",
        ),
    ),
    key(
        "ssl-session-cache",
        "true",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "ssl-session-cache-size",
        "10m",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "ssl-session-ticket-key",
        "`<Randomly Generated>`",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "ssl-session-tickets",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "ssl-session-timeout",
        "10m",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "stream-access-log-path",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "stream-snippet",
        "",
        Unsupported(
            "raw nginx configuration inserted into every stream block; Gateway API has no equivalent: reproduce what it does with your implementation's policies",
        ),
    ),
    key(
        "strict-validate-path-type",
        "true",
        Manual(
            "Prefix and Exact paths must be plain paths (characters nginx regexes would misread are refused); Gateway API validates paths itself: the Ingresses this refuses are not refused after the switch",
        ),
    ),
    key(
        "syslog-host",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "syslog-port",
        "514",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "upstream-keepalive-connections",
        "320",
        Manual("idle connections kept to backends; set with an implementation policy if it matters"),
    ),
    key(
        "upstream-keepalive-requests",
        "10000",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "upstream-keepalive-time",
        "1h",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "upstream-keepalive-timeout",
        "60",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "use-forwarded-headers",
        "false",
        Manual(
            "which address is the client (X-Forwarded-For, X-Forwarded-Proto from a trusted proxy in front); configure the implementation's client IP detection (Envoy Gateway ClientTrafficPolicy `clientIPDetection.xForwardedFor`)",
        ),
    ),
    key(
        "use-geoip",
        "true",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "use-geoip2",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "use-gzip",
        "false",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "use-http2",
        "true",
        Manual(
            "HTTP/2 on the HTTPS listener (on by default); Gateway implementations negotiate HTTP/2 by ALPN: check yours if it is off here",
        ),
    ),
    key(
        "use-proxy-protocol",
        "false",
        Manual(
            "the PROXY protocol from a load balancer in front; configure the implementation (Envoy Gateway ClientTrafficPolicy `enableProxyProtocol`), or connections fail",
        ),
    ),
    key(
        "variables-hash-bucket-size",
        "256",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "variables-hash-max-size",
        "2048",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "whitelist-source-range",
        "",
        SecurityLoss(
            "requests from addresses outside the list are refused (403) on every location; standard Gateway API has no source-IP filter: use Envoy Gateway SecurityPolicy `authorization` with client CIDRs, Istio AuthorizationPolicy `ipBlocks`, or a network policy in front",
        ),
    ),
    key(
        "worker-cpu-affinity",
        "",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "worker-processes",
        "`<Number of CPUs>`",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
    key(
        "worker-shutdown-timeout",
        "240s",
        NoEffect(
            "logging, tracing, compression, buffers or worker tuning: no effect on where a request goes or whether it is refused",
        ),
    ),
];
