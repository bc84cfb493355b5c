//! Typed values read straight from the located tree, so that a claim is parsed once (by
//! granit-parser, which serde-saphyr uses too) and keeps its locations.
//!
//! Only the plain shapes of a claim file are taken, read exactly as serde-saphyr reads them:
//! untagged scalars as text (a plain `~`, `null`, `Null`, `NULL` or nothing as null), sequences,
//! and mappings whose keys are text, each key once. Anything else (a tag, an anchor or alias,
//! a merge key `<<`, a repeated key, null where text is needed, deep nesting) is [`Unfit`],
//! naming the node: the caller then reads the file with serde-saphyr, which explains what is
//! wrong in its own words, or reads it the way YAML's rarer features need.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::{Node, NodeKind};

/// Deeper than this below the node deserialized is not a claim's shape (a claim needs 3).
const MAX_DEPTH: usize = 16;

/// Why a node is not read here, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{col}: {message}")]
pub struct Unfit {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl de::Error for Unfit {
    fn custom<T: fmt::Display>(message: T) -> Self {
        // Located by the node whose visit it comes out of (see `NodeDeserializer::located`).
        Self {
            line: 0,
            col: 0,
            message: message.to_string(),
        }
    }
}

impl From<super::SyntaxError> for Unfit {
    fn from(e: super::SyntaxError) -> Self {
        Self {
            line: e.line,
            col: e.col,
            message: e.message,
        }
    }
}

impl Unfit {
    fn at(node: &Node, message: impl Into<String>) -> Self {
        Self {
            line: node.line,
            col: node.col,
            message: message.into(),
        }
    }
}

/// Reads a `T` from `node` as serde-saphyr would read it from the node's text.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &Node) -> Result<T, Unfit> {
    T::deserialize(NodeDeserializer { node, depth: 0 })
}

#[derive(Clone, Copy)]
struct NodeDeserializer<'n, 'a> {
    node: &'n Node<'a>,
    depth: usize,
}

impl<'n, 'a> NodeDeserializer<'n, 'a> {
    fn child(&self, node: &'n Node<'a>) -> Self {
        Self {
            node,
            depth: self.depth + 1,
        }
    }

    /// The node when it is one of the shapes read here.
    fn plain(&self) -> Result<&'n Node<'a>, Unfit> {
        let node = self.node;
        if node.tagged || node.anchored || matches!(node.kind, NodeKind::Alias) {
            return Err(Unfit::at(
                node,
                "tags, anchors and aliases are read by serde-saphyr",
            ));
        }
        if self.depth > MAX_DEPTH {
            return Err(Unfit::at(node, "nested deeper than a claim"));
        }
        Ok(node)
    }

    /// An error from inside a visit, placed at this node unless a deeper node placed it.
    fn located<T>(&self, result: Result<T, Unfit>) -> Result<T, Unfit> {
        result.map_err(|e| match e.line {
            0 => Unfit::at(self.node, e.message),
            _ => e,
        })
    }
}

impl<'de> de::Deserializer<'de> for NodeDeserializer<'_, '_> {
    type Error = Unfit;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        let node = self.plain()?;
        let result = match &node.kind {
            NodeKind::Scalar(..) if node.is_null() => visitor.visit_unit(),
            NodeKind::Scalar(text, _) => visitor.visit_str(text),
            NodeKind::Sequence(items, _) => visitor.visit_seq(Items {
                parent: self,
                items: items.iter(),
            }),
            NodeKind::Mapping(entries, _) => {
                check_keys(entries)?;
                visitor.visit_map(Entries {
                    parent: self,
                    entries: entries.iter(),
                    value: None,
                })
            }
            NodeKind::Alias => unreachable!("refused by `plain`"),
        };
        self.located(result)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        if self.plain()?.is_null() {
            visitor.visit_none()
        } else {
            let result = visitor.visit_some(self);
            self.located(result)
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        let node = self.plain()?;
        match &node.kind {
            NodeKind::Scalar(..) if node.is_null() => {
                Err(Unfit::at(node, "null where text is needed"))
            }
            NodeKind::Scalar(text, _) => self.located(visitor.visit_str(text)),
            _ => Err(Unfit::at(node, "a list or mapping where text is needed")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        self.deserialize_str(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// Keys must be text, each once; `<<` would merge another mapping in.
fn check_keys(entries: &[(Node, Node)]) -> Result<(), Unfit> {
    for (i, (key, _)) in entries.iter().enumerate() {
        let name = match &key.kind {
            NodeKind::Scalar(name, _) if !key.is_null() && !key.tagged && !key.anchored => name,
            _ => return Err(Unfit::at(key, "a key that is not text")),
        };
        if name == "<<" {
            return Err(Unfit::at(key, "a merge key"));
        }
        if entries[..i].iter().any(|(k, _)| k.as_str() == Some(name)) {
            return Err(Unfit::at(key, format!("`{name}` appears twice")));
        }
    }
    Ok(())
}

struct Items<'n, 'a, I> {
    parent: NodeDeserializer<'n, 'a>,
    items: I,
}

impl<'de, 'n, 'a: 'n, I: Iterator<Item = &'n Node<'a>> + ExactSizeIterator> SeqAccess<'de>
    for Items<'n, 'a, I>
{
    type Error = Unfit;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unfit> {
        match self.items.next() {
            Some(item) => seed.deserialize(self.parent.child(item)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'n, 'a, I> {
    parent: NodeDeserializer<'n, 'a>,
    entries: I,
    value: Option<&'n Node<'a>>,
}

impl<'de, 'n, 'a: 'n, I: Iterator<Item = &'n (Node<'a>, Node<'a>)>> MapAccess<'de>
    for Entries<'n, 'a, I>
{
    type Error = Unfit;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unfit> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(self.parent.child(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Unfit> {
        match self.value.take() {
            Some(value) => seed.deserialize(self.parent.child(value)),
            None => Err(de::Error::custom("a value without its key")),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::store::tree::parse;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Shape {
        text: String,
        maybe: Option<String>,
        list: Option<Vec<String>>,
    }

    /// Reads `yaml` both ways: the node reading must equal serde-saphyr's, or be unfit.
    fn read(yaml: &str) -> Result<Shape, Unfit> {
        let documents = parse(yaml).expect("valid YAML");
        let ours = from_node::<Shape>(&documents[0]);
        if let Ok(shape) = &ours {
            let theirs: Shape = serde_saphyr::from_str(yaml).expect("serde-saphyr reads it too");
            assert_eq!(*shape, theirs, "{yaml}");
        }
        ours
    }

    #[test]
    fn plain_scalars_are_text_and_the_null_forms_are_none() {
        for value in crate::store::tree::TEXT_NOT_NULL {
            let shape = read(&format!("text: {value}\nmaybe: {value}\n")).unwrap();
            assert!(shape.maybe.is_some(), "{value}");
        }
        for null in crate::store::tree::NULL_FORMS {
            let shape = read(&format!("text: x\nmaybe: {null}\nlist: {null}\n")).unwrap();
            assert_eq!((shape.maybe, shape.list), (None, None), "{null}");
        }
        let shape = read("text: |\n  two\n  lines\nlist: [a, 'b c']\n").unwrap();
        assert_eq!(shape.text, "two\nlines\n");
        assert_eq!(shape.list.unwrap(), ["a", "b c"]);
    }

    #[test]
    fn what_serde_saphyr_reads_differently_or_explains_is_unfit_and_located() {
        let unfit = |yaml: &str| read(yaml).expect_err(yaml);
        let e = unfit("text: x\nmaybe: y\nmaybe: z\n");
        assert_eq!((e.line, e.col), (3, 1));
        assert_eq!(unfit("text: ~\n").line, 1);
        assert_eq!(unfit("text: [a]\n").line, 1);
        assert_eq!(unfit("text: x\n<<: {maybe: y}\n").line, 2);
        assert_eq!(unfit("text: !!str 5\n").line, 1);
        assert_eq!(unfit("text: &a x\nmaybe: *a\n").line, 1);
        assert_eq!(unfit("text: x\n~: y\n").line, 2);
        let e = unfit("text: x\nlist: [a, [b]]\n");
        assert_eq!((e.line, e.col), (2, 11));
        // A missing field is placed at its mapping.
        assert_eq!((unfit("maybe: x\n").line, unfit("maybe: x\n").col), (1, 1));
        let deep = format!("text: x\nother: {}{}\n", "[".repeat(20), "]".repeat(20));
        assert_eq!(unfit(&deep).line, 2);
    }
}
