//! The prints of a corpus while a report gathers them, their bulk out of memory. A print is
//! working data of copy detection, not output, and on a corpus of many small files it is
//! most of what a run keeps per source (~550 bytes of a news article's ~1.1 KB). So once the
//! prints held weigh more than [`BUDGET`], they and every print after them are packed
//! ([`Contents::encode`]) and written to an anonymous temporary file, and only what candidate
//! generation reads stays in memory: the figures' keys (a 32-bit hash of each fingerprint,
//! [`figure_keys`]), and a 16-byte entry with the number of the source's row in the sources
//! table (whose id the print's is), a hash of the contents (for the classes of equal prints)
//! and where they lie in the file. Detection reads a print back when a class is formed or a
//! candidate pair that its keys do not rule out is scored. If no temporary file can be made,
//! or writing to it fails, the rest stays in memory, packed the same way: the output does not
//! depend on where the prints were kept.
//! If a print cannot be read back, detection goes on without the links that need it and
//! says why ([`Spill::detect`]): the report lists the other copies, and the command ends with
//! an `error:` line and status 2, as for an input it could not load.

use std::cell::RefCell;
use std::fs::File;
use std::hash::Hasher;
use std::io::{self, Seek, SeekFrom, Write};

use chrono::{Datelike, NaiveDate};

use super::super::SourceTable;
use super::{figure_keys, Contents, CopyGroup, Fx, Loaded, Shelf, SourceInfo, SourcePrint};
use crate::extract::{Period, PeriodKind};
use crate::normalize::Claim;

/// Packed prints gathered in memory before they are written out in one go.
const FLUSH_AT: usize = 256 << 10;

/// Bytes of prints held as they are ([`SourcePrint::heap_bytes`]) before a spill starts: a
/// corpus of up to ~4,000 news articles keeps them, and detection reads them without
/// unpacking (reading them back cost 8% more instructions in a whole report over 2,225 BBC
/// articles); a larger one spills them all, so that what it holds per source is the entry
/// and keys above (~38 bytes for a news article), not ~550. A larger budget only adds to the
/// peak (8 MB: +8 MB at 100 MB).
const BUDGET: usize = 2 << 20;

/// The prints of a corpus, in the order they arrived (module docs).
#[derive(Debug)]
pub(in crate::compare) struct Spill {
    /// Prints held as they came while they weigh at most `budget` bytes (`held_bytes`);
    /// past that they are all packed, and so are all that come after.
    held: Vec<(SourcePrint, Option<u32>)>,
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
    /// The ids of the prints whose source has no row in the sources table (by entry, in
    /// entry order): made from claims, or gathered by hand, as tests and `reconcile` do.
    ids: Vec<(usize, Box<str>)>,
    /// The figures' keys of every print ([`figure_keys`]), back to back.
    keys: Vec<u32>,
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

/// One print: the id of row `source` of the sources table (or in `ids`, when [`NO_ROW`]),
/// packed contents from [`Entry::at`] up to where the next print's begin, [`Entry::figures`]
/// keys after those of every print before it (prints are packed and their keys kept back to
/// back, in entry order), and a hash of the packed contents. 16 bytes, most of what a spilled
/// print keeps in memory besides its keys: where its keys begin is worked out only when
/// detection starts ([`Spill::key_starts`]).
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Where the packed contents begin, above [`FIGURE_BITS`] bits that count the figures.
    place: u64,
    /// Collisions only cost a comparison of keys (and rarely a read).
    hash: u32,
    source: u32,
}

/// Bits of [`Entry::place`] that count a print's figures, at most [`super::MAX_FIGURES`].
const FIGURE_BITS: u32 = 7;
const _: () = assert!(super::MAX_FIGURES < 1 << FIGURE_BITS);

impl Entry {
    fn at(&self) -> u64 {
        self.place >> FIGURE_BITS
    }

    fn figures(&self) -> usize {
        (self.place & ((1 << FIGURE_BITS) - 1)) as usize
    }
}

/// The source of an entry that has no row in the sources table (its id is in `ids`).
const NO_ROW: u32 = u32::MAX;

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
            ids: Vec::new(),
            keys: Vec::new(),
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

    /// A source's print; `row`, the row of the sources table whose id is the print's, if it
    /// has one (the spill then keeps no copy of the id).
    pub(in crate::compare) fn push(&mut self, print: SourcePrint, row: Option<u32>) {
        if self.spilling {
            return self.pack(print, row);
        }
        self.held_bytes += print.heap_bytes();
        self.held.push((print, row));
        if self.held_bytes > self.budget {
            self.spilling = true;
            let held = std::mem::take(&mut self.held);
            let prints = self.expected.max(held.len());
            self.entries
                .reserve_exact(prints.saturating_sub(self.entries.len()));
            // The figures' keys of every print, at the rate of those held and an eighth more:
            // grown by doubling instead, the list would leave its smaller copies behind as
            // holes in the heap (3 MB of peak RSS at 130,000 articles). Room not written to
            // is not resident.
            let rate = |n: usize| {
                let all = n.saturating_mul(prints) / held.len().max(1);
                all.saturating_add(all / 8)
            };
            let fps: usize = held.iter().map(|(p, _)| p.contents.fps().len()).sum();
            self.keys.reserve_exact(rate(fps));
            for (p, row) in held {
                self.pack(p, row);
            }
        }
    }

    /// The prints held, if the spill never started (taken out of it).
    pub(in crate::compare) fn take_held(&mut self) -> Option<Vec<SourcePrint>> {
        (!self.spilling).then(|| {
            std::mem::take(&mut self.held)
                .into_iter()
                .map(|(p, _)| p)
                .collect()
        })
    }

    fn pack(&mut self, print: SourcePrint, row: Option<u32>) {
        let SourcePrint { source, contents } = print;
        let start = self.pending.len();
        contents.encode(&mut self.pending);
        let packed = self.pending.get(start..).unwrap_or_default();
        let mut h = Fx::default();
        h.write(packed);
        let hash = h.finish();
        let row = row.filter(|&r| r != NO_ROW);
        if row.is_none() {
            self.ids.push((self.entries.len(), source.into_boxed_str()));
        }
        // A print keeps at most `MAX_FIGURES` figures; the cut only keeps the count in its bits.
        let fps = contents.fps();
        let fps = fps.get(..(1 << FIGURE_BITS) - 1).unwrap_or(fps);
        self.entries.push(Entry {
            place: (self.written + start as u64) << FIGURE_BITS | fps.len() as u64,
            hash: (hash ^ (hash >> 32)) as u32,
            source: row.unwrap_or(NO_ROW),
        });
        figure_keys(fps, &mut self.keys);
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

    /// The id of print `k`, read from `table` unless the spill keeps it.
    fn id<'a>(&'a self, table: &'a SourceTable, k: usize) -> &'a str {
        match self.entries.get(k) {
            Some(e) if e.source != NO_ROW => table.id(e.source as usize),
            _ => self
                .ids
                .binary_search_by_key(&k, |(at, _)| *at)
                .map_or("", |at| &self.ids[at].1),
        }
    }

    /// Where each print's keys begin in `keys`, by entry, and where the last one's end.
    fn key_starts(&self) -> Vec<usize> {
        let mut at = 0;
        let mut starts = Vec::with_capacity(self.entries.len() + 1);
        starts.push(0);
        for e in &self.entries {
            at += e.figures();
            starts.push(at);
        }
        starts
    }

    /// Where print `k`'s packed contents lie, and how long they are.
    fn place(&self, k: usize) -> (u64, usize) {
        let at = self.entries.get(k).map_or(0, Entry::at);
        let end = self
            .entries
            .get(k + 1)
            .map_or(self.written + self.pending.len() as u64, Entry::at);
        (at, usize::try_from(end - at).unwrap_or(0))
    }

    /// The packed contents of print `k`, in `out`. Only reading the file can fail, and a file
    /// this process made and holds open does so only on a broken disk.
    fn read(&self, k: usize, out: &mut Vec<u8>) -> io::Result<()> {
        out.clear();
        let (at, len) = self.place(k);
        if let Some(from) = at.checked_sub(self.written) {
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
        // One call where there is one (a read at a place), not a seek and a read: detection
        // reads a print back for each candidate pair it scores.
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            file.borrow().read_exact_at(out, at)
        }
        #[cfg(not(unix))]
        {
            use std::io::Read;
            let mut file = file.borrow_mut();
            file.seek(SeekFrom::Start(at))
                .and_then(|_| file.read_exact(out))
        }
    }

    /// The copy groups among `sources` once the spill has started: [`super::detect`] of the
    /// prints [`super::prints`] would give, with a print made from `claims` for a source that
    /// sent none. If prints cannot be read back, the groups lack the links that need them
    /// (a print that cannot be compared is a class of its own, and one that cannot be scored
    /// is linked to none), and the first error that stopped a read comes with them.
    ///
    /// `table` holds the rows the prints were pushed with; it names them.
    pub(in crate::compare) fn detect(
        mut self,
        table: &SourceTable,
        sources: &[SourceInfo],
        claims: &[Claim],
    ) -> (Vec<CopyGroup>, Option<io::Error>) {
        // By id, each id's last print kept (as `prints` keeps it). Entry numbers fit 32 bits,
        // as places on the shelf do: 4 bytes a print.
        let mut order: Vec<u32> = (0..self.entries.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (a as usize, b as usize);
            self.id(table, x).cmp(self.id(table, y)).then(b.cmp(&a))
        });
        order.dedup_by(|later, first| {
            self.id(table, *later as usize) == self.id(table, *first as usize)
        });
        let has = |s: &Spill, order: &[u32], id: &str| {
            order
                .binary_search_by(|&k| s.id(table, k as usize).cmp(id))
                .is_ok()
        };
        let missing = super::unprinted(claims.iter().map(|c| c.source()), |id| {
            has(&self, &order, id)
        });
        if !missing.is_empty() {
            for id in missing {
                order.push(self.entries.len() as u32);
                self.pack(SourcePrint::of(id, claims, &[]), None);
            }
            order.sort_by(|&a, &b| self.id(table, a as usize).cmp(self.id(table, b as usize)));
        }
        order.retain(|&k| {
            self.entries
                .get(k as usize)
                .is_some_and(|e| e.figures() > 0)
        });
        order.shrink_to_fit();
        let shelf = Shelved {
            key_starts: self.key_starts(),
            spill: &self,
            table,
            order,
            unread: RefCell::new(None),
        };
        let linked = super::link(&shelf);
        // The figures' keys and where they begin (about 30 bytes a news article) go before
        // the ids are allocated; naming needs only the entries and the shelf's order.
        let Shelved {
            order,
            key_starts,
            unread,
            ..
        } = shelf;
        drop(key_starts);
        self.keys = Vec::new();
        let names = linked.names(|i| self.id(table, order[i] as usize));
        // Gone before the groups are built: it is most of what detection holds per source.
        drop((order, self));
        (
            super::name_groups(sources, linked, names),
            unread.into_inner(),
        )
    }
}

/// A spill's prints as detection reads them: `order` its entries by id, one per id, none
/// without figures.
struct Shelved<'a> {
    spill: &'a Spill,
    table: &'a SourceTable,
    order: Vec<u32>,
    /// [`Spill::key_starts`].
    key_starts: Vec<usize>,
    /// The first error that stopped a print being read back.
    unread: RefCell<Option<io::Error>>,
}

impl Shelved<'_> {
    /// The spill's number of print `i`.
    fn entry(&self, i: usize) -> usize {
        self.order[i] as usize
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
        self.spill.id(self.table, self.entry(i))
    }
    fn keys(&self, i: usize) -> &[u32] {
        let k = self.entry(i);
        let (from, to) = (self.key_starts[k], self.key_starts[k + 1]);
        self.spill.keys.get(from..to).unwrap_or_default()
    }
    fn hash(&self, i: usize) -> u64 {
        self.spill.entries[self.entry(i)].hash.into()
    }
    fn same(&self, i: usize, j: usize) -> bool {
        let (a, b) = (self.entry(i), self.entry(j));
        let hashes = (self.spill.entries[a].hash, self.spill.entries[b].hash);
        // Packing is one-to-one: equal contents, equal bytes.
        if hashes.0 != hashes.1
            || self.spill.place(a).1 != self.spill.place(b).1
            || self.keys(i) != self.keys(j)
        {
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
        // Whole chunks read as arrays, a length the compiler knows, so that it turns the loop
        // into a copy: detection decodes every print it reads back, and a news article's
        // holds ~500 sketch hashes (read through `first_chunk`'s check, ~4,000 instructions a
        // print). `chunks_exact` gives whole chunks: the fallbacks are never taken.
        self.wide.clear();
        self.wide.extend(
            w.chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default())),
        );
        self.words.clear();
        self.words.extend(
            x.chunks_exact(4)
                .map(|c| u32::from_le_bytes(c.try_into().unwrap_or_default())),
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

    /// `prints` pushed into `spill`, none with a row of the sources table.
    fn spilled(spill: Spill, prints: &[SourcePrint]) -> Spill {
        spilled_with(spill, prints, &SourceTable::default())
    }

    /// `prints` pushed into `spill`, each with the row of `table` that has its id, when
    /// [`SourceTable::recent`] finds one.
    fn spilled_with(spill: Spill, prints: &[SourcePrint], table: &SourceTable) -> Spill {
        let mut spill = spill;
        let mut hint = 0;
        for p in prints {
            spill.push(p.clone(), table.recent(&p.source, &mut hint));
        }
        spill
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn prints_spilled_to_a_file_or_kept_packed_give_the_groups_held_prints_give(
            (sources, prints) in corpus(),
            coarse: bool,
            worded: bool,
        ) {
            let held = super::super::detect(&sources, &prints);
            // Small classes' pairs found by wording, read back from the spill, or as a run
            // finds them (by figures, in corpora this small).
            let knobs = super::super::worded::Knobs { common: 0, block: 300 };
            super::super::worded::KNOBS.set(worded.then_some(knobs));
            // Written out after every print, after some, or never (no file); packed from the
            // first print, or once the first few weigh more than a budget.
            // Ids named by rows of a sources table, by none, or by some (the rest kept in
            // the spill), as a gathering finds them.
            let row = |p: &SourcePrint| SourceInfo {
                id: p.source.clone(),
                path: format!("dir/{}.txt", p.source),
                lang: "en".into(),
                published: None,
                outlet: None,
                trust: None,
            };
            let tables: [SourceTable; 3] = [
                SourceTable::default(),
                prints.iter().map(row).collect(),
                prints.iter().enumerate().filter(|(i, _)| i % 3 != 0).map(|(_, p)| row(p)).collect(),
            ];
            for table in &tables {
                let held_first = Spill { budget: 1200, ..Spill::flushing_at(0) };
                for spill in [
                    Spill::flushing_at(0),
                    Spill::flushing_at(300),
                    Spill::in_memory(),
                    held_first,
                ] {
                    // Keys that collide for most figures, as they rarely do, or as they are.
                    super::super::COARSE_KEYS.set(coarse);
                    let mut spill = spilled_with(spill, &prints, table);
                    if spill.take_held().is_none() {
                        let (groups, unread) = spill.detect(table, &sources, &[]);
                        super::super::COARSE_KEYS.set(false);
                        prop_assert_eq!(groups, held.clone());
                        prop_assert!(unread.is_none());
                    }
                    super::super::COARSE_KEYS.set(false);
                }
            }
            super::super::worded::KNOBS.set(None);
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
    fn an_entry_keeps_16_bytes_and_its_place_and_figures_apart() {
        assert_eq!(std::mem::size_of::<Entry>(), 16);
        let full: Vec<(u8, Option<u8>, Option<u8>, usize)> =
            (0..200).map(|n| (11 + n, None, None, 0)).collect();
        let spill = spilled(
            Spill::flushing_at(FLUSH_AT),
            &[print("a", &full), print("b", &vec![]), print("c", &full)],
        );
        let figures: Vec<usize> = spill.entries.iter().map(Entry::figures).collect();
        assert_eq!(
            figures,
            [super::super::MAX_FIGURES, 0, super::super::MAX_FIGURES]
        );
        assert_eq!(spill.key_starts(), [0, 64, 64, 128]);
        assert_eq!(spill.place(1).0, spill.place(0).1 as u64);
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
        assert_eq!(
            spill.detect(&SourceTable::default(), &sources, &[]).0,
            expected
        );
        assert!(expected.is_empty());
        let spill = spilled(Spill::flushing_at(0), &[a, b]);
        assert_eq!(
            spill.detect(&SourceTable::default(), &sources, &[]).0.len(),
            1
        );
    }

    #[test]
    fn prints_that_cannot_be_read_back_lose_their_links_and_say_why() {
        let full = vec![(3, None, None, 0), (4, None, None, 0), (5, None, None, 1)];
        let prints = [print("a", &full), print("b", &full), print("c", &full)];
        let detect = |spill: Spill| {
            let (groups, unread) = spill.detect(&SourceTable::default(), &[], &[]);
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
        let mut out = Vec::new();
        spill.read(0, &mut out).unwrap();
        // The read left the cursor after the first print's start; the next print must not
        // overwrite it.
        spill
            .file
            .as_ref()
            .unwrap()
            .borrow_mut()
            .seek(SeekFrom::Start(0))
            .unwrap();
        spill.push(print("b", &vec![(7, None, None, 0)]), None);
        let mut again = Vec::new();
        spill.read(0, &mut again).unwrap();
        assert_eq!(again, out);
    }
}
