//! Why a conversion could not produce output at all.

use gateshift_manifest::Position;

/// Why a conversion could not produce output at all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An Ingress refers to an object that must be in the input to convert it (e.g. a Service whose named port
    /// must be resolved).
    #[error("{position}: {message}")]
    MissingObject {
        /// The referring field.
        position: Position,
        /// What is missing and how to provide it.
        message: String,
    },
    /// The options contradict each other or the input.
    #[error("{0}")]
    InvalidOptions(String),
}
