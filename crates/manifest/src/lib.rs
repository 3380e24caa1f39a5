//! Reads Kubernetes manifests keeping the `file:line:column` of every field, and writes deterministic YAML/JSON.
//!
//! Reading: [`read_sources`] takes the `-f` arguments (files, directories, `-` for stdin) and returns one
//! [`Document`] per Kubernetes object: multi-document YAML and JSON streams are split, `kind: List` objects are
//! flattened into their items. Every node keeps its source [`Position`], so later stages can point at
//! `spec.rules[0].http.paths[1].path` with [`Document::position_of`].
//!
//! Writing: [`write_yaml`] and [`write_json_list`] turn `serde_json::Value`s into the bytes gateshift prints.
//! `serde_json::Value` objects keep keys sorted, which makes output deterministic and matches `kubectl -o yaml`.

mod de;
mod error;
mod node;
mod path;
mod reader;
mod writer;

pub use error::{Error, Position};
pub use node::{Document, Node, NodeKind};
pub use path::{FieldPath, Segment};
pub use reader::{ReadOptions, Source, read_sources, read_str};
pub use writer::{write_json_list, write_yaml, write_yaml_to};
