//! Where a conversion goes: the manifests (stdout or one file per object under `--output-dir`) and the reports.
//!
//! Nothing is written before the conversion has succeeded. Output is streamed, one object at a time; reports go
//! to a temporary file next to their final name ([`Staged`]) and are renamed into place only after the manifests
//! are out, so a failure leaves no half-written report behind; `--output-dir` files are each written through a
//! temporary file and renamed.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::Context;
use clap::ValueEnum;
use gateshift_convert::{Generated, Report};

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Multi-document YAML, ready for `kubectl apply -f -`.
    Yaml,
    /// A `v1` List as JSON.
    Json,
}

/// Where the manifests go.
#[derive(Clone, Copy)]
pub(crate) enum Manifests<'a> {
    /// Nowhere: they must not be applied (security controls would be lost); only the reports are written.
    Withheld,
    /// On stdout.
    Stdout(OutputFormat),
    /// One file per object: `DIR/<namespace>/<kind>-<name>.yaml`.
    Dir(&'a Path),
}

#[derive(Clone, Copy)]
enum ReportFormat {
    Json,
    Markdown,
}

/// Writes the manifests and the reports at `report_paths` (`.json` or `.md`). A report file that cannot be
/// created stops the command before anything is written; the reports are renamed into place only once the
/// manifests are out, and not at all when writing anything failed.
pub(crate) fn write_conversion(
    objects: &[Generated],
    manifests: Manifests<'_>,
    report: &Report,
    report_paths: &[PathBuf],
) -> anyhow::Result<()> {
    let mut pending: Vec<((Staged, std::fs::File), ReportFormat)> = Vec::new();
    for path in report_paths {
        let created = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Staged::create(path).map(|s| (s, ReportFormat::Json)),
            Some("md") => Staged::create(path).map(|s| (s, ReportFormat::Markdown)),
            _ => Err(anyhow::anyhow!(
                "--report {}: the file name must end in .json or .md",
                path.display()
            )),
        };
        match created {
            Ok(p) => pending.push(p),
            Err(e) => {
                for ((staged, _), _) in pending {
                    staged.discard();
                }
                return Err(e);
            }
        }
    }
    // The reports are written on another core while the manifests go out (the JSON report of 10k Ingresses is
    // 34 MB, a tenth of the run).
    let (reports, manifests) = std::thread::scope(|scope| {
        let reports = scope.spawn(|| {
            pending
                .into_iter()
                .map(|((staged, file), format)| {
                    staged.fill(file, |out| match format {
                        ReportFormat::Json => {
                            serde_json::to_writer_pretty(&mut *out, report)?;
                            out.write_all(b"\n")
                        }
                        ReportFormat::Markdown => out.write_all(report.to_markdown().as_bytes()),
                    })
                })
                .collect::<Vec<anyhow::Result<Staged>>>()
        });
        let manifests = match manifests {
            Manifests::Withheld => Ok(()),
            Manifests::Dir(dir) => write_output_dir(dir, objects),
            Manifests::Stdout(format) => write_stdout(objects, format),
        };
        let reports = reports
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (reports, manifests)
    });
    let failed = manifests.is_err() || reports.iter().any(Result::is_err);
    let mut staged = Vec::new();
    for r in reports {
        match r {
            Ok(s) if failed => s.discard(),
            Ok(s) => staged.push(s),
            Err(e) if manifests.is_ok() => return Err(e),
            Err(_) => {}
        }
    }
    manifests?;
    for report in staged {
        report.commit()?;
    }
    Ok(())
}

/// The manifests on stdout, one object at a time: the YAML of 10k Ingresses is 22 MB that need not be held.
fn write_stdout(objects: &[Generated], format: OutputFormat) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match format {
        OutputFormat::Yaml => {
            gateshift_manifest::write_yaml_to(&mut out, objects.iter().map(Generated::to_value))
        }
        OutputFormat::Json => out.write_all(
            gateshift_manifest::write_json_list(&objects.iter().map(Generated::to_value).collect::<Vec<_>>())
                .as_bytes(),
        ),
    }
    .and_then(|()| out.flush())
    .context("writing to stdout")
}

/// Multi-document YAML, one object at a time (the same bytes as `write_yaml` of the whole list, without
/// holding every object as a `Value`).
pub(crate) fn render_yaml(objects: &[Generated]) -> String {
    let mut out = Vec::new();
    gateshift_manifest::write_yaml_to(&mut out, objects.iter().map(Generated::to_value))
        .expect("writing to memory cannot fail");
    String::from_utf8(out).expect("YAML is UTF-8")
}

/// The longest file name common file systems accept, in bytes.
const MAX_FILE_NAME: usize = 255;

/// One component of a path under `--output-dir`: a plain name, never `..`, `.`, absolute or with a separator,
/// so every file written lands inside the directory whatever the objects say. Names are validated on input;
/// this is the last line of defence, and a failure here is a gateshift bug, reported before anything is written.
fn safe_component(component: &str) -> anyhow::Result<&str> {
    let mut parts = Path::new(component).components();
    match (parts.next(), parts.next()) {
        (Some(std::path::Component::Normal(c)), None)
            if c.to_str() == Some(component) && !component.contains(['/', '\\', '\0']) =>
        {
            Ok(component)
        }
        _ => anyhow::bail!("refusing to write {component:?} under --output-dir: not a plain file name"),
    }
}

/// `<kind>-<name>.yaml`, shortened with a digest of the full name when it would exceed what a file system takes
/// (a 253-character object name plus its kind does).
fn output_file_name(kind: &str, name: &str) -> String {
    let full = format!("{kind}-{name}.yaml");
    if full.len() <= MAX_FILE_NAME {
        return full;
    }
    // FNV-1a, 64 bits: stable across runs and Rust versions (output is deterministic).
    let digest = full.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let keep = MAX_FILE_NAME - ".yaml".len() - 17;
    let mut cut = keep;
    while !full.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{digest:016x}.yaml", &full[..cut])
}

/// One file per object: `DIR/<namespace>/<kind>-<name>.yaml`.
fn write_output_dir(dir: &Path, objects: &[Generated]) -> anyhow::Result<()> {
    let mut files = Vec::new();
    for generated in objects {
        let value = generated.to_value();
        let object = &value;
        let field = |path: &[&str]| {
            let mut v = object;
            for p in path {
                v = v.get(p).unwrap_or(&serde_json::Value::Null);
            }
            v.as_str().unwrap_or_default().to_string()
        };
        let namespace = field(&["metadata", "namespace"]);
        let namespace = if namespace.is_empty() {
            "_cluster".to_string()
        } else {
            namespace
        };
        let file = output_file_name(&field(&["kind"]).to_lowercase(), &field(&["metadata", "name"]));
        let text = gateshift_manifest::write_yaml(std::slice::from_ref(object));
        files.push((
            dir.join(safe_component(&namespace)?).join(safe_component(&file)?),
            text,
        ));
    }
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        write_atomically(&path, text.as_bytes())?;
    }
    Ok(())
}

/// Writes through a temporary file in the same directory and renames it, so readers never see half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    Staged::write(path, |out| out.write_all(bytes))?.commit()
}

/// A file written in full under a temporary name next to its final one, waiting to be renamed into place.
struct Staged {
    tmp: PathBuf,
    path: PathBuf,
}

impl Staged {
    /// Creates the temporary file next to `path`.
    fn create(path: &Path) -> anyhow::Result<(Staged, std::fs::File)> {
        // A short temporary name, not the final one with a suffix: a final name near the file system's limit
        // must not fail only because of the suffix.
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = path.with_file_name(format!(".{}-{n}.gateshift-tmp", std::process::id()));
        let file = std::fs::File::create(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
        Ok((
            Staged {
                tmp,
                path: path.to_path_buf(),
            },
            file,
        ))
    }

    /// Writes the temporary file in full (and removes it when that fails).
    fn fill(
        self,
        file: std::fs::File,
        fill: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
    ) -> anyhow::Result<Staged> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        if let Err(e) = fill(&mut out).and_then(|()| out.flush()) {
            drop(out);
            let tmp = self.tmp.clone();
            self.discard();
            return Err(e).with_context(|| format!("writing {}", tmp.display()));
        }
        Ok(self)
    }

    fn write(
        path: &Path,
        fill: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
    ) -> anyhow::Result<Staged> {
        let (staged, file) = Staged::create(path)?;
        staged.fill(file, fill)
    }

    fn commit(self) -> anyhow::Result<()> {
        std::fs::rename(&self.tmp, &self.path).with_context(|| format!("writing {}", self.path.display()))
    }

    /// Removes the temporary file: the final one is left as it was.
    fn discard(self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_dir_components_are_plain_names() {
        for ok in ["shop", "_cluster", "httproute-a.b.yaml"] {
            assert_eq!(safe_component(ok).unwrap(), ok);
        }
        for bad in ["", ".", "..", "../x", "/abs", "a/b", "a\\b", "x\0"] {
            assert!(safe_component(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn long_file_names_are_shortened_deterministically() {
        let name = "a".repeat(253);
        let file = output_file_name("backendtlspolicy", &name);
        assert!(file.len() <= MAX_FILE_NAME, "{}", file.len());
        assert!(file.ends_with(".yaml") && file.starts_with("backendtlspolicy-aaa"));
        assert_eq!(file, output_file_name("backendtlspolicy", &name));
        assert_ne!(
            file,
            output_file_name("backendtlspolicy", &format!("{}b", &name[1..]))
        );
        assert_eq!(output_file_name("httproute", "web"), "httproute-web.yaml");
    }
}
