//! Copy detection: which sources are likely copies of one origin, so that one wire story
//! reprinted twice does not count as two confirmations. It owns the figure fingerprints, the
//! pair score and the threshold; it never judges whether a figure is right.
//!
//! ## What is compared
//!
//! Every figure a source states, mapped onto a key or not (a topic with few rules still has
//! figures), is reduced to a *fingerprint*: its value to six significant digits and its unit.
//! The fingerprint knows no words, so a Turkish rewrite of an English story ("863 bin" for
//! "863,000") matches figure for figure. Hedges and periods are left out of the fingerprint on
//! purpose: a rewrite that turns "some 4,000" into "4,000", or moves a figure to another year,
//! is still a copy (and is exactly the kind of copy that produces a false conflict). Periods,
//! keys and wording are counted beside the match and reported, not required.
//!
//! ## The score, and why these thresholds
//!
//! For two sources A and B with distinct fingerprint sets F(A) and F(B):
//!
//! - `shared = |F(A) ∩ F(B)|`, `of = min(|F(A)|, |F(B)|)`;
//! - `containment = shared / of` — the share of the *shorter* source's figures that the other
//!   also states (Broder's containment, the overlap coefficient). Containment, not Jaccard,
//!   because the typical copy is a digest that lifts half of a long story: Jaccard would be
//!   diluted by everything the long story says and the digest leaves out.
//!
//! A pair is a likely copy when either
//!
//! 1. `shared ≥ MIN_SHARED` (4) **and** `containment ≥ MIN_CONTAINMENT` (½): most of the
//!    shorter source's figures also appear, identically, in the other. Independent reports of
//!    one event do share its headline figures (the trade total, the target) — two or three —
//!    but rarely most of their details; the minimum count keeps two short notes that happen to
//!    share their only two figures from being called copies on a sample of two; or
//! 2. `verbatim ≥ 1` **and** `verbatim / of ≥ MIN_CONTAINMENT`: at least half of the shorter
//!    source's figures sit in sentences worded like the other's (word-trigram Jaccard ≥
//!    [`SAME_WORDING`]). Two outlets do not write the same sentence by chance; when they do,
//!    they copy each other or the same press release, and either way it is one origin. This
//!    rule is what catches a short reprint with one or two figures.
//!
//! Pairs join into groups transitively (a reprint of a reprint is the same origin), strongest
//! pair first (containment, then shared figures, then source ids), so a group of n sources
//! lists the n − 1 pairs that joined it. The member published first is named as the likely
//! origin; when members share the date, none is.
//!
//! ## What a print keeps
//!
//! A [`SourcePrint`] is all detection sees of a source, built while its text is at hand, so it
//! must stay small whatever the source's length (a BBC article's is ~500 bytes, at most a few
//! KB). A report holds them as they are up to a budget (2 MB, ~4,000 news articles); past it,
//! it packs them into a temporary file and keeps in memory only the id, a 32-bit key of each
//! fingerprint, a hash and a place (`spill`). A print keeps:
//!
//! - no whole count up to [`SMALL_COUNT`] ("two countries", "three days"): every story has
//!   them, so sharing them is no sign of copying;
//! - each distinct figure as one integer: its unit's hash in the high half, and the sign, six
//!   significant digits and decimal exponent of its value in the low half, exactly as
//!   `{:.5e}` rounds it;
//! - the figures' distinct statements (period, key id hashed, sentence), up to
//!   [`MAX_STATEMENTS`] in all, the first met (a figure past the cap is still counted, with
//!   no statement, so it can match but never in the same period, key or wording);
//! - per distinct sentence (up to [`MAX_SENTENCES`], by figure), its word trigrams hashed
//!   to 32 bits (each folded word hashed once, a trigram's three word hashes mixed; the hash
//!   may change between versions, since prints live only as long as a run) and sorted, of which the
//!   smallest [`SKETCH`] are kept: wording is compared exactly when both sentences have at
//!   most that many trigrams, and otherwise estimated from the smallest [`SKETCH`] hashes of
//!   the union (a bottom-k sketch); and a 64-bit signature of the kept hashes, which rules
//!   out most sentence pairs before their hashes are compared;
//! - at most [`MAX_FIGURES`] distinct figures: a longer source (a statistical table) keeps the
//!   figures whose fingerprints hash lowest, a consistent sample, so two copies of one table
//!   keep the same figures. Its counts in [`CopyPair`] are then counts in the sample.
//!
//! All of it is packed in four allocations: the fingerprints, the sentences' signatures and
//! the distinct key hashes in one, each statement as three byte indices (period, key,
//! sentence) into small sorted tables, and every sketch's hashes in one slice after a 32-bit
//! end (and completeness bit) per sentence. The packing is one-to-one, so equal prints stay
//! equal and every comparison is the one the unpacked print would make.
//!
//! ## How detection scales
//!
//! Sources whose prints are equal (exact reprints) are one *class*, scored once against each
//! other class and once against itself. Both rules need `shared ≥ ½ · of` (rule 2 counts a
//! subset of the shared figures), so the class with fewer figures must have one of its rarest
//! `⌊n/2⌋ + 1` figures in the other: only such pairs are scored (prefix filtering, as in
//! AllPairs and PPJoin). The spanning links are then found a level of equally strong links at a
//! time, as if every source pair of the classes were taken in id order, except that once a
//! class is joined into one set only its first member after the current source can still join
//! anything. n reprints of one story cost O(n log n), not n² pairs. What stays quadratic is a
//! figure so common that it is among the rarest of many sources: a source whose figures are
//! common ones is paired with every source that states them. Those pairs are scored as they
//! are found, never listed, so they cost time, not memory, and most are ruled out by the
//! figures' keys before a print is read. A source with fewer than [`MIN_SHARED`] figures
//! can only be a copy by its wording (rule 2), so its pairs through a common figure are
//! looked up by the figure and the first hashes of its sentences' sketches instead
//! (`worded`, which proves that no copy is missed).
//!
//! Detection reads prints through a `Shelf`: held in memory, or spilled, when the classes
//! and candidates come from the figures' keys in memory (32-bit hashes of the fingerprints)
//! and a print's contents are read back only to tell equal prints apart from a hash
//! collision and to score a candidate pair.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};

use chrono::NaiveDate;
use serde::Serialize;

use super::{CopyGroup, SourceInfo};
use crate::extract::Period;
use crate::normalize::{Claim, Located, Normalized, Unmapped};
use crate::text::lanes::{alphanumerics, HIGH, LOWER};

pub(super) mod spill;
mod worded;

/// Fewest identical figures that can make two sources copies by rule 1.
pub const MIN_SHARED: usize = 4;
/// Share of the shorter source's figures that must recur in the other.
pub const MIN_CONTAINMENT: f64 = 0.5;
/// Word-trigram Jaccard above which two sentences count as the same wording.
pub const SAME_WORDING: f64 = 0.6;
/// Most distinct figures a print keeps (module docs, "What a print keeps").
pub const MAX_FIGURES: usize = 64;
/// Most statements (figure, period, key, sentence) a print keeps in all.
pub const MAX_STATEMENTS: usize = 64;
/// Most distinct sentences a print keeps the wording of.
pub const MAX_SENTENCES: usize = 32;
/// Most trigram hashes kept of one sentence (its bottom-k sketch).
pub const SKETCH: usize = 24;

/// Two sources compared figure by figure, named by `I`: their ids ([`pairs`]), or, in a
/// [`CopyGroup`], their places among the group's members (`u32`).
///
/// A report holds about one pair per copied source, so a group's pair is kept small (16
/// bytes): its sources are places in the group's list of ids, every count is at most a
/// print's [`MAX_FIGURES`], which fits a byte, and the two ratios are worked out from the
/// counts when asked for ([`CopyPair::containment`], [`CopyPair::jaccard`]). It serializes
/// as it did with `String` ids, `usize` counts and the ratios as fields (a group's pair with
/// its members' ids, [`CopyGroup`]'s serialization), so the outputs do not change.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyPair<I = Box<str>> {
    pub a: I,
    pub b: I,
    /// Distinct figures (value and unit) both state.
    pub shared: u8,
    /// Distinct figures of the source that states fewer.
    pub of: u8,
    /// Distinct figures of `a` and of `b`.
    pub figures_a: u8,
    pub figures_b: u8,
    /// Shared figures that both attribute to the same period (or neither dates).
    pub same_period: u8,
    /// Shared figures that the rules map onto the same key in both.
    pub same_key: u8,
    /// Shared figures stated in sentences worded alike.
    pub verbatim: u8,
    /// Whether the pair passes the threshold (module docs).
    pub copy: bool,
}

impl<I> CopyPair<I> {
    /// `shared / of` (0 when `of` is).
    pub fn containment(&self) -> f64 {
        containment(self.shared, self.of)
    }

    /// `shared / |union|`, for reference (0 when the union is empty).
    pub fn jaccard(&self) -> f64 {
        jaccard(self.shared, self.figures_a, self.figures_b)
    }
}

impl Serialize for CopyPair {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_as(&self.a, &self.b, s)
    }
}

impl<I> CopyPair<I> {
    /// The fields in the order the struct had them when the ratios were fields, the sources
    /// named `a` and `b`.
    pub(super) fn serialize_as<S: serde::Serializer>(
        &self,
        a: &str,
        b: &str,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("CopyPair", 12)?;
        out.serialize_field("a", a)?;
        out.serialize_field("b", b)?;
        out.serialize_field("shared", &self.shared)?;
        out.serialize_field("of", &self.of)?;
        out.serialize_field("figures_a", &self.figures_a)?;
        out.serialize_field("figures_b", &self.figures_b)?;
        out.serialize_field("same_period", &self.same_period)?;
        out.serialize_field("same_key", &self.same_key)?;
        out.serialize_field("verbatim", &self.verbatim)?;
        out.serialize_field("containment", &self.containment())?;
        out.serialize_field("jaccard", &self.jaccard())?;
        out.serialize_field("copy", &self.copy)?;
        out.end()
    }
}

/// No sentence kept for a statement (past [`MAX_SENTENCES`]).
const NO_SENTENCE: u32 = u32::MAX;

/// One statement of a figure as a print is built: its period, its key (hashed; 0 when
/// unmapped) and its sentence (an index into the print's sketches). A print keeps it packed
/// in three bytes, indices into the print's tables: its period (0 for none, else one past its
/// place in `periods`), its key (its place among the keys in `wide`) and its sentence
/// ([`NO_PACKED_SENTENCE`] for none). The tables are sorted, so packed statements sort as the
/// statements they stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Statement {
    period: Option<Period>,
    key: u64,
    sentence: u32,
}

/// The packed sentence of a statement that keeps none.
const NO_PACKED_SENTENCE: u8 = u8::MAX;

/// Set in a sentence's entry in `words` when its sketch is all of its trigrams.
const COMPLETE: u32 = 1 << 31;

// Every index a print packs fits a byte (figures, statement ends, periods, keys, sentences).
const _: () = assert!(MAX_FIGURES <= 255 && MAX_STATEMENTS < 255 && MAX_SENTENCES < 255);

/// A sentence's wording: the smallest [`SKETCH`] of its trigram hashes, sorted; `complete`
/// when that is all of them.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Sketch {
    grams: Box<[u32]>,
    complete: bool,
}

#[cfg(test)]
impl Sketch {
    fn wording(&self) -> Wording<'_> {
        Wording {
            grams: &self.grams,
            complete: self.complete,
        }
    }
}

/// A sketch as a print keeps it, borrowed.
#[derive(Debug, Clone, Copy)]
struct Wording<'a> {
    grams: &'a [u32],
    complete: bool,
}

/// Everything a print says except whose it is: two sources with equal contents compare
/// alike with every other source, so detection compares them once. It is packed into four
/// allocations at most, each a canonical function of the figures, statements and sketches,
/// so equal contents are equal here and unequal ones unequal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Contents {
    /// The `figures` fingerprints, sorted and distinct; then each sentence's [`signature`];
    /// then the distinct key hashes of the statements, sorted.
    wide: Vec<u64>,
    /// For each figure, where its statements end; then the statements, three bytes each
    /// ([`Statement`]).
    narrow: Vec<u8>,
    /// The distinct periods of the statements, sorted.
    periods: Vec<Period>,
    /// For each sentence, where its trigram hashes end (and [`COMPLETE`]); then the hashes
    /// of every sentence, one after another, the sentences sorted by sketch.
    words: Vec<u32>,
    figures: u8,
    sentences: u8,
}

/// Hashed by its fingerprints, signatures and key hashes alone, which equal contents share:
/// they are hashes already, so detection's map of classes reads a few words per print instead of
/// every sketch. Prints that differ only in periods or wording (a reworded reprint) hash
/// alike, and each such pair costs one [`Eq`] of the two contents, which is cheap next to
/// hashing every sketch of every print.
impl Hash for Contents {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.wide.hash(state);
    }
}

impl Contents {
    /// From the figures (fingerprints sorted, distinct; `ends[i]` where the statements of
    /// figure `i` end, each figure's sorted and distinct) and the sentences (sorted, distinct).
    fn pack(fps: &[u64], ends: &[u32], statements: &[Statement], sentences: &[Wording]) -> Self {
        let mut keys: Vec<u64> = statements.iter().map(|s| s.key).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut periods: Vec<Period> = statements.iter().filter_map(|s| s.period).collect();
        periods.sort_unstable();
        periods.dedup();
        periods.shrink_to_fit();
        let byte = |n: usize| u8::try_from(n).unwrap_or(u8::MAX);
        let mut narrow = Vec::with_capacity(ends.len() + 3 * statements.len());
        narrow.extend(ends.iter().map(|&e| byte(e as usize)));
        for s in statements {
            let period = s.period.map_or(0, |p| {
                byte(periods.binary_search(&p).map_or(usize::MAX, |i| i + 1))
            });
            let key = byte(keys.binary_search(&s.key).unwrap_or(usize::MAX));
            let sentence = if s.sentence == NO_SENTENCE {
                NO_PACKED_SENTENCE
            } else {
                byte(s.sentence as usize)
            };
            narrow.extend_from_slice(&[period, key, sentence]);
        }
        let mut wide = Vec::with_capacity(fps.len() + sentences.len() + keys.len());
        wide.extend_from_slice(fps);
        wide.extend(sentences.iter().map(|s| signature(s.grams)));
        wide.extend_from_slice(&keys);
        let grams: usize = sentences.iter().map(|s| s.grams.len()).sum();
        let mut words = Vec::with_capacity(sentences.len() + grams);
        let mut end = 0u32;
        for s in sentences {
            end += s.grams.len() as u32;
            words.push(end | if s.complete { COMPLETE } else { 0 });
        }
        for s in sentences {
            words.extend_from_slice(s.grams);
        }
        Contents {
            wide,
            narrow,
            periods,
            words,
            figures: byte(fps.len()),
            sentences: byte(sentences.len()),
        }
    }

    /// The figures' fingerprints, sorted, distinct.
    fn fps(&self) -> &[u64] {
        self.wide.get(..self.figures as usize).unwrap_or_default()
    }

    /// The statements of figure `i`.
    fn statements(&self, i: usize) -> std::slice::ChunksExact<'_, u8> {
        let n = self.figures as usize;
        let end = self.narrow.get(i).map_or(0, |&e| e as usize);
        let start = match i.checked_sub(1) {
            Some(before) => self.narrow.get(before).map_or(end, |&e| e as usize),
            None => 0,
        };
        self.narrow
            .get(n + 3 * start..n + 3 * end)
            .unwrap_or_default()
            .chunks_exact(3)
    }

    /// The key hash at packed index `k` (0 when unmapped or out of range).
    fn key(&self, k: u8) -> u64 {
        self.wide
            .get(self.figures as usize + self.sentences as usize + k as usize)
            .copied()
            .unwrap_or(0)
    }

    /// The period at packed index `p`.
    fn period(&self, p: u8) -> Option<&Period> {
        (p as usize)
            .checked_sub(1)
            .and_then(|i| self.periods.get(i))
    }

    /// The wording of sentence `s`, if the print keeps it.
    fn sentence(&self, s: u8) -> Option<Wording<'_>> {
        let n = self.sentences as usize;
        let s = s as usize;
        if s >= n {
            return None;
        }
        let entry = *self.words.get(s)?;
        let end = (entry & !COMPLETE) as usize;
        let start = match s.checked_sub(1) {
            Some(before) => (self.words.get(before)? & !COMPLETE) as usize,
            None => 0,
        };
        Some(Wording {
            grams: self.words.get(n + start..n + end)?,
            complete: entry & COMPLETE != 0,
        })
    }

    /// The [`signature`] of sentence `s` (0 when the print keeps none).
    fn signature(&self, s: u8) -> u64 {
        if s >= self.sentences {
            return 0;
        }
        self.wide
            .get(self.figures as usize + s as usize)
            .copied()
            .unwrap_or(0)
    }

    /// Bytes the contents hold on the heap.
    fn heap_bytes(&self) -> usize {
        self.wide.len() * 8
            + self.narrow.len()
            + self.periods.len() * std::mem::size_of::<Period>()
            + self.words.len() * 4
    }
}

/// What copy detection keeps of one source. It is built while the source's figures are at
/// hand ([`crate::normalize::normalize`] makes one per source), so a run need not keep every
/// unmapped figure of a large corpus just to find its copies. It is small and bounded (module
/// docs, "What a print keeps").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourcePrint {
    pub source: String,
    contents: Contents,
}

/// A statement met while a print is built: (fingerprint, (period, key hash, sentence id),
/// place met).
type Met = (u64, (Option<Period>, u64, u32), usize);

/// One figure as the print is built from it.
struct Raw<'a> {
    fp: u64,
    period: Option<Period>,
    key: Option<&'a str>,
    sentence: &'a str,
}

impl SourcePrint {
    /// The print of source `source`, from its claims and unmapped figures (a mention of
    /// another source is skipped).
    pub fn of(source: &str, claims: &[Claim], unmapped: &[Unmapped]) -> SourcePrint {
        Self::of_figures(source, claims, unmapped, |at| at.source == source)
    }

    /// [`SourcePrint::of`] when every figure is of `source`, as normalize's are (its id is
    /// not compared with each figure's).
    pub(crate) fn of_own(source: &str, claims: &[Claim], unmapped: &[Unmapped]) -> SourcePrint {
        Self::of_figures(source, claims, unmapped, |_| true)
    }

    fn of_figures(
        source: &str,
        claims: &[Claim],
        unmapped: &[Unmapped],
        mine: impl Fn(&Located) -> bool,
    ) -> SourcePrint {
        let claims = claims.iter().map(|c| (&c.at, Some(c.key.as_str())));
        let unmapped = unmapped.iter().map(|u| (&u.at, None));
        let raw = claims
            .chain(unmapped)
            .filter(|(at, _)| mine(at))
            .filter_map(|(at, key)| {
                Some(Raw {
                    fp: fingerprint(at)?,
                    period: at.mention.period,
                    key,
                    sentence: &at.sentence,
                })
            });
        SourcePrint::build(source, raw)
    }

    fn build<'a>(source: &str, raw: impl Iterator<Item = Raw<'a>>) -> SourcePrint {
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => Self::build_in(&mut scratch, source, raw),
            Err(_) => Self::build_in(&mut Scratch::default(), source, raw),
        })
    }

    fn build_in<'a>(
        scratch: &mut Scratch,
        source: &str,
        raw: impl Iterator<Item = Raw<'a>>,
    ) -> SourcePrint {
        let Scratch {
            ids,
            met,
            fps,
            pool,
            picked,
            taken,
            index,
            ends,
            statements,
            mine,
        } = scratch;
        // Each distinct sentence becomes a small id, so it is compared and sketched once.
        // `ids` maps a sentence's hash to its id; the text is checked, so two sentences
        // with one hash are still told apart.
        ids.clear();
        met.clear();
        let most = raw.size_hint().1.unwrap_or(0).min(1024);
        let mut texts: Vec<&'a str> = Vec::with_capacity(most);
        let mut last: Option<(&'a str, u32)> = None;
        let mut last_key: Option<(&'a str, u64)> = None;
        for (n, r) in raw.enumerate() {
            // The figures of one sentence come together, sharing one quote: most ids are the
            // one before, found without comparing the text.
            let sid = match last {
                Some((text, id)) if std::ptr::eq(text, r.sentence) || text == r.sentence => id,
                _ => intern(ids, &mut texts, r.sentence, fx_hash(r.sentence)),
            };
            last = Some((r.sentence, sid));
            // Figures come in runs of one key too.
            let key = match (r.key, last_key) {
                (None, _) => 0,
                (Some(k), Some((known, hash))) if known == k => hash,
                (Some(k), _) => {
                    let hash = name_hash(k) | 1;
                    last_key = Some((k, hash));
                    hash
                }
            };
            met.push((r.fp, (r.period, key, sid), n));
        }
        // Without repeats, each statement keeping the place it was first met; then by
        // fingerprint, each figure's statements in the order met.
        met.sort_unstable();
        met.dedup_by(|later, first| later.0 == first.0 && later.1 == first.1);
        met.sort_unstable_by_key(|&(fp, _, n)| (fp, n));
        fps.clear();
        fps.extend(met.iter().map(|m| m.0));
        fps.dedup();
        if fps.len() > MAX_FIGURES {
            // A consistent sample: the same figures are kept of every copy of a long table.
            fps.sort_unstable_by_key(|&fp| (mix(fp), fp));
            fps.truncate(MAX_FIGURES);
            fps.sort_unstable();
            met.retain(|m| fps.binary_search(&m.0).is_ok());
        }
        // The first statements met, up to the cap (a figure may be left with none).
        if met.len() > MAX_STATEMENTS {
            let mut order: Vec<usize> = met.iter().map(|m| m.2).collect();
            order.sort_unstable();
            let last = order[MAX_STATEMENTS - 1];
            met.retain(|m| m.2 <= last);
        }
        // The first distinct sentences met by figure, sketched once each: each sketch is a
        // range of `pool`, with its completeness and sentence id.
        pool.clear();
        picked.clear();
        taken.clear();
        taken.resize(texts.len(), false);
        let sketch = |text: &str, pool: &mut Vec<u32>| -> bool {
            WORDS.with(|w| match w.try_borrow_mut() {
                Ok(mut words) => words.sketch(text, pool),
                Err(_) => Words::default().sketch(text, pool),
            })
        };
        for &(_, (_, _, sid), _) in met.iter() {
            if picked.len() == MAX_SENTENCES {
                break;
            }
            if let (Some(seen @ false), Some(text)) =
                (taken.get_mut(sid as usize), texts.get(sid as usize))
            {
                *seen = true;
                let from = pool.len();
                let complete = sketch(text, pool);
                picked.push((from, pool.len(), complete, sid));
            }
        }
        let pool = &*pool;
        let grams = |&(from, to, complete, _): &(usize, usize, bool, u32)| Wording {
            grams: pool.get(from..to).unwrap_or_default(),
            complete,
        };
        // Sentences in a canonical order (by sketch), so that equal sources have equal prints.
        picked.sort_unstable_by(|x, y| {
            let (a, b) = (grams(x), grams(y));
            (a.grams, a.complete, x.3).cmp(&(b.grams, b.complete, y.3))
        });
        index.clear();
        index.resize(texts.len(), NO_SENTENCE);
        let mut sentences: Vec<Wording> = Vec::with_capacity(picked.len());
        for p in picked.iter() {
            let w = grams(p);
            if sentences
                .last()
                .map_or(true, |l| (l.grams, l.complete) != (w.grams, w.complete))
            {
                sentences.push(w);
            }
            if let Some(slot) = index.get_mut(p.3 as usize) {
                *slot = sentences.len() as u32 - 1;
            }
        }
        ends.clear();
        statements.clear();
        let mut said = met.iter().peekable();
        for &fp in fps.iter() {
            mine.clear();
            while let Some((_, (period, key, sid), _)) = said.next_if(|m| m.0 == fp) {
                mine.push(Statement {
                    period: *period,
                    key: *key,
                    sentence: index.get(*sid as usize).copied().unwrap_or(NO_SENTENCE),
                });
            }
            mine.sort_unstable();
            mine.dedup();
            statements.extend_from_slice(mine);
            ends.push(statements.len() as u32);
        }
        let print = SourcePrint {
            source: source.to_string(),
            contents: Contents::pack(fps, ends, statements, &sentences),
        };
        // A thread keeps its lists for the next print, but not the room one huge source made.
        if met.capacity() > Scratch::KEEP {
            *scratch = Scratch::default();
        }
        print
    }

    /// Distinct figures kept.
    pub fn figures(&self) -> usize {
        self.contents.fps().len()
    }

    /// Bytes the print holds, its id included (for the bench and the size bound).
    pub fn heap_bytes(&self) -> usize {
        std::mem::size_of::<SourcePrint>() + self.source.len() + self.contents.heap_bytes()
    }
}

/// The working lists of [`SourcePrint::build`], kept from one print to the next (per
/// thread) so that a print allocates only what it keeps.
#[derive(Default)]
struct Scratch {
    /// Sentence ids by the sentence's [`fx_hash`].
    ids: HashMap<u64, u32, BuildHasherDefault<Fx>>,
    met: Vec<Met>,
    fps: Vec<u64>,
    pool: Vec<u32>,
    picked: Vec<(usize, usize, bool, u32)>,
    taken: Vec<bool>,
    index: Vec<u32>,
    ends: Vec<u32>,
    statements: Vec<Statement>,
    mine: Vec<Statement>,
}

impl Scratch {
    /// Most statements' room a thread keeps between prints.
    const KEEP: usize = 4096;
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// The id of sentence `text` (hashed `hash`) among `texts`, added if new: `ids` maps each
/// hash to the first sentence met with it, and the text is checked, so two sentences with
/// one hash are still told apart (the second is found by a search of `texts`).
fn intern<'a>(
    ids: &mut HashMap<u64, u32, BuildHasherDefault<Fx>>,
    texts: &mut Vec<&'a str>,
    text: &'a str,
    hash: u64,
) -> u32 {
    let next = texts.len() as u32;
    let id = *ids.entry(hash).or_insert(next);
    match texts.get(id as usize) {
        Some(&known) if known == text => id,
        Some(_) => match texts.iter().position(|&t| t == text) {
            Some(at) => at as u32,
            None => {
                texts.push(text);
                next
            }
        },
        None => {
            texts.push(text);
            next
        }
    }
}

/// [`Fx`] of a string, as a map keyed by the string would hash it.
fn fx_hash(s: &str) -> u64 {
    let mut h = Fx::default();
    s.hash(&mut h);
    h.finish()
}

/// A fixed-key hash: the same input hashes alike on every run.
fn hash_of<T: Hash + ?Sized>(x: &T) -> u64 {
    // DefaultHasher::new() has fixed keys.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

thread_local! {
    /// [`hash_of`] of the names prints meet again and again, per thread (see [`name_hash`]).
    static NAMES: std::cell::RefCell<HashMap<Box<str>, u64, BuildHasherDefault<Fx>>> =
        std::cell::RefCell::default();
}

/// [`hash_of`] a name a print meets again and again: a key id or a unit name. Those come
/// from the rules and language files, not from the text, so there are few of them; each is
/// hashed once per thread and looked up after that (past [`MAX_NAMES`] a name is hashed
/// each time, to the same result).
fn name_hash(name: &str) -> u64 {
    NAMES.with(|names| {
        let Ok(mut names) = names.try_borrow_mut() else {
            return hash_of(name);
        };
        if let Some(&h) = names.get(name) {
            return h;
        }
        let h = hash_of(name);
        if names.len() < MAX_NAMES {
            names.insert(name.into(), h);
        }
        h
    })
}

/// Most names [`name_hash`] remembers per thread.
const MAX_NAMES: usize = 4096;

/// [`name_hash`] of a unit's name, the two units without a name of their own read from
/// constants.
fn unit_hash(unit: &crate::extract::Unit) -> u64 {
    use crate::extract::Unit;
    static FIXED: std::sync::OnceLock<[u64; 2]> = std::sync::OnceLock::new();
    let fixed = || FIXED.get_or_init(|| [Unit::Count, Unit::Percent].map(|u| hash_of(u.name())));
    match unit {
        Unit::Count => fixed()[0],
        Unit::Percent => fixed()[1],
        other => name_hash(other.name()),
    }
}

/// FxHash's multiplier.
const FX: u64 = 0x517c_c1b7_2722_0a95;

/// A fixed-seed multiply–rotate hasher (FxHash's step, finished with [`mix`]) for the maps
/// that live while one print is built: deterministic, and a few instructions per 8 bytes
/// where SipHash takes dozens.
#[derive(Default)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            if let Some(&w) = chunk.first_chunk::<8>() {
                self.add(u64::from_le_bytes(w));
            }
        }
        let rest = chunks.remainder();
        let mut w = [0u8; 8];
        if let Some(head) = w.get_mut(..rest.len()) {
            head.copy_from_slice(rest);
        }
        self.add(u64::from_le_bytes(w) ^ (rest.len() as u64) << 60);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        mix(self.0)
    }
}

/// splitmix64's finalizer: spreads a fingerprint's bits for sampling.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Appends the keys of a print's fingerprints to `out`, sorted: each a 32-bit hash of its
/// fingerprint. Candidate generation and the first test of a pair read keys, not fingerprints,
/// because a spilled corpus keeps every print's in memory: half the bytes. Equal fingerprints
/// have equal keys, so two prints share at least as many keys as figures, and a pair the
/// fingerprints would keep is kept; a collision only lets a pair through to be scored on its
/// fingerprints, which the scoring reads from the print itself.
fn figure_keys(fps: &[u64], out: &mut Vec<u32>) {
    let from = out.len();
    out.extend(fps.iter().map(|&fp| {
        let key = (mix(fp) >> 32) as u32;
        #[cfg(test)]
        let key = if COARSE_KEYS.get() { key % 3 } else { key };
        key
    }));
    if let Some(keys) = out.get_mut(from..) {
        keys.sort_unstable();
    }
}

// Tests only: keys that collide for most figures, so that detection is checked where keys
// and fingerprints disagree. Set on the thread that detects.
#[cfg(test)]
thread_local! {
    pub(crate) static COARSE_KEYS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The figure's value to six significant digits, and its unit, as one integer: the unit's
/// hash in the high half, and the sign, six digits and decimal exponent of the value in the
/// low half, exactly (two values share it when `{:.5e}` prints them alike).
/// Whole counts up to this one are in nearly every article ("two countries", "three days",
/// "one of the"): two sources that share them share nothing telling, so they are left out of
/// prints. On 2,225 BBC articles they chained ~570 unrelated stories into one copy group.
pub const SMALL_COUNT: f64 = 10.0;

fn fingerprint(at: &Located) -> Option<u64> {
    let v = at.mention.value.filter(|v| v.is_finite())?;
    let small_count = at.mention.unit == crate::extract::Unit::Count
        && v.fract() == 0.0
        && v.abs() <= SMALL_COUNT;
    if small_count {
        return None;
    }
    Some((unit_hash(&at.mention.unit) >> 32) << 32 | value_code(v)?)
}

#[cfg(test)]
fn fingerprint_of(unit: &str, v: f64) -> Option<u64> {
    Some((hash_of(unit) >> 32) << 32 | value_code(v)?)
}

fn value_code(v: f64) -> Option<u64> {
    whole_value_code(v)
        .or_else(|| fraction_value_code(v))
        .or_else(|| printed_value_code(v))
}

/// Powers of ten that an `f64` holds exactly.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// [`value_code`] of a value between 1e-15 and 1e15 (`3.2`, `0.75`), by floating point: the
/// value scaled to six digits before the point is off its exact decimal expansion by at most
/// half an ulp (~1e-10), so rounding it gives the digits `{:.5e}` prints unless it lies
/// within 1e-6 of a half, or its exponent was misjudged: then `None`, and it is printed.
fn fraction_value_code(v: f64) -> Option<u64> {
    let a = v.abs();
    if !(1e-15..1e15).contains(&a) {
        return None;
    }
    let exp = a.log10().floor() as i32;
    let scaled = match 5 - exp {
        p @ 0.. => a * POW10.get(p as usize)?,
        p => a / POW10.get(p.unsigned_abs() as usize)?,
    };
    if !(100_000.0..999_999.0).contains(&scaled) {
        return None;
    }
    let whole = scaled.floor();
    let half = scaled - whole - 0.5;
    if half.abs() < 1e-6 {
        return None;
    }
    let digits = whole as u64 + u64::from(half > 0.0);
    let neg = u64::from(v.is_sign_negative());
    Some(neg << 31 | (digits & 0xf_ffff) << 11 | ((i64::from(exp) + 1024) as u64 & 0x7ff))
}

/// [`value_code`] read off `{:.5e}` as printed.
fn printed_value_code(v: f64) -> Option<u64> {
    use std::io::Write;
    let mut buf = [0u8; 40];
    let len = {
        let mut w: &mut [u8] = &mut buf;
        write!(w, "{v:.5e}").ok()?;
        40 - w.len()
    };
    let s = std::str::from_utf8(buf.get(..len)?).ok()?;
    let (mantissa, exp) = s.split_once('e')?;
    let digits = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    let exp: i64 = exp.parse().ok()?;
    let neg = u64::from(mantissa.starts_with('-'));
    Some(neg << 31 | (digits & 0xf_ffff) << 11 | ((exp + 1024) as u64 & 0x7ff))
}

/// [`value_code`] of a whole number below 2^53 (most figures), by integer arithmetic instead
/// of formatting: its decimal digits are exact, so rounding them to six, an exact tie to even
/// as `{:.5e}` rounds it, gives the digits and exponent formatting prints. `None` otherwise.
fn whole_value_code(v: f64) -> Option<u64> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if v.fract() != 0.0 || v.abs() >= EXACT {
        return None;
    }
    let neg = u64::from(v.is_sign_negative());
    let n = v.abs() as u64;
    let (digits, exp) = match n.checked_ilog10() {
        None => (0, 0),
        Some(e) if e <= 5 => (n * 10u64.pow(5 - e), e),
        Some(e) => {
            let div = 10u64.pow(e - 5);
            let (q, r) = (n / div, n % div);
            let half = div / 2;
            let q = if r > half || (r == half && q % 2 == 1) {
                q + 1
            } else {
                q
            };
            if q == 1_000_000 {
                (100_000, e + 1)
            } else {
                (q, e)
            }
        }
    };
    Some(neg << 31 | (digits & 0xf_ffff) << 11 | ((i64::from(exp) + 1024) as u64 & 0x7ff))
}

/// Word trigrams of a sentence, case-folded as [`crate::text::fold`] folds, each word hashed
/// by [`word_hash`] and each trigram by [`trigram_hash`], as a bottom-[`SKETCH`] sketch; empty
/// when it has fewer than three words.
#[cfg(test)]
fn sketch_of(sentence: &str) -> Sketch {
    let mut pool = Vec::new();
    let complete = Words::default().sketch(sentence, &mut pool);
    Sketch {
        grams: pool.into(),
        complete,
    }
}

/// Whether each byte is an ASCII letter or digit: a byte of a word, lowercased by setting
/// bit 5 (digits have it set already). [`alphanumerics`] answers it eight bytes at a time.
#[cfg(test)]
const WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Scratch for sketching sentences, reused from one sentence to the next (and, per thread,
/// from one source to the next): the folded words not hashed straight from the one load
/// that read them (longer ones, and those with or ended by a non-ASCII character), one after
/// another, and the trigram hashes. `buf` is written by index and holds
/// stale bytes past the words; the word hash masks them off.
#[derive(Default)]
struct Words {
    buf: Vec<u8>,
    /// A trigram hash as each word ends, the first two (ended by a sentence's first two
    /// words, so not trigrams) included: a sentence's trigrams are `grams[2..]`.
    grams: Vec<u32>,
}

thread_local! {
    static WORDS: std::cell::RefCell<Words> = std::cell::RefCell::default();
}

impl Words {
    /// [`sketch_of`] `sentence`: its kept hashes are appended to `pool`, sorted; whether
    /// they are all of its trigrams is returned.
    fn sketch(&mut self, sentence: &str, pool: &mut Vec<u32>) -> bool {
        // Each word is hashed once, as it is folded, and ends a trigram there.
        self.fold(sentence);
        let grams = self.grams.get_mut(2..).unwrap_or_default();
        if grams.len() > SORT_WHOLE {
            // Only the smallest SKETCH are kept: the SKETCH + 1 smallest are selected and
            // sorted, and when they are distinct the first SKETCH are the kept and there are
            // more (two trigrams of one sentence rarely share a hash; when they do, all are
            // sorted below).
            grams.select_nth_unstable(SKETCH);
            if let Some(head) = grams.get_mut(..=SKETCH) {
                head.sort_unstable();
                if head.windows(2).all(|w| w.first() != w.get(1)) {
                    pool.extend_from_slice(head.get(..SKETCH).unwrap_or_default());
                    return false;
                }
            }
        }
        grams.sort_unstable();
        // Repeated trigrams are rare: counted first (no branch per hash), removed only if any.
        let repeats = grams.windows(2).filter(|w| w.first() == w.get(1)).count();
        let distinct = if repeats == 0 {
            grams.len()
        } else {
            dedup_sorted(grams)
        };
        let kept = distinct.min(SKETCH);
        pool.extend_from_slice(grams.get(..kept).unwrap_or_default());
        distinct <= SKETCH
    }

    /// Makes `buf` hold at least `need` bytes from `at`.
    #[inline]
    fn room(&mut self, at: usize, need: usize) {
        if self.buf.len() < at + need {
            self.buf.resize(at + need + 64, 0);
        }
    }

    /// Folds `sentence` word by word and hashes each word as it ends, and with it the
    /// trigram it closes, into `grams`: a word read whole from one load, as most are, from
    /// that load; any other from `buf`, where its folded bytes are written one after another
    /// ([`Words::end_word`]).
    ///
    /// The sentence is read eight bytes at a time: a load gives the run of ASCII letters and
    /// digits at its start (lowercased, eight bytes at once) and the run of other ASCII
    /// bytes after it (a word's end), so a word and the space after it cost one step.
    /// A non-ASCII character is decoded and folded alone ([`fold_latin`]).
    fn fold(&mut self, sentence: &str) {
        // The list and the last two word hashes are kept in locals while the sentence is
        // read, so that they stay in registers: a field would be stored at every word.
        let mut grams = std::mem::take(&mut self.grams);
        grams.clear();
        // The hashes of the two words before the next (0 before a sentence's first two).
        let mut last = [0u64; 2];
        // Ends a word hashed `h`: the trigram it closes is hashed into `grams`.
        let mut ended = |h: u64| {
            let [a, b] = last;
            grams.push(trigram_hash(a, b, h));
            last = [b, h];
        };
        let bytes = sentence.as_bytes();
        // Every byte twice over, with slack: the ASCII path never grows it.
        self.room(0, 2 * bytes.len() + 16);
        let mut at = 0;
        // Where the word being read starts in `buf`, if one is.
        let mut open = None;
        let mut i = 0;
        'sentence: while i < bytes.len() {
            let mut w = load8(bytes, i);
            let mut word = alphanumerics(w);
            let mut run = (!word & HIGH).trailing_zeros() / 8;
            if open.is_none() {
                // The common steps, in a loop of their own so that they keep their values in
                // registers: no word open, and the load's first `run` bytes (maybe none) are
                // a whole word, with ASCII bytes that are not word bytes after it. The word
                // is hashed from the load; `buf` is not written, since nothing reads the word
                // back from it. Any other load leaves the loop with its `w`, `word`, `run`.
                while run < 8 {
                    let other = (!word & !w & HIGH) >> (8 * run);
                    let gap = (!other & HIGH).trailing_zeros() / 8;
                    if gap == 0 {
                        break;
                    }
                    if run > 0 {
                        // Hashed as [`folded_word_hash`] hashes the word.
                        let mask = (1u64 << (8 * run)) - 1;
                        ended(mix(WORD_SEED ^ ((w | LOWER) & mask)));
                    }
                    i += (run + gap) as usize;
                    if i >= bytes.len() {
                        break 'sentence;
                    }
                    w = load8(bytes, i);
                    word = alphanumerics(w);
                    run = (!word & HIGH).trailing_zeros() / 8;
                }
            }
            if run > 0 {
                if open.is_none() {
                    open = Some(at);
                }
                match self
                    .buf
                    .get_mut(at..)
                    .and_then(|r| r.first_chunk_mut::<8>())
                {
                    Some(out) => *out = (w | LOWER).to_le_bytes(),
                    None => {
                        // Folded letters outgrew the room made at the start.
                        self.room(at, 8);
                        continue;
                    }
                }
                at += run as usize;
                if run == 8 {
                    i += 8;
                    continue;
                }
            }
            // ASCII bytes that are not word bytes, from the end of the run on.
            let other = (!word & !w & HIGH) >> (8 * run);
            let gap = (!other & HIGH).trailing_zeros() / 8;
            i += (run + gap) as usize;
            if gap > 0 {
                // A word opened here with its end in this load took the step above.
                if let Some(start) = open.take() {
                    ended(self.end_word(start, at));
                }
                continue;
            }
            // A two-byte character below LATIN (an accented Latin letter, as most non-ASCII
            // characters here are) whose fold is one character of at most two bytes: its
            // fold's bytes are read from a table, without decoding it or encoding the fold.
            if let Some(&(folded, len, word)) = bytes
                .get(i..)
                .and_then(|r| r.first_chunk::<2>())
                .and_then(|&pair| latin_pair(pair))
            {
                i += 2;
                if word {
                    if open.is_none() {
                        open = Some(at);
                    }
                    self.room(at, 8);
                    if let Some(out) = self.buf.get_mut(at..).and_then(|r| r.first_chunk_mut()) {
                        *out = folded;
                    }
                    at += usize::from(len);
                } else if let Some(start) = open.take() {
                    ended(self.end_word(start, at));
                }
                continue;
            }
            // A non-ASCII character.
            let Some(c) = sentence.get(i..).and_then(|rest| rest.chars().next()) else {
                i += 1;
                continue;
            };
            i += c.len_utf8();
            self.room(at, 16);
            match fold_latin(c) {
                Some((f, true)) => {
                    if open.is_none() {
                        open = Some(at);
                    }
                    at += self.put_char(at, f);
                }
                Some((_, false)) => {
                    if let Some(start) = open.take() {
                        ended(self.end_word(start, at));
                    }
                }
                None => {
                    for f in crate::text::fold_char(c, false) {
                        self.room(at, 8);
                        if f.is_alphanumeric() {
                            if open.is_none() {
                                open = Some(at);
                            }
                            at += self.put_char(at, f);
                        } else if let Some(start) = open.take() {
                            ended(self.end_word(start, at));
                        }
                    }
                }
            }
        }
        if let Some(start) = open {
            ended(self.end_word(start, at));
        }
        self.grams = grams;
    }

    /// The hash of the word `buf[start..at]`, just ended.
    fn end_word(&mut self, start: usize, at: usize) -> u64 {
        // The word's last load reads up to eight bytes past it.
        self.room(at, 8);
        folded_word_hash(&self.buf, start, at)
    }

    /// Writes `c` in UTF-8 at `at` (room for it made beforehand); returns its length.
    #[inline]
    fn put_char(&mut self, at: usize, c: char) -> usize {
        let mut utf8 = [0u8; 4];
        let enc = c.encode_utf8(&mut utf8).as_bytes();
        if let Some(slot) = self.buf.get_mut(at..at + enc.len()) {
            slot.copy_from_slice(enc);
        }
        enc.len()
    }
}

/// Most trigrams a sentence's sketch sorts whole: up to here sorting them all costs less
/// than selecting the smallest [`SKETCH`] first (measured with std's `sort_unstable`, whose
/// small-slice sorts cover up to 32 elements today; if that changes, measure again).
const SORT_WHOLE: usize = 32;
// Past SORT_WHOLE the smallest SKETCH + 1 are selected, which needs that many.
const _: () = assert!(SKETCH < SORT_WHOLE);

/// Moves the distinct values of sorted `v` to its front, in order, and returns their count
/// (`Vec::dedup` on a slice).
fn dedup_sorted(v: &mut [u32]) -> usize {
    let mut n = 0;
    for i in 0..v.len() {
        let x = v[i];
        if n == 0 || v[n - 1] != x {
            v[n] = x;
            n += 1;
        }
    }
    n
}

/// The eight bytes of `bytes` from `i` as a little-endian word, zeros past the end (ASCII,
/// not word bytes, so a word's end).
#[inline(always)]
fn load8(bytes: &[u8], i: usize) -> u64 {
    match bytes.get(i..).and_then(|r| r.first_chunk::<8>()) {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => {
            let mut padded = [0u8; 8];
            let rest = bytes.get(i..).unwrap_or_default();
            if let Some(head) = padded.get_mut(..rest.len()) {
                head.copy_from_slice(rest);
            }
            u64::from_le_bytes(padded)
        }
    }
}

/// Characters below this are folded by [`fold_latin`]'s table.
const LATIN: usize = 0x250;

/// What [`crate::text::fold_char`] (not Turkish) makes of `c` when that is one character,
/// and whether it is alphanumeric (a word's character); `None` for a character past the
/// table or one that folds to several. Read from a table of Latin-1 and Latin Extended-A
/// and -B (the letters of the languages we read), built once from `fold_char` itself.
#[inline]
fn fold_latin(c: char) -> Option<(char, bool)> {
    static TABLE: std::sync::OnceLock<[(char, bool); LATIN]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        std::array::from_fn(|i| {
            let Some(c) = u32::try_from(i).ok().and_then(char::from_u32) else {
                return ('\0', false);
            };
            let mut folds = crate::text::fold_char(c, false);
            match (folds.next(), folds.next()) {
                (Some(f), None) => (f, f.is_alphanumeric()),
                _ => ('\0', false),
            }
        })
    });
    table.get(c as usize).copied().filter(|&(f, _)| f != '\0')
}

/// [`fold_latin`] of the character whose UTF-8 is the two bytes `pair`, as the bytes of its
/// fold (the second unused when the fold is one byte), their count and whether it is
/// alphanumeric; `None` when `pair` is not such a character below [`LATIN`] or its fold is
/// not one character of at most two bytes.
#[inline]
fn latin_pair(pair: [u8; 2]) -> Option<&'static ([u8; 2], u8, bool)> {
    type Entry = ([u8; 2], u8, bool);
    static TABLE: std::sync::OnceLock<[Entry; LATIN]> = std::sync::OnceLock::new();
    let [lead, next] = pair;
    if !(0xc2..=0xdf).contains(&lead) || next & 0xc0 != 0x80 {
        return None;
    }
    let code = usize::from(lead & 0x1f) << 6 | usize::from(next & 0x3f);
    let table = TABLE.get_or_init(|| {
        std::array::from_fn(|i| {
            let fold = u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .and_then(fold_latin);
            match fold {
                Some((f, word)) if f.len_utf8() <= 2 => {
                    let mut utf8 = [0u8; 2];
                    f.encode_utf8(&mut utf8);
                    (utf8, f.len_utf8() as u8, word)
                }
                _ => ([0; 2], 0, false),
            }
        })
    });
    table.get(code).filter(|&&(_, len, _)| len > 0)
}

/// Where a word's hash starts, before its first eight bytes are mixed in.
const WORD_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// The hash of one folded word: each eight bytes of its UTF-8 (the last zero-padded) mixed
/// into the state in turn by [`mix`]. A word never holds a zero byte (NUL is not
/// alphanumeric), so the padding cannot make two words alike, and `mix` is one-to-one, so
/// words of up to eight bytes (most words) never share a hash.
///
/// Sketches live only as long as a run (a spilled print goes to a temporary file), so this
/// hash is free to change between versions: nothing compares sketches made by two builds.
#[cfg(test)]
fn word_hash(word: &str) -> u64 {
    word.as_bytes().chunks(8).fold(WORD_SEED, |h, chunk| {
        let mut padded = [0u8; 8];
        padded[..chunk.len()].copy_from_slice(chunk);
        mix(h ^ u64::from_le_bytes(padded))
    })
}

/// [`word_hash`] of the word `buf[from..to]` (never empty), read eight bytes at a time:
/// `buf` must hold eight bytes past `to` ([`Words::end_word`] makes room), which are masked off.
#[inline(always)]
fn folded_word_hash(buf: &[u8], from: usize, to: usize) -> u64 {
    let mut h = WORD_SEED;
    let mut at = from;
    loop {
        let chunk = buf
            .get(at..)
            .and_then(|r| r.first_chunk::<8>())
            .map_or(0, |c| u64::from_le_bytes(*c));
        let left = to.saturating_sub(at);
        if left <= 8 {
            // `left` is 1 to 8: the bytes of the word's last load that are its own.
            return mix(h ^ (chunk & (u64::MAX >> (64 - 8 * left.max(1)))));
        }
        h = mix(h ^ chunk);
        at += 8;
    }
}

/// A trigram's hash, the top half of its words' hashes mixed: the second turned by 21 bits
/// and the third by 42 before the three are xored, so that "a b c", "c b a" and "b a c"
/// differ (two words swapped cancel out only when their hashes differ by a pattern the turn
/// leaves alone, 4 of 2⁶⁴), and [`mix`] after, so that trigrams sharing words hash as if
/// unrelated, as a bottom-k sketch needs. Like [`word_hash`], free to change between
/// versions.
#[inline(always)]
fn trigram_hash(a: u64, b: u64, c: u64) -> u32 {
    (mix(a ^ b.rotate_left(21) ^ c.rotate_left(42)) >> 32) as u32
}

/// Whether two sentences are worded alike: trigram Jaccard ≥ [`SAME_WORDING`], exact when
/// both sketches are complete, else estimated from the [`SKETCH`] smallest hashes of the union.
///
/// The union is walked in its order, a step per distinct hash, up to the limit: while both
/// sketches have hashes left, a step takes the smaller (both when equal, a shared one); once
/// one is used up, each step takes one of the other's, so those steps are counted at once.
/// At most `m` steps (the shorter sketch, or the limit) can be shared ones, so the walk
/// stops with `false` once more than `⅔ · m` are not: the share is then below ⅗ whatever
/// comes after.
///
/// Never inlined: inlined into `detect` (through [`Alike::check`]) it made `copies::detect`
/// cost ~0.2M more instructions on BBC news (52.06M against 51.83M), and kept apart it
/// shows as its own line in a profile.
#[inline(never)]
fn same_wording(a: Wording, b: Wording) -> bool {
    let (x, y) = (a.grams, b.grams);
    if x.is_empty() || y.is_empty() {
        return false;
    }
    let limit = if a.complete && b.complete {
        usize::MAX
    } else {
        SKETCH
    };
    // Steps left before the limit, and misses before the share is out of reach.
    let mut steps = limit;
    let mut misses = 2 * x.len().min(y.len()).min(limit) / 3;
    let (mut xs, mut ys, mut both) = (x, y, 0usize);
    while let ([p, xr @ ..], [q, yr @ ..]) = (xs, ys) {
        if steps == 0 {
            break;
        }
        steps -= 1;
        if p == q {
            both += 1;
            xs = xr;
            ys = yr;
            continue;
        }
        if misses == 0 {
            return false;
        }
        misses -= 1;
        if p < q {
            xs = xr;
        } else {
            ys = yr;
        }
    }
    let seen = (limit - steps) + (xs.len() + ys.len()).min(steps);
    seen > 0 && both as f64 / seen as f64 >= SAME_WORDING
}

/// Bits of a [`signature`] that hold its hashes; the six above them hold its crowding.
const SIG_BITS: u32 = 58;

/// A sentence's signature: of each hash `h` of its sketch, bit `⌊(h mod 2¹⁶) · 58 / 2¹⁶⌋`
/// set; and in the six bits above, how many of its hashes found their bit set already (its
/// crowded hashes; 63 for 63 or more). Two sketches' signatures bound how many hashes they
/// share ([`may_be_alike`]).
fn signature(grams: &[u32]) -> u64 {
    let bits = grams.iter().fold(0u64, |sig, &h| {
        sig | 1 << ((u64::from(h & 0xffff) * u64::from(SIG_BITS)) >> 16)
    });
    let crowded = grams
        .len()
        .saturating_sub(bits.count_ones() as usize)
        .min(63);
    bits | (crowded as u64) << SIG_BITS
}

/// Whether two sketches with signatures `sa` and `sb` may be worded alike: `false` only
/// when [`same_wording`] is `false`, told in a few instructions where the walk takes a
/// few hundred (most sentence pairs compared are not alike).
///
/// A hash both keep sets its bit in both signatures, so the shared hashes are at most the
/// bits both have plus the crowded hashes of either sketch (a crowded hash shares its bit
/// with another of its sketch's). The walk counts at most those as shared, and sees at least
/// the longer sketch (up to its limit): when the two bound the share below [`SAME_WORDING`],
/// the walk cannot reach it (division rounds monotonically, so the bound holds as computed).
fn may_be_alike(a: Wording, sa: u64, b: Wording, sb: u64) -> bool {
    let (lx, ly) = (a.grams.len(), b.grams.len());
    let limit = if a.complete && b.complete {
        usize::MAX
    } else {
        SKETCH
    };
    let seen = lx.max(ly).min(limit);
    // 63 counts 63 or more: no bound.
    let crowded = |sig: u64| match sig >> SIG_BITS {
        63 => usize::MAX,
        n => n as usize,
    };
    let both = (sa & sb & ((1 << SIG_BITS) - 1)).count_ones() as usize;
    let shared = both
        .saturating_add(crowded(sa).min(crowded(sb)))
        .min(lx)
        .min(ly);
    seen > 0 && shared as f64 / seen as f64 >= SAME_WORDING
}

/// The prints of `all` (taken out of it), one per source: those normalize made, and for a
/// source that has figures but no print (a `Normalized` built by hand, as tests do), one made
/// here.
pub fn prints(all: &mut Normalized) -> Vec<SourcePrint> {
    // Taken, not cloned: on a large corpus the prints are most of what a run keeps. Sorted
    // in place by id rather than keyed by a copy of it; of two prints of one id the later
    // stays, as a map's insert would keep it.
    let mut out = std::mem::take(&mut all.prints);
    out.sort_by(|a, b| a.source.cmp(&b.source));
    out.dedup_by(|later, kept| {
        let same = later.source == kept.source;
        if same {
            std::mem::swap(later, kept);
        }
        same
    });
    let known = out.len();
    let has = |id: &str| {
        out.get(..known)
            .unwrap_or_default()
            .binary_search_by(|p| p.source.as_str().cmp(id))
            .is_ok()
    };
    let missing = unprinted(
        all.claims
            .iter()
            .map(|c| c.at.source.as_str())
            .chain(all.unmapped.iter().map(|u| u.at.source.as_str())),
        has,
    );
    // `of` keeps only the figures of `id`.
    let made: Vec<SourcePrint> = missing
        .into_iter()
        .map(|id| SourcePrint::of(id, &all.claims, &all.unmapped))
        .collect();
    if !made.is_empty() {
        out.extend(made);
        out.sort_by(|a, b| a.source.cmp(&b.source));
    }
    out.retain(|p| !p.contents.fps().is_empty());
    out
}

/// The ids of sources that stated a figure (`stated`) but sent no print (`printed` says
/// which did), sorted, each once: detection makes their prints from their figures, held
/// ([`prints`]) or spilled (`spill::Spill::detect`) alike.
fn unprinted<'a>(
    stated: impl Iterator<Item = &'a str>,
    printed: impl Fn(&str) -> bool,
) -> Vec<&'a str> {
    let mut ids: Vec<&str> = stated.filter(|id| !printed(id)).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn compare(a: &str, fa: &Contents, b: &str, fb: &Contents) -> CopyPair {
    score(fa, fb, &mut Alike::new()).pair(a.into(), b.into())
}

/// A pair's counts without the source ids: what detection keeps of a link while it looks
/// for the spanning ones, so its working lists hold no strings. Every count is at most a
/// print's figures, which fit a byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Score {
    shared: u8,
    of: u8,
    figures_a: u8,
    figures_b: u8,
    same_period: u8,
    same_key: u8,
    verbatim: u8,
}

impl Score {
    fn containment(&self) -> f64 {
        containment(self.shared, self.of)
    }

    fn copy(&self) -> bool {
        let (shared, small, verbatim) = (
            usize::from(self.shared),
            usize::from(self.of),
            usize::from(self.verbatim),
        );
        (shared >= MIN_SHARED && self.containment() >= MIN_CONTAINMENT)
            || (verbatim >= 1 && small > 0 && verbatim as f64 / small as f64 >= MIN_CONTAINMENT)
    }

    /// The pair of sources `a` and `b` with these counts.
    fn pair<I>(&self, a: I, b: I) -> CopyPair<I> {
        CopyPair {
            a,
            b,
            shared: self.shared,
            of: self.of,
            figures_a: self.figures_a,
            figures_b: self.figures_b,
            same_period: self.same_period,
            same_key: self.same_key,
            verbatim: self.verbatim,
            copy: self.copy(),
        }
    }
}

/// `shared / of` (0 when `of` is).
fn containment(shared: u8, of: u8) -> f64 {
    if of == 0 {
        0.0
    } else {
        f64::from(shared) / f64::from(of)
    }
}

/// `shared / |union|` of two sources with `na` and `nb` distinct figures (0 when the union is
/// empty).
fn jaccard(shared: u8, na: u8, nb: u8) -> f64 {
    let union = (usize::from(na) + usize::from(nb)).saturating_sub(usize::from(shared));
    if union == 0 {
        0.0
    } else {
        f64::from(shared) / union as f64
    }
}

/// Which sentence pairs of two prints are worded alike, each pair compared once: the same
/// two sentences stand behind several shared figures (and several statements of one), and
/// [`same_wording`] is most of a pair's score.
struct Alike {
    /// Bit `j` of row `i`: sentences `i` of the first print and `j` of the second compared.
    known: [u32; MAX_SENTENCES],
    /// Bit `j` of row `i`: and worded alike.
    alike: [u32; MAX_SENTENCES],
}

// A row of [`Alike`] holds one bit per sentence of the second print.
const _: () = assert!(MAX_SENTENCES <= 32);

impl Alike {
    fn new() -> Self {
        Alike {
            known: [0; MAX_SENTENCES],
            alike: [0; MAX_SENTENCES],
        }
    }

    /// [`same_wording`] of sentence `x` of `fa` and `y` of `fb` (false when either keeps none).
    fn check(&mut self, fa: &Contents, x: u8, fb: &Contents, y: u8) -> bool {
        let bit = 1u32.checked_shl(u32::from(y)).unwrap_or(0);
        let (Some(known), Some(alike)) = (
            self.known.get_mut(usize::from(x)),
            self.alike.get_mut(usize::from(x)),
        ) else {
            return Self::compare(fa, x, fb, y);
        };
        if bit == 0 {
            return Self::compare(fa, x, fb, y);
        }
        if *known & bit == 0 {
            *known |= bit;
            if Self::compare(fa, x, fb, y) {
                *alike |= bit;
            }
        }
        *alike & bit != 0
    }

    fn compare(fa: &Contents, x: u8, fb: &Contents, y: u8) -> bool {
        match (fa.sentence(x), fb.sentence(y)) {
            (Some(p), Some(q)) => {
                may_be_alike(p, fa.signature(x), q, fb.signature(y)) && same_wording(p, q)
            }
            _ => false,
        }
    }
}

/// The pair's [`Score`] when it is a copy, `None` when it is not, deciding before it counts:
/// a pair sharing fewer than half the shorter print's figures passes neither rule (rule 2
/// counts a subset of the shared figures), which the fingerprints alone tell; one that
/// shares half and at least [`MIN_SHARED`] passes rule 1; the rest pass only rule 2, which
/// compares wording until enough shared figures are worded alike (or too few can be).
/// Only a copy's periods and keys are compared, and the sentence pairs rule 2 compared are
/// not compared again.
fn copy_score(fa: &Contents, fb: &Contents) -> Option<Score> {
    let (xf, yf) = (fa.fps(), fb.fps());
    let of = xf.len().min(yf.len());
    let shared = shared_figures(xf, yf);
    if !may_be_copies(shared, of) {
        return None;
    }
    let mut alike = Alike::new();
    if shared < MIN_SHARED {
        // Rule 2: at least one shared figure, and half the shorter print's, worded alike.
        let need = of.div_ceil(2).max(1);
        let (mut left, mut verbatim) = (shared, 0);
        for (i, j) in shared_at(xf, yf) {
            if verbatim >= need || verbatim + left < need {
                break;
            }
            left -= 1;
            let worded = fa
                .statements(i)
                .any(|x| fb.statements(j).any(|y| alike.check(fa, x[2], fb, y[2])));
            verbatim += usize::from(worded);
        }
        if verbatim < need {
            return None;
        }
    }
    Some(score(fa, fb, &mut alike)).filter(Score::copy)
}

/// Whether two prints that share `shared` figures, the shorter having `of`, can pass either
/// rule: both need half the shorter print's figures shared (rule 2 counts a subset of them).
fn may_be_copies(shared: usize, of: usize) -> bool {
    2 * shared >= of
}

/// How many values two sorted lists share (each value of one paired with at most one equal
/// value of the other).
fn shared_figures<T: Ord>(xf: &[T], yf: &[T]) -> usize {
    shared_at(xf, yf).count()
}

/// Where two sorted lists hold the same value: (index in `xf`, index in `yf`), in order, each
/// index once. The one merge walk that pairs two prints' figures.
fn shared_at<'a, T: Ord>(xf: &'a [T], yf: &'a [T]) -> impl Iterator<Item = (usize, usize)> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while let (Some(x), Some(y)) = (xf.get(i), yf.get(j)) {
            let at = (i, j);
            i += usize::from(x <= y);
            j += usize::from(y <= x);
            if x == y {
                return Some(at);
            }
        }
        None
    })
}

/// The pair's [`Score`]; `alike` holds the sentence pairs of `fa` and `fb` already compared
/// (none, or those [`copy_score`]'s rule 2 compared), so none is compared twice.
fn score(fa: &Contents, fb: &Contents, alike: &mut Alike) -> Score {
    let mut shared = 0u8;
    let mut same_period = 0u8;
    let mut same_key = 0u8;
    let mut verbatim = 0u8;
    let (xf, yf) = (fa.fps(), fb.fps());
    for (i, j) in shared_at(xf, yf) {
        let (xs, ys) = (fa.statements(i), fb.statements(j));
        shared += 1;
        // Whether any statement of the one and any of the other agree on each count.
        let (mut period, mut key, mut wording) = (false, false, false);
        for x in xs {
            for y in ys.clone() {
                let (&[px, kx, sx], &[py, ky, sy]) = (x, y) else {
                    continue;
                };
                period = period || fa.period(px) == fb.period(py);
                key = key || {
                    let k = fa.key(kx);
                    k != 0 && k == fb.key(ky)
                };
                wording = wording || alike.check(fa, sx, fb, sy);
            }
        }
        same_period += u8::from(period);
        same_key += u8::from(key);
        verbatim += u8::from(wording);
    }
    // A print keeps at most 255 figures (`Contents::figures` is a byte).
    let count = |n: usize| u8::try_from(n).unwrap_or(u8::MAX);
    let (na, nb) = (count(xf.len()), count(yf.len()));
    Score {
        shared,
        of: na.min(nb),
        figures_a: na,
        figures_b: nb,
        same_period,
        same_key,
        verbatim,
    }
}

/// [`score`] of a print with itself, read off its statements alone: every statement agrees
/// with itself on its period, on its key when it has one and on its wording when its
/// sentence keeps any trigram, and two statements can agree only where each would with
/// itself.
fn self_score(c: &Contents) -> Score {
    let n = u8::try_from(c.fps().len()).unwrap_or(u8::MAX);
    let (mut same_period, mut same_key, mut verbatim) = (0u8, 0u8, 0u8);
    for i in 0..c.fps().len() {
        let (mut period, mut key, mut wording) = (false, false, false);
        for s in c.statements(i) {
            let &[_, k, sentence] = s else {
                continue;
            };
            period = true;
            key = key || c.key(k) != 0;
            wording = wording || c.sentence(sentence).is_some_and(|w| !w.grams.is_empty());
        }
        same_period += u8::from(period);
        same_key += u8::from(key);
        verbatim += u8::from(wording);
    }
    Score {
        shared: n,
        of: n,
        figures_a: n,
        figures_b: n,
        same_period,
        same_key,
        verbatim,
    }
}

/// Every pair of sources that shares at least one figure, in order of source ids. This is
/// for looking at the scores (tests do); [`detect`] does not list every pair, which on a
/// large corpus of reprints would be quadratic.
pub fn pairs(prints: &[SourcePrint]) -> Vec<CopyPair> {
    let figs: BTreeMap<&str, &Contents> = prints
        .iter()
        .map(|p| (p.source.as_str(), &p.contents))
        .collect();
    let mut holders: BTreeMap<u64, Vec<&str>> = BTreeMap::new();
    for (id, f) in &figs {
        for &fp in f.fps() {
            holders.entry(fp).or_default().push(id);
        }
    }
    let mut candidates: BTreeSet<(&str, &str)> = BTreeSet::new();
    for ids in holders.values() {
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                candidates.insert(if a < b { (a, b) } else { (b, a) });
            }
        }
    }
    candidates
        .into_iter()
        .map(|(a, b)| compare(a, figs[a], b, figs[b]))
        .collect()
}

/// The prints detection reads, by index, sorted by source id, one per id and none without
/// figures: held in memory ([`Held`]), or with their bulk in a temporary file
/// (`Shelved`, in `spill`), where only the ids and fingerprints that candidate generation reads
/// stay in memory and the rest is read back when a pair is scored or a class is formed.
trait Shelf {
    fn len(&self) -> usize;
    fn id(&self, i: usize) -> &str;
    /// Print `i`'s [`figure_keys`].
    fn keys(&self, i: usize) -> &[u32];
    /// A hash of print `i`'s contents: equal contents hash alike.
    fn hash(&self, i: usize) -> u64;
    /// Whether prints `i` and `j` have equal contents.
    fn same(&self, i: usize, j: usize) -> bool;
    /// Print `i`'s contents: the print itself when it is held, else read into `buf` (unless
    /// `buf` holds them already); `None` if they cannot be read back, when detection makes
    /// no link that needs them.
    fn contents<'a>(&'a self, i: usize, buf: &'a mut Loaded) -> Option<&'a Contents>;
}

/// A print read back from a spill, and the buffers it was read with, reused from one to the
/// next so that scoring a pair allocates nothing.
#[derive(Default)]
struct Loaded {
    /// Which print of the shelf `contents` holds, if any.
    print: Option<usize>,
    contents: Contents,
    bytes: Vec<u8>,
}

/// Prints in memory, as a shelf: those with figures, by id, the first of each id, and their
/// figures' keys back to back (print `i`'s from `key_at[i]` to `key_at[i + 1]`).
struct Held<'a> {
    prints: Vec<&'a SourcePrint>,
    keys: Vec<u32>,
    key_at: Vec<usize>,
}

impl<'a> Held<'a> {
    fn new(prints: &'a [SourcePrint]) -> Self {
        let mut sorted: Vec<&SourcePrint> = prints
            .iter()
            .filter(|p| !p.contents.fps().is_empty())
            .collect();
        sorted.sort_by(|a, b| a.source.cmp(&b.source));
        sorted.dedup_by(|a, b| a.source == b.source);
        let mut keys = Vec::with_capacity(sorted.iter().map(|p| p.contents.fps().len()).sum());
        let mut key_at = Vec::with_capacity(sorted.len() + 1);
        key_at.push(0);
        for p in &sorted {
            figure_keys(p.contents.fps(), &mut keys);
            key_at.push(keys.len());
        }
        Held {
            prints: sorted,
            keys,
            key_at,
        }
    }

    fn print(&self, i: usize) -> &'a SourcePrint {
        self.prints[i]
    }
}

impl Shelf for Held<'_> {
    fn len(&self) -> usize {
        self.prints.len()
    }
    fn id(&self, i: usize) -> &str {
        &self.print(i).source
    }
    fn keys(&self, i: usize) -> &[u32] {
        &self.keys[self.key_at[i]..self.key_at[i + 1]]
    }
    fn hash(&self, i: usize) -> u64 {
        let mut h = Fx::default();
        self.print(i).contents.hash(&mut h);
        h.finish()
    }
    fn same(&self, i: usize, j: usize) -> bool {
        self.print(i).contents == self.print(j).contents
    }
    fn contents<'a>(&'a self, i: usize, _: &'a mut Loaded) -> Option<&'a Contents> {
        Some(&self.print(i).contents)
    }
}

/// Sources whose prints are equal, compared as one.
struct Class<'a> {
    /// Members as places on the shelf, ascending (so in id order).
    members: Vec<u32>,
    /// The first member's place on the shelf, and its figures' keys.
    print: usize,
    keys: &'a [u32],
}

/// The sources grouped by equal contents; classes ordered by their first member.
fn classes<S: Shelf>(shelf: &S) -> Vec<Class<'_>> {
    // Classes by their contents' hash; prints that hash alike are compared whole. `by` holds
    // the last class of each hash, and `before` each class's previous one of its hash.
    let mut by: HashMap<u64, usize, BuildHasherDefault<Fx>> = HashMap::default();
    let mut before: Vec<Option<usize>> = Vec::new();
    let mut out: Vec<Class> = Vec::new();
    for i in 0..shelf.len() {
        let hash = shelf.hash(i);
        let mut at = by.get(&hash).copied();
        while let Some(c) = at.filter(|&c| !shelf.same(out[c].print, i)) {
            at = before.get(c).copied().flatten();
        }
        match at {
            Some(c) => out[c].members.push(i as u32),
            None => {
                before.push(by.insert(hash, out.len()));
                out.push(Class {
                    members: vec![i as u32],
                    print: i,
                    keys: shelf.keys(i),
                });
            }
        }
    }
    out
}

/// Every class's figure keys as (key, class), sorted: the classes stating each key are one
/// run of the list, ascending. 8 bytes a key; numbering the keys in a map first cost ~20
/// more, which on a corpus of distinct prints is most of detection's peak.
struct Stated(Vec<(u32, u32)>);

impl Stated {
    fn new(classes: &[Class]) -> Self {
        let total: usize = classes.iter().map(|c| c.keys.len()).sum();
        let mut stated: Vec<(u32, u32)> = Vec::with_capacity(total);
        for (i, c) in classes.iter().enumerate() {
            stated.extend(c.keys.iter().map(|&key| (key, i as u32)));
        }
        stated.sort_unstable();
        Stated(stated)
    }

    /// Where the run of `key` begins, and how long it is.
    fn run(&self, key: u32) -> (usize, usize) {
        let from = self.0.partition_point(|&(k, _)| k < key);
        let len = self
            .0
            .get(from..)
            .map_or(0, |r| r.partition_point(|&(k, _)| k == key));
        (from, len)
    }

    /// The classes of the run that begins at `from` and is `len` long, ascending.
    fn classes(&self, from: usize, len: usize) -> impl Iterator<Item = usize> + '_ {
        let run = self.0.get(from..from + len).unwrap_or_default();
        run.iter().map(|&(_, j)| j as usize)
    }

    /// The prefix of a class with figure keys `keys`: its rarest `⌊n/2⌋ + 1` keys, as (run
    /// length, key, run start), rarest first, in `out`.
    fn rarest(&self, keys: &[u32], out: &mut Vec<(usize, u32, usize)>) {
        out.clear();
        out.extend(keys.iter().map(|&key| {
            let (from, len) = self.run(key);
            (len, key, from)
        }));
        out.sort_unstable();
        out.truncate(keys.len() / 2 + 1);
    }
}

/// A class's figure keys as bits of a 1024-bit map, by their low ten bits: the keys of
/// another class that fall on set bits are at least the keys the two share (each shared key
/// of the other falls on its own bit), so they bound [`shared_figures`] from above, at a test
/// a key where the merge walk takes a few steps. Most pairs through a common figure share
/// too few keys to be copies, and are ruled out so.
#[derive(Default)]
struct KeyBits([u64; 16]);

impl KeyBits {
    /// Holds `keys` alone.
    fn set(&mut self, keys: &[u32]) {
        self.0 = [0; 16];
        for &k in keys {
            if let Some(word) = self.0.get_mut((k as usize >> 6) & 15) {
                *word |= 1 << (k & 63);
            }
        }
    }

    /// How many of `keys` fall on set bits: at least how many of them the keys held share.
    fn bound(&self, keys: &[u32]) -> usize {
        keys.iter()
            .filter(|&&k| {
                let word = self
                    .0
                    .get((k as usize >> 6) & 15)
                    .copied()
                    .unwrap_or(u64::MAX);
                word >> (k & 63) & 1 != 0
            })
            .count()
    }
}

/// Pairs of classes that may be copies, each once as `(smaller, larger)` by index: both rules
/// need `shared ≥ ½ · of` (rule 2 counts a subset of the shared figures), so the class with
/// fewer figures must have one of its rarest `⌊n/2⌋ + 1` figures in the other (prefix
/// filtering, as in AllPairs and PPJoin).
///
/// A class with fewer than [`MIN_SHARED`] figures can be a copy only by rule 2; when one of
/// its prefix figures is common, its pairs are only those that the wording of its figures'
/// sentences also finds ([`worded::pairs`], whose docs say why no copy is missed), not every
/// class that states one of them: on 44,119 news articles whose figures differ from copy to
/// copy, those were 3.7 million of the 4.1 million pairs read back and scored, and 20,000
/// of them copies.
///
/// Each pair goes to `take` as it is found, and is not kept: a figure common among small
/// sources makes many pairs (8 to 17 million, a list of 268 MB at its last doubling, on the
/// same articles), and detection scores each once. Those found by figures come in order of
/// their first class; then those found by wording, with both contents, which were read to
/// find them.
fn candidates<S: Shelf>(shelf: &S, classes: &[Class], take: impl FnMut(usize, usize, AtHand)) {
    #[cfg(test)]
    if let Some(w) = worded::KNOBS.get() {
        return candidates_with(shelf, classes, w, take);
    }
    candidates_with(shelf, classes, worded::Knobs::RUN, take)
}

/// The contents of a candidate pair's two classes, when they were read to find it.
type AtHand<'a> = Option<(&'a Contents, &'a Contents)>;

/// [`candidates`], a small class's pairs found by wording when one of its prefix keys is
/// stated by more than `knobs.common` classes (never when it is `usize::MAX`).
fn candidates_with<S: Shelf>(
    shelf: &S,
    classes: &[Class],
    knobs: worded::Knobs,
    mut take: impl FnMut(usize, usize, AtHand),
) {
    let stated = Stated::new(classes);
    let size = |i: usize| classes[i].keys.len();
    // The last class `i` that took each class as a candidate.
    let mut stamp = vec![u32::MAX; classes.len()];
    let mut rare: Vec<(usize, u32, usize)> = Vec::new();
    let mut bits = KeyBits::default();
    // The classes whose pairs are found by wording, as bits: decided here, once, so that the
    // two ways of finding pairs split the classes between them exactly.
    let mut by_wording = vec![0u64; classes.len().div_ceil(64)];
    for (i, c) in classes.iter().enumerate() {
        let n = c.keys.len();
        stated.rarest(c.keys, &mut rare);
        if worded::by_wording(n, &rare, knobs.common) {
            if let Some(word) = by_wording.get_mut(i / 64) {
                *word |= 1 << (i % 64);
            }
            continue;
        }
        bits.set(c.keys);
        for &(len, _, from) in rare.iter() {
            for j in stated.classes(from, len) {
                if (size(j), j) <= (n, i) || stamp[j] == i as u32 {
                    continue;
                }
                stamp[j] = i as u32;
                // `of` is `n`, and too few keys shared rule the pair out before a call.
                if may_be_copies(bits.bound(classes[j].keys), n) {
                    take(i, j, None);
                }
            }
        }
    }
    drop(stamp);
    worded::pairs(
        shelf,
        classes,
        &by_wording,
        &stated,
        knobs.block,
        |i, j, fi, fj| take(i, j, Some((fi, fj))),
    );
}

/// A copy link between two classes (or a class and itself), scored once.
struct Link {
    x: usize,
    y: usize,
    score: Score,
}

/// A link of the spanning forest: source indices `a < b` and the pair's counts with `a`'s
/// figures first.
struct Span {
    a: u32,
    b: u32,
    score: Score,
}

/// Union–find over source indices (places on the shelf, which fit 32 bits as class members
/// do: 4 bytes a source, for every source with figures).
struct Sets(Vec<u32>);

impl Sets {
    fn new(n: usize) -> Self {
        Sets((0..n as u32).collect())
    }
    fn find(&mut self, x: usize) -> usize {
        let mut x = x as u32;
        while self.0[x as usize] != x {
            let up = self.0[self.0[x as usize] as usize];
            self.0[x as usize] = up;
            x = up;
        }
        x as usize
    }
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        self.0[ra.max(rb)] = ra.min(rb) as u32;
        true
    }
}

/// The copy groups of a corpus a report gathered ([`super::Gathering`]), whether its prints
/// stayed held (taken into `all`, as [`prints`] reads them, and given to [`detect`]) or
/// spilled ([`spill::Spill::detect`]); and the error that left detection short of some links,
/// if spilled prints could not be read back.
///
/// Never inlined: `scripts/report-instructions.sh` counts copy detection as this function,
/// the one both ways go through.
#[inline(never)]
pub(super) fn detect_gathered(
    table: &super::SourceTable,
    sources: &[SourceInfo],
    mut gathered: spill::Spill,
    all: &mut Normalized,
) -> (Vec<CopyGroup>, Option<std::io::Error>) {
    match gathered.take_held() {
        Some(held) => {
            all.prints = held;
            let mut prints = prints(all);
            prints.shrink_to_fit();
            (detect(sources, &prints), None)
        }
        None => gathered.detect(table, sources, &all.claims),
    }
}

/// Likely copies among the sources, grouped transitively. Groups are sorted by their first
/// source id; each names its likely origin (the member published first, if only one was).
///
/// The result is what joining every copy pair, strongest first (containment, then shared
/// figures, then ids), would give, but sources with equal prints are scored once as a class
/// and the spanning links are found class by class, so n reprints of a story cost O(n log n),
/// not n² pairs. The working lists hold indices and counts, no ids, and are dropped before
/// the groups are built, so the groups are the only copy of the ids they name.
pub fn detect(sources: &[SourceInfo], prints: &[SourcePrint]) -> Vec<CopyGroup> {
    detect_on(sources, &Held::new(prints))
}

/// [`detect`] on a shelf of prints.
fn detect_on<S: Shelf>(sources: &[SourceInfo], shelf: &S) -> Vec<CopyGroup> {
    let linked = link(shelf);
    let names = linked.names(|i| shelf.id(i));
    name_groups(sources, linked, names)
}

/// What detection keeps of a shelf once its links are found: the linked sources, numbered by
/// their places on the shelf (which is sorted by id, one print per id), and the spanning
/// links. The shelf can go before the groups are built from it ([`name_groups`]), once its
/// sources are named ([`Linked::names`]): spilled, it is the largest thing a report holds
/// per source.
struct Linked {
    /// (root, source) of each linked source, sorted: the members of each group in id order,
    /// the root being a group's smallest member.
    members: Vec<(u32, u32)>,
    /// The spanning links, by their group's root, strongest first within a group.
    spanning: Vec<Span>,
}

impl Linked {
    /// The ids of each group's members, in order, `id` naming a place on the shelf: each
    /// allocated once, a `Box` (its pairs name it by place, so no count of owners is kept
    /// beside it: 16 bytes a linked source), and in the group's own list, so that no list of
    /// every linked id outlives the groups.
    fn names<'s>(&self, id: impl Fn(usize) -> &'s str) -> Vec<Vec<Box<str>>> {
        let group = |g: &[(u32, u32)]| g.iter().map(|&(_, i)| Box::from(id(i as usize))).collect();
        self.members
            .chunk_by(|p, q| p.0 == q.0)
            .map(group)
            .collect()
    }
}

/// The spanning links among the prints of `shelf` (module docs, "How detection scales").
/// The working lists hold places on the shelf and counts, no ids.
fn link<S: Shelf>(shelf: &S) -> Linked {
    let classes = classes(shelf);
    let mut links: Vec<Link> = Vec::new();
    // Prints read back, the last of a candidate's two sides each.
    let (mut bx, mut by) = (Loaded::default(), Loaded::default());
    for (x, c) in classes.iter().enumerate() {
        if c.members.len() >= 2 {
            let Some(contents) = shelf.contents(c.print, &mut bx) else {
                continue;
            };
            let score = self_score(contents);
            if score.copy() {
                links.push(Link { x, y: x, score });
            }
        }
    }
    // Candidates come by their first class, so its contents are read once for its pairs.
    candidates(shelf, &classes, |x, y, read| {
        let read = read.or_else(|| {
            // Told from the figures' keys, which are at hand, before a print is read.
            let (xf, yf) = (classes[x].keys, classes[y].keys);
            if !may_be_copies(shared_figures(xf, yf), xf.len().min(yf.len())) {
                return None;
            }
            Some((
                shelf.contents(classes[x].print, &mut bx)?,
                shelf.contents(classes[y].print, &mut by)?,
            ))
        });
        let Some((fx, fy)) = read else {
            return;
        };
        if let Some(score) = copy_score(fx, fy) {
            links.push(Link { x, y, score });
        }
    });
    // Strongest first; links of equal strength form one level.
    links.sort_by(|p, q| {
        q.score
            .containment()
            .total_cmp(&p.score.containment())
            .then(q.score.shared.cmp(&p.score.shared))
    });
    // Sources are places on the shelf, so in id order, and each is in one class.
    let mut class_of = vec![0u32; shelf.len()];
    for (x, c) in classes.iter().enumerate() {
        for &m in &c.members {
            class_of[m as usize] = x as u32;
        }
    }
    let mut sets = Sets::new(shelf.len());
    let mut linked = vec![false; shelf.len()];
    let mut spanning: Vec<Span> = Vec::new();
    let mut start = 0;
    while start < links.len() {
        let level = &links[start];
        let end = start
            + links[start..]
                .iter()
                .take_while(|l| {
                    l.score
                        .containment()
                        .total_cmp(&level.score.containment())
                        .is_eq()
                        && l.score.shared == level.score.shared
                })
                .count();
        join_level(
            &links[start..end],
            &classes,
            &class_of,
            &mut sets,
            &mut linked,
            &mut spanning,
        );
        start = end;
    }
    drop((links, class_of, classes));
    // Each linked source with its set's root, its smallest member.
    let mut members: Vec<(u32, u32)> = Vec::with_capacity(linked.iter().filter(|&&l| l).count());
    for (i, _) in linked.iter().enumerate().filter(|&(_, &l)| l) {
        members.push((sets.find(i) as u32, i as u32));
    }
    drop(linked);
    members.sort_unstable();
    // Groups by their root; links kept strongest first (the sort is stable).
    spanning.sort_by_key(|s| sets.find(s.a as usize));
    spanning.shrink_to_fit();
    drop(sets);
    Linked { members, spanning }
}

/// The copy groups of what [`link`] found, their members named by `names`
/// ([`Linked::names`]), each with its likely origin from `sources`.
fn name_groups(
    sources: &[SourceInfo],
    linked: Linked,
    names: Vec<Vec<Box<str>>>,
) -> Vec<CopyGroup> {
    let Linked {
        members: linked,
        spanning,
    } = linked;
    let published: BTreeMap<&str, Option<NaiveDate>> = sources
        .iter()
        .map(|s| (s.id.as_str(), s.published))
        .collect();
    let mut names = names.into_iter();
    let mut links = spanning.into_iter().peekable();
    let mut out = Vec::new();
    for group_members in linked.chunk_by(|p, q| p.0 == q.0) {
        let r = group_members.first().map_or(u32::MAX, |m| m.0);
        // Ids in id order, as source numbers are.
        let members: Vec<Box<str>> = names.next().unwrap_or_default();
        // `Linked::names` splits the same members into the same groups.
        debug_assert_eq!(members.len(), group_members.len());
        // Both ends of a spanning link are members; the fallback only keeps this total (a
        // place past the members names no one, [`CopyGroup::ids`]).
        let member = |i: u32| {
            let at = group_members.binary_search(&(r, i));
            at.map_or(u32::MAX, |at| at as u32)
        };
        // A spanning tree: one link fewer than its members (no doubling on a large group).
        let mut pairs = Vec::with_capacity(members.len().saturating_sub(1));
        while let Some(s) = links.next_if(|s| {
            // The root of a spanning link is the root of its `a`.
            group_members.binary_search(&(r, s.a)).is_ok()
        }) {
            pairs.push(s.score.pair(member(s.a), member(s.b)));
        }
        out.push(group(members, pairs, &published));
    }
    out
}

/// Kruskal's step for one level of equally strong links, as if every source pair `(a, b)`
/// (`a < b`) the links stand for were taken in id order: once one source has been joined to
/// a whole class at this level, the class is one set, and only its first member after the
/// next source can still join anything.
fn join_level(
    level: &[Link],
    classes: &[Class],
    class_of: &[u32],
    sets: &mut Sets,
    linked: &mut [bool],
    spanning: &mut Vec<Span>,
) {
    // Neighbour classes of each class at this level, with the link's position.
    let mut near: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (k, l) in level.iter().enumerate() {
        near.entry(l.x).or_default().push((l.y, k));
        if l.x != l.y {
            near.entry(l.y).or_default().push((l.x, k));
        }
    }
    let mut sources: Vec<usize> = near
        .keys()
        .flat_map(|&x| classes[x].members.iter().map(|&m| m as usize))
        .collect();
    sources.sort_unstable();
    let mut whole: BTreeSet<usize> = BTreeSet::new();
    let mut todo: Vec<(usize, usize)> = Vec::new();
    for a in sources {
        let x = class_of[a] as usize;
        todo.clear();
        for &(y, k) in near.get(&x).map_or(&[][..], Vec::as_slice) {
            let m = &classes[y].members;
            let from = m.partition_point(|&b| b as usize <= a);
            let after = m.get(from..).unwrap_or_default();
            if whole.contains(&y) {
                todo.extend(after.first().map(|&b| (b as usize, k)));
            } else {
                todo.extend(after.iter().map(|&b| (b as usize, k)));
            }
        }
        todo.sort_unstable();
        for &(b, k) in &todo {
            if sets.union(a, b) {
                linked[a] = true;
                linked[b] = true;
                let l = &level[k];
                let mut score = l.score;
                // The link was scored with class `l.x` on the left.
                if l.x != x {
                    std::mem::swap(&mut score.figures_a, &mut score.figures_b);
                }
                spanning.push(Span {
                    a: a as u32,
                    b: b as u32,
                    score,
                });
            }
        }
        for &(y, _) in near.get(&x).map_or(&[][..], Vec::as_slice) {
            whole.insert(y);
        }
    }
}

fn group(
    members: Vec<Box<str>>,
    links: Vec<CopyPair<u32>>,
    published: &BTreeMap<&str, Option<NaiveDate>>,
) -> CopyGroup {
    let date = |id: &str| published.get(id).copied().flatten();
    let first = members.iter().filter_map(|m| date(m)).min();
    let firsts: Vec<&Box<str>> = members
        .iter()
        .filter(|m| first.is_some() && date(m) == first)
        .collect();
    let origin = match firsts.as_slice() {
        [one] => Some(Box::clone(one)),
        _ => None,
    };
    // The strongest link (links come strongest first) speaks for the group in `shared`/`of`.
    let (shared, of) = links.first().map(|p| (p.shared, p.of)).unwrap_or((0, 0));
    let sources = members;
    let why = explain(&sources, &links, origin.as_deref(), published);
    CopyGroup {
        sources,
        shared,
        of,
        why,
        origin,
        pairs: links,
    }
}

fn explain(
    sources: &[Box<str>],
    links: &[CopyPair<u32>],
    origin: Option<&str>,
    published: &BTreeMap<&str, Option<NaiveDate>>,
) -> String {
    use super::message::short_id;
    const LISTED: usize = 3;
    let mut parts: Vec<String> = links
        .iter()
        .take(LISTED)
        .map(|p| {
            let id = |i: u32| sources.get(i as usize).map_or("", |s| &**s);
            let (a, b) = (short_id(id(p.a)), short_id(id(p.b)));
            let mut s = if p.figures_a == p.figures_b {
                format!(
                    "{a} and {b} share {} of their {} figures",
                    p.shared, p.figures_a
                )
            } else {
                let ((small, ns), (large, nl)) = if p.figures_a < p.figures_b {
                    ((a, p.figures_a), (b, p.figures_b))
                } else {
                    ((b, p.figures_b), (a, p.figures_a))
                };
                format!(
                    "{} of {small}'s {ns} figures are also in {large}, which has {nl}",
                    p.shared
                )
            };
            s.push_str(" (same value and unit");
            if p.same_period < p.shared {
                s.push_str(&format!("; {} dated differently", p.shared - p.same_period));
            }
            if p.verbatim > 0 {
                s.push_str(&format!("; {} in sentences worded alike", p.verbatim));
            }
            s.push(')');
            s
        })
        .collect();
    if links.len() > LISTED {
        parts.push(format!(
            "and {} more such pairs join {} sources in all",
            links.len() - LISTED,
            sources.len()
        ));
    }
    let mut why = parts.join("; ");
    match origin {
        Some(o) => {
            let date = published
                .get(o)
                .copied()
                .flatten()
                .map(|d| format!(", {d}"))
                .unwrap_or_default();
            let rest: Vec<&str> = sources
                .iter()
                .filter(|s| &***s != o)
                .map(|s| short_id(s))
                .collect();
            why.push_str(&format!(
                "; {} published first{date}, so {} likely {} from it",
                short_id(o),
                rest.join(" and "),
                if rest.len() == 1 { "copies" } else { "copy" }
            ));
        }
        None => why.push_str("; published the same day, so no origin can be told"),
    }
    why
}

/// How many independent origins the `sources` represent: copies of one origin count once.
/// This is what `check` asks when a draft figure is "supported" by several sources.
pub fn independent_origins<S: AsRef<str>>(sources: &[S], copies: &[CopyGroup]) -> usize {
    CopyIndex::new(copies).independent_origins(sources)
}

/// The `sources`, grouped by origin: each inner list is one origin (a copy group's members
/// among `sources`, or one source alone). Sorted, without duplicates.
pub fn origins<S: AsRef<str>>(sources: &[S], copies: &[CopyGroup]) -> Vec<Vec<String>> {
    CopyIndex::new(copies).origins(sources)
}

/// The name of the origin a source belongs to: its copy group's first member, or itself.
pub fn origin_key(source: &str, copies: &[CopyGroup]) -> String {
    copies
        .iter()
        .find(|g| g.sources.iter().any(|m| **m == *source))
        .and_then(|g| g.sources.first())
        .map_or_else(|| source.to_string(), |m| m.to_string())
}

/// Plain words on the copies among `sources`, or `None` when every one is independent:
/// `002 appears to copy 001 (5 of 8 figures shared)`.
pub fn copies_note<S: AsRef<str>>(sources: &[S], copies: &[CopyGroup]) -> Option<String> {
    CopyIndex::new(copies).copies_note(sources)
}

/// The copy groups indexed by member, so that asking which group (and origin) a source
/// belongs to costs one lookup, not a scan of every group. Build it once per report; the
/// free functions above build one per call.
///
/// It is built at the end of a report, when the groups can name most of a corpus of reprints,
/// so it keeps 8 bytes a member: each member's place among all members (groups in order, then
/// members in order), sorted by a 32-bit hash of its id. A map from id to group cost ~50 bytes
/// a member, and its last doubling made the peak of the whole run (9.8 MB of heap at 132,472
/// articles).
#[derive(Debug, Clone)]
pub struct CopyIndex<'a> {
    copies: &'a [CopyGroup],
    /// (hash of the id, place) of every member, sorted: a source in two groups (hand-built)
    /// has an entry in each, and the first group's comes first, as a scan finds it.
    by_hash: Vec<(u32, u32)>,
    /// The place of each group's first member; places from there up to the next group's
    /// are its members.
    starts: Vec<u32>,
    /// Whether each group lists its members sorted (detect's always do).
    sorted: Vec<bool>,
}

/// The hash [`CopyIndex`] sorts its members by.
fn member_hash(id: &str) -> u32 {
    let h = fx_hash(id);
    (h ^ (h >> 32)) as u32
}

impl<'a> CopyIndex<'a> {
    pub fn new(copies: &'a [CopyGroup]) -> Self {
        let members: usize = copies.iter().map(|g| g.sources.len()).sum();
        let mut starts = Vec::with_capacity(copies.len());
        let mut by_hash = Vec::with_capacity(members);
        for g in copies {
            starts.push(by_hash.len() as u32);
            for m in &g.sources {
                by_hash.push((member_hash(m), by_hash.len() as u32));
            }
        }
        by_hash.sort_unstable();
        let sorted = copies
            .iter()
            .map(|g| g.sources.windows(2).all(|w| w[0] <= w[1]))
            .collect();
        CopyIndex {
            copies,
            by_hash,
            starts,
            sorted,
        }
    }

    /// The groups indexed.
    pub fn groups(&self) -> &'a [CopyGroup] {
        self.copies
    }

    /// The position of `source`'s copy group, if it has one.
    pub fn group_of(&self, source: &str) -> Option<usize> {
        let hash = member_hash(source);
        let from = self.by_hash.partition_point(|&(h, _)| h < hash);
        // Places ascend within a hash, so the first group that lists `source` answers.
        self.by_hash[from..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .find_map(|&(_, place)| {
                // The group whose members' places begin at or before `place`.
                let g = self
                    .starts
                    .partition_point(|&s| s <= place)
                    .checked_sub(1)?;
                let at = place.checked_sub(*self.starts.get(g)?)? as usize;
                (**self.copies.get(g)?.sources.get(at)? == *source).then_some(g)
            })
    }

    /// [`origin_key`], by lookup.
    pub fn origin<'s>(&self, source: &'s str) -> &'s str
    where
        'a: 's,
    {
        self.group_of(source)
            .and_then(|g| self.copies.get(g))
            .and_then(|g| g.sources.first())
            .map_or(source, |m| &**m)
    }

    /// [`origins`], by lookup.
    pub fn origins<S: AsRef<str>>(&self, sources: &[S]) -> Vec<Vec<String>> {
        let mut by_origin: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for s in sources {
            let s = s.as_ref();
            by_origin.entry(self.origin(s)).or_default().insert(s);
        }
        let mut out: Vec<Vec<String>> = by_origin
            .into_values()
            .map(|m| m.into_iter().map(str::to_string).collect())
            .collect();
        out.sort();
        out
    }

    /// [`independent_origins`], by lookup.
    pub fn independent_origins<S: AsRef<str>>(&self, sources: &[S]) -> usize {
        let distinct: BTreeSet<&str> = sources.iter().map(|s| self.origin(s.as_ref())).collect();
        distinct.len()
    }

    /// [`copies_note`], by lookup.
    pub fn copies_note<S: AsRef<str>>(&self, sources: &[S]) -> Option<String> {
        use super::message::short_id;
        let present: BTreeSet<&str> = sources.iter().map(|s| s.as_ref()).collect();
        let mut by_group: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for s in &present {
            if let Some(g) = self.group_of(s) {
                by_group.entry(g).or_default().push(s);
            }
        }
        let notes: Vec<String> = by_group
            .into_iter()
            .filter_map(|(i, mut here)| {
                let g = self.copies.get(i)?;
                // In the group's order, as its members are listed (already so when sorted).
                if !self.sorted.get(i).copied().unwrap_or(true) {
                    here.sort_by_key(|m| g.sources.iter().position(|s| **s == **m));
                }
                if here.len() < 2 {
                    return None;
                }
                let figures = format!("{} of {} figures shared", g.shared, g.of);
                Some(match g.origin.as_deref().filter(|o| here.contains(o)) {
                    Some(o) => {
                        let rest: Vec<&str> = here
                            .iter()
                            .filter(|m| **m != o)
                            .map(|m| short_id(m))
                            .collect();
                        format!(
                            "{} {} {} ({figures})",
                            rest.join(" and "),
                            if rest.len() == 1 {
                                "appears to copy"
                            } else {
                                "appear to copy"
                            },
                            short_id(o)
                        )
                    }
                    None => {
                        let all: Vec<&str> = here.iter().map(|m| short_id(m)).collect();
                        format!(
                            "{} appear to share one origin ({figures})",
                            all.join(" and ")
                        )
                    }
                })
            })
            .collect();
        (!notes.is_empty()).then(|| notes.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain algorithm detection replaced, kept as the oracle: score every pair that
    /// shares a figure, then join the copy pairs strongest first.
    pub(super) fn detect_simple(sources: &[SourceInfo], prints: &[SourcePrint]) -> Vec<CopyGroup> {
        let pairs = pairs(prints);
        let published: BTreeMap<&str, Option<NaiveDate>> = sources
            .iter()
            .map(|s| (s.id.as_str(), s.published))
            .collect();
        let mut parent: BTreeMap<String, String> = BTreeMap::new();
        fn root(parent: &BTreeMap<String, String>, x: &str) -> String {
            let mut x = x.to_string();
            while let Some(p) = parent.get(&x).filter(|p| **p != x) {
                x = p.clone();
            }
            x
        }
        let mut strong: Vec<&CopyPair> = pairs.iter().filter(|p| p.copy).collect();
        strong.sort_by(|x, y| {
            y.containment()
                .total_cmp(&x.containment())
                .then(y.shared.cmp(&x.shared))
                .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
        });
        let mut links: Vec<CopyPair> = Vec::new();
        for p in strong {
            parent
                .entry(p.a.to_string())
                .or_insert_with(|| p.a.to_string());
            parent
                .entry(p.b.to_string())
                .or_insert_with(|| p.b.to_string());
            let (ra, rb) = (root(&parent, &p.a), root(&parent, &p.b));
            if ra == rb {
                continue;
            }
            let (lo, hi) = if ra <= rb { (ra, rb) } else { (rb, ra) };
            parent.insert(hi, lo);
            links.push(p.clone());
        }
        let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for id in parent.keys() {
            groups
                .entry(root(&parent, id))
                .or_default()
                .insert(id.clone());
        }
        groups
            .into_values()
            .map(|members| {
                let members: Vec<Box<str>> = members.into_iter().map(Box::from).collect();
                let at = |id: &str| members.binary_search_by(|m| (**m).cmp(id)).ok();
                let mine = links
                    .iter()
                    .filter_map(|p| {
                        let (a, b) = (at(&p.a)?, at(&p.b)?);
                        Some(renamed(p, a as u32, b as u32))
                    })
                    .collect();
                group(members, mine, &published)
            })
            .collect()
    }

    /// Pair `p` with its sources named `a` and `b` (their places in a group, or their ids).
    fn renamed<I, J>(p: &CopyPair<I>, a: J, b: J) -> CopyPair<J> {
        CopyPair {
            a,
            b,
            shared: p.shared,
            of: p.of,
            figures_a: p.figures_a,
            figures_b: p.figures_b,
            same_period: p.same_period,
            same_key: p.same_key,
            verbatim: p.verbatim,
            copy: p.copy,
        }
    }

    /// Two sorted hash lists for the wording proptests: `x`, and `x` with the hashes at
    /// `dropped` taken out and `added` put in, so that pairs fall on both sides of the
    /// threshold.
    fn nearly_alike(
        x: BTreeSet<u32>,
        dropped: &[prop::sample::Index],
        added: BTreeSet<u32>,
    ) -> (Vec<u32>, Vec<u32>) {
        let x: Vec<u32> = x.into_iter().collect();
        let mut y: BTreeSet<u32> = x.iter().copied().collect();
        for i in dropped {
            y.remove(&x[i.index(x.len())]);
        }
        y.extend(added);
        (x, y.into_iter().collect())
    }

    /// Wording compared a step at a time to the end, kept as the oracle.
    fn same_wording_plain(a: Wording, b: Wording) -> bool {
        let (x, y) = (a.grams, b.grams);
        if x.is_empty() || y.is_empty() {
            return false;
        }
        let limit = if a.complete && b.complete {
            usize::MAX
        } else {
            SKETCH
        };
        let (mut i, mut j, mut both, mut seen) = (0, 0, 0usize, 0usize);
        while seen < limit && (i < x.len() || j < y.len()) {
            match (x.get(i), y.get(j)) {
                (Some(p), Some(q)) if p == q => {
                    both += 1;
                    i += 1;
                    j += 1;
                }
                (Some(p), Some(q)) if p < q => i += 1,
                (Some(_), None) => i += 1,
                _ => j += 1,
            }
            seen += 1;
        }
        seen > 0 && both as f64 / seen as f64 >= SAME_WORDING
    }

    /// The pair score before sentence pairs were remembered, kept as the oracle.
    fn score_plain(fa: &Contents, fb: &Contents) -> Score {
        let mut shared = 0u8;
        let mut same_period = 0u8;
        let mut same_key = 0u8;
        let mut verbatim = 0u8;
        let (xf, yf) = (fa.fps(), fb.fps());
        for (i, j) in shared_at(xf, yf) {
            let (xs, ys) = (fa.statements(i), fb.statements(j));
            shared += 1;
            let any =
                |f: &dyn Fn(&[u8], &[u8]) -> bool| xs.clone().any(|x| ys.clone().any(|y| f(x, y)));
            if any(&|x, y| fa.period(x[0]) == fb.period(y[0])) {
                same_period += 1;
            }
            if any(&|x, y| {
                let k = fa.key(x[1]);
                k != 0 && k == fb.key(y[1])
            }) {
                same_key += 1;
            }
            if any(&|x, y| match (fa.sentence(x[2]), fb.sentence(y[2])) {
                (Some(p), Some(q)) => same_wording_plain(p, q),
                _ => false,
            }) {
                verbatim += 1;
            }
        }
        // A print keeps at most 255 figures (`Contents::figures` is a byte).
        let count = |n: usize| u8::try_from(n).unwrap_or(u8::MAX);
        let (na, nb) = (count(xf.len()), count(yf.len()));
        Score {
            shared,
            of: na.min(nb),
            figures_a: na,
            figures_b: nb,
            same_period,
            same_key,
            verbatim,
        }
    }

    /// The pairs [`candidates_with`] gives with `knobs`, in order.
    fn candidate_list<S: Shelf>(
        shelf: &S,
        classes: &[Class],
        knobs: worded::Knobs,
    ) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        candidates_with(shelf, classes, knobs, |x, y, _| out.push((x, y)));
        out
    }

    /// No pair found by wording: the candidates by figures alone.
    const BY_FIGURES: worded::Knobs = worded::Knobs {
        common: usize::MAX,
        block: 1,
    };

    /// Whether the candidates `knobs` give of `prints` (their keys made with
    /// [`COARSE_KEYS`] set to `coarse`) are each pair of classes once, the one with fewer
    /// figures (or the earlier) first, and include every pair of sources that scoring every
    /// pair ([`pairs`]) calls a copy.
    pub(super) fn finds_every_copy_pair(
        prints: &[SourcePrint],
        coarse: bool,
        knobs: worded::Knobs,
    ) -> Result<(), TestCaseError> {
        COARSE_KEYS.set(coarse);
        let held = Held::new(prints);
        COARSE_KEYS.set(false);
        let classes = classes(&held);
        let class_of = |id: &str| {
            classes
                .iter()
                .position(|c| c.members.iter().any(|&m| held.id(m as usize) == id))
        };
        let list = candidate_list(&held, &classes, knobs);
        let found: BTreeSet<(usize, usize)> = list.iter().copied().collect();
        prop_assert_eq!(found.len(), list.len(), "a pair taken twice");
        let size = |x: usize| classes[x].keys.len();
        for &(x, y) in &list {
            prop_assert!((size(x), x) < (size(y), y), "{x} {y}");
        }
        let found: BTreeSet<(usize, usize)> = found
            .into_iter()
            .map(|(x, y)| (x.min(y), x.max(y)))
            .collect();
        for p in pairs(prints).into_iter().filter(|p| p.copy) {
            let (x, y) = (class_of(&p.a), class_of(&p.b));
            prop_assert!(x.is_some() && y.is_some());
            let (x, y) = (x.unwrap_or(0), y.unwrap_or(0));
            prop_assert!(x == y || found.contains(&(x.min(y), x.max(y))), "{p:?}");
        }
        Ok(())
    }

    /// The candidate pairs as first found (postings in a map of lists), kept as the oracle.
    fn candidates_plain(classes: &[Class]) -> Vec<(usize, usize)> {
        let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, c) in classes.iter().enumerate() {
            for &fp in c.keys {
                postings.entry(fp).or_default().push(i);
            }
        }
        let size = |i: usize| classes[i].keys.len();
        let mut stamp = vec![usize::MAX; classes.len()];
        let mut out = Vec::new();
        for (i, c) in classes.iter().enumerate() {
            let n = c.keys.len();
            let mut rare: Vec<(usize, u32)> = c
                .keys
                .iter()
                .map(|&fp| (postings.get(&fp).map_or(0, Vec::len), fp))
                .collect();
            rare.sort_unstable();
            for (_, fp) in rare.iter().take(n / 2 + 1) {
                for &j in postings.get(fp).map_or(&[][..], Vec::as_slice) {
                    if (size(j), j) <= (n, i) || stamp[j] == i {
                        continue;
                    }
                    stamp[j] = i;
                    out.push((i, j));
                }
            }
        }
        out
    }

    /// One statement as the plain build keeps it: period, key hash and sentence.
    type Said<'a> = (Option<Period>, u64, &'a str);

    /// The plain print build the interned one replaced, kept as the oracle.
    fn build_simple<'a>(source: &str, raw: impl Iterator<Item = Raw<'a>>) -> SourcePrint {
        // Statements by fingerprint, each with its place in the order met, without repeats.
        let mut by_fp: BTreeMap<u64, Vec<(usize, Said)>> = BTreeMap::new();
        let mut seen: std::collections::HashSet<(u64, Said)> = std::collections::HashSet::new();
        for (n, r) in raw.enumerate() {
            let s = (r.period, r.key.map_or(0, |k| hash_of(k) | 1), r.sentence);
            let v = by_fp.entry(r.fp).or_default();
            if seen.insert((r.fp, s)) {
                v.push((n, s));
            }
        }
        if by_fp.len() > MAX_FIGURES {
            // A consistent sample: the same figures are kept of every copy of a long table.
            let mut fps: Vec<u64> = by_fp.keys().copied().collect();
            fps.sort_by_key(|&fp| (mix(fp), fp));
            let keep: BTreeSet<u64> = fps.into_iter().take(MAX_FIGURES).collect();
            by_fp.retain(|fp, _| keep.contains(fp));
        }
        // The first statements met, up to the cap.
        let mut order: Vec<usize> = by_fp.values().flatten().map(|(n, _)| *n).collect();
        if order.len() > MAX_STATEMENTS {
            order.sort_unstable();
            let last = order[MAX_STATEMENTS - 1];
            for v in by_fp.values_mut() {
                v.retain(|(n, _)| *n <= last);
            }
        }
        let by_fp: BTreeMap<u64, Vec<Said>> = by_fp
            .into_iter()
            .map(|(fp, v)| (fp, v.into_iter().map(|(_, s)| s).collect()))
            .collect();
        // Sentences in a canonical order (by sketch), so that equal sources have equal prints.
        let mut texts: BTreeMap<&str, Option<Sketch>> = BTreeMap::new();
        for (_, _, s) in by_fp.values().flatten() {
            if texts.len() < MAX_SENTENCES && !texts.contains_key(s) {
                texts.insert(s, None);
            }
        }
        for (text, sketch) in texts.iter_mut() {
            *sketch = Some(sketch_of(text));
        }
        let mut order: Vec<(&Sketch, &str)> = texts
            .iter()
            .filter_map(|(t, s)| Some((s.as_ref()?, *t)))
            .collect();
        order.sort();
        order.dedup_by(|x, y| x.0 == y.0);
        let sentences: Vec<Sketch> = order.iter().map(|(s, _)| (*s).clone()).collect();
        let index = |text: &str| -> u32 {
            texts
                .get(text)
                .and_then(|s| s.as_ref())
                .and_then(|s| sentences.binary_search(s).ok())
                .map_or(NO_SENTENCE, |i| i as u32)
        };
        let mut fps = Vec::with_capacity(by_fp.len());
        let mut ends = Vec::with_capacity(by_fp.len());
        let mut statements = Vec::new();
        for (fp, said) in &by_fp {
            let mut mine: Vec<Statement> = said
                .iter()
                .map(|(period, key, text)| Statement {
                    period: *period,
                    key: *key,
                    sentence: index(text),
                })
                .collect();
            mine.sort();
            mine.dedup();
            statements.extend(mine);
            fps.push(*fp);
            ends.push(statements.len() as u32);
        }
        SourcePrint {
            source: source.to_string(),
            contents: Contents::pack(&fps, &ends, &statements, &wordings(&sentences)),
        }
    }

    fn wordings(sketches: &[Sketch]) -> Vec<Wording<'_>> {
        sketches.iter().map(Sketch::wording).collect()
    }

    #[test]
    fn packing_keeps_every_statement_period_key_and_sketch() {
        let y = |n| Period::year(n);
        let sketches = [sketch_of(SENTENCES[0]), sketch_of(SENTENCES[3])];
        let mut sentences = sketches.to_vec();
        sentences.sort();
        let st = |period, key, sentence| Statement {
            period,
            key,
            sentence,
        };
        let statements = [
            st(None, 0, 0),
            st(y(2024), 7, 1),
            st(y(2023), 7, NO_SENTENCE),
            st(y(2024), 3, 0),
            st(None, 9, NO_SENTENCE),
        ];
        let c = Contents::pack(&[5, 11], &[2, 5], &statements, &wordings(&sentences));
        assert_eq!(c.fps(), &[5, 11]);
        let unpack = |i: usize| -> Vec<Statement> {
            c.statements(i)
                .map(|x| Statement {
                    period: c.period(x[0]).copied(),
                    key: c.key(x[1]),
                    sentence: if x[2] == NO_PACKED_SENTENCE {
                        NO_SENTENCE
                    } else {
                        u32::from(x[2])
                    },
                })
                .collect()
        };
        assert_eq!(unpack(0), statements[..2]);
        assert_eq!(unpack(1), statements[2..]);
        for (i, s) in sentences.iter().enumerate() {
            let w = c.sentence(i as u8).expect("kept");
            assert_eq!((w.grams, w.complete), (&*s.grams, s.complete));
            assert_eq!(c.signature(i as u8), signature(&s.grams));
        }
        assert!(c.sentence(2).is_none());
        assert_eq!(c.signature(2), 0);
        assert!(c.sentence(NO_PACKED_SENTENCE).is_none());
        // Packed statements sort as the statements they stand for.
        let mut sorted = statements.to_vec();
        sorted.sort();
        let one = Contents::pack(&[5], &[5], &sorted, &wordings(&sentences));
        let packed: Vec<&[u8]> = one.statements(0).collect();
        assert!(packed.windows(2).all(|w| w[0] < w[1]), "{packed:?}");
    }

    const SENTENCES: [&str; 6] = [
        "The two leaders have met many times since the treaty was signed.",
        "The two leaders have met many times since the treaty was first signed.",
        "Officials listed joint ventures under way in the region this year.",
        "Trade between the countries grew again last year, the ministry said.",
        "Trade between the two countries grew again last year, the ministry said today.",
        "A short one.",
    ];

    /// A source's figures: (value, year, key, sentence), each drawn from small pools so
    /// that sources share figures often.
    pub(super) type Figs = Vec<(u8, Option<u8>, Option<u8>, usize)>;

    pub(super) fn print(id: &str, figs: &Figs) -> SourcePrint {
        let raw = figs.iter().filter_map(|&(v, year, key, s)| {
            Some(Raw {
                fp: fingerprint_of("count", f64::from(v) * 100.0)?,
                period: year.and_then(|y| Period::year(2020 + i32::from(y))),
                key: key.map(|k| ["a", "b", "c"][usize::from(k) % 3]),
                sentence: SENTENCES[s % SENTENCES.len()],
            })
        });
        SourcePrint::build(id, raw)
    }

    pub(super) fn info(id: &str, day: Option<u32>) -> SourceInfo {
        SourceInfo {
            id: id.to_string(),
            path: format!("{id}.txt"),
            lang: "en".into(),
            published: day.and_then(|d| NaiveDate::from_ymd_opt(2025, 7, 1 + d % 3)),
            outlet: None,
            trust: None,
        }
    }

    fn figs() -> impl Strategy<Value = Figs> {
        prop::collection::vec(
            (
                0u8..12,
                prop::option::of(0u8..2),
                prop::option::of(0u8..3),
                0usize..6,
            ),
            0..9,
        )
    }

    /// Sources with random figures, some of them exact reprints of an earlier one.
    pub(super) fn corpus() -> impl Strategy<Value = (Vec<SourceInfo>, Vec<SourcePrint>)> {
        prop::collection::vec(
            (figs(), any::<Option<u8>>(), prop::option::of(0u32..3)),
            1..14,
        )
        .prop_map(|specs| {
            let mut all: Vec<Figs> = Vec::new();
            let mut sources = Vec::new();
            let mut prints = Vec::new();
            for (i, (figs, reprint, day)) in specs.into_iter().enumerate() {
                let figs = match reprint {
                    Some(r) if !all.is_empty() && r % 2 == 0 => {
                        all[usize::from(r) % all.len()].clone()
                    }
                    _ => figs,
                };
                let id = format!("s{:02}", (i * 7) % 17);
                all.push(figs.clone());
                if sources.iter().any(|s: &SourceInfo| s.id == id) {
                    continue;
                }
                sources.push(info(&id, day));
                prints.push(print(&id, &figs));
            }
            let prints = prints.into_iter().filter(|p| p.figures() > 0).collect();
            (sources, prints)
        })
    }

    /// A copy pair as it was a struct with the ratios as fields, serialized by derive: what
    /// [`CopyPair`]'s own serialization must write.
    #[derive(Serialize)]
    struct PlainPair {
        a: String,
        b: String,
        shared: usize,
        of: usize,
        figures_a: usize,
        figures_b: usize,
        same_period: usize,
        same_key: usize,
        verbatim: usize,
        containment: f64,
        jaccard: f64,
        copy: bool,
    }

    /// A copy group as it was with its pairs holding their sources' ids, serialized by
    /// derive: what [`CopyGroup`]'s own serialization must write.
    #[derive(Serialize)]
    struct PlainGroup {
        sources: Vec<Box<str>>,
        shared: u8,
        of: u8,
        why: String,
        origin: Option<Box<str>>,
        pairs: Vec<CopyPair>,
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn a_group_serializes_its_pairs_with_their_sources_ids((sources, prints) in corpus()) {
            for g in detect(&sources, &prints) {
                let pairs = g.pairs.iter().map(|p| {
                    let (a, b) = g.ids(p);
                    renamed(p, Box::from(a), Box::from(b))
                });
                let plain = PlainGroup {
                    sources: g.sources.clone(),
                    shared: g.shared,
                    of: g.of,
                    why: g.why.clone(),
                    origin: g.origin.clone(),
                    pairs: pairs.collect(),
                };
                prop_assert_eq!(
                    serde_json::to_string(&g).ok(),
                    serde_json::to_string(&plain).ok()
                );
            }
        }

        #[test]
        fn detection_by_class_and_prefix_matches_joining_every_pair((sources, prints) in corpus()) {
            prop_assert_eq!(detect(&sources, &prints), detect_simple(&sources, &prints));
        }

        #[test]
        fn figure_keys_that_collide_change_no_group((sources, prints) in corpus()) {
            COARSE_KEYS.set(true);
            let coarse = detect(&sources, &prints);
            COARSE_KEYS.set(false);
            prop_assert_eq!(coarse, detect_simple(&sources, &prints));
        }

        #[test]
        fn a_pair_serializes_as_the_struct_with_its_ratios_as_fields(
            counts in prop::array::uniform7(0u8..=64),
        ) {
            let [figures_a, figures_b, x, y, same_period, same_key, verbatim] = counts;
            // Counts as a score has them: shared at most either side's figures.
            let shared = x.min(figures_a).min(figures_b);
            let of = figures_a.min(figures_b).max(y.min(shared));
            let score = Score { shared, of, figures_a, figures_b, same_period, same_key, verbatim };
            let pair = score.pair("a".into(), "b".into());
            let (s, na, nb) = (f64::from(shared), f64::from(figures_a), f64::from(figures_b));
            let union = na + nb - s;
            let plain = PlainPair {
                a: "a".into(),
                b: "b".into(),
                shared: shared.into(),
                of: of.into(),
                figures_a: figures_a.into(),
                figures_b: figures_b.into(),
                same_period: same_period.into(),
                same_key: same_key.into(),
                verbatim: verbatim.into(),
                containment: if of == 0 { 0.0 } else { s / f64::from(of) },
                jaccard: if union == 0.0 { 0.0 } else { s / union },
                copy: score.copy(),
            };
            prop_assert_eq!(
                serde_json::to_string(&pair).unwrap(),
                serde_json::to_string(&plain).unwrap()
            );
            prop_assert_eq!(std::mem::size_of::<CopyPair<u32>>(), 16);
        }

        #[test]
        fn the_prefix_filter_finds_every_copy_pair((_, prints) in corpus(), coarse: bool) {
            finds_every_copy_pair(&prints, coarse, worded::Knobs::RUN)?;
            finds_every_copy_pair(&prints, coarse, BY_FIGURES)?;
        }

        #[test]
        fn scores_remember_sentence_pairs_and_skip_non_copies_without_changing_a_count(
            (_, prints) in corpus(),
        ) {
            for a in &prints {
                let (fa, plain_self) = (&a.contents, score_plain(&a.contents, &a.contents));
                prop_assert_eq!(self_score(fa), plain_self);
                prop_assert_eq!(score(fa, fa, &mut Alike::new()), plain_self);
                for b in &prints {
                    let plain = score_plain(fa, &b.contents);
                    prop_assert_eq!(score(fa, &b.contents, &mut Alike::new()), plain);
                    prop_assert_eq!(copy_score(fa, &b.contents), Some(plain).filter(Score::copy));
                }
            }
        }

        #[test]
        fn wording_counted_at_once_past_the_shorter_sketch_matches_the_step_by_step_walk(
            x in prop::collection::btree_set(0u32..60, 0..30),
            y in prop::collection::btree_set(0u32..60, 0..30),
            complete: (bool, bool),
        ) {
            let (x, y): (Vec<u32>, Vec<u32>) = (x.into_iter().collect(), y.into_iter().collect());
            let a = Wording { grams: &x, complete: complete.0 };
            let b = Wording { grams: &y, complete: complete.1 };
            prop_assert_eq!(same_wording(a, b), same_wording_plain(a, b));
            prop_assert_eq!(same_wording(a, a), same_wording_plain(a, a));
        }

        #[test]
        fn wording_near_the_threshold_matches_the_step_by_step_walk(
            x in prop::collection::btree_set(0u32..200, 1..48),
            dropped in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
            added in prop::collection::btree_set(0u32..200, 0..8),
            complete: (bool, bool),
        ) {
            // `y` is `x` with up to 8 hashes taken out and up to 8 put in, so the Jaccard is
            // mostly near the ⅗ threshold, where the walk's early `false` could be wrong.
            let (x, y) = nearly_alike(x, &dropped, added);
            let a = Wording { grams: &x, complete: complete.0 };
            let b = Wording { grams: &y, complete: complete.1 };
            prop_assert_eq!(same_wording(a, b), same_wording_plain(a, b));
            prop_assert_eq!(same_wording(b, a), same_wording_plain(b, a));
        }

        #[test]
        fn signatures_never_rule_out_sketches_worded_alike(
            x in prop::collection::btree_set(any::<u32>(), 1..40),
            dropped in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
            added in prop::collection::btree_set(any::<u32>(), 0..12),
            complete: (bool, bool),
        ) {
            // `y` is `x` with hashes taken out and put in, so the pairs lie on both sides of
            // the threshold; the signature may let through pairs that are not alike, never
            // hold back one that is.
            let (x, y) = nearly_alike(x, &dropped, added);
            let a = Wording { grams: &x, complete: complete.0 };
            let b = Wording { grams: &y, complete: complete.1 };
            let (sa, sb) = (signature(&x), signature(&y));
            if same_wording(a, b) {
                prop_assert!(may_be_alike(a, sa, b, sb));
            }
            if same_wording(b, a) {
                prop_assert!(may_be_alike(b, sb, a, sa));
            }
        }

        #[test]
        fn candidates_by_numbered_figures_are_those_of_the_postings_map_that_share_enough_keys(
            (_, prints) in corpus(),
            coarse: bool,
        ) {
            COARSE_KEYS.set(coarse);
            let held = Held::new(&prints);
            COARSE_KEYS.set(false);
            let classes = classes(&held);
            // The key bits only rule out pairs that share too few keys to be copies.
            let enough = |&(x, y): &(usize, usize)| {
                let (xf, yf) = (classes[x].keys, classes[y].keys);
                may_be_copies(shared_figures(xf, yf), xf.len().min(yf.len()))
            };
            let plain = candidates_plain(&classes);
            let found = candidate_list(&held, &classes, BY_FIGURES);
            let mut rest = plain.iter();
            for pair in &found {
                prop_assert!(rest.any(|p| p == pair), "{pair:?} not among {plain:?} in order");
            }
            let kept: Vec<(usize, usize)> = plain.into_iter().filter(enough).collect();
            let found: Vec<(usize, usize)> = found.into_iter().filter(enough).collect();
            prop_assert_eq!(found, kept);
        }

        #[test]
        fn whole_values_code_as_their_printed_form_does(n in 0u64..(1 << 53), shift in 0u32..12, neg: bool) {
            // Round numbers (ties at the sixth digit among them) as well as arbitrary ones.
            let n = (n >> (4 * shift)) * 10u64.pow(shift).min(1 << 20);
            let v = if neg { -(n as f64) } else { n as f64 };
            prop_assume!(v.abs() < 9_007_199_254_740_992.0);
            prop_assert_eq!(whole_value_code(v), printed_value_code(v), "{}", v);
        }

        #[test]
        fn fractions_code_as_their_printed_form_does(
            a in prop::num::f64::NORMAL,
            cents in -1_000_000i64..1_000_000,
            scale in 0usize..8,
        ) {
            // Any value, and decimals as articles write them (3.2, 0.75, 12.345).
            let written = cents as f64 / [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7][scale];
            for v in [a, written] {
                if let Some(code) = fraction_value_code(v) {
                    prop_assert_eq!(Some(code), printed_value_code(v), "{}", v);
                }
            }
        }

        #[test]
        fn building_by_interned_sentences_matches_the_plain_build(
            figs in prop::collection::vec(
                (0u16..90, prop::option::of(0u8..3), prop::option::of(0u8..4), 0usize..45),
                0..160,
            ),
        ) {
            let texts: Vec<String> = (0..45)
                .map(|i| format!("Sentence {} of the story said {} things", i % 40, i / 3))
                .collect();
            let raw = || figs.iter().filter_map(|&(v, year, key, s)| {
                Some(Raw {
                    fp: fingerprint_of(["count", "USD"][usize::from(v % 2)], f64::from(v) * 1000.0)?,
                    period: year.and_then(|y| Period::year(2020 + i32::from(y))),
                    key: key.map(|k| ["a", "b", "c", "d"][usize::from(k)]),
                    sentence: texts[s].as_str(),
                })
            });
            prop_assert_eq!(SourcePrint::build("x", raw()), build_simple("x", raw()));
        }

        #[test]
        fn eight_bytes_at_a_time_find_the_same_word_bytes_as_one_at_a_time(w: u64, pick in 0usize..4) {
            // Random words, and words built from the bytes around the ranges' edges.
            let edges = [b'0', b'9', b'a', b'z', b'A', b'Z', b'/', b':', b'@', b'[', b'`', b'{', 0x7f, 0x80, 0xc4, 0xff];
            let w = if pick == 0 {
                w
            } else {
                u64::from_le_bytes(std::array::from_fn(|k| edges[((w >> (4 * k)) & 15) as usize]))
            };
            let want = w.to_le_bytes().iter().enumerate().fold(0u64, |m, (k, &b)| {
                m | if WORD_BYTE[b as usize] { 0x80 << (8 * k) } else { 0 }
            });
            prop_assert_eq!(alphanumerics(w), want, "{:016x}", w);
        }

        #[test]
        fn sketches_are_the_bottom_k_of_folded_split_hashed_trigrams(
            sentences in prop::collection::vec(
                prop::collection::vec(
                    prop::sample::select(vec![
                        "a", "Z", "0", "9", "word", "LONGERWORDS", "abcdefgh", " ", "  ", ",",
                        ".", "-", "'", "`", "\u{2019}", "İ", "I", "ı", "Ş", "ç", "é", "ß",
                        "\u{1e9e}", "ǅ", "Σ", "ΑΣ", "٣", "\u{0301}", "ﬁ", "\u{a0}", "\n",
                    ]),
                    0..60,
                ),
                1..4,
            ),
        ) {
            // One scratch for all, as a thread reuses it: stale bytes must not leak.
            let mut words = Words::default();
            for parts in sentences {
                let s: String = parts.concat();
                let mut pool = vec![7];
                let complete = words.sketch(&s, &mut pool);
                let want = sketch_plain(&s);
                prop_assert_eq!(&pool[1..], &*want.grams, "{:?}", s);
                prop_assert_eq!(complete, want.complete, "{:?}", s);
            }
        }

        #[test]
        fn sketches_around_the_sort_and_select_sizes_match_the_plain_sketch(
            vocabulary in 1usize..40,
            picks in prop::collection::vec((0usize..40, 0usize..4), 0..80),
            sep in prop::sample::select(vec![" ", ", ", " - ", "’"]),
        ) {
            // Sentences of up to 77 trigrams, past SKETCH and SORT_WHOLE, from few words
            // (many trigrams repeated) or many; ASCII, accented and words past eight bytes.
            let parts: Vec<String> = picks
                .iter()
                .map(|&(n, shape)| {
                    let n = n % vocabulary;
                    match shape {
                        0 => format!("w{n}"),
                        1 => format!("Şehir{n}"),
                        2 => format!("uluslararası{n}"),
                        _ => format!("ÉTÉ{n}ç"),
                    }
                })
                .collect();
            let mut words = Words::default();
            sketches_as_plain(&mut words, &parts.join(sep))?;
            sketches_as_plain(&mut words, &parts.join(sep).to_uppercase())?;
        }

        #[test]
        fn sketches_of_turkish_sentences_match_the_plain_sketch(
            sentences in prop::collection::vec(
                prop::collection::vec(
                    prop::sample::select(vec![
                        "İstanbul’da", "ŞİRKETLER", "şirketler", "büyüdü", "yüzde", "3,2",
                        "ıslık", "IŞIK", "uluslararası", "Türkiye'nin", "ekonomisi", "Ağustos",
                        "milyar", "dolar", "ÇOK", "çok", "dışındaki", "gösterdiğini", "ve",
                    ]),
                    0..40,
                ),
                1..4,
            ),
            sep in prop::sample::select(vec![" ", ", ", " - ", "  "]),
        ) {
            // Words of many lengths past eight bytes, with two-byte letters at every offset
            // of a load, and some words repeated (equal trigrams hash alike).
            let mut words = Words::default();
            for parts in sentences {
                sketches_as_plain(&mut words, &parts.join(sep))?;
            }
        }

        #[test]
        fn a_word_read_eight_bytes_at_a_time_hashes_as_the_plain_word_hash(
            word in "[a-z0-9şığüöçéß]{1,40}",
            stale: [u8; 8],
            before in 0usize..9,
        ) {
            let mut buf = vec![0x5a; before];
            buf.extend_from_slice(word.as_bytes());
            buf.extend_from_slice(&stale);
            let to = before + word.len();
            prop_assert_eq!(folded_word_hash(&buf, before, to), word_hash(&word), "{:?}", word);
        }

        #[test]
        fn folding_eight_bytes_at_a_time_splits_words_as_the_plain_fold_does(
            sentences in prop::collection::vec(
                "[a-zA-Z0-9 ,.:'`\\-\n\u{0}\u{7f}İIıŞşĞğÜüÖöÇçÂâéß½²ﬁΣΑ\u{301}\u{307}\u{2019}\u{a0}\u{1e9e}ǅ٣€]{0,90}",
                1..4,
            ),
        ) {
            // Runs of every length around eight, word ends at every offset of a load, and
            // characters the table folds, folds to several, or leaves past its end.
            let mut words = Words::default();
            for s in sentences {
                sketches_as_plain(&mut words, &s)?;
            }
        }

        #[test]
        fn the_latin_table_folds_as_fold_char_does(c in any::<char>()) {
            let mut folds = crate::text::fold_char(c, false);
            let want = match (folds.next(), folds.next()) {
                // The table marks "not one character" with '\0' (no character past ASCII
                // folds to it).
                (Some(f), None) if (c as usize) < LATIN && f != '\0' => {
                    Some((f, f.is_alphanumeric()))
                }
                _ => None,
            };
            prop_assert_eq!(fold_latin(c), want);
        }

        #[test]
        fn integer_fingerprints_equal_exactly_when_the_printed_ones_do(
            a in prop::num::f64::NORMAL | prop::num::f64::ZERO,
            d in -3i64..3,
        ) {
            // A neighbour of `a` a few ulps away, and `a` itself rounded to six digits.
            let b = f64::from_bits((a.to_bits() as i64 + d) as u64);
            let r: f64 = format!("{a:.5e}").parse().unwrap_or(a);
            for other in [b, r] {
                prop_assert_eq!(
                    value_code(a) == value_code(other),
                    format!("{a:.5e}") == format!("{other:.5e}")
                );
            }
        }
    }

    #[test]
    fn sentences_that_share_a_hash_keep_their_own_ids() {
        let mut ids = HashMap::default();
        let mut texts = Vec::new();
        let (a, b, c) = ("One said 4,000.", "Another said 3,500.", "A third said 12.");
        assert_eq!(intern(&mut ids, &mut texts, a, 7), 0);
        assert_eq!(
            intern(&mut ids, &mut texts, b, 7),
            1,
            "same hash, new sentence"
        );
        assert_eq!(intern(&mut ids, &mut texts, c, 9), 2);
        assert_eq!(
            intern(&mut ids, &mut texts, b, 7),
            1,
            "found again past the first"
        );
        assert_eq!(intern(&mut ids, &mut texts, a, 7), 0);
        assert_eq!(texts, vec![a, b, c]);
    }

    #[test]
    fn identical_sources_collapse_into_one_group_with_the_same_result() {
        let story: Figs = vec![
            (1, Some(0), Some(0), 0),
            (2, Some(1), None, 2),
            (3, None, Some(1), 3),
            (4, None, None, 5),
            (5, Some(0), None, 2),
        ];
        // A digest that lifts three sentences word for word, one figure moved to another year.
        let digest: Figs = vec![
            (1, Some(1), None, 0),
            (2, None, None, 2),
            (3, None, None, 3),
        ];
        let mut sources = Vec::new();
        let mut prints = Vec::new();
        for i in 0..60 {
            let id = format!("r{i:03}");
            sources.push(info(&id, Some(u32::from(i > 0))));
            prints.push(print(&id, &story));
        }
        for i in 0..5 {
            let id = format!("d{i:03}");
            sources.push(info(&id, Some(2)));
            prints.push(print(&id, &digest));
        }
        assert_eq!(
            classes(&Held::new(&prints)).len(),
            2,
            "equal prints are one class"
        );
        let fast = detect(&sources, &prints);
        assert_eq!(fast, detect_simple(&sources, &prints));
        assert_eq!(fast.len(), 1, "{fast:#?}");
        assert_eq!(fast[0].sources.len(), 65);
        assert_eq!(fast[0].pairs.len(), 64, "a spanning tree, not every pair");
        assert_eq!(fast[0].origin.as_deref(), Some("r000"));
    }

    #[test]
    fn prints_come_by_id_the_later_of_two_with_one_id_kept_and_empty_ones_dropped() {
        let one: Figs = vec![(1, None, None, 0), (2, None, None, 1)];
        let two: Figs = vec![(3, Some(0), None, 2)];
        let three: Figs = vec![(4, None, Some(1), 3), (5, None, None, 4)];
        let mut all = Normalized {
            prints: vec![
                print("b", &one),
                print("a", &two),
                print("c", &Vec::new()),
                print("b", &three),
            ],
            ..Normalized::default()
        };
        let got = prints(&mut all);
        assert!(all.prints.is_empty(), "taken, not cloned");
        assert_eq!(got, vec![print("a", &two), print("b", &three)]);
    }

    #[test]
    fn a_print_stays_small_however_long_its_source() {
        let long = "word ".repeat(500);
        let raw = (0..5000).map(|i| Raw {
            fp: fingerprint_of("count", f64::from(i)).unwrap_or(0),
            period: None,
            key: None,
            sentence: if i % 2 == 0 {
                &long
            } else {
                SENTENCES[i as usize % 6]
            },
        });
        let p = SourcePrint::build("long", raw);
        assert_eq!(p.figures(), MAX_FIGURES);
        assert!(p.heap_bytes() < 16 * 1024, "{} bytes", p.heap_bytes());
    }

    #[test]
    fn a_figure_repeated_in_many_sentences_keeps_the_wording_of_each() {
        // "one" and "two" recur all through a comment page; the sentence a reprint lifted may
        // be the fifth that states the figure.
        let page: Figs = vec![
            (1, None, None, 2),
            (1, None, None, 3),
            (1, None, None, 4),
            (1, None, None, 5),
            (1, None, None, 0),
        ];
        let lifted: Figs = vec![(1, None, None, 1)];
        let (a, b) = (print("page", &page), print("lifted", &lifted));
        let pair = compare("page", &a.contents, "lifted", &b.contents);
        assert_eq!(pair.verbatim, 1, "{pair:?}");
        assert!(pair.copy);
    }

    #[test]
    fn whole_values_round_their_sixth_digit_as_printing_does() {
        for n in [
            0u64,
            1,
            9,
            10,
            999_999,
            1_000_000,
            1_234_565,
            1_234_575,
            1_234_566,
            9_999_995,
            9_999_994,
            99_999_950,
            12_345_650_000,
            4_000_000_000,
        ] {
            for v in [n as f64, -(n as f64)] {
                assert_eq!(whole_value_code(v), printed_value_code(v), "{v}");
            }
        }
        assert_eq!(whole_value_code(-0.0), printed_value_code(-0.0));
        assert_eq!(whole_value_code(2.5), None, "fractions are not whole");
        for v in [
            3.2, 0.75, 12.345, 99.9999, 0.1, 1e-9, 123456.5, 999999.4, 0.000_125,
        ] {
            let fast = fraction_value_code(v).or_else(|| whole_value_code(v));
            assert_eq!(
                fast.or_else(|| printed_value_code(v)),
                printed_value_code(v),
                "{v}"
            );
        }
        assert!(
            fraction_value_code(3.2).is_some(),
            "the common case is not printed"
        );
    }

    /// `s` sketched by `words` (scratch reused from earlier sentences) as [`sketch_plain`]
    /// sketches it: the same kept hashes, equally complete.
    fn sketches_as_plain(words: &mut Words, s: &str) -> Result<(), TestCaseError> {
        let mut pool = Vec::new();
        let complete = words.sketch(s, &mut pool);
        let want = sketch_plain(s);
        prop_assert_eq!(&pool[..], &*want.grams, "{:?}", s);
        prop_assert_eq!(complete, want.complete, "{:?}", s);
        Ok(())
    }

    #[test]
    fn sketches_of_every_size_and_count_of_distinct_trigrams_near_the_bounds_match_the_plain_sketch(
    ) {
        // Every sentence size from none to past SORT_WHOLE + 1 trigrams, with every number of
        // distinct words (so of repeated trigrams), short and eight-byte-plus ASCII words: the
        // sizes where sorting whole, selecting first and the dedup meet, which random
        // sentences reach only by chance.
        let mut words = Words::default();
        for n in 0..SORT_WHOLE + 6 {
            for distinct in 1..=n.max(1) {
                for shape in ["w{}", "abcdefg{}", "Kelime{}"] {
                    let s: Vec<String> = (0..n)
                        .map(|i| shape.replace("{}", &(i % distinct).to_string()))
                        .collect();
                    sketches_as_plain(&mut words, &s.join(" ")).unwrap();
                    sketches_as_plain(&mut words, &(s.join(", ") + " ")).unwrap();
                }
            }
        }
    }

    /// The sketch as it was first built, kept as the oracle: fold the sentence, split it
    /// into words, hash each word, combine each window of three, keep the smallest distinct
    /// hashes.
    fn sketch_plain(s: &str) -> Sketch {
        let folded = crate::text::fold(s, false);
        let words: Vec<u64> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(word_hash)
            .collect();
        let mut grams: Vec<u32> = words
            .windows(3)
            .map(|w| trigram_hash(w[0], w[1], w[2]))
            .collect();
        grams.sort_unstable();
        grams.dedup();
        Sketch {
            grams: grams[..SKETCH.min(grams.len())].into(),
            complete: grams.len() <= SKETCH,
        }
    }

    #[test]
    fn the_pair_table_folds_every_two_byte_character_as_the_latin_table_does() {
        let mut found = 0;
        for pair in (0..=u16::MAX).map(u16::to_be_bytes) {
            let want = std::str::from_utf8(&pair)
                .ok()
                .and_then(|s| s.chars().next())
                .filter(|c| c.len_utf8() == 2)
                .and_then(fold_latin)
                .filter(|(f, _)| f.len_utf8() <= 2)
                .map(|(f, word)| (f.to_string().into_bytes(), word));
            let got =
                latin_pair(pair).map(|&(b, len, word)| (b[..usize::from(len)].to_vec(), word));
            assert_eq!(got, want, "{pair:x?}");
            found += usize::from(got.is_some());
        }
        assert!(found > 300, "{found}");
    }

    #[test]
    fn sketches_fold_case_and_apostrophes_as_fold_does() {
        for s in [
            "İSTANBUL’da Şirketler ÇOK büyüdü, dedi Bakan",
            "The TWO leaders met `again´ in ISTANBUL today",
            "ΣΑΣ Straße ǅemal über 4,000 firms",
            "One two three four five six seven eight nine ten eleven twelve thirteen fourteen \
             fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three \
             twenty-four twenty-five twenty-six twenty-seven",
        ] {
            let folded = crate::text::fold(s, false);
            assert_eq!(sketch_of(s), sketch_of(&folded), "{s}");
            // The sketch as it was once built: fold, split, hash each window of three.
            assert_eq!(sketch_of(s).grams, sketch_plain(s).grams, "{s}");
        }
        assert_ne!(sketch_of("a b c d"), sketch_of("a b d c"), "order matters");
    }

    #[test]
    fn words_read_eight_bytes_at_a_time_hash_as_the_plain_word_hash() {
        let words = [
            "a",
            "şirket",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "internationally",
            "abcdefghijklmnop",
            "uluslararası",
            "4",
        ];
        for w in words {
            // Inside a longer buffer, with stale bytes after it, read past its end.
            let mut buf = vec![7u8; 3];
            buf.extend_from_slice(w.as_bytes());
            buf.extend_from_slice(&[9; 8]);
            assert_eq!(folded_word_hash(&buf, 3, 3 + w.len()), word_hash(w), "{w}");
        }
    }

    #[test]
    fn trigram_hashes_tell_word_order_and_word_bounds_apart() {
        let h = |s: &str| sketch_of(s).grams;
        assert_ne!(h("a b c"), h("c b a"));
        assert_ne!(h("a b c"), h("b a c"));
        assert_ne!(h("a b c"), h("a c b"));
        assert_ne!(h("a b a"), h("b a b"));
        assert_ne!(h("a a b"), h("b b a"));
        assert_ne!(h("ab c d"), h("a bc d"));
        assert_ne!(h("abcdefgh i j"), h("abcdefghi j"));
        assert_eq!(h("a b c"), h("A, b: C!"));
        // Distinct trigrams of one sentence hash apart (a collision would shrink the sketch).
        let many: String = (0..200).map(|n| format!("w{n} ")).collect();
        assert_eq!(sketch_of(&many).grams.len(), SKETCH);
        let mut all: Vec<u32> = (0..198)
            .map(|n| {
                let w = |k: u64| word_hash(&format!("w{k}"));
                trigram_hash(w(n), w(n + 1), w(n + 2))
            })
            .collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 198);
    }

    #[test]
    fn a_signature_crowded_past_its_count_rules_nothing_out() {
        // 100 hashes on one bit: 99 crowded, more than six bits count.
        let grams: Vec<u32> = (0..100).map(|n| n << 16).collect();
        let sig = signature(&grams);
        assert_eq!(sig >> SIG_BITS, 63);
        let w = Wording {
            grams: &grams,
            complete: true,
        };
        assert!(same_wording(w, w));
        assert!(may_be_alike(w, sig, w, sig));
    }

    #[test]
    fn sentences_worded_alike_match_and_others_do_not() {
        let (a, b, c) = (
            sketch_of(SENTENCES[0]),
            sketch_of(SENTENCES[1]),
            sketch_of(SENTENCES[2]),
        );
        assert!(same_wording(a.wording(), a.wording()));
        assert!(same_wording(a.wording(), b.wording()), "one word added");
        assert!(!same_wording(a.wording(), c.wording()));
        let short = sketch_of("A short");
        assert!(!same_wording(short.wording(), short.wording()));
    }

    proptest! {
        #[test]
        fn the_copy_index_finds_the_group_a_scan_of_the_groups_finds(
            groups in prop::collection::vec(prop::collection::vec(0u8..12, 0..6), 0..6),
        ) {
            // Hand-built groups: unsorted, empty, or sharing members, with ids absent from all.
            let copies: Vec<CopyGroup> = groups
                .iter()
                .map(|g| CopyGroup {
                    sources: g.iter().map(|m| Box::from(format!("s{m}"))).collect(),
                    shared: 0,
                    of: 0,
                    why: String::new(),
                    origin: None,
                    pairs: Vec::new(),
                })
                .collect();
            let index = CopyIndex::new(&copies);
            for m in 0..14 {
                let id = format!("s{m}");
                let scan = copies.iter().position(|g| g.sources.iter().any(|s| **s == *id));
                prop_assert_eq!(index.group_of(&id), scan);
                prop_assert_eq!(index.origin(&id), origin_key(&id, &copies));
            }
        }
    }
}
