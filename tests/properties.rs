//! Properties of the comparison and of the whole pipeline, checked on generated input
//! (proptest): a claim never conflicts with itself; agreement is symmetric; clusters are the
//! connected components of agreement; verdicts and output do not depend on the order of
//! sources or on the number of threads; widening one claim can only remove conflicts; a
//! number formatted in either locale reads back as itself; and `stats` always adds up.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::select;

use reconcile::compare::{
    clusters, reconcile, Interval, Reconciliation, SourceInfo, Verdict, Widths,
};
use reconcile::extract::{Hedge, Mention, Period, PeriodKind, Unit};
use reconcile::fuzzing::check_reconciliation;
use reconcile::lang::Languages;
use reconcile::normalize::{Claim, Located, Normalized};
use reconcile::pipeline::Engine;
use reconcile::rules::{Key, KeyKind, RuleSet};
use reconcile::source::LoadOptions;
use reconcile::text::Span;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const HEDGES: [Hedge; 8] = [
    Hedge::Exact,
    Hedge::Approx,
    Hedge::Over,
    Hedge::Under,
    Hedge::Almost,
    Hedge::AtLeast,
    Hedge::AtMost,
    Hedge::Range,
];

const KINDS: [KeyKind; 5] = [
    KeyKind::Stock,
    KeyKind::Flow,
    KeyKind::Target,
    KeyKind::Share,
    KeyKind::Count,
];

fn hedge() -> impl Strategy<Value = Hedge> {
    select(HEDGES.to_vec())
}

/// Figures as articles give them: small counts, round amounts, fractions, now and then zero
/// or a negative change.
fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => (1u32..20_000).prop_map(f64::from),
        2 => (1u32..100, 6i32..12).prop_map(|(m, e)| f64::from(m) * 10f64.powi(e)),
        1 => 0.0f64..1000.0,
        1 => Just(0.0),
        1 => -1000.0f64..0.0,
    ]
}

fn widths() -> impl Strategy<Value = Widths> {
    (0.0f64..0.5, 0.0f64..0.5, 0.0f64..0.5).prop_map(|(tolerance, approx, slack)| Widths {
        tolerance,
        approx,
        slack,
    })
}

/// A claim's interval as compare builds it.
fn interval() -> impl Strategy<Value = Interval> {
    (value(), proptest::option::of(value()), hedge(), widths())
        .prop_map(|(v, u, h, w)| Interval::of(Some(v), u, h, w))
}

proptest! {
    #[test]
    fn a_claim_never_conflicts_with_itself(
        v in value(), u in proptest::option::of(value()), h in hedge(), w in widths()
    ) {
        let iv = Interval::of(Some(v), u, h, w);
        prop_assert!(iv.overlaps(&iv), "{h:?} {v} gives {iv:?}, which excludes itself");
    }

    #[test]
    fn agreement_is_symmetric(a in interval(), b in interval()) {
        prop_assert_eq!(a.overlaps(&b), b.overlaps(&a));
    }

    #[test]
    fn clusters_are_the_connected_components_of_agreement(
        ivs in proptest::collection::vec(interval(), 1..8)
    ) {
        let got = clusters(&ivs);
        let want = components(&ivs);
        for i in 0..ivs.len() {
            for j in 0..ivs.len() {
                prop_assert_eq!(
                    got[i] == got[j],
                    want[i] == want[j],
                    "claims {} and {} of {:?}", i, j, ivs
                );
            }
        }
    }

    #[test]
    fn cluster_numbers_do_not_depend_on_input_order(
        ivs in proptest::collection::vec(interval(), 1..8),
        seed in any::<u64>(),
    ) {
        let order = shuffled(ivs.len(), seed);
        let permuted: Vec<Interval> = order.iter().map(|&i| ivs[i]).collect();
        let a = clusters(&ivs);
        let b = clusters(&permuted);
        for (k, &i) in order.iter().enumerate() {
            prop_assert_eq!(b[k], a[i]);
        }
    }

    #[test]
    fn widening_an_interval_keeps_every_agreement(
        a in interval(), b in interval(), dl in 0.0f64..1e6, du in 0.0f64..1e6
    ) {
        let wide = widen(a, dl, du);
        if a.overlaps(&b) {
            prop_assert!(wide.overlaps(&b), "{a:?} meets {b:?} but {wide:?} does not");
        }
    }

    #[test]
    fn widening_one_interval_never_adds_a_cluster(
        ivs in proptest::collection::vec(interval(), 1..8),
        which in any::<prop::sample::Index>(),
        dl in 0.0f64..1e6, du in 0.0f64..1e6,
    ) {
        let i = which.index(ivs.len());
        let mut wide = ivs.clone();
        wide[i] = widen(ivs[i], dl, du);
        let count = |c: Vec<usize>| c.into_iter().max().map_or(0, |m| m + 1);
        prop_assert!(count(clusters(&wide)) <= count(clusters(&ivs)));
    }
}

/// `iv` with its ends moved out by `dl` and `du`; an end that moves becomes closed.
fn widen(iv: Interval, dl: f64, du: f64) -> Interval {
    Interval {
        lower: iv.lower - dl,
        upper: iv.upper + du,
        lower_open: iv.lower_open && dl == 0.0,
        upper_open: iv.upper_open && du == 0.0,
    }
}

/// Connected components of the overlap graph, by brute force: component id per interval.
fn components(ivs: &[Interval]) -> Vec<usize> {
    let mut comp: Vec<usize> = (0..ivs.len()).collect();
    loop {
        let mut changed = false;
        for i in 0..ivs.len() {
            for j in 0..ivs.len() {
                if ivs[i].overlaps(&ivs[j]) && comp[i] != comp[j] {
                    let m = comp[i].min(comp[j]);
                    comp[i] = m;
                    comp[j] = m;
                    changed = true;
                }
            }
        }
        if !changed {
            return comp;
        }
    }
}

/// A permutation of `0..n` from `seed` (a small LCG: no extra crate for shuffling).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut s = seed | 1;
    for i in (1..n).rev() {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (s >> 33) as usize % (i + 1);
        order.swap(i, j);
    }
    order
}

// ---- verdicts from generated claims ----

/// One generated claim: which key, which source, what it says and when.
#[derive(Debug, Clone)]
struct Gen {
    key: usize,
    source: usize,
    value: f64,
    upper: Option<f64>,
    hedge: Hedge,
    period: Option<Period>,
}

const SOURCES: [&str; 4] = ["000_a", "001_b", "002_c", "003_d"];
const PUBLISHED: [&str; 4] = ["2022-10-13", "2025-07-29", "2025-07-30", "2026-02-02"];

fn period() -> impl Strategy<Value = Option<Period>> {
    prop_oneof![
        2 => Just(None),
        2 => (2020i32..2026).prop_map(Period::year),
        1 => (2020i32..2026, 1u32..6).prop_map(|(y, m)| Some(Period {
            kind: PeriodKind::Months,
            start: NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(y, m + 1, 1).unwrap().pred_opt().unwrap(),
        })),
        1 => (2020i32..2026, 1u32..13).prop_map(|(y, m)| Some(Period {
            kind: PeriodKind::AsOf,
            start: NaiveDate::from_ymd_opt(y, m, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(y, m, 1).unwrap(),
        })),
    ]
}

fn gen_claim() -> impl Strategy<Value = Gen> {
    (
        0usize..KINDS.len(),
        0usize..SOURCES.len(),
        // A few distinct values so that agreements and conflicts both happen.
        select(vec![
            20.0, 21.0, 3500.0, 3538.0, 4000.0, 1.5e9, 2.5e9, 5e9, 0.0,
        ]),
        hedge(),
        period(),
    )
        .prop_map(|(key, source, value, hedge, period)| Gen {
            key,
            source,
            value,
            upper: (hedge == Hedge::Range).then_some(value * 1.5),
            hedge,
            period,
        })
}

fn rules() -> RuleSet {
    RuleSet::from_keys(
        KINDS
            .iter()
            .enumerate()
            .map(|(i, &kind)| Key {
                id: format!("k{i}_{}", kind.as_str()),
                labels: [("en".to_string(), format!("key {i}"))].into(),
                unit: Unit::Count,
                kind,
                tolerance: 0.02,
                approx: 0.05,
                slack: 0.10,
                file: PathBuf::from("rules/generated.toml"),
                line: i + 1,
            })
            .collect(),
    )
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Claims as normalize would make them; the claim's line is its index, so no two claims of a
/// source share a position (as in real text).
fn claims_of(gens: &[Gen], rules: &RuleSet) -> Vec<Claim> {
    gens.iter()
        .enumerate()
        .map(|(i, g)| {
            let mention = Mention {
                span: Span::new(0, 1),
                sentence: Span::new(0, 1),
                value: Some(g.value),
                upper: g.upper,
                unit: Unit::Count,
                hedge: g.hedge,
                period: g.period,
                previous: None,
                ignored: None,
            };
            let as_of = reconcile::normalize::as_of(&mention, Some(date(PUBLISHED[g.source])));
            Claim {
                key: rules.keys[g.key].id.clone(),
                at: Located {
                    source: SOURCES[g.source].into(),
                    line: i + 1,
                    column: 1,
                    end_line: i + 1,
                    end_column: 2,
                    text: format!("{}", g.value).into(),
                    sentence: format!("sentence {i}").into(),
                    mention,
                },
                as_of,
                evidence: vec![],
            }
        })
        .collect()
}

fn infos(order: &[usize]) -> Vec<SourceInfo> {
    order
        .iter()
        .map(|&i| SourceInfo {
            id: SOURCES[i].to_string(),
            path: format!("sources/{}.txt", SOURCES[i]),
            lang: "en".to_string(),
            published: Some(date(PUBLISHED[i])),
            outlet: None,
            trust: None,
        })
        .collect()
}

fn json(rec: &Reconciliation) -> String {
    let mut out = Vec::new();
    reconcile::render::json::report(rec, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn conflicts(rec: &Reconciliation) -> Vec<String> {
    rec.findings
        .iter()
        .filter(|f| f.verdict == Verdict::Conflict)
        .map(|f| f.key.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn output_does_not_depend_on_the_order_of_sources_or_claims(
        gens in proptest::collection::vec(gen_claim(), 1..12),
        seed in any::<u64>(),
    ) {
        let rules = rules();
        let claims = claims_of(&gens, &rules);
        let a = reconcile(infos(&[0, 1, 2, 3]), Normalized { claims: claims.clone(), ..Default::default() }, &rules);
        let order = shuffled(claims.len(), seed);
        let permuted: Vec<Claim> = order.iter().map(|&i| claims[i].clone()).collect();
        let b = reconcile(infos(&shuffled(4, seed ^ 0x9e37)), Normalized { claims: permuted, ..Default::default() }, &rules);
        prop_assert_eq!(json(&a), json(&b));
    }

    #[test]
    fn two_sources_stating_the_same_claim_never_conflict(g in gen_claim(), kind in 0usize..KINDS.len()) {
        let rules = rules();
        let mut a = g.clone();
        a.key = kind;
        a.source = 1;
        let mut b = a.clone();
        b.source = 2;
        let rec = reconcile(infos(&[1, 2]), Normalized { claims: claims_of(&[a, b], &rules), ..Default::default() }, &rules);
        prop_assert!(conflicts(&rec).is_empty(), "{}", json(&rec));
    }

    #[test]
    fn widening_one_claim_never_adds_a_conflict(
        gens in proptest::collection::vec(gen_claim(), 1..10),
        which in any::<prop::sample::Index>(),
        tolerance in 0.0f64..0.05,
    ) {
        let rules = rules();
        let i = which.index(gens.len());
        let before = reconcile(infos(&[0, 1, 2, 3]), Normalized { claims: claims_of(&gens, &rules), ..Default::default() }, &rules);
        // Widen claim `i`: a closed range whose ends lie outside its interval (a range's
        // ends only move further out by the key's tolerance), so it contains the original.
        let mut wide = gens.clone();
        let g = &mut wide[i];
        let w = Widths { tolerance: 0.02, approx: 0.05, slack: 0.10 };
        let iv = Interval::of(Some(g.value), g.upper, g.hedge, w);
        let lower = iv.lower - iv.lower.abs() * tolerance;
        let upper = iv.upper + iv.upper.abs() * tolerance;
        g.hedge = Hedge::Range;
        g.value = lower;
        g.upper = Some(upper);
        let after = reconcile(infos(&[0, 1, 2, 3]), Normalized { claims: claims_of(&wide, &rules), ..Default::default() }, &rules);
        let (b, a) = (conflicts(&before), conflicts(&after));
        prop_assert!(a.iter().all(|k| b.contains(k)), "widening claim {i} added conflicts {a:?} (before {b:?})");
    }
}

// ---- format and parse back, both locales ----

/// `n` hundredths written with English separators: `3,538.25`.
fn format_en(hundredths: u64) -> String {
    format_locale(hundredths, ',', '.')
}

/// `n` hundredths written the Turkish way: `3.538,25`.
/// tr: '.' groups thousands and ',' marks decimals, so "1.500" is 1500 and "1,9" is 1.9.
fn format_tr(hundredths: u64) -> String {
    format_locale(hundredths, '.', ',')
}

fn format_locale(hundredths: u64, group: char, decimal: char) -> String {
    let (int, frac) = (hundredths / 100, hundredths % 100);
    let digits = int.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if frac != 0 {
        out.push(decimal);
        if frac % 10 == 0 {
            out.push_str(&(frac / 10).to_string());
        } else {
            out.push_str(&format!("{frac:02}"));
        }
    }
    out
}

/// The one value extraction reads from `sentence` in language `lang`.
fn read_back(sentence: &str, lang: &str) -> Vec<f64> {
    let language = languages().get(lang).unwrap();
    reconcile::extract::extract(sentence, language, None)
        .into_iter()
        .filter(|m| m.ignored.is_none())
        .filter_map(|m| m.value)
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn an_english_number_reads_back_as_itself(hundredths in 0u64..10_000_000_000) {
        let text = format_en(hundredths);
        let want = hundredths as f64 / 100.0;
        let got = read_back(&format!("The ministry counted {text} units."), "en");
        prop_assert!(got.len() == 1 && close(got[0], want), "{text:?} read as {got:?}, want {want}");
    }

    #[test]
    fn a_turkish_number_reads_back_as_itself(hundredths in 0u64..10_000_000_000) {
        let text = format_tr(hundredths);
        let want = hundredths as f64 / 100.0;
        let got = read_back(&format!("Bakanlık {text} adet saydı."), "tr");
        prop_assert!(got.len() == 1 && close(got[0], want), "{text:?} read as {got:?}, want {want}");
    }

    #[test]
    fn a_reported_number_reads_back_as_itself(
        m in 1u64..1_000_000, scale in select(vec![1.0, 1e6, 1e9])
    ) {
        // What our reports print (`3,538`, `5.2 billion`) must read back as the same figure.
        let want = m as f64 / 1000.0 * scale;
        let want = if scale == 1.0 { m as f64 } else { want };
        let text = reconcile::render::human_number(want);
        let got = read_back(&format!("The ministry counted {text} units."), "en");
        let tolerance = if scale == 1.0 { 1e-9 } else { 5e-4 * scale };
        prop_assert!(
            got.len() == 1 && (got[0] - want).abs() <= tolerance,
            "{text:?} read as {got:?}, want {want}"
        );
    }
}

// ---- the whole pipeline: accounting, threads ----

/// Fragments of article text: figures in both locales, hedges, years, Turkish suffixes,
/// counted nouns, entities, and punctuation.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u64..10_000_000_000).prop_map(format_en),
        (1u64..10_000_000_000).prop_map(format_tr),
        (1u32..999).prop_map(|n| format!("{n} bin {}", n % 1000)),
        (1900u32..2100).prop_map(|y| format!("in {y}")),
        (1900u32..2100).prop_map(|y| format!("{y} yılında")),
        (1u32..100).prop_map(|n| format!("{n}'den fazla")),
        (1u32..100).prop_map(|n| format!("{n} binden")),
        (1u32..100).prop_map(|n| format!("%{n},5")),
        (1u32..100).prop_map(|n| format!("{n}%")),
        (1u32..100).prop_map(|n| format!("${n}.{} billion", n % 10)),
        (1u32..100).prop_map(|n| format!("{n} milyar doları")),
        select(vec![
            "around",
            "about",
            "some",
            "more than",
            "over",
            "nearly",
            "almost",
            "at least",
            "up to",
            "between",
            "and",
            "yaklaşık",
            "civarında",
            "aşkın",
            "neredeyse",
            "en az",
            "ila",
            "from",
            "to",
            "last year",
            "geçtiğimiz yıl",
            "the first five months of",
        ])
        .prop_map(str::to_string),
        select(vec![
            "companies",
            "firms",
            "students",
            "tourists",
            "days",
            "tonnes",
            "şirket",
            "öğrenci",
            "turist",
            "gün",
            "Turkish",
            "Kazakh",
            "Türkiye",
            "Kazakistan'da",
            "Türkiye'ye",
            "trade",
            "ticaret hacmi",
            "investment",
            "yatırım",
            "operate",
            "faaliyet gösteriyor",
        ])
        .prop_map(str::to_string),
        select(vec![".", ",", ";", "\n", "\n\n", " - ", "–", "(", ")", "'"])
            .prop_map(str::to_string),
    ]
}

fn article() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..60).prop_map(|f| f.join(" "))
}

/// Built once: loading languages and rules costs more than a generated case.
fn languages() -> &'static Languages {
    static LANGS: OnceLock<Languages> = OnceLock::new();
    LANGS.get_or_init(Languages::builtin)
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let rules = RuleSet::load_dir(&Path::new(ROOT).join("rules")).expect("rules load");
        Engine::new(rules, Languages::builtin())
    })
}

#[test]
fn stats_add_up_on_the_seeds() {
    let engine = engine();
    let (rec, errors) = engine.report(&[Path::new(ROOT).join("seeds")], &LoadOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert!(rec.stats.mentions > 0, "the seeds have figures");
    check_reconciliation(&rec);
}

/// Write `texts` into a fresh folder as `a0.txt`, `a1.md`, …
fn corpus_dir(texts: &[String]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (i, t) in texts.iter().enumerate() {
        let ext = if i % 2 == 0 { "txt" } else { "md" };
        std::fs::write(dir.path().join(format!("a{i}.{ext}")), t).unwrap();
    }
    dir
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn stats_add_up_on_generated_articles(texts in proptest::collection::vec(article(), 1..5)) {
        let engine = engine();
        let dir = corpus_dir(&texts);
        let (rec, _errors) = engine.report(&[dir.path().to_path_buf()], &LoadOptions::default());
        check_reconciliation(&rec);
    }

    #[test]
    fn output_does_not_depend_on_thread_count(texts in proptest::collection::vec(article(), 1..6)) {
        let engine = engine();
        let dir = corpus_dir(&texts);
        let paths = [dir.path().to_path_buf(), Path::new(ROOT).join("seeds")];
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let (rec, errors) = pool.install(|| engine.report(&paths, &LoadOptions::default()));
            (json(&rec), errors)
        };
        let one = run(1);
        prop_assert_eq!(&one, &run(3));
    }

    #[test]
    fn output_does_not_depend_on_the_order_sources_are_named(texts in proptest::collection::vec(article(), 2..5)) {
        let engine = engine();
        let dir = corpus_dir(&texts);
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        let (a, _) = engine.report(&files, &LoadOptions::default());
        files.reverse();
        let (b, _) = engine.report(&files, &LoadOptions::default());
        prop_assert_eq!(json(&a), json(&b));
    }
}

// ---- regressions found by the properties above ----

#[test]
fn over_0_in_two_sources_is_not_a_conflict() {
    // Was: "over 0 (001) disagrees with over 0 (002)", since (0, 0] holds no value.
    let rules = rules();
    let g = Gen {
        key: 4,
        source: 1,
        value: 0.0,
        upper: None,
        hedge: Hedge::Over,
        period: None,
    };
    let h = Gen {
        source: 2,
        ..g.clone()
    };
    let rec = reconcile(
        infos(&[1, 2]),
        Normalized {
            claims: claims_of(&[g, h], &rules),
            ..Default::default()
        },
        &rules,
    );
    assert!(conflicts(&rec).is_empty(), "{}", json(&rec));
}

#[test]
fn almost_0_with_exact_0_and_1_clusters_the_same_in_any_order() {
    let w = Widths {
        tolerance: 0.0,
        approx: 0.05,
        slack: 0.1,
    };
    let almost_0 = Interval::of(Some(0.0), None, Hedge::Almost, w);
    let exact_0 = Interval::of(Some(0.0), None, Hedge::Exact, w);
    let exact_1 = Interval::of(Some(1.0), None, Hedge::Exact, w);
    assert!(almost_0.overlaps(&almost_0));
    assert_eq!(clusters(&[almost_0, exact_0, exact_1]), vec![0, 0, 1]);
    assert_eq!(clusters(&[exact_0, almost_0, exact_1]), vec![0, 0, 1]);
}

#[test]
fn sources_named_in_reverse_are_listed_in_the_same_order() {
    // Was: `sources` in the JSON report followed the order of the paths on the command line.
    let rules = rules();
    let a = reconcile(infos(&[0, 1, 2, 3]), Normalized::default(), &rules);
    let b = reconcile(infos(&[3, 2, 1, 0]), Normalized::default(), &rules);
    assert_eq!(json(&a), json(&b));
}
