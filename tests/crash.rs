//! `claimdesk tag` killed (SIGKILL) at random moments while it tags a 5,000-claim file: after
//! every kill the file parses and holds either the text from before the tag or exactly the
//! text the tag writes, and once a write has run normally no temporary file is left over.
//!
//! The kill delays come from a seeded generator, spread over the time one whole tag takes
//! (measured first), so the kills land while the process starts, loads, edits, writes its
//! temporary file, syncs it, checks the file again and renames. Run with `--nocapture` to see
//! how the kills landed.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

mod support;

use claimdesk::model::RatingScale;
use claimdesk::store::{VerdictChange, edit_verdict, load_file, load_text};
use support::Rng;

const SEED: u64 = 0x5EED_0012;
const CLAIMS: usize = 5_000;
const KILLS: usize = 100;
const RATINGS: &[&str] = &["true", "half-true", "false", "misleading", "unproven"];

/// A claim file of `CLAIMS` small claims in the styles a desk writes (block and flow claims,
/// plain, quoted and folded text, comments, some verdicts already there), small enough that
/// the debug build tags it in well under a second.
fn claim_file(rng: &mut Rng) -> String {
    let mut text = String::from("# Generated for the crash test.\nclaims:\n");
    for i in 0..CLAIMS {
        match rng.below(10) {
            0 => text.push_str(&format!(
                "  - {{id: c{i}, assertion: \"flow #{i}: quoted\", claimant: Desk}}\n"
            )),
            1 => text.push_str(&format!(
                "  # claim {i}\n  - id: c{i}\n    assertion: >-\n      folded\n      text {i}\n    \
                 claimant: Person {i}\n"
            )),
            2 => text.push_str(&format!(
                "  - id: c{i}\n    assertion: plain {i} # a comment\n    claimant: Person {i}\n    \
                 verdict:\n      rating: mostly-true\n      by: crash\n"
            )),
            3 => text.push_str(&format!(
                "  - id: c{i}\n    assertion: 'single {i}'\n    claimant: Person {i}\n    \
                 tags: [t{}]\n",
                i % 7
            )),
            _ => text.push_str(&format!(
                "  - id: c{i}\n    assertion: plain {i}\n    claimant: Person {i}\n"
            )),
        }
    }
    text
}

/// `claimdesk tag ID RATING` on `file`, as `crash`, replacing whatever verdict is there.
/// The cache is off: every completed tag changes the file, and filling the cache again would
/// cost more than it saves.
fn tag(file: &Path, id: &str, rating: &str, note: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_claimdesk"));
    command
        .args([
            "tag",
            id,
            rating,
            "--by",
            "crash",
            "--replace",
            "--note",
            note,
        ])
        .arg(file)
        .env("CLAIMDESK_CONFIG", "")
        .env("CLAIMDESK_STATE_DIR", "")
        .env("CLAIMDESK_CACHE_DIR", "")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn temporaries(folder: &Path) -> Vec<PathBuf> {
    fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".claimdesk-")
        })
        .collect()
}

/// The file after a tag of `id` that completed, as read (`after`): it must parse, and be
/// exactly `before` with the verdict it holds for `id` written in, so every other byte is as
/// it was. (`load_text` is `load_file` on bytes already read: the file has moved on by the
/// time this runs, beside the next tag.)
fn assert_is_the_tag_of(after: &str, before: &str, id: &str, rating: &str) {
    let loaded = load_text(
        Path::new("claims.yaml"),
        after.as_bytes(),
        &RatingScale::default(),
    );
    assert!(
        loaded.problems.iter().all(|p| !p.is_error()),
        "{:?}",
        loaded.problems
    );
    assert_eq!(loaded.claims.len(), CLAIMS);
    let claim = loaded.claims.iter().find(|c| c.id == id).unwrap();
    let verdict = claim.verdict.as_deref().cloned().expect("the new verdict");
    assert_eq!(
        (verdict.rating.as_str(), verdict.by.as_deref()),
        (rating, Some("crash"))
    );
    let change = VerdictChange {
        id: id.into(),
        verdict: Some(verdict),
        expect: None,
    };
    let expected = edit_verdict(before, &change).unwrap();
    assert!(after == expected, "{id}: bytes outside its verdict changed");
}

#[test]
fn sigkill_during_tag_leaves_the_old_or_the_new_file_and_no_temporary_files() {
    let started = Instant::now();
    let mut rng = Rng(SEED);
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("claims");
    fs::create_dir(&folder).unwrap();
    let file = folder.join("claims.yaml");
    fs::write(&file, claim_file(&mut rng)).unwrap();

    // How long one whole tag takes: the longest of three, as the machine may be busy, so
    // that the delays span the write and not just the start of the process.
    let took = (0..3)
        .map(|run| {
            let started = Instant::now();
            let status = tag(&file, "c1", "false", &format!("measure {run}"))
                .status()
                .unwrap();
            assert!(status.success());
            started.elapsed()
        })
        .max()
        .unwrap_or_default();

    let (mut kills, mut runs, mut old, mut new) = (0, 0, 0, 0);
    let mut left_over = BTreeSet::new();
    // A completed tag is checked on another thread, beside the next tag's run.
    thread::scope(|checks| {
        while kills < KILLS {
            runs += 1;
            assert!(
                runs < 4 * KILLS,
                "too few runs were still going when killed"
            );
            let before = fs::read_to_string(&file).unwrap();
            let id = format!("c{}", rng.below(CLAIMS));
            let rating = *rng.pick(RATINGS);
            let note = format!("run {runs}");
            let delay = Duration::from_micros(rng.below(took.as_micros() as usize) as u64);
            let mut child = tag(&file, &id, rating, &note).spawn().unwrap();
            thread::sleep(delay);
            child.kill().unwrap();
            let status = child.wait().unwrap();
            if status.signal() == Some(9) {
                kills += 1;
            } else {
                assert!(status.success(), "{id}: {status}");
            }
            let after = fs::read_to_string(&file).unwrap();
            if after == before {
                old += 1;
            } else {
                checks.spawn(move || assert_is_the_tag_of(&after, &before, &id, rating));
                new += 1;
            }
            left_over.extend(temporaries(&folder));
        }
    });

    // Leftovers go with the next write that runs to its end.
    let status = tag(&file, "c2", "true", "final").status().unwrap();
    assert!(status.success());
    assert_eq!(temporaries(&folder), Vec::<PathBuf>::new());
    let loaded = load_file(&file, &RatingScale::default());
    assert!(loaded.problems.iter().all(|p| !p.is_error()));
    println!(
        "crash test (seed {SEED:#x}): one tag took {took:?}; {runs} runs, {kills} killed; \
         the file held the old text {old} times and the new text {new} times; \
         temporary files left by kills (all removed by later writes): {}; {:?} in all",
        left_over.len(),
        started.elapsed()
    );
}
