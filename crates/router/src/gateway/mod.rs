//! The Gateway API model: one Gateway's listeners and the HTTPRoutes and GRPCRoutes they accept, as
//! `gateshift-check`'s binding decides, compiled into tables indexed by hostname and path, answering as a
//! conformant implementation would.
//!
//! Per request: the listener (port, protocol, most specific hostname; only its routes apply; for HTTPS, 421 when
//! the TLS SNI selects another one), the route
//! hostname groups that match the Host (exact, then wildcards by specificity, then any), the matches indexed
//! under the request path (exact value, each element prefix, regexes), ordered by the specification's
//! precedence (hostname, Exact, longest PathPrefix, method, header count, query count, oldest, `ns/name`,
//! rule order); the first whose method, headers and query match wins and its filters and backends decide.
//!
//! By stage: `table` holds the compiled data structures and their indexed lookups, `compile` builds them
//! from the binding (one rule and backend builder for every route kind), `filters` applies the winning rule
//! (CORS, redirects, rewrites, headers, mirrors, weights), `explanation` words the decision and why each other
//! candidate lost.

mod compile;
mod explanation;
mod filters;
mod table;

use gateshift_api::Sourced;
use gateshift_check::{Binding, GatewayBinding};

pub use self::table::GatewayRouter;
use crate::{decision::Decision, error::Error, request::Request};

/// How to build a [`GatewayRouter`].
#[derive(Debug, Clone, Default)]
pub struct GatewayOptions {
    /// The Gateway to route through (`namespace`, `name`); needed when the input holds several.
    pub gateway: Option<(String, String)>,
}

impl GatewayRouter {
    /// Compiles the Gateway chosen by `options` (or the only one) with the HTTPRoutes and GRPCRoutes accepted on
    /// its listeners, as `gateshift-check`'s binding decides: only accepted listeners (a conflicted or invalid
    /// one serves nothing), only accepted routes on them with their intersected hostnames, dropped rules left
    /// out, and backendRefs that do not resolve kept as 500 shares.
    pub fn new<'a>(
        objects: impl IntoIterator<Item = &'a Sourced>,
        options: &GatewayOptions,
    ) -> Result<GatewayRouter, Error> {
        let objects: Vec<&Sourced> = objects.into_iter().collect();
        let binding = gateshift_check::binding(&objects, &gateshift_check::Options::default());
        Self::from_binding(&objects, &binding, options)
    }

    /// Compiles the Gateway chosen by `options` (or the only one) from a binding already computed:
    /// `binding` must be `gateshift_check::binding` of exactly `objects` (its routes point into them by index).
    /// A caller routing several Gateways of one input binds once and compiles each Gateway from the same
    /// binding, instead of binding once per Gateway through [`GatewayRouter::new`].
    pub fn from_binding(
        objects: &[&Sourced],
        binding: &Binding,
        options: &GatewayOptions,
    ) -> Result<GatewayRouter, Error> {
        let gateway = choose_gateway(&binding.gateways, options)?;
        Ok(compile::compile(objects, binding, gateway))
    }

    /// `namespace/name` of the Gateway.
    pub fn gateway(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// How many route matches the table holds (over all listeners and hostnames).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table holds no route match.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Where `req` goes, and why.
    pub fn decide(&self, req: &Request) -> Decision {
        let listener = match self.listener(req) {
            Ok(l) => l,
            Err((status, reason)) => return Decision::response(status, reason),
        };
        // A TLS listener routes the connection by its SNI before any HTTP, and every path goes the same way.
        let (host, path) = if listener.tls {
            (req.sni(), "/")
        } else {
            (req.host.as_str(), req.path_only())
        };
        let grpc = !listener.tls
            && req
                .header("content-type")
                .is_some_and(|c| c.starts_with("application/grpc"));
        let table = if grpc { &listener.grpc } else { &listener.http };
        let found = self.lookup(table, host, path);
        let winner = found.iter().position(|(_, e)| e.mismatch(req).is_none());
        let candidates = explanation::candidates(&found, winner, req);
        let Some(w) = winner else {
            return explanation::no_route(grpc, listener, req, path, candidates);
        };
        filters::answer(found[w].1, req, listener, candidates)
    }
}

fn choose_gateway<'b>(
    gateways: &'b [GatewayBinding],
    options: &GatewayOptions,
) -> Result<&'b GatewayBinding, Error> {
    match &options.gateway {
        Some((ns, name)) => gateways
            .iter()
            .find(|g| g.gateway.namespace == *ns && g.gateway.name == *name)
            .ok_or_else(|| Error::GatewayNotFound(format!("{ns}/{name}"))),
        None => match gateways {
            [] => Err(Error::NoGateway),
            [g] => Ok(g),
            many => {
                let mut names: Vec<String> = many
                    .iter()
                    .map(|g| format!("{}/{}", g.gateway.namespace, g.gateway.name))
                    .collect();
                names.sort();
                Err(Error::AmbiguousGateway {
                    count: many.len(),
                    names: names.join(", "),
                })
            }
        },
    }
}
