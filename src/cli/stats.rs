//! `claimdesk stats`: counts by rating, review state, status, assignee and tag, and verdicts
//! per day, as an aligned table or JSON.

use std::io::{self, Write};

use anyhow::Result;
use chrono::Utc;
use clap::ValueEnum;

use super::StatsArgs;
use super::list::one_line;
use super::select::select;
use crate::stats::{Count, Stats, WEEKS};
use crate::ui::text;

/// The widest name column: longer tags and names are cut with `…`.
const MAX_NAME_WIDTH: usize = 40;

/// How the table names claims that have no status, assignee or tag.
const NONE: &str = "(none)";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Aligned sections: rating, review, status, assignee, tag, verdicts per day
    #[default]
    Table,
    /// One JSON object with every count (the README describes it)
    Json,
}

/// Prints the stats of the claims under `args.paths` that pass the filters, with verdicts per
/// day up to today (UTC); load problems go to `errors` as `path:line:col: ...` lines.
pub fn print_stats(args: &StatsArgs, out: &mut impl Write, errors: &mut impl Write) -> Result<()> {
    let desk = super::open_desk(&args.paths)?;
    let selection = select(&args.filter, &args.paths, &desk.scale, errors)?;
    let today = Utc::now().date_naive();
    let stats = Stats::of(selection.claims(), &desk.scale, desk.statuses(), today);
    super::output_written(match args.format {
        StatsFormat::Table => write_table(&stats, out),
        StatsFormat::Json => super::write_json(&stats, out),
    })
}

/// One section of the table: a heading, what is counted, and a row per name.
struct Section {
    heading: &'static str,
    counted: &'static str,
    rows: Vec<(String, usize)>,
}

impl Section {
    fn of(heading: &'static str, counted: &'static str, counts: &[Count]) -> Self {
        let rows = counts
            .iter()
            .map(|c| (one_line(c.name.as_deref().unwrap_or(NONE)), c.claims))
            .collect();
        Self {
            heading,
            counted,
            rows,
        }
    }
}

fn write_table(stats: &Stats, out: &mut impl Write) -> io::Result<()> {
    let days = stats
        .verdicts_per_day
        .iter()
        .map(|d| (d.day.to_string(), d.verdicts))
        .collect();
    let sections = [
        Section::of("RATING", "CLAIMS", &stats.ratings),
        Section::of("REVIEW", "VERDICTS", &stats.reviews),
        Section::of("STATUS", "CLAIMS", &stats.statuses),
        Section::of("ASSIGNEE", "CLAIMS", &stats.assignees),
        Section::of("TAG", "CLAIMS", &stats.tags),
        Section {
            heading: "DAY (UTC)",
            counted: "VERDICTS",
            rows: days,
        },
    ];
    let name_width = sections
        .iter()
        .flat_map(|s| s.rows.iter().map(|(name, _)| text::width(name)))
        .chain(sections.iter().map(|s| s.heading.len()))
        .max()
        .unwrap_or(0)
        .min(MAX_NAME_WIDTH);
    let count_width = sections
        .iter()
        .flat_map(|s| s.rows.iter().map(|(_, count)| count.to_string().len()))
        .chain(sections.iter().map(|s| s.counted.len()))
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "{} claims; verdicts per day over the last {WEEKS} weeks: {}",
        stats.claims,
        stats.recent_verdicts()
    )?;
    for section in &sections {
        writeln!(out)?;
        let heading = text::fit(section.heading, name_width);
        writeln!(out, "{heading}  {:>count_width$}", section.counted)?;
        for (name, count) in &section.rows {
            writeln!(
                out,
                "{}  {count:>count_width$}",
                text::fit(name, name_width)
            )?;
        }
    }
    Ok(())
}
