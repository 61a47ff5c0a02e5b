//! Entry points shared by the fuzz targets (`fuzz/fuzz_targets/*.rs`) and the corpus replay
//! test (`tests/fuzz_replay.rs`), so a crash found by libFuzzer and a seed replayed by
//! `cargo test` run exactly the same code. Each entry takes arbitrary bytes, feeds them to one
//! part of the engine, and checks the invariants that part promises (spans on character
//! boundaries, errors located inside their file, prose the same length as its original,
//! `stats` adding up). A broken invariant panics: that is how a fuzzer learns of it.
//!
//! This module is not part of the library's API (it is `#[doc(hidden)]`); it owns no topic or
//! language knowledge: the corpus for [`pipeline_any`] is loaded by the caller from disk.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::compare::{self, Reconciliation, SourceInfo};
use crate::extract::{self, Mention};
use crate::lang::Languages;
use crate::normalize::Normalized;
use crate::pipeline::Engine;
use crate::render::{self, ReportFormat};
use crate::rules::{RuleError, RuleSet};
use crate::source::{self, Format, LoadOptions, Source};

fn languages() -> &'static Languages {
    static LANGS: OnceLock<Languages> = OnceLock::new();
    LANGS.get_or_init(Languages::builtin)
}

/// Arbitrary bytes as text: invalid UTF-8 becomes U+FFFD, so every input reaches the engine.
fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Extract from `data` as text in language `lang` (`en`, `tr`), with and without a
/// publication date, and check every mention against its text.
pub fn extract_any(lang: &str, data: &[u8]) {
    let Some(language) = languages().get(lang) else {
        panic!("unknown language {lang}");
    };
    let text = text_of(data);
    for published in [None, NaiveDate::from_ymd_opt(2025, 7, 29)] {
        let mentions = extract::extract(&text, language, published);
        for m in &mentions {
            check_mention(&text, m);
        }
    }
}

/// What every mention promises about the text it came from.
pub fn check_mention(text: &str, m: &Mention) {
    let ok_span = |s: crate::text::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    assert!(ok_span(m.span), "span {:?} does not fit the text", m.span);
    assert!(
        ok_span(m.sentence),
        "sentence {:?} does not fit the text",
        m.sentence
    );
    assert!(
        m.sentence.contains(m.span),
        "sentence {:?} does not contain its mention {:?}",
        m.sentence,
        m.span
    );
    for v in [m.value, m.upper, m.previous].into_iter().flatten() {
        assert!(v.is_finite(), "non-finite value {v} in {m:?}");
    }
    if let Some(p) = m.period {
        assert!(p.start <= p.end, "period ends before it starts: {p:?}");
    }
}

/// Compile `data` as one rule file, beside `context` (rule files already known good, so a
/// fuzzed key can name their entities). Errors must be located inside their file and read as
/// one line; a rule set that compiles must list and run its examples without panicking.
pub fn load_rules_any(context: &[(PathBuf, String)], data: &[u8]) {
    let text = text_of(data);
    let fuzzed = PathBuf::from("fuzzed.toml");
    let mut files = context.to_vec();
    files.push((fuzzed.clone(), text.clone()));
    // Alone and beside the context: duplicates and unknown entities are different paths.
    let alone = [(fuzzed, text)];
    for (files, examples) in [(&alone[..], true), (&files[..], false)] {
        match RuleSet::from_files(files, languages()) {
            Ok(rules) => {
                let _ = rules.summary("en");
                let _ = rules.summary("tr");
                // The context's own examples are tested elsewhere; run the fuzzed file's.
                if examples {
                    let _ = rules.run_examples(languages());
                }
                let mut out = Vec::new();
                render::rules_list::write(&rules, &mut out).expect("write to memory");
                assert_terminal_safe(&String::from_utf8_lossy(&out));
            }
            Err(errors) => {
                assert!(!errors.is_empty(), "an Err with no errors");
                for e in &errors {
                    check_rule_error(files, e);
                }
            }
        }
    }
}

fn check_rule_error(files: &[(PathBuf, String)], e: &RuleError) {
    let Some((_, text)) = files.iter().find(|(p, _)| p == &e.path) else {
        panic!("error names a file that was not given: {e}");
    };
    let lines = crate::text::LineIndex::new(text).line_count();
    assert!(
        e.line >= 1 && e.line <= lines,
        "line {} outside 1..={lines}: {e}",
        e.line
    );
    assert!(e.column >= 1, "column 0: {e}");
    let shown = e.to_string();
    assert!(!e.message.is_empty(), "empty message: {shown}");
    assert!(!shown.contains('\n'), "error is not one line: {shown:?}");
}

/// The format a fuzz input asks for: its first byte picks text, Markdown or HTML.
fn split_format(data: &[u8]) -> (&'static str, &[u8]) {
    match data.split_first() {
        Some((b, rest)) => (["fuzz.txt", "fuzz.md", "fuzz.html"][*b as usize % 3], rest),
        None => ("fuzz.txt", data),
    }
}

/// Load `data` as a text, Markdown or HTML document (chosen by its first byte) and check
/// that its prose keeps every offset of the original.
pub fn load_markup_any(data: &[u8]) {
    let (name, rest) = split_format(data);
    let src = source::from_text(
        "fuzz",
        Path::new(name),
        text_of(rest),
        &LoadOptions::default(),
        languages(),
    );
    check_source(&src);
}

/// What a loaded source promises: prose is the original with some bytes blanked to spaces
/// (or an entity written as its character over the entity's own bytes), newlines kept, so
/// offsets and line numbers agree.
pub fn check_source(src: &Source) {
    let (o, p) = (src.original.as_bytes(), src.prose.as_bytes());
    assert_eq!(o.len(), p.len(), "prose and original differ in length");
    for (i, (&a, &b)) in o.iter().zip(p).enumerate() {
        // Kept, blanked, or (entities such as `&amp;`) ASCII markup written as its character.
        assert!(
            a == b || b == b' ' || (a.is_ascii() && b != b'\n' && b != b'\r'),
            "prose byte {i} is {b:#04x}, neither the original {a:#04x} nor a blank"
        );
        if a == b'\n' || b == b'\n' {
            assert_eq!(a, b, "newline at byte {i} was not kept");
        }
    }
    for s in &src.suppressions {
        let r = s.applies_to;
        assert!(
            r.start <= r.end && r.end <= o.len(),
            "suppression range {r:?} outside the document"
        );
    }
    assert!(matches!(
        src.format,
        Format::Text | Format::Markdown | Format::Html
    ));
}

/// A small corpus to add one fuzzed source to, already extracted and normalized (so a fuzz
/// run spends its time on the fuzzed source), and the engine that reads it.
pub struct Corpus {
    pub engine: Engine,
    pub infos: Vec<SourceInfo>,
    pub processed: Vec<Normalized>,
}

impl Corpus {
    /// Load the rules under `rules` and the sources under `sources` (e.g. the seeds).
    pub fn load(rules: &Path, sources: &Path) -> Result<Corpus, String> {
        let rules = RuleSet::load_dir(rules).map_err(|errors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        })?;
        let (sources, errors) = source::load_paths(
            &[sources.to_path_buf()],
            &LoadOptions::default(),
            languages(),
        );
        if let Some(e) = errors.first() {
            return Err(e.to_string());
        }
        let engine = Engine::new(rules, Languages::builtin());
        let processed = engine.process_all(&sources);
        Ok(Corpus {
            infos: sources.iter().map(crate::pipeline::info).collect(),
            processed,
            engine,
        })
    }
}

/// Reconcile `corpus` plus one source made of `data` (format from its first byte, language
/// from its second), render every format, and check the accounting and determinism.
pub fn pipeline_any(corpus: &Corpus, data: &[u8]) {
    let (name, rest) = split_format(data);
    let (lang, rest) = match rest.split_first() {
        Some((b, rest)) => (["en", "tr"][*b as usize % 2], rest),
        None => ("en", rest),
    };
    let opts = LoadOptions {
        lang: Some(lang.to_string()),
        decode: None,
    };
    let fuzzed = source::from_text(
        "zz_fuzzed",
        Path::new(name),
        text_of(rest),
        &opts,
        languages(),
    );
    check_source(&fuzzed);
    let mut infos = corpus.infos.clone();
    infos.push(crate::pipeline::info(&fuzzed));
    let mut per_source = corpus.processed.clone();
    per_source.push(corpus.engine.process(&fuzzed));
    let rules = &corpus.engine.rules;

    let combine = |parts: &mut dyn Iterator<Item = &Normalized>| {
        let mut all = Normalized::default();
        for n in parts {
            all.append(n.clone());
        }
        all
    };
    let rec = compare::reconcile(infos.clone(), combine(&mut per_source.iter()), rules);
    check_reconciliation(&rec);
    infos.reverse();
    let reversed = compare::reconcile(infos, combine(&mut per_source.iter().rev()), rules);
    assert_eq!(
        json(&rec),
        json(&reversed),
        "the report depends on the order of sources"
    );

    for format in [
        ReportFormat::Table,
        ReportFormat::Json,
        ReportFormat::Markdown,
        ReportFormat::Csv,
        ReportFormat::Html,
    ] {
        let mut out = Vec::new();
        render::report(&rec, format, &mut out).expect("write to memory");
        let text = String::from_utf8(out).expect("reports are UTF-8");
        match format {
            ReportFormat::Table => assert_terminal_safe(&text),
            ReportFormat::Json => {
                let _: serde_json::Value =
                    serde_json::from_str(&text).expect("the JSON report parses");
            }
            _ => {}
        }
    }
    for format in [
        render::claims::ClaimsFormat::Table,
        render::claims::ClaimsFormat::Json,
        render::claims::ClaimsFormat::Jsonl,
    ] {
        let mut out = Vec::new();
        render::claims::write(&per_source, rules, format, true, &mut out).expect("write to memory");
        let text = String::from_utf8(out).expect("claims output is UTF-8");
        if format == render::claims::ClaimsFormat::Table {
            assert_terminal_safe(&text);
        }
    }
}

/// `stats` adds up: every mention is mapped, unmapped or ignored, and each count matches what
/// the report lists.
pub fn check_reconciliation(rec: &Reconciliation) {
    let s = &rec.stats;
    assert_eq!(
        s.mentions,
        s.mapped + s.unmapped + s.ignored,
        "stats do not add up: {s:?}"
    );
    let listed: usize = rec.findings.iter().map(|f| f.claims.len()).sum();
    assert_eq!(s.mapped, listed, "mapped claims missing from findings");
    assert_eq!(s.unmapped, rec.unmapped.len(), "unmapped count");
    assert_eq!(s.ignored, rec.ignored.len(), "ignored count");
    assert_eq!(s.sources, rec.sources.len(), "source count");
}

/// Terminal output may hold newlines but no other control character (no ESC, no BEL, no CR).
pub fn assert_terminal_safe(text: &str) {
    if let Some((i, c)) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && c != '\n')
    {
        panic!("control character {c:?} at byte {i} reaches the terminal");
    }
}

fn json(rec: &Reconciliation) -> String {
    let mut out = Vec::new();
    render::json::report(rec, &mut out).expect("write to memory");
    String::from_utf8_lossy(&out).into_owned()
}
