//! The seed rules against the seed articles: every figure the gold file lists maps onto its
//! key, and every trap figure maps onto none. Mentions are built by hand (span of the figure
//! in the seed text, its sentence, value, unit, hedge) so these tests judge the rules alone,
//! whatever the extractor does.

use std::path::Path;

use reconcile::extract::{Hedge, Mention, Unit};
use reconcile::lang::Languages;
use reconcile::rules::{Match, RuleSet};
use reconcile::text::Span;

fn rules() -> RuleSet {
    RuleSet::load_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))).unwrap_or_else(
        |errors| {
            let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            panic!("seed rules do not load:\n{}", lines.join("\n"))
        },
    )
}

fn seed(prefix: &str) -> String {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"));
    let entry = std::fs::read_dir(dir)
        .expect("seeds/ exists")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    std::fs::read_to_string(entry.path()).expect("seed is UTF-8")
}

/// The sentence around byte `at`: from just after the previous sentence end to the next one.
/// A `.` between digits (`5.2`) is not an end.
fn sentence(text: &str, start: usize, end: usize) -> Span {
    let b = text.as_bytes();
    let is_end = |i: usize| -> bool {
        match b[i] {
            b'\n' => true,
            b'.' | b'!' | b'?' => {
                let digit_after = b.get(i + 1).is_some_and(u8::is_ascii_digit);
                let digit_before = i > 0 && b[i - 1].is_ascii_digit();
                !(digit_before && digit_after)
            }
            _ => false,
        }
    };
    let mut s = start;
    while s > 0 && !is_end(s - 1) {
        s -= 1;
    }
    let mut e = end;
    while e < b.len() && !is_end(e) {
        e += 1;
    }
    Span::new(s, (e + 1).min(b.len()))
}

/// A figure in a seed: `anchor` locates it (first occurrence), `figure` is the span within.
struct Fig {
    seed: &'static str,
    anchor: &'static str,
    figure: &'static str,
    value: f64,
    unit: Unit,
    hedge: Hedge,
}

fn fig(seed: &'static str, anchor: &'static str, figure: &'static str, value: f64) -> Fig {
    Fig {
        seed,
        anchor,
        figure,
        value,
        unit: Unit::Count,
        hedge: Hedge::Exact,
    }
}

impl Fig {
    fn usd(mut self) -> Fig {
        self.unit = Unit::Currency("USD".into());
        self
    }
    fn unit(mut self, unit: Unit) -> Fig {
        self.unit = unit;
        self
    }
    fn hedge(mut self, hedge: Hedge) -> Fig {
        self.hedge = hedge;
        self
    }

    fn classify(&self, rules: &RuleSet, langs: &Languages) -> (String, Match) {
        let text = seed(self.seed);
        let at = text
            .find(self.anchor)
            .unwrap_or_else(|| panic!("{}: anchor {:?} not found", self.seed, self.anchor));
        let off = self.anchor.find(self.figure).expect("figure inside anchor");
        let span = Span::new(at + off, at + off + self.figure.len());
        let mention = Mention {
            span,
            sentence: sentence(&text, span.start, span.end),
            value: Some(self.value),
            upper: None,
            unit: self.unit.clone(),
            hedge: self.hedge,
            period: None,
            previous: None,
            ignored: None,
        };
        let lang = if self.seed == "004" { "tr" } else { "en" };
        let lang = langs.get(lang).expect("language");
        let m = rules.classify(&text, &mention, lang);
        (mention.sentence.slice(&text).trim().to_string(), m)
    }
}

fn gold_claims() -> Vec<(Fig, &'static str)> {
    use Hedge::*;
    let day = || Unit::Measure("day".into());
    let pct = Unit::Percent;
    vec![
        // 000
        (
            fig("000", "around 3,500 Turkish", "around 3,500", 3500.0).hedge(Approx),
            "turkish_companies_in_kz",
        ),
        (
            fig("000", "almost 20 formal", "almost 20", 20.0).hedge(Almost),
            "kz_presidential_visits_to_tr",
        ),
        (
            fig("000", "met 14 times", "14", 14.0),
            "tokayev_erdogan_meetings",
        ),
        (
            fig("000", "surpassed $5 billion", "$5 billion", 5e9)
                .usd()
                .hedge(Over),
            "bilateral_trade_turnover",
        ),
        (
            fig("000", "over $1.9 billion", "over $1.9 billion", 1.9e9)
                .usd()
                .hedge(Over),
            "bilateral_trade_turnover",
        ),
        (
            fig("000", "With $5.2 billion", "$5.2 billion", 5.2e9).usd(),
            "tr_invest_in_kz",
        ),
        (
            fig("000", "78 collaborative", "78", 78.0),
            "joint_investment_projects",
        ),
        (
            fig("000", "300 scholarships", "300", 300.0),
            "turkiye_scholarships_kz",
        ),
        (
            fig("000", "over 12,000 Kazakh", "over 12,000", 12000.0).hedge(Over),
            "kz_students_in_tr",
        ),
        (
            fig("000", "130,000 Turks", "130,000", 130000.0),
            "tr_tourists_to_kz",
        ),
        (
            fig("000", "863,000 Kazakh", "863,000", 863000.0),
            "kz_tourists_to_tr",
        ),
        (
            fig("000", "from 30 to 90 days", "from 30 to 90 days", 90.0).unit(day()),
            "visa_free_stay_days",
        ),
        // 001
        (
            fig(
                "001",
                "approximately 4,000 Turkish",
                "approximately 4,000",
                4000.0,
            )
            .hedge(Approx),
            "turkish_companies_in_kz",
        ),
        (
            fig(
                "001",
                "exceeded $2.5 billion",
                "exceeded $2.5 billion",
                2.5e9,
            )
            .usd()
            .hedge(Over),
            "kz_invest_in_tr",
        ),
        (
            fig("001", "Around 85%", "Around 85%", 85.0)
                .unit(pct.clone())
                .hedge(Approx),
            "kz_share_of_china_europe_overland_trade",
        ),
        (
            fig("001", "reached $5 billion in 2024", "$5 billion", 5e9).usd(),
            "bilateral_trade_turnover",
        ),
        (
            fig("001", "turnover to $15 billion", "$15 billion", 15e9).usd(),
            "bilateral_trade_target",
        ),
        (
            fig("001", "a 90-day visa-free", "90-day", 90.0).unit(day()),
            "visa_free_stay_days",
        ),
        (
            fig("001", "signed a joint declaration and 18", "18", 18.0),
            "hlscc_2025_agreements_signed",
        ),
        // 002
        (
            fig("002", "signing of 18 intergovernmental", "18", 18.0),
            "hlscc_2025_agreements_signed",
        ),
        (
            fig("002", "nearly 85%", "nearly 85%", 85.0)
                .unit(pct.clone())
                .hedge(Almost),
            "kz_share_of_china_europe_overland_trade",
        ),
        (
            fig("002", "stands at $5", "$5", 5e9).usd(),
            "bilateral_trade_turnover",
        ),
        (
            fig("002", "figure to $15", "$15", 15e9).usd(),
            "bilateral_trade_target",
        ),
        (
            fig("002", "total around\u{202f}$5", "around\u{202f}$5", 5e9)
                .usd()
                .hedge(Approx),
            "tr_invest_in_kz",
        ),
        (
            fig("002", "exceed\u{202f}$1.5", "exceed\u{202f}$1.5", 1.5e9)
                .usd()
                .hedge(Over),
            "kz_invest_in_tr",
        ),
        (
            fig("002", "Some 4,000 Turkish", "Some 4,000", 4000.0).hedge(Approx),
            "turkish_companies_in_kz",
        ),
        // 003
        (
            fig("003", "volume to $10 billion", "$10 billion", 10e9).usd(),
            "bilateral_trade_target",
        ),
        // 004
        (
            fig("004", "20’den fazla resmi", "20’den fazla", 20.0).hedge(Over),
            "kz_presidential_visits_to_tr",
        ),
        (
            fig("004", "14 kez ikili", "14 kez", 14.0),
            "tokayev_erdogan_meetings",
        ),
        (
            fig("004", "hacmi 5 milyar dolar", "5 milyar dolar", 5e9).usd(),
            "bilateral_trade_turnover",
        ),
        (
            fig(
                "004",
                "1,9 milyar doları aştı",
                "1,9 milyar doları aştı",
                1.9e9,
            )
            .usd()
            .hedge(Over),
            "bilateral_trade_turnover",
        ),
        (
            fig("004", "5,2 milyar dolar yatırım", "5,2 milyar dolar", 5.2e9).usd(),
            "tr_invest_in_kz",
        ),
        (
            fig("004", "3 bin 538 Türk", "3 bin 538", 3538.0),
            "turkish_companies_in_kz",
        ),
        (
            fig("004", "78 ortak proje", "78", 78.0),
            "joint_investment_projects",
        ),
        (
            fig("004", "90 GÜNE KADAR", "90 GÜNE", 90.0)
                .unit(day())
                .hedge(AtMost),
            "visa_free_stay_days",
        ),
        (
            fig("004", "12 binden fazla", "12 binden fazla", 12000.0).hedge(Over),
            "kz_students_in_tr",
        ),
        (
            fig("004", "300 Kazak öğrenci", "300", 300.0),
            "turkiye_scholarships_kz",
        ),
        (
            fig("004", "863 bin kişiye", "863 bin", 863000.0),
            "kz_tourists_to_tr",
        ),
        (
            fig("004", "130 bin kişi", "130 bin", 130000.0),
            "tr_tourists_to_kz",
        ),
        (
            fig("004", "30 günden 90 güne", "30 günden 90 güne", 90.0).unit(day()),
            "visa_free_stay_days",
        ),
    ]
}

fn traps() -> Vec<(Fig, &'static str)> {
    let pct = Unit::Percent;
    vec![
        (
            fig("001", "projects worth $6 billion", "$6 billion", 6e9).usd(),
            "Turkish companies' projects are not Turkish investment",
        ),
        (
            fig("001", "more than 60 agreements", "more than 60", 60.0).hedge(Hedge::Over),
            "the legal base is not the agreements signed in 2025",
        ),
        (
            fig("001", "supply 34 categories", "34", 34.0),
            "product categories are nothing",
        ),
        (
            fig("001", "worth $1 billion to the Turkish", "$1 billion", 1e9).usd(),
            "34 categories worth $1 billion is not trade turnover",
        ),
        (
            fig("001", "with 23 joint agricultural", "23", 23.0),
            "joint agricultural projects are not joint investment projects",
        ),
        (
            fig("001", "totaling $1.3 billion", "$1.3 billion", 1.3e9).usd(),
            "agricultural projects' value is not investment",
        ),
        (
            fig("001", "18 of which are operational", "18", 18.0),
            "operational projects are not agreements",
        ),
        (
            fig("001", "26% of its gluten", "26%", 26.0).unit(pct.clone()),
            "a share of gluten exports is not the overland trade share",
        ),
        (
            fig(
                "002",
                "Approximately 1.4 million tonnes",
                "Approximately 1.4 million tonnes",
                1.4e6,
            )
            .unit(Unit::Measure("tonne".into())),
            "oil volume",
        ),
        (
            fig("002", "Parubiy, 54, rose", "54", 54.0),
            "unrelated news: a politician's age",
        ),
        (
            fig("003", "TL 185.9 billion", "TL 185.9 billion", 185.9e9)
                .unit(Unit::Currency("TRY".into())),
            "the target restated in lira",
        ),
    ]
}

#[test]
fn every_gold_claim_maps_onto_its_key() {
    let rules = rules();
    let langs = Languages::builtin();
    let mut wrong = Vec::new();
    for (fig, want) in gold_claims() {
        assert!(rules.key(want).is_some(), "gold key {want} has no rule");
        let (sentence, got) = fig.classify(&rules, &langs);
        let ok = matches!(&got, Match::Key { key, .. } if rules.keys[*key].id == want);
        if !ok {
            let got = match got {
                Match::Key { key, evidence } => format!("{} {:?}", rules.keys[key].id, evidence),
                Match::Ambiguous { keys } => format!(
                    "ambiguous {:?}",
                    keys.iter().map(|&k| &rules.keys[k].id).collect::<Vec<_>>()
                ),
                Match::Unmapped { closest } => format!(
                    "unmapped (closest {:?})",
                    closest.map(|(k, why)| (rules.keys[k].id.clone(), why))
                ),
            };
            wrong.push(format!(
                "{} {:?}: want {want}, got {got}\n    in: {sentence}",
                fig.seed, fig.figure
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn trap_figures_map_onto_no_key() {
    let rules = rules();
    let langs = Languages::builtin();
    let mut wrong = Vec::new();
    for (fig, why) in traps() {
        let (sentence, got) = fig.classify(&rules, &langs);
        if let Match::Key { key, evidence } = got {
            wrong.push(format!(
                "{} {:?} ({why}) mapped onto {} {:?}\n    in: {sentence}",
                fig.seed, fig.figure, rules.keys[key].id, evidence
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn unrelated_news_at_the_end_of_002_maps_onto_nothing() {
    let rules = rules();
    let langs = Languages::builtin();
    let text = seed("002");
    let tail = text
        .find("Related articles")
        .expect("002 has related articles");
    let en = langs.get("en").expect("en");
    let bytes = text.as_bytes();
    let mut i = tail;
    let mut checked = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let value: f64 = text[start..i].parse().expect("digits");
        if (1900.0..=2100.0).contains(&value) {
            continue; // a year: the extractor never hands it to the rules
        }
        let mention = Mention {
            span: Span::new(start, i),
            sentence: sentence(&text, start, i),
            value: Some(value),
            upper: None,
            unit: Unit::Count,
            hedge: Hedge::Exact,
            period: None,
            previous: None,
            ignored: None,
        };
        checked += 1;
        let got = rules.classify(&text, &mention, en);
        assert!(
            !matches!(got, Match::Key { .. }),
            "{:?} in the unrelated tail mapped: {got:?}",
            &text[start..i]
        );
    }
    assert!(checked >= 2, "the tail has its figures ({checked})");
}

#[test]
fn seed_rules_cover_every_gold_key_exactly_once() {
    let rules = rules();
    let gold = std::fs::read_to_string("/work/shared/gold/seeds.toml").or_else(|_| {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/gold/seeds.toml"
        ))
    });
    let Ok(gold) = gold else { return };
    for line in gold.lines() {
        if let Some(id) = line
            .strip_prefix("key = \"")
            .and_then(|r| r.strip_suffix('"'))
        {
            assert_eq!(
                rules.keys.iter().filter(|k| k.id == id).count(),
                1,
                "gold key {id}"
            );
        }
    }
}
