//! Cold and warm load of whole corpora, as `validate`, `list` and the dashboard do it.

mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use claimdesk::app::wait_messages;
use claimdesk::app::{App, Message};
use claimdesk::loader::Loader;
use claimdesk::model::RatingScale;
use claimdesk::search::IndexedFile;
use claimdesk::store::{Cache, load_file, load_paths};
use claimdesk::ui::Theme;
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;

fn load(c: &mut Criterion) {
    let scale = RatingScale::default();
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for &claims in support::sizes() {
        let corpus = support::generate(claims);
        let paths = [corpus.root.clone()];
        group.throughput(Throughput::Bytes(corpus.bytes as u64));
        // The floor every load is measured against: each file read and run through
        // granit-parser's event parser, on the loader's thread pool, the events ignored.
        group.bench_function(BenchmarkId::new("floor", support::label(claims)), |b| {
            b.iter(|| {
                corpus
                    .files
                    .par_iter()
                    .map(|path| parse_events(path))
                    .sum::<usize>()
            })
        });
        group.bench_function(BenchmarkId::new("cold", support::label(claims)), |b| {
            b.iter_with_large_drop(|| load_paths(&paths, &scale, None, &()))
        });
        let cache_dir = tempfile::tempdir().expect("cache dir");
        let cache = Cache::at(cache_dir.path().to_path_buf());
        load_paths(&paths, &scale, Some(&cache), &());
        group.bench_function(BenchmarkId::new("warm", support::label(claims)), |b| {
            b.iter_with_large_drop(|| load_paths(&paths, &scale, Some(&cache), &()))
        });
        // The dashboard is ready when every file is loaded, indexed and in the list: cold
        // with an empty cache (which the load fills), warm with a filled one.
        let id = BenchmarkId::new("dashboard-cold", support::label(claims));
        group.bench_function(id, |b| {
            b.iter_with_large_drop(|| {
                let empty = tempfile::tempdir().expect("cache dir");
                dashboard_ready(&paths, claims, Cache::at(empty.path().to_path_buf()))
            })
        });
        let id = BenchmarkId::new("dashboard-warm", support::label(claims));
        group.bench_function(id, |b| {
            b.iter_with_large_drop(|| dashboard_ready(&paths, claims, cache.clone()))
        });
    }
    group.finish();
}

/// Reads `path` and runs granit-parser's events over it; the number of events, so that the
/// work cannot be optimised away.
fn parse_events(path: &std::path::Path) -> usize {
    let text = std::fs::read_to_string(path).expect("read a corpus file");
    let mut events = 0;
    for event in granit_parser::Parser::new_from_str(&text) {
        event.expect("the corpus parses");
        events += 1;
    }
    events
}

/// Runs the dashboard's loader and app (no terminal) until the list shows every claim.
/// The app is returned so that freeing it is not counted (the dashboard frees it at quit).
fn dashboard_ready(paths: &[std::path::PathBuf], claims: usize, cache: Cache) -> App {
    let mut app = App::new(paths.to_vec(), None, Theme { color: false });
    let (sender, news) = std::sync::mpsc::sync_channel(4);
    let _loader = Loader::spawn(
        paths.to_vec(),
        app.scale.clone(),
        Some(cache),
        move |news| sender.send(news).is_ok(),
    );
    while app.loading.is_some() {
        for message in wait_messages(&news) {
            let _ = app.update(message);
        }
    }
    assert_eq!(app.view.len(), claims);
    app
}

/// A hostile file costs what reading its bytes costs: 6 MB of comments around an alias bomb
/// (60,000 aliases of a 1,000-value anchor) against the same comments around nothing.
fn hostile(c: &mut Criterion) {
    let scale = claimdesk::model::RatingScale::default();
    let padding =
        "# padding comment padding comment padding comment padding comment\n".repeat(90_000);
    let anchor = format!("l0: &l0 [{}]\n", vec!["x"; 1_000].join(","));
    let aliases = format!("l1: [{}]\n", vec!["*l0"; 60_000].join(","));
    let bomb = format!("{padding}{anchor}{aliases}claims: []\n");
    let plain = format!("{padding}claims: []\n");
    let mut group = c.benchmark_group("load/hostile");
    group.sample_size(10);
    for (name, text) in [("comments", &plain), ("comments-and-alias-bomb", &bomb)] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                claimdesk::store::load_text(std::path::Path::new("h.yaml"), text.as_bytes(), &scale)
            })
        });
    }
    group.finish();
}

const BINARY: &str = env!("CARGO_BIN_EXE_claimdesk");

/// Whole processes, as a user runs them: start, load, print, exit.
fn process(c: &mut Criterion) {
    let mut group = c.benchmark_group("process");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for &claims in support::sizes() {
        let corpus = support::generate(claims);
        let label = support::label(claims);
        let run = |cache: &Path, args: &[&str]| {
            let status = Command::new(BINARY)
                .args(args)
                .arg(&corpus.root)
                .env("CLAIMDESK_CACHE_DIR", cache)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("run claimdesk");
            assert!(status.success(), "claimdesk {args:?}");
        };
        group.bench_function(BenchmarkId::new("validate-cold", &label), |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("cache dir"),
                |empty| run(empty.path(), &["validate"]),
                BatchSize::PerIteration,
            )
        });
        // With caching turned off (an empty CLAIMDESK_CACHE_DIR): the load alone.
        group.bench_function(BenchmarkId::new("validate-no-cache", &label), |b| {
            b.iter(|| run(Path::new(""), &["validate"]))
        });
        let cache = tempfile::tempdir().expect("cache dir");
        run(cache.path(), &["list", "--query", "x"]);
        group.bench_function(BenchmarkId::new("validate-warm", &label), |b| {
            b.iter(|| run(cache.path(), &["validate"]))
        });
        let query = ["list", "--query", "three words here", "--format", "ids"];
        group.bench_function(BenchmarkId::new("list-query-warm", &label), |b| {
            b.iter(|| run(cache.path(), &query))
        });
        let size: u64 = std::fs::read_dir(cache.path())
            .expect("read the cache")
            .map(|entry| entry.expect("an entry").metadata().expect("its size").len())
            .sum();
        eprintln!(
            "cache on disk for {label}: {size} bytes for {} bytes of claim files ({:.2}x)",
            corpus.bytes,
            size as f64 / corpus.bytes as f64
        );
    }
    group.finish();
}

/// One 1,000-claim file changed on disk while the whole corpus is loaded: the file read,
/// parsed and indexed again, and the list recomputed. Each round changes an assertion back
/// and forth, so the claims change, not only their verdicts.
fn file_changed(c: &mut Criterion) {
    let mut group = c.benchmark_group("load/file-changed");
    group.sample_size(20);
    for &claims in support::sizes() {
        let corpus = support::generate(claims);
        let cache = tempfile::tempdir().expect("cache dir");
        let paths = [corpus.root.clone()];
        let mut app = dashboard_ready(&paths, claims, Cache::at(cache.path().to_path_buf()));
        let path = support::first_file(&corpus).to_path_buf();
        let original = std::fs::read_to_string(&path).expect("read a corpus file");
        let variants = [
            original.replacen("assertion: ", "assertion: Changed ", 1),
            original,
        ];
        let mut round = 0;
        let id = BenchmarkId::new("1k-claim file", support::label(claims));
        group.bench_function(id, |b| {
            b.iter_custom(|iterations| {
                let mut spent = Duration::ZERO;
                for _ in 0..iterations {
                    round += 1;
                    std::fs::write(&path, &variants[round % 2]).expect("change the file");
                    let started = Instant::now();
                    let file = load_file(&path, &app.scale);
                    let _ = app.update(Message::FilesChanged(vec![IndexedFile::new(file)]));
                    spent += started.elapsed();
                }
                spent
            })
        });
        assert_eq!(app.view.len(), claims);
    }
    group.finish();
}

criterion_group!(benches, load, hostile, process, file_changed);
criterion_main!(benches);
