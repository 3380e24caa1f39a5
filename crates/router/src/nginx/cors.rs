//! ingress-nginx's CORS settings of a location and the headers its template adds.

use std::collections::BTreeMap;

use gateshift_api::networking::Ingress;
use gateshift_nginx_annotations::readers;
use regex::Regex;

use super::{ann_bool, ann_str};
use crate::request::Request;

/// ingress-nginx's CORS settings of a location (`internal/ingress/annotations/cors`, rendered by the template's
/// `CORS` block and `buildCorsOriginRegex`).
#[derive(Debug, Clone)]
pub(super) struct Cors {
    /// `None`: the origins are `*` (`$cors` is true for every request, `Access-Control-Allow-Origin: *`).
    /// Otherwise `$http_origin ~* ((o1)|(o2)...)$`, each origin's first `*` standing for one label.
    pub(super) origins: Option<Regex>,
    methods: String,
    headers: String,
    expose: String,
    credentials: bool,
    max_age: String,
}

/// ingress-nginx's defaults (`internal/ingress/annotations/cors/main.go`).
const CORS_METHODS: &str = "GET, PUT, POST, DELETE, PATCH, OPTIONS";
const CORS_HEADERS: &str = "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization";
const CORS_MAX_AGE: &str = "1728000";

impl Cors {
    pub(super) fn parse(ing: &Ingress) -> Option<Cors> {
        if !ann_bool(ing, "enable-cors", false) {
            return None;
        }
        let origins: Vec<&str> = readers::list(ann_str(ing, "cors-allow-origin").unwrap_or("*")).collect();
        let origins = if origins.is_empty() || origins.contains(&"*") {
            None
        } else {
            // `buildOriginRegex`: QuoteMeta, then the first `*` → `[A-Za-z0-9\-]+`.
            let alternatives: Vec<String> = origins
                .iter()
                .map(|o| format!("({})", regex::escape(o).replacen("\\*", "[A-Za-z0-9\\-]+", 1)))
                .collect();
            Regex::new(&format!("(?i)(?:{})$", alternatives.join("|"))).ok()
        };
        Some(Cors {
            origins,
            methods: ann_str(ing, "cors-allow-methods")
                .unwrap_or(CORS_METHODS)
                .to_string(),
            headers: ann_str(ing, "cors-allow-headers")
                .unwrap_or(CORS_HEADERS)
                .to_string(),
            expose: ann_str(ing, "cors-expose-headers").unwrap_or("").to_string(),
            credentials: ann_bool(ing, "cors-allow-credentials", true),
            max_age: ann_str(ing, "cors-max-age")
                .filter(|m| readers::number::<u64>(m).is_some())
                .unwrap_or(CORS_MAX_AGE)
                .to_string(),
        })
    }

    /// The headers of the template's `CORS` block when `$cors` is true for `req`, else `None`.
    pub(super) fn headers_for(&self, req: &Request) -> Option<BTreeMap<String, String>> {
        let allow_origin = match &self.origins {
            None => "*".to_string(),
            Some(re) => {
                let origin = req.header("origin").filter(|o| re.is_match(o))?;
                origin.to_string()
            }
        };
        let mut h = BTreeMap::new();
        h.insert("access-control-allow-origin".to_string(), allow_origin);
        if self.credentials {
            h.insert("access-control-allow-credentials".to_string(), "true".to_string());
        }
        h.insert("access-control-allow-methods".to_string(), self.methods.clone());
        h.insert("access-control-allow-headers".to_string(), self.headers.clone());
        if !self.expose.is_empty() {
            h.insert("access-control-expose-headers".to_string(), self.expose.clone());
        }
        h.insert("access-control-max-age".to_string(), self.max_age.clone());
        Some(h)
    }
}
