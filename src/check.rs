//! Check judges a draft's figures against a corpus: each figure the draft states becomes a
//! [`DraftFinding`] with a [`DraftVerdict`], the sources' own words beside it, a fingerprint
//! for baselines, and the human decision that silences it, if any. It reads the corpus's
//! [`Reconciliation`] and never re-reads text, never prints, and never decides what a figure
//! is about (the rules did that for the draft exactly as for the sources).
//!
//! Which source figures speak of a draft figure depends on the key's kind, as in `compare`:
//!
//! - a **flow** is compared only with figures for the same period (a draft figure with no
//!   period is read as the latest whole period the sources report). When the draft's figure
//!   shows up in the sources under another period, that is a `period_mismatch`: either no
//!   source gives the draft's period at all, or the sources themselves date the figure
//!   differently. When sources for the draft's own period agree with each other and not with
//!   the draft, the draft is `contradicted` even if its figure belongs to another period; the
//!   message says which period, because that is the likeliest mistake.
//! - a **stock** or **target** is compared with the figures still current: when the corpus
//!   says an older figure was replaced, the replacement is what counts, and a draft that
//!   repeats the old figure is `contradicted` (the message says it was replaced). A draft
//!   figure with its own date is compared with the sources' figures from that time.
//! - a **count** or **share** is compared with every source figure.
//!
//! Sources that disagree among themselves make the draft `disputed` when it sides with one of
//! them, and `contradicted` when it sides with none: a figure no source gives is wrong
//! whichever source is right.
//!
//! Sources are not always independent: when two of the sources that speak of a figure are
//! likely copies of one origin (`compare::copies`), a draft "supported" by both is supported by
//! one origin, and the finding says so — in its message and in [`Origins`]. The verdict does
//! not change (a copy that agrees still agrees); how much the support is worth does.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::compare::copies::origins;
use crate::compare::{
    clusters, figure, independent_origins, short_id, ComparedClaim, CopyGroup, Finding, Interval,
    Reconciliation, Severity, Widths,
};
use crate::extract::{Period, PeriodKind};
use crate::normalize::{Claim, Located, Normalized};
use crate::rules::{Key, KeyKind, RuleSet};
use crate::source::Source;
use crate::text::LineIndex;

/// Stock or target figures stated this close together describe the same moment (as in
/// `compare`).
const SAME_TIME_DAYS: i64 = 90;

/// What the sources say about one of the draft's figures, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftVerdict {
    /// The sources agree with each other and not with the draft (or no source gives the
    /// draft's figure while they disagree among themselves).
    Contradicted,
    /// The sources disagree among themselves; the draft sides with some of them.
    Disputed,
    /// The draft's figure appears in the sources under another period, or the sources
    /// disagree on its period.
    PeriodMismatch,
    /// Every source that speaks of the figure agrees with it.
    Supported,
    /// No source speaks of it.
    Unverified,
}

impl DraftVerdict {
    pub const ALL: [DraftVerdict; 5] = [
        DraftVerdict::Contradicted,
        DraftVerdict::Disputed,
        DraftVerdict::PeriodMismatch,
        DraftVerdict::Supported,
        DraftVerdict::Unverified,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            DraftVerdict::Contradicted => "contradicted",
            DraftVerdict::Disputed => "disputed",
            DraftVerdict::PeriodMismatch => "period_mismatch",
            DraftVerdict::Supported => "supported",
            DraftVerdict::Unverified => "unverified",
        }
    }

    pub fn severity(&self) -> Severity {
        match self {
            DraftVerdict::Contradicted => Severity::Error,
            DraftVerdict::Disputed | DraftVerdict::PeriodMismatch => Severity::Warning,
            DraftVerdict::Supported | DraftVerdict::Unverified => Severity::Info,
        }
    }
}

/// How a source figure relates to the draft's figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// It speaks of the same thing at the same time: it decides the verdict.
    Speaks,
    /// It gives a matching figure for another period.
    OtherPeriod,
    /// It gave a matching figure that a newer one has replaced.
    Replaced,
}

impl Relation {
    pub fn as_str(&self) -> &'static str {
        match self {
            Relation::Speaks => "speaks",
            Relation::OtherPeriod => "other_period",
            Relation::Replaced => "replaced",
        }
    }
}

/// A place in a file, 1-based, columns in characters, end column just past the last character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Region {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// One source figure shown beside a draft figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The claim as the corpus compared it (interval from the key's widths).
    pub claim: ComparedClaim,
    /// The source's path, for locations in lint output.
    pub path: String,
    /// Does its interval share a value with the draft's?
    pub agrees: bool,
    pub relation: Relation,
    /// Where its sentence is, when the source text was at hand.
    pub sentence: Option<Region>,
}

/// Why a finding is quiet: a human decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Quiet {
    /// `<!-- reconcile-ignore KEY: reason -->` in the draft.
    InSource { reason: String, line: usize },
    /// Listed in the baseline file.
    Baseline,
}

/// How independent the sources that speak of a draft figure are: copies of one story count
/// as one origin. Set for `supported`, `disputed` and `contradicted` findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origins {
    /// Independent origins among the sources that speak of the figure.
    pub independent: usize,
    /// Distinct sources that speak of it.
    pub sources: usize,
    /// Independent origins among those that agree with the draft…
    pub agreeing: usize,
    /// …and among those that do not.
    pub disagreeing: usize,
    /// The speaking sources grouped by origin, sorted.
    pub groups: Vec<Vec<String>>,
    /// Plain words on the copies among them (`004 appears to copy 000: 12 of 13 figures
    /// shared`), or `None` when every source is its own origin.
    pub copies: Option<String>,
}

impl Origins {
    fn of(sources: &[Evidence], copies: &[CopyGroup]) -> Origins {
        let ids = |agree: Option<bool>| -> Vec<&str> {
            let set: BTreeSet<&str> = sources
                .iter()
                .filter(|e| e.relation == Relation::Speaks)
                .filter(|e| agree.map_or(true, |a| e.agrees == a))
                .map(|e| e.claim.claim.source())
                .collect();
            set.into_iter().collect()
        };
        let all = ids(None);
        Origins {
            independent: independent_origins(&all, copies),
            sources: all.len(),
            agreeing: independent_origins(&ids(Some(true)), copies),
            disagreeing: independent_origins(&ids(Some(false)), copies),
            groups: origins(&all, copies),
            copies: copies_words(&all, copies),
        }
    }
}

/// One figure of the draft, judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftFinding {
    /// The draft's path as the user gave it.
    pub path: String,
    /// `None` when no rule maps the figure.
    pub key: Option<String>,
    pub label: Option<String>,
    pub verdict: DraftVerdict,
    pub message: String,
    /// The draft's figure, where it is and what it says.
    pub draft: Located,
    /// The values the draft's figure allows (with the key's widths); `None` without a key.
    pub interval: Option<Interval>,
    /// The source figures that decided the verdict, then those that explain it.
    pub sources: Vec<Evidence>,
    /// How many independent origins those sources are (supported, disputed, contradicted).
    pub origins: Option<Origins>,
    pub quiet: Option<Quiet>,
    /// Key + the draft's figure + the sources' figures; no positions, so moving text keeps it.
    pub fingerprint: String,
}

impl DraftFinding {
    pub fn severity(&self) -> Severity {
        self.verdict.severity()
    }

    /// The draft figure as a reader would say it (`around 4,000`).
    pub fn figure(&self) -> String {
        located_figure(&self.draft, self.interval)
    }

    /// The evidence that disagrees with the draft: what lint points at.
    pub fn disagreeing(&self) -> impl Iterator<Item = &Evidence> {
        let verdict = self.verdict;
        self.sources.iter().filter(move |e| match verdict {
            DraftVerdict::PeriodMismatch => e.relation == Relation::OtherPeriod || !e.agrees,
            _ => !e.agrees,
        })
    }
}

/// The corpus a draft is checked against: its reconciliation, its rules and (optionally) its
/// texts, for pointing at sentences.
pub struct Corpus<'a> {
    pub rec: &'a Reconciliation,
    pub rules: &'a RuleSet,
    texts: BTreeMap<&'a str, (&'a Source, LineIndex)>,
    paths: BTreeMap<&'a str, &'a str>,
}

impl<'a> Corpus<'a> {
    pub fn new(rec: &'a Reconciliation, rules: &'a RuleSet, sources: &'a [Source]) -> Self {
        let texts = sources
            .iter()
            .map(|s| (s.id.as_str(), (s, LineIndex::new(&s.original))))
            .collect();
        let paths = rec.sources.iter().map(|s| (s.id, s.path)).collect();
        Corpus {
            rec,
            rules,
            texts,
            paths,
        }
    }

    fn finding(&self, key: &str) -> Option<&'a Finding> {
        self.rec.findings.iter().find(|f| f.key == key)
    }

    fn sentence(&self, c: &Claim) -> Option<Region> {
        let (src, index) = self.texts.get(c.source())?;
        let span = c.at.mention.sentence;
        let text = &src.original;
        if span.end > text.len() || span.start > span.end {
            return None;
        }
        let (line, column) = index.line_col(text, span.start);
        let (end_line, end_column) = index.line_col(text, span.end);
        Some(Region {
            line,
            column,
            end_line,
            end_column,
        })
    }

    fn evidence(&self, c: &ComparedClaim, draft: &Interval, relation: Relation) -> Evidence {
        Evidence {
            claim: c.clone(),
            path: self
                .paths
                .get(c.claim.source())
                .map(|p| p.to_string())
                .unwrap_or_else(|| c.claim.source().to_string()),
            agrees: draft.overlaps(&c.interval),
            relation,
            sentence: self.sentence(&c.claim),
        }
    }
}

/// Judge every figure of `draft` (already extracted and normalized into `drafted`) against
/// `corpus`, in the draft's order, with the draft's suppressions applied.
pub fn check(draft: &Source, drafted: Normalized, corpus: &Corpus) -> Vec<DraftFinding> {
    let path = draft.path.display().to_string();
    let mut out: Vec<DraftFinding> = Vec::new();
    for claim in drafted.claims {
        let finding = match corpus.rules.key(&claim.key) {
            Some(key) => judge(&path, claim, key, corpus),
            None => unverified(
                &path,
                Some(claim.key.clone()),
                claim.at,
                "no rule defines it",
            ),
        };
        out.push(finding);
    }
    for u in drafted.unmapped {
        let why = if u.ambiguous.is_empty() {
            "no rule maps this figure to a key".to_string()
        } else {
            format!(
                "claimed by {} keys ({}); no rule tells them apart",
                u.ambiguous.len(),
                u.ambiguous.join(", ")
            )
        };
        out.push(unverified(&path, None, u.at, &why));
    }
    out.sort_by(|a, b| {
        (a.draft.line, a.draft.column, &a.key).cmp(&(b.draft.line, b.draft.column, &b.key))
    });
    apply_suppressions(&mut out, draft);
    out
}

/// Silence the findings a `reconcile-ignore` comment in the draft names.
pub fn apply_suppressions(findings: &mut [DraftFinding], draft: &Source) {
    for f in findings.iter_mut() {
        let Some(key) = &f.key else { continue };
        let span = f.draft.mention.span;
        if let Some(s) = draft
            .suppressions
            .iter()
            .find(|s| (&s.key == key || s.key == "*") && s.applies_to.contains(span))
        {
            f.quiet = Some(Quiet::InSource {
                reason: s.reason.clone(),
                line: s.line,
            });
        }
    }
}

/// The draft's suppressions that silence nothing: a misspelt key, or a comment that drifted
/// away from its paragraph. Worth a warning, since the human's decision is not applied.
pub fn unused_suppressions<'a>(
    draft: &'a Source,
    findings: &[DraftFinding],
) -> Vec<&'a crate::source::Suppression> {
    draft
        .suppressions
        .iter()
        .filter(|s| {
            !findings.iter().any(|f| {
                f.key.as_deref().is_some_and(|k| s.key == k || s.key == "*")
                    && s.applies_to.contains(f.draft.mention.span)
            })
        })
        .collect()
}

fn unverified(path: &str, key: Option<String>, at: Located, why: &str) -> DraftFinding {
    let mut f = DraftFinding {
        path: path.to_string(),
        label: None,
        verdict: DraftVerdict::Unverified,
        message: format!("{}: {why}", located_figure(&at, None)),
        draft: at,
        interval: None,
        sources: Vec::new(),
        origins: None,
        quiet: None,
        fingerprint: String::new(),
        key,
    };
    f.fingerprint = fingerprint(&f);
    f
}

fn widths(key: &Key) -> Widths {
    Widths {
        tolerance: key.tolerance,
        approx: key.approx,
        slack: key.slack,
    }
}

/// What `against` found among the claims that speak of the figure.
struct Stance {
    verdict: DraftVerdict,
    /// More than one cluster among the sources.
    split: bool,
}

/// Supported, contradicted or disputed, among the claims at `idx`.
fn against(draft: &Interval, claims: &[ComparedClaim], idx: &[usize]) -> Stance {
    let intervals: Vec<Interval> = idx.iter().map(|&i| claims[i].interval).collect();
    let local = clusters(&intervals);
    let split = local.iter().any(|&c| c != local[0]);
    let agrees = intervals.iter().any(|iv| draft.overlaps(iv));
    let verdict = match (split, agrees) {
        (_, false) => DraftVerdict::Contradicted,
        (false, true) => DraftVerdict::Supported,
        (true, true) => DraftVerdict::Disputed,
    };
    Stance { verdict, split }
}

fn judge(path: &str, claim: Claim, key: &Key, corpus: &Corpus) -> DraftFinding {
    let interval = Interval::of(
        claim.value(),
        claim.at.mention.upper,
        claim.hedge(),
        widths(key),
    );
    let label = key.label("en").to_string();
    let mut f = DraftFinding {
        path: path.to_string(),
        key: Some(key.id.clone()),
        label: Some(label.clone()),
        verdict: DraftVerdict::Unverified,
        message: String::new(),
        draft: claim.at.clone(),
        interval: Some(interval),
        sources: Vec::new(),
        origins: None,
        quiet: None,
        fingerprint: String::new(),
    };
    let fig = f.figure();
    match corpus.finding(&key.id) {
        None => f.message = format!("{fig}: no source gives a figure for {label}"),
        Some(finding) => {
            let claims = &finding.claims;
            match key.kind {
                KeyKind::Flow => flow(&mut f, &claim, &interval, claims, corpus),
                KeyKind::Stock | KeyKind::Target => {
                    over_time(&mut f, &claim, &interval, claims, corpus)
                }
                KeyKind::Count | KeyKind::Share => {
                    let all: Vec<usize> = (0..claims.len()).collect();
                    let stance = against(&interval, claims, &all);
                    f.verdict = stance.verdict;
                    f.sources = all
                        .iter()
                        .map(|&i| corpus.evidence(&claims[i], &interval, Relation::Speaks))
                        .collect();
                    f.message = stance_message(&fig, &stance, &f.sources, &corpus.rec.copies);
                }
            }
        }
    }
    if matches!(
        f.verdict,
        DraftVerdict::Supported | DraftVerdict::Disputed | DraftVerdict::Contradicted
    ) && f.sources.iter().any(|e| e.relation == Relation::Speaks)
    {
        f.origins = Some(Origins::of(&f.sources, &corpus.rec.copies));
    }
    f.fingerprint = fingerprint(&f);
    f
}

fn is_whole(p: &Period) -> bool {
    !matches!(p.kind, PeriodKind::Months | PeriodKind::AsOf)
}

/// The latest whole period among `periods` that ended by `as_of` (any, when `as_of` is `None`).
fn assumed_period(periods: &[Option<Period>], as_of: Option<NaiveDate>) -> Option<Period> {
    periods
        .iter()
        .flatten()
        .filter(|p| is_whole(p) && as_of.map_or(true, |d| p.end <= d))
        .max_by_key(|p| (p.end, std::cmp::Reverse(p.start)))
        .copied()
}

fn flow(
    f: &mut DraftFinding,
    draft: &Claim,
    interval: &Interval,
    claims: &[ComparedClaim],
    corpus: &Corpus,
) {
    let fig = f.figure();
    let periods: Vec<Option<Period>> = claims.iter().map(|c| c.claim.period()).collect();
    // Source flows without a period are read as their latest whole period, as `compare` does.
    let effective: Vec<Option<Period>> = claims
        .iter()
        .zip(&periods)
        .map(|(c, p)| {
            p.or_else(|| {
                c.claim
                    .as_of
                    .and_then(|d| assumed_period(&periods, Some(d)))
            })
        })
        .collect();
    // A draft has no publication date of its own unless it says so: read an undated draft
    // figure as the latest whole period the sources report.
    let period = draft
        .period()
        .or_else(|| assumed_period(&periods, draft.as_of));
    let same: Vec<usize> = (0..claims.len())
        .filter(|&i| effective[i] == period)
        .collect();
    let speaks_of_period = |src: &str| same.iter().any(|&i| claims[i].claim.source() == src);
    // Source figures matching the draft's under another period; `apart` are those whose
    // period does not even overlap the draft's (January–May is part of the year, 2023 is not).
    let elsewhere: Vec<usize> = (0..claims.len())
        .filter(|&i| match (period, effective[i]) {
            (Some(p), Some(q)) => p != q && interval.overlaps(&claims[i].interval),
            _ => false,
        })
        .collect();
    let apart = |i: &usize| match (period, effective[*i]) {
        (Some(p), Some(q)) => !p.overlaps(&q),
        _ => false,
    };
    let when = period
        .map(|p| format!(" for {p}"))
        .unwrap_or_else(|| " with no period".into());
    let mut sources: Vec<Evidence> = same
        .iter()
        .map(|&i| corpus.evidence(&claims[i], interval, Relation::Speaks))
        .collect();

    if same.is_empty() {
        if elsewhere.is_empty() {
            f.verdict = DraftVerdict::Unverified;
            f.message = format!(
                "{fig}{when}: no source gives {} for that period",
                f.label.as_deref().unwrap_or("it")
            );
            return;
        }
        sources.extend(
            elsewhere
                .iter()
                .map(|&i| corpus.evidence(&claims[i], interval, Relation::OtherPeriod)),
        );
        f.verdict = DraftVerdict::PeriodMismatch;
        f.message = format!(
            "{fig}{when}: the sources give it {}, not{when}",
            periods_with_sources(claims, &effective, &elsewhere)
        );
        f.sources = sources;
        return;
    }

    let stance = against(interval, claims, &same);
    // Another source dates the draft's figure to another period and says nothing of this one:
    // the sources disagree on the period.
    let redated: Vec<usize> = elsewhere
        .iter()
        .copied()
        .filter(apart)
        .filter(|&i| !speaks_of_period(claims[i].claim.source()))
        .collect();
    let mut message = stance_message(
        &format!("{fig}{when}"),
        &stance,
        &sources,
        &corpus.rec.copies,
    );
    match stance.verdict {
        DraftVerdict::Supported | DraftVerdict::Disputed if !redated.is_empty() => {
            f.verdict = DraftVerdict::PeriodMismatch;
            message = format!(
                "{message}; but the sources disagree on the period: {}",
                periods_with_sources(claims, &effective, &redated)
            );
            sources.extend(
                redated
                    .iter()
                    .map(|&i| corpus.evidence(&claims[i], interval, Relation::OtherPeriod)),
            );
        }
        DraftVerdict::Contradicted if !elsewhere.is_empty() => {
            f.verdict = DraftVerdict::Contradicted;
            message = format!(
                "{message}; the sources give {fig} {}",
                periods_with_sources(claims, &effective, &elsewhere)
            );
            sources.extend(
                elsewhere
                    .iter()
                    .map(|&i| corpus.evidence(&claims[i], interval, Relation::OtherPeriod)),
            );
        }
        v => f.verdict = v,
    }
    f.message = message;
    f.sources = sources;
}

/// `for 2023 (000) and for 2024-01..2024-05 (000, 004)`
fn periods_with_sources(
    claims: &[ComparedClaim],
    effective: &[Option<Period>],
    idx: &[usize],
) -> String {
    let mut by: BTreeMap<Option<Period>, BTreeSet<&str>> = BTreeMap::new();
    for &i in idx {
        by.entry(effective[i])
            .or_default()
            .insert(short_id(claims[i].claim.source()));
    }
    let parts: Vec<String> = by
        .into_iter()
        .map(|(p, s)| {
            let p = p
                .map(|p| p.to_string())
                .unwrap_or_else(|| "no period".into());
            format!("for {p} ({})", s.into_iter().collect::<Vec<_>>().join(", "))
        })
        .collect();
    and_list(&parts)
}

fn over_time(
    f: &mut DraftFinding,
    draft: &Claim,
    interval: &Interval,
    claims: &[ComparedClaim],
    corpus: &Corpus,
) {
    let fig = f.figure();
    let current: Vec<usize> = (0..claims.len())
        .filter(|&i| claims[i].superseded_by.is_none())
        .collect();
    // A draft figure with its own date speaks of that time, if the sources do too.
    let dated = draft.period().and(draft.as_of).map(|d| {
        (0..claims.len())
            .filter(|&i| {
                claims[i]
                    .claim
                    .as_of
                    .is_some_and(|s| (s - d).num_days().abs() <= SAME_TIME_DAYS)
            })
            .collect::<Vec<_>>()
    });
    let relevant = match dated {
        Some(at_time) if !at_time.is_empty() => at_time,
        _ => current,
    };
    let stance = against(interval, claims, &relevant);
    let mut sources: Vec<Evidence> = relevant
        .iter()
        .map(|&i| corpus.evidence(&claims[i], interval, Relation::Speaks))
        .collect();
    let mut message = stance_message(&fig, &stance, &sources, &corpus.rec.copies);
    f.verdict = stance.verdict;
    if stance.verdict == DraftVerdict::Contradicted {
        let replaced: Vec<usize> = (0..claims.len())
            .filter(|i| !relevant.contains(i))
            .filter(|&i| interval.overlaps(&claims[i].interval))
            .collect();
        if !replaced.is_empty() {
            let by: BTreeSet<&str> = replaced
                .iter()
                .filter_map(|&i| claims[i].superseded_by.as_deref())
                .collect();
            message = format!(
                "{message}; {} was the figure in {} until {} replaced it",
                fig,
                source_list(replaced.iter().map(|&i| claims[i].claim.source())),
                if by.is_empty() {
                    "a newer one".to_string()
                } else {
                    by.into_iter().collect::<Vec<_>>().join(", ")
                }
            );
            sources.extend(
                replaced
                    .iter()
                    .map(|&i| corpus.evidence(&claims[i], interval, Relation::Replaced)),
            );
        }
    }
    f.message = message;
    f.sources = sources;
}

/// The one-line message for a stance over the evidence that speaks of the figure. When some
/// of those sources are copies of one origin, the message says how many origins they are:
/// `3,538 agrees with 3,500 (000) and 3,538 (004), which appear to be one origin: 004 appears
/// to copy 000 (12 of 13 figures shared)`.
fn stance_message(
    fig: &str,
    stance: &Stance,
    sources: &[Evidence],
    copies: &[CopyGroup],
) -> String {
    let speaking: Vec<&Evidence> = sources
        .iter()
        .filter(|e| e.relation == Relation::Speaks)
        .collect();
    let agreeing: Vec<&Evidence> = speaking.iter().copied().filter(|e| e.agrees).collect();
    let other: Vec<&Evidence> = speaking.iter().copied().filter(|e| !e.agrees).collect();
    let ids = |es: &[&Evidence]| -> Vec<String> {
        let set: BTreeSet<&str> = es.iter().map(|e| e.claim.claim.source()).collect();
        set.into_iter().map(str::to_string).collect()
    };
    // `, which appear to be one origin (<copies>)` for one side, when it holds copies
    let side = |es: &[&Evidence]| -> String {
        let ids = ids(es);
        match copies_words(&ids, copies) {
            Some(words) => format!(", {} ({words})", origins_words(&ids, copies)),
            None => String::new(),
        }
    };
    match stance.verdict {
        DraftVerdict::Supported => {
            format!(
                "{fig} agrees with {}{}",
                figures(&agreeing),
                side(&agreeing)
            )
        }
        DraftVerdict::Contradicted if stance.split => format!(
            "{fig} agrees with no source, and the sources disagree among themselves: {}{}",
            figures(&other),
            side(&other)
        ),
        DraftVerdict::Contradicted => {
            format!("{fig} disagrees with {}{}", figures(&other), side(&other))
        }
        DraftVerdict::Disputed => {
            let mut m = format!(
                "sources disagree: {fig} sides with {} against {}",
                figures(&agreeing),
                figures(&other)
            );
            let (yes, no, all) = (ids(&agreeing), ids(&other), ids(&speaking));
            if let Some(words) = copies_words(&all, copies) {
                // copies of one origin on both sides: the origin disagrees with its copy
                let both: Vec<Vec<String>> = origins(&all, copies)
                    .into_iter()
                    .filter(|g| {
                        g.iter().any(|s| yes.contains(s)) && g.iter().any(|s| no.contains(s))
                    })
                    .collect();
                if both.is_empty() {
                    let (a, b) = (
                        independent_origins(&yes, copies),
                        independent_origins(&no, copies),
                    );
                    m.push_str(&format!(
                        "; that is {a} {} against {b} ({words})",
                        if a == 1 { "origin" } else { "origins" }
                    ));
                } else {
                    let groups: Vec<String> = both
                        .iter()
                        .map(|g| {
                            and_list(
                                &g.iter()
                                    .map(|s| short_id(s).to_string())
                                    .collect::<Vec<_>>(),
                            )
                        })
                        .collect();
                    m.push_str(&format!(
                        "; but {} {} ({words})",
                        groups.join(", and "),
                        if groups.len() == 1 {
                            "appear to be one origin"
                        } else {
                            "appear to be one origin each"
                        }
                    ));
                }
            }
            m
        }
        DraftVerdict::PeriodMismatch | DraftVerdict::Unverified => fig.to_string(),
    }
}

/// The copies among `ids` in plain words, one clause per copy group with two or more of them:
/// `004 appears to copy 000: 12 of 13 figures shared`; `None` when each is its own origin.
fn copies_words<S: AsRef<str>>(ids: &[S], copies: &[CopyGroup]) -> Option<String> {
    let clauses: Vec<String> = copies
        .iter()
        .filter_map(|g| {
            let here: Vec<&str> = g
                .sources
                .iter()
                .map(|m| &**m)
                .filter(|m| ids.iter().any(|i| i.as_ref() == *m))
                .collect();
            if here.len() < 2 {
                return None;
            }
            let shared = format!("{} of {} figures shared", g.shared, g.of);
            Some(match g.origin.as_deref().filter(|o| here.contains(o)) {
                Some(o) => {
                    let rest: Vec<String> = here
                        .iter()
                        .filter(|m| **m != o)
                        .map(|m| short_id(m).to_string())
                        .collect();
                    let verb = if rest.len() == 1 {
                        "appears to copy"
                    } else {
                        "appear to copy"
                    };
                    format!("{} {verb} {}: {shared}", and_list(&rest), short_id(o))
                }
                None => {
                    let all: Vec<String> = here.iter().map(|m| short_id(m).to_string()).collect();
                    format!("{} appear to share one origin: {shared}", and_list(&all))
                }
            })
        })
        .collect();
    (!clauses.is_empty()).then(|| clauses.join("; "))
}

/// `which appear to be one origin` / `which are 2 independent origins`.
fn origins_words(ids: &[String], copies: &[CopyGroup]) -> String {
    match independent_origins(ids, copies) {
        1 => "which appear to be one origin".to_string(),
        n => format!("which are {n} independent origins"),
    }
}

/// `around 3,500 (000) and 3,538 (004)`: the distinct figures, each with its sources.
fn figures(evidence: &[&Evidence]) -> String {
    let mut seen: Vec<(String, BTreeSet<&str>)> = Vec::new();
    for e in evidence {
        let f = figure(&e.claim);
        let src = short_id(e.claim.claim.source());
        match seen.iter_mut().find(|(g, _)| *g == f) {
            Some((_, s)) => {
                s.insert(src);
            }
            None => seen.push((f, BTreeSet::from([src]))),
        }
    }
    let parts: Vec<String> = seen
        .into_iter()
        .map(|(f, s)| format!("{f} ({})", s.into_iter().collect::<Vec<_>>().join(", ")))
        .collect();
    and_list(&parts)
}

fn source_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let set: BTreeSet<&str> = ids.map(short_id).collect();
    set.into_iter().collect::<Vec<_>>().join(", ")
}

fn and_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A draft figure as a reader would say it, through the same words `compare` uses.
fn located_figure(at: &Located, interval: Option<Interval>) -> String {
    let c = ComparedClaim {
        claim: Claim {
            key: String::new(),
            at: at.clone(),
            as_of: None,
            evidence: Vec::new(),
        },
        interval: interval.unwrap_or(Interval::UNBOUNDED),
        cluster: 0,
        superseded_by: None,
    };
    figure(&c)
}

/// A stable fingerprint: the key, the draft's figure (value, range end, hedge, unit, period)
/// and the sources' figures, sorted. Line numbers and sentences are left out so that moving or
/// rewording text around a figure keeps an accepted finding accepted.
pub fn fingerprint(f: &DraftFinding) -> String {
    let m = &f.draft.mention;
    let mut text = format!(
        "v1|{}|{}|{}",
        f.key.as_deref().unwrap_or(""),
        f.verdict.as_str(),
        figure_fields(m.value, m.upper, m.hedge.as_str(), m.unit.name(), m.period)
    );
    let sources: BTreeSet<String> = f
        .sources
        .iter()
        .map(|e| {
            let m = &e.claim.claim.at.mention;
            format!(
                "{}={}",
                e.claim.claim.source(),
                figure_fields(m.value, m.upper, m.hedge.as_str(), m.unit.name(), m.period)
            )
        })
        .collect();
    for s in sources {
        text.push('|');
        text.push_str(&s);
    }
    format!("{:016x}", fnv1a(text.as_bytes()))
}

fn figure_fields(
    value: Option<f64>,
    upper: Option<f64>,
    hedge: &str,
    unit: &str,
    period: Option<Period>,
) -> String {
    let num = |v: Option<f64>| v.map(|v| format!("{v:?}")).unwrap_or_default();
    let period = period.map(|p| p.to_string()).unwrap_or_default();
    format!("{}:{}:{hedge}:{unit}:{period}", num(value), num(upper))
}

/// FNV-1a, 64 bits: tiny, stable across platforms and releases (unlike `DefaultHasher`).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_order_by_severity() {
        assert!(DraftVerdict::Contradicted < DraftVerdict::Disputed);
        assert_eq!(DraftVerdict::Contradicted.severity(), Severity::Error);
        assert_eq!(DraftVerdict::PeriodMismatch.severity(), Severity::Warning);
        assert_eq!(DraftVerdict::Unverified.severity(), Severity::Info);
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
