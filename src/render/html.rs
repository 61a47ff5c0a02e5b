//! The html report.

use std::io::{self, Write};

use crate::compare::Reconciliation;

pub fn report(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    let _ = rec;
    writeln!(out, "html report: not written yet")
}
