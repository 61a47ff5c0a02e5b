//! The words of a finding: a one-line message naming the sources, and a suggested value with
//! its reason. Plain words, because an editor reads them, not a statistician.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::copies;
use super::interval::Interval;
use super::judge::{Outcome, SAME_TIME_DAYS};
use super::truth::DEFAULT_TRUST;
use super::{ComparedClaim, CopyGroup, Suggestion, Verdict};
use crate::extract::{Hedge, Unit};
use crate::rules::KeyKind;

/// Source ids named like the seeds (`001_c7ebae0e9b69a8fa`: a prefix, `_`, a hash in hex
/// digits) are named by their prefix in prose; any other id is shown whole, so two files
/// called `forms_en` and `forms_tr` never both become `forms`. A suffix of decimal digits
/// alone is a number, not a hash, unless it is hash-long: `business_018` and `business_020`
/// stay apart.
pub fn short_id(id: &str) -> &str {
    match id.split_once('_') {
        Some((prefix, hash))
            if !prefix.is_empty()
                && hash.len() >= 2
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
                && (hash.len() >= 8 || hash.bytes().any(|b| b.is_ascii_alphabetic())) =>
        {
            prefix
        }
        _ => id,
    }
}

/// `001, 002` — distinct short ids, sorted.
pub(super) fn source_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let set: BTreeSet<&str> = ids.map(short_id).collect();
    set.into_iter().collect::<Vec<_>>().join(", ")
}

/// A figure as a reader would say it: `around 4,000`, `over $2.5 billion`, `85%`.
pub fn figure(c: &ComparedClaim) -> String {
    let m = &c.claim.at.mention;
    spoken(m.value, m.upper, &m.unit, m.hedge, &c.claim.at.text)
}

/// A figure as a reader would say it, from its parts: `around 4,000`, `over $2.5 billion`,
/// `85%`, `10–20`; `text` (the figure as written) when it has no value. A measure's unit is
/// left unsaid, as the sentence around the figure names it.
pub fn spoken(
    value: Option<f64>,
    upper: Option<f64>,
    unit: &Unit,
    hedge: Hedge,
    text: &str,
) -> String {
    let Some(v) = value else {
        return text.to_string();
    };
    let amount = |v: f64| {
        let n = crate::render::human_number(v);
        match unit {
            Unit::Percent => format!("{n}%"),
            Unit::Currency(code) => match crate::render::currency_sign(code) {
                Some(sign) => format!("{sign}{n}"),
                None => format!("{n} {code}"),
            },
            Unit::Count | Unit::Measure(_) => n,
        }
    };
    let word = match hedge {
        Hedge::Exact => "",
        Hedge::Approx => "around ",
        Hedge::Over => "over ",
        Hedge::Under => "under ",
        Hedge::Almost => "almost ",
        Hedge::AtLeast => "at least ",
        Hedge::AtMost => "up to ",
        Hedge::Range => {
            return match upper {
                Some(u) => format!("{}–{}", amount(v), amount(u)),
                None => amount(v),
            }
        }
    };
    format!("{word}{}", amount(v))
}

/// `around 3,500 (000) and 3,538 (004)`: the distinct figures among `idx`, each with its sources.
fn figures_with_sources(claims: &[ComparedClaim], idx: &[usize]) -> String {
    let mut seen: Vec<(String, BTreeSet<&str>)> = Vec::new();
    for &i in idx {
        let f = figure(&claims[i]);
        let src = short_id(claims[i].claim.source());
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

fn and_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// How much each source counts when the sides of a conflict are weighed: its trust (learned
/// with `--learn-trust`, else the manifest's prior, else [`DEFAULT_TRUST`]), counted once per
/// origin, because copies of one story are one witness.
#[derive(Debug, Clone)]
pub(crate) struct Weights<'a> {
    trust: BTreeMap<String, f64>,
    /// Whether `trust` was learned from the corpus (said so in the reasons).
    learned: bool,
    copies: &'a [CopyGroup],
    /// Which group each source is in.
    index: copies::CopyIndex<'a>,
    /// Each group's members published first (see [`first`]), by group position.
    firsts: Vec<BTreeSet<&'a str>>,
}

impl<'a> Weights<'a> {
    pub fn new(
        trust: BTreeMap<String, f64>,
        learned: bool,
        copies: &'a [CopyGroup],
        published: BTreeMap<String, NaiveDate>,
    ) -> Self {
        let firsts = copies.iter().map(|g| first(g, &published)).collect();
        Weights {
            trust,
            learned,
            copies,
            index: copies::CopyIndex::new(copies),
            firsts,
        }
    }

    /// Whether `source` is among the members of its copy group published first.
    fn is_first(&self, source: &str) -> bool {
        self.index
            .group_of(source)
            .and_then(|g| self.firsts.get(g))
            .is_some_and(|f| f.contains(source))
    }

    pub fn trust(&self, source: &str) -> f64 {
        self.trust.get(source).copied().unwrap_or(DEFAULT_TRUST)
    }

    fn origin<'s>(&self, source: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.index.origin(source)
    }
}

/// The members of `g` published first (all of them when several share the first date;
/// none when no member is dated). A same-day reprint stands beside its story, not below.
fn first<'g>(g: &'g CopyGroup, published: &BTreeMap<String, NaiveDate>) -> BTreeSet<&'g str> {
    let date = |m: &str| published.get(m).copied();
    let Some(first) = g.sources.iter().filter_map(|m| date(m)).min() else {
        return BTreeSet::new();
    };
    g.sources
        .iter()
        .map(|m| &**m)
        .filter(|m| date(m) == Some(first))
        .collect()
}

/// The copy groups that have a first-published member among `present`, by position.
fn groups_with_first_among(present: &BTreeSet<&str>, w: &Weights) -> BTreeSet<usize> {
    present
        .iter()
        .filter(|s| w.is_first(s))
        .filter_map(|s| w.index.group_of(s))
        .collect()
}

/// Relative width of a claim's interval, plus one for a hedge: smaller is more precise.
fn imprecision(c: &ComparedClaim) -> f64 {
    let v = c.claim.value().map(f64::abs).unwrap_or(0.0);
    if v == 0.0 || !c.interval.width().is_finite() {
        return f64::INFINITY;
    }
    let hedged = if c.claim.hedge() == Hedge::Exact {
        0.0
    } else {
        1.0
    };
    hedged + c.interval.width() / v
}

/// Is `me` a copy, with its group's first-published member among the sources present
/// (`with_first`, from [`groups_with_first_among`])? A copy's claim is the origin's restated,
/// so among equally precise claims the origin's is quoted.
fn copy_of_present_origin(me: &str, with_first: &BTreeSet<usize>, w: &Weights) -> bool {
    w.index
        .group_of(me)
        .is_some_and(|g| !w.is_first(me) && with_first.contains(&g))
}

/// The claim to quote among `idx`, by a total order on each claim's own merits (so the choice
/// never depends on input order, and a copy's claim never displaces an equal one): the most
/// precise; an origin's over its copy's; the newest; the most trusted source; the figure
/// stated by the most independent origins; the lowest value, then the lowest interval, then a
/// stated period; only then source id and position, which choose among identical claims.
fn most_precise(claims: &[ComparedClaim], idx: &[usize], w: &Weights) -> Option<usize> {
    // Each claim's own merits, computed once (the comparisons below run n·log n times).
    let mut stating: BTreeMap<(u64, u64, bool, bool), BTreeSet<&str>> = BTreeMap::new();
    let ikey = |i: usize| {
        let iv = &claims[i].interval;
        (
            iv.lower.to_bits(),
            iv.upper.to_bits(),
            iv.lower_open,
            iv.upper_open,
        )
    };
    for &i in idx {
        stating
            .entry(ikey(i))
            .or_default()
            .insert(claims[i].claim.source());
    }
    let with_first = groups_with_first_among(&sources_of(claims, idx), w);
    let origins_of: BTreeMap<_, usize> = stating
        .iter()
        .map(|(k, same)| {
            let same: Vec<&str> = same.iter().copied().collect();
            (*k, w.index.independent_origins(&same))
        })
        .collect();
    let merits: BTreeMap<usize, (bool, usize)> = idx
        .iter()
        .map(|&i| {
            (
                i,
                (
                    copy_of_present_origin(claims[i].claim.source(), &with_first, w),
                    origins_of.get(&ikey(i)).copied().unwrap_or(0),
                ),
            )
        })
        .collect();
    let is_copy = |i: usize| merits.get(&i).map(|m| m.0).unwrap_or(false);
    let origins_stating = |i: usize| merits.get(&i).map(|m| m.1).unwrap_or(0);
    idx.iter().copied().min_by(|&a, &b| {
        let (ca, cb) = (&claims[a], &claims[b]);
        imprecision(ca)
            .total_cmp(&imprecision(cb))
            .then_with(|| is_copy(a).cmp(&is_copy(b)))
            .then_with(|| cb.claim.as_of.cmp(&ca.claim.as_of))
            .then_with(|| {
                w.trust(cb.claim.source())
                    .total_cmp(&w.trust(ca.claim.source()))
            })
            .then_with(|| origins_stating(b).cmp(&origins_stating(a)))
            .then_with(|| {
                let v = |c: &ComparedClaim| c.claim.value().unwrap_or(f64::NAN);
                v(ca).total_cmp(&v(cb))
            })
            .then_with(|| {
                let (x, y) = (&ca.interval, &cb.interval);
                x.lower
                    .total_cmp(&y.lower)
                    .then(x.upper.total_cmp(&y.upper))
                    .then(x.lower_open.cmp(&y.lower_open))
                    .then(x.upper_open.cmp(&y.upper_open))
            })
            .then_with(|| {
                // A figure with a stated period says more than the same figure without one.
                let p = |c: &ComparedClaim| (c.claim.period().is_none(), c.claim.period());
                p(ca).cmp(&p(cb))
            })
            .then_with(|| ca.claim.source().cmp(cb.claim.source()))
            .then_with(|| {
                (ca.claim.at.line, ca.claim.at.column).cmp(&(cb.claim.at.line, cb.claim.at.column))
            })
    })
}

/// The values every claim among `idx` allows, or the chosen claim's interval if they share none.
fn common_interval(claims: &[ComparedClaim], idx: &[usize], chosen: usize) -> Interval {
    let mut iv = claims[chosen].interval;
    let mut rest: Vec<usize> = idx.to_vec();
    // Intersect in a fixed order (by interval), so the result does not depend on claim order.
    rest.sort_by(|&a, &b| {
        let (x, y) = (&claims[a].interval, &claims[b].interval);
        x.lower
            .total_cmp(&y.lower)
            .then(x.upper.total_cmp(&y.upper))
            .then(x.lower_open.cmp(&y.lower_open))
            .then(x.upper_open.cmp(&y.upper_open))
    });
    for i in rest {
        let o = claims[i].interval;
        let next = Interval {
            lower: iv.lower.max(o.lower),
            upper: iv.upper.min(o.upper),
            lower_open: if o.lower > iv.lower {
                o.lower_open
            } else if o.lower == iv.lower {
                o.lower_open || iv.lower_open
            } else {
                iv.lower_open
            },
            upper_open: if o.upper < iv.upper {
                o.upper_open
            } else if o.upper == iv.upper {
                o.upper_open || iv.upper_open
            } else {
                iv.upper_open
            },
        };
        if next.lower <= next.upper {
            iv = next;
        }
    }
    iv
}

fn suggestion(
    claims: &[ComparedClaim],
    support: &[usize],
    chosen: usize,
    why: String,
) -> Suggestion {
    let iv = common_interval(claims, support, chosen);
    Suggestion {
        value: claims[chosen].claim.value().unwrap_or(iv.midpoint()),
        lower: iv.lower,
        upper: iv.upper,
        why,
    }
}

/// Claims grouped by cluster number, clusters in ascending order.
fn by_cluster(claims: &[ComparedClaim], idx: &[usize]) -> Vec<Vec<usize>> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in idx {
        groups.entry(claims[i].cluster).or_default().push(i);
    }
    groups.into_values().collect()
}

fn sources_of<'c>(claims: &'c [ComparedClaim], idx: &[usize]) -> BTreeSet<&'c str> {
    idx.iter().map(|&i| claims[i].claim.source()).collect()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One cluster of agreeing claims in a conflict, weighed.
struct Side {
    idx: Vec<usize>,
    /// Trust summed over independent origins (each origin counts its most trusted member).
    support: f64,
    origins: usize,
    newest: Option<NaiveDate>,
    /// The claim quoted for this side.
    chosen: usize,
    precision: f64,
}

impl Side {
    fn of(claims: &[ComparedClaim], idx: Vec<usize>, w: &Weights) -> Side {
        let mut origins: BTreeMap<&str, f64> = BTreeMap::new();
        for s in sources_of(claims, &idx) {
            let t = w.trust(s);
            let e = origins.entry(w.origin(s)).or_insert(t);
            *e = e.max(t);
        }
        let chosen = most_precise(claims, &idx, w).unwrap_or(idx[0]);
        Side {
            support: origins.values().sum(),
            origins: origins.len(),
            newest: idx.iter().filter_map(|&i| claims[i].claim.as_of).max(),
            precision: imprecision(&claims[chosen]),
            chosen,
            idx,
        }
    }
}

/// What made one side of a conflict win over the next best.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reason {
    /// More independent support (or more trusted support).
    Support,
    /// A stock or target stated later, beyond the same moment.
    Recency,
    /// It holds the origin of a copy that, on the other side, changed the figure.
    Origin,
    Precision,
    /// Nothing tells them apart; the lower figure is shown.
    Tie,
}

/// Supports closer than this count as equal: a tenth of one fully trusted source. Learned
/// trust from a handful of shared figures is noisy (0.62 against 0.61 says nothing), so trust
/// decides only when it differs clearly; one more independent source always differs by more.
pub const SAME_SUPPORT: f64 = 0.1;

/// Does `a` beat `b`, and on what? Support first, then (stocks, targets) the newer statement,
/// then the origin of a copy over the copy, then precision; the lower cluster on a full tie.
fn beats(
    a: &Side,
    b: &Side,
    kind: KeyKind,
    claims: &[ComparedClaim],
    w: &Weights,
) -> (bool, Reason) {
    if (a.support - b.support).abs() > SAME_SUPPORT {
        return (a.support > b.support, Reason::Support);
    }
    if matches!(kind, KeyKind::Stock | KeyKind::Target) {
        if let (Some(x), Some(y)) = (a.newest, b.newest) {
            if (x - y).num_days().abs() > SAME_TIME_DAYS {
                return (x > y, Reason::Recency);
            }
        }
    }
    let (oa, ob) = (
        origin_over(claims, &a.idx, &b.idx, w),
        origin_over(claims, &b.idx, &a.idx, w),
    );
    if oa != ob {
        return (oa, Reason::Origin);
    }
    if (a.precision - b.precision).abs() > 1e-12 {
        return (a.precision < b.precision, Reason::Precision);
    }
    (
        claims[a.chosen].cluster < claims[b.chosen].cluster,
        Reason::Tie,
    )
}

/// Does side `a` hold the likely origin of a copy group whose copy, on side `b`, says otherwise?
fn origin_over(claims: &[ComparedClaim], a: &[usize], b: &[usize], w: &Weights) -> bool {
    let (sa, sb) = (sources_of(claims, a), sources_of(claims, b));
    let (first_a, first_b) = (
        groups_with_first_among(&sa, w),
        groups_with_first_among(&sb, w),
    );
    let in_b: BTreeSet<usize> = sb.iter().filter_map(|s| w.index.group_of(s)).collect();
    first_a
        .iter()
        .any(|g| !first_b.contains(g) && in_b.contains(g))
}

/// Message and suggestion for a finding whose most severe outcome is `worst`.
pub(super) fn describe(
    kind: KeyKind,
    verdict: Verdict,
    worst: Option<&Outcome>,
    claims: &[ComparedClaim],
    w: &Weights,
) -> (String, Option<Suggestion>) {
    let all: Vec<usize> = (0..claims.len()).collect();
    match worst {
        Some(Outcome::Conflict { claims: idx }) => conflict(kind, claims, idx, w),
        Some(Outcome::PeriodConflict { a, b }) => period_conflict(claims, *a, *b, w),
        Some(Outcome::Superseded { old, new }) => superseded(claims, old, new, w),
        _ => agreement(verdict, claims, &all, w),
    }
}

fn copies_clause(claims: &[ComparedClaim], idx: &[usize], w: &Weights) -> Option<String> {
    let sources: Vec<&str> = sources_of(claims, idx).into_iter().collect();
    w.index.copies_note(&sources)
}

fn period_conflict(
    claims: &[ComparedClaim],
    a: usize,
    b: usize,
    w: &Weights,
) -> (String, Option<Suggestion>) {
    let (ca, cb) = (&claims[a], &claims[b]);
    let period = |c: &ComparedClaim| {
        c.claim
            .period()
            .map(|p| p.to_string())
            .unwrap_or_else(|| "no period".into())
    };
    let msg = format!(
        "{} is dated {} by {} and {} by {}",
        figure(ca),
        period(ca),
        short_id(ca.claim.source()),
        period(cb),
        short_id(cb.claim.source())
    );
    let chosen = most_precise(claims, &[a, b], w).unwrap_or(a);
    let mut why = format!(
        "{}: both sources give this figure, but for different periods; check which period it belongs to",
        figure(&claims[chosen])
    );
    if let Some(note) = copies_clause(claims, &[a, b], w) {
        why.push_str(&format!("; {note}, so one of them moved the figure"));
        let group = w
            .index
            .group_of(ca.claim.source())
            .filter(|g| w.index.group_of(cb.claim.source()) == Some(*g));
        let origin = group.and_then(|g| w.copies.get(g)).and_then(|g| {
            g.origin
                .as_deref()
                .filter(|o| *o == ca.claim.source() || *o == cb.claim.source())
        });
        if let Some(o) = origin {
            let c = if ca.claim.source() == o { ca } else { cb };
            why.push_str(&format!(
                "; the likely origin, {}, says {}",
                short_id(o),
                period(c)
            ));
        }
    }
    (msg, Some(suggestion(claims, &[a, b], chosen, why)))
}

fn superseded(
    claims: &[ComparedClaim],
    old: &[usize],
    new: &[usize],
    w: &Weights,
) -> (String, Option<Suggestion>) {
    let when = |idx: &[usize]| {
        idx.iter()
            .filter_map(|&i| claims[i].claim.as_of)
            .max()
            .map(|d| format!(", {d}"))
            .unwrap_or_default()
    };
    let msg = format!(
        "{}{} was replaced by {}{}",
        figures_with_sources(claims, old),
        when(old),
        figures_with_sources(claims, new),
        when(new)
    );
    let chosen = most_precise(claims, new, w).unwrap_or(0);
    let mut why = format!(
        "{} ({}): the newest statement{}; it replaced {}{} — a change over time, not a contradiction",
        figure(&claims[chosen]),
        short_id(claims[chosen].claim.source()),
        when(new).replacen(", ", ", as of ", 1),
        figures_with_sources(claims, old),
        when(old).replacen(", ", " of ", 1),
    );
    let newer = sources_of(claims, new);
    if newer.len() > 1 {
        why.push_str(&format!(
            "; {} state it",
            source_list(newer.iter().copied())
        ));
        if let Some(note) = copies_clause(claims, new, w) {
            why.push_str(&format!(", but {note}"));
        }
    }
    (msg, Some(suggestion(claims, new, chosen, why)))
}

fn agreement(
    verdict: Verdict,
    claims: &[ComparedClaim],
    all: &[usize],
    w: &Weights,
) -> (String, Option<Suggestion>) {
    let Some(chosen) = most_precise(claims, all, w) else {
        return (String::new(), None);
    };
    let sources = source_list(all.iter().map(|&i| claims[i].claim.source()));
    let msg = if verdict == Verdict::SingleSource {
        format!(
            "only {sources} gives a figure: {}",
            figures_with_sources(claims, all)
        )
    } else {
        format!("{sources} agree: {}", figures_with_sources(claims, all))
    };
    let why = if verdict == Verdict::SingleSource {
        format!(
            "{}: the only source that states it",
            figure(&claims[chosen])
        )
    } else {
        let n = sources_of(claims, all).len();
        let ids: Vec<&str> = sources_of(claims, all).into_iter().collect();
        let origins = w.index.independent_origins(&ids);
        let mut why = format!(
            "{} ({}): the most precise of {n} agreeing sources",
            figure(&claims[chosen]),
            short_id(claims[chosen].claim.source()),
        );
        if origins < n {
            why.push_str(&format!(
                ", {} independent",
                if origins == 1 {
                    "only 1".to_string()
                } else {
                    origins.to_string()
                }
            ));
            if let Some(note) = copies_clause(claims, all, w) {
                why.push_str(&format!(": {note}"));
            }
        }
        why
    };
    // Flows agree period by period; the suggestion speaks for the chosen claim's period.
    let support: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| {
            claims[i].cluster == claims[chosen].cluster
                && claims[i].claim.period() == claims[chosen].claim.period()
        })
        .collect();
    (msg, Some(suggestion(claims, &support, chosen, why)))
}

/// `around 4,000 (001, 002) disagrees with around 3,500 (000) and 3,538 (004)`; the side with
/// the most independent, trusted support wins, then (stocks, targets) the newer statement,
/// then the origin of a copy over the copy, then the more precise figure.
fn conflict(
    kind: KeyKind,
    claims: &[ComparedClaim],
    idx: &[usize],
    w: &Weights,
) -> (String, Option<Suggestion>) {
    let sides: Vec<Side> = by_cluster(claims, idx)
        .into_iter()
        .map(|g| Side::of(claims, g, w))
        .collect();
    if sides.is_empty() {
        return (String::new(), None);
    }
    // A scan, not a sort: `beats` is not transitive across its thresholds, and a scan over
    // sides in cluster order (itself independent of input order) is deterministic.
    let pick = |skip: Option<usize>| -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, s) in sides.iter().enumerate() {
            if Some(i) == skip {
                continue;
            }
            best = match best {
                Some(b) if !beats(s, &sides[b], kind, claims, w).0 => Some(b),
                _ => Some(i),
            };
        }
        best
    };
    let best = pick(None).unwrap_or(0);
    let runner = pick(Some(best));
    let others: Vec<String> = sides
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, s)| figures_with_sources(claims, &s.idx))
        .collect();
    let side = &sides[best];
    let msg = format!(
        "{} disagrees with {}",
        and_list(&others),
        figures_with_sources(claims, &side.idx)
    );
    let chosen = side.chosen;
    let mut why = format!(
        "{} ({}): ",
        figure(&claims[chosen]),
        short_id(claims[chosen].claim.source())
    );
    match runner.map(|r| (&sides[r], beats(side, &sides[r], kind, claims, w).1)) {
        None => why.push_str("the most precise figure"),
        Some((r, reason)) => why.push_str(&reason_words(reason, side, r, claims, w)),
    }
    let agreeing: Vec<String> = side
        .idx
        .iter()
        .filter(|&&i| i != chosen && claims[i].claim.source() != claims[chosen].claim.source())
        .map(|&i| {
            format!(
                "{}'s \"{}\"",
                short_id(claims[i].claim.source()),
                claims[i].claim.at.text
            )
        })
        .collect();
    if !agreeing.is_empty() {
        why.push_str(&format!(
            "; {} {} with it",
            and_list(&agreeing),
            if agreeing.len() == 1 {
                "agrees"
            } else {
                "agree"
            }
        ));
        if let Some(note) = copies_clause(claims, &side.idx, w) {
            why.push_str(&format!(", but {note}, so they count as one"));
        }
    }
    for (i, s) in sides.iter().enumerate() {
        if i == best {
            continue;
        }
        let n = sources_of(claims, &s.idx).len();
        why.push_str(&format!(
            "; {} {}",
            figures_with_sources(claims, &s.idx),
            if n == 1 { "disagrees" } else { "disagree" }
        ));
        if let Some(note) = copies_clause(claims, &s.idx, w) {
            why.push_str(&format!(", and {note}"));
        }
    }
    (msg, Some(suggestion(claims, &side.idx, chosen, why)))
}

/// Why the winning side beat the runner-up, in plain words.
fn reason_words(
    reason: Reason,
    win: &Side,
    other: &Side,
    claims: &[ComparedClaim],
    w: &Weights,
) -> String {
    let equal = || {
        if win.origins == other.origins {
            format!(
                "{} on each side",
                plural(win.origins, "independent source", "independent sources")
            )
        } else {
            "equal trusted support on each side".to_string()
        }
    };
    let precise = if win.precision < other.precision {
        ", and it is the more precise"
    } else {
        ""
    };
    match reason {
        Reason::Support => {
            let trust_equal = {
                let mut ts = sources_of(claims, &win.idx)
                    .into_iter()
                    .chain(sources_of(claims, &other.idx))
                    .map(|s| w.trust(s));
                let first = ts.next().unwrap_or(DEFAULT_TRUST);
                ts.all(|t| (t - first).abs() < 1e-9)
            };
            let sums = format!(
                "{} trust summed over independent sources: {:.2} against {:.2}",
                if w.learned { "learned" } else { "prior" },
                win.support,
                other.support,
            );
            if win.origins > other.origins {
                let mut s = format!(
                    "backed by {} against {}",
                    plural(win.origins, "independent source", "independent sources"),
                    other.origins
                );
                if !trust_equal || w.learned {
                    s.push_str(&format!(" ({sums})"));
                }
                s.push_str(precise);
                s
            } else {
                format!("backed by more trusted sources ({sums}){precise}")
            }
        }
        Reason::Recency => format!(
            "{}, so the newer statement wins ({} against {}){precise}",
            equal(),
            win.newest.map(|d| d.to_string()).unwrap_or_default(),
            other.newest.map(|d| d.to_string()).unwrap_or_default()
        ),
        Reason::Origin => {
            let both: Vec<usize> = win.idx.iter().chain(&other.idx).copied().collect();
            let note = copies_clause(claims, &both, w)
                .unwrap_or_else(|| "the other side copies this one".to_string());
            format!(
                "{note}, but changes this figure; a copy that changes a figure is likelier wrong than the story it copies{precise}"
            )
        }
        Reason::Precision => format!("{}, so the more precise figure wins", equal()),
        Reason::Tie => format!(
            "{}, equally precise; nothing tells them apart, so this is only the lower figure — check it",
            equal()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::short_id;

    #[test]
    fn only_hashed_ids_are_shortened() {
        assert_eq!(short_id("001_c7ebae0e9b69a8fa"), "001");
        assert_eq!(short_id("forms_en"), "forms_en");
        assert_eq!(short_id("draft"), "draft");
    }

    #[test]
    fn a_numbered_file_keeps_its_number() {
        // Two numbered articles must not both read "business" in a message.
        assert_eq!(short_id("business_018"), "business_018");
        assert_eq!(short_id("business_020"), "business_020");
        assert_eq!(short_id("000_aa"), "000");
        assert_eq!(short_id("000_12345678"), "000");
    }
}
