//! The disk work [`App::update`](super::App::update) asks for as effects, done by the event
//! loop (and by tests, the same way): each returns the message that reports how it went.

use std::path::PathBuf;

use super::{Message, ResolveReport, VerdictWrite, WriteReport};
use crate::model::RatingScale;
use crate::search::IndexedFile;
use crate::store::{
    EditError, Pick, VerdictChange, WriteError, apply_verdict_change, load_file,
    replay_verdict_change,
};

/// Writes `write`'s verdict over the one it replaces, refusing when the disk no longer holds
/// that one; then the file is read again, so the app can show what is there instead.
pub fn write_verdict(write: Box<VerdictWrite>, scale: &RatingScale) -> Message {
    let (to, from) = write.change();
    let change = VerdictChange {
        id: write.edit.id.clone(),
        verdict: to.clone(),
        expect: Some(from.clone()),
    };
    let path = &write.edit.path;
    let result = match write.exact() {
        Some(exact) => replay_verdict_change(path, &exact, &change),
        None => apply_verdict_change(path, &change),
    };
    let changed = matches!(
        result,
        Err(WriteError::Edit {
            source: EditError::Changed { .. },
            ..
        })
    );
    let on_disk = changed.then(|| load_file(path, scale));
    Message::VerdictWritten(Box::new(WriteReport {
        write: *write,
        result,
        on_disk,
    }))
}

/// Keeps `pick`'s side of the merge conflict in claim `id`, then reads the file again.
pub fn resolve_conflict(id: String, path: PathBuf, pick: Pick, scale: &RatingScale) -> Message {
    let result = crate::store::resolve_conflict(&path, &id, pick)
        .map(|resolved| (resolved, IndexedFile::new(load_file(&path, scale))));
    Message::ConflictResolved(Box::new(ResolveReport {
        id,
        path,
        pick,
        result,
    }))
}
