//! Compare groups claims by key and decides, for each key, whether its sources agree, and
//! which figure to trust. It owns the interval semantics (how a hedge widens a figure, in
//! `interval`), periods and time (flows compare within a period; stocks and targets order by
//! as-of date, in `judge`), the verdicts, copy detection ([`copies`]: sources that are one
//! origin), learned trust ([`truth`]), the suggested figure and its reason (`message`), and the
//! corpus as of a date ([`Options::as_of`]). It never reads text: wording reaches it only as the
//! sentences already attached to each figure.

pub mod copies;
mod interval;
mod judge;
mod message;
pub mod truth;

pub use copies::{independent_origins, CopyPair};
pub use interval::{clusters, Interval, Widths, DEFAULT_APPROX, DEFAULT_SLACK};
pub use message::{figure, short_id, spoken};
pub use truth::SourceTrust;

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
    /// Member source ids, sorted.
    pub sources: Vec<String>,
    /// Figures shared by the group's strongest pair…
    pub shared: usize,
    /// …out of the figures of that pair's shorter source.
    pub of: usize,
    pub why: String,
    /// The member published first, when exactly one was: the likely origin.
    pub origin: Option<String>,
    /// The pairs that joined the group, strongest first: one fewer than its members, each
    /// past the threshold that [`copies`] explains.
    pub pairs: Vec<CopyPair>,
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
    /// Prior trust from the manifest, 0..=1.
    pub trust: Option<f64>,
}

/// The single model every renderer reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
    /// Learned trust per source (`--learn-trust`), by source id; empty otherwise.
    pub trust: Vec<SourceTrust>,
    /// The date the corpus was reconciled as of (`--as-of`), if any.
    pub as_of: Option<NaiveDate>,
    /// Checks of declared relations between keys ([`crate::derive`]); filled by the pipeline.
    pub derived: Vec<crate::derive::DerivedCheck>,
}

/// What a report asks beyond the defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Learn a trust per source from agreement across the corpus ([`truth`]) and weigh
    /// suggestions by it.
    pub learn_trust: bool,
    /// Reconcile the corpus as it stood on this date: sources published after it and claims
    /// whose as-of date is after it are left out.
    pub as_of: Option<NaiveDate>,
}

/// Group claims by key and judge each key. Deterministic: the result does not depend on the
/// order of sources or claims.
pub fn reconcile(sources: Vec<SourceInfo>, all: Normalized, rules: &RuleSet) -> Reconciliation {
    reconcile_with(sources, all, rules, &Options::default())
}

/// [`reconcile`], with options.
pub fn reconcile_with(
    sources: Vec<SourceInfo>,
    all: Normalized,
    rules: &RuleSet,
    opts: &Options,
) -> Reconciliation {
    // Listed by id, not in the order the user named them, so the report is the same either way.
    let mut sources = sources;
    sources.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));
    let mut warnings = Vec::new();
    let (sources, all) = match opts.as_of {
        Some(date) => as_of(sources, all, date, &mut warnings),
        None => (sources, all),
    };
    let stats = Stats {
        sources: sources.len(),
        mentions: all.mentions(),
        mapped: all.claims.len(),
        unmapped: all.unmapped.len(),
        ignored: all.ignored.len(),
    };
    let copies = copies::detect(&sources, &copies::prints(&all));
    let mut by_key: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
    for c in all.claims {
        by_key.entry(c.key.clone()).or_default().push(c);
    }
    let judged: Vec<judge::Judged> = by_key
        .into_iter()
        .filter_map(|(key, claims)| {
            let key = rules.key(&key)?;
            Some(judge::judge(key, claims))
        })
        .collect();
    let published: BTreeMap<String, NaiveDate> = sources
        .iter()
        .filter_map(|s| Some((s.id.clone(), s.published?)))
        .collect();
    let (trust, weights) = if opts.learn_trust {
        let learned = truth::learn(&judged, &sources, &copies);
        let map = learned
            .iter()
            .map(|t| (t.source.clone(), t.learned))
            .collect();
        (
            learned,
            message::Weights::new(map, true, &copies, published),
        )
    } else {
        let map = sources
            .iter()
            .filter_map(|s| Some((s.id.clone(), s.trust.filter(|t| t.is_finite())?)))
            .collect();
        (
            Vec::new(),
            message::Weights::new(map, false, &copies, published),
        )
    };
    let mut findings: Vec<Finding> = judged.into_iter().map(|j| j.describe(&weights)).collect();
    findings.sort_by(|a, b| a.verdict.cmp(&b.verdict).then_with(|| a.key.cmp(&b.key)));

    let mut unmapped = all.unmapped;
    unmapped.sort_by(|a, b| position(&a.at).cmp(&position(&b.at)));
    let mut ignored = all.ignored;
    ignored.sort_by(|a, b| position(&a.at).cmp(&position(&b.at)));
    warnings.extend(
        unmapped
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
            }),
    );
    Reconciliation {
        sources,
        findings,
        unmapped,
        ignored,
        copies,
        warnings,
        stats,
        trust,
        as_of: opts.as_of,
        derived: Vec::new(),
    }
}

/// The corpus as it stood on `date`: sources published after it are dropped with all their
/// figures, and so are claims whose as-of date is after it. A source with no publication date
/// cannot be placed in time; it is kept, with a warning.
fn as_of(
    sources: Vec<SourceInfo>,
    mut all: Normalized,
    date: NaiveDate,
    warnings: &mut Vec<Warning>,
) -> (Vec<SourceInfo>, Normalized) {
    let (kept, dropped): (Vec<SourceInfo>, Vec<SourceInfo>) = sources
        .into_iter()
        .partition(|s| s.published.map_or(true, |p| p <= date));
    for s in kept.iter().filter(|s| s.published.is_none()) {
        warnings.push(Warning {
            source: s.id.clone(),
            line: 1,
            column: 1,
            message: format!(
                "no publication date; kept in the corpus as of {date}, though it may be later"
            ),
        });
    }
    let gone: std::collections::BTreeSet<&str> = dropped.iter().map(|s| s.id.as_str()).collect();
    all.claims
        .retain(|c| !gone.contains(c.source()) && c.as_of.map_or(true, |d| d <= date));
    all.unmapped
        .retain(|u| !gone.contains(u.at.source.as_str()));
    all.ignored.retain(|i| !gone.contains(i.at.source.as_str()));
    all.prints.retain(|p| !gone.contains(p.source.as_str()));
    (kept, all)
}

fn position(at: &crate::normalize::Located) -> (&str, usize, usize) {
    (&at.source, at.line, at.column)
}
