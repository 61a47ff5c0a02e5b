//! A language file compiled for extraction: word tables (number words, scales, ordinals,
//! months…), multi-word unit phrases (currencies, percent, measures), patterns (hedges,
//! ranges, changes, dates, periods), suffix tables and the candidate automaton. Built once when
//! a [`crate::lang::Language`] is loaded; extraction only reads it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::template::{Elem, Lit, Slot, Template};
use super::token::Tok;
use super::Hedge;
use crate::lang::LanguageFile;

/// FxHash (as in rustc) for the lexicon's tables. Every token of an analyzed sentence is
/// looked up several times; the tables are built from language files, not from input, so
/// SipHash's resistance to chosen collisions buys nothing here.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// What a single word can be. A word may be several things (`third`: ordinal and denominator).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Entry {
    Number(f64),
    Hundred(f64),
    Scale(f64),
    GluedScale(f64),
    Joiner,
    Article,
    Negative,
    Ordinal(f64),
    Denominator(f64),
    Alone(f64),
    Vague(Hedge),
    VagueJoiner,
    Addend(f64),
    Month(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PhraseKind {
    Currency(String),
    PercentAfter,
    PercentBefore,
    Measure(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    pub lits: Vec<Lit>,
    pub kind: PhraseKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PeriodKindRule {
    Year,
    Years,
    Academic,
    FirstMonths,
    Months,
    AsOf,
    RelativeYear,
    SameYear,
}

#[derive(Debug, Clone)]
pub(crate) struct PeriodRule {
    pub kind: PeriodKindRule,
    pub months: Option<u32>,
    pub offset: i32,
    pub template: Template,
}

/// Patterns grouped by how they start, so a sentence tries at each token only the patterns
/// that can start there: those whose first element is that exact word, those that start with
/// a slot the token can fill (the caller says which), and those that start with a wildcard
/// word. Indices keep the patterns' order.
#[derive(Debug, Clone, Default)]
pub(crate) struct FirstIndex {
    by_word: FastMap<String, Vec<usize>>,
    /// For each first byte of a word in `by_word`, a bit per length (lengths from 63 share
    /// the last bit): most tokens are turned away without hashing.
    word_shapes: Vec<u64>,
    /// Patterns starting with a slot, by [`slot_bit`] of that slot.
    by_slot: [Vec<usize>; 5],
    /// Patterns starting with a wildcard word: tried everywhere.
    any: Vec<usize>,
}

/// The bit of a word's length in [`FirstIndex`]'s `word_shapes`.
fn shape_bit(word: &str) -> u64 {
    1 << word.len().min(63)
}

/// One bit per slot kind, for [`FirstIndex::candidates`]' `slots` mask.
pub(crate) fn slot_bit(s: Slot) -> usize {
    match s {
        Slot::Q => 0,
        Slot::N => 1,
        Slot::Year => 2,
        Slot::Day => 3,
        Slot::Month => 4,
    }
}

impl FirstIndex {
    fn new<'t>(templates: impl Iterator<Item = &'t Template>) -> FirstIndex {
        let mut index = FirstIndex::default();
        for (i, t) in templates.enumerate() {
            match t.elems.first() {
                Some(Elem::Lit(Lit::Exact(w))) => {
                    if index.word_shapes.is_empty() {
                        index.word_shapes = vec![0; 256];
                    }
                    if let Some(&b) = w.as_bytes().first() {
                        index.word_shapes[b as usize] |= shape_bit(w);
                    }
                    index.by_word.entry(w.clone()).or_default().push(i)
                }
                Some(Elem::Slot(s, _)) => index.by_slot[slot_bit(*s)].push(i),
                _ => index.any.push(i),
            }
        }
        index
    }

    /// Can any pattern start at a token whose folded text is `norm` and which can fill the
    /// slots in `slots`? False only where [`FirstIndex::candidates`] would give none; a
    /// cheap look that spares most tokens the full one.
    #[inline]
    pub fn may_start(&self, norm: &str, slots: u8) -> bool {
        slots != 0
            || !self.any.is_empty()
            || norm.as_bytes().first().is_some_and(|&b| {
                self.word_shapes
                    .get(b as usize)
                    .is_some_and(|m| m & shape_bit(norm) != 0)
            })
    }

    /// The patterns that may match at a token whose folded text is `norm` and which can fill
    /// the slots whose bits are set in `slots`, in pattern order, written into `out`.
    pub fn candidates(&self, norm: &str, slots: u8, out: &mut Vec<usize>) {
        out.clear();
        let mut sources = 0;
        let known_shape = norm.as_bytes().first().is_some_and(|&b| {
            self.word_shapes
                .get(b as usize)
                .is_some_and(|m| m & shape_bit(norm) != 0)
        });
        if known_shape {
            if let Some(words) = self.by_word.get(norm) {
                out.extend_from_slice(words);
                sources += 1;
            }
        }
        for (b, list) in self.by_slot.iter().enumerate() {
            if slots & (1 << b) != 0 && !list.is_empty() {
                out.extend_from_slice(list);
                sources += 1;
            }
        }
        if !self.any.is_empty() {
            out.extend_from_slice(&self.any);
            sources += 1;
        }
        if sources > 1 {
            out.sort_unstable();
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Lexicon {
    pub dotless_i: bool,
    pub group: char,
    words: FastMap<String, Vec<Entry>>,
    /// suffix -> case mask (0 for a suffix of no named case)
    suffixes: FastMap<String, u32>,
    max_suffix_bytes: usize,
    /// soft letter -> hard letter
    softening: Vec<(char, char)>,
    phrases: Vec<Phrase>,
    phrase_index: FastMap<String, Vec<usize>>,
    pub hedges: Vec<(Hedge, Template)>,
    pub ranges: Vec<Template>,
    pub changes: Vec<Template>,
    pub change_verbs: Vec<Lit>,
    pub dates: Vec<Template>,
    pub date_index: FirstIndex,
    pub identifier_before: FastSet<String>,
    pub periods: Vec<PeriodRule>,
    pub period_index: FirstIndex,
    pub trailing_periods: bool,
    pub year_before: Vec<Lit>,
    pub year_after: Vec<Lit>,
    pub year_suffixed: bool,
    pub bare_years: Option<(i32, i32)>,
    abbreviations: FastSet<String>,
    clause_endings: Vec<String>,
    pub present: Vec<Lit>,
    pub ordinal_dot: bool,
    pub compounds: bool,
    ordinal_digit_suffixes: FastSet<String>,
    pub fraction_unit: Option<String>,
    pub denominator_case: u32,
    pronouns: FastSet<String>,
    pronoun_next: FastSet<String>,
    pronoun_prev: FastSet<String>,
    // Read only by the test oracle `detect_score`; detection proper keeps its own tables.
    #[cfg_attr(not(test), allow(dead_code))]
    detect_words: FastSet<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    detect_letters: Vec<char>,
    automaton: Option<AhoCorasick>,
}

fn parse_hedge(name: &str) -> Result<Hedge, String> {
    Hedge::parse(name).ok_or_else(|| {
        format!("unknown hedge \"{name}\" (expected approx, over, under, almost, at_least, at_most, exact)")
    })
}

fn one_char(s: &str, what: &str, default: char) -> Result<char, String> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (None, _) => Ok(default),
        (Some(c), None) => Ok(c),
        _ => Err(format!(
            "[numbers] {what} must be one character, got \"{s}\""
        )),
    }
}

impl Lexicon {
    pub fn compile(f: &LanguageFile) -> Result<Lexicon, String> {
        let dl = f.dotless_i;
        let fold = |s: &str| crate::text::fold(s, dl);
        let mut cases = BTreeMap::new();
        let mut suffixes: FastMap<String, u32> = FastMap::default();
        for (i, (name, list)) in f.suffixes.iter().enumerate() {
            if i >= 31 {
                return Err("[suffixes] names at most 31 cases".to_string());
            }
            let bit = 1u32 << i;
            cases.insert(name.clone(), bit);
            for s in list {
                *suffixes.entry(fold(s)).or_insert(0) |= bit;
            }
        }
        let max_suffix_bytes = suffixes.keys().map(String::len).max().unwrap_or(0);
        let mut softening = Vec::new();
        for (soft, hard) in &f.softening {
            let (Some(s), Some(h)) = (soft.chars().next(), hard.chars().next()) else {
                return Err("[softening] entries must be single letters".to_string());
            };
            softening.push((s, h));
        }

        let mut words: FastMap<String, Vec<Entry>> = FastMap::default();
        let mut add = |w: &str, e: Entry| {
            let v = words.entry(fold(w)).or_default();
            if !v.contains(&e) {
                v.push(e);
            }
        };
        let n = &f.numbers;
        for (w, v) in &n.words {
            add(w, Entry::Number(*v));
        }
        for (w, v) in &n.hundreds {
            add(w, Entry::Hundred(*v));
        }
        for (w, v) in &n.scales {
            add(w, Entry::Scale(*v));
        }
        for (w, v) in &n.glued_scales {
            add(w, Entry::GluedScale(*v));
        }
        for w in &n.joiners {
            add(w, Entry::Joiner);
        }
        for w in &n.articles {
            add(w, Entry::Article);
        }
        for w in &n.negative {
            add(w, Entry::Negative);
        }
        for (w, h) in &n.vague {
            add(w, Entry::Vague(parse_hedge(h)?));
        }
        for (w, v) in &n.addends {
            add(w, Entry::Addend(*v));
        }
        for w in &n.vague_joiners {
            add(w, Entry::VagueJoiner);
        }
        for (w, v) in &f.ordinals.words {
            add(w, Entry::Ordinal(*v));
        }
        for (w, v) in &f.fractions.denominators {
            add(w, Entry::Denominator(*v));
        }
        for (w, v) in &f.fractions.alone {
            add(w, Entry::Alone(*v));
        }
        if !f.calendar.months.is_empty() && f.calendar.months.len() != 12 {
            return Err(format!(
                "[months] lists {} months, expected 12",
                f.calendar.months.len()
            ));
        }
        for (i, names) in f.calendar.months.iter().enumerate() {
            for w in names {
                add(w, Entry::Month(i as u32 + 1));
            }
        }

        let mut phrases = Vec::new();
        for (code, list) in &f.currencies {
            if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(format!("[currencies] \"{code}\" is not an ISO 4217 code"));
            }
            for w in list {
                phrases.push((w, PhraseKind::Currency(code.clone())));
            }
        }
        for w in &f.percent.after {
            phrases.push((w, PhraseKind::PercentAfter));
        }
        for w in &f.percent.before {
            phrases.push((w, PhraseKind::PercentBefore));
        }
        for (m, list) in &f.measures {
            for w in list {
                phrases.push((w, PhraseKind::Measure(m.clone())));
            }
        }
        let mut compiled_phrases = Vec::new();
        let mut phrase_index: FastMap<String, Vec<usize>> = FastMap::default();
        for (w, kind) in phrases {
            let lits = Lit::parse_words(w, dl);
            let Some(Lit::Exact(first)) = lits.first() else {
                return Err(format!(
                    "unit word \"{w}\" is empty or starts with a wildcard"
                ));
            };
            phrase_index
                .entry(first.clone())
                .or_default()
                .push(compiled_phrases.len());
            compiled_phrases.push(Phrase { lits, kind });
        }

        let decimal = one_char(&n.decimal, "decimal", '.')?;
        let group = one_char(&n.group, "group", ',')?;
        if decimal == group {
            return Err("[numbers] decimal and group must differ".to_string());
        }
        let tpl = |p: &str| Template::parse(p, dl, &cases);
        let mut hedges = Vec::new();
        for h in &f.hedge {
            let hedge = parse_hedge(&h.hedge)?;
            for p in &h.patterns {
                let t = tpl(p)?;
                if t.slots().count() != 1 || t.slots().any(|s| s != super::template::Slot::Q) {
                    return Err(format!("hedge pattern \"{p}\" must have exactly one {{q}}"));
                }
                hedges.push((hedge, t));
            }
        }
        let two_q = |p: &str| -> Result<Template, String> {
            let t = tpl(p)?;
            if t.slots().filter(|s| *s == super::template::Slot::Q).count() != 2 {
                return Err(format!("pattern \"{p}\" must have two {{q}}"));
            }
            Ok(t)
        };
        let ranges = f
            .ranges
            .patterns
            .iter()
            .map(|p| two_q(p))
            .collect::<Result<_, _>>()?;
        let changes = f
            .changes
            .patterns
            .iter()
            .map(|p| two_q(p))
            .collect::<Result<_, _>>()?;
        let dates: Vec<Template> = f
            .dates
            .patterns
            .iter()
            .map(|p| tpl(p))
            .collect::<Result<_, _>>()?;
        let mut periods = Vec::new();
        for p in &f.period {
            let kind = match p.kind.as_str() {
                "year" => PeriodKindRule::Year,
                "years" => PeriodKindRule::Years,
                "academic" => PeriodKindRule::Academic,
                "first_months" => PeriodKindRule::FirstMonths,
                "months" => PeriodKindRule::Months,
                "as_of" => PeriodKindRule::AsOf,
                "relative_year" => PeriodKindRule::RelativeYear,
                "same_year" => PeriodKindRule::SameYear,
                other => return Err(format!("[[period]] unknown kind \"{other}\" (expected year, years, academic, first_months, months, as_of, relative_year, same_year)")),
            };
            for pat in &p.patterns {
                periods.push(PeriodRule {
                    kind,
                    months: p.months,
                    offset: p.offset.unwrap_or(0),
                    template: tpl(pat)?,
                });
            }
        }
        let lits = |list: &[String]| -> Vec<Lit> {
            list.iter().flat_map(|w| Lit::parse_words(w, dl)).collect()
        };
        let set = |list: &[String]| -> FastSet<String> { list.iter().map(|w| fold(w)).collect() };

        let denominator_case = if f.fractions.denominator_case.is_empty() {
            0
        } else {
            *cases.get(&f.fractions.denominator_case).ok_or_else(|| {
                format!(
                    "[fractions] unknown case \"{}\"",
                    f.fractions.denominator_case
                )
            })?
        };

        // The candidate automaton: every word that can start a number by itself.
        let mut pats: Vec<String> = Vec::new();
        for (w, entries) in &words {
            let starts = entries.iter().any(|e| {
                matches!(
                    e,
                    Entry::Number(_)
                        | Entry::Hundred(_)
                        | Entry::Scale(_)
                        | Entry::Ordinal(_)
                        | Entry::Denominator(_)
                        | Entry::Alone(_)
                        | Entry::Vague(_)
                )
            });
            if starts && !w.is_empty() {
                pats.push(w.clone());
                if !w.is_ascii() {
                    let upper = upper(w, dl);
                    let mut cap = upper.chars().take(1).collect::<String>();
                    cap.extend(w.chars().skip(1));
                    pats.push(upper);
                    pats.push(cap);
                }
            }
        }
        pats.sort();
        pats.dedup();
        let automaton = if pats.is_empty() {
            None
        } else {
            Some(
                // A DFA: this automaton scans every byte of every document, and the number
                // words of a language are few enough for its tables to stay small.
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&pats)
                    .map_err(|e| format!("cannot build the word automaton: {e}"))?,
            )
        };

        Ok(Lexicon {
            dotless_i: dl,
            group,
            words,
            suffixes,
            max_suffix_bytes,
            softening,
            phrases: compiled_phrases,
            phrase_index,
            hedges,
            ranges,
            changes,
            change_verbs: lits(&f.changes.verbs),
            date_index: FirstIndex::new(dates.iter()),
            dates,
            identifier_before: set(&f.dates.identifier_before),
            period_index: FirstIndex::new(periods.iter().map(|p| &p.template)),
            periods,
            trailing_periods: f.periods.trailing,
            year_before: lits(&f.years.before),
            year_after: lits(&f.years.after),
            year_suffixed: f.years.suffixed,
            bare_years: match (f.years.bare_from, f.years.bare_to) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            },
            abbreviations: set(&f.sentences.abbreviations),
            clause_endings: f.sentences.clause_endings.iter().map(|w| fold(w)).collect(),
            present: lits(&f.periods.present),
            ordinal_dot: f.ordinals.dot,
            compounds: n.compounds,
            ordinal_digit_suffixes: set(&f.ordinals.digit_suffixes),
            fraction_unit: (!f.fractions.unit.is_empty()).then(|| f.fractions.unit.clone()),
            denominator_case,
            pronouns: set(&n.pronouns),
            pronoun_next: set(&n.pronoun_next),
            pronoun_prev: set(&n.pronoun_prev),
            detect_words: set(&f.detect.words),
            detect_letters: f.detect.letters.chars().collect(),
            automaton,
        })
    }

    /// Byte offsets where a number word may start (at a word start).
    pub fn word_candidates(&self, text: &str) -> Vec<usize> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        ac.find_iter(text)
            .map(|m| m.start())
            .filter(|&s| {
                text[..s]
                    .chars()
                    .next_back()
                    .map_or(true, |c| !c.is_alphanumeric())
            })
            .collect()
    }

    /// The case mask of a suffix, if it is one.
    pub fn suffix_case(&self, s: &str) -> Option<u32> {
        self.suffixes.get(s).copied()
    }

    /// Every stem `word` has under a known suffix (not `word` itself), with the suffix's case
    /// mask, shortest suffix last; `f` sees each in turn until it returns `Some`. Allocates
    /// only for a softened stem (`dörd` + `e` reads as `dört`).
    fn find_stem<R>(&self, word: &str, mut f: impl FnMut(&str, u32) -> Option<R>) -> Option<R> {
        if self.suffixes.is_empty() {
            return None;
        }
        for (i, _) in word.char_indices().skip(1) {
            if word.len() - i > self.max_suffix_bytes {
                continue;
            }
            let (stem, tail) = word.split_at(i);
            let Some(&mask) = self.suffixes.get(tail) else {
                continue;
            };
            if let Some(r) = f(stem, mask) {
                return Some(r);
            }
            // dörd+e -> dört: a softened final consonant before a vowel-initial suffix
            let last = stem.chars().next_back();
            let vowel = tail.chars().next().is_some_and(is_vowel);
            if let (Some(l), true) = (last, vowel) {
                for &(soft, hard) in &self.softening {
                    if l == soft {
                        let mut hardened = stem[..stem.len() - l.len_utf8()].to_string();
                        hardened.push(hard);
                        if let Some(r) = f(&hardened, mask) {
                            return Some(r);
                        }
                    }
                }
            }
        }
        None
    }

    /// The entries of a word exactly as written (no suffix stripped).
    pub fn word_exact(&self, norm: &str) -> Option<&[Entry]> {
        self.words.get(norm).map(Vec::as_slice)
    }

    /// The entries of a word, directly or under a suffix, with the suffix's case mask.
    pub fn word(&self, norm: &str) -> Option<(&[Entry], u32)> {
        if let Some(e) = self.words.get(norm) {
            return Some((e, 0));
        }
        self.find_stem(norm, |stem, mask| {
            self.words.get(stem).map(|e| (e.as_slice(), mask))
        })
    }

    /// A unit phrase starting at `toks[i]`: (kind, end token, case mask of its last word).
    pub fn phrase_at(
        &self,
        toks: &[Tok],
        i: usize,
        want: impl Fn(&PhraseKind) -> bool,
    ) -> Option<(&PhraseKind, usize, u32)> {
        let first = toks.get(i)?;
        let mut best: Option<(&PhraseKind, usize, u32)> = None;
        let mut visit = |stem: &str, mask0: u32| {
            let Some(ids) = self.phrase_index.get(stem) else {
                return;
            };
            for &id in ids {
                let p = &self.phrases[id];
                if !want(&p.kind) {
                    continue;
                }
                let n = p.lits.len();
                if n == 1 {
                    let mask = mask0
                        | first
                            .suffix
                            .as_deref()
                            .and_then(|s| self.suffix_case(s))
                            .unwrap_or(0);
                    if best.map_or(true, |b| b.1 < i + 1) {
                        best = Some((&p.kind, i + 1, mask));
                    }
                    continue;
                }
                if mask0 != 0 || stem != first.norm {
                    continue;
                }
                let mut ok = true;
                let mut mask = 0;
                for (k, lit) in p.lits.iter().enumerate().skip(1) {
                    let Some(t) = toks.get(i + k) else {
                        ok = false;
                        break;
                    };
                    if k + 1 == n {
                        match lit {
                            Lit::Exact(s) => match self.stem_match(&t.norm, s) {
                                Some(m) => mask = m,
                                None => ok = false,
                            },
                            Lit::Prefix(_) => ok = lit.matches(t),
                        }
                        if let Some(s) = &t.suffix {
                            mask |= self.suffix_case(s).unwrap_or(0);
                        }
                    } else if !lit.matches(t) {
                        ok = false;
                    }
                    if !ok {
                        break;
                    }
                }
                if ok && best.map_or(true, |b| b.1 < i + n) {
                    best = Some((&p.kind, i + n, mask));
                }
            }
        };
        visit(&first.norm, 0);
        self.find_stem(&first.norm, |stem, mask| {
            visit(stem, mask);
            None::<()>
        });
        best
    }

    /// Does `word` read as `stem` plus a known suffix? Gives the suffix's case mask.
    pub fn stem_match(&self, word: &str, stem: &str) -> Option<u32> {
        if word == stem {
            return Some(0);
        }
        self.find_stem(word, |s, m| (s == stem).then_some(m))
    }

    /// Is `norm` itself (no suffix stripped) a one-word unit (`yüzde`, `dolar`)?
    pub fn is_unit_word(&self, norm: &str) -> bool {
        self.phrase_index
            .get(norm)
            .is_some_and(|ids| ids.iter().any(|&i| self.phrases[i].lits.len() == 1))
    }

    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.abbreviations
            .contains(&crate::text::fold(word, self.dotless_i))
    }

    /// Does this word close a clause (`yaparken`)?
    pub fn closes_clause(&self, word: &str) -> bool {
        self.clause_endings
            .iter()
            .any(|e| word.len() > e.len() + 1 && word.ends_with(e.as_str()))
    }

    pub fn is_ordinal_digit_suffix(&self, s: &str) -> bool {
        self.ordinal_digit_suffixes.contains(s)
    }

    pub fn is_pronoun(&self, word: &str, prev: Option<&str>, next: Option<&str>) -> bool {
        self.pronouns.contains(word)
            && (next.is_some_and(|n| self.pronoun_next.contains(n))
                || prev.is_some_and(|p| self.pronoun_prev.contains(p)))
    }

    /// How strongly `sample` looks like this language, scored the plain way: the test oracle
    /// for `Languages::detect`, which scores every language in one pass.
    #[cfg(test)]
    pub fn detect_score(&self, sample: &str) -> usize {
        let mut score = 0;
        for w in sample.split(|c: char| !c.is_alphabetic()) {
            if w.is_empty() || w.len() > 12 {
                continue;
            }
            // Most words are already lowercase, and folding leaves those as they are.
            let known = if w.chars().all(char::is_lowercase) {
                self.detect_words.contains(w)
            } else {
                self.detect_words
                    .contains(&crate::text::fold(w, self.dotless_i))
            };
            if known {
                score += 2;
            }
        }
        if !self.detect_letters.is_empty() {
            score += sample
                .chars()
                .filter(|c| self.detect_letters.contains(c))
                .count();
        }
        score
    }
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'ı'
            | 'ö'
            | 'ü'
            | 'â'
            | 'î'
            | 'û'
            | 'é'
            | 'á'
            | 'ó'
            | 'í'
            | 'ú'
    )
}

fn upper(s: &str, dotless_i: bool) -> String {
    s.chars()
        .flat_map(|c| match c {
            'i' if dotless_i => vec!['İ'],
            'ı' => vec!['I'],
            c => c.to_uppercase().collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(patterns: &[&str]) -> FirstIndex {
        let templates: Vec<Template> = patterns
            .iter()
            .map(|p| Template::parse(p, false, &BTreeMap::new()).unwrap())
            .collect();
        FirstIndex::new(templates.iter())
    }

    #[test]
    fn slot_led_patterns_are_tried_only_where_their_slot_can_start() {
        let ix = index(&[
            "{month} {day}",
            "in {year}",
            "{day} {month}",
            "{year} to {year}",
        ]);
        let mut out = Vec::new();
        ix.candidates("word", 0, &mut out);
        assert!(out.is_empty());
        ix.candidates("in", 0, &mut out);
        assert_eq!(out, [1]);
        ix.candidates("in", 1 << slot_bit(Slot::Month), &mut out);
        assert_eq!(out, [0, 1]);
        let number = (1 << slot_bit(Slot::Day)) | (1 << slot_bit(Slot::Year));
        ix.candidates("12", number, &mut out);
        assert_eq!(out, [2, 3]);
    }

    #[test]
    fn a_word_of_another_length_is_not_a_first_word() {
        let ix = index(&["in {year}"]);
        let mut out = Vec::new();
        ix.candidates("into", 0, &mut out);
        assert!(out.is_empty());
        ix.candidates("i", 0, &mut out);
        assert!(out.is_empty());
    }
}
