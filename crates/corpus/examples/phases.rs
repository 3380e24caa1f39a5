//! Time and peak RSS of each step of `gateshift convert`, in process, for benches/README.md:
//! `cargo run --release -p gateshift-corpus --example phases -- corpus.yaml`.

use std::{io::Write, path::PathBuf, sync::Arc, time::Instant};

use gateshift_manifest::{ReadOptions, Source};

// The allocator `gateshift` uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let sources: Vec<Source> = std::env::args()
        .skip(1)
        .map(|a| Source::Path(PathBuf::from(a)))
        .collect();
    let mut last = Instant::now();
    let mut lap = |what: &str| {
        let now = Instant::now();
        // Linux only: the peak resident set so far.
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let peak = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .map_or("?", str::trim)
            .to_string();
        let _ = writeln!(
            std::io::stderr(),
            "{what:>12}: {:.3} s, peak RSS {peak}",
            (now - last).as_secs_f64()
        );
        last = now;
    };
    let documents = gateshift_manifest::read_sources(&sources, &ReadOptions::default()).expect("read");
    lap("read");
    let objects: Vec<_> = documents
        .into_iter()
        .map(|d| gateshift_api::decode(Arc::new(d)).expect("decode"))
        .collect();
    lap("decode");
    let options = gateshift_convert::Options {
        gateway_class: Some("x".into()),
        ..Default::default()
    };
    let conversion = gateshift_convert::convert(&objects, &options).expect("convert");
    lap("convert");
    // Written as the command writes them: streamed, here into a counting sink.
    let mut report = Counter(0);
    serde_json::to_writer_pretty(&mut report, &conversion.report).expect("report");
    lap("report json");
    let mut yaml = Counter(0);
    gateshift_manifest::write_yaml_to(&mut yaml, conversion.objects.iter().map(|o| o.to_value()))
        .expect("yaml");
    lap("write_yaml");
    let _ = writeln!(
        std::io::stderr(),
        "{} objects, {} MB YAML, {} MB report",
        conversion.objects.len(),
        yaml.0 >> 20,
        report.0 >> 20
    );
    // Freeing is work too: the command pays it at exit unless it skips it.
    drop(conversion);
    lap("free output");
    drop(objects);
    lap("free input");
}

/// Counts the bytes written to it.
struct Counter(usize);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
