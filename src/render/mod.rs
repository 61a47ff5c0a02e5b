//! Renderers: one file per format, all reading the one [`Reconciliation`] model and writing to
//! any `io::Write`, so tests render into a `Vec<u8>` and compare. Renderers never decide
//! anything; they only show what `compare` decided.

pub mod check_html;
pub mod claims;
pub mod csv;
pub mod escape;
pub mod html;
pub mod json;
pub mod lint;
pub mod markdown;
mod present;
pub mod rules_list;
pub mod table;

use std::io::{self, Write};

use crate::compare::{NotListed, Reconciliation};

pub(crate) use present::currency_sign;

/// Output formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Table,
    Json,
    Markdown,
    Csv,
    Html,
}

impl ReportFormat {
    pub fn parse(s: &str) -> Option<ReportFormat> {
        Some(match s {
            "table" => ReportFormat::Table,
            "json" => ReportFormat::Json,
            "markdown" | "md" => ReportFormat::Markdown,
            "csv" => ReportFormat::Csv,
            "html" => ReportFormat::Html,
            _ => return None,
        })
    }
}

/// A writer that gathers small writes in a buffer of its own and hands them on in chunks of
/// [`Chunked::CHUNK`] bytes. serde_json writes a document a few bytes at a time (a quote, a
/// colon, an indent); written straight to a `&mut dyn Write`, each of those was a call through
/// a vtable into the caller's writer, about a third of rendering a report. The same bytes
/// reach `out`, in the same order, once [`Chunked::finish`] is called.
///
/// Why not `std::io::BufWriter::with_capacity(64 * 1024, out)`, which does the same: measured
/// in its place (callgrind, `--toggle-collect='*render::report*'`, `report --format json` on
/// the Turkish bench corpus), rendering took 8,083,096 instructions against this writer's
/// 7,789,205, 3.8% more (nearly all of it in serde_json's string escaping, which writes in
/// small pieces). Swap it in only if a new measurement puts it within 1%.
pub(crate) struct Chunked<'a> {
    out: &'a mut dyn Write,
    buf: Vec<u8>,
}

impl<'a> Chunked<'a> {
    const CHUNK: usize = 64 * 1024;

    pub(crate) fn new(out: &'a mut dyn Write) -> Chunked<'a> {
        Chunked {
            out,
            buf: Vec::with_capacity(Self::CHUNK),
        }
    }

    /// Hand on what is gathered.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.spill()
    }

    fn spill(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

impl Write for Chunked<'_> {
    #[inline]
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    #[inline]
    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        if self.buf.len() + data.len() > Self::CHUNK {
            self.spill()?;
            if data.len() > Self::CHUNK {
                return self.out.write_all(data);
            }
        }
        self.buf.extend_from_slice(data);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.spill()?;
        self.out.flush()
    }
}

/// Render a corpus report in `format`.
pub fn report(rec: &Reconciliation, format: ReportFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        ReportFormat::Table => table::report(rec, out),
        ReportFormat::Json => json::report(rec, out),
        ReportFormat::Markdown => markdown::report(rec, out),
        ReportFormat::Csv => csv::report(rec, out),
        ReportFormat::Html => html::report(rec, out),
    }
}

/// The line a list cut at its limit ends with, when `n` of its items were left out:
/// `4,123 more not listed (`--max-unmapped all` lists them); `reconcile claims` lists every
/// figure`.
pub fn more_not_listed(n: usize, flag: &str) -> Option<String> {
    (n > 0).then(|| {
        format!(
            "{} more not listed (`{flag} all` lists them); `reconcile claims` lists every figure",
            group_thousands(n as i64)
        )
    })
}

/// Everything a report's lists left out, in one line (for the table, which lists no mention
/// but whose warnings are cut too); `None` when nothing was.
pub fn not_listed_line(n: &NotListed) -> Option<String> {
    let parts: Vec<String> = [
        (n.unmapped, "unmapped figures"),
        (n.ignored, "ignored numbers"),
        (n.warnings, "warnings about ambiguous figures"),
    ]
    .iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, what)| format!("{} more {what}", group_thousands(*count as i64)))
    .collect();
    let flags: Vec<&str> = [
        (n.unmapped + n.warnings > 0, "`--max-unmapped all`"),
        (n.ignored > 0, "`--max-ignored all`"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, flag)| *flag)
    .collect();
    let list = match parts.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    Some(format!(
        "{list} not listed ({} {}); `reconcile claims` lists every figure",
        flags.join(" and "),
        if flags.len() == 1 {
            "lists them"
        } else {
            "list them"
        }
    ))
}

/// Format a number the way a reader expects: `3,538`, `5.2 billion`, `85`.
pub fn human_number(v: f64) -> String {
    let a = v.abs();
    let (scaled, word) = if a >= 1e9 {
        (v / 1e9, " billion")
    } else if a >= 1e6 {
        (v / 1e6, " million")
    } else {
        (v, "")
    };
    let mut s = if (scaled - scaled.round()).abs() < 1e-9 {
        group_thousands(scaled.round() as i64)
    } else {
        let t = format!("{scaled:.3}");
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    s.push_str(word);
    s
}

fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::human_number;

    #[test]
    fn numbers_read_like_an_article() {
        assert_eq!(human_number(3538.0), "3,538");
        assert_eq!(human_number(5.2e9), "5.2 billion");
        assert_eq!(human_number(863000.0), "863,000");
        assert_eq!(human_number(85.0), "85");
        assert_eq!(human_number(0.25), "0.25");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn a_chunked_writer_hands_on_every_byte_in_order(
            pieces in proptest::collection::vec(proptest::collection::vec(0u8..=255, 0..70_000), 0..8)
        ) {
            use std::io::Write;
            let mut out = Vec::new();
            let mut w = super::Chunked::new(&mut out);
            for p in &pieces {
                w.write_all(p).expect("a Vec takes every write");
            }
            w.finish().expect("a Vec takes every write");
            proptest::prop_assert_eq!(out, pieces.concat());
        }
    }
}
