//! The editor's page for `check --format html`: the draft exactly as written, every figure in
//! it highlighted by verdict, and what the sources say about each figure one hover, focus or
//! tap away. One self-contained file (inline CSS, no script, no network) that stays open
//! beside the editor while they revise.
//!
//! The page has a summary (figures counted per verdict) and a legend at the top, then the
//! draft's original text with its line breaks (Markdown is shown as the text the editor typed,
//! not rendered), then one numbered note per figure. Each figure is a link to its note, so it
//! is keyboard-focusable and works on a phone, where nothing hovers; on a screen with a
//! pointer, hovering or focusing it also shows the note beside the text. A verdict is carried
//! by a symbol, a word and a line style, never by colour alone. When some of the sources
//! behind a verdict are copies of one story, the note counts the independent origins
//! (`1 origin of 2 sources`) and its message names the copy.
//!
//! Highlights are placed by each draft mention's byte span in [`Source::original`]; a span that
//! is out of range, splits a character or overlaps an earlier figure is not highlighted, and
//! its note says so. Everything from the draft and the sources is untrusted and written through
//! [`Html`] in element content or quoted attributes only; attribute values we build ourselves
//! (`#n3`, class names) never contain their text.

use std::io::{self, Write};

use crate::check::{DraftFinding, DraftVerdict, Evidence, Quiet, Relation};
use crate::compare::{figure, SourceInfo};
use crate::render::escape::Html;
use crate::render::html::quote;
use crate::render::present::{period_words, SourceNames};
use crate::source::Source;

const CSS: &str = include_str!("html/check.css");

/// Class, symbol and words for a draft verdict: the symbol and the words carry it, the colour
/// and the underline style only help.
fn style(v: DraftVerdict) -> (&'static str, &'static str, &'static str) {
    match v {
        DraftVerdict::Contradicted => ("v-contradicted", "✖", "contradicted"),
        DraftVerdict::Disputed => ("v-disputed", "⚠", "disputed"),
        DraftVerdict::PeriodMismatch => ("v-period", "◷", "period mismatch"),
        DraftVerdict::Supported => ("v-supported", "✔", "supported"),
        DraftVerdict::Unverified => ("v-unverified", "?", "unverified"),
    }
}

/// What a verdict means, for the legend.
fn meaning(v: DraftVerdict) -> &'static str {
    match v {
        DraftVerdict::Contradicted => {
            "the sources give another figure, or none gives this one while they disagree"
        }
        DraftVerdict::Disputed => {
            "the sources disagree among themselves; the draft sides with some"
        }
        DraftVerdict::PeriodMismatch => {
            "the figure appears in the sources for another period, or they date it differently"
        }
        DraftVerdict::Supported => "every source that gives this figure agrees with the draft",
        DraftVerdict::Unverified => "no source gives this figure, or no rule says what it counts",
    }
}

fn badge(out: &mut dyn Write, v: DraftVerdict) -> io::Result<()> {
    let (class, symbol, words) = style(v);
    write!(
        out,
        "<span class=\"badge {class}\"><span aria-hidden=\"true\">{symbol}</span> {words}</span>"
    )
}

/// Write the check page for `draft`, whose figures `findings` judged (in the draft's order,
/// as `check` returns them) against `sources`.
pub fn write(
    draft: &Source,
    findings: &[DraftFinding],
    sources: &[SourceInfo],
    out: &mut dyn Write,
) -> io::Result<()> {
    let names = SourceNames::new(sources.iter().map(|s| s.id.as_str()));
    let path = draft.path.display().to_string();
    let marks = placements(draft, findings);
    let count = |v: DraftVerdict| findings.iter().filter(|f| f.verdict == v).count();
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"generator\" content=\"reconcile\">\n\
         <title>Check of {}: {} contradicted, {} figures</title>\n\
         <style>\n{CSS}</style>\n</head>\n<body>\n",
        Html(&path),
        count(DraftVerdict::Contradicted),
        findings.len()
    )?;
    let file = draft
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.clone());
    writeln!(
        out,
        "<header class=\"top\"><h1>Check of {}</h1>\
         <p class=\"lede\"><span class=\"path\">{}</span> · {} figure{}, judged against {} \
         source{}</p></header>\n<main>",
        Html(&file),
        Html(&path),
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        sources.len(),
        if sources.len() == 1 { "" } else { "s" },
    )?;
    summary(findings, sources, &names, out)?;
    writeln!(out, "<div class=\"layout\">")?;
    text(draft, findings, &marks, &names, sources, out)?;
    notes(findings, &marks, &names, sources, out)?;
    writeln!(out, "</div>")?;
    writeln!(
        out,
        "</main>\n<footer class=\"foot\"><p>Made by reconcile. The draft is shown as written; \
         figures are quoted from the sources as written; verdicts are the engine's reading, for \
         an editor to confirm.</p></footer>\n</body>\n</html>"
    )
}

/// For each finding, the byte range to highlight in the draft, or `None` when its span cannot
/// be placed (out of range, inside a character, or overlapping an earlier figure).
fn placements(draft: &Source, findings: &[DraftFinding]) -> Vec<Option<(usize, usize)>> {
    let text = &draft.original;
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| {
        let s = findings[i].draft.mention.span;
        (s.start, s.end, i)
    });
    let mut out = vec![None; findings.len()];
    let mut cursor = 0;
    for i in order {
        let s = findings[i].draft.mention.span;
        let ok = s.start >= cursor
            && s.start < s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end);
        if ok {
            out[i] = Some((s.start, s.end));
            cursor = s.end;
        }
    }
    out
}

fn summary(
    findings: &[DraftFinding],
    sources: &[SourceInfo],
    names: &SourceNames,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "<section class=\"summary\" aria-labelledby=\"summary\"><h2 id=\"summary\">Summary</h2>"
    )?;
    write!(out, "<ul class=\"counts\">")?;
    for v in DraftVerdict::ALL {
        let n = findings.iter().filter(|f| f.verdict == v).count();
        let (class, symbol, words) = style(v);
        // a count leads to the first note with that verdict
        let first = findings.iter().position(|f| f.verdict == v);
        let (open, close) = match first {
            Some(i) => (format!("<a href=\"#n{}\">", i + 1), "</a>"),
            None => (String::new(), ""),
        };
        write!(
            out,
            "<li class=\"{class}{}\">{open}<span class=\"n\">{n}</span> \
             <span class=\"badge {class}\"><span aria-hidden=\"true\">{symbol}</span> {words}</span>{close}</li>",
            if n == 0 { " none" } else { "" }
        )?;
    }
    writeln!(out, "</ul>")?;
    let quiet = findings.iter().filter(|f| f.quiet.is_some()).count();
    if quiet > 0 {
        writeln!(
            out,
            "<p class=\"quiet-note\">{quiet} of them silenced by a human (shown faded, with the reason).</p>"
        )?;
    }
    write!(out, "<h3>Legend</h3><dl class=\"legend\">")?;
    for v in DraftVerdict::ALL {
        let (class, symbol, words) = style(v);
        write!(
            out,
            "<div><dt><span class=\"fig {class}\"><mark class=\"hl\">{words}</mark><sup aria-hidden=\"true\">{symbol}</sup></span></dt>\
             <dd>{}</dd></div>",
            meaning(v)
        )?;
    }
    writeln!(out, "</dl>")?;
    writeln!(
        out,
        "<p class=\"how\">Hover over or focus a highlighted figure to see what the sources say; \
         click or tap it to jump to its numbered note.</p>"
    )?;
    if !sources.is_empty() {
        write!(
            out,
            "<details class=\"sources\"><summary>Sources ({})</summary><ul>",
            sources.len()
        )?;
        for s in sources {
            write!(
                out,
                "<li><strong>{}</strong> {}",
                Html(names.get(&s.id)),
                Html(s.outlet.as_deref().unwrap_or("—"))
            )?;
            if let Some(d) = s.published {
                write!(out, ", {d}")?;
            }
            write!(out, " <span class=\"path\">{}</span></li>", Html(&s.path))?;
        }
        writeln!(out, "</ul></details>")?;
    }
    writeln!(out, "</section>")
}

/// The draft as written, with every placed figure highlighted.
fn text(
    draft: &Source,
    findings: &[DraftFinding],
    marks: &[Option<(usize, usize)>],
    names: &SourceNames,
    sources: &[SourceInfo],
    out: &mut dyn Write,
) -> io::Result<()> {
    let original = &draft.original;
    write!(
        out,
        "<section class=\"draft\" aria-labelledby=\"draft\"><h2 id=\"draft\">The draft</h2>\
         <div class=\"text\" lang=\"{}\">",
        Html(&draft.lang)
    )?;
    let mut placed: Vec<(usize, usize, usize)> = marks
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|(s, e)| (s, e, i)))
        .collect();
    placed.sort_unstable();
    let mut cursor = 0;
    for (start, end, i) in placed {
        plain(&original[cursor..start], out)?;
        let f = &findings[i];
        let n = i + 1;
        let (class, symbol, words) = style(f.verdict);
        write!(
            out,
            "<span class=\"fig {class}{}\"><a href=\"#n{n}\" id=\"d{n}\" aria-describedby=\"p{n}\"><mark class=\"hl\">",
            if f.quiet.is_some() { " quiet" } else { "" }
        )?;
        plain(&original[start..end], out)?;
        write!(
            out,
            "</mark><sup aria-hidden=\"true\">{symbol}{n}</sup>\
             <span class=\"sr\"> ({words}, note {n})</span></a>\
             <span class=\"pop\" role=\"tooltip\" id=\"p{n}\"><span class=\"box\">"
        )?;
        note_body(f, n, names, sources, out)?;
        write!(out, "</span></span></span>")?;
        cursor = end;
    }
    plain(&original[cursor..], out)?;
    writeln!(out, "</div></section>")
}

/// Draft text, escaped, with carriage returns dropped (line breaks stay as `\n`).
fn plain(s: &str, out: &mut dyn Write) -> io::Result<()> {
    for piece in s.split('\r') {
        write!(out, "{}", Html(piece))?;
    }
    Ok(())
}

fn notes(
    findings: &[DraftFinding],
    marks: &[Option<(usize, usize)>],
    names: &SourceNames,
    sources: &[SourceInfo],
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "<section class=\"notes\" aria-labelledby=\"notes\"><h2 id=\"notes\">Figures</h2>"
    )?;
    if findings.is_empty() {
        writeln!(out, "<p>The draft states no figures.</p>")?;
    } else {
        writeln!(out, "<ol class=\"notes\">")?;
        for (i, f) in findings.iter().enumerate() {
            let n = i + 1;
            let (class, _, _) = style(f.verdict);
            write!(
                out,
                "<li class=\"note {class}{}\" id=\"n{n}\">",
                if f.quiet.is_some() { " quiet" } else { "" }
            )?;
            note_body(f, n, names, sources, out)?;
            if marks[i].is_some() {
                write!(
                    out,
                    "<a class=\"back\" href=\"#d{n}\">↑ back to the text</a>"
                )?;
            } else {
                write!(
                    out,
                    "<span class=\"back\">not marked in the text: its position could not be placed</span>"
                )?;
            }
            writeln!(out, "</li>")?;
        }
        writeln!(out, "</ol>")?;
    }
    writeln!(out, "</section>")
}

/// What a note says, in the tooltip and in the list alike. Only phrasing content (spans), so
/// it can sit inside the draft's text.
fn note_body(
    f: &DraftFinding,
    n: usize,
    names: &SourceNames,
    sources: &[SourceInfo],
    out: &mut dyn Write,
) -> io::Result<()> {
    write!(out, "<span class=\"head\"><span class=\"num\">{n}</span> ")?;
    badge(out, f.verdict)?;
    write!(
        out,
        " <strong class=\"figure\">{}</strong> <span class=\"where\">line {}:{}</span>",
        Html(&f.figure()),
        f.draft.line,
        f.draft.column
    )?;
    // copies of one story are one origin: say how many origins the sources really are
    if let Some(o) = f.origins.as_ref().filter(|o| o.copies.is_some()) {
        write!(
            out,
            " <span class=\"tag t-origins\">{} {} of {} sources</span>",
            o.independent,
            if o.independent == 1 {
                "origin"
            } else {
                "origins"
            },
            o.sources
        )?;
    }
    write!(out, "</span>")?;
    match (&f.label, &f.key) {
        (Some(label), Some(key)) => write!(
            out,
            "<span class=\"key\">{} <code>{}</code></span>",
            Html(label),
            Html(key)
        )?,
        (None, Some(key)) => write!(out, "<span class=\"key\"><code>{}</code></span>", Html(key))?,
        _ => {}
    }
    write!(out, "<span class=\"message\">{}</span>", Html(&f.message))?;
    match &f.quiet {
        Some(Quiet::InSource { reason, line }) => write!(
            out,
            "<span class=\"silenced\">silenced at line {line}: {}</span>",
            Html(reason)
        )?,
        Some(Quiet::Baseline) => write!(
            out,
            "<span class=\"silenced\">silenced: accepted in the baseline</span>"
        )?,
        None => {}
    }
    if !f.sources.is_empty() {
        write!(out, "<span class=\"evidence\">")?;
        for e in &f.sources {
            evidence(e, names, sources, out)?;
        }
        write!(out, "</span>")?;
    }
    Ok(())
}

fn evidence(
    e: &Evidence,
    names: &SourceNames,
    sources: &[SourceInfo],
    out: &mut dyn Write,
) -> io::Result<()> {
    let at = &e.claim.claim.at;
    let src = sources.iter().find(|s| s.id == at.source);
    let (tag, class) = match (e.relation, e.agrees) {
        (Relation::OtherPeriod, _) => ("other period", "t-period"),
        (Relation::Replaced, _) => ("replaced", "t-replaced"),
        (Relation::Speaks, true) => ("agrees", "t-agrees"),
        (Relation::Speaks, false) => ("disagrees", "t-disagrees"),
    };
    write!(
        out,
        "<span class=\"ev\"><span class=\"ev-head\"><strong>{}</strong> <span class=\"ev-fig\">{}</span>",
        Html(names.get(&at.source)),
        Html(&figure(&e.claim))
    )?;
    if let Some(p) = at.mention.period {
        write!(
            out,
            " <span class=\"period\">{}</span>",
            Html(&period_words(&p))
        )?;
    }
    write!(out, " <span class=\"tag {class}\">{tag}</span>")?;
    write!(
        out,
        " <span class=\"path\">{}:{}:{}</span></span>",
        Html(&e.path),
        at.line,
        at.column
    )?;
    let lang = src.map(|s| s.lang.as_str()).unwrap_or("");
    quote(&at.sentence, &at.text, lang, true, out)?;
    write!(out, "</span>")
}
