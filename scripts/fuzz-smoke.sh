#!/usr/bin/env bash
# Short fuzz run of every target under fuzz/, for CI. Each target runs for FUZZ_SECONDS
# (default 20) starting from its committed seeds (fuzz/seeds/<target>) plus the regressions;
# a crash fails the script and leaves the input in fuzz/artifacts/<target>/.
#
# Needs cargo-fuzz and a toolchain that accepts -Z flags: stable with RUSTC_BOOTSTRAP=1 works
# (libFuzzer with AddressSanitizer). When either is missing, the script says so and exits 0:
# `cargo test --test fuzz_replay` replays the same corpus through the same entry points.
#
#   scripts/fuzz-smoke.sh                 # every target, 20 s each
#   FUZZ_SECONDS=600 scripts/fuzz-smoke.sh extract_en   # one target, longer
#   FUZZ_INSTALL=1 scripts/fuzz-smoke.sh  # install cargo-fuzz first if missing (~2 min)
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-20}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(extract_en extract_tr load_rules load_markup pipeline)
fi

skip() {
  echo "fuzz-smoke: skipped: $1 (cargo test --test fuzz_replay covers the committed corpus)"
  exit 0
}

if ! cargo fuzz --version >/dev/null 2>&1; then
  if [ "${FUZZ_INSTALL:-0}" = 1 ]; then
    cargo install cargo-fuzz --locked || skip "cargo-fuzz could not be installed"
  else
    skip "cargo-fuzz is not installed (FUZZ_INSTALL=1 installs it)"
  fi
fi

export RUSTC_BOOTSTRAP=1
cd fuzz
if ! cargo fuzz build -O "${targets[@]:0:1}" >"${TMPDIR:-/tmp}/fuzz-smoke-build.log" 2>&1; then
  tail -20 "${TMPDIR:-/tmp}/fuzz-smoke-build.log"
  skip "the fuzz targets do not build with this toolchain"
fi
cargo fuzz build -O

status=0
for t in "${targets[@]}"; do
  corpus="corpus/$t"
  mkdir -p "$corpus"
  dirs=("$corpus")
  for extra in "seeds/$t" "regressions/$t"; do
    [ -d "$extra" ] && dirs+=("$extra")
  done
  case "$t" in
    extract_*|pipeline) dict=dict/extract.dict ;;
    load_markup) dict=dict/markup.dict ;;
    load_rules) dict=dict/rules.dict ;;
    *) dict= ;;
  esac
  flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536)
  [ -n "$dict" ] && [ -f "$dict" ] && flags+=(-dict="$dict")
  echo "fuzz-smoke: $t for ${seconds}s"
  log="${TMPDIR:-/tmp}/fuzz-smoke-$t.log"
  if cargo fuzz run -O "$t" "${dirs[@]}" -- "${flags[@]}" >"$log" 2>&1; then
    grep -E '^Done [0-9]+ runs' "$log" | sed "s/^/fuzz-smoke: $t: /" || true
  else
    status=1
    echo "fuzz-smoke: $t FAILED; last lines of $log:"
    tail -40 "$log"
  fi
done
exit "$status"
