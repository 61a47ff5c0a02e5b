//! The editor's check page (`check --format html`), on the real pipeline: the seed rules, drafts
//! in news prose, and sources loaded from disk or built in memory. It shows the draft as
//! written with every figure marked at its span, one numbered note per figure, verdicts in
//! symbol and words, and hostile text from the draft or the sources as text, never markup.

#[path = "common/html.rs"]
mod html_scan;

use std::path::{Path, PathBuf};

use html_scan::{attribute_names, attribute_values, tag_name, tags, ALLOWED_TAGS};
use reconcile::check::{self, Corpus, DraftFinding, DraftVerdict};
use reconcile::compare::SourceInfo;
use reconcile::lang::Languages;
use reconcile::pipeline::{info, Engine};
use reconcile::render::check_html;
use reconcile::rules::RuleSet;
use reconcile::source::{self, LoadOptions, Source};
use reconcile::text::Span;

fn engine() -> Engine {
    let rules = RuleSet::load_dir(Path::new("rules")).expect("the seed rules load");
    Engine::new(rules, Languages::builtin())
}

/// A draft judged against sources, as `check` does it.
struct Checked {
    draft: Source,
    findings: Vec<DraftFinding>,
    sources: Vec<SourceInfo>,
}

fn judge(engine: &Engine, draft: Source, sources: &[Source]) -> Checked {
    let rec = engine.reconcile(sources);
    let corpus = Corpus::new(&rec, &engine.rules, sources);
    let findings = check::check(&draft, engine.process(&draft), &corpus);
    Checked {
        draft,
        findings,
        sources: sources.iter().map(info).collect(),
    }
}

fn from_text(engine: &Engine, id: &str, path: &str, text: &str) -> Source {
    source::from_text(
        id,
        Path::new(path),
        text.to_string(),
        &LoadOptions::default(),
        &engine.langs,
    )
}

/// `tests/fixtures/drafts/editor.md` against `seeds/`.
fn editor(engine: &Engine) -> Checked {
    let opts = LoadOptions::default();
    let (sources, errors) = source::load_paths(&[PathBuf::from("seeds")], &opts, &engine.langs);
    assert!(errors.is_empty(), "{errors:?}");
    let (mut drafts, errors) = source::load_paths(
        &[PathBuf::from("tests/fixtures/drafts/editor.md")],
        &opts,
        &engine.langs,
    );
    assert!(errors.is_empty(), "{errors:?}");
    judge(engine, drafts.remove(0), &sources)
}

fn render(c: &Checked) -> String {
    let mut out = Vec::new();
    check_html::write(&c.draft, &c.findings, &c.sources, &mut out).expect("writing to a Vec");
    String::from_utf8(out).expect("html is UTF-8")
}

/// The text between `from` and the next `to` after it.
fn between<'a>(page: &'a str, from: &str, to: &str) -> &'a str {
    let start = page
        .find(from)
        .map(|i| i + from.len())
        .unwrap_or(page.len());
    let rest = &page[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

/// The byte just past the `</span>` that closes the `<span` that `html` starts with.
fn span_end(html: &str) -> usize {
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(i) = html[at..].find('<') {
        let tag = &html[at + i..];
        if tag.starts_with("<span") {
            depth += 1;
        } else if tag.starts_with("</span>") {
            depth -= 1;
            if depth == 0 {
                return at + i + "</span>".len();
            }
        }
        at += i + 1;
    }
    html.len()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#61;", "=")
        .replace("&#96;", "`")
        .replace("&amp;", "&")
}

#[test]
fn editor_draft_has_every_verdict_for_the_page_to_show() {
    // The fixture exists to show all five highlights; if rules change so that one verdict
    // disappears, reword the draft (in news prose), do not special-case anything.
    let c = editor(&engine());
    for v in DraftVerdict::ALL {
        assert!(
            c.findings.iter().any(|f| f.verdict == v),
            "no {} figure in editor.md: {:#?}",
            v.as_str(),
            c.findings
                .iter()
                .map(|f| (f.draft.line, f.figure(), f.verdict))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn every_figure_is_marked_at_its_span_and_links_to_its_note() {
    let c = editor(&engine());
    let page = render(&c);
    assert!(!c.findings.is_empty());
    for (i, f) in c.findings.iter().enumerate() {
        let n = i + 1;
        let span = f.draft.mention.span;
        let written = &c.draft.original[span.start..span.end];
        let link = format!("<a href=\"#n{n}\" id=\"d{n}\" aria-describedby=\"p{n}\">");
        assert!(page.contains(&link), "figure {n} ({written}) is not a link");
        let marked = between(&page, &format!("{link}<mark class=\"hl\">"), "</mark>");
        assert_eq!(unescape(marked), written, "figure {n} marks the wrong text");
        assert!(
            page.contains(&format!("id=\"n{n}\"")),
            "figure {n} has no note"
        );
        assert!(
            page.contains(&format!("<a class=\"back\" href=\"#d{n}\">")),
            "note {n} does not lead back to the text"
        );
    }
}

#[test]
fn draft_text_is_shown_whole_and_as_written() {
    let c = editor(&engine());
    let page = render(&c);
    let text = between(
        &page,
        "<div class=\"text\" lang=\"en\">",
        "</div></section>",
    );
    // drop the popovers and the highlight furniture, keep what the editor wrote
    let mut plain = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("<span class=\"fig ") {
        plain.push_str(&rest[..i]);
        let after = &rest[i..];
        plain.push_str(between(after, "<mark class=\"hl\">", "</mark>"));
        rest = &after[span_end(after)..];
    }
    plain.push_str(rest);
    assert_eq!(unescape(&plain), c.draft.original);
}

#[test]
fn verdicts_read_in_symbol_and_words_not_colour_alone() {
    let c = editor(&engine());
    let page = render(&c);
    for (i, f) in c.findings.iter().enumerate() {
        let n = i + 1;
        let words = f.verdict.as_str().replace('_', " ");
        let figure = between(&page, &format!("id=\"d{n}\""), "</a>");
        assert!(
            figure.contains(&format!("<span class=\"sr\"> ({words}, note {n})</span>")),
            "figure {n} says its verdict only in colour: {figure}"
        );
        assert!(figure.contains("<sup aria-hidden=\"true\">"), "{figure}");
    }
    // legend and summary name all five, with counts that add up
    let summary = between(&page, "<ul class=\"counts\">", "</ul>");
    let mut total = 0;
    for v in DraftVerdict::ALL {
        let words = v.as_str().replace('_', " ");
        let n = c.findings.iter().filter(|f| f.verdict == v).count();
        total += n;
        assert!(
            summary.contains(&format!("<span class=\"n\">{n}</span>"))
                && summary.contains(&format!("</span> {words}</span>")),
            "summary lacks {n} {words}: {summary}"
        );
        assert!(
            page.contains(&format!("<mark class=\"hl\">{words}</mark>")),
            "legend lacks {words}"
        );
    }
    assert_eq!(total, c.findings.len());
}

#[test]
fn notes_quote_the_sources_with_their_figure_marked() {
    let c = editor(&engine());
    let page = render(&c);
    let disputed = c
        .findings
        .iter()
        .position(|f| f.verdict == DraftVerdict::Disputed)
        .expect("a disputed figure");
    let note = between(&page, &format!("id=\"n{}\">", disputed + 1), "</li>");
    let f = &c.findings[disputed];
    assert!(f.sources.len() >= 2, "disputed means sources on both sides");
    for e in &f.sources {
        let at = &e.claim.claim.at;
        let written = at.text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            note.contains(&format!(
                "<mark>{}</mark>",
                reconcile::render::escape::html(&written)
            )),
            "note does not mark {written:?} in its sentence: {note}"
        );
    }
    assert!(
        note.contains("agrees") && note.contains("disagrees"),
        "{note}"
    );
}

#[test]
fn hostile_draft_and_source_text_render_as_text() {
    let engine = engine();
    let hostile = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> \
                   [click](javascript:alert(1)) javascript:alert(2)";
    let draft = from_text(
        &engine,
        "draft",
        "drafts/<script>.md",
        &format!(
            "# Business {hostile}\n\nSome 4,000 Turkish companies operate in Kazakhstan, {hostile}.\n\n\
             <img src=x onerror=alert(3)>\n"
        ),
    );
    let sources = vec![
        from_text(
            &engine,
            "a\"><script>",
            "sources/a.txt",
            &format!("Around 3,500 Turkish companies operate in Kazakhstan {hostile}."),
        ),
        from_text(
            &engine,
            "b",
            "sources/b.txt",
            &format!("Approximately 4,000 Turkish companies operate in Kazakhstan {hostile}."),
        ),
    ];
    let c = judge(&engine, draft, &sources);
    assert!(
        c.findings.iter().any(|f| !f.sources.is_empty()),
        "the draft's figure should meet the sources' figures: {:#?}",
        c.findings
    );
    let page = render(&c);
    let all = tags(&page);
    for t in &all {
        let name = tag_name(t);
        assert!(ALLOWED_TAGS.contains(&name.as_str()), "unexpected tag {t}");
        for attr in attribute_names(t) {
            assert!(!attr.starts_with("on"), "event handler attribute in {t}");
        }
    }
    assert!(!page.contains("<script"), "raw script tag");
    assert!(!page.contains("<img"), "raw img tag");
    assert!(!page.contains("onerror="), "attribute-like text survives");
    for attr in ["href", "src", "style", "action"] {
        for v in attribute_values(&all, attr) {
            assert!(
                !v.to_ascii_lowercase().contains("javascript:"),
                "{attr}={v}"
            );
        }
    }
    for v in attribute_values(&all, "href") {
        assert!(v.starts_with('#'), "only links within the page: {v}");
    }
    // still there, as text: in the draft, in the sources' sentences, in paths and ids
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;"));
    assert!(page.contains("[click](javascript:alert(1))"));
    assert!(page.contains("drafts/&lt;script&gt;.md"));
    assert!(page.contains("a&quot;&gt;&lt;script&gt;"));
}

#[test]
fn crlf_and_turkish_drafts_keep_their_lines_and_letters() {
    let engine = engine();
    let draft = from_text(
        &engine,
        "taslak",
        "taslak.md",
        "# Ticaret\r\n\r\nKazakistan ile Türkiye arasındaki ticaret hacmi 2024 yılında 5 milyar dolar oldu.\r\n",
    );
    let sources = vec![from_text(
        &engine,
        "kaynak",
        "kaynak.txt",
        "2024 yılında Kazakistan ve Türkiye arasındaki ticaret hacmi 5 milyar dolar olarak kaydedildi.",
    )];
    let c = judge(&engine, draft, &sources);
    let page = render(&c);
    assert!(
        !page.contains('\u{FFFD}'),
        "a carriage return became a replacement character"
    );
    assert!(!page.contains('\r'));
    let text = between(&page, "<div class=\"text\"", "</div>");
    assert!(
        text.contains("># Ticaret\n\nKazakistan ile Türkiye arasındaki"),
        "{text}"
    );
    assert!(page.contains("5 milyar dolar"));
}

#[test]
fn a_figure_whose_span_cannot_be_placed_keeps_its_note_without_a_mark() {
    let c = editor(&engine());
    let mut findings = c.findings.clone();
    let len = c.draft.original.len();
    findings[0].draft.mention.span = Span::new(len + 10, len + 20); // past the end
    let second = findings[1].draft.mention.span;
    findings[2].draft.mention.span = Span::new(second.start, second.end + 1); // overlaps
    let turkish = c
        .draft
        .original
        .find("Türkiye")
        .expect("the draft names Türkiye");
    findings[3].draft.mention.span = Span::new(turkish + 2, turkish + 4); // inside 'ü'
    let odd = Checked {
        draft: c.draft.clone(),
        findings,
        sources: c.sources.clone(),
    };
    let page = render(&odd);
    for n in [1, 3, 4] {
        assert!(
            !page.contains(&format!("id=\"d{n}\"")),
            "figure {n} was marked"
        );
        assert!(
            page.contains(&format!("id=\"n{n}\"")),
            "figure {n} lost its note"
        );
    }
    assert!(page.contains("id=\"d2\""));
    assert_eq!(
        page.matches("not marked in the text").count(),
        3,
        "each unplaced figure says so"
    );
}

#[test]
fn a_draft_without_figures_says_so() {
    let engine = engine();
    let draft = from_text(&engine, "d", "d.md", "Nothing to count here.\n");
    let c = judge(&engine, draft, &[]);
    let page = render(&c);
    assert!(page.contains("The draft states no figures."));
    assert!(page.contains("Nothing to count here."));
}

#[test]
fn check_page_is_written_for_the_browser_check() {
    let engine = engine();
    let page = render(&editor(&engine));
    assert_eq!(render(&editor(&engine)), page, "same input, same bytes");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("render");
    std::fs::create_dir_all(&dir).expect("create target/tmp/render");
    std::fs::write(dir.join("editor-check.html"), &page).expect("write editor-check.html");
}

#[test]
fn check_command_writes_the_page_with_format_html() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = dir.path().join("draft.html");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args([
            "check",
            "tests/fixtures/drafts/editor.md",
            "--against",
            "seeds",
        ])
        .args(["--format", "html", "-o"])
        .arg(&page)
        .output()
        .expect("run reconcile");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let written = std::fs::read_to_string(&page).expect("the page is written");
    assert_eq!(
        written,
        render(&editor(&engine())),
        "the command and the library agree"
    );

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args([
            "check",
            "tests/fixtures/drafts/editor.md",
            "--against",
            "seeds",
        ])
        .args(["--format", "pdf"])
        .output()
        .expect("run reconcile");
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "error: unknown format \"pdf\" (expected table, human, json, github, sarif or html)\n"
    );
}
