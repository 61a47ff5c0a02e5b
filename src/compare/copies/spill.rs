//! The prints of a corpus while a report gathers them, their bulk out of memory. A print is
//! working data of copy detection, not output, and on a corpus of many small files it is
//! most of what a run keeps per source (~550 bytes of a news article's ~1.1 KB). So once the
//! prints held weigh more than [`BUDGET`], they and every print after them are packed
//! ([`Contents::encode`]) and written to an anonymous temporary file, and only what candidate
//! generation reads stays in memory: the id, the fingerprints, a hash of the contents (for
//! the classes of equal prints) and where they lie in the file, ~100 bytes. Detection reads a
//! print back when a class is formed or a candidate pair that its fingerprints do not rule out
//! is scored. If no temporary file can be made, or writing to it fails, the rest stays in
//! memory, packed the same way: the output does not depend on where the prints were kept.
//! If a print cannot be read back, detection goes on without the links that need it and
//! says why ([`Spill::detect`]): the report lists the other copies, and the command ends with
//! an `error:` line and status 2, as for an input it could not load.

use std::cell::RefCell;
use std::fs::File;
use std::hash::Hasher;
use std::io::{self, Read, Seek, SeekFrom, Write};

use chrono::{Datelike, NaiveDate};

use super::{Contents, CopyGroup, Fx, Loaded, Shelf, SourceInfo, SourcePrint};
use crate::extract::{Period, PeriodKind};
use crate::normalize::Claim;

/// Packed prints gathered in memory before they are written out in one go.
const FLUSH_AT: usize = 256 << 10;

/// Bytes of prints held as they are ([`SourcePrint::heap_bytes`]) before a spill starts: a
/// corpus of up to ~4,000 news articles keeps them, and detection reads them without
/// unpacking (reading them back cost 8% more instructions in a whole report over 2,225 BBC
/// articles); a larger one spills them all, so that what it holds per source is the ~100
/// bytes above, not ~550. A larger budget only adds to the peak (8 MB: +8 MB at 100 MB).
const BUDGET: usize = 2 << 20;

/// The prints of a corpus, in the order they arrived (module docs).
#[derive(Debug)]
pub(in crate::compare) struct Spill {
    /// Prints held as they came while they weigh at most `budget` bytes (`held_bytes`);
    /// past that they are all packed, and so are all that come after.
    held: Vec<SourcePrint>,
    held_bytes: usize,
    budget: usize,
    spilling: bool,
    /// Prints announced by [`Spill::reserve`], for the table's room once spilling starts.
    expected: usize,
    /// The temporary file, made at the first flush. Reading needs the file's cursor, and
    /// detection reads from one thread: a `RefCell`, not a lock.
    file: Option<RefCell<File>>,
    /// Whether pending prints still go to the file: not once it could not be made or a
    /// write to it failed.
    writing: bool,
    /// Bytes of packed prints in the file; the rest are in `pending`.
    written: u64,
    pending: Vec<u8>,
    /// Pending bytes that make a flush.
    flush_at: usize,
    /// The ids, back to back.
    ids: String,
    /// The fingerprints of every print, back to back.
    fps: Vec<u64>,
    entries: Vec<Entry>,
    /// Tests only: every read from the file fails, as on a broken disk.
    #[cfg(test)]
    unreadable: bool,
}

/// Tests only: how the spills made on this thread ([`Spill::default`]) differ from a run's,
/// so that a whole report can be made through the spill on a small corpus, or with a file
/// that cannot be read back. Set on the thread that gathers (the one that calls
/// `Engine::report_with`), not by anything a user runs.
#[cfg(test)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct Knobs {
    pub budget: usize,
    pub flush_at: usize,
    pub unreadable: bool,
}

#[cfg(test)]
thread_local! {
    pub(crate) static KNOBS: std::cell::Cell<Option<Knobs>> = const { std::cell::Cell::new(None) };
}

/// One print: its id at `ids[id_at..][..id_len]`, fingerprints at `fps[fps_at..][..figures]`
/// and packed contents `len` bytes from `at`.
#[derive(Debug, Clone, Copy)]
struct Entry {
    id_at: usize,
    id_len: usize,
    fps_at: usize,
    figures: u8,
    at: u64,
    len: u32,
    hash: u64,
}

impl Default for Spill {
    fn default() -> Self {
        #[cfg(test)]
        if let Some(k) = KNOBS.get() {
            return Spill {
                budget: k.budget,
                unreadable: k.unreadable,
                ..Spill::flushing_at(k.flush_at)
            };
        }
        Spill {
            budget: BUDGET,
            ..Spill::flushing_at(FLUSH_AT)
        }
    }
}

impl Spill {
    /// A spill that packs every print and writes them out whenever `flush_at` bytes of them
    /// are pending.
    fn flushing_at(flush_at: usize) -> Self {
        Spill {
            held: Vec::new(),
            held_bytes: 0,
            budget: 0,
            spilling: false,
            expected: 0,
            file: None,
            writing: true,
            written: 0,
            pending: Vec::new(),
            flush_at,
            ids: String::new(),
            fps: Vec::new(),
            entries: Vec::new(),
            #[cfg(test)]
            unreadable: false,
        }
    }

    /// A spill that keeps every print in memory (packed), as when no file can be made.
    #[cfg(test)]
    fn in_memory() -> Self {
        Spill {
            writing: false,
            ..Spill::flushing_at(FLUSH_AT)
        }
    }

    /// Room for `n` prints more: the table grows once rather than by doubling.
    pub(in crate::compare) fn reserve(&mut self, n: usize) {
        self.expected += n;
        if self.spilling {
            self.entries.reserve_exact(n);
        }
    }

    pub(in crate::compare) fn push(&mut self, print: SourcePrint) {
        if self.spilling {
            return self.pack(print);
        }
        self.held_bytes += print.heap_bytes();
        self.held.push(print);
        if self.held_bytes > self.budget {
            self.spilling = true;
            let held = std::mem::take(&mut self.held);
            let prints = self.expected.max(held.len());
            self.entries
                .reserve_exact(prints.saturating_sub(self.entries.len()));
            // The ids and fingerprints of every print, at the rate of those held and an eighth
            // more: grown by doubling instead, each list would leave its smaller copies behind
            // as holes in the heap (3 MB of peak RSS at 130,000 articles). Room not written
            // to is not resident.
            let rate = |bytes: usize| {
                let all = bytes.saturating_mul(prints) / held.len().max(1);
                all.saturating_add(all / 8)
            };
            let ids: usize = held.iter().map(|p| p.source.len()).sum();
            let fps: usize = held.iter().map(|p| p.contents.fps().len()).sum();
            self.ids.reserve_exact(rate(ids));
            self.fps.reserve_exact(rate(fps));
            for p in held {
                self.pack(p);
            }
        }
    }

    /// The prints held, if the spill never started (taken out of it).
    pub(in crate::compare) fn take_held(&mut self) -> Option<Vec<SourcePrint>> {
        (!self.spilling).then(|| std::mem::take(&mut self.held))
    }

    fn pack(&mut self, print: SourcePrint) {
        let SourcePrint { source, contents } = print;
        let start = self.pending.len();
        contents.encode(&mut self.pending);
        let packed = self.pending.get(start..).unwrap_or_default();
        let mut h = Fx::default();
        h.write(packed);
        self.entries.push(Entry {
            id_at: self.ids.len(),
            id_len: source.len(),
            fps_at: self.fps.len(),
            figures: contents.figures,
            at: self.written + start as u64,
            len: packed.len() as u32,
            hash: h.finish(),
        });
        self.fps.extend_from_slice(contents.fps());
        self.ids.push_str(&source);
        if self.pending.len() >= self.flush_at {
            self.flush();
        }
    }

    /// Writes the pending prints to the file (made the first time); if that fails, they
    /// stay in memory, and so do all that come after.
    fn flush(&mut self) {
        if !self.writing {
            return;
        }
        if self.file.is_none() {
            match tempfile::tempfile() {
                Ok(f) => self.file = Some(RefCell::new(f)),
                Err(_) => {
                    self.writing = false;
                    return;
                }
            }
        }
        let Some(file) = &self.file else {
            return;
        };
        // At `written`, not at the cursor: reading moves it. A failed write may have written
        // part: the file is read only up to `written`.
        let mut file = file.borrow_mut();
        match file
            .seek(SeekFrom::Start(self.written))
            .and_then(|_| file.write_all(&self.pending))
        {
            Ok(()) => {
                self.written += self.pending.len() as u64;
                self.pending.clear();
            }
            Err(_) => self.writing = false,
        }
    }

    fn id(&self, e: &Entry) -> &str {
        self.ids
            .get(e.id_at..e.id_at + e.id_len)
            .unwrap_or_default()
    }

    fn fps(&self, e: &Entry) -> &[u64] {
        self.fps
            .get(e.fps_at..e.fps_at + usize::from(e.figures))
            .unwrap_or_default()
    }

    /// The packed contents of `e`, in `out`. Only reading the file can fail, and a file this
    /// process made and holds open does so only on a broken disk.
    fn read(&self, e: &Entry, out: &mut Vec<u8>) -> io::Result<()> {
        out.clear();
        let len = e.len as usize;
        if let Some(from) = e.at.checked_sub(self.written) {
            let from = usize::try_from(from).unwrap_or(usize::MAX);
            out.extend_from_slice(self.pending.get(from..from + len).unwrap_or_default());
            return Ok(());
        }
        #[cfg(test)]
        if self.unreadable {
            return Err(io::Error::other("unreadable for the test"));
        }
        out.resize(len, 0);
        // Bytes before `written` are in the file, which is kept once made (a failed write
        // only stops more going there).
        let Some(file) = &self.file else {
            return Err(io::ErrorKind::NotFound.into());
        };
        let mut file = file.borrow_mut();
        file.seek(SeekFrom::Start(e.at))
            .and_then(|_| file.read_exact(out))
    }

    /// The copy groups among `sources` once the spill has started: [`super::detect`] of the
    /// prints [`super::prints`] would give, with a print made from `claims` for a source that
    /// sent none. If prints cannot be read back, the groups lack the links that need them
    /// (a print that cannot be compared is a class of its own, and one that cannot be scored
    /// is linked to none), and the first error that stopped a read comes with them.
    pub(in crate::compare) fn detect(
        mut self,
        sources: &[SourceInfo],
        claims: &[Claim],
    ) -> (Vec<CopyGroup>, Option<io::Error>) {
        // By id, each id's last print kept (as `prints` keeps it).
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by(|&a, &b| {
            let (ea, eb) = (&self.entries[a], &self.entries[b]);
            self.id(ea).cmp(self.id(eb)).then(b.cmp(&a))
        });
        order.dedup_by(|later, first| {
            self.id(&self.entries[*later]) == self.id(&self.entries[*first])
        });
        let has = |s: &Spill, order: &[usize], id: &str| {
            order
                .binary_search_by(|&i| s.id(&s.entries[i]).cmp(id))
                .is_ok()
        };
        let missing = super::unprinted(claims.iter().map(|c| c.source()), |id| {
            has(&self, &order, id)
        });
        if !missing.is_empty() {
            for id in missing {
                order.push(self.entries.len());
                self.pack(SourcePrint::of(id, claims, &[]));
            }
            order.sort_by(|&a, &b| self.id(&self.entries[a]).cmp(self.id(&self.entries[b])));
        }
        order.retain(|&i| self.entries[i].figures > 0);
        order.shrink_to_fit();
        let shelf = Shelved {
            spill: &self,
            order,
            unread: RefCell::new(None),
        };
        let groups = super::detect_on(sources, &shelf);
        (groups, shelf.unread.into_inner())
    }
}

/// A spill's prints as detection reads them: `order` its entries by id, one per id, none
/// without figures.
struct Shelved<'a> {
    spill: &'a Spill,
    order: Vec<usize>,
    /// The first error that stopped a print being read back.
    unread: RefCell<Option<io::Error>>,
}

impl Shelved<'_> {
    fn entry(&self, i: usize) -> &Entry {
        &self.spill.entries[self.order[i]]
    }

    /// Print `i`'s packed contents in `out`; `false` if they cannot be read (the error kept).
    fn read(&self, i: usize, out: &mut Vec<u8>) -> bool {
        let read = self.spill.read(self.entry(i), out);
        if let Err(err) = read {
            self.unread.borrow_mut().get_or_insert(err);
            return false;
        }
        true
    }
}

impl Shelf for Shelved<'_> {
    fn len(&self) -> usize {
        self.order.len()
    }
    fn id(&self, i: usize) -> &str {
        self.spill.id(self.entry(i))
    }
    fn fps(&self, i: usize) -> &[u64] {
        self.spill.fps(self.entry(i))
    }
    fn hash(&self, i: usize) -> u64 {
        self.entry(i).hash
    }
    fn same(&self, i: usize, j: usize) -> bool {
        let (a, b) = (self.entry(i), self.entry(j));
        // Packing is one-to-one: equal contents, equal bytes.
        if (a.hash, a.len) != (b.hash, b.len) || self.fps(i) != self.fps(j) {
            return false;
        }
        // Prints that cannot be read are told apart: each is then a class of its own.
        let (mut x, mut y) = (Vec::new(), Vec::new());
        self.read(i, &mut x) && self.read(j, &mut y) && x == y
    }
    fn contents<'a>(&'a self, i: usize, buf: &'a mut Loaded) -> Option<&'a Contents> {
        if buf.print != Some(i) {
            buf.print = None;
            if !self.read(i, &mut buf.bytes) {
                return None;
            }
            // Bytes this spill packed itself decode; if they did not, no figures are read.
            if !buf.contents.decode_from(&buf.bytes) {
                buf.contents = Contents::default();
            }
            buf.print = Some(i);
        }
        Some(&buf.contents)
    }
}

/// A period as 9 bytes: its kind's number, then its first and last day (days from the
/// common era).
fn put_period(p: &Period, out: &mut Vec<u8>) {
    let kind = match p.kind {
        PeriodKind::Year => 0u8,
        PeriodKind::Years => 1,
        PeriodKind::Months => 2,
        PeriodKind::Academic => 3,
        PeriodKind::AsOf => 4,
    };
    out.push(kind);
    out.extend_from_slice(&p.start.num_days_from_ce().to_le_bytes());
    out.extend_from_slice(&p.end.num_days_from_ce().to_le_bytes());
}

fn take_period(bytes: &[u8]) -> Option<Period> {
    let (&kind, rest) = bytes.split_first()?;
    let kind = match kind {
        0 => PeriodKind::Year,
        1 => PeriodKind::Years,
        2 => PeriodKind::Months,
        3 => PeriodKind::Academic,
        4 => PeriodKind::AsOf,
        _ => return None,
    };
    let day = |at: usize| {
        let b = rest.get(at..at + 4)?.first_chunk::<4>()?;
        NaiveDate::from_num_days_from_ce_opt(i32::from_le_bytes(*b))
    };
    Some(Period {
        kind,
        start: day(0)?,
        end: day(4)?,
    })
}

const PERIOD_BYTES: usize = 9;

impl Contents {
    /// Appends the contents to `out`, one-to-one: two byte runs are equal exactly when the
    /// contents are. Two counts, four lengths, then `wide`, `words`, `periods` and `narrow`.
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[self.figures, self.sentences]);
        for len in [
            self.wide.len(),
            self.words.len(),
            self.periods.len(),
            self.narrow.len(),
        ] {
            out.extend_from_slice(&(len as u32).to_le_bytes());
        }
        for w in self.wide.iter() {
            out.extend_from_slice(&w.to_le_bytes());
        }
        for w in self.words.iter() {
            out.extend_from_slice(&w.to_le_bytes());
        }
        for p in self.periods.iter() {
            put_period(p, out);
        }
        out.extend_from_slice(&self.narrow);
    }

    /// Becomes the contents [`Contents::encode`] wrote to `bytes`, in the room it has; `false`
    /// (and part read) if they are not such.
    fn decode_from(&mut self, bytes: &[u8]) -> bool {
        self.decode_parts(bytes).is_some()
    }

    fn decode_parts(&mut self, bytes: &[u8]) -> Option<()> {
        let (&[figures, sentences], rest) = bytes.split_first_chunk::<2>()?;
        let mut lens = [0usize; 4];
        let mut rest = rest;
        for len in &mut lens {
            let (b, after) = rest.split_first_chunk::<4>()?;
            *len = u32::from_le_bytes(*b) as usize;
            rest = after;
        }
        let [wide, words, periods, narrow] = lens;
        let (w, rest) = rest.split_at_checked(wide.checked_mul(8)?)?;
        let (x, rest) = rest.split_at_checked(words.checked_mul(4)?)?;
        let (p, rest) = rest.split_at_checked(periods.checked_mul(PERIOD_BYTES)?)?;
        if rest.len() != narrow {
            return None;
        }
        // `chunks_exact` gives whole chunks: the fallbacks are never taken.
        self.wide.clear();
        self.wide.extend(
            w.chunks_exact(8)
                .map(|c| c.first_chunk::<8>().map_or(0, |b| u64::from_le_bytes(*b))),
        );
        self.words.clear();
        self.words.extend(
            x.chunks_exact(4)
                .map(|c| c.first_chunk::<4>().map_or(0, |b| u32::from_le_bytes(*b))),
        );
        self.periods.clear();
        for chunk in p.chunks_exact(PERIOD_BYTES) {
            self.periods.push(take_period(chunk)?);
        }
        self.narrow.clear();
        self.narrow.extend_from_slice(rest);
        self.figures = figures;
        self.sentences = sentences;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{corpus, print};
    use super::*;
    use proptest::prelude::*;

    fn spilled(spill: Spill, prints: &[SourcePrint]) -> Spill {
        let mut spill = spill;
        for p in prints {
            spill.push(p.clone());
        }
        spill
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn prints_spilled_to_a_file_or_kept_packed_give_the_groups_held_prints_give(
            (sources, prints) in corpus(),
        ) {
            let held = super::super::detect(&sources, &prints);
            // Written out after every print, after some, or never (no file); packed from the
            // first print, or once the first few weigh more than a budget.
            let held_first = Spill { budget: 1200, ..Spill::flushing_at(0) };
            for spill in [
                Spill::flushing_at(0),
                Spill::flushing_at(300),
                Spill::in_memory(),
                held_first,
            ] {
                let mut spill = spilled(spill, &prints);
                if spill.take_held().is_none() {
                    let (groups, unread) = spill.detect(&sources, &[]);
                    prop_assert_eq!(groups, held.clone());
                    prop_assert!(unread.is_none());
                }
            }
        }

        #[test]
        fn contents_read_back_are_the_contents_written((_, prints) in corpus()) {
            for p in &prints {
                let mut bytes = Vec::new();
                p.contents.encode(&mut bytes);
                // Into room that held other contents, as detection reads them.
                let mut read = prints[0].contents.clone();
                prop_assert!(read.decode_from(&bytes));
                prop_assert_eq!(&read, &p.contents);
                prop_assert!(!read.decode_from(&bytes[..bytes.len() - 1]));
            }
        }
    }

    #[test]
    fn the_last_print_of_an_id_counts_and_one_without_figures_hides_the_earlier() {
        let sources = [];
        let full = vec![(3, None, None, 0), (4, None, None, 0), (5, None, None, 1)];
        let a = print("a", &full);
        let b = print("b", &full);
        let empty = print("b", &vec![]);
        // As `prints` keeps them: of two prints of "b" the later one, here without figures.
        let held = super::super::prints(&mut crate::normalize::Normalized {
            prints: vec![a.clone(), b.clone(), empty.clone()],
            ..Default::default()
        });
        let expected = super::super::detect(&sources, &held);
        let spill = spilled(Spill::flushing_at(0), &[a.clone(), b.clone(), empty]);
        assert_eq!(spill.detect(&sources, &[]).0, expected);
        assert!(expected.is_empty());
        let spill = spilled(Spill::flushing_at(0), &[a, b]);
        assert_eq!(spill.detect(&sources, &[]).0.len(), 1);
    }

    #[test]
    fn prints_that_cannot_be_read_back_lose_their_links_and_say_why() {
        let full = vec![(3, None, None, 0), (4, None, None, 0), (5, None, None, 1)];
        let prints = [print("a", &full), print("b", &full), print("c", &full)];
        let detect = |spill: Spill| {
            let (groups, unread) = spill.detect(&[], &[]);
            (groups, unread.map(|e| e.to_string()))
        };
        let (written, unread) = detect(spilled(Spill::flushing_at(0), &prints));
        assert_eq!((written.len(), unread), (1, None));
        // In the file, none can be read back: no group, and the error.
        let broken = Spill {
            unreadable: true,
            ..Spill::flushing_at(0)
        };
        let unread = Some("unreadable for the test".to_string());
        assert_eq!(detect(spilled(broken, &prints)), (vec![], unread));
        // Still pending in memory, they are read: only the file fails.
        let pending = Spill {
            unreadable: true,
            ..Spill::flushing_at(FLUSH_AT)
        };
        assert_eq!(detect(spilled(pending, &prints)), (written, None));
    }

    #[test]
    fn prints_packed_after_a_read_go_to_the_end_of_the_file() {
        let full = vec![(3, None, None, 0), (4, None, None, 0), (5, None, None, 1)];
        let mut spill = spilled(Spill::flushing_at(0), &[print("a", &full)]);
        let first = spill.entries[0];
        let mut out = Vec::new();
        spill.read(&first, &mut out).unwrap();
        // The read left the cursor after the first print's start; the next print must not
        // overwrite it.
        spill
            .file
            .as_ref()
            .unwrap()
            .borrow_mut()
            .seek(SeekFrom::Start(0))
            .unwrap();
        spill.push(print("b", &vec![(7, None, None, 0)]));
        let mut again = Vec::new();
        spill.read(&first, &mut again).unwrap();
        assert_eq!(again, out);
    }
}
