//! Normalize turns mentions into claims: a mention the rules map onto a key becomes a
//! [`Claim`]; one they do not is kept as unmapped; a year, a date or an ordinal is kept as
//! ignored with its reason. Nothing is dropped, so `stats` always adds up.

use chrono::NaiveDate;
use serde::Serialize;

use crate::extract::{Hedge, Ignored, Mention, Period, Unit};
use crate::lang::Language;
use crate::rules::{Match, RuleSet};
use crate::source::Source;
use crate::text::LineIndex;

/// Where a mention stands and what it says, as every output shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Located {
    pub source: String,
    pub line: usize,
    pub column: usize,
    /// Column just past the mention's last character, on its last line.
    pub end_line: usize,
    pub end_column: usize,
    /// The expression as written.
    pub text: String,
    /// Its sentence, whitespace collapsed.
    pub sentence: String,
    pub mention: Mention,
}

/// A mention mapped onto a key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    pub key: String,
    #[serde(flatten)]
    pub at: Located,
    /// When the figure held: a stated as-of date, the end of its period, or the publication date.
    pub as_of: Option<NaiveDate>,
    /// The words around the figure that matched the key's rule.
    pub evidence: Vec<String>,
}

impl Claim {
    pub fn value(&self) -> Option<f64> {
        self.at.mention.value
    }
    pub fn hedge(&self) -> Hedge {
        self.at.mention.hedge
    }
    pub fn unit(&self) -> &Unit {
        &self.at.mention.unit
    }
    pub fn period(&self) -> Option<Period> {
        self.at.mention.period
    }
    pub fn source(&self) -> &str {
        &self.at.source
    }
}

/// A figure no key claims, with the nearest miss for `--explain`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmapped {
    #[serde(flatten)]
    pub at: Located,
    /// Keys that claimed it equally (ambiguity); empty when none did.
    pub ambiguous: Vec<String>,
    /// The closest key and what it lacked.
    pub closest: Option<(String, String)>,
}

/// A number that is not a quantity, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IgnoredMention {
    #[serde(flatten)]
    pub at: Located,
    pub reason: Ignored,
}

/// One source's mentions, sorted into claims, unmapped and ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Normalized {
    pub claims: Vec<Claim>,
    pub unmapped: Vec<Unmapped>,
    pub ignored: Vec<IgnoredMention>,
}

impl Normalized {
    pub fn mentions(&self) -> usize {
        self.claims.len() + self.unmapped.len() + self.ignored.len()
    }

    pub fn append(&mut self, mut other: Normalized) {
        self.claims.append(&mut other.claims);
        self.unmapped.append(&mut other.unmapped);
        self.ignored.append(&mut other.ignored);
    }
}

/// Collapse runs of whitespace so a sentence prints on one line.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Locate a mention in its source.
pub fn locate(source: &Source, index: &LineIndex, mention: Mention) -> Located {
    let (line, column) = index.line_col(&source.original, mention.span.start);
    let (end_line, end_column) = index.line_col(&source.original, mention.span.end);
    Located {
        source: source.id.clone(),
        line,
        column,
        end_line,
        end_column,
        text: mention.span.slice(&source.original).to_string(),
        sentence: quote(&source.original, mention.sentence, mention.span),
        mention,
    }
}

/// The most of a sentence kept on each side of its figure, in bytes. A sentence without an
/// end (a 200 MB single line) would otherwise store kilobytes with every figure on it.
pub const QUOTE_SIDE: usize = 300;

/// `sentence` on one line, clipped to [`QUOTE_SIDE`] bytes each side of `figure`; `…` marks
/// a clipped end.
fn quote(text: &str, sentence: crate::text::Span, figure: crate::text::Span) -> String {
    let lo = figure.start.saturating_sub(QUOTE_SIDE);
    let hi = figure.end.saturating_add(QUOTE_SIDE);
    let mut start = sentence.start.max(lo.min(sentence.end));
    let mut end = sentence.end.min(hi.max(sentence.start)).min(text.len());
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    let body = one_line(text.get(start..end).unwrap_or(""));
    match (start > sentence.start, end < sentence.end) {
        (false, false) => body,
        (true, false) => format!("…{body}"),
        (false, true) => format!("{body}…"),
        (true, true) => format!("…{body}…"),
    }
}

/// Sort one source's mentions into claims, unmapped and ignored.
pub fn normalize(
    source: &Source,
    mentions: Vec<Mention>,
    rules: &RuleSet,
    lang: &Language,
) -> Normalized {
    let index = LineIndex::new(&source.original);
    let mut out = Normalized::default();
    for mention in mentions {
        let verdict = if mention.ignored.is_some() {
            None
        } else {
            Some(rules.classify(&source.prose, &mention, lang))
        };
        let at = locate(source, &index, mention);
        match verdict {
            None => {
                let reason = at.mention.ignored.expect("checked above");
                out.ignored.push(IgnoredMention { at, reason })
            }
            Some(Match::Key { key, evidence }) => {
                let as_of = as_of(&at.mention, source.published);
                out.claims.push(Claim {
                    key: rules.keys[key].id.clone(),
                    at,
                    as_of,
                    evidence,
                })
            }
            Some(Match::Ambiguous { keys }) => {
                // By id, so the list does not depend on how rule files are arranged.
                let mut ambiguous: Vec<String> =
                    keys.iter().map(|&k| rules.keys[k].id.clone()).collect();
                ambiguous.sort();
                out.unmapped.push(Unmapped {
                    at,
                    ambiguous,
                    closest: None,
                })
            }
            Some(Match::Unmapped { closest }) => out.unmapped.push(Unmapped {
                at,
                ambiguous: Vec::new(),
                closest: closest.map(|(k, why)| (rules.keys[k].id.clone(), why)),
            }),
        }
    }
    out
}

/// When a figure held: the stated as-of date, else the end of its period when that ends
/// before publication, else the publication date.
pub fn as_of(mention: &Mention, published: Option<NaiveDate>) -> Option<NaiveDate> {
    use crate::extract::PeriodKind;
    match mention.period {
        Some(p) if p.kind == PeriodKind::AsOf => Some(p.start),
        Some(p) => Some(match published {
            Some(pubd) if pubd < p.end => pubd,
            _ => p.end,
        }),
        None => published,
    }
}
