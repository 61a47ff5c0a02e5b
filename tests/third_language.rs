//! A third language is a data file, not a code change: a small German file, loaded at run
//! time, is enough to read German figures, hedges, units, dates and periods.

use chrono::NaiveDate;
use reconcile::extract::{extract, Hedge, Ignored, Unit};
use reconcile::lang::Languages;

const GERMAN: &str = r#"
code = "de"
name = "Deutsch"

[detect]
words = ["der", "die", "das", "und", "im", "mit", "auf", "den", "ist", "von"]
letters = "äöüß"

[numbers]
# de: '.' groups thousands and ',' marks decimals
decimal = ","
group = "."
words = { eins = 1, ein = 1, zwei = 2, drei = 3, "zwölf" = 12, zwanzig = 20 }
hundreds = { hundert = 100 }
scales = { tausend = 1e3, million = 1e6, millionen = 1e6, milliarde = 1e9, milliarden = 1e9 }
articles = ["ein", "eine"]

[ordinals]
digit_suffixes = []
dot = true

[calendar]
months = [["januar"], ["februar"], ["märz"], ["april"], ["mai"], ["juni"], ["juli"],
  ["august"], ["september"], ["oktober"], ["november"], ["dezember"]]

[currencies]
EUR = ["€", "euro"]

[measures]
day = ["tag", "tage", "tagen"]

[[hedge]]
hedge = "over"
patterns = ["über {q}", "mehr als {q}"]

[[hedge]]
hedge = "approx"
patterns = ["rund {q}", "etwa {q}"]

[ranges]
patterns = ["zwischen {q} und {q}"]

[changes]
patterns = ["von {q} auf {q}"]
verbs = ["verlänger*", "erhöh*"]

[dates]
# with `dot = true` the day keeps its dot: "2. März 2022"
patterns = ["{day} {month} {year}"]

[years]
before = ["im", "seit"]

[periods]
trailing = true

[[period]]
kind = "year"
patterns = ["im jahr {year}", "{year}"]
"#;

#[test]
fn a_german_file_loaded_at_run_time_reads_german_figures() {
    let mut langs = Languages::builtin();
    langs
        .add("de.toml", GERMAN)
        .expect("the German file is valid");
    let de = langs.get("de").expect("German is loaded");

    let text = "Im Jahr 2024, stieg der Handel auf über 5,2 Milliarden Euro. \
                Rund zwölf Firmen kamen am 2. März 2022. \
                Der Aufenthalt wurde von 30 auf 90 Tage verlängert.";
    let ms = extract(text, de, NaiveDate::from_ymd_opt(2025, 1, 1));
    let read = |s: &str| {
        ms.iter()
            .find(|m| m.span.slice(text) == s)
            .unwrap_or_else(|| panic!("no mention {s:?} in {ms:?}"))
    };

    let trade = read("über 5,2 Milliarden Euro");
    assert_eq!(trade.value, Some(5.2e9));
    assert_eq!(trade.hedge, Hedge::Over);
    assert_eq!(trade.unit, Unit::Currency("EUR".into()));
    assert_eq!(trade.period.map(|p| p.to_string()).as_deref(), Some("2024"));

    let firms = read("Rund zwölf");
    assert_eq!((firms.value, firms.hedge), (Some(12.0), Hedge::Approx));

    assert_eq!(read("2. März 2022").ignored, Some(Ignored::Date));

    let stay = read("von 30 auf 90 Tage");
    assert_eq!((stay.value, stay.previous), (Some(90.0), Some(30.0)));
    assert_eq!(stay.unit, Unit::Measure("day".into()));

    assert_eq!(
        langs
            .detect("Der Handel mit den Nachbarn ist gewachsen.")
            .code,
        "de"
    );
}

#[test]
fn a_bad_language_file_names_its_path_and_problem() {
    let mut langs = Languages::builtin();
    let err = langs
        .add(
            "xx.toml",
            "code = \"xx\"\nname = \"X\"\n[[hedge]]\nhedge = \"sorta\"\npatterns = [\"{q}\"]\n",
        )
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("xx.toml: "), "{msg}");
    assert!(msg.contains("unknown hedge \"sorta\""), "{msg}");
}
