//! What a document says about itself: a publication date in YAML front matter (`date:` or
//! `published:`), a leading `date YYYY-MM-DD` line, and `<!-- reconcile-ignore KEY: reason -->`
//! suppressions in drafts. It refuses to read dates out of running prose: "on July 29" is a
//! figure for `extract`, not the publication date.

use std::ops::Range;

use chrono::NaiveDate;

use super::prose::ProseBuf;
use super::Suppression;
use crate::text::{LineIndex, Span};

/// `YYYY-MM-DD` at the start of `s` (a time may follow: `2025-07-29T10:00:00Z`).
fn leading_iso_date(s: &str) -> Option<NaiveDate> {
    let head = s.get(..10)?;
    // The exact shape first: chrono lets whitespace stand before a number, so "2025-07-\n9"
    // would parse as the 9th, and blanking it as metadata would eat a line end.
    let shaped = head.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    if !shaped {
        return None;
    }
    let date = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    match s.as_bytes().get(10) {
        None | Some(b'T' | b't' | b' ' | b'\t' | b'\r' | b'\n') => Some(date),
        Some(_) => None,
    }
}

/// The `date:` (or `published:`) of YAML front matter.
pub(crate) fn front_matter_date(front_matter: &str) -> Option<NaiveDate> {
    front_matter.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        if !matches!(key.trim(), "date" | "published") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        leading_iso_date(value)
    })
}

/// A leading `date YYYY-MM-DD` (or `date: YYYY-MM-DD`) at the very start of the prose, as some
/// exports print it before the article. Returns the date and the bytes it occupies, which are
/// metadata, not prose.
pub(crate) fn leading_date_line(prose: &str) -> Option<(NaiveDate, Range<usize>)> {
    let start = prose.len() - prose.trim_start().len();
    let rest = &prose[start..];
    let word = rest.get(..4)?;
    if !word.eq_ignore_ascii_case("date") {
        return None;
    }
    let mut at = 4;
    if rest.as_bytes().get(at) == Some(&b':') {
        at += 1;
    }
    let after = &rest[at..];
    let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
    if gap == 0 && at == 4 {
        return None; // "dated", "date2025…"
    }
    at += gap;
    let date = leading_iso_date(rest.get(at..)?)?;
    Some((date, start..start + at + 10))
}

/// Parse the suppressions among `comments` (byte ranges of `<!-- … -->` in `original`). Each
/// applies to the paragraph after its comment: from the next non-blank byte up to the next
/// blank line. Comments that are not `reconcile-ignore` are ignored; a suppression without a
/// key is not one. `KEY` may be `*` (every key) or several keys separated by commas.
pub(crate) fn suppressions(original: &str, comments: &[Range<usize>]) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut index: Option<LineIndex> = None;
    for range in comments {
        let Some(comment) = original.get(range.clone()) else {
            continue;
        };
        let Some(body) = comment
            .strip_prefix("<!--")
            .map(|b| b.strip_suffix("-->").unwrap_or(b).trim())
        else {
            continue;
        };
        let Some(rest) = body.strip_prefix("reconcile-ignore") else {
            continue;
        };
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let (keys, reason) = rest.split_once(':').unwrap_or((rest, ""));
        let keys: Vec<&str> = keys
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|k| !k.is_empty())
            .collect();
        let valid = |k: &&str| {
            k.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '*'))
        };
        if keys.is_empty() || !keys.iter().all(valid) {
            continue;
        }
        let index = index.get_or_insert_with(|| LineIndex::new(original));
        let line = index.line_col(original, range.start).0;
        let applies_to = next_paragraph(original, range.end);
        for key in keys {
            out.push(Suppression {
                key: key.to_string(),
                reason: reason.trim().to_string(),
                applies_to,
                line,
            });
        }
    }
    out
}

/// The paragraph starting at the first non-whitespace byte at or after `from`, ending before
/// the next blank line (or at the end of the text, trailing whitespace excluded).
fn next_paragraph(text: &str, from: usize) -> Span {
    let bytes = text.as_bytes();
    let mut start = from.min(bytes.len());
    while start < bytes.len() && bytes[start].is_ascii_whitespace() {
        start += 1;
    }
    let mut end = bytes.len();
    let mut line_start = start;
    while let Some(nl) = memchr::memchr(b'\n', &bytes[line_start..]).map(|p| line_start + p) {
        let next = nl + 1;
        let next_end = memchr::memchr(b'\n', &bytes[next..])
            .map(|p| next + p)
            .unwrap_or(bytes.len());
        if next <= bytes.len() && bytes[next..next_end].iter().all(u8::is_ascii_whitespace) {
            end = nl;
            break;
        }
        line_start = next;
    }
    while end > start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    Span::new(start, end.max(start))
}

/// Suppression comments in plain text are instructions, not prose: blank them.
pub(crate) fn comments_in_text(original: &str) -> Vec<Range<usize>> {
    let bytes = original.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memmem::find(&bytes[i..], b"<!--") {
        let start = i + off;
        let end = memchr::memmem::find(&bytes[start + 4..], b"-->")
            .map(|p| start + 4 + p + 3)
            .unwrap_or(bytes.len());
        out.push(start..end);
        i = end;
    }
    out
}

/// Blank the comments in `buf` that turned out to be suppressions.
pub(crate) fn erase_suppression_comments(
    buf: &mut ProseBuf<'_>,
    comments: &[Range<usize>],
    original: &str,
) {
    for range in comments {
        let is_suppression = original
            .get(range.clone())
            .and_then(|c| c.strip_prefix("<!--"))
            .is_some_and(|c| c.trim_start().starts_with("reconcile-ignore"));
        if is_suppression {
            buf.erase(range.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_date_may_be_quoted_or_carry_a_time() {
        let d = NaiveDate::from_ymd_opt(2025, 7, 29);
        assert_eq!(front_matter_date("title: x\ndate: 2025-07-29\n"), d);
        assert_eq!(front_matter_date("published: \"2025-07-29T08:00:00Z\""), d);
        assert_eq!(front_matter_date("updated: 2025-07-29"), None);
    }

    #[test]
    fn a_date_split_over_two_lines_is_no_leading_date() {
        assert_eq!(leading_date_line("date: 2025-07-\n9\nText."), None);
        assert_eq!(leading_date_line("date: 2025-07- 9 Text."), None);
        assert_eq!(front_matter_date("date: 2025-07- 9"), None);
        assert!(leading_date_line("date: 2025-07-09\nText.").is_some());
    }

    #[test]
    fn a_leading_date_prefix_is_found_and_a_dated_word_is_not() {
        let (date, range) = leading_date_line(" date 2026-02-02 Bugün").unwrap();
        assert_eq!(date, NaiveDate::from_ymd_opt(2026, 2, 2).unwrap());
        assert_eq!(range, 1..16);
        assert!(leading_date_line("dated 2026-02-02 text").is_none());
        assert!(leading_date_line("date 2026-02-30 text").is_none());
        assert!(leading_date_line("The date 2026-02-02").is_none());
    }

    #[test]
    fn several_keys_share_one_comment_and_a_keyless_comment_is_not_a_suppression() {
        let text = "<!-- reconcile-ignore a, b: same -->\npara\n\n<!-- reconcile-ignore -->\nx";
        let comments = comments_in_text(text);
        let s = suppressions(text, &comments);
        let keys: Vec<&str> = s.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(s[0].applies_to.slice(text), "para");
    }
}
