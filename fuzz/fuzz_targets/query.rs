//! Any text as a search query over the sample desk: no panic, valid highlights.

#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| checks::check_query(data));
