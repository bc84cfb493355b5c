use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;

use crate::inert::inert;
use crate::store::Corpus;

/// Prints every problem under `paths` (ratings checked against the desk's scale) and a
/// summary; `Ok(false)` when there were errors. A desk file that cannot be used is an `Err`.
pub fn validate(paths: &[PathBuf], out: &mut impl Write) -> Result<bool> {
    let scale = super::open_desk(paths)?.scale;
    // The process exits next, and the system takes its memory back at once: freeing a large
    // corpus claim by claim first was a tenth of a warm run.
    let corpus = std::mem::ManuallyDrop::new(super::load(paths, &scale));
    report(&corpus, out)?;
    Ok(corpus.errors() == 0)
}

fn report(corpus: &Corpus, out: &mut impl Write) -> io::Result<()> {
    let mut problems: Vec<_> = corpus.problems.iter().collect();
    problems.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    for problem in problems {
        writeln!(out, "{problem}")?;
    }
    if !corpus.skipped.is_empty() {
        let names: Vec<_> = corpus
            .skipped
            .iter()
            .map(|p| inert(&p.display().to_string()).into_owned())
            .collect();
        writeln!(
            out,
            "note: skipped {} YAML file{} without a top-level `claims:` list: {}",
            names.len(),
            plural(names.len()),
            names.join(", ")
        )?;
    }
    writeln!(
        out,
        "{} claim{} in {} file{}, {} error{}, {} warning{}",
        corpus.claims.len(),
        plural(corpus.claims.len()),
        corpus.claim_files,
        plural(corpus.claim_files),
        corpus.errors(),
        plural(corpus.errors()),
        corpus.warnings(),
        plural(corpus.warnings()),
    )
}

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
