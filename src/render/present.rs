//! Words and short names the human-facing reports (markdown, html) share, so a figure reads the
//! same in both: source short names, verdict titles, hedge words and value labels. Escaping is
//! not done here; callers escape for their format.

use std::collections::BTreeMap;

use crate::compare::{SourceInfo, Verdict};
use crate::extract::{Hedge, Mention, Unit};
use crate::render::human_number;

/// Short display names for sources: the id's prefix before `_` (`000`) when no other source
/// shares it, the full id otherwise.
#[derive(Debug, Clone, Default)]
pub struct SourceNames {
    names: BTreeMap<String, String>,
}

impl SourceNames {
    pub fn new(sources: &[SourceInfo]) -> SourceNames {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for s in sources {
            *count.entry(prefix(&s.id)).or_default() += 1;
        }
        let names = sources
            .iter()
            .map(|s| {
                let p = prefix(&s.id);
                let name = if count.get(p) == Some(&1) { p } else { &s.id };
                (s.id.clone(), name.to_string())
            })
            .collect();
        SourceNames { names }
    }

    /// The short name of `id`; an id no source has is shown whole.
    pub fn get<'a>(&'a self, id: &'a str) -> &'a str {
        self.names.get(id).map(String::as_str).unwrap_or(id)
    }
}

fn prefix(id: &str) -> &str {
    id.split('_').next().filter(|p| !p.is_empty()).unwrap_or(id)
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

/// A number with its unit as a reader expects: `3,538`, `85%`, `2.5 billion USD`, `90 day`.
pub fn with_unit(v: f64, unit: &Unit) -> String {
    let n = human_number(v);
    match unit {
        Unit::Count => n,
        Unit::Percent => format!("{n}%"),
        Unit::Currency(c) | Unit::Measure(c) => format!("{n} {c}"),
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

    fn src(id: &str) -> SourceInfo {
        SourceInfo {
            id: id.to_string(),
            path: String::new(),
            lang: "en".to_string(),
            published: None,
            outlet: None,
            trust: None,
        }
    }

    #[test]
    fn short_names_only_when_unambiguous() {
        let names = SourceNames::new(&[src("000_ab"), src("001_cd"), src("001_ef"), src("_x")]);
        assert_eq!(names.get("000_ab"), "000");
        assert_eq!(names.get("001_cd"), "001_cd");
        assert_eq!(names.get("_x"), "_x");
        assert_eq!(names.get("unknown"), "unknown");
    }

    #[test]
    fn bounds_say_open_ended_intervals_in_words() {
        assert_eq!(bounds(3538.0, 3538.0), "3,538");
        assert_eq!(bounds(3325.0, 3675.0), "3,325–3,675");
        assert_eq!(bounds(5.0, f64::INFINITY), "≥ 5");
    }
}
