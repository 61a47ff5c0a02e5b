//! `path:line:col: error: message [key]`, the line compilers print, so editors and terminals
//! jump to it; each source that disagrees follows as a `note:` at its own location.

use std::io::{self, Write};

use super::{by_position, clip, summary};
use crate::check::DraftFinding;
use crate::compare::short_id;

pub fn write(findings: &[DraftFinding], out: &mut dyn Write) -> io::Result<()> {
    let mut any = false;
    for f in by_position(findings) {
        if f.quiet.is_some() {
            continue;
        }
        any = true;
        line(f, out)?;
    }
    if any || findings.iter().any(|f| f.quiet.is_some()) {
        writeln!(out, "{}", summary(findings))?;
    }
    Ok(())
}

/// One finding and its notes.
pub(crate) fn line(f: &DraftFinding, out: &mut dyn Write) -> io::Result<()> {
    let key = f.key.as_deref().unwrap_or("unmapped");
    writeln!(
        out,
        "{}:{}:{}: {}: {} [{}: {key}]",
        f.path,
        f.draft.line,
        f.draft.column,
        f.severity().as_str(),
        clip(&f.message, 400),
        f.verdict.as_str()
    )?;
    for e in f.disagreeing() {
        let at = &e.claim.claim.at;
        writeln!(
            out,
            "{}:{}:{}: note: {} says \"{}\": {}",
            e.path,
            at.line,
            at.column,
            short_id(&at.source),
            clip(&at.text, 80),
            clip(&at.sentence, 200)
        )?;
    }
    Ok(())
}
