//! `reconcile lint DRAFT... --against seeds/` for CI, as transcripts: every format, every exit
//! status, suppressions, baselines, changed lines and `reconcile.toml`.

mod check_support;

use std::path::Path;

use check_support::*;

const VISA: &str = "tests/fixtures/drafts/visa_60_days.md";
const COMPANIES: &str = "tests/fixtures/drafts/companies_around_4000.md";
const TRADE: &str = "tests/fixtures/drafts/trade_5_billion_2024.md";
const SUPPRESSED: &str = "tests/fixtures/drafts/suppressed_investment.md";

fn lint(extra: &[&str]) -> Run {
    let mut args = vec!["lint"];
    args.extend_from_slice(extra);
    run(&args)
}

// ---------- exit statuses ----------

#[test]
fn a_contradicted_draft_fails_with_status_1() {
    let r = lint(&[VISA, "--against", "seeds/"]);
    assert_eq!(r.code, 1, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    let first = r.stdout.lines().next().unwrap_or("");
    assert!(
        first
            .starts_with("tests/fixtures/drafts/visa_60_days.md:8:32: error: 60 disagrees with 90"),
        "{first}"
    );
    assert!(
        first.ends_with("[contradicted: visa_free_stay_days]"),
        "{first}"
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("seeds/000_") && l.contains(": note: 000 says")),
        "{}",
        r.stdout
    );
}

#[test]
fn a_disputed_figure_warns_but_passes_at_the_default_deny_level() {
    let r = lint(&[COMPANIES, "--against", "seeds/"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .starts_with("tests/fixtures/drafts/companies_around_4000.md:3:1: warning: "),
        "{}",
        r.stdout
    );
}

#[test]
fn deny_warning_fails_on_a_disputed_figure() {
    let r = lint(&[COMPANIES, "--against", "seeds/", "--deny", "warning"]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
}

#[test]
fn a_supported_draft_passes_silently() {
    let r = lint(&[TRADE, "--against", "seeds/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn bad_input_exits_2() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["tests/fixtures/drafts/nope.md", "--against", "seeds/"],
            "nope.md",
        ),
        (
            &[VISA, "--against", "seeds/", "--format", "xml"],
            "unknown format \"xml\"",
        ),
        (
            &[VISA, "--against", "seeds/", "--deny", "fatal"],
            "unknown deny level \"fatal\"",
        ),
        (
            &[
                VISA,
                "--against",
                "seeds/",
                "--baseline",
                "no-such-baseline.json",
            ],
            "no-such-baseline.json",
        ),
    ];
    for (args, said) in cases {
        let r = lint(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(said), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn a_broken_source_exits_2_even_when_the_draft_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"abc \xc3\x28 def \x80\x81").unwrap();
    let r = lint(&[TRADE, "--against", "seeds/", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("bad.txt"), "{}", r.stderr);
}

#[test]
fn help_documents_the_exit_statuses() {
    let r = lint(&["--help"]);
    assert_eq!(r.code, 0);
    for want in [
        "Exit status:",
        "0  no finding",
        "1  at least one finding",
        "2  bad input",
    ] {
        assert!(r.stdout.contains(want), "missing {want:?}:\n{}", r.stdout);
    }
}

#[test]
fn drafts_may_follow_a_double_dash_after_the_sources() {
    let r = lint(&["--against", "seeds/", "--", VISA]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
}

// ---------- formats ----------

#[test]
fn github_format_prints_workflow_commands_with_end_columns() {
    let r = lint(&[VISA, "--against", "seeds/", "--format", "github"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let first = r.stdout.lines().next().unwrap_or("");
    assert!(
        first.starts_with(
            "::error file=tests/fixtures/drafts/visa_60_days.md,line=8,col=32,endColumn=39,title=reconcile contradicted%3A visa_free_stay_days::"
        ),
        "{first}"
    );
}

#[test]
fn github_format_prints_a_summary_past_ten_errors() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("many.md");
    let para = "Turkish citizens can now spend 60 days visa-free in Kazakhstan.\n\n";
    std::fs::write(&draft, para.repeat(12)).unwrap();
    let seeds = root().join("seeds");
    let r = lint(&[
        draft.to_str().unwrap(),
        "--against",
        seeds.to_str().unwrap(),
        "--format",
        "github",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout
            .lines()
            .filter(|l| l.starts_with("::error "))
            .count(),
        10
    );
    let last = r.stdout.lines().last().unwrap();
    assert!(
        last.starts_with("::notice title=reconcile::12 errors"),
        "{last}"
    );
}

#[test]
fn json_format_follows_the_spec() {
    let r = lint(&[VISA, COMPANIES, "--against", "seeds/", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let findings = json_findings(&r);
    let keys: Vec<&str> = findings
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, vec!["turkish_companies_in_kz", "visa_free_stay_days"]);
    for f in &findings {
        for field in ["key", "verdict", "severity", "message", "draft", "sources"] {
            assert!(f.get(field).is_some(), "{field} missing in {f:#}");
        }
        for field in ["path", "line", "column"] {
            assert!(
                f["draft"].get(field).is_some(),
                "draft.{field} missing in {f:#}"
            );
        }
        assert!(!f["sources"].as_array().unwrap().is_empty());
    }
}

#[test]
fn sarif_format_is_structurally_valid_2_1_0() {
    let r = lint(&[VISA, COMPANIES, "--against", "seeds/", "--format", "sarif"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(
        v["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &v["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "contradicted",
            "disputed",
            "period-mismatch",
            "supported",
            "unverified"
        ]
    );
    let results = run["results"].as_array().unwrap();
    let by_rule = |id: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == id)
            .unwrap_or_else(|| panic!("no {id} result"))
    };
    let c = by_rule("contradicted");
    assert_eq!(c["level"], "error");
    let region = &c["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        c["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/drafts/visa_60_days.md"
    );
    assert_eq!(region["startLine"], 8);
    assert_eq!(region["startColumn"], 32);
    assert_eq!(region["endColumn"], 39);
    let related = c["relatedLocations"].as_array().unwrap();
    assert!(!related.is_empty());
    for rel in related {
        let uri = rel["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("seeds/"), "{uri}");
        assert!(
            rel["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
        assert!(rel["physicalLocation"]["region"]["endColumn"]
            .as_u64()
            .is_some());
    }
    assert_eq!(
        c["partialFingerprints"]["reconcileFigures/v1"]
            .as_str()
            .unwrap()
            .len(),
        16
    );
    let d = by_rule("disputed");
    assert_eq!(d["level"], "warning");
    // Only the sources on the other side disagree: 000 and 004.
    let related: Vec<&str> = d["relatedLocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        related
            .iter()
            .all(|u| u.starts_with("seeds/000_") || u.starts_with("seeds/004_")),
        "{related:?}"
    );
}

// ---------- suppression ----------

#[test]
fn a_reconcile_ignore_comment_silences_the_next_paragraph_and_json_says_why() {
    let r = lint(&[
        SUPPRESSED,
        "--against",
        "seeds/",
        "--format",
        "json",
        "--deny",
        "warning",
    ]);
    let findings = json_findings(&r);
    let invest: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["key"] == "kz_invest_in_tr")
        .collect();
    assert_eq!(invest.len(), 2, "{findings:#?}");
    assert_eq!(invest[0]["draft"]["line"], 4);
    assert_eq!(invest[0]["suppressed"]["kind"], "in_source");
    assert_eq!(
        invest[0]["suppressed"]["reason"],
        "checked with the ministry"
    );
    assert_eq!(invest[1]["draft"]["line"], 6);
    assert!(
        invest[1].get("suppressed").is_none(),
        "only the next paragraph is silenced"
    );
    assert_eq!(r.code, 1, "the second paragraph still counts");
}

#[test]
fn a_silenced_finding_does_not_fail_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("d.md");
    std::fs::write(
        &draft,
        "<!-- reconcile-ignore visa_free_stay_days: the ministry confirmed 60 days -->\n\
         Turkish citizens can now spend 60 days visa-free in Kazakhstan.\n",
    )
    .unwrap();
    let seeds = root().join("seeds");
    let args = [
        draft.to_str().unwrap(),
        "--against",
        seeds.to_str().unwrap(),
    ];
    let r = lint(&args);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains(": error:"), "{}", r.stdout);
    assert!(
        r.stdout.contains("1 finding silenced by a human"),
        "{}",
        r.stdout
    );
}

// ---------- baseline ----------

#[test]
fn a_baseline_keeps_accepted_findings_quiet_until_the_figure_changes() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("d.md");
    let baseline = dir.path().join("baseline.json");
    let seeds = root().join("seeds");
    let seeds = seeds.to_str().unwrap();
    let sentence = "Turkish citizens can now spend 60 days visa-free in Kazakhstan.\n";
    std::fs::write(&draft, sentence).unwrap();
    let d = draft.to_str().unwrap();
    let b = baseline.to_str().unwrap();

    let w = lint(&[d, "--against", seeds, "--write-baseline", b]);
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert!(w.stderr.contains("wrote 1 finding to"), "{}", w.stderr);

    let r = lint(&[d, "--against", seeds, "--baseline", b]);
    assert_eq!(r.code, 0, "accepted: {}", r.stdout);

    // Rewriting the baseline through the old one keeps what it accepted.
    let w = lint(&[
        d,
        "--against",
        seeds,
        "--baseline",
        b,
        "--write-baseline",
        b,
    ]);
    assert!(w.stderr.contains("wrote 1 finding to"), "{}", w.stderr);

    // Moving the text keeps it accepted.
    std::fs::write(
        &draft,
        format!("# Travel\n\nA new opening paragraph.\n\n{sentence}"),
    )
    .unwrap();
    let r = lint(&[d, "--against", seeds, "--baseline", b]);
    assert_eq!(r.code, 0, "moved: {}", r.stdout);

    // Changing the figure does not.
    std::fs::write(&draft, sentence.replace("60", "45")).unwrap();
    let r = lint(&[d, "--against", seeds, "--baseline", b]);
    assert_eq!(r.code, 1, "changed: {}", r.stdout);
}

// ---------- changed lines ----------

fn two_figure_draft(dir: &Path) -> std::path::PathBuf {
    let draft = dir.join("drafts").join("d.md");
    std::fs::create_dir_all(draft.parent().unwrap()).unwrap();
    std::fs::write(
        &draft,
        "# Travel\n\nTurkish citizens can now spend 60 days visa-free in Kazakhstan.\n\n\
         Around 4,000 Turkish companies operate in Kazakhstan.\n",
    )
    .unwrap();
    draft
}

#[test]
fn changed_lines_flags_only_the_lines_a_diff_adds() {
    let dir = tempfile::tempdir().unwrap();
    let draft = two_figure_draft(dir.path());
    let seeds = root().join("seeds");
    let touch = |line: usize| {
        format!(
            "diff --git a/drafts/d.md b/drafts/d.md\n--- a/drafts/d.md\n+++ b/drafts/d.md\n@@ -{line},0 +{line} @@\n+changed\n"
        )
    };
    let diff = dir.path().join("change.diff");
    let args = |diff_arg: &str| {
        vec![
            "lint".to_string(),
            draft.to_str().unwrap().to_string(),
            "--against".into(),
            seeds.to_str().unwrap().to_string(),
            "--deny".into(),
            "warning".into(),
            diff_arg.to_string(),
        ]
    };
    // Only the companies line (5) changed: its warning counts, the visa error does not.
    std::fs::write(&diff, touch(5)).unwrap();
    let a = args(&format!("--changed-lines={}", diff.display()));
    let r = run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains(":5:1: warning:"), "{}", r.stdout);
    assert!(!r.stdout.contains(": error:"), "{}", r.stdout);

    // A diff on stdin that touches neither figure: nothing to say.
    let a = args("--changed-lines=-");
    let r = run_in(
        None,
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
        Some(&touch(1)),
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn changed_lines_runs_git_diff_itself() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    let draft = two_figure_draft(dir.path());
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "draft"]);
    // The author touches only the visa sentence.
    let text = std::fs::read_to_string(&draft).unwrap();
    std::fs::write(&draft, text.replace("now spend", "from now on spend")).unwrap();
    let seeds = root().join("seeds");
    let rules = root().join("rules");
    let r = run_in(
        Some(dir.path()),
        &[
            "lint",
            "drafts/d.md",
            "--against",
            seeds.to_str().unwrap(),
            "--rules",
            rules.to_str().unwrap(),
            "--deny",
            "warning",
            "--changed-lines",
        ],
        None,
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("drafts/d.md:3:"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("warning:"),
        "the untouched line stays quiet: {}",
        r.stdout
    );
}

#[test]
fn a_malformed_diff_exits_2_with_its_line() {
    let r = run_in(
        None,
        &["lint", VISA, "--against", "seeds/", "--changed-lines=-"],
        Some("+++ b/x.md\n@@ garbage @@\n"),
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.trim(), "error: -:2: malformed hunk header");
}

// ---------- reconcile.toml ----------

fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rules = root().join("rules");
    let seeds = root().join("seeds");
    let text = config
        .replace("RULES", &rules.display().to_string())
        .replace("SEEDS", &seeds.display().to_string());
    std::fs::write(dir.path().join("reconcile.toml"), text).unwrap();
    std::fs::create_dir_all(dir.path().join("drafts/deep")).unwrap();
    std::fs::copy(
        root().join(COMPANIES),
        dir.path().join("drafts/deep/companies.md"),
    )
    .unwrap();
    dir
}

#[test]
fn reconcile_toml_supplies_rules_sources_format_and_deny() {
    let dir = project(
        "rules = \"RULES\"\nsources = [\"SEEDS\"]\nformat = \"json\"\ndeny = \"warning\"\n",
    );
    // Found by walking up from a subfolder.
    let cwd = dir.path().join("drafts/deep");
    let r = run_in(Some(&cwd), &["lint", "companies.md"], None);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let findings = json_findings(&r);
    assert_eq!(
        finding_for(&findings, "turkish_companies_in_kz")["verdict"],
        "disputed"
    );
}

#[test]
fn flags_win_over_reconcile_toml() {
    let dir = project(
        "rules = \"RULES\"\nsources = [\"SEEDS\"]\nformat = \"json\"\ndeny = \"warning\"\n",
    );
    let r = run_in(
        Some(dir.path()),
        &[
            "lint",
            "drafts/deep/companies.md",
            "--format",
            "human",
            "--deny",
            "error",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .starts_with("drafts/deep/companies.md:3:1: warning:"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_per_key_tolerance_in_reconcile_toml_changes_the_verdict() {
    // At 20% tolerance, 3,500, 3,538 and 4,000 all agree.
    let dir = project(
        "rules = \"RULES\"\nsources = [\"SEEDS\"]\ndeny = \"warning\"\n\n\
         [keys.turkish_companies_in_kz]\ntolerance = 0.2\n",
    );
    let r = run_in(
        Some(dir.path()),
        &["lint", "drafts/deep/companies.md"],
        None,
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
}

#[test]
fn an_unknown_field_in_reconcile_toml_is_an_error_at_its_line_and_column() {
    let dir = project("rules = \"RULES\"\nsoruces = [\"SEEDS\"]\n");
    let r = run_in(
        Some(dir.path()),
        &["lint", "drafts/deep/companies.md"],
        None,
    );
    assert_eq!(r.code, 2);
    let line = r.stderr.lines().next().unwrap_or("");
    assert!(line.starts_with("error: "), "{line}");
    assert!(
        line.contains("reconcile.toml:2:1: unknown field `soruces`"),
        "{line}"
    );
}

#[test]
fn an_override_for_a_key_no_rule_defines_is_an_error() {
    let dir = project(
        "rules = \"RULES\"\nsources = [\"SEEDS\"]\n\n[keys.no_such_key]\ntolerance = 0.1\n",
    );
    let r = run_in(
        Some(dir.path()),
        &["lint", "drafts/deep/companies.md"],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("reconcile.toml:4:1: unknown key \"no_such_key\""),
        "{}",
        r.stderr
    );
}
