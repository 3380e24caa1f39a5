//! Reading and decoding the objects every command starts from: `-f` files, directories and stdin.

use std::{path::PathBuf, sync::Arc};

use gateshift_api::Sourced;
use gateshift_manifest::{ReadOptions, Source};

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
    Ok(objects)
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
