//! The dashboard's file watcher: notices claim files that others change, add or remove after
//! the dashboard started, loads them on its own thread and tells them as [`News`].

use std::collections::HashMap;
use std::path::PathBuf;
use std::thread;
use std::time::{Duration, SystemTime};

use crate::model::RatingScale;
use crate::store::{LoadedFile, discover, load_file};

/// What the watcher tells the dashboard.
#[derive(Debug)]
pub enum News {
    /// Watching has begun: a change from now on will be told. A load that starts after this
    /// misses nothing.
    Ready,
    /// A claim file changed (or appeared), loaded as it is now.
    Changed(LoadedFile),
    /// A claim file disappeared.
    Removed(PathBuf),
}

/// How often the claim files are checked for changes made by others.
const WATCH_INTERVAL: Duration = Duration::from_secs(1);

/// Watches the claim files under `paths` on a thread of its own, handing what changed to
/// `send` until it says nobody listens.
pub fn spawn(
    paths: Vec<PathBuf>,
    scale: RatingScale,
    send: impl Fn(News) -> bool + Send + 'static,
) {
    thread::spawn(move || {
        let known = snapshot(&paths);
        if send(News::Ready) {
            poll(&paths, known, &scale, &send);
        }
    });
}

/// What a file looked like: a change to either means someone wrote it.
type Stamp = (u64, Option<SystemTime>);

fn snapshot(paths: &[PathBuf]) -> HashMap<PathBuf, Stamp> {
    let (files, _) = discover(paths);
    files
        .into_iter()
        .filter_map(|file| {
            let meta = std::fs::metadata(&file).ok()?;
            Some((file, (meta.len(), meta.modified().ok())))
        })
        .collect()
}

/// Polls the claim files (and the folders, for new files) every [`WATCH_INTERVAL`] and sends
/// what changed. Polling sizes and times is cheap and works on every file system.
fn poll(
    paths: &[PathBuf],
    mut known: HashMap<PathBuf, Stamp>,
    scale: &RatingScale,
    send: &impl Fn(News) -> bool,
) {
    loop {
        thread::sleep(WATCH_INTERVAL);
        let now = snapshot(paths);
        if !send_changes(&known, &now, scale, send) {
            return;
        }
        known = now;
    }
}

/// Sends what changed between `before` and `now`; false once nobody listens.
fn send_changes(
    before: &HashMap<PathBuf, Stamp>,
    now: &HashMap<PathBuf, Stamp>,
    scale: &RatingScale,
    send: &impl Fn(News) -> bool,
) -> bool {
    let changed = now
        .iter()
        .filter(|(path, stamp)| before.get(*path) != Some(stamp))
        .all(|(path, _)| send(News::Changed(load_file(path, scale))));
    changed
        && before
            .keys()
            .filter(|path| !now.contains_key(*path))
            .all(|path| send(News::Removed(path.clone())))
}
