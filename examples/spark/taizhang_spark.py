"""Extract the requirements of many documents with PySpark and write Parquet.

Two routes, same rows:

* ``--route wheel``: every executor has the ``taizhang`` wheel installed
  (``pip install taizhang-*.whl``, or ``--py-files``/a packed venv);
  ``mapPartitions`` calls ``taizhang.extract`` on each record.
* ``--route pipe``: nothing Python-side on the executors but this file; the
  static ``taizhang`` binary is shipped with ``SparkContext.addFile`` and
  each partition's records go through ``taizhang extract --stdin-jsonl`` by
  ``rdd.pipe(..., checkCode=True)``: without ``checkCode`` a crashing or
  failing process would pass silently and its rows would just be missing.

Input: a ``.jsonl`` file (or folder of them) of ``{"id": …, "text": …}``
records, or a folder of ``.txt`` files (read with ``wholeTextFiles``; the id
is the file's path). Each output row is one requirement: the flat columns
of ``ROW_SCHEMA`` plus ``requirement``, the requirement's JSON line exactly
as ``taizhang extract --format jsonl`` prints it (``doc`` = the record id).

    spark-submit examples/spark/taizhang_spark.py --input docs.jsonl \\
        --output reqs.parquet --route wheel --master 'local[2]'
    spark-submit examples/spark/taizhang_spark.py --input docs.jsonl \\
        --output reqs.parquet --route pipe --binary target/release/taizhang

A record that fails (empty text, a bug) fails the job in the pipe route
(the process exits 1, ``checkCode`` raises) and in the wheel route
(``TaizhangError`` propagates); pass ``--skip-bad`` to the wheel route to
count and skip them instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Iterable, Iterator, List, Optional, Tuple

#: The flat columns of a row, in order, with their Spark SQL types.
ROW_FIELDS: List[Tuple[str, str]] = [
    ("doc", "string"),
    ("id", "string"),
    ("kind", "string"),
    ("modality", "string"),
    ("title", "string"),
    ("year", "int"),
    ("issuer", "string"),
    ("actor", "string"),
    ("action", "string"),
    ("raw", "string"),
    ("comparator", "string"),
    ("value", "double"),
    ("unit", "string"),
    ("period", "string"),
    ("deadline_date", "string"),
    ("sentence", "string"),
    ("requirement", "string"),
]


def row_schema():
    from pyspark.sql.types import DoubleType, IntegerType, StringType, StructField, StructType

    types = {"string": StringType(), "int": IntegerType(), "double": DoubleType()}
    return StructType([StructField(n, types[t], True) for n, t in ROW_FIELDS])


def to_row(line: str) -> tuple:
    """The row of one requirement JSON line (no dependency on the wheel:
    the pipe route flattens on executors that do not have it)."""
    r = json.loads(line)
    q = r.get("quantity") or {}
    m = r.get("document") or {}
    value = q.get("value")
    return (
        r.get("doc"),
        r.get("id"),
        r.get("kind"),
        r.get("modality"),
        m.get("title"),
        m.get("year"),
        m.get("issuer"),
        r.get("actor"),
        r.get("action"),
        q.get("raw"),
        q.get("comparator"),
        None if value is None else float(value),
        q.get("unit"),
        (r.get("period") or {}).get("unit"),
        (r.get("deadline") or {}).get("date"),
        r.get("sentence"),
        line,
    )


def extract_partition(records: Iterable[str], skip_bad: bool = False) -> Iterator[tuple]:
    """mapPartitions body of the wheel route: JSON records in, rows out."""
    import taizhang

    for rec in records:
        r = json.loads(rec)
        try:
            out = taizhang.extract_jsonl(r["text"], name=str(r["id"]))
        except taizhang.TaizhangError as e:
            if skip_bad:
                print(f"taizhang: {e}", file=sys.stderr)
                continue
            raise
        for line in out.splitlines():
            yield to_row(line)


def read_records(spark, path: str, partitions: int):
    """An RDD of JSON record strings from a .jsonl input or a folder of .txt files."""
    sc = spark.sparkContext
    if path.endswith(".jsonl") or (os.path.isdir(path) and any(f.endswith(".jsonl") for f in os.listdir(path))):
        rdd = sc.textFile(path, minPartitions=partitions).filter(lambda l: l.strip())
    else:
        rdd = sc.wholeTextFiles(path, minPartitions=partitions).map(
            lambda kv: json.dumps({"id": kv[0], "text": kv[1]}, ensure_ascii=False)
        )
    return rdd.repartition(partitions) if rdd.getNumPartitions() < partitions else rdd


def binary_command(spark, binary: str) -> str:
    """Ship the binary with addFile and return the pipe command that runs
    it on an executor: SparkFiles' directory in local mode, the executor's
    working directory (where added files land) on a cluster."""
    from pyspark import SparkFiles

    sc = spark.sparkContext
    sc.addFile(binary)
    name = os.path.basename(binary)
    if sc.master.startswith("local"):
        exe = SparkFiles.get(name)
    else:
        exe = f"./{name}"
    return f"{exe} extract --stdin-jsonl --threads 1 --format jsonl"


def run(spark, input_path: str, output: Optional[str], route: str, binary: Optional[str] = None, partitions: int = 0, skip_bad: bool = False):
    """Run one route; returns the DataFrame of rows (written to `output`
    as Parquet when given)."""
    partitions = partitions or spark.sparkContext.defaultParallelism
    # The executors import this module to run extract_partition and to_row.
    spark.sparkContext.addPyFile(os.path.abspath(__file__))
    records = read_records(spark, input_path, partitions)
    if route == "wheel":
        rows = records.mapPartitions(lambda it: extract_partition(it, skip_bad))
    elif route == "pipe":
        if not binary:
            raise SystemExit("--route pipe needs --binary PATH (the taizhang executable)")
        cmd = binary_command(spark, binary)
        rows = records.pipe(cmd, checkCode=True).map(to_row)
    else:
        raise SystemExit(f"unknown route {route!r}: wheel or pipe")
    df = spark.createDataFrame(rows, row_schema())
    if output:
        df.write.mode("overwrite").parquet(output)
    return df


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--input", required=True, help=".jsonl records or a folder of .txt files")
    p.add_argument("--output", required=True, help="Parquet output folder")
    p.add_argument("--route", choices=["wheel", "pipe"], default="wheel")
    p.add_argument("--binary", help="the taizhang executable (pipe route)")
    p.add_argument("--master", help="e.g. local[2]; default: from spark-submit")
    p.add_argument("--partitions", type=int, default=0)
    p.add_argument("--skip-bad", action="store_true", help="wheel route: skip records that fail")
    a = p.parse_args(argv)
    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName("taizhang")
    if a.master:
        b = b.master(a.master)
    spark = b.getOrCreate()
    try:
        run(spark, a.input, a.output, a.route, a.binary, a.partitions, a.skip_bad)
        n = spark.read.parquet(a.output).count()
        print(f"taizhang: {n} requirements written to {a.output}", file=sys.stderr)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
