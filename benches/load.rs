//! Cold and warm load of whole corpora, as `validate`, `list` and the dashboard do it.

mod support;

use std::time::Duration;

use claimdesk::app::App;
use claimdesk::loader::{Loader, wait_messages};
use claimdesk::model::RatingScale;
use claimdesk::store::{Cache, load_paths};
use claimdesk::ui::Theme;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
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

criterion_group!(benches, load, hostile);
criterion_main!(benches);
