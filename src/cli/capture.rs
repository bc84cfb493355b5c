//! `claimdesk add`, `rebut` and `import`: claims and rebuttals entered from scripts and from
//! other fact-checkers' data, written like the dashboard's forms write them.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

use super::tag::{find, write_failure};
use super::{AddArgs, ImportArgs, RebutArgs};
use crate::capture::{check_id, new_id, parse_date};
use crate::import;
use crate::model::{Rebuttal, Source};
use crate::store::{NewClaim, add_claims, add_rebuttal};

/// Adds the claim and returns its id (the only thing printed, for scripts to use).
pub fn add(args: &AddArgs) -> Result<String> {
    let date = optional_date(args.date.as_deref())?;
    let corpus = desk_of(&args.into)?;
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
    let claim = find(&args.id, &args.paths, &super::open_desk(&args.paths)?.scale)?;
    let path: &Path = &claim.origin.path;
    add_rebuttal(path, &args.id, &rebuttal).map_err(write_failure)?;
    Ok(format!("{}: rebuttal added in {}", args.id, path.display()))
}

/// Adds the claims of `args.file` that the desk does not hold yet, and says how many.
/// Nothing is written when the input is malformed anywhere.
pub fn import(args: &ImportArgs) -> Result<String> {
    let input =
        std::fs::read_to_string(&args.file).map_err(|e| anyhow!("{}: {e}", args.file.display()))?;
    let json: serde_json::Value = serde_json::from_str(&input).map_err(|e| {
        anyhow!(
            "{}:{}:{}: not JSON ({e}); nothing was imported",
            args.file.display(),
            e.line(),
            e.column()
        )
    })?;
    let found = import::read(&json)
        .map_err(|e| anyhow!("{}: {e}; nothing was imported", args.file.display()))?;
    let corpus = desk_of(&args.into)?;
    let source_url = |source: Option<&Source>| source.and_then(|s| s.url.clone());
    let mut present: Vec<(String, Option<String>)> = corpus
        .claims
        .iter()
        .map(|c| {
            (
                c.assertion.trim().to_string(),
                source_url(c.source.as_deref()),
            )
        })
        .collect();
    let mut ids: Vec<String> = corpus.claims.iter().map(|c| c.id.to_string()).collect();
    let (mut claims, mut skipped) = (Vec::new(), 0);
    for imported in found {
        let key = (imported.assertion.trim().to_string(), imported.url.clone());
        if present.contains(&key) {
            skipped += 1;
            continue;
        }
        present.push(key);
        let id = new_id(
            &imported.claimant,
            &imported.assertion,
            imported.date,
            |id| ids.iter().any(|taken| taken == id),
        );
        ids.push(id.clone());
        claims.push(imported.into_claim(id));
    }
    if !claims.is_empty() {
        add_claims(&args.into, &claims).map_err(write_failure)?;
    }
    let noun = if claims.len() == 1 { "claim" } else { "claims" };
    Ok(format!(
        "imported {} {noun} into {} ({skipped} already there, skipped)",
        claims.len(),
        args.into.display()
    ))
}

/// Every claim in the folder of claim file `into`: ids are unique across the desk, and an
/// import skips what the desk already holds.
fn desk_of(into: &Path) -> Result<crate::store::Corpus> {
    let folder = match into.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let folder = std::slice::from_ref(&folder);
    Ok(super::load(folder, &super::open_desk(folder)?.scale))
}

fn optional_date(text: Option<&str>) -> Result<Option<NaiveDate>> {
    text.map(parse_date).transpose().map_err(|e| anyhow!(e))
}
