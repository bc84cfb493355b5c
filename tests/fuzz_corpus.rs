//! Replays every saved fuzz input (`fuzz/corpus/<target>/` and the crashes in
//! `fuzz/artifacts/<target>/`) through the checks the fuzz targets run, on stable Rust: an
//! input that once failed stays a regression test. `fuzz/findings/` holds known failures that
//! are not fixed yet, and is not replayed.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// Runs `check` on every input saved for `target`, and fails naming each input that fails.
fn replay(target: &str, check: fn(&[u8])) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut inputs: Vec<PathBuf> = ["corpus", "artifacts"]
        .iter()
        .filter_map(|folder| std::fs::read_dir(fuzz.join(folder).join(target)).ok())
        .flatten()
        .map(|entry| entry.expect("read a fuzz input folder").path())
        .filter(|path| path.is_file())
        .collect();
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no saved inputs for `{target}` under {}",
        fuzz.display()
    );
    let failed: Vec<String> = inputs
        .iter()
        .filter(|input| {
            let bytes = std::fs::read(input).expect("read a fuzz input");
            catch_unwind(AssertUnwindSafe(|| check(&bytes))).is_err()
        })
        .map(|input| input.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} inputs failed (messages above):\n{}",
        failed.len(),
        inputs.len(),
        failed.join("\n")
    );
}

#[test]
fn load_corpus() {
    replay("load", checks::check_load);
}

#[test]
fn write_corpus() {
    replay("write", checks::check_write);
}

#[test]
fn query_corpus() {
    replay("query", checks::check_query);
}

/// The `write` check and the monkey test compare files without their verdict blocks: these
/// must be exactly what a tag may change.
#[test]
fn verdict_blocks_are_what_a_tag_may_change() {
    let text = "claims:\n  - id: a\n    assertion: x\n    claimant: y\n    verdict:\n      rating: \"false\"\n        # under the verdict\n\n  # before b\n  - {id: b, assertion: x, claimant: y, verdict: {rating: unproven}}\n  - verdict: {rating: misleading}\n    id: c\n    assertion: x\n    claimant: y\n";
    assert_eq!(
        checks::without_verdict_blocks(text, |_| true).as_deref(),
        Some(
            "claims:\n  - id: a\n    assertion: x\n    claimant: y\n\n  # before b\n  - {id: b, assertion: x, claimant: y}\n  - id: c\n    assertion: x\n    claimant: y\n"
        )
    );
    let only_b = checks::without_verdict_blocks(text, |id| id == "b").unwrap();
    assert!(
        only_b.contains("\"false\"")
            && !only_b.contains("unproven")
            && only_b.contains("misleading")
    );
    // At the end of a file without a final line break, the break before the block goes too.
    let unterminated = "claims:\n  - id: a\n    verdict: {rating: x}";
    assert_eq!(
        checks::without_verdict_blocks(unterminated, |_| true).as_deref(),
        Some("claims:\n  - id: a")
    );
    assert_eq!(checks::without_verdict_blocks("claims: [", |_| true), None);
}
