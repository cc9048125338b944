#!/usr/bin/env python3
"""Time the Python baseline (extract.py) in one process.

    python3 bench.py DIR            one pass over the .txt files of DIR; prints MB/s
    python3 bench.py --copies N     the same over corpus/ replicated N times in a temp dir
    python3 bench.py --serve DIR    for `cargo bench`: reads "run K" lines on stdin,
                                    answers "SECONDS BYTES RECORDS CPU_SECONDS" per line

The files are read into memory first; the clock covers decoding, sentence
splitting, the regexes, jieba's cut of every sentence and building the
records (not writing them), and excludes interpreter start and jieba's
dictionary load (done before the clock starts).
"""
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jieba  # noqa: E402

import extract  # noqa: E402


def load(folder):
    """(name, bytes) of every .txt file under `folder`, sorted."""
    out = []
    for path in extract.files([folder]):
        with open(path, "rb") as f:
            out.append((os.path.basename(path), f.read()))
    return out


def one_pass(docs):
    """Run the baseline over `docs`; (seconds, bytes, records, CPU seconds)."""
    start = time.perf_counter()
    cpu = time.process_time()
    records = 0
    size = 0
    for name, data in docs:
        size += len(data)
        text = data.decode("utf-8-sig")
        for _ in extract.extract_text(name, text):
            records += 1
    return time.perf_counter() - start, size, records, time.process_time() - cpu


def replicate(copies, folder):
    """Write `copies` copies of corpus/*.txt into `folder`, one character varied per copy."""
    corpus = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "corpus")
    originals = load(corpus)
    for k in range(copies):
        for name, data in originals:
            text = data.decode("utf-8")
            i = max(j for j, c in enumerate(text) if "\u4e00" <= c <= "\u9fff")
            text = text[:i] + chr(0x4E00 + 0x100 + k % 4096) + text[i + 1 :]
            with open(os.path.join(folder, "%05d_%s" % (k, name)), "w", encoding="utf-8") as f:
                f.write(text)


def report(seconds, size, records, cpu):
    mb = size / 1e6
    print(
        "python baseline: %.1f MB in %.2f s = %.3f MB/s (%.3f MB per CPU-second), %d records"
        % (mb, seconds, mb / seconds, mb / max(cpu, 1e-9), records)
    )


def main(argv):
    jieba.setLogLevel(60)
    jieba.initialize()
    if len(argv) == 3 and argv[1] == "--serve":
        docs = load(argv[2])
        print("ready %d" % sum(len(d) for _, d in docs), flush=True)
        for line in sys.stdin:
            parts = line.split()
            if not parts or parts[0] != "run":
                break
            total, cpu, size, records = 0.0, 0.0, 0, 0
            for _ in range(int(parts[1]) if len(parts) > 1 else 1):
                s, size, records, c = one_pass(docs)
                total += s
                cpu += c
            print("%.9f %d %d %.9f" % (total, size, records, cpu), flush=True)
    elif len(argv) == 3 and argv[1] == "--copies":
        with tempfile.TemporaryDirectory() as tmp:
            replicate(int(argv[2]), tmp)
            report(*one_pass(load(tmp)))
    elif len(argv) == 2:
        report(*one_pass(load(argv[1])))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
