//! The conformance suites (Recognizers-Text and Duckling cases, `tests/conformance/`) may not
//! score below the committed baseline, and every skipped case must name a case and a reason.

use std::path::Path;

use reconcile::conformance;
use reconcile::lang::Languages;

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

#[test]
fn no_conformance_score_falls_below_the_baseline() {
    let scores = conformance::run(&dir(), &Languages::builtin()).expect("suites load");
    let baseline = std::fs::read_to_string(dir().join("baseline.toml")).expect("baseline.toml");
    let problems = conformance::check_baseline(&scores, &baseline).expect("baseline parses");
    assert!(
        problems.is_empty(),
        "{}\n\n{}",
        problems.join("\n"),
        conformance::table(&scores)
    );
}

#[test]
fn every_skip_names_a_case_and_gives_a_reason() {
    let skips = conformance::load_skips(&dir().join("skip.toml")).expect("skip.toml parses");
    for s in &skips {
        assert!(
            s.reason.trim().len() >= 20,
            "{} #{}: reason too short",
            s.suite,
            s.index
        );
    }
    // run() rejects a skip whose suite/index/input names no case
    conformance::run(&dir(), &Languages::builtin()).expect("every skip names a case");
}

#[test]
fn news_suites_meet_their_targets() {
    let scores = conformance::run(&dir(), &Languages::builtin()).expect("suites load");
    for t in conformance::totals(&scores) {
        let target = match (t.lang.as_str(), t.kind.as_str()) {
            ("en", "number" | "percent" | "money") => 0.95,
            ("tr", "number" | "percent" | "money") => 0.90,
            _ => continue,
        };
        for (name, v) in [("precision", t.precision()), ("recall", t.recall())] {
            let v = v.unwrap_or(0.0);
            assert!(
                v >= target,
                "{} {} {name} {v:.3} < {target}",
                t.lang,
                t.kind
            );
        }
    }
}
