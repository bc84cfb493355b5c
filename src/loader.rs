//! The dashboard's background loader: files are discovered, parsed (through the warm-start
//! cache) and indexed for search on rayon's threads, and told as [`News`], which
//! [`Messages`] turns into the app's messages.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::thread;

use rayon::prelude::*;

use crate::app::Message;
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

/// Waits for news on `news`, then returns it as the app's messages with everything else that
/// arrived; empty once the load is over. For running a load without the dashboard.
pub fn wait_messages(news: &Receiver<News>) -> Vec<Message> {
    let mut messages = Messages::default();
    for news in news.recv().into_iter().chain(news.try_iter()) {
        messages.news(news);
    }
    messages.take()
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

/// News turned into the app's messages, in order. Files that arrived together go to the app as
/// one message, so the list is recomputed once per batch rather than once per file.
#[derive(Default)]
pub struct Messages {
    messages: Vec<Message>,
    files: Vec<IndexedFile>,
}

impl Messages {
    pub fn news(&mut self, news: News) {
        match news {
            News::File(file) => self.files.push(file),
            News::Started {
                files,
                bytes,
                problems,
            } => {
                self.push(Message::LoadingStarted {
                    files,
                    bytes,
                    problems,
                });
            }
            News::Finished => self.push(Message::LoadFinished),
        }
    }

    /// A message from elsewhere (a key, the watcher), after the files before it. Files the
    /// watcher tells one after the other join into one message, so that a `git pull` of many
    /// files recomputes the list once.
    pub fn push(&mut self, message: Message) {
        self.end_batch();
        match (self.messages.last_mut(), message) {
            (Some(Message::FilesChanged(before)), Message::FilesChanged(files)) => {
                before.extend(files);
            }
            (_, message) => self.messages.push(message),
        }
    }

    /// The messages so far, leaving none.
    pub fn take(&mut self) -> Vec<Message> {
        self.end_batch();
        std::mem::take(&mut self.messages)
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty() && self.files.is_empty()
    }

    /// Whether files are all there is: they may wait for the next frame.
    pub fn only_files(&self) -> bool {
        self.messages.is_empty()
    }

    fn end_batch(&mut self) {
        if !self.files.is_empty() {
            let files = std::mem::take(&mut self.files);
            self.messages.push(Message::FilesLoaded(files));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::load_file;

    #[test]
    fn files_changed_one_after_the_other_become_one_message() {
        let changed = || {
            let file = load_file(
                std::path::Path::new("data/cowin-2023-06.yaml"),
                &RatingScale::default(),
            );
            Message::FilesChanged(vec![IndexedFile::new(file)])
        };
        let mut pending = Messages::default();
        pending.push(changed());
        pending.push(changed());
        pending.push(Message::FileRemoved(PathBuf::from("gone.yaml")));
        pending.push(changed());
        let messages = pending.take();
        let sizes: Vec<Option<usize>> = messages
            .iter()
            .map(|m| match m {
                Message::FilesChanged(files) => Some(files.len()),
                _ => None,
            })
            .collect();
        assert_eq!(sizes, [Some(2), None, Some(1)]);
    }

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
        let mut files = 0;
        let mut finished = false;
        while !finished {
            let messages = wait_messages(&news);
            assert!(!messages.is_empty(), "the loader stopped without finishing");
            for message in messages {
                match message {
                    Message::FilesLoaded(batch) => files += batch.len(),
                    Message::LoadFinished => finished = true,
                    _ => {}
                }
            }
        }
        assert_eq!(files, 1);
    }
}
