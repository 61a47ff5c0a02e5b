//! The HTML report on the hand-built seed fixture: structure, escaping of hostile article text,
//! and a snapshot. Also writes the fixture's report under `target/tmp/render/` for
//! `scripts/browser-check.sh`.

#[path = "common/fixture.rs"]
mod fixture;
#[path = "common/html.rs"]
mod html_scan;

use html_scan::{attribute_names, attribute_values, tag_name, tags, ALLOWED_TAGS};

use reconcile::compare::Reconciliation;
use reconcile::render::html;

fn render(rec: &Reconciliation) -> String {
    let mut out = Vec::new();
    html::report(rec, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("html is UTF-8")
}

#[test]
fn html_report_matches_snapshot() {
    insta::assert_snapshot!(render(&fixture::seeds()));
}

#[test]
fn html_report_is_one_self_contained_accessible_page() {
    let page = render(&fixture::seeds());
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.contains("<title>Reconciliation report: 2 conflicts, 6 keys, 5 sources</title>"));
    assert!(page.contains("<meta name=\"viewport\""));
    assert!(page.contains("@media print"));
    assert!(page.contains("@media (max-width: 700px)"));
    assert!(!page.contains("<script"), "the report needs no script");
    assert!(!page.contains("<link"), "no external stylesheet");
    for url in ["http://", "https://", "//cdn", "url("] {
        assert!(!page.contains(url), "network reference {url}");
    }
    // every plot scales with its viewBox and has a title and description for screen readers
    let svgs = page.matches("<svg ").count();
    assert_eq!(svgs, 6, "one plot per finding");
    assert_eq!(page.matches("viewBox=\"0 0 340 ").count(), svgs);
    assert_eq!(
        page.matches("width=\"100%\" role=\"img\" aria-labelledby=")
            .count(),
        svgs
    );
    assert_eq!(page.matches("<title id=\"k").count(), svgs);
    assert_eq!(page.matches("<desc id=\"k").count(), svgs);
    // links only ever point at the report's own anchors
    let tags = tags(&page);
    for href in attribute_values(&tags, "href") {
        assert!(href.starts_with("#k"), "unexpected link {href}");
    }
}

#[test]
fn cards_come_in_the_models_order_with_verdict_in_words_and_colour() {
    let page = render(&fixture::seeds());
    let pos = |s: &str| page.find(s).unwrap_or_else(|| panic!("missing {s:?}"));
    let order = [
        "<article class=\"card v-conflict\" id=\"k1\"",
        "<article class=\"card v-conflict\" id=\"k2\"",
        "<article class=\"card v-period\" id=\"k3\"",
        "<article class=\"card v-superseded\" id=\"k4\"",
        "<article class=\"card v-agree\" id=\"k5\"",
        "<article class=\"card v-single\" id=\"k6\"",
        "<h2 id=\"unmapped\">Unmapped figures (2)</h2>",
        "<h2 id=\"copies\">Likely copies (1)</h2>",
    ];
    for pair in order.windows(2) {
        assert!(
            pos(pair[0]) < pos(pair[1]),
            "{} before {}",
            pair[0],
            pair[1]
        );
    }
    assert!(page.contains("✖</span> Conflict</span>"));
    assert!(page.contains("<span class=\"message\">4,000 (001, 002) disagrees with 3,500 (000) and 3,538 (004)</span>"));
    assert!(page.contains("<strong>3,538</strong>"));
}

#[test]
fn number_line_draws_open_ends_hollow_and_shows_the_relation() {
    let page = render(&fixture::seeds());
    let card = |id: &str| {
        let start = page.find(&format!("id=\"{id}\"")).expect("card");
        let end = page[start..].find("</article>").expect("card end") + start;
        &page[start..end]
    };
    // 3,500 ≈ 3,538 (cluster A) ≠ 4,000 (cluster B)
    let companies = card("k1");
    assert!(companies.contains("<figcaption>3,500 ≈ 3,538 ≠ 4,000</figcaption>"));
    assert!(
        !companies.contains("class=\"open\""),
        "approx and exact are closed"
    );
    // "exceeded $2.5 billion" is (2.5, 2.75]: one hollow marker per claim
    let invest = card("k2");
    assert_eq!(invest.matches("class=\"open\"").count(), 2);
    assert!(invest.contains("allows 2.5 billion–2.75 billion (open below, closed above)"));
    // the period conflict draws years, the superseded target dates
    assert!(card("k3").contains(">2023</text>") && card("k3").contains(">2024</text>"));
    assert!(card("k4").contains("2022-10-13 (replaced)"));
}

#[test]
fn quotes_mark_the_figure_inside_its_sentence() {
    let page = render(&fixture::seeds());
    assert!(page.contains(
        "<blockquote lang=\"tr\">2005 ila 2024 yılları arasında Türkiye, Kazakistan ekonomisine \
         5,2 milyar dolar yatırım yaparken ülkede <mark>3 bin 538</mark> Türk"
    ));
    // the figure as written has narrow no-break spaces; the sentence has them collapsed
    assert!(page.contains("Türkiye <mark>exceed $1.5 billion</mark>."));
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let page = render(&fixture::hostile());
    let tags = tags(&page);
    for t in &tags {
        let name = tag_name(t);
        assert!(ALLOWED_TAGS.contains(&name.as_str()), "unexpected tag {t}");
        for attr in attribute_names(t) {
            assert!(!attr.starts_with("on"), "event handler attribute in {t}");
        }
    }
    assert!(!page.contains("<script"), "raw script tag");
    assert!(!page.contains("<img"), "raw img tag");
    assert!(!page.contains("onerror="), "attribute-like text survives");
    for attr in ["href", "src", "style", "xlink:href", "action"] {
        for v in attribute_values(&tags, attr) {
            assert!(
                !v.to_ascii_lowercase().contains("javascript:"),
                "{attr}={v}"
            );
        }
    }
    assert!(attribute_values(&tags, "src").is_empty());
    assert!(attribute_values(&tags, "style").is_empty());
    // the text is still there, readable once decoded
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;"));
}

#[test]
fn html_report_is_written_for_the_browser_check() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("render");
    std::fs::create_dir_all(&dir).expect("create target/tmp/render");
    let seeds = render(&fixture::seeds());
    let hostile = render(&fixture::hostile());
    std::fs::write(dir.join("fixture.html"), &seeds).expect("write fixture.html");
    std::fs::write(dir.join("hostile.html"), &hostile).expect("write hostile.html");
    std::fs::write(dir.join("learned.html"), render(&fixture::learned()))
        .expect("write learned.html");
    assert_eq!(render(&fixture::seeds()), seeds, "same input, same bytes");
}

#[test]
fn odd_values_draw_no_nan_coordinates_and_never_panic() {
    let page = render(&fixture::odd());
    let tags = tags(&page);
    for t in tags.iter().filter(|t| {
        ["line", "circle", "rect", "path", "polyline", "text"].contains(&tag_name(t).as_str())
    }) {
        let lower = t.to_ascii_lowercase();
        assert!(
            !lower.contains("nan") && !lower.contains("inf"),
            "bad coordinate in {t}"
        );
    }
    assert!(page.ends_with("</html>\n"));
}

#[test]
fn empty_reconciliation_renders_a_page_with_only_the_summary() {
    let page = render(&fixture::empty());
    assert!(page.contains("<h2 id=\"summary\">Summary</h2>"));
    assert!(!page.contains("<article"));
    assert!(page.ends_with("</html>\n"));
}

/// The part of the page between two marks, both present.
fn between<'a>(page: &'a str, from: &str, to: &str) -> &'a str {
    let start = page
        .find(from)
        .unwrap_or_else(|| panic!("missing {from:?}"));
    let end = page[start..]
        .find(to)
        .unwrap_or_else(|| panic!("missing {to:?} after {from:?}"))
        + start;
    &page[start..end]
}

#[test]
fn learned_trust_is_a_table_in_the_summary_with_prior_learned_and_shared_figures() {
    let page = render(&fixture::learned());
    let summary = between(&page, "<h2 id=\"summary\">", "</section>");
    let table = between(summary, "<h3 id=\"trust\">Learned trust</h3>", "</table>");
    assert!(table.contains("settled after 19 rounds"));
    for col in [
        "Source",
        "Outlet",
        "Prior trust",
        "Learned trust",
        "Shared figures",
    ] {
        assert!(
            table.contains(&format!("<th scope=\"col\">{col}</th>")),
            "{col}"
        );
    }
    // one row per source, in the model's order; the prior shown only where the manifest gave one
    let rows: Vec<&str> = table.split("<tr><th scope=\"row\"").skip(1).collect();
    assert_eq!(rows.len(), 5);
    assert!(rows[0].starts_with(" data-label=\"Source\">000</th>"));
    assert!(rows[0].contains("data-label=\"Prior trust\" class=\"num\">—</td>"));
    assert!(rows[0].contains("<strong>0.60</strong>"));
    assert!(rows[0].contains(
        "data-label=\"Shared figures\" class=\"num\">3 \
         <span class=\"split\">(2 agreed, 1 disputed)</span></td>"
    ));
    assert!(rows[3].contains("data-label=\"Shared figures\" class=\"num\">0</td>"));
    assert!(rows[1].contains("The Astana Times"));
    assert!(rows[1].contains("data-label=\"Prior trust\" class=\"num\">0.80</td>"));
    assert!(rows[1].contains("<strong>0.62</strong>"));
    // a source no other origin checks is marked, not passed off as tested
    assert!(rows[3].contains("<strong>0.62</strong> <span class=\"tag\">untested</span>"));
    assert!(!rows[4].contains("untested"));
}

#[test]
fn no_trust_table_without_learned_trust() {
    let page = render(&fixture::seeds());
    assert!(!page.contains("Learned trust"));
    assert!(!page.contains("class=\"as-of\""));
}

#[test]
fn the_header_and_title_say_the_as_of_date() {
    let page = render(&fixture::learned());
    assert!(page.contains(
        "<title>Reconciliation report as of 2025-12-31: 2 conflicts, 6 keys, 5 sources</title>"
    ));
    let header = between(&page, "<header class=\"top\">", "</header>");
    assert!(
        header.contains("<p class=\"as-of\"><strong>As of 2025-12-31</strong>: the corpus as it stood that day;"),
        "{header}"
    );
}

#[test]
fn likely_copies_name_the_origin_and_the_shared_count() {
    let page = render(&fixture::seeds());
    assert!(page.contains(
        "<li><strong class=\"copy\">002 appears to copy 001: 4 of 6 figures shared</strong> \
         <span class=\"why\">4 of 6 figures identical, published a day apart</span></li>"
    ));
    // published the same day: no origin can be told
    let mut rec = fixture::seeds();
    rec.copies[0].origin = None;
    assert!(render(&rec).contains("001 and 002 appear to share one origin: 4 of 6 figures shared"));
}

#[test]
fn every_card_shows_its_suggestion_and_why() {
    let page = render(&fixture::seeds());
    let cards: Vec<&str> = page.split("<article class=\"card").skip(1).collect();
    assert_eq!(cards.len(), 6);
    for card in cards {
        let suggest = between(card, "<p class=\"suggest\">", "</p>");
        assert!(suggest.contains("<span class=\"label\">Suggested</span> <strong>"));
        // the reason sits on its own line under the value, and is never empty
        let why = suggest
            .split_once("<span class=\"why\">")
            .map(|(_, w)| w)
            .unwrap_or_else(|| panic!("no reason in {suggest}"));
        assert!(why.trim_end_matches("</span>").len() > 10, "{suggest}");
    }
}
