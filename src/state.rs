//! What the dashboard remembers between runs, per set of opened folders: the selected claim,
//! the search and the sort. Kept in the platform's state folder (`~/.local/state/claimdesk` on
//! Linux), one small file per set of folders, and never in the claims repository.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use crate::search::Sort;

/// Names the state folder instead of the platform's (an empty value: remember nothing).
pub const STATE_ENV: &str = "CLAIMDESK_STATE_DIR";

/// The dashboard's state worth keeping across a restart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UiState {
    /// The opened folders, for whoever reads the file.
    pub folders: Vec<PathBuf>,
    /// The selected claim's id.
    pub selected: Option<String>,
    /// The search query's text.
    pub query: String,
    pub sort: Sort,
    pub reversed: bool,
}

/// The folder the state files are in.
#[derive(Debug, Clone)]
pub struct StateDir {
    dir: PathBuf,
}

impl StateDir {
    /// `$CLAIMDESK_STATE_DIR` when set (empty: none), else the platform's state folder, or
    /// its local data folder where it has no state folder (macOS, Windows).
    pub fn platform() -> Option<Self> {
        match std::env::var_os(STATE_ENV) {
            Some(dir) if dir.is_empty() => None,
            Some(dir) => Some(Self::at(PathBuf::from(dir))),
            None => directories::ProjectDirs::from("", "", "claimdesk").map(|dirs| {
                let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
                Self::at(dir.join("state"))
            }),
        }
    }

    pub fn at(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The state remembered for `folders`; `None` when there is none or it cannot be read
    /// (it is only a convenience: the dashboard opens as new).
    pub fn load(&self, folders: &[PathBuf]) -> Option<UiState> {
        let text = std::fs::read(self.file(folders)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Remembers `state` for `folders`, replacing the file at once. Refuses a state folder
    /// inside one of the opened folders: the state never goes into the claims repository.
    pub fn save(&self, folders: &[PathBuf], state: &UiState) -> io::Result<()> {
        let dir = absolute(&self.dir);
        if let Some(folder) = canonical(folders).into_iter().find(|f| dir.starts_with(f)) {
            return Err(io::Error::other(format!(
                "the state folder {} is inside the opened folder {}: set {STATE_ENV} to a \
                 folder outside the claims",
                dir.display(),
                folder.display()
            )));
        }
        std::fs::create_dir_all(&self.dir)?;
        let file = tempfile::NamedTempFile::new_in(&self.dir)?;
        serde_json::to_writer_pretty(
            file.as_file(),
            &UiState {
                folders: canonical(folders),
                ..state.clone()
            },
        )?;
        file.persist(self.file(folders)).map_err(|e| e.error)?;
        Ok(())
    }

    /// The state file of `folders`: a hash of their canonical paths.
    fn file(&self, folders: &[PathBuf]) -> PathBuf {
        let key: Vec<String> = canonical(folders)
            .iter()
            .map(|f| f.display().to_string())
            .collect();
        let hash = xxh3_128(key.join("\n").as_bytes());
        self.dir.join(format!("{hash:032x}.json"))
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn canonical(folders: &[PathBuf]) -> Vec<PathBuf> {
    folders.iter().map(|f| absolute(f)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> UiState {
        UiState {
            selected: Some("a-claim".to_string()),
            query: "rating:false leak".to_string(),
            sort: Sort::Date,
            reversed: true,
            ..UiState::default()
        }
    }

    #[test]
    fn the_state_comes_back_for_the_same_folders_only() {
        let home = tempfile::tempdir().unwrap();
        let claims = tempfile::tempdir().unwrap();
        let other = tempfile::tempdir().unwrap();
        let dir = StateDir::at(home.path().join("state"));
        let folders = vec![claims.path().to_path_buf()];
        assert_eq!(dir.load(&folders), None);
        dir.save(&folders, &state()).unwrap();
        let loaded = dir.load(&folders).unwrap();
        assert_eq!(
            (loaded.selected, loaded.sort),
            (state().selected, Sort::Date)
        );
        assert_eq!(loaded.query, state().query);
        assert!(loaded.reversed);
        // The same folder by another spelling is the same folder.
        let spelled = vec![claims.path().join(".")];
        assert!(dir.load(&spelled).is_some());
        assert_eq!(dir.load(&[other.path().to_path_buf()]), None);
    }

    #[test]
    fn nothing_is_written_into_the_claims_folder() {
        let claims = tempfile::tempdir().unwrap();
        let folders = vec![claims.path().to_path_buf()];
        let outside = tempfile::tempdir().unwrap();
        StateDir::at(outside.path().to_path_buf())
            .save(&folders, &state())
            .unwrap();
        let inside = StateDir::at(claims.path().join(".state"));
        let refused = inside.save(&folders, &state()).unwrap_err().to_string();
        assert!(refused.contains("inside the opened folder"), "{refused}");
        let written: Vec<_> = std::fs::read_dir(claims.path()).unwrap().collect();
        assert!(written.is_empty(), "{written:?}");
    }

    #[test]
    fn an_unreadable_state_file_is_no_state() {
        let home = tempfile::tempdir().unwrap();
        let claims = tempfile::tempdir().unwrap();
        let dir = StateDir::at(home.path().to_path_buf());
        let folders = vec![claims.path().to_path_buf()];
        std::fs::write(dir.file(&folders), "{not json").unwrap();
        assert_eq!(dir.load(&folders), None);
    }
}
