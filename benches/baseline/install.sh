#!/usr/bin/env bash
# Install what the Python baseline needs (jieba, pinned).
set -euo pipefail
python3 -m pip install "jieba==0.42.1"
python3 -c "import jieba; print('jieba', jieba.__version__)"
