//! Copy detection: which sources are likely copies of one origin, so that one wire story
//! reprinted twice does not count as two confirmations. It owns the figure fingerprints, the
//! pair score and the threshold; it never judges whether a figure is right.
//!
//! ## What is compared
//!
//! Every figure a source states, mapped onto a key or not (a topic with few rules still has
//! figures), is reduced to a *fingerprint*: its value to six significant digits and its unit.
//! The fingerprint knows no words, so a Turkish rewrite of an English story ("863 bin" for
//! "863,000") matches figure for figure. Hedges and periods are left out of the fingerprint on
//! purpose: a rewrite that turns "some 4,000" into "4,000", or moves a figure to another year,
//! is still a copy (and is exactly the kind of copy that produces a false conflict). Periods,
//! keys and wording are counted beside the match and reported, not required.
//!
//! ## The score, and why these thresholds
//!
//! For two sources A and B with distinct fingerprint sets F(A) and F(B):
//!
//! - `shared = |F(A) ∩ F(B)|`, `of = min(|F(A)|, |F(B)|)`;
//! - `containment = shared / of` — the share of the *shorter* source's figures that the other
//!   also states (Broder's containment, the overlap coefficient). Containment, not Jaccard,
//!   because the typical copy is a digest that lifts half of a long story: Jaccard would be
//!   diluted by everything the long story says and the digest leaves out.
//!
//! A pair is a likely copy when either
//!
//! 1. `shared ≥ MIN_SHARED` (4) **and** `containment ≥ MIN_CONTAINMENT` (½): most of the
//!    shorter source's figures also appear, identically, in the other. Independent reports of
//!    one event do share its headline figures (the trade total, the target) — two or three —
//!    but rarely most of their details; the minimum count keeps two short notes that happen to
//!    share their only two figures from being called copies on a sample of two; or
//! 2. `verbatim ≥ 1` **and** `verbatim / of ≥ MIN_CONTAINMENT`: at least half of the shorter
//!    source's figures sit in sentences worded like the other's (word-trigram Jaccard ≥
//!    [`SAME_WORDING`]). Two outlets do not write the same sentence by chance; when they do,
//!    they copy each other or the same press release, and either way it is one origin. This
//!    rule is what catches a short reprint with one or two figures.
//!
//! Pairs join into groups transitively (a reprint of a reprint is the same origin). The member
//! published first is named as the likely origin; when members share the date, none is.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::{CopyGroup, SourceInfo};
use crate::extract::Period;
use crate::normalize::{Claim, Located, Normalized, Unmapped};

/// Fewest identical figures that can make two sources copies by rule 1.
pub const MIN_SHARED: usize = 4;
/// Share of the shorter source's figures that must recur in the other.
pub const MIN_CONTAINMENT: f64 = 0.5;
/// Word-trigram Jaccard above which two sentences count as the same wording.
pub const SAME_WORDING: f64 = 0.6;

/// Two sources compared figure by figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CopyPair {
    pub a: String,
    pub b: String,
    /// Distinct figures (value and unit) both state.
    pub shared: usize,
    /// Distinct figures of the source that states fewer.
    pub of: usize,
    /// Distinct figures of `a` and of `b`.
    pub figures_a: usize,
    pub figures_b: usize,
    /// Shared figures that both attribute to the same period (or neither dates).
    pub same_period: usize,
    /// Shared figures that the rules map onto the same key in both.
    pub same_key: usize,
    /// Shared figures stated in sentences worded alike.
    pub verbatim: usize,
    /// `shared / of`.
    pub containment: f64,
    /// `shared / |union|`, for reference.
    pub jaccard: f64,
    /// Whether the pair passes the threshold (module docs).
    pub copy: bool,
}

/// One figure as copy detection sees it.
#[derive(Debug, Clone, PartialEq)]
struct Fig {
    period: Option<Period>,
    key: Option<String>,
    sentence: String,
}

/// A source's figures by fingerprint.
type Figures = BTreeMap<String, Vec<Fig>>;

/// What copy detection keeps of one source. It is built while the source's figures are at
/// hand ([`crate::normalize::normalize`] makes one per source), so a run need not keep every
/// unmapped figure of a large corpus just to find its copies.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourcePrint {
    pub source: String,
    figures: Figures,
}

impl SourcePrint {
    /// The print of source `source`, from its claims and unmapped figures (a mention of
    /// another source is skipped).
    pub fn of(source: &str, claims: &[Claim], unmapped: &[Unmapped]) -> SourcePrint {
        let claims = claims.iter().map(|c| (&c.at, Some(c.key.as_str())));
        let unmapped = unmapped.iter().map(|u| (&u.at, None));
        let mut figures = Figures::new();
        for (at, key) in claims.chain(unmapped) {
            if at.source != source {
                continue;
            }
            let Some(fp) = fingerprint(at) else { continue };
            figures.entry(fp).or_default().push(Fig {
                period: at.mention.period,
                key: key.map(str::to_string),
                sentence: at.sentence.clone(),
            });
        }
        SourcePrint {
            source: source.to_string(),
            figures,
        }
    }
}

/// `count 3.53800e3`: value to six significant digits, and unit.
fn fingerprint(at: &Located) -> Option<String> {
    let v = at.mention.value.filter(|v| v.is_finite())?;
    Some(format!("{} {v:.5e}", at.mention.unit.name()))
}

/// The prints of `all`, one per source: those normalize made, and for a source that has
/// figures but no print (a `Normalized` built by hand, as tests do), one made here.
pub fn prints(all: &Normalized) -> Vec<SourcePrint> {
    let mut out: BTreeMap<&str, SourcePrint> = all
        .prints
        .iter()
        .map(|p| (p.source.as_str(), p.clone()))
        .collect();
    let ids: BTreeSet<&str> = all
        .claims
        .iter()
        .map(|c| c.at.source.as_str())
        .chain(all.unmapped.iter().map(|u| u.at.source.as_str()))
        .collect();
    for id in ids {
        if !out.contains_key(id) {
            out.insert(id, SourcePrint::of(id, &all.claims, &all.unmapped));
        }
    }
    out.into_values()
        .filter(|p| !p.figures.is_empty())
        .collect()
}

/// Word trigrams of a sentence, case-folded and hashed; empty when it has fewer than three
/// words.
fn trigrams(sentence: &str) -> BTreeSet<u64> {
    use std::hash::{Hash, Hasher};
    let folded = crate::text::fold(sentence, false);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(3)
        .map(|w| {
            // DefaultHasher::new() has fixed keys: the same words hash alike on every run.
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// Trigram sets of the sentences seen so far, so each sentence is read once.
type Grams = BTreeMap<String, BTreeSet<u64>>;

fn same_wording(a: &str, b: &str, cache: &mut Grams) -> bool {
    for s in [a, b] {
        if !cache.contains_key(s) {
            cache.insert(s.to_string(), trigrams(s));
        }
    }
    let (Some(ga), Some(gb)) = (cache.get(a), cache.get(b)) else {
        return false;
    };
    if ga.is_empty() || gb.is_empty() {
        return false;
    }
    let inter = ga.intersection(gb).count();
    let union = ga.len() + gb.len() - inter;
    inter as f64 / union as f64 >= SAME_WORDING
}

fn compare(a: &str, fa: &Figures, b: &str, fb: &Figures, cache: &mut Grams) -> CopyPair {
    let mut shared = 0;
    let mut same_period = 0;
    let mut same_key = 0;
    let mut verbatim = 0;
    for (fp, xs) in fa {
        let Some(ys) = fb.get(fp) else { continue };
        shared += 1;
        let any = |f: &dyn Fn(&Fig, &Fig) -> bool| xs.iter().any(|x| ys.iter().any(|y| f(x, y)));
        if any(&|x, y| x.period == y.period) {
            same_period += 1;
        }
        if any(&|x, y| x.key.is_some() && x.key == y.key) {
            same_key += 1;
        }
        if xs.iter().any(|x| {
            ys.iter()
                .any(|y| same_wording(&x.sentence, &y.sentence, cache))
        }) {
            verbatim += 1;
        }
    }
    let small = fa.len().min(fb.len());
    let containment = if small == 0 {
        0.0
    } else {
        shared as f64 / small as f64
    };
    let union = fa.len() + fb.len() - shared;
    let jaccard = if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    };
    let copy = (shared >= MIN_SHARED && containment >= MIN_CONTAINMENT)
        || (verbatim >= 1 && small > 0 && verbatim as f64 / small as f64 >= MIN_CONTAINMENT);
    CopyPair {
        a: a.to_string(),
        b: b.to_string(),
        shared,
        of: small,
        figures_a: fa.len(),
        figures_b: fb.len(),
        same_period,
        same_key,
        verbatim,
        containment,
        jaccard,
        copy,
    }
}

/// Every pair of sources that shares at least one figure, in order of source ids.
pub fn pairs(prints: &[SourcePrint]) -> Vec<CopyPair> {
    let figs: BTreeMap<&str, &Figures> = prints
        .iter()
        .map(|p| (p.source.as_str(), &p.figures))
        .collect();
    // Only pairs that share a fingerprint can be copies: find them through an inverted index
    // instead of comparing every pair of sources.
    let mut holders: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, f) in &figs {
        for fp in f.keys() {
            holders.entry(fp).or_default().push(id);
        }
    }
    let mut candidates: BTreeSet<(&str, &str)> = BTreeSet::new();
    for ids in holders.values() {
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                candidates.insert(if a < b { (a, b) } else { (b, a) });
            }
        }
    }
    let mut cache = BTreeMap::new();
    candidates
        .into_iter()
        .map(|(a, b)| compare(a, figs[a], b, figs[b], &mut cache))
        .collect()
}

/// Likely copies among the sources, grouped transitively. Groups are sorted by their first
/// source id; each names its likely origin (the member published first, if only one was).
pub fn detect(sources: &[SourceInfo], prints: &[SourcePrint]) -> Vec<CopyGroup> {
    let pairs = pairs(prints);
    let published: BTreeMap<&str, Option<NaiveDate>> = sources
        .iter()
        .map(|s| (s.id.as_str(), s.published))
        .collect();
    // Union–find over source ids, smallest id as the root so the result is order-free.
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    fn root(parent: &BTreeMap<String, String>, x: &str) -> String {
        let mut x = x.to_string();
        while let Some(p) = parent.get(&x).filter(|p| **p != x) {
            x = p.clone();
        }
        x
    }
    // The links that joined two groups: a spanning tree of each group, strongest first, so a
    // group of n sources lists n − 1 pairs, not every pair.
    let mut strong: Vec<&CopyPair> = pairs.iter().filter(|p| p.copy).collect();
    strong.sort_by(|x, y| {
        y.containment
            .total_cmp(&x.containment)
            .then(y.shared.cmp(&x.shared))
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    let mut links: Vec<CopyPair> = Vec::new();
    for p in strong {
        parent.entry(p.a.clone()).or_insert_with(|| p.a.clone());
        parent.entry(p.b.clone()).or_insert_with(|| p.b.clone());
        let (ra, rb) = (root(&parent, &p.a), root(&parent, &p.b));
        if ra == rb {
            continue;
        }
        let (lo, hi) = if ra <= rb { (ra, rb) } else { (rb, ra) };
        parent.insert(hi, lo);
        links.push(p.clone());
    }
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for id in parent.keys() {
        groups
            .entry(root(&parent, id))
            .or_default()
            .insert(id.clone());
    }
    groups
        .into_values()
        .map(|members| group(members, &links, &published))
        .collect()
}

fn group(
    members: BTreeSet<String>,
    links: &[CopyPair],
    published: &BTreeMap<&str, Option<NaiveDate>>,
) -> CopyGroup {
    let links: Vec<CopyPair> = links
        .iter()
        .filter(|p| members.contains(&p.a) && members.contains(&p.b))
        .cloned()
        .collect();
    let date = |id: &str| published.get(id).copied().flatten();
    let first = members.iter().filter_map(|m| date(m)).min();
    let firsts: Vec<&String> = members
        .iter()
        .filter(|m| first.is_some() && date(m) == first)
        .collect();
    let origin = match firsts.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    };
    // The strongest link (links come strongest first) speaks for the group in `shared`/`of`.
    let (shared, of) = links.first().map(|p| (p.shared, p.of)).unwrap_or((0, 0));
    let sources: Vec<String> = members.into_iter().collect();
    let why = explain(&sources, &links, origin.as_deref(), published);
    CopyGroup {
        sources,
        shared,
        of,
        why,
        origin,
        pairs: links,
    }
}

fn explain(
    sources: &[String],
    links: &[CopyPair],
    origin: Option<&str>,
    published: &BTreeMap<&str, Option<NaiveDate>>,
) -> String {
    use super::message::short_id;
    const LISTED: usize = 3;
    let mut parts: Vec<String> = links
        .iter()
        .take(LISTED)
        .map(|p| {
            let (a, b) = (short_id(&p.a), short_id(&p.b));
            let mut s = if p.figures_a == p.figures_b {
                format!(
                    "{a} and {b} share {} of their {} figures",
                    p.shared, p.figures_a
                )
            } else {
                let ((small, ns), (large, nl)) = if p.figures_a < p.figures_b {
                    ((a, p.figures_a), (b, p.figures_b))
                } else {
                    ((b, p.figures_b), (a, p.figures_a))
                };
                format!(
                    "{} of {small}'s {ns} figures are also in {large}, which has {nl}",
                    p.shared
                )
            };
            s.push_str(" (same value and unit");
            if p.same_period < p.shared {
                s.push_str(&format!("; {} dated differently", p.shared - p.same_period));
            }
            if p.verbatim > 0 {
                s.push_str(&format!("; {} in sentences worded alike", p.verbatim));
            }
            s.push(')');
            s
        })
        .collect();
    if links.len() > LISTED {
        parts.push(format!(
            "and {} more such pairs join {} sources in all",
            links.len() - LISTED,
            sources.len()
        ));
    }
    let mut why = parts.join("; ");
    match origin {
        Some(o) => {
            let date = published
                .get(o)
                .copied()
                .flatten()
                .map(|d| format!(", {d}"))
                .unwrap_or_default();
            let rest: Vec<&str> = sources
                .iter()
                .filter(|s| *s != o)
                .map(|s| short_id(s))
                .collect();
            why.push_str(&format!(
                "; {} published first{date}, so {} likely {} from it",
                short_id(o),
                rest.join(" and "),
                if rest.len() == 1 { "copies" } else { "copy" }
            ));
        }
        None => why.push_str("; published the same day, so no origin can be told"),
    }
    why
}

/// How many independent origins the `sources` represent: copies of one origin count once.
/// This is what `check` asks when a draft figure is "supported" by several sources.
pub fn independent_origins<S: AsRef<str>>(sources: &[S], copies: &[CopyGroup]) -> usize {
    origins(sources, copies).len()
}

/// The `sources`, grouped by origin: each inner list is one origin (a copy group's members
/// among `sources`, or one source alone). Sorted, without duplicates.
pub fn origins<S: AsRef<str>>(sources: &[S], copies: &[CopyGroup]) -> Vec<Vec<String>> {
    let mut by_origin: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in sources {
        let s = s.as_ref();
        let origin = origin_key(s, copies);
        by_origin.entry(origin).or_default().insert(s.to_string());
    }
    let mut out: Vec<Vec<String>> = by_origin
        .into_values()
        .map(|m| m.into_iter().collect())
        .collect();
    out.sort();
    out
}

/// The name of the origin a source belongs to: its copy group's first member, or itself.
pub fn origin_key(source: &str, copies: &[CopyGroup]) -> String {
    copies
        .iter()
        .find(|g| g.sources.iter().any(|m| m == source))
        .and_then(|g| g.sources.first())
        .cloned()
        .unwrap_or_else(|| source.to_string())
}

/// Plain words on the copies among `sources`, or `None` when every one is independent:
/// `002 appears to copy 001 (5 of 8 figures shared)`.
pub fn copies_note<S: AsRef<str>>(sources: &[S], copies: &[CopyGroup]) -> Option<String> {
    use super::message::short_id;
    let present: BTreeSet<&str> = sources.iter().map(|s| s.as_ref()).collect();
    let notes: Vec<String> = copies
        .iter()
        .filter_map(|g| {
            let here: Vec<&str> = g
                .sources
                .iter()
                .map(String::as_str)
                .filter(|m| present.contains(m))
                .collect();
            if here.len() < 2 {
                return None;
            }
            let figures = format!("{} of {} figures shared", g.shared, g.of);
            Some(match g.origin.as_deref().filter(|o| here.contains(o)) {
                Some(o) => {
                    let rest: Vec<&str> = here
                        .iter()
                        .filter(|m| **m != o)
                        .map(|m| short_id(m))
                        .collect();
                    format!(
                        "{} {} {} ({figures})",
                        rest.join(" and "),
                        if rest.len() == 1 {
                            "appears to copy"
                        } else {
                            "appear to copy"
                        },
                        short_id(o)
                    )
                }
                None => {
                    let all: Vec<&str> = here.iter().map(|m| short_id(m)).collect();
                    format!(
                        "{} appear to share one origin ({figures})",
                        all.join(" and ")
                    )
                }
            })
        })
        .collect();
    (!notes.is_empty()).then(|| notes.join("; "))
}
