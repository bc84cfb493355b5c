//! The terminal and the event loop. Everything else the dashboard does is in [`App::update`]
//! and [`ui::render`]; this module only moves messages between them and the outside world.

use std::collections::{HashMap, VecDeque};
use std::io::stdout;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Result;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use crossterm::execute;
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen};
use ratatui::DefaultTerminal;

use crate::app::{App, Effect, Message, disk};
use crate::cli::DashboardArgs;
use crate::editor;
use crate::loader::Loader;
use crate::model::RatingScale;
use crate::reviewer::reviewer;
use crate::store::{Cache, discover, load_file};
use crate::ui::{self, Theme};

/// How long to wait for input before looking at the loader's and the watcher's news.
const TICK: Duration = Duration::from_millis(50);
/// The same while files load: the loader's queue is short, so it is emptied often.
const LOADING_TICK: Duration = Duration::from_millis(2);
/// How often the loading progress is redrawn.
const LOADING_FRAME: Duration = Duration::from_millis(40);
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
    let loader = Loader::spawn(args.paths.clone(), app.scale.clone(), Cache::platform());
    // ratatui's init installs a panic hook that restores the terminal (raw mode, screen)
    // and then calls the hook installed here, which turns off what ratatui does not know
    // about; the guard restores everything on every other way out, a failed init too.
    let mouse = args.mouse;
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        disable_input_modes(mouse);
        default_hook(info);
    }));
    let _restore = RestoreOnDrop { mouse };
    let mut terminal = ratatui::try_init()?;
    // Bracketed paste: a paste arrives as one event of text, never as keys to run.
    execute!(stdout(), EnableBracketedPaste)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    event_loop(&mut terminal, &mut app, loader, &watcher, mouse)?;
    Ok(ExitCode::SUCCESS)
}

struct RestoreOnDrop {
    mouse: bool,
}

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        disable_input_modes(self.mouse);
        ratatui::restore();
    }
}

/// Hands paste (and, when it was taken, the mouse) back to the terminal.
fn disable_input_modes(mouse: bool) {
    let _ = execute!(stdout(), DisableBracketedPaste);
    if mouse {
        let _ = execute!(stdout(), DisableMouseCapture);
    }
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    mut loader: Loader,
    watcher: &Receiver<Message>,
    mouse: bool,
) -> Result<()> {
    let size = terminal.size()?;
    let mut messages = vec![Message::Resize {
        width: size.width,
        height: size.height,
    }];
    let mut dirty = true;
    let mut input = false;
    let mut drawn = Instant::now();
    while !app.quit {
        let mut messages_after = Vec::new();
        let mut queue: VecDeque<Message> = messages.drain(..).collect();
        while let Some(message) = queue.pop_front() {
            dirty = true;
            input |= matches!(
                message,
                Message::Key(_) | Message::Mouse(_) | Message::Resize { .. }
            );
            match app.update(message) {
                // Dropping the old receiver stops the old loader at its next file.
                Some(Effect::Reload) => {
                    loader = Loader::spawn(app.paths.clone(), app.scale.clone(), Cache::platform());
                }
                // Written at once, and taken in before anything else: a key pressed right
                // after a tag (an undo) must find the tag on the undo stack.
                Some(Effect::WriteVerdict(write)) => {
                    queue.push_front(disk::write_verdict(write, &app.scale));
                }
                Some(Effect::ResolveConflict { id, path, pick }) => {
                    queue.push_front(disk::resolve_conflict(id, path, pick, &app.scale));
                }
                Some(Effect::OpenEditor { path, line }) => {
                    let result =
                        with_terminal_suspended(terminal, mouse, || editor::edit_at(&path, line))?;
                    messages_after.push(Message::FileChanged(load_file(&path, &app.scale)));
                    messages_after.push(Message::EditorClosed { path, result });
                }
                None => {}
            }
        }
        // While files stream in, the progress is redrawn at a frame rate, not per batch;
        // anything the user did is drawn at once.
        let due = input || app.loading.is_none() || drawn.elapsed() >= LOADING_FRAME;
        if dirty && due {
            terminal.draw(|frame| ui::render(app, frame))?;
            drawn = Instant::now();
            (dirty, input) = (false, false);
        }
        // Take every pending event before drawing again, so held-down keys do not lag.
        let mut timeout = if app.loading.is_some() {
            LOADING_TICK
        } else {
            TICK
        };
        while event::poll(timeout)? {
            messages.extend(to_message(event::read()?));
            timeout = Duration::ZERO;
        }
        messages.append(&mut messages_after);
        messages.extend(loader.messages());
        messages.extend(watcher.try_iter());
    }
    Ok(())
}

/// Gives the terminal back as the shell had it while `run` runs (an editor), then takes it
/// again and redraws from scratch.
fn with_terminal_suspended<T>(
    terminal: &mut DefaultTerminal,
    mouse: bool,
    run: impl FnOnce() -> T,
) -> Result<T> {
    disable_input_modes(mouse);
    ratatui::restore();
    let result = run();
    crossterm::terminal::enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    // A new terminal has no previous frame, so the next draw paints every cell. (Clearing the
    // old one would ask the terminal for the cursor position, which not every terminal
    // answers.)
    *terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout()))?;
    Ok(result)
}

fn to_message(event: Event) -> Option<Message> {
    match event {
        // Some terminals also report releases; a key counts once.
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Message::Key(key)),
        Event::Mouse(mouse) => Some(Message::Mouse(mouse)),
        Event::Resize(width, height) => Some(Message::Resize { width, height }),
        Event::Paste(text) => Some(Message::Paste(text)),
        _ => None,
    }
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
