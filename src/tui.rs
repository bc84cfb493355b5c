//! The terminal and the event loop. Everything else the dashboard does is in [`App::update`]
//! and [`ui::render`]; this module only moves messages between them and the outside world.

use std::collections::HashMap;
use std::io::stdout;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, SystemTime};

use anyhow::Result;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind};
use crossterm::execute;
use ratatui::DefaultTerminal;
use rayon::prelude::*;

use crate::app::{App, Effect, IndexedFile, Message};
use crate::cli::DashboardArgs;
use crate::model::RatingScale;
use crate::reviewer::reviewer;
use crate::store::{Cache, discover, load_file, load_one};
use crate::ui::{self, Theme};

/// How long to wait for input before looking at the loader's and the watcher's news.
const TICK: Duration = Duration::from_millis(50);
/// How often the claim files are checked for changes made by others.
const WATCH_INTERVAL: Duration = Duration::from_secs(1);

/// Opens the dashboard on `args.paths` until the user quits.
pub fn run(args: &DashboardArgs) -> Result<ExitCode> {
    let mut app = App::new(
        args.paths.clone(),
        reviewer(args.by.as_deref()),
        Theme::from_env(),
    );
    // Taken before loading starts, so a change made while loading is noticed, not missed.
    let watcher = watch(args.paths.clone(), snapshot(&args.paths), app.scale.clone());
    let loader = load(args.paths.clone(), app.scale.clone());
    // ratatui's init installs a panic hook that restores the terminal before the panic
    // message is printed; the guard restores it on every other way out, a failed init too.
    let _restore = RestoreOnDrop { mouse: args.mouse };
    let mut terminal = ratatui::try_init()?;
    if args.mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    event_loop(&mut terminal, &mut app, loader, &watcher)?;
    Ok(ExitCode::SUCCESS)
}

struct RestoreOnDrop {
    mouse: bool,
}

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        if self.mouse {
            let _ = execute!(stdout(), DisableMouseCapture);
        }
        ratatui::restore();
    }
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    mut loader: Receiver<LoaderNews>,
    watcher: &Receiver<Message>,
) -> Result<()> {
    let size = terminal.size()?;
    let mut messages = vec![Message::Resize {
        width: size.width,
        height: size.height,
    }];
    let mut dirty = true;
    while !app.quit {
        for message in messages.drain(..) {
            dirty = true;
            if let Some(Effect::Reload) = app.update(message) {
                // Dropping the old receiver stops the old loader at its next file.
                loader = load(app.paths.clone(), app.scale.clone());
            }
        }
        if dirty {
            terminal.draw(|frame| ui::render(app, frame))?;
            dirty = false;
        }
        // Take every pending event before drawing again, so held-down keys do not lag.
        let mut timeout = TICK;
        while event::poll(timeout)? {
            messages.extend(to_message(event::read()?));
            timeout = Duration::ZERO;
        }
        messages.extend(batch_loaded_files(loader.try_iter()));
        messages.extend(watcher.try_iter());
    }
    Ok(())
}

/// The loader sends one message per file; files that arrived together go to the app as one.
fn batch_loaded_files(incoming: impl Iterator<Item = LoaderNews>) -> Vec<Message> {
    let mut messages = Vec::new();
    let mut files = Vec::new();
    for news in incoming {
        match news {
            LoaderNews::File(file) => files.push(file),
            LoaderNews::Message(message) => {
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

/// What the loader thread sends: a loaded file, or a message about the load as a whole.
enum LoaderNews {
    File(IndexedFile),
    Message(Message),
}

fn to_message(event: Event) -> Option<Message> {
    match event {
        // Some terminals also report releases; a key counts once.
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Message::Key(key)),
        Event::Mouse(mouse) => Some(Message::Mouse(mouse)),
        Event::Resize(width, height) => Some(Message::Resize { width, height }),
        _ => None,
    }
}

/// Loads every claim file under `paths` on a background thread, files in parallel, sending
/// each as soon as it is parsed.
fn load(paths: Vec<PathBuf>, scale: RatingScale) -> Receiver<LoaderNews> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let (files, problems) = discover(&paths);
        let started = LoaderNews::Message(Message::LoadingStarted {
            files: files.len(),
            problems,
        });
        let cache = Cache::platform();
        // A failed send means the dashboard quit or reloaded: nobody wants the rest (and the
        // unsent news is dropped right away).
        let send = |news| sender.send(news).map_err(drop);
        let sent = send(started).and_then(|()| {
            files.par_iter().try_for_each(|file| {
                let file = load_one(file, &scale, cache.as_ref());
                send(LoaderNews::File(IndexedFile::new(file)))
            })
        });
        if sent.is_ok() {
            let _ = send(LoaderNews::Message(Message::LoadFinished));
        }
    });
    receiver
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
fn watch(
    paths: Vec<PathBuf>,
    mut known: HashMap<PathBuf, Stamp>,
    scale: RatingScale,
) -> Receiver<Message> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        loop {
            thread::sleep(WATCH_INTERVAL);
            let now = snapshot(&paths);
            if send_changes(&known, &now, &scale, &sender).is_err() {
                return;
            }
            known = now;
        }
    });
    receiver
}

fn send_changes(
    before: &HashMap<PathBuf, Stamp>,
    now: &HashMap<PathBuf, Stamp>,
    scale: &RatingScale,
    sender: &Sender<Message>,
) -> Result<(), mpsc::SendError<Message>> {
    for (path, stamp) in now {
        if before.get(path) != Some(stamp) {
            sender.send(Message::FileChanged(load_file(path, scale)))?;
        }
    }
    for path in before.keys().filter(|p| !now.contains_key(*p)) {
        sender.send(Message::FileRemoved(path.clone()))?;
    }
    Ok(())
}
