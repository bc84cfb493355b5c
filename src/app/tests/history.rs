//! The history panel: `H` asks for the selected claim's history, the event loop's answer
//! opens the panel, or says in the status bar why there is none.

use chrono::DateTime;

use super::*;
use crate::history::{Audited, Change, HistoryError};

fn tagged_by_bob() -> Change {
    Change {
        commit: "0123456789abcdef0123456789abcdef01234567".to_string(),
        author: "Bob".to_string(),
        date: DateTime::parse_from_rfc3339("2026-11-02T10:30:00+01:00").expect("a date"),
        subject: "Tag the leak".to_string(),
        path: PathBuf::from("desk/claims.yaml"),
        before: Audited::default(),
        after: Audited {
            verdict: Some(Verdict {
                rating: "false".into(),
                note: Some("No record of it".to_string()),
                by: Some("bob".into()),
                at: None,
                review: None,
            }),
            workflow: None,
        },
    }
}

#[test]
fn h_reads_the_history_of_the_selected_claim_and_shows_it_in_a_panel() {
    let mut app = sample_app();
    let id = selected_id(&app).to_string();
    let Some(Effect::ReadHistory { id: asked, dir }) = press(&mut app, "H") else {
        panic!("H asks for the history");
    };
    assert_eq!(asked, id);
    let file = app.selected_claim().expect("a claim").origin.path.clone();
    assert_eq!(Some(dir.as_path()), file.parent());
    assert!(status(&app).0.contains("reading the history"));
    let changes = vec![tagged_by_bob()];
    send(
        &mut app,
        Message::HistoryRead {
            id: id.clone(),
            result: Ok(changes.clone()),
        },
    );
    assert_eq!(
        app.popup,
        Some(Popup::History {
            id,
            changes,
            scroll: 0
        })
    );
    let shown = screen(&app);
    assert!(shown.contains("History"), "{shown}");
    assert!(
        shown.contains("2026-11-02 10:30  0123456789  Bob: untagged -> false  No record of it"),
        "{shown}"
    );
    press(&mut app, "<esc>");
    assert!(app.popup.is_none());
}

#[test]
fn no_repository_or_a_shallow_clone_is_said_in_the_status_bar() {
    let mut app = sample_app();
    let id = selected_id(&app).to_string();
    let result = Err(HistoryError::Shallow(PathBuf::from("/desk")));
    send(&mut app, Message::HistoryRead { id, result });
    assert!(app.popup.is_none());
    let (text, tone) = status(&app);
    assert!(text.contains("git fetch --unshallow"), "{text}");
    assert_ne!(tone, Tone::Error);
}

#[test]
fn c_lists_only_the_claims_changed_since_the_last_pull_and_again_all() {
    let mut app = sample_app();
    let all: Vec<String> = listed(&app).iter().map(|id| id.to_string()).collect();
    let Some(Effect::ReadChangedSince { revision, dir }) = press(&mut app, "P") else {
        panic!("C asks for the claims changed since the last pull");
    };
    assert_eq!(revision, "ORIG_HEAD");
    assert_eq!(Some(&dir), app.paths.first());
    let changed = all[1].clone();
    let ids = [CompactString::from(changed.as_str())].into();
    send(
        &mut app,
        Message::ChangedSinceRead {
            revision,
            result: Ok(ids),
        },
    );
    assert_eq!(listed(&app), [changed.as_str()]);
    assert!(status(&app).0.contains("1 claim changed since ORIG_HEAD"));
    assert_eq!(press(&mut app, "P"), None);
    assert_eq!(listed(&app), all);
}
