//! Finding claim files under the paths the user named.

use std::fs;
use std::path::{Path, PathBuf};

use super::temporary::remove_if_leftover;
use super::{Problem, io_words};

/// The desk file's name: the desk's settings (see `crate::desk`), which a folder's walk passes
/// over, as they are no claims.
pub const DESK_FILE: &str = ".claimdesk.yaml";

/// Every `*.yaml` / `*.yml` file under `paths` (folders are walked recursively, hidden folders
/// such as `.git` and Cargo's `target` are skipped, and so is the [`DESK_FILE`]), sorted so the
/// order is stable.
/// A path that does not exist is a problem, not a failure of the whole run, and so is one
/// that is not a regular file (a named pipe would hang the read, `/dev/zero` never end it).
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut files, &mut problems),
            Ok(meta) if meta.is_file() => files.push(path.clone()),
            Ok(meta) => problems.push(not_a_regular_file(path, meta.file_type())),
            Err(e) => problems.push(Problem::error(
                path,
                1,
                1,
                format!(
                    "cannot read this path: {}; check the spelling",
                    io_words(&e)
                ),
            )),
        }
    }
    files.sort();
    files.dedup();
    (files, problems)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Problem::error(
                dir,
                1,
                1,
                format!(
                    "cannot list this folder: {}; check its permissions",
                    io_words(&e)
                ),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if walks_into(&name) {
                walk(&path, files, problems);
            }
        } else if name == DESK_FILE {
            // The desk's settings, not claims.
        } else if is_yaml_name(&name) {
            // Follows a symbolic link, which may lead to a pipe or a device.
            match fs::metadata(&path) {
                Ok(meta) if !meta.is_file() => {
                    problems.push(not_a_regular_file(&path, meta.file_type()));
                }
                _ => files.push(path),
            }
        } else {
            // A write killed before its rename left this copy (`.claimdesk-<pid>-*.tmp`)?
            remove_if_leftover(&path);
        }
    }
}

/// The warning for a path that is not a plain file, naming what it is instead.
pub(super) fn not_a_regular_file(path: &Path, file_type: fs::FileType) -> Problem {
    use std::os::unix::fs::FileTypeExt;
    let kind = if file_type.is_fifo() {
        "a named pipe"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else if file_type.is_socket() {
        "a socket"
    } else {
        "neither a file nor a folder"
    };
    Problem::warning(
        path,
        1,
        1,
        format!("not a regular file: skipped (it is {kind}); claim files must be plain files"),
    )
}

/// Whether [`discover`] walks into a folder of this name found in a folder it walks: hidden
/// folders (such as `.git`) and Cargo's `target` are skipped.
pub fn walks_into(name: &str) -> bool {
    !name.starts_with('.') && name != "target"
}

/// Whether [`discover`] takes a file of this name found in a folder it walks for a claim file.
pub fn is_yaml_name(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_skipping_hidden_non_yaml_and_the_desk_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a/b")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        let desk_file = format!("a/{DESK_FILE}");
        for file in [
            "a/b/x.yaml",
            "a/y.yml",
            "a/z.txt",
            ".git/h.yaml",
            &desk_file,
        ] {
            fs::write(root.join(file), "").unwrap();
        }
        let (files, problems) = discover(&[root.to_path_buf(), root.join("missing")]);
        let names: Vec<_> = files
            .iter()
            .map(|f| f.strip_prefix(root).unwrap())
            .collect();
        assert_eq!(names, [Path::new("a/b/x.yaml"), Path::new("a/y.yml")]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("cannot read this path"));
    }
}
