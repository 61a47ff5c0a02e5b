#!/usr/bin/env bash
# Real-browser check of an HTML report, for CI.
#
#   scripts/browser-check.sh REPORT.html OUTDIR
#
# Loads REPORT.html in headless Chromium emulating a 375 px phone and a 1280 px desktop, writes
# full-page screenshots OUTDIR/report-375.png and OUTDIR/report-1280.png (a page taller than
# 16,000 px continues in OUTDIR/report-WIDTH-2.png, …) and the measurements
# OUTDIR/check-375.json and OUTDIR/check-1280.json, and fails (exit 1) when, at either width:
#   - a script error, console error or Content-Security-Policy violation happens,
#   - the page scrolls sideways, or any card or section is wider than its box
#     (scrollWidth > clientWidth),
#   - plot text renders smaller than 8 px,
#   - the page lacks <html lang> or <title>,
#   - on a draft check page (`check --format html`), the popover of a focused figure runs off
#     the screen or makes the page scroll sideways; OUTDIR/focus-WIDTH.png shows it open.
#
# Chromium's `--window-size` cannot go below 500 px wide in headless mode, so the widths are
# emulated over the DevTools protocol (scripts/browser-check.mjs, plain Node, no npm packages,
# talking to Chromium on a pipe). Installs Debian's chromium when it is missing. Needs no network
# otherwise: the report is self-contained and Chromium runs with its networking features off.
#
# Example (CI):
#   cargo test --test render_html   # writes target/tmp/render/fixture.html
#   scripts/browser-check.sh target/tmp/render/fixture.html target/browser-check
#   reconcile check draft.md --against seeds --format html -o target/check.html
#   scripts/browser-check.sh target/check.html target/browser-check/check
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 REPORT.html OUTDIR" >&2; exit 2; }
report=$1
outdir=$2
[[ -f $report ]] || { echo "error: $report: no such file" >&2; exit 2; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium not found; installing Debian's chromium" >&2
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update
  $sudo apt-get install -y chromium
fi
command -v node >/dev/null 2>&1 || { echo "error: node is required (Node 18 or later)" >&2; exit 2; }

mkdir -p "$outdir"
exec node "$(dirname "$0")/browser-check.mjs" "$report" "$outdir" 375 1280
