//! Copy detection at scale: a print stays a few KB whatever the article, and a corpus of
//! exact reprints gives the groups, pairs and messages the plain every-pair join gives.

use std::path::Path;

use reconcile::compare::copies;
use reconcile::lang::Languages;
use reconcile::pipeline::Engine;
use reconcile::rules::RuleSet;
use reconcile::source::{load_paths, LoadOptions, Source};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn engine() -> Engine {
    let rules = RuleSet::load_dir(&root().join("rules")).unwrap_or_else(|e| panic!("{e:?}"));
    Engine::new(rules, Languages::builtin())
}

fn seeds() -> Vec<Source> {
    let (sources, errors) = load_paths(
        &[root().join("seeds")],
        &LoadOptions::default(),
        &Languages::builtin(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    sources
}

#[test]
fn a_news_article_print_is_a_few_kilobytes() {
    let engine = engine();
    for src in seeds() {
        let mut n = engine.process(&src);
        let prints = copies::prints(&mut n);
        assert_eq!(prints.len(), 1, "{}", src.id);
        let bytes = prints[0].heap_bytes();
        assert!(bytes < 4096, "{}: {bytes} bytes", src.id);
        assert!(prints[0].figures() > 0, "{}", src.id);
    }
}

#[test]
fn reprinting_every_seed_many_times_makes_one_group_per_origin() {
    let engine = engine();
    let mut sources = Vec::new();
    for copy in 0..40 {
        for s in seeds() {
            let mut s = s.clone();
            s.id = format!("{}_{copy:05}", s.id);
            sources.push(s);
        }
    }
    let rec = engine.reconcile(&sources);
    // The seeds are two origins (000 with 004, 001 with 002); 003 is a story of its own,
    // reprinted 40 times.
    let sizes: Vec<usize> = rec.copies.iter().map(|g| g.sources.len()).collect();
    assert_eq!(sizes, vec![80, 80, 40], "{:#?}", rec.copies);
    for g in &rec.copies {
        assert_eq!(
            g.pairs.len(),
            g.sources.len() - 1,
            "a spanning tree of links"
        );
    }
}

/// A source of `text` named `id`, in English.
fn article(id: &str, text: &str) -> Source {
    reconcile::source::from_text(
        id,
        &root().join(format!("{id}.txt")),
        text.to_string(),
        &LoadOptions {
            lang: Some("en".to_string()),
            decode: None,
        },
        &Languages::builtin(),
    )
}

#[test]
fn stories_that_share_only_small_counts_are_not_copies() {
    let engine = engine();
    // Two unrelated stories whose only figures are the small counts every story has.
    let match_report = article(
        "sport_001",
        "The side won one of three games. Two players were hurt and four were rested. Six fans waited.",
    );
    let budget_story = article(
        "business_002",
        "One minister met three unions. Two talks failed and four resumed. Six firms walked out.",
    );
    // And a reprint that shares telling figures with a third story.
    let wire = article(
        "wire_003",
        "Exports reached 4,350 tonnes in March, up from 3,975 tonnes; prices rose 12.5% to 817 dollars.",
    );
    let reprint = article(
        "paper_004",
        "The paper said exports were 4,350 tonnes, against 3,975 tonnes a year earlier, with prices up 12.5% at 817 dollars.",
    );
    let rec = engine.reconcile(&[match_report, budget_story, wire, reprint]);
    let groups: Vec<Vec<&str>> = rec
        .copies
        .iter()
        .map(|g| g.sources.iter().map(|s| &**s).collect())
        .collect();
    assert_eq!(groups, [vec!["paper_004", "wire_003"]], "{:#?}", rec.copies);
    // Each id is held once, in its group: a report holds about a pair per copied source, so
    // a pair names its sources by their places among the group's members, and the places
    // name the pair's two sources, as its serialization does.
    for g in &rec.copies {
        let json = serde_json::to_value(g).unwrap_or_default();
        for (k, p) in g.pairs.iter().enumerate() {
            let (a, b) = g.ids(p);
            let member = |id: &str| g.sources.iter().any(|s| &**s == id);
            assert!(a < b && member(a) && member(b), "{a}, {b}: {g:#?}");
            let pair = &json["pairs"][k];
            assert_eq!((pair["a"].as_str(), pair["b"].as_str()), (Some(a), Some(b)));
        }
    }
}
