#!/bin/bash
# Profile-guided build of reconcile: LLVM lays the code out from a measured profile (hot/cold
# splitting, branch weights, inlining), which is what is left to win once extract+normalize is
# bound by mispredicted branches and instruction-cache misses (docs/bench.md, stops 21-22).
# Measured at stop 23, it did not pay: callgrind instructions -4% and I1 misses -16..-25%, but
# mispredicted branches +6..+11%, and the timed A/B no faster on (b) and (c), nor on held-out
# halves of them (figures in the commit that added this script). Kept to repeat the A/B.
#   scripts/pgo.sh  -> target/pgo/release/reconcile and the bench target/pgo/release/deps/throughput-*
# It prints the bench binary's path on stdout, its progress on stderr, and writes what the
# profile was trained on to target/pgo/trained.txt, for whoever quotes its figures.
#   PGO_TRAIN_NEWS=target/bench-corpora scripts/pgo.sh   also trains on the first half by name of
#     its en/ and tr/ files: an experiment only, since the bench then measures trained text.
#
# 1. instrumented builds (-Cprofile-generate) in target/pgo-gen, its own target dir so the
#    normal target/ is not rebuilt: the release binary, and the binary `cargo bench` builds. They
#    are two: with the bench's dev-dependencies, cargo resolves the features of chrono and
#    tempfile differently, so the library the bench links is another crate to rustc (another
#    -C metadata, other symbol names), and LLVM finds a function's profile by its symbol name.
#    Trained through the release binary alone, the bench's library found no profile at all;
# 2. training, the same for both binaries: report/claims/check/lint over seeds/, tests/fixtures/
#    and the inputs of the conformance suites (../shared/conformance beside the
#    checkout, or PGO_CONFORMANCE).
#    The seeds are the product's own sample data, and the bench's (a) is copies of them; the
#    conformance inputs and the fixtures are in no bench corpus, and none of
#    target/bench-corpora is read, so (b) and (c) measure text the profile never saw;
# 3. the profiles merged with the llvm-profdata of rustc's own LLVM (llvm-tools: the system
#    one is older and cannot read them), into a file named by its hash, so that a new profile
#    changes RUSTFLAGS and cargo rebuilds (it does not hash the file's contents);
# 4. the throughput bench and then the release binary built with -Cprofile-use into
#    target/pgo (in that order: `cargo bench` puts its own build of the binary at
#    release/reconcile too), with -pgo-warn-missing-function: a function of the reconcile crates
#    that finds no profile means the symbol names moved between the builds, and the script fails.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
for tool in rustc cargo python3 sha256sum; do
  command -v "$tool" >/dev/null || { echo "pgo: $tool not found" >&2; exit 1; }
done
host=$(rustc -vV | sed -n 's/^host: //p')
profdata=$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata
if [ ! -x "$profdata" ]; then
  echo "pgo: no llvm-profdata in the toolchain; running 'rustup component add llvm-tools'" >&2
  rustup component add llvm-tools >/dev/null 2>&1 || true
  [ -x "$profdata" ] || { echo "pgo: no llvm-profdata at $profdata and 'rustup component add llvm-tools' failed" >&2; exit 1; }
fi
conformance=${PGO_CONFORMANCE:-$PWD/../shared/conformance}
gen=$PWD/target/pgo-gen
use=$PWD/target/pgo
raw=$gen/profraw
train=$gen/train

# cargo ARGS...: runs cargo and prints the executables it built, "KIND PATH" a line (bin,
# bench); its own messages and the compiler's go to $log.
built() {
  cargo "$@" --locked --message-format=json 2>>"$log" | python3 -c '
import json, sys
with open(sys.argv[1], "a") as log:
    for m in map(json.loads, sys.stdin):
        if m.get("reason") == "compiler-artifact" and m.get("executable"):
            print(m["target"]["kind"][0], m["executable"])
        elif m.get("reason") == "compiler-message":
            log.write(m["message"]["rendered"])' "$log"
}

echo "pgo: instrumented builds (target/pgo-gen)" >&2
t0=$SECONDS
mkdir -p "$gen"
log=$gen/build.log
: >"$log"
export RUSTFLAGS="-Cprofile-generate=$raw"
# Cargo names the bench's build of the binary release/reconcile too, and the release build
# takes that name back: keep a copy.
bin=$(built bench --bench throughput --no-run --target-dir "$gen" | sed -n 's/^bin //p' || true)
[ -x "$bin" ] || { cat "$log" >&2; echo "pgo: instrumented build failed" >&2; exit 1; }
gen_bench=$gen/reconcile-for-bench
cp "$bin" "$gen_bench"
gen_release=$(built build --release --target-dir "$gen" | sed -n 's/^bin //p' || true)
unset RUSTFLAGS
[ -x "$gen_release" ] || { cat "$log" >&2; echo "pgo: instrumented build failed" >&2; exit 1; }
# The build's own build scripts are instrumented too and may have written profiles: drop them.
rm -rf "$raw" "$train"
mkdir -p "$raw" "$train/en" "$train/tr"

# Training text besides the seeds: every conformance input, as article-sized files (~4 KB, one
# input a paragraph) in 20 shuffled orders, so that extraction rather than start-up (loading and
# compiling the rules) dominates the profile, as it does on any real corpus.
if ls "$conformance"/*.jsonl >/dev/null 2>&1; then
  python3 - "$conformance" "$train" <<'EOF'
import glob, json, random, sys
src, out = sys.argv[1], sys.argv[2]
inputs = {"en": [], "tr": []}
for f in sorted(glob.glob(src + "/*.jsonl")):
    for line in open(f, encoding="utf-8"):
        case = json.loads(line)
        if case.get("lang") in inputs:
            inputs[case["lang"]].append(case["input"])
for lang, texts in inputs.items():
    for rep in range(20):
        order = texts[:]
        random.Random(rep).shuffle(order)
        doc, n = [], 0
        for t in order + [None]:
            if t is None or sum(map(len, doc)) > 4000:
                with open(f"{out}/{lang}/{rep:02}_{n:03}.txt", "w", encoding="utf-8") as w:
                    w.write("\n\n".join(doc) + "\n")
                doc, n = [], n + 1
            if t is not None:
                doc.append(t)
EOF
else
  echo "pgo: note: no conformance suites at $conformance; training on seeds/ and tests/fixtures/ only" >&2
fi

echo "pgo: training ($((SECONDS - t0)) s for the builds)" >&2
t0=$SECONDS
# Exit 1 is a finding (lint, check); anything else is a failed run and a profile not to trust.
run() { local rc=0; "$@" >/dev/null 2>&1 || rc=$?; [ $rc -le 1 ] || { echo "pgo: training run failed ($rc): $*" >&2; exit 1; }; }
workload() {
  local b=$1
  for f in json markdown csv html table; do run "$b" report seeds --format $f; done
  run "$b" report seeds --learn-trust --discover --format json
  run "$b" claims seeds --format json
  for d in tests/fixtures/drafts/*; do
    run "$b" check "$d" --against seeds --format json
    run "$b" lint "$d" --against seeds
  done
  run "$b" check tests/fixtures/drafts/editor.md --against seeds --format table
  run "$b" check tests/fixtures/drafts/editor.md --against seeds --format html
  run "$b" lint tests/fixtures/drafts/editor.md --against seeds --format sarif
  run "$b" lint tests/fixtures/drafts/editor.md --against seeds --format github
  run "$b" report tests/fixtures/sources/html tests/fixtures/sources/markdown tests/fixtures/sources/draft --format json
  for lang in en tr; do
    if [ -n "$(ls -A "$train/$lang")" ]; then
      run "$b" claims "$train/$lang" --lang $lang --format json
      run "$b" report "$train/$lang" --lang $lang --format json
      RAYON_NUM_THREADS=1 run "$b" report "$train/$lang" --format markdown
    fi
    if [ -n "${PGO_TRAIN_NEWS:-}" ]; then
      mapfile -t half < <(ls "$PGO_TRAIN_NEWS/$lang"/* | sort | awk '{ a[NR] = $0 } END { for (i = 1; i <= int(NR / 2); i++) print a[i] }')
      run "$b" claims "${half[@]}" --lang $lang --format json
      run "$b" report "${half[@]}" --format json
    fi
  done
}
workload "$gen_release"
workload "$gen_bench"

"$profdata" merge -o "$gen/merged.profdata" "$raw"
mkdir -p "$use"
profile=$use/reconcile-$(sha256sum "$gen/merged.profdata" | cut -c1-16).profdata
cp "$gen/merged.profdata" "$profile"
# Earlier profiles are dead weight: each run's differs a little (99.9% of edge counts overlap).
find "$use" -maxdepth 1 -name 'reconcile-*.profdata' ! -name "$(basename "$profile")" -delete

echo "pgo: optimized build with $(basename "$profile") (target/pgo; $((SECONDS - t0)) s for the training)" >&2
t0=$SECONDS
export RUSTFLAGS="-Cprofile-use=$profile -Cllvm-args=-pgo-warn-missing-function"
log=$use/build.log
: >"$log"
bench=$(built bench --bench throughput --no-run --target-dir "$use" | sed -n 's/^bench //p' || true)
release=$(built build --release --target-dir "$use" | sed -n 's/^bin //p' || true)
[ -x "$bench" ] && [ "$release" = "$use/release/reconcile" ] || { cat "$log" >&2; echo "pgo: optimized build failed" >&2; exit 1; }
# The bench's own harness (crate throughput) is not trained, by design; everything else must be.
# The untrained harness is the canary: when its warnings are not seen either, the compiler's
# wording changed and the check below would pass without checking anything.
canary=$(grep -ci '^warning: throughput\.[0-9a-f]*-cgu\.[0-9]*: no profile data' "$log" || true)
[ "$canary" != 0 ] || { echo "pgo: cannot tell which functions found a profile (no warning for the untrained bench harness): see $log" >&2; exit 1; }
missing=$(grep -ci '^warning: reconcile\.[0-9a-f]*-cgu\.[0-9]*: no profile data' "$log" || true)
[ "$missing" = 0 ] || { echo "pgo: $missing functions of reconcile found no profile (symbol names differ between the builds?): see $log" >&2; exit 1; }
mismatched=$(grep -c 'hash mismatch' "$log" || true)
files=$(ls "$train/en" "$train/tr" | grep -c txt || true)
news="no text of target/bench-corpora"
[ -z "${PGO_TRAIN_NEWS:-}" ] || news="and the first half by name of $PGO_TRAIN_NEWS/en and /tr, which (b) and (c) measure with the rest"
echo "PGO build (scripts/pgo.sh), profile trained on seeds/ (the product's sample data, which the bench's (a) repeats), tests/fixtures/ and $files files of conformance-suite inputs; $news" >"$use/trained.txt"
echo "pgo: $use/release/reconcile and $bench ($((SECONDS - t0)) s for the optimized builds, $((SECONDS - start)) s in all; $mismatched profile mismatches; log: $log)" >&2
echo "$bench"
