//! Hand-built corpora and drafts for the check and lint tests: claims as the pipeline would
//! produce them, without extraction or rules, so verdicts are tested on their own.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use reconcile::check::{self, Corpus, DraftFinding};
use reconcile::compare::{reconcile, Reconciliation, SourceInfo};
use reconcile::extract::{Hedge, Mention, Period, PeriodKind, Unit};
use reconcile::normalize::{Claim, Located, Normalized, Unmapped};
use reconcile::rules::{Key, KeyKind, RuleSet};
use reconcile::source::{self, LoadOptions, Source, Suppression};
use reconcile::text::Span;

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn key(id: &str, kind: KeyKind, unit: Unit) -> Key {
    Key {
        id: id.into(),
        labels: [("en".to_string(), id.replace('_', " "))].into(),
        unit,
        kind,
        tolerance: 0.02,
        approx: 0.05,
        slack: 0.10,
        file: PathBuf::from("rules/test.toml"),
        line: 1,
    }
}

/// One figure: where it is, what it says.
#[derive(Clone)]
pub struct Fig {
    pub key: &'static str,
    pub source: &'static str,
    pub value: f64,
    pub upper: Option<f64>,
    pub hedge: Hedge,
    pub unit: Unit,
    pub period: Option<Period>,
    pub published: Option<&'static str>,
    pub line: usize,
    pub column: usize,
    pub text: &'static str,
    pub sentence: &'static str,
    /// Byte span in the draft (for suppressions).
    pub span: Span,
}

pub fn fig(key: &'static str, source: &'static str, value: f64) -> Fig {
    Fig {
        key,
        source,
        value,
        upper: None,
        hedge: Hedge::Exact,
        unit: Unit::Count,
        period: None,
        published: None,
        line: 1,
        column: 1,
        text: "",
        sentence: "",
        span: Span::new(0, 1),
    }
}

impl Fig {
    pub fn hedge(mut self, h: Hedge) -> Self {
        self.hedge = h;
        self
    }
    pub fn usd(mut self) -> Self {
        self.unit = Unit::Currency("USD".into());
        self
    }
    pub fn days(mut self) -> Self {
        self.unit = Unit::Measure("day".into());
        self
    }
    pub fn year(mut self, y: i32) -> Self {
        self.period = Period::year(y);
        self
    }
    pub fn months(mut self, y: i32, from: u32, to: u32) -> Self {
        self.period = Some(Period {
            kind: PeriodKind::Months,
            start: NaiveDate::from_ymd_opt(y, from, 1).unwrap(),
            end: NaiveDate::from_ymd_opt(y, to + 1, 1)
                .unwrap()
                .pred_opt()
                .unwrap(),
        });
        self
    }
    pub fn published(mut self, d: &'static str) -> Self {
        self.published = Some(d);
        self
    }
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }
    pub fn words(mut self, text: &'static str, sentence: &'static str) -> Self {
        self.text = text;
        self.sentence = sentence;
        self
    }
    pub fn span(mut self, start: usize, end: usize) -> Self {
        self.span = Span::new(start, end);
        self
    }

    fn mention(&self) -> Mention {
        Mention {
            span: self.span,
            sentence: Span::new(0, 0),
            value: Some(self.value),
            upper: self.upper,
            unit: self.unit.clone(),
            hedge: self.hedge,
            period: self.period,
            previous: None,
            ignored: None,
        }
    }

    fn located(&self) -> Located {
        Located {
            source: self.source.into(),
            line: self.line,
            column: self.column,
            end_line: self.line,
            end_column: self.column + self.text.chars().count().max(1),
            text: if self.text.is_empty() {
                format!("{}", self.value).into()
            } else {
                self.text.into()
            },
            sentence: self.sentence.into(),
            mention: self.mention(),
        }
    }

    pub fn claim(&self) -> Claim {
        let mention = self.mention();
        Claim {
            key: self.key.into(),
            at: self.located(),
            as_of: reconcile::normalize::as_of(&mention, self.published.map(date)),
            evidence: vec![],
        }
    }

    pub fn unmapped(&self) -> Unmapped {
        Unmapped {
            at: self.located(),
            ambiguous: vec![],
            closest: None,
        }
    }
}

#[allow(clippy::field_reassign_with_default)] // RuleSet grows fields the tests do not need
pub fn rules(keys: Vec<Key>) -> RuleSet {
    let mut r = RuleSet::default();
    r.keys = keys;
    r
}

/// Reconcile hand-built source figures.
pub fn corpus(rules: &RuleSet, figs: &[Fig]) -> Reconciliation {
    let mut ids: Vec<&str> = figs.iter().map(|f| f.source).collect();
    ids.sort();
    ids.dedup();
    let sources = ids
        .iter()
        .map(|id| SourceInfo {
            id: id.to_string(),
            path: format!("seeds/{id}.txt"),
            lang: "en".into(),
            published: figs
                .iter()
                .find(|f| f.source == *id)
                .and_then(|f| f.published.map(date)),
            outlet: None,
            trust: None,
        })
        .collect();
    let all = Normalized {
        claims: figs.iter().map(Fig::claim).collect(),
        ..Default::default()
    };
    reconcile(sources, all, rules)
}

pub fn draft_source(text: &str) -> Source {
    source::from_text(
        "draft",
        Path::new("drafts/draft.md"),
        text.to_string(),
        &LoadOptions::default(),
        &reconcile::lang::Languages::builtin(),
    )
}

pub fn suppression(key: &str, reason: &str, start: usize, end: usize) -> Suppression {
    Suppression {
        key: key.into(),
        reason: reason.into(),
        applies_to: Span::new(start, end),
        line: 1,
    }
}

/// Check draft figures (`mapped`, `unmapped`) against the corpus built from `sources`.
pub fn check_draft(
    rules: &RuleSet,
    sources: &[Fig],
    draft: &Source,
    mapped: &[Fig],
    unmapped: &[Fig],
) -> Vec<DraftFinding> {
    let rec = corpus(rules, sources);
    let corpus = Corpus::new(&rec, rules, &[]);
    let drafted = Normalized {
        claims: mapped.iter().map(Fig::claim).collect(),
        unmapped: unmapped.iter().map(Fig::unmapped).collect(),
        ..Default::default()
    };
    check::check(draft, drafted, &corpus)
}

/// One draft figure against the sources.
pub fn judge(kind: KeyKind, sources: &[Fig], draft: Fig) -> DraftFinding {
    let rules = rules(vec![key(draft.key, kind, draft.unit.clone())]);
    let mut out = check_draft(&rules, sources, &draft_source("x"), &[draft], &[]);
    assert_eq!(out.len(), 1);
    out.remove(0)
}

/// What a run of the `reconcile` binary printed and how it exited.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `reconcile ARGS` in `cwd` (the crate root when `None`), feeding `stdin`.
pub fn run_in(cwd: Option<&Path>, args: &[&str], stdin: Option<&str>) -> Run {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args(args)
        .current_dir(cwd.unwrap_or(root))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run reconcile");
    if let Some(mut input) = child.stdin.take() {
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn run(args: &[&str]) -> Run {
    run_in(None, args, None)
}

/// The crate root, for absolute paths to `rules/` and `seeds/` from a temporary folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `findings` of a JSON output.
pub fn json_findings(r: &Run) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr:\n{}", r.stdout, r.stderr));
    assert_eq!(v["version"], 1);
    v["findings"].as_array().cloned().unwrap_or_default()
}

/// The finding for `key` in a JSON output.
pub fn finding_for<'a>(findings: &'a [serde_json::Value], key: &str) -> &'a serde_json::Value {
    findings
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("no finding for {key} in {findings:#?}"))
}
