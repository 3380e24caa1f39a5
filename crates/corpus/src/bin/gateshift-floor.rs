//! `gateshift-floor FILE...`: the least work any converter does with the same libraries: read the input into
//! positioned documents, decode them into typed objects, and write every document back as YAML on stdout.
//! `benches/run.sh` divides `gateshift convert`'s time and memory by this binary's. `--phases` prints the
//! time of each step on stderr.

use std::{io::Write, path::PathBuf, process::ExitCode, sync::Arc};

use gateshift_manifest::{ReadOptions, Source};

// The same allocator as `gateshift`, so the ratio compares the work and not the allocators.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let phases = args.iter().any(|a| a == "--phases");
    let sources: Vec<Source> = args
        .into_iter()
        .filter(|a| a != "--phases")
        .map(|a| {
            if a == "-" {
                Source::Stdin
            } else {
                Source::Path(PathBuf::from(a))
            }
        })
        .collect();
    match run(&sources, phases) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(sources: &[Source], phases: bool) -> Result<(), Box<dyn std::error::Error>> {
    let mut clock = Clock::new(phases);
    let documents = gateshift_manifest::read_sources(sources, &ReadOptions::default())?;
    clock.lap("read");
    let mut objects = Vec::with_capacity(documents.len());
    for doc in documents {
        objects.push(gateshift_api::decode(Arc::new(doc))?);
    }
    clock.lap("decode");
    // Writes the documents as read (not the typed objects, which have no common serializer), which is the same
    // amount of YAML out as in (the conversion writes somewhat less), one document at a time as `gateshift`
    // does.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    gateshift_manifest::write_yaml_to(&mut out, objects.iter().map(|o| o.doc.to_json()))?;
    out.flush()?;
    clock.lap("write_yaml");
    Ok(())
}

struct Clock {
    on: bool,
    last: std::time::Instant,
}

impl Clock {
    fn new(on: bool) -> Self {
        Clock {
            on,
            last: std::time::Instant::now(),
        }
    }

    fn lap(&mut self, what: &str) {
        let now = std::time::Instant::now();
        if self.on {
            // Linux only: the peak resident set so far, to see which step holds the memory.
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let peak = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .map_or("?", str::trim);
            let _ = writeln!(
                std::io::stderr(),
                "{what:>10}: {:.3} s, peak RSS {peak}",
                (now - self.last).as_secs_f64()
            );
        }
        self.last = now;
    }
}
