//! Request → decision: where ingress-nginx or a Gateway API implementation sends one HTTP request, and why.
//!
//! Two models compile the same kind of table and answer with the same [`Decision`]: [`NginxRouter`] reads
//! Ingresses the way ingress-nginx does (servers, locations, regex mode, canaries, redirects),
//! [`GatewayRouter`] reads Gateways, HTTPRoutes and GRPCRoutes the way the Gateway API specification says a
//! conformant implementation routes (listener isolation, misdirected requests, hostname and rule precedence,
//! filters, weights), on `gateshift-check`'s binding: the listeners it accepts, the routes accepted on them with
//! their hostnames, and which backendRefs resolve.
//! Lookups go through indexes (hosts in hash maps, paths by element prefix), never over every rule.

mod decision;
mod gateway;
mod hostname;
mod nginx;
pub mod path;
mod request;

pub use decision::{
    Candidate, Decision, HeaderChanges, Matched, Mirror, Outcome, ResponseHeaders, UpstreamRequest,
    WeightedBackend,
};
pub use gateway::{GatewayOptions, GatewayRouter};
pub use nginx::{NginxOptions, NginxRouter, Refused};
pub use request::{Request, Scheme};

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
}
