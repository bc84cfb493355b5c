//! The temporary files of writes, named `.claimdesk-<pid>-<random>.tmp` beside the file they
//! replace, so that the full copies a write killed before its rename leaves behind can be told
//! from the files of writes still running, and removed. The names are hidden and do not end in
//! `.yaml`, so loading never takes one for a claim file.

use std::fs::{self, File, Metadata, Permissions};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process;
use std::time::Duration;

use tempfile::NamedTempFile;

const PREFIX: &str = ".claimdesk-";
const SUFFIX: &str = ".tmp";

/// Where `/proc` cannot say whether a process runs, a leftover is a temporary file older than
/// any write takes.
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// A new temporary file in `folder` for this process, created with `mode` (less the umask), and
/// locked until it is renamed or dropped: whoever finds it locked knows its writer is alive,
/// whatever its name says.
pub(super) fn create(folder: &Path, mode: u32) -> io::Result<NamedTempFile> {
    let temp = tempfile::Builder::new()
        .prefix(&format!("{PREFIX}{}-", process::id()))
        .suffix(SUFFIX)
        .permissions(Permissions::from_mode(mode))
        .tempfile_in(folder)?;
    temp.as_file().lock()?;
    Ok(temp)
}

/// Removes the temporary files in `dir` that writes left behind when their process was killed
/// before the rename, and returns how many. A file whose process still runs (or that some
/// process holds locked) is never touched; errors are ignored, as the next write tries again.
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|entry| remove_if_leftover(&entry.path()))
        .count()
}

/// Removes the file at `path` when it is a temporary file of a write whose process is gone;
/// true when it did.
pub(super) fn remove_if_leftover(path: &Path) -> bool {
    let Some(pid) = path
        .file_name()
        .and_then(|name| name.to_str())
        .and_then(writer_pid)
    else {
        return false;
    };
    // Never through a link, and never a folder, whatever its name.
    let Ok(meta) = fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() || writer_may_run(pid, &meta) {
        return false;
    }
    // A running writer holds its file locked (another pid namespace may share the folder).
    let Ok(file) = File::open(path) else {
        return false;
    };
    file.try_lock().is_ok() && fs::remove_file(path).is_ok()
}

/// The process id in a temporary file's name, `None` for any other name.
fn writer_pid(name: &str) -> Option<u32> {
    let (pid, random) = name
        .strip_prefix(PREFIX)?
        .strip_suffix(SUFFIX)?
        .split_once('-')?;
    if random.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// False only when process `pid` surely does not run: it has no `/proc` entry or, where there
/// is no `/proc`, its file is older than [`STALE_AFTER`].
fn writer_may_run(pid: u32, meta: &Metadata) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    let age = meta.modified().ok().and_then(|at| at.elapsed().ok());
    age.is_none_or(|age| age < STALE_AFTER)
}

/// A process id that no running process has, for tests that play a crashed write.
#[cfg(test)]
pub(crate) fn dead_pid() -> u32 {
    (999_999..)
        .find(|pid| !Path::new(&format!("/proc/{pid}")).exists())
        .unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_writers_pid_and_nothing_else_matches() {
        assert_eq!(writer_pid(".claimdesk-42-a1B2c3.tmp"), Some(42));
        assert_eq!(writer_pid(".claimdesk-42-x-y.tmp"), Some(42));
        for other in [
            ".claimdesk-a1B2c3",
            ".claimdesk--x.tmp",
            ".claimdesk-42-.tmp",
            ".claimdesk-4x2-y.tmp",
            ".claimdesk-42-x.yaml",
            "claimdesk-42-x.tmp",
            "claims.yaml",
        ] {
            assert_eq!(writer_pid(other), None, "{other}");
        }
    }

    #[test]
    fn a_temporary_file_is_this_processs_hidden_non_yaml_file() {
        let dir = tempfile::tempdir().unwrap();
        let temp = create(dir.path(), 0o600).unwrap();
        let name = temp.path().file_name().unwrap().to_str().unwrap();
        assert_eq!(writer_pid(name), Some(process::id()));
        assert!(name.starts_with('.') && name.ends_with(".tmp"), "{name}");
    }

    #[test]
    fn a_locked_leftover_is_kept_until_its_lock_goes() {
        let dir = tempfile::tempdir().unwrap();
        let pid = dead_pid();
        let path = dir.path().join(format!(".claimdesk-{pid}-x.tmp"));
        fs::write(&path, "claims: []\n").unwrap();
        let held = File::open(&path).unwrap();
        held.lock().unwrap();
        assert_eq!(remove_stale_temporaries(dir.path()), 0);
        drop(held);
        assert_eq!(remove_stale_temporaries(dir.path()), 1);
        assert!(!path.exists());
    }

    #[test]
    fn folders_and_links_with_a_leftovers_name_stay() {
        let dir = tempfile::tempdir().unwrap();
        let pid = dead_pid();
        let folder = dir.path().join(format!(".claimdesk-{pid}-d.tmp"));
        fs::create_dir(&folder).unwrap();
        let target = dir.path().join("claims.yaml");
        fs::write(&target, "claims: []\n").unwrap();
        let link = dir.path().join(format!(".claimdesk-{pid}-l.tmp"));
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(remove_stale_temporaries(dir.path()), 0);
        assert!(folder.is_dir() && link.exists() && target.exists());
    }
}
