//! Claims as CSV, one row a claim, for spreadsheets.

use std::io::Write;

use chrono::SecondsFormat;

use crate::inert::inert_multiline;
use crate::model::Claim;

/// The header row. The workflow's review, assignee and status join it when claims have them.
pub const COLUMNS: [&str; 13] = [
    "id",
    "file",
    "line",
    "claimant",
    "date",
    "assertion",
    "rating",
    "note",
    "by",
    "at",
    "tags",
    "source_url",
    "review_url",
];

/// How the tags of a claim share their cell.
pub const TAG_SEPARATOR: &str = "; ";

/// Writes the header and a row for each claim. Cells keep their line breaks (CSV quotes them)
/// and show every other control as text, as [`inert_multiline`] does: opened in a terminal,
/// the file acts on nothing.
pub fn write_csv(claims: &[&Claim], out: impl Write) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS)?;
    for claim in claims {
        let cells = row(claim);
        let shown: Vec<_> = cells.iter().map(|cell| inert_multiline(cell)).collect();
        writer.write_record(shown.iter().map(|cell| cell.as_bytes()))?;
    }
    writer.flush()?;
    Ok(())
}

/// The cells of `claim`, in the order of [`COLUMNS`]; what it lacks is an empty cell.
fn row(claim: &Claim) -> [String; COLUMNS.len()] {
    let verdict = claim.verdict.as_ref();
    let text = |value: Option<&str>| value.unwrap_or_default().to_string();
    [
        claim.id.to_string(),
        claim.origin.path.display().to_string(),
        claim.origin.line.to_string(),
        claim.claimant.to_string(),
        claim.date.map(|date| date.to_string()).unwrap_or_default(),
        claim.assertion.clone(),
        text(verdict.map(|v| v.rating.as_str())),
        text(verdict.and_then(|v| v.note.as_deref())),
        text(verdict.and_then(|v| v.by.as_deref())),
        verdict
            .and_then(|v| v.at)
            .map(|at| at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
            .unwrap_or_default(),
        claim.tags.join(TAG_SEPARATOR),
        text(claim.source.as_ref().and_then(|s| s.url.as_deref())),
        text(claim.review_url.as_deref()),
    ]
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::RatingScale;
    use crate::store::load_text;

    fn csv_of(text: &str) -> String {
        let file = load_text(
            Path::new("c.yaml"),
            text.as_bytes(),
            &RatingScale::default(),
        );
        let claims: Vec<&Claim> = file.claims.iter().collect();
        let mut out = Vec::new();
        write_csv(&claims, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_row_has_every_column_and_quotes_what_needs_it() {
        let csv = csv_of(
            "claims:\n  - id: a\n    assertion: \"Said, \\\"twice\\\"\"\n    claimant: c\n    \
             tags: [x, y]\n    verdict:\n      rating: \"false\"\n      note: \"one\\ntwo\"\n      \
             at: 2026-11-27T09:00:00Z\n",
        );
        assert_eq!(
            csv,
            "id,file,line,claimant,date,assertion,rating,note,by,at,tags,source_url,review_url\n\
             a,c.yaml,2,c,,\"Said, \"\"twice\"\"\",false,\"one\ntwo\",,2026-11-27T09:00:00Z,x; y,,\n"
        );
    }

    #[test]
    fn controls_in_a_cell_are_shown_as_text() {
        let csv = csv_of(
            "claims:\n  - id: a\n    assertion: \"\\e]52;c;eA==\\a\\x9b1m\\u202e\\r\"\n    \
             claimant: c\n",
        );
        assert!(
            !csv.contains(|c| crate::inert::is_hazard(c) && c != '\n'),
            "{csv:?}"
        );
        assert!(
            csv.contains("\\u{1b}]52;c;eA==\\u{7}\\u{9b}1m\\u{202e}\\r"),
            "{csv}"
        );
    }
}
