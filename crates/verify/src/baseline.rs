//! A baseline: the differences a team has read and accepted, so that `verify --baseline FILE` passes on those
//! and fails on any new one.
//!
//! The file is text a person reviews in a pull request: one line per differing request, `cause | object before
//! | object after | request`, sorted. It names objects (`Ingress shop/web`) and requests, never rule indexes or
//! line numbers, so an edit elsewhere in the manifests does not move its entries.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::Verification;

const HEADER: &str = "\
# gateshift verify baseline: differences read and accepted. One per line:
#   cause | object deciding before | object deciding after | request
# `gateshift verify --baseline FILE` passes while every difference is listed here and fails on any other.
# Regenerate with `gateshift verify --write-baseline FILE` after reviewing the differences.
";

/// The separator between the fields of an entry.
const SEP: &str = " | ";

/// A line of a baseline file that is not an entry.
#[derive(Debug, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct BaselineError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// The entries of a baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    entries: BTreeSet<String>,
}

impl Baseline {
    /// The differences of `v`, as a baseline.
    pub fn of(v: &Verification) -> Baseline {
        Baseline {
            entries: v.baseline_entries(),
        }
    }

    /// Reads a baseline file's text: `#` comments and blank lines aside, every line is an entry of four fields.
    pub fn parse(text: &str) -> Result<Baseline, BaselineError> {
        let mut entries = BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = trimmed.splitn(4, SEP).map(str::trim).collect();
            if fields.len() != 4 || fields.iter().any(|f| f.is_empty()) {
                return Err(BaselineError {
                    line: i + 1,
                    column: line.len() - line.trim_start().len() + 1,
                    message: "expected `cause | object before | object after | request` (write the file with `verify --write-baseline`)".into(),
                });
            }
            entries.insert(fields.join(SEP));
        }
        Ok(Baseline { entries })
    }

    /// The file's text: the header, then the entries, sorted.
    pub fn render(&self) -> String {
        let mut out = HEADER.to_string();
        for e in &self.entries {
            out.push_str(e);
            out.push('\n');
        }
        out
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The differences of `v` against this baseline: which are new, which entries no longer occur.
    pub fn compare(&self, v: &Verification) -> BaselineCheck {
        let current = v.baseline_entries();
        BaselineCheck {
            accepted: current.intersection(&self.entries).count(),
            new: current.difference(&self.entries).cloned().collect(),
            gone: self.entries.difference(&current).cloned().collect(),
        }
    }
}

/// A verification held against a baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaselineCheck {
    /// Differences that are in the baseline.
    pub accepted: usize,
    /// Differences that are not: a CI job fails on these.
    pub new: Vec<String>,
    /// Baseline entries that no longer occur (fixed, or the objects changed): remove them.
    pub gone: Vec<String>,
}

impl BaselineCheck {
    /// Whether every difference is in the baseline.
    pub fn passes(&self) -> bool {
        self.new.is_empty()
    }

    /// For people: how many were accepted, then every new difference and every entry that no longer occurs.
    pub fn to_text(&self, file: &str) -> String {
        let mut out = format!(
            "\nbaseline {file}: {} difference(s) accepted, {} new, {} entr{} no longer occur{}\n",
            self.accepted,
            self.new.len(),
            self.gone.len(),
            if self.gone.len() == 1 { "y" } else { "ies" },
            if self.gone.len() == 1 { "s" } else { "" },
        );
        if !self.new.is_empty() {
            out.push_str("new differences (not in the baseline):\n");
            for e in &self.new {
                out.push_str(&format!("  {e}\n"));
            }
        }
        if !self.gone.is_empty() {
            out.push_str("baseline entries that no longer occur (remove them, or rewrite the file):\n");
            for e in &self.gone {
                out.push_str(&format!("  {e}\n"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendered_baseline_reads_back_and_bad_lines_have_positions() {
        let text = format!(
            "{HEADER}\nbackend | Ingress a/b | HTTPRoute a/b | GET http://h/x\nstatus | - | HTTPRoute a/c | GET http://h/y -H 'Cookie: a=b | c'\n"
        );
        let b = Baseline::parse(&text).unwrap();
        assert_eq!(b.len(), 2);
        assert_eq!(Baseline::parse(&b.render()).unwrap(), b);
        let err = Baseline::parse("# c\n\n  backend | Ingress a/b | GET http://h/\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 3));
        let err = Baseline::parse("backend |  | x | y\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 1));
    }
}
