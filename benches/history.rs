//! The audit trail of one claim in a generated repository of 1,000 commits, each touching the
//! claim's file (a 50-claim file; every other commit re-rates the claim): `history/cold`
//! parses every version of the file, `history/warm` reads them from the cache by blob id, as
//! the dashboard's `H` does from the second time on. The goal is under 200 ms warm. Under
//! `cargo test --all-targets` it runs once, as a smoke test, on 100 commits.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use claimdesk::history::history;
use claimdesk::model::RatingScale;
use claimdesk::store::Cache;
use criterion::{Criterion, criterion_group, criterion_main};

const CLAIMS: usize = 50;
const TARGET: &str = "claim-25";
const RATINGS: [&str; 4] = ["false", "mostly-false", "half-true", "misleading"];

/// The claim file at commit `n`: the target re-rated on even commits, another claim's note
/// edited on odd ones.
fn claim_file(n: usize) -> String {
    let mut text = String::from("claims:\n");
    for i in 0..CLAIMS {
        let id = format!("claim-{i}");
        text.push_str(&format!(
            "  - id: {id}\n    assertion: The figure {i} was said on a long afternoon.\n    claimant: Speaker {i}\n"
        ));
        let rating = if id == TARGET {
            Some(RATINGS[(n / 2) % RATINGS.len()])
        } else if i == n % CLAIMS {
            Some("unproven")
        } else {
            None
        };
        if let Some(rating) = rating {
            text.push_str(&format!(
                "    verdict:\n      rating: {rating}\n      note: Round {}\n      by: desk\n",
                n / 2
            ));
        }
    }
    text
}

/// A repository of `commits` commits by three authors, written with `git fast-import` (each
/// commit continues the branch).
fn generate(dir: &Path, commits: usize) {
    let git = |args: &[&str]| Command::new("git").args(args).current_dir(dir).output();
    git(&["init", "-q", "-b", "main"]).expect("git init");
    let mut import = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let mut stream = import.stdin.take().expect("its input");
    let authors = ["Alice", "Bob", "Carol"];
    for n in 0..commits {
        let text = claim_file(n);
        let author = authors[n % authors.len()];
        let when = 1_700_000_000 + n * 60;
        let message = format!("Edit {n}");
        write!(
            stream,
            "commit refs/heads/main\nauthor {author} <{author}@desk.example> {when} +0000\ncommitter {author} <{author}@desk.example> {when} +0000\ndata {}\n{message}\nM 100644 inline claims.yaml\ndata {}\n{text}\n",
            message.len(),
            text.len(),
        )
        .expect("write to fast-import");
    }
    drop(stream);
    assert!(import.wait().expect("fast-import ran").success());
    git(&["checkout", "-q", "main"]).expect("checkout");
}

fn bench(c: &mut Criterion) {
    let benching = std::env::args().any(|arg| arg == "--bench");
    let commits = if benching { 1_000 } else { 100 };
    let repository = tempfile::tempdir().expect("temporary folder");
    generate(repository.path(), commits);
    let scale = RatingScale::default();
    let changes = history(repository.path(), TARGET, &scale, None).expect("history");
    assert_eq!(changes.len(), commits / 2);

    let mut group = c.benchmark_group("history");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("cold", |b| {
        b.iter(|| history(repository.path(), TARGET, &scale, None).expect("history"))
    });
    let cache_dir = tempfile::tempdir().expect("cache folder");
    let cache = Cache::at(cache_dir.path().to_path_buf());
    history(repository.path(), TARGET, &scale, Some(&cache)).expect("priming the cache");
    group.bench_function("warm", |b| {
        b.iter(|| history(repository.path(), TARGET, &scale, Some(&cache)).expect("history"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
