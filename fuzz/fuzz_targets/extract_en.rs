//! Extraction on arbitrary text read as language `en`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| reconcile::fuzzing::extract_any("en", data));
