use std::path::Path;

use insta::assert_snapshot;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use super::*;
use crate::app::Message;
use crate::app::testing::{LONG_URL, SAMPLE, app_with, links_app, press, send};
use crate::model::RatingScale;
use crate::search::IndexedFile;
use crate::store::load_text;

fn sample(width: u16, height: u16) -> App {
    app_with(&[Path::new(SAMPLE)], width, height, Theme { color: true })
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.viewport.width, app.viewport.height))
        .expect("test terminal");
    terminal.draw(|frame| render(app, frame)).expect("draw");
    terminal
}

/// The cell where `text` first appears on screen.
fn find(buffer: &Buffer, text: &str) -> (u16, u16) {
    let area = buffer.area;
    for y in 0..area.height {
        let row: String = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        if let Some(byte) = row.find(text) {
            let x = row[..byte].chars().count();
            return (u16::try_from(x).unwrap(), y);
        }
    }
    panic!("{text:?} is not on screen");
}

#[test]
fn main_screen_120x40() {
    assert_snapshot!(draw(&sample(120, 40)).backend());
}

#[test]
fn main_screen_80x24_stacks_source_and_rebuttals() {
    assert_snapshot!(draw(&sample(80, 24)).backend());
}

#[test]
fn search_results_with_the_query_in_the_status_bar() {
    let mut app = sample(120, 40);
    press(&mut app, "/telegram");
    assert_snapshot!(draw(&app).backend());
}

#[test]
fn verdict_picker() {
    let mut app = sample(120, 40);
    press(&mut app, "jv");
    assert_snapshot!(draw(&app).backend());
}

#[test]
fn note_input() {
    let mut app = sample(120, 40);
    press(&mut app, "jv5no evidence<c-j>on a second line");
    assert_snapshot!(draw(&app).backend());
}

#[test]
fn help_overlay() {
    let mut app = sample(120, 40);
    press(&mut app, "?");
    assert_snapshot!(draw(&app).backend());
}

#[test]
fn problems_panel() {
    let mut app = sample(120, 40);
    let broken = b"claims:\n  - id: Bad Id\n    assertion: x\n    claimant: y\n  - id: fine\n    assertion: x\n    claimant: y\n    colour: red\n";
    let file = load_text(Path::new("data/broken.yaml"), broken, &app.scale);
    send(
        &mut app,
        Message::FilesChanged(vec![IndexedFile::new(file)]),
    );
    press(&mut app, "!");
    // The loader's problems say what to fix; how the dashboard reads the fix is said once.
    find(
        draw(&app).backend().buffer(),
        "A file is read again when saved; r reloads every file.",
    );
    assert_snapshot!(draw(&app).backend());
}

#[test]
fn url_chooser_numbers_the_urls_and_marks_one_it_will_not_open() {
    let mut app = links_app();
    press(&mut app, "oj");
    assert_snapshot!(draw(&app).backend());
}

#[test]
fn filter_picker_and_title() {
    let mut app = sample(120, 40);
    press(&mut app, "sf<space>");
    assert_snapshot!(draw(&app).backend());
}

#[test]
fn empty_state_names_the_paths() {
    let mut app = app_with(&[], 100, 20, Theme { color: true });
    app.paths = vec!["claims/".into()];
    assert_snapshot!(draw(&app).backend());
}

#[test]
fn loading_shows_progress() {
    let mut app = App::new(vec![SAMPLE.into()], None, Theme { color: true });
    send(
        &mut app,
        Message::Resize {
            width: 100,
            height: 20,
        },
    );
    send(
        &mut app,
        Message::LoadingStarted {
            files: 4,
            bytes: 0,
            problems: Vec::new(),
        },
    );
    let text = draw(&app).backend().to_string();
    assert!(text.contains("Loading…"), "{text}");
    assert!(text.contains("loading 0/4 files"), "{text}");
}

#[test]
fn too_small_says_so() {
    assert_snapshot!(draw(&sample(59, 15)).backend());
}

#[test]
fn never_panics_at_any_size() {
    let mut app = sample(120, 40);
    for keys in ["", "v", "v1", "?", "!", "f", "x", "/tele", "%"] {
        press(&mut app, "<esc><esc>");
        press(&mut app, keys);
        for (width, height) in [
            (1, 1),
            (0, 0),
            (60, 15),
            (61, 16),
            (200, 15),
            (60, 80),
            (300, 100),
        ] {
            send(&mut app, Message::Resize { width, height });
            draw(&app);
        }
        send(
            &mut app,
            Message::Resize {
                width: 120,
                height: 40,
            },
        );
    }
    let empty = app_with(&[], 1, 1, Theme { color: false });
    draw(&empty);
}

/// The stats panel over the sample, counted on a fixed day (the sample's verdicts were given
/// the day before), as `%` opens it.
fn stats_panel(theme: Theme) -> App {
    let mut app = app_with(&[Path::new(SAMPLE)], 120, 40, theme);
    press(&mut app, "%");
    assert!(matches!(app.popup, Some(crate::app::Popup::Stats(_))));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date");
    let in_view = app.view.iter().map(|&i| &app.claims()[i]);
    let stats = crate::stats::Stats::of(in_view, &app.scale, &app.statuses, today);
    app.popup = Some(crate::app::Popup::Stats(Box::new(stats)));
    app
}

#[test]
fn stats_panel_120x40() {
    assert_snapshot!(draw(&stats_panel(Theme { color: true })).backend());
}

#[test]
fn stats_panel_bars_take_the_scales_colours_and_none_without_colour() {
    let colour_of = |theme: Theme| {
        let app = stats_panel(theme);
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        // The bar of the sample's one `mostly-true` verdict, just above its label.
        let (x, y) = find(buffer, "MOST TRUE");
        buffer[(x, y - 1)].fg
    };
    let scale = RatingScale::default();
    let expected = Theme { color: true }.rating_bar("mostly-true", &scale).fg;
    assert!(expected.is_some());
    assert_eq!(Some(colour_of(Theme { color: true })), expected);
    assert_eq!(colour_of(Theme { color: false }), Color::Reset);
}

#[test]
fn selection_is_reversed_video() {
    let mut app = sample(120, 40);
    press(&mut app, "j");
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let (x, y) = find(buffer, "MOST TRUE");
    let modifier = buffer[(x + 20, y)].modifier;
    assert!(modifier.contains(ratatui::style::Modifier::REVERSED));
}

/// A desk with one claim tagged with each rating of the default scale, in scale order.
fn every_rating(theme: Theme) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ratings.yaml");
    let mut yaml = String::from("claims:\n");
    for rating in RatingScale::default().ids() {
        yaml.push_str(&format!(
            "  - id: rated-{rating}\n    assertion: a\n    claimant: b\n    verdict:\n      rating: \"{rating}\"\n"
        ));
    }
    std::fs::write(&path, yaml).unwrap();
    let app = app_with(&[&path], 120, 40, theme);
    (dir, app)
}

/// The screen row of the list row showing `id` (below the border and the column headers).
fn list_row(buffer: &Buffer, id: &str) -> u16 {
    (2..buffer.area.height)
        .find(|&y| {
            let row: String = (0..60).map(|x| buffer[(x, y)].symbol()).collect();
            row.contains(&format!(" {id} "))
        })
        .unwrap_or_else(|| panic!("{id} is not listed"))
}

#[test]
fn every_rating_has_a_badge_colour_of_its_own() {
    let (_dir, app) = every_rating(Theme { color: true });
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let scale = RatingScale::default();
    let mut seen: Vec<(Color, Color)> = Vec::new();
    for rating in scale.ids() {
        // The badge's first cell, at the start of the row.
        let badge = &buffer[(1, list_row(buffer, &format!("rated-{rating}")))];
        assert_ne!(badge.bg, Color::Reset, "{rating} has a background");
        assert_ne!(badge.fg, badge.bg, "{rating} reads on its background");
        assert!(
            seen.iter().all(|&(bg, _)| bg != badge.bg),
            "{rating} shares its colour {:?} with another rating",
            badge.bg
        );
        seen.push((badge.bg, badge.fg));
    }
    assert_eq!(seen.len(), 8);
}

#[test]
fn no_color_theme_draws_without_colours_and_labels_tell_the_ratings_apart() {
    let (_dir, app) = every_rating(Theme { color: false });
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let scale = RatingScale::default();
    let mut labels = Vec::new();
    for rating in scale.ids() {
        let y = list_row(buffer, &format!("rated-{rating}"));
        let label: String = (1..1 + theme::BADGE_WIDTH as u16)
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        assert!(
            buffer[(2, y)]
                .modifier
                .contains(ratatui::style::Modifier::BOLD)
        );
        assert!(!labels.contains(&label), "{label:?} twice");
        // The last column marks the review (`?`: awaiting one).
        assert_eq!(
            label.trim().trim_end_matches('?').trim(),
            scale.label(rating)
        );
        labels.push(label);
    }
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
}

#[test]
fn replacing_someone_elses_verdict_asks_and_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cowin-2023-06.yaml");
    std::fs::copy(SAMPLE, &path).unwrap();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "jv5<enter>");
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let (x, y) = find(buffer, "MOST TRUE   by sample");
    assert_eq!(buffer[(x, y)].bg, Color::Cyan, "the badge keeps its colour");
    // The status bar names a temporary folder: the popup's rows are the snapshot.
    let rows: Vec<String> = (0..40)
        .map(|y| {
            (0..120)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect();
    let top = rows
        .iter()
        .position(|r| r.contains("╭ Someone else's"))
        .unwrap();
    let bottom = top + rows[top..].iter().position(|r| r.contains("╰")).unwrap();
    assert_snapshot!(rows[top..=bottom].join("\n"));
}

/// Claims whose every text field tries to act on the terminal.
const HOSTILE: &str = include_str!("../../tests/fixtures/hostile.yaml");

#[test]
fn text_from_files_reaches_the_screen_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x\x1b[2J\u{202e}lmay.yaml");
    std::fs::write(&path, HOSTILE).unwrap();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    let main = crate::app::testing::screen(&app);
    assert!(main.contains("\\u{1b}]0;pwned"), "{main}");
    assert!(main.contains("\\u{202e}eve"), "{main}");
    // ratatui itself drops control and zero-width characters, so a screen never holds them
    // raw; what matters is that each is shown, in the detail, the problems, the question
    // before replacing eve's verdict, and the status bar's file name.
    for (keys, shown) in [
        ("<enter><end>", "\\u{1b}[?1049l leave"),
        ("", "two \\u{1b}[31mred"),
        ("h!", "bad\\u{1b}]0;id\\u{7}"),
        ("<esc>v1", "Current note by \\u{202e}eve:"),
        ("<enter>", "Replace \\u{202e}eve's FALSE"),
        ("<esc><esc>", "x\\u{1b}[2J\\u{202e}lmay.yaml:5"),
    ] {
        press(&mut app, keys);
        let screen = crate::app::testing::screen(&app);
        assert!(
            screen.contains(shown),
            "after {keys}, no {shown:?} in\n{screen}"
        );
    }
}

#[test]
fn a_megabyte_field_is_shown_cut_with_a_marker() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let words = "the portal was never breached ".repeat(35_000);
    std::fs::write(
        &path,
        format!("claims:\n  - id: huge\n    assertion: {words}\n    claimant: someone\n"),
    )
    .unwrap();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    let list = crate::app::testing::screen(&app);
    assert!(
        list.contains("huge the portal was never breached"),
        "{list}"
    );
    press(&mut app, "<enter><end>");
    let bottom = crate::app::testing::screen(&app);
    assert!(
        bottom.contains("[… cut: this field is 1025 KB; the first 64 KB are shown"),
        "{bottom}"
    );
}

#[test]
fn the_sample_at_200x50_uses_the_width_for_whole_ids_and_claimants() {
    assert_snapshot!(draw(&sample(200, 50)).backend());
}

#[test]
fn hindi_bengali_and_tamil_claims_at_80x24_120x40_and_200x50() {
    // Relative, as SAMPLE is, so the status bar's path is the same in every checkout.
    let path = Path::new("tests/fixtures/scripts/scripts.yaml");
    for (width, height) in [(80, 24), (120, 40), (200, 50)] {
        let mut app = app_with(&[path], width, height, Theme { color: true });
        press(&mut app, "jjjj");
        assert_snapshot!(format!("scripts_{width}x{height}"), draw(&app).backend());
    }
}

#[test]
fn the_status_bar_keeps_the_file_and_line_at_60_columns_and_cuts_with_an_ellipsis() {
    let mut app = sample(60, 20);
    press(&mut app, "w");
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let status: String = (0..60).map(|x| buffer[(x, 19)].symbol()).collect();
    assert!(
        status.starts_with("data/cowin-2023-06.yaml:42 · 1/6 · w does nothing"),
        "{status:?}"
    );
    assert!(status.ends_with('…'), "{status:?}");
}

#[test]
fn the_detail_marks_what_the_search_matched_as_the_list_does() {
    let mut app = sample(120, 40);
    press(&mut app, "/aadhaar");
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let detail = crate::layout::main_areas(app.viewport, false).detail;
    let is_marked = |x: u16, y: u16| {
        let cell = &buffer[(x, y)];
        cell.fg == Color::Yellow && cell.modifier.contains(ratatui::style::Modifier::BOLD)
    };
    let mut marked_rows = Vec::new();
    for y in detail.y..detail.bottom() {
        // The sample's text is one column a character.
        let row: String = (detail.x..detail.right())
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        for (byte, word) in row.match_indices("Aadhaar") {
            let x = detail.x + u16::try_from(row[..byte].chars().count()).unwrap();
            let letters = x..x + u16::try_from(word.len()).unwrap();
            assert!(letters.clone().all(|x| is_marked(x, y)), "{row}");
            assert!(!is_marked(letters.end + 1, y), "only the word: {row}");
            marked_rows.push(row.trim().to_string());
        }
    }
    // The assertion, the source's quote and the verdict's note.
    assert_eq!(marked_rows.len(), 3, "{marked_rows:#?}");
    assert!(
        marked_rows[2].contains("The Aadhaar-number"),
        "{marked_rows:#?}"
    );
}

#[test]
fn help_lists_the_query_syntax_from_the_parsers_table() {
    let app = sample(120, 40);
    let lines: Vec<String> = popups::reader_lines(&app, &Popup::Help { scroll: 0 })
        .iter()
        .map(ToString::to_string)
        .collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("Search queries"))
        .expect("a Search queries section");
    let section = &lines[start..];
    let end = section
        .iter()
        .position(String::is_empty)
        .unwrap_or(section.len());
    let section = &section[..end];
    for (example, _) in crate::search::SYNTAX {
        assert!(section.iter().any(|l| l.contains(example)), "{example}");
    }
    assert_snapshot!(section.join("\n"));
}

#[test]
fn the_new_claim_form() {
    let mut app = sample(100, 30);
    press(&mut app, "cविपक्षी नेता ने कहा<enter>Derek O’Brien<enter>");
    // The date defaults to today: a fixed one keeps the snapshot.
    press(
        &mut app,
        "<end><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs>2023-06-15<up>",
    );
    assert_snapshot!(draw(&app).backend());
}

/// The text rows of the detail's inside, as drawn in `buffer`.
fn detail_rows(app: &App, buffer: &Buffer) -> Vec<String> {
    let detail = crate::layout::main_areas(app.viewport, app.zoomed).detail;
    // Inside the border and the padding.
    let (left, right) = (detail.x + 2, detail.right() - 2);
    (detail.y + 1..detail.bottom() - 1)
        .map(|y| (left..right).map(|x| buffer[(x, y)].symbol()).collect())
        .collect()
}

#[test]
fn a_long_url_is_cut_only_where_the_line_ends_at_every_width() {
    for (width, height, keys) in [
        (80, 24, "jz"),
        (80, 24, "j"),
        (120, 40, "j"),
        (200, 50, "j"),
    ] {
        let mut app = links_app();
        send(&mut app, Message::Resize { width, height });
        press(&mut app, keys);
        let terminal = draw(&app);
        let rows = detail_rows(&app, terminal.backend().buffer());
        let columns = rows[0].chars().count();
        let first = rows
            .iter()
            .position(|row| row.starts_with("http://example.com/"))
            .expect("the url is shown");
        let pieces: Vec<&str> = rows[first..]
            .iter()
            .map(|row| row.trim_end())
            .take_while(|row| !row.is_empty())
            .collect();
        assert!(pieces.len() > 1, "{width}x{height}: the url fits one line");
        // Each line but the last is full: a url is never broken anywhere else, and shares
        // its lines with nothing.
        for piece in &pieces[..pieces.len() - 1] {
            assert_eq!(
                piece.chars().count(),
                columns,
                "{width}x{height}: {pieces:?}"
            );
        }
        assert_eq!(pieces.concat(), LONG_URL, "{width}x{height}");
    }
}

/// Draws this thread's frames with hyperlinks until dropped.
struct WithHyperlinks;

impl WithHyperlinks {
    fn on() -> Self {
        set_hyperlinks(true);
        Self
    }
}

impl Drop for WithHyperlinks {
    fn drop(&mut self) {
        set_hyperlinks(false);
    }
}

/// The links in `buffer`: each cell's url and the text it links, top to bottom.
fn links_in(buffer: &Buffer) -> Vec<(String, String)> {
    buffer
        .content()
        .iter()
        .filter_map(|cell| {
            let rest = cell.symbol().strip_prefix("\x1b]8;id=")?;
            let (params, rest) = rest.split_once(';')?;
            let (url, rest) = rest.split_once("\x1b\\")?;
            let text = rest.strip_suffix("\x1b]8;;\x1b\\")?;
            assert!(params.starts_with("claimdesk-url-"), "{params}");
            Some((url.to_string(), text.to_string()))
        })
        .collect()
}

#[test]
fn with_hyperlinks_each_piece_of_a_web_url_links_the_whole_url() {
    let _links = WithHyperlinks::on();
    let mut app = links_app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let source = "https://example.org/report?id=1&x=2&q=$(touch${IFS}pwned)";
    let frame = terminal.draw(|frame| render(&app, frame)).unwrap();
    let links = links_in(frame.buffer);
    let urls: Vec<&str> = links.iter().map(|(url, _)| url.as_str()).collect();
    // The source url takes two lines at this width, each a link to all of it; the
    // `javascript:` url is none.
    assert_eq!(urls, [source, source, "https://example.net/rebuttal"]);
    let texts: Vec<&str> = links.iter().map(|(_, text)| text.as_str()).collect();
    assert_eq!(texts[..2].concat(), source);
    assert!(
        !frame
            .buffer
            .content()
            .iter()
            .any(|c| c.symbol().contains("javascript") && c.symbol().contains('\x1b')),
        "a link to javascript:"
    );

    // The chooser covers the rebuttal's url: that row stays text, the rows above stay links.
    press(&mut app, "o");
    send(
        &mut app,
        Message::Resize {
            width: 120,
            height: 28,
        },
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 28)).unwrap();
    let frame = terminal.draw(|frame| render(&app, frame)).unwrap();
    let urls: Vec<String> = links_in(frame.buffer)
        .into_iter()
        .map(|(url, _)| url)
        .collect();
    assert_eq!(urls, [source, source]);
}

#[test]
fn without_hyperlinks_no_cell_holds_an_escape() {
    let app = links_app();
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content()
            .iter()
            .all(|c| !c.symbol().contains('\x1b'))
    );
}

/// A desk of its own: the five-rating desk file above a claim file with a claim of each of
/// `a wrong`, `b correct`, `c satire`, `d` untagged, `e false` (off the desk's scale) and
/// `f no-evidence`; the dashboard opened on it as `claimdesk` opens one.
fn five_rating_desk() -> (tempfile::TempDir, std::path::PathBuf, App) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(crate::desk::DESK_FILE),
        crate::desk::tests::FIVE_RATINGS,
    )
    .unwrap();
    let path = dir.path().join("claims.yaml");
    let mut yaml = String::from("claims:\n");
    for (id, rating) in [
        ("a", Some("wrong")),
        ("b", Some("correct")),
        ("c", Some("satire")),
        ("d", None),
        ("e", Some("false")),
        ("f", Some("no-evidence")),
    ] {
        yaml.push_str(&format!(
            "  - id: {id}\n    assertion: x\n    claimant: y\n"
        ));
        if let Some(rating) = rating {
            yaml.push_str(&format!("    verdict:\n      rating: \"{rating}\"\n"));
        }
    }
    std::fs::write(&path, yaml).unwrap();
    let mut app = app_with(&[], 120, 40, Theme { color: true });
    app.use_desk(crate::desk::find(std::slice::from_ref(&path)));
    let file = crate::store::load_file(&path, &app.scale);
    send(&mut app, Message::FilesLoaded(vec![IndexedFile::new(file)]));
    (dir, path, app)
}

/// The problems list, as it prints them.
fn problems_listed(app: &App) -> Vec<String> {
    app.corpus
        .problems
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_desk_scale_of_five_ratings_colours_the_badges_and_flags_ratings_off_it() {
    let (_dir, path, app) = five_rating_desk();
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let badge = |id: &str| {
        let cell = &buffer[(1, list_row(buffer, id))];
        (cell.bg, cell.fg)
    };
    assert_eq!(badge("a"), (Color::Red, Color::White));
    assert_eq!(badge("b"), (Color::LightGreen, Color::Black));
    assert_eq!(badge("c"), (Color::DarkGray, Color::White));
    // A rating the desk gives no colour is bold text alone.
    assert_eq!(badge("f"), (Color::Reset, Color::Reset));
    let screen = crate::app::testing::screen(&app);
    assert!(screen.contains(" CORRECT "), "{screen}");
    assert!(screen.contains(" NO EVIDENC"), "{screen}");
    let problems = problems_listed(&app);
    assert_eq!(
        problems,
        [format!(
            "{}:24:15: error: unknown rating `false`: use one of correct, partly, wrong, \
             satire, no-evidence",
            path.display()
        )]
    );
}

#[test]
fn a_desk_scale_of_five_ratings_sorts_and_tags_in_the_desks_own_words() {
    let (_dir, path, mut app) = five_rating_desk();
    // File order, date, then rating: the desk's order, then the untagged (the verdict off the
    // scale is not read, as its problem says).
    press(&mut app, "ss");
    assert_eq!(
        crate::app::testing::listed(&app),
        ["b", "a", "c", "f", "d", "e"]
    );
    press(&mut app, "gjjjj");
    assert_eq!(crate::app::testing::selected_id(&app), "d");
    press(&mut app, "v");
    let screen = crate::app::testing::screen(&app);
    assert!(
        screen.contains(" CORRECT     Right in every way that matters"),
        "{screen}"
    );
    assert!(screen.contains("5  NO EVIDENCE"), "{screen}");
    assert!(screen.contains("1-5 or"), "{screen}");
    assert!(!screen.contains("MOST TRUE"), "{screen}");
    press(&mut app, "2<enter>");
    let tagged = crate::store::load_file(&path, &app.scale);
    let d = tagged.claims.iter().find(|c| c.id == "d").unwrap();
    assert_eq!(
        d.verdict.as_ref().map(|v| v.rating.as_str()),
        Some("partly")
    );
    assert_eq!(tagged.problems.len(), 1, "{:?}", tagged.problems);
}

#[test]
fn a_bad_desk_file_leaves_the_default_scale_and_says_so_until_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let desk_file = dir.path().join(crate::desk::DESK_FILE);
    std::fs::write(
        &desk_file,
        "scale:\n  ratings:\n    - id: a\n      colour: pink\n",
    )
    .unwrap();
    let mut app = app_with(&[], 120, 40, Theme { color: true });
    app.use_desk(crate::desk::find(&[dir.path().to_path_buf()]));
    assert_eq!(app.scale, RatingScale::default());
    let expected = format!(
        "{}:4:15: error: unknown colour `pink`: use one of",
        desk_file.display()
    );
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(
        status.ends_with("using the default rating scale until the desk file is fixed"),
        "{status}"
    );
    // The problem stays listed across a reload.
    press(&mut app, "r");
    let problems = problems_listed(&app);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with(&expected), "{problems:?}");
}

#[test]
fn the_name_verdicts_are_tagged_as_shows_whole_at_80_columns() {
    let mut app = sample(80, 24);
    app.reviewer = Some("Priya Sharma".to_string());
    press(&mut app, "/telegram");
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let title: String = (0..40).map(|x| buffer[(x, 0)].symbol()).collect();
    assert!(title.contains("as Priya Sharma"), "{title}");
}
