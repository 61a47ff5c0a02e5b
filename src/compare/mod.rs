//! Compare groups claims by key and decides, for each key, whether its sources agree, and
//! which figure to trust. It owns the interval semantics (how a hedge widens a figure, in
//! `interval`), periods and time (flows compare within a period; stocks and targets order by
//! as-of date, in `judge`), the verdicts, copy detection ([`copies`]: sources that are one
//! origin), learned trust ([`truth`]), the suggested figure and its reason (`message`), and the
//! corpus as of a date ([`Options::as_of`]). It never reads text: wording reaches it only as the
//! sentences already attached to each figure.
//!
//! ## Gathering a corpus in flat memory
//!
//! A report is built source by source ([`Gathering`]): claims and copy-detection prints are
//! kept in full, but unmapped figures, ignored numbers and the warnings about ambiguous figures
//! are *counted* in full and *kept* only up to [`Options::max_unmapped`] and
//! [`Options::max_ignored`]. News states a figure every ~200 bytes and almost none of them is a
//! claim, so keeping every one (with its sentence) would make memory grow with the corpus. The
//! ones kept are the first in the order the report lists them (source id, line, column, then
//! arrival), whatever order sources arrive in, so the report does not depend on the number of
//! threads. What is left out is counted in [`NotListed`], and every renderer says so.
//!
//! What stays per source is a row of a compact table ([`SourceTable`]: its path and id in one
//! shared buffer, language and outlet by number) and its print; once the prints weigh a few
//! MB, only what copy detection needs in memory of each (`copies::spill`: id, fingerprints, a
//! hash and a place in a temporary file where the rest of the print went), about 200 bytes
//! for a news article in all. The report keeps the same table, its rows put in report order,
//! rather than a [`SourceInfo`] per source.

pub mod copies;
mod interval;
mod judge;
mod message;
mod sources;
pub mod truth;

/// Tests only: a whole report made through the spill (`crate::pipeline`'s tests).
#[cfg(test)]
pub(crate) use copies::spill::{Knobs, KNOBS};
pub use copies::{independent_origins, CopyPair};
pub use interval::{clusters, Interval, Widths, DEFAULT_APPROX, DEFAULT_SLACK};
pub use message::{figure, short_id, spoken};
pub use sources::{SourceRef, SourceTable};
pub use truth::SourceTrust;

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::extract::Unit;
use crate::normalize::{Claim, IgnoredMention, Normalized, Unmapped};
use crate::rules::{KeyKind, RuleSet};
use crate::source::LoadError;

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
/// It serializes as it did when its pairs held their sources' ids ([`CopyPair`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CopyGroup {
    /// Member source ids, sorted. The group's pairs name their sources by place in it.
    pub sources: Vec<Box<str>>,
    /// Figures shared by the group's strongest pair…
    pub shared: u8,
    /// …out of the figures of that pair's shorter source.
    pub of: u8,
    pub why: String,
    /// The member published first, when exactly one was: the likely origin.
    pub origin: Option<Box<str>>,
    /// The pairs that joined the group, strongest first: one fewer than its members, each
    /// past the threshold that [`copies`] explains.
    pub pairs: Vec<CopyPair<u32>>,
}

impl CopyGroup {
    /// The ids of the sources of `pair`, one of the group's pairs ("" for a place past its
    /// members, which detection never gives).
    pub fn ids(&self, pair: &CopyPair<u32>) -> (&str, &str) {
        let id = |i: u32| self.sources.get(i as usize).map_or("", |s| &**s);
        (id(pair.a), id(pair.b))
    }
}

/// The fields in the order of the struct, each pair with its sources' ids.
impl Serialize for CopyGroup {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// The group's pairs, named.
        struct Pairs<'a>(&'a CopyGroup);
        impl Serialize for Pairs<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.pairs.iter().map(|p| Named(self.0, p)))
            }
        }
        /// One pair of the group, named.
        struct Named<'a>(&'a CopyGroup, &'a CopyPair<u32>);
        impl Serialize for Named<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let (a, b) = self.0.ids(self.1);
                self.1.serialize_as(a, b, s)
            }
        }
        let mut out = s.serialize_struct("CopyGroup", 6)?;
        out.serialize_field("sources", &self.sources)?;
        out.serialize_field("shared", &self.shared)?;
        out.serialize_field("of", &self.of)?;
        out.serialize_field("why", &self.why)?;
        out.serialize_field("origin", &self.origin)?;
        out.serialize_field("pairs", &Pairs(self))?;
        out.end()
    }
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
    /// In report order: by id, then path.
    pub sources: SourceTable,
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
    /// What `stats` counts but `unmapped`, `ignored` and `warnings` do not list.
    pub not_listed: NotListed,
    /// What left the report short without stopping it: copy detection that could not read
    /// back the prints it had put in a temporary file (the report then lists no copy link
    /// that needs them). Not rendered: [`crate::pipeline::Engine::report`] returns them
    /// beside the load errors, and the command prints each as an `error:` line on stderr and
    /// ends with status 2, as it does for an input it could not load (0 with `--keep-going`).
    #[serde(skip)]
    pub errors: Vec<LoadError>,
}

/// Mentions and warnings counted but not listed, because a list reached its limit
/// ([`Options::max_unmapped`], [`Options::max_ignored`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NotListed {
    /// Unmapped figures beyond `max_unmapped`.
    pub unmapped: usize,
    /// Ignored numbers beyond `max_ignored`.
    pub ignored: usize,
    /// Warnings about figures several keys claim, beyond `max_unmapped`.
    pub warnings: usize,
    /// The limits the report was made with (`None`: all listed).
    pub max_unmapped: Option<usize>,
    pub max_ignored: Option<usize>,
}

impl NotListed {
    /// Whether every mention and warning is listed.
    pub fn is_empty(&self) -> bool {
        self.unmapped == 0 && self.ignored == 0 && self.warnings == 0
    }
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
    /// List at most this many unmapped figures (and as many warnings about ambiguous ones);
    /// `None` lists all. The rest are counted in [`Reconciliation::not_listed`].
    pub max_unmapped: Option<usize>,
    /// List at most this many ignored numbers; `None` lists all.
    pub max_ignored: Option<usize>,
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
    let mut gathering = Gathering::new(opts);
    for s in sources {
        gathering.add_source(s);
    }
    gathering.add(all);
    gathering.finish(rules)
}

/// A corpus being gathered: sources and their figures arrive one document at a time (in input
/// order), and only what the report needs stays (module docs). [`Gathering::finish`] judges it.
#[derive(Debug)]
pub struct Gathering {
    opts: Options,
    /// In arrival order; the report's, sorted, once gathered ([`judge_all`]).
    sources: SourceTable,
    /// Sources left out by `--as-of`.
    dropped: BTreeSet<String>,
    /// Claims of the sources kept; `unmapped` and `ignored` stay empty, and so does `prints`
    /// until copy detection.
    all: Normalized,
    /// Prints of the sources kept; past a few MB, their bulk in a temporary file
    /// (`copies::spill`).
    prints: copies::spill::Spill,
    unmapped: Capped<Unmapped>,
    ignored: Capped<IgnoredMention>,
    /// Warnings about figures several keys claim, one per such unmapped figure.
    ambiguous: Capped<Warning>,
    /// Mentions seen so far, numbering them so that ties in position keep arrival order.
    seen: u64,
    /// The row of `sources` after the last one a print was found at ([`SourceTable::recent`]).
    next_row: usize,
}

impl Gathering {
    pub fn new(opts: &Options) -> Gathering {
        Gathering {
            opts: opts.clone(),
            sources: SourceTable::default(),
            dropped: BTreeSet::new(),
            all: Normalized::default(),
            prints: copies::spill::Spill::default(),
            unmapped: Capped::new(opts.max_unmapped),
            ignored: Capped::new(opts.max_ignored),
            ambiguous: Capped::new(opts.max_unmapped),
            seen: 0,
            next_row: 0,
        }
    }

    /// Make room for the sources `plan` will read and their prints, so that the tables grow
    /// once rather than by doubling (each doubling leaves the smaller copy behind as a hole in
    /// the heap). A hint: more or fewer sources may come.
    pub fn reserve(&mut self, plan: &crate::source::Plan) {
        self.sources.reserve(plan);
        self.prints.reserve(plan.inputs.len());
    }

    /// A source of the corpus. With [`Options::as_of`], a source published after that date is
    /// left out, and so are its figures when they arrive.
    pub fn add_source(&mut self, source: SourceInfo) {
        self.add_planned_source(source, None);
    }

    /// [`Gathering::add_source`] for a source whose path the plan given to
    /// [`Gathering::reserve`] holds at byte `at` of its text: the table keeps it from there.
    pub fn add_planned_source(&mut self, source: SourceInfo, at: Option<usize>) {
        match (self.opts.as_of, source.published) {
            (Some(date), Some(p)) if p > date => {
                self.dropped.insert(source.id);
            }
            _ => self.sources.push_planned(source, at),
        }
    }

    /// Figures of sources already added (one document's, or many sources' at once). Anchors
    /// are not kept: the pipeline hands them to the derived checks itself.
    pub fn add(&mut self, mut n: Normalized) {
        // Normalize makes each source's print; figures built by hand may come without one,
        // and their unmapped figures are not kept, so it is made now.
        let unprinted = n
            .claims
            .iter()
            .map(|c| c.source())
            .chain(n.unmapped.iter().map(|u| u.at.source.as_str()))
            .any(|id| !n.prints.iter().any(|p| p.source == id));
        if unprinted {
            n.prints = copies::prints(&mut n);
        }
        let Normalized {
            claims,
            unmapped,
            ignored,
            anchors: _,
            prints,
        } = n;
        let limit = self.opts.as_of;
        let dropped = &self.dropped;
        let kept = |source: &str| !dropped.contains(source);
        self.all.claims.extend(claims.into_iter().filter(|c| {
            kept(c.source())
                && match (limit, c.as_of) {
                    (Some(limit), Some(d)) => d <= limit,
                    _ => true,
                }
        }));
        for p in prints.into_iter().filter(|p| kept(&p.source)) {
            // The print names its source by row, if it finds it, not by a copy of its id.
            let row = self.sources.recent(&p.source, &mut self.next_row);
            self.prints.push(p, row);
        }
        for u in unmapped {
            if !kept(&u.at.source) {
                continue;
            }
            self.seen += 1;
            if !u.ambiguous.is_empty() {
                if let Some(rank) = self.ambiguous.admits(&u.at, self.seen) {
                    self.ambiguous.keep(rank, ambiguity_warning(&u));
                }
            }
            if let Some(rank) = self.unmapped.admits(&u.at, self.seen) {
                self.unmapped.keep(rank, u);
            }
        }
        for i in ignored {
            if !kept(&i.at.source) {
                continue;
            }
            self.seen += 1;
            if let Some(rank) = self.ignored.admits(&i.at, self.seen) {
                self.ignored.keep(rank, i);
            }
        }
    }

    /// Judge every key and assemble the report.
    pub fn finish(self, rules: &RuleSet) -> Reconciliation {
        let Gathering {
            opts,
            sources,
            dropped: _,
            all,
            prints,
            unmapped,
            ignored,
            ambiguous,
            seen: _,
            next_row: _,
        } = self;
        let stats = Stats {
            sources: sources.len(),
            mentions: all.claims.len() + unmapped.total + ignored.total,
            mapped: all.claims.len(),
            unmapped: unmapped.total,
            ignored: ignored.total,
        };
        let (unmapped, unmapped_left) = unmapped.into_sorted();
        let (ignored, ignored_left) = ignored.into_sorted();
        let (ambiguous, warnings_left) = ambiguous.into_sorted();
        let not_listed = NotListed {
            unmapped: unmapped_left,
            ignored: ignored_left,
            warnings: warnings_left,
            max_unmapped: opts.max_unmapped,
            max_ignored: opts.max_ignored,
        };
        let mut rec = judge_all(sources, all, prints, rules, &opts);
        let mut warnings = Vec::new();
        if let Some(date) = opts.as_of {
            warnings.extend(undated(&rec.sources, date));
        }
        warnings.extend(ambiguous);
        rec.unmapped = unmapped;
        rec.ignored = ignored;
        rec.warnings = warnings;
        rec.stats = stats;
        rec.not_listed = not_listed;
        rec
    }
}

/// Findings, copies and trust from the sources' claims and prints; no mention is listed.
fn judge_all(
    mut sources: SourceTable,
    mut all: Normalized,
    prints: copies::spill::Spill,
    rules: &RuleSet,
    opts: &Options,
) -> Reconciliation {
    // Listed by id, not in the order the user named them, so the report is the same either
    // way.
    sources.shrink_to_fit();
    let order = sources.order();
    let (copies, unread) =
        copies::detect_gathered(&sources, &sources.dated(&order), prints, &mut all);
    let sources = sources.sorted(order);
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
        .filter_map(|s| Some((s.id.to_string(), s.published?)))
        .collect();
    let (trust, weights) = if opts.learn_trust {
        let learned = truth::learn(&judged, &sources.to_infos(), &copies);
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
            .filter_map(|s| Some((s.id.to_string(), s.trust.filter(|t| t.is_finite())?)))
            .collect();
        (
            Vec::new(),
            message::Weights::new(map, false, &copies, published),
        )
    };
    let mut findings: Vec<Finding> = judged.into_iter().map(|j| j.describe(&weights)).collect();
    findings.sort_by(|a, b| a.verdict.cmp(&b.verdict).then_with(|| a.key.cmp(&b.key)));
    Reconciliation {
        sources,
        findings,
        copies,
        trust,
        as_of: opts.as_of,
        errors: unread.map(copies_unread).into_iter().collect(),
        ..Default::default()
    }
}

/// The error of copy detection that could not read back prints it had spilled: a line in the
/// form of a load error, naming the folder of the (anonymous) temporary file.
fn copies_unread(err: std::io::Error) -> LoadError {
    LoadError::new(
        &std::env::temp_dir(),
        format!(
            "copy detection incomplete: cannot read back its temporary file ({err}); \
             copies among the sources it could not read are not listed"
        ),
    )
}

fn ambiguity_warning(u: &Unmapped) -> Warning {
    Warning {
        source: u.at.source.to_string(),
        line: u.at.line,
        column: u.at.column,
        message: format!(
            "\"{}\" is claimed by {} keys ({}); left unmapped until a rule tells them apart",
            u.at.text,
            u.ambiguous.len(),
            u.ambiguous.join(", ")
        ),
    }
}

/// The corpus as it stood on `date` keeps the sources with no publication date, which cannot
/// be placed in time ([`Gathering::add_source`] leaves out those published after it): one
/// warning each, in report order.
fn undated(sources: &SourceTable, date: NaiveDate) -> impl Iterator<Item = Warning> + '_ {
    sources
        .iter()
        .filter(|s| s.published.is_none())
        .map(move |s| Warning {
            source: s.id.to_string(),
            line: 1,
            column: 1,
            message: format!(
                "no publication date; kept in the corpus as of {date}, though it may be later"
            ),
        })
}

/// Items counted in full and kept up to a limit: the first in report order (source, line,
/// column, then arrival), in a max-heap so that the last one kept is the one a better
/// newcomer evicts.
#[derive(Debug)]
struct Capped<T> {
    limit: Option<usize>,
    heap: BinaryHeap<Ranked<T>>,
    total: usize,
}

/// Where an item stands in the report: source, line, column, and arrival to break ties.
type Rank = (String, usize, usize, u64);

#[derive(Debug)]
struct Ranked<T> {
    rank: Rank,
    item: T,
}

impl<T> PartialEq for Ranked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.rank == other.rank
    }
}
impl<T> Eq for Ranked<T> {}
impl<T> PartialOrd for Ranked<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Ranked<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank.cmp(&other.rank)
    }
}

impl<T> Capped<T> {
    fn new(limit: Option<usize>) -> Capped<T> {
        Capped {
            limit,
            heap: BinaryHeap::new(),
            total: 0,
        }
    }

    /// Count one item found at `at`, the `seen`-th to arrive; its rank when it is among the
    /// first `limit` so far and should be kept ([`Capped::keep`]).
    fn admits(&mut self, at: &crate::normalize::Located, seen: u64) -> Option<Rank> {
        self.total += 1;
        let limit = self.limit.unwrap_or(usize::MAX);
        if limit == 0 {
            return None;
        }
        if self.heap.len() >= limit {
            let (source, line, column, n) = &self.heap.peek()?.rank;
            let ahead = (at.source.as_str(), at.line, at.column, seen)
                < (source.as_str(), *line, *column, *n);
            if !ahead {
                return None;
            }
            self.heap.pop();
        }
        Some((at.source.to_string(), at.line, at.column, seen))
    }

    fn keep(&mut self, rank: Rank, item: T) {
        self.heap.push(Ranked { rank, item });
    }

    /// The kept items in report order, and how many were counted but not kept.
    fn into_sorted(self) -> (Vec<T>, usize) {
        let kept: Vec<T> = self
            .heap
            .into_sorted_vec()
            .into_iter()
            .map(|r| r.item)
            .collect();
        let left = self.total - kept.len();
        (kept, left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Hedge, Mention};
    use crate::normalize::Located;
    use crate::text::Span;

    fn unmapped(source: &str, line: usize, ambiguous: &[&str]) -> Unmapped {
        let span = Span { start: 0, end: 2 };
        Unmapped {
            at: Located {
                source: source.into(),
                line,
                column: 1,
                end_line: line,
                end_column: 3,
                text: "17".into(),
                sentence: "17 crates.".into(),
                mention: Mention {
                    span,
                    sentence: span,
                    value: Some(17.0),
                    upper: None,
                    unit: Unit::Count,
                    hedge: Hedge::Exact,
                    period: None,
                    previous: None,
                    ignored: None,
                },
            },
            ambiguous: ambiguous.iter().map(|k| k.to_string()).collect(),
            closest: None,
        }
    }

    fn source(id: &str) -> SourceInfo {
        SourceInfo {
            id: id.to_string(),
            path: format!("{id}.txt"),
            lang: "en".to_string(),
            published: None,
            outlet: None,
            trust: None,
        }
    }

    /// Sources arrive in `order`, each with figures on lines 1..=3; two are listed.
    fn gathered(order: &[&str], limit: Option<usize>) -> Reconciliation {
        let mut g = Gathering::new(&Options {
            max_unmapped: limit,
            ..Options::default()
        });
        for id in order {
            g.add_source(source(id));
            g.add(Normalized {
                unmapped: (1..=3).map(|l| unmapped(id, l, &[])).collect(),
                ..Normalized::default()
            });
        }
        g.finish(&RuleSet::default())
    }

    fn listed(rec: &Reconciliation) -> Vec<(String, usize)> {
        rec.unmapped
            .iter()
            .map(|u| (u.at.source.to_string(), u.at.line))
            .collect()
    }

    #[test]
    fn the_first_figures_in_report_order_are_listed_whatever_order_sources_arrive_in() {
        let a = gathered(&["c", "a", "b"], Some(2));
        let b = gathered(&["a", "b", "c"], Some(2));
        assert_eq!(listed(&a), [("a".to_string(), 1), ("a".to_string(), 2)]);
        assert_eq!(a, b);
        assert_eq!(a.stats.unmapped, 9);
        assert_eq!(a.stats.mentions, 9);
        assert_eq!(a.not_listed.unmapped, 7);
        assert_eq!(a.not_listed.max_unmapped, Some(2));
    }

    #[test]
    fn without_a_limit_every_figure_is_listed_and_nothing_is_said_missing() {
        let rec = gathered(&["b", "a"], None);
        assert_eq!(rec.unmapped.len(), 6);
        assert!(rec.not_listed.is_empty());
        let zero = gathered(&["b", "a"], Some(0));
        assert!(zero.unmapped.is_empty());
        assert_eq!(zero.not_listed.unmapped, 6);
    }

    #[test]
    fn figures_at_the_same_place_keep_the_order_they_arrived_in() {
        // Two files with one id (in two folders): their figures tie on (source, line, column).
        let mut g = Gathering::new(&Options {
            max_unmapped: Some(1),
            ..Options::default()
        });
        let mut first = unmapped("x", 1, &[]);
        first.at.text = "first".into();
        let mut second = unmapped("x", 1, &[]);
        second.at.text = "second".into();
        for u in [first, second] {
            g.add(Normalized {
                unmapped: vec![u],
                ..Normalized::default()
            });
        }
        let rec = g.finish(&RuleSet::default());
        assert_eq!(rec.unmapped[0].at.text, "first");
    }

    #[test]
    fn ambiguity_warnings_are_listed_up_to_the_unmapped_limit_and_counted() {
        let mut g = Gathering::new(&Options {
            max_unmapped: Some(1),
            ..Options::default()
        });
        g.add(Normalized {
            unmapped: (1..=3).map(|l| unmapped("s", l, &["k1", "k2"])).collect(),
            ..Normalized::default()
        });
        let rec = g.finish(&RuleSet::default());
        assert_eq!(rec.warnings.len(), 1);
        assert_eq!(rec.warnings[0].line, 1);
        assert!(rec.warnings[0]
            .message
            .contains("claimed by 2 keys (k1, k2)"));
        assert_eq!(rec.not_listed.warnings, 2);
    }

    /// An unmapped count `v` on line `line` of `source`, in a sentence of its own.
    fn count(source: &str, line: usize, v: f64) -> Unmapped {
        let mut u = unmapped(source, line, &[]);
        u.at.mention.value = Some(v);
        u.at.text = v.to_string().into();
        u.at.sentence = format!("Some {v} crates were counted on day {line}.").into();
        u
    }

    #[test]
    fn copies_name_the_origin_a_list_of_every_source_would_name() {
        let day = |d| NaiveDate::from_ymd_opt(2025, 1, d);
        let dated = |id: &str, path: &str, published| SourceInfo {
            path: path.to_string(),
            published,
            ..source(id)
        };
        // Two files share the id "a", and the later one, in report order, has no date: a map
        // of dates by id keeps that one, so "c" was published first, not "a".
        let infos = [
            dated("b", "b.txt", day(3)),
            dated("a", "2/a.txt", None),
            dated("c", "c.txt", day(2)),
            dated("a", "1/a.txt", day(1)),
        ];
        let figures = |id: &str| Normalized {
            unmapped: (1..=5).map(|l| count(id, l, 100.0 * l as f64)).collect(),
            ..Normalized::default()
        };
        let mut g = Gathering::new(&Options::default());
        let mut all = Normalized::default();
        for s in &infos {
            g.add_source(s.clone());
            g.add(figures(&s.id));
            all.append(figures(&s.id));
        }
        let rec = g.finish(&RuleSet::default());
        let mut sorted = infos.to_vec();
        sorted.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));
        assert_eq!(rec.sources.to_infos(), sorted);
        assert_eq!(
            rec.copies,
            copies::detect(&sorted, &copies::prints(&mut all))
        );
        assert_eq!(rec.copies.len(), 1);
        assert_eq!(rec.copies[0].origin.as_deref(), Some("c"));
    }

    #[test]
    fn a_source_after_the_as_of_date_is_not_counted_nor_listed() {
        let mut g = Gathering::new(&Options {
            as_of: NaiveDate::from_ymd_opt(2025, 1, 1),
            max_unmapped: Some(10),
            ..Options::default()
        });
        let mut late = source("late");
        late.published = NaiveDate::from_ymd_opt(2025, 6, 1);
        g.add_source(late);
        g.add(Normalized {
            unmapped: vec![unmapped("late", 1, &[])],
            ..Normalized::default()
        });
        let rec = g.finish(&RuleSet::default());
        assert_eq!(rec.stats.unmapped, 0);
        assert!(rec.unmapped.is_empty());
        assert!(rec.not_listed.is_empty());
    }
}
