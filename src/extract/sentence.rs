//! One sentence at a time: numbers are found, then claimed in a fixed order so that each
//! becomes exactly one mention: calendar dates first, then identifiers, then period
//! expressions (`in 2023`, `the first five months`), then ordinals; what is left is a
//! quantity, which gathers its unit, joins another into a range or a change, and takes its
//! hedge. Last, periods are resolved (against earlier years and the publication date) and
//! handed to the quantities of their clause.

use chrono::{Datelike, NaiveDate};

use super::lexicon::{slot_bit, Entry, Lexicon, PeriodKindRule, PeriodRule, PhraseKind};
use super::numbers::{find_phrases, read_words, NumKind, NumPhrase};
use super::template::{Elem, Slot, Template};
use super::token::{tokenize, Kind, Tok};
use super::{Hedge, Ignored, Mention, Period, PeriodKind, Unit};
use crate::text::Span;

/// What carries over from one sentence to the next.
pub(crate) struct DocState {
    pub published: Option<NaiveDate>,
    /// The last year the text named, for `the same year`.
    pub last_year: Option<i32>,
}

#[derive(Debug, Clone)]
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
    unit: Unit,
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

struct PExpr {
    start: usize,
    end: usize,
    rule: usize,
    hits: Vec<Hit>,
    period: Option<Period>,
    bound: bool,
}

struct Cx<'a> {
    toks: &'a [Tok<'a>],
    phrases: &'a [NumPhrase],
    phrase_at: &'a [Option<usize>],
    claimed: &'a [bool],
    cores: &'a [Core],
    core_at: &'a [Option<usize>],
    /// The month each token names, looked up once per sentence: (month, end token, case).
    months: &'a [Option<(u32, usize, u32)>],
}

/// The month `toks[p]` names (`Oct.` included), with the token after it and its case mask.
fn month_at(toks: &[Tok], lex: &Lexicon, p: usize) -> Option<(u32, usize, u32)> {
    let t = toks.get(p)?;
    if t.kind != Kind::Word {
        return None;
    }
    let (es, mask) = t.word?;
    let m = es.iter().find_map(|e| match e {
        Entry::Month(m) => Some(*m),
        _ => None,
    })?;
    let mut end = p + 1;
    if toks.get(end).is_some_and(|d| d.punct(".") && d.glued) {
        end += 1;
    }
    let case = mask
        | t.suffix
            .as_deref()
            .and_then(|s| lex.suffix_case(s))
            .unwrap_or(0);
    Some((m, end, case))
}

impl Cx<'_> {
    fn free_phrase(&self, p: usize) -> Option<(usize, &NumPhrase)> {
        let k = (*self.phrase_at.get(p)?)?;
        if self.claimed[k] {
            return None;
        }
        Some((k, &self.phrases[k]))
    }

    /// The slots that can start at token `p`, as [`slot_bit`] bits.
    fn slots_at(&self, p: usize) -> u8 {
        let mut bits = 0;
        for s in [Slot::Q, Slot::N, Slot::Year, Slot::Day, Slot::Month] {
            if self.slot(s, p).is_some() {
                bits |= 1 << slot_bit(s);
            }
        }
        bits
    }

    fn month(&self, p: usize) -> Option<(u32, usize, u32)> {
        self.months.get(p).copied().flatten()
    }

    fn slot(&self, slot: Slot, p: usize) -> Option<(usize, usize, u32)> {
        match slot {
            Slot::Q => {
                let c = (*self.core_at.get(p)?)?;
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

/// Choose the longest matches that do not overlap (earlier first on ties).
fn select<T>(mut cands: Vec<(usize, usize, T)>) -> Vec<(usize, usize, T)> {
    cands.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut taken: Vec<(usize, usize, T)> = Vec::new();
    for c in cands {
        if taken.iter().all(|t| c.1 <= t.0 || t.1 <= c.0) {
            taken.push(c);
        }
    }
    taken.sort_by_key(|t| t.0);
    taken
}

fn is_clause_mark(t: &Tok) -> bool {
    t.kind == Kind::Punct && matches!(&*t.norm, "," | ";" | ":" | "(" | ")")
}

fn last_day(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

fn span_of(toks: &[Tok], a: usize, b: usize) -> Span {
    Span::new(toks[a].start, toks[b.max(a + 1) - 1].end)
}

/// Analyze one sentence; push its mentions to `out`.
pub(crate) fn analyze(
    text: &str,
    sentence: Span,
    lex: &Lexicon,
    state: &mut DocState,
    out: &mut Vec<Mention>,
) {
    let toks = read_words(
        tokenize(text, sentence.start, sentence.end, lex.dotless_i),
        lex,
    );
    if toks.is_empty() {
        return;
    }
    let phrases = find_phrases(&toks, lex);
    if phrases.is_empty() {
        return;
    }
    let n = toks.len();
    let mut phrase_at = vec![None; n + 1];
    for (k, p) in phrases.iter().enumerate() {
        phrase_at[p.start] = Some(k);
    }
    let mut claimed = vec![false; phrases.len()];
    let mut mentions: Vec<Mention> = Vec::new();
    // (token position, year) of every year the sentence names, for `the same year`
    let mut year_events: Vec<(usize, i32)> = Vec::new();
    let ignored = |a: usize, b: usize, value: Option<f64>, why: Ignored| Mention {
        span: span_of(&toks, a, b),
        sentence,
        value,
        upper: None,
        unit: Unit::Count,
        hedge: Hedge::Exact,
        period: None,
        previous: None,
        ignored: Some(why),
    };
    let no_cores: Vec<Core> = Vec::new();
    let months: Vec<Option<(u32, usize, u32)>> = (0..n).map(|p| month_at(&toks, lex, p)).collect();
    let mut scratch: Vec<Hit> = Vec::new();
    let mut tried: Vec<usize> = Vec::new();
    let no_core_at: Vec<Option<usize>> = vec![None; n + 1];

    // 1. calendar dates
    {
        let cx = Cx {
            toks: &toks,
            phrases: &phrases,
            phrase_at: &phrase_at,
            claimed: &claimed,
            cores: &no_cores,
            core_at: &no_core_at,
            months: &months,
        };
        let mut cands = Vec::new();
        for (start, tok) in toks.iter().enumerate() {
            lex.date_index
                .candidates(&tok.norm, cx.slots_at(start), &mut tried);
            for t in tried.iter().map(|&i| &lex.dates[i]) {
                if let Some(end) = cx.matches(t, start, &mut scratch) {
                    if scratch.iter().any(|h| h.slot != Slot::Month) {
                        cands.push((start, end, scratch.clone()));
                    }
                }
            }
        }
        let chosen = select(cands);
        for (a, b, hits) in chosen {
            for h in &hits {
                if h.slot == Slot::Year {
                    if let Some(v) = phrases[h.item].value {
                        year_events.push((h.start, v as i32));
                    }
                }
            }
            for (k, p) in phrases.iter().enumerate() {
                if p.start >= a && p.start < b {
                    claimed[k] = true;
                }
            }
            mentions.push(ignored(a, b, None, Ignored::Date));
        }
    }

    // 2. identifiers: codes, times (`10:30`), phone numbers (`+1-222-2222`, three or more
    // numbers joined by dashes), numbers after a word like `no`
    let mut chained = vec![false; n + 1];
    let mut i = 0;
    while i < n {
        if toks[i].kind != Kind::Num {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 2 < n
            && toks[j + 1].glued
            && (toks[j + 1].punct("-") || toks[j + 1].punct("/"))
            && toks[j + 2].glued
            && toks[j + 2].kind == Kind::Num
        {
            j += 2;
        }
        let plus = i > 0 && toks[i - 1].punct("+") && toks[i].glued;
        if j >= i + 4 || (plus && j > i) {
            for c in chained.iter_mut().take(j + 1).skip(i) {
                *c = true;
            }
        }
        i = j + 1;
    }
    for (k, p) in phrases.iter().enumerate() {
        if claimed[k] {
            continue;
        }
        if chained[p.start] {
            claimed[k] = true;
            mentions.push(ignored(p.start, p.end, p.value, Ignored::Identifier));
            continue;
        }
        let before = p.start.checked_sub(1).map(|b| &toks[b]);
        let joins = |t: Option<&Tok>| t.is_some_and(|t| (t.punct(":") || t.punct("/")) && t.glued);
        let after_colon = joins(toks.get(p.end))
            && toks
                .get(p.end + 1)
                .is_some_and(|o| o.kind == Kind::Num && o.glued);
        let before_colon = p.start >= 2
            && joins(before)
            && toks[p.start].glued
            && toks[p.start - 2].kind == Kind::Num;
        let named = before.is_some_and(|b| lex.identifier_before.contains(&*b.norm))
            && toks[p.start].kind == Kind::Num;
        if p.kind == NumKind::Identifier || after_colon || before_colon || named {
            claimed[k] = true;
            mentions.push(ignored(p.start, p.end, p.value, Ignored::Identifier));
        }
    }

    // 3. period expressions
    let mut pexprs: Vec<PExpr> = Vec::new();
    {
        let cx = Cx {
            toks: &toks,
            phrases: &phrases,
            phrase_at: &phrase_at,
            claimed: &claimed,
            cores: &no_cores,
            core_at: &no_core_at,
            months: &months,
        };
        let mut cands = Vec::new();
        for (start, tok) in toks.iter().enumerate() {
            lex.period_index
                .candidates(&tok.norm, cx.slots_at(start), &mut tried);
            for (r, rule) in tried.iter().map(|&i| (i, &lex.periods[i])) {
                if let Some(end) = cx.matches(&rule.template, start, &mut scratch) {
                    cands.push((start, end, (r, scratch.clone())));
                }
            }
        }
        for (a, b, (rule, hits)) in select(cands) {
            pexprs.push(PExpr {
                start: a,
                end: b,
                rule,
                hits,
                period: None,
                bound: false,
            });
        }
    }
    for pe in &pexprs {
        for (k, p) in phrases.iter().enumerate() {
            if claimed[k] || p.start < pe.start || p.start >= pe.end {
                continue;
            }
            claimed[k] = true;
            let is_year = pe.hits.iter().any(|h| h.slot == Slot::Year && h.item == k);
            if is_year {
                mentions.push(ignored(p.start, p.end, p.value, Ignored::Year));
            } else {
                mentions.push(ignored(p.start, p.end, p.value, Ignored::Period));
            }
        }
    }

    // 4. ordinals; the rest become quantity cores with their units
    let mut cores: Vec<Core> = Vec::new();
    let mut floor = 0;
    for (k, p) in phrases.iter().enumerate() {
        if claimed[k] {
            continue;
        }
        if p.kind == NumKind::Ordinal {
            claimed[k] = true;
            mentions.push(ignored(p.start, p.end, p.value, Ignored::Ordinal));
            continue;
        }
        let mut core = Core {
            start: p.start,
            end: p.end,
            phrase: k,
            value: p.value,
            unit: match (&p.kind, &lex.fraction_unit) {
                (NumKind::Fraction, Some(u)) => Unit::Measure(u.clone()),
                _ => Unit::Count,
            },
            scale: p.scale,
            case: p.case,
        };
        // a currency or percent sign before: `$5`, `US$ 5`, `TL 185.9`, `%85`, `yüzde 85`
        for back in (1..=3).rev() {
            if p.start < back || p.start - back < floor {
                continue;
            }
            let s = p.start - back;
            let found = lex.phrase_at(&toks, s, |k| {
                matches!(k, PhraseKind::Currency(_) | PhraseKind::PercentBefore)
            });
            if let Some((kind, e, _)) = found {
                if e == p.start {
                    core.unit = match kind {
                        PhraseKind::Currency(c) => Unit::Currency(c.clone()),
                        _ => Unit::Percent,
                    };
                    core.start = s;
                    break;
                }
            }
        }
        // a unit after: `85%`, `5 milyar dolar`, `90 days`, `90-day`
        if matches!(core.unit, Unit::Count) && p.value.is_some() {
            let at = p.end;
            let mut found = lex.phrase_at(&toks, at, |k| {
                matches!(
                    k,
                    PhraseKind::Currency(_) | PhraseKind::PercentAfter | PhraseKind::Measure(_)
                )
            });
            let hyphen = toks.get(at).is_some_and(|t| t.punct("-") && t.glued)
                && toks.get(at + 1).is_some_and(|t| t.glued);
            if found.is_none() && hyphen {
                found = lex.phrase_at(&toks, at + 1, |k| {
                    matches!(k, PhraseKind::Measure(_) | PhraseKind::Currency(_))
                });
            }
            // a unit word that is itself glued to the next number is not this number's
            if let Some((kind, e, mask)) = found {
                core.unit = match kind {
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
    }
    let mut core_at = vec![None; n + 1];
    for (c, core) in cores.iter().enumerate() {
        core_at[core.start] = Some(c);
    }

    // 5. ranges and changes join two cores; hedges wrap one
    let cx = Cx {
        toks: &toks,
        phrases: &phrases,
        phrase_at: &phrase_at,
        claimed: &claimed,
        cores: &cores,
        core_at: &core_at,
        months: &months,
    };
    // ranges and changes join two figures: a sentence with one has none to look for
    let pairs = cores.len() >= 2;
    let has_change_verb = pairs
        && toks
            .iter()
            .any(|t| lex.change_verbs.iter().any(|v| v.matches(t)));
    let mut quants: Vec<Quant> = Vec::new();
    let mut c = 0;
    let mut qfloor = 0;
    while c < cores.len() {
        let core = &cores[c];
        let mut best: Option<(usize, usize, bool, Vec<Hit>)> = None;
        let groups: [(&[Template], bool); 2] = [(&lex.changes, true), (&lex.ranges, false)];
        for (templates, change) in groups {
            if !pairs || (change && !has_change_verb) {
                continue;
            }
            for t in templates {
                let Some(start) = core.start.checked_sub(t.lead()) else {
                    continue;
                };
                if start < qfloor {
                    continue;
                }
                if let Some(end) = cx.matches(t, start, &mut scratch) {
                    if scratch.first().map(|h| h.item) != Some(c) || scratch.len() != 2 {
                        continue;
                    }
                    if best.as_ref().map_or(true, |b| end - start > b.1 - b.0) {
                        best = Some((start, end, change, scratch.clone()));
                    }
                }
            }
        }
        // the two ends of a range or change measure the same thing, low before high
        if let Some((_, _, change, hits)) = &best {
            let (lo, hi) = (&cores[hits[0].item], &cores[hits[1].item]);
            let units_agree = lo.unit == hi.unit
                || matches!(lo.unit, Unit::Count)
                || matches!(hi.unit, Unit::Count);
            let ordered = *change
                || match (lo.value, hi.value) {
                    (Some(l), Some(h)) => l <= h,
                    _ => false,
                };
            if !units_agree || !ordered {
                best = None;
            }
        }
        if let Some((start, end, change, hits)) = best {
            let (lo, hi) = (&cores[hits[0].item], &cores[hits[1].item]);
            let mut low = lo.value;
            let mut unit = hi.unit.clone();
            if matches!(unit, Unit::Count) {
                unit = lo.unit.clone();
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
            c = hits[1].item + 1;
            continue;
        }
        // a hedge around one figure
        let mut hbest: Option<(usize, usize, Hedge)> = None;
        for (h, t) in &lex.hedges {
            let Some(start) = core.start.checked_sub(t.lead()) else {
                continue;
            };
            if start < qfloor {
                continue;
            }
            if let Some(end) = cx.matches(t, start, &mut scratch) {
                if scratch.first().map(|h| h.item) != Some(c) {
                    continue;
                }
                // words after the figure that lead into the next figure are that one's
                // ("above 1000 and below 1500")
                if end > core.end && core_at.get(end).is_some_and(Option::is_some) {
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
            unit: core.unit.clone(),
            hedge,
            ignored: None,
            period: None,
        });
        qfloor = end;
        c += 1;
    }

    // 6. a bare four-digit number in year context is a year
    for q in &mut quants {
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
            let opens = toks.get(a.end).is_some_and(|t| t.punct("(")) && b.start == a.end + 1;
            let closes = toks.get(b.end).is_some_and(|t| t.punct(")"));
            if x != y && opens && closes && a.ignored.is_none() {
                quants[i].ignored = Some(Ignored::Restatement);
            }
        }
    }

    // 8. resolve periods in reading order, then hand them to quantities
    let mut events: Vec<(usize, Option<usize>, i32)> =
        year_events.iter().map(|&(p, y)| (p, None, y)).collect();
    for (i, pe) in pexprs.iter().enumerate() {
        events.push((pe.start, Some(i), 0));
    }
    events.sort_by_key(|e| (e.0, e.1.is_some()));
    for (_, pe, y) in events {
        match pe {
            None => state.last_year = Some(y),
            Some(i) => {
                let period = resolve(&pexprs[i], &lex.periods[pexprs[i].rule], &phrases, state);
                if let Some(p) = period {
                    state.last_year = Some(p.end.year());
                }
                pexprs[i].period = period;
            }
        }
    }
    let present_in = |a: usize, b: usize| -> bool {
        let mut s = a;
        while s > 0 && !is_clause_mark(&toks[s - 1]) {
            s -= 1;
        }
        let mut e = b;
        while e < n && !is_clause_mark(&toks[e]) {
            e += 1;
        }
        toks[s..e]
            .iter()
            .any(|t| lex.present.iter().any(|l| l.matches(t)))
    };
    for qi in 0..quants.len() {
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
        if chosen.is_none() && !present_in(qs, qe) {
            for (i, pe) in pexprs.iter().enumerate().rev() {
                if pe.end > qs || pe.bound {
                    continue;
                }
                // Where periods also trail their figures, only a period that opens its
                // sentence (or a part after `:`) reaches forward: "In 2024, ...".
                if lex.trailing_periods {
                    let mut seg = pe.start;
                    while seg > 0 && !(toks[seg - 1].punct(":") || toks[seg - 1].punct(";")) {
                        seg -= 1;
                    }
                    if pe.start - seg > 2 {
                        break;
                    }
                }
                let broken = toks[pe.end..qs]
                    .iter()
                    .any(|t| t.punct(";") || (t.kind == Kind::Word && lex.closes_clause(&t.norm)));
                if !broken {
                    chosen = Some(i);
                }
                break;
            }
        }
        quants[qi].period = chosen.and_then(|i| pexprs[i].period);
    }

    for q in quants {
        mentions.push(Mention {
            span: span_of(&toks, q.start, q.end),
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
    mentions.sort_by_key(|m| (m.span.start, m.span.end));
    out.extend(mentions);
}

/// Turn a matched period expression into dates.
fn resolve(
    pe: &PExpr,
    rule: &PeriodRule,
    phrases: &[NumPhrase],
    state: &DocState,
) -> Option<Period> {
    let years: Vec<i32> = pe
        .hits
        .iter()
        .filter(|h| h.slot == Slot::Year)
        .filter_map(|h| phrases[h.item].value.map(|v| v as i32))
        .collect();
    let months: Vec<u32> = pe
        .hits
        .iter()
        .filter(|h| h.slot == Slot::Month)
        .map(|h| h.item as u32)
        .collect();
    let n = pe
        .hits
        .iter()
        .find(|h| h.slot == Slot::N)
        .and_then(|h| phrases[h.item].value);
    let context = || {
        years
            .first()
            .copied()
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
        PeriodKindRule::Year => Period::year(*years.first()?),
        PeriodKindRule::Years | PeriodKindRule::Academic => {
            let (a, b) = (*years.first()?, *years.get(1)?);
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
            let a = *months.first()?;
            let b = *months.get(1).unwrap_or(&a);
            let y = context()?;
            span(PeriodKind::Months, ymd(y, a, 1)?, last_day(y, b)?)
        }
        PeriodKindRule::AsOf => {
            let y = context()?;
            match months.first() {
                Some(&m) => span(PeriodKind::AsOf, ymd(y, m, 1)?, last_day(y, m)?),
                None => span(PeriodKind::AsOf, ymd(y, 1, 1)?, ymd(y, 12, 31)?),
            }
        }
        PeriodKindRule::RelativeYear => Period::year(state.published?.year() + rule.offset),
        PeriodKindRule::SameYear => Period::year(state.last_year?),
    }
}
