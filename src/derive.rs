//! Derived checks: figures that must fit together because a rule says so. A `[[relation]]`
//! declares that a key equals a sum, a difference or a ratio of other keys, or that a founding
//! year follows from an anniversary (the 33rd anniversary marked in 2025 puts the founding in
//! 1992). For every source whose figures give all the operands, this module computes what
//! they imply for the key and checks it against what is stated: the source's own figure for
//! the key if it gives one, else every other source's, else what the relation implies from the
//! other sources' figures. It owns that arithmetic and the verdict; it never reads text and
//! never changes a finding.
//!
//! Every figure is an interval, as in `compare` (an "over" figure reaches a little above
//! itself, an exact one spans the key's tolerance), so operands combine by interval
//! arithmetic and a check is consistent when the implied interval, widened by the relation's
//! tolerance, overlaps every figure it is checked against.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::compare::{Interval, Reconciliation, Widths};
use crate::extract::Unit;
use crate::normalize::Claim;
use crate::rules::{Op, Relation, RuleSet, CALENDAR_YEAR, ORDINAL};

/// Combinations of operand figures tried per source, at most (a source rarely states one
/// operand more than twice).
const MAX_COMBINATIONS: usize = 16;

/// Whether a source's figures keep a declared relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DerivedVerdict {
    Inconsistent,
    Consistent,
}

impl DerivedVerdict {
    pub fn as_str(&self) -> &'static str {
        match self {
            DerivedVerdict::Inconsistent => "inconsistent",
            DerivedVerdict::Consistent => "consistent",
        }
    }
}

/// One figure a check used: an operand, or a figure it was checked against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DerivedFigure {
    pub key: String,
    pub source: String,
    pub line: usize,
    pub column: usize,
    /// As written (`33rd`, `2 Mart 1992’de`, `$5 billion`); for a value implied by another
    /// source, what implied it.
    pub text: String,
    pub value: f64,
    /// For an anniversary ordinal: the year it was marked in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Stated by the source, or implied by the relation from its other figures.
    pub implied: bool,
}

/// What a source's figures imply for a key, against what is stated for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DerivedCheck {
    pub relation: String,
    pub label: String,
    /// The key the relation computes.
    pub key: String,
    /// The source whose figures imply the value.
    pub source: String,
    /// `sum`, `difference`, `ratio` or `anniversary`.
    pub op: &'static str,
    /// The operand figures, in the relation's order.
    pub inputs: Vec<DerivedFigure>,
    /// The value the inputs imply, and its interval.
    pub expected: f64,
    pub lower: f64,
    pub upper: f64,
    /// The figures for `key` it was checked against (at most [`MAX_FOUND`]).
    pub found: Vec<DerivedFigure>,
    /// Figures it was checked against that `found` does not list.
    #[serde(skip_serializing_if = "is_zero")]
    pub found_omitted: usize,
    pub verdict: DerivedVerdict,
    /// In plain words: `the 33rd anniversary marked in 2025 (000) implies 1992; 000, 003 and
    /// 004 say 1992`.
    pub message: String,
}

/// Check every relation of `rules` against `claims` (quantities and anchors together).
/// Sorted: inconsistent first, then by relation, key and source.
pub fn check(rules: &RuleSet, claims: &[Claim]) -> Vec<DerivedCheck> {
    let mut by_key: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
    for c in claims {
        by_key.entry(c.key.as_str()).or_default().push(c);
    }
    for list in by_key.values_mut() {
        list.sort_by(|a, b| position(a).cmp(&position(b)));
    }
    let mut out = Vec::new();
    for relation in &rules.relations {
        out.extend(check_relation(rules, relation, &by_key));
    }
    out.sort_by(|a, b| {
        (
            a.verdict,
            &a.relation,
            &a.key,
            &a.source,
            a.expected.to_bits(),
        )
            .cmp(&(
                b.verdict,
                &b.relation,
                &b.key,
                &b.source,
                b.expected.to_bits(),
            ))
    });
    out
}

/// Every claim of a reconciliation (its findings' claims) with the anchors beside it, checked.
/// Anchors of sources the reconciliation left out, or dated after its `as_of`, are left out too.
pub fn check_reconciliation(
    rules: &RuleSet,
    rec: &Reconciliation,
    anchors: &[Claim],
) -> Vec<DerivedCheck> {
    // The anchors' sources that the reconciliation kept: a set of every source would be
    // 16 bytes a source at a report's peak.
    let wanted: std::collections::BTreeSet<&str> =
        anchors.iter().map(|a| a.at.source.as_str()).collect();
    let kept: std::collections::BTreeSet<&str> = rec
        .sources
        .iter()
        .map(|s| s.id)
        .filter(|id| wanted.contains(id))
        .collect();
    let mut claims: Vec<Claim> = rec
        .findings
        .iter()
        .flat_map(|f| f.claims.iter().map(|c| c.claim.clone()))
        .collect();
    claims.extend(
        anchors
            .iter()
            .filter(|a| kept.contains(a.at.source.as_str()))
            .filter(|a| match (rec.as_of, a.as_of) {
                (Some(limit), Some(at)) => at <= limit,
                _ => true,
            })
            .cloned(),
    );
    check(rules, &claims)
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn position(c: &Claim) -> (&str, usize, usize) {
    (&c.at.source, c.at.line, c.at.column)
}

/// One source's way to the key: its operand figures and the interval they imply.
struct Implied<'c> {
    source: &'c str,
    inputs: Vec<&'c Claim>,
    interval: (f64, f64),
}

fn check_relation(
    rules: &RuleSet,
    relation: &Relation,
    by_key: &BTreeMap<&str, Vec<&Claim>>,
) -> Vec<DerivedCheck> {
    let Some(result) = rules.keys.get(relation.key) else {
        return Vec::new();
    };
    let operands: Vec<&str> = relation
        .op
        .operands()
        .iter()
        .filter_map(|&k| rules.keys.get(k).map(|k| k.id.as_str()))
        .collect();
    let claims_of = |key: &str| by_key.get(key).map(Vec::as_slice).unwrap_or(&[]);
    let mut sources: Vec<&str> = operands
        .iter()
        .flat_map(|k| claims_of(k).iter().map(|c| c.at.source.as_str()))
        .collect();
    sources.sort_unstable();
    sources.dedup();

    // Each operand's claims by source, so a source's operands are found without scanning
    // every source's claims (claims are already sorted by source).
    let by_source: Vec<BTreeMap<&str, Vec<&Claim>>> = operands
        .iter()
        .map(|k| {
            let mut m: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
            for c in claims_of(k) {
                m.entry(c.at.source.as_str()).or_default().push(c);
            }
            m
        })
        .collect();
    let mut implied: Vec<Implied> = Vec::new();
    for source in sources {
        let lists: Vec<Vec<&Claim>> = by_source
            .iter()
            .map(|m| m.get(source).cloned().unwrap_or_default())
            .collect();
        if lists.iter().any(Vec::is_empty) {
            continue;
        }
        let mut seen: Vec<(f64, f64)> = Vec::new();
        for inputs in combinations(&lists) {
            let Some(interval) = imply(rules, relation, &inputs) else {
                continue;
            };
            if seen.iter().any(|s| same(*s, interval)) {
                continue;
            }
            seen.push(interval);
            implied.push(Implied {
                source,
                inputs,
                interval,
            });
        }
    }

    let stated = claims_of(&result.id);
    let widths = widths_of(rules, relation.key);
    // What a source that does not state the key is checked against is the same for every such
    // source (all the stated figures), and with nobody stating it, every source's implication
    // less its own: either way one tally, built once.
    let shared = if stated.is_empty() {
        let all_implied = implied
            .iter()
            .map(|other| {
                let f = implied_figure(result.id.as_str(), rules, relation, other);
                let v = f.value;
                (f, (v, v))
            })
            .collect();
        Tally::new(rules, &result.id, all_implied)
    } else {
        Tally::new(rules, &result.id, stated_figures(stated, widths))
    };
    let mut out = Vec::new();
    let mut stated_by_source: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
    for c in stated {
        stated_by_source
            .entry(c.at.source.as_str())
            .or_default()
            .push(c);
    }
    for imp in &implied {
        let own: &[&Claim] = stated_by_source.get(imp.source).map_or(&[], Vec::as_slice);
        let own_tally;
        let against = if !own.is_empty() {
            own_tally = Tally::new(rules, &result.id, stated_figures(own, widths));
            Against::new(&own_tally, None)
        } else if !stated.is_empty() {
            Against::new(&shared, None)
        } else {
            Against::new(&shared, Some(imp.source))
        };
        let figures: Vec<&(DerivedFigure, (f64, f64))> = against.figures().collect();
        if figures.is_empty() {
            continue;
        }
        let (lo, hi) = imp.interval;
        let slack = relation.tolerance * lo.abs().max(hi.abs());
        let (lo, hi) = (lo - slack, hi + slack);
        let disagrees = |(flo, fhi): (f64, f64)| {
            fhi < lo - 1e-9 * lo.abs().max(1.0) || flo > hi + 1e-9 * hi.abs().max(1.0)
        };
        let disagree: Vec<bool> = figures.iter().map(|(_, iv)| disagrees(*iv)).collect();
        let any_disagree = disagree.iter().any(|d| *d);
        let verdict = if any_disagree {
            DerivedVerdict::Inconsistent
        } else {
            DerivedVerdict::Consistent
        };
        let expected = (imp.interval.0 + imp.interval.1) / 2.0;
        let message = message(rules, relation, imp, expected, &against, any_disagree);
        let (found, found_omitted) = listed(&figures, &disagree);
        out.push(DerivedCheck {
            relation: relation.id.clone(),
            label: relation.label("en").to_string(),
            key: result.id.clone(),
            source: imp.source.to_string(),
            op: relation.op.name(),
            inputs: imp
                .inputs
                .iter()
                .map(|c| operand_figure(c, &relation.op))
                .collect(),
            expected,
            lower: imp.interval.0,
            upper: imp.interval.1,
            found,
            found_omitted,
            verdict,
            message,
        });
    }
    out
}

/// The most figures a check lists in `found`; the rest are counted in `found_omitted` (and
/// every one of them still counts toward the verdict and the message).
pub const MAX_FOUND: usize = 12;

/// The figures a check lists: all of them when they are few, else the disagreeing ones
/// first, then agreeing ones, up to [`MAX_FOUND`], in their original order.
fn listed(
    figures: &[&(DerivedFigure, (f64, f64))],
    disagree: &[bool],
) -> (Vec<DerivedFigure>, usize) {
    if figures.len() <= MAX_FOUND {
        return (figures.iter().map(|(f, _)| f.clone()).collect(), 0);
    }
    let mut keep: Vec<usize> = (0..figures.len()).filter(|&i| disagree[i]).collect();
    keep.extend((0..figures.len()).filter(|&i| !disagree[i]));
    keep.truncate(MAX_FOUND);
    keep.sort_unstable();
    let found = keep.iter().map(|&i| figures[i].0.clone()).collect();
    (found, figures.len() - MAX_FOUND)
}

/// Stated claims as figures, each with its interval under the key's widths.
fn stated_figures(claims: &[&Claim], widths: Widths) -> Vec<(DerivedFigure, (f64, f64))> {
    claims
        .iter()
        .map(|c| {
            let m = &c.at.mention;
            let iv = Interval::of(m.value, m.upper, m.hedge, widths);
            (stated_figure(c), (iv.lower, iv.upper))
        })
        .collect()
}

/// The figures checks compare with, and the same grouped for their messages: each value as
/// the key shows it, with the short names of the sources that give it. Built once per set of
/// figures and shared by every check against that set ([`Against`] leaves one source out).
struct Tally {
    figures: Vec<(DerivedFigure, (f64, f64))>,
    /// Per value shown, in order: each short source name and how many figures it gives there.
    by_value: Vec<(String, Vec<(String, usize)>)>,
    /// For each source, its figures: (index into `by_value`, index of its name there).
    of_source: BTreeMap<String, Vec<(usize, usize)>>,
    implied_only: bool,
}

impl Tally {
    fn new(rules: &RuleSet, key: &str, figures: Vec<(DerivedFigure, (f64, f64))>) -> Tally {
        let mut values: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        let shown: Vec<(String, String)> = figures
            .iter()
            .map(|(f, _)| {
                let value = amount(rules, key, f.value);
                let name = crate::compare::short_id(&f.source).to_string();
                *values
                    .entry(value.clone())
                    .or_default()
                    .entry(name.clone())
                    .or_default() += 1;
                (value, name)
            })
            .collect();
        let by_value: Vec<(String, Vec<(String, usize)>)> = values
            .into_iter()
            .map(|(v, names)| (v, names.into_iter().collect()))
            .collect();
        let mut of_source: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        for ((f, _), (value, name)) in figures.iter().zip(&shown) {
            let v = by_value.partition_point(|(x, _)| x < value);
            let n = by_value[v].1.partition_point(|(x, _)| x < name);
            of_source.entry(f.source.clone()).or_default().push((v, n));
        }
        let implied_only = figures.iter().all(|(f, _)| f.implied);
        Tally {
            figures,
            by_value,
            of_source,
            implied_only,
        }
    }
}

/// What one check compares with: a tally, less one source's own figures (an implied figure
/// is not checked against its own source's). Leaving a source out costs its own figures,
/// not a copy of everyone's: with thousands of sources that all imply the key, copying the
/// tally per source was quadratic in allocations.
struct Against<'t> {
    tally: &'t Tally,
    except: Option<&'t str>,
    /// Figures of `except` per (value, name) position.
    left_out: BTreeMap<(usize, usize), usize>,
}

impl<'t> Against<'t> {
    fn new(tally: &'t Tally, except: Option<&'t str>) -> Against<'t> {
        let mut left_out = BTreeMap::new();
        for &at in except
            .and_then(|s| tally.of_source.get(s))
            .map_or(&[][..], Vec::as_slice)
        {
            *left_out.entry(at).or_default() += 1;
        }
        Against {
            tally,
            except,
            left_out,
        }
    }

    fn figures(&self) -> impl Iterator<Item = &'t (DerivedFigure, (f64, f64))> + '_ {
        self.tally
            .figures
            .iter()
            .filter(move |(f, _)| Some(f.source.as_str()) != self.except)
    }

    /// Each value still given, with its first [`NAMED`] source names and how many there are.
    fn said(&self) -> Vec<(&'t str, Vec<&'t str>, usize)> {
        let mut out = Vec::new();
        for (v, (value, names)) in self.tally.by_value.iter().enumerate() {
            let mut first = Vec::new();
            let mut total = 0;
            for (n, (name, count)) in names.iter().enumerate() {
                if self.left_out.get(&(v, n)).copied().unwrap_or(0) < *count {
                    total += 1;
                    if first.len() < NAMED {
                        first.push(name.as_str());
                    }
                }
            }
            if total > 0 {
                out.push((value.as_str(), first, total));
            }
        }
        out
    }
}

/// Every way to pick one claim per operand, at most [`MAX_COMBINATIONS`].
fn combinations<'c>(lists: &[Vec<&'c Claim>]) -> Vec<Vec<&'c Claim>> {
    let mut out: Vec<Vec<&Claim>> = vec![Vec::new()];
    for list in lists {
        let mut next = Vec::new();
        for partial in &out {
            for c in list {
                if next.len() >= MAX_COMBINATIONS {
                    break;
                }
                let mut p = partial.clone();
                p.push(*c);
                next.push(p);
            }
        }
        out = next;
    }
    out
}

fn same(a: (f64, f64), b: (f64, f64)) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0);
    close(a.0, b.0) && close(a.1, b.1)
}

fn widths_of(rules: &RuleSet, key: usize) -> Widths {
    match rules.keys.get(key) {
        Some(k) => Widths {
            tolerance: k.tolerance,
            approx: k.approx,
            slack: k.slack,
        },
        None => Widths {
            tolerance: 0.0,
            approx: crate::compare::DEFAULT_APPROX,
            slack: crate::compare::DEFAULT_SLACK,
        },
    }
}

/// A claim's interval under its key's widths.
fn interval(rules: &RuleSet, c: &Claim) -> Option<(f64, f64)> {
    let key = rules.key_index(&c.key)?;
    let m = &c.at.mention;
    let iv = Interval::of(m.value, m.upper, m.hedge, widths_of(rules, key));
    (iv.lower.is_finite() && iv.upper.is_finite()).then_some((iv.lower, iv.upper))
}

/// The year a claim was made for: its as-of date (its period, or the publication date).
fn year_of(c: &Claim) -> Option<i32> {
    use chrono::Datelike;
    c.as_of.map(|d| d.year())
}

/// The interval the relation implies from one figure per operand.
fn imply(rules: &RuleSet, relation: &Relation, inputs: &[&Claim]) -> Option<(f64, f64)> {
    let intervals: Vec<(f64, f64)> = inputs
        .iter()
        .map(|c| interval(rules, c))
        .collect::<Option<_>>()?;
    let percent = rules
        .keys
        .get(relation.key)
        .is_some_and(|k| k.unit == Unit::Percent);
    let (lo, hi) = match &relation.op {
        Op::Sum(_) => intervals
            .iter()
            .fold((0.0, 0.0), |acc, iv| (acc.0 + iv.0, acc.1 + iv.1)),
        Op::Difference(..) => {
            let (a, b) = (intervals.first()?, intervals.get(1)?);
            (a.0 - b.1, a.1 - b.0)
        }
        Op::Ratio(..) => {
            let (part, whole) = (intervals.first()?, intervals.get(1)?);
            // Only a positive whole divides into a meaningful share.
            if whole.0 <= 0.0 {
                return None;
            }
            let scale = if percent { 100.0 } else { 1.0 };
            let quotients = [
                part.0 / whole.0,
                part.0 / whole.1,
                part.1 / whole.0,
                part.1 / whole.1,
            ];
            let lo = quotients.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = quotients.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            (lo * scale, hi * scale)
        }
        Op::Anniversary(_) => {
            let ordinal = inputs.first()?;
            let year = f64::from(year_of(ordinal)?);
            let n = ordinal.value()?;
            (year - n, year - n)
        }
    };
    (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
}

fn stated_figure(c: &Claim) -> DerivedFigure {
    DerivedFigure {
        key: c.key.clone(),
        source: c.at.source.to_string(),
        line: c.at.line,
        column: c.at.column,
        text: c.at.text.to_string(),
        value: c.value().unwrap_or(f64::NAN),
        year: None,
        implied: false,
    }
}

fn operand_figure(c: &Claim, op: &Op) -> DerivedFigure {
    DerivedFigure {
        year: matches!(op, Op::Anniversary(_))
            .then(|| year_of(c))
            .flatten(),
        ..stated_figure(c)
    }
}

/// Another source's implication, as a figure to check against.
fn implied_figure(
    key: &str,
    rules: &RuleSet,
    relation: &Relation,
    other: &Implied,
) -> DerivedFigure {
    let first = other.inputs.first();
    DerivedFigure {
        key: key.to_string(),
        source: other.source.to_string(),
        line: first.map_or(0, |c| c.at.line),
        column: first.map_or(0, |c| c.at.column),
        text: inputs_text(rules, relation, &other.inputs),
        value: (other.interval.0 + other.interval.1) / 2.0,
        year: None,
        implied: true,
    }
}

/// A value as its key's unit shows it: `1992`, `33rd`, `$5 billion`, `85%`.
fn amount(rules: &RuleSet, key: &str, v: f64) -> String {
    let unit = rules.key(key).map(|k| &k.unit);
    let n = crate::render::human_number(v);
    match unit {
        Some(Unit::Measure(u)) if u == CALENDAR_YEAR || u == ORDINAL => {
            if v.fract() == 0.0 && v.abs() < 1e6 {
                format!("{}", v as i64)
            } else {
                n
            }
        }
        Some(Unit::Percent) => format!("{n}%"),
        Some(Unit::Currency(code)) if code == "USD" => format!("${n}"),
        Some(Unit::Currency(code)) if code == "EUR" => format!("€{n}"),
        Some(Unit::Currency(code)) => format!("{n} {code}"),
        Some(Unit::Measure(u)) => format!("{n} {u}"),
        _ => n,
    }
}

/// `the 33rd anniversary marked in 2025`, `$3 billion + $2 billion`.
fn inputs_text(rules: &RuleSet, relation: &Relation, inputs: &[&Claim]) -> String {
    let shown: Vec<String> = inputs
        .iter()
        .map(|c| match c.value() {
            Some(v) if !matches!(relation.op, Op::Anniversary(_)) => amount(rules, &c.key, v),
            _ => c.at.text.to_string(),
        })
        .collect();
    match &relation.op {
        Op::Anniversary(_) => {
            let year = inputs.first().and_then(|c| year_of(c));
            match year {
                Some(y) => format!("the {} anniversary marked in {y}", shown.join("")),
                None => format!("the {} anniversary", shown.join("")),
            }
        }
        Op::Sum(_) => shown.join(" + "),
        Op::Difference(..) => shown.join(" − "),
        Op::Ratio(..) => shown.join(" / "),
    }
}

/// The most source names a message lists for one value before it counts the rest.
const NAMED: usize = 5;

/// Short source names, sorted and distinct: `000, 003 and 004`; past [`NAMED`] of them,
/// `000, 001, 002, 003, 004 and 12 more`.
/// `first` holds the first [`NAMED`] of `total` names.
fn names(first: &[&str], total: usize) -> String {
    match first {
        [] => String::new(),
        _ if total > first.len() => {
            format!("{} and {} more", first.join(", "), total - first.len())
        }
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `the 33rd anniversary marked in 2025 (000) implies 1992; 000, 003 and 004 say 1992`.
fn message(
    rules: &RuleSet,
    relation: &Relation,
    imp: &Implied,
    expected: f64,
    against: &Against<'_>,
    disagree: bool,
) -> String {
    let key = rules
        .keys
        .get(relation.key)
        .map(|k| k.id.as_str())
        .unwrap_or("?");
    let implied = if imp.interval.1 - imp.interval.0 > 1e-9 * expected.abs().max(1.0) {
        format!(
            "{} to {}",
            amount(rules, key, imp.interval.0),
            amount(rules, key, imp.interval.1)
        )
    } else {
        amount(rules, key, expected)
    };
    let head = format!(
        "{} ({}) implies {implied} for {key}",
        inputs_text(rules, relation, &imp.inputs),
        crate::compare::short_id(imp.source)
    );
    let verb = if against.tally.implied_only {
        "imply"
    } else {
        "say"
    };
    let said: Vec<String> = against
        .said()
        .into_iter()
        .map(|(v, first, total)| {
            let n = names(&first, total);
            let one = total == 1;
            let verb = match (one, verb) {
                (true, "say") => "says",
                (true, _) => "implies",
                (false, v) => v,
            };
            format!("{n} {verb} {v}")
        })
        .collect();
    if !disagree {
        format!("{head}; consistent: {}", said.join("; "))
    } else {
        format!("{head}; inconsistent: {}", said.join("; "))
    }
}
