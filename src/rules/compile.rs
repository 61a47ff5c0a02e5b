//! Checking rule files into a [`RuleSet`]. Every problem in every file is collected and
//! reported at once, each located to `path:line:column` through [`LineIndex`]. [`shape`]
//! reports every unknown, missing or mistyped field of every table; only a TOML syntax error
//! stops its file at the first problem, since the parser cannot go on past it.
//!
//! Each `*Def` is destructured field by field, with no `..`, so a field added to the file
//! format cannot be silently ignored here.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::file::{EntityDef, ExampleDef, KeyDef, RelationDef, RelationExampleDef, RuleFile};
use super::matcher::{Group, KeyRule, LangRule, Matcher, Pattern, Target};
use super::shape;
use super::{
    Key, KeyKind, Op, Relation, RelationExample, RuleError, RuleSet, CALENDAR_YEAR, ORDINAL,
};
use crate::extract::{Hedge, Unit};
use crate::lang::{Language, Languages};
use crate::text::LineIndex;

/// Default relative tolerance for exact figures.
pub const DEFAULT_TOLERANCE: f64 = 0.02;
/// Default half-width of an `approx` figure.
pub const DEFAULT_APPROX: f64 = 0.05;
/// Default reach of `over` and `almost`.
pub const DEFAULT_SLACK: f64 = 0.10;

/// Currency codes a key may use (ISO 4217).
pub const CURRENCIES: &[&str] = &[
    "USD", "EUR", "GBP", "TRY", "KZT", "RUB", "CNY", "JPY", "CHF", "AZN", "UZS", "KGS", "INR",
];

/// Measures a key may use, as the extractor names them.
pub const MEASURES: &[&str] = &[
    "day", "week", "month", "year", "hour", "minute", "tonne", "kg", "km", "m", "hectare",
    "barrel", "mw", "gw", "kwh", "twh", "m3", "person",
];

/// An example or counter-example, ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub key: usize,
    /// A counter-example: its figures must not map onto `key`.
    pub counter: bool,
    pub lang: String,
    pub text: String,
    pub value: Option<f64>,
    pub hedge: Option<Hedge>,
    pub file: PathBuf,
    pub line: usize,
}

/// Everything compiled besides the keys themselves.
#[derive(Debug, Clone, Default)]
pub struct Compiled {
    pub matcher: Matcher,
    pub examples: Vec<Example>,
}

impl Compiled {
    /// (examples, counter-examples) of key `key`.
    pub fn example_counts(&self, key: usize) -> (usize, usize) {
        let of_key = self.examples.iter().filter(|e| e.key == key);
        let counters = of_key.clone().filter(|e| e.counter).count();
        (of_key.count() - counters, counters)
    }
}

/// Read every `*.toml` directly in `dir`, sorted by name (`lang/` is not read); a path to one
/// file reads just that file.
pub fn read_dir(dir: &Path) -> Result<Vec<(PathBuf, String)>, Vec<RuleError>> {
    let whole = |path: &Path, message: String| RuleError {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message,
    };
    let mut paths: Vec<PathBuf> = if dir.is_file() {
        vec![dir.to_path_buf()]
    } else {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| vec![whole(dir, format!("cannot read rules directory: {e}"))])?;
        entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
            .collect()
    };
    paths.sort();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push((path, text)),
                Err(_) => errors.push(whole(&path, "not valid UTF-8".to_string())),
            },
            Err(e) => errors.push(whole(&path, format!("cannot read: {e}"))),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// One file being checked: turns byte spans into located errors.
struct FileCtx<'a> {
    path: &'a Path,
    text: &'a str,
    index: LineIndex,
}

impl FileCtx<'_> {
    fn at(&self, span: Range<usize>) -> (usize, usize) {
        self.index.line_col(self.text, span.start)
    }

    fn error(&self, span: Range<usize>, message: impl Into<String>) -> RuleError {
        let (line, column) = self.at(span);
        RuleError {
            path: self.path.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// Where something was first defined, for "already defined at" messages.
struct Defined {
    path: PathBuf,
    line: usize,
}

/// The state of one compilation: what is known so far and every problem found.
struct Compiler<'l> {
    langs: &'l Languages,
    lang_codes: Vec<String>,
    errors: Vec<RuleError>,
    entity_ids: BTreeMap<String, (usize, Defined)>,
    key_ids: BTreeMap<String, Defined>,
    relation_ids: BTreeMap<String, Defined>,
    relations: Vec<Relation>,
    patterns: Vec<Pattern>,
    keys: Vec<Key>,
    rules: Vec<KeyRule>,
    examples: Vec<Example>,
}

/// Check and compile rule files; every problem of every file comes back at once.
pub fn compile(files: &[(PathBuf, String)], langs: &Languages) -> Result<RuleSet, Vec<RuleError>> {
    let mut c = Compiler {
        langs,
        lang_codes: langs.codes().map(str::to_string).collect(),
        errors: Vec::new(),
        entity_ids: BTreeMap::new(),
        key_ids: BTreeMap::new(),
        relation_ids: BTreeMap::new(),
        relations: Vec::new(),
        patterns: Vec::new(),
        keys: Vec::new(),
        rules: Vec::new(),
        examples: Vec::new(),
    };
    let mut parsed = Vec::new();
    for (path, text) in files {
        let ctx = FileCtx {
            path,
            text,
            index: LineIndex::new(text),
        };
        // serde reads the file, stopping at its first problem; a file it reads has no
        // unknown, missing or mistyped field (every struct denies unknown fields, a test
        // checks the rest), so only a file it refuses is read again by the shape check, to
        // report every such field of every table, each at its place. (Checking the shape of
        // every file first read each file twice: a fifth of a CI lint of one draft.)
        match toml::from_str::<RuleFile>(text) {
            Ok(file) => parsed.push((ctx, file)),
            Err(e) => {
                let problems = shape::check(text);
                if problems.is_empty() {
                    let span = e.span().unwrap_or(0..0);
                    c.errors
                        .push(ctx.error(span, shape::toml_message(e.message())));
                }
                for (span, message) in problems {
                    c.errors.push(ctx.error(span, message));
                }
            }
        }
    }
    // Entities first, from every file, so a key may use an entity defined in another file.
    for (ctx, file) in &parsed {
        for entity in &file.entity {
            c.entity(ctx, entity);
        }
    }
    for (ctx, file) in &parsed {
        for key in &file.key {
            c.key(ctx, key);
        }
    }
    // Relations last, so they may name keys of any file.
    for (ctx, file) in &parsed {
        for relation in &file.relation {
            c.relation(ctx, relation);
        }
    }
    if !c.errors.is_empty() {
        let mut errors = c.errors;
        errors.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        errors.dedup();
        return Err(errors);
    }
    let entities: Vec<String> = {
        let mut by_index: Vec<(usize, String)> = c
            .entity_ids
            .iter()
            .map(|(id, (i, _))| (*i, id.clone()))
            .collect();
        by_index.sort();
        by_index.into_iter().map(|(_, id)| id).collect()
    };
    let matcher = Matcher::new(c.patterns, c.rules, entities, c.lang_codes).with_cues(langs);
    Ok(RuleSet {
        keys: c.keys,
        relations: c.relations,
        compiled: Compiled {
            matcher,
            examples: c.examples,
        },
    })
}

impl<'l> Compiler<'l> {
    fn push(&mut self, e: RuleError) {
        self.errors.push(e);
    }

    /// Name the key or entity in the errors found since `from`: `key "x": unknown unit …`.
    fn name_errors(&mut self, from: usize, who: &str) {
        for e in &mut self.errors[from..] {
            e.message = format!("{who}: {}", e.message);
        }
    }

    /// The language of a per-language table entry, or an error.
    fn language(&mut self, ctx: &FileCtx, code: &Spanned<String>) -> Option<(usize, &'l Language)> {
        let pos = self.lang_codes.iter().position(|c| c == code.get_ref());
        let langs = self.langs;
        match pos.and_then(|p| Some((p, langs.get(&self.lang_codes[p])?))) {
            Some(found) => Some(found),
            None => {
                let e = ctx.error(
                    code.span(),
                    format!(
                        "unknown language \"{}\" (expected {})",
                        code.get_ref(),
                        self.lang_codes.join(", ")
                    ),
                );
                self.push(e);
                None
            }
        }
    }

    fn entity(&mut self, ctx: &FileCtx, def: &Spanned<EntityDef>) {
        let EntityDef { id, name, demonym } = def.get_ref();
        let errors_before = self.errors.len();
        self.entity_checked(ctx, def, id, name, demonym);
        self.name_errors(errors_before, &format!("entity \"{}\"", id.get_ref()));
    }

    fn entity_checked(
        &mut self,
        ctx: &FileCtx,
        def: &Spanned<EntityDef>,
        id: &Spanned<String>,
        name: &super::file::PerLang<Vec<Spanned<String>>>,
        demonym: &super::file::PerLang<Vec<Spanned<String>>>,
    ) {
        if !valid_id(id.get_ref()) {
            let e = ctx.error(id.span(), bad_id_message());
            self.push(e);
        }
        let index = self.entity_ids.len();
        if let Some((_, first)) = self.entity_ids.get(id.get_ref()) {
            let e = ctx.error(
                id.span(),
                format!("already defined at {}:{}", first.path.display(), first.line),
            );
            self.push(e);
            return;
        }
        let line = ctx.at(def.span()).0;
        self.entity_ids.insert(
            id.get_ref().clone(),
            (
                index,
                Defined {
                    path: ctx.path.to_path_buf(),
                    line,
                },
            ),
        );
        let mut aliases = 0;
        for (list, is_demonym) in [(name, false), (demonym, true)] {
            for (code, words) in list {
                let Some((lang, language)) = self.language(ctx, code) else {
                    continue;
                };
                for word in words {
                    if let Some((text, prefix)) = self.pattern(ctx, word, language) {
                        aliases += 1;
                        self.patterns.push(Pattern {
                            text,
                            shown: word.get_ref().clone(),
                            lang,
                            prefix,
                            target: Target::Alias {
                                entity: index,
                                demonym: is_demonym,
                            },
                        });
                    }
                }
            }
        }
        if aliases == 0 && name.is_empty() && demonym.is_empty() {
            let e = ctx.error(id.span(), "no name or demonym, so it can never be found");
            self.push(e);
        }
    }

    /// Check one pattern as written; returns it folded for matching and whether it is a prefix.
    fn pattern(
        &mut self,
        ctx: &FileCtx,
        word: &Spanned<String>,
        lang: &Language,
    ) -> Option<(String, bool)> {
        match check_pattern(word.get_ref(), lang) {
            Ok(found) => Some(found),
            Err(message) => {
                let e = ctx.error(word.span(), message);
                self.push(e);
                None
            }
        }
    }

    fn entity_ref(&mut self, ctx: &FileCtx, id: &Spanned<String>) -> Option<usize> {
        if let Some((index, _)) = self.entity_ids.get(id.get_ref()) {
            return Some(*index);
        }
        let known: Vec<&str> = self.entity_ids.keys().map(String::as_str).collect();
        let expected = if known.is_empty() {
            "no entities are defined; add an [[entity]]".to_string()
        } else {
            format!("defined: {}", known.join(", "))
        };
        let e = ctx.error(
            id.span(),
            format!("unknown entity \"{}\" ({expected})", id.get_ref()),
        );
        self.push(e);
        None
    }

    fn fraction(
        &mut self,
        ctx: &FileCtx,
        name: &str,
        value: &Option<Spanned<f64>>,
        default: f64,
    ) -> f64 {
        match value {
            None => default,
            Some(v) => {
                let x = *v.get_ref();
                if (0.0..1.0).contains(&x) {
                    x
                } else {
                    let e = ctx.error(
                        v.span(),
                        format!("{name} {x} is out of range (expected 0 <= {name} < 1)"),
                    );
                    self.push(e);
                    default
                }
            }
        }
    }

    fn key(&mut self, ctx: &FileCtx, def: &Spanned<KeyDef>) {
        let KeyDef {
            id,
            label,
            unit,
            kind,
            tolerance,
            approx,
            slack,
            from,
            to,
            about,
            noun,
            require,
            exclude,
            before,
            after,
            example,
            counter,
        } = def.get_ref();
        let index = self.keys.len();
        let line = ctx.at(def.span()).0;
        let key_id = id.get_ref().clone();
        let errors_before = self.errors.len();

        if !valid_id(&key_id) {
            let e = ctx.error(id.span(), bad_id_message());
            self.push(e);
        }
        if let Some(first) = self.key_ids.get(&key_id) {
            let e = ctx.error(
                id.span(),
                format!("already defined at {}:{}", first.path.display(), first.line),
            );
            self.push(e);
        } else {
            self.key_ids.insert(
                key_id.clone(),
                Defined {
                    path: ctx.path.to_path_buf(),
                    line,
                },
            );
        }

        let mut labels = BTreeMap::new();
        for (code, text) in label {
            if self.language(ctx, code).is_some() {
                labels.insert(code.get_ref().clone(), text.clone());
            }
        }
        if label.is_empty() {
            let e = ctx.error(id.span(), "no label (add label.en = \"…\")");
            self.push(e);
        }

        let unit_value = match parse_unit(unit.get_ref()) {
            Some(u) => u,
            None => {
                let e = ctx.error(
                    unit.span(),
                    format!(
                        "unknown unit \"{}\" (expected count, percent, ordinal, calendar_year, a currency code like USD, or a measure like day)",
                        unit.get_ref()
                    ),
                );
                self.push(e);
                Unit::Count
            }
        };
        let kind_value = match parse_kind(kind.get_ref()) {
            Some(k) => k,
            None => {
                let e = ctx.error(
                    kind.span(),
                    format!(
                        "unknown kind \"{}\" (expected stock, flow, target, share or count)",
                        kind.get_ref()
                    ),
                );
                self.push(e);
                KeyKind::Stock
            }
        };
        let tolerance = self.fraction(ctx, "tolerance", tolerance, DEFAULT_TOLERANCE);
        let approx = self.fraction(ctx, "approx", approx, DEFAULT_APPROX);
        let slack = self.fraction(ctx, "slack", slack, DEFAULT_SLACK);

        let from = from.as_ref().and_then(|e| self.entity_ref(ctx, e));
        let to = to.as_ref().and_then(|e| self.entity_ref(ctx, e));
        let about: Vec<usize> = about
            .iter()
            .filter_map(|e| self.entity_ref(ctx, e))
            .collect();

        // Terms: per language, the noun (if any) is group 0, then each required group.
        let mut langs: BTreeMap<usize, LangRule> = BTreeMap::new();
        let codes: std::collections::BTreeSet<&Spanned<String>> = noun
            .keys()
            .chain(require.keys())
            .chain(exclude.keys())
            .chain(before.keys())
            .chain(after.keys())
            .collect();
        for code in codes {
            let Some((lang, language)) = self.language(ctx, code) else {
                continue;
            };
            let mut rule = LangRule::default();
            if let Some(words) = noun.get(code.get_ref().as_str()) {
                self.group(ctx, index, lang, language, &mut rule, true, words, code);
            }
            if let Some(groups) = require.get(code.get_ref().as_str()) {
                for group in groups {
                    self.group(
                        ctx,
                        index,
                        lang,
                        language,
                        &mut rule,
                        false,
                        group.get_ref(),
                        group,
                    );
                }
            }
            if let Some(words) = exclude.get(code.get_ref().as_str()) {
                for word in words {
                    if let Some((text, prefix)) = self.pattern(ctx, word, language) {
                        self.patterns.push(Pattern {
                            text,
                            shown: word.get_ref().clone(),
                            lang,
                            prefix,
                            target: Target::Exclude { key: index },
                        });
                    }
                }
            }
            for (list, is_after) in [(before, false), (after, true)] {
                let Some(words) = list.get(code.get_ref().as_str()) else {
                    continue;
                };
                if words.is_empty() {
                    let what = if is_after { "after" } else { "before" };
                    let e = ctx.error(code.span(), format!("empty {what} list can never match"));
                    self.push(e);
                }
                for word in words {
                    if let Some((text, prefix)) = self.pattern(ctx, word, language) {
                        self.patterns.push(Pattern {
                            text,
                            shown: word.get_ref().clone(),
                            lang,
                            prefix,
                            target: Target::Position {
                                key: index,
                                after: is_after,
                            },
                        });
                        let shown = if is_after {
                            &mut rule.after
                        } else {
                            &mut rule.before
                        };
                        shown.push(word.get_ref().clone());
                    }
                }
            }
            langs.insert(lang, rule);
        }
        if !langs.values().any(|r| !r.groups.is_empty()) {
            let e = ctx.error(id.span(), "no noun or require words, so it can never match");
            self.push(e);
        }

        let examples_before = self.examples.len();
        for (list, is_counter) in [(example, false), (counter, true)] {
            for ex in list {
                self.example(ctx, index, ex, is_counter);
            }
        }
        if example.is_empty() {
            let e = ctx.error(
                id.span(),
                "no example (add example = [{ lang = …, text = …, value = … }])",
            );
            self.push(e);
        }
        if counter.is_empty() {
            let e = ctx.error(
                id.span(),
                "no counter-example (add counter = [{ lang = …, text = … }])",
            );
            self.push(e);
        }
        debug_assert!(self.examples.len() >= examples_before);

        self.name_errors(errors_before, &format!("key \"{key_id}\""));
        self.keys.push(Key {
            id: key_id,
            labels,
            unit: unit_value,
            kind: kind_value,
            tolerance,
            approx,
            slack,
            file: ctx.path.to_path_buf(),
            line,
        });
        self.rules.push(KeyRule {
            langs,
            from,
            to,
            about,
        });
    }

    /// Add one group of alternative words to `rule`.
    #[allow(clippy::too_many_arguments)]
    fn group<T>(
        &mut self,
        ctx: &FileCtx,
        key: usize,
        lang: usize,
        language: &Language,
        rule: &mut LangRule,
        noun: bool,
        words: &[Spanned<String>],
        at: &Spanned<T>,
    ) {
        if words.is_empty() {
            let what = if noun { "noun list" } else { "require group" };
            let e = ctx.error(at.span(), format!("empty {what} can never match"));
            self.push(e);
            return;
        }
        let group = rule.groups.len();
        let mut shown = Vec::new();
        for word in words {
            if let Some((text, prefix)) = self.pattern(ctx, word, language) {
                shown.push(word.get_ref().clone());
                self.patterns.push(Pattern {
                    text,
                    shown: word.get_ref().clone(),
                    lang,
                    prefix,
                    target: Target::Group { key, group },
                });
            }
        }
        rule.groups.push(Group { noun, words: shown });
    }

    fn example(&mut self, ctx: &FileCtx, key: usize, def: &Spanned<ExampleDef>, counter: bool) {
        let ExampleDef {
            lang,
            text,
            value,
            hedge,
        } = def.get_ref();
        let lang_ok = self.language(ctx, lang).is_some();
        if text.get_ref().trim().is_empty() {
            let e = ctx.error(text.span(), "example text is empty");
            self.push(e);
        }
        let hedge = match hedge {
            None => None,
            Some(h) => match Hedge::parse(h.get_ref()) {
                Some(h) => Some(h),
                None => {
                    let e = ctx.error(
                        h.span(),
                        format!(
                            "unknown hedge \"{}\" (expected exact, approx, over, under, almost, at_least, at_most or range)",
                            h.get_ref()
                        ),
                    );
                    self.push(e);
                    None
                }
            },
        };
        if !counter && value.is_none() {
            let e = ctx.error(
                def.span(),
                "example has no value (say which figure must map, e.g. value = 4000)",
            );
            self.push(e);
        }
        if !lang_ok {
            return;
        }
        self.examples.push(Example {
            key,
            counter,
            lang: lang.get_ref().clone(),
            text: text.get_ref().clone(),
            value: *value,
            hedge,
            file: ctx.path.to_path_buf(),
            line: ctx.at(def.span()).0,
        });
    }

    /// The index of key `id`, or an error naming the keys that exist.
    fn key_ref(&mut self, ctx: &FileCtx, id: &Spanned<String>) -> Option<usize> {
        if let Some(i) = self.keys.iter().position(|k| &k.id == id.get_ref()) {
            return Some(i);
        }
        let mut known: Vec<&str> = self.keys.iter().map(|k| k.id.as_str()).collect();
        known.sort_unstable();
        let e = ctx.error(
            id.span(),
            format!(
                "unknown key \"{}\" (defined: {})",
                id.get_ref(),
                known.join(", ")
            ),
        );
        self.push(e);
        None
    }

    fn relation(&mut self, ctx: &FileCtx, def: &Spanned<RelationDef>) {
        let RelationDef {
            id,
            label,
            key,
            sum,
            difference,
            ratio,
            anniversary,
            tolerance,
            example,
            counter,
        } = def.get_ref();
        let errors_before = self.errors.len();
        let line = ctx.at(def.span()).0;
        if !valid_id(id.get_ref()) {
            let e = ctx.error(id.span(), bad_id_message());
            self.push(e);
        }
        if let Some(first) = self.relation_ids.get(id.get_ref()) {
            let e = ctx.error(
                id.span(),
                format!("already defined at {}:{}", first.path.display(), first.line),
            );
            self.push(e);
        } else {
            self.relation_ids.insert(
                id.get_ref().clone(),
                Defined {
                    path: ctx.path.to_path_buf(),
                    line,
                },
            );
        }
        let mut labels = BTreeMap::new();
        for (code, text) in label {
            if self.language(ctx, code).is_some() {
                labels.insert(code.get_ref().clone(), text.clone());
            }
        }
        let result = self.key_ref(ctx, key);
        let tolerance = self.fraction(ctx, "tolerance", tolerance, 0.0);

        let given = [
            sum.is_some(),
            difference.is_some(),
            ratio.is_some(),
            anniversary.is_some(),
        ];
        let op = match given.iter().filter(|g| **g).count() {
            1 => self.op(ctx, sum, difference, ratio, anniversary),
            n => {
                let many = if n == 0 { "none" } else { "several" };
                let e = ctx.error(
                    id.span(),
                    format!(
                        "needs exactly one of sum, difference, ratio or anniversary (found {many})"
                    ),
                );
                self.push(e);
                None
            }
        };
        if let (Some(result), Some(op)) = (result, &op) {
            self.relation_units(ctx, key, result, op);
        }

        let mut examples = Vec::new();
        for (list, is_counter) in [(example, false), (counter, true)] {
            for ex in list {
                if let Some(ex) = self.relation_example(ctx, ex, is_counter) {
                    examples.push(ex);
                }
            }
        }
        if example.is_empty() {
            let e = ctx.error(
                id.span(),
                "no example (add example = [{ lang = …, text = … }] with figures that keep it)",
            );
            self.push(e);
        }
        if counter.is_empty() {
            let e = ctx.error(
                id.span(),
                "no counter-example (add counter = [{ lang = …, text = … }] with figures that break it)",
            );
            self.push(e);
        }
        self.name_errors(errors_before, &format!("relation \"{}\"", id.get_ref()));
        if let (Some(key), Some(op)) = (result, op) {
            self.relations.push(Relation {
                id: id.get_ref().clone(),
                labels,
                key,
                op,
                tolerance,
                examples,
                file: ctx.path.to_path_buf(),
                line,
            });
        }
    }

    /// The operation of a relation that names exactly one.
    fn op(
        &mut self,
        ctx: &FileCtx,
        sum: &Option<Spanned<Vec<Spanned<String>>>>,
        difference: &Option<Spanned<Vec<Spanned<String>>>>,
        ratio: &Option<Spanned<Vec<Spanned<String>>>>,
        anniversary: &Option<Spanned<String>>,
    ) -> Option<Op> {
        if let Some(k) = anniversary {
            return self.key_ref(ctx, k).map(Op::Anniversary);
        }
        let (name, list, exact) = match (sum, difference, ratio) {
            (Some(l), _, _) => ("sum", l, None),
            (_, Some(l), _) => ("difference", l, Some(2)),
            (_, _, Some(l)) => ("ratio", l, Some(2)),
            _ => return None,
        };
        let count = list.get_ref().len();
        let wrong = match exact {
            Some(n) if count != n => Some(format!("{name} takes exactly {n} keys (found {count})")),
            None if count < 2 => Some(format!("{name} takes at least 2 keys (found {count})")),
            _ => None,
        };
        if let Some(message) = wrong {
            let e = ctx.error(list.span(), message);
            self.push(e);
            return None;
        }
        let keys: Vec<usize> = list
            .get_ref()
            .iter()
            .filter_map(|k| self.key_ref(ctx, k))
            .collect();
        if keys.len() != count {
            return None;
        }
        Some(match name {
            "sum" => Op::Sum(keys),
            "difference" => Op::Difference(keys[0], keys[1]),
            _ => Op::Ratio(keys[0], keys[1]),
        })
    }

    /// Units must fit the operation: a sum adds figures of the key's own unit, a ratio
    /// divides two figures of one unit, an anniversary turns an ordinal into a year.
    fn relation_units(&mut self, ctx: &FileCtx, at: &Spanned<String>, result: usize, op: &Op) {
        let unit = |c: &Compiler, k: usize| super::unit_spelling(&c.keys[k].unit);
        let result_unit = unit(self, result);
        let problem = match op {
            Op::Sum(_) | Op::Difference(..) => op
                .operands()
                .into_iter()
                .find(|&k| unit(self, k) != result_unit)
                .map(|k| {
                    format!(
                        "key \"{}\" is in {}, but \"{}\" is in {}: a {} adds figures of one unit",
                        self.keys[k].id,
                        unit(self, k),
                        self.keys[result].id,
                        result_unit,
                        op.name()
                    )
                }),
            Op::Ratio(part, whole) => (unit(self, *part) != unit(self, *whole)).then(|| {
                format!(
                    "the part \"{}\" is in {} and the whole \"{}\" in {}: a ratio divides figures of one unit",
                    self.keys[*part].id,
                    unit(self, *part),
                    self.keys[*whole].id,
                    unit(self, *whole)
                )
            }),
            Op::Anniversary(k) => {
                if unit(self, *k) != ORDINAL {
                    Some(format!(
                        "anniversary key \"{}\" is in {}, not ordinal",
                        self.keys[*k].id,
                        unit(self, *k)
                    ))
                } else if result_unit != CALENDAR_YEAR {
                    Some(format!(
                        "key \"{}\" is in {result_unit}; an anniversary implies a calendar_year",
                        self.keys[result].id
                    ))
                } else {
                    None
                }
            }
        };
        if let Some(message) = problem {
            let e = ctx.error(at.span(), message);
            self.push(e);
        }
    }

    fn relation_example(
        &mut self,
        ctx: &FileCtx,
        def: &Spanned<RelationExampleDef>,
        counter: bool,
    ) -> Option<RelationExample> {
        let RelationExampleDef {
            lang,
            text,
            published,
        } = def.get_ref();
        let lang_ok = self.language(ctx, lang).is_some();
        if text.get_ref().trim().is_empty() {
            let e = ctx.error(text.span(), "example text is empty");
            self.push(e);
        }
        let published = match published {
            None => None,
            Some(p) => match chrono::NaiveDate::parse_from_str(p.get_ref(), "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    let e = ctx.error(
                        p.span(),
                        format!(
                            "published \"{}\" is not a date (expected YYYY-MM-DD)",
                            p.get_ref()
                        ),
                    );
                    self.push(e);
                    None
                }
            },
        };
        lang_ok.then(|| RelationExample {
            counter,
            lang: lang.get_ref().clone(),
            text: text.get_ref().clone(),
            published,
            file: ctx.path.to_path_buf(),
            line: ctx.at(def.span()).0,
        })
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn bad_id_message() -> &'static str {
    "an id may only hold lowercase letters, digits and _"
}

/// A unit as rule files spell it: `count`, `percent`, a currency code, or a measure.
pub fn parse_unit(s: &str) -> Option<Unit> {
    match s {
        "count" => Some(Unit::Count),
        "percent" => Some(Unit::Percent),
        ORDINAL | CALENDAR_YEAR => Some(Unit::Measure(s.to_string())),
        _ if CURRENCIES.contains(&s) => Some(Unit::Currency(s.to_string())),
        _ if MEASURES.contains(&s) => Some(Unit::Measure(s.to_string())),
        _ => None,
    }
}

pub fn parse_kind(s: &str) -> Option<KeyKind> {
    Some(match s {
        "stock" => KeyKind::Stock,
        "flow" => KeyKind::Flow,
        "target" => KeyKind::Target,
        "share" => KeyKind::Share,
        "count" => KeyKind::Count,
        _ => return None,
    })
}

/// Check a pattern as written (`şirket*`, `trade turnover`) and fold it for matching:
/// returns the folded text without its `*` and whether it matches as a prefix.
pub fn check_pattern(raw: &str, lang: &Language) -> Result<(String, bool), String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err("empty pattern can never match".to_string());
    }
    let (body, prefix) = match trimmed.strip_suffix('*') {
        Some(body) => (body, true),
        None => (trimmed, false),
    };
    if body.contains('*') {
        return Err(format!(
            "pattern \"{raw}\": \"*\" may only end a pattern (it matches the rest of a word)"
        ));
    }
    if !body.chars().any(char::is_alphanumeric) {
        return Err(format!(
            "pattern \"{raw}\" can never match (it has no letter or digit)"
        ));
    }
    if !body.chars().next().is_some_and(char::is_alphanumeric) {
        return Err(format!(
            "pattern \"{raw}\" can never match (a pattern must start with a letter or digit)"
        ));
    }
    let folded = lang.fold(body);
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok((collapsed, prefix))
}

#[cfg(test)]
mod tests {
    use super::{shape, RuleFile};

    /// The text with its first `"…"` string on line `at` replaced by `with`.
    fn replace_string(lines: &[&str], at: usize, with: &str) -> Option<String> {
        let line = lines[at];
        let open = line.find('"')?;
        let close = open + 1 + line[open + 1..].find('"')?;
        let mut out = lines.to_vec();
        let changed = format!("{}{with}{}", &line[..open], &line[close + 1..]);
        out[at] = &changed;
        Some(out.join("\n"))
    }

    /// The text with the first run of digits on line `at` replaced by `with`.
    fn replace_number(lines: &[&str], at: usize, with: &str) -> Option<String> {
        let line = lines[at];
        let start = line.find(|c: char| c.is_ascii_digit())?;
        let end = start
            + line[start..]
                .find(|c: char| !c.is_ascii_digit() && c != '.')
                .unwrap_or(line.len() - start);
        let mut out = lines.to_vec();
        let changed = format!("{}{with}{}", &line[..start], &line[end..]);
        out[at] = &changed;
        Some(out.join("\n"))
    }

    #[test]
    fn a_rule_file_serde_reads_is_one_the_shape_check_finds_nothing_in() {
        // `compile` checks the shape only of a file serde refuses: every shipped rule file,
        // and each with one line dropped, one value of another type or one field too many,
        // must be either refused by serde or clean to the shape check.
        let files = super::read_dir(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/rules"
        )))
        .expect("the shipped rules read");
        let mut variants = 0;
        let mut refused = 0;
        for (path, text) in &files {
            let lines: Vec<&str> = text.lines().collect();
            let mut texts = vec![text.clone()];
            for at in 0..lines.len() {
                let mut dropped = lines.clone();
                dropped.remove(at);
                texts.push(dropped.join("\n"));
                let mut extra = lines.clone();
                extra.insert(at + 1, "extra = 1");
                texts.push(extra.join("\n"));
                texts.extend(replace_string(&lines, at, "1"));
                texts.extend(replace_string(&lines, at, "[\"x\"]"));
                texts.extend(replace_string(&lines, at, "{ en = \"x\" }"));
                texts.extend(replace_string(&lines, at, "[[\"x\"]]"));
                texts.extend(replace_number(&lines, at, "\"x\""));
                texts.extend(replace_number(&lines, at, "[1]"));
            }
            for t in &texts {
                variants += 1;
                if toml::from_str::<RuleFile>(t).is_ok() {
                    let problems = shape::check(t);
                    assert!(
                        problems.is_empty(),
                        "{}: serde reads a file the shape check refuses ({problems:?}):\n{t}",
                        path.display()
                    );
                } else {
                    refused += 1;
                }
            }
        }
        // The variants do reach both sides.
        assert!(
            refused > variants / 4 && refused < variants,
            "{refused} of {variants}"
        );
    }
}
