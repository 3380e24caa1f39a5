//! The one entry to the routers: which model answers for a set of objects ([`Model`]), the `--gateway`
//! reference ([`parse_gateway`]), and a compiled router of either model behind one trait ([`Router`],
//! [`router_for`]). `simulate` and `verify` both choose and build their routers here.

use gateshift_api::{Object, Sourced};

use crate::{
    decision::Decision,
    error::Error,
    gateway::{GatewayOptions, GatewayRouter},
    nginx::{NginxOptions, NginxRouter},
    request::Request,
};

/// Which router answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// Gateways and their routes, as a conformant Gateway API implementation routes them ([`GatewayRouter`]).
    Gateway,
    /// Ingresses, as ingress-nginx routes them ([`NginxRouter`]).
    IngressNginx,
}

impl Model {
    /// The model for `objects` when none is chosen: [`Model::Gateway`] when they hold Gateway API objects, else
    /// [`Model::IngressNginx`].
    pub fn default_for<'a>(objects: impl IntoIterator<Item = &'a Sourced>) -> Model {
        if objects
            .into_iter()
            .any(|s| matches!(s.object, Object::Gateway(_)))
        {
            Model::Gateway
        } else {
            Model::IngressNginx
        }
    }

    /// Its name in reports: `gateway`, `ingress-nginx`.
    pub fn as_str(self) -> &'static str {
        match self {
            Model::Gateway => "gateway",
            Model::IngressNginx => "ingress-nginx",
        }
    }

    /// This model compiled from `objects`. The Gateway API model binds with `gateshift-check` (which needs the
    /// documents the objects came from) and routes through [`RouterOptions::gateway`]; the ingress-nginx model
    /// routes the Ingresses of [`RouterOptions::ingress_classes`].
    pub fn router(self, objects: &[&Sourced], options: &RouterOptions) -> Result<Box<dyn Router>, Error> {
        Ok(match self {
            Model::Gateway => {
                let binding = gateshift_check::binding(objects, &gateshift_check::Options::default());
                Box::new(GatewayRouter::from_binding(
                    objects,
                    &binding,
                    &options.gateway_options(),
                )?)
            }
            Model::IngressNginx => Box::new(NginxRouter::new(
                objects.iter().map(|s| &s.object),
                &options.nginx_options(),
            )),
        })
    }
}

/// Anything that decides where a request goes.
pub trait Router {
    /// The decision for one request.
    fn decide(&self, request: &Request) -> Decision;
    /// Which model, for the report (`ingress-nginx`, `gateway gateway-system/nginx`).
    fn model(&self) -> String;
}

impl Router for NginxRouter {
    fn decide(&self, request: &Request) -> Decision {
        NginxRouter::decide(self, request)
    }
    fn model(&self) -> String {
        Model::IngressNginx.as_str().into()
    }
}

impl Router for GatewayRouter {
    fn decide(&self, request: &Request) -> Decision {
        GatewayRouter::decide(self, request)
    }
    fn model(&self) -> String {
        format!("{} {}", Model::Gateway.as_str(), self.gateway())
    }
}

/// How to compile either model.
#[derive(Debug, Clone, Default)]
pub struct RouterOptions {
    /// Gateway API model: the Gateway to route through when the objects hold several (`namespace`, `name`).
    pub gateway: Option<(String, String)>,
    /// ingress-nginx model: the classes to route (empty: every Ingress).
    pub ingress_classes: Vec<String>,
}

impl RouterOptions {
    /// The options of the Gateway API model.
    pub fn gateway_options(&self) -> GatewayOptions {
        GatewayOptions {
            gateway: self.gateway.clone(),
        }
    }

    /// The options of the ingress-nginx model.
    pub fn nginx_options(&self) -> NginxOptions {
        NginxOptions {
            classes: self.ingress_classes.clone(),
        }
    }
}

/// Compiles `objects` with the model [`Model::default_for`] chooses for them.
pub fn router_for(objects: &[&Sourced], options: &RouterOptions) -> Result<Box<dyn Router>, Error> {
    Model::default_for(objects.iter().copied()).router(objects, options)
}

/// A Gateway reference as `--gateway` takes it: `NAMESPACE/NAME`, both non-empty.
pub fn parse_gateway(reference: &str) -> Result<(String, String), Error> {
    reference
        .split_once('/')
        .filter(|(ns, name)| !ns.is_empty() && !name.is_empty())
        .map(|(ns, name)| (ns.to_string(), name.to_string()))
        .ok_or_else(|| Error::InvalidGatewayRef(reference.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_references_need_both_parts() {
        assert_eq!(
            parse_gateway("gw-system/main"),
            Ok(("gw-system".to_string(), "main".to_string()))
        );
        for bad in ["main", "/main", "gw-system/", ""] {
            assert_eq!(
                parse_gateway(bad).unwrap_err().to_string(),
                format!("--gateway {bad:?}: expected NAMESPACE/NAME")
            );
        }
    }
}
