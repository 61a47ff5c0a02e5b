//! A hand-built `Reconciliation` modelled on the seed corpus (`seeds/`, `gold/seeds.toml`), so
//! renderers can be tested while the pipeline that fills the model is still being built.
//! Lines, columns, byte spans and sentences are the real ones from the seed files.
//!
//! Include it with `#[path = "common/fixture.rs"] mod fixture;`.

#![allow(dead_code)]

use chrono::NaiveDate;
use reconcile::compare::{
    ComparedClaim, CopyGroup, Finding, Interval, Reconciliation, Severity, SourceInfo, SourceTrust,
    Stats, Suggestion, Verdict, Warning,
};
use reconcile::extract::{Hedge, Ignored, Mention, Period, Unit};
use reconcile::normalize::{Claim, IgnoredMention, Located, Unmapped};
use reconcile::rules::KeyKind;
use reconcile::text::Span;

pub const S000: &str = "000_ef070c6c139fbaa2";
pub const S001: &str = "001_c7ebae0e9b69a8fa";
pub const S002: &str = "002_ab58e8c5af7b79a3";
pub const S003: &str = "003_fa93dc6aeb8c9ce0";
pub const S004: &str = "004_0b1b2b64c9862a67";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid fixture date")
}

fn year(y: i32) -> Option<Period> {
    Period::year(y)
}

/// Where a figure is, as `normalize::locate` would have said.
#[allow(clippy::too_many_arguments)]
fn at(
    source: &str,
    line: usize,
    column: usize,
    end_column: usize,
    span: (usize, usize),
    sentence_span: (usize, usize),
    text: &str,
    sentence: &str,
) -> Located {
    Located {
        source: source.into(),
        line,
        column,
        end_line: line,
        end_column,
        text: text.into(),
        sentence: sentence.into(),
        mention: Mention {
            span: Span::new(span.0, span.1),
            sentence: Span::new(sentence_span.0, sentence_span.1),
            value: None,
            upper: None,
            unit: Unit::Count,
            hedge: Hedge::Exact,
            period: None,
            previous: None,
            ignored: None,
        },
    }
}

fn with(mut at: Located, value: f64, unit: Unit, hedge: Hedge, period: Option<Period>) -> Located {
    at.mention.value = Some(value);
    at.mention.unit = unit;
    at.mention.hedge = hedge;
    at.mention.period = period;
    at
}

fn closed(lower: f64, upper: f64) -> Interval {
    Interval {
        lower,
        upper,
        lower_open: false,
        upper_open: false,
    }
}

/// `over v`: (v, v·1.1]
fn over(v: f64) -> Interval {
    Interval {
        lower: v,
        upper: v * 1.1,
        lower_open: true,
        upper_open: false,
    }
}

fn claim(
    key: &str,
    at: Located,
    as_of: NaiveDate,
    evidence: &[&str],
    interval: Interval,
    cluster: usize,
) -> ComparedClaim {
    ComparedClaim {
        claim: Claim {
            key: key.to_string(),
            at,
            as_of: Some(as_of),
            evidence: evidence.iter().map(|&s| s.into()).collect(),
        },
        interval,
        cluster,
        superseded_by: None,
    }
}

fn usd() -> Unit {
    Unit::Currency("USD".to_string())
}

const S000_L7: &str = "There are currently around 3,500 Turkish-capital businesses operating in Kazakhstan, and 78 collaborative investment projects have been started so far.";
const S001_L15A: &str = "He noted that approximately 4,000 Turkish companies currently operate in Kazakhstan, implementing projects worth $6 billion in energy, construction, agriculture, infrastructure, medicine, and tourism.";
const S002_L13B: &str = "Tokayev and Erdoğan aim to raise this figure to $15 billion, while Turkish investments in Kazakhstan now total around $5 billion and Kazakh investments in Türkiye exceed $1.5 billion.";
const S003_L11: &str = "Stressing that Türkiye is the fifth largest commercial partner of Kazakhstan in 2021, they noted that they are pleased with the steady increase in the bilateral trade volume, and stated that necessary measures should be taken to increase the trade volume to $10 billion (TL 185.9 billion) in a balanced manner in the coming years.";

fn turkish_companies_in_kz() -> Finding {
    let key = "turkish_companies_in_kz";
    let claims = vec![
        claim(
            key,
            with(
                at(S000, 7, 135, 147, (2164, 2176), (2144, 2295), "around 3,500", S000_L7),
                3500.0,
                Unit::Count,
                Hedge::Approx,
                None,
            ),
            date(2025, 7, 29),
            &["Turkish-capital businesses", "operating in Kazakhstan"],
            closed(3325.0, 3675.0),
            0,
        ),
        claim(
            key,
            with(
                at(S001, 15, 15, 34, (1577, 1596), (1563, 1763), "approximately 4,000", S001_L15A),
                4000.0,
                Unit::Count,
                Hedge::Approx,
                None,
            ),
            date(2025, 7, 29),
            &["Turkish companies", "operate in Kazakhstan"],
            closed(3800.0, 4200.0),
            1,
        ),
        claim(
            key,
            with(
                at(
                    S002,
                    13,
                    233,
                    243,
                    (2328, 2338),
                    (2328, 2447),
                    "Some 4,000",
                    "Some 4,000 Turkish companies operate in Kazakhstan, supporting sectors from construction to agriculture and healthcare.",
                ),
                4000.0,
                Unit::Count,
                Hedge::Approx,
                None,
            ),
            date(2025, 7, 30),
            &["Turkish companies", "operate in Kazakhstan"],
            closed(3800.0, 4200.0),
            1,
        ),
        claim(
            key,
            with(
                at(
                    S004,
                    33,
                    186,
                    195,
                    (3564, 3573),
                    (3453, 3619),
                    "3 bin 538",
                    "2005 ila 2024 yılları arasında Türkiye, Kazakistan ekonomisine 5,2 milyar dolar yatırım yaparken ülkede 3 bin 538 Türk sermayeli şirket faaliyet gösteriyor.",
                ),
                3538.0,
                Unit::Count,
                Hedge::Exact,
                None,
            ),
            date(2026, 2, 2),
            &["Türk sermayeli şirket", "faaliyet gösteriyor"],
            closed(3538.0, 3538.0),
            0,
        ),
    ];
    Finding {
        key: key.to_string(),
        label: "Turkish companies operating in Kazakhstan".to_string(),
        unit: Unit::Count,
        kind: KeyKind::Stock,
        verdict: Verdict::Conflict,
        severity: Severity::Error,
        message: "4,000 (001, 002) disagrees with 3,500 (000) and 3,538 (004)".to_string(),
        suggested: Some(Suggestion {
            value: 3538.0,
            lower: 3538.0,
            upper: 3538.0,
            why: "the exact count (004) lies inside 000's \"around 3,500\"; 001 and 002 likely share one origin".to_string(),
        }),
        claims,
    }
}

fn kz_invest_in_tr() -> Finding {
    let key = "kz_invest_in_tr";
    let claims = vec![
        claim(
            key,
            with(
                at(
                    S001,
                    15,
                    237,
                    258,
                    (1800, 1821),
                    (1764, 1822),
                    "exceeded $2.5 billion",
                    "Kazakh investments in Türkiye have exceeded $2.5 billion.",
                ),
                2.5e9,
                usd(),
                Hedge::Over,
                None,
            ),
            date(2025, 7, 29),
            &["Kazakh investments", "in Türkiye"],
            over(2.5e9),
            1,
        ),
        claim(
            key,
            with(
                at(
                    S002,
                    13,
                    212,
                    231,
                    (2303, 2326),
                    (2132, 2327),
                    "exceed\u{202f}$1.5\u{202f}billion",
                    S002_L13B,
                ),
                1.5e9,
                usd(),
                Hedge::Over,
                None,
            ),
            date(2025, 7, 30),
            &["Kazakh investments", "in Türkiye"],
            over(1.5e9),
            0,
        ),
    ];
    Finding {
        key: key.to_string(),
        label: "Kazakh investment in Türkiye".to_string(),
        unit: usd(),
        kind: KeyKind::Stock,
        verdict: Verdict::Conflict,
        severity: Severity::Error,
        message: "over 2.5 billion (001) disagrees with over 1.5 billion (002)".to_string(),
        suggested: Some(Suggestion {
            value: 2.5e9,
            lower: 2.5e9,
            upper: 2.75e9,
            why: "both are lower bounds; the higher bound is the stronger claim, and 001 quotes an official".to_string(),
        }),
        claims,
    }
}

fn kz_tourists_to_tr() -> Finding {
    let key = "kz_tourists_to_tr";
    let claims = vec![
        claim(
            key,
            with(
                at(
                    S000,
                    9,
                    82,
                    89,
                    (2576, 2583),
                    (2495, 2615),
                    "863,000",
                    "Additionally, tourism is booming: in 2023, 130,000 Turks came to Kazakhstan, and 863,000 Kazakh visitors visited Turkey.",
                ),
                863000.0,
                Unit::Count,
                Hedge::Exact,
                year(2023),
            ),
            date(2023, 12, 31),
            &["Kazakh visitors", "visited Turkey"],
            closed(863000.0, 863000.0),
            0,
        ),
        claim(
            key,
            with(
                at(
                    S004,
                    43,
                    167,
                    174,
                    (4267, 4274),
                    (4204, 4292),
                    "863 bin",
                    "2024 yılında Türkiye’de tatil yapan Kazak turist sayısı 863 bin kişiye ulaştı.",
                ),
                863000.0,
                Unit::Count,
                Hedge::Exact,
                year(2024),
            ),
            date(2024, 12, 31),
            &["Kazak turist", "Türkiye’de tatil"],
            closed(863000.0, 863000.0),
            0,
        ),
    ];
    Finding {
        key: key.to_string(),
        label: "Kazakh tourists visiting Türkiye".to_string(),
        unit: Unit::Count,
        kind: KeyKind::Flow,
        verdict: Verdict::PeriodConflict,
        severity: Severity::Warning,
        message: "863,000 is for 2023 in 000 but for 2024 in 004".to_string(),
        suggested: Some(Suggestion {
            value: 863000.0,
            lower: 863000.0,
            upper: 863000.0,
            why: "the figure is not in doubt, its year is: check which year the official statistic covers".to_string(),
        }),
        claims,
    }
}

fn bilateral_trade_target() -> Finding {
    let key = "bilateral_trade_target";
    let mut old = claim(
        key,
        with(
            at(
                S003,
                11,
                259,
                270,
                (1624, 1635),
                (1365, 1696),
                "$10 billion",
                S003_L11,
            ),
            10e9,
            usd(),
            Hedge::Exact,
            None,
        ),
        date(2022, 10, 13),
        &["increase the trade volume to"],
        closed(10e9, 10e9),
        0,
    );
    old.superseded_by = Some(S001.to_string());
    let claims = vec![
        old,
        claim(
            key,
            with(
                at(
                    S001,
                    43,
                    282,
                    293,
                    (5044, 5055),
                    (4948, 5074),
                    "$15 billion",
                    "Kazakhstan stands among our largest trading partners, and we aim to boost our trade turnover to $15 billion,” said Erdoğan.",
                ),
                15e9,
                usd(),
                Hedge::Exact,
                None,
            ),
            date(2025, 7, 29),
            &["aim to boost our trade turnover to"],
            closed(15e9, 15e9),
            1,
        ),
        claim(
            key,
            with(
                at(
                    S002,
                    13,
                    97,
                    108,
                    (2181, 2194),
                    (2132, 2327),
                    "$15\u{202f}billion",
                    S002_L13B,
                ),
                15e9,
                usd(),
                Hedge::Exact,
                None,
            ),
            date(2025, 7, 30),
            &["aim to raise this figure to"],
            closed(15e9, 15e9),
            1,
        ),
    ];
    Finding {
        key: key.to_string(),
        label: "Bilateral trade target".to_string(),
        unit: usd(),
        kind: KeyKind::Target,
        verdict: Verdict::Superseded,
        severity: Severity::Info,
        message: "the 10 billion goal (003, 2022-10-13) was replaced by 15 billion (001, 002, 2025-07-29)".to_string(),
        suggested: Some(Suggestion {
            value: 15e9,
            lower: 15e9,
            upper: 15e9,
            why: "the newest goal stands; the older one is history, not a contradiction".to_string(),
        }),
        claims,
    }
}

fn joint_investment_projects() -> Finding {
    let key = "joint_investment_projects";
    let claims = vec![
        claim(
            key,
            with(
                at(S000, 7, 204, 206, (2233, 2235), (2144, 2295), "78", S000_L7),
                78.0,
                Unit::Count,
                Hedge::Exact,
                None,
            ),
            date(2025, 7, 29),
            &["collaborative investment projects"],
            closed(78.0, 78.0),
            0,
        ),
        claim(
            key,
            with(
                at(
                    S004,
                    35,
                    45,
                    47,
                    (3668, 3670),
                    (3621, 3701),
                    "78",
                    "Halihazırda Türkiye ile Kazakistan arasında 78 ortak proje hayata geçirildi.",
                ),
                78.0,
                Unit::Count,
                Hedge::Exact,
                None,
            ),
            date(2026, 2, 2),
            &["ortak proje"],
            closed(78.0, 78.0),
            0,
        ),
    ];
    Finding {
        key: key.to_string(),
        label: "Joint investment projects".to_string(),
        unit: Unit::Count,
        kind: KeyKind::Stock,
        verdict: Verdict::Agree,
        severity: Severity::Info,
        message: "000 and 004 agree on 78".to_string(),
        suggested: Some(Suggestion {
            value: 78.0,
            lower: 78.0,
            upper: 78.0,
            why: "two independent sources give the same exact figure".to_string(),
        }),
        claims,
    }
}

fn oil_transit_tonnes() -> Finding {
    let key = "oil_transit_tonnes";
    let tonne = || Unit::Measure("tonne".to_string());
    let claims = vec![claim(
        key,
        with(
            at(
                S002,
                7,
                123,
                155,
                (1016, 1048),
                (1016, 1190),
                "Approximately 1.4 million tonnes",
                "Approximately 1.4 million tonnes are already transported annually, and both sides aim to increase this volume with the support of the Turkish Petroleum company in Kazakhstan.",
            ),
            1.4e6,
            tonne(),
            Hedge::Approx,
            None,
        ),
        date(2025, 7, 30),
        &["transported annually"],
        closed(1.33e6, 1.47e6),
        0,
    )];
    Finding {
        key: key.to_string(),
        label: "Oil transported yearly".to_string(),
        unit: tonne(),
        kind: KeyKind::Flow,
        verdict: Verdict::SingleSource,
        severity: Severity::Info,
        message: "only 002 gives this figure".to_string(),
        suggested: Some(Suggestion {
            value: 1.4e6,
            lower: 1.33e6,
            upper: 1.47e6,
            why: "one source; nothing to compare it with".to_string(),
        }),
        claims,
    }
}

fn source(id: &str, lang: &str, published: NaiveDate, outlet: Option<&str>) -> SourceInfo {
    SourceInfo {
        id: id.to_string(),
        path: format!("seeds/{id}.txt"),
        lang: lang.to_string(),
        published: Some(published),
        outlet: outlet.map(str::to_string),
        trust: None,
    }
}

/// The seed corpus as `reconcile report seeds/` should see it (a subset of its keys).
pub fn seeds() -> Reconciliation {
    let findings = vec![
        turkish_companies_in_kz(),
        kz_invest_in_tr(),
        kz_tourists_to_tr(),
        bilateral_trade_target(),
        joint_investment_projects(),
        oil_transit_tonnes(),
    ];
    let mapped = findings.iter().map(|f| f.claims.len()).sum::<usize>();
    let unmapped = vec![
        Unmapped {
            at: with(
                at(S001, 15, 114, 124, (1676, 1686), (1563, 1763), "$6 billion", S001_L15A),
                6e9,
                usd(),
                Hedge::Exact,
                None,
            ),
            ambiguous: Vec::new(),
            closest: Some((
                "tr_invest_in_kz".to_string(),
                "\"projects worth\" is not investment".to_string(),
            )),
        },
        Unmapped {
            at: with(
                at(
                    S002,
                    35,
                    367,
                    369,
                    (3815, 3817),
                    (3806, 3992),
                    "54",
                    "Parubiy, 54, rose to prominence during Ukraine's Euromaidan movement, which advocated for closer ties with the EU and brought down pro-Russian former President Viktor Yanukovych in 2014.",
                ),
                54.0,
                Unit::Count,
                Hedge::Exact,
                None,
            ),
            ambiguous: Vec::new(),
            closest: None,
        },
    ];
    let ignored = vec![
        IgnoredMention {
            at: at(
                S000,
                1,
                230,
                234,
                (231, 235),
                (202, 410),
                "33rd",
                "The visit coincides with the 33rd anniversary of Kazakhstan and Turkey’s diplomatic ties, a milestone that both presidents are exploiting as a springboard for increased collaboration in a variety of fields.",
            ),
            reason: Ignored::Ordinal,
        },
        IgnoredMention {
            at: at(
                S000,
                4,
                43,
                47,
                (957, 961),
                (915, 1034),
                "1991",
                "Following the fall of the Soviet Union in 1991, Turkey was the first nation to acknowledge Kazakhstan’s independence.",
            ),
            reason: Ignored::Year,
        },
    ];
    let mut ignored = ignored;
    for i in &mut ignored {
        i.at.mention.ignored = Some(i.reason);
    }
    let stats = Stats {
        sources: 5,
        mentions: mapped + unmapped.len() + ignored.len(),
        mapped,
        unmapped: unmapped.len(),
        ignored: ignored.len(),
    };
    Reconciliation {
        sources: vec![
            source(S000, "en", date(2025, 7, 29), None),
            source(S001, "en", date(2025, 7, 29), Some("The Astana Times")),
            source(S002, "en", date(2025, 7, 30), Some("commonspace.eu")),
            source(S003, "en", date(2022, 10, 13), None),
            source(S004, "tr", date(2026, 2, 2), None),
        ]
        .into(),
        findings,
        unmapped,
        ignored,
        copies: vec![CopyGroup {
            sources: vec![S001.into(), S002.into()],
            shared: 4,
            of: 6,
            why: "4 of 6 figures identical, published a day apart".to_string(),
            origin: Some(S001.into()),
            pairs: Vec::new(),
        }],
        warnings: vec![Warning {
            source: S003.to_string(),
            line: 11,
            column: 272,
            message: "\"TL 185.9 billion\" restates \"$10 billion\" in another currency; kept as one claim"
                .to_string(),
        }],
        stats,
        ..Default::default()
    }
}

/// The seed fixture as `report --learn-trust --as-of 2025-12-31` would give it: a learned
/// trust per source (001 with a prior from the manifest, 003 untested) and the as-of date.
pub fn learned() -> Reconciliation {
    let mut rec = seeds();
    rec.as_of = Some(date(2025, 12, 31));
    let mut sources = rec.sources.to_infos();
    sources[1].trust = Some(0.8);
    rec.sources = sources.into();
    let t = |id: &str, prior: Option<f64>, learned: f64, facts, agreed, disputed| SourceTrust {
        source: id.to_string(),
        prior,
        learned,
        facts,
        agreed,
        disputed,
        iterations: 19,
    };
    rec.trust = vec![
        t(S000, None, 0.5974, 3, 2, 1),
        t(S001, Some(0.8), 0.6191, 3, 2, 1),
        t(S002, None, 0.6101, 2, 1, 1),
        t(S003, None, 0.6229, 0, 0, 0),
        t(S004, None, 0.6651, 1, 1, 0),
    ];
    rec
}

/// Hostile strings an article, a rule file or a path could carry.
pub const SCRIPT: &str = "<script>alert(1)</script>";
pub const IMG: &str = "\"><img src=x onerror=alert(1)>";
pub const JS_URL: &str = "javascript:alert(1)";

/// The seed fixture with hostile text in every string that comes from a source, a rule or a path.
pub fn hostile() -> Reconciliation {
    let payload = format!("{SCRIPT} {IMG} {JS_URL} | ' ` & \r\n=cmd");
    let mut rec = learned();
    for t in &mut rec.trust {
        t.source = format!("{}{IMG}", t.source);
    }
    let mut sources = rec.sources.to_infos();
    for s in &mut sources {
        s.id = format!("{}{IMG}", s.id);
        s.path = format!("{JS_URL}/{}{SCRIPT}", s.path);
        s.outlet = Some(payload.clone());
        s.lang = IMG.to_string();
    }
    rec.sources = sources.into();
    for f in &mut rec.findings {
        f.key = format!("{}{SCRIPT}", f.key);
        f.label = payload.clone();
        f.message = payload.clone();
        f.unit = Unit::Currency(IMG.to_string());
        if let Some(s) = &mut f.suggested {
            s.why = payload.clone();
        }
        for c in &mut f.claims {
            c.claim.key = f.key.clone();
            c.claim.at.source = format!("{}{IMG}", c.claim.at.source).into();
            c.claim.at.text = format!("{JS_URL}{IMG}").into();
            c.claim.at.sentence = format!("{} {} {}", payload, c.claim.at.text, payload).into();
            c.claim.at.mention.unit = Unit::Measure(SCRIPT.to_string());
            c.claim.evidence = vec![payload.clone().into()];
            if c.superseded_by.is_some() {
                c.superseded_by = Some(IMG.to_string());
            }
        }
    }
    for u in &mut rec.unmapped {
        u.at.source = format!("{}{IMG}", u.at.source).into();
        u.at.text = SCRIPT.to_string().into();
        u.at.sentence = payload.clone().into();
        u.ambiguous = vec![IMG.to_string(), SCRIPT.to_string()];
        u.closest = Some((JS_URL.to_string(), payload.clone()));
    }
    for i in &mut rec.ignored {
        i.at.source = format!("{}{IMG}", i.at.source).into();
        i.at.text = IMG.to_string().into();
        i.at.sentence = payload.clone().into();
    }
    for c in &mut rec.copies {
        c.sources = c
            .sources
            .iter()
            .map(|s| format!("{s}{IMG}").into())
            .collect();
        c.why = payload.clone();
    }
    for w in &mut rec.warnings {
        w.source = format!("{}{JS_URL}", w.source);
        w.message = payload.clone();
    }
    rec
}

/// Values no real corpus should produce but a renderer must survive: unbounded and NaN
/// intervals, claims with no value, no period and no date, an empty source list.
pub fn odd() -> Reconciliation {
    let mut rec = seeds();
    rec.sources = Default::default();
    for f in &mut rec.findings {
        for (i, c) in f.claims.iter_mut().enumerate() {
            match i % 4 {
                0 => {
                    c.interval.lower = f64::NEG_INFINITY;
                    c.interval.upper = f64::INFINITY;
                }
                1 => {
                    c.interval.lower = f64::NAN;
                    c.claim.at.mention.value = None;
                }
                2 => {
                    c.claim.as_of = None;
                    c.claim.at.mention.period = None;
                    c.interval.upper = f64::INFINITY;
                }
                _ => c.claim.at.text = Default::default(),
            }
            c.cluster = 1000 + i;
        }
        if let Some(s) = &mut f.suggested {
            s.value = f64::NAN;
        }
    }
    rec.findings.push(Finding {
        claims: Vec::new(),
        suggested: None,
        ..rec.findings[0].clone()
    });
    rec
}

/// Nothing found at all.
pub fn empty() -> Reconciliation {
    Reconciliation {
        sources: Default::default(),
        findings: Vec::new(),
        unmapped: Vec::new(),
        ignored: Vec::new(),
        copies: Vec::new(),
        warnings: Vec::new(),
        stats: Stats::default(),
        ..Default::default()
    }
}
