//! Reducing Markdown and HTML to prose: what is blanked, what stays, and that every offset into
//! `prose` is an offset into `original`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use reconcile::lang::Languages;
use reconcile::source::{self, Format, LoadOptions, Source};
use reconcile::text::LineIndex;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources")
        .join(rel)
}

fn load_one(rel: &str) -> Source {
    let (mut sources, errors) = source::load_paths(
        &[fixture(rel)],
        &LoadOptions::default(),
        &Languages::builtin(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(sources.len(), 1);
    sources.remove(0)
}

/// The invariant every reducer keeps.
fn assert_same_shape(src: &Source) {
    assert_eq!(src.prose.len(), src.original.len(), "{}", src.id);
    for (i, (p, o)) in src.prose.bytes().zip(src.original.bytes()).enumerate() {
        if o == b'\n' {
            assert_eq!(p, b'\n', "{}: newline at byte {i} lost", src.id);
        }
    }
}

#[test]
fn a_figure_after_a_fenced_code_block_keeps_its_line_and_column() {
    let src = load_one("markdown/report.md");
    assert_eq!(src.format, Format::Markdown);
    assert_same_shape(&src);
    let at = src.original.find("3,500").unwrap();
    assert_eq!(src.prose.find("3,500"), Some(at));
    let index = LineIndex::new(&src.original);
    // Line 14 of report.md: "Around 3,500 Turkish companies…"
    assert_eq!(index.line_col(&src.original, at), (14, 8));
    assert_eq!(index.line_col(&src.prose, at), (14, 8));
}

#[test]
fn front_matter_gives_the_date_and_no_prose() {
    let src = load_one("markdown/report.md");
    assert_eq!(src.published, NaiveDate::from_ymd_opt(2025, 7, 29));
    let front_matter_end = src.original.find("# The visit").unwrap();
    assert!(src.prose[..front_matter_end].trim().is_empty());
    assert!(!src.prose.contains("99 agreements"));
}

#[test]
fn code_blocks_inline_code_and_link_targets_are_blanked_but_link_text_stays() {
    let src = load_one("markdown/report.md");
    for gone in [
        "4000",
        "7777",
        "12%",
        "5555",
        "6666",
        "9999",
        "example.org",
        "1234",
    ] {
        assert!(!src.prose.contains(gone), "{gone:?} should not be prose");
    }
    let ministry = src.original.find("ministry").unwrap();
    assert_eq!(&src.prose[ministry..ministry + 8], "ministry");
    // Image alt text is prose; its URL is not.
    assert!(src.prose.contains("chart of 8,888 firms"));
}

#[test]
fn raw_html_in_markdown_loses_its_tags_and_keeps_its_text_and_entities() {
    let src = load_one("markdown/report.md");
    let at = src.original.find("$5 billion").unwrap();
    assert_eq!(&src.prose[at..at + 10], "$5 billion");
    assert!(!src.prose.contains("span") && !src.prose.contains("n-42"));
    let amp = src.original.find("&amp;").unwrap();
    assert_eq!(&src.prose[amp..amp + 5], "&    ");
}

#[test]
fn html_tags_scripts_styles_comments_and_attributes_are_blanked() {
    let src = load_one("html/page.html");
    assert_eq!(src.format, Format::Html);
    assert_same_shape(&src);
    for gone in [
        "4000", "7777", "1234", "5555", "6666", "DOCTYPE", "class", "<p", "</a>",
    ] {
        assert!(!src.prose.contains(gone), "{gone:?} should not be prose");
    }
    let at = src.original.find("4,000 Turkish").unwrap();
    assert_eq!(src.prose.find("4,000 Turkish"), Some(at));
    assert!(src.prose.contains("Trade &     investment"));
}

#[test]
fn html_entities_become_their_character_without_moving_anything() {
    let src = load_one("html/page.html");
    // `&nbsp;` is a space, `&mdash;` (7 bytes) holds `—` (3 bytes) and 4 spaces.
    let some = src.original.find("Some&nbsp;").unwrap();
    assert_eq!(&src.prose[some..some + 10], "Some      ");
    let dash = src.original.find("&mdash;").unwrap();
    assert_eq!(&src.prose[dash..dash + 7], "—    ");
    let name = src.original.find("Kazım&#39;s").unwrap();
    assert_eq!(&src.prose[name..name + "Kazım&#39;s".len()], "Kazım'    s");
}

#[test]
fn a_suppression_comment_silences_its_key_on_the_next_paragraph() {
    let src = load_one("draft/draft.md");
    assert_eq!(src.suppressions.len(), 1);
    let s = &src.suppressions[0];
    assert_eq!(s.key, "turkish_companies_in_kz");
    assert_eq!(s.reason, "the ministry's 2023 count, checked by phone");
    assert_eq!(s.line, 5);
    assert_eq!(
        s.applies_to.slice(&src.original),
        "Around 4,000 Turkish companies operate in the country,\naccording to the embassy."
    );
    // The comment is an instruction, not prose: its "2023" must not be read as a figure.
    let comment = src.original.find("<!--").unwrap();
    assert!(src.prose[comment..s.applies_to.start].trim().is_empty());
    // The paragraph after the next blank line is not covered.
    let later = src.original.find("$2.5 billion").unwrap();
    assert!(later > s.applies_to.end);
}

#[test]
fn a_suppression_in_plain_text_is_parsed_and_blanked() {
    let text = "<!-- reconcile-ignore *: quoted from a press release -->\nIt has 14 members.\n";
    let src = source::from_text(
        "draft",
        Path::new("draft.txt"),
        text.to_string(),
        &LoadOptions::default(),
        &Languages::builtin(),
    );
    assert_eq!(src.suppressions[0].key, "*");
    assert_eq!(
        src.suppressions[0].applies_to.slice(text),
        "It has 14 members."
    );
    assert!(src.prose.trim_start().starts_with("It has 14 members."));
    assert_eq!(src.prose.len(), text.len());
}

#[test]
fn plain_text_prose_is_the_original_and_crlf_is_kept() {
    let text = "Line one 3,500.\r\nLine two 4,000.\r\n";
    let src = source::from_text(
        "x",
        Path::new("x.txt"),
        text.to_string(),
        &LoadOptions::default(),
        &Languages::builtin(),
    );
    assert_eq!(src.prose, text);
    assert_eq!(src.original, text);
}

#[test]
fn unclosed_markup_and_stray_bytes_never_panic_or_change_the_length() {
    let inputs = [
        "<p>İstanbul'da %3,2 <b",
        "<script>never closed İ",
        "&#x;&#;&amp &#1114112; ş",
        "```\nunclosed fence İ",
        "[link](http://x.com/İ",
        "<!-- reconcile-ignore",
        "---\ndate: 2025-13-45\n---\nş",
    ];
    let langs = Languages::builtin();
    for (i, text) in inputs.iter().enumerate() {
        for ext in ["md", "html", "txt"] {
            let path = PathBuf::from(format!("t{i}.{ext}"));
            let src = source::from_text(
                "t",
                &path,
                text.to_string(),
                &LoadOptions::default(),
                &langs,
            );
            assert_eq!(src.prose.len(), text.len(), "{path:?}");
        }
    }
}
