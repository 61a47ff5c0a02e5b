//! The terminal table: one row per key, each source's figure with hedge, period and line,
//! and the verdict. Conflicts come first because the model is already in that order.

use std::io::{self, Write};

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use crate::compare::{short_id as short, Reconciliation};
use crate::text::neutralize_controls;

pub fn report(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(140)
        .set_header(vec!["verdict", "key", "claims (source:line)", "message"]);
    for f in &rec.findings {
        let claims = f
            .claims
            .iter()
            .map(|c| {
                let at = &c.claim.at;
                let mut s = format!(
                    "{} {}:{}",
                    neutralize_controls(&at.text),
                    short(&at.source),
                    at.line
                );
                if at.mention.hedge != crate::extract::Hedge::Exact {
                    s.push_str(&format!(" [{}]", at.mention.hedge.as_str()));
                }
                if let Some(p) = at.mention.period {
                    s.push_str(&format!(" ({p})"));
                }
                s
            })
            .collect::<Vec<_>>()
            .join("\n");
        table.add_row(vec![
            f.verdict.as_str().to_string(),
            format!("{}\n{}", f.key, neutralize_controls(&f.label)),
            claims,
            neutralize_controls(&f.message),
        ]);
    }
    writeln!(out, "{table}")?;
    let s = &rec.stats;
    writeln!(
        out,
        "{} sources, {} figures: {} mapped, {} unmapped, {} ignored",
        s.sources, s.mentions, s.mapped, s.unmapped, s.ignored
    )
}

/// The section `report --discover` appends: candidate keys, values that disagree first.
pub fn candidates(cands: &[crate::discover::Candidate], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    if cands.is_empty() {
        return writeln!(
            out,
            "no candidate keys: no unmapped figure looks like the same quantity in two sources"
        );
    }
    writeln!(
        out,
        "candidate keys: unmapped figures that look like one quantity across sources"
    )?;
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(140)
        .set_header(vec![
            "values",
            "candidate key",
            "figures (source:line)",
            "message",
        ]);
    for c in cands {
        let figures = c
            .figures
            .iter()
            .map(|f| {
                let mut s = format!(
                    "{} {}:{}",
                    neutralize_controls(&f.text),
                    short(&f.source),
                    f.line
                );
                if f.hedge != crate::extract::Hedge::Exact {
                    s.push_str(&format!(" [{}]", f.hedge.as_str()));
                }
                if let Some(p) = f.period {
                    s.push_str(&format!(" ({p})"));
                }
                s
            })
            .collect::<Vec<_>>()
            .join("\n");
        table.add_row(vec![
            c.verdict.as_str().to_string(),
            format!(
                "{}\n{}\n{} · {}",
                c.id,
                neutralize_controls(&c.label),
                c.unit,
                c.kind.as_str()
            ),
            figures,
            neutralize_controls(&c.message),
        ]);
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "{} candidate key{}; `reconcile rules suggest PATH` prints a rule stub for each",
        cands.len(),
        if cands.len() == 1 { "" } else { "s" }
    )
}
