//! Tagging a claim of any file that loads: the result loads with that verdict, and only the
//! claim's verdict block changed.

#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::check_write(data));
