//! The editor's table: every figure of the draft in reading order, with its sentence, the
//! verdict, and each source's figure and words, so a fact-checker decides without opening the
//! sources. Figures silenced by a human are shown with the reason, not hidden.

use std::io::{self, Write};

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use super::{by_position, clip, summary};
use crate::check::{DraftFinding, Quiet, Relation};
use crate::compare::{figure, short_id};

pub fn write(findings: &[DraftFinding], out: &mut dyn Write) -> io::Result<()> {
    let ordered = by_position(findings);
    for group in ordered.chunk_by(|a, b| a.path == b.path) {
        writeln!(out, "{}", group[0].path)?;
        writeln!(out, "{}", draft_table(group))?;
    }
    writeln!(
        out,
        "{}; {}",
        super::plural(findings.len(), "figure"),
        summary(findings)
    )
}

fn draft_table(findings: &[&DraftFinding]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(160)
        .set_header(vec![
            "where",
            "draft says",
            "figure",
            "verdict",
            "sources say",
        ]);
    for f in findings {
        let mut verdict = f.verdict.as_str().to_string();
        if let Some(k) = &f.key {
            verdict.push_str(&format!("\n{k}"));
        }
        match &f.quiet {
            Some(Quiet::InSource { reason, .. }) => {
                verdict.push_str(&format!("\nsilenced: {}", clip(reason, 80)))
            }
            Some(Quiet::Baseline) => verdict.push_str("\nsilenced: in the baseline"),
            None => {}
        }
        let mut sources: Vec<String> = f
            .sources
            .iter()
            .map(|e| {
                let at = &e.claim.claim.at;
                let mark = match (e.relation, e.agrees) {
                    (Relation::Speaks, true) => "agrees",
                    (Relation::Speaks, false) => "disagrees",
                    (Relation::OtherPeriod, _) => "other period",
                    (Relation::Replaced, _) => "replaced",
                };
                let period = at
                    .mention
                    .period
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default();
                format!(
                    "{} {}:{} [{mark}] {}{period}: \"{}\"",
                    short_id(&at.source),
                    at.line,
                    at.column,
                    figure(&e.claim),
                    clip(&at.sentence, 160)
                )
            })
            .collect();
        if sources.is_empty() {
            sources.push(clip(&f.message, 160));
        }
        let period = f
            .draft
            .mention
            .period
            .map(|p| format!("\n({p})"))
            .unwrap_or_default();
        table.add_row(vec![
            format!("{}:{}", f.draft.line, f.draft.column),
            clip(&f.draft.sentence, 240),
            format!("{}{period}", f.figure()),
            verdict,
            sources.join("\n"),
        ]);
    }
    table
}
