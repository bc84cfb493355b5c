//! The shared-edit promise in the dashboard: a colleague's verdict is never replaced without
//! asking, pastes are text, notes are the user's own words, and undo is byte-exact.

use super::*;

/// The sample's claims `cowin-data-via-telegram-bot` (tagged by `sample`) and
/// `cowin-data-available-online` (untagged), in a copy the tests may write.
const TAGGED: &str = "cowin-data-via-telegram-bot";
const UNTAGGED: &str = "cowin-data-available-online";

fn erins(rating: &str) -> Verdict {
    Verdict {
        rating: rating.into(),
        note: Some("checked with the ministry".into()),
        by: Some("erin".into()),
        at: Some("2026-11-27T10:30:00Z".parse().unwrap()),
        review: None,
    }
}

/// A colleague tags `id` on disk behind the dashboard's back.
fn colleague_tags(path: &Path, id: &str, verdict: Verdict) {
    let change = VerdictChange {
        id: id.into(),
        verdict: Some(verdict),
        expect: None,
    };
    apply_verdict_change(path, &change).unwrap();
}

fn confirm_replace(app: &App) -> (&Option<Verdict>, ReplaceReason) {
    match &app.popup {
        Some(Popup::ConfirmReplace {
            current, reason, ..
        }) => (current, *reason),
        other => panic!("a question about replacing expected, got {other:?}"),
    }
}

#[test]
fn a_verdict_tagged_behind_the_picker_is_kept_until_the_user_says_replace() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "v");
    // While the picker is open, a colleague tags the claim and the dashboard reloads it.
    colleague_tags(&path, UNTAGGED, erins("pants-on-fire"));
    let changed = load_file(&path, &app.scale);
    send(
        &mut app,
        Message::FilesChanged(vec![IndexedFile::new(changed)]),
    );
    assert!(matches!(app.popup, Some(Popup::VerdictPicker { .. })));

    press(&mut app, "5my note<enter>");
    let (current, reason) = confirm_replace(&app);
    assert_eq!(reason, ReplaceReason::ChangedOnDisk);
    assert_eq!(current, &Some(erins("pants-on-fire")));
    assert_eq!(
        verdict_on_disk(&path, UNTAGGED),
        Some(erins("pants-on-fire"))
    );

    press(&mut app, "n");
    assert!(app.popup.is_none());
    assert_eq!(
        verdict_on_disk(&path, UNTAGGED),
        Some(erins("pants-on-fire"))
    );
    assert!(app.undo.is_empty());
}

#[test]
fn a_verdict_tagged_behind_the_note_input_before_any_reload_is_asked_about_too() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "v5mine");
    // The watcher has not caught up: the write itself finds the colleague's verdict.
    colleague_tags(&path, UNTAGGED, erins("misleading"));
    press(&mut app, "<enter>");
    let (current, reason) = confirm_replace(&app);
    assert_eq!(reason, ReplaceReason::ChangedOnDisk);
    assert_eq!(current, &Some(erins("misleading")));
    assert_eq!(verdict_on_disk(&path, UNTAGGED), Some(erins("misleading")));

    press(&mut app, "y");
    let on_disk = verdict_on_disk(&path, UNTAGGED).unwrap();
    assert_eq!(
        (on_disk.rating.as_str(), on_disk.note.as_deref()),
        ("false", Some("mine"))
    );
    assert_eq!(in_memory(&app, UNTAGGED).verdict.as_deref(), Some(&on_disk));
    // Undo brings the colleague's verdict back, not the untagged claim of before.
    press(&mut app, "u");
    assert_eq!(verdict_on_disk(&path, UNTAGGED), Some(erins("misleading")));
}

#[test]
fn replacing_someone_elses_verdict_asks_first() {
    let (_dir, path) = sample_copy();
    colleague_tags(&path, UNTAGGED, erins("pants-on-fire"));
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "v5<enter>");
    let (current, reason) = confirm_replace(&app);
    assert_eq!(reason, ReplaceReason::SomeoneElses);
    assert_eq!(current, &Some(erins("pants-on-fire")));
    let screen = screen(&app);
    assert!(screen.contains("Replace erin's PANTS-ON-FIRE"), "{screen}");
    press(&mut app, "y");
    assert_eq!(verdict_on_disk(&path, UNTAGGED).unwrap().rating, "false");

    // One's own verdict is re-tagged without a question.
    press(&mut app, "v4<enter>");
    assert!(app.popup.is_none(), "{:?}", app.popup);
    assert_eq!(
        verdict_on_disk(&path, UNTAGGED).unwrap().rating,
        "mostly-false"
    );
}

#[test]
fn the_note_starts_empty_and_the_old_note_is_taken_over_only_on_request() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "jv<enter>");
    let Some(Popup::NoteInput { input, .. }) = &app.popup else {
        panic!("note input expected, got {:?}", app.popup);
    };
    assert_eq!(
        input.text, "",
        "typing must not append to a colleague's words"
    );
    let screen = screen(&app);
    assert!(screen.contains("Current note by sample"), "{screen}");

    press(&mut app, "<c-o>");
    let Some(Popup::NoteInput { input, .. }) = &app.popup else {
        panic!("note input expected");
    };
    let old = verdict_on_disk(&path, TAGGED).unwrap().note.unwrap();
    assert_eq!(input.text, old, "taken over as it is, line breaks and all");
}

#[test]
fn a_paste_is_typed_into_the_note_and_never_run_as_keys() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "v5");
    let pasted = "first line\r\nthen u and q\nand j\u{1b}[2J";
    send(&mut app, Message::Paste(pasted.to_string()));
    assert!(!app.quit);
    press(&mut app, "<enter>");
    let on_disk = verdict_on_disk(&path, UNTAGGED).unwrap();
    assert_eq!(
        on_disk.note.as_deref(),
        Some("first line\nthen u and q\nand j[2J"),
        "line breaks kept, the escape dropped"
    );
    assert_eq!(app.undo.len(), 1, "nothing was undone by the paste");
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .contains("      note: |-\n        first line\n")
    );
}

#[test]
fn a_paste_with_no_input_focused_is_ignored_and_said_so() {
    let (_dir, path) = sample_copy();
    let before = fs::read(&path).unwrap();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    send(&mut app, Message::Paste("v5<enter>uqj".into()));
    assert!(!app.quit);
    assert!(app.popup.is_none());
    assert_eq!(selected_id(&app), listed(&app)[0]);
    assert_eq!(fs::read(&path).unwrap(), before);
    let (text, tone) = status(&app);
    assert_eq!(tone, Tone::Error);
    assert!(text.contains("paste ignored"), "{text}");

    // Into the search, a multi-line paste is one line of query.
    send(&mut app, Message::Key(KeyEvent::from(KeyCode::Char('/'))));
    send(&mut app, Message::Paste("available\nonline".into()));
    assert_eq!(app.filter.query.text(), "available online");
}

#[test]
fn a_note_typed_with_line_breaks_is_written_as_a_literal_block() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "v5one");
    send(
        &mut app,
        Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)),
    );
    press(&mut app, "two<c-j>three<enter>");
    let on_disk = verdict_on_disk(&path, UNTAGGED).unwrap();
    assert_eq!(on_disk.note.as_deref(), Some("one\ntwo\nthree"));
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("      note: |-\n        one\n        two\n        three\n"),
        "{text}"
    );
}

#[test]
fn a_multi_line_note_taken_over_and_saved_round_trips_unchanged() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "v5one<c-j><c-j>three<enter>");
    let first = fs::read_to_string(&path).unwrap();
    let note = verdict_on_disk(&path, UNTAGGED).unwrap().note;
    assert_eq!(note.as_deref(), Some("one\n\nthree"));
    press(&mut app, "v5<c-o><enter>");
    assert_eq!(verdict_on_disk(&path, UNTAGGED).unwrap().note, note);
    let second = fs::read_to_string(&path).unwrap();
    let note_lines = |t: &str| t.lines().filter(|l| l.starts_with("        ")).count();
    assert_eq!(note_lines(&first), note_lines(&second));
}

#[test]
fn clear_then_undo_restores_a_hand_written_verdict_byte_for_byte() {
    let (_dir, path) = sample_copy();
    let text = fs::read_to_string(&path).unwrap();
    let hand_written = text.replacen(
        "      rating: mostly-true\n",
        "      rating: mostly-true   # checked twice\n      at: 2026-11-27T16:00:00+05:30\n",
        1,
    );
    assert_ne!(hand_written, text);
    fs::write(&path, &hand_written).unwrap();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "jxy");
    assert_eq!(verdict_on_disk(&path, TAGGED), None);
    press(&mut app, "u");
    assert_eq!(fs::read_to_string(&path).unwrap(), hand_written);
    press(&mut app, "<c-r>u");
    assert_eq!(fs::read_to_string(&path).unwrap(), hand_written);
}

#[test]
fn undo_after_someone_else_changed_the_file_falls_back_to_the_writers_layout() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "v5<enter>");
    // A colleague tags another claim in the same file.
    colleague_tags(&path, "obrien-tip-of-the-iceberg", erins("misleading"));
    press(&mut app, "u");
    assert_eq!(verdict_on_disk(&path, UNTAGGED), None);
    assert_eq!(
        verdict_on_disk(&path, "obrien-tip-of-the-iceberg"),
        Some(erins("misleading"))
    );
}
