#!/bin/bash
# Reproduces docs/bench.md: fetches the real news corpora (once) and runs the benchmark.
#   scripts/bench.sh            full run (~50 MB seed corpus, memory up to 1 GB)
#   BENCH_REPS=5 scripts/bench.sh
#   BENCH_SECTIONS=throughput,keys scripts/bench.sh     skip the peak-memory section
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_CORPORA:-target/bench-corpora}
if [ ! -d "$dir/en" ] || [ -z "$(ls -A "$dir/en" 2>/dev/null)" ]; then
  scripts/bench-corpora.sh "$dir" || echo "note: could not fetch the news corpora; (b) and (c) will be skipped" >&2
fi
BENCH_CORPORA=$dir cargo bench --bench throughput
