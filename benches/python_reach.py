"""The cost of the Python routes against the CLI on the same files.

    python benches/python_reach.py [--docs 400] [--repeat 3] [--spark]

Needs the wheel installed in this Python and the release binary
(TAIZHANG_BIN, else $CARGO_TARGET_DIR/release/taizhang or
target/release/taizhang). The documents are made from corpus/ as in the
Spark test (python/tests/conftest.py: make_docs) and written to a temporary
folder (removed at the end), so every route reads the same files from
the page cache.

Timed, best of --repeat, the routes interleaved so a busy machine hurts
them alike:

* cli: `taizhang extract DIR --threads 2 --format jsonl > /dev/null`
  (process start included);
* wheel-2threads: `taizhang.extract_file` over the files on a
  ThreadPoolExecutor of 2 threads, requirements as dicts (built in Rust);
* wheel-2threads-json: the same through `taizhang.extract_file_jsonl`,
  JSON text only (what the Spark and Dask jobs call);
* with --spark, spark-wheel and spark-pipe: the Spark job in local[2]
  over the same documents as JSONL records, the session started once
  beforehand (JVM start excluded), Parquet written.

Prints one line per route (wall seconds, MB/s, ratio to the CLI; CPU
seconds of the process and its children, which a busy machine disturbs
less) and the overhead of the wheel routes against the CLI in percent. Nothing is asserted
about time (this is a benchmark); each run checks the requirement count of
every route equals the CLI's.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python" / "tests"))
sys.path.insert(0, str(ROOT / "examples" / "spark"))

from conftest import find_binary, make_docs  # noqa: E402

import taizhang  # noqa: E402


def cpu_now():
    """CPU seconds of this process (all its threads) and its waited-for children."""
    import resource

    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + c.ru_utime + c.ru_stime


def timed(fn):
    """Wall and CPU seconds of one call, and its result."""
    w, c = time.perf_counter(), cpu_now()
    result = fn()
    return time.perf_counter() - w, cpu_now() - c, result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--spark", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="taizhang-bench-") as tmp:
        return run(a, pathlib.Path(tmp))


def run(a, tmp: pathlib.Path) -> int:
    """The benchmark over documents written under `tmp` (removed afterwards)."""
    binary = find_binary()
    paths = make_docs(tmp / "docs", a.docs)
    mb = sum(os.path.getsize(p) for p in paths) / 1e6

    def cli():
        out = subprocess.run([binary, "extract", str(tmp / "docs"), "--threads", "2", "--format", "jsonl"],
                             capture_output=True, check=True).stdout
        return out.count(b"\n")

    def wheel_dicts():
        with ThreadPoolExecutor(max_workers=2) as pool:
            return sum(len(r) for r in pool.map(taizhang.extract_file, paths))

    def wheel_json():
        with ThreadPoolExecutor(max_workers=2) as pool:
            return sum(s.count("\n") for s in pool.map(taizhang.extract_file_jsonl, paths))

    routes = {"cli": cli, "wheel-2threads": wheel_dicts, "wheel-2threads-json": wheel_json}
    spark = None
    if a.spark:
        import taizhang_spark
        from pyspark.sql import SparkSession

        os.environ["PYSPARK_PYTHON"] = sys.executable
        records = tmp / "records.jsonl"
        with open(records, "w", encoding="utf-8") as f:
            for p in paths:
                f.write(json.dumps({"id": p, "text": open(p, encoding="utf-8").read()}, ensure_ascii=False) + "\n")
        spark = (SparkSession.builder.master("local[2]").appName("taizhang-bench")
                 .config("spark.ui.enabled", "false").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")

        def spark_route(route):
            def go():
                out = tmp / f"{route}.parquet"
                taizhang_spark.run(spark, str(records), str(out), route, binary=binary, partitions=4)
                return spark.read.parquet(str(out)).count()
            return go

        spark_route("wheel")()  # warm the session, the workers and the page cache
        routes["spark-wheel"] = spark_route("wheel")
        routes["spark-pipe"] = spark_route("pipe")

    times = {k: [] for k in routes}
    cpus = {k: [] for k in routes}
    counts = {}
    for _ in range(a.repeat):
        for name, fn in routes.items():
            t, c, n = timed(fn)
            times[name].append(t)
            cpus[name].append(c)
            counts[name] = n
    if spark is not None:
        spark.stop()
    print(f"{a.docs} documents, {mb:.2f} MB, best of {a.repeat}, binary {binary}")
    base, base_cpu = min(times["cli"]), min(cpus["cli"])
    for name in routes:
        t, c = min(times[name]), min(cpus[name])
        cpu = f"cpu {c:7.3f} s x{c / base_cpu:5.2f}" if not name.startswith("spark") else "cpu (JVM, not counted)"
        print(f"{name:22s} wall {t:7.3f} s {mb / t:6.2f} MB/s x{t / base:5.2f} of cli   {cpu}   ({counts[name]} requirements)")
    for name in ("wheel-2threads", "wheel-2threads-json"):
        over = (min(times[name]) / base - 1) * 100
        over_cpu = (min(cpus[name]) / base_cpu - 1) * 100
        print(f"{name} vs cli --threads 2: overhead {over:+.1f} % wall, {over_cpu:+.1f} % CPU")
    bad = {k: v for k, v in counts.items() if v != counts["cli"]}
    if bad:
        print(f"requirement counts differ from the cli ({counts['cli']}): {bad}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
