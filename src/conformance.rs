//! Scoring extraction against the conformance suites in `tests/conformance/`: test cases
//! from Microsoft Recognizers-Text and Facebook Duckling, converted to one JSON Lines format
//! (see `tests/conformance/ORIGIN.md`). This module reads the suites and the skip list, runs
//! [`crate::extract::extract`] on every case and counts, per suite, language and kind: cases,
//! skipped cases, exact matches, and precision and recall of values and of hedge intervals.
//! It never prints; `examples/conformance.rs` renders the table and `tests/conformance.rs`
//! holds the scores to the committed baseline.
//!
//! Scoring follows each case's `meta.match`: `exact_list` compares the whole list of figures
//! of the suite's kind; `full_input` needs one figure spanning the whole input with the
//! value; `no_entity` needs none; `first_entity` checks the first figure's value;
//! `single_entity_span` needs exactly one figure with that span. What counts as a figure of
//! a kind: `number` is every number the engine read (years and period numbers included, dates
//! and ordinals not), `percent` a percent unit, `money` a currency, `range` a figure with a
//! bound (over, under, at least, at most, a range), `ordinal` an ordinal.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::extract::{extract, Hedge, Ignored, Mention, Unit};
use crate::lang::Languages;

/// One expected entity as the suites write it.
#[derive(Debug, Clone, Deserialize)]
pub struct Expected {
    pub text: String,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    /// Code points, end exclusive.
    pub start: Option<usize>,
    pub end: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Meta {
    pub index: usize,
    #[serde(rename = "match")]
    pub mode: String,
}

/// One test case.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub suite: String,
    pub lang: String,
    pub kind: String,
    pub input: String,
    pub expected: Vec<Expected>,
    pub meta: Meta,
}

/// A case left out on purpose, with the reason (`tests/conformance/skip.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skip {
    pub suite: String,
    pub index: usize,
    /// The input, so a reader sees what is skipped without opening the suite.
    pub input: String,
    pub reason: String,
}

impl Skip {
    /// Suite, index and input must all agree (the locale suites reuse indices).
    pub fn names(&self, case: &Case) -> bool {
        self.suite == case.suite && self.index == case.meta.index && self.input == case.input
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkipFile {
    #[serde(default)]
    skip: Vec<Skip>,
}

/// Scores of one suite file, language and kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    pub suite: String,
    pub lang: String,
    pub kind: String,
    pub cases: usize,
    pub skipped: usize,
    pub exact: usize,
    /// Values: true positives, false positives, false negatives.
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// Intervals (cases that state lower/upper bounds).
    pub itp: usize,
    pub ifp: usize,
    pub ifn: usize,
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Score {
    /// Share of scored (not skipped) cases that matched exactly.
    pub fn exact_rate(&self) -> Option<f64> {
        ratio(self.exact, self.cases - self.skipped)
    }
    pub fn precision(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn interval_precision(&self) -> Option<f64> {
        ratio(self.itp, self.itp + self.ifp)
    }
    pub fn interval_recall(&self) -> Option<f64> {
        ratio(self.itp, self.itp + self.ifn)
    }
}

/// What happened to one case.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub exact: bool,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub itp: usize,
    pub ifp: usize,
    pub ifn: usize,
    /// The engine's figures of the case's kind, as `text=value` strings.
    pub got: Vec<String>,
}

/// A figure the engine found, in the suites' terms.
#[derive(Debug, Clone)]
struct Found {
    /// Code points.
    start: usize,
    end: usize,
    text: String,
    values: Vec<f64>,
    interval: Option<(Option<f64>, Option<f64>)>,
    unit: Option<String>,
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1e-9)
}

fn close_opt(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => close(a, b),
        (None, None) => true,
        _ => false,
    }
}

fn interval(m: &Mention) -> Option<(Option<f64>, Option<f64>)> {
    let v = m.value?;
    match m.hedge {
        Hedge::Over | Hedge::AtLeast => Some((Some(v), None)),
        Hedge::Under | Hedge::AtMost | Hedge::Almost => Some((None, Some(v))),
        Hedge::Range => Some((Some(v), m.upper)),
        Hedge::Exact | Hedge::Approx => None,
    }
}

/// The engine's figures of `kind` in `input`.
fn found(input: &str, ms: &[Mention], kind: &str) -> Vec<Found> {
    let cp = |byte: usize| input.get(..byte).map_or(0, |s| s.chars().count());
    let mut out = Vec::new();
    for m in ms {
        let keep = match kind {
            "number" => !matches!(m.ignored, Some(Ignored::Date | Ignored::Ordinal)),
            "percent" => m.unit == Unit::Percent && m.ignored.is_none(),
            "money" => matches!(m.unit, Unit::Currency(_)) && m.ignored.is_none(),
            "range" => m.ignored.is_none() && interval(m).is_some(),
            "ordinal" => m.ignored == Some(Ignored::Ordinal),
            "quantity" => matches!(m.unit, Unit::Measure(_)) && m.ignored.is_none(),
            _ => false,
        };
        if !keep {
            continue;
        }
        let mut values: Vec<f64> = m.value.into_iter().collect();
        if kind == "number" {
            values.extend(m.upper);
            values.extend(m.previous);
        }
        out.push(Found {
            start: cp(m.span.start),
            end: cp(m.span.end),
            text: m.span.slice(input).to_string(),
            values,
            interval: interval(m),
            unit: match &m.unit {
                Unit::Currency(c) => Some(c.clone()),
                Unit::Percent => Some("%".to_string()),
                _ => None,
            },
        });
    }
    out
}

fn unit_ok(e: &Expected, f: &Found) -> bool {
    match (&e.unit, &f.unit) {
        (None, _) => true,
        (Some(u), Some(g)) => u == g,
        (Some(_), None) => false,
    }
}

/// Score one case; `langs` must know the case's language.
pub fn score_case(case: &Case, langs: &Languages) -> Outcome {
    let lang = langs
        .get(&case.lang)
        .unwrap_or_else(|| langs.detect(&case.input));
    let ms = extract(&case.input, lang, None);
    let found = found(&case.input, &ms, &case.kind);
    let got = found
        .iter()
        .map(|f| match f.interval {
            Some((lo, hi)) if case.kind == "range" => format!("{}=({lo:?},{hi:?})", f.text),
            _ => format!(
                "{}={:?}{}",
                f.text,
                f.values,
                f.unit.as_deref().unwrap_or("")
            ),
        })
        .collect();
    let mut o = Outcome {
        exact: false,
        tp: 0,
        fp: 0,
        fn_: 0,
        itp: 0,
        ifp: 0,
        ifn: 0,
        got,
    };
    let is_interval = |e: &Expected| e.lower.is_some() || e.upper.is_some();
    let matches = |e: &Expected, f: &Found| -> bool {
        if !unit_ok(e, f) {
            return false;
        }
        if is_interval(e) {
            f.interval
                .is_some_and(|(lo, hi)| close_opt(lo, e.lower) && close_opt(hi, e.upper))
        } else {
            match e.value {
                Some(v) => f.values.iter().any(|&g| close(g, v)),
                // a bare unit (`%`, `dollar`) with no number: the engine never reports one
                None => false,
            }
        }
    };
    let count = |o: &mut Outcome, e: Option<&Expected>, hit: bool| {
        let iv = e.is_some_and(is_interval);
        match (iv, hit, e.is_some()) {
            (true, true, _) => o.itp += 1,
            (true, false, _) => o.ifn += 1,
            (false, true, _) => o.tp += 1,
            (false, false, true) => o.fn_ += 1,
            (false, false, false) => o.fp += 1,
        }
    };
    let trimmed = |s: &str| {
        let lead = s.chars().take_while(|c| c.is_whitespace()).count();
        let len = s.trim().chars().count();
        (lead, lead + len)
    };
    match case.meta.mode.as_str() {
        "exact_list" => {
            let mut used = vec![false; found.len()];
            for e in &case.expected {
                let hit = (0..found.len()).find(|&k| !used[k] && matches(e, &found[k]));
                if let Some(k) = hit {
                    used[k] = true;
                }
                count(&mut o, Some(e), hit.is_some());
            }
            let extra = used.iter().filter(|u| !**u).count();
            let any_interval = case.kind == "range" || case.expected.iter().any(is_interval);
            for _ in 0..extra {
                if any_interval {
                    o.ifp += 1;
                } else {
                    o.fp += 1;
                }
            }
            o.exact = extra == 0 && o.fn_ == 0 && o.ifn == 0;
        }
        "full_input" => {
            let (a, b) = trimmed(&case.input);
            let whole: Vec<&Found> = found
                .iter()
                .filter(|f| f.start <= a && f.end >= b)
                .collect();
            let Some(e) = case.expected.first() else {
                return o;
            };
            let hit = whole.iter().any(|f| matches(e, f));
            count(&mut o, Some(e), hit);
            if !hit && !whole.is_empty() {
                if is_interval(e) {
                    o.ifp += 1;
                } else {
                    o.fp += 1;
                }
            }
            o.exact = hit;
        }
        "no_entity" => {
            o.fp = found.len();
            o.exact = found.is_empty();
        }
        "first_entity" => {
            let Some(e) = case.expected.first() else {
                return o;
            };
            let hit = found.first().is_some_and(|f| {
                e.value
                    .is_some_and(|v| f.values.first().is_some_and(|&g| close(g, v)))
            });
            count(&mut o, Some(e), hit);
            if !hit && !found.is_empty() {
                o.fp += 1;
            }
            o.exact = hit;
        }
        "single_entity_span" => {
            let Some(e) = case.expected.first() else {
                return o;
            };
            let hit =
                found.len() == 1 && Some(found[0].start) == e.start && Some(found[0].end) == e.end;
            count(&mut o, Some(e), hit);
            if !hit {
                o.fp += found.len();
            }
            o.exact = hit;
        }
        _ => {}
    }
    o
}

/// Read one suite file.
pub fn load_suite(path: &Path) -> Result<Vec<Case>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// Read the skip list.
pub fn load_skips(path: &Path) -> Result<Vec<Skip>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: SkipFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(file.skip)
}

/// The suite files of `dir` (every `*.jsonl` but `skipped.jsonl`), sorted.
pub fn suite_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .filter(|p| p.file_stem().is_some_and(|s| s != "skipped"))
        .collect();
    files.sort();
    Ok(files)
}

/// Every case that is not skipped and did not match exactly, with what the engine found.
pub fn failures(
    dir: &Path,
    langs: &Languages,
    suite: &str,
) -> Result<Vec<(Case, Outcome)>, String> {
    let skips = load_skips(&dir.join("skip.toml"))?;
    let mut out = Vec::new();
    for path in suite_files(dir)? {
        for case in load_suite(&path)? {
            if !case.suite.contains(suite) {
                continue;
            }
            if skips
                .iter()
                .any(|s| s.suite == case.suite && s.index == case.meta.index)
            {
                continue;
            }
            let o = score_case(&case, langs);
            if !o.exact {
                out.push((case, o));
            }
        }
    }
    Ok(out)
}

/// Score every suite in `dir` (with `dir/skip.toml`), one row per suite, language and kind.
pub fn run(dir: &Path, langs: &Languages) -> Result<Vec<Score>, String> {
    let skips = load_skips(&dir.join("skip.toml"))?;
    let mut rows: BTreeMap<(String, String, String), Score> = BTreeMap::new();
    let mut seen = vec![false; skips.len()];
    for path in suite_files(dir)? {
        for case in load_suite(&path)? {
            let key = (case.suite.clone(), case.lang.clone(), case.kind.clone());
            let row = rows.entry(key).or_insert_with(|| Score {
                suite: case.suite.clone(),
                lang: case.lang.clone(),
                kind: case.kind.clone(),
                ..Score::default()
            });
            row.cases += 1;
            let skip = skips.iter().position(|s| s.names(&case));
            if let Some(k) = skip {
                seen[k] = true;
                row.skipped += 1;
                continue;
            }
            let o = score_case(&case, langs);
            row.exact += usize::from(o.exact);
            row.tp += o.tp;
            row.fp += o.fp;
            row.fn_ += o.fn_;
            row.itp += o.itp;
            row.ifp += o.ifp;
            row.ifn += o.ifn;
        }
    }
    if let Some(k) = seen.iter().position(|s| !s) {
        return Err(format!(
            "skip.toml: {} #{} {:?} names no case",
            skips[k].suite, skips[k].index, skips[k].input
        ));
    }
    Ok(rows.into_values().collect())
}

/// Totals by language and kind.
pub fn totals(scores: &[Score]) -> Vec<Score> {
    let mut rows: BTreeMap<(String, String), Score> = BTreeMap::new();
    for s in scores {
        let t = rows
            .entry((s.lang.clone(), s.kind.clone()))
            .or_insert_with(|| Score {
                suite: "all".to_string(),
                lang: s.lang.clone(),
                kind: s.kind.clone(),
                ..Score::default()
            });
        t.cases += s.cases;
        t.skipped += s.skipped;
        t.exact += s.exact;
        t.tp += s.tp;
        t.fp += s.fp;
        t.fn_ += s.fn_;
        t.itp += s.itp;
        t.ifp += s.ifp;
        t.ifn += s.ifn;
    }
    rows.into_values().collect()
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{:.1}", v * 100.0))
}

/// The scores as a terminal table.
pub fn table(scores: &[Score]) -> String {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::ASCII_MARKDOWN);
    t.set_header([
        "suite", "lang", "kind", "cases", "skip", "exact", "exact%", "P%", "R%", "iP%", "iR%",
    ]);
    for s in scores {
        t.add_row([
            s.suite.clone(),
            s.lang.clone(),
            s.kind.clone(),
            s.cases.to_string(),
            s.skipped.to_string(),
            s.exact.to_string(),
            pct(s.exact_rate()),
            pct(s.precision()),
            pct(s.recall()),
            pct(s.interval_precision()),
            pct(s.interval_recall()),
        ]);
    }
    t.to_string()
}

/// The scores as a baseline file: the floor `tests/conformance.rs` holds each row to. Ratios
/// are rounded down to four places so a rerun never falls below its own baseline.
pub fn baseline_toml(scores: &[Score]) -> String {
    let floor = |v: Option<f64>| v.map(|v| (v * 10_000.0).floor() / 10_000.0);
    let mut out = String::from(
        "# Conformance floor: no score may fall below these (ratios, 0..1; absent when the\n\
         # suite has nothing to measure). Regenerate after an improvement with\n\
         #   cargo run --example conformance -- --baseline > tests/conformance/baseline.toml\n",
    );
    for s in scores {
        out.push_str(&format!(
            "\n[[row]]\nsuite = \"{}\"\nlang = \"{}\"\nkind = \"{}\"\ncases = {}\nskipped = {}\n",
            s.suite, s.lang, s.kind, s.cases, s.skipped
        ));
        for (name, v) in [
            ("exact", floor(s.exact_rate())),
            ("precision", floor(s.precision())),
            ("recall", floor(s.recall())),
            ("interval_precision", floor(s.interval_precision())),
            ("interval_recall", floor(s.interval_recall())),
        ] {
            if let Some(v) = v {
                out.push_str(&format!("{name} = {v}\n"));
            }
        }
    }
    out
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineRow {
    suite: String,
    lang: String,
    kind: String,
    cases: usize,
    skipped: usize,
    exact: Option<f64>,
    precision: Option<f64>,
    recall: Option<f64>,
    interval_precision: Option<f64>,
    interval_recall: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    #[serde(default)]
    row: Vec<BaselineRow>,
}

/// Every way `scores` fall below the baseline in `text`, as lint-style lines.
pub fn check_baseline(scores: &[Score], text: &str) -> Result<Vec<String>, String> {
    let file: BaselineFile = toml::from_str(text).map_err(|e| format!("baseline.toml: {e}"))?;
    let mut problems = Vec::new();
    for b in &file.row {
        let Some(s) = scores
            .iter()
            .find(|s| s.suite == b.suite && s.lang == b.lang && s.kind == b.kind)
        else {
            problems.push(format!(
                "{} {} {}: no longer scored",
                b.suite, b.lang, b.kind
            ));
            continue;
        };
        if s.cases != b.cases || s.skipped > b.skipped {
            problems.push(format!(
                "{} {} {}: {} cases, {} skipped (baseline {} and {})",
                b.suite, b.lang, b.kind, s.cases, s.skipped, b.cases, b.skipped
            ));
        }
        for (name, want, got) in [
            ("exact", b.exact, s.exact_rate()),
            ("precision", b.precision, s.precision()),
            ("recall", b.recall, s.recall()),
            (
                "interval precision",
                b.interval_precision,
                s.interval_precision(),
            ),
            ("interval recall", b.interval_recall, s.interval_recall()),
        ] {
            if let Some(want) = want {
                let got = got.unwrap_or(0.0);
                if got + 1e-9 < want {
                    problems.push(format!(
                        "{} {} {}: {name} {:.4} fell below the baseline {want:.4}",
                        b.suite, b.lang, b.kind, got
                    ));
                }
            }
        }
    }
    Ok(problems)
}
