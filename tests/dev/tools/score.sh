#!/usr/bin/env bash
# Score a taizhang binary on the development gold with the official scorer.
#   tests/dev/tools/score.sh [BINARY] [score.py options]
set -euo pipefail
cd "$(dirname "$0")/../../.."
bin=$(realpath "${1:-target/release/taizhang}"); shift || true
scorer=${SCORER:-../shared/eval/score.py}
out=$(mktemp)
# Only the annotated documents count (the others have no gold yet).
docs=$(python3 -c 'import json,sys; print("\n".join(sorted({json.loads(l)["doc"] for l in open(sys.argv[1]) if l.strip()})))' tests/dev/gold.jsonl)
(cd tests/dev/docs && "$bin" extract $docs --format jsonl) >"$out"
python3 "$scorer" tests/dev/gold.jsonl "$out" --docs tests/dev/docs "$@"
rm -f "$out"
