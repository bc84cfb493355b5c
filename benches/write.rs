//! Tagging a claim: the cost depends on the size of its file, never on the whole corpus.

mod support;

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use claimdesk::model::{RatingScale, Verdict};
use claimdesk::store::{
    VerdictChange, WriteStep, apply_verdict_change, edit_verdict, load_file,
    rewrite_locked_observed,
};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn verdict(rating: &str) -> Option<Verdict> {
    Some(Verdict {
        rating: rating.into(),
        note: Some("Checked against the ministry's statement: see the note in the file.".into()),
        by: Some("bench".into()),
        at: Utc.with_ymd_and_hms(2026, 11, 27, 10, 30, 0).single(),
        review: None,
    })
}

fn tag_write(c: &mut Criterion) {
    let mut group = c.benchmark_group("tag_write");
    for &claims in support::sizes() {
        // Every corpus has 1,000-claim files: the write touches one of them.
        let corpus = support::generate(claims);
        let path = support::first_file(&corpus);
        let file = load_file(path, &RatingScale::default());
        let id = file.claims[file.claims.len() / 2].id.clone();
        let mut flip = false;
        group.bench_function(
            BenchmarkId::new("1000-claim file", support::label(claims)),
            |b| {
                b.iter(|| {
                    flip = !flip;
                    let change = VerdictChange {
                        id: id.to_string(),
                        verdict: verdict(if flip { "false" } else { "misleading" }),
                        expect: None,
                    };
                    apply_verdict_change(path, &change).expect("tag write")
                })
            },
        );
        if claims == support::sizes()[0] {
            let text = std::fs::read_to_string(path).expect("read corpus file");
            let change = VerdictChange {
                id: id.to_string(),
                verdict: verdict("false"),
                expect: None,
            };
            group.bench_function("edit only (no I/O), 1000-claim file", |b| {
                b.iter(|| edit_verdict(&text, &change).expect("edit"))
            });
        }
    }
    group.finish();
}

/// The window the check before the rename leaves: from the moment the file has been read
/// again to the end of the rename. A program that writes the file without the lock (an editor,
/// `git pull`) only in that window still loses its change; at any earlier moment its change is
/// found and the edit made again on it.
fn recheck_window(c: &mut Criterion) {
    let corpus = support::generate(support::sizes()[0]);
    let path = support::first_file(&corpus);
    let file = load_file(path, &RatingScale::default());
    let id = file.claims[file.claims.len() / 2].id.to_string();
    let mut group = c.benchmark_group("tag_write");
    group.bench_function(
        "recheck to rename (the window left), 1000-claim file",
        |b| {
            b.iter_custom(|iterations| {
                let mut window = Duration::ZERO;
                for i in 0..iterations {
                    let change = VerdictChange {
                        id: id.clone(),
                        verdict: verdict(if i % 2 == 0 { "false" } else { "misleading" }),
                        expect: None,
                    };
                    let mut rechecked = None;
                    rewrite_locked_observed(
                        path,
                        |text| edit_verdict(text, &change),
                        |step| match step {
                            WriteStep::Rechecked => rechecked = Some(Instant::now()),
                            WriteStep::Renamed => {
                                window += rechecked.map_or(Duration::ZERO, |at| at.elapsed());
                            }
                            WriteStep::TempReady => {}
                        },
                    )
                    .expect("tag write");
                }
                window
            })
        },
    );
    group.finish();
}

criterion_group!(benches, tag_write, recheck_window);
criterion_main!(benches);
