//! The loader's news as the app's messages: what the event loop (and anything else that runs
//! a load, like the benches) hands to [`App::update`](super::App::update).

use std::sync::mpsc::Receiver;

use super::Message;
use crate::loader::News;
use crate::search::IndexedFile;

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

/// Waits for news on `news`, then returns it as the app's messages with everything else that
/// arrived; empty once the load is over. For running a load without the dashboard.
pub fn wait_messages(news: &Receiver<News>) -> Vec<Message> {
    let mut messages = Messages::default();
    for news in news.recv().into_iter().chain(news.try_iter()) {
        messages.news(news);
    }
    messages.take()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::model::RatingScale;
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
}
