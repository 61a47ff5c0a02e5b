//! Copy detection on hand-built corpora: which sources are one origin, and which are not.

mod truth_support;

use reconcile::compare::copies::{self, MIN_SHARED};
use reconcile::compare::independent_origins;
use truth_support::*;

/// An English wire story: eight figures, most of them unmapped (a topic with few rules).
fn wire(id: &str) -> Vec<truth_support::Fig> {
    vec![
        fig(
            id,
            "stock",
            3500.0,
            "There are around 3,500 firms operating in the country.",
        )
        .hedge(reconcile::extract::Hedge::Approx),
        fig(
            id,
            "count",
            14.0,
            "The two leaders have met 14 times since 2019.",
        ),
        loose(id, 78.0, "78 joint projects have been started so far."),
        loose(id, 300.0, "300 scholarships were given out this year."),
        loose(
            id,
            12000.0,
            "Over 12,000 students are enrolled at universities abroad.",
        ),
        loose(
            id,
            863000.0,
            "In 2023, 863,000 visitors came from the north.",
        )
        .year(2023),
        loose(
            id,
            130000.0,
            "In 2023, 130,000 travellers went the other way.",
        )
        .year(2023),
        loose(
            id,
            5.2e9,
            "With $5.2 billion invested, it is a large investor.",
        )
        .usd(),
    ]
}

/// The same facts rewritten in Turkish months later, one figure updated, two years moved.
fn rewrite(id: &str) -> Vec<truth_support::Fig> {
    vec![
        fig(
            id,
            "stock",
            3538.0,
            "Ülkede 3 bin 538 şirket faaliyet gösteriyor.",
        ),
        fig(
            id,
            "count",
            14.0,
            "İki lider 14 kez ikili görüşme gerçekleştirdi.",
        ),
        loose(id, 78.0, "Halihazırda 78 ortak proje hayata geçirildi."),
        loose(id, 300.0, "Bu dönemde 300 öğrenci daha bursa hak kazandı."),
        loose(id, 12000.0, "12 binden fazla genç yüksek öğrenim görüyor."),
        loose(
            id,
            863000.0,
            "2024 yılında turist sayısı 863 bin kişiye ulaştı.",
        )
        .year(2024),
        loose(
            id,
            130000.0,
            "Aynı yıl gelen turist sayısı ise 130 bin kişi oldu.",
        )
        .year(2024),
        loose(id, 5.2e9, "Ekonomiye 5,2 milyar dolar yatırım yapıldı.").usd(),
    ]
}

#[test]
fn a_rewrite_in_another_language_shares_an_origin_with_its_story() {
    let mut figs = wire("000");
    figs.extend(rewrite("004"));
    let rec = corpus(&[src("000", "2025-07-29"), src("004", "2026-02-02")], &figs);
    assert_eq!(groups(&rec), vec![vec!["000", "004"]]);
    let g = &rec.copies[0];
    assert_eq!((g.shared, g.of), (7, 8), "{g:#?}");
    assert_eq!(g.origin.as_deref(), Some("000"));
    assert_eq!(
        g.pairs[0].verbatim, 0,
        "different languages share no wording"
    );
    assert_eq!(g.pairs[0].same_period, 5, "two figures were moved to 2024");
    assert!(g.why.contains("000 published first"), "{}", g.why);
}

#[test]
fn reports_that_share_only_the_headline_figures_are_independent() {
    let mut figs = wire("000");
    // Another outlet at the same event: the same three headline figures, its own details.
    figs.extend([
        fig(
            "001",
            "count",
            14.0,
            "Tokayev said the presidents had met fourteen times.",
        ),
        loose("001", 78.0, "Officials listed 78 joint ventures under way."),
        loose(
            "001",
            5.2e9,
            "Investment stands at $5.2 billion, the ministry says.",
        )
        .usd(),
        loose("001", 60.0, "More than 60 treaties are already in force."),
        loose("001", 34.0, "Kazakhstan can supply 34 product categories."),
        loose("001", 23.0, "There are 23 joint farming projects."),
        loose("001", 1.3e9, "They total $1.3 billion.").usd(),
        loose("001", 18.0, "18 of them are already operating."),
    ]);
    let rec = corpus(&[src("000", "2025-07-29"), src("001", "2025-07-29")], &figs);
    assert!(rec.copies.is_empty(), "{:#?}", rec.copies);
    let pairs = copies::pairs(&copies::prints(
        &mut truth_support::normalized(&[], &figs).1,
    ));
    assert_eq!(pairs[0].shared, 3);
    assert!(!pairs[0].copy);
}

#[test]
fn a_digest_that_lifts_most_of_its_figures_from_a_long_story_is_a_copy() {
    let mut figs = wire("001");
    figs.extend([
        loose("001", 60.0, "More than 60 treaties are already in force."),
        loose("001", 34.0, "Kazakhstan can supply 34 product categories."),
        loose("001", 23.0, "There are 23 joint farming projects."),
        loose("001", 1.3e9, "They total $1.3 billion.").usd(),
        loose("001", 18.0, "18 of them are already operating."),
        loose("001", 180.0, "It marks the poet's 180th birthday."),
        // The digest: five of the long story's figures, reworded, and two of its own.
        fig(
            "002",
            "stock",
            3500.0,
            "Some 3,500 companies work there, the paper wrote.",
        ),
        fig(
            "002",
            "count",
            14.0,
            "The leaders have now held 14 meetings.",
        ),
        loose("002", 5.2e9, "Turkish money in the country: $5.2 billion.").usd(),
        loose("002", 60.0, "Over 60 agreements bind the two."),
        loose("002", 18.0, "Eighteen farm projects run already."),
        loose(
            "002",
            1.4e6,
            "About 1.4 million tonnes of oil flow each year.",
        ),
        loose("002", 54.0, "The politician, 54, was shot in Lviv."),
    ]);
    let rec = corpus(&[src("001", "2025-07-29"), src("002", "2025-07-30")], &figs);
    assert_eq!(groups(&rec), vec![vec!["001", "002"]]);
    let p = &rec.copies[0].pairs[0];
    assert_eq!((p.shared, p.of, p.figures_a, p.figures_b), (5, 7, 14, 7));
    assert!(
        p.jaccard() < 0.5,
        "Jaccard ({}) alone would miss the digest",
        p.jaccard()
    );
}

#[test]
fn few_shared_figures_in_different_words_are_not_copying() {
    let figs = [
        loose("a", 14.0, "The two leaders have met 14 times since 2019."),
        loose("a", 78.0, "78 joint projects have been started so far."),
        loose("a", 300.0, "300 scholarships were given out this year."),
        loose(
            "b",
            14.0,
            "Fourteen meetings, or 14 in figures, say the officials.",
        ),
        loose(
            "b",
            78.0,
            "Seventy-eight ventures exist, the ministry counts.",
        ),
        loose("b", 300.0, "Grants went to 300 young people."),
    ];
    let rec = corpus(&[src("a", "2025-01-01"), src("b", "2025-01-02")], &figs);
    assert!(
        rec.copies.is_empty(),
        "3 < {MIN_SHARED} shared: {:#?}",
        rec.copies
    );
}

#[test]
fn a_short_reprint_in_the_same_words_is_a_copy() {
    let sentence = "The ministry said 4,000 companies now operate in the country.";
    let figs = [
        fig("wire", "stock", 4000.0, sentence),
        loose("wire", 12.0, "Twelve new firms opened last month alone."),
        fig("reprint", "stock", 4000.0, sentence),
    ];
    let rec = corpus(
        &[src("wire", "2025-01-01"), src("reprint", "2025-01-03")],
        &figs,
    );
    assert_eq!(groups(&rec), vec![vec!["reprint", "wire"]]);
    assert_eq!(rec.copies[0].pairs[0].verbatim, 1);
}

#[test]
fn the_same_single_figure_in_different_words_is_confirmation_not_copying() {
    let figs = [
        fig(
            "a",
            "stock",
            4000.0,
            "The ministry said 4,000 companies now operate in the country.",
        ),
        fig(
            "b",
            "stock",
            4000.0,
            "About 4,000 firms are registered, a trade body counts.",
        ),
    ];
    let rec = corpus(&[src("a", "2025-01-01"), src("b", "2025-01-03")], &figs);
    assert!(rec.copies.is_empty());
    let f = finding(&rec, "stock");
    assert!(
        f.suggested
            .as_ref()
            .unwrap()
            .why
            .contains("of 2 agreeing sources"),
        "{f:#?}"
    );
}

#[test]
fn copies_of_copies_are_one_origin() {
    let mut figs = wire("a");
    figs.extend(wire("b"));
    figs.extend(rewrite("c"));
    // Two figures in the wire's own words: a reprint, however short.
    figs.extend(wire("d").into_iter().take(2));
    let rec = corpus(
        &[
            src("a", "2025-01-01"),
            src("b", "2025-01-02"),
            src("c", "2025-03-01"),
            src("d", "2025-01-05"),
        ],
        &figs,
    );
    assert_eq!(groups(&rec), vec![vec!["a", "b", "c", "d"]]);
    assert_eq!(rec.copies[0].origin.as_deref(), Some("a"));
}

#[test]
fn members_published_the_same_day_name_no_origin() {
    let mut figs = wire("a");
    figs.extend(rewrite("b"));
    let rec = corpus(&[src("a", "2025-01-01"), src("b", "2025-01-01")], &figs);
    assert_eq!(rec.copies[0].origin, None);
    assert!(rec.copies[0].why.contains("no origin can be told"));
}

#[test]
fn independent_origins_counts_a_copy_group_once() {
    let mut figs = wire("001");
    figs.extend(rewrite("002"));
    figs.push(fig(
        "003",
        "stock",
        4000.0,
        "Some 4,000 companies, says a third paper.",
    ));
    let rec = corpus(
        &[
            src("001", "2025-07-29"),
            src("002", "2025-07-30"),
            src("003", "2025-07-30"),
        ],
        &figs,
    );
    assert_eq!(independent_origins(&["001", "002"], &rec.copies), 1);
    assert_eq!(independent_origins(&["001", "002", "003"], &rec.copies), 2);
    assert_eq!(independent_origins(&["002", "003", "003"], &rec.copies), 2);
    assert_eq!(independent_origins::<&str>(&[], &rec.copies), 0);
    assert_eq!(
        copies::origins(&["003", "002", "001"], &rec.copies),
        vec![
            vec!["001".to_string(), "002".to_string()],
            vec!["003".to_string()]
        ]
    );
    assert_eq!(
        copies::copies_note(&["001", "002", "003"], &rec.copies).as_deref(),
        Some("002 appears to copy 001 (7 of 8 figures shared)")
    );
    assert_eq!(copies::copies_note(&["001", "003"], &rec.copies), None);
}
