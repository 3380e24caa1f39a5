//! Value syntax: whether ingress-nginx's validator accepts a value (`parser/validators.go`).

use crate::{Annotation, Syntax};

/// Go's `strconv.ParseBool`, which every ingress-nginx boolean annotation goes through: `1 t T TRUE true True`
/// and `0 f F FALSE false False`, nothing else (no spaces, no `yes`/`on`).
pub fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// `OneOf` annotations whose validator ignores case (`ValidateOptions(…, caseSensitive=false, …)`).
const CASE_INSENSITIVE: &[&str] = &["backend-protocol", "session-cookie-samesite"];

impl Annotation {
    /// Checks a value the way ingress-nginx's validator for this annotation does (`parser/validators.go`);
    /// `Err` says what was expected. What happens to an invalid value is [`Annotation::on_invalid`].
    ///
    /// An empty value is reported as an error too, but ingress-nginx treats it as if the annotation were absent
    /// (it never validates empty values): callers should handle `""` before `on_invalid`.
    /// Range checks the parsers apply after validation (a redirect code outside 300-308 becomes the default)
    /// are not errors here; the row's text says what the parser does.
    pub fn validate(&self, value: &str) -> Result<(), String> {
        if value.is_empty() {
            return Err("an empty value: ingress-nginx treats the annotation as not set".to_string());
        }
        match self.syntax {
            Syntax::Bool => parse_bool(value).map(|_| ()).ok_or_else(|| {
                "expected true or false (Go ParseBool: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)"
                    .to_string()
            }),
            Syntax::Int => validate_int(value),
            Syntax::OneOf(options) => {
                let v = value.trim();
                let ok = if CASE_INSENSITIVE.contains(&self.name) {
                    options.iter().any(|o| o.eq_ignore_ascii_case(v))
                } else {
                    options.contains(&v)
                };
                if ok {
                    Ok(())
                } else {
                    Err(format!("expected one of {}", options.join(", ")))
                }
            }
            // Since v1.12 the redirect parsers validate with `URLIsValidRegex`: no nginx variable (`$`), no
            // space, no fragment, no percent-escape; the URL goes out as written, so `$request_uri` was never
            // expanded anyway.
            Syntax::Url if matches!(self.name, "permanent-redirect" | "temporal-redirect") => {
                validate_chars(value, URL_CHARS, "a URL of letters, digits and `-._~/:,?&=`")
                    .and_then(|()| validate_url(value))
            }
            Syntax::Url => validate_url(value),
            Syntax::CidrList => validate_cidrs(value),
            Syntax::ObjectRef if self.name == "default-backend" => {
                if is_dns1035_label(value) {
                    Ok(())
                } else {
                    Err("expected the name of a Service in the Ingress's namespace (a DNS-1035 label: lowercase letters, digits and '-', starting with a letter, at most 63 characters)".to_string())
                }
            }
            // These parsers split with `ParseNameNS`, which needs both parts.
            Syntax::ObjectRef
                if matches!(self.name, "auth-tls-secret" | "proxy-ssl-secret" | "custom-headers")
                    && !value.contains('/') =>
            {
                Err("expected `namespace/name`".to_string())
            }
            Syntax::ObjectRef => validate_object_ref(value),
            Syntax::Size => validate_size(value),
            Syntax::Duration => validate_duration(value),
            // Free text; a few have a precise validator worth mirroring.
            Syntax::Text => match self.name {
                "custom-http-errors" => validate_error_codes(value),
                // ValidateServerName / ValidateArrayOfServerName: host names, possibly regexes.
                "upstream-vhost" => validate_chars(value.trim(), SERVER_NAME_CHARS, "a host name"),
                "server-alias" => value
                    .split(',')
                    .try_for_each(|v| validate_chars(v.trim(), SERVER_NAME_CHARS, "comma-separated host names")),
                // RegexPathWithCapture, spaces removed.
                "x-forwarded-prefix" => validate_chars(
                    &value.replace(' ', ""),
                    PATH_WITH_CAPTURE_CHARS,
                    "a path prefix (letters, digits, `-._~/:` and `$1`-style captures)",
                ),
                // `RegexPathWithCapture`, then `url.ParseRequestURI` and `IsAbs` (rewrite/main.go): a path from
                // the root of the host; anything else leaves app-root unset and the request is proxied.
                "app-root" if !value.starts_with('/') => {
                    Err("expected a path starting with `/` (an absolute URL or a relative path is ignored)".to_string())
                }
                "app-root" => validate_chars(value, PATH_WITH_CAPTURE_CHARS, "a path (letters, digits and `-._~/:$`)"),
                // `IsValidRegex`: a pattern with any other character is ignored (canary/main.go).
                "canary-by-header-pattern" => {
                    validate_chars(value, SERVER_NAME_CHARS, "a regular expression of letters, digits and `-._~/:^$[](){}*+?|&=\\`")
                }
                "auth-tls-match-cn" if !value.starts_with("CN=") => {
                    Err("expected `CN=` followed by a regular expression".to_string())
                }
                "proxy-next-upstream" => validate_next_upstream(value),
                "auth-cache-duration" => validate_cache_durations(value),
                "proxy-ssl-protocols" => {
                    if value.split(' ').all(|p| matches!(p, "" | "TLSv1.2" | "TLSv1.3")) {
                        Ok(())
                    } else {
                        Err("expected TLSv1.2 and/or TLSv1.3, separated by spaces".to_string())
                    }
                }
                "auth-tls-error-page" => validate_error_page(&value.replace(' ', "")),
                _ => Ok(()),
            },
        }
    }
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits that fit 64 bits.
fn validate_int(value: &str) -> Result<(), String> {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && value.parse::<i64>().is_ok() {
        Ok(())
    } else {
        Err("expected a whole number (like 60; no unit, no spaces)".to_string())
    }
}

/// An absolute `http://` or `https://` URL with a host (which may be an nginx variable such as `$host`).
fn validate_url(value: &str) -> Result<(), String> {
    const EXPECTED: &str = "expected an absolute http:// or https:// URL";
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("{EXPECTED} without spaces"));
    }
    let Some((scheme, rest)) = value.split_once("://") else {
        return Err(EXPECTED.to_string());
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(format!("{EXPECTED} (scheme {scheme:?} is not http or https)"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.is_empty() || host.starts_with(':') {
        return Err(format!("{EXPECTED} with a host"));
    }
    Ok(())
}

/// Comma-separated IPv4/IPv6 addresses or CIDRs, spaces around the commas allowed (ingress-nginx
/// `net.ParseIPNets`).
fn validate_cidrs(value: &str) -> Result<(), String> {
    for item in value.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err(
                "expected a comma-separated list of IP addresses or CIDRs, found an empty entry".to_string(),
            );
        }
        let ok = match item.split_once('/') {
            None => item.parse::<std::net::IpAddr>().is_ok(),
            Some((addr, bits)) => {
                let max = match addr.parse::<std::net::IpAddr>() {
                    Ok(std::net::IpAddr::V4(_)) => 32,
                    Ok(std::net::IpAddr::V6(_)) => 128,
                    Err(_) => 0,
                };
                max > 0
                    && !bits.is_empty()
                    && bits.len() <= 3
                    && bits.bytes().all(|b| b.is_ascii_digit())
                    && bits.parse::<u32>().is_ok_and(|n| n <= max)
            }
        };
        if !ok {
            return Err(format!(
                "expected a comma-separated list of IP addresses or CIDRs (10.0.0.0/8, 2001:db8::/32, 192.0.2.1); {item:?} is neither"
            ));
        }
    }
    Ok(())
}

/// Besides ASCII letters and digits: the characters of ingress-nginx's `IsValidRegex` (server names).
const SERVER_NAME_CHARS: &str = "-._~/:^$[](){}*+?|&=\\";
/// Besides ASCII letters and digits: the characters of ingress-nginx's `URLIsValidRegex` (redirect URLs).
const URL_CHARS: &str = "-._~/:,?&=";
/// Besides ASCII letters and digits: the characters of ingress-nginx's `RegexPathWithCapture`.
const PATH_WITH_CAPTURE_CHARS: &str = "-._~/:$";

/// Only ASCII letters, digits and `allowed`.
fn validate_chars(value: &str, allowed: &str, expected: &str) -> Result<(), String> {
    match value
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && !allowed.contains(*c))
    {
        None => Ok(()),
        Some(c) => Err(format!("expected {expected}; {c:?} is not allowed")),
    }
}

/// ingress-nginx's `redirectRegex` for auth-tls-error-page: a named location `@name`, or an optional
/// `http(s)://host[:port]` followed by an optional path of `[A-Za-z0-9_.-]` segments.
fn validate_error_page(value: &str) -> Result<(), String> {
    const EXPECTED: &str = "expected a URL (http(s)://host[:port]/path), a path, or a named location @name";
    let word = |s: &str, extra: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || extra.contains(c));
    if let Some(name) = value.strip_prefix('@') {
        return if !name.is_empty() && word(name, "_-") {
            Ok(())
        } else {
            Err(EXPECTED.to_string())
        };
    }
    let (with_scheme, rest) = match value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
    {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let host_ok = match authority.split_once(':') {
        Some((host, port)) => {
            !host.is_empty()
                && word(host, "-.")
                && !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
        }
        None => word(authority, "-.") && (!authority.is_empty() || !with_scheme),
    };
    let path = path.strip_suffix('/').unwrap_or(path);
    let path_ok = path.is_empty()
        || path
            .strip_prefix('/')
            .is_some_and(|p| p.split('/').all(|seg| !seg.is_empty() && word(seg, "-_.")));
    if host_ok && path_ok {
        Ok(())
    } else {
        Err(EXPECTED.to_string())
    }
}

/// auth-cache-duration: comma-separated entries of optional status codes followed by an nginx time
/// (`200 202 401 5m`), as `ValidCacheDuration` checks them.
fn validate_cache_durations(value: &str) -> Result<(), String> {
    let entry_ok = |entry: &str| {
        let mut seen_duration = false;
        for token in entry.split(' ').filter(|t| !t.is_empty()) {
            if token.len() == 3 && token.bytes().all(|b| b.is_ascii_digit()) {
                if seen_duration {
                    return false;
                }
            } else {
                let split = token.find(|c: char| !c.is_ascii_digit()).unwrap_or(token.len());
                let (digits, unit) = token.split_at(split);
                if digits.is_empty() || !matches!(unit, "ms" | "s" | "m" | "h" | "d" | "w" | "M" | "y") {
                    return false;
                }
                seen_duration = true;
            }
        }
        seen_duration
    };
    if value
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .all(entry_ok)
    {
        Ok(())
    } else {
        Err(
            "expected status codes followed by a time, comma-separated entries (like `200 202 401 5m`)"
                .to_string(),
        )
    }
}

/// Comma-separated HTTP status codes 400-599 (ingress-nginx `^(?:[4,5]\d{2},?)*$`, spaces removed).
fn validate_error_codes(value: &str) -> Result<(), String> {
    let v: String = value.chars().filter(|c| *c != ' ').collect();
    let ok = v.split(',').enumerate().all(|(i, code)| {
        (code.is_empty() && i > 0)
            || (code.len() == 3 && code.starts_with(['4', '5']) && code.bytes().all(|b| b.is_ascii_digit()))
    });
    if ok && !v.is_empty() && !v.contains(",,") {
        Ok(())
    } else {
        Err("expected comma-separated HTTP status codes between 400 and 599 (like 404,503)".to_string())
    }
}

/// Words of nginx's proxy_next_upstream that ingress-nginx allows, separated by spaces.
fn validate_next_upstream(value: &str) -> Result<(), String> {
    const WORDS: &[&str] = &[
        "error",
        "timeout",
        "invalid_header",
        "http_500",
        "http_502",
        "http_503",
        "http_504",
        "http_403",
        "http_404",
        "http_429",
        "non_idempotent",
        "off",
    ];
    if value.split(' ').all(|w| WORDS.contains(&w)) {
        Ok(())
    } else {
        Err(format!(
            "expected space-separated words among {}",
            WORDS.join(", ")
        ))
    }
}

/// `name` or `namespace/name`: namespace a DNS-1123 label, name a DNS-1123 subdomain.
fn validate_object_ref(value: &str) -> Result<(), String> {
    let (namespace, name) = match value.split_once('/') {
        Some((ns, name)) => (Some(ns), name),
        None => (None, value),
    };
    if namespace.is_some_and(|ns| !is_dns1123_label(ns)) || !is_dns1123_subdomain(name) {
        return Err("expected `name` or `namespace/name` (lowercase letters, digits, '-' and '.' in the name; a namespace is a DNS-1123 label)".to_string());
    }
    Ok(())
}

/// An nginx size as ingress-nginx's `SizeRegex` accepts it: digits and an optional unit b, k, m or g (any case);
/// spaces are removed first.
fn validate_size(value: &str) -> Result<(), String> {
    let v: String = value.chars().filter(|c| *c != ' ').collect();
    let digits = v
        .strip_suffix(['b', 'B', 'k', 'K', 'm', 'M', 'g', 'G'])
        .unwrap_or(&v);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err("expected a size: digits with an optional unit k, m or g (like 8k, 1m, 0)".to_string())
    }
}

/// An nginx time: one or more `<digits><unit>` parts (ms, s, m, h, d, w, M, y; no unit: seconds), optionally
/// separated by spaces (`5`, `30s`, `1h 30m`).
fn validate_duration(value: &str) -> Result<(), String> {
    const EXPECTED: &str = "expected an nginx time (like 5, 30s, 1m, 1h 30m)";
    let mut parts = 0;
    for part in value.split(' ').filter(|p| !p.is_empty()) {
        let split = part.find(|c: char| !c.is_ascii_digit()).unwrap_or(part.len());
        let (digits, unit) = part.split_at(split);
        if digits.is_empty() || !matches!(unit, "" | "ms" | "s" | "m" | "h" | "d" | "w" | "M" | "y") {
            return Err(EXPECTED.to_string());
        }
        parts += 1;
    }
    if parts == 0 {
        return Err(EXPECTED.to_string());
    }
    Ok(())
}

fn is_dns1123_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn is_dns1123_subdomain(s: &str) -> bool {
    !s.is_empty() && s.len() <= 253 && s.split('.').all(is_dns1123_label)
}

fn is_dns1035_label(s: &str) -> bool {
    is_dns1123_label(s) && s.starts_with(|c: char| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CATALOGUE, lookup, suggest};

    fn row(name: &str) -> &'static Annotation {
        lookup(name).unwrap_or_else(|| panic!("{name} is in the catalogue"))
    }

    #[test]
    fn bools_follow_go_parse_bool() {
        for v in ["1", "t", "T", "TRUE", "true", "True"] {
            assert_eq!(parse_bool(v), Some(true), "{v}");
        }
        for v in ["0", "f", "F", "FALSE", "false", "False"] {
            assert_eq!(parse_bool(v), Some(false), "{v}");
        }
        for v in ["yes", "on", "tRUE", " true", "true ", "", "2", "no"] {
            assert_eq!(parse_bool(v), None, "{v}");
        }
        let a = row("ssl-redirect");
        assert!(a.validate("True").is_ok());
        let err = a.validate("yes").unwrap_err();
        assert!(err.contains("true or false"), "{err}");
    }

    /// Since v1.12: redirect URLs through `URLIsValidRegex`, app-root through `RegexPathWithCapture` and
    /// `ParseRequestURI` + `IsAbs`, the canary header pattern through `IsValidRegex`.
    #[test]
    fn urls_and_paths_validated_since_v1_12() {
        let redirect = row("permanent-redirect");
        assert!(redirect.validate("https://new.example.com/a?b=c&d=e").is_ok());
        for bad in [
            "https://new.example.com$request_uri",
            "https://new.example.com/a b",
            "https://new.example.com/#top",
            "https://new.example.com/%20",
            "https://new.example.com/\n",
        ] {
            assert!(redirect.validate(bad).is_err(), "{bad}");
        }
        assert!(
            row("temporal-redirect")
                .validate("https://x.example.com/$1")
                .is_err()
        );
        let root = row("app-root");
        assert!(root.validate("/app").is_ok());
        assert!(root.validate("/app/$1").is_ok());
        for bad in ["https://x.example.com/app", "app", "/app?x=1", " /app"] {
            assert!(root.validate(bad).is_err(), "{bad}");
        }
        let pattern = row("canary-by-header-pattern");
        assert!(pattern.validate("^(beta|canary)$").is_ok());
        assert!(pattern.validate("a b").is_err());
        assert!(pattern.validate("x,y").is_err());
    }

    #[test]
    fn validation_like_ingress_nginx() {
        // Ints go through Go's Atoi: no units.
        assert!(row("proxy-read-timeout").validate("3600").is_ok());
        assert!(row("proxy-read-timeout").validate("+5").is_ok());
        assert!(row("proxy-read-timeout").validate("60s").is_err());
        assert!(row("limit-rps").validate("1.5").is_err());
        assert!(row("limit-rps").validate("99999999999999999999").is_err());
        // The validator accepts any integer; the parser then falls back to 301 for 299 (redirect.go).
        assert!(row("permanent-redirect-code").validate("308").is_ok());
        assert!(row("permanent-redirect-code").validate("299").is_ok());
        assert!(row("permanent-redirect-code").validate("moved").is_err());
        // backend-protocol is case-insensitive, proxy-buffering is not.
        assert!(row("backend-protocol").validate("grpcs").is_ok());
        assert!(row("backend-protocol").validate(" HTTPS ").is_ok());
        assert!(row("backend-protocol").validate("AJP").is_err());
        assert!(row("proxy-buffering").validate("on").is_ok());
        assert!(row("proxy-buffering").validate("ON").is_err());
        assert!(row("session-cookie-samesite").validate("none").is_ok());
        let err = row("auth-type").validate("ntlm").unwrap_err();
        assert!(err.contains("basic, digest"), "{err}");
        // URLs.
        assert!(
            row("permanent-redirect")
                .validate("https://www.google.com")
                .is_ok()
        );
        assert!(
            row("auth-url")
                .validate("http://auth.default.svc.cluster.local:8080/verify")
                .is_ok()
        );
        assert!(
            row("auth-signin")
                .validate("https://$host/oauth2/start?rd=$escaped_request_uri")
                .is_ok()
        );
        assert!(
            row("mirror-target")
                .validate("https://test.env.com/$request_uri")
                .is_ok()
        );
        assert!(row("temporal-redirect").validate("ftp://example.com").is_err());
        assert!(row("temporal-redirect").validate("/relative/path").is_err());
        assert!(row("temporal-redirect").validate("https://").is_err());
        assert!(row("temporal-redirect").validate("https://a b").is_err());
        // CIDR lists.
        let wl = row("whitelist-source-range");
        assert!(wl.validate("10.0.0.0/24,172.10.0.1").is_ok());
        assert!(
            wl.validate("10.0.0.0/24, 192.168.0.0/16 , 2001:db8::/32, ::1")
                .is_ok()
        );
        assert!(wl.validate("10.0.0.0/33").is_err());
        assert!(wl.validate("10.0.0.0/24,").is_err());
        assert!(wl.validate("10.0.0.256").is_err());
        assert!(wl.validate("example.com").is_err());
        // Object references.
        assert!(row("auth-secret").validate("basic-auth").is_ok());
        assert!(row("auth-tls-secret").validate("default/ca-secret").is_ok());
        assert!(row("auth-secret").validate("Basic_Auth").is_err());
        assert!(row("auth-secret").validate("a/b/c").is_err());
        assert!(row("default-backend").validate("error-pages").is_ok());
        assert!(row("default-backend").validate("other/error-pages").is_err());
        // Sizes.
        for ok in ["8k", "1m", "0", "1024M", "10g", "100b", "1 m"] {
            assert!(row("proxy-body-size").validate(ok).is_ok(), "{ok}");
        }
        for bad in ["1.5m", "1mb", "m", "-1", "1t"] {
            assert!(row("proxy-body-size").validate(bad).is_err(), "{bad}");
        }
        // Free-text annotations with a precise validator.
        assert!(row("custom-http-errors").validate("404,503").is_ok());
        assert!(row("custom-http-errors").validate("404, 502, 503").is_ok());
        assert!(row("custom-http-errors").validate("404,30x").is_err());
        assert!(row("custom-http-errors").validate("302").is_err());
        assert!(row("auth-tls-match-cn").validate("CN=(client|admin)").is_ok());
        assert!(row("auth-tls-match-cn").validate("client").is_err());
        assert!(
            row("proxy-next-upstream")
                .validate("error timeout http_502")
                .is_ok()
        );
        assert!(row("proxy-next-upstream").validate("error,timeout").is_err());
        assert!(row("load-balance").validate("ewma").is_ok());
        assert!(row("load-balance").validate("least_conn").is_err());
        assert!(row("x-forwarded-prefix").validate("/api/$1").is_ok());
        assert!(row("x-forwarded-prefix").validate("/api;rm").is_err());
        assert!(row("upstream-vhost").validate("internal.example.com").is_ok());
        assert!(row("upstream-vhost").validate("a.example.com;").is_err());
        assert!(
            row("server-alias")
                .validate("www.example.com, ~^app\\d+\\.example\\.com$")
                .is_ok()
        );
        assert!(
            row("server-alias")
                .validate("a.example.com b.example.com;")
                .is_err()
        );
        assert!(row("connection-proxy-header").validate("keep-alive").is_ok());
        assert!(row("connection-proxy-header").validate("upgrade").is_err());
        assert!(row("auth-tls-secret").validate("ca-secret").is_err());
        assert!(row("proxy-ssl-secret").validate("default/backend-ca").is_ok());
        assert!(row("custom-headers").validate("default/custom-headers").is_ok());
        assert!(row("proxy-ssl-protocols").validate("TLSv1.2 TLSv1.3").is_ok());
        assert!(row("proxy-ssl-protocols").validate("TLSv1.1").is_err());
        for ok in [
            "https://auth.example.com/error",
            "/error.html",
            "@deny",
            "http://a.b:8080/",
            "/",
        ] {
            assert!(row("auth-tls-error-page").validate(ok).is_ok(), "{ok}");
        }
        for bad in ["https://", "/a//b", "@", "/err?x=1", "https://a.b:/x"] {
            assert!(row("auth-tls-error-page").validate(bad).is_err(), "{bad}");
        }
        assert!(row("auth-cache-duration").validate("200 202 401 5m").is_ok());
        assert!(row("auth-cache-duration").validate("200 5m, 401 30s").is_ok());
        assert!(row("auth-cache-duration").validate("5m 200").is_err());
        assert!(row("auth-cache-duration").validate("200 202").is_err());
        // Empty values count as not set.
        assert!(row("rewrite-target").validate("").is_err());
        // Free text is not checked here.
        assert!(row("rewrite-target").validate("/$2").is_ok());
    }

    #[test]
    fn durations() {
        for ok in ["5", "30s", "1m", "1h 30m", "500ms", "1d"] {
            assert!(validate_duration(ok).is_ok(), "{ok}");
        }
        for bad in ["", " ", "s", "5x", "1.5s", "-1s"] {
            assert!(validate_duration(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn validate_and_suggest_never_panic(value in "\\PC{0,40}", idx in 0usize..1000) {
            let a = &CATALOGUE[idx % CATALOGUE.len()];
            let _ = a.validate(&value);
            let _ = parse_bool(&value);
            if let Some(s) = suggest(&value) {
                proptest::prop_assert!(lookup(s).is_some());
            }
        }

        #[test]
        fn validate_never_panics_on_shaped_input(value in "[0-9a-zA-Z/:.,_ $-]{0,30}") {
            for a in CATALOGUE {
                let _ = a.validate(&value);
            }
        }
    }
}
