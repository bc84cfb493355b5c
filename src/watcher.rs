//! The dashboard's file watcher: notices the claim files that others change, add, remove or
//! replace (a write to a temporary file renamed over the claim file, as editors and claimdesk
//! itself write) after the dashboard started, loads them on its own thread and tells them as
//! [`News`].
//!
//! The operating system tells of changes ([`notify`]: inotify on Linux), so an idle dashboard
//! does no work at all. Folders are watched recursively, and an event concerns the claim files
//! [`discover`] would find there, by the same rules: `*.yaml` / `*.yml`, hidden folders and
//! `target` skipped (so a leftover `.claimdesk-*.tmp` is never one). When the files cannot be
//! watched (the system's limit on watched folders, say), the watcher says so and goes back to
//! looking at every file's size and time every second.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use notify::{Config, EventHandler, RecommendedWatcher, RecursiveMode, Watcher};

use crate::model::RatingScale;
use crate::search::IndexedFile;
use crate::store::{discover, is_yaml_name, load_file, walks_into};

/// What the watcher tells the dashboard.
#[derive(Debug)]
pub enum News {
    /// Watching has begun: a change from now on will be told. A load that starts after this
    /// misses nothing.
    Ready,
    /// A claim file changed (or appeared), loaded as it is now and indexed (here, not on the
    /// interface thread).
    Changed(IndexedFile),
    /// A claim file disappeared.
    Removed(PathBuf),
    /// The files cannot be watched (the words say why); they are checked every second instead.
    Polling(String),
}

/// How long events are gathered after the last one before the files are looked at: a save is
/// often several events (write, rename, attributes), and a `git checkout` many.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// The longest events are gathered for, so that a stream of them still shows up.
const LONGEST_GATHERING: Duration = Duration::from_secs(1);
/// How often the files are looked at when they cannot be watched.
const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// Watches the claim files under `paths` on a thread of its own, handing what changed to
/// `send` until it says nobody listens.
pub fn spawn(
    paths: Vec<PathBuf>,
    scale: RatingScale,
    send: impl Fn(News) -> bool + Send + 'static,
) {
    thread::spawn(move || watch(&paths, &scale, &send, RecommendedWatcher::new));
}

/// What the operating system's watcher is handed: it forwards every event but reads (the
/// loader's and the watcher's own reads would otherwise wake the watcher again).
struct Forward(Sender<notify::Result<notify::Event>>);

impl EventHandler for Forward {
    fn handle_event(&mut self, event: notify::Result<notify::Event>) {
        if !matches!(&event, Ok(event) if event.kind.is_access()) {
            // The receiver is gone only once the watcher thread has ended.
            let _ = self.0.send(event);
        }
    }
}

/// The watcher thread; `start` makes the operating system's watcher (a parameter so that tests
/// can make it fail).
fn watch<W: Watcher>(
    paths: &[PathBuf],
    scale: &RatingScale,
    send: &impl Fn(News) -> bool,
    start: impl FnOnce(Forward, Config) -> notify::Result<W>,
) {
    let (forward, events) = mpsc::channel();
    let mut roots: Vec<Root> = paths.iter().map(|path| Root::new(path)).collect();
    // Symbolic links to folders are not followed, as `discover` does not follow them.
    let config = Config::default().with_follow_symlinks(false);
    let watching = start(Forward(forward), config).and_then(|mut watcher| {
        watch_roots(&mut watcher, &mut roots)?;
        Ok(watcher)
    });
    // Looked at once the watches are in place: what changes before is in what the loader
    // reads, what changes after is an event.
    let mut tree = Tree::new(roots);
    if !send(News::Ready) {
        return;
    }
    let failure = match watching {
        Ok(_watcher) => match follow(&events, &mut tree, scale, send) {
            Some(failure) => failure,
            None => return,
        },
        Err(error) => describe(&error),
    };
    if send(News::Polling(failure)) {
        poll(&mut tree, scale, send);
    }
}

/// A path the user named, as they named it (claim files are named after it) and as the
/// watcher's events name it.
struct Root {
    given: PathBuf,
    absolute: PathBuf,
    file: bool,
    /// Whether its folder is watched (it is not when it was not there).
    watched: bool,
}

impl Root {
    fn new(given: &Path) -> Self {
        Self {
            given: given.to_path_buf(),
            absolute: std::path::absolute(given).unwrap_or_else(|_| given.to_path_buf()),
            file: std::fs::metadata(given).is_ok_and(|meta| !meta.is_dir()),
            watched: false,
        }
    }

    /// The folder watched for this root: a file named on its own is watched through its
    /// folder, since a rename over it replaces the file a watch on it would follow.
    fn folder(&self) -> (&Path, RecursiveMode) {
        match (self.file, self.absolute.parent()) {
            (true, Some(parent)) => (parent, RecursiveMode::NonRecursive),
            _ => (&self.absolute, RecursiveMode::Recursive),
        }
    }
}

fn watch_roots(watcher: &mut impl Watcher, roots: &mut [Root]) -> notify::Result<()> {
    for root in roots {
        let (folder, mode) = root.folder();
        match watcher.watch(folder, mode) {
            Ok(()) => root.watched = true,
            // `discover` tells of a path that is not there; polling would find nothing there
            // either.
            Err(error) if matches!(error.kind, notify::ErrorKind::PathNotFound) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// Waits for events and tells what they changed, until nobody listens (`None`) or the watcher
/// fails (why, in words).
fn follow(
    events: &Receiver<notify::Result<notify::Event>>,
    tree: &mut Tree,
    scale: &RatingScale,
    send: &impl Fn(News) -> bool,
) -> Option<String> {
    // The watcher's sender lives as long as the watcher, which outlives this loop.
    while let Ok(first) = events.recv() {
        let mut gathered = vec![first];
        let until = Instant::now() + LONGEST_GATHERING;
        loop {
            let wait = DEBOUNCE.min(until.saturating_duration_since(Instant::now()));
            match events.recv_timeout(wait) {
                Ok(event) => gathered.push(event),
                Err(_) => break,
            }
        }
        let mut places = BTreeSet::new();
        let mut everywhere = false;
        for event in gathered {
            let event = match event {
                Ok(event) => event,
                Err(error) => return Some(describe(&error)),
            };
            // The system's queue of events overflowed: some were lost.
            everywhere |= event.need_rescan();
            places.extend(event.paths.iter().filter_map(|path| tree.place(path)));
        }
        let mut changes = Changes::default();
        if everywhere {
            tree.look_everywhere(&mut changes);
        } else {
            for place in &places {
                tree.look(place, true, &mut changes);
            }
        }
        if !changes.send(scale, send) {
            return None;
        }
        let lost = |root: &&Root| root.watched && !root.folder().0.is_dir();
        if let Some(root) = tree.roots.iter().find(lost) {
            // Its watch went with it, and a folder made in its place would not be watched.
            return Some(format!("{} was removed", root.given.display()));
        }
    }
    None
}

/// Looks at every claim file every [`POLL_INTERVAL`] and tells what changed.
fn poll(tree: &mut Tree, scale: &RatingScale, send: &impl Fn(News) -> bool) {
    loop {
        thread::sleep(POLL_INTERVAL);
        let mut changes = Changes::default();
        tree.look_everywhere(&mut changes);
        if !changes.send(scale, send) {
            return;
        }
    }
}

fn describe(error: &notify::Error) -> String {
    match error.kind {
        notify::ErrorKind::MaxFilesWatch => {
            "too many folders for the system to watch: see fs.inotify.max_user_watches".to_string()
        }
        _ => error.to_string(),
    }
}

/// What a file looked like: a change to any means someone wrote it (a rename over it gives it
/// another inode, whatever its size and time).
type Stamp = (u64, Option<SystemTime>, u64);

/// The claim files under `paths`, as `discover` finds them, with their stamps.
fn snapshot(paths: &[&Path]) -> BTreeMap<PathBuf, Stamp> {
    let paths: Vec<PathBuf> = paths.iter().map(|path| path.to_path_buf()).collect();
    let (files, _) = discover(&paths);
    files
        .into_iter()
        .filter_map(|file| {
            let meta = std::fs::metadata(&file).ok()?;
            Some((file, (meta.len(), meta.modified().ok(), meta.ino())))
        })
        .collect()
}

/// The claim files the watcher knows of, as they were when it last looked.
struct Tree {
    roots: Vec<Root>,
    known: BTreeMap<PathBuf, Stamp>,
}

impl Tree {
    fn new(roots: Vec<Root>) -> Self {
        let known = snapshot(
            &roots
                .iter()
                .map(|root| root.given.as_path())
                .collect::<Vec<_>>(),
        );
        Self { roots, known }
    }

    /// Where to look for the claim files an event at `absolute` may concern, named as
    /// `discover` names them; `None` where it finds none (in a hidden folder, say). The event's
    /// own path may be a file or a folder, or gone: that is settled when looking.
    fn place(&self, absolute: &Path) -> Option<PathBuf> {
        self.roots.iter().find_map(|root| {
            let relative = if root.file {
                (absolute == root.absolute).then_some(Path::new(""))?
            } else {
                absolute.strip_prefix(&root.absolute).ok()?
            };
            let mut names = relative
                .components()
                .map(|name| name.as_os_str().to_string_lossy());
            let last = names.next_back();
            let reached = names.all(|folder| walks_into(&folder))
                && last
                    .as_ref()
                    .is_none_or(|name| walks_into(name) || is_yaml_name(name));
            reached.then(|| match last {
                None => root.given.clone(),
                Some(_) => root.given.join(relative),
            })
        })
    }

    /// Looks at the claim files at `place` (a file, or a folder and everything in it) and
    /// adds what changed since last time to `changes`. `event`: an event named `place`
    /// itself, so a file there is loaded again whatever its stamp says.
    fn look(&mut self, place: &Path, event: bool, changes: &mut Changes) {
        let now = if self.holds_claims(place) {
            snapshot(&[place])
        } else {
            BTreeMap::new()
        };
        let gone: Vec<PathBuf> = self
            .known
            .range::<Path, _>((Bound::Included(place), Bound::Unbounded))
            .map(|(path, _)| path)
            .take_while(|path| path.starts_with(place))
            .filter(|path| !now.contains_key(*path))
            .cloned()
            .collect();
        for path in gone {
            self.known.remove(&path);
            changes.removed(path);
        }
        for (path, stamp) in now {
            if (event && path == place) || self.known.get(&path) != Some(&stamp) {
                changes.changed(path.clone());
            }
            self.known.insert(path, stamp);
        }
    }

    fn look_everywhere(&mut self, changes: &mut Changes) {
        let roots: Vec<PathBuf> = self.roots.iter().map(|root| root.given.clone()).collect();
        for root in roots {
            self.look(&root, false, changes);
        }
    }

    /// Whether `discover` would take `place` for a claim file or walk into it (by its name
    /// and what it is now); a path the user named always counts.
    fn holds_claims(&self, place: &Path) -> bool {
        if self.roots.iter().any(|root| root.given == place) {
            return true;
        }
        let name = place
            .file_name()
            .map(|name| name.to_string_lossy())
            .unwrap_or_default();
        match std::fs::symlink_metadata(place) {
            Ok(meta) if meta.is_dir() => walks_into(&name),
            Ok(_) => is_yaml_name(&name),
            Err(_) => false,
        }
    }
}

/// What changed, each file once: a file seen gone and then back (or the other way round)
/// while looking counts as it was last seen.
#[derive(Default)]
struct Changes {
    changed: BTreeSet<PathBuf>,
    removed: BTreeSet<PathBuf>,
}

impl Changes {
    fn changed(&mut self, path: PathBuf) {
        self.removed.remove(&path);
        self.changed.insert(path);
    }

    fn removed(&mut self, path: PathBuf) {
        self.changed.remove(&path);
        self.removed.insert(path);
    }

    /// Loads the changed files and sends them; false once nobody listens.
    fn send(self, scale: &RatingScale, send: &impl Fn(News) -> bool) -> bool {
        self.removed
            .into_iter()
            .all(|path| send(News::Removed(path)))
            && self
                .changed
                .into_iter()
                .all(|path| send(News::Changed(IndexedFile::new(load_file(&path, scale)))))
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    /// A watcher started on `paths` that has said it is ready, and what it tells.
    struct Watching(Receiver<News>);

    impl Watching {
        fn start(paths: &[PathBuf]) -> Self {
            Self::start_with(paths, RecommendedWatcher::new)
        }

        fn start_with<W: Watcher>(
            paths: &[PathBuf],
            start: impl FnOnce(Forward, Config) -> notify::Result<W> + Send + 'static,
        ) -> Self {
            let (sender, news) = mpsc::channel();
            let paths = paths.to_vec();
            thread::spawn(move || {
                let send = move |news| sender.send(news).is_ok();
                watch(&paths, &RatingScale::default(), &send, start);
            });
            let watching = Self(news);
            assert!(matches!(watching.next(), News::Ready));
            watching
        }

        fn next(&self) -> News {
            self.0
                .recv_timeout(Duration::from_secs(10))
                .expect("news from the watcher")
        }

        /// Waits for `path` to be told changed and to hold `ids` (a write seen halfway, the
        /// file truncated but not yet written, may be told first); nothing else may be told
        /// meanwhile.
        fn changed(&self, path: &Path, ids: &[&str]) {
            loop {
                match self.next() {
                    News::Changed(file) if file.file.path == path => {
                        let told: Vec<&str> =
                            file.file.claims.iter().map(|c| c.id.as_str()).collect();
                        if told == ids {
                            return;
                        }
                    }
                    other => panic!("expected {} changed, got {other:?}", path.display()),
                }
            }
        }

        /// The reason given for polling, told next.
        fn polling(&self) -> String {
            match self.next() {
                News::Polling(why) => why,
                other => panic!("expected polling, got {other:?}"),
            }
        }

        fn removed(&self, path: &Path) {
            match self.next() {
                News::Removed(removed) if removed == path => {}
                other => panic!("expected {} removed, got {other:?}", path.display()),
            }
        }
    }

    fn claims(ids: &[&str]) -> String {
        let mut text = String::from("claims:\n");
        for id in ids {
            text.push_str(&format!(
                "  - id: {id}\n    assertion: a\n    claimant: b\n"
            ));
        }
        text
    }

    /// Writes `ids` to `file` as claimdesk's writer and most editors save: to a temporary file
    /// beside it, renamed over it.
    fn save_by_rename(file: &Path, ids: &[&str]) {
        let temporary = file.with_file_name(".claimdesk-1-x.tmp");
        fs::write(&temporary, claims(ids)).unwrap();
        fs::rename(&temporary, file).unwrap();
    }

    /// A folder with `a.yaml` and `sub/b.yaml`.
    fn desk() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        fs::create_dir(root.join("sub")).unwrap();
        fs::write(root.join("a.yaml"), claims(&["a1"])).unwrap();
        fs::write(root.join("sub/b.yaml"), claims(&["b1"])).unwrap();
        (dir, root)
    }

    #[test]
    fn notices_a_file_changed_added_and_removed() {
        let (_dir, root) = desk();
        let watching = Watching::start(std::slice::from_ref(&root));
        fs::write(root.join("a.yaml"), claims(&["a1", "a2"])).unwrap();
        watching.changed(&root.join("a.yaml"), &["a1", "a2"]);
        fs::write(root.join("sub/c.yml"), claims(&["c1"])).unwrap();
        watching.changed(&root.join("sub/c.yml"), &["c1"]);
        fs::remove_file(root.join("sub/b.yaml")).unwrap();
        watching.removed(&root.join("sub/b.yaml"));
    }

    #[test]
    fn a_file_replaced_by_a_rename_is_loaded_again_and_the_temporary_is_not_a_claim_file() {
        let (_dir, root) = desk();
        let watching = Watching::start(std::slice::from_ref(&root));
        save_by_rename(&root.join("a.yaml"), &["a1", "new"]);
        watching.changed(&root.join("a.yaml"), &["a1", "new"]);
        // Told next, so nothing was told of the temporary file in between.
        fs::write(root.join("sub/b.yaml"), claims(&["b2"])).unwrap();
        watching.changed(&root.join("sub/b.yaml"), &["b2"]);
    }

    #[test]
    fn files_discover_skips_are_not_told() {
        let (_dir, root) = desk();
        let watching = Watching::start(std::slice::from_ref(&root));
        for folder in [".git", "target", "sub/.hidden"] {
            fs::create_dir(root.join(folder)).unwrap();
            fs::write(root.join(folder).join("x.yaml"), claims(&["x"])).unwrap();
        }
        fs::write(root.join("notes.txt"), "not claims").unwrap();
        fs::write(root.join("sub/b.yaml"), claims(&["b2"])).unwrap();
        watching.changed(&root.join("sub/b.yaml"), &["b2"]);
    }

    #[test]
    fn a_folder_moved_in_brings_its_files_and_one_moved_out_takes_them() {
        let (dir, root) = desk();
        let watching = Watching::start(&[root.join("sub")]);
        let outside = dir.path().join("outside");
        fs::create_dir_all(outside.join("deeper")).unwrap();
        fs::write(outside.join("deeper/c.yaml"), claims(&["c1"])).unwrap();
        fs::rename(&outside, root.join("sub/moved")).unwrap();
        watching.changed(&root.join("sub/moved/deeper/c.yaml"), &["c1"]);
        fs::rename(root.join("sub/moved"), &outside).unwrap();
        watching.removed(&root.join("sub/moved/deeper/c.yaml"));
    }

    #[test]
    fn a_file_named_on_its_own_is_watched_through_its_folder() {
        let (_dir, root) = desk();
        let file = root.join("a.yaml");
        let watching = Watching::start(std::slice::from_ref(&file));
        fs::write(root.join("other.yaml"), claims(&["o1"])).unwrap();
        save_by_rename(&file, &["renamed"]);
        watching.changed(&file, &["renamed"]);
        fs::write(&file, claims(&["written"])).unwrap();
        watching.changed(&file, &["written"]);
    }

    #[test]
    fn when_the_files_cannot_be_watched_it_says_so_and_polls() {
        let (_dir, root) = desk();
        let watching = Watching::start_with(std::slice::from_ref(&root), |_, _| {
            Err::<RecommendedWatcher, _>(notify::Error::new(notify::ErrorKind::MaxFilesWatch))
        });
        let why = watching.polling();
        assert!(why.contains("max_user_watches"), "{why}");
        fs::write(root.join("a.yaml"), claims(&["a1", "a2"])).unwrap();
        watching.changed(&root.join("a.yaml"), &["a1", "a2"]);
    }

    #[test]
    fn a_watcher_that_fails_later_is_replaced_by_polling() {
        let (_dir, root) = desk();
        let watching = Watching::start_with(std::slice::from_ref(&root), |mut forward, config| {
            forward.handle_event(Err(notify::Error::generic("events were lost")));
            RecommendedWatcher::new(forward, config)
        });
        assert_eq!(watching.polling(), "events were lost");
        fs::remove_file(root.join("sub/b.yaml")).unwrap();
        watching.removed(&root.join("sub/b.yaml"));
    }

    #[test]
    fn a_watched_folder_that_goes_away_is_replaced_by_polling() {
        let (dir, root) = desk();
        let sub = root.join("sub");
        let watching = Watching::start(std::slice::from_ref(&sub));
        fs::rename(&sub, dir.path().join("elsewhere")).unwrap();
        watching.removed(&sub.join("b.yaml"));
        let why = watching.polling();
        assert!(why.ends_with("sub was removed"), "{why}");
        fs::create_dir(&sub).unwrap();
        fs::write(sub.join("back.yaml"), claims(&["back"])).unwrap();
        watching.changed(&sub.join("back.yaml"), &["back"]);
    }
}
