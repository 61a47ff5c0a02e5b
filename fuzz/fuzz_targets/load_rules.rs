//! The rule-file loader on arbitrary TOML, alone and beside the project's own rules.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn context() -> &'static [(PathBuf, String)] {
    static CONTEXT: OnceLock<Vec<(PathBuf, String)>> = OnceLock::new();
    CONTEXT.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rules");
        reconcile::rules::compile::read_dir(&dir).expect("the project's rules load")
    })
}

fuzz_target!(|data: &[u8]| reconcile::fuzzing::load_rules_any(context(), data));
