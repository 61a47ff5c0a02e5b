//! CLI transcripts for broken and failing rules: every kind of rule-file mistake is shown on
//! stderr as `error: path:line:col: message`, with every problem of the run at once, and
//! `report`, `claims` and `rules test` all refuse to go on (exit 2). A rule folder whose
//! examples fail makes `rules test` exit 1 and name each failure; the seed rules pass.

use std::process::Command;

const BAD: &str = "tests/fixtures/bad_rules";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run reconcile");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `report`, `claims` and `rules test` with `--rules RULES` each print exactly `lines` (then
/// the count of problems) on stderr, nothing on stdout, and exit 2.
fn refused(rules: &str, lines: &[&str]) {
    let mut want: String = lines.iter().map(|l| format!("error: {l}\n")).collect();
    want.push_str(&format!(
        "error: {} problem{} in the rules under {rules}\n",
        lines.len(),
        if lines.len() == 1 { "" } else { "s" }
    ));
    for args in [
        vec!["report", "seeds", "--rules", rules],
        vec!["claims", "seeds", "--rules", rules],
        vec!["rules", "test", "--rules", rules],
    ] {
        let r = run(&args);
        assert_eq!(r.stderr, want, "reconcile {}", args.join(" "));
        assert_eq!(r.code, 2, "reconcile {}", args.join(" "));
        assert_eq!(r.stdout, "", "reconcile {}", args.join(" "));
    }
}

#[test]
fn a_toml_syntax_error_stops_every_command_with_its_location() {
    refused(
        &format!("{BAD}/syntax.toml"),
        &["tests/fixtures/bad_rules/syntax.toml:2:6: invalid table header: expected `.`, `]]`"],
    );
}

#[test]
fn an_unknown_field_is_shown_with_the_fields_that_exist() {
    refused(
        &format!("{BAD}/unknown_field.toml"),
        &["tests/fixtures/bad_rules/unknown_field.toml:6:1: key \"trade\": unknown field `colour`, expected one of `id`, `label`, `unit`, `kind`, `tolerance`, `approx`, `slack`, `from`, `to`, `about`, `noun`, `require`, `exclude`, `before`, `after`, `example`, `counter`"],
    );
}

#[test]
fn a_missing_field_is_shown_at_its_table() {
    refused(
        &format!("{BAD}/missing_field.toml"),
        &["tests/fixtures/bad_rules/missing_field.toml:1:1: key \"trade\": missing field `unit`"],
    );
}

#[test]
fn every_unknown_missing_or_mistyped_field_of_every_table_is_shown_at_once() {
    let f = "tests/fixtures/bad_rules/shape_problems.toml";
    refused(
        f,
        &[
            &format!("{f}:5:1: entity \"contoso\": unknown field `names`, expected one of `id`, `name`, `demonym`"),
            &format!("{f}:7:1: key \"firms\": missing field `unit`"),
            &format!("{f}:11:1: key \"firms\": unknown field `colour`, expected one of `id`, `label`, `unit`, `kind`, `tolerance`, `approx`, `slack`, `from`, `to`, `about`, `noun`, `require`, `exclude`, `before`, `after`, `example`, `counter`"),
            &format!("{f}:12:1: key \"firms\": `tolerance` must be a number, found a string"),
            &format!("{f}:13:6: key \"firms\": `noun.en` must be an array of strings, found a string"),
            &format!("{f}:14:57: key \"firms\": unknown field `valeu`, expected one of `lang`, `text`, `value`, `hedge`"),
            &format!("{f}:15:12: key \"firms\": missing field `lang`"),
            &format!("{f}:17:1: key: missing field `id`"),
            &format!("{f}:19:1: key: `unit` must be a string, found an integer"),
        ],
    );
}

#[test]
fn an_unknown_unit_is_shown_with_what_is_expected() {
    refused(
        &format!("{BAD}/unknown_unit.toml"),
        &["tests/fixtures/bad_rules/unknown_unit.toml:4:8: key \"inflation\": unknown unit \"percnt\" (expected count, percent, ordinal, calendar_year, a currency code like USD, or a measure like day)"],
    );
}

#[test]
fn an_unknown_kind_is_shown_with_what_is_expected() {
    refused(
        &format!("{BAD}/unknown_kind.toml"),
        &["tests/fixtures/bad_rules/unknown_kind.toml:5:8: key \"firms\": unknown kind \"stok\" (expected stock, flow, target, share or count)"],
    );
}

#[test]
fn an_entity_used_but_not_defined_is_shown_with_the_ones_that_are() {
    refused(
        &format!("{BAD}/unknown_entity.toml"),
        &["tests/fixtures/bad_rules/unknown_entity.toml:10:6: key \"firms_in_kz\": unknown entity \"kazakstan\" (defined: kazakhstan)"],
    );
}

#[test]
fn two_keys_with_one_id_are_shown_at_the_second() {
    refused(
        &format!("{BAD}/duplicate_key.toml"),
        &["tests/fixtures/bad_rules/duplicate_key.toml:11:6: key \"firms\": already defined at tests/fixtures/bad_rules/duplicate_key.toml:1"],
    );
}

#[test]
fn two_keys_with_one_id_in_two_files_of_a_folder_are_shown() {
    let dir = format!("{BAD}/duplicate_key_across_files");
    refused(
        &dir,
        &[&format!(
            "{dir}/b.toml:3:6: key \"firms\": already defined at {dir}/a.toml:1"
        )],
    );
}

#[test]
fn a_pattern_that_can_never_match_is_shown_at_the_pattern() {
    let f = "tests/fixtures/bad_rules/pattern_never_matches.toml";
    refused(
        f,
        &[
            &format!("{f}:6:21: key \"firms\": pattern \"*\" can never match (it has no letter or digit)"),
            &format!("{f}:6:26: key \"firms\": empty pattern can never match"),
            &format!("{f}:7:16: key \"firms\": pattern \"oper*ting\": \"*\" may only end a pattern (it matches the rest of a word)"),
            &format!("{f}:7:31: key \"firms\": pattern \"--\" can never match (it has no letter or digit)"),
        ],
    );
}

#[test]
fn a_tolerance_out_of_range_is_shown_at_its_value() {
    let f = "tests/fixtures/bad_rules/tolerance_out_of_range.toml";
    refused(
        f,
        &[
            &format!("{f}:6:13: key \"firms\": tolerance 1.5 is out of range (expected 0 <= tolerance < 1)"),
            &format!("{f}:7:9: key \"firms\": slack -0.1 is out of range (expected 0 <= slack < 1)"),
        ],
    );
}

#[test]
fn rules_test_names_every_failing_example_and_exits_1() {
    let r = run(&[
        "rules",
        "test",
        "--rules",
        &format!("{BAD}/failing_example"),
    ]);
    let f = "tests/fixtures/bad_rules/failing_example/firms.toml";
    assert_eq!(
        r.stdout,
        format!(
            "{f}:23: example \"About 300 Northwind staff will move to Contoso.\" expected contoso_staff_to_northwind (value 300), got unmapped (closest contoso_staff_to_northwind: contoso is the destination here, the key needs it as the origin)\n\
             {f}:25: example \"About 500 Contoso employees will join Northwind.\" expected contoso_staff_to_northwind (value 500, hedge over), got contoso_staff_to_northwind (value 500, hedge approx)\n\
             {f}:29: counter-example \"Some 200 Contoso staff will join Northwind.\" expected not contoso_staff_to_northwind, got contoso_staff_to_northwind (value 200)\n\
             3 of 4 examples failed\n"
        )
    );
    assert_eq!(r.stderr, "");
    assert_eq!(r.code, 1);
}

#[test]
fn rules_test_passes_on_the_seed_rules() {
    let r = run(&["rules", "test", "--rules", "rules"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .ends_with("examples and counter-examples passed in 17 keys\n"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stderr, "");
}

#[test]
fn a_rules_path_that_does_not_exist_is_refused() {
    let r = run(&["rules", "test", "--rules", "no/such/rules"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: no/such/rules:1:1: cannot read rules directory"),
        "{}",
        r.stderr
    );
}
