//! `claimdesk init`: a new desk, its desk file and an example claim file.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use crate::desk::{DESK_FILE, default_desk_file};
use crate::store::io_words;

/// Where the example claim file goes, under the desk's folder.
const EXAMPLE_FILE: &str = "claims/example.yaml";

/// The example claim file: one claim, each key explained.
const EXAMPLE_CLAIMS: &str = "\
# An example claim file. Each claim file holds one top-level key, `claims:`, a list.
# `claimdesk validate` checks the files; `claimdesk` opens them in the dashboard, where `v`
# tags a verdict (with a rating from the desk's scale in ../.claimdesk.yaml).
claims:
  - id: example-moon-cheese        # unique across the desk: a-z, 0-9, `.`, `_`, `-`
    assertion: The Moon is made of green cheese.
    claimant: An example claimant
    date: 2024-01-15               # when the claim was made, YYYY-MM-DD
    source:                        # where it appeared: name, url and a verbatim quote
      name: Example Daily
      url: https://example.com/moon
      quote: \"Everyone knows the Moon is cheese.\"
    tags: [example]
";

/// Writes the desk file and the example claim file under `folder` (made when missing), and
/// says what it wrote. Refuses, writing nothing, when either is there already.
pub fn init(folder: &Path) -> Result<String> {
    let desk_file = folder.join(DESK_FILE);
    let example = folder.join(EXAMPLE_FILE);
    for file in [&desk_file, &example] {
        if fs::symlink_metadata(file).is_ok() {
            bail!(
                "{} is there already: `claimdesk init` writes only new files; remove it or \
                 init another folder",
                file.display()
            );
        }
    }
    let claims_folder = example.parent().unwrap_or(folder);
    fs::create_dir_all(claims_folder).map_err(|e| cannot_write(claims_folder, &e))?;
    write_new(&desk_file, &default_desk_file())?;
    write_new(&example, EXAMPLE_CLAIMS)?;
    Ok(format!(
        "wrote {} (the desk's rating scale and settings, to share through git) and {}",
        desk_file.display(),
        example.display()
    ))
}

/// Writes `text` to `file`, which must not exist (another process may have made it since it
/// was looked for).
fn write_new(file: &Path, text: &str) -> Result<()> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| cannot_write(file, &e))
}

fn cannot_write(path: &Path, error: &io::Error) -> anyhow::Error {
    anyhow!("cannot write {}: {}", path.display(), io_words(error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::{self, Desk};
    use crate::store::load_file;

    #[test]
    fn init_writes_the_default_desk_and_an_example_that_validates() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("new-desk");
        let said = init(&folder).unwrap();
        assert!(said.contains(".claimdesk.yaml"), "{said}");
        let found = desk::find(&[folder.join("claims")]).unwrap();
        assert_eq!(found, Some(Desk::default()));
        let example = load_file(&folder.join(EXAMPLE_FILE), &Desk::default().scale);
        assert_eq!(example.problems, []);
        assert_eq!(example.claims.len(), 1);
    }

    #[test]
    fn init_refuses_to_overwrite_anything() {
        for existing in [DESK_FILE, EXAMPLE_FILE] {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            fs::create_dir(root.join("claims")).unwrap();
            fs::write(root.join(existing), "mine\n").unwrap();
            let message = init(root).unwrap_err().to_string();
            assert!(message.contains("is there already"), "{message}");
            assert_eq!(fs::read_to_string(root.join(existing)).unwrap(), "mine\n");
            let others: Vec<_> = [DESK_FILE, EXAMPLE_FILE]
                .iter()
                .filter(|file| **file != existing)
                .map(|file| root.join(file))
                .collect();
            assert!(others.iter().all(|file| !file.exists()), "{others:?}");
        }
    }
}
