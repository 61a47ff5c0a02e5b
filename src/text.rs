//! Text positions. A [`Span`] is a byte range into a document's original text; only
//! [`LineIndex`] turns byte offsets into `line:column` (columns counted in characters), so rule
//! errors, lint lines and reports all point at the same place. Turkish-aware case folding lives
//! here too, because `str::to_lowercase` maps `I` to `i`, which is wrong for Turkish.

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

/// Maps byte offsets to 1-based `(line, column)`, columns counted in characters.
///
/// Long lines carry checkpoints (a byte offset and its column) every [`CHECKPOINT_BYTES`], so
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
                .map(|s| s.chars().count())
                .unwrap_or_else(|| offset - from.0);
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

/// Lowercase `s` the Turkish way when `turkish` is set (`I`→`ı`, `İ`→`i`), the ordinary way
/// otherwise. Also folds typographic apostrophes to `'` so `Almanya’ya` and `Almanya'ya` match.
pub fn fold(s: &str, turkish: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'I' if turkish => out.push('ı'),
            'İ' => out.push('i'),
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
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
