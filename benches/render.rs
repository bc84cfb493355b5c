//! One frame of the dashboard (list + detail) at 200x60: only the visible rows are built, so
//! the cost should not grow with the corpus.

mod support;

use claimdesk::app::{App, IndexedFile, Message};
use claimdesk::ui::{self, Theme};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render/200x60");
    for &count in support::sizes() {
        let corpus = support::generate(count);
        let files = support::loaded_files(&corpus);
        let mut app = App::new(
            vec![corpus.root.clone()],
            Some("bench".into()),
            Theme { color: true },
        );
        app.update(Message::Resize {
            width: 200,
            height: 60,
        });
        app.update(Message::LoadingStarted {
            files: files.len(),
            problems: Vec::new(),
        });
        app.update(Message::FilesLoaded(
            files.into_iter().map(IndexedFile::new).collect(),
        ));
        app.update(Message::LoadFinished);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test terminal");
        group.bench_function(BenchmarkId::from_parameter(support::label(count)), |b| {
            b.iter(|| terminal.draw(|frame| ui::render(&app, frame)).map(|_| ()))
        });
    }
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
