//! The `reconcile` command: parse arguments, call the library, print, choose the exit status.
//! Exit statuses: 0 success; 1 a lint finding at or above `--deny`, or a failing rule example;
//! 2 bad input (unreadable source, broken rule file, bad arguments).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use reconcile::cli::{self, Cli, Command, Common, RulesCommand};
use reconcile::lang::Languages;
use reconcile::pipeline::Engine;
use reconcile::render::{self, ReportFormat};
use reconcile::rules::RuleSet;
use reconcile::source::{LoadError, LoadOptions};

const BAD_INPUT: u8 = 2;

/// `eprintln!` for every line that may quote a file name, a rule file or article text: the
/// line is cleared of control characters (an escape in a file name, say) and kept to one line.
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", reconcile::text::neutralize_controls(&format!($($arg)*)))
    };
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Report(args) => report(args),
        Command::Claims(args) => claims(args),
        Command::Rules(RulesCommand::Test { common }) => rules_test(&common),
        Command::Rules(RulesCommand::List { common }) => rules_list(&common),
        Command::Rules(RulesCommand::Suggest {
            paths,
            output,
            common,
        }) => rules_suggest(&paths, output.as_deref(), &common),
        Command::Check(args) => check(args),
        Command::Lint(args) => lint(args),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Exit(code)) => code,
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            say!("error: {e}");
            ExitCode::from(BAD_INPUT)
        }
    }
}

/// Why a command stopped early.
enum Failure {
    /// The message is already printed; exit with this status.
    Exit(ExitCode),
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

/// The rules under `--rules` (or the default folder), compiled with `langs`: the languages the
/// run goes on to use, so the language files are parsed once per run, not once per step.
fn load_rules(common: &Common, langs: &Languages) -> Result<RuleSet, Failure> {
    let dir = cli::rules_dir(common.rules.as_deref());
    RuleSet::load_dir_with(&dir, langs).map_err(|errors| {
        for e in &errors {
            say!("error: {e}");
        }
        say!(
            "error: {} problem{} in the rules under {}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            dir.display()
        );
        Failure::Exit(ExitCode::from(BAD_INPUT))
    })
}

fn load_options(common: &Common) -> LoadOptions {
    LoadOptions {
        lang: common.lang.clone(),
        decode: common.decode.clone(),
    }
}

fn engine(common: &Common) -> Result<Engine, Failure> {
    let langs = Languages::builtin();
    Ok(Engine::new(load_rules(common, &langs)?, langs))
}

/// Print load errors; the status the run ends with (2 when any input failed, unless
/// `--keep-going`).
fn finish(errors: &[LoadError], common: &Common) -> ExitCode {
    for e in errors {
        say!(
            "error: {}",
            reconcile::text::neutralize_controls(&e.to_string())
        );
    }
    if errors.is_empty() || common.keep_going {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(BAD_INPUT)
    }
}

/// Write through `f` to the file named by `-o`, or to stdout.
fn write_to(
    path: Option<&Path>,
    f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    match path {
        Some(p) => {
            let file = File::create(p).map_err(|e| {
                say!("error: {}: {e}", p.display());
                Failure::Exit(ExitCode::from(BAD_INPUT))
            })?;
            let mut w = BufWriter::new(file);
            f(&mut w)?;
            w.flush()?;
        }
        None => {
            let stdout = io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            f(&mut w)?;
            w.flush()?;
        }
    }
    Ok(())
}

/// A progress bar on stderr for `report` and `claims`: drawn only when stderr is a terminal
/// and the run has already taken two seconds, so short runs and pipes stay silent.
struct Progress {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    terminal: bool,
    shown: std::sync::Once,
}

impl Progress {
    fn new(engine: &Engine, paths: &[std::path::PathBuf], opts: &LoadOptions) -> Progress {
        use std::io::IsTerminal;
        let terminal = io::stderr().is_terminal();
        let total = if terminal {
            reconcile::pipeline::input_bytes(paths, opts, &engine.langs)
        } else {
            0
        };
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total),
            indicatif::ProgressDrawTarget::hidden(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        ) {
            bar.set_style(style);
        }
        Progress {
            bar,
            started: std::time::Instant::now(),
            terminal,
            shown: std::sync::Once::new(),
        }
    }

    fn add(&self, bytes: u64) {
        self.bar.inc(bytes);
        if self.terminal && self.started.elapsed() >= std::time::Duration::from_secs(2) {
            self.shown.call_once(|| {
                self.bar
                    .set_draw_target(indicatif::ProgressDrawTarget::stderr())
            });
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn bad_format(format: &str, expected: &str) -> Failure {
    say!("error: unknown format \"{format}\" (expected {expected})");
    Failure::Exit(ExitCode::from(BAD_INPUT))
}

fn report(args: cli::ReportArgs) -> Result<ExitCode, Failure> {
    let format = ReportFormat::parse(&args.format)
        .ok_or_else(|| bad_format(&args.format, "table, json, markdown, csv or html"))?;
    let engine = engine(&args.common)?;
    let options = reconcile::compare::Options {
        learn_trust: args.learn_trust,
        as_of: args.as_of,
        max_unmapped: args.max_unmapped.0,
        max_ignored: args.max_ignored.0,
    };
    let opts = load_options(&args.common);
    let (rec, observed, errors) = if args.discover {
        engine.report_discover_with(&args.paths, &opts, &options)
    } else {
        let progress = Progress::new(&engine, &args.paths, &opts);
        let (rec, errors) =
            engine.report_with_progress(&args.paths, &opts, &options, |n| progress.add(n));
        progress.finish();
        (rec, Vec::new(), errors)
    };
    for w in &rec.warnings {
        say!(
            "warning: {}:{}:{}: {}",
            w.source,
            w.line,
            w.column,
            reconcile::text::neutralize_controls(&w.message)
        );
    }
    if let Some(more) = render::more_not_listed(rec.not_listed.warnings, "--max-unmapped") {
        say!("warning: {more}");
    }
    let style = table_style(&args.common, args.output.is_some());
    if !args.discover {
        write_to(args.output.as_deref(), |out| match format {
            ReportFormat::Table => render::table::report_styled(&rec, style, out),
            _ => render::report(&rec, format, out),
        })?;
        // The command ends here: its tables and report are left to the operating system
        // instead of freed piece by piece.
        std::mem::forget((engine, rec));
        return Ok(finish(&errors, &args.common));
    }
    let candidates = discovered(observed, &args.common, &engine);
    write_to(args.output.as_deref(), |out| match format {
        ReportFormat::Table => {
            render::table::report_styled(&rec, style, out)?;
            render::table::candidates(&candidates, out)
        }
        ReportFormat::Json => render::json::report_with_candidates(&rec, &candidates, out),
        _ => {
            eprintln!(
                "warning: --discover lists candidate keys in the table and json formats only"
            );
            render::report(&rec, format, out)
        }
    })?;
    Ok(finish(&errors, &args.common))
}

/// How to draw the table: coloured verdicts with `--color always`, or on a terminal unless
/// `NO_COLOR` is set; the terminal's width on a terminal; otherwise the plain default, so
/// files and pipes get the same bytes wherever they are made.
fn table_style(common: &Common, to_file: bool) -> render::table::Style {
    use std::io::IsTerminal;
    let terminal = !to_file && io::stdout().is_terminal();
    let color = match common.color {
        cli::Color::Always => true,
        cli::Color::Never => false,
        cli::Color::Auto => {
            terminal && !std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        }
    };
    let mut style = render::table::Style {
        color,
        ..Default::default()
    };
    if terminal {
        if let Some(width) = comfy_table::Table::new().width() {
            style.width = width.max(80);
        }
    }
    style
}

/// Candidate keys among `observed`, entities named as the rules name them.
fn discovered(
    mut observed: Vec<reconcile::discover::Observed>,
    common: &Common,
    engine: &Engine,
) -> Vec<reconcile::discover::Candidate> {
    let dir = cli::rules_dir(common.rules.as_deref());
    let files = reconcile::rules::compile::read_dir(&dir).unwrap_or_default();
    reconcile::discover::Names::from_files(&files, &engine.langs)
        .apply(&mut observed, &engine.langs);
    reconcile::discover::candidates(&observed)
}

/// `rules suggest`: discover candidate keys in the sources and print a rule stub for each.
fn rules_suggest(
    paths: &[std::path::PathBuf],
    output: Option<&Path>,
    common: &Common,
) -> Result<ExitCode, Failure> {
    let dir = cli::rules_dir(common.rules.as_deref());
    let engine = engine(common)?;
    let files = reconcile::rules::compile::read_dir(&dir).unwrap_or_default();
    let (_, observed, errors) = engine.report_discover(paths, &load_options(common));
    let candidates = discovered(observed, common, &engine);
    let stubs = reconcile::discover::suggest::suggest(&candidates, &files, &engine.langs);
    write_to(output, |out| out.write_all(stubs.text.as_bytes()))?;
    if candidates.is_empty() {
        eprintln!(
            "no candidate keys: no unmapped figure looks like the same quantity in two sources"
        );
    }
    Ok(finish(&errors, common))
}

fn claims(args: cli::ClaimsArgs) -> Result<ExitCode, Failure> {
    use render::claims::ClaimsFormat;
    let format = ClaimsFormat::parse(&args.format)
        .ok_or_else(|| bad_format(&args.format, "table, json or jsonl"))?;
    let engine = engine(&args.common)?;
    let opts = load_options(&args.common);
    let progress = Progress::new(&engine, &args.paths, &opts);
    if format == ClaimsFormat::Jsonl {
        // Each document's lines as it finishes, in input order: flat in the corpus's size.
        // (So is the JSON document below; the table needs every row to size its columns.)
        let mut errors = Vec::new();
        write_to(args.output.as_deref(), |out| {
            errors = engine.stream(
                &args.paths,
                &opts,
                |n| progress.add(n),
                |_, n| n,
                |n| render::claims::write_jsonl(&n, &engine.rules, args.explain, out),
            )?;
            Ok(())
        })?;
        progress.finish();
        return Ok(finish(&errors, &args.common));
    }
    if format == ClaimsFormat::Json {
        let mut errors = Vec::new();
        write_to(args.output.as_deref(), |out| {
            let mut json = render::claims::JsonStream::default();
            errors = engine.stream(
                &args.paths,
                &opts,
                |n| progress.add(n),
                |_, n| n,
                |n| json.source(&n, &engine.rules, args.explain, out),
            )?;
            json.end(out)
        })?;
        progress.finish();
        return Ok(finish(&errors, &args.common));
    }
    let (processed, errors) = engine.process_paths(&args.paths, &opts, |n| progress.add(n));
    progress.finish();
    let per_source: Vec<_> = processed.into_iter().map(|(_, n)| n).collect();
    write_to(args.output.as_deref(), |out| {
        render::claims::write(&per_source, &engine.rules, format, args.explain, out)
    })?;
    Ok(finish(&errors, &args.common))
}

fn rules_test(common: &Common) -> Result<ExitCode, Failure> {
    let langs = Languages::builtin();
    let rules = load_rules(common, &langs)?;
    let failures = rules.run_examples(&langs);
    let examples: usize = rules
        .summary("en")
        .iter()
        .map(|k| k.examples + k.counters)
        .sum();
    let mut out = io::stdout().lock();
    for f in &failures {
        writeln!(
            out,
            "{}",
            reconcile::text::neutralize_controls(&f.to_string())
        )?;
    }
    if failures.is_empty() {
        writeln!(
            out,
            "{examples} examples and counter-examples passed in {} keys",
            rules.keys.len()
        )?;
        Ok(ExitCode::SUCCESS)
    } else {
        writeln!(out, "{} of {examples} examples failed", failures.len())?;
        Ok(ExitCode::from(1))
    }
}

fn rules_list(common: &Common) -> Result<ExitCode, Failure> {
    let rules = load_rules(common, &Languages::builtin())?;
    write_to(None, |out| render::rules_list::write(&rules, out))?;
    Ok(ExitCode::SUCCESS)
}

/// `reconcile.toml` from the current folder up, checked; exit 2 on any problem in it.
fn load_config() -> Result<Option<reconcile::config::Config>, Failure> {
    let Some(path) = cli::config_file() else {
        return Ok(None);
    };
    reconcile::config::Config::load(&path)
        .map(Some)
        .map_err(|errors| {
            for e in &errors {
                say!("error: {e}");
            }
            Failure::Exit(ExitCode::from(BAD_INPUT))
        })
}

/// Drafts judged against their sources, with what went wrong on the way.
struct Checked {
    findings: Vec<reconcile::check::DraftFinding>,
    errors: Vec<LoadError>,
    /// The drafts as loaded and the sources they were judged against, for `--format html`.
    drafts: Vec<reconcile::source::Source>,
    sources: Vec<reconcile::compare::SourceInfo>,
}

/// Load rules (with reconcile.toml's overrides), sources and drafts; judge every draft.
fn check_drafts(
    drafts: &[std::path::PathBuf],
    against: &[std::path::PathBuf],
    common: &Common,
    config: Option<&reconcile::config::Config>,
) -> Result<Checked, Failure> {
    let bad = || Failure::Exit(ExitCode::from(BAD_INPUT));
    let dir = match (&common.rules, config.and_then(|c| c.rules.clone())) {
        (Some(flag), _) => flag.clone(),
        (None, Some(from_config)) => from_config,
        (None, None) => cli::rules_dir(None),
    };
    let langs = Languages::builtin();
    let mut rules = load_rules(
        &Common {
            rules: Some(dir),
            lang: common.lang.clone(),
            decode: common.decode.clone(),
            keep_going: common.keep_going,
            color: common.color,
        },
        &langs,
    )?;
    if let Some(c) = config {
        c.apply(&mut rules).map_err(|errors| {
            for e in &errors {
                say!("error: {e}");
            }
            bad()
        })?;
    }
    let against: Vec<std::path::PathBuf> = if against.is_empty() {
        config.map(|c| c.sources.clone()).unwrap_or_default()
    } else {
        against.to_vec()
    };
    if against.is_empty() {
        say!("error: no sources to check against (pass --against PATH or set `sources` in reconcile.toml)");
        return Err(bad());
    }
    let opts = load_options(common);
    let engine = Engine::new(rules, langs);
    let (drafts, mut errors) = reconcile::source::load_paths(drafts, &opts, &engine.langs);
    let (sources, source_errors) = reconcile::source::load_paths(&against, &opts, &engine.langs);
    errors.extend(source_errors);
    // A draft that sits among its sources must not confirm itself.
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let draft_paths: Vec<std::path::PathBuf> = drafts.iter().map(|d| canonical(&d.path)).collect();
    let sources: Vec<reconcile::source::Source> = sources
        .into_iter()
        .filter(|s| s.path.as_os_str() == "-" || !draft_paths.contains(&canonical(&s.path)))
        .collect();
    let mut rec = engine.reconcile(&sources);
    errors.append(&mut rec.errors);
    let corpus = reconcile::check::Corpus::new(&rec, &engine.rules, &sources);
    let mut findings = Vec::new();
    for draft in &drafts {
        let drafted = engine.process(draft);
        let judged = reconcile::check::check(draft, drafted, &corpus);
        for s in reconcile::check::unused_suppressions(draft, &judged) {
            say!(
                "warning: {}:{}: reconcile-ignore {} silences nothing in the paragraph after it",
                draft.path.display(),
                s.line,
                reconcile::text::neutralize_controls(&s.key)
            );
        }
        findings.extend(judged);
    }
    // The command ends after this: the engine's tables, the sources and their reconciliation
    // are left to the operating system instead of freed piece by piece (a twentieth of a CI
    // lint of one draft). The list of sources is all the report still needs of `rec`.
    std::mem::forget(corpus);
    let checked = Checked {
        findings,
        errors,
        sources: rec.sources.to_infos(),
        drafts,
    };
    std::mem::forget((engine, rec, sources));
    Ok(checked)
}

fn check(args: cli::CheckArgs) -> Result<ExitCode, Failure> {
    use reconcile::render::lint::LintFormat;
    let html = args.format == "html";
    let format = match LintFormat::parse(&args.format) {
        Some(f) => f,
        None if html => LintFormat::Table,
        None => {
            return Err(bad_format(
                &args.format,
                "table, human, json, github, sarif or html",
            ))
        }
    };
    let config = load_config()?;
    let checked = check_drafts(
        std::slice::from_ref(&args.draft),
        &args.against,
        &args.common,
        config.as_ref(),
    )?;
    write_to(args.output.as_deref(), |out| match checked.drafts.first() {
        Some(draft) if html => {
            reconcile::render::check_html::write(draft, &checked.findings, &checked.sources, out)
        }
        // the draft could not be read: its error ends the run with status 2
        None if html => Ok(()),
        _ => reconcile::render::lint::write(&checked.findings, format, out),
    })?;
    Ok(finish(&checked.errors, &args.common))
}

fn lint(args: cli::LintArgs) -> Result<ExitCode, Failure> {
    use reconcile::compare::Severity;
    use reconcile::render::lint::LintFormat;
    let bad = || Failure::Exit(ExitCode::from(BAD_INPUT));
    let config = load_config()?;
    let format_name = args
        .format
        .clone()
        .or_else(|| config.as_ref().and_then(|c| c.format.clone()))
        .unwrap_or_else(|| "human".to_string());
    let format = LintFormat::parse(&format_name)
        .ok_or_else(|| bad_format(&format_name, LintFormat::NAMES))?;
    let deny = match &args.deny {
        Some(d) => reconcile::config::parse_deny(d).ok_or_else(|| {
            say!("error: unknown deny level \"{d}\" (expected error or warning)");
            bad()
        })?,
        None => config
            .as_ref()
            .and_then(|c| c.deny)
            .unwrap_or(Severity::Error),
    };
    let baseline = match &args.baseline {
        Some(p) => Some(reconcile::baseline::Baseline::load(p).map_err(|e| {
            say!("error: {e}");
            bad()
        })?),
        None => None,
    };
    let changes = match &args.changed_lines {
        None => None,
        Some(spec) => Some(
            changed_lines(spec.as_deref(), &args.diff_base).map_err(|e| {
                say!("error: {e}");
                bad()
            })?,
        ),
    };
    let checked = check_drafts(&args.drafts, &args.against, &args.common, config.as_ref())?;
    let mut findings: Vec<_> = checked
        .findings
        .into_iter()
        .filter(|f| f.severity() <= Severity::Warning)
        .filter(|f| {
            changes.as_ref().map_or(true, |c| {
                c.touches(Path::new(&f.path), f.draft.line, f.draft.end_line)
            })
        })
        .collect();
    if let Some(b) = &baseline {
        b.apply(&mut findings);
    }
    if let Some(path) = &args.write_baseline {
        // Everything a human has not silenced in the draft: findings an older baseline
        // accepted stay accepted in the new one.
        let loud: Vec<_> = findings
            .iter()
            .filter(|f| !matches!(f.quiet, Some(reconcile::check::Quiet::InSource { .. })))
            .collect();
        write_to(Some(path), |out| {
            reconcile::baseline::write(loud.iter().copied(), out)
        })?;
        say!(
            "wrote {} finding{} to {}",
            loud.len(),
            if loud.len() == 1 { "" } else { "s" },
            path.display()
        );
        return Ok(finish(&checked.errors, &args.common));
    }
    write_to(args.output.as_deref(), |out| {
        reconcile::render::lint::write(&findings, format, out)
    })?;
    let status = finish(&checked.errors, &args.common);
    if status != ExitCode::SUCCESS {
        return Ok(status);
    }
    let denied = findings
        .iter()
        .any(|f| f.quiet.is_none() && f.severity() <= deny);
    Ok(if denied {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The changed lines `--changed-lines` asks for: a diff file, stdin, or `git diff -U0 BASE`.
fn changed_lines(
    spec: Option<&str>,
    base: &str,
) -> Result<reconcile::diff::Changes, reconcile::diff::DiffError> {
    use reconcile::diff::{Changes, DiffError};
    let read_err = |origin: &str, e: io::Error| DiffError {
        origin: origin.to_string(),
        line: None,
        message: e.to_string().to_lowercase(),
    };
    match spec {
        None => Changes::from_git(base),
        Some("-") => {
            let mut text = String::new();
            io::Read::read_to_string(&mut io::stdin(), &mut text).map_err(|e| read_err("-", e))?;
            Changes::parse("-", &text)
        }
        Some(file) => {
            let text = std::fs::read_to_string(file).map_err(|e| read_err(file, e))?;
            Changes::parse(file, &text)
        }
    }
}
