//! The planned inputs, packed: every path in one buffer, where an `Input` each, with its own
//! `PathBuf`, cost ~80 bytes a file (441,000 files of a 1 GB folder of articles) held from
//! planning to the end of the run. An input is handed out as an [`Input`] made when it is
//! asked for.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Entry;

/// One document to read, as [`Inputs`] hands it out: its path made for the asking, its
/// manifest entry (rare) borrowed.
#[derive(Debug, Clone)]
pub enum Input<'a> {
    File {
        path: PathBuf,
        entry: Option<&'a Entry>,
    },
    Stdin,
}

/// Documents to read, in order.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The paths that are UTF-8 (nearly all), back to back. Shared, so that the report's
    /// table of sources can show them without a copy of its own ([`Inputs::text`]).
    text: Arc<String>,
    /// Where each input's path ends in `text`; it starts where the one before ends.
    ends: Ends,
    /// The paths that are empty or not UTF-8, by input; their span of `text` is empty. An
    /// input with an empty span and no path here is stdin.
    odd: BTreeMap<usize, PathBuf>,
    /// Manifest entries, by input.
    entries: BTreeMap<usize, Entry>,
}

/// Offsets into the text: 32 bits each while the text is under 4 GiB, else a word.
#[derive(Debug, Clone)]
enum Ends {
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl Default for Ends {
    fn default() -> Ends {
        Ends::Narrow(Vec::new())
    }
}

impl Ends {
    fn push(&mut self, end: usize) {
        match self {
            Ends::Narrow(ends) => match u32::try_from(end) {
                Ok(end) => ends.push(end),
                Err(_) => {
                    let mut wide: Vec<usize> = ends.iter().map(|&e| e as usize).collect();
                    wide.push(end);
                    *self = Ends::Wide(wide);
                }
            },
            Ends::Wide(ends) => ends.push(end),
        }
    }

    fn get(&self, n: usize) -> Option<usize> {
        match self {
            Ends::Narrow(ends) => ends.get(n).map(|&e| e as usize),
            Ends::Wide(ends) => ends.get(n).copied(),
        }
    }

    fn len(&self) -> usize {
        match self {
            Ends::Narrow(ends) => ends.len(),
            Ends::Wide(ends) => ends.len(),
        }
    }

    fn shrink_to_fit(&mut self) {
        match self {
            Ends::Narrow(ends) => ends.shrink_to_fit(),
            Ends::Wide(ends) => ends.shrink_to_fit(),
        }
    }
}

impl Inputs {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.len() == 0
    }

    /// A file to read, with its manifest entry.
    pub(super) fn push_file(&mut self, path: &Path, entry: Option<Entry>) {
        let n = self.len();
        let text = Arc::make_mut(&mut self.text);
        match path.to_str() {
            Some(p) if !p.is_empty() => text.push_str(p),
            _ => {
                self.odd.insert(n, path.to_path_buf());
            }
        }
        self.ends.push(text.len());
        if let Some(entry) = entry {
            self.entries.insert(n, entry);
        }
    }

    pub fn push(&mut self, input: Input<'_>) {
        match input {
            Input::File { path, entry } => self.push_file(&path, entry.cloned()),
            Input::Stdin => {
                let end = self.text.len();
                self.ends.push(end);
            }
        }
    }

    /// Give back the room kept for inputs to come.
    pub(super) fn shrink_to_fit(&mut self) {
        Arc::make_mut(&mut self.text).shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// The span of the `n`th input's path in [`Inputs::text`].
    fn span(&self, n: usize) -> Option<(usize, usize)> {
        let end = self.ends.get(n)?;
        let start = match n.checked_sub(1) {
            Some(before) => self.ends.get(before)?,
            None => 0,
        };
        Some((start, end))
    }

    /// The `n`th input's path, if it is a file.
    pub fn path(&self, n: usize) -> Option<&Path> {
        self.located(n).flatten()
    }

    /// Whether there is an `n`th input, and then its path (`None` for stdin): one lookup of
    /// its span for both [`Inputs::path`] and [`Inputs::get`].
    fn located(&self, n: usize) -> Option<Option<&Path>> {
        let (start, end) = self.span(n)?;
        Some(match self.odd.get(&n) {
            Some(path) => Some(path),
            None if start < end => self.text.get(start..end).map(Path::new),
            None => None,
        })
    }

    /// Where the `n`th input's path is in [`Inputs::text`], if it is there.
    pub fn text_at(&self, n: usize) -> Option<usize> {
        let (start, end) = self.span(n)?;
        (start < end).then_some(start)
    }

    /// The paths of the inputs that are UTF-8, back to back ([`Inputs::text_at`]).
    pub fn text(&self) -> &Arc<String> {
        &self.text
    }

    /// The `n`th input.
    pub fn get(&self, n: usize) -> Option<Input<'_>> {
        Some(match self.located(n)? {
            Some(path) => Input::File {
                path: path.to_path_buf(),
                entry: self.entries.get(&n),
            },
            None => Input::Stdin,
        })
    }

    /// Every input, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Input<'_>> + '_ {
        // Every `n` below the length has an input; the fallback only keeps the count exact.
        (0..self.len()).map(|n| self.get(n).unwrap_or(Input::Stdin))
    }
}

impl<'a> FromIterator<Input<'a>> for Inputs {
    fn from_iter<I: IntoIterator<Item = Input<'a>>>(inputs: I) -> Inputs {
        let mut out = Inputs::default();
        for input in inputs {
            out.push(input);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Inputs as a plain list, the oracle: files with or without an entry (paths empty, odd
    /// or plain), and stdin.
    fn inputs() -> impl Strategy<Value = Vec<(Option<PathBuf>, Option<Entry>)>> {
        let path = prop_oneof![
            "[a/é.]{0,6}".prop_map(PathBuf::from),
            Just(PathBuf::new()),
            odd_path(),
        ];
        let entry = proptest::option::of("[a-z]{0,3}".prop_map(|outlet| Entry {
            outlet: Some(outlet),
            ..Entry::default()
        }));
        proptest::collection::vec((proptest::option::of(path), entry), 0..12)
    }

    #[cfg(unix)]
    fn odd_path() -> impl Strategy<Value = PathBuf> {
        use std::os::unix::ffi::OsStrExt;
        Just(PathBuf::from(std::ffi::OsStr::from_bytes(b"n\xff.txt")))
    }

    #[cfg(not(unix))]
    fn odd_path() -> impl Strategy<Value = PathBuf> {
        Just(PathBuf::from("n.txt"))
    }

    proptest! {
        /// The packed list gives back the list it was given, input by input.
        #[test]
        fn the_inputs_give_back_what_they_were_given(list in inputs()) {
            let packed: Inputs = list
                .iter()
                .map(|(path, entry)| match path {
                    Some(path) => Input::File { path: path.clone(), entry: entry.as_ref() },
                    None => Input::Stdin,
                })
                .collect();
            prop_assert_eq!(packed.len(), list.len());
            prop_assert_eq!(packed.iter().len(), list.len());
            for (n, (input, (path, entry))) in packed.iter().zip(&list).enumerate() {
                match (input, path) {
                    (Input::File { path: p, entry: e }, Some(path)) => {
                        prop_assert_eq!(&p, path);
                        prop_assert_eq!(e, entry.as_ref());
                        prop_assert_eq!(packed.path(n), Some(path.as_path()));
                        if let Some(at) = packed.text_at(n) {
                            let text = path.to_str().unwrap_or_default();
                            prop_assert_eq!(packed.text().get(at..at + text.len()), Some(text));
                        }
                    }
                    (Input::Stdin, None) => prop_assert_eq!(packed.path(n), None),
                    (input, path) => prop_assert!(false, "{:?} for {:?}", input, path),
                }
            }
            prop_assert!(packed.get(list.len()).is_none());
        }
    }

    #[test]
    fn ends_past_four_gibibytes_are_kept_whole() {
        let mut ends = Ends::default();
        ends.push(7);
        ends.push(u32::MAX as usize);
        assert!(matches!(ends, Ends::Narrow(_)));
        if let Some(past) = (u32::MAX as usize).checked_add(1) {
            ends.push(past);
            assert!(matches!(ends, Ends::Wide(_)));
            ends.push(past + 5);
            assert_eq!(
                (0..5).map(|n| ends.get(n)).collect::<Vec<_>>(),
                [
                    Some(7),
                    Some(u32::MAX as usize),
                    Some(past),
                    Some(past + 5),
                    None
                ]
            );
        }
    }
}
