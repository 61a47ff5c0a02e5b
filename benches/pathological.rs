//! Pathological inputs must cost linear time: extraction (and the whole per-document pipeline)
//! is timed at sizes n, 2n, 4n and 8n, and the ratio per doubling is printed. Linear work
//! doubles (≈ 2×); quadratic work quadruples (≈ 4×). This is a benchmark, not a timed test:
//! read the ratios, do not assert on them.
//!
//! ```text
//! cargo bench --bench pathological            # all cases
//! cargo bench --bench pathological -- hedges  # cases whose name contains "hedges"
//! ```
//!
//! The largest size of each case is the one the robustness issue names: a sentence of
//! 100,000 digits, 10,000 hedges in a row, and so on.
#![allow(clippy::print_stdout)] // a bench binary owns its stdout, as main.rs does

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use reconcile::lang::Languages;
use reconcile::pipeline::Engine;
use reconcile::rules::RuleSet;
use reconcile::source::{self, LoadOptions};

/// One pathological input family: `make(k)` builds the input with `k` repetitions.
struct Case {
    name: &'static str,
    lang: &'static str,
    /// The document's file name, which decides text, Markdown or HTML for the pipeline.
    file: &'static str,
    /// `k` at size n; the sizes timed are n, 2n, 4n, 8n.
    n: usize,
    make: fn(usize) -> String,
}

fn repeat(unit: &str, k: usize) -> String {
    unit.repeat(k)
}

const CASES: &[Case] = &[
    Case {
        name: "digits: one number of 100,000 digits",
        lang: "en",
        file: "x.txt",
        n: 12_500,
        make: |k| format!("The total was {} companies.", repeat("7", k)),
    },
    Case {
        name: "digits: 100,000 digits in thousands groups",
        lang: "en",
        file: "x.txt",
        n: 3_125,
        make: |k| format!("The total was 1{} companies.", repeat(",000", k)),
    },
    Case {
        name: "digits: Turkish groups and decimals 1.000.000,5",
        lang: "tr",
        file: "x.txt",
        n: 3_125,
        make: |k| format!("Toplam 1{},5 şirket.", repeat(".000", k)),
    },
    Case {
        name: "digits: dotted identifier 1.2.3.4…",
        lang: "en",
        file: "x.txt",
        n: 6_250,
        make: |k| format!("Version {}9 shipped.", repeat("1.", k)),
    },
    Case {
        name: "hedges: 10,000 x 'around' before one figure",
        lang: "en",
        file: "x.txt",
        n: 1_250,
        make: |k| format!("{}3,500 companies operate.", repeat("around ", k)),
    },
    Case {
        name: "hedges: 10,000 x 'more than'",
        lang: "en",
        file: "x.txt",
        n: 1_250,
        make: |k| format!("{}20 visits.", repeat("more than ", k)),
    },
    Case {
        name: "hedges: 10,000 x 'yaklaşık' (tr)",
        lang: "tr",
        file: "x.txt",
        n: 1_250,
        make: |k| format!("{}3 bin 538 şirket.", repeat("yaklaşık ", k)),
    },
    Case {
        name: "hedges: 10,000 hedged figures in one sentence",
        lang: "en",
        file: "x.txt",
        n: 1_250,
        make: |k| {
            format!(
                "{}and that is all.",
                repeat("nearly 20 or more than 30, ", k)
            )
        },
    },
    Case {
        name: "words: number and scale words in a row",
        lang: "en",
        file: "x.txt",
        n: 1_250,
        make: |k| {
            format!(
                "{}companies.",
                repeat("one hundred twenty thousand million ", k)
            )
        },
    },
    Case {
        name: "words: 'bin' scale chain (tr)",
        lang: "tr",
        file: "x.txt",
        n: 2_500,
        make: |k| format!("3{}538 şirket.", repeat(" bin", k)),
    },
    Case {
        name: "ranges: 10-20-30-… chain",
        lang: "en",
        file: "x.txt",
        n: 2_500,
        make: |k| format!("Between {}99 tonnes.", repeat("10-", k)),
    },
    Case {
        name: "ranges: from 1 to 2 to 3 … changes",
        lang: "en",
        file: "x.txt",
        n: 1_250,
        make: |k| format!("It rose {}to 90 days.", repeat("from 30 ", k)),
    },
    Case {
        name: "periods: years in a row",
        lang: "en",
        file: "x.txt",
        n: 1_250,
        make: |k| format!("In {}trade was $5 billion.", repeat("2023 and ", k)),
    },
    Case {
        name: "sentence: one line, no sentence end, a figure every ~60 bytes",
        lang: "en",
        file: "x.txt",
        n: 2_500,
        make: |k| {
            repeat(
                "some 4,000 companies and nearly 20 agreements were signed, ",
                k,
            )
        },
    },
    Case {
        name: "suffixes: apostrophes and suffixes (tr)",
        lang: "tr",
        file: "x.txt",
        n: 1_250,
        make: |k| format!("{}fazla şirket.", repeat("20'den 12 binden %3,2'lik ", k)),
    },
    Case {
        name: "markdown: nested emphasis and brackets",
        lang: "en",
        file: "x.md",
        n: 1_250,
        make: |k| format!("{}4,000 companies{}", repeat("*[_", k), repeat("_]*", k)),
    },
    Case {
        name: "html: unclosed tags and comments",
        lang: "en",
        file: "x.html",
        n: 1_250,
        make: |k| format!("<p>{}4,000 companies", repeat("<b <!-- <i ", k)),
    },
];

/// Time `f` by repeating it until at least `budget` has passed; seconds per call, best of 3.
fn time(budget: Duration, mut f: impl FnMut()) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let start = Instant::now();
        let mut calls = 0u32;
        while start.elapsed() < budget {
            f();
            calls += 1;
        }
        best = best.min(start.elapsed().as_secs_f64() / f64::from(calls));
    }
    best
}

fn human(secs: f64) -> String {
    if secs < 1e-3 {
        format!("{:8.1} µs", secs * 1e6)
    } else if secs < 1.0 {
        format!("{:8.2} ms", secs * 1e3)
    } else {
        format!("{:8.2} s ", secs)
    }
}

fn main() {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let langs = Languages::builtin();
    let rules = RuleSet::load_dir(&root.join("rules")).expect("the project's rules load");
    let engine = Engine::new(rules, Languages::builtin());
    let budget = Duration::from_millis(60);

    println!(
        "pathological inputs: time per document at n, 2n, 4n, 8n; ratio per doubling (linear ≈ 2×)"
    );
    let mut worst: (f64, &str) = (0.0, "");
    for case in CASES {
        if !filter.is_empty() && !filter.iter().any(|f| case.name.contains(f.as_str())) {
            continue;
        }
        let lang = langs.get(case.lang).expect("language");
        println!("\n{}", case.name);
        for (stage, whole) in [("extract ", false), ("pipeline", true)] {
            let mut prev: Option<f64> = None;
            let mut line = format!("  {stage}");
            let mut ratios = Vec::new();
            for mult in [1, 2, 4, 8] {
                let text = (case.make)(case.n * mult);
                let secs = if whole {
                    let opts = LoadOptions {
                        lang: Some(case.lang.to_string()),
                        decode: None,
                    };
                    time(budget, || {
                        let src = source::from_text(
                            "p",
                            Path::new(case.file),
                            text.clone(),
                            &opts,
                            &langs,
                        );
                        black_box(engine.process(&src));
                    })
                } else {
                    time(budget, || {
                        black_box(reconcile::extract::extract(&text, lang, None));
                    })
                };
                line.push_str(&format!(" | {:>7} B {}", text.len(), human(secs)));
                if let Some(p) = prev {
                    ratios.push(secs / p);
                }
                prev = Some(secs);
            }
            let shown: Vec<String> = ratios.iter().map(|r| format!("{r:.2}×")).collect();
            println!("{line}\n  {stage} ratio per doubling: {}", shown.join(" "));
            let last = ratios.last().copied().unwrap_or(0.0);
            if last > worst.0 {
                worst = (last, case.name);
            }
        }
    }
    println!(
        "\nworst last doubling: {:.2}× ({}); linear ≈ 2×, quadratic ≈ 4×",
        worst.0, worst.1
    );
}
