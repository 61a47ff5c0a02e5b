//! The Markdown report: GitHub-flavoured tables to paste into a ticket or a PR comment. One
//! table per verdict, in the model's order (conflicts first); each row is a key with every
//! source's figure as written, its hedge and period, and `source:line`; then unmapped figures,
//! likely copies (each naming its origin) and warnings. The as-of date (`--as-of`) opens the
//! report and learned trust (`--learn-trust`) follows the sources. Every string from a source, a rule or a path goes through
//! [`super::escape::markdown`], so no cell can break its table or slip raw HTML into the page.

use std::io::{self, Write};

use crate::compare::{Finding, Reconciliation};
use crate::render::escape::{markdown as md, markdown_code as code};
use crate::render::more_not_listed;
use crate::render::present::{
    copy_headline, hedge_words, period_words, range_with_unit, range_worth_showing, trust_words,
    verdict_count, verdict_title, with_unit, Outlets, SourceNames, VERDICTS,
};

pub fn report(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    let mut out = HeldNewlines { out, held: 0 };
    sections(rec, &mut out)?;
    out.finish()
}

/// A writer that hands text on as it comes but holds back the newlines at its end until more
/// text follows. Sections end with a blank line, and the file must end with exactly one
/// newline: holding the last newlines back does that while the report streams, where
/// buffering the whole report to trim its end held all of it (4.4 MB, and 9 MB more peak RSS,
/// for 44,000 sources).
struct HeldNewlines<'w> {
    out: &'w mut dyn Write,
    /// Newlines written but not yet handed on.
    held: usize,
}

impl HeldNewlines<'_> {
    /// End the text with one newline, whatever number it ended with.
    fn finish(self) -> io::Result<()> {
        self.out.write_all(b"\n")
    }
}

impl Write for HeldNewlines<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match buf.iter().rposition(|&b| b != b'\n') {
            None => self.held += buf.len(),
            Some(last) => {
                const NEWLINES: [u8; 16] = [b'\n'; 16];
                while self.held > 0 {
                    let n = self.held.min(NEWLINES.len());
                    self.out.write_all(&NEWLINES[..n])?;
                    self.held -= n;
                }
                self.out.write_all(&buf[..=last])?;
                self.held = buf.len() - 1 - last;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

fn sections(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    let names = SourceNames::new(rec.sources.iter().map(|s| s.id));
    writeln!(out, "# Reconciliation report")?;
    writeln!(out)?;
    if let Some(d) = rec.as_of {
        writeln!(
            out,
            "**As of {d}**: the corpus as it stood that day; sources published later and \
             figures dated later are left out."
        )?;
        writeln!(out)?;
    }
    summary(rec, out)?;
    sources(rec, &names, out)?;
    trust(rec, &names, out)?;
    for verdict in VERDICTS {
        let findings: Vec<&Finding> = rec
            .findings
            .iter()
            .filter(|f| f.verdict == verdict)
            .collect();
        if findings.is_empty() {
            continue;
        }
        writeln!(out, "## {} ({})", verdict_title(verdict), findings.len())?;
        writeln!(out)?;
        writeln!(out, "| key | claims | message | suggested |")?;
        writeln!(out, "|---|---|---|---|")?;
        for f in findings {
            finding_row(f, &names, out)?;
        }
        writeln!(out)?;
    }
    unmapped(rec, &names, out)?;
    copies(rec, &names, out)?;
    warnings(rec, &names, out)
}

fn summary(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    let s = &rec.stats;
    let by_verdict: Vec<String> = VERDICTS
        .iter()
        .filter_map(|&v| {
            let n = rec.findings.iter().filter(|f| f.verdict == v).count();
            (n > 0).then(|| verdict_count(v, n))
        })
        .collect();
    write!(
        out,
        "{} sources, {} figures ({} mapped, {} unmapped, {} ignored), {} keys",
        s.sources,
        s.mentions,
        s.mapped,
        s.unmapped,
        s.ignored,
        rec.findings.len()
    )?;
    if by_verdict.is_empty() {
        writeln!(out, ".")?;
    } else {
        writeln!(out, ": {}.", by_verdict.join(", "))?;
    }
    writeln!(out)
}

fn sources(rec: &Reconciliation, names: &SourceNames, out: &mut dyn Write) -> io::Result<()> {
    if rec.sources.is_empty() {
        return Ok(());
    }
    writeln!(out, "| source | outlet | published | lang | path |")?;
    writeln!(out, "|---|---|---|---|---|")?;
    for s in &rec.sources {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md(names.get(s.id)),
            md(s.outlet.unwrap_or("")),
            s.published.map(|d| d.to_string()).unwrap_or_default(),
            md(s.lang),
            md(s.path),
        )?;
    }
    writeln!(out)
}

/// Learned trust per source (`report --learn-trust`), beside the manifest's prior.
fn trust(rec: &Reconciliation, names: &SourceNames, out: &mut dyn Write) -> io::Result<()> {
    if rec.trust.is_empty() {
        return Ok(());
    }
    let iterations = rec.trust.first().map(|t| t.iterations).unwrap_or(0);
    writeln!(out, "### Learned trust")?;
    writeln!(out)?;
    writeln!(
        out,
        "How often each source's figures agree with what other, independent origins say about \
         the same thing (0 to 1, settled after {iterations} {}); copies of one story count as \
         one origin. An untested source shares no figure with another origin: it keeps its \
         prior, or gets the mean of the tested sources.",
        if iterations == 1 { "round" } else { "rounds" }
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "| source | outlet | prior trust | learned trust | figures others state | agreed | disputed |"
    )?;
    writeln!(out, "|---|---|--:|--:|--:|--:|--:|")?;
    let outlets = Outlets::of(rec);
    for t in &rec.trust {
        let outlet = outlets.get(&t.source).unwrap_or("");
        writeln!(
            out,
            "| {} | {} | {} | **{}**{} | {} | {} | {} |",
            md(names.get(&t.source)),
            md(outlet),
            t.prior.map(trust_words).unwrap_or_else(|| "—".to_string()),
            trust_words(t.learned),
            if t.facts == 0 { " (untested)" } else { "" },
            t.facts,
            t.agreed,
            t.disputed
        )?;
    }
    writeln!(out)
}

fn finding_row(f: &Finding, names: &SourceNames, out: &mut dyn Write) -> io::Result<()> {
    let claims: Vec<String> = f
        .claims
        .iter()
        .map(|c| {
            let at = &c.claim.at;
            let mut notes = vec![hedge_words(at.mention.hedge).to_string()];
            if let Some(p) = at.mention.period {
                notes.push(md(&period_words(&p)));
            }
            if c.superseded_by.is_some() {
                notes.push("superseded".to_string());
            }
            format!(
                "{} _({})_ — {}:{}",
                md(&at.text),
                notes.join(", "),
                md(names.get(&at.source)),
                at.line
            )
        })
        .collect();
    let suggested = match &f.suggested {
        None => "—".to_string(),
        Some(s) => {
            let mut cell = format!("**{}**", md(&with_unit(s.value, &f.unit)));
            if range_worth_showing(s.value, s.lower, s.upper) {
                cell.push_str(&format!(
                    " ({})",
                    md(&range_with_unit(s.lower, s.upper, &f.unit))
                ));
            }
            if !s.why.is_empty() {
                cell.push_str(&format!(" — {}", md(&s.why)));
            }
            cell
        }
    };
    writeln!(
        out,
        "| **{}**<br>{} | {} | {} | {} |",
        md(&f.label),
        code(&f.key),
        claims.join("<br>"),
        md(&f.message),
        suggested
    )
}

fn unmapped(rec: &Reconciliation, names: &SourceNames, out: &mut dyn Write) -> io::Result<()> {
    let more = more_not_listed(rec.not_listed.unmapped, "--max-unmapped");
    if rec.unmapped.is_empty() && more.is_none() {
        return Ok(());
    }
    writeln!(
        out,
        "## Unmapped figures ({})",
        rec.unmapped.len() + rec.not_listed.unmapped
    )?;
    writeln!(out)?;
    writeln!(out, "| where | figure | sentence | note |")?;
    writeln!(out, "|---|---|---|---|")?;
    for u in &rec.unmapped {
        let note = if !u.ambiguous.is_empty() {
            let keys: Vec<String> = u.ambiguous.iter().map(|k| code(k)).collect();
            format!("ambiguous: {}", keys.join(", "))
        } else if let Some((key, why)) = &u.closest {
            format!("closest: {} ({})", code(key), md(why))
        } else {
            String::new()
        };
        writeln!(
            out,
            "| {}:{} | {} | {} | {} |",
            md(names.get(&u.at.source)),
            u.at.line,
            md(&u.at.text),
            md(&u.at.sentence),
            note
        )?;
    }
    writeln!(out)?;
    if let Some(more) = more {
        // Our own words: counts and flags, nothing from a source.
        writeln!(out, "{more}")?;
        writeln!(out)?;
    }
    Ok(())
}

fn copies(rec: &Reconciliation, names: &SourceNames, out: &mut dyn Write) -> io::Result<()> {
    if rec.copies.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Likely copies ({})", rec.copies.len())?;
    writeln!(out)?;
    for c in &rec.copies {
        writeln!(
            out,
            "- **{}** — {}",
            md(&copy_headline(c, names)),
            md(&c.why)
        )?;
    }
    writeln!(out)
}

fn warnings(rec: &Reconciliation, names: &SourceNames, out: &mut dyn Write) -> io::Result<()> {
    let more = more_not_listed(rec.not_listed.warnings, "--max-unmapped");
    if rec.warnings.is_empty() && more.is_none() {
        return Ok(());
    }
    writeln!(
        out,
        "## Warnings ({})",
        rec.warnings.len() + rec.not_listed.warnings
    )?;
    writeln!(out)?;
    for w in &rec.warnings {
        writeln!(
            out,
            "- {}:{}:{}: {}",
            md(names.get(&w.source)),
            w.line,
            w.column,
            md(&w.message)
        )?;
    }
    writeln!(out)?;
    if let Some(more) = more {
        // Our own words: counts and flags, nothing from a source.
        writeln!(out, "{more}")?;
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Streamed in any pieces, the text comes out as the whole text trimmed of its final
        /// newlines and ended with one, as the report was when it was buffered whole.
        #[test]
        fn held_newlines_end_the_text_as_trimming_the_whole_did(
            pieces in proptest::collection::vec("[a\n|]{0,6}", 0..12),
        ) {
            let whole = pieces.concat();
            let mut want = whole.trim_end_matches('\n').to_string();
            want.push('\n');
            let mut got = Vec::new();
            let mut out = HeldNewlines { out: &mut got, held: 0 };
            for p in &pieces {
                out.write_all(p.as_bytes()).unwrap();
            }
            out.finish().unwrap();
            prop_assert_eq!(String::from_utf8(got).unwrap(), want);
        }
    }
}
