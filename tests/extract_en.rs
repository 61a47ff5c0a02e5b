//! English extraction, one behaviour per test, then the English seed articles.

use chrono::NaiveDate;
use reconcile::extract::{extract, Hedge, Ignored, Mention, PeriodKind, Unit};
use reconcile::lang::{Language, Languages};

fn en() -> Language {
    Languages::builtin()
        .get("en")
        .cloned()
        .expect("en is built in")
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
}

fn ex(text: &str) -> Vec<Mention> {
    extract(text, &en(), Some(date("2025-07-29")))
}

/// The mention's text, with any kind of space read as a space.
fn reads(text: &str, m: &Mention) -> String {
    m.span
        .slice(text)
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// The one mention whose span reads `needle`.
fn at<'a>(text: &str, ms: &'a [Mention], needle: &str) -> &'a Mention {
    let found: Vec<&Mention> = ms.iter().filter(|m| reads(text, m) == needle).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one mention reading {needle:?}, got {:?}",
        ms.iter().map(|m| m.span.slice(text)).collect::<Vec<_>>()
    );
    found[0]
}

fn one(text: &str, needle: &str) -> Mention {
    let ms = ex(text);
    at(text, &ms, needle).clone()
}

fn period(m: &Mention) -> Option<String> {
    m.period.map(|p| p.to_string())
}

fn usd() -> Unit {
    Unit::Currency("USD".into())
}

// ---------- numbers ----------

#[test]
fn comma_groups_thousands_in_english() {
    let m = one("There are 3,500 firms.", "3,500");
    assert_eq!(m.value, Some(3500.0));
    assert_eq!(m.unit, Unit::Count);
    assert_eq!(m.ignored, None);
}

#[test]
fn a_comma_number_that_looks_like_a_year_is_still_a_quantity() {
    let m = one("Some 2,000 companies and 1,500 workers.", "Some 2,000");
    assert_eq!(m.value, Some(2000.0));
    let m = one("Some 2,000 companies and 1,500 workers.", "1,500");
    assert_eq!(m.value, Some(1500.0));
    assert_eq!(m.ignored, None);
}

#[test]
fn scale_word_multiplies_a_decimal() {
    let m = one("With $5.2 billion spent.", "$5.2 billion");
    assert_eq!(m.value, Some(5.2e9));
    assert_eq!(m.unit, usd());
}

#[test]
fn glued_scale_abbreviations_read_as_scales() {
    let text = "It raised US$5bn, then €2m and 1.5bn more.";
    let ms = ex(text);
    let m = at(text, &ms, "US$5bn");
    assert_eq!((m.value, &m.unit), (Some(5e9), &usd()));
    let m = at(text, &ms, "€2m");
    assert_eq!(
        (m.value, &m.unit),
        (Some(2e6), &Unit::Currency("EUR".into()))
    );
    assert_eq!(at(text, &ms, "1.5bn").value, Some(1.5e9));
}

#[test]
fn number_words_combine() {
    let text = "They met fourteen times, signed twenty-one deals and one hundred and five permits.";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "fourteen").value, Some(14.0));
    assert_eq!(at(text, &ms, "twenty-one").value, Some(21.0));
    assert_eq!(at(text, &ms, "one hundred and five").value, Some(105.0));
}

#[test]
fn a_million_and_one_hundred_are_numbers() {
    let text = "About a million people and one hundred firms.";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "About a million").value, Some(1e6));
    assert_eq!(at(text, &ms, "one hundred").value, Some(100.0));
}

#[test]
fn one_of_the_largest_is_not_a_count() {
    let text = "Turkey is one of the largest investors, and a rare one.";
    assert!(ex(text).is_empty(), "{:?}", ex(text));
}

#[test]
fn a_quarter_is_a_share() {
    let m = one("receiving a quarter of its grain", "a quarter");
    assert_eq!(m.value, Some(0.25));
    assert_eq!(m.unit, Unit::Measure("share".into()));
}

#[test]
fn one_third_and_two_thirds_are_fractions() {
    let text = "one-third of its cotton and two-thirds of its wheat, half of the rest";
    let ms = ex(text);
    let third = at(text, &ms, "one-third").value.unwrap();
    assert!((third - 1.0 / 3.0).abs() < 1e-9);
    let two = at(text, &ms, "two-thirds").value.unwrap();
    assert!((two - 2.0 / 3.0).abs() < 1e-9);
    assert_eq!(at(text, &ms, "half").value, Some(0.5));
}

#[test]
fn percent_sign_and_word_are_percent() {
    let text = "26% of its gluten and 85 percent of trade";
    let ms = ex(text);
    let m = at(text, &ms, "26%");
    assert_eq!((m.value, &m.unit), (Some(26.0), &Unit::Percent));
    let m = at(text, &ms, "85 percent");
    assert_eq!((m.value, &m.unit), (Some(85.0), &Unit::Percent));
}

#[test]
fn currencies_map_to_iso_codes() {
    let text = "£3 million, 10 euros, USD 20 million and 40 dollars";
    let ms = ex(text);
    assert_eq!(
        at(text, &ms, "£3 million").unit,
        Unit::Currency("GBP".into())
    );
    assert_eq!(at(text, &ms, "10 euros").unit, Unit::Currency("EUR".into()));
    let m = at(text, &ms, "USD 20 million");
    assert_eq!((m.value, &m.unit), (Some(2e7), &usd()));
    assert_eq!(at(text, &ms, "40 dollars").unit, usd());
}

#[test]
fn counted_measures_come_from_the_language_file() {
    let text = "a 90-day regime, 1.4 million tonnes and 30 km of road, 18 agreements";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "90-day").unit, Unit::Measure("day".into()));
    let m = at(text, &ms, "1.4 million tonnes");
    assert_eq!(
        (m.value, &m.unit),
        (Some(1.4e6), &Unit::Measure("tonne".into()))
    );
    assert_eq!(at(text, &ms, "30 km").unit, Unit::Measure("km".into()));
    assert_eq!(at(text, &ms, "18").unit, Unit::Count);
}

// ---------- hedges ----------

#[test]
fn over_twelve_thousand_is_a_lower_bound() {
    let m = one("over 12,000 Kazakh students", "over 12,000");
    assert_eq!((m.value, m.hedge), (Some(12000.0), Hedge::Over));
}

#[test]
fn more_than_exceeded_and_surpassed_are_over() {
    let text =
        "more than 60 agreements; investments exceeded $2.5 billion; trade surpassed $5 billion";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "more than 60").hedge, Hedge::Over);
    let m = at(text, &ms, "exceeded $2.5 billion");
    assert_eq!((m.value, m.hedge), (Some(2.5e9), Hedge::Over));
    assert_eq!(at(text, &ms, "surpassed $5 billion").hedge, Hedge::Over);
}

#[test]
fn around_some_and_approximately_are_approx() {
    let text = "around 3,500 firms; Some 4,000 companies; Approximately 1.4 million tonnes";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "around 3,500").hedge, Hedge::Approx);
    assert_eq!(at(text, &ms, "Some 4,000").hedge, Hedge::Approx);
    assert_eq!(
        at(text, &ms, "Approximately 1.4 million tonnes").hedge,
        Hedge::Approx
    );
}

#[test]
fn almost_and_nearly_are_almost() {
    let text = "almost 20 trips and nearly 85% of trade";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "almost 20").hedge, Hedge::Almost);
    let m = at(text, &ms, "nearly 85%");
    assert_eq!((m.hedge, &m.unit), (Hedge::Almost, &Unit::Percent));
}

#[test]
fn less_than_is_under_at_least_and_up_to_are_bounds() {
    let text = "less than 5 days, at least 10 firms, up to 90 days";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "less than 5 days").hedge, Hedge::Under);
    assert_eq!(at(text, &ms, "at least 10").hedge, Hedge::AtLeast);
    assert_eq!(at(text, &ms, "up to 90 days").hedge, Hedge::AtMost);
}

#[test]
fn between_ten_and_twenty_is_a_range() {
    let text = "between 10 and 20 firms and 30-40 others";
    let ms = ex(text);
    let m = at(text, &ms, "between 10 and 20");
    assert_eq!(
        (m.value, m.upper, m.hedge),
        (Some(10.0), Some(20.0), Hedge::Range)
    );
    let m = at(text, &ms, "30-40");
    assert_eq!((m.value, m.upper), (Some(30.0), Some(40.0)));
}

#[test]
fn a_range_lends_its_scale_to_the_low_end() {
    let m = one("worth 5 to 10 million dollars", "5 to 10 million dollars");
    assert_eq!((m.value, m.upper, &m.unit), (Some(5e6), Some(1e7), &usd()));
}

#[test]
fn dozens_is_a_hedge_without_a_value() {
    let m = one("dozens of firms", "dozens");
    assert_eq!((m.value, m.hedge), (None, Hedge::Approx));
}

// ---------- changes and restatements ----------

#[test]
fn from_30_to_90_days_is_one_change() {
    let text = "Kazakhstan has increased the stay from 30 to 90 days.";
    let ms = ex(text);
    assert_eq!(ms.len(), 1, "{ms:?}");
    let m = at(text, &ms, "from 30 to 90 days");
    assert_eq!((m.value, m.previous), (Some(90.0), Some(30.0)));
    assert_eq!(m.unit, Unit::Measure("day".into()));
}

#[test]
fn a_parenthetical_amount_in_another_currency_is_a_restatement() {
    let text = "to increase trade to $10 billion (TL 185.9 billion) in a balanced manner";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "$10 billion").ignored, None);
    let m = at(text, &ms, "TL 185.9 billion");
    assert_eq!(m.ignored, Some(Ignored::Restatement));
    assert_eq!(m.unit, Unit::Currency("TRY".into()));
}

// ---------- periods ----------

#[test]
fn in_2023_gives_the_year_to_its_figures() {
    let text =
        "Tourism is booming: in 2023, 130,000 Turks came, and 863,000 Kazakhs visited Turkey.";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "2023").ignored, Some(Ignored::Year));
    assert_eq!(period(at(text, &ms, "130,000")).as_deref(), Some("2023"));
    assert_eq!(period(at(text, &ms, "863,000")).as_deref(), Some("2023"));
}

#[test]
fn a_period_after_a_figure_belongs_to_that_figure() {
    let text = "Turnover reached $5 billion in 2024, and Kazakhstan will supply products worth $1 billion.";
    let ms = ex(text);
    assert_eq!(period(at(text, &ms, "$5 billion")).as_deref(), Some("2024"));
    assert_eq!(at(text, &ms, "$1 billion").period, None);
}

#[test]
fn between_two_years_is_a_span() {
    let text = "With $5.2 billion spent between 2005 and 2024, Turkey leads.";
    let ms = ex(text);
    let m = at(text, &ms, "$5.2 billion");
    assert_eq!(m.period.unwrap().kind, PeriodKind::Years);
    assert_eq!(period(m).as_deref(), Some("2005..2024"));
    assert_eq!(at(text, &ms, "2005").ignored, Some(Ignored::Year));
}

#[test]
fn first_five_months_is_a_partial_year() {
    let text = "In 2024, trade surpassed $5 billion, with over $1.9 billion traded in only the first five months.";
    let ms = ex(text);
    assert_eq!(
        period(at(text, &ms, "surpassed $5 billion")).as_deref(),
        Some("2024")
    );
    let m = at(text, &ms, "over $1.9 billion");
    assert!(m.period.unwrap().is_partial_year());
    assert_eq!(period(m).as_deref(), Some("2024-01..2024-05"));
    assert_eq!(at(text, &ms, "five").ignored, Some(Ignored::Period));
}

#[test]
fn january_to_may_is_a_partial_year() {
    let text = "Exports were $1 billion in January–May 2024.";
    let m = one(text, "$1 billion");
    assert_eq!(period(&m).as_deref(), Some("2024-01..2024-05"));
}

#[test]
fn an_academic_year_spans_two_years() {
    let text = "For the 2024–2025 academic year, 300 scholarships were given out.";
    let m = one(text, "300");
    assert_eq!(m.period.unwrap().kind, PeriodKind::Academic);
    assert_eq!(period(&m).as_deref(), Some("2024..2025"));
}

#[test]
fn as_of_a_month_is_a_level_at_a_date() {
    let text = "As of July 2025, 12,000 students were enrolled.";
    let m = one(text, "12,000");
    assert_eq!(m.period.unwrap().kind, PeriodKind::AsOf);
    assert_eq!(period(&m).as_deref(), Some("as of 2025-07"));
}

#[test]
fn last_year_resolves_against_the_publication_date() {
    let text = "Last year, exports reached $3 billion.";
    let m = one(text, "$3 billion");
    assert_eq!(period(&m).as_deref(), Some("2024"));
    let ms = extract(text, &en(), None);
    assert_eq!(ms[0].period, None, "no publication date, no period");
}

#[test]
fn the_same_year_is_the_last_year_named_before() {
    let text = "In 2022, the embassy opened. In the same year, 40 firms arrived.";
    let m = one(text, "40");
    assert_eq!(period(&m).as_deref(), Some("2022"));
}

#[test]
fn a_current_level_does_not_take_an_opening_period() {
    let text = "For the 2024–2025 academic year, 300 scholarships were given, and over 12,000 students are currently enrolled.";
    let ms = ex(text);
    assert_eq!(period(at(text, &ms, "300")).as_deref(), Some("2024..2025"));
    assert_eq!(at(text, &ms, "over 12,000").period, None);
}

// ---------- years, dates, ordinals, identifiers, noise ----------

#[test]
fn dont_count_a_year_as_a_quantity() {
    let text = "After the fall of the Soviet Union in 1991, relations began; since 2019 they met.";
    let ms = ex(text);
    assert_eq!(at(text, &ms, "1991").ignored, Some(Ignored::Year));
    assert_eq!(at(text, &ms, "1991").value, Some(1991.0));
    assert_eq!(at(text, &ms, "2019").ignored, Some(Ignored::Year));
}

#[test]
fn calendar_dates_are_dates() {
    let text = "They met on July 29 and on March 2, 2022; he visited on Oct. 12-13 2022. Filed 2026-02-02.";
    let ms = ex(text);
    for d in ["July 29", "March 2, 2022", "Oct. 12-13 2022", "2026-02-02"] {
        assert_eq!(at(text, &ms, d).ignored, Some(Ignored::Date), "{d}");
    }
    assert_eq!(ms.len(), 4, "{ms:?}");
}

#[test]
fn ordinals_keep_their_value() {
    let text = "the 33rd anniversary, the fifth meeting, the 5th council and the 180th birthday";
    let ms = ex(text);
    for (s, v) in [
        ("33rd", 33.0),
        ("fifth", 5.0),
        ("5th", 5.0),
        ("180th", 180.0),
    ] {
        let m = at(text, &ms, s);
        assert_eq!(
            (m.ignored, m.value),
            (Some(Ignored::Ordinal), Some(v)),
            "{s}"
        );
    }
}

#[test]
fn times_and_codes_are_identifiers() {
    let text = "The A320 landed at 10:30.";
    let ms = ex(text);
    assert!(
        ms.iter().all(|m| m.ignored == Some(Ignored::Identifier)),
        "{ms:?}"
    );
    assert_eq!(ms.len(), 3);
}

#[test]
fn hyphenated_names_produce_nothing() {
    let text = "The Baku-Tbilisi-Ceyhan pipeline, an e-bike, the Russia–Ukraine conflict.";
    assert!(ex(text).is_empty());
}

#[test]
fn an_age_after_a_name_is_a_plain_quantity() {
    let m = one("Parubiy, 54, rose to prominence.", "54");
    assert_eq!((m.value, m.ignored), (Some(54.0), None));
}

#[test]
fn detects_english_on_a_short_sentence() {
    let langs = Languages::builtin();
    assert_eq!(langs.detect("He and Erdogan have met 14 times.").code, "en");
    assert_eq!(
        langs
            .detect("Kazakh investments in Türkiye exceed $1.5 billion.")
            .code,
        "en"
    );
}

// ---------- the seeds ----------

fn seed(prefix: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let entry = std::fs::read_dir(dir)
        .expect("seeds/")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .expect("seed file");
    std::fs::read_to_string(entry.path()).expect("seed text")
}

/// Every digit of the text is inside exactly one mention.
fn assert_every_digit_once(text: &str, ms: &[Mention]) {
    for (i, b) in text.bytes().enumerate() {
        if b.is_ascii_digit() {
            let n = ms
                .iter()
                .filter(|m| m.span.start <= i && i < m.span.end)
                .count();
            assert_eq!(
                n,
                1,
                "digit at {i} ({:?}) is in {n} mentions",
                &text[i.saturating_sub(20)..(i + 20).min(text.len())]
            );
        }
    }
}

#[test]
fn seed_000_key_figures() {
    let text = seed("000");
    let langs = Languages::builtin();
    assert_eq!(langs.detect(&text).code, "en");
    let ms = extract(&text, &en(), Some(date("2025-07-29")));
    assert_every_digit_once(&text, &ms);
    let m = at(&text, &ms, "around 3,500");
    assert_eq!((m.value, m.hedge), (Some(3500.0), Hedge::Approx));
    assert_eq!(at(&text, &ms, "almost 20").hedge, Hedge::Almost);
    assert_eq!(at(&text, &ms, "over 12,000").hedge, Hedge::Over);
    let m = at(&text, &ms, "from 30 to 90 days");
    assert_eq!(
        (m.value, m.previous, &m.unit),
        (Some(90.0), Some(30.0), &Unit::Measure("day".into()))
    );
    assert_eq!(
        period(at(&text, &ms, "$5.2 billion")).as_deref(),
        Some("2005..2024")
    );
    let m = at(&text, &ms, "surpassed $5 billion");
    assert_eq!((m.hedge, period(m).as_deref()), (Hedge::Over, Some("2024")));
    let m = at(&text, &ms, "over $1.9 billion");
    assert_eq!(
        (m.hedge, period(m).as_deref()),
        (Hedge::Over, Some("2024-01..2024-05"))
    );
    assert_eq!(period(at(&text, &ms, "130,000")).as_deref(), Some("2023"));
    assert_eq!(period(at(&text, &ms, "863,000")).as_deref(), Some("2023"));
    assert_eq!(period(at(&text, &ms, "300")).as_deref(), Some("2024..2025"));
    assert_eq!(at(&text, &ms, "14").value, Some(14.0));
    assert_eq!(at(&text, &ms, "78").value, Some(78.0));
    assert_eq!(at(&text, &ms, "33rd").ignored, Some(Ignored::Ordinal));
    for y in ["1991", "1992", "2009", "2022"] {
        assert_eq!(at(&text, &ms, y).ignored, Some(Ignored::Year), "{y}");
    }
}

#[test]
fn seed_001_key_figures() {
    let text = seed("001");
    let ms = extract(&text, &en(), Some(date("2025-07-29")));
    assert_every_digit_once(&text, &ms);
    let m = at(&text, &ms, "exceeded $2.5 billion");
    assert_eq!(
        (m.value, m.hedge, &m.unit),
        (Some(2.5e9), Hedge::Over, &usd())
    );
    let m = at(&text, &ms, "Around 85%");
    assert_eq!(
        (m.value, m.hedge, &m.unit),
        (Some(85.0), Hedge::Approx, &Unit::Percent)
    );
    assert_eq!(at(&text, &ms, "a quarter").value, Some(0.25));
    assert!(at(&text, &ms, "one-third").value.is_some());
    assert_eq!(at(&text, &ms, "26%").unit, Unit::Percent);
    assert_eq!(at(&text, &ms, "90-day").unit, Unit::Measure("day".into()));
    assert_eq!(at(&text, &ms, "$15 billion").value, Some(15e9));
    assert_eq!(at(&text, &ms, "more than 60").hedge, Hedge::Over);
    assert_eq!(
        period(at(&text, &ms, "$5 billion")).as_deref(),
        Some("2024")
    );
    assert_eq!(at(&text, &ms, "approximately 4,000").hedge, Hedge::Approx);
    assert_eq!(at(&text, &ms, "July 29").ignored, Some(Ignored::Date));
    assert_eq!(at(&text, &ms, "180th").ignored, Some(Ignored::Ordinal));
    assert!(!ms.iter().any(|m| m.span.slice(&text).contains("Ceyhan")));
}

#[test]
fn seed_002_key_figures() {
    let text = seed("002");
    let ms = extract(&text, &en(), Some(date("2025-07-30")));
    assert_every_digit_once(&text, &ms);
    let m = at(&text, &ms, "exceed $1.5 billion");
    assert_eq!((m.value, m.hedge), (Some(1.5e9), Hedge::Over));
    let m = at(&text, &ms, "Some 4,000");
    assert_eq!((m.value, m.hedge), (Some(4000.0), Hedge::Approx));
    let m = at(&text, &ms, "nearly 85%");
    assert_eq!(
        (m.value, m.hedge, &m.unit),
        (Some(85.0), Hedge::Almost, &Unit::Percent)
    );
    let m = at(&text, &ms, "around $5 billion");
    assert_eq!((m.value, m.hedge), (Some(5e9), Hedge::Approx));
    let m = at(&text, &ms, "Approximately 1.4 million tonnes");
    assert_eq!(
        (m.value, m.hedge, &m.unit),
        (Some(1.4e6), Hedge::Approx, &Unit::Measure("tonne".into()))
    );
    assert_eq!(at(&text, &ms, "5th").ignored, Some(Ignored::Ordinal));
    let ages: Vec<_> = ms.iter().filter(|m| m.value == Some(54.0)).collect();
    assert_eq!(ages.len(), 2);
    assert!(ages.iter().all(|m| m.ignored.is_none()));
}

#[test]
fn seed_003_key_figures() {
    let text = seed("003");
    let ms = extract(&text, &en(), Some(date("2022-10-13")));
    assert_every_digit_once(&text, &ms);
    let m = at(&text, &ms, "$10 billion");
    assert_eq!((m.value, m.ignored), (Some(10e9), None));
    assert_eq!(
        at(&text, &ms, "TL 185.9 billion").ignored,
        Some(Ignored::Restatement)
    );
    assert_eq!(
        at(&text, &ms, "Oct. 12-13 2022").ignored,
        Some(Ignored::Date)
    );
    assert_eq!(at(&text, &ms, "March 2, 2022").ignored, Some(Ignored::Date));
    let thirtieth: Vec<_> = ms.iter().filter(|m| reads(&text, m) == "30th").collect();
    assert_eq!(thirtieth.len(), 2);
    assert!(thirtieth
        .iter()
        .all(|m| m.ignored == Some(Ignored::Ordinal)));
    assert_eq!(at(&text, &ms, "fifth").ignored, Some(Ignored::Ordinal));
    assert_eq!(at(&text, &ms, "fourth").ignored, Some(Ignored::Ordinal));
}

// ---------- robustness ----------

proptest::proptest! {
    #[test]
    fn never_panics_and_spans_fit_the_text(
        s in "[0-9.,'’ \\-–()a-zA-ZçğıİöşüÇŞ%$€£:/]{0,80}|\\PC{0,120}"
    ) {
        let langs = Languages::builtin();
        for code in ["en", "tr"] {
            let lang = langs.get(code).expect("built in");
            let ms = extract(&s, lang, Some(date("2025-01-01")));
            let mut last = 0;
            for m in &ms {
                proptest::prop_assert!(m.span.end <= s.len() && m.span.start < m.span.end);
                proptest::prop_assert!(s.is_char_boundary(m.span.start) && s.is_char_boundary(m.span.end));
                proptest::prop_assert!(m.sentence.contains(m.span));
                proptest::prop_assert!(m.span.start >= last, "mentions in document order");
                last = m.span.start;
            }
        }
    }
}
