//! Inline SVG plots for the HTML report, one per finding, drawn so the verdict is visible
//! before it is read: a number line of every claim's interval (filled end markers are closed
//! ends, hollow ones open; colour is the cluster, and each row is labelled with its source and
//! figure, so colour is never the only cue), a time axis of periods for a period conflict,
//! and a timeline by as-of date for a superseded target or stock.
//!
//! Plots scale with their `viewBox` at `width="100%"`; every label sits in a left gutter so
//! nothing overlaps whatever the values. All text goes through [`Html`]; no source string ever
//! reaches an attribute other than escaped text.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};

use crate::compare::{ComparedClaim, Finding, Interval, Verdict};
use crate::extract::{Period, Unit};
use crate::render::escape::Html;
use crate::render::human_number;
use crate::render::present::{
    bounds, currency_sign, figure, hedge_sign, hedge_words, period_words, SourceNames,
};

/// Width of every plot in user units; text is sized for this width seen at phone size.
const W: f64 = 340.0;
const MARGIN: f64 = 6.0;
const ROW: f64 = 26.0;
/// Room above the rows for the `suggested` label; plots without it start near the top.
const TOP: f64 = 22.0;
const TOP_BARE: f64 = 8.0;
const AXIS: f64 = 30.0;
/// Estimated advance of one character at the label font size (12), for laying out the gutter;
/// generous, since figures are bold and an overlap is worse than a gap.
const CHAR: f64 = 6.6;
const BOLD_CHAR: f64 = 7.6;
/// Colours for clusters, from the Okabe–Ito palette (distinguishable with colour blindness).
pub const CLUSTER_COLOURS: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
];

pub fn cluster_colour(cluster: usize) -> &'static str {
    CLUSTER_COLOURS[cluster % CLUSTER_COLOURS.len()]
}

/// The plot that fits the finding's verdict; nothing when no claim has a drawable value.
pub fn plot(f: &Finding, names: &SourceNames, id: &str, out: &mut dyn Write) -> io::Result<()> {
    match f.verdict {
        Verdict::PeriodConflict if f.claims.iter().any(|c| c.claim.at.mention.period.is_some()) => {
            period_axis(f, names, id, out)
        }
        Verdict::Superseded if f.claims.iter().any(|c| c.claim.as_of.is_some()) => {
            timeline(f, names, id, out)
        }
        _ => number_line(f, names, id, out),
    }
}

/// A row label in the gutter: the source's short name and its figure.
struct Row<'a> {
    source: &'a str,
    figure: String,
}

fn rows<'a>(f: &'a Finding, names: &'a SourceNames) -> Vec<Row<'a>> {
    f.claims
        .iter()
        .map(|c| Row {
            source: names.get(&c.claim.at.source),
            figure: compact_figure(c),
        })
        .collect()
}

/// `n` with a short unit only: a currency sign before it, `%` after it; nothing for counts and
/// measures (the card names them).
fn short_unit(n: String, unit: &Unit) -> String {
    match unit {
        Unit::Percent => format!("{n}%"),
        Unit::Currency(code) => match currency_sign(code) {
            Some(sign) => format!("{sign}{n}"),
            None => n,
        },
        Unit::Count | Unit::Measure(_) => n,
    }
}

/// The figure with its hedge as a sign and only a short unit (a currency sign, `%`; the card
/// names any other unit): `≈3,500`, `>$2.5 billion`, `≈85%`.
fn compact_figure(c: &ComparedClaim) -> String {
    let m = &c.claim.at.mention;
    let n = match (m.value, m.upper) {
        (Some(v), Some(u)) if m.hedge == crate::extract::Hedge::Range => {
            format!("{}–{}", human_number(v), human_number(u))
        }
        (Some(v), _) => human_number(v),
        (None, _) => return "?".to_string(),
    };
    format!("{}{}", hedge_sign(m.hedge), short_unit(n, &m.unit))
}

/// The claims' periods, when they name more than one (a flow whose sources agree within each
/// period): the plot then labels every row with its period, and the caption compares values
/// period by period.
fn several_periods(f: &Finding) -> bool {
    let mut periods = f.claims.iter().map(|c| c.claim.at.mention.period);
    match periods.next() {
        Some(first) => periods.any(|p| p != first),
        None => false,
    }
}

fn period_label(p: Option<Period>) -> String {
    p.map(|p| period_words(&p))
        .unwrap_or_else(|| "undated".to_string())
}

/// Cut `s` to at most `max` characters, ending with `…` when cut.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Gutter geometry: where the source name starts, where the figure ends, where plotting begins.
struct Gutter {
    source_chars: usize,
    figure_end: f64,
    plot_start: f64,
    top: f64,
}

impl Gutter {
    fn row_y(&self, i: usize) -> f64 {
        self.top + ROW * i as f64 + ROW / 2.0
    }

    fn height(&self, rows: usize) -> f64 {
        self.top + ROW * rows as f64 + AXIS
    }
}

fn gutter(rows: &[Row<'_>], top: f64) -> Gutter {
    let source_chars = rows
        .iter()
        .map(|r| r.source.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(3, 12);
    let figure_chars = rows
        .iter()
        .map(|r| r.figure.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(2, 16);
    let figure_end = MARGIN + source_chars as f64 * CHAR + 10.0 + figure_chars as f64 * BOLD_CHAR;
    Gutter {
        source_chars,
        figure_end,
        plot_start: figure_end + 14.0,
        top,
    }
}

fn open_svg(out: &mut dyn Write, id: &str, height: f64, title: &str, desc: &str) -> io::Result<()> {
    write!(
        out,
        "<svg class=\"plot\" viewBox=\"0 0 {W} {height:.0}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"{id}-t {id}-d\" preserveAspectRatio=\"xMinYMin meet\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        Html(title),
        Html(desc)
    )
}

fn row_labels(out: &mut dyn Write, rows: &[Row<'_>], g: &Gutter) -> io::Result<()> {
    for (i, r) in rows.iter().enumerate() {
        let y = g.row_y(i) + 4.0;
        write!(
            out,
            "<text class=\"src\" x=\"{MARGIN}\" y=\"{y:.1}\">{}</text>\
             <text class=\"fig\" x=\"{:.1}\" y=\"{y:.1}\" text-anchor=\"end\">{}</text>",
            Html(&clip(r.source, g.source_chars)),
            g.figure_end,
            Html(&clip(&r.figure, 16))
        )?;
        if i > 0 {
            let y = g.row_y(i) - ROW / 2.0;
            write!(
                out,
                "<line class=\"sep\" x1=\"{MARGIN}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>",
                W - MARGIN
            )?;
        }
    }
    Ok(())
}

/// A linear map from data to the plot area.
struct Scale {
    lo: f64,
    hi: f64,
    x0: f64,
    x1: f64,
}

impl Scale {
    fn x(&self, v: f64) -> f64 {
        let v = v.clamp(self.lo, self.hi);
        self.x0 + (v - self.lo) / (self.hi - self.lo) * (self.x1 - self.x0)
    }
}

/// Pad `lo..hi` so points do not sit on the edges, and make it at least ±10% of its middle
/// (or ±1) wide, so figures that agree exactly show as small marks with their tolerance, not
/// as bars across the whole plot.
fn padded(lo: f64, hi: f64) -> (f64, f64) {
    let span = hi - lo;
    let (lo, hi) = (lo - span * 0.08, hi + span * 0.08);
    let mid = (lo + hi) / 2.0;
    let half = ((hi - lo) / 2.0).max((mid.abs() * 0.1).max(1.0));
    (mid - half, mid + half)
}

/// About `n` round tick values (1, 2 or 5 × 10^k apart) inside `lo..=hi`.
fn ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return Vec::new();
    }
    let raw = span / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let mut out = Vec::new();
    let mut t = (lo / step).ceil() * step;
    while t <= hi && out.len() < 20 {
        // clean float noise (0.30000000000000004)
        out.push((t / step).round() * step);
        t += step;
    }
    out
}

/// Tick labels short enough to sit side by side: `3,400`, `1.5B`, `863k`.
fn tick_label(v: f64) -> String {
    let a = v.abs();
    let (scaled, suffix) = if a >= 1e9 {
        (v / 1e9, "B")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e5 {
        (v / 1e3, "k")
    } else {
        return human_number(v);
    };
    let t = format!("{scaled:.2}");
    format!("{}{suffix}", t.trim_end_matches('0').trim_end_matches('.'))
}

fn axis(out: &mut dyn Write, y: f64, x0: f64, x1: f64, ticks: &[(f64, String)]) -> io::Result<()> {
    write!(
        out,
        "<line class=\"axis\" x1=\"{x0:.1}\" x2=\"{x1:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>"
    )?;
    for (x, label) in ticks {
        let lx = x.clamp(x0 + 14.0, x1 - 14.0);
        write!(
            out,
            "<line class=\"tick\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{y:.1}\" y2=\"{:.1}\"/>\
             <text class=\"tl\" x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            y + 5.0,
            y + 18.0,
            Html(label)
        )?;
    }
    Ok(())
}

/// End marker: filled when the end is included, hollow when it is open.
fn end_marker(out: &mut dyn Write, x: f64, y: f64, colour: &str, open: bool) -> io::Result<()> {
    if open {
        write!(
            out,
            "<circle class=\"open\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" fill=\"#fff\" \
             stroke=\"{colour}\" stroke-width=\"2\"/>"
        )
    } else {
        write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" fill=\"{colour}\"/>"
        )
    }
}

/// An arrowhead at the plot edge for an end that runs off to infinity.
fn arrow(out: &mut dyn Write, x: f64, y: f64, colour: &str, right: bool) -> io::Result<()> {
    let d = if right { 7.0 } else { -7.0 };
    write!(
        out,
        "<path d=\"M{:.1},{:.1} L{:.1},{y:.1} L{:.1},{:.1} Z\" fill=\"{colour}\"/>",
        x - d,
        y - 5.0,
        x,
        x - d,
        y + 5.0
    )
}

fn interval_words(i: &Interval) -> String {
    let ends = match (i.lower_open, i.upper_open) {
        (false, false) => "closed",
        (true, true) => "open",
        (true, false) => "open below, closed above",
        (false, true) => "closed below, open above",
    };
    format!("{} ({ends})", bounds(i.lower, i.upper))
}

/// Every claim's interval on one value axis.
pub fn number_line(
    f: &Finding,
    names: &SourceNames,
    id: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let finite = f
        .claims
        .iter()
        .flat_map(|c| {
            [
                c.interval.lower,
                c.interval.upper,
                c.claim.at.mention.value.unwrap_or(f64::NAN),
            ]
        })
        .chain(f.suggested.iter().map(|s| s.value))
        .filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !(lo.is_finite() && hi.is_finite()) {
        return Ok(());
    }
    let (lo, hi) = padded(lo, hi);
    let rows = rows(f, names);
    let suggested = f.suggested.as_ref().filter(|s| s.value.is_finite());
    let g = gutter(&rows, if suggested.is_some() { TOP } else { TOP_BARE });
    let scale = Scale {
        lo,
        hi,
        x0: g.plot_start,
        x1: W - MARGIN - 4.0,
    };
    let h = g.height(rows.len());
    let title = format!(
        "Number line of {} claim{} for {}",
        f.claims.len(),
        if f.claims.len() == 1 { "" } else { "s" },
        f.label
    );
    let desc = f
        .claims
        .iter()
        .map(|c| {
            format!(
                "{}: {} ({}), allows {}, cluster {}",
                names.get(&c.claim.at.source),
                figure(&c.claim.at.mention),
                hedge_words(c.claim.at.mention.hedge),
                interval_words(&c.interval),
                cluster_name(c.cluster)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    open_svg(out, id, h, &title, &desc)?;
    row_labels(out, &rows, &g)?;
    let dated = several_periods(f);
    if let Some(s) = suggested {
        let x = scale.x(s.value);
        write!(
            out,
            "<line class=\"suggest\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/>\
             <text class=\"tl\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">suggested</text>",
            g.top - 4.0,
            h - AXIS,
            x.clamp(scale.x0 + 28.0, scale.x1 - 28.0),
            g.top - 8.0
        )?;
    }
    for (i, c) in f.claims.iter().enumerate() {
        let y = g.row_y(i);
        let colour = cluster_colour(c.cluster);
        let iv = &c.interval;
        let class = if c.superseded_by.is_some() {
            " class=\"old\""
        } else {
            ""
        };
        write!(out, "<g{class}>")?;
        let (l, u) = (iv.lower, iv.upper);
        if l.is_nan() || u.is_nan() {
            write!(out, "</g>")?;
            continue;
        }
        let (xl, xu) = (scale.x(l), scale.x(u));
        if l == u {
            end_marker(out, xl, y, colour, iv.lower_open && iv.upper_open)?;
        } else {
            write!(
                out,
                "<line x1=\"{xl:.1}\" x2=\"{xu:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" \
                 stroke=\"{colour}\" stroke-width=\"4\"/>"
            )?;
            if l.is_finite() {
                end_marker(out, xl, y, colour, iv.lower_open)?;
            } else {
                arrow(out, xl, y, colour, false)?;
            }
            if u.is_finite() {
                end_marker(out, xu, y, colour, iv.upper_open)?;
            } else {
                arrow(out, xu, y, colour, true)?;
            }
            if let Some(v) = c.claim.at.mention.value {
                if v.is_finite() && v > l && v < u {
                    let xv = scale.x(v);
                    write!(
                        out,
                        "<line x1=\"{xv:.1}\" x2=\"{xv:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" \
                         stroke=\"{colour}\" stroke-width=\"2\"/>",
                        y - 7.0,
                        y + 7.0
                    )?;
                }
            }
        }
        if dated {
            period_tag(out, c, xl.min(xu), xl.max(xu), y, &scale)?;
        }
        write!(out, "</g>")?;
    }
    let ticks: Vec<(f64, String)> = ticks(lo, hi, 5)
        .into_iter()
        .map(|t| (scale.x(t), tick_label(t)))
        .collect();
    axis(out, h - AXIS + 6.0, scale.x0, scale.x1, &ticks)?;
    write!(out, "</svg>")
}

/// The claim's period in small text beside its interval: after its right end when there is
/// room, else before its left end.
fn period_tag(
    out: &mut dyn Write,
    c: &ComparedClaim,
    left: f64,
    right: f64,
    y: f64,
    scale: &Scale,
) -> io::Result<()> {
    let label = period_label(c.claim.at.mention.period);
    let w = label.chars().count() as f64 * CHAR * 0.9;
    let (x, anchor) = if right + 9.0 + w <= scale.x1 + MARGIN {
        (right + 9.0, "start")
    } else if left - 9.0 - w >= scale.x0 {
        (left - 9.0, "end")
    } else {
        // no room on either side: above the interval's middle
        return write!(
            out,
            "<text class=\"tl\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            ((left + right) / 2.0).clamp(scale.x0 + w / 2.0, scale.x1 - w / 2.0),
            y - 7.0,
            Html(&label)
        );
    };
    write!(
        out,
        "<text class=\"tl\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
        y + 4.0,
        Html(&label)
    )
}

/// `A`, `B`, … for clusters 0, 1, …; `A1`… past `Z`.
pub fn cluster_name(cluster: usize) -> String {
    let letter = char::from(b'A' + (cluster % 26) as u8);
    if cluster < 26 {
        letter.to_string()
    } else {
        format!("{letter}{}", cluster / 26)
    }
}

fn days(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

/// Year ticks (1 January) inside `lo..=hi` days, thinned to about five.
fn year_ticks(lo: f64, hi: f64, scale: &Scale) -> Vec<(f64, String)> {
    let (Some(a), Some(b)) = (
        NaiveDate::from_num_days_from_ce_opt(lo.floor() as i32),
        NaiveDate::from_num_days_from_ce_opt(hi.ceil() as i32),
    ) else {
        return Vec::new();
    };
    let years: Vec<i32> = (a.year()..=b.year()).collect();
    let step = years.len().div_ceil(5).max(1);
    years
        .iter()
        .step_by(step)
        .filter_map(|&y| NaiveDate::from_ymd_opt(y, 1, 1))
        .map(days)
        .filter(|&d| d >= lo && d <= hi)
        .map(|d| {
            let label = NaiveDate::from_num_days_from_ce_opt(d as i32)
                .map(|x| x.year().to_string())
                .unwrap_or_default();
            (scale.x(d), label)
        })
        .collect()
}

/// For a period conflict: each claim drawn as a bar over the period it is attributed to.
pub fn period_axis(
    f: &Finding,
    names: &SourceNames,
    id: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let spans: Vec<Option<(f64, f64)>> = f
        .claims
        .iter()
        .map(|c| match (c.claim.at.mention.period, c.claim.as_of) {
            (Some(p), _) => Some((days(p.start), days(p.end) + 1.0)),
            (None, Some(d)) => Some((days(d), days(d))),
            (None, None) => None,
        })
        .collect();
    let (lo, hi) = spans
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(a, b)| {
            (lo.min(a), hi.max(b))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return number_line(f, names, id, out);
    }
    let pad = ((hi - lo) * 0.1).max(45.0);
    let (lo, hi) = (lo - pad, hi + pad);
    let rows = rows(f, names);
    let g = gutter(&rows, TOP_BARE);
    let scale = Scale {
        lo,
        hi,
        x0: g.plot_start,
        x1: W - MARGIN - 4.0,
    };
    let h = g.height(rows.len());
    let title = format!("Time axis of the periods claimed for {}", f.label);
    let desc = f
        .claims
        .iter()
        .map(|c| {
            let period = c
                .claim
                .at
                .mention
                .period
                .map(|p| p.to_string())
                .unwrap_or_else(|| "no period".to_string());
            format!(
                "{}: {} for {period}",
                names.get(&c.claim.at.source),
                figure(&c.claim.at.mention)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    open_svg(out, id, h, &title, &desc)?;
    row_labels(out, &rows, &g)?;
    for (i, (c, span)) in f.claims.iter().zip(&spans).enumerate() {
        let Some((a, b)) = *span else { continue };
        let y = g.row_y(i);
        let colour = cluster_colour(c.cluster);
        let (xa, xb) = (scale.x(a), scale.x(b));
        match c.claim.at.mention.period {
            Some(p) => {
                write!(
                    out,
                    "<rect x=\"{xa:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" rx=\"3\" \
                     fill=\"{colour}\"/>",
                    y - 7.0,
                    (xb - xa).max(3.0)
                )?;
                let label = p.to_string();
                // inside the bar when it fits, else just past its end
                let inside = (xb - xa) > label.chars().count() as f64 * CHAR + 8.0;
                if inside {
                    write!(
                        out,
                        "<text class=\"in\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                        (xa + xb) / 2.0,
                        y + 4.0,
                        Html(&label)
                    )?;
                }
            }
            None => end_marker(out, xa, y, colour, true)?,
        }
    }
    let ticks = year_ticks(lo, hi, &scale);
    axis(out, h - AXIS + 6.0, scale.x0, scale.x1, &ticks)?;
    write!(out, "</svg>")
}

/// For a superseded key: each claim placed at its as-of date; replaced claims hollow.
pub fn timeline(f: &Finding, names: &SourceNames, id: &str, out: &mut dyn Write) -> io::Result<()> {
    let dates: Vec<Option<f64>> = f.claims.iter().map(|c| c.claim.as_of.map(days)).collect();
    let (lo, hi) = dates
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &d| {
            (lo.min(d), hi.max(d))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return number_line(f, names, id, out);
    }
    let pad = ((hi - lo) * 0.1).max(60.0);
    let (lo, hi) = (lo - pad, hi + pad);
    let rows = rows(f, names);
    let g = gutter(&rows, TOP_BARE);
    let scale = Scale {
        lo,
        hi,
        x0: g.plot_start,
        x1: W - MARGIN - 4.0,
    };
    let h = g.height(rows.len());
    let title = format!("Timeline of {} by date", f.label);
    let desc = f
        .claims
        .iter()
        .map(|c| {
            format!(
                "{}: {} as of {}{}",
                names.get(&c.claim.at.source),
                figure(&c.claim.at.mention),
                c.claim
                    .as_of
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "an unknown date".to_string()),
                if c.superseded_by.is_some() {
                    ", superseded"
                } else {
                    ""
                }
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    open_svg(out, id, h, &title, &desc)?;
    row_labels(out, &rows, &g)?;
    // a thin line joining the points in date order shows the succession
    let mut points: Vec<(f64, f64)> = dates
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.map(|d| (scale.x(d), g.row_y(i))))
        .collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    if points.len() > 1 {
        let path: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        write!(
            out,
            "<polyline class=\"succession\" points=\"{}\" fill=\"none\"/>",
            path.join(" ")
        )?;
    }
    for (i, (c, d)) in f.claims.iter().zip(&dates).enumerate() {
        let Some(d) = *d else { continue };
        let y = g.row_y(i);
        let x = scale.x(d);
        let colour = cluster_colour(c.cluster);
        let old = c.superseded_by.is_some();
        end_marker(out, x, y, colour, old)?;
        let date = c.claim.as_of.map(|d| d.to_string()).unwrap_or_default();
        let label = if old {
            format!("{date} (replaced)")
        } else {
            date
        };
        let w = label.chars().count() as f64 * CHAR * 0.9;
        let (lx, anchor) = if x + 8.0 + w <= scale.x1 + MARGIN {
            (x + 8.0, "start")
        } else {
            (x - 8.0, "end")
        };
        write!(
            out,
            "<text class=\"tl\" x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            y + 4.0,
            Html(&label)
        )?;
    }
    let ticks = year_ticks(lo, hi, &scale);
    axis(out, h - AXIS + 6.0, scale.x0, scale.x1, &ticks)?;
    write!(out, "</svg>")
}

/// The relation the number line shows, in symbols: `3,500 ≈ 3,538 ≠ 4,000`. Values (without
/// their hedges, which the plot shows) in one cluster are joined by `≈`, clusters by `≠`;
/// `None` when there is only one distinct value.
///
/// When the claims name several periods, each period's values are compared on their own:
/// `Jan–May 2024: 1.9 billion · 2024: 5 billion`.
pub fn relation(f: &Finding) -> Option<String> {
    if several_periods(f) {
        type When = (bool, Option<(NaiveDate, NaiveDate)>, Option<Period>);
        let mut groups: std::collections::BTreeMap<When, Vec<&ComparedClaim>> = Default::default();
        for c in &f.claims {
            let p = c.claim.at.mention.period;
            // periods in calendar order (by start, then end), undated figures last
            let when = (p.is_none(), p.map(|p| (p.start, p.end)), p);
            groups.entry(when).or_default().push(c);
        }
        let parts: Vec<String> = groups
            .into_iter()
            .filter_map(|((_, _, p), claims)| {
                let chain = chain(claims.into_iter())?;
                Some(format!("{}: {chain}", period_label(p)))
            })
            .collect();
        return (!parts.is_empty()).then(|| parts.join(" · "));
    }
    let text = chain(f.claims.iter())?;
    text.contains(['≈', '≠']).then_some(text)
}

/// The values of `claims`, one cluster's joined by `≈`, clusters by `≠`; `None` without values.
fn chain<'a>(claims: impl Iterator<Item = &'a ComparedClaim>) -> Option<String> {
    let mut clusters: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    for c in claims {
        let Some(v) = c.claim.at.mention.value else {
            continue;
        };
        let fig = short_unit(human_number(v), &c.claim.at.mention.unit);
        let list = clusters.entry(c.cluster).or_default();
        if !list.contains(&fig) {
            list.push(fig);
        }
    }
    if clusters.is_empty() {
        return None;
    }
    Some(
        clusters
            .values()
            .map(|l| l.join(" ≈ "))
            .collect::<Vec<_>>()
            .join(" ≠ "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers_inside_the_range() {
        assert_eq!(
            ticks(3250.0, 4300.0, 5),
            vec![3250.0, 3500.0, 3750.0, 4000.0, 4250.0]
        );
        assert_eq!(ticks(0.0, 1.0, 4), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert!(ticks(1.0, 1.0, 4).is_empty());
        assert!(ticks(f64::NAN, 1.0, 4).is_empty());
    }

    #[test]
    fn tick_labels_stay_short() {
        assert_eq!(tick_label(1.5e9), "1.5B");
        assert_eq!(tick_label(863000.0), "863k");
        assert_eq!(tick_label(3400.0), "3,400");
    }

    #[test]
    fn clip_never_splits_a_character() {
        assert_eq!(clip("Çorum’da", 4), "Çor…");
        assert_eq!(clip("000", 4), "000");
    }

    #[test]
    fn cluster_names_run_past_z() {
        assert_eq!(cluster_name(0), "A");
        assert_eq!(cluster_name(27), "B1");
    }
}
