//! The binding as data: what a data plane built from the computed status would serve.
//!
//! The same pass that writes the statuses ([`crate::check`]) records, per Gateway, its listeners in precedence
//! order (its own, then those of the ListenerSets it admits), whether each is accepted (a conflicted or invalid
//! listener carries no traffic), the routes accepted on each with their intersected hostnames, and per route
//! rule whether the rule is implemented and whether each backendRef resolves. `gateshift-router` compiles its
//! Gateway API table from it, so what `simulate` and `verify` route is what `check` says is accepted.

use gateshift_api::gateway::ProtocolType;

use crate::finding::ObjectRef;

/// Everything binding decided, for the Gateways this check acts for and every route of the input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Binding {
    /// The Gateways this check acts for, in input position order (file, line, column).
    pub gateways: Vec<GatewayBinding>,
    /// Every route of any kind, in precedence order (oldest, then `namespace/name`): what
    /// [`AttachedRoute::route`] indexes.
    pub routes: Vec<RouteBinding>,
}

/// One Gateway's listeners and what is attached to them.
#[derive(Debug, Clone, PartialEq)]
pub struct GatewayBinding {
    /// The Gateway.
    pub gateway: ObjectRef,
    /// Its position in the slice given to [`crate::binding`] or [`crate::check`].
    pub index: usize,
    /// Its own listeners in `spec.listeners` order, then the listeners of each ListenerSet it admits, the sets in
    /// precedence order (oldest, then `namespace/name`). ListenerSets it refuses contribute none.
    pub listeners: Vec<ListenerBinding>,
}

/// A listener of a Gateway or of a ListenerSet it admits.
#[derive(Debug, Clone, PartialEq)]
pub struct ListenerBinding {
    /// The object that declares it: the Gateway, or the ListenerSet.
    pub owner: ObjectRef,
    /// `name`.
    pub name: String,
    /// `port`.
    pub port: i32,
    /// `protocol`.
    pub protocol: ProtocolType,
    /// `hostname`; `None` when unset or empty (every host).
    pub hostname: Option<String>,
    /// Why the listener is not accepted (its `Accepted=False` reason and message: a hostname or protocol
    /// conflict, an unsupported protocol, ...); `None` when it is accepted and so programmed. A listener that is
    /// not accepted serves nothing and has no routes.
    pub problem: Option<Problem>,
    /// The routes accepted on it, in precedence order, each once.
    pub routes: Vec<AttachedRoute>,
}

impl ListenerBinding {
    /// Whether the listener carries traffic: accepted, so neither conflicted nor invalid.
    pub fn is_usable(&self) -> bool {
        self.problem.is_none()
    }
}

/// A route accepted on a listener.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachedRoute {
    /// Index into [`Binding::routes`].
    pub route: usize,
    /// The route's hostnames intersected with the listener's (lower-case as the CRD requires); the listener's
    /// hostname when the route has none; `*` (every host) when neither has one.
    pub hostnames: Vec<String>,
}

/// One route and the state of its rules.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteBinding {
    /// The route (`HTTPRoute`, `GRPCRoute`, `TLSRoute`, `TCPRoute`, `UDPRoute`).
    pub route: ObjectRef,
    /// Its position in the slice given to [`crate::binding`] or [`crate::check`].
    pub index: usize,
    /// Per `spec.rules[i]`, in order.
    pub rules: Vec<RuleBinding>,
}

/// One rule of a route.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleBinding {
    /// Why the rule is dropped (an unsupported filter type or path match type: the route's `PartiallyInvalid`
    /// "Dropped Rule(s)", or its `Accepted=False/UnsupportedValue` when every rule is dropped); `None` when the
    /// rule is implemented.
    pub dropped: Option<String>,
    /// Per `backendRefs[j]`, in order: why it does not resolve (the route's `ResolvedRefs=False` reason and
    /// message; its share of requests gets a 500), or `None` when it resolves (or cannot be checked offline
    /// because the input holds no Service: it is then assumed to exist).
    pub backend_refs: Vec<Option<Problem>>,
}

/// A condition reason with its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The reason (`HostnameConflict`, `BackendNotFound`, `RefNotPermitted`, ... see [`crate::reasons`]).
    pub reason: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.reason, self.message)
    }
}
