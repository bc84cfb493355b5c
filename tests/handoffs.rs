//! Hand-offs from the real binary: `o` gives a url to the desktop's opener as one argument and
//! never to a shell, `y` and `Y` put text on the clipboard through OSC 52, in a pseudo-terminal
//! and in tmux.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::Instant;

use support::tmux::Tmux;
use support::{Dashboard, POLL, TIMEOUT};

/// The source url of the first claim of the fixture: a shell would run `touch pwned` for it.
const SOURCE_URL: &str = "https://example.org/report?id=1&x=2&q=$(touch${IFS}pwned)";

/// A folder holding `data/links.yaml`, the claims with urls.
fn links_desk() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/links/links.yaml");
    std::fs::copy(fixture, data.join("links.yaml")).unwrap();
    dir
}

/// A folder of its own holding an executable `name` that runs `body`, for the front of `PATH`.
fn fake_program(dir: &Path, name: &str, body: &str) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let program = bin.join(name);
    std::fs::write(&program, format!("#!/bin/sh\n{body}")).unwrap();
    let mode = std::os::unix::fs::PermissionsExt::from_mode(0o755);
    std::fs::set_permissions(&program, mode).unwrap();
    bin
}

/// The text of `path` once it exists: the opener runs detached from the dashboard.
fn wait_for_file(path: &Path) -> String {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        assert!(Instant::now() < deadline, "{} never came", path.display());
        thread::sleep(POLL);
    }
}

#[test]
fn o_hands_the_chosen_url_to_the_opener_as_one_argument_and_never_to_a_shell() {
    let desk = links_desk();
    // `open` runs `xdg-open URL` on Linux: this one records its arguments, one a line, then
    // moves them into place whole.
    let bin = fake_program(
        desk.path(),
        "xdg-open",
        "{ printf '%s\\n' \"$#\"; printf '%s\\n' \"$@\"; } > \"$0.tmp\" && mv \"$0.tmp\" \"$0.args\"\n",
    );
    let opened = bin.join("xdg-open.args");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut dashboard = Dashboard::open_with_env(desk.path(), &["data/"], &[("PATH", &path)]);
    dashboard.wait_for_text("Claims 3/3");

    dashboard.send("o");
    dashboard.wait_for_text("Open a url");
    dashboard.send("1");
    dashboard.wait_for_text("opened in the browser: https://example.org/report?id=1&x=2");
    assert_eq!(wait_for_file(&opened), format!("1\n{SOURCE_URL}\n"));
    assert!(
        !desk.path().join("pwned").exists(),
        "a shell ran the url's command"
    );

    // A url that is not http or https is refused, and nothing runs.
    std::fs::remove_file(&opened).unwrap();
    dashboard.send("o3");
    dashboard.wait_for_text("not opened: only http and https urls are (`javascript:alert(1)`)");
    assert!(!opened.exists(), "the opener ran");
    dashboard.send("q");
    assert!(dashboard.wait_for_exit().success());
}

/// The texts of the OSC 52 sequences in `output`, in order, decoded by coreutils' `base64`.
fn clipboard_texts(output: &[u8]) -> Vec<String> {
    const START: &[u8] = b"\x1b]52;c;";
    let mut texts = Vec::new();
    let mut rest = output;
    while let Some(at) = rest.windows(START.len()).position(|w| w == START) {
        let payload = &rest[at + START.len()..];
        let end = payload
            .iter()
            .position(|&b| b == b'\x07')
            .expect("the sequence ends with BEL");
        let encoded = &payload[..end];
        assert!(
            encoded
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(b)),
            "not base64: {:?}",
            String::from_utf8_lossy(encoded)
        );
        let mut base64 = Command::new("base64")
            .arg("-d")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("run base64");
        base64
            .stdin
            .take()
            .expect("stdin")
            .write_all(encoded)
            .unwrap();
        let decoded = base64.wait_with_output().expect("base64 decodes");
        assert!(decoded.status.success(), "{decoded:?}");
        texts.push(String::from_utf8(decoded.stdout).expect("UTF-8"));
        rest = &payload[end..];
    }
    texts
}

#[test]
fn y_and_shift_y_put_the_id_and_the_citation_on_the_clipboard_through_osc_52() {
    let desk = links_desk();
    let mut dashboard = Dashboard::open(desk.path(), &["data/"]);
    dashboard.wait_for_text("Claims 3/3");
    assert!(clipboard_texts(&dashboard.output()).is_empty());

    dashboard.send("y");
    dashboard.wait_for_text("copied the id `with-urls`");
    dashboard.send("Y");
    dashboard.wait_for_text("copied the assertion with its claimant, source and url");
    let citation =
        format!("The data leaked.\n— A Minister, 2023-06-12\nSource: News report\n{SOURCE_URL}");
    assert_eq!(
        clipboard_texts(&dashboard.output()),
        ["with-urls".to_string(), citation]
    );
    dashboard.send("q");
    assert!(dashboard.wait_for_exit().success());
}

#[test]
fn in_tmux_with_set_clipboard_on_y_fills_a_tmux_buffer() {
    let desk = links_desk();
    let Some(tmux) = Tmux::start(desk.path(), &["data/"], 100, 30) else {
        return;
    };
    // The default, `external`, ignores what programs in tmux send.
    tmux.run(&["set-option", "-s", "set-clipboard", "on"]);
    let shows = |text: &'static str| {
        move |rows: &[String]| {
            if rows.iter().any(|row| row.contains(text)) {
                Ok(())
            } else {
                Err(format!("no {text:?}"))
            }
        }
    };
    tmux.wait_until("the claims", shows("Claims 3/3"));
    tmux.keys(&["y"]);
    // tmux reads the sequence before the status line drawn after it.
    tmux.wait_until("the copy", shows("copied the id `with-urls`"));
    assert_eq!(tmux.run(&["show-buffer"]), "with-urls");
}

/// When a screen is ready to be compared.
type Ready = dyn Fn(&str) -> bool;

/// Whether the screen shows the long url of the second claim.
fn long_url_shown(screen: &str) -> bool {
    screen.contains("http://example.com/2023/06/12/fact-check")
}

#[test]
fn hyperlinks_change_nothing_the_screen_shows_through_claims_popups_zoom_and_resizes() {
    let desk = links_desk();
    let open = |links: &str| {
        let env = [("CLAIMDESK_HYPERLINKS", links)];
        let dashboard = Dashboard::open_with_env(desk.path(), &["data/"], &env);
        dashboard.wait_for_text("Claims 3/3");
        dashboard
    };
    let (mut linked, mut plain) = (open("1"), open("0"));
    // Redrawn at `rows` rows: the status bar is the last of them.
    let redrawn = |rows: usize| {
        move |s: &str| {
            s.lines().count() == rows && s.lines().last().is_some_and(|l| l.contains("· 1/3"))
        }
    };
    // Low enough that the url chooser covers the rebuttal's url.
    let [with_links, without] = [&mut linked, &mut plain].map(|dashboard| {
        dashboard.resize(28, 120);
        dashboard.wait_for("the screen at 120x28", redrawn(28))
    });
    assert_eq!(with_links, without, "at 120x28");
    let steps: [(&str, &Ready); 6] = [
        ("o", &|s| s.contains("Open a url")),
        ("\x1b", &|s| !s.contains("Open a url")),
        ("j", &long_url_shown),
        ("z", &|s| long_url_shown(s) && !s.contains("VERDICT")),
        ("z", &|s| long_url_shown(s) && s.contains("VERDICT")),
        ("k", &|s| s.contains("https://example.net/rebuttal")),
    ];
    for (keys, ready) in steps {
        let [with_links, without] = [&mut linked, &mut plain].map(|dashboard| {
            dashboard.send(keys);
            dashboard.wait_for(&format!("the screen after {keys:?}"), ready)
        });
        assert_eq!(with_links, without, "after {keys:?}");
    }
    let [with_links, without] = [&mut linked, &mut plain].map(|dashboard| {
        dashboard.resize(30, 100);
        dashboard.wait_for("the screen at 100x30", redrawn(30))
    });
    assert_eq!(with_links, without, "at 100x30");

    let link = "\x1b]8;id=claimdesk-url-1;https://example.net/rebuttal\x1b\\\
                https://example.net/rebuttal\x1b]8;;\x1b\\";
    let output = String::from_utf8_lossy(&linked.output()).into_owned();
    assert!(output.contains(link), "no link to the rebuttal");
    assert!(
        !output.contains("\x1b]8;id=claimdesk-url-2"),
        "a link to javascript:"
    );
    let output = String::from_utf8_lossy(&plain.output()).into_owned();
    assert!(
        !output.contains("\x1b]8;"),
        "a link where none was asked for"
    );
}
