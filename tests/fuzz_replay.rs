//! Replays the committed fuzz corpus through the same entry points the fuzz targets call
//! (`reconcile::fuzzing`), so CI checks every seed and every past crash even where cargo-fuzz
//! cannot run. Inputs live in `fuzz/seeds/<target>/` and `fuzz/regressions/<target>/`; a file
//! in a folder whose name is not a target fails the test, so a typo cannot hide a crash.

use std::path::{Path, PathBuf};

use reconcile::fuzzing::{self, Corpus};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every input for `target`, from seeds and regressions, sorted by path.
fn inputs(target: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for kind in ["seeds", "regressions"] {
        let dir = Path::new(ROOT).join("fuzz").join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        out.extend(
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file()),
        );
    }
    out.sort();
    out
}

/// Run `f` on every input of `target`, naming the input that failed.
fn replay(target: &str, f: impl Fn(&[u8])) -> usize {
    let inputs = inputs(target);
    for path in &inputs {
        let data = std::fs::read(path).expect("corpus file reads");
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&data)));
        if let Err(e) = result {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{} fails: {why}", path.display());
        }
    }
    inputs.len()
}

const TARGETS: &[&str] = &[
    "extract_en",
    "extract_tr",
    "load_rules",
    "load_markup",
    "pipeline",
];

#[test]
fn every_corpus_folder_names_a_fuzz_target() {
    for kind in ["seeds", "regressions"] {
        let dir = Path::new(ROOT).join("fuzz").join(kind);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            assert!(
                TARGETS.contains(&name.as_str()) || name.starts_with('.'),
                "fuzz/{kind}/{name} is not a fuzz target ({TARGETS:?})"
            );
        }
    }
}

#[test]
fn english_extraction_corpus_replays_clean() {
    assert!(replay("extract_en", |d| fuzzing::extract_any("en", d)) > 0);
}

#[test]
fn turkish_extraction_corpus_replays_clean() {
    assert!(replay("extract_tr", |d| fuzzing::extract_any("tr", d)) > 0);
}

#[test]
fn rule_loader_corpus_replays_clean() {
    let context = reconcile::rules::compile::read_dir(&Path::new(ROOT).join("rules"))
        .expect("the project's rules read");
    assert!(replay("load_rules", |d| fuzzing::load_rules_any(&context, d)) > 0);
}

#[test]
fn markup_loader_corpus_replays_clean() {
    assert!(replay("load_markup", fuzzing::load_markup_any) > 0);
}

#[test]
fn pipeline_corpus_replays_clean() {
    let root = Path::new(ROOT);
    let corpus =
        Corpus::load(&root.join("rules"), &root.join("seeds")).expect("the seed corpus loads");
    assert!(replay("pipeline", |d| fuzzing::pipeline_any(&corpus, d)) > 0);
}
