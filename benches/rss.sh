#!/usr/bin/env bash
# Peak memory and wall time of `taizhang extract` over a big folder.
#
#   benches/rss.sh [SIZE_MB]      (default 1024: a 1 GB folder)
#
# Builds the release binary, writes copies of corpus/*.txt into a temp dir
# until SIZE_MB is reached, then runs `taizhang extract DIR --format jsonl
# > /dev/null` under /usr/bin/time -v with --threads 1 and --threads 2 (and
# all cores when the machine has more), printing peak RSS and wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
target=${CARGO_TARGET_DIR:-target}

if [ ! -x /usr/bin/time ]; then
  echo "/usr/bin/time not found: apt-get install -y time" >&2
  exit 2
fi

echo "== build (release)"
cargo build --release --locked --bin taizhang
bin="$target/release/taizhang"

dir=$(mktemp -d "${TMPDIR:-/tmp}/taizhang-rss.XXXXXX")
trap 'rm -rf "$dir"' EXIT

echo "== writing ${size_mb} MB of corpus copies into $dir"
# Pure bash (no process per file): read the originals once, write copies.
names=()
texts=()
one=0
for f in corpus/*.txt; do
  names+=("$(basename "$f")")
  texts+=("$(<"$f")")
  one=$((one + $(stat -c %s "$f")))
done
copies=$(( (size_mb * 1000000 + one - 1) / one ))
for ((k = 0; k < copies; k++)); do
  sub=$(printf '%06d' "$k")
  [ $((k % 1000)) -eq 0 ] && mkdir -p "$dir/${sub:0:3}"
  for i in "${!names[@]}"; do
    printf '%s\n' "${texts[$i]}" >"$dir/${sub:0:3}/${sub}_${names[$i]}"
  done
done
bytes=$(du -sb "$dir" | cut -f1)
echo "$copies copies, $((copies * ${#names[@]})) files, $((bytes / 1000000)) MB (apparent size)"

threads_list="1 2"
cores=$(nproc)
[ "$cores" -gt 2 ] && threads_list="$threads_list $cores"

for t in $threads_list; do
  log=$(mktemp)
  /usr/bin/time -v "$bin" extract "$dir" --format jsonl --threads "$t" >/dev/null 2>"$log" || {
    echo "taizhang failed (--threads $t):" >&2
    tail -5 "$log" >&2
  }
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  cpu=$(awk -F': ' '/Percent of CPU/ {print $2}' "$log")
  cpus=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$log")
  per_cpu=$(awk -v c="$cpus" -v b="$bytes" 'BEGIN { if (c > 0) printf "%.1f", b / 1e6 / c; else print "?" }')
  secs=$(awk -v w="$wall" 'BEGIN { n = split(w, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
  mbs=$(awk -v s="$secs" -v b="$bytes" 'BEGIN { if (s > 0) printf "%.1f", b / 1e6 / s; else print "?" }')
  printf -- "--threads %s: peak RSS %.1f MB, wall %s (%s MB/s), CPU %s, %s CPU-s (%s MB per CPU-second)\n" \
    "$t" "$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$wall" "$mbs" "$cpu" "$cpus" "$per_cpu"
  rm -f "$log"
done
