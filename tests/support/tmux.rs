//! The dashboard in tmux, a real terminal (`.ci/run` installs it): for what only a real
//! terminal shows, such as how it lays text out, or what it does with a clipboard sequence.
//! Without tmux a test says it was skipped, unless `CLAIMDESK_REQUIRE_TMUX` is set (as CI
//! sets it).

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::{BINARY, POLL, TIMEOUT};

/// A tmux server of this test's own, with the dashboard in its one window.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// `claimdesk ARGS`, run in `dir` in a window of `width` x `height`; `None` when tmux is not
    /// installed and not required.
    pub fn start(dir: &Path, args: &[&str], width: u16, height: u16) -> Option<Self> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(
                std::env::var_os("CLAIMDESK_REQUIRE_TMUX").is_none(),
                "tmux is required: install it (apt-get install tmux)"
            );
            eprintln!("skipped: tmux is not installed");
            return None;
        }
        // A server per dashboard: tests of one binary run side by side in one process.
        static SERVERS: AtomicUsize = AtomicUsize::new(0);
        let server = SERVERS.fetch_add(1, Ordering::Relaxed);
        let tmux = Self {
            socket: format!("claimdesk-test-{}-{server}", std::process::id()),
        };
        let command = format!(
            "env CLAIMDESK_CACHE_DIR= CLAIMDESK_CONFIG= CLAIMDESK_STATE_DIR= NO_COLOR= {BINARY} {}",
            args.join(" ")
        );
        let (width, height) = (width.to_string(), height.to_string());
        let dir = dir.to_str().expect("a UTF-8 path");
        let session = ["new-session", "-d", "-c", dir, "-x", &width, "-y", &height];
        tmux.run(&[&session[..], &[command.as_str()]].concat());
        Some(tmux)
    }

    pub fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("run tmux");
        assert!(output.status.success(), "tmux {args:?}: {output:?}");
        String::from_utf8(output.stdout).expect("tmux prints UTF-8")
    }

    pub fn rows(&self) -> Vec<String> {
        self.run(&["capture-pane", "-p"])
            .lines()
            .map(str::to_string)
            .collect()
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend(keys);
        self.run(&args);
    }

    /// The screen once `ready` accepts it; the last complaint and the screen when it never does.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&[String]) -> Result<(), String>) {
        let start = Instant::now();
        loop {
            let rows = self.rows();
            match ready(&rows) {
                Ok(()) => return,
                Err(why) if start.elapsed() > TIMEOUT => {
                    panic!("{what}: {why}\nscreen:\n{}", rows.join("\n"))
                }
                Err(_) => std::thread::sleep(POLL),
            }
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}
