//! The `sources.toml` manifest: what an editor knows about the files in one folder that the
//! files do not say themselves. It applies to the files in its own folder only (not to
//! subfolders, which may carry their own), and it is never read as a source.
//!
//! ```toml
//! # key: the file name ("000_x.txt") or its stem ("000_x")
//! [source."000_ef070c6c139fbaa2"]
//! outlet = "The Daily Example"  # optional
//! published = 2025-07-29        # optional, a TOML date
//! lang = "en"                   # optional, a language the engine knows
//! trust = 0.8                   # optional, 0..=1
//! ```
//!
//! Unknown fields are errors, reported with the manifest's path and `line:col`; so are an entry
//! naming a file that is not in the folder, an unknown language and a trust outside 0..=1. A
//! broken entry never stops the folder's files from loading.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::LoadError;
use crate::lang::Languages;
use crate::text::LineIndex;

/// The file name a manifest must have.
pub const MANIFEST_NAME: &str = "sources.toml";

/// The manifest exactly as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(default)]
    source: BTreeMap<Spanned<String>, EntryFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    outlet: Option<String>,
    published: Option<Spanned<toml::value::Datetime>>,
    lang: Option<Spanned<String>>,
    trust: Option<Spanned<f64>>,
}

/// One checked entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub outlet: Option<String>,
    pub published: Option<NaiveDate>,
    pub lang: Option<String>,
    pub trust: Option<f64>,
}

/// A checked manifest: entries by the key as written, with where each key was written.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    pub path: PathBuf,
    entries: BTreeMap<String, (Entry, Range<usize>)>,
    text: String,
}

impl Manifest {
    /// Read and check the manifest at `path`. Problems come back beside whatever could be used.
    pub fn load(path: &Path, langs: &Languages) -> (Manifest, Vec<LoadError>) {
        match std::fs::read_to_string(path) {
            Ok(text) => Manifest::parse(path, text, langs),
            Err(e) => (
                Manifest {
                    path: path.to_path_buf(),
                    ..Manifest::default()
                },
                vec![LoadError::new(path, super::io_message(&e))],
            ),
        }
    }

    /// Check a manifest's text; `path` is only used in messages.
    pub fn parse(path: &Path, text: String, langs: &Languages) -> (Manifest, Vec<LoadError>) {
        let mut manifest = Manifest {
            path: path.to_path_buf(),
            entries: BTreeMap::new(),
            text,
        };
        let mut errors = Vec::new();
        let file: ManifestFile = match toml::from_str(&manifest.text) {
            Ok(file) => file,
            Err(e) => {
                let message = crate::rules::shape::toml_message(e.message());
                errors.push(manifest.error_at(e.span(), message));
                return (manifest, errors);
            }
        };
        for (key, entry) in file.source {
            let EntryFile {
                outlet,
                published,
                lang,
                trust,
            } = entry;
            let mut checked = Entry {
                outlet,
                ..Entry::default()
            };
            if let Some(published) = published {
                match toml_date(published.get_ref()) {
                    Some(date) => checked.published = Some(date),
                    None => errors.push(manifest.error_at(
                        Some(published.span()),
                        format!(
                            "published must be a date like 2025-07-29, got {}",
                            published.get_ref()
                        ),
                    )),
                }
            }
            if let Some(lang) = lang {
                if langs.get(lang.get_ref()).is_some() {
                    checked.lang = Some(lang.get_ref().clone());
                } else {
                    let known: Vec<&str> = langs.codes().collect();
                    errors.push(manifest.error_at(
                        Some(lang.span()),
                        format!(
                            "unknown language \"{}\" (expected {})",
                            lang.get_ref(),
                            known.join(", ")
                        ),
                    ));
                }
            }
            if let Some(trust) = trust {
                if (0.0..=1.0).contains(trust.get_ref()) {
                    checked.trust = Some(*trust.get_ref());
                } else {
                    errors.push(manifest.error_at(
                        Some(trust.span()),
                        format!("trust must be between 0 and 1, got {}", trust.get_ref()),
                    ));
                }
            }
            let span = key.span();
            manifest.entries.insert(key.into_inner(), (checked, span));
        }
        (manifest, errors)
    }

    /// The entry for a file: by its full name first, then by its stem.
    pub fn entry_for(&self, file_name: &str, stem: &str) -> Option<&Entry> {
        self.entries
            .get(file_name)
            .or_else(|| self.entries.get(stem))
            .map(|(entry, _)| entry)
    }

    /// Entries naming no file in `dir` (by name, or by stem of a file we would read).
    pub fn missing(&self, dir: &Path) -> Vec<LoadError> {
        let mut names: Vec<(String, String, bool)> = Vec::new();
        if let Ok(read) = std::fs::read_dir(dir) {
            for entry in read.flatten() {
                let path = entry.path();
                if !path.is_file() {
                    continue;
                }
                let name = entry.file_name().to_string_lossy().into_owned();
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                names.push((name, stem, super::is_source_extension(&path)));
            }
        }
        self.entries
            .iter()
            .filter(|(key, _)| {
                !names
                    .iter()
                    .any(|(name, stem, readable)| name == *key || (*readable && stem == *key))
            })
            .map(|(key, (_, span))| {
                self.error_at(
                    Some(span.clone()),
                    format!("names {key}, which is not there"),
                )
            })
            .collect()
    }

    fn error_at(&self, span: Option<Range<usize>>, message: String) -> LoadError {
        let mut error = LoadError::new(&self.path, message);
        if let Some(span) = span {
            let (line, column) = LineIndex::new(&self.text).line_col(&self.text, span.start);
            error.line = Some(line);
            error.column = Some(column);
        }
        error
    }
}

/// A TOML local date (no time of day) as a calendar date.
fn toml_date(value: &toml::value::Datetime) -> Option<NaiveDate> {
    if value.time.is_some() || value.offset.is_some() {
        return None;
    }
    let date = value.date?;
    NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Manifest, Vec<LoadError>) {
        Manifest::parse(
            Path::new("m/sources.toml"),
            text.to_string(),
            &Languages::builtin(),
        )
    }

    #[test]
    fn a_file_name_entry_wins_over_a_stem_entry() {
        let (m, errors) =
            parse("[source.\"a\"]\noutlet = \"stem\"\n[source.\"a.md\"]\noutlet = \"name\"\n");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            m.entry_for("a.md", "a").unwrap().outlet.as_deref(),
            Some("name")
        );
        assert_eq!(
            m.entry_for("a.txt", "a").unwrap().outlet.as_deref(),
            Some("stem")
        );
    }

    #[test]
    fn bad_values_are_located_and_the_rest_of_the_entry_is_kept() {
        let (m, errors) = parse(
            "[source.a]\noutlet = \"X\"\nlang = \"xx\"\ntrust = 1.5\npublished = 2025-07-29T10:00:00\n",
        );
        let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(
            lines[0],
            "m/sources.toml:5:13: published must be a date like 2025-07-29, got 2025-07-29T10:00:00"
        );
        assert!(lines[1].starts_with("m/sources.toml:3:8: unknown language \"xx\" (expected en, "));
        assert_eq!(
            lines[2],
            "m/sources.toml:4:9: trust must be between 0 and 1, got 1.5"
        );
        assert_eq!(
            m.entry_for("a.txt", "a").unwrap().outlet.as_deref(),
            Some("X")
        );
    }
}
