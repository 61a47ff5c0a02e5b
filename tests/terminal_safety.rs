//! Article text, file names and rule files are untrusted: nothing in them may reach a
//! terminal as a control character (an ANSI escape can recolour, clear the screen, retitle the
//! window or write the clipboard). Every terminal renderer (report and claims tables, the
//! check/lint table, `human` and `github` lines, `rules list`) and every warning and error on
//! stderr is run here on hostile input, through the real binary, and checked byte by byte.
//! The HTML report is checked for escaping on the same input.

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Escapes of every kind: CSI colour and clear-screen, OSC window title ended by BEL, the
/// 8-bit CSI (U+009B), NEL (U+0085, a control that is also whitespace), backspace, CR.
const HOSTILE: &[&str] = &[
    "\u{1b}[31m",
    "\u{1b}[2J",
    "\u{1b}]0;pwned\u{7}",
    "\u{9b}1m",
    "\u{85}",
    "\u{8}",
    "\r",
];

/// A folder of sources whose text, figures and one file name carry escapes, plus a draft.
fn hostile_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let sources = dir.path().join("sources");
    std::fs::create_dir(&sources).expect("mkdir");
    let [csi, clear, osc, csi8, nel, bs, cr] = HOSTILE else {
        unreachable!()
    };
    let files: Vec<(String, String)> = vec![
        (
            "000_plain.txt".to_string(),
            format!(
                "date 2025-07-29\nAround 3,500{csi} Turkish companies{osc} operate in \
                 Kazakhstan{clear}, officials said.{cr}\nTrade between the two countries \
                 reached $4.2 billion{bs} in 2024.\n"
            ),
        ),
        (
            format!("001_evil{csi}name.txt"),
            format!(
                "date 2025-07-30\nSome{nel}4,000 Turkish companies operate in Kazakhstan.\n\
                 More than{csi8} 20 agreements were signed; about 4,000{clear} firms work there.\n"
            ),
        ),
        (
            "002_page.html".to_string(),
            format!(
                "<p>date 2025-07-31</p><p>Nearly 3,538 Turkish companies{osc} operate in \
                 Kazakhstan.</p><script>alert('x')</script><p>\"><img src=x onerror=alert(1)> \
                 5 visits</p>"
            ),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(sources.join(name), text).expect("write");
    }
    std::fs::write(
        dir.path().join(format!("draft{csi}.md")),
        format!(
            "# Draft{clear}\n\nSome 5,000{csi} Turkish companies operate in Kazakhstan{osc}.\n\n\
             Trade reached $4.2 billion in 2024{bs}.\n"
        ),
    )
    .expect("write draft");
    dir
}

fn draft_name() -> String {
    format!("draft{}.md", HOSTILE[0])
}

struct Out {
    what: String,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, rules: &Path, args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args(args)
        .arg("--rules")
        .arg(rules)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("reconcile runs");
    Out {
        what: format!("reconcile {}", args.join(" ")),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The first control character other than a newline, with where it sits.
fn first_control(s: &str) -> Option<String> {
    let (i, c) = s
        .char_indices()
        .find(|&(_, c)| c.is_control() && c != '\n')?;
    let from = s[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
    Some(format!("{c:?} at byte {i}, after {:?}", &s[from..i]))
}

fn assert_safe(o: &Out) {
    assert!(
        !o.stderr.contains("panicked"),
        "{} panicked:\n{}",
        o.what,
        o.stderr
    );
    if let Some(at) = first_control(&o.stdout) {
        panic!("{}: stdout carries {at}", o.what);
    }
    if let Some(at) = first_control(&o.stderr) {
        panic!("{}: stderr carries {at}", o.what);
    }
}

fn project_rules() -> PathBuf {
    Path::new(ROOT).join("rules")
}

#[test]
fn the_report_table_shows_no_control_character() {
    let dir = hostile_corpus();
    let o = run(dir.path(), &project_rules(), &["report", "sources"]);
    assert!(o.stdout.contains("3,500"), "{}\n{}", o.stdout, o.stderr);
    assert_safe(&o);
}

#[test]
fn the_claims_table_shows_no_control_character_with_or_without_explain() {
    let dir = hostile_corpus();
    for extra in [None, Some("--explain")] {
        let mut args = vec!["claims", "sources"];
        args.extend(extra);
        let o = run(dir.path(), &project_rules(), &args);
        assert!(o.stdout.contains("4,000"), "{}\n{}", o.stdout, o.stderr);
        assert_safe(&o);
    }
}

#[test]
fn check_and_lint_show_no_control_character_in_any_terminal_format() {
    let dir = hostile_corpus();
    let draft = draft_name();
    for format in ["table", "human", "github"] {
        let o = run(
            dir.path(),
            &project_rules(),
            &["check", &draft, "--against", "sources", "--format", format],
        );
        assert!(
            !o.stdout.is_empty(),
            "{}: nothing printed\n{}",
            o.what,
            o.stderr
        );
        assert_safe(&o);
        let o = run(
            dir.path(),
            &project_rules(),
            &["lint", &draft, "--against", "sources", "--format", format],
        );
        assert_safe(&o);
    }
}

#[test]
fn load_errors_naming_a_hostile_file_show_no_control_character() {
    let dir = hostile_corpus();
    let name = format!("gone{}.txt", HOSTILE[2]);
    std::fs::write(dir.path().join(format!("bin{}.txt", HOSTILE[1])), b"\0\0\0").expect("write");
    let bin = format!("bin{}.txt", HOSTILE[1]);
    let o = run(
        dir.path(),
        &project_rules(),
        &["report", "sources", &name, &bin],
    );
    assert_eq!(
        o.stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .count(),
        2,
        "{}",
        o.stderr
    );
    assert_safe(&o);
}

/// A rule file whose label and whose mistakes carry escapes (TOML writes them as `\u001b`).
fn hostile_rules(dir: &Path, broken: bool) -> PathBuf {
    let rules = dir.join(if broken { "broken_rules" } else { "evil_rules" });
    std::fs::create_dir(&rules).expect("mkdir");
    let unit = if broken { "\\u001b[2J" } else { "count" };
    let text = format!(
        "[[entity]]\nid = \"north\"\nname.en = [\"Northland\"]\n\n[[key]]\nid = \"north_firms\"\n\
         label.en = \"Northern \\u001b[31mfirms\\u0007\"\nunit = \"{unit}\"\nkind = \"stock\"\n\
         about = [\"north\"]\nnoun.en = [\"firm*\"]\n\
         example = [{{ lang = \"en\", text = \"Some 400 Northland firms.\", value = 400 }}]\n\
         counter = [{{ lang = \"en\", text = \"Northland has 12 rivers.\" }}]\n"
    );
    std::fs::write(rules.join("north.toml"), text).expect("write rules");
    rules
}

#[test]
fn rules_list_shows_no_control_character_from_a_label() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = hostile_rules(dir.path(), false);
    let o = run(dir.path(), &rules, &["rules", "list"]);
    assert!(
        o.stdout.contains("north_firms"),
        "{}\n{}",
        o.stdout,
        o.stderr
    );
    assert_safe(&o);
}

#[test]
fn a_report_keyed_by_a_hostile_label_shows_no_control_character() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = hostile_rules(dir.path(), false);
    std::fs::write(
        dir.path().join("a.txt"),
        "Some 400 Northland firms operate.\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("b.txt"),
        "Some 900 Northland firms operate.\n",
    )
    .expect("write");
    let o = run(dir.path(), &rules, &["report", "a.txt", "b.txt"]);
    assert!(
        o.stdout.contains("north_firms"),
        "{}\n{}",
        o.stdout,
        o.stderr
    );
    assert_safe(&o);
}

#[test]
fn a_rule_error_quoting_an_escape_shows_no_control_character() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = hostile_rules(dir.path(), true);
    let o = run(dir.path(), &rules, &["rules", "list"]);
    assert!(o.stderr.contains("unknown unit"), "{}", o.stderr);
    assert_safe(&o);
}

#[test]
fn the_html_report_escapes_hostile_text() {
    let dir = hostile_corpus();
    let o = run(
        dir.path(),
        &project_rules(),
        &["report", "sources", "--format", "html"],
    );
    assert!(o.stdout.contains("3,500"), "{}", o.stderr);
    for raw in [
        "<script>alert",
        "<img src=x",
        "onerror=",
        "\u{1b}",
        "\u{7}",
        "\u{9b}",
    ] {
        assert!(!o.stdout.contains(raw), "the HTML report carries {raw:?}");
    }
    // The page's own markup is all that is left: the document still opens and closes.
    assert!(o.stdout.contains("</html>"), "the page is whole");
}

/// Regression: "Around 3,500\e[31m Turkish companies…" read the colour code's `31m` as a
/// figure of 31 million, which then took the key from 3,500.
#[test]
fn an_ansi_colour_code_in_text_is_not_read_as_31_million() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("a.txt"),
        "Around 3,500\u{1b}[31m Turkish companies operate in Kazakhstan, officials said.\n",
    )
    .expect("write");
    let o = run(
        dir.path(),
        &project_rules(),
        &["claims", "a.txt", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&o.stdout).expect("claims JSON");
    let values: Vec<f64> = json["claims"]
        .as_array()
        .expect("claims")
        .iter()
        .filter_map(|c| c["value"].as_f64())
        .collect();
    assert_eq!(values, vec![3500.0], "{}", o.stdout);
}
