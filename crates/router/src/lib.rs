//! Request → decision: where ingress-nginx or a Gateway API implementation sends one HTTP request, and why.
//!
//! Two models compile the same kind of table and answer with the same [`Decision`]: [`NginxRouter`] reads
//! Ingresses the way ingress-nginx does (servers, locations, regex mode, canaries, redirects),
//! [`GatewayRouter`] reads Gateways, HTTPRoutes and GRPCRoutes the way the Gateway API specification says a
//! conformant implementation routes (listener isolation, misdirected requests, hostname and rule precedence,
//! filters, weights), on `gateshift-check`'s binding: the listeners it accepts, the routes accepted on them with
//! their hostnames, and which backendRefs resolve.
//! Lookups go through indexes (hosts in hash maps, paths by element prefix), never over every rule.
//!
//! One entry for callers (`simulate`, `verify`): [`Model`] chooses the model ([`Model::default_for`]: the Gateway
//! API model when the objects hold Gateway API objects), [`parse_gateway`] reads `--gateway NS/NAME`, and
//! [`router_for`] / [`Model::router`] compile either model behind the [`Router`] trait. A caller that has a
//! `gateshift_check::Binding` already compiles each Gateway from it with [`GatewayRouter::from_binding`].
//! Why an Ingress ingress-nginx refuses would have decided a request is the ingress-nginx model's to say
//! ([`NginxRouter::explain_refused`]).

mod decision;
mod error;
mod gateway;
mod hostname;
mod model;
mod nginx;
pub mod path;
mod regex_prefix;
mod request;

pub use decision::{
    Candidate, Decision, HeaderChanges, Matched, Mirror, Outcome, ResponseHeaders, UpstreamRequest,
    WeightedBackend,
};
pub use error::Error;
pub use gateway::{GatewayOptions, GatewayRouter};
pub use model::{Model, Router, RouterOptions, parse_gateway, router_for};
pub use nginx::{NginxOptions, NginxRouter, Refused, RefusedMatch};
pub use request::{Request, Scheme};
