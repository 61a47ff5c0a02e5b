//! Patterns from the language files: a line of words and slots, matched against tokens.
//!
//! `between {q} and {q}`, `{q:ablative} fazla`, `{year} - {year} academic year`. A slot is
//! `{q}` (a figure with its unit), `{n}` (a number), `{year}`, `{day}` (1–31) or `{month}`;
//! `:case` requires the slot's last word to carry a suffix of that case, as the language's
//! `[suffixes]` table names them. A word ending in `*` matches any word it begins
//! (`increas*`); `-` matches any dash. Words are folded like the text they are matched against.

use std::collections::BTreeMap;

use super::token::{tokenize, Kind, Tok};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lit {
    Exact(String),
    Prefix(String),
}

impl Lit {
    pub fn matches(&self, tok: &Tok) -> bool {
        match self {
            Lit::Exact(s) => tok.norm == *s,
            Lit::Prefix(p) => tok.kind == Kind::Word && tok.norm.starts_with(p.as_str()),
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
            let toks = tokenize(body, 0, body.len(), dotless_i);
            let n = toks.len();
            for (i, t) in toks.into_iter().enumerate() {
                let mut norm = t.norm.into_owned();
                if let Some(s) = t.suffix {
                    norm.push('\'');
                    norm.push_str(&s);
                }
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
        Ok(Template { elems })
    }

    /// How many elements come before the first slot.
    pub fn lead(&self) -> usize {
        self.elems
            .iter()
            .position(|e| matches!(e, Elem::Slot(..)))
            .unwrap_or(self.elems.len())
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
        assert!(Template::parse("{q:nowhere} x", true, &cases).is_err());
    }
}
