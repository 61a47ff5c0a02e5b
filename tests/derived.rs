//! Derived checks: a `[[relation]]` says a key follows from others (a sum, a difference, a
//! ratio, or a founding year from an anniversary), and every source whose figures give the
//! operands is checked against what is stated. On the seeds, the 33rd anniversary marked in
//! 2025 (000) and the 30th marked in 2022 (003) both imply relations established in 1992, as
//! 003 and 004 ("2 Mart 1992") state: consistent. A made-up source marking the 35th in 2025
//! implies 1990: inconsistent.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use reconcile::compare::Reconciliation;
use reconcile::derive::{DerivedCheck, DerivedVerdict};
use reconcile::lang::Languages;
use reconcile::pipeline::Engine;
use reconcile::rules::RuleSet;
use reconcile::source::{self, LoadOptions, Source};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seed_engine() -> Engine {
    let rules = RuleSet::load_dir(&root().join("rules")).expect("seed rules load");
    Engine::new(rules, Languages::builtin())
}

fn seed_sources(engine: &Engine) -> Vec<Source> {
    let (sources, errors) = source::load_paths(
        &[root().join("seeds")],
        &LoadOptions::default(),
        &engine.langs,
    );
    assert!(errors.is_empty(), "{errors:?}");
    sources
}

/// A source made of `text`, in `lang`, published on `published`.
fn made_up(engine: &Engine, id: &str, lang: &str, text: &str, published: &str) -> Source {
    let opts = LoadOptions {
        lang: Some(lang.to_string()),
        decode: None,
    };
    let mut s = source::from_text(
        id,
        &PathBuf::from(format!("{id}.txt")),
        text.to_string(),
        &opts,
        &engine.langs,
    );
    s.published = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
    s
}

/// `n` sources `s00`, `s01`, … saying `text`, and one more, `x`, saying `odd` in English, all
/// published on one day.
fn many_and_one(engine: &Engine, n: usize, lang: &str, text: &str, odd: &str) -> Vec<Source> {
    let mut sources: Vec<Source> = (0..n)
        .map(|i| made_up(engine, &format!("s{i:02}"), lang, text, "2025-07-29"))
        .collect();
    sources.push(made_up(engine, "x", "en", odd, "2025-07-29"));
    sources
}

fn short(id: &str) -> &str {
    id.get(..3).unwrap_or(id)
}

fn checks_of<'r>(rec: &'r Reconciliation, relation: &str) -> Vec<&'r DerivedCheck> {
    rec.derived
        .iter()
        .filter(|c| c.relation == relation)
        .collect()
}

const FOUNDING: &str = "kz_tr_relations_founding_year";

#[test]
fn the_seed_anniversaries_both_imply_1992_and_are_consistent() {
    let engine = seed_engine();
    let rec = engine.reconcile(&seed_sources(&engine));
    let checks = checks_of(&rec, FOUNDING);
    let summary: Vec<(&str, f64, i32, f64, DerivedVerdict)> = checks
        .iter()
        .map(|c| {
            (
                short(&c.source),
                c.inputs[0].value,
                c.inputs[0].year.unwrap_or(0),
                c.expected,
                c.verdict,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("000", 33.0, 2025, 1992.0, DerivedVerdict::Consistent),
            ("003", 30.0, 2022, 1992.0, DerivedVerdict::Consistent),
        ]
    );
    // 000 states no founding year of its own; it is checked against 003 and 004, and 004
    // states it as a date.
    let found: Vec<(&str, &str)> = checks[0]
        .found
        .iter()
        .map(|f| (short(&f.source), f.text.as_str()))
        .collect();
    assert_eq!(found, [("003", "1992"), ("004", "2 Mart 1992’de")]);
    assert_eq!(
        checks[0].message,
        "the 33rd anniversary marked in 2025 (000) implies 1992 for kz_tr_relations_established; consistent: 003 and 004 say 1992"
    );
    // 003 states the founding year itself: its own figure is what it is checked against.
    assert!(checks[1].found.iter().all(|f| short(&f.source) == "003"));
}

#[test]
fn anniversaries_and_founding_years_never_become_findings() {
    let engine = seed_engine();
    let rec = engine.reconcile(&seed_sources(&engine));
    assert!(
        rec.findings
            .iter()
            .all(|f| !f.key.starts_with("kz_tr_relations_")),
        "{:?}",
        rec.findings.iter().map(|f| &f.key).collect::<Vec<_>>()
    );
    // Still counted once, as ignored ordinals and years.
    let s = &rec.stats;
    assert_eq!(s.mentions, s.mapped + s.unmapped + s.ignored);
}

#[test]
fn an_anniversary_that_implies_another_founding_year_is_inconsistent() {
    let engine = seed_engine();
    let mut sources = seed_sources(&engine);
    sources.push(made_up(
        &engine,
        "999_abcdef12",
        "en",
        "Ankara and Astana this week celebrate the 35th anniversary of diplomatic relations between Turkey and Kazakhstan.",
        "2025-07-29",
    ));
    let rec = engine.reconcile(&sources);
    let checks = checks_of(&rec, FOUNDING);
    let bad: Vec<&&DerivedCheck> = checks
        .iter()
        .filter(|c| c.verdict == DerivedVerdict::Inconsistent)
        .collect();
    assert_eq!(bad.len(), 1, "{checks:#?}");
    assert_eq!(bad[0].source, "999_abcdef12");
    assert_eq!(bad[0].expected, 1990.0);
    assert_eq!(
        bad[0].message,
        "the 35th anniversary marked in 2025 (999) implies 1990 for kz_tr_relations_established; inconsistent: 003 and 004 say 1992"
    );
    // Inconsistent checks come first; the seeds' own checks stay consistent.
    assert_eq!(checks[0].source, "999_abcdef12");
    assert_eq!(
        checks
            .iter()
            .filter(|c| c.verdict == DerivedVerdict::Consistent)
            .count(),
        2
    );
}

#[test]
fn with_no_stated_founding_year_anniversaries_are_checked_against_each_other() {
    let engine = seed_engine();
    let sources = vec![
        made_up(
            &engine,
            "a",
            "en",
            "Turkey and Kazakhstan mark the 33rd anniversary of their diplomatic relations.",
            "2025-07-29",
        ),
        made_up(
            &engine,
            "b",
            "tr",
            "Türkiye ve Kazakistan, diplomatik ilişkilerin 30. yıl dönümünü kutladı.",
            "2022-03-02",
        ),
        made_up(
            &engine,
            "c",
            "en",
            "Turkey and Kazakhstan mark the 31st anniversary of their diplomatic relations.",
            "2025-07-29",
        ),
    ];
    let rec = engine.reconcile(&sources);
    let verdicts: Vec<(&str, f64, DerivedVerdict)> = checks_of(&rec, FOUNDING)
        .iter()
        .map(|c| (c.source.as_str(), c.expected, c.verdict))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("a", 1992.0, DerivedVerdict::Inconsistent),
            ("b", 1992.0, DerivedVerdict::Inconsistent),
            ("c", 1994.0, DerivedVerdict::Inconsistent),
        ]
    );
    let a = &rec.derived[0];
    assert!(a.found.iter().all(|f| f.implied));
    assert_eq!(
        a.message,
        "the 33rd anniversary marked in 2025 (a) implies 1992 for kz_tr_relations_established; inconsistent: b implies 1992; c implies 1994"
    );
}

/// Made-up keys: exports, imports, their sum, and the share of exports in it.
const TRADE: &str = r#"
[[key]]
id = "exports"
label.en = "Exports"
unit = "USD"
kind = "flow"
tolerance = 0.0
require.en = [["export*"]]
exclude.en = ["share", "import*"]
example = [{ lang = "en", text = "Exports reached $3 billion.", value = 3e9 }]
counter = [{ lang = "en", text = "Imports reached $2 billion." }]

[[key]]
id = "imports"
label.en = "Imports"
unit = "USD"
kind = "flow"
tolerance = 0.0
require.en = [["import*"]]
exclude.en = ["share", "export*"]
example = [{ lang = "en", text = "Imports reached $2 billion.", value = 2e9 }]
counter = [{ lang = "en", text = "Exports reached $3 billion." }]

[[key]]
id = "trade"
label.en = "Trade"
unit = "USD"
kind = "flow"
tolerance = 0.0
require.en = [["trade"]]
exclude.en = ["share", "export*", "import*"]
example = [{ lang = "en", text = "Trade reached $5 billion.", value = 5e9 }]
counter = [{ lang = "en", text = "Exports reached $3 billion." }]

[[key]]
id = "export_share"
label.en = "Share of exports in trade"
unit = "percent"
kind = "share"
tolerance = 0.0
require.en = [["share"]]
example = [{ lang = "en", text = "Exports make up a 60% share of trade.", value = 60 }]
counter = [{ lang = "en", text = "Exports grew 60% last year." }]

[[relation]]
id = "trade_is_exports_plus_imports"
label.en = "Trade is exports plus imports"
key = "trade"
sum = ["exports", "imports"]
tolerance = 0.01
example = [{ lang = "en", text = "Exports reached $3 billion. Imports reached $2 billion. Trade reached $5 billion." }]
counter = [{ lang = "en", text = "Exports reached $3 billion. Imports reached $2 billion. Trade reached $9 billion." }]

[[relation]]
id = "export_share_is_exports_over_trade"
label.en = "The export share is exports over trade"
key = "export_share"
ratio = ["exports", "trade"]
example = [{ lang = "en", text = "Exports reached $3 billion. Trade reached $5 billion. Exports hold a 60% share." }]
counter = [{ lang = "en", text = "Exports reached $3 billion. Trade reached $5 billion. Exports hold a 75% share." }]

[[relation]]
id = "imports_are_trade_minus_exports"
label.en = "Imports are trade minus exports"
key = "imports"
difference = ["trade", "exports"]
example = [{ lang = "en", text = "Trade reached $5 billion. Exports reached $3 billion. Imports reached $2 billion." }]
counter = [{ lang = "en", text = "Trade reached $5 billion. Exports reached $3 billion. Imports reached $4 billion." }]
"#;

fn trade_engine() -> Engine {
    let rules = RuleSet::from_files(
        &[(PathBuf::from("trade.toml"), TRADE.to_string())],
        &Languages::builtin(),
    )
    .unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    Engine::new(rules, Languages::builtin())
}

#[test]
fn the_made_up_relations_pass_their_own_examples() {
    let engine = trade_engine();
    let failures = engine.rules.run_examples(&engine.langs);
    let lines: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(lines.is_empty(), "\n{}", lines.join("\n"));
}

#[test]
fn a_sum_that_does_not_add_up_is_inconsistent_and_one_that_does_is_not() {
    let engine = trade_engine();
    let sources = vec![
        made_up(
            &engine,
            "good",
            "en",
            "Exports reached $3 billion. Imports reached over $2 billion. Trade reached $5.1 billion.",
            "2024-05-01",
        ),
        made_up(
            &engine,
            "bad",
            "en",
            "Exports reached $3 billion. Imports reached $2 billion. Trade reached $6 billion.",
            "2024-05-01",
        ),
    ];
    let rec = engine.reconcile(&sources);
    let checks = checks_of(&rec, "trade_is_exports_plus_imports");
    let summary: Vec<(&str, DerivedVerdict)> = checks
        .iter()
        .map(|c| (c.source.as_str(), c.verdict))
        .collect();
    assert_eq!(
        summary,
        [
            ("bad", DerivedVerdict::Inconsistent),
            ("good", DerivedVerdict::Consistent),
        ]
    );
    assert_eq!(
        checks[0].message,
        "$3 billion + $2 billion (bad) implies $5 billion for trade; inconsistent: bad says $6 billion"
    );
    // "over $2 billion" reaches a little past 2: the sum is an interval, and $5.1 billion is in it.
    assert_eq!(checks[1].lower, 5e9);
    assert!(checks[1].upper > 5.1e9);
}

#[test]
fn a_share_is_checked_as_part_over_whole_in_percent() {
    let engine = trade_engine();
    let sources = vec![made_up(
        &engine,
        "s",
        "en",
        "Exports reached $3 billion. Trade reached $5 billion. Exports hold a 75% share.",
        "2024-05-01",
    )];
    let rec = engine.reconcile(&sources);
    let share = checks_of(&rec, "export_share_is_exports_over_trade");
    assert_eq!(share.len(), 1);
    assert_eq!(share[0].expected, 60.0);
    assert_eq!(share[0].verdict, DerivedVerdict::Inconsistent);
    assert_eq!(
        share[0].message,
        "$3 billion / $5 billion (s) implies 60% for export_share; inconsistent: s says 75%"
    );
    // The difference relation reads the same figures: no imports stated, so nothing to check.
    assert!(checks_of(&rec, "imports_are_trade_minus_exports").is_empty());
}

#[test]
fn a_relation_with_a_missing_operand_is_not_checked() {
    let engine = trade_engine();
    let sources = vec![made_up(
        &engine,
        "s",
        "en",
        "Exports reached $3 billion. Trade reached $9 billion.",
        "2024-05-01",
    )];
    let rec = engine.reconcile(&sources);
    assert!(checks_of(&rec, "trade_is_exports_plus_imports").is_empty());
}

#[test]
fn a_relation_that_names_an_unknown_key_or_mixes_units_is_refused() {
    let bad = r#"
[[key]]
id = "exports"
label.en = "Exports"
unit = "USD"
kind = "flow"
require.en = [["export*"]]
example = [{ lang = "en", text = "Exports reached $3 billion.", value = 3e9 }]
counter = [{ lang = "en", text = "Imports reached $2 billion." }]

[[key]]
id = "firms"
label.en = "Firms"
unit = "count"
kind = "stock"
noun.en = ["firm*"]
example = [{ lang = "en", text = "There are 40 firms.", value = 40 }]
counter = [{ lang = "en", text = "There are 40 farms." }]

[[relation]]
id = "nonsense"
label.en = "Nonsense"
key = "firms"
sum = ["exports", "imprts"]
anniversary = "exports"
example = [{ lang = "en", text = "x" }]
counter = [{ lang = "en", text = "y" }]

[[relation]]
id = "mixed"
label.en = "Mixed"
key = "firms"
sum = ["exports", "firms"]
example = [{ lang = "en", text = "x" }]
counter = [{ lang = "en", text = "y" }]

[[relation]]
id = "misspelt"
label.en = "Misspelt"
key = "frims"
ratio = ["exports", "exports"]
example = [{ lang = "en", text = "x" }]
counter = [{ lang = "en", text = "y" }]
"#;
    let errors = RuleSet::from_files(
        &[(PathBuf::from("bad.toml"), bad.to_string())],
        &Languages::builtin(),
    )
    .expect_err("bad relations");
    let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        lines,
        [
            "bad.toml:21:6: relation \"nonsense\": needs exactly one of sum, difference, ratio or anniversary (found several)",
            "bad.toml:32:7: relation \"mixed\": key \"exports\" is in USD, but \"firms\" is in count: a sum adds figures of one unit",
            "bad.toml:40:7: relation \"misspelt\": unknown key \"frims\" (defined: exports, firms)",
        ]
    );
}

#[test]
fn report_shows_derived_checks_after_the_table_and_in_json() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_reconcile"))
            .args(args)
            .current_dir(root())
            .output()
            .expect("run reconcile");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let table = run(&["report", "seeds"]);
    assert!(table.contains(
        "derived checks (figures that must fit a declared relation):\n  consistent   kz_tr_relations_established (000): the 33rd anniversary marked in 2025 (000) implies 1992"
    ), "{table}");
    let json: serde_json::Value =
        serde_json::from_str(&run(&["report", "seeds", "--format", "json"])).expect("json");
    let derived = json["derived"].as_array().expect("derived array");
    assert_eq!(derived.len(), 2);
    assert_eq!(derived[0]["verdict"], "consistent");
    assert_eq!(derived[0]["key"], "kz_tr_relations_established");
    assert_eq!(derived[0]["expected"], 1992.0);
    assert_eq!(derived[0]["inputs"][0]["text"], "33rd");
    assert_eq!(derived[0]["inputs"][0]["year"], 2025);
}

#[test]
fn a_figure_stated_by_many_sources_is_listed_a_dozen_times_and_counted_in_full() {
    let engine = seed_engine();
    // Twenty sources state the founding year; one marks an anniversary that implies another.
    let sources = many_and_one(
        &engine,
        20,
        "tr",
        "Türkiye ile Kazakistan arasındaki diplomatik ilişkiler 2 Mart 1992'de kuruldu.",
        "Turkey and Kazakhstan mark the 35th anniversary of their diplomatic relations.",
    );
    let rec = engine.reconcile(&sources);
    let checks = checks_of(&rec, FOUNDING);
    let x = checks
        .iter()
        .find(|c| c.source == "x")
        .unwrap_or_else(|| panic!("no check for x: {checks:#?}"));
    assert_eq!(x.verdict, DerivedVerdict::Inconsistent);
    assert_eq!(x.found.len(), reconcile::derive::MAX_FOUND);
    assert_eq!(x.found_omitted, 20 - reconcile::derive::MAX_FOUND);
    assert!(
        x.message
            .ends_with("inconsistent: s00, s01, s02, s03, s04 and 15 more say 1992"),
        "{}",
        x.message
    );
    let json = serde_json::to_value(x).expect("serializes");
    assert_eq!(json["found_omitted"], 20 - reconcile::derive::MAX_FOUND);
}

#[test]
fn with_nobody_stating_the_key_each_source_is_counted_against_all_the_others_but_itself() {
    let engine = seed_engine();
    // Eight sources mark the 33rd anniversary in 2025 (implying 1992); one marks the 30th
    // in 2025 (implying 1995). Nobody states the founding year itself.
    let sources = many_and_one(
        &engine,
        8,
        "en",
        "Turkey and Kazakhstan mark the 33rd anniversary of their diplomatic relations.",
        "Turkey and Kazakhstan mark the 30th anniversary of their diplomatic relations.",
    );
    let rec = engine.reconcile(&sources);
    let checks = checks_of(&rec, FOUNDING);
    let of = |id: &str| {
        *checks
            .iter()
            .find(|c| c.source == id)
            .unwrap_or_else(|| panic!("no check for {id}: {checks:#?}"))
    };
    // The odd one out is checked against all eight others.
    let x = of("x");
    assert_eq!(x.verdict, DerivedVerdict::Inconsistent);
    assert_eq!(x.found.len() + x.found_omitted, 8);
    assert!(
        x.message
            .ends_with("inconsistent: s00, s01, s02, s03, s04 and 3 more imply 1992"),
        "{}",
        x.message
    );
    // One of the eight is checked against the seven others and x, never against itself.
    let s03 = of("s03");
    assert_eq!(s03.verdict, DerivedVerdict::Inconsistent);
    assert_eq!(s03.found.len() + s03.found_omitted, 8);
    assert!(s03.found.iter().all(|f| f.source != "s03"));
    assert!(
        s03.message.ends_with(
            "inconsistent: s00, s01, s02, s04, s05 and 2 more imply 1992; x implies 1995"
        ),
        "{}",
        s03.message
    );
}
