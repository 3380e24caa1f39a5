//! Inputs of one extreme shape, for the benchmarks that check a cost stays near-linear in one dimension
//! (issue 17): many paths under one host, many annotations on one Ingress, many regex Ingresses on one host,
//! many objects as concatenated JSON. Each is valid input (`convert` never stops with exit 2 on it) and
//! deterministic: no randomness at all, the size alone decides the bytes.

use std::fmt::Write as _;

/// One extreme shape; `gateshift-corpus --shape NAME N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One Ingress, one host, `n` Prefix paths (every tenth Exact), each to its own port of one Service.
    OneHostPaths,
    /// One Ingress with `n` annotations: a tenth ingress-nginx ones the catalogue does not know (each a report
    /// line with its position), the rest other tools' (`example.com/...`), as labelling tools pile them up.
    Annotations,
    /// `n` Ingresses on one host, each with `use-regex` and `rewrite-target: /$2` on `/svc-i(/|$)(.*)`, so
    /// ingress-nginx puts every location of the host in regex mode.
    RegexHost,
    /// `n` Services as concatenated JSON objects, one per line (what `kubectl get -w -o json` streams).
    ServicesJson,
    /// The same `n` Services as a YAML stream, the yardstick of [`Shape::ServicesJson`].
    ServicesYaml,
}

impl Shape {
    /// Every shape with its name.
    pub const ALL: [(&'static str, Shape); 5] = [
        ("one-host-paths", Shape::OneHostPaths),
        ("annotations", Shape::Annotations),
        ("regex-host", Shape::RegexHost),
        ("services-json", Shape::ServicesJson),
        ("services-yaml", Shape::ServicesYaml),
    ];

    /// The shape named `name`.
    pub fn named(name: &str) -> Option<Shape> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|&(_, s)| s)
    }

    /// The input of this shape at size `n`.
    pub fn generate(self, n: usize) -> String {
        match self {
            Shape::OneHostPaths => one_host_paths(n),
            Shape::Annotations => annotations(n),
            Shape::RegexHost => regex_host(n),
            Shape::ServicesJson => services(n, true),
            Shape::ServicesYaml => services(n, false),
        }
    }
}

const HEADER: &str = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\nspec:\n  \
                      controller: k8s.io/ingress-nginx\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: \
                      shapes\n";

fn ingress_head(out: &mut String, name: &str, created_minute: usize) {
    let _ = write!(
        out,
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n  namespace: shapes\n  \
         creationTimestamp: \"2024-01-{:02}T{:02}:{:02}:00Z\"\n",
        1 + created_minute / 1440 % 28,
        created_minute / 60 % 24,
        created_minute % 60
    );
}

fn path(out: &mut String, path: &str, path_type: &str, service: &str, port: usize) {
    let _ = write!(
        out,
        "          - path: \"{path}\"\n            pathType: {path_type}\n            backend:\n              \
         service:\n                name: {service}\n                port:\n                  number: {port}\n"
    );
}

fn service(out: &mut String, name: &str, ports: std::ops::Range<usize>) {
    let _ = write!(
        out,
        "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: shapes\nspec:\n  selector:\n    \
         app: {name}\n  ports:\n"
    );
    for p in ports {
        let _ = write!(out, "    - name: p{p}\n      port: {p}\n      targetPort: 8080\n");
    }
}

fn one_host_paths(n: usize) -> String {
    let mut out = String::with_capacity(n * 220 + 1024);
    out.push_str(HEADER);
    // Ports 1000.. so every path has its own upstream, as separate apps behind one host have.
    service(&mut out, "big", 1000..1000 + n);
    ingress_head(&mut out, "big", 0);
    out.push_str("spec:\n  ingressClassName: nginx\n  rules:\n    - host: big.example.com\n      http:\n        paths:\n");
    for i in 0..n {
        let path_type = if i % 10 == 9 { "Exact" } else { "Prefix" };
        path(&mut out, &format!("/p{i}"), path_type, "big", 1000 + i);
    }
    out
}

fn annotations(n: usize) -> String {
    let mut out = String::with_capacity(n * 60 + 1024);
    out.push_str(HEADER);
    service(&mut out, "web", 80..81);
    ingress_head(&mut out, "web", 0);
    out.push_str("  annotations:\n");
    for i in 0..n {
        if i % 10 == 0 {
            let _ = writeln!(out, "    nginx.ingress.kubernetes.io/x-custom-{i}: \"v{i}\"");
        } else {
            let _ = writeln!(out, "    example.com/note-{i}: \"v{i}\"");
        }
    }
    out.push_str("spec:\n  ingressClassName: nginx\n  rules:\n    - host: web.example.com\n      http:\n        paths:\n");
    path(&mut out, "/", "Prefix", "web", 80);
    out
}

fn regex_host(n: usize) -> String {
    let mut out = String::with_capacity(n * 900 + 1024);
    out.push_str(HEADER);
    for i in 0..n {
        service(&mut out, &format!("svc-{i}"), 80..81);
    }
    for i in 0..n {
        ingress_head(&mut out, &format!("svc-{i}"), i);
        out.push_str(
            "  annotations:\n    nginx.ingress.kubernetes.io/use-regex: \"true\"\n    \
             nginx.ingress.kubernetes.io/rewrite-target: \"/$2\"\nspec:\n  ingressClassName: nginx\n  rules:\n    \
             - host: api.example.com\n      http:\n        paths:\n",
        );
        path(
            &mut out,
            &format!("/svc-{i}(/|$)(.*)"),
            "ImplementationSpecific",
            &format!("svc-{i}"),
            80,
        );
    }
    out
}

fn services(n: usize, json: bool) -> String {
    let mut out = String::with_capacity(n * 420);
    for i in 0..n {
        if json {
            // One object per line, as `kubectl get -w -o json` prints them (pretty-printed there; the reader
            // sees the same tokens).
            let _ = writeln!(
                out,
                "{{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{{\"name\":\"svc-{i}\",\"namespace\":\
                 \"team-{}\",\"labels\":{{\"app\":\"svc-{i}\"}}}},\"spec\":{{\"type\":\"ClusterIP\",\"selector\":\
                 {{\"app\":\"svc-{i}\"}},\"ports\":[{{\"name\":\"http\",\"port\":80,\"protocol\":\"TCP\",\
                 \"targetPort\":8080}}]}}}}",
                i % 100
            );
        } else {
            if i > 0 {
                out.push_str("---\n");
            }
            let _ = write!(
                out,
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\n  namespace: team-{}\n  labels:\n    \
                 app: svc-{i}\nspec:\n  type: ClusterIP\n  selector:\n    app: svc-{i}\n  ports:\n    - name: http\n      \
                 port: 80\n      protocol: TCP\n      targetPort: 8080\n",
                i % 100
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<gateshift_manifest::Document> {
        gateshift_manifest::read_str("shape.yaml", text, &Default::default()).unwrap()
    }

    #[test]
    fn every_shape_reads_back_and_decodes() {
        for (name, shape) in Shape::ALL {
            let docs = read(&shape.generate(30));
            assert!(!docs.is_empty(), "{name}");
            for doc in docs {
                gateshift_api::decode(std::sync::Arc::new(doc)).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            assert_eq!(Shape::named(name), Some(shape));
        }
    }

    #[test]
    fn sizes_are_what_the_names_say() {
        let count = |text: &str, kind: &str| {
            read(text)
                .iter()
                .filter(|d| d.type_meta().1 == Some(kind))
                .count()
        };
        assert_eq!(count(&Shape::RegexHost.generate(40), "Ingress"), 40);
        assert_eq!(count(&Shape::ServicesJson.generate(40), "Service"), 40);
        assert_eq!(count(&Shape::ServicesYaml.generate(40), "Service"), 40);
        assert_eq!(Shape::OneHostPaths.generate(40).matches("pathType").count(), 40);
        assert_eq!(Shape::Annotations.generate(40).matches(": \"v").count(), 40);
    }

    #[test]
    fn json_and_yaml_services_hold_the_same_objects() {
        let json: Vec<_> = read(&Shape::ServicesJson.generate(25))
            .iter()
            .map(|d| d.to_json())
            .collect();
        let yaml: Vec<_> = read(&Shape::ServicesYaml.generate(25))
            .iter()
            .map(|d| d.to_json())
            .collect();
        assert_eq!(json, yaml);
    }
}
