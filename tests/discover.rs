//! Discovery on the seed articles: with no rules at all, `report --discover` must surface the
//! quantities a fact-checker would write keys for, keep opposite directions apart, flag the
//! groups whose values disagree, and `rules suggest` must print stubs that load and pass their
//! own examples.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use reconcile::discover::{self, suggest, Agreement, Candidate, Observed};
use reconcile::lang::Languages;
use reconcile::pipeline::Engine;
use reconcile::rules::RuleSet;
use reconcile::source::LoadOptions;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn observe(rules_dir: &Path) -> (Engine, Vec<Observed>) {
    let rules = RuleSet::load_dir(rules_dir).unwrap_or_else(|e| panic!("rules: {e:?}"));
    let engine = Engine::new(rules, Languages::builtin());
    let (_, observed, errors) =
        engine.report_discover(&[root().join("seeds")], &LoadOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    (engine, observed)
}

fn seeds_without_rules() -> Vec<Candidate> {
    let (_, observed) = observe(&root().join("tests/fixtures/empty_rules"));
    discover::candidates(&observed)
}

/// (short source id, value) of every figure of a candidate.
fn figures(c: &Candidate) -> BTreeSet<(String, i64)> {
    c.figures
        .iter()
        .map(|f| {
            (
                f.source[..3].to_string(),
                f.value.unwrap_or(f64::NAN) as i64,
            )
        })
        .collect()
}

fn with_value<'a>(cands: &'a [Candidate], source: &str, value: f64) -> Vec<&'a Candidate> {
    cands
        .iter()
        .filter(|c| {
            c.figures
                .iter()
                .any(|f| f.source.starts_with(source) && f.value == Some(value))
        })
        .collect()
}

fn set(items: &[(&str, i64)]) -> BTreeSet<(String, i64)> {
    items.iter().map(|(s, v)| (s.to_string(), *v)).collect()
}

#[test]
fn companies_in_english_and_turkish_are_one_candidate_that_disagrees() {
    let cands = seeds_without_rules();
    let found = with_value(&cands, "004", 3538.0);
    assert_eq!(found.len(), 1, "{cands:#?}");
    let c = found[0];
    assert_eq!(
        figures(c),
        set(&[("000", 3500), ("001", 4000), ("002", 4000), ("004", 3538)])
    );
    assert_eq!(c.verdict, Agreement::Disagree);
    assert_eq!(c.unit.name(), "count");
    assert_eq!(c.concept, "company");
    let turkish = c
        .figures
        .iter()
        .find(|f| f.lang == "tr")
        .expect("the tr figure");
    assert_eq!(turkish.text, "3 bin 538");
    assert!(
        c.id.contains("compan") || c.id.contains("business"),
        "{}",
        c.id
    );
}

#[test]
fn kazakh_investment_in_turkiye_disagrees_and_stays_apart_from_the_other_direction() {
    let cands = seeds_without_rules();
    let kz = with_value(&cands, "001", 2.5e9);
    assert_eq!(kz.len(), 1);
    assert_eq!(
        figures(kz[0]),
        set(&[("001", 2_500_000_000), ("002", 1_500_000_000)])
    );
    assert_eq!(kz[0].verdict, Agreement::Disagree);

    let tr = with_value(&cands, "000", 5.2e9);
    assert_eq!(tr.len(), 1);
    assert_ne!(tr[0].id, kz[0].id);
    assert_eq!(
        figures(tr[0]),
        set(&[
            ("000", 5_200_000_000),
            ("002", 5_000_000_000),
            ("004", 5_200_000_000)
        ])
    );
    // Opposite ends: the origin of one is the destination of the other.
    let (kf, kt) = (kz[0].from.as_ref().unwrap(), kz[0].to.as_ref().unwrap());
    let (tf, tt) = (tr[0].from.as_ref().unwrap(), tr[0].to.as_ref().unwrap());
    assert_eq!((&kf.stem, &kt.stem), (&tt.stem, &tf.stem));
}

#[test]
fn tourists_each_way_are_two_candidates_across_languages() {
    let cands = seeds_without_rules();
    let to_tr = with_value(&cands, "004", 863_000.0);
    let to_kz = with_value(&cands, "004", 130_000.0);
    assert_eq!((to_tr.len(), to_kz.len()), (1, 1));
    assert_ne!(to_tr[0].id, to_kz[0].id);
    assert_eq!(
        figures(to_tr[0]),
        set(&[("000", 863_000), ("004", 863_000)])
    );
    assert_eq!(
        figures(to_kz[0]),
        set(&[("000", 130_000), ("004", 130_000)])
    );
    assert_eq!(to_tr[0].verdict, Agreement::Agree);
    assert_eq!(to_tr[0].kind.as_str(), "flow", "both figures have a year");
}

#[test]
fn a_candidate_needs_figures_from_two_sources() {
    for c in seeds_without_rules() {
        let sources: BTreeSet<&str> = c.figures.iter().map(|f| f.source.as_str()).collect();
        assert!(sources.len() >= 2, "{c:#?}");
    }
}

#[test]
fn small_numbers_spelt_out_are_never_grouped() {
    for c in seeds_without_rules() {
        for f in &c.figures {
            assert!(
                f.text.bytes().any(|b| b.is_ascii_digit()),
                "{} in {}",
                f.text,
                c.id
            );
        }
    }
}

#[test]
fn candidates_do_not_depend_on_the_order_of_figures() {
    let (_, mut observed) = observe(&root().join("tests/fixtures/empty_rules"));
    let forward = discover::candidates(&observed);
    observed.reverse();
    assert_eq!(discover::candidates(&observed), forward);
}

#[test]
fn with_the_seed_rules_nothing_is_left_to_discover() {
    let (_, observed) = observe(&root().join("rules"));
    let cands = discover::candidates(&observed);
    assert!(
        cands.is_empty(),
        "{:#?}",
        cands.iter().map(|c| &c.id).collect::<Vec<_>>()
    );
}

fn rule_files(dir: &Path) -> Vec<(PathBuf, String)> {
    reconcile::rules::compile::read_dir(dir).unwrap_or_default()
}

#[test]
fn suggested_stubs_load_and_pass_their_own_examples() {
    let (engine, observed) = observe(&root().join("tests/fixtures/empty_rules"));
    let cands = discover::candidates(&observed);
    let stubs = suggest::suggest(&cands, &[], &engine.langs);
    assert!(stubs.keys >= 3, "{}", stubs.text);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("suggested.toml"), &stubs.text).unwrap();
    let rules = RuleSet::load_dir(dir.path()).unwrap_or_else(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        panic!("{}\n\n{}", lines.join("\n"), stubs.text)
    });
    assert_eq!(rules.keys.len(), stubs.keys);
    let failures = rules.run_examples(&engine.langs);
    let lines: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(lines.is_empty(), "{}\n\n{}", lines.join("\n"), stubs.text);

    // The three quantities the seeds are about, each with a direction and examples in use.
    for (source, value) in [("004", 3538.0), ("001", 2.5e9), ("004", 863_000.0)] {
        let c = with_value(&cands, source, value)[0];
        let key = rules
            .key(&c.id)
            .unwrap_or_else(|| panic!("no stub for {}", c.id));
        let (examples, counters) = rules
            .compiled
            .example_counts(rules.key_index(&key.id).unwrap());
        assert!(examples >= 1 && counters >= 1, "{}", key.id);
        let (from, to) = rules
            .compiled
            .matcher
            .direction(rules.key_index(&key.id).unwrap());
        assert!(from.is_some() && to.is_some(), "{}: no direction", key.id);
    }
    // The Turkish company figure is an example, whole enough to name both countries.
    assert!(stubs.text.contains("3 bin 538 Türk sermayeli şirket"));
}

#[test]
fn the_stub_for_kazakh_investment_refuses_the_other_direction() {
    let (engine, observed) = observe(&root().join("tests/fixtures/empty_rules"));
    let cands = discover::candidates(&observed);
    let stubs = suggest::suggest(&cands, &[], &engine.langs);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("suggested.toml"), &stubs.text).unwrap();
    let rules = RuleSet::load_dir(dir.path()).unwrap();
    let kz = &with_value(&cands, "001", 2.5e9)[0].id;
    let lang = engine.langs.get("en").unwrap();
    let classify = |text: &str| {
        let m = reconcile::extract::extract(text, lang, None)
            .into_iter()
            .find(|m| m.ignored.is_none())
            .unwrap();
        match rules.classify(text, &m, lang) {
            reconcile::rules::Match::Key { key, .. } => rules.keys[key].id.clone(),
            other => format!("{other:?}"),
        }
    };
    assert_eq!(
        &classify("Kazakh investments in Turkey reached $3 billion."),
        kz
    );
    assert_ne!(
        &classify("Turkish investments in Kazakhstan reached $3 billion."),
        kz
    );
}

#[test]
fn stubs_use_the_entities_the_rules_already_define() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("rules/entities.toml"),
        dir.path().join("entities.toml"),
    )
    .unwrap();
    let (engine, observed) = observe(dir.path());
    let cands = discover::candidates(&observed);
    let files = rule_files(dir.path());
    let stubs = suggest::suggest(&cands, &files, &engine.langs);
    assert_eq!(stubs.entities, 0, "{}", stubs.text);
    assert!(!stubs.text.contains("[[entity]]"), "{}", stubs.text);
    assert!(stubs.text.contains("from = \"kazakhstan\""));

    std::fs::write(dir.path().join("suggested.toml"), &stubs.text).unwrap();
    let rules = RuleSet::load_dir(dir.path()).unwrap();
    let failures = rules.run_examples(&engine.langs);
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn no_candidates_print_no_stubs() {
    let stubs = suggest::suggest(&[], &[], &Languages::builtin());
    assert_eq!(stubs.text, "");
    assert_eq!(stubs.keys, 0);
}

#[test]
fn json_report_carries_the_candidates() {
    let (engine, observed) = observe(&root().join("tests/fixtures/empty_rules"));
    let cands = discover::candidates(&observed);
    let (rec, _, _) = engine.report_discover(&[root().join("seeds")], &LoadOptions::default());
    let mut out = Vec::new();
    reconcile::render::json::report_with_candidates(&rec, &cands, &mut out).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let list = v["candidates"].as_array().expect("a candidates array");
    assert_eq!(list.len(), cands.len());
    assert!(list.iter().any(|c| c["verdict"] == "disagree"
        && c["figures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["text"] == "3 bin 538")));

    let mut plain = Vec::new();
    reconcile::render::json::report(&rec, &mut plain).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert!(v.get("candidates").is_none(), "only with --discover");
}

#[test]
fn table_lists_candidates_disagreeing_first() {
    let cands = seeds_without_rules();
    let mut out = Vec::new();
    reconcile::render::table::candidates(&cands, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("candidate keys"), "{text}");
    let first_agree = text.find("│ agree").unwrap_or(text.len());
    let last_disagree = text.rfind("│ disagree").unwrap_or(0);
    assert!(last_disagree < first_agree, "{text}");
}

/// Two sources, one English and one Turkish, about Norwegian firms in Germany: the names
/// share no four letters across the languages (`norw`/`norv`, `germ`/`alma`).
fn norway_sources() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Business is brisk. Some 4,000 Norwegian companies now operate in Germany, the ministry said.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "Ekonomi büyüyor. Almanya'da 4 bin 120 Norveçli şirket faaliyet gösteriyor ve ihracat artıyor.\n",
    )
    .unwrap();
    dir
}

fn discover_in(sources: &Path, rules: &Path) -> Vec<Candidate> {
    let langs = Languages::builtin();
    let engine = Engine::new(RuleSet::load_dir(rules).unwrap(), langs.clone());
    let (_, mut observed, errors) =
        engine.report_discover(&[sources.to_path_buf()], &LoadOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    discover::Names::from_files(&rule_files(rules), &langs).apply(&mut observed, &langs);
    discover::candidates(&observed)
}

#[test]
fn entities_the_rules_define_join_names_across_languages() {
    let sources = norway_sources();
    let rules = tempfile::tempdir().unwrap();
    assert!(discover_in(sources.path(), rules.path()).is_empty());

    std::fs::write(
        rules.path().join("entities.toml"),
        r#"
[[entity]]
id = "norway"
name.en = ["Norway"]
name.tr = ["Norveç"]
demonym.en = ["Norwegian"]
demonym.tr = ["Norveçli"]

[[entity]]
id = "germany"
name.en = ["Germany"]
name.tr = ["Almanya"]
"#,
    )
    .unwrap();
    let cands = discover_in(sources.path(), rules.path());
    assert_eq!(cands.len(), 1, "{cands:#?}");
    let c = &cands[0];
    assert_eq!(
        c.verdict,
        Agreement::Agree,
        "4,000 and 4 bin 120 are within 5%"
    );
    assert_eq!(c.from.as_ref().map(|s| s.stem.as_str()), Some("=norway"));
    assert_eq!(c.to.as_ref().map(|s| s.stem.as_str()), Some("=germany"));

    let stubs = suggest::suggest(&cands, &rule_files(rules.path()), &Languages::builtin());
    assert_eq!(stubs.entities, 0, "{}", stubs.text);
    assert!(stubs.text.contains("from = \"norway\""), "{}", stubs.text);
}

fn run(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_reconcile"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn report_discover_appends_the_candidates_to_the_table() {
    let out = run(&[
        "report",
        "seeds",
        "--rules",
        "tests/fixtures/empty_rules",
        "--discover",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let at = text
        .find("candidate keys:")
        .expect("the candidates section");
    assert!(text[at..].contains("3 bin 538 004:33"), "{text}");
    assert!(text.contains("rules suggest"), "{text}");
}

#[test]
fn rules_suggest_prints_a_rule_file_and_nothing_when_the_rules_cover_everything() {
    let out = run(&[
        "rules",
        "suggest",
        "seeds",
        "--rules",
        "tests/fixtures/empty_rules",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let file: reconcile::rules::file::RuleFile = toml::from_str(&text).unwrap();
    assert!(file.key.len() >= 3 && !file.entity.is_empty());

    let out = run(&["rules", "suggest", "seeds"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no candidate keys"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]

    /// Article text is untrusted: reading features and grouping never panics, whatever the
    /// mix of scripts, apostrophes, breaks and digits.
    #[test]
    fn discovery_never_panics_on_odd_text(
        text in "([A-ZÇĞİÖŞÜ]?[a-zçğıöşü]{0,6}|[0-9]{1,5}|[ ,;:.’'\n\u{202f}–-]|bin|milyar|and|ve|in|'da|’den){0,40}"
    ) {
        let langs = Languages::builtin();
        let vocab = discover::Vocab::new(&langs);
        for code in ["en", "tr"] {
            let lang = langs.get(code).unwrap();
            let observed: Vec<Observed> = reconcile::extract::extract(&text, lang, None)
                .into_iter()
                .filter_map(|m| {
                    let features = discover::features(&text, &m, lang, &vocab)?;
                    let at = reconcile::normalize::Located {
                        source: format!("s{}", m.span.start % 3).into(),
                        line: 1,
                        column: m.span.start + 1,
                        end_line: 1,
                        end_column: m.span.end + 1,
                        text: m.span.slice(&text).into(),
                        sentence: Default::default(),
                        mention: m,
                    };
                    Some(Observed { at, features })
                })
                .collect();
            let cands = discover::candidates(&observed);
            let _ = suggest::suggest(&cands, &[], &langs);
        }
    }
}
