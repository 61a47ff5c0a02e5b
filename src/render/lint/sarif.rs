//! SARIF 2.1.0, for code-scanning dashboards. One rule per draft verdict with a stable id
//! (`contradicted`, `disputed`, `period-mismatch`, …), a physical location per finding with
//! its end column (columns counted in Unicode code points, as the run declares), related
//! locations at the source sentences that disagree, and a `partialFingerprints` entry built
//! from the figures rather than line numbers, so a result keeps its identity when text moves.
//! Findings a human silenced are included with a `suppressions` entry saying why.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::check::{DraftFinding, DraftVerdict, Evidence, Quiet};
use crate::compare::{short_id, Severity};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The fingerprint's name in `partialFingerprints`; bump it if the fingerprint changes.
pub const FINGERPRINT: &str = "reconcileFigures/v1";

/// A verdict's stable rule id.
pub fn rule_id(v: DraftVerdict) -> &'static str {
    match v {
        DraftVerdict::Contradicted => "contradicted",
        DraftVerdict::Disputed => "disputed",
        DraftVerdict::PeriodMismatch => "period-mismatch",
        DraftVerdict::Supported => "supported",
        DraftVerdict::Unverified => "unverified",
    }
}

fn rule_text(v: DraftVerdict) -> (&'static str, &'static str) {
    match v {
        DraftVerdict::Contradicted => (
            "The sources agree with each other and not with the draft",
            "Every source that speaks of this figure gives another value (or the sources \
             disagree among themselves and none gives the draft's value).",
        ),
        DraftVerdict::Disputed => (
            "The sources disagree among themselves",
            "The sources give values that cannot all be true; the draft sides with some of them.",
        ),
        DraftVerdict::PeriodMismatch => (
            "The draft's figure belongs to another period",
            "The draft's figure appears in the sources under another period, or the sources \
             disagree on its period.",
        ),
        DraftVerdict::Supported => (
            "The sources support the figure",
            "Every source that speaks of this figure agrees with it.",
        ),
        DraftVerdict::Unverified => (
            "No source speaks of the figure",
            "No source in the corpus gives a figure for this key and period.",
        ),
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: forward slashes, unusual bytes percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if path.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

fn related(id: usize, e: &Evidence) -> Value {
    let at = &e.claim.claim.at;
    let region = match e.sentence {
        Some(r) => json!({
            "startLine": r.line, "startColumn": r.column,
            "endLine": r.end_line, "endColumn": r.end_column,
        }),
        None => json!({
            "startLine": at.line, "startColumn": at.column,
            "endLine": at.end_line, "endColumn": at.end_column,
        }),
    };
    json!({
        "id": id,
        "physicalLocation": {
            "artifactLocation": {"uri": uri(&e.path)},
            "region": region,
        },
        "message": {"text": format!(
            "{} says \"{}\": {}",
            short_id(&at.source),
            at.text,
            at.sentence
        )},
    })
}

fn result(f: &DraftFinding) -> Value {
    let rule = rule_id(f.verdict);
    let index = DraftVerdict::ALL
        .iter()
        .position(|v| *v == f.verdict)
        .unwrap_or(0);
    let at = &f.draft;
    let mut r = json!({
        "ruleId": rule,
        "ruleIndex": index,
        "level": level(f.severity()),
        "message": {"text": f.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri(&f.path)},
                "region": {
                    "startLine": at.line,
                    "startColumn": at.column,
                    "endLine": at.end_line,
                    "endColumn": at.end_column,
                    "snippet": {"text": at.text},
                },
            },
        }],
        "relatedLocations": f.disagreeing().enumerate().map(|(i, e)| related(i + 1, e)).collect::<Vec<_>>(),
        "partialFingerprints": {FINGERPRINT: f.fingerprint},
        "properties": {
            "key": f.key,
            "verdict": f.verdict.as_str(),
            "figure": f.figure(),
        },
    });
    let suppression = match &f.quiet {
        Some(Quiet::InSource { reason, .. }) => Some(json!({
            "kind": "inSource",
            "justification": reason,
        })),
        Some(Quiet::Baseline) => Some(json!({
            "kind": "external",
            "justification": "accepted in the baseline",
        })),
        None => None,
    };
    if let (Some(s), Some(obj)) = (suppression, r.as_object_mut()) {
        obj.insert("suppressions".into(), json!([s]));
    }
    r
}

pub fn write(findings: &[DraftFinding], out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = DraftVerdict::ALL
        .iter()
        .map(|&v| {
            let (short, full) = rule_text(v);
            json!({
                "id": rule_id(v),
                "name": v.as_str(),
                "shortDescription": {"text": short},
                "fullDescription": {"text": full},
                "defaultConfiguration": {"level": level(v.severity())},
            })
        })
        .collect();
    let results: Vec<Value> = super::by_position(findings)
        .into_iter()
        .map(result)
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "reconcile",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_with_forward_slashes_and_escapes() {
        assert_eq!(uri("drafts\\my draft.md"), "drafts/my%20draft.md");
        assert_eq!(uri("/tmp/a.md"), "file:///tmp/a.md");
        assert_eq!(uri("türk.md"), "t%C3%BCrk.md");
    }

    #[test]
    fn rule_ids_are_stable() {
        let ids: Vec<&str> = DraftVerdict::ALL.iter().map(|&v| rule_id(v)).collect();
        assert_eq!(
            ids,
            [
                "contradicted",
                "disputed",
                "period-mismatch",
                "supported",
                "unverified"
            ]
        );
    }
}
