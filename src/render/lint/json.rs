//! `{"version": 1, "findings": [...]}` (SPEC.md): each finding with its key, verdict,
//! severity, message, the draft's claim (with `path`, `line`, `column`) and the sources'
//! claims. Quiet findings are included with `suppressed` saying who silenced them and why, so
//! a reviewer can audit human decisions. A supported, disputed or contradicted finding also
//! says how many independent origins its sources are (`independent_origins`, and `origins`
//! with the count on each side and the copies among them): two copies of one wire story are
//! one origin. Wire structs of its own, so internal types can change.

use std::io::{self, Write};

use serde::Serialize;

use crate::check::{DraftFinding, Evidence, Origins, Quiet};
use crate::render::json::{wire_claim, WireClaim};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    findings: Vec<WireFinding<'a>>,
}

#[derive(Serialize)]
struct WireFinding<'a> {
    key: Option<&'a str>,
    label: Option<&'a str>,
    verdict: &'a str,
    severity: &'a str,
    message: &'a str,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<&'a Quiet>,
    /// Independent origins among the sources that speak of the figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    independent_origins: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    origins: Option<&'a Origins>,
    draft: WireDraft<'a>,
    sources: Vec<WireSource<'a>>,
}

#[derive(Serialize)]
struct WireDraft<'a> {
    path: &'a str,
    source: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    text: &'a str,
    sentence: &'a str,
    value: Option<f64>,
    unit: &'a str,
    hedge: &'a str,
    lower: Option<f64>,
    upper: Option<f64>,
    period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<f64>,
}

#[derive(Serialize)]
struct WireSource<'a> {
    path: &'a str,
    #[serde(flatten)]
    claim: WireClaim<'a>,
    agrees: bool,
    relation: &'a str,
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

fn wire_source(e: &Evidence) -> WireSource<'_> {
    WireSource {
        path: &e.path,
        claim: wire_claim(&e.claim),
        agrees: e.agrees,
        relation: e.relation.as_str(),
    }
}

fn wire_finding(f: &DraftFinding) -> WireFinding<'_> {
    let at = &f.draft;
    WireFinding {
        key: f.key.as_deref(),
        label: f.label.as_deref(),
        verdict: f.verdict.as_str(),
        severity: f.severity().as_str(),
        message: &f.message,
        fingerprint: &f.fingerprint,
        suppressed: f.quiet.as_ref(),
        independent_origins: f.origins.as_ref().map(|o| o.independent),
        origins: f.origins.as_ref(),
        draft: WireDraft {
            path: &f.path,
            source: &at.source,
            line: at.line,
            column: at.column,
            end_line: at.end_line,
            end_column: at.end_column,
            text: &at.text,
            sentence: &at.sentence,
            value: at.mention.value,
            unit: at.mention.unit.name(),
            hedge: at.mention.hedge.as_str(),
            lower: f.interval.and_then(|i| finite(i.lower)),
            upper: f.interval.and_then(|i| finite(i.upper)),
            period: at.mention.period.map(|p| p.to_string()),
            previous: at.mention.previous,
        },
        sources: f.sources.iter().map(wire_source).collect(),
    }
}

pub fn write(findings: &[DraftFinding], out: &mut dyn Write) -> io::Result<()> {
    let wire = Output {
        version: 1,
        findings: super::by_position(findings)
            .into_iter()
            .map(wire_finding)
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &wire)?;
    writeln!(out)
}
