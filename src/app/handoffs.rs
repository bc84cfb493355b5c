//! The selected claim handed to the world outside the dashboard: its urls to the browser, its
//! id or its citation to the clipboard. Here the app only asks; the event loop does the work
//! ([`Effect::OpenUrl`], [`Effect::Copy`]) and reports back, and the status bar says how it
//! went.

use super::{App, Effect, Link, Popup};
use crate::clipboard::{Carried, LIMIT};
use crate::keymap::Action;
use crate::model::Claim;
use crate::web::WebUrl;

/// Characters of a refused url the status bar quotes.
const QUOTED: usize = 60;

impl App {
    /// What `action` (open a url, copy the id, copy the citation) hands off from the selected
    /// claim.
    pub(super) fn hand_off(&mut self, action: Action) -> Option<Effect> {
        let Some(claim) = self.selected_claim() else {
            self.fail("no claim selected".to_string());
            return None;
        };
        match action {
            Action::CopyId => Some(Effect::Copy {
                text: claim.id.to_string(),
                what: format!("the id `{}`", claim.id),
            }),
            Action::CopyClaim => {
                let (text, what) = citation(claim);
                Some(Effect::Copy { text, what })
            }
            Action::OpenUrl => {
                let id = claim.id.to_string();
                let mut links = links(claim);
                match links.len() {
                    0 => {
                        self.fail(
                            "this claim has no url: neither its source nor a rebuttal names one"
                                .to_string(),
                        );
                        None
                    }
                    1 => self.open_link(&links.remove(0).url),
                    _ => {
                        self.popup = Some(Popup::UrlChooser {
                            id,
                            links,
                            selected: 0,
                        });
                        None
                    }
                }
            }
            _ => None,
        }
    }

    /// Asks for `url` to be opened in the browser when it is a web url; says why not when it
    /// is not.
    pub(super) fn open_link(&mut self, url: &str) -> Option<Effect> {
        match WebUrl::parse(url) {
            Some(url) => Some(Effect::OpenUrl(url)),
            None => {
                self.fail(format!(
                    "not opened: only http and https urls are (`{}`)",
                    abbreviated(url.trim())
                ));
                None
            }
        }
    }

    pub(super) fn url_opened(&mut self, url: &WebUrl, result: Result<(), String>) {
        match result {
            Ok(()) => self.inform(format!("opened in the browser: {url}")),
            Err(why) => self.fail(format!("cannot open the browser ({why}): {url}")),
        }
    }

    pub(super) fn copied(&mut self, what: &str, result: Result<Carried, String>) {
        match result {
            Ok(Carried::Whole) => self.inform(format!("copied {what}")),
            Ok(Carried::Cut { total }) => self.inform(format!(
                "copied the first {} KB of {what} ({} KB): terminals take no more",
                LIMIT / 1024,
                total.div_ceil(1024)
            )),
            Err(why) => self.fail(format!("cannot copy {what}: {why}")),
        }
    }
}

/// The claim's urls, the source's first, as in the file (blank ones left out).
fn links(claim: &Claim) -> Vec<Link> {
    let source = claim.source.as_deref().and_then(|source| {
        let whose = match &source.name {
            Some(name) => format!("source, {name}"),
            None => "source".to_string(),
        };
        Some((whose, source.url.as_ref()?))
    });
    let rebuttals = claim.rebuttals.iter().filter_map(|rebuttal| {
        let url = rebuttal.url.as_ref()?;
        Some((format!("rebuttal by {}", rebuttal.by), url))
    });
    source
        .into_iter()
        .chain(rebuttals)
        .filter(|(_, url)| !url.trim().is_empty())
        .map(|(whose, url)| Link {
            whose,
            url: url.trim().to_string(),
        })
        .collect()
}

/// The claim as one would quote it, and what that holds, for the status bar: the assertion,
/// then who said it and when, then the source's name and its url, each on a line of its own.
fn citation(claim: &Claim) -> (String, String) {
    let mut lines = vec![claim.assertion.trim().to_string()];
    let mut said = format!("— {}", claim.claimant);
    if let Some(date) = claim.date {
        said.push_str(&format!(", {date}"));
    }
    lines.push(said);
    let mut held = vec!["claimant"];
    let source = claim.source.as_deref();
    if let Some(name) = source.and_then(|s| s.name.as_deref()) {
        lines.push(format!("Source: {name}"));
        held.push("source");
    }
    if let Some(url) = source.and_then(|s| s.url.as_deref()) {
        lines.push(url.trim().to_string());
        held.push("url");
    }
    let last = held.pop().unwrap_or_default();
    let what = if held.is_empty() {
        format!("the assertion with its {last}")
    } else {
        format!("the assertion with its {} and {last}", held.join(", "))
    };
    (lines.join("\n"), what)
}

/// `text` cut to [`QUOTED`] characters, with `…` when something was cut.
fn abbreviated(text: &str) -> String {
    match text.char_indices().nth(QUOTED) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}
