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

#[cfg(test)]
mod tests {
    use super::*;

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
