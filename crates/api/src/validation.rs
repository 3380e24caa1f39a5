//! The API server's own name rules (`k8s.io/apimachinery/pkg/util/validation`), with its messages.
//!
//! Every object gateshift reads is checked against them before anything uses it: a name or namespace the API
//! server would refuse cannot exist in a cluster, and a namespace becomes a directory under `--output-dir`, so
//! a value such as `../../x` must never get that far.

const LABEL_MAX: usize = 63;
const SUBDOMAIN_MAX: usize = 253;

const LABEL_FORMAT: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', \
     and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for \
     validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_FORMAT: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric \
     characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex \
     used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

fn is_label(value: &str) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes[0] != b'-'
        && bytes[bytes.len() - 1] != b'-'
}

/// `IsDNS1123Label`: the API server's messages for `value`, empty when it is valid (namespaces, Service names).
#[must_use]
pub fn dns1123_label(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > LABEL_MAX {
        errors.push(format!("must be no more than {LABEL_MAX} characters"));
    }
    if !is_label(value) {
        errors.push(LABEL_FORMAT.to_string());
    }
    errors
}

/// `IsDNS1123Subdomain`: the API server's messages for `value`, empty when it is valid (most object names).
#[must_use]
pub fn dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > SUBDOMAIN_MAX {
        errors.push(format!("must be no more than {SUBDOMAIN_MAX} characters"));
    }
    if !value.split('.').all(is_label) {
        errors.push(SUBDOMAIN_FORMAT.to_string());
    }
    errors
}

const LABEL_1035_FORMAT: &str = "a lowercase RFC 1035 label must consist of lower case alphanumeric characters or \
     '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or \
     'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const WILDCARD_SUBDOMAIN_FORMAT: &str = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid \
     DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an \
     alphanumeric character (e.g. '*.example.com', regex used for validation is \
     '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const PORT_NAME_MAX: usize = 15;

/// `IsDNS1035Label`: the API server's messages for `value`, empty when it is valid (Service names).
#[must_use]
pub fn dns1035_label(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > LABEL_MAX {
        errors.push(format!("must be no more than {LABEL_MAX} characters"));
    }
    if !is_label(value) || !value.as_bytes()[0].is_ascii_lowercase() {
        errors.push(LABEL_1035_FORMAT.to_string());
    }
    errors
}

/// `IsWildcardDNS1123Subdomain`: `*.` followed by a DNS-1123 subdomain.
#[must_use]
pub fn wildcard_dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > SUBDOMAIN_MAX {
        errors.push(format!("must be no more than {SUBDOMAIN_MAX} characters"));
    }
    let valid = value
        .strip_prefix("*.")
        .is_some_and(|rest| rest.split('.').all(is_label));
    if !valid {
        errors.push(WILDCARD_SUBDOMAIN_FORMAT.to_string());
    }
    errors
}

/// `netutils.ParseIPSloppy(value) != nil`: an IPv4 address (leading zeros allowed, as Go's legacy parser
/// does) or an IPv6 address.
#[must_use]
pub fn is_ip(value: &str) -> bool {
    if value.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    let parts: Vec<&str> = value.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// An Ingress host (`spec.rules[].host`, `spec.tls[].hosts[]`), as `pkg/apis/networking/validation` checks it:
/// a wildcard only as the whole first label, otherwise a DNS-1123 subdomain; for a rule's host, never an IP
/// address (`reject_ip`; the API server does not check that for TLS hosts).
#[must_use]
pub fn ingress_host(value: &str, reject_ip: bool) -> Vec<String> {
    let mut errors = Vec::new();
    if reject_ip && is_ip(value) {
        errors.push("must be a DNS name, not an IP address".to_string());
    }
    if value.contains('*') {
        errors.extend(wildcard_dns1123_subdomain(value));
    } else {
        errors.extend(dns1123_subdomain(value));
    }
    errors
}

/// `IsValidPortNum`.
#[must_use]
pub fn port_number(value: i64) -> Vec<String> {
    if (1..=65535).contains(&value) {
        Vec::new()
    } else {
        vec!["must be between 1 and 65535, inclusive".to_string()]
    }
}

/// `IsValidPortName`: an IANA_SVC_NAME (at most 15 characters, lower-case letters, digits and '-', at least
/// one letter, no '--', no '-' at either end).
#[must_use]
pub fn port_name(value: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if value.len() > PORT_NAME_MAX {
        errors.push(format!("must be no more than {PORT_NAME_MAX} characters"));
    }
    let charset = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !charset {
        errors.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string());
    } else if !value.bytes().any(|b| b.is_ascii_lowercase()) {
        errors.push("must contain at least one letter (a-z)".to_string());
    }
    if value.contains("--") {
        errors.push("must not contain consecutive hyphens".to_string());
    }
    if value.starts_with('-') || value.ends_with('-') {
        errors.push("must not begin or end with a hyphen".to_string());
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ingress_hosts() {
        for ok in [
            "example.com",
            "*.example.com",
            "a-b.example.com",
            "1.example.com",
            "*.a",
        ] {
            assert!(ingress_host(ok, true).is_empty(), "{ok}");
        }
        for bad in [
            "example.com:8080",
            "1.2.3.4",
            "010.1.1.1",
            "::1",
            "Example.com",
            "example.com.",
            "*.*.example.com",
            "foo.*.example.com",
            "*",
            "*example.com",
            "bücher.example",
            "a_b.example.com",
            &"a".repeat(254),
        ] {
            assert!(!ingress_host(bad, true).is_empty(), "{bad}");
        }
        assert_eq!(
            ingress_host("1.2.3.4", true),
            ["must be a DNS name, not an IP address"]
        );
        assert!(ingress_host("1.2.3.4", false).is_empty());
        assert!(
            ingress_host("*.*.x", true)[0].starts_with("a wildcard DNS-1123 subdomain must start with '*.'")
        );
    }

    #[test]
    fn ports() {
        for ok in [1, 80, 65535] {
            assert!(port_number(ok).is_empty(), "{ok}");
        }
        for bad in [0, -1, 65536] {
            assert_eq!(port_number(bad), ["must be between 1 and 65535, inclusive"]);
        }
        for ok in ["http", "h2c", "web-1", "a", &"a".repeat(15)] {
            assert!(port_name(ok).is_empty(), "{ok}");
        }
        for bad in [
            "",
            "80",
            "HTTP",
            "a--b",
            "-a",
            "a-",
            "a_b",
            "a.b",
            &"a".repeat(16),
        ] {
            assert!(!port_name(bad).is_empty(), "{bad}");
        }
        assert_eq!(port_name("8080"), ["must contain at least one letter (a-z)"]);
    }

    #[test]
    fn dns1035_labels() {
        for ok in ["a", "svc", "my-svc-1"] {
            assert!(dns1035_label(ok).is_empty(), "{ok}");
        }
        for bad in ["", "1svc", "-a", "a-", "Svc", "a.b", &"a".repeat(64)] {
            assert!(!dns1035_label(bad).is_empty(), "{bad}");
        }
    }

    #[test]
    fn labels() {
        for ok in ["a", "default", "my-ns", "0", "a-1", &"a".repeat(63)] {
            assert!(dns1123_label(ok).is_empty(), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "A",
            "a.b",
            "..",
            "../../x",
            "/abs/x",
            "a_b",
            "é",
            &"a".repeat(64),
        ] {
            assert!(!dns1123_label(bad).is_empty(), "{bad}");
        }
    }

    #[test]
    fn subdomains() {
        for ok in ["a", "example.com", "a-b.c-d", &"a".repeat(253)] {
            assert!(dns1123_subdomain(ok).is_empty(), "{ok}");
        }
        for bad in [
            "",
            ".",
            "a..b",
            ".a",
            "a.",
            "../x",
            "x/y",
            "A.b",
            &"a".repeat(254),
        ] {
            assert!(!dns1123_subdomain(bad).is_empty(), "{bad}");
        }
    }
}
