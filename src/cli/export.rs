//! `claimdesk export`: the verdicts as ClaimReview markup for the web, or the claims as JSON or
//! CSV, for the claims `list` would list.

mod claim_review;
mod csv_rows;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use clap::ValueEnum;

use super::list::claims_json;
use super::select::select;
use super::validate::plural;
use super::{ExportArgs, UsageError};
use crate::desk::Desk;
use crate::inert::{inert, json_escape_hazards};
use crate::model::Claim;
use crate::store::{io_words, is_yaml_name, link_target, replace_file};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// schema.org ClaimReview JSON-LD, one object per tagged verdict, for published fact checks
    #[value(name = "claimreview")]
    ClaimReview,
    /// A JSON array of claims with every field as loaded (as `list --format json`)
    Json,
    /// One row per claim, with a header row
    Csv,
}

/// Writes the claims under `args.paths` that pass the filters in `args.format`, to `out` or
/// to the `--out` file; load problems, and what ClaimReview markup lacks, go to `errors`.
/// With `--strict`, markup that lacks anything fails the export and nothing is written.
pub fn export(args: &ExportArgs, out: &mut impl Write, errors: &mut impl Write) -> Result<()> {
    if args.strict && args.format != ExportFormat::ClaimReview {
        return Err(UsageError(
            "`--strict` checks ClaimReview markup: use it with `--format claimreview`".into(),
        )
        .into());
    }
    if let Some(file) = &args.out {
        refuse_claim_file(file, &args.paths)?;
    }
    let desk = super::open_desk(&args.paths)?;
    let selection = select(&args.filter, &args.paths, &desk.scale, errors)?;
    let claims = selection.claims();
    let (bytes, exported) = match args.format {
        ExportFormat::ClaimReview => claim_review_markup(&claims, &desk, args, errors)?,
        ExportFormat::Json => {
            let json = claims_json(&claims)?;
            (
                format!("{json}\n").into_bytes(),
                count(claims.len(), "claim"),
            )
        }
        ExportFormat::Csv => {
            let mut bytes = Vec::new();
            csv_rows::write_csv(&claims, &mut bytes)?;
            (bytes, count(claims.len(), "claim"))
        }
    };
    let Some(file) = &args.out else {
        return super::output_written(out.write_all(&bytes));
    };
    replace_file(file, &bytes).map_err(|e| cannot_write(file, &e))?;
    writeln!(
        out,
        "exported {exported} to {}",
        inert(&file.display().to_string())
    )?;
    Ok(())
}

/// The markup of the tagged claims, and how many objects it holds. What each object lacks is
/// said on `errors`; with `--strict` that fails the export.
fn claim_review_markup(
    claims: &[&Claim],
    desk: &Desk,
    args: &ExportArgs,
    errors: &mut impl Write,
) -> Result<(Vec<u8>, String)> {
    // The flag's (or the environment's) name first, then the desk file's.
    let organisation = args
        .organisation
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .or(desk.organisation.as_deref());
    let (reviews, problems) =
        claim_review::claim_reviews(claims, &desk.scale, organisation, args.strict)?;
    for problem in &problems {
        writeln!(errors, "{problem}")?;
    }
    if !problems.is_empty() {
        let tagged = claims.iter().filter(|c| c.verdict.is_some()).count();
        let which = format!(
            "tagged claims whose ClaimReview markup is incomplete (above): {} of {tagged}",
            problems.len()
        );
        if args.strict {
            bail!("{which}; nothing written");
        }
        writeln!(errors, "note: {which}; `--strict` refuses such an export")?;
    }
    // Serialized from the typed objects, which keep the order of Google's examples.
    let json = serde_json::to_string_pretty(&reviews)?;
    let markup = format!("{}\n", json_escape_hazards(&json)).into_bytes();
    Ok((markup, count(reviews.len(), "ClaimReview object")))
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", plural(n))
}

/// Refuses an `--out` that is a claim file or would be read as one: a `.yaml` or `.yml` name
/// (its own, or that of the file it links to), or a file named among the claim paths, which is
/// read whatever its name.
fn refuse_claim_file(out: &Path, paths: &[PathBuf]) -> Result<()> {
    let target = link_target(out).map_err(|e| cannot_write(out, &e))?;
    let yaml_name = |path: &Path| {
        path.file_name()
            .is_some_and(|name| is_yaml_name(&name.to_string_lossy()))
    };
    if yaml_name(out) {
        bail!(
            "refusing to write the export to {}: a .yaml or .yml file is where claims live; \
             name it .json, .jsonld or .csv",
            out.display()
        );
    }
    if yaml_name(&target) {
        bail!(
            "refusing to write the export to {}: it links to {}, where claims live",
            out.display(),
            target.display()
        );
    }
    let named = paths
        .iter()
        .any(|path| link_target(path).is_ok_and(|claims| claims == target));
    if named {
        bail!(
            "refusing to write the export to {}: it is one of the claim files being exported",
            out.display()
        );
    }
    Ok(())
}

fn cannot_write(file: &Path, error: &io::Error) -> anyhow::Error {
    anyhow!("cannot write {}: {}", file.display(), io_words(error))
}
