//! The candidate pairs of small classes through common figures, found by wording.
//!
//! A class with fewer than [`MIN_SHARED`] figures leads pairs only with classes that have at
//! least as many (`candidates` pairs a class with the larger ones; a smaller class leads its
//! pair with this one), so in each pair it leads `of` is its own count and rule 1 cannot
//! pass: it is a copy only by rule 2. When its prefix
//! figures are common ones (a year, a round sum), pairing it with every class that states
//! them made millions of pairs, each read back and scored, of which one in two hundred was a
//! copy. Rule 2 needs a shared figure stated in sentences worded alike, and sentences worded
//! alike share one of the first few hashes of their sketches (a prefix filter again, on the
//! sketches): so such a class's pairs are looked for by (figure, hash) *tokens*, not by
//! figure alone. The small classes ask a block at a time (their contents held, and their
//! tokens), and each class that states one of their prefix figures is read once per block,
//! its tokens looked up; a pair that shares one is scored on the contents at hand.
//!
//! ## Why no copy is missed
//!
//! Let `i` have `n < MIN_SHARED` figures and `j` be a class paired with it, `(n, i) < (|j|,
//! j)`, and let the pair be a copy.
//!
//! 1. `shared ≤ n < MIN_SHARED`, so rule 2 passes: at least `⌈n/2⌉` figures of `i`, each also
//!    in `j`, have a statement in `i` and one in `j` whose sentences are both kept and
//!    worded alike (`same_wording`; `may_be_alike` only rules pairs out). A statement past
//!    [`super::MAX_STATEMENTS`] is not in the print, and one past [`super::MAX_SENTENCES`]
//!    (or a figure left with no statement) has no sentence: none of them can be worded
//!    alike, and none gives a token, on either side.
//! 2. The prefix holds `⌊n/2⌋ + 1` of the `n` figures' keys (a key two figures share counts
//!    for each), and `n − ⌊n/2⌋ − 1 < ⌈n/2⌉`, so one of those figures, `f`, is worded alike
//!    in both; `j` states `f`, so it states the prefix key of `f`. If no prefix key of `i` is
//!    common ([`by_wording`]), `candidates` takes the pair from that key's run (its key
//!    bits drop it there only when the two share fewer keys than rule 2 needs). Otherwise `i`
//!    finds its pairs here, and its block asks about every key of its prefix: `j` is read.
//! 3. Let `X` and `Y` be the sketches of the two sentences (sorted, distinct, at most
//!    [`super::SKETCH`] hashes each). `same_wording` walks the `s = min(limit, |X ∪ Y|)`
//!    smallest hashes of `X ∪ Y` (`limit` is `SKETCH`, or unbounded when both are complete)
//!    and passes when `both / s ≥ 0.6`, `both` counting the walked hashes in `X` and `Y`: so
//!    `5·both ≥ 3·s` (in integers; below it, the quotient is at least `1/(5s) ≥ 1/240` under
//!    ⅗, as `s ≤ 2·SKETCH = 48`, far more than a division rounds). As `|X| ≤ SKETCH ≤ limit`, `s ≥ |X|`, and
//!    `both ≥ 1`. Let `u` be the smallest walked hash in both: the hashes of `X` below `u` are
//!    walked (they are below a walked hash) and not in `Y` (they are below `u`), so there are
//!    at most `|X| − both ≤ |X| − ⅗|X|` of them, and `u` is among the first `⌊2|X|/5⌋ + 1`
//!    hashes of `X` ([`lead`]). Likewise of `Y`.
//! 4. So `(f, u)` is a token of both: `i` asks the tokens of every figure it keeps, and the
//!    tokens of each figure of `j` that a class of the block keeps (`f`) are looked up. A
//!    token is a 32-bit hash of the fingerprint and the trigram hash: equal ones hash alike,
//!    and a collision only adds a pair.
//!
//! What is found is a candidate, not a copy: it is scored as every other is, so the groups
//! are those every pair would give.

use super::{mix, Class, Contents, Loaded, Shelf, Stated, FX, MIN_SHARED};

/// When pairs are found by wording.
#[derive(Debug, Clone, Copy)]
pub(super) struct Knobs {
    /// Classes stating a key past which it is common: up to this many, taking each as a
    /// candidate costs fewer prints read back than looking up the small class's tokens.
    pub common: usize,
    /// Bytes of small classes asking at once (their contents and 8 bytes a token): they are
    /// looked up a block at a time, so that what this holds does not grow with the corpus
    /// (a block holds this much and one class more, besides a bit per class read).
    pub block: usize,
}

impl Knobs {
    /// What a run uses (tests set others).
    pub(super) const RUN: Knobs = Knobs {
        common: 16,
        block: 1 << 20,
    };
}

// Tests only: other knobs, so that small corpora find pairs by wording, a few classes at a
// time. Set on the thread that detects.
#[cfg(test)]
thread_local! {
    pub(crate) static KNOBS: std::cell::Cell<Option<Knobs>> = const { std::cell::Cell::new(None) };
}

/// Whether a class with `n` figures and prefix `rare` ([`Stated::rarest`]) finds its pairs
/// by wording: when it has fewer than [`MIN_SHARED`] and one of the keys is stated by more
/// than `common` classes.
pub(super) fn by_wording(n: usize, rare: &[(usize, u32, usize)], common: usize) -> bool {
    n < MIN_SHARED && rare.iter().any(|&(len, _, _)| len > common)
}

/// The lead of a sketch (sorted): its first `⌊2n/5⌋ + 1` hashes, where two sentences worded
/// alike share one (module docs, step 3). None of an empty sketch.
fn lead(grams: &[u32]) -> &[u32] {
    let n = grams.len();
    grams.get(..(2 * n / 5 + 1).min(n)).unwrap_or_default()
}

/// The token of a figure's fingerprint and one hash of its sentence's lead.
fn token(fp: u64, h: u32) -> u32 {
    (mix(fp ^ u64::from(h).wrapping_mul(FX)) >> 32) as u32
}

/// Each token of figure `f` (fingerprint `fp`) of `c`: for every kept sentence of its
/// statements, every hash of its lead.
fn tokens(c: &Contents, f: usize, fp: u64, mut each: impl FnMut(u32)) {
    for s in c.statements(f) {
        let Some(w) = s.get(2).and_then(|&sentence| c.sentence(sentence)) else {
            continue;
        };
        for &h in lead(w.grams) {
            each(token(fp, h));
        }
    }
}

/// Gives `take` each pair `(i, j)` of classes, once, with their contents, where `i` finds
/// its pairs by wording (its bit set in `leaders`, which `candidates` sets by [`by_wording`]),
/// `(|i|, i) < (|j|, j)` and the two share a token: every copy pair of such a class (module
/// docs). They come a block of `block_bytes` of `i` at a time, in order of `j`.
pub(super) fn pairs<S: Shelf>(
    shelf: &S,
    classes: &[Class],
    leaders: &[u64],
    stated: &Stated,
    block_bytes: usize,
    mut take: impl FnMut(usize, usize, &Contents, &Contents),
) {
    // A block of small classes (their numbers and contents), their tokens as (token, place
    // in the block), the prefix keys they ask about and their fingerprints.
    let mut block: Vec<(usize, Contents)> = Vec::new();
    let mut asks: Vec<(u32, u32)> = Vec::new();
    let mut prefix_keys: Vec<u32> = Vec::new();
    let mut asked: Vec<u64> = Vec::new();
    // The tokens asked, as bits.
    let mut asked_bits: Vec<u64> = Vec::new();
    let mut rare = Vec::new();
    let mut buf = Loaded::default();
    // The classes stating a key asked about, as bits.
    let mut read: Vec<u64> = Vec::new();
    // The places in the block of the classes that share a token with the class read.
    let mut sharing: Vec<u32> = Vec::new();
    let size = |i: usize| classes[i].keys.len();
    let mut next = 0;
    while next < classes.len() {
        block.clear();
        asks.clear();
        prefix_keys.clear();
        asked.clear();
        let mut bytes = 0;
        while next < classes.len() && bytes < block_bytes.max(1) {
            let (i, c) = (next, &classes[next]);
            next += 1;
            if !leaders
                .get(i / 64)
                .is_some_and(|word| word >> (i % 64) & 1 == 1)
            {
                continue;
            }
            stated.rarest(c.keys, &mut rare);
            // A print that cannot be read back is linked to none (`link`), found here or not.
            let Some(contents) = shelf.contents(c.print, &mut buf) else {
                continue;
            };
            prefix_keys.extend(rare.iter().map(|r| r.1));
            let (place, before) = (block.len() as u32, asks.len());
            for (f, &fp) in contents.fps().iter().enumerate() {
                asked.push(fp);
                tokens(contents, f, fp, |t| asks.push((t, place)));
            }
            bytes += 8 * (asks.len() - before) + contents.heap_bytes();
            block.push((i, contents.clone()));
        }
        if block.is_empty() {
            continue;
        }
        prefix_keys.sort_unstable();
        prefix_keys.dedup();
        asked.sort_unstable();
        asked.dedup();
        asks.sort_unstable();
        asks.dedup();
        // Most tokens of a class read are asked by none: told by one bit (of at least eight a
        // token asked, by the token's top bits) before the asks are searched.
        // At most 2^24 bits: a block's asks stay far below that with any sensible block
        // size (the run's 1 MiB gives at most 2^21), and the shift below needs `k < 32`.
        let k = (8 * asks.len())
            .next_power_of_two()
            .clamp(64, 1 << 24)
            .trailing_zeros();
        let bit = |t: u32| (t >> (32 - k)) as usize;
        asked_bits.clear();
        asked_bits.resize(1 << (k - 6), 0u64);
        for &(t, _) in &asks {
            if let Some(word) = asked_bits.get_mut(bit(t) / 64) {
                *word |= 1 << (bit(t) % 64);
            }
        }
        // Every class stating a prefix key of the block, read once, in order: the tokens of
        // its asked figures looked up.
        read.clear();
        read.resize(classes.len().div_ceil(64), 0);
        for &key in &prefix_keys {
            let (from, len) = stated.run(key);
            for j in stated.classes(from, len) {
                if let Some(word) = read.get_mut(j / 64) {
                    *word |= 1 << (j % 64);
                }
            }
        }
        for (w, &word) in read.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                let j = 64 * w + word.trailing_zeros() as usize;
                word &= word - 1;
                let Some(fj) = shelf.contents(classes[j].print, &mut buf) else {
                    continue;
                };
                sharing.clear();
                for (f, &fp) in fj.fps().iter().enumerate() {
                    if asked.binary_search(&fp).is_err() {
                        continue;
                    }
                    tokens(fj, f, fp, |t| {
                        let word = asked_bits.get(bit(t) / 64).copied().unwrap_or(u64::MAX);
                        if word >> (bit(t) % 64) & 1 == 0 {
                            return;
                        }
                        let from = asks.partition_point(|&(a, _)| a < t);
                        let run = asks.get(from..).unwrap_or_default();
                        for &(_, place) in run.iter().take_while(|&&(a, _)| a == t) {
                            sharing.push(place);
                        }
                    });
                }
                sharing.sort_unstable();
                sharing.dedup();
                for &place in &sharing {
                    let Some((i, fi)) = block.get(place as usize) else {
                        continue;
                    };
                    if (size(*i), *i) < (size(j), j) {
                        take(*i, j, fi, fj);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{detect_simple, finds_every_copy_pair, info};
    use super::super::{detect, fingerprint_of, same_wording, Raw, SourceInfo, SourcePrint};
    use super::super::{Wording, SKETCH};
    use super::*;
    use proptest::prelude::*;

    /// Few words, so that sentences of random words share trigrams often.
    const WORDS: [&str; 8] = ["the", "bank", "rose", "said", "in", "of", "a", "march"];

    /// One statement: a figure, most from a pool of six that many sources state, and its
    /// sentence: one of a few base sentences with some words replaced, so that sentences are
    /// shared, nearly shared or not.
    type Said = (u8, usize, Vec<(prop::sample::Index, usize)>);

    fn said() -> impl Strategy<Value = Said> {
        (
            prop_oneof![3 => 0u8..6, 1 => 6u8..100],
            0usize..4,
            prop::collection::vec((any::<prop::sample::Index>(), 0usize..WORDS.len()), 0..4),
        )
    }

    /// Sources of one to four statements, most of them, or many (past the caps on statements
    /// and sentences), some of them reprints of an earlier one; base sentences of one word
    /// (no trigram) to forty (more than a sketch keeps).
    fn corpus() -> impl Strategy<Value = (Vec<SourceInfo>, Vec<SourcePrint>)> {
        let bases = prop::collection::vec(prop::collection::vec(0..WORDS.len(), 1..40), 4);
        let source = prop_oneof![
            4 => prop::collection::vec(said(), 1..5),
            1 => prop::collection::vec(said(), 5..80),
        ];
        let sources = prop::collection::vec((source, any::<Option<u8>>()), 1..14);
        (bases, sources).prop_map(|(bases, specs)| {
            let mut all: Vec<Vec<Said>> = Vec::new();
            for (said, reprint) in specs {
                match reprint {
                    Some(r) if !all.is_empty() && r % 3 == 0 => {
                        all.push(all[usize::from(r) % all.len()].clone())
                    }
                    _ => all.push(said),
                }
            }
            let mut sources = Vec::new();
            let mut prints = Vec::new();
            for (n, said) in all.iter().enumerate() {
                let texts: Vec<String> = said
                    .iter()
                    .map(|(_, base, edits)| {
                        let mut words = bases[*base].clone();
                        for (at, w) in edits {
                            let k = at.index(words.len());
                            words[k] = *w;
                        }
                        let words: Vec<&str> = words.iter().map(|&w| WORDS[w]).collect();
                        words.join(" ")
                    })
                    .collect();
                let raw = said.iter().zip(&texts).filter_map(|((v, _, _), text)| {
                    Some(Raw {
                        fp: fingerprint_of("count", 1000.0 + f64::from(*v))?,
                        period: None,
                        key: None,
                        sentence: text,
                    })
                });
                let id = format!("s{n:02}");
                sources.push(info(&id, Some(n as u32)));
                prints.push(SourcePrint::build(&id, raw));
            }
            (sources, prints)
        })
    }

    /// Every figure common, looked up one class at a time, a few at a time, or as a run does.
    const KNOBS_TRIED: [Knobs; 4] = [
        Knobs {
            common: 0,
            block: 1,
        },
        Knobs {
            common: 0,
            block: 400,
        },
        Knobs {
            common: 2,
            block: 1,
        },
        Knobs::RUN,
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn every_copy_pair_of_a_small_class_is_found_by_wording(
            (_, prints) in corpus(),
            coarse: bool,
        ) {
            for knobs in KNOBS_TRIED {
                finds_every_copy_pair(&prints, coarse, knobs)?;
            }
        }

        #[test]
        fn groups_with_pairs_found_by_wording_are_those_of_joining_every_pair(
            (sources, prints) in corpus(),
        ) {
            let every = detect_simple(&sources, &prints);
            for knobs in KNOBS_TRIED {
                KNOBS.set(Some(knobs));
                let groups = detect(&sources, &prints);
                KNOBS.set(None);
                prop_assert_eq!(&groups, &every);
            }
        }

        #[test]
        fn sentences_worded_alike_share_a_hash_of_their_leads(
            sides in prop::collection::vec(0u8..5, 1..2 * SKETCH),
            complete: (bool, bool),
        ) {
            // Sketches as prints keep them (at most SKETCH hashes, sorted, distinct): hash
            // `k` in the first only (side 0), the second only (1) or both (2 to 4), so that
            // pairs lie near the threshold, with their misses anywhere before a shared hash.
            let side = |keep: fn(u8) -> bool| -> Vec<u32> {
                let on = sides.iter().enumerate().filter(|&(_, &s)| keep(s));
                let mut grams: Vec<u32> = on.map(|(k, _)| 7 * k as u32).collect();
                grams.truncate(SKETCH);
                grams
            };
            let (x, y) = (side(|s| s != 1), side(|s| s != 0));
            let a = Wording { grams: &x, complete: complete.0 };
            let b = Wording { grams: &y, complete: complete.1 };
            if same_wording(a, b) {
                let shared = lead(&x).iter().any(|h| lead(&y).contains(h));
                prop_assert!(shared, "{:?} {:?}", lead(&x), lead(&y));
            }
        }
    }
}
