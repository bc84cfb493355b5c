//! `claimdesk add` and `claimdesk rebut`: claims and rebuttals entered from scripts, written
//! like the dashboard's forms write them.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

use super::tag::{find, write_failure};
use super::{AddArgs, RebutArgs};
use crate::capture::{check_id, new_id, parse_date};
use crate::model::{RatingScale, Rebuttal, Source};
use crate::store::{NewClaim, add_claims, add_rebuttal};

/// Adds the claim and returns its id (the only thing printed, for scripts to use).
pub fn add(args: &AddArgs) -> Result<String> {
    let date = optional_date(args.date.as_deref())?;
    let folder = match args.into.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Ids are unique across the desk: every claim in the target file's folder.
    let corpus = super::load(std::slice::from_ref(&folder), &RatingScale::default());
    let owner = |id: &str| corpus.claims.iter().find(|c| c.id == id);
    let id = match &args.id {
        Some(id) => {
            check_id(id).map_err(|e| anyhow!(e))?;
            if let Some(claim) = owner(id) {
                let origin = &claim.origin;
                bail!(
                    "id `{id}` is taken by the claim at {}:{}; choose another --id",
                    origin.path.display(),
                    origin.line
                );
            }
            id.clone()
        }
        None => new_id(&args.claimant, &args.assertion, date, |id| {
            owner(id).is_some()
        }),
    };
    let source = Source {
        name: args.source_name.as_deref().map(Into::into),
        url: args.url.clone(),
        quote: args.quote.clone(),
    };
    let has_source = source != Source::default();
    let claim = NewClaim {
        id: id.clone(),
        assertion: args.assertion.clone(),
        claimant: args.claimant.clone(),
        date,
        source: has_source.then_some(source),
        tags: args.tags.clone(),
        rebuttals: Vec::new(),
    };
    add_claims(&args.into, &[claim]).map_err(write_failure)?;
    Ok(id)
}

/// Adds the rebuttal to the claim and says where.
pub fn rebut(args: &RebutArgs) -> Result<String> {
    let rebuttal = Rebuttal {
        by: args.by.as_str().into(),
        text: args.text.clone(),
        date: optional_date(args.date.as_deref())?,
        url: args.url.clone(),
    };
    let claim = find(&args.id, &args.paths)?;
    let path: &Path = &claim.origin.path;
    add_rebuttal(path, &args.id, &rebuttal).map_err(write_failure)?;
    Ok(format!("{}: rebuttal added in {}", args.id, path.display()))
}

fn optional_date(text: Option<&str>) -> Result<Option<NaiveDate>> {
    text.map(parse_date).transpose().map_err(|e| anyhow!(e))
}
