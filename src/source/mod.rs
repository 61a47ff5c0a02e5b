//! Sources: the documents we read. Owns loading files and folders, the `sources.toml`
//! manifest, publication dates, and reducing Markdown and HTML to prose. Refuses to interpret
//! what the text says: that is `extract`'s job.
//!
//! Prose is the original text with everything that is not prose (front matter, code, tags,
//! link targets, comments) blanked out byte for byte with spaces (newlines kept), so every byte
//! offset into `prose` is also an offset into `original` and line:column stays exact.

mod decode;
mod html;
mod inputs;
pub mod manifest;
mod markdown;
mod meta;
mod prose;
mod walk;

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::lang::Languages;
pub use inputs::{Input, Inputs};
pub use manifest::{Entry, Manifest, MANIFEST_NAME};
use prose::ProseBuf;
use walk::Walked;

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

/// A problem with one input; the rest of the work goes on. Displays as a lint line:
/// `path[:line[:col]]: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{}{}{}: {message}",
    path.display(),
    line.map(|l| format!(":{l}")).unwrap_or_default(),
    column.filter(|_| line.is_some()).map(|c| format!(":{c}")).unwrap_or_default()
)]
pub struct LoadError {
    pub path: PathBuf,
    pub line: Option<usize>,
    /// Column in characters (only shown with a line).
    pub column: Option<usize>,
    pub message: String,
}

impl LoadError {
    pub fn new(path: &Path, message: impl Into<String>) -> LoadError {
        LoadError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// What the loader should do beyond the defaults.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Force a language instead of detecting it.
    pub lang: Option<String>,
    /// Decode files that are not UTF-8 with this legacy encoding (`latin1`, `windows-1254`).
    pub decode: Option<String>,
}

/// Documents larger than this (256 MiB) are refused with a clear error instead of being read
/// whole. The size is checked from the file's metadata before reading, and stdin is read only
/// up to this limit.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// Extensions read when walking a folder (compared without regard to case). A file named
/// explicitly is read whatever its extension.
pub const SOURCE_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// Load every `.txt`, `.md`, `.markdown`, `.html`, `.htm` file under `paths` (files or folders,
/// recursively; `-` for stdin), in a stable order: the paths in the order given, each folder
/// walked in byte order of file names. Hidden files and folders (`.git`) are skipped when
/// walking; `sources.toml` files are manifests, never sources. Errors name the file; loading
/// goes on. The same file reached twice is loaded once.
pub fn load_paths(
    paths: &[PathBuf],
    opts: &LoadOptions,
    langs: &Languages,
) -> (Vec<Source>, Vec<LoadError>) {
    let (plan, mut errors) = plan(paths, opts, langs);
    let mut sources = Vec::with_capacity(plan.inputs.len());
    for input in plan.inputs.iter() {
        match plan.load(input, opts, langs) {
            Ok(source) => sources.push(source),
            Err(e) => errors.push(e),
        }
    }
    (sources, errors)
}

/// What to read, found without reading any document: the walk, the manifests and their
/// errors. Loading each input is separate ([`Plan::load`]) so a large corpus can be streamed,
/// one document in memory per worker, on all cores.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub inputs: Inputs,
    legacy: Option<&'static encoding_rs::Encoding>,
}

/// Walk `paths` and read their manifests; no document is read yet. Errors (missing paths,
/// symlink loops, broken manifests, manifest entries naming missing files) come back at once.
pub fn plan(paths: &[PathBuf], opts: &LoadOptions, langs: &Languages) -> (Plan, Vec<LoadError>) {
    let mut loader = Loader {
        langs,
        legacy: None,
        manifests: BTreeMap::new(),
        canonical_dirs: BTreeMap::new(),
        seen: HashSet::new(),
        inputs: Inputs::default(),
        errors: Vec::new(),
    };
    if let Some(label) = &opts.decode {
        match decode::encoding_for(label) {
            Some(encoding) => loader.legacy = Some(encoding),
            None => loader.errors.push(LoadError::new(
                Path::new("--decode"),
                format!(
                    "unknown encoding \"{label}\" (expected latin1, windows-1254, iso-8859-9, …)"
                ),
            )),
        }
    }
    for path in paths {
        if path.as_os_str() == "-" {
            loader.inputs.push(Input::Stdin);
        } else {
            loader.visit(path);
        }
    }
    loader.finish()
}

impl Plan {
    /// Read, decode and reduce one input to a [`Source`].
    pub fn load(
        &self,
        input: Input<'_>,
        opts: &LoadOptions,
        langs: &Languages,
    ) -> Result<Source, LoadError> {
        match input {
            Input::Stdin => load_stdin(self.legacy, opts, langs),
            Input::File { path, entry } => load_file(&path, entry, self.legacy, opts, langs),
        }
    }
}

/// Build a source from text already in memory (tests, stdin, benchmarks). The format comes
/// from `path`'s extension (Markdown for `.md`/`.markdown`, HTML for `.html`/`.htm`, else plain
/// text); a leading UTF-8 BOM is dropped. No manifest applies.
pub fn from_text(
    id: &str,
    path: &Path,
    original: String,
    opts: &LoadOptions,
    langs: &Languages,
) -> Source {
    let format = format_of(path);
    build(id, path, original, format, opts, langs, None)
}

/// The format a path's extension implies.
pub fn format_of(path: &Path) -> Format {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" => Format::Markdown,
        "html" | "htm" | "xhtml" => Format::Html,
        _ => Format::Text,
    }
}

/// Whether a file is read as a source by its name: [`is_source_name`] on the path's last part.
fn is_source_extension(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| is_source_name(name.as_encoded_bytes()))
}

/// The one rule for a source's name, as bytes: its extension (after the last `.`, if the name
/// does not only start with it) is one of [`SOURCE_EXTENSIONS`], in any case. The walk calls it
/// on a name; [`is_source_extension`] on a path.
fn is_source_name(name: &[u8]) -> bool {
    match name.iter().rposition(|&b| b == b'.') {
        Some(at) if at > 0 => {
            let ext = &name[at + 1..];
            SOURCE_EXTENSIONS
                .iter()
                .any(|e| e.as_bytes().eq_ignore_ascii_case(ext))
        }
        _ => false,
    }
}

/// An I/O error as a lint-style message: lowercase, no OS error number.
fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = e.to_string();
            let text = match text.find(" (os error") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => "cannot be read".to_string(),
            }
        }
    }
}

/// Reduce `original` to prose, read what the document says about itself, and fill in the
/// metadata: manifest first, then `--lang` / the document, then detection.
fn build(
    id: &str,
    path: &Path,
    original: String,
    format: Format,
    opts: &LoadOptions,
    langs: &Languages,
    entry: Option<&Entry>,
) -> Source {
    let original = match original.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => original,
    };
    let (mut prose, front_matter, comments) = match format {
        Format::Text => {
            let comments = meta::comments_in_text(&original);
            if comments.is_empty() {
                // Nothing to blank: the prose is the text, copied without checking its UTF-8
                // again (a seventh of loading a Turkish document).
                (original.clone(), None, comments)
            } else {
                let mut buf = ProseBuf::copy(&original);
                meta::erase_suppression_comments(&mut buf, &comments, &original);
                (buf.finish(), None, comments)
            }
        }
        Format::Markdown => {
            let r = markdown::reduce(&original);
            (r.prose, r.front_matter, r.comments)
        }
        Format::Html => {
            let mut buf = ProseBuf::copy(&original);
            let mut comments = Vec::new();
            html::reduce(&mut buf, 0..original.len(), &mut comments);
            prose::erase_bare_urls(&mut buf);
            (buf.finish(), None, comments)
        }
    };
    prose::blank_controls(&mut prose);
    let suppressions = meta::suppressions(&original, &comments);
    let mut published = front_matter.as_deref().and_then(meta::front_matter_date);
    if let Some((date, range)) = meta::leading_date_line(&prose) {
        // The date line is metadata, not a figure: blank it. The range is ASCII
        // (`date`, `:`, blanks and the digits of the date), so blanking keeps the text valid.
        if prose.get(range.clone()).is_some() {
            let blanks = " ".repeat(range.len());
            prose.replace_range(range, &blanks);
        }
        published = published.or(Some(date));
    }
    let lang = entry
        .and_then(|e| e.lang.clone())
        .or_else(|| opts.lang.clone())
        .unwrap_or_else(|| langs.detect(&prose).code.clone());
    // A built-in language's extraction tables are compiled when its first document is
    // loaded: once a run, only for the languages read, and not inside extraction.
    if let Some(language) = langs.get(&lang) {
        language.prepare();
    }
    Source {
        id: id.to_string(),
        path: path.to_path_buf(),
        lang,
        published: entry.and_then(|e| e.published).or(published),
        outlet: entry.and_then(|e| e.outlet.clone()),
        trust: entry.and_then(|e| e.trust),
        format,
        original,
        prose,
        suppressions,
    }
}

/// A 128-bit hash of a path's bytes, two SipHash-1-3 halves with fixed keys: two of the
/// 441,000 files of a huge folder would share one with a chance of about 10^-27, so a file is
/// not skipped as seen unless it was.
fn path_key(path: &std::ffi::OsStr) -> u128 {
    use std::hash::{DefaultHasher, Hasher};
    let half = |salt: u8| {
        let mut h = DefaultHasher::new();
        h.write_u8(salt);
        h.write(path.as_encoded_bytes());
        h.finish()
    };
    u128::from(half(0)) << 64 | u128::from(half(1))
}

/// One `load_paths` run.
struct Loader<'a> {
    langs: &'a Languages,
    legacy: Option<&'static encoding_rs::Encoding>,
    /// Manifests by folder, read once each (`None`: the folder has none).
    manifests: BTreeMap<PathBuf, Option<Manifest>>,
    /// Folders as walked (compared as bytes: a path comparison goes component by component)
    /// → as canonicalized: resolving every file's whole path cost a system call per path
    /// component, per file.
    canonical_dirs: BTreeMap<std::ffi::OsString, PathBuf>,
    /// The files taken, each by [`path_key`] of its canonical path (a canonical path has one
    /// spelling). Held as the paths themselves, in a tree set, they cost ~96 bytes a file:
    /// 42 MB of a folder of 441,000 articles, most of what planning held at its peak.
    seen: HashSet<u128>,
    inputs: Inputs,
    errors: Vec<LoadError>,
}

impl Loader<'_> {
    fn visit(&mut self, path: &Path) {
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => {
                self.errors.push(LoadError::new(path, io_message(&e)));
                return;
            }
        };
        if !meta.is_dir() {
            if path.file_name().is_some_and(|n| n == MANIFEST_NAME) {
                // Named explicitly, it still only describes its folder's files.
                return;
            }
            self.file(path, true);
            return;
        }
        walk::walk(path, &mut |found| match found {
            Walked::File { path, name, link } => {
                if name == MANIFEST_NAME.as_bytes() {
                    // Read even when the folder has nothing else, so its errors show.
                    if let Some(dir) = path.parent() {
                        self.manifest(dir);
                    }
                } else if is_source_name(name) {
                    self.file(path, link);
                }
            }
            Walked::Error(e) => self.errors.push(e),
        });
    }

    /// `path` is a file; `link`: it may be a symbolic link itself.
    fn file(&mut self, path: &Path, link: bool) {
        // A file that is no link is its canonical folder's file of that name.
        let key = match (link, path.parent(), path.file_name()) {
            (false, Some(dir), Some(name)) if !dir.as_os_str().is_empty() => {
                let dir = self.canonical_dir(dir);
                let mut key = PathBuf::with_capacity(dir.as_os_str().len() + 1 + name.len());
                key.push(dir);
                key.push(name);
                key
            }
            _ => std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        };
        if !self.seen.insert(path_key(key.as_os_str())) {
            return;
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        // The name and id are only wanted to look the file up in its folder's manifest.
        let entry = self
            .manifest(dir)
            .and_then(|m| {
                let (name, id) = names(path);
                m.entry_for(&name, &id)
            })
            .cloned();
        self.inputs.push_file(path, entry);
    }

    fn manifest(&mut self, dir: &Path) -> Option<&Manifest> {
        // `seeds` and `./seeds` are one folder with one manifest, read (and reported) once.
        let key = self.canonical_dir(dir).to_path_buf();
        if !self.manifests.contains_key(&key) {
            let path = dir.join(MANIFEST_NAME);
            let manifest = if path.is_file() {
                let (manifest, errors) = Manifest::load(&path, self.langs);
                self.errors.extend(errors);
                Some(manifest)
            } else {
                None
            };
            self.manifests.insert(key.clone(), manifest);
        }
        self.manifests.get(&key).and_then(Option::as_ref)
    }

    fn canonical_dir<'s>(&'s mut self, dir: &'s Path) -> &'s Path {
        if !self.canonical_dirs.contains_key(dir.as_os_str()) {
            let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
            self.canonical_dirs
                .insert(dir.as_os_str().to_os_string(), key);
        }
        self.canonical_dirs
            .get(dir.as_os_str())
            .map_or(dir, PathBuf::as_path)
    }

    fn finish(mut self) -> (Plan, Vec<LoadError>) {
        for (dir, manifest) in &self.manifests {
            if let Some(manifest) = manifest {
                self.errors.extend(manifest.missing(dir));
            }
        }
        self.inputs.shrink_to_fit();
        let plan = Plan {
            inputs: self.inputs,
            legacy: self.legacy,
        };
        (plan, self.errors)
    }
}

/// A file's name and its id (the stem).
fn names(path: &Path) -> (String, String) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    (name, id)
}

fn load_file(
    path: &Path,
    entry: Option<&Entry>,
    legacy: Option<&'static encoding_rs::Encoding>,
    opts: &LoadOptions,
    langs: &Languages,
) -> Result<Source, LoadError> {
    let bytes = read_limited(path).map_err(|m| LoadError::new(path, m))?;
    let original = decode::decode_owned(bytes, legacy).map_err(|m| LoadError::new(path, m))?;
    if original.trim().is_empty() {
        return Err(LoadError::new(path, "empty file"));
    }
    let (_, id) = names(path);
    Ok(build(
        &id,
        path,
        original,
        format_of(path),
        opts,
        langs,
        entry,
    ))
}

fn load_stdin(
    legacy: Option<&'static encoding_rs::Encoding>,
    opts: &LoadOptions,
    langs: &Languages,
) -> Result<Source, LoadError> {
    let path = Path::new("-");
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| LoadError::new(path, io_message(&e)))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(LoadError::new(path, too_large(None)));
    }
    let text = decode::decode(&bytes, legacy).map_err(|m| LoadError::new(path, m))?;
    if text.trim().is_empty() {
        return Err(LoadError::new(path, "empty file"));
    }
    let format = sniff_format(&text);
    Ok(build("-", path, text, format, opts, langs, None))
}

/// Read a whole file, refusing one larger than [`MAX_DOCUMENT_BYTES`] before reading it.
fn read_limited(path: &Path) -> Result<Vec<u8>, String> {
    let mut file = File::open(path).map_err(|e| io_message(&e))?;
    let len = file.metadata().map_err(|e| io_message(&e))?.len();
    if len > MAX_DOCUMENT_BYTES {
        return Err(too_large(Some(len)));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // A file may grow between the size check and the read: never read past the limit.
    (&mut file)
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_message(&e))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(too_large(None));
    }
    Ok(bytes)
}

fn too_large(len: Option<u64>) -> String {
    let limit = MAX_DOCUMENT_BYTES / (1024 * 1024);
    match len {
        Some(len) => format!("too large ({len} bytes; the limit is {limit} MiB), skipped"),
        None => format!("too large (over the limit of {limit} MiB), skipped"),
    }
}

/// Stdin has no extension: HTML if it opens with a tag, Markdown if it has front matter or
/// Markdown structure at the start of a line, else plain text.
fn sniff_format(text: &str) -> Format {
    let head = text.trim_start();
    if head.starts_with('<') {
        let lower = head
            .get(..head.len().min(256))
            .unwrap_or(head)
            .to_ascii_lowercase();
        if lower.starts_with("<!doctype html") || lower.contains("<html") || lower.contains("<p") {
            return Format::Html;
        }
    }
    if text.starts_with("---\n") || text.starts_with("---\r\n") {
        return Format::Markdown;
    }
    let markdownish = text.lines().take(200).any(|l| {
        l.starts_with("# ") || l.starts_with("## ") || l.starts_with("```") || l.starts_with("<!--")
    });
    if markdownish {
        Format::Markdown
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use walkdir::WalkDir;

    #[test]
    fn stdin_format_is_sniffed_from_its_start() {
        assert_eq!(sniff_format("<!DOCTYPE html><p>x</p>"), Format::Html);
        assert_eq!(
            sniff_format("---\ndate: 2025-07-29\n---\nx"),
            Format::Markdown
        );
        assert_eq!(sniff_format("intro\n## Heading\ntext"), Format::Markdown);
        assert_eq!(
            sniff_format("Some 4,000 companies < 5,000.\n"),
            Format::Text
        );
        assert_eq!(sniff_format("<b>not a page</b> 3,500"), Format::Text);
    }

    #[test]
    fn io_errors_read_like_lint_lines() {
        let e = io::Error::from(io::ErrorKind::NotFound);
        assert_eq!(io_message(&e), "no such file or directory");
        let e = io::Error::from_raw_os_error(5);
        assert_eq!(io_message(&e), "input/output error");
    }

    #[test]
    fn a_folder_is_walked_in_the_order_of_its_names_as_bytes() {
        // The order decides the report's: it must be `sort_by_file_name`'s.
        let dir = tempfile::tempdir().expect("a temporary folder");
        let names = [
            "b.txt",
            "a.txt",
            "A.md",
            "a b.txt",
            "ä.txt",
            "a.TXT",
            "a-.txt",
            ".hidden.txt",
            "sub/x.txt",
            "sub/.y.md",
            "a-sub/y.md",
            "a/z.html",
            "ab/c.htm",
            "a0.txt",
            "z.pdf",
            "readme",
            ".txt",
        ];
        for name in names {
            let path = dir.path().join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("a folder");
            }
            std::fs::write(&path, "text 5").expect("a file");
        }
        // Names that are not UTF-8 (Unix allows them): they sort by their bytes, between names
        // they share a prefix with, and a lossy reading would sort them as U+FFFD instead.
        #[cfg(unix)]
        let odd = {
            use std::os::unix::ffi::OsStrExt;
            let odd: [&[u8]; 4] = [
                b"n\xff.txt",
                b"n.txt",
                b"n\xfe\xff.md",
                b"n\xef\xbf\xbe.txt",
            ];
            for name in odd {
                let path = dir.path().join(std::ffi::OsStr::from_bytes(name));
                std::fs::write(&path, "text 5").expect("a file");
            }
            odd.len()
        };
        #[cfg(not(unix))]
        let odd = 0;
        let expected: Vec<PathBuf> = WalkDir::new(dir.path())
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && is_source_extension(e.path()))
            .map(|e| e.path().to_path_buf())
            .collect();
        let (plan, errors) = plan(
            &[dir.path().to_path_buf()],
            &LoadOptions::default(),
            &Languages::builtin(),
        );
        assert!(errors.is_empty(), "{errors:?}");
        let walked: Vec<PathBuf> = plan
            .inputs
            .iter()
            .filter_map(|i| match i {
                Input::File { path, .. } => Some(path.clone()),
                Input::Stdin => None,
            })
            .collect();
        assert_eq!(walked, expected);
        assert_eq!(walked.len(), 12 + odd, "{walked:?}");
    }

    /// The rule as it was read off a path before it was one rule on names: the oracle.
    fn has_source_extension_by_path(path: &Path) -> bool {
        path.extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .is_some_and(|e| SOURCE_EXTENSIONS.contains(&e.as_str()))
    }

    #[test]
    fn a_name_has_a_source_extension_as_its_path_has() {
        for name in [
            "a.txt",
            "a.TXT",
            "a.Md",
            ".md",
            "a.",
            "a",
            "a.md.bak",
            "x.markdown",
            "x.htm",
            "x.html",
            "x.xhtml",
            "ä.txt",
            "..",
            "a..md",
        ] {
            assert_eq!(
                is_source_name(name.as_bytes()),
                has_source_extension_by_path(Path::new(name)),
                "{name}"
            );
        }
        for path in [
            "a.md",
            "sub/a.md",
            "sub/.md",
            "sub.md/x",
            "sub/..",
            "/",
            "a.md/",
            "sub/a.md/.",
            ".",
            "sub/A.HTM",
            "sub/a.",
        ] {
            assert_eq!(
                is_source_extension(Path::new(path)),
                has_source_extension_by_path(Path::new(path)),
                "{path}"
            );
        }
    }

    #[test]
    fn an_input_takes_32_bytes() {
        assert!(std::mem::size_of::<Input>() <= 32);
    }

    #[test]
    fn the_manifest_overrides_what_the_document_says() {
        let entry = Entry {
            published: NaiveDate::from_ymd_opt(2024, 1, 1),
            lang: Some("tr".to_string()),
            ..Entry::default()
        };
        let langs = Languages::builtin();
        let text = "date 2026-02-02 text".to_string();
        let opts = LoadOptions {
            lang: Some("en".to_string()),
            decode: None,
        };
        let src = build(
            "a",
            Path::new("a.txt"),
            text,
            Format::Text,
            &opts,
            &langs,
            Some(&entry),
        );
        assert_eq!(src.published, NaiveDate::from_ymd_opt(2024, 1, 1));
        assert_eq!(src.lang, "tr");
    }
}
