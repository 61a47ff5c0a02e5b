//! Learned trust (`--learn-trust`): sources whose figures others confirm gain trust, sources
//! others contradict lose it, copies confirm nothing, and the estimate settles.

mod truth_support;

use reconcile::compare::truth::{DEFAULT_TRUST, MAX_ITERATIONS};
use reconcile::compare::{Options, Reconciliation};
use truth_support::*;

fn learned(sources: &[Src], figs: &[Fig]) -> Reconciliation {
    let opts = Options {
        learn_trust: true,
        ..Options::default()
    };
    corpus_with(sources, figs, &opts)
}

fn trust_of(rec: &Reconciliation, id: &str) -> f64 {
    rec.trust
        .iter()
        .find(|t| t.source == id)
        .map(|t| t.learned)
        .unwrap_or(f64::NAN)
}

/// Three sources on three keys; `liar` contradicts the other two on every one. (On four or
/// more, `a` and `b` would share all their figures and count as copies of one origin.)
fn three_sources() -> (Vec<Src>, Vec<Fig>) {
    let sources = ["a", "b", "liar"].map(|s| src(s, "2025-07-29")).to_vec();
    let mut figs = Vec::new();
    for (i, key) in ["count", "count2", "count3"].iter().enumerate() {
        let v = 100.0 * (i + 1) as f64;
        figs.push(fig("a", key, v, &format!("A says {v} for {key}.")));
        figs.push(fig(
            "b",
            key,
            v,
            &format!("B reports {key} at {v} in its own words."),
        ));
        figs.push(fig(
            "liar",
            key,
            v * 2.0,
            &format!("Liar claims {key} is double."),
        ));
    }
    (sources, figs)
}

#[test]
fn a_source_others_contradict_loses_trust() {
    let (sources, figs) = three_sources();
    let rec = learned(&sources, &figs);
    let (a, b, liar) = (
        trust_of(&rec, "a"),
        trust_of(&rec, "b"),
        trust_of(&rec, "liar"),
    );
    assert!((a - b).abs() < 1e-12, "a and b are symmetric: {a} {b}");
    // By more than the margin at which trust decides a conflict (a tenth).
    assert!(liar < a - 0.1, "liar {liar} should trail a {a}");
    let t = rec.trust.iter().find(|t| t.source == "liar").unwrap();
    assert_eq!((t.facts, t.agreed, t.disputed), (3, 0, 3));
}

#[test]
fn the_estimate_settles_before_the_iteration_limit() {
    let (sources, figs) = three_sources();
    let rec = learned(&sources, &figs);
    let n = rec.trust[0].iterations;
    assert!(n > 1 && n < MAX_ITERATIONS, "{n} iterations");
    assert!(rec.trust.iter().all(|t| t.iterations == n));
}

#[test]
fn a_copy_that_agrees_with_its_origin_earns_neither_any_trust() {
    // `copy` repeats `a` word for word; together they contradict `b` on one key. As one
    // origin against one, neither side may come out ahead.
    let mut figs = Vec::new();
    for i in 0..5 {
        let s = format!("The annex lists {} items of kind {i}.", 10 + i);
        figs.push(loose("a", 10.0 + i as f64, &s));
        figs.push(loose("copy", 10.0 + i as f64, &s));
    }
    let said = "The ministry counts 4,000 firms in the country today.";
    figs.push(fig("a", "count", 4000.0, said));
    figs.push(fig("copy", "count", 4000.0, said));
    figs.push(fig(
        "b",
        "count",
        3000.0,
        "A trade body counts 3,000 firms.",
    ));
    let sources = [
        src("a", "2025-01-01"),
        src("copy", "2025-01-02"),
        src("b", "2025-01-01"),
    ];
    let rec = learned(&sources, &figs);
    assert_eq!(groups(&rec), vec![vec!["a", "copy"]]);
    let (a, b) = (trust_of(&rec, "a"), trust_of(&rec, "b"));
    assert!((a - b).abs() < 1e-9, "a {a} and b {b} should be equal");
    assert!((trust_of(&rec, "copy") - a).abs() < 1e-9);
}

#[test]
fn a_source_nobody_else_speaks_with_gets_the_average_not_the_optimistic_start() {
    let (mut sources, mut figs) = three_sources();
    sources.push(src("alone", "2025-07-29"));
    figs.push(fig(
        "alone",
        "count9",
        7.0,
        "Only this source gives count9.",
    ));
    let rec = learned(&sources, &figs);
    let alone = rec.trust.iter().find(|t| t.source == "alone").unwrap();
    assert_eq!(alone.facts, 0);
    let tested: Vec<f64> = ["a", "b", "liar"]
        .iter()
        .map(|s| trust_of(&rec, s))
        .collect();
    let mean = tested.iter().sum::<f64>() / 3.0;
    assert!((alone.learned - mean).abs() < 1e-12);
    assert!(alone.learned < DEFAULT_TRUST);
}

#[test]
fn an_untested_source_keeps_its_prior() {
    let (mut sources, mut figs) = three_sources();
    sources.push(src("agency", "2025-07-29").trust(0.97));
    figs.push(fig(
        "agency",
        "count9",
        7.0,
        "Only the agency gives count9.",
    ));
    let rec = learned(&sources, &figs);
    let agency = rec.trust.iter().find(|t| t.source == "agency").unwrap();
    assert_eq!((agency.prior, agency.learned), (Some(0.97), 0.97));
}

#[test]
fn a_prior_moves_the_starting_point_but_evidence_still_counts() {
    let (mut sources, figs) = three_sources();
    sources[2] = src("liar", "2025-07-29").trust(0.99);
    let rec = learned(&sources, &figs);
    assert!(trust_of(&rec, "liar") < trust_of(&rec, "a"));
}

#[test]
fn without_the_flag_nothing_is_learned() {
    let (sources, figs) = three_sources();
    assert!(corpus(&sources, &figs).trust.is_empty());
}

#[test]
fn learned_trust_does_not_depend_on_source_order() {
    let (sources, figs) = three_sources();
    let a = learned(&sources, &figs);
    let mut rev_s = sources.clone();
    rev_s.reverse();
    let mut rev_f = figs.clone();
    rev_f.reverse();
    let b = learned(&rev_s, &rev_f);
    assert_eq!(a.trust, b.trust);
}
