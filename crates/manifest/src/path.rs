//! Kubernetes-style field paths: `spec.rules[0].http.paths[1].path`, `metadata.annotations[kubernetes.io/ingress.class]`.

use std::fmt;

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    /// A field of a structured object, printed as `.name`.
    Field(String),
    /// A key of a free-form map (annotations, labels, data), printed as `[key]`.
    Key(String),
    /// A list index, printed as `[3]`.
    Index(usize),
}

/// A path to a field inside one object, printed the way the Kubernetes API server prints it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    /// The empty path: the object itself.
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    /// This path followed by the field `name`.
    pub fn field(&self, name: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Field(name.to_string()));
        p
    }

    /// This path followed by the free-form map key `key`.
    pub fn key(&self, key: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Key(key.to_string()));
        p
    }

    /// This path followed by the list index `i`.
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Segment::Index(i));
        p
    }

    /// Parses `spec.rules[0].host` or `metadata.annotations[a.b/c]`. Bracketed text that is all digits is an
    /// index, anything else a map key.
    pub fn parse(s: &str) -> Self {
        let mut segs = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']').unwrap_or(r.len());
                let inner = &r[..end];
                segs.push(match inner.parse::<usize>() {
                    Ok(i) => Segment::Index(i),
                    Err(_) => Segment::Key(inner.to_string()),
                });
                rest = r.get(end + 1..).unwrap_or("");
            } else {
                let r = rest.strip_prefix('.').unwrap_or(rest);
                let end = r.find(['.', '[']).unwrap_or(r.len());
                segs.push(Segment::Field(r[..end].to_string()));
                rest = &r[end..];
            }
        }
        FieldPath(segs)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Segment::Field(name) if i == 0 => write!(f, "{name}")?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Key(key) => write!(f, "[{key}]")?,
                Segment::Index(idx) => write!(f, "[{idx}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse_round_trip() {
        for s in [
            "spec.rules[0].http.paths[12].backend.service.port.number",
            "metadata.annotations[nginx.ingress.kubernetes.io/rewrite-target]",
            "spec",
        ] {
            assert_eq!(FieldPath::parse(s).to_string(), s);
        }
        let p = FieldPath::root().field("metadata").key("a.b/c");
        assert_eq!(p.0[1], Segment::Key("a.b/c".into()));
    }
}
