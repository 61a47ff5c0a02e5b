//! Sentences and tokens. Extraction never tokenizes a whole document: it finds a candidate,
//! takes the sentence around it (a byte scan for `.`, `!`, `?` and newlines) and splits only
//! that sentence into words, digit runs and punctuation, each with its byte span.
//!
//! A digit run keeps its separators (`3,500`, `5,2`, `3.538`): which one groups thousands is
//! the language's call, made in `numbers`. An apostrophe suffix (`20'den`, `Almanya’ya`) stays
//! on its token as `suffix`, folded, so `20’den` and `20'den` read the same.

use std::borrow::Cow;

use super::lexicon::Entry;
use crate::text::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    pub kind: Kind,
    /// Bytes of the whole token, apostrophe suffix included.
    pub start: usize,
    pub end: usize,
    /// Folded word, the digit run as written, or the punctuation mark (dashes as `-`,
    /// apostrophes as `'`). Borrowed from the text when the text is already folded, as most
    /// words are, so tokenizing allocates only for capitalized or otherwise unfolded words.
    pub norm: Cow<'a, str>,
    /// Folded letters after an apostrophe (`den` in `20’den`).
    pub suffix: Option<Cow<'a, str>>,
    /// No whitespace between this token and the one before.
    pub glued: bool,
    /// Starts with an uppercase letter.
    pub upper: bool,
    /// The word's entries in the language's tables (directly or under a suffix, with the
    /// suffix's case mask), looked up once when the sentence is read; `None` before that
    /// and for words the tables do not know.
    pub word: Option<(&'a [Entry], u32)>,
}

impl Tok<'_> {
    pub fn punct(&self, mark: &str) -> bool {
        self.kind == Kind::Punct && self.norm == mark
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c == '\u{0307}'
}

/// `½`, `¾`, `⅔`: a word of its own, so the language file can give it a value.
fn is_vulgar_fraction(c: char) -> bool {
    matches!(c, '\u{00BC}'..='\u{00BE}' | '\u{2150}'..='\u{215E}')
}

/// Does folding change `word` (an uppercase letter, a letter with a longer lowercase form)?
fn needs_fold(word: &str) -> bool {
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    word.chars().any(|c| {
        if c.is_ascii() {
            return c.is_ascii_uppercase() || c == '`';
        }
        if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}') {
            return true;
        }
        let mut lower = c.to_lowercase();
        !(lower.next() == Some(c) && lower.next().is_none())
    })
}

/// `word` folded as [`crate::text::fold`] does, borrowed when folding leaves it as it is.
pub(crate) fn fold_word(word: &str, dotless_i: bool) -> Cow<'_, str> {
    if needs_fold(word) {
        Cow::Owned(crate::text::fold(word, dotless_i))
    } else {
        Cow::Borrowed(word)
    }
}

/// Split `text[start..end]` into tokens; spans are offsets into `text`.
pub(crate) fn tokenize(text: &str, start: usize, end: usize, dotless_i: bool) -> Vec<Tok<'_>> {
    let Some(slice) = text.get(start..end) else {
        return Vec::new();
    };
    // sized for the usual five or so bytes a token, so the vector rarely grows
    let mut out = Vec::with_capacity(slice.len() / 4 + 1);
    let mut chars: Vec<(usize, char)> = Vec::with_capacity(slice.len());
    chars.extend(slice.char_indices());
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let off = |k: usize| start + chars.get(k).map(|&(o, _)| o).unwrap_or(slice.len());
    let mut k = 0;
    let mut glued = false;
    while k < chars.len() {
        let c = chars[k].1;
        if c.is_whitespace() {
            glued = false;
            k += 1;
            continue;
        }
        let tok_start = k;
        let prev_digit = k > 0 && at(k - 1).is_some_and(|p| p.is_ascii_digit());
        let sep_led = matches!(c, '.' | ',')
            && !prev_digit
            && at(k + 1).is_some_and(|n| n.is_ascii_digit())
            && (k == 0 || at(k - 1).is_some_and(|p| p.is_whitespace() || p == '('));
        let (kind, mut norm) = if c.is_ascii_digit() || sep_led {
            if sep_led {
                k += 1;
            }
            while at(k).is_some_and(|c| c.is_ascii_digit()) {
                k += 1;
            }
            // thousands set apart by a space: always after a no-break or thin space
            // (`40 000`), after a plain space only in runs of three groups (`1 234 567`)
            let group_at = |k: usize| {
                (1..=3).all(|d| at(k + d).is_some_and(|c| c.is_ascii_digit()))
                    && !at(k + 4).is_some_and(|c| c.is_alphanumeric())
            };
            let lead_digits = k - tok_start;
            if !sep_led && lead_digits <= 3 {
                let mut g = k;
                let mut groups = 0;
                let mut typographic = false;
                while at(g).is_some_and(is_group_space) && group_at(g) {
                    typographic |= at(g) != Some(' ');
                    groups += 1;
                    g += 4;
                }
                if groups > 0 && (typographic || groups >= 2) {
                    k = g;
                }
            }
            while at(k).is_some_and(|c| c == '.' || c == ',')
                && at(k + 1).is_some_and(|c| c.is_ascii_digit())
            {
                k += 1;
                while at(k).is_some_and(|c| c.is_ascii_digit()) {
                    k += 1;
                }
            }
            let raw = &text[off(tok_start)..off(k)];
            (Kind::Num, Cow::Borrowed(raw))
        } else if is_vulgar_fraction(c) {
            k += 1;
            (Kind::Word, Cow::Borrowed(&text[off(tok_start)..off(k)]))
        } else if is_word_char(c) {
            while at(k).is_some_and(is_word_char) {
                k += 1;
            }
            let raw = &text[off(tok_start)..off(k)];
            (Kind::Word, fold_word(raw, dotless_i))
        } else {
            k += 1;
            let norm = if is_dash(c) {
                Cow::Borrowed("-")
            } else if is_apostrophe(c) {
                Cow::Borrowed("'")
            } else {
                Cow::Borrowed(&text[off(tok_start)..off(k)])
            };
            (Kind::Punct, norm)
        };
        let mut suffix = None;
        if kind != Kind::Punct
            && at(k).is_some_and(is_apostrophe)
            && at(k + 1).is_some_and(is_word_char)
        {
            let s = k + 1;
            k += 1;
            while at(k).is_some_and(is_word_char) {
                k += 1;
            }
            suffix = Some(fold_word(&text[off(s)..off(k)], dotless_i));
        }
        if kind == Kind::Num {
            // A thousands separator may be a thin or no-break space in print; keep digits only.
            if norm.contains(|c: char| is_group_space(c)) {
                norm.to_mut().retain(|c| !is_group_space(c));
            }
        }
        out.push(Tok {
            kind,
            start: off(tok_start),
            end: off(k),
            norm,
            suffix,
            glued,
            upper: c.is_uppercase(),
            word: None,
        });
        glued = true;
    }
    out
}

/// Is the `.` (or `!`, `?`) at byte `k` the end of a sentence?
fn ends_sentence(
    text: &str,
    k: usize,
    abbreviations: &dyn Fn(&str) -> bool,
    ordinal_dot: bool,
) -> bool {
    let bytes = text.as_bytes();
    let after = &text[k + 1..];
    let next = after.chars().next();
    match next {
        None => return true,
        Some(c) if c.is_whitespace() => {}
        Some('"' | '\u{201D}' | ')' | '\'' | '\u{2019}') => return true,
        Some(_) => return false,
    }
    if bytes[k] != b'.' {
        return true;
    }
    let first = after.trim_start().chars().next();
    let Some(first) = first else { return true };
    // The word before the period.
    let before = &text[..k];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map(|(i, _)| i)
        .unwrap_or(k);
    let word = &text[word_start..k];
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_digit()) {
        // `5. Toplantısı`: a short number with a dot before a word is an ordinal.
        if ordinal_dot && word.len() <= 3 && first.is_alphabetic() {
            return false;
        }
        return true;
    }
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false; // an initial: `J. Smith`
    }
    if !word.is_empty() && abbreviations(word) {
        return false;
    }
    first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(
            first,
            '"' | '\u{201C}' | '\u{2018}' | '(' | '[' | '-' | '\u{2013}' | '\u{2014}'
        )
}

/// The sentence around byte `pos`, not reaching back before `floor`.
pub(crate) fn sentence_at(
    text: &str,
    pos: usize,
    floor: usize,
    abbreviations: &dyn Fn(&str) -> bool,
    ordinal_dot: bool,
) -> Span {
    const MAX: usize = 4096;
    let bytes = text.as_bytes();
    let lo = floor.max(pos.saturating_sub(MAX));
    let mut start = lo;
    let mut k = pos;
    while k > lo {
        k -= 1;
        let b = bytes[k];
        if b == b'\n'
            || (matches!(b, b'.' | b'!' | b'?')
                && ends_sentence(text, k, abbreviations, ordinal_dot))
        {
            start = k + 1;
            break;
        }
    }
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let hi = text.len().min(pos + MAX);
    let mut end = hi;
    let mut k = pos;
    while k < hi {
        let b = bytes[k];
        if b == b'\n' {
            end = k;
            break;
        }
        if matches!(b, b'.' | b'!' | b'?') && ends_sentence(text, k, abbreviations, ordinal_dot) {
            end = k + 1;
            break;
        }
        k += 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // Trim surrounding whitespace.
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let (a, b) = (start + lead, end - trail);
    Span::new(a, b.max(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophe_suffixes_stay_on_their_number() {
        let t = tokenize("20’den fazla", 0, 14, true);
        assert_eq!(t[0].norm, "20");
        assert_eq!(t[0].suffix.as_deref(), Some("den"));
        assert_eq!(t[1].norm, "fazla");
    }

    #[test]
    fn separators_stay_inside_digit_runs() {
        let t = tokenize("$5.2 billion, 3,500.", 0, 20, false);
        let norms: Vec<&str> = t.iter().map(|t| &*t.norm).collect();
        assert_eq!(norms, ["$", "5.2", "billion", ",", "3,500", "."]);
        assert!(t[1].glued && !t[2].glued);
    }

    #[test]
    fn folded_words_borrow_the_text_and_others_are_folded() {
        let t = tokenize("Abcd efg 5 hij", 0, 14, false);
        assert!(matches!(t[0].norm, Cow::Owned(_)));
        assert_eq!(t[0].norm, "abcd");
        assert!(matches!(t[1].norm, Cow::Borrowed("efg")));
        assert!(matches!(t[2].norm, Cow::Borrowed("5")));
        let text = "İxyz ışğö";
        let t = tokenize(text, 0, text.len(), true);
        assert_eq!(t[0].norm, "ixyz");
        assert!(matches!(t[1].norm, Cow::Borrowed("ışğö")));
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "He came on Oct. 12-13 2022. Then he left.";
        let abbr = |w: &str| w.eq_ignore_ascii_case("oct");
        let s = sentence_at(text, 16, 0, &abbr, false);
        assert_eq!(s.slice(text), "He came on Oct. 12-13 2022.");
    }
}
