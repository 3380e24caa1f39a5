//! Seeded generator of realistic ingress-nginx clusters, for gateshift's benchmarks and scale tests.
//!
//! [`generate`] writes one multi-document YAML stream such as `kubectl get ingressclass,ns,svc,secret,ingress -A
//! -o yaml` would give for a cluster with `n` Ingresses: one IngressClass, a Namespace per team and environment
//! (about one per 50 Ingresses), a Service with named ports behind every Ingress, per-host and per-namespace
//! wildcard TLS Secrets, hosts shared between namespaces, wildcard hosts, the annotations people actually use
//! (canary by weight and by header, regex rewrites, `ssl-redirect`, CORS, timeouts) and a few path conflicts
//! between Ingresses. The same `(n, seed)` always gives the same bytes: the PRNG is a hand-written splitmix64,
//! so neither a dependency update nor the platform can change a benchmark's input.
//!
//! By default every object is valid, so `gateshift convert` never stops on bad input (exit 2) and measures the
//! whole pipeline. [`Config::refused`] adds Ingresses that ingress-nginx itself refuses (snippet annotations
//! above the default risk level), which gateshift must report rather than convert.

use std::fmt::Write as _;

mod shapes;
pub use shapes::Shape;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Number of Ingresses (canary Ingresses included).
    pub ingresses: usize,
    /// PRNG seed: the same seed gives the same bytes.
    pub seed: u64,
    /// Add about 1 % Ingresses carrying snippet annotations that ingress-nginx refuses.
    pub refused: bool,
}

impl Config {
    /// `n` Ingresses from `seed`, all of them valid and accepted by ingress-nginx.
    pub fn new(ingresses: usize, seed: u64) -> Self {
        Config {
            ingresses,
            seed,
            refused: false,
        }
    }
}

/// A cluster of `ingresses` valid Ingresses (and what they need), deterministic for `seed`.
pub fn generate(ingresses: usize, seed: u64) -> String {
    generate_with(&Config::new(ingresses, seed))
}

/// A cluster as described by `config`.
pub fn generate_with(config: &Config) -> String {
    let mut g = Generator {
        rng: SplitMix64(config.seed),
        out: String::with_capacity(config.ingresses * 700 + 1024),
        refused: config.refused,
        recent: Vec::new(),
    };
    g.cluster(config.ingresses);
    g.out
}

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast and good enough for test data; its output is fixed by the
/// algorithm, unlike `rand`'s generators, whose streams may change between versions. Public for tests that
/// need seeded choices too (the CLI's mutation test).
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (the modulo bias is irrelevant for test data).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const TEAMS: &[&str] = &[
    "payments",
    "checkout",
    "search",
    "catalog",
    "identity",
    "billing",
    "shipping",
    "reviews",
    "ads",
    "analytics",
    "media",
    "notifications",
    "support",
    "inventory",
    "pricing",
    "loyalty",
    "partners",
    "mobile",
    "platform",
    "growth",
];
const ENVS: &[&str] = &["prod", "staging", "dev", "qa", "sandbox"];
const APPS: &[&str] = &[
    "web", "api", "frontend", "backend", "gateway", "admin", "worker", "portal", "graphql", "auth", "docs",
    "status", "assets", "webhooks", "console",
];
const PATHS: &[&str] = &[
    "/v1",
    "/v2",
    "/static",
    "/assets",
    "/graphql",
    "/login",
    "/admin",
    "/metrics",
    "/callback",
    "/images",
    "/app",
    "/ws",
];
/// Hosts several namespaces publish paths on, as a company's main site does.
const SHARED_HOSTS: &[&str] = &[
    "www.example.com",
    "api.example.com",
    "shop.example.com",
    "m.example.com",
];
/// A fake PEM, base64: gateshift reads only the Secret's type and key names, never the data.
const FAKE_CERT: &str = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCmZha2UKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=";
const FAKE_KEY: &str = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCmZha2UKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQo=";
const PREFIX: &str = "nginx.ingress.kubernetes.io/";

/// One Ingress before it is written.
struct Ingress {
    name: String,
    namespace: String,
    /// The legacy class annotation instead of `spec.ingressClassName`.
    class_annotation: bool,
    annotations: Vec<(String, String)>,
    /// `(secret, hosts)`.
    tls: Vec<(String, Vec<String>)>,
    /// `(host, [(path, pathType, service, port)])`.
    rules: Vec<(String, Vec<Path>)>,
    created: u64,
}

struct Path {
    path: String,
    path_type: &'static str,
    service: String,
    /// A named port (`http`) or a number.
    port: Port,
}

#[derive(Clone, Copy)]
enum Port {
    Name(&'static str),
    Number(u16),
}

struct Generator {
    rng: SplitMix64,
    out: String,
    refused: bool,
    /// Recently generated `(namespace, host, path)`s, the material for cross-namespace conflicts.
    recent: Vec<(String, String, String)>,
}

impl Generator {
    fn cluster(&mut self, n: usize) {
        // About 50 Ingresses per namespace: 10k Ingresses spread over 200 namespaces.
        let namespaces = (n / 50).max(1);
        self.doc(
            "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\n  annotations:\n    \
             ingressclass.kubernetes.io/is-default-class: \"true\"\nspec:\n  controller: k8s.io/ingress-nginx\n",
        );
        let mut made = 0;
        for k in 0..namespaces {
            // Spread the remainder so every namespace gets n/namespaces or one more.
            let count = n / namespaces + usize::from(k < n % namespaces);
            self.namespace(k, made, count);
            made += count;
        }
    }

    fn doc(&mut self, text: &str) {
        if !self.out.is_empty() {
            self.out.push_str("---\n");
        }
        self.out.push_str(text);
    }

    fn namespace(&mut self, k: usize, first: usize, count: usize) {
        let team = TEAMS[k % TEAMS.len()];
        let env = ENVS[(k / TEAMS.len()) % ENVS.len()];
        let round = k / (TEAMS.len() * ENVS.len());
        let ns = if round == 0 {
            format!("{team}-{env}")
        } else {
            format!("{team}-{env}-{round}")
        };
        let domain = format!("{ns}.example.com");
        let created = self.timestamp();
        let text = format!(
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n  creationTimestamp: \"{}\"\n  labels:\n    \
             kubernetes.io/metadata.name: {ns}\n    team: {team}\n    env: {env}\n",
            rfc3339(created)
        );
        self.doc(&text);
        // cert-manager style wildcard certificate for the namespace's own domain.
        let wildcard_secret = "wildcard-tls".to_string();
        self.secret(&ns, &wildcard_secret, &format!("*.{domain}"));

        let mut ingresses = Vec::with_capacity(count);
        let mut i = 0;
        while i < count {
            let (main, canary) = self.ingress(&ns, &domain, &wildcard_secret, first + i);
            ingresses.push(main);
            i += 1;
            if let Some(canary) = canary
                && i < count
            {
                ingresses.push(canary);
                i += 1;
            }
        }
        // Services and Secrets first, as `kubectl get` orders kinds; each object only once.
        let mut services: Vec<&str> = ingresses
            .iter()
            .flat_map(|ing| ing.rules.iter().flat_map(|(_, paths)| paths.iter()))
            .map(|p| p.service.as_str())
            .collect();
        services.sort_unstable();
        services.dedup();
        let services: Vec<String> = services.into_iter().map(String::from).collect();
        for service in &services {
            self.service(&ns, service);
        }
        let mut secrets: Vec<(String, String)> = ingresses
            .iter()
            .flat_map(|ing| ing.tls.iter())
            .filter(|(secret, _)| *secret != wildcard_secret)
            .map(|(secret, hosts)| (secret.clone(), hosts[0].clone()))
            .collect();
        secrets.sort_unstable();
        secrets.dedup_by(|a, b| a.0 == b.0);
        for (secret, host) in &secrets {
            self.secret(&ns, secret, host);
        }
        for ing in &ingresses {
            self.write_ingress(ing);
        }
    }

    /// An Ingress and, sometimes, its canary twin.
    fn ingress(
        &mut self,
        ns: &str,
        domain: &str,
        wildcard_secret: &str,
        index: usize,
    ) -> (Ingress, Option<Ingress>) {
        let app = format!("{}-{index}", self.rng.pick(APPS));
        let mut annotations = Vec::new();
        let mut rules = Vec::new();
        let mut tls = Vec::new();
        let port = if self.rng.percent(60) {
            Port::Name("http")
        } else {
            Port::Number(80)
        };
        let path = |path: &str, path_type, service: &str| Path {
            path: path.to_string(),
            path_type,
            service: service.to_string(),
            port,
        };

        let roll = self.rng.below(100);
        if roll < 8 {
            // A page of a shared host: each team owns a path prefix there.
            let host = self.rng.pick(SHARED_HOSTS).to_string();
            rules.push((host, vec![path(&format!("/{ns}/{app}"), "Prefix", &app)]));
        } else if roll < 11 {
            // Preview environments on a wildcard host.
            let host = format!("*.preview-{index}.{domain}");
            rules.push((host.clone(), vec![path("/", "Prefix", &app)]));
            if self.rng.percent(50) {
                tls.push((format!("{app}-preview-tls"), vec![host]));
            }
        } else {
            let hosts = 1 + usize::from(self.rng.percent(25));
            for h in 0..hosts {
                let host = if h == 0 {
                    format!("{app}.{domain}")
                } else {
                    format!("{app}-{}.{domain}", self.rng.pick(ENVS))
                };
                let mut paths = vec![path("/", "Prefix", &app)];
                for _ in 0..self.rng.below(4) {
                    let p = self.rng.pick(PATHS);
                    if paths.iter().all(|x| x.path != p) {
                        let path_type = if self.rng.percent(15) { "Exact" } else { "Prefix" };
                        paths.push(path(p, path_type, &app));
                    }
                }
                rules.push((host, paths));
            }
            // A third of the Ingresses serve HTTPS: per-host certificates or the namespace wildcard.
            if self.rng.percent(33) {
                let hosts: Vec<String> = rules.iter().map(|(h, _)| h.clone()).collect();
                if self.rng.percent(50) {
                    tls.push((wildcard_secret.to_string(), hosts));
                } else {
                    tls.push((format!("{app}-tls"), hosts));
                }
            }
        }

        // Annotations, independently, in the proportions seen in real clusters.
        if self.rng.percent(8) {
            annotations.push(("use-regex".into(), "true".into()));
            annotations.push(("rewrite-target".into(), "/$2".into()));
            let paths = &mut rules[0].1;
            paths.push(path("/api(/|$)(.*)", "ImplementationSpecific", &app));
            // ingress-nginx applies use-regex to the whole host; keep the other paths plain prefixes.
        }
        if self.rng.percent(10) {
            annotations.push(("ssl-redirect".into(), "false".into()));
        }
        if self.rng.percent(10) {
            annotations.push(("enable-cors".into(), "true".into()));
            if self.rng.percent(50) {
                annotations.push(("cors-allow-origin".into(), format!("https://{domain}")));
            }
        }
        if self.rng.percent(15) {
            let t = self.rng.pick(&["30", "60", "120", "300"]);
            annotations.push(("proxy-read-timeout".into(), t.into()));
        }
        if self.rng.percent(10) {
            let size = self.rng.pick(&["1m", "8m", "50m"]);
            annotations.push(("proxy-body-size".into(), size.into()));
        }
        if self.refused && self.rng.percent(1) {
            annotations.push((
                "configuration-snippet".into(),
                "more_set_headers \"X-Frame-Options: DENY\";".into(),
            ));
        }

        // A few cross-namespace conflicts: the same host and path as an Ingress seen recently.
        if self.rng.percent(1)
            && let Some((other_ns, host, p)) =
                self.recent.get(self.rng.below(self.recent.len().max(1))).cloned()
            && other_ns != ns
        {
            rules.push((host, vec![path(&p, "Prefix", &app)]));
        }
        if let Some((host, paths)) = rules.first() {
            if self.recent.len() < 64 {
                self.recent
                    .push((ns.to_string(), host.clone(), paths[0].path.clone()));
            } else {
                let slot = self.rng.below(64);
                self.recent[slot] = (ns.to_string(), host.clone(), paths[0].path.clone());
            }
        }

        let created = self.timestamp();
        let class_annotation = self.rng.percent(5);
        let canary = self.rng.percent(4).then(|| {
            let mut canary_annotations = vec![("canary".to_string(), "true".to_string())];
            if self.rng.percent(70) {
                let weight = self.rng.pick(&["5", "10", "20", "50"]);
                canary_annotations.push(("canary-weight".into(), weight.into()));
            } else {
                canary_annotations.push(("canary-by-header".into(), "X-Canary".into()));
            }
            let service = format!("{app}-canary");
            Ingress {
                name: format!("{app}-canary"),
                namespace: ns.to_string(),
                class_annotation: false,
                annotations: canary_annotations,
                tls: Vec::new(),
                rules: rules
                    .iter()
                    .map(|(h, paths)| {
                        let paths = paths
                            .iter()
                            .map(|p| Path {
                                path: p.path.clone(),
                                path_type: p.path_type,
                                service: service.clone(),
                                port: p.port,
                            })
                            .collect();
                        (h.clone(), paths)
                    })
                    .collect(),
                created: created + 86_400 * (1 + self.rng.below(30) as u64),
            }
        });
        let main = Ingress {
            name: app,
            namespace: ns.to_string(),
            class_annotation,
            annotations,
            tls,
            rules,
            created,
        };
        (main, canary)
    }

    /// A creation time between 2019-01-01 and the end of 2025, in seconds since the epoch.
    fn timestamp(&mut self) -> u64 {
        const START: u64 = 1_546_300_800;
        START + self.rng.below(7 * 365 * 86_400) as u64
    }

    fn service(&mut self, ns: &str, name: &str) {
        let mut text = format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: {ns}\n  labels:\n    app: \
             {name}\nspec:\n  type: ClusterIP\n  selector:\n    app: {name}\n  ports:\n    - name: http\n      \
             port: 80\n      protocol: TCP\n      targetPort: 8080\n"
        );
        if self.rng.percent(30) {
            text.push_str(
                "    - name: metrics\n      port: 9090\n      protocol: TCP\n      targetPort: metrics\n",
            );
        }
        self.doc(&text);
    }

    fn secret(&mut self, ns: &str, name: &str, host: &str) {
        let text = format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\n  annotations:\n    \
             cert-manager.io/common-name: \"{host}\"\ntype: kubernetes.io/tls\ndata:\n  tls.crt: {FAKE_CERT}\n  \
             tls.key: {FAKE_KEY}\n"
        );
        self.doc(&text);
    }

    fn write_ingress(&mut self, ing: &Ingress) {
        let mut t = String::with_capacity(1024);
        let _ = write!(
            t,
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {}\n  namespace: {}\n  \
             creationTimestamp: \"{}\"\n  generation: 1\n  labels:\n    app: {}\n",
            ing.name,
            ing.namespace,
            rfc3339(ing.created),
            ing.name
        );
        if ing.class_annotation || !ing.annotations.is_empty() {
            t.push_str("  annotations:\n");
            if ing.class_annotation {
                t.push_str("    kubernetes.io/ingress.class: nginx\n");
            }
            for (key, value) in &ing.annotations {
                let _ = writeln!(t, "    {PREFIX}{key}: {}", quote(value));
            }
        }
        t.push_str("spec:\n");
        if !ing.class_annotation {
            t.push_str("  ingressClassName: nginx\n");
        }
        if !ing.tls.is_empty() {
            t.push_str("  tls:\n");
            for (secret, hosts) in &ing.tls {
                t.push_str("    - hosts:\n");
                for host in hosts {
                    let _ = writeln!(t, "        - {}", quote(host));
                }
                let _ = writeln!(t, "      secretName: {secret}");
            }
        }
        t.push_str("  rules:\n");
        for (host, paths) in &ing.rules {
            let _ = writeln!(t, "    - host: {}\n      http:\n        paths:", quote(host));
            for p in paths {
                let port = match p.port {
                    Port::Name(name) => format!("name: {name}"),
                    Port::Number(n) => format!("number: {n}"),
                };
                let _ = writeln!(
                    t,
                    "          - path: {}\n            pathType: {}\n            backend:\n              \
                     service:\n                name: {}\n                port:\n                  {port}",
                    quote(&p.path),
                    p.path_type,
                    p.service
                );
            }
        }
        self.doc(&t);
    }
}

/// Double-quoted YAML scalar: every generated value is printable ASCII, so escaping `\` and `"` is enough.
fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since the Unix epoch (Howard Hinnant's civil-from-days).
fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_546_300_800), "2019-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_709_210_096), "2024-02-29T12:34:56Z");
    }

    #[test]
    fn same_seed_same_bytes() {
        assert_eq!(generate(300, 7), generate(300, 7));
        assert_ne!(generate(300, 7), generate(300, 8));
    }

    #[test]
    fn counts_and_reads_back() {
        let text = generate_with(&Config {
            ingresses: 500,
            seed: 1,
            refused: true,
        });
        let docs = gateshift_manifest::read_str("corpus.yaml", &text, &Default::default()).unwrap();
        let count = |kind: &str| docs.iter().filter(|d| d.type_meta().1 == Some(kind)).count();
        assert_eq!(count("Ingress"), 500);
        assert_eq!(count("Namespace"), 10);
        assert_eq!(count("IngressClass"), 1);
        assert!(count("Service") >= 400);
        assert!(count("Secret") > 10);
        for doc in docs {
            gateshift_api::decode(std::sync::Arc::new(doc)).unwrap();
        }
        for needle in [
            "canary-weight",
            "canary-by-header",
            "rewrite-target: \"/$2\"",
            "\"/api(/|$)(.*)\"",
            "ssl-redirect: \"false\"",
            "enable-cors",
            "proxy-read-timeout",
            "configuration-snippet",
            "\"*.preview-",
            "www.example.com",
            "kubernetes.io/tls",
        ] {
            assert!(text.contains(needle), "{needle} missing");
        }
    }
}
