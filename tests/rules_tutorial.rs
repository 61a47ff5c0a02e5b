//! The worked example of `rules/README.md`: its rule file loads, every example and
//! counter-example passes through the real pipeline, and the README shows the file exactly
//! as it is tested.

use std::path::Path;

use reconcile::lang::Languages;
use reconcile::rules::RuleSet;

fn dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tutorial_rules"
    ))
}

#[test]
fn the_tutorial_rules_load() {
    let rules = RuleSet::load_dir(dir()).unwrap_or_else(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        panic!("{}", lines.join("\n"))
    });
    let ids: Vec<&str> = rules.keys.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(ids, ["merger_jobs_cut", "contoso_staff_to_northwind"]);
}

#[test]
fn the_tutorial_examples_pass() {
    let rules = RuleSet::load_dir(dir()).expect("tutorial rules load");
    let failures = rules.run_examples(&Languages::builtin());
    let lines: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(lines.is_empty(), "\n{}", lines.join("\n"));
    assert_eq!(
        rules
            .summary("en")
            .iter()
            .map(|r| r.examples + r.counters)
            .sum::<usize>(),
        12
    );
}

#[test]
fn a_broken_example_is_reported_with_its_file_and_line() {
    let text = std::fs::read_to_string(dir().join("merger.toml")).expect("tutorial file");
    // Point the second key's first example at the wrong direction.
    let broken = text.replace(
        "About 3,400 Contoso employees will move to Northwind.",
        "About 3,400 Northwind employees will move to Contoso.",
    );
    assert_ne!(text, broken);
    let line = broken
        .lines()
        .position(|l| l.contains("3,400 Northwind"))
        .expect("edited line")
        + 1;
    let rules = RuleSet::from_files(
        &[("rules/merger.toml".into(), broken)],
        &Languages::builtin(),
    )
    .expect("still valid rules");
    let failures: Vec<String> = rules
        .run_examples(&Languages::builtin())
        .iter()
        .map(|f| f.to_string())
        .collect();
    assert_eq!(
        failures,
        vec![format!(
            "rules/merger.toml:{line}: example \"About 3,400 Northwind employees will move to Contoso.\" \
             expected contoso_staff_to_northwind (value 3400), got unmapped \
             (closest contoso_staff_to_northwind: contoso is the destination here, the key needs it as the origin)"
        )]
    );
}

#[test]
fn the_readme_shows_the_tutorial_file_as_tested() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/README.md"))
        .expect("rules/README.md");
    let file = std::fs::read_to_string(dir().join("merger.toml")).expect("tutorial file");
    assert!(
        readme.contains(&file),
        "rules/README.md must show tests/fixtures/tutorial_rules/merger.toml verbatim"
    );
}
