//! Text positions. A [`Span`] is a byte range into a document's original text; only
//! [`LineIndex`] turns byte offsets into `line:column` (columns counted in characters), so rule
//! errors, lint lines and reports all point at the same place. Turkish-aware case folding lives
//! here too, because `str::to_lowercase` maps `I` to `i`, which is wrong for Turkish.

use std::sync::Arc;

use serde::Serialize;

/// A byte range `start..end` into a document's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers; empty when the span does not fit `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Byte tests eight at a time: a `u64` holds eight bytes (little-endian) and each test answers
/// in the high bit of every byte. One set, shared by the extractor's scans, the clause cut and
/// the copy print.
pub(crate) mod lanes {
    /// One in every byte.
    pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
    /// The high bit of every byte.
    pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;
    /// Bit 5 of every byte: ORed into ASCII letters, it lowercases them.
    pub(crate) const LOWER: u64 = 0x2020_2020_2020_2020;

    /// The high bit of each byte of `x` (all bytes below 0x80) that lies in `lo..=hi`.
    #[inline]
    pub(crate) fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
        // no byte carries into the next: x < 0x80 and both addends are at most 0x80
        let at_least_lo = x.wrapping_add(ONES * u64::from(0x80 - lo));
        let above_hi = x.wrapping_add(ONES * u64::from(0x7f - hi));
        at_least_lo & !above_hi & HIGH
    }

    /// The high bit of each byte of `w` equal to `b` (an ASCII byte), exact in every lane.
    #[inline]
    pub(crate) fn equal_to(w: u64, b: u8) -> u64 {
        in_range(w & !HIGH, b, b) & !w
    }

    /// The high bit of each byte of `w` that is an ASCII digit.
    #[inline]
    pub(crate) fn digits(w: u64) -> u64 {
        in_range(w & !HIGH, b'0', b'9') & !w
    }

    /// The high bit of each byte of `w` that is an ASCII letter (either case).
    #[inline]
    pub(crate) fn letters(w: u64) -> u64 {
        in_range((w | LOWER) & !HIGH, b'a', b'z') & !w
    }

    /// The high bit of each byte of `w` that is an ASCII letter or digit.
    #[inline]
    pub(crate) fn alphanumerics(w: u64) -> u64 {
        digits(w) | letters(w)
    }
}

/// A word's length as one bit of a `u64` (lengths from 63 bytes on share the last bit). The
/// clause-break cues and the language detector keep, per first byte, the lengths of the
/// words they list, so most other words are ruled out before any comparison or hash.
#[inline]
pub(crate) fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// A string shared rather than copied: a stretch of a reference-counted buffer. The
/// figures of one document share its id, and the figures of one sentence share its quote
/// (their own text is a stretch of it), so locating a figure allocates nothing. It reads,
/// compares, hashes, prints and serializes exactly as the `str` it holds.
#[derive(Clone)]
pub struct SharedStr {
    all: Arc<str>,
    start: usize,
    end: usize,
}

impl SharedStr {
    /// `range` of `all`, or the whole of `all` when `range` does not fall on its characters.
    pub fn slice_of(all: &Arc<str>, range: std::ops::Range<usize>) -> Self {
        let (start, end) = if all.get(range.clone()).is_some() {
            (range.start, range.end)
        } else {
            (0, all.len())
        };
        SharedStr {
            all: Arc::clone(all),
            start,
            end,
        }
    }

    pub fn as_str(&self) -> &str {
        self.all.get(self.start..self.end).unwrap_or("")
    }
}

impl Default for SharedStr {
    fn default() -> Self {
        SharedStr::from("")
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        SharedStr::from(Arc::<str>::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        SharedStr::from(Arc::<str>::from(s))
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> Self {
        SharedStr::from(s.as_str())
    }
}

impl From<Arc<str>> for SharedStr {
    fn from(all: Arc<str>) -> Self {
        let end = all.len();
        SharedStr { all, start: 0, end }
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> Self {
        s.as_str().to_string()
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for SharedStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

macro_rules! shared_str_eq {
    ($($t:ty),*) => {$(
        impl PartialEq<$t> for SharedStr {
            fn eq(&self, other: &$t) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }
        impl PartialEq<SharedStr> for $t {
            fn eq(&self, other: &SharedStr) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}
shared_str_eq!(str, &str, String);

/// Maps byte offsets to 1-based `(line, column)`, columns counted in characters.
///
/// Long lines carry checkpoints (a byte offset and its column) every `CHECKPOINT_BYTES`, so
/// a column is counted from the nearest checkpoint, not from the start of its line: locating
/// every figure on a 200 MB single-line file stays linear instead of quadratic.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// `(byte offset, 0-based column)` inside long lines, sorted by offset.
    checkpoints: Vec<(usize, usize)>,
}

/// Distance between column checkpoints on long lines.
const CHECKPOINT_BYTES: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut checkpoints = Vec::new();
        for (i, &start) in line_starts.iter().enumerate() {
            let end = line_starts.get(i + 1).copied().unwrap_or(text.len());
            let (mut at, mut column) = (start, 0);
            while end - at > CHECKPOINT_BYTES {
                let mut next = at + CHECKPOINT_BYTES;
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                column += text.get(at..next).map_or(next - at, |s| s.chars().count());
                checkpoints.push((next, column));
                at = next;
            }
        }
        LineIndex {
            line_starts,
            checkpoints,
        }
    }

    /// 1-based line and column (in characters) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let mut from = (self.line_starts[line], 0);
        let before = self.checkpoints.partition_point(|&(at, _)| at <= offset);
        if let Some(&(at, column)) = before.checked_sub(1).and_then(|i| self.checkpoints.get(i)) {
            if at >= from.0 {
                from = (at, column);
            }
        }
        let column = from.1
            + text
                .get(from.0..offset)
                .map_or(offset - from.0, |s| char_count(s.as_bytes()));
        (line + 1, column + 1)
    }

    /// Byte range of the 1-based `line` (without its newline).
    pub fn line_span(&self, text: &str, line: usize) -> Option<Span> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .map(|&next| next - 1)
            .unwrap_or(text.len());
        Some(Span::new(start, end.max(start)))
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// [`LineIndex::line_col`] for offsets asked mostly in increasing order, without an index:
/// each offset is reached by counting characters from the one asked before it, and the
/// cursor knows where the current line ends, so the line breaks of a document are each found
/// once, in one forward search, and the line table is never built. An offset before the line
/// of the last one, or off a character boundary, goes through a [`LineIndex`] built the
/// first time one is needed; so does a long jump once it exists, so jumping back and forth
/// stays bounded.
#[derive(Debug, Clone)]
pub struct LineCursor<'a> {
    text: &'a str,
    index: Option<LineIndex>,
    /// The last offset located on a char boundary: `(offset, 0-based line, byte where that
    /// line starts, 0-based column)`.
    at: (usize, usize, usize, usize),
    /// The `\n` ending the line of `at` (the text's length on the last line).
    line_end: usize,
}

impl<'a> LineCursor<'a> {
    pub fn new(text: &'a str) -> Self {
        LineCursor {
            text,
            index: None,
            at: (0, 0, 0, 0),
            line_end: newline_from(text, 0),
        }
    }

    /// 1-based line and column (in characters) of byte `offset`, as [`LineIndex::line_col`].
    /// Inlined: locating a figure asks twice, and the call cost a third of the usual step.
    #[inline]
    pub fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let text = self.text;
        let offset = offset.min(text.len());
        let (at, mut line, mut start, mut column) = self.at;
        let near = self.index.is_none() || offset - at.min(offset) <= CHECKPOINT_BYTES;
        // The usual step, from one figure to its end or to the next figure: forward, not far,
        // to a character boundary. On the line of the last offset the characters are counted
        // from it; past that line, from the start of the line reached.
        if at <= offset && near && text.is_char_boundary(offset) {
            let mut from = at;
            while self.line_end < offset {
                line += 1;
                start = self.line_end + 1;
                self.line_end = newline_from(text, start);
                (from, column) = (start, 0);
            }
            let column = column + text.as_bytes().get(from..offset).map_or(0, char_count);
            self.at = (offset, line, start, column);
            return (line + 1, column + 1);
        }
        self.line_col_far(offset)
    }

    /// [`LineCursor::line_col`] for an offset (at most the text's length) before the last
    /// one, far past it once the index exists, or off a character boundary.
    fn line_col_far(&mut self, offset: usize) -> (usize, usize) {
        let text = self.text;
        let (at, line, start, column) = self.at;
        if start <= offset && offset < at {
            // On the line of the last offset, before it: no line break between the two.
            if let Some(back) = text.get(offset..at) {
                let column = column.saturating_sub(char_count(back.as_bytes()));
                self.at = (offset, line, start, column);
                return (line + 1, column + 1);
            }
        }
        let index = self.index.get_or_insert_with(|| LineIndex::new(text));
        let (line, column) = index.line_col(text, offset);
        if text.is_char_boundary(offset) {
            let start = index.line_starts.get(line - 1).copied().unwrap_or(0);
            self.at = (offset, line - 1, start, column - 1);
            self.line_end = index
                .line_starts
                .get(line)
                .map_or(text.len(), |&next| next - 1);
        }
        (line, column)
    }
}

/// The first `\n` at or after byte `from` of `text`, or the text's length.
fn newline_from(text: &str, from: usize) -> usize {
    text.as_bytes()
        .get(from..)
        .and_then(|rest| memchr::memchr(b'\n', rest))
        .map_or(text.len(), |i| from + i)
}

/// The characters in `bytes`, a stretch of a `str` between two character boundaries: its
/// length less its continuation bytes. Most of a document is ASCII, so 32 bytes are tested
/// at a time (four eight-byte loads ORed, one test) and only a block holding a byte above
/// 0x7f has its continuation bytes counted; the tail goes eight bytes, then one, at a time.
fn char_count(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = |chunk: &[u8], at: usize| {
        chunk
            .get(at..)
            .and_then(|rest| rest.first_chunk::<8>())
            .map_or(0, |w| u64::from_le_bytes(*w))
    };
    // 10xxxxxx: the high bit set and the next one clear; a 1 in the low bit of each such byte.
    let marks = |w: u64| (w & !(w << 1) & HIGH) >> 7;
    // Per-byte counts (at most 4 each here) summed into the top byte: their total.
    let total = |m: u64| (m.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
    let mut continuations = 0;
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        let (w0, w1, w2, w3) = (
            word(block, 0),
            word(block, 8),
            word(block, 16),
            word(block, 24),
        );
        if (w0 | w1 | w2 | w3) & HIGH != 0 {
            continuations += total(marks(w0) + marks(w1) + marks(w2) + marks(w3));
        }
    }
    let mut chunks = blocks.remainder().chunks_exact(8);
    for chunk in &mut chunks {
        let w = word(chunk, 0);
        if w & HIGH != 0 {
            continuations += total(marks(w));
        }
    }
    for &b in chunks.remainder() {
        continuations += usize::from(b & 0xc0 == 0x80);
    }
    bytes.len() - continuations
}

/// Lowercase `s` the Turkish way when `turkish` is set (`I`→`ı`, `İ`→`i`), the ordinary way
/// otherwise. Also folds typographic apostrophes to `'` so `Almanya’ya` and `Almanya'ya` match.
pub fn fold(s: &str, turkish: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        // The longest run that folds byte for byte (ASCII but the backtick and a Turkish
        // `I`), copied and lowercased in place.
        let run = rest
            .bytes()
            .position(|b| !b.is_ascii() || b == b'`' || (turkish && b == b'I'))
            .unwrap_or(rest.len());
        let from = out.len();
        out.push_str(rest.get(..run).unwrap_or(""));
        if let Some(copied) = out.get_mut(from..) {
            copied.make_ascii_lowercase();
        }
        let mut chars = rest.get(run..).unwrap_or("").chars();
        let Some(c) = chars.next() else {
            break;
        };
        out.extend(fold_char(c, turkish));
        rest = chars.as_str();
    }
    out
}

/// One character as [`fold`] folds it (one or more characters, as `char::to_lowercase`), for
/// callers that fold as they scan instead of building a folded copy first.
pub fn fold_char(c: char, turkish: bool) -> std::char::ToLowercase {
    match c {
        'I' if turkish => 'ı',
        'İ' => 'i',
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
        c => c,
    }
    .to_lowercase()
}

/// Replace control characters (ANSI escapes among them) with visible placeholders, so article
/// text printed to a terminal can never move the cursor or change colours.
pub fn neutralize_controls(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// [`neutralize_controls`] for whole blocks of terminal output: newlines are kept, every
/// other control character (ESC, BEL, CR, backspace, the 8-bit CSI U+009B) becomes U+FFFD.
/// Renderers pass their finished table through this, so a field that skipped
/// `neutralize_controls` (a file name, a rule label) still cannot reach the terminal raw.
pub fn neutralize_lines(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\n') {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' => '\n',
                '\t' => ' ',
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_counted_in_characters_not_bytes() {
        let text = "first\nİstanbul'da %3,2\n";
        let idx = LineIndex::new(text);
        let at = text.find('%').unwrap();
        assert_eq!(idx.line_col(text, at), (2, 13));
        assert_eq!(idx.line_col(text, 0), (1, 1));
    }

    #[test]
    fn columns_on_a_long_single_line_match_a_plain_count() {
        // Regression: a 1 MB single line made every column a count from the line start,
        // quadratic over its figures. Checkpoints must not change any column, even where a
        // multi-byte character straddles a checkpoint.
        let text = format!("{}\n{}", "İ4,000 ş ".repeat(3000), "ab".repeat(5000));
        let idx = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(97) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let line = 1 + text[..offset].matches('\n').count();
            let column = 1 + text[line_start..offset].chars().count();
            assert_eq!(
                idx.line_col(&text, offset),
                (line, column),
                "offset {offset}"
            );
        }
        assert_eq!(idx.line_col(&text, text.len()).0, 2);
    }

    #[test]
    fn a_cursor_gives_the_columns_of_the_index_in_any_order() {
        let text = "ab İş 12\n\nçok uzun bir satır 3,5 ve 7\nson";
        let idx = LineIndex::new(text);
        let mut cursor = LineCursor::new(text);
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        // In order (as figures come), then backwards and jumping (as overlapping spans do).
        offsets.extend((0..text.len()).rev().step_by(3));
        offsets.extend([5, 30, 2, 40, 1]);
        for offset in offsets {
            assert_eq!(
                cursor.line_col(offset),
                idx.line_col(text, offset),
                "offset {offset}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn a_cursor_counting_forward_gives_the_columns_of_the_index(
            text in "([a-z ]|\\n|ş|İ|’|\r\n){0,300}",
            steps in proptest::collection::vec((0usize..40, proptest::bool::ANY, 0usize..5000), 1..40),
        ) {
            let idx = LineIndex::new(&text);
            let mut cursor = LineCursor::new(&text);
            // Mostly forward, as figures come; sometimes back a little or anywhere.
            let mut offset = 0;
            for (step, back, anywhere) in steps {
                offset = if anywhere % 7 == 0 {
                    anywhere % (text.len() + 2)
                } else if back {
                    offset.saturating_sub(step)
                } else {
                    offset + step
                };
                proptest::prop_assert_eq!(cursor.line_col(offset), idx.line_col(&text, offset));
            }
        }
    }

    #[test]
    fn a_cursor_jumping_on_a_long_line_gives_the_columns_of_the_index() {
        let text = format!("{}\n{}", "İ4,000 ş ".repeat(3000), "ab".repeat(5000));
        let idx = LineIndex::new(&text);
        let mut cursor = LineCursor::new(&text);
        let len = text.len();
        for offset in [
            0,
            100,
            50,
            30_000,
            20,
            29_000,
            len,
            5,
            len - 3,
            31_000,
            12_345,
            len,
        ] {
            assert_eq!(
                cursor.line_col(offset),
                idx.line_col(&text, offset),
                "offset {offset}"
            );
        }
    }

    /// How characters were counted before blocks of 32 bytes: eight at a time. The oracle.
    fn char_count_by_words(bytes: &[u8]) -> usize {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let mut continuations = 0;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let w = chunk
                .first_chunk::<8>()
                .map_or(0, |w| u64::from_le_bytes(*w));
            if w & HIGH != 0 {
                let marks = (w & !(w << 1) & HIGH) >> 7;
                continuations += (marks.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
            }
        }
        for &b in chunks.remainder() {
            continuations += usize::from(b & 0xc0 == 0x80);
        }
        bytes.len() - continuations
    }

    proptest::proptest! {
        #[test]
        fn characters_counted_by_blocks_are_those_counted_by_words(
            text in "([a-z ]|\\n|ş|İ|’|…|\u{10348}|4,000){0,200}",
            start in 0usize..1200,
            len in 0usize..1200,
        ) {
            // Any stretch between two boundaries, so every block and tail length is reached.
            let start = start.min(text.len());
            let end = (start + len).min(text.len());
            if let Some(s) = text.get(start..end) {
                proptest::prop_assert_eq!(char_count(s.as_bytes()), char_count_by_words(s.as_bytes()));
                proptest::prop_assert_eq!(char_count(s.as_bytes()), s.chars().count());
            }
        }
    }

    #[test]
    fn characters_are_counted_as_chars_counts_them() {
        let text = "İstanbul’da 4,000 şirket — ve daha fazlası… ab\u{10348}c ".repeat(5);
        for start in 0..text.len() {
            for end in start..text.len().min(start + 80) {
                if let Some(s) = text.get(start..end) {
                    assert_eq!(char_count(s.as_bytes()), s.chars().count(), "{s:?}");
                }
            }
        }
    }

    #[test]
    fn folding_a_char_at_a_time_matches_folding_the_string() {
        let text = "İSTANBUL’da Iğdır `x´ ΣΑΣ Straße ǅ";
        for turkish in [false, true] {
            let by_char: String = text.chars().flat_map(|c| fold_char(c, turkish)).collect();
            assert_eq!(by_char, fold(text, turkish));
        }
    }

    #[test]
    fn folding_by_ascii_runs_matches_folding_each_char() {
        for text in [
            "",
            "ABC",
            "`",
            "I",
            "İSTANBUL’da `Iğdır´ ΣΑΣ",
            "plain words, 4,000 X",
            "ş",
        ] {
            for turkish in [false, true] {
                let by_char: String = text
                    .chars()
                    .flat_map(|c| {
                        let ascii = c.is_ascii() && c != '`' && !(turkish && c == 'I');
                        let lower = ascii.then(|| c.to_ascii_lowercase());
                        lower
                            .into_iter()
                            .chain(fold_char(c, turkish).filter(move |_| !ascii))
                    })
                    .collect();
                assert_eq!(fold(text, turkish), by_char, "{text:?}");
            }
        }
    }

    #[test]
    fn turkish_dotted_and_dotless_i_fold_apart() {
        assert_eq!(fold("ISPARTA İZMİR", true), "ısparta izmir");
        assert_eq!(fold("ISTANBUL", false), "istanbul");
        assert_eq!(fold("Almanya’ya", true), "almanya'ya");
    }

    #[test]
    fn whole_tables_keep_their_lines_and_lose_their_escapes() {
        assert_eq!(
            neutralize_lines("a\u{1b}]0;t\u{7}\nb\r\u{9b}"),
            "a\u{FFFD}]0;t\u{FFFD}\nb\u{FFFD}\u{FFFD}"
        );
        assert!(matches!(
            neutralize_lines("plain\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escapes_never_reach_the_terminal() {
        assert_eq!(neutralize_controls("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
    }
}
