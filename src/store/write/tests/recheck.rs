//! Another program (an editor, `git pull`) that writes the file without taking the lock while a
//! write is between its read and its rename: its change is found just before the rename, and
//! the edit is made again on the new text.

use super::*;

/// Tags claim `b` of a fresh copy of [`TWO`], running `outside` on the file's path each time
/// the edited text is ready to be renamed in (with how many times before), as another
/// program writing at that moment. Returns the folder, the path, the result and the number of
/// times the edit ran.
fn tag_b_while(
    mut outside: impl FnMut(&Path, usize),
    expect: Option<Option<Verdict>>,
) -> (
    tempfile::TempDir,
    PathBuf,
    Result<Option<Written>, WriteError>,
    usize,
) {
    let (dir, path) = two_on_disk();
    let change = VerdictChange {
        expect,
        ..change("b", Some(verdict("false", None)))
    };
    let (mut edits, mut ready) = (0, 0);
    let result = rewrite_locked_observed(
        &path,
        |text| {
            edits += 1;
            edit_verdict(text, &change)
        },
        |step| {
            if step == WriteStep::TempReady {
                outside(&path, ready);
                ready += 1;
            }
        },
    );
    (dir, path, result, edits)
}

/// `TWO` with claim `a`'s assertion changed in place, keeping the size.
fn edited_by_hand() -> String {
    TWO.replace("assertion: x # why", "assertion: X # why")
}

#[test]
fn an_in_place_write_before_the_rename_is_kept_and_the_verdict_written_too() {
    let (dir, path, result, edits) = tag_b_while(
        |path, before| {
            if before == 0 {
                // Same size, same file, and quite possibly the same modification time: only
                // the content tells.
                fs::write(path, edited_by_hand()).unwrap();
            }
        },
        None,
    );
    result.unwrap();
    assert_eq!(edits, 2);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        edit(&edited_by_hand(), "b", Some(verdict("false", None)))
    );
    assert_eq!(folder_entries(dir.path()), ["claims.yaml"]);
}

#[test]
fn a_file_renamed_in_before_the_rename_is_kept_and_the_verdict_written_too() {
    // As an editor saves, or git checks out: a new file renamed over the old one.
    let pulled = format!("# pulled\n{TWO}");
    let (dir, path, result, edits) = tag_b_while(
        |path, before| {
            if before == 0 {
                let new = path.with_file_name("new");
                fs::write(&new, &pulled).unwrap();
                fs::rename(&new, path).unwrap();
            }
        },
        None,
    );
    result.unwrap();
    assert_eq!(edits, 2);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        edit(&pulled, "b", Some(verdict("false", None)))
    );
    assert_eq!(folder_entries(dir.path()), ["claims.yaml"]);
}

#[test]
fn a_colleagues_verdict_found_before_the_rename_is_a_change_on_disk() {
    let erins = Verdict {
        by: Some("erin".into()),
        ..verdict("true", None)
    };
    let theirs = edit(TWO, "b", Some(erins.clone()));
    let (_dir, path, result, edits) = tag_b_while(
        |path, before| {
            if before == 0 {
                fs::write(path, &theirs).unwrap();
            }
        },
        Some(None),
    );
    let error = result.unwrap_err();
    assert!(
        matches!(
            error,
            WriteError::Edit {
                source: EditError::Changed { .. },
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(edits, 2);
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
    assert_eq!(verdict_of_claim(&theirs, "b"), Some(erins));
}

#[test]
fn a_file_that_keeps_changing_is_left_to_the_other_program_with_a_clear_error() {
    let mut last = String::new();
    let (dir, path, result, edits) = tag_b_while(
        |path, before| {
            last = format!("# change {before}\n{TWO}");
            fs::write(path, &last).unwrap();
        },
        None,
    );
    let error = result.unwrap_err();
    assert!(
        matches!(error, WriteError::KeepsChanging { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.starts_with(&format!("{}: ", path.display())),
        "{message}"
    );
    assert!(message.contains("kept changing"), "{message}");
    assert!(message.contains("try again"), "{message}");
    assert_eq!(edits, 5);
    assert_eq!(fs::read_to_string(&path).unwrap(), last);
    assert_eq!(folder_entries(dir.path()), ["claims.yaml"]);
}
