//! The spanned value tree every document is read into.

use std::{
    collections::HashMap,
    sync::{Arc, OnceLock},
};

use crate::{FieldPath, Position, Segment};

/// A YAML/JSON value with the position where it starts.
///
/// Every document's tree stays alive for the whole run (findings look positions up in it), so the layout is
/// kept small: 32 bytes a node, strings shared, collections boxed slices without spare capacity.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// 1-based line of the first character of the value (for a mapping or sequence: of its first entry
    /// or opening bracket).
    pub line: u32,
    /// 1-based column of the same character.
    pub column: u32,
    /// The value.
    pub kind: NodeKind,
}

/// The value of a [`Node`]. Scalars are resolved with the YAML 1.2 core schema (plus the YAML 1.1 booleans
/// Kubernetes tooling still accepts is *not* done: `yes`/`on` stay strings, as in `kubectl`).
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `null`, `~` or empty.
    Null,
    /// `true`/`false`.
    Bool(bool),
    /// An integer or float, kept as JSON would.
    Number(serde_json::Number),
    /// Any other scalar, and every quoted scalar. Shared: the reader gives equal short strings (keys such as
    /// `name`, values such as `Prefix`) one allocation per file part.
    String(Arc<str>),
    /// A sequence.
    Seq(Box<[Node]>),
    /// A mapping in source order; keys are the key nodes (their position is the key's position).
    Map(Box<[(Node, Node)]>),
}

// A node is read for every value of every input document and all of them are kept: guard the size.
const _: () = assert!(std::mem::size_of::<Node>() <= 32);

impl Node {
    /// The child at `seg`: a mapping entry whose key is the string in a `Field`/`Key` segment, or a sequence item.
    pub fn child(&self, seg: &Segment) -> Option<&Node> {
        match (seg, &self.kind) {
            (Segment::Field(k) | Segment::Key(k), NodeKind::Map(entries)) => entries
                .iter()
                .find(|(key, _)| matches!(&key.kind, NodeKind::String(s) if **s == **k))
                .map(|(_, v)| v),
            (Segment::Index(i), NodeKind::Seq(items)) => items.get(*i),
            _ => None,
        }
    }

    /// The value as plain JSON (positions dropped), for typed decoding with serde.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(b) => Value::Bool(*b),
            NodeKind::Number(n) => Value::Number(n.clone()),
            NodeKind::String(s) => Value::String(s.to_string()),
            NodeKind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let key = match &k.kind {
                            NodeKind::String(s) => s.to_string(),
                            other => Node {
                                line: 0,
                                column: 0,
                                kind: other.clone(),
                            }
                            .to_json()
                            .to_string(),
                        };
                        (key, v.to_json())
                    })
                    .collect(),
            ),
        }
    }
}

/// One Kubernetes object as read from the input.
#[derive(Debug)]
pub struct Document {
    /// The file it came from, as named by the user (`<stdin>` for `-`).
    pub file: Arc<str>,
    /// The object's root node (for an item of a `kind: List`, the item itself).
    pub root: Node,
    /// Hash indexes of the document's large mappings, built on the first position lookup: a finding per
    /// annotation of an object with 40k annotations would otherwise scan 40k keys each (quadratic).
    large_maps: OnceLock<LargeMaps>,
}

impl Clone for Document {
    /// A clone has new node addresses, so its index is built anew (the original's would point at nothing).
    fn clone(&self) -> Self {
        Document::new(self.file.clone(), self.root.clone())
    }
}

/// Mappings with more entries than this are looked up through a hash index; below it a scan is faster.
const INDEXED_MAP_MIN: usize = 32;

/// Per large mapping (keyed by the address of its entries), the index of each string key's entry.
type LargeMaps = HashMap<usize, HashMap<Arc<str>, usize>>;

impl Document {
    /// A document read from `file`.
    #[must_use]
    pub fn new(file: Arc<str>, root: Node) -> Self {
        Document {
            file,
            root,
            large_maps: OnceLock::new(),
        }
    }

    /// The entry of mapping `node` whose key is `key`, through the index when the mapping is large.
    fn entry<'a>(&'a self, node: &'a Node, key: &str) -> Option<&'a (Node, Node)> {
        let NodeKind::Map(entries) = &node.kind else {
            return None;
        };
        if entries.len() <= INDEXED_MAP_MIN {
            return entries
                .iter()
                .find(|(k, _)| matches!(&k.kind, NodeKind::String(s) if **s == *key));
        }
        let maps = self.large_maps.get_or_init(|| {
            let mut maps = LargeMaps::new();
            index_large_maps(&self.root, &mut maps);
            maps
        });
        let index = maps.get(&(entries.as_ptr() as usize))?;
        index.get(key).map(|i| &entries[*i])
    }

    /// The child of `node` at `seg`, like [`Node::child`] but indexed for large mappings.
    fn child_of<'a>(&'a self, node: &'a Node, seg: &Segment) -> Option<&'a Node> {
        match seg {
            Segment::Field(k) | Segment::Key(k) => self.entry(node, k).map(|(_, v)| v),
            Segment::Index(_) => node.child(seg),
        }
    }

    /// The position of the value at `path`, or of its nearest ancestor that exists (the object itself at worst),
    /// so every finding can point somewhere useful even for a field that is absent.
    pub fn position_of(&self, path: &FieldPath) -> Position {
        let mut node = &self.root;
        for seg in &path.0 {
            match self.child_of(node, seg) {
                Some(next) => node = next,
                None => break,
            }
        }
        self.position(node)
    }

    /// The position of the *key* of the mapping entry at `path` when it exists (better for "this field is
    /// not allowed" messages), else the same as [`Document::position_of`].
    pub fn key_position_of(&self, path: &FieldPath) -> Position {
        let Some((last, parent)) = path.0.split_last() else {
            return self.position(&self.root);
        };
        let mut node = &self.root;
        for seg in parent {
            match self.child_of(node, seg) {
                Some(next) => node = next,
                None => return self.position_of(path),
            }
        }
        if let Segment::Field(k) | Segment::Key(k) = last
            && let Some((key, _)) = self.entry(node, k)
        {
            return self.position(key);
        }
        self.position_of(path)
    }

    fn position(&self, node: &Node) -> Position {
        Position {
            file: self.file.clone(),
            line: node.line,
            column: node.column,
        }
    }

    /// The object as plain JSON.
    pub fn to_json(&self) -> serde_json::Value {
        self.root.to_json()
    }

    /// `apiVersion` and `kind` when both are strings.
    pub fn type_meta(&self) -> (Option<&str>, Option<&str>) {
        let get = |k: &str| match self.root.child(&Segment::Field(k.into())).map(|n| &n.kind) {
            Some(NodeKind::String(s)) => Some(&**s),
            _ => None,
        };
        (get("apiVersion"), get("kind"))
    }
}

/// Indexes every mapping of more than [`INDEXED_MAP_MIN`] entries under `node` (first occurrence of a key wins,
/// as in [`Node::child`]).
fn index_large_maps(node: &Node, maps: &mut LargeMaps) {
    match &node.kind {
        NodeKind::Map(entries) => {
            if entries.len() > INDEXED_MAP_MIN {
                let mut index = HashMap::with_capacity(entries.len());
                for (i, (k, _)) in entries.iter().enumerate() {
                    if let NodeKind::String(s) = &k.kind {
                        index.entry(s.clone()).or_insert(i);
                    }
                }
                maps.insert(entries.as_ptr() as usize, index);
            }
            for (_, v) in entries.iter() {
                index_large_maps(v, maps);
            }
        }
        NodeKind::Seq(items) => items.iter().for_each(|item| index_large_maps(item, maps)),
        _ => {}
    }
}
