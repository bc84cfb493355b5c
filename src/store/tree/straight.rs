//! Typed values read straight from granit-parser's events, with no located tree in between:
//! the quickest reading of a plain claim, about a third of what reading it through its tree
//! costs on top of the parser.
//!
//! The shapes taken are those [`from_node`](super::from_node) takes, read the same way
//! (untagged scalars as text, the plain null forms as null, sequences, mappings whose keys are
//! text, each key once), and one more refusal: a key the type does not know. Anything else is
//! [`Unfit`], and the caller reads the file again through the located tree, which explains
//! what is wrong and where.

use std::borrow::Cow;

use granit_parser::Event;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use super::{ClaimItems, Events, Place, Unfit, is_null_scalar};

/// An item of the `claims:` list, read as a `T`.
pub struct Item<T> {
    pub value: T,
    /// 1-based line and column of the value of the item's own `id` key, when it has one.
    pub id_at: Option<(usize, usize)>,
}

impl<'a> ClaimItems<'a> {
    /// The next item of the list read straight from the events, `None` after the last; unfit
    /// when the item is not of a shape read here (or the file is not in the plain shape, see
    /// [`ClaimItems::next_item`]). The events it read are gone then: the caller starts again
    /// with the located reading.
    pub fn read_item<T: DeserializeOwned>(&mut self) -> Result<Option<Item<T>>, Unfit> {
        self.enter_list()?;
        let (event, place) = self.events.next()?;
        if let Event::SequenceEnd = event {
            return Ok(None);
        }
        let mut reader = Reader {
            events: &mut self.events,
            keys: &mut self.keys,
            depth: 0,
            id_wanted: false,
            id_at: None,
        };
        let value = T::deserialize(Value {
            reader: &mut reader,
            event,
            place,
        })?;
        Ok(Some(Item {
            value,
            id_at: reader.id_at,
        }))
    }
}

struct Reader<'r, 'a> {
    events: &'r mut Events<'a>,
    /// The keys of the mappings being read, outermost first: a key is looked for among its
    /// own mapping's (kept across items, so reading a claim allocates no list of keys).
    keys: &'r mut Vec<Cow<'a, str>>,
    /// How many mappings and sequences the value being read is inside, the item's own
    /// counted.
    depth: usize,
    /// True between the item's own `id` key and its value.
    id_wanted: bool,
    id_at: Option<(usize, usize)>,
}

/// The value that starts with `event`.
struct Value<'v, 'r, 'a> {
    reader: &'v mut Reader<'r, 'a>,
    event: Event<'a>,
    place: Place,
}

fn unfit(place: &Place, message: &str) -> Unfit {
    Unfit {
        line: place.line,
        col: place.col,
        message: message.to_string(),
    }
}

/// Text is copied into the value at its length. Text the parser had to build (escapes, folded
/// lines) is copied too rather than moved: it was built char by char, with room to spare that
/// the corpus would keep.
fn visit_text<'de, V: Visitor<'de>>(text: Cow<'_, str>, visitor: V) -> Result<V::Value, Unfit> {
    visitor.visit_str(&text)
}

/// An error from inside a visit, placed at the value visited unless a deeper one placed it.
fn placed<T>(place: &Place, result: Result<T, Unfit>) -> Result<T, Unfit> {
    result.map_err(|e| match e.line {
        0 => unfit(place, &e.message),
        _ => e,
    })
}

impl Value<'_, '_, '_> {
    fn is_null(&self) -> bool {
        matches!(&self.event, Event::Scalar(text, style, 0, None) if is_null_scalar(text, *style))
    }
}

impl<'de> de::Deserializer<'de> for Value<'_, '_, '_> {
    type Error = Unfit;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        let place = self.place;
        let reader = self.reader;
        let result = match self.event {
            Event::Scalar(text, style, 0, None) if is_null_scalar(&text, style) => {
                visitor.visit_unit()
            }
            Event::Scalar(text, _, 0, None) => visit_text(text, visitor),
            Event::SequenceStart(_, 0, None) => {
                reader.depth += 1;
                let mut items = Items {
                    reader: &mut *reader,
                    ended: false,
                };
                let value = visitor.visit_seq(&mut items);
                let ended = items.ended;
                reader.depth -= 1;
                // A visitor that stops early would leave the rest of the list unread.
                value.and_then(|v| {
                    ended
                        .then_some(v)
                        .ok_or_else(|| unfit(&place, "items left"))
                })
            }
            Event::MappingStart(_, 0, None) => {
                reader.depth += 1;
                let own_keys = reader.keys.len();
                let mut entries = Entries {
                    reader: &mut *reader,
                    own_keys,
                    ended: false,
                };
                let value = visitor.visit_map(&mut entries);
                let ended = entries.ended;
                reader.keys.truncate(own_keys);
                reader.depth -= 1;
                value.and_then(|v| ended.then_some(v).ok_or_else(|| unfit(&place, "keys left")))
            }
            _ => Err(unfit(
                &place,
                "tags, anchors and aliases are read by serde-saphyr",
            )),
        };
        placed(&place, result)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        if self.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        if self.is_null() {
            return Err(unfit(&self.place, "null where text is needed"));
        }
        let place = self.place;
        match self.event {
            Event::Scalar(text, _, 0, None) => placed(&place, visit_text(text, visitor)),
            _ => Err(unfit(&place, "not plain text")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unfit> {
        self.deserialize_str(visitor)
    }

    /// Only a key the type does not know is ignored: the located reading warns about it.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Unfit> {
        Err(unfit(&self.place, "a key the claim does not know"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
    }
}

struct Items<'v, 'r, 'a> {
    reader: &'v mut Reader<'r, 'a>,
    ended: bool,
}

impl<'de> SeqAccess<'de> for &mut Items<'_, '_, '_> {
    type Error = Unfit;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unfit> {
        let (event, place) = self.reader.events.next()?;
        if let Event::SequenceEnd = event {
            self.ended = true;
            return Ok(None);
        }
        seed.deserialize(Value {
            reader: &mut *self.reader,
            event,
            place,
        })
        .map(Some)
    }
}

struct Entries<'v, 'r, 'a> {
    reader: &'v mut Reader<'r, 'a>,
    /// Where this mapping's keys start in the reader's list.
    own_keys: usize,
    ended: bool,
}

impl<'de> MapAccess<'de> for &mut Entries<'_, '_, '_> {
    type Error = Unfit;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unfit> {
        let (event, place) = self.reader.events.next()?;
        let name = match event {
            Event::MappingEnd => {
                self.ended = true;
                return Ok(None);
            }
            Event::Scalar(name, style, 0, None) if !is_null_scalar(&name, style) => name,
            _ => return Err(unfit(&place, "a key that is not text")),
        };
        if name == "<<" {
            return Err(unfit(&place, "a merge key"));
        }
        let keys = &mut *self.reader.keys;
        if keys[self.own_keys..].contains(&name) {
            return Err(unfit(&place, "a key twice"));
        }
        self.reader.id_wanted = self.reader.depth == 1 && name == "id";
        let key = seed.deserialize(IntoDeserializer::<Unfit>::into_deserializer(&*name));
        keys.push(name);
        key.map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Unfit> {
        let (event, place) = self.reader.events.next()?;
        if std::mem::take(&mut self.reader.id_wanted) {
            self.reader.id_at = Some((place.line, place.col));
        }
        seed.deserialize(Value {
            reader: &mut *self.reader,
            event,
            place,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Shape {
        id: Option<String>,
        text: String,
        maybe: Option<String>,
        list: Option<Vec<String>>,
        inner: Option<Inner>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Inner {
        id: String,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Document {
        claims: Vec<Shape>,
    }

    /// Reads the items of `yaml`'s list both ways: straight from the events they must equal
    /// serde-saphyr's reading, or be unfit.
    fn read(yaml: &str) -> Result<Vec<Item<Shape>>, Unfit> {
        let mut items = ClaimItems::new(yaml);
        let mut read = Vec::new();
        while let Some(item) = items.read_item::<Shape>()? {
            read.push(item);
        }
        let theirs: Document = serde_saphyr::from_str(yaml).expect("serde-saphyr reads it too");
        let ours: Vec<&Shape> = read.iter().map(|item| &item.value).collect();
        assert_eq!(ours, theirs.claims.iter().collect::<Vec<_>>(), "{yaml}");
        Ok(read)
    }

    #[test]
    fn plain_scalars_are_text_and_the_null_forms_are_none() {
        for value in crate::store::tree::TEXT_NOT_NULL {
            let items = read(&format!("claims:\n- text: {value}\n  maybe: {value}\n")).unwrap();
            assert!(items[0].value.maybe.is_some(), "{value}");
        }
        for null in crate::store::tree::NULL_FORMS {
            let yaml = format!("claims:\n- text: x\n  maybe: {null}\n  list: {null}\n");
            let items = read(&yaml).unwrap();
            assert_eq!(
                (&items[0].value.maybe, &items[0].value.list),
                (&None, &None)
            );
        }
        let items = read("claims:\n- text: |\n    two\n    lines\n  list: [a, 'b c']\n").unwrap();
        assert_eq!(items[0].value.text, "two\nlines\n");
        assert_eq!(items[0].value.list.as_deref().unwrap(), ["a", "b c"]);
    }

    /// The parser builds a quoted or folded scalar by pushing chars, leaving room to spare;
    /// kept as it is, that room made a 100,000-claim corpus peak 25 MB higher.
    #[test]
    fn text_the_parser_built_takes_no_more_memory_than_its_length() {
        let yaml = "claims:\n- text: \"a \\\"quoted\\\" text the parser builds, char by char\"\n  \
                    maybe: >\n    folded over\n    two lines and more\n";
        let items = read(yaml).unwrap();
        let shape = &items[0].value;
        assert_eq!(shape.text.capacity(), shape.text.len());
        let maybe = shape.maybe.as_ref().unwrap();
        assert_eq!(maybe.capacity(), maybe.len());
    }

    #[test]
    fn the_items_own_id_is_located_and_nothing_else_is_taken_for_it() {
        let yaml = "claims:\n- text: x\n  inner: {id: deep}\n  id:   top\n- {text: y}\n";
        let items = read(yaml).unwrap();
        assert_eq!(items[0].id_at, Some((4, 9)));
        assert_eq!(items[1].id_at, None);
    }

    #[test]
    fn what_is_read_otherwise_or_explained_elsewhere_is_unfit() {
        let unfit = |yaml: &str| {
            let mut items = ClaimItems::new(yaml);
            loop {
                match items.read_item::<Shape>() {
                    Ok(Some(_)) => {}
                    Ok(None) => panic!("read straight: {yaml}"),
                    Err(e) => return e,
                }
            }
        };
        let e = unfit("claims:\n- text: x\n  maybe: y\n  maybe: z\n");
        assert_eq!((e.line, e.col), (4, 3));
        for yaml in [
            "claims:\n- text: ~\n",
            "claims:\n- text: [a]\n",
            "claims:\n- text: x\n  <<: {maybe: y}\n",
            "claims:\n- text: !!str 5\n",
            "claims:\n- &a {text: x}\n",
            "claims:\n- text: x\n  ~: y\n",
            "claims:\n- text: x\n  list: [a, [b]]\n",
            "claims:\n- text: x\n  unknown: y\n",
            "claims:\n- text: x\n  inner: {id: a, other: b}\n",
            "claims:\n- maybe: x\n",
            "claims:\n- [x, y, z, w, v, u]\n",
            "claims:\n- text: x\n  maybe: [unclosed\n",
        ] {
            let e = unfit(yaml);
            assert!(e.line >= 2, "{yaml}: {e}");
        }
    }
}
