//! Host names as ingress-nginx matches them.

/// Whether the server name `pattern` covers `host` the way ingress-nginx's server names and SNI lookup do:
/// `*.example.com` covers `a.example.com`, exactly one label in place of the `*` (not `a.b.example.com`, not
/// `example.com`); a pattern without `*.` covers nothing here (compare exact names directly).
pub fn wildcard_covers(pattern: &str, host: &str) -> bool {
    match (pattern.strip_prefix("*."), host.split_once('.')) {
        (Some(suffix), Some((label, rest))) => !label.is_empty() && rest == suffix,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_label_only() {
        assert!(wildcard_covers("*.example.com", "a.example.com"));
        assert!(!wildcard_covers("*.example.com", "a.b.example.com"));
        assert!(!wildcard_covers("*.example.com", "example.com"));
        assert!(!wildcard_covers("*.example.com", ".example.com"));
        assert!(!wildcard_covers("example.com", "example.com"));
        assert!(!wildcard_covers("*.example.com", "a.example.org"));
    }
}
