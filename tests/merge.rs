//! Real git merges that conflict in a claim file, and what the commands make of them.

use std::fs;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

const FILE: &str = "claims/elections.yaml";
const ROLLS: &str = "rally-voter-rolls";
const CLAIMS: &str = "\
# Claims from the 2024 campaign
claims:
  - id: turnout-record
    assertion: Turnout in the district was the highest ever recorded.
    claimant: Campaign spokesperson
    date: 2024-05-02
    tags: [turnout]
  - id: rally-voter-rolls
    assertion: >-
      A hundred thousand names were struck from the voter rolls the week
      before the rally.
    claimant: Rally speaker
    date: 2024-05-03
    source:
      name: Rally livestream
      url: https://example.org/rally
    tags: [voter-rolls]
  - id: booth-capture
    assertion: Booths in three villages were captured overnight.
    claimant: Opposition leader
    date: 2024-05-04
    tags: [booths]
";

/// A git repository holding [`CLAIMS`] on `main`, with a cache folder of its own outside it.
struct Repo {
    root: TempDir,
    cache: TempDir,
}

impl Repo {
    fn new() -> Self {
        let repo = Self {
            root: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        for (key, value) in [
            ("user.name", "Desk"),
            ("user.email", "desk@example.org"),
            ("commit.gpgsign", "false"),
        ] {
            repo.git(&["config", key, value]);
        }
        fs::create_dir(repo.root.path().join("claims")).unwrap();
        fs::write(repo.path(FILE), CLAIMS).unwrap();
        repo.git(&["add", "."]);
        repo.git(&["commit", "-q", "-m", "claims"]);
        repo
    }

    fn path(&self, name: &str) -> std::path::PathBuf {
        self.root.path().join(name)
    }

    fn read(&self) -> String {
        fs::read_to_string(self.path(FILE)).unwrap()
    }

    /// Runs git in the repository, whatever it returns.
    fn try_git(&self, args: &[&str]) -> Output {
        std::process::Command::new("git")
            .args(args)
            .current_dir(self.root.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap()
    }

    /// Runs git in the repository, which must succeed; its stdout.
    #[track_caller]
    fn git(&self, args: &[&str]) -> String {
        let output = self.try_git(args);
        assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
        stdout(&output)
    }

    /// `git show REV:claims/elections.yaml`.
    fn show(&self, rev: &str) -> String {
        self.git(&["show", &format!("{rev}:{FILE}")])
    }

    /// `claimdesk ARGS... claims/`, from the repository's root.
    fn claimdesk(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_claimdesk"))
            .args(args)
            .arg("claims/")
            .current_dir(self.root.path())
            .env("CLAIMDESK_CONFIG", "")
            .env("CLAIMDESK_STATE_DIR", "")
            .env("CLAIMDESK_CACHE_DIR", self.cache.path())
            .output()
            .unwrap()
    }

    /// On a new branch `name` from `main`, tags each of `ids` with `rating` by `name`.
    fn branch_tagging(&self, name: &str, rating: &str, ids: &[&str]) {
        self.git(&["checkout", "-q", "-b", name, "main"]);
        for id in ids {
            let output = self.claimdesk(&["tag", id, rating, "--by", name, "--note", name]);
            assert!(output.status.success(), "{}", stderr(&output));
        }
        self.git(&["commit", "-q", "-am", &format!("{name}'s verdicts")]);
    }

    /// `alice` tags `ids` mostly-false, `bob` tags them misleading, and `alice` merges `bob`
    /// with conflicts in git's `style` (`merge` or `diff3`).
    fn conflicted(style: &str, ids: &[&str]) -> Self {
        let repo = Self::new();
        repo.branch_tagging("bob", "misleading", ids);
        repo.branch_tagging("alice", "mostly-false", ids);
        let style = format!("merge.conflictStyle={style}");
        let merge = repo.try_git(&["-c", &style, "merge", "-q", "bob"]);
        assert!(!merge.status.success(), "the merge should conflict");
        assert!(stdout(&merge).contains("CONFLICT (content)"), "{merge:?}");
        repo
    }

    /// The 1-based line of the `n`th (from 0) `<<<<<<<` marker of the file.
    fn marker_line(&self, n: usize) -> usize {
        let text = self.read();
        let lines = text.lines().enumerate();
        let mut markers = lines.filter(|(_, line)| line.starts_with("<<<<<<< "));
        markers.nth(n).unwrap().0 + 1
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What `validate` prints for the conflict in `id` at `line`.
fn conflict_line(id: &str, line: usize) -> String {
    format!(
        "{}:{line}:1: error: conflict in claim `{id}`: ours mostly-false by alice, theirs \
         misleading by bob; pick one with `claimdesk resolve {id} --ours|--theirs` or in the \
         dashboard\n",
        Path::new("claims/").join("elections.yaml").display()
    )
}

#[test]
fn a_conflicted_file_still_lists_every_claim() {
    let repo = Repo::conflicted("merge", &[ROLLS]);
    assert!(repo.read().contains("<<<<<<< HEAD\n"), "{}", repo.read());
    let output = repo.claimdesk(&["list", "--format", "ids"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "turnout-record\nrally-voter-rolls\nbooth-capture\n"
    );
    assert!(stderr(&output).contains("conflict in claim `rally-voter-rolls`"));
}

#[test]
fn validate_names_the_conflicted_claim_its_line_and_both_sides() {
    let repo = Repo::conflicted("merge", &[ROLLS]);
    let output = repo.claimdesk(&["validate"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!(
            "{}3 claims in 1 file, 1 error, 0 warnings\n",
            conflict_line(ROLLS, repo.marker_line(0))
        )
    );
}

#[test]
fn resolve_theirs_leaves_their_file_byte_for_byte() {
    let repo = Repo::conflicted("merge", &[ROLLS]);
    let output = repo.claimdesk(&["resolve", ROLLS, "--theirs"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let file = Path::new("claims/").join("elections.yaml");
    let file = file.display();
    assert_eq!(
        stdout(&output),
        format!(
            "rally-voter-rolls: kept theirs (misleading by bob) in {file}; no conflicts left in \
             the file: ready to `git add {file}`\n"
        )
    );
    assert_eq!(repo.read(), repo.show("bob"));
    let output = repo.claimdesk(&["validate"]);
    assert!(output.status.success(), "{}", stdout(&output));
}

#[test]
fn resolve_ours_leaves_our_file_and_the_merge_commits() {
    let repo = Repo::conflicted("merge", &[ROLLS]);
    let output = repo.claimdesk(&["resolve", ROLLS, "--ours"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("kept ours (mostly-false by alice)"));
    assert_eq!(repo.read(), repo.show("alice"));
    repo.git(&["add", FILE]);
    repo.git(&["commit", "-q", "--no-edit"]);
    assert_eq!(repo.show("HEAD"), repo.show("alice"));
}

#[test]
fn diff3_conflicts_are_named_and_resolved_the_same_way() {
    let repo = Repo::conflicted("diff3", &[ROLLS]);
    assert!(repo.read().contains("\n||||||| "), "{}", repo.read());
    let output = repo.claimdesk(&["validate"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with(&conflict_line(ROLLS, repo.marker_line(0))),
        "{}",
        stdout(&output)
    );
    let output = repo.claimdesk(&["resolve", ROLLS, "--theirs"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(repo.read(), repo.show("bob"));
}

#[test]
fn each_claim_is_resolved_on_its_own() {
    let ids = ["turnout-record", "booth-capture"];
    let repo = Repo::conflicted("merge", &ids);
    let booths = conflict_line("booth-capture", repo.marker_line(1));
    let output = repo.claimdesk(&["resolve", "turnout-record", "--theirs"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).ends_with("; 1 conflict left in the file\n"),
        "{}",
        stdout(&output)
    );
    let output = repo.claimdesk(&["validate"]);
    assert_eq!(output.status.code(), Some(1));
    let shifted = repo.marker_line(0);
    assert!(
        stdout(&output).starts_with(&conflict_line("booth-capture", shifted)),
        "{}\n(before: {booths})",
        stdout(&output)
    );
    let output = repo.claimdesk(&["resolve", "booth-capture", "--ours"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("no conflicts left in the file"));
    let text = repo.read();
    let alice = repo.show("alice");
    let bob = repo.show("bob");
    // The first claim as bob wrote it, the last as alice did.
    let split = |text: &str| text.find("  - id: rally-voter-rolls").unwrap();
    assert_eq!(text[..split(&text)], bob[..split(&bob)]);
    assert_eq!(text[split(&text)..], alice[split(&alice)..]);
}

#[test]
fn resolve_refuses_a_claim_without_a_conflict_and_an_unknown_id() {
    let repo = Repo::conflicted("merge", &[ROLLS]);
    let before = repo.read();
    let output = repo.claimdesk(&["resolve", "turnout-record", "--ours"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        format!(
            "claimdesk: error: {}:3:5: claim `turnout-record` has no merge conflict to resolve\n",
            Path::new("claims/").join("elections.yaml").display()
        )
    );
    let output = repo.claimdesk(&["resolve", "no-such-claim", "--ours"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no claim with id `no-such-claim`"));
    let output = repo.claimdesk(&["resolve", ROLLS]);
    assert_eq!(output.status.code(), Some(2), "one of --ours and --theirs");
    assert_eq!(repo.read(), before);
}

#[test]
fn resolve_explains_itself() {
    let output = Command::new(env!("CARGO_BIN_EXE_claimdesk"))
        .args(["resolve", "--help"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = stdout(&output);
    assert!(
        help.starts_with("Resolve a git merge conflict in one claim"),
        "{help}"
    );
    assert!(
        help.contains("Usage: claimdesk resolve <--ours|--theirs> <ID> [PATHS]..."),
        "{help}"
    );
}
