//! The pipeline in one place: load → extract → normalize → compare. Sources are processed in
//! parallel (rayon) and each keeps only its claims; the text is dropped as soon as it is read.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::compare::{self, Reconciliation, SourceInfo};
use crate::derive;
use crate::discover;
use crate::extract;
use crate::lang::Languages;
use crate::normalize::{self, Normalized};
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

    /// Extract and normalize one source.
    pub fn process(&self, src: &Source) -> Normalized {
        let lang = self
            .langs
            .get(&src.lang)
            .unwrap_or_else(|| self.langs.detect(&src.prose));
        let mentions = extract::extract(&src.prose, lang, src.published);
        normalize::normalize(src, mentions, &self.rules, lang)
    }

    /// Process many sources on all cores; results keep the sources' order.
    pub fn process_all(&self, sources: &[Source]) -> Vec<Normalized> {
        sources.par_iter().map(|s| self.process(s)).collect()
    }

    /// Reconcile already-loaded sources.
    pub fn reconcile(&self, sources: &[Source]) -> Reconciliation {
        let per_source = self.process_all(sources);
        let infos: Vec<SourceInfo> = sources.iter().map(info).collect();
        let mut all = Normalized::default();
        for n in per_source {
            all.append(n);
        }
        let anchors = std::mem::take(&mut all.anchors);
        let mut rec = compare::reconcile(infos, all, &self.rules);
        rec.derived = derive::check_reconciliation(&self.rules, &rec, &anchors);
        rec
    }

    /// Load `paths` and reconcile them, streaming: each worker reads one document, extracts
    /// and normalizes it, and drops its text before taking the next, so memory holds claims,
    /// not the corpus. Load errors come back beside the result, in input order.
    pub fn report(
        &self,
        paths: &[PathBuf],
        opts: &LoadOptions,
    ) -> (Reconciliation, Vec<LoadError>) {
        self.report_with(paths, opts, &compare::Options::default())
    }

    /// [`Engine::report`] with comparison options (`--learn-trust`, `--as-of`).
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
        let (processed, errors) = self.process_paths(paths, opts, progress);
        let mut infos = Vec::with_capacity(processed.len());
        let mut all = Normalized::default();
        for (info, n) in processed {
            infos.push(info);
            all.append(n);
        }
        let anchors = std::mem::take(&mut all.anchors);
        let mut rec = compare::reconcile_with(infos, all, &self.rules, compare_opts);
        rec.derived = derive::check_reconciliation(&self.rules, &rec, &anchors);
        (rec, errors)
    }

    /// Load and process every input under `paths` on all cores; `progress` is called with the
    /// bytes of each document done (for a progress bar). Results keep the input order.
    pub fn process_paths(
        &self,
        paths: &[PathBuf],
        opts: &LoadOptions,
        progress: impl Fn(u64) + Sync,
    ) -> (Vec<(SourceInfo, Normalized)>, Vec<LoadError>) {
        let (plan, mut errors) = source::plan(paths, opts, &self.langs);
        let results: Vec<Result<(SourceInfo, Normalized), LoadError>> = plan
            .inputs
            .par_iter()
            .map(|input| {
                let src = plan.load(input, opts, &self.langs)?;
                let n = self.process(&src);
                progress(src.original.len() as u64);
                Ok((info(&src), n))
            })
            .collect();
        let mut processed = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(p) => processed.push(p),
                Err(e) => errors.push(e),
            }
        }
        (processed, errors)
    }
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
    /// leaves out (`--as-of`) are left out of discovery too.
    pub fn report_discover_with(
        &self,
        paths: &[PathBuf],
        opts: &LoadOptions,
        compare_opts: &compare::Options,
    ) -> (Reconciliation, Vec<discover::Observed>, Vec<LoadError>) {
        let vocab = discover::Vocab::new(&self.langs);
        let (plan, mut errors) = source::plan(paths, opts, &self.langs);
        let results: Vec<Result<_, LoadError>> = plan
            .inputs
            .par_iter()
            .map(|input| {
                let src = plan.load(input, opts, &self.langs)?;
                let lang = self
                    .langs
                    .get(&src.lang)
                    .unwrap_or_else(|| self.langs.detect(&src.prose));
                let n = self.process(&src);
                let observed: Vec<discover::Observed> = n
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
                Ok((info(&src), n, observed))
            })
            .collect();
        let mut infos = Vec::new();
        let mut all = Normalized::default();
        let mut observed = Vec::new();
        for r in results {
            match r {
                Ok((i, n, o)) => {
                    infos.push(i);
                    all.append(n);
                    observed.extend(o);
                }
                Err(e) => errors.push(e),
            }
        }
        let anchors = std::mem::take(&mut all.anchors);
        let mut rec = compare::reconcile_with(infos, all, &self.rules, compare_opts);
        rec.derived = derive::check_reconciliation(&self.rules, &rec, &anchors);
        let kept: std::collections::BTreeSet<&str> =
            rec.sources.iter().map(|s| s.id.as_str()).collect();
        observed.retain(|o| kept.contains(o.at.source.as_str()));
        (rec, observed, errors)
    }
}

/// The bytes a run over `paths` will read (file sizes; stdin counts nothing), for the length
/// of a progress bar. Walks the folders without reading any document.
pub fn input_bytes(paths: &[PathBuf], opts: &LoadOptions, langs: &Languages) -> u64 {
    let (plan, _) = source::plan(paths, opts, langs);
    plan.inputs
        .iter()
        .map(|input| match input {
            source::Input::File { path, .. } => std::fs::metadata(path).map_or(0, |m| m.len()),
            source::Input::Stdin => 0,
        })
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
