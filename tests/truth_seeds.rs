//! The seed corpus end to end, as a user runs `reconcile report seeds`: every conflict names
//! a suggested figure and says why in the table, the JSON and the HTML; 000 and 004 are one
//! origin; the 2022 $10B target is superseded by the 2025 $15B one on a timeline;
//! `--learn-trust` and `--as-of` do what they say.

use std::process::Command;

use serde_json::Value;

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("reconcile runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(extra: &[&str]) -> Value {
    let mut args = vec!["report", "seeds", "--format", "json"];
    args.extend_from_slice(extra);
    let (ok, stdout, stderr) = run(&args);
    assert!(ok, "{stderr}");
    serde_json::from_str(&stdout).expect("report is JSON")
}

fn finding<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("no finding for {key}"))
}

const CONFLICTS: [&str; 5] = [
    "turkish_companies_in_kz",
    "kz_invest_in_tr",
    "kz_presidential_visits_to_tr",
    "kz_tourists_to_tr",
    "tr_tourists_to_kz",
];

fn short(v: &Value) -> String {
    v.as_str().unwrap_or_default()[..3].to_string()
}

#[test]
fn every_conflict_suggests_a_figure_and_says_why_in_json() {
    let report = json(&[]);
    for key in CONFLICTS {
        let f = finding(&report, key);
        let s = &f["suggested"];
        assert!(s["value"].is_number(), "{key}: {s}");
        assert!(
            s["lower"].as_f64() <= s["value"].as_f64()
                && s["value"].as_f64() <= s["upper"].as_f64(),
            "{key}: {s}"
        );
        assert!(
            s["why"].as_str().unwrap_or_default().len() > 40,
            "{key}: {s}"
        );
    }
    let companies = &finding(&report, "turkish_companies_in_kz")["suggested"];
    assert_eq!(companies["value"], 3538.0);
    let why = companies["why"].as_str().unwrap();
    assert!(why.starts_with("3,538 (004):"), "{why}");
    assert!(why.contains("004 appears to copy 000"), "{why}");
    assert!(why.contains("002 appears to copy 001"), "{why}");
    let invest = &finding(&report, "kz_invest_in_tr")["suggested"];
    assert_eq!(invest["value"], 2.5e9);
    for key in ["kz_tourists_to_tr", "tr_tourists_to_kz"] {
        let why = finding(&report, key)["suggested"]["why"].as_str().unwrap();
        assert!(
            why.ends_with("the likely origin, 000, says 2023"),
            "{key}: {why}"
        );
    }
}

#[test]
fn the_turkish_rewrite_and_its_english_story_are_reported_as_one_origin() {
    let report = json(&[]);
    let groups: Vec<Vec<String>> = report["copies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["sources"].as_array().unwrap().iter().map(short).collect())
        .collect();
    assert!(
        groups.contains(&vec!["000".to_string(), "004".to_string()]),
        "{groups:?}"
    );
    let g = report["copies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| short(&g["sources"][0]) == "000")
        .unwrap();
    assert_eq!(short(&g["origin"]), "000");
    let pair = &g["pairs"][0];
    assert!(pair["containment"].as_f64().unwrap() >= 0.5, "{pair}");
    assert_eq!(
        pair["verbatim"], 0,
        "English and Turkish share no wording: {pair}"
    );
    // No other source is a copy of 000 or 004.
    assert_eq!(g["sources"].as_array().unwrap().len(), 2);
}

#[test]
fn the_2022_target_is_superseded_by_the_2025_target() {
    let report = json(&[]);
    let f = finding(&report, "bilateral_trade_target");
    assert_eq!(f["verdict"], "superseded");
    assert_eq!(f["suggested"]["value"], 15e9);
    let old: Vec<&Value> = f["claims"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["superseded_by"].is_string())
        .collect();
    assert_eq!(old.len(), 1);
    assert_eq!(short(&old[0]["source"]), "003");
    assert_eq!(old[0]["value"], 10e9);
    assert_eq!(old[0]["superseded_by"], "001, 002");
}

#[test]
fn the_table_shows_each_suggestion_with_its_reason_and_the_copies() {
    let (ok, table, stderr) = run(&["report", "seeds", "--color", "never"]);
    assert!(ok, "{stderr}");
    // Cells wrap; compare with the table's borders and padding squeezed out.
    let flat: String = table
        .lines()
        .map(|l| {
            l.rsplit('┆')
                .next()
                .unwrap_or("")
                .trim_end_matches('│')
                .trim()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let findings = json(&[])["findings"].as_array().unwrap().len();
    assert_eq!(table.matches("→ suggested").count(), findings, "{table}");
    assert!(flat.contains("→ suggested 3,538"), "{flat}");
    assert!(
        flat.contains("so the newer statement wins (2026-02-02 against 2025-07-30)"),
        "{flat}"
    );
    assert!(table.contains("likely copies of one origin"), "{table}");
    assert!(table.contains("  000, 004: 000 and 004 share"), "{table}");
}

#[test]
fn the_html_report_shows_each_reason_and_the_target_timeline() {
    let (ok, html, stderr) = run(&["report", "seeds", "--format", "html"]);
    assert!(ok, "{stderr}");
    for phrase in [
        "so the newer statement wins (2026-02-02 against 2025-07-30)",
        "but changes this figure; a copy that changes a figure is likelier wrong",
        "the likely origin, 000, says 2023",
        "Timeline of Target for bilateral trade",
        "as of 2022-10-13, superseded",
        "Likely copies (2)",
    ] {
        assert!(html.contains(phrase), "missing {phrase:?}");
    }
}

#[test]
fn learn_trust_prints_a_trust_for_every_source() {
    let report = json(&["--learn-trust"]);
    let trust = report["trust"].as_array().unwrap();
    let ids: Vec<String> = trust.iter().map(|t| short(&t["source"])).collect();
    assert_eq!(ids, ["000", "001", "002", "003", "004"]);
    for t in trust {
        let v = t["learned"].as_f64().unwrap();
        assert!((0.0..1.0).contains(&v), "{t}");
        assert!(t["iterations"].as_u64().unwrap() >= 1);
    }
    // 003 (2022) shares no figure with another origin: it has no evidence either way.
    assert_eq!(trust[3]["facts"], 0);
    let (ok, table, _) = run(&["report", "seeds", "--learn-trust"]);
    assert!(ok);
    assert!(table.contains("learned trust"), "{table}");
    assert!(json(&[])["trust"].as_array().unwrap().is_empty());
}

#[test]
fn as_of_2025_shows_the_corpus_before_the_visit() {
    let report = json(&["--as-of", "2025-01-01"]);
    assert_eq!(report["as_of"], "2025-01-01");
    let ids: Vec<String> = report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| short(&s["id"]))
        .collect();
    assert_eq!(ids, ["003"]);
    let f = finding(&report, "bilateral_trade_target");
    assert_eq!(f["verdict"], "single_source");
    assert_eq!(f["suggested"]["value"], 10e9);
    assert!(report["copies"].as_array().unwrap().is_empty());
}

#[test]
fn as_of_rejects_a_date_it_cannot_read() {
    let (ok, _, stderr) = run(&["report", "seeds", "--as-of", "July 2025"]);
    assert!(!ok);
    assert!(
        stderr.contains("\"July 2025\" is not a date (expected YYYY-MM-DD)"),
        "{stderr}"
    );
}
