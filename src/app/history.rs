//! The history panel (`H`): the app asks for the selected claim's history ([`Effect::ReadHistory`]),
//! the event loop reads it from git on a thread, and the panel shows what came back.

use super::{App, Effect, Popup};
use crate::history::{Change, HistoryError};

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
                self.inform(format!("the history of `{id}`: {} changes", changes.len()));
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
}
