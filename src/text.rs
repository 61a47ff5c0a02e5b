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
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// 1-based line and column (in characters) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let column = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or_else(|| offset - start);
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
/// otherwise. Also folds typographic apostrophes to `'` so `Türkiye’ye` and `Türkiye'ye` match.
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
    fn turkish_dotted_and_dotless_i_fold_apart() {
        assert_eq!(fold("ISPARTA İZMİR", true), "ısparta izmir");
        assert_eq!(fold("ISTANBUL", false), "istanbul");
        assert_eq!(fold("Türkiye’ye", true), "türkiye'ye");
    }

    #[test]
    fn escapes_never_reach_the_terminal() {
        assert_eq!(neutralize_controls("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
    }
}
