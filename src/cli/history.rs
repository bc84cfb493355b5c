//! `claimdesk history`: the audit trail of one claim, from git.

use std::io::Write;

use anyhow::Result;
use clap::ValueEnum;

use super::HistoryArgs;
use crate::history::history;
use crate::inert::inert;
use crate::model::RatingScale;
use crate::store::Cache;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    /// One change a line: date, commit, author, the rating before and after, the note
    #[default]
    Table,
    /// A JSON array of changes with the audited fields before and after
    Json,
}

/// Prints every change of the claim's verdict, oldest first. No repository or a shallow clone
/// fail with a [`HistoryError`](crate::history::HistoryError) that says what to do.
pub fn print_history(args: &HistoryArgs, out: &mut impl Write) -> Result<()> {
    let cache = Cache::platform();
    let changes = history(
        &args.path,
        &args.id,
        &RatingScale::default(),
        cache.as_ref(),
    )?;
    super::output_written(match args.format {
        HistoryFormat::Table => changes
            .iter()
            .try_for_each(|change| writeln!(out, "{}", inert(&change.summary_line()))),
        HistoryFormat::Json => super::write_json(&changes, out),
    })
}
