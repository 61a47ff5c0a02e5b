//! The CSV report: one record per claim, for a spreadsheet. Columns:
//! `key,verdict,source,value,unit,hedge,lower,upper,period,line,column,quote`, header first,
//! in the model's order (conflicts first). `lower`/`upper` are the claim's interval (empty when
//! unbounded), `quote` is its sentence. Unmapped figures follow with an empty key and the verdict
//! `unmapped`, so a spreadsheet sees every figure we could not place, not just the claims.
//! When the report lists only the first unmapped figures (`--max-unmapped`), a last record
//! with the verdict `not_listed` gives how many more there are as its `value`, and how to see
//! them as its `quote`.
//!
//! Written by hand to RFC 4180: records end with CRLF (as the RFC says, and as spreadsheets
//! expect), fields are quoted only when they hold a comma, quote or line break. Numbers are
//! plain (`2500000000`), never grouped, so they sort and sum. Text that a spreadsheet would
//! run as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::compare::Reconciliation;
use crate::normalize::Located;
use crate::render::escape::csv_text;

pub const HEADER: [&str; 12] = [
    "key", "verdict", "source", "value", "unit", "hedge", "lower", "upper", "period", "line",
    "column", "quote",
];

pub fn report(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    record(out, HEADER.iter().map(|h| Cow::Borrowed(*h)))?;
    for f in &rec.findings {
        for c in &f.claims {
            let at = &c.claim.at;
            row(
                out,
                &f.key,
                f.verdict.as_str(),
                at,
                bound(c.interval.lower),
                bound(c.interval.upper),
            )?;
        }
    }
    for u in &rec.unmapped {
        row(out, "", "unmapped", &u.at, String::new(), String::new())?;
    }
    if let Some(more) = crate::render::more_not_listed(rec.not_listed.unmapped, "--max-unmapped") {
        // One record more, so a spreadsheet shows how many rows are missing and why.
        let count = rec.not_listed.unmapped.to_string();
        let mut fields: [Cow<'_, str>; 12] = Default::default();
        fields[1] = Cow::Borrowed("not_listed");
        fields[3] = Cow::Owned(count);
        fields[11] = csv_text(&more);
        record(out, fields.into_iter())?;
    }
    Ok(())
}

fn row(
    out: &mut dyn Write,
    key: &str,
    verdict: &str,
    at: &Located,
    lower: String,
    upper: String,
) -> io::Result<()> {
    let m = &at.mention;
    let fields: [Cow<'_, str>; 12] = [
        csv_text(key),
        Cow::Borrowed(verdict),
        csv_text(&at.source),
        Cow::Owned(m.value.map(number).unwrap_or_default()),
        csv_text(m.unit.name()),
        Cow::Borrowed(m.hedge.as_str()),
        Cow::Owned(lower),
        Cow::Owned(upper),
        Cow::Owned(m.period.map(|p| p.to_string()).unwrap_or_default()),
        Cow::Owned(at.line.to_string()),
        Cow::Owned(at.column.to_string()),
        csv_text(&at.sentence),
    ];
    record(out, fields.into_iter())
}

fn record<'a>(out: &mut dyn Write, fields: impl Iterator<Item = Cow<'a, str>>) -> io::Result<()> {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(f.as_bytes())?;
    }
    out.write_all(b"\r\n")
}

fn bound(v: f64) -> String {
    if v.is_finite() {
        number(v)
    } else {
        String::new()
    }
}

/// A plain number: `3538`, `2500000000`, `0.25`; `NaN` never reaches a cell. Rounded to 12
/// significant digits first, so float noise (`1650000000.0000002`) does not reach a spreadsheet.
fn number(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let rounded: f64 = format!("{v:.11e}").parse().unwrap_or(v);
    format!("{rounded}")
}
