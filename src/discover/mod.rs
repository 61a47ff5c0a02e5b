//! Discovery finds the keys nobody has written yet. It reads the figures no rule maps, groups
//! those that look like the same quantity in several sources, and shows each group as a
//! candidate key with its values, flagging groups whose values disagree; [`suggest`] turns
//! each candidate into a rule stub. It never maps a figure: a candidate is a hint for a
//! person, and only a rule written from it changes a report.
//!
//! ## What makes two figures "the same quantity"
//!
//! For every unmapped figure the pipeline keeps a few [`Features`] ([`features`](mod@features)):
//! the clause around it, the *concept* its counted noun names, and the capitalised words near
//! it with the role their grammar gives them. Two figures may share a candidate when
//!
//! 1. they have the same unit (`count`, `USD`, `%`, `day`…);
//! 2. they name the same concept: the concept of the word nearest each figure is the same, or
//!    one figure's is among the concepts of the other's clause. Concepts are language data:
//!    `[discover.concepts]` in each `rules/lang/<code>.toml` maps a concept id to words
//!    (`company = ["compan*", "firm*"]` in English, `["şirket*", "firma*"]` in Turkish), so
//!    the same id joins languages. A figure whose clause names no concept falls back to its
//!    next plain word, which only ever matches the same word in the same language;
//! 3. their entity words agree: no entity is the origin in one and the destination in the
//!    other, their origins (and destinations) overlap when both have some, and, when both
//!    name entities, they share one.
//!
//! Figures are taken in a fixed order (source, line, column) and each joins the group it fits
//! best (same concept first, then most shared entities), or starts one; a group with figures
//! from only one source is no candidate. Values are compared with the report's own interval
//! logic ([`crate::compare::Interval`]) at the default widths, so "exceeded $2.5 billion" and
//! "exceed $1.5 billion" disagree while "around 3,500" and "3,538" agree.
//!
//! ## Entities without a dictionary
//!
//! Discovery must work before any `[[entity]]` is written, so it knows no names. An entity
//! word is a capitalised word; a word capitalised only because it opens a sentence, follows a
//! quotation mark or sits in an all-capitals headline counts only if the same stem is written
//! capitalised somewhere else in the corpus (so `Italian` opening a sentence counts, `Some`
//! does not). Acronyms count whole (`NATO`). Across languages, words are compared by a
//! language-neutral *stem*: folded, diacritics stripped, and cut to its first four letters,
//! so `Italy`, `Italian`, `İtalya` and `İtalyan` are all `ital`, and `Portugal`,
//! `Portuguese`, `Portekiz` and `Portekizli` are all `port`.
//!
//! Roles come from the language's `[roles]` markers, as for rules: a preposition before
//! (`in`, `to`, `from`), a case suffix after an apostrophe (`İtalya’da`, `İtalya’dan`), a
//! case ending on the next word (`Portekiz ekonomisine`). A relation has two ends, so when
//! one entity is marked and another in the clause is not, the unmarked one takes the other
//! end: in "Italian investments in Portugal", Portugal is the destination and Italian the origin.
//!
//! The limits of this, which a person reading the candidates has to know:
//!
//! Where the rules already define an entity, its words are compared by the entity's id
//! instead ([`Names`]): writing `[[entity]]` for Norway with `Norveç` among its names is what
//! lets English and Turkish figures about Norway meet.
//!
//! - Four letters are a blunt stem. Names that share them merge (`Austria`/`Australia`,
//!   `Slovakia`/`Slovenia`), and names that differ early split (`France` and `French`,
//!   `Spain` and `Spanish`; `Norway` and its Turkish name `Norveç`, `Germany` and `Almanya`). A rule's
//!   `[[entity]]` is the cure: once written, those figures are mapped and leave discovery.
//! - Capitalisation is the only sign of a name, so languages without capitals, and all-caps
//!   text, give no entities; common nouns capitalised in a language (German) give too many.
//! - Roles are only as good as the markers: an entity named with no preposition or suffix and
//!   no marked partner stays neutral and fits either end.
//! - A concept missing from `[discover.concepts]` separates languages: English and Turkish
//!   figures about it never meet.

pub mod features;
pub mod suggest;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use features::{features, EntityWord, Features, Role};

use crate::compare::{clusters, Interval, Widths, DEFAULT_APPROX, DEFAULT_SLACK};
use crate::extract::{Hedge, Period, PeriodKind, Unit};
use crate::lang::Languages;
use crate::normalize::Located;
use crate::rules::KeyKind;

/// `[discover]` in a language file, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Concept id -> the words that name it (`company = ["compan*", "firm*"]`).
    #[serde(default)]
    pub concepts: BTreeMap<String, Vec<String>>,
}

/// The concepts of every language, folded for matching.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    /// Concept ids, sorted.
    pub concepts: Vec<String>,
    /// Per language: (folded word, matches as a prefix, concept index).
    words: BTreeMap<String, Vec<(String, bool, usize)>>,
    /// Per language and concept: the words as written, for rule stubs.
    written: BTreeMap<(String, usize), Vec<String>>,
}

impl Vocab {
    pub fn new(langs: &Languages) -> Vocab {
        let mut ids: BTreeSet<String> = BTreeSet::new();
        for code in langs.codes() {
            if let Some(lang) = langs.get(code) {
                ids.extend(lang.data.discover.concepts.keys().cloned());
            }
        }
        let concepts: Vec<String> = ids.into_iter().collect();
        let mut words = BTreeMap::new();
        let mut written = BTreeMap::new();
        for code in langs.codes() {
            let Some(lang) = langs.get(code) else {
                continue;
            };
            let mut list = Vec::new();
            for (id, ws) in &lang.data.discover.concepts {
                let Ok(c) = concepts.binary_search(id) else {
                    continue;
                };
                for w in ws {
                    let w = w.trim();
                    let (body, prefix) = match w.strip_suffix('*') {
                        Some(b) => (b, true),
                        None => (w, false),
                    };
                    if body.is_empty() || body.contains(char::is_whitespace) {
                        continue;
                    }
                    list.push((lang.fold(body), prefix, c));
                }
                written.insert((code.to_string(), c), ws.clone());
            }
            words.insert(code.to_string(), list);
        }
        Vocab {
            concepts,
            words,
            written,
        }
    }

    /// The concept a folded word names in language `lang`: the longest matching entry.
    pub fn concept(&self, lang: &str, word: &str) -> Option<usize> {
        self.words
            .get(lang)?
            .iter()
            .filter(|(w, prefix, _)| {
                if *prefix {
                    word.starts_with(w.as_str())
                } else {
                    word == w
                }
            })
            .max_by_key(|(w, _, _)| w.len())
            .map(|e| e.2)
    }

    /// Words of other concepts that a prefix word of concept `id` would also match in `lang`
    /// (`visit*` swallows `visitor*`), as written: a rule built from `id` must exclude them.
    pub fn swallowed(&self, lang: &str, id: &str) -> Vec<String> {
        let Ok(c) = self.concepts.binary_search_by(|x| x.as_str().cmp(id)) else {
            return Vec::new();
        };
        let Some(words) = self.words.get(lang) else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for (w, prefix, k) in words.iter().filter(|e| e.2 == c && e.1) {
            let _ = (prefix, k);
            for (other, oprefix, o) in words.iter().filter(|e| e.2 != c) {
                if other.starts_with(w.as_str()) {
                    let shown = if *oprefix {
                        format!("{other}*")
                    } else {
                        other.clone()
                    };
                    let _ = o;
                    out.push(shown);
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The words of concept `id` in language `lang`, as the language file writes them.
    pub fn words_of(&self, lang: &str, id: &str) -> Option<&[String]> {
        let c = self
            .concepts
            .binary_search_by(|x| x.as_str().cmp(id))
            .ok()?;
        self.written.get(&(lang.to_string(), c)).map(Vec::as_slice)
    }
}

/// Lowercase, strip diacritics and keep letters and digits: `İtalya’da` -> `italyada`.
pub fn fold_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::text::fold(s, false).chars() {
        let m = match c {
            'ç' | 'ć' | 'č' => "c",
            'ğ' => "g",
            'ı' | 'î' | 'í' | 'ì' | 'ï' | 'ī' => "i",
            'ö' | 'ó' | 'ò' | 'ô' | 'õ' | 'ø' | 'ő' | 'ō' => "o",
            'ş' | 'ś' | 'š' | 'ș' => "s",
            'ü' | 'ú' | 'ù' | 'û' | 'ű' | 'ū' => "u",
            'â' | 'á' | 'à' | 'ä' | 'å' | 'ã' | 'ā' | 'ă' | 'ą' => "a",
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ę' | 'ə' => "e",
            'ñ' | 'ń' => "n",
            'ł' => "l",
            'ž' | 'ż' | 'ź' => "z",
            'ř' => "r",
            'ț' => "t",
            'ý' => "y",
            'ß' => "ss",
            'æ' => "ae",
            c if c.is_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => continue,
        };
        out.push_str(m);
    }
    out
}

/// The entities the rules already define, by the words that name them: where they are
/// known, discovery compares entity ids instead of stems, so `Norway` and `Norveç` meet once
/// an `[[entity]]` names both.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// (language, folded word) -> entity id; `prefixes` for words written with `*`.
    words: BTreeMap<(String, String), String>,
    prefixes: Vec<(String, String, String)>,
}

impl Names {
    /// Read the `[[entity]]` tables of rule files (path, text); files that do not parse are
    /// skipped (the rule loader reports them).
    pub fn from_files(files: &[(std::path::PathBuf, String)], langs: &Languages) -> Names {
        let mut names = Names::default();
        for (_, text) in files {
            let Ok(file) = toml::from_str::<crate::rules::file::RuleFile>(text) else {
                continue;
            };
            for e in &file.entity {
                let e = e.get_ref();
                for list in [&e.name, &e.demonym] {
                    for (code, words) in list {
                        let Some(lang) = langs.get(code.get_ref()) else {
                            continue;
                        };
                        for w in words {
                            let w = w.get_ref().trim();
                            let id = e.id.get_ref().clone();
                            match w.strip_suffix('*') {
                                Some(p) => {
                                    names
                                        .prefixes
                                        .push((code.get_ref().clone(), lang.fold(p), id))
                                }
                                None => {
                                    names
                                        .words
                                        .insert((code.get_ref().clone(), lang.fold(w)), id);
                                }
                            }
                        }
                    }
                }
            }
        }
        names
    }

    fn id(&self, lang: &str, folded: &str) -> Option<&str> {
        if let Some(id) = self.words.get(&(lang.to_string(), folded.to_string())) {
            return Some(id);
        }
        self.prefixes
            .iter()
            .filter(|(l, p, _)| l == lang && folded.starts_with(p.as_str()))
            .max_by_key(|(_, p, _)| p.len())
            .map(|(_, _, id)| id.as_str())
    }

    /// Replace the stem of every entity word the rules name with `=` and the entity's id.
    pub fn apply(&self, observed: &mut [Observed], langs: &Languages) {
        if self.words.is_empty() && self.prefixes.is_empty() {
            return;
        }
        for o in observed {
            let Some(lang) = langs.get(&o.features.lang) else {
                continue;
            };
            for w in &mut o.features.entities {
                if let Some(id) = self.id(&lang.code, &lang.fold(&w.word)) {
                    w.stem = format!("={id}");
                }
            }
        }
    }
}

/// An unmapped figure with what discovery read of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub at: Located,
    pub features: Features,
}

/// Whether a candidate's values agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    Disagree,
    Agree,
}

impl Agreement {
    pub fn as_str(&self) -> &'static str {
        match self {
            Agreement::Disagree => "disagree",
            Agreement::Agree => "agree",
        }
    }
}

/// One figure of a candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub source: String,
    pub line: usize,
    pub column: usize,
    pub lang: String,
    pub text: String,
    pub clause: String,
    pub sentence: String,
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upper: Option<f64>,
    pub unit: Unit,
    pub hedge: Hedge,
    pub period: Option<Period>,
    pub lower_bound: Option<f64>,
    pub upper_bound: Option<f64>,
    /// Figures with the same cluster number agree.
    pub cluster: usize,
    /// The word that named the concept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noun: Option<String>,
    /// Entity words as read (for rule stubs).
    #[serde(skip)]
    pub words: Vec<EntityWord>,
}

/// An entity a candidate points at: its stem and how the sources wrote it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub stem: String,
    /// The most frequent spelling (English first).
    pub word: String,
}

/// Figures from several sources that look like one quantity no key covers yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// A key id made of its words (`italian_companies_portugal`).
    pub id: String,
    pub label: String,
    pub unit: Unit,
    pub kind: KeyKind,
    pub concept: String,
    pub from: Option<Side>,
    pub to: Option<Side>,
    /// Entities named by most figures, in no particular role.
    pub about: Vec<Side>,
    pub verdict: Agreement,
    /// `3,500 (000), 3,538 (004) disagree with 4,000 (001, 002)`.
    pub message: String,
    pub sources: Vec<String>,
    pub figures: Vec<Figure>,
}

/// Entity stems with their roles, as one figure reads once weak words are settled.
type Roles = BTreeMap<String, Role>;

struct Item<'a> {
    obs: &'a Observed,
    concept: &'a str,
    roles: Roles,
}

/// Is this figure worth grouping? Not a figure without a value, nor a small number spelt
/// out (`two countries`, `iki ülke`): news style writes one to nine in words, and those are
/// almost never the statistics a key is for.
fn considered(at: &Located) -> bool {
    match at.mention.value {
        None => false,
        Some(v) => v.abs() >= 10.0 || at.text.bytes().any(|b| b.is_ascii_digit()),
    }
}

/// Settle which words are entities and in which role.
fn roles_of(f: &Features, strong: &BTreeSet<&str>) -> Roles {
    let mut roles: Roles = BTreeMap::new();
    let mut in_clause: BTreeSet<String> = BTreeSet::new();
    // The clause speaks first: a stem it names takes its role from there, marked words
    // before unmarked ones; the rest of the sentence only adds stems the clause lacks.
    let mut words: Vec<&EntityWord> = f
        .entities
        .iter()
        .filter(|w| !w.weak || strong.contains(w.stem.as_str()))
        .collect();
    words.sort_by_key(|w| (!w.in_clause, w.marked.is_none()));
    for w in words {
        if w.in_clause {
            in_clause.insert(w.stem.clone());
        }
        roles
            .entry(w.stem.clone())
            .or_insert(w.marked.unwrap_or(Role::Neutral));
    }
    let marked: BTreeSet<Role> = roles
        .values()
        .copied()
        .filter(|r| *r != Role::Neutral)
        .collect();
    if marked.len() == 1 {
        let other = marked.iter().next().map(|r| r.opposite());
        for (stem, role) in roles.iter_mut() {
            if *role == Role::Neutral && in_clause.contains(stem) {
                *role = other.unwrap_or(Role::Neutral);
            }
        }
    }
    roles
}

fn stems_in(roles: &Roles, want: Role) -> BTreeSet<&str> {
    roles
        .iter()
        .filter(|(_, r)| **r == want)
        .map(|(s, _)| s.as_str())
        .collect()
}

/// Can `a` and `b` be one quantity? `None` when not; else (same concept, shared entities).
fn fit(a: &Item, b: &Item) -> Option<(bool, usize)> {
    if a.obs.at.mention.unit != b.obs.at.mention.unit {
        return None;
    }
    let same = a.concept == b.concept;
    let crossed = b.obs.features.concepts.iter().any(|c| c == a.concept)
        || a.obs.features.concepts.iter().any(|c| c == b.concept);
    if !same && !crossed {
        return None;
    }
    let mut shared = 0;
    for (stem, ra) in &a.roles {
        if let Some(rb) = b.roles.get(stem) {
            shared += 1;
            if *ra != Role::Neutral && *rb == ra.opposite() {
                return None;
            }
        }
    }
    for role in [Role::Origin, Role::Destination] {
        let (x, y) = (stems_in(&a.roles, role), stems_in(&b.roles, role));
        if !x.is_empty() && !y.is_empty() && x.is_disjoint(&y) {
            return None;
        }
    }
    if !a.roles.is_empty() && !b.roles.is_empty() && shared == 0 {
        return None;
    }
    Some((same, shared))
}

/// How well item `i` fits a group: `None` unless it fits every member; else (same concept as
/// every member, a member with the same period and an overlapping value, entities shared).
fn fit_group(items: &[Item], i: usize, members: &[usize]) -> Option<(bool, bool, usize)> {
    let mut all_same = true;
    let mut echo = false;
    let mut shared = 0;
    for &m in members {
        let (same, s) = fit(&items[i], &items[m])?;
        all_same &= same;
        shared += s;
        echo |= echoes(items[i].obs, items[m].obs);
    }
    Some((all_same, echo, shared))
}

/// The same value for the same period: two sources very likely stating one quantity.
fn echoes(a: &Observed, b: &Observed) -> bool {
    let (x, y) = (&a.at.mention, &b.at.mention);
    let w = Widths {
        tolerance: crate::rules::compile::DEFAULT_TOLERANCE,
        approx: DEFAULT_APPROX,
        slack: DEFAULT_SLACK,
    };
    x.period == y.period
        && Interval::of(x.value, x.upper, x.hedge, w)
            .overlaps(&Interval::of(y.value, y.upper, y.hedge, w))
}

/// Greedy grouping in two passes. First each figure joins the best group that names the same
/// concept (or, naming a neighbouring one, echoes a member's value and period), or starts
/// one. Then a figure left alone joins the best group it fits at all, so a figure whose
/// nearest word is a modifier ("78 collaborative investment projects") still finds its kin.
fn group(items: &[Item]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in 0..items.len() {
        let mut best: Option<(usize, (u8, usize))> = None;
        for (g, members) in groups.iter().enumerate() {
            let Some((same, echo, shared)) = fit_group(items, i, members) else {
                continue;
            };
            if !same && !echo {
                continue;
            }
            let score = (u8::from(same) + 2 * u8::from(echo), shared);
            if best.map_or(true, |(_, b)| score > b) {
                best = Some((g, score));
            }
        }
        match best {
            Some((g, _)) => groups[g].push(i),
            None => groups.push(vec![i]),
        }
    }
    for g in 0..groups.len() {
        if groups[g].len() != 1 {
            continue;
        }
        let i = groups[g][0];
        let mut best: Option<(usize, usize)> = None;
        for (h, members) in groups.iter().enumerate() {
            if h == g || members.is_empty() {
                continue;
            }
            let alone = members
                .iter()
                .all(|&m| items[m].obs.at.source == items[i].obs.at.source);
            if alone {
                continue;
            }
            if let Some((_, _, shared)) = fit_group(items, i, members) {
                if best.map_or(true, |(_, b)| shared > b) {
                    best = Some((h, shared));
                }
            }
        }
        if let Some((h, _)) = best {
            groups[g].clear();
            groups[h].push(i);
        }
    }
    groups.retain(|g| !g.is_empty());
    groups
}

/// Group unmapped figures into candidate keys. Deterministic: the result does not depend on
/// the order of `observed`.
pub fn candidates(observed: &[Observed]) -> Vec<Candidate> {
    let strong: BTreeSet<&str> = observed
        .iter()
        .flat_map(|o| o.features.entities.iter())
        .filter(|w| !w.weak)
        .map(|w| w.stem.as_str())
        .collect();
    let mut items: Vec<Item> = observed
        .iter()
        .filter(|o| considered(&o.at))
        .filter_map(|o| {
            Some(Item {
                obs: o,
                concept: o.features.concept.as_deref()?,
                roles: roles_of(&o.features, &strong),
            })
        })
        .collect();
    items.sort_by(|a, b| {
        let (x, y) = (&a.obs.at, &b.obs.at);
        (&x.source, x.line, x.column, &x.text).cmp(&(&y.source, y.line, y.column, &y.text))
    });

    let groups = group(&items);
    let mut out: Vec<Candidate> = groups
        .iter()
        .filter_map(|members| candidate(&items, members))
        .collect();
    out.sort_by(|a, b| {
        (a.verdict, std::cmp::Reverse(a.sources.len()), &a.id).cmp(&(
            b.verdict,
            std::cmp::Reverse(b.sources.len()),
            &b.id,
        ))
    });
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for c in &mut out {
        let n = seen.entry(c.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            c.id = format!("{}_{}", c.id, n);
        }
    }
    out
}

/// The most frequent value, English first, then alphabetical.
fn favourite<'a>(words: impl Iterator<Item = (&'a str, &'a str)>) -> Option<String> {
    let mut count: BTreeMap<(bool, &str), usize> = BTreeMap::new();
    for (lang, w) in words {
        *count.entry((lang != "en", w)).or_insert(0) += 1;
    }
    count
        .into_iter()
        .min_by(|a, b| {
            (a.0 .0, std::cmp::Reverse(a.1), a.0 .1).cmp(&(b.0 .0, std::cmp::Reverse(b.1), b.0 .1))
        })
        .map(|((_, w), _)| w.to_string())
}

fn side(items: &[&Item], stem: &str) -> Side {
    let words = items.iter().flat_map(|it| {
        let lang = it.obs.features.lang.as_str();
        it.obs
            .features
            .entities
            .iter()
            .filter(move |w| w.stem == stem && w.in_clause)
            .map(move |w| (lang, w.word.as_str()))
    });
    let word = favourite(words.filter(|(_, w)| w.chars().any(char::is_lowercase)))
        .unwrap_or_else(|| stem.to_string());
    Side {
        stem: stem.to_string(),
        word,
    }
}

fn candidate(all: &[Item], members: &[usize]) -> Option<Candidate> {
    let items: Vec<&Item> = members.iter().map(|&m| &all[m]).collect();
    let sources: BTreeSet<&str> = items.iter().map(|i| i.obs.at.source.as_str()).collect();
    if sources.len() < 2 {
        return None;
    }
    let first = items.first()?;
    let unit = first.obs.at.mention.unit.clone();

    // Direction: a stem that is an origin somewhere and a destination nowhere, and so on.
    let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for it in &items {
        for (stem, role) in &it.roles {
            let c = counts.entry(stem.as_str()).or_insert([0; 3]);
            c[match role {
                Role::Origin => 0,
                Role::Destination => 1,
                Role::Neutral => 2,
            }] += 1;
        }
    }
    // A role only counts when at least half the figures give it.
    let half = items.len().div_ceil(2);
    let pick = |slot: usize, other: usize| {
        counts
            .iter()
            .filter(|(_, c)| c[slot] >= half && c[other] == 0)
            .max_by(|a, b| a.1[slot].cmp(&b.1[slot]).then(b.0.cmp(a.0)))
            .map(|(s, _)| *s)
    };
    let from = pick(0, 1);
    let to = pick(1, 0).filter(|t| Some(*t) != from);
    // Without a direction, the entities every figure names (at most three).
    let about: Vec<Side> = if from.is_none() && to.is_none() {
        counts
            .keys()
            .filter(|s| items.iter().all(|it| it.roles.contains_key(**s)))
            .take(3)
            .map(|s| side(&items, s))
            .collect()
    } else {
        Vec::new()
    };
    let from = from.map(|s| side(&items, s));
    let to = to.map(|s| side(&items, s));

    let concept = first.concept.to_string();
    let noun = favourite(items.iter().filter_map(|it| {
        Some((
            it.obs.features.lang.as_str(),
            it.obs.features.noun.as_deref()?,
        ))
    }))
    .unwrap_or_else(|| concept.clone());

    let widths = Widths {
        tolerance: crate::rules::compile::DEFAULT_TOLERANCE,
        approx: DEFAULT_APPROX,
        slack: DEFAULT_SLACK,
    };
    let intervals: Vec<Interval> = items
        .iter()
        .map(|it| {
            let m = &it.obs.at.mention;
            Interval::of(m.value, m.upper, m.hedge, widths)
        })
        .collect();
    let cluster = clusters(&intervals);
    // Figures of different stated periods are not compared (January–May is not the year);
    // a figure without a period is compared with every other.
    let periods: Vec<Option<Period>> = items.iter().map(|it| it.obs.at.mention.period).collect();
    let comparable = |i: usize, j: usize| match (periods[i], periods[j]) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    let disagree = (0..items.len()).any(|i| {
        (i + 1..items.len()).any(|j| comparable(i, j) && !intervals[i].overlaps(&intervals[j]))
    });
    let verdict = if disagree {
        Agreement::Disagree
    } else {
        Agreement::Agree
    };
    let mut figures: Vec<Figure> = items
        .iter()
        .zip(intervals.iter().zip(&cluster))
        .map(|(it, (iv, &c))| {
            let at = &it.obs.at;
            Figure {
                source: at.source.to_string(),
                line: at.line,
                column: at.column,
                lang: it.obs.features.lang.clone(),
                text: at.text.to_string(),
                clause: it.obs.features.clause.clone(),
                sentence: at.sentence.to_string(),
                value: at.mention.value,
                upper: at.mention.upper,
                unit: at.mention.unit.clone(),
                hedge: at.mention.hedge,
                period: at.mention.period,
                lower_bound: iv.lower.is_finite().then_some(iv.lower),
                upper_bound: iv.upper.is_finite().then_some(iv.upper),
                cluster: c,
                noun: it.obs.features.noun.clone(),
                words: it.obs.features.entities.clone(),
            }
        })
        .collect();
    figures.sort_by(|a, b| (&a.source, a.line, a.column).cmp(&(&b.source, b.line, b.column)));

    let kind = if figures
        .iter()
        .all(|f| f.period.is_some_and(|p| p.kind != PeriodKind::AsOf))
    {
        KeyKind::Flow
    } else {
        KeyKind::Stock
    };
    let mut parts: Vec<String> = Vec::new();
    let label = match (&from, &to) {
        (None, None) => {
            parts.extend(about.iter().map(|s| fold_ascii(&s.word)));
            parts.push(fold_ascii(&noun));
            let mut l: Vec<&str> = about.iter().map(|s| s.word.as_str()).collect();
            l.push(&noun);
            l.join(" ")
        }
        _ => {
            parts.extend(from.iter().map(|s| fold_ascii(&s.word)));
            parts.push(fold_ascii(&noun));
            parts.extend(to.iter().map(|s| fold_ascii(&s.word)));
            let mut l = String::new();
            if let Some(f) = &from {
                l.push_str(&f.word);
                l.push(' ');
            }
            l.push_str(&noun);
            if let Some(t) = &to {
                l.push_str(" → ");
                l.push_str(&t.word);
            }
            l
        }
    };
    let id: String = parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("_")
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
        .collect();
    let id = if id.is_empty() {
        "candidate".to_string()
    } else {
        id
    };
    let message = message(&figures, verdict);
    Some(Candidate {
        id,
        label,
        unit,
        kind,
        concept,
        from,
        to,
        about,
        verdict,
        message,
        sources: sources.into_iter().map(str::to_string).collect(),
        figures,
    })
}

/// A figure as a reader would say it, as the report's messages do: `around 4,000`,
/// `over $2.5 billion`, `85%`.
fn spoken(f: &Figure) -> String {
    crate::compare::spoken(f.value, f.upper, &f.unit, f.hedge, &f.text)
}

/// `3,500 (000), 3,538 (004) disagree with 4,000 (001, 002)`; `130,000 (000, 004) agree`.
fn message(figures: &[Figure], verdict: Agreement) -> String {
    let mut by_cluster: BTreeMap<usize, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for f in figures {
        let v = spoken(f);
        by_cluster
            .entry(f.cluster)
            .or_default()
            .entry(v)
            .or_default()
            .insert(crate::compare::short_id(&f.source).to_string());
    }
    let parts: Vec<String> = by_cluster
        .values()
        .map(|values| {
            values
                .iter()
                .map(|(v, s)| format!("{v} ({})", s.iter().cloned().collect::<Vec<_>>().join(", ")))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    match verdict {
        Agreement::Agree if parts.len() == 1 => format!("{} agree", parts.join(", ")),
        Agreement::Agree => format!("{}: different periods, no disagreement", parts.join("; ")),
        Agreement::Disagree => match parts.split_first() {
            Some((first, rest)) => format!("{first} disagrees with {}", rest.join("; ")),
            None => String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract;

    fn read(text: &str, code: &str, value: f64) -> Features {
        let langs = Languages::builtin();
        let lang = langs.get(code).expect("built-in language");
        let vocab = Vocab::new(&langs);
        let m = extract(text, lang, None)
            .into_iter()
            .find(|m| m.value == Some(value))
            .expect("the figure");
        features(text, &m, lang, &vocab).expect("features")
    }

    fn role(f: &Features, word: &str) -> Option<Role> {
        f.entities
            .iter()
            .find(|w| w.word == word)
            .and_then(|w| w.marked)
    }

    #[test]
    fn names_fold_to_one_stem_across_languages() {
        assert_eq!(fold_ascii("İtalya’da"), "italyada");
        assert_eq!(fold_ascii("PORTEKİZ"), "portekiz");
        assert_eq!(fold_ascii("Müller-Łódź"), "mullerlodz");
        let f = read(
            "İtalyan şirketleri Portekiz'de 500 proje yürütüyor.",
            "tr",
            500.0,
        );
        let stems: Vec<&str> = f.entities.iter().map(|w| w.stem.as_str()).collect();
        assert_eq!(stems, ["ital", "port"]);
        let f = read("Some 500 Italian firms work in Portugal.", "en", 500.0);
        let stems: Vec<&str> = f.entities.iter().map(|w| w.stem.as_str()).collect();
        assert_eq!(stems, ["ital", "port"]);
    }

    #[test]
    fn a_longer_concept_word_wins_over_its_prefix() {
        let v = Vocab::new(&Languages::builtin());
        let concept = |w: &str| v.concept("en", w).map(|c| v.concepts[c].as_str());
        assert_eq!(concept("visitors"), Some("tourist"));
        assert_eq!(concept("visits"), Some("visit"));
        assert_eq!(concept("firmly"), None);
        assert!(v.swallowed("en", "visit").contains(&"visitor*".to_string()));
    }

    #[test]
    fn prepositions_and_case_suffixes_mark_roles() {
        let f = read(
            "Some 700 Italian companies moved from Italy to Portugal.",
            "en",
            700.0,
        );
        assert_eq!(role(&f, "Italy"), Some(Role::Origin));
        assert_eq!(role(&f, "Portugal"), Some(Role::Destination));
        assert_eq!(role(&f, "Italian"), None);
        let f = read(
            "İtalya’dan Portekiz’e gelen turist sayısı 130 bin oldu.",
            "tr",
            130e3,
        );
        assert_eq!(role(&f, "İtalya"), Some(Role::Origin));
        assert_eq!(role(&f, "Portekiz"), Some(Role::Destination));
        let f = read(
            "Almanya, Norveç ekonomisine 5 milyar dolar yatırım yaptı.",
            "tr",
            5e9,
        );
        assert_eq!(role(&f, "Norveç"), Some(Role::Destination));
    }

    #[test]
    fn the_unmarked_end_of_a_relation_is_the_other_end() {
        let f = read(
            "Italian investments in Portugal have exceeded $2.5 billion.",
            "en",
            2.5e9,
        );
        let strong: BTreeSet<&str> = ["ital"].into_iter().collect();
        let roles = roles_of(&f, &strong);
        assert_eq!(roles.get("ital"), Some(&Role::Origin));
        assert_eq!(roles.get("port"), Some(&Role::Destination));
        // `Italian` opens the sentence: without a capitalised `ital` elsewhere it is no entity.
        let roles = roles_of(&f, &BTreeSet::new());
        assert_eq!(roles.get("ital"), None);
    }

    #[test]
    fn each_figure_reads_its_own_clause_and_counted_noun() {
        let text = "In 2023, 130,000 Germans came to Norway, and 86,000 Norwegian visitors visited Germany.";
        let f = read(text, "en", 86_000.0);
        assert_eq!(f.clause, "86,000 Norwegian visitors visited Germany.");
        assert_eq!(f.concept.as_deref(), Some("tourist"));
        assert_eq!(f.noun.as_deref(), Some("visitors"));
        // The first clause names no concept, and the word in the second speaks for 86,000.
        let f = read(text, "en", 130_000.0);
        assert_ne!(f.concept.as_deref(), Some("tourist"));
    }

    #[test]
    fn a_headline_in_capitals_gives_only_weak_entities() {
        let f = read(
            "NORVEÇ VATANDAŞLARI ALMANYA’DA 90 GÜNE KADAR KALABİLECEK",
            "tr",
            90.0,
        );
        assert!(f.entities.iter().all(|w| w.weak), "{:?}", f.entities);
    }

    #[test]
    fn a_mention_outside_its_text_has_no_features() {
        let langs = Languages::builtin();
        let lang = langs.get("en").unwrap();
        let vocab = Vocab::new(&langs);
        let mut m = extract("About 300 firms.", lang, None).remove(0);
        m.span = crate::text::Span::new(100, 120);
        assert!(features("About 300 firms.", &m, lang, &vocab).is_none());
    }
}
