//! The seed corpus end to end, as a user runs it: `reconcile report seeds --format json`,
//! scored against what a careful fact-checker finds (`tests/gold/seeds.toml`, a copy of the
//! team's gold file). Every gold key must get its verdict from at least the gold's sources; no
//! other key may be a conflict; nothing from the unrelated news at the end of 002 may map.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

fn report_json() -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args(["report", "seeds", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("reconcile runs");
    assert!(
        out.status.success(),
        "exit {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("report is JSON")
}

fn gold() -> toml::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/gold/seeds.toml"
    ))
    .expect("gold file");
    toml::from_str(&text).expect("gold parses")
}

fn findings_by_key(report: &Value) -> BTreeMap<String, &Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (f["key"].as_str().unwrap_or_default().to_string(), f))
        .collect()
}

#[test]
fn every_gold_key_gets_its_verdict_from_its_sources() {
    let report = report_json();
    let by_key = findings_by_key(&report);
    let mut wrong = Vec::new();
    for g in gold()["finding"].as_array().unwrap() {
        let key = g["key"].as_str().unwrap();
        let want = g["verdict"].as_str().unwrap();
        let want_sources: BTreeSet<&str> = g["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["source"].as_str().unwrap())
            .collect();
        let Some(f) = by_key.get(key) else {
            wrong.push(format!("{key}: missing (want {want})"));
            continue;
        };
        let got = f["verdict"].as_str().unwrap_or_default();
        let sources: BTreeSet<&str> = f["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| &c["source"].as_str().unwrap_or_default()[..3])
            .collect();
        if got != want || !want_sources.is_subset(&sources) {
            wrong.push(format!(
                "{key}: got {got} from {sources:?}, want {want} from {want_sources:?}: {}",
                f["message"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_key_outside_the_gold_is_a_conflict() {
    let report = report_json();
    let conflicts: BTreeSet<String> = gold()["finding"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| matches!(g["verdict"].as_str(), Some("conflict" | "period_conflict")))
        .map(|g| g["key"].as_str().unwrap().to_string())
        .collect();
    let false_conflicts: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| matches!(f["verdict"].as_str(), Some("conflict" | "period_conflict")))
        .filter_map(|f| f["key"].as_str())
        .filter(|k| !conflicts.contains(*k))
        .collect();
    assert!(false_conflicts.is_empty(), "{false_conflicts:?}");
}

#[test]
fn nothing_from_the_unrelated_news_in_002_becomes_a_claim() {
    let report = report_json();
    let noise: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["claims"].as_array().unwrap())
        .filter(|c| {
            let s = c["sentence"].as_str().unwrap_or_default();
            ["Parubiy", "Borrell", "Afghan", "Lviv"]
                .iter()
                .any(|w| s.contains(w))
        })
        .map(|c| c["text"].to_string())
        .collect();
    assert!(noise.is_empty(), "{noise:?}");
}

#[test]
fn every_mention_is_mapped_unmapped_or_ignored() {
    let report = report_json();
    let s = &report["stats"];
    let n = |k: &str| s[k].as_u64().unwrap();
    assert_eq!(n("mentions"), n("mapped") + n("unmapped") + n("ignored"));
    let claims: usize = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["claims"].as_array().unwrap().len())
        .sum();
    assert_eq!(claims as u64, n("mapped"));
    assert_eq!(
        report["unmapped"].as_array().unwrap().len() as u64,
        n("unmapped")
    );
    assert_eq!(
        report["ignored"].as_array().unwrap().len() as u64,
        n("ignored")
    );
    assert_eq!(n("sources"), 5);
}

#[test]
fn the_report_is_byte_identical_across_runs() {
    let a = report_json().to_string();
    let b = report_json().to_string();
    assert_eq!(a, b);
}
