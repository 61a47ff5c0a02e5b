//! Changed lines: which lines of which files a unified diff adds or changes, so CI flags only
//! what the author touched. It reads `git diff -U0` output (from a file, stdin, or by running
//! git) and answers "does this range of lines touch a change?". It knows nothing of findings.
//!
//! Paths in a diff are relative to the repository's top (`b/drafts/a.md`), while drafts are
//! named relative to wherever the user stands, so a diff path matches a draft when it is a
//! whole-component suffix of the draft's absolute path (`drafts/a.md` matches
//! `/repo/drafts/a.md`, never `/repo/old-drafts/a.md`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// The lines a diff adds, per file (new-side line numbers, 1-based).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub files: BTreeMap<PathBuf, BTreeSet<usize>>,
}

/// A diff that cannot be read or produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct DiffError {
    /// The file the diff came from, `-` for stdin, or `git diff`.
    pub origin: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Changes {
    /// Parse a unified diff. Only the new side matters: `+++ b/path` names the file and every
    /// `+` line inside a hunk is a changed line. Deleted files (`+++ /dev/null`) add nothing.
    pub fn parse(origin: &str, diff: &str) -> Result<Changes, DiffError> {
        let mut files: BTreeMap<PathBuf, BTreeSet<usize>> = BTreeMap::new();
        let mut current: Option<PathBuf> = None;
        let mut seen_header = false;
        // The next new-side line number, and how many new-side lines the hunk still has.
        let mut next = 0usize;
        let mut left = 0usize;
        let err = |n: usize, message: String| DiffError {
            origin: origin.to_string(),
            line: Some(n + 1),
            message,
        };
        for (n, line) in diff.lines().enumerate() {
            if left == 0 {
                if let Some(rest) = line.strip_prefix("+++ ") {
                    current = new_path(rest);
                    seen_header = true;
                    if let Some(p) = &current {
                        files.entry(p.clone()).or_default();
                    }
                } else if let Some(rest) = line.strip_prefix("@@ ") {
                    let (start, count) = hunk_new_side(rest)
                        .ok_or_else(|| err(n, "malformed hunk header".into()))?;
                    if !seen_header {
                        return Err(err(n, "hunk before any `+++` file header".into()));
                    }
                    next = start;
                    left = count;
                }
                continue;
            }
            match line.as_bytes().first() {
                Some(b'+') => {
                    if let Some(p) = &current {
                        files.entry(p.clone()).or_default().insert(next);
                    }
                    next += 1;
                    left -= 1;
                }
                Some(b'-') | Some(b'\\') => {}
                _ => {
                    next += 1;
                    left -= 1;
                }
            }
        }
        Ok(Changes { files })
    }

    /// Run `git diff -U0 BASE` in the current folder and read its changes; paths are made
    /// absolute against the repository's top.
    pub fn from_git(base: &str) -> Result<Changes, DiffError> {
        let fail = |message: String| DiffError {
            origin: "git diff".into(),
            line: None,
            message,
        };
        let top = run_git(&["rev-parse", "--show-toplevel"]).map_err(fail)?;
        let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
        let diff =
            run_git(&["diff", "-U0", "--no-color", "--no-ext-diff", base, "--"]).map_err(fail)?;
        let rel = Changes::parse("git diff", &diff)?;
        Ok(Changes {
            files: rel
                .files
                .into_iter()
                .map(|(p, l)| (top.join(p), l))
                .collect(),
        })
    }

    /// The changed lines of `draft`, when the diff names it; `None` when it does not (the
    /// draft is untouched).
    pub fn lines_of(&self, draft: &Path) -> Option<BTreeSet<usize>> {
        let abs = absolute(draft);
        let mut found: Option<BTreeSet<usize>> = None;
        for (p, lines) in &self.files {
            let hit = if p.is_absolute() {
                absolute(p) == abs
            } else {
                is_suffix(p, &abs)
            };
            if hit {
                found.get_or_insert_with(BTreeSet::new).extend(lines);
            }
        }
        found
    }

    /// Does any of lines `from..=to` of `draft` appear among the changes?
    pub fn touches(&self, draft: &Path, from: usize, to: usize) -> bool {
        self.lines_of(draft)
            .is_some_and(|lines| lines.range(from..=to.max(from)).next().is_some())
    }
}

/// `b/drafts/a.md` → `drafts/a.md`; `/dev/null` → none. Quoted paths (with escapes) are
/// unquoted; a tab ends the path (some diffs append a timestamp).
fn new_path(rest: &str) -> Option<PathBuf> {
    let rest = rest.split('\t').next().unwrap_or(rest).trim_end();
    let rest = match rest.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(q) => unquote(q),
        None => rest.to_string(),
    };
    if rest == "/dev/null" {
        return None;
    }
    let path = rest.strip_prefix("b/").unwrap_or(&rest);
    Some(PathBuf::from(path))
}

/// Undo git's C-style quoting of unusual path bytes (`\303\274` is `ü`).
fn unquote(q: &str) -> String {
    let mut bytes = Vec::with_capacity(q.len());
    let mut it = q.bytes().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match it.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(d @ b'0'..=b'7') => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    match it.peek() {
                        Some(&e @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(e - b'0');
                            it.next();
                        }
                        _ => break,
                    }
                }
                bytes.push((v & 0xff) as u8);
            }
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `-12,3 +14,2 @@ …` → (14, 2); a missing count means 1.
fn hunk_new_side(rest: &str) -> Option<(usize, usize)> {
    let new = rest.split_whitespace().find(|w| w.starts_with('+'))?;
    let new = new.strip_prefix('+')?;
    let (start, count) = match new.split_once(',') {
        Some((s, c)) => (s.parse().ok()?, c.parse().ok()?),
        None => (new.parse().ok()?, 1),
    };
    Some((start, count))
}

fn run_git(args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().next().unwrap_or("").trim();
        return Err(format!("git {} failed: {first}", args.join(" ")));
    }
    String::from_utf8(out.stdout).map_err(|_| "git printed something that is not UTF-8".into())
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    })
}

/// Is `short` a whole-component suffix of `long`?
fn is_suffix(short: &Path, long: &Path) -> bool {
    let s: Vec<Component> = short
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    let l: Vec<Component> = long.components().collect();
    !s.is_empty() && s.len() <= l.len() && l[l.len() - s.len()..] == s[..]
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIFF: &str = "\
diff --git a/drafts/a.md b/drafts/a.md
index 1111111..2222222 100644
--- a/drafts/a.md
+++ b/drafts/a.md
@@ -3,0 +4,2 @@ Intro
+Trade reached $5 billion in 2024.
+Some 4,000 Turkish companies operate there.
@@ -10 +12 @@
-Old line
+New line
diff --git a/gone.md b/gone.md
--- a/gone.md
+++ /dev/null
@@ -1 +0,0 @@
-bye
";

    #[test]
    fn added_lines_are_counted_on_the_new_side() {
        let c = Changes::parse("-", DIFF).unwrap();
        let lines: Vec<usize> = c.files[Path::new("drafts/a.md")].iter().copied().collect();
        assert_eq!(lines, vec![4, 5, 12]);
        assert_eq!(c.files.len(), 1, "a deleted file adds no lines");
    }

    #[test]
    fn context_lines_in_a_wider_diff_are_not_changes() {
        let diff = "+++ b/x.md\n@@ -1,3 +1,4 @@\n keep\n+added\n keep\n keep\n";
        let c = Changes::parse("-", diff).unwrap();
        let lines: Vec<usize> = c.files[Path::new("x.md")].iter().copied().collect();
        assert_eq!(lines, vec![2]);
    }

    #[test]
    fn a_diff_path_matches_by_whole_components() {
        assert!(is_suffix(
            Path::new("drafts/a.md"),
            Path::new("/repo/drafts/a.md")
        ));
        assert!(!is_suffix(
            Path::new("drafts/a.md"),
            Path::new("/repo/old-drafts/a.md")
        ));
        assert!(!is_suffix(
            Path::new("rafts/a.md"),
            Path::new("/repo/drafts/a.md")
        ));
    }

    #[test]
    fn a_malformed_hunk_header_names_its_line() {
        let e = Changes::parse("d.patch", "+++ b/x.md\n@@ nonsense @@\n").unwrap_err();
        assert_eq!(e.to_string(), "d.patch:2: malformed hunk header");
    }

    #[test]
    fn quoted_paths_are_unquoted() {
        let p = new_path("\"b/t\\303\\274rk.md\"").unwrap();
        assert_eq!(p, PathBuf::from("türk.md"));
    }
}
