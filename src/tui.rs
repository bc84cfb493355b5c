//! The terminal and the event loop. Everything else the dashboard does is in [`App::update`]
//! and [`ui::render`]; this module only moves messages between them and the outside world.
//!
//! The event loop runs on the interface thread and sleeps on one channel. Four kinds of
//! thread wake it: the input thread (terminal events), the [`loader`] (files as they are
//! parsed), the [`watcher`] (files others changed) and the one that hands a url to the browser.
//! Its only timer is the next progress frame while files load.

use std::collections::VecDeque;
use std::io::{self, IsTerminal, Write, stdout};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Result;
use crossterm::cursor::{MoveTo, Show, position};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use crossterm::execute;
use crossterm::style::Print;
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen};
use ratatui::DefaultTerminal;

use crate::app::Messages;
use crate::app::{App, Effect, Message, disk};
use crate::cli::{DashboardArgs, UsageError};
use crate::clipboard::{self, Carried};
use crate::config::{UserConfig, process_env};
use crate::desk;
use crate::editor;
use crate::history::{changed_since, history};
use crate::loader::{self, Loader};
use crate::model::RatingScale;
use crate::reviewer::reviewer;
use crate::search::IndexedFile;
use crate::state::StateDir;
use crate::store::{Cache, load_file};
use crate::ui::{self, MarkWidths, Theme};
use crate::watcher;
use crate::web::WebUrl;

/// How often the loading progress is redrawn while files stream in.
const LOADING_FRAME: Duration = Duration::from_millis(40);
/// How many wakeups may wait for the event loop. Few: when the interface falls behind, the
/// loader's threads wait with their parsed file rather than piling files up in here.
const QUEUED: usize = 4;

/// Opens the dashboard on `args.paths` until the user quits.
pub fn run(args: &DashboardArgs) -> Result<ExitCode> {
    // Without a terminal (a script, cron, CI), opening one fails with an OS error that says
    // nothing useful ("No such device or address"): say what to use instead.
    if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
        return Err(UsageError(
            "the dashboard needs a terminal; for scripts use `claimdesk list` and the other \
             commands (`claimdesk --help`)"
                .to_string(),
        )
        .into());
    }
    let config = UserConfig::load()?;
    let (color, _) = config.colour(&process_env);
    let (mouse, _) = config.mouse(args.mouse);
    let mut app = App::new(
        args.paths.clone(),
        reviewer(args.by.as_deref(), &config),
        Theme { color },
    );
    app.use_config(config);
    app.use_desk(desk::find(&args.paths));
    let state = StateDir::platform();
    if let Some(remembered) = state.as_ref().and_then(|dir| dir.load(&args.paths)) {
        app.restore(remembered);
    }
    // ratatui's init installs a panic hook that restores the terminal (raw mode, screen)
    // and then calls the hook installed here, which turns off what ratatui does not know
    // about; the guard restores everything on every other way out, a failed init too.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        disable_input_modes(mouse);
        default_hook(info);
    }));
    let _restore = RestoreOnDrop { mouse };
    let mut terminal = ratatui::try_init()?;
    ui::set_mark_widths(probe_mark_widths(&mut terminal));
    ui::set_hyperlinks(ui::hyperlinks_supported(|name| std::env::var(name).ok()));
    // Bracketed paste: a paste arrives as one event of text, never as keys to run.
    execute!(stdout(), EnableBracketedPaste)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    event_loop(&mut terminal, &mut app, mouse)?;
    if let Some(dir) = state {
        // Only a convenience: a state that cannot be saved means the next run opens as new.
        let _ = dir.save(&args.paths, &app.ui_state());
    }
    Ok(ExitCode::SUCCESS)
}

/// How this terminal draws Indic spacing signs (see [`MarkWidths`]): each probe cluster is
/// printed at the top left of the still blank screen, and the cursor's column read back
/// (`CSI 6n`). A terminal that does not answer within crossterm's two seconds, or answers
/// nonsense, is drawn for as ratatui counts. Runs before the input thread starts, which would
/// otherwise take the answers for keys.
fn probe_mark_widths(terminal: &mut DefaultTerminal) -> MarkWidths {
    let mut columns = [0; 2];
    let answered = columns
        .iter_mut()
        .zip(MarkWidths::PROBES)
        .all(|(column, probe)| {
            let position = execute!(stdout(), MoveTo(0, 0), Print(probe)).and_then(|()| position());
            position.map(|(x, _)| *column = x).is_ok()
        });
    // Whatever the probes left on the screen goes, and the next frame is drawn whole.
    let _ = terminal.clear();
    answered
        .then(|| MarkWidths::from_probes(columns))
        .flatten()
        .unwrap_or_default()
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

/// Everything that wakes the event loop, sent by the threads that wait for it on one channel.
enum Wakeup {
    /// Terminal events read together. The input thread then waits for [`Input::go_on`].
    Input(io::Result<Vec<Event>>),
    /// News of load number `generation`.
    Load {
        generation: u64,
        news: loader::News,
    },
    Watch(watcher::News),
    /// How work the event loop handed to a thread of its own went.
    Report(Message),
}

/// Waits for wakeups, hands them to the app, carries out its effects and draws. Sleeps between
/// wakeups (no polling): idle, with nothing to redraw, it waits without a timeout.
fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, mouse: bool) -> Result<()> {
    let (sender, wakeups) = mpsc::sync_channel(QUEUED);
    // The first frame, before anything starts loading.
    let size = terminal.size()?;
    let _ = app.update(Message::Resize {
        width: size.width,
        height: size.height,
    });
    terminal.draw(|frame| ui::render(app, frame))?;
    let input = Input::spawn(sender.clone());
    let watch_sender = sender.clone();
    watcher::spawn(app.paths.clone(), app.scale.clone(), move |news| {
        watch_sender.send(Wakeup::Watch(news)).is_ok()
    });
    let mut dashboard = Dashboard {
        terminal,
        app,
        mouse,
        sender,
        load: Load::default(),
    };
    let mut pending = Messages::default();
    let (mut drawn, mut undrawn, mut next_frame) = (Instant::now(), false, None);
    // The status message shown, by serial, and when it goes.
    let mut expiry: Option<(u64, Instant)> = None;
    while !dashboard.app.quit {
        expiry = match (&dashboard.app.status, expiry) {
            (Some(status), Some((serial, at))) if status.serial == serial => Some((serial, at)),
            (Some(status), _) => Some((status.serial, Instant::now() + status.lifetime())),
            (None, _) => None,
        };
        let deadline = [next_frame, expiry.map(|(_, at)| at)]
            .into_iter()
            .flatten()
            .min();
        let first = wait(&wakeups, deadline)?;
        if let Some((serial, at)) = expiry
            && Instant::now() >= at
        {
            pending.push(Message::StatusExpired(serial));
        }
        let woken = first.into_iter().chain(wakeups.try_iter());
        let input_held = dashboard.gather(woken, &mut pending)?;
        // While files stream in, they reach the app (which then recomputes the list) and the
        // screen once a frame, not once a file; anything else goes at once.
        let frame_due = drawn.elapsed() >= LOADING_FRAME;
        if input_held || frame_due || !pending.only_files() {
            let messages = pending.take();
            undrawn |= !messages.is_empty();
            dashboard.update(messages, input_held)?;
        }
        if input_held && !dashboard.app.quit {
            input.go_on();
        }
        if undrawn && (input_held || frame_due || dashboard.app.loading.is_none()) {
            let app = &*dashboard.app;
            dashboard.terminal.draw(|frame| ui::render(app, frame))?;
            (drawn, undrawn) = (Instant::now(), false);
        }
        next_frame = (undrawn || !pending.is_empty()).then_some(drawn + LOADING_FRAME);
    }
    Ok(())
}

/// What the event loop works on.
struct Dashboard<'a> {
    terminal: &'a mut DefaultTerminal,
    app: &'a mut App,
    mouse: bool,
    /// For the loads to come.
    sender: SyncSender<Wakeup>,
    load: Load,
}

impl Dashboard<'_> {
    /// Adds what woke the event loop to `pending` as the app's messages (the one place where
    /// news becomes messages); true when terminal events were among it: the input thread then
    /// waits for a go-ahead, and what the user did is drawn at once.
    fn gather(
        &mut self,
        woken: impl Iterator<Item = Wakeup>,
        pending: &mut Messages,
    ) -> Result<bool> {
        let mut input = false;
        for wakeup in woken {
            match wakeup {
                Wakeup::Input(events) => {
                    input = true;
                    events?
                        .into_iter()
                        .filter_map(to_message)
                        .for_each(|message| pending.push(message));
                }
                Wakeup::Load { generation, news } if generation == self.load.generation => {
                    pending.news(news);
                }
                // From a load that a reload replaced.
                Wakeup::Load { .. } => {}
                // The load starts once the watcher is watching, so that a change made while
                // files load is either in what the loader reads or told by the watcher.
                Wakeup::Watch(watcher::News::Ready) if self.load.loader.is_none() => {
                    self.load.start(self.app, &self.sender);
                }
                Wakeup::Watch(watcher::News::Ready) => {}
                Wakeup::Watch(watcher::News::Changed(file)) => {
                    pending.push(Message::FilesChanged(vec![file]));
                }
                Wakeup::Watch(watcher::News::Removed(path)) => {
                    pending.push(Message::FileRemoved(path));
                }
                Wakeup::Watch(watcher::News::Polling(why)) => {
                    pending.push(Message::WatchingByPolling(why));
                }
                Wakeup::Report(message) => pending.push(message),
            }
        }
        Ok(input)
    }

    /// Hands `messages` to the app and carries out what it asks for.
    fn update(&mut self, messages: Vec<Message>, input_held: bool) -> Result<()> {
        let mut messages = VecDeque::from(messages);
        while let Some(message) = messages.pop_front() {
            match self.app.update(message) {
                Some(Effect::Reload) => self.load.start(self.app, &self.sender),
                Some(Effect::Redraw) => self.terminal.clear()?,
                Some(Effect::Add(request)) => {
                    messages.push_front(disk::add(request, &self.app.scale));
                }
                Some(Effect::SetField(request)) => {
                    messages.push_front(disk::set_field(*request, &self.app.scale));
                }
                Some(Effect::ReplayAddition(request)) => {
                    messages.push_front(disk::replay_addition(*request, &self.app.scale));
                }
                // Written at once, and taken in before anything else: a key pressed right
                // after a tag (an undo) must find the tag on the undo stack.
                Some(Effect::WriteVerdict(write)) => {
                    messages.push_front(disk::write_verdict(write, &self.app.scale));
                }
                Some(Effect::ResolveConflict { id, path, pick }) => {
                    messages.push_front(disk::resolve_conflict(id, path, pick, &self.app.scale));
                }
                // Only a key opens the editor, so the input thread is waiting for its
                // go-ahead: it reads none of the keys meant for the editor.
                Some(Effect::OpenEditor { path, line }) => {
                    debug_assert!(input_held, "the editor opens on a key");
                    let result = with_terminal_suspended(self.terminal, self.mouse, || {
                        editor::edit_at(&path, line)
                    })?;
                    let file = IndexedFile::new(load_file(&path, &self.app.scale));
                    messages.push_back(Message::FilesChanged(vec![file]));
                    messages.push_back(Message::EditorClosed { path, result });
                }
                Some(Effect::OpenUrl(url)) => open_in_browser(url, self.sender.clone()),
                Some(Effect::ReadHistory { id, dir }) => {
                    read_history(id, dir, self.app.scale.clone(), self.sender.clone());
                }
                Some(Effect::ReadChangedSince { revision, dir }) => {
                    read_changed_since(revision, dir, self.app.scale.clone(), self.sender.clone());
                }
                // Between two frames: the sequence draws nothing and moves no cursor.
                Some(Effect::Copy { text, what }) => {
                    let result = copy_to_clipboard(&text);
                    messages.push_front(Message::Copied { what, result });
                }
                None => {}
            }
        }
        Ok(())
    }
}

/// Hands `url` to the desktop's opener (`xdg-open` and the like, run directly, never through a
/// shell, with no terminal of its own) on a thread of its own, so that the dashboard never
/// waits for a browser, and reports how that went.
fn open_in_browser(url: WebUrl, sender: SyncSender<Wakeup>) {
    thread::spawn(move || {
        let result = open::that_detached(url.as_str()).map_err(|e| e.to_string());
        // A dashboard that quit meanwhile has nobody to tell.
        let _ = sender.send(Wakeup::Report(Message::UrlOpened { url, result }));
    });
}

/// Reads the history of claim `id` from git on a thread of its own (a long history takes a
/// while cold), through the platform cache, and reports it.
fn read_history(id: String, dir: PathBuf, scale: RatingScale, sender: SyncSender<Wakeup>) {
    thread::spawn(move || {
        let cache = Cache::platform();
        let result = history(&dir, &id, &scale, cache.as_ref());
        let _ = sender.send(Wakeup::Report(Message::HistoryRead { id, result }));
    });
}

/// Finds the claims changed since `revision` on a thread of its own, and reports them.
fn read_changed_since(
    revision: String,
    dir: PathBuf,
    scale: RatingScale,
    sender: SyncSender<Wakeup>,
) {
    thread::spawn(move || {
        let cache = Cache::platform();
        let result = changed_since(&dir, &revision, &scale, cache.as_ref());
        let _ = sender.send(Wakeup::Report(Message::ChangedSinceRead {
            revision,
            result,
        }));
    });
}

/// Writes the OSC 52 sequence that puts `text` on the terminal's clipboard.
fn copy_to_clipboard(text: &str) -> Result<Carried, String> {
    let (sequence, carried) = clipboard::osc52(text);
    let mut out = stdout();
    out.write_all(sequence.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| e.to_string())?;
    Ok(carried)
}

/// The next wakeup, or `None` when `deadline` comes first.
fn wait(wakeups: &Receiver<Wakeup>, deadline: Option<Instant>) -> Result<Option<Wakeup>> {
    let Some(deadline) = deadline else {
        return Ok(Some(wakeups.recv()?));
    };
    match wakeups.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(wakeup) => Ok(Some(wakeup)),
        Err(RecvTimeoutError::Timeout) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The thread that reads the terminal. It reads only between a wakeup and the event loop's
/// go-ahead, never while the event loop holds it, so it never takes the keys typed into an
/// editor the dashboard runs; and it waits in the terminal's read, with no timeout, so an
/// idle dashboard does not wake at all.
struct Input {
    go_on: Sender<()>,
}

impl Input {
    fn spawn(sender: SyncSender<Wakeup>) -> Self {
        let (go_on, told) = mpsc::channel();
        thread::spawn(move || {
            loop {
                let events = read_events();
                let failed = events.is_err();
                // Ends when the dashboard quits (dropping `go_on`) or reading failed.
                if sender.send(Wakeup::Input(events)).is_err() || failed || told.recv().is_err() {
                    return;
                }
            }
        });
        Self { go_on }
    }

    /// Lets the input thread read the terminal again.
    fn go_on(&self) {
        // A thread that ended after a failed read has already said so.
        let _ = self.go_on.send(());
    }
}

/// Waits for a terminal event, then takes every other one already there, so that held-down
/// keys do not lag behind the drawing.
fn read_events() -> io::Result<Vec<Event>> {
    let mut events = vec![event::read()?];
    while event::poll(Duration::ZERO)? {
        events.push(event::read()?);
    }
    Ok(events)
}

/// The load running now, numbered: the news of a load that a reload replaced may still be in
/// the channel, and is dropped.
#[derive(Default)]
struct Load {
    generation: u64,
    loader: Option<Loader>,
}

impl Load {
    fn start(&mut self, app: &App, sender: &SyncSender<Wakeup>) {
        self.generation += 1;
        let generation = self.generation;
        let sender = sender.clone();
        let send = move |news| sender.send(Wakeup::Load { generation, news }).is_ok();
        // Dropping the old loader stops it at its next file.
        self.loader = Some(Loader::spawn(
            app.paths.clone(),
            app.scale.clone(),
            Cache::platform(),
            send,
        ));
    }
}

/// Gives the terminal back as the shell had it while `run` runs (an editor): line editing and
/// echo, the main screen, the cursor shown, no paste brackets or mouse reports. Then takes it
/// again and redraws from scratch.
fn with_terminal_suspended<T>(
    terminal: &mut DefaultTerminal,
    mouse: bool,
    run: impl FnOnce() -> T,
) -> Result<T> {
    disable_input_modes(mouse);
    // The last frame hid it; an editor that does not show it itself would hide it from the
    // user.
    execute!(stdout(), Show)?;
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
