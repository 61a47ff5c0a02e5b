//! Escaping for every format that embeds untrusted text. Article text, rule labels, source ids
//! and paths are all untrusted: a sentence may well contain `<script>` or `"><img onerror=…>`.
//! Each function here makes a string inert in one context and says which; none of them makes
//! a string safe for a URL, `href`, `style` or script context, and renderers never put
//! untrusted text there.

use std::borrow::Cow;
use std::fmt;

/// Escape `s` for HTML element content and for a double- or single-quoted attribute value.
///
/// Escapes `& < > " '` as usual, and also `=` and `` ` `` so that no attribute-like text
/// (`onerror=`) survives even for a reader who greps the raw file. Control characters other
/// than tab and newline become U+FFFD, since HTML forbids them.
pub fn html(s: &str) -> String {
    Html(s).to_string()
}

/// [`html`] as a `Display` adapter, to escape straight into a `write!` without allocating.
#[derive(Debug, Clone, Copy)]
pub struct Html<'a>(pub &'a str);

impl fmt::Display for Html<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut last = 0;
        for (i, c) in s.char_indices() {
            let rep = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '=' => "&#61;",
                '`' => "&#96;",
                '\t' | '\n' => continue,
                c if c.is_control() => "\u{FFFD}",
                _ => continue,
            };
            f.write_str(&s[last..i])?;
            f.write_str(rep)?;
            last = i + c.len_utf8();
        }
        f.write_str(&s[last..])
    }
}

/// Escape `s` as literal inline text for Markdown (CommonMark / GitHub), safe inside a table
/// cell: `|` and Markdown punctuation are backslash-escaped, `<`, `>`, `&` and `` ` `` become entities
/// (so no raw HTML reaches the renderer), and line breaks become spaces.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev_break = false;
    for c in s.chars() {
        match c {
            '\r' | '\n' => {
                if !prev_break {
                    out.push(' ');
                }
                prev_break = true;
                continue;
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // an entity, not `\``, so no backtick in text can ever open a code span
            '`' => out.push_str("&#96;"),
            '\\' | '|' | '*' | '_' | '[' | ']' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
        prev_break = false;
    }
    out
}

/// `s` as a Markdown code span, safe inside a table cell: the backtick fence is longer than
/// any run of backticks inside, `|` is escaped (GitHub requires it even in code), and line
/// breaks become spaces.
pub fn markdown_code(s: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let body: String = s
        .chars()
        .map(|c| match c {
            '\r' | '\n' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect::<String>()
        .replace('|', "\\|");
    let pad = if body.starts_with('`') || body.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// One RFC 4180 field: quoted when it holds a comma, quote, CR or LF (quotes doubled).
/// Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a
/// leading `'`; use this for text only, never for numbers we wrote ourselves.
pub fn csv_text(s: &str) -> Cow<'_, str> {
    let formula = matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let s: Cow<'_, str> = if formula {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    };
    csv_field(s)
}

/// One RFC 4180 field, quoted only when it must be.
pub fn csv_field(s: Cow<'_, str>) -> Cow<'_, str> {
    if s.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escape_leaves_no_tag_or_attribute_behind() {
        let out = html("\"><img src=x onerror=alert(1)><script>alert('x')</script>");
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('"'));
        assert!(!out.contains("onerror="));
        assert_eq!(html("a & b"), "a &amp; b");
    }

    #[test]
    fn html_escape_keeps_multibyte_text_whole() {
        assert_eq!(html("Çorum’da 3 bin 538 <"), "Çorum’da 3 bin 538 &lt;");
        assert_eq!(html("\u{1b}[31m"), "\u{FFFD}[31m");
    }

    #[test]
    fn markdown_cell_cannot_break_the_table_or_inject_html() {
        assert_eq!(markdown("a|b\nc"), "a\\|b c");
        assert_eq!(markdown("<b>*x*</b>"), "&lt;b&gt;\\*x\\*&lt;/b&gt;");
    }

    #[test]
    fn code_span_fence_outlasts_backticks_inside() {
        assert_eq!(markdown_code("key"), "`key`");
        assert_eq!(markdown_code("a``b"), "```a``b```");
        assert_eq!(markdown_code("`x"), "`` `x ``");
        assert_eq!(markdown_code("a|b"), "`a\\|b`");
    }

    #[test]
    fn csv_quotes_only_when_needed_and_defuses_formulas() {
        assert_eq!(csv_text("plain"), "plain");
        assert_eq!(csv_text("a,b"), "\"a,b\"");
        assert_eq!(csv_text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_text("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv_text("-5"), "'-5");
    }
}
