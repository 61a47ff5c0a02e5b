//! Which figure to trust in a conflict, and the reason in plain words: independent origins
//! first (copies count once), then trust, then for stocks and targets the newer statement,
//! then the origin of a copy over the copy, then precision.

mod truth_support;

use reconcile::compare::{Options, Verdict};
use reconcile::extract::Hedge;
use truth_support::*;

/// `n` unmapped figures shared by `a` and `b` in the same words, so they are one origin.
fn shared_story(a: &str, b: &str, n: usize) -> Vec<Fig> {
    (0..n)
        .flat_map(|i| {
            let s = format!(
                "The report lists {} items of kind number {i} in its annex.",
                100 + i
            );
            [
                loose(a, 100.0 + i as f64, &s),
                loose(b, 100.0 + i as f64, &s),
            ]
        })
        .collect()
}

#[test]
fn two_copies_of_one_story_lose_to_two_independent_sources() {
    let mut figs = shared_story("wire", "reprint", 5);
    figs.extend([
        fig("wire", "count", 4000.0, "Wire: approximately 4,000 visits.").hedge(Hedge::Approx),
        fig("reprint", "count", 4000.0, "Reprint: some 4,000 visits.").hedge(Hedge::Approx),
        fig("x", "count", 3500.0, "X: around 3,500 visits.").hedge(Hedge::Approx),
        fig("y", "count", 3538.0, "Y: 3,538 visits were counted."),
    ]);
    let sources = [
        src("wire", "2025-07-29"),
        src("reprint", "2025-07-30"),
        src("x", "2025-07-29"),
        src("y", "2025-07-29"),
    ];
    let rec = corpus(&sources, &figs);
    assert_eq!(suggested(&rec, "count"), 3538.0);
    let why = why(&rec, "count");
    assert!(
        why.starts_with(
            "3,538 (y): backed by 2 independent sources against 1, and it is the more precise"
        ),
        "{why}"
    );
    assert!(
        why.contains("around 4,000 (reprint, wire) disagree, and reprint appears to copy wire"),
        "{why}"
    );
}

#[test]
fn without_the_copy_the_same_count_of_sources_ties_and_precision_decides() {
    let figs = [
        fig("a", "count", 4000.0, "A: approximately 4,000 visits.").hedge(Hedge::Approx),
        fig("b", "count", 4000.0, "B: some 4,000 visits.").hedge(Hedge::Approx),
        fig("x", "count", 3500.0, "X: around 3,500 visits.").hedge(Hedge::Approx),
        fig("y", "count", 3538.0, "Y: 3,538 visits were counted."),
    ];
    let sources = ["a", "b", "x", "y"].map(|s| src(s, "2025-07-29"));
    let rec = corpus(&sources, &figs);
    assert_eq!(suggested(&rec, "count"), 3538.0);
    assert!(
        why(&rec, "count").starts_with(
            "3,538 (y): 2 independent sources on each side, so the more precise figure wins"
        ),
        "{}",
        why(&rec, "count")
    );
}

#[test]
fn three_independent_sources_outweigh_a_more_precise_one() {
    let figs = [
        fig("a", "count", 4000.0, "A: approximately 4,000.").hedge(Hedge::Approx),
        fig("b", "count", 4000.0, "B: some 4,000.").hedge(Hedge::Approx),
        fig("c", "count", 4000.0, "C: about 4,000.").hedge(Hedge::Approx),
        fig("y", "count", 3538.0, "Y: 3,538."),
    ];
    let sources = ["a", "b", "c", "y"].map(|s| src(s, "2025-07-29"));
    let rec = corpus(&sources, &figs);
    assert_eq!(suggested(&rec, "count"), 4000.0);
    assert!(why(&rec, "count").contains("backed by 3 independent sources against 1"));
}

#[test]
fn a_trusted_outlet_outweighs_two_doubtful_ones() {
    let figs = [
        fig("tabloid", "count", 4000.0, "Tabloid: 4,000."),
        fig("blog", "count", 4000.0, "Blog: 4,000."),
        fig("agency", "count", 3000.0, "Statistics agency: 3,000."),
    ];
    let sources = [
        src("tabloid", "2025-07-29").trust(0.2),
        src("blog", "2025-07-29").trust(0.2),
        src("agency", "2025-07-29").trust(0.95),
    ];
    let rec = corpus(&sources, &figs);
    assert_eq!(suggested(&rec, "count"), 3000.0);
    let why = why(&rec, "count");
    assert!(
        why.contains("backed by more trusted sources (prior trust summed over independent sources: 0.95 against 0.40)"),
        "{why}"
    );
}

#[test]
fn for_a_stock_the_newer_statement_wins_a_tie() {
    let figs = [
        fig("old", "stock", 4000.0, "Old: approximately 4,000 firms.").hedge(Hedge::Approx),
        fig("new", "stock", 5000.0, "New: around 5,000 firms.").hedge(Hedge::Approx),
        fig("mid", "stock", 3000.0, "Mid: 3,000 firms."),
    ];
    // `old` and `mid` speak at one moment and disagree; `new` comes a year later.
    let sources = [
        src("old", "2024-01-01"),
        src("mid", "2024-01-15"),
        src("new", "2025-01-01"),
    ];
    let rec = corpus(&sources, &figs);
    let f = finding(&rec, "stock");
    assert_eq!(f.verdict, Verdict::Conflict);
    assert_eq!(suggested(&rec, "stock"), 5000.0);
    assert!(
        why(&rec, "stock").contains("so the newer statement wins (2025-01-01 against 2024-01-15)"),
        "{}",
        why(&rec, "stock")
    );
}

#[test]
fn for_a_count_of_events_recency_does_not_decide() {
    let figs = [
        fig("old", "count", 20.0, "Old: almost 20 visits.").hedge(Hedge::Almost),
        fig("new", "count", 20.0, "New: more than 20 visits.").hedge(Hedge::Over),
    ];
    let sources = [src("old", "2024-01-01"), src("new", "2026-01-01")];
    let rec = corpus(&sources, &figs);
    assert!(
        !why(&rec, "count").contains("newer"),
        "{}",
        why(&rec, "count")
    );
}

#[test]
fn where_a_copy_changes_a_figure_the_origin_is_suggested() {
    let mut figs = shared_story("origin", "digest", 5);
    figs.extend([
        fig(
            "origin",
            "count",
            2.5e9,
            "Investments have exceeded $2.5 billion.",
        )
        .hedge(Hedge::Over),
        fig("digest", "count", 1.5e9, "Investments exceed $1.5 billion.").hedge(Hedge::Over),
    ]);
    let sources = [src("origin", "2025-07-29"), src("digest", "2025-07-30")];
    let rec = corpus(&sources, &figs);
    assert_eq!(suggested(&rec, "count"), 2.5e9);
    let why = why(&rec, "count");
    assert!(
        why.starts_with("over 2.5 billion (origin): digest appears to copy origin (5 of 6 figures shared), but changes this figure"),
        "{why}"
    );
}

#[test]
fn among_agreeing_figures_the_origin_is_quoted_not_its_copy() {
    let mut figs = shared_story("origin", "digest", 5);
    figs.extend([
        fig(
            "origin",
            "count",
            18.0,
            "Origin: 18 agreements were signed.",
        ),
        fig("digest", "count", 18.0, "Digest: 18 agreements."),
    ]);
    let sources = [src("origin", "2025-07-29"), src("digest", "2025-07-30")];
    let rec = corpus(&sources, &figs);
    let why = why(&rec, "count");
    assert_eq!(
        why,
        "18 (origin): the most precise of 2 agreeing sources, only 1 independent: digest appears to copy origin (6 of 6 figures shared)"
    );
}

#[test]
fn a_newer_target_is_suggested_and_the_older_one_is_superseded() {
    let figs = [
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
    let sources = [
        src("s2022", "2022-10-13"),
        src("s2025a", "2025-07-29"),
        src("s2025b", "2025-07-30"),
    ];
    let rec = corpus(&sources, &figs);
    let f = finding(&rec, "target");
    assert_eq!(f.verdict, Verdict::Superseded);
    assert_eq!(suggested(&rec, "target"), 15e9);
    let old = f
        .claims
        .iter()
        .find(|c| c.claim.source() == "s2022")
        .unwrap();
    assert_eq!(old.superseded_by.as_deref(), Some("s2025a, s2025b"));
    assert!(
        why(&rec, "target").contains(
            "the newest statement, as of 2025-07-30; it replaced $10 billion (s2022) of 2022-10-13"
        ),
        "{}",
        why(&rec, "target")
    );
}

#[test]
fn a_figure_moved_to_another_year_by_a_copy_names_the_origins_year() {
    let mut figs = shared_story("wire", "rewrite", 5);
    figs.extend([
        fig("wire", "flow", 863000.0, "In 2023, 863,000 visitors came.").year(2023),
        fig(
            "rewrite",
            "flow",
            863000.0,
            "2024 yılında 863 bin turist geldi.",
        )
        .year(2024),
    ]);
    let sources = [src("wire", "2025-07-29"), src("rewrite", "2026-02-02")];
    let rec = corpus(&sources, &figs);
    assert_eq!(finding(&rec, "flow").verdict, Verdict::PeriodConflict);
    let why = why(&rec, "flow");
    assert!(
        why.ends_with("rewrite appears to copy wire (6 of 6 figures shared), so one of them moved the figure; the likely origin, wire, says 2023"),
        "{why}"
    );
}

#[test]
fn learned_trust_decides_only_when_it_differs_clearly() {
    // Two sources disagree on one key and agree with a third elsewhere equally: learned trust
    // is about equal, so it must not decide; precision does.
    let figs = [
        fig("a", "count", 4000.0, "A: around 4,000.").hedge(Hedge::Approx),
        fig("b", "count", 3538.0, "B: 3,538."),
        fig("a", "count2", 14.0, "A: 14 meetings."),
        fig("c", "count2", 14.0, "C: fourteen meetings, 14."),
        fig("b", "count3", 78.0, "B: 78 projects."),
        fig("c", "count3", 78.0, "C: 78 projects in all."),
    ];
    let sources = ["a", "b", "c"].map(|s| src(s, "2025-07-29"));
    let opts = Options {
        learn_trust: true,
        ..Options::default()
    };
    let rec = corpus_with(&sources, &figs, &opts);
    assert_eq!(suggested(&rec, "count"), 3538.0);
    assert!(
        why(&rec, "count").contains("so the more precise figure wins"),
        "{}",
        why(&rec, "count")
    );
}
