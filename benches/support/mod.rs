//! Generated corpora for the benches, written once per size into a temp folder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

#[path = "../../examples/gen-corpus.rs"]
mod gen_corpus;

/// The corpus sizes to measure. `cargo bench` measures them all; `cargo test --all-targets`
/// runs each bench once as a smoke test, on the smallest corpus only.
pub fn sizes() -> &'static [usize] {
    if std::env::args().any(|arg| arg == "--bench") {
        &[1_000, 10_000, 100_000]
    } else {
        &[1_000]
    }
}

/// A corpus of `claims` claims, 1,000 claims a file (as in the archive the targets assume).
pub struct Corpus {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    pub bytes: usize,
}

pub fn generate(claims: usize) -> Corpus {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = claims.div_ceil(1_000);
    let mut paths = Vec::new();
    let mut bytes = 0;
    for file in 0..files {
        let (first, count) = gen_corpus::file_range(claims, files, file);
        let text = gen_corpus::generate_file(42, first, count);
        bytes += text.len();
        let path = dir.path().join(gen_corpus::file_name(file));
        std::fs::write(&path, text).expect("write corpus file");
        paths.push(path);
    }
    Corpus {
        root: dir.path().to_path_buf(),
        _dir: dir,
        files: paths,
        bytes,
    }
}

pub fn label(claims: usize) -> String {
    match claims {
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

pub fn first_file(corpus: &Corpus) -> &Path {
    &corpus.files[0]
}

/// Every file of `corpus`, loaded as the dashboard's loader sends them.
pub fn loaded_files(corpus: &Corpus) -> Vec<claimdesk::store::LoadedFile> {
    let scale = claimdesk::model::RatingScale::default();
    corpus
        .files
        .iter()
        .map(|path| claimdesk::store::load_file(path, &scale))
        .collect()
}

/// The allocator the shipped binary uses (see `src/main.rs`), so that in-process benches,
/// the floor among them, measure what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
