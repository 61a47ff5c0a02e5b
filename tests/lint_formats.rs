//! Each lint format rendered from hand-built findings: human lines, GitHub workflow commands
//! (with the ten-annotation limit), JSON version 1, and SARIF 2.1.0 checked structurally.

mod check_support;

use check_support::*;
use reconcile::check::DraftFinding;
use reconcile::extract::{Hedge, Unit};
use reconcile::render::lint::{self, LintFormat};
use reconcile::rules::KeyKind;
use serde_json::Value;

fn visa() -> Vec<Fig> {
    let k = "visa_days";
    vec![
        fig(k, "000_aa", 90.0)
            .published("2025-07-29")
            .at(12, 5)
            .words("90 days", "Stays were extended from 30 to 90 days."),
        fig(k, "001_bb", 90.0)
            .published("2025-07-29")
            .at(3, 20)
            .words("90-day", "A 90-day visa-free regime."),
    ]
}

fn companies() -> Vec<Fig> {
    let k = "companies";
    vec![
        fig(k, "000_aa", 3500.0)
            .hedge(Hedge::Approx)
            .published("2025-07-29")
            .at(8, 1),
        fig(k, "001_bb", 4000.0)
            .hedge(Hedge::Approx)
            .published("2025-07-29")
            .at(9, 1),
    ]
}

/// A contradicted figure, a disputed one (silenced in the draft), and a supported one.
fn findings() -> Vec<DraftFinding> {
    let rules = rules(vec![
        key("visa_days", KeyKind::Stock, Unit::Count),
        key("companies", KeyKind::Stock, Unit::Count),
    ]);
    let mut sources = visa();
    sources.extend(companies());
    let mut draft = draft_source(&"x".repeat(300));
    draft.suppressions = vec![suppression(
        "companies",
        "checked with the ministry",
        100,
        200,
    )];
    check_draft(
        &rules,
        &sources,
        &draft,
        &[
            fig("visa_days", "draft", 60.0)
                .at(4, 31)
                .span(10, 12)
                .words("60 days", "Visitors may now stay 60 days visa-free."),
            fig("companies", "draft", 4000.0)
                .hedge(Hedge::Approx)
                .at(7, 1)
                .span(120, 132)
                .words(
                    "around 4,000",
                    "Around 4,000 Turkish companies operate there.",
                ),
            fig("visa_days", "draft", 90.0).at(9, 2).span(250, 252),
        ],
        &[],
    )
}

fn render(findings: &[DraftFinding], format: LintFormat) -> String {
    let mut out = Vec::new();
    lint::write(findings, format, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn loud(findings: Vec<DraftFinding>) -> Vec<DraftFinding> {
    findings
        .into_iter()
        .filter(|f| f.severity() <= reconcile::compare::Severity::Warning)
        .collect()
}

#[test]
fn human_lines_start_with_path_line_and_column() {
    let out = render(&loud(findings()), LintFormat::Human);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "drafts/draft.md:4:31: error: 60 disagrees with 90 (000, 001) [contradicted: visa_days]"
    );
    assert_eq!(
        lines[1],
        "seeds/000_aa.txt:12:5: note: 000 says \"90 days\": Stays were extended from 30 to 90 days."
    );
    assert!(
        !out.contains("4,000"),
        "the silenced finding stays quiet:\n{out}"
    );
    assert_eq!(
        lines.last().unwrap(),
        &"1 error, 0 warnings; 1 finding silenced by a human"
    );
}

#[test]
fn github_annotations_carry_file_line_column_and_end_column() {
    let out = render(&loud(findings()), LintFormat::Github);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::error file=drafts/draft.md,line=4,col=31,endColumn=38,title=reconcile contradicted%3A visa_days::60 disagrees with 90"
        ),
        "{first}"
    );
    assert!(
        first.contains("%0A000 (seeds/000_aa.txt:12) says"),
        "{first}"
    );
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn github_shows_ten_errors_then_lists_the_rest_and_a_summary() {
    let one = loud(findings()).remove(0);
    let many: Vec<DraftFinding> = (0..13)
        .map(|i| {
            let mut f = one.clone();
            f.draft.line = i + 1;
            f
        })
        .collect();
    let out = render(&many, LintFormat::Github);
    let annotations = out.lines().filter(|l| l.starts_with("::error ")).count();
    assert_eq!(annotations, 10);
    let plain = out
        .lines()
        .filter(|l| l.starts_with("drafts/draft.md:") && l.contains(": error: "))
        .count();
    assert_eq!(plain, 3, "{out}");
    let last = out.lines().last().unwrap();
    assert!(
        last.starts_with("::notice title=reconcile::13 errors, 0 warnings"),
        "{last}"
    );
    assert!(
        last.contains("3 findings are listed in the log only"),
        "{last}"
    );
}

#[test]
fn json_has_version_findings_draft_and_sources_and_the_suppression_reason() {
    let out = render(&loud(findings()), LintFormat::Json);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], 1);
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    let f = &findings[0];
    assert_eq!(f["key"], "visa_days");
    assert_eq!(f["verdict"], "contradicted");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["draft"]["path"], "drafts/draft.md");
    assert_eq!(f["draft"]["line"], 4);
    assert_eq!(f["draft"]["column"], 31);
    assert_eq!(f["sources"][0]["source"], "000_aa");
    assert_eq!(f["sources"][0]["path"], "seeds/000_aa.txt");
    assert_eq!(f["sources"][0]["value"], 90.0);
    assert_eq!(f["sources"][0]["agrees"], false);
    let silenced = &findings[1];
    assert_eq!(silenced["verdict"], "disputed");
    assert_eq!(silenced["suppressed"]["kind"], "in_source");
    assert_eq!(
        silenced["suppressed"]["reason"],
        "checked with the ministry"
    );
}

#[test]
fn sarif_is_2_1_0_with_rules_locations_related_locations_and_fingerprints() {
    let out = render(&loud(findings()), LintFormat::Sarif);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(
        v["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "reconcile");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "contradicted",
            "disputed",
            "period-mismatch",
            "supported",
            "unverified"
        ]
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let r = &results[0];
    assert_eq!(r["ruleId"], "contradicted");
    assert_eq!(r["ruleIndex"], 0);
    assert_eq!(r["level"], "error");
    let loc = &r["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "drafts/draft.md");
    assert_eq!(loc["region"]["startLine"], 4);
    assert_eq!(loc["region"]["startColumn"], 31);
    assert_eq!(loc["region"]["endColumn"], 38);
    let related = r["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 2);
    assert_eq!(
        related[0]["physicalLocation"]["artifactLocation"]["uri"],
        "seeds/000_aa.txt"
    );
    assert_eq!(related[0]["physicalLocation"]["region"]["startLine"], 12);
    assert!(related[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("Stays were extended"));
    let fp = r["partialFingerprints"]["reconcileFigures/v1"]
        .as_str()
        .unwrap();
    assert_eq!(fp.len(), 16);
    assert!(r.get("suppressions").is_none());
    let silenced = &results[1];
    assert_eq!(silenced["ruleId"], "disputed");
    assert_eq!(silenced["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        silenced["suppressions"][0]["justification"],
        "checked with the ministry"
    );
}

#[test]
fn the_editors_table_shows_every_figure_with_sentence_and_sources() {
    let out = render(&findings(), LintFormat::Table);
    assert!(out.starts_with("drafts/draft.md\n"), "{out}");
    for want in [
        "Visitors may now stay 60 days visa-free.",
        "contradicted",
        "supported",
        "silenced: checked with the ministry",
        "Stays were extended",
        "[disagrees]",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    assert!(
        out.trim_end()
            .ends_with("3 figures; 1 error, 0 warnings; 1 finding silenced by a human"),
        "{out}"
    );
}

#[test]
fn rendering_is_deterministic() {
    for format in [
        LintFormat::Human,
        LintFormat::Json,
        LintFormat::Github,
        LintFormat::Sarif,
        LintFormat::Table,
    ] {
        assert_eq!(render(&findings(), format), render(&findings(), format));
    }
}
