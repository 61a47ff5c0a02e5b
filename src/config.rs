//! `reconcile.toml`: a project's defaults for `check` and `lint`, found by walking up from the
//! current folder. It owns reading and checking the file (unknown fields are errors, located
//! to line and column) and resolving its paths against the file's own folder; it refuses to
//! guess: a value it does not understand is an error, never a silent default.
//!
//! ```toml
//! rules = "rules"              # folder of rule files
//! sources = ["sources/"]       # what drafts are checked against when --against is not given
//! format = "github"            # lint's default format: human, json, github or sarif
//! deny = "warning"             # lint fails at this severity: error or warning
//!
//! [keys.turkish_companies_in_kz]
//! tolerance = 0.05             # per-key overrides of the rule's tolerance, approx and slack
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::compare::Severity;
use crate::rules::RuleSet;
use crate::text::LineIndex;

/// The file's name.
pub const FILE_NAME: &str = "reconcile.toml";

/// The lint formats a config may name.
pub const LINT_FORMATS: [&str; 4] = ["human", "json", "github", "sarif"];

/// A checked `reconcile.toml`, paths resolved against its folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub path: PathBuf,
    pub rules: Option<PathBuf>,
    pub sources: Vec<PathBuf>,
    pub format: Option<String>,
    pub deny: Option<Severity>,
    pub keys: BTreeMap<String, KeyOverride>,
}

/// Overrides of one key's widths; `None` keeps the rule's value.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyOverride {
    pub tolerance: Option<f64>,
    pub approx: Option<f64>,
    pub slack: Option<f64>,
    /// Where the override is written, for errors.
    pub line: usize,
    pub column: usize,
}

/// A problem in `reconcile.toml`, located.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The file exactly as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    rules: Option<String>,
    sources: Option<Vec<String>>,
    format: Option<Spanned<String>>,
    deny: Option<Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<String, Spanned<RawKey>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKey {
    tolerance: Option<Spanned<f64>>,
    approx: Option<Spanned<f64>>,
    slack: Option<Spanned<f64>>,
}

/// The nearest `reconcile.toml` in `start` or a parent folder.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

impl Config {
    /// Read and check the file at `path`, reporting every problem at once.
    pub fn load(path: &Path) -> Result<Config, Vec<ConfigError>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![ConfigError {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: e.to_string().to_lowercase(),
            }]
        })?;
        Config::parse(path, &text)
    }

    /// Check `text` as the contents of `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<ConfigError>> {
        let index = LineIndex::new(text);
        let at = |offset: usize, message: String| {
            let (line, column) = index.line_col(text, offset);
            ConfigError {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            vec![at(offset, crate::rules::shape::toml_message(e.message()))]
        })?;
        let RawConfig {
            rules,
            sources,
            format,
            deny,
            keys,
        } = raw;
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let mut errors = Vec::new();

        if let Some(f) = &format {
            if !LINT_FORMATS.contains(&f.get_ref().as_str()) {
                errors.push(at(
                    f.span().start,
                    format!(
                        "unknown format \"{}\" (expected {})",
                        f.get_ref(),
                        LINT_FORMATS.join(", ")
                    ),
                ));
            }
        }
        let deny = deny.and_then(|d| match parse_deny(d.get_ref()) {
            Some(s) => Some(s),
            None => {
                errors.push(at(
                    d.span().start,
                    format!(
                        "unknown deny level \"{}\" (expected error or warning)",
                        d.get_ref()
                    ),
                ));
                None
            }
        });
        let mut overrides = BTreeMap::new();
        for (id, spanned) in keys {
            let start = spanned.span().start;
            let RawKey {
                tolerance,
                approx,
                slack,
            } = spanned.into_inner();
            let mut width = |name: &str, v: Option<Spanned<f64>>| {
                let v = v?;
                let x = *v.get_ref();
                if x.is_finite() && (0.0..1.0).contains(&x) {
                    Some(x)
                } else {
                    errors.push(at(
                        v.span().start,
                        format!("{name} of \"{id}\" must be at least 0 and below 1, got {x}"),
                    ));
                    None
                }
            };
            let o = KeyOverride {
                tolerance: width("tolerance", tolerance),
                approx: width("approx", approx),
                slack: width("slack", slack),
                line: index.line_col(text, start).0,
                column: index.line_col(text, start).1,
            };
            overrides.insert(id, o);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            path: path.to_path_buf(),
            rules: rules.map(|r| dir.join(r)),
            sources: sources
                .unwrap_or_default()
                .into_iter()
                .map(|s| dir.join(s))
                .collect(),
            format: format.map(Spanned::into_inner),
            deny,
            keys: overrides,
        })
    }

    /// Apply the per-key overrides to `rules`; a key the rules do not define is an error.
    pub fn apply(&self, rules: &mut RuleSet) -> Result<(), Vec<ConfigError>> {
        let mut errors = Vec::new();
        for (id, o) in &self.keys {
            match rules.keys.iter_mut().find(|k| &k.id == id) {
                Some(k) => {
                    if let Some(t) = o.tolerance {
                        k.tolerance = t;
                    }
                    if let Some(a) = o.approx {
                        k.approx = a;
                    }
                    if let Some(s) = o.slack {
                        k.slack = s;
                    }
                }
                None => errors.push(ConfigError {
                    path: self.path.clone(),
                    line: o.line,
                    column: o.column,
                    message: format!("unknown key \"{id}\" (no rule defines it)"),
                }),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// `error` or `warning`: the least severe finding that fails lint.
pub fn parse_deny(s: &str) -> Option<Severity> {
    match s {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
        Config::parse(Path::new("proj/reconcile.toml"), text)
    }

    #[test]
    fn paths_resolve_against_the_config_folder() {
        let c = parse("rules = \"rules\"\nsources = [\"seeds\"]\ndeny = \"warning\"\n").unwrap();
        assert_eq!(c.rules, Some(PathBuf::from("proj/rules")));
        assert_eq!(c.sources, vec![PathBuf::from("proj/seeds")]);
        assert_eq!(c.deny, Some(Severity::Warning));
    }

    #[test]
    fn an_unknown_field_is_an_error_at_its_line_and_column() {
        let e = parse("rules = \"rules\"\n  colour = \"red\"\n").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].line, e[0].column), (2, 3), "{}", e[0]);
        assert!(e[0].message.contains("unknown field `colour`"), "{}", e[0]);
    }

    #[test]
    fn an_unknown_field_inside_a_key_override_is_an_error() {
        let e = parse("[keys.k]\ntolerence = 0.1\n").unwrap_err();
        assert_eq!(e[0].line, 2, "{}", e[0]);
        assert!(e[0].message.contains("tolerence"), "{}", e[0]);
    }

    #[test]
    fn every_bad_value_is_reported_at_once() {
        let e =
            parse("format = \"xml\"\ndeny = \"fatal\"\n[keys.k]\ntolerance = 2.0\n").unwrap_err();
        let lines: Vec<usize> = e.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 2, 4]);
        assert_eq!(
            e[0].to_string(),
            "proj/reconcile.toml:1:10: unknown format \"xml\" (expected human, json, github, sarif)"
        );
    }

    #[test]
    fn the_nearest_config_wins() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("a/b");
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        std::fs::write(dir.path().join("a").join(FILE_NAME), "").unwrap();
        assert_eq!(find(&inner), Some(dir.path().join("a").join(FILE_NAME)));
    }
}
