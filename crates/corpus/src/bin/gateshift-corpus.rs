//! `gateshift-corpus N [--seed S] [--refused]`: prints a generated cluster of N Ingresses on stdout.
//! `gateshift-corpus --shape NAME N`: prints an input of one extreme shape of size N instead (see
//! `gateshift_corpus::Shape`: one-host-paths, annotations, regex-host, services-json, services-yaml).

use std::{io::Write, process::ExitCode};

use gateshift_corpus::Shape;

fn main() -> ExitCode {
    let mut config = gateshift_corpus::Config::new(0, 1);
    let mut count = None;
    let mut shape = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(seed) => config.seed = seed,
                None => return usage(),
            },
            "--refused" => config.refused = true,
            "--shape" => match args.next().as_deref().and_then(Shape::named) {
                Some(s) => shape = Some(s),
                None => return usage(),
            },
            n => match n.parse() {
                Ok(n) if count.is_none() => count = Some(n),
                _ => return usage(),
            },
        }
    }
    let Some(count) = count else {
        return usage();
    };
    let text = match shape {
        Some(shape) => shape.generate(count),
        None => {
            config.ingresses = count;
            gateshift_corpus::generate_with(&config)
        }
    };
    if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    let names: Vec<&str> = Shape::ALL.iter().map(|(n, _)| *n).collect();
    let _ = writeln!(
        std::io::stderr(),
        "usage: gateshift-corpus N [--seed S] [--refused]   (N Ingresses, YAML on stdout)\n       \
         gateshift-corpus --shape {} N",
        names.join("|")
    );
    ExitCode::from(2)
}
