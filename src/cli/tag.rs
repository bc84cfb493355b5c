use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{SubsecRound, Utc};

use super::{ReviewArgs, TagArgs};
use crate::config::UserConfig;
use crate::model::{Claim, RatingScale, Review, ReviewState, Verdict};
use crate::reviewer::reviewer;
use crate::store::{
    ClaimField, EditError, VerdictChange, WriteError, Written, apply_verdict_change,
    set_claim_field,
};
use crate::suggest::{closest, did_you_mean};

/// How often `tag` starts again when the verdict changes on disk between its read and its
/// write (another process tagging the same claim at that moment).
const ATTEMPTS: usize = 3;

/// `claimdesk tag`: sets a verdict and says where it was written. Someone else's verdict is
/// replaced only with `--replace`, and only the verdict this run read: one that changes on
/// disk meanwhile is read again and judged again.
pub fn tag(args: &TagArgs) -> Result<String> {
    let scale = super::open_desk(&args.paths)?.scale;
    if !scale.contains(&args.rating) {
        bail!(
            "unknown rating `{}`: use one of {}",
            args.rating,
            scale.describe()
        );
    }
    let by = reviewer(args.by.as_deref(), &UserConfig::load()?)
        .context("cannot tell who is tagging: pass --by NAME (or set `name:` in config.yaml, or git's user.name)")?;
    let verdict = Verdict {
        rating: args.rating.as_str().into(),
        note: args.note.clone().filter(|n| !n.is_empty()),
        by: Some(by.as_str().into()),
        at: Some(Utc::now()),
        review: None,
    };
    let mut attempts = 0;
    loop {
        let claim = find(&args.id, &args.paths, &scale)?;
        if let Some(theirs) = &claim.verdict
            && let Some(owner) = theirs.by.as_deref().filter(|owner| *owner != by)
            && !args.replace
        {
            let at = theirs
                .at
                .map(|at| format!(" of {}", at.format("%Y-%m-%d %H:%M UTC")))
                .unwrap_or_default();
            bail!(
                "`{}` already has {owner}'s verdict `{}`{at}; pass --replace to replace it",
                args.id,
                theirs.rating
            );
        }
        attempts += 1;
        match write(&claim, Some(verdict.clone())) {
            Err(WriteError::Edit {
                source: EditError::Changed { .. },
                ..
            }) if attempts < ATTEMPTS => continue,
            result => return result.map_err(write_failure),
        }
    }
}

/// `claimdesk review`: an editor approves a verdict or sends it back, recorded in its verdict
/// block. Nobody reviews their own verdict; the verdict reviewed is the one this run read.
pub fn review(args: &ReviewArgs) -> Result<String> {
    let by = reviewer(args.by.as_deref(), &UserConfig::load()?)
        .context("cannot tell who is reviewing: pass --by NAME (or set `name:` in config.yaml, or git's user.name)")?;
    let state = if args.approve {
        ReviewState::Approved
    } else {
        ReviewState::ChangesRequested
    };
    let desk = super::open_desk(&args.paths)?;
    let claim = find(&args.id, &args.paths, &desk.scale)?;
    let Some(verdict) = claim.verdict.as_deref().cloned() else {
        bail!("`{}` has no verdict to review: tag one first", args.id);
    };
    if verdict.by.as_deref() == Some(by.as_str()) && !desk.allow_self_approval {
        bail!(
            "`{}` is your own verdict: another editor reviews it (the desk file's allow_self_approval lets you)",
            args.id
        );
    }
    let reviewed = Verdict {
        review: Some(Box::new(Review {
            state,
            by: Some(by.as_str().into()),
            at: Some(Utc::now().trunc_subsecs(0)),
            comment: args.comment.clone().filter(|c| !c.trim().is_empty()),
        })),
        ..verdict
    };
    write(&claim, Some(reviewed)).map_err(write_failure)
}

/// `claimdesk assign`: who works on a claim; an empty name takes the assignment away.
pub fn assign(id: &str, name: &str, paths: &[PathBuf]) -> Result<String> {
    let name = Some(name.trim()).filter(|n| !n.is_empty());
    set_field(id, ClaimField::Assignee, name, paths)
}

/// `claimdesk status`: where a claim stands in the desk's triage, one of its statuses.
pub fn set_status(id: &str, status: &str, paths: &[PathBuf]) -> Result<String> {
    let desk = super::open_desk(paths)?;
    if !desk.statuses().iter().any(|s| s == status) {
        bail!(
            "unknown status `{status}`: use one of {} (the desk file's statuses)",
            desk.statuses().join(", ")
        );
    }
    set_field(id, ClaimField::Status, Some(status), paths)
}

fn set_field(
    id: &str,
    field: ClaimField,
    value: Option<&str>,
    paths: &[PathBuf],
) -> Result<String> {
    let scale = super::open_desk(paths)?.scale;
    let claim = find(id, paths, &scale)?;
    let path: &Path = &claim.origin.path;
    set_claim_field(path, id, field, value).map_err(write_failure)?;
    let what = match value {
        Some(value) => format!("{} set to {value}", field.key()),
        None => format!("{} taken away", field.key()),
    };
    Ok(format!("{id}: {what} in {}", path.display()))
}

/// `claimdesk untag`: removes a verdict. A claim without one is left alone (its file is not
/// even rewritten), and that is not an error: the claim is untagged, as asked.
pub fn untag(id: &str, paths: &[PathBuf]) -> Result<String> {
    let claim = find(id, paths, &super::open_desk(paths)?.scale)?;
    if claim.verdict.is_none() {
        return Ok(format!("`{id}` has no verdict; nothing to remove"));
    }
    write(&claim, None).map_err(write_failure)
}

/// Writes `verdict` over the one `claim` was read with.
fn write(claim: &Claim, verdict: Option<Verdict>) -> Result<String, WriteError> {
    let path = claim.origin.path.to_path_buf();
    let done = if verdict.is_some() {
        "verdict saved to"
    } else {
        "verdict removed from"
    };
    let change = VerdictChange {
        id: claim.id.to_string(),
        verdict,
        expect: Some(claim.verdict.as_deref().cloned()),
    };
    let written = apply_verdict_change(&path, &change)?;
    let links = written
        .as_ref()
        .map_or_else(String::new, Written::links_note);
    Ok(format!("{}: {done} {}{links}", claim.id, path.display()))
}

/// A write's error as the commands say it, as one message (it already ends with its cause,
/// which anyhow would say again as a chain).
pub(super) fn write_failure(error: WriteError) -> anyhow::Error {
    anyhow::Error::msg(error.message_with_retry("run the command again"))
}

pub(super) fn find(id: &str, paths: &[PathBuf], scale: &RatingScale) -> Result<Claim> {
    let corpus = super::load(paths, scale);
    if let Some(claim) = corpus.claims.iter().find(|c| c.id == id) {
        return Ok(claim.clone());
    }
    let searched: Vec<_> = paths.iter().map(|p| p.display().to_string()).collect();
    let ids = corpus.claims.iter().map(|c| c.id.as_str());
    let hint = did_you_mean(&closest(id, ids, 3))
        .unwrap_or_else(|| "`claimdesk list --format ids` lists the ids".to_string());
    let mut message = format!("no claim with id `{id}` in {}; {hint}", searched.join(", "));
    if corpus.errors() > 0 {
        message.push_str(&format!(
            " ({} load errors: `claimdesk validate` shows them)",
            corpus.errors()
        ));
    }
    bail!(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The claim renamed or its verdict changed between the command's read and its write:
    /// "reload" is the dashboard's way out; a command is run again.
    #[test]
    fn a_stale_write_says_to_run_the_command_again_not_to_reload() {
        let stale = [
            EditError::NotFound { id: "a".into() },
            EditError::Changed {
                line: 3,
                id: "a".into(),
            },
        ];
        for source in stale {
            let error = WriteError::Edit {
                path: "claims/c.yaml".into(),
                source,
            };
            let message = write_failure(error).to_string();
            assert!(message.starts_with("claims/c.yaml:"), "{message}");
            assert!(message.contains("`a`"), "{message}");
            assert!(message.ends_with("; run the command again"), "{message}");
            assert!(!message.contains("reload"), "{message}");
        }
    }
}
