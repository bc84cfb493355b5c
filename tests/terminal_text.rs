//! The dashboard in a real terminal, tmux, which (like most terminals) lays text out its own
//! way rather than as `unicode-width` counts: every code point of Hindi, Bengali, Tamil and
//! accented Latin claims reaches the screen in order, and nothing else is left on a row, after
//! scrolling, searching and resizing.
//!
//! `.ci/run` installs tmux. Elsewhere, without tmux, the test says it was skipped, unless
//! `CLAIMDESK_REQUIRE_TMUX` is set (as CI sets it).

mod support;

use std::path::Path;

use claimdesk::model::RatingScale;
use claimdesk::store::load_file;

use support::tmux::Tmux;

struct Expected {
    id: String,
    assertion: String,
    claimant: String,
}

/// `text` without its blanks: cells a cluster is drawn over, padding and spaces alike.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What follows the start of `full` that `shown` begins with: all of `full`, or as much of it
/// as fits and an ellipsis. An error when a code point is missing or out of order.
fn after_prefix<'a>(shown: &'a str, full: &str) -> Result<&'a str, String> {
    let common: usize = shown
        .chars()
        .zip(full.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let rest = &shown[common..];
    if common == full.len() {
        return Ok(rest);
    }
    match rest.strip_prefix('…') {
        Some(rest) if common > 0 => Ok(rest),
        _ => Err(format!(
            "expected the code points of {full:?}, in order; the row shows {shown:?}"
        )),
    }
}

/// Each list row that shows a claim shows, after its id, the code points of its assertion
/// and then of its claimant, in order, and nothing else; the detail shows the selected
/// claim's whole assertion.
fn check_screen(rows: &[String], claims: &[Expected], selected: &str) -> Result<(), String> {
    for row in rows {
        let Some(list_part) = row.split('│').nth(1) else {
            continue;
        };
        let list_row = squeezed(list_part);
        let Some(claim) = claims.iter().find(|c| list_row.contains(&c.id)) else {
            continue;
        };
        let after_id = &list_row[list_row.find(&claim.id).unwrap_or(0) + claim.id.len()..];
        let rest = after_prefix(after_id, &squeezed(&claim.assertion))?;
        let rest = if rest.is_empty() {
            rest
        } else {
            after_prefix(rest, &squeezed(&claim.claimant))?
        };
        if !rest.is_empty() {
            return Err(format!("{rest:?} left on the row of {}", claim.id));
        }
    }
    let claim = claims.iter().find(|c| c.id == selected).expect("a claim");
    let detail: String = rows
        .iter()
        .filter_map(|row| row.split('│').nth(3))
        .map(squeezed)
        .collect();
    if detail.contains(&squeezed(&claim.assertion)) {
        Ok(())
    } else {
        Err(format!("the detail does not show {:?}", claim.assertion))
    }
}

fn status_shows(rows: &[String], position: &str) -> Result<(), String> {
    match rows.last() {
        Some(status) if status.contains(position) => Ok(()),
        _ => Err(format!("the status bar does not show {position}")),
    }
}

#[test]
fn every_code_point_of_every_script_reaches_the_screen_in_order() {
    let claims_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scripts");
    let file = load_file(&claims_dir.join("scripts.yaml"), &RatingScale::default());
    assert!(file.problems.is_empty(), "{:?}", file.problems);
    let claims: Vec<Expected> = file
        .claims
        .iter()
        .map(|c| Expected {
            id: c.id.to_string(),
            assertion: c.assertion.to_string(),
            claimant: c.claimant.to_string(),
        })
        .collect();
    let total = claims.len();
    let claims_arg = claims_dir.to_str().expect("a UTF-8 path");
    let Some(tmux) = Tmux::start(&claims_dir, &[claims_arg], 100, 16) else {
        return;
    };

    // Scrolling through every claim, in a window that shows fewer than all of them.
    for (i, claim) in claims.iter().enumerate() {
        let position = format!("{}/{total}", i + 1);
        tmux.wait_until(&format!("at {}", claim.id), |rows| {
            status_shows(rows, &position)?;
            check_screen(rows, &claims, &claim.id)
        });
        tmux.keys(&["j"]);
    }

    // Searching narrows the list and highlights matches in the rows.
    tmux.keys(&["g", "/", "ফাঁস"]);
    let found = ["bn-vaccine-data", "bn-old-breach"];
    tmux.wait_until("searching", |rows| {
        let listed = rows
            .iter()
            .filter_map(|row| row.split('│').nth(1))
            .filter(|row| found.iter().any(|id| row.contains(id)));
        if listed.count() != found.len() {
            return Err("the search does not list its two matches".into());
        }
        check_screen(rows, &claims, found[0])
    });
    // Clearing the search keeps the claim selected.
    tmux.keys(&["Escape"]);
    tmux.wait_until("after the search", |rows| {
        status_shows(rows, &format!("4/{total}"))?;
        check_screen(rows, &claims, found[0])
    });

    // Resizing redraws every row without leaving marks behind.
    for (width, height) in [(120u16, 30u16), (80, 24), (100, 16)] {
        tmux.run(&[
            "resize-window",
            "-t",
            "0",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
        tmux.wait_until(&format!("at {width}x{height}"), |rows| {
            if rows.len() != usize::from(height) {
                return Err(format!("{} rows", rows.len()));
            }
            status_shows(rows, &format!("4/{total}"))?;
            check_screen(rows, &claims, found[0])
        });
    }
}
