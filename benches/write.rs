//! Tagging a claim: the cost depends on the size of its file, never on the whole corpus.

mod support;

use chrono::{TimeZone, Utc};
use claimdesk::model::{RatingScale, Verdict};
use claimdesk::store::{VerdictChange, apply_verdict_change, edit_verdict, load_file};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn verdict(rating: &str) -> Option<Verdict> {
    Some(Verdict {
        rating: rating.into(),
        note: Some("Checked against the ministry's statement: see the note in the file.".into()),
        by: Some("bench".into()),
        at: Utc.with_ymd_and_hms(2026, 11, 27, 10, 30, 0).single(),
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

criterion_group!(benches, tag_write);
criterion_main!(benches);
