//! Loading a claim file in one pass, one claim at a time.
//!
//! [`ClaimItems`] locates the claims of the `claims:` list one by one with granit-parser, and
//! each is read into its typed fields straight from its located tree ([`from_node`]), then
//! finished: the file is parsed once, and only the finished claims accumulate (the whole-file
//! reading holds the located tree of every claim and the typed claims at once, about 1.1 KB
//! a claim at the peak).
//!
//! Only the plain case is taken this way: one document, a top-level mapping with a `claims:`
//! list, no anchors, no tags, every value of a shape [`from_node`] reads exactly as
//! serde-saphyr does. Anything else (and any problem at all) makes [`Loader::load_streaming`]
//! give up, and the whole-file reading then loads the file with serde-saphyr and explains
//! what is wrong with it, in the words of its messages.

use serde::de::IgnoredAny;

use super::{Loader, RawClaim};
use crate::model::Claim;
use crate::store::tree::{ClaimItems, from_node};

/// True when `text` may define an anchor (`&name` where YAML allows one). Aliases would make
/// the typed reading replay values; such files take the whole-file reading, which counts what
/// they replay first. A `&` inside text (`AT&T`, `Q & A`) is not one; one inside quotes only
/// costs the slower reading.
pub(super) fn may_have_anchors(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Found by `match_indices`, which searches many bytes at a time.
    text.match_indices('&').any(|(i, _)| {
        (i == 0
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
        let problems_before = self.problems.len();
        let mut items = ClaimItems::new(self.text);
        let claims = self.read_items(&mut items);
        // What follows the list (and what came before it) must read as serde-saphyr would
        // read it too: one document, no second `claims:`, no key twice.
        let rest_reads = || {
            items.finish().is_ok_and(|others| {
                others.get("claims").is_none() && from_node::<IgnoredAny>(&others).is_ok()
            })
        };
        if claims.is_some() && rest_reads() {
            claims
        } else {
            self.problems.truncate(problems_before);
            None
        }
    }

    fn read_items(&mut self, items: &mut ClaimItems) -> Option<Vec<Claim>> {
        let mut claims = Vec::new();
        while let Some(item) = items.next_item().ok()? {
            let raw = from_node::<RawClaim>(&item).ok()?;
            claims.extend(self.claim(raw, &item));
        }
        Some(claims)
    }
}
