//! What the filesystem holds besides the text survives a write: symlinks, owner, group and
//! mode, hard links (reported), and no temporary files.

use std::os::unix::fs::{MetadataExt, symlink};

use super::*;
use crate::store::temporary::dead_pid;

#[test]
fn a_write_through_symlinks_goes_to_the_target_and_keeps_the_links() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    fs::create_dir(&real).unwrap();
    let target = real.join("claims.yaml");
    fs::write(&target, TWO).unwrap();
    // A chain: a relative link to the file, and a link to that link.
    let link = dir.path().join("link.yaml");
    symlink("real/claims.yaml", &link).unwrap();
    let chain = dir.path().join("chain.yaml");
    symlink(&link, &chain).unwrap();

    apply_verdict_change(&chain, &change("b", Some(verdict("false", None)))).unwrap();
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        edit(TWO, "b", Some(verdict("false", None)))
    );
    for kept in [&link, &chain] {
        assert!(
            fs::symlink_metadata(kept).unwrap().file_type().is_symlink(),
            "{} is still a link",
            kept.display()
        );
    }
    assert_eq!(
        folder_entries(dir.path()),
        ["chain.yaml", "link.yaml", "real"]
    );
    assert_eq!(folder_entries(&real), ["claims.yaml"]);

    apply_verdict_change(&link, &change("b", None)).unwrap();
    assert_eq!(fs::read_to_string(&target).unwrap(), TWO);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_write_keeps_the_files_owner_group_and_mode() {
    let (_dir, path) = two_on_disk();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    // Only root may give a file away: elsewhere there is nothing to keep.
    if let Err(e) = std::os::unix::fs::chown(&path, Some(1234), Some(1234)) {
        eprintln!("note: cannot give a file to uid 1234 ({e}): not root? skipping");
        return;
    }
    apply_verdict_change(&path, &change("b", Some(verdict("false", None)))).unwrap();
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (1234, 1234));
    assert_eq!(mode(&path), 0o640);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        edit(TWO, "b", Some(verdict("false", None)))
    );
}

#[test]
fn a_hard_linked_file_is_written_as_git_does_and_the_write_says_so() {
    let (dir, path) = two_on_disk();
    let others = [dir.path().join("copy.yaml"), dir.path().join("again.yaml")];
    for other in &others {
        fs::hard_link(&path, other).unwrap();
    }
    let written = apply_verdict_change(&path, &change("b", Some(verdict("false", None))))
        .unwrap()
        .unwrap();
    assert_eq!(written.other_links(), 2);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        edit(TWO, "b", Some(verdict("false", None)))
    );
    // The other names keep the old text, together; the written name is a file of its own.
    for other in &others {
        assert_eq!(fs::read_to_string(other).unwrap(), TWO);
        assert_eq!(fs::metadata(other).unwrap().nlink(), 2);
    }
    assert_eq!(fs::metadata(&path).unwrap().nlink(), 1);

    let written = apply_verdict_change(&path, &change("b", None))
        .unwrap()
        .unwrap();
    assert_eq!(written.other_links(), 0);
}

#[test]
fn a_write_removes_the_temporary_files_of_crashed_writes_only() {
    let (dir, path) = two_on_disk();
    // A write killed before its rename leaves a full copy behind; a running one has its own.
    let crashed = format!(".claimdesk-{}-xyz.tmp", dead_pid());
    let running = format!(".claimdesk-{}-abc.tmp", std::process::id());
    for name in [&crashed, &running] {
        fs::write(dir.path().join(name), TWO).unwrap();
    }
    apply_verdict_change(&path, &change("b", Some(verdict("false", None)))).unwrap();
    assert_eq!(
        folder_entries(dir.path()),
        [running.as_str(), "claims.yaml"]
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        edit(TWO, "b", Some(verdict("false", None)))
    );
}

#[test]
fn a_link_to_a_device_or_a_pipe_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    crate::store::make_fifo(&fifo);
    for target in [Path::new("/dev/zero"), fifo.as_path()] {
        let link = dir.path().join("claims.yaml");
        let _ = fs::remove_file(&link);
        std::os::unix::fs::symlink(target, &link).unwrap();
        let error = rewrite_locked(&link, |text| Ok(format!("{text}x"))).unwrap_err();
        assert!(
            error.to_string().contains("not a regular file"),
            "{}: {error}",
            target.display()
        );
    }
}

#[test]
fn a_file_with_a_lone_carriage_return_is_not_edited() {
    let text = "claims:\n  - id: a\n    assertion: x\n    claimant: p\r";
    let error = edit_verdict(text, &change("a", Some(verdict("true", None)))).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("carriage return without a line feed"),
        "{error}"
    );
}
