#!/usr/bin/env bash
# Steady-state instructions per byte of source text of one thread of the
# pipeline (decode, normalise, segment, metadata, extract, jsonl), which do
# not drift with the machine's speed the way timings do.
#
#   benches/icount.sh [STAGES_BINARY ...]
#
# Without arguments, builds examples/stages (release) and measures it. Each
# binary runs twice under callgrind, over the corpus x20 and x60; the
# difference over 40 copies leaves out start-up (jieba's dictionary load,
# regex compilation), so the figure is per byte of the steady state.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind > /dev/null; then
  echo "valgrind not found: apt-get install -y valgrind" >&2
  exit 2
fi
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
  cargo build --release --locked --example stages
  bins=("${CARGO_TARGET_DIR:-target}/release/examples/stages")
fi
bytes=$(cat corpus/* | wc -c)
refs() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" "$2" 2>&1 | awk '/refs:/ {gsub(",", "", $NF); print $NF}'; }
for b in "${bins[@]}"; do
  lo=$(refs "$b" 20)
  hi=$(refs "$b" 60)
  awk -v b="$b" -v lo="$lo" -v hi="$hi" -v n="$bytes" 'BEGIN { printf "%s: %.1f instructions per byte\n", b, (hi - lo) / 40 / n }'
done
