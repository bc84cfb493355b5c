//! The disk work [`App::update`](super::App::update) asks for as effects, done by the event
//! loop (and by tests, the same way): each returns the message that reports how it went.

use std::path::PathBuf;

use super::{
    AddReport, AddRequest, Addition, FieldReport, FieldRequest, Message, ReplayReport,
    ReplayRequest, ResolveReport, VerdictWrite, WritePurpose, WriteReport,
};
use crate::model::RatingScale;
use crate::search::IndexedFile;
use crate::store::{
    EditError, Pick, VerdictChange, WriteError, add_claims, add_rebuttal, apply_verdict_change,
    load_file, replay_verdict_change, rewrite_locked, set_claim_field,
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

/// Adds what a form holds to its file, then reads the file again.
pub fn add(request: Box<AddRequest>, scale: &RatingScale) -> Message {
    let path = &request.path;
    let written = match &request.addition {
        Addition::Claim(claim) => add_claims(path, std::slice::from_ref(claim)),
        Addition::Rebuttal { id, rebuttal } => add_rebuttal(path, id, rebuttal),
    };
    let result = written.map(|written| (written, IndexedFile::new(load_file(path, scale))));
    Message::Added(Box::new(AddReport {
        request: *request,
        result,
    }))
}

/// Takes an addition out of its file (undo) or puts it back (redo), byte for byte; refused
/// when the file changed since, then reads the file again.
pub fn replay_addition(request: ReplayRequest, scale: &RatingScale) -> Message {
    let added = &request.added;
    let exact = match request.purpose {
        WritePurpose::Undo => added.written.reversed(),
        WritePurpose::Redo | WritePurpose::Tag => added.written.clone(),
    };
    let written = rewrite_locked(&added.path, |text| {
        exact.replay_on(text).ok_or(EditError::ChangedSince)
    });
    let result = written.map(|written| (written, IndexedFile::new(load_file(&added.path, scale))));
    Message::AdditionReplayed(Box::new(ReplayReport { request, result }))
}

/// Sets a claim's assignee or status, then reads the file again.
pub fn set_field(request: FieldRequest, scale: &RatingScale) -> Message {
    let written = set_claim_field(
        &request.path,
        &request.id,
        request.field,
        request.value.as_deref(),
    );
    let result =
        written.map(|written| (written, IndexedFile::new(load_file(&request.path, scale))));
    Message::FieldSet(Box::new(FieldReport { request, result }))
}
