//! The Gateway API kinds as one enum. (Typed variants are added as the types land.)

use serde_json::Value;

/// A Gateway API object.
#[derive(Debug, Clone, PartialEq)]
pub enum GatewayObject {
    /// Any Gateway API kind, kept as JSON until typed.
    Untyped {
        /// `kind`.
        kind: String,
        /// The object.
        value: Value,
    },
}

impl GatewayObject {
    /// `kind`.
    pub fn kind(&self) -> &str {
        match self {
            GatewayObject::Untyped { kind, .. } => kind,
        }
    }
}

pub(crate) fn decode(
    kind: &str,
    json: &Value,
) -> Result<GatewayObject, serde_path_to_error::Error<serde_json::Error>> {
    Ok(GatewayObject::Untyped {
        kind: kind.to_string(),
        value: json.clone(),
    })
}
