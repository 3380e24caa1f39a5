//! An index of start-anchored regexes by the literal text every match starts with, so a request is tried
//! only against the regexes that can match it rather than against all of them: a host with thousands of
//! regex locations (ingress-nginx puts a whole host in regex mode as soon as one of its Ingresses sets
//! `use-regex`) or RegularExpression path matches made every decision scan them all, and `verify` of 4k
//! regex Ingresses on one host quadratic.
//!
//! The index is a filter only: it never decides. [`PrefixIndex::candidates`] returns a superset of the
//! regexes that match, in the order they were added, and callers still run each candidate regex, so decisions
//! are exactly those of the full scan (property-tested against it below).

use std::collections::HashMap;

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The lower-cased ASCII text every match of `pattern` starts with (empty when there is none or it cannot be
/// told, which keeps the regex a candidate for every request). `pattern` is parsed as `regex::Regex::new`
/// parses it; only a match anchored at the start of the haystack (`^`, not `(?m)^`) has a prefix.
///
/// Lower-cased so that case-insensitive regexes (`(?i)`, as ingress-nginx's `~*` locations are) index as well:
/// for an ASCII haystack, a case-insensitive class such as `[kK\u{212A}]` can only match `k` or `K`. A
/// case-sensitive regex then gets more candidates than it needs (never fewer).
pub(crate) fn literal_prefix(pattern: &str) -> String {
    let Ok(hir) = regex_syntax::parse(pattern) else {
        return String::new();
    };
    let items: &[Hir] = match hir.kind() {
        HirKind::Concat(items) => items,
        _ => return String::new(),
    };
    let mut out = String::new();
    let Some((first, rest)) = items.split_first() else {
        return out;
    };
    if *first.kind() != HirKind::Look(Look::Start) {
        return out;
    }
    for item in rest {
        match item.kind() {
            HirKind::Literal(lit) => {
                for &b in lit.0.iter() {
                    if !b.is_ascii() {
                        return out;
                    }
                    out.push(char::from(b.to_ascii_lowercase()));
                }
            }
            HirKind::Class(class) => match one_ascii_letter(class) {
                Some(c) => out.push(c),
                None => return out,
            },
            _ => return out,
        }
    }
    out
}

/// The one lower-cased ASCII character a class allows among ASCII characters (`[sS\u{17F}]` → `s`), if
/// there is exactly one.
fn one_ascii_letter(class: &Class) -> Option<char> {
    let mut found: Option<char> = None;
    let mut add = |c: char| -> bool {
        let c = c.to_ascii_lowercase();
        match found {
            None => {
                found = Some(c);
                true
            }
            Some(f) => f == c,
        }
    };
    match class {
        Class::Unicode(u) => {
            for r in u.ranges() {
                let (start, end) = (u32::from(r.start()), u32::from(r.end()).min(0x7f));
                for c in start..=end {
                    if !add(char::from_u32(c)?) {
                        return None;
                    }
                }
            }
        }
        Class::Bytes(b) => {
            for r in b.ranges() {
                for c in r.start()..=r.end().min(0x7f) {
                    if !add(char::from(c)) {
                        return None;
                    }
                }
            }
        }
    }
    found
}

/// Regexes (by their position `0..n`) grouped by [`literal_prefix`].
#[derive(Debug, Default)]
pub(crate) struct PrefixIndex {
    by_prefix: HashMap<String, Vec<u32>>,
    /// The distinct prefix lengths, ascending.
    lengths: Vec<usize>,
}

impl PrefixIndex {
    /// Adds the regex at position `id` (positions are added in ascending order) with `pattern` as given to
    /// `Regex::new`.
    pub(crate) fn push(&mut self, id: u32, pattern: &str) {
        let prefix = literal_prefix(pattern);
        if let Err(i) = self.lengths.binary_search(&prefix.len()) {
            self.lengths.insert(i, prefix.len());
        }
        self.by_prefix.entry(prefix).or_default().push(id);
    }

    /// The regexes that can match `haystack`, ascending; `None` when the index cannot tell (a haystack with
    /// non-ASCII characters, which case-insensitive classes may match in ways the lower-cased prefix does not
    /// show): then every regex is a candidate.
    pub(crate) fn candidates(&self, haystack: &str) -> Option<Vec<u32>> {
        if !haystack.is_ascii() {
            return None;
        }
        let lower = haystack.to_ascii_lowercase();
        let mut out = Vec::new();
        for &len in self.lengths.iter().take_while(|&&len| len <= lower.len()) {
            if let Some(ids) = self.by_prefix.get(&lower[..len]) {
                out.extend_from_slice(ids);
            }
        }
        out.sort_unstable();
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;

    #[test]
    fn prefixes() {
        assert_eq!(literal_prefix("(?i)^/svc-1(/|$)(.*)"), "/svc-1");
        assert_eq!(literal_prefix("(?i)^/API/v1"), "/api/v1");
        assert_eq!(literal_prefix("^(?:/Api/.*)$"), "/api/");
        // A quantifier takes the character before it out of the prefix.
        assert_eq!(literal_prefix("(?i)^/abc?"), "/ab");
        assert_eq!(literal_prefix("(?i)^/ab[cd]"), "/ab");
        // Alternation at the top: `^/a|/b` matches `/b` anywhere.
        assert_eq!(literal_prefix("(?i)^/a|/b"), "");
        // An alternation in a group: at most its common start (the parser may or may not factor it out).
        assert!("/".starts_with(&literal_prefix("^(?:/a|/b)$")));
        assert_eq!(literal_prefix("/a"), "");
        assert_eq!(literal_prefix("(?m)^/a"), "");
        assert_eq!(literal_prefix("(?i)^/é"), "/");
        assert_eq!(literal_prefix("(?i)^/a("), "");
    }

    /// Patterns from pieces that exercise case folding, quantifiers, groups, classes, alternation and anchors.
    fn pattern() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("/".to_string()),
            Just("a".to_string()),
            Just("K".to_string()),
            Just("s".to_string()),
            Just("-1".to_string()),
            Just("é".to_string()),
            Just("?".to_string()),
            Just("*".to_string()),
            Just("(/|$)".to_string()),
            Just("(.*)".to_string()),
            Just("[a-c]".to_string()),
            Just("|".to_string()),
            Just(".".to_string()),
            Just("\\d+".to_string()),
        ];
        (
            prop_oneof![Just("(?i)^"), Just("^"), Just(""), Just("(?i)")],
            prop::collection::vec(piece, 0..6),
            any::<bool>(),
        )
            .prop_map(|(head, pieces, full)| {
                let body = pieces.concat();
                if full {
                    format!("^(?:{head}{body})$")
                } else {
                    format!("{head}{body}")
                }
            })
    }

    fn haystack() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("/"),
                Just("a"),
                Just("A"),
                Just("k"),
                Just("K"),
                Just("\u{212A}"),
                Just("s"),
                Just("S"),
                Just("\u{17F}"),
                Just("-1"),
                Just("é"),
                Just("É"),
                Just("b"),
                Just("7"),
            ],
            0..8,
        )
        .prop_map(|p| p.concat())
    }

    proptest! {
        /// The candidates plus a full run of each equal the full scan: no regex that matches is ever left out.
        #[test]
        fn candidates_never_miss_a_match(
            patterns in prop::collection::vec(pattern(), 1..8),
            haystacks in prop::collection::vec(haystack(), 1..8),
        ) {
            let compiled: Vec<Option<Regex>> = patterns.iter().map(|p| Regex::new(p).ok()).collect();
            let mut index = PrefixIndex::default();
            for (i, p) in patterns.iter().enumerate() {
                index.push(i as u32, p);
            }
            for h in &haystacks {
                let scan: Vec<u32> = (0..compiled.len() as u32)
                    .filter(|&i| compiled[i as usize].as_ref().is_some_and(|r| r.is_match(h)))
                    .collect();
                let via_index: Vec<u32> = match index.candidates(h) {
                    Some(c) => c
                        .into_iter()
                        .filter(|&i| compiled[i as usize].as_ref().is_some_and(|r| r.is_match(h)))
                        .collect(),
                    None => scan.clone(),
                };
                prop_assert_eq!(&via_index, &scan, "haystack {:?} patterns {:?}", h, patterns);
            }
        }
    }
}
