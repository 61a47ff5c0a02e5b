//! A language file compiled for extraction: word tables (number words, scales, ordinals,
//! months…), multi-word unit phrases (currencies, percent, measures), patterns (hedges,
//! ranges, changes, dates, periods), suffix tables and the candidate automaton. Built once when
//! a [`crate::lang::Language`] is loaded; extraction only reads it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::num::NonZeroU32;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::template::{Elem, Lit, Needs, Slot, Template};
use super::token::{Tok, NAMES_MONTH, OPENS_DATE, OPENS_NUMBER, OPENS_PERIOD};
use super::Hedge;
use crate::lang::LanguageFile;
use crate::text::lanes::{equal_to, in_range, letters, HIGH};

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
            self.add(tail_word(rest) ^ ((rest.len() as u64) << 56));
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

/// The one to seven bytes of `rest` as a little-endian word padded with zeros, read as two
/// loads that may overlap instead of a copy of variable length (most words end here).
#[inline]
fn tail_word(rest: &[u8]) -> u64 {
    let n = rest.len();
    let at = |i: usize| u64::from(rest.get(i).copied().unwrap_or(0));
    if n >= 4 {
        let four = |i: usize| {
            rest.get(i..i + 4)
                .and_then(|b| <[u8; 4]>::try_from(b).ok())
                .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
        };
        // the two halves share the bytes `n - 4..4`, equal in both
        four(0) | (four(n - 4) << ((n - 4) * 8))
    } else if n > 0 {
        at(0) | (at(n / 2) << (n / 2 * 8)) | (at(n - 1) << ((n - 1) * 8))
    } else {
        0
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

impl Entry {
    /// Can a word with this entry be one part of number words written together (`otuz` in
    /// `otuzüç`)?
    pub fn is_part(&self) -> bool {
        matches!(
            self,
            Entry::Number(_) | Entry::Hundred(_) | Entry::Scale(_) | Entry::Addend(_)
        )
    }

    /// Can a number phrase open with a word that has this entry? A word whose entries all
    /// say no (a joiner `and`, `of` before a vague amount, a month, an addend `buçuk`, a
    /// scale only glued to digits `bn`) is where `numbers::parse_at` finds nothing, so the
    /// sentence reader does not ask it there.
    pub fn may_open_number(&self) -> bool {
        !matches!(
            self,
            Entry::Joiner
                | Entry::VagueJoiner
                | Entry::Month(_)
                | Entry::Addend(_)
                | Entry::GluedScale(_)
        )
    }

    /// The [`Tok::opens`] bits a word with these entries sets: [`OPENS_NUMBER`],
    /// [`NAMES_MONTH`].
    pub fn opens_bits(entries: &[Entry]) -> u8 {
        entries.iter().fold(0, |bits, e| {
            let number = u8::from(e.may_open_number()) * OPENS_NUMBER;
            let month = u8::from(matches!(e, Entry::Month(_))) * NAMES_MONTH;
            bits | number | month
        })
    }
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
    /// Patterns starting with an exact word, by that word's first byte (256 lists, or none
    /// when no pattern opens with a word), each list sorted by word: the few words a
    /// token's first byte leaves are compared, not hashed.
    by_first: Vec<Vec<(String, Vec<usize>)>>,
    /// The same patterns by their whole first word, as [`FirstIndex::candidates`] looked
    /// them up before `by_first`: the oracle it is checked against.
    #[cfg(test)]
    by_word: FastMap<String, Vec<usize>>,
    /// For each first byte of a word in `by_first`, a bit per length (lengths from 63 share
    /// the last bit): most tokens are turned away without comparing a word.
    word_shapes: Vec<u64>,
    /// Patterns starting with a slot, by [`slot_bit`] of that slot.
    by_slot: [Vec<usize>; SLOT_KINDS],
    /// Patterns starting with a wildcard word: tried everywhere.
    any: Vec<usize>,
    /// For each mask of slot bits, the patterns starting with one of those slots or with a
    /// wildcard, in pattern order: what [`FirstIndex::candidates`] gives a token no
    /// pattern names, without sorting.
    by_mask: Vec<Vec<usize>>,
}

/// The bit of a word's length (in bytes) in [`FirstIndex`]'s `word_shapes` and in
/// [`Shapes`]: lengths from 63 share the last bit.
fn shape_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// How many kinds of slot [`slot_bit`] numbers.
const SLOT_KINDS: usize = 5;

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
        let mut by_word: FastMap<String, Vec<usize>> = FastMap::default();
        for (i, t) in templates.enumerate() {
            match t.elems.first() {
                Some(Elem::Lit(Lit::Exact(w))) => {
                    if index.word_shapes.is_empty() {
                        index.word_shapes = vec![0; 256];
                    }
                    if let Some(&b) = w.as_bytes().first() {
                        index.word_shapes[b as usize] |= shape_bit(w.len());
                    }
                    by_word.entry(w.clone()).or_default().push(i)
                }
                Some(Elem::Slot(s, _)) => index.by_slot[slot_bit(*s)].push(i),
                _ => index.any.push(i),
            }
        }
        if !by_word.is_empty() {
            index.by_first = vec![Vec::new(); 256];
            let mut words: Vec<_> = by_word.iter().collect();
            words.sort();
            for (w, list) in words {
                if let Some(&b) = w.as_bytes().first() {
                    index.by_first[b as usize].push((w.clone(), list.clone()));
                }
            }
        }
        #[cfg(test)]
        {
            index.by_word = by_word;
        }
        index.by_mask = (0..1usize << SLOT_KINDS)
            .map(|mask| {
                let mut list = index.any.clone();
                for (b, l) in index.by_slot.iter().enumerate() {
                    if mask & (1 << b) != 0 {
                        list.extend_from_slice(l);
                    }
                }
                list.sort_unstable();
                list
            })
            .collect();
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
                    .is_some_and(|m| m & shape_bit(norm.len()) != 0)
            })
    }

    /// Does a pattern open with a wildcard word, so that it may start at any token?
    #[inline]
    pub fn opens_anywhere(&self) -> bool {
        !self.any.is_empty()
    }

    /// May a pattern open with the word `norm`? False only where no pattern names it first
    /// (a look at its first byte and length). The oracle of [`Lexicon::shape_opens`].
    #[cfg(test)]
    pub fn may_open_with(&self, norm: &str) -> bool {
        norm.as_bytes().first().is_some_and(|&b| {
            self.word_shapes
                .get(b as usize)
                .is_some_and(|m| m & shape_bit(norm.len()) != 0)
        })
    }

    /// The patterns that may match at a token whose folded text is `norm` and which can fill
    /// the slots whose bits are set in `slots`, in pattern order: the index's own list where
    /// one list holds them all (no pattern opens with `norm`, the usual case), else merged
    /// into `out`.
    pub fn candidates<'s>(&'s self, norm: &str, slots: u8, out: &'s mut Vec<usize>) -> &'s [usize] {
        out.clear();
        let rest = self
            .by_mask
            .get(slots as usize & ((1 << SLOT_KINDS) - 1))
            .map_or(&[][..], Vec::as_slice);
        let known_shape = norm.as_bytes().first().is_some_and(|&b| {
            self.word_shapes
                .get(b as usize)
                .is_some_and(|m| m & shape_bit(norm.len()) != 0)
        });
        let words = if known_shape {
            let first = norm.as_bytes().first().map_or(0, |&b| b as usize);
            self.by_first
                .get(first)
                .and_then(|ws| ws.iter().find(|(w, _)| w == norm))
                .map_or(&[][..], |(_, list)| list.as_slice())
        } else {
            &[]
        };
        if words.is_empty() {
            return rest;
        }
        // both lists are in pattern order and share no pattern: merge them
        let (mut a, mut b) = (0, 0);
        while a < words.len() && b < rest.len() {
            if words[a] < rest[b] {
                out.push(words[a]);
                a += 1;
            } else {
                out.push(rest[b]);
                b += 1;
            }
        }
        out.extend_from_slice(&words[a..]);
        out.extend_from_slice(&rest[b..]);
        out
    }
}

/// Patterns grouped by the first byte of the word beside their first slot (their
/// [`Template::probe_key`]), so a figure tries only the patterns whose neighbour word it
/// has, and those with none. Each group is a bit set over the patterns, so the candidates
/// of a figure are three sets OR'd together and walked lowest bit first: pattern order,
/// with no merging.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProbeIndex {
    /// How many `u64`s one set takes.
    words: usize,
    /// By probe key less `0x100` (a word before the slot at `0..256`, after it at
    /// `256..512`), one set of `words` words each, back to back.
    by_key: Vec<u64>,
    /// Patterns with no probe word: tried at every figure.
    none: Vec<u64>,
}

impl ProbeIndex {
    fn new<'t>(templates: impl Iterator<Item = &'t Template>) -> ProbeIndex {
        let templates: Vec<&Template> = templates.collect();
        let words = templates.len().div_ceil(64);
        let mut index = ProbeIndex {
            words,
            by_key: vec![0; 512 * words],
            none: vec![0; words],
        };
        for (i, t) in templates.iter().enumerate() {
            let (w, bit) = (i / 64, 1u64 << (i % 64));
            let key = usize::from(t.probe_key()).wrapping_sub(0x100);
            match index
                .by_key
                .get_mut(key.wrapping_mul(words).wrapping_add(w))
            {
                Some(set) if t.probe_key() != 0 && key < 512 => *set |= bit,
                _ => index.none[w] |= bit,
            }
        }
        index
    }

    /// The patterns that may match with their first slot on a figure whose neighbours'
    /// probe keys are `keys` (before, after; `u16::MAX` for no word), in pattern order.
    pub fn candidates(&self, keys: (u16, u16)) -> Bits3<'_> {
        let set = |k: u16| {
            let k = usize::from(k).wrapping_sub(0x100);
            if k < 512 {
                self.by_key.get(k * self.words..(k + 1) * self.words)
            } else {
                None
            }
            .unwrap_or(&[])
        };
        Bits3 {
            sets: [set(keys.0), set(keys.1), &self.none],
            word: 0,
            bits: 0,
        }
    }
}

/// The union of three bit sets, walked lowest bit first.
pub(crate) struct Bits3<'a> {
    sets: [&'a [u64]; 3],
    /// The word `bits` came from, plus one.
    word: usize,
    bits: u64,
}

impl Iterator for Bits3<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            let w = self.word;
            if w >= self.sets[2].len() {
                return None;
            }
            let at = |s: &[u64]| s.get(w).copied().unwrap_or(0);
            self.bits = at(self.sets[0]) | at(self.sets[1]) | at(self.sets[2]);
            self.word = w + 1;
        }
        let b = self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some((self.word - 1) * 64 + b)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Lexicon {
    pub dotless_i: bool,
    pub group: char,
    /// First byte and length of every word in the tables, as in [`FirstIndex`]: most tokens
    /// are turned away without hashing.
    word_shapes: Shapes,
    /// First and last byte and length of every word in the tables: most words that pass
    /// `word_shapes` (`the` beside `two`) fail here.
    word_ends: EndShapes,
    /// Every word in the tables, by its first and last bytes and length: what passes the two
    /// above and is still no word is turned away here, before the hash lookup.
    word_bits: WordBits,
    /// The number-word tables (each word and its entries), found by their [`WordBits`] key.
    word_table: WordTable,
    /// suffix -> case mask (0 for a suffix of no named case)
    suffixes: FastMap<String, u32>,
    suffix_shapes: Shapes,
    max_suffix_bytes: usize,
    /// soft letter -> hard letter
    softening: Vec<(char, char)>,
    /// The words in the tables, and each as its stem would be written softened, as a trie: the
    /// cuts of a word where a stem can be looked up (see [`Lexicon::word`]).
    word_stems: Option<WordTrie>,
    phrases: Vec<Phrase>,
    phrase_index: FastMap<String, Vec<usize>>,
    /// First byte and length of every key of `phrase_index`.
    phrase_shapes: Shapes,
    /// First byte, last byte and length of every key of `phrase_index` (see
    /// [`Lexicon::may_be_phrase_key`]).
    phrase_ends: EndShapes,
    /// [`Lexicon::word_stems`] for the keys of `phrase_index`.
    phrase_stems: Option<WordTrie>,
    pub hedges: Vec<(Hedge, Template)>,
    pub hedge_index: ProbeIndex,
    pub ranges: Vec<Template>,
    pub range_index: ProbeIndex,
    pub changes: Vec<Template>,
    pub change_index: ProbeIndex,
    pub change_verbs: Vec<Lit>,
    pub dates: Vec<Template>,
    /// By first byte and length (lengths from 63 share the last row), what a word of that
    /// shape may open: [`OPENS_DATE`], [`OPENS_PERIOD`] (see [`Lexicon::shape_opens`]).
    opens_by_shape: Box<[[u8; 64]; 256]>,
    /// What each date pattern that names a day or a year needs of a sentence.
    pub date_needs: Vec<Needs>,
    pub date_index: FirstIndex,
    pub identifier_before: FastSet<String>,
    pub periods: Vec<PeriodRule>,
    /// What each period pattern that opens with a word needs of a sentence.
    pub word_led_period_needs: Vec<Needs>,
    pub period_index: FirstIndex,
    pub trailing_periods: bool,
    pub year_before: Vec<Lit>,
    pub year_after: Vec<Lit>,
    pub year_suffixed: bool,
    pub bare_years: Option<(i32, i32)>,
    abbreviations: FastSet<String>,
    abbreviation_shapes: Shapes,
    /// First and last byte and length of every abbreviation: most words ending a sentence
    /// are turned away here without hashing.
    abbreviation_ends: EndShapes,
    /// The most characters an abbreviation has: folding never makes a word fewer
    /// characters, so a longer word is none (and is not folded to be looked up).
    abbreviation_chars: usize,
    clause_endings: Vec<String>,
    pub present: Vec<Lit>,
    /// The first bytes of the `present` words, a bit each ([`first_bytes`]). An empty word
    /// sets only bit 0: a literal matches only words with its own first byte, so an empty
    /// one matches only an empty word, which [`Lexicon::is_present_word`] reads as byte 0.
    present_firsts: [u64; 4],
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
    word_scan: WordScan,
    /// The words a word written together can be split into (see [`Entry::is_part`]), for a
    /// language that writes number words together.
    part_trie: Option<WordTrie>,
}

/// For each first byte, a bit per length (lengths from 63 share the last bit) of the words
/// of a table: a word whose bit is clear is not in the table.
#[derive(Debug, Clone)]
struct Shapes(Box<[u64; 256]>);

impl Shapes {
    fn of<'w>(words: impl Iterator<Item = &'w String>) -> Shapes {
        let mut m = Box::new([0u64; 256]);
        for w in words {
            if let Some(&b) = w.as_bytes().first() {
                m[b as usize] |= shape_bit(w.len());
            }
        }
        Shapes(m)
    }

    #[inline]
    fn may_hold(&self, w: &str) -> bool {
        self.may_hold_bytes(w.as_bytes())
    }

    #[inline]
    fn may_hold_bytes(&self, w: &[u8]) -> bool {
        w.first()
            .is_some_and(|&b| self.0[b as usize] & shape_bit(w.len()) != 0)
    }
}

/// The first byte, last byte and length of the words of a table, hashed into a set of byte
/// pairs: a word whose pair is missing is not in the table.
#[derive(Debug, Clone)]
struct EndShapes(PairSet);

impl EndShapes {
    fn of<'w>(words: impl Iterator<Item = &'w String>) -> EndShapes {
        let mut set = PairSet::empty();
        for w in words {
            if let Some((a, b)) = EndShapes::pair(w) {
                set.insert(a, b);
            }
        }
        EndShapes(set)
    }

    #[inline]
    fn pair(w: &str) -> Option<(u8, u8)> {
        EndShapes::pair_of(w.as_bytes())
    }

    #[inline]
    fn pair_of(b: &[u8]) -> Option<(u8, u8)> {
        Some(EndShapes::pair_bytes(*b.first()?, *b.last()?, b.len()))
    }

    /// The pair of a word whose first and last bytes are `first` and `last`, `len` long.
    #[inline(always)]
    fn pair_bytes(first: u8, last: u8, len: usize) -> (u8, u8) {
        let len = (len & 0xff) as u8;
        (first, last.wrapping_add(len.wrapping_mul(37)))
    }

    /// The oracle of [`Lexicon::shapes_hold`]'s half of this set.
    #[cfg(test)]
    fn may_hold(&self, w: &str) -> bool {
        EndShapes::pair(w).is_some_and(|(a, b)| self.0.has(a, b))
    }

    #[inline]
    fn may_hold_bytes(&self, w: &[u8]) -> bool {
        EndShapes::pair_of(w).is_some_and(|(a, b)| self.0.has(a, b))
    }
}

/// The words of a table hashed by their first and last eight bytes and length into a set
/// of 2^16 bits: a word whose bit is clear is not in the table. Holds a few hundred words,
/// so nearly every other word is turned away without hashing it in full.
#[derive(Debug, Clone)]
struct WordBits(Box<[u64; 1024]>);

impl WordBits {
    fn of<'w>(words: impl Iterator<Item = &'w String>) -> WordBits {
        let mut m = Box::new([0u64; 1024]);
        for w in words {
            let k = WordBits::key(w.as_bytes());
            m[k >> 6] |= 1 << (k & 63);
        }
        WordBits(m)
    }

    #[inline]
    fn key(b: &[u8]) -> usize {
        let n = b.len();
        let eight = |i: usize| {
            b.get(i..i + 8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map_or(0, u64::from_le_bytes)
        };
        let (head, last) = if n >= 8 {
            (eight(0), eight(n - 8))
        } else {
            (tail_word(b), 0)
        };
        let h =
            (head ^ last.rotate_left(29) ^ ((n as u64) << 58)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> 48) as usize
    }

    #[inline]
    fn has_key(&self, k: usize) -> bool {
        self.0.get(k >> 6).is_some_and(|m| m & (1 << (k & 63)) != 0)
    }
}

/// The words of a table and their entries, found by their [`WordBits`] key in an
/// open-addressed table at most a quarter full: one key, a probe or two and one comparison
/// instead of hashing the whole word.
#[derive(Debug, Clone)]
struct WordTable {
    /// For each slot, one more than the index in `words` of the word there; 0 for none.
    slots: Vec<u32>,
    /// Sorted by word (the test oracles binary-search it, apart from `slots`).
    words: Vec<(Box<str>, Vec<Entry>)>,
    /// [`Entry::opens_bits`] each word's entries, by its index in `words`.
    opens: Vec<u8>,
}

impl WordTable {
    /// Takes the map so that the entries are held once, here.
    fn of(map: FastMap<String, Vec<Entry>>) -> WordTable {
        let mut all: Vec<(String, Vec<Entry>)> = map.into_iter().collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        let size = (all.len() * 4).next_power_of_two().max(16);
        let mut slots = vec![0u32; size];
        let mut words = Vec::with_capacity(all.len());
        for (w, es) in all {
            let mut at = WordBits::key(w.as_bytes()) & (size - 1);
            words.push((w.into_boxed_str(), es));
            while slots[at] != 0 {
                at = (at + 1) & (size - 1);
            }
            slots[at] = words.len() as u32;
        }
        let opens = words.iter().map(|(_, es)| Entry::opens_bits(es)).collect();
        WordTable {
            slots,
            words,
            opens,
        }
    }

    /// The entries of `w`, whose [`WordBits::key`] is `key`.
    #[inline]
    fn get(&self, w: &str, key: usize) -> Option<&[Entry]> {
        self.id(w, key).map(|id| self.entries(id))
    }

    /// Where `w`, whose [`WordBits::key`] is `key`, is in the table: one more than its index
    /// in `words`.
    #[inline]
    fn id(&self, w: &str, key: usize) -> Option<NonZeroU32> {
        let mask = self.slots.len() - 1;
        let mut at = key & mask;
        loop {
            let id = NonZeroU32::new(*self.slots.get(at)?)?;
            let (k, _) = self.words.get(id.get() as usize - 1)?;
            if **k == *w {
                return Some(id);
            }
            at = (at + 1) & mask;
        }
    }

    /// The entries of the word `id` names (an id from [`WordTable::id`], so in range: a
    /// token's id is looked up in the table of the lexicon that reads it). Checked, not
    /// indexed: indexing cost en: +0.4% instructions.
    #[inline]
    fn entries(&self, id: NonZeroU32) -> &[Entry] {
        let i = id.get() as usize - 1;
        debug_assert!(i < self.words.len(), "a word id from another table");
        self.words.get(i).map_or(&[], |(_, es)| es.as_slice())
    }
}

/// A word found in the number-word tables, as a token keeps it: where it is in the table,
/// and the case mask of the suffix it was found under (0 for the word as written). Eight
/// bytes where the entries' slice and the mask were twenty-four.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordRef {
    id: NonZeroU32,
    pub mask: u32,
}

/// How [`Lexicon::next_word_candidate`] finds number words.
#[derive(Debug, Clone)]
enum WordScan {
    /// The language has no number words.
    None,
    /// Every number word is letters and digits only, so a match can only start at a word
    /// start: a byte loop tries the trie only there.
    Trie(WordTrie),
    /// Some number word holds another character (a hyphen, a space): one automaton over
    /// the whole text, its matches filtered to word starts.
    Automaton(AhoCorasick),
}

/// The number words as a byte trie, ASCII letters matched in either case (as the automaton
/// with `ascii_case_insensitive` would). Node 0 is the root.
#[derive(Debug, Clone)]
struct WordTrie {
    /// The root's child for each byte, both cases of an ASCII letter set alike; 0 for none.
    root: Box<[u32; 256]>,
    nodes: Vec<TrieNode>,
    /// The pairs of bytes a word may start with, a bit per pair (see [`WordTrie::may_start`]).
    first_two: PairSet,
    /// The pairs of bytes a word may hold second and third.
    next_two: PairSet,
    /// [`WordTrie::may_start_with`] by the low five bits of each of the three bytes (a
    /// letter's place in the alphabet, either case): for the first two, a row of 32 bits,
    /// one per third. A superset of the pair tables' answer in one lookup instead of two.
    by_codes: Box<[u32; 1024]>,
}

/// A set of byte pairs, a bit each.
#[derive(Debug, Clone)]
struct PairSet(Box<[u64; 1024]>);

impl PairSet {
    fn empty() -> PairSet {
        PairSet(Box::new([0; 1024]))
    }

    fn insert(&mut self, a: u8, b: u8) {
        let i = usize::from(u16::from_le_bytes([a, b]));
        if let Some(w) = self.0.get_mut(i >> 6) {
            *w |= 1 << (i & 63);
        }
    }

    /// Every pair whose first byte is `a`.
    fn insert_all(&mut self, a: u8) {
        for b in 0..=255 {
            self.insert(a, b);
        }
    }

    #[inline]
    fn has(&self, a: u8, b: u8) -> bool {
        self.has_le(u16::from_le_bytes([a, b]))
    }

    /// Is the pair of bytes `pair` holds (first byte lowest) in the set?
    #[inline]
    fn has_le(&self, pair: u16) -> bool {
        let i = usize::from(pair);
        self.0.get(i >> 6).is_some_and(|w| w & (1 << (i & 63)) != 0)
    }

    /// [`PairSet::has_le`] as the integer 1 or 0, for a test that ANDs it with others
    /// instead of branching on each.
    #[inline(always)]
    fn bit(&self, pair: u16) -> u64 {
        let i = usize::from(pair);
        self.0[i >> 6] >> (i & 63) & 1
    }
}

/// The bytes a word's (ASCII-lowercased) byte `b` matches: both cases of an ASCII letter.
fn both_cases(b: u8) -> impl Iterator<Item = u8> {
    std::iter::once(b).chain(b.is_ascii_lowercase().then(|| b.to_ascii_uppercase()))
}

#[derive(Debug, Clone, Default)]
struct TrieNode {
    /// A word ends here.
    end: bool,
    /// (byte, ASCII lowercased; child node)
    edges: Vec<(u8, u32)>,
}

impl WordTrie {
    fn new(words: &[String]) -> WordTrie {
        let mut nodes = vec![TrieNode::default()];
        for w in words {
            let mut at = 0usize;
            for &b in w.as_bytes() {
                let b = b.to_ascii_lowercase();
                at = match nodes[at].edges.iter().find(|e| e.0 == b) {
                    Some(&(_, next)) => next as usize,
                    None => {
                        let next = nodes.len();
                        nodes.push(TrieNode::default());
                        nodes[at].edges.push((b, next as u32));
                        next
                    }
                };
            }
            nodes[at].end = true;
        }
        let mut root = Box::new([0u32; 256]);
        for &(b, next) in &nodes[0].edges {
            root[b as usize] = next;
            root[b.to_ascii_uppercase() as usize] = next;
        }
        let (mut first_two, mut next_two) = (PairSet::empty(), PairSet::empty());
        for w in words {
            let w: Vec<u8> = w.bytes().map(|b| b.to_ascii_lowercase()).collect();
            match w[..] {
                [] => {}
                [a] => {
                    for a in both_cases(a) {
                        first_two.insert_all(a);
                    }
                    for b in 0..=255 {
                        next_two.insert_all(b);
                    }
                }
                [a, b, ref rest @ ..] => {
                    for (a, b) in both_cases(a).flat_map(|a| both_cases(b).map(move |b| (a, b))) {
                        first_two.insert(a, b);
                    }
                    for b in both_cases(b) {
                        match rest.first() {
                            None => next_two.insert_all(b),
                            Some(&c) => both_cases(c).for_each(|c| next_two.insert(b, c)),
                        }
                    }
                }
            }
        }
        // the third bytes each second byte may take, by their low five bits
        let mut thirds = [0u32; 256];
        for (b, row) in thirds.iter_mut().enumerate() {
            for c in 0..=255u8 {
                if next_two.has(b as u8, c) {
                    *row |= 1 << (c & 31);
                }
            }
        }
        let mut by_codes = Box::new([0u32; 1024]);
        for a in 0..=255u8 {
            for (b, row) in thirds.iter().enumerate() {
                if first_two.has(a, b as u8) {
                    by_codes[usize::from(a & 31) << 5 | (b & 31)] |= row;
                }
            }
        }
        WordTrie {
            root,
            nodes,
            first_two,
            next_two,
            by_codes,
        }
    }

    /// May a word start with the bytes `next` holds (first byte lowest; zero for a byte past
    /// the end)? False only where [`WordTrie::starts`] is: the first three bytes are looked
    /// up as two pairs, which turns most words away without walking the trie.
    #[inline]
    fn may_start_with(&self, next: u32) -> bool {
        self.first_two.has_le(next as u16) && self.next_two.has_le((next >> 8) as u16)
    }

    /// Where the words that begin `bytes` end, as a mask with bit `i` set when one is
    /// `bytes[..i]` (ends past byte 63 are left out).
    fn prefix_ends(&self, bytes: &[u8]) -> u64 {
        let Some(&first) = bytes.first() else {
            return 0;
        };
        let mut at = self.root[first as usize] as usize;
        if at == 0 {
            return 0;
        }
        let mut ends = 0u64;
        let mut len = 1;
        while let Some(node) = self.nodes.get(at) {
            if node.end && len < 64 {
                ends |= 1 << len;
            }
            let Some(&b) = bytes.get(len) else {
                break;
            };
            let b = b.to_ascii_lowercase();
            match node.edges.iter().find(|e| e.0 == b) {
                Some(&(_, next)) => at = next as usize,
                None => break,
            }
            len += 1;
        }
        ends
    }

    /// [`WordTrie::may_start_with`] as the integer 1 or 0, from the two pair tables: the
    /// oracle [`WordTrie::may_start_code_bit`] is tested against.
    #[cfg(test)]
    fn may_start_bit(&self, next: u32) -> u64 {
        self.first_two.bit(next as u16) & self.next_two.bit((next >> 8) as u16)
    }

    /// [`WordTrie::may_start_bit`] read from the low five bits of each byte, in one lookup:
    /// 1 wherever that is, and where bytes that share those bits with them would be (a
    /// digit, a mark, a capital or any non-ASCII byte reads as some letter; the scan checks
    /// what passes, so this costs only extra checks, more often on Turkish text).
    #[inline(always)]
    fn may_start_code_bit(&self, next: u32) -> u64 {
        let row = self.by_codes[((next & 31) << 5 | (next >> 8 & 31)) as usize];
        u64::from(row.wrapping_shr(next >> 16) & 1)
    }

    /// Does a word start `bytes`?
    fn starts(&self, bytes: &[u8]) -> bool {
        let Some((&first, rest)) = bytes.split_first() else {
            return false;
        };
        let mut at = self.root[first as usize] as usize;
        if at == 0 {
            return false;
        }
        let mut rest = rest.iter();
        loop {
            let Some(node) = self.nodes.get(at) else {
                return false;
            };
            if node.end {
                return true;
            }
            let Some(&b) = rest.next() else {
                return false;
            };
            let b = b.to_ascii_lowercase();
            match node.edges.iter().find(|e| e.0 == b) {
                Some(&(_, next)) => at = next as usize,
                None => return false,
            }
        }
    }
}

/// The first byte of each literal as a set of bits (byte 0 stands for an empty literal, which
/// matches an empty word).
fn first_bytes(lits: &[Lit]) -> [u64; 4] {
    let mut set = [0u64; 4];
    for l in lits {
        let (Lit::Exact(w) | Lit::Prefix(w)) = l;
        let b = w.as_bytes().first().copied().unwrap_or(0);
        set[usize::from(b >> 6)] |= 1 << (b & 63);
    }
    set
}

/// The first three bytes of `b` as [`WordTrie::may_start_with`] reads them (first byte
/// lowest, zero past the end).
#[inline]
fn first_three(b: &[u8]) -> u32 {
    match *b {
        [] => 0,
        [x] => u32::from(x),
        [x, y] => u32::from(x) | u32::from(y) << 8,
        [x, y, z, ..] => u32::from(x) | u32::from(y) << 8 | u32::from(z) << 16,
    }
}

/// Is byte `s` of `text` at a word start: no letter or digit just before it?
fn at_word_start(text: &str, s: usize) -> bool {
    match s.checked_sub(1).and_then(|p| text.as_bytes().get(p)) {
        None => true,
        Some(&p) if p < 0x80 => !p.is_ascii_alphanumeric(),
        Some(_) => text
            .get(..s)
            .and_then(|t| t.chars().next_back())
            .map_or(true, |c| !c.is_alphanumeric()),
    }
}

/// The number words of a document in order, asked for one at a time: the scan runs only over
/// the stretches extraction asks about, not over sentences it already read.
pub(crate) struct WordCandidates<'a> {
    lex: &'a Lexicon,
    text: &'a str,
    /// Every candidate, for a language scanned with the automaton.
    all: Vec<usize>,
    next: usize,
}

impl WordCandidates<'_> {
    /// The first number word starting in `from..to` (at a word start), if any.
    pub fn first_in(&mut self, from: usize, to: usize) -> Option<usize> {
        let to = to.min(self.text.len());
        match &self.lex.word_scan {
            WordScan::None => None,
            WordScan::Automaton(_) => {
                while self.all.get(self.next).is_some_and(|&w| w < from) {
                    self.next += 1;
                }
                self.all.get(self.next).copied().filter(|&w| w < to)
            }
            WordScan::Trie(trie) => {
                let bytes = self.text.as_bytes();
                if from < to
                    && trie.root[bytes[from] as usize] != 0
                    && at_word_start(self.text, from)
                    && trie.starts(&bytes[from..])
                {
                    return Some(from);
                }
                // Eight bytes at a time: a word starts after an ASCII byte that is no letter
                // or digit, or perhaps after a non-ASCII byte (decoded to tell).
                let mut c = from;
                // Whole blocks first: all eight marks lie before `to - 1` and the three bytes
                // after each are in the text, so the bytes are read where they are, with no
                // padding, no mask for `to` and no 128-bit shift per mark.
                while c + 9 <= to {
                    let Some(block) = bytes.get(c..c + 12) else {
                        break;
                    };
                    let mut m =
                        not_letters(u64::from_le_bytes(block[..8].try_into().unwrap_or([0; 8])));
                    // Two marks a round, their start tests (one code-table lookup each)
                    // collected as bits of `hits`
                    // (bit `k`: a word may start `k` bytes in) with no branch per mark: one
                    // or two marks per block is a coin flip that a per-mark loop mispredicts.
                    // With one mark left, the second test reads byte 8 and is masked out.
                    let mut hits = 0u64;
                    while m != 0 {
                        let k1 = (m.trailing_zeros() / 8) as usize + 1;
                        m &= m - 1;
                        let k2 = ((m | 1 << 63).trailing_zeros() / 8) as usize + 1;
                        let two = u64::from(m != 0);
                        m &= m.wrapping_sub(1);
                        hits |= trie.may_start_code_bit(word_at(block, k1)) << k1
                            | (trie.may_start_code_bit(word_at(block, k2)) & two) << k2;
                    }
                    while hits != 0 {
                        let k = hits.trailing_zeros() as usize;
                        hits &= hits - 1;
                        let s = c + k;
                        // the mark is no letter: an ASCII one other than a digit opens a
                        // word, a non-ASCII one is decoded to tell
                        let opens = match block.get(k - 1) {
                            Some(&p) if p < 0x80 => !p.is_ascii_digit(),
                            _ => at_word_start(self.text, s),
                        };
                        if opens && trie.starts(&bytes[s..]) {
                            return Some(s);
                        }
                    }
                    c += 8;
                }
                while c + 1 < to {
                    // sixteen bytes from `c`, zero past the end: eight to mark, and the three
                    // after each mark for the pair tables
                    let v = match bytes.get(c..c + 16) {
                        Some(b) => u128::from_le_bytes(b.try_into().unwrap_or([0; 16])),
                        None => {
                            let mut pad = [0u8; 16];
                            let tail = bytes.get(c..).unwrap_or(&[]);
                            pad[..tail.len()].copy_from_slice(tail);
                            u128::from_le_bytes(pad)
                        }
                    };
                    let mut m = not_letters(v as u64);
                    // no word starts at or past `to` (only the last block reaches it)
                    if c + 9 > to {
                        m &= (1u64 << (8 * (to - c - 1))) - 1;
                    }
                    while m != 0 {
                        let bit = m.trailing_zeros() + 1;
                        m &= m - 1;
                        // the byte before may be a digit or a letter's trailing byte: the
                        // word start is checked only where a word may start
                        if trie.may_start_with((v >> bit) as u32) {
                            let s = c + (bit / 8) as usize;
                            if at_word_start(self.text, s) && trie.starts(&bytes[s..]) {
                                return Some(s);
                            }
                        }
                    }
                    c += 8;
                }
                None
            }
        }
    }
}

/// Bytes `k..k + 4` of a twelve-byte block as [`WordTrie::may_start_with`] reads them
/// (`k` is at most 8).
#[inline(always)]
fn word_at(block: &[u8], k: usize) -> u32 {
    block
        .get(k..k + 4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

/// Bytes `i..i + 8` of `buf`.
#[inline]
fn buf_word(buf: &[u8; 16], i: usize) -> [u8; 8] {
    buf.get(i..i + 8)
        .and_then(|b| b.try_into().ok())
        .unwrap_or([0; 8])
}

/// The high bit of each byte of `w` that is no ASCII letter: a superset of the bytes a word
/// start can follow (digits among them), in fewer steps than [`separators`].
#[inline]
fn not_letters(w: u64) -> u64 {
    !letters(w) & HIGH
}

/// The high bit of each byte of `w` that is ASCII but no letter or digit.
#[cfg(test)]
fn separators(w: u64) -> u64 {
    !w & HIGH & !crate::text::lanes::alphanumerics(w)
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
        let suffix_shapes = Shapes::of(suffixes.keys());
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
        let ranges: Vec<Template> = f
            .ranges
            .patterns
            .iter()
            .map(|p| two_q(p))
            .collect::<Result<_, _>>()?;
        let changes: Vec<Template> = f
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

        let pats = start_words(words.iter().map(|(w, es)| (w.as_str(), es.as_slice())), dl);
        let word_scan = if pats.is_empty() {
            WordScan::None
        } else if pats.iter().all(|w| w.chars().all(char::is_alphanumeric)) {
            WordScan::Trie(WordTrie::new(&pats))
        } else {
            WordScan::Automaton(word_automaton(&pats)?)
        };

        let part_trie = n.compounds.then(|| {
            let mut parts: Vec<String> = words
                .iter()
                .filter(|(_, es)| es.iter().any(Entry::is_part))
                .map(|(w, _)| w.clone())
                .collect();
            parts.sort_unstable();
            WordTrie::new(&parts)
        });

        // Stems are looked up only when the language has suffixes.
        let stems = |keys: Vec<&String>| {
            (!suffixes.is_empty()).then(|| {
                let mut all: Vec<String> = Vec::new();
                for k in keys {
                    all.push(k.clone());
                    for &(soft, hard) in &softening {
                        if let Some(base) = k.strip_suffix(hard) {
                            all.push(format!("{base}{soft}"));
                        }
                    }
                }
                all.sort_unstable();
                all.dedup();
                WordTrie::new(&all)
            })
        };
        let word_stems = stems(words.keys().collect());
        let phrase_stems = stems(phrase_index.keys().collect());

        let present = lits(&f.periods.present);
        Ok(Lexicon {
            part_trie,
            word_stems,
            phrase_shapes: Shapes::of(phrase_index.keys()),
            phrase_ends: EndShapes::of(phrase_index.keys()),
            phrase_stems,
            dotless_i: dl,
            group,
            word_shapes: Shapes::of(words.keys()),
            word_ends: EndShapes::of(words.keys()),
            word_bits: WordBits::of(words.keys()),
            word_table: WordTable::of(words),
            suffixes,
            suffix_shapes,
            max_suffix_bytes,
            softening,
            phrases: compiled_phrases,
            phrase_index,
            hedge_index: ProbeIndex::new(hedges.iter().map(|(_, t)| t)),
            hedges,
            range_index: ProbeIndex::new(ranges.iter()),
            ranges,
            change_index: ProbeIndex::new(changes.iter()),
            changes,
            change_verbs: lits(&f.changes.verbs),
            opens_by_shape: opens_by_shape(&dates, &periods),
            date_needs: fewest_first(
                dates
                    .iter()
                    .filter(|t| t.slot_mask() & !(1 << slot_bit(Slot::Month)) != 0)
                    .map(Template::needs),
            ),
            date_index: FirstIndex::new(dates.iter()),
            dates,
            identifier_before: set(&f.dates.identifier_before),
            word_led_period_needs: fewest_first(
                periods
                    .iter()
                    .filter(|p| p.template.word_led())
                    .map(|p| p.template.needs()),
            ),
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
            abbreviation_shapes: Shapes::of(set(&f.sentences.abbreviations).iter()),
            abbreviation_ends: EndShapes::of(set(&f.sentences.abbreviations).iter()),
            abbreviation_chars: set(&f.sentences.abbreviations)
                .iter()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0),
            clause_endings: f.sentences.clause_endings.iter().map(|w| fold(w)).collect(),
            present_firsts: first_bytes(&present),
            present,
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
            word_scan,
        })
    }

    /// The number words of `text` (where one starts, at a word start), for extraction to
    /// ask for as it goes.
    pub fn word_candidates<'a>(&'a self, text: &'a str) -> WordCandidates<'a> {
        let all = match &self.word_scan {
            WordScan::Automaton(ac) => ac
                .find_iter(text)
                .map(|m| m.start())
                .filter(|&s| at_word_start(text, s))
                .collect(),
            _ => Vec::new(),
        };
        WordCandidates {
            lex: self,
            text,
            all,
            next: 0,
        }
    }

    /// The [`WordBits::key`] of `w` if `w` may be in the tables as written. Three bit sets
    /// turn most words away, the first two before the key is even computed.
    #[inline(always)]
    fn exact_key(&self, w: &str) -> Option<usize> {
        if self.shapes_hold(w.as_bytes()) == 0 {
            return None;
        }
        let key = WordBits::key(w.as_bytes());
        self.word_bits.has_key(key).then_some(key)
    }

    /// 1 when both [`Shapes`] and [`EndShapes`] may hold `w`, else 0: both sets read and
    /// their bits ANDed as integers, so that one branch, not two, asks which words pass
    /// (which of the two turns a word away is data-dependent, and the branch between
    /// them mispredicted).
    #[inline(always)]
    fn shapes_hold(&self, w: &[u8]) -> u64 {
        let (Some(&first), Some(&last)) = (w.first(), w.last()) else {
            return 0;
        };
        let shape = self.word_shapes.0[usize::from(first)] >> w.len().min(63);
        let (a, b) = EndShapes::pair_bytes(first, last, w.len());
        shape & self.word_ends.0.bit(u16::from_le_bytes([a, b]))
    }

    /// The case mask of a suffix, if it is one.
    pub fn suffix_case(&self, s: &str) -> Option<u32> {
        if !self.suffix_shapes.may_hold(s) {
            return None;
        }
        self.suffixes.get(s).copied()
    }

    /// Every stem `word` has under a known suffix (not `word` itself), with the suffix's case
    /// mask, shortest suffix last; `f` sees each in turn until it returns `Some`. Allocates
    /// only for a softened stem (`dörd` + `e` reads as `dört`).
    fn find_stem<R>(&self, word: &str, f: impl FnMut(&str, u32) -> Option<R>) -> Option<R> {
        self.find_stem_among(word, None, f)
    }

    /// [`Lexicon::find_stem`] for an `f` that can answer only for the stems in `stems` (as
    /// written or softened): the cuts whose stem is in no such word are skipped unseen, so
    /// most words cost one walk of the trie instead of a suffix lookup per cut.
    fn find_stem_among<R>(
        &self,
        word: &str,
        stems: Option<&WordTrie>,
        mut f: impl FnMut(&str, u32) -> Option<R>,
    ) -> Option<R> {
        if self.suffixes.is_empty() {
            return None;
        }
        // every cut after the first character that leaves a tail no longer than a suffix
        let first = word.len().saturating_sub(self.max_suffix_bytes).max(1);
        match stems {
            Some(t) if word.len() < 64 => {
                let mut cuts = t.prefix_ends(word.as_bytes()) >> first << first;
                cuts &= (1u64 << word.len()) - 1;
                while cuts != 0 {
                    let i = cuts.trailing_zeros() as usize;
                    cuts &= cuts - 1;
                    if let Some(r) = self.try_cut(word, i, &mut f) {
                        return Some(r);
                    }
                }
                None
            }
            _ => (first..word.len()).find_map(|i| self.try_cut(word, i, &mut f)),
        }
    }

    /// [`Lexicon::find_stem`] at the cut before byte `i` of `word`.
    fn try_cut<R>(
        &self,
        word: &str,
        i: usize,
        f: &mut impl FnMut(&str, u32) -> Option<R>,
    ) -> Option<R> {
        if !word.is_char_boundary(i) {
            return None;
        }
        let (stem, tail) = word.split_at(i);
        let mask = self.suffix_case(tail)?;
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
        None
    }

    /// Where the words `w` can be split into (see [`Entry::is_part`]) that begin it end: a
    /// mask with bit `i` set when `w[..i]` may be one (a superset: ASCII case is ignored).
    /// None when `w` is too long to say so in 64 bits.
    pub fn part_prefix_ends(&self, w: &str) -> Option<u64> {
        if w.len() >= 64 {
            return None;
        }
        Some(
            self.part_trie
                .as_ref()
                .map_or(0, |t| t.prefix_ends(w.as_bytes())),
        )
    }

    /// What patterns a token whose folded text is `norm` may open: [`OPENS_DATE`] where a
    /// date pattern may start with it as its first word, [`OPENS_PERIOD`] for a period.
    /// A superset, by the word's first byte and length.
    #[inline]
    pub fn shape_opens(&self, norm: &str) -> u8 {
        let b = norm.as_bytes();
        match b.first() {
            Some(&f) => self.opens_by_shape[f as usize][b.len().min(63)],
            None => 0,
        }
    }

    /// Every word of the number-word tables with its entries (for tests elsewhere).
    #[cfg(test)]
    pub(crate) fn table_words(&self) -> impl Iterator<Item = (&str, &[Entry])> {
        self.word_table
            .words
            .iter()
            .map(|(w, es)| (&**w, es.as_slice()))
    }

    /// The entries of a word exactly as written (no suffix stripped), turning most words
    /// away by their shape first.
    #[inline]
    pub fn word_exact(&self, norm: &str) -> Option<&[Entry]> {
        let key = self.exact_key(norm)?;
        self.word_table.get(norm, key)
    }

    /// The entries of a word, directly or under a suffix, with the suffix's case mask.
    ///
    /// Most words of a sentence are in no table: three bit sets by the word's shape (for
    /// the word as written) and two pair sets over its first three bytes (for a stem of it,
    /// under a suffix) turn them away here, inline, before any hashing or call.
    #[inline(always)]
    pub fn word(&self, norm: &str) -> Option<(&[Entry], u32)> {
        self.word_ref(norm).map(|w| self.entries_and_mask(w))
    }

    /// [`Lexicon::word`] as a token keeps it: where the word is in the tables.
    #[inline(always)]
    pub fn word_ref(&self, norm: &str) -> Option<WordRef> {
        let exact = self.exact_key(norm);
        let stem = self
            .word_stems
            .as_ref()
            .is_some_and(|t| t.may_start_with(first_three(norm.as_bytes())));
        if exact.is_none() && !stem {
            return None;
        }
        self.word_past_shapes(norm, exact, stem)
    }

    /// The entries of a word found in the tables.
    #[inline]
    pub fn entries_of(&self, w: WordRef) -> &[Entry] {
        self.word_table.entries(w.id)
    }

    /// The entries of a word found in the tables and the case mask of the suffix it was
    /// found under.
    #[inline]
    pub fn entries_and_mask(&self, w: WordRef) -> (&[Entry], u32) {
        (self.entries_of(w), w.mask)
    }

    /// [`Entry::opens_bits`] the entries of a word found in the tables, worked out once
    /// per word of the tables.
    #[inline]
    pub fn word_opens(&self, w: WordRef) -> u8 {
        // `opens` has one entry per word of the table, and `w` names one of them (checked,
        // not indexed: see `WordTable::entries`)
        let i = w.id.get() as usize - 1;
        debug_assert!(
            i < self.word_table.opens.len(),
            "a word id from another table"
        );
        self.word_table.opens.get(i).copied().unwrap_or(0)
    }

    /// [`Lexicon::word`] for a word its shapes could not turn away: `exact` (its key) when
    /// it may be in the tables as written, `stem` when a stem of it may be.
    #[inline(never)]
    fn word_past_shapes(&self, norm: &str, exact: Option<usize>, stem: bool) -> Option<WordRef> {
        if let Some(key) = exact {
            if let Some(id) = self.word_table.id(norm, key) {
                return Some(WordRef { id, mask: 0 });
            }
        }
        if !stem || self.suffixes.is_empty() {
            return None;
        }
        self.word_under_suffix(norm)
    }

    /// May `w` be split into words written together ([`Entry::is_part`])? False only where
    /// no such word begins it, by the part trie's pairs over its first three bytes.
    #[inline]
    pub fn may_split(&self, w: &str) -> bool {
        self.part_trie
            .as_ref()
            .is_some_and(|t| t.may_start_with(first_three(w.as_bytes())))
    }

    /// [`Lexicon::word`] past a suffix, kept out of line so the common path stays small.
    #[inline(never)]
    fn word_under_suffix(&self, norm: &str) -> Option<WordRef> {
        self.find_stem_among(norm, self.word_stems.as_ref(), |stem, mask| {
            let key = self.exact_key(stem)?;
            let id = self.word_table.id(stem, key)?;
            Some(WordRef { id, mask })
        })
    }

    /// A unit phrase starting at `toks[i]`: (kind, end token, case mask of its last word).
    ///
    /// Most tokens begin no phrase: the phrases' shapes (for the word as written) and the
    /// pairs over its first three bytes (for a stem of it) turn them away inline.
    #[inline]
    pub fn phrase_at(
        &self,
        toks: &[Tok],
        i: usize,
        want: impl Fn(&PhraseKind) -> bool,
    ) -> Option<(&PhraseKind, usize, u32)> {
        let first = toks.get(i)?;
        let stem = || {
            self.phrase_stems
                .as_ref()
                .is_some_and(|t| t.may_start_with(first_three(first.norm.as_bytes())))
        };
        if !self.may_be_phrase_key(first.norm) && !stem() {
            return None;
        }
        self.phrase_past_shapes(toks, i, want)
    }

    /// May `w` be a key of the phrase index? False only where it is none: by its first byte
    /// and length, then its last byte. The first alone sent 41,099 words of BBC to the full
    /// lookup (a hash and a probe of the index each); with the last byte, 15,463.
    #[inline]
    fn may_be_phrase_key(&self, w: &str) -> bool {
        self.phrase_shapes.may_hold(w) && self.phrase_ends.may_hold_bytes(w.as_bytes())
    }

    /// [`Lexicon::phrase_at`] for a token its shapes could not turn away.
    #[inline(never)]
    fn phrase_past_shapes(
        &self,
        toks: &[Tok],
        i: usize,
        want: impl Fn(&PhraseKind) -> bool,
    ) -> Option<(&PhraseKind, usize, u32)> {
        let first = toks.get(i)?;
        let mut best: Option<(&PhraseKind, usize, u32)> = None;
        let mut visit = |stem: &str, mask0: u32| {
            if !self.may_be_phrase_key(stem) {
                return;
            }
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
                    let mask = mask0 | first.suffix.and_then(|s| self.suffix_case(s)).unwrap_or(0);
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
                            Lit::Exact(s) => match self.stem_match(t.norm, s) {
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
        visit(first.norm, 0);
        self.find_stem_among(first.norm, self.phrase_stems.as_ref(), |stem, mask| {
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
        let bytes = word.as_bytes();
        let mut buf = [0u8; 16];
        if let Some(head) = buf.get_mut(..bytes.len()) {
            head.copy_from_slice(bytes);
        }
        // the word's (at most) sixteen bytes as two words, zero past its end: a byte that
        // folds to more than itself lowercased (non-ASCII, a backtick, a Turkish `I`) is
        // looked for, and the rest lowercased, eight bytes at a time
        let halves = [0, 8].map(|i| u64::from_le_bytes(buf_word(&buf, i)));
        let unplain = |w: u64| {
            let mut hits = (w & HIGH) | equal_to(w, b'`');
            if self.dotless_i {
                hits |= equal_to(w, b'I');
            }
            hits
        };
        if bytes.len() <= buf.len() && halves.iter().all(|&w| unplain(w) == 0) {
            // folding ASCII is lowercasing it: done on the stack
            for (i, w) in halves.into_iter().enumerate() {
                let lower = w | in_range(w, b'A', b'Z') >> 2;
                if let Some(out) = buf.get_mut(i * 8..i * 8 + 8) {
                    out.copy_from_slice(&lower.to_le_bytes());
                }
            }
            let buf = &buf[..bytes.len()];
            // most words are turned away by their shape before they are read as text
            if !self.abbreviation_shapes.may_hold_bytes(buf)
                || !self.abbreviation_ends.may_hold_bytes(buf)
            {
                return false;
            }
            let folded = std::str::from_utf8(buf).unwrap_or_default();
            return self.abbreviations.contains(folded);
        }
        if word.chars().nth(self.abbreviation_chars).is_some() {
            return false;
        }
        self.abbreviations
            .contains(&crate::text::fold(word, self.dotless_i))
    }

    /// Does `t` read as one of the words that say a clause speaks of the present? Most
    /// tokens are turned away by their first byte before the words are compared.
    #[inline]
    pub fn is_present_word(&self, t: &Tok) -> bool {
        let b = t.norm.as_bytes().first().copied().unwrap_or(0);
        let known = self
            .present_firsts
            .get(usize::from(b >> 6))
            .is_some_and(|m| m & (1 << (b & 63)) != 0);
        known && self.present.iter().any(|l| l.matches(t))
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

/// The least of patterns' needs, those that need the fewest things first: whether any of
/// them is met is the same question as whether any pattern's is, and it is answered sooner.
/// Repeats are dropped, and so is every need that holds all of another (it is met only
/// where that one is).
fn fewest_first(needs: impl Iterator<Item = Needs>) -> Vec<Needs> {
    let mut needs: Vec<Needs> = needs.collect();
    needs.sort_by_key(|n| (n.weight(), *n));
    needs.dedup();
    let mut least: Vec<Needs> = Vec::with_capacity(needs.len());
    for n in needs {
        if !least.iter().any(|m| m.within(n)) {
            least.push(n);
        }
    }
    least
}

/// [`Lexicon::shape_opens`]' table: the shapes of the words date and period patterns open with.
fn opens_by_shape(dates: &[Template], periods: &[PeriodRule]) -> Box<[[u8; 64]; 256]> {
    let mut table = Box::new([[0u8; 64]; 256]);
    let first_words = dates
        .iter()
        .map(|t| (t, OPENS_DATE))
        .chain(periods.iter().map(|p| (&p.template, OPENS_PERIOD)));
    for (t, flag) in first_words {
        if let Some(Elem::Lit(Lit::Exact(w))) = t.elems.first() {
            if let Some(&b) = w.as_bytes().first() {
                table[b as usize][w.len().min(63)] |= flag;
            }
        }
    }
    table
}

/// Every word that can start a number by itself, as written in the tables and, for a word
/// with a non-ASCII letter, in capitals and capitalized (ASCII letters match in either case).
fn start_words<'w>(words: impl Iterator<Item = (&'w str, &'w [Entry])>, dl: bool) -> Vec<String> {
    let mut pats: Vec<String> = Vec::new();
    for (w, entries) in words {
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
            pats.push(w.to_string());
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
    pats
}

fn word_automaton(pats: &[String]) -> Result<AhoCorasick, String> {
    // A DFA: this automaton scans every byte of every document, and the number words of a
    // language are few enough for its tables to stay small.
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(pats)
        .map_err(|e| format!("cannot build the word automaton: {e}"))
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
    use crate::text::lanes::digits;

    fn index(patterns: &[&str]) -> FirstIndex {
        let templates: Vec<Template> = patterns
            .iter()
            .map(|p| Template::parse(p, false, &BTreeMap::new()).unwrap())
            .collect();
        FirstIndex::new(templates.iter())
    }

    #[test]
    fn a_figure_tries_the_patterns_of_its_neighbour_words_and_those_without_in_order() {
        let templates: Vec<Template> = [
            "about {q}",
            "{q} or so",
            "{q} - {q}",
            "around {q}",
            "nearly {q}",
            "{q} odd",
        ]
        .iter()
        .map(|p| Template::parse(p, false, &BTreeMap::new()).unwrap())
        .collect();
        let ix = ProbeIndex::new(templates.iter());
        let before = |b: u8| 0x100 | u16::from(b);
        let after = |b: u8| 0x200 | u16::from(b);
        let got = |keys| ix.candidates(keys).collect::<Vec<_>>();
        // `{q} - {q}` has a probe (`-`) after its figure
        assert_eq!(got((before(b'a'), after(b'o'))), vec![0, 1, 3, 5]);
        assert_eq!(got((before(b'n'), u16::MAX)), vec![4]);
        assert_eq!(got((u16::MAX, after(b'-'))), vec![2]);
        assert_eq!(got((u16::MAX, u16::MAX)), Vec::<usize>::new());
        let open = [Template::parse("{q}", false, &BTreeMap::new()).unwrap()];
        let ix = ProbeIndex::new(open.iter());
        assert_eq!(
            ix.candidates((u16::MAX, u16::MAX)).collect::<Vec<_>>(),
            vec![0]
        );
    }

    proptest::proptest! {
        #[test]
        fn a_word_tail_reads_as_the_bytes_copied_into_a_zeroed_word(
            rest in proptest::collection::vec(proptest::num::u8::ANY, 0..8),
        ) {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(&rest);
            proptest::prop_assert_eq!(tail_word(&rest), u64::from_le_bytes(w));
        }
    }

    proptest::proptest! {
        #[test]
        fn probe_bit_sets_give_the_patterns_a_scan_of_every_pattern_gives(
            picks in proptest::collection::vec(0usize..8, 0..150),
            before in proptest::option::of(proptest::sample::select(b"anx-".to_vec())),
            after in proptest::option::of(proptest::sample::select(b"aox-".to_vec())),
        ) {
            let pool = [
                "about {q}", "{q} or so", "{q} - {q}", "around {q}",
                "nearly {q}", "{q} odd", "{q}", "x {q} x",
            ];
            let templates: Vec<Template> = picks
                .iter()
                .map(|&i| Template::parse(pool[i], false, &BTreeMap::new()).unwrap())
                .collect();
            let ix = ProbeIndex::new(templates.iter());
            let keys = (
                before.map_or(u16::MAX, |b| 0x100 | u16::from(b)),
                after.map_or(u16::MAX, |b| 0x200 | u16::from(b)),
            );
            let scanned: Vec<usize> = templates
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    let k = t.probe_key();
                    k == 0 || k == keys.0 || k == keys.1
                })
                .map(|(i, _)| i)
                .collect();
            proptest::prop_assert_eq!(ix.candidates(keys).collect::<Vec<_>>(), scanned);
        }
    }

    #[test]
    fn a_word_opens_the_patterns_whose_index_says_it_may() {
        let langs = crate::lang::Languages::builtin();
        for code in ["en", "tr"] {
            let lex = &*langs.get(code).expect("built in").lexicon;
            let words = lex
                .period_index
                .by_word
                .keys()
                .chain(lex.date_index.by_word.keys())
                .map(String::as_str)
                .chain([
                    "in", "the", "x", "", "ocak", "between", "2024", "-", "ağustos",
                ]);
            for w in words {
                let date = u8::from(lex.date_index.may_open_with(w)) * OPENS_DATE;
                let period = u8::from(lex.period_index.may_open_with(w)) * OPENS_PERIOD;
                let want = date | period;
                assert_eq!(lex.shape_opens(w), want, "{code} {w:?}");
            }
        }
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
        assert!(ix.candidates("word", 0, &mut out).is_empty());
        assert_eq!(ix.candidates("in", 0, &mut out), [1]);
        assert_eq!(
            ix.candidates("in", 1 << slot_bit(Slot::Month), &mut out),
            [0, 1]
        );
        let number = (1 << slot_bit(Slot::Day)) | (1 << slot_bit(Slot::Year));
        assert_eq!(ix.candidates("12", number, &mut out), [2, 3]);
        // a slot and a first word together: the two lists merged in pattern order
        let ix = index(&["{year} in", "in {year}", "{year} to {year}"]);
        let year = 1 << slot_bit(Slot::Year);
        assert_eq!(ix.candidates("in", year, &mut out), [0, 1, 2]);
    }

    /// The patterns [`FirstIndex::candidates`] should give, as it found them before
    /// `by_first`: those that open with `norm` (a lookup of the whole word in `by_word`),
    /// with a slot of `slots` or with a wildcard word, in pattern order.
    fn candidates_by_word(ix: &FirstIndex, norm: &str, slots: u8) -> Vec<usize> {
        let mut all: Vec<usize> = ix.by_word.get(norm).cloned().unwrap_or_default();
        all.extend_from_slice(&ix.any);
        for (b, list) in ix.by_slot.iter().enumerate() {
            if slots & (1 << b) != 0 {
                all.extend_from_slice(list);
            }
        }
        all.sort_unstable();
        all
    }

    proptest::proptest! {
        #[test]
        fn the_patterns_a_token_may_start_are_those_its_whole_word_names(
            patterns in proptest::collection::vec(
                proptest::collection::vec(0usize..12, 1..4), 0..10),
            word in "(in|i|into|to|ın|İç|ab|abc|x|12|[a-zı0-9]{0,3})",
            slots in proptest::num::u8::ANY,
        ) {
            // patterns from a few words that share first bytes and lengths, slots, and
            // wildcard (prefix) words
            const PIECES: [&str; 12] = [
                "in", "i", "into", "to", "ın", "iç", "ab*", "{q}", "{n}", "{year}", "{day}",
                "{month}",
            ];
            let texts: Vec<String> = patterns
                .iter()
                .map(|p| p.iter().map(|&k| PIECES[k]).collect::<Vec<_>>().join(" "))
                .collect();
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let generated = index(&texts);
            // the built-in lexicons, compiled once for every case
            let (en, tr) = (&test_lexicons()[0], &test_lexicons()[1]);
            let mut out = Vec::new();
            let norm = crate::text::fold(&word, false);
            let indexes = [&generated, &en.date_index, &en.period_index, &tr.date_index];
            for ix in indexes.into_iter().chain([&tr.period_index]) {
                let want = candidates_by_word(ix, &norm, slots);
                let got = ix.candidates(&norm, slots, &mut out);
                proptest::prop_assert_eq!(got, want.as_slice(), "{:?}", texts);
                // every word a pattern opens with, with these slots
                let mut firsts: Vec<&String> = ix.by_word.keys().collect();
                firsts.sort();
                for w in firsts {
                    let want = candidates_by_word(ix, w, slots);
                    let got = ix.candidates(w, slots, &mut out);
                    proptest::prop_assert_eq!(got, want.as_slice(), "{}", w);
                }
            }
        }
    }

    fn all_candidates(lex: &Lexicon, text: &str) -> Vec<usize> {
        let mut words = lex.word_candidates(text);
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(w) = words.first_in(from, text.len()) {
            found.push(w);
            from = w + 1;
        }
        found
    }

    /// The same lexicon scanning with the automaton over the whole text, as it did before the
    /// trie: the oracle for the trie's word-start scan.
    fn with_automaton(lex: &Lexicon) -> Lexicon {
        let pats = start_words(lex.table_words(), lex.dotless_i);
        Lexicon {
            word_scan: WordScan::Automaton(word_automaton(&pats).unwrap()),
            ..lex.clone()
        }
    }

    #[test]
    fn separators_are_the_ascii_bytes_that_are_no_letter_or_digit() {
        for b in 0..=255u8 {
            let w = u64::from_le_bytes([b'a', b, b'a', b'a', b'a', b'a', b'a', b]);
            let want = b < 0x80 && !b.is_ascii_alphanumeric();
            let expect = if want { 0x80 << 8 | 0x80 << 56 } else { 0 };
            assert_eq!(separators(w), expect, "byte {b:#x}");
        }
    }

    #[test]
    fn not_letters_are_the_bytes_that_are_no_ascii_letter() {
        for b in 0..=255u8 {
            let w = u64::from_le_bytes([b'a', b, b'Z', b'a', b'a', b'a', b'a', b]);
            let expect = if b.is_ascii_alphabetic() {
                0
            } else {
                0x80 << 8 | 0x80 << 56
            };
            assert_eq!(not_letters(w), expect, "byte {b:#x}");
        }
    }

    #[test]
    fn digits_are_the_bytes_from_0_to_9() {
        for b in 0..=255u8 {
            let w = u64::from_le_bytes([b, b'5', b'a', b, 0xb0, 0xb9, b'/', b':']);
            let first = if b.is_ascii_digit() {
                0x80 | 0x80 << 24
            } else {
                0
            };
            assert_eq!(digits(w), first | 0x80 << 8, "byte {b:#x}");
        }
    }

    /// The built-in lexicons (en, tr), compiled once for all the cases of a test, then each
    /// again with abbreviations the built-in lists lack:
    /// one of more than eight bytes (the second half of the fast path), one of exactly
    /// sixteen (the longest it takes), one with an apostrophe (a backtick folds to it) and
    /// one whose letters are not ASCII (the slow path).
    fn test_lexicons() -> &'static [Lexicon] {
        static LEXICONS: std::sync::OnceLock<Vec<Lexicon>> = std::sync::OnceLock::new();
        LEXICONS.get_or_init(|| {
            let langs = crate::lang::Languages::builtin();
            let mut all = Vec::new();
            for extra in [false, true] {
                for code in ["en", "tr"] {
                    let mut file = (*langs.get(code).unwrap().data).clone();
                    if extra {
                        file.sentences.abbreviations.extend(
                            ["o'", "abcdefgh.ij", "a.b.c.d.e.f.g.hi", "çok.uzun.kısaltma"]
                                .map(String::from),
                        );
                    }
                    all.push(Lexicon::compile(&file).unwrap());
                }
            }
            all
        })
    }

    proptest::proptest! {
        #[test]
        fn an_abbreviation_is_known_whatever_its_shape_filters_turn_away(
            word in "([a-zA-Z.`]|ü|İ|ı){0,18}",
            // a known abbreviation (by its place in the sorted list) with the letters of
            // the mask's bits in capitals and, when asked, each apostrophe a backtick
            known in proptest::option::of(
                (0usize..64, proptest::num::u32::ANY, proptest::bool::ANY)
            ),
            which in 0usize..4,
        ) {
            let lex = &test_lexicons()[which];
            let want = |w: &str| lex.abbreviations.contains(&crate::text::fold(w, lex.dotless_i));
            let mut list: Vec<&String> = lex.abbreviations.iter().collect();
            list.sort();
            let word = match known {
                Some((k, mask, backtick)) => list[k % list.len()]
                    .chars()
                    .enumerate()
                    .map(|(i, c)| match c {
                        '\'' if backtick => "`".to_string(),
                        c if mask & (1 << (i % 32)) != 0 => upper(&c.to_string(), lex.dotless_i),
                        c => c.to_string(),
                    })
                    .collect(),
                None => word,
            };
            proptest::prop_assert_eq!(lex.is_abbreviation(&word), want(&word), "{:?}", word);
            for known in list {
                proptest::prop_assert!(lex.is_abbreviation(known), "{}", known);
                let ticked = known.replace('\'', "`");
                for other in [known.to_ascii_uppercase(), upper(known, lex.dotless_i), ticked] {
                    let got = lex.is_abbreviation(&other);
                    proptest::prop_assert_eq!(got, want(&other), "{}", other);
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_shapes_in_one_test_turn_away_what_the_two_sets_did(
            word in "([a-zA-Z]|ü|ı|İ|ç){0,12}",
            pick in 0usize..10_000,
            which in 0usize..4,
        ) {
            let lex = &test_lexicons()[which];
            // a word of the tables beside each drawn one, so that both answers are seen
            let words: Vec<&str> = lex.table_words().map(|(w, _)| w).collect();
            let known = words[pick % words.len()];
            for w in [word.as_str(), known] {
                let two = lex.word_shapes.may_hold(w) && lex.word_ends.may_hold(w);
                proptest::prop_assert_eq!(lex.shapes_hold(w.as_bytes()) == 1, two, "{:?}", w);
            }
            proptest::prop_assert_eq!(lex.shapes_hold(known.as_bytes()), 1, "{:?}", known);
        }
    }

    #[test]
    fn the_lookup_by_letter_codes_keeps_every_start_the_pair_tables_keep() {
        // Every three bytes, for the built-in languages and one whose words include a
        // one-byte word (testdata/mixed.toml): the one lookup by five bits a byte lets
        // through every start the two pair tables let through.
        let mut langs = crate::lang::Languages::builtin();
        langs
            .add("mixed.toml", include_str!("testdata/mixed.toml"))
            .expect("the test language is valid");
        let mut checked = 0;
        for code in ["en", "tr", "zz"] {
            let lex = &langs.get(code).expect("loaded").lexicon;
            let WordScan::Trie(trie) = &lex.word_scan else {
                continue;
            };
            checked += 1;
            for next in 0..1u32 << 24 {
                if trie.may_start_bit(next) == 1 {
                    assert_eq!(trie.may_start_code_bit(next), 1, "{code} {next:06x}");
                }
            }
        }
        assert_eq!(
            checked, 3,
            "every language scans for number words with a trie"
        );
    }

    #[test]
    fn every_key_of_the_phrase_index_may_be_one() {
        for lex in test_lexicons() {
            for key in lex.phrase_index.keys() {
                assert!(lex.may_be_phrase_key(key), "{key:?}");
            }
            assert!(!lex.may_be_phrase_key(""));
        }
    }

    #[test]
    fn number_words_count_only_at_word_starts() {
        let langs = crate::lang::Languages::builtin();
        let en = &langs.get("en").unwrap().lexicon;
        assert!(matches!(en.word_scan, WordScan::Trie(_)));
        let text = "Often SEVEN came, x-Twenty and 5ten; sevens (three";
        let found = all_candidates(en, text);
        let words: Vec<&str> = found.iter().map(|&w| &text[w..w + 3]).collect();
        assert_eq!(words, ["SEV", "Twe", "sev", "thr"]);
        let mut words = en.word_candidates(text);
        assert_eq!(words.first_in(6, 6), None);
        assert_eq!(words.first_in(6, 7), Some(6));
    }

    #[test]
    fn turkish_number_words_match_in_capitals_after_any_letter() {
        let langs = crate::lang::Languages::builtin();
        let tr = &langs.get("tr").unwrap().lexicon;
        assert!(matches!(tr.word_scan, WordScan::Trie(_)));
        let text = "ÜÇ gün, şüç, «Altı» ve DÖRT";
        let found = all_candidates(tr, text);
        assert_eq!(found, all_candidates(&with_automaton(tr), text));
        let words: Vec<String> = found
            .iter()
            .map(|&w| text[w..].chars().take(2).collect())
            .collect();
        assert_eq!(words, ["ÜÇ", "Al", "DÖ"]);
    }

    proptest::proptest! {
        #[test]
        fn the_word_start_scan_finds_what_the_automaton_found(
            text in "([a-zA-Z0-9 .,'\\-]|ü|ç|ı|İ|Ü|ş|½|é|—|\\u{00A0}){0,60}",
            tr in proptest::bool::ANY,
        ) {
            let langs = crate::lang::Languages::builtin();
            let lex = &langs.get(if tr { "tr" } else { "en" }).unwrap().lexicon;
            let words = ["one ", "dört", "Yüz", "altı", "bir", "ÜÇ", "seven", "half"];
            let text = format!("{text} {} {text}", words[text.len() % words.len()]);
            proptest::prop_assert_eq!(
                all_candidates(lex, &text),
                all_candidates(&with_automaton(lex), &text)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_block_scan_stops_at_the_stretch_asked_for_as_the_automaton_does(
            text in "([a-zA-Z0-9 .,'\\-]|ü|ı|İ|Ü|½|—){0,90}",
            a in 0usize..100,
            b in 0usize..100,
            tr in proptest::bool::ANY,
        ) {
            let langs = crate::lang::Languages::builtin();
            let lex = &langs.get(if tr { "tr" } else { "en" }).unwrap().lexicon;
            let words = [" one", " dört", " Yüz", "-altı", ",bir", " ÜÇ", " seven", " half"];
            let w = words[text.len() % words.len()];
            let text = format!("{text}{w}{text}{w}");
            let at = |k: usize| {
                let mut k = k.min(text.len());
                while !text.is_char_boundary(k) {
                    k += 1;
                }
                k
            };
            let (from, to) = (at(a), at(a + b));
            let oracle = with_automaton(lex);
            proptest::prop_assert_eq!(
                lex.word_candidates(&text).first_in(from, to),
                oracle.word_candidates(&text).first_in(from, to),
                "{}..{}", from, to
            );
        }
    }

    /// The entries of `w`, by a binary search over the sorted table: not through its
    /// shapes, keys or slots, which are what the oracles below check.
    fn entries_by_search<'l>(lex: &'l Lexicon, w: &str) -> Option<&'l [Entry]> {
        let words = &lex.word_table.words;
        let i = words.binary_search_by(|(k, _)| (**k).cmp(w)).ok()?;
        words.get(i).map(|(_, es)| es.as_slice())
    }

    #[test]
    fn the_word_table_is_sorted_so_the_oracles_can_search_it() {
        let langs = crate::lang::Languages::builtin();
        for code in ["tr", "en"] {
            let words = &langs.get(code).unwrap().lexicon.word_table.words;
            assert!(words.len() > 10, "{code}");
            assert!(words.windows(2).all(|p| p[0].0 < p[1].0), "{code}");
        }
    }

    /// [`Lexicon::word`] as it was before the stem trie: a suffix lookup at every cut.
    fn word_by_every_cut<'l>(lex: &'l Lexicon, norm: &str) -> Option<(&'l [Entry], u32)> {
        // the table itself, not its shapes and keys
        let exact = |w: &str| entries_by_search(lex, w);
        if let Some(e) = exact(norm) {
            return Some((e, 0));
        }
        lex.find_stem(norm, |stem, mask| exact(stem).map(|e| (e, mask)))
    }

    #[test]
    fn a_suffixed_number_word_is_found_through_its_stem_as_before() {
        let langs = crate::lang::Languages::builtin();
        let tr = &langs.get("tr").unwrap().lexicon;
        for w in [
            "dörde", "dördü", "binden", "yüzde", "ikisi", "kapı", "ona", "onun", "a",
        ] {
            assert_eq!(tr.word(w), word_by_every_cut(tr, w), "{w}");
        }
        assert!(tr.word("dörde").is_some());
        assert!(tr.word("binden").is_some());
    }

    proptest::proptest! {
        #[test]
        fn the_stem_trie_finds_what_every_cut_found(
            stem in "(bir|iki|üç|dörd|dört|beş|altı|yedi|sekiz|dokuz|on|yirmi|otuz|kırk|elli|yüz|bin|milyon|milyar|ocak|mart|nisan|yüzde|dolar|lira|kapı|[a-zçğıöşü]{1,6})",
            tail in "(|[a-zçğıöşü]{1,4}|den|dan|e|a|ye|ın|nin|si|ler|leri|ndan|deki|'de)",
            tr in proptest::bool::ANY,
        ) {
            let langs = crate::lang::Languages::builtin();
            let lex = &langs.get(if tr { "tr" } else { "en" }).unwrap().lexicon;
            let w = format!("{stem}{tail}");
            proptest::prop_assert_eq!(lex.word(&w), word_by_every_cut(lex, &w));
            let long = w.repeat(9);
            proptest::prop_assert_eq!(lex.word(&long), word_by_every_cut(lex, &long));
        }
    }

    #[test]
    fn every_stem_of_the_tables_under_every_suffix_is_found_as_by_every_cut() {
        let langs = crate::lang::Languages::builtin();
        for code in ["tr", "en"] {
            let lex = &langs.get(code).unwrap().lexicon;
            let mut stems: Vec<String> = lex.table_words().map(|(w, _)| w.to_string()).collect();
            for (k, _) in lex.table_words() {
                for &(soft, hard) in &lex.softening {
                    if let Some(base) = k.strip_suffix(hard) {
                        stems.push(format!("{base}{soft}"));
                    }
                }
            }
            stems.sort();
            let mut tails: Vec<&str> = vec!["", "x", "qq"];
            tails.extend(lex.suffixes.keys().map(String::as_str));
            tails.sort();
            let mut found = 0;
            for s in &stems {
                for t in &tails {
                    let w = format!("{s}{t}");
                    let by_every_cut = word_by_every_cut(lex, &w);
                    found += usize::from(by_every_cut.is_some());
                    assert_eq!(lex.word(&w), by_every_cut, "{w}");
                }
            }
            assert!(found >= stems.len(), "{code}: {found}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_phrase_is_found_as_when_no_shape_turned_a_token_away(
            words in proptest::collection::vec("(US|\\$|dolar|doları|dolarlık|milyar|yüzde|%|percent|per|cent|km|ton|tonluk|lira|TL|euro|avro|Euro'nun|kilometre|[a-zçğıöşü]{1,5}|[0-9]{1,3}|,|[.])", 0..8),
            tr in proptest::bool::ANY,
        ) {
            let langs = crate::lang::Languages::builtin();
            let lex = &langs.get(if tr { "tr" } else { "en" }).unwrap().lexicon;
            let text = words.join(" ");
            super::super::token::with_tokens(&text, 0, text.len(), lex.dotless_i, |toks| {
                for i in 0..=toks.len() {
                    let all = |_: &PhraseKind| true;
                    let a = lex.phrase_at(toks, i, all).map(|(k, e, m)| (k.clone(), e, m));
                    let b = lex.phrase_past_shapes(toks, i, all).map(|(k, e, m)| (k.clone(), e, m));
                    assert_eq!(a, b, "{text} at {i}");
                }
            });
        }
    }

    proptest::proptest! {
        #[test]
        fn a_present_word_is_found_as_when_every_word_was_compared(
            words in proptest::collection::vec("(currently|now|today|nowadays|Now|halen|hâlen|şuan|günümüzde|[a-zçğıöşü]{0,5}|[0-9]{1,3}|,|[.])", 0..8),
            tr in proptest::bool::ANY,
        ) {
            let langs = crate::lang::Languages::builtin();
            let lex = &langs.get(if tr { "tr" } else { "en" }).unwrap().lexicon;
            let text = words.join(" ");
            super::super::token::with_tokens(&text, 0, text.len(), lex.dotless_i, |toks| {
                for t in toks.iter() {
                    let every = lex.present.iter().any(|l| l.matches(t));
                    assert_eq!(lex.is_present_word(t), every, "{text}: {}", t.norm);
                }
            });
        }
    }

    proptest::proptest! {
        #[test]
        fn the_least_needs_are_met_where_any_need_is(
            raw in proptest::collection::vec((0u8..32, 0u64..64, 0u64..64), 0..24),
            present in 0u8..32,
            bits in proptest::num::u64::ANY,
        ) {
            let all: Vec<Needs> = raw
                .iter()
                .map(|&(s, a, b)| Needs::of_bits(s, (1 << a) | (1 << b)))
                .collect();
            let least = fewest_first(all.iter().copied());
            proptest::prop_assert_eq!(
                least.iter().any(|n| n.met(present, bits)),
                all.iter().any(|n| n.met(present, bits))
            );
        }
    }

    #[test]
    fn a_word_of_another_length_is_not_a_first_word() {
        let ix = index(&["in {year}"]);
        let mut out = Vec::new();
        assert!(ix.candidates("into", 0, &mut out).is_empty());
        assert!(ix.candidates("i", 0, &mut out).is_empty());
    }
}
