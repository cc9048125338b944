#!/usr/bin/env bash
# Peak memory, wall time and rows a second of `taizhang ledger DIR -o
# FILE.xlsx` end to end (extraction included) on a generated folder that
# gives about ROWS ledger rows.
#
#   benches/ledger-rss.sh [ROWS]      (default 300000)
#
# Builds the release binary, writes plans of 1,500 numbered duties each (two
# targets a line, figures varied so no two lines are alike), then runs the
# ledger under /usr/bin/time -v and prints peak RSS, wall time and rows/s.
# The writing stage alone is `cargo bench --bench ledger`.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-300000}
target=${CARGO_TARGET_DIR:-target}
if [ ! -x /usr/bin/time ]; then
  echo "/usr/bin/time not found: apt-get install -y time" >&2
  exit 2
fi
echo "== build (release)"
cargo build --release --locked --bin taizhang
bin="$target/release/taizhang"
dir=$(mktemp -d "${TMPDIR:-/tmp}/taizhang-ledger-rss.XXXXXX")
trap 'rm -rf "$dir"' EXIT
docs=$(( (rows + 2999) / 3000 ))
echo "== writing $docs plans (about $rows rows) into $dir"
units=(县纪委 县委办 县政府办 县财政局 县教育局 县卫健委 各乡镇 县应急局)
acts=(开展廉政谈话 组织廉政培训 开展专项督查 听取工作汇报 开展警示教育 召开专题会议)
for ((d = 0; d < docs; d++)); do
  {
    echo "${units[d % 8]}2022年党风廉政建设工作要点（第${d}号）"
    for ((i = 0; i < 1500; i++)); do
      echo "$((i + 1)).${units[i % 8]}每季度${acts[i % 6]}不少于$(( (i * 7 + d) % 9 + 1 ))次，覆盖第${i}批干部$(( (i * 13 + d) % 90 + 10 ))人。"
    done
  } >"$dir/plan$d.txt"
done
echo "== ledger"
log="$dir/time.log"
/usr/bin/time -v "$bin" ledger "$dir" -o "$dir/out.xlsx" 2>"$log"
grep -E "ledger rows" "$log"
n=$(grep -oE '^taizhang: [0-9]+ ledger rows' "$log" | grep -oE '[0-9]+')
rss=$(awk '/Maximum resident/ {print $6}' "$log")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
cpu=$(awk -F': ' '/User time|System time/ {t += $2} END {print t}' "$log")
echo "rows: $n  peak RSS: $((rss / 1000)) MB  wall: ${secs}s  rows/s: $(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')  CPU: ${cpu}s ($(awk -v n="$n" -v s="$cpu" 'BEGIN { printf "%.0f", n / s }') rows per CPU-second)"
