//! The controller as it runs: the command-line flags of `/nginx-ingress-controller` that change which Ingresses
//! it serves and how (`cmd/nginx/flags.go`), its ConfigMap keys ([`CONFIG_KEYS`]), and ingress-nginx's class
//! rule ([`Flags::serves`], `store.go` `GetIngressClass` and the IngressClass event handler).
//!
//! Plain data in, plain data out: the caller reads the Deployment (kubelet-expanded arguments) and the
//! ConfigMap, and says where each came from as an [`Origin`]; convert and the router's ingress-nginx model both
//! build their [`Controller`]s here and select Ingresses with the same function, so `convert`, `simulate` and
//! `verify` agree on what the controller serves.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::Handling;

mod keys;

pub use keys::CONFIG_KEYS;

/// The controller binary a container must run for its arguments to be read as ingress-nginx flags.
pub const CONTROLLER_BINARY: &str = "/nginx-ingress-controller";
/// `--controller-class` default.
pub const DEFAULT_CONTROLLER_CLASS: &str = "k8s.io/ingress-nginx";
/// `--ingress-class` default.
pub const DEFAULT_INGRESS_CLASS: &str = "nginx";

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "from", content = "at")]
pub enum Origin {
    /// A flag in the input, at `file:line:column`.
    Flag(String),
    /// A ConfigMap key in the input, at `file:line:column`.
    ConfigMap(String),
    /// gateshift's own command line.
    CommandLine,
    /// ingress-nginx's default.
    Default,
}

impl Origin {
    /// In words, for report lines.
    pub fn describe(&self) -> String {
        match self {
            Origin::Flag(at) => format!("flag at {at}"),
            Origin::ConfigMap(at) => format!("ConfigMap key at {at}"),
            Origin::CommandLine => "gateshift command line".into(),
            Origin::Default => "ingress-nginx default".into(),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub origin: Origin,
}

impl<T> Setting<T> {
    fn default(value: T) -> Self {
        Setting {
            value,
            origin: Origin::Default,
        }
    }
}

/// The flags that change which Ingresses ingress-nginx serves and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flags {
    /// `--ingress-class`: the class name the legacy annotation must carry (and `--ingress-class-by-name`).
    pub ingress_class: Setting<String>,
    /// `--controller-class`: the `spec.controller` of the IngressClasses it serves.
    pub controller_class: Setting<String>,
    /// `--watch-ingress-without-class`.
    pub watch_ingress_without_class: Setting<bool>,
    /// `--ingress-class-by-name`: an IngressClass named `--ingress-class` is served whatever its controller.
    pub ingress_class_by_name: Setting<bool>,
    /// `--default-ssl-certificate` as `namespace/name`.
    pub default_ssl_certificate: Setting<Option<(String, String)>>,
    /// `--default-backend-service` as `namespace/name`.
    pub default_backend_service: Setting<Option<(String, String)>>,
    /// `--enable-ssl-passthrough`.
    pub enable_ssl_passthrough: Setting<bool>,
    /// `--watch-namespace`: only Ingresses of these namespaces (empty: all).
    pub watch_namespace: Setting<Vec<String>>,
    /// `--watch-namespace-selector` as written (namespaces by label: not evaluated).
    pub watch_namespace_selector: Setting<Option<String>>,
    /// `--configmap` as `namespace/name`.
    pub configmap: Setting<Option<(String, String)>>,
}

impl Default for Flags {
    fn default() -> Self {
        Flags {
            ingress_class: Setting::default(DEFAULT_INGRESS_CLASS.into()),
            controller_class: Setting::default(DEFAULT_CONTROLLER_CLASS.into()),
            watch_ingress_without_class: Setting::default(false),
            ingress_class_by_name: Setting::default(false),
            default_ssl_certificate: Setting::default(None),
            default_backend_service: Setting::default(None),
            enable_ssl_passthrough: Setting::default(false),
            watch_namespace: Setting::default(Vec::new()),
            watch_namespace_selector: Setting::default(None),
            configmap: Setting::default(None),
        }
    }
}

/// How gateshift judges one flag or ConfigMap key it read: a report line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// `--default-ssl-certificate` or the ConfigMap key.
    pub name: String,
    /// Where (`file:line:column` as given by the caller).
    pub at: String,
    /// `exact`, `approximate`, `manual`, `unsupported`, `ignored`; for a key, from its [`Handling`].
    pub status: LineStatus,
    /// Why.
    pub message: String,
    /// A security control the target cannot express (lost unless accepted).
    pub security: bool,
}

/// The verdict of a [`Line`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStatus {
    /// Both models apply it and the output keeps it.
    Exact,
    /// Must be reproduced by hand (the message says how).
    Manual,
    /// Cannot be reproduced.
    Unsupported,
    /// No effect on where a request goes.
    Ignored,
}

/// Flags whose value is a word (`--flag value` takes the next argument); all others are booleans or unknown.
const VALUED: &[&str] = &[
    "ingress-class",
    "controller-class",
    "default-ssl-certificate",
    "default-backend-service",
    "watch-namespace",
    "watch-namespace-selector",
    "configmap",
];
const BOOLS: &[&str] = &[
    "watch-ingress-without-class",
    "ingress-class-by-name",
    "enable-ssl-passthrough",
];

fn ns_name(value: &str) -> Option<(String, String)> {
    value
        .split_once('/')
        .filter(|(ns, n)| !ns.is_empty() && !n.is_empty() && !n.contains('/'))
        .map(|(ns, n)| (ns.to_string(), n.to_string()))
}

impl Flags {
    /// Reads the arguments after the binary (each with where it is), as pflag does: `--name=value`,
    /// `--name value` for valued flags, `--name` alone for a boolean. Returns the flags and one report line
    /// per argument.
    pub fn parse(args: &[(String, String)]) -> (Flags, Vec<Line>) {
        let mut flags = Flags::default();
        let mut lines = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let (word, at) = &args[i];
            i += 1;
            let Some(body) = word.strip_prefix("--").or_else(|| word.strip_prefix('-')) else {
                lines.push(Line {
                    name: word.clone(),
                    at: at.clone(),
                    status: LineStatus::Manual,
                    message: format!("{word:?} is not a flag; the controller reads it as a positional argument: check by hand"),
                    security: false,
                });
                continue;
            };
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (body.to_string(), None),
            };
            let value = match inline {
                Some(v) => v,
                None if VALUED.contains(&name.as_str()) && i < args.len() => {
                    i += 1;
                    args[i - 1].0.clone()
                }
                None => "true".to_string(),
            };
            lines.push(flags.set(&name, &value, at));
        }
        (flags, lines)
    }

    /// Applies one flag; the report line says what it does.
    fn set(&mut self, name: &str, value: &str, at: &str) -> Line {
        let origin = Origin::Flag(at.to_string());
        let line = |status, message: String| Line {
            name: format!("--{name}"),
            at: at.to_string(),
            status,
            message,
            security: false,
        };
        if BOOLS.contains(&name) {
            let Some(b) = crate::parse_bool(value) else {
                return line(
                    LineStatus::Manual,
                    format!("--{name}={value}: not a boolean, the controller would not start; read as false"),
                );
            };
            let slot = match name {
                "watch-ingress-without-class" => &mut self.watch_ingress_without_class,
                "ingress-class-by-name" => &mut self.ingress_class_by_name,
                _ => &mut self.enable_ssl_passthrough,
            };
            *slot = Setting { value: b, origin };
            let what = match name {
                "watch-ingress-without-class" => "Ingresses without any class are served",
                "ingress-class-by-name" => {
                    "the IngressClass named by --ingress-class is served whatever its controller"
                }
                _ => "ssl-passthrough annotations take effect (TLS passed to the backend by SNI)",
            };
            return line(
                LineStatus::Exact,
                format!(
                    "--{name}={b}: {what}{}; the conversion applies it (the ingress-nginx model of simulate and verify does not read the controller yet)",
                    if b { "" } else { " (no)" }
                ),
            );
        }
        match name {
            "ingress-class" | "controller-class" => {
                let slot = if name == "ingress-class" {
                    &mut self.ingress_class
                } else {
                    &mut self.controller_class
                };
                *slot = Setting {
                    value: value.to_string(),
                    origin,
                };
                line(
                    LineStatus::Exact,
                    format!(
                        "--{name}={value}: decides which Ingresses this controller serves; the conversion selects them by it (simulate and verify do not yet)"
                    ),
                )
            }
            "default-ssl-certificate" | "default-backend-service" | "configmap" => {
                let Some(parsed) = ns_name(value) else {
                    return line(
                        LineStatus::Manual,
                        format!(
                            "--{name}={value}: not NAMESPACE/NAME (an unresolved $(VAR)?); ignored, set it with gateshift's option of the same name"
                        ),
                    );
                };
                let message = match name {
                    "default-ssl-certificate" => format!(
                        "--{name}={value}: hosts without a tls entry are served over HTTPS with this certificate; the conversion gives them HTTPS listeners with it"
                    ),
                    "default-backend-service" => format!(
                        "--{name}={value}: requests no rule matches go to this Service; not modelled yet: check that the Gateway implementation answers unmatched requests the same way"
                    ),
                    _ => format!(
                        "--{name}={value}: the controller's ConfigMap; its keys are read and reported"
                    ),
                };
                let slot = match name {
                    "default-ssl-certificate" => &mut self.default_ssl_certificate,
                    "default-backend-service" => &mut self.default_backend_service,
                    _ => &mut self.configmap,
                };
                *slot = Setting {
                    value: Some(parsed),
                    origin,
                };
                line(LineStatus::Exact, message)
            }
            "watch-namespace" => {
                self.watch_namespace = Setting {
                    value: value
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect(),
                    origin,
                };
                line(
                    LineStatus::Exact,
                    format!(
                        "--{name}={value}: only Ingresses of these namespaces are served; the conversion selects them so (simulate and verify do not yet)"
                    ),
                )
            }
            "watch-namespace-selector" => {
                self.watch_namespace_selector = Setting {
                    value: Some(value.to_string()).filter(|v| !v.is_empty()),
                    origin,
                };
                line(
                    LineStatus::Manual,
                    format!(
                        "--{name}={value}: only Ingresses of namespaces with these labels are served; gateshift does not evaluate the selector and reads every namespace: leave out the Ingresses of other namespaces with --ingress-class or by input"
                    ),
                )
            }
            _ => line(
                LineStatus::Ignored,
                format!(
                    "--{name}: not a flag that changes which Ingresses are served or where a request goes"
                ),
            ),
        }
    }

    /// Which class group an Ingress belongs to if this controller serves it, or why not. `spec_class`:
    /// `spec.ingressClassName` (the default class already filled in by the caller when the API server would);
    /// `annotation`: `kubernetes.io/ingress.class`; `classes`: every IngressClass in the input as
    /// (name, `spec.controller`).
    pub fn serves(
        &self,
        classes: &[(&str, &str)],
        spec_class: Option<&str>,
        annotation: Option<&str>,
        namespace: &str,
    ) -> Result<Served, String> {
        if !self.watch_namespace.value.is_empty()
            && !self.watch_namespace.value.iter().any(|n| n == namespace)
        {
            return Err(format!(
                "namespace {namespace:?} is not watched (--watch-namespace={})",
                self.watch_namespace.value.join(",")
            ));
        }
        let ingress_class = self.ingress_class.value.as_str();
        if let Some(c) = spec_class {
            return match classes.iter().find(|(name, _)| *name == c) {
                Some((_, controller)) if *controller == self.controller_class.value => Ok(Served {
                    class: c.to_string(),
                    how: How::ClassName,
                }),
                Some(_) if self.ingress_class_by_name.value && c == ingress_class => Ok(Served {
                    class: c.to_string(),
                    how: How::ByName,
                }),
                Some((_, controller)) => Err(format!(
                    "IngressClass {c:?} has controller {controller:?}, not {:?} (--controller-class)",
                    self.controller_class.value
                )),
                // The input may lack the IngressClasses: the controller's own class name is assumed to be its.
                None if c == ingress_class => Ok(Served {
                    class: c.to_string(),
                    how: How::Assumed,
                }),
                None => Err(format!(
                    "no IngressClass {c:?} in the input with controller {:?}",
                    self.controller_class.value
                )),
            };
        }
        if let Some(a) = annotation {
            return if a == ingress_class {
                Ok(Served {
                    class: a.to_string(),
                    how: How::Annotation,
                })
            } else {
                Err(format!(
                    "annotation class {a:?} is not {ingress_class:?} (--ingress-class)"
                ))
            };
        }
        if self.watch_ingress_without_class.value {
            return Ok(Served {
                class: ingress_class.to_string(),
                how: How::WithoutClass,
            });
        }
        Err(
            "no ingress class and no default IngressClass: ingress-nginx ignores it unless started with --watch-ingress-without-class"
                .into(),
        )
    }
}

/// A served Ingress: its class group and how it was matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// The class name the Ingress is grouped under (the controller's `--ingress-class` for class-less ones).
    pub class: String,
    /// By which rule.
    pub how: How,
}

/// The rule by which a controller serves an Ingress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// `spec.ingressClassName` names an IngressClass with the controller's `--controller-class`.
    ClassName,
    /// `--ingress-class-by-name`.
    ByName,
    /// `spec.ingressClassName` is `--ingress-class` and the input has no IngressClass of that name.
    Assumed,
    /// The legacy annotation equals `--ingress-class`.
    Annotation,
    /// No class, `--watch-ingress-without-class`.
    WithoutClass,
}

/// What gateshift's command line says about the controller; each set value overrides the input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--watch-ingress-without-class`.
    pub watch_ingress_without_class: Option<bool>,
    /// `--default-ssl-certificate NAMESPACE/NAME`.
    pub default_ssl_certificate: Option<(String, String)>,
    /// `--enable-ssl-passthrough` (false: ssl-passthrough annotations have no effect).
    pub enable_ssl_passthrough: Option<bool>,
}

impl Overrides {
    /// `flags` with the command line's values in place.
    pub fn apply(&self, flags: &mut Flags) {
        if let Some(b) = self.watch_ingress_without_class {
            flags.watch_ingress_without_class = Setting {
                value: b,
                origin: Origin::CommandLine,
            };
        }
        if let Some(c) = &self.default_ssl_certificate {
            flags.default_ssl_certificate = Setting {
                value: Some(c.clone()),
                origin: Origin::CommandLine,
            };
        }
        if let Some(b) = self.enable_ssl_passthrough {
            flags.enable_ssl_passthrough = Setting {
                value: b,
                origin: Origin::CommandLine,
            };
        }
    }

    /// Parses `NAMESPACE/NAME` for `--default-ssl-certificate`.
    pub fn parse_ref(value: &str) -> Option<(String, String)> {
        ns_name(value)
    }
}

/// The ConfigMap keys the conversion applies, read as ingress-nginx reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Config {
    /// `ssl-redirect` (default true): the default of the annotation.
    pub ssl_redirect: Setting<bool>,
    /// `force-ssl-redirect` (default false).
    pub force_ssl_redirect: Setting<bool>,
    /// `http-redirect-code` (default 308; 301, 302, 307, 308 accepted, others read as 308).
    pub http_redirect_code: Setting<u16>,
    /// `hsts` (default true).
    pub hsts: Setting<bool>,
    /// The `Strict-Transport-Security` value from `hsts-max-age`, `hsts-include-subdomains`, `hsts-preload`.
    pub hsts_value: Setting<String>,
    /// `proxy-body-size` in bytes (default `1m`); `None`: no limit (`0`).
    pub proxy_body_size: Setting<Option<u64>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            ssl_redirect: Setting::default(true),
            force_ssl_redirect: Setting::default(false),
            http_redirect_code: Setting::default(308),
            hsts: Setting::default(true),
            hsts_value: Setting::default("max-age=31536000; includeSubDomains".into()),
            proxy_body_size: Setting::default(Some(1024 * 1024)),
        }
    }
}

/// One ConfigMap key.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ConfigKey {
    /// The key.
    pub name: &'static str,
    /// ingress-nginx's default as documented (empty: unset).
    pub default: &'static str,
    /// How gateshift carries it over.
    pub handling: Handling,
}

/// The row of `key`, if ingress-nginx knows it.
pub fn config_key(key: &str) -> Option<&'static ConfigKey> {
    CONFIG_KEYS
        .binary_search_by(|k| k.name.cmp(key))
        .ok()
        .map(|i| &CONFIG_KEYS[i])
}

/// An nginx size (`1m`, `8k`, `1024`, `1g`) in bytes.
pub fn parse_size(value: &str) -> Option<u64> {
    let v = value.trim();
    let (digits, unit) = match v.char_indices().last()? {
        (i, c) if c.is_ascii_alphabetic() => (&v[..i], c.to_ascii_lowercase()),
        _ => (v, ' '),
    };
    let n: u64 = digits.parse().ok()?;
    let factor = match unit {
        ' ' => 1,
        'k' => 1024,
        'm' => 1024 * 1024,
        'g' => 1024 * 1024 * 1024,
        _ => return None,
    };
    n.checked_mul(factor)
}

impl Config {
    /// Reads the ConfigMap's `data` (each key with where it is). Returns the applied settings and one report
    /// line per key.
    pub fn parse(data: &[(String, String, String)]) -> (Config, Vec<Line>) {
        let mut c = Config::default();
        let mut lines = Vec::new();
        let map: BTreeMap<&str, (&str, &str)> = data
            .iter()
            .map(|(k, v, at)| (k.as_str(), (v.as_str(), at.as_str())))
            .collect();
        let origin = |at: &str| Origin::ConfigMap(at.to_string());
        let get_bool = |k: &str| {
            map.get(k)
                .and_then(|(v, at)| crate::parse_bool(v).map(|b| (b, *at)))
        };
        if let Some((b, at)) = get_bool("ssl-redirect") {
            c.ssl_redirect = Setting {
                value: b,
                origin: origin(at),
            };
        }
        if let Some((b, at)) = get_bool("force-ssl-redirect") {
            c.force_ssl_redirect = Setting {
                value: b,
                origin: origin(at),
            };
        }
        if let Some((b, at)) = get_bool("hsts") {
            c.hsts = Setting {
                value: b,
                origin: origin(at),
            };
        }
        if let Some((v, at)) = map.get("http-redirect-code") {
            // configmap.go: anything but 301, 302, 307, 308 is logged and replaced by 308.
            let code = v
                .trim()
                .parse::<u16>()
                .ok()
                .filter(|c| [301, 302, 307, 308].contains(c));
            c.http_redirect_code = Setting {
                value: code.unwrap_or(308),
                origin: origin(at),
            };
        }
        let hsts_keys = ["hsts-max-age", "hsts-include-subdomains", "hsts-preload"];
        if let Some((_, at)) = hsts_keys.iter().find_map(|k| map.get(k)) {
            let max_age = map
                .get("hsts-max-age")
                .map(|(v, _)| v.trim())
                .filter(|v| v.parse::<u64>().is_ok())
                .unwrap_or("31536000");
            let sub = get_bool("hsts-include-subdomains").is_none_or(|(b, _)| b);
            let preload = get_bool("hsts-preload").is_some_and(|(b, _)| b);
            c.hsts_value = Setting {
                value: format!(
                    "max-age={max_age}{}{}",
                    if sub { "; includeSubDomains" } else { "" },
                    if preload { "; preload" } else { "" }
                ),
                origin: origin(at),
            };
        }
        if let Some((v, at)) = map.get("proxy-body-size") {
            c.proxy_body_size = Setting {
                value: parse_size(v).filter(|n| *n > 0),
                origin: origin(at),
            };
        }
        for (k, v, at) in data {
            lines.push(key_line(k, v, at, &c));
        }
        (c, lines)
    }
}

/// The report line of one ConfigMap key.
fn key_line(k: &str, v: &str, at: &str, c: &Config) -> Line {
    let line = |status, message: String, security| Line {
        name: k.to_string(),
        at: at.to_string(),
        status,
        message,
        security,
    };
    let Some(row) = config_key(k) else {
        return line(
            LineStatus::Manual,
            format!(
                "{k} is not a ConfigMap key of ingress-nginx {}: a typo? It changes nothing there",
                crate::INGRESS_NGINX_VERSION
            ),
            false,
        );
    };
    if v.trim() == row.default || (v.trim().is_empty() && row.default.is_empty()) {
        return line(
            LineStatus::Exact,
            format!("{k}={v:?} is ingress-nginx's default: nothing to carry over"),
            false,
        );
    }
    let applied = match k {
        "ssl-redirect" | "force-ssl-redirect" | "http-redirect-code" | "hsts" => true,
        // A limit of 0 is no limit, which the target keeps by having none.
        "proxy-body-size" => c.proxy_body_size.value.is_none(),
        _ => false,
    };
    if applied {
        return line(
            LineStatus::Exact,
            format!("{k}={v:?}: {}", row.handling.text()),
            false,
        );
    }
    match row.handling {
        Handling::Converted(t) => line(LineStatus::Exact, format!("{k}={v:?}: {t}"), false),
        Handling::SecurityLoss(t) => line(
            LineStatus::Manual,
            format!("{k}={v:?}: security control lost: {t}"),
            true,
        ),
        Handling::Manual(t) => line(LineStatus::Manual, format!("{k}={v:?}: {t}"), false),
        Handling::Unsupported(t) => line(LineStatus::Unsupported, format!("{k}={v:?}: {t}"), false),
        Handling::NoEffect(t) => line(LineStatus::Ignored, format!("{k}={v:?}: {t}"), false),
    }
}

/// One controller found in the input: its flags and ConfigMap, with where each setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Controller {
    /// `Deployment ns/name` (or `default` when none is in the input).
    pub workload: String,
    /// The flags, gateshift's command line applied.
    pub flags: Flags,
    /// The ConfigMap settings the conversion applies.
    pub config: Config,
}

impl Default for Controller {
    fn default() -> Self {
        Controller {
            workload: "ingress-nginx with default flags (no controller Deployment in the input)".into(),
            flags: Flags::default(),
            config: Config::default(),
        }
    }
}

/// The words after the controller binary, if `words` (a container's command and args, expanded) run it. A
/// container with no command runs the image's entrypoint, which for ingress-nginx's image is the binary:
/// then every argument is a flag.
pub fn controller_args<T: AsRef<str>>(words: &[T], image: Option<&str>, has_command: bool) -> Option<usize> {
    if let Some(i) = words
        .iter()
        .position(|w| w.as_ref() == CONTROLLER_BINARY || w.as_ref().ends_with(CONTROLLER_BINARY))
    {
        return Some(i + 1);
    }
    let image_is_controller = image.is_some_and(|i| i.contains("ingress-nginx/controller"));
    (!has_command && image_is_controller).then_some(0)
}

/// A container as [`discover`] reads it: its command line expanded, each word with where it is.
#[derive(Debug, Clone, Default)]
pub struct ContainerInput {
    /// `command` then `args`, expanded, with `file:line:column` each.
    pub words: Vec<(String, String)>,
    /// `image`.
    pub image: Option<String>,
    /// Whether `command` is set (else the image's entrypoint runs, with `args`).
    pub has_command: bool,
}

/// A controller found by [`discover`], with the report lines of its flags and ConfigMap keys.
#[derive(Debug, Clone)]
pub struct Found {
    /// The controller, gateshift's overrides applied.
    pub controller: Controller,
    /// One line per flag.
    pub flag_lines: Vec<Line>,
    /// The ConfigMap `--configmap` names: (namespace, name), and one line per key; `None` when it is not in
    /// the input (the defaults apply).
    pub configmap: Option<((String, String), Vec<Line>)>,
}

/// The ingress-nginx controllers among `workloads` (label such as `Deployment ns/name`, containers), each
/// container running [`CONTROLLER_BINARY`] one controller, with the ConfigMap `--configmap` names looked up by
/// `configmap` (its `data` as (key, value, `file:line:column`)). No controller in the input: one with the
/// defaults. `overrides` (gateshift's command line) apply to every one.
pub fn discover<'a>(
    workloads: impl IntoIterator<Item = (String, Vec<ContainerInput>)>,
    configmap: impl Fn(&str, &str) -> Option<Vec<(String, String, String)>> + 'a,
    overrides: &Overrides,
) -> Vec<Found> {
    let mut found = Vec::new();
    for (label, containers) in workloads {
        for c in containers {
            let words: Vec<&str> = c.words.iter().map(|(w, _)| w.as_str()).collect();
            let Some(start) = controller_args(&words, c.image.as_deref(), c.has_command) else {
                continue;
            };
            let (mut flags, flag_lines) = Flags::parse(&c.words[start..]);
            overrides.apply(&mut flags);
            let mut config = Config::default();
            let cm = flags.configmap.value.clone().and_then(|(ns, name)| {
                let data = configmap(&ns, &name)?;
                let (parsed, lines) = Config::parse(&data);
                config = parsed;
                Some(((ns, name), lines))
            });
            found.push(Found {
                controller: Controller {
                    workload: label.clone(),
                    flags,
                    config,
                },
                flag_lines,
                configmap: cm,
            });
        }
    }
    if found.is_empty() {
        let mut controller = Controller::default();
        overrides.apply(&mut controller.flags);
        found.push(Found {
            controller,
            flag_lines: Vec::new(),
            configmap: None,
        });
    }
    found
}

/// The first of `controllers` that serves the Ingress, with its index, or why none does (the first one's
/// reason; a single default controller when the input has none).
pub fn choose(
    controllers: &[Controller],
    classes: &[(&str, &str)],
    spec_class: Option<&str>,
    annotation: Option<&str>,
    namespace: &str,
) -> Result<(usize, Served), String> {
    let mut why = None;
    for (i, c) in controllers.iter().enumerate() {
        match c.flags.serves(classes, spec_class, annotation, namespace) {
            Ok(s) => return Ok((i, s)),
            Err(e) => {
                why.get_or_insert(e);
            }
        }
    }
    Err(why.unwrap_or_else(|| "no controller".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<(String, String)> {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.to_string(), format!("f:{i}:1")))
            .collect()
    }

    #[test]
    fn flags_parse_as_pflag_reads_them() {
        let (f, lines) = Flags::parse(&args(&[
            "--ingress-class=internal",
            "--watch-ingress-without-class",
            "--default-ssl-certificate",
            "ingress-nginx/wildcard",
            "--enable-ssl-passthrough=false",
            "--v=2",
        ]));
        assert_eq!(f.ingress_class.value, "internal");
        assert_eq!(f.ingress_class.origin, Origin::Flag("f:0:1".into()));
        assert!(f.watch_ingress_without_class.value);
        assert_eq!(
            f.default_ssl_certificate.value,
            Some(("ingress-nginx".into(), "wildcard".into()))
        );
        assert!(!f.enable_ssl_passthrough.value);
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[4].status, LineStatus::Ignored);
    }

    #[test]
    fn class_rules_follow_get_ingress_class() {
        let f = Flags::default();
        let classes = [
            ("nginx", DEFAULT_CONTROLLER_CLASS),
            ("other", "example.com/other"),
        ];
        assert_eq!(
            f.serves(&classes, Some("nginx"), None, "a").unwrap().how,
            How::ClassName
        );
        assert!(f.serves(&classes, Some("other"), None, "a").is_err());
        // ingressClassName wins over the annotation.
        assert!(f.serves(&classes, Some("other"), Some("nginx"), "a").is_err());
        assert_eq!(
            f.serves(&classes, None, Some("nginx"), "a").unwrap().how,
            How::Annotation
        );
        assert!(f.serves(&classes, None, None, "a").is_err());
        let mut w = f.clone();
        w.watch_ingress_without_class.value = true;
        w.watch_namespace.value = vec!["a".into()];
        assert_eq!(w.serves(&classes, None, None, "a").unwrap().class, "nginx");
        assert!(w.serves(&classes, None, None, "b").is_err());
        let mut by_name = Flags::default();
        by_name.ingress_class.value = "other".into();
        by_name.ingress_class_by_name.value = true;
        assert_eq!(
            by_name.serves(&classes, Some("other"), None, "a").unwrap().how,
            How::ByName
        );
    }

    #[test]
    fn config_keys_are_sorted_unique_and_read() {
        assert!(CONFIG_KEYS.windows(2).all(|w| w[0].name < w[1].name));
        let at = |k: &str, v: &str| (k.to_string(), v.to_string(), "cm:1:1".to_string());
        let (c, lines) = Config::parse(&[
            at("ssl-redirect", "false"),
            at("proxy-body-size", "8m"),
            at("http-redirect-code", "418"),
            at("log-format-upstream", "$remote_addr"),
            at("whitelist-source-range", "10.0.0.0/8"),
        ]);
        assert!(!c.ssl_redirect.value);
        assert_eq!(c.proxy_body_size.value, Some(8 * 1024 * 1024));
        assert_eq!(c.http_redirect_code.value, 308);
        let status: Vec<_> = lines.iter().map(|l| (l.status, l.security)).collect();
        assert_eq!(
            status,
            [
                (LineStatus::Exact, false),
                (LineStatus::Manual, false),
                (LineStatus::Exact, false),
                (LineStatus::Ignored, false),
                (LineStatus::Manual, true)
            ]
        );
        assert_eq!(parse_size("0"), Some(0));
        assert_eq!(parse_size("1k"), Some(1024));
        assert_eq!(parse_size("x"), None);
    }
}
