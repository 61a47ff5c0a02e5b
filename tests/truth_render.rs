//! What the truth layer adds to the outputs it owns: the table (suggestion and reason, copies,
//! learned trust, as-of date) and the JSON (`sources[].trust`, `copies`, `trust`, `as_of`),
//! with nothing removed from the version-1 contract.

mod truth_support;

use reconcile::compare::{Options, Reconciliation};
use reconcile::render::{self, ReportFormat};
use serde_json::Value;
use truth_support::*;

fn story() -> (Vec<Src>, Vec<Fig>) {
    let mut figs = Vec::new();
    for i in 0..5 {
        let s = format!("The annex lists {} items of kind {i}.", 10 + i);
        figs.push(loose("wire", 10.0 + i as f64, &s));
        figs.push(loose("reprint", 10.0 + i as f64, &s));
    }
    figs.push(fig("wire", "count", 4000.0, "Wire: 4,000 firms."));
    figs.push(fig("reprint", "count", 4000.0, "Reprint: 4,000 firms."));
    figs.push(fig("other", "count", 3000.0, "Other: 3,000 firms."));
    figs.push(fig("third", "count", 3000.0, "Third: 3,000 firms as well."));
    let sources = vec![
        src("wire", "2025-01-01"),
        src("reprint", "2025-01-02"),
        src("other", "2025-01-01").trust(0.8),
        src("third", "2025-01-01"),
    ];
    (sources, figs)
}

fn render(rec: &Reconciliation, format: ReportFormat) -> String {
    let mut out = Vec::new();
    render::report(rec, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn json_carries_priors_copies_learned_trust_and_the_date() {
    let (sources, figs) = story();
    let opts = Options {
        learn_trust: true,
        as_of: Some(date("2025-06-01")),
        ..Options::default()
    };
    let rec = corpus_with(&sources, &figs, &opts);
    let v: Value = serde_json::from_str(&render(&rec, ReportFormat::Json)).unwrap();
    for field in [
        "version", "sources", "findings", "unmapped", "ignored", "copies", "warnings", "stats",
    ] {
        assert!(v.get(field).is_some(), "{field} is part of the contract");
    }
    assert_eq!(v["as_of"], "2025-06-01");
    // Sources are listed by id, whatever order they were named in.
    let source = |id: &str| {
        v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("source {id}"))
            .clone()
    };
    assert_eq!(source("other")["trust"], 0.8);
    assert!(source("wire").get("trust").is_none());
    assert_eq!(
        v["copies"][0]["sources"],
        serde_json::json!(["reprint", "wire"])
    );
    assert_eq!(v["copies"][0]["origin"], "wire");
    assert_eq!(v["trust"].as_array().unwrap().len(), 4);
    let f = &v["findings"][0];
    assert_eq!(f["suggested"]["value"], 3000.0);
    assert!(f["suggested"]["why"]
        .as_str()
        .unwrap()
        .starts_with("3,000 (other): backed by 2 independent sources against 1"));
}

#[test]
fn the_table_says_what_to_trust_and_why() {
    let (sources, figs) = story();
    let opts = Options {
        learn_trust: true,
        as_of: Some(date("2025-06-01")),
        ..Options::default()
    };
    let table = render(&corpus_with(&sources, &figs, &opts), ReportFormat::Table);
    for phrase in [
        "→ suggested 3,000",
        "likely copies of one origin",
        "  reprint, wire: ",
        "learned trust (agreement with other origins,",
        "4 sources as of 2025-06-01",
    ] {
        assert!(table.contains(phrase), "missing {phrase:?} in\n{table}");
    }
    let other = table
        .lines()
        .find(|l| l.starts_with("│ other "))
        .expect("a trust row for other");
    assert!(other.contains("┆ 0.80  ┆"), "the prior is shown: {other}");
}

#[test]
fn the_table_has_no_trust_section_unless_asked() {
    let (sources, figs) = story();
    let table = render(&corpus(&sources, &figs), ReportFormat::Table);
    assert!(!table.contains("learned trust"));
    assert!(table.contains("4 sources, "));
}
