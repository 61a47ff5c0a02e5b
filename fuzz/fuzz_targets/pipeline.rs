//! The whole pipeline: the seed corpus plus one fuzzed source, every output format.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use reconcile::fuzzing::Corpus;

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        Corpus::load(&root.join("rules"), &root.join("seeds")).expect("the seed corpus loads")
    })
}

fuzz_target!(|data: &[u8]| reconcile::fuzzing::pipeline_any(corpus(), data));
