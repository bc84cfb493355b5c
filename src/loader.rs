//! The dashboard's background loader: files are discovered, parsed (through the warm-start
//! cache) and indexed for search on rayon's threads, and reach the app as messages.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::thread;

use rayon::prelude::*;

use crate::app::Message;
use crate::model::RatingScale;
use crate::search::IndexedFile;
use crate::store::{Cache, discover};

/// How many parsed files may wait for the interface thread.
const QUEUED_FILES: usize = 4;

/// What the loader thread sends: a loaded file, or a message about the load as a whole.
enum News {
    File(IndexedFile),
    Message(Message),
}

/// A load in progress. Dropping it stops the load at its next file.
pub struct Loader {
    news: Receiver<News>,
}

impl Loader {
    /// Starts loading every claim file under `paths` (through `cache` when given), files in
    /// parallel, each sent as soon as it is parsed and indexed.
    pub fn spawn(paths: Vec<PathBuf>, scale: RatingScale, cache: Option<Cache>) -> Self {
        // Bounded: when the interface thread falls behind, parsing waits instead of piling up
        // parsed files (and their word indexes) in memory.
        let (sender, news) = mpsc::sync_channel(QUEUED_FILES);
        thread::spawn(move || {
            let (files, problems) = discover(&paths);
            let started = News::Message(Message::LoadingStarted {
                files: files.len(),
                problems,
            });
            // A failed send means the dashboard quit or reloaded: nobody wants the rest (and
            // the unsent news is dropped right away).
            let send = |news| sender.send(news).map_err(drop);
            let load_all = || {
                files.par_iter().try_for_each(|file| {
                    let file = IndexedFile::load(file, &scale, cache.as_ref());
                    send(News::File(file))
                })
            };
            let sent = send(started).and_then(|()| match background_pool() {
                Some(pool) => pool.install(load_all),
                None => load_all(),
            });
            if sent.is_ok() {
                let _ = send(News::Message(Message::LoadFinished));
            }
        });
        Self { news }
    }

    /// Everything that arrived since the last call, without waiting.
    pub fn messages(&self) -> Vec<Message> {
        batch(self.news.try_iter())
    }

    /// Waits for news, then returns it with everything else that arrived; empty once the
    /// load is over.
    pub fn wait_messages(&self) -> Vec<Message> {
        match self.news.recv() {
            Ok(first) => batch(std::iter::once(first).chain(self.news.try_iter())),
            Err(_) => Vec::new(),
        }
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

/// Files that arrived together go to the app as one message, so the list is recomputed once
/// per batch rather than once per file.
fn batch(incoming: impl Iterator<Item = News>) -> Vec<Message> {
    let mut messages = Vec::new();
    let mut files = Vec::new();
    for news in incoming {
        match news {
            News::File(file) => files.push(file),
            News::Message(message) => {
                if !files.is_empty() {
                    messages.push(Message::FilesLoaded(std::mem::take(&mut files)));
                }
                messages.push(message);
            }
        }
    }
    if !files.is_empty() {
        messages.push(Message::FilesLoaded(files));
    }
    messages
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
        let loader = Loader::spawn(vec![PathBuf::from("data")], RatingScale::default(), None);
        let mut files = 0;
        let mut finished = false;
        while !finished {
            let messages = loader.wait_messages();
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
