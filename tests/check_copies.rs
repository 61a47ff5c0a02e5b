//! A draft "supported" by two copies of one wire story is supported by one origin, and says
//! so: in the message, in `--format json` (`independent_origins`, `origins`) and on the check
//! page. Verdicts do not change; what the support is worth does.

mod check_support;

use check_support::*;
use reconcile::check::DraftVerdict;
use reconcile::rules::KeyKind;

const WIRE: &str = "tests/fixtures/copies/wire";
const INDEPENDENT: &str = "tests/fixtures/copies/independent";
const MERGER_RULES: &str = "tests/fixtures/tutorial_rules";
const MERGER_DRAFT: &str = "tests/fixtures/drafts/merger_jobs.md";

fn check(against: &[&str], format: &str) -> Run {
    let mut args = vec!["check", MERGER_DRAFT, "--against"];
    args.extend_from_slice(against);
    args.extend_from_slice(&["--rules", MERGER_RULES, "--format", format]);
    let r = run(&args);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    r
}

#[test]
fn a_draft_supported_by_a_story_and_its_reprint_is_supported_by_one_origin() {
    let r = check(&[WIRE], "json");
    let findings = json_findings(&r);
    let f = finding_for(&findings, "merger_jobs_cut");
    assert_eq!(f["verdict"], "supported", "{f:#}");
    let mut speaking: Vec<&str> = f["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    speaking.sort();
    assert_eq!(speaking, ["reprint", "wire"], "both sources agree");
    assert_eq!(f["independent_origins"], 1, "{f:#}");
    assert_eq!(f["origins"]["sources"], 2);
    assert_eq!(f["origins"]["agreeing"], 1);
    assert_eq!(
        f["origins"]["groups"],
        serde_json::json!([["reprint", "wire"]])
    );
    assert_eq!(
        f["message"],
        "1,200 agrees with 1,200 (reprint, wire), which appear to be one origin \
         (reprint appears to copy wire: 6 of 6 figures shared)"
    );
}

#[test]
fn an_independent_third_source_makes_two_origins_of_three_sources() {
    let r = check(&[WIRE, INDEPENDENT], "json");
    let findings = json_findings(&r);
    let f = finding_for(&findings, "merger_jobs_cut");
    assert_eq!(f["verdict"], "supported");
    assert_eq!(f["independent_origins"], 2, "{f:#}");
    assert_eq!(f["origins"]["sources"], 3);
    let message = f["message"].as_str().unwrap();
    assert!(
        message.ends_with(
            "which are 2 independent origins (reprint appears to copy wire: 6 of 6 figures shared)"
        ),
        "{message}"
    );
}

#[test]
fn the_check_page_counts_origins_beside_the_verdict() {
    let page = check(&[WIRE], "html").stdout;
    assert!(
        page.contains("<span class=\"tag t-origins\">1 origin of 2 sources</span>"),
        "the note counts origins"
    );
    assert!(page.contains("which appear to be one origin (reprint appears to copy wire"));
}

#[test]
fn on_the_seeds_14_meetings_backed_by_000_and_004_is_one_origin() {
    let r = run(&[
        "check",
        "tests/fixtures/drafts/editor.md",
        "--against",
        "seeds/",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    let findings = json_findings(&r);
    let f = finding_for(&findings, "tokayev_erdogan_meetings");
    assert_eq!(f["verdict"], "supported", "{f:#}");
    let mut speaking: Vec<&str> = f["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["source"].as_str().unwrap()[..3])
        .collect();
    speaking.sort();
    assert_eq!(speaking, ["000", "004"]);
    assert_eq!(f["independent_origins"], 1, "{f:#}");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("which appear to be one origin (004 appears to copy 000: "),
        "{message}"
    );
}

/// `wire` and `reprint` share four figures on other keys, so they are copies; `other` is not.
fn wire_and_reprint(jobs_wire: f64, jobs_reprint: f64) -> Vec<Fig> {
    let mut figs = Vec::new();
    for (k, v) in [("a", 11.0), ("b", 22.0), ("c", 33.0), ("d", 44.0)] {
        figs.push(fig(k, "wire", v).published("2025-03-01"));
        figs.push(fig(k, "reprint", v).published("2025-03-02"));
    }
    figs.push(fig("jobs", "wire", jobs_wire).published("2025-03-01"));
    figs.push(fig("jobs", "reprint", jobs_reprint).published("2025-03-02"));
    figs
}

#[test]
fn a_copy_that_changed_the_figure_is_still_one_origin_on_both_sides() {
    let f = judge(
        KeyKind::Count,
        &wire_and_reprint(1200.0, 1500.0),
        fig("jobs", "draft", 1200.0),
    );
    assert_eq!(f.verdict, DraftVerdict::Disputed);
    let o = f.origins.as_ref().expect("origins are counted");
    assert_eq!((o.independent, o.agreeing, o.disagreeing), (1, 1, 1));
    assert!(
        f.message
            .ends_with("; but reprint and wire appear to be one origin (reprint appears to copy wire: 4 of 5 figures shared)"),
        "{}",
        f.message
    );
}

#[test]
fn a_draft_contradicted_by_a_story_and_its_reprint_is_contradicted_by_one_origin() {
    let f = judge(
        KeyKind::Count,
        &wire_and_reprint(1200.0, 1200.0),
        fig("jobs", "draft", 900.0),
    );
    assert_eq!(f.verdict, DraftVerdict::Contradicted);
    let o = f.origins.as_ref().expect("origins are counted");
    assert_eq!((o.independent, o.agreeing, o.disagreeing), (1, 0, 1));
    assert!(
        f.message
            .starts_with("900 disagrees with 1,200 (reprint, wire), which appear to be one origin"),
        "{}",
        f.message
    );
}

#[test]
fn independent_sources_add_nothing_to_the_message() {
    let figs = vec![
        fig("jobs", "one", 1200.0).published("2025-03-01"),
        fig("jobs", "two", 1200.0).published("2025-03-02"),
    ];
    let f = judge(KeyKind::Count, &figs, fig("jobs", "draft", 1200.0));
    assert_eq!(f.verdict, DraftVerdict::Supported);
    assert_eq!(f.message, "1,200 agrees with 1,200 (one, two)");
    let o = f.origins.as_ref().expect("origins are counted");
    assert_eq!((o.independent, o.sources), (2, 2));
    assert_eq!(o.copies, None);
}

#[test]
fn unverified_figures_count_no_origins() {
    let f = judge(
        KeyKind::Count,
        &[fig("other", "one", 5.0)],
        fig("jobs", "draft", 1200.0),
    );
    assert_eq!(f.verdict, DraftVerdict::Unverified);
    assert_eq!(f.origins, None);
}
