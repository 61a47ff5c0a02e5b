//! Normalize turns mentions into claims: a mention the rules map onto a key becomes a
//! [`Claim`]; one they do not is kept as unmapped; a year, a date or an ordinal is kept as
//! ignored with its reason. Nothing is dropped, so `stats` always adds up.
//!
//! An ordinal, a year or a date is not a quantity, but a key may still be about it (the 33rd
//! anniversary of relations, the year they were established): when a rule set has keys of
//! unit `ordinal` or `calendar_year`, such mentions are classified too, and a match becomes an
//! *anchor*: a claim kept beside the ignored mention (which stays where it is), read by the
//! derived checks and never compared as a quantity.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use crate::compare::copies::SourcePrint;
use crate::extract::{Hedge, Ignored, Mention, Period, Unit};
use crate::lang::Language;
use crate::rules::matcher::Classifier;
use crate::rules::{Match, RuleSet, CALENDAR_YEAR, ORDINAL};
use crate::source::Source;
use crate::text::{LineCursor, SharedStr, Span};

/// Where a mention stands and what it says, as every output shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Located {
    pub source: SharedStr,
    pub line: usize,
    pub column: usize,
    /// Column just past the mention's last character, on its last line.
    pub end_line: usize,
    pub end_column: usize,
    /// The expression as written.
    pub text: SharedStr,
    /// Its sentence, whitespace collapsed.
    pub sentence: SharedStr,
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
    /// Each line a stretch of one string shared by the claim's lines.
    pub evidence: Vec<SharedStr>,
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
    /// Ordinals and years that an `ordinal` or `calendar_year` key claims; each is also in
    /// `ignored` and is not counted again in [`Normalized::mentions`].
    pub anchors: Vec<Claim>,
    /// What copy detection keeps of each source (one per source normalized).
    #[serde(skip)]
    pub prints: Vec<SourcePrint>,
}

impl Normalized {
    pub fn mentions(&self) -> usize {
        self.claims.len() + self.unmapped.len() + self.ignored.len()
    }

    pub fn append(&mut self, mut other: Normalized) {
        self.claims.append(&mut other.claims);
        self.unmapped.append(&mut other.unmapped);
        self.ignored.append(&mut other.ignored);
        self.anchors.append(&mut other.anchors);
        self.prints.append(&mut other.prints);
    }
}

/// Collapse runs of whitespace so a sentence prints on one line.
pub fn one_line(s: &str) -> String {
    let mut out = String::new();
    push_one_line(s, &mut out);
    out
}

/// [`one_line`], appended to `out` (the caller's buffer, reused across sentences); whether
/// `s` was appended as it is.
fn push_one_line(s: &str, out: &mut String) -> bool {
    if is_one_line(s) {
        out.push_str(s);
        return true;
    }
    out.reserve(s.len());
    let bytes = s.as_bytes();
    // Words are copied whole; only non-ASCII characters are decoded to test for whitespace.
    let mut word: Option<usize> = None;
    let mut first = true;
    let mut i = 0;
    while i < bytes.len() {
        let (space, len) = if bytes[i].is_ascii() {
            (matches!(bytes[i], b' ' | b'\t'..=b'\r'), 1)
        } else {
            match s.get(i..).and_then(|r| r.chars().next()) {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => (false, 1),
            }
        };
        match (space, word) {
            (true, Some(start)) => {
                if !first {
                    out.push(' ');
                }
                out.push_str(s.get(start..i).unwrap_or(""));
                first = false;
                word = None;
            }
            (false, None) => word = Some(i),
            _ => {}
        }
        i += len;
    }
    if let Some(start) = word {
        if !first {
            out.push(' ');
        }
        out.push_str(s.get(start..).unwrap_or(""));
    }
    false
}

/// Whether [`one_line`] leaves `s` as it is: no whitespace but single spaces between words.
/// Most sentences are so; 32 bytes are tested at a time (a loop the compiler turns into
/// vector instructions), and only a block holding a line-breaking control character, a byte
/// that may start non-ASCII whitespace or two spaces in a row is looked at byte by byte.
pub fn is_one_line(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut at = 0;
    while let Some(block) = bytes.get(at..).and_then(|rest| rest.first_chunk::<34>()) {
        // A pair of spaces flagged at the block's last byte ends on the next block's first.
        if may_break_line(block) && (at..=at + 32).any(|i| breaks_line(s, i)) {
            return false;
        }
        at += 32;
    }
    // The last bytes, padded with letters (which break nothing and pair with nothing).
    let rest = bytes.get(at..).unwrap_or_default();
    let mut block = [b'a'; 34];
    if let Some(head) = block.get_mut(..rest.len()) {
        head.copy_from_slice(rest);
    }
    !(may_break_line(&block) && (at..bytes.len()).any(|i| breaks_line(s, i)))
}

/// Whether any of the first 32 bytes of `block` may start something [`breaks_line`] finds:
/// first a quick look for a control character up to `\r`, a space before a space or a byte
/// that may lead a non-ASCII space (0xC2, 0xE0..=0xE3); only when that finds one, a closer
/// look at the first two or three bytes of the non-ASCII spaces (U+0085, U+00A0, U+1680,
/// U+2000..=U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), which tells them from the
/// common `’`, `“`, `—` or `…` that share their lead byte. Both loops are branch-free, so
/// they compile to vector instructions.
fn may_break_line(block: &[u8; 34]) -> bool {
    let mut maybe = 0u8;
    for k in 0..32 {
        let (c, next) = (block[k], block[k + 1]);
        maybe |= ((c == b' ') & (next == b' ')) as u8
            | (c <= b'\r') as u8
            | (c == 0xc2) as u8
            | ((c & 0xfc) == 0xe0) as u8;
    }
    if maybe == 0 {
        return false;
    }
    let mut found = 0u8;
    for k in 0..32 {
        let (c, next, third) = (block[k], block[k + 1], block[k + 2]);
        let space_after_80 = (third <= 0x8a) | ((third & 0xf8) == 0xa8);
        found |= ((c == b' ') & (next == b' ')) as u8
            | (c <= b'\r') as u8
            | ((c == 0xc2) & ((next == 0x85) | (next == 0xa0))) as u8
            | ((c == 0xe1) & (next == 0x9a)) as u8
            | ((c == 0xe2) & (((next == 0x80) & space_after_80) | (next == 0x81))) as u8
            | ((c == 0xe3) & (next == 0x80)) as u8;
    }
    found != 0
}

/// Whether byte `i` of `s` starts something [`one_line`] changes: whitespace other than a
/// space, or a space after a space.
fn breaks_line(s: &str, i: usize) -> bool {
    let bytes = s.as_bytes();
    match bytes.get(i) {
        Some(b'\t'..=b'\r') => true,
        Some(b' ') => i > 0 && bytes.get(i - 1) == Some(&b' '),
        // The lead bytes of U+0085, U+00A0, U+1680, U+2000..U+205F and U+3000.
        Some(0xc2 | 0xe1 | 0xe2 | 0xe3) => s
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_whitespace),
        _ => false,
    }
}

/// Locate a mention in its source (`lines` is a cursor over `source.original`).
pub fn locate(source: &Source, lines: &mut LineCursor<'_>, mention: Mention) -> Located {
    locate_quoting(source, lines, mention, &mut Quotes::of(source))
}

/// [`locate`], reusing the quoted sentence of the previous mention when it is the same.
fn locate_quoting(
    source: &Source,
    lines: &mut LineCursor<'_>,
    mention: Mention,
    quotes: &mut Quotes,
) -> Located {
    let (line, column) = lines.line_col(mention.span.start);
    let (end_line, end_column) = lines.line_col(mention.span.end);
    let sentence = quotes.quote(&source.original, mention.sentence, mention.span);
    Located {
        source: quotes.source.clone(),
        line,
        column,
        end_line,
        end_column,
        text: quotes.text_of(&source.original, mention.span),
        sentence,
        mention,
    }
}

/// The most of a sentence kept on each side of its figure, in bytes. A sentence without an
/// end (a 200 MB single line) would otherwise store kilobytes with every figure on it.
pub const QUOTE_SIDE: usize = 300;

/// The last sentence quoted: the figures of one sentence share its quote, and each figure's
/// text is a stretch of that quote when the quote shows its words as written.
#[derive(Debug, Default)]
struct Quotes {
    /// The document's id, shared by all its figures.
    source: SharedStr,
    /// The sentence and the bytes quoted of it, when `shared` holds its quote.
    last: Option<(Span, usize, usize)>,
    /// The buffer the quote is built in, reused across sentences.
    quoted: String,
    /// The last quote, shared by the figures of its sentence.
    shared: Option<Arc<str>>,
    /// Where the quoted bytes start in `shared` when it holds them as written (whitespace
    /// left alone), so a figure's text can be cut from it.
    verbatim: Option<usize>,
}

impl Quotes {
    fn of(source: &Source) -> Self {
        Quotes {
            source: SharedStr::from(&source.id),
            ..Quotes::default()
        }
    }

    /// `sentence` on one line, clipped to [`QUOTE_SIDE`] bytes each side of `figure`; `…`
    /// marks a clipped end.
    fn quote(&mut self, text: &str, sentence: Span, figure: Span) -> SharedStr {
        let (start, end) = quote_window(text, sentence, figure);
        let body = |start: usize, end: usize| text.get(start..end).unwrap_or("");
        let shared = match &self.shared {
            Some(shared) if self.last == Some((sentence, start, end)) => shared,
            _ if start <= sentence.start
                && end >= sentence.end
                && is_one_line(body(start, end)) =>
            {
                // The usual quote: the whole sentence as written, shared without a copy first.
                self.verbatim = Some(0);
                self.last = Some((sentence, start, end));
                self.shared.insert(Arc::from(body(start, end)))
            }
            _ => {
                let quoted = &mut self.quoted;
                quoted.clear();
                if start > sentence.start {
                    quoted.push('…');
                }
                let lead = quoted.len();
                self.verbatim = push_one_line(body(start, end), quoted).then_some(lead);
                if end < sentence.end {
                    quoted.push('…');
                }
                self.last = Some((sentence, start, end));
                self.shared.insert(Arc::from(quoted.as_str()))
            }
        };
        SharedStr::from(Arc::clone(shared))
    }

    /// The text of `figure` as written: a stretch of the last quote when the quote holds it
    /// unchanged, its own copy otherwise.
    fn text_of(&self, text: &str, figure: Span) -> SharedStr {
        if let (Some(shared), Some(lead), Some((_, start, end))) =
            (&self.shared, self.verbatim, self.last)
        {
            if start <= figure.start && figure.end <= end {
                // The quote holds `text[start..end]` unchanged from `lead` on, so the cut is
                // the figure as written whenever it falls on the quote's characters (the
                // figure's own are the text's).
                let at = lead + (figure.start - start);
                if shared.get(at..at + figure.len()).is_some() {
                    debug_assert_eq!(
                        shared.get(at..at + figure.len()),
                        text.get(figure.start..figure.end)
                    );
                    return SharedStr::slice_of(shared, at..at + figure.len());
                }
            }
        }
        SharedStr::from(figure.slice(text))
    }
}

/// The stretch of `sentence` a quote shows: up to `QUOTE_SIDE` bytes each side of the
/// figure, widened to whole characters.
fn quote_window(text: &str, sentence: Span, figure: Span) -> (usize, usize) {
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
    (start, end)
}

/// Most figures a source's claims and unmapped lists are each given room for before the
/// first is sorted (more grow them as usual).
const RESERVE: usize = 256;

/// Sort one source's mentions into claims, unmapped and ignored.
pub fn normalize(
    source: &Source,
    mentions: Vec<Mention>,
    rules: &RuleSet,
    lang: &Language,
) -> Normalized {
    let mut lines = LineCursor::new(&source.original);
    let mut classifier = rules.classifier(&source.prose, lang);
    let mut quotes = Quotes::of(source);
    let mut out = Normalized::default();
    // Room made once: a list grown a push at a time moves its records (a few hundred bytes
    // each) at every doubling. The ignored are counted; a figure that is not may become a
    // claim or an unmapped one, so the first of each makes room for the figures left, up to
    // [`RESERVE`] (made at the first, not before: most BBC sources have no claim, and an
    // empty list costs no allocation). The room left over (at most `RESERVE` records per
    // list) lives as long as the lists: on the streaming path only until the corpus has
    // taken their records; where every source's result is held at once
    // (`Engine::process_all`), with them. Not shrunk here: that would copy every source's
    // lists once more on the streaming path.
    let ignored = mentions.iter().filter(|m| m.ignored.is_some()).count();
    let mut figures_left = mentions.len() - ignored;
    out.ignored.reserve_exact(ignored);
    let mut as_key = None;
    // One look at the keys, without building the two units to compare them with.
    let has_measure = |name: &str| {
        rules
            .keys
            .iter()
            .any(|k| matches!(&k.unit, Unit::Measure(unit) if unit == name))
    };
    let (ordinal_keys, year_keys) = (has_measure(ORDINAL), has_measure(CALENDAR_YEAR));
    for mention in mentions {
        if ordinal_keys || year_keys {
            if let Some(anchor) = anchor(
                source,
                &mut lines,
                &mut classifier,
                &mut quotes,
                &mention,
                &mut as_key,
                rules,
                ordinal_keys,
                year_keys,
            ) {
                out.anchors.push(anchor);
            }
        }
        // Each record is built where it is pushed, its location among its fields, rather
        // than located first and moved in (a record is a few hundred bytes).
        if let Some(reason) = mention.ignored {
            let at = locate_quoting(source, &mut lines, mention, &mut quotes);
            out.ignored.push(IgnoredMention { at, reason });
            continue;
        }
        let verdict = classifier.classify(&mention);
        let room = figures_left.min(RESERVE);
        figures_left -= 1;
        match verdict {
            Match::Key { key, evidence } => {
                if out.claims.capacity() == 0 {
                    out.claims.reserve_exact(room);
                }
                let as_of = as_of(&mention, source.published);
                out.claims.push(Claim {
                    key: rules.keys[key].id.clone(),
                    at: locate_quoting(source, &mut lines, mention, &mut quotes),
                    as_of,
                    evidence,
                })
            }
            Match::Ambiguous { keys } => {
                if out.unmapped.capacity() == 0 {
                    out.unmapped.reserve_exact(room);
                }
                // By id, so the list does not depend on how rule files are arranged.
                let mut ambiguous: Vec<String> =
                    keys.iter().map(|&k| rules.keys[k].id.clone()).collect();
                ambiguous.sort();
                out.unmapped.push(Unmapped {
                    at: locate_quoting(source, &mut lines, mention, &mut quotes),
                    ambiguous,
                    closest: None,
                })
            }
            Match::Unmapped { closest } => {
                if out.unmapped.capacity() == 0 {
                    out.unmapped.reserve_exact(room);
                }
                out.unmapped.push(Unmapped {
                    at: locate_quoting(source, &mut lines, mention, &mut quotes),
                    ambiguous: Vec::new(),
                    closest: closest.map(|(k, why)| (rules.keys[k].id.clone(), why)),
                })
            }
        }
    }
    out.prints
        .push(SourcePrint::of_own(&source.id, &out.claims, &out.unmapped));
    out
}

/// The claim an `ordinal` or `calendar_year` key makes on an ordinal, a year or a date, if any.
#[allow(clippy::too_many_arguments)]
fn anchor(
    source: &Source,
    lines: &mut LineCursor<'_>,
    classifier: &mut Classifier<'_>,
    quotes: &mut Quotes,
    mention: &Mention,
    as_key: &mut Option<Mention>,
    rules: &RuleSet,
    ordinals: bool,
    years: bool,
) -> Option<Claim> {
    let text = mention.span.slice(&source.original);
    let as_key = anchor_mention_into(mention, text, ordinals, years, as_key)?;
    let Match::Key { key, evidence } = classifier.classify_match(as_key) else {
        return None;
    };
    let at = locate_quoting(source, lines, as_key.clone(), quotes);
    let as_of = as_of(&at.mention, source.published);
    Some(Claim {
        key: rules.keys.get(key)?.id.clone(),
        at,
        as_of,
        evidence,
    })
}

/// An ignored ordinal, year or date (`text` as written) as a figure an `ordinal` or
/// `calendar_year` key can classify: unit set to the key unit, value to the ordinal's number
/// or the year. `None` for any other mention, or when no such key exists (`ordinals`,
/// `years`).
pub fn anchor_mention(
    mention: &Mention,
    text: &str,
    ordinals: bool,
    years: bool,
) -> Option<Mention> {
    let (unit, value) = match mention.ignored? {
        Ignored::Ordinal if ordinals => (ORDINAL, mention.value?),
        Ignored::Year | Ignored::Date if years => (CALENDAR_YEAR, calendar_year(text)?),
        _ => return None,
    };
    let mut as_key = mention.clone();
    as_key.unit = Unit::Measure(unit.to_string());
    as_key.value = Some(value);
    as_key.ignored = None;
    Some(as_key)
}

/// [`anchor_mention`] written into `into`, a scratch kept from one mention to the next so
/// that the key unit's name is not allocated again for every ordinal and year asked about
/// (most are claimed by no key).
fn anchor_mention_into<'m>(
    mention: &Mention,
    text: &str,
    ordinals: bool,
    years: bool,
    into: &'m mut Option<Mention>,
) -> Option<&'m Mention> {
    let (unit, value) = match mention.ignored? {
        Ignored::Ordinal if ordinals => (ORDINAL, mention.value?),
        Ignored::Year | Ignored::Date if years => (CALENDAR_YEAR, calendar_year(text)?),
        _ => return None,
    };
    // Every field named, so a field added to `Mention` is not silently left stale here.
    let Mention {
        span,
        sentence,
        value: _,
        upper,
        unit: _,
        hedge,
        period,
        previous,
        ignored: _,
    } = mention;
    let kept = into
        .take()
        .map(|m| m.unit)
        .filter(|u| matches!(u, Unit::Measure(name) if name == unit))
        .unwrap_or_else(|| Unit::Measure(unit.to_string()));
    Some(into.insert(Mention {
        span: *span,
        sentence: *sentence,
        value: Some(value),
        upper: *upper,
        unit: kept,
        hedge: *hedge,
        period: *period,
        previous: *previous,
        ignored: None,
    }))
}

/// The year a year or date expression names: its last run of exactly four digits
/// (`2 Mart 1992’de`, `Oct. 12-13 2022`, `1992`).
pub fn calendar_year(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let mut found = None;
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start == 4 {
            let year = b[start..i]
                .iter()
                .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
            found = Some(f64::from(year));
        }
    }
    found
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    #[test]
    fn one_line_collapses_whitespace_as_split_whitespace_does() {
        for s in [
            "",
            "   ",
            "a",
            "  Şehirde\u{a0}4.000\u{2009}şirket \n\n faaliyet\u{b}gösteriyor\r\n",
            "\u{3000}x\u{85}y\u{1c}z\t",
            "ends with a word",
        ] {
            let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(one_line(s), want, "{s:?}");
        }
    }

    /// How a quote was built before it was built in a reused buffer: the oracle.
    fn quote_by_format(text: &str, sentence: Span, figure: Span) -> String {
        let (start, end) = quote_window(text, sentence, figure);
        let body = text
            .get(start..end)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match (start > sentence.start, end < sentence.end) {
            (false, false) => body,
            (true, false) => format!("…{body}"),
            (false, true) => format!("{body}…"),
            (true, true) => format!("…{body}…"),
        }
    }

    proptest::proptest! {
        #[test]
        fn a_quote_built_in_place_reads_as_one_built_by_format(
            text in "([a-z ]|\\n|  |ş|’|\u{a0}|\u{2009}|4,000){0,400}",
            cuts in proptest::collection::vec((0usize..1200, 0usize..1200, 0usize..1200, 0usize..50), 1..6),
        ) {
            let mut quotes = Quotes::default();
            for (a, b, f, len) in cuts {
                let (a, b) = (a.min(b), a.max(b));
                let sentence = Span::new(a, b);
                let figure = Span::new(f, f + len);
                // twice: the second is served from the last quote
                for _ in 0..2 {
                    proptest::prop_assert_eq!(
                        quotes.quote(&text, sentence, figure),
                        quote_by_format(&text, sentence, figure)
                    );
                    // cut from the quote or copied, a figure's text reads as written
                    proptest::prop_assert_eq!(quotes.text_of(&text, figure), figure.slice(&text));
                }
            }
        }
    }

    #[test]
    fn whitespace_is_found_at_every_place_in_and_across_blocks() {
        for at in 1..100 {
            for (piece, one) in [
                (" ", true),
                ("  ", false),
                ("\n", false),
                ("\u{a0}", false),
                ("\u{3000}", false),
                ("\u{85}", false),
                ("\u{1680}", false),
                ("\u{2000}", false),
                ("\u{200a}", false),
                ("\u{2028}", false),
                ("\u{2029}", false),
                ("\u{202f}", false),
                ("\u{205f}", false),
                ("\t", false),
                ("\r", false),
                ("’", true),
                ("“—…", true),
                ("\u{200b}", true),
                ("\u{2060}", true),
                ("ş¡\u{1681}", true),
                ("\u{1}", true),
            ] {
                let s = format!("{}{piece}{}", "a".repeat(at), "b".repeat(100 - at));
                assert_eq!(is_one_line(&s), one, "{piece:?} at {at}");
            }
        }
    }

    #[test]
    fn an_anchor_written_into_the_scratch_is_the_anchor_built_anew() {
        let base = Mention {
            span: Span::new(3, 7),
            sentence: Span::new(0, 20),
            value: Some(33.0),
            upper: None,
            unit: Unit::Count,
            hedge: Hedge::Exact,
            period: Period::year(2024),
            previous: None,
            ignored: Some(Ignored::Ordinal),
        };
        let mut cases = Vec::new();
        for ignored in [
            Some(Ignored::Ordinal),
            Some(Ignored::Year),
            Some(Ignored::Date),
            Some(Ignored::Identifier),
            None,
        ] {
            for value in [Some(5.0), None] {
                for text in ["1992", "2 Mart 1992’de", "33rd", "12345"] {
                    let mut m = base.clone();
                    m.ignored = ignored;
                    m.value = value;
                    m.upper = value.map(|v| v + 1.0);
                    m.span = Span::new(cases.len(), cases.len() + 4);
                    cases.push((m, text));
                }
            }
        }
        // One scratch through every case, in both orders, as a document's mentions reuse it.
        let mut scratch = None;
        let mut n = 0;
        for (m, text) in cases.iter().chain(cases.iter().rev()) {
            for (ordinals, years) in [(true, true), (true, false), (false, true)] {
                let want = anchor_mention(m, text, ordinals, years);
                let got = anchor_mention_into(m, text, ordinals, years, &mut scratch).cloned();
                n += usize::from(got.is_some());
                assert_eq!(got, want, "{m:?} {text}");
            }
        }
        assert!(n > 20, "few anchors made: {n}");
    }

    #[test]
    fn a_calendar_year_is_the_last_run_of_exactly_four_digits() {
        assert_eq!(calendar_year("2 Mart 1992’de"), Some(1992.0));
        assert_eq!(calendar_year("Oct. 12-13 2022"), Some(2022.0));
        assert_eq!(calendar_year("1991 and 0007"), Some(7.0));
        assert_eq!(calendar_year("12345 or 123"), None);
        assert_eq!(calendar_year("in the year"), None);
    }

    #[test]
    fn a_long_sentence_is_quoted_around_its_figure_with_ellipses() {
        let text = format!("{}  4,000 {}", "a ".repeat(400), "b ".repeat(400));
        let at = text.find('4').unwrap();
        let q = Quotes::default().quote(&text, Span::new(0, text.len()), Span::new(at, at + 5));
        assert!(q.starts_with("…a a") && q.ends_with("b b…"), "{q}");
        assert!(q.contains("a 4,000 b"));
    }

    #[test]
    fn a_sentence_is_one_line_exactly_when_collapsing_leaves_it_alone() {
        let pieces = [
            "a", "word", " ", "  ", "\n", "\t", "\r\n", "\u{b}", "\u{c}", "\u{1c}", "\u{a0}",
            "\u{85}", "\u{2009}", "\u{2028}", "\u{202f}", "\u{205f}", "\u{3000}", "\u{1680}", "’",
            "—", "…", "ş", "İ", "\u{2060}", "é", "4,000",
        ];
        // Every short mix of pieces, at every offset from a block boundary.
        let mut n = 0u64;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for pad in [
                        "",
                        "abc",
                        "abcdefg",
                        "abcdefgh",
                        "ab cd e",
                        "abcdef ",
                        "abcdefghijklm",
                        "abcdefghijklmn ",
                    ] {
                        let s = format!("{pad}{a}{b}{c}{pad}x");
                        let want = s.split_whitespace().collect::<Vec<_>>().join(" ");
                        assert_eq!(is_one_line(&s), want == s, "{s:?}");
                        assert_eq!(one_line(&s), want, "{s:?}");
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 1000);
    }
}
