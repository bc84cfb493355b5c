//! `claimdesk list`: the dashboard's search and filters, for scripts.

use std::io::{self, IsTerminal, Write};

use anyhow::Result;
use clap::ValueEnum;

use super::ListArgs;
use super::select::select;
use crate::inert::{inert, json_escape_hazards};
use crate::model::Claim;
use crate::ui::text;

/// Terminal width assumed when standard output is not a terminal.
const DEFAULT_WIDTH: usize = 100;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns fitted to the terminal: verdict, id, assertion, claimant
    #[default]
    Table,
    /// A JSON array of claims with every field
    Json,
    /// One id per line
    Ids,
}

/// Prints the claims under `args.paths` that pass the filters, best match first; load problems
/// go to `errors` as `path:line:col: ...` lines without failing the listing. A query that does
/// not parse fails before anything is read, with a [`QueryError`](crate::search::QueryError).
pub fn list(args: &ListArgs, out: &mut impl Write, errors: &mut impl Write) -> Result<()> {
    let scale = super::open_desk(&args.paths)?.scale;
    let selection = select(&args.filter, &args.paths, &scale, errors)?;
    super::output_written(write_claims(&selection.claims(), args.format, out))
}

fn write_claims(claims: &[&Claim], format: ListFormat, out: &mut impl Write) -> io::Result<()> {
    match format {
        ListFormat::Table => write_table(claims, terminal_width(), out),
        ListFormat::Json => writeln!(out, "{}", claims_json(claims)?),
        ListFormat::Ids => claims
            .iter()
            .try_for_each(|c| writeln!(out, "{}", inert(&c.id))),
    }
}

/// The claims as a JSON array with every field as loaded, pretty-printed, safe to print (see
/// [`json_escape_hazards`]).
pub(super) fn claims_json(claims: &[&Claim]) -> serde_json::Result<String> {
    let json = serde_json::to_string_pretty(claims)?;
    Ok(json_escape_hazards(&json).into_owned())
}

/// The terminal's width; piped, `COLUMNS` when the shell exports it (as `COLUMNS=120
/// claimdesk list | less` does), else a common width.
fn terminal_width() -> usize {
    if io::stdout().is_terminal()
        && let Ok((width, _)) = crossterm::terminal::size()
    {
        return usize::from(width);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse().ok())
        .filter(|&columns| columns > 0)
        .unwrap_or(DEFAULT_WIDTH)
}

/// One row of the table, each cell on one line and inert, so that widths are measured on
/// what is printed and clipping cuts only visible text.
struct Row {
    verdict: String,
    id: String,
    assertion: String,
    claimant: String,
}

impl Row {
    fn new(claim: &Claim) -> Self {
        let verdict = claim.verdict.as_ref().map_or("-", |v| v.rating.as_str());
        Self {
            verdict: one_line(verdict),
            id: one_line(&claim.id),
            assertion: one_line(&claim.assertion),
            claimant: one_line(&claim.claimant),
        }
    }
}

fn write_table(claims: &[&Claim], width: usize, out: &mut impl Write) -> io::Result<()> {
    let rows: Vec<Row> = claims.iter().map(|c| Row::new(c)).collect();
    // Display columns, not chars: CJK takes two columns a char, Indic signs none.
    let column = |header: &str, cells: &mut dyn Iterator<Item = &String>| {
        cells
            .map(|c| text::width(c))
            .max()
            .unwrap_or(0)
            .max(header.len())
    };
    let verdict_width = column("VERDICT", &mut rows.iter().map(|r| &r.verdict));
    let id_width = column("ID", &mut rows.iter().map(|r| &r.id));
    // Ids are printed whole (scripts need them); the assertion and claimant share the rest.
    let rest = width.saturating_sub(verdict_width + id_width + 6);
    let claimant_width = column("CLAIMANT", &mut rows.iter().map(|r| &r.claimant))
        .min(30)
        .min(rest / 3);
    let assertion_width = rest - claimant_width;
    let row = |out: &mut dyn Write, verdict: &str, id: &str, assertion: &str, claimant: &str| {
        let line = format!(
            "{}  {}  {}  {}",
            text::fit(verdict, verdict_width),
            text::fit(id, id_width),
            text::fit(assertion, assertion_width),
            text::truncate(claimant, claimant_width),
        );
        writeln!(out, "{}", line.trim_end())
    };
    row(out, "VERDICT", "ID", "ASSERTION", "CLAIMANT")?;
    for r in &rows {
        row(out, &r.verdict, &r.id, &r.assertion, &r.claimant)?;
    }
    Ok(())
}

/// Folded YAML can leave line breaks in a value; a table row is one line, and shows any
/// control characters as text.
pub(super) fn one_line(text: &str) -> String {
    inert(&text.split_whitespace().collect::<Vec<_>>().join(" ")).into_owned()
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::cli::FilterArgs;
    use crate::model::RatingScale;

    fn args(format: ListFormat) -> ListArgs {
        ListArgs {
            filter: FilterArgs {
                query: None,
                rating: Vec::new(),
                untagged: false,
                conflicted: false,
                changed_since: None,
            },
            format,
            paths: vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")],
        }
    }

    fn run(args: &ListArgs) -> String {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        list(args, &mut out, &mut errors).unwrap();
        assert!(errors.is_empty(), "{}", String::from_utf8_lossy(&errors));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn ids_follow_file_order_without_a_query() {
        let ids = run(&args(ListFormat::Ids));
        let ids: Vec<&str> = ids.lines().collect();
        assert_eq!(ids.len(), 6);
        assert_eq!(ids[0], "cowin-data-available-online");
    }

    #[test]
    fn query_and_rating_filters_narrow_the_list() {
        let mut telegram = args(ListFormat::Ids);
        telegram.filter.query = Some("telegram bot".into());
        let found = run(&telegram);
        assert!(found.lines().any(|id| id == "cowin-data-via-telegram-bot"));
        assert!(!found.contains("obrien-threat-to-government-organs"));

        let mut unproven = args(ListFormat::Ids);
        unproven.filter.rating = vec!["unproven".into()];
        assert_eq!(run(&unproven), "obrien-deep-rooted-conspiracy\n");

        let mut untagged = args(ListFormat::Ids);
        untagged.filter.untagged = true;
        assert_eq!(run(&untagged).lines().count(), 4);
    }

    #[test]
    fn json_carries_every_field() {
        let json: serde_json::Value = serde_json::from_str(&run(&args(ListFormat::Json))).unwrap();
        let claims = json.as_array().unwrap();
        assert_eq!(claims.len(), 6);
        let tagged = &claims[1];
        assert_eq!(tagged["verdict"]["rating"], "mostly-true");
        assert_eq!(
            tagged["rebuttals"][0]["by"],
            "Union Health Ministry, citing CERT-In's initial report"
        );
        assert!(
            tagged["origin"]["path"]
                .as_str()
                .unwrap()
                .ends_with("cowin-2023-06.yaml")
        );
        assert!(tagged["source"]["quote"].is_string());
    }

    #[test]
    fn table_rows_fit_the_width() {
        let mut out = Vec::new();
        let corpus = crate::cli::load(&args(ListFormat::Table).paths, &RatingScale::default());
        let claims: Vec<&Claim> = corpus.claims.iter().collect();
        write_table(&claims, 80, &mut out).unwrap();
        let table = String::from_utf8(out).unwrap();
        assert!(table.starts_with("VERDICT"));
        assert_eq!(table.lines().count(), 7);
        for line in table.lines() {
            assert!(line.chars().count() <= 80, "too wide: {line}");
        }
        assert!(table.contains("mostly-true"));
        assert!(table.contains('…'));
    }

    #[test]
    fn table_columns_line_up_by_display_width_in_every_script() {
        let text = "claims:\n  - id: cjk\n    assertion: 日本語のテキストが長く続きます日本語のテキスト\n    claimant: 東京\n  - id: hindi\n    assertion: कोविन पोर्टल से नागरिकों का डेटा लीक हुआ है और यह बहुत लंबा है\n    claimant: विपक्षी नेता\n  - id: latin\n    assertion: plain words that go on and on and on and on and on\n    claimant: Zoë\n";
        let file = crate::store::load_text(
            Path::new("t.yaml"),
            text.as_bytes(),
            &RatingScale::default(),
        );
        let claims: Vec<&Claim> = file.claims.iter().collect();
        let mut out = Vec::new();
        write_table(&claims, 60, &mut out).unwrap();
        let table = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = table.lines().collect();
        // The claimant column starts at the same display column on every row.
        let claimant_at = |line: &str, claimant: &str| {
            let byte = line.find(claimant).expect(claimant);
            unicode_width::UnicodeWidthStr::width(&line[..byte])
        };
        let header = claimant_at(lines[0], "CLAIMANT");
        assert_eq!(claimant_at(lines[1], "東京"), header, "{table}");
        assert_eq!(claimant_at(lines[2], "विपक्षी"), header, "{table}");
        assert_eq!(claimant_at(lines[3], "Zoë"), header, "{table}");
        for line in &lines {
            assert!(unicode_width::UnicodeWidthStr::width(*line) <= 60, "{line}");
        }
    }

    #[test]
    fn table_clipping_never_cuts_an_escape_in_half() {
        let text = "claims:\n  - id: a\n    assertion: \"\\e]52;c;eA==\\a\\e[2J\\x9b1m\\u202e\"\n    \
                    claimant: \"\\e]8;;http://x/\\e\\\\\"\n";
        let file = crate::store::load_text(
            Path::new("t.yaml"),
            text.as_bytes(),
            &RatingScale::default(),
        );
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        let claims: Vec<&Claim> = file.claims.iter().collect();
        for width in 10..80 {
            let mut out = Vec::new();
            write_table(&claims, width, &mut out).unwrap();
            let table = String::from_utf8(out).unwrap();
            assert!(
                !table.contains(|c| crate::inert::is_hazard(c) && c != '\n'),
                "{width}: {table:?}"
            );
        }
    }

    #[test]
    fn rating_untagged_keeps_the_claims_without_a_verdict() {
        let mut untagged = args(ListFormat::Ids);
        untagged.filter.untagged = true;
        let mut rating_untagged = args(ListFormat::Ids);
        rating_untagged.filter.rating = vec!["untagged".into()];
        assert_eq!(run(&rating_untagged), run(&untagged));

        // Combined with a rating by OR, as in the dashboard's filter picker.
        rating_untagged.filter.rating.push("unproven".into());
        let found = run(&rating_untagged);
        assert_eq!(found.lines().count(), 5, "{found}");
        assert!(found.contains("obrien-deep-rooted-conspiracy"));
    }

    #[test]
    fn a_query_that_does_not_parse_is_refused_as_one() {
        let mut bad = args(ListFormat::Ids);
        bad.filter.query = Some("leak bye:priya".into());
        let error = list(&bad, &mut Vec::new(), &mut Vec::new()).unwrap_err();
        let cause = error.downcast_ref::<crate::search::QueryError>();
        assert_eq!(cause.map(|e| e.at), Some(6), "{error:#}");
        assert_eq!(error.to_string(), "bad --query");
    }

    #[test]
    fn unknown_rating_is_refused_with_the_scale() {
        let mut bad = args(ListFormat::Ids);
        bad.filter.rating = vec!["fake".into()];
        let error = list(&bad, &mut Vec::new(), &mut Vec::new()).unwrap_err();
        assert!(
            error.to_string().ends_with(
                "use one of true, mostly-true, half-true, mostly-false, false, pants-on-fire, \
                 misleading, unproven, untagged"
            ),
            "{error}"
        );
    }
}
