//! `reconcile claims`: every mention with its key, or unmapped, or ignored with its reason —
//! as a table, one JSON document, or JSON Lines (one object per mention). An ignored ordinal
//! or year that an `ordinal` or `calendar_year` key claims shows its reason and, as `anchor`,
//! that key. JSON Lines and the JSON document can be written one document at a time
//! ([`write_jsonl`], [`JsonStream`]); the table is built from every source at once.

use std::io::{self, Write};

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde::Serialize;

use crate::compare::{Interval, Widths, DEFAULT_APPROX, DEFAULT_SLACK};
use crate::normalize::{Located, Normalized};
use crate::rules::RuleSet;
use crate::text::neutralize_controls;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimsFormat {
    Table,
    Json,
    Jsonl,
}

impl ClaimsFormat {
    pub fn parse(s: &str) -> Option<ClaimsFormat> {
        Some(match s {
            "table" => ClaimsFormat::Table,
            "json" => ClaimsFormat::Json,
            "jsonl" => ClaimsFormat::Jsonl,
            _ => return None,
        })
    }
}

/// One mention as `claims` prints it.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    pub source: &'a str,
    pub line: usize,
    pub column: usize,
    pub text: &'a str,
    pub value: Option<f64>,
    pub unit: &'a str,
    pub hedge: &'a str,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub period: Option<String>,
    pub previous: Option<f64>,
    pub key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<&'static str>,
    /// For an ignored ordinal or year: the `ordinal`/`calendar_year` key that claims it for
    /// derived checks (it is still not a quantity, so `key` stays empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ambiguous: Vec<&'a str>,
    /// With `--explain`: the words that matched, or the closest key and what was missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<String>,
    pub sentence: &'a str,
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

fn row<'a>(at: &'a Located, key: Option<&'a str>, widths: Widths) -> Row<'a> {
    let m = &at.mention;
    let iv = Interval::of(m.value, m.upper, m.hedge, widths);
    Row {
        source: &at.source,
        line: at.line,
        column: at.column,
        text: &at.text,
        value: m.value,
        unit: m.unit.name(),
        hedge: m.hedge.as_str(),
        lower: if m.value.is_some() {
            finite(iv.lower)
        } else {
            None
        },
        upper: if m.value.is_some() {
            finite(iv.upper)
        } else {
            None
        },
        period: m.period.map(|p| p.to_string()),
        previous: m.previous,
        key,
        ignored: None,
        anchor: None,
        ambiguous: Vec::new(),
        explain: None,
        sentence: &at.sentence,
    }
}

const DEFAULT_WIDTHS: Widths = Widths {
    tolerance: 0.0,
    approx: DEFAULT_APPROX,
    slack: DEFAULT_SLACK,
};

/// All mentions of all sources, in source then document order.
pub fn rows<'a>(per_source: &'a [Normalized], rules: &'a RuleSet, explain: bool) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for n in per_source {
        let mut rows: Vec<Row> = Vec::new();
        for c in &n.claims {
            let widths = rules
                .key(&c.key)
                .map(|k| Widths {
                    tolerance: k.tolerance,
                    approx: k.approx,
                    slack: k.slack,
                })
                .unwrap_or(DEFAULT_WIDTHS);
            let mut r = row(&c.at, Some(&c.key), widths);
            if explain {
                // Each piece of evidence may hold commas of its own.
                r.explain = Some(format!("matched: {}", c.evidence.join("; ")));
            }
            rows.push(r);
        }
        for u in &n.unmapped {
            let mut r = row(&u.at, None, DEFAULT_WIDTHS);
            r.ambiguous = u.ambiguous.iter().map(String::as_str).collect();
            if explain {
                r.explain = Some(match (&u.closest, u.ambiguous.is_empty()) {
                    (_, false) => format!("claimed equally by {}", u.ambiguous.join(", ")),
                    (Some((key, missing)), true) => format!("closest key {key}: {missing}"),
                    (None, true) => "no key comes close".to_string(),
                });
            }
            rows.push(r);
        }
        for i in &n.ignored {
            // An ordinal or a year an `ordinal`/`calendar_year` key claims (an anchor for
            // derived checks) shows its key; it stays ignored as a quantity.
            let anchor = n
                .anchors
                .iter()
                .find(|a| a.at.line == i.at.line && a.at.column == i.at.column);
            let mut r = row(&i.at, None, DEFAULT_WIDTHS);
            r.ignored = Some(i.reason.as_str());
            r.anchor = anchor.map(|a| a.key.as_str());
            if let (true, Some(a)) = (explain, anchor) {
                r.explain = Some(format!("matched: {}", a.evidence.join("; ")));
            }
            rows.push(r);
        }
        rows.sort_by_key(|r| (r.line, r.column));
        out.extend(rows);
    }
    out
}

/// One source's mentions as JSON Lines, for `claims --format jsonl` to write each document as
/// it finishes, so listing every figure of a large corpus needs no more memory than one
/// document's. The same lines as [`write()`] gives for that source.
pub fn write_jsonl(
    normalized: &Normalized,
    rules: &RuleSet,
    explain: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    jsonl(&rows(std::slice::from_ref(normalized), rules, explain), out)
}

/// `claims --format json` written one source at a time: the same bytes as [`write()`] gives for
/// all sources at once. [`JsonStream::source`] per source in order, then [`JsonStream::end`].
#[derive(Debug, Default)]
pub struct JsonStream {
    rows: usize,
}

impl JsonStream {
    pub fn source(
        &mut self,
        normalized: &Normalized,
        rules: &RuleSet,
        explain: bool,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for r in rows(std::slice::from_ref(normalized), rules, explain) {
            out.write_all(if self.rows == 0 {
                b"{\n  \"claims\": [\n    "
            } else {
                b",\n    "
            })?;
            // A row pretty-printed on its own (as a `Value`, so its fields are sorted as in
            // `write`), indented to its depth in the document; JSON escapes line breaks inside
            // strings, so every line break is the printer's.
            let text = serde_json::to_string_pretty(&serde_json::to_value(&r)?)?;
            out.write_all(text.replace('\n', "\n    ").as_bytes())?;
            self.rows += 1;
        }
        Ok(())
    }

    pub fn end(self, out: &mut dyn Write) -> io::Result<()> {
        if self.rows == 0 {
            out.write_all(b"{\n  \"claims\": [],\n  \"version\": 1\n}\n")
        } else {
            out.write_all(b"\n  ],\n  \"version\": 1\n}\n")
        }
    }
}

fn jsonl(rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    for r in rows {
        serde_json::to_writer(&mut *out, r)?;
        writeln!(out)?;
    }
    Ok(())
}

pub fn write(
    per_source: &[Normalized],
    rules: &RuleSet,
    format: ClaimsFormat,
    explain: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rows = rows(per_source, rules, explain);
    match format {
        ClaimsFormat::Json => {
            serde_json::to_writer_pretty(
                &mut *out,
                &serde_json::json!({"version": 1, "claims": rows}),
            )?;
            writeln!(out)
        }
        ClaimsFormat::Jsonl => jsonl(&rows, out),
        ClaimsFormat::Table => {
            let mut table = Table::new();
            table
                .load_preset(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(140);
            let mut header = vec!["where", "figure", "value", "hedge", "period", "key"];
            if explain {
                header.push("why");
            }
            table.set_header(header);
            for r in &rows {
                let key = match (r.key, r.ignored) {
                    (Some(k), _) => k.to_string(),
                    (None, Some(reason)) => match r.anchor {
                        Some(anchor) => format!("ignored: {reason} ({anchor})"),
                        None => format!("ignored: {reason}"),
                    },
                    (None, None) if !r.ambiguous.is_empty() => "ambiguous".to_string(),
                    (None, None) => "unmapped".to_string(),
                };
                let mut cells = vec![
                    format!(
                        "{}:{}:{}",
                        crate::compare::short_id(r.source),
                        r.line,
                        r.column
                    ),
                    neutralize_controls(r.text),
                    r.value.map(crate::render::human_number).unwrap_or_default(),
                    r.hedge.to_string(),
                    r.period.clone().unwrap_or_default(),
                    key,
                ];
                if explain {
                    cells.push(r.explain.clone().unwrap_or_default());
                }
                table.add_row(cells);
            }
            writeln!(out, "{}", crate::text::neutralize_lines(&table.to_string()))
        }
    }
}
