//! Typed decoding straight from the [`Node`] tree: `T::deserialize(&node)`.
//!
//! Decoding used to go through `Node::to_json` and then deserialize the `serde_json::Value`, which built and
//! dropped a second copy of every document. Reading the tree directly gives the same values and the same error
//! messages (the error type is `serde_json::Error`, and invalid types are reported by the visitors exactly as
//! for a `Value`), at a fraction of the allocations.

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};

use crate::{Node, NodeKind};

type Error = serde_json::Error;

impl<'de> Deserializer<'de> for &'de Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.kind {
            NodeKind::Null => visitor.visit_unit(),
            NodeKind::Bool(b) => visitor.visit_bool(*b),
            NodeKind::Number(n) => n.deserialize_any(visitor),
            NodeKind::String(s) => visitor.visit_borrowed_str(s),
            NodeKind::Seq(items) => {
                let mut seq = Seq { items: items.iter() };
                let value = visitor.visit_seq(&mut seq)?;
                match seq.items.len() {
                    0 => Ok(value),
                    _ => Err(de::Error::invalid_length(
                        items.len(),
                        &"fewer elements in sequence",
                    )),
                }
            }
            NodeKind::Map(entries) => visitor.visit_map(Map {
                entries: entries.iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind {
            NodeKind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    // A field present but null (`annotations:` with nothing after it) is absent, as the API server reads it:
    // an empty mapping or list. Here, and only here, decoding the tree differs from decoding its JSON.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind {
            NodeKind::Null => visitor.visit_map(Map {
                entries: [].iter(),
                value: None,
            }),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind {
            NodeKind::Null => visitor.visit_seq(&mut Seq { items: [].iter() }),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // As serde_json's `Value`: a unit variant is a string, any other a mapping with exactly one entry.
        match &self.kind {
            NodeKind::String(s) => visitor.visit_enum((**s).into_deserializer()),
            NodeKind::Map(entries) if entries.len() == 1 => {
                let (key, value) = &entries[0];
                visitor.visit_enum(Enum { key, value })
            }
            NodeKind::Map(_) => Err(de::Error::invalid_value(
                Unexpected::Map,
                &"map with a single key",
            )),
            _ => Err(de::Error::invalid_type(unexpected(self), &"string or map")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit unit_struct
        tuple tuple_struct identifier
    }
}

fn unexpected(node: &Node) -> Unexpected<'_> {
    match &node.kind {
        NodeKind::Null => Unexpected::Unit,
        NodeKind::Bool(b) => Unexpected::Bool(*b),
        NodeKind::Number(_) => Unexpected::Other("number"),
        NodeKind::String(s) => Unexpected::Str(s),
        NodeKind::Seq(_) => Unexpected::Seq,
        NodeKind::Map(_) => Unexpected::Map,
    }
}

struct Seq<'de> {
    items: std::slice::Iter<'de, Node>,
}

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.items.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'de> {
    entries: std::slice::Iter<'de, (Node, Node)>,
    value: Option<&'de Node>,
}

impl<'de> MapAccess<'de> for Map<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(Key(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(de::Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A mapping key, always seen as a string: JSON keys are strings, and `Node::to_json` spells a non-string key
/// (`1: x`) as its JSON text, so typed decoding sees what it saw through `to_json`.
struct Key<'de>(&'de Node);

impl<'de> Deserializer<'de> for Key<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.kind {
            NodeKind::String(s) => visitor.visit_borrowed_str(s),
            _ => visitor.visit_string(self.0.to_json().to_string()),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

struct Enum<'de> {
    key: &'de Node,
    value: &'de Node,
}

impl<'de> EnumAccess<'de> for Enum<'de> {
    type Error = Error;
    type Variant = &'de Node;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, &'de Node), Error> {
        Ok((seed.deserialize(Key(self.key))?, self.value))
    }
}

impl<'de> VariantAccess<'de> for &'de Node {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.kind {
            NodeKind::Null => Ok(()),
            _ => Err(de::Error::invalid_type(unexpected(self), &"unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde_json::Value;

    use crate::read_str;

    /// Whatever a type is, decoding the tree gives what decoding its JSON gives: value or error message.
    fn same<T: for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(yaml: &str) {
        let docs = read_str("t.yaml", yaml, &Default::default()).unwrap();
        let root = &docs[0].root;
        let direct = T::deserialize(root).map_err(|e| e.to_string());
        let via_json = T::deserialize(root.to_json()).map_err(|e| e.to_string());
        assert_eq!(direct, via_json, "{yaml}");
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Typed {
        api_version: String,
        kind: String,
        #[serde(default)]
        port: Option<i32>,
        #[serde(default)]
        list: Vec<u16>,
        #[serde(default)]
        mode: Option<Mode>,
        #[serde(default)]
        either: Option<IntOrString>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    enum Mode {
        Fast,
        Slow(u8),
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum IntOrString {
        Int(i32),
        String(String),
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Flat {
        kind: String,
        #[serde(flatten)]
        extra: BTreeMap<String, Value>,
    }

    #[test]
    fn same_as_through_json() {
        let head = "apiVersion: v1\nkind: K\n";
        for tail in [
            "",
            "port: 80\n",
            "port: \"80\"\n",
            "port: 99999999999\n",
            "port: 1.5\n",
            "port: null\n",
            "list: [1, 2, 3]\n",
            "list: [1, -2]\n",
            "list: {a: 1}\n",
            "mode: Fast\n",
            "mode: {Slow: 3}\n",
            "mode: Medium\n",
            "mode: {Fast: 1, Slow: 2}\n",
            "either: 8080\n",
            "either: http\n",
            "either: true\n",
            "typo: 1\n",
        ] {
            same::<Typed>(&format!("{head}{tail}"));
        }
        same::<Flat>("apiVersion: v1\nkind: K\nx: {a: [1, 2.5, true, null, s]}\n1: one\n");
        same::<Value>("apiVersion: v1\nkind: K\nx: {a: [1, -2, 2.5, true, null, s]}\ntrue: yes\n");
        same::<BTreeMap<String, String>>("apiVersion: v1\nkind: K\n");
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Meta {
        #[serde(default)]
        annotations: BTreeMap<String, String>,
        #[serde(default)]
        tls: Vec<String>,
        #[serde(default)]
        inner: Option<Inner>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Inner {
        #[serde(default)]
        hosts: Vec<String>,
    }

    /// `annotations:`, `tls:` with nothing after them are absent, as the API server reads them; a null where
    /// a string is expected stays an error, and a null struct is an empty one.
    #[test]
    fn null_containers_are_absent() {
        let decode = |yaml: &str| {
            let yaml = format!("apiVersion: v1\nkind: K\n{yaml}");
            let docs = read_str("t.yaml", &yaml, &Default::default()).unwrap();
            Meta::deserialize(&docs[0].root).map_err(|e| e.to_string())
        };
        let empty = Meta {
            annotations: BTreeMap::new(),
            tls: Vec::new(),
            inner: None,
        };
        assert_eq!(decode("annotations:\ntls:\n"), Ok(empty));
        assert_eq!(
            decode("inner: {hosts: ~}\n").unwrap().inner,
            Some(Inner { hosts: Vec::new() })
        );
        assert!(decode("annotations: {a: null}\n").is_err());
        assert!(decode("tls: 3\n").is_err());
    }
}
