//! The one table of key bindings. Key handling and the `?` help screen both read [`BINDINGS`],
//! so the help can never drift from what the keys do.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Something the user asked for. What it does can depend on the [`Context`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the dashboard (every verdict is already on disk).
    Quit,
    /// Next row, or scroll down one line.
    Down,
    /// Previous row, or scroll up one line.
    Up,
    /// One screen down.
    PageDown,
    /// One screen up.
    PageUp,
    /// First row, top of the text, or start of the input.
    First,
    /// Last row, bottom of the text, or end of the input.
    Last,
    /// Move focus between the list and the detail.
    SwitchFocus,
    /// Focus the detail of the selected claim.
    FocusDetail,
    /// Focus the claim list.
    FocusList,
    /// Start typing a search query.
    Search,
    /// Select the next claim in the list, wrapping (after a search: the next match).
    NextMatch,
    /// Select the previous claim in the list, wrapping.
    PreviousMatch,
    /// Open the filter-by-verdict picker.
    FilterVerdicts,
    /// Cycle the sort order.
    CycleSort,
    /// Turn the sort order around.
    ReverseSort,
    /// Give the detail the whole screen, or give the list back.
    Zoom,
    /// Draw the whole screen again.
    Redraw,
    /// Tag the selected claim with a verdict.
    Tag,
    /// Approve the selected claim's verdict (an editor's review).
    Approve,
    /// Send the selected claim's verdict back with a comment (an editor's review).
    RequestChanges,
    /// Assign the selected claim to someone (the user, by default).
    Assign,
    /// Set the selected claim's triage status.
    SetStatus,
    /// Type a new claim into a form.
    Capture,
    /// Type a rebuttal to the selected claim into a form.
    Rebut,
    /// Write what the form holds.
    Save,
    /// Put the next open file in the form's file field.
    NextFile,
    /// Remove the selected claim's verdict (asks first).
    ClearVerdict,
    /// Undo the last verdict change, on disk too.
    Undo,
    /// Redo the last undone verdict change.
    Redo,
    /// Read every claim file again.
    Reload,
    /// Show the problems found while loading.
    ShowProblems,
    /// Show the selected claim's verdict changes across the git history.
    ShowHistory,
    /// Count the claims in view by rating, review, status, assignee and tag.
    ShowStats,
    /// Keep only the claims whose verdict changed since the last `git pull`, or show all again.
    ChangedSinceLastPull,
    /// Show this help.
    ShowHelp,
    /// Accept: keep the search, choose the highlighted entry, save the note, confirm.
    Confirm,
    /// Back out: clear the search, close the popup, cancel the tagging.
    Cancel,
    /// Choose the entry with the number typed (1-9).
    ChooseNumber,
    /// Toggle the highlighted entry on or off.
    Toggle,
    /// Move the text cursor one character left.
    CursorLeft,
    /// Move the text cursor one character right.
    CursorRight,
    /// Delete the character before the text cursor.
    DeleteBack,
    /// Delete the character under the text cursor.
    DeleteForward,
    /// Start a new line in the note.
    NewLine,
    /// Put the claim's current note into the input, to edit it as one's own.
    TakeOverNote,
    /// Resolve the selected claim's merge conflict.
    ResolveConflict,
    /// Keep our side of a merge conflict.
    KeepOurs,
    /// Keep their side of a merge conflict.
    KeepTheirs,
    /// Open the claim's file in `$VISUAL` or `$EDITOR`, at the claim (or its conflict).
    OpenEditor,
    /// Open the claim's source url in the browser, or choose among its urls.
    OpenUrl,
    /// Copy the claim's id to the clipboard.
    CopyId,
    /// Copy the claim's assertion, claimant, source and url to the clipboard.
    CopyClaim,
}

/// Where a binding applies: the screen or popup that has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Everywhere, even inside text inputs.
    Anywhere,
    /// The main screen, whether the list or the detail has focus.
    Main,
    /// The claim list has focus.
    List,
    /// The detail has focus.
    Detail,
    /// Typing a search query (printable keys are typed into it).
    Search,
    /// Choosing a verdict.
    VerdictPicker,
    /// Typing the verdict's note (printable keys are typed into it).
    NoteInput,
    /// Choosing which verdicts to show.
    FilterPicker,
    /// A yes/no question.
    Confirm,
    /// Choosing a side of a merge conflict.
    Resolve,
    /// Choosing which of a claim's urls to open.
    UrlChooser,
    /// Help, problems, history or stats: to read.
    Reader,
    /// A form for a new claim or a rebuttal (printable keys are typed into it).
    Form,
}

impl Context {
    /// Heading for the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::Anywhere => "Anywhere",
            Context::Main => "Main screen",
            Context::List => "Claim list",
            Context::Detail => "Detail",
            Context::Search => "Search",
            Context::VerdictPicker => "Verdict picker",
            Context::NoteInput => "Note",
            Context::FilterPicker => "Verdict filter",
            Context::Confirm => "Questions",
            Context::Resolve => "Merge conflict",
            Context::UrlChooser => "Open a url",
            Context::Reader => "Help, problems, history and stats",
            Context::Form => "New claim and rebuttal forms",
        }
    }

    /// Whether unbound printable keys are typed as text here.
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Search | Context::NoteInput | Context::Form)
    }
}

/// One key, as a binding names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySpec {
    /// A character, whatever SHIFT says (terminals report `G` as SHIFT + `G`).
    Char(char),
    /// Control plus a character.
    Ctrl(char),
    /// Any digit from 1 to 9.
    Digit,
    /// A named key without Control or Alt.
    Key(KeyCode),
    /// Alt plus a named key.
    Alt(KeyCode),
}

impl KeySpec {
    pub fn matches(self, key: &KeyEvent) -> bool {
        let ctrl_or_alt = key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match (self, key.code) {
            (KeySpec::Char(c), KeyCode::Char(k)) => !ctrl_or_alt && c == k,
            (KeySpec::Ctrl(c), KeyCode::Char(k)) => {
                key.modifiers.contains(KeyModifiers::CONTROL) && c == k.to_ascii_lowercase()
            }
            (KeySpec::Digit, KeyCode::Char(k)) => !ctrl_or_alt && matches!(k, '1'..='9'),
            (KeySpec::Key(code), k) => !ctrl_or_alt && code == k,
            (KeySpec::Alt(code), k) => {
                key.modifiers.contains(KeyModifiers::ALT)
                    && !key.modifiers.contains(KeyModifiers::CONTROL)
                    && code == k
            }
            _ => false,
        }
    }
}

impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySpec::Char(' ') => f.write_str("Space"),
            KeySpec::Char(c) => write!(f, "{c}"),
            KeySpec::Ctrl(c) => write!(f, "Ctrl-{c}"),
            KeySpec::Digit => f.write_str("1-9"),
            KeySpec::Alt(code) => write!(f, "Alt-{}", KeySpec::Key(*code)),
            KeySpec::Key(code) => match code {
                KeyCode::Up => f.write_str("↑"),
                KeyCode::Down => f.write_str("↓"),
                KeyCode::Left => f.write_str("←"),
                KeyCode::Right => f.write_str("→"),
                KeyCode::PageUp => f.write_str("PgUp"),
                KeyCode::PageDown => f.write_str("PgDn"),
                KeyCode::Delete => f.write_str("Del"),
                KeyCode::F(n) => write!(f, "F{n}"),
                other => write!(f, "{other:?}"),
            },
        }
    }
}

pub struct Binding {
    pub keys: &'static [KeySpec],
    pub action: Action,
    pub context: Context,
    pub description: &'static str,
}

use Action as A;
use Context as C;
use KeySpec::{Alt, Char, Ctrl, Digit, Key};

const fn bind(
    context: Context,
    keys: &'static [KeySpec],
    action: Action,
    description: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        context,
        description,
    }
}

const DOWN: &[KeySpec] = &[Char('j'), Key(KeyCode::Down)];
const UP: &[KeySpec] = &[Char('k'), Key(KeyCode::Up)];
const PAGE_DOWN: &[KeySpec] = &[Key(KeyCode::PageDown)];
const PAGE_UP: &[KeySpec] = &[Key(KeyCode::PageUp)];
const FIRST: &[KeySpec] = &[Char('g'), Key(KeyCode::Home)];
const LAST: &[KeySpec] = &[Char('G'), Key(KeyCode::End)];
const ENTER: &[KeySpec] = &[Key(KeyCode::Enter)];
const ESC: &[KeySpec] = &[Key(KeyCode::Esc)];

/// Every binding, in the order the help screen lists them. Within a context the first binding
/// for a key wins.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(C::Anywhere, &[Ctrl('c')], A::Quit, "quit"),
    bind(C::Anywhere, &[Ctrl('l')], A::Redraw, "redraw the screen"),
    // Main screen.
    bind(C::Main, &[Char('q')], A::Quit, "quit (verdicts are saved as you tag)"),
    bind(C::Main, &[Char('?')], A::ShowHelp, "this help"),
    bind(C::Main, &[Char('/')], A::Search, "search words and fields (Search queries, below)"),
    bind(C::Main, &[Char('n')], A::NextMatch, "next match (next claim in the list)"),
    bind(C::Main, &[Char('N')], A::PreviousMatch, "previous match"),
    bind(C::Main, &[Char('f')], A::FilterVerdicts, "filter by verdict"),
    bind(C::Main, &[Char('s')], A::CycleSort, "sort: file order, date, rating, recently tagged"),
    bind(C::Main, &[Char('S')], A::ReverseSort, "reverse the sort order"),
    bind(C::Main, &[Char('z')], A::Zoom, "zoom the detail to the whole screen, and back"),
    bind(C::Main, &[Char('v')], A::Tag, "tag a verdict (saved to the file at once)"),
    bind(C::Main, &[Char('a')], A::Approve, "approve the verdict (review; written at once)"),
    bind(C::Main, &[Char('C')], A::RequestChanges, "request changes to the verdict, with a comment"),
    bind(C::Main, &[Char('A')], A::Assign, "assign the claim (to you, or type a name; empty: nobody)"),
    bind(C::Main, &[Char('T')], A::SetStatus, "set the claim's triage status"),
    bind(C::Main, &[Char('c')], A::Capture, "add a new claim (a form, written at once)"),
    bind(C::Main, &[Char('R')], A::Rebut, "add a rebuttal to the claim"),
    bind(C::Main, &[Char('x')], A::ClearVerdict, "clear the verdict"),
    bind(C::Main, &[Char('u')], A::Undo, "undo the last verdict change"),
    bind(C::Main, &[Ctrl('r')], A::Redo, "redo"),
    bind(C::Main, &[Char('r')], A::Reload, "reload every file from disk"),
    bind(C::Main, &[Char('m')], A::ResolveConflict, "resolve the claim's merge conflict"),
    bind(C::Main, &[Char('e')], A::OpenEditor, "open the file in $EDITOR at the claim"),
    bind(C::Main, &[Char('o')], A::OpenUrl, "open the source url (or a rebuttal's) in the browser"),
    bind(C::Main, &[Char('y')], A::CopyId, "copy the claim's id to the clipboard"),
    bind(C::Main, &[Char('Y')], A::CopyClaim, "copy the assertion, claimant, source and url"),
    bind(C::Main, &[Char('!')], A::ShowProblems, "problems found in the files"),
    bind(C::Main, &[Char('H')], A::ShowHistory, "the claim's verdict changes in the git history"),
    bind(C::Main, &[Char('%')], A::ShowStats, "stats of the claims in view: ratings, reviews, verdicts per day"),
    bind(C::Main, &[Char('P')], A::ChangedSinceLastPull, "only claims changed since the last git pull, or all"),
    bind(C::Main, &[Key(KeyCode::Tab)], A::SwitchFocus, "switch between list and detail"),
    bind(C::Main, ESC, A::Cancel, "clear the search"),
    // The list.
    bind(C::List, DOWN, A::Down, "next claim"),
    bind(C::List, UP, A::Up, "previous claim"),
    bind(C::List, PAGE_DOWN, A::PageDown, "one page down"),
    bind(C::List, PAGE_UP, A::PageUp, "one page up"),
    bind(C::List, FIRST, A::First, "first claim"),
    bind(C::List, LAST, A::Last, "last claim"),
    bind(C::List, ENTER, A::Zoom, "read the claim on the whole screen"),
    // The detail.
    bind(C::Detail, DOWN, A::Down, "scroll down"),
    bind(C::Detail, UP, A::Up, "scroll up"),
    bind(C::Detail, PAGE_DOWN, A::PageDown, "scroll one page down"),
    bind(C::Detail, PAGE_UP, A::PageUp, "scroll one page up"),
    bind(C::Detail, FIRST, A::First, "top"),
    bind(C::Detail, LAST, A::Last, "bottom"),
    bind(C::Detail, &[Char('h'), Key(KeyCode::Left)], A::FocusList, "back to the list"),
    // Search input.
    bind(C::Search, ENTER, A::Confirm, "keep the filter (n/N step through it)"),
    bind(C::Search, ESC, A::Cancel, "clear the search"),
    bind(C::Search, &[Key(KeyCode::Down)], A::Down, "next match"),
    bind(C::Search, &[Key(KeyCode::Up)], A::Up, "previous match"),
    bind(C::Search, &[Key(KeyCode::Backspace)], A::DeleteBack, "delete a character"),
    // Verdict picker.
    bind(C::VerdictPicker, &[Digit], A::ChooseNumber, "choose that verdict"),
    bind(C::VerdictPicker, DOWN, A::Down, "next verdict"),
    bind(C::VerdictPicker, UP, A::Up, "previous verdict"),
    bind(C::VerdictPicker, ENTER, A::Confirm, "choose the highlighted verdict"),
    bind(C::VerdictPicker, ESC, A::Cancel, "cancel"),
    // Note input.
    bind(C::NoteInput, ENTER, A::Confirm, "save the verdict and note"),
    bind(C::NoteInput, ESC, A::Cancel, "cancel the tagging"),
    bind(C::NoteInput, &[Ctrl('j'), Alt(KeyCode::Enter)], A::NewLine, "new line"),
    bind(C::NoteInput, &[Ctrl('o')], A::TakeOverNote, "take over the current note to edit it"),
    bind(C::NoteInput, &[Key(KeyCode::Left)], A::CursorLeft, "cursor left"),
    bind(C::NoteInput, &[Key(KeyCode::Right)], A::CursorRight, "cursor right"),
    bind(C::NoteInput, &[Key(KeyCode::Home)], A::First, "start of the note"),
    bind(C::NoteInput, &[Key(KeyCode::End)], A::Last, "end of the note"),
    bind(C::NoteInput, &[Key(KeyCode::Backspace)], A::DeleteBack, "delete before the cursor"),
    bind(C::NoteInput, &[Key(KeyCode::Delete)], A::DeleteForward, "delete under the cursor"),
    // Forms.
    bind(C::Form, ENTER, A::Confirm, "next field; on the last, save"),
    bind(C::Form, &[Ctrl('s')], A::Save, "save (written to the file at once)"),
    bind(C::Form, &[Key(KeyCode::Tab), Key(KeyCode::Down)], A::Down, "next field"),
    bind(C::Form, &[Key(KeyCode::BackTab), Key(KeyCode::Up)], A::Up, "previous field"),
    bind(C::Form, &[Ctrl('j'), Alt(KeyCode::Enter)], A::NewLine, "new line"),
    bind(C::Form, &[Ctrl('f')], A::NextFile, "the next open file"),
    bind(C::Form, &[Key(KeyCode::Left)], A::CursorLeft, "cursor left"),
    bind(C::Form, &[Key(KeyCode::Right)], A::CursorRight, "cursor right"),
    bind(C::Form, &[Key(KeyCode::Home)], A::First, "start of the field"),
    bind(C::Form, &[Key(KeyCode::End)], A::Last, "end of the field"),
    bind(C::Form, &[Key(KeyCode::Backspace)], A::DeleteBack, "delete before the cursor"),
    bind(C::Form, &[Key(KeyCode::Delete)], A::DeleteForward, "delete under the cursor"),
    bind(C::Form, ESC, A::Cancel, "cancel (nothing is written)"),
    // Verdict filter.
    bind(C::FilterPicker, &[Char(' '), Key(KeyCode::Enter)], A::Toggle, "show or hide this verdict"),
    bind(C::FilterPicker, DOWN, A::Down, "next entry"),
    bind(C::FilterPicker, UP, A::Up, "previous entry"),
    bind(C::FilterPicker, &[Key(KeyCode::Esc), Char('f')], A::Cancel, "close"),
    // Merge conflict.
    bind(C::Resolve, &[Char('o')], A::KeepOurs, "keep ours"),
    bind(C::Resolve, &[Char('t')], A::KeepTheirs, "keep theirs"),
    bind(C::Resolve, &[Char('e')], A::OpenEditor, "open the conflict in $EDITOR"),
    bind(C::Resolve, ESC, A::Cancel, "decide later"),
    // Url chooser.
    bind(C::UrlChooser, &[Digit], A::ChooseNumber, "open that url"),
    bind(C::UrlChooser, DOWN, A::Down, "next url"),
    bind(C::UrlChooser, UP, A::Up, "previous url"),
    bind(C::UrlChooser, ENTER, A::Confirm, "open the highlighted url"),
    bind(C::UrlChooser, ESC, A::Cancel, "cancel"),
    // Questions.
    bind(C::Confirm, &[Char('y'), Key(KeyCode::Enter)], A::Confirm, "yes"),
    bind(C::Confirm, &[Char('n'), Key(KeyCode::Esc)], A::Cancel, "no"),
    // Help and problems.
    bind(C::Reader, DOWN, A::Down, "scroll down"),
    bind(C::Reader, UP, A::Up, "scroll up"),
    bind(C::Reader, PAGE_DOWN, A::PageDown, "one page down"),
    bind(C::Reader, PAGE_UP, A::PageUp, "one page up"),
    bind(C::Reader, &[Key(KeyCode::Esc), Char('q'), Char('?')], A::Cancel, "close"),
];

impl Action {
    /// The action's name in the user file's `keys:`: `request_changes`.
    pub fn name(self) -> String {
        let mut name = String::new();
        for c in format!("{self:?}").chars() {
            if c.is_ascii_uppercase() && !name.is_empty() {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
        }
        name
    }

    /// The bound action called `name`.
    pub fn named(name: &str) -> Option<Self> {
        BINDINGS.iter().map(|b| b.action).find(|a| a.name() == name)
    }

    /// The names of every bound action, for messages.
    pub fn names() -> String {
        let mut names: Vec<String> = BINDINGS.iter().map(|b| b.action.name()).collect();
        names.sort();
        names.dedup();
        names.join(", ")
    }
}

impl KeySpec {
    /// The key a user file names as the help shows keys: `A`, `Ctrl-r`, `Space`, `Enter`,
    /// `PgDn`, `F5`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return (!c.is_control() && c != ' ').then_some(Char(c));
        }
        if let Some(rest) = text.strip_prefix("Ctrl-") {
            let mut chars = rest.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => Some(Ctrl(c.to_ascii_lowercase())),
                _ => None,
            };
        }
        if let Some(n) = text.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
            return (1..=12).contains(&n).then_some(Key(KeyCode::F(n)));
        }
        let code = match text {
            "Space" => return Some(Char(' ')),
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "Backspace" => KeyCode::Backspace,
            "Del" => KeyCode::Delete,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "PgUp" => KeyCode::PageUp,
            "PgDn" => KeyCode::PageDown,
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            _ => return None,
        };
        Some(Key(code))
    }
}

/// The contexts whose keys can be pressed together with the main screen's.
const WITH_MAIN: [Context; 4] = [
    Context::Anywhere,
    Context::Main,
    Context::List,
    Context::Detail,
];

/// The keys in effect: [`BINDINGS`], with the main screen's keys that the user file rebinds
/// (`keys: {approve: A}`) in place of the built-in ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    overrides: Vec<(Action, KeySpec)>,
}

impl Keymap {
    /// The keymap with `overrides`, each a main-screen action and its new key. A key that
    /// another action keeps where both apply is refused: the error is the index of the
    /// override at fault and what is wrong.
    pub fn new(overrides: Vec<(Action, KeySpec)>) -> Result<Self, (usize, String)> {
        let keymap = Self { overrides };
        for (at, &(action, key)) in keymap.overrides.iter().enumerate() {
            let name = action.name();
            if !BINDINGS
                .iter()
                .any(|b| b.action == action && b.context == Context::Main)
            {
                return Err((
                    at,
                    format!("{name} is not a key of the main screen: only those can be rebound"),
                ));
            }
            let taken = BINDINGS.iter().find(|b| {
                b.action != action
                    && WITH_MAIN.contains(&b.context)
                    && keymap.keys(b).contains(&key)
            });
            if let Some(other) = taken {
                let other = other.action.name();
                return Err((
                    at,
                    format!(
                        "key `{key}` (for {name}) is already {other}'s: choose another key, or \
                         give {other} one too"
                    ),
                ));
            }
        }
        Ok(keymap)
    }

    /// The actions rebound and their keys, as the user file gave them.
    pub fn overrides(&self) -> &[(Action, KeySpec)] {
        &self.overrides
    }

    /// The keys that trigger `binding` now.
    pub fn keys(&self, binding: &Binding) -> Vec<KeySpec> {
        let rebound = self
            .overrides
            .iter()
            .find(|(action, _)| binding.context == Context::Main && *action == binding.action);
        match rebound {
            Some(&(_, key)) => vec![key],
            None => binding.keys.to_vec(),
        }
    }

    /// The keys as the help shows them: `j ↓`.
    pub fn keys_label(&self, binding: &Binding) -> String {
        let keys: Vec<String> = self.keys(binding).iter().map(KeySpec::to_string).collect();
        keys.join(" ")
    }

    /// The action `key` triggers in the first of `contexts` that binds it.
    pub fn action_for(&self, key: &KeyEvent, contexts: &[Context]) -> Option<Action> {
        contexts.iter().find_map(|&context| {
            BINDINGS
                .iter()
                .filter(|b| b.context == context)
                .find(|b| self.keys(b).iter().any(|k| k.matches(key)))
                .map(|b| b.action)
        })
    }

    /// The first key bound to `action` in `context` (`Ctrl-j`), for the key hints: taken
    /// from the table, they cannot drift from it either. The help lists every key.
    pub fn key_for(&self, context: Context, action: Action) -> String {
        BINDINGS
            .iter()
            .find(|b| b.context == context && b.action == action)
            .and_then(|b| self.keys(b).first().copied())
            .map(|key| key.to_string())
            .unwrap_or_default()
    }
}

/// The first key bound to `action` in a popup's `context`, whose keys are never rebound.
pub fn key_for(context: Context, action: Action) -> String {
    Keymap::default().key_for(context, action)
}

/// `key` as the user would name it: `w`, `Ctrl-x`, `Alt-Enter`, `F5`.
pub fn key_name(key: &KeyEvent) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        code => KeySpec::Key(code).to_string(),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{name}")
    } else if key.modifiers.contains(KeyModifiers::ALT) {
        format!("Alt-{name}")
    } else {
        name
    }
}

/// The printable character `key` types into a text input, if any.
pub fn typed_char(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    const MAIN_LIST: &[Context] = &[Context::Anywhere, Context::Main, Context::List];

    fn action_for(key: &KeyEvent, contexts: &[Context]) -> Option<Action> {
        Keymap::default().action_for(key, contexts)
    }

    fn char_key(c: char) -> KeyEvent {
        key(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn a_rebound_key_replaces_the_built_in_one_in_keys_and_help() {
        let keymap = Keymap::new(vec![(Action::Approve, Char('Z'))]).unwrap();
        assert_eq!(
            keymap.action_for(&char_key('Z'), MAIN_LIST),
            Some(Action::Approve)
        );
        assert_eq!(keymap.action_for(&char_key('a'), MAIN_LIST), None);
        assert_eq!(keymap.key_for(Context::Main, Action::Approve), "Z");
        // Two actions may swap keys.
        let swapped = Keymap::new(vec![
            (Action::Quit, Char('x')),
            (Action::ClearVerdict, Char('q')),
        ]);
        assert!(swapped.is_ok(), "{swapped:?}");
    }

    #[test]
    fn a_key_another_action_keeps_is_refused() {
        let (at, message) = Keymap::new(vec![(Action::Approve, Char('j'))]).unwrap_err();
        assert_eq!(at, 0);
        assert_eq!(
            message,
            "key `j` (for approve) is already down's: choose another key, or give down one too"
        );
        let (_, message) = Keymap::new(vec![(Action::Confirm, Char('Z'))]).unwrap_err();
        assert!(
            message.contains("not a key of the main screen"),
            "{message}"
        );
    }

    /// Two actions on one key where both apply: the second would never run, and the help
    /// would list a key that does not do what it says. Main's keys apply beside the list's
    /// and the detail's, so those are checked together.
    #[test]
    fn no_key_is_bound_twice_where_it_applies() {
        let together: &[&[Context]] = &[
            &[Context::Anywhere, Context::Main, Context::List],
            &[Context::Anywhere, Context::Main, Context::Detail],
        ];
        let alone = BINDINGS
            .iter()
            .map(|b| b.context)
            .filter(|c| !matches!(c, Context::Main | Context::List | Context::Detail))
            .map(|c| vec![Context::Anywhere, c]);
        let groups = together.iter().map(|g| g.to_vec()).chain(alone);
        for group in groups {
            let mut seen: Vec<(KeySpec, Action)> = Vec::new();
            for binding in BINDINGS.iter().filter(|b| group.contains(&b.context)) {
                for &key in binding.keys {
                    if let Some((_, first)) =
                        seen.iter().find(|(k, a)| *k == key && *a != binding.action)
                    {
                        // Only a pane's own binding may stand in for Main's on the same key.
                        let pane_over_main = binding.context == Context::Main
                            && BINDINGS
                                .iter()
                                .any(|b| b.action == *first && b.context != Context::Main);
                        assert!(
                            pane_over_main,
                            "{key} does both {first:?} and {:?}",
                            binding.action
                        );
                    }
                    seen.push((key, binding.action));
                }
            }
        }
    }

    #[test]
    fn actions_are_named_in_snake_case_and_found_by_name() {
        assert_eq!(Action::RequestChanges.name(), "request_changes");
        assert_eq!(Action::named("approve"), Some(Action::Approve));
        assert_eq!(Action::named("nothing"), None);
        assert!(Action::names().contains("quit, "));
    }

    #[test]
    fn keys_parse_as_the_help_shows_them() {
        for key in ["A", "Ctrl-r", "Space", "Enter", "PgDn", "F5", "?"] {
            let spec = KeySpec::parse(key).unwrap();
            assert_eq!(spec.to_string(), key);
        }
        for bad in ["", "Ctrl-", "Ctrl-ab", "F13", "Hyper-x", "ab"] {
            assert_eq!(KeySpec::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn shifted_capital_g_goes_to_the_last_row() {
        let shifted = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action_for(&shifted, MAIN_LIST), Some(Action::Last));
        let plain = key(KeyCode::Char('g'), KeyModifiers::NONE);
        assert_eq!(action_for(&plain, MAIN_LIST), Some(Action::First));
    }

    #[test]
    fn ctrl_c_quits_even_in_a_text_input() {
        let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
        let note = [Context::Anywhere, Context::NoteInput];
        assert_eq!(action_for(&ctrl_c, &note), Some(Action::Quit));
        assert_eq!(typed_char(&ctrl_c), None);
    }

    #[test]
    fn q_is_text_in_a_note_and_quit_in_the_list() {
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            action_for(&q, &[Context::Anywhere, Context::NoteInput]),
            None
        );
        assert_eq!(typed_char(&q), Some('q'));
        assert_eq!(action_for(&q, MAIN_LIST), Some(Action::Quit));
    }

    #[test]
    fn ctrl_r_redoes_and_r_reloads() {
        let ctrl_r = key(KeyCode::Char('r'), KeyModifiers::CONTROL);
        let r = key(KeyCode::Char('r'), KeyModifiers::NONE);
        assert_eq!(action_for(&ctrl_r, MAIN_LIST), Some(Action::Redo));
        assert_eq!(action_for(&r, MAIN_LIST), Some(Action::Reload));
    }

    #[test]
    fn y_copies_on_the_main_screen_and_says_yes_only_to_a_question() {
        let y = key(KeyCode::Char('y'), KeyModifiers::NONE);
        let shifted = key(KeyCode::Char('Y'), KeyModifiers::SHIFT);
        assert_eq!(action_for(&y, MAIN_LIST), Some(Action::CopyId));
        assert_eq!(action_for(&shifted, MAIN_LIST), Some(Action::CopyClaim));
        let question = [Context::Anywhere, Context::Confirm];
        assert_eq!(action_for(&y, &question), Some(Action::Confirm));
        assert_eq!(action_for(&shifted, &question), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.context == b.context {
                    let shared: Vec<_> = a.keys.iter().filter(|k| b.keys.contains(k)).collect();
                    assert!(
                        shared.is_empty(),
                        "{shared:?} bound twice in {:?}",
                        a.context
                    );
                }
            }
        }
    }

    #[test]
    fn keys_read_like_the_keyboard() {
        let labels: Vec<String> = BINDINGS
            .iter()
            .map(|b| Keymap::default().keys_label(b))
            .collect();
        assert!(labels.contains(&"j ↓".to_string()));
        assert!(labels.contains(&"Ctrl-r".to_string()));
        assert!(labels.contains(&"Esc q ?".to_string()));
        assert!(labels.contains(&"Space Enter".to_string()));
    }
}
