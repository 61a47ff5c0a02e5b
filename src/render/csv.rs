//! The csv report.

use std::io::{self, Write};

use crate::compare::Reconciliation;

pub fn report(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    let _ = rec;
    writeln!(out, "csv report: not written yet")
}
