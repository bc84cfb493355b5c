//! One frame of the dashboard (list + detail) at 200x60: only the visible rows are built, so
//! the cost should not grow with the corpus.

mod support;

use claimdesk::app::{App, Message};
use claimdesk::search::IndexedFile;
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
            bytes: 0,
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

/// One frame with a claim whose assertion, quote and rebuttal are each 1 MB selected: the
/// cost must follow what is visible, not the size of a field.
fn huge_field(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.yaml");
    let words = "the portal was never breached and the data is safe ".repeat(20_000);
    let text = format!(
        "claims:\n  - id: huge\n    assertion: {words}\n    claimant: c\n    source:\n      \
         name: n\n      quote: {words}\n    rebuttals:\n      - by: b\n        text: {words}\n"
    );
    std::fs::write(&path, text).expect("write the huge claim");
    let file = claimdesk::store::load_file(&path, &claimdesk::model::RatingScale::default());
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    let mut app = App::new(vec![path], Some("bench".into()), Theme { color: true });
    app.update(Message::Resize {
        width: 120,
        height: 40,
    });
    app.update(Message::LoadingStarted {
        files: 1,
        bytes: 0,
        problems: Vec::new(),
    });
    app.update(Message::FilesLoaded(vec![IndexedFile::new(file)]));
    app.update(Message::LoadFinished);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
    c.bench_function("render/120x40/1MB-fields", |b| {
        b.iter(|| terminal.draw(|frame| ui::render(&app, frame)).map(|_| ()))
    });
}

criterion_group!(benches, render, huge_field);
criterion_main!(benches);
