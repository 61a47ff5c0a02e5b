//! The markdown report.

use std::io::{self, Write};

use crate::compare::Reconciliation;

pub fn report(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    let _ = rec;
    writeln!(out, "markdown report: not written yet")
}
