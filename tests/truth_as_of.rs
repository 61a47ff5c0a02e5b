//! `report --as-of DATE`: the corpus as it stood on that date, and time for stocks and
//! targets (a newer figure supersedes an older one; partial periods never fight the year).

mod truth_support;

use reconcile::compare::{Options, Verdict};
use reconcile::extract::{Hedge, Period, PeriodKind};
use truth_support::*;

fn as_of(d: &str) -> Options {
    Options {
        as_of: Some(date(d)),
        ..Options::default()
    }
}

fn targets() -> (Vec<Src>, Vec<Fig>) {
    let sources = vec![
        src("s2022", "2022-10-13"),
        src("s2025a", "2025-07-29"),
        src("s2025b", "2025-07-30"),
    ];
    let figs = vec![
        fig("s2022", "target", 10e9, "Trade is to reach $10 billion.").usd(),
        fig(
            "s2025a",
            "target",
            15e9,
            "We aim to boost trade to $15 billion.",
        )
        .usd(),
        fig(
            "s2025b",
            "target",
            15e9,
            "They aim to raise it to $15 billion.",
        )
        .usd(),
    ];
    (sources, figs)
}

#[test]
fn before_the_new_target_was_set_the_old_one_stands_alone() {
    let (sources, figs) = targets();
    let rec = corpus_with(&sources, &figs, &as_of("2024-12-31"));
    let f = finding(&rec, "target");
    assert_eq!(f.verdict, Verdict::SingleSource);
    assert_eq!(suggested(&rec, "target"), 10e9);
    assert_eq!(rec.sources.len(), 1);
    assert_eq!(rec.stats.sources, 1);
    assert_eq!(rec.stats.mapped, 1);
    assert_eq!(rec.as_of, Some(date("2024-12-31")));
}

#[test]
fn on_the_day_of_the_new_target_the_old_one_is_superseded() {
    let (sources, figs) = targets();
    let rec = corpus_with(&sources, &figs, &as_of("2025-07-29"));
    let f = finding(&rec, "target");
    assert_eq!(f.verdict, Verdict::Superseded);
    assert_eq!(rec.sources.len(), 2, "s2025b came a day later");
}

#[test]
fn a_claim_dated_after_the_date_is_left_out_even_if_its_source_is_older() {
    let sources = [src("a", "2025-01-10"), src("b", "2025-01-10")];
    let stated = Period {
        kind: PeriodKind::AsOf,
        start: date("2025-06-01"),
        end: date("2025-06-01"),
    };
    let mut later = fig(
        "a",
        "stock",
        900.0,
        "As of June 2025 there will be 900 firms.",
    );
    later.period = Some(stated);
    let figs = [
        fig("a", "stock", 500.0, "There are 500 firms."),
        fig("b", "stock", 505.0, "Some 505 firms exist.").hedge(Hedge::Approx),
        later,
    ];
    let rec = corpus_with(&sources, &figs, &as_of("2025-03-01"));
    let f = finding(&rec, "stock");
    assert_eq!(f.claims.len(), 2);
    assert_eq!(f.verdict, Verdict::Agree);
}

#[test]
fn an_undated_source_is_kept_with_a_warning() {
    let sources = [
        src("dated", "2026-01-01"),
        src("undated", "2000-01-01").undated(),
    ];
    let figs = [
        fig("dated", "count", 5.0, "Five."),
        fig("undated", "count", 5.0, "5 of them."),
    ];
    let rec = corpus_with(&sources, &figs, &as_of("2025-01-01"));
    assert_eq!(rec.sources.len(), 1);
    assert_eq!(rec.sources.get(0).map(|s| s.id), Some("undated"));
    assert_eq!(rec.warnings.len(), 1);
    assert_eq!(
        rec.warnings[0].message,
        "no publication date; kept in the corpus as of 2025-01-01, though it may be later"
    );
}

#[test]
fn copies_are_detected_only_among_the_sources_of_the_day() {
    let mut figs = Vec::new();
    for i in 0..5 {
        let s = format!("The annex lists {} items of kind {i}.", 10 + i);
        figs.push(loose("wire", 10.0 + i as f64, &s));
        figs.push(loose("reprint", 10.0 + i as f64, &s));
    }
    let sources = [src("wire", "2025-01-01"), src("reprint", "2025-02-01")];
    assert_eq!(corpus(&sources, &figs).copies.len(), 1);
    let rec = corpus_with(&sources, &figs, &as_of("2025-01-15"));
    assert!(rec.copies.is_empty());
    assert_eq!(rec.stats.unmapped, 5);
}

#[test]
fn january_to_may_never_conflicts_with_the_whole_year() {
    let sources = [src("a", "2025-07-29"), src("b", "2025-07-29")];
    let mut jan_may = fig(
        "a",
        "flow",
        1.9e9,
        "Over $1.9 billion in the first five months.",
    )
    .usd()
    .hedge(Hedge::Over);
    jan_may.period = Some(Period {
        kind: PeriodKind::Months,
        start: date("2024-01-01"),
        end: date("2024-05-31"),
    });
    let figs = [
        fig("a", "flow", 5e9, "In 2024 trade surpassed $5 billion.")
            .usd()
            .hedge(Hedge::Over)
            .year(2024),
        jan_may,
        fig("b", "flow", 5e9, "Trade reached $5 billion in 2024.")
            .usd()
            .year(2024),
    ];
    let rec = corpus(&sources, &figs);
    assert_eq!(finding(&rec, "flow").verdict, Verdict::Agree);
}
