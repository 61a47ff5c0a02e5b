//! Rule stubs from candidate keys: `reconcile rules suggest` prints one rule file holding an
//! `[[entity]]` for each entity the candidates point at that the rules do not define yet, and
//! a `[[key]]` per candidate with its words, direction, examples and counter-examples.
//!
//! A stub is a guess, so it is checked before it is printed: the stubs are compiled together
//! with the existing rule files and every example is run through the real pipeline
//! ([`RuleSet::run_examples`]). An example taken from a figure's clause that does not map is
//! retried with the whole sentence, then dropped; a counter-example (borrowed from another
//! candidate's figures) that maps is dropped; a key left without an example or a
//! counter-example, or one that makes an existing example fail, is printed commented out with
//! the reason. What is printed uncommented therefore loads and passes `rules test` as is.
//!
//! The examples are the sources' own clauses, which `rules/README.md` warns against keeping:
//! the header says to replace them with sentences of one's own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::{fold_ascii, Candidate, Figure, Vocab};
use crate::extract::{Hedge, Unit};
use crate::lang::Languages;
use crate::rules::examples::number;
use crate::rules::file::RuleFile;
use crate::rules::{unit_spelling, RuleSet};

/// The stubs as one rule file, and how many keys and entities it holds uncommented.
#[derive(Debug, Clone, PartialEq)]
pub struct Stubs {
    pub text: String,
    pub keys: usize,
    pub entities: usize,
}

/// Where the stubs are said to live while they are checked (shown in no output).
const STUB_PATH: &str = "suggested.toml";

/// How many counter-examples a stub carries at most.
const MAX_COUNTERS: usize = 2;

/// What the loaded rules already define.
#[derive(Default)]
struct Known {
    /// Folded alias (per language) -> entity id.
    aliases: BTreeMap<(String, String), String>,
    entity_ids: BTreeSet<String>,
    key_ids: BTreeSet<String>,
}

fn known(files: &[(PathBuf, String)], langs: &Languages) -> Known {
    let mut k = Known::default();
    for (_, text) in files {
        let Ok(file) = toml::from_str::<RuleFile>(text) else {
            continue;
        };
        for e in &file.entity {
            let e = e.get_ref();
            let id = e.id.get_ref().clone();
            for list in [&e.name, &e.demonym] {
                for (code, words) in list {
                    let Some(lang) = langs.get(code.get_ref()) else {
                        continue;
                    };
                    for w in words {
                        let w = w.get_ref().trim().trim_end_matches('*');
                        k.aliases
                            .insert((code.get_ref().clone(), lang.fold(w)), id.clone());
                    }
                }
            }
            k.entity_ids.insert(id);
        }
        for key in &file.key {
            k.key_ids.insert(key.get_ref().id.get_ref().clone());
        }
    }
    k
}

/// An entity the stubs need: defined already, or to be written.
#[derive(Debug, Clone)]
struct EntityStub {
    id: String,
    /// Per language: (name forms, demonym forms); empty when the rules define it.
    forms: BTreeMap<String, (Vec<String>, Vec<String>)>,
    new: bool,
}

/// Forms of one stem across all candidates, with votes for name or demonym.
fn entity_for(
    stem: &str,
    cands: &[Candidate],
    known: &Known,
    langs: &Languages,
    taken: &mut BTreeSet<String>,
) -> EntityStub {
    // (lang, word) -> (name votes, demonym votes)
    let mut votes: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for f in cands.iter().flat_map(|c| c.figures.iter()) {
        for w in f.words.iter().filter(|w| w.stem == stem) {
            if !w.in_clause && w.marked.is_none() {
                continue;
            }
            let v = votes
                .entry((f.lang.clone(), w.word.clone()))
                .or_insert((0, 0));
            if w.adjective && w.marked.is_none() {
                v.1 += 1;
            } else {
                v.0 += 1;
            }
        }
    }
    for (lang, word) in votes.keys() {
        let folded = langs
            .get(lang)
            .map(|l| l.fold(word))
            .unwrap_or_else(|| word.to_lowercase());
        if let Some(id) = known.aliases.get(&(lang.clone(), folded)) {
            return EntityStub {
                id: id.clone(),
                forms: BTreeMap::new(),
                new: false,
            };
        }
    }
    // One spelling per folded word: the one not in capitals, else the first.
    let mut forms: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut ordered: Vec<_> = votes.iter().collect();
    ordered.sort_by_key(|((_, w), _)| !w.chars().any(char::is_lowercase));
    for ((lang, word), (name, demonym)) in ordered {
        let folded = langs
            .get(lang)
            .map(|l| l.fold(word))
            .unwrap_or_else(|| word.to_lowercase());
        if !seen.insert((lang.clone(), folded)) {
            continue;
        }
        let slot = forms.entry(lang.clone()).or_default();
        if demonym > name {
            slot.1.push(word.clone());
        } else {
            slot.0.push(word.clone());
        }
    }
    for (names, demonyms) in forms.values_mut() {
        names.sort();
        demonyms.sort();
    }
    let pick = |names: bool| {
        let mut by_lang: Vec<_> = forms.iter().collect();
        by_lang.sort_by_key(|(l, _)| l.as_str() != "en");
        by_lang
            .iter()
            .flat_map(|(_, (n, d))| if names { n.iter() } else { d.iter() })
            .next()
            .cloned()
    };
    let base = match stem.strip_prefix('=') {
        Some(id) => id.to_string(),
        None => pick(true)
            .or_else(|| pick(false))
            .map(|w| ascii_id(&w))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| ascii_id(stem)),
    };
    let id = unique(&base, |s| taken.contains(s) || known.entity_ids.contains(s));
    taken.insert(id.clone());
    EntityStub {
        id,
        forms,
        new: true,
    }
}

/// Lowercase ASCII letters, digits and `_` only.
fn ascii_id(s: &str) -> String {
    let folded = fold_ascii(s);
    let id: String = folded
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
        .collect();
    if id.is_empty() {
        "entity".to_string()
    } else {
        id
    }
}

fn unique(base: &str, used: impl Fn(&str) -> bool) -> String {
    if !used(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|s| !used(s))
        .unwrap_or_else(|| base.to_string())
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", q.join(", "))
}

/// One example slot: the clause first, then the sentence, then nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Clause,
    Sentence,
    Dropped,
}

struct Example<'a> {
    figure: &'a Figure,
    stage: Stage,
}

struct Counter {
    lang: String,
    text: String,
    live: bool,
}

/// Everything about one key stub that the checking loop changes.
struct KeyStub<'a> {
    cand: &'a Candidate,
    id: String,
    examples: Vec<Example<'a>>,
    counters: Vec<Counter>,
    /// Why it is printed commented out.
    disabled: Option<String>,
}

/// Print the stubs for `cands`, checked against the rule files `files` (path, text).
pub fn suggest(cands: &[Candidate], files: &[(PathBuf, String)], langs: &Languages) -> Stubs {
    if cands.is_empty() {
        return Stubs {
            text: String::new(),
            keys: 0,
            entities: 0,
        };
    }
    let known = known(files, langs);
    let vocab = Vocab::new(langs);

    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut entities: BTreeMap<String, EntityStub> = BTreeMap::new();
    for c in cands {
        let stems = c
            .from
            .iter()
            .chain(c.to.iter())
            .chain(c.about.iter())
            .map(|s| s.stem.clone());
        for stem in stems {
            if let std::collections::btree_map::Entry::Vacant(slot) = entities.entry(stem) {
                let e = entity_for(slot.key(), cands, &known, langs, &mut taken);
                slot.insert(e);
            }
        }
    }

    let mut key_ids: BTreeSet<String> = BTreeSet::new();
    let mut stubs: Vec<KeyStub> = cands
        .iter()
        .map(|c| {
            let id = unique(&c.id, |s| key_ids.contains(s) || known.key_ids.contains(s));
            key_ids.insert(id.clone());
            let mut clauses = BTreeSet::new();
            let examples = c
                .figures
                .iter()
                .filter(|f| f.value.is_some() && clauses.insert((f.lang.clone(), f.clause.clone())))
                .map(|f| Example {
                    figure: f,
                    stage: Stage::Clause,
                })
                .collect();
            KeyStub {
                cand: c,
                id,
                examples,
                counters: counters_for(c, cands),
                disabled: None,
            }
        })
        .collect();

    // Check, and give up what fails, until nothing does.
    let stub_path = PathBuf::from(STUB_PATH);
    let baseline: BTreeSet<String> = match RuleSet::from_files(files, langs) {
        Ok(rules) => rules
            .run_examples(langs)
            .iter()
            .map(|f| f.to_string())
            .collect(),
        Err(_) => BTreeSet::new(),
    };
    for _ in 0..64 {
        for s in &mut stubs {
            if s.disabled.is_none() {
                if !s.examples.iter().any(|e| e.stage != Stage::Dropped) {
                    s.disabled = Some("none of its examples maps onto it as generated".into());
                } else if !s.counters.iter().any(|c| c.live) {
                    s.disabled =
                        Some("no counter-example found: write one before enabling it".into());
                }
            }
        }
        let (text, lines) = render(&stubs, &entities, &vocab, false);
        let mut all = files.to_vec();
        all.push((stub_path.clone(), text));
        let rules = match RuleSet::from_files(&all, langs) {
            Ok(r) => r,
            Err(errors) => {
                // A stub the loader refuses: disable the keys its errors name, or all.
                let mut hit = false;
                for s in stubs.iter_mut().filter(|s| s.disabled.is_none()) {
                    let named = errors
                        .iter()
                        .any(|e| e.message.contains(&format!("key \"{}\"", s.id)));
                    if named {
                        s.disabled = Some("the rule loader refused it".into());
                        hit = true;
                    }
                }
                if !hit {
                    for s in stubs.iter_mut().filter(|s| s.disabled.is_none()) {
                        s.disabled = Some("the rule loader refused the stubs".into());
                    }
                }
                continue;
            }
        };
        let failures = rules.run_examples(langs);
        let mut changed = false;
        for f in &failures {
            if f.path == stub_path {
                if let Some(&(k, slot)) = lines.get(&f.line) {
                    changed |= give_up(&mut stubs[k], slot);
                }
            } else if !baseline.contains(&f.to_string()) {
                // A stub that breaks an existing example: it overlaps that key.
                for s in stubs.iter_mut().filter(|s| s.disabled.is_none()) {
                    if names_key(&f.message, &s.id) {
                        s.disabled = Some(format!(
                            "it takes figures of an existing key ({})",
                            f.message
                        ));
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }

    let (text, _) = render(&stubs, &entities, &vocab, true);
    let keys = stubs.iter().filter(|s| s.disabled.is_none()).count();
    Stubs {
        text,
        keys,
        entities: entities.values().filter(|e| e.new).count(),
    }
}

/// Does `message` name key `id` as a whole word?
fn names_key(message: &str, id: &str) -> bool {
    message.match_indices(id).any(|(i, _)| {
        let before = message[..i].chars().next_back();
        let after = message[i + id.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && !word(after)
    })
}

/// Move the failing slot one stage on; `true` when something changed.
fn give_up(stub: &mut KeyStub, slot: Slot) -> bool {
    match slot {
        Slot::Example(i) => match stub.examples.get_mut(i) {
            Some(e) if e.stage == Stage::Clause => {
                e.stage = Stage::Sentence;
                true
            }
            Some(e) if e.stage == Stage::Sentence => {
                e.stage = Stage::Dropped;
                true
            }
            _ => false,
        },
        Slot::Counter(i) => match stub.counters.get_mut(i) {
            Some(c) if c.live => {
                c.live = false;
                true
            }
            _ => false,
        },
    }
}

/// Counter-examples for `c`: clauses of other candidates' figures, the most telling first
/// (the same unit and concept, so the other direction; then the same unit).
fn counters_for(c: &Candidate, cands: &[Candidate]) -> Vec<Counter> {
    let langs: BTreeSet<&str> = c.figures.iter().map(|f| f.lang.as_str()).collect();
    let stems = |cand: &Candidate| -> BTreeSet<String> {
        cand.from
            .iter()
            .chain(cand.to.iter())
            .chain(cand.about.iter())
            .map(|s| s.stem.clone())
            .collect()
    };
    let mine = stems(c);
    // (rank, more shared entities first, another language last, candidate, language, text)
    type Ranked<'a> = (u8, std::cmp::Reverse<usize>, u8, &'a str, &'a str, &'a str);
    let mut ranked: Vec<Ranked> = Vec::new();
    for other in cands.iter().filter(|o| o.id != c.id) {
        let rank = match (other.unit == c.unit, other.concept == c.concept) {
            (true, true) => 0,
            (true, false) => 1,
            _ => 2,
        };
        let shared = stems(other).intersection(&mine).count();
        for f in &other.figures {
            if c.figures
                .iter()
                .any(|g| g.clause == f.clause || g.sentence == f.sentence)
            {
                continue;
            }
            let lang_rank = u8::from(!langs.contains(f.lang.as_str()));
            ranked.push((
                rank,
                std::cmp::Reverse(shared),
                lang_rank,
                &other.id,
                &f.lang,
                &f.clause,
            ));
        }
    }
    ranked.sort();
    let mut seen = BTreeSet::new();
    ranked
        .into_iter()
        .filter(|(_, _, _, _, _, text)| !text.trim().is_empty() && seen.insert(text.to_string()))
        .take(MAX_COUNTERS * 3)
        .map(|(_, _, _, _, lang, text)| Counter {
            lang: lang.to_string(),
            text: text.to_string(),
            live: true,
        })
        .collect()
}

/// A line of the stub file that holds one example or counter-example.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Example(usize),
    Counter(usize),
}

/// The words of `c` in `lang`: the concept's words from the language file, or the stem of
/// the noun the figures share.
fn words(c: &Candidate, lang: &str, vocab: &Vocab) -> Option<Vec<String>> {
    if let Some((code, stem)) = c.concept.split_once('~') {
        return (code == lang).then(|| vec![format!("{stem}*")]);
    }
    vocab.words_of(lang, &c.concept).map(<[String]>::to_vec)
}

fn label_in(c: &Candidate, lang: &str, entities: &BTreeMap<String, EntityStub>) -> String {
    let figs: Vec<&Figure> = c.figures.iter().filter(|f| f.lang == lang).collect();
    let form = |stem: &str| -> Option<String> {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &figs {
            for w in f.words.iter().filter(|w| w.stem == stem) {
                *count.entry(w.word.as_str()).or_insert(0) += 1 + usize::from(w.in_clause) * 10;
            }
        }
        let best = count
            .into_iter()
            .filter(|(w, _)| w.chars().any(char::is_lowercase))
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
            .map(|(w, _)| w.to_string());
        best.or_else(|| entities.get(stem).map(|e| e.id.clone()))
    };
    let noun = figs
        .iter()
        .find_map(|f| f.noun.clone())
        .unwrap_or_else(|| c.concept.clone());
    let mut l = String::new();
    match (&c.from, &c.to) {
        (None, None) => {
            for s in &c.about {
                if let Some(w) = form(&s.stem) {
                    l.push_str(&w);
                    l.push(' ');
                }
            }
            l.push_str(&noun);
        }
        (from, to) => {
            if let Some(w) = from.as_ref().and_then(|s| form(&s.stem)) {
                l.push_str(&w);
                l.push(' ');
            }
            l.push_str(&noun);
            if let Some(w) = to.as_ref().and_then(|s| form(&s.stem)) {
                l.push_str(" → ");
                l.push_str(&w);
            }
        }
    }
    l
}

/// The stub file; with the line of every example and counter-example (1-based) -> its slot.
fn render(
    stubs: &[KeyStub],
    entities: &BTreeMap<String, EntityStub>,
    vocab: &Vocab,
    final_text: bool,
) -> (String, BTreeMap<usize, (usize, Slot)>) {
    let mut lines: Vec<String> = Vec::new();
    let mut slots = BTreeMap::new();
    let live = stubs.iter().filter(|s| s.disabled.is_none()).count();
    if final_text {
        lines.push(format!(
            "# Rule stubs from `reconcile rules suggest`: {} candidate key{} ({} ready to load).",
            stubs.len(),
            if stubs.len() == 1 { "" } else { "s" },
            live
        ));
        lines.push(
            "# Every id, label, word and direction here is a guess from the sources: read each one."
                .into(),
        );
        lines.push(
            "# The examples are the sources' own clauses; replace them with sentences of your own"
                .into(),
        );
        lines.push(
            "# (rules/README.md, \"Examples\"), and add counter-examples for the traps you know."
                .into(),
        );
        lines.push(
            "# What is not commented out loads and passes `reconcile rules test` as printed."
                .into(),
        );
    }

    let mut ents: Vec<&EntityStub> = entities.values().filter(|e| e.new).collect();
    ents.sort_by(|a, b| a.id.cmp(&b.id));
    for e in ents {
        lines.push(String::new());
        lines.push("[[entity]]".into());
        lines.push(format!("id = {}", quoted(&e.id)));
        for (lang, (names, _)) in &e.forms {
            if !names.is_empty() {
                lines.push(format!("name.{lang} = {}", list(names)));
            }
        }
        for (lang, (_, demonyms)) in &e.forms {
            if !demonyms.is_empty() {
                lines.push(format!("demonym.{lang} = {}", list(demonyms)));
            }
        }
        if e.forms.values().all(|(n, d)| n.is_empty() && d.is_empty()) {
            lines.push(format!("name.en = {}", list(std::slice::from_ref(&e.id))));
        }
    }

    for (k, s) in stubs.iter().enumerate() {
        let c = s.cand;
        let off = s.disabled.is_some();
        if off && !final_text {
            continue;
        }
        let p = if off { "# " } else { "" };
        lines.push(String::new());
        lines.push(format!(
            "# {}: values {}: {}",
            s.id,
            c.verdict.as_str(),
            c.message
        ));
        if let Some(why) = &s.disabled {
            lines.push(format!("# commented out: {why}"));
        }
        lines.push(format!("{p}[[key]]"));
        lines.push(format!("{p}id = {}", quoted(&s.id)));
        let langs: BTreeSet<&str> = c.figures.iter().map(|f| f.lang.as_str()).collect();
        for lang in &langs {
            lines.push(format!(
                "{p}label.{lang} = {}",
                quoted(&label_in(c, lang, entities))
            ));
        }
        lines.push(format!("{p}unit = {}", quoted(&unit_spelling(&c.unit))));
        lines.push(format!("{p}kind = {}", quoted(c.kind.as_str())));
        let id_of = |stem: &str| entities.get(stem).map(|e| e.id.clone());
        if let Some(id) = c.from.as_ref().and_then(|s| id_of(&s.stem)) {
            lines.push(format!("{p}from = {}", quoted(&id)));
        }
        if let Some(id) = c.to.as_ref().and_then(|s| id_of(&s.stem)) {
            lines.push(format!("{p}to = {}", quoted(&id)));
        }
        let about: Vec<String> = c.about.iter().filter_map(|s| id_of(&s.stem)).collect();
        if !about.is_empty() {
            lines.push(format!("{p}about = {}", list(&about)));
        }
        let counted = matches!(c.unit, Unit::Count | Unit::Measure(_));
        for lang in &langs {
            let Some(ws) = words(c, lang, vocab) else {
                continue;
            };
            if counted {
                lines.push(format!("{p}noun.{lang} = {}", list(&ws)));
            } else {
                lines.push(format!("{p}require.{lang} = [{}]", list(&ws)));
            }
        }
        for lang in &langs {
            let swallowed = vocab.swallowed(lang, &c.concept);
            if !swallowed.is_empty() {
                lines.push(format!("{p}exclude.{lang} = {}", list(&swallowed)));
            }
        }
        lines.push(format!("{p}example = ["));
        for (i, e) in s.examples.iter().enumerate() {
            let f = e.figure;
            let text = match e.stage {
                Stage::Clause => &f.clause,
                Stage::Sentence => &f.sentence,
                Stage::Dropped => continue,
            };
            let Some(v) = f.value else { continue };
            let hedge = if f.hedge == Hedge::Exact {
                String::new()
            } else {
                format!(", hedge = {}", quoted(f.hedge.as_str()))
            };
            lines.push(format!(
                "{p}  {{ lang = {}, text = {}, value = {}{hedge} }},",
                quoted(&f.lang),
                quoted(text),
                number(v)
            ));
            slots.insert(lines.len(), (k, Slot::Example(i)));
        }
        lines.push(format!("{p}]"));
        lines.push(format!("{p}counter = ["));
        let mut shown = 0;
        for (i, ct) in s.counters.iter().enumerate() {
            if !ct.live || shown >= MAX_COUNTERS {
                continue;
            }
            shown += 1;
            lines.push(format!(
                "{p}  {{ lang = {}, text = {} }},",
                quoted(&ct.lang),
                quoted(&ct.text)
            ));
            slots.insert(lines.len(), (k, Slot::Counter(i)));
        }
        if final_text {
            lines.push(format!(
                "{p}  # TODO: a sentence of your own that must not map here (the other direction, a neighbouring figure)"
            ));
        }
        lines.push(format!("{p}]"));
        if final_text {
            let dropped: Vec<String> = s
                .examples
                .iter()
                .filter(|e| e.stage == Stage::Dropped)
                .map(|e| format!("{}:{}", e.figure.source, e.figure.line))
                .collect();
            if !dropped.is_empty() {
                lines.push(format!(
                    "# not used as examples (they did not map onto the stub): {}",
                    dropped.join(", ")
                ));
            }
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    (text, slots)
}
