//! Setting one of a claim's own scalar keys (`assignee:`, `status:`): the key's value is
//! replaced where it is, or the key is added before the claim's verdict (which stays last),
//! or taken out. As with verdicts, every other byte stays as it was, and the edited file is
//! read again to prove that only that key changed.

use std::path::Path;

use super::append::{check_reads_back, split_bom};
use super::tree::Node;
use super::write::{Written, find_claim, parse, rewrite_locked};
use super::yaml_text::inline;
use super::{EditError, WriteError, line_start, next_line_start};
use crate::model::Claim;

/// The claim keys this may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimField {
    Assignee,
    Status,
}

impl ClaimField {
    pub fn key(self) -> &'static str {
        match self {
            ClaimField::Assignee => "assignee",
            ClaimField::Status => "status",
        }
    }

    /// Sets this field of `claim` in memory, as the file will say.
    pub fn set(self, claim: &mut Claim, value: Option<&str>) {
        let workflow = claim.workflow.get_or_insert_with(Default::default);
        let slot = match self {
            ClaimField::Assignee => &mut workflow.assignee,
            ClaimField::Status => &mut workflow.status,
        };
        *slot = value.map(Into::into);
        if workflow.assignee.is_none() && workflow.status.is_none() {
            claim.workflow = None;
        }
    }
}

/// Sets `field` of claim `id` in the file at `path` to `value` (`None` takes the key out),
/// safely (see [`rewrite_locked`]).
pub fn set_claim_field(
    path: &Path,
    id: &str,
    field: ClaimField,
    value: Option<&str>,
) -> Result<Option<Written>, WriteError> {
    rewrite_locked(path, |text| edit_claim_field(text, id, field, value))
}

/// The text of a claim file after `field` of claim `id` is set to `value`: pure, no I/O.
pub fn edit_claim_field(
    text: &str,
    id: &str,
    field: ClaimField,
    value: Option<&str>,
) -> Result<String, EditError> {
    let (bom, body) = split_bom(text);
    let documents = parse(body)?;
    let claim = find_claim(&documents, id)?;
    let unsupported = |why| EditError::Unsupported {
        line: claim.line,
        col: claim.col,
        id: id.to_string(),
        why,
    };
    if claim.shares_nodes() {
        return Err(unsupported("it shares an anchor or alias with other nodes"));
    }
    let key = field.key();
    let eol = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let (range, replacement) = match (claim.entry(key), value) {
        (Some((_, old)), Some(value)) => (old.start..old.end, inline(value)),
        (Some((k, old)), None) => removal(body, claim, k, old),
        (None, None) => return Ok(text.to_string()),
        (None, Some(value)) if claim.is_flow() => {
            let last = claim
                .entries()
                .last()
                .map_or(claim.start + 1, |(_, v)| v.end);
            (last..last, format!(", {key}: {}", inline(value)))
        }
        (None, Some(value)) => {
            let (first, _) = claim
                .entries()
                .first()
                .ok_or(unsupported("not a mapping"))?;
            let indent = " ".repeat(first.col - 1);
            let line = format!("{indent}{key}: {}{eol}", inline(value));
            // Before the verdict, which stays last; else after the claim's last line.
            let at = match claim.entry("verdict") {
                Some((verdict, _)) if line_start(body, verdict.start) > claim.start => {
                    line_start(body, verdict.start)
                }
                _ => next_line_start(body, claim.end),
            };
            if at == body.len() && !body.ends_with('\n') {
                (
                    at..at,
                    format!("{eol}{}", line.trim_end_matches(['\r', '\n'])),
                )
            } else {
                (at..at, line)
            }
        }
    };
    let mut edited = String::with_capacity(text.len() + replacement.len());
    edited.push_str(bom);
    edited.push_str(&body[..range.start]);
    edited.push_str(&replacement);
    edited.push_str(&body[range.end..]);
    let root = documents.first().unwrap_or(claim);
    check_reads_back(root, text, &edited, |claims| {
        if let Some(target) = claims.iter_mut().find(|c| c.id == id) {
            field.set(target, value);
        }
    })?;
    Ok(edited)
}

/// Where key `key` (with value `value`) of `claim` goes out: its whole line in a block
/// mapping, or the entry and one comma in a flow mapping.
fn removal(body: &str, claim: &Node, key: &Node, value: &Node) -> (std::ops::Range<usize>, String) {
    if claim.is_flow() {
        let before = body[..key.start].trim_end();
        let comma = before.strip_suffix(',').map_or(key.start, str::len);
        return (comma..value.end, String::new());
    }
    (
        line_start(body, key.start)..next_line_start(body, value.end),
        String::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLAIM: &str = "claims:\n  - id: a\n    assertion: x\n    claimant: c\n    verdict:\n      rating: \"false\"\n  - id: b\n    assertion: y\n    claimant: c\n";

    #[test]
    fn a_new_key_goes_before_the_verdict_and_only_its_line_is_added() {
        let edited = edit_claim_field(CLAIM, "a", ClaimField::Assignee, Some("Priya")).unwrap();
        assert_eq!(
            edited,
            CLAIM.replace(
                "    claimant: c\n    verdict:",
                "    claimant: c\n    assignee: Priya\n    verdict:"
            )
        );
        let edited = edit_claim_field(CLAIM, "b", ClaimField::Status, Some("in-progress")).unwrap();
        assert!(
            edited.ends_with("    claimant: c\n    status: in-progress\n"),
            "{edited}"
        );
    }

    #[test]
    fn a_value_is_replaced_in_place_and_none_takes_the_line_out() {
        let assigned = edit_claim_field(CLAIM, "a", ClaimField::Assignee, Some("Priya")).unwrap();
        let reassigned =
            edit_claim_field(&assigned, "a", ClaimField::Assignee, Some("Asha Rao")).unwrap();
        assert_eq!(reassigned, assigned.replace("Priya", "Asha Rao"));
        let back = edit_claim_field(&reassigned, "a", ClaimField::Assignee, None).unwrap();
        assert_eq!(back, CLAIM);
    }

    #[test]
    fn flow_claims_stay_flow() {
        let text = "claims:\n  - {id: a, assertion: x, claimant: c}\n";
        let edited = edit_claim_field(text, "a", ClaimField::Status, Some("done")).unwrap();
        assert_eq!(
            edited,
            "claims:\n  - {id: a, assertion: x, claimant: c, status: done}\n"
        );
        let back = edit_claim_field(&edited, "a", ClaimField::Status, None).unwrap();
        assert_eq!(back, text);
    }
}
