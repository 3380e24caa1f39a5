//! Annotation value readers: how ingress-nginx's parsers (`internal/ingress/annotations/*/main.go`) turn an
//! accepted value into a setting. Shared by the converter and the router's ingress-nginx model, so both read a
//! value the same way. Values reaching these readers have passed the acceptance rules
//! ([`crate::acceptance`]): not empty, valid for their row.

use std::{collections::BTreeMap, ops::RangeInclusive, str::FromStr};

use crate::{NGINX_PREFIX, lookup, parse_bool};

/// The value of annotation `name` (without [`NGINX_PREFIX`]) as ingress-nginx's parser takes it: `None` when
/// absent, empty (treated as not set) or failing the catalogue's validator (the parsers that do not refuse the
/// Ingress then use their default; for those that do, the Ingress never gets this far). Not trimmed.
pub fn value<'a>(annotations: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    let value = annotations.get(&format!("{NGINX_PREFIX}{name}"))?;
    if value.trim().is_empty() || lookup(name).is_some_and(|row| row.validate(value).is_err()) {
        return None;
    }
    Some(value)
}

/// A boolean through Go's `strconv.ParseBool` ([`parse_bool`]), `default` when absent or not a bool.
pub fn bool_or(value: Option<&str>, default: bool) -> bool {
    value.and_then(parse_bool).unwrap_or(default)
}

/// A number as the parsers read it: surrounding spaces ignored, decimal digits with an optional sign;
/// `None` when it does not parse or does not fit `T`.
pub fn number<T: FromStr>(value: &str) -> Option<T> {
    value.trim().parse().ok()
}

/// A redirect code as `redirect.go` reads it: the number when it is in `range`, else `default`.
pub fn redirect_code(value: Option<&str>, range: RangeInclusive<u16>, default: u16) -> u16 {
    value
        .and_then(number::<u16>)
        .filter(|c| range.contains(c))
        .unwrap_or(default)
}

/// `permanent-redirect-code`: 300-308, default 301.
pub fn permanent_redirect_code(value: Option<&str>) -> u16 {
    redirect_code(value, 300..=308, 301)
}

/// `temporal-redirect-code`: 300-307, default 302.
pub fn temporal_redirect_code(value: Option<&str>) -> u16 {
    redirect_code(value, 300..=307, 302)
}

/// A timeout in seconds (`proxy-*-timeout`): a whole number, a trailing `s` tolerated.
pub fn seconds(value: &str) -> Option<u32> {
    value.trim().trim_end_matches('s').parse().ok()
}

/// A comma-separated list (CORS origins, methods and headers, server aliases): entries trimmed, empty entries
/// dropped.
pub fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// An object reference, `namespace/name` or `name` (in `own_namespace`): (namespace, name).
pub fn object_ref<'a>(value: &'a str, own_namespace: &'a str) -> (&'a str, &'a str) {
    value.split_once('/').unwrap_or((own_namespace, value))
}

/// An nginx `on`/`off` switch (`proxy-ssl-verify`): on when `on`, in any case.
pub fn on(value: &str) -> bool {
    value.eq_ignore_ascii_case("on")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_as_the_parsers_take_them() {
        let annotations: BTreeMap<String, String> = [
            ("ssl-redirect", "false"),
            ("use-regex", "yes"),
            ("rewrite-target", " "),
            ("unknown-thing", "x"),
        ]
        .into_iter()
        .map(|(k, v)| (format!("{NGINX_PREFIX}{k}"), v.to_string()))
        .collect();
        assert_eq!(value(&annotations, "ssl-redirect"), Some("false"));
        assert_eq!(value(&annotations, "use-regex"), None, "invalid: the default");
        assert_eq!(value(&annotations, "rewrite-target"), None, "empty: not set");
        assert_eq!(value(&annotations, "unknown-thing"), Some("x"));
        assert_eq!(value(&annotations, "app-root"), None);
        assert!(!bool_or(value(&annotations, "ssl-redirect"), true));
        assert!(!bool_or(value(&annotations, "use-regex"), false));
        assert!(bool_or(None, true));
    }

    #[test]
    fn numbers_and_codes() {
        assert_eq!(number::<u32>(" 30 "), Some(30));
        assert_eq!(number::<u32>("-1"), None);
        assert_eq!(number::<i32>("-1"), Some(-1));
        assert_eq!(permanent_redirect_code(Some("308")), 308);
        assert_eq!(permanent_redirect_code(Some("299")), 301);
        assert_eq!(permanent_redirect_code(Some("-301")), 301);
        assert_eq!(permanent_redirect_code(None), 301);
        assert_eq!(temporal_redirect_code(Some("308")), 302);
        assert_eq!(temporal_redirect_code(Some("+307")), 307);
        assert_eq!(seconds("60"), Some(60));
        assert_eq!(seconds(" 60s "), Some(60));
        assert_eq!(seconds("1m"), None);
    }

    #[test]
    fn lists_refs_switches() {
        assert_eq!(list(" a, ,b ,").collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(list("").count(), 0);
        assert_eq!(object_ref("ns/name", "own"), ("ns", "name"));
        assert_eq!(object_ref("name", "own"), ("own", "name"));
        assert!(on("ON") && on("on") && !on("off") && !on("true"));
    }
}
