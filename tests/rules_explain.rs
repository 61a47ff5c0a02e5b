//! `reconcile claims PATH --explain` on a seed article: a mapped figure shows the words that
//! made the key (the counted noun, the required words, each entity with its role and what
//! marked it); an unmapped one shows the closest key and what it was missing.

use std::process::Command;

const SEED: &str = "seeds/000_ef070c6c139fbaa2.txt";

/// `claims --explain --format jsonl` on `path`: (line, column, key or "-", explain) per row.
fn explained(path: &str) -> Vec<(u64, u64, String, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args(["claims", path, "--explain", "--format", "jsonl"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run reconcile");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let r: serde_json::Value = serde_json::from_str(l).expect("json line");
            (
                r["line"].as_u64().unwrap_or(0),
                r["column"].as_u64().unwrap_or(0),
                r["key"].as_str().unwrap_or("-").to_string(),
                r["explain"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn row(rows: &[(u64, u64, String, String)], line: u64, column: u64) -> (String, String) {
    let r = rows
        .iter()
        .find(|r| r.0 == line && r.1 == column)
        .unwrap_or_else(|| panic!("no figure at {line}:{column}: {rows:#?}"));
    (r.2.clone(), r.3.clone())
}

#[test]
fn a_mapped_figure_shows_its_noun_words_and_the_role_of_each_entity() {
    let rows = explained(SEED);
    // "With almost 20 formal presidential trips from Kazakhstan to Turkey"
    assert_eq!(
        row(&rows, 5, 6),
        (
            "kz_presidential_visits_to_tr".to_string(),
            "matched: noun \"trips\"; \"presidential\"; kazakhstan as origin: \"from kazakhstan\" (preposition); turkey as destination: \"to turkey\" (preposition)".to_string()
        )
    );
    // "over 12,000 Kazakh students are currently enrolled in Turkish universities"
    assert_eq!(
        row(&rows, 8, 122),
        (
            "kz_students_in_tr".to_string(),
            "matched: noun \"students\"; kazakhstan as origin: \"kazakh\" (demonym); turkey as destination: \"in turkish\" (preposition)".to_string()
        )
    );
    // "he and Erdogan have met 14 times"
    assert_eq!(
        row(&rows, 5, 228),
        (
            "tokayev_erdogan_meetings".to_string(),
            "matched: noun \"times\"; \"met\"; tokayev named: \"tokayev\"; erdogan named: \"erdogan\"".to_string()
        )
    );
}

#[test]
fn two_allies_are_not_two_presidential_visits_and_explain_says_why() {
    let rows = explained(SEED);
    // "… in a visit that is expected to strengthen relations between two long-standing allies."
    assert_eq!(
        row(&rows, 1, 175),
        (
            "-".to_string(),
            "closest key kz_presidential_visits_to_tr: missing the noun it counts next to the figure (\"visit\" is too far from it to be what the figure counts)".to_string()
        )
    );
}

#[test]
fn an_ignored_number_has_no_explanation_and_every_row_of_a_quantity_has_one() {
    let rows = explained(SEED);
    let years = rows.iter().filter(|r| r.3.is_empty()).count();
    assert!(years > 0, "years and ordinals carry no explanation");
    for (line, column, key, explain) in &rows {
        if key != "-" {
            assert!(
                explain.starts_with("matched: "),
                "{line}:{column} {explain}"
            );
        }
    }
}
