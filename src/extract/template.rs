//! Patterns from the language files: a line of words and slots, matched against tokens.
//!
//! `between {q} and {q}`, `{q:ablative} fazla`, `{year} - {year} academic year`. A slot is
//! `{q}` (a figure with its unit), `{n}` (a number), `{year}`, `{day}` (1–31) or `{month}`;
//! `:case` requires the slot's last word to carry a suffix of that case, as the language's
//! `[suffixes]` table names them. A word ending in `*` matches any word it begins
//! (`increas*`); `-` matches any dash. Words are folded like the text they are matched against.

use std::collections::BTreeMap;

use super::lexicon::slot_bit;
use super::token::{with_tokens, Kind, Tok};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lit {
    Exact(String),
    Prefix(String),
}

impl Lit {
    /// Most tokens differ from a literal in length or in the first byte: those are turned
    /// away before the bytes are compared.
    pub fn matches(&self, tok: &Tok) -> bool {
        let norm = tok.norm.as_bytes();
        match self {
            Lit::Exact(s) => {
                let s = s.as_bytes();
                norm.len() == s.len() && norm.first() == s.first() && norm == s
            }
            Lit::Prefix(p) => {
                let p = p.as_bytes();
                tok.kind == Kind::Word
                    && norm.len() >= p.len()
                    && norm.first() == p.first()
                    && norm.starts_with(p)
            }
        }
    }

    /// Parse one word of a list (`increas*`, `per cent`) into literal tokens.
    pub fn parse_words(text: &str, dotless_i: bool) -> Vec<Lit> {
        let mut out = Vec::new();
        for piece in text.split_whitespace() {
            let (body, prefix) = match piece.strip_suffix('*') {
                Some(b) if !b.is_empty() => (b, true),
                _ => (piece, false),
            };
            let words: Vec<String> = with_tokens(body, 0, body.len(), dotless_i, |toks| {
                toks.iter()
                    .map(|t| {
                        let mut norm = t.norm.to_string();
                        if let Some(s) = t.suffix {
                            norm.push('\'');
                            norm.push_str(s);
                        }
                        norm
                    })
                    .collect()
            });
            let n = words.len();
            for (i, norm) in words.into_iter().enumerate() {
                if prefix && i + 1 == n {
                    out.push(Lit::Prefix(norm));
                } else {
                    out.push(Lit::Exact(norm));
                }
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// A figure with its unit.
    Q,
    /// A number.
    N,
    Year,
    Day,
    Month,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Elem {
    Lit(Lit),
    /// A slot and the case mask its last word must carry (0: any).
    Slot(Slot, u32),
}

#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub elems: Vec<Elem>,
    /// How many elements come before the first slot (see [`Template::lead`]).
    lead: usize,
    /// The slots the pattern names, one [`slot_bit`] bit each: a sentence where one of them
    /// cannot be filled anywhere cannot match it.
    slot_mask: u8,
    /// The word next to the first slot (see [`Probe`]).
    probe: Probe,
    probe_key: u16,
    /// The [`word_bit`]s of its exact words: a sentence missing one of them cannot match it.
    word_bits: u64,
}

/// What a sentence must hold for a pattern to match anywhere in it: slots it can fill
/// ([`slot_bit`] bits) and words ([`word_bit`] bits). Kept apart from the pattern, so a
/// sentence asks a whole list of patterns whether any can fit in one tight loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Needs {
    slots: u8,
    words: u64,
}

impl Needs {
    /// Can a sentence where the slots `present` can start and whose words' bits are `bits`
    /// hold the pattern?
    #[inline]
    pub fn met(self, present: u8, bits: u64) -> bool {
        self.slots & !present == 0 && self.words & !bits == 0
    }

    /// Does `other` need everything this needs (so it is met only where this is)?
    pub fn within(self, other: Needs) -> bool {
        self.slots & !other.slots == 0 && self.words & !other.words == 0
    }

    #[cfg(test)]
    pub fn of_bits(slots: u8, words: u64) -> Needs {
        Needs { slots, words }
    }

    /// How many things it needs: the fewer, the likelier a sentence has them all.
    pub fn weight(self) -> u32 {
        self.slots.count_ones() + self.words.count_ones()
    }
}

/// One of 64 bits for a token's folded text, by its first byte and length: the words of a
/// sentence OR'd together say cheaply which words it surely lacks.
#[inline]
pub(crate) fn word_bit(norm: &str) -> u64 {
    let b = norm.as_bytes();
    let first = b.first().map_or(0, |&f| u32::from(f));
    1 << ((first.wrapping_mul(7).wrapping_add(b.len() as u32)) % 64)
}

/// The literal right next to a pattern's first slot, if there is one: the word just before
/// the slot (`about` in `about {q}`), or, for a pattern that opens with a `{q}`, the word
/// after it (`or` in `{q} or so`). Where a figure stands, one look at the token beside it
/// rules out most patterns before they are matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Probe {
    Before(Lit),
    AfterQ(Lit),
    None,
}

impl Template {
    pub fn parse(
        text: &str,
        dotless_i: bool,
        cases: &BTreeMap<String, u32>,
    ) -> Result<Template, String> {
        let mut elems = Vec::new();
        for piece in text.split_whitespace() {
            if let Some(inner) = piece.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                let (name, case) = match inner.split_once(':') {
                    Some((n, c)) => (n, Some(c)),
                    None => (inner, None),
                };
                let slot = match name {
                    "q" => Slot::Q,
                    "n" => Slot::N,
                    "year" => Slot::Year,
                    "day" => Slot::Day,
                    "month" => Slot::Month,
                    other => {
                        return Err(format!(
                            "pattern \"{text}\": unknown slot {{{other}}} (expected q, n, year, day, month)"
                        ))
                    }
                };
                let mask = match case {
                    None => 0,
                    Some(c) => *cases.get(c).ok_or_else(|| {
                        format!("pattern \"{text}\": unknown case \"{c}\" (not in [suffixes])")
                    })?,
                };
                elems.push(Elem::Slot(slot, mask));
            } else {
                elems.extend(
                    Lit::parse_words(piece, dotless_i)
                        .into_iter()
                        .map(Elem::Lit),
                );
            }
        }
        if elems.is_empty() {
            return Err(format!("empty pattern \"{text}\""));
        }
        let lead = elems
            .iter()
            .position(|e| matches!(e, Elem::Slot(..)))
            .unwrap_or(elems.len());
        let slot_mask = elems.iter().fold(0, |m, e| match e {
            Elem::Slot(s, _) => m | 1 << slot_bit(*s),
            Elem::Lit(_) => m,
        });
        let probe = match (lead.checked_sub(1).map(|i| &elems[i]), &elems[..]) {
            (Some(Elem::Lit(l)), _) => Probe::Before(l.clone()),
            (None, [Elem::Slot(Slot::Q, _), Elem::Lit(l), ..]) => Probe::AfterQ(l.clone()),
            _ => Probe::None,
        };
        let first = |l: &Lit| match l {
            Lit::Exact(w) | Lit::Prefix(w) => w.as_bytes().first().copied(),
        };
        let probe_key = match &probe {
            Probe::Before(l) => first(l).map_or(0, |b| 0x100 | u16::from(b)),
            Probe::AfterQ(l) => first(l).map_or(0, |b| 0x200 | u16::from(b)),
            Probe::None => 0,
        };
        let word_bits = elems.iter().fold(0, |m, e| match e {
            Elem::Lit(Lit::Exact(w)) => m | word_bit(w),
            _ => m,
        });
        Ok(Template {
            elems,
            lead,
            slot_mask,
            probe,
            probe_key,
            word_bits,
        })
    }

    /// The word next to the first slot, to rule the pattern out cheaply.
    pub fn probe(&self) -> &Probe {
        &self.probe
    }

    /// The probe word's first byte, with `0x100` set for a word before the slot and `0x200`
    /// for one after it; 0 when there is no probe.
    pub fn probe_key(&self) -> u16 {
        self.probe_key
    }

    /// How many elements come before the first slot.
    pub fn lead(&self) -> usize {
        self.lead
    }

    /// The slots the pattern names, as [`slot_bit`] bits.
    pub fn slot_mask(&self) -> u8 {
        self.slot_mask
    }

    /// Can a sentence whose tokens' [`word_bit`]s are `bits` hold every exact word of the
    /// pattern? False only where it surely cannot.
    #[inline]
    pub fn may_fit(&self, bits: u64) -> bool {
        self.word_bits & !bits == 0
    }

    /// What a sentence must hold for this pattern to fit ([`Template::slot_mask`] and
    /// [`Template::may_fit`] at once).
    pub fn needs(&self) -> Needs {
        Needs {
            slots: self.slot_mask,
            words: self.word_bits,
        }
    }

    /// Does the pattern open with a word (not a slot)?
    pub fn word_led(&self) -> bool {
        self.lead > 0
    }

    pub fn slots(&self) -> impl Iterator<Item = Slot> + '_ {
        self.elems.iter().filter_map(|e| match e {
            Elem::Slot(s, _) => Some(*s),
            Elem::Lit(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_split_into_words_and_slots() {
        let mut cases = BTreeMap::new();
        cases.insert("ablative".to_string(), 1);
        let t = Template::parse("{q:ablative} daha fazla", true, &cases).unwrap();
        assert_eq!(t.elems.len(), 3);
        assert_eq!(t.elems[0], Elem::Slot(Slot::Q, 1));
        assert_eq!(t.lead(), 0);
        assert_eq!(t.slot_mask(), 1 << slot_bit(Slot::Q));
        let t = Template::parse("the {day} of {month}", true, &cases).unwrap();
        assert_eq!(t.lead(), 1);
        let both = (1 << slot_bit(Slot::Day)) | (1 << slot_bit(Slot::Month));
        assert_eq!(t.slot_mask(), both);
        assert_eq!(t.probe(), &Probe::Before(Lit::Exact("the".to_string())));
        let t = Template::parse("{q} or so", true, &cases).unwrap();
        assert_eq!(t.probe(), &Probe::AfterQ(Lit::Exact("or".to_string())));
        let t = Template::parse("{year} - {day}", true, &cases).unwrap();
        assert_eq!(t.probe(), &Probe::None);
        assert!(Template::parse("{q:nowhere} x", true, &cases).is_err());
    }

    #[test]
    fn a_pattern_does_not_fit_a_sentence_lacking_one_of_its_words() {
        let cases = BTreeMap::new();
        let t = Template::parse("first {n} months of the year", false, &cases).unwrap();
        let bits = |s: &str| {
            with_tokens(s, 0, s.len(), false, |toks| {
                toks.iter().fold(0, |m, t| m | word_bit(t.norm))
            })
        };
        assert!(t.may_fit(bits("In the first 5 months of the year")));
        assert!(!t.may_fit(bits("In the first 5 weeks")));
        let wild = Template::parse("increas* by {q}", false, &cases).unwrap();
        assert!(wild.may_fit(bits("it grew by 5")));
        assert!(!wild.may_fit(bits("it grew 5")));
        assert!(
            t.word_led()
                && !Template::parse("{q} or so", false, &cases)
                    .unwrap()
                    .word_led()
        );
    }

    #[test]
    fn literals_match_whole_words_and_wildcards_match_beginnings() {
        with_tokens("increased in inc 5", 0, 18, false, |toks| {
            let exact = Lit::Exact("in".to_string());
            let prefix = Lit::Prefix("increas".to_string());
            assert!(!exact.matches(&toks[0]) && exact.matches(&toks[1]));
            assert!(!exact.matches(&toks[2]) && !exact.matches(&toks[3]));
            assert!(prefix.matches(&toks[0]) && !prefix.matches(&toks[1]));
            assert!(!prefix.matches(&toks[2]));
            assert!(Lit::Exact("5".to_string()).matches(&toks[3]));
            assert!(!Lit::Prefix("5".to_string()).matches(&toks[3]));
        });
    }
}
