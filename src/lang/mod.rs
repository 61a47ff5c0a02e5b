//! Language knowledge as data: number words, scale words, hedges, period words, month names,
//! currency names, suffix rules, and the role markers the rule matcher uses to tell origin
//! from destination. One TOML file per language under `rules/lang/`, embedded at build time
//! and overridable at run time, so a third language is a data file, not a code change.
//!
//! This module owns the file format ([`LanguageFile`], exactly as written) and loading; the
//! extraction tables compiled from it (one automaton per language, built once here) live in
//! `crate::extract::lexicon`. Language detection scores each language's frequent words and
//! letters in a sample of the text; it never looks at anything but the data files.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;

use crate::extract::lexicon::{FastMap, Lexicon};
use crate::text::{lanes, length_bit};

/// Words that tell the rule matcher which way a relation points: `from Norway` (origin),
/// `to Germany`, `Almanya'ya` (destination); and the breaks that cut a sentence into clauses,
/// so a figure is matched against the words of its own clause. All entries are written
/// folded (lowercase, `'` for apostrophes), as the matcher compares them with folded text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleMarkers {
    /// Words just before an entity that make it the origin (`from`).
    #[serde(default)]
    pub origin_before: Vec<String>,
    /// Words just before an entity that make it the destination or place (`in`, `to`, `into`).
    #[serde(default)]
    pub destination_before: Vec<String>,
    /// Suffixes on an entity (after an apostrophe or directly) that make it the origin
    /// (Turkish ablative `-dan`, `-den`).
    #[serde(default)]
    pub origin_suffixes: Vec<String>,
    /// Suffixes that make it the destination or place (dative `-a`, `-e`, `-ya`, `-ye`,
    /// locative `-da`, `-de`).
    #[serde(default)]
    pub destination_suffixes: Vec<String>,
    /// Endings of the word right after a bare entity name that make the name the origin
    /// (Turkish compound with ablative: `Norveç ekonomisinden`).
    #[serde(default)]
    pub next_word_origin_suffixes: Vec<String>,
    /// Endings of the word right after a bare entity name that make it the destination
    /// (`Norveç ekonomisine`, `Almanya pazarında`).
    #[serde(default)]
    pub next_word_destination_suffixes: Vec<String>,
    /// Punctuation that always ends a clause (`;`, `:`).
    #[serde(default)]
    pub clause_breaks: Vec<String>,
    /// Punctuation that ends a clause only when the other side holds a figure of its own (`,`).
    #[serde(default)]
    pub soft_breaks: Vec<String>,
    /// Words that always start a new clause (`while`, `whereas`).
    #[serde(default)]
    pub clause_words: Vec<String>,
    /// Words that start a new clause only when the other side holds a figure (`and`, `ve`).
    #[serde(default)]
    pub soft_words: Vec<String>,
    /// Word endings that close a clause (Turkish converb `-rken`: `yaparken`, `görürken`).
    #[serde(default)]
    pub clause_end_suffixes: Vec<String>,
}

/// Everything the engine knows about one language.
#[derive(Debug, Clone)]
pub struct Language {
    /// `en`, `tr`, …
    pub code: String,
    pub name: String,
    /// Does this language fold `I` to `ı` (Turkish, Azerbaijani)?
    pub dotless_i: bool,
    pub roles: RoleMarkers,
    /// The file as written (extraction data), kept for tools that list it.
    pub data: Arc<LanguageFile>,
    /// Extraction tables compiled from `data`: built when a language file is loaded, so its
    /// errors show at once, or for a built-in language (valid, as a test checks) when a
    /// document in it is first read, so a run that never reads one does not build them.
    pub(crate) lexicon: LexiconCell,
}

/// A language's extraction tables, compiled at most once and shared by every clone of the
/// language. Dereferences to the [`Lexicon`], compiling it on first use if it is not yet.
#[derive(Debug, Clone)]
pub(crate) struct LexiconCell {
    tables: Arc<std::sync::OnceLock<Lexicon>>,
    file: Arc<LanguageFile>,
}

impl LexiconCell {
    /// Tables already compiled.
    fn compiled(lexicon: Lexicon, file: Arc<LanguageFile>) -> LexiconCell {
        LexiconCell {
            tables: Arc::new(std::sync::OnceLock::from(lexicon)),
            file,
        }
    }

    /// Tables compiled from `file` when first used; only for a file known to compile.
    fn deferred(file: Arc<LanguageFile>) -> LexiconCell {
        LexiconCell {
            tables: Arc::new(std::sync::OnceLock::new()),
            file,
        }
    }

    /// The tables, compiled now if this is their first use.
    fn get(&self) -> &Lexicon {
        self.tables.get_or_init(|| {
            // Only a built-in language is deferred, and its file is known to compile.
            Lexicon::compile(&self.file).expect(
                "a built-in language's tables compile \
                 (lang::tests::built_in_languages_compile_as_a_loaded_file_does checks it)",
            )
        })
    }
}

impl std::ops::Deref for LexiconCell {
    type Target = Lexicon;

    fn deref(&self) -> &Lexicon {
        self.get()
    }
}

impl Language {
    /// Compile this language's extraction tables now if they are not yet: called when a
    /// document in it is loaded, so they are built before (not during) its extraction.
    pub(crate) fn prepare(&self) {
        self.lexicon.get();
    }

    /// Lowercase for matching, with this language's casing rules.
    pub fn fold(&self, s: &str) -> String {
        crate::text::fold(s, self.dotless_i)
    }
}

/// A language file exactly as written. Every table is optional, so a new language can start
/// with a handful of number words and grow. `rules/lang/en.toml` documents each field.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageFile {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub dotless_i: bool,
    #[serde(default)]
    pub detect: DetectData,
    #[serde(default)]
    pub sentences: SentenceData,
    #[serde(default)]
    pub numbers: NumberData,
    #[serde(default)]
    pub ordinals: OrdinalData,
    #[serde(default)]
    pub fractions: FractionData,
    /// Case endings by case name (`ablative = ["den", "dan"]`); patterns refer to the names.
    #[serde(default)]
    pub suffixes: BTreeMap<String, Vec<String>>,
    /// Consonant softening before a vowel-initial suffix: soft letter -> hard letter
    /// (`"d" = "t"`: `dört` + `e` is written `dörde`).
    #[serde(default)]
    pub softening: BTreeMap<String, String>,
    #[serde(default)]
    pub calendar: CalendarData,
    #[serde(default)]
    pub percent: PercentData,
    /// ISO 4217 code -> how the currency is written (symbols, codes, names).
    #[serde(default)]
    pub currencies: BTreeMap<String, Vec<String>>,
    /// Measure name -> the nouns that count it (`day = ["day", "days"]`).
    #[serde(default)]
    pub measures: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub hedge: Vec<HedgeData>,
    #[serde(default)]
    pub ranges: RangeData,
    #[serde(default)]
    pub changes: ChangeData,
    #[serde(default)]
    pub dates: DateData,
    #[serde(default)]
    pub years: YearData,
    #[serde(default)]
    pub periods: PeriodRules,
    #[serde(default)]
    pub period: Vec<PeriodData>,
    #[serde(default)]
    pub roles: RoleMarkers,
    /// `[discover]`: the concepts `report --discover` groups unmapped figures by.
    #[serde(default)]
    pub discover: crate::discover::Vocabulary,
}

/// What tells this language apart from others in a sample of text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectData {
    /// Frequent short words (articles, conjunctions, postpositions).
    #[serde(default)]
    pub words: Vec<String>,
    /// Letters common in this language and rare elsewhere (`ğışç`).
    #[serde(default)]
    pub letters: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentenceData {
    /// Words written with a period that does not end the sentence (`oct`, `mr`).
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Word endings that close a clause (Turkish converbs in `-ken`): a period stated before
    /// such a word does not reach the figures after it.
    #[serde(default)]
    pub clause_endings: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberData {
    /// The decimal mark and the thousands separator of digits (`"."` and `","` in English).
    #[serde(default)]
    pub decimal: String,
    #[serde(default)]
    pub group: String,
    /// Number words below a hundred and their values.
    #[serde(default)]
    pub words: BTreeMap<String, f64>,
    /// Words that multiply the number before them within a group (`hundred`).
    #[serde(default)]
    pub hundreds: BTreeMap<String, f64>,
    /// Scale words (`thousand`, `million`, `bn`), written apart from or glued to digits.
    #[serde(default)]
    pub scales: BTreeMap<String, f64>,
    /// Scales only read when glued to digits (`100k`, `5m`).
    #[serde(default)]
    pub glued_scales: BTreeMap<String, f64>,
    /// Words that may join number words (`one hundred and five`).
    #[serde(default)]
    pub joiners: Vec<String>,
    /// Words meaning one only before a scale, a hundred or a fraction (`a million`).
    #[serde(default)]
    pub articles: Vec<String>,
    /// Number words that are pronouns when next to these words (`one of the largest`).
    #[serde(default)]
    pub pronouns: Vec<String>,
    #[serde(default)]
    pub pronoun_next: Vec<String>,
    #[serde(default)]
    pub pronoun_prev: Vec<String>,
    /// Words that make the number after them negative (`minus`).
    #[serde(default)]
    pub negative: Vec<String>,
    /// Words for an unstated number: `dozens` -> a hedge with no value.
    #[serde(default)]
    pub vague: BTreeMap<String, String>,
    /// Words after a number that add to it (`beş buçuk` = 5.5).
    #[serde(default)]
    pub addends: BTreeMap<String, f64>,
    /// Number words may be written together (`otuzüç`, `ikiyüzbin`).
    #[serde(default)]
    pub compounds: bool,
    /// Words joining two vague words into one (`hundreds of thousands`).
    #[serde(default)]
    pub vague_joiners: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrdinalData {
    /// Ordinal words and their values (`fifth = 5`).
    #[serde(default)]
    pub words: BTreeMap<String, f64>,
    /// Letters after digits that make an ordinal (`33rd`; after an apostrophe: `5'inci`).
    #[serde(default)]
    pub digit_suffixes: Vec<String>,
    /// A number followed by `.` and a word is an ordinal (`5. Toplantı`).
    #[serde(default)]
    pub dot: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FractionData {
    /// The unit a fraction gets (`share`); a plain count when empty.
    #[serde(default)]
    pub unit: String,
    /// Denominators after a numerator (`one-third`, `two thirds`, `a quarter`).
    #[serde(default)]
    pub denominators: BTreeMap<String, f64>,
    /// Words that are a fraction by themselves (`half`, `yarısı`).
    #[serde(default)]
    pub alone: BTreeMap<String, f64>,
    /// Case of a denominator written before its numerator (`üçte bir`: locative).
    #[serde(default)]
    pub denominator_case: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarData {
    /// Month names, January first; each entry lists the spellings of one month.
    #[serde(default)]
    pub months: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PercentData {
    /// Written after the number (`85%`, `85 percent`).
    #[serde(default)]
    pub after: Vec<String>,
    /// Written before the number (`%85`, `yüzde 85`).
    #[serde(default)]
    pub before: Vec<String>,
}

/// One hedge and the patterns that state it; `{q}` is the figure with its unit.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HedgeData {
    pub hedge: String,
    pub patterns: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeData {
    /// Patterns with two figures, low then high (`between {q} and {q}`).
    #[serde(default)]
    pub patterns: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeData {
    /// Patterns with an old and a new figure (`from {q} to {q}`).
    #[serde(default)]
    pub patterns: Vec<String>,
    /// A change pattern is a change only when one of these words is in the sentence.
    #[serde(default)]
    pub verbs: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateData {
    /// Calendar dates (`{month} {day} , {year}`); every number inside is a date.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Words right before a number that make it a time of day or an identifier (`no`).
    #[serde(default)]
    pub identifier_before: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearData {
    /// Words before a four-digit number that make it a year (`in`, `since`).
    #[serde(default)]
    pub before: Vec<String>,
    /// Words after it that make it a year (`yılında`).
    #[serde(default)]
    pub after: Vec<String>,
    /// Any case suffix on it makes it a year (`2009'da`).
    #[serde(default)]
    pub suffixed: bool,
    /// Bare four-digit numbers in this range are years unless a unit or hedge says otherwise.
    #[serde(default)]
    pub bare_from: Option<i32>,
    #[serde(default)]
    pub bare_to: Option<i32>,
}

/// How stated periods reach the figures of their sentence.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodRules {
    /// A period right after a figure, in the same clause, belongs to it (`$5 billion in 2024`).
    #[serde(default)]
    pub trailing: bool,
    /// Words saying a figure is a current level (`currently`): a period stated at the start
    /// of the sentence does not reach a figure whose clause has one.
    #[serde(default)]
    pub present: Vec<String>,
}

/// One kind of period expression and its patterns.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodData {
    /// `year`, `years`, `academic`, `first_months`, `months`, `as_of`, `relative_year`,
    /// `same_year`.
    pub kind: String,
    pub patterns: Vec<String>,
    /// For `first_months` without a `{n}`: how many months (`first half` = 6).
    #[serde(default)]
    pub months: Option<u32>,
    /// For `relative_year`: years after the publication year (`last year` = -1).
    #[serde(default)]
    pub offset: Option<i32>,
}

/// Problem with a language file.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct LangError {
    pub path: String,
    pub message: String,
}

/// The languages the engine knows, by code.
#[derive(Debug, Clone)]
pub struct Languages {
    by_code: BTreeMap<String, Language>,
    /// Every language's detection tables merged, rebuilt whenever a language is added.
    detect: DetectIndex,
}

const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/lang/en.toml",
        include_str!("../../rules/lang/en.toml"),
    ),
    (
        "rules/lang/tr.toml",
        include_str!("../../rules/lang/tr.toml"),
    ),
];

/// How much of a text detection reads.
const DETECT_SAMPLE: usize = 8192;

impl Languages {
    /// The languages shipped with the binary.
    pub fn builtin() -> Languages {
        let mut by_code = BTreeMap::new();
        for (path, text) in BUILTIN {
            let lang =
                Language::parse_deferred(path, text).expect("built-in language files are valid");
            by_code.insert(lang.code.clone(), lang);
        }
        let detect = DetectIndex::of(&by_code);
        Languages { by_code, detect }
    }

    /// Add or replace a language from a file's text.
    pub fn add(&mut self, path: &str, text: &str) -> Result<(), LangError> {
        let lang = Language::parse(path, text)?;
        if !self.by_code.contains_key(&lang.code) && self.by_code.len() >= DetectIndex::MAX {
            return Err(LangError {
                path: path.to_string(),
                message: format!(
                    "too many languages: at most {} can be loaded at once",
                    DetectIndex::MAX
                ),
            });
        }
        self.by_code.insert(lang.code.clone(), lang);
        self.detect = DetectIndex::of(&self.by_code);
        Ok(())
    }

    pub fn get(&self, code: &str) -> Option<&Language> {
        self.by_code.get(code)
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.by_code.keys().map(String::as_str)
    }

    /// Guess the language of `text`: each language scores its frequent words (two points each)
    /// and its characteristic letters (one point each) in a sample of the text; the highest
    /// score wins, and the first language by code when nothing tells them apart.
    pub fn detect(&self, text: &str) -> &Language {
        let mut cut = text.len().min(DETECT_SAMPLE);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let scores = self.detect_scores(&text[..cut]);
        let mut best: Option<(&Language, usize)> = None;
        for (lang, score) in self.by_code.values().zip(scores) {
            if best.map_or(true, |(_, s)| score > s) {
                best = Some((lang, score));
            }
        }
        match best {
            Some((lang, _)) => lang,
            None => self.by_code.values().next().expect("at least one language"),
        }
    }
}

/// The most bytes a word may have to count as a frequent word.
const DETECT_WORD_BYTES: usize = 12;

// [`DetectIndex::ascii_shapes`] holds a bit per word length in a `u16` (`1 << len`).
const _: () = assert!(DETECT_WORD_BYTES < 16);

/// Every language's detection tables merged, so that a text word is looked up once for all
/// languages instead of once per language (detection cost a third as much again as
/// extraction and normalization on a news corpus run without `--lang`). Each language is a
/// bit of a mask, in code order, so at most [`DetectIndex::MAX`] languages are loaded.
#[derive(Debug, Clone, Default)]
struct DetectIndex {
    /// A frequent word as its language folds it → the languages that list it.
    words: WordTable,
    /// For each first byte, a bit per length ([`length_bit`]) of the words in `words`: most
    /// text words are ruled out without hashing.
    shapes: Vec<u64>,
    /// The languages that fold `I` to `ı`, and the others.
    dotless: u64,
    dotted: u64,
    /// For a plain ASCII text word, keyed by its first two letters ([`DetectIndex::pair`]), a
    /// bit per length (1 to [`DETECT_WORD_BYTES`]) of the words it could fold to in any
    /// language's way: most text words are ruled out before they are packed.
    ascii_shapes: Vec<u16>,
    /// For a plain ASCII text word of up to seven letters: each lowercase word of ASCII
    /// letters a listed word is written as (`ı` as `i`), with the languages that list it so
    /// written. One probe rules a text word out or gives its languages (unless a language
    /// folds its `I` another way), where a gate and then a lookup took two hashes.
    short_words: MaskTable<u64>,
    /// Characteristic letters → the languages they count for.
    ascii_letters: Vec<u64>,
    any_ascii_letter: bool,
    letters: BTreeMap<char, u64>,
    /// The characters of one or two UTF-8 bytes (below U+0800), by code point: the slot of
    /// [`DetectIndex::slots`] that counts it as a characteristic letter (0: none).
    two_byte: Vec<usize>,
    /// Every non-ASCII characteristic letter's languages, by slot (slot 0 is no letter).
    slots: Vec<u64>,
    /// The slots of characteristic letters of three or four UTF-8 bytes.
    wide: BTreeMap<char, usize>,
}

impl DetectIndex {
    const MAX: usize = 64;

    fn of(by_code: &BTreeMap<String, Language>) -> DetectIndex {
        let mut ix = DetectIndex {
            shapes: vec![0; 256],
            ascii_shapes: vec![0; 1024],
            ascii_letters: vec![0; 128],
            slots: vec![0],
            ..DetectIndex::default()
        };
        let mut words: BTreeMap<&str, u64> = BTreeMap::new();
        // Words as their language folds them, read from the language file: each language's
        // detection data lives only here.
        let mut folded: Vec<(String, u64)> = Vec::new();
        // The ASCII forms of listed words of up to seven letters, lowercase.
        let mut short: Vec<Vec<u8>> = Vec::new();
        for (n, lang) in by_code.values().enumerate().take(Self::MAX) {
            let bit = 1u64 << n;
            let detect = &lang.data.detect;
            for w in &detect.words {
                folded.push((lang.fold(w), bit));
            }
            if lang.dotless_i {
                ix.dotless |= bit;
            } else {
                ix.dotted |= bit;
            }
            for c in detect.letters.chars() {
                match u8::try_from(c) {
                    Ok(b) if b.is_ascii() => {
                        ix.ascii_letters[usize::from(b)] |= bit;
                        ix.any_ascii_letter = true;
                    }
                    _ => *ix.letters.entry(c).or_default() |= bit,
                }
            }
        }
        for (w, bit) in &folded {
            *words.entry(w).or_default() |= bit;
            if let Some(&b) = w.as_bytes().first() {
                ix.shapes[usize::from(b)] |= length_bit(w.len());
            }
            // An ASCII text word folds to lowercase ASCII, or with a `ı` for each `I` in a
            // language that folds it so: written back as ASCII letters, the listed word
            // gives the text word's first two letters and its length.
            let text: Option<Vec<u8>> = w
                .chars()
                .map(|c| match c {
                    'ı' => Some(b'i'),
                    c => u8::try_from(c).ok().filter(u8::is_ascii_alphabetic),
                })
                .collect();
            if let Some(text) = text.filter(|t| (1..=DETECT_WORD_BYTES).contains(&t.len())) {
                ix.ascii_shapes[Self::pair(load_le(&text, 0))] |= 1 << text.len();
                if text.len() < 8 {
                    short.push(text.to_ascii_lowercase());
                }
            }
        }
        ix.short_words = MaskTable::of(short.iter().map(|text| {
            let listed = std::str::from_utf8(text).ok().and_then(|w| words.get(w));
            (load_le(text, 0), listed.copied().unwrap_or(0))
        }));
        ix.words = WordTable::of(&words);
        ix.two_byte = vec![0; 0x800];
        for (&c, &mask) in &ix.letters {
            let slot = ix.slots.len();
            ix.slots.push(mask);
            let cp = u32::from(c) as usize;
            match ix.two_byte.get_mut(cp) {
                Some(entry) => *entry = slot,
                None => {
                    ix.wide.insert(c, slot);
                }
            }
        }
        ix
    }

    /// The key of [`DetectIndex::ascii_shapes`] for an ASCII word of letters (either case)
    /// whose first bytes are the low bytes of `word` ([`load_le`]; zero above a one-letter
    /// word): its first two letters, five bits each (a one-letter word has a zero second).
    #[inline]
    fn pair(word: u64) -> usize {
        ((word & 0x1F) << 5 | (word >> 8) & 0x1F) as usize
    }

    /// Can a listed word start with byte `first` and have `len` bytes?
    fn may_list(&self, first: u8, len: usize) -> bool {
        self.shapes[usize::from(first)] & length_bit(len) != 0
    }

    /// The languages that list `w`, a word already folded.
    fn listing(&self, w: &str) -> u64 {
        match w.as_bytes().first() {
            Some(&b) if self.may_list(b, w.len()) => self.words.get(w),
            _ => 0,
        }
    }

    /// [`DetectIndex::word`] for the common word, plain ASCII of up to 15 bytes, folded
    /// eight bytes at a time in its packed form; `None` for any other word.
    fn ascii_word(&self, w: &str) -> Option<u64> {
        use lanes::{in_range, HIGH};
        let key = WordTable::pack(w.as_bytes())?;
        let (lo, hi) = (key as u64, (key >> 64) as u64);
        if (lo | hi) & HIGH != 0 {
            return None;
        }
        // Every byte is below 0x80: a letter of the word, a zero pad or the length.
        let upper = |x: u64| in_range(x, b'A', b'Z');
        let (ul, uh) = (upper(lo), upper(hi));
        let key = if ul | uh == 0 {
            key
        } else {
            if self.dotless != 0 && (has_byte(lo, b'I') | has_byte(hi, b'I')) != 0 {
                return None;
            }
            // Bit 5 lowercases an ASCII capital; the high bit shifted down by two is bit 5.
            u128::from(lo | (ul >> 2)) | (u128::from(hi | (uh >> 2)) << 64)
        };
        if !self.may_list(key as u8, w.len()) {
            return Some(0);
        }
        Some(self.words.get_packed(key))
    }

    /// The languages for which `w` (a run of letters, as written) is a frequent word once
    /// folded their way.
    fn word(&self, w: &str, folded: &mut String) -> u64 {
        if let Some(found) = self.ascii_word(w) {
            return found;
        }
        if let Some(found) = self.narrow_word(w) {
            return found;
        }
        self.word_slow(w, folded)
    }

    /// [`DetectIndex::word`] for a word of up to fifteen bytes that is not plain ASCII, all
    /// of whose characters are below U+0800 and fold to one such character (the letters of
    /// most Latin-script languages: ç, ğ, ş, ö, ü, ı, İ...): folded from a table into a
    /// buffer on the stack and looked up packed, as [`DetectIndex::word_slow`] would look up
    /// the word it folds into a `String` one Unicode lookup per character (every such word
    /// of a Turkish text took that way). `None` for any other word.
    fn narrow_word(&self, w: &str) -> Option<u64> {
        if w.len() > 15 || w.is_ascii() {
            return None;
        }
        let folds = narrow_folds();
        let mut buf = [0u8; 32];
        let mut n = 0;
        let mut lower = true;
        let mut capital_i = false;
        for c in w.chars() {
            let entry = *folds.get(u32::from(c) as usize)?;
            if entry & NARROW_ONE == 0 {
                return None;
            }
            lower &= entry & NARROW_LOWER != 0;
            capital_i |= c == 'I';
            n += push_narrow(&mut buf[n..], entry & NARROW_CHAR);
        }
        if lower {
            // Folding leaves a lowercase word as it is, for every language.
            return Some(self.listing(w));
        }
        // The two ways of folding differ only on `I`: `buf` holds the one without `ı`.
        if !capital_i {
            return Some(self.listing_bytes(&buf[..n]));
        }
        let mut found = 0;
        if self.dotted != 0 {
            found |= self.listing_bytes(&buf[..n]) & self.dotted;
        }
        if self.dotless != 0 {
            let mut n = 0;
            for c in w.chars() {
                let folded = match c {
                    'I' => u32::from('ı'),
                    c => *folds.get(u32::from(c) as usize)? & NARROW_CHAR,
                };
                n += push_narrow(&mut buf[n..], folded);
            }
            found |= self.listing_bytes(&buf[..n]) & self.dotless;
        }
        Some(found)
    }

    /// [`DetectIndex::listing`] for a folded word given as its UTF-8 bytes.
    fn listing_bytes(&self, w: &[u8]) -> u64 {
        match w.first() {
            Some(&b) if self.may_list(b, w.len()) => match WordTable::pack(w) {
                Some(key) => self.words.get_packed(key),
                None => std::str::from_utf8(w).map_or(0, |w| self.words.get(w)),
            },
            _ => 0,
        }
    }

    /// [`DetectIndex::word`] the long way, for any word: checked for lowercase and folded
    /// one character at a time by Unicode's tables. The test oracle of the fast ways.
    fn word_slow(&self, w: &str, folded: &mut String) -> u64 {
        let ascii = w.is_ascii();
        let lower = if ascii {
            w.bytes().all(|b| b.is_ascii_lowercase())
        } else {
            w.chars().all(char::is_lowercase)
        };
        if lower {
            // Folding leaves a lowercase word as it is, for every language.
            return self.listing(w);
        }
        // The two ways of folding differ only on `I`.
        if !w.contains('I') {
            return self.listing(fold_word(w, false, ascii, folded));
        }
        let mut found = 0;
        if self.dotted != 0 {
            found |= self.listing(fold_word(w, false, ascii, folded)) & self.dotted;
        }
        if self.dotless != 0 {
            found |= self.listing(fold_word(w, true, ascii, folded)) & self.dotless;
        }
        found
    }
}

/// A key of a [`MaskTable`], spread into 64 bits for its multiplicative hash. A real key is
/// never zero: zero marks an empty slot.
trait MaskKey: Copy + Eq + Default {
    fn spread(self) -> u64;
}

/// [`DetectIndex::short_words`]: up to seven ASCII letters in the low bytes, zero above them.
impl MaskKey for u64 {
    #[inline]
    fn spread(self) -> u64 {
        self
    }
}

/// A word packed by [`WordTable::pack`]: up to 15 bytes and the length in the top byte.
impl MaskKey for u128 {
    #[inline]
    fn spread(self) -> u64 {
        self as u64 ^ ((self >> 64) as u64).rotate_left(29)
    }
}

/// Keys → language masks by open addressing in a table at most a quarter full: a lookup is
/// a multiply and a compare or two, where hashing a `String` cost about 70 instructions.
/// Detection keeps two: [`DetectIndex::short_words`] (short ASCII words as written) and
/// [`WordTable`] (listed words as their languages fold them).
#[derive(Debug, Clone, Default)]
struct MaskTable<K> {
    /// Key and mask; a zero key is an empty slot.
    slots: Vec<(K, u64)>,
    /// The top bits of a hash that pick a slot: `64 - log2(slots.len())`.
    shift: u32,
}

impl<K: MaskKey> MaskTable<K> {
    /// The table of `entries`; a key given twice keeps its last mask.
    fn of(entries: impl ExactSizeIterator<Item = (K, u64)>) -> MaskTable<K> {
        let size = (entries.len() * 4).next_power_of_two().max(16);
        let mut table = MaskTable {
            slots: vec![(K::default(), 0); size],
            shift: 64 - size.trailing_zeros(),
        };
        for (key, mask) in entries {
            let mut at = table.slot(key);
            while table.slots[at].0 != K::default() && table.slots[at].0 != key {
                at = (at + 1) & (size - 1);
            }
            table.slots[at] = (key, mask);
        }
        table
    }

    #[inline]
    fn slot(&self, key: K) -> usize {
        (key.spread().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The mask of `key`, or `None` when no entry has that key.
    #[inline]
    fn get(&self, key: K) -> Option<u64> {
        let mut at = self.slot(key);
        loop {
            match *self.slots.get(at)? {
                (k, mask) if k == key => return Some(mask),
                (k, _) if k == K::default() => return None,
                _ => at = (at + 1) & (self.slots.len() - 1),
            }
        }
    }
}

/// Words → language masks, for detection's one lookup per text word: a word of up to 15
/// bytes is packed with its length into a `u128` and found in a [`MaskTable`]; a longer one
/// goes to a map.
#[derive(Debug, Clone, Default)]
struct WordTable {
    packed: MaskTable<u128>,
    long: FastMap<String, u64>,
}

impl WordTable {
    fn of(words: &BTreeMap<&str, u64>) -> WordTable {
        let mut packed = Vec::with_capacity(words.len());
        let mut long = FastMap::default();
        for (&w, &mask) in words {
            match Self::pack(w.as_bytes()) {
                Some(key) => packed.push((key, mask)),
                None => {
                    long.insert(w.to_string(), mask);
                }
            }
        }
        WordTable {
            packed: MaskTable::of(packed.into_iter()),
            long,
        }
    }

    fn pack(w: &[u8]) -> Option<u128> {
        let n = w.len();
        if n == 0 || n > 15 {
            return None;
        }
        // Whole-word loads, overlapping where the word is shorter than two of them: a copy
        // into an array called memset and memcpy, and a byte loop shifted 128-bit values.
        let load8 = |at: usize| {
            w.get(at..at + 8)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map_or(0, u64::from_le_bytes)
        };
        let load4 = |at: usize| {
            w.get(at..at + 4)
                .and_then(|b| <[u8; 4]>::try_from(b).ok())
                .map_or(0, |b| u64::from(u32::from_le_bytes(b)))
        };
        let (lo, hi) = if n >= 8 {
            let hi = if n > 8 {
                load8(n - 8) >> (8 * (16 - n))
            } else {
                0
            };
            (load8(0), hi)
        } else if n >= 4 {
            (load4(0) | (load4(n - 4) << (8 * (n - 4))), 0)
        } else {
            let lo = w
                .iter()
                .enumerate()
                .fold(0u64, |x, (k, &b)| x | u64::from(b) << (8 * k));
            (lo, 0)
        };
        Some(u128::from(lo) | u128::from(hi | (n as u64) << 56) << 64)
    }

    fn get(&self, w: &str) -> u64 {
        match Self::pack(w.as_bytes()) {
            Some(key) => self.get_packed(key),
            None => self.long.get(w).copied().unwrap_or(0),
        }
    }

    /// The mask of a word packed by [`WordTable::pack`].
    fn get_packed(&self, key: u128) -> u64 {
        self.packed.get(key).unwrap_or(0)
    }
}

/// `w` folded into `folded` (a plain ASCII word by bytes).
fn fold_word<'f>(w: &str, dotless_i: bool, ascii: bool, folded: &'f mut String) -> &'f str {
    folded.clear();
    if ascii {
        folded.extend(w.bytes().map(|b| match b {
            b'I' if dotless_i => 'ı',
            b => char::from(b.to_ascii_lowercase()),
        }));
    } else {
        folded.extend(w.chars().flat_map(|c| crate::text::fold_char(c, dotless_i)));
    }
    folded
}

/// [`narrow_folds`]: the character a character below U+0800 folds to (not `I`'s way), ...
const NARROW_CHAR: u32 = 0x7FF;
/// ... whether it folds to one character, itself below U+0800 (else the entry is no use) ...
const NARROW_ONE: u32 = 1 << 11;
/// ... and whether it is lowercase ([`char::is_lowercase`]).
const NARROW_LOWER: u32 = 1 << 12;

/// For each character below U+0800, how [`crate::text::fold_char`] folds it when `I` is not
/// folded to `ı`, and whether it is lowercase: made once per process, the first time a word
/// with such a character is looked up.
fn narrow_folds() -> &'static [u32; 0x800] {
    static FOLDS: std::sync::OnceLock<[u32; 0x800]> = std::sync::OnceLock::new();
    FOLDS.get_or_init(|| {
        let mut folds = [0u32; 0x800];
        for (cp, entry) in folds.iter_mut().enumerate() {
            let Some(c) = char::from_u32(cp as u32) else {
                continue;
            };
            let mut folded = crate::text::fold_char(c, false);
            if let (Some(f), None) = (folded.next(), folded.next()) {
                if u32::from(f) <= NARROW_CHAR {
                    *entry = u32::from(f) | NARROW_ONE;
                }
            }
            if c.is_lowercase() {
                *entry |= NARROW_LOWER;
            }
        }
        folds
    })
}

/// Write the character `cp` (below U+0800) as UTF-8 at the start of `buf`; its length.
#[inline]
fn push_narrow(buf: &mut [u8], cp: u32) -> usize {
    if cp < 0x80 {
        buf[0] = cp as u8;
        1
    } else {
        buf[0] = 0xC0 | (cp >> 6) as u8;
        buf[1] = 0x80 | (cp & 0x3F) as u8;
        2
    }
}

/// Where the run of ASCII letters going on at `i` ends: eight bytes at a time.
fn ascii_letters_end(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let other = !lanes::letters(u64::from_le_bytes(w)) & lanes::HIGH;
        if other != 0 {
            return i + (other.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    i
}

/// Whether `c` is alphabetic, as [`char::is_alphabetic`] says. The characters of two UTF-8
/// bytes (most letters of Latin-script languages besides English: ç, ğ, ş, ö, ü, ı...) are
/// read from a bitmap made once per process, because Unicode's own lookup costs about fifty
/// instructions a character and Turkish text has one every few words.
fn is_letter(c: char) -> bool {
    static BELOW_0800: std::sync::OnceLock<[u64; 32]> = std::sync::OnceLock::new();
    let cp = u32::from(c) as usize;
    if cp >= 0x800 {
        // General Punctuation (the quotes, dashes and spaces of news text) holds no letter.
        return !(0x2000..0x2070).contains(&cp) && c.is_alphabetic();
    }
    let bits = BELOW_0800.get_or_init(|| {
        let mut bits = [0u64; 32];
        for (cp, c) in (0..0x800u32).filter_map(|cp| Some((cp as usize, char::from_u32(cp)?))) {
            if c.is_alphabetic() {
                bits[cp / 64] |= 1 << (cp % 64);
            }
        }
        bits
    });
    bits[cp / 64] >> (cp % 64) & 1 == 1
}

/// Add `points` to the score of each language in `mask`.
fn credit(scores: &mut [usize], mut mask: u64, points: usize) {
    while mask != 0 {
        scores[mask.trailing_zeros() as usize] += points;
        mask &= mask - 1;
    }
}

/// The bytes below byte `n` of a `u64`, for `n` from 0 to 8.
const BELOW: [u64; 9] = {
    let mut below = [u64::MAX; 9];
    let mut n = 0;
    while n < 8 {
        below[n] = (1u64 << (8 * n)) - 1;
        n += 1;
    }
    below
};

/// The high bit of each byte of `x` (all bytes below 0x80) that is `b`; it may also flag a
/// byte just above one that is (the borrow of a zero byte of `x ^ bb…`), never miss one.
#[inline]
fn has_byte(x: u64, b: u8) -> u64 {
    use lanes::{HIGH, ONES};
    let y = x ^ (ONES * u64::from(b));
    y.wrapping_sub(ONES) & !y & HIGH
}

/// The high bit of each byte of `w`, gathered into the low eight bits (byte k to bit k).
#[inline]
fn gather(w: u64) -> u64 {
    ((w >> 7) & lanes::ONES).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Sixty-four bytes of `bytes` from `i` (past the end, zeros, which are no letters) as two
/// bitmaps, a bit per byte: the ASCII letters and the bytes that are not ASCII.
#[inline]
fn bitmaps(bytes: &[u8], i: usize) -> (u64, u64) {
    // The usual block, all sixty-four bytes in the sample: eight words from one array, with
    // no test of the sample's end for each (loaded as `load_le` loads them, a block cost
    // about thirty-five instructions every eight bytes), and the second bitmap gathered only
    // when a byte is not ASCII (most blocks of English text).
    if let Some(block) = bytes.get(i..).and_then(|rest| rest.first_chunk::<64>()) {
        let mut words = [0u64; 8];
        for (w, chunk) in words.iter_mut().zip(block.chunks_exact(8)) {
            if let Some(eight) = chunk.first_chunk::<8>() {
                *w = u64::from_le_bytes(*eight);
            }
        }
        let mut letters = 0u64;
        for (k, &w) in words.iter().enumerate() {
            letters |= gather(lanes::letters(w)) << (8 * k);
        }
        let mut wide = 0u64;
        if words.iter().fold(0, |any, &w| any | w) & lanes::HIGH != 0 {
            for (k, &w) in words.iter().enumerate() {
                wide |= gather(w & lanes::HIGH) << (8 * k);
            }
        }
        return (letters, wide);
    }
    bitmaps_at_end(bytes, i)
}

/// [`bitmaps`] for a block that runs past the end of `bytes`, a word at a time.
fn bitmaps_at_end(bytes: &[u8], i: usize) -> (u64, u64) {
    let (mut letters, mut wide) = (0u64, 0u64);
    for k in 0..8 {
        let chunk = load_le(bytes, i + 8 * k);
        letters |= gather(lanes::letters(chunk)) << (8 * k);
        wide |= gather(chunk & lanes::HIGH) << (8 * k);
    }
    (letters, wide)
}

/// What detection has counted so far in a sample.
struct Tally {
    scores: [usize; DetectIndex::MAX],
    seen: Vec<usize>,
    folded: String,
}

/// The eight bytes of `bytes` from `at`, little-endian; bytes past the end read as zeros.
#[inline]
fn load_le(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(chunk) => {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            u64::from_le_bytes(w)
        }
        None => bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .rev()
            .fold(0, |w, &b| w << 8 | u64::from(b)),
    }
}

/// The character starting at byte `i` of `s` (a character boundary), and its length.
fn char_at(s: &str, i: usize) -> Option<(char, usize)> {
    let bytes = s.as_bytes();
    match *bytes.get(i)? {
        b0 @ 0xC0..=0xDF => {
            let b1 = *bytes.get(i + 1)?;
            let cp = (u32::from(b0 & 0x1F) << 6) | u32::from(b1 & 0x3F);
            Some((char::from_u32(cp)?, 2))
        }
        _ => {
            let c = s.get(i..)?.chars().next()?;
            Some((c, c.len_utf8()))
        }
    }
}

impl Languages {
    /// Each language's detection score on `sample`, in code order: two points per frequent
    /// word (a run of letters, folded the language's way), one per characteristic letter.
    /// One pass over the sample for all languages: runs of non-letters and of ASCII letters
    /// are skipped eight bytes at a time, and a word is looked up once. A plain ASCII word is
    /// looked up only when it may be listed (up to seven letters: by its lowercase form in
    /// [`DetectIndex::short_words`]; longer: a listed word has its first two letters and its
    /// length); a word
    /// with a character that is not ASCII has no such gate: it is folded first and then
    /// looked up when a listed word has its first byte and its length
    /// ([`DetectIndex::word`]). Letters are counted first and credited once per distinct
    /// letter at the end.
    fn detect_scores(&self, sample: &str) -> [usize; DetectIndex::MAX] {
        let ix = &self.detect;
        let mut tally = Tally {
            scores: [0; DetectIndex::MAX],
            // How often each non-ASCII characteristic letter occurs, by slot. Slot 0 is no
            // letter: with no non-ASCII characteristic letter loaded, nothing is worth
            // counting, and an empty `seen` saves the allocation (`word_at` then finds no
            // slot to count in).
            seen: if ix.slots.len() > 1 {
                vec![0; ix.slots.len()]
            } else {
                Vec::new()
            },
            folded: String::new(),
        };
        let bytes = sample.as_bytes();
        // `i` is never inside a word: a letter at `i` starts one.
        let mut i = 0;
        while i < bytes.len() {
            let (letters, wide) = bitmaps(bytes, i);
            // `off` bytes of the bitmaps are read; `i + off` is never inside a word.
            let mut off = 0u32;
            loop {
                let (l, w) = (letters >> off, wide >> off);
                // The words that end on an ASCII byte before `bound` are scored from the
                // bitmaps; from `next` on the text is read again.
                let bound = w.trailing_zeros().min(64 - off);
                let below = if bound == 64 {
                    u64::MAX
                } else {
                    (1u64 << bound) - 1
                };
                let mut starts = l & !(l << 1) & below;
                let at = i + off as usize;
                // Where to go on from, and whether the word there is read the long way.
                let (next, long) = if bound > 0 && l >> (bound - 1) & 1 == 1 {
                    // A word runs up to `bound`: it may go on, so it is read again from its
                    // start, the long way if it touches a character that is not ASCII or
                    // fills all sixty-four bytes.
                    let last = 63 - starts.leading_zeros();
                    starts &= !(u64::MAX << last);
                    (at + last as usize, w != 0 || off + last == 0)
                } else {
                    (at + bound as usize, w != 0)
                };
                self.score_bitmap_words(sample, at, starts, l, &mut tally);
                let next = if long {
                    self.word_at(sample, next, &mut tally)
                } else {
                    next
                };
                // Read on in these bitmaps after a word read the long way, else load anew.
                match u32::try_from(next - i) {
                    Ok(n) if long && n < 64 => off = n,
                    _ => {
                        i = next;
                        break;
                    }
                }
            }
        }
        self.credit_letters(bytes, tally)
    }

    /// The scores of `tally` with its characteristic letters credited, a point each: the
    /// non-ASCII ones as counted while the words of `bytes` were read, the ASCII ones
    /// counted here at once.
    fn credit_letters(&self, bytes: &[u8], tally: Tally) -> [usize; DetectIndex::MAX] {
        let ix = &self.detect;
        let Tally {
            mut scores, seen, ..
        } = tally;
        // Slot 0 counts the characters that are no characteristic letter.
        for (&mask, &n) in ix.slots.iter().zip(&seen).skip(1) {
            credit(&mut scores, mask, n);
        }
        if ix.any_ascii_letter {
            let mut counts = [0usize; 256];
            for &b in bytes {
                counts[usize::from(b)] += 1;
            }
            for (&mask, &n) in ix.ascii_letters.iter().zip(&counts) {
                credit(&mut scores, mask, n);
            }
        }
        scores
    }

    /// Score the words of plain ASCII letters that start at the bits of `starts`, bitmaps
    /// read from byte `at` of `sample`: `l` has a bit per ASCII letter from `at` on, and each
    /// word ends at the first clear bit after its start. A word of up to seven letters is
    /// masked out of one load and found by its lowercase form in
    /// [`DetectIndex::short_words`]; a longer one goes to [`Languages::score_word`].
    #[inline]
    fn score_bitmap_words(
        &self,
        sample: &str,
        at: usize,
        mut starts: u64,
        l: u64,
        tally: &mut Tally,
    ) {
        let ix = &self.detect;
        while starts != 0 {
            let s = starts.trailing_zeros();
            starts &= starts - 1;
            let len = (!(l >> s)).trailing_zeros() as usize;
            let start = at + s as usize;
            if len < 8 {
                let word = load_le(sample.as_bytes(), start) & BELOW[len];
                // Bit 5 lowercases an ASCII letter and leaves a lowercase one as it is.
                if let Some(plain) = ix.short_words.get(word | (lanes::LOWER & BELOW[len])) {
                    // Folded as written but for an `I` some language folds to `ı`.
                    let mask = if ix.dotless != 0 && has_byte(word, b'I') != 0 {
                        sample
                            .get(start..start + len)
                            .map_or(0, |w| ix.word(w, &mut tally.folded))
                    } else {
                        plain
                    };
                    credit(&mut tally.scores, mask, 2);
                }
            } else {
                self.score_word(
                    sample,
                    start..start + len,
                    true,
                    &mut tally.folded,
                    &mut tally.scores,
                );
            }
        }
    }

    /// Score the word at `start` of `sample` (where a word may start, at any character), the
    /// long way: ASCII letters eight at a time, any other character one at a time, counted if
    /// it is a characteristic letter. Returns where the next word may start.
    fn word_at(&self, sample: &str, start: usize, tally: &mut Tally) -> usize {
        let ix = &self.detect;
        let bytes = sample.as_bytes();
        let mut plain = true;
        let mut i = start;
        loop {
            i = ascii_letters_end(bytes, i);
            if !bytes.get(i).is_some_and(|&b| !b.is_ascii()) {
                self.score_word(
                    sample,
                    start..i,
                    plain,
                    &mut tally.folded,
                    &mut tally.scores,
                );
                return i;
            }
            let Some((c, len)) = char_at(sample, i) else {
                return bytes.len();
            };
            let slot = match ix.two_byte.get(u32::from(c) as usize) {
                Some(&slot) => slot,
                None => ix.wide.get(&c).copied().unwrap_or(0),
            };
            if let Some(n) = tally.seen.get_mut(slot) {
                *n += 1;
            }
            if !is_letter(c) {
                self.score_word(
                    sample,
                    start..i,
                    plain,
                    &mut tally.folded,
                    &mut tally.scores,
                );
                return i + len;
            }
            plain = false;
            i += len;
        }
    }

    /// Credit the languages that list the word `sample[range]` (a run of letters; `plain` if
    /// all of them are ASCII) with two points each.
    fn score_word(
        &self,
        sample: &str,
        range: std::ops::Range<usize>,
        plain: bool,
        folded: &mut String,
        scores: &mut [usize],
    ) {
        let ix = &self.detect;
        let len = range.len();
        if len == 0 || len > DETECT_WORD_BYTES {
            return;
        }
        let Some(w) = sample.get(range) else {
            return;
        };
        let mask = if plain {
            if ix.ascii_shapes[DetectIndex::pair(load_le(w.as_bytes(), 0))] & (1 << len) == 0 {
                return;
            }
            match ix.ascii_word(w) {
                Some(mask) => mask,
                None => ix.word(w, folded),
            }
        } else {
            ix.word(w, folded)
        };
        credit(scores, mask, 2);
    }
}

#[cfg(test)]
impl Languages {
    /// The previous one-pass scoring, a letter credited per byte and a word folded before its
    /// shape is checked: the test oracle for [`Languages::detect_scores`].
    fn detect_scores_oracle(&self, sample: &str) -> Vec<usize> {
        let ix = &self.detect;
        let mut scores = vec![0; self.by_code.len()];
        let mut folded = String::new();
        let mut score_word = |w: &str, scores: &mut [usize]| {
            if w.len() <= DETECT_WORD_BYTES {
                credit(scores, ix.word_slow(w, &mut folded), 2);
            }
        };
        let bytes = sample.as_bytes();
        let mut word: Option<usize> = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphabetic() {
                // A run of ASCII letters at once: it only extends the word.
                word.get_or_insert(i);
                let run = i;
                i = ascii_letters_end(bytes, i + 1);
                if ix.any_ascii_letter {
                    for &b in &bytes[run..i] {
                        credit(&mut scores, ix.ascii_letters[usize::from(b)], 1);
                    }
                }
                continue;
            }
            if b.is_ascii() {
                if let Some(start) = word.take() {
                    score_word(&sample[start..i], &mut scores);
                }
                if ix.any_ascii_letter {
                    credit(&mut scores, ix.ascii_letters[usize::from(b)], 1);
                }
                i += 1;
                continue;
            }
            let Some(c) = sample.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            if c.is_alphabetic() {
                word.get_or_insert(i);
            } else if let Some(start) = word.take() {
                score_word(&sample[start..i], &mut scores);
            }
            credit(&mut scores, ix.letters.get(&c).copied().unwrap_or(0), 1);
            i += c.len_utf8();
        }
        if let Some(start) = word {
            score_word(&sample[start..], &mut scores);
        }
        scores
    }
}

/// A language file read as TOML, its error named by `path`.
fn read_file(path: &str, text: &str) -> Result<LanguageFile, LangError> {
    toml::from_str(text).map_err(|e| LangError {
        path: path.to_string(),
        message: e.to_string(),
    })
}

impl Language {
    pub fn parse(path: &str, text: &str) -> Result<Language, LangError> {
        let file = read_file(path, text)?;
        let lexicon = Lexicon::compile(&file).map_err(|message| LangError {
            path: path.to_string(),
            message,
        })?;
        let file = Arc::new(file);
        Ok(Language::of(
            LexiconCell::compiled(lexicon, Arc::clone(&file)),
            file,
        ))
    }

    /// [`Language::parse`] for a built-in file, whose extraction tables are compiled when
    /// first used: a run on English documents never builds the Turkish ones (half of the
    /// start-up of a run, which a CI lint of one draft pays in full).
    fn parse_deferred(path: &str, text: &str) -> Result<Language, LangError> {
        let file = Arc::new(read_file(path, text)?);
        Ok(Language::of(LexiconCell::deferred(Arc::clone(&file)), file))
    }

    fn of(lexicon: LexiconCell, file: Arc<LanguageFile>) -> Language {
        Language {
            code: file.code.clone(),
            name: file.name.clone(),
            dotless_i: file.dotless_i,
            roles: file.roles.clone(),
            data: file,
            lexicon,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_languages_compile_as_a_loaded_file_does() {
        // Their tables are compiled when first used, where a failure could not be reported.
        for (path, text) in BUILTIN {
            let eager = Language::parse(path, text).expect("built-in language files compile");
            let lazy = Languages::builtin();
            let lazy = lazy.get(&eager.code).expect("built in");
            assert_eq!(
                format!("{:?}", &*lazy.lexicon),
                format!("{:?}", &*eager.lexicon),
                "{path}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn a_block_of_bitmaps_marks_each_byte_as_it_is(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
            i in 0usize..200,
        ) {
            // A bit per byte, tested one at a time: the oracle of both ways of building them.
            let (mut letters, mut wide) = (0u64, 0u64);
            for k in 0..64 {
                let b = bytes.get(i + k).copied().unwrap_or(0);
                letters |= u64::from(b.is_ascii_alphabetic()) << k;
                wide |= u64::from(!b.is_ascii()) << k;
            }
            proptest::prop_assert_eq!(bitmaps(&bytes, i), (letters, wide));
            proptest::prop_assert_eq!(bitmaps_at_end(&bytes, i), (letters, wide));
        }
    }

    #[test]
    fn the_letter_bitmap_answers_as_unicode_does() {
        for c in (0..0x2100).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn detection_scores_what_each_lexicon_scores() {
        // One pass for all languages must score exactly what each language's own pass does.
        let mut langs = Languages::builtin();
        langs
            .add(
                "de.toml",
                "code = \"de\"\nname = \"German\"\n[detect]\nwords = [\"der\", \"Und\", \"mit\"]\nletters = \"äöüßx\"\n",
            )
            .expect("a minimal language file");
        let texts = [
            "",
            "He and she have met 14 times.",
            "14 kez görüştü",
            "İZMİR'DE VE IĞDIR'DA Bir İki ÜÇ ışık",
            "Der Handel mit den Nachbarn ist gewachsen, UND Max lacht.",
            "averyveryverylongwordthatneverscores and the of",
            "x\u{0}y\u{301}z  ΣΑΣ ǅ 12,5 ﬁnal",
        ];
        for text in texts {
            let all = langs.detect_scores(text);
            for (lang, score) in langs.by_code.values().zip(all) {
                assert_eq!(
                    score,
                    lang.lexicon.detect_score(text),
                    "{} on {text:?}",
                    lang.code
                );
            }
        }
        assert_eq!(langs.detect("Der Handel mit den Nachbarn.").code, "de");
    }

    /// English, Turkish and a German with an ASCII characteristic letter and a listed `IN`,
    /// built once for every generated case.
    fn with_german() -> &'static Languages {
        static LANGS: std::sync::OnceLock<Languages> = std::sync::OnceLock::new();
        LANGS.get_or_init(|| {
        let mut langs = Languages::builtin();
        langs
            .add(
                "de.toml",
                "code = \"de\"\nname = \"German\"\n[detect]\nwords = [\"der\", \"Und\", \"mit\", \"IN\"]\nletters = \"äöüßxI\"\n",
            )
            .expect("a minimal language file");
        langs
        })
    }

    /// English, Turkish and a made-up third language that folds `I` to `ı`, lists one-letter,
    /// ASCII, `ı` and non-Latin words and counts ASCII, two-, three- and four-byte letters.
    fn with_made_up() -> &'static Languages {
        static LANGS: std::sync::OnceLock<Languages> = std::sync::OnceLock::new();
        LANGS.get_or_init(|| {
            let mut langs = Languages::builtin();
            langs
                .add(
                    "zz.toml",
                    "code = \"zz\"\nname = \"Made up\"\ndotless_i = true\n[detect]\n\
                     words = [\"y\", \"QI\", \"ırk\", \"Kıs\", \"and\", \"жук\", \"的是\", \"ab\", \"abcdefghijkl\", \"bir\", \"ve\"]\n\
                     letters = \"qzIı.ж的𝔸ß\"\n",
                )
                .expect("a made-up language file");
            langs
        })
    }

    /// The scores of the first `langs.by_code.len()` languages, as the oracles return them.
    fn scored(langs: &Languages, text: &str) -> Vec<usize> {
        langs.detect_scores(text)[..langs.by_code.len()].to_vec()
    }

    #[test]
    fn detection_counts_letters_and_words_of_a_made_up_language() {
        let langs = with_made_up();
        // zz: `y`, `QI` (folds to `qı`), `IRK` (folds to `ırk`) are words, two points each;
        // the two `I`, `q`, `z`, `.`, `ж`, `的`, `𝔸` and `ß` letters, a point each.
        let text = "y QI IRK qz. ж 的 𝔸 ß";
        let zz = langs
            .by_code
            .keys()
            .position(|c| c == "zz")
            .expect("loaded");
        assert_eq!(scored(langs, text)[zz], 3 * 2 + 9);
        assert_eq!(scored(langs, text), langs.detect_scores_oracle(text));
        assert_eq!(langs.detect(text).code, "zz");
    }

    #[test]
    fn detection_scores_long_texts_as_the_plain_pass_does() {
        // Words across every place in the sixty-four-byte bitmaps, some running past them.
        let langs = with_made_up();
        let pieces = [
            "The trade between them grew, and IRK ",
            "Bu yıl ARASINDA çok iş yapıldı; QI ve y ",
            "averyveryverylongwordthatneverscoresatallandkeepsgoingpastsixtyfourbytesforsure ",
            "жук 的是 𝔸ß. 12,5% ",
        ];
        let mut text = String::new();
        for n in 0..400 {
            text.push_str(pieces[n % pieces.len()]);
            text.push_str(&"x".repeat(n % 9));
            let sample = &text[..];
            assert_eq!(
                scored(langs, sample),
                langs.detect_scores_oracle(sample),
                "at {n}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn detection_scores_what_the_plain_passes_score(
            text in "([a-zA-Z]{1,14}|[ıİIiğĞşŞçÇöÖüÜäßẞΣσǅжЖ的是𝔸\u{301}\u{2019}\u{a0}qQzZ]|[ ,.;:'\"0-9\n\t-]|the|The|THE|ve|Ve|VE|İLE|ile|In|IN|için|İÇİN|bir|BIR|Bir|QI|qı|IRK|ırk|KIS|Kıs|y|Y|жук|ЖУК|的是|abcdefghijkl|ABCDEFGHIJKLM|arasında|ARASINDA){0,60}"
        ) {
            let langs = with_made_up();
            let all = scored(langs, &text);
            proptest::prop_assert_eq!(&all, &langs.detect_scores_oracle(&text));
            for (lang, &score) in langs.by_code.values().zip(&all) {
                proptest::prop_assert_eq!(score, lang.lexicon.detect_score(&text), "{}", lang.code);
            }
            // The sample is cut at a character boundary: the winner is the one scored there.
            let cut = (0..=text.len().min(DETECT_SAMPLE)).rev().find(|&k| text.is_char_boundary(k)).unwrap_or(0);
            let oracle = langs.detect_scores_oracle(&text[..cut]);
            let best = oracle.iter().enumerate().fold(None, |best: Option<(usize, usize)>, (n, &s)| {
                if best.map_or(true, |(_, b)| s > b) { Some((n, s)) } else { best }
            });
            let code = langs.by_code.keys().nth(best.map_or(0, |(n, _)| n)).expect("a language");
            proptest::prop_assert_eq!(&langs.detect(&text).code, code);
        }
    }

    proptest::proptest! {
        #[test]
        fn a_word_is_found_for_the_languages_the_long_way_finds_it_for(
            w in "([a-zA-ZıİIiğĞşŞçÇöÖüÜäÄßẞΣσςǅǄǆµÀ-ʯͰ-ϿЀ-ӿ\u{300}-\u{36f}\u{530}-\u{7ff}]|QI|IRK|ırk|Kıs|жук|ЖУК|bir|BİR|ARASINDA|arasında|İÇİN){1,6}"
        ) {
            let mut folded = String::new();
            for langs in [with_made_up(), with_german()] {
                let ix = &langs.detect;
                proptest::prop_assert_eq!(ix.word(&w, &mut folded), ix.word_slow(&w, &mut folded));
            }
        }
    }

    #[test]
    fn a_word_with_letters_of_two_bytes_is_found_as_the_long_way_finds_it() {
        let builtin = Languages::builtin();
        let mut folded = String::new();
        for langs in [with_made_up(), with_german(), &builtin] {
            let ix = &langs.detect;
            for w in [
                "için",
                "İÇİN",
                "Için",
                "ARASINDA",
                "arasında",
                "IRK",
                "ıRK",
                "ЖУК",
                "жук",
                "ǅa",
                "Ǆ",
                "ΣΑΣ",
                "ẞ",
                "İ",
                "Iİ",
                "i\u{307}",
                "ÇOK",
                "Çok",
            ] {
                assert_eq!(ix.word(w, &mut folded), ix.word_slow(w, &mut folded), "{w}");
            }
        }
        assert_ne!(
            builtin.detect.word("ÇOK", &mut folded),
            0,
            "a frequent Turkish word in capitals"
        );
    }

    proptest::proptest! {
        #[test]
        fn a_packed_word_holds_its_bytes_and_its_length(w in proptest::collection::vec(1u8..=255, 1..=15)) {
            let key = WordTable::pack(&w).expect("1 to 15 bytes pack");
            let bytes = key.to_le_bytes();
            proptest::prop_assert_eq!(&bytes[..w.len()], &w[..]);
            proptest::prop_assert!(bytes[w.len()..15].iter().all(|&b| b == 0));
            proptest::prop_assert_eq!(usize::from(bytes[15]), w.len());
        }
    }

    proptest::proptest! {
        #[test]
        fn merged_detection_scores_what_each_lexicon_scores(
            text in "([a-zA-Z]{1,14}|[ıİIiğĞşŞçÇöÖüÜäßΣǅ\u{301}]|[ ,.'0-9\n]|the|The|THE|ve|Ve|VE|İLE|ile|In|IN|için|İÇİN|der|DER|ARASINDA|YILINDA|BIR|Bir){0,40}"
        ) {
            let langs = with_german();
            let all = scored(langs, &text);
            proptest::prop_assert_eq!(&all, &langs.detect_scores_oracle(&text));
            for (lang, score) in langs.by_code.values().zip(all) {
                proptest::prop_assert_eq!(score, lang.lexicon.detect_score(&text), "{}", lang.code);
            }
        }
    }

    #[test]
    fn a_sixty_fifth_language_is_refused_with_its_file_named() {
        let mut langs = Languages::builtin();
        for n in langs.by_code.len()..DetectIndex::MAX {
            langs
                .add(
                    &format!("x{n}.toml"),
                    &format!("code = \"x{n:02}\"\nname = \"X\"\n"),
                )
                .expect("a minimal language file");
        }
        let err = langs
            .add("y.toml", "code = \"yy\"\nname = \"Y\"\n")
            .expect_err("one more than a mask holds");
        assert_eq!(
            err.to_string(),
            "y.toml: too many languages: at most 64 can be loaded at once"
        );
        // Replacing a loaded language is still allowed.
        langs
            .add("en2.toml", "code = \"x10\"\nname = \"X\"\n")
            .expect("replaces x10");
        assert_eq!(langs.detect("the and of").code, "en");
    }
}
