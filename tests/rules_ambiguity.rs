//! A figure that two keys claim equally is reported, never settled by the order of the keys:
//! `claims` marks it ambiguous and names both keys, `report` warns about it on stderr and
//! leaves it out of every finding. The rules are `tests/fixtures/ambiguous_rules/`, where
//! "40 new firms had opened" satisfies both `new_firms` and `firms_opened`.

use std::process::Command;

const RULES: &str = "tests/fixtures/ambiguous_rules";
const ARTICLE: &str = "tests/fixtures/ambiguous_rules/article.txt";

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

fn claims_json(rules: &str) -> Vec<serde_json::Value> {
    let r = run(&["claims", ARTICLE, "--rules", rules, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    doc["claims"].as_array().expect("claims").clone()
}

#[test]
fn claims_marks_a_figure_two_keys_claim_as_ambiguous_and_names_both() {
    let rows = claims_json(RULES);
    let forty = rows.iter().find(|r| r["value"] == 40.0).expect("40");
    assert_eq!(forty["key"], serde_json::Value::Null);
    assert_eq!(
        forty["ambiguous"],
        serde_json::json!(["firms_opened", "new_firms"])
    );
    // The figure only one key claims is mapped as usual.
    let twelve = rows.iter().find(|r| r["value"] == 12.0).expect("12");
    assert_eq!(twelve["key"], "new_firms");
}

#[test]
fn claims_explain_says_which_keys_claim_the_figure_equally() {
    let r = run(&["claims", ARTICLE, "--rules", RULES, "--explain"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("article:3:16"))
        .expect("row of the 40");
    assert!(line.contains("ambiguous"), "{line}");
    assert!(
        line.contains("claimed equally by firms_opened, new_firms"),
        "{line}"
    );
}

#[test]
fn report_warns_about_the_ambiguous_figure_on_stderr_and_keeps_it_out_of_findings() {
    let r = run(&["report", ARTICLE, "--rules", RULES]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        "warning: article:3:16: \"40\" is claimed by 2 keys (firms_opened, new_firms); left unmapped until a rule tells them apart\n"
    );
    let json = run(&["report", ARTICLE, "--rules", RULES, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let keys: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["key"].as_str().expect("key"))
        .collect();
    assert_eq!(keys, ["new_firms"]);
    assert_eq!(doc["stats"]["unmapped"], 1);
}

#[test]
fn the_order_of_the_keys_does_not_settle_an_ambiguity() {
    // The same two keys, written the other way round.
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(RULES)
            .join("firms.toml"),
    )
    .expect("rules");
    let (head, second) = text.split_at(text.rfind("[[key]]").expect("two keys"));
    let first_at = head.find("[[key]]").expect("first key");
    let swapped = format!("{}{second}\n{}", &head[..first_at], &head[first_at..]);
    assert_ne!(swapped, text);
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("firms.toml"), swapped).expect("write");
    let swapped_dir = dir.path().to_string_lossy().to_string();
    assert_eq!(claims_json(&swapped_dir), claims_json(RULES));
}

#[test]
fn each_of_the_two_keys_passes_its_own_examples() {
    let r = run(&["rules", "test", "--rules", RULES]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        r.stdout,
        "4 examples and counter-examples passed in 2 keys\n"
    );
}
