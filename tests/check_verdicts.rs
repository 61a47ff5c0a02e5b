//! Draft verdicts from hand-built corpora: what `reconcile check` says of one draft figure,
//! independent of extraction and rules.

mod check_support;

use check_support::*;
use reconcile::baseline::Baseline;
use reconcile::check::{DraftVerdict, Quiet, Relation};
use reconcile::compare::Severity;
use reconcile::extract::{Hedge, Unit};
use reconcile::rules::KeyKind;

fn companies() -> Vec<Fig> {
    let k = "companies";
    vec![
        fig(k, "000", 3500.0)
            .hedge(Hedge::Approx)
            .published("2025-07-29"),
        fig(k, "001", 4000.0)
            .hedge(Hedge::Approx)
            .published("2025-07-29"),
        fig(k, "002", 4000.0)
            .hedge(Hedge::Approx)
            .published("2025-07-30"),
        fig(k, "004", 3538.0).published("2026-02-02"),
    ]
}

fn visa() -> Vec<Fig> {
    let k = "visa_days";
    vec![
        fig(k, "000", 90.0).days().published("2025-07-29"),
        fig(k, "001", 90.0).days().published("2025-07-29"),
        fig(k, "004", 90.0).days().published("2026-02-02"),
    ]
}

fn trade() -> Vec<Fig> {
    let k = "trade";
    vec![
        fig(k, "000", 5e9)
            .usd()
            .hedge(Hedge::Over)
            .year(2024)
            .published("2025-07-29"),
        fig(k, "000", 1.9e9)
            .usd()
            .hedge(Hedge::Over)
            .months(2024, 1, 5)
            .published("2025-07-29"),
        fig(k, "001", 5e9).usd().year(2024).published("2025-07-29"),
        fig(k, "002", 5e9).usd().published("2025-07-30"),
        fig(k, "004", 5e9).usd().year(2024).published("2026-02-02"),
        fig(k, "004", 1.9e9)
            .usd()
            .hedge(Hedge::Over)
            .months(2024, 1, 5)
            .published("2026-02-02"),
    ]
}

fn tourists() -> Vec<Fig> {
    let k = "tourists";
    vec![
        fig(k, "000", 863000.0).year(2023).published("2025-07-29"),
        fig(k, "004", 863000.0).year(2024).published("2026-02-02"),
    ]
}

fn target() -> Vec<Fig> {
    let k = "target";
    vec![
        fig(k, "001", 15e9).usd().published("2025-07-29"),
        fig(k, "002", 15e9).usd().published("2025-07-30"),
        fig(k, "003", 10e9).usd().published("2022-10-13"),
    ]
}

#[test]
fn sixty_days_visa_free_is_contradicted_by_ninety() {
    let f = judge(
        KeyKind::Stock,
        &visa(),
        fig("visa_days", "draft", 60.0).days(),
    );
    assert_eq!(f.verdict, DraftVerdict::Contradicted);
    assert_eq!(f.severity(), Severity::Error);
    assert_eq!(f.message, "60 disagrees with 90 (000, 001, 004)");
    assert!(f.sources.iter().all(|e| !e.agrees));
}

#[test]
fn ninety_days_visa_free_is_supported() {
    let f = judge(
        KeyKind::Stock,
        &visa(),
        fig("visa_days", "draft", 90.0).days(),
    );
    assert_eq!(f.verdict, DraftVerdict::Supported);
    assert_eq!(f.message, "90 agrees with 90 (000, 001, 004)");
}

#[test]
fn around_4000_companies_is_disputed_and_sides_with_001_and_002() {
    let draft = fig("companies", "draft", 4000.0).hedge(Hedge::Approx);
    let f = judge(KeyKind::Stock, &companies(), draft);
    assert_eq!(f.verdict, DraftVerdict::Disputed);
    assert_eq!(f.severity(), Severity::Warning);
    assert_eq!(
        f.message,
        "sources disagree: around 4,000 sides with around 4,000 (001, 002) against around 3,500 (000) and 3,538 (004)"
    );
    let side: Vec<&str> = f
        .sources
        .iter()
        .filter(|e| e.agrees)
        .map(|e| e.claim.claim.source())
        .collect();
    assert_eq!(side, vec!["001", "002"]);
}

#[test]
fn a_figure_no_source_gives_while_they_disagree_is_contradicted() {
    let f = judge(
        KeyKind::Stock,
        &companies(),
        fig("companies", "draft", 5000.0),
    );
    assert_eq!(f.verdict, DraftVerdict::Contradicted);
    assert!(f.message.contains("agrees with no source"), "{}", f.message);
}

#[test]
fn five_billion_of_trade_in_2024_is_supported() {
    let draft = fig("trade", "draft", 5e9).usd().year(2024);
    let f = judge(KeyKind::Flow, &trade(), draft);
    assert_eq!(f.verdict, DraftVerdict::Supported, "{}", f.message);
    // The January–May figures are another period: they do not speak of it.
    assert!(f.sources.iter().all(|e| e.claim.claim.value() == Some(5e9)));
}

#[test]
fn an_undated_trade_figure_is_read_as_the_latest_whole_year() {
    let f = judge(KeyKind::Flow, &trade(), fig("trade", "draft", 5e9).usd());
    assert_eq!(f.verdict, DraftVerdict::Supported, "{}", f.message);
}

#[test]
fn the_five_month_figure_given_for_the_whole_year_is_contradicted_and_says_which_period() {
    let draft = fig("trade", "draft", 1.9e9)
        .usd()
        .hedge(Hedge::Over)
        .year(2024);
    let f = judge(KeyKind::Flow, &trade(), draft);
    assert_eq!(f.verdict, DraftVerdict::Contradicted);
    assert!(
        f.message.contains("for 2024-01..2024-05 (000, 004)"),
        "{}",
        f.message
    );
    assert!(f
        .sources
        .iter()
        .any(|e| e.relation == Relation::OtherPeriod));
}

#[test]
fn tourists_in_2024_is_a_period_mismatch_when_another_source_dates_them_2023() {
    let draft = fig("tourists", "draft", 863000.0).year(2024);
    let f = judge(KeyKind::Flow, &tourists(), draft);
    assert_eq!(f.verdict, DraftVerdict::PeriodMismatch);
    assert_eq!(f.severity(), Severity::Warning);
    assert!(f.message.contains("for 2023 (000)"), "{}", f.message);
}

#[test]
fn a_figure_the_sources_give_only_for_other_years_is_a_period_mismatch() {
    let draft = fig("tourists", "draft", 863000.0).year(2022);
    let f = judge(KeyKind::Flow, &tourists(), draft);
    assert_eq!(f.verdict, DraftVerdict::PeriodMismatch);
    assert_eq!(
        f.message,
        "863,000 for 2022: the sources give it for 2023 (000) and for 2024 (004), not for 2022"
    );
}

#[test]
fn a_year_no_source_speaks_of_is_unverified() {
    let draft = fig("tourists", "draft", 500000.0).year(2019);
    let f = judge(KeyKind::Flow, &tourists(), draft);
    assert_eq!(f.verdict, DraftVerdict::Unverified);
}

#[test]
fn the_replaced_trade_target_is_contradicted_and_named_as_replaced() {
    let f = judge(
        KeyKind::Target,
        &target(),
        fig("target", "draft", 10e9).usd(),
    );
    assert_eq!(f.verdict, DraftVerdict::Contradicted);
    assert!(
        f.message
            .contains("was the figure in 003 until 001, 002 replaced it"),
        "{}",
        f.message
    );
    assert!(f.sources.iter().any(|e| e.relation == Relation::Replaced));
}

#[test]
fn the_current_trade_target_is_supported_without_the_replaced_one() {
    let f = judge(
        KeyKind::Target,
        &target(),
        fig("target", "draft", 15e9).usd(),
    );
    assert_eq!(f.verdict, DraftVerdict::Supported);
    assert_eq!(f.sources.len(), 2);
}

#[test]
fn a_key_no_source_speaks_of_is_unverified() {
    let f = judge(KeyKind::Count, &visa(), fig("meetings", "draft", 14.0));
    assert_eq!(f.verdict, DraftVerdict::Unverified);
    assert_eq!(f.message, "14: no source gives a figure for meetings");
    assert_eq!(f.severity(), Severity::Info);
}

#[test]
fn an_unmapped_draft_figure_is_listed_as_unverified_without_a_key() {
    let rules = rules(vec![key("visa_days", KeyKind::Stock, Unit::Count)]);
    let out = check_draft(
        &rules,
        &visa(),
        &draft_source("x"),
        &[fig("visa_days", "draft", 90.0).at(2, 1)],
        &[fig("", "draft", 34.0).at(1, 5)],
    );
    let verdicts: Vec<(Option<&str>, DraftVerdict)> =
        out.iter().map(|f| (f.key.as_deref(), f.verdict)).collect();
    assert_eq!(
        verdicts,
        vec![
            (None, DraftVerdict::Unverified),
            (Some("visa_days"), DraftVerdict::Supported)
        ],
        "every figure appears, in the draft's order"
    );
}

#[test]
fn a_suppression_silences_its_key_in_its_paragraph_only() {
    let rules = rules(vec![key("visa_days", KeyKind::Stock, Unit::Count)]);
    let mut draft = draft_source(&"x".repeat(200));
    draft.suppressions = vec![suppression(
        "visa_days",
        "checked with the ministry",
        50,
        100,
    )];
    let out = check_draft(
        &rules,
        &visa(),
        &draft,
        &[
            fig("visa_days", "draft", 60.0).at(3, 1).span(60, 62),
            fig("visa_days", "draft", 60.0).at(9, 1).span(150, 152),
        ],
        &[],
    );
    assert_eq!(
        out[0].quiet,
        Some(Quiet::InSource {
            reason: "checked with the ministry".into(),
            line: 1
        })
    );
    assert_eq!(out[1].quiet, None, "the next paragraph is not silenced");
}

#[test]
fn a_suppression_of_another_key_does_not_silence() {
    let rules = rules(vec![key("visa_days", KeyKind::Stock, Unit::Count)]);
    let mut draft = draft_source(&"x".repeat(200));
    draft.suppressions = vec![suppression("other_key", "why", 0, 200)];
    let out = check_draft(
        &rules,
        &visa(),
        &draft,
        &[fig("visa_days", "draft", 60.0).span(10, 12)],
        &[],
    );
    assert_eq!(out[0].quiet, None);
}

#[test]
fn moving_a_figure_keeps_its_fingerprint_but_changing_it_does_not() {
    let here = judge(
        KeyKind::Stock,
        &visa(),
        fig("visa_days", "draft", 60.0).at(3, 10),
    );
    let moved = judge(
        KeyKind::Stock,
        &visa(),
        fig("visa_days", "draft", 60.0).at(40, 2),
    );
    let changed = judge(
        KeyKind::Stock,
        &visa(),
        fig("visa_days", "draft", 45.0).at(3, 10),
    );
    assert_eq!(here.fingerprint, moved.fingerprint);
    assert_ne!(here.fingerprint, changed.fingerprint);
    let mut sources = visa();
    sources[0].value = 30.0;
    let source_changed = judge(
        KeyKind::Stock,
        &sources,
        fig("visa_days", "draft", 60.0).at(3, 10),
    );
    assert_ne!(here.fingerprint, source_changed.fingerprint);
}

#[test]
fn a_baseline_quiets_accepted_findings_until_the_figures_change() {
    let accepted = judge(KeyKind::Stock, &visa(), fig("visa_days", "draft", 60.0));
    let mut file = Vec::new();
    reconcile::baseline::write([&accepted], &mut file).unwrap();
    let baseline = Baseline::parse(
        std::path::Path::new("b.json"),
        &String::from_utf8(file).unwrap(),
    )
    .unwrap();

    let mut again = vec![judge(
        KeyKind::Stock,
        &visa(),
        fig("visa_days", "draft", 60.0).at(7, 3),
    )];
    baseline.apply(&mut again);
    assert_eq!(again[0].quiet, Some(Quiet::Baseline));

    let mut changed = vec![judge(
        KeyKind::Stock,
        &visa(),
        fig("visa_days", "draft", 45.0),
    )];
    baseline.apply(&mut changed);
    assert_eq!(changed[0].quiet, None);
}

#[test]
fn the_verdict_does_not_depend_on_the_order_of_sources() {
    let draft = fig("companies", "draft", 4000.0).hedge(Hedge::Approx);
    let a = judge(KeyKind::Stock, &companies(), draft.clone());
    let mut reversed = companies();
    reversed.reverse();
    let b = judge(KeyKind::Stock, &reversed, draft);
    assert_eq!(a.verdict, b.verdict);
    assert_eq!(a.message, b.message);
    assert_eq!(a.fingerprint, b.fingerprint);
}

#[test]
fn a_suppression_that_silences_nothing_is_reported() {
    let rules = rules(vec![key("visa_days", KeyKind::Stock, Unit::Count)]);
    let mut draft = draft_source(&"x".repeat(200));
    draft.suppressions = vec![
        suppression("visa_days", "used", 0, 50),
        suppression("visa_dayz", "misspelt", 0, 50),
        suppression("visa_days", "drifted", 100, 150),
    ];
    let out = check_draft(
        &rules,
        &visa(),
        &draft,
        &[fig("visa_days", "draft", 60.0).span(10, 12)],
        &[],
    );
    let unused: Vec<&str> = reconcile::check::unused_suppressions(&draft, &out)
        .iter()
        .map(|s| s.reason.as_str())
        .collect();
    assert_eq!(unused, vec!["misspelt", "drifted"]);
}
