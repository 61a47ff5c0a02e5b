//! Numbers as written: digit runs with either locale's separators, scale words (`5.2 billion`,
//! `3 bin 538`, `1.5bn`), number words (`twenty-one`, `one hundred and five`, `on dört`),
//! fractions (`a quarter`, `two-thirds`, `üçte bir`), ordinals (`33rd`, `fifth`, `5.`) and
//! vague amounts (`dozens`). Every word comes from the language's tables; this module only
//! knows how number words combine: units after tens, tens after hundreds, a scale closes a
//! group. It does not know what a number counts (that is `quantity`).

use super::lexicon::{Entry, Lexicon};
use super::token::{Kind, Tok, OPENS_NUMBER};
use super::Hedge;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NumKind {
    Cardinal,
    Ordinal,
    Fraction,
    Vague(Hedge),
    /// A malformed digit run (`192.168.1.2`) or a number glued to letters (`A320`).
    Identifier,
}

#[derive(Debug, Clone)]
pub(crate) struct NumPhrase {
    /// Token range `start..end`.
    pub start: usize,
    pub end: usize,
    pub value: Option<f64>,
    pub kind: NumKind,
    /// The scale word's factor (1 when none): `5 to 10 million` lends it to the 5.
    pub scale: f64,
    /// A single digit run with no separator: how many digits (for years and days).
    pub plain_digits: Option<usize>,
    /// Case mask of the last word's suffix; `suffixed` when it has any suffix at all.
    pub case: u32,
    pub suffixed: bool,
}

/// Read a digit run. Which separator groups thousands is the language's:
/// en: ',' groups and '.' marks decimals, so "1,500" is 1500 and "5.2" is 5.2;
/// tr: '.' groups thousands and ',' marks decimals, so "1.500" is 1500 and "1,9" is 1.9.
/// A lone separator that cannot group (not followed by exactly three digits) is read as a
/// decimal mark whichever it is, so `1.5 milyar` and `3,5 million` still parse.
/// `None` for runs that are no number (`192.168.1.2`).
pub(crate) fn parse_digits(raw: &str, lex: &Lexicon) -> Option<f64> {
    // The usual runs are read here without allocating: plain digits (`2024`), and one mark
    // between two digit groups (`5.2`, `3,500`). They read exactly as below would.
    let b = raw.as_bytes();
    if let Some(v) = small_integer(b) {
        return Some(v);
    }
    let mut marks = b
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c, b'.' | b','));
    if let (Some((at, &mark)), None) = (marks.next(), marks.next()) {
        let (head, tail) = (&b[..at], &b[at + 1..]);
        let digits = |g: &[u8]| !g.is_empty() && g.iter().all(u8::is_ascii_digit);
        if digits(head) && digits(tail) {
            if char::from(mark) == lex.group && tail.len() == 3 {
                let mut joined = [0u8; 32];
                if let Some(whole) = joined.get_mut(..head.len() + 3) {
                    whole[..head.len()].copy_from_slice(head);
                    whole[head.len()..].copy_from_slice(tail);
                    if let Some(v) = small_integer(whole) {
                        return Some(v);
                    }
                }
            } else {
                let mut decimal = [0u8; 64];
                if let Some(whole) = decimal.get_mut(..b.len()) {
                    whole.copy_from_slice(b);
                    whole[at] = b'.';
                    return std::str::from_utf8(whole).ok()?.parse().ok();
                }
            }
        }
    }
    parse_digits_in_general(raw, lex)
}

/// A run of at most 15 ASCII digits: its value, exact (as `str::parse` reads it).
fn small_integer(b: &[u8]) -> Option<f64> {
    if b.is_empty() || b.len() > 15 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u64, |v, d| v * 10 + u64::from(d - b'0')) as f64)
}

fn parse_digits_in_general(raw: &str, lex: &Lexicon) -> Option<f64> {
    let grp = lex.group;
    let seps: Vec<(usize, char)> = raw
        .char_indices()
        .filter(|&(_, c)| c == '.' || c == ',')
        .collect();
    let digits_only = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    if seps.is_empty() {
        return raw.parse::<f64>().ok();
    }
    let groups: Vec<&str> = raw.split(['.', ',']).collect();
    if groups[0].is_empty() {
        // ".5", ",08": a leading mark is a decimal mark
        if seps.len() == 1 {
            return format!("0.{}", groups[1]).parse().ok();
        }
        return None;
    }
    let grouped = |gs: &[&str]| gs[0].len() <= 3 && gs[1..].iter().all(|g| g.len() == 3);
    let first = seps[0].1;
    let all_same = seps.iter().all(|&(_, c)| c == first);
    if all_same {
        if seps.len() == 1 {
            let as_group = first == grp && groups[1].len() == 3;
            if as_group {
                return digits_only(raw).parse().ok();
            }
            return format!("{}.{}", groups[0], groups[1]).parse().ok();
        }
        // several marks of one kind: thousands groups (either convention) or nothing
        if grouped(&groups) {
            return digits_only(raw).parse().ok();
        }
        return None;
    }
    // mixed: groups of one mark, then one decimal mark of the other
    let last = seps[seps.len() - 1].1;
    let n = groups.len();
    let head_same = seps[..seps.len() - 1].iter().all(|&(_, c)| c != last);
    if head_same && grouped(&groups[..n - 1]) {
        let int: String = groups[..n - 1].concat();
        return format!("{int}.{}", groups[n - 1]).parse().ok();
    }
    None
}

fn entries<'l>(lex: &'l Lexicon, tok: &Tok) -> Option<(&'l [Entry], u32)> {
    if tok.kind != Kind::Word {
        return None;
    }
    let found = tok.word?;
    // A unit word (`yüzde`) is never a number word under a suffix (`yüz` + `de`).
    if found.mask != 0 && lex.is_unit_word(tok.norm) {
        return None;
    }
    Some((lex.entries_of(found), found.mask))
}

/// `v * s` for a power-of-ten scale without binary noise (16.4 million is 16400000, not
/// 16399999.999999998).
pub(crate) fn mul(v: f64, s: f64) -> f64 {
    // A whole number times a power of ten, both below 2^53: the product is a whole number
    // f64 holds exactly, which is what reading the digits back would give.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if v.fract() == 0.0 && v.abs() <= EXACT && is_small_power_of_ten(s) && (v * s).abs() <= EXACT {
        return v * s;
    }
    let exp = s.log10();
    if s >= 1.0 && exp.fract() == 0.0 && v.is_finite() {
        if let Some(x) = decimal_times_ten_to(v, exp as i32) {
            return x;
        }
        if let Ok(x) = format!("{v}e{}", exp as i32).parse::<f64>() {
            return x;
        }
    }
    v * s
}

/// The powers of ten f64 holds exactly.
const TENS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `format!("{v}e{exp}")` read back, without the text: `v` is `m / 10^d` for the fewest
/// decimals `d` (at most six) that read back as `v`, which is the decimal `v` prints as (below
/// 10^9 no two decimals of six places read back as one f64); `m * 10^(exp - d)` is then one
/// rounding of the exact product, as reading the text is. `None` where that does not hold.
fn decimal_times_ten_to(v: f64, exp: i32) -> Option<f64> {
    if v.is_nan() || v.abs() >= 1e9 {
        return None;
    }
    for (d, &p) in TENS.iter().enumerate().take(7) {
        let m = (v * p).round();
        if m / p != v {
            continue;
        }
        let k = exp - d as i32;
        let ten = TENS.get(k.unsigned_abs() as usize)?;
        return Some(if k >= 0 { m * ten } else { m / ten });
    }
    None
}

/// Is `s` one of 1, 10, 100, … 10^22 (the powers of ten f64 holds exactly)?
fn is_small_power_of_ten(s: f64) -> bool {
    let mut p = 1.0;
    for _ in 0..=22 {
        if s == p {
            return true;
        }
        if s < p {
            return false;
        }
        p *= 10.0;
    }
    false
}

/// Look up each word of a sentence in the language's tables, once, and split words written
/// together out of number words (`otuzüç` -> `otuz` `üç`) when the language writes them so;
/// each part keeps the whole word's span. In place: only a sentence with such a word builds
/// a new vector. The sentence reader does the same in two steps ([`read_word`] as each
/// token is written, then [`split_compounds`]); this is their oracle.
#[cfg(test)]
pub(crate) fn read_words<'t>(toks: &mut Vec<Tok<'t>>, lex: &'t Lexicon) {
    for t in toks.iter_mut() {
        read_word(t, lex);
    }
    split_compounds(toks, lex);
}

/// One token's part of [`read_words`]: its entries (a word's) and what it may open.
#[inline(always)]
pub(crate) fn read_word<'t>(t: &mut Tok<'t>, lex: &'t Lexicon) {
    t.opens = lex.shape_opens(t.norm);
    if t.kind == Kind::Word {
        t.word = lex.word_ref(t.norm);
        if let Some(w) = t.word {
            t.opens |= lex.word_opens(w);
        }
    }
}

/// The second part of [`read_words`], once every token is read: words written together
/// split into their number words. True when a word was split (the tokens moved).
pub(crate) fn split_compounds<'t>(toks: &mut Vec<Tok<'t>>, lex: &'t Lexicon) -> bool {
    if !lex.compounds {
        return false;
    }
    let mut split: Option<Vec<Tok<'t>>> = None;
    for k in 0..toks.len() {
        let t = &toks[k];
        let parts = if t.kind == Kind::Word && t.word.is_none() && lex.may_split(t.norm) {
            segment(t.norm, lex, 0).filter(|parts| parts.len() > 1)
        } else {
            None
        };
        let Some(parts) = parts else {
            if let Some(out) = &mut split {
                out.push(*t);
            }
            continue;
        };
        let out = split.get_or_insert_with(|| toks[..k].to_vec());
        let n = parts.len();
        for (i, p) in parts.into_iter().enumerate() {
            let mut part = Tok {
                norm: p,
                suffix: if i + 1 == n { t.suffix } else { None },
                glued: if i == 0 { t.glued } else { false },
                word: None,
                opens: 0,
                ..*t
            };
            read_word(&mut part, lex);
            out.push(part);
        }
    }
    match split {
        Some(out) => {
            *toks = out;
            true
        }
        None => false,
    }
}

/// `w` cut into number words written together, each part a slice of `w`.
fn segment<'w>(w: &'w str, lex: &Lexicon, depth: usize) -> Option<Vec<&'w str>> {
    if depth > 8 {
        return None;
    }
    let is_part = |es: &[Entry]| es.iter().any(Entry::is_part);
    let split = |cut: usize| -> Option<Vec<&'w str>> {
        if !w.is_char_boundary(cut) {
            return None;
        }
        let (head, rest) = w.split_at(cut);
        if !lex.word_exact(head).is_some_and(is_part) {
            return None;
        }
        if lex.word(rest).is_some_and(|(es, _)| is_part(es)) {
            return Some(vec![head, rest]);
        }
        let mut tail = segment(rest, lex, depth + 1)?;
        tail.insert(0, head);
        Some(tail)
    };
    // every cut between two characters, the last first; the language's trie of parts names
    // the few cuts whose head can be one, so most words are turned away without a lookup
    match lex.part_prefix_ends(w) {
        Some(ends) => {
            let mut cuts = ends & ((1u64 << w.len()) - 1);
            while cuts != 0 {
                let cut = 63 - cuts.leading_zeros() as usize;
                cuts &= !(1u64 << cut);
                if let Some(parts) = split(cut) {
                    return Some(parts);
                }
            }
            None
        }
        None => w
            .char_indices()
            .rev()
            .map(|(i, _)| i)
            .filter(|&i| i > 0)
            .find_map(split),
    }
}

fn has(es: &[Entry], f: impl Fn(&Entry) -> bool) -> bool {
    es.iter().any(f)
}

fn number_of(es: &[Entry]) -> Option<f64> {
    es.iter().find_map(|e| match e {
        Entry::Number(v) => Some(*v),
        _ => None,
    })
}

fn scale_of(es: &[Entry], glued: bool) -> Option<f64> {
    es.iter().find_map(|e| match e {
        Entry::Scale(v) => Some(*v),
        Entry::GluedScale(v) if glued => Some(*v),
        _ => None,
    })
}

fn tok_case(lex: &Lexicon, tok: &Tok, stripped: u32) -> (u32, bool) {
    match &tok.suffix {
        Some(s) => (lex.suffix_case(s).unwrap_or(0) | stripped, true),
        None => (stripped, stripped != 0),
    }
}

/// Every number phrase in a sentence, left to right, not overlapping, written into `out`
/// (cleared first; a buffer the caller keeps across sentences). A phrase is tried only at
/// the tokens of `may` (ascending): those [`may_start_phrase`] lets through, gathered by the
/// walk that read the words, so no token is looked at twice.
pub(crate) fn find_phrases_at(
    toks: &[Tok],
    may: &[usize],
    lex: &Lexicon,
    out: &mut Vec<NumPhrase>,
) {
    out.clear();
    // the first token a phrase may still start at
    let mut from = 0;
    for &i in may {
        if i < from {
            continue;
        }
        let found = match lone_digits(toks, i, lex) {
            Some(p) => Some(p),
            None if lone_article(toks, i, lex) => None,
            None => parse_at(toks, i, lex),
        };
        match found {
            Some(p) => {
                from = p.end.max(i + 1);
                out.push(p);
            }
            None => from = i + 1,
        }
    }
}

/// [`parse_at`] for the commonest phrase, a digit run standing alone: nothing before it
/// that makes it a code, no suffix, and after it nothing that could carry the number on (a
/// glued word, an ordinal dot, a word of the tables that adds to a number, scales it or
/// joins another: `5 million`, `3 hundred`, `one and a half`). `None` wherever it is not
/// plainly that, and [`parse_at`] reads the token. Most figures are such runs: reading them
/// here keeps them off the long path of the full reader, whose code is large enough that
/// each call missed the instruction cache about ten times (its proptest checks the two agree).
#[inline]
fn lone_digits(toks: &[Tok], i: usize, lex: &Lexicon) -> Option<NumPhrase> {
    let t = toks.get(i)?;
    if t.kind != Kind::Num || t.suffix.is_some() {
        return None;
    }
    // glued to a word or a dash before it, a run may be a code (`A320`, `F-16`); glued to
    // another mark (`$5`, `(5`) it may not
    let code = t.glued
        && i.checked_sub(1)
            .and_then(|b| toks.get(b))
            .is_some_and(|b| b.kind == Kind::Word || b.norm == "-");
    if code {
        return None;
    }
    if let Some(n) = toks.get(i + 1) {
        let carries = match n.kind {
            Kind::Word => {
                n.glued
                    || n.word.is_some_and(|w| {
                        lex.entries_of(w).iter().any(|e| {
                            matches!(
                                e,
                                Entry::Addend(_)
                                    | Entry::Scale(_)
                                    | Entry::Hundred(_)
                                    | Entry::Joiner
                            )
                        })
                    })
            }
            Kind::Punct => n.glued && lex.ordinal_dot && n.norm == ".",
            Kind::Num => false,
        };
        if carries {
            return None;
        }
    }
    let v = parse_digits(t.norm, lex)?;
    Some(NumPhrase {
        start: i,
        end: i + 1,
        // as `parse_at` sums it: no scale before it, nothing after
        value: Some(0.0 + v),
        kind: NumKind::Cardinal,
        scale: 1.0,
        plain_digits: t
            .norm
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then_some(t.norm.len()),
        case: 0,
        suffixed: false,
    })
}

/// Could a number phrase start at `t`? Only digits, a dash before digits and words the
/// tables know with an entry that may open one ([`OPENS_NUMBER`]) can: the tokens
/// [`find_phrases_at`] is given.
#[inline(always)]
pub(crate) fn may_start_phrase(t: &Tok) -> bool {
    match t.kind {
        Kind::Num => true,
        Kind::Word => t.opens & OPENS_NUMBER != 0,
        Kind::Punct => t.norm == "-",
    }
}

/// Every number phrase of a sentence, in order: [`find_phrases_at`] asked at each token
/// (the oracle it is checked against).
#[cfg(test)]
pub(crate) fn find_phrases(toks: &[Tok], lex: &Lexicon, out: &mut Vec<NumPhrase>) {
    out.clear();
    let mut i = 0;
    while i < toks.len() {
        // Only digits, a dash before digits and words the tables know can start a number:
        // any other token is turned away before [`parse_at`] sets up.
        let t = &toks[i];
        let may_start = match t.kind {
            Kind::Num => true,
            Kind::Word => t.word.is_some(),
            Kind::Punct => t.norm == "-",
        };
        if !may_start {
            i += 1;
            continue;
        }
        match parse_at(toks, i, lex) {
            Some(p) => {
                i = p.end.max(i + 1);
                out.push(p);
            }
            None => i += 1,
        }
    }
}

#[derive(Default)]
struct Acc {
    total: f64,
    cur: f64,
    cur_set: bool,
    unit_set: bool,
    tens_set: bool,
    hundreds_set: bool,
    digits: bool,
    words: usize,
    last_scale: f64,
    scale: f64,
    only_article: bool,
    after_joiner: bool,
    /// A fraction right after a scale (`3 million and a half`) is a fraction of that scale.
    frac_after_scale: bool,
}

impl Acc {
    fn value(&self) -> f64 {
        if self.frac_after_scale && self.cur < 1.0 && self.last_scale.is_finite() {
            return self.total + self.cur * self.last_scale;
        }
        self.total + self.cur
    }
}

/// `a half`, `one third`, `three quarters` at `toks[i]`: the fraction and how many tokens.
fn fraction_at(toks: &[Tok], i: usize, lex: &Lexicon) -> Option<(f64, usize)> {
    let (es, _) = entries(lex, toks.get(i)?)?;
    let numerator = if has(es, |e| matches!(e, Entry::Article)) {
        1.0
    } else {
        number_of(es).filter(|v| *v >= 1.0 && *v < 10.0)?
    };
    let mut d_at = i + 1;
    if toks.get(d_at).is_some_and(|t| t.punct("-") && t.glued) {
        d_at += 1;
    }
    let (des, _) = entries(lex, toks.get(d_at)?)?;
    let d = des.iter().find_map(|e| match e {
        Entry::Denominator(d) if *d > 0.0 => Some(*d),
        _ => None,
    })?;
    Some((numerator / d, d_at + 1 - i))
}

/// A scale right after a fraction (`half million`, `half a dozen`): its factor and end.
fn scale_after(toks: &[Tok], i: usize, lex: &Lexicon) -> Option<(f64, usize)> {
    let factor = |t: &Tok| {
        entries(lex, t).and_then(|(es, _)| {
            es.iter().find_map(|e| match e {
                Entry::Scale(s) | Entry::Hundred(s) => Some(*s),
                _ => None,
            })
        })
    };
    let t = toks.get(i)?;
    if let Some(s) = factor(t) {
        return Some((s, i + 1));
    }
    let article = entries(lex, t).is_some_and(|(es, _)| has(es, |e| matches!(e, Entry::Article)));
    if article {
        return factor(toks.get(i + 1)?).map(|s| (s, i + 2));
    }
    None
}

/// What follows an article at `toks[k]`: a scale, a hundred or a fraction it is one of
/// (`a million`, `a quarter`), and a currency it counts (`a dollar`, `bir lira`).
fn article_before(toks: &[Tok], k: usize, lex: &Lexicon) -> (bool, bool) {
    let next = toks.get(k).and_then(|n| entries(lex, n));
    let leads = next.is_some_and(|(nes, _)| {
        has(nes, |e| {
            matches!(
                e,
                Entry::Scale(_) | Entry::Hundred(_) | Entry::Denominator(_)
            )
        })
    });
    let money = lex
        .phrase_at(toks, k, |p| {
            matches!(p, super::lexicon::PhraseKind::Currency(_))
        })
        .is_some_and(|(_, e, _)| {
            // not `a $5 million`: there the sign belongs to the digits
            toks.get(e)
                .map_or(true, |t| t.kind != Kind::Num && entries(lex, t).is_none())
        });
    (leads, money)
}

/// Does [`parse_at`] surely find nothing at `toks[i]`: an article (`a`, `an`, `bir`) that
/// is no number word itself and leads into nothing it counts ([`article_before`])? The
/// articles are among the commonest words that may open a number, and nearly all open
/// none: turned away here, they do not walk the full reader (its proptest checks the two).
#[inline]
fn lone_article(toks: &[Tok], i: usize, lex: &Lexicon) -> bool {
    let Some((es, _)) = toks.get(i).and_then(|t| entries(lex, t)) else {
        return false;
    };
    let article = has(es, |e| matches!(e, Entry::Article))
        && !has(es, |e| matches!(e, Entry::Negative | Entry::Number(_)));
    article && article_before(toks, i + 1, lex) == (false, false)
}

// Out of line: the runs before it ([`lone_digits`], [`lone_article`]) stay small where most
// tokens end.
#[inline(never)]
fn parse_at(toks: &[Tok], i: usize, lex: &Lexicon) -> Option<NumPhrase> {
    let t = &toks[i];
    let prev = i.checked_sub(1).map(|p| &toks[p]);
    let mut j = i;
    let mut sign = 1.0;
    // "-5": a dash glued to digits and not joining two words or numbers
    if t.punct("-")
        && toks
            .get(i + 1)
            .is_some_and(|n| n.kind == Kind::Num && n.glued)
        && !(t.glued && prev.is_some_and(|p| p.kind != Kind::Punct))
    {
        sign = -1.0;
        j = i + 1;
    } else if let Some((es, _)) = entries(lex, t) {
        if has(es, |e| matches!(e, Entry::Negative)) {
            let next = toks.get(i + 1)?;
            let next_is_number = next.kind == Kind::Num
                || entries(lex, next).is_some_and(|(es, _)| {
                    has(es, |e| {
                        matches!(e, Entry::Number(_) | Entry::Hundred(_) | Entry::Scale(_))
                    })
                });
            if !next_is_number {
                return None;
            }
            sign = -1.0;
            j = i + 1;
        }
    }
    let first = &toks[j];
    // Digits glued to letters before them are a code (`A320`, `COVID-19`, `F-16`).
    if first.kind == Kind::Num && sign > 0.0 {
        let glued_code = first.glued
            && prev.is_some_and(|p| {
                (p.kind == Kind::Word && !lex.is_unit_word(p.norm))
                    || (p.punct("-")
                        && p.glued
                        && i >= 2
                        && toks[i - 2].kind == Kind::Word
                        && toks[i - 2].upper)
            });
        if glued_code {
            return Some(NumPhrase {
                start: i,
                end: i + 1,
                value: parse_digits(first.norm, lex),
                kind: NumKind::Identifier,
                scale: 1.0,
                plain_digits: None,
                case: 0,
                suffixed: false,
            });
        }
    }
    let mut acc = Acc {
        last_scale: f64::INFINITY,
        scale: 1.0,
        ..Acc::default()
    };
    let mut k = j;
    let mut plain_digits = None;
    let mut case = (0, false);
    let mut kind = NumKind::Cardinal;
    let phrase =
        |end: usize, value: Option<f64>, kind: NumKind, acc: &Acc, pd, case: (u32, bool)| {
            Some(NumPhrase {
                start: i,
                end,
                value: value.map(|v| v * sign),
                kind,
                scale: acc.scale,
                plain_digits: pd,
                case: case.0,
                suffixed: case.1,
            })
        };
    while k < toks.len() {
        let tok = &toks[k];
        let any = acc.digits || acc.words > 0;
        match tok.kind {
            Kind::Num => {
                if !any {
                    let Some(v) = parse_digits(tok.norm, lex) else {
                        return phrase(k + 1, None, NumKind::Identifier, &acc, None, (0, false));
                    };
                    acc.cur = v;
                    acc.cur_set = true;
                    acc.digits = true;
                    if tok.norm.bytes().all(|b| b.is_ascii_digit()) {
                        plain_digits = Some(tok.norm.len());
                    }
                    case = tok_case(lex, tok, 0);
                    // 33rd, 5th; 5'inci
                    if let Some(s) = &tok.suffix {
                        if lex.is_ordinal_digit_suffix(s) {
                            return phrase(
                                k + 1,
                                Some(v),
                                NumKind::Ordinal,
                                &acc,
                                plain_digits,
                                case,
                            );
                        }
                    }
                    if let Some(n) = toks.get(k + 1) {
                        if n.glued && n.kind == Kind::Word {
                            if lex.is_ordinal_digit_suffix(n.norm) {
                                return phrase(
                                    k + 2,
                                    Some(v),
                                    NumKind::Ordinal,
                                    &acc,
                                    plain_digits,
                                    (0, false),
                                );
                            }
                            if let Some((es, m)) = n.word.map(|w| lex.entries_and_mask(w)) {
                                // 2½
                                if let Some(f) = es.iter().find_map(|e| match e {
                                    Entry::Alone(f) if n.norm.chars().count() == 1 => Some(*f),
                                    _ => None,
                                }) {
                                    return phrase(
                                        k + 2,
                                        Some(v + f),
                                        NumKind::Cardinal,
                                        &acc,
                                        None,
                                        (0, false),
                                    );
                                }
                                if let Some(s) = scale_of(es, true) {
                                    acc.total = mul(v, s);
                                    acc.cur = 0.0;
                                    acc.cur_set = false;
                                    acc.last_scale = s;
                                    acc.scale = s;
                                    case = tok_case(lex, n, m);
                                    plain_digits = None;
                                    k += 2;
                                    continue;
                                }
                            }
                        }
                        // `5. Toplantısı`
                        if lex.ordinal_dot
                            && n.punct(".")
                            && n.glued
                            && tok.suffix.is_none()
                            && plain_digits.is_some_and(|d| d <= 3)
                            && toks
                                .get(k + 2)
                                .is_some_and(|w| w.kind == Kind::Word && !w.glued)
                        {
                            return phrase(
                                k + 2,
                                Some(v),
                                NumKind::Ordinal,
                                &acc,
                                plain_digits,
                                (0, false),
                            );
                        }
                    }
                    k += 1;
                    if tok.suffix.is_some() {
                        break;
                    }
                    continue;
                }
                // `3 hundred and 21`
                if acc.after_joiner && acc.hundreds_set && acc.cur % 100.0 == 0.0 {
                    if let Some(v) = parse_digits(tok.norm, lex) {
                        if v < 100.0 && v.fract() == 0.0 {
                            acc.cur += v;
                            acc.after_joiner = false;
                            case = tok_case(lex, tok, 0);
                            k += 1;
                            continue;
                        }
                    }
                }
                // `3 bin 538`: digits after a scale, smaller than it
                if acc.total > 0.0 && !acc.cur_set && acc.last_scale.is_finite() && !tok.glued {
                    if let Some(v) = parse_digits(tok.norm, lex) {
                        if v < acc.last_scale && v.fract() == 0.0 && tok.norm.len() <= 3 {
                            acc.cur = v;
                            acc.cur_set = true;
                            case = tok_case(lex, tok, 0);
                            k += 1;
                            if tok.suffix.is_some() {
                                break;
                            }
                            continue;
                        }
                    }
                }
                break;
            }
            Kind::Punct => {
                // a hyphen between number words: twenty-one, one-third, "fifty - two"
                if tok.norm == "-" && acc.words > 0 {
                    if let Some(n) = toks.get(k + 1) {
                        if let Some((es, _)) = entries(lex, n) {
                            let glued = tok.glued && n.glued;
                            let joins = if glued {
                                has(es, |e| {
                                    matches!(
                                        e,
                                        Entry::Number(_)
                                            | Entry::Ordinal(_)
                                            | Entry::Denominator(_)
                                    )
                                })
                            } else {
                                acc.tens_set
                                    && !acc.unit_set
                                    && number_of(es).is_some_and(|v| v < 10.0)
                            };
                            if joins {
                                k += 1;
                                continue;
                            }
                        }
                    }
                }
                break;
            }
            Kind::Word => {
                // A phrase opens here (`!any`) only on the entries `Entry::may_open_number`
                // says yes to: an opening branch for another entry must go on that list.
                let Some((es, mask)) = entries(lex, tok) else {
                    break;
                };
                // a / an / bir: one, before a scale, a hundred or a fraction
                if !any && has(es, |e| matches!(e, Entry::Article)) {
                    let (leads, money) = article_before(toks, k + 1, lex);
                    if leads || money {
                        acc.cur = 1.0;
                        acc.cur_set = true;
                        acc.unit_set = true;
                        acc.words += 1;
                        acc.only_article = !money;
                        k += 1;
                        continue;
                    }
                    number_of(es)?;
                    acc.only_article = true;
                }
                // Turkish `üçte bir`: a denominator in its case, then the numerator
                if !any && lex.denominator_case != 0 && mask & lex.denominator_case != 0 {
                    if let (Some(d), Some(n)) = (number_of(es), toks.get(k + 1)) {
                        if let Some(nv) = entries(lex, n).and_then(|(nes, _)| number_of(nes)) {
                            if d > 0.0 {
                                let c = tok_case(lex, n, 0);
                                return phrase(
                                    k + 2,
                                    Some(nv / d),
                                    NumKind::Fraction,
                                    &acc,
                                    None,
                                    c,
                                );
                            }
                        }
                    }
                }
                if !any {
                    if let Some(h) = es.iter().find_map(|e| match e {
                        Entry::Vague(h) => Some(*h),
                        _ => None,
                    }) {
                        let mut end = k + 1;
                        // hundreds of thousands
                        if let (Some(jn), Some(n2)) = (toks.get(k + 1), toks.get(k + 2)) {
                            let joins = entries(lex, jn)
                                .is_some_and(|(e, _)| has(e, |e| matches!(e, Entry::VagueJoiner)));
                            let vague2 = entries(lex, n2)
                                .is_some_and(|(e, _)| has(e, |e| matches!(e, Entry::Vague(_))));
                            if joins && vague2 {
                                end = k + 3;
                            }
                        }
                        return phrase(end, None, NumKind::Vague(h), &acc, None, (0, false));
                    }
                    if let Some(v) = es.iter().find_map(|e| match e {
                        Entry::Alone(v) => Some(*v),
                        _ => None,
                    }) {
                        if let Some((sc, end)) = scale_after(toks, k + 1, lex) {
                            return phrase(
                                end,
                                Some(v * sc),
                                NumKind::Cardinal,
                                &acc,
                                None,
                                (0, false),
                            );
                        }
                        if number_of(es).is_none() {
                            return phrase(
                                k + 1,
                                Some(v),
                                NumKind::Fraction,
                                &acc,
                                None,
                                tok_case(lex, tok, mask),
                            );
                        }
                    }
                }
                let ordinal = es.iter().find_map(|e| match e {
                    Entry::Ordinal(v) => Some(*v),
                    _ => None,
                });
                let denominator = es.iter().find_map(|e| match e {
                    Entry::Denominator(v) => Some(*v),
                    _ => None,
                });
                if any && !acc.digits {
                    // one-third, two thirds, a quarter: a small numerator, then a denominator
                    let simple =
                        acc.total == 0.0 && !acc.hundreds_set && acc.cur >= 1.0 && acc.cur < 10.0;
                    if let (Some(d), true) = (denominator, simple) {
                        // three quarters billion, a quarter million
                        if let Some((sc, end)) = scale_after(toks, k + 1, lex) {
                            return phrase(
                                end,
                                Some(acc.cur / d * sc),
                                NumKind::Cardinal,
                                &acc,
                                None,
                                (0, false),
                            );
                        }
                        kind = NumKind::Fraction;
                        acc.cur /= d;
                        acc.words += 1;
                        case = tok_case(lex, tok, mask);
                        k += 1;
                        break;
                    }
                    if let Some(o) = ordinal {
                        // twenty-first, one hundred and fifth; iki yüzüncü (200th)
                        if o >= 100.0 && acc.cur >= 1.0 && acc.cur < o && acc.total == 0.0 {
                            acc.cur *= o;
                        } else {
                            acc.cur += o;
                        }
                        acc.words += 1;
                        kind = NumKind::Ordinal;
                        case = tok_case(lex, tok, mask);
                        k += 1;
                        break;
                    }
                }
                if !any {
                    // quarter million
                    if let (Some(d), None) = (denominator, number_of(es)) {
                        if let Some((sc, end)) = scale_after(toks, k + 1, lex) {
                            if d > 0.0 {
                                return phrase(
                                    end,
                                    Some(sc / d),
                                    NumKind::Cardinal,
                                    &acc,
                                    None,
                                    (0, false),
                                );
                            }
                        }
                    }
                    if let Some(o) = ordinal {
                        if number_of(es).is_none() {
                            return phrase(
                                k + 1,
                                Some(o),
                                NumKind::Ordinal,
                                &acc,
                                None,
                                tok_case(lex, tok, mask),
                            );
                        }
                    }
                }
                // `beş buçuk`: a word that adds to the number before it
                if let Some(a) = es.iter().find_map(|e| match e {
                    Entry::Addend(a) => Some(*a),
                    _ => None,
                }) {
                    if any && acc.cur_set && acc.cur.fract() == 0.0 {
                        acc.cur += a;
                        acc.words += 1;
                        acc.only_article = false;
                        acc.unit_set = true;
                        plain_digits = None;
                        case = tok_case(lex, tok, mask);
                        k += 1;
                        continue;
                    }
                    break;
                }
                if let Some(s) = scale_of(es, false) {
                    if s >= acc.last_scale || (any && !acc.cur_set) {
                        break;
                    }
                    let base = if acc.cur_set { acc.cur } else { 1.0 };
                    acc.total += mul(base, s);
                    acc.cur = 0.0;
                    acc.cur_set = false;
                    acc.unit_set = false;
                    acc.tens_set = false;
                    acc.hundreds_set = false;
                    acc.last_scale = s;
                    if acc.scale == 1.0 {
                        acc.scale = s;
                    }
                    acc.words += 1;
                    acc.only_article = false;
                    plain_digits = None;
                    case = tok_case(lex, tok, mask);
                    k += 1;
                    if tok.suffix.is_some() || mask != 0 {
                        break;
                    }
                    continue;
                }
                if let Some(h) = es.iter().find_map(|e| match e {
                    Entry::Hundred(v) => Some(*v),
                    _ => None,
                }) {
                    if acc.hundreds_set || acc.cur >= 100.0 || (acc.digits && !acc.cur_set) {
                        break;
                    }
                    let base = if acc.cur_set { acc.cur } else { 1.0 };
                    acc.cur = base * h;
                    acc.cur_set = true;
                    acc.hundreds_set = true;
                    acc.unit_set = false;
                    acc.tens_set = false;
                    acc.words += 1;
                    acc.only_article = false;
                    plain_digits = None;
                    case = tok_case(lex, tok, mask);
                    k += 1;
                    if tok.suffix.is_some() || mask != 0 {
                        break;
                    }
                    continue;
                }
                if let Some(v) = number_of(es) {
                    if acc.digits && acc.cur_set && !acc.after_joiner {
                        break; // "5 five"
                    }
                    acc.after_joiner = false;
                    let ok = if v < 10.0 {
                        !acc.unit_set
                    } else if v < 100.0 {
                        !acc.unit_set && !acc.tens_set && acc.cur % 100.0 == 0.0
                    } else {
                        !acc.cur_set
                    };
                    if !ok {
                        break;
                    }
                    if any && acc.only_article {
                        break;
                    }
                    acc.cur += v;
                    acc.cur_set = true;
                    if v < 10.0 || (v < 20.0 && v != 10.0) || v % 10.0 != 0.0 {
                        acc.unit_set = true;
                    } else {
                        acc.tens_set = true;
                    }
                    acc.words += 1;
                    case = tok_case(lex, tok, mask);
                    k += 1;
                    if tok.suffix.is_some() || mask != 0 {
                        break;
                    }
                    continue;
                }
                if has(es, |e| matches!(e, Entry::Joiner)) && any {
                    // "one and a half", "3 million and a quarter", "five and a half million"
                    if let Some((frac, used)) = fraction_at(toks, k + 1, lex) {
                        acc.frac_after_scale = acc.total > 0.0 && !acc.cur_set;
                        acc.cur += frac;
                        acc.cur_set = true;
                        acc.unit_set = true;
                        acc.words += 1;
                        kind = NumKind::Cardinal;
                        case = (0, false);
                        k += 1 + used;
                        continue;
                    }
                    if acc.hundreds_set || acc.total > 0.0 {
                        let next_small = toks.get(k + 1).is_some_and(|n| {
                            let word = entries(lex, n).is_some_and(|(nes, _)| {
                                number_of(nes).is_some_and(|v| v < 100.0)
                                    || has(nes, |e| matches!(e, Entry::Ordinal(_)))
                            });
                            let multiplied = toks
                                .get(k + 2)
                                .and_then(|t| entries(lex, t))
                                .is_some_and(|(es, _)| {
                                    has(es, |e| matches!(e, Entry::Hundred(_) | Entry::Scale(_)))
                                });
                            let digits = acc.hundreds_set
                                && n.kind == Kind::Num
                                && n.norm.len() <= 2
                                && n.norm.bytes().all(|b| b.is_ascii_digit())
                                && n.norm.bytes().any(|b| b != b'0')
                                && !multiplied;
                            word || digits
                        });
                        if next_small && acc.cur % 100.0 == 0.0 {
                            acc.after_joiner = true;
                            k += 1;
                            continue;
                        }
                    }
                }
                break;
            }
        }
    }
    let any = acc.digits || acc.words > 0;
    if !any || k == j {
        return None;
    }
    // a lone article (`bir ziyaret`) is not a number
    if acc.only_article && acc.words == 1 && !acc.digits && k == j + 1 && sign > 0.0 {
        return None;
    }
    // `one of the largest`
    if acc.words == 1 && !acc.digits && k == j + 1 && sign > 0.0 {
        let prev = |back: usize| i.checked_sub(back).map(|p| &*toks[p].norm);
        let next = toks.get(k).map(|t| t.norm);
        if lex.is_pronoun(toks[j].norm, prev(1), next)
            || lex.is_pronoun(toks[j].norm, prev(2), None)
        {
            return None;
        }
    }
    phrase(k, Some(acc.value()), kind, &acc, plain_digits, case)
}

#[cfg(test)]
mod tests {
    use super::super::token::Folded;
    use super::*;
    use crate::lang::Languages;

    #[test]
    fn digit_runs_read_without_allocating_as_the_general_reader_reads_them() {
        let langs = Languages::builtin();
        let runs = [
            "2024",
            "007",
            "5",
            "5.2",
            "5,2",
            "3,500",
            "3.500",
            "1.5",
            "12,34",
            ".5",
            "1,500.25",
            "1.500,25",
            "192.168.1.2",
            "1,234,567",
            "1.234.567",
            "123456789012345",
            "1234567890123456789",
            "12345678901234.567",
            "0,08",
            "1,5",
        ];
        for code in ["en", "tr"] {
            let lex = &*langs.get(code).expect("built in").lexicon;
            for raw in runs {
                let fast = parse_digits(raw, lex).map(f64::to_bits);
                let general = parse_digits_in_general(raw, lex).map(f64::to_bits);
                assert_eq!(fast, general, "{code}: {raw}");
            }
        }
    }

    /// `segment` as it was before the trie of parts named the cuts: every cut tried.
    fn segment_every_cut<'w>(w: &'w str, lex: &Lexicon, depth: usize) -> Option<Vec<&'w str>> {
        if depth > 8 {
            return None;
        }
        let is_part = |es: &[Entry]| es.iter().any(Entry::is_part);
        for cut in w.char_indices().rev().map(|(i, _)| i).filter(|&i| i > 0) {
            let (head, rest) = w.split_at(cut);
            if !lex.word_exact(head).is_some_and(is_part) {
                continue;
            }
            if lex.word(rest).is_some_and(|(es, _)| is_part(es)) {
                return Some(vec![head, rest]);
            }
            if let Some(mut tail) = segment_every_cut(rest, lex, depth + 1) {
                tail.insert(0, head);
                return Some(tail);
            }
        }
        None
    }

    #[test]
    fn words_written_together_split_as_when_every_cut_was_tried() {
        let langs = Languages::builtin();
        let lex = &*langs.get("tr").expect("built in").lexicon;
        let words = [
            "otuzüç",
            "ikiyüzbin",
            "yüzelli",
            "binbeşyüzyirmi",
            "onbirinci",
            "bilgi",
            "birlikte",
            "onları",
            "üçüncü",
            "Otuzüç",
            "",
            "ç",
            "otuzotuzotuzotuzotuzotuzotuzotuzotuzotuzotuzotuzotuzotuzotuzüç",
        ];
        for w in words {
            assert_eq!(segment(w, lex, 0), segment_every_cut(w, lex, 0), "{w}");
        }
        assert_eq!(segment("otuzüç", lex, 0), Some(vec!["otuz", "üç"]));
    }

    #[test]
    fn a_word_the_part_pairs_turn_away_splits_into_nothing() {
        let langs = Languages::builtin();
        for code in ["tr", "en"] {
            let lex = &*langs.get(code).expect("built in").lexicon;
            let parts: Vec<&str> = [
                "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz", "on", "yirmi",
                "otuz", "kırk", "elli", "yüz", "bin", "milyon", "ç", "x", "", "bilgi",
            ]
            .into_iter()
            .collect();
            for a in &parts {
                for b in &parts {
                    for c in ["", "ü", "ler", "inci"] {
                        let w = format!("{a}{b}{c}");
                        let split = segment(&w, lex, 0).filter(|p| p.len() > 1);
                        if split.is_some() {
                            assert!(lex.may_split(&w), "{w}");
                        }
                        assert_eq!(segment(&w, lex, 0), segment_every_cut(&w, lex, 0), "{w}");
                    }
                }
            }
            assert_eq!(lex.may_split("otuzüç"), code == "tr");
        }
    }

    /// The built-in languages and `zz` (testdata/mixed.toml), whose words mix entries that
    /// may open a number with entries that open none.
    fn with_mixed() -> &'static Languages {
        static LANGS: std::sync::OnceLock<Languages> = std::sync::OnceLock::new();
        LANGS.get_or_init(|| {
            let mut langs = Languages::builtin();
            let mixed = include_str!("testdata/mixed.toml");
            langs
                .add("mixed.toml", mixed)
                .expect("the test language is valid");
            langs
        })
    }

    /// `text` tokenized and its words read, as the oracle reads them.
    fn read<'t>(
        text: &'t str,
        lex: &'t Lexicon,
        folded: &'t mut Folded,
        extra: &'t mut String,
    ) -> Vec<Tok<'t>> {
        use super::super::token::tokenize_into;
        folded.fill(text, lex.dotless_i);
        let mut toks = Vec::new();
        tokenize_into(text, 0, text.len(), lex.dotless_i, folded, extra, &mut toks);
        read_words(&mut toks, lex);
        toks
    }

    /// The sentence reader asks for a number only at the words whose entries may open one
    /// ([`Entry::may_open_number`]): at every other word, known or not, bare or under a
    /// suffix, whatever follows it, nothing opens.
    #[test]
    fn no_number_opens_at_a_word_whose_entries_open_none() {
        for code in ["en", "tr", "zz"] {
            let lex = &*with_mixed().get(code).expect("loaded").lexicon;
            let words: Vec<&str> = lex.table_words().map(|(w, _)| w).collect();
            let closed = lex
                .table_words()
                .filter(|(_, es)| Entry::opens_bits(es) & OPENS_NUMBER == 0)
                .count();
            let mut checked = 0;
            let next = words.iter().copied().chain(["5", "1,500", "-", "%", "$"]);
            for after in next {
                for w in &words {
                    // the word bare and under the suffixes a Turkish word may take
                    for form in [w.to_string(), format!("{w}de"), format!("{w}'de")] {
                        let text = format!("{form} {after} {after}");
                        let (mut folded, mut extra) = (Folded::default(), String::new());
                        let toks = read(&text, lex, &mut folded, &mut extra);
                        if toks[0].kind == Kind::Word && toks[0].opens & OPENS_NUMBER == 0 {
                            let found = parse_at(&toks, 0, lex);
                            assert!(found.is_none(), "{code}: {text:?} opens {found:?}");
                            checked += 1;
                        }
                    }
                }
            }
            // at least every closed word bare, before each word that may follow
            assert!(
                checked >= closed * words.len(),
                "{code}: {checked} forms checked"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// [`find_phrases_at`], asked only where [`may_start_phrase`] lets it and reading
        /// lone digit runs itself ([`lone_digits`]), finds what the plain scan finds, in
        /// sentences of any known word (bare, suffixed or glued to the one before), digits
        /// and marks.
        #[test]
        fn phrases_found_where_they_may_start_are_every_phrase(
            picks in proptest::collection::vec(
                (proptest::num::usize::ANY, 0usize..13, proptest::bool::ANY),
                1..12,
            ),
            code in proptest::sample::select(vec!["en", "tr", "zz"]),
        ) {
            let lex = &*with_mixed().get(code).expect("loaded").lexicon;
            let mut vocab: Vec<&str> = lex.table_words().map(|(w, _)| w).collect();
            vocab.extend([
                "5", "1,500", "1.500", "3,5", "-", "–", "%", "$", "½", "2024", "(", ",", ".",
                "dollar", "lira", "percent", "yüzde", "between", "about", "to", "ile", "5k",
                "10m", "3bn", "2½", "33rd", "5'inci", "5.", "A320", "5th", "th", "F-16",
                "192.168.1.2", "+90", "0",
            ]);
            let suffixes =
                ["", "de", "'de", "te", "'ta", "da", "s", "ler", "'i", "ı", "sı", "'den", "ten"];
            let mut text = String::new();
            for &(w, s, glued) in &picks {
                if !glued && !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(vocab[w % vocab.len()]);
                text.push_str(suffixes[s]);
            }
            let (mut folded, mut extra) = (Folded::default(), String::new());
            let toks = read(&text, lex, &mut folded, &mut extra);
            let may: Vec<usize> =
                (0..toks.len()).filter(|&p| may_start_phrase(&toks[p])).collect();
            let (mut new, mut old) = (Vec::new(), Vec::new());
            find_phrases_at(&toks, &may, lex, &mut new);
            find_phrases(&toks, lex, &mut old);
            let (new, old) = (format!("{new:?}"), format!("{old:?}"));
            proptest::prop_assert_eq!(new, old, "{}: {:?}", code, text);
        }
    }

    #[test]
    fn whole_numbers_times_a_scale_equal_reading_the_digits_back() {
        for v in [
            0.0,
            1.0,
            3.0,
            16.0,
            250.0,
            999.0,
            123_456.0,
            9_007_199_254.0,
        ] {
            for s in [1.0f64, 10.0, 100.0, 1e3, 1e6, 1e9, 1e12, 1e15] {
                let read = format!("{v}e{}", s.log10() as i32)
                    .parse::<f64>()
                    .expect("a number");
                assert_eq!(mul(v, s).to_bits(), read.to_bits(), "{v} x {s}");
            }
        }
        assert_eq!(mul(16.4, 1e6), 16_400_000.0);
    }

    /// [`mul`] as it was before it read decimals without text.
    fn mul_by_text(v: f64, s: f64) -> f64 {
        const EXACT: f64 = 9_007_199_254_740_992.0;
        if v.fract() == 0.0
            && v.abs() <= EXACT
            && is_small_power_of_ten(s)
            && (v * s).abs() <= EXACT
        {
            return v * s;
        }
        let exp = s.log10();
        if s >= 1.0 && exp.fract() == 0.0 && v.is_finite() {
            if let Ok(x) = format!("{v}e{}", exp as i32).parse::<f64>() {
                return x;
            }
        }
        v * s
    }

    proptest::proptest! {
        #[test]
        fn a_decimal_times_a_scale_reads_as_its_text_times_the_scale(
            int in 0u64..2_000_000_000,
            frac in "[0-9]{0,8}",
            neg in proptest::bool::ANY,
            bits in proptest::num::u64::ANY,
            exp in 0i32..26,
        ) {
            let s = format!("1e{exp}").parse::<f64>().unwrap();
            let text = format!("{}{int}.{frac}0", if neg { "-" } else { "" });
            let v: f64 = text.parse().unwrap();
            proptest::prop_assert_eq!(mul(v, s).to_bits(), mul_by_text(v, s).to_bits(), "{} x {}", v, s);
            let w = f64::from_bits(bits);
            proptest::prop_assert_eq!(mul(w, s).to_bits(), mul_by_text(w, s).to_bits(), "{} x {}", w, s);
            let small = (w.abs() % 1000.0).copysign(w);
            if small.is_finite() {
                proptest::prop_assert_eq!(mul(small, s).to_bits(), mul_by_text(small, s).to_bits(), "{} x {}", small, s);
            }
        }
    }
}
