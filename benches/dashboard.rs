//! The dashboard as a user meets it: the release binary in a pseudo-terminal, on a generated
//! corpus. Measures the time to the first frame on a cold cache while the corpus loads, how
//! long a key takes to be answered while it loads, how long until the list shows every claim
//! (cold and warm cache) and how much of that the interface thread was busy, and the CPU the
//! dashboard uses when idle.
//!
//! ```text
//! cargo bench --bench dashboard                          # 100k claims, 3 runs, 10 s idle
//! cargo bench --bench dashboard -- --claims 10000 --runs 1 --idle 2
//! cargo bench --bench dashboard -- --binary OTHER/claimdesk   # another build, to compare
//! ```
//!
//! Run as a test (`cargo test --all-targets`) it does one quick run on 1,000 claims.

mod support;
#[path = "../tests/support/mod.rs"]
mod terminal;

use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use terminal::Dashboard;

struct Options {
    claims: usize,
    runs: usize,
    idle: Duration,
    binary: PathBuf,
}

impl Options {
    fn from_args() -> Self {
        let benching = std::env::args().any(|arg| arg == "--bench");
        let mut options = Self {
            claims: if benching { 100_000 } else { 1_000 },
            runs: if benching { 3 } else { 1 },
            idle: Duration::from_secs(if benching { 10 } else { 1 }),
            binary: PathBuf::from(env!("CARGO_BIN_EXE_claimdesk")),
        };
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
            match arg.as_str() {
                "--claims" => options.claims = value().parse().expect("--claims N"),
                "--runs" => options.runs = value().parse().expect("--runs N"),
                "--idle" => options.idle = Duration::from_secs(value().parse().expect("--idle S")),
                "--binary" => options.binary = PathBuf::from(value()),
                _ => {}
            }
        }
        options
    }
}

/// Keys pressed while the corpus loads, in each cold run.
const KEYS_PER_RUN: usize = 5;

fn main() {
    let options = Options::from_args();
    let corpus = support::generate(options.claims);
    let total = format!("Claims {0}/{0}", options.claims);
    let mut first_frames = Vec::new();
    let mut keys = Vec::new();
    let mut ready_cold = Vec::new();
    let mut ready_warm = Vec::new();
    let mut busy_cold = Vec::new();
    let mut busy_warm = Vec::new();
    let mut idle = None;
    for run in 0..options.runs {
        let cache = tempfile::tempdir().expect("cache dir");
        let (first_frame, answers, ready, dashboard) = open(
            &options.binary,
            &corpus.root,
            cache.path(),
            &total,
            KEYS_PER_RUN,
        );
        first_frames.push(first_frame);
        keys.extend(answers);
        ready_cold.push(ready);
        busy_cold.push(interface_cpu(&dashboard));
        drop(dashboard);
        let (_, _, ready, mut dashboard) =
            open(&options.binary, &corpus.root, cache.path(), &total, 0);
        ready_warm.push(ready);
        busy_warm.push(interface_cpu(&dashboard));
        if run + 1 == options.runs {
            idle = Some(idle_cpu(&mut dashboard, options.idle));
        }
    }

    println!(
        "dashboard, {} claims in {} files, {} run(s) of {}",
        support::label(options.claims),
        corpus.files.len(),
        options.runs,
        options.binary.display()
    );
    report("first frame, cold cache", &first_frames);
    if keys.is_empty() {
        println!("  key answered while loading     (the load ended before a key was answered)");
    } else {
        report(
            &format!("key answered while loading ×{}", keys.len()),
            &keys,
        );
    }
    report("ready (every claim listed), cold", &ready_cold);
    report("  the interface thread's CPU", &busy_cold);
    report("ready, warm cache", &ready_warm);
    report("  the interface thread's CPU", &busy_warm);
    if let Some((percent, over)) = idle {
        println!(
            "  idle CPU                       {percent:.2} % of one core over {:.0} s",
            over.as_secs_f64()
        );
    }
}

/// Starts the dashboard on `root` with its cache in `cache` and returns the time to the first
/// frame, the times `keys` presses of `?` took to be answered while loading (those answered
/// after the load are left out), the time until the list showed `total`, and the dashboard.
fn open(
    binary: &Path,
    root: &Path,
    cache: &Path,
    total: &str,
    keys: usize,
) -> (Duration, Vec<Duration>, Duration, Dashboard) {
    let cache = cache.to_str().expect("a UTF-8 temp path");
    let start = Instant::now();
    let mut dashboard =
        Dashboard::open_program(binary, root, &["."], &[("CLAIMDESK_CACHE_DIR", cache)]);
    let first_frame = dashboard.wait_until("first frame", |s| s.contents().contains("Claims"));
    let mut answers = Vec::new();
    for _ in 0..keys {
        let pressed = Instant::now();
        dashboard.send("?");
        let shown = dashboard.wait_until("help", |s| s.contents().contains("Main screen"));
        if loading(&dashboard) {
            answers.push(shown - pressed);
        }
        dashboard.send("\x1b");
        dashboard.wait_until("help closed", |s| !s.contents().contains("Main screen"));
    }
    let ready = dashboard.wait_until("every claim", |s| {
        let text = s.contents();
        text.contains(total) && !text.contains("loading ")
    });
    (first_frame - start, answers, ready - start, dashboard)
}

fn loading(dashboard: &Dashboard) -> bool {
    dashboard.with_screen(|s| s.contents().contains("loading "))
}

/// The share of one core the dashboard used over `span` once it has settled, from the user
/// and system time `/proc` counts for it (all of its threads).
fn idle_cpu(dashboard: &mut Dashboard, span: Duration) -> (f64, Duration) {
    dashboard.settle(Duration::from_millis(500), Duration::from_secs(10));
    let stat = format!("/proc/{}/stat", dashboard.pid());
    let (before, started) = (cpu_time(&stat), Instant::now());
    thread::sleep(span);
    let (after, over) = (cpu_time(&stat), started.elapsed());
    (
        100.0 * (after - before).as_secs_f64() / over.as_secs_f64(),
        over,
    )
}

/// The CPU time the dashboard's interface thread (its first, whose id is the process's) has
/// used so far: what drawing and updating the list cost while files load.
fn interface_cpu(dashboard: &Dashboard) -> Duration {
    let pid = dashboard.pid();
    cpu_time(&format!("/proc/{pid}/task/{pid}/stat"))
}

/// utime + stime from a `/proc` stat file (of a process: all of its threads; or of a thread).
fn cpu_time(stat: &str) -> Duration {
    let stat = std::fs::read_to_string(stat).expect("read a /proc stat file");
    // The command name, in parentheses, may hold spaces; the fields after it do not.
    let fields: Vec<&str> = stat[stat.rfind(')').expect("a stat line") + 2..]
        .split(' ')
        .collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks =
        fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime");
    // SAFETY: sysconf only reads its argument.
    let ticks_per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    Duration::from_secs_f64(ticks as f64 / ticks_per_second as f64)
}

fn report(what: &str, times: &[Duration]) {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    println!(
        "  {what:<32} median {median:8.1} ms   min {:8.1}   max {:8.1}",
        ms[0],
        ms[ms.len() - 1]
    );
}
