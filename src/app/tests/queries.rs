//! The query language in the search box: fields filter, a query that does not parse never
//! loses the list, and a verdict note tagged here is found at once.

use super::*;

#[test]
fn fields_in_the_search_box_filter_and_the_title_shows_the_query() {
    let mut app = sample_app();
    press(&mut app, "/rating:unproven<enter>");
    assert_eq!(listed(&app), ["obrien-deep-rooted-conspiracy"]);
    assert!(screen(&app).contains("filter: \"rating:unproven\""));
    press(
        &mut app,
        "/<bs><bs><bs><bs><bs><bs><bs><bs>untagged claimant:o’brien<enter>",
    );
    assert_eq!(
        listed(&app),
        [
            "obrien-threat-to-government-organs",
            "obrien-tip-of-the-iceberg"
        ]
    );
}

#[test]
fn a_query_that_does_not_parse_keeps_the_list_and_says_why() {
    let mut app = sample_app();
    send(&mut app, Message::Key(KeyEvent::from(KeyCode::Char('/'))));
    send(&mut app, Message::Paste("is:tagged".into()));
    let tagged = [
        "cowin-data-via-telegram-bot",
        "obrien-deep-rooted-conspiracy",
    ];
    assert_eq!(listed(&app), tagged);
    // Typed key by key, `rating` would first be searched as a word: pasted, it is not.
    send(&mut app, Message::Paste(" rating:fa".into()));
    let error = app.query_error.as_ref().expect("an error");
    assert_eq!(error.at, 18);
    assert_eq!(
        listed(&app),
        tagged,
        "the last query that parsed still filters"
    );
    assert_eq!(app.filter.query.text(), "is:tagged");
    let bottom = screen(&app).lines().last().unwrap_or_default().to_string();
    assert!(
        bottom.starts_with("/is:tagged rating:fa  unknown rating `fa` at 18; ratings: true"),
        "{bottom}"
    );

    press(&mut app, "<enter>");
    assert!(
        app.search.is_some(),
        "Enter does not take a query that does not parse"
    );
    press(&mut app, "lse");
    assert!(app.query_error.is_none());
    assert!(listed(&app).is_empty(), "no claim is rated false");
    press(
        &mut app,
        "<bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs>\"",
    );
    assert_eq!(app.query_error.as_ref().map(|e| e.at), Some(10));
    press(&mut app, "<esc>");
    assert!(app.search.is_none() && app.query_error.is_none());
    assert_eq!(app.view.len(), 6);
}

#[test]
fn a_note_tagged_here_is_found_at_once_and_undo_forgets_it() {
    let (_dir, path) = sample_copy();
    let mut app = app_with(&[&path], 120, 40, Theme { color: true });
    press(&mut app, "/screenshot");
    assert!(app.view.is_empty());
    press(&mut app, "<esc>v5forged screenshot<enter>");
    assert_eq!(
        verdict_on_disk(&path, "cowin-data-available-online").and_then(|v| v.note),
        Some("forged screenshot".to_string())
    );
    press(&mut app, "/screenshot<enter>");
    assert_eq!(listed(&app), ["cowin-data-available-online"]);
    press(&mut app, "<esc>u/screenshot");
    assert!(app.view.is_empty(), "{:?}", listed(&app));
}
