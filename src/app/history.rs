//! The history panel (`H`): the app asks for the selected claim's history ([`Effect::ReadHistory`]),
//! the event loop reads it from git on a thread, and the panel shows what came back. The
//! editors' filter (`C`) asks the same way for the claims changed since the last `git pull`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use compact_str::CompactString;

use super::{App, Effect, Popup, counted};
use crate::history::{Change, HistoryError, LAST_PULL};

/// The claims whose verdict changed since `revision`, which alone the list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedSince {
    pub revision: String,
    pub ids: BTreeSet<CompactString>,
}

impl App {
    /// Asks for the selected claim's history, read in the repository that holds its file.
    pub(super) fn read_history(&mut self) -> Option<Effect> {
        let Some(claim) = self.selected_claim() else {
            self.fail("no claim selected".to_string());
            return None;
        };
        let id = claim.id.to_string();
        let dir = claim
            .origin
            .path
            .parent()
            .map(|dir| dir.to_path_buf())
            .unwrap_or_default();
        self.inform(format!("reading the history of `{id}` from git…"));
        Some(Effect::ReadHistory { id, dir })
    }

    /// Shows the history read for claim `id`, unless another popup was opened meanwhile; no
    /// repository or a shallow clone is said in the status bar.
    pub(super) fn history_read(&mut self, id: String, result: Result<Vec<Change>, HistoryError>) {
        match result {
            Ok(changes) if self.popup.is_none() => {
                let count = counted(changes.len(), "change", "changes");
                self.inform(format!("the history of `{id}`: {count}"));
                self.popup = Some(Popup::History {
                    id,
                    changes,
                    scroll: 0,
                });
            }
            Ok(_) => {}
            Err(no_history) if no_history.is_no_history() => self.inform(no_history.to_string()),
            Err(failed) => self.fail(format!("no history for `{id}`: {failed}")),
        }
    }

    /// Shows all claims again when only the changed ones are listed; else asks which claims
    /// changed since the last pull, in the repository of the opened paths.
    pub(super) fn toggle_changed_since(&mut self) -> Option<Effect> {
        if let Some(changed) = self.changed_since.take() {
            self.refresh_view();
            self.inform(format!(
                "all claims: no longer only those changed since {}",
                changed.revision
            ));
            return None;
        }
        let dir = self
            .paths
            .first()
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."));
        self.inform(format!(
            "finding the claims changed since {LAST_PULL} (the last git pull)…"
        ));
        Some(Effect::ReadChangedSince {
            revision: LAST_PULL.to_string(),
            dir,
        })
    }

    /// Lists only the claims changed since `revision`, or says why that cannot be known.
    pub(super) fn changed_since_read(
        &mut self,
        revision: String,
        result: Result<BTreeSet<CompactString>, HistoryError>,
    ) {
        match result {
            Ok(ids) => {
                let count = counted(ids.len(), "claim", "claims");
                self.inform(format!(
                    "{count} changed since {revision}: C again lists all"
                ));
                self.changed_since = Some(ChangedSince { revision, ids });
                self.refresh_view();
            }
            Err(no_history) if no_history.is_no_history() => self.inform(no_history.to_string()),
            Err(failed) => self.fail(format!("cannot tell what changed: {failed}")),
        }
    }
}
