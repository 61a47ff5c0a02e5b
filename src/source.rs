//! Sources: the documents we read. Owns loading files and folders, the `sources.toml`
//! manifest, publication dates, and reducing Markdown and HTML to prose. Refuses to interpret
//! what the text says: that is `extract`'s job.
//!
//! Prose is the original text with everything that is not prose (front matter, code, tags,
//! link targets, comments) blanked out byte for byte with spaces (newlines kept), so every byte
//! offset into `prose` is also an offset into `original` and line:column stays exact.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

/// How a document was written; decides what counts as prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
}

/// One loaded document.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file stem (`001_c7ebae0e9b69a8fa`), or `-` for stdin.
    pub id: String,
    /// The path as the user gave it (joined with the folder they named).
    pub path: PathBuf,
    /// Language code (`en`, `tr`, …), from the manifest, `--lang`, or detection.
    pub lang: String,
    pub published: Option<NaiveDate>,
    pub outlet: Option<String>,
    /// Prior trust from the manifest, 0..=1.
    pub trust: Option<f64>,
    pub format: Format,
    /// The file's text exactly as read (after decoding).
    pub original: String,
    /// `original` with non-prose bytes replaced by spaces; same length, same offsets.
    pub prose: String,
    /// Draft suppressions: `<!-- reconcile-ignore KEY: reason -->`, with the byte range of the
    /// paragraph they silence.
    pub suppressions: Vec<Suppression>,
}

/// A human's decision, written in a draft, to silence a key on the next paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suppression {
    pub key: String,
    pub reason: String,
    /// Byte range of the paragraph it applies to.
    pub applies_to: crate::text::Span,
    pub line: usize,
}

/// A problem with one input; the rest of the work goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct LoadError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

/// What the loader should do beyond the defaults.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Force a language instead of detecting it.
    pub lang: Option<String>,
    /// Decode files that are not UTF-8 with this legacy encoding (`latin1`, `windows-1254`).
    pub decode: Option<String>,
}

/// Documents larger than this are refused with a clear error instead of being read whole.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// Load every `.txt`, `.md`, `.markdown`, `.html`, `.htm` file under `paths` (files or folders,
/// recursively; `-` for stdin), in a stable order. Errors name the file; loading goes on.
pub fn load_paths(paths: &[PathBuf], opts: &LoadOptions) -> (Vec<Source>, Vec<LoadError>) {
    let _ = (paths, opts);
    (Vec::new(), Vec::new())
}

/// Build a source from text already in memory (tests, stdin, benchmarks).
pub fn from_text(id: &str, path: &Path, original: String, opts: &LoadOptions) -> Source {
    let _ = opts;
    Source {
        id: id.to_string(),
        path: path.to_path_buf(),
        lang: "en".to_string(),
        published: None,
        outlet: None,
        trust: None,
        format: Format::Text,
        prose: original.clone(),
        original,
        suppressions: Vec::new(),
    }
}
