//! What the filesystem holds besides the text survives a write: symlinks, owner, group and
//! mode, hard links (reported), and no temporary files.

use std::os::unix::fs::symlink;

use super::*;

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
