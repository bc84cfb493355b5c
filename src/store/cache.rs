//! The warm-start cache: parsed claim files, keyed by path, size, modification time and a
//! content hash, in the platform cache folder.
//!
//! The file is always read and hashed, so an entry can never be stale: a file rewritten with
//! the same size and modification time still misses. What the cache saves is the parse.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use super::load::{LoadedFile, load_text, read_claim_file};
use crate::model::RatingScale;

/// Bump when the shape of [`LoadedFile`] or the loader's checks change.
const FORMAT: u32 = 2;

/// Everything an entry's validity depends on; stored ahead of the payload.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct EntryKey {
    format: u32,
    version: String,
    path: PathBuf,
    size: u64,
    modified_ns: u128,
    content_hash: u128,
    ratings: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// `$CLAIMDESK_CACHE_DIR` when set (an empty value turns caching off), else the platform
    /// cache folder (`~/.cache/claimdesk` on Linux).
    pub fn platform() -> Option<Self> {
        match std::env::var_os("CLAIMDESK_CACHE_DIR") {
            Some(dir) if dir.is_empty() => None,
            Some(dir) => Some(Self::at(PathBuf::from(dir))),
            None => directories::ProjectDirs::from("", "", "claimdesk")
                .map(|dirs| Self::at(dirs.cache_dir().join("parsed"))),
        }
    }

    pub fn at(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// Loads `path`, from the cache when its entry matches the file as it is now.
    pub fn load(&self, path: &Path, scale: &RatingScale) -> LoadedFile {
        let bytes = match read_claim_file(path) {
            Ok(bytes) => bytes,
            Err(problem) => return LoadedFile::failed(path, problem),
        };
        let Some(key) = self.key(path, &bytes, scale) else {
            return load_text(path, &bytes, scale);
        };
        let entry = self.entry_path(path);
        if let Some(file) = read_entry(&entry, &key, path) {
            return file;
        }
        let file = load_text(path, &bytes, scale);
        // A cache that cannot be written only costs speed next time.
        let _ = self.write_entry(&entry, &key, &file);
        file
    }

    fn key(&self, path: &Path, bytes: &[u8], scale: &RatingScale) -> Option<EntryKey> {
        let meta = fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(EntryKey {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_string(),
            path: fs::canonicalize(path).ok()?,
            size: meta.len(),
            modified_ns: modified.as_nanos(),
            content_hash: xxh3_128(bytes),
            ratings: scale.ratings().to_vec(),
        })
    }

    fn entry_path(&self, path: &Path) -> PathBuf {
        let name = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let hash = xxh3_128(name.as_os_str().as_encoded_bytes());
        self.dir.join(format!("{hash:032x}.bin"))
    }

    fn write_entry(&self, entry: &Path, key: &EntryKey, file: &LoadedFile) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let mut bytes = postcard::to_allocvec(key).map_err(std::io::Error::other)?;
        bytes.extend(postcard::to_allocvec(file).map_err(std::io::Error::other)?);
        let mut temp = tempfile::NamedTempFile::new_in(&self.dir)?;
        temp.write_all(&bytes)?;
        temp.persist(entry).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The entry for the file that this run spells `path`. Entries are keyed by the canonical
/// path, so the one found may have been stored under another spelling (from another folder,
/// through a link): every path in it becomes this run's, or a tag would be written (and a
/// problem reported) where that other run's relative path points from here.
fn read_entry(entry: &Path, key: &EntryKey, path: &Path) -> Option<LoadedFile> {
    let bytes = fs::read(entry).ok()?;
    let (stored, payload) = postcard::take_from_bytes::<EntryKey>(&bytes).ok()?;
    if &stored != key {
        return None;
    }
    let mut file: LoadedFile = postcard::from_bytes(payload).ok()?;
    file.path = path.to_path_buf();
    for problem in &mut file.problems {
        problem.path = path.to_path_buf();
    }
    // One shared path for all claims of the file, as a fresh load has.
    let shared: Arc<Path> = Arc::from(path);
    for claim in &mut file.claims {
        claim.origin.path = Arc::clone(&shared);
    }
    Some(file)
}

#[cfg(test)]
mod tests {
    use std::fs::File;

    use super::*;

    const CLAIM: &str = "claims:\n  - id: a\n    assertion: x\n    claimant: y\n";

    fn setup() -> (tempfile::TempDir, PathBuf, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.yaml");
        fs::write(&file, CLAIM).unwrap();
        let cache = Cache::at(dir.path().join("cache"));
        (dir, file, cache)
    }

    #[test]
    fn second_load_comes_from_the_cache_and_equals_the_first() {
        let (_dir, file, cache) = setup();
        let scale = RatingScale::default();
        let first = cache.load(&file, &scale);
        let entries = fs::read_dir(cache.dir.clone()).unwrap().count();
        assert_eq!(entries, 1);
        let second = cache.load(&file, &scale);
        assert_eq!(first.claims, second.claims);
        assert_eq!(second.claims[0].id, "a");
    }

    #[test]
    fn a_change_with_the_same_size_and_mtime_still_shows() {
        let (_dir, file, cache) = setup();
        let scale = RatingScale::default();
        cache.load(&file, &scale);
        let modified = fs::metadata(&file).unwrap().modified().unwrap();
        fs::write(&file, CLAIM.replace("id: a", "id: b")).unwrap();
        File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert_eq!(fs::metadata(&file).unwrap().len() as usize, CLAIM.len());
        assert_eq!(cache.load(&file, &scale).claims[0].id, "b");
    }

    /// The same file by other spellings: a claim's origin (where a tag is written), the
    /// file's path and its problems' paths are always the spelling of this load.
    #[test]
    fn an_entry_read_by_another_spelling_carries_that_spelling() {
        let (dir, file, cache) = setup();
        fs::write(
            &file,
            "claims:\n  - id: a\n    assertion: x\n    claimant: y\n    colour: red\n",
        )
        .unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(dir.path(), &link).unwrap();
        let scale = RatingScale::default();
        cache.load(&file, &scale);
        for spelling in [
            link.join("c.yaml"),
            dir.path().join(".").join("c.yaml"),
            link.join("..")
                .join(dir.path().file_name().unwrap())
                .join("c.yaml"),
        ] {
            let loaded = cache.load(&spelling, &scale);
            assert_eq!(loaded.path, spelling);
            assert_eq!(*loaded.claims[0].origin.path, *spelling);
            assert_eq!(loaded.problems[0].path, spelling);
        }
        assert_eq!(fs::read_dir(&cache.dir).unwrap().count(), 1, "one entry");
    }

    #[test]
    fn problems_are_cached_too() {
        let (_dir, file, cache) = setup();
        fs::write(
            &file,
            "claims:\n  - id: A\n    assertion: x\n    claimant: y\n",
        )
        .unwrap();
        let scale = RatingScale::default();
        let first = cache.load(&file, &scale);
        let second = cache.load(&file, &scale);
        assert_eq!(first.problems.len(), 1);
        assert_eq!(first.problems, second.problems);
    }
}
