//! The CSV report on the hand-built seed fixture, read back with a strict RFC 4180 parser.

#[path = "common/fixture.rs"]
mod fixture;

use reconcile::render::csv;

fn render(rec: &reconcile::compare::Reconciliation) -> String {
    let mut out = Vec::new();
    csv::report(rec, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("csv is UTF-8")
}

/// Parse RFC 4180 with CRLF record ends; panics on anything malformed.
fn parse(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => field.push(c),
                        None => panic!("unterminated quoted field"),
                    }
                }
                at_field_start = false;
                assert!(
                    matches!(chars.peek(), Some(',') | Some('\r')),
                    "text after a closing quote"
                );
            }
            '"' => panic!("bare quote inside an unquoted field: {field}"),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            '\n' => panic!("bare LF outside quotes"),
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "last record lacks CRLF"
    );
    records
}

#[test]
fn csv_report_matches_snapshot() {
    // CRLF is asserted below; the snapshot shows LF so it reads (and diffs) like text.
    insta::assert_snapshot!(render(&fixture::seeds()).replace("\r\n", "\n"));
}

#[test]
fn csv_has_a_header_then_one_record_per_claim_and_unmapped_figure() {
    let rec = fixture::seeds();
    let rows = parse(&render(&rec));
    assert_eq!(
        rows[0].join(","),
        "key,verdict,source,value,unit,hedge,lower,upper,period,line,column,quote"
    );
    let claims: usize = rec.findings.iter().map(|f| f.claims.len()).sum();
    assert_eq!(rows.len(), 1 + claims + rec.unmapped.len());
    assert!(rows.iter().all(|r| r.len() == 12));
}

#[test]
fn csv_keeps_numbers_plain_and_bounds_from_the_interval() {
    let rows = parse(&render(&fixture::seeds()));
    let over = rows
        .iter()
        .find(|r| r[0] == "kz_invest_in_tr" && r[2].starts_with("001"))
        .expect("001's kz_invest_in_tr claim");
    assert_eq!(over[3], "2500000000");
    assert_eq!(over[4], "USD");
    assert_eq!(over[5], "over");
    assert_eq!(over[6], "2500000000");
    assert_eq!(over[7], "2750000000");
    assert_eq!(over[9..11], ["15".to_string(), "237".to_string()]);
    assert_eq!(
        over[11],
        "Kazakh investments in Türkiye have exceeded $2.5 billion."
    );
    let period = rows
        .iter()
        .find(|r| r[0] == "kz_tourists_to_tr" && r[2].starts_with("004"))
        .expect("004's tourist claim");
    assert_eq!(period[8], "2024");
}

#[test]
fn csv_records_end_with_crlf_and_quote_commas_in_sentences() {
    let out = render(&fixture::seeds());
    assert!(out.ends_with("\r\n"));
    assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    assert!(out.contains(",\"There are currently around 3,500 Turkish-capital businesses"));
}

#[test]
fn hostile_text_stays_inside_its_field_and_cannot_start_a_formula() {
    let rec = fixture::hostile();
    let rows = parse(&render(&rec));
    assert!(rows.iter().all(|r| r.len() == 12));
    let first = &rows[1];
    assert_eq!(first[11], rec.findings[0].claims[0].claim.at.sentence);
    for r in &rows[1..] {
        for f in r {
            assert!(
                !f.starts_with(['=', '+', '@']),
                "a spreadsheet would run {f:?} as a formula"
            );
        }
    }
}

#[test]
fn unbounded_and_missing_values_leave_their_cells_empty() {
    let rows = parse(&render(&fixture::odd()));
    let first = &rows[1];
    assert_eq!(
        (first[6].as_str(), first[7].as_str()),
        ("", ""),
        "-inf..inf"
    );
    let second = &rows[2];
    assert_eq!(
        (second[3].as_str(), second[6].as_str()),
        ("", ""),
        "no value, NaN lower"
    );
    assert_eq!(parse(&render(&fixture::empty())).len(), 1, "header only");
}
