//! Shared by the targets: the input bytes as the reader sees them, and the objects they decode to.

#![allow(dead_code)]

use std::sync::Arc;

use gateshift_api::Sourced;
use gateshift_manifest::{Document, ReadOptions};

/// The file name errors and positions carry.
pub const FILE: &str = "fuzz.yaml";

/// The reader's limits, a little tighter than the CLI's so a single input cannot spend seconds on alias
/// expansion (the limits themselves are what `manifest_read` exercises; the defaults are 100k nodes / 64 MiB).
pub fn read_options() -> ReadOptions {
    ReadOptions {
        max_alias_expansions: 10_000,
        max_alias_bytes: 1 << 20,
        ..ReadOptions::default()
    }
}

/// The documents of `data`, when it is UTF-8 and reads; errors are rendered (their `Display` is what users see,
/// and it must not panic either).
pub fn documents(data: &[u8]) -> Option<Vec<Document>> {
    let text = std::str::from_utf8(data).ok()?;
    match gateshift_manifest::read_str(FILE, text, &read_options()) {
        Ok(docs) => Some(docs),
        Err(e) => {
            let _ = e.to_string();
            None
        }
    }
}

/// Every document of `data` that decodes (the others are skipped, as a library caller may choose to).
pub fn objects(data: &[u8]) -> Vec<Sourced> {
    let mut out = Vec::new();
    for doc in documents(data).unwrap_or_default() {
        match gateshift_api::decode(Arc::new(doc)) {
            Ok(s) => out.push(s),
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
    out
}

/// Reads back text gateshift wrote (as `convert --verify` does): it must read and decode.
pub fn read_back(name: &str, text: &str) -> Vec<Sourced> {
    let docs = gateshift_manifest::read_str(name, text, &gateshift_manifest::ReadOptions::default())
        .unwrap_or_else(|e| panic!("gateshift's own output does not read back: {e}\n{text}"));
    docs.into_iter()
        .map(|d| {
            gateshift_api::decode(Arc::new(d))
                .unwrap_or_else(|e| panic!("gateshift's own output does not decode: {e}\n{text}"))
        })
        .collect()
}
