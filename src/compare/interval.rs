//! How a hedge becomes an interval, and which intervals agree.
//!
//! A reporter who writes "exceeded $1.5 billion" means a little more than 1.5, not 2.6, so
//! `over` is the half-open interval (v, v·(1+slack)] rather than (v, ∞): open-ended bounds
//! would make every lower bound agree with every larger figure and hide real conflicts.
//! Likewise `almost` and `under` are [v·(1−slack), v). An exact figure is widened by the
//! key's tolerance (rounding: 3,538 and "3,500" agree at 2%), an approximate one by the
//! larger of the tolerance and the approximation half-width. Ends are open or closed as the
//! words say: "almost 20" and "more than 20" do not meet at 20, so they conflict.

use serde::Serialize;

use crate::extract::Hedge;

/// The values a claim allows, with open or closed ends.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
    pub lower_open: bool,
    pub upper_open: bool,
}

/// How wide hedged figures are, relative to their value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Widths {
    /// Rounding allowed on exact figures (the key's tolerance).
    pub tolerance: f64,
    /// Half-width of `approx` ("around 3,500").
    pub approx: f64,
    /// Reach of `over`, `almost`, `under`, `at_least`, `at_most`.
    pub slack: f64,
}

/// Default half-width of an `approx` figure, relative.
pub const DEFAULT_APPROX: f64 = 0.05;
/// Default reach of `over`/`almost`, relative.
pub const DEFAULT_SLACK: f64 = 0.10;

impl Interval {
    /// Everything: for a hedged figure with no value ("dozens").
    pub const UNBOUNDED: Interval = Interval {
        lower: f64::NEG_INFINITY,
        upper: f64::INFINITY,
        lower_open: true,
        upper_open: true,
    };

    fn closed(a: f64, b: f64) -> Interval {
        Interval {
            lower: a.min(b),
            upper: a.max(b),
            lower_open: false,
            upper_open: false,
        }
    }

    /// The interval a hedged figure allows.
    pub fn of(value: Option<f64>, upper: Option<f64>, hedge: Hedge, w: Widths) -> Interval {
        let Some(v) = value.filter(|v| v.is_finite()) else {
            return Interval::UNBOUNDED;
        };
        let m = v.abs();
        let tol = m * w.tolerance;
        let slack = m * w.slack;
        let iv = match hedge {
            Hedge::Exact => Interval::closed(v - tol, v + tol),
            Hedge::Approx => {
                let d = m * w.approx.max(w.tolerance);
                Interval::closed(v - d, v + d)
            }
            Hedge::Over => Interval {
                lower: v,
                upper: v + slack,
                lower_open: true,
                upper_open: false,
            },
            Hedge::AtLeast => Interval::closed(v, v + slack),
            Hedge::Almost | Hedge::Under => Interval {
                lower: v - slack,
                upper: v,
                lower_open: false,
                upper_open: true,
            },
            Hedge::AtMost => Interval::closed(v - slack, v),
            Hedge::Range => match upper.filter(|u| u.is_finite()) {
                Some(u) => Interval::closed(v - tol, u + u.abs() * w.tolerance),
                None => Interval::closed(v - tol, v + tol),
            },
        };
        // A hedge with no reach ("over 0", or a key with slack 0) would give an interval with
        // no value in it, (0, 0], which disagrees even with itself: keep the figure instead.
        if iv.lower == iv.upper && (iv.lower_open || iv.upper_open) {
            return Interval::closed(iv.lower, iv.upper);
        }
        iv
    }

    /// Do the two intervals share at least one value?
    pub fn overlaps(&self, other: &Interval) -> bool {
        let below = |a: &Interval, b: &Interval| {
            a.upper < b.lower || (a.upper == b.lower && (a.upper_open || b.lower_open))
        };
        !below(self, other) && !below(other, self)
    }

    pub fn width(&self) -> f64 {
        self.upper - self.lower
    }

    pub fn midpoint(&self) -> f64 {
        (self.lower + self.upper) / 2.0
    }
}

/// Group intervals into clusters of agreement: connected components of the overlap graph.
/// Returns one cluster number per input, numbered from 0 in order of the clusters' lowest
/// value, so the numbering does not depend on input order.
pub fn clusters(intervals: &[Interval]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..intervals.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&intervals[a], &intervals[b]);
        x.lower
            .total_cmp(&y.lower)
            .then(x.lower_open.cmp(&y.lower_open))
            .then(x.upper.total_cmp(&y.upper))
    });
    let mut out = vec![0; intervals.len()];
    let mut cluster = 0;
    // The running end of the current cluster: the largest upper bound seen, with openness.
    let mut reach: Option<Interval> = None;
    for &i in &order {
        let iv = intervals[i];
        match reach {
            Some(r) if r.overlaps(&iv) || iv.lower < r.upper => {
                if iv.upper > r.upper || (iv.upper == r.upper && !iv.upper_open) {
                    reach = Some(Interval {
                        upper: iv.upper,
                        upper_open: iv.upper_open,
                        ..r
                    });
                }
            }
            Some(_) => {
                cluster += 1;
                reach = Some(iv);
            }
            None => reach = Some(iv),
        }
        out[i] = cluster;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: Widths = Widths {
        tolerance: 0.02,
        approx: DEFAULT_APPROX,
        slack: DEFAULT_SLACK,
    };

    fn iv(v: f64, h: Hedge) -> Interval {
        Interval::of(Some(v), None, h, W)
    }

    #[test]
    fn almost_20_and_more_than_20_conflict() {
        assert!(!iv(20.0, Hedge::Almost).overlaps(&iv(20.0, Hedge::Over)));
    }

    #[test]
    fn exceeded_2_5_and_exceeded_1_5_billion_conflict() {
        assert!(!iv(2.5e9, Hedge::Over).overlaps(&iv(1.5e9, Hedge::Over)));
    }

    #[test]
    fn surpassed_5_billion_agrees_with_5_billion() {
        assert!(iv(5e9, Hedge::Over).overlaps(&iv(5e9, Hedge::Exact)));
    }

    #[test]
    fn around_3500_agrees_with_3538_but_not_with_around_4000() {
        let a = iv(3500.0, Hedge::Approx);
        assert!(a.overlaps(&iv(3538.0, Hedge::Exact)));
        assert!(!a.overlaps(&iv(4000.0, Hedge::Approx)));
        assert!(!iv(3538.0, Hedge::Exact).overlaps(&iv(4000.0, Hedge::Approx)));
    }

    #[test]
    fn around_85_agrees_with_nearly_85() {
        assert!(iv(85.0, Hedge::Approx).overlaps(&iv(85.0, Hedge::Almost)));
    }

    #[test]
    fn up_to_90_agrees_with_90() {
        assert!(iv(90.0, Hedge::AtMost).overlaps(&iv(90.0, Hedge::Exact)));
    }

    #[test]
    fn a_figure_without_value_agrees_with_everything() {
        let dozens = Interval::of(None, None, Hedge::Approx, W);
        assert!(dozens.overlaps(&iv(12.0, Hedge::Exact)));
    }

    #[test]
    fn clusters_do_not_depend_on_input_order() {
        let a = [
            iv(4000.0, Hedge::Approx),
            iv(3500.0, Hedge::Approx),
            iv(3538.0, Hedge::Exact),
            iv(4000.0, Hedge::Approx),
        ];
        assert_eq!(clusters(&a), vec![1, 0, 0, 1]);
        let b = [a[2], a[3], a[0], a[1]];
        assert_eq!(clusters(&b), vec![0, 1, 1, 0]);
    }

    #[test]
    fn chained_overlaps_form_one_cluster() {
        let a = [
            Interval::closed(0.0, 2.0),
            Interval::closed(1.0, 5.0),
            Interval::closed(4.0, 6.0),
        ];
        assert_eq!(clusters(&a), vec![0, 0, 0]);
    }
}
