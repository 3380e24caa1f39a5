//! Gateway API hostnames: wildcard matching and specificity (intersection is `gateshift-check`'s, in its binding).

/// Whether `pattern` (a precise name or `*.suffix`, one or more labels) matches the precise `host`.
pub(crate) fn matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => {
            host.len() > suffix.len() + 1 && host.ends_with(suffix) && {
                let head = &host[..host.len() - suffix.len()];
                head.ends_with('.') && head.len() > 1
            }
        }
        None => pattern.eq_ignore_ascii_case(host),
    }
}

/// Whether `host` is a wildcard pattern.
pub(crate) fn is_wildcard(host: &str) -> bool {
    host.starts_with("*.")
}

/// The wildcard patterns that can match `host`, most specific first: `a.b.c` → `*.b.c`, `*.c`.
pub(crate) fn wildcard_suffixes(host: &str) -> impl Iterator<Item = &str> {
    host.match_indices('.')
        .map(move |(i, _)| &host[i + 1..])
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use gateshift_check::hostname::intersect;

    #[test]
    fn wildcard_rules() {
        assert!(matches("*.example.com", "a.example.com"));
        assert!(matches("*.example.com", "a.b.example.com"));
        assert!(!matches("*.example.com", "example.com"));
        assert!(!matches("*.example.com", "aexample.com"));
        assert_eq!(
            intersect(Some("*.com"), "*.example.com").as_deref(),
            Some("*.example.com")
        );
        assert_eq!(
            intersect(Some("*.example.com"), "*.com").as_deref(),
            Some("*.example.com")
        );
        assert_eq!(
            intersect(Some("*.example.com"), "foo.example.com").as_deref(),
            Some("foo.example.com")
        );
        assert_eq!(
            intersect(Some("foo.example.com"), "*.example.com").as_deref(),
            Some("foo.example.com")
        );
        assert_eq!(intersect(Some("foo.example.com"), "bar.example.com"), None);
        assert_eq!(intersect(None, "x").as_deref(), Some("x"));
        let v: Vec<_> = wildcard_suffixes("a.b.c").collect();
        assert_eq!(v, ["b.c", "c"]);
    }
}
