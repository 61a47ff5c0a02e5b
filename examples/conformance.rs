//! Print the conformance table: `cargo run --example conformance`.
//! `cargo run --example conformance -- --failures SUITE` lists the cases of SUITE (any part
//! of a suite name) that did not match exactly, with what the engine found.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;

use reconcile::conformance;
use reconcile::lang::Languages;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let langs = Languages::builtin();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--baseline") {
        match conformance::run(&dir, &langs) {
            Ok(scores) => print!("{}", conformance::baseline_toml(&scores)),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        }
        return;
    }
    if args.first().map(String::as_str) == Some("--failed-ids") {
        match conformance::failures(&dir, &langs, "") {
            Ok(fails) => {
                for (case, _) in fails {
                    let input = serde_json::to_string(&case.input).unwrap_or_default();
                    println!("{}\t{}\t{input}", case.suite, case.meta.index);
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        }
        return;
    }
    if args.first().map(String::as_str) == Some("--failures") {
        let suite = args.get(1).map(String::as_str).unwrap_or("");
        match conformance::failures(&dir, &langs, suite) {
            Ok(fails) => {
                for (case, o) in fails {
                    let want: Vec<String> = case
                        .expected
                        .iter()
                        .map(|e| match (e.lower, e.upper) {
                            (None, None) => format!(
                                "{}={:?}{}",
                                e.text,
                                e.value,
                                e.unit.as_deref().unwrap_or("")
                            ),
                            (lo, hi) => format!("{}=({lo:?},{hi:?})", e.text),
                        })
                        .collect();
                    println!(
                        "{} #{} {:?}\n   want {:?}\n   got  {:?}",
                        case.suite, case.meta.index, case.input, want, o.got
                    );
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        }
        return;
    }
    match conformance::run(&dir, &langs) {
        Ok(scores) => {
            println!("{}", conformance::table(&scores));
            println!();
            println!("{}", conformance::table(&conformance::totals(&scores)));
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
