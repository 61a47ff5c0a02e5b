//! `reconcile check DRAFT --against seeds/`: what a careful editor expects of the seed corpus,
//! as CLI transcripts. The drafts are natural news prose in `tests/fixtures/drafts/`.

mod check_support;

use check_support::*;

const DRAFTS: &str = "tests/fixtures/drafts";

fn check_json(draft: &str) -> (Run, Vec<serde_json::Value>) {
    let path = format!("{DRAFTS}/{draft}");
    let r = run(&["check", &path, "--against", "seeds/", "--format", "json"]);
    assert_eq!(r.code, 0, "stderr:\n{}", r.stderr);
    let findings = json_findings(&r);
    (r, findings)
}

#[test]
fn sixty_days_visa_free_is_contradicted_by_the_seeds() {
    let (_, findings) = check_json("visa_60_days.md");
    let f = finding_for(&findings, "visa_free_stay_days");
    assert_eq!(f["verdict"], "contradicted", "{f:#}");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["draft"]["path"], "tests/fixtures/drafts/visa_60_days.md");
    assert_eq!(f["draft"]["line"], 8);
    assert_eq!(f["draft"]["column"], 32);
    assert_eq!(f["draft"]["value"], 60.0);
    let sources = f["sources"].as_array().unwrap();
    assert!(!sources.is_empty());
    assert!(
        sources
            .iter()
            .all(|s| s["value"] == 90.0 && s["agrees"] == false),
        "{sources:#?}"
    );
}

#[test]
fn around_4000_turkish_companies_is_disputed_and_sides_with_001_and_002() {
    let (_, findings) = check_json("companies_around_4000.md");
    let f = finding_for(&findings, "turkish_companies_in_kz");
    assert_eq!(f["verdict"], "disputed", "{f:#}");
    assert_eq!(f["severity"], "warning");
    let mut side: Vec<&str> = f["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["agrees"] == true)
        .map(|s| &s["source"].as_str().unwrap()[..3])
        .collect();
    side.sort();
    assert_eq!(side, vec!["001", "002"]);
    let message = f["message"].as_str().unwrap();
    assert!(
        message.starts_with("sources disagree: around 4,000 sides with"),
        "{message}"
    );
}

#[test]
fn five_billion_of_trade_in_2024_is_supported() {
    let (_, findings) = check_json("trade_5_billion_2024.md");
    let f = finding_for(&findings, "bilateral_trade_turnover");
    assert_eq!(f["verdict"], "supported", "{f:#}");
    assert_eq!(f["severity"], "info");
    assert_eq!(f["draft"]["period"], "2024");
    // January–May figures are another period and do not speak of the year.
    assert!(f["sources"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["period"] != "2024-01..2024-05"));
}

#[test]
fn tourists_dated_2024_are_a_period_mismatch_because_one_source_dates_them_2023() {
    let (_, findings) = check_json("tourists_period.md");
    let f = finding_for(&findings, "kz_tourists_to_tr");
    assert_eq!(f["verdict"], "period_mismatch", "{f:#}");
    assert_eq!(f["severity"], "warning");
    assert!(
        f["message"].as_str().unwrap().contains("for 2023 (000)"),
        "{f:#}"
    );
}

#[test]
fn a_figure_no_rule_maps_is_unverified_and_still_listed() {
    let (_, findings) = check_json("unverified.md");
    let f = findings
        .iter()
        .find(|f| f["draft"]["value"] == 120.0)
        .unwrap_or_else(|| panic!("120 is missing: {findings:#?}"));
    assert_eq!(f["verdict"], "unverified");
    assert_eq!(f["key"], serde_json::Value::Null);
    assert_eq!(f["severity"], "info");
}

#[test]
fn the_table_shows_the_drafts_sentence_the_figure_and_each_sources_words() {
    let r = run(&[
        "check",
        &format!("{DRAFTS}/visa_60_days.md"),
        "--against",
        "seeds/",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for want in [
        "tests/fixtures/drafts/visa_60_days.md",
        "8:32",
        "60 days visa-free",
        "contradicted",
        "visa_free_stay_days",
        "[disagrees]",
        "000 ",
        "90",
    ] {
        assert!(r.stdout.contains(want), "missing {want:?} in\n{}", r.stdout);
    }
}

#[test]
fn a_figure_after_a_code_block_points_at_its_own_line() {
    let (_, findings) = check_json("after_code_block.md");
    // Front matter, the fenced block, inline code, the link target and the comment all hold
    // numbers; none of them is prose.
    let lines: Vec<(u64, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["draft"]["line"].as_u64().unwrap(),
                f["draft"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lines, vec![(17, 27)], "{findings:#?}");
}

#[test]
fn plain_text_and_html_drafts_are_checked_at_their_own_lines() {
    for (draft, line, column) in [("visa_60_days.txt", 3, 32), ("visa_60_days.html", 6, 35)] {
        let (_, findings) = check_json(draft);
        let f = finding_for(&findings, "visa_free_stay_days");
        assert_eq!(f["verdict"], "contradicted", "{draft}: {f:#}");
        assert_eq!(f["draft"]["line"], line, "{draft}");
        assert_eq!(f["draft"]["column"], column, "{draft}");
    }
}

#[test]
fn a_draft_inside_the_source_folder_does_not_confirm_itself() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let draft = dir.path().join("zz_draft.md");
    std::fs::copy(root().join(DRAFTS).join("visa_60_days.md"), &draft).unwrap();
    let r = run(&[
        "check",
        draft.to_str().unwrap(),
        "--against",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let findings = json_findings(&r);
    let f = finding_for(&findings, "visa_free_stay_days");
    assert_eq!(f["verdict"], "contradicted", "{f:#}");
}

#[test]
fn check_exits_2_when_the_draft_cannot_be_read() {
    let r = run(&[
        "check",
        "tests/fixtures/drafts/missing.md",
        "--against",
        "seeds/",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.md"), "{}", r.stderr);
}

#[test]
fn check_exits_2_without_sources() {
    let dir = tempfile::tempdir().unwrap();
    let draft = root().join(DRAFTS).join("visa_60_days.md");
    let rules = root().join("rules");
    let r = run_in(
        Some(dir.path()),
        &[
            "check",
            draft.to_str().unwrap(),
            "--rules",
            rules.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr.trim(),
        "error: no sources to check against (pass --against PATH or set `sources` in reconcile.toml)"
    );
}

#[test]
fn check_exits_2_on_an_unknown_format() {
    let r = run(&[
        "check",
        "tests/fixtures/drafts/visa_60_days.md",
        "--against",
        "seeds/",
        "--format",
        "xml",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown format \"xml\""), "{}", r.stderr);
}

#[test]
fn check_reads_the_draft_from_stdin() {
    let r = run_in(
        None,
        &["check", "-", "--against", "seeds/", "--format", "json"],
        Some("Turkish visitors may now stay 60 days in Kazakhstan without a visa.\n"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let findings = json_findings(&r);
    let f = finding_for(&findings, "visa_free_stay_days");
    assert_eq!(f["verdict"], "contradicted");
    assert_eq!(f["draft"]["path"], "-");
}
