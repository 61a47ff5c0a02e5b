#!/bin/bash
# How derived checks scale when many sources imply a key that nobody states (each source is
# checked against every other source's implication). Generates N made-up sources that each
# mark an anniversary the seed rules' founding-year relation reads, runs `reconcile report`
# on 1,000 and 4,000 of them, and prints wall time and peak RSS. Linear scaling reads ~4x.
#   scripts/derive-scale.sh            (after `cargo build --release`)
set -euo pipefail
bin=${RECONCILE:-target/release/reconcile}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for n in 1000 4000; do
  mkdir -p "$dir/n$n"
  for ((i = 0; i < n; i++)); do
    k=$((30 + i % 7))
    printf -- '---\npublished: 2025-0%d-1%d\n---\n\nOutlet %d notes that Kazakhstan and Türkiye marked the %dth anniversary of their diplomatic relations this year, with %d delegates at the event.\n' \
      $((1 + i % 9)) $((i % 10)) "$i" "$k" $((i + 3)) >"$dir/n$n/s$i.md"
  done
  /usr/bin/time -f "$n sources: %e s wall, %M KB peak RSS" "$bin" report "$dir/n$n" --format json -o /dev/null
done
