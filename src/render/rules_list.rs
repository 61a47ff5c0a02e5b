//! `reconcile rules list`.

use std::io::{self, Write};

/// `reconcile rules list`: the keys with label, unit, kind, tolerance and file.
pub fn write(rules: &crate::rules::RuleSet, out: &mut dyn Write) -> io::Result<()> {
    use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(140)
        .set_header(vec!["key", "label", "unit", "kind", "tolerance", "file"]);
    let mut keys: Vec<_> = rules.keys.iter().collect();
    keys.sort_by(|a, b| a.id.cmp(&b.id));
    for k in keys {
        table.add_row(vec![
            k.id.clone(),
            k.label("en").to_string(),
            k.unit.name().to_string(),
            k.kind.as_str().to_string(),
            format!("{}%", k.tolerance * 100.0),
            format!("{}:{}", k.file.display(), k.line),
        ]);
    }
    writeln!(out, "{table}")
}
