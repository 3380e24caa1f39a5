//! The conversion report: every field and annotation of every Ingress, accounted for.
//!
//! The JSON form is a documented, versioned contract (docs/report.md); scripts rely on the field names.

use std::{collections::BTreeMap, fmt::Write as _};

use gateshift_manifest::{Document, FieldPath};
use serde::Serialize;

use crate::facts::Fact;

/// The schema identifier written into every JSON report. Bump on any incompatible change.
pub const REPORT_SCHEMA: &str = "gateshift.dev/report/v1";

/// How many manual/unsupported findings the stderr summary lists before pointing at the full report.
const SUMMARY_LINES: usize = 20;

/// How one source item was carried over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Converted with the same behaviour.
    Exact,
    /// Converted; the message says what differs.
    Approximate,
    /// Not converted: the user must do what the message says.
    Manual,
    /// Cannot be expressed; the message says why.
    Unsupported,
    /// ingress-nginx itself refused it, so it never routed anything.
    Refused,
    /// ingress-nginx ignored it (or it has no effect on routing), so the conversion ignores it too.
    Ignored,
}

impl Status {
    /// Whether this status makes `convert` exit 1 (the output is still written).
    pub fn needs_attention(self) -> bool {
        matches!(self, Status::Manual | Status::Unsupported)
    }

    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Exact => "exact",
            Status::Approximate => "approximate",
            Status::Manual => "manual",
            Status::Unsupported => "unsupported",
            Status::Refused => "refused",
            Status::Ignored => "ignored",
        }
    }
}

pub use gateshift_api::meta::ObjectRef;

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The source object.
    pub object: ObjectRef,
    /// The field, Kubernetes style; an annotation is `metadata.annotations[<key>]`.
    pub field: String,
    /// How it was carried over.
    pub status: Status,
    /// What happened, and for manual/unsupported what the user must do.
    pub message: String,
    /// Source file.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Requests the Ingresses and the written objects route differently where this item decided (`convert`
    /// verifies its output unless `--no-verify`), one per cause. A line with any is never `exact`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<RoutingDifference>,
}

/// Requests that route differently after the conversion, found by verifying it, on the item that decided them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoutingDifference {
    /// What differs, as `gateshift verify` names it (`backend`, `redirect-trailing-slash`, ...).
    pub cause: String,
    /// The difference in words.
    pub summary: String,
    /// How many probe requests show it on this item.
    pub requests: usize,
    /// A witness request, e.g. `GET http://shop.example.com/a/`.
    pub witness: String,
    /// What ingress-nginx does with the witness.
    pub before: String,
    /// What the written objects do with it.
    pub after: String,
}

/// A duplicate that ingress-nginx resolved by age; the conversion resolves it the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// What was claimed twice, e.g. `shop.example.com Prefix /cart`.
    pub claim: String,
    /// The Ingress that keeps it.
    pub winner: ObjectRef,
    /// The Ingress whose claim is dropped.
    pub loser: ObjectRef,
    /// Why the winner won.
    pub reason: String,
}

/// Counts for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Objects read, by kind.
    pub read: BTreeMap<String, usize>,
    /// Objects of kinds `convert` does not use, skipped.
    pub skipped: usize,
    /// Ingresses converted (selected by class and not refused).
    pub ingresses_converted: usize,
    /// Ingresses not converted (other class, refused, canary, ...).
    pub ingresses_not_converted: usize,
    /// Objects written, by kind.
    pub written: BTreeMap<String, usize>,
    /// Findings by status.
    pub findings: BTreeMap<String, usize>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Always [`REPORT_SCHEMA`].
    pub schema: &'static str,
    /// Counts.
    pub counts: Counts,
    /// Every finding, sorted by source position.
    pub findings: Vec<Finding>,
    /// Duplicates resolved by age.
    pub conflicts: Vec<Conflict>,
    /// Every object written.
    pub objects: Vec<ObjectRef>,
    /// Unless `convert --no-verify`: the request-by-request comparison of the Ingresses (as ingress-nginx routes
    /// them) with the objects written (`gateshift verify`'s JSON: `probes`, `differing`, `equivalent`,
    /// `groups`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification: Option<serde_json::Value>,
    /// The same comparison in words, for the Markdown report.
    #[serde(skip)]
    pub verification_text: Option<String>,
}

impl Report {
    /// Attaches a routing difference to the finding at `index`: an `exact` line becomes `approximate`, and the
    /// message says what differs with its witness. Several differences of one cause on a line add up.
    pub fn attach_difference(&mut self, index: usize, difference: RoutingDifference) {
        let f = &mut self.findings[index];
        if let Some(d) = f.differences.iter_mut().find(|d| d.cause == difference.cause) {
            d.requests += difference.requests;
            return;
        }
        if f.status == Status::Exact {
            f.status = Status::Approximate;
        }
        f.differences.push(difference);
    }

    /// Words the differences attached to each finding into its message and counts the findings by status
    /// again; called once, after every difference is attached.
    pub fn finish_verification(&mut self) {
        for f in &mut self.findings {
            for d in &f.differences {
                let _ = write!(
                    f.message,
                    "{}verify: {} ({} request(s), e.g. {}: {} before, {} after)",
                    if f.message.is_empty() { "" } else { ". " },
                    d.summary,
                    d.requests,
                    d.witness,
                    d.before,
                    d.after
                );
            }
        }
        self.counts.findings.clear();
        for f in &self.findings {
            *self
                .counts
                .findings
                .entry(f.status.as_str().to_string())
                .or_default() += 1;
        }
    }

    /// Whether anything is manual or unsupported (exit code 1).
    pub fn needs_attention(&self) -> bool {
        self.findings.iter().any(|f| f.status.needs_attention())
    }

    /// The report as Markdown, for people and pull requests.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# gateshift conversion report\n");
        let _ = writeln!(md, "| | count |\n|---|---|");
        let _ = writeln!(
            md,
            "| Ingresses converted | {} |",
            self.counts.ingresses_converted
        );
        let _ = writeln!(
            md,
            "| Ingresses not converted | {} |",
            self.counts.ingresses_not_converted
        );
        let _ = writeln!(
            md,
            "| objects skipped (kinds convert does not use) | {} |",
            self.counts.skipped
        );
        for (kind, n) in &self.counts.written {
            let _ = writeln!(md, "| {kind} written | {n} |");
        }
        for (status, n) in &self.counts.findings {
            let _ = writeln!(md, "| findings: {status} | {n} |");
        }
        for (title, statuses) in [
            ("Needs your attention", &[Status::Manual, Status::Unsupported][..]),
            (
                "Refused or ignored, as ingress-nginx did",
                &[Status::Refused, Status::Ignored][..],
            ),
            ("Approximate", &[Status::Approximate][..]),
            ("Exact", &[Status::Exact][..]),
        ] {
            let rows: Vec<&Finding> = self
                .findings
                .iter()
                .filter(|f| statuses.contains(&f.status))
                .collect();
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(md, "\n## {title} ({})\n", rows.len());
            let _ = writeln!(
                md,
                "| where | object | field | status | what |\n|---|---|---|---|---|"
            );
            for f in rows {
                let _ = writeln!(
                    md,
                    "| {}:{}:{} | {} | `{}` | {} | {} |",
                    f.file,
                    f.line,
                    f.column,
                    f.object,
                    f.field,
                    f.status.as_str(),
                    f.message.replace('|', "\\|").replace('\n', " ")
                );
            }
        }
        if !self.conflicts.is_empty() {
            let _ = writeln!(md, "\n## Conflicts resolved as ingress-nginx resolved them\n");
            let _ = writeln!(md, "| claim | kept | dropped | why |\n|---|---|---|---|");
            for c in &self.conflicts {
                let _ = writeln!(md, "| {} | {} | {} | {} |", c.claim, c.winner, c.loser, c.reason);
            }
        }
        if let Some(text) = &self.verification_text {
            let _ = writeln!(md, "\n## Verification\n\n```text\n{}```", text);
        }
        let _ = writeln!(md, "\n## Objects written ({})\n", self.objects.len());
        for o in &self.objects {
            let _ = writeln!(md, "- {o}");
        }
        md
    }

    /// A few lines for stderr.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "gateshift convert: {} Ingress(es) converted, {} not converted, {} object(s) skipped; wrote",
            self.counts.ingresses_converted, self.counts.ingresses_not_converted, self.counts.skipped
        );
        if self.counts.written.is_empty() {
            s.push_str(" nothing");
        }
        for (i, (kind, n)) in self.counts.written.iter().enumerate() {
            let _ = write!(s, "{} {n} {kind}", if i == 0 { "" } else { "," });
        }
        s.push('\n');
        let statuses: Vec<String> = self
            .counts
            .findings
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        let _ = writeln!(s, "findings: {}", statuses.join(", "));
        let attention: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.status.needs_attention())
            .collect();
        for f in attention.iter().take(SUMMARY_LINES) {
            let _ = writeln!(
                s,
                "  {}:{}:{}: {}: {} {}: {}",
                f.file,
                f.line,
                f.column,
                f.status.as_str(),
                f.object,
                f.field,
                f.message
            );
        }
        if attention.len() > SUMMARY_LINES {
            let _ = writeln!(
                s,
                "  ... and {} more: write the full report with --report FILE.md",
                attention.len() - SUMMARY_LINES
            );
        }
        s
    }
}

/// Collects findings while converting; positions are looked up from the source document.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    pub findings: Vec<Finding>,
    pub conflicts: Vec<Conflict>,
    /// Facts noted by the provider, each holding its place among the findings (index) until the emitter
    /// words it ([`Recorder::explain`]), so the report keeps the order in which things were found.
    facts: Vec<(usize, Fact)>,
    /// Whether [`Fact::NoServicesInInput`] was noted (it is said once, at the first reference).
    pub no_services_noted: bool,
}

impl Recorder {
    /// Records a finding about the source object `src`.
    pub fn at<T>(
        &mut self,
        src: &crate::input::Src<'_, T>,
        field: &FieldPath,
        status: Status,
        message: impl Into<String>,
    ) {
        self.add(&src.r, src.doc, field, status, message);
    }

    /// How many facts are noted so far.
    pub fn facts_len(&self) -> usize {
        self.facts.len()
    }

    /// The facts noted from index `start` on, to complete what a later stage learns.
    pub fn facts_since(&mut self, start: usize) -> impl Iterator<Item = &mut Fact> {
        self.facts[start..].iter_mut().map(|(_, f)| f)
    }

    /// Notes a neutral fact about the source object `src`; its status and words come from the emitter.
    pub fn note<T>(&mut self, src: &crate::input::Src<'_, T>, field: &FieldPath, fact: Fact) {
        self.add(&src.r, src.doc, field, Status::Ignored, String::new());
        self.facts.push((self.findings.len() - 1, fact));
    }

    /// Lets the emitter decide and word every fact noted so far, in place.
    pub fn explain(&mut self, explain: impl Fn(&Fact) -> (Status, String)) {
        for (i, fact) in std::mem::take(&mut self.facts) {
            let (status, message) = explain(&fact);
            self.findings[i].status = status;
            self.findings[i].message = message;
        }
    }

    pub fn add(
        &mut self,
        object: &ObjectRef,
        doc: &Document,
        field: &FieldPath,
        status: Status,
        message: impl Into<String>,
    ) {
        let position = match field.0.last() {
            // An annotation or a whole field: point at its key, where people look first.
            Some(gateshift_manifest::Segment::Key(_)) => doc.key_position_of(field),
            _ => doc.position_of(field),
        };
        self.findings.push(Finding {
            object: object.clone(),
            field: field.to_string(),
            status,
            message: message.into(),
            file: position.file.to_string(),
            line: position.line,
            column: position.column,
            differences: Vec::new(),
        });
    }
}
