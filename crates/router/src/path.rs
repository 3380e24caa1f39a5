//! Path helpers shared by both models: normalisation, element-wise prefix matching, prefix replacement.

/// Whether `path` starts with `prefix` on whole path elements, the Gateway API `PathPrefix` rule: a trailing
/// `/` of the prefix is ignored, so `/abc` and `/abc/` both match `/abc`, `/abc/` and `/abc/def`, never
/// `/abcd`.
pub fn prefix_matches(prefix: &str, path: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() {
        return path.starts_with('/') || path.is_empty();
    }
    match path.strip_prefix(prefix) {
        Some(rest) => rest.is_empty() || rest.starts_with('/'),
        None => false,
    }
}

/// The element prefixes of `path` under which a `PathPrefix` match is indexed: `/a/b` → `/`, `/a`, `/a/b`
/// (the key of a prefix is the prefix without its trailing `/`, `/` for the root).
pub fn element_prefixes(path: &str) -> impl Iterator<Item = &str> {
    let trimmed = path.trim_end_matches('/');
    std::iter::once("/").chain(
        trimmed
            .match_indices('/')
            .skip(1)
            .map(move |(i, _)| &trimmed[..i])
            .chain((!trimmed.is_empty()).then_some(trimmed)),
    )
}

/// The index key of a `PathPrefix` value: without trailing `/`, `/` for the root.
pub fn prefix_key(prefix: &str) -> &str {
    let t = prefix.trim_end_matches('/');
    if t.is_empty() { "/" } else { t }
}

/// Replaces the matched `prefix` of `path` by `replacement` on element boundaries (Gateway API
/// `ReplacePrefixMatch`): `/foo/bar` with `/foo` → `/xyz` gives `/xyz/bar`; → `""` gives `/bar`; `/foo` →
/// `/`.
pub fn replace_prefix(path: &str, prefix: &str, replacement: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    let rest = path.strip_prefix(prefix).unwrap_or(path);
    let replacement = replacement.trim_end_matches('/');
    let out = format!("{replacement}{rest}");
    if out.is_empty() {
        "/".to_string()
    } else if !out.starts_with('/') {
        format!("/{out}")
    } else {
        out
    }
}

/// The URI nginx matches locations against: `//` merged and dot-segments resolved (percent-decoding of
/// unreserved characters only).
pub fn normalize(path: &str) -> String {
    let decoded = percent_decode_unreserved(path);
    let mut out: Vec<&str> = Vec::new();
    let trailing = decoded.ends_with('/') || decoded.ends_with("/.") || decoded.ends_with("/..");
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let mut s = String::with_capacity(decoded.len());
    for seg in &out {
        s.push('/');
        s.push_str(seg);
    }
    if s.is_empty() || trailing {
        s.push('/');
    }
    s
}

fn percent_decode_unreserved(path: &str) -> String {
    if !path.contains('%') {
        return path.to_string();
    }
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < bytes.len() {
        // Decode from the bytes, never by slicing the str: the two characters after '%' may be the start of a
        // multi-byte character (`%aé`), and a str slice there would not fall on a char boundary.
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|c| (*c as char).to_digit(16)),
                bytes.get(i + 2).and_then(|c| (*c as char).to_digit(16)),
            )
            && let b = (hi * 16 + lo) as u8
            && (b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        {
            out.push(b as char);
            i += 3;
            continue;
        }
        let ch = path[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_never_splits_a_character() {
        // `%a` followed by a two-byte character: the hex digits are not there, the bytes are kept as they are.
        assert_eq!(percent_decode_unreserved("/%a\u{e9}"), "/%a\u{e9}");
        assert_eq!(percent_decode_unreserved("/%\u{e9}"), "/%\u{e9}");
        assert_eq!(percent_decode_unreserved("/x%4"), "/x%4");
        assert_eq!(percent_decode_unreserved("/%41%2F%7e"), "/A%2F~");
        assert_eq!(normalize("/%aé/../b"), normalize("/b"));
    }

    #[test]
    fn prefix_is_element_wise() {
        assert!(prefix_matches("/abc", "/abc"));
        assert!(prefix_matches("/abc", "/abc/"));
        assert!(prefix_matches("/abc/", "/abc"));
        assert!(prefix_matches("/abc", "/abc/def"));
        assert!(!prefix_matches("/abc", "/abcd"));
        assert!(prefix_matches("/", "/anything"));
    }

    #[test]
    fn element_prefixes_of_a_path() {
        let v: Vec<_> = element_prefixes("/a/b/").collect();
        assert_eq!(v, ["/", "/a", "/a/b"]);
        let v: Vec<_> = element_prefixes("/").collect();
        assert_eq!(v, ["/"]);
    }

    #[test]
    fn replace_prefix_table() {
        assert_eq!(replace_prefix("/foo/bar", "/foo", "/xyz"), "/xyz/bar");
        assert_eq!(replace_prefix("/foo/bar", "/foo", "/xyz/"), "/xyz/bar");
        assert_eq!(replace_prefix("/foo/bar", "/foo", ""), "/bar");
        assert_eq!(replace_prefix("/foo", "/foo", "/"), "/");
        assert_eq!(replace_prefix("/foo/", "/foo", "/"), "/");
        assert_eq!(replace_prefix("/foo/", "/foo/", "/xyz"), "/xyz/");
    }

    #[test]
    fn normalizes() {
        assert_eq!(normalize("/a//b/./c/../d"), "/a/b/d");
        assert_eq!(normalize("/a/"), "/a/");
        assert_eq!(normalize("/%61b"), "/ab");
        assert_eq!(normalize(""), "/");
    }
}
