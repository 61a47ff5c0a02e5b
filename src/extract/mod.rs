//! Extraction finds quantities in prose and says what each one is: its value, unit, hedge and
//! period. It never decides what a quantity is about (that is `normalize`, with the rules).
//! All language knowledge comes from [`crate::lang::Language`]; nothing here names a language.

pub(crate) mod lexicon;
mod numbers;
mod sentence;
mod template;
mod token;

use chrono::NaiveDate;
use serde::Serialize;

use crate::lang::Language;
use crate::text::Span;

/// How exactly a figure is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hedge {
    Exact,
    /// around, about, some, approximately, yaklaşık, civarında
    Approx,
    /// over, more than, exceeded, -den fazla, aşkın, aştı
    Over,
    /// under, less than, -den az
    Under,
    /// almost, nearly, neredeyse
    Almost,
    /// at least, en az
    AtLeast,
    /// at most, up to, -e kadar
    AtMost,
    /// between 10 and 20, 10–20: `value` is the low end, `upper` the high end
    Range,
}

impl Hedge {
    pub fn as_str(&self) -> &'static str {
        match self {
            Hedge::Exact => "exact",
            Hedge::Approx => "approx",
            Hedge::Over => "over",
            Hedge::Under => "under",
            Hedge::Almost => "almost",
            Hedge::AtLeast => "at_least",
            Hedge::AtMost => "at_most",
            Hedge::Range => "range",
        }
    }

    pub fn parse(s: &str) -> Option<Hedge> {
        Some(match s {
            "exact" => Hedge::Exact,
            "approx" => Hedge::Approx,
            "over" => Hedge::Over,
            "under" => Hedge::Under,
            "almost" => Hedge::Almost,
            "at_least" => Hedge::AtLeast,
            "at_most" => Hedge::AtMost,
            "range" => Hedge::Range,
            _ => return None,
        })
    }
}

/// What a figure measures, as far as the words around the number say.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// A bare number: counts of things.
    Count,
    /// Percentage points (`85%` is 85).
    Percent,
    /// ISO 4217 code, `USD`, `TRY`, `EUR`.
    Currency(String),
    /// A measure named in the language data: `day`, `tonne`, `km`.
    Measure(String),
}

impl Unit {
    /// The wire name: `count`, `%`, `USD`, `day`.
    pub fn name(&self) -> &str {
        match self {
            Unit::Count => "count",
            Unit::Percent => "%",
            Unit::Currency(code) => code,
            Unit::Measure(m) => m,
        }
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// What sort of time a period is; decides how it prints and compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// `in 2023`, `2024 yılında`, `last year`
    Year,
    /// `between 2005 and 2024`, `2005 ila 2024`
    Years,
    /// `the first five months` of 2024, `ocak-mayıs döneminde`, `January–May`
    Months,
    /// `the 2024–2025 academic year`, `2024-2025 döneminde`
    Academic,
    /// `as of July 2025`, `Temmuz 2025 itibarıyla`: a level at a date
    AsOf,
}

/// A stretch of time a figure is about: `start..=end` in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub kind: PeriodKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn year(y: i32) -> Option<Period> {
        Some(Period {
            kind: PeriodKind::Year,
            start: NaiveDate::from_ymd_opt(y, 1, 1)?,
            end: NaiveDate::from_ymd_opt(y, 12, 31)?,
        })
    }

    /// Does this period cover less than its whole calendar year (e.g. January–May)?
    pub fn is_partial_year(&self) -> bool {
        self.kind == PeriodKind::Months
    }

    pub fn overlaps(&self, other: &Period) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

/// `2023`, `2005..2024`, `2024-01..2024-05`, `as of 2025-07`.
impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::Datelike;
        match self.kind {
            PeriodKind::Year => write!(f, "{}", self.start.year()),
            PeriodKind::Years | PeriodKind::Academic => {
                write!(f, "{}..{}", self.start.year(), self.end.year())
            }
            PeriodKind::Months => write!(
                f,
                "{}-{:02}..{}-{:02}",
                self.start.year(),
                self.start.month(),
                self.end.year(),
                self.end.month()
            ),
            PeriodKind::AsOf => {
                if self.start.day() == 1 && self.end.day() != 1 {
                    write!(f, "as of {}-{:02}", self.start.year(), self.start.month())
                } else {
                    write!(f, "as of {}", self.start)
                }
            }
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why a number is not a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ignored {
    /// `in 2023`: a year, kept as a period.
    Year,
    /// `July 29`, `2 Mart 1992`, `Oct. 12-13 2022`
    Date,
    /// `fifth meeting`, `33rd anniversary`, `5. Toplantısı`
    Ordinal,
    /// `the first five months`: a number inside a period expression
    Period,
    /// `$10 billion (TL 185.9 billion)`: the same amount restated in another currency
    Restatement,
    /// phone numbers, codes, versions, times of day
    Identifier,
}

impl Ignored {
    pub fn as_str(&self) -> &'static str {
        match self {
            Ignored::Year => "year",
            Ignored::Date => "date",
            Ignored::Ordinal => "ordinal",
            Ignored::Period => "period",
            Ignored::Restatement => "restatement",
            Ignored::Identifier => "identifier",
        }
    }
}

/// One numeric expression found in a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// The whole expression as written, hedge and unit included: `around 3,500`,
    /// `$5.2 billion`, `20'den fazla`, `from 30 to 90 days`.
    pub span: Span,
    /// The sentence the expression is in.
    pub sentence: Span,
    /// `None` for a hedged figure with no value (`dozens`).
    pub value: Option<f64>,
    /// The high end of a range (`between 10 and 20` gives value 10, upper 20).
    pub upper: Option<f64>,
    pub unit: Unit,
    pub hedge: Hedge,
    /// The period the sentence attributes to this figure, if any.
    pub period: Option<Period>,
    /// The earlier value of a change: `from 30 to 90 days` has value 90, previous 30.
    pub previous: Option<f64>,
    /// Set when the number is not a quantity (a year, a date, an ordinal…).
    pub ignored: Option<Ignored>,
}

/// Find every numeric expression in `text` (prose, offsets as in the original document).
/// `published` resolves relative periods such as `last year`.
///
/// Candidates are found with a byte scan for digits and, before each digit, for the language's
/// number words at word starts; only the sentences around candidates are tokenized and
/// analyzed.
pub fn extract(text: &str, lang: &Language, published: Option<NaiveDate>) -> Vec<Mention> {
    let lex = &*lang.lexicon;
    let bytes = text.as_bytes();
    let mut words = lex.word_candidates(text);
    let abbreviation = |w: &str| lex.is_abbreviation(w);
    let mut state = sentence::DocState {
        published,
        last_year: None,
    };
    let mut out = Vec::new();
    let mut pos = 0;
    // the next digit at or after `pos` (`None` when there is none), kept while `pos` has
    // not passed it
    let mut next_digit: Option<Option<usize>> = None;
    // the next digit's sentence and where to stop looking for number words before it
    let mut digit_sentence: Option<(usize, Span, usize)> = None;
    while pos < text.len() {
        let digit = match next_digit {
            Some(d) if d.map_or(true, |d| d >= pos) => d,
            _ => {
                let d = first_digit(&bytes[pos..]).map(|d| d + pos);
                next_digit = Some(d);
                d
            }
        };
        // a number word counts only before the next digit: past it, that digit's sentence
        // is read first, and it moves `pos` on
        debug_assert_eq!(
            digit,
            bytes[pos..]
                .iter()
                .position(u8::is_ascii_digit)
                .map(|d| d + pos)
        );
        // The digit's sentence first: a number word from its start on would give the same
        // sentence (`sentence_reach`), so the words are looked for only before it. Kept
        // while a word's sentence before it is read: a floor still at or before its start
        // finds it again, and whether it reaches its start can only become true.
        digit_sentence = match (digit, digit_sentence) {
            (Some(d), Some(kept)) if kept.0 == d && pos <= kept.1.start => Some(kept),
            (Some(d), _) => {
                let (sent, reach) =
                    token::sentence_reach(text, d, pos, &abbreviation, lex.ordinal_dot);
                Some((d, sent, if reach { sent.start.min(d) } else { d }))
            }
            (None, _) => None,
        };
        let words_to = digit_sentence.map_or(text.len(), |(_, _, to)| to);
        let (cand, sent) = match (words.first_in(pos, words_to), digit_sentence) {
            (Some(w), _) => (
                w,
                token::sentence_at(text, w, pos, &abbreviation, lex.ordinal_dot),
            ),
            (None, Some((d, sent, _))) => (d, sent),
            (None, None) => break,
        };
        sentence::analyze(text, sent, lex, &mut state, &mut out);
        let mut next = sent.end.max(cand + 1);
        while next < text.len() && !text.is_char_boundary(next) {
            next += 1;
        }
        pos = next;
    }
    out
}

/// Where the first ASCII digit of `bytes` is: 32 bytes at a time, then eight.
///
/// Most of a document holds no digit, and this scan reads all of it. The test over a
/// 32-byte block is a fold with no early exit, which the compiler turns into vector compares
/// (two 16-byte steps on plain x86-64): the eight-byte word test alone cost 14 instructions
/// per 8 bytes, about 2% of extract+normalize on BBC.
pub(crate) fn first_digit(bytes: &[u8]) -> Option<usize> {
    let mut blocks = bytes.chunks_exact(32);
    let mut at = 0;
    for block in &mut blocks {
        if block.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
            // the block's digits as 32 bits, gathered without a branch per word
            let mut mask = 0u32;
            for (k, c) in block.chunks_exact(8).enumerate() {
                let mut w = [0u8; 8];
                w.copy_from_slice(c);
                let d = crate::text::lanes::digits(u64::from_le_bytes(w)) >> 7;
                // bit `8j` of `d` lands on bit `56 + j`: the products' bits never overlap
                mask |= ((d.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32) << (8 * k);
            }
            return Some(at + mask.trailing_zeros() as usize);
        }
        at += 32;
    }
    first_digit_in_words(blocks.remainder()).map(|d| at + d)
}

/// [`first_digit`] eight bytes at a time, for the tail after the last 32-byte block.
fn first_digit_in_words(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let d = crate::text::lanes::digits(u64::from_le_bytes(w));
        if d != 0 {
            return Some(at + d.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(u8::is_ascii_digit)
        .map(|d| at + d)
}

/// [`extract`] as it was before the number words were looked for only before the digit's
/// sentence: the first candidate, digit or word, and the sentence around it (the oracle the
/// faster loop is checked against).
#[cfg(test)]
fn extract_at_each_candidate(
    text: &str,
    lang: &Language,
    published: Option<NaiveDate>,
) -> Vec<Mention> {
    let lex = &*lang.lexicon;
    let mut words = lex.word_candidates(text);
    let abbreviation = |w: &str| lex.is_abbreviation(w);
    let mut state = sentence::DocState {
        published,
        last_year: None,
    };
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let digit = first_digit(&text.as_bytes()[pos..]).map(|d| d + pos);
        let cand = match words.first_in(pos, digit.unwrap_or(text.len())) {
            Some(w) => w,
            None => match digit {
                Some(d) => d,
                None => break,
            },
        };
        let sent = token::sentence_at(text, cand, pos, &abbreviation, lex.ordinal_dot);
        sentence::analyze(text, sent, lex, &mut state, &mut out);
        let mut next = sent.end.max(cand + 1);
        while next < text.len() && !text.is_char_boundary(next) {
            next += 1;
        }
        pos = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// Number words before a figure in its sentence, sentences with only words, line
        /// breaks, abbreviations and sentences longer than the window: the same mentions.
        #[test]
        fn words_looked_for_before_the_figures_sentence_find_what_each_candidate_did(
            parts in proptest::collection::vec(
                "([a-z .!?,'\n-]|[A-Z]|one|two|five|million|thousand|dozens|iki|bin|beş|milyon|Oct|Dr|St|yaklaşık|about|over|in|2023|\
                  12|3,5|1.500|%|\\$|ü|İ|\u{00A0}|\u{2019}| {300}|x{700}){0,12}",
                0..30,
            ),
            lang in proptest::sample::select(vec!["en", "tr"]),
        ) {
            let text = parts.concat();
            let langs = crate::lang::Languages::builtin();
            let lang = langs.get(lang).expect("built in");
            let published = NaiveDate::from_ymd_opt(2024, 6, 1);
            proptest::prop_assert_eq!(
                extract(&text, lang, published),
                extract_at_each_candidate(&text, lang, published)
            );
        }
    }

    proptest::proptest! {
        /// Blocks of 32, words of 8 and the tail: the first digit is where a byte-by-byte
        /// scan finds it.
        #[test]
        fn the_first_digit_is_where_a_byte_scan_finds_it(text in "([a-z .,;:/@°²³¹½]{0,70}[0-9]?){0,5}") {
            let bytes = text.as_bytes();
            proptest::prop_assert_eq!(first_digit(bytes), bytes.iter().position(u8::is_ascii_digit));
        }
    }

    #[test]
    fn the_first_digit_is_found_in_any_of_eight_lanes_and_the_tail() {
        // past 64 bytes, so that a digit falls in each lane of the 32-byte blocks and in the
        // eight-byte tail
        let text =
            "abcdefgh\u{0660}ijklmnop qrstu½vwxyz, /:@ abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ";
        for k in 0..=text.len() {
            let mut bytes = text.as_bytes().to_vec();
            if k < bytes.len() {
                bytes[k] = b'7';
            }
            let want = bytes.iter().position(u8::is_ascii_digit);
            assert_eq!(first_digit(&bytes), want, "digit at {k}");
        }
    }
}
