//! Reading and decoding the objects every command starts from: `-f` files, directories and stdin.

use std::{path::PathBuf, sync::Arc};

use gateshift_api::Sourced;
use gateshift_manifest::{ReadOptions, Source};

use crate::progress::Progress;

/// Reads and decodes every `-f` source. Any error stops before anything is written.
pub(crate) fn read_objects(filenames: &[String]) -> anyhow::Result<Vec<Sourced>> {
    read_objects_with(filenames, &Progress::hidden())
}

/// [`read_objects`], showing its progress.
pub(crate) fn read_objects_with(filenames: &[String], progress: &Progress) -> anyhow::Result<Vec<Sourced>> {
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
    let documents = gateshift_manifest::read_sources(&sources, &ReadOptions::default())?;
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
