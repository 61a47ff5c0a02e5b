//! The sources of a corpus while a report gathers them ([`super::Gathering`]): a table that
//! keeps every path and id in one text buffer (an id that is part of its path, as a file stem
//! is, is not stored again) and each language and outlet once, so a source costs its path's
//! bytes and one small row rather than a [`SourceInfo`] and its four allocations. Sources turn
//! back into [`SourceInfo`]s, in report order, only after copy detection, when its prints are
//! gone. The table decides nothing: it keeps what it is given and gives it back unchanged.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::SourceInfo;
use crate::source::{Input, Plan};

/// Sources in the order they arrived.
#[derive(Debug, Default)]
pub(super) struct Sources {
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

/// One source: its path at `text[start..][..path_len]`, its id `id_len` bytes from `id_at`
/// past `start`, and names by number. 32 bytes.
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

impl Sources {
    pub(super) fn push(&mut self, s: SourceInfo) {
        let n = self.rows.len();
        let row = match self.row(&s) {
            Some(row) => row,
            None => {
                let row = Row {
                    start: self.text.len(),
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
    fn row(&mut self, s: &SourceInfo) -> Option<Row> {
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
        let start = self.text.len();
        self.text.push_str(&s.path);
        if inside.is_none() {
            self.text.push_str(&s.id);
        }
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

    /// Room for the sources `plan` will read: a row each, and their paths (which hold their
    /// ids, file stems).
    pub(super) fn reserve(&mut self, plan: &Plan) {
        let paths: usize = plan
            .inputs
            .iter()
            .map(|input| match input {
                Input::File { path, .. } => path.as_os_str().len(),
                Input::Stdin => 1,
            })
            .sum();
        self.rows.reserve_exact(plan.inputs.len());
        self.text.reserve_exact(paths);
    }

    /// Give back the room kept for sources to come.
    pub(super) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.rows.shrink_to_fit();
    }

    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    fn slice(&self, from: usize, len: u32) -> &str {
        let to = from.saturating_add(len as usize);
        self.text.get(from..to).unwrap_or_default()
    }

    fn id(&self, n: usize) -> &str {
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

    /// Row numbers in report order: by id, then path; rows that tie keep arrival order.
    pub(super) fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        order.sort_by(|&a, &b| {
            self.id(a)
                .cmp(self.id(b))
                .then_with(|| self.path(a).cmp(self.path(b)))
        });
        order
    }

    fn info(&self, n: usize) -> Option<SourceInfo> {
        if let Some(s) = self.whole.get(&n) {
            return Some(s.clone());
        }
        let row = self.rows.get(n)?;
        Some(SourceInfo {
            id: self.id(n).to_string(),
            path: self.path(n).to_string(),
            lang: self.name(row.lang).to_string(),
            published: row.published,
            outlet: (row.outlet != NO_OUTLET).then(|| self.name(row.outlet).to_string()),
            trust: self.trust.get(&n).copied(),
        })
    }

    /// What copy detection reads of the sources, in `order`: the publication date of each id,
    /// taken from the last source of that id, as a map built from every source would have it.
    /// Ids with no date are left out, since detection takes a missing date and no date alike,
    /// and so are paths, languages, outlets and trust, which it does not read.
    pub(super) fn dated(&self, order: &[usize]) -> Vec<SourceInfo> {
        let mut out = Vec::new();
        let mut rows = order.iter().copied().peekable();
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

    /// Every source, in `order`.
    pub(super) fn into_infos(self, order: &[usize]) -> Vec<SourceInfo> {
        let mut out = Vec::with_capacity(order.len());
        out.extend(order.iter().filter_map(|&n| self.info(n)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn table(sources: &[SourceInfo]) -> Sources {
        let mut t = Sources::default();
        for s in sources {
            t.push(s.clone());
        }
        t
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
        assert_eq!(t.into_infos(&table(&sources).order()), expected);
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
            .collect();
        let mut t = Sources::default();
        t.reserve(&plan);
        for (p, id) in paths.iter().zip(["a", "b", "c"]) {
            t.push(source(id, p, "en"));
        }
        assert_eq!(t.rows.capacity(), 3);
        assert_eq!(t.text.capacity(), t.text.len());
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
}
