//! `gateshift annotations`: what gateshift does with every ingress-nginx annotation, from the catalogue in
//! `gateshift_convert::catalogue` (the same table the conversion report and docs/annotations.md use).

use std::{fmt::Write as _, io::Write as _};

use clap::{Args, ValueEnum};
use gateshift_convert::catalogue::{self, CATALOGUE, Group, INGRESS_NGINX_VERSION, NGINX_PREFIX};

#[derive(Args)]
pub struct AnnotationsArgs {
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: AnnotationsFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum AnnotationsFormat {
    /// One line per annotation, grouped: name, handling, risk, what to do.
    Text,
    /// The page docs/annotations.md is generated from.
    Markdown,
    /// The whole catalogue: syntax, default, risk, invalid-value behaviour, handling.
    Json,
}

/// Prints the catalogue; always succeeds (exit 0) unless stdout fails.
pub fn run(args: AnnotationsArgs) -> anyhow::Result<u8> {
    let text = match args.output {
        AnnotationsFormat::Text => to_text(),
        AnnotationsFormat::Markdown => catalogue::to_markdown(),
        AnnotationsFormat::Json => catalogue::to_json(),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // `gateshift annotations | head` is fine.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    Ok(crate::exit::OK)
}

/// The plain listing: a header, then per group one aligned line per annotation.
fn to_text() -> String {
    let name_width = CATALOGUE.iter().map(|a| a.name.len()).max().unwrap_or(0);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} ingress-nginx {INGRESS_NGINX_VERSION} annotations ({NGINX_PREFIX}*) and what gateshift does with them.",
        CATALOGUE.len()
    );
    let _ = writeln!(
        s,
        "Handling: converted (standard Gateway API), security-loss (refused without --accept-security-loss), manual, unsupported, no-effect."
    );
    let _ = writeln!(
        s,
        "Details (syntax, defaults, invalid values): gateshift annotations -o markdown, or docs/annotations.md."
    );
    for group in Group::ALL {
        let rows = catalogue::group_rows(group);
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n{}", group.title());
        for a in rows {
            let alias = a
                .alias_of
                .map(|of| format!("(alias of {of}) "))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "  {:name_width$}  {:13}  {:8}  {alias}{}",
                a.name,
                a.handling.kind(),
                a.risk.as_str(),
                a.handling.text(),
            );
        }
    }
    s
}
