//! The pipeline in one place: load → extract → normalize → compare. Sources are processed in
//! parallel (rayon), in ordered chunks of documents: each document's text is dropped once it
//! is normalized, and each chunk's results are gathered ([`Gathering`]) before the next chunk
//! starts, so a run holds one chunk of results plus the claims, not the corpus.

use std::convert::Infallible;
use std::ops::Range;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::compare::{self, Gathering, Reconciliation, SourceInfo};
use crate::derive;
use crate::discover;
use crate::extract;
use crate::lang::{Language, Languages};
use crate::normalize::{self, Claim, Normalized};
use crate::rules::RuleSet;
use crate::source::{self, LoadError, LoadOptions, Source};

/// Everything a run needs besides its inputs.
pub struct Engine {
    pub rules: RuleSet,
    pub langs: Languages,
}

impl Engine {
    pub fn new(rules: RuleSet, langs: Languages) -> Engine {
        Engine { rules, langs }
    }

    /// The language a source is read in: the one it names, else the one its text looks like.
    fn language_of(&self, src: &Source) -> &Language {
        self.langs
            .get(&src.lang)
            .unwrap_or_else(|| self.langs.detect(&src.prose))
    }

    /// Extract and normalize one source.
    pub fn process(&self, src: &Source) -> Normalized {
        let lang = self.language_of(src);
        let mentions = extract::extract(&src.prose, lang, src.published);
        normalize::normalize(src, mentions, &self.rules, lang)
    }

    /// Process many sources on all cores; results keep the sources' order.
    pub fn process_all(&self, sources: &[Source]) -> Vec<Normalized> {
        sources.par_iter().map(|s| self.process(s)).collect()
    }

    /// Reconcile already-loaded sources (every mention listed: the sources are in memory
    /// already). What left the report short is in [`Reconciliation::errors`].
    pub fn reconcile(&self, sources: &[Source]) -> Reconciliation {
        let per_source = self.process_all(sources);
        let mut corpus = Corpus::new(&compare::Options::default());
        for (s, n) in sources.iter().zip(per_source) {
            corpus.add(info(s), n, None);
        }
        corpus.finish(&self.rules)
    }

    /// Load `paths` and reconcile them, streaming: each worker reads one document, extracts
    /// and normalizes it, and drops its text before taking the next; each document's figures
    /// are then gathered ([`Gathering`]) and dropped but for its claims, so memory holds
    /// claims, not the corpus. Load errors come back beside the result, in input order, then
    /// any that left the report short ([`Reconciliation::errors`]).
    pub fn report(
        &self,
        paths: &[PathBuf],
        opts: &LoadOptions,
    ) -> (Reconciliation, Vec<LoadError>) {
        self.report_with(paths, opts, &compare::Options::default())
    }

    /// [`Engine::report`] with comparison options (`--learn-trust`, `--as-of`, the listing
    /// limits).
    pub fn report_with(
        &self,
        paths: &[PathBuf],
        opts: &LoadOptions,
        compare_opts: &compare::Options,
    ) -> (Reconciliation, Vec<LoadError>) {
        self.report_with_progress(paths, opts, compare_opts, |_| {})
    }

    /// [`Engine::report_with`], calling `progress` with the bytes of each document done.
    pub fn report_with_progress(
        &self,
        paths: &[PathBuf],
        opts: &LoadOptions,
        compare_opts: &compare::Options,
        progress: impl Fn(u64) + Sync,
    ) -> (Reconciliation, Vec<LoadError>) {
        let (plan, errors) = source::plan(paths, opts, &self.langs);
        let mut corpus = Corpus::new(compare_opts);
        // Room for every source at once: grown a doubling at a time, the gathered tables
        // would leave the smaller copies behind as holes in the heap.
        corpus.gathering.reserve(&plan);
        let Ok(mut errors) = self.stream_plan(
            &plan,
            errors,
            opts,
            progress,
            |src, n| (info(src), n),
            |input, (info, n)| {
                // The table keeps the path where the plan holds it.
                corpus.add(info, n, plan.inputs.text_at(input));
                Ok::<(), Infallible>(())
            },
        );
        drop(plan);
        let mut rec = corpus.finish(&self.rules);
        // Beside the load errors, as documented: what left the report short.
        errors.append(&mut rec.errors);
        (rec, errors)
    }

    /// Load and process every input under `paths` on all cores; `progress` is called with the
    /// bytes of each document done (for a progress bar). Results keep the input order. Every
    /// document's mentions stay in memory: [`Engine::stream`] is the flat way.
    pub fn process_paths(
        &self,
        paths: &[PathBuf],
        opts: &LoadOptions,
        progress: impl Fn(u64) + Sync,
    ) -> (Vec<(SourceInfo, Normalized)>, Vec<LoadError>) {
        let mut processed = Vec::new();
        let Ok(errors) = self.stream(
            paths,
            opts,
            progress,
            |src, n| (info(src), n),
            |p| {
                processed.push(p);
                Ok::<(), Infallible>(())
            },
        );
        (processed, errors)
    }

    /// Load and process every input under `paths`, a chunk of documents at a time on all
    /// cores (`chunks`): `work` runs on each document while its text is at hand, and `sink`
    /// receives the results one by one in input order as each chunk completes, so memory holds
    /// one chunk's results, not the corpus's, and what `sink` sees does not depend on the
    /// number of threads. Stops at the first error `sink` returns. Load errors come back in
    /// input order, after those of walking the paths.
    pub fn stream<T: Send, E>(
        &self,
        paths: &[PathBuf],
        opts: &LoadOptions,
        progress: impl Fn(u64) + Sync,
        work: impl Fn(&Source, Normalized) -> T + Sync,
        mut sink: impl FnMut(T) -> Result<(), E>,
    ) -> Result<Vec<LoadError>, E> {
        let (plan, errors) = source::plan(paths, opts, &self.langs);
        self.stream_plan(&plan, errors, opts, progress, work, |_, t| sink(t))
    }

    /// [`Engine::stream`] over a plan already made, `sink` told each result's input number;
    /// load errors are appended to `errors`.
    fn stream_plan<T: Send, E>(
        &self,
        plan: &source::Plan,
        mut errors: Vec<LoadError>,
        opts: &LoadOptions,
        progress: impl Fn(u64) + Sync,
        work: impl Fn(&Source, Normalized) -> T + Sync,
        mut sink: impl FnMut(usize, T) -> Result<(), E>,
    ) -> Result<Vec<LoadError>, E> {
        for chunk in chunks(&plan.inputs, rayon::current_num_threads()) {
            // The chunk's inputs, made (a path each) only for as long as it is read.
            let inputs: Vec<(usize, source::Input)> = chunk
                .filter_map(|n| Some((n, plan.inputs.get(n)?)))
                .collect();
            let results: Vec<Result<(usize, T), LoadError>> = inputs
                .into_par_iter()
                .map(|(input, read)| {
                    let src = plan.load(read, opts, &self.langs)?;
                    let n = self.process(&src);
                    progress(src.original.len() as u64);
                    Ok((input, work(&src, n)))
                })
                .collect();
            for r in results {
                match r {
                    Ok((input, t)) => sink(input, t)?,
                    Err(e) => errors.push(e),
                }
            }
        }
        Ok(errors)
    }
}

/// The most input bytes processed before their results are gathered. A document's results
/// weigh about five times its text (news states a figure every ~200 bytes, and each keeps its
/// sentence), so 4 MB of input holds ~20 MB of results at a time.
pub const CHUNK_BYTES: u64 = 4 << 20;
/// The most documents in one chunk, however small.
pub const CHUNK_DOCS: usize = 256;

/// `inputs` cut in order into chunks (ranges of their numbers) of at most [`CHUNK_BYTES`] (by
/// file size; stdin counts nothing) and [`CHUNK_DOCS`] documents, but at least two documents
/// per thread when there are that many, so every core has work.
fn chunks(inputs: &source::Inputs, threads: usize) -> Vec<Range<usize>> {
    let min_docs = threads.max(1) * 2;
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for i in 0..inputs.len() {
        bytes += input_size(inputs, i);
        let docs = i + 1 - start;
        if docs >= CHUNK_DOCS || (bytes >= CHUNK_BYTES && docs >= min_docs) {
            out.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < inputs.len() {
        out.push(start..inputs.len());
    }
    out
}

/// The size of the `n`th input's file (stdin counts nothing).
fn input_size(inputs: &source::Inputs, n: usize) -> u64 {
    inputs
        .path(n)
        .map_or(0, |path| std::fs::metadata(path).map_or(0, |m| m.len()))
}

/// Discovery: the same run as [`Engine::report`], keeping what [`crate::discover`] needs of
/// every unmapped figure while its source text is at hand.
impl Engine {
    /// Load, process and reconcile `paths`; also read every unmapped figure for discovery.
    pub fn report_discover(
        &self,
        paths: &[PathBuf],
        opts: &LoadOptions,
    ) -> (Reconciliation, Vec<discover::Observed>, Vec<LoadError>) {
        self.report_discover_with(paths, opts, &compare::Options::default())
    }

    /// [`Engine::report_discover`] with compare options; figures of sources the comparison
    /// leaves out (`--as-of`) are left out of discovery too. Discovery groups every unmapped
    /// figure of the corpus, so what it reads of each one (its place, sentence and features)
    /// stays in memory to the end: unlike the report, it grows with the corpus.
    pub fn report_discover_with(
        &self,
        paths: &[PathBuf],
        opts: &LoadOptions,
        compare_opts: &compare::Options,
    ) -> (Reconciliation, Vec<discover::Observed>, Vec<LoadError>) {
        let vocab = discover::Vocab::new(&self.langs);
        let mut corpus = Corpus::new(compare_opts);
        let mut observed = Vec::new();
        let Ok(mut errors) = self.stream(
            paths,
            opts,
            |_| {},
            |src, n| {
                let lang = self.language_of(src);
                let seen: Vec<discover::Observed> = n
                    .unmapped
                    .iter()
                    .filter_map(|u| {
                        let features = discover::features(&src.prose, &u.at.mention, lang, &vocab)?;
                        Some(discover::Observed {
                            at: u.at.clone(),
                            features,
                        })
                    })
                    .collect();
                (info(src), n, seen)
            },
            |(info, n, seen)| {
                corpus.add(info, n, None);
                observed.extend(seen);
                Ok::<(), Infallible>(())
            },
        );
        let mut rec = corpus.finish(&self.rules);
        errors.append(&mut rec.errors);
        let kept: std::collections::BTreeSet<&str> = rec.sources.iter().map(|s| s.id).collect();
        observed.retain(|o| kept.contains(o.at.source.as_str()));
        (rec, observed, errors)
    }
}

/// A corpus being gathered for a report: the comparison's [`Gathering`], and beside it the
/// anchors (ordinals and years a key claims) that only the derived checks read.
struct Corpus {
    gathering: Gathering,
    anchors: Vec<Claim>,
}

impl Corpus {
    fn new(opts: &compare::Options) -> Corpus {
        Corpus {
            gathering: Gathering::new(opts),
            anchors: Vec::new(),
        }
    }

    /// One source and its figures; `at`: where the plan's text holds its path, if it does.
    fn add(&mut self, info: SourceInfo, mut n: Normalized, at: Option<usize>) {
        self.gathering.add_planned_source(info, at);
        self.anchors.append(&mut n.anchors);
        self.gathering.add(n);
    }

    /// The reconciliation, with its derived checks.
    fn finish(self, rules: &RuleSet) -> Reconciliation {
        let mut rec = self.gathering.finish(rules);
        rec.derived = derive::check_reconciliation(rules, &rec, &self.anchors);
        rec
    }
}

/// The bytes a run over `paths` will read (file sizes; stdin counts nothing), for the length
/// of a progress bar. Walks the folders without reading any document.
pub fn input_bytes(paths: &[PathBuf], opts: &LoadOptions, langs: &Languages) -> u64 {
    let (plan, _) = source::plan(paths, opts, langs);
    (0..plan.inputs.len())
        .map(|n| input_size(&plan.inputs, n))
        .sum()
}

pub fn info(s: &Source) -> SourceInfo {
    SourceInfo {
        id: s.id.clone(),
        path: s.path.display().to_string(),
        lang: s.lang.clone(),
        published: s.published,
        outlet: s.outlet.clone(),
        trust: s.trust,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::Knobs;
    use std::path::Path;

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// The seeds and the copy fixtures: sources with and without copies, and with and
    /// without figures.
    fn corpus() -> [PathBuf; 2] {
        [root().join("seeds"), root().join("tests/fixtures/copies")]
    }

    /// A whole report over `paths`, its prints spilled as `knobs` say (held past no budget
    /// with `None`).
    fn report(
        paths: &[PathBuf],
        opts: &compare::Options,
        knobs: Option<Knobs>,
    ) -> (Reconciliation, Vec<LoadError>) {
        let rules = RuleSet::load_dir(&root().join("rules")).unwrap_or_else(|e| panic!("{e:?}"));
        let engine = Engine::new(rules, Languages::builtin());
        compare::KNOBS.set(knobs);
        let out = engine.report_with(paths, &LoadOptions::default(), opts);
        compare::KNOBS.set(None);
        out
    }

    /// Spilled from the first print, or once the first few weigh more than a budget (the
    /// seeds' prints weigh a few hundred bytes each); written out print by print, or kept
    /// packed in memory.
    const SPILLS: [Knobs; 3] = [
        Knobs {
            budget: 0,
            flush_at: 0,
            unreadable: false,
        },
        Knobs {
            budget: 0,
            flush_at: 1 << 20,
            unreadable: false,
        },
        Knobs {
            budget: 1500,
            flush_at: 0,
            unreadable: false,
        },
    ];

    #[test]
    fn a_report_through_the_spill_is_the_report_with_prints_held() {
        for as_of in [None, chrono::NaiveDate::from_ymd_opt(2025, 7, 29)] {
            let opts = compare::Options {
                as_of,
                learn_trust: true,
                ..compare::Options::default()
            };
            let held = report(&corpus(), &opts, None);
            assert!(!held.0.copies.is_empty(), "{:#?}", held.0.sources);
            assert!(held.1.is_empty(), "{:?}", held.1);
            for knobs in SPILLS {
                assert_eq!(report(&corpus(), &opts, Some(knobs)), held, "{knobs:?}");
                // The spill did start: reading its file fails as told.
                let broken = Knobs {
                    unreadable: true,
                    ..knobs
                };
                let copies = &report(&corpus(), &opts, Some(broken)).0.copies;
                assert!(knobs.flush_at > 0 || copies != &held.0.copies, "{knobs:?}");
            }
        }
        let empty = tempfile::tempdir().unwrap();
        let none = [empty.path().to_path_buf()];
        let opts = compare::Options::default();
        assert_eq!(
            report(&none, &opts, Some(SPILLS[0])),
            report(&none, &opts, None)
        );
    }

    #[test]
    fn a_report_whose_spilled_prints_cannot_be_read_back_lists_the_rest_and_says_why() {
        let opts = compare::Options::default();
        let (held, _) = report(&corpus(), &opts, None);
        let broken = Knobs {
            unreadable: true,
            ..SPILLS[0]
        };
        let (rec, errors) = report(&corpus(), &opts, Some(broken));
        assert!(rec.copies.is_empty() && !held.copies.is_empty());
        assert_eq!(rec.sources, held.sources);
        assert_eq!(rec.stats, held.stats);
        assert_eq!(rec.unmapped, held.unmapped);
        let verdicts = |r: &Reconciliation| {
            let keys = r.findings.iter();
            keys.map(|f| (f.key.clone(), f.verdict)).collect::<Vec<_>>()
        };
        assert_eq!(verdicts(&rec), verdicts(&held));
        let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [format!(
                "{}: copy detection incomplete: cannot read back its temporary file \
                 (unreadable for the test); copies among the sources it could not read are \
                 not listed",
                std::env::temp_dir().display()
            )]
        );
        assert!(
            rec.errors.is_empty(),
            "returned beside the load errors, once"
        );
    }

    fn sizes(chunks: &[Range<usize>]) -> Vec<usize> {
        chunks.iter().map(|c| c.len()).collect()
    }

    #[test]
    fn chunks_keep_input_order_and_hold_at_most_a_few_hundred_documents() {
        let inputs = vec![source::Input::Stdin; 600].into_iter().collect();
        let cut = chunks(&inputs, 2);
        assert_eq!(sizes(&cut), [CHUNK_DOCS, CHUNK_DOCS, 600 - 2 * CHUNK_DOCS]);
        assert!(chunks(&source::Inputs::default(), 2).is_empty());
    }

    #[test]
    fn chunks_close_at_a_few_megabytes_but_give_every_thread_two_documents() {
        let tmp = tempfile::tempdir().unwrap();
        let big = vec![b'a'; (CHUNK_BYTES / 2) as usize + 1];
        let inputs: source::Inputs = (0..5)
            .map(|i| {
                let path = tmp.path().join(format!("{i}.txt"));
                std::fs::write(&path, &big).unwrap();
                source::Input::File { path, entry: None }
            })
            .collect();
        assert_eq!(sizes(&chunks(&inputs, 1)), [2, 2, 1]);
        assert_eq!(sizes(&chunks(&inputs, 2)), [4, 1]);
    }
}
