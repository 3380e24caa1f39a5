//! Hostname matching and intersection (`httproute_types.go` L62–113, `gateway_types.go` L146–166).

/// The intersection of a listener hostname (`None`: any) and a route hostname, or `None` when they do not
/// intersect. Two wildcards intersect as the more specific one; `*.example.com` does not match `example.com`.
pub fn intersect(listener: Option<&str>, route: &str) -> Option<String> {
    let Some(listener) = listener.filter(|l| !l.is_empty()) else {
        return Some(route.to_string());
    };
    match (listener.strip_prefix("*."), route.strip_prefix("*.")) {
        (None, None) => (listener == route).then(|| route.to_string()),
        (Some(suffix), None) => covers(suffix, route).then(|| route.to_string()),
        (None, Some(suffix)) => covers(suffix, listener).then(|| listener.to_string()),
        (Some(l), Some(r)) => {
            if l == r || covers(l, r) {
                Some(route.to_string())
            } else if covers(r, l) {
                Some(listener.to_string())
            } else {
                None
            }
        }
    }
}

/// Whether `name` is a strict subdomain of `suffix` (one or more labels more).
fn covers(suffix: &str, name: &str) -> bool {
    name.len() > suffix.len() + 1
        && name.ends_with(suffix)
        && name[..name.len() - suffix.len()].ends_with('.')
}

/// The Gateway API hostname pattern `^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`.
pub(crate) fn is_valid(h: &str) -> bool {
    let rest = h.strip_prefix("*.").unwrap_or(h);
    !rest.is_empty() && rest.split('.').all(is_label)
}

/// An RFC 1123 label in lower case (length is checked elsewhere by the API, 1–253 for the whole name).
pub(crate) fn is_label(l: &str) -> bool {
    let b = l.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intersection_follows_the_spec() {
        assert_eq!(intersect(None, "a.com").as_deref(), Some("a.com"));
        assert_eq!(intersect(Some("a.com"), "a.com").as_deref(), Some("a.com"));
        assert_eq!(intersect(Some("a.com"), "b.com"), None);
        assert_eq!(intersect(Some("*.a.com"), "x.a.com").as_deref(), Some("x.a.com"));
        assert_eq!(
            intersect(Some("*.a.com"), "x.y.a.com").as_deref(),
            Some("x.y.a.com")
        );
        assert_eq!(intersect(Some("*.a.com"), "a.com"), None);
        assert_eq!(intersect(Some("x.a.com"), "*.a.com").as_deref(), Some("x.a.com"));
        assert_eq!(intersect(Some("*.com"), "*.a.com").as_deref(), Some("*.a.com"));
        assert_eq!(intersect(Some("*.a.com"), "*.com").as_deref(), Some("*.a.com"));
        assert_eq!(intersect(Some("*.a.com"), "*.b.com"), None);
        assert_eq!(intersect(Some("*.xa.com"), "*.a.com"), None);
    }

    #[test]
    fn hostname_pattern() {
        assert!(is_valid("a.b-c.com"));
        assert!(is_valid("*.example.com"));
        assert!(!is_valid("*"));
        assert!(!is_valid("A.com"));
        assert!(!is_valid("a..com"));
        assert!(!is_valid("-a.com"));
        assert!(!is_valid("a.*.com"));
    }
}
