//! Hand-built corpora for the truth tests: figures with their sentences, sources with their
//! dates and trust, reconciled without extraction or rule files.

#![allow(dead_code)]

use std::path::PathBuf;

use chrono::NaiveDate;
use reconcile::compare::{reconcile_with, Options, Reconciliation, SourceInfo};
use reconcile::extract::{Hedge, Mention, Period, Unit};
use reconcile::normalize::{Claim, Located, Normalized, Unmapped};
use reconcile::rules::{Key, KeyKind, RuleSet};
use reconcile::text::Span;

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// One figure in one source. `key: None` is an unmapped figure.
#[derive(Debug, Clone)]
pub struct Fig {
    pub source: String,
    pub key: Option<String>,
    pub value: f64,
    pub unit: Unit,
    pub hedge: Hedge,
    pub period: Option<Period>,
    pub sentence: String,
    pub line: usize,
}

pub fn fig(source: &str, key: &str, value: f64, sentence: &str) -> Fig {
    Fig {
        source: source.into(),
        key: Some(key.into()),
        value,
        unit: Unit::Count,
        hedge: Hedge::Exact,
        period: None,
        sentence: sentence.into(),
        line: 1,
    }
}

/// A figure no rule maps.
pub fn loose(source: &str, value: f64, sentence: &str) -> Fig {
    Fig {
        key: None,
        ..fig(source, "", value, sentence)
    }
}

impl Fig {
    pub fn hedge(mut self, h: Hedge) -> Fig {
        self.hedge = h;
        self
    }
    pub fn usd(mut self) -> Fig {
        self.unit = Unit::Currency("USD".into());
        self
    }
    pub fn year(mut self, y: i32) -> Fig {
        self.period = Period::year(y);
        self
    }
    pub fn line(mut self, l: usize) -> Fig {
        self.line = l;
        self
    }
    pub fn from(mut self, source: &str) -> Fig {
        self.source = source.into();
        self
    }
}

/// A source: id, publication date, prior trust.
#[derive(Debug, Clone)]
pub struct Src {
    pub id: String,
    pub published: Option<NaiveDate>,
    pub trust: Option<f64>,
}

pub fn src(id: &str, published: &str) -> Src {
    Src {
        id: id.into(),
        published: Some(date(published)),
        trust: None,
    }
}

impl Src {
    pub fn trust(mut self, t: f64) -> Src {
        self.trust = Some(t);
        self
    }
    pub fn undated(mut self) -> Src {
        self.published = None;
        self
    }
}

fn key(id: &str, kind: KeyKind) -> Key {
    Key {
        id: id.into(),
        labels: [("en".to_string(), id.replace('_', " "))].into(),
        unit: Unit::Count,
        kind,
        tolerance: 0.02,
        approx: 0.05,
        slack: 0.10,
        file: PathBuf::from("rules/test.toml"),
        line: 1,
    }
}

/// Keys named after their kind: `stock`, `flow`, `target`, `count`, `share`, plus a few more
/// stocks and counts (`stock2`, `count2`, …) for corpora with many keys.
pub fn rules() -> RuleSet {
    let mut keys = vec![
        key("stock", KeyKind::Stock),
        key("flow", KeyKind::Flow),
        key("target", KeyKind::Target),
        key("count", KeyKind::Count),
        key("share", KeyKind::Share),
    ];
    for i in 2..10 {
        keys.push(key(&format!("stock{i}"), KeyKind::Stock));
        keys.push(key(&format!("count{i}"), KeyKind::Count));
    }
    RuleSet::from_keys(keys)
}

fn mention(f: &Fig) -> Mention {
    Mention {
        span: Span::new(0, 1),
        sentence: Span::new(0, 1),
        value: Some(f.value),
        upper: None,
        unit: f.unit.clone(),
        hedge: f.hedge,
        period: f.period,
        previous: None,
        ignored: None,
    }
}

fn located(f: &Fig) -> Located {
    Located {
        source: f.source.clone().into(),
        line: f.line,
        column: 1,
        end_line: f.line,
        end_column: 2,
        text: reconcile::render::human_number(f.value).into(),
        sentence: f.sentence.clone().into(),
        mention: mention(f),
    }
}

pub fn normalized(sources: &[Src], figs: &[Fig]) -> (Vec<SourceInfo>, Normalized) {
    let infos = sources
        .iter()
        .map(|s| SourceInfo {
            id: s.id.clone(),
            path: format!("corpus/{}.txt", s.id),
            lang: "en".into(),
            published: s.published,
            outlet: None,
            trust: s.trust,
        })
        .collect();
    let mut all = Normalized::default();
    for f in figs {
        let published = sources
            .iter()
            .find(|s| s.id == f.source)
            .and_then(|s| s.published);
        match &f.key {
            Some(k) => {
                let m = mention(f);
                all.claims.push(Claim {
                    key: k.clone(),
                    as_of: reconcile::normalize::as_of(&m, published),
                    at: located(f),
                    evidence: Vec::new(),
                })
            }
            None => all.unmapped.push(Unmapped {
                at: located(f),
                ambiguous: Vec::new(),
                closest: None,
            }),
        }
    }
    (infos, all)
}

pub fn corpus_with(sources: &[Src], figs: &[Fig], opts: &Options) -> Reconciliation {
    let (infos, all) = normalized(sources, figs);
    reconcile_with(infos, all, &rules(), opts)
}

pub fn corpus(sources: &[Src], figs: &[Fig]) -> Reconciliation {
    corpus_with(sources, figs, &Options::default())
}

pub fn finding<'a>(rec: &'a Reconciliation, key: &str) -> &'a reconcile::compare::Finding {
    rec.findings
        .iter()
        .find(|f| f.key == key)
        .unwrap_or_else(|| panic!("no finding for {key}: {:#?}", rec.findings))
}

pub fn why(rec: &Reconciliation, key: &str) -> String {
    finding(rec, key)
        .suggested
        .as_ref()
        .map(|s| s.why.clone())
        .unwrap_or_default()
}

pub fn suggested(rec: &Reconciliation, key: &str) -> f64 {
    finding(rec, key)
        .suggested
        .as_ref()
        .map(|s| s.value)
        .unwrap_or(f64::NAN)
}

/// Short ids of each copy group.
pub fn groups(rec: &Reconciliation) -> Vec<Vec<String>> {
    rec.copies
        .iter()
        .map(|g| g.sources.iter().map(|s| s.to_string()).collect())
        .collect()
}
