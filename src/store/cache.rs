//! The warm-start cache: parsed claim files, keyed by path, size, modification time and a
//! content hash, in the platform cache folder.
//!
//! The file is always read and hashed, so an entry can never be stale: a file rewritten with
//! the same size and modification time still misses. What the cache saves is the parse.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use super::load::{LoadedFile, load_text, read_claim_file};
use crate::model::RatingScale;

/// Bump when the shape of [`LoadedFile`] or the loader's checks change.
const FORMAT: u32 = 5;

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
        let (bytes, key) = match self.read(path, scale) {
            Ok(read) => read,
            Err(failed) => return failed,
        };
        let Some(key) = key else {
            return load_text(path, &bytes, scale);
        };
        let entry = self.entry_path(path);
        if let Some((file, _)) = read_entry::<()>(&entry, &key, path, None) {
            return file;
        }
        let file = load_text(path, &bytes, scale);
        // A cache that cannot be written only costs speed next time.
        let _ = self.write_entry::<()>(&entry, &key, &file, None);
        file
    }

    /// Loads `path` with what `derive` makes of it (a word index, say), both from the cache
    /// when its entry matches the file and holds what was derived under `name`; else both are
    /// made and stored. The cache knows nothing of what is derived, only how to keep it.
    pub fn load_with<T: Serialize + DeserializeOwned>(
        &self,
        path: &Path,
        scale: &RatingScale,
        name: &str,
        derive: impl FnOnce(&LoadedFile) -> T,
    ) -> (LoadedFile, T) {
        let with_derived = |file: LoadedFile| {
            let derived = derive(&file);
            (file, derived)
        };
        let (bytes, key) = match self.read(path, scale) {
            Ok(read) => read,
            Err(failed) => return with_derived(failed),
        };
        let Some(key) = key else {
            return with_derived(load_text(path, &bytes, scale));
        };
        let entry = self.entry_path(path);
        let (file, derived) = match read_entry(&entry, &key, path, Some(name)) {
            Some((file, Some(derived))) => return (file, derived),
            // An entry without it (written by `load`) gets it added.
            Some((file, None)) => with_derived(file),
            None => with_derived(load_text(path, &bytes, scale)),
        };
        let _ = self.write_entry(&entry, &key, &file, Some((name, &derived)));
        (file, derived)
    }

    /// What was made of an object that never changes once named (a git blob, by its id), kept
    /// under `kind`: the id alone keys it, with the cache's format and the program's version.
    pub fn object<T: DeserializeOwned>(&self, kind: &str, object_id: &str) -> Option<T> {
        let bytes = fs::read(self.object_path(kind, object_id)).ok()?;
        postcard::from_bytes(&bytes).ok()
    }

    /// Keeps `value` for [`Cache::object`]; a cache that cannot be written only costs speed.
    pub fn keep_object<T: Serialize>(&self, kind: &str, object_id: &str, value: &T) {
        let entry = self.object_path(kind, object_id);
        let write = || -> std::io::Result<()> {
            let folder = entry.parent().unwrap_or(&self.dir);
            fs::create_dir_all(folder)?;
            let bytes = postcard::to_stdvec(value).map_err(std::io::Error::other)?;
            let mut temp = tempfile::NamedTempFile::new_in(folder)?;
            std::io::Write::write_all(&mut temp, &bytes)?;
            temp.persist(&entry).map_err(|e| e.error)?;
            Ok(())
        };
        let _ = write();
    }

    fn object_path(&self, kind: &str, object_id: &str) -> PathBuf {
        let version = env!("CARGO_PKG_VERSION");
        self.dir
            .join(format!("{kind}-{FORMAT}-{version}"))
            .join(object_id)
    }

    /// The file's bytes and, when its metadata can be read, the key its entry must have.
    fn read(
        &self,
        path: &Path,
        scale: &RatingScale,
    ) -> Result<(Vec<u8>, Option<EntryKey>), LoadedFile> {
        let bytes = read_claim_file(path).map_err(|problem| LoadedFile::failed(path, problem))?;
        let key = self.key(path, &bytes, scale);
        Ok((bytes, key))
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
            ratings: scale.ids().map(str::to_string).collect(),
        })
    }

    fn entry_path(&self, path: &Path) -> PathBuf {
        let name = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let hash = xxh3_128(name.as_os_str().as_encoded_bytes());
        self.dir.join(format!("{hash:032x}.bin"))
    }

    fn write_entry<T: Serialize>(
        &self,
        entry: &Path,
        key: &EntryKey,
        file: &LoadedFile,
        derived: Option<(&str, &T)>,
    ) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let temp = tempfile::NamedTempFile::new_in(&self.dir)?;
        // Serialised straight into the file: a buffer of the whole entry, grown by doubling,
        // was copied several times over for a large file.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, temp);
        let serialise = |e: postcard::Error| std::io::Error::other(e);
        postcard::to_io(key, &mut out).map_err(serialise)?;
        postcard::to_io(file, &mut out).map_err(serialise)?;
        if let Some(derived) = derived {
            postcard::to_io(&derived, &mut out).map_err(serialise)?;
        }
        let temp = out.into_inner().map_err(|e| e.into_error())?;
        temp.persist(entry).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The entry for the file that this run spells `path`, with what was derived from it under
/// `name` when it holds that. Entries are keyed by the canonical path, so the one found may
/// have been stored under another spelling (from another folder, through a link): every path
/// in it becomes this run's, or a tag would be written (and a problem reported) where that
/// other run's relative path points from here.
fn read_entry<T: DeserializeOwned>(
    entry: &Path,
    key: &EntryKey,
    path: &Path,
    name: Option<&str>,
) -> Option<(LoadedFile, Option<T>)> {
    let bytes = fs::read(entry).ok()?;
    let (stored, payload) = postcard::take_from_bytes::<EntryKey>(&bytes).ok()?;
    if &stored != key {
        return None;
    }
    let (mut file, rest) = postcard::take_from_bytes::<LoadedFile>(payload).ok()?;
    let derived = name.and_then(|name| {
        let (stored_name, derived) = postcard::from_bytes::<(String, T)>(rest).ok()?;
        (stored_name == name).then_some(derived)
    });
    file.path = path.to_path_buf();
    for problem in &mut file.problems {
        problem.path = path.to_path_buf();
    }
    // One shared path for all claims of the file, as a fresh load has.
    let shared: Arc<Path> = Arc::from(path);
    for claim in &mut file.claims {
        claim.origin.path = Arc::clone(&shared);
    }
    Some((file, derived))
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

    /// A desk file that changes the scale changes which ratings are problems: the entry read
    /// with the old scale is not taken.
    #[test]
    fn another_scale_reads_the_file_again() {
        let (_dir, file, cache) = setup();
        fs::write(
            &file,
            format!("{CLAIM}    verdict:\n      rating: satire\n"),
        )
        .unwrap();
        let default = cache.load(&file, &RatingScale::default());
        assert_eq!(default.problems.len(), 1, "{:?}", default.problems);
        let satire = crate::model::Rating {
            id: "satire".into(),
            label: "SATIRE".into(),
            colour: None,
            description: None,
            value: None,
        };
        let desk_scale = RatingScale::new(vec![satire], None);
        let with_satire = cache.load(&file, &desk_scale);
        assert_eq!(with_satire.problems, []);
        assert_eq!(
            with_satire.claims[0].verdict.as_ref().unwrap().rating,
            "satire"
        );
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
    fn what_is_derived_from_a_file_is_kept_with_it_and_made_once() {
        let (_dir, file, cache) = setup();
        let scale = RatingScale::default();
        let made = std::cell::Cell::new(0);
        let count_claims = |loaded: &LoadedFile| {
            made.set(made.get() + 1);
            loaded.claims.len()
        };
        // An entry written by `load` gets what is derived added; then it comes from the cache.
        cache.load(&file, &scale);
        assert_eq!(cache.load_with(&file, &scale, "count", count_claims).1, 1);
        assert_eq!(cache.load_with(&file, &scale, "count", count_claims).1, 1);
        assert_eq!(made.get(), 1);
        // `load` reads past it, and leaves it in place.
        assert_eq!(cache.load(&file, &scale).claims[0].id, "a");
        cache.load_with(&file, &scale, "count", count_claims);
        assert_eq!(made.get(), 1);
        // Under another name (a new way of deriving), it is made again.
        cache.load_with(&file, &scale, "count-2", count_claims);
        assert_eq!(made.get(), 2);
        // A changed file is loaded and derived again.
        fs::write(
            &file,
            format!("{CLAIM}  - id: b\n    assertion: x\n    claimant: y\n"),
        )
        .unwrap();
        assert_eq!(cache.load_with(&file, &scale, "count-2", count_claims).1, 2);
        assert_eq!(made.get(), 3);
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
