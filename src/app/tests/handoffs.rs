//! Hand-offs: `o` asks for a url to be opened, `y` and `Y` for text to be copied; the event
//! loop's report ends up in the status bar.

use super::*;
use crate::app::testing::{LONG_URL, links_app};
use crate::clipboard::{Carried, LIMIT};
use crate::web::WebUrl;

fn web(url: &str) -> WebUrl {
    WebUrl::parse(url).expect("a web url")
}

#[test]
fn o_opens_the_only_url_at_once() {
    let mut app = links_app();
    press(&mut app, "j");
    assert_eq!(press(&mut app, "o"), Some(Effect::OpenUrl(web(LONG_URL))));
    assert!(app.popup.is_none());
}

#[test]
fn o_with_rebuttal_urls_asks_which_and_a_number_or_enter_opens_it() {
    let mut app = links_app();
    assert_eq!(press(&mut app, "o"), None);
    let Some(Popup::UrlChooser { links, .. }) = &app.popup else {
        panic!("no chooser: {:?}", app.popup);
    };
    let whose: Vec<&str> = links.iter().map(|l| l.whose.as_str()).collect();
    assert_eq!(
        whose,
        [
            "source, News report",
            "rebuttal by Fact desk",
            "rebuttal by Blogger"
        ]
    );
    let shown = screen(&app);
    assert!(shown.contains("not http or https: not opened"), "{shown}");
    assert_eq!(
        press(&mut app, "2"),
        Some(Effect::OpenUrl(web("https://example.net/rebuttal")))
    );
    assert!(app.popup.is_none());
    press(&mut app, "o");
    assert_eq!(press(&mut app, "4"), None, "there is no fourth url");
    assert!(app.popup.is_some());
    assert_eq!(
        press(&mut app, "<enter>"),
        Some(Effect::OpenUrl(web(
            "https://example.org/report?id=1&x=2&q=$(touch${IFS}pwned)"
        )))
    );
}

#[test]
fn a_url_that_is_not_http_or_https_is_refused_with_a_message() {
    let mut app = links_app();
    assert_eq!(press(&mut app, "o3"), None);
    assert!(app.popup.is_none());
    assert_eq!(
        status(&app),
        (
            "not opened: only http and https urls are (`javascript:alert(1)`)",
            Tone::Error
        )
    );
}

#[test]
fn o_on_a_claim_without_urls_says_so() {
    let mut app = links_app();
    assert_eq!(press(&mut app, "jjo"), None);
    assert_eq!(status(&app).1, Tone::Error);
    assert!(status(&app).0.contains("no url"), "{:?}", app.status);
}

#[test]
fn the_browsers_answer_is_told() {
    let mut app = links_app();
    let url = web("https://example.net/rebuttal");
    send(
        &mut app,
        Message::UrlOpened {
            url: url.clone(),
            result: Ok(()),
        },
    );
    assert_eq!(
        status(&app),
        (
            "opened in the browser: https://example.net/rebuttal",
            Tone::Info
        )
    );
    let result = Err("no opener found".to_string());
    send(&mut app, Message::UrlOpened { url, result });
    assert_eq!(status(&app).1, Tone::Error);
    assert!(status(&app).0.contains("no opener found"));
}

#[test]
fn y_copies_the_id_and_shift_y_the_assertion_with_its_source_and_url() {
    let mut app = links_app();
    assert_eq!(
        press(&mut app, "y"),
        Some(Effect::Copy {
            text: "with-urls".to_string(),
            what: "the id `with-urls`".to_string(),
        })
    );
    assert_eq!(
        press(&mut app, "Y"),
        Some(Effect::Copy {
            text: "The data leaked.\n— A Minister, 2023-06-12\nSource: News report\n\
                   https://example.org/report?id=1&x=2&q=$(touch${IFS}pwned)"
                .to_string(),
            what: "the assertion with its claimant, source and url".to_string(),
        })
    );
    let Some(Effect::Copy { what, .. }) = press(&mut app, "jjY") else {
        panic!("nothing to copy");
    };
    assert_eq!(what, "the assertion with its claimant and source");
}

#[test]
fn the_status_bar_says_what_was_copied_and_when_it_was_cut() {
    let mut app = links_app();
    let what = "the id `with-urls`".to_string();
    let result = Ok(Carried::Whole);
    send(&mut app, Message::Copied { what, result });
    assert_eq!(status(&app), ("copied the id `with-urls`", Tone::Info));
    let what = "the assertion with its claimant".to_string();
    let result = Ok(Carried::Cut { total: 3 * LIMIT });
    send(&mut app, Message::Copied { what, result });
    assert_eq!(
        status(&app).0,
        "copied the first 100 KB of the assertion with its claimant (300 KB): terminals take no more"
    );
}
