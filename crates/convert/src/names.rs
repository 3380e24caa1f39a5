//! Names of generated objects and listeners: valid, unique, stable, readable.
//!
//! A name is built from readable parts (`<ingress>-<host>`); only when two different things would get the
//! same name does each of them get a short hash of its identity appended, so `*.example.com` and
//! `wildcard.example.com`, or `a-b.com` and `a.b.com` in slug form, never overwrite each other.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

/// The readable part for a host: `*.example.com` → `wildcard.example.com`, catch-all → `catch-all`.
pub(crate) fn host_slug(host: Option<&str>) -> String {
    match host {
        None => "catch-all".to_string(),
        Some(h) => match h.strip_prefix("*.") {
            Some(rest) => format!("wildcard.{rest}"),
            None => h.to_string(),
        },
    }
}

/// Six hex digits of SHA-256: enough to separate the few names that collide, short enough to read.
pub(crate) fn short_hash(identity: &str) -> String {
    let digest = Sha256::digest(identity.as_bytes());
    digest.iter().take(3).map(|b| format!("{b:02x}")).collect()
}

/// Lowercases and replaces anything outside `[a-z0-9.-]` so the result is a DNS-1123 subdomain, trimmed to
/// `max` characters (leaving room for a hash when `max` is hit).
pub(crate) fn sanitize(raw: &str, max: usize) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '.' | '-') => c,
            _ => '-',
        })
        .collect();
    while s.contains("..") {
        s = s.replace("..", ".");
    }
    if s.len() > max {
        let hash = short_hash(raw);
        s.truncate(max - hash.len() - 1);
        s = format!("{}-{hash}", s.trim_end_matches(['-', '.']));
    }
    let trimmed = s.trim_matches(['-', '.']);
    if trimmed.is_empty() {
        "x".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Assigns final names to items that want `base` names within a `scope` (e.g. `HTTPRoute/shop`); items are
/// identified by `identity`, which must be unique per item. Returns the names in input order.
pub(crate) fn assign(items: &[(String, String, String)], max: usize) -> Vec<String> {
    let mut by_name: BTreeMap<(&str, String), Vec<&str>> = BTreeMap::new();
    let bases: Vec<String> = items.iter().map(|(_, base, _)| sanitize(base, max)).collect();
    for ((scope, _, identity), base) in items.iter().zip(&bases) {
        by_name
            .entry((scope.as_str(), base.clone()))
            .or_default()
            .push(identity.as_str());
    }
    items
        .iter()
        .zip(bases)
        .map(|((scope, _, identity), base)| {
            let holders = &by_name[&(scope.as_str(), base.clone())];
            if holders.len() == 1 {
                base
            } else {
                let hash = short_hash(identity);
                let mut head = base;
                head.truncate(max - hash.len() - 1);
                format!("{}-{hash}", head.trim_end_matches(['-', '.']))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_names_get_distinct_hashes_and_others_stay_readable() {
        let items = vec![
            (
                "ns".to_string(),
                "web-a-b.com".to_string(),
                "web|a-b.com".to_string(),
            ),
            (
                "ns".to_string(),
                "web-a-b.com".to_string(),
                "web-a|b.com".to_string(),
            ),
            ("ns".to_string(), "web-c.com".to_string(), "web|c.com".to_string()),
            ("other".to_string(), "web-a-b.com".to_string(), "x".to_string()),
        ];
        let names = assign(&items, 253);
        assert_ne!(names[0], names[1]);
        assert!(names[0].starts_with("web-a-b.com-"));
        assert_eq!(names[2], "web-c.com");
        assert_eq!(names[3], "web-a-b.com");
    }

    #[test]
    fn slugs_and_sanitizing() {
        assert_eq!(host_slug(Some("*.example.com")), "wildcard.example.com");
        assert_eq!(host_slug(None), "catch-all");
        assert_eq!(sanitize("My_Ingress", 253), "my-ingress");
        let long = "a".repeat(300);
        let s = sanitize(&long, 253);
        assert_eq!(s.len(), 253);
        assert_ne!(sanitize(&format!("{long}x"), 253), s);
    }
}
