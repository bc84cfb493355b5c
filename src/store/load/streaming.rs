//! Loading a claim file one claim at a time.
//!
//! The whole-file reading holds the located tree of every claim, the typed claims and the
//! finished ones at once: about 1.1 KB a claim at the peak, 1.3 GB for a file of a million
//! small claims. Here serde-saphyr reads the typed claims while [`ClaimItems`] locates the
//! same claims in step, and each claim is finished as soon as both have it, so only the
//! finished claims accumulate.
//!
//! Only the plain case is taken this way: one document, a top-level `claims:` list, no
//! anchors. Anything else (and any problem at all) makes [`Loader::load_streaming`] give up,
//! and the whole-file reading then loads the file and explains what is wrong with it.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{Loader, RawClaim, saphyr_options};
use crate::model::Claim;
use crate::store::tree::ClaimItems;

/// True when `text` may define an anchor (`&name` where YAML allows one). Aliases would make
/// serde-saphyr replay values before [`ClaimItems`] had counted what they replay; such files
/// take the whole-file reading, which counts first. A `&` inside text (`AT&T`, `Q & A`) is
/// not one; one inside quotes only costs the slower reading.
pub(super) fn may_have_anchors(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'&'
            && (i == 0
                || matches!(
                    bytes[i - 1],
                    b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b','
                ))
            && bytes
                .get(i + 1)
                .is_some_and(|next| !next.is_ascii_whitespace())
    })
}

impl Loader<'_> {
    /// The file's claims, each finished as soon as it is read (with the same problems the
    /// whole-file reading would find in them); `None` when the file is not in the plain
    /// shape this reading takes, or does not read: then nothing it found is kept.
    pub(super) fn load_streaming(&mut self) -> Option<Vec<Claim>> {
        let text = self.text;
        let problems_before = self.problems.len();
        let mut items = ClaimItems::new(text);
        let mut claims = Vec::new();
        let mut found_list = false;
        let read = serde_saphyr::with_deserializer_from_str_with_options(
            text,
            saphyr_options(text.len()),
            |deserializer| {
                DocumentSeed {
                    loader: self,
                    items: &mut items,
                    claims: &mut claims,
                    found_list: &mut found_list,
                }
                .deserialize(deserializer)
            },
        );
        let clean = read.is_ok() && found_list && matches!(items.next_item(), Ok(None));
        if clean {
            Some(claims)
        } else {
            self.problems.truncate(problems_before);
            None
        }
    }
}

/// The document: its `claims:` list read claim by claim, every other key skipped.
struct DocumentSeed<'l, 'a> {
    loader: &'l mut Loader<'a>,
    items: &'l mut ClaimItems<'a>,
    claims: &'l mut Vec<Claim>,
    found_list: &'l mut bool,
}

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping with a `claims:` list")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "claims" && !*self.found_list {
                *self.found_list = true;
                map.next_value_seed(ClaimList {
                    loader: &mut *self.loader,
                    items: &mut *self.items,
                    claims: &mut *self.claims,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// The `claims:` list: each typed claim finished with its located item.
struct ClaimList<'l, 'a> {
    loader: &'l mut Loader<'a>,
    items: &'l mut ClaimItems<'a>,
    claims: &'l mut Vec<Claim>,
}

impl<'de> DeserializeSeed<'de> for ClaimList<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ClaimList<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of claims")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if let Some(len) = seq.size_hint() {
            self.claims.reserve(len);
        }
        while let Some(raw) = seq.next_element::<RawClaim>()? {
            let Ok(Some(item)) = self.items.next_item() else {
                return Err(de::Error::custom("the located claims ran out"));
            };
            self.claims.extend(self.loader.claim(raw, &item));
        }
        Ok(())
    }
}
