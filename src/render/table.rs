//! The terminal table: one row per key, each source's figure with hedge, period and line,
//! the verdict, and the suggested figure with its reason. Conflicts come first because the
//! model is already in that order. Below it: likely copies, learned trust (`--learn-trust`),
//! derived checks of declared relations, and the accounting.

use std::io::{self, Write};

use comfy_table::{
    presets::UTF8_FULL_CONDENSED, Attribute, Cell, Color, ContentArrangement, Table,
};

use super::present::{bounds, with_unit, Outlets};
use crate::compare::{short_id as short, Finding, Reconciliation};
use crate::text::{neutralize_controls, neutralize_lines};

/// How the table is drawn for a terminal. The default (no colour, 140 columns) is what files,
/// pipes and tests get, so their output never depends on the terminal it was made in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Colour the verdicts (`--color`, `NO_COLOR`); never on unless asked or on a terminal.
    pub color: bool,
    /// Table width in columns.
    pub width: u16,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 140,
        }
    }
}

pub fn report(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    report_styled(rec, Style::default(), out)
}

fn verdict_cell(f: &Finding, color: bool) -> Cell {
    let cell = Cell::new(f.verdict.as_str());
    if !color {
        return cell;
    }
    use crate::compare::Verdict;
    let fg = match f.verdict {
        Verdict::Conflict => Color::Red,
        Verdict::PeriodConflict => Color::Yellow,
        Verdict::Superseded => Color::Blue,
        Verdict::Agree => Color::Green,
        Verdict::SingleSource => Color::Grey,
    };
    cell.fg(fg).add_attribute(Attribute::Bold)
}

/// The table with a terminal's width and, when asked, coloured verdicts.
pub fn report_styled(rec: &Reconciliation, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let mut table = Table::new();
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(vec![
            "verdict",
            "key",
            "claims (source:line)",
            "message, suggested figure and why",
        ]);
    for f in &rec.findings {
        let claims = f
            .claims
            .iter()
            .map(|c| {
                let at = &c.claim.at;
                let mut s = format!(
                    "{} {}:{}",
                    neutralize_controls(&at.text),
                    neutralize_controls(short(&at.source)),
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
            verdict_cell(f, style.color),
            Cell::new(format!("{}\n{}", f.key, neutralize_controls(&f.label))),
            Cell::new(claims),
            Cell::new(message_cell(f)),
        ]);
    }
    writeln!(out, "{table}")?;
    copies(rec, out)?;
    trust(rec, out)?;
    derived(rec, out)?;
    let s = &rec.stats;
    let when = rec.as_of.map(|d| format!(" as of {d}")).unwrap_or_default();
    writeln!(
        out,
        "{} sources{when}, {} figures: {} mapped, {} unmapped, {} ignored",
        s.sources, s.mentions, s.mapped, s.unmapped, s.ignored
    )?;
    match crate::render::not_listed_line(&rec.not_listed) {
        Some(line) => writeln!(out, "{line}"),
        None => Ok(()),
    }
}

/// Derived checks, one line each: `consistent  kz_tr_relations_established (000): …`.
fn derived(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    if rec.derived.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "derived checks (figures that must fit a declared relation):"
    )?;
    for d in &rec.derived {
        writeln!(
            out,
            "  {:<12} {} ({}): {}",
            d.verdict.as_str(),
            d.key,
            short(&d.source),
            neutralize_controls(&d.message)
        )?;
    }
    Ok(())
}

/// The message, then `→ suggested 3,538 (3,467–3,609): why`.
fn message_cell(f: &Finding) -> String {
    let mut cell = neutralize_controls(&f.message);
    if let Some(s) = &f.suggested {
        cell.push_str(&format!("\n→ suggested {}", with_unit(s.value, &f.unit)));
        if s.lower != s.upper {
            cell.push_str(&format!(" ({})", bounds(s.lower, s.upper)));
        }
        if !s.why.is_empty() {
            cell.push_str(&format!(": {}", neutralize_controls(&s.why)));
        }
    }
    cell
}

fn copies(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    if rec.copies.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "likely copies of one origin (not independent confirmation of each other):"
    )?;
    for c in &rec.copies {
        let ids: Vec<&str> = c.sources.iter().map(|s| short(s)).collect();
        writeln!(
            out,
            "  {}: {}",
            neutralize_controls(&ids.join(", ")),
            neutralize_controls(&c.why)
        )?;
    }
    Ok(())
}

fn trust(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    if rec.trust.is_empty() {
        return Ok(());
    }
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(140)
        .set_header(vec![
            "source", "outlet", "prior", "learned", "figures", "agreed", "disputed",
        ]);
    let outlets = Outlets::of(rec);
    for t in &rec.trust {
        let outlet = outlets.get(&t.source).unwrap_or("");
        table.add_row(vec![
            neutralize_controls(short(&t.source)),
            neutralize_controls(outlet),
            t.prior
                .map(|p| format!("{p:.2}"))
                .unwrap_or_else(|| "—".into()),
            format!("{:.3}", t.learned),
            t.facts.to_string(),
            t.agreed.to_string(),
            t.disputed.to_string(),
        ]);
    }
    let iterations = rec.trust.first().map(|t| t.iterations).unwrap_or(0);
    writeln!(
        out,
        "learned trust (agreement with other origins, {iterations} iterations; figures = those another origin also states):"
    )?;
    writeln!(out, "{}", neutralize_lines(&table.to_string()))
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
                    neutralize_controls(short(&f.source)),
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
                neutralize_controls(&c.id),
                neutralize_controls(&c.label),
                c.unit,
                c.kind.as_str()
            ),
            figures,
            neutralize_controls(&c.message),
        ]);
    }
    writeln!(out, "{}", neutralize_lines(&table.to_string()))?;
    writeln!(
        out,
        "{} candidate key{}; `reconcile rules suggest PATH` prints a rule stub for each",
        cands.len(),
        if cands.len() == 1 { "" } else { "s" }
    )
}
