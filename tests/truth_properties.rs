//! Properties of the suggestion, over random corpora: it does not depend on the order of
//! sources or claims, and a copy of a source never changes it.

mod truth_support;

use std::collections::BTreeMap;

use proptest::prelude::*;
use reconcile::compare::{Reconciliation, Suggestion};
use reconcile::extract::Hedge;
use truth_support::*;

const KEYS: [&str; 5] = ["stock", "flow", "target", "count", "share"];
const VALUES: [f64; 6] = [100.0, 103.0, 120.0, 200.0, 250.0, 1000.0];
const HEDGES: [Hedge; 7] = [
    Hedge::Exact,
    Hedge::Approx,
    Hedge::Over,
    Hedge::Almost,
    Hedge::AtLeast,
    Hedge::AtMost,
    Hedge::Under,
];
const DATES: [&str; 4] = ["2024-01-01", "2024-01-20", "2024-09-01", "2025-06-01"];

/// One generated figure: key (or unmapped), value, hedge, year.
type Raw = (Option<usize>, usize, usize, Option<i32>);

fn raw() -> impl Strategy<Value = Raw> {
    (
        prop::option::weighted(0.7, 0..KEYS.len()),
        0..VALUES.len(),
        0..HEDGES.len(),
        prop::option::of(2023..=2024i32),
    )
}

/// Sources with their dates and figures.
fn corpus_strategy() -> impl Strategy<Value = Vec<(usize, Vec<Raw>)>> {
    prop::collection::vec((0..DATES.len(), prop::collection::vec(raw(), 1..7)), 2..6)
}

fn build(spec: &[(usize, Vec<Raw>)]) -> (Vec<Src>, Vec<Fig>) {
    let mut sources = Vec::new();
    let mut figs = Vec::new();
    for (i, (d, raws)) in spec.iter().enumerate() {
        let id = format!("s{i}");
        sources.push(src(&id, DATES[*d]));
        for (n, &(key, v, h, year)) in raws.iter().enumerate() {
            let value = VALUES[v];
            let sentence = format!("Source {id} reports {value} in item {n} of its story.");
            let mut f = match key {
                Some(k) => fig(&id, KEYS[k], value, &sentence).hedge(HEDGES[h]),
                None => loose(&id, value, &sentence),
            };
            if key == Some(1) {
                if let Some(y) = year {
                    f = f.year(y);
                }
            }
            figs.push(f.line(n + 1));
        }
    }
    (sources, figs)
}

fn suggestions(rec: &Reconciliation) -> BTreeMap<String, Option<Suggestion>> {
    rec.findings
        .iter()
        .map(|f| (f.key.clone(), f.suggested.clone()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_suggestion_does_not_depend_on_source_order(spec in corpus_strategy(), turn in 0usize..7) {
        let (sources, figs) = build(&spec);
        let base = corpus(&sources, &figs);

        let mut rs = sources.clone();
        rs.reverse();
        let mut rf = figs.clone();
        rf.reverse();
        let k = turn % rf.len();
        rf.rotate_left(k);
        let other = corpus(&rs, &rf);

        prop_assert_eq!(suggestions(&base), suggestions(&other));
        prop_assert_eq!(&base.copies, &other.copies);
        let verdicts = |r: &Reconciliation| r.findings.iter().map(|f| (f.key.clone(), f.verdict, f.message.clone())).collect::<Vec<_>>();
        prop_assert_eq!(verdicts(&base), verdicts(&other));
    }

    #[test]
    fn adding_a_copy_of_a_source_never_changes_the_suggested_value(
        spec in corpus_strategy(),
        which in 0usize..6,
        copy_sorts_first in any::<bool>(),
    ) {
        let (mut sources, mut figs) = build(&spec);
        let base = corpus(&sources, &figs);

        // A same-day reprint of one source, word for word, under another name.
        let original = sources[which % sources.len()].clone();
        let copy_id = if copy_sorts_first { "a_copy" } else { "z_copy" };
        let copied: Vec<Fig> = figs
            .iter()
            .filter(|f| f.source == original.id)
            .map(|f| f.clone().from(copy_id))
            .collect();
        figs.extend(copied);
        sources.push(Src { id: copy_id.into(), ..original.clone() });
        let with_copy = corpus(&sources, &figs);

        prop_assert!(
            with_copy.copies.iter().any(|g| g.sources.iter().any(|s| **s == *original.id) && g.sources.iter().any(|s| &**s == copy_id)),
            "the copy is detected: {:#?}", with_copy.copies
        );
        let value = |r: &Reconciliation| -> BTreeMap<String, Option<(f64, f64, f64)>> {
            r.findings.iter().map(|f| (f.key.clone(), f.suggested.as_ref().map(|s| (s.value, s.lower, s.upper)))).collect()
        };
        prop_assert_eq!(value(&base), value(&with_copy));
    }
}
