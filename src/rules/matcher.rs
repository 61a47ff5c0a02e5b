//! The matcher decides which key a figure speaks about. It owns one byte trie per language
//! over every rule word and entity alias of every key and entity, walked from each word
//! start of a sentence, so each sentence costs one scan whatever the number of keys, and
//! only keys with a word in the figure's clause are evaluated.
//!
//! For each mention:
//!
//! 1. The sentence is folded (`Language::fold`: Turkish `I/ı/İ/i`, typographic apostrophes)
//!    and whitespace collapsed; the figure is located in it.
//! 2. The **clause** around the figure is cut out. Hard breaks (`;`, `while`, a Turkish
//!    converb like `yaparken`) always end it; soft breaks (`,`, `and`, `ve`) end it only when
//!    the other side has a figure of its own, so "130,000 Germans came to Norway, and
//!    86,000 Norwegian visitors visited Germany" gives each figure its own clause while
//!    "Almanya, Norveç ekonomisine 5,2 milyar dolar" keeps its subject. Years do not count
//!    as figures here. All break words come from the language's `[roles]` table.
//! 3. Entity mentions get a **role**: a Turkish case suffix (`Almanya'ya`, `Norveç’ten`),
//!    a suffix on the next word of a compound (`Norveç ekonomisine`), a preposition before
//!    (`from`, `in`, `to`, `visited`), or, for a demonym (`Norwegian`, `Alman`), the origin.
//!    Anything else is neutral: compatible with either role.
//! 4. A key matches when the figure has its unit, every word group (`noun`, `require`) has a
//!    word in the clause, no `exclude` word is there, every `about` entity is mentioned, and
//!    its `from`/`to` entities are found in the clause (or, failing that, elsewhere in the
//!    sentence) in a compatible role. Among matching keys the one with the strongest direction
//!    evidence wins (marked role > neutral > elsewhere in the sentence), then the one with more
//!    groups; a tie is [`Match::Ambiguous`], never broken by file order.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::clause::{clause_sorted, ending, window, Break};
use super::{Key, Match};
use crate::extract::{Mention, Unit};
use crate::lang::{Language, RoleMarkers};
use crate::text::{length_bit, SharedStr};

/// One word or alias in the matcher's tries.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Folded, whitespace collapsed, without the trailing `*`.
    pub text: String,
    /// As written in the rule file.
    pub shown: String,
    /// Index into the matcher's language codes.
    pub lang: usize,
    /// Written with a trailing `*`: matches the start of a word.
    pub prefix: bool,
    pub target: Target,
}

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A word of group `group` (0 is the noun when the key has one) of key `key`.
    Group { key: usize, group: usize },
    /// A word that rules key `key` out.
    Exclude { key: usize },
    /// A word that must stand right before (or, `after`, right after) the figure.
    Position { key: usize, after: bool },
    /// A name or demonym of entity `entity`.
    Alias { entity: usize, demonym: bool },
}

/// A group of alternative words: one must be in the clause.
#[derive(Debug, Clone, Default)]
pub struct Group {
    /// The counted noun rather than a required context word (only changes messages).
    pub noun: bool,
    pub words: Vec<String>,
}

/// A key's words in one language.
#[derive(Debug, Clone, Default)]
pub struct LangRule {
    pub groups: Vec<Group>,
    /// `before` and `after` words as written; when there are any, one must stand right next
    /// to the figure on its side.
    pub before: Vec<String>,
    pub after: Vec<String>,
}

/// Everything a key needs besides its unit.
#[derive(Debug, Clone, Default)]
pub struct KeyRule {
    /// By language index.
    pub langs: BTreeMap<usize, LangRule>,
    pub from: Option<usize>,
    pub to: Option<usize>,
    pub about: Vec<usize>,
}

/// Which way an entity stands in a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Origin,
    Destination,
    Neutral,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Origin => "origin",
            Role::Destination => "destination",
            Role::Neutral => "neutral",
        }
    }
}

/// All rule words of all keys and entities, compiled.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// By language index: the patterns of that language.
    tries: Vec<Trie>,
    patterns: Vec<Pattern>,
    rules: Vec<KeyRule>,
    entities: Vec<String>,
    langs: Vec<String>,
    /// Built on first use, once per rule set: for each unit a key takes, by language, what
    /// the raw text of a sentence must hold for a key of that unit to have a word there.
    gates: OnceLock<Gates>,
    /// By language index: the break cues of the language the rules were compiled with, built
    /// once at load ([`Matcher::with_cues`]) rather than once per document; `None` for a
    /// language the loader did not have (its classifiers build their own).
    cues: Vec<Option<LangCues>>,
}

/// The [`BreakCues`] of one language, with what they were read from, so a classifier for a
/// language that differs (a test's own variant, say) builds its own.
#[derive(Debug, Clone)]
struct LangCues {
    dotless_i: bool,
    lists: [Vec<String>; 5],
    cues: Box<BreakCues>,
}

impl LangCues {
    fn new(lang: &Language) -> LangCues {
        LangCues {
            dotless_i: lang.dotless_i,
            lists: cue_lists(lang).map(<[String]>::to_vec),
            cues: Box::new(BreakCues::new(lang)),
        }
    }

    /// Were these cues built from what `lang` holds?
    fn fits(&self, lang: &Language) -> bool {
        self.dotless_i == lang.dotless_i
            && self
                .lists
                .iter()
                .zip(cue_lists(lang))
                .all(|(a, b)| a.as_slice() == b)
    }
}

/// The role lists [`BreakCues::new`] reads.
fn cue_lists(lang: &Language) -> [&[String]; 5] {
    let r = &lang.roles;
    [
        &r.clause_breaks,
        &r.soft_breaks,
        &r.clause_words,
        &r.soft_words,
        &r.clause_end_suffixes,
    ]
}

/// [`Gate`]s by unit, then by language index, for the keys they were built from.
#[derive(Debug, Clone)]
struct Gates {
    /// Where the keys were and how many: other keys find no gate.
    keys: (usize, usize),
    /// The needles of each unit and language (`None`: some key has a word without one);
    /// the automaton is built when a figure of the unit is first asked about in the language.
    by_unit: BTreeMap<Unit, Vec<(Needles, OnceLock<Gate>)>>,
}

/// The needles of one unit's keys in one language; `None` when some key has a group word
/// without one.
type Needles = Option<Vec<Vec<u8>>>;

/// What the raw text of a sentence must hold for a key of one unit to have a word of a
/// group there, so a figure asked only for a key match ([`Classifier::classify_match`]) is
/// mostly answered without folding and scanning its sentence.
///
/// Folding turns an ASCII letter or digit into itself in lowercase and no other character
/// into one, but for `i` (from `İ`) and `k` (from the Kelvin sign); whitespace runs collapse.
/// So a run of a pattern's ASCII letters and digits other than `i` and `k` stands in the raw
/// sentence, in either case, wherever the pattern stands in the folded one. Each key needs
/// a word of every group; the group whose words have the longest such runs is the key's
/// needles.
#[derive(Debug, Clone)]
enum Gate {
    /// No key of the unit has a group word in the language: none can match.
    Never,
    /// Some key of the unit has a group word with no such run: any sentence may hold it.
    Always,
    /// The keys' needles, ASCII case-insensitive.
    Search(aho_corasick::AhoCorasick),
}

impl Gate {
    /// The gate of these needles (`None`: some word has none).
    fn new(needles: Option<&[Vec<u8>]>) -> Gate {
        let Some(needles) = needles else {
            return Gate::Always;
        };
        let mut needles = needles.to_vec();
        needles.sort_unstable();
        needles.dedup();
        if needles.is_empty() {
            return Gate::Never;
        }
        // A few short needles: an automaton quick to build does.
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(needles)
            .map_or(Gate::Always, Gate::Search)
    }
}

impl Gates {
    fn build(patterns: &[Pattern], keys: &[Key], langs: usize) -> Gates {
        // (key, lang, group) -> the needle of each of its words.
        let mut groups: BTreeMap<(usize, usize, usize), Vec<&[u8]>> = BTreeMap::new();
        for p in patterns {
            if let Target::Group { key, group } = p.target {
                groups
                    .entry((key, p.lang, group))
                    .or_default()
                    .push(needle(p.text.as_bytes()));
            }
        }
        // (key, lang) -> the group whose shortest needle is longest.
        let mut chosen: BTreeMap<(usize, usize), &Vec<&[u8]>> = BTreeMap::new();
        let shortest = |n: &Vec<&[u8]>| n.iter().map(|x| x.len()).min().unwrap_or(0);
        for (&(key, lang, _), needles) in &groups {
            let best = chosen.entry((key, lang)).or_insert(needles);
            if shortest(needles) > shortest(best) {
                *best = needles;
            }
        }
        let mut needles: BTreeMap<(&Unit, usize), Option<Vec<&[u8]>>> = BTreeMap::new();
        for (&(key, lang), group) in &chosen {
            let Some(k) = keys.get(key) else { continue };
            let all = needles.entry((&k.unit, lang)).or_insert(Some(Vec::new()));
            if shortest(group) == 0 {
                *all = None;
            } else if let Some(all) = all {
                all.extend(group.iter().copied());
            }
        }
        let mut by_unit: BTreeMap<Unit, Vec<_>> = BTreeMap::new();
        for ((unit, lang), found) in needles {
            let gates = by_unit.entry(unit.clone()).or_insert_with(|| {
                (0..langs)
                    .map(|_| (Some(Vec::new()), OnceLock::new()))
                    .collect::<Vec<_>>()
            });
            if let Some(g) = gates.get_mut(lang) {
                g.0 = found.map(|f| f.iter().map(|n| n.to_vec()).collect());
            }
        }
        Gates {
            keys: (keys.as_ptr() as usize, keys.len()),
            by_unit,
        }
    }

    /// May a key of `unit` have a group word in `raw`, a sentence in language `lang`?
    fn open(&self, keys: &[Key], unit: &Unit, lang: usize, raw: &str) -> bool {
        if self.keys != (keys.as_ptr() as usize, keys.len()) {
            return true;
        }
        let Some((needles, gate)) = self.by_unit.get(unit).and_then(|g| g.get(lang)) else {
            return false;
        };
        match gate.get_or_init(|| Gate::new(needles.as_deref())) {
            Gate::Never => false,
            Gate::Always => true,
            Gate::Search(ac) => ac.is_match(raw),
        }
    }
}

/// The longest run of `folded`'s ASCII letters and digits other than `i` and `k`: what the
/// raw text must hold, in either case, where `folded` stands in the folded text.
fn needle(folded: &[u8]) -> &[u8] {
    folded
        .split(|&b| !b.is_ascii_alphanumeric() || b == b'i' || b == b'k')
        .max_by_key(|run| run.len())
        .unwrap_or(&[])
}

/// A pattern found in the folded sentence, on word boundaries.
#[derive(Debug, Clone, Copy)]
struct Hit {
    pattern: usize,
    start: usize,
    /// End of the pattern itself.
    end: usize,
    /// End of the word it is in (past a `*` pattern's continuation).
    word_end: usize,
}

/// An entity mentioned in the sentence, with its role.
#[derive(Debug, Clone)]
struct Occurrence {
    entity: usize,
    role: Role,
    /// The role was marked (suffix, preposition, demonym) rather than left neutral.
    marked: bool,
    /// What marked it: `suffix`, `preposition`, `demonym`…; empty when unmarked.
    cue: &'static str,
    /// The words that show the role (`from norway`, `norveç'ten`), for evidence.
    shown: Range<usize>,
    /// Where the alias starts, and where its word ends (past its suffix).
    start: usize,
    end: usize,
    in_clause: bool,
}

/// The folded sentence with the figure located.
struct Context<'t> {
    text: &'t str,
    figure: Range<usize>,
}

/// How a key fared against one mention. What showed the match is left in the judge's
/// [`Proof`] buffer, and what it lacked is a [`Lack`]: words are written only for the answer
/// returned ([`Matcher::evidence`], [`Matcher::why`]), never by judging a key again.
#[derive(Debug, Clone, Copy)]
enum Verdict {
    Match {
        /// Direction evidence, then number of groups matched.
        score: (u32, usize),
    },
    Miss {
        progress: usize,
        lack: Lack,
    },
}

/// How a key fared, with its words: what [`Matcher::judge_worded`] returns.
#[cfg(test)]
enum Worded {
    Match {
        score: (u32, usize),
        evidence: Vec<String>,
    },
    Miss {
        progress: usize,
        why: String,
    },
}

/// One line of a match's evidence, before it is written: indices into the sentence's hits
/// and occurrences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Proof {
    /// A required word group `group` had a word in the clause (which one is chosen when
    /// written, to show a word the evidence does not show yet).
    Group { group: usize },
    /// The counted noun, at hit `hit`.
    Noun { hit: usize },
    /// A `before`/`after` word at hit `hit` right next to the figure.
    Beside { hit: usize },
    /// An `about` entity, mentioned at occurrence `at`.
    Named { entity: usize, at: usize },
    /// A `from`/`to` entity in role `want`, at occurrence `at`.
    Role {
        entity: usize,
        want: Role,
        at: usize,
    },
}

/// Why a key did not claim a figure, before it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lack {
    NoRule,
    NoWords,
    /// No word of required group `group` in the clause.
    Group {
        group: usize,
    },
    /// The counted noun is only at hit `hit`, too far from the figure.
    NounFar {
        hit: usize,
    },
    /// No counted noun (group `group`) at all.
    Noun {
        group: usize,
    },
    /// No `before`/`after` word next to the figure.
    Beside,
    Unit,
    /// Ruled out by the word at hit `hit`.
    Excluded {
        hit: usize,
    },
    /// An `about` entity is not mentioned.
    NotNamed {
        entity: usize,
    },
    /// The entity is in the clause at occurrence `at`, in the wrong role.
    RoleHere {
        entity: usize,
        want: Role,
        at: usize,
    },
    /// The entity is elsewhere in the sentence at occurrence `at`, in the wrong role.
    RoleElsewhere {
        entity: usize,
        want: Role,
        at: usize,
    },
    /// The entity is not mentioned.
    RoleMissing {
        entity: usize,
        want: Role,
    },
}

/// What the judged keys' words are read against: the sentence and the figure's clause.
struct Judged<'c> {
    mention: &'c Mention,
    lang: usize,
    ctx: &'c Context<'c>,
    hits: &'c [Hit],
    groups: &'c [(usize, usize, usize)],
    excludes: &'c [(usize, usize)],
    positions: &'c [(usize, usize)],
    occurrences: &'c [Occurrence],
}

/// `format!` when `explain` is on, else an empty string: a key that loses is judged without
/// building the words that would explain it.
#[cfg(test)]
macro_rules! say {
    ($explain:expr, $($arg:tt)*) => {
        if $explain {
            format!($($arg)*)
        } else {
            String::new()
        }
    };
}

/// The string pieces joined, allocated once: what `format!` gives for plain strings, without
/// its machinery; an empty string when `explain` is off.
macro_rules! cat {
    ($explain:expr, $($piece:expr),+ $(,)?) => {
        if $explain {
            let pieces: &[&str] = &[$($piece),+];
            let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
            for p in pieces {
                out.push_str(p);
            }
            out
        } else {
            String::new()
        }
    };
}

/// Classifies the mentions of one text, asked in document order. The sentence window
/// around a figure is folded, scanned with the language's trie, cut at its breaks and read for
/// entities once; every further mention with the same window is decided from those, so the
/// cost is per sentence, not per mention.
pub struct Classifier<'a> {
    matcher: &'a Matcher,
    keys: &'a [Key],
    prose: &'a str,
    lang: &'a Language,
    /// The language's index in the matcher; `None` when no rule has words in it.
    lang_id: Option<usize>,
    /// The first and last bytes of the language's break words, to skip most words at once.
    /// Boxed when built here: the tables are ~5 KB, and a classifier is moved by value.
    cues: std::borrow::Cow<'a, Box<BreakCues>>,
    /// The sentence read last and the judge's buffers, boxed so that taking them from the
    /// thread's spare and giving them back moves a pointer, not their ~1 KB.
    bufs: Box<(Sentence, Scratch)>,
}

/// Bytes that can start a break (punctuation or word) or end a break ending: a word whose
/// first or last byte is not among them is not compared with any list.
#[derive(Debug, Clone)]
struct BreakCues {
    /// Bytes the sentence fold copies as they are, lowercased: ASCII but whitespace, the
    /// backtick and (for a dotless-i language) `I`.
    plain: [bool; 256],
    /// Punctuation breaks that are this one byte.
    punctuation: [bool; 256],
    /// First bytes, and second bytes, of the longer punctuation breaks.
    punctuation_first: [bool; 256],
    /// `punctuation` or `punctuation_first`: a byte where [`BreakCues::stops`] may be true.
    stop_first: [bool; 256],
    /// Per first byte, the punctuation breaks (by their place in `punctuation`, hard then
    /// soft) that start with it, as bits.
    punctuation_by_first: [u64; 256],
    /// More punctuation breaks than bits: every one is tried.
    punctuation_many: bool,
    punctuation_second: [bool; 256],
    /// Per first byte, the lengths (in bytes, 63 for longer) of the listed break words that
    /// start with it, as bits: a word of another length is not compared with the lists.
    word_lengths: [u64; 256],
    ending_last: [bool; 256],
    /// The language has clause-ending suffixes at all.
    endings: bool,
    /// Some punctuation break starts with a letter or digit, so it may start inside a word:
    /// every byte is tried, not only the places the trie scan lists.
    punctuation_in_words: bool,
}

impl BreakCues {
    /// May a punctuation break start at `i` (by its first byte, and its second for a longer
    /// one)?
    fn stops(&self, bytes: &[u8], i: usize) -> bool {
        let Some(&b) = bytes.get(i) else {
            return false;
        };
        self.punctuation[usize::from(b)]
            || self.punctuation_first[usize::from(b)]
                && bytes
                    .get(i + 1)
                    .is_some_and(|&c| self.punctuation_second[usize::from(c)])
    }

    /// May the word at `at..end` of `bytes` make a break: is it [`BreakCues::may_be_listed`],
    /// or does a clause-ending suffix end with its last byte? A cheap necessary condition
    /// for [`word_break`], asked by the trie scan (the one place it is asked) so that
    /// [`breaks`] is handed only the words that pass it.
    #[inline]
    fn may_break_word(&self, bytes: &[u8], at: usize, end: usize) -> bool {
        let last = end
            .checked_sub(1)
            .and_then(|l| bytes.get(l))
            .copied()
            .unwrap_or(0);
        self.may_be_listed(bytes, at, end) || self.endings && self.ending_last[usize::from(last)]
    }

    /// Does a listed break word start with the first byte of the word at `at..end` of
    /// `bytes` and have its length? False only where neither list can hold the word.
    #[inline]
    fn may_be_listed(&self, bytes: &[u8], at: usize, end: usize) -> bool {
        let first = bytes.get(at).copied().unwrap_or(0);
        self.word_lengths[usize::from(first)] & length_bit(end.saturating_sub(at)) != 0
    }

    fn new(lang: &Language) -> BreakCues {
        let roles = &lang.roles;
        let mut cues = BreakCues {
            plain: [false; 256],
            punctuation: [false; 256],
            punctuation_first: [false; 256],
            stop_first: [false; 256],
            punctuation_by_first: [0; 256],
            punctuation_many: punctuation(roles).count() > 64,
            punctuation_second: [false; 256],
            word_lengths: [0; 256],
            ending_last: [false; 256],
            endings: roles.clause_end_suffixes.iter().any(|e| !e.is_empty()),
            punctuation_in_words: roles
                .clause_breaks
                .iter()
                .chain(&roles.soft_breaks)
                .any(|p| p.chars().next().is_some_and(is_word)),
        };
        for (k, (p, _)) in punctuation(roles).enumerate() {
            if let (Some(&b), true) = (p.as_bytes().first(), k < 64) {
                cues.punctuation_by_first[usize::from(b)] |= 1 << k;
            }
        }
        let firsts = roles.clause_breaks.iter().chain(&roles.soft_breaks);
        for p in firsts {
            match p.as_bytes() {
                [] => {}
                [b] => {
                    cues.punctuation[usize::from(*b)] = true;
                    cues.stop_first[usize::from(*b)] = true;
                }
                [b, c, ..] => {
                    cues.punctuation_first[usize::from(*b)] = true;
                    cues.stop_first[usize::from(*b)] = true;
                    cues.punctuation_second[usize::from(*c)] = true;
                }
            }
        }
        for b in 0..=127u8 {
            cues.plain[usize::from(b)] =
                !(matches!(b, b' ' | b'\t'..=b'\r' | b'`') || b == b'I' && lang.dotless_i);
        }
        for w in roles.clause_words.iter().chain(&roles.soft_words) {
            if let Some(&b) = w.as_bytes().first() {
                cues.word_lengths[usize::from(b)] |= length_bit(w.len());
            }
        }
        for e in &roles.clause_end_suffixes {
            if let Some(&b) = e.as_bytes().last() {
                cues.ending_last[usize::from(b)] = true;
            }
        }
        cues
    }
}

/// One sentence window, folded and read.
#[derive(Debug, Default)]
struct Sentence {
    /// The bytes of the prose it was built from; `None` before the first mention.
    window: Option<Range<usize>>,
    /// Folded, whitespace collapsed.
    text: String,
    /// Where the offsets of the window land in `text`, sparsely: `(offset, mark, linear)`
    /// starts a run of offsets that land at `mark` plus their distance from `offset` when
    /// `linear` (plain ASCII copied byte for byte), or all at `mark` when not (whitespace
    /// collapsed, a folded character). One entry per run, not per byte.
    marks: Vec<(usize, usize, bool)>,
    /// The length of the window folded, and where its end lands.
    end: (usize, usize),
    /// Every clause break, with the bytes a figure must not overlap for it to count.
    breaks: Vec<(Break, Range<usize>)>,
    /// The breaks of `breaks` alone, for a figure that overlaps none of them.
    cuts: Vec<Break>,
    /// Non-ASCII characters that fold to one other character, by a hash of the character:
    /// `(from, to)`; for the language whose `dotless_i` is `folds_dotless_i`.
    folds: Vec<(char, char)>,
    folds_dotless_i: bool,
    hits: Vec<Hit>,
    /// Some hit is a word of a key's group: without one no key can claim a figure here.
    grouped: bool,
    /// `breaks` and `occurrences` are read (they are only needed when `grouped`).
    read: bool,
    /// `occurrences[i].in_clause` is set for the figure at hand.
    occurrences: Vec<Occurrence>,
    /// Per punctuation break, where its last match ended (matches do not overlap).
    ends: Vec<usize>,
    /// What the trie scan saw on its way: every word, and the places a punctuation break
    /// may start.
    scan: Scan,
    /// Entity aliases found, while `occurrences` is read: `(start, end, entity, demonym,
    /// prefix)`.
    aliases: Vec<(usize, usize, usize, bool, bool)>,
}

/// The words of a folded sentence and the places a punctuation break may start, as the trie
/// scan passes them, so reading the breaks does not walk the bytes again.
#[derive(Debug, Default)]
struct Scan {
    /// The maximal runs of letters and digits that may make a break
    /// ([`BreakCues::may_break_word`]); the others are passed over here already.
    words: Vec<(usize, usize)>,
    /// Starts of characters that are not letters or digits and whose bytes begin a
    /// punctuation break's first byte (and second, for a longer one).
    stops: Vec<usize>,
}

/// Buffers reused from one mention to the next.
#[derive(Debug, Default)]
struct Scratch {
    breaks: Vec<Break>,
    /// (key, group, hit) for group words in the clause.
    groups: Vec<(usize, usize, usize)>,
    /// (key, hit) for exclusions.
    excludes: Vec<(usize, usize)>,
    /// (key, hit) for `before`/`after` words that stand right next to the figure.
    positions: Vec<(usize, usize)>,
    best: Vec<usize>,
    /// The proofs of the key being judged, and of the best match so far.
    proofs: Vec<Proof>,
    best_proofs: Vec<Proof>,
    /// The answer's evidence, written before it is shared.
    evidence: EvidenceLines,
}

thread_local! {
    /// The buffers of the thread's last dropped [`Classifier`], for its next one.
    static SPARE: std::cell::Cell<Option<Box<(Sentence, Scratch)>>> = const { std::cell::Cell::new(None) };
}

impl Drop for Classifier<'_> {
    fn drop(&mut self) {
        let bufs = std::mem::take(&mut self.bufs);
        SPARE.with(|spare| spare.set(Some(bufs)));
    }
}

impl Classifier<'_> {
    /// Which key, if any, does `mention` speak about?
    pub fn classify(&mut self, mention: &Mention) -> Match {
        let unmapped = Match::Unmapped { closest: None };
        let Some(lang_id) = self.read_sentence(mention) else {
            return unmapped;
        };
        self.judge_in_sentence(mention, lang_id)
    }

    /// [`Classifier::classify`] for a figure only a key match is wanted for (a year or an
    /// ordinal an anchor key may claim): when no word group in its sentence belongs to a key
    /// of the figure's unit, no key can match (a key of another unit is a miss), so no key is
    /// judged and the answer is unmapped with no closest key.
    pub fn classify_match(&mut self, mention: &Mention) -> Match {
        let unmapped = Match::Unmapped { closest: None };
        if !self.may_match(mention) {
            return unmapped;
        }
        let Some(lang_id) = self.read_sentence(mention) else {
            return unmapped;
        };
        let (patterns, keys) = (&self.matcher.patterns, self.keys);
        let of_unit = |h: &Hit| match patterns[h.pattern].target {
            Target::Group { key, .. } => keys.get(key).is_some_and(|k| k.unit == mention.unit),
            _ => false,
        };
        if !self.bufs.0.hits.iter().any(of_unit) {
            return unmapped;
        }
        self.judge_in_sentence(mention, lang_id)
    }

    /// Can a key of `mention`'s unit have a group word in its sentence? `false` only when
    /// none can, which the raw sentence shows ([`Gate`]) without folding or scanning it; a
    /// sentence already read is not searched again.
    fn may_match(&self, mention: &Mention) -> bool {
        let Some(lang) = self.lang_id else {
            return false;
        };
        let Some(window) = window(self.prose, mention) else {
            return false;
        };
        if self.bufs.0.window.as_ref() == Some(&window) {
            return true;
        }
        let m = self.matcher;
        let gates = m
            .gates
            .get_or_init(|| Gates::build(&m.patterns, self.keys, m.langs.len()));
        gates.open(
            self.keys,
            &mention.unit,
            lang,
            self.prose.get(window).unwrap_or(""),
        )
    }

    /// Fold and scan `mention`'s sentence unless it is the one read last. The language's
    /// index in the matcher, or `None` when no key can match there (no rule words in the
    /// language, or no word group in the sentence).
    fn read_sentence(&mut self, mention: &Mention) -> Option<usize> {
        let m = self.matcher;
        let (lang_id, trie) = self
            .lang_id
            .and_then(|l| Some((l, m.tries.get(l).filter(|t| !t.is_empty())?)))?;
        let window = window(self.prose, mention)?;
        let sentence = &mut self.bufs.0;
        if sentence.window.as_ref() != Some(&window) {
            sentence.fold(self.prose, window, self.lang, &self.cues);
            trie.hits(
                &m.patterns,
                &sentence.text,
                &mut sentence.hits,
                &self.cues,
                &mut sentence.scan,
            );
            sentence.grouped = sentence
                .hits
                .iter()
                .any(|h| matches!(m.patterns[h.pattern].target, Target::Group { .. }));
            sentence.read = false;
        }
        sentence.grouped.then_some(lang_id)
    }

    /// Judge the keys with words in `mention`'s sentence, read by
    /// [`Classifier::read_sentence`].
    fn judge_in_sentence(&mut self, mention: &Mention, lang_id: usize) -> Match {
        let unmapped = Match::Unmapped { closest: None };
        let m = self.matcher;
        let roles = &self.lang.roles;
        let sentence = &mut self.bufs.0;
        if !sentence.read {
            breaks(
                &sentence.text,
                roles,
                &self.cues,
                &sentence.scan,
                &mut sentence.ends,
                &mut sentence.breaks,
            );
            sentence.cuts.clear();
            sentence
                .cuts
                .extend(sentence.breaks.iter().map(|(b, _)| *b));
            m.occurrences(
                &sentence.text,
                &sentence.hits,
                roles,
                &mut sentence.aliases,
                &mut sentence.occurrences,
            );
            sentence.read = true;
        }
        let (Some(fs), Some(fe)) = (
            sentence.mark(mention.span.start),
            sentence.mark(mention.span.end),
        ) else {
            return unmapped;
        };
        let ctx = Context {
            text: &sentence.text,
            figure: fs..fe.max(fs),
        };
        let s = &mut self.bufs.1;
        // No break inside the figure (the sentence's breaks are kept whole, sorted by start,
        // and only copied when one is).
        let inside = |r: &Range<usize>| r.start < ctx.figure.end && r.end > ctx.figure.start;
        let cut = if sentence.breaks.iter().any(|(_, r)| inside(r)) {
            s.breaks.clear();
            s.breaks.extend(
                sentence
                    .breaks
                    .iter()
                    .filter(|(_, r)| !inside(r))
                    .map(|(b, _)| *b),
            );
            clause_sorted(ctx.text, &ctx.figure, &s.breaks)
        } else {
            clause_sorted(ctx.text, &ctx.figure, &sentence.cuts)
        };
        for o in &mut sentence.occurrences {
            o.in_clause = o.start >= cut.start && o.end <= cut.end;
        }
        let hits = &sentence.hits;
        let occurrences = &sentence.occurrences;

        s.groups.clear();
        s.excludes.clear();
        s.positions.clear();
        for (i, hit) in hits.iter().enumerate() {
            if hit.start < cut.start || hit.end > cut.end {
                continue;
            }
            match m.patterns[hit.pattern].target {
                Target::Group { key, group } => s.groups.push((key, group, i)),
                Target::Exclude { key } => s.excludes.push((key, i)),
                Target::Position { key, after } => {
                    if adjacent(ctx.text, &ctx.figure, hit, after) {
                        s.positions.push((key, i));
                    }
                }
                Target::Alias { .. } => {}
            }
        }
        s.groups.sort_unstable();
        s.excludes.sort_unstable();
        s.positions.sort_unstable();

        s.best.clear();
        s.best_proofs.clear();
        let mut best_score = (0, 0);
        let mut closest: Option<(usize, usize, Lack)> = None;
        let mut previous = None;
        let judged = Judged {
            mention,
            lang: lang_id,
            ctx: &ctx,
            hits,
            groups: &s.groups,
            excludes: &s.excludes,
            positions: &s.positions,
            occurrences,
        };
        let keys = self.keys;
        let proofs = &mut s.proofs;
        #[cfg(test)]
        for &(key, _, _) in judged.groups {
            m.judge_as_worded(key, keys, &judged);
        }
        // One candidate key: judged once, whichever way it goes.
        if let (Some(&(key, _, _)), Some(&(last, _, _))) =
            (judged.groups.first(), judged.groups.last())
        {
            if key == last {
                return match m.judge(key, keys, &judged, proofs) {
                    Verdict::Match { .. } => {
                        m.evidence(key, &judged, proofs, &mut s.evidence);
                        Match::Key {
                            key,
                            evidence: s.evidence.share(),
                        }
                    }
                    Verdict::Miss { lack, .. } => Match::Unmapped {
                        closest: Some((key, m.why(key, keys, &judged, lack))),
                    },
                };
            }
        }
        // Every key is judged once; only the answer's words are written.
        for &(key, _, _) in judged.groups {
            if previous == Some(key) {
                continue;
            }
            previous = Some(key);
            match m.judge(key, keys, &judged, proofs) {
                Verdict::Match { score } => {
                    if s.best.is_empty() || score > best_score {
                        s.best.clear();
                        s.best.push(key);
                        best_score = score;
                        s.best_proofs.clear();
                        s.best_proofs.extend_from_slice(proofs);
                    } else if score == best_score {
                        s.best.push(key);
                    }
                }
                Verdict::Miss { progress, lack } => {
                    if closest.as_ref().map_or(true, |c| progress > c.1) {
                        closest = Some((key, progress, lack));
                    }
                }
            }
        }
        match s.best.len() {
            0 => Match::Unmapped {
                closest: closest.map(|(k, _, lack)| (k, m.why(k, keys, &judged, lack))),
            },
            1 => {
                m.evidence(s.best[0], &judged, &s.best_proofs, &mut s.evidence);
                Match::Key {
                    key: s.best[0],
                    evidence: s.evidence.share(),
                }
            }
            _ => Match::Ambiguous {
                keys: s.best.clone(),
            },
        }
    }
}

impl Matcher {
    pub fn new(
        patterns: Vec<Pattern>,
        rules: Vec<KeyRule>,
        entities: Vec<String>,
        langs: Vec<String>,
    ) -> Matcher {
        let mut tries: Vec<Trie> = langs.iter().map(|_| Trie::default()).collect();
        for (id, p) in patterns.iter().enumerate() {
            if let Some(trie) = tries.get_mut(p.lang) {
                trie.insert(p.text.as_bytes(), id);
            }
        }
        let tries = tries.into_iter().map(Trie::freeze).collect();
        Matcher {
            tries,
            patterns,
            rules,
            entities,
            langs,
            gates: OnceLock::new(),
            cues: Vec::new(),
        }
    }

    /// The matcher with the break cues of each of its languages found in `langs`, built once
    /// here instead of once per document. Each language stands alone: one missing from
    /// `langs` leaves only its own classifiers without cues.
    pub fn with_cues(mut self, langs: &crate::lang::Languages) -> Matcher {
        self.cues = self
            .langs
            .iter()
            .map(|code| langs.get(code).map(LangCues::new))
            .collect();
        self
    }

    /// Entity ids of key `key`'s origin and destination.
    pub fn direction(&self, key: usize) -> (Option<&str>, Option<&str>) {
        let Some(rule) = self.rules.get(key) else {
            return (None, None);
        };
        let name = |e: Option<usize>| e.and_then(|e| self.entities.get(e)).map(String::as_str);
        (name(rule.from), name(rule.to))
    }

    /// Which key, if any, does `mention` in `prose` speak about?
    pub fn classify(&self, keys: &[Key], prose: &str, mention: &Mention, lang: &Language) -> Match {
        self.classifier(keys, prose, lang).classify(mention)
    }

    /// A [`Classifier`] for the mentions of `prose`, asked in document order.
    pub fn classifier<'a>(
        &'a self,
        keys: &'a [Key],
        prose: &'a str,
        lang: &'a Language,
    ) -> Classifier<'a> {
        // Buffers left by the thread's last classifier: grown once, not once per document.
        // Nothing read from a sentence survives: its window is forgotten.
        let mut bufs = SPARE.with(|spare| spare.take()).unwrap_or_default();
        bufs.0.window = None;
        let lang_id = self.langs.iter().position(|c| *c == lang.code);
        let cues = match lang_id.and_then(|l| self.cues.get(l)?.as_ref()) {
            Some(c) if c.fits(lang) => std::borrow::Cow::Borrowed(&c.cues),
            _ => std::borrow::Cow::Owned(Box::new(BreakCues::new(lang))),
        };
        Classifier {
            matcher: self,
            keys,
            prose,
            lang,
            lang_id,
            cues,
            bufs,
        }
    }

    /// Entity mentions with their roles; of aliases starting at the same place, the longest.
    /// Whether each is in the figure's clause is set per figure.
    // Out of line: a profile then shows its cost apart.
    #[inline(never)]
    fn occurrences(
        &self,
        text: &str,
        hits: &[Hit],
        roles: &RoleMarkers,
        aliases: &mut Vec<(usize, usize, usize, bool, bool)>,
        out: &mut Vec<Occurrence>,
    ) {
        out.clear();
        aliases.clear();
        aliases.extend(
            hits.iter()
                .filter_map(|h| match self.patterns[h.pattern].target {
                    Target::Alias { entity, demonym } => Some((
                        h.start,
                        h.end,
                        entity,
                        demonym,
                        self.patterns[h.pattern].prefix,
                    )),
                    _ => None,
                }),
        );
        aliases.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut covered = 0;
        for &(start, end, entity, demonym, prefix) in aliases.iter() {
            if start < covered {
                continue;
            }
            covered = end;
            let found = role_of(text, start, end, prefix, demonym, roles);
            out.push(Occurrence {
                entity,
                role: found.role,
                marked: found.cue.is_some(),
                cue: found.cue.unwrap_or(""),
                shown: found.shown,
                start,
                end: found.end,
                in_clause: false,
            });
        }
    }

    /// Does key `key` claim this mention? Counts what it got right when it does not. What
    /// showed a match is left in `proofs`, in the order a reader checks it: the counted noun,
    /// the required words, the words next to the figure, then the entities and their roles.
    // Out of line: a profile then shows its cost apart.
    #[inline(never)]
    fn judge(
        &self,
        key: usize,
        keys: &[Key],
        judged: &Judged<'_>,
        proofs: &mut Vec<Proof>,
    ) -> Verdict {
        proofs.clear();
        let (Some(rule), Some(k)) = (self.rules.get(key), keys.get(key)) else {
            return Verdict::Miss {
                progress: 0,
                lack: Lack::NoRule,
            };
        };
        let Some(words) = rule.langs.get(&judged.lang) else {
            return Verdict::Miss {
                progress: 0,
                lack: Lack::NoWords,
            };
        };
        let (ctx, hits, groups) = (judged.ctx, judged.hits, judged.groups);
        let mut progress = 0;
        for (g, group) in words.groups.iter().enumerate() {
            let lo = groups.partition_point(|x| (x.0, x.1) < (key, g));
            let mut found = groups[lo..]
                .iter()
                .take_while(|x| x.0 == key && x.1 == g)
                .map(|x| x.2);
            if !group.noun {
                if found.next().is_none() {
                    return Verdict::Miss {
                        progress,
                        lack: Lack::Group { group: g },
                    };
                }
                progress += 1;
                proofs.push(Proof::Group { group: g });
                continue;
            }
            // The counted noun must be the noun the figure counts: right after it ("20
            // formal presidential trips") or just before it ("turist sayısı 863 bin").
            let nearest = found
                .clone()
                .filter_map(|h| noun_distance(ctx.text, &ctx.figure, &hits[h]).map(|d| (d, h)))
                .min_by_key(|(d, _)| *d);
            match (nearest, found.next()) {
                (Some((_, h)), _) => {
                    progress += 1;
                    proofs.push(Proof::Noun { hit: h });
                }
                (None, Some(far)) => {
                    return Verdict::Miss {
                        progress,
                        lack: Lack::NounFar { hit: far },
                    };
                }
                (None, None) => {
                    return Verdict::Miss {
                        progress,
                        lack: Lack::Noun { group: g },
                    };
                }
            }
        }
        let positional = !words.before.is_empty() || !words.after.is_empty();
        if positional {
            let positions = judged.positions;
            let lo = positions.partition_point(|x| x.0 < key);
            match positions.get(lo).filter(|x| x.0 == key) {
                Some(&(_, h)) => {
                    progress += 1;
                    proofs.push(Proof::Beside { hit: h });
                }
                None => {
                    return Verdict::Miss {
                        progress,
                        lack: Lack::Beside,
                    };
                }
            }
        }
        if judged.mention.unit != k.unit {
            return Verdict::Miss {
                progress,
                lack: Lack::Unit,
            };
        }
        progress += 1;
        let excludes = judged.excludes;
        let lo = excludes.partition_point(|x| x.0 < key);
        if let Some(&(_, h)) = excludes.get(lo).filter(|x| x.0 == key) {
            return Verdict::Miss {
                progress,
                lack: Lack::Excluded { hit: h },
            };
        }
        progress += 1;

        let occurrences = judged.occurrences;
        let mut direction = 0;
        for &entity in &rule.about {
            match occurrences
                .iter()
                .enumerate()
                .filter(|(_, o)| o.entity == entity)
                .map(|(at, o)| (o.in_clause, at))
                .max_by_key(|(c, _)| *c)
            {
                Some((in_clause, at)) => {
                    progress += 1;
                    direction += if in_clause { 2 } else { 1 };
                    proofs.push(Proof::Named { entity, at });
                }
                None => {
                    return Verdict::Miss {
                        progress,
                        lack: Lack::NotNamed { entity },
                    }
                }
            }
        }
        for (entity, want) in [(rule.from, Role::Origin), (rule.to, Role::Destination)] {
            let Some(entity) = entity else { continue };
            match fit(entity, want, occurrences) {
                Ok((points, at)) => {
                    progress += 1;
                    direction += points;
                    proofs.push(Proof::Role { entity, want, at });
                }
                Err(lack) => return Verdict::Miss { progress, lack },
            }
        }
        Verdict::Match {
            score: (direction, words.groups.len() + usize::from(positional)),
        }
    }

    /// The evidence lines of key `key`'s match, written from its proofs into `out` (cleared
    /// first), every duplicate kept: [`EvidenceLines::share`] drops them.
    fn evidence(&self, key: usize, judged: &Judged<'_>, proofs: &[Proof], out: &mut EvidenceLines) {
        out.clear();
        let (ctx, hits, groups) = (judged.ctx, judged.hits, judged.groups);
        let word = |h: &Hit| ctx.text.get(h.start..h.word_end).unwrap_or("");
        for &proof in proofs {
            match proof {
                Proof::Group { group } => {
                    // Rather a word the evidence does not show yet ("visited" beside the noun
                    // "visitors").
                    let lo = groups.partition_point(|x| (x.0, x.1) < (key, group));
                    let all = || {
                        groups[lo..]
                            .iter()
                            .take_while(|x| x.0 == key && x.1 == group)
                            .map(|x| &hits[x.2])
                    };
                    let fresh = all().find(|h| !out.quotes(word(h))).or(all().next());
                    if let Some(h) = fresh {
                        out.push(&["\"", word(h), "\""]);
                    }
                }
                Proof::Noun { hit } => {
                    out.push(&["noun \"", word(&hits[hit]), "\""]);
                }
                Proof::Beside { hit } => {
                    let side = if hits[hit].start >= ctx.figure.end {
                        "after"
                    } else {
                        "before"
                    };
                    out.push(&["\"", word(&hits[hit]), "\" right ", side, " the figure"]);
                }
                Proof::Named { entity, at } => {
                    let Some(o) = judged.occurrences.get(at) else {
                        continue;
                    };
                    out.push(&self.named_pieces(entity, o, ctx.text));
                }
                Proof::Role { entity, want, at } => {
                    let Some(o) = judged.occurrences.get(at) else {
                        continue;
                    };
                    out.push(&self.role_pieces(entity, want, o, ctx.text));
                }
            }
        }
    }

    /// The evidence line for an entity named in the sentence: `Norway named: "Norway"`.
    #[cfg(test)]
    fn named_evidence(&self, entity: usize, o: &Occurrence, text: &str) -> String {
        self.named_pieces(entity, o, text).concat()
    }

    /// [`Matcher::named_evidence`] in the pieces it is written from.
    fn named_pieces<'s>(&'s self, entity: usize, o: &Occurrence, text: &'s str) -> [&'s str; 5] {
        [
            self.entity_name(entity),
            " named: \"",
            text.get(o.shown.clone()).unwrap_or(""),
            "\"",
            if o.in_clause {
                ""
            } else {
                " elsewhere in the sentence"
            },
        ]
    }

    /// The evidence line for an entity in the role a key wants, with what marked the role:
    /// `Norway as origin: "from Norway" (preposition)`.
    #[cfg(test)]
    fn role_evidence(&self, entity: usize, want: Role, o: &Occurrence, text: &str) -> String {
        self.role_pieces(entity, want, o, text).concat()
    }

    /// [`Matcher::role_evidence`] in the pieces it is written from.
    fn role_pieces<'s>(
        &'s self,
        entity: usize,
        want: Role,
        o: &Occurrence,
        text: &'s str,
    ) -> [&'s str; 9] {
        let how: [&str; 3] = match (o.cue, o.in_clause) {
            ("", true) => [" (no role marked)", "", ""],
            ("", false) => [" (elsewhere in the sentence, no role marked)", "", ""],
            (cue, true) => [" (", cue, ")"],
            (cue, false) => [" (", cue, ", elsewhere in the sentence)"],
        };
        [
            self.entity_name(entity),
            " as ",
            want.name(),
            ": \"",
            text.get(o.shown.clone()).unwrap_or(""),
            "\"",
            how[0],
            how[1],
            how[2],
        ]
    }

    /// What key `key` lacked, written.
    fn why(&self, key: usize, keys: &[Key], judged: &Judged<'_>, lack: Lack) -> String {
        let (ctx, hits) = (judged.ctx, judged.hits);
        let word = |h: usize| {
            hits.get(h)
                .and_then(|h| ctx.text.get(h.start..h.word_end))
                .unwrap_or("")
        };
        let words = self
            .rules
            .get(key)
            .and_then(|rule| rule.langs.get(&judged.lang));
        let group_words = |g: usize| {
            words
                .and_then(|w| w.groups.get(g))
                .map(|g| g.words.join(", "))
                .unwrap_or_default()
        };
        match lack {
            Lack::NoRule => "key has no rule".to_string(),
            Lack::NoWords => "key has no words in this language".to_string(),
            Lack::Group { group } => cat!(
                true,
                "missing a word of ",
                &group_words(group),
                " in the clause"
            ),
            Lack::NounFar { hit } => cat!(
                true,
                "missing the noun it counts next to the figure (\"",
                word(hit),
                "\" is too far from it to be what the figure counts)"
            ),
            Lack::Noun { group } => cat!(
                true,
                "missing the noun it counts (",
                &group_words(group),
                ") next to the figure"
            ),
            Lack::Beside => {
                let (before, after) = words
                    .map(|w| (w.before.as_slice(), w.after.as_slice()))
                    .unwrap_or_default();
                let any = |list: &[String]| {
                    list.iter()
                        .map(|w| format!("\"{w}\""))
                        .collect::<Vec<_>>()
                        .join(" or ")
                };
                let why = match (before.is_empty(), after.is_empty()) {
                    (false, true) => format!("{} right before the figure", any(before)),
                    (true, false) => format!("{} right after the figure", any(after)),
                    _ => format!(
                        "{} right before the figure, or {} right after it",
                        any(before),
                        any(after)
                    ),
                };
                format!("missing {why}")
            }
            Lack::Unit => {
                let unit = keys
                    .get(key)
                    .map(|k| k.unit.to_string())
                    .unwrap_or_default();
                format!(
                    "the figure is in {}, the key takes {}",
                    judged.mention.unit, unit
                )
            }
            Lack::Excluded { hit } => cat!(true, "excluded by \"", word(hit), "\""),
            Lack::NotNamed { entity } => cat!(true, self.entity_name(entity), " is not mentioned"),
            Lack::RoleHere { entity, want, at } | Lack::RoleElsewhere { entity, want, at } => {
                let role = judged.occurrences.get(at).map_or("", |o| o.role.name());
                let place = if matches!(lack, Lack::RoleHere { .. }) {
                    " here, the key needs it as the "
                } else {
                    " in this sentence, the key needs it as the "
                };
                cat!(
                    true,
                    self.entity_name(entity),
                    " is the ",
                    role,
                    place,
                    want.name()
                )
            }
            Lack::RoleMissing { entity, want } => cat!(
                true,
                self.entity_name(entity),
                " is not mentioned (the key needs it as the ",
                want.name(),
                ")"
            ),
        }
    }

    /// [`Matcher::judge`] as it was before proofs: words built while judging, when `explain`
    /// is on. The oracle the judge and its writing are checked against.
    #[cfg(test)]
    #[allow(clippy::too_many_arguments)]
    fn judge_worded(
        &self,
        key: usize,
        keys: &[Key],
        mention: &Mention,
        lang: usize,
        ctx: &Context<'_>,
        hits: &[Hit],
        groups: &[(usize, usize, usize)],
        excludes: &[(usize, usize)],
        positions: &[(usize, usize)],
        occurrences: &[Occurrence],
        explain: bool,
    ) -> Worded {
        let (Some(rule), Some(k)) = (self.rules.get(key), keys.get(key)) else {
            return Worded::Miss {
                progress: 0,
                why: say!(explain, "key has no rule"),
            };
        };
        let Some(words) = rule.langs.get(&lang) else {
            return Worded::Miss {
                progress: 0,
                why: say!(explain, "key has no words in this language"),
            };
        };
        let mut progress = 0;
        let mut evidence: Vec<String> = if explain {
            Vec::with_capacity(8)
        } else {
            Vec::new()
        };
        let word = |h: &Hit| ctx.text.get(h.start..h.word_end).unwrap_or("");

        for (g, group) in words.groups.iter().enumerate() {
            let lo = groups.partition_point(|x| (x.0, x.1) < (key, g));
            let found = groups[lo..]
                .iter()
                .take_while(|x| x.0 == key && x.1 == g)
                .map(|x| &hits[x.2]);
            if !group.noun {
                // Rather a word the evidence does not show yet ("visited" beside the noun
                // "visitors").
                let mut found = found.peekable();
                if found.peek().is_none() {
                    return Worded::Miss {
                        progress,
                        why: cat!(
                            explain,
                            "missing a word of ",
                            &group.words.join(", "),
                            " in the clause"
                        ),
                    };
                }
                progress += 1;
                if explain {
                    let all: Vec<&Hit> = found.collect();
                    let fresh = all
                        .iter()
                        .find(|h| !evidence.iter().any(|e| quotes(e, word(h))))
                        .or(all.first());
                    if let Some(h) = fresh {
                        evidence.push(cat!(true, "\"", word(h), "\""));
                    }
                }
                continue;
            }
            // The counted noun must be the noun the figure counts: right after it ("20
            // formal presidential trips") or just before it ("turist sayısı 863 bin").
            let nearest = found
                .clone()
                .filter_map(|h| noun_distance(ctx.text, &ctx.figure, h).map(|d| (d, h)))
                .min_by_key(|(d, _)| *d);
            match (nearest, found.clone().next()) {
                (Some((_, h)), _) => {
                    progress += 1;
                    if explain {
                        evidence.push(cat!(true, "noun \"", word(h), "\""));
                    }
                }
                (None, Some(far)) => {
                    return Worded::Miss {
                        progress,
                        why: cat!(
                            explain,
                            "missing the noun it counts next to the figure (\"",
                            word(far),
                            "\" is too far from it to be what the figure counts)"
                        ),
                    };
                }
                (None, None) => {
                    return Worded::Miss {
                        progress,
                        why: cat!(
                            explain,
                            "missing the noun it counts (",
                            &group.words.join(", "),
                            ") next to the figure"
                        ),
                    };
                }
            }
        }
        let positional = !words.before.is_empty() || !words.after.is_empty();
        if positional {
            let lo = positions.partition_point(|x| x.0 < key);
            match positions.get(lo).filter(|x| x.0 == key) {
                Some(&(_, h)) => {
                    progress += 1;
                    let side = if hits[h].start >= ctx.figure.end {
                        "after"
                    } else {
                        "before"
                    };
                    if explain {
                        evidence.push(cat!(
                            true,
                            "\"",
                            word(&hits[h]),
                            "\" right ",
                            side,
                            " the figure"
                        ));
                    }
                }
                None => {
                    let any = |list: &[String]| {
                        list.iter()
                            .map(|w| say!(explain, "\"{w}\""))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    };
                    let why = match (words.before.is_empty(), words.after.is_empty()) {
                        (false, true) => {
                            say!(explain, "{} right before the figure", any(&words.before))
                        }
                        (true, false) => {
                            say!(explain, "{} right after the figure", any(&words.after))
                        }
                        _ => say!(
                            explain,
                            "{} right before the figure, or {} right after it",
                            any(&words.before),
                            any(&words.after)
                        ),
                    };
                    return Worded::Miss {
                        progress,
                        why: say!(explain, "missing {why}"),
                    };
                }
            }
        }
        if mention.unit != k.unit {
            return Worded::Miss {
                progress,
                why: say!(
                    explain,
                    "the figure is in {}, the key takes {}",
                    mention.unit,
                    k.unit
                ),
            };
        }
        progress += 1;
        let lo = excludes.partition_point(|x| x.0 < key);
        if let Some(&(_, h)) = excludes.get(lo).filter(|x| x.0 == key) {
            return Worded::Miss {
                progress,
                why: cat!(explain, "excluded by \"", word(&hits[h]), "\""),
            };
        }
        progress += 1;

        let mut direction = 0;
        for &entity in &rule.about {
            match occurrences
                .iter()
                .filter(|o| o.entity == entity)
                .map(|o| (o.in_clause, o))
                .max_by_key(|(c, _)| *c)
            {
                Some((in_clause, o)) => {
                    progress += 1;
                    direction += if in_clause { 2 } else { 1 };
                    if explain {
                        evidence.push(self.named_evidence(entity, o, ctx.text));
                    }
                }
                None => {
                    return Worded::Miss {
                        progress,
                        why: cat!(explain, self.entity_name(entity), " is not mentioned"),
                    }
                }
            }
        }
        for (entity, want) in [(rule.from, Role::Origin), (rule.to, Role::Destination)] {
            let Some(entity) = entity else { continue };
            match self.fit_worded(entity, want, occurrences, explain) {
                Ok((points, o)) => {
                    progress += 1;
                    direction += points;
                    if explain {
                        evidence.push(self.role_evidence(entity, want, o, ctx.text));
                    }
                }
                Err(why) => return Worded::Miss { progress, why },
            }
        }
        Worded::Match {
            score: (direction, words.groups.len() + usize::from(positional)),
            evidence,
        }
    }

    /// How well the mentions of `entity` fit role `want`: marked in the clause (3), neutral in
    /// the clause (2), compatible elsewhere in the sentence (1); an error says why not.
    #[cfg(test)]
    fn fit_worded<'o>(
        &self,
        entity: usize,
        want: Role,
        occurrences: &'o [Occurrence],
        explain: bool,
    ) -> Result<(u32, &'o Occurrence), String> {
        let of = |in_clause: bool| {
            occurrences
                .iter()
                .filter(move |o| o.entity == entity && o.in_clause == in_clause)
        };
        if let Some(o) = of(true).find(|o| o.role == want && o.marked) {
            return Ok((3, o));
        }
        if let Some(o) = of(true).find(|o| o.role == Role::Neutral || o.role == want) {
            return Ok((2, o));
        }
        let name = self.entity_name(entity);
        if let Some(o) = of(true).next() {
            return Err(cat!(
                explain,
                name,
                " is the ",
                o.role.name(),
                " here, the key needs it as the ",
                want.name()
            ));
        }
        if let Some(o) = of(false).find(|o| o.role == want || o.role == Role::Neutral) {
            return Ok((1, o));
        }
        if let Some(o) = of(false).next() {
            return Err(cat!(
                explain,
                name,
                " is the ",
                o.role.name(),
                " in this sentence, the key needs it as the ",
                want.name()
            ));
        }
        Err(cat!(
            explain,
            name,
            " is not mentioned (the key needs it as the ",
            want.name(),
            ")"
        ))
    }

    /// Check that key `key` is judged, and its evidence or lack written, as
    /// [`Matcher::judge_worded`] judges and words it.
    #[cfg(test)]
    fn judge_as_worded(&self, key: usize, keys: &[Key], judged: &Judged<'_>) {
        let mut proofs = Vec::new();
        let verdict = self.judge(key, keys, judged, &mut proofs);
        let worded = |explain| {
            self.judge_worded(
                key,
                keys,
                judged.mention,
                judged.lang,
                judged.ctx,
                judged.hits,
                judged.groups,
                judged.excludes,
                judged.positions,
                judged.occurrences,
                explain,
            )
        };
        for explain in [false, true] {
            match (verdict, worded(explain)) {
                (Verdict::Match { score }, Worded::Match { score: s, evidence }) => {
                    assert_eq!(score, s);
                    if explain {
                        let mut lines = EvidenceLines::default();
                        self.evidence(key, judged, &proofs, &mut lines);
                        assert_eq!(lines.all(), evidence);
                    }
                }
                (Verdict::Miss { progress, lack }, Worded::Miss { progress: p, why }) => {
                    assert_eq!(progress, p);
                    if explain {
                        assert_eq!(self.why(key, keys, judged, lack), why);
                    }
                }
                (v, _) => panic!("key {key}: {v:?} judged otherwise when worded"),
            }
        }
    }

    fn entity_name(&self, entity: usize) -> &str {
        self.entities.get(entity).map(String::as_str).unwrap_or("?")
    }
}

/// How well the mentions of `entity` fit role `want`: marked in the clause (3), neutral in
/// the clause (2), compatible elsewhere in the sentence (1), with the occurrence that fits;
/// else what is wrong.
fn fit(entity: usize, want: Role, occurrences: &[Occurrence]) -> Result<(u32, usize), Lack> {
    let of = |in_clause: bool| {
        occurrences
            .iter()
            .enumerate()
            .filter(move |(_, o)| o.entity == entity && o.in_clause == in_clause)
    };
    if let Some((at, _)) = of(true).find(|(_, o)| o.role == want && o.marked) {
        return Ok((3, at));
    }
    if let Some((at, _)) = of(true).find(|(_, o)| o.role == Role::Neutral || o.role == want) {
        return Ok((2, at));
    }
    if let Some((at, _)) = of(true).next() {
        return Err(Lack::RoleHere { entity, want, at });
    }
    if let Some((at, _)) = of(false).find(|(_, o)| o.role == want || o.role == Role::Neutral) {
        return Ok((1, at));
    }
    if let Some((at, _)) = of(false).next() {
        return Err(Lack::RoleElsewhere { entity, want, at });
    }
    Err(Lack::RoleMissing { entity, want })
}

/// Every pattern of one language as a byte trie, walked from each word start: the patterns
/// found are exactly those an overlapping search would find starting there, and a walk stops
/// at the first byte no pattern continues with, so a sentence costs about one step per byte
/// whatever the number of patterns.
#[derive(Debug, Clone, Default)]
struct Trie {
    /// Whether a pattern may start at a place, and the root's child it starts from.
    opens: Box<Opens>,
    /// Per node (0 is the root): its edges and the patterns that end at it.
    nodes: Vec<Node>,
    /// The child each edge of a node with at most [`WIDE`] edges leads to, a node's edges
    /// one after another in the order of their bytes.
    edge_child: Vec<u32>,
    /// Pattern ids, ascending within each node.
    ends: Vec<u32>,
    /// For a node with more than [`WIDE`] edges, a row of 256 that holds its child for every
    /// byte (0 for none), so a wide node costs one lookup, not a search of its edges.
    dense: Vec<u32>,
    /// While building: each node's children and patterns.
    building: Vec<(BTreeMap<u8, u32>, Vec<u32>)>,
}

/// Bits in [`Opens::triples`], as a power of two.
const TRIPLE_BITS: u32 = 18;

/// The bit of `(a, b, c)` in [`Opens::triples`].
#[inline]
fn triple(a: u8, b: u8, c: u8) -> usize {
    let key = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
    (key.wrapping_mul(0x9E37_79B1) >> (32 - TRIPLE_BITS)) as usize
}

/// Edges a trie node may have and still be found among its packed edge bytes rather than
/// through a row of `dense` (at most eight, the bytes of a `u64`).
const WIDE: usize = 6;

/// One node of a [`Trie`].
#[derive(Debug, Clone, Copy, Default)]
struct Node {
    /// The bytes of its edges, from the low byte up, when it has at most [`WIDE`]: the edge
    /// for a byte is found by comparing all of them at once, with no branch per edge (a
    /// search edge by edge mispredicted where the walk went on). The bytes past its edges
    /// repeat its first, so they never match before it does; a node with no edges holds
    /// zeros and leads through them to the child 0 kept at `edge_child[0]`.
    bytes: u64,
    /// Its first edge in `edge_child`, or its row of `dense` when it has more than [`WIDE`].
    edge: u32,
    /// Number of edges.
    edges: u32,
    /// Its first pattern in `ends`, and number of patterns.
    end: u32,
    ends: u32,
}

/// Letters and digits: no pattern starts right after one (every non-ASCII byte has its
/// character read to decide).
const fn ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// [`ascii_word`] as a table, for the scan's inner loops.
const ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = ascii_word(b as u8);
        b += 1;
    }
    t
};

/// One in each byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte of a word.
const HIGH: u64 = ONES * 0x80;

/// Per byte of `x` (each below 0x80): the high bit when the byte is not `b`.
#[inline]
const fn bytes_not(x: u64, b: u8) -> u64 {
    ((x ^ (ONES * b as u64)) + ONES * 0x7F) & HIGH
}

/// Per byte of `w`: the high bit when the byte may not be plain ([`BreakCues::plain`]: it is
/// whitespace, the backtick, `I` for a dotless-i language, or not ASCII; or it is one of the
/// other control characters, which are plain but cost no test to leave in: text seldom holds
/// one, and [`plain_run_end`] then goes on past it byte by byte); and apart, exactly, when it
/// is a space.
#[inline]
const fn not_plain(w: u64, dotless_i: bool) -> (u64, u64) {
    let x = w & !HIGH;
    // The high bit of `x + 0x5F` is set when the byte is above the space (no byte carries:
    // each is below 0x80).
    let printable = (x + ONES * 0x5F) & bytes_not(x, b'`');
    let mut other = !printable | w;
    if dotless_i {
        other |= !bytes_not(x, b'I');
    }
    let space = !(bytes_not(x, b' ') | w) & HIGH;
    (other & HIGH, space)
}

/// The end of the run of plain bytes from `i` on, a single space between two plain bytes
/// included (as [`Sentence::fold`] copies them), eight bytes at a time, and 16 at a time once
/// the run has gone eight bytes. `plain` is the language's [`BreakCues::plain`], which
/// [`not_plain`] and [`block_may_stop`] read the same way for `dotless_i`.
#[inline]
fn plain_run_end(bytes: &[u8], i: usize, plain: &[bool; 256], dotless_i: bool) -> usize {
    // One loop for each setting of `dotless_i`, so the eight- and sixteen-byte steps make no
    // choice.
    if dotless_i {
        plain_run_end_in::<true>(bytes, i, plain)
    } else {
        plain_run_end_in::<false>(bytes, i, plain)
    }
}

/// [`plain_run_end`] for one setting of `dotless_i`.
#[inline]
fn plain_run_end_in<const DOTLESS_I: bool>(
    bytes: &[u8],
    mut i: usize,
    plain: &[bool; 256],
) -> usize {
    loop {
        while let Some(chunk) = bytes.get(i..).and_then(|rest| rest.first_chunk::<8>()) {
            let (other, space) = not_plain(u64::from_le_bytes(*chunk), DOTLESS_I);
            // A space stops the run when the byte after it is not plain; after the last byte,
            // that byte is not in the word, so the space is looked at below.
            let last = HIGH & !(HIGH >> 8);
            let stop = (other & !space) | (space & ((other >> 8) | last));
            if stop != 0 {
                i += (stop.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
            // Eight bytes of the run: it is likely long (in a language written in
            // ASCII letters; one with many others breaks it every few bytes, and rarely gets
            // here), so whole blocks of 16 with no stop are passed over, each tested with no
            // branch per byte. The block that holds a stop is read again eight bytes at a
            // time, to find it.
            while let (Some(block), Some(next)) = (
                bytes.get(i..).and_then(|rest| rest.first_chunk::<16>()),
                bytes.get(i + 1..).and_then(|rest| rest.first_chunk::<16>()),
            ) {
                if block_may_stop::<DOTLESS_I>(block, next) {
                    break;
                }
                i += 16;
            }
        }
        match bytes.get(i) {
            Some(&b) if plain[usize::from(b)] => i += 1,
            Some(b' ') if bytes.get(i + 1).is_some_and(|&n| plain[usize::from(n)]) => i += 2,
            _ => return i,
        }
    }
}

/// Whether a plain run may stop in `block`, 16 bytes whose next ones are `next` (the same
/// bytes but for the first, and the byte after them): at a byte that may not be plain, or a
/// space before one, as [`not_plain`] reads them (a plain control character stops it too,
/// and is then gone past byte by byte). No branch per byte: the compiler turns the loop into
/// vector instructions. It must stop wherever [`not_plain`] does; a test places every byte
/// value at every offset of a block to hold the two together.
#[inline]
fn block_may_stop<const DOTLESS_I: bool>(block: &[u8; 16], next: &[u8; 16]) -> bool {
    let other = |b: u8| (b <= b' ') | (b >= 0x80) | (b == b'`') | (DOTLESS_I & (b == b'I'));
    let mut stop = 0u8;
    for k in 0..16 {
        let (b, next) = (block[k], next[k]);
        let space = b == b' ';
        stop |= ((other(b) & !space) | (space & other(next))) as u8;
    }
    stop != 0
}

/// The tables of a [`Trie`] that say whether a pattern may start at a place, as arrays of
/// their fixed sizes: the scan indexes them with bytes and hashes that cannot fall outside,
/// so it checks no bounds. All empty (nothing opens) in a trie not frozen.
#[derive(Debug, Clone)]
struct Opens {
    /// The child of the root for each first byte; 0 for none.
    root: [u32; 256],
    /// One bit per pair of bytes `(a, b)`: some pattern starts with `a` then `b`, or a
    /// one-byte pattern is `a`. A word whose first two bytes are not marked starts no pattern,
    /// so most words are passed over without a walk (8 KiB whatever the number of patterns).
    pairs: [u64; 256 * 256 / 64],
    /// One bit per hash of three bytes `(a, b, c)` ([`triple`]): some pattern starts with
    /// them, or with `a` then `b` alone. A word whose marked pair goes on with an unmarked
    /// third byte starts no pattern either (32 KiB whatever the number of patterns; a
    /// collision only costs a walk).
    triples: [u64; (1 << TRIPLE_BITS) / 64],
    /// First bytes that are a pattern of their own: every pair and triple after them opens.
    single: [bool; 256],
}

impl Default for Opens {
    fn default() -> Opens {
        Opens {
            root: [0; 256],
            pairs: [0; 256 * 256 / 64],
            triples: [0; (1 << TRIPLE_BITS) / 64],
            single: [false; 256],
        }
    }
}

impl Opens {
    /// The root's child for `first`, the byte at `i`, when a pattern may start there by its
    /// first two bytes and then its first three (always near the text's end, where fewer
    /// bytes are left); 0 when none can.
    #[inline]
    fn node(&self, bytes: &[u8], i: usize, first: u8) -> u32 {
        let node = self.root[usize::from(first)];
        if node == 0 {
            return 0;
        }
        let Some(&second) = bytes.get(i + 1) else {
            return node;
        };
        let pair = usize::from(first) << 8 | usize::from(second);
        if self.pairs[pair / 64] & (1 << (pair % 64)) == 0 {
            return 0;
        }
        if self.single[usize::from(first)] {
            return node;
        }
        let Some(&third) = bytes.get(i + 2) else {
            return node;
        };
        let t = triple(first, second, third);
        if self.triples[t / 64] & (1 << (t % 64)) == 0 {
            return 0;
        }
        node
    }
}

impl Trie {
    fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn insert(&mut self, text: &[u8], pattern: usize) {
        if self.building.is_empty() {
            self.building.push(Default::default());
        }
        let mut node = 0usize;
        for &b in text {
            let next = self.building.len() as u32;
            let child = *self.building[node].0.entry(b).or_insert(next);
            if child == next {
                self.building.push(Default::default());
            }
            node = child as usize;
        }
        self.building[node].1.push(pattern as u32);
    }

    fn freeze(mut self) -> Trie {
        let building = std::mem::take(&mut self.building);
        let mut nodes = Vec::with_capacity(building.len());
        // Where a node with no edges leads, whatever the byte: nowhere.
        self.edge_child.push(0);
        for (children, ends) in &building {
            let end = self.ends.len() as u32;
            self.ends.extend(ends.iter().copied());
            let mut node = Node {
                edges: children.len() as u32,
                end,
                ends: ends.len() as u32,
                ..Node::default()
            };
            if children.len() > WIDE {
                node.edge = (self.dense.len() / 256) as u32;
                self.dense.extend(std::iter::repeat(0).take(256));
                let base = self.dense.len() - 256;
                for (&b, &c) in children {
                    self.dense[base + usize::from(b)] = c;
                }
            } else if let Some(&first) = children.keys().next() {
                node.edge = self.edge_child.len() as u32;
                self.edge_child.extend(children.values());
                node.bytes = ONES * u64::from(first);
                for (k, &b) in children.keys().enumerate() {
                    node.bytes &= !(0xFF << (8 * k));
                    node.bytes |= u64::from(b) << (8 * k);
                }
            }
            nodes.push(node);
        }
        let opens = &mut *self.opens;
        if let Some((children, _)) = building.first() {
            for (&b, &c) in children {
                opens.root[usize::from(b)] = c;
                let Some((next, ends)) = building.get(c as usize) else {
                    continue;
                };
                opens.single[usize::from(b)] = !ends.is_empty();
                for (&second, &c2) in next {
                    let Some((after, ends2)) = building.get(c2 as usize) else {
                        continue;
                    };
                    let thirds: Vec<u8> = if ends2.is_empty() {
                        after.keys().copied().collect()
                    } else {
                        (0..=255).collect()
                    };
                    for third in thirds {
                        let t = triple(b, second, third);
                        if let Some(w) = opens.triples.get_mut(t / 64) {
                            *w |= 1 << (t % 64);
                        }
                    }
                }
                let seconds: Vec<u8> = if ends.is_empty() {
                    next.keys().copied().collect()
                } else {
                    (0..=255).collect()
                };
                for second in seconds {
                    let pair = usize::from(b) << 8 | usize::from(second);
                    if let Some(w) = opens.pairs.get_mut(pair / 64) {
                        *w |= 1 << (pair % 64);
                    }
                }
            }
        }
        self.nodes = nodes;
        self
    }

    /// Every pattern in `text` on word boundaries (a `*` pattern may end inside a word), in
    /// the order an overlapping Aho-Corasick search reports them: by end, then by start, then
    /// by pattern id. On the way, `scan` gets the words of `text` and the places a
    /// punctuation break of `cues` may start.
    // Out of line: a profile then shows its cost apart.
    #[inline(never)]
    fn hits(
        &self,
        patterns: &[Pattern],
        text: &str,
        hits: &mut Vec<Hit>,
        cues: &BreakCues,
        scan: &mut Scan,
    ) {
        hits.clear();
        scan.words.clear();
        scan.stops.clear();
        let bytes = text.as_bytes();
        let opens = &*self.opens;
        let n = bytes.len();
        let mut i = 0;
        // Where the word the character before `i` is in started: no pattern starts at `i`.
        let mut word: Option<usize> = None;
        while i < n {
            let b = bytes[i];
            if word.is_none() {
                let node = opens.node(bytes, i, b);
                if node != 0 {
                    self.walk(node, patterns, text, i, hits);
                }
            }
            if ASCII_WORD[usize::from(b)] {
                word.get_or_insert(i);
                // No pattern starts inside a word: the rest of its ASCII run at once.
                i += 1;
                while i < n && ASCII_WORD[usize::from(bytes[i])] {
                    i += 1;
                }
                continue;
            }
            if b.is_ascii() {
                if let Some(w) = word.take().filter(|&w| cues.may_break_word(bytes, w, i)) {
                    scan.words.push((w, i));
                }
                if cues.stop_first[usize::from(b)] && cues.stops(bytes, i) {
                    scan.stops.push(i);
                }
                i += 1;
                continue;
            }
            let Some(c) = char_at(text, i) else { break };
            if is_word(c) {
                word.get_or_insert(i);
            } else {
                if let Some(w) = word.take().filter(|&w| cues.may_break_word(bytes, w, i)) {
                    scan.words.push((w, i));
                }
                if cues.stops(bytes, i) {
                    scan.stops.push(i);
                }
            }
            i += c.len_utf8();
        }
        if let Some(w) = word.filter(|&w| cues.may_break_word(bytes, w, n)) {
            scan.words.push((w, n));
        }
        if hits.len() > 1 {
            hits.sort_unstable_by_key(|h| (h.end, h.start, h.pattern));
        }
    }

    /// The patterns that start at `start`, whose first byte leads to `node`.
    fn walk(
        &self,
        mut node: u32,
        patterns: &[Pattern],
        text: &str,
        start: usize,
        hits: &mut Vec<Hit>,
    ) {
        let bytes = text.as_bytes();
        let mut at = start + 1;
        while let Some(n) = self.nodes.get(node as usize) {
            if n.ends != 0 {
                self.found(n.end, n.ends, patterns, text, start, at, hits);
            }
            let Some(&b) = bytes.get(at) else { break };
            let edge = n.edge as usize;
            node = if n.edges as usize > WIDE {
                self.dense.get(edge * 256 + usize::from(b)).copied()
            } else {
                // The edge byte equal to `b` (they differ) is the lowest zero byte of `x`,
                // which this finds exactly (a borrow only marks bytes above a zero one).
                let x = n.bytes ^ (ONES * u64::from(b));
                let zero = x.wrapping_sub(ONES) & !x & HIGH;
                if zero == 0 {
                    break;
                }
                self.edge_child
                    .get(edge + (zero.trailing_zeros() / 8) as usize)
                    .copied()
            }
            .unwrap_or(0);
            if node == 0 {
                break;
            }
            at += 1;
        }
    }

    /// Record the `count` patterns from `first` in `ends` that end at `end`, when they end a
    /// word (or, with `*`, wherever their word ends).
    // Out of line: patterns end at few of the nodes walked, and the walk keeps its registers.
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn found(
        &self,
        first: u32,
        count: u32,
        patterns: &[Pattern],
        text: &str,
        start: usize,
        end: usize,
        hits: &mut Vec<Hit>,
    ) {
        let (first, count) = (first as usize, count as usize);
        let ids = self.ends.get(first..first + count).unwrap_or(&[]);
        // Does a word end here? An ASCII byte after the patterns answers at once; only a
        // non-ASCII one is decoded. Asked once for all the patterns ending here, as is where
        // the word goes on to for the `*` ones.
        let ends_word = match text.as_bytes().get(end) {
            None => true,
            Some(&b) if b.is_ascii() => !ASCII_WORD[usize::from(b)],
            Some(_) => !char_at(text, end).is_some_and(is_word),
        };
        let mut prefix_end = None;
        for &pattern in ids {
            let pattern = pattern as usize;
            let Some(p) = patterns.get(pattern) else {
                continue;
            };
            let word_end = if ends_word {
                end
            } else if p.prefix {
                *prefix_end.get_or_insert_with(|| word_end(text, end))
            } else {
                continue;
            };
            hits.push(Hit {
                pattern,
                start,
                end,
                word_end,
            });
        }
    }
}

impl Sentence {
    /// Fold `window` of `prose`, collapse whitespace, and record where each offset lands.
    // Out of line: a profile then shows its cost apart.
    #[inline(never)]
    fn fold(&mut self, prose: &str, window: Range<usize>, lang: &Language, cues: &BreakCues) {
        self.text.clear();
        self.marks.clear();
        if self.folds.len() != FOLDS || self.folds_dotless_i != lang.dotless_i {
            // Empty slots hold an ASCII character, which never reaches the cache.
            self.folds.clear();
            self.folds.resize(FOLDS, ('\0', '\0'));
            self.folds_dotless_i = lang.dotless_i;
        }
        let text = &mut self.text;
        // A run of whitespace becomes one space, or `\n` when it holds a blank line: a
        // paragraph break (after a headline, say) always ends the clause.
        let mut newlines = 0;
        let mut pending = false;
        // The previous character was plain ASCII copied as it is: the run of marks goes on.
        let mut linear = false;
        let piece = prose.get(window.clone()).unwrap_or("");
        text.reserve(piece.len() + 1);
        let bytes = piece.as_bytes();
        // Plain ASCII folds to itself in lowercase, one byte to one byte.
        let plain = |b: u8| cues.plain[usize::from(b)];
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            // An offset lands where its character will: past the space a pending run of
            // whitespace is about to become.
            let mark = text.len() + usize::from(pending && !text.is_empty());
            if plain(b) {
                // A whole run of plain bytes is copied at once.
                // A single space between plain bytes stays one space at the same distance,
                // so it goes on the run too.
                let start = at;
                at = plain_run_end(bytes, at, &cues.plain, lang.dotless_i);
                if !linear {
                    self.marks.push((start, mark, true));
                    linear = true;
                }
                if pending && !text.is_empty() {
                    text.push(if newlines >= 2 { '\n' } else { ' ' });
                }
                pending = false;
                newlines = 0;
                let from = text.len();
                text.push_str(piece.get(start..at).unwrap_or(""));
                if let Some(run) = text.get_mut(from..) {
                    run.make_ascii_lowercase();
                }
                continue;
            }
            if matches!(b, b' ' | b'\t'..=b'\r') {
                if linear || self.marks.last().map(|m| m.1) != Some(mark) {
                    self.marks.push((at, mark, false));
                }
                linear = false;
                pending = true;
                newlines += usize::from(b == b'\n');
                at += 1;
                continue;
            }
            let Some(c) = piece.get(at..).and_then(|r| r.chars().next()) else {
                break;
            };
            self.marks.push((at, mark, false));
            linear = false;
            at += c.len_utf8();
            // A character folded before in this language comes from the cache: most text
            // repeats a handful of letters (`ı`, `ş`, `ç`), and Unicode's case tables are slow.
            let slot = (u32::from(c) as usize ^ (u32::from(c) as usize >> 6)) % FOLDS;
            if let Some(&(from, to)) = self.folds.get(slot).filter(|f| f.0 == c) {
                debug_assert_eq!(from, c);
                if pending && !text.is_empty() {
                    text.push(if newlines >= 2 { '\n' } else { ' ' });
                }
                pending = false;
                newlines = 0;
                text.push(to);
                continue;
            }
            let mut folded = crate::text::fold_char(c, lang.dotless_i);
            if let (Some(to), None) = (folded.clone().next(), folded.clone().nth(1)) {
                if !to.is_whitespace() {
                    if let Some(f) = self.folds.get_mut(slot) {
                        *f = (c, to);
                    }
                }
            }
            for c in &mut folded {
                if c.is_whitespace() {
                    pending = true;
                    newlines += usize::from(c == '\n');
                    continue;
                }
                if pending && !text.is_empty() {
                    text.push(if newlines >= 2 { '\n' } else { ' ' });
                }
                pending = false;
                newlines = 0;
                text.push(c);
            }
        }
        self.end = (
            piece.len(),
            text.len() + usize::from(pending && !text.is_empty()),
        );
        if pending && !text.is_empty() {
            text.push(' ');
        }
        self.window = Some(window);
    }

    /// Where `offset` of `prose` lands in the folded text.
    fn mark(&self, offset: usize) -> Option<usize> {
        let window = self.window.as_ref()?;
        let at = offset.checked_sub(window.start)?;
        let (len, end) = self.end;
        if at >= len {
            return (at == len).then_some(end);
        }
        let run = self.marks.partition_point(|m| m.0 <= at).checked_sub(1)?;
        let (start, mark, linear) = self.marks[run];
        Some(if linear { mark + (at - start) } else { mark })
    }
}

/// Slots in [`Sentence::folds`].
const FOLDS: usize = 64;

/// A match's evidence lines, written one after another into one buffer and then shared as
/// one string ([`EvidenceLines::share`]): a claim's evidence costs one allocation for its
/// words, not one per line. Reused from one match to the next.
#[derive(Debug, Default)]
struct EvidenceLines {
    text: String,
    /// Where each line starts and ends in `text`.
    lines: Vec<(usize, usize)>,
}

impl EvidenceLines {
    fn clear(&mut self) {
        self.text.clear();
        self.lines.clear();
    }

    /// Write one line, from its pieces.
    fn push(&mut self, pieces: &[&str]) {
        let start = self.text.len();
        for p in pieces {
            self.text.push_str(p);
        }
        self.lines.push((start, self.text.len()));
    }

    fn line(&self, (start, end): (usize, usize)) -> &str {
        self.text.get(start..end).unwrap_or("")
    }

    /// Does a line written so far hold `word` in double quotes?
    fn quotes(&self, word: &str) -> bool {
        self.lines.iter().any(|&l| quotes(self.line(l), word))
    }

    /// Each line once, in its first place, as stretches of one shared string.
    fn share(&self) -> Vec<SharedStr> {
        let Some(&(_, end)) = self.lines.last() else {
            return Vec::new();
        };
        let all: Arc<str> = Arc::from(self.text.get(..end).unwrap_or(""));
        let mut out = Vec::with_capacity(self.lines.len());
        for (i, &l) in self.lines.iter().enumerate() {
            let line = self.line(l);
            if !self.lines[..i].iter().any(|&e| self.line(e) == line) {
                out.push(SharedStr::slice_of(&all, l.0..l.1));
            }
        }
        out
    }

    /// Every line written, duplicates too.
    #[cfg(test)]
    fn all(&self) -> Vec<&str> {
        self.lines.iter().map(|&l| self.line(l)).collect()
    }
}

/// Does `evidence` hold `word` in double quotes (`"word"`)?
fn quotes(evidence: &str, word: &str) -> bool {
    evidence.match_indices('"').any(|(i, _)| {
        evidence
            .get(i + 1..)
            .and_then(|rest| rest.strip_prefix(word))
            .is_some_and(|rest| rest.starts_with('"'))
    })
}

/// A letter or digit (`char::is_alphanumeric`), answered without Unicode's tables for ASCII
/// and for the Latin letters from U+00C0 to U+024F (all letters but `×` and `÷`), which
/// Turkish and most European text is written in.
#[inline]
fn is_word(c: char) -> bool {
    let u = u32::from(c);
    if u < 0x80 {
        return ASCII_WORD[u as usize];
    }
    if (0xC0..0x250).contains(&u) {
        return u != 0xD7 && u != 0xF7;
    }
    // General Punctuation (curly quotes, dashes, spaces) holds no letter or digit.
    if (0x2000..0x2070).contains(&u) {
        return false;
    }
    c.is_alphanumeric()
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// End of the word that continues at `at`.
fn word_end(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                return at + i;
            }
            i += 1;
            continue;
        }
        let Some(c) = rest.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        if !is_word(c) {
            return at + i;
        }
        i += c.len_utf8();
    }
    at + rest.len()
}

/// Does `list` hold `word` (markers are written folded, as the language files keep them)?
fn listed(list: &[String], word: &str) -> bool {
    list.iter().any(|x| x == word)
}

/// Clause breaks in `text` (none between two digits), each with the bytes that must not
/// overlap a figure for it to count (a converb ending breaks after its word, but not when
/// the word is in the figure). The words and the places a punctuation break may start come
/// from the trie scan (`scan`), so the bytes are not walked again; its words are only those
/// that may make a break ([`BreakCues::may_break_word`]), so none is skipped here.
// Out of line: once per sentence, and a profile then shows its cost apart.
#[inline(never)]
fn breaks(
    text: &str,
    roles: &RoleMarkers,
    cues: &BreakCues,
    scan: &Scan,
    ends: &mut Vec<usize>,
    out: &mut Vec<(Break, Range<usize>)>,
) {
    out.clear();
    start_punctuation(roles, ends);
    let bytes = text.as_bytes();
    if cues.punctuation_in_words {
        for i in 0..bytes.len() {
            if cues.stops(bytes, i) {
                punctuation_at(text, i, roles, cues, ends, out);
            }
        }
    } else {
        for &i in &scan.stops {
            punctuation_at(text, i, roles, cues, ends, out);
        }
    }
    line_breaks(bytes, out);
    for &(at, end) in &scan.words {
        // Where no listed word starts with this byte and is this long, `word_break` need
        // not compare the word with the lists (it may still end in a clause-ending suffix).
        let listed_first = cues.may_be_listed(bytes, at, end);
        let Some(word) = text.get(at..end) else {
            continue;
        };
        if let Some(b) = word_break(word, at, end, listed_first, roles, cues) {
            out.push((b, at..end));
        }
    }
    out.sort_by_key(|(b, _)| (b.start, b.end));
}

/// The hard, then the soft punctuation breaks of a language, in the order `ends` follows.
fn punctuation(roles: &RoleMarkers) -> impl Iterator<Item = (&String, bool)> {
    let hard = roles.clause_breaks.iter().map(|p| (p, false));
    hard.chain(roles.soft_breaks.iter().map(|p| (p, true)))
}

/// Where each punctuation break's last match ended: none yet.
fn start_punctuation(roles: &RoleMarkers, ends: &mut Vec<usize>) {
    ends.clear();
    ends.extend(punctuation(roles).map(|_| 0));
}

/// The punctuation breaks starting at byte `i` (none between two digits). Each break's
/// matches do not overlap, as `str::match_indices` finds them: `ends` holds where each
/// last ended.
fn punctuation_at(
    text: &str,
    i: usize,
    roles: &RoleMarkers,
    cues: &BreakCues,
    ends: &mut [usize],
    out: &mut Vec<(Break, Range<usize>)>,
) {
    let bytes = text.as_bytes();
    let rest = bytes.get(i..).unwrap_or(&[]);
    let Some(&first) = rest.first() else {
        return;
    };
    let hard = roles.clause_breaks.len();
    // Only the breaks that start with this byte (all of them when there are too many to mark).
    let mut mask = cues.punctuation_by_first[usize::from(first)];
    let all = cues.punctuation_many;
    let mut k = 0;
    loop {
        if all {
            if k >= ends.len() {
                break;
            }
        } else {
            if mask == 0 {
                break;
            }
            k = mask.trailing_zeros() as usize;
            mask &= mask - 1;
        }
        let (p, soft) = match roles.clause_breaks.get(k) {
            Some(p) => (p, false),
            None => match roles.soft_breaks.get(k - hard) {
                Some(p) => (p, true),
                None => break,
            },
        };
        let at = k;
        k += 1;
        if p.is_empty() || i < ends[at] || !rest.starts_with(p.as_bytes()) {
            continue;
        }
        let e = i + p.len();
        ends[at] = e;
        // An ASCII digit is one byte, never part of a longer character.
        let digits = i
            .checked_sub(1)
            .and_then(|b| bytes.get(b))
            .is_some_and(u8::is_ascii_digit)
            && bytes.get(e).is_some_and(u8::is_ascii_digit);
        if !digits {
            out.push((
                Break {
                    start: i,
                    end: e,
                    soft,
                },
                i..e,
            ));
        }
    }
}

/// Every line end is a hard break.
fn line_breaks(bytes: &[u8], out: &mut Vec<(Break, Range<usize>)>) {
    for i in memchr::memchr_iter(b'\n', bytes) {
        out.push((
            Break {
                start: i,
                end: i + 1,
                soft: false,
            },
            i..i + 1,
        ));
    }
}

/// The break a word at `at..end` makes: a listed clause word or soft word breaks before it,
/// a word ending in a clause-ending suffix (longer than the suffix by two letters or more)
/// breaks after it. `listed_first`: the word's first byte can start a listed word.
fn word_break(
    word: &str,
    at: usize,
    end: usize,
    listed_first: bool,
    roles: &RoleMarkers,
    cues: &BreakCues,
) -> Option<Break> {
    let last = word.as_bytes().last().copied().unwrap_or(0);
    if listed_first && listed(&roles.clause_words, word) {
        Some(Break {
            start: at,
            end,
            soft: false,
        })
    } else if listed_first && listed(&roles.soft_words, word) {
        Some(Break {
            start: at,
            end,
            soft: true,
        })
    } else if cues.ending_last[usize::from(last)]
        && ending(&roles.clause_end_suffixes, word)
            .is_some_and(|s| word.chars().count() > s.chars().count() + 1)
    {
        Some(Break {
            start: end,
            end,
            soft: false,
        })
    } else {
        None
    }
}

/// [`breaks`] as it was before it read the trie scan's words and stops: every byte tried,
/// every word found again. The oracle the scan-fed one is checked against.
#[cfg(test)]
fn breaks_bytewise(
    text: &str,
    roles: &RoleMarkers,
    cues: &BreakCues,
    ends: &mut Vec<usize>,
    out: &mut Vec<(Break, Range<usize>)>,
) {
    out.clear();
    // Every byte is asked whether a punctuation break may start there.
    start_punctuation(roles, ends);
    let bytes = text.as_bytes();
    for i in 0..bytes.len() {
        if cues.stops(bytes, i) {
            punctuation_at(text, i, roles, cues, ends, out);
        }
    }
    line_breaks(bytes, out);
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii() {
            if !ascii_word(b) {
                at += 1;
                continue;
            }
        } else {
            let Some(c) = char_at(text, at) else { break };
            if !is_word(c) {
                at += c.len_utf8();
                continue;
            }
        }
        // Any listed word starts with this byte (whatever its length).
        let listed_first = cues.word_lengths[usize::from(b)] != 0;
        // The word's ASCII letters and digits at once: when an ASCII byte (or the end) follows
        // them, that is where the word ends, as `word_end` would find.
        let mut e = at;
        while bytes.get(e).is_some_and(|&c| ascii_word(c)) {
            e += 1;
        }
        let end = if e > at && !bytes.get(e).is_some_and(|c| !c.is_ascii()) {
            e
        } else {
            word_end(text, at)
        };
        if !listed_first && !cues.endings {
            // No list can hold this word.
            at = end.max(at + 1);
            continue;
        }
        let Some(word) = text.get(at..end) else { break };
        if let Some(b) = word_break(word, at, end, listed_first, roles, cues) {
            out.push((b, at..end));
        }
        at = end.max(at + 1);
    }
    out.sort_by_key(|(b, _)| (b.start, b.end));
}

/// An entity alias's role, as [`role_of`] reads it.
struct Found {
    role: Role,
    /// What marked the role; `None` when it is neutral.
    cue: Option<&'static str>,
    /// Where the entity word ends (past its suffix).
    end: usize,
    /// The words that show the role: the preposition and the name, the name with its suffix.
    shown: Range<usize>,
}

/// The role of the entity alias at `start..end`, what marked it, and where the entity word
/// ends (past its suffix).
fn role_of(
    text: &str,
    start: usize,
    end: usize,
    prefix: bool,
    demonym: bool,
    roles: &RoleMarkers,
) -> Found {
    let rest = &text[end..];
    let (suffix, after) = if let Some(r) = rest.strip_prefix('\'') {
        let n = word_end(r, 0);
        (&r[..n], end + 1 + n)
    } else if prefix {
        let n = word_end(rest, 0);
        (&rest[..n], end + n)
    } else {
        ("", end)
    };
    let found = |role, cue, shown: Range<usize>| Found {
        role,
        cue: Some(cue),
        end: after,
        shown,
    };
    if !suffix.is_empty() {
        if listed(&roles.origin_suffixes, suffix) {
            return found(Role::Origin, "suffix", start..after);
        }
        if listed(&roles.destination_suffixes, suffix) {
            return found(Role::Destination, "suffix", start..after);
        }
    }
    // A compound: the case ending sits on the next word (`Norveç ekonomisine`).
    if let Some(next) = text[after..].strip_prefix(' ') {
        let next = &next[..word_end(next, 0)];
        let origin = ending(&roles.next_word_origin_suffixes, next);
        let destination = ending(&roles.next_word_destination_suffixes, next);
        let shown = start..after + 1 + next.len();
        match (origin, destination) {
            (Some(o), Some(d)) if o.len() >= d.len() => {
                return found(Role::Origin, "suffix on the next word", shown)
            }
            (Some(_), None) => return found(Role::Origin, "suffix on the next word", shown),
            (_, Some(_)) => return found(Role::Destination, "suffix on the next word", shown),
            (None, None) => {}
        }
    }
    // A preposition just before (`from Norway`, `in German universities`).
    let before = text[..start].trim_end_matches(' ');
    // The last byte first: most markers end otherwise, and it is cheaper than a comparison.
    let last = before.as_bytes().last();
    let marker = |list: &[String]| {
        list.iter()
            .filter(|m| {
                m.as_bytes().last().is_some_and(|b| Some(b) == last)
                    && before.ends_with(m.as_str())
                    && !char_before(before, before.len() - m.len()).is_some_and(is_word)
            })
            .map(String::len)
            .max()
    };
    let from = |len: usize| before.len() - len..after;
    match (
        marker(&roles.origin_before),
        marker(&roles.destination_before),
    ) {
        (Some(o), Some(d)) if o >= d => return found(Role::Origin, "preposition", from(o)),
        (Some(o), None) => return found(Role::Origin, "preposition", from(o)),
        (_, Some(d)) => return found(Role::Destination, "preposition", from(d)),
        (None, None) => {}
    }
    if demonym {
        found(Role::Origin, "demonym", start..after)
    } else {
        Found {
            role: Role::Neutral,
            cue: None,
            end: after,
            shown: start..after,
        }
    }
}

/// Words a counted noun may stand from its figure: after it, adjectives between
/// ("20 formal presidential trips", "18 intergovernmental and interagency agreements");
/// before it, a word like "sayısı" ("turist sayısı ise 130 bin").
const NOUN_AFTER: usize = 4;
const NOUN_BEFORE: usize = 2;

/// How many words stand between the figure and the noun at `hit`, when it is close enough
/// to be what the figure counts and no punctuation separates them (0 inside the figure).
fn noun_distance(text: &str, figure: &Range<usize>, hit: &Hit) -> Option<usize> {
    // A span that takes its noun along ("14 kez", "90-day").
    if hit.start >= figure.start && hit.end <= figure.end {
        return Some(0);
    }
    let (gap, limit) = if hit.start >= figure.end {
        (text.get(figure.end..hit.start)?, NOUN_AFTER)
    } else if hit.word_end <= figure.start {
        (text.get(hit.word_end..figure.start)?, NOUN_BEFORE)
    } else {
        return None;
    };
    gap_words(gap, limit)
}

/// How many words `gap` holds; `None` when it holds punctuation or more than `limit` words
/// (read until either shows, not to its end).
fn gap_words(gap: &str, limit: usize) -> Option<usize> {
    let bytes = gap.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let w = if b.is_ascii() {
            if GAP_STOP[usize::from(b)] {
                return None;
            }
            i += 1;
            ASCII_WORD[usize::from(b)]
        } else {
            let Some(c) = char_at(gap, i) else { break };
            i += c.len_utf8();
            is_word(c)
        };
        if w && !in_word {
            words += 1;
            if words > limit {
                return None;
            }
        }
        in_word = w;
    }
    Some(words)
}

/// The punctuation a gap between a figure and its noun (or position word) may not hold.
const GAP_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let stops = b",;:.!?()[]\n";
    let mut k = 0;
    while k < stops.len() {
        t[stops[k] as usize] = true;
        k += 1;
    }
    t
};

/// [`gap_words`] as it was written char by char: the oracle the bytewise one is checked
/// against.
#[cfg(test)]
fn gap_words_chars(gap: &str, limit: usize) -> Option<usize> {
    let mut words = 0;
    let mut in_word = false;
    for c in gap.chars() {
        if matches!(
            c,
            ',' | ';' | ':' | '.' | '!' | '?' | '(' | ')' | '[' | ']' | '\n'
        ) {
            return None;
        }
        let w = c.is_alphanumeric();
        if w && !in_word {
            words += 1;
            if words > limit {
                return None;
            }
        }
        in_word = w;
    }
    Some(words)
}

/// Does the `before` (or `after`) word at `hit` stand right next to the figure? At most one
/// word may stand between, for the unit the figure's span may leave out ("15 milyar
/// [dolara] çıkarmayı"), and no punctuation.
fn adjacent(text: &str, figure: &Range<usize>, hit: &Hit, after: bool) -> bool {
    let gap = if after {
        (hit.start >= figure.end).then(|| text.get(figure.end..hit.start))
    } else {
        (hit.word_end <= figure.start).then(|| text.get(hit.word_end..figure.start))
    };
    gap.flatten().is_some_and(|g| gap_words(g, 1).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::clause::has_figure;

    #[test]
    fn a_classifier_decides_each_mention_as_a_fresh_one_does() {
        // Sentences with several figures share one reading; a sentence longer than the window
        // gives its figures different windows. Every decision (evidence and closest miss
        // included) must be the one a classifier that saw nothing before would make.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let langs = crate::lang::Languages::builtin();
        let rules = crate::rules::RuleSet::load_dir(&root.join("rules")).expect("rules load");
        let mut texts: Vec<String> = std::fs::read_dir(root.join("seeds"))
            .expect("seeds/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        assert!(texts.len() >= 5);
        let long = format!(
            "{} 12 companies and 40 students{}",
            "word ".repeat(400),
            " more".repeat(300)
        );
        texts.push(format!("{long} 7 trade deals."));
        let mut decided = 0;
        for text in &texts {
            let lang = langs.detect(text);
            let mentions = crate::extract::extract(text, lang, None);
            let mut shared = rules.classifier(text, lang);
            for m in &mentions {
                assert_eq!(shared.classify(m), rules.classify(text, m, lang), "{m:?}");
                decided += 1;
            }
        }
        assert!(decided > 50, "only {decided} mentions");
    }

    #[test]
    fn a_figure_asked_only_for_a_match_gets_the_match_classify_gives() {
        // `classify_match` skips judging when no word group in the sentence belongs to a key
        // of the figure's unit. Each seed figure is asked in its own unit and in every unit a
        // key takes (as normalize asks years in `calendar_year`): a key match must be exactly
        // classify's; anything else is classify's answer when keys were judged, or unmapped
        // with no closest key when they were skipped.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let langs = crate::lang::Languages::builtin();
        let rules = crate::rules::RuleSet::load_dir(&root.join("rules")).expect("rules load");
        let mut units: Vec<crate::extract::Unit> =
            rules.keys.iter().map(|k| k.unit.clone()).collect();
        units.sort();
        units.dedup();
        let (mut matched, mut skipped) = (0, 0);
        for entry in std::fs::read_dir(root.join("seeds")).expect("seeds/") {
            let Ok(text) = std::fs::read_to_string(entry.expect("entry").path()) else {
                continue;
            };
            let lang = langs.detect(&text);
            let mut fresh = rules.classifier(&text, lang);
            let mut asked = rules.classifier(&text, lang);
            for m in crate::extract::extract(&text, lang, None) {
                for unit in units.iter().chain([&m.unit]) {
                    let mut m = m.clone();
                    m.unit = unit.clone();
                    m.ignored = None;
                    match (fresh.classify(&m), asked.classify_match(&m)) {
                        (want @ Match::Key { .. }, got) => {
                            assert_eq!(got, want, "{m:?}");
                            matched += 1;
                        }
                        (want, got) if got == want => {}
                        (_, got) => {
                            assert_eq!(got, Match::Unmapped { closest: None }, "{m:?}");
                            skipped += 1;
                        }
                    }
                }
            }
        }
        assert!(
            matched > 20 && skipped > 200,
            "{matched} matched, {skipped} not"
        );
    }

    /// The hits an overlapping Aho-Corasick search finds, filtered to word boundaries as the
    /// matcher did before it had tries: what [`Trie::hits`] must find, in the same order.
    fn overlapping_hits(
        patterns: &[Pattern],
        text: &str,
        lang: usize,
    ) -> Vec<(usize, usize, usize, usize)> {
        let Ok(ac) = aho_corasick::AhoCorasick::new(patterns.iter().map(|p| p.text.as_str()))
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let p = &patterns[m.pattern().as_usize()];
            if p.lang != lang || char_before(text, m.start()).is_some_and(is_word) {
                continue;
            }
            let word_end = if p.prefix {
                word_end(text, m.end())
            } else if char_at(text, m.end()).is_some_and(is_word) {
                continue;
            } else {
                m.end()
            };
            out.push((m.pattern().as_usize(), m.start(), m.end(), word_end));
        }
        out
    }

    fn trie_hits(
        patterns: &[Pattern],
        text: &str,
        lang: usize,
    ) -> Vec<(usize, usize, usize, usize)> {
        let mut trie = Trie::default();
        for (id, p) in patterns.iter().enumerate() {
            if p.lang == lang {
                trie.insert(p.text.as_bytes(), id);
            }
        }
        let trie = trie.freeze();
        let mut hits = Vec::new();
        let en = crate::lang::Languages::builtin();
        let cues = BreakCues::new(en.get("en").expect("en is built in"));
        trie.hits(patterns, text, &mut hits, &cues, &mut Scan::default());
        hits.iter()
            .map(|h| (h.pattern, h.start, h.end, h.word_end))
            .collect()
    }

    fn pattern(text: &str, lang: usize, prefix: bool) -> Pattern {
        Pattern {
            text: text.to_string(),
            shown: text.to_string(),
            lang,
            prefix,
            target: Target::Alias {
                entity: 0,
                demonym: false,
            },
        }
    }

    #[test]
    fn the_trie_finds_nested_repeated_and_prefix_words_as_an_overlapping_search_does() {
        let patterns = vec![
            pattern("trade", 0, false),
            pattern("foreign trade", 0, false),
            pattern("trade", 0, false),
            pattern("trad", 0, true),
            pattern("türk", 1, true),
            pattern("türk", 0, true),
            pattern("norveç'", 0, false),
            pattern("de", 0, false),
        ];
        let text = "foreign trade, trader's trades; türkiye'de norveç'ten retrade de";
        let want = overlapping_hits(&patterns, text, 0);
        assert!(want.len() >= 7, "{want:?}");
        assert_eq!(trie_hits(&patterns, text, 0), want);
        assert_eq!(
            trie_hits(&patterns, text, 1),
            overlapping_hits(&patterns, text, 1)
        );
    }

    #[test]
    fn the_trie_reads_a_node_with_many_edges_as_one_with_few() {
        // "t" has many children, some of them also patterns of their own.
        let mut patterns: Vec<Pattern> = "abcdefghijk"
            .chars()
            .map(|c| pattern(&format!("t{c}o"), 0, false))
            .collect();
        patterns.push(pattern("tko", 0, true));
        patterns.push(pattern("t", 0, false));
        let text = "tao tbo tz t tko tkoz tjo. tk tbox";
        let want = overlapping_hits(&patterns, text, 0);
        assert!(want.len() >= 6, "{want:?}");
        assert_eq!(trie_hits(&patterns, text, 0), want);
    }

    #[test]
    fn the_trie_stops_at_a_zero_byte_after_a_node_with_no_edges_or_a_few() {
        // A node's packed edge bytes past its edges, and a node with none, must match no
        // byte, the zero byte included.
        let patterns = vec![
            pattern("ab", 0, true),
            pattern("a", 0, false),
            pattern("ac", 0, false),
            pattern("ad\u{0}x", 0, false),
        ];
        for text in [
            "ab\u{0}x ab",
            "a\u{0} ac\u{0}ab",
            "ad\u{0}x ad\u{0} a\u{ff}",
        ] {
            let want = overlapping_hits(&patterns, text, 0);
            assert_eq!(trie_hits(&patterns, text, 0), want, "{text:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn the_trie_finds_what_an_overlapping_search_finds(
            words in proptest::collection::vec(("[abç' ı]{1,5}", 0..2usize, proptest::bool::ANY), 1..8),
            text in "[abç' ı.,İ1]{0,40}",
        ) {
            let patterns: Vec<Pattern> = words
                .iter()
                .filter(|(w, _, _)| w.chars().next().is_some_and(char::is_alphanumeric))
                .map(|(w, lang, prefix)| pattern(w, *lang, *prefix))
                .collect();
            for lang in 0..2 {
                proptest::prop_assert_eq!(
                    trie_hits(&patterns, &text, lang),
                    overlapping_hits(&patterns, &text, lang)
                );
            }
        }
    }

    #[test]
    fn the_trie_compares_a_chain_of_single_children_at_once_as_byte_by_byte() {
        // Long single-child runs (longer than one eight-byte chain), cut short at the text's
        // end and one byte off, next to a node with many edges.
        let mut patterns = vec![
            pattern("internationalisation", 0, false),
            pattern("international", 0, true),
            pattern("interna", 0, false),
            pattern("abcdefghijklmnopq", 0, false),
        ];
        patterns.extend(
            "bcdefghij"
                .chars()
                .map(|c| pattern(&format!("i{c}x"), 0, false)),
        );
        for text in [
            "internationalisation internationally interna internb",
            "abcdefghijklmnopq abcdefghijklmnopr ibx ijx ikx",
            "abcdefghijklmnop",
            "internationalisatio",
            "interna",
        ] {
            let want = overlapping_hits(&patterns, text, 0);
            assert_eq!(trie_hits(&patterns, text, 0), want, "{text}");
        }
        assert_eq!(
            trie_hits(&patterns, "internationalisation", 0).len(),
            2,
            "a whole word and its prefix pattern"
        );
    }

    #[test]
    fn the_trie_of_thousands_of_generated_words_finds_what_an_overlapping_search_finds() {
        // As with thousands of keys: most pairs of first bytes then start some word, and words
        // of one letter open every pair that starts with it.
        let letters: Vec<char> = "abcdefghijklmnoprstuvyzçşğüöı".chars().collect();
        let mut seed = 7u64;
        let mut next = move |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let mut patterns = Vec::new();
        for k in 0..3000 {
            let len = 1 + next(9);
            let word: String = (0..len).map(|_| letters[next(letters.len())]).collect();
            patterns.push(pattern(&word, 0, k % 7 == 0));
        }
        patterns.push(pattern("q", 0, false));
        let mut text = String::new();
        for _ in 0..600 {
            let len = 1 + next(8);
            text.extend((0..len).map(|_| letters[next(letters.len())]));
            text.push([' ', ' ', ',', '\''][next(4)]);
        }
        text.push_str(" q qa aq");
        let want = overlapping_hits(&patterns, &text, 0);
        assert!(want.len() > 300, "{}", want.len());
        assert_eq!(trie_hits(&patterns, &text, 0), want);
    }

    #[test]
    fn cues_built_at_load_serve_only_the_language_they_were_read_from() {
        let langs = crate::lang::Languages::builtin();
        let en = langs.get("en").expect("built in");
        let tr = langs.get("tr").expect("built in");
        let built = LangCues::new(en);
        assert!(built.fits(en));
        assert!(!built.fits(tr));
        let mut variant = en.clone();
        variant.roles.soft_words.push("plus".into());
        assert!(!built.fits(&variant));
        variant = en.clone();
        variant.dotless_i = true;
        assert!(!built.fits(&variant));
    }

    #[test]
    fn a_language_unlike_the_one_cues_were_built_from_gets_its_own_cues() {
        // Rules compile with cues built from the built-in languages; a classifier for a
        // variant `en` that lists one more clause word must find that break, as a matcher
        // without any cues would, and not read the built-in cues, which rule the word out.
        // The topic is made up here: src/ names no real one.
        let rules_toml = r#"
[[entity]]
id = "north"
name.en = ["Northland"]
demonym.en = ["Northern"]

[[entity]]
id = "south"
name.en = ["Southland"]

[[key]]
id = "north_invest_in_south"
label.en = "Northern investment in Southland"
unit = "USD"
kind = "stock"
from = "north"
to = "south"
require.en = [["invest*"]]
example = [{ lang = "en", text = "Northern investment in Southland reached $5 billion.", value = 5e9 }]
counter = [{ lang = "en", text = "Southland attracted $9 billion of investment." }]
"#;
        let langs = crate::lang::Languages::builtin();
        let files = [(
            std::path::PathBuf::from("made_up.toml"),
            rules_toml.to_string(),
        )];
        let rules = crate::rules::RuleSet::from_files(&files, &langs).expect("rules compile");
        let cached = &rules.compiled.matcher;
        assert!(cached.cues.iter().all(Option::is_some));
        let bare = Matcher {
            cues: Vec::new(),
            ..cached.clone()
        };
        let en = langs.get("en").expect("built in");
        let mut variant = en.clone();
        variant.roles.clause_words.push("meanwhile".into());
        let text = "Northern investment in Southland meanwhile reached $5 billion.";
        let mentions = crate::extract::extract(text, en, None);
        let figure = mentions.first().expect("a figure");
        let decide = |m: &Matcher, lang: &Language| m.classify(&rules.keys, text, figure, lang);
        // The word matters: without it the figure has a key, with it the clause lacks one.
        assert!(matches!(decide(cached, en), Match::Key { .. }));
        assert!(!matches!(decide(&bare, &variant), Match::Key { .. }));
        assert_eq!(decide(cached, &variant), decide(&bare, &variant));
        assert_eq!(decide(cached, en), decide(&bare, en));
    }

    #[test]
    fn no_general_punctuation_is_a_word_char_and_chars_around_it_read_as_unicode_says() {
        for u in 0x2000..=0x206F {
            let c = char::from_u32(u).expect("a char");
            assert!(!is_word(c), "{c:?} is a word char");
        }
        // The block and a margin either side (U+2070 is a digit, U+2071 a letter).
        for c in (0x1F00..=0x2200).filter_map(char::from_u32) {
            assert_eq!(is_word(c), c.is_alphanumeric(), "{c:?}");
        }
        assert!(is_word('\u{2070}') && is_word('\u{2071}'));
    }

    /// [`plain_run_end`] as the fold read it before, a byte at a time: the oracle.
    fn plain_run_end_bytewise(bytes: &[u8], mut at: usize, plain: &[bool; 256]) -> usize {
        let plain = |b: u8| plain[usize::from(b)];
        loop {
            at += bytes
                .get(at..)
                .unwrap_or(&[])
                .iter()
                .position(|&b| !plain(b))
                .unwrap_or(bytes.len() - at);
            if bytes.get(at) == Some(&b' ') && bytes.get(at + 1).is_some_and(|&n| plain(n)) {
                at += 2;
            } else {
                return at;
            }
        }
    }

    /// The built-in languages' break cues, each with its code and `dotless_i`, built once
    /// (the proptest asks for them every case).
    fn builtin_cues() -> &'static [(&'static str, bool, BreakCues)] {
        static CUES: std::sync::OnceLock<Vec<(&'static str, bool, BreakCues)>> =
            std::sync::OnceLock::new();
        CUES.get_or_init(|| {
            let langs = crate::lang::Languages::builtin();
            ["en", "tr"]
                .into_iter()
                .map(|code| {
                    let lang = langs.get(code).expect("built in");
                    (code, lang.dotless_i, BreakCues::new(lang))
                })
                .collect()
        })
    }

    #[test]
    fn plain_runs_end_where_read_byte_by_byte_with_every_byte_at_every_offset_of_a_block() {
        // Every byte value, alone or after a space, at every offset of the first block the
        // sixteen-byte step tests (and just past it), from starts before and in the eight-byte
        // step: proptest's text is valid UTF-8, so it never holds most bytes past 0x7F.
        for (code, dotless_i, cues) in builtin_cues() {
            for b in 0..=255u8 {
                for offset in 0..18 {
                    for after_space in [false, true] {
                        let mut bytes = vec![b'a'; 8 + 18 + 17];
                        let at = 8 + offset;
                        bytes[at] = b;
                        if after_space {
                            bytes[at - 1] = b' ';
                        }
                        for from in 0..=9 {
                            assert_eq!(
                                plain_run_end(&bytes, from, &cues.plain, *dotless_i),
                                plain_run_end_bytewise(&bytes, from, &cues.plain),
                                "{code} {b:#x} at {at}, after a space: {after_space}, from {from}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn plain_bytes_read_eight_at_a_time_are_those_the_table_marks_or_control_characters() {
        for (code, dotless_i, cues) in builtin_cues() {
            for b in 0..=255u8 {
                for at in 0..8 {
                    let mut chunk = [b'a'; 8];
                    chunk[at] = b;
                    let w = u64::from_le_bytes(chunk);
                    let bit = 0x80u64 << (8 * at);
                    let (other, space) = not_plain(w, *dotless_i);
                    // A plain control character may be marked too (the run then goes on
                    // byte by byte); nothing else may.
                    let control = b < b' ' && cues.plain[usize::from(b)];
                    if !control {
                        assert_eq!(
                            other & bit != 0,
                            !cues.plain[usize::from(b)],
                            "{code} {b:#x}"
                        );
                    }
                    assert_eq!(space & bit != 0, b == b' ', "{b:#x}");
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        #[test]
        fn plain_runs_read_in_blocks_end_where_read_byte_by_byte(
            // Short mixes, and long plain runs broken now and then (which the blocks of 16
            // pass over, a stop falling anywhere in a block or just past it).
            text in "[aZ9I ı`\t\n\x01\x1f.,'-]{0,40}|([a-z0-9.,' -]{0,40}[aZ9I ı`\t\n\x01\x1f\x7f]){0,6}",
            from in 0..60usize,
        ) {
            let bytes = text.as_bytes();
            let from = from.min(bytes.len());
            for (_, dotless_i, cues) in builtin_cues() {
                proptest::prop_assert_eq!(
                    plain_run_end(bytes, from, &cues.plain, *dotless_i),
                    plain_run_end_bytewise(bytes, from, &cues.plain)
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        #[test]
        fn the_trie_with_long_chains_and_wide_nodes_finds_what_an_overlapping_search_finds(
            words in proptest::collection::vec(("[a-ja-c]{1,14}", proptest::bool::ANY), 1..30),
            text in "[a-ja-c ]{0,60}",
        ) {
            let patterns: Vec<Pattern> = words
                .iter()
                .map(|(w, prefix)| pattern(w, 0, *prefix))
                .collect();
            proptest::prop_assert_eq!(
                trie_hits(&patterns, &text, 0),
                overlapping_hits(&patterns, &text, 0)
            );
        }
    }

    /// The breaks read from the trie scan's words and stops, and those the byte-by-byte
    /// reading finds.
    fn both_breaks(text: &str, code: &str, patterns: &[Pattern]) -> (String, String) {
        let langs = crate::lang::Languages::builtin();
        let Some(lang) = langs.get(code) else {
            return (String::new(), "no such language".to_string());
        };
        let cues = BreakCues::new(lang);
        let mut trie = Trie::default();
        for (id, p) in patterns.iter().enumerate() {
            trie.insert(p.text.as_bytes(), id);
        }
        let trie = trie.freeze();
        let (mut hits, mut scan, mut ends) = (Vec::new(), Scan::default(), Vec::new());
        trie.hits(patterns, text, &mut hits, &cues, &mut scan);
        let (mut fed, mut bytewise) = (Vec::new(), Vec::new());
        breaks(text, &lang.roles, &cues, &scan, &mut ends, &mut fed);
        breaks_bytewise(text, &lang.roles, &cues, &mut ends, &mut bytewise);
        let show = |v: &[(Break, Range<usize>)]| format!("{:?}", v);
        (show(&fed), show(&bytewise))
    }

    #[test]
    fn breaks_read_from_the_scan_are_those_found_byte_by_byte() {
        let patterns = vec![pattern("trade", 0, false), pattern("türk", 0, true)];
        for (code, text) in [
            (
                "en",
                "trade, and 863,000 visitors; but (1,5) – while 2 - x:y\n\nand",
            ),
            (
                "tr",
                "ticaret ve 5,2 milyar yaparken, türkiye'de iken ama; ve",
            ),
        ] {
            let (fed, bytewise) = both_breaks(text, code, &patterns);
            assert!(fed.matches("Break").count() >= 6, "{fed}");
            assert_eq!(fed, bytewise, "{text}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn breaks_from_the_scan_match_the_bytewise_reading(
            text in "(and|ve|but|iken|yaparken|türk|trade|[a-zçı1 ,;:()–—'\n-]){0,30}",
            tr in proptest::bool::ANY,
        ) {
            let patterns = vec![pattern("trade", 0, false), pattern("türk", 0, true)];
            let (fed, bytewise) = both_breaks(&text, if tr { "tr" } else { "en" }, &patterns);
            proptest::prop_assert_eq!(fed, bytewise);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        #[test]
        fn a_gap_counts_words_as_splitting_it_does(gap in "[a1ç ,.'()\n-]{0,12}", limit in 0..5usize) {
            // How `noun_distance` and `adjacent` read a gap before `gap_words`.
            let split = if gap.contains([',', ';', ':', '.', '!', '?', '(', ')', '[', ']', '\n']) {
                None
            } else {
                let words = gap.split(|c: char| !is_word(c)).filter(|w| !w.is_empty()).count();
                (words <= limit).then_some(words)
            };
            proptest::prop_assert_eq!(gap_words(&gap, limit), split);
        }

        #[test]
        fn a_gap_read_bytewise_counts_as_read_char_by_char(gap in "[a1çı×÷²’ ,.;'()\n-]{0,16}", limit in 0..5usize) {
            proptest::prop_assert_eq!(gap_words(&gap, limit), gap_words_chars(&gap, limit));
        }
    }

    #[test]
    fn no_character_folds_to_an_ascii_letter_or_digit_a_needle_may_hold() {
        // What the gates of `classify_match` rest on: an ASCII letter or digit other than `i`
        // and `k` in folded text comes from itself, in either case, in the raw text.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            for turkish in [false, true] {
                for f in crate::text::fold_char(c, turkish) {
                    if f.is_ascii_alphanumeric() && f != 'i' && f != 'k' {
                        assert_eq!(f, c.to_ascii_lowercase(), "{c:?} folds to {f:?}");
                    }
                }
            }
        }
        assert_eq!(needle(b"diplomatik"), b"plomat");
        assert_eq!(needle(b"yil donum"), b"donum");
        assert_eq!(needle("ilişki".as_bytes()), b"l");
        assert_eq!(needle(b"kiki"), b"");
    }

    #[test]
    fn a_word_character_is_what_unicode_calls_alphanumeric() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(is_word(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn evidence_lines_are_shared_once_each_in_their_first_place() {
        let mut lines = EvidenceLines::default();
        assert!(lines.share().is_empty());
        for round in 0..2 {
            // The buffer is reused: a second match writes over the first.
            lines.clear();
            lines.push(&["noun \"", "visitors", "\""]);
            lines.push(&["\"visited\""]);
            lines.push(&["noun \"visitors\""]);
            lines.push(&["norway", " named: \"", "norway", "\""]);
            assert!(
                lines.quotes("visited") && !lines.quotes("visit"),
                "round {round}"
            );
            let shared = lines.share();
            assert_eq!(
                shared,
                [
                    "noun \"visitors\"",
                    "\"visited\"",
                    "norway named: \"norway\""
                ]
            );
            assert_eq!(lines.all().len(), 4);
        }
    }

    #[test]
    fn a_word_is_quoted_in_evidence_only_between_double_quotes() {
        assert!(quotes("noun \"visitors\"", "visitors"));
        assert!(quotes("\"a\" and \"visited\"", "visited"));
        assert!(!quotes("noun \"visitors\"", "visit"));
        assert!(!quotes("visited", "visited"));
        assert!(quotes("\"\"x\"", "x"));
        assert!(quotes("\"\"", ""));
    }

    #[test]
    fn years_do_not_count_as_figures_but_amounts_do() {
        assert!(!has_figure("in 2023"));
        assert!(!has_figure("for the 2024–2025 academic year"));
        assert!(has_figure("and 863,000 norwegian visitors"));
        assert!(has_figure("worth $6 billion"));
        assert!(has_figure("5,2 milyar"));
    }

    #[test]
    fn an_ending_needs_a_stem_before_it() {
        let list = vec!["ine".to_string(), "ına".to_string()];
        assert_eq!(ending(&list, "ekonomisine"), Some("ine"));
        assert_eq!(ending(&list, "ine"), None);
        assert_eq!(ending(&list, "ve"), None);
    }
}
