//! The prose buffer: a byte-for-byte copy of a document in which everything that is not prose
//! is blanked. It owns the one invariant every reducer relies on: `prose` has exactly the
//! length of `original`, newlines stay where they were, and a multi-byte character is either
//! kept whole or blanked whole, so the result is always valid UTF-8 and every offset into it
//! is an offset into the original. It knows nothing of Markdown or HTML.

use std::ops::Range;

/// `original` being turned into prose, one range at a time.
pub(crate) struct ProseBuf<'a> {
    original: &'a str,
    out: Vec<u8>,
}

/// The blank for one byte: line breaks survive so line numbers stay right, all else is a space.
fn blank_byte(b: u8) -> u8 {
    match b {
        b'\n' | b'\r' => b,
        _ => b' ',
    }
}

impl<'a> ProseBuf<'a> {
    /// Start with every byte blanked; reducers then `keep` what is prose.
    pub fn blank(original: &'a str) -> Self {
        let out = original.bytes().map(blank_byte).collect();
        ProseBuf { original, out }
    }

    /// Start with every byte kept; reducers then `erase` what is not prose.
    pub fn copy(original: &'a str) -> Self {
        ProseBuf {
            original,
            out: original.as_bytes().to_vec(),
        }
    }

    pub fn original(&self) -> &'a str {
        self.original
    }

    /// The prose built so far (bytes; always whole characters at range edges).
    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    /// Copy `range` of the original back in. The range shrinks to character boundaries.
    pub fn keep(&mut self, range: Range<usize>) {
        let (start, end) = self.inner(range);
        if start < end {
            self.out[start..end].copy_from_slice(&self.original.as_bytes()[start..end]);
        }
    }

    /// Blank `range`. The range grows to character boundaries, so no character is split.
    pub fn erase(&mut self, range: Range<usize>) {
        let (start, end) = self.outer(range);
        for i in start..end {
            self.out[i] = blank_byte(self.original.as_bytes()[i]);
        }
    }

    /// Replace `range` (ASCII markup such as an entity) by `c` followed by spaces. Does nothing
    /// when `c` does not fit or the range does not sit on character boundaries.
    pub fn put(&mut self, range: Range<usize>, c: char) {
        let (start, end) = (range.start, range.end.min(self.out.len()));
        if start >= end
            || !self.original.is_char_boundary(start)
            || !self.original.is_char_boundary(end)
            || c.len_utf8() > end - start
        {
            return;
        }
        let mut buf = [0u8; 4];
        let encoded = c.encode_utf8(&mut buf).as_bytes();
        self.out[start..start + encoded.len()].copy_from_slice(encoded);
        for b in &mut self.out[start + encoded.len()..end] {
            *b = b' ';
        }
    }

    pub fn finish(self) -> String {
        let len = self.out.len();
        match String::from_utf8(self.out) {
            Ok(s) => s,
            // Unreachable by construction (every edit respects character boundaries); blank
            // everything rather than panic or change the length.
            Err(_) => String::from_utf8(self.original.bytes().map(blank_byte).collect())
                .unwrap_or_else(|_| " ".repeat(len)),
        }
    }

    fn inner(&self, range: Range<usize>) -> (usize, usize) {
        let len = self.original.len();
        let mut start = range.start.min(len);
        let mut end = range.end.min(len);
        while start < end && !self.original.is_char_boundary(start) {
            start += 1;
        }
        while end > start && !self.original.is_char_boundary(end) {
            end -= 1;
        }
        (start, end)
    }

    fn outer(&self, range: Range<usize>) -> (usize, usize) {
        let len = self.original.len();
        let mut start = range.start.min(len);
        let mut end = range.end.min(len).max(start);
        while start > 0 && !self.original.is_char_boundary(start) {
            start -= 1;
        }
        while end < len && !self.original.is_char_boundary(end) {
            end += 1;
        }
        (start, end)
    }
}

/// Blank bare web addresses (`https://…`, `www.…`) in prose: their digits are paths and ids,
/// never figures. Trailing sentence punctuation stays, so the sentence still ends.
pub(crate) fn erase_bare_urls(buf: &mut ProseBuf<'_>) {
    let mut found: Vec<Range<usize>> = Vec::new();
    {
        let bytes = buf.bytes();
        for needle in [&b"http://"[..], b"https://", b"www."] {
            for at in memchr::memmem::find_iter(bytes, needle) {
                if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'/') {
                    continue;
                }
                let mut end = at;
                while end < bytes.len() && !bytes[end].is_ascii_whitespace() && bytes[end] != b'<' {
                    end += 1;
                }
                while end > at
                    && matches!(
                        bytes[end - 1],
                        b'.' | b',' | b';' | b':' | b')' | b'!' | b'?'
                    )
                {
                    end -= 1;
                }
                found.push(at..end);
            }
        }
    }
    for range in found {
        buf.erase(range);
    }
}

/// A C1 control character (U+0080..U+009F) starts at `i`.
fn is_c1(b: &[u8], i: usize) -> bool {
    b[i] == 0xC2 && b.get(i + 1).is_some_and(|&n| (0x80..0xA0).contains(&n))
}

/// A control character [`blank_controls`] blanks sits in `b[from..to]`.
fn controls_in(b: &[u8], from: usize, to: usize) -> bool {
    (from..to).any(|i| {
        let c = b[i];
        (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r')) || c == 0x7F || is_c1(b, i)
    })
}

/// Does `b` hold a control character to blank? Nearly every document holds none, so eight
/// bytes are tested at a time, and only a word with a control byte (newlines among them),
/// DEL or a 0xC2 lead byte is looked at byte by byte.
fn has_controls(b: &[u8]) -> bool {
    use crate::text::lanes::{in_range, HIGH, ONES};
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let ascii = w & !HIGH;
        let low = (in_range(ascii, 0, 0x1f) | in_range(ascii, 0x7f, 0x7f)) & !w;
        // A zero byte of w ^ 0xC2… is a 0xC2 byte of w (the test may also flag bytes above a
        // true one, which only costs a look).
        let c2 = w ^ (ONES * 0xC2);
        let lead = c2.wrapping_sub(ONES) & !c2 & HIGH;
        if (low | lead) != 0 && controls_in(b, i, i + 8) {
            return true;
        }
        i += 8;
    }
    controls_in(b, i, b.len())
}

/// Blank terminal escape sequences and other control characters in prose: an ANSI colour
/// code pasted into an article (`3,500\x1b[31m`) holds digits (`31m` would read as 31
/// million) but is never a figure. CSI (`ESC [ … final`, or the 8-bit U+009B), OSC (`ESC ] …`
/// ended by BEL or `ESC \\`) and two-byte `ESC x` sequences are blanked whole; every other
/// control character except tab, newline and carriage return becomes a space. Only whole
/// characters are replaced, so offsets and UTF-8 stay valid.
pub(crate) fn blank_controls(prose: &mut String) {
    if !has_controls(prose.as_bytes()) {
        return;
    }
    let mut b = std::mem::take(prose).into_bytes();
    let mut i = 0;
    while i < b.len() {
        let (csi, osc, len) = match b[i] {
            0x1B => match b.get(i + 1) {
                Some(b'[') => (true, false, 2),
                Some(b']') => (false, true, 2),
                Some(&n) if (0x40..0x7F).contains(&n) => (false, false, 2),
                _ => (false, false, 1),
            },
            0xC2 if is_c1(&b, i) => (b[i + 1] == 0x9B, b[i + 1] == 0x9D, 2),
            c if (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r')) || c == 0x7F => {
                (false, false, 1)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let mut end = i + len;
        if csi {
            // parameters and intermediates, then one final byte
            while end < b.len() && (0x20..0x40).contains(&b[end]) {
                end += 1;
            }
            if end < b.len() && (0x40..0x7F).contains(&b[end]) {
                end += 1;
            }
        } else if osc {
            // printable ASCII up to BEL or ESC \
            while end < b.len() && (0x20..0x7F).contains(&b[end]) {
                end += 1;
            }
            if end < b.len() && b[end] == 0x07 {
                end += 1;
            } else if end + 1 < b.len() && b[end] == 0x1B && b[end + 1] == b'\\' {
                end += 2;
            }
        }
        for x in &mut b[i..end] {
            *x = b' ';
        }
        i = end;
    }
    *prose =
        String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multibyte_character_is_never_split() {
        let text = "aİb";
        let mut buf = ProseBuf::copy(text);
        buf.erase(2..3); // the second byte of İ
        assert_eq!(buf.finish(), "a  b");
        let mut buf = ProseBuf::blank(text);
        buf.keep(2..4); // from inside İ: only `b` comes back
        assert_eq!(buf.finish(), "   b");
    }

    #[test]
    fn newlines_survive_blanking() {
        let mut buf = ProseBuf::copy("ab\r\ncd\n");
        buf.erase(0..7);
        assert_eq!(buf.finish(), "  \r\n  \n");
    }

    proptest::proptest! {
        #[test]
        fn controls_are_found_eight_bytes_at_a_time_as_byte_by_byte(
            text in "([a-z ]{0,9}|[\t\n\r]|\u{1b}|\u{7f}|\u{0}|\u{1f}|\u{9b}|\u{85}|\u{a0}|é|\u{c2}|ş|\u{142}){0,30}"
        ) {
            let b = text.as_bytes();
            proptest::prop_assert_eq!(has_controls(b), controls_in(b, 0, b.len()));
        }
    }

    #[test]
    fn an_ansi_colour_code_is_blanked_whole_and_its_digits_with_it() {
        let mut prose =
            "Around 3,500\u{1b}[31m firms\u{1b}]0;t 12\u{7}; 4\u{9b}1m é\u{0}x".to_string();
        let len = prose.len();
        blank_controls(&mut prose);
        assert_eq!(prose.len(), len);
        assert!(
            !prose.contains("31") && !prose.contains("12") && !prose.contains("1m"),
            "{prose:?}"
        );
        assert!(
            prose.starts_with("Around 3,500 ")
                && prose.contains(" firms ")
                && prose.contains("; 4")
        );
        assert!(prose.ends_with("é x"), "{prose:?}");
    }

    #[test]
    fn bare_urls_are_blanked_but_sentence_ends_stay() {
        let text = "See https://x.com/2025/07/29/a. Then www.y.org/3,500 too";
        let mut buf = ProseBuf::copy(text);
        erase_bare_urls(&mut buf);
        let prose = buf.finish();
        assert_eq!(prose.len(), text.len());
        assert!(!prose.contains("2025"));
        assert!(!prose.contains("3,500"));
        assert!(prose.contains(". Then"));
        assert!(prose.ends_with(" too"));
    }
}
