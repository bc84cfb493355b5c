//! Cold and warm load of whole corpora, as `validate`, `list` and the dashboard do it.

mod support;

use std::time::Duration;

use claimdesk::app::App;
use claimdesk::loader::Loader;
use claimdesk::model::RatingScale;
use claimdesk::store::{Cache, load_paths};
use claimdesk::ui::Theme;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

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

/// Runs the dashboard's loader and app (no terminal) until the list shows every claim.
/// The app is returned so that freeing it is not counted (the dashboard frees it at quit).
fn dashboard_ready(paths: &[std::path::PathBuf], claims: usize, cache: Cache) -> App {
    let mut app = App::new(paths.to_vec(), None, Theme { color: false });
    let loader = Loader::spawn(paths.to_vec(), app.scale.clone(), Some(cache));
    while app.loading.is_some() {
        for message in loader.wait_messages() {
            let _ = app.update(message);
        }
    }
    assert_eq!(app.view.len(), claims);
    app
}

criterion_group!(benches, load);
criterion_main!(benches);
