//! How the matcher decides what a figure is about: direction, clauses, units, exclusions,
//! ambiguity, Turkish suffixes and casing. Mentions are built by hand over a figure in a
//! sentence, so these tests do not depend on the extractor.

use std::path::PathBuf;

use reconcile::extract::{Hedge, Mention, Unit};
use reconcile::lang::Languages;
use reconcile::rules::{Match, RuleSet};
use reconcile::text::Span;

const ENTITIES: &str = r#"
[[entity]]
id = "turkey"
name.en = ["Turkey", "Türkiye"]
name.tr = ["Türkiye"]
demonym.en = ["Turkish", "Turks"]
demonym.tr = ["Türk"]

[[entity]]
id = "kazakhstan"
name.en = ["Kazakhstan"]
name.tr = ["Kazakistan"]
demonym.en = ["Kazakh"]
demonym.tr = ["Kazak", "Kazakistanlı"]
"#;

/// A pair of keys that differ only in direction, as users write them.
const INVEST: &str = r#"
[[key]]
id = "tr_invest_in_kz"
label.en = "Turkish investment in Kazakhstan"
unit = "USD"
kind = "stock"
from = "turkey"
to = "kazakhstan"
require.en = [["invest*"]]
require.tr = [["yatırım*"]]
example = [{ lang = "en", text = "Turkish investment in Kazakhstan is 5 dollars.", value = 5 }]
counter = [{ lang = "en", text = "Kazakh investment in Turkey is 2 dollars." }]

[[key]]
id = "kz_invest_in_tr"
label.en = "Kazakh investment in Türkiye"
unit = "USD"
kind = "stock"
from = "kazakhstan"
to = "turkey"
require.en = [["invest*"]]
require.tr = [["yatırım*"]]
example = [{ lang = "en", text = "Kazakh investment in Turkey is 2 dollars.", value = 2 }]
counter = [{ lang = "en", text = "Turkish investment in Kazakhstan is 5 dollars." }]
"#;

const PEOPLE: &str = r#"
[[key]]
id = "tr_tourists_to_kz"
label.en = "Turkish tourists in Kazakhstan"
unit = "count"
kind = "flow"
from = "turkey"
to = "kazakhstan"
noun.en = ["tourist*", "visitor*", "turks"]
noun.tr = ["turist*"]
example = [{ lang = "en", text = "120 Turkish tourists visited Kazakhstan.", value = 120 }]
counter = [{ lang = "en", text = "900 Kazakh tourists visited Turkey." }]

[[key]]
id = "kz_tourists_to_tr"
label.en = "Kazakh tourists in Türkiye"
unit = "count"
kind = "flow"
from = "kazakhstan"
to = "turkey"
noun.en = ["tourist*", "visitor*"]
noun.tr = ["turist*"]
example = [{ lang = "en", text = "900 Kazakh tourists visited Turkey.", value = 900 }]
counter = [{ lang = "en", text = "120 Turkish tourists visited Kazakhstan." }]

[[key]]
id = "turkish_companies_in_kz"
label.en = "Turkish companies in Kazakhstan"
unit = "count"
kind = "stock"
from = "turkey"
to = "kazakhstan"
noun.en = ["compan*"]
noun.tr = ["şirket*"]
exclude.en = ["project*"]
example = [{ lang = "en", text = "There are 3500 Turkish companies in Kazakhstan.", value = 3500 }]
counter = [{ lang = "en", text = "Turkish companies run 40 projects in Kazakhstan." }]

[[key]]
id = "visa_days"
label.en = "Visa-free days"
unit = "day"
kind = "stock"
require.en = [["visa*"]]
require.tr = [["vize*"], ["kalış*"]]
example = [{ lang = "en", text = "A 90 day visa-free stay.", value = 90 }]
counter = [{ lang = "en", text = "A 90 day stay." }]
"#;

fn load(files: &[(&str, &str)]) -> RuleSet {
    let files: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        .collect();
    RuleSet::from_files(&files, &Languages::builtin()).unwrap_or_else(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        panic!("rules do not load:\n{}", lines.join("\n"))
    })
}

fn rules() -> RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES
        .get_or_init(|| {
            load(&[
                ("entities.toml", ENTITIES),
                ("invest.toml", INVEST),
                ("people.toml", PEOPLE),
            ])
        })
        .clone()
}

/// Classify the figure `figure` (its `nth` occurrence) in `text` as one sentence.
fn classify_nth(
    rules: &RuleSet,
    lang: &str,
    text: &str,
    figure: &str,
    nth: usize,
    unit: Unit,
) -> Match {
    let start = text
        .match_indices(figure)
        .nth(nth)
        .unwrap_or_else(|| panic!("{figure:?} not in {text:?}"))
        .0;
    let mention = Mention {
        span: Span::new(start, start + figure.len()),
        sentence: Span::new(0, text.len()),
        value: Some(1.0),
        upper: None,
        unit,
        hedge: Hedge::Exact,
        period: None,
        previous: None,
        ignored: None,
    };
    let langs = Languages::builtin();
    rules.classify(text, &mention, langs.get(lang).expect("language"))
}

fn classify(rules: &RuleSet, lang: &str, text: &str, figure: &str, unit: Unit) -> Match {
    classify_nth(rules, lang, text, figure, 0, unit)
}

fn usd() -> Unit {
    Unit::Currency("USD".into())
}

/// The key id a match names, or a short description of why there is none.
fn id(rules: &RuleSet, m: &Match) -> String {
    match m {
        Match::Key { key, .. } => rules.keys[*key].id.clone(),
        Match::Ambiguous { keys } => format!(
            "ambiguous {}",
            keys.iter()
                .map(|&k| rules.keys[k].id.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ),
        Match::Unmapped { .. } => "unmapped".to_string(),
    }
}

#[test]
fn kazakh_investment_in_turkiye_is_not_turkish_investment_in_kazakhstan() {
    let r = rules();
    let text = "Kazakh investments in Türkiye have passed $2 billion.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "$2 billion", usd())),
        "kz_invest_in_tr"
    );
    let text = "Turkish investments in Kazakhstan have passed $5 billion.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "$5 billion", usd())),
        "tr_invest_in_kz"
    );
}

#[test]
fn from_marks_the_origin_even_after_the_host() {
    let r = rules();
    let text = "Kazakhstan has received $3 billion in investment from Turkey.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "$3 billion", usd())),
        "tr_invest_in_kz"
    );
}

#[test]
fn turkish_case_suffixes_mark_origin_and_destination() {
    let r = rules();
    let text = "Türkiye'den Kazakistan'a gelen turist sayısı 130 bin oldu.";
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "130 bin", Unit::Count)),
        "tr_tourists_to_kz"
    );
    let text = "Kazakistan'dan Türkiye'ye gelen turist sayısı 863 bin oldu.";
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "863 bin", Unit::Count)),
        "kz_tourists_to_tr"
    );
}

#[test]
fn typographic_apostrophes_work_like_straight_ones() {
    let r = rules();
    let text = "Kazakistan’dan Türkiye’ye gelen turist sayısı 863 bin oldu.";
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "863 bin", Unit::Count)),
        "kz_tourists_to_tr"
    );
}

#[test]
fn a_demonym_is_the_origin_and_a_locative_the_destination() {
    let r = rules();
    let text = "Türkiye'de tatil yapan Kazak turist sayısı 863 bin kişiye ulaştı.";
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "863 bin", Unit::Count)),
        "kz_tourists_to_tr"
    );
}

#[test]
fn a_preposition_overrides_a_demonym() {
    let r = rules();
    // "in Turkish" is where the tourists go, not where they come from.
    let text = "Some 900 tourists from Kazakhstan stayed in Turkish resorts.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "900", Unit::Count)),
        "kz_tourists_to_tr"
    );
}

#[test]
fn each_figure_is_matched_against_its_own_clause() {
    let r = rules();
    let text =
        "In 2023, 130,000 Turks came to Kazakhstan, and 863,000 Kazakh visitors visited Turkey.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "130,000", Unit::Count)),
        "tr_tourists_to_kz"
    );
    assert_eq!(
        id(&r, &classify(&r, "en", text, "863,000", Unit::Count)),
        "kz_tourists_to_tr"
    );
}

#[test]
fn a_turkish_converb_ends_the_clause() {
    let r = rules();
    let text = "Türkiye, Kazakistan ekonomisine 5,2 milyar dolar yatırım yaparken ülkede 3 bin 538 Türk sermayeli şirket faaliyet gösteriyor.";
    // The companies clause has no "yatırım", and the investment clause no "şirket".
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "3 bin 538", Unit::Count)),
        "turkish_companies_in_kz"
    );
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "5,2 milyar dolar", usd())),
        "tr_invest_in_kz"
    );
}

#[test]
fn a_comma_keeps_the_subject_when_no_other_figure_lies_beyond_it() {
    let r = rules();
    // "Türkiye," is the subject; "Kazakistan ekonomisine" (compound, dative on the next word)
    // is the destination.
    let text = "2005 ila 2024 yılları arasında Türkiye, Kazakistan ekonomisine 5,2 milyar dolar yatırım yaptı.";
    match classify(&r, "tr", text, "5,2 milyar dolar", usd()) {
        Match::Key { key, evidence } => {
            assert_eq!(r.keys[key].id, "tr_invest_in_kz");
            assert_eq!(
                evidence,
                [
                    "\"yatırım\"",
                    "turkey as origin: \"türkiye\" (no role marked)",
                    "kazakhstan as destination: \"kazakistan ekonomisine\" (suffix on the next word)",
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_compound_case_ending_makes_the_name_the_destination() {
    let r = rules();
    // Kazakistan is where the money goes, so this is not Kazakh investment.
    let text = "Kazakistan ekonomisine 4 milyar dolar yatırım yapıldı.";
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "4 milyar dolar", usd())),
        "unmapped"
    );
}

#[test]
fn keys_that_match_equally_are_ambiguous_whatever_the_file_order() {
    // Nothing tells the direction: both keys match with neutral entities.
    let text = "Investment between Turkey and Kazakhstan reached $7 billion.";
    let forward = load(&[("a.toml", ENTITIES), ("b.toml", INVEST)]);
    let m = classify(&forward, "en", text, "$7 billion", usd());
    assert_eq!(
        id(&forward, &m),
        "ambiguous tr_invest_in_kz,kz_invest_in_tr"
    );
    let swapped_invest = {
        let mut halves: Vec<&str> = INVEST.split("\n[[key]]").collect();
        halves.swap(1, 2);
        halves.join("\n[[key]]")
    };
    let backward = load(&[("a.toml", ENTITIES), ("b.toml", &swapped_invest)]);
    let m = classify(&backward, "en", text, "$7 billion", usd());
    assert!(
        matches!(m, Match::Ambiguous { ref keys } if keys.len() == 2),
        "{m:?}"
    );
}

#[test]
fn a_marked_role_beats_a_neutral_one() {
    // A key that only needs both countries named competes with the directed key.
    let bilateral = r#"
[[key]]
id = "bilateral_investment"
label.en = "Investment between Türkiye and Kazakhstan"
unit = "USD"
kind = "stock"
about = ["turkey", "kazakhstan"]
require.en = [["invest*"]]
example = [{ lang = "en", text = "Investment between Turkey and Kazakhstan is 7 dollars.", value = 7 }]
counter = [{ lang = "en", text = "Investment is 7 dollars." }]
"#;
    let r = load(&[
        ("a.toml", ENTITIES),
        ("b.toml", bilateral),
        ("c.toml", INVEST),
    ]);
    // Marked roles (Turkish = origin, in Kazakhstan = destination) win over mere mentions.
    let text = "Turkish investment in Kazakhstan reached $5 billion.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "$5 billion", usd())),
        "tr_invest_in_kz"
    );
    // With no marker, nothing sets the directed keys above the undirected one.
    let text = "Investment between Turkey and Kazakhstan reached $7 billion.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "$7 billion", usd())),
        "ambiguous bilateral_investment,tr_invest_in_kz,kz_invest_in_tr"
    );
}

#[test]
fn a_key_only_takes_figures_of_its_unit() {
    let r = rules();
    let text = "Turkish investments in Kazakhstan span 300 ventures.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "300", Unit::Count)),
        "unmapped"
    );
    let text = "Kazakhstan granted Turkish citizens a 90-day visa-free stay.";
    assert_eq!(
        id(
            &r,
            &classify(&r, "en", text, "90-day", Unit::Measure("day".into()))
        ),
        "visa_days"
    );
    assert_eq!(
        id(&r, &classify(&r, "en", text, "90-day", Unit::Count)),
        "unmapped"
    );
}

#[test]
fn an_excluded_word_rules_a_key_out() {
    let r = rules();
    let text = "Turkish companies run 40 projects in Kazakhstan.";
    match classify(&r, "en", text, "40", Unit::Count) {
        Match::Unmapped {
            closest: Some((k, why)),
        } => {
            assert_eq!(r.keys[k].id, "turkish_companies_in_kz");
            assert_eq!(why, "excluded by \"projects\"");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unmapped_names_the_closest_key_and_what_it_lacked() {
    let r = rules();
    let text = "Some 120 Kazakh tourists visited Kazakhstan's capital.";
    match classify(&r, "en", text, "120", Unit::Count) {
        Match::Unmapped {
            closest: Some((k, why)),
        } => {
            assert_eq!(r.keys[k].id, "kz_tourists_to_tr");
            assert_eq!(
                why,
                "turkey is not mentioned (the key needs it as the destination)"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn turkish_capitals_fold_the_turkish_way() {
    let r = rules();
    // Folded the English way, "KALIŞ" would become "kaliş" and miss "kalış*".
    let text = "KAZAKİSTAN’DA VİZESİZ KALIŞ SÜRESİ 90 GÜN OLDU";
    assert_eq!(
        id(
            &r,
            &classify(&r, "tr", text, "90 GÜN", Unit::Measure("day".into()))
        ),
        "visa_days"
    );
}

#[test]
fn a_prefix_pattern_matches_inflected_turkish_words() {
    let r = rules();
    let text = "Kazakistan'da 4 bin Türk şirketleri faaliyet gösteriyor.";
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "4 bin", Unit::Count)),
        "turkish_companies_in_kz"
    );
}

#[test]
fn an_exact_alias_does_not_match_inside_a_longer_word() {
    let r = rules();
    // "Türkistan" is a city in Kazakhstan; it must not be read as the demonym "Türk".
    let text = "Türkistan'da 4 bin şirket faaliyet gösteriyor.";
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "4 bin", Unit::Count)),
        "unmapped"
    );
}

#[test]
fn a_blank_line_ends_the_clause() {
    let r = rules();
    // A headline without a full stop, then the next paragraph: the headline's words do not
    // reach the figure.
    let text = "Kazakh tourists flock to Turkey\n\nSome 120 Turkish tourists visited Kazakhstan.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "120", Unit::Count)),
        "tr_tourists_to_kz"
    );
    let text = "Kazakh tourists flock to Turkey\n\nThe count reached 120.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "120", Unit::Count)),
        "unmapped"
    );
    // A single line break is only a wrapped line.
    let text = "Some 120 Turkish tourists\nvisited Kazakhstan.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "120", Unit::Count)),
        "tr_tourists_to_kz"
    );
}

#[test]
fn rules_of_one_language_do_not_fire_on_another() {
    let r = rules();
    // The English words "tourists" and "Turkey" mean nothing to the Turkish rules.
    let text = "900 Kazakh tourists visited Turkey.";
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "900", Unit::Count)),
        "unmapped"
    );
}

#[test]
fn a_mention_outside_the_text_is_unmapped_not_a_panic() {
    let r = rules();
    let langs = Languages::builtin();
    let text = "Türkiye’ye 20 ziyaret";
    for (s, e) in [(0, 500), (40, 41), (2, 3), (5, 4)] {
        let mention = Mention {
            span: Span { start: s, end: e },
            sentence: Span {
                start: 0,
                end: 9999,
            },
            value: Some(20.0),
            upper: None,
            unit: Unit::Count,
            hedge: Hedge::Exact,
            period: None,
            previous: None,
            ignored: None,
        };
        let m = r.classify(text, &mention, langs.get("tr").unwrap());
        assert!(matches!(m, Match::Unmapped { .. }), "{m:?}");
    }
}

#[test]
fn matching_stays_correct_with_thousands_of_keys() {
    // Many keys share the automaton; only keys with a word in the clause are evaluated.
    let mut many = String::new();
    for i in 0..2000 {
        many.push_str(&format!(
            "[[key]]\nid = \"k{i}\"\nlabel.en = \"K{i}\"\nunit = \"count\"\nkind = \"stock\"\nnoun.en = [\"widget{i}\"]\nexample = [{{ lang = \"en\", text = \"5 widget{i}\", value = 5 }}]\ncounter = [{{ lang = \"en\", text = \"5 gadgets\" }}]\n\n"
        ));
    }
    let r = load(&[("entities.toml", ENTITIES), ("many.toml", &many)]);
    let text = "The plant made 5 widget1234 last week.";
    assert_eq!(id(&r, &classify(&r, "en", text, "5", Unit::Count)), "k1234");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Article text is untrusted: any text, any spans, any language never panics.
    #[test]
    fn classify_never_panics(
        text in "(?s)[a-zA-Zİıüğşçö’'., 0-9$%:;\n-]{0,120}",
        a in 0usize..200, b in 0usize..200, c in 0usize..200, d in 0usize..200,
        tr in proptest::bool::ANY,
    ) {
        let r = rules();
        let langs = Languages::builtin();
        let mention = Mention {
            span: Span { start: a, end: b },
            sentence: Span { start: c, end: d },
            value: Some(1.0),
            upper: None,
            unit: Unit::Count,
            hedge: Hedge::Exact,
            period: None,
            previous: None,
            ignored: None,
        };
        let lang = langs.get(if tr { "tr" } else { "en" }).unwrap();
        let _ = r.classify(&text, &mention, lang);
    }
}

#[test]
fn role_markers_in_the_language_files_are_written_folded() {
    // The matcher compares markers with folded text, so `From` or `’dan` would never match.
    let langs = Languages::builtin();
    for code in langs.codes() {
        let lang = langs.get(code).unwrap();
        let r = &lang.roles;
        for list in [
            &r.origin_before,
            &r.destination_before,
            &r.origin_suffixes,
            &r.destination_suffixes,
            &r.next_word_origin_suffixes,
            &r.next_word_destination_suffixes,
            &r.clause_breaks,
            &r.soft_breaks,
            &r.clause_words,
            &r.soft_words,
            &r.clause_end_suffixes,
        ] {
            for m in list {
                assert_eq!(&lang.fold(m), m, "{code}: {m:?} is not folded");
                assert!(!m.is_empty(), "{code}: empty marker");
            }
        }
    }
}

/// A target key that names its figure by the words next to it.
const TARGET: &str = r#"
[[key]]
id = "trade_target"
label.en = "Trade target"
unit = "USD"
kind = "target"
require.en = [["trade"], ["aim*", "to raise"]]
require.tr = [["ticaret*"], ["hedef*"]]
before.en = ["to", "target of"]
after.tr = ["çıkar*"]
example = [{ lang = "en", text = "They aim to raise trade to 15 dollars.", value = 15 }]
counter = [{ lang = "en", text = "They recorded 5 dollars of trade and aim to raise it." }]
"#;

#[test]
fn a_counted_noun_far_from_the_figure_is_not_what_it_counts() {
    let r = rules();
    // "two" counts the allies; the tourists are named, but far from it.
    let text = "Turkish tourists flocked to Kazakhstan, a trip that brought two long-standing allies closer.";
    match classify(&r, "en", text, "two", Unit::Count) {
        Match::Unmapped {
            closest: Some((key, why)),
        } => {
            assert_eq!(r.keys[key].id, "tr_tourists_to_kz");
            assert_eq!(
                why,
                "missing the noun it counts next to the figure (\"tourists\" is too far from it to be what the figure counts)"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_counted_noun_may_follow_a_few_adjectives_or_precede_a_word_like_sayisi() {
    let r = rules();
    let text = "Some 120 cheerful young Turkish tourists visited Kazakhstan.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "120", Unit::Count)),
        "tr_tourists_to_kz"
    );
    let text = "Kazakistan'a gelen Türk turist sayısı ise 130 bin oldu.";
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "130 bin", Unit::Count)),
        "tr_tourists_to_kz"
    );
    // Punctuation between the figure and the noun breaks the link.
    let text = "Kazakhstan counted 120, and Turkish tourists were among them.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "120", Unit::Count)),
        "unmapped"
    );
}

#[test]
fn a_before_word_must_stand_right_before_the_figure() {
    let r = load(&[("target.toml", TARGET)]);
    let text = "The leaders aim to raise trade to $15 billion.";
    match classify(&r, "en", text, "$15 billion", usd()) {
        Match::Key { evidence, .. } => assert_eq!(
            evidence,
            ["\"trade\"", "\"aim\"", "\"to\" right before the figure"]
        ),
        other => panic!("{other:?}"),
    }
    let text = "Trade hit a target of $12 billion, as the leaders had aimed.";
    assert_eq!(
        id(&r, &classify(&r, "en", text, "$12 billion", usd())),
        "trade_target"
    );
    // The aim is in the clause, but the figure is what trade was, not what it should be.
    let text = "They recorded $5 billion of trade, and aim to raise it further.";
    match classify(&r, "en", text, "$5 billion", usd()) {
        Match::Unmapped {
            closest: Some((_, why)),
        } => assert_eq!(
            why,
            "missing \"to\" or \"target of\" right before the figure"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_after_word_must_stand_right_after_the_figure() {
    let r = load(&[("target.toml", TARGET)]);
    let text = "İki ülke ticaret hacmini 15 milyar dolara çıkarmayı hedefliyor.";
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "15 milyar dolara", usd())),
        "trade_target"
    );
    let text = "İki ülke 5 milyar dolarlık ticaret yaptı ve bunu artırmayı hedefliyor.";
    assert_eq!(
        id(&r, &classify(&r, "tr", text, "5 milyar dolarlık", usd())),
        "unmapped"
    );
}
