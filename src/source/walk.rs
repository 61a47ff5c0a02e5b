//! Walking a folder for its files, as `walkdir` walked it (following links, each folder's
//! entries in byte order of their names, hidden ones skipped) without holding a folder's whole
//! listing as entries with a path each: a folder is read into one buffer of names, sorted, and
//! each name joined to its folder only when it is reached. On a folder of 441,000 articles,
//! `walkdir`'s sorted listing cost ~110 bytes a file and left the heap full of holes.

use std::cmp::Ordering;
use std::ffi::OsString;
use std::fs::{self, FileType};
use std::io;
use std::path::{Path, PathBuf};

use super::{io_message, LoadError};

/// What a walk reaches, in order.
pub(super) enum Walked<'a> {
    /// A file; `link`: reached through a symbolic link (its own name is the link's).
    File {
        path: &'a Path,
        name: &'a [u8],
        link: bool,
    },
    Error(LoadError),
}

/// Walk the folder `root` (known to be one), depth first: each folder's entries in byte order
/// of their names, a subfolder's files where its name falls among them. Symbolic links are
/// followed, but not back into a folder being walked ("symlink loop back to …"). Hidden
/// entries (a name starting with `.`) are skipped, though, as `walkdir` did before its filter
/// saw them, a hidden link is still followed and a hidden folder still opened, and their
/// errors reported. Errors name the path, or `root` when there is none.
pub(super) fn walk(root: &Path, found: &mut impl FnMut(Walked<'_>)) {
    let mut walk = Walk {
        root,
        ancestors: vec![root.to_path_buf()],
        found,
    };
    walk.folder(root);
}

struct Walk<'r, F> {
    root: &'r Path,
    /// The folders being walked, outermost first: a link back to one of them is a loop.
    ancestors: Vec<PathBuf>,
    found: &'r mut F,
}

/// One folder's entries. Names that are UTF-8 (nearly all) are kept back to back in one
/// buffer; the rest aside.
#[derive(Default)]
struct Listing {
    names: String,
    odd: Vec<OsString>,
    entries: Vec<Named>,
}

/// An entry of a listing: its name at `names[at..][..len]`, or `odd[at]` when `len` is
/// [`ODD`]; its type as read from the folder (a link's, not its target's).
#[derive(Clone, Copy)]
struct Named {
    at: usize,
    len: u32,
    ty: FileType,
}

const ODD: u32 = u32::MAX;

impl Listing {
    fn push(&mut self, name: OsString, ty: FileType) {
        let named = match name.to_str() {
            Some(text) if text.len() < ODD as usize => {
                let at = self.names.len();
                self.names.push_str(text);
                Named {
                    at,
                    len: text.len() as u32,
                    ty,
                }
            }
            _ => {
                self.odd.push(name);
                Named {
                    at: self.odd.len() - 1,
                    len: ODD,
                    ty,
                }
            }
        };
        self.entries.push(named);
    }

    fn name(&self, n: &Named) -> &std::ffi::OsStr {
        match n.len {
            ODD => self
                .odd
                .get(n.at)
                .map_or_else(Default::default, |s| s.as_os_str()),
            len => std::ffi::OsStr::new(self.names.get(n.at..n.at + len as usize).unwrap_or("")),
        }
    }

    fn cmp(&self, a: &Named, b: &Named) -> Ordering {
        self.name(a)
            .as_encoded_bytes()
            .cmp(self.name(b).as_encoded_bytes())
    }
}

impl<F: FnMut(Walked<'_>)> Walk<'_, F> {
    fn error(&mut self, at: Option<&Path>, message: String) {
        let e = LoadError::new(at.unwrap_or(self.root), message);
        (self.found)(Walked::Error(e));
    }

    /// Read `dir`'s entries; errors reading them come first, as `walkdir` sorted them.
    fn list(&mut self, dir: &Path) -> Option<Listing> {
        let read = match fs::read_dir(dir) {
            Ok(read) => read,
            Err(e) => {
                self.error(Some(dir), io_message(&e));
                return None;
            }
        };
        let mut listing = Listing::default();
        for entry in read {
            let typed = entry.map_err(|e| (None, e)).and_then(|entry| {
                entry
                    .file_type()
                    .map(|ty| (entry.file_name(), ty))
                    .map_err(|e| (Some(entry.path()), e))
            });
            match typed {
                Ok((name, ty)) => listing.push(name, ty),
                Err((at, e)) => self.error(at.as_deref(), io_message(&e)),
            }
        }
        // Names in one folder are distinct: an unstable sort orders them all the same.
        let mut entries = std::mem::take(&mut listing.entries);
        entries.sort_unstable_by(|a, b| listing.cmp(a, b));
        listing.entries = entries;
        Some(listing)
    }

    fn folder(&mut self, dir: &Path) {
        let Some(listing) = self.list(dir) else {
            return;
        };
        for named in &listing.entries {
            let name = listing.name(named);
            let path = dir.join(name);
            let link = named.ty.is_symlink();
            let ty = if link {
                match fs::metadata(&path) {
                    Ok(meta) => meta.file_type(),
                    Err(e) => {
                        self.error(Some(&path), io_message(&e));
                        continue;
                    }
                }
            } else {
                named.ty
            };
            if link && ty.is_dir() && !self.not_a_loop(&path) {
                continue;
            }
            let hidden = name.as_encoded_bytes().first() == Some(&b'.');
            if ty.is_dir() {
                if hidden {
                    // Opened, then left: only an error to open it shows.
                    if let Err(e) = fs::read_dir(&path) {
                        self.error(Some(&path), io_message(&e));
                    }
                    continue;
                }
                self.ancestors.push(path.clone());
                self.folder(&path);
                self.ancestors.pop();
            } else if !hidden && ty.is_file() {
                (self.found)(Walked::File {
                    path: &path,
                    name: name.as_encoded_bytes(),
                    link,
                });
            }
        }
    }

    /// Whether the folder a link leads to is none of the folders being walked; reports the
    /// loop, or an error telling.
    fn not_a_loop(&mut self, path: &Path) -> bool {
        let found = identity(path).and_then(|child| {
            for ancestor in self.ancestors.iter().rev() {
                if identity(ancestor)? == child {
                    return Ok(Some(ancestor.clone()));
                }
            }
            Ok(None)
        });
        match found {
            Ok(None) => true,
            Ok(Some(ancestor)) => {
                let message = format!("symlink loop back to {}, skipped", ancestor.display());
                self.error(Some(path), message);
                false
            }
            Err(e) => {
                self.error(None, io_message(&e));
                false
            }
        }
    }
}

/// What makes two paths one folder: its device and number, read from an open handle as
/// `walkdir` (`same_file`) reads them, so a folder that cannot be opened fails alike.
#[cfg(unix)]
fn identity(path: &Path) -> io::Result<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::File::open(path)?.metadata()?;
    Ok((meta.dev(), meta.ino()))
}

/// Elsewhere, the one spelling of its path.
#[cfg(not(unix))]
fn identity(path: &Path) -> io::Result<PathBuf> {
    fs::canonicalize(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a walk reached, owned: a file and whether through a link, or an error's line.
    #[derive(Debug, PartialEq)]
    enum Reached {
        File(PathBuf, bool),
        Error(String),
    }

    fn walked(root: &Path) -> Vec<Reached> {
        let mut out = Vec::new();
        walk(root, &mut |found| {
            out.push(match found {
                Walked::File { path, name, link } => {
                    assert_eq!(Some(name), path.file_name().map(|n| n.as_encoded_bytes()));
                    Reached::File(path.to_path_buf(), link)
                }
                Walked::Error(e) => Reached::Error(e.to_string()),
            })
        });
        out
    }

    /// The walk as it was, with `walkdir`: the oracle.
    fn walked_by_walkdir(root: &Path) -> Vec<Reached> {
        let name = |e: &walkdir::DirEntry| e.file_name().as_encoded_bytes().to_vec();
        walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by(move |a, b| name(a).cmp(&name(b)))
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || name(e).first() != Some(&b'.'))
            .filter_map(|entry| match entry {
                Ok(e) if e.file_type().is_file() => {
                    Some(Reached::File(e.path().to_path_buf(), e.path_is_symlink()))
                }
                Ok(_) => None,
                Err(e) => {
                    let at = e.path().unwrap_or(root).to_path_buf();
                    let message = match (e.loop_ancestor(), e.io_error()) {
                        (Some(ancestor), _) => {
                            format!("symlink loop back to {}, skipped", ancestor.display())
                        }
                        (None, Some(io)) => io_message(io),
                        (None, None) => e.to_string(),
                    };
                    Some(Reached::Error(LoadError::new(&at, message).to_string()))
                }
            })
            .collect()
    }

    /// Names that sort apart as bytes and as text, hidden ones, and ones that are not UTF-8.
    fn name() -> impl Strategy<Value = OsString> {
        let names: Vec<&[u8]> = vec![
            b"a",
            b"b",
            b"A",
            b"a.txt",
            b"B.md",
            b"a b.txt",
            b".h",
            b".h.txt",
            "\u{e4}.txt".as_bytes(),
            b"ab",
            b"a-",
            b"z.pdf",
            b"sources.toml",
            #[cfg(unix)]
            b"n\xff.txt",
            #[cfg(unix)]
            b"n\xfe",
        ];
        proptest::sample::select(names).prop_map(|n| {
            #[cfg(unix)]
            {
                use std::os::unix::ffi::OsStrExt;
                std::ffi::OsStr::from_bytes(n).to_os_string()
            }
            #[cfg(not(unix))]
            {
                OsString::from(String::from_utf8_lossy(n).into_owned())
            }
        })
    }

    /// A tree: entries at paths of one to three names, each a file, a folder, or (on Unix) a
    /// link to another entry, to a folder above it, or to nothing.
    fn tree() -> impl Strategy<Value = Vec<(Vec<OsString>, u8, usize)>> {
        let entry = (proptest::collection::vec(name(), 1..4), 0u8..5, 0usize..16);
        proptest::collection::vec(entry, 0..16)
    }

    fn build(root: &Path, tree: &[(Vec<OsString>, u8, usize)]) {
        let paths: Vec<PathBuf> = tree
            .iter()
            .map(|(names, _, _)| names.iter().fold(root.to_path_buf(), |p, n| p.join(n)))
            .collect();
        for (path, (names, kind, target)) in paths.iter().zip(tree) {
            let Some(parent) = path.parent() else {
                continue;
            };
            if fs::create_dir_all(parent).is_err() || fs::symlink_metadata(path).is_ok() {
                continue;
            }
            match kind {
                0 | 1 => {
                    let _ = fs::write(path, "text 5");
                }
                2 => {
                    let _ = fs::create_dir(path);
                }
                #[cfg(unix)]
                3 => {
                    // To another entry, or to nothing if it is not made.
                    let to = &paths[target % paths.len()];
                    let _ = std::os::unix::fs::symlink(to, path);
                }
                #[cfg(unix)]
                _ => {
                    // To a folder above: the root, or one of this entry's own.
                    let up = target % names.len();
                    let to = names[..up]
                        .iter()
                        .fold(root.to_path_buf(), |p, n| p.join(n));
                    let _ = std::os::unix::fs::symlink(to, path);
                }
                #[cfg(not(unix))]
                _ => {
                    let _ = (names, target);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The walk reaches what `walkdir` reached, in the same order, links and errors alike.
        #[test]
        fn the_walk_reaches_what_walkdir_reached(tree in tree()) {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let root = dir.path().join("root");
            fs::create_dir(&root).expect("the root");
            build(&root, &tree);
            prop_assert_eq!(walked(&root), walked_by_walkdir(&root));
        }
    }
}
