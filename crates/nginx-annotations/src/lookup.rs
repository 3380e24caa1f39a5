//! Finding a row: by name, through an alias, or the name an unknown annotation was probably meant to be.

use crate::{Annotation, CATALOGUE, NGINX_PREFIX};

/// The row of an annotation, by its name without [`NGINX_PREFIX`] (exact, case-sensitive: ingress-nginx reads
/// annotation keys as written).
pub fn lookup(name: &str) -> Option<&'static Annotation> {
    CATALOGUE.iter().find(|a| a.name == name)
}

/// The row an alias stands for (the row itself when it is not an alias).
pub fn canonical(a: &'static Annotation) -> &'static Annotation {
    a.alias_of.and_then(lookup).unwrap_or(a)
}

/// Names that people put on ingress-nginx Ingresses meaning an ingress-nginx annotation of another name: those of
/// F5 NGINX Ingress Controller (`nginx.org/*`) and ingress-nginx annotations removed in earlier releases.
const CONFUSIONS: &[(&str, &str)] = &[
    ("client-max-body-size", "proxy-body-size"),
    ("redirect-to-https", "force-ssl-redirect"),
    ("rewrites", "rewrite-target"),
    ("lb-method", "load-balance"),
    ("location-snippets", "configuration-snippet"),
    // nginx's `proxy_buffers number size`, which ingress-nginx splits.
    ("proxy-buffers", "proxy-buffers-number"),
    ("ssl-services", "backend-protocol"),
    ("grpc-services", "backend-protocol"),
    // Removed from ingress-nginx long ago.
    ("secure-backends", "backend-protocol"),
    ("grpc-backend", "backend-protocol"),
    ("secure-verify-ca-secret", "proxy-ssl-secret"),
];

/// Prefixes stripped before looking for a suggestion.
const FOREIGN_PREFIXES: &[&str] = &[NGINX_PREFIX, "ingress.kubernetes.io/", "nginx.org/", "nginx.com/"];

/// The known annotation an unknown name was probably meant to be: the same name once lowercased, with `-` for
/// `_`, `.` or spaces and without a foreign prefix (`nginx.org/`, `ingress.kubernetes.io/`); a well-known name of
/// another controller; or the nearest name by Damerau-Levenshtein distance (at most 2, or 3 for names of 12 or
/// more characters). Ties go to the alphabetically first name, so the answer is deterministic. `None` when the
/// name is known or nothing is close.
pub fn suggest(unknown: &str) -> Option<&'static str> {
    if lookup(unknown).is_some() {
        return None;
    }
    let mut name = unknown.trim();
    for prefix in FOREIGN_PREFIXES {
        if let Some(rest) = name.strip_prefix(prefix) {
            name = rest;
            break;
        }
    }
    let normalized: String = name
        .chars()
        .map(|c| match c {
            '_' | '.' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let normalized = normalized.trim_matches('-');
    if normalized.is_empty() {
        return None;
    }
    if let Some(known) = lookup(normalized) {
        return Some(known.name);
    }
    if let Some((_, to)) = CONFUSIONS.iter().find(|(from, _)| *from == normalized) {
        return lookup(to).map(|a| a.name);
    }
    let limit = if normalized.chars().count() >= 12 { 3 } else { 2 };
    CATALOGUE
        .iter()
        .map(|a| (strsim::damerau_levenshtein(normalized, a.name), a.name))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("ssl-redirects"), Some("ssl-redirect"));
        assert_eq!(suggest("whitelist-source-ranges"), Some("whitelist-source-range"));
        assert_eq!(suggest("allowlist-source-ranges"), Some("allowlist-source-range"));
        assert_eq!(suggest("ssl_redirect"), Some("ssl-redirect"));
        assert_eq!(suggest("SSL-Redirect"), Some("ssl-redirect"));
        assert_eq!(suggest("proxy-body-szie"), Some("proxy-body-size"));
        assert_eq!(suggest("rewrite-traget"), Some("rewrite-target"));
        assert_eq!(suggest("nginx.org/client-max-body-size"), Some("proxy-body-size"));
        assert_eq!(
            suggest("nginx.org/proxy-read-timeout"),
            Some("proxy-read-timeout")
        );
        assert_eq!(
            suggest("ingress.kubernetes.io/ssl-redirect"),
            Some("ssl-redirect")
        );
        assert_eq!(suggest("secure-backends"), Some("backend-protocol"));
        assert_eq!(suggest("proxy-buffers"), Some("proxy-buffers-number"));
        assert_eq!(suggest("totally-unrelated-name"), None);
        assert_eq!(suggest("foo"), None);
        assert_eq!(suggest(""), None);
        assert_eq!(suggest("---"), None);
        // Known names need no suggestion.
        assert_eq!(suggest("ssl-redirect"), None);
        // Every suggestion is a known name.
        for probe in [
            "limit-rsp",
            "cors-allow-orgin",
            "enable-cor",
            "canary-wieght",
            "auth-tls-secrets",
        ] {
            let s = suggest(probe).unwrap_or_else(|| panic!("{probe}"));
            assert!(lookup(s).is_some());
        }
    }
}
