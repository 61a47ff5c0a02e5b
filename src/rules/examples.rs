//! Running the examples written next to each key. An example runs through the real pipeline,
//! `extract` then [`RuleSet::classify`], exactly as an article would; it passes when a figure
//! with its value (and hedge, when given) maps onto its key. A counter-example passes when no
//! figure (or none with its value, when given) maps onto its key. A relation's example is a
//! small text read as one source: it passes when the relation is checked on its figures and
//! holds (a counter-example: and is broken). This module only reports;
//! `reconcile rules test` prints the failures and sets the exit status.

use std::path::Path;

use super::compile::Example;
use super::{ExampleFailure, Match, Relation, RelationExample, RuleSet, CALENDAR_YEAR, ORDINAL};
use crate::derive::{self, DerivedCheck, DerivedVerdict};
use crate::extract::{self, Mention, Unit};
use crate::lang::{Language, Languages};
use crate::normalize;
use crate::source::{self, LoadOptions};

/// Run every example and counter-example, of keys and of relations; failures in file order.
pub fn run(rules: &RuleSet, langs: &Languages) -> Vec<ExampleFailure> {
    let mut failures: Vec<ExampleFailure> = rules
        .compiled
        .examples
        .iter()
        .filter_map(|ex| check(rules, langs, ex).err())
        .collect();
    for relation in &rules.relations {
        for ex in &relation.examples {
            if let Err(f) = check_relation(rules, langs, relation, ex) {
                failures.push(f);
            }
        }
    }
    failures.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    failures
}

/// Check one example.
pub fn check(rules: &RuleSet, langs: &Languages, ex: &Example) -> Result<(), ExampleFailure> {
    let fail = |message: String| ExampleFailure {
        path: ex.file.clone(),
        line: ex.line,
        message,
    };
    let Some(key) = rules.keys.get(ex.key) else {
        return Err(fail("example names no key".to_string()));
    };
    let Some(lang) = langs.get(&ex.lang) else {
        return Err(fail(format!("unknown language \"{}\"", ex.lang)));
    };
    let found = classified(rules, lang, &ex.text);
    let what = if ex.counter {
        "counter-example"
    } else {
        "example"
    };
    let quoted = quote(&ex.text);
    let same = |m: &Mention| ex.value.map_or(true, |v| close(m.value, v));
    let mine = |r: &Match| matches!(r, Match::Key { key, .. } if *key == ex.key);

    if ex.counter {
        return match found.iter().find(|(m, r)| same(m) && mine(r)) {
            None => Ok(()),
            Some((m, _)) => Err(fail(format!(
                "{what} {quoted} expected not {}, got {} (value {})",
                key.id,
                key.id,
                value(m.value)
            ))),
        };
    }

    let expected = match ex.value {
        Some(v) => format!("{} (value {}{})", key.id, number(v), hedge_note(ex)),
        None => key.id.clone(),
    };
    if found
        .iter()
        .any(|(m, r)| same(m) && mine(r) && ex.hedge.map_or(true, |h| m.hedge == h))
    {
        return Ok(());
    }
    let hedge = ex.hedge.is_some();
    let got = if let Some((m, r)) = found.iter().find(|(m, _)| same(m)) {
        describe(rules, m, r, hedge)
    } else if let Some((m, r)) = found.iter().find(|(_, r)| mine(r)) {
        describe(rules, m, r, hedge)
    } else if found.is_empty() {
        "no figure".to_string()
    } else {
        let values: Vec<String> = found.iter().map(|(m, _)| value(m.value)).collect();
        format!("no figure with that value (found {})", values.join(", "))
    };
    Err(fail(format!(
        "{what} {quoted} expected {expected}, got {got}"
    )))
}

/// Every figure of `text` that is a quantity, with what the rules make of it; ordinals,
/// years and dates too when a key takes them (`ordinal`, `calendar_year`), as `normalize`
/// reads them.
fn classified(rules: &RuleSet, lang: &Language, text: &str) -> Vec<(Mention, Match)> {
    let ordinals = rules.has_unit(&Unit::Measure(ORDINAL.to_string()));
    let years = rules.has_unit(&Unit::Measure(CALENDAR_YEAR.to_string()));
    extract::extract(text, lang, None)
        .into_iter()
        .filter_map(|m| match m.ignored {
            None => Some(m),
            Some(_) => {
                let written = text.get(m.span.start..m.span.end).unwrap_or("");
                normalize::anchor_mention(&m, written, ordinals, years)
            }
        })
        .map(|m| {
            let r = rules.classify(text, &m, lang);
            (m, r)
        })
        .collect()
}

/// Run one relation example: the text is read as one source (published on the example's
/// date), its figures normalized, and the relation checked. An example passes when the
/// relation is checked and holds; a counter-example when it is checked and broken.
pub fn check_relation(
    rules: &RuleSet,
    langs: &Languages,
    relation: &Relation,
    ex: &RelationExample,
) -> Result<(), ExampleFailure> {
    let fail = |message: String| ExampleFailure {
        path: ex.file.clone(),
        line: ex.line,
        message,
    };
    let Some(lang) = langs.get(&ex.lang) else {
        return Err(fail(format!("unknown language \"{}\"", ex.lang)));
    };
    let opts = LoadOptions {
        lang: Some(ex.lang.clone()),
        decode: None,
    };
    let mut src = source::from_text(
        "example",
        Path::new("example.txt"),
        ex.text.clone(),
        &opts,
        langs,
    );
    src.published = ex.published;
    let mentions = extract::extract(&src.prose, lang, src.published);
    let n = normalize::normalize(&src, mentions, rules, lang);
    let mut claims = n.claims;
    claims.extend(n.anchors);
    let checks: Vec<DerivedCheck> = derive::check(rules, &claims)
        .into_iter()
        .filter(|c| c.relation == relation.id)
        .collect();
    let what = if ex.counter {
        "counter-example"
    } else {
        "example"
    };
    let quoted = quote(&ex.text);
    let want = if ex.counter { "broken" } else { "kept" };
    let broken = checks
        .iter()
        .any(|c| c.verdict == DerivedVerdict::Inconsistent);
    let got = match checks.first() {
        None => {
            let mut found: Vec<String> = claims
                .iter()
                .map(|c| format!("{} {}", c.key, c.at.text))
                .collect();
            found.sort();
            if found.is_empty() {
                "not checked (no figure maps onto its keys)".to_string()
            } else {
                format!("not checked (found only {})", found.join(", "))
            }
        }
        Some(_) if broken == ex.counter => return Ok(()),
        Some(first) => {
            let shown = checks
                .iter()
                .find(|c| (c.verdict == DerivedVerdict::Inconsistent) != ex.counter)
                .unwrap_or(first);
            format!("{}: {}", shown.verdict.as_str(), shown.message)
        }
    };
    Err(fail(format!(
        "{what} {quoted} expected relation {} {want}, got {got}",
        relation.id
    )))
}

/// `unmapped (closest k: why)`, `ambiguous (a, b)`, `KEY (value V)`; the hedge too when
/// the example asks for one.
fn describe(rules: &RuleSet, m: &Mention, r: &Match, hedge: bool) -> String {
    let id = |k: usize| rules.keys.get(k).map(|k| k.id.as_str()).unwrap_or("?");
    match r {
        Match::Key { key, .. } if hedge => format!(
            "{} (value {}, hedge {})",
            id(*key),
            value(m.value),
            m.hedge.as_str()
        ),
        Match::Key { key, .. } => format!("{} (value {})", id(*key), value(m.value)),
        Match::Ambiguous { keys } => {
            let ids: Vec<&str> = keys.iter().map(|&k| id(k)).collect();
            format!("ambiguous ({})", ids.join(", "))
        }
        Match::Unmapped { closest } => match closest {
            Some((k, why)) => format!("unmapped (closest {}: {why})", id(*k)),
            None => "unmapped".to_string(),
        },
    }
}

fn hedge_note(ex: &Example) -> String {
    ex.hedge
        .map(|h| format!(", hedge {}", h.as_str()))
        .unwrap_or_default()
}

fn close(found: Option<f64>, want: f64) -> bool {
    found.is_some_and(|v| (v - want).abs() <= want.abs() * 1e-9 + 1e-9)
}

fn value(v: Option<f64>) -> String {
    v.map(number).unwrap_or_else(|| "none".to_string())
}

/// `5000000000`, `5.2`, never `5e9`.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e16 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The example's text in quotes, cut short when long.
fn quote(text: &str) -> String {
    let one_line = crate::normalize::one_line(text);
    if one_line.chars().count() <= 72 {
        format!("\"{one_line}\"")
    } else {
        let cut: String = one_line.chars().take(70).collect();
        format!("\"{}…\"", cut.trim_end())
    }
}
