//! Learned trust: how reliable each source has been on this corpus, estimated from how its
//! figures agree with other sources' (`report --learn-trust`). It owns the iteration and its
//! parameters; it never overrides a verdict — a conflict stays a conflict whoever is trusted.
//!
//! ## The method (TruthFinder, adapted to intervals)
//!
//! Yin, Han and Yu (TruthFinder, KDD 2007) start from two intuitions: a figure is likely true
//! when trustworthy sources state it, and a source is trustworthy when the figures it states
//! are likely true. Each is computed from the other until they settle.
//!
//! - **Objects and facts.** An object is one group of claims that `judge` compared with each
//!   other: a key's period (flows), a moment (stocks, targets), or the whole key (counts,
//!   shares). A fact is one distinct interval claimed for it. Only objects on which at least
//!   two *independent origins* speak are used: a figure nobody else states says nothing about
//!   its source, and copies of one story (see [`super::copies`]) are one origin.
//! - **Source → fact.** With `τ(w) = −ln(1 − t(w))` a source's trust score, a fact's confidence
//!   score is `σ(f) = Σ τ` over the origins that state it, each origin counting its most
//!   trusted member once, so a reprint adds nothing.
//! - **Facts influence each other.** Figures that agree support each other and figures that
//!   conflict undercut each other: `σ*(f) = σ(f) + ρ · Σ_{f'} σ(f') · imp(f' → f)` over the
//!   object's other facts, where `imp = sim − base` with `base = ½` and `sim` the agreement of
//!   the two intervals: 1 when they overlap, 0 when they are disjoint. Overlap is all-or-none
//!   on purpose: the intervals already carry the key's tolerance and the hedge's reach, so a
//!   graded closeness would count rounding twice. So `imp = +½` for agreeing figures ("around
//!   3,500" and "3,538") and `−½` for conflicting ones. `ρ = 0.5` ([`INFLUENCE`]), the paper's.
//! - **Fact confidence.** `s(f) = 1 / (1 + e^{−γ σ*(f)})` with dampening `γ = 0.3`
//!   ([`DAMPENING`]), the paper's value: sources on one topic are not independent, and the
//!   logistic keeps a fact stated by many from reaching certainty.
//! - **Fact → source.** `t(w)` is the mean of `s(f)` over the facts `w` states.
//!
//! Every source starts at its prior trust from `sources.toml`, or [`DEFAULT_TRUST`] (0.9, the
//! paper's initial value: an outlet reports most figures as it found them). Trust is capped at
//! [`MAX_TRUST`] so that `τ` stays finite. Iteration stops when no source's trust moves by
//! more than [`CONVERGENCE`] (1e-9) in a round, or after [`MAX_ITERATIONS`]. (The paper stops
//! when the trust vector's direction settles, `1 − cos < δ`; but the cosine ignores scale, so
//! when every source moves alike — two sides of one dispute, say — it would stop after one
//! round with nothing learned.) Everything is
//! kept in `BTreeMap`s, so the result is the same on every run and for any source order.
//! A source with no figure shared with another origin has no evidence either way: it keeps its
//! prior, or without one gets the mean learned trust of the tested sources (not the optimistic
//! starting value, which would let an untested source outweigh tested ones); `facts: 0` says so.
//!
//! Learned trust weighs the sides of a conflict in `message` (trust summed over independent
//! origins), but only a difference of more than a tenth of a fully trusted source
//! (`SAME_SUPPORT` in `message`, 0.1) decides: on a small corpus the estimate is noisy.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::copies::CopyIndex;
use super::interval::Interval;
use super::judge::Judged;
use super::{CopyGroup, SourceInfo};

/// Initial trust of a source the manifest says nothing about; also its weight in suggestions.
pub const DEFAULT_TRUST: f64 = 0.9;
/// γ: how fast confidence saturates as support grows.
pub const DAMPENING: f64 = 0.3;
/// ρ: how much the other facts about an object move a fact's confidence.
pub const INFLUENCE: f64 = 0.5;
/// Similarity below which one fact counts against another.
pub const BASE_SIMILARITY: f64 = 0.5;
/// Trust is kept below 1 so that `τ = −ln(1 − t)` is finite.
pub const MAX_TRUST: f64 = 0.99;
/// Stop when no source's trust moves by more than this in one round.
pub const CONVERGENCE: f64 = 1e-9;
pub const MAX_ITERATIONS: usize = 100;

/// What the corpus says about one source's reliability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceTrust {
    pub source: String,
    /// Prior trust from the manifest, if any.
    pub prior: Option<f64>,
    /// Learned trust, 0..1.
    pub learned: f64,
    /// Figures of this source that other origins also speak about.
    pub facts: usize,
    /// Of those, figures some other origin agrees with.
    pub agreed: usize,
    /// Of those, figures some other origin contradicts.
    pub disputed: usize,
    /// Iterations the estimate took to settle (the same for every source).
    pub iterations: usize,
}

struct Fact {
    interval: Interval,
    /// Source id → origin key.
    providers: BTreeMap<String, String>,
}

/// The objects (groups with two or more origins) and their facts.
fn objects(judged: &[Judged], copies: &[CopyGroup]) -> Vec<Vec<Fact>> {
    let index = CopyIndex::new(copies);
    let mut out = Vec::new();
    for j in judged {
        for group in &j.groups {
            let mut facts: Vec<Fact> = Vec::new();
            for &i in group {
                let c = &j.finding.claims[i];
                let src = c.claim.source().to_string();
                let origin = index.origin(&src).to_string();
                match facts.iter_mut().find(|f| f.interval == c.interval) {
                    Some(f) => {
                        f.providers.insert(src, origin);
                    }
                    None => facts.push(Fact {
                        interval: c.interval,
                        providers: BTreeMap::from([(src, origin)]),
                    }),
                }
            }
            let origins: BTreeSet<&String> =
                facts.iter().flat_map(|f| f.providers.values()).collect();
            if origins.len() >= 2 {
                // Order facts by interval so sums run in the same order for any input order.
                facts.sort_by(|a, b| {
                    let (x, y) = (&a.interval, &b.interval);
                    x.lower
                        .total_cmp(&y.lower)
                        .then(x.upper.total_cmp(&y.upper))
                        .then(x.lower_open.cmp(&y.lower_open))
                        .then(x.upper_open.cmp(&y.upper_open))
                });
                out.push(facts);
            }
        }
    }
    out
}

fn tau(t: f64) -> f64 {
    -(1.0 - t.min(MAX_TRUST)).ln()
}

fn implication(from: &Interval, to: &Interval) -> f64 {
    let sim = if from.overlaps(to) { 1.0 } else { 0.0 };
    sim - BASE_SIMILARITY
}

/// The largest change of any source's trust between two rounds.
fn largest_move(a: &BTreeMap<String, f64>, b: &BTreeMap<String, f64>) -> f64 {
    a.iter()
        .map(|(k, x)| (x - b.get(k).unwrap_or(x)).abs())
        .fold(0.0, f64::max)
}

/// Learn a trust per source from the judged keys. One entry per source, by source id.
pub(super) fn learn(
    judged: &[Judged],
    sources: &[SourceInfo],
    copies: &[CopyGroup],
) -> Vec<SourceTrust> {
    let objects = objects(judged, copies);
    let prior: BTreeMap<String, Option<f64>> = sources
        .iter()
        .map(|s| (s.id.clone(), s.trust.filter(|t| t.is_finite())))
        .collect();
    let start = |id: &str| {
        prior
            .get(id)
            .copied()
            .flatten()
            .unwrap_or(DEFAULT_TRUST)
            .clamp(0.0, MAX_TRUST)
    };
    let mut ids: BTreeSet<String> = prior.keys().cloned().collect();
    for o in &objects {
        for f in o {
            ids.extend(f.providers.keys().cloned());
        }
    }
    let mut trust: BTreeMap<String, f64> = ids.iter().map(|id| (id.clone(), start(id))).collect();
    let mut iterations = 0;
    while iterations < MAX_ITERATIONS {
        iterations += 1;
        let mut sums: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
        for facts in &objects {
            let sigma: Vec<f64> = facts
                .iter()
                .map(|f| {
                    let mut by_origin: BTreeMap<&str, f64> = BTreeMap::new();
                    for (src, origin) in &f.providers {
                        let t = tau(trust.get(src).copied().unwrap_or(DEFAULT_TRUST));
                        let e = by_origin.entry(origin).or_insert(t);
                        *e = e.max(t);
                    }
                    by_origin.values().sum()
                })
                .collect();
            for (i, f) in facts.iter().enumerate() {
                let adjusted = sigma[i]
                    + INFLUENCE
                        * facts
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != i)
                            .map(|(j, g)| sigma[j] * implication(&g.interval, &f.interval))
                            .sum::<f64>();
                let s = 1.0 / (1.0 + (-DAMPENING * adjusted).exp());
                for src in f.providers.keys() {
                    let e = sums.entry(src.as_str()).or_insert((0.0, 0));
                    e.0 += s;
                    e.1 += 1;
                }
            }
        }
        let next: BTreeMap<String, f64> = trust
            .iter()
            .map(|(id, &t)| {
                let v = match sums.get(id.as_str()) {
                    Some(&(sum, n)) if n > 0 => (sum / n as f64).min(MAX_TRUST),
                    _ => t,
                };
                (id.clone(), v)
            })
            .collect();
        let gap = largest_move(&trust, &next);
        trust = next;
        if gap < CONVERGENCE {
            break;
        }
    }

    // Agreement counts, for the reader: per source, its facts and how others met them.
    let mut counts: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for facts in &objects {
        // Up to two distinct origins of each fact: a fact has a provider of another origin
        // than `o` (and so another source) exactly when it has an origin other than `o`.
        let origins: Vec<Vec<&str>> = facts
            .iter()
            .map(|g| {
                let mut two: Vec<&str> = Vec::with_capacity(2);
                for o in g.providers.values() {
                    if two.len() < 2 && !two.contains(&o.as_str()) {
                        two.push(o);
                    }
                }
                two
            })
            .collect();
        for f in facts {
            for (src, origin) in &f.providers {
                let others = facts
                    .iter()
                    .zip(&origins)
                    .filter(|(_, os)| os.iter().any(|o| *o != origin))
                    .map(|(g, _)| g);
                let agreed = others.clone().any(|g| g.interval.overlaps(&f.interval));
                let disputed = others.clone().any(|g| !g.interval.overlaps(&f.interval));
                let e = counts.entry(src.as_str()).or_default();
                e.0 += 1;
                e.1 += usize::from(agreed);
                e.2 += usize::from(disputed);
            }
        }
    }
    // A source no other origin speaks with has no evidence either way: it keeps its prior, or
    // without one is taken to be as reliable as the average source that was tested — not the
    // optimistic starting value, which would let an untested source outweigh tested ones.
    let tested: Vec<f64> = trust
        .iter()
        .filter(|(id, _)| counts.contains_key(id.as_str()))
        .map(|(_, &t)| t)
        .collect();
    let average = if tested.is_empty() {
        DEFAULT_TRUST
    } else {
        tested.iter().sum::<f64>() / tested.len() as f64
    };
    trust
        .iter()
        .map(|(id, &t)| {
            let (facts, agreed, disputed) = counts.get(id.as_str()).copied().unwrap_or_default();
            let learned = if facts > 0 {
                t
            } else {
                prior.get(id).copied().flatten().unwrap_or(average)
            };
            SourceTrust {
                source: id.clone(),
                prior: prior.get(id).copied().flatten(),
                learned,
                facts,
                agreed,
                disputed,
                iterations,
            }
        })
        .collect()
}
