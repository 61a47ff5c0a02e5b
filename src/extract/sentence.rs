//! One sentence at a time: numbers are found, then claimed in a fixed order so that each
//! becomes exactly one mention: calendar dates first, then identifiers, then period
//! expressions (`in 2023`, `the first five months`), then ordinals; what is left is a
//! quantity, which gathers its unit, joins another into a range or a change, and takes its
//! hedge. Last, periods are resolved (against earlier years and the publication date) and
//! handed to the quantities of their clause.

use std::cell::RefCell;

use chrono::{Datelike, NaiveDate};

use super::lexicon::{
    slot_bit, Entry, Lexicon, PeriodKindRule, PeriodRule, PhraseKind, ProbeIndex,
};
use super::numbers::{
    find_phrases_at, may_start_phrase, read_word, split_compounds, NumKind, NumPhrase,
};
use super::template::{word_bit, Elem, Probe, Slot, Template};
use super::token::{
    recycle, tokenize_reading, Folded, Kind, Tok, NAMES_MONTH, OPENS_DATE, OPENS_PERIOD,
};
use super::{Hedge, Ignored, Mention, Period, PeriodKind, Unit};
use crate::text::Span;

/// What carries over from one sentence to the next.
pub(crate) struct DocState {
    pub published: Option<NaiveDate>,
    /// The last year the text named, for `the same year`.
    pub last_year: Option<i32>,
}

#[derive(Debug, Clone, Copy)]
struct Hit {
    slot: Slot,
    start: usize,
    /// phrase index (n, year, day), core index (q) or month number (month)
    item: usize,
}

#[derive(Debug, Clone)]
struct Core {
    start: usize,
    end: usize,
    phrase: usize,
    value: Option<f64>,
    scale: f64,
    case: u32,
}

#[derive(Debug, Clone)]
struct Quant {
    /// Whole expression, tokens.
    start: usize,
    end: usize,
    core: usize,
    value: Option<f64>,
    upper: Option<f64>,
    previous: Option<f64>,
    unit: Unit,
    hedge: Hedge,
    ignored: Option<Ignored>,
    period: Option<Period>,
}

/// A pattern matched at tokens `start..end`: which pattern (`rule`), and its slots' hits as
/// `lo..hi` of the sentence's kept hits.
#[derive(Debug, Clone, Copy)]
struct Cand {
    start: usize,
    end: usize,
    rule: usize,
    lo: usize,
    hi: usize,
}

struct PExpr {
    start: usize,
    end: usize,
    rule: usize,
    /// Its hits: `lo..hi` of the sentence's kept hits.
    lo: usize,
    hi: usize,
    period: Option<Period>,
    bound: bool,
}

/// What one walk over a sentence's tokens gathers for the passes after it, noted token by
/// token as the tokenizer writes them and their words are looked up ([`Walk::note`]).
#[derive(Default)]
struct Walk {
    /// Which words the sentence may hold, as [`word_bit`] bits (for [`Template::may_fit`]).
    bits: u64,
    /// Where the digit runs are: the only tokens an identifier's chain can open at.
    nums: Vec<usize>,
    /// Where a number phrase may start ([`may_start_phrase`]).
    may: Vec<usize>,
    /// Where a word stands that names a month ([`NAMES_MONTH`]), in token order.
    month_words: Vec<usize>,
    /// Where a word stands that a date pattern may open with, in token order.
    date_words: Vec<usize>,
    /// Where a word stands that a period pattern may open with, in token order.
    period_words: Vec<usize>,
}

impl Walk {
    fn clear(&mut self) {
        self.bits = 0;
        self.nums.clear();
        self.may.clear();
        self.month_words.clear();
        self.date_words.clear();
        self.period_words.clear();
    }

    /// Note token `p`, `t`, its words already looked up; tokens are noted in order.
    #[inline(always)]
    fn note(&mut self, t: &Tok, p: usize) {
        self.bits |= word_bit(t.norm);
        if t.kind == Kind::Num {
            self.nums.push(p);
        }
        if may_start_phrase(t) {
            self.may.push(p);
        }
        if t.opens != 0 {
            if t.opens & OPENS_DATE != 0 {
                self.date_words.push(p);
            }
            if t.opens & OPENS_PERIOD != 0 {
                self.period_words.push(p);
            }
            if t.opens & NAMES_MONTH != 0 {
                self.month_words.push(p);
            }
        }
    }

    /// Walk `toks` afresh.
    fn note_all(&mut self, toks: &[Tok]) {
        self.clear();
        for (p, t) in toks.iter().enumerate() {
            self.note(t, p);
        }
    }
}

/// The buffers one sentence's analysis fills. Each thread keeps one and every sentence
/// reuses it, so analyzing a sentence allocates only for what it hands out (its mentions).
#[derive(Default)]
struct Scratch {
    /// The sentence folded, which its words are slices of.
    folded: Folded,
    /// The tokenizer's side buffer (see [`super::token::tokenize_into`]).
    extra: String,
    /// The sentence's tokens: empty between sentences (they borrow the sentence).
    toks: Vec<Tok<'static>>,
    walk: Walk,
    phrases: Vec<NumPhrase>,
    /// The number phrase each token starts, [`NONE`] where none does.
    phrase_at: Vec<u32>,
    claimed: Vec<bool>,
    /// The months the sentence names: (token, (month, end token, case)), in token order.
    months: Vec<(usize, (u32, usize, u32))>,
    /// The slots each token can start, as [`slot_bit`] bits.
    slots: Vec<u8>,
    /// Where a number phrase or a month starts, in token order: the only tokens that can
    /// start a slot.
    starts: Vec<usize>,
    /// The tokens a group of patterns is tried at, in token order.
    at: Vec<usize>,
    /// Where the words are that say a clause speaks of the present (`currently`).
    presents: Vec<usize>,
    /// (token position, year) of every year the sentence names, for `the same year`
    year_events: Vec<(usize, i32)>,
    /// The hits of the pattern being tried.
    hits: Vec<Hit>,
    tried: Vec<usize>,
    cands: Vec<Cand>,
    /// The hits of every candidate, each candidate's a run of its own.
    kept: Vec<Hit>,
    taken: Vec<Cand>,
    chained: Vec<bool>,
    pexprs: Vec<PExpr>,
    cores: Vec<Core>,
    /// The unit of each core, apart from `cores` so that a quantity can take it over.
    units: Vec<Unit>,
    /// The quantity core each token starts, [`NONE`] where none does.
    core_at: Vec<u32>,
    quants: Vec<Quant>,
    events: Vec<(usize, Option<usize>, i32)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

struct Cx<'a> {
    toks: &'a [Tok<'a>],
    phrases: &'a [NumPhrase],
    phrase_at: &'a [u32],
    claimed: &'a [bool],
    cores: &'a [Core],
    core_at: &'a [u32],
    /// The months the sentence names, looked up once per sentence: (token, (month, end
    /// token, case)), in token order. Few sentences name more than one.
    months: &'a [(usize, (u32, usize, u32))],
}

/// No phrase or core starts at this token (see [`Scratch::phrase_at`]).
const NONE: u32 = u32::MAX;

/// The index kept at token `p` of a `phrase_at` or `core_at` table, if there is one.
#[inline]
fn at_index(table: &[u32], p: usize) -> Option<usize> {
    table
        .get(p)
        .copied()
        .filter(|&k| k != NONE)
        .map(|k| k as usize)
}

/// `k` as a `phrase_at` or `core_at` entry: a sentence never has `u32::MAX` phrases, and
/// one that did would lose only the last ones.
#[inline]
fn index_at(k: usize) -> u32 {
    u32::try_from(k).unwrap_or(NONE)
}

/// Is `t` the one-character punctuation mark `mark`?
fn is_punct(t: &Tok, mark: u8) -> bool {
    t.kind == Kind::Punct && matches!(t.norm.as_bytes(), [b] if *b == mark)
}

/// The month `toks[p]` names (`Oct.` included), with the token after it and its case mask.
fn month_at(toks: &[Tok], lex: &Lexicon, p: usize) -> Option<(u32, usize, u32)> {
    let t = toks.get(p)?;
    if t.kind != Kind::Word {
        return None;
    }
    let w = t.word?;
    let (es, mask) = lex.entries_and_mask(w);
    let m = es.iter().find_map(|e| match e {
        Entry::Month(m) => Some(*m),
        _ => None,
    })?;
    let mut end = p + 1;
    if toks.get(end).is_some_and(|d| is_punct(d, b'.') && d.glued) {
        end += 1;
    }
    let case = mask | t.suffix.and_then(|s| lex.suffix_case(s)).unwrap_or(0);
    Some((m, end, case))
}

impl Cx<'_> {
    fn free_phrase(&self, p: usize) -> Option<(usize, &NumPhrase)> {
        let k = at_index(self.phrase_at, p)?;
        if self.claimed[k] {
            return None;
        }
        Some((k, &self.phrases[k]))
    }

    /// The slots that can start at token `p`, as [`slot_bit`] bits: [`Cx::slot`]'s tests,
    /// with the phrase at `p` looked up once for the three slots a phrase can fill.
    fn slots_at(&self, p: usize) -> u8 {
        let mut bits = 0;
        if at_index(self.core_at, p).is_some() {
            bits |= 1 << slot_bit(Slot::Q);
        }
        if let Some((_, ph)) = self.free_phrase(p) {
            if let Some(v) = ph.value {
                let cardinal = ph.kind == NumKind::Cardinal;
                if cardinal {
                    bits |= 1 << slot_bit(Slot::N);
                }
                if cardinal && ph.plain_digits == Some(4) && (1000.0..=2100.0).contains(&v) {
                    bits |= 1 << slot_bit(Slot::Year);
                }
                if matches!(ph.kind, NumKind::Cardinal | NumKind::Ordinal)
                    && ph.plain_digits.is_some_and(|d| d <= 2)
                    && v.fract() == 0.0
                    && (1.0..=31.0).contains(&v)
                {
                    bits |= 1 << slot_bit(Slot::Day);
                }
            }
        }
        if self.month(p).is_some() {
            bits |= 1 << slot_bit(Slot::Month);
        }
        #[cfg(test)]
        assert_eq!(bits, self.slots_at_each(p), "slots at token {p}");
        bits
    }

    /// The oracle for [`Cx::slots_at`]: each slot asked of [`Cx::slot`] in turn. The unit
    /// tests check every token any of them analyses against it.
    #[cfg(test)]
    fn slots_at_each(&self, p: usize) -> u8 {
        let mut bits = 0;
        for s in [Slot::Q, Slot::N, Slot::Year, Slot::Day, Slot::Month] {
            if self.slot(s, p).is_some() {
                bits |= 1 << slot_bit(s);
            }
        }
        bits
    }

    /// [`Cx::slots_at`] of every token, written into `out`; gives the slots that can start
    /// anywhere in the sentence. Only where a number, a figure or a month starts (`starts`)
    /// can a slot start, so the other tokens are not asked.
    fn fill_slots(&self, starts: &[usize], out: &mut Vec<u8>) -> u8 {
        out.clear();
        out.resize(self.toks.len(), 0);
        let mut all = 0;
        for &p in starts {
            if let Some(bits) = out.get_mut(p) {
                *bits = self.slots_at(p);
                all |= *bits;
            }
        }
        all
    }

    fn month(&self, p: usize) -> Option<(u32, usize, u32)> {
        let k = self.months.partition_point(|m| m.0 < p);
        self.months.get(k).filter(|m| m.0 == p).map(|m| m.1)
    }

    fn slot(&self, slot: Slot, p: usize) -> Option<(usize, usize, u32)> {
        match slot {
            Slot::Q => {
                let c = at_index(self.core_at, p)?;
                let core = &self.cores[c];
                Some((core.end, c, core.case))
            }
            Slot::N => {
                let (k, ph) = self.free_phrase(p)?;
                (ph.kind == NumKind::Cardinal && ph.value.is_some()).then_some((ph.end, k, ph.case))
            }
            Slot::Year => {
                let (k, ph) = self.free_phrase(p)?;
                let v = ph.value?;
                let ok = ph.kind == NumKind::Cardinal
                    && ph.plain_digits == Some(4)
                    && (1000.0..=2100.0).contains(&v);
                ok.then_some((ph.end, k, ph.case))
            }
            Slot::Day => {
                let (k, ph) = self.free_phrase(p)?;
                let v = ph.value?;
                let ok = matches!(ph.kind, NumKind::Cardinal | NumKind::Ordinal)
                    && ph.plain_digits.is_some_and(|d| d <= 2)
                    && v.fract() == 0.0
                    && (1.0..=31.0).contains(&v);
                ok.then_some((ph.end, k, ph.case))
            }
            Slot::Month => self.month(p).map(|(m, end, case)| (end, m as usize, case)),
        }
    }

    /// Match `t` at token `start`: the end token, with the slots' hits left in `hits`
    /// (a scratch buffer the caller reuses, so a failed attempt allocates nothing).
    fn matches(&self, t: &Template, start: usize, hits: &mut Vec<Hit>) -> Option<usize> {
        let mut p = start;
        hits.clear();
        for e in &t.elems {
            match e {
                Elem::Lit(l) => {
                    if !l.matches(self.toks.get(p)?) {
                        return None;
                    }
                    p += 1;
                }
                Elem::Slot(s, mask) => {
                    let (end, item, case) = self.slot(*s, p)?;
                    if *mask != 0 && case & mask == 0 {
                        return None;
                    }
                    hits.push(Hit {
                        slot: *s,
                        start: p,
                        item,
                    });
                    p = end;
                }
            }
        }
        Some(p)
    }
}

/// The first bytes of the words beside a figure, as [`Template::probe_key`] gives them.
fn probe_keys(toks: &[Tok], core: &Core) -> (u16, u16) {
    let first = |t: Option<&Tok>| t.and_then(|t| t.norm.as_bytes().first().copied());
    let before = first(core.start.checked_sub(1).and_then(|b| toks.get(b)));
    let after = first(toks.get(core.end));
    (
        before.map_or(u16::MAX, |b| 0x100 | u16::from(b)),
        after.map_or(u16::MAX, |b| 0x200 | u16::from(b)),
    )
}

/// Can `t` match with its first slot on `core`? A look at the word beside the figure (whose
/// first bytes `keys` has): false only where matching would fail.
fn probe_fits(t: &Template, keys: (u16, u16), toks: &[Tok], core: &Core) -> bool {
    let key = t.probe_key();
    if key != 0 && key != keys.0 && key != keys.1 {
        return false;
    }
    match t.probe() {
        Probe::Before(l) => core
            .start
            .checked_sub(1)
            .and_then(|b| toks.get(b))
            .is_some_and(|b| l.matches(b)),
        Probe::AfterQ(l) => toks.get(core.end).is_some_and(|a| l.matches(a)),
        Probe::None => true,
    }
}

/// The unit of core `c`, taken out of `units` (a count left behind): each core's unit goes
/// to one quantity. `units` holds one unit per core, pushed with it, so `c` is in range.
fn take_unit(units: &mut [Unit], c: usize) -> Unit {
    std::mem::replace(&mut units[c], Unit::Count)
}

/// Choose the longest matches that do not overlap (earlier first on ties), in token order.
fn select(cands: &mut [Cand], taken: &mut Vec<Cand>) {
    cands.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    taken.clear();
    for c in cands.iter() {
        if taken.iter().all(|t| c.end <= t.start || t.end <= c.start) {
            taken.push(*c);
        }
    }
    taken.sort_by_key(|t| t.start);
}

/// The union of two ascending runs of token positions, ascending and without repeats,
/// written into `out`.
fn union(a: impl Iterator<Item = usize>, b: impl Iterator<Item = usize>, out: &mut Vec<usize>) {
    out.clear();
    let (mut a, mut b) = (a.peekable(), b.peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(&x), Some(&y)) if x <= y => {
                if x == y {
                    b.next();
                }
                a.next()
            }
            (Some(_), Some(_)) | (None, Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, None) => break,
        };
        if let Some(p) = next {
            if out.last() != Some(&p) {
                out.push(p);
            }
        }
    }
}

fn is_clause_mark(t: &Tok) -> bool {
    t.kind == Kind::Punct && matches!(t.norm.as_bytes(), [b',' | b';' | b':' | b'(' | b')'])
}

fn last_day(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// The span in the text of tokens `a..b` of the sentence `sentence` (their offsets are from
/// its start).
fn span_of(toks: &[Tok], sentence: Span, a: usize, b: usize) -> Span {
    let at = |o: u32| sentence.start + o as usize;
    Span::new(at(toks[a].start), at(toks[b.max(a + 1) - 1].end))
}

/// Analyze one sentence; push its mentions to `out`.
pub(crate) fn analyze(
    text: &str,
    sentence: Span,
    lex: &Lexicon,
    state: &mut DocState,
    out: &mut Vec<Mention>,
) {
    let mut pending = Some((state, out));
    let _ = SCRATCH.try_with(|cell| {
        if let Ok(mut scratch) = cell.try_borrow_mut() {
            if let Some((state, out)) = pending.take() {
                analyze_in(text, sentence, lex, state, out, &mut scratch);
            }
        }
    });
    // no thread-local buffers to be had (a thread shutting down): fresh ones
    if let Some((state, out)) = pending {
        analyze_in(text, sentence, lex, state, out, &mut Scratch::default());
    }
}

fn analyze_in(
    text: &str,
    sentence: Span,
    lex: &Lexicon,
    state: &mut DocState,
    out: &mut Vec<Mention>,
    scratch: &mut Scratch,
) {
    let mut folded = std::mem::take(&mut scratch.folded);
    let mut extra = std::mem::take(&mut scratch.extra);
    let mut toks = recycle(std::mem::take(&mut scratch.toks));
    if let Some(slice) = text.get(sentence.start..sentence.end) {
        folded.fill(slice, lex.dotless_i);
        read_tokens(
            text,
            sentence,
            lex,
            &folded,
            &mut extra,
            &mut toks,
            &mut scratch.walk,
        );
        analyze_tokens(&toks, sentence, lex, state, out, scratch);
    }
    scratch.toks = recycle(toks);
    scratch.folded = folded;
    scratch.extra = extra;
}

/// Reads `sentence` of `text` (`folded` filled from it) into `toks` and notes them in `walk`,
/// in one walk, not three: each word is looked up and noted as the tokenizer writes it. Only
/// when the tokenizer rewrote a token after writing it (`extra`), or a compound word was
/// split, are the words read or noted again, over the finished tokens.
// Inlined into `analyze_in`, as the walk was before it became a function its test can call:
// out of line it cost ~1% of extract+normalize (seeds 129.3M -> 130.0M instructions).
#[inline(always)]
fn read_tokens<'a>(
    text: &'a str,
    sentence: Span,
    lex: &'a Lexicon,
    folded: &'a Folded,
    extra: &'a mut String,
    toks: &mut Vec<Tok<'a>>,
    walk: &mut Walk,
) {
    walk.clear();
    let rewrote = tokenize_reading(
        text,
        sentence.start,
        sentence.end,
        lex.dotless_i,
        folded,
        extra,
        toks,
        |t, p| {
            read_word(t, lex);
            walk.note(t, p);
        },
    );
    if rewrote {
        for t in toks.iter_mut() {
            read_word(t, lex);
        }
    }
    let split = split_compounds(toks, lex);
    if rewrote || split {
        walk.note_all(toks);
    }
}

/// The months the sentence names, with where each is: read only at the words the walk
/// found naming one (`month_words`).
fn months_in(
    toks: &[Tok],
    month_words: &[usize],
    lex: &Lexicon,
    months: &mut Vec<(usize, (u32, usize, u32))>,
) {
    months.clear();
    for &p in month_words {
        if let Some(month) = month_at(toks, lex, p) {
            months.push((p, month));
        }
    }
}

/// [`analyze_in`] once the sentence is read into tokens.
fn analyze_tokens(
    toks: &[Tok],
    sentence: Span,
    lex: &Lexicon,
    state: &mut DocState,
    out: &mut Vec<Mention>,
    scratch: &mut Scratch,
) {
    if toks.is_empty() {
        return;
    }
    let Scratch {
        folded: _,
        extra: _,
        toks: _,
        walk,
        phrases,
        phrase_at,
        claimed,
        months,
        slots,
        starts,
        at,
        presents,
        year_events,
        hits,
        tried,
        cands,
        kept,
        taken,
        chained,
        pexprs,
        cores,
        units,
        core_at,
        quants,
        events,
    } = scratch;
    find_phrases_at(toks, &walk.may, lex, phrases);
    if phrases.is_empty() {
        return;
    }
    let n = toks.len();
    phrase_at.clear();
    phrase_at.resize(n + 1, NONE);
    for (k, p) in phrases.iter().enumerate() {
        phrase_at[p.start] = index_at(k);
    }
    claimed.clear();
    claimed.resize(phrases.len(), false);
    year_events.clear();
    let first_mention = out.len();
    let ignored = |a: usize, b: usize, value: Option<f64>, why: Ignored| Mention {
        span: span_of(toks, sentence, a, b),
        sentence,
        value,
        upper: None,
        unit: Unit::Count,
        hedge: Hedge::Exact,
        period: None,
        previous: None,
        ignored: Some(why),
    };
    // the walk that read the words gave which words the sentence may hold (for
    // [`Template::may_fit`]) and where the words are that name a month
    let Walk {
        bits,
        nums,
        may: _,
        month_words,
        date_words,
        period_words,
    } = &*walk;
    let bits = *bits;
    months_in(toks, month_words, lex, months);
    union(
        phrases.iter().map(|p| p.start),
        months.iter().map(|m| m.0),
        starts,
    );
    let month_bit = 1u8 << slot_bit(Slot::Month);

    // the slots that can start anywhere, as first asked (see step 3)
    let present_at_first;

    // 1. calendar dates: every one names a day or a year (a month alone is no date), so a
    // pattern is tried only where the sentence can fill all its slots
    cands.clear();
    kept.clear();
    {
        let cx = Cx {
            toks,
            phrases,
            phrase_at,
            claimed,
            cores: &[],
            core_at: &[],
            months,
        };
        let present = cx.fill_slots(starts, slots);
        present_at_first = present;
        let can_date = |t: &Template| {
            t.slot_mask() & !present == 0 && t.slot_mask() & !month_bit != 0 && t.may_fit(bits)
        };
        if lex.date_needs.iter().any(|d| d.met(present, bits)) {
            // a pattern opens with a slot (only where one starts) or a word (only where
            // the word may be one a pattern names first), unless one opens with any word
            if lex.date_index.opens_anywhere() {
                at.clear();
                at.extend(0..n);
            } else {
                union(starts.iter().copied(), date_words.iter().copied(), at);
            }
            for &start in at.iter() {
                let Some(tok) = toks.get(start) else {
                    continue;
                };
                if !lex.date_index.may_start(tok.norm, slots[start]) {
                    continue;
                }
                for &i in lex.date_index.candidates(tok.norm, slots[start], tried) {
                    let t = &lex.dates[i];
                    if !can_date(t) {
                        continue;
                    }
                    if let Some(end) = cx.matches(t, start, hits) {
                        if hits.iter().any(|h| h.slot != Slot::Month) {
                            let lo = kept.len();
                            kept.extend_from_slice(hits);
                            cands.push(Cand {
                                start,
                                end,
                                rule: i,
                                lo,
                                hi: kept.len(),
                            });
                        }
                    }
                }
            }
        }
    }
    select(cands, taken);
    for c in taken.iter() {
        for h in &kept[c.lo..c.hi] {
            if h.slot == Slot::Year {
                if let Some(v) = phrases[h.item].value {
                    year_events.push((h.start, v as i32));
                }
            }
        }
        for (k, p) in phrases.iter().enumerate() {
            if p.start >= c.start && p.start < c.end {
                claimed[k] = true;
            }
        }
        out.push(ignored(c.start, c.end, None, Ignored::Date));
    }

    // 2. identifiers: codes, times (`10:30`), phone numbers (`+1-222-2222`, three or more
    // numbers joined by dashes), numbers after a word like `no`
    // most sentences have no chain: the table is made at the first one
    chained.clear();
    // only a digit run can open a chain: the walk above listed them
    let mut next = 0;
    for &i in nums.iter() {
        if i < next {
            continue;
        }
        let mut j = i;
        while j + 2 < n
            && toks[j + 1].glued
            && (is_punct(&toks[j + 1], b'-') || is_punct(&toks[j + 1], b'/'))
            && toks[j + 2].glued
            && toks[j + 2].kind == Kind::Num
        {
            j += 2;
        }
        let plus = i > 0 && is_punct(&toks[i - 1], b'+') && toks[i].glued;
        if j >= i + 4 || (plus && j > i) {
            if chained.is_empty() {
                chained.resize(n + 1, false);
            }
            for c in chained.iter_mut().take(j + 1).skip(i) {
                *c = true;
            }
        }
        next = j + 1;
    }
    for (k, p) in phrases.iter().enumerate() {
        if claimed[k] {
            continue;
        }
        if chained.get(p.start).copied().unwrap_or(false) {
            claimed[k] = true;
            out.push(ignored(p.start, p.end, p.value, Ignored::Identifier));
            continue;
        }
        let before = p.start.checked_sub(1).map(|b| &toks[b]);
        let joins = |t: Option<&Tok>| {
            t.is_some_and(|t| (is_punct(t, b':') || is_punct(t, b'/')) && t.glued)
        };
        let after_colon = joins(toks.get(p.end))
            && toks
                .get(p.end + 1)
                .is_some_and(|o| o.kind == Kind::Num && o.glued);
        let before_colon = p.start >= 2
            && joins(before)
            && toks[p.start].glued
            && toks[p.start - 2].kind == Kind::Num;
        let named = || {
            toks[p.start].kind == Kind::Num
                && before.is_some_and(|b| lex.identifier_before.contains(b.norm))
        };
        if p.kind == NumKind::Identifier || after_colon || before_colon || named() {
            claimed[k] = true;
            out.push(ignored(p.start, p.end, p.value, Ignored::Identifier));
        }
    }

    // 3. period expressions; the dates' hits are done with, the periods' are kept to the end
    pexprs.clear();
    cands.clear();
    kept.clear();
    {
        let cx = Cx {
            toks,
            phrases,
            phrase_at,
            claimed,
            cores: &[],
            core_at: &[],
            months,
        };
        // the slots change only where a date or an identifier took a number
        let present = if claimed.iter().any(|&c| c) {
            cx.fill_slots(starts, slots)
        } else {
            present_at_first
        };
        // a pattern that opens with a word needs all its words in the sentence: where none
        // can, only the tokens that start a slot are asked
        let fits = |t: &Template| t.slot_mask() & !present == 0 && t.may_fit(bits);
        let words_fit = lex
            .word_led_period_needs
            .iter()
            .any(|r| r.met(present, bits));
        if words_fit && lex.period_index.opens_anywhere() {
            at.clear();
            at.extend(0..n);
        } else if words_fit {
            union(starts.iter().copied(), period_words.iter().copied(), at);
        } else {
            at.clear();
            at.extend(starts.iter().copied().filter(|&p| slots[p] != 0));
        }
        for &start in at.iter() {
            let Some(tok) = toks.get(start) else {
                continue;
            };
            if !lex.period_index.may_start(tok.norm, slots[start]) {
                continue;
            }
            for &r in lex.period_index.candidates(tok.norm, slots[start], tried) {
                let rule = &lex.periods[r];
                if !fits(&rule.template) {
                    continue;
                }
                if let Some(end) = cx.matches(&rule.template, start, hits) {
                    let lo = kept.len();
                    kept.extend_from_slice(hits);
                    cands.push(Cand {
                        start,
                        end,
                        rule: r,
                        lo,
                        hi: kept.len(),
                    });
                }
            }
        }
    }
    select(cands, taken);
    pexprs.extend(taken.iter().map(|c| PExpr {
        start: c.start,
        end: c.end,
        rule: c.rule,
        lo: c.lo,
        hi: c.hi,
        period: None,
        bound: false,
    }));
    for pe in pexprs.iter() {
        for (k, p) in phrases.iter().enumerate() {
            if claimed[k] || p.start < pe.start || p.start >= pe.end {
                continue;
            }
            claimed[k] = true;
            let is_year = kept[pe.lo..pe.hi]
                .iter()
                .any(|h| h.slot == Slot::Year && h.item == k);
            if is_year {
                out.push(ignored(p.start, p.end, p.value, Ignored::Year));
            } else {
                out.push(ignored(p.start, p.end, p.value, Ignored::Period));
            }
        }
    }

    // 4. ordinals; the rest become quantity cores with their units
    cores.clear();
    units.clear();
    let mut floor = 0;
    for (k, p) in phrases.iter().enumerate() {
        if claimed[k] {
            continue;
        }
        if p.kind == NumKind::Ordinal {
            claimed[k] = true;
            out.push(ignored(p.start, p.end, p.value, Ignored::Ordinal));
            continue;
        }
        let mut core = Core {
            start: p.start,
            end: p.end,
            phrase: k,
            value: p.value,
            scale: p.scale,
            case: p.case,
        };
        let mut unit = match (&p.kind, &lex.fraction_unit) {
            (NumKind::Fraction, Some(u)) => Unit::Measure(u.clone()),
            _ => Unit::Count,
        };
        // a currency or percent sign before: `$5`, `US$ 5`, `TL 185.9`, `%85`, `yüzde 85`
        for back in (1..=3).rev() {
            if p.start < back || p.start - back < floor {
                continue;
            }
            let s = p.start - back;
            let found = lex.phrase_at(toks, s, |k| {
                matches!(k, PhraseKind::Currency(_) | PhraseKind::PercentBefore)
            });
            if let Some((kind, e, _)) = found {
                if e == p.start {
                    unit = match kind {
                        PhraseKind::Currency(c) => Unit::Currency(c.clone()),
                        _ => Unit::Percent,
                    };
                    core.start = s;
                    break;
                }
            }
        }
        // a unit after: `85%`, `5 milyar dolar`, `90 days`, `90-day`
        if matches!(unit, Unit::Count) && p.value.is_some() {
            let at = p.end;
            let mut found = lex.phrase_at(toks, at, |k| {
                matches!(
                    k,
                    PhraseKind::Currency(_) | PhraseKind::PercentAfter | PhraseKind::Measure(_)
                )
            });
            let hyphen = toks.get(at).is_some_and(|t| is_punct(t, b'-') && t.glued)
                && toks.get(at + 1).is_some_and(|t| t.glued);
            if found.is_none() && hyphen {
                found = lex.phrase_at(toks, at + 1, |k| {
                    matches!(k, PhraseKind::Measure(_) | PhraseKind::Currency(_))
                });
            }
            // a unit word that is itself glued to the next number is not this number's
            if let Some((kind, e, mask)) = found {
                unit = match kind {
                    PhraseKind::Currency(c) => Unit::Currency(c.clone()),
                    PhraseKind::Measure(m) => Unit::Measure(m.clone()),
                    _ => Unit::Percent,
                };
                core.end = e;
                core.case = mask;
            }
        }
        floor = core.end;
        claimed[k] = true;
        cores.push(core);
        units.push(unit);
    }
    core_at.clear();
    core_at.resize(n + 1, NONE);
    for (c, core) in cores.iter().enumerate() {
        core_at[core.start] = index_at(c);
    }

    // 5. ranges and changes join two cores; hedges wrap one
    let cx = Cx {
        toks,
        phrases,
        phrase_at,
        claimed,
        cores,
        core_at,
        months,
    };
    // ranges and changes join two figures: a sentence with one has none to look for; a
    // change also needs one of the change verbs, looked for once a change pattern matches
    let pairs = cores.len() >= 2;
    let mut has_change_verb: Option<bool> = None;
    quants.clear();
    let mut c = 0;
    let mut qfloor = 0;
    while c < cores.len() {
        let core = &cores[c];
        let keys = probe_keys(toks, core);
        // (start, end, change, low core, high core)
        let mut best: Option<(usize, usize, bool, usize, usize)> = None;
        let groups: [(&[Template], &ProbeIndex, bool); 2] = [
            (&lex.changes, &lex.change_index, true),
            (&lex.ranges, &lex.range_index, false),
        ];
        for (templates, index, change) in groups {
            if !pairs {
                continue;
            }
            for i in index.candidates(keys) {
                let Some(t) = templates.get(i) else {
                    continue;
                };
                if !t.may_fit(bits) || !probe_fits(t, keys, toks, core) {
                    continue;
                }
                let Some(start) = core.start.checked_sub(t.lead()) else {
                    continue;
                };
                if start < qfloor {
                    continue;
                }
                if let Some(end) = cx.matches(t, start, hits) {
                    if hits.first().map(|h| h.item) != Some(c) || hits.len() != 2 {
                        continue;
                    }
                    if change
                        && !*has_change_verb.get_or_insert_with(|| {
                            toks.iter()
                                .any(|t| lex.change_verbs.iter().any(|v| v.matches(t)))
                        })
                    {
                        continue;
                    }
                    if best.map_or(true, |b| end - start > b.1 - b.0) {
                        best = Some((start, end, change, hits[0].item, hits[1].item));
                    }
                }
            }
        }
        // the two ends of a range or change measure the same thing, low before high
        if let Some((_, _, change, l, h)) = best {
            let (lo, hi) = (&cores[l], &cores[h]);
            let units_agree = units[l] == units[h]
                || matches!(units[l], Unit::Count)
                || matches!(units[h], Unit::Count);
            let ordered = change
                || match (lo.value, hi.value) {
                    (Some(l), Some(h)) => l <= h,
                    _ => false,
                };
            if !units_agree || !ordered {
                best = None;
            }
        }
        if let Some((start, end, change, l, h)) = best {
            let (lo, hi) = (&cores[l], &cores[h]);
            let mut low = lo.value;
            // the two cores are done with (`c` moves past both): their units move to the
            // quantity, so a unit's name is allocated once, for the mention
            let mut unit = take_unit(units, h);
            if matches!(unit, Unit::Count) {
                unit = take_unit(units, l);
            }
            // `5 to 10 million`: the low end borrows the high end's scale
            if let (Some(l), Some(h)) = (low, hi.value) {
                if lo.scale == 1.0 && hi.scale > 1.0 && l * hi.scale <= h {
                    low = Some(l * hi.scale);
                }
            }
            let (value, upper, previous, hedge) = if change {
                (hi.value, None, low, Hedge::Exact)
            } else {
                (low, hi.value, None, Hedge::Range)
            };
            quants.push(Quant {
                start,
                end,
                core: c,
                value,
                upper,
                previous,
                unit,
                hedge,
                ignored: None,
                period: None,
            });
            qfloor = end;
            c = h + 1;
            continue;
        }
        // a hedge around one figure
        let mut hbest: Option<(usize, usize, Hedge)> = None;
        for i in lex.hedge_index.candidates(keys) {
            let Some((h, t)) = lex.hedges.get(i) else {
                continue;
            };
            if !t.may_fit(bits) || !probe_fits(t, keys, toks, core) {
                continue;
            }
            let Some(start) = core.start.checked_sub(t.lead()) else {
                continue;
            };
            if start < qfloor {
                continue;
            }
            if let Some(end) = cx.matches(t, start, hits) {
                if hits.first().map(|h| h.item) != Some(c) {
                    continue;
                }
                // words after the figure that lead into the next figure are that one's
                // ("above 1000 and below 1500")
                if end > core.end && at_index(core_at, end).is_some() {
                    continue;
                }
                if hbest.map_or(true, |b| end - start > b.1 - b.0) {
                    hbest = Some((start, end, *h));
                }
            }
        }
        let phrase = &phrases[core.phrase];
        let (start, end, hedge) = match (hbest, phrase.kind) {
            (Some(b), _) => b,
            (None, NumKind::Vague(h)) => (core.start, core.end, h),
            (None, _) => (core.start, core.end, Hedge::Exact),
        };
        quants.push(Quant {
            start,
            end,
            core: c,
            value: core.value,
            upper: None,
            previous: None,
            unit: take_unit(units, c),
            hedge,
            ignored: None,
            period: None,
        });
        qfloor = end;
        c += 1;
    }

    // 6. a bare four-digit number in year context is a year
    for q in quants.iter_mut() {
        let core = &cores[q.core];
        let p = &phrases[core.phrase];
        let Some(v) = q.value else { continue };
        let plain = p.plain_digits == Some(4)
            && p.kind == NumKind::Cardinal
            && (1000.0..=2100.0).contains(&v)
            && matches!(q.unit, Unit::Count)
            && q.hedge == Hedge::Exact
            && q.upper.is_none()
            && q.previous.is_none()
            && core.start == p.start
            && core.end == p.end;
        if !plain {
            continue;
        }
        let y = v as i32;
        let before = p
            .start
            .checked_sub(1)
            .is_some_and(|b| lex.year_before.iter().any(|l| l.matches(&toks[b])));
        let after = toks
            .get(p.end)
            .is_some_and(|t| lex.year_after.iter().any(|l| l.matches(t)));
        let suffixed = p.suffixed && lex.year_suffixed;
        let bare = lex.bare_years.is_some_and(|(a, b)| a <= y && y <= b);
        if before || after || suffixed || bare {
            q.ignored = Some(Ignored::Year);
            year_events.push((p.start, y));
        }
    }

    // 7. `$10 billion (TL 185.9 billion)`: the same amount in another currency
    for i in 1..quants.len() {
        let (a, b) = (&quants[i - 1], &quants[i]);
        if let (Unit::Currency(x), Unit::Currency(y)) = (&a.unit, &b.unit) {
            let opens = toks.get(a.end).is_some_and(|t| is_punct(t, b'(')) && b.start == a.end + 1;
            let closes = toks.get(b.end).is_some_and(|t| is_punct(t, b')'));
            if x != y && opens && closes && a.ignored.is_none() {
                quants[i].ignored = Some(Ignored::Restatement);
            }
        }
    }

    // 8. resolve periods in reading order, then hand them to quantities
    events.clear();
    events.extend(year_events.iter().map(|&(p, y)| (p, None, y)));
    for (i, pe) in pexprs.iter().enumerate() {
        events.push((pe.start, Some(i), 0));
    }
    events.sort_by_key(|e| (e.0, e.1.is_some()));
    for &(_, pe, y) in events.iter() {
        match pe {
            None => state.last_year = Some(y),
            Some(i) => {
                let pe = &pexprs[i];
                let rule = &lex.periods[pe.rule];
                let period = resolve(&kept[pe.lo..pe.hi], rule, phrases, state);
                if let Some(p) = period {
                    state.last_year = Some(p.end.year());
                }
                pexprs[i].period = period;
            }
        }
    }
    // where the sentence speaks of the present, looked for once, when first asked
    let mut presents_read = false;
    let present_in = |a: usize, b: usize, presents: &[usize]| -> bool {
        if presents.is_empty() {
            return false;
        }
        let mut s = a;
        while s > 0 && !is_clause_mark(&toks[s - 1]) {
            s -= 1;
        }
        let mut e = b;
        while e < n && !is_clause_mark(&toks[e]) {
            e += 1;
        }
        presents.iter().any(|&p| s <= p && p < e)
    };
    // a sentence with no period expression (most) has none to hand out: its quantities keep
    // `period: None`
    let handed = if pexprs.is_empty() { 0 } else { quants.len() };
    for qi in 0..handed {
        if quants[qi].ignored.is_some() {
            continue;
        }
        let (qs, qe) = (quants[qi].start, quants[qi].end);
        let mut chosen = None;
        if lex.trailing_periods {
            let next_q = quants.get(qi + 1).map_or(n, |q| q.start);
            for (i, pe) in pexprs.iter().enumerate() {
                if pe.start < qe || pe.start > next_q || pe.start - qe > 8 {
                    continue;
                }
                if toks[qe..pe.start].iter().any(is_clause_mark) {
                    continue;
                }
                chosen = Some(i);
                break;
            }
            if let Some(i) = chosen {
                pexprs[i].bound = true;
            }
        }
        // only a period before the figure can reach back to it: without one, whether the
        // clause speaks of the present does not matter
        let reachable = || pexprs.iter().any(|pe| pe.end <= qs && !pe.bound);
        if chosen.is_none() && reachable() && {
            if !presents_read {
                presents_read = true;
                presents.clear();
                presents.extend((0..n).filter(|&p| lex.is_present_word(&toks[p])));
            }
            !present_in(qs, qe, presents)
        } {
            for (i, pe) in pexprs.iter().enumerate().rev() {
                if pe.end > qs || pe.bound {
                    continue;
                }
                // Where periods also trail their figures, only a period that opens its
                // sentence (or a part after `:`) reaches forward: "In 2024, ...".
                if lex.trailing_periods {
                    let mut seg = pe.start;
                    while seg > 0
                        && !(is_punct(&toks[seg - 1], b':') || is_punct(&toks[seg - 1], b';'))
                    {
                        seg -= 1;
                    }
                    if pe.start - seg > 2 {
                        break;
                    }
                }
                let broken = toks[pe.end..qs].iter().any(|t| {
                    is_punct(t, b';') || (t.kind == Kind::Word && lex.closes_clause(t.norm))
                });
                if !broken {
                    chosen = Some(i);
                }
                break;
            }
        }
        quants[qi].period = chosen.and_then(|i| pexprs[i].period);
    }

    for q in quants.drain(..) {
        out.push(Mention {
            span: span_of(toks, sentence, q.start, q.end),
            sentence,
            value: q.value,
            upper: q.upper,
            unit: q.unit,
            hedge: q.hedge,
            period: if q.ignored.is_some() { None } else { q.period },
            previous: q.previous,
            ignored: q.ignored,
        });
    }
    out[first_mention..].sort_by_key(|m| (m.span.start, m.span.end));
}

/// Turn a matched period expression (its slots' `hits`) into dates.
fn resolve(
    hits: &[Hit],
    rule: &PeriodRule,
    phrases: &[NumPhrase],
    state: &DocState,
) -> Option<Period> {
    let mut years = hits
        .iter()
        .filter(|h| h.slot == Slot::Year)
        .filter_map(|h| phrases[h.item].value.map(|v| v as i32));
    let (year0, year1) = (years.next(), years.next());
    let mut months = hits
        .iter()
        .filter(|h| h.slot == Slot::Month)
        .map(|h| h.item as u32);
    let (month0, month1) = (months.next(), months.next());
    let n = hits
        .iter()
        .find(|h| h.slot == Slot::N)
        .and_then(|h| phrases[h.item].value);
    let context = || {
        year0
            .or(state.last_year)
            .or(state.published.map(|d| d.year()))
    };
    let ymd = NaiveDate::from_ymd_opt;
    let span = |kind, a: NaiveDate, b: NaiveDate| {
        (a <= b).then_some(Period {
            kind,
            start: a,
            end: b,
        })
    };
    match rule.kind {
        PeriodKindRule::Year => Period::year(year0?),
        PeriodKindRule::Years | PeriodKindRule::Academic => {
            let (a, b) = (year0?, year1?);
            if rule.kind == PeriodKindRule::Academic {
                if b != a + 1 {
                    return None;
                }
                span(PeriodKind::Academic, ymd(a, 9, 1)?, ymd(b, 8, 31)?)
            } else {
                span(PeriodKind::Years, ymd(a, 1, 1)?, ymd(b, 12, 31)?)
            }
        }
        PeriodKindRule::FirstMonths => {
            let m = match n {
                Some(v) if v.fract() == 0.0 && (1.0..=12.0).contains(&v) => v as u32,
                Some(_) => return None,
                None => rule.months?,
            };
            let y = context()?;
            span(PeriodKind::Months, ymd(y, 1, 1)?, last_day(y, m)?)
        }
        PeriodKindRule::Months => {
            let a = month0?;
            let b = month1.unwrap_or(a);
            let y = context()?;
            span(PeriodKind::Months, ymd(y, a, 1)?, last_day(y, b)?)
        }
        PeriodKindRule::AsOf => {
            let y = context()?;
            match month0 {
                Some(m) => span(PeriodKind::AsOf, ymd(y, m, 1)?, last_day(y, m)?),
                None => span(PeriodKind::AsOf, ymd(y, 1, 1)?, ymd(y, 12, 31)?),
            }
        }
        PeriodKindRule::RelativeYear => Period::year(state.published?.year() + rule.offset),
        PeriodKindRule::SameYear => Period::year(state.last_year?),
    }
}

#[cfg(test)]
mod tests {
    use super::super::numbers::{find_phrases, read_words};
    use super::super::token::tokenize_into;
    use super::*;
    use crate::lang::Languages;
    use crate::text::Span;

    /// The sentence reader's one walk (tokens read as written, then noted) against the
    /// passes it replaced: tokenize, read the words, walk the tokens, find the phrases at
    /// every token. Gives a description of each, which must be equal.
    fn one_walk_and_passes(text: &str, code: &str) -> (String, String) {
        let langs = Languages::builtin();
        let lex = &*langs.get(code).expect("built in").lexicon;
        let mut folded = Folded::default();
        folded.fill(text, lex.dotless_i);
        let describe = |toks: &[Tok],
                        walk: &Walk,
                        phrases: &[NumPhrase],
                        months: &[(usize, (u32, usize, u32))]| {
            let toks: Vec<String> = toks
                .iter()
                .map(|t| {
                    format!(
                        "{:?} {}..{} {:?} {:?} {} {} {:?} {}",
                        t.kind, t.start, t.end, t.norm, t.suffix, t.glued, t.upper, t.word, t.opens
                    )
                })
                .collect();
            // `may` is left out: the walk lists only the words that may open a number, the
            // passes tried every known word; the phrases found at them must be the same
            format!(
                "{toks:?}\nbits {} nums {:?} dates {:?} periods {:?}\n{phrases:?}\n\
                 months {months:?}",
                walk.bits, walk.nums, walk.date_words, walk.period_words
            )
        };
        // the one walk, as `analyze_in` makes it
        let (mut extra, mut toks) = (String::new(), Vec::new());
        let mut walk = Walk::default();
        let whole = Span::new(0, text.len());
        read_tokens(text, whole, lex, &folded, &mut extra, &mut toks, &mut walk);
        let mut phrases = Vec::new();
        find_phrases_at(&toks, &walk.may, lex, &mut phrases);
        let mut months = Vec::new();
        months_in(&toks, &walk.month_words, lex, &mut months);
        let new = describe(&toks, &walk, &phrases, &months);
        // the passes it replaced
        let (mut extra, mut toks) = (String::new(), Vec::new());
        tokenize_into(
            text,
            0,
            text.len(),
            lex.dotless_i,
            &folded,
            &mut extra,
            &mut toks,
        );
        read_words(&mut toks, lex);
        let mut walk = Walk::default();
        for (p, t) in toks.iter().enumerate() {
            walk.bits |= word_bit(t.norm);
            if t.kind == Kind::Num {
                walk.nums.push(p);
            }
            let may = match t.kind {
                Kind::Num => true,
                Kind::Word => t.word.is_some(),
                Kind::Punct => t.norm == "-",
            };
            if may {
                walk.may.push(p);
            }
            if t.opens & OPENS_DATE != 0 {
                walk.date_words.push(p);
            }
            if t.opens & OPENS_PERIOD != 0 {
                walk.period_words.push(p);
            }
        }
        let mut phrases = Vec::new();
        find_phrases(&toks, lex, &mut phrases);
        // months asked of every token, as before the walk kept `may`
        let months: Vec<_> = (0..toks.len())
            .filter(|&p| toks[p].word.is_some())
            .filter_map(|p| Some((p, month_at(&toks, lex, p)?)))
            .collect();
        let old = describe(&toks, &walk, &phrases, &months);
        (new, old)
    }

    #[test]
    fn words_read_as_they_are_tokenized_read_as_after_tokenizing() {
        for (text, code) in [
            (
                "In March 2024, some 40 000 firms (about 5.2 million) hired 3,500 people.",
                "en",
            ),
            (
                "Ocak-Mayıs döneminde otuzüç firma 20'den fazla, yüzde 85 İhracat yaptı.",
                "tr",
            ),
            (
                "Two-thirds of the ½ share - over twenty-five - rose by 7% to $5bn.",
                "en",
            ),
        ] {
            let (new, old) = one_walk_and_passes(text, code);
            assert_eq!(new, old, "{text}");
            assert!(new.contains("months ["), "{new}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_one_walk_reads_any_sentence_as_the_separate_passes_did(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "the", "In", "March", "2024", "40", "000", "3,500", "5.2", "million",
                    "about", "-", "–", "½", "otuzüç", "yüzde", "İhracat", "20'den", "Ocak",
                    "mayıs", "fazla", "twenty", "five", "%", "$", "(", ")", ",", ".", ":",
                    "no", "+90", "yıl", "bin", "Iğdır", "last", "year", "first", "months",
                    "\u{a0}", "\u{202f}", "’s", "I", "between", "and", "to", "dozens", "MAYIS",
                    "NİSAN", "İKİ", "EYLÜL’de", "İki", "Şubat", "ŞUBAT", "MARCH", "ﬁve",
                    // words that open no number (a joiner, `of`, an addend, a glued scale)
                    // beside words that do
                    "of", "a", "an", "half", "hundreds", "buçuk", "beş", "bn", "k", "minus",
                    "eksi", "third", "quarter", "yüz", "üçte", "bir",
                    // digit groups apart by a no-break space: rewritten after they are read
                    "5\u{a0}000", "12\u{202f}500",
                ]),
                0..24,
            ),
            glue in proptest::collection::vec(proptest::bool::ANY, 24),
            code in proptest::sample::select(vec!["en", "tr"]),
        ) {
            let mut text = String::new();
            for (w, g) in words.iter().zip(&glue) {
                if !g && !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(w);
            }
            let (new, old) = one_walk_and_passes(&text, code);
            proptest::prop_assert_eq!(new, old);
        }
    }

    proptest::proptest! {
        // `Cx::slots_at` asserts, in the test build, that its one look-up per token gives
        // the bits the five separate `Cx::slot` tests give; these sentences put numbers,
        // years, days, ordinals and months where dates, periods and identifiers can take them
        #[test]
        fn the_merged_slot_tests_agree_with_the_separate_ones(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "the", "on", "In", "March", "May", "Ocak", "mayıs", "ŞUBAT", "2024", "1999",
                    "0999", "1000", "2100", "2101", "40", "31", "32", "0", "1", "07", "3rd", "21st", "first",
                    "third", "1.5", "5.2", "3,500", "twenty", "five", "million", "%", "$",
                    "-", "to", "between", "and", "of", "year", "years", "quarter", "last",
                    "since", "by", "until", "no", "No.", "#", "(", ")", ",", ".", "yıl",
                    "yılında", "2024'te", "15", "Mart", "beş", "bin", "yüzde", "ilk", "çeyrek",
                ]),
                0..20,
            ),
            code in proptest::sample::select(vec!["en", "tr"]),
        ) {
            let text = words.join(" ");
            let langs = Languages::builtin();
            let lex = &*langs.get(code).expect("built in").lexicon;
            let mut state = DocState {
                published: NaiveDate::from_ymd_opt(2025, 7, 29),
                last_year: None,
            };
            let mut out = Vec::new();
            analyze(&text, Span::new(0, text.len()), lex, &mut state, &mut out);
        }
    }

    fn analyze_all(text: &str, sentences: &[Span]) -> Vec<Vec<Mention>> {
        let langs = Languages::builtin();
        let lex = &*langs.get("en").expect("built in").lexicon;
        let mut state = DocState {
            published: NaiveDate::from_ymd_opt(2025, 7, 29),
            last_year: None,
        };
        sentences
            .iter()
            .map(|&s| {
                let mut out = Vec::new();
                analyze(text, s, lex, &mut state, &mut out);
                out
            })
            .collect()
    }

    #[test]
    fn a_sentence_reads_the_same_after_a_busy_one() {
        let busy =
            "On March 3, 2024 exports rose from 5 to 7 billion, about 40% more than in 2023.";
        let plain = "Some 12 firms hired 300 people.";
        let text = format!("{busy} {plain}");
        let first = Span::new(0, busy.len());
        let second = Span::new(busy.len() + 1, text.len());
        let both = analyze_all(&text, &[first, second]);
        let alone = analyze_all(&text, &[second]);
        assert_eq!(both[1], alone[0]);
        assert_eq!(alone[0].len(), 2);
        assert_eq!(alone[0][0].hedge, Hedge::Approx);
        assert_eq!(alone[0][1].value, Some(300.0));
        let busy_kinds: Vec<_> = both[0].iter().map(|m| m.ignored).collect();
        assert_eq!(busy_kinds[0], Some(Ignored::Date));
        assert!(both[0]
            .iter()
            .any(|m| m.previous == Some(5e9) && m.value == Some(7e9)));
    }

    #[test]
    fn numbers_chained_by_dashes_are_identifiers_wherever_the_chain_starts() {
        let text = "Call +90-312-555 or 1-2-3-4-5 or 7/8/9 about 12 apples after 2-3 days.";
        let found = analyze_all(text, &[Span::new(0, text.len())]).remove(0);
        let said = |m: &Mention| m.span.slice(text).to_string();
        let ids: Vec<String> = found
            .iter()
            .filter(|m| m.ignored == Some(Ignored::Identifier))
            .map(said)
            .collect();
        assert_eq!(
            ids,
            ["90", "312", "555", "1", "2", "3", "4", "5", "7", "8", "9"]
        );
        let apples = found.iter().find(|m| m.value == Some(12.0));
        assert!(apples.is_some_and(|m| m.ignored.is_none() && m.hedge == Hedge::Approx));
        assert!(found
            .iter()
            .any(|m| m.value == Some(2.0) && m.upper == Some(3.0) && m.ignored.is_none()));
    }

    proptest::proptest! {
        #[test]
        fn positions_are_merged_in_order_without_repeats(
            a in proptest::collection::btree_set(0usize..40, 0..12),
            b in proptest::collection::btree_set(0usize..40, 0..12),
        ) {
            let mut out = Vec::new();
            union(a.iter().copied(), b.iter().copied(), &mut out);
            let both: Vec<usize> = a.union(&b).copied().collect();
            proptest::prop_assert_eq!(out, both);
        }
    }

    #[test]
    fn a_clause_about_the_present_keeps_an_earlier_period_from_its_figure() {
        let text = "In 2023 the firm had 40 staff, and it currently has 90 offices.";
        let found = analyze_all(text, &[Span::new(0, text.len())]).remove(0);
        let staff = found.iter().find(|m| m.value == Some(40.0));
        let offices = found.iter().find(|m| m.value == Some(90.0));
        assert!(staff.is_some_and(|m| m.period.is_some()));
        assert!(offices.is_some_and(|m| m.period.is_none() && m.ignored.is_none()));
    }

    #[test]
    fn a_pattern_is_ruled_out_by_the_word_beside_the_figure() {
        let langs = Languages::builtin();
        let lex = &*langs.get("en").expect("built in").lexicon;
        let text = "about 5 or so";
        let mut folded = Folded::default();
        folded.fill(text, false);
        let (mut extra, mut toks) = (String::new(), Vec::new());
        tokenize_into(text, 0, text.len(), false, &folded, &mut extra, &mut toks);
        read_words(&mut toks, lex);
        {
            let toks = &toks[..];
            let core = Core {
                start: 1,
                end: 2,
                phrase: 0,
                value: Some(5.0),
                scale: 1.0,
                case: 0,
            };
            let keys = probe_keys(toks, &core);
            let fits = |p: &str| {
                let t = Template::parse(p, false, &Default::default()).expect("a pattern");
                probe_fits(&t, keys, toks, &core)
            };
            assert!(fits("about {q}"));
            assert!(fits("{q} or so"));
            assert!(!fits("around {q}"));
            assert!(!fits("approximately {q}"));
            assert!(!fits("{q} plus"));
            assert!(fits("{year} - {year}"));
        }
    }
}
