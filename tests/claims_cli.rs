//! `reconcile claims`: every mention of a file, one JSON object per line, each mapped to a key,
//! unmapped (key null) or ignored with its reason.

use std::process::Command;

use serde_json::Value;

fn claims_jsonl(path: &str) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args(["claims", path, "--format", "jsonl"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("reconcile runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect()
}

fn find<'a>(rows: &'a [Value], text: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["text"].as_str().is_some_and(|t| t.contains(text)))
        .unwrap_or_else(|| panic!("no mention with text {text:?}"))
}

#[test]
fn every_line_has_the_documented_fields() {
    let rows = claims_jsonl("seeds/004_0b1b2b64c9862a67.txt");
    assert!(rows.len() > 20);
    for r in &rows {
        for field in [
            "text", "line", "column", "value", "unit", "hedge", "lower", "upper", "period", "key",
        ] {
            assert!(r.get(field).is_some(), "{field} missing in {r}");
        }
    }
}

#[test]
fn a_turkish_mixed_number_maps_with_its_interval() {
    let rows = claims_jsonl("seeds/004_0b1b2b64c9862a67.txt");
    let r = find(&rows, "3 bin 538");
    assert_eq!(r["value"], 3538.0);
    assert_eq!(r["key"], "turkish_companies_in_kz");
    assert_eq!(r["line"], 33);
    assert!(r["lower"].as_f64().unwrap() < 3538.0 && r["upper"].as_f64().unwrap() > 3538.0);
}

#[test]
fn a_date_is_ignored_with_its_reason_and_no_key() {
    let rows = claims_jsonl("seeds/004_0b1b2b64c9862a67.txt");
    let r = find(&rows, "2 Mart 1992");
    assert_eq!(r["ignored"], "date");
    assert!(r["key"].is_null());
}

#[test]
fn a_hedged_lower_bound_keeps_its_period_and_hedge() {
    let rows = claims_jsonl("seeds/004_0b1b2b64c9862a67.txt");
    let r = find(&rows, "1,9 milyar doları aştı");
    assert_eq!(r["hedge"], "over");
    assert_eq!(r["unit"], "USD");
    assert_eq!(r["period"], "2024-01..2024-05");
    assert_eq!(r["key"], "bilateral_trade_turnover");
}

#[test]
fn an_age_in_unrelated_news_is_kept_unmapped() {
    let rows = claims_jsonl("seeds/002_ab58e8c5af7b79a3.txt");
    let r = find(&rows, "54");
    assert!(r["key"].is_null());
    assert!(r.get("ignored").is_none());
}
