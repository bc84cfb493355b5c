//! Any bytes as a claim file: problems, never a panic, and bounded output.

#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::check_load(data));
