//! One key's verdict. Why stocks, flows and targets compare differently:
//!
//! - A **flow** (trade in 2024) is an amount over a period, so only figures about the same
//!   period can contradict each other; January–May and the whole year never do. The same
//!   figure attributed to different periods by different sources is a `period_conflict`.
//!   A flow figure with no stated period is read as the latest whole period reported before
//!   its publication ("trade currently stands at $5 billion", published mid-2025, is 2024's).
//! - A **stock** (companies operating) or a **target** is a level at a date, so figures are
//!   ordered by as-of date. Figures stated within [`SAME_TIME_DAYS`] of each other describe the
//!   same moment and must agree; a later figure that differs from an earlier one replaces it
//!   (`superseded`), which is news, not a contradiction.
//! - A **count** of events or a **share** is compared across all sources at once: "almost 20
//!   visits" and "more than 20 visits" cannot both be true whenever they were written.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::interval::{clusters, Interval, Widths};
use super::message::{self, Weights};
use super::{ComparedClaim, Finding, Verdict};
use crate::extract::{Period, PeriodKind};
use crate::normalize::Claim;
use crate::rules::{Key, KeyKind};

/// Figures of a stock or target stated this close together describe the same moment.
pub const SAME_TIME_DAYS: i64 = 90;

/// What one group of claims (a period, a moment, or all of them) says.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Outcome {
    /// Every claim agrees (or only one source speaks).
    Agree,
    /// The claims split into disjoint clusters.
    Conflict { claims: Vec<usize> },
    /// Claims `a` and `b` give the same figure for different periods.
    PeriodConflict { a: usize, b: usize },
    /// Older claims replaced by newer ones.
    Superseded { old: Vec<usize>, new: Vec<usize> },
}

/// A key judged but not yet put into words: the verdict, the outcome that decided it, and
/// the groups of claims that were compared with each other (a period, a moment, or all).
#[derive(Debug, Clone)]
pub(super) struct Judged {
    pub finding: Finding,
    pub worst: Option<Outcome>,
    /// Indices into `finding.claims`; every claim is in exactly one group.
    pub groups: Vec<Vec<usize>>,
}

impl Judged {
    /// Put the finding into words, weighing sources by `weights`.
    pub fn describe(mut self, weights: &Weights) -> Finding {
        let (message, suggested) = message::describe(
            self.finding.kind,
            self.finding.verdict,
            self.worst.as_ref(),
            &self.finding.claims,
            weights,
        );
        self.finding.message = message;
        self.finding.suggested = suggested;
        self.finding
    }
}

pub(super) fn judge(key: &Key, mut claims: Vec<Claim>) -> Judged {
    claims.sort_by(|a, b| {
        a.as_of
            .cmp(&b.as_of)
            .then_with(|| a.at.source.cmp(&b.at.source))
            .then_with(|| (a.at.line, a.at.column).cmp(&(b.at.line, b.at.column)))
    });
    let widths = Widths {
        tolerance: key.tolerance,
        approx: key.approx,
        slack: key.slack,
    };
    let intervals: Vec<Interval> = claims
        .iter()
        .map(|c| Interval::of(c.value(), c.at.mention.upper, c.hedge(), widths))
        .collect();
    let cluster = clusters(&intervals);
    let mut compared: Vec<ComparedClaim> = claims
        .into_iter()
        .zip(intervals)
        .zip(cluster)
        .map(|((claim, interval), cluster)| ComparedClaim {
            claim,
            interval,
            cluster,
            superseded_by: None,
        })
        .collect();

    let (outcomes, groups) = match key.kind {
        KeyKind::Flow => by_period(&compared),
        KeyKind::Stock | KeyKind::Target => over_time(&compared),
        KeyKind::Count | KeyKind::Share => {
            let all: Vec<usize> = (0..compared.len()).collect();
            (vec![together(&compared, &all)], vec![all])
        }
    };
    let sources: BTreeSet<&str> = compared.iter().map(|c| c.claim.source()).collect();
    let verdict = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Conflict { .. } => Verdict::Conflict,
            Outcome::PeriodConflict { .. } => Verdict::PeriodConflict,
            Outcome::Superseded { .. } => Verdict::Superseded,
            Outcome::Agree if sources.len() < 2 => Verdict::SingleSource,
            Outcome::Agree => Verdict::Agree,
        })
        .min()
        .unwrap_or(Verdict::SingleSource);
    let worst = outcomes.iter().find(|o| match verdict {
        Verdict::Conflict => matches!(o, Outcome::Conflict { .. }),
        Verdict::PeriodConflict => matches!(o, Outcome::PeriodConflict { .. }),
        Verdict::Superseded => matches!(o, Outcome::Superseded { .. }),
        _ => false,
    });
    if let Some(Outcome::Superseded { old, new }) = worst {
        let newer = message::source_list(new.iter().map(|&i| compared[i].claim.source()));
        for &i in old {
            compared[i].superseded_by = Some(newer.clone());
        }
    }
    // A stock's conflict is told with every figure, so the reader sees the whole picture
    // ("4,000 disagrees with 3,500 and 3,538"); a flow's only with its own period's.
    let worst = match worst {
        Some(Outcome::Conflict { .. }) if key.kind != KeyKind::Flow => Some(Outcome::Conflict {
            claims: (0..compared.len()).collect(),
        }),
        other => other.cloned(),
    };
    Judged {
        finding: Finding {
            key: key.id.clone(),
            label: key.label("en").to_string(),
            unit: key.unit.clone(),
            kind: key.kind,
            verdict,
            severity: verdict.severity(),
            message: String::new(),
            suggested: None,
            claims: compared,
        },
        worst,
        groups,
    }
}

/// Agree or conflict among the claims at `idx`.
fn together(claims: &[ComparedClaim], idx: &[usize]) -> Outcome {
    let intervals: Vec<Interval> = idx.iter().map(|&i| claims[i].interval).collect();
    let local = clusters(&intervals);
    if local.iter().any(|&c| c != local[0]) {
        Outcome::Conflict {
            claims: idx.to_vec(),
        }
    } else {
        Outcome::Agree
    }
}

fn is_whole(p: &Period) -> bool {
    !matches!(p.kind, PeriodKind::Months | PeriodKind::AsOf)
}

/// What a period conflict test reads of a claim: its period, its interval (bits and
/// openness) and the periods its source speaks of.
type Kind = (Period, [u64; 2], bool, bool, Vec<Period>);

/// Flows: compare within each period; look for one figure given different periods.
fn by_period(claims: &[ComparedClaim]) -> (Vec<Outcome>, Vec<Vec<usize>>) {
    let periods: Vec<Option<Period>> = claims.iter().map(|c| c.claim.period()).collect();
    // Distinct periods are few even when claims are many; look assumptions up among them.
    let distinct: BTreeSet<Period> = periods.iter().flatten().copied().collect();
    let group_of: Vec<Option<Period>> = claims
        .iter()
        .zip(&periods)
        .map(|(c, p)| p.or_else(|| assumed_period(&distinct, c.claim.as_of)))
        .collect();
    let mut groups: BTreeMap<Option<Period>, Vec<usize>> = BTreeMap::new();
    for (i, p) in group_of.iter().enumerate() {
        groups.entry(*p).or_default().push(i);
    }
    let mut out: Vec<Outcome> = groups.values().map(|idx| together(claims, idx)).collect();

    // Which sources speak of each period: one set lookup per pair instead of a scan.
    let mut speakers: BTreeMap<Period, BTreeSet<&str>> = BTreeMap::new();
    for (c, p) in claims.iter().zip(&group_of) {
        if let Some(p) = p {
            speakers.entry(*p).or_default().insert(c.claim.source());
        }
    }
    // The periods each source speaks of.
    let mut spoken: BTreeMap<&str, BTreeSet<Period>> = BTreeMap::new();
    for (p, who) in &speakers {
        for s in who {
            spoken.entry(s).or_default().insert(*p);
        }
    }
    // Claims that are alike in everything the test below reads (period, interval and the
    // periods their source speaks of) pass or fail it together, so it runs on kinds of
    // claims, not on every pair: only the first pair found is ever told.
    let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
    for (i, (c, p)) in claims.iter().zip(&group_of).enumerate() {
        let Some(p) = p else { continue };
        let iv = &c.interval;
        let periods: Vec<Period> = spoken
            .get(c.claim.source())
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        let kind = (
            *p,
            [iv.lower.to_bits(), iv.upper.to_bits()],
            iv.lower_open,
            iv.upper_open,
            periods,
        );
        // Claims arrive in index order: the first of a kind is its smallest index.
        kinds.entry(kind).or_insert(i);
    }
    // Which pair is told is decided by content: the earliest statement first, then the kind
    // itself. Index order would break a same-day tie by source name, so a reprint filed
    // under a name that sorts first would change the figure told (and the suggestion).
    let mut kinds: Vec<(Option<NaiveDate>, Kind, usize)> = kinds
        .into_iter()
        .map(|(kind, i)| (claims[i].claim.as_of, kind, i))
        .collect();
    kinds.sort();
    let kinds: Vec<usize> = kinds.into_iter().map(|(_, _, i)| i).collect();
    let speaks_of =
        |source: &str, period: Period| speakers.get(&period).is_some_and(|s| s.contains(source));
    // Two claims tell the same figure for different periods when the periods do not overlap,
    // the figures do, and neither source speaks of the other's period.
    let conflicting = |a: usize, b: usize| {
        let (Some(pa), Some(pb)) = (group_of[a], group_of[b]) else {
            return false;
        };
        let (ca, cb) = (&claims[a], &claims[b]);
        // Two claims of different kinds that pass share no source: a source in both would
        // speak of both periods.
        !pa.overlaps(&pb)
            && ca.claim.source() != cb.claim.source()
            && ca.interval.overlaps(&cb.interval)
            && !speaks_of(ca.claim.source(), pb)
            && !speaks_of(cb.claim.source(), pa)
    };
    // Kinds are in rank order, so the first pair that passes is the one to tell.
    let first = kinds.iter().enumerate().find_map(|(n, &x)| {
        kinds[n + 1..]
            .iter()
            .map(|&y| (x.min(y), x.max(y)))
            .find(|&(a, b)| conflicting(a, b))
    });
    out.extend(first.map(|(a, b)| Outcome::PeriodConflict { a, b }));
    (out, groups.into_values().collect())
}

/// The latest whole period stated by any claim that ended by `as_of`.
fn assumed_period(periods: &BTreeSet<Period>, as_of: Option<NaiveDate>) -> Option<Period> {
    let as_of = as_of?;
    periods
        .iter()
        .filter(|p| is_whole(p) && p.end <= as_of)
        .max_by_key(|p| (p.end, std::cmp::Reverse(p.start)))
        .copied()
}

/// Stocks and targets: figures at the same moment must agree; later ones replace earlier ones.
fn over_time(claims: &[ComparedClaim]) -> (Vec<Outcome>, Vec<Vec<usize>>) {
    // Claims arrive sorted by as-of date (None first); a claim with no date joins the latest
    // moment, the one a reader would assume.
    let dated: Vec<(usize, NaiveDate)> = claims
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.claim.as_of.map(|d| (i, d)))
        .collect();
    let mut moments: Vec<Vec<usize>> = Vec::new();
    let mut last: Option<NaiveDate> = None;
    for &(i, d) in &dated {
        match (last, moments.last_mut()) {
            (Some(prev), Some(moment)) if (d - prev).num_days() <= SAME_TIME_DAYS => moment.push(i),
            _ => moments.push(vec![i]),
        }
        last = Some(d);
    }
    let undated = claims
        .iter()
        .enumerate()
        .filter(|(_, c)| c.claim.as_of.is_none());
    match moments.last_mut() {
        Some(latest) => latest.extend(undated.map(|(i, _)| i)),
        None => moments.push(undated.map(|(i, _)| i).collect()),
    }

    let mut out: Vec<Outcome> = moments.iter().map(|m| together(claims, m)).collect();
    if out.iter().all(|o| *o == Outcome::Agree) && moments.len() > 1 {
        let new = moments.last().cloned().unwrap_or_default();
        // The distinct intervals of the newest moment: many claims state few figures.
        let mut newest: Vec<Interval> = Vec::new();
        let mut seen = BTreeSet::new();
        for &j in &new {
            let iv = claims[j].interval;
            if seen.insert((
                iv.lower.to_bits(),
                iv.upper.to_bits(),
                iv.lower_open,
                iv.upper_open,
            )) {
                newest.push(iv);
            }
        }
        let old: Vec<usize> = moments[..moments.len() - 1]
            .iter()
            .flatten()
            .copied()
            .filter(|&i| !newest.iter().any(|iv| claims[i].interval.overlaps(iv)))
            .collect();
        if !old.is_empty() {
            out.push(Outcome::Superseded { old, new });
        }
    }
    moments.retain(|m| !m.is_empty());
    (out, moments)
}
