//! The audit trail, read from git: how one claim's verdict changed commit by commit, and which
//! claims changed since a revision. Knows nothing of the screen.
//!
//! Read with the `git` command, never through a shell (the README's History section says why
//! not gix): one `git log --raw` names, for every commit, the claim files it changed with their
//! blob ids before and after; `git cat-file --batch` streams the blobs, which the project's
//! loader parses and the cache keeps by blob id. A claim is followed by its id, not by its
//! file: a commit changed it when the claim, wherever it is among the files that commit
//! changed, is audited differently after than before. So a renamed file or a claim moved to
//! another file is no change, and each commit is compared with its own parent, whatever branch
//! it was made on. Merge commits are left out: the changes they bring are listed where they
//! were made.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;

use chrono::{DateTime, FixedOffset};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::model::{Claim, RatingScale, ReviewState, UNTAGGED, Verdict, Workflow};
use crate::store::{Cache, load_file, load_text};

/// The files the history reads: claim files, as discovery finds them.
const CLAIM_FILES: [&str; 2] = ["*.yaml", "*.yml"];

/// The cache's name for parsed blobs.
const CACHE_KIND: &str = "blobs-2";

/// What the history follows of a claim: the fields a desk audits. A field the model gains
/// (review, assignee, status) is added here and in [`Audited::of`], and shows in every change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audited {
    /// The verdict, with its review.
    pub verdict: Option<Verdict>,
    pub workflow: Option<Workflow>,
}

impl Audited {
    pub fn of(claim: &Claim) -> Self {
        Self {
            verdict: claim.verdict.as_deref().cloned(),
            workflow: claim.workflow.as_deref().cloned(),
        }
    }

    fn review(&self) -> Option<ReviewState> {
        Some(self.verdict.as_ref()?.review.as_ref()?.state)
    }
}

/// One commit that changed what is audited of a claim. A claim that did not exist counts as
/// untagged: a claim added with a verdict is a change, one added without is not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub commit: String,
    pub author: String,
    pub date: DateTime<FixedOffset>,
    /// The first line of the commit message.
    pub subject: String,
    /// The file (relative to the repository's root) that holds the claim after the commit, or
    /// held it before when the commit removed it.
    pub path: PathBuf,
    pub before: Audited,
    pub after: Audited,
}

impl Change {
    /// `DATE COMMIT AUTHOR: BEFORE -> AFTER  NOTE` on one line, as the table and the panel
    /// show it.
    pub fn summary_line(&self) -> String {
        let mut line = format!(
            "{}  {}  {}: {} -> {}",
            self.date.format("%Y-%m-%d %H:%M"),
            self.short_commit(),
            self.author,
            rating_of(&self.before),
            rating_of(&self.after),
        );
        let (before, after) = (&self.before, &self.after);
        if before.review() != after.review() {
            let review = after.review().map_or("pending", ReviewState::as_str);
            line.push_str(&format!(" (review: {review})"));
        }
        let field = |w: &Option<Workflow>, f: fn(&Workflow) -> Option<&str>| {
            w.as_ref().and_then(f).unwrap_or("none").to_string()
        };
        for (name, get) in [
            (
                "assignee",
                (|w: &Workflow| w.assignee.as_deref()) as fn(&Workflow) -> Option<&str>,
            ),
            ("status", |w: &Workflow| w.status.as_deref()),
        ] {
            let (was, now) = (field(&before.workflow, get), field(&after.workflow, get));
            if was != now {
                line.push_str(&format!(" ({name}: {was} -> {now})"));
            }
        }
        if let Some(note) = self.after.verdict.as_ref().and_then(|v| v.note.as_deref()) {
            line.push_str("  ");
            line.push_str(&note.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        line
    }

    pub fn short_commit(&self) -> &str {
        self.commit.get(..10).unwrap_or(&self.commit)
    }
}

/// The rating, or [`UNTAGGED`].
fn rating_of(audited: &Audited) -> &str {
    audited
        .verdict
        .as_ref()
        .map_or(UNTAGGED, |v| v.rating.as_str())
}

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error(
        "{0} is not in a git repository, so there is no history to show: claims get one once their files are committed with git"
    )]
    NotARepository(PathBuf),
    #[error(
        "the repository at {0} is a shallow clone, so its history is cut short: run `git fetch --unshallow` to read all of it"
    )]
    Shallow(PathBuf),
    #[error("could not run git (is it installed?): {0}")]
    GitMissing(#[source] io::Error),
    #[error("`git {command}` failed: {message}")]
    Git { command: String, message: String },
    #[error("could not read what `git {0}` printed")]
    Unreadable(String),
    #[error("no revision `{revision}` in the repository{hint}")]
    UnknownRevision {
        revision: String,
        hint: &'static str,
    },
    #[error("no claim `{0}` in any commit of the repository")]
    UnknownClaim(String),
}

impl HistoryError {
    /// True for the errors that only say there is no history to read (no repository, a
    /// shallow clone): a message to show, not a failure.
    pub fn is_no_history(&self) -> bool {
        matches!(self, Self::NotARepository(_) | Self::Shallow(_))
    }
}

/// The revision `changed_since` compares with by default: where `git pull` found the branch.
pub const LAST_PULL: &str = "ORIG_HEAD";

/// Every change of the claim `id`'s audited fields, oldest first, in the repository that holds
/// `dir`. Parsed blobs are read from and kept in `cache`.
pub fn history(
    dir: &Path,
    id: &str,
    scale: &RatingScale,
    cache: Option<&Cache>,
) -> Result<Vec<Change>, HistoryError> {
    let repository = Repository::containing(dir)?;
    if repository.shallow {
        return Err(HistoryError::Shallow(repository.root));
    }
    let commits = repository.commits()?;
    let blobs: Vec<(&str, &str)> = commits
        .iter()
        .flat_map(|commit| &commit.files)
        .flat_map(|file| file.blobs().map(|blob| (blob, file.path.as_str())))
        .collect();
    let mut states: HashMap<String, Option<Audited>> = HashMap::new();
    repository.read_blobs(&blobs, Some(id), scale, cache, |blob, claims| {
        states.insert(blob.to_string(), claims.get(id).cloned());
    })?;
    let state_in = |blob: &Option<String>| {
        blob.as_ref()
            .and_then(|blob| states.get(blob).cloned().flatten())
    };
    let mut seen = false;
    let mut changes = Vec::new();
    for commit in commits {
        let before = commit
            .files
            .iter()
            .find_map(|f| Some((f, state_in(&f.old)?)));
        let after = commit
            .files
            .iter()
            .find_map(|f| Some((f, state_in(&f.new)?)));
        let Some((file, _)) = after.as_ref().or(before.as_ref()) else {
            continue;
        };
        seen = true;
        let path = PathBuf::from(&file.path);
        let before = before.map(|(_, state)| state).unwrap_or_default();
        let after = after.map(|(_, state)| state).unwrap_or_default();
        if before != after {
            changes.push(Change {
                commit: commit.id,
                author: commit.author,
                date: commit.date,
                subject: commit.subject,
                path,
                before,
                after,
            });
        }
    }
    if !seen {
        return Err(HistoryError::UnknownClaim(id.to_string()));
    }
    Ok(changes)
}

/// The ids of the claims in the working tree of the repository that holds `dir` whose audited
/// fields differ from `revision`'s (a claim added since counts when it has a verdict).
/// Claim files git ignores are left out.
pub fn changed_since(
    dir: &Path,
    revision: &str,
    scale: &RatingScale,
    cache: Option<&Cache>,
) -> Result<BTreeSet<CompactString>, HistoryError> {
    let repository = Repository::containing(dir)?;
    let commit = repository.commit_of(revision)?;
    let mut args = vec![
        "diff",
        "--raw",
        "-z",
        "--no-renames",
        "--no-abbrev",
        &commit,
        "--",
    ];
    args.extend(CLAIM_FILES);
    let mut files = parse_file_changes(&repository.run(&args)?, "diff")?;
    let mut args = vec!["ls-files", "-z", "--others", "--exclude-standard", "--"];
    args.extend(CLAIM_FILES);
    let untracked = repository.run(&args)?;
    files.extend(
        untracked
            .split(|&b| b == 0)
            .filter(|path| !path.is_empty())
            .map(|path| FileChange {
                old: None,
                new: None,
                path: String::from_utf8_lossy(path).into_owned(),
            }),
    );
    let blobs: Vec<(&str, &str)> = files
        .iter()
        .filter_map(|file| Some((file.old.as_deref()?, file.path.as_str())))
        .collect();
    let mut before: HashMap<CompactString, Audited> = HashMap::new();
    repository.read_blobs(&blobs, None, scale, cache, |_, claims| {
        for (id, state) in claims {
            before.entry(id.clone()).or_insert_with(|| state.clone());
        }
    })?;
    let mut changed = BTreeSet::new();
    for file in &files {
        let path = repository.root.join(&file.path);
        if !path.is_file() {
            continue;
        }
        for claim in load_file(&path, scale).claims {
            let now = Audited::of(&claim);
            if before.get(&claim.id).cloned().unwrap_or_default() != now {
                changed.insert(claim.id);
            }
        }
    }
    Ok(changed)
}

/// The claims of one blob, by id, as the history audits them.
type BlobClaims = BTreeMap<CompactString, Audited>;

struct Repository {
    root: PathBuf,
    shallow: bool,
}

/// A commit that changed claim files, with what it changed.
struct Commit {
    id: String,
    author: String,
    date: DateTime<FixedOffset>,
    subject: String,
    files: Vec<FileChange>,
}

/// A claim file a commit changed: its blob before (none when added) and after (none when
/// removed), and its path relative to the root.
struct FileChange {
    old: Option<String>,
    new: Option<String>,
    path: String,
}

impl FileChange {
    fn blobs(&self) -> impl Iterator<Item = &str> {
        self.old.iter().chain(&self.new).map(String::as_str)
    }
}

impl Repository {
    /// The repository that holds `path` (a folder or a file).
    fn containing(path: &Path) -> Result<Self, HistoryError> {
        let dir = match path.parent() {
            Some(parent) if path.is_file() => parent,
            _ => path,
        };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let output = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["rev-parse", "--show-toplevel", "--is-shallow-repository"])
            .stdin(Stdio::null())
            .output()
            .map_err(HistoryError::GitMissing)?;
        if !output.status.success() {
            return Err(HistoryError::NotARepository(path.to_path_buf()));
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let mut lines = text.lines();
        match (lines.next(), lines.next()) {
            (Some(root), Some(shallow)) => Ok(Self {
                root: PathBuf::from(root),
                shallow: shallow == "true",
            }),
            _ => Err(HistoryError::Unreadable("rev-parse".to_string())),
        }
    }

    /// Runs `git ARGS` at the root and returns what it printed.
    fn run(&self, args: &[&str]) -> Result<Vec<u8>, HistoryError> {
        let output = self
            .git(args)
            .stdin(Stdio::null())
            .output()
            .map_err(HistoryError::GitMissing)?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(HistoryError::Git {
                command: args.first().copied().unwrap_or_default().to_string(),
                message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
            })
        }
    }

    fn git(&self, args: &[&str]) -> Command {
        let mut command = Command::new("git");
        command
            .arg("-C")
            .arg(&self.root)
            .args(["-c", "core.quotePath=false"])
            .args(args);
        command
    }

    /// The commit `revision` names, or why there is none.
    fn commit_of(&self, revision: &str) -> Result<String, HistoryError> {
        let peeled = format!("{revision}^{{commit}}");
        let args = [
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &peeled,
        ];
        match self.run(&args) {
            Ok(id) => Ok(String::from_utf8_lossy(&id).trim().to_string()),
            Err(HistoryError::Git { .. }) => Err(HistoryError::UnknownRevision {
                revision: revision.to_string(),
                hint: if revision == LAST_PULL {
                    " (git sets it on a pull, a merge or a rebase, and none was done yet): name a revision, e.g. HEAD~5 or a date's `main@{yesterday}`"
                } else {
                    ""
                },
            }),
            Err(other) => Err(other),
        }
    }

    /// Every commit but merges that changed claim files, parents before children.
    fn commits(&self) -> Result<Vec<Commit>, HistoryError> {
        let mut args = vec![
            "log",
            "--topo-order",
            "--reverse",
            "--no-merges",
            "--root",
            "--raw",
            "-z",
            "--no-renames",
            "--no-abbrev",
            "--no-show-signature",
            "--format=%x1e%H%x1f%an%x1f%aI%x1f%s",
            "--",
        ];
        args.extend(CLAIM_FILES);
        let output = self.run(&args)?;
        let unreadable = || HistoryError::Unreadable("log".to_string());
        output
            .split(|&b| b == 0x1e)
            .filter(|record| !record.is_empty())
            .map(|record| {
                let header_end = record.iter().position(|&b| b == 0).ok_or_else(unreadable)?;
                let header = String::from_utf8_lossy(&record[..header_end]);
                let mut fields = header.splitn(4, '\x1f');
                let mut field = || fields.next().map(str::to_string).ok_or_else(unreadable);
                let (id, author, date, subject) = (field()?, field()?, field()?, field()?);
                let date = DateTime::parse_from_rfc3339(&date).map_err(|_| unreadable())?;
                let files = parse_file_changes(&record[header_end + 1..], "log")?;
                Ok(Commit {
                    id,
                    author,
                    date,
                    subject,
                    files,
                })
            })
            .collect()
    }

    /// Hands `visit` the claims of each blob (a blob id and the path it was found at), from
    /// the cache or parsed. With `wanted`, a blob whose text does not hold that id is neither
    /// parsed nor kept: `visit` gets no claims for it.
    fn read_blobs(
        &self,
        blobs: &[(&str, &str)],
        wanted: Option<&str>,
        scale: &RatingScale,
        cache: Option<&Cache>,
        mut visit: impl FnMut(&str, &BlobClaims),
    ) -> Result<(), HistoryError> {
        let mut looked_up = HashSet::new();
        let mut missing: HashMap<&str, &str> = HashMap::new();
        for &(blob, path) in blobs {
            if !looked_up.insert(blob) {
                continue;
            }
            match cache.and_then(|c| c.object::<BlobClaims>(CACHE_KIND, blob)) {
                Some(claims) => visit(blob, &claims),
                None => {
                    missing.insert(blob, path);
                }
            }
        }
        if missing.is_empty() {
            return Ok(());
        }
        let to_read = missing.keys().map(|blob| blob.to_string()).collect();
        self.cat_blobs(to_read, |blob, bytes| {
            let holds_wanted = wanted
                .is_none_or(|id| std::str::from_utf8(bytes).map_or(true, |text| text.contains(id)));
            if !holds_wanted {
                visit(blob, &BlobClaims::new());
                return;
            }
            let path = Path::new(missing.get(blob).copied().unwrap_or_default());
            let mut claims = BlobClaims::new();
            for claim in load_text(path, bytes, scale).claims {
                claims
                    .entry(claim.id.clone())
                    .or_insert_with(|| Audited::of(&claim));
            }
            if let Some(cache) = cache {
                cache.keep_object(CACHE_KIND, blob, &claims);
            }
            visit(blob, &claims);
        })
    }

    /// Streams the contents of `blobs` through one `git cat-file --batch`.
    fn cat_blobs(
        &self,
        blobs: Vec<String>,
        mut each: impl FnMut(&str, &[u8]),
    ) -> Result<(), HistoryError> {
        let unreadable = || HistoryError::Unreadable("cat-file".to_string());
        let mut child = self
            .git(&["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(HistoryError::GitMissing)?;
        let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(unreadable());
        };
        // Written from a thread: git answers while it reads, and both pipes have to flow.
        let writer = thread::spawn(move || -> io::Result<()> {
            let mut input = io::BufWriter::new(&mut stdin);
            for blob in &blobs {
                writeln!(input, "{blob}")?;
            }
            input.flush()
        });
        let mut output = BufReader::new(stdout);
        let mut header = String::new();
        let mut contents = Vec::new();
        loop {
            header.clear();
            if output.read_line(&mut header).map_err(|_| unreadable())? == 0 {
                break;
            }
            let mut fields = header.split_whitespace();
            let (Some(blob), Some("blob"), Some(size)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let size: usize = size.parse().map_err(|_| unreadable())?;
            contents.resize(size + 1, 0);
            output.read_exact(&mut contents).map_err(|_| unreadable())?;
            each(blob, &contents[..size]);
        }
        let written = writer.join().map_err(|_| unreadable())?;
        child.wait().map_err(|_| unreadable())?;
        written.map_err(|_| unreadable())
    }
}

/// The entries of `git log --raw -z` or `git diff --raw -z`: `:MODE MODE OLD NEW STATUS\0PATH\0`.
fn parse_file_changes(raw: &[u8], command: &str) -> Result<Vec<FileChange>, HistoryError> {
    let unreadable = || HistoryError::Unreadable(command.to_string());
    let mut fields = raw.split(|&b| b == 0);
    let mut files = Vec::new();
    while let Some(meta) = fields.next() {
        let meta = String::from_utf8_lossy(meta);
        let Some(meta) = meta.trim_start_matches('\n').strip_prefix(':') else {
            continue;
        };
        let path = fields.next().ok_or_else(unreadable)?;
        let mut parts = meta.split(' ').skip(2);
        let (Some(old), Some(new)) = (parts.next(), parts.next()) else {
            return Err(unreadable());
        };
        let blob = |id: &str| (!id.bytes().all(|b| b == b'0')).then(|| id.to_string());
        files.push(FileChange {
            old: blob(old),
            new: blob(new),
            path: String::from_utf8_lossy(path).into_owned(),
        });
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Review;

    #[test]
    fn a_change_names_a_review_and_a_new_assignee_or_status() {
        let verdict = Verdict {
            rating: "false".into(),
            note: None,
            by: Some("asha".into()),
            at: None,
            review: None,
        };
        let approved = Verdict {
            review: Some(Box::new(Review {
                state: ReviewState::Approved,
                by: Some("ed".into()),
                at: None,
                comment: None,
            })),
            ..verdict.clone()
        };
        let change = Change {
            commit: "0123456789abcdef".to_string(),
            author: "Ed".to_string(),
            date: DateTime::parse_from_rfc3339("2026-11-28T10:00:00+00:00").expect("a date"),
            subject: "Approve".to_string(),
            path: PathBuf::from("claims.yaml"),
            before: Audited {
                verdict: Some(verdict),
                workflow: None,
            },
            after: Audited {
                verdict: Some(approved),
                workflow: Some(Workflow {
                    assignee: Some("priya".into()),
                    status: Some("done".into()),
                }),
            },
        };
        assert_eq!(
            change.summary_line(),
            "2026-11-28 10:00  0123456789  Ed: false -> false (review: approved) \
             (assignee: none -> priya) (status: none -> done)"
        );
    }
}
