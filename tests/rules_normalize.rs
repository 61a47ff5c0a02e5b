//! Normalize with real rules: a mapped figure becomes a claim with its evidence, an unmapped
//! one keeps the closest key and what it lacked, an ambiguous one names every key that
//! claimed it, and an ignored one is never classified. Nothing is dropped.

use std::path::Path;

use reconcile::extract::{Hedge, Ignored, Mention, Unit};
use reconcile::lang::Languages;
use reconcile::normalize::normalize;
use reconcile::rules::RuleSet;
use reconcile::source::{from_text, LoadOptions};
use reconcile::text::Span;

fn mention(text: &str, figure: &str, unit: Unit, ignored: Option<Ignored>) -> Mention {
    let start = text.find(figure).expect("figure in text");
    // The sentence: between the full stops around the figure.
    let s = text[..start].rfind(". ").map(|i| i + 2).unwrap_or(0);
    let e = text[start..]
        .find(". ")
        .map(|i| start + i + 1)
        .unwrap_or(text.len());
    Mention {
        span: Span::new(start, start + figure.len()),
        sentence: Span::new(s, e),
        value: Some(1.0),
        upper: None,
        unit,
        hedge: Hedge::Exact,
        period: None,
        previous: None,
        ignored,
    }
}

#[test]
fn every_mention_ends_up_a_claim_an_unmapped_or_an_ignored() {
    let rules = RuleSet::load_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")))
        .expect("seed rules");
    let langs = Languages::builtin();
    let text = "In 2024 some 900 Kazakh tourists visited Turkey. Investment between Turkey and Kazakhstan reached $7 billion. The shop sold 40 hats.";
    let source = from_text(
        "s",
        Path::new("s.txt"),
        text.to_string(),
        &LoadOptions::default(),
        &langs,
    );
    let usd = Unit::Currency("USD".into());
    let mentions = vec![
        mention(text, "2024", Unit::Count, Some(Ignored::Year)),
        mention(text, "900", Unit::Count, None),
        mention(text, "$7 billion", usd, None),
        mention(text, "40", Unit::Count, None),
    ];
    let n = normalize(&source, mentions, &rules, langs.get("en").unwrap());
    assert_eq!(n.mentions(), 4);

    assert_eq!(n.claims.len(), 1);
    assert_eq!(n.claims[0].key, "kz_tourists_to_tr");
    assert_eq!(
        n.claims[0].evidence,
        [
            "noun \"tourists\"",
            "\"visited\"",
            "kazakhstan as origin: \"kazakh\" (demonym)",
            "turkey as destination: \"visited turkey\" (preposition)",
        ]
    );

    assert_eq!(n.ignored.len(), 1);
    assert_eq!(n.ignored[0].at.text, "2024");

    assert_eq!(n.unmapped.len(), 2);
    let invest = n
        .unmapped
        .iter()
        .find(|u| u.at.text == "$7 billion")
        .unwrap();
    assert_eq!(invest.ambiguous, ["kz_invest_in_tr", "tr_invest_in_kz"]);
    let hats = n.unmapped.iter().find(|u| u.at.text == "40").unwrap();
    assert!(hats.ambiguous.is_empty());
    assert_eq!(hats.closest, None);
}
