use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::Utc;

use super::TagArgs;
use crate::model::{Claim, RatingScale, Verdict};
use crate::reviewer::reviewer;
use crate::store::{VerdictChange, apply_verdict_change};

/// `claimdesk tag`: sets a verdict and says where it was written.
pub fn tag(args: &TagArgs) -> Result<String> {
    let scale = RatingScale::default();
    if !scale.contains(&args.rating) {
        bail!(
            "unknown rating `{}`: use one of {}",
            args.rating,
            scale.describe()
        );
    }
    let by = reviewer(args.by.as_deref())
        .context("cannot tell who is tagging: pass --by NAME (or set git's user.name)")?;
    let verdict = Verdict {
        rating: args.rating.as_str().into(),
        note: args.note.clone().filter(|n| !n.is_empty()),
        by: Some(by.into()),
        at: Some(Utc::now()),
    };
    write(&args.id, Some(verdict), &args.paths)
}

/// `claimdesk untag`: removes a verdict.
pub fn untag(id: &str, paths: &[PathBuf]) -> Result<String> {
    write(id, None, paths)
}

fn write(id: &str, verdict: Option<Verdict>, paths: &[PathBuf]) -> Result<String> {
    let claim = find(id, paths)?;
    let path = claim.origin.path.to_path_buf();
    let done = if verdict.is_some() {
        "verdict saved to"
    } else {
        "verdict removed from"
    };
    let change = VerdictChange {
        id: id.to_string(),
        verdict,
        expect: None,
    };
    apply_verdict_change(&path, &change)?;
    Ok(format!("{id}: {done} {}", path.display()))
}

pub(super) fn find(id: &str, paths: &[PathBuf]) -> Result<Claim> {
    let corpus = super::load(paths, &RatingScale::default());
    if let Some(claim) = corpus.claims.iter().find(|c| c.id == id) {
        return Ok(claim.clone());
    }
    let searched: Vec<_> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut message = format!(
        "no claim with id `{id}` in {}; `claimdesk list --format ids` lists the ids",
        searched.join(", ")
    );
    if corpus.errors() > 0 {
        message.push_str(&format!(
            " ({} load errors: `claimdesk validate` shows them)",
            corpus.errors()
        ));
    }
    bail!(message)
}
