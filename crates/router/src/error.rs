//! The router crate's error.

/// Why a table could not be built or a request not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The URL is not `http(s)://host[:port][/path][?query]`.
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A header is not `Name: value`.
    #[error("invalid header {0:?}: expected `Name: value`")]
    InvalidHeader(String),
    /// `--gateway` names a Gateway that is not in the input.
    #[error("no Gateway {0} in the input")]
    GatewayNotFound(String),
    /// Several Gateways are in the input and none was chosen.
    #[error("{count} Gateways in the input ({names}): choose one with --gateway NS/NAME")]
    AmbiguousGateway {
        /// How many Gateways there are.
        count: usize,
        /// Their `ns/name`s.
        names: String,
    },
    /// No Gateway at all in the input.
    #[error("no Gateway in the input")]
    NoGateway,
    /// `--gateway` is not `NAMESPACE/NAME`.
    #[error("--gateway {0:?}: expected NAMESPACE/NAME")]
    InvalidGatewayRef(String),
}
