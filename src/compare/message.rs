//! The words of a finding: a one-line message naming the sources, and a suggested value with
//! its reason. Plain words, because an editor reads them, not a statistician.

use std::collections::BTreeSet;

use super::interval::Interval;
use super::judge::Outcome;
use super::{ComparedClaim, Suggestion, Verdict};
use crate::extract::{Hedge, Unit};

/// Source ids named like the seeds (`001_c7ebae0e9b69a8fa`: a prefix, `_`, a hash of at least
/// eight hex digits) are named by their prefix in prose; any other id is shown whole, so two
/// files called `forms_en` and `forms_tr` never both become `forms`.
pub fn short_id(id: &str) -> &str {
    match id.split_once('_') {
        Some((prefix, hash))
            if !prefix.is_empty()
                && hash.len() >= 8
                && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
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
    let Some(v) = m.value else {
        return c.claim.at.text.clone();
    };
    let amount = |v: f64| {
        let n = crate::render::human_number(v);
        match &m.unit {
            Unit::Percent => format!("{n}%"),
            Unit::Currency(code) if code == "USD" => format!("${n}"),
            Unit::Currency(code) if code == "EUR" => format!("€{n}"),
            Unit::Currency(code) if code == "GBP" => format!("£{n}"),
            Unit::Currency(code) => format!("{n} {code}"),
            Unit::Count | Unit::Measure(_) => n,
        }
    };
    let word = match m.hedge {
        Hedge::Exact => "",
        Hedge::Approx => "around ",
        Hedge::Over => "over ",
        Hedge::Under => "under ",
        Hedge::Almost => "almost ",
        Hedge::AtLeast => "at least ",
        Hedge::AtMost => "up to ",
        Hedge::Range => {
            return match m.upper {
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

/// Relative width of a claim's interval: smaller is more precise.
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

/// The most precise claim among `idx`, newest first on ties, then by source id.
fn most_precise(claims: &[ComparedClaim], idx: &[usize]) -> Option<usize> {
    idx.iter().copied().min_by(|&a, &b| {
        imprecision(&claims[a])
            .total_cmp(&imprecision(&claims[b]))
            .then_with(|| claims[b].claim.as_of.cmp(&claims[a].claim.as_of))
            .then_with(|| claims[a].claim.source().cmp(claims[b].claim.source()))
    })
}

/// The values every claim among `idx` allows, or the chosen claim's interval if they share none.
fn common_interval(claims: &[ComparedClaim], idx: &[usize], chosen: usize) -> Interval {
    let mut iv = claims[chosen].interval;
    for &i in idx {
        let o = claims[i].interval;
        let next = Interval {
            lower: iv.lower.max(o.lower),
            upper: iv.upper.min(o.upper),
            lower_open: if o.lower > iv.lower {
                o.lower_open
            } else {
                iv.lower_open
            },
            upper_open: if o.upper < iv.upper {
                o.upper_open
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
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for &i in idx {
        match groups.iter_mut().find(|(c, _)| *c == claims[i].cluster) {
            Some((_, g)) => g.push(i),
            None => groups.push((claims[i].cluster, vec![i])),
        }
    }
    groups.sort_by_key(|(c, _)| *c);
    groups.into_iter().map(|(_, g)| g).collect()
}

fn distinct_sources(claims: &[ComparedClaim], idx: &[usize]) -> usize {
    idx.iter()
        .map(|&i| claims[i].claim.source())
        .collect::<BTreeSet<_>>()
        .len()
}

/// Message and suggestion for a finding whose most severe outcome is `worst`.
pub(super) fn describe(
    verdict: Verdict,
    worst: Option<&Outcome>,
    claims: &[ComparedClaim],
) -> (String, Option<Suggestion>) {
    let all: Vec<usize> = (0..claims.len()).collect();
    match worst {
        Some(Outcome::Conflict { claims: idx }) => conflict(claims, idx),
        Some(Outcome::PeriodConflict { a, b }) => {
            let (ca, cb) = (&claims[*a], &claims[*b]);
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
            let chosen = most_precise(claims, &[*a, *b]).unwrap_or(*a);
            let why = format!(
                "{}: both sources give this figure, but for different periods; check which period it belongs to",
                figure(&claims[chosen])
            );
            (msg, Some(suggestion(claims, &[*a, *b], chosen, why)))
        }
        Some(Outcome::Superseded { old, new }) => {
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
            let chosen = most_precise(claims, new).unwrap_or(0);
            let why = format!(
                "{} ({}): the newest statement; it replaced {} — a change over time, not a contradiction",
                figure(&claims[chosen]),
                short_id(claims[chosen].claim.source()),
                figures_with_sources(claims, old)
            );
            (msg, Some(suggestion(claims, new, chosen, why)))
        }
        _ => {
            let Some(chosen) = most_precise(claims, &all) else {
                return (String::new(), None);
            };
            let msg = if verdict == Verdict::SingleSource {
                format!(
                    "only {} gives a figure: {}",
                    source_list(all.iter().map(|&i| claims[i].claim.source())),
                    figures_with_sources(claims, &all)
                )
            } else {
                format!(
                    "{} agree: {}",
                    source_list(all.iter().map(|&i| claims[i].claim.source())),
                    figures_with_sources(claims, &all)
                )
            };
            let why = if verdict == Verdict::SingleSource {
                format!(
                    "{}: the only source that states it",
                    figure(&claims[chosen])
                )
            } else {
                format!(
                    "{} ({}): the most precise of {} agreeing sources",
                    figure(&claims[chosen]),
                    short_id(claims[chosen].claim.source()),
                    distinct_sources(claims, &all)
                )
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
    }
}

/// `around 4,000 (001, 002) disagrees with around 3,500 (000) and 3,538 (004)`; the cluster
/// with the most independent sources (then the most precise figure) is the suggestion.
fn conflict(claims: &[ComparedClaim], idx: &[usize]) -> (String, Option<Suggestion>) {
    let groups = by_cluster(claims, idx);
    let best = groups
        .iter()
        .enumerate()
        .max_by(|(_, a), (_, b)| {
            distinct_sources(claims, a)
                .cmp(&distinct_sources(claims, b))
                .then_with(|| {
                    let pa = most_precise(claims, a)
                        .map(|i| imprecision(&claims[i]))
                        .unwrap_or(f64::INFINITY);
                    let pb = most_precise(claims, b)
                        .map(|i| imprecision(&claims[i]))
                        .unwrap_or(f64::INFINITY);
                    pb.total_cmp(&pa)
                })
        })
        .map(|(i, _)| i)
        .unwrap_or(0);
    let others: Vec<String> = groups
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, g)| figures_with_sources(claims, g))
        .collect();
    let msg = format!(
        "{} disagrees with {}",
        and_list(&others),
        figures_with_sources(claims, &groups[best])
    );
    let chosen = most_precise(claims, &groups[best]).unwrap_or(groups[best][0]);
    let agreeing: Vec<String> = groups[best]
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
    let mut why = format!(
        "{} ({}): {}",
        figure(&claims[chosen]),
        short_id(claims[chosen].claim.source()),
        if groups[best].len() > 1 || groups.len() > 1 {
            "the figure with the most independent support, and the most precise of it"
        } else {
            "the most precise figure"
        }
    );
    if !agreeing.is_empty() {
        why.push_str(&format!("; {} agrees with it", and_list(&agreeing)));
    }
    why.push_str(&format!("; {} disagree", and_list(&others)));
    (msg, Some(suggestion(claims, &groups[best], chosen, why)))
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
}
