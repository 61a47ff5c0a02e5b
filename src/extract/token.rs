//! Sentences and tokens. Extraction never tokenizes a whole document: it finds a candidate,
//! takes the sentence around it (a byte scan for `.`, `!`, `?` and newlines) and splits only
//! that sentence into words, digit runs and punctuation, each with its byte span.
//!
//! A digit run keeps its separators (`3,500`, `5,2`, `3.538`): which one groups thousands is
//! the language's call, made in `numbers`. An apostrophe suffix (`20'den`, `Almanya’ya`) stays
//! on its token as `suffix`, folded, so `20’den` and `20'den` read the same.

use std::borrow::Cow;

use super::lexicon::WordRef;
use crate::text::lanes::{alphanumerics, equal_to, HIGH, ONES};
use crate::text::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Num,
    Punct,
}

/// One token of a sentence: a small `Copy` record whose words are slices of the sentence's
/// folded buffer ([`Folded`]), so a sentence's tokens sit in one reused vector and nothing is
/// dropped or copied when they are. 56 bytes (on 64-bit targets): offsets from the
/// sentence's start in 32 bits and the word as its place in the tables ([`WordRef`]), not
/// 64-bit offsets and a slice.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub kind: Kind,
    /// Bytes of the whole token, apostrophe suffix included, from the start of the stretch
    /// tokenized (a sentence: a few KiB at most, see [`SENTENCE_WINDOW`]).
    pub start: u32,
    pub end: u32,
    /// Folded word, the digit run as written, or the punctuation mark (dashes as `-`,
    /// apostrophes as `'`): a slice of the folded sentence, of the text, or (for the rare
    /// digit run with spaces in it) of the tokenizer's side buffer.
    pub norm: &'a str,
    /// Folded letters after an apostrophe (`den` in `20’den`).
    pub suffix: Option<&'a str>,
    /// No whitespace between this token and the one before.
    pub glued: bool,
    /// Starts with an uppercase letter.
    pub upper: bool,
    /// Where the word is in the language's tables (directly or under a suffix, with the
    /// suffix's case mask), looked up once when the sentence is read; `None` before that
    /// and for words the tables do not know.
    pub word: Option<WordRef>,
    /// What the token may open, as [`OPENS_DATE`] and [`OPENS_PERIOD`] bits (from the
    /// token's first byte and length: a superset, a set bit may still open nothing) and
    /// [`OPENS_NUMBER`] and [`NAMES_MONTH`] bits (exact, from its entries): set with `word`,
    /// so the passes after skip by one byte every token no pattern of theirs can start at.
    pub opens: u8,
}

/// [`Tok::opens`]: a date pattern may open with this word.
pub(crate) const OPENS_DATE: u8 = 1;
/// [`Tok::opens`]: a period pattern may open with this word.
pub(crate) const OPENS_PERIOD: u8 = 2;
/// [`Tok::opens`]: a number phrase may open with this word (see
/// [`super::lexicon::Entry::may_open_number`]); `and`, `of` and the months open none.
pub(crate) const OPENS_NUMBER: u8 = 4;
/// [`Tok::opens`]: the word names a month (not what it opens: a month opens no number, and
/// the sentence reader notes where the months stand by this bit).
pub(crate) const NAMES_MONTH: u8 = 8;

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
    let bytes = word.as_bytes();
    if bytes.iter().all(u8::is_ascii_lowercase) {
        return Cow::Borrowed(word);
    }
    if word.is_ascii() && !bytes.contains(&b'`') && !(dotless_i && bytes.contains(&b'I')) {
        // what `fold` does to ASCII but `` ` `` and a Turkish `I`
        return if bytes.iter().any(u8::is_ascii_uppercase) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        };
    }
    if needs_fold(word) {
        Cow::Owned(crate::text::fold(word, dotless_i))
    } else {
        Cow::Borrowed(word)
    }
}

/// Split `text[start..end]` into tokens and hand them to `f` (for patterns and tests; the
/// sentence reader uses [`tokenize_into`] with buffers it keeps). Offsets are from `start`.
pub(crate) fn with_tokens<R>(
    text: &str,
    start: usize,
    end: usize,
    dotless_i: bool,
    f: impl FnOnce(&mut Vec<Tok<'_>>) -> R,
) -> R {
    let mut folded = Folded::default();
    let mut extra = String::new();
    let mut toks = Vec::new();
    if let Some(slice) = text.get(start..end) {
        folded.fill(slice, dotless_i);
    }
    tokenize_into(text, start, end, dotless_i, &folded, &mut extra, &mut toks);
    f(&mut toks)
}

/// The same vector emptied, for tokens of another lifetime: a sentence's tokens borrow its
/// text, so the buffer they sit in is handed on empty from one sentence to the next. The
/// allocation is kept (collecting a vector's own iterator reuses it).
// `filter_map` to `None` is what changes the element type (no element is left to map)
#[allow(clippy::unnecessary_filter_map)]
pub(crate) fn recycle<'b>(mut toks: Vec<Tok<'_>>) -> Vec<Tok<'b>> {
    toks.clear();
    toks.into_iter().filter_map(|_| None).collect()
}

/// Flags of [`Latin`].
const ALPHA: u8 = 1;
const UPPER: u8 = 2;
const SPACE: u8 = 4;
/// `char::is_alphanumeric`, asked of the word before a period.
const ALNUM: u8 = 8;
/// The characters [`Latin`] covers: ASCII, Latin-1 and Latin Extended-A and -B.
const LATIN: usize = 0x250;

/// What the tokenizer asks of a character below U+0250, where nearly every letter of the
/// languages we read is: whether it is a word character, uppercase or a space, and what it
/// folds to. One table read instead of a search of the Unicode tables; built once from
/// those same tables, so it answers as they do.
struct Latin {
    flags: [u8; LATIN],
    /// [`crate::text::fold_char`] of each (not Turkish), `'\0'` where that is several
    /// characters.
    fold: [char; LATIN],
}

fn latin() -> &'static Latin {
    static TABLE: std::sync::OnceLock<Latin> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Latin {
            flags: [0; LATIN],
            fold: ['\0'; LATIN],
        };
        for (i, c) in (0..LATIN as u32).filter_map(|i| Some((i as usize, char::from_u32(i)?))) {
            let f = &mut t.flags[i];
            if is_word_char(c) {
                *f |= ALPHA;
            }
            if c.is_uppercase() {
                *f |= UPPER;
            }
            if c.is_whitespace() {
                *f |= SPACE;
            }
            if c.is_alphanumeric() {
                *f |= ALNUM;
            }
            let mut folds = crate::text::fold_char(c, false);
            if let (Some(one), None) = (folds.next(), folds.next()) {
                t.fold[i] = one;
            }
        }
        t
    })
}

impl Latin {
    #[inline]
    fn has(&self, c: char, flag: u8) -> Option<bool> {
        self.flags.get(c as usize).map(|f| f & flag != 0)
    }

    #[inline]
    fn is_word_char(&self, c: char) -> bool {
        self.has(c, ALPHA).unwrap_or_else(|| is_word_char(c))
    }

    #[inline]
    fn is_space(&self, c: char) -> bool {
        self.has(c, SPACE).unwrap_or_else(|| c.is_whitespace())
    }

    #[inline]
    fn is_upper(&self, c: char) -> bool {
        self.has(c, UPPER).unwrap_or_else(|| c.is_uppercase())
    }

    #[inline]
    fn is_alphanumeric(&self, c: char) -> bool {
        self.has(c, ALNUM).unwrap_or_else(|| c.is_alphanumeric())
    }
}

/// A sentence folded as [`crate::text::fold`] folds it, filled once per sentence so that
/// every word's folded form is a slice of it and no word allocates.
#[derive(Debug, Default)]
pub(crate) struct Folded {
    text: String,
    /// The length of the sentence folded.
    len: usize,
    /// After each character whose folded form has another length (`İ`, `’`, a Turkish `I`):
    /// (its end in the sentence, its end in `text`), in order.
    shifts: Vec<(usize, usize)>,
}

impl Folded {
    /// Fold `s` (a sentence) into this buffer, replacing what it held.
    pub fn fill(&mut self, s: &str, dotless_i: bool) {
        self.text.clear();
        self.shifts.clear();
        self.len = s.len();
        let bytes = s.as_bytes();
        if !folds_apart(bytes, dotless_i) {
            // the usual sentence: folding is lowercasing, in one copy
            self.text.push_str(s);
            self.text.make_ascii_lowercase();
            return;
        }
        let table = latin();
        let mut i = 0;
        while i < bytes.len() {
            // the longest run that folds byte for byte (letters already lowercase, `ş`,
            // `ü`, included), copied and lowercased in place
            let run = plain_run_end(s, i, dotless_i, table);
            let from = self.text.len();
            self.text.push_str(s.get(i..run).unwrap_or(""));
            if let Some(copied) = self.text.get_mut(from..) {
                copied.make_ascii_lowercase();
            }
            i = run;
            let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            let before = self.text.len();
            match table.fold.get(c as usize) {
                Some(&f) if f != '\0' && !c.is_ascii() => self.text.push(f),
                _ => self.text.extend(crate::text::fold_char(c, dotless_i)),
            }
            i += c.len_utf8();
            if self.text.len() - before != c.len_utf8() {
                self.shifts.push((i, self.text.len()));
            }
        }
    }
}

/// Does any byte of `bytes` fold to more than itself lowercased: a non-ASCII byte, a
/// backtick, or (Turkish) an `I`? One pass in 32-byte blocks whose test has no early exit,
/// so the compiler makes it vector compares; the tail is read as a zero-padded block. (It
/// was `is_ascii`, whose tail went byte by byte, and a `memchr` per byte sought.)
#[inline]
fn folds_apart(bytes: &[u8], dotless_i: bool) -> bool {
    let unplain = |block: &[u8; 32]| {
        block.iter().fold(false, |any, &b| {
            any | (b >= 0x80) | (b == b'`') | (dotless_i & (b == b'I'))
        })
    };
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        // a return per block, not one fold over all: the compiler vectorizes within a
        // block instead of across blocks
        if block.try_into().is_ok_and(&unplain) {
            return true;
        }
    }
    let tail = blocks.remainder();
    let mut last = [0u8; 32];
    if let Some(head) = last.get_mut(..tail.len()) {
        head.copy_from_slice(tail);
    }
    unplain(&last)
}

/// Eight bytes from `bytes[i..]` as one little-endian word, if there are eight.
#[inline]
fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(i..i.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// The high bit of each byte of `w` equal to `b`; exact up to the lowest one set, which is
/// all a caller after the first may read.
#[inline]
fn bytes_equal(w: u64, b: u8) -> u64 {
    let v = w ^ (ONES * u64::from(b));
    v.wrapping_sub(ONES) & !v & HIGH
}

/// From byte `i`, where the first byte is that does not fold to itself lowercased: a
/// non-ASCII byte, a backtick, or (Turkish) an `I`. Eight bytes at a time.
fn next_unplain(bytes: &[u8], mut i: usize, dotless_i: bool) -> usize {
    while let Some(w) = word_at(bytes, i) {
        let mut hits = (w & HIGH) | bytes_equal(w, b'`');
        if dotless_i {
            hits |= bytes_equal(w, b'I');
        }
        if hits != 0 {
            return i + hits.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    bytes
        .get(i..)
        .unwrap_or(&[])
        .iter()
        .position(|&b| !b.is_ascii() || b == b'`' || (dotless_i && b == b'I'))
        .map_or(bytes.len(), |k| i + k)
}

/// From byte `i` of `s`, where the first character is that does not fold to itself
/// lowercased byte for byte: [`next_unplain`], past the non-ASCII characters that fold to
/// themselves.
fn plain_run_end(s: &str, mut i: usize, dotless_i: bool, table: &Latin) -> usize {
    let bytes = s.as_bytes();
    loop {
        let j = next_unplain(bytes, i, dotless_i);
        if !matches!(bytes.get(j), Some(&b) if b >= 0x80) {
            return j;
        }
        match s.get(j..).and_then(|r| r.chars().next()) {
            Some(c) if table.fold.get(c as usize) == Some(&c) => i = j + c.len_utf8(),
            _ => return j,
        }
    }
}

/// The high bit of each byte of `w` that is no ASCII letter.
#[inline]
fn non_letters(w: u64) -> u64 {
    // a letter, either case, is 0x61..=0x7A once 0x20 is set; a byte with its high bit set
    // is none (it stays set in `low`'s complement below)
    let x = (w | (ONES * 0x20)) & !HIGH;
    let from_a = x.wrapping_add(ONES * (0x80 - 0x61)) & HIGH;
    let past_z = x.wrapping_add(ONES * (0x80 - 0x7B)) & HIGH;
    !(from_a & !past_z & !(w & HIGH)) & HIGH
}

/// Offsets of the sentence turned into offsets of its folded form, asked in increasing order.
struct Shifted<'f> {
    shifts: &'f [(usize, usize)],
    /// How many shifts lie at or before the last offset asked.
    passed: usize,
}

impl Shifted<'_> {
    #[inline]
    fn at(&mut self, o: usize) -> usize {
        while self.shifts.get(self.passed).is_some_and(|&(s, _)| s <= o) {
            self.passed += 1;
        }
        match self.passed.checked_sub(1).and_then(|k| self.shifts.get(k)) {
            Some(&(s, f)) => f + (o - s),
            None => o,
        }
    }
}

/// The folded forms of a sentence's words as slices of the folded sentence.
struct FoldedWords<'a> {
    text: &'a str,
    shifted: Shifted<'a>,
    /// `same`, and no character folded to another length: an offset in the sentence is the
    /// same offset in the folded text, so a word is read there without [`Shifted`].
    unshifted: bool,
    /// The folded text was made from this sentence (it is as long as the folded sentence
    /// was); when not, no word is read from it.
    same: bool,
}

impl<'a> FoldedWords<'a> {
    /// The folded form of the sentence's `a..b` (a word or a suffix), asked in increasing
    /// order; `None` where it is no slice of the folded sentence.
    #[inline(always)]
    fn get(&mut self, a: usize, b: usize) -> Option<&'a str> {
        if self.unshifted {
            return self.text.get(a..b);
        }
        if !self.same {
            return None;
        }
        let (fa, fb) = (self.shifted.at(a), self.shifted.at(b));
        self.text.get(fa..fb)
    }
}

/// Split `text[start..end]` into tokens written into `out` (cleared first); spans are
/// 32-bit offsets from `start`. A sentence never reaches 4 GiB (its span is bounded by
/// [`SENTENCE_WINDOW`], asserted at compile time); a longer stretch gives no tokens. `folded`
/// holds that sentence folded ([`Folded::fill`]): each word is a slice of it. `extra` is a
/// side buffer for the rare token whose text is in neither the sentence nor its folded form
/// (a digit run with spaces dropped).
///
/// Reads bytes: an ASCII byte is its own character, and only a non-ASCII byte is decoded.
pub(crate) fn tokenize_into<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    dotless_i: bool,
    folded: &'a Folded,
    extra: &'a mut String,
    out: &mut Vec<Tok<'a>>,
) {
    tokenize_reading(text, start, end, dotless_i, folded, extra, out, |_, _| {});
}

/// [`tokenize_into`], handing each token to `read` (with its index) just after it is
/// written, in place, so the sentence reader looks its words up in the same walk that makes
/// them. (Read in place, not before the push: a record read on the stack and then copied
/// was written twice, seeds 121.4M -> 120.4M instructions.)
/// True when some token's text was rewritten after it was read (a word folded to text that
/// is no slice of the folded sentence, a digit run with spaces dropped): what `read` saw of
/// those tokens is stale, and the caller reads the tokens again.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(crate) fn tokenize_reading<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    dotless_i: bool,
    folded: &'a Folded,
    extra: &'a mut String,
    out: &mut Vec<Tok<'a>>,
    mut read: impl FnMut(&mut Tok<'a>, usize),
) -> bool {
    out.clear();
    extra.clear();
    let Some(slice) = text
        .get(start..end)
        .filter(|s| u32::try_from(s.len()).is_ok())
    else {
        // no sentence is this long (the assertion under SENTENCE_WINDOW): were one, its
        // figures would be dropped
        debug_assert!(
            end.saturating_sub(start) <= u32::MAX as usize,
            "a 4 GiB sentence"
        );
        return false;
    };
    out.reserve(slice.len() / 4 + 1);
    let same = folded.len == slice.len();
    let mut words = FoldedWords {
        text: &folded.text,
        shifted: Shifted {
            shifts: &folded.shifts,
            passed: 0,
        },
        unshifted: same && folded.shifts.is_empty(),
        same,
    };
    // tokens whose norm (false) or suffix (true) is owned, written to `extra` at the end
    let mut owned: Vec<(usize, bool, String)> = Vec::new();
    let mut settle = |c: Cow<'a, str>, at: usize, suffix: bool| -> &'a str {
        match c {
            Cow::Borrowed(w) => w,
            Cow::Owned(w) => {
                owned.push((at, suffix, w));
                ""
            }
        }
    };
    // the folded form of `slice[a..b]` where it is not a slice of the folded sentence
    let fold_slice = |a: usize, b: usize| fold_word(slice.get(a..b).unwrap_or(""), dotless_i);
    let table = latin();
    let s = Scan(slice);
    let bytes = slice.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    let mut glued = false;
    while let Some(&b) = bytes.get(i) {
        if b == b' ' {
            // the usual gap between two tokens
            glued = false;
            i += 1;
            continue;
        }
        let tok_start = i;
        // an ASCII letter, the usual token start, is no space and no leading separator
        let (kind, norm, upper) = if b.is_ascii_alphabetic() {
            i = s.word_end(i + 1, table);
            let norm = match words.get(tok_start, i) {
                Some(w) => w,
                None => settle(fold_slice(tok_start, i), out.len(), false),
            };
            (Kind::Word, norm, b.is_ascii_uppercase())
        } else {
            let c = if b < 0x80 {
                char::from(b)
            } else {
                match s.at(i) {
                    Some(c) => c,
                    None => break,
                }
            };
            if table.is_space(c) {
                glued = false;
                i += c.len_utf8();
                continue;
            }
            let sep_led = matches!(b, b'.' | b',')
                && !(i > 0 && s.byte(i - 1).is_ascii_digit())
                && s.byte(i + 1).is_ascii_digit()
                && s.before(i).map_or(true, |p| p.is_whitespace() || p == '(');
            let (kind, norm) = if b.is_ascii_digit() || sep_led {
                if sep_led {
                    i += 1;
                }
                i = s.digits(i);
                // thousands set apart by a space: always after a no-break or thin space
                // (`40 000`), after a plain space only in runs of three groups (`1 234 567`)
                let mut spaced = false;
                if !sep_led && i - tok_start <= 3 {
                    let mut g = i;
                    let mut groups = 0;
                    let mut typographic = false;
                    while let Some(after) = s.group_at(g) {
                        typographic |= s.byte(g) != b' ';
                        groups += 1;
                        g = after;
                    }
                    if groups > 0 && (typographic || groups >= 2) {
                        i = g;
                        spaced = true;
                    }
                }
                while matches!(s.byte(i), b'.' | b',') && s.byte(i + 1).is_ascii_digit() {
                    i = s.digits(i + 1);
                }
                let raw = slice.get(tok_start..i).unwrap_or("");
                // A thousands separator may be a thin or no-break space in print; keep digits only.
                let norm = if spaced {
                    let digits = raw.chars().filter(|&c| !is_group_space(c)).collect();
                    settle(Cow::Owned(digits), out.len(), false)
                } else {
                    raw
                };
                (Kind::Num, norm)
            } else if b < 0x80 {
                i += 1;
                let norm = match b {
                    b'-' => "-",
                    b'\'' => "'",
                    _ => slice.get(tok_start..i).unwrap_or(""),
                };
                (Kind::Punct, norm)
            } else if is_vulgar_fraction(c) {
                i += c.len_utf8();
                (Kind::Word, slice.get(tok_start..i).unwrap_or(""))
            } else if table.is_word_char(c) {
                i = s.word_end(i, table);
                let norm = match words.get(tok_start, i) {
                    Some(w) => w,
                    None => settle(fold_slice(tok_start, i), out.len(), false),
                };
                (Kind::Word, norm)
            } else {
                i += c.len_utf8();
                let norm = if is_dash(c) {
                    "-"
                } else if is_apostrophe(c) {
                    "'"
                } else {
                    slice.get(tok_start..i).unwrap_or("")
                };
                (Kind::Punct, norm)
            };
            let upper = if b < 0x80 {
                b.is_ascii_uppercase()
            } else {
                table.is_upper(c)
            };
            (kind, norm, upper)
        };
        let mut suffix = None;
        let next = s.byte(i);
        if kind != Kind::Punct && (next == b'\'' || next >= 0x80) {
            if let Some(a) = s.at(i).filter(|&a| is_apostrophe(a)) {
                let from = i + a.len_utf8();
                if s.at(from).is_some_and(|c| table.is_word_char(c)) {
                    i = s.word_end(from, table);
                    suffix = Some(match words.get(from, i) {
                        Some(w) => w,
                        None => settle(fold_slice(from, i), out.len(), true),
                    });
                }
            }
        }
        // both below `slice.len()`, which fits in 32 bits
        let tok = Tok {
            kind,
            start: tok_start as u32,
            end: i as u32,
            norm,
            suffix,
            glued,
            upper,
            word: None,
            opens: 0,
        };
        let p = out.len();
        out.push(tok);
        if let Some(t) = out.last_mut() {
            read(t, p);
        }
        glued = true;
        debug_assert!(i <= n);
    }
    if owned.is_empty() {
        return false;
    }
    let mut at = Vec::with_capacity(owned.len());
    for (_, _, w) in &owned {
        at.push(extra.len());
        extra.push_str(w);
    }
    let extra: &'a String = extra;
    for ((k, suffix, w), a) in owned.iter().zip(at) {
        let w = extra.get(a..a + w.len()).unwrap_or("");
        if let Some(t) = out.get_mut(*k) {
            if *suffix {
                t.suffix = Some(w);
            } else {
                t.norm = w;
            }
        }
    }
    true
}

/// A sentence read byte by byte, characters decoded only where a byte is not ASCII. Offsets
/// are character boundaries; past the end reads as NUL (no digit, letter or space).
struct Scan<'a>(&'a str);

impl Scan<'_> {
    #[inline]
    fn byte(&self, i: usize) -> u8 {
        self.0.as_bytes().get(i).copied().unwrap_or(0)
    }

    /// The character starting at byte `i`.
    #[inline]
    fn at(&self, i: usize) -> Option<char> {
        match self.0.as_bytes().get(i) {
            Some(&b) if b < 0x80 => Some(b as char),
            Some(_) => self.0.get(i..).and_then(|s| s.chars().next()),
            None => None,
        }
    }

    /// The character ending at byte `i`.
    fn before(&self, i: usize) -> Option<char> {
        self.0.get(..i).and_then(|s| s.chars().next_back())
    }

    /// Past the ASCII digits from byte `i`.
    #[inline]
    fn digits(&self, mut i: usize) -> usize {
        while self.byte(i).is_ascii_digit() {
            i += 1;
        }
        i
    }

    /// Past the letters from byte `i`.
    #[inline(always)]
    fn word_end(&self, mut i: usize, table: &Latin) -> usize {
        // ASCII letters eight at a time
        while let Some(w) = word_at(self.0.as_bytes(), i) {
            let stop = non_letters(w);
            if stop != 0 {
                i += stop.trailing_zeros() as usize / 8;
                break;
            }
            i += 8;
        }
        loop {
            let b = self.byte(i);
            if b < 0x80 {
                if !b.is_ascii_alphabetic() {
                    return i;
                }
                i += 1;
            } else {
                match self.at(i) {
                    Some(c) if table.is_word_char(c) => i += c.len_utf8(),
                    _ => return i,
                }
            }
        }
    }

    /// A group of three digits set apart by a space at byte `i` (and no letter or digit right
    /// after): where the group ends.
    fn group_at(&self, i: usize) -> Option<usize> {
        let space = self.at(i).filter(|&c| is_group_space(c))?;
        let digits = i + space.len_utf8();
        if self.digits(digits) < digits + 3 {
            return None;
        }
        let after = digits + 3;
        if self.at(after).is_some_and(char::is_alphanumeric) {
            return None;
        }
        Some(after)
    }
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
    // The word before the period: ASCII letters, digits and dots byte by byte, characters
    // decoded only from a non-ASCII byte on.
    let mut word_start = k;
    // eight bytes at a time while they are all letters, digits or dots, then byte by byte
    while let Some(w) = word_start.checked_sub(8).and_then(|a| word_at(bytes, a)) {
        let dots = equal_to(w, b'.');
        let stops = !(alphanumerics(w) | dots) & HIGH;
        if stops != 0 {
            word_start -= stops.leading_zeros() as usize / 8;
            break;
        }
        word_start -= 8;
    }
    while word_start > 0
        && (bytes[word_start - 1].is_ascii_alphanumeric() || bytes[word_start - 1] == b'.')
    {
        word_start -= 1;
    }
    if word_start > 0 && bytes[word_start - 1] >= 0x80 {
        // the letters of most words are in the table (Unicode's own lookup is long)
        let table = latin();
        word_start = text[..word_start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| table.is_alphanumeric(c) || c == '.')
            .last()
            .map_or(word_start, |(i, _)| i);
    }
    let word = &text[word_start..k];
    if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
        // `5. Toplantısı`: a short number with a dot before a word is an ordinal.
        if ordinal_dot && word.len() <= 3 && first.is_alphabetic() {
            return false;
        }
        return true;
    }
    if word.len() <= 4 && word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false; // an initial: `J. Smith`
    }
    let opens = latin().is_upper(first)
        || first.is_ascii_digit()
        || matches!(
            first,
            '"' | '\u{201C}' | '\u{2018}' | '(' | '[' | '-' | '\u{2013}' | '\u{2014}'
        );
    // the table of abbreviations is asked only where the next word could open a sentence
    opens && (word.is_empty() || !abbreviations(word))
}

/// How far a sentence reaches either side of the byte it is asked about.
const SENTENCE_WINDOW: usize = 4096;

// A sentence spans at most `2 * SENTENCE_WINDOW` bytes and the few of its end marks
// (`sentence_within`): its tokens' offsets fit the 32 bits of `Tok::start`, so
// `tokenize_reading` never turns a sentence away for its length.
const _: () = assert!(2 * SENTENCE_WINDOW + 4 <= u32::MAX as usize);

/// The sentence around byte `pos`, not reaching back before `floor`.
pub(crate) fn sentence_at(
    text: &str,
    pos: usize,
    floor: usize,
    abbreviations: &dyn Fn(&str) -> bool,
    ordinal_dot: bool,
) -> Span {
    sentence_reach(text, pos, floor, abbreviations, ordinal_dot).0
}

/// [`sentence_at`], and whether the sentence is also the one asked about at any byte from
/// its start up to `pos` (with the same `floor`): true unless the window's edge, not a mark
/// or a line break, may have decided a bound. Extraction asks at the first figure of a
/// sentence and so need not look for number words in the sentence before it: a word there
/// would give the same sentence.
pub(crate) fn sentence_reach(
    text: &str,
    pos: usize,
    floor: usize,
    abbreviations: &dyn Fn(&str) -> bool,
    ordinal_dot: bool,
) -> (Span, bool) {
    sentence_within(
        text,
        pos,
        floor,
        abbreviations,
        ordinal_dot,
        SENTENCE_WINDOW,
    )
}

/// [`sentence_reach`] reaching at most `max` bytes either side of `pos` (a parameter so
/// that a test can reach the window's edges with short texts).
///
/// Asked at any `c` from the sentence's start to `pos` instead, the search finds the same
/// bounds: no mark ending a sentence and no line break lies between the start and `pos`
/// (the nearest one back from `pos` is before the start), and marks and line breaks are
/// judged by the text around them alone. Only the window differs, `c - max..c + max`: the
/// answer holds where the start was found at a mark or line break (or the window reached
/// `floor`, as it does from `c`), and where the byte that decided the end lies within
/// `max` of the start (or no mark or line break came and the text's end is that near).
#[inline(always)]
fn sentence_within(
    text: &str,
    pos: usize,
    floor: usize,
    abbreviations: &dyn Fn(&str) -> bool,
    ordinal_dot: bool,
    max: usize,
) -> (Span, bool) {
    let bytes = text.as_bytes();
    let ends = |k: usize| ends_sentence(text, k, abbreviations, ordinal_dot);
    let lo = floor.max(pos.saturating_sub(max));
    // back to the nearest line break or sentence end, whichever is nearer: the marks that may
    // end a sentence are looked for first, and a line break only in the stretch after each,
    // so no byte before the sentence is read (a paragraph is not read back to its start for
    // each of its sentences)
    let mut start = None;
    // `lo..k` is not searched yet
    let mut k = pos;
    while let Some(d) = bytes
        .get(lo..k)
        .and_then(|b| memchr::memrchr3(b'.', b'!', b'?', b))
    {
        let j = lo + d;
        if let Some(nl) = bytes.get(j + 1..k).and_then(|b| memchr::memrchr(b'\n', b)) {
            start = Some(j + 1 + nl + 1);
            break;
        }
        if ends(j) {
            start = Some(j + 1);
            break;
        }
        k = j;
    }
    let start = start.or_else(|| {
        bytes
            .get(lo..k)
            .and_then(|b| memchr::memrchr(b'\n', b))
            .map(|nl| lo + nl + 1)
    });
    // from any byte after `pos - max`, the window reaches back to `floor` as from `pos`
    let start_holds = start.is_some() || lo == floor;
    let mut start = start.unwrap_or(lo);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    // forward the same way: the first mark that ends the sentence, unless a line break
    // comes first
    let hi = text.len().min(pos.saturating_add(max));
    // (the end, the last byte read to decide it)
    let mut end = None;
    // `k..hi` is not searched yet
    let mut k = pos;
    while let Some(d) = bytes
        .get(k..hi)
        .and_then(|b| memchr::memchr3(b'.', b'!', b'?', b))
    {
        let j = k + d;
        if let Some(nl) = bytes.get(k..j).and_then(|b| memchr::memchr(b'\n', b)) {
            end = Some((k + nl, j));
            break;
        }
        if ends(j) {
            end = Some((j + 1, j));
            break;
        }
        k = j + 1;
    }
    let end = end.or_else(|| {
        bytes
            .get(k..hi)
            .and_then(|b| memchr::memchr(b'\n', b))
            .map(|nl| (k + nl, k + nl))
    });
    let span = trimmed(text, start, end.map_or(hi, |(e, _)| e));
    let reach = span.start.saturating_add(max);
    let end_holds = match end {
        Some((_, read)) => read < reach,
        None => hi == text.len() && text.len() <= reach,
    };
    (span, start_holds && end_holds)
}

/// `text[start..end]`, `end` moved forward to a char boundary, without surrounding whitespace.
fn trimmed(text: &str, start: usize, mut end: usize) -> Span {
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let (a, b) = (start + lead, end - trail);
    Span::new(a, b.max(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Split `text[start..end]` into tokens; spans are offsets into `text`.
    fn tokenize_by_chars(text: &str, start: usize, end: usize, dotless_i: bool) -> Vec<Seen> {
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
            out.push((
                kind,
                off(tok_start),
                off(k),
                norm.into_owned(),
                suffix.map(Cow::into_owned),
                glued,
                c.is_uppercase(),
            ));
            glued = true;
        }
        out
    }

    /// The sentence around byte `pos`, not reaching back before `floor` nor more than `max`
    /// bytes either side.
    fn sentence_at_byte_by_byte(
        text: &str,
        pos: usize,
        floor: usize,
        abbreviations: &dyn Fn(&str) -> bool,
        ordinal_dot: bool,
        max: usize,
    ) -> Span {
        let bytes = text.as_bytes();
        let lo = floor.max(pos.saturating_sub(max));
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
        let hi = text.len().min(pos.saturating_add(max));
        let mut end = hi;
        let mut k = pos;
        while k < hi {
            let b = bytes[k];
            if b == b'\n' {
                end = k;
                break;
            }
            if matches!(b, b'.' | b'!' | b'?') && ends_sentence(text, k, abbreviations, ordinal_dot)
            {
                end = k + 1;
                break;
            }
            k += 1;
        }
        trimmed(text, start, end)
    }

    /// [`ends_sentence`] as it was: the word before the period read character by character
    /// and the abbreviations asked before the next word.
    fn ends_sentence_by_chars(
        text: &str,
        k: usize,
        abbreviations: &dyn Fn(&str) -> bool,
        ordinal_dot: bool,
    ) -> bool {
        let bytes = text.as_bytes();
        let after = &text[k + 1..];
        match after.chars().next() {
            None => return true,
            Some(c) if c.is_whitespace() => {}
            Some('"' | '\u{201D}' | ')' | '\'' | '\u{2019}') => return true,
            Some(_) => return false,
        }
        if bytes[k] != b'.' {
            return true;
        }
        let Some(first) = after.trim_start().chars().next() else {
            return true;
        };
        let word_start = text[..k]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
            .last()
            .map(|(i, _)| i)
            .unwrap_or(k);
        let word = &text[word_start..k];
        if !word.is_empty() && word.chars().all(|c| c.is_ascii_digit()) {
            return !(ordinal_dot && word.len() <= 3 && first.is_alphabetic());
        }
        if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
            return false;
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn a_sentence_end_reads_as_when_read_by_characters(
            text in "([a-z0-9 .!?'\"(\n-]|[A-Z]|Oct|oct|J|İ|ü|é|٣|\u{00A0}|\u{2019}|\u{201C}|\u{2014}){0,30}",
            ordinal_dot in proptest::bool::ANY,
        ) {
            let abbr = |w: &str| w.eq_ignore_ascii_case("oct") || w == "b.c" || w == "ü";
            for (k, b) in text.bytes().enumerate() {
                if matches!(b, b'.' | b'!' | b'?') {
                    proptest::prop_assert_eq!(
                        ends_sentence(&text, k, &abbr, ordinal_dot),
                        ends_sentence_by_chars(&text, k, &abbr, ordinal_dot),
                        "at {}", k
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// With the full window, as `sentence_at` searches, and with a window of a few bytes,
        /// so that it ends before the text does and starts after `floor`: the fallbacks when
        /// no mark or line break ends the search within it are reached at its edges, not only
        /// at the text's ends and `floor`. A sentence said to reach its start is found again
        /// from every byte there.
        #[test]
        fn sentence_bounds_by_memchr_are_as_byte_by_byte(
            text in "([a-z0-9 .!?,'\"()\n-]|[A-Z]|Oct|İ|ü|\\u{00A0}|\\u{2019}|\\u{201D}|\\u{2014}){0,60}",
            pos in 0usize..200,
            floor in 0usize..200,
            small in proptest::option::of(1usize..40),
            ordinal_dot in proptest::bool::ANY,
        ) {
            let pos = (0..=pos.min(text.len())).rev().find(|&k| text.is_char_boundary(k)).unwrap_or(0);
            let floor = floor.min(pos);
            let abbr = |w: &str| w.eq_ignore_ascii_case("oct") || w == "b.c";
            let max = small.unwrap_or(SENTENCE_WINDOW);
            let want = sentence_at_byte_by_byte(&text, pos, floor, &abbr, ordinal_dot, max);
            if small.is_none() {
                proptest::prop_assert_eq!(sentence_at(&text, pos, floor, &abbr, ordinal_dot), want);
            }
            let (span, reach) = sentence_within(&text, pos, floor, &abbr, ordinal_dot, max);
            proptest::prop_assert_eq!(span, want);
            // Where a sentence is said to reach back to its start, asking at any byte from
            // its start on gives it again, with windows of a few bytes as with the full one.
            if reach {
                for c in (span.start..pos).filter(|&c| text.is_char_boundary(c)) {
                    proptest::prop_assert_eq!(
                        sentence_within(&text, c, floor, &abbr, ordinal_dot, max).0,
                        span,
                        "asked at {}", c
                    );
                }
            }
        }
    }

    type Seen = (Kind, usize, usize, String, Option<String>, bool, bool);

    /// The tokens of a stretch from `base` as the oracle gives them, offsets into the text.
    fn seen(toks: &[Tok], base: usize) -> Vec<Seen> {
        toks.iter()
            .map(|t| {
                let suffix = t.suffix.map(str::to_string);
                (
                    t.kind,
                    base + t.start as usize,
                    base + t.end as usize,
                    t.norm.to_string(),
                    suffix,
                    t.glued,
                    t.upper,
                )
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn byte_tokenizing_reads_as_char_tokenizing_did(
            text in "([a-z0-9 .,'`(\\-]|[A-Z]|İ|I|ı|ü|Ş|½|é|’|—|´|ʼ|Ⱥ|ẞ|\\u{00A0}|\\u{202F}|\\u{2009}|\\u{0307}|\\u{0085}|\\u{000B}|ǅ|ß|1 234|12 345 678){0,40}",
            dotless_i in proptest::bool::ANY,
            cut in 0usize..8,
        ) {
            let start = (0..=cut.min(text.len())).rev().find(|&k| text.is_char_boundary(k)).unwrap_or(0);
            let new = with_tokens(&text, start, text.len(), dotless_i, |t| seen(t, start));
            let old = tokenize_by_chars(&text, start, text.len(), dotless_i);
            proptest::prop_assert_eq!(new, old);
        }
    }

    proptest::proptest! {
        #[test]
        fn fold_word_folds_as_fold_does(
            word in "([a-zA-Z`]|I|İ|ı|Ş|ß|é|’|\\u{0307}){0,12}",
            dotless_i in proptest::bool::ANY,
        ) {
            let folded = fold_word(&word, dotless_i);
            proptest::prop_assert_eq!(folded.as_ref(), crate::text::fold(&word, dotless_i));
        }
    }

    #[test]
    fn apostrophe_suffixes_stay_on_their_number() {
        with_tokens("20’den fazla", 0, 14, true, |t| {
            assert_eq!(t[0].norm, "20");
            assert_eq!(t[0].suffix, Some("den"));
            assert_eq!(t[1].norm, "fazla");
        });
    }

    #[test]
    fn separators_stay_inside_digit_runs() {
        with_tokens("$5.2 billion, 3,500.", 0, 20, false, |t| {
            let norms: Vec<&str> = t.iter().map(|t| t.norm).collect();
            assert_eq!(norms, ["$", "5.2", "billion", ",", "3,500", "."]);
            assert!(t[1].glued && !t[2].glued);
        });
    }

    #[test]
    fn digits_grouped_by_thin_spaces_read_without_the_spaces() {
        let text = "40\u{202F}000 and 1 234 567 or 12\u{00A0}345";
        with_tokens(text, 0, text.len(), false, |t| {
            let norms: Vec<&str> = t.iter().map(|t| t.norm).collect();
            assert_eq!(norms, ["40000", "and", "1234567", "or", "12345"]);
            assert_eq!((t[2].end - t[2].start) as usize, "1 234 567".len());
        });
    }

    #[test]
    fn words_are_slices_of_the_folded_sentence() {
        let text = "Abcd efg 5 hij";
        let mut folded = Folded::default();
        folded.fill(text, false);
        let within = |w: &str, buf: &str| {
            let (a, b) = (buf.as_ptr() as usize, w.as_ptr() as usize);
            b >= a && b + w.len() <= a + buf.len()
        };
        let mut extra = String::new();
        let mut t = Vec::new();
        tokenize_into(text, 0, text.len(), false, &folded, &mut extra, &mut t);
        assert_eq!([t[0].norm, t[1].norm, t[2].norm], ["abcd", "efg", "5"]);
        assert!(t[..2].iter().all(|t| within(t.norm, &folded.text)));
        let text = "x İxyz’Den ışğö";
        let mut folded = Folded::default();
        folded.fill(&text[2..], true);
        let mut extra = String::new();
        let mut t = Vec::new();
        tokenize_into(text, 2, text.len(), true, &folded, &mut extra, &mut t);
        assert_eq!(
            (t[0].norm, t[0].suffix, t[1].norm),
            ("ixyz", Some("den"), "ışğö")
        );
        assert!(within(t[0].norm, &folded.text) && within(t[1].norm, &folded.text));
        assert!(t[0].suffix.is_some_and(|s| within(s, &folded.text)));
        // offsets from the stretch's start, byte 2
        let (a, b) = (t[1].start as usize, t[1].end as usize);
        assert_eq!((2 + a, 2 + b), (text.len() - 8, text.len()));
        drop(t);
        assert!(extra.is_empty());
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_token_record_is_56_bytes() {
        // 80 with 64-bit offsets and the entries' slice and mask: a sentence's tokens are
        // written once and read by every pass after
        assert_eq!(std::mem::size_of::<Tok>(), 56);
    }

    #[test]
    fn the_latin_table_answers_as_the_unicode_tables() {
        let table = latin();
        for c in (0..LATIN as u32).filter_map(char::from_u32) {
            assert_eq!(table.is_word_char(c), is_word_char(c), "{c:?}");
            assert_eq!(table.is_space(c), c.is_whitespace(), "{c:?}");
            assert_eq!(table.is_upper(c), c.is_uppercase(), "{c:?}");
            assert_eq!(table.is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn a_token_buffer_is_reused_from_sentence_to_sentence() {
        let text = String::from("one two three");
        let mut folded = Folded::default();
        folded.fill(&text, false);
        let mut extra = String::new();
        let mut toks = Vec::new();
        tokenize_into(&text, 0, text.len(), false, &folded, &mut extra, &mut toks);
        let (ptr, cap) = (toks.as_ptr() as usize, toks.capacity());
        let again: Vec<Tok<'static>> = recycle(toks);
        assert!(again.is_empty());
        assert_eq!((again.as_ptr() as usize, again.capacity()), (ptr, cap));
    }

    proptest::proptest! {
        #[test]
        fn eight_byte_scans_stop_where_byte_scans_do(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
            from in 0usize..40,
            dotless_i in proptest::bool::ANY,
        ) {
            let from = from.min(bytes.len());
            let unplain = bytes[from..]
                .iter()
                .position(|&b| !b.is_ascii() || b == b'`' || (dotless_i && b == b'I'))
                .map_or(bytes.len(), |k| from + k);
            proptest::prop_assert_eq!(next_unplain(&bytes, from, dotless_i), unplain);
            if let Some(w) = word_at(&bytes, from) {
                let stop = bytes[from..from + 8].iter().position(|b| !b.is_ascii_alphabetic());
                let fast = non_letters(w);
                let fast = (fast != 0).then(|| fast.trailing_zeros() as usize / 8);
                proptest::prop_assert_eq!(fast, stop);
            }
        }
    }

    proptest::proptest! {
        /// Blocks of 32 and a padded tail: a sentence folds apart where the tests it
        /// replaced (`is_ascii` and a search for each byte) said so.
        #[test]
        fn a_sentence_folds_apart_where_a_byte_search_says_so(
            plain in "[a-zA-H0-9 .,'-]{0,90}",
            odd in proptest::sample::select(vec!["", "`", "I", "é", "’"]),
            at in 0usize..90,
            dotless_i in proptest::bool::ANY,
        ) {
            let at = at.min(plain.len());
            let s = format!("{}{odd}{}", &plain[..at], &plain[at..]);
            let bytes = s.as_bytes();
            let searched = !s.is_ascii()
                || memchr::memchr(b'`', bytes).is_some()
                || (dotless_i && memchr::memchr(b'I', bytes).is_some());
            proptest::prop_assert_eq!(folds_apart(bytes, dotless_i), searched);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn a_sentence_folded_at_once_is_folded_as_fold_does(
            text in "([a-zA-Z0-9 .,`'-]|I|İ|ı|Ş|ß|é|’|´|ʼ|Ⱥ|ẞ|—|\\u{0307}|\\u{00A0}){0,40}",
            dotless_i in proptest::bool::ANY,
        ) {
            let mut folded = Folded::default();
            folded.fill(&text, dotless_i);
            proptest::prop_assert_eq!(&folded.text, &crate::text::fold(&text, dotless_i));
        }
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text = "He came on Oct. 12-13 2022. Then he left.";
        let abbr = |w: &str| w.eq_ignore_ascii_case("oct");
        let s = sentence_at(text, 16, 0, &abbr, false);
        assert_eq!(s.slice(text), "He came on Oct. 12-13 2022.");
    }
}
