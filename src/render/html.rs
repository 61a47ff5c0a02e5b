//! The HTML report: one self-contained file (inline CSS and SVG, no script, no network) that
//! opens from an email attachment. The header names the as-of date when the corpus was cut
//! at one (`--as-of`). A summary first (sources, figures, keys, verdict counts, and learned
//! trust per source under `--learn-trust`), then one card per key in the model's order
//! (conflicts first) with its verdict in colour *and* words, the message, the suggested value
//! with its reason on a line of its own, a plot (`plot`) and a table of every source's figure
//! with the sentence it came from; unmapped figures, likely copies (each naming its origin:
//! `004 appears to copy 000`), warnings and ignored numbers close the page.
//!
//! Article text is untrusted. Every string from a source, a rule or a path is written through
//! [`Html`], in element content or quoted attribute values only; none is ever put in a URL,
//! `href`, `style` or script context (links point at our own `#k1` anchors). A
//! Content-Security-Policy forbidding every script is a second line of defence. The page
//! stacks to one column at phone width (tables reflow into label–value blocks) and prints.

mod plot;

use std::io::{self, Write};

use crate::compare::{ComparedClaim, Finding, Reconciliation, Verdict};
use crate::normalize::one_line;
use crate::render::escape::Html;
use crate::render::more_not_listed;
use crate::render::present::{
    copy_headline, hedge_words, period_words, range_with_unit, range_worth_showing, trust_words,
    verdict_count, verdict_words, with_unit, Outlets, SourceNames, VERDICTS,
};

pub use plot::{cluster_colour, cluster_name, CLUSTER_COLOURS};

const CSS: &str = include_str!("html/report.css");

/// Class and symbol for a verdict; the symbol and the words carry it, the colour only helps.
fn verdict_style(v: Verdict) -> (&'static str, &'static str) {
    match v {
        Verdict::Conflict => ("v-conflict", "✖"),
        Verdict::PeriodConflict => ("v-period", "⚠"),
        Verdict::Superseded => ("v-superseded", "↻"),
        Verdict::Agree => ("v-agree", "✔"),
        Verdict::SingleSource => ("v-single", "●"),
    }
}

fn badge(out: &mut dyn Write, v: Verdict, text: &str) -> io::Result<()> {
    let (class, symbol) = verdict_style(v);
    write!(
        out,
        "<span class=\"badge {class}\"><span aria-hidden=\"true\">{symbol}</span> {}</span>",
        Html(text)
    )
}

fn count(rec: &Reconciliation, v: Verdict) -> usize {
    rec.findings.iter().filter(|f| f.verdict == v).count()
}

pub fn report(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    let names = SourceNames::new(rec.sources.iter().map(|s| s.id));
    let conflicts = count(rec, Verdict::Conflict);
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"generator\" content=\"reconcile\">\n\
         <title>Reconciliation report{}: {}, {} keys, {} sources</title>\n\
         <style>\n{CSS}</style>\n</head>\n<body>\n",
        rec.as_of.map(|d| format!(" as of {d}")).unwrap_or_default(),
        verdict_count(Verdict::Conflict, conflicts),
        rec.findings.len(),
        rec.sources.len()
    )?;
    write!(out, "<header class=\"top\"><h1>Reconciliation report</h1>")?;
    if let Some(d) = rec.as_of {
        write!(
            out,
            "<p class=\"as-of\"><strong>As of {d}</strong>: the corpus as it stood that day; \
             sources published later and figures dated later are left out.</p>"
        )?;
    }
    writeln!(out, "</header>\n<main>")?;
    summary(rec, &names, out)?;
    if !rec.findings.is_empty() {
        writeln!(
            out,
            "<section class=\"findings\" aria-labelledby=\"findings\">\
             <h2 id=\"findings\">Findings</h2>"
        )?;
        for (i, f) in rec.findings.iter().enumerate() {
            card(f, &names, rec, &format!("k{}", i + 1), out)?;
        }
        writeln!(out, "</section>")?;
    }
    unmapped(rec, &names, out)?;
    copies(rec, &names, out)?;
    warnings(rec, &names, out)?;
    ignored(rec, &names, out)?;
    writeln!(
        out,
        "</main>\n<footer class=\"foot\"><p>Made by reconcile from the sources listed above. \
         Figures are quoted as written; verdicts are the engine's reading, for an editor to \
         confirm.</p></footer>\n</body>\n</html>"
    )
}

fn summary(rec: &Reconciliation, names: &SourceNames, out: &mut dyn Write) -> io::Result<()> {
    let s = &rec.stats;
    writeln!(
        out,
        "<section class=\"summary\" aria-labelledby=\"summary\"><h2 id=\"summary\">Summary</h2>"
    )?;
    write!(out, "<ul class=\"verdicts\">")?;
    for v in VERDICTS {
        let n = count(rec, v);
        if n == 0 {
            continue;
        }
        write!(out, "<li>")?;
        badge(out, v, &verdict_count(v, n))?;
        write!(out, "</li>")?;
    }
    writeln!(out, "</ul>")?;
    writeln!(
        out,
        "<dl class=\"stats\">\
         <div><dt>Sources</dt><dd>{}</dd></div>\
         <div><dt>Figures found</dt><dd>{}</dd></div>\
         <div><dt>Mapped to keys</dt><dd>{}</dd></div>\
         <div><dt>Keys</dt><dd>{}</dd></div>\
         <div><dt>Unmapped</dt><dd>{}</dd></div>\
         <div><dt>Ignored</dt><dd>{}</dd></div></dl>",
        s.sources,
        s.mentions,
        s.mapped,
        rec.findings.len(),
        s.unmapped,
        s.ignored
    )?;
    if !rec.sources.is_empty() {
        writeln!(
            out,
            "<h3>Sources</h3><table class=\"reflow sources\"><thead><tr><th scope=\"col\">Source</th>\
             <th scope=\"col\">Outlet</th><th scope=\"col\">Published</th>\
             <th scope=\"col\">Language</th><th scope=\"col\">File</th></tr></thead><tbody>"
        )?;
        for src in &rec.sources {
            writeln!(
                out,
                "<tr><th scope=\"row\" data-label=\"Source\">{}</th><td data-label=\"Outlet\" class=\"outlet\">{}</td>\
                 <td data-label=\"Published\" class=\"nowrap\">{}</td><td data-label=\"Language\">{}</td>\
                 <td data-label=\"File\" class=\"path\">{}</td></tr>",
                Html(names.get(src.id)),
                Html(src.outlet.unwrap_or("—")),
                src.published
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".to_string()),
                Html(src.lang),
                Html(src.path)
            )?;
        }
        writeln!(out, "</tbody></table>")?;
    }
    trust(rec, names, out)?;
    if !rec.findings.is_empty() {
        write!(out, "<h3>Keys</h3><ol class=\"toc\">")?;
        for (i, f) in rec.findings.iter().enumerate() {
            write!(out, "<li><a href=\"#k{}\">{}</a> ", i + 1, Html(&f.label))?;
            badge(out, f.verdict, verdict_words(f.verdict))?;
            write!(out, "</li>")?;
        }
        writeln!(out, "</ol>")?;
    }
    writeln!(out, "</section>")
}

/// Learned trust per source (`report --learn-trust`): what the corpus says of each source's
/// reliability, beside the prior the manifest gave it.
fn trust(rec: &Reconciliation, names: &SourceNames, out: &mut dyn Write) -> io::Result<()> {
    if rec.trust.is_empty() {
        return Ok(());
    }
    let iterations = rec.trust.first().map(|t| t.iterations).unwrap_or(0);
    writeln!(
        out,
        "<h3 id=\"trust\">Learned trust</h3>\
         <p class=\"note\">How often each source&#8217;s figures agree with what other, \
         independent origins say about the same thing (0 to 1, settled after {iterations} \
         {}). Shared figures are those another origin also states; copies of one story count \
         as one origin. A source that shares no figure with another origin is untested: it \
         keeps its prior, or gets the mean of the tested sources.</p>\
         <table class=\"reflow trust\"><thead><tr><th scope=\"col\">Source</th>\
         <th scope=\"col\">Outlet</th><th scope=\"col\">Prior trust</th>\
         <th scope=\"col\">Learned trust</th><th scope=\"col\">Shared figures</th>\
         </tr></thead><tbody>",
        if iterations == 1 { "round" } else { "rounds" }
    )?;
    let outlets = Outlets::of(rec);
    for t in &rec.trust {
        let outlet = outlets.get(&t.source).unwrap_or("—");
        write!(
            out,
            "<tr><th scope=\"row\" data-label=\"Source\">{}</th>\
             <td data-label=\"Outlet\" class=\"outlet\">{}</td>\
             <td data-label=\"Prior trust\" class=\"num\">{}</td>\
             <td data-label=\"Learned trust\" class=\"num\"><strong>{}</strong>",
            Html(names.get(&t.source)),
            Html(outlet),
            t.prior.map(trust_words).unwrap_or_else(|| "—".to_string()),
            trust_words(t.learned)
        )?;
        if t.facts == 0 {
            write!(out, " <span class=\"tag\">untested</span>")?;
        }
        write!(
            out,
            "</td><td data-label=\"Shared figures\" class=\"num\">{}",
            t.facts
        )?;
        if t.facts > 0 {
            write!(
                out,
                " <span class=\"split\">({} agreed, {} disputed)</span>",
                t.agreed, t.disputed
            )?;
        }
        writeln!(out, "</td></tr>")?;
    }
    writeln!(out, "</tbody></table>")
}

fn card(
    f: &Finding,
    names: &SourceNames,
    rec: &Reconciliation,
    id: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (class, _) = verdict_style(f.verdict);
    writeln!(
        out,
        "<article class=\"card {class}\" id=\"{id}\" aria-labelledby=\"{id}-h\">\
         <header class=\"card-head\"><h3 id=\"{id}-h\">{}</h3>\
         <p class=\"key\"><code>{}</code> · {}{}</p></header>",
        Html(&f.label),
        Html(&f.key),
        f.kind.as_str(),
        // "count · count" says nothing; a unit is worth naming when it is not a plain count
        match &f.unit {
            crate::extract::Unit::Count => String::new(),
            u => format!(" · {}", Html(u.name())),
        }
    )?;
    write!(out, "<p class=\"verdict\">")?;
    badge(out, f.verdict, verdict_title_one(f.verdict))?;
    writeln!(
        out,
        " <span class=\"message\">{}</span></p>",
        Html(&f.message)
    )?;
    if let Some(s) = &f.suggested {
        write!(
            out,
            "<p class=\"suggest\"><span class=\"label\">Suggested</span> <strong>{}</strong>",
            Html(&with_unit(s.value, &f.unit))
        )?;
        if range_worth_showing(s.value, s.lower, s.upper) {
            write!(
                out,
                " <span class=\"range\">({})</span>",
                Html(&range_with_unit(s.lower, s.upper, &f.unit))
            )?;
        }
        // the reason can run to several clauses: it gets a line of its own under the value
        if !s.why.is_empty() {
            write!(out, " <span class=\"why\">{}</span>", Html(&s.why))?;
        }
        writeln!(out, "</p>")?;
    }
    write!(out, "<figure class=\"plot\">")?;
    plot::plot(f, names, &format!("{id}-p"), out)?;
    if matches!(
        f.verdict,
        Verdict::Conflict | Verdict::Agree | Verdict::SingleSource
    ) {
        if let Some(rel) = plot::relation(f) {
            write!(out, "<figcaption>{}</figcaption>", Html(&rel))?;
        }
    }
    writeln!(out, "</figure>")?;
    claims_table(f, names, rec, out)?;
    writeln!(out, "</article>")
}

/// The verdict in the singular, for one card.
fn verdict_title_one(v: Verdict) -> &'static str {
    match v {
        Verdict::Conflict => "Conflict",
        Verdict::PeriodConflict => "Period conflict",
        Verdict::Superseded => "Superseded",
        Verdict::Agree => "Agree",
        Verdict::SingleSource => "Single source",
    }
}

fn claims_table(
    f: &Finding,
    names: &SourceNames,
    rec: &Reconciliation,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "<table class=\"reflow claims\"><thead><tr>\
         <th scope=\"col\">Source</th><th scope=\"col\">As written</th>\
         <th scope=\"col\">Hedge</th><th scope=\"col\">Period</th><th scope=\"col\">Group</th>\
         <th scope=\"col\">Outlet</th><th scope=\"col\">Date</th><th scope=\"col\">Lang</th>\
         <th scope=\"col\">Line</th></tr></thead>"
    )?;
    for c in &f.claims {
        claim_rows(c, names, rec, out)?;
    }
    writeln!(out, "</table>")
}

fn claim_rows(
    c: &ComparedClaim,
    names: &SourceNames,
    rec: &Reconciliation,
    out: &mut dyn Write,
) -> io::Result<()> {
    let at = &c.claim.at;
    let src = rec.sources.iter().find(|s| s.id == at.source);
    let lang = src.map(|s| s.lang).unwrap_or("");
    let old = c.superseded_by.is_some();
    write!(
        out,
        "<tbody class=\"claim{}\"><tr><th scope=\"row\" data-label=\"Source\">{}</th>\
         <td data-label=\"As written\" class=\"written\">{}",
        if old { " old" } else { "" },
        Html(names.get(&at.source)),
        Html(&at.text)
    )?;
    if old {
        write!(out, " <span class=\"tag\">superseded</span>")?;
    }
    writeln!(
        out,
        "</td><td data-label=\"Hedge\">{}</td><td data-label=\"Period\">{}</td>\
         <td data-label=\"Group\"><span class=\"swatch c{}\"></span>{}</td>\
         <td data-label=\"Outlet\" class=\"outlet\">{}</td><td data-label=\"Date\" class=\"nowrap\">{}</td>\
         <td data-label=\"Lang\">{}</td><td data-label=\"Line\" class=\"nowrap\">{}:{}</td></tr>",
        hedge_words(at.mention.hedge),
        Html(
            &at.mention
                .period
                .map(|p| period_words(&p))
                .unwrap_or_else(|| "—".to_string())
        ),
        c.cluster % CLUSTER_COLOURS.len(),
        cluster_name(c.cluster),
        Html(src.and_then(|s| s.outlet).unwrap_or("—")),
        src.and_then(|s| s.published)
            .map(|d| d.to_string())
            .unwrap_or_else(|| "—".to_string()),
        Html(if lang.is_empty() { "—" } else { lang }),
        at.line,
        at.column
    )?;
    write!(out, "<tr class=\"quote\"><td colspan=\"9\">")?;
    quote(&at.sentence, &at.text, lang, false, out)?;
    writeln!(out, "</td></tr></tbody>")
}

/// The sentence with the figure marked; the `lang` attribute lets screen readers pronounce it.
/// A `<blockquote>`, or with `inline` a `<span class="quote">` for places that take only
/// phrasing content.
pub(crate) fn quote(
    sentence: &str,
    text: &str,
    lang: &str,
    inline: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let tag = if inline { "span" } else { "blockquote" };
    let class = if inline { " class=\"quote\"" } else { "" };
    if lang.is_empty() {
        write!(out, "<{tag}{class}>")?;
    } else {
        write!(out, "<{tag}{class} lang=\"{}\">", Html(lang))?;
    }
    let needle = one_line(text);
    match sentence
        .find(needle.as_str())
        .filter(|_| !needle.is_empty())
    {
        Some(i) => {
            // `find` returns a char boundary and `needle` is whole, so both slices are valid
            let (before, rest) = sentence.split_at(i);
            let (hit, after) = rest.split_at(needle.len());
            write!(
                out,
                "{}<mark>{}</mark>{}",
                Html(before),
                Html(hit),
                Html(after)
            )?;
        }
        None => write!(out, "{}", Html(sentence))?,
    }
    write!(out, "</{tag}>")
}

fn unmapped(rec: &Reconciliation, names: &SourceNames, out: &mut dyn Write) -> io::Result<()> {
    let more = more_not_listed(rec.not_listed.unmapped, "--max-unmapped");
    if rec.unmapped.is_empty() && more.is_none() {
        return Ok(());
    }
    writeln!(
        out,
        "<section class=\"card plain\" aria-labelledby=\"unmapped\">\
         <h2 id=\"unmapped\">Unmapped figures ({})</h2>\
         <p>Figures no rule placed under a key. Each may be a claim the rules do not know yet.</p>\
         <table class=\"reflow\"><thead><tr><th scope=\"col\">Where</th>\
         <th scope=\"col\">Figure</th><th scope=\"col\">Note</th></tr></thead>",
        rec.unmapped.len() + rec.not_listed.unmapped
    )?;
    for u in &rec.unmapped {
        let lang = rec
            .sources
            .iter()
            .find(|s| s.id == u.at.source)
            .map(|s| s.lang)
            .unwrap_or("");
        write!(
            out,
            "<tbody><tr><th scope=\"row\" data-label=\"Where\">{}:{}:{}</th>\
             <td data-label=\"Figure\" class=\"written\">{}</td><td data-label=\"Note\" class=\"note\">",
            Html(names.get(&u.at.source)),
            u.at.line,
            u.at.column,
            Html(&u.at.text)
        )?;
        if !u.ambiguous.is_empty() {
            write!(out, "ambiguous between ")?;
            for (i, k) in u.ambiguous.iter().enumerate() {
                if i > 0 {
                    write!(out, ", ")?;
                }
                write!(out, "<code>{}</code>", Html(k))?;
            }
        } else if let Some((key, why)) = &u.closest {
            write!(out, "closest key <code>{}</code>: {}", Html(key), Html(why))?;
        } else {
            write!(out, "—")?;
        }
        write!(out, "</td></tr><tr class=\"quote\"><td colspan=\"3\">")?;
        quote(&u.at.sentence, &u.at.text, lang, false, out)?;
        writeln!(out, "</td></tr></tbody>")?;
    }
    write!(out, "</table>")?;
    more_line(more, out)?;
    writeln!(out, "</section>")
}

/// `<p class="more">4,123 more not listed …</p>` under a list cut at its limit.
fn more_line(more: Option<String>, out: &mut dyn Write) -> io::Result<()> {
    match more {
        Some(more) => writeln!(out, "<p class=\"more\">{}</p>", Html(&more)),
        None => Ok(()),
    }
}

fn copies(rec: &Reconciliation, names: &SourceNames, out: &mut dyn Write) -> io::Result<()> {
    if rec.copies.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section class=\"card plain\" aria-labelledby=\"copies\">\
         <h2 id=\"copies\">Likely copies ({})</h2>\
         <p>Sources that share most of their figures may come from one origin; they are not \
         independent confirmation of each other.</p><ul>",
        rec.copies.len()
    )?;
    for c in &rec.copies {
        writeln!(
            out,
            "<li><strong class=\"copy\">{}</strong> <span class=\"why\">{}</span></li>",
            Html(&copy_headline(c, names)),
            Html(&c.why)
        )?;
    }
    writeln!(out, "</ul></section>")
}

fn warnings(rec: &Reconciliation, names: &SourceNames, out: &mut dyn Write) -> io::Result<()> {
    let more = more_not_listed(rec.not_listed.warnings, "--max-unmapped");
    if rec.warnings.is_empty() && more.is_none() {
        return Ok(());
    }
    writeln!(
        out,
        "<section class=\"card plain\" aria-labelledby=\"warnings\">\
         <h2 id=\"warnings\">Warnings ({})</h2><ul>",
        rec.warnings.len() + rec.not_listed.warnings
    )?;
    for w in &rec.warnings {
        writeln!(
            out,
            "<li><code>{}:{}:{}</code> {}</li>",
            Html(names.get(&w.source)),
            w.line,
            w.column,
            Html(&w.message)
        )?;
    }
    write!(out, "</ul>")?;
    more_line(more, out)?;
    writeln!(out, "</section>")
}

fn ignored(rec: &Reconciliation, names: &SourceNames, out: &mut dyn Write) -> io::Result<()> {
    let more = more_not_listed(rec.not_listed.ignored, "--max-ignored");
    if rec.ignored.is_empty() && more.is_none() {
        return Ok(());
    }
    writeln!(
        out,
        "<section class=\"card plain\" aria-labelledby=\"ignored\">\
         <h2 id=\"ignored\">Ignored numbers ({})</h2>\
         <details><summary>Years, dates, ordinals and other numbers that are not quantities\
         </summary><ul>",
        rec.ignored.len() + rec.not_listed.ignored
    )?;
    for i in &rec.ignored {
        writeln!(
            out,
            "<li><code>{}:{}:{}</code> {} <span class=\"tag\">{}</span></li>",
            Html(names.get(&i.at.source)),
            i.at.line,
            i.at.column,
            Html(&i.at.text),
            i.reason.as_str()
        )?;
    }
    write!(out, "</ul></details>")?;
    more_line(more, out)?;
    writeln!(out, "</section>")
}
