//! The Markdown/HTML/text loader on arbitrary input (first byte picks the format).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| reconcile::fuzzing::load_markup_any(data));
