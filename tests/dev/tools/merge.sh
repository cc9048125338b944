#!/usr/bin/env bash
# Merge the first annotators' gold files into tests/dev/gold.jsonl, in file
# order: every folder of annot/ except the second annotators' samples (Z for
# figures, Y for d009 in session 10; L and M, the deadline-only pass of
# session 8).
set -euo pipefail
cd "$(dirname "$0")/.."
ls annot/*/*.gold.jsonl | grep -v -E '^annot/(Z|Y|L|M)/' | sort -t/ -k3 | xargs cat > gold.jsonl
wc -l gold.jsonl
