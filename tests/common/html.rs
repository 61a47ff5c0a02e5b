//! A small scanner for the HTML our renderers write, for tests that check no untrusted text
//! became markup: every raw tag, its name, its attribute names and values, and the tags a
//! report may contain at all.
//!
//! Include it with `#[path = "common/html.rs"] mod html_scan;`.

#![allow(dead_code)]

/// Every raw tag in `html` (a `<` followed by a letter, `/` or `!`), as written.
pub fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let starts_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        let end = after.find('>').map_or(after.len(), |e| e + 1);
        if starts_tag {
            out.push(&rest[i..i + 1 + end]);
        }
        rest = &after[end.min(after.len())..];
    }
    out
}

pub fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The attribute names of one tag, skipping quoted values.
pub fn attribute_names(tag: &str) -> Vec<String> {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    let mut names = Vec::new();
    let mut chars = inner.chars().skip_while(|c| !c.is_whitespace()).peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
        let name: String =
            std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != '=' && *c != '/'))
                .collect();
        if name.is_empty() {
            break;
        }
        names.push(name.to_ascii_lowercase());
        if chars.next_if_eq(&'=').is_some() {
            match chars.next() {
                Some(q @ ('"' | '\'')) => while chars.next().is_some_and(|c| c != q) {},
                _ => while chars.next_if(|c| !c.is_whitespace()).is_some() {},
            }
        }
    }
    names
}

/// The values of attribute `name` in every tag.
pub fn attribute_values<'a>(tags: &[&'a str], name: &str) -> Vec<&'a str> {
    let pat = format!(" {name}=\"");
    tags.iter()
        .filter_map(|t| {
            let i = t.find(&pat)? + pat.len();
            let v = &t[i..];
            Some(&v[..v.find('"').unwrap_or(v.len())])
        })
        .collect()
}

pub const ALLOWED_TAGS: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "footer",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "p",
    "span",
    "strong",
    "sup",
    "code",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "div",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "mark",
    "figure",
    "figcaption",
    "details",
    "summary",
    "svg",
    "desc",
    "text",
    "line",
    "circle",
    "rect",
    "path",
    "polyline",
    "g",
];
