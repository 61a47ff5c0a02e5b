//! What discovery reads of one unmapped figure: its clause, the concept its counted noun
//! names, and the entity-like words around it with the role their grammar gives them. Runs in
//! the pipeline while the source text is at hand, so only these few strings outlive it.
//!
//! The clause is cut as the rule matcher cuts it (hard breaks always, soft breaks only when
//! the far side holds a figure of its own, all from the language's `[roles]`); roles come from
//! the same markers (a preposition before, a case suffix after an apostrophe, a case ending on
//! the next word). Nothing here knows a name: an entity-like word is any capitalised word.

use std::ops::Range;

use serde::Serialize;

use super::{fold_ascii, Vocab};
use crate::extract::Mention;
use crate::lang::Language;
use crate::normalize::one_line;
use crate::rules::clause::{clause, ending, has_figure, window, Break, MAX_SIDE};

/// Which way an entity stands in a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Origin,
    Destination,
    Neutral,
}

impl Role {
    pub fn opposite(self) -> Role {
        match self {
            Role::Origin => Role::Destination,
            Role::Destination => Role::Origin,
            Role::Neutral => Role::Neutral,
        }
    }
}

/// A capitalised word near a figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityWord {
    /// As written, without an apostrophe suffix: `İtalya` of `İtalya’da`.
    pub word: String,
    /// Language-neutral key: diacritics stripped, first four letters (`ital`, `port`); a
    /// whole acronym (`nato`).
    pub stem: String,
    /// The role a preposition or suffix gives it; `None` when nothing marks it.
    pub marked: Option<Role>,
    /// Written just before a word that names a concept (`Italian companies`, `İtalyan
    /// turist`): the position of an adjective or demonym.
    pub adjective: bool,
    /// In the figure's clause, rather than elsewhere in its sentence.
    pub in_clause: bool,
    /// Capitalised only because it opens a sentence or sits in an all-capitals headline:
    /// an entity only if the same stem is written capitalised elsewhere.
    pub weak: bool,
}

/// Everything discovery knows about one figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Features {
    pub lang: String,
    /// The figure's clause as written, whitespace collapsed.
    pub clause: String,
    /// The concept of the word nearest the figure that names one: the counted noun.
    pub concept: Option<String>,
    /// Every concept named in the clause (or, when it names none, in the sentence).
    pub concepts: Vec<String>,
    /// The word that named `concept`, as written (`companies`, `şirket`).
    pub noun: Option<String>,
    pub entities: Vec<EntityWord>,
}

/// A word of the sentence, in bytes of the window.
#[derive(Debug, Clone)]
struct Token {
    start: usize,
    end: usize,
    /// After an apostrophe (`da` of `İtalya’da`), folded.
    suffix: String,
    /// End including the suffix.
    full_end: usize,
    folded: String,
    upper: bool,
    caps: bool,
    digit: bool,
}

fn apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

fn tokenize(text: &str, lang: &Language) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if d.is_alphanumeric() {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let mut full_end = end;
        let mut suffix = String::new();
        if let Some(&(j, a)) = chars.peek() {
            let after = j + a.len_utf8();
            if apostrophe(a)
                && text[after..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
            {
                chars.next();
                let mut e = after;
                while let Some(&(k, d)) = chars.peek() {
                    if d.is_alphanumeric() {
                        e = k + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                suffix = lang.fold(&text[after..e]);
                full_end = e;
            }
        }
        let word = &text[start..end];
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        out.push(Token {
            start,
            end,
            suffix,
            full_end,
            folded: lang.fold(word),
            upper: c.is_uppercase(),
            caps: letters >= 2 && !word.chars().any(char::is_lowercase),
            digit: c.is_ascii_digit(),
        });
    }
    out
}

fn breaks(text: &str, tokens: &[Token], figure: &Range<usize>, lang: &Language) -> Vec<Break> {
    let roles = &lang.roles;
    let inside = |s: usize, e: usize| s < figure.end && e > figure.start;
    let mut out = Vec::new();
    for (list, soft) in [(&roles.clause_breaks, false), (&roles.soft_breaks, true)] {
        for p in list.iter().filter(|p| !p.is_empty()) {
            for (i, _) in text.match_indices(p.as_str()) {
                let e = i + p.len();
                let digits = text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_digit())
                    && text[e..].chars().next().is_some_and(|c| c.is_ascii_digit());
                if !digits && !inside(i, e) {
                    out.push(Break {
                        start: i,
                        end: e,
                        soft,
                    });
                }
            }
        }
    }
    // A blank line (after a headline, say) always ends a clause.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                out.push(Break {
                    start: i,
                    end: j + 1,
                    soft: false,
                });
                i = j;
            }
        }
        i += 1;
    }
    for t in tokens.iter().filter(|t| !inside(t.start, t.full_end)) {
        let w = t.folded.as_str();
        if roles.clause_words.iter().any(|x| x == w) {
            out.push(Break {
                start: t.start,
                end: t.end,
                soft: false,
            });
        } else if roles.soft_words.iter().any(|x| x == w) {
            out.push(Break {
                start: t.start,
                end: t.end,
                soft: true,
            });
        } else if roles.clause_end_suffixes.iter().any(|s| {
            !s.is_empty() && w.ends_with(s.as_str()) && w.chars().count() > s.chars().count() + 1
        }) {
            out.push(Break {
                start: t.full_end,
                end: t.full_end,
                soft: false,
            });
        }
    }
    out.sort_by_key(|b| (b.start, b.end));
    out
}

/// The stretches between consecutive breaks of any kind.
fn all_breaks_between(breaks: &[Break], len: usize) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(breaks.len() + 1);
    let mut at = 0;
    for b in breaks {
        if b.start >= at {
            out.push(at..b.start);
            at = b.end;
        }
    }
    out.push(at.min(len)..len);
    out
}

/// Read one unmapped figure. `None` when its spans do not fit `prose`.
pub fn features(
    prose: &str,
    mention: &Mention,
    lang: &Language,
    vocab: &Vocab,
) -> Option<Features> {
    let Range { start: ws, end: we } = window(prose, mention)?;
    let (ms, me) = (mention.span.start, mention.span.end);
    let text = &prose[ws..we];
    let figure = (ms - ws)..(me - ws);
    let tokens = tokenize(text, lang);
    let breaks = breaks(text, &tokens, &figure, lang);
    let cut = clause(text, &figure, &breaks);
    let in_clause = |t: &Token| t.start >= cut.start && t.end <= cut.end;
    let in_figure = |t: &Token| t.start < figure.end && t.end > figure.start;

    // The figure's place among the tokens, for distances.
    let first = tokens
        .iter()
        .position(|t| t.end > figure.start)
        .unwrap_or(tokens.len());
    let last = tokens
        .iter()
        .rposition(|t| t.start < figure.end)
        .unwrap_or(first);
    let distance = |i: usize| -> (usize, bool) {
        if i < first {
            (first - i, true)
        } else {
            (i.saturating_sub(last), false)
        }
    };

    // Concepts: the nearest in the clause, else the nearest in a stretch of the sentence
    // that has no figure of its own (`tourism is booming: in 2023, 130,000 Italians came…`); a
    // word next to another figure speaks for that figure.
    let cuts = all_breaks_between(&breaks, text.len());
    let free = |t: &Token| {
        cuts.iter()
            .find(|r| r.start <= t.start && t.end <= r.end)
            .is_some_and(|r| !has_figure(&text[r.clone()]))
    };
    let mut found: Vec<(bool, (usize, bool), usize, usize)> = Vec::new();
    let mut concept_tokens = vec![false; tokens.len()];
    for (i, t) in tokens.iter().enumerate() {
        if in_figure(t) || t.digit {
            continue;
        }
        if let Some(c) = vocab.concept(&lang.code, &t.folded) {
            concept_tokens[i] = true;
            if in_clause(t) || free(t) {
                found.push((!in_clause(t), distance(i), i, c));
            }
        }
    }
    found.sort();
    let clause_has = found.first().is_some_and(|f| !f.0);
    let mut concepts: Vec<String> = found
        .iter()
        .filter(|f| !clause_has || !f.0)
        .map(|f| vocab.concepts[f.3].clone())
        .collect();
    concepts.sort();
    concepts.dedup();
    let (concept, noun) = match found.first() {
        Some(&(_, _, i, c)) => (
            Some(vocab.concepts[c].clone()),
            Some(text[tokens[i].start..tokens[i].end].to_string()),
        ),
        None => {
            // No concept: the first plain word after the figure in its clause, as a stem that
            // only matches the same word in the same language.
            let stop = &lang.data.detect.words;
            let noun = tokens[last.min(tokens.len())..]
                .iter()
                .filter(|t| in_clause(t) && !in_figure(t))
                .take(3)
                .find(|t| {
                    !t.upper
                        && !t.digit
                        && t.folded.chars().count() >= 3
                        && !stop.contains(&t.folded)
                });
            match noun {
                Some(t) => {
                    let stem: String = fold_ascii(&t.folded).chars().take(5).collect();
                    (
                        Some(format!("{}~{stem}", lang.code)),
                        Some(text[t.start..t.end].to_string()),
                    )
                }
                None => (None, None),
            }
        }
    };
    if let (Some(c), true) = (&concept, concepts.is_empty()) {
        concepts.push(c.clone());
    }

    let entities = entity_words(text, &tokens, &concept_tokens, &cut, &figure, mention, lang);
    // As a reader would quote it: without the break punctuation or a leading `and`.
    let clause_text = one_line(&text[cut.clone()]);
    let mut clause_text = clause_text
        .trim_matches(|c: char| c == ',' || c == ' ' || c == ';' || c == ':')
        .to_string();
    if let Some((first, rest)) = clause_text.split_once(' ') {
        if lang.roles.soft_words.contains(&lang.fold(first)) && !rest.is_empty() {
            clause_text = rest.to_string();
        }
    }
    Some(Features {
        lang: lang.code.clone(),
        clause: clause_text,
        concept,
        concepts,
        noun,
        entities,
    })
}

/// Capitalised words with their roles: all of the clause, and the marked ones of the rest of
/// the sentence.
fn entity_words(
    text: &str,
    tokens: &[Token],
    concept_tokens: &[bool],
    cut: &Range<usize>,
    figure: &Range<usize>,
    mention: &Mention,
    lang: &Language,
) -> Vec<EntityWord> {
    let roles = &lang.roles;
    let stop = &lang.data.detect.words;
    let months = &lang.data.calendar.months;
    let alphabetic: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.folded.chars().count() >= 3 && !t.digit)
        .collect();
    // A headline in capitals says nothing by its capitals.
    let headline = alphabetic.len() >= 2 && alphabetic.iter().all(|t| t.caps);
    let sentence_start = mention.sentence.start;
    let window_starts_sentence = mention.span.start.saturating_sub(MAX_SIDE) <= sentence_start;
    let first_word = tokens.iter().position(|t| !t.digit);

    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.upper || t.digit || concept_tokens[i] {
            continue;
        }
        if t.start < figure.end && t.end > figure.start {
            continue;
        }
        if months
            .iter()
            .any(|m| m.iter().any(|x| lang.fold(x) == t.folded))
        {
            continue;
        }
        let in_clause = t.start >= cut.start && t.end <= cut.end;
        let before = text[..t.start].trim_end();
        let after_quote = before
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '"' | '\u{201C}' | '\u{2018}' | '\u{00AB}' | '\''));
        let weak = headline
            || after_quote
            || (window_starts_sentence && Some(i) == first_word)
            || stop.contains(&t.folded);
        let acronym = t.caps && !headline;
        let folded = fold_ascii(&t.folded);
        let stem: String = if acronym {
            folded.clone()
        } else {
            folded.chars().take(4).collect()
        };
        // What marks the role: a suffix, a case ending on the next word, a preposition.
        let next = tokens.get(i + 1).filter(|n| {
            let gap = &text[t.full_end..n.start];
            gap == " " || gap == "-"
        });
        let mut marked = None;
        if !t.suffix.is_empty() {
            if roles.origin_suffixes.contains(&t.suffix) {
                marked = Some(Role::Origin);
            } else if roles.destination_suffixes.contains(&t.suffix) {
                marked = Some(Role::Destination);
            }
        }
        if marked.is_none() && t.suffix.is_empty() {
            if let Some(n) = next.filter(|n| text[t.full_end..n.start] == *" " && !n.upper) {
                let o = ending(&roles.next_word_origin_suffixes, &n.folded).is_some();
                let d = ending(&roles.next_word_destination_suffixes, &n.folded).is_some();
                marked = match (o, d) {
                    (true, false) => Some(Role::Origin),
                    (false, true) => Some(Role::Destination),
                    _ => None,
                };
            }
        }
        if marked.is_none() {
            let prev1 = i.checked_sub(1).map(|j| &tokens[j]);
            let prev2 = i.checked_sub(2).map(|j| &tokens[j]);
            let adjacent = |a: &Token, b_start: usize| text[a.full_end..b_start].trim().is_empty();
            let mut said: Vec<String> = Vec::new();
            if let Some(p) = prev1.filter(|p| adjacent(p, t.start)) {
                said.push(p.folded.clone());
                if let Some(q) = prev2.filter(|q| adjacent(q, p.start)) {
                    said.push(format!("{} {}", q.folded, p.folded));
                }
            }
            let has = |list: &[String]| said.iter().any(|w| list.iter().any(|m| m == w));
            if has(&roles.origin_before) {
                marked = Some(Role::Origin);
            } else if has(&roles.destination_before) {
                marked = Some(Role::Destination);
            }
        }
        if !in_clause && marked.is_none() {
            continue;
        }
        // Before the noun a figure counts, or one word before it (`Italian companies`,
        // `Italian-owned businesses`, `İtalyan sermayeli şirket`).
        let counted = |j: usize| concept_tokens.get(j).copied().unwrap_or(false);
        let adjective = t.suffix.is_empty()
            && next.is_some_and(|n| !n.upper && !n.digit && !stop.contains(&n.folded))
            && (counted(i + 1) || counted(i + 2));
        out.push(EntityWord {
            word: text[t.start..t.end].to_string(),
            stem,
            marked,
            adjective,
            in_clause,
            weak,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_do_not_count_as_figures_but_amounts_do() {
        assert!(!has_figure("in 2023"));
        assert!(has_figure("and 863,000 visitors"));
        assert!(has_figure("5,2 milyar"));
    }
}
