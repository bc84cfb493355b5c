//! Peak memory of `claimdesk validate` per claim, on corpora generated here.
//!
//! Target: above the floor (the same binary validating an empty folder, measured in the same
//! run), the peak resident set stays within 2.5 times the corpus's bytes plus 300 bytes a
//! claim. `cargo bench --bench memory` measures a million small claims (in one file, and in
//! a thousand) and 100,000 realistic ones, and fails when a corpus is over target; under
//! `cargo test` it runs once on 10,000 small claims and only reports.

mod support;

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_claimdesk");

/// The peak resident set of `claimdesk validate dir`, in bytes.
#[expect(
    clippy::zombie_processes,
    reason = "wait4 reaps the child, and is what reports its own peak"
)]
fn peak_rss(dir: &Path) -> u64 {
    let child = Command::new(BINARY)
        .arg("validate")
        .arg(dir)
        .env("CLAIMDESK_CACHE_DIR", "")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start claimdesk");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    let mut status = 0;
    // SAFETY: a zeroed rusage is valid, and wait4 only writes into the two out-pointers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait for claimdesk");
    // Linux reports kilobytes.
    u64::try_from(usage.ru_maxrss).expect("a size") * 1024
}

/// A claim file of `count` small claims numbered from `first`.
fn small_claims(first: usize, count: usize) -> String {
    let mut text = String::from("claims:\n");
    for i in first..first + count {
        let _ = write!(text, "  - id: c{i}\n    assertion: a\n    claimant: b\n");
    }
    text
}

struct Measured {
    name: String,
    claims: usize,
    bytes: usize,
    peak: u64,
}

fn measure(name: &str, claims: usize, files: &[String]) -> Measured {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bytes = 0;
    for (i, text) in files.iter().enumerate() {
        bytes += text.len();
        std::fs::write(dir.path().join(format!("claims-{i:04}.yaml")), text).expect("write");
    }
    Measured {
        name: name.to_string(),
        claims,
        bytes,
        peak: peak_rss(dir.path()),
    }
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let empty = tempfile::tempdir().expect("temp dir");
    let floor = peak_rss(empty.path());
    let mut runs = Vec::new();
    if full {
        let million = 1_000_000;
        runs.push(measure(
            "1M small claims, one file",
            million,
            &[small_claims(0, million)],
        ));
        let thousands: Vec<String> = (0..1_000).map(|f| small_claims(f * 1_000, 1_000)).collect();
        runs.push(measure("1M small claims, 1,000 files", million, &thousands));
        let corpus = support::generate(100_000);
        let texts: Vec<String> = corpus
            .files
            .iter()
            .map(|f| std::fs::read_to_string(f).expect("read corpus"))
            .collect();
        runs.push(measure("100k realistic claims, 100 files", 100_000, &texts));
    } else {
        runs.push(measure(
            "10k small claims, one file",
            10_000,
            &[small_claims(0, 10_000)],
        ));
    }
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    println!("floor (an empty folder): {:.1} MiB", mib(floor));
    let mut over = Vec::new();
    for run in &runs {
        let above = run.peak.saturating_sub(floor);
        let target = run.bytes as u64 * 5 / 2 + 300 * run.claims as u64;
        let per_claim = (above as f64 - 2.5 * run.bytes as f64) / run.claims as f64;
        println!(
            "{}: {:.1} MiB of YAML, peak {:.1} MiB ({:.1} above the floor, target {:.1}): \
             {per_claim:.0} bytes a claim beyond 2.5x the bytes",
            run.name,
            mib(run.bytes as u64),
            mib(run.peak),
            mib(above),
            mib(target)
        );
        if above > target {
            over.push(run.name.clone());
        }
    }
    if full && !over.is_empty() {
        eprintln!("over target: {}", over.join(", "));
        std::process::exit(1);
    }
}
