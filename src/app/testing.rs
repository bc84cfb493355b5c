//! Helpers for tests that drive the dashboard with messages, as a user would with keys.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

use super::{App, Effect, IndexedFile, Message, disk};
use crate::model::RatingScale;
use crate::store::{load_file, load_text};
use crate::ui::Theme;

/// The sample file, by the relative path that appears on screen (tests run in the crate root).
pub const SAMPLE: &str = "data/cowin-2023-06.yaml";

/// A temporary folder holding a copy of the sample file, and the copy's path.
pub fn sample_copy() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cowin-2023-06.yaml");
    std::fs::copy(SAMPLE, &path).expect("copy the sample");
    (dir, path)
}

/// A dashboard of `width` x `height` that has loaded `files`, tagging as `tester`.
pub fn app_with(files: &[&Path], width: u16, height: u16, theme: Theme) -> App {
    let paths = files.iter().map(|f| f.to_path_buf()).collect();
    let mut app = App::new(paths, Some("tester".to_string()), theme);
    send(&mut app, Message::Resize { width, height });
    send(
        &mut app,
        Message::LoadingStarted {
            files: files.len(),
            bytes: 0,
            problems: Vec::new(),
        },
    );
    for file in files {
        let loaded = load_file(file, &RatingScale::default());
        send(
            &mut app,
            Message::FilesLoaded(vec![IndexedFile::new(loaded)]),
        );
    }
    send(&mut app, Message::LoadFinished);
    app
}

/// Claims with urls: the first has a source url with a query, a rebuttal's url, and a
/// rebuttal's `javascript:` url; the second a source url alone, [`LONG_URL`]; the third none.
pub const LINKS: &str = include_str!("../../tests/fixtures/links/links.yaml");

/// The url of the second claim of [`LINKS`], longer than the detail is wide, its words joined
/// by hyphens and slashes where a word wrapper would break it.
pub const LONG_URL: &str = "http://example.com/2023/06/12/fact-check-a-very-long-headline-with-many-hyphenated-words/and/a/deep/path?query=string&and=more-words";

/// A dashboard of 120x40 on [`LINKS`], read as `data/links.yaml` (never written).
pub fn links_app() -> App {
    let mut app = app_with(&[], 120, 40, Theme { color: true });
    let file = load_text(Path::new("data/links.yaml"), LINKS.as_bytes(), &app.scale);
    send(&mut app, Message::FilesLoaded(vec![IndexedFile::new(file)]));
    app
}

/// The sample file loaded in a 120x40 terminal with colour.
pub fn sample_app() -> App {
    app_with(&[Path::new(SAMPLE)], 120, 40, Theme { color: true })
}

/// Sends `message`, doing the disk work it asks for as the event loop does; returns the
/// effect left for the loop itself (a reload, the editor).
pub fn send(app: &mut App, message: Message) -> Option<Effect> {
    let mut effect = app.update(message);
    loop {
        let reported = match effect {
            Some(Effect::WriteVerdict(write)) => disk::write_verdict(write, &app.scale),
            Some(Effect::ResolveConflict { id, path, pick }) => {
                disk::resolve_conflict(id, path, pick, &app.scale)
            }
            Some(Effect::Add(request)) => disk::add(request, &app.scale),
            Some(Effect::ReplayAddition(request)) => disk::replay_addition(*request, &app.scale),
            Some(Effect::SetField(request)) => disk::set_field(*request, &app.scale),
            other => return other,
        };
        effect = app.update(reported);
    }
}

/// Presses the keys of `keys` in order: characters as typed, and `<enter>`, `<esc>`, `<tab>`,
/// `<up>`, `<down>`, `<left>`, `<right>`, `<home>`, `<end>`, `<pgup>`, `<pgdn>`, `<bs>`,
/// `<del>`, `<space>`, `<c-X>` (Control + X) for the others. Returns the last effect.
pub fn press(app: &mut App, keys: &str) -> Option<Effect> {
    let mut effect = None;
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        let (key, len) = match rest.find('>') {
            Some(end) if c == '<' && end > 1 => (named(&rest[1..end]), end + 1),
            _ => (plain(c), c.len_utf8()),
        };
        effect = send(app, Message::Key(key));
        rest = &rest[len..];
    }
    effect
}

fn plain(c: char) -> KeyEvent {
    // Terminals report capitals with SHIFT, and so do these tests.
    let modifiers = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), modifiers)
}

fn named(name: &str) -> KeyEvent {
    let code = match name {
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" => KeyCode::PageUp,
        "pgdn" => KeyCode::PageDown,
        "bs" => KeyCode::Backspace,
        "del" => KeyCode::Delete,
        "space" => KeyCode::Char(' '),
        ctrl if ctrl.starts_with("c-") => {
            let c = ctrl.chars().nth(2).expect("a key after c-");
            return KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
        }
        other => panic!("unknown key <{other}>"),
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The ids of the claims in the list, in order.
pub fn listed(app: &App) -> Vec<&str> {
    app.view
        .iter()
        .map(|&i| app.claims()[i].id.as_str())
        .collect()
}

pub fn selected_id(app: &App) -> &str {
    app.selected_claim().map_or("", |c| c.id.as_str())
}

/// The screen as the user sees it, one line per row.
pub fn screen(app: &App) -> String {
    let (width, height) = (app.viewport.width, app.viewport.height);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("test terminal");
    terminal
        .draw(|frame| crate::ui::render(app, frame))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            let row: String = (0..width).map(|x| buffer[(x, y)].symbol()).collect();
            row.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
