//! Command-line arguments and the headless commands (for scripts, CI and pre-commit hooks).

mod capture;
mod config;
mod export;
mod history;
mod init;
mod list;
mod progress;
mod resolve;
mod select;
mod stats;
mod tag;
mod usage;
mod validate;

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::{ArgGroup, Args, Parser, Subcommand};
use serde::Serialize;

use crate::desk::{self, Desk, DeskError};

pub use capture::{add, import, rebut};
pub use config::print_config;
pub use export::{ExportFormat, export};
pub use history::{HistoryFormat, print_history};
pub use init::init;
pub use list::{ListFormat, list};
pub use progress::{load, load_indexed};
pub use resolve::resolve;
pub use stats::{StatsFormat, print_stats};
pub use tag::{assign, review, set_status, tag, untag};
pub use usage::{UsageError, check_paths};
pub use validate::validate;

/// The desk the claims under `paths` belong to: its desk file's settings, or the defaults
/// when it has none.
fn open_desk(paths: &[PathBuf]) -> Result<Desk, DeskError> {
    Ok(desk::find(paths)?.unwrap_or_default())
}

/// How writing a command's output went. `claimdesk list | head` closes the pipe early: that
/// is not an error.
fn output_written(written: io::Result<()>) -> Result<()> {
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => Ok(result?),
    }
}

/// `value` as pretty-printed JSON on a line of its own, safe to print (see
/// [`json_escape_hazards`](crate::inert::json_escape_hazards)).
fn write_json(value: &impl Serialize, out: &mut impl Write) -> io::Result<()> {
    let json = serde_json::to_string_pretty(value)?;
    writeln!(out, "{}", crate::inert::json_escape_hazards(&json))
}

/// A terminal dashboard for fact-checkers: each claim beside its source and rebuttals, and
/// verdicts tagged with a few keys, written straight back into the YAML.
#[derive(Debug, Parser)]
#[command(name = "claimdesk", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub dashboard: DashboardArgs,
}

impl Cli {
    /// The claim files and folders this run reads: the command's, or the dashboard's.
    pub fn paths(&self) -> &[PathBuf] {
        match &self.command {
            Some(Command::Validate { paths } | Command::Untag { paths, .. }) => paths,
            Some(Command::Tag(args)) => &args.paths,
            Some(Command::List(args)) => &args.paths,
            Some(Command::Stats(args)) => &args.paths,
            Some(Command::Export(args)) => &args.paths,
            Some(Command::Resolve(args)) => &args.paths,
            Some(Command::Rebut(args)) => &args.paths,
            Some(Command::Review(args)) => &args.paths,
            Some(Command::Assign { paths, .. } | Command::Status { paths, .. }) => paths,
            // The file it adds to, or the folder it makes, may not exist yet.
            Some(Command::Add(_) | Command::Init { .. }) => &[],
            Some(Command::Import(args)) => std::slice::from_ref(&args.file),
            Some(Command::History(args)) => std::slice::from_ref(&args.path),
            Some(Command::Config(args)) => std::slice::from_ref(&args.path),
            None => &self.dashboard.paths,
        }
    }
}

/// Options for the dashboard, opened when no command is given.
#[derive(Debug, Args)]
pub struct DashboardArgs {
    /// Claim files or folders to open (folders are searched recursively)
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Name recorded as `by:` on verdicts you tag [default: git's user.name, then $USER]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Let the mouse select claims and scroll (this blocks the terminal's own text selection)
    #[arg(long)]
    pub mouse: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check claim files and print every problem as path:line:col; exit 1 when there are errors
    Validate {
        /// Claim files or folders to check
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
    },
    /// Set the verdict of one claim, editing only its `verdict:` block on disk
    Tag(TagArgs),
    /// List claims (optionally searched and filtered) as a table, JSON or ids
    List(ListArgs),
    /// Remove the verdict of one claim
    Untag {
        /// The claim's id
        id: String,
        /// Claim files or folders to search for the id
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
    },
    /// Resolve a git merge conflict in one claim by keeping our or their version of it
    Resolve(ResolveArgs),
    /// Add a claim to a claim file (made when it does not exist) and print its id
    Add(AddArgs),
    /// Add a rebuttal to a claim
    Rebut(RebutArgs),
    /// Import claims from a Fact Check Tools response or ClaimReview JSON-LD
    Import(ImportArgs),
    /// Review a claim's verdict as an editor: approve it, or request changes
    Review(ReviewArgs),
    /// Assign a claim to someone (an empty NAME takes the assignment away)
    Assign {
        /// The claim's id
        id: String,
        /// Who works on it
        name: String,
        /// Claim files or folders to search for the id
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
    },
    /// Set a claim's triage status: one of the desk's statuses (new, in-progress,
    /// needs-review, done by default)
    Status {
        /// The claim's id
        id: String,
        /// The status
        status: String,
        /// Claim files or folders to search for the id
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
    },
    /// Export verdicts as ClaimReview markup for the web, or claims as JSON or CSV
    Export(ExportArgs),
    /// Start a desk: write a commented .claimdesk.yaml (the default rating scale, to share
    /// through git) and claims/example.yaml; never overwrites a file
    Init {
        /// The folder of the new desk (made when missing)
        #[arg(default_value = ".")]
        path: PathBuf,
    },
    /// Show every change of one claim's verdict across the git history: commit, author, date,
    /// the rating before and after, and the note
    History(HistoryArgs),
    /// Count claims by rating, review state, status, assignee and tag, and verdicts per day
    /// over the last four weeks
    Stats(StatsArgs),
    /// Print every setting in effect, its value and where it came from (built-in, desk file,
    /// user file, environment, flag)
    Config(ConfigArgs),
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// A claim file or folder, for the desk file that applies to it
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The name to report as given with --by
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Report the mouse as turned on with --mouse
    #[arg(long)]
    pub mouse: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: StatsFormat,
    /// Claim files or folders to count
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The claim's id: it is followed across renamed files and moves between files
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: HistoryFormat,
    /// A file or folder in the repository to read the history of
    #[arg(default_value = ".")]
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
    /// Claim files or folders to list
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to FILE (replaced whole, at once) instead of standard output; never a claim file
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The desk's organisation: the `author` of ClaimReview markup
    #[arg(
        long,
        visible_alias = "organization",
        value_name = "NAME",
        env = "CLAIMDESK_ORGANISATION"
    )]
    pub organisation: Option<String>,
    /// With `--format claimreview`: fail, writing nothing, when the markup of a verdict lacks a
    /// property Google requires (without it, what is lacking is only reported)
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Claim files or folders to export
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
}

/// The search and filters of the dashboard, for the commands that take a set of claims.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Search as the dashboard does: words (best match first) and fields, e.g.
    /// `leak rating:false by:priya date:>=2023-06 -tag:satire` (the README lists the fields)
    #[arg(long, short, value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Option<String>,
    /// Keep claims with this rating, or `untagged` for those without a verdict (repeat for
    /// several; combined by OR)
    #[arg(long, value_name = "RATING")]
    pub rating: Vec<String>,
    /// Keep claims without a verdict
    #[arg(long)]
    pub untagged: bool,
    /// Keep only claims with an unresolved git merge conflict
    #[arg(long)]
    pub conflicted: bool,
    /// Keep only claims whose verdict differs from git revision REV's (uncommitted edits
    /// count); without REV, since the last `git pull` (ORIG_HEAD)
    #[arg(long, value_name = "REV", num_args = 0..=1, default_missing_value = crate::history::LAST_PULL)]
    pub changed_since: Option<String>,
}

#[derive(Debug, Args)]
pub struct TagArgs {
    /// The claim's id
    pub id: String,
    /// A rating id from the desk's scale (its `.claimdesk.yaml`; without one: true,
    /// mostly-true, half-true, mostly-false, false, pants-on-fire, misleading, unproven)
    pub rating: String,
    /// A note explaining the verdict
    #[arg(long)]
    pub note: Option<String>,
    /// Name recorded as `by:` [default: git's user.name, then $USER]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Replace a verdict that someone else tagged (without it, tag refuses to)
    #[arg(long)]
    pub replace: bool,
    /// Claim files or folders to search for the id
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// What was claimed, verbatim where possible
    #[arg(long)]
    pub assertion: String,
    /// Who made the claim
    #[arg(long)]
    pub claimant: String,
    /// When the claim was made, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Where the assertion appeared
    #[arg(long, value_name = "NAME")]
    pub source_name: Option<String>,
    /// The source's url
    #[arg(long)]
    pub url: Option<String>,
    /// A verbatim excerpt of the source
    #[arg(long)]
    pub quote: Option<String>,
    /// A label (repeat for several)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// The claim's id [default: made from the claimant and the assertion]
    #[arg(long)]
    pub id: Option<String>,
    /// The claim file to add it to; ids are checked against the claims in its folder
    #[arg(long, value_name = "FILE")]
    pub into: PathBuf,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("decision").required(true).args(["approve", "request_changes"])))]
pub struct ReviewArgs {
    /// The claim's id
    pub id: String,
    /// Approve the verdict
    #[arg(long)]
    pub approve: bool,
    /// Send the verdict back to its checker
    #[arg(long)]
    pub request_changes: bool,
    /// What should change, or why it is approved
    #[arg(long)]
    pub comment: Option<String>,
    /// Name recorded as `reviewed_by:` [default: git's user.name, then $USER]
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Claim files or folders to search for the id
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A Google Fact Check Tools `claims:search` response, or ClaimReview JSON-LD (one
    /// object, a list, or an `@graph`)
    pub file: PathBuf,
    /// The claim file to add them to (made when it does not exist); claims already in its
    /// folder (same assertion and source url) are skipped
    #[arg(long, value_name = "FILE")]
    pub into: PathBuf,
}

#[derive(Debug, Args)]
pub struct RebutArgs {
    /// The claim's id
    pub id: String,
    /// Who rebuts it
    #[arg(long)]
    pub by: String,
    /// What they said, verbatim where possible
    #[arg(long)]
    pub text: String,
    /// When, YYYY-MM-DD
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Where it was said
    #[arg(long)]
    pub url: Option<String>,
    /// Claim files or folders to search for the id
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("side").required(true).args(["ours", "theirs"])))]
pub struct ResolveArgs {
    /// The conflicted claim's id
    pub id: String,
    /// Keep our version: the branch you are on (after `<<<<<<<`, usually HEAD)
    #[arg(long)]
    pub ours: bool,
    /// Keep their version: the branch being merged in (after `>>>>>>>`)
    #[arg(long)]
    pub theirs: bool,
    /// Claim files or folders to search for the id
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn arguments_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn bare_paths_open_the_dashboard() {
        let cli = Cli::try_parse_from(["claimdesk", "data/", "--by", "asha"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.dashboard.paths, [PathBuf::from("data/")]);
        assert_eq!(cli.dashboard.by.as_deref(), Some("asha"));
    }

    #[test]
    fn a_query_may_start_with_a_minus() {
        let cli = Cli::try_parse_from(["claimdesk", "list", "--query", "-rating:true", "x/"]);
        let Ok(Cli {
            command: Some(Command::List(args)),
            ..
        }) = cli
        else {
            panic!("`list --query -rating:true x/` should parse: {cli:?}");
        };
        assert_eq!(args.filter.query.as_deref(), Some("-rating:true"));
        assert_eq!(args.paths, [PathBuf::from("x/")]);
    }

    #[test]
    fn resolve_takes_exactly_one_side() {
        let parse =
            |args: &[&str]| Cli::try_parse_from(["claimdesk", "resolve", "x"].iter().chain(args));
        assert!(parse(&[]).is_err());
        assert!(parse(&["--ours", "--theirs"]).is_err());
        let Ok(Cli {
            command: Some(Command::Resolve(args)),
            ..
        }) = parse(&["--theirs", "claims/"])
        else {
            panic!("`resolve x --theirs claims/` should parse");
        };
        assert!(args.theirs && !args.ours);
        assert_eq!(args.paths, [PathBuf::from("claims/")]);
    }
}
