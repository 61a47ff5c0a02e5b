//! Rules: how users teach `reconcile` a topic. [`file::RuleFile`] is the TOML exactly as
//! written; [`compile`] checks it into a [`RuleSet`], with every rule term and entity alias
//! in one byte trie per language ([`matcher`]), so the cost of matching a figure does not
//! grow with the number of keys. [`examples`] runs each key's examples through the real pipeline.
//! Rules decide what a figure is about; they never read numbers (that is `extract`).
//!
//! The file format is documented in `file.rs` and taught in `rules/README.md`.

pub(crate) mod clause;
pub mod compile;
pub mod examples;
pub mod file;
pub mod matcher;
pub mod shape;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::extract::{Mention, Unit};
use crate::lang::{Language, Languages};
use crate::text::SharedStr;

/// What kind of quantity a key is; decides how its claims compare over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyKind {
    /// A level at a date (companies operating, students enrolled): newer replaces older.
    Stock,
    /// An amount over a period (trade in 2024): compared only within the same period.
    Flow,
    /// A goal (trade to reach $15 billion): a newer goal supersedes an older one.
    Target,
    /// A part of a whole, in percent.
    Share,
    /// A count of events (meetings, visits) up to the date of the statement.
    Count,
}

impl KeyKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            KeyKind::Stock => "stock",
            KeyKind::Flow => "flow",
            KeyKind::Target => "target",
            KeyKind::Share => "share",
            KeyKind::Count => "count",
        }
    }
}

/// A canonical quantity, checked and ready to match.
#[derive(Debug, Clone)]
pub struct Key {
    pub id: String,
    /// Label per language code; `en` is the fallback.
    pub labels: BTreeMap<String, String>,
    pub unit: Unit,
    pub kind: KeyKind,
    /// Relative tolerance for exact figures (0.02 = 2%).
    pub tolerance: f64,
    /// Half-width of an `approx` figure's interval, relative (default 0.05).
    pub approx: f64,
    /// How far past the figure `over`/`almost` reach, relative (default 0.10).
    pub slack: f64,
    /// Where the key is written.
    pub file: PathBuf,
    pub line: usize,
}

impl Key {
    pub fn label(&self, lang: &str) -> &str {
        self.labels
            .get(lang)
            .or_else(|| self.labels.get("en"))
            .or_else(|| self.labels.values().next())
            .map(String::as_str)
            .unwrap_or(&self.id)
    }
}

/// How a [`Relation`] computes its key from other keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// key = a + b + …
    Sum(Vec<usize>),
    /// key = a − b
    Difference(usize, usize),
    /// key = part / whole, times 100 when the key is in percent.
    Ratio(usize, usize),
    /// key (a calendar year) = the year an anniversary is marked − its ordinal: the 33rd
    /// anniversary in 2025 puts the founding in 1992.
    Anniversary(usize),
}

impl Op {
    /// The keys the relation reads, in order.
    pub fn operands(&self) -> Vec<usize> {
        match self {
            Op::Sum(keys) => keys.clone(),
            Op::Difference(a, b) | Op::Ratio(a, b) => vec![*a, *b],
            Op::Anniversary(k) => vec![*k],
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Op::Sum(_) => "sum",
            Op::Difference(..) => "difference",
            Op::Ratio(..) => "ratio",
            Op::Anniversary(_) => "anniversary",
        }
    }
}

/// A declared relation between keys, checked per source by [`crate::derive`].
#[derive(Debug, Clone)]
pub struct Relation {
    pub id: String,
    pub labels: BTreeMap<String, String>,
    /// The key the relation computes.
    pub key: usize,
    pub op: Op,
    /// Relative slack on the implied value, besides the keys' own tolerances.
    pub tolerance: f64,
    pub examples: Vec<RelationExample>,
    pub file: PathBuf,
    pub line: usize,
}

impl Relation {
    pub fn label(&self, lang: &str) -> &str {
        self.labels
            .get(lang)
            .or_else(|| self.labels.get("en"))
            .or_else(|| self.labels.values().next())
            .map(String::as_str)
            .unwrap_or(&self.id)
    }
}

/// A text a relation must hold in (or, `counter`, must be broken in), read as one source.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationExample {
    pub counter: bool,
    pub lang: String,
    pub text: String,
    pub published: Option<chrono::NaiveDate>,
    pub file: PathBuf,
    pub line: usize,
}

/// The unit of a key that takes ordinals (`33rd`, `5.`), valued by their number.
pub const ORDINAL: &str = "ordinal";
/// The unit of a key that takes years and dates (`in 1992`, `2 Mart 1992`), valued by the year.
pub const CALENDAR_YEAR: &str = "calendar_year";

/// A problem in a rule file, located to line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct RuleError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The outcome of asking the rules what a mention is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Match {
    /// Exactly one key claims it; `evidence` lists the words that matched.
    Key {
        key: usize,
        evidence: Vec<SharedStr>,
    },
    /// Two or more keys claim it equally; never resolved by file order.
    Ambiguous { keys: Vec<usize> },
    /// No key claims it; the closest key and what it lacked, for `--explain`.
    Unmapped { closest: Option<(usize, String)> },
}

/// A failing example or counter-example from a rule file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct ExampleFailure {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

/// One row of `reconcile rules list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeySummary {
    pub id: String,
    pub label: String,
    /// `count`, `percent`, `USD`, `day`: as written in rule files.
    pub unit: String,
    pub kind: KeyKind,
    pub tolerance: f64,
    /// Origin and destination entity ids, when the key has a direction.
    pub from: Option<String>,
    pub to: Option<String>,
    pub examples: usize,
    pub counters: usize,
    /// `rules/trade.toml:12`
    pub defined_at: String,
}

/// All keys and entities, compiled.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub keys: Vec<Key>,
    /// Relations between keys, for derived checks.
    pub relations: Vec<Relation>,
    /// The matcher and examples; empty for a rule set built with [`RuleSet::from_keys`].
    pub compiled: compile::Compiled,
}

impl RuleSet {
    /// Load every `*.toml` in `dir` (not `lang/`; or `dir` itself when it is one file),
    /// reporting every problem at once. Language
    /// codes and case folding come from the built-in languages.
    pub fn load_dir(dir: &Path) -> Result<RuleSet, Vec<RuleError>> {
        RuleSet::load_dir_with(dir, &Languages::builtin())
    }

    /// Like [`RuleSet::load_dir`], with the languages the caller has (built-in plus overrides).
    pub fn load_dir_with(dir: &Path, langs: &Languages) -> Result<RuleSet, Vec<RuleError>> {
        let files = compile::read_dir(dir)?;
        RuleSet::from_files(&files, langs)
    }

    /// Compile rule files already in memory: `(path as shown in messages, text)`.
    pub fn from_files(
        files: &[(PathBuf, String)],
        langs: &Languages,
    ) -> Result<RuleSet, Vec<RuleError>> {
        compile::compile(files, langs)
    }

    /// A rule set that knows keys but matches nothing (for tests of later steps).
    pub fn from_keys(keys: Vec<Key>) -> RuleSet {
        RuleSet {
            keys,
            relations: Vec::new(),
            compiled: compile::Compiled::default(),
        }
    }

    pub fn key(&self, id: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.id == id)
    }

    pub fn key_index(&self, id: &str) -> Option<usize> {
        self.keys.iter().position(|k| k.id == id)
    }

    /// Does any key take figures in `unit`? (Ordinals and years are only classified when one
    /// does.)
    pub fn has_unit(&self, unit: &Unit) -> bool {
        self.keys.iter().any(|k| &k.unit == unit)
    }

    /// Which key, if any, does `mention` in `prose` speak about?
    pub fn classify(&self, prose: &str, mention: &Mention, lang: &Language) -> Match {
        self.classifier(prose, lang).classify(mention)
    }

    /// [`RuleSet::classify`] for many mentions of `prose`: asked in document order, each
    /// sentence is folded and scanned once for all its mentions.
    pub fn classifier<'a>(&'a self, prose: &'a str, lang: &'a Language) -> matcher::Classifier<'a> {
        self.compiled.matcher.classifier(&self.keys, prose, lang)
    }

    /// Run every example and counter-example through extraction and [`RuleSet::classify`].
    pub fn run_examples(&self, langs: &Languages) -> Vec<ExampleFailure> {
        examples::run(self, langs)
    }

    /// One row per key, sorted by id, for `reconcile rules list`.
    pub fn summary(&self, lang: &str) -> Vec<KeySummary> {
        let mut rows: Vec<KeySummary> = self
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                let (from, to) = self.compiled.matcher.direction(i);
                let (examples, counters) = self.compiled.example_counts(i);
                KeySummary {
                    id: k.id.clone(),
                    label: k.label(lang).to_string(),
                    unit: unit_spelling(&k.unit),
                    kind: k.kind,
                    tolerance: k.tolerance,
                    from: from.map(str::to_string),
                    to: to.map(str::to_string),
                    examples,
                    counters,
                    defined_at: format!("{}:{}", k.file.display(), k.line),
                }
            })
            .collect();
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        rows
    }
}

/// A unit as rule files spell it (`percent`, not `%`).
pub fn unit_spelling(unit: &Unit) -> String {
    match unit {
        Unit::Percent => "percent".to_string(),
        other => other.name().to_string(),
    }
}
