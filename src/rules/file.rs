//! `RuleFile` is a rule file exactly as written: serde structs with `deny_unknown_fields`, and
//! a span on every value a later check may need to point at. Nothing here is checked beyond
//! its TOML shape; `compile` turns these into a `RuleSet` and reports every problem.
//!
//! The format, in short (see `rules/README.md` for the tutorial):
//!
//! ```toml
//! [[entity]]
//! id = "contoso"
//! name.en = ["Contoso"]                   # the entity itself; role from prepositions, suffixes
//! demonym.en = ["Contosan"]               # an origin unless a preposition says otherwise
//!
//! [[key]]
//! id = "contoso_staff_to_northwind"
//! label.en = "Contoso employees moving to Northwind"
//! unit = "count"                          # count, percent, USD…, day…
//! kind = "flow"                           # stock, flow, target, share, count
//! from = "contoso"                        # origin entity
//! to = "northwind"                        # destination entity
//! noun.en = ["employee*", "staff"]        # what the figure counts: one must stand next to it
//! require.en = [["join*", "move*"]]       # every group must appear, any word of a group
//! exclude.en = ["hire*"]                  # any of these rules the figure out
//! before.en = ["to"]                      # one must stand right before the figure…
//! after.tr = ["geç*"]                     # …or one of these right after it
//! example = [{ lang = "en", text = "About 3,400 Contoso employees will move to Northwind.", value = 3400 }]
//! counter = [{ lang = "en", text = "Some 300 Northwind staff will move to Contoso." }]
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// Per-language lists, keyed by language code (`en`, `tr`).
pub type PerLang<T> = BTreeMap<Spanned<String>, T>;

/// One `rules/*.toml` file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub entity: Vec<Spanned<EntityDef>>,
    #[serde(default)]
    pub key: Vec<Spanned<KeyDef>>,
    #[serde(default)]
    pub relation: Vec<Spanned<RelationDef>>,
}

/// `[[entity]]`: a place, country or person that keys point at.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityDef {
    pub id: Spanned<String>,
    /// Names of the entity itself (`Germany`, `Deutschland`); role comes from prepositions and
    /// case suffixes, neutral without them.
    #[serde(default)]
    pub name: PerLang<Vec<Spanned<String>>>,
    /// Adjectives and nationality nouns (`German`, `Alman`, `Almanyalı`): the origin
    /// unless a preposition or suffix says otherwise.
    #[serde(default)]
    pub demonym: PerLang<Vec<Spanned<String>>>,
}

/// `[[key]]`: one canonical quantity and the words that identify it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyDef {
    pub id: Spanned<String>,
    pub label: PerLang<String>,
    pub unit: Spanned<String>,
    pub kind: Spanned<String>,
    pub tolerance: Option<Spanned<f64>>,
    pub approx: Option<Spanned<f64>>,
    pub slack: Option<Spanned<f64>>,
    /// The entity the relation starts from (investor, traveller's home).
    pub from: Option<Spanned<String>>,
    /// The entity the relation points to (host country, destination).
    pub to: Option<Spanned<String>>,
    /// Entities that must be mentioned, in any role.
    #[serde(default)]
    pub about: Vec<Spanned<String>>,
    /// The counted noun: one of these must appear in the figure's clause.
    #[serde(default)]
    pub noun: PerLang<Vec<Spanned<String>>>,
    /// Groups of alternatives: every group must have a word in the clause.
    #[serde(default)]
    pub require: PerLang<Vec<Spanned<Vec<Spanned<String>>>>>,
    /// Any of these words in the clause rules the key out.
    #[serde(default)]
    pub exclude: PerLang<Vec<Spanned<String>>>,
    /// Words of which one must stand right before the figure (`to` in "raise trade to
    /// $15 billion"), unless one of `after` stands right after it; at most one word between.
    #[serde(default)]
    pub before: PerLang<Vec<Spanned<String>>>,
    /// Words of which one must stand right after the figure (`çıkarmayı` in "15 milyar
    /// dolara çıkarmayı"), unless one of `before` stands right before it.
    #[serde(default)]
    pub after: PerLang<Vec<Spanned<String>>>,
    /// Sentences that must map onto this key.
    #[serde(default)]
    pub example: Vec<Spanned<ExampleDef>>,
    /// Sentences whose figures must not map onto this key.
    #[serde(default)]
    pub counter: Vec<Spanned<ExampleDef>>,
}

/// One example or counter-example.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleDef {
    pub lang: Spanned<String>,
    pub text: Spanned<String>,
    /// The figure that must map (examples) or must not map (counter-examples; all figures
    /// when absent).
    pub value: Option<f64>,
    /// The hedge the figure must carry (`over`, `approx`…), checked when given.
    pub hedge: Option<Spanned<String>>,
}

/// `[[relation]]`: a key that equals a sum, difference or ratio of other keys, or a founding
/// year that an anniversary implies. A source whose figures break it gets a derived check.
///
/// ```toml
/// [[relation]]
/// id = "trade_is_exports_plus_imports"
/// label.en = "Trade is exports plus imports"
/// key = "trade"                        # the key the relation computes
/// sum = ["exports", "imports"]         # or difference = [a, b], ratio = [part, whole],
///                                      # or anniversary = "ordinal_key"
/// tolerance = 0.02                     # optional: how far the figures may miss it
/// example = [{ lang = "en", text = "…", published = "2024-05-01" }]
/// counter = [{ lang = "en", text = "…" }]
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationDef {
    pub id: Spanned<String>,
    pub label: PerLang<String>,
    /// The key the relation computes.
    pub key: Spanned<String>,
    /// key = the sum of these keys.
    pub sum: Option<Spanned<Vec<Spanned<String>>>>,
    /// key = the first minus the second.
    pub difference: Option<Spanned<Vec<Spanned<String>>>>,
    /// key = the first (the part) divided by the second (the whole); times 100 for a percent key.
    pub ratio: Option<Spanned<Vec<Spanned<String>>>>,
    /// key (a `calendar_year`) = the year of this `ordinal` key's anniversary minus its ordinal.
    pub anniversary: Option<Spanned<String>>,
    /// Relative slack on the implied value (0.02 = 2%); the keys' own tolerances apply too.
    pub tolerance: Option<Spanned<f64>>,
    /// Texts whose figures keep the relation.
    #[serde(default)]
    pub example: Vec<Spanned<RelationExampleDef>>,
    /// Texts whose figures break it.
    #[serde(default)]
    pub counter: Vec<Spanned<RelationExampleDef>>,
}

/// One example or counter-example of a relation: a text read as one source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationExampleDef {
    pub lang: Spanned<String>,
    pub text: Spanned<String>,
    /// The publication date, `YYYY-MM-DD` (anniversaries without a year need it).
    pub published: Option<Spanned<String>>,
}
