//! Merge conflicts in the dashboard: marked, shown side by side, resolved with a key.

use super::*;

/// Two claims; `b`'s verdict is in conflict between `alice` (ours) and `bob` (theirs).
const CONFLICTED: &str = "\
claims:
  - id: a
    assertion: first
    claimant: x
  - id: b
    assertion: second
    claimant: y
    verdict:
<<<<<<< HEAD
      rating: mostly-false
      by: alice
=======
      rating: misleading
      by: bob
>>>>>>> desk-bob
  - id: c
    assertion: third
    claimant: z
";

fn conflicted_desk() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claims.yaml");
    fs::write(&path, CONFLICTED).unwrap();
    (dir, path)
}

#[test]
fn conflicted_claims_are_listed_marked_and_filterable() {
    let (_dir, path) = conflicted_desk();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    assert_eq!(listed(&app), ["a", "b", "c"], "every claim loads");
    press(&mut app, "j");
    let screen = screen(&app);
    assert!(screen.contains("CONFLICT"), "{screen}");
    assert!(screen.contains("Merge conflict"), "{screen}");
    assert!(screen.contains("MOST FALSE"), "ours:\n{screen}");
    assert!(screen.contains("MISLEADING"), "theirs:\n{screen}");
    assert!(screen.contains("desk-bob"), "their label:\n{screen}");

    // The verdict filter's last entry shows only conflicted claims.
    let last = app.scale.ratings().len() + 1;
    press(&mut app, "f");
    for _ in 0..last {
        press(&mut app, "j");
    }
    press(&mut app, "<space><esc>");
    assert_eq!(listed(&app), ["b"]);
}

#[test]
fn m_then_t_keeps_theirs_and_says_the_file_is_ready_to_add() {
    let (_dir, path) = conflicted_desk();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "jm");
    assert!(matches!(app.popup, Some(Popup::ResolveConflict { .. })));
    press(&mut app, "t");
    assert!(app.popup.is_none());
    let expected = "\
claims:
  - id: a
    assertion: first
    claimant: x
  - id: b
    assertion: second
    claimant: y
    verdict:
      rating: misleading
      by: bob
  - id: c
    assertion: third
    claimant: z
";
    assert_eq!(fs::read_to_string(&path).unwrap(), expected);
    let claim = in_memory(&app, "b");
    assert!(claim.conflict.is_none());
    assert_eq!(claim.verdict.as_ref().unwrap().rating, "misleading");
    let (text, tone) = status(&app);
    assert_eq!(tone, Tone::Info);
    assert!(text.contains("ready to `git add"), "{text}");
}

#[test]
fn m_on_a_claim_without_a_conflict_says_so_and_e_asks_for_the_editor() {
    let (_dir, path) = conflicted_desk();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "m");
    assert_eq!(status(&app).1, Tone::Error);
    assert!(app.popup.is_none());
    let effect = press(&mut app, "jme");
    assert_eq!(
        effect,
        Some(Effect::OpenEditor {
            path: path.clone(),
            line: 9
        }),
        "the editor opens at the conflict's first marker"
    );
}
