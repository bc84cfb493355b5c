use anyhow::Result;

use super::ResolveArgs;
use crate::model::describe_verdict;
use crate::store::{Pick, hard_link_note, load_file, resolve_conflict};

/// `claimdesk resolve`: keeps one side of a claim's merge conflict and says what is left.
pub fn resolve(args: &ResolveArgs) -> Result<String> {
    let (pick, side) = if args.theirs {
        (Pick::Theirs, "theirs")
    } else {
        (Pick::Ours, "ours")
    };
    let id = &args.id;
    let scale = super::open_desk(&args.paths)?.scale;
    let path = super::tag::find(id, &args.paths, &scale)?
        .origin
        .path
        .to_path_buf();
    let resolved = resolve_conflict(&path, id, pick).map_err(super::tag::write_failure)?;
    // Read back, so the message says what the file holds now (a side may have deleted it).
    let now = load_file(&path, &scale);
    let kept = match now.claims.iter().find(|c| c.id == *id) {
        Some(claim) => describe_verdict(claim.verdict.as_deref()),
        None => "the claim deleted".to_string(),
    };
    let file = path.display();
    let left = match resolved.left_in_file {
        0 => format!("no conflicts left in the file: ready to `git add {file}`"),
        1 => "1 conflict left in the file".to_string(),
        n => format!("{n} conflicts left in the file"),
    };
    let links = hard_link_note(resolved.other_links);
    Ok(format!(
        "{id}: kept {side} ({kept}) in {file}{links}; {left}"
    ))
}
