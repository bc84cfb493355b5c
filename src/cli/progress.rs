//! Loading for the headless commands: through the warm-start cache, with a progress bar on
//! stderr when stderr is a terminal (and nothing when it is piped).

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::inert::inert;
use crate::model::RatingScale;
use crate::search::{self, Query, SearchIndex};
use crate::store::{Cache, Corpus, LoadProgress, LoadedFile, load_paths};

struct Bar(ProgressBar);

impl LoadProgress for Bar {
    fn started(&self, files: usize) {
        self.0.set_length(files as u64);
    }

    fn file_loaded(&self, file: &LoadedFile) {
        self.0.inc(1);
        self.0
            .set_message(inert(&file.path.display().to_string()).into_owned());
    }
}

/// Loads every claim file under `paths` as the commands do.
pub fn load(paths: &[PathBuf], scale: &RatingScale) -> Corpus {
    with_progress(|cache, progress| load_paths(paths, scale, cache, progress))
}

/// [`load`], with every file indexed for `query` (from the cache when it has the index).
pub fn load_indexed(
    paths: &[PathBuf],
    scale: &RatingScale,
    query: &Query,
) -> (Corpus, SearchIndex) {
    with_progress(|cache, progress| search::load_indexed(paths, scale, cache, progress, query))
}

/// Runs a load through the platform cache, reporting to a progress bar on stderr when it is
/// a terminal.
fn with_progress<T>(load: impl FnOnce(Option<&Cache>, &dyn LoadProgress) -> T) -> T {
    let cache = Cache::platform();
    if !std::io::stderr().is_terminal() {
        return load(cache.as_ref(), &());
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{prefix} {bar:30} {pos}/{len} files  {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_prefix("loading");
    let loaded = load(cache.as_ref(), &Bar(bar.clone()));
    bar.finish_and_clear();
    loaded
}
