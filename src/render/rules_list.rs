//! `reconcile rules list`: the keys with label, unit, kind, tolerance, direction and file.

use std::io::{self, Write};

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

use crate::rules::RuleSet;

pub fn write(rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(160)
        .set_header(vec![
            "key",
            "label",
            "unit",
            "kind",
            "tolerance",
            "direction",
            "examples",
            "file",
        ]);
    for k in rules.summary("en") {
        let direction = match (&k.from, &k.to) {
            (None, None) => String::new(),
            (from, to) => format!(
                "{} → {}",
                from.as_deref().unwrap_or("any"),
                to.as_deref().unwrap_or("any")
            ),
        };
        table.add_row(vec![
            k.id,
            k.label,
            k.unit,
            k.kind.as_str().to_string(),
            format!("{}%", k.tolerance * 100.0),
            direction,
            format!("{} + {} counter", k.examples, k.counters),
            k.defined_at,
        ]);
    }
    writeln!(out, "{}", crate::text::neutralize_lines(&table.to_string()))
}
