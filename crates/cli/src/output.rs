//! Where a conversion goes: the manifests (stdout or one file per object under `--output-dir`) and the reports.
//!
//! Nothing is written before the conversion has succeeded. Output is streamed, one object at a time; reports go
//! to a temporary file next to their final name ([`Staged`]) and are renamed into place only after the manifests
//! are out, so a failure leaves no half-written report behind. `--output-dir` is replaced as a whole or not at
//! all: every file is written into a fresh sibling directory, which is then swapped with the old one
//! ([`write_output_dir`]).

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
    check_report_paths(report_paths)?;
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

/// Refuses, before anything is written, `--report` paths whose rename would fail only at the end (an existing
/// directory) or that name one file twice (the second report would silently replace the first).
fn check_report_paths(report_paths: &[PathBuf]) -> anyhow::Result<()> {
    let mut seen = std::collections::HashSet::new();
    for path in report_paths {
        if path.is_dir() {
            anyhow::bail!(
                "--report {}: is a directory; give a file name ending in .json or .md",
                path.display()
            );
        }
        // One file however it is spelled (`r.json`, `./r.json`, through a symlinked directory).
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let key = (
            parent.canonicalize().unwrap_or_else(|_| parent.to_path_buf()),
            path.file_name().map(std::ffi::OsStr::to_os_string),
        );
        if !seen.insert(key) {
            anyhow::bail!("--report {} is given twice", path.display());
        }
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
    .map_err(|e| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            anyhow::anyhow!(
                "writing the manifests to stdout: the reader closed it before the end (broken pipe); the output is incomplete and no report was written"
            )
        } else {
            anyhow::Error::new(e).context("writing the manifests to stdout; no report was written")
        }
    })
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

/// One file per object: `DIR/<namespace>/<kind>-<name>.yaml`, replacing DIR's previous set as a whole or not at
/// all: every file goes into a fresh sibling directory `.DIR.gateshift-new-<pid>`; only when all are written is
/// the old DIR renamed aside, the new one renamed into place and the old one removed. A failure before the swap
/// removes the new directory and leaves DIR as it was.
fn write_output_dir(dir: &Path, objects: &[Generated]) -> anyhow::Result<()> {
    let target = OutputDir::resolve(dir)?;
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
            Path::new(safe_component(&namespace)?).join(safe_component(&file)?),
            text,
        ));
    }
    let staging = target.sibling("new");
    let filled = fill_staging(&staging, &files);
    if let Err(e) = filled {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    target.swap_in(&staging)
}

/// Writes every file under `staging`, a directory that must not exist yet (a leftover of a run killed with our
/// pid is ours and removed first).
fn fill_staging(staging: &Path, files: &[(PathBuf, String)]) -> anyhow::Result<()> {
    if std::fs::symlink_metadata(staging).is_ok() {
        std::fs::remove_dir_all(staging).with_context(|| format!("removing {}", staging.display()))?;
    }
    std::fs::create_dir(staging).with_context(|| format!("creating {}", staging.display()))?;
    // Tests inject a failure half-way (debug builds only): the previous set must survive it.
    #[cfg(debug_assertions)]
    let fail_after: Option<usize> = std::env::var("GATESHIFT_TEST_FAIL_AFTER_FILES")
        .ok()
        .and_then(|v| v.parse().ok());
    for (i, (relative, text)) in files.iter().enumerate() {
        #[cfg(debug_assertions)]
        if fail_after == Some(i) {
            anyhow::bail!("GATESHIFT_TEST_FAIL_AFTER_FILES={i}: failing after {i} file(s), as asked");
        }
        let path = staging.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, text.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// `--output-dir`, resolved and checked before anything is written.
struct OutputDir {
    /// The directory (a symlink to a directory is resolved: the directory it points to is replaced).
    path: PathBuf,
    /// Its parent, where the new and the old sets sit during the swap (same file system: renames are atomic).
    parent: PathBuf,
    /// Its file name, shortened for the siblings' names.
    name: String,
    /// Whether it exists (it is then a directory holding only what gateshift writes).
    exists: bool,
}

impl OutputDir {
    fn resolve(dir: &Path) -> anyhow::Result<OutputDir> {
        let shown = dir.display();
        let mut path = dir.to_path_buf();
        let is_symlink = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if is_symlink || path.file_name().is_none() {
            path = path
                .canonicalize()
                .with_context(|| format!("--output-dir {shown}"))?;
        }
        let Some(name) = path.file_name() else {
            anyhow::bail!("--output-dir {shown}: cannot replace the root directory");
        };
        let mut name = name.to_string_lossy().into_owned();
        let mut cut = name.len().min(200);
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let exists = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => {
                only_gateshift_output(&path)?;
                true
            }
            Ok(_) => anyhow::bail!("--output-dir {shown}: exists and is not a directory"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(e).with_context(|| format!("--output-dir {shown}")),
        };
        std::fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
        Ok(OutputDir {
            path,
            parent,
            name,
            exists,
        })
    }

    /// `.DIR.gateshift-<what>-<pid>` next to DIR.
    fn sibling(&self, what: &str) -> PathBuf {
        self.parent
            .join(format!(".{}.gateshift-{what}-{}", self.name, std::process::id()))
    }

    /// Puts the filled `staging` in DIR's place and removes the previous set. On failure DIR is as it was and
    /// `staging` is gone.
    fn swap_in(&self, staging: &Path) -> anyhow::Result<()> {
        let fail = |e: std::io::Error, what: String| {
            let _ = std::fs::remove_dir_all(staging);
            Err(anyhow::Error::new(e).context(what))
        };
        if !self.exists {
            return match std::fs::rename(staging, &self.path) {
                Ok(()) => Ok(()),
                Err(e) => fail(e, format!("creating {}", self.path.display())),
            };
        }
        let old = self.sibling("old");
        if std::fs::symlink_metadata(&old).is_ok() {
            let _ = std::fs::remove_dir_all(&old);
        }
        if let Err(e) = std::fs::rename(&self.path, &old) {
            return fail(e, format!("moving {} aside", self.path.display()));
        }
        if let Err(e) = std::fs::rename(staging, &self.path) {
            let _ = std::fs::rename(&old, &self.path);
            return fail(e, format!("replacing {}", self.path.display()));
        }
        if let Err(e) = std::fs::remove_dir_all(&old) {
            let _ = writeln!(
                std::io::stderr(),
                "warning: {} is in place, but its previous content could not be removed from {}: {e}",
                self.path.display(),
                old.display()
            );
        }
        Ok(())
    }
}

/// The directory is replaced as a whole, so it must hold nothing gateshift did not write: namespace
/// directories of `*.yaml` files. `--output-dir .` in a repository, or a directory with a README, is refused
/// before anything is written instead of being swept away.
fn only_gateshift_output(dir: &Path) -> anyhow::Result<()> {
    let foreign = |path: &Path| {
        anyhow::anyhow!(
            "--output-dir {}: {} was not written by gateshift; the directory is replaced as a whole on every run, so give one that holds only gateshift's output (or a new one)",
            dir.display(),
            path.display()
        )
    };
    let entries = |d: &Path| -> anyhow::Result<Vec<std::fs::DirEntry>> {
        std::fs::read_dir(d)
            .and_then(Iterator::collect)
            .with_context(|| format!("--output-dir: reading {}", d.display()))
    };
    for namespace in entries(dir)? {
        let path = namespace.path();
        let name = namespace.file_name();
        let ours = namespace.file_type().is_ok_and(|t| t.is_dir())
            && name.to_str().is_some_and(|n| !n.starts_with('.'));
        if !ours {
            return Err(foreign(&path));
        }
        for file in entries(&path)? {
            let name = file.file_name();
            let ours = file.file_type().is_ok_and(|t| t.is_file())
                && name.to_str().is_some_and(|n| {
                    (!n.starts_with('.') && n.ends_with(".yaml")) || n.ends_with(".gateshift-tmp")
                });
            if !ours {
                return Err(foreign(&file.path()));
            }
        }
    }
    Ok(())
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
