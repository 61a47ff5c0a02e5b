//! `report` on a corpus with more unmapped figures and ignored numbers than it lists: the counts
//! stay exact, the first figures in report order are listed, every format says how many more
//! there are and how to see them, and the output does not depend on the number of threads.
//! `claims --format jsonl` lists every figure, document by document.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// 300 small English articles (more than one chunk of documents) in two folders, named so that
/// the order files are read in (by path) is not the order the report lists them in (by id).
/// Each states unmapped counts (crates, barrels) of its own, so that no two are copies, and
/// years (ignored).
fn corpus(dir: &Path) {
    for i in 0..300usize {
        let folder = dir.join(if i % 2 == 0 { "b" } else { "a" });
        std::fs::create_dir_all(&folder).unwrap();
        let id = format!("doc{:03}", (i * 7) % 300);
        let mut text = String::new();
        for k in 0..4 {
            text.push_str(&format!(
                "The harbour office said the warehouse counted {} crates and {} barrels \
                 during the inspection in {}.\n\n",
                100 + 4 * i + k,
                5000 + 4 * i + k,
                1990 + k
            ));
        }
        std::fs::write(folder.join(format!("{id}.txt")), text).unwrap();
    }
}

fn reconcile(args: &[&str], threads: Option<&str>) -> (String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_reconcile"));
    cmd.args(args)
        .args(["--rules", "rules"])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n);
    }
    let out = cmd.output().expect("reconcile runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?}: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

fn report(dir: &Path, format: &str, extra: &[&str]) -> String {
    let dir = dir.to_str().unwrap();
    let mut args = vec!["report", dir, "--format", format];
    args.extend_from_slice(extra);
    reconcile(&args, None).0
}

fn json(dir: &Path, extra: &[&str]) -> Value {
    serde_json::from_str(&report(dir, "json", extra)).expect("the report is JSON")
}

/// Every mention `claims` lists: (source, line, column) of the unmapped and of the ignored.
type Place = (String, u64, u64);

fn every_figure(dir: &Path) -> (Vec<Place>, Vec<Place>) {
    let (out, _) = reconcile(
        &["claims", dir.to_str().unwrap(), "--format", "jsonl"],
        None,
    );
    let (mut unmapped, mut ignored) = (Vec::new(), Vec::new());
    for line in out.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        let place = (
            r["source"].as_str().unwrap().to_string(),
            r["line"].as_u64().unwrap(),
            r["column"].as_u64().unwrap(),
        );
        if r.get("ignored").is_some() {
            ignored.push(place);
        } else if r["key"].is_null() {
            unmapped.push(place);
        }
    }
    unmapped.sort();
    ignored.sort();
    (unmapped, ignored)
}

fn places(list: &Value) -> Vec<Place> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["source"].as_str().unwrap().to_string(),
                m["line"].as_u64().unwrap(),
                m["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_large_corpus_lists_the_first_figures_in_report_order_and_counts_every_one() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let (unmapped, ignored) = every_figure(tmp.path());
    assert!(
        unmapped.len() >= 600 && ignored.len() >= 300,
        "the corpus has many figures"
    );
    let v = json(tmp.path(), &["--max-unmapped", "5", "--max-ignored", "3"]);

    assert_eq!(v["stats"]["sources"], 300);
    assert_eq!(v["stats"]["unmapped"], unmapped.len());
    assert_eq!(v["stats"]["ignored"], ignored.len());
    assert_eq!(places(&v["unmapped"]), unmapped[..5]);
    assert_eq!(places(&v["ignored"]), ignored[..3]);
    assert_eq!(v["unmapped"][0]["source"], "doc000");

    let more = &v["not_listed"];
    assert_eq!(more["unmapped"], unmapped.len() - 5);
    assert_eq!(more["ignored"], ignored.len() - 3);
    assert_eq!(more["warnings"], 0);
    assert_eq!(more["max_unmapped"], 5);
    assert_eq!(more["max_ignored"], 3);
    let note = more["note"].as_str().unwrap();
    assert!(
        note.contains("`reconcile claims` lists every figure"),
        "{note}"
    );
    assert!(note.contains("--max-unmapped all"), "{note}");
}

#[test]
fn every_format_says_how_many_more_are_not_listed_and_how_to_see_them() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let (unmapped, ignored) = every_figure(tmp.path());
    let limits = ["--max-unmapped", "5", "--max-ignored", "3"];
    let more_unmapped = format!("{} more not listed", group(unmapped.len() - 5));
    let more_ignored = format!("{} more not listed", group(ignored.len() - 3));
    let claims = "`reconcile claims` lists every figure";

    let table = report(tmp.path(), "table", &limits);
    let line = format!(
        "{} more unmapped figures and {} more ignored numbers not listed \
         (`--max-unmapped all` and `--max-ignored all` list them); {claims}",
        group(unmapped.len() - 5),
        group(ignored.len() - 3)
    );
    assert!(table.contains(&line), "{table}");

    let markdown = report(tmp.path(), "markdown", &limits);
    assert!(
        markdown.contains(&format!("## Unmapped figures ({})", unmapped.len())),
        "{markdown}"
    );
    assert!(
        markdown.contains(&format!(
            "{more_unmapped} (`--max-unmapped all` lists them); {claims}"
        )),
        "{markdown}"
    );
    let rows = markdown
        .lines()
        .filter(|l| l.starts_with("| doc") && l.contains("crates"))
        .count();
    assert_eq!(rows, 5, "five unmapped rows");

    let html = report(tmp.path(), "html", &limits);
    assert!(html.contains(&format!("<p class=\"more\">{more_unmapped}")));
    assert!(html.contains(&format!("<p class=\"more\">{more_ignored}")));

    let csv = report(tmp.path(), "csv", &limits);
    let last = csv.lines().last().unwrap();
    assert!(
        last.starts_with(&format!(",not_listed,,{},", unmapped.len() - 5)),
        "{last}"
    );
    assert!(last.contains(claims), "{last}");
    assert_eq!(csv.matches(",unmapped,").count(), 5);
}

#[test]
fn all_lists_every_figure_and_nothing_is_said_to_be_missing() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let (unmapped, ignored) = every_figure(tmp.path());
    let v = json(
        tmp.path(),
        &["--max-unmapped", "all", "--max-ignored", "all"],
    );
    assert_eq!(places(&v["unmapped"]), unmapped);
    assert_eq!(places(&v["ignored"]), ignored);
    assert!(v.get("not_listed").is_none());
    let table = report(
        tmp.path(),
        "table",
        &["--max-unmapped", "all", "--max-ignored", "all"],
    );
    assert!(!table.contains("not listed"), "{table}");
}

#[test]
fn the_default_lists_a_thousand_of_each() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let (unmapped, ignored) = every_figure(tmp.path());
    assert!(unmapped.len() > 1000, "{}", unmapped.len());
    let v = json(tmp.path(), &[]);
    assert_eq!(v["unmapped"].as_array().unwrap().len(), 1000);
    assert_eq!(places(&v["unmapped"]), unmapped[..1000]);
    assert_eq!(
        v["not_listed"]["ignored"],
        ignored.len().saturating_sub(1000)
    );
}

#[test]
fn the_output_is_the_same_with_one_thread_or_two() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let dir = tmp.path().to_str().unwrap();
    let mut outputs: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for threads in ["1", "2"] {
        for args in [
            vec!["report", dir, "--format", "json", "--max-unmapped", "7"],
            vec!["report", dir, "--format", "json", "--max-unmapped", "all"],
            vec!["report", dir, "--format", "markdown", "--max-unmapped", "7"],
            vec!["claims", dir, "--format", "jsonl"],
        ] {
            outputs
                .entry(threads)
                .or_default()
                .push(reconcile(&args, Some(threads)).0);
        }
    }
    assert_eq!(outputs["1"], outputs["2"]);
}

#[test]
fn claims_jsonl_lists_every_figure_of_every_document_in_input_order() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let dir = tmp.path().to_str().unwrap();
    let (out, _) = reconcile(&["claims", dir, "--format", "jsonl"], Some("2"));
    let v = json(tmp.path(), &[]);
    assert_eq!(
        out.lines().count() as u64,
        v["stats"]["mentions"].as_u64().unwrap()
    );
    // Folders in path order (a/ before b/), each document's figures together.
    let sources: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["source"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut runs = sources.clone();
    runs.dedup();
    assert_eq!(runs.len(), 300, "each document's lines are together");
    let a_first: Vec<String> = {
        let mut a: Vec<String> = (0..300)
            .filter(|i| i % 2 == 1)
            .map(|i| format!("doc{:03}", (i * 7) % 300))
            .collect();
        let mut b: Vec<String> = (0..300)
            .filter(|i| i % 2 == 0)
            .map(|i| format!("doc{:03}", (i * 7) % 300))
            .collect();
        a.sort();
        b.sort();
        a.extend(b);
        a
    };
    assert_eq!(runs, a_first);
}

#[test]
fn a_limit_that_is_not_a_number_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args(["report", "seeds", "--max-unmapped", "lots"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"lots\" is not a number of figures"),
        "{stderr}"
    );
}

#[test]
fn the_seed_report_lists_everything_and_says_nothing_is_missing() {
    let (out, _) = reconcile(&["report", "seeds", "--format", "json"], None);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v.get("not_listed").is_none());
    assert_eq!(
        v["unmapped"].as_array().unwrap().len() as u64,
        v["stats"]["unmapped"].as_u64().unwrap()
    );
    let (table, _) = reconcile(&["report", "seeds"], None);
    assert!(!table.contains("not listed"));
}

fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn claims_json_written_document_by_document_is_the_document_built_all_at_once() {
    use reconcile::lang::Languages;
    use reconcile::pipeline::Engine;
    use reconcile::render::claims::{self, ClaimsFormat};
    use reconcile::rules::RuleSet;
    use reconcile::source::LoadOptions;

    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let engine = Engine::new(
        RuleSet::load_dir(&root.join("rules")).expect("rules load"),
        Languages::builtin(),
    );
    let (processed, errors) =
        engine.process_paths(&[tmp.path().to_path_buf()], &LoadOptions::default(), |_| {});
    assert!(errors.is_empty());
    let per_source: Vec<_> = processed.into_iter().map(|(_, n)| n).collect();
    let mut whole = Vec::new();
    claims::write(
        &per_source,
        &engine.rules,
        ClaimsFormat::Json,
        true,
        &mut whole,
    )
    .unwrap();

    let (streamed, _) = reconcile(
        &[
            "claims",
            tmp.path().to_str().unwrap(),
            "--format",
            "json",
            "--explain",
        ],
        None,
    );
    assert_eq!(streamed, String::from_utf8(whole).unwrap());
}
