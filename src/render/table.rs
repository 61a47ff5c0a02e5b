//! The terminal table: one row per key, each source's figure with hedge, period and line,
//! and the verdict. Conflicts come first because the model is already in that order.

use std::io::{self, Write};

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use crate::compare::{short_id as short, Reconciliation};
use crate::text::{neutralize_controls, neutralize_lines};

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
    writeln!(out, "{}", neutralize_lines(&table.to_string()))?;
    let s = &rec.stats;
    writeln!(
        out,
        "{} sources, {} figures: {} mapped, {} unmapped, {} ignored",
        s.sources, s.mentions, s.mapped, s.unmapped, s.ignored
    )
}
