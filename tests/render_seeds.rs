//! Every report format on the real seeds through the real pipeline (`rules/`, `seeds/`), as
//! snapshots, plus the editor's check page for `tests/fixtures/drafts/editor.md`. These change
//! whenever extraction, rules or compare improve: review the diff with `cargo insta review`
//! and accept it when the new output is right. Paths are relative (`seeds/...`) and nothing
//! depends on the clock, so the same tree gives byte-identical snapshots on any machine.
//!
//! Also writes the seeds' HTML report and the check page under `target/tmp/render/` for
//! `scripts/browser-check.sh`.

use std::path::{Path, PathBuf};

use reconcile::check::{self, Corpus};
use reconcile::compare::Reconciliation;
use reconcile::lang::Languages;
use reconcile::pipeline::{info, Engine};
use reconcile::render::{self, check_html, ReportFormat};
use reconcile::rules::RuleSet;
use reconcile::source::{self, LoadOptions};

fn engine() -> Engine {
    let rules = RuleSet::load_dir(Path::new("rules")).expect("the seed rules load");
    Engine::new(rules, Languages::builtin())
}

fn seeds(engine: &Engine) -> Reconciliation {
    let (rec, errors) = engine.report(&[PathBuf::from("seeds")], &LoadOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    rec
}

fn render(rec: &Reconciliation, format: ReportFormat) -> String {
    let mut out = Vec::new();
    render::report(rec, format, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("reports are UTF-8")
}

fn write_for_browser_check(name: &str, page: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("render");
    std::fs::create_dir_all(&dir).expect("create target/tmp/render");
    std::fs::write(dir.join(name), page).expect("write a page for the browser check");
}

#[test]
fn seeds_table() {
    insta::assert_snapshot!(
        "seeds_table",
        render(&seeds(&engine()), ReportFormat::Table)
    );
}

#[test]
fn seeds_json() {
    let out = render(&seeds(&engine()), ReportFormat::Json);
    let v: serde_json::Value = serde_json::from_str(&out).expect("the report is JSON");
    assert_eq!(v["version"], 1);
    insta::assert_snapshot!("seeds_json", out);
}

#[test]
fn seeds_markdown() {
    insta::assert_snapshot!(
        "seeds_markdown",
        render(&seeds(&engine()), ReportFormat::Markdown)
    );
}

#[test]
fn seeds_csv() {
    insta::assert_snapshot!("seeds_csv", render(&seeds(&engine()), ReportFormat::Csv));
}

#[test]
fn seeds_html() {
    let page = render(&seeds(&engine()), ReportFormat::Html);
    write_for_browser_check("seeds.html", &page);
    insta::assert_snapshot!("seeds_html", page);
}

#[test]
fn editor_draft_check_html() {
    let engine = engine();
    let opts = LoadOptions::default();
    let (sources, errors) = source::load_paths(&[PathBuf::from("seeds")], &opts, &engine.langs);
    assert!(errors.is_empty(), "{errors:?}");
    let (drafts, errors) = source::load_paths(
        &[PathBuf::from("tests/fixtures/drafts/editor.md")],
        &opts,
        &engine.langs,
    );
    assert!(errors.is_empty(), "{errors:?}");
    let draft = &drafts[0];
    let rec = engine.reconcile(&sources);
    let corpus = Corpus::new(&rec, &engine.rules, &sources);
    let findings = check::check(draft, engine.process(draft), &corpus);
    let infos: Vec<_> = sources.iter().map(info).collect();
    let mut out = Vec::new();
    check_html::write(draft, &findings, &infos, &mut out).expect("writing to a Vec");
    let page = String::from_utf8(out).expect("html is UTF-8");
    write_for_browser_check("editor-check.html", &page);
    insta::assert_snapshot!("editor_draft_check_html", page);
}

#[test]
fn the_seeds_report_lists_the_five_conflicts_first() {
    // gold/seeds.toml: three keys whose sources disagree on the figure and two whose sources
    // disagree on the period; the report puts them before everything else.
    let rec = seeds(&engine());
    let firsts: Vec<&str> = rec
        .findings
        .iter()
        .take(5)
        .map(|f| f.key.as_str())
        .collect();
    for key in [
        "turkish_companies_in_kz",
        "kz_invest_in_tr",
        "kz_presidential_visits_to_tr",
        "kz_tourists_to_tr",
        "tr_tourists_to_kz",
    ] {
        assert!(firsts.contains(&key), "{key} is not among {firsts:?}");
    }
    let page = render(&rec, ReportFormat::Html);
    for f in rec.findings.iter().take(5) {
        let card = page
            .split("<article ")
            .find(|a| a.contains(&format!("<code>{}</code>", f.key)))
            .expect("a card per key");
        assert!(card.contains("<svg"), "{} has no plot", f.key);
    }
}

#[test]
fn every_format_gives_the_same_bytes_twice() {
    let engine = engine();
    let (a, b) = (seeds(&engine), seeds(&engine));
    for format in [
        ReportFormat::Table,
        ReportFormat::Json,
        ReportFormat::Markdown,
        ReportFormat::Csv,
        ReportFormat::Html,
    ] {
        let once = render(&a, format);
        assert_eq!(once, render(&b, format), "{format:?} differs between runs");
        let here = std::env::current_dir().expect("a current folder");
        assert!(
            !once.contains(&*here.to_string_lossy()),
            "{format:?} contains an absolute path"
        );
    }
}
