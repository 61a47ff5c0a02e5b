//! The Markdown report on the hand-built seed fixture.

#[path = "common/fixture.rs"]
mod fixture;

use reconcile::render::markdown;

fn render(rec: &reconcile::compare::Reconciliation) -> String {
    let mut out = Vec::new();
    markdown::report(rec, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("markdown is UTF-8")
}

/// Count the `|` that GitHub treats as cell separators (not `\|`).
fn cell_separators(line: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '|' if !escaped => n += 1,
            _ => {}
        }
        escaped = false;
    }
    n
}

/// `s` without its code spans: a run of N backticks opens one, the next run of exactly N closes it.
fn strip_code_spans(s: &str) -> String {
    let b = s.as_bytes();
    let run = |i: usize| b[i..].iter().take_while(|&&c| c == b'`').count();
    let mut out = String::new();
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let n = run(i);
        let mut j = i + n;
        let close = loop {
            if j >= b.len() {
                break None;
            }
            if b[j] == b'`' {
                let m = run(j);
                if m == n {
                    break Some(j + m);
                }
                j += m;
            } else {
                j += 1;
            }
        };
        match close {
            Some(end) => {
                out.push_str(&s[text_start..i]);
                i = end;
                text_start = end;
            }
            None => i += n,
        }
    }
    out.push_str(&s[text_start..]);
    out
}

#[test]
fn markdown_report_matches_snapshot() {
    insta::assert_snapshot!(render(&fixture::seeds()));
}

#[test]
fn markdown_lists_conflicts_before_agreements_and_single_sources() {
    let md = render(&fixture::seeds());
    let pos = |s: &str| md.find(s).unwrap_or_else(|| panic!("missing {s:?}"));
    assert!(pos("## Conflicts (2)") < pos("## Period conflicts (1)"));
    assert!(pos("## Period conflicts (1)") < pos("## Superseded (1)"));
    assert!(pos("## Superseded (1)") < pos("## Agreements (1)"));
    assert!(pos("## Agreements (1)") < pos("## Single source (1)"));
    assert!(pos("## Single source (1)") < pos("## Unmapped figures (2)"));
    assert!(pos("## Unmapped figures (2)") < pos("## Likely copies (1)"));
}

#[test]
fn markdown_shows_each_figure_as_written_with_hedge_period_and_line() {
    let md = render(&fixture::seeds());
    assert!(md.contains("around 3,500 _(approx)_ — 000:7"));
    assert!(md.contains("3 bin 538 _(exact)_ — 004:33"));
    assert!(md.contains("863,000 _(exact, 2023)_ — 000:9"));
    assert!(md.contains("$10 billion _(exact, superseded)_ — 003:11"));
    assert!(md.contains("**3,538** — the exact count"));
}

#[test]
fn hostile_text_cannot_break_a_markdown_table_or_inject_html() {
    let md = render(&fixture::hostile());
    let mut in_table = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = cell_separators(line);
            let expected = *in_table.get_or_insert(n);
            assert_eq!(n, expected, "row has extra cells: {line}");
        } else {
            in_table = None;
        }
    }
    // Code spans show their content literally, so only text outside them can inject HTML.
    let outside = strip_code_spans(&md);
    for bad in ["<script", "<img", "</script"] {
        assert!(!outside.contains(bad), "raw {bad} in markdown");
    }
    assert!(md.contains("&lt;script&gt;"));
}

#[test]
fn markdown_ends_with_one_newline_and_never_a_blank_line() {
    let md = render(&fixture::seeds());
    assert!(md.ends_with('\n'));
    assert!(!md.ends_with("\n\n"));
}

#[test]
fn odd_and_empty_models_render_without_panicking() {
    let md = render(&fixture::odd());
    assert!(md.contains("## Conflicts (3)"));
    let empty = render(&fixture::empty());
    assert_eq!(
        empty,
        "# Reconciliation report\n\n0 sources, 0 figures (0 mapped, 0 unmapped, 0 ignored), 0 keys.\n"
    );
}

#[test]
fn learned_trust_is_a_table_after_the_sources() {
    let page = render(&fixture::learned());
    let trust = page.find("### Learned trust").expect("trust section");
    assert!(page.find("| source | outlet | published |").unwrap() < trust);
    assert!(trust < page.find("## Conflicts").unwrap());
    let lines: Vec<&str> = page[trust..].lines().collect();
    assert!(lines[2].contains("settled after 19 rounds"));
    assert_eq!(
        lines[4],
        "| source | outlet | prior trust | learned trust | figures others state | agreed | disputed |"
    );
    assert_eq!(lines[5], "|---|---|--:|--:|--:|--:|--:|");
    assert_eq!(lines[6], "| 000 |  | — | **0.60** | 3 | 2 | 1 |");
    assert_eq!(
        lines[7],
        "| 001 | The Astana Times | 0.80 | **0.62** | 3 | 2 | 1 |"
    );
    assert_eq!(lines[9], "| 003 |  | — | **0.62** (untested) | 0 | 0 | 0 |");
    for row in &lines[4..11] {
        assert_eq!(cell_separators(row), 8, "{row}");
    }
}

#[test]
fn the_as_of_date_opens_the_report() {
    let page = render(&fixture::learned());
    let lines: Vec<&str> = page.lines().collect();
    assert_eq!(lines[0], "# Reconciliation report");
    assert!(
        lines[2].starts_with("**As of 2025-12-31**: the corpus as it stood that day;"),
        "{}",
        lines[2]
    );
    assert!(!render(&fixture::seeds()).contains("As of"));
}

#[test]
fn likely_copies_name_the_origin() {
    let page = render(&fixture::seeds());
    assert!(page.contains(
        "- **002 appears to copy 001: 4 of 6 figures shared** — 4 of 6 figures identical"
    ));
}
