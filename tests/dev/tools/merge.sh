#!/usr/bin/env bash
# Merge the first annotators' gold files (every folder of annot/ except Z,
# the second annotator's sample) into tests/dev/gold.jsonl, in file order.
set -euo pipefail
cd "$(dirname "$0")/.."
ls annot/*/*.gold.jsonl | grep -v '^annot/Z/' | sort -t/ -k3 | xargs cat > gold.jsonl
wc -l gold.jsonl
