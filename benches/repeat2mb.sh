#!/usr/bin/env bash
# Issue 17's check: each of the 42 real documents of tests/dev/docs repeated
# to 2 MB (one file each), extracted by the release binary on one thread to
# jsonl; prints each document's CPU time (user + system) and the largest.
#
#   benches/repeat2mb.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/taizhang}
[ -x "$bin" ] || cargo build --release --locked
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
max=0
for f in tests/dev/docs/*.txt; do
  name=$(basename "$f")
  size=$(stat -c %s "$f")
  copies=$(( (2000000 + size - 1) / size ))
  for _ in $(seq "$copies"); do cat "$f"; echo; done > "$dir/$name"
  /usr/bin/time -o "$dir/time" -f "%U %S" "$bin" extract "$dir/$name" --format jsonl --threads 1 > /dev/null 2>&1
  cpu=$(awk '{print $1 + $2}' "$dir/time")
  printf '%-48s %5.2f MB %6.2f s\n' "$name" "$(stat -c %s "$dir/$name" | awk '{print $1 / 1e6}')" "$cpu"
  max=$(awk -v a="$max" -v b="$cpu" 'BEGIN { print (b > a) ? b : a }')
  rm -f "$dir/$name"
done
echo "largest: $max s of CPU (issue 17: under 2 s each)"
