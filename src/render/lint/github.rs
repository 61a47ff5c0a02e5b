//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,endColumn=…::message`, which
//! GitHub shows as annotations on the pull request's diff. GitHub shows at most ten error and
//! ten warning annotations a step, so errors come first, and past ten of a kind the rest are
//! printed as plain lines in the log with a notice that says how many were not annotated.

use std::io::{self, Write};

use super::{clip, plural, summary};
use crate::check::DraftFinding;
use crate::compare::{short_id, Severity};

/// GitHub's limit of annotations per kind and step.
pub const ANNOTATIONS_PER_KIND: usize = 10;

pub fn write(findings: &[DraftFinding], out: &mut dyn Write) -> io::Result<()> {
    let mut loud: Vec<&DraftFinding> = findings.iter().filter(|f| f.quiet.is_none()).collect();
    loud.sort_by(|a, b| {
        (a.severity(), &a.path, a.draft.line, a.draft.column).cmp(&(
            b.severity(),
            &b.path,
            b.draft.line,
            b.draft.column,
        ))
    });
    let (mut errors, mut warnings, mut notices) = (0, 0, 0);
    let mut overflow: Vec<&DraftFinding> = Vec::new();
    for f in loud {
        let count = match f.severity() {
            Severity::Error => &mut errors,
            Severity::Warning => &mut warnings,
            Severity::Info => &mut notices,
        };
        *count += 1;
        if *count > ANNOTATIONS_PER_KIND {
            overflow.push(f);
        } else {
            annotation(f, out)?;
        }
    }
    for f in &overflow {
        super::human::line(f, out)?;
    }
    if !overflow.is_empty() {
        writeln!(
            out,
            "::notice title=reconcile::{}",
            escape_data(&format!(
                "{}; GitHub shows at most {ANNOTATIONS_PER_KIND} annotations of each kind a step, \
                 so {} listed in the log only",
                summary(findings),
                if overflow.len() == 1 {
                    "1 finding is".to_string()
                } else {
                    format!("{} are", plural(overflow.len(), "finding"))
                }
            ))
        )?;
    }
    Ok(())
}

fn annotation(f: &DraftFinding, out: &mut dyn Write) -> io::Result<()> {
    let command = match f.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let key = f.key.as_deref().unwrap_or("unmapped");
    let mut message = clip(&f.message, 400);
    for e in f.disagreeing() {
        let at = &e.claim.claim.at;
        message.push_str(&format!(
            "\n{} ({}:{}) says \"{}\": {}",
            short_id(&at.source),
            e.path,
            at.line,
            clip(&at.text, 80),
            clip(&at.sentence, 200)
        ));
    }
    let end_column = if f.draft.end_line == f.draft.line {
        format!(",endColumn={}", f.draft.end_column)
    } else {
        format!(
            ",endLine={},endColumn={}",
            f.draft.end_line, f.draft.end_column
        )
    };
    writeln!(
        out,
        "::{command} file={},line={},col={}{end_column},title={}::{}",
        escape_property(&f.path),
        f.draft.line,
        f.draft.column,
        escape_property(&format!("reconcile {}: {key}", f.verdict.as_str())),
        escape_data(&message)
    )
}

/// Escape a command's message: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_values_cannot_break_out() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
    }
}
