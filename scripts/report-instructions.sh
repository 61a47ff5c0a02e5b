#!/bin/bash
# Counts the instructions one whole `reconcile report DIR --format json` spends per input byte,
# on one thread and without `--lang` (as a desk runs it), split by stage, with valgrind's
# callgrind (deterministic, unlike timings on a shared machine). bench-instructions.sh counts
# extract+normalize alone; this one shows what a user waits for around it.
#   scripts/report-instructions.sh [DIR...]     (default: target/bench-corpora/en and tr)
# Needs a release build (cargo build --release) and the bench corpora (scripts/bench-corpora.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CARGO_TARGET_DIR:-target}/release/reconcile
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# stage name, then the function whose inclusive cost it is (copy detection: the one both ways
# go through, prints held or spilled to a temporary file past 2 MB of them)
stages=(
  "load and guess languages|reconcile::source::Plan::load"
  "  of it: language guess|reconcile::lang::Languages::detect"
  "list the files|reconcile::source::plan"
  "rules and languages|reconcile::load_rules"
  "extract+normalize|reconcile::pipeline::Engine::process"
  "compare (incl. copy detection)|reconcile::pipeline::Corpus::finish"
  "  of it: copy detection|reconcile::compare::copies::detect_gathered"
  "render JSON|reconcile::render::report"
)
for dir in "${@:-target/bench-corpora/en target/bench-corpora/tr}"; do
  for d in $dir; do
    bytes=$(find "$d" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.html' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
    RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$out/cg" \
      "$bin" report "$d" --format json -o /dev/null 2>"$out/log" || { cat "$out/log"; exit 1; }
    total=$(grep -h '^summary:' "$out/cg" | awk '{print $2}')
    callgrind_annotate --inclusive=yes "$out/cg" >"$out/ann" 2>/dev/null
    echo "$d: $bytes bytes, $total instructions, $((total / bytes)) per byte"
    for s in "${stages[@]}"; do
      name=${s%%|*}
      fn=${s#*|}
      # callgrind lists a function under several file names when parts of it are inlined;
      # the largest inclusive count is the whole of it
      n=$(awk -v f=":$fn" '{ gsub(",", "", $1); v = $1 + 0; for (i = 2; i <= NF; i++) if (substr($i, length($i) - length(f) + 1) == f && v > m) m = v } END { print m + 0 }' "$out/ann")
      if [ "${n:-0}" = 0 ]; then
        # inlined whole into its caller: counted in the stage above, not apart
        printf '  %-32s %7s (inlined, in the stage above)\n' "$name" "-"
      else
        printf '  %-32s %7.1f per byte\n' "$name" "$(echo "$n / $bytes" | bc -l)"
      fi
    done
  done
done
