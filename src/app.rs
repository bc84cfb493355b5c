//! The dashboard's state and the one place it changes: [`App::update`]. No terminal in here, so
//! the whole behaviour can be driven by messages in tests.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use compact_str::CompactString;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{SubsecRound, Utc};
use crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::clipboard::Carried;
use crate::config::{Role, UserConfig};
use crate::desk::{Desk, DeskError};
use crate::history::{Change, HistoryError};
use crate::keymap::{self, Action, Context, Keymap};
use crate::layout;
use crate::model::{Claim, RatingScale, Verdict, describe_verdict};
use crate::model::{Rebuttal, Review, ReviewState};
use crate::search::{
    FileWords, Filter, IndexedFile, Query, QueryError, SearchIndex, Sort, add_files,
};
use crate::state::UiState;
use crate::stats::Stats;
use crate::store::{ClaimField, NewClaim};
use crate::store::{
    Corpus, EditError, FileKind, InPlace, LoadedFile, Pick, Problem, Resolved, WriteError, Written,
    hard_link_note,
};
use crate::ui::{self, Theme};
use crate::web::WebUrl;
use form::{Form, FormKind};
pub use history::ChangedSince;
pub use messages::{Messages, wait_messages};

/// Something that happened: a key, a resize, or news from the loader and the file watcher.
#[derive(Debug)]
pub enum Message {
    Key(KeyEvent),
    /// The status message with this serial has been shown for its lifetime.
    StatusExpired(u64),
    Mouse(MouseEvent),
    Resize {
        width: u16,
        height: u16,
    },
    /// Discovery is done: `files` files of `bytes` bytes in all will be loaded; `problems`
    /// are paths that could not be read.
    LoadingStarted {
        files: usize,
        bytes: u64,
        problems: Vec<Problem>,
    },
    /// Files of the initial load (or of a reload), as many as finished since the last batch:
    /// the view is recomputed once per batch, not once per file.
    FilesLoaded(Vec<IndexedFile>),
    /// Files changed (or appeared) on disk after loading: the list is recomputed once for
    /// all of them (a `git pull` changes many at once).
    FilesChanged(Vec<IndexedFile>),
    /// A loaded file disappeared from disk.
    FileRemoved(PathBuf),
    /// The files cannot be watched for changes (the words say why), so they are checked
    /// every second instead.
    WatchingByPolling(String),
    /// Text the user pasted (bracketed paste): text for the focused input, never keys.
    Paste(String),
    /// The editor opened by [`Effect::OpenEditor`] exited (`Err` says why it did not run).
    EditorClosed {
        path: PathBuf,
        result: Result<(), String>,
    },
    /// How [`Effect::WriteVerdict`] went.
    VerdictWritten(Box<WriteReport>),
    /// How [`Effect::ResolveConflict`] went.
    ConflictResolved(Box<ResolveReport>),
    /// How [`Effect::Add`] went.
    Added(Box<AddReport>),
    /// How [`Effect::SetField`] went.
    FieldSet(Box<FieldReport>),
    /// How [`Effect::ReplayAddition`] went.
    AdditionReplayed(Box<ReplayReport>),
    /// How handing `url` to the browser ([`Effect::OpenUrl`]) went.
    UrlOpened {
        url: WebUrl,
        result: Result<(), String>,
    },
    /// How putting `what` on the clipboard ([`Effect::Copy`]) went.
    Copied {
        what: String,
        result: Result<Carried, String>,
    },
    /// How [`Effect::ReadHistory`] went.
    HistoryRead {
        id: String,
        result: Result<Vec<Change>, HistoryError>,
    },
    /// How [`Effect::ReadChangedSince`] went: the ids of the claims changed.
    ChangedSinceRead {
        revision: String,
        result: Result<BTreeSet<CompactString>, HistoryError>,
    },
    LoadFinished,
}

/// How a verdict write went; `on_disk` is the file as it is now when the write was refused
/// because the verdict on disk changed.
#[derive(Debug)]
pub struct WriteReport {
    pub write: VerdictWrite,
    pub result: Result<Option<Written>, WriteError>,
    pub on_disk: Option<LoadedFile>,
}

/// What a confirmed form adds, and the form, kept to give back when the write fails.
#[derive(Debug, Clone, PartialEq)]
pub struct AddRequest {
    pub form: Form,
    pub path: PathBuf,
    pub addition: Addition,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Addition {
    Claim(NewClaim),
    Rebuttal { id: String, rebuttal: Rebuttal },
}

impl Addition {
    /// `claim `x`` or `a rebuttal to `x``, for messages.
    fn describe(&self) -> String {
        match self {
            Addition::Claim(claim) => format!("claim `{}`", claim.id),
            Addition::Rebuttal { id, .. } => format!("a rebuttal to `{id}`"),
        }
    }
}

/// A claim's assignee or status to set (`None`: taken away).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRequest {
    pub id: String,
    pub path: PathBuf,
    pub field: ClaimField,
    pub value: Option<String>,
}

/// How setting a field went, with the file as it is after.
#[derive(Debug)]
pub struct FieldReport {
    pub request: FieldRequest,
    pub result: Result<(Option<Written>, IndexedFile), WriteError>,
}

/// How an addition went, with the file as it is after.
#[derive(Debug)]
pub struct AddReport {
    pub request: AddRequest,
    pub result: Result<(Option<Written>, IndexedFile), WriteError>,
}

/// An undo (or redo) of an addition: its bytes taken out (or put back) exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayRequest {
    pub added: TextEdit,
    pub purpose: WritePurpose,
}

/// How an undo or redo of an addition went, with the file as it is after.
#[derive(Debug)]
pub struct ReplayReport {
    pub request: ReplayRequest,
    pub result: Result<(Option<Written>, IndexedFile), WriteError>,
}

/// How keeping one side of a merge conflict went, with the file as it is after.
#[derive(Debug)]
pub struct ResolveReport {
    pub id: String,
    pub path: PathBuf,
    pub pick: Pick,
    pub result: Result<(Resolved, IndexedFile), WriteError>,
}

/// Work that [`App::update`] asks the event loop to do: everything that touches the disk or
/// the terminal, so that `update` itself only changes state.
#[derive(Debug, PartialEq)]
#[must_use]
pub enum Effect {
    /// Discover and load every file again, sending the messages of a fresh load.
    Reload,
    /// Draw the whole screen again (what else wrote to the terminal is wiped).
    Redraw,
    /// Add a claim or a rebuttal to a file ([`disk::add`]), then send [`Message::Added`].
    Add(Box<AddRequest>),
    /// Set a claim's assignee or status ([`disk::set_field`]), then send
    /// [`Message::FieldSet`].
    SetField(Box<FieldRequest>),
    /// Take an addition out again, or put it back ([`disk::replay_addition`]), then send
    /// [`Message::AdditionReplayed`].
    ReplayAddition(Box<ReplayRequest>),
    /// Hand the terminal to the user's editor on `path` at `line`, then load the file again
    /// and send [`Message::EditorClosed`].
    OpenEditor { path: PathBuf, line: usize },
    /// Write a verdict change ([`disk::write_verdict`]), then send
    /// [`Message::VerdictWritten`].
    WriteVerdict(Box<VerdictWrite>),
    /// Keep one side of the merge conflict in claim `id` ([`disk::resolve_conflict`]), then
    /// send [`Message::ConflictResolved`].
    ResolveConflict {
        id: String,
        path: PathBuf,
        pick: Pick,
    },
    /// Hand `url` to the desktop's opener without waiting for the browser, then send
    /// [`Message::UrlOpened`].
    OpenUrl(WebUrl),
    /// Put `text` on the clipboard (OSC 52), then send [`Message::Copied`]; `what` names it for
    /// the status bar.
    Copy { text: String, what: String },
    /// Read the history of claim `id` from the repository that holds `dir` on a thread, then
    /// send [`Message::HistoryRead`].
    ReadHistory { id: String, dir: PathBuf },
    /// Find the claims changed since `revision` in the repository that holds `dir` on a
    /// thread, then send [`Message::ChangedSinceRead`].
    ReadChangedSince { revision: String, dir: PathBuf },
}

/// A verdict change for the event loop to write: a tag or untag the user confirmed, or an
/// undo or a redo of one.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictWrite {
    pub edit: VerdictEdit,
    pub purpose: WritePurpose,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WritePurpose {
    /// Writes the edit's `after` over its `before`.
    Tag,
    /// Writes its `before` back over its `after`, byte for byte when the file allows.
    Undo,
    /// Writes its `after` again, byte for byte when the file allows.
    Redo,
}

impl VerdictWrite {
    /// The verdict written, and the one it replaces (which the disk must still hold).
    pub fn change(&self) -> (&Option<Verdict>, &Option<Verdict>) {
        match self.purpose {
            WritePurpose::Tag | WritePurpose::Redo => (&self.edit.after, &self.edit.before),
            WritePurpose::Undo => (&self.edit.before, &self.edit.after),
        }
    }

    /// The bytes to restore exactly, when this replays an earlier write.
    pub fn exact(&self) -> Option<Written> {
        match self.purpose {
            WritePurpose::Tag => None,
            WritePurpose::Undo => self.edit.written.as_ref().map(Written::reversed),
            WritePurpose::Redo => self.edit.written.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

/// A verdict being chosen for one claim, with the verdict the user saw when they began: the
/// one they mean to replace. Whatever lands on disk in the meantime is asked about, never
/// silently overwritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagging {
    pub id: String,
    pub path: PathBuf,
    pub seen: Option<Verdict>,
}

impl Tagging {
    fn of(claim: &Claim) -> Self {
        Self {
            id: claim.id.to_string(),
            path: claim.origin.path.to_path_buf(),
            seen: claim.verdict.as_deref().cloned(),
        }
    }
}

/// Why the dashboard asks before writing a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplaceReason {
    /// The verdict on disk is no longer the one the user saw when they began.
    ChangedOnDisk,
    /// The verdict the user would replace is someone else's.
    SomeoneElses,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    Help {
        scroll: usize,
    },
    Problems {
        scroll: usize,
    },
    /// The verdict changes of claim `id` in the git history, oldest first.
    History {
        id: String,
        changes: Vec<Change>,
        scroll: usize,
    },
    /// The counts of the claims in view, as they were when it opened. Boxed: it is the
    /// largest popup by far.
    Stats(Box<Stats>),
    /// `selected` indexes the rating scale.
    VerdictPicker {
        tagging: Tagging,
        selected: usize,
    },
    /// Who the selected claim goes to.
    AssignInput {
        id: String,
        path: PathBuf,
        input: TextInput,
    },
    /// The triage status of the selected claim: `selected` indexes the desk's statuses.
    StatusPicker {
        id: String,
        path: PathBuf,
        selected: usize,
    },
    /// The comment an editor sends a verdict back with.
    ReviewComment {
        tagging: Tagging,
        input: TextInput,
    },
    /// Starts empty: the current note is shown above it and taken over only on request.
    NoteInput {
        tagging: Tagging,
        rating: String,
        input: TextInput,
    },
    ConfirmClear {
        tagging: Tagging,
    },
    /// Write `verdict` over `current` (what the disk holds now)?
    ConfirmReplace {
        tagging: Tagging,
        verdict: Option<Verdict>,
        current: Option<Verdict>,
        reason: ReplaceReason,
    },
    /// Keep ours, keep theirs, or open the editor, for the conflict of claim `id`.
    ResolveConflict {
        id: String,
        path: PathBuf,
        line: usize,
    },
    /// `selected` 0 is "untagged", then the ratings of the scale, then "merge conflicts".
    FilterPicker {
        selected: usize,
    },
    /// A new claim or a rebuttal being typed.
    Form(Box<Form>),
    /// Which url of claim `id` to open: its source's, then its rebuttals'.
    UrlChooser {
        id: String,
        links: Vec<Link>,
        selected: usize,
    },
}

/// A url of a claim and whose it is: `source` or `rebuttal by …`, as in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub whose: String,
    pub url: String,
}

/// A text input; `cursor` counts characters, not bytes. Only the note takes line breaks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub text: String,
    pub cursor: usize,
}

impl TextInput {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    fn byte_at(&self, cursor: usize) -> usize {
        self.text
            .char_indices()
            .nth(cursor)
            .map_or(self.text.len(), |(i, _)| i)
    }

    fn insert(&mut self, c: char) {
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    fn insert_str(&mut self, text: &str) {
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, text);
        self.cursor += text.chars().count();
    }

    fn delete_back(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            self.delete_forward();
        }
    }

    fn delete_forward(&mut self) {
        let at = self.byte_at(self.cursor);
        if at < self.text.len() {
            self.text.remove(at);
        }
    }

    /// The cursor's line (0-based) and its character offset within that line.
    pub fn cursor_row_col(&self) -> (usize, usize) {
        let before = &self.text[..self.byte_at(self.cursor)];
        let row = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (row, before[line_start..].chars().count())
    }

    /// Applies an editing action; `false` when `action` is not one.
    fn edit(&mut self, action: Action) -> bool {
        let len = self.text.chars().count();
        match action {
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => self.cursor = (self.cursor + 1).min(len),
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = len,
            Action::DeleteBack => self.delete_back(),
            Action::DeleteForward => self.delete_forward(),
            _ => return false,
        }
        true
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Error,
}

/// A one-line message in the status bar, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
    /// Tells this message from an earlier one with the same text, for [`Message::StatusExpired`].
    pub serial: u64,
}

impl Status {
    /// How long the message stays: long enough to read; an error twice as long.
    pub fn lifetime(&self) -> Duration {
        match self.tone {
            Tone::Info => Duration::from_secs(5),
            Tone::Error => Duration::from_secs(10),
        }
    }
}

/// A change that reached the disk, for undo and redo.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Verdict(VerdictEdit),
    Text(TextEdit),
}

/// A change to a file's text other than a verdict (a claim or rebuttal added, an assignee or
/// status set): undone (and redone) byte for byte while nobody else has touched the file
/// since.
#[derive(Debug, Clone, PartialEq)]
pub struct TextEdit {
    pub path: PathBuf,
    /// What it did, for messages: `claim `x` added`, `status of `x` set to done`.
    pub what: String,
    /// The write forwards (the addition).
    pub written: Written,
}

/// A verdict change that reached the disk, for undo and redo.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictEdit {
    pub id: String,
    pub path: PathBuf,
    pub before: Option<Verdict>,
    pub after: Option<Verdict>,
    /// The bytes the last application of this change (forwards) replaced, so undo and redo
    /// restore them exactly while nobody else has touched the file.
    pub written: Option<Written>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// How often the list is recomputed while files load (it is at once when loading ends).
const RELIST_WHILE_LOADING: Duration = Duration::from_millis(100);

/// All of the dashboard's state. The UI reads it; only [`App::update`] changes it.
pub struct App {
    pub paths: Vec<PathBuf>,
    pub reviewer: Option<String>,
    /// The desk's scale: its desk file's, or the default one.
    pub scale: RatingScale,
    /// Why the desk file could not be used, kept in the problems list across reloads.
    desk_problem: Option<Problem>,
    pub theme: Theme,
    pub corpus: Corpus,
    loaded_files: HashMap<PathBuf, FileKind>,
    index: SearchIndex,
    /// `Some` while files are loading.
    pub loading: Option<Progress>,
    /// When the list was last recomputed: while files load, at most every
    /// [`RELIST_WHILE_LOADING`].
    listed_at: Option<Instant>,
    /// Indices into `corpus.claims` of the claims shown, in list order.
    pub view: Vec<usize>,
    /// Index into `view`.
    pub selected: usize,
    /// The claim the user selected, kept across reloads and filter changes.
    selected_id: Option<String>,
    /// First visible row of the list.
    pub list_offset: usize,
    pub focus: Focus,
    pub detail_scroll: usize,
    pub filter: Filter,
    /// With `C`: only the claims whose verdict changed since a revision are listed.
    pub changed_since: Option<ChangedSince>,
    pub sort: Sort,
    /// The sort order turned around: oldest first, the false end of the scale first.
    pub sort_reversed: bool,
    /// The detail takes the whole screen.
    pub zoomed: bool,
    /// Bytes in the longest id of the view (ids are ASCII), for the list's id column.
    pub longest_id: usize,
    /// `Some` while a search query is being typed.
    pub search: Option<TextInput>,
    /// Why the query being typed does not parse; the list keeps the last one that did.
    pub query_error: Option<QueryError>,
    pub popup: Option<Popup>,
    pub status: Option<Status>,
    /// The serial of the last status message.
    status_serial: u64,
    /// A reload the user asked for is under way, to say when it is done.
    reloading: bool,
    /// Whether the desk lets an editor approve a verdict they tagged themselves.
    pub allow_self_approval: bool,
    /// The user's settings: their role, and the colours they see ratings in.
    pub user: UserConfig,
    /// The keys in effect, the user's among them.
    pub keymap: Keymap,
    /// The desk's triage statuses, for the status picker.
    pub statuses: Vec<String>,
    pub undo: Vec<Edit>,
    pub redo: Vec<Edit>,
    /// The terminal's size, for paging and mouse clicks.
    pub viewport: Rect,
    pub quit: bool,
    /// An effect chosen inside a popup, handed out when the key's handling ends.
    effect: Option<Effect>,
}

impl App {
    pub fn new(paths: Vec<PathBuf>, reviewer: Option<String>, theme: Theme) -> Self {
        Self {
            paths,
            reviewer,
            scale: RatingScale::default(),
            desk_problem: None,
            theme,
            corpus: Corpus::default(),
            loaded_files: HashMap::new(),
            index: SearchIndex::default(),
            loading: Some(Progress { done: 0, total: 0 }),
            listed_at: None,
            view: Vec::new(),
            selected: 0,
            selected_id: None,
            list_offset: 0,
            focus: Focus::List,
            detail_scroll: 0,
            filter: Filter::default(),
            changed_since: None,
            sort: Sort::default(),
            sort_reversed: false,
            zoomed: false,
            longest_id: 0,
            search: None,
            query_error: None,
            popup: None,
            status: None,
            status_serial: 0,
            reloading: false,
            allow_self_approval: false,
            user: UserConfig::default(),
            keymap: Keymap::default(),
            statuses: Desk::default().statuses().to_vec(),
            undo: Vec::new(),
            redo: Vec::new(),
            viewport: Rect::new(0, 0, 80, 24),
            quit: false,
            effect: None,
        }
    }

    /// Takes the user's settings (their file's): their role, and their colours over the
    /// desk's.
    pub fn use_config(&mut self, user: UserConfig) {
        user.recolour(&mut self.scale);
        self.keymap = user.keys.clone();
        self.user = user;
    }

    /// What to remember of this session: the selected claim, the search and the sort.
    pub fn ui_state(&self) -> UiState {
        UiState {
            folders: Vec::new(),
            selected: self.selected_id.clone(),
            query: self.filter.query.text().to_string(),
            sort: self.sort,
            reversed: self.sort_reversed,
        }
    }

    /// Takes back what [`App::ui_state`] remembered, before the claims load: they are then
    /// shown searched and sorted so, the remembered claim selected. A query the desk's scale
    /// no longer parses is dropped.
    pub fn restore(&mut self, state: UiState) {
        self.sort = state.sort;
        self.sort_reversed = state.reversed;
        self.selected_id = state.selected;
        if let Ok(query) = Query::parse(&state.query, &self.scale, Utc::now()) {
            self.filter.query = query;
        }
    }

    /// Takes the desk's scale, as [`crate::desk::find`] read it. A desk file that cannot be used
    /// leaves the default scale, and its error is in the problems list and said at once.
    pub fn use_desk(&mut self, desk: Result<Option<Desk>, DeskError>) {
        match desk {
            Ok(desk) => {
                let desk = desk.unwrap_or_default();
                self.statuses = desk.statuses().to_vec();
                self.scale = desk.scale;
                self.user.recolour(&mut self.scale);
                self.allow_self_approval = desk.allow_self_approval;
            }
            Err(error) => {
                self.fail(format!(
                    "{error}; using the default rating scale until the desk file is fixed"
                ));
                self.corpus.problems.push(error.problem());
                self.desk_problem = Some(error.problem());
            }
        }
    }

    pub fn claims(&self) -> &[Claim] {
        &self.corpus.claims
    }

    pub fn selected_claim(&self) -> Option<&Claim> {
        self.view
            .get(self.selected)
            .map(|&i| &self.corpus.claims[i])
    }

    /// The contexts whose bindings apply now, in the order they are tried.
    pub fn contexts(&self) -> Vec<Context> {
        let specific = match (&self.popup, &self.search) {
            (
                Some(
                    Popup::Help { .. }
                    | Popup::Problems { .. }
                    | Popup::History { .. }
                    | Popup::Stats(_),
                ),
                _,
            ) => Context::Reader,
            (Some(Popup::VerdictPicker { .. }), _) => Context::VerdictPicker,
            (
                Some(
                    Popup::NoteInput { .. }
                    | Popup::ReviewComment { .. }
                    | Popup::AssignInput { .. },
                ),
                _,
            ) => Context::NoteInput,
            (Some(Popup::StatusPicker { .. }), _) => Context::VerdictPicker,
            (Some(Popup::ConfirmClear { .. } | Popup::ConfirmReplace { .. }), _) => {
                Context::Confirm
            }
            (Some(Popup::FilterPicker { .. }), _) => Context::FilterPicker,
            (Some(Popup::Form(_)), _) => Context::Form,
            (Some(Popup::ResolveConflict { .. }), _) => Context::Resolve,
            (Some(Popup::UrlChooser { .. }), _) => Context::UrlChooser,
            (None, Some(_)) => Context::Search,
            (None, None) => {
                let pane = match self.focus {
                    Focus::List => Context::List,
                    Focus::Detail => Context::Detail,
                };
                return vec![Context::Anywhere, pane, Context::Main];
            }
        };
        vec![Context::Anywhere, specific]
    }

    pub fn update(&mut self, message: Message) -> Option<Effect> {
        match message {
            Message::Key(key) => return self.on_key(&key),
            Message::Mouse(mouse) => self.on_mouse(mouse),
            Message::StatusExpired(serial) => {
                if self.status.as_ref().is_some_and(|s| s.serial == serial) {
                    self.status = None;
                }
            }
            Message::Resize { width, height } => {
                self.viewport = Rect::new(0, 0, width, height);
                self.scroll_list_to_selection();
                self.clamp_detail_scroll();
            }
            Message::LoadingStarted {
                files,
                bytes,
                problems,
            } => {
                self.loading = Some(Progress {
                    done: 0,
                    total: files,
                });
                self.corpus.problems.extend(problems);
                self.corpus.expect_bytes(bytes);
            }
            Message::FilesLoaded(files) => {
                if let Some(progress) = &mut self.loading {
                    progress.done += files.len();
                }
                // Files arrive every few milliseconds, and relisting after each batch took a
                // third of the interface thread's time on a 100,000-claim load. Claims only
                // appended leave the list's positions valid, so it can wait a little; a file
                // loaded again moves claims, and the list must follow at once.
                let moved = self.take_files(files);
                let due = self
                    .listed_at
                    .is_none_or(|at| at.elapsed() >= RELIST_WHILE_LOADING);
                if moved || due || self.loading.is_none() {
                    self.refresh_view();
                }
            }
            Message::FilesChanged(files) => self.take_changed_files(files),
            Message::FileRemoved(path) => {
                if self.remove_file(&path) {
                    self.refresh_view();
                }
            }
            Message::WatchingByPolling(why) => self.inform(format!(
                "cannot watch the files for changes ({why}): checking them every second instead"
            )),
            Message::LoadFinished => {
                self.loading = None;
                self.refresh_view();
                if std::mem::take(&mut self.reloading) {
                    self.inform(format!(
                        "reloaded: {} claims in {} files",
                        self.corpus.claims.len(),
                        self.corpus.claim_files
                    ));
                }
            }
            Message::Paste(text) => self.on_paste(&text),
            Message::EditorClosed { path, result } => match result {
                Ok(()) => self.inform(format!("back from the editor: {} reloaded", path.display())),
                Err(why) => self.fail(why),
            },
            Message::VerdictWritten(report) => self.verdict_written(*report),
            Message::ConflictResolved(report) => self.conflict_resolved(*report),
            Message::Added(report) => self.added(*report),
            Message::AdditionReplayed(report) => self.addition_replayed(*report),
            Message::FieldSet(report) => self.field_set(*report),
            Message::UrlOpened { url, result } => self.url_opened(&url, result),
            Message::Copied { what, result } => self.copied(&what, result),
            Message::HistoryRead { id, result } => self.history_read(id, result),
            Message::ChangedSinceRead { revision, result } => {
                self.changed_since_read(revision, result)
            }
        }
        None
    }

    /// A paste only ever inserts text into the focused input: run as keys, a pasted `u` or
    /// `q` would undo a verdict or quit.
    fn on_paste(&mut self, text: &str) {
        self.status = None;
        if let Some(Popup::NoteInput { input, .. } | Popup::ReviewComment { input, .. }) =
            &mut self.popup
        {
            input.insert_str(&pasted_text(text, true));
        } else if let Some(Popup::AssignInput { input, .. }) = &mut self.popup {
            input.insert_str(&pasted_text(text, false));
        } else if let Some(Popup::Form(form)) = &mut self.popup {
            form.focused_field()
                .input
                .insert_str(&pasted_text(text, true));
            self.form_edited();
        } else if let (None, Some(input)) = (&self.popup, &mut self.search) {
            input.insert_str(&pasted_text(text, false));
            self.search_edited();
        } else {
            self.fail(
                "paste ignored: no text input has the keyboard (/ searches, v tags with a note)"
                    .to_string(),
            );
        }
    }

    fn on_key(&mut self, key: &KeyEvent) -> Option<Effect> {
        self.status = None;
        let contexts = self.contexts();
        match self.keymap.action_for(key, &contexts) {
            Some(action) => return self.on_action(action, key),
            None if contexts.iter().any(|c| c.takes_text()) => {
                if let Some(c) = keymap::typed_char(key) {
                    self.type_char(c);
                }
            }
            None => self.inform(format!(
                "{} does nothing here · ? lists the keys",
                keymap::key_name(key)
            )),
        }
        None
    }

    fn on_action(&mut self, action: Action, key: &KeyEvent) -> Option<Effect> {
        match action {
            Action::Quit => {
                self.quit = true;
                return None;
            }
            Action::Redraw => return Some(Effect::Redraw),
            _ => {}
        }
        match self.popup.take() {
            Some(popup) => {
                self.popup = self.on_popup_action(popup, action, key);
                return self.effect.take();
            }
            None if self.search.is_some() => self.on_search_action(action),
            None => return self.on_main_action(action),
        }
        None
    }

    fn type_char(&mut self, c: char) {
        if let Some(
            Popup::NoteInput { input, .. }
            | Popup::ReviewComment { input, .. }
            | Popup::AssignInput { input, .. },
        ) = &mut self.popup
        {
            input.insert(c);
        } else if let Some(Popup::Form(form)) = &mut self.popup {
            form.focused_field().input.insert(c);
            self.form_edited();
        } else if let Some(input) = &mut self.search {
            input.insert(c);
            self.search_edited();
        }
    }

    /// Narrows the list to the query as typed so far, best match selected. A query that does
    /// not parse (often one half typed: `rating:fa`) leaves the list as it was and says why.
    fn search_edited(&mut self) {
        let Some(input) = &self.search else {
            return;
        };
        match Query::parse(&input.text, &self.scale, Utc::now()) {
            Ok(query) => {
                self.query_error = None;
                self.filter.query = query;
                self.refresh_view();
                self.select(0);
            }
            Err(error) => self.query_error = Some(error),
        }
    }

    fn clear_query(&mut self) {
        self.query_error = None;
        self.filter.query = Query::default();
        self.refresh_view();
    }

    fn on_search_action(&mut self, action: Action) {
        match action {
            // A query that does not parse stays open to be fixed (or cleared with Esc).
            Action::Confirm if self.query_error.is_none() => self.search = None,
            Action::Cancel => {
                self.search = None;
                self.clear_query();
            }
            Action::Down => self.select(self.selected + 1),
            Action::Up => self.select(self.selected.saturating_sub(1)),
            Action::DeleteBack => {
                if let Some(input) = &mut self.search {
                    input.delete_back();
                    self.search_edited();
                }
            }
            _ => {}
        }
    }

    fn on_main_action(&mut self, action: Action) -> Option<Effect> {
        match (action, self.focus) {
            (Action::Down, Focus::List) => self.select(self.selected + 1),
            (Action::Up, Focus::List) => self.select(self.selected.saturating_sub(1)),
            (Action::PageDown, Focus::List) => self.select(self.selected + self.list_page()),
            (Action::PageUp, Focus::List) => {
                self.select(self.selected.saturating_sub(self.list_page()))
            }
            (Action::First, Focus::List) => self.select(0),
            (Action::Last, Focus::List) => self.select(usize::MAX),
            (Action::Down, Focus::Detail) => self.scroll_detail(1),
            (Action::Up, Focus::Detail) => self.scroll_detail(-1),
            (Action::PageDown, Focus::Detail) => self.scroll_detail(self.detail_page()),
            (Action::PageUp, Focus::Detail) => self.scroll_detail(-self.detail_page()),
            (Action::First, Focus::Detail) => self.detail_scroll = 0,
            (Action::Last, Focus::Detail) => self.scroll_detail(isize::MAX),
            (Action::SwitchFocus, Focus::List) | (Action::FocusDetail, _) => {
                self.focus = Focus::Detail
            }
            (Action::SwitchFocus, Focus::Detail) | (Action::FocusList, _) => {
                self.zoom(false);
            }
            (Action::Zoom, _) => self.zoom(!self.zoomed),
            (Action::Cancel, _) if self.zoomed => self.zoom(false),
            (Action::Search, _) => self.search = Some(TextInput::new(self.filter.query.text())),
            (Action::Cancel, _) if !self.filter.query.is_empty() => self.clear_query(),
            (Action::NextMatch, _) => self.step_wrapping(true),
            (Action::PreviousMatch, _) => self.step_wrapping(false),
            (Action::FilterVerdicts, _) => self.popup = Some(Popup::FilterPicker { selected: 0 }),
            (Action::CycleSort, _) => {
                self.sort = self.sort.next();
                self.refresh_view();
                self.inform(format!("sorted by {}", self.sort_label()));
            }
            (Action::ReverseSort, _) => {
                self.sort_reversed = !self.sort_reversed;
                self.refresh_view();
                self.inform(format!("sorted by {}", self.sort_label()));
            }
            (Action::Tag, _) => self.start_tagging(),
            // An approval is written at once: its write is the effect.
            (Action::Approve, _) => {
                self.start_review(ReviewState::Approved);
                return self.effect.take();
            }
            (Action::RequestChanges, _) => self.start_review(ReviewState::ChangesRequested),
            (Action::Assign, _) => self.start_assigning(),
            (Action::SetStatus, _) => self.start_status(),
            (Action::Capture, _) => self.start_capture(),
            (Action::Rebut, _) => self.start_rebuttal(),
            (Action::ClearVerdict, _) => self.ask_to_clear(),
            (Action::Undo, _) => return self.replay(WritePurpose::Undo),
            (Action::Redo, _) => return self.replay(WritePurpose::Redo),
            (Action::Reload, _) => return Some(self.reload()),
            (Action::ResolveConflict, _) => self.ask_to_resolve(),
            (Action::OpenEditor, _) => {
                let claim = self.selected_claim()?;
                let path = claim.origin.path.to_path_buf();
                let line = claim.origin.line;
                return Some(Effect::OpenEditor { path, line });
            }
            (Action::OpenUrl | Action::CopyId | Action::CopyClaim, _) => {
                return self.hand_off(action);
            }
            (Action::ShowProblems, _) => self.popup = Some(Popup::Problems { scroll: 0 }),
            (Action::ShowHistory, _) => return self.read_history(),
            (Action::ShowStats, _) => self.show_stats(),
            (Action::ChangedSinceLastPull, _) => return self.toggle_changed_since(),
            (Action::ShowHelp, _) => self.popup = Some(Popup::Help { scroll: 0 }),
            _ => {}
        }
        None
    }

    /// Handles `action` in `popup`; returns the popup to show next (`None` closes it).
    fn on_popup_action(&mut self, popup: Popup, action: Action, key: &KeyEvent) -> Option<Popup> {
        match (popup, action) {
            (Popup::ConfirmReplace { current, .. }, Action::Cancel) => {
                let kept = describe_verdict(current.as_ref());
                self.inform(format!("kept {kept} on disk"));
                None
            }
            (_, Action::Cancel) => None,
            (
                reader @ (Popup::Help { .. } | Popup::Problems { .. } | Popup::History { .. }),
                action,
            ) => Some(self.scroll_reader(reader, action)),
            // It fits the screen: nothing to scroll.
            (stats @ Popup::Stats(_), _) => Some(stats),
            (Popup::VerdictPicker { tagging, selected }, action) => {
                let last = self.scale.ratings().len().saturating_sub(1);
                let chosen = match action {
                    Action::Confirm => Some(selected),
                    Action::ChooseNumber => digit(key).and_then(|d| d.checked_sub(1)),
                    _ => None,
                };
                match chosen.and_then(|i| self.scale.ratings().get(i).map(|r| &r.id)) {
                    Some(rating) => Some(Popup::NoteInput {
                        tagging,
                        rating: rating.clone(),
                        input: TextInput::default(),
                    }),
                    None => Some(Popup::VerdictPicker {
                        tagging,
                        selected: step(selected, action, last),
                    }),
                }
            }
            (
                Popup::NoteInput {
                    tagging,
                    rating,
                    input,
                },
                Action::Confirm,
            ) => {
                let verdict = self.verdict_from(rating, &input.text);
                self.commit(tagging, Some(verdict))
            }
            (
                Popup::NoteInput {
                    tagging,
                    rating,
                    mut input,
                },
                action,
            ) => {
                match action {
                    Action::NewLine => input.insert('\n'),
                    Action::TakeOverNote => {
                        let note = tagging.seen.as_ref().and_then(|v| v.note.as_deref());
                        input = TextInput::new(note.unwrap_or_default());
                    }
                    action => {
                        input.edit(action);
                    }
                }
                Some(Popup::NoteInput {
                    tagging,
                    rating,
                    input,
                })
            }
            (Popup::Form(form), action) => self.on_form_action(*form, action),
            (Popup::AssignInput { id, path, input }, Action::Confirm) => {
                let name = Some(input.text.trim().to_string()).filter(|n| !n.is_empty());
                self.set_field(id, path, ClaimField::Assignee, name)
            }
            (
                Popup::AssignInput {
                    id,
                    path,
                    mut input,
                },
                action,
            ) => {
                input.edit(action);
                Some(Popup::AssignInput { id, path, input })
            }
            (Popup::StatusPicker { id, path, selected }, action) => {
                let last = self.statuses.len().saturating_sub(1);
                let chosen = match action {
                    Action::Confirm => Some(selected),
                    Action::ChooseNumber => digit(key).and_then(|d| d.checked_sub(1)),
                    _ => None,
                };
                match chosen.and_then(|i| self.statuses.get(i)).cloned() {
                    Some(status) => self.set_field(id, path, ClaimField::Status, Some(status)),
                    None => Some(Popup::StatusPicker {
                        id,
                        path,
                        selected: step(selected, action, last),
                    }),
                }
            }
            (Popup::ReviewComment { tagging, input }, Action::Confirm) => {
                self.write_review(tagging, ReviewState::ChangesRequested, &input.text)
            }
            (Popup::ReviewComment { tagging, mut input }, action) => {
                if action == Action::NewLine {
                    input.insert('\n');
                } else {
                    input.edit(action);
                }
                Some(Popup::ReviewComment { tagging, input })
            }
            (Popup::ConfirmClear { tagging }, Action::Confirm) => self.commit(tagging, None),
            (
                Popup::ConfirmReplace {
                    tagging,
                    verdict,
                    current,
                    ..
                },
                Action::Confirm,
            ) => {
                // The user has now seen what is on disk: that is what they replace.
                let tagging = Tagging {
                    seen: current,
                    ..tagging
                };
                self.write_tagging(tagging, verdict)
            }
            (confirm @ (Popup::ConfirmClear { .. } | Popup::ConfirmReplace { .. }), _) => {
                Some(confirm)
            }
            (Popup::ResolveConflict { id, path, line }, action) => {
                let pick = match action {
                    Action::KeepOurs => Pick::Ours,
                    Action::KeepTheirs => Pick::Theirs,
                    Action::OpenEditor => {
                        self.effect = Some(Effect::OpenEditor { path, line });
                        return None;
                    }
                    _ => return Some(Popup::ResolveConflict { id, path, line }),
                };
                self.effect = Some(Effect::ResolveConflict { id, path, pick });
                None
            }
            (
                Popup::UrlChooser {
                    id,
                    links,
                    selected,
                },
                action,
            ) => {
                let chosen = match action {
                    Action::Confirm => Some(selected),
                    Action::ChooseNumber => digit(key).and_then(|d| d.checked_sub(1)),
                    _ => None,
                };
                if let Some(link) = chosen.and_then(|i| links.get(i)) {
                    self.effect = self.open_link(&link.url);
                    return None;
                }
                let last = links.len().saturating_sub(1);
                Some(Popup::UrlChooser {
                    id,
                    links,
                    selected: step(selected, action, last),
                })
            }
            (Popup::FilterPicker { selected }, Action::Toggle) => {
                self.toggle_verdict_filter(selected);
                Some(Popup::FilterPicker { selected })
            }
            (Popup::FilterPicker { selected }, action) => {
                let last = self.scale.ratings().len() + 1;
                Some(Popup::FilterPicker {
                    selected: step(selected, action, last),
                })
            }
        }
    }

    fn on_mouse(&mut self, mouse: MouseEvent) {
        if self.popup.is_some() || self.search.is_some() {
            return;
        }
        let areas = layout::main_areas(self.viewport, self.zoomed);
        let at = Position::new(mouse.column, mouse.row);
        let over_list = areas.list.contains(at);
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) if over_list => {
                let first_row = areas.list.y + 1 + layout::LIST_HEADER_ROWS;
                let row = usize::from(mouse.row.checked_sub(first_row).unwrap_or(u16::MAX));
                if row < self.list_page() && self.list_offset + row < self.view.len() {
                    self.focus = Focus::List;
                    self.select(self.list_offset + row);
                }
            }
            MouseEventKind::ScrollDown if over_list => self.select(self.selected + 3),
            MouseEventKind::ScrollUp if over_list => self.select(self.selected.saturating_sub(3)),
            MouseEventKind::ScrollDown if areas.detail.contains(at) => self.scroll_detail(3),
            MouseEventKind::ScrollUp if areas.detail.contains(at) => self.scroll_detail(-3),
            _ => {}
        }
    }

    /// The sort order in words, its direction too: `date, oldest first`.
    pub fn sort_label(&self) -> String {
        match (self.sort, self.sort_reversed) {
            (sort, false) => sort.label().to_string(),
            (sort, true) => format!("{}, reversed", sort.label()),
        }
    }

    /// Gives the detail the whole screen, and the keyboard with it, or gives the list back.
    fn zoom(&mut self, zoomed: bool) {
        self.zoomed = zoomed;
        self.focus = if zoomed { Focus::Detail } else { Focus::List };
        self.clamp_detail_scroll();
    }

    // Navigation.

    fn list_page(&self) -> usize {
        layout::list_rows(self.viewport).max(1)
    }

    fn detail_page(&self) -> isize {
        let (rows, _) = ui::detail_scroll_bounds(self);
        isize::try_from(rows.max(1)).unwrap_or(1)
    }

    /// Selects view row `row`, clamped to the list.
    fn select(&mut self, row: usize) {
        let row = row.min(self.view.len().saturating_sub(1));
        if row != self.selected {
            self.detail_scroll = 0;
        }
        self.selected = row;
        self.selected_id = self.selected_claim().map(|c| c.id.to_string());
        self.scroll_list_to_selection();
    }

    fn step_wrapping(&mut self, forward: bool) {
        let len = self.view.len();
        if len == 0 {
            return;
        }
        let row = if forward {
            (self.selected + 1) % len
        } else {
            (self.selected + len - 1) % len
        };
        self.select(row);
    }

    fn scroll_list_to_selection(&mut self) {
        let rows = self.list_page();
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + rows {
            self.list_offset = self.selected + 1 - rows;
        }
        // No empty rows at the bottom while there are claims above.
        self.list_offset = self.list_offset.min(self.view.len().saturating_sub(rows));
    }

    fn scroll_detail(&mut self, lines: isize) {
        self.detail_scroll = self.detail_scroll.saturating_add_signed(lines);
        self.clamp_detail_scroll();
    }

    /// Opens the stats of the claims in view (search and filters applied), with verdicts
    /// per day up to today (UTC).
    fn show_stats(&mut self) {
        let in_view = self.view.iter().map(|&i| &self.corpus.claims[i]);
        let today = Utc::now().date_naive();
        let stats = Stats::of(in_view, &self.scale, &self.statuses, today);
        self.popup = Some(Popup::Stats(Box::new(stats)));
    }

    fn clamp_detail_scroll(&mut self) {
        let (_, max) = ui::detail_scroll_bounds(self);
        self.detail_scroll = self.detail_scroll.min(max);
    }

    /// The help or problems popup scrolled as `action` says, within its text.
    fn scroll_reader(&self, popup: Popup, action: Action) -> Popup {
        let (page, max) = ui::reader_scroll_bounds(self, &popup);
        let scrolled = |scroll: usize| {
            let scroll = match action {
                Action::Down => scroll + 1,
                Action::Up => scroll.saturating_sub(1),
                Action::PageDown => scroll + page.max(1),
                Action::PageUp => scroll.saturating_sub(page.max(1)),
                _ => scroll,
            };
            scroll.min(max)
        };
        match popup {
            Popup::Help { scroll } => Popup::Help {
                scroll: scrolled(scroll),
            },
            Popup::Problems { scroll } => Popup::Problems {
                scroll: scrolled(scroll),
            },
            Popup::History {
                id,
                changes,
                scroll,
            } => Popup::History {
                id,
                changes,
                scroll: scrolled(scroll),
            },
            other => other,
        }
    }

    // The claims and the view.

    /// Puts each file's claims in place of whatever was loaded from the same path before:
    /// only those claims and their segment of the index change, whatever the corpus's size.
    fn replace_files(&mut self, files: Vec<IndexedFile>) {
        self.take_files(files);
        self.refresh_view();
    }

    /// Adds `files`, each in place of its earlier load; true when one had been loaded (and
    /// claims after it moved).
    fn take_files(&mut self, files: Vec<IndexedFile>) -> bool {
        let mut moved = false;
        for file in &files {
            moved |= self.remove_file(&file.file.path);
            self.loaded_files
                .insert(file.file.path.clone(), file.file.kind);
        }
        add_files(&mut self.corpus, &mut self.index, files);
        moved
    }

    /// Takes in files others changed on disk, and says what changed in them: a verdict the
    /// dashboard wrote itself comes back unchanged and says nothing.
    fn take_changed_files(&mut self, files: Vec<IndexedFile>) {
        let mut replaced = Vec::new();
        let mut news = Vec::new();
        for IndexedFile { file, words } in files {
            let name = file.path.file_name().unwrap_or(file.path.as_os_str());
            let name = name.to_string_lossy().into_owned();
            // Most changes on disk keep the file's claims (a verdict, ours echoed by the
            // watcher or a colleague's; an edited text): they stay in place and only the
            // file's segment of the index is swapped, so this is cheap at any corpus size.
            match self.corpus.update_in_place(file) {
                Ok(InPlace {
                    claims,
                    verdicts,
                    edited,
                }) => {
                    self.reindex(claims, words);
                    let mut changes = Vec::new();
                    if verdicts > 0 {
                        changes.push(counted(verdicts, "verdict updated", "verdicts updated"));
                    }
                    if edited > 0 {
                        changes.push(counted(edited, "claim edited", "claims edited"));
                    }
                    if !changes.is_empty() {
                        news.push(format!("{name} changed on disk: {}", changes.join(", ")));
                    }
                }
                Err(file) => {
                    let before = self.corpus.claims_of(&file.path).len();
                    let after = file.claims.len();
                    news.push(match after.cmp(&before) {
                        Ordering::Equal => format!("{name} changed on disk: claims edited"),
                        Ordering::Greater => format!(
                            "{name} changed on disk: {}",
                            counted(after - before, "claim added", "claims added")
                        ),
                        Ordering::Less => format!(
                            "{name} changed on disk: {}",
                            counted(before - after, "claim removed", "claims removed")
                        ),
                    });
                    replaced.push(IndexedFile { file, words });
                }
            }
        }
        if replaced.is_empty() {
            self.refresh_view();
        } else {
            self.replace_files(replaced);
        }
        if !news.is_empty() {
            self.inform(news.join(" · "));
        }
    }

    /// Forgets what was loaded from `path`, claims and index; `false` when nothing was.
    fn remove_file(&mut self, path: &Path) -> bool {
        let Some(kind) = self.loaded_files.remove(path) else {
            return false;
        };
        let removed = self.corpus.forget(path, kind);
        if !removed.is_empty() && !self.index.remove(removed) {
            // The file's claims were indexed together with others' (never, as files load
            // now): index everything again rather than search stale words.
            self.index = SearchIndex::new(&self.corpus.claims);
        }
        true
    }

    /// Takes `words` as the index of the claims at `claims`, which stayed in place.
    fn reindex(&mut self, claims: Range<usize>, words: FileWords) {
        if !self.index.replace(claims, words) {
            // Not indexed as one file (never, as files load now): index everything again.
            self.index = SearchIndex::new(&self.corpus.claims);
        }
    }

    /// Recomputes the view after the claims, the filter or the sort changed, keeping the
    /// selection on the same claim when it is still shown.
    fn refresh_view(&mut self) {
        self.listed_at = Some(Instant::now());
        self.filter.query.set_now(Utc::now());
        self.view =
            self.index
                .filter_and_rank(&self.corpus.claims, &self.filter, self.sort, &self.scale);
        let claims = &self.corpus.claims;
        if let Some(changed) = &self.changed_since {
            self.view.retain(|&i| changed.ids.contains(&claims[i].id));
        }
        // Reversed is the sort's direction; the best match of a search stays first.
        if self.sort_reversed && !self.filter.query.searches_words() {
            self.view.reverse();
        }
        self.longest_id = self
            .view
            .iter()
            .map(|&i| claims[i].id.len())
            .max()
            .unwrap_or(0);
        let kept = self
            .selected_id
            .as_ref()
            .and_then(|id| self.view.iter().position(|&i| claims[i].id == *id));
        match kept {
            Some(row) => {
                self.selected = row;
                self.scroll_list_to_selection();
            }
            // While loading, stay at the top without choosing a claim (files arrive out of
            // order, and a choice would be pushed down the list), or wait for the chosen one.
            None if self.loading.is_some() => {
                self.selected = 0;
                self.scroll_list_to_selection();
            }
            None => self.select(self.selected),
        }
        self.clamp_detail_scroll();
    }

    fn toggle_verdict_filter(&mut self, entry: usize) {
        match entry.checked_sub(1) {
            None => self.filter.untagged = !self.filter.untagged,
            Some(i) if i == self.scale.ratings().len() => {
                self.filter.conflicted = !self.filter.conflicted;
            }
            Some(i) => {
                if let Some(rating) = self.scale.ratings().get(i)
                    && !self.filter.ratings.remove(&rating.id)
                {
                    self.filter.ratings.insert(rating.id.clone());
                }
            }
        }
        self.refresh_view();
    }

    // Merge conflicts.

    fn ask_to_resolve(&mut self) {
        let Some(claim) = self.selected_claim() else {
            return;
        };
        let Some(conflict) = &claim.conflict else {
            return self.fail("this claim has no merge conflict".to_string());
        };
        let line = conflict.hunks.first().map_or(claim.origin.line, |h| h.line);
        self.popup = Some(Popup::ResolveConflict {
            id: claim.id.to_string(),
            path: claim.origin.path.to_path_buf(),
            line,
        });
    }

    /// Takes in the file after one side of the conflict in claim `id` was kept on disk, and
    /// says whether the file is ready to `git add`.
    fn conflict_resolved(&mut self, report: ResolveReport) {
        let ResolveReport {
            id,
            path,
            pick,
            result,
        } = report;
        match result {
            Ok((resolved, file)) => {
                self.take_changed_files(vec![file]);
                let side = match pick {
                    Pick::Ours => "ours",
                    Pick::Theirs => "theirs",
                };
                let rest = match resolved.left_in_file {
                    0 => format!("ready to `git add {}`", path.display()),
                    1 => "1 conflict left in this file".to_string(),
                    n => format!("{n} conflicts left in this file"),
                };
                let links = hard_link_note(resolved.other_links);
                self.inform(format!("{id}: kept {side}{links} · {rest}"));
            }
            Err(e) => self.write_failed(&e),
        }
    }

    /// Says why a write failed; when the file changed since it was loaded, reloading is the
    /// way to see what it holds now.
    fn write_failed(&mut self, error: &WriteError) {
        self.fail(error.message_with_retry("reload and try again"));
    }

    fn reload(&mut self) -> Effect {
        self.corpus = Corpus::default();
        self.corpus.problems.extend(self.desk_problem.clone());
        self.loaded_files.clear();
        self.index = SearchIndex::default();
        self.loading = Some(Progress { done: 0, total: 0 });
        self.refresh_view();
        self.reloading = true;
        self.inform("reloading".to_string());
        Effect::Reload
    }

    // Assignment and triage status.

    /// Who the selected claim goes to: the user, unless they type another name.
    fn start_assigning(&mut self) {
        let Some(claim) = self.selected_claim() else {
            return self.fail("no claim selected".to_string());
        };
        let name = claim
            .assignee()
            .or(self.reviewer.as_deref())
            .unwrap_or_default();
        self.popup = Some(Popup::AssignInput {
            id: claim.id.to_string(),
            path: claim.origin.path.to_path_buf(),
            input: TextInput::new(name),
        });
    }

    fn start_status(&mut self) {
        let Some(claim) = self.selected_claim() else {
            return self.fail("no claim selected".to_string());
        };
        let current = claim.status();
        let selected = self
            .statuses
            .iter()
            .position(|s| Some(s.as_str()) == current)
            .unwrap_or(0);
        self.popup = Some(Popup::StatusPicker {
            id: claim.id.to_string(),
            path: claim.origin.path.to_path_buf(),
            selected,
        });
    }

    fn set_field(
        &mut self,
        id: String,
        path: PathBuf,
        field: ClaimField,
        value: Option<String>,
    ) -> Option<Popup> {
        self.effect = Some(Effect::SetField(Box::new(FieldRequest {
            id,
            path,
            field,
            value,
        })));
        None
    }

    /// Takes in how setting an assignee or status went.
    fn field_set(&mut self, report: FieldReport) {
        let FieldReport { request, result } = report;
        let (written, file) = match result {
            Ok(done) => done,
            Err(e) => return self.write_failed(&e),
        };
        let FieldRequest {
            id,
            path,
            field,
            value,
        } = request;
        self.selected_id = Some(id.clone());
        self.replace_files(vec![file]);
        let what = match &value {
            Some(value) => format!("{} of `{id}` set to {value}", field.key()),
            None => format!("{} of `{id}` taken away", field.key()),
        };
        self.inform(format!("{what} ({})", path.display()));
        if let Some(written) = written {
            self.undo.push(Edit::Text(TextEdit {
                path,
                what,
                written,
            }));
            self.redo.clear();
        }
    }

    // Forms: new claims and rebuttals.

    /// A new claim, for the selected claim's file (or the first file loaded), dated today.
    fn start_capture(&mut self) {
        let file = self
            .selected_claim()
            .map(|c| c.origin.path.display().to_string())
            .or_else(|| self.open_files().into_iter().next())
            .unwrap_or_else(|| "claims.yaml".to_string());
        let today = chrono::Local::now().date_naive();
        self.popup = Some(Popup::Form(Box::new(Form::new_claim(&file, today))));
    }

    /// A rebuttal to the selected claim, by the user when their name is known.
    fn start_rebuttal(&mut self) {
        let Some(claim) = self.selected_claim() else {
            return self.fail("no claim selected".to_string());
        };
        let (id, path) = (claim.id.to_string(), claim.origin.path.to_path_buf());
        let today = chrono::Local::now().date_naive();
        let form = Form::new_rebuttal(&id, path, self.reviewer.as_deref(), today);
        self.popup = Some(Popup::Form(Box::new(form)));
    }

    /// The claim files loaded, by path, for the form's file field.
    fn open_files(&self) -> Vec<String> {
        let mut files: Vec<String> = self
            .loaded_files
            .iter()
            .filter(|(_, kind)| **kind == FileKind::Claims)
            .map(|(path, _)| path.display().to_string())
            .collect();
        files.sort();
        files
    }

    fn id_taken(&self, id: &str) -> bool {
        self.corpus.claims.iter().any(|c| c.id == id)
    }

    /// After the focused field of the form changed: the suggested id follows.
    fn form_edited(&mut self) {
        let Some(Popup::Form(mut form)) = self.popup.take() else {
            return;
        };
        form.edited(|id| self.id_taken(id));
        self.popup = Some(Popup::Form(form));
    }

    fn on_form_action(&mut self, mut form: Form, action: Action) -> Option<Popup> {
        match action {
            Action::Confirm if !form.on_last_field() => form.step(1),
            Action::Confirm | Action::Save => return self.submit(form),
            Action::Down => form.step(1),
            Action::Up => form.step(-1),
            Action::NewLine => form.focused_field().input.insert('\n'),
            Action::NextFile => form.next_file(&self.open_files()),
            action => {
                if form.focused_field().input.edit(action) {
                    form.edited(|id| self.id_taken(id));
                }
            }
        }
        Some(Popup::Form(Box::new(form)))
    }

    /// Hands a complete form to the writer; an incomplete one stays open, saying why.
    fn submit(&mut self, mut form: Form) -> Option<Popup> {
        let request = match form.kind.clone() {
            FormKind::Claim => form
                .claim(&|id| self.id_taken(id))
                .map(|(path, claim)| (path, Addition::Claim(claim))),
            FormKind::Rebuttal { id, path } => form
                .rebuttal()
                .map(|rebuttal| (path, Addition::Rebuttal { id, rebuttal })),
        };
        let Some((path, addition)) = request else {
            return Some(Popup::Form(Box::new(form)));
        };
        // A file outside the folders open here would take the claim out of sight.
        if !self.paths.iter().any(|open| lexically_within(&path, open)) {
            let open: Vec<String> = self.paths.iter().map(|p| p.display().to_string()).collect();
            form.error = Some(format!(
                "{} is outside what is open here ({}): choose a file in it",
                path.display(),
                open.join(", ")
            ));
            return Some(Popup::Form(Box::new(form)));
        }
        self.effect = Some(Effect::Add(Box::new(AddRequest {
            form,
            path,
            addition,
        })));
        None
    }

    /// Takes in how an addition went: the file as it is now, the new claim selected, and the
    /// addition on the undo stack; when it failed, the form comes back with nothing lost.
    fn added(&mut self, report: AddReport) {
        let AddReport { request, result } = report;
        let what = request.addition.describe();
        let (written, file) = match result {
            Ok(done) => done,
            Err(e) => {
                let mut form = request.form;
                form.error = Some(e.message_with_retry("try again"));
                self.popup = Some(Popup::Form(Box::new(form)));
                return;
            }
        };
        let path = request.path;
        match &request.addition {
            Addition::Claim(claim) => self.selected_id = Some(claim.id.clone()),
            Addition::Rebuttal { id, .. } => self.selected_id = Some(id.clone()),
        }
        self.focus = Focus::List;
        self.replace_files(vec![file]);
        self.inform(format!("{what} added to {}", path.display()));
        if let Some(written) = written {
            self.undo.push(Edit::Text(TextEdit {
                path,
                what: format!("{what} added"),
                written,
            }));
            self.redo.clear();
        }
    }

    /// Takes in how an undo or redo of an addition went.
    fn addition_replayed(&mut self, report: ReplayReport) {
        let ReplayReport { request, result } = report;
        let ReplayRequest { added, purpose } = request;
        let file = match result {
            Ok((_, file)) => file,
            Err(e) => return self.fail(e.message_with_retry("edit the file by hand (e)")),
        };
        self.replace_files(vec![file]);
        let path = added.path.display();
        if purpose == WritePurpose::Undo {
            self.inform(format!("undone: {} ({path})", added.what));
            self.redo.push(Edit::Text(added));
        } else {
            self.inform(format!("redone: {} ({path})", added.what));
            self.undo.push(Edit::Text(added));
        }
    }

    // Verdicts.

    fn start_tagging(&mut self) {
        let Some(claim) = self.selected_claim() else {
            return self.fail("no claim selected".to_string());
        };
        if self.reviewer.is_none() {
            return self.fail(
                "cannot tell who is tagging: restart with --by NAME (or set `name:` in config.yaml, or git's user.name)"
                    .to_string(),
            );
        }
        let current = claim.verdict.as_ref().map(|v| v.rating.as_str());
        let selected = current.and_then(|r| self.scale.rank(r)).unwrap_or(0);
        let tagging = Tagging::of(claim);
        self.popup = Some(Popup::VerdictPicker { tagging, selected });
    }

    /// An editor's review of the selected claim's verdict: an approval is written at once,
    /// a request for changes asks for its comment first. Nobody reviews their own verdict
    /// unless the desk allows it.
    fn start_review(&mut self, state: ReviewState) {
        let Some(claim) = self.selected_claim() else {
            return self.fail("no claim selected".to_string());
        };
        let Some(verdict) = &claim.verdict else {
            return self.fail(format!("{} has no verdict to review: v tags one", claim.id));
        };
        if self.user.role == Some(Role::Checker) {
            return self.fail(
                "only editors review (role in config.yaml): `claimdesk config` shows your settings"
                    .to_string(),
            );
        }
        let Some(reviewer) = self.reviewer.as_deref() else {
            return self.fail(
                "cannot tell who is reviewing: restart with --by NAME (or set `name:` in config.yaml, or git's user.name)"
                    .to_string(),
            );
        };
        if verdict.by.as_deref() == Some(reviewer) && !self.allow_self_approval {
            return self.fail(format!(
                "{} is your own verdict: another editor reviews it (the desk file's allow_self_approval lets you)",
                claim.id
            ));
        }
        let tagging = Tagging::of(claim);
        match state {
            ReviewState::Approved => {
                self.popup = self.write_review(tagging, state, "");
                self.status = None;
            }
            ReviewState::ChangesRequested => {
                let input = TextInput::default();
                self.popup = Some(Popup::ReviewComment { tagging, input });
            }
        }
    }

    /// Writes the verdict `tagging` saw with the user's review of it.
    fn write_review(
        &mut self,
        tagging: Tagging,
        state: ReviewState,
        comment: &str,
    ) -> Option<Popup> {
        let seen = tagging.seen.clone()?;
        let comment = comment.trim();
        let reviewed = Verdict {
            review: Some(Box::new(Review {
                state,
                by: self.reviewer.as_deref().map(Into::into),
                at: Some(Utc::now().trunc_subsecs(0)),
                comment: (!comment.is_empty()).then(|| comment.to_string()),
            })),
            ..seen
        };
        self.write_tagging(tagging, Some(reviewed))
    }

    fn verdict_from(&self, rating: String, note: &str) -> Verdict {
        let note = note.trim();
        Verdict {
            rating: rating.into(),
            note: (!note.is_empty()).then(|| note.to_string()),
            by: self.reviewer.as_deref().map(Into::into),
            at: Some(Utc::now().trunc_subsecs(0)),
            review: None,
        }
    }

    fn ask_to_clear(&mut self) {
        match self.selected_claim() {
            Some(claim) if claim.verdict.is_some() => {
                let tagging = Tagging::of(claim);
                self.popup = Some(Popup::ConfirmClear { tagging });
            }
            Some(_) => self.fail("this claim has no verdict to clear".to_string()),
            None => {}
        }
    }

    /// Writes `verdict` in place of the one the user saw when they began, unless that is
    /// no longer what the claim holds (a colleague's write was reloaded behind the popup) or
    /// the verdict is someone else's: then asks first. Returns the popup to show next.
    fn commit(&mut self, tagging: Tagging, verdict: Option<Verdict>) -> Option<Popup> {
        let loaded = self
            .claim(&tagging.id)
            .map(|c| c.verdict.as_deref().cloned());
        let theirs = tagging.seen.as_ref().and_then(|v| v.by.as_deref());
        let (current, reason) = match loaded {
            Some(current) if current != tagging.seen => (current, ReplaceReason::ChangedOnDisk),
            _ if verdict.is_some() && theirs.is_some() && theirs != self.reviewer.as_deref() => {
                (tagging.seen.clone(), ReplaceReason::SomeoneElses)
            }
            _ => return self.write_tagging(tagging, verdict),
        };
        Some(Popup::ConfirmReplace {
            tagging,
            verdict,
            current,
            reason,
        })
    }

    /// Asks for `verdict` to be written over `tagging.seen`. When the disk holds another
    /// verdict by now, the write is refused and the user is shown that one and asked again
    /// (see [`Self::verdict_written`]).
    fn write_tagging(&mut self, tagging: Tagging, verdict: Option<Verdict>) -> Option<Popup> {
        let edit = VerdictEdit {
            id: tagging.id,
            path: tagging.path,
            before: tagging.seen,
            after: verdict,
            written: None,
        };
        self.effect = Some(Effect::WriteVerdict(Box::new(VerdictWrite {
            edit,
            purpose: WritePurpose::Tag,
        })));
        None
    }

    /// Asks for the last change to be written back (undo) or again (redo): byte for byte when
    /// the file is as the change left it, in the writer's layout when someone has changed the
    /// file since.
    fn replay(&mut self, purpose: WritePurpose) -> Option<Effect> {
        let stack = match purpose {
            WritePurpose::Undo => &mut self.undo,
            WritePurpose::Redo | WritePurpose::Tag => &mut self.redo,
        };
        let Some(edit) = stack.pop() else {
            let what = if purpose == WritePurpose::Undo {
                "undo"
            } else {
                "redo"
            };
            self.inform(format!("nothing to {what}"));
            return None;
        };
        Some(match edit {
            Edit::Verdict(edit) => Effect::WriteVerdict(Box::new(VerdictWrite { edit, purpose })),
            Edit::Text(added) => Effect::ReplayAddition(Box::new(ReplayRequest { added, purpose })),
        })
    }

    /// Takes in how a verdict write went: the change in memory and on the undo stacks, or the
    /// verdict that is on disk now, to ask about, when the write was refused for it. Memory
    /// changes only with the disk, so the two stay consistent.
    fn verdict_written(&mut self, report: WriteReport) {
        let WriteReport {
            write,
            result,
            on_disk,
        } = report;
        let written = match result {
            Ok(written) => written,
            Err(WriteError::Edit {
                source: EditError::Changed { .. },
                ..
            }) if write.purpose == WritePurpose::Tag => return self.ask_again(write.edit, on_disk),
            Err(e) => return self.write_failed(&e),
        };
        let to = write.change().0.clone();
        self.set_verdict_in_memory(&write.edit.id, &to);
        let links = written
            .as_ref()
            .map_or_else(String::new, Written::links_note);
        let VerdictWrite { mut edit, purpose } = write;
        let path = edit.path.display().to_string();
        match purpose {
            WritePurpose::Tag => {
                let review = to
                    .as_ref()
                    .filter(|to| edit.before.as_ref().map(|b| &b.rating) == Some(&to.rating))
                    .and_then(|to| to.review.as_ref());
                let done = match (to.is_some(), review) {
                    (true, Some(review)) if review.state == ReviewState::Approved => {
                        "verdict approved in"
                    }
                    (true, Some(_)) => "changes requested in",
                    (true, None) => "verdict saved to",
                    (false, _) => "verdict removed from",
                };
                self.inform(format!("{}: {done} {path}{links}", edit.id));
                edit.written = written;
                self.undo.push(Edit::Verdict(edit));
                self.redo.clear();
            }
            WritePurpose::Undo => {
                let now = describe(&to);
                self.inform(format!(
                    "undone: {} is {now} again ({path}){links}",
                    edit.id
                ));
                edit.written = written.as_ref().map(Written::reversed);
                self.redo.push(Edit::Verdict(edit));
            }
            WritePurpose::Redo => {
                let now = describe(&to);
                self.inform(format!("redone: {} is {now} ({path}){links}", edit.id));
                edit.written = written;
                self.undo.push(Edit::Verdict(edit));
            }
        }
    }

    /// A tag refused because the verdict on disk changed: that verdict is taken into memory
    /// (the watcher would bring it a moment later) and the user is asked whether to replace
    /// it.
    fn ask_again(&mut self, edit: VerdictEdit, on_disk: Option<LoadedFile>) {
        let claim = on_disk
            .as_ref()
            .and_then(|file| file.claims.iter().find(|c| c.id == edit.id));
        let Some(claim) = claim else {
            let problem = on_disk.and_then(|file| file.problems.first().map(ToString::to_string));
            return self.fail(problem.unwrap_or_else(|| {
                format!("{}: no longer in {}; reload", edit.id, edit.path.display())
            }));
        };
        let current = claim.verdict.as_deref().cloned();
        self.set_verdict_in_memory(&edit.id, &current);
        self.popup = Some(Popup::ConfirmReplace {
            tagging: Tagging {
                id: edit.id,
                path: edit.path,
                seen: edit.before,
            },
            verdict: edit.after,
            current,
            reason: ReplaceReason::ChangedOnDisk,
        });
    }

    fn claim(&self, id: &str) -> Option<&Claim> {
        self.corpus.claims.iter().find(|c| c.id == id)
    }

    fn set_verdict_in_memory(&mut self, id: &str, verdict: &Option<Verdict>) {
        if let Some(claim) = self.corpus.claims.iter_mut().find(|c| c.id == id) {
            let note_changed = note_of(claim.verdict.as_deref()) != note_of(verdict.as_ref());
            claim.verdict = verdict.clone().map(Box::new);
            if note_changed {
                // Notes are searched: the claim's file is indexed again, here, as the
                // watcher's echo of the write may be a while yet.
                let path = Arc::clone(&claim.origin.path);
                let claims = self.corpus.claims_of(&path);
                let words = FileWords::new(&self.corpus.claims[claims.clone()]);
                self.reindex(claims, words);
            }
        }
        self.refresh_view();
    }

    fn inform(&mut self, text: String) {
        self.say(text, Tone::Info);
    }

    fn fail(&mut self, text: String) {
        self.say(text, Tone::Error);
    }

    fn say(&mut self, text: String, tone: Tone) {
        self.status_serial += 1;
        self.status = Some(Status {
            text,
            tone,
            serial: self.status_serial,
        });
    }
}

/// Whether `path` is `open` or inside it, by their names (`./` ignored): a form's file need
/// not exist yet, and `update` does no I/O.
fn lexically_within(path: &Path, open: &Path) -> bool {
    let plain = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    };
    let (path, open) = (plain(path), plain(open));
    if open.as_os_str().is_empty() {
        return path.is_relative();
    }
    path.starts_with(&open)
}

/// `1 verdict updated`, `2 verdicts updated`.
fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn describe(verdict: &Option<Verdict>) -> &str {
    verdict.as_ref().map_or("untagged", |v| v.rating.as_str())
}

fn note_of(verdict: Option<&Verdict>) -> Option<&str> {
    verdict.and_then(|v| v.note.as_deref())
}

/// Pasted text made fit for an input: line breaks as `\n` (or spaces, in a one-line input)
/// and every other control or bidi character dropped, so a pasted escape sequence stays
/// inert.
fn pasted_text(text: &str, multi_line: bool) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' if multi_line => Some('\n'),
            '\n' | '\t' => Some(' '),
            c if crate::inert::is_hazard(c) => None,
            c => Some(c),
        })
        .collect()
}

/// A picker's highlighted entry after `action`, within `0..=last`.
fn step(selected: usize, action: Action, last: usize) -> usize {
    match action {
        Action::Down => (selected + 1).min(last),
        Action::Up => selected.saturating_sub(1),
        _ => selected,
    }
}

fn digit(key: &KeyEvent) -> Option<usize> {
    match key.code {
        KeyCode::Char(c) => c.to_digit(10).map(|d| d as usize),
        _ => None,
    }
}

pub mod disk;
pub mod form;
mod handoffs;
mod history;
mod messages;
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;
