//! Rule loading: every kind of mistake in a rule file is reported with its path, line and
//! column, and all of them at once. One fixture per mistake in `tests/fixtures/bad_rules/`.

use std::path::{Path, PathBuf};

use reconcile::lang::Languages;
use reconcile::rules::RuleSet;

const FIXTURES: &str = "tests/fixtures/bad_rules";

/// Load one fixture file and return its errors as printed.
fn errors_of(name: &str) -> Vec<String> {
    let path = PathBuf::from(FIXTURES).join(name);
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path))
        .expect("fixture exists");
    match RuleSet::from_files(&[(path, text)], &Languages::builtin()) {
        Ok(_) => panic!("{name} loaded without errors"),
        Err(errors) => errors.iter().map(|e| e.to_string()).collect(),
    }
}

fn assert_errors(name: &str, want: &[&str]) {
    let got = errors_of(name);
    let want: Vec<String> = want
        .iter()
        .map(|w| format!("{FIXTURES}/{name}:{w}"))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn a_toml_syntax_error_points_at_its_line_and_column() {
    assert_errors(
        "syntax.toml",
        &["2:6: invalid table header: expected `.`, `]]`"],
    );
}

#[test]
fn an_unknown_field_is_refused_with_the_fields_that_exist() {
    assert_errors(
        "unknown_field.toml",
        &["6:1: key \"trade\": unknown field `colour`, expected one of `id`, `label`, `unit`, `kind`, `tolerance`, `approx`, `slack`, `from`, `to`, `about`, `noun`, `require`, `exclude`, `before`, `after`, `example`, `counter`"],
    );
}

#[test]
fn a_missing_field_is_reported_at_its_table() {
    assert_errors(
        "missing_field.toml",
        &["1:1: key \"trade\": missing field `unit`"],
    );
}

#[test]
fn an_unknown_unit_says_what_is_expected() {
    assert_errors(
        "unknown_unit.toml",
        &["4:8: key \"inflation\": unknown unit \"percnt\" (expected count, percent, ordinal, calendar_year, a currency code like USD, or a measure like day)"],
    );
}

#[test]
fn an_unknown_kind_says_what_is_expected() {
    assert_errors(
        "unknown_kind.toml",
        &["5:8: key \"firms\": unknown kind \"stok\" (expected stock, flow, target, share or count)"],
    );
}

#[test]
fn an_entity_used_but_not_defined_is_named_with_the_ones_that_are() {
    assert_errors(
        "unknown_entity.toml",
        &["10:6: key \"firms_in_kz\": unknown entity \"kazakstan\" (defined: kazakhstan)"],
    );
}

#[test]
fn two_keys_with_one_id_in_a_file_are_reported_at_the_second() {
    assert_errors(
        "duplicate_key.toml",
        &["11:6: key \"firms\": already defined at tests/fixtures/bad_rules/duplicate_key.toml:1"],
    );
}

#[test]
fn two_keys_with_one_id_in_different_files_are_reported() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURES)
        .join("duplicate_key_across_files");
    let errors = RuleSet::load_dir(&dir).expect_err("duplicate ids");
    let got: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        got,
        vec![format!(
            "{}:3:6: key \"firms\": already defined at {}:1",
            dir.join("b.toml").display(),
            dir.join("a.toml").display()
        )]
    );
}

#[test]
fn a_pattern_that_can_never_match_is_refused() {
    assert_errors(
        "pattern_never_matches.toml",
        &[
            "6:21: key \"firms\": pattern \"*\" can never match (it has no letter or digit)",
            "6:26: key \"firms\": empty pattern can never match",
            "7:16: key \"firms\": pattern \"oper*ting\": \"*\" may only end a pattern (it matches the rest of a word)",
            "7:31: key \"firms\": pattern \"--\" can never match (it has no letter or digit)",
        ],
    );
}

#[test]
fn a_tolerance_outside_zero_to_one_is_refused() {
    assert_errors(
        "tolerance_out_of_range.toml",
        &[
            "6:13: key \"firms\": tolerance 1.5 is out of range (expected 0 <= tolerance < 1)",
            "7:9: key \"firms\": slack -0.1 is out of range (expected 0 <= slack < 1)",
        ],
    );
}

#[test]
fn a_key_without_examples_or_counter_examples_is_refused() {
    assert_errors(
        "no_examples.toml",
        &[
            "2:6: key \"firms\": no example (add example = [{ lang = …, text = …, value = … }])",
            "2:6: key \"firms\": no counter-example (add counter = [{ lang = …, text = … }])",
        ],
    );
}

#[test]
fn an_unknown_language_code_is_refused() {
    assert_errors(
        "unknown_language.toml",
        &["7:6: key \"firms\": unknown language \"fr\" (expected en, tr)"],
    );
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    assert_errors(
        "many_problems.toml",
        &[
            "3:6: key \"firms\": no counter-example (add counter = [{ lang = …, text = … }])",
            "5:8: key \"firms\": unknown unit \"dollars\" (expected count, percent, ordinal, calendar_year, a currency code like USD, or a measure like day)",
            "7:13: key \"firms\": tolerance 2 is out of range (expected 0 <= tolerance < 1)",
            "8:8: key \"firms\": unknown entity \"nowhere\" (no entities are defined; add an [[entity]])",
            "9:12: key \"firms\": pattern \"*\" can never match (it has no letter or digit)",
        ],
    );
}

#[test]
fn problems_in_several_files_are_all_reported() {
    let names = ["unknown_unit.toml", "syntax.toml", "unknown_kind.toml"];
    let files: Vec<(PathBuf, String)> = names
        .iter()
        .map(|n| {
            let path = PathBuf::from(FIXTURES).join(n);
            let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&path))
                .expect("fixture");
            (path, text)
        })
        .collect();
    let errors = RuleSet::from_files(&files, &Languages::builtin()).expect_err("bad files");
    let files_with_errors: Vec<String> = errors
        .iter()
        .map(|e| e.path.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert_eq!(
        files_with_errors,
        vec!["syntax.toml", "unknown_kind.toml", "unknown_unit.toml"]
    );
}

#[test]
fn a_missing_rules_directory_is_an_error_not_an_empty_rule_set() {
    let errors = RuleSet::load_dir(Path::new("no/such/rules")).expect_err("missing dir");
    assert_eq!(errors.len(), 1);
    assert!(errors[0]
        .to_string()
        .starts_with("no/such/rules:1:1: cannot read rules directory"));
}

#[test]
fn the_seed_rules_load_and_list_every_key() {
    let rules = RuleSet::load_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")))
        .expect("seed rules load");
    let rows = rules.summary("en");
    assert_eq!(rows.len(), 17);
    let visa = rows.iter().find(|r| r.id == "visa_free_stay_days").unwrap();
    assert_eq!(visa.unit, "day");
    assert_eq!(visa.from.as_deref(), Some("turkey"));
    assert_eq!(visa.to.as_deref(), Some("kazakhstan"));
    assert!(visa.examples >= 2 && visa.counters >= 2);
    // Located at its `[[key]]` header, the line before its id.
    let people = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/people.toml"))
        .expect("people.toml");
    let id_line = people
        .lines()
        .position(|l| l == "id = \"visa_free_stay_days\"")
        .expect("visa key")
        + 1;
    assert!(
        visa.defined_at
            .ends_with(&format!("rules/people.toml:{}", id_line - 1)),
        "{}",
        visa.defined_at
    );
    let share = rows
        .iter()
        .find(|r| r.id == "kz_share_of_china_europe_overland_trade")
        .unwrap();
    assert_eq!(share.unit, "percent");
    assert!(rows.windows(2).all(|w| w[0].id < w[1].id), "sorted by id");
}

#[test]
fn every_unknown_missing_or_mistyped_field_is_reported_at_once() {
    assert_errors(
        "shape_problems.toml",
        &[
            "5:1: entity \"contoso\": unknown field `names`, expected one of `id`, `name`, `demonym`",
            "7:1: key \"firms\": missing field `unit`",
            "11:1: key \"firms\": unknown field `colour`, expected one of `id`, `label`, `unit`, `kind`, `tolerance`, `approx`, `slack`, `from`, `to`, `about`, `noun`, `require`, `exclude`, `before`, `after`, `example`, `counter`",
            "12:1: key \"firms\": `tolerance` must be a number, found a string",
            "13:6: key \"firms\": `noun.en` must be an array of strings, found a string",
            "14:57: key \"firms\": unknown field `valeu`, expected one of `lang`, `text`, `value`, `hedge`",
            "15:12: key \"firms\": missing field `lang`",
            "17:1: key: missing field `id`",
            "19:1: key: `unit` must be a string, found an integer",
        ],
    );
}

/// The names between backticks after "expected" in an unknown-field message.
fn expected_fields(message: &str) -> Vec<String> {
    let tail = message.split("expected").nth(1).unwrap_or("");
    tail.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn the_shape_check_knows_exactly_the_fields_serde_reads() {
    use reconcile::rules::file::RuleFile;
    use reconcile::rules::shape::{Schema, ENTITY, EXAMPLE, FILE, KEY, RELATION, RELATION_EXAMPLE};
    let key = "[[key]]\nid = \"k\"\nlabel.en = \"K\"\nunit = \"count\"\nkind = \"stock\"\n";
    let relation = "[[relation]]\nid = \"r\"\nlabel.en = \"R\"\nkey = \"k\"\n";
    let cases: [(&Schema, String); 6] = [
        (&FILE, "zzz = 1\n".to_string()),
        (&ENTITY, "[[entity]]\nid = \"e\"\nzzz = 1\n".to_string()),
        (&KEY, format!("{key}zzz = 1\n")),
        (
            &EXAMPLE,
            format!("{key}example = [{{ lang = \"en\", text = \"t\", zzz = 1 }}]\n"),
        ),
        (&RELATION, format!("{relation}zzz = 1\n")),
        (
            &RELATION_EXAMPLE,
            format!("{relation}example = [{{ lang = \"en\", text = \"t\", zzz = 1 }}]\n"),
        ),
    ];
    for (schema, text) in cases {
        let serde_error = toml::from_str::<RuleFile>(&text).expect_err("unknown field");
        let mut serde_fields = expected_fields(serde_error.message());
        let mut ours: Vec<String> = schema.fields.iter().map(|f| f.name.to_string()).collect();
        serde_fields.sort();
        ours.sort();
        assert_eq!(ours, serde_fields, "{}", schema.what);
    }
}
