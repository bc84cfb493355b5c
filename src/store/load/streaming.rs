//! Loading a claim file in one pass, one claim at a time.
//!
//! [`ClaimItems`] reads the claims of the `claims:` list one by one with granit-parser, and
//! only the finished claims accumulate (the whole-file reading holds the located tree of every
//! claim and the typed claims at once, about 1.1 KB a claim at the peak). Two readings take a
//! claim this way:
//! - straight from the parser's events into its typed fields ([`ClaimItems::read_item`]),
//!   for a file with nothing to report: the quickest, but it knows only where each id is;
//! - through the claim's located tree ([`from_node`]), which places every problem it finds.
//!
//! The straight reading gives up at anything to report, and the located one reads the file
//! again. Both take only the plain case: one document, a top-level mapping with a `claims:`
//! list, no anchors, no tags, every value of a shape they read exactly as serde-saphyr does.
//! At anything else the whole-file reading loads the file with serde-saphyr and explains what
//! is wrong with it, in the words of its messages.

use serde::de::IgnoredAny;

use super::{Loader, RawClaim, Whereabouts};
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
    ///
    /// The claims are read straight from the parser's events first; a file with anything to
    /// report, or a shape only the located tree reads, is read again through its tree.
    pub(super) fn load_streaming(&mut self) -> Option<Vec<Claim>> {
        self.load_plain(Self::read_straight)
            .or_else(|| self.load_plain(Self::read_located))
    }

    pub(super) fn load_plain(
        &mut self,
        read_items: fn(&mut Self, &mut ClaimItems) -> Option<Vec<Claim>>,
    ) -> Option<Vec<Claim>> {
        let problems_before = self.problems.len();
        let mut items = ClaimItems::new(self.text);
        let claims = read_items(self, &mut items);
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

    /// Each claim read into its typed fields straight from the parser's events. Only a file
    /// with nothing to report is taken: a claim read this way knows where its id is, not
    /// where a problem in it is.
    pub(super) fn read_straight(&mut self, items: &mut ClaimItems) -> Option<Vec<Claim>> {
        let problems_before = self.problems.len();
        let mut claims = Vec::new();
        while let Some(item) = items.read_item::<RawClaim>().ok()? {
            let (line, col) = item.id_at?;
            claims.extend(self.claim(item.value, IdOnly { line, col }));
            if self.problems.len() > problems_before {
                return None;
            }
        }
        Some(claims)
    }

    /// Each claim read through its located tree, problems and all.
    pub(super) fn read_located(&mut self, items: &mut ClaimItems) -> Option<Vec<Claim>> {
        let mut claims = Vec::new();
        while let Some(item) = items.next_item().ok()? {
            let raw = from_node::<RawClaim>(&item).ok()?;
            claims.extend(self.claim(raw, &item));
        }
        Some(claims)
    }
}

/// Where a claim read straight from events is: its id's line and column stand for all of it.
/// Its keys need no check, because that reading refuses a key the claim does not know.
#[derive(Clone, Copy)]
struct IdOnly {
    line: usize,
    col: usize,
}

impl Whereabouts for IdOnly {
    fn line_col(self) -> (usize, usize) {
        (self.line, self.col)
    }

    fn get(self, _key: &str) -> Option<Self> {
        Some(self)
    }

    fn items(self) -> impl Iterator<Item = Self> {
        std::iter::repeat(self)
    }

    fn each_key(self, _each: impl FnMut(&str, Self)) {}
}
