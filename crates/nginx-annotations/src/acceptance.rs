//! The acceptance rules: what ingress-nginx makes of an Ingress's annotations before it routes anything.
//!
//! Applied by both sides `verify` compares (the converter's annotation reader and the router's ingress-nginx
//! model), so a difference between them is a difference in routing, not in bookkeeping:
//!
//! - only keys with the ingress-nginx prefix count, and an unknown name is ignored;
//! - a risk above the `annotations-risk-level` (default High since v1.12: every `*-snippet`) refuses the whole
//!   Ingress whatever the value, even empty (`parser.CheckAnnotationRisk` looks at keys only);
//! - otherwise an empty value counts as not set;
//! - a value failing its validator does what the catalogue row says ([`OnInvalid`]): refuse the Ingress, deny
//!   its locations (503), or fall back to the default.

use std::collections::BTreeMap;

use crate::{Annotation, NGINX_PREFIX, OnInvalid, Risk, lookup};

/// ingress-nginx's default `annotations-risk-level` (since v1.12): annotations rated above it refuse the Ingress.
pub const DEFAULT_RISK_LEVEL: Risk = Risk::High;

/// What the acceptance rules make of one ingress-nginx annotation.
#[derive(Debug, Clone)]
pub enum Judgement {
    /// An empty (or blank) value: ingress-nginx treats the annotation as not set.
    Empty,
    /// Not in the catalogue: ingress-nginx ignores it.
    Unknown,
    /// Rated above the risk level: ingress-nginx refuses the whole Ingress, whatever the value.
    TooRisky(&'static Annotation),
    /// The value fails the row's validator (the text says what was expected); what ingress-nginx does then is
    /// the row's [`Annotation::on_invalid`].
    Invalid(&'static Annotation, String),
    /// Accepted: ingress-nginx's parser reads the value.
    Valid(&'static Annotation),
}

/// Judges one annotation: `name` without [`NGINX_PREFIX`], `value` as written, `risk_level` the controller's
/// `annotations-risk-level` ([`DEFAULT_RISK_LEVEL`] unless configured otherwise).
pub fn judge_annotation(name: &str, value: &str, risk_level: Risk) -> Judgement {
    let row = lookup(name);
    // `CheckAnnotationRisk` looks at keys only: an empty snippet refuses the Ingress too. Every other check
    // skips empty values, unknown names included.
    let too_risky = row.is_some_and(|row| row.risk > risk_level);
    if value.trim().is_empty() && !too_risky {
        return Judgement::Empty;
    }
    let Some(row) = row else {
        return Judgement::Unknown;
    };
    if too_risky {
        return Judgement::TooRisky(row);
    }
    match row.validate(value) {
        Err(why) => Judgement::Invalid(row, why),
        Ok(()) => Judgement::Valid(row),
    }
}

/// Why ingress-nginx refuses an Ingress or denies its locations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// The annotation's risk is above the risk level.
    Risk {
        /// The annotation's risk.
        risk: Risk,
        /// The `annotations-risk-level` it exceeds.
        level: Risk,
    },
    /// The value fails the row's validator; `why` says what was expected.
    Invalid {
        /// What the validator expected.
        why: String,
    },
}

/// The annotation that decided an Ingress's fate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Objection {
    /// The key as written (`nginx.ingress.kubernetes.io/configuration-snippet`).
    pub key: String,
    /// The name without [`NGINX_PREFIX`].
    pub name: String,
    /// The value as written.
    pub value: String,
    /// Why.
    pub cause: Cause,
    /// What ingress-nginx does: [`OnInvalid::RefuseIngress`] (also for a risk above the level) or
    /// [`OnInvalid::DenyLocations`].
    pub effect: OnInvalid,
}

impl Objection {
    /// A sentence saying what ingress-nginx does and why (the router's explanation of a refused Ingress or a
    /// denied location).
    pub fn reason(&self) -> String {
        let Objection { name, value, .. } = self;
        match (&self.cause, self.effect) {
            (Cause::Risk { risk, level }, _) => {
                let level = if *level == DEFAULT_RISK_LEVEL {
                    format!(
                        "ingress-nginx's default annotations-risk-level ({})",
                        level.as_str()
                    )
                } else {
                    format!("the annotations-risk-level ({})", level.as_str())
                };
                format!(
                    "{name} is risk {}, above {level}: ingress-nginx refuses the whole Ingress, so it routes nothing",
                    risk.as_str()
                )
            }
            (Cause::Invalid { why }, OnInvalid::DenyLocations) => format!(
                "invalid value {value:?} for {name}: {why}. ingress-nginx keeps the Ingress but every location of it answers 503"
            ),
            (Cause::Invalid { why }, _) => format!(
                "invalid value {value:?} for {name}: {why}. ingress-nginx refuses the whole Ingress, so it routes nothing"
            ),
        }
    }
}

/// What ingress-nginx makes of an Ingress's annotations before it routes anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    /// The first annotation (in key order) that makes ingress-nginx refuse the whole Ingress.
    pub refused: Option<Objection>,
    /// The first annotation (in key order) whose invalid value makes every location of the Ingress answer 503.
    pub denied: Option<Objection>,
}

/// Applies the acceptance rules (see the module) to an Ingress's annotations, in key order.
pub fn judge(annotations: &BTreeMap<String, String>, risk_level: Risk) -> Verdict {
    let mut v = Verdict::default();
    for (key, value) in annotations {
        let Some(name) = key.strip_prefix(NGINX_PREFIX) else {
            continue;
        };
        let objection = |cause, effect| Objection {
            key: key.clone(),
            name: name.to_string(),
            value: value.clone(),
            cause,
            effect,
        };
        match judge_annotation(name, value, risk_level) {
            Judgement::Empty | Judgement::Unknown | Judgement::Valid(_) => {}
            Judgement::TooRisky(row) => {
                let cause = Cause::Risk {
                    risk: row.risk,
                    level: risk_level,
                };
                v.refused
                    .get_or_insert_with(|| objection(cause, OnInvalid::RefuseIngress));
            }
            Judgement::Invalid(row, why) => {
                let slot = match row.on_invalid {
                    OnInvalid::RefuseIngress => &mut v.refused,
                    OnInvalid::DenyLocations => &mut v.denied,
                    OnInvalid::UseDefault => continue,
                };
                slot.get_or_insert_with(|| objection(Cause::Invalid { why }, row.on_invalid));
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotations(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (format!("{NGINX_PREFIX}{k}"), (*v).to_string()))
            .collect()
    }

    #[test]
    fn one_annotation() {
        let level = DEFAULT_RISK_LEVEL;
        assert!(matches!(
            judge_annotation("ssl-redirect", "", level),
            Judgement::Empty
        ));
        assert!(matches!(
            judge_annotation("ssl-redirect", "  ", level),
            Judgement::Empty
        ));
        assert!(matches!(
            judge_annotation("no-such-thing", "x", level),
            Judgement::Unknown
        ));
        assert!(matches!(
            judge_annotation("no-such-thing", "", level),
            Judgement::Empty
        ));
        assert!(matches!(
            judge_annotation("configuration-snippet", "", level),
            Judgement::TooRisky(_)
        ));
        assert!(matches!(
            judge_annotation("configuration-snippet", "", Risk::Critical),
            Judgement::Empty
        ));
        assert!(matches!(
            judge_annotation("ssl-redirect", "yes", level),
            Judgement::Invalid(_, _)
        ));
        assert!(matches!(
            judge_annotation("ssl-redirect", "true", level),
            Judgement::Valid(_)
        ));
    }

    #[test]
    fn first_in_key_order_decides() {
        let v = judge(
            &annotations(&[
                ("server-snippet", ""),
                ("configuration-snippet", "x"),
                ("ssl-redirect", "yes"),
                ("unknown-thing", "x"),
            ]),
            DEFAULT_RISK_LEVEL,
        );
        let refused = v.refused.expect("refused");
        assert_eq!(refused.name, "configuration-snippet");
        assert_eq!(
            refused.reason(),
            "configuration-snippet is risk Critical, above ingress-nginx's default annotations-risk-level (High): ingress-nginx refuses the whole Ingress, so it routes nothing"
        );
        assert_eq!(v.denied, None);
        let mut other = annotations(&[("ssl-redirect", "true")]);
        other.insert("example.com/configuration-snippet".into(), "x".into());
        assert_eq!(judge(&other, DEFAULT_RISK_LEVEL), Verdict::default());
    }

    #[test]
    fn invalid_values_do_what_the_row_says() {
        for a in crate::CATALOGUE.iter().filter(|a| a.risk <= DEFAULT_RISK_LEVEL) {
            let Some(bad) = ["yes", "not a value;", "-1x", "@@"]
                .into_iter()
                .find(|v| a.validate(v).is_err())
            else {
                continue;
            };
            let v = judge(&annotations(&[(a.name, bad)]), DEFAULT_RISK_LEVEL);
            match a.on_invalid {
                OnInvalid::RefuseIngress => {
                    let r = v.refused.expect("refused");
                    assert!(
                        r.reason()
                            .ends_with("refuses the whole Ingress, so it routes nothing")
                    );
                    assert!(v.denied.is_none());
                }
                OnInvalid::DenyLocations => {
                    let d = v.denied.expect("denied");
                    assert!(
                        d.reason().ends_with("every location of it answers 503"),
                        "{}",
                        a.name
                    );
                    assert!(v.refused.is_none());
                }
                OnInvalid::UseDefault => assert_eq!(v, Verdict::default(), "{}", a.name),
            }
        }
    }
}
