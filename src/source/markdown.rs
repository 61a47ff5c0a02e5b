//! Markdown to prose, with pulldown-cmark's offset iterator. Only text events outside code are
//! prose: front matter, fenced and indented code, inline code, link and image targets,
//! autolinks and markup characters (`#`, `*`, `>`, `|`, `[`, `](…)`) are blanked; raw HTML goes
//! through the HTML reducer, so its tags and comments are blanked and its text kept. Link text
//! and image alt text stay. It refuses to render: nothing here changes a byte's position.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::html;
use super::prose::{erase_bare_urls, ProseBuf};

/// What reducing a Markdown document gives besides the prose.
pub(crate) struct Reduced {
    pub prose: String,
    /// The YAML front matter's text, when there is one.
    pub front_matter: Option<String>,
    /// Every HTML comment, as a byte range of the original.
    pub comments: Vec<Range<usize>>,
}

pub(crate) fn reduce(original: &str) -> Reduced {
    let mut buf = ProseBuf::blank(original);
    let mut comments = Vec::new();
    let mut front_matter: Option<String> = None;
    let mut code = 0usize;
    let mut metadata = false;
    let mut html_block = false;
    let mut autolink = 0usize;

    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(original, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Start(Tag::MetadataBlock(_)) => metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => metadata = false,
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => autolink += 1,
            Event::End(TagEnd::Link) => autolink = autolink.saturating_sub(1),
            Event::Start(Tag::HtmlBlock) => {
                // The start event spans the whole block, so tags split across lines are seen whole.
                html_block = true;
                buf.keep(range.clone());
                html::reduce(&mut buf, range, &mut comments);
            }
            Event::End(TagEnd::HtmlBlock) => html_block = false,
            Event::Html(_) if !html_block => {
                buf.keep(range.clone());
                html::reduce(&mut buf, range, &mut comments);
            }
            // An inline tag or comment: the reducer blanks it and notes comments.
            Event::InlineHtml(_) => {
                buf.keep(range.clone());
                html::reduce(&mut buf, range, &mut comments);
            }
            Event::Text(text) => {
                if metadata {
                    front_matter.get_or_insert_with(String::new).push_str(&text);
                } else if code == 0 && autolink == 0 && !html_block {
                    buf.keep(range.clone());
                    if original.get(range.clone()) != Some(&*text) {
                        // The source spells the text differently: entities or escapes.
                        html::decode_entities(&mut buf, range);
                    }
                }
            }
            _ => {}
        }
    }
    erase_bare_urls(&mut buf);
    Reduced {
        prose: buf.finish(),
        front_matter,
        comments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_emphasis_keep_their_words_in_place() {
        let md = "# Trade **grew** to $5 billion\n";
        let r = reduce(md);
        assert_eq!(r.prose.len(), md.len());
        let at = md.find("$5 billion").unwrap();
        assert_eq!(&r.prose[at..at + 10], "$5 billion");
        assert!(!r.prose.contains('#') && !r.prose.contains('*'));
    }

    #[test]
    fn autolinks_are_not_prose() {
        let r = reduce("See <https://example.com/2025/3500> now\n");
        assert!(!r.prose.contains("3500"));
        assert!(r.prose.contains("See") && r.prose.contains("now"));
    }

    #[test]
    fn raw_html_block_keeps_its_text_and_drops_its_tags() {
        let r = reduce("<div class=\"n-12\">\nSome 4,000 firms\n</div>\n\nNext\n");
        assert!(r.prose.contains("Some 4,000 firms"));
        assert!(!r.prose.contains("n-12") && !r.prose.contains("div"));
    }

    #[test]
    fn table_cells_are_prose() {
        let r = reduce("| year | firms |\n|---|---|\n| 2024 | 3,500 |\n");
        assert!(r.prose.contains("3,500"));
        assert!(!r.prose.contains('|'));
    }
}
