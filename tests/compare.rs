//! Verdicts from hand-built claims: the comparison semantics of SPEC.md, independent of
//! extraction and rules.

use std::path::PathBuf;

use chrono::NaiveDate;
use reconcile::compare::{reconcile, SourceInfo, Verdict};
use reconcile::extract::{Hedge, Mention, Period, PeriodKind, Unit};
use reconcile::normalize::{Claim, Located, Normalized};
use reconcile::rules::{Key, KeyKind, RuleSet};
use reconcile::text::Span;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn key(id: &str, kind: KeyKind, unit: Unit) -> Key {
    Key {
        id: id.into(),
        labels: [("en".to_string(), id.replace('_', " "))].into(),
        unit,
        kind,
        tolerance: 0.02,
        approx: 0.05,
        slack: 0.10,
        file: PathBuf::from("rules/test.toml"),
        line: 1,
    }
}

struct C {
    key: &'static str,
    source: &'static str,
    value: f64,
    hedge: Hedge,
    period: Option<Period>,
    published: &'static str,
}

fn claim(c: &C) -> Claim {
    let mention = Mention {
        span: Span::new(0, 1),
        sentence: Span::new(0, 1),
        value: Some(c.value),
        upper: None,
        unit: Unit::Count,
        hedge: c.hedge,
        period: c.period,
        previous: None,
        ignored: None,
    };
    let as_of = reconcile::normalize::as_of(&mention, Some(date(c.published)));
    Claim {
        key: c.key.into(),
        at: Located {
            source: c.source.into(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 2,
            text: format!("{}", c.value).into(),
            sentence: Default::default(),
            mention,
        },
        as_of,
        evidence: vec![],
    }
}

#[allow(clippy::field_reassign_with_default)] // RuleSet grows fields the test does not need
fn verdict_of(kind: KeyKind, claims: &[C]) -> (Verdict, String) {
    let mut rules = RuleSet::default();
    rules.keys = vec![key("k", kind, Unit::Count)];
    let all = Normalized {
        claims: claims.iter().map(claim).collect(),
        ..Default::default()
    };
    let sources = claims
        .iter()
        .map(|c| SourceInfo {
            id: c.source.into(),
            path: c.source.into(),
            lang: "en".into(),
            published: Some(date(c.published)),
            outlet: None,
            trust: None,
        })
        .collect();
    let rec = reconcile(sources, all, &rules);
    let f = &rec.findings[0];
    (f.verdict, f.message.clone())
}

fn c(source: &'static str, value: f64, hedge: Hedge, published: &'static str) -> C {
    C {
        key: "k",
        source,
        value,
        hedge,
        period: None,
        published,
    }
}

fn in_year(mut c: C, y: i32) -> C {
    c.period = Period::year(y);
    c
}

fn months(mut c: C, y: i32, from: u32, to: u32) -> C {
    c.period = Some(Period {
        kind: PeriodKind::Months,
        start: NaiveDate::from_ymd_opt(y, from, 1).unwrap(),
        end: NaiveDate::from_ymd_opt(y, to + 1, 1)
            .unwrap()
            .pred_opt()
            .unwrap(),
    });
    c
}

#[test]
fn four_thousand_conflicts_with_3500_and_3538_at_the_same_moment() {
    let (v, msg) = verdict_of(
        KeyKind::Stock,
        &[
            c("000", 3500.0, Hedge::Approx, "2025-07-29"),
            c("001", 4000.0, Hedge::Approx, "2025-07-29"),
            c("002", 4000.0, Hedge::Approx, "2025-07-30"),
            c("004", 3538.0, Hedge::Exact, "2026-02-02"),
        ],
    );
    assert_eq!(v, Verdict::Conflict);
    assert_eq!(
        msg,
        "around 4,000 (001, 002) disagrees with around 3,500 (000) and 3,538 (004)"
    );
}

#[test]
fn almost_20_and_more_than_20_visits_conflict_whenever_written() {
    let (v, _) = verdict_of(
        KeyKind::Count,
        &[
            c("000", 20.0, Hedge::Almost, "2025-07-29"),
            c("004", 20.0, Hedge::Over, "2026-02-02"),
        ],
    );
    assert_eq!(v, Verdict::Conflict);
}

#[test]
fn a_newer_target_supersedes_an_older_one() {
    let (v, msg) = verdict_of(
        KeyKind::Target,
        &[
            c("001", 15e9, Hedge::Exact, "2025-07-29"),
            c("002", 15e9, Hedge::Exact, "2025-07-30"),
            c("003", 10e9, Hedge::Exact, "2022-10-13"),
        ],
    );
    assert_eq!(v, Verdict::Superseded);
    assert!(msg.contains("replaced by"), "{msg}");
}

#[test]
fn the_same_figure_in_different_years_is_a_period_conflict() {
    let (v, msg) = verdict_of(
        KeyKind::Flow,
        &[
            in_year(c("000", 863000.0, Hedge::Exact, "2025-07-29"), 2023),
            in_year(c("004", 863000.0, Hedge::Exact, "2026-02-02"), 2024),
        ],
    );
    assert_eq!(v, Verdict::PeriodConflict);
    assert_eq!(msg, "863,000 is dated 2023 by 000 and 2024 by 004");
}

#[test]
fn a_partial_year_never_conflicts_with_the_whole_year() {
    let (v, _) = verdict_of(
        KeyKind::Flow,
        &[
            in_year(c("000", 5e9, Hedge::Over, "2025-07-29"), 2024),
            months(c("000", 1.9e9, Hedge::Over, "2025-07-29"), 2024, 1, 5),
            in_year(c("001", 5e9, Hedge::Exact, "2025-07-29"), 2024),
            c("002", 5e9, Hedge::Exact, "2025-07-30"),
            months(c("004", 1.9e9, Hedge::Over, "2026-02-02"), 2024, 1, 5),
        ],
    );
    assert_eq!(v, Verdict::Agree);
}

#[test]
fn a_flow_without_period_is_read_as_the_latest_whole_period() {
    let (v, _) = verdict_of(
        KeyKind::Flow,
        &[
            in_year(c("001", 5e9, Hedge::Exact, "2025-07-29"), 2024),
            c("002", 7e9, Hedge::Exact, "2025-07-30"),
        ],
    );
    assert_eq!(v, Verdict::Conflict);
}

#[test]
fn one_source_alone_is_single_source() {
    let (v, msg) = verdict_of(
        KeyKind::Count,
        &[c("001", 18.0, Hedge::Exact, "2025-07-29")],
    );
    assert_eq!(v, Verdict::SingleSource);
    assert_eq!(msg, "only 001 gives a figure: 18 (001)");
}

#[test]
fn verdict_does_not_depend_on_claim_order() {
    let claims = || {
        vec![
            c("004", 3538.0, Hedge::Exact, "2026-02-02"),
            c("002", 4000.0, Hedge::Approx, "2025-07-30"),
            c("000", 3500.0, Hedge::Approx, "2025-07-29"),
            c("001", 4000.0, Hedge::Approx, "2025-07-29"),
        ]
    };
    let a = verdict_of(KeyKind::Stock, &claims());
    let mut reversed = claims();
    reversed.reverse();
    assert_eq!(a, verdict_of(KeyKind::Stock, &reversed));
}
