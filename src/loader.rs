//! The dashboard's background loader: files are discovered, parsed (through the warm-start
//! cache) and indexed for search on rayon's threads, and told as [`News`] (which the app
//! turns into its messages, see [`crate::app::Messages`]). It knows nothing of the app.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use rayon::prelude::*;

use crate::model::RatingScale;
use crate::search::IndexedFile;
use crate::store::{Cache, Problem, discover, total_bytes};

/// What a load tells whoever started it, in this order: how many files, each file as it is
/// parsed and indexed, and the end.
#[derive(Debug)]
pub enum News {
    /// Discovery is done: `files` files will be loaded; `problems` are paths that could not
    /// be read.
    Started {
        files: usize,
        /// What the files hold in all, so that room is made for their claims at once.
        bytes: u64,
        problems: Vec<Problem>,
    },
    File(IndexedFile),
    Finished,
}

/// Test-only: the path of a named pipe the loader reads before its first file, so that a test
/// can hold a load back for as long as it likes (the PTY tests, to see the dashboard answer
/// while it loads). Unset, as everywhere but in those tests, it costs one look at the
/// environment per load.
#[doc(hidden)]
pub const TEST_GATE: &str = "CLAIMDESK_TEST_LOAD_GATE";

/// A load in progress. Dropping it stops the load at its next file.
pub struct Loader {
    stopped: Arc<AtomicBool>,
}

impl Loader {
    /// Starts loading every claim file under `paths` (through `cache` when given), files in
    /// parallel, each handed to `send` as soon as it is parsed and indexed. `send` says
    /// whether anyone still listens (the load stops when nobody does) and may block: a
    /// bounded channel behind it makes parsing wait for a busy interface instead of piling
    /// up parsed files (and their word indexes) in memory.
    pub fn spawn(
        paths: Vec<PathBuf>,
        scale: RatingScale,
        cache: Option<Cache>,
        send: impl Fn(News) -> bool + Send + Sync + 'static,
    ) -> Self {
        let stopped = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stopped);
        thread::spawn(move || {
            let (files, problems) = discover(&paths);
            let started = News::Started {
                files: files.len(),
                bytes: total_bytes(&files),
                problems,
            };
            // Once the dashboard quit or reloaded, nobody wants the rest (and the unsent news
            // is dropped right away).
            let send = |news| {
                if !stop.load(Ordering::Relaxed) && send(news) {
                    Ok(())
                } else {
                    Err(())
                }
            };
            let load_all = || {
                files.par_iter().try_for_each(|file| {
                    let file = IndexedFile::load(file, &scale, cache.as_ref());
                    send(News::File(file))
                })
            };
            let sent = send(started).and_then(|()| {
                wait_for_test_gate();
                match background_pool() {
                    Some(pool) => pool.install(load_all),
                    None => load_all(),
                }
            });
            if sent.is_ok() {
                let _ = send(News::Finished);
            }
        });
        Self { stopped }
    }
}

impl Drop for Loader {
    fn drop(&mut self) {
        self.stopped.store(true, Ordering::Relaxed);
    }
}

/// See [`TEST_GATE`].
fn wait_for_test_gate() {
    if let Some(gate) = std::env::var_os(TEST_GATE) {
        // Opening a named pipe waits for its writer; reading it, for the writer to close it.
        let _ = std::fs::read(gate);
    }
}

/// A thread per core for loading, each at a lower priority than the interface thread: on two
/// cores the loader still uses both, but a key or a frame never waits behind it.
fn background_pool() -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("claimdesk-loader-{i}"))
        .start_handler(|_| lower_this_threads_priority())
        .build()
        .ok()
}

/// Niceness the loader's threads run at (0 is the interface thread's, 19 the lowest).
const LOADER_NICENESS: libc::c_int = 10;

fn lower_this_threads_priority() {
    // On Linux the nice value belongs to the thread, and 0 names the calling one. A failure
    // leaves the thread as it was: slower keys while loading, nothing worse.
    // SAFETY: setpriority only reads its arguments.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, LOADER_NICENESS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loaders_threads_yield_to_the_interface_thread() {
        // SAFETY: getpriority only reads its arguments (errno aside, which is not used).
        let niceness = || unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let pool = background_pool().expect("a thread pool");
        let theirs = pool.install(|| (0..64).into_par_iter().map(|_| niceness()).min());
        assert_eq!(
            theirs,
            Some(niceness() + LOADER_NICENESS).map(|n| n.min(19))
        );
    }

    #[test]
    fn loads_every_file_then_says_it_is_finished() {
        let (sender, news) = std::sync::mpsc::sync_channel(1);
        let _loader = Loader::spawn(vec![PathBuf::from("data")], RatingScale::default(), None, {
            move |news| sender.send(news).is_ok()
        });
        let (mut started, mut files, mut finished) = (None, 0, false);
        // Ends when the loader's thread drops its sender, after its last news.
        for news in news {
            assert!(!finished, "news after the end: {news:?}");
            match news {
                News::Started { files, .. } => started = Some(files),
                News::File(_) => files += 1,
                News::Finished => finished = true,
            }
        }
        assert_eq!((started, files, finished), (Some(1), 1, true));
    }
}
