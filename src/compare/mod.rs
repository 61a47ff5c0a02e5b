//! Compare groups claims by key and decides, for each key, whether its sources agree.
//! It owns the interval semantics (how a hedge widens a figure), periods and time
//! (flows compare within a period; stocks and targets order by as-of date), and the verdicts.
//! It never reads text.

mod interval;
mod judge;
mod message;

pub use interval::{clusters, Interval, Widths, DEFAULT_APPROX, DEFAULT_SLACK};
pub use message::{figure, short_id};

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::extract::Unit;
use crate::normalize::{Claim, IgnoredMention, Normalized, Unmapped};
use crate::rules::{KeyKind, RuleSet};

/// What the sources say about one key, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Conflict,
    PeriodConflict,
    Superseded,
    Agree,
    SingleSource,
}

impl Verdict {
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Conflict => "conflict",
            Verdict::PeriodConflict => "period_conflict",
            Verdict::Superseded => "superseded",
            Verdict::Agree => "agree",
            Verdict::SingleSource => "single_source",
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            Verdict::Conflict => Severity::Error,
            Verdict::PeriodConflict => Severity::Warning,
            _ => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A claim as compared: its interval and the cluster of agreeing claims it fell into.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparedClaim {
    #[serde(flatten)]
    pub claim: Claim,
    pub interval: Interval,
    /// Claims with the same cluster number agree with each other; numbered from 0 in order
    /// of their lowest value.
    pub cluster: usize,
    /// Set when a newer claim replaced this one (stocks and targets).
    pub superseded_by: Option<String>,
}

/// The figure we would trust, and why, in plain words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub value: f64,
    pub lower: f64,
    pub upper: f64,
    pub why: String,
}

/// One key's verdict across all sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub key: String,
    pub label: String,
    pub unit: Unit,
    pub kind: KeyKind,
    pub verdict: Verdict,
    pub severity: Severity,
    /// One line naming the sources: `4,000 (001, 002) disagrees with 3,500 (000) and 3,538 (004)`.
    pub message: String,
    pub suggested: Option<Suggestion>,
    /// Sorted by as-of date, then source, then position.
    pub claims: Vec<ComparedClaim>,
}

/// Sources that share an unusual number of identical figures: likely copies of one origin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopyGroup {
    pub sources: Vec<String>,
    pub shared: usize,
    pub of: usize,
    pub why: String,
}

/// Something the user should know that is not a finding (an ambiguous mention, say).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub source: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Accounting: every mention is mapped, unmapped or ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub sources: usize,
    pub mentions: usize,
    pub mapped: usize,
    pub unmapped: usize,
    pub ignored: usize,
}

/// Summary of a loaded source, as reports show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceInfo {
    pub id: String,
    pub path: String,
    pub lang: String,
    pub published: Option<NaiveDate>,
    pub outlet: Option<String>,
}

/// The single model every renderer reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    pub sources: Vec<SourceInfo>,
    /// Conflicts first, then period conflicts, superseded, agreements, single sources;
    /// by key id within a verdict.
    pub findings: Vec<Finding>,
    pub unmapped: Vec<Unmapped>,
    pub ignored: Vec<IgnoredMention>,
    pub copies: Vec<CopyGroup>,
    pub warnings: Vec<Warning>,
    pub stats: Stats,
}

/// Group claims by key and judge each key. Deterministic: the result does not depend on the
/// order of sources or claims.
pub fn reconcile(mut sources: Vec<SourceInfo>, all: Normalized, rules: &RuleSet) -> Reconciliation {
    // Listed by id, not in the order the user named them, so the report is the same either way.
    sources.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));
    let stats = Stats {
        sources: sources.len(),
        mentions: all.mentions(),
        mapped: all.claims.len(),
        unmapped: all.unmapped.len(),
        ignored: all.ignored.len(),
    };
    let mut by_key: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
    for c in all.claims {
        by_key.entry(c.key.clone()).or_default().push(c);
    }
    let mut findings: Vec<Finding> = by_key
        .into_iter()
        .filter_map(|(key, claims)| {
            let key = rules.key(&key)?;
            Some(judge::judge(key, claims))
        })
        .collect();
    findings.sort_by(|a, b| a.verdict.cmp(&b.verdict).then_with(|| a.key.cmp(&b.key)));

    let mut unmapped = all.unmapped;
    unmapped.sort_by(|a, b| position(&a.at).cmp(&position(&b.at)));
    let mut ignored = all.ignored;
    ignored.sort_by(|a, b| position(&a.at).cmp(&position(&b.at)));
    let warnings = unmapped
        .iter()
        .filter(|u| !u.ambiguous.is_empty())
        .map(|u| Warning {
            source: u.at.source.clone(),
            line: u.at.line,
            column: u.at.column,
            message: format!(
                "\"{}\" is claimed by {} keys ({}); left unmapped until a rule tells them apart",
                u.at.text,
                u.ambiguous.len(),
                u.ambiguous.join(", ")
            ),
        })
        .collect();
    Reconciliation {
        sources,
        findings,
        unmapped,
        ignored,
        copies: Vec::new(),
        warnings,
        stats,
    }
}

fn position(at: &crate::normalize::Located) -> (&str, usize, usize) {
    (&at.source, at.line, at.column)
}
