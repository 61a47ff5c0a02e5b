#!/bin/bash
# Counts the instructions extract+normalize spends per input byte on each corpus, with
# valgrind's callgrind (deterministic, unlike timings on a shared machine): used to compare
# optimizations before and after. Needs a built bench: cargo bench --bench throughput --no-run
#   scripts/bench-instructions.sh [seeds] [en:] [tr:]     (default: all three)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(ls -t "${CARGO_TARGET_DIR:-target}"/release/deps/throughput-* | grep -v '\.d$' | head -1)
out=$(mktemp -d)
for corpus in ${@:-seeds en: tr:}; do
  BENCH_SECTIONS=profile BENCH_SEED_MB=1 BENCH_PROFILE_CORPUS=$corpus \
    valgrind --tool=callgrind --callgrind-out-file="$out/cg.%p" \
    --toggle-collect='*Engine::process*' "$bin" >/dev/null 2>"$out/log" || { cat "$out/log"; exit 1; }
  ir=$(grep -h '^summary:' "$out"/cg.* | awk '{s+=$2} END {printf "%.0f", s}')
  bytes=$(grep -o 'profile: [0-9]* bytes' "$out/log" | awk '{print $2}')
  echo "$corpus $bytes bytes: $ir instructions, $((ir / bytes)) per byte"
  rm -f "$out"/cg.*
done
rm -rf "$out"
