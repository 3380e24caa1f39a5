//! Reading and decoding the objects every command starts from: `-f` files, directories and stdin.

use std::{collections::HashMap, path::PathBuf, sync::Arc};

use gateshift_api::{Object, Sourced};
use gateshift_manifest::{FieldPath, NodeKind, ReadOptions, Segment, Source};

use crate::progress::Progress;

/// The limits on what is read, shared by every command that reads `-f` (flattened into its arguments).
#[derive(clap::Args, Clone, Copy)]
pub(crate) struct InputLimits {
    /// Largest input read, per file and for stdin, in bytes; suffixes K, M, G, T (powers of 1024), e.g. 512M.
    /// Devices and FIFOs are never read (pipe a stream to `-f -`).
    #[arg(long = "max-input-size", value_name = "BYTES", default_value = "2G", value_parser = parse_size)]
    pub(crate) max_input_size: u64,
}

impl InputLimits {
    /// The reader's options with these limits.
    pub(crate) fn read_options(self) -> ReadOptions {
        ReadOptions {
            max_input_bytes: self.max_input_size,
            ..ReadOptions::default()
        }
    }
}

/// `BYTES`, `512K`, `512M`, `2G`, `1T` (also `KB`/`KiB`, any case): powers of 1024.
fn parse_size(value: &str) -> Result<u64, String> {
    let value = value.trim();
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    let (number, suffix) = value.split_at(digits);
    let number: u64 = number.parse().map_err(|_| {
        format!("{value:?} is not a size: a number of bytes, optionally with K, M, G or T (e.g. 512M)")
    })?;
    let shift = match suffix.to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => {
            return Err(format!(
                "{value:?}: unknown unit {suffix:?}; use K, M, G or T (powers of 1024), e.g. 512M"
            ));
        }
    };
    let bytes = number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("{value:?} is too large"))?;
    if bytes == 0 {
        return Err("must be at least 1 byte".into());
    }
    Ok(bytes)
}

/// Reads and decodes every `-f` source. Any error stops before anything is written.
pub(crate) fn read_objects(filenames: &[String], limits: InputLimits) -> anyhow::Result<Vec<Sourced>> {
    read_objects_with(filenames, limits, &Progress::hidden())
}

/// [`read_objects`], showing its progress.
pub(crate) fn read_objects_with(
    filenames: &[String],
    limits: InputLimits,
    progress: &Progress,
) -> anyhow::Result<Vec<Sourced>> {
    progress.phase("reading");
    let sources: Vec<Source> = filenames
        .iter()
        .map(|f| {
            if f == "-" {
                Source::Stdin
            } else {
                Source::Path(PathBuf::from(f))
            }
        })
        .collect();
    let documents = gateshift_manifest::read_sources(&sources, &limits.read_options())?;
    progress.counted("decoding documents", documents.len());
    let mut objects = Vec::with_capacity(documents.len());
    for doc in documents {
        objects.push(gateshift_api::decode(Arc::new(doc))?);
        progress.inc();
    }
    let repeated = refuse_duplicates(&objects)?;
    if !repeated.is_empty() {
        let mut index = 0;
        objects.retain(|_| {
            index += 1;
            !repeated.contains(&(index - 1))
        });
    }
    Ok(objects)
}

/// Two different objects with one identity (API group, kind, namespace, name) cannot both be applied: the
/// second would replace the first, so which one a command used would be an accident of order. Two Ingresses of
/// one name in one namespace with different contents are an input error naming both positions.
///
/// The same object repeated with the same content is what `kubectl apply` takes without complaint (the same
/// file given twice, a directory and a file in it, a `kubectl get all,svc -o yaml` dump that lists each
/// Service twice): it is one object, and the indices of the later copies are returned to be dropped.
fn refuse_duplicates(objects: &[Sourced]) -> anyhow::Result<std::collections::BTreeSet<usize>> {
    let mut seen: HashMap<(&str, &str, &str, &str), usize> = HashMap::with_capacity(objects.len());
    let mut repeated = std::collections::BTreeSet::new();
    for (i, sourced) in objects.iter().enumerate() {
        let Some(identity) = identity(sourced) else {
            continue;
        };
        if let Some(&first) = seen.get(&identity) {
            if same_content(&objects[first].doc.root, &sourced.doc.root) {
                repeated.insert(i);
                continue;
            }
            let (_, kind, namespace, name) = identity;
            let at = |s: &Sourced| s.doc.position_of(&FieldPath::root());
            let shown = if namespace.is_empty() {
                name.to_string()
            } else {
                format!("{namespace}/{name}")
            };
            anyhow::bail!(
                "{}: {kind} {shown} is defined twice (first at {})",
                at(sourced),
                at(&objects[first])
            );
        }
        seen.insert(identity, i);
    }
    Ok(repeated)
}

/// Whether two trees hold the same values, wherever they were read (positions aside). Mappings compare in
/// order: two copies of one object come from one writer, and a reordered copy is still refused with both
/// positions rather than guessed equal.
fn same_content(a: &gateshift_manifest::Node, b: &gateshift_manifest::Node) -> bool {
    match (&a.kind, &b.kind) {
        (NodeKind::Seq(x), NodeKind::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| same_content(a, b))
        }
        (NodeKind::Map(x), NodeKind::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((ka, va), (kb, vb))| ka.kind == kb.kind && same_content(va, vb))
        }
        (x, y) => x == y,
    }
}

/// `(group, kind, namespace, name)` of an object with a name; the namespace is `default` when a namespaced
/// kind gateshift knows leaves it out (as the API server would place it), empty for cluster-scoped kinds.
fn identity(sourced: &Sourced) -> Option<(&str, &str, &str, &str)> {
    let doc = &sourced.doc;
    let (Some(api_version), Some(kind)) = doc.type_meta() else {
        return None;
    };
    let group = match api_version.split_once('/').map_or("", |(g, _)| g) {
        // `extensions/v1beta1` Ingresses are the same objects as `networking.k8s.io/v1` ones, served twice.
        "extensions" if kind == "Ingress" => "networking.k8s.io",
        group => group,
    };
    let meta = doc.root.child(&Segment::Field("metadata".into()))?;
    let string = |field: &str| match meta.child(&Segment::Field(field.into())).map(|n| &n.kind) {
        Some(NodeKind::String(s)) if !s.is_empty() => Some(&**s),
        _ => None,
    };
    let name = string("name")?;
    let namespaced_by_default = match &sourced.object {
        Object::Ingress(_)
        | Object::Service(_)
        | Object::Secret(_)
        | Object::ConfigMap(_)
        | Object::Workload(_) => true,
        Object::Gateway(g) => g.kind() != "GatewayClass",
        Object::Namespace(_) | Object::IngressClass(_) | Object::Other { .. } => false,
    };
    let namespace = string("namespace").unwrap_or(if namespaced_by_default { "default" } else { "" });
    Some((group, kind, namespace, name))
}

/// Decodes `text`, YAML the command produced itself, as a user applying it would read it back (`name` stands
/// for the file in positions).
pub(crate) fn read_back(name: &str, text: &str) -> anyhow::Result<Vec<Sourced>> {
    let mut objects = Vec::new();
    for doc in gateshift_manifest::read_str(name, text, &ReadOptions::default())? {
        objects.push(gateshift_api::decode(Arc::new(doc))?);
    }
    Ok(objects)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("4KiB"), Ok(4096));
        assert_eq!(parse_size("1T"), Ok(1 << 40));
        for bad in ["", "G", "0", "1.5G", "12X", "-1", "99999999999T"] {
            assert!(parse_size(bad).is_err(), "{bad:?}");
        }
    }
}
