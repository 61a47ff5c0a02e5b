//! Baselines: findings a human has already accepted. A baseline file lists fingerprints
//! (key + the draft's figure + the sources' figures, never line numbers), so an accepted
//! finding stays quiet while the text around it moves, and speaks again as soon as any of
//! those figures changes. The file is JSON, sorted, with enough words beside each fingerprint
//! for a reviewer to read it in a diff. This module reads and writes it; it never decides
//! which findings deserve to be accepted.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::check::{DraftFinding, Quiet};

/// The accepted fingerprints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    pub fingerprints: BTreeSet<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    accepted: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    key: Option<String>,
    verdict: String,
    /// The draft's figure as written, and where it was when accepted (for the reviewer only).
    draft: String,
    path: String,
    message: String,
}

/// A baseline file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct BaselineError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Baseline {
    /// Read a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|e| BaselineError {
            path: path.to_path_buf(),
            line: None,
            message: e.to_string().to_lowercase(),
        })?;
        Baseline::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Baseline, BaselineError> {
        let file: File = serde_json::from_str(text).map_err(|e| BaselineError {
            path: path.to_path_buf(),
            line: Some(e.line()),
            message: format!("not a baseline file: {e}"),
        })?;
        if file.version != 1 {
            return Err(BaselineError {
                path: path.to_path_buf(),
                line: None,
                message: format!("unknown baseline version {} (expected 1)", file.version),
            });
        }
        Ok(Baseline {
            fingerprints: file.accepted.into_iter().map(|e| e.fingerprint).collect(),
        })
    }

    /// Mark the findings this baseline accepts as quiet (a suppression in the draft wins).
    pub fn apply(&self, findings: &mut [DraftFinding]) {
        for f in findings.iter_mut() {
            if f.quiet.is_none() && self.fingerprints.contains(&f.fingerprint) {
                f.quiet = Some(Quiet::Baseline);
            }
        }
    }
}

/// Write `findings` as an accepted baseline, sorted and deduplicated by fingerprint.
pub fn write<'a>(
    findings: impl IntoIterator<Item = &'a DraftFinding>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut seen = BTreeSet::new();
    let mut accepted: Vec<Entry> = findings
        .into_iter()
        .filter(|f| seen.insert(f.fingerprint.clone()))
        .map(|f| Entry {
            fingerprint: f.fingerprint.clone(),
            key: f.key.clone(),
            verdict: f.verdict.as_str().to_string(),
            draft: f.draft.text.to_string(),
            path: format!("{}:{}:{}", f.path, f.draft.line, f.draft.column),
            message: f.message.clone(),
        })
        .collect();
    accepted.sort();
    serde_json::to_writer_pretty(
        &mut *out,
        &File {
            version: 1,
            accepted,
        },
    )?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_baseline_of_another_version_is_refused() {
        let e =
            Baseline::parse(Path::new("b.json"), r#"{"version": 2, "accepted": []}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "b.json: unknown baseline version 2 (expected 1)"
        );
    }

    #[test]
    fn a_broken_baseline_names_its_line() {
        let e = Baseline::parse(Path::new("b.json"), "{\n\"version\": 1,\n oops }").unwrap_err();
        assert!(
            e.to_string().starts_with("b.json:3: not a baseline file"),
            "{e}"
        );
    }
}
