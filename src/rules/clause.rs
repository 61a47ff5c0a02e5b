//! The clause around a figure, as the rule matcher cuts it: the window of text kept around a
//! figure, the clause breaks found in it, the cut to the nearest hard break (or soft break
//! whose far side holds a figure of its own), and the endings the role markers are read by.
//! Discovery reads unmapped figures with these same pieces, so both see one clause. This
//! module only cuts and tests text; where the breaks come from (folded text or raw tokens) is
//! each caller's own.

use std::ops::Range;

use crate::extract::Mention;

/// Bytes of context kept on each side of a figure, whatever the sentence span says.
pub(crate) const MAX_SIDE: usize = 800;

/// A clause break in the text around a figure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Break {
    pub start: usize,
    pub end: usize,
    pub soft: bool,
}

/// The bytes of `prose` read around `mention`: its sentence, at most [`MAX_SIDE`] bytes each
/// side of the figure, on char boundaries; `None` when the spans do not fit `prose`.
pub(crate) fn window(prose: &str, mention: &Mention) -> Option<Range<usize>> {
    let len = prose.len();
    let (ms, me) = (mention.span.start, mention.span.end);
    if ms > me || me > len || !prose.is_char_boundary(ms) || !prose.is_char_boundary(me) {
        return None;
    }
    let mut start = mention
        .sentence
        .start
        .min(ms)
        .max(ms.saturating_sub(MAX_SIDE));
    let mut end = mention
        .sentence
        .end
        .min(len)
        .max(me)
        .min(me.saturating_add(MAX_SIDE));
    while !prose.is_char_boundary(start) {
        start += 1;
    }
    while !prose.is_char_boundary(end) {
        end -= 1;
    }
    Some(start..end)
}

/// The clause around `figure`: out to the nearest hard break, or the nearest soft break whose
/// far side holds another figure. Breaks are read in the order given.
pub(crate) fn clause(text: &str, figure: &Range<usize>, breaks: &[Break]) -> Range<usize> {
    cut(text, figure, breaks, breaks)
}

/// [`clause`] for breaks sorted by start: a break that ends before the figure starts there
/// too, and one that starts after it is in the tail, so neither side walks the other's
/// breaks.
pub(crate) fn clause_sorted(text: &str, figure: &Range<usize>, breaks: &[Break]) -> Range<usize> {
    let before = breaks.partition_point(|b| b.start <= figure.start);
    let after = breaks.partition_point(|b| b.start < figure.end);
    cut(
        text,
        figure,
        breaks.get(..before).unwrap_or(&[]),
        breaks.get(after..).unwrap_or(&[]),
    )
}

/// The clause around `figure`, looking for its start among `left` and its end among `right`.
fn cut(text: &str, figure: &Range<usize>, left: &[Break], right: &[Break]) -> Range<usize> {
    let mut start = 0;
    let mut left = left
        .iter()
        .rev()
        .filter(|b| b.end <= figure.start)
        .peekable();
    while let Some(b) = left.next() {
        let far = left.peek().map_or(0, |n| n.end);
        if !b.soft || has_figure(text.get(far..b.start).unwrap_or("")) {
            start = b.end;
            break;
        }
    }
    let mut end = text.len();
    let mut right = right.iter().filter(|b| b.start >= figure.end).peekable();
    while let Some(b) = right.next() {
        let far = right.peek().map_or(text.len(), |n| n.start);
        if !b.soft || has_figure(text.get(b.end..far).unwrap_or("")) {
            end = b.start;
            break;
        }
    }
    start..end.max(start)
}

/// Does `segment` hold a figure other than a year? (`2024` and `2024–2025` do not count;
/// `130,000`, `5.2` and `29` do.)
pub(crate) fn has_figure(segment: &str) -> bool {
    let b = segment.as_bytes();
    let mut i = 0;
    loop {
        match next_digit(b, i) {
            Some(k) => i = k,
            None => return false,
        }
        let start = i;
        let mut plain = true;
        // The run's value while it is plain (only a four-digit one is asked about).
        let mut value = 0u32;
        while let Some(&c) = b.get(i) {
            if c.is_ascii_digit() {
                value = value.wrapping_mul(10).wrapping_add(u32::from(c - b'0'));
                i += 1;
            } else if (c == b',' || c == b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                plain = false;
                i += 1;
            } else {
                break;
            }
        }
        let year = plain && i - start == 4 && (1800..=2199).contains(&value);
        if !year {
            return true;
        }
    }
}

/// Where the first ASCII digit at or after `from` is (the extractor's eight-bytes-at-a-time
/// search).
fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    crate::extract::first_digit(b.get(from..)?).map(|k| from + k)
}

/// [`has_figure`] as it was first written, parsing each run: the oracle it is checked against.
#[cfg(test)]
pub(crate) fn has_figure_parsed(segment: &str) -> bool {
    let b = segment.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut plain = true;
        while i < b.len() {
            if b[i].is_ascii_digit() {
                i += 1;
            } else if (b[i] == b',' || b[i] == b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            {
                plain = false;
                i += 1;
            } else {
                break;
            }
        }
        let run = &segment[start..i];
        let year =
            plain && run.len() == 4 && run.parse::<u32>().is_ok_and(|y| (1800..=2199).contains(&y));
        if !year {
            return true;
        }
    }
    false
}

/// The longest ending in `list` that `word` has with at least one letter left before it.
pub(crate) fn ending<'a>(list: &'a [String], word: &str) -> Option<&'a str> {
    list.iter()
        .filter(|s| {
            // The last byte first: cheaper than a comparison, and most endings fail there. An
            // empty ending has no last byte, so it never matches (`word` is never empty here).
            word.len() > s.len()
                && s.as_bytes().last() == word.as_bytes().last()
                && word.ends_with(s.as_str())
        })
        .map(String::as_str)
        .max_by_key(|s| s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaks_of(raw: &[(usize, usize, bool)]) -> Vec<Break> {
        let mut breaks: Vec<Break> = raw
            .iter()
            .map(|&(start, len, soft)| Break {
                start,
                end: start + len,
                soft,
            })
            .collect();
        breaks.sort_by_key(|b| (b.start, b.end));
        breaks
    }

    proptest::proptest! {
        #[test]
        fn the_next_digit_is_found_eight_bytes_at_a_time_as_one_by_one(
            text in "[0-9a ,.ç٣/:-]{0,40}",
            from in 0..44usize,
        ) {
            let b = text.as_bytes();
            let want = b
                .get(from..)
                .and_then(|r| r.iter().position(u8::is_ascii_digit))
                .map(|k| from + k);
            proptest::prop_assert_eq!(next_digit(b, from), want);
        }

        #[test]
        fn sorted_breaks_cut_the_clause_the_full_scan_cuts(
            text in "[0-9a ,]{0,40}",
            raw in proptest::collection::vec((0..40usize, 0..3usize, proptest::bool::ANY), 0..8),
            fs in 0..40usize,
            len in 0..4usize,
        ) {
            let breaks = breaks_of(&raw);
            let figure = fs..fs + len;
            proptest::prop_assert_eq!(
                clause_sorted(&text, &figure, &breaks),
                clause(&text, &figure, &breaks)
            );
        }

        #[test]
        fn a_figure_is_found_as_parsing_each_run_finds_it(
            segment in "[0-9a ,.ç٣/:-]{0,40}|[12][0-9]{3}[ ,.]?[0-9]{0,5}"
        ) {
            proptest::prop_assert_eq!(has_figure(&segment), has_figure_parsed(&segment));
        }
    }
}
