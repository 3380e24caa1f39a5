//! `gateshift-corpus N [--seed S] [--refused]`: prints a generated cluster of N Ingresses on stdout.

use std::{io::Write, process::ExitCode};

fn main() -> ExitCode {
    let mut config = gateshift_corpus::Config::new(0, 1);
    let mut count = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(seed) => config.seed = seed,
                None => return usage(),
            },
            "--refused" => config.refused = true,
            n => match n.parse() {
                Ok(n) if count.is_none() => count = Some(n),
                _ => return usage(),
            },
        }
    }
    let Some(count) = count else {
        return usage();
    };
    config.ingresses = count;
    let text = gateshift_corpus::generate_with(&config);
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    let _ = writeln!(
        std::io::stderr(),
        "usage: gateshift-corpus N [--seed S] [--refused]   (N Ingresses, YAML on stdout)"
    );
    ExitCode::from(2)
}
