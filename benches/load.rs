//! Cold and warm load of whole corpora, as `validate`, `list` and the dashboard do it.

mod support;

use std::time::Duration;

use claimdesk::model::RatingScale;
use claimdesk::store::{Cache, load_paths};
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
            b.iter(|| load_paths(&paths, &scale, None, &()))
        });
        let cache_dir = tempfile::tempdir().expect("cache dir");
        let cache = Cache::at(cache_dir.path().to_path_buf());
        load_paths(&paths, &scale, Some(&cache), &());
        group.bench_function(BenchmarkId::new("warm", support::label(claims)), |b| {
            b.iter(|| load_paths(&paths, &scale, Some(&cache), &()))
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
