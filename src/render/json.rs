//! JSON output, version 1 (SPEC.md). Goes through wire structs of its own so internal types
//! can change without breaking the people who parse our output.

use std::io::{self, Write};

use serde::{Serialize, Serializer};

use crate::compare::{ComparedClaim, Finding, Reconciliation, SourceRef, SourceTable};
use crate::normalize::{IgnoredMention, Located, Unmapped};

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    /// Each list is written item by item: a corpus of one file per article has hundreds of
    /// thousands of sources.
    sources: Sources<'a>,
    findings: Listed<'a, Finding, WireFinding<'a>>,
    unmapped: Listed<'a, Unmapped, WireMention<'a>>,
    ignored: Listed<'a, IgnoredMention, WireMention<'a>>,
    copies: &'a [crate::compare::CopyGroup],
    warnings: &'a [crate::compare::Warning],
    stats: &'a crate::compare::Stats,
    /// What `stats` counts but the lists above leave out (`--max-unmapped`, `--max-ignored`);
    /// absent when every mention and warning is listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    not_listed: Option<WireNotListed>,
    /// Learned trust per source (`--learn-trust`); empty otherwise.
    trust: &'a [crate::compare::SourceTrust],
    /// The date the corpus was reconciled as of (`--as-of`).
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<String>,
    /// Checks of declared relations between keys (`[[relation]]` in the rules).
    derived: &'a [crate::derive::DerivedCheck],
    /// Candidate keys, with `report --discover` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    candidates: Option<&'a [crate::discover::Candidate]>,
}

/// Counts of what a report's lists leave out, the limits that cut them, and how to see them.
#[derive(Serialize)]
struct WireNotListed {
    /// Unmapped figures counted in `stats.unmapped` but not in `unmapped`.
    unmapped: usize,
    /// Ignored numbers counted in `stats.ignored` but not in `ignored`.
    ignored: usize,
    /// Warnings about ambiguous figures not in `warnings`.
    warnings: usize,
    /// The limits, `null` for none.
    max_unmapped: Option<usize>,
    max_ignored: Option<usize>,
    /// How to see them: one sentence, as the other formats print it.
    note: String,
}

/// A list turned into its wire form item by item as it is written, so that the writer never
/// holds a second copy of it.
struct Listed<'a, T, W>(&'a [T], fn(&'a T) -> W);

impl<'a, T, W: Serialize> Serialize for Listed<'a, T, W> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(self.1))
    }
}

/// The sources, as [`Listed`] writes a list.
struct Sources<'a>(&'a SourceTable);

impl Serialize for Sources<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(wire_source))
    }
}

#[derive(Serialize)]
struct WireSource<'a> {
    id: &'a str,
    path: &'a str,
    lang: &'a str,
    published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet: Option<&'a str>,
    /// Prior trust from the manifest.
    #[serde(skip_serializing_if = "Option::is_none")]
    trust: Option<f64>,
}

#[derive(Serialize)]
struct WireFinding<'a> {
    key: &'a str,
    label: &'a str,
    unit: &'a str,
    kind: &'a str,
    verdict: &'a str,
    severity: &'a str,
    message: &'a str,
    suggested: Option<&'a crate::compare::Suggestion>,
    claims: Listed<'a, ComparedClaim, WireClaim<'a>>,
}

/// A claim as SPEC.md shows it.
#[derive(Serialize)]
pub struct WireClaim<'a> {
    pub source: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_column: usize,
    pub text: &'a str,
    pub sentence: &'a str,
    pub value: Option<f64>,
    pub unit: &'a str,
    pub hedge: &'a str,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<&'a str>,
}

/// A mention that is not a claim (unmapped or ignored).
#[derive(Serialize)]
pub struct WireMention<'a> {
    pub source: &'a str,
    pub line: usize,
    pub column: usize,
    pub text: &'a str,
    pub sentence: &'a str,
    pub value: Option<f64>,
    pub unit: &'a str,
    pub hedge: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ambiguous: Vec<&'a str>,
}

pub fn wire_claim(c: &ComparedClaim) -> WireClaim<'_> {
    let at = &c.claim.at;
    WireClaim {
        source: &at.source,
        line: at.line,
        column: at.column,
        end_column: at.end_column,
        text: &at.text,
        sentence: &at.sentence,
        value: at.mention.value,
        unit: at.mention.unit.name(),
        hedge: at.mention.hedge.as_str(),
        lower: finite(c.interval.lower),
        upper: finite(c.interval.upper),
        period: at.mention.period.map(|p| p.to_string()),
        as_of: c.claim.as_of.map(|d| d.to_string()),
        previous: at.mention.previous,
        cluster: Some(c.cluster),
        superseded_by: c.superseded_by.as_deref(),
        evidence: c.claim.evidence.iter().map(AsRef::as_ref).collect(),
    }
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

pub fn wire_mention<'a>(at: &'a Located, ignored: Option<&'static str>) -> WireMention<'a> {
    WireMention {
        source: &at.source,
        line: at.line,
        column: at.column,
        text: &at.text,
        sentence: &at.sentence,
        value: at.mention.value,
        unit: at.mention.unit.name(),
        hedge: at.mention.hedge.as_str(),
        period: at.mention.period.map(|p| p.to_string()),
        ignored,
        ambiguous: Vec::new(),
    }
}

fn wire_unmapped(u: &Unmapped) -> WireMention<'_> {
    let mut m = wire_mention(&u.at, None);
    m.ambiguous = u.ambiguous.iter().map(String::as_str).collect();
    m
}

fn wire_ignored(i: &IgnoredMention) -> WireMention<'_> {
    wire_mention(&i.at, Some(i.reason.as_str()))
}

fn wire_source(s: SourceRef<'_>) -> WireSource<'_> {
    WireSource {
        id: s.id,
        path: s.path,
        lang: s.lang,
        published: s.published.map(|d| d.to_string()),
        outlet: s.outlet,
        trust: s.trust.filter(|t| t.is_finite()),
    }
}

fn wire_finding(f: &Finding) -> WireFinding<'_> {
    WireFinding {
        key: &f.key,
        label: &f.label,
        unit: f.unit.name(),
        kind: f.kind.as_str(),
        verdict: f.verdict.as_str(),
        severity: f.severity.as_str(),
        message: &f.message,
        suggested: f.suggested.as_ref(),
        claims: Listed(&f.claims, wire_claim),
    }
}

pub fn report(rec: &Reconciliation, out: &mut dyn Write) -> io::Result<()> {
    report_with(rec, None, out)
}

/// The report with a `candidates` array (`report --discover`).
pub fn report_with_candidates(
    rec: &Reconciliation,
    candidates: &[crate::discover::Candidate],
    out: &mut dyn Write,
) -> io::Result<()> {
    report_with(rec, Some(candidates), out)
}

fn report_with(
    rec: &Reconciliation,
    candidates: Option<&[crate::discover::Candidate]>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let wire = Report {
        version: 1,
        sources: Sources(&rec.sources),
        findings: Listed(&rec.findings, wire_finding),
        unmapped: Listed(&rec.unmapped, wire_unmapped),
        ignored: Listed(&rec.ignored, wire_ignored),
        copies: &rec.copies,
        warnings: &rec.warnings,
        stats: &rec.stats,
        not_listed: crate::render::not_listed_line(&rec.not_listed).map(|note| WireNotListed {
            unmapped: rec.not_listed.unmapped,
            ignored: rec.not_listed.ignored,
            warnings: rec.not_listed.warnings,
            max_unmapped: rec.not_listed.max_unmapped,
            max_ignored: rec.not_listed.max_ignored,
            note,
        }),
        trust: &rec.trust,
        as_of: rec.as_of.map(|d| d.to_string()),
        derived: &rec.derived,
        candidates,
    };
    let mut out = super::Chunked::new(out);
    serde_json::to_writer_pretty(&mut out, &wire)?;
    writeln!(out)?;
    out.finish()
}
