use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::testing::{
    SAMPLE, app_with, listed, press, sample_app, sample_copy, screen, selected_id, send,
};
use super::*;
use crate::model::RatingScale;
use crate::store::{VerdictChange, apply_verdict_change, load_file};

fn verdict_on_disk(path: &Path, id: &str) -> Option<Verdict> {
    let file = load_file(path, &RatingScale::default());
    file.claims
        .into_iter()
        .find(|c| c.id == id)?
        .verdict
        .map(|v| *v)
}

fn in_memory<'a>(app: &'a App, id: &str) -> &'a Claim {
    app.claims()
        .iter()
        .find(|c| c.id == id)
        .expect("claim loaded")
}

fn status(app: &App) -> (&str, Tone) {
    let status = app.status.as_ref().expect("a status message");
    (&status.text, status.tone)
}

#[test]
fn j_k_g_and_page_keys_move_and_stop_at_the_ends() {
    let mut app = sample_app();
    press(&mut app, "jj");
    assert_eq!(selected_id(&app), "obrien-deep-rooted-conspiracy");
    press(&mut app, "k<down>");
    assert_eq!(app.selected, 2);
    press(&mut app, "G");
    assert_eq!(selected_id(&app), "cowin-portal-completely-safe");
    press(&mut app, "jjj<pgdn>");
    assert_eq!(app.selected, 5);
    press(&mut app, "g");
    assert_eq!(app.selected, 0);
    press(&mut app, "<up><pgup>");
    assert_eq!(app.selected, 0);
    press(&mut app, "<end>");
    assert_eq!(app.selected, 5);
    press(&mut app, "<home>");
    assert_eq!(app.selected, 0);
}

#[test]
fn page_down_moves_by_the_rows_on_screen() {
    let mut app = app_with(&[Path::new(SAMPLE)], 80, 15, Theme { color: true });
    // 15 rows: 1 status line, 2 borders, so 12 claim rows: more than the sample holds.
    press(&mut app, "<pgdn>");
    assert_eq!(app.selected, 5);
}

#[test]
fn every_key_is_safe_with_no_claims() {
    let empty = tempfile::tempdir().unwrap();
    let mut app = app_with(&[], 80, 24, Theme { color: true });
    app.paths = vec![empty.path().to_path_buf()];
    press(
        &mut app,
        "jkgG<pgdn><pgup><home><end><tab>jk<tab><enter>nNsvx u<c-r>!<esc>?<esc>f<space>j<space><esc>/abc<bs><enter><esc>",
    );
    assert!(app.selected_claim().is_none());
    assert!(!app.quit);
}

#[test]
fn search_narrows_the_list_as_letters_are_typed() {
    let mut app = sample_app();
    press(&mut app, "/");
    assert_eq!(app.contexts().last(), Some(&Context::Search));
    let mut sizes = Vec::new();
    for c in "telegram".chars() {
        press(&mut app, &c.to_string());
        sizes.push(app.view.len());
    }
    assert!(sizes.windows(2).all(|w| w[1] <= w[0]), "{sizes:?}");
    assert_eq!(
        listed(&app),
        [
            "cowin-data-available-online",
            "cowin-data-via-telegram-bot",
            "obrien-tip-of-the-iceberg"
        ]
    );
    assert_eq!(app.filter.query.text(), "telegram");
}

#[test]
fn esc_clears_the_search_and_keeps_the_claim_selected() {
    let mut app = sample_app();
    press(&mut app, "/iceberg");
    assert_eq!(listed(&app), ["obrien-tip-of-the-iceberg"]);
    press(&mut app, "<esc>");
    assert_eq!(app.view.len(), 6);
    assert!(app.search.is_none());
    assert_eq!(selected_id(&app), "obrien-tip-of-the-iceberg");
}

#[test]
fn enter_keeps_the_filter_and_n_steps_through_the_matches() {
    let mut app = sample_app();
    press(&mut app, "/telegram<enter>");
    assert!(app.search.is_none());
    assert_eq!(app.view.len(), 3);
    assert_eq!(selected_id(&app), "cowin-data-available-online");
    press(&mut app, "n");
    assert_eq!(selected_id(&app), "cowin-data-via-telegram-bot");
    press(&mut app, "nn");
    assert_eq!(
        selected_id(&app),
        "cowin-data-available-online",
        "wraps around"
    );
    press(&mut app, "N");
    assert_eq!(selected_id(&app), "obrien-tip-of-the-iceberg", "wraps back");
    // Esc on the main screen clears the kept filter.
    press(&mut app, "<esc>");
    assert_eq!(app.view.len(), 6);
}

#[test]
fn backspace_widens_the_search_again() {
    let mut app = sample_app();
    press(&mut app, "/icebergx");
    assert!(app.view.is_empty());
    press(&mut app, "<bs>");
    assert_eq!(listed(&app), ["obrien-tip-of-the-iceberg"]);
}

#[test]
fn verdict_filter_shows_only_the_chosen_verdicts() {
    let mut app = sample_app();
    press(&mut app, "f");
    assert!(matches!(
        app.popup,
        Some(Popup::FilterPicker { selected: 0 })
    ));
    // Entry 0 is "untagged", then the scale: true, mostly-true, ...
    press(&mut app, "jj<space>");
    assert_eq!(listed(&app), ["cowin-data-via-telegram-bot"]);
    press(&mut app, "<up><up><space>");
    assert_eq!(app.view.len(), 5, "mostly-true or untagged");
    press(&mut app, "<space><esc>");
    assert!(app.popup.is_none());
    assert_eq!(listed(&app), ["cowin-data-via-telegram-bot"]);
}

#[test]
fn s_cycles_the_sort_order() {
    let mut app = sample_app();
    press(&mut app, "s");
    assert_eq!(app.sort, Sort::Date);
    // The O'Brien claims are dated 2023-06-15, the others 2023-06-12.
    assert_eq!(listed(&app)[0], "obrien-deep-rooted-conspiracy");
    press(&mut app, "s");
    assert_eq!(app.sort, Sort::Rating);
    assert_eq!(
        listed(&app)[..2],
        [
            "cowin-data-via-telegram-bot",
            "obrien-deep-rooted-conspiracy"
        ]
    );
    assert_eq!(status(&app), ("sorted by rating", Tone::Info));
    press(&mut app, "ss");
    assert_eq!(app.sort, Sort::FileOrder);
}

#[test]
fn tagging_writes_the_verdict_to_disk_at_once() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "jjj");
    let id = "obrien-threat-to-government-organs";
    assert_eq!(selected_id(&app), id);
    press(&mut app, "v");
    assert!(matches!(
        app.popup,
        Some(Popup::VerdictPicker { selected: 0, .. })
    ));
    press(&mut app, "5");
    assert!(matches!(&app.popup, Some(Popup::NoteInput { rating, .. }) if rating == "false"));
    press(&mut app, "no evidence in the report<enter>");
    assert!(app.popup.is_none());

    let on_disk = verdict_on_disk(&path, id).expect("verdict written");
    assert_eq!(on_disk.rating, "false");
    assert_eq!(on_disk.note.as_deref(), Some("no evidence in the report"));
    assert_eq!(on_disk.by.as_deref(), Some("tester"));
    assert!(on_disk.at.is_some());
    assert_eq!(in_memory(&app, id).verdict.as_deref(), Some(&on_disk));
    let (text, tone) = status(&app);
    assert_eq!(tone, Tone::Info);
    assert_eq!(text, format!("{id}: verdict saved to {}", path.display()));
}

#[test]
fn update_never_touches_the_disk_itself_a_write_is_an_effect() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    let before = fs::read(&path).unwrap();
    press(&mut app, "jjjv5");
    let effect = app.update(Message::Key(KeyEvent::from(KeyCode::Enter)));
    let Some(Effect::WriteVerdict(write)) = effect else {
        panic!("expected a write, got {effect:?}");
    };
    assert_eq!(fs::read(&path).unwrap(), before, "nothing written yet");
    assert!(app.undo.is_empty() && in_memory(&app, &write.edit.id).verdict.is_none());
    // The event loop performs it and reports back; then memory and undo follow the disk.
    let id = write.edit.id.clone();
    send(
        &mut app,
        disk::write_verdict(write, &RatingScale::default()),
    );
    assert_eq!(verdict_on_disk(&path, &id).unwrap().rating, "false");
    assert_eq!(
        in_memory(&app, &id).verdict.as_ref().unwrap().rating,
        "false"
    );
    assert_eq!(app.undo.len(), 1);
    let undo = app.update(Message::Key(KeyEvent::from(KeyCode::Char('u'))));
    assert!(matches!(undo, Some(Effect::WriteVerdict(w)) if w.purpose == WritePurpose::Undo));
    assert!(
        verdict_on_disk(&path, &id).is_some(),
        "still there until the loop undoes it"
    );
}

#[test]
fn tagging_a_hard_linked_file_says_its_other_link_keeps_the_old_text() {
    let (dir, path) = sample_copy();
    fs::hard_link(&path, dir.path().join("elsewhere.yaml")).unwrap();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "jjjv5<enter>");
    let id = selected_id(&app).to_string();
    assert!(verdict_on_disk(&path, &id).is_some());
    assert_eq!(
        status(&app),
        (
            format!(
                "{id}: verdict saved to {} (it was hard-linked: its other link keeps the old text)",
                path.display()
            )
            .as_str(),
            Tone::Info
        )
    );
    // The write gave this name a file of its own; linked again, undo says so too.
    fs::hard_link(&path, dir.path().join("again.yaml")).unwrap();
    press(&mut app, "u");
    assert!(
        status(&app)
            .0
            .ends_with("(it was hard-linked: its other link keeps the old text)"),
        "{:?}",
        status(&app)
    );
}

#[test]
fn the_picker_starts_on_the_current_rating() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "jv");
    assert!(matches!(
        app.popup,
        Some(Popup::VerdictPicker { selected: 1, .. })
    ));
    press(&mut app, "<down><enter>");
    let Some(Popup::NoteInput { rating, .. }) = &app.popup else {
        panic!("note input expected, got {:?}", app.popup);
    };
    assert_eq!(rating, "half-true");
}

#[test]
fn esc_in_the_note_cancels_the_whole_tagging() {
    let (_dir, path) = sample_copy();
    let before = fs::read(&path).unwrap();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "v1a note<esc>");
    assert!(app.popup.is_none());
    assert_eq!(fs::read(&path).unwrap(), before);
    assert!(app.undo.is_empty());
}

#[test]
fn typing_q_in_the_note_or_the_search_does_not_quit() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "v1quite q?<left><left>!");
    assert!(!app.quit);
    let Some(Popup::NoteInput { input, .. }) = &app.popup else {
        panic!("note input expected");
    };
    assert_eq!(input.text, "quite !q?");
    press(&mut app, "<esc>/q");
    assert!(!app.quit);
    assert_eq!(app.filter.query.text(), "q");
}

#[test]
fn ctrl_c_quits_from_anywhere() {
    let mut app = sample_app();
    press(&mut app, "v1<c-c>");
    assert!(app.quit);
    let mut app = sample_app();
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn digits_beyond_the_scale_are_ignored() {
    let mut app = sample_app();
    press(&mut app, "v9");
    assert!(matches!(app.popup, Some(Popup::VerdictPicker { .. })));
}

#[test]
fn undo_restores_the_file_bytes_and_redo_reapplies() {
    let (_dir, path) = sample_copy();
    let original = fs::read(&path).unwrap();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    let id = "cowin-data-available-online";
    press(&mut app, "v7<enter>");
    let tagged = fs::read(&path).unwrap();
    assert_ne!(tagged, original);

    press(&mut app, "u");
    assert_eq!(fs::read(&path).unwrap(), original);
    assert_eq!(in_memory(&app, id).verdict, None);
    assert!(
        status(&app)
            .0
            .starts_with(&format!("undone: {id} is untagged again"))
    );

    press(&mut app, "<c-r>");
    assert_eq!(fs::read(&path).unwrap(), tagged);
    assert_eq!(
        in_memory(&app, id).verdict.as_ref().unwrap().rating,
        "misleading"
    );

    press(&mut app, "<c-r>");
    assert_eq!(status(&app), ("nothing to redo", Tone::Info));
}

#[test]
fn undo_of_a_changed_verdict_brings_the_old_one_back() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    let id = "cowin-data-via-telegram-bot";
    let old = verdict_on_disk(&path, id);
    press(&mut app, "jv5<enter>u");
    assert_eq!(verdict_on_disk(&path, id), old);
    assert_eq!(in_memory(&app, id).verdict.as_deref(), old.as_ref());
}

#[test]
fn x_asks_before_clearing_the_verdict() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    let id = "cowin-data-via-telegram-bot";
    press(&mut app, "jx");
    assert!(matches!(app.popup, Some(Popup::ConfirmClear { .. })));
    press(&mut app, "n");
    assert!(verdict_on_disk(&path, id).is_some());
    press(&mut app, "xy");
    assert_eq!(verdict_on_disk(&path, id), None);
    assert_eq!(in_memory(&app, id).verdict, None);
    press(&mut app, "x");
    assert_eq!(status(&app).1, Tone::Error, "nothing left to clear");
}

#[test]
fn a_verdict_changed_on_disk_is_not_overwritten() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    let id = "cowin-data-available-online";
    let theirs = Verdict {
        rating: "true".into(),
        note: None,
        by: Some("someone else".into()),
        at: None,
        review: None,
    };
    let change = VerdictChange {
        id: id.into(),
        verdict: Some(theirs.clone()),
        expect: None,
    };
    apply_verdict_change(&path, &change).unwrap();

    press(&mut app, "v5<enter>");
    assert!(
        matches!(
            &app.popup,
            Some(Popup::ConfirmReplace { current, reason: ReplaceReason::ChangedOnDisk, .. })
                if current.as_ref() == Some(&theirs)
        ),
        "asks, showing what is on disk: {:?}",
        app.popup
    );
    assert_eq!(verdict_on_disk(&path, id), Some(theirs.clone()));
    assert_eq!(
        in_memory(&app, id).verdict.as_deref(),
        Some(&theirs),
        "memory now matches the disk"
    );
    assert!(app.undo.is_empty());
}

#[test]
fn a_claim_removed_on_disk_gives_an_error_and_no_change() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("id: cowin-data-available-online", "id: renamed"),
    )
    .unwrap();
    press(&mut app, "v5<enter>");
    let (message, tone) = status(&app);
    assert_eq!(tone, Tone::Error);
    assert!(
        message.contains("no claim with id `cowin-data-available-online`"),
        "{message}"
    );
    assert!(message.ends_with("; reload and try again"), "{message}");
    assert_eq!(in_memory(&app, "cowin-data-available-online").verdict, None);
}

#[test]
fn a_changed_file_replaces_its_claims_and_keeps_the_selection() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "jjjj");
    let id = "obrien-tip-of-the-iceberg";
    assert_eq!(selected_id(&app), id);

    // Someone else tags a claim and adds a new one at the top of the list.
    let change = VerdictChange {
        id: "obrien-threat-to-government-organs".into(),
        verdict: Some(Verdict {
            rating: "misleading".into(),
            note: None,
            by: Some("other".into()),
            at: None,
            review: None,
        }),
        expect: None,
    };
    apply_verdict_change(&path, &change).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    let added = "claims:\n  - id: brand-new\n    assertion: new\n    claimant: someone\n";
    fs::write(&path, text.replacen("claims:\n", added, 1)).unwrap();

    let changed = load_file(&path, &app.scale);
    send(
        &mut app,
        Message::FilesChanged(vec![IndexedFile::new(changed)]),
    );
    assert_eq!(app.claims().len(), 7, "replaced, not duplicated");
    assert_eq!(
        status(&app).0,
        "cowin-2023-06.yaml changed on disk: 1 claim added"
    );
    assert_eq!(listed(&app)[0], "brand-new");
    assert_eq!(selected_id(&app), id);
    let tagged = in_memory(&app, "obrien-threat-to-government-organs");
    assert_eq!(tagged.verdict.as_ref().unwrap().rating, "misleading");
    assert!(app.corpus.problems.is_empty());
}

#[test]
fn a_verdict_tagged_elsewhere_shows_up_and_search_finds_the_claim_and_its_note() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    let id = "obrien-tip-of-the-iceberg";
    let change = VerdictChange {
        id: id.to_string(),
        verdict: Some(Verdict {
            rating: "unproven".into(),
            note: Some("the leak predates the bot".into()),
            by: Some("colleague".into()),
            at: None,
            review: None,
        }),
        expect: None,
    };
    apply_verdict_change(&path, &change).unwrap();
    let before = app.index.segments();
    let changed = load_file(&path, &app.scale);
    send(
        &mut app,
        Message::FilesChanged(vec![IndexedFile::new(changed)]),
    );
    let tagged = in_memory(&app, id);
    assert_eq!(tagged.verdict.as_ref().unwrap().rating, "unproven");
    assert!(
        !Arc::ptr_eq(&app.index.segments()[0], &before[0]),
        "the file's notes are indexed again"
    );
    assert_eq!(
        status(&app),
        (
            "cowin-2023-06.yaml changed on disk: 1 verdict updated",
            Tone::Info
        )
    );
    press(&mut app, "/iceberg<enter>");
    assert_eq!(listed(&app), [id]);
    press(&mut app, "<esc>/predates<enter>");
    assert_eq!(listed(&app), [id]);

    // The same file again (the watcher echoing a write) says nothing.
    press(&mut app, "<esc>");
    let unchanged = load_file(&path, &app.scale);
    send(
        &mut app,
        Message::FilesChanged(vec![IndexedFile::new(unchanged)]),
    );
    assert!(app.status.is_none());
}

#[test]
fn a_changed_file_is_indexed_again_without_touching_the_other_files_segments() {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = ["a", "b", "c"]
        .iter()
        .map(|name| {
            let path = dir.path().join(format!("{name}.yaml"));
            let claim =
                format!("  - id: {name}-1\n    assertion: old {name} words\n    claimant: x\n");
            fs::write(&path, format!("claims:\n{claim}")).unwrap();
            path
        })
        .collect();
    let files: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let mut app = app_with(&files, 120, 40, Theme { color: false });
    let before = app.index.segments();
    assert_eq!(before.len(), 3);

    let text = "claims:\n  - id: b-1\n    assertion: fresh words\n    claimant: x\n  - id: b-2\n    assertion: more\n    claimant: x\n";
    fs::write(&paths[1], text).unwrap();
    let changed = load_file(&paths[1], &app.scale);
    send(
        &mut app,
        Message::FilesChanged(vec![IndexedFile::new(changed)]),
    );

    let after = app.index.segments();
    assert_eq!(after.len(), 3);
    assert!(Arc::ptr_eq(&after[0], &before[0]), "a kept its segment");
    assert!(Arc::ptr_eq(&after[1], &before[2]), "c kept its segment");
    assert!(!Arc::ptr_eq(&after[2], &before[1]), "b has a new one");
    press(&mut app, "/fresh<enter>");
    assert_eq!(listed(&app), ["b-1"]);
    press(&mut app, "<esc>/old<enter>");
    assert_eq!(listed(&app), ["a-1", "c-1"]);
    press(&mut app, "<esc>");
    assert_eq!(listed(&app), ["a-1", "b-1", "b-2", "c-1"]);
}

#[test]
fn a_removed_file_takes_its_claims_along() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    send(&mut app, Message::FileRemoved(path.clone()));
    assert!(app.claims().is_empty());
    assert!(app.view.is_empty());
    assert_eq!(app.corpus.claim_files, 0);
}

#[test]
fn watching_by_polling_says_why_in_the_status_bar() {
    let mut app = sample_app();
    let why = "too many folders for the system to watch".to_string();
    send(&mut app, Message::WatchingByPolling(why));
    let (text, tone) = status(&app);
    assert_eq!(
        text,
        "cannot watch the files for changes (too many folders for the system to watch): \
         checking them every second instead"
    );
    assert_eq!(tone, Tone::Info);
}

#[test]
fn reload_starts_over_and_finds_the_selected_claim_again() {
    let mut app = sample_app();
    press(&mut app, "jj");
    assert_eq!(press(&mut app, "r"), Some(Effect::Reload));
    assert!(app.claims().is_empty());
    assert!(app.loading.is_some());
    send(
        &mut app,
        Message::LoadingStarted {
            files: 1,
            bytes: 0,
            problems: Vec::new(),
        },
    );
    let loaded = load_file(Path::new(SAMPLE), &app.scale);
    send(
        &mut app,
        Message::FilesLoaded(vec![IndexedFile::new(loaded)]),
    );
    send(&mut app, Message::LoadFinished);
    assert_eq!(selected_id(&app), "obrien-deep-rooted-conspiracy");
}

#[test]
fn tab_moves_the_keys_to_the_detail_which_scrolls_within_bounds() {
    let mut app = app_with(&[Path::new(SAMPLE)], 80, 24, Theme { color: true });
    press(&mut app, "<tab>");
    assert_eq!(app.focus, Focus::Detail);
    press(&mut app, "jj");
    assert_eq!(app.detail_scroll, 2);
    assert_eq!(app.selected, 0, "j scrolls, it does not move the selection");
    press(&mut app, "G");
    let (_, max) = ui::detail_scroll_bounds(&app);
    assert!(max > 2);
    assert_eq!(app.detail_scroll, max);
    press(&mut app, "j<pgdn>");
    assert_eq!(app.detail_scroll, max);
    press(&mut app, "g");
    assert_eq!(app.detail_scroll, 0);
    press(&mut app, "<tab>j");
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.selected, 1);
    press(&mut app, "<enter>");
    assert_eq!(app.focus, Focus::Detail);
}

#[test]
fn help_and_problems_open_and_close() {
    let mut app = sample_app();
    press(&mut app, "?");
    assert_eq!(app.popup, Some(Popup::Help { scroll: 0 }));
    press(&mut app, "j");
    assert_eq!(app.popup, Some(Popup::Help { scroll: 1 }));
    press(&mut app, "<esc>!");
    assert_eq!(app.popup, Some(Popup::Problems { scroll: 0 }));
    press(&mut app, "j");
    assert_eq!(
        app.popup,
        Some(Popup::Problems { scroll: 0 }),
        "nothing to scroll"
    );
    press(&mut app, "q");
    assert!(app.popup.is_none());
    assert!(!app.quit, "q closes the popup first");
}

#[test]
fn tagging_needs_a_reviewer_name() {
    let mut app = sample_app();
    app.reviewer = None;
    press(&mut app, "v");
    assert!(app.popup.is_none());
    let (text, tone) = status(&app);
    assert_eq!(tone, Tone::Error);
    assert!(text.contains("--by NAME"));
}

#[test]
fn a_click_selects_the_row_under_the_mouse() {
    let mut app = sample_app();
    let click = |row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 5,
        row,
        modifiers: KeyModifiers::NONE,
    };
    // Row 0 is the list's border and row 1 its column headers, so the fourth claim is on
    // row 5; a click on the headers selects nothing.
    send(&mut app, Message::Mouse(click(1)));
    assert_eq!(app.selected, 0);
    send(&mut app, Message::Mouse(click(5)));
    assert_eq!(app.selected, 3);
    send(&mut app, Message::Mouse(click(30)));
    assert_eq!(app.selected, 3, "below the last claim");
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        ..click(4)
    };
    send(&mut app, Message::Mouse(wheel));
    assert_eq!(app.selected, 5);
}

#[test]
fn a_status_message_lasts_until_the_next_key() {
    let mut app = sample_app();
    press(&mut app, "s");
    assert!(app.status.is_some());
    press(&mut app, "j");
    assert!(app.status.is_none());
}

mod shared_edits;

mod conflicts;

#[test]
fn the_sort_can_be_reversed_and_says_so() {
    let mut app = sample_app();
    press(&mut app, "s");
    assert_eq!(app.sort, Sort::Date);
    let newest_first = listed(&app)
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>();
    press(&mut app, "S");
    assert_eq!(status(&app).0, "sorted by date, reversed");
    let oldest_first: Vec<String> = listed(&app).iter().rev().map(|s| s.to_string()).collect();
    assert_eq!(oldest_first, newest_first);
    press(&mut app, "S");
    assert_eq!(status(&app).0, "sorted by date");
}

#[test]
fn enter_and_z_zoom_the_detail_and_esc_gives_the_list_back() {
    let mut app = app_with(&[Path::new(SAMPLE)], 60, 15, Theme { color: true });
    press(&mut app, "<enter>");
    assert!(app.zoomed);
    assert_eq!(app.focus, Focus::Detail);
    assert!(!screen(&app).contains("VERDICT"), "no list while zoomed");
    press(&mut app, "j");
    assert_eq!(app.detail_scroll, 1, "j scrolls the zoomed detail");
    press(&mut app, "<esc>");
    assert!(!app.zoomed);
    assert_eq!(app.focus, Focus::List);
    press(&mut app, "zz");
    assert!(!app.zoomed);
}

#[test]
fn a_key_that_does_nothing_here_says_so() {
    let mut app = sample_app();
    press(&mut app, "w");
    assert_eq!(
        status(&app),
        ("w does nothing here · ? lists the keys", Tone::Info)
    );
    press(&mut app, "j");
    assert!(app.status.is_none());
}

#[test]
fn ctrl_l_redraws_the_screen_even_over_a_popup() {
    let mut app = sample_app();
    assert_eq!(press(&mut app, "<c-l>"), Some(Effect::Redraw));
    press(&mut app, "v");
    assert_eq!(press(&mut app, "<c-l>"), Some(Effect::Redraw));
    assert!(app.popup.is_some(), "the popup stays");
}

#[test]
fn a_status_message_expires_but_not_a_newer_one() {
    let mut app = sample_app();
    press(&mut app, "s");
    let first = app.status.as_ref().unwrap().serial;
    press(&mut app, "s");
    send(&mut app, Message::StatusExpired(first));
    assert!(app.status.is_some(), "a newer message stays");
    let second = app.status.as_ref().unwrap().serial;
    send(&mut app, Message::StatusExpired(second));
    assert!(app.status.is_none());
}

#[test]
fn a_reload_says_when_it_is_done() {
    let mut app = sample_app();
    let effect = press(&mut app, "r");
    assert_eq!(effect, Some(Effect::Reload));
    assert_eq!(status(&app).0, "reloading");
    send(&mut app, Message::LoadFinished);
    assert!(status(&app).0.starts_with("reloaded:"), "{:?}", app.status);
}

mod queries;

mod forms {
    use super::*;

    fn added_lines(before: &str, after: &str) -> usize {
        after.lines().count() - before.lines().count()
    }

    #[test]
    fn c_adds_a_claim_written_at_once_selected_and_undoable() {
        let (_dir, path) = sample_copy();
        let mut app = app_with(&[&path], 120, 40, Theme { color: true });
        let before = fs::read_to_string(&path).unwrap();
        press(&mut app, "c");
        assert!(matches!(app.popup, Some(Popup::Form(_))));
        press(
            &mut app,
            "The rally drew a million people<enter>Asha Rao<enter>",
        );
        // A pasted note of two lines goes into the quote field as text, not keys.
        press(&mut app, "<down><down><down>");
        send(&mut app, Message::Paste("first line\nq second".to_string()));
        press(&mut app, "<c-s>");
        assert!(app.popup.is_none(), "{:?}", app.popup);
        assert_eq!(selected_id(&app), "rao-rally-drew-million-people");
        assert_eq!(
            status(&app).0,
            format!(
                "claim `rao-rally-drew-million-people` added to {}",
                path.display()
            )
        );
        let after = fs::read_to_string(&path).unwrap();
        assert!(after.starts_with(&before), "only lines added at the end");
        assert!(added_lines(&before, &after) >= 5);
        assert!(
            after.contains("      quote: |-\n        first line\n        q second\n"),
            "{after}"
        );

        press(&mut app, "u");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            before,
            "undo takes it out exactly"
        );
        assert!(!listed(&app).contains(&"rao-rally-drew-million-people"));
        press(&mut app, "<c-r>");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            after,
            "redo puts it back"
        );
    }

    #[test]
    fn a_form_refuses_what_is_missing_and_a_failed_write_gives_the_form_back() {
        let (dir, path) = sample_copy();
        let mut app = app_with(&[dir.path()], 120, 40, Theme { color: true });
        press(&mut app, "c<c-s>");
        let Some(Popup::Form(form)) = &app.popup else {
            panic!("the form stays open");
        };
        assert_eq!(form.error.as_deref(), Some("assertion is needed"));
        // A file in a folder that does not exist cannot be written: the form comes back.
        press(
            &mut app,
            "A claim<tab>Someone<tab><tab><tab><tab><tab><tab><tab>",
        );
        let missing = dir.path().join("no-such-folder/x.yaml");
        for _ in 0..path.display().to_string().chars().count() {
            press(&mut app, "<bs>");
        }
        press(&mut app, &missing.display().to_string());
        press(&mut app, "<enter>");
        let Some(Popup::Form(form)) = &app.popup else {
            panic!("the form comes back: {:?}", app.status);
        };
        let error = form.error.as_deref().unwrap_or_default();
        assert!(
            error.contains("no-such-folder"),
            "the write's error: {error}"
        );
        assert_eq!(
            form.value(form::FieldName::Assertion),
            "A claim",
            "nothing typed is lost"
        );
    }

    #[test]
    fn a_file_outside_what_is_open_is_refused() {
        assert!(lexically_within(
            Path::new("./data/x.yaml"),
            Path::new("data/")
        ));
        assert!(lexically_within(Path::new("new.yaml"), Path::new(".")));
        assert!(!lexically_within(
            Path::new("other/x.yaml"),
            Path::new("data")
        ));
        assert!(!lexically_within(Path::new("/tmp/x.yaml"), Path::new(".")));
    }

    #[test]
    fn r_adds_a_rebuttal_to_the_selected_claim() {
        let (_dir, path) = sample_copy();
        let mut app = app_with(&[&path], 120, 40, Theme { color: true });
        let id = selected_id(&app).to_string();
        let rebuttals = in_memory(&app, &id).rebuttals.len();
        press(&mut app, "R");
        let Some(Popup::Form(form)) = &app.popup else {
            panic!("a form");
        };
        assert_eq!(
            form.value(form::FieldName::By),
            "tester",
            "the reviewer's name"
        );
        press(&mut app, "Not what the report says.<c-s>");
        assert!(app.popup.is_none(), "{:?}", app.popup);
        assert_eq!(in_memory(&app, &id).rebuttals.len(), rebuttals + 1);
        assert_eq!(selected_id(&app), id);
    }
}

mod handoffs;

mod reviews {
    use super::*;
    use crate::model::ReviewState;

    fn review_on_disk(path: &Path, id: &str) -> Option<ReviewState> {
        verdict_on_disk(path, id)?.review.map(|r| r.state)
    }

    /// The sample's tagged claim (by `sample`), opened by an editor called `ed`.
    fn as_editor() -> (tempfile::TempDir, PathBuf, App) {
        let (dir, path) = sample_copy();
        let mut app = app_with(&[&path], 120, 40, Theme { color: true });
        app.reviewer = Some("ed".to_string());
        press(&mut app, "j");
        (dir, path, app)
    }

    #[test]
    fn an_editor_approves_a_proposal_and_retagging_resets_the_review() {
        let (_dir, path, mut app) = as_editor();
        let id = selected_id(&app).to_string();
        assert_eq!(review_on_disk(&path, &id), None, "a proposal");
        press(&mut app, "a");
        assert_eq!(review_on_disk(&path, &id), Some(ReviewState::Approved));
        assert!(
            status(&app).0.contains("verdict approved in"),
            "{:?}",
            app.status
        );
        press(&mut app, "/is:approved<enter>");
        assert_eq!(listed(&app), [id.as_str()]);
        press(&mut app, "<esc>");
        // A new rating is a new proposal: the approval does not carry over.
        press(&mut app, "v5<enter>y");
        assert_eq!(verdict_on_disk(&path, &id).unwrap().rating, "false");
        assert_eq!(review_on_disk(&path, &id), None);
        // Another editor approves ed's new verdict; an approval is undone like any change.
        app.reviewer = Some("em".to_string());
        press(&mut app, "a");
        assert_eq!(review_on_disk(&path, &id), Some(ReviewState::Approved));
        press(&mut app, "u");
        assert_eq!(review_on_disk(&path, &id), None);
    }

    #[test]
    fn a_request_for_changes_carries_the_editors_comment() {
        let (_dir, path, mut app) = as_editor();
        let id = selected_id(&app).to_string();
        press(&mut app, "C");
        assert!(matches!(app.popup, Some(Popup::ReviewComment { .. })));
        press(&mut app, "Cite the minister<c-j>and the date<enter>");
        let verdict = verdict_on_disk(&path, &id).unwrap();
        let review = verdict.review.unwrap();
        assert_eq!(review.state, ReviewState::ChangesRequested);
        assert_eq!(review.by.as_deref(), Some("ed"));
        assert_eq!(
            review.comment.as_deref(),
            Some("Cite the minister\nand the date")
        );
    }

    #[test]
    fn nobody_approves_their_own_verdict_unless_the_desk_allows_it() {
        let (_dir, path, mut app) = as_editor();
        let id = selected_id(&app).to_string();
        app.reviewer = Some("sample".to_string());
        press(&mut app, "a");
        assert!(
            status(&app).0.contains("is your own verdict"),
            "{:?}",
            app.status
        );
        assert_eq!(review_on_disk(&path, &id), None);
        app.allow_self_approval = true;
        press(&mut app, "a");
        assert_eq!(review_on_disk(&path, &id), Some(ReviewState::Approved));
        press(&mut app, "k");
        press(&mut app, "a");
        assert!(
            status(&app).0.contains("has no verdict to review"),
            "{:?}",
            app.status
        );
    }

    #[test]
    fn only_editors_review_when_the_user_file_names_a_role() {
        let (_dir, path, mut app) = as_editor();
        let id = selected_id(&app).to_string();
        let file = std::path::Path::new("config.yaml");
        app.use_config(crate::config::UserConfig::parse(file, "role: checker\n").unwrap());
        press(&mut app, "a");
        assert!(
            status(&app)
                .0
                .contains("only editors review (role in config.yaml)"),
            "{:?}",
            app.status
        );
        assert_eq!(review_on_disk(&path, &id), None);
        app.use_config(crate::config::UserConfig::parse(file, "role: editor\n").unwrap());
        press(&mut app, "a");
        assert_eq!(review_on_disk(&path, &id), Some(ReviewState::Approved));
    }

    #[test]
    fn a_key_rebound_in_the_user_file_does_the_action_and_the_help_shows_it() {
        let (_dir, path, mut app) = as_editor();
        let id = selected_id(&app).to_string();
        let user = "keys:\n  approve: Z\n";
        app.use_config(crate::config::UserConfig::parse(Path::new("c.yaml"), user).unwrap());
        press(&mut app, "a");
        assert_eq!(review_on_disk(&path, &id), None);
        press(&mut app, "Z");
        assert_eq!(review_on_disk(&path, &id), Some(ReviewState::Approved));
        press(&mut app, "?");
        let help = screen(&app);
        assert!(help.contains("Z             approve"), "{help}");
    }
}

mod history;

mod workflow {
    use super::*;

    #[test]
    fn a_assigns_to_me_or_to_a_name_and_t_sets_a_status_each_undoable() {
        let (_dir, path) = sample_copy();
        let mut app = app_with(&[&path], 120, 40, Theme { color: true });
        let id = selected_id(&app).to_string();
        let before = fs::read_to_string(&path).unwrap();
        press(&mut app, "A<enter>");
        assert_eq!(in_memory(&app, &id).assignee(), Some("tester"), "to me");
        press(&mut app, "T3");
        assert_eq!(in_memory(&app, &id).status(), Some("needs-review"));
        assert!(screen(&app).contains("assigned to tester · status: needs-review"));
        press(&mut app, "/assignee:tester status:needs-review<enter>");
        assert_eq!(listed(&app), [id.as_str()]);
        press(&mut app, "<esc>uu");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            before,
            "both undone exactly"
        );
        press(&mut app, "A");
        for _ in 0.."tester".len() {
            press(&mut app, "<bs>");
        }
        press(&mut app, "Priya<enter>");
        assert_eq!(in_memory(&app, &id).assignee(), Some("Priya"));
        press(&mut app, "T9");
        assert!(
            matches!(app.popup, Some(Popup::StatusPicker { .. })),
            "only the numbers that exist"
        );
    }
}

#[test]
fn the_selection_search_and_sort_come_back_after_a_restart() {
    let mut before = sample_app();
    press(&mut before, "sS/vaccine<enter>j");
    let state = before.ui_state();
    assert_eq!(state.query, "vaccine");
    assert!(listed(&before).len() > 1 && before.selected == 1);
    let mut after = App::new(before.paths.clone(), None, Theme { color: true });
    after.restore(state);
    send(
        &mut after,
        Message::LoadingStarted {
            files: 1,
            bytes: 0,
            problems: Vec::new(),
        },
    );
    let loaded = load_file(Path::new(SAMPLE), &RatingScale::default());
    send(
        &mut after,
        Message::FilesLoaded(vec![IndexedFile::new(loaded)]),
    );
    send(&mut after, Message::LoadFinished);
    assert_eq!((after.sort, after.sort_reversed), (before.sort, true));
    assert_eq!(after.filter.query.text(), "vaccine");
    assert_eq!(listed(&after), listed(&before));
    assert_eq!(selected_id(&after), selected_id(&before));
}

#[test]
fn a_file_loaded_again_while_loading_is_listed_at_once_and_new_files_by_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let claim = |id: &str| format!("  - id: {id}\n    assertion: x\n    claimant: y\n");
    let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
    fs::write(&a, format!("claims:\n{}{}", claim("a1"), claim("a2"))).unwrap();
    fs::write(&b, format!("claims:\n{}", claim("b1"))).unwrap();
    let mut app = App::new(vec![dir.path().to_path_buf()], None, Theme { color: false });
    let started = Message::LoadingStarted {
        files: 2,
        bytes: 0,
        problems: Vec::new(),
    };
    send(&mut app, started);
    let load = |path: &Path| {
        Message::FilesLoaded(vec![IndexedFile::new(load_file(
            path,
            &RatingScale::default(),
        ))])
    };
    send(&mut app, load(&b));
    send(&mut app, load(&a));
    // `a` again, one claim fewer: the claims after it move, and the list must not show a
    // claim at a place another now holds, however soon after the last relisting.
    fs::write(&a, format!("claims:\n{}", claim("a2"))).unwrap();
    send(&mut app, load(&a));
    assert_eq!(listed(&app), ["a2", "b1"]);
    send(&mut app, Message::LoadFinished);
    assert_eq!(listed(&app), ["a2", "b1"]);
}
