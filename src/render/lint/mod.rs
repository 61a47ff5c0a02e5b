//! Renderers for a checked draft: one file per format, all reading the same
//! [`DraftFinding`]s and writing to any `io::Write`. `table` is the editor's view (every
//! figure, quiet ones marked); `human`, `github` and `sarif` are CI's; `json` serves both.
//! They only show what `check` decided; which findings reach them (every figure, or only
//! those worth a warning; only changed lines) is the caller's choice.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod table;

use std::io::{self, Write};

use crate::check::DraftFinding;
use crate::compare::Severity;

/// Output formats of `check` and `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintFormat {
    Table,
    Human,
    Json,
    Github,
    Sarif,
}

impl LintFormat {
    pub const NAMES: &'static str = "table, human, json, github or sarif";

    pub fn parse(s: &str) -> Option<LintFormat> {
        Some(match s {
            "table" => LintFormat::Table,
            "human" => LintFormat::Human,
            "json" => LintFormat::Json,
            "github" => LintFormat::Github,
            "sarif" => LintFormat::Sarif,
            _ => return None,
        })
    }
}

/// Render `findings` in `format`.
pub fn write(findings: &[DraftFinding], format: LintFormat, out: &mut dyn Write) -> io::Result<()> {
    // Terminal formats are rendered whole, then cleared of control characters: paths and
    // source ids come from file names, which may hold an escape like any article text.
    let terminal = |render: fn(&[DraftFinding], &mut dyn Write) -> io::Result<()>,
                    out: &mut dyn Write| {
        let mut buf = Vec::new();
        render(findings, &mut buf)?;
        let text = String::from_utf8_lossy(&buf);
        out.write_all(crate::text::neutralize_lines(&text).as_bytes())
    };
    match format {
        LintFormat::Table => terminal(table::write, out),
        LintFormat::Human => terminal(human::write, out),
        LintFormat::Json => json::write(findings, out),
        LintFormat::Github => terminal(github::write, out),
        LintFormat::Sarif => sarif::write(findings, out),
    }
}

/// `2 errors, 1 warning` with quiet findings counted apart; empty when there is nothing.
pub fn summary(findings: &[DraftFinding]) -> String {
    let loud = findings.iter().filter(|f| f.quiet.is_none());
    let (mut errors, mut warnings) = (0, 0);
    for f in loud {
        match f.severity() {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Info => {}
        }
    }
    let quiet = findings.iter().filter(|f| f.quiet.is_some()).count();
    let mut parts = Vec::new();
    if errors > 0 || warnings > 0 || quiet == 0 {
        parts.push(format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ));
    }
    if quiet > 0 {
        parts.push(format!("{} silenced by a human", plural(quiet, "finding")));
    }
    parts.join("; ")
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Shorten `s` to at most `max` characters, on a character boundary, marking the cut.
pub(crate) fn clip(s: &str, max: usize) -> String {
    let s = crate::text::neutralize_controls(s);
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Findings in reading order: by path, then line and column.
pub(crate) fn by_position(findings: &[DraftFinding]) -> Vec<&DraftFinding> {
    let mut v: Vec<&DraftFinding> = findings.iter().collect();
    v.sort_by(|a, b| {
        (&a.path, a.draft.line, a.draft.column, &a.key).cmp(&(
            &b.path,
            b.draft.line,
            b.draft.column,
            &b.key,
        ))
    });
    v
}
