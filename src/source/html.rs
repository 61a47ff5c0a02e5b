//! HTML to prose. Owns telling text from markup in an HTML document (or a raw-HTML block inside
//! Markdown): tags with their attribute values, comments, doctypes, and the contents of
//! `<script>` and `<style>` are blanked; entities are written as their character when it fits
//! in the entity's bytes (`&amp;` → `&` + 4 spaces, `&#305;` → `ı` + 4 spaces), else blanked.
//! It refuses to build a DOM or to repair broken markup: an unterminated tag or comment blanks
//! to the end of the range, which loses markup, never a figure in well-formed text.

use std::ops::Range;

use memchr::memmem;

use super::prose::ProseBuf;

/// Reduce `range` of the buffer's original to prose, in place. The range must already hold the
/// original bytes (a `ProseBuf::copy`, or `keep` first). Comments found are pushed to
/// `comments` as byte ranges of the whole `<!-- … -->`.
pub(crate) fn reduce(
    buf: &mut ProseBuf<'_>,
    range: Range<usize>,
    comments: &mut Vec<Range<usize>>,
) {
    let text = buf.original();
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let mut i = range.start;
    while i < end {
        let Some(off) = memchr::memchr2(b'<', b'&', &bytes[i..end]) else {
            break;
        };
        i += off;
        if bytes[i] == b'&' {
            i = entity(buf, i, end);
            continue;
        }
        let rest = &bytes[i..end];
        if rest.starts_with(b"<!--") {
            let close = memmem::find(&rest[4..], b"-->")
                .map(|p| i + 4 + p + 3)
                .unwrap_or(end);
            comments.push(i..close);
            buf.erase(i..close);
            i = close;
        } else if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            let close = memchr::memchr(b'>', rest).map(|p| i + p + 1).unwrap_or(end);
            buf.erase(i..close);
            i = close;
        } else if rest.len() > 1
            && (rest[1].is_ascii_alphabetic()
                || (rest[1] == b'/' && rest.get(2).is_some_and(u8::is_ascii_alphabetic)))
        {
            let close = tag_end(bytes, i, end);
            buf.erase(i..close);
            let name = tag_name(&bytes[i..close]);
            let closing = rest[1] == b'/';
            let self_closing = close >= 2 && bytes[close - 2] == b'/';
            i = close;
            if !closing && !self_closing {
                if let Some(raw) = ["script", "style"]
                    .iter()
                    .find(|n| name.eq_ignore_ascii_case(n.as_bytes()))
                {
                    let stop = closing_tag(bytes, i, end, raw.as_bytes());
                    buf.erase(i..stop);
                    i = stop;
                }
            }
        } else {
            // A lone `<` ("a < b") is text.
            i += 1;
        }
    }
}

/// Decode the entities in `range` (Markdown text events carry them too).
pub(crate) fn decode_entities(buf: &mut ProseBuf<'_>, range: Range<usize>) {
    let bytes = buf.original().as_bytes();
    let end = range.end.min(bytes.len());
    let mut i = range.start;
    while i < end {
        match memchr::memchr(b'&', &bytes[i..end]) {
            Some(off) => i = entity(buf, i + off, end),
            None => break,
        }
    }
}

/// Handle the entity starting at `at` (a `&`); returns where scanning goes on.
fn entity(buf: &mut ProseBuf<'_>, at: usize, end: usize) -> usize {
    let bytes = buf.original().as_bytes();
    // The longest entity we know is short; do not scan far for a `;`.
    let limit = (at + 34).min(end);
    let Some(semi) = memchr::memchr(b';', &bytes[at..limit]).map(|p| at + p) else {
        return at + 1;
    };
    let body = &bytes[at + 1..semi];
    let decoded = if let Some(num) = body.strip_prefix(b"#") {
        let (digits, radix) = match num.first() {
            Some(b'x' | b'X') => (&num[1..], 16),
            _ => (num, 10),
        };
        std::str::from_utf8(digits)
            .ok()
            .filter(|d| !d.is_empty())
            .and_then(|d| u32::from_str_radix(d, radix).ok())
            .and_then(char::from_u32)
    } else {
        named(body)
    };
    match decoded {
        Some(c) => {
            // Non-breaking and other spaces become a plain space; control characters are blanked.
            let c = if c.is_whitespace() || c.is_control() {
                ' '
            } else {
                c
            };
            buf.put(at..semi + 1, c);
            semi + 1
        }
        None => at + 1,
    }
}

/// Named entities that turn up in news text. An unknown name stays as text.
fn named(name: &[u8]) -> Option<char> {
    Some(match name {
        b"amp" | b"AMP" => '&',
        b"lt" | b"LT" => '<',
        b"gt" | b"GT" => '>',
        b"quot" | b"QUOT" => '"',
        b"apos" => '\'',
        b"nbsp" | b"ensp" | b"emsp" | b"thinsp" | b"nnbsp" => ' ',
        b"shy" | b"zwj" | b"zwnj" => ' ',
        b"ndash" => '–',
        b"mdash" => '—',
        b"minus" => '−',
        b"lsquo" => '‘',
        b"rsquo" => '’',
        b"sbquo" => '‚',
        b"ldquo" => '“',
        b"rdquo" => '”',
        b"bdquo" => '„',
        b"laquo" => '«',
        b"raquo" => '»',
        b"hellip" => '…',
        b"middot" => '·',
        b"bull" => '•',
        b"deg" => '°',
        b"times" => '×',
        b"divide" => '÷',
        b"plusmn" => '±',
        b"frac12" => '½',
        b"frac14" => '¼',
        b"frac34" => '¾',
        b"permil" => '‰',
        b"percnt" => '%',
        b"euro" => '€',
        b"pound" => '£',
        b"yen" => '¥',
        b"cent" => '¢',
        b"dollar" => '$',
        b"copy" => '©',
        b"reg" => '®',
        b"trade" => '™',
        b"sect" => '§',
        b"Ccedil" => 'Ç',
        b"ccedil" => 'ç',
        b"Ouml" => 'Ö',
        b"ouml" => 'ö',
        b"Uuml" => 'Ü',
        b"uuml" => 'ü',
        b"Auml" => 'Ä',
        b"auml" => 'ä',
        b"eacute" => 'é',
        b"Eacute" => 'É',
        b"agrave" => 'à',
        b"aacute" => 'á',
        b"Iuml" => 'Ï',
        b"iuml" => 'ï',
        b"szlig" => 'ß',
        _ => return None,
    })
}

/// End (exclusive) of the tag opening at `at`, skipping `>` inside quoted attribute values.
fn tag_end(bytes: &[u8], at: usize, end: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut i = at + 1;
    while i < end {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    end
}

fn tag_name(tag: &[u8]) -> &[u8] {
    let start = if tag.get(1) == Some(&b'/') { 2 } else { 1 };
    let rest = tag.get(start..).unwrap_or(&[]);
    let len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
        .unwrap_or(rest.len());
    &rest[..len]
}

/// End (exclusive) of `</name …>` at or after `from`, or `end` when it never closes.
fn closing_tag(bytes: &[u8], from: usize, end: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(off) = memmem::find(&bytes[i..end], b"</") {
        let at = i + off;
        let after = at + 2;
        if bytes
            .get(after..after + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return tag_end(bytes, at, end);
        }
        i = after;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(html: &str) -> (String, Vec<Range<usize>>) {
        let mut buf = ProseBuf::copy(html);
        let mut comments = Vec::new();
        reduce(&mut buf, 0..html.len(), &mut comments);
        (buf.finish(), comments)
    }

    #[test]
    fn attribute_values_with_angle_brackets_stay_inside_the_tag() {
        let (p, _) = prose(r#"<a title="x > 2,000" href="/3">3,500</a> firms"#);
        assert!(!p.contains("2,000"));
        assert!(p.contains("3,500"));
        assert!(p.ends_with(" firms"));
    }

    #[test]
    fn script_and_style_contents_are_not_prose_whatever_their_case() {
        let html = "<SCRIPT>var n = 4000;</script>x<style>p{width:90px}</STYLE>y";
        let (p, _) = prose(html);
        let words: Vec<&str> = p.split_whitespace().collect();
        assert_eq!(words, ["x", "y"]);
        assert_eq!(p.find('x'), html.find("x<style"));
    }

    #[test]
    fn a_lone_less_than_sign_is_text() {
        let (p, _) = prose("if a < 5 then");
        assert_eq!(p, "if a < 5 then");
    }

    #[test]
    fn unterminated_comment_blanks_to_the_end_without_panicking() {
        let (p, c) = prose("text <!-- never closed İ");
        assert_eq!(p.trim_end(), "text");
        assert_eq!(c, vec![5..p.len()]);
    }

    #[test]
    fn numeric_entities_give_their_character_when_it_fits() {
        let (p, _) = prose("Kaz&#305;m &#x130;stanbul &bogus; &#99999999;");
        assert!(
            p.starts_with("Kazı    m İ     stanbul &bogus; &#99999999;"),
            "{p:?}"
        );
    }
}
