//! What the check acts as.

/// The controller name written in route status when neither `--controller-name` nor a GatewayClass gives one.
pub const DEFAULT_CONTROLLER_NAME: &str = "gateshift.dev/offline-check";

/// What the check acts as.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Act only for GatewayClasses with this `spec.controllerName`; `None` acts for every class present.
    pub controller_name: Option<String>,
}
