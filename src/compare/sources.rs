//! The sources of a corpus: a table that keeps every path and id in one text buffer (an id
//! that is part of its path, as a file stem is, is not stored again; a path the plan read is
//! kept where the plan holds it, in the text the table shares with it) and each language and
//! outlet once, so a source costs its path's bytes and one small row rather than a
//! [`SourceInfo`] and its four allocations. A report gathers its sources into it
//! ([`super::Gathering`]) and keeps them there ([`super::Reconciliation::sources`]): on an
//! archive of one file per article, the rows are most of what a report holds. Renderers read
//! a source as a [`SourceRef`], borrowed from the table. The table decides nothing: it keeps
//! what it is given and gives it back unchanged.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::SourceInfo;
use crate::source::Plan;

/// Sources: in the order they arrived while a report gathers them, in report order once it is
/// made (`SourceTable::sorted`).
#[derive(Clone, Default)]
pub struct SourceTable {
    /// The paths of the plan the sources were read from ([`SourceTable::reserve`]), shared
    /// with it: a row's text starts below its length in it, else in `text` past it.
    planned: Arc<String>,
    /// Paths and the ids not found in their paths, back to back.
    text: String,
    rows: Vec<Row>,
    /// Languages and outlets, each once, numbered in the order met.
    names: Vec<String>,
    numbers: BTreeMap<String, u32>,
    /// Prior trust of the rows that have one (few do: it comes from a manifest).
    trust: BTreeMap<usize, f64>,
    /// Sources kept whole, by row: those with a path or id of 4 GiB or more, or past the
    /// four billionth name, which a row's 32-bit numbers cannot hold.
    whole: BTreeMap<usize, SourceInfo>,
}

/// One source: its path at `start` in the table's text (the planned paths, then `text`),
/// `path_len` long, its id `id_len` bytes from `id_at` past `start`, and names by number.
/// 32 bytes.
#[derive(Debug, Clone, Copy)]
struct Row {
    start: usize,
    path_len: u32,
    id_at: u32,
    id_len: u32,
    lang: u32,
    /// [`NO_OUTLET`] for none.
    outlet: u32,
    published: Option<NaiveDate>,
}

const NO_OUTLET: u32 = u32::MAX;

/// Whether `order` holds each of `0..len` once ([`SourceTable::sorted`]'s precondition).
fn is_permutation(order: &[u32], len: usize) -> bool {
    let mut seen = vec![false; len];
    order.len() == len
        && order.iter().all(|&n| {
            seen.get_mut(n as usize)
                .is_some_and(|s| !std::mem::replace(s, true))
        })
}

/// One source as the table gives it back: a [`SourceInfo`] whose text is borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SourceRef<'a> {
    pub id: &'a str,
    pub path: &'a str,
    pub lang: &'a str,
    pub published: Option<NaiveDate>,
    pub outlet: Option<&'a str>,
    /// Prior trust from the manifest, 0..=1.
    pub trust: Option<f64>,
}

impl SourceRef<'_> {
    pub fn to_info(&self) -> SourceInfo {
        SourceInfo {
            id: self.id.to_string(),
            path: self.path.to_string(),
            lang: self.lang.to_string(),
            published: self.published,
            outlet: self.outlet.map(str::to_string),
            trust: self.trust,
        }
    }
}

impl SourceTable {
    pub(super) fn push(&mut self, s: SourceInfo) {
        self.push_planned(s, None);
    }

    /// [`SourceTable::push`] a source whose path the planned paths may hold at byte `at`: if
    /// they do, the row points there instead of copying it.
    pub(super) fn push_planned(&mut self, s: SourceInfo, at: Option<usize>) {
        let n = self.rows.len();
        let row = match self.row(&s, at) {
            Some(row) => row,
            None => {
                let row = Row {
                    start: self.planned.len() + self.text.len(),
                    path_len: 0,
                    id_at: 0,
                    id_len: 0,
                    lang: 0,
                    outlet: NO_OUTLET,
                    published: s.published,
                };
                self.whole.insert(n, s);
                self.rows.push(row);
                return;
            }
        };
        if let Some(t) = s.trust {
            self.trust.insert(n, t);
        }
        self.rows.push(row);
    }

    /// `s` as a row, its text and names stored; `None` when a number does not fit.
    fn row(&mut self, s: &SourceInfo, at: Option<usize>) -> Option<Row> {
        let path_len = u32::try_from(s.path.len()).ok()?;
        let id_len = u32::try_from(s.id.len()).ok()?;
        // A file's id is its stem, so it is nearly always in its path.
        let inside = s.path.rfind(s.id.as_str());
        let id_at = u32::try_from(inside.unwrap_or(s.path.len())).ok()?;
        let lang = self.number(&s.lang)?;
        let outlet = match &s.outlet {
            Some(o) => self.number(o)?,
            None => NO_OUTLET,
        };
        // The plan's text, where it holds this path and the id is in it: shown as it is.
        let planned = at.filter(|&at| {
            inside.is_some()
                && at
                    .checked_add(s.path.len())
                    .and_then(|to| self.planned.get(at..to))
                    == Some(s.path.as_str())
        });
        let start = match planned {
            Some(at) => at,
            None => {
                let start = self.planned.len() + self.text.len();
                self.text.push_str(&s.path);
                if inside.is_none() {
                    self.text.push_str(&s.id);
                }
                start
            }
        };
        Some(Row {
            start,
            path_len,
            id_at,
            id_len,
            lang,
            outlet,
            published: s.published,
        })
    }

    /// The number of `name`, given it the first time; `None` past the last number.
    fn number(&mut self, name: &str) -> Option<u32> {
        if let Some(&n) = self.numbers.get(name) {
            return Some(n);
        }
        let n = u32::try_from(self.names.len())
            .ok()
            .filter(|&n| n != NO_OUTLET)?;
        self.names.push(name.to_string());
        self.numbers.insert(name.to_string(), n);
        Some(n)
    }

    /// Room for the sources `plan` will read: a row each, and the paths (which hold their ids,
    /// file stems) that are not in the plan's text, which the table shares if it has no row
    /// yet.
    pub(super) fn reserve(&mut self, plan: &Plan) {
        if self.rows.is_empty() && self.text.is_empty() {
            self.planned = Arc::clone(plan.inputs.text());
        }
        let paths: usize = (0..plan.inputs.len())
            .filter(|&n| plan.inputs.text_at(n).is_none())
            .map(|n| plan.inputs.path(n).map_or(1, |p| p.as_os_str().len()))
            .sum();
        self.rows.reserve_exact(plan.inputs.len());
        self.text.reserve_exact(paths);
    }

    /// Give back the room kept for sources to come.
    pub(super) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.rows.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The `n`th source.
    pub fn get(&self, n: usize) -> Option<SourceRef<'_>> {
        if let Some(s) = self.whole.get(&n) {
            return Some(SourceRef {
                id: &s.id,
                path: &s.path,
                lang: &s.lang,
                published: s.published,
                outlet: s.outlet.as_deref(),
                trust: s.trust,
            });
        }
        let row = self.rows.get(n)?;
        Some(SourceRef {
            id: self.id(n),
            path: self.path(n),
            lang: self.name(row.lang),
            published: row.published,
            outlet: (row.outlet != NO_OUTLET).then(|| self.name(row.outlet)),
            trust: self.trust.get(&n).copied(),
        })
    }

    /// Every source, in table order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            table: self,
            rows: 0..self.rows.len(),
        }
    }

    fn slice(&self, from: usize, len: u32) -> &str {
        let to = from.saturating_add(len as usize);
        let planned = self.planned.len();
        match from.checked_sub(planned) {
            None => self.planned.get(from..to),
            Some(from) => self.text.get(from..to - planned),
        }
        .unwrap_or_default()
    }

    /// The id of the `n`th source.
    pub(super) fn id(&self, n: usize) -> &str {
        match (self.whole.get(&n), self.rows.get(n)) {
            (Some(s), _) => &s.id,
            (None, Some(r)) => self.slice(r.start.saturating_add(r.id_at as usize), r.id_len),
            (None, None) => "",
        }
    }

    fn path(&self, n: usize) -> &str {
        match (self.whole.get(&n), self.rows.get(n)) {
            (Some(s), _) => &s.path,
            (None, Some(r)) => self.slice(r.start, r.path_len),
            (None, None) => "",
        }
    }

    fn name(&self, n: u32) -> &str {
        self.names.get(n as usize).map_or("", String::as_str)
    }

    /// The number of a row whose id is `id`, looked for where a gathering's next print is
    /// likely to be: at `*hint` (one past the last found, as when every source is added
    /// before any print) and at the last row (as when each source comes with its print).
    /// `None` if neither is, or the number does not fit.
    pub(super) fn recent(&self, id: &str, hint: &mut usize) -> Option<u32> {
        let last = self.rows.len().checked_sub(1);
        let n = [Some(*hint), last]
            .into_iter()
            .flatten()
            .find(|&n| n < self.rows.len() && self.id(n) == id)?;
        *hint = n + 1;
        u32::try_from(n).ok()
    }

    /// Row numbers in report order: by id, then path; rows that tie keep arrival order.
    /// In 32 bits (4 bytes a source, held through copy detection's peak), as the spill numbers
    /// its entries: a table of four billion rows would hold 128 GB of them.
    pub(super) fn order(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.rows.len()).map(|n| n as u32).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (a as usize, b as usize);
            self.id(a)
                .cmp(self.id(b))
                .then_with(|| self.path(a).cmp(self.path(b)))
        });
        order
    }

    /// What copy detection reads of the sources, in `order`: the publication date of each id,
    /// taken from the last source of that id, as a map built from every source would have it.
    /// Ids with no date are left out, since detection takes a missing date and no date alike,
    /// and so are paths, languages, outlets and trust, which it does not read.
    pub(super) fn dated(&self, order: &[u32]) -> Vec<SourceInfo> {
        let mut out = Vec::new();
        let mut rows = order.iter().map(|&n| n as usize).peekable();
        while let Some(n) = rows.next() {
            let id = self.id(n);
            if rows.peek().is_some_and(|&next| self.id(next) == id) {
                continue;
            }
            if let Some(published) = self.rows.get(n).and_then(|r| r.published) {
                out.push(SourceInfo {
                    id: id.to_string(),
                    path: String::new(),
                    lang: String::new(),
                    published: Some(published),
                    outlet: None,
                    trust: None,
                });
            }
        }
        out
    }

    /// The table with its rows in `order` (a permutation of the row numbers, as
    /// [`SourceTable::order`] gives), their text where it was.
    pub(super) fn sorted(mut self, mut order: Vec<u32>) -> SourceTable {
        // Anything else would make the cycles below loop or index past the rows.
        debug_assert!(is_permutation(&order, self.rows.len()));
        // Where each row goes, for the few rows the maps name.
        let mut at = Vec::new();
        if !(self.trust.is_empty() && self.whole.is_empty()) {
            at = vec![0; self.rows.len()];
            for (i, &n) in order.iter().enumerate() {
                if let Some(a) = at.get_mut(n as usize) {
                    *a = i;
                }
            }
        }
        let moved = |n: &usize| at.get(*n).copied().unwrap_or(*n);
        // In place, a cycle of the permutation at a time, so that the rows are never held
        // twice (32 bytes a source, when copy groups are held: a report's peak). Place `i`
        // holding its row is marked by `order[i] == i`.
        let rows = &mut self.rows;
        for i in 0..order.len() {
            if order[i] as usize == i {
                continue;
            }
            let first = rows[i];
            let mut to = i;
            loop {
                let next = order[to] as usize;
                order[to] = to as u32;
                if next == i {
                    rows[to] = first;
                    break;
                }
                rows[to] = rows[next];
                to = next;
            }
        }
        drop(order);
        SourceTable {
            rows: self.rows,
            trust: self.trust.iter().map(|(n, &t)| (moved(n), t)).collect(),
            whole: self
                .whole
                .into_iter()
                .map(|(n, s)| (moved(&n), s))
                .collect(),
            planned: self.planned,
            text: self.text,
            names: self.names,
            numbers: self.numbers,
        }
    }

    /// Every source as a [`SourceInfo`], in table order.
    pub fn to_infos(&self) -> Vec<SourceInfo> {
        self.iter().map(|s| s.to_info()).collect()
    }
}

/// A table of `sources` in the order given.
impl From<Vec<SourceInfo>> for SourceTable {
    fn from(sources: Vec<SourceInfo>) -> SourceTable {
        sources.into_iter().collect()
    }
}

impl FromIterator<SourceInfo> for SourceTable {
    fn from_iter<I: IntoIterator<Item = SourceInfo>>(sources: I) -> SourceTable {
        let mut t = SourceTable::default();
        for s in sources {
            t.push(s);
        }
        t
    }
}

impl<'a> IntoIterator for &'a SourceTable {
    type Item = SourceRef<'a>;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The sources of a table in its order ([`SourceTable::iter`]).
#[derive(Clone)]
pub struct Iter<'a> {
    table: &'a SourceTable,
    rows: std::ops::Range<usize>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = SourceRef<'a>;

    fn next(&mut self) -> Option<SourceRef<'a>> {
        self.rows.next().and_then(|n| self.table.get(n))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.rows.size_hint()
    }
}

/// Every row number below the table's length has a source.
impl ExactSizeIterator for Iter<'_> {}

/// Two tables are equal when they give back the same sources, however their text is laid out.
impl PartialEq for SourceTable {
    fn eq(&self, other: &SourceTable) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for SourceTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// As the list of [`SourceInfo`]s it holds.
impl Serialize for SourceTable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Input;

    fn source(id: &str, path: &str, lang: &str) -> SourceInfo {
        SourceInfo {
            id: id.to_string(),
            path: path.to_string(),
            lang: lang.to_string(),
            published: None,
            outlet: None,
            trust: None,
        }
    }

    fn table(sources: &[SourceInfo]) -> SourceTable {
        sources.iter().cloned().collect()
    }

    #[test]
    fn every_source_comes_back_as_it_went_in_sorted_by_id_then_path() {
        let mut dated = source("b", "news/b.md", "tr");
        dated.published = NaiveDate::from_ymd_opt(2025, 3, 1);
        dated.outlet = Some("Daily".to_string());
        dated.trust = Some(0.75);
        let sources = vec![
            source("c", "c.txt", "en"),
            dated,
            // An id that is not in its path, and one that ties with another on id.
            source("-", "stdin", "en"),
            source("b", "archive/b.txt", "en"),
            source("", "", ""),
        ];
        let t = table(&sources);
        assert_eq!(t.len(), 5);
        let mut expected = sources.clone();
        expected.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));
        assert_eq!(t.sorted(table(&sources).order()).to_infos(), expected);
    }

    #[test]
    fn a_row_takes_32_bytes() {
        assert!(std::mem::size_of::<Row>() <= 32);
    }

    #[test]
    fn room_is_made_once_for_every_planned_source() {
        let paths = ["news/a.txt", "news/b.md", "archive/2025/c.html"];
        let mut plan = Plan::default();
        plan.inputs = paths
            .iter()
            .map(|p| Input::File {
                path: p.into(),
                entry: None,
            })
            .chain([Input::Stdin])
            .collect();
        let mut t = SourceTable::default();
        t.reserve(&plan);
        for (n, (p, id)) in paths.iter().zip(["a", "b", "c"]).enumerate() {
            t.push_planned(source(id, p, "en"), plan.inputs.text_at(n));
        }
        t.push_planned(source("-", "-", "en"), plan.inputs.text_at(3));
        assert_eq!(t.rows.capacity(), 4);
        // The planned paths stay the plan's; stdin's is the table's own, with room made for it.
        assert_eq!(t.text, "-");
        assert_eq!(t.text.capacity(), t.text.len());
        let back: Vec<&str> = t.iter().map(|s| s.path).collect();
        assert_eq!(
            back,
            ["news/a.txt", "news/b.md", "archive/2025/c.html", "-"]
        );
    }

    #[test]
    fn only_an_order_holding_each_row_once_is_a_permutation() {
        assert!(is_permutation(&[1, 0, 2], 3));
        assert!(is_permutation(&[], 0));
        assert!(!is_permutation(&[1, 1], 2), "a row twice");
        assert!(!is_permutation(&[0], 2), "a row missing");
        assert!(!is_permutation(&[2, 0], 2), "a row past the table");
    }

    #[test]
    fn an_id_inside_its_path_is_not_stored_twice() {
        let t = table(&[source(
            "c0000001_business_001",
            "x/c0000001_business_001.txt",
            "en",
        )]);
        assert_eq!(t.text, "x/c0000001_business_001.txt");
        assert_eq!(t.names, ["en"]);
    }

    #[test]
    fn copy_detection_sees_the_last_date_given_to_each_id() {
        let day = |d| NaiveDate::from_ymd_opt(2025, 1, d);
        let mut a1 = source("a", "1/a.txt", "en");
        a1.published = day(1);
        let a2 = source("a", "2/a.txt", "en");
        let mut b = source("b", "b.txt", "en");
        b.published = day(2);
        let c = source("c", "c.txt", "en");
        let t = table(&[b, a2, c, a1]);
        let dated: Vec<(String, Option<NaiveDate>)> = t
            .dated(&t.order())
            .into_iter()
            .map(|s| (s.id, s.published))
            .collect();
        // "a" is last dated by 2/a.txt, which has no date; a map keyed by id would say so too.
        assert_eq!(dated, [("b".to_string(), day(2))]);
    }

    use proptest::prelude::*;

    /// Sources whose ids repeat and are, or are not, in their paths, with the other fields
    /// set or not.
    fn sources() -> impl Strategy<Value = Vec<SourceInfo>> {
        let one = (
            "[ab_é]{0,3}",
            prop_oneof![Just(None), "[a/ı.]{0,4}".prop_map(Some)],
            "[a/]{0,2}",
            prop_oneof![Just("en"), Just("tr"), Just("")],
            proptest::option::of(0u32..3000),
            proptest::option::of(prop_oneof![Just("Daily"), Just("en"), Just("")]),
            proptest::option::of(0.0..=1.0f64),
        )
            .prop_map(|(id, path, dir, lang, day, outlet, trust)| SourceInfo {
                // Without a path of its own, the path is the id's file: `dir/id.txt`.
                path: path.unwrap_or_else(|| format!("{dir}{id}.txt")),
                id,
                lang: lang.to_string(),
                published: day.and_then(|d| {
                    NaiveDate::from_ymd_opt(2020, 1, 1)?
                        .checked_add_days(chrono::Days::new(d.into()))
                }),
                outlet: outlet.map(str::to_string),
                trust,
            });
        proptest::collection::vec(one, 0..12)
    }

    proptest! {
        /// The table against the plain list it stands for: the same sources back, one by one
        /// and in report order, equal however its text is laid out, and written as the list.
        #[test]
        fn the_table_gives_back_the_list_it_was_given(list in sources()) {
            let t = table(&list);
            prop_assert_eq!(t.len(), list.len());
            prop_assert_eq!(t.to_infos(), list.clone());
            for (i, s) in list.iter().enumerate() {
                prop_assert_eq!(t.get(i).map(|r| r.to_info()), Some(s.clone()));
            }
            let mut sorted = list.clone();
            sorted.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));
            let report = table(&list).sorted(t.order());
            prop_assert_eq!(report.to_infos(), sorted.clone());
            prop_assert_eq!(&report, &SourceTable::from(sorted.clone()));
            prop_assert_eq!(
                serde_json::to_string(&report).ok(),
                serde_json::to_string(&sorted).ok()
            );
        }

        /// A table that shares the paths of the plan its sources were read from gives back the
        /// same list, and takes no path from the plan's text that is not the source's own
        /// (`shift` hands each source another input's place).
        #[test]
        fn a_table_sharing_the_plans_paths_gives_back_the_same_list(
            list in sources(),
            shift in 0usize..3,
        ) {
            let mut plan = Plan::default();
            plan.inputs = list
                .iter()
                .map(|s| Input::File { path: s.path.clone().into(), entry: None })
                .collect();
            let mut t = SourceTable::default();
            t.reserve(&plan);
            for (n, s) in list.iter().enumerate() {
                t.push_planned(s.clone(), plan.inputs.text_at((n + shift) % list.len()));
            }
            prop_assert_eq!(t.to_infos(), list.clone());
            let mut sorted = list.clone();
            sorted.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));
            let order = t.order();
            prop_assert_eq!(t.sorted(order).to_infos(), sorted);
        }
    }
}
