//! Several claimdesk processes writing verdicts into one file at the same time: the advisory
//! lock and re-read-before-write must keep every write, and the file valid.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use claimdesk::model::RatingScale;
use claimdesk::store::load_file;

const CLAIMS: usize = 8;

/// Claims `c0` … `c7` in assorted styles, with comments that must survive every write.
fn fixture() -> String {
    let mut text = String::from("# Eight claims, tagged all at once.\nclaims:\n");
    for i in 0..CLAIMS {
        text.push_str(&format!("  # claim {i}\n  - id: c{i}\n"));
        match i % 3 {
            0 => text.push_str("    assertion: >-\n      folded\n      text\n"),
            1 => text.push_str("    assertion: \"quoted: text\" # why\n"),
            _ => text.push_str("    assertion: plain\n"),
        }
        text.push_str(&format!("    claimant: Person {i}\n    tags: [t{i}]\n\n"));
    }
    text
}

/// Runs `claimdesk ARGS… <folder>` for every claim at once, and waits for them all.
fn run_all_at_once(folder: &Path, cache: &Path, args: impl Fn(usize) -> Vec<String>) {
    let children: Vec<_> = (0..CLAIMS)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_claimdesk"))
                .args(args(i))
                .arg(folder)
                .env("CLAIMDESK_CONFIG", "")
                .env("CLAIMDESK_STATE_DIR", "")
                .env("CLAIMDESK_CACHE_DIR", cache)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for (i, child) in children.into_iter().enumerate() {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "process {i}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn entries(folder: &Path) -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn simultaneous_tags_all_land_and_simultaneous_untags_restore_the_file() {
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("claims");
    fs::create_dir(&folder).unwrap();
    let cache = root.path().join("cache");
    let path = folder.join("claims.yaml");
    let original = fixture();
    fs::write(&path, &original).unwrap();

    run_all_at_once(&folder, &cache, |i| {
        ["tag", &format!("c{i}"), "false", "--by", &format!("t{i}")]
            .map(String::from)
            .to_vec()
    });

    let loaded = load_file(&path, &RatingScale::default());
    assert_eq!(loaded.problems, []);
    assert_eq!(loaded.claims.len(), CLAIMS);
    for (i, claim) in loaded.claims.iter().enumerate() {
        assert_eq!(claim.id, format!("c{i}"));
        let verdict = claim
            .verdict
            .as_ref()
            .unwrap_or_else(|| panic!("c{i} lost its verdict"));
        assert_eq!(verdict.rating, "false");
        assert_eq!(verdict.by.as_deref(), Some(format!("t{i}").as_str()));
        assert!(verdict.at.is_some());
    }
    let written = fs::read_to_string(&path).unwrap();
    for i in 0..CLAIMS {
        assert!(written.contains(&format!("  # claim {i}\n  - id: c{i}\n")));
    }
    assert_eq!(entries(&folder), ["claims.yaml"], "no temporary files left");

    run_all_at_once(&folder, &cache, |i| {
        ["untag", &format!("c{i}")].map(String::from).to_vec()
    });
    assert_eq!(fs::read_to_string(&path).unwrap(), original);
    assert_eq!(entries(&folder), ["claims.yaml"], "no temporary files left");
}
