//! Raw arguments → resolved settings: which command, which rules (loaded), which inputs,
//! which format. Finds `reconcile.toml` and `rules/` by walking up from the current
//! directory. Prints nothing; `main.rs` owns the terminal.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Find every figure in a set of texts, map each onto a canonical key, and show where
/// sources disagree.
#[derive(Debug, Parser)]
#[command(name = "reconcile", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Reconcile all sources with each other: one finding per key, conflicts first
    Report(ReportArgs),
    /// List every figure with its key, or unmapped, or ignored with its reason
    Claims(ClaimsArgs),
    /// Work with rule files
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Judge every figure in a draft against the sources: supported, contradicted, disputed,
    /// period_mismatch or unverified, with the sources' own words
    Check(CheckArgs),
    /// Check drafts for CI: diagnostics per finding; exit 1 when one reaches --deny
    #[command(after_help = LINT_EXIT_STATUS)]
    Lint(LintArgs),
}

#[derive(Debug, Args)]
pub struct Common {
    /// Folder of rule files (default: `rules/` here or in a parent folder)
    #[arg(long, value_name = "DIR", global = true)]
    pub rules: Option<PathBuf>,
    /// Language of every input, instead of detecting it (en, tr, …)
    #[arg(long, global = true)]
    pub lang: Option<String>,
    /// Decode files that are not UTF-8 with this encoding (latin1, windows-1254)
    #[arg(long, value_name = "ENCODING", global = true)]
    pub decode: Option<String>,
    /// Exit 0 even when some inputs could not be read
    #[arg(long, global = true)]
    pub keep_going: bool,
    /// Colour in terminal output
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Files or folders of sources (`-` for stdin)
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// table, json, markdown, csv or html
    #[arg(long, short = 'f', default_value = "table")]
    pub format: String,
    /// Write to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Learn each source's trust from how its figures agree with other sources', show it, and
    /// weigh suggestions by it
    #[arg(long)]
    pub learn_trust: bool,
    /// Reconcile the corpus as it stood on DATE (YYYY-MM-DD): leave out sources published
    /// after it and figures dated after it
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Also list candidate keys: unmapped figures that look like one quantity across sources
    /// (table and json)
    #[arg(long)]
    pub discover: bool,
    /// List at most N unmapped figures (and N warnings about ambiguous ones), the first in
    /// report order; `all` lists every one. The rest are counted, and the report says how
    /// many; `reconcile claims` lists every figure
    #[arg(long, value_name = "N|all", default_value = DEFAULT_MAX_LISTED, value_parser = parse_limit)]
    pub max_unmapped: Limit,
    /// List at most N ignored numbers (years, dates, ordinals), the first in report order;
    /// `all` lists every one
    #[arg(long, value_name = "N|all", default_value = DEFAULT_MAX_LISTED, value_parser = parse_limit)]
    pub max_ignored: Limit,
    #[command(flatten)]
    pub common: Common,
}

/// How many unmapped figures and ignored numbers a report lists by default: all of them in
/// any corpus an editor reads through, and a bounded amount of memory in a large one (each
/// listed mention keeps its sentence, ~1 KB).
pub const DEFAULT_MAX_LISTED: &str = "1000";

/// A listing limit: `Some(n)`, or `None` for `all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit(pub Option<usize>);

/// `1000` or `all`, for `--max-unmapped` and `--max-ignored`.
fn parse_limit(s: &str) -> Result<Limit, String> {
    if s == "all" {
        return Ok(Limit(None));
    }
    s.parse()
        .map(|n| Limit(Some(n)))
        .map_err(|_| format!("\"{s}\" is not a number of figures (expected a count or `all`)"))
}

/// `2025-07-29`, for `--as-of`.
fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\" is not a date (expected YYYY-MM-DD)"))
}

#[derive(Debug, Args)]
pub struct ClaimsArgs {
    /// Files or folders of sources (`-` for stdin)
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// table, json or jsonl
    #[arg(long, short = 'f', default_value = "table")]
    pub format: String,
    /// Show the words that matched each figure's key, or the closest key and what was missing
    #[arg(long)]
    pub explain: bool,
    /// Write to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Run every example and counter-example in the rule files
    Test {
        #[command(flatten)]
        common: Common,
    },
    /// List the keys with label, unit, kind, tolerance and file
    List {
        #[command(flatten)]
        common: Common,
    },
    /// Print a rule stub (TOML) for each candidate key that `report --discover` finds in the
    /// sources, ready to paste into the rules folder
    Suggest {
        /// Files or folders of sources (`-` for stdin)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write to FILE instead of standard output
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
}

/// Where the rules are: the flag, else `rules/` in the current folder or the nearest parent
/// that has one.
pub fn rules_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_path_buf();
    }
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let found = here
        .ancestors()
        .map(|d| d.join("rules"))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| PathBuf::from("rules"));
    // Shown in every rule error: keep it as short as the user would write it.
    match found.strip_prefix(&here) {
        Ok(rel) => rel.to_path_buf(),
        Err(_) => found,
    }
}

/// What `lint` exits with, as `--help` shows it.
pub const LINT_EXIT_STATUS: &str = "\
Exit status:
  0  no finding at or above --deny (findings silenced in the draft or the baseline do not count)
  1  at least one finding at or above --deny
  2  bad input: an unreadable draft or source, a broken rule file, reconcile.toml, baseline or diff";

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The draft to check (`.md`, `.txt`, `.html`; `-` for stdin)
    pub draft: PathBuf,
    /// Files or folders of sources (default: `sources` in reconcile.toml)
    #[arg(long, num_args = 1.., value_name = "PATH")]
    pub against: Vec<PathBuf>,
    /// table, json, human, github, sarif, or html (the draft with every figure highlighted)
    #[arg(long, short = 'f', default_value = "table")]
    pub format: String,
    /// Write to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Drafts to check (files or folders; `-` for stdin)
    #[arg(required = true)]
    pub drafts: Vec<PathBuf>,
    /// Files or folders of sources (default: `sources` in reconcile.toml); put it after the
    /// drafts, or end its list with `--`
    #[arg(long, num_args = 1.., value_name = "PATH")]
    pub against: Vec<PathBuf>,
    /// human, json, github or sarif (default: `format` in reconcile.toml, else human)
    #[arg(long, short = 'f')]
    pub format: Option<String>,
    /// Fail on findings at or above this severity: error (contradicted) or warning (adds
    /// disputed and period_mismatch); default: `deny` in reconcile.toml, else error
    #[arg(long, value_name = "LEVEL")]
    pub deny: Option<String>,
    /// Keep quiet about the findings accepted in FILE until their figures change
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Accept every current finding: write them to FILE and exit 0
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Only flag figures on lines a unified diff adds: `--changed-lines=FILE`,
    /// `--changed-lines=-` (stdin), or `--changed-lines` alone to run `git diff -U0` itself
    #[arg(long, value_name = "DIFF", num_args = 0..=1, require_equals = true)]
    pub changed_lines: Option<Option<String>>,
    /// What `--changed-lines` diffs against when it runs git
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub diff_base: String,
    /// Write to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// The nearest `reconcile.toml` from the current folder up, if any.
pub fn config_file() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    crate::config::find(&here)
}
