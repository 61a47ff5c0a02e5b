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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Report(args) => report(args),
        Command::Claims(args) => claims(args),
        Command::Rules(RulesCommand::Test { common }) => rules_test(&common),
        Command::Rules(RulesCommand::List { common }) => rules_list(&common),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Exit(code)) => code,
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("error: {e}");
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

fn load_rules(common: &Common) -> Result<RuleSet, Failure> {
    let dir = cli::rules_dir(common.rules.as_deref());
    RuleSet::load_dir(&dir).map_err(|errors| {
        for e in &errors {
            eprintln!("error: {e}");
        }
        eprintln!(
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
    Ok(Engine::new(load_rules(common)?, Languages::builtin()))
}

/// Print load errors; the status the run ends with (2 when any input failed, unless
/// `--keep-going`).
fn finish(errors: &[LoadError], common: &Common) -> ExitCode {
    for e in errors {
        eprintln!(
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
                eprintln!("error: {}: {e}", p.display());
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

fn bad_format(format: &str, expected: &str) -> Failure {
    eprintln!("error: unknown format \"{format}\" (expected {expected})");
    Failure::Exit(ExitCode::from(BAD_INPUT))
}

fn report(args: cli::ReportArgs) -> Result<ExitCode, Failure> {
    let format = ReportFormat::parse(&args.format)
        .ok_or_else(|| bad_format(&args.format, "table, json, markdown, csv or html"))?;
    let engine = engine(&args.common)?;
    let options = reconcile::compare::Options {
        learn_trust: args.learn_trust,
        as_of: args.as_of,
    };
    let (rec, errors) = engine.report_with(&args.paths, &load_options(&args.common), &options);
    for w in &rec.warnings {
        eprintln!(
            "warning: {}:{}:{}: {}",
            w.source,
            w.line,
            w.column,
            reconcile::text::neutralize_controls(&w.message)
        );
    }
    write_to(args.output.as_deref(), |out| {
        render::report(&rec, format, out)
    })?;
    Ok(finish(&errors, &args.common))
}

fn claims(args: cli::ClaimsArgs) -> Result<ExitCode, Failure> {
    let format = render::claims::ClaimsFormat::parse(&args.format)
        .ok_or_else(|| bad_format(&args.format, "table, json or jsonl"))?;
    let engine = engine(&args.common)?;
    let (processed, errors) =
        engine.process_paths(&args.paths, &load_options(&args.common), |_| {});
    let per_source: Vec<_> = processed.into_iter().map(|(_, n)| n).collect();
    write_to(args.output.as_deref(), |out| {
        render::claims::write(&per_source, &engine.rules, format, args.explain, out)
    })?;
    Ok(finish(&errors, &args.common))
}

fn rules_test(common: &Common) -> Result<ExitCode, Failure> {
    let rules = load_rules(common)?;
    let failures = rules.run_examples(&Languages::builtin());
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
    let rules = load_rules(common)?;
    write_to(None, |out| render::rules_list::write(&rules, out))?;
    Ok(ExitCode::SUCCESS)
}
