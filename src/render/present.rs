//! Words and short names the human-facing reports (markdown, html) share, so a figure reads the
//! same in both: source short names, verdict titles, hedge words and value labels. Escaping is
//! not done here; callers escape for their format.

use std::collections::BTreeMap;

use crate::compare::{CopyGroup, Reconciliation, Verdict};
use crate::extract::{Hedge, Mention, Period, PeriodKind, Unit};
use crate::render::human_number;

/// The verdicts in the order the reports show their sections: what an editor must act on first.
pub const VERDICTS: [Verdict; 5] = [
    Verdict::Conflict,
    Verdict::PeriodConflict,
    Verdict::Superseded,
    Verdict::Agree,
    Verdict::SingleSource,
];

/// The outlets the manifest names, by source id, for tables that look a source up by id
/// (learned trust): a list sorted once per table. Scanning the sources for every row made a
/// markdown report of 44,000 sources with `--learn-trust` take 18.6 s instead of 5.
pub struct Outlets<'a> {
    /// Id and outlet, sorted by id; sources with one id keep their report order.
    by_id: Vec<(&'a str, Option<&'a str>)>,
}

impl<'a> Outlets<'a> {
    pub fn of(rec: &'a Reconciliation) -> Outlets<'a> {
        let mut by_id: Vec<_> = rec.sources.iter().map(|s| (s.id, s.outlet)).collect();
        by_id.sort_by(|a, b| a.0.cmp(b.0));
        Outlets { by_id }
    }

    /// The outlet of the first source with id `id`, when the manifest names one.
    pub fn get(&self, id: &str) -> Option<&'a str> {
        let at = self.by_id.partition_point(|(k, _)| *k < id);
        self.by_id.get(at).filter(|(k, _)| *k == id)?.1
    }
}

/// Short display names for sources: the id's prefix before `_` (`000`) when no other source
/// shares it, the full id otherwise. Borrowed from the ids, sorted once: a report keeps one
/// entry (two pointers) per source, not two owned strings in a map.
#[derive(Debug, Clone, Default)]
pub struct SourceNames<'a> {
    /// Id and name, sorted by id, each id once.
    names: Vec<(&'a str, &'a str)>,
}

impl<'a> SourceNames<'a> {
    /// The names of the sources with these ids.
    pub fn new(ids: impl IntoIterator<Item = &'a str>) -> SourceNames<'a> {
        let mut ids: Vec<&str> = ids.into_iter().collect();
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for id in &ids {
            *count.entry(prefix(id)).or_default() += 1;
        }
        ids.sort_unstable();
        ids.dedup();
        let names = ids
            .into_iter()
            .map(|id| {
                let p = prefix(id);
                (id, if count.get(p) == Some(&1) { p } else { id })
            })
            .collect();
        SourceNames { names }
    }

    /// The short name of `id`; an id no source has is shown whole.
    pub fn get<'b>(&'b self, id: &'b str) -> &'b str {
        match self.names.binary_search_by(|(k, _)| (*k).cmp(id)) {
            Ok(at) => self.names[at].1,
            Err(_) => id,
        }
    }
}

fn prefix(id: &str) -> &str {
    id.split('_').next().filter(|p| !p.is_empty()).unwrap_or(id)
}

/// A copy group in one line, origin first when it is known:
/// `004 appears to copy 000: 12 of 13 figures shared`, or, when the members were published the
/// same day, `000 and 004 appear to share one origin: 12 of 13 figures shared`.
pub fn copy_headline(g: &CopyGroup, names: &SourceNames) -> String {
    let shared = format!("{} of {} figures shared", g.shared, g.of);
    let origin = g
        .origin
        .as_deref()
        .filter(|o| g.sources.iter().any(|s| **s == **o));
    match origin {
        Some(o) => {
            let rest: Vec<&str> = g
                .sources
                .iter()
                .filter(|s| &***s != o)
                .map(|s| names.get(s))
                .collect();
            let verb = if rest.len() == 1 {
                "appears to copy"
            } else {
                "appear to copy"
            };
            format!("{} {verb} {}: {shared}", and_list(&rest), names.get(o))
        }
        None => {
            let all: Vec<&str> = g.sources.iter().map(|s| names.get(s)).collect();
            format!("{} appear to share one origin: {shared}", and_list(&all))
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A trust on 0..1 as a reader compares them: two decimals, `0.62`; `—` when not a number.
pub fn trust_words(t: f64) -> String {
    if t.is_finite() {
        format!("{t:.2}")
    } else {
        "—".to_string()
    }
}

/// Section heading for a verdict.
pub fn verdict_title(v: Verdict) -> &'static str {
    match v {
        Verdict::Conflict => "Conflicts",
        Verdict::PeriodConflict => "Period conflicts",
        Verdict::Superseded => "Superseded",
        Verdict::Agree => "Agreements",
        Verdict::SingleSource => "Single source",
    }
}

/// A verdict as a reader says it: `conflict`, `period conflict`, `single source`.
pub fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::Conflict => "conflict",
        Verdict::PeriodConflict => "period conflict",
        Verdict::Superseded => "superseded",
        Verdict::Agree => "agree",
        Verdict::SingleSource => "single source",
    }
}

/// `n` findings of a verdict, counted: `2 conflicts`, `1 agreement`, `3 superseded`.
pub fn verdict_count(v: Verdict, n: usize) -> String {
    let (one, many) = match v {
        Verdict::Conflict => ("conflict", "conflicts"),
        Verdict::PeriodConflict => ("period conflict", "period conflicts"),
        Verdict::Superseded => ("superseded", "superseded"),
        Verdict::Agree => ("agreement", "agreements"),
        Verdict::SingleSource => ("single source", "single sources"),
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A hedge as a reader says it: `approx`, `at least`.
pub fn hedge_words(h: Hedge) -> &'static str {
    match h {
        Hedge::Exact => "exact",
        Hedge::Approx => "approx",
        Hedge::Over => "over",
        Hedge::Under => "under",
        Hedge::Almost => "almost",
        Hedge::AtLeast => "at least",
        Hedge::AtMost => "at most",
        Hedge::Range => "range",
    }
}

/// A compact sign for a hedge, for plot labels: `≈3,500`, `>2.5 billion`.
pub fn hedge_sign(h: Hedge) -> &'static str {
    match h {
        Hedge::Exact | Hedge::Range => "",
        Hedge::Approx => "≈",
        Hedge::Over => ">",
        Hedge::Under => "<",
        Hedge::Almost => "≲",
        Hedge::AtLeast => "≥",
        Hedge::AtMost => "≤",
    }
}

/// A number with its unit as a reader expects, as the findings' messages write it: `3,538`,
/// `85%`, `$2.5 billion`, `1.2 billion TRY`, `90 day`.
pub fn with_unit(v: f64, unit: &Unit) -> String {
    amount(&human_number(v), unit)
}

/// `n` (already formatted) with its unit: a currency sign before it (`$`, `€`, `£`), else the
/// unit after it.
fn amount(n: &str, unit: &Unit) -> String {
    match unit {
        Unit::Count => n.to_string(),
        Unit::Percent => format!("{n}%"),
        Unit::Currency(c) => match currency_sign(c) {
            Some(sign) => format!("{sign}{n}"),
            None => format!("{n} {c}"),
        },
        Unit::Measure(c) => format!("{n} {c}"),
    }
}

/// The sign written before an amount in this currency, when it has one everyone reads.
pub fn currency_sign(code: &str) -> Option<&'static str> {
    match code {
        "USD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        _ => None,
    }
}

/// A range of values with its unit, the scale word said once: `$2.5–2.75 billion`,
/// `80.75–85%`, `12,000–13,200`; a single value when both ends are equal.
pub fn range_with_unit(lower: f64, upper: f64, unit: &Unit) -> String {
    if !(lower.is_finite() && upper.is_finite()) || lower == upper {
        return with_unit(if lower.is_finite() { lower } else { upper }, unit);
    }
    let (scale, word) = match lower.abs().min(upper.abs()) {
        a if a >= 1e9 => (1e9, " billion"),
        a if a >= 1e6 => (1e6, " million"),
        _ => (1.0, ""),
    };
    let n = format!(
        "{}–{}{word}",
        plain_number(lower / scale),
        plain_number(upper / scale)
    );
    amount(&n, unit)
}

/// A number with its thousands grouped and at most three decimals, no scale word:
/// `3,467.24`, `2.75`, `13,200`.
fn plain_number(v: f64) -> String {
    let t = format!("{:.3}", v.abs());
    let t = t.trim_end_matches('0').trim_end_matches('.');
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let mut out = String::new();
    if v < 0.0 {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Should a suggested value show its range? Only when the value sits at an end of it (an
/// open-ended figure such as `over $2.5 billion`); a range centred on the value is only the
/// key's tolerance, which tells an editor nothing.
pub fn range_worth_showing(value: f64, lower: f64, upper: f64) -> bool {
    lower != upper && (value == lower || value == upper || !lower.is_finite() || !upper.is_finite())
}

/// A period as a reader says it: `2024`, `2005–2024`, `Jan–May 2024`, `2024–2025`,
/// `as of Jul 2025`.
pub fn period_words(p: &Period) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = |d: chrono::NaiveDate| MONTHS[d.month0() as usize % 12];
    let (a, b) = (p.start, p.end);
    match p.kind {
        PeriodKind::Year => a.year().to_string(),
        PeriodKind::Years | PeriodKind::Academic => format!("{}–{}", a.year(), b.year()),
        PeriodKind::Months if a.year() == b.year() && a.month() == b.month() => {
            format!("{} {}", month(a), a.year())
        }
        PeriodKind::Months if a.year() == b.year() => {
            format!("{}–{} {}", month(a), month(b), a.year())
        }
        PeriodKind::Months => format!("{} {}–{} {}", month(a), a.year(), month(b), b.year()),
        PeriodKind::AsOf if a.day() == 1 && b.day() != 1 => {
            format!("as of {} {}", month(a), a.year())
        }
        PeriodKind::AsOf => format!("as of {a}"),
    }
}

/// The figure a mention states, compactly, with its hedge sign and unit: `≈3,500`,
/// `>2.5 billion USD`, `10–20`; `?` when it has no value.
pub fn figure(m: &Mention) -> String {
    let Some(v) = m.value else {
        return "?".to_string();
    };
    let mut s = hedge_sign(m.hedge).to_string();
    match m.upper {
        Some(u) if m.hedge == Hedge::Range => {
            s.push_str(&human_number(v));
            s.push('–');
            s.push_str(&with_unit(u, &m.unit));
        }
        _ => s.push_str(&with_unit(v, &m.unit)),
    }
    s
}

/// An interval's bounds as text: `3,325–3,675`, `> 2.5 billion`, or the single value.
pub fn bounds(lower: f64, upper: f64) -> String {
    match (lower.is_finite(), upper.is_finite()) {
        (true, true) if lower == upper => human_number(lower),
        (true, true) => format!("{}–{}", human_number(lower), human_number(upper)),
        (true, false) => format!("≥ {}", human_number(lower)),
        (false, true) => format!("≤ {}", human_number(upper)),
        (false, false) => "any value".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_only_when_unambiguous() {
        let names = SourceNames::new(["000_ab", "001_cd", "001_ef", "_x"]);
        assert_eq!(names.get("000_ab"), "000");
        assert_eq!(names.get("001_cd"), "001_cd");
        assert_eq!(names.get("_x"), "_x");
        assert_eq!(names.get("unknown"), "unknown");
    }

    #[test]
    fn short_names_are_the_same_whatever_order_the_ids_come_in() {
        let ids = ["001_ef", "_x", "000_ab", "001_cd", "000_ab"];
        let names = SourceNames::new(ids);
        for id in ids {
            let other = SourceNames::new(ids.iter().rev().copied());
            assert_eq!(names.get(id), other.get(id));
        }
        assert_eq!(names.get("000_ab"), "000_ab", "two sources share 000");
        assert_eq!(names.get("001_ef"), "001_ef");
    }

    #[test]
    fn a_copy_names_its_origin_and_the_shared_count() {
        let names = SourceNames::new(["000_ab", "002_x", "004_cd"]);
        let mut g = CopyGroup {
            sources: vec!["000_ab".into(), "004_cd".into()],
            shared: 12,
            of: 13,
            why: String::new(),
            origin: Some("000_ab".into()),
            pairs: Vec::new(),
        };
        assert_eq!(
            copy_headline(&g, &names),
            "004 appears to copy 000: 12 of 13 figures shared"
        );
        g.sources.insert(1, "002_x".into());
        assert_eq!(
            copy_headline(&g, &names),
            "002 and 004 appear to copy 000: 12 of 13 figures shared"
        );
        g.origin = None;
        assert_eq!(
            copy_headline(&g, &names),
            "000, 002 and 004 appear to share one origin: 12 of 13 figures shared"
        );
    }

    #[test]
    fn amounts_read_as_the_messages_write_them() {
        let usd = Unit::Currency("USD".into());
        assert_eq!(with_unit(2.5e9, &usd), "$2.5 billion");
        assert_eq!(
            with_unit(1.2e9, &Unit::Currency("TRY".into())),
            "1.2 billion TRY"
        );
        assert_eq!(range_with_unit(2.5e9, 2.75e9, &usd), "$2.5–2.75 billion");
        assert_eq!(range_with_unit(80.75, 85.0, &Unit::Percent), "80.75–85%");
        assert_eq!(
            range_with_unit(12000.0, 13200.0, &Unit::Count),
            "12,000–13,200"
        );
        assert_eq!(
            range_with_unit(3467.24, 3608.76, &Unit::Count),
            "3,467.24–3,608.76"
        );
        assert_eq!(range_with_unit(5.0, 5.0, &Unit::Count), "5");
    }

    #[test]
    fn a_range_shows_only_when_the_value_is_at_one_end() {
        assert!(range_worth_showing(2.5e9, 2.5e9, 2.75e9));
        assert!(range_worth_showing(85.0, 80.75, 85.0));
        assert!(!range_worth_showing(3538.0, 3467.24, 3608.76));
        assert!(!range_worth_showing(18.0, 18.0, 18.0));
    }

    #[test]
    fn periods_read_like_prose() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let p = |kind, a, b| Period {
            kind,
            start: a,
            end: b,
        };
        assert_eq!(
            period_words(&p(PeriodKind::Year, d(2024, 1, 1), d(2024, 12, 31))),
            "2024"
        );
        assert_eq!(
            period_words(&p(PeriodKind::Months, d(2024, 1, 1), d(2024, 5, 31))),
            "Jan–May 2024"
        );
        assert_eq!(
            period_words(&p(PeriodKind::Years, d(2005, 1, 1), d(2024, 12, 31))),
            "2005–2024"
        );
        assert_eq!(
            period_words(&p(PeriodKind::AsOf, d(2025, 7, 1), d(2025, 7, 31))),
            "as of Jul 2025"
        );
    }

    #[test]
    fn bounds_say_open_ended_intervals_in_words() {
        assert_eq!(bounds(3538.0, 3538.0), "3,538");
        assert_eq!(bounds(3325.0, 3675.0), "3,325–3,675");
        assert_eq!(bounds(5.0, f64::INFINITY), "≥ 5");
    }
}
