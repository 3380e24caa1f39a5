//! Positions and the crate's error type.

use std::{fmt, sync::Arc};

/// Where something is in the input: file (as the user named it, `<stdin>` for `-`), 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// The file as given on the command line (or found under a directory), `<stdin>` for `-`.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Why reading manifests failed. Every variant that concerns file content carries the [`Position`]; its
/// `Display` starts with `file:line:column: ` so the CLI can print it as is.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An input gateshift will not read: not a regular file, or over the size limit.
    #[error("{path}: {message}")]
    Input {
        /// The path as given (`<stdin>` for `-`).
        path: String,
        /// Why.
        message: String,
    },
    /// The text is not valid YAML or JSON.
    #[error("{position}: {message}")]
    Syntax {
        /// Where the parser stopped.
        position: Position,
        /// What the parser said.
        message: String,
    },
    /// The text is valid YAML but not a Kubernetes object (not a mapping, no `kind`, a `List` without `items`,
    /// a resource budget exceeded, ...).
    #[error("{position}: {message}")]
    Invalid {
        /// The offending node.
        position: Position,
        /// What is wrong, naming the field.
        message: String,
    },
}
