"""The Spark job of examples/spark/ in local[2] over 200 documents made from
corpus/: both routes (the wheel in mapPartitions, the binary through
rdd.pipe with checkCode) give exactly the rows of a direct
`taizhang extract` run. Skipped without pyspark unless
TAIZHANG_REQUIRE_SPARK=1 (as in .ci/run)."""

import json
import os
import sys

import pytest

from conftest import ROOT, make_docs

if os.environ.get("TAIZHANG_REQUIRE_SPARK") != "1":
    pytest.importorskip("pyspark")

sys.path.insert(0, str(ROOT / "examples" / "spark"))
import taizhang_spark  # noqa: E402

DOCS = 200


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    s = (
        SparkSession.builder.master("local[2]")
        .appName("taizhang-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def docs(tmp_path_factory, binary):
    import subprocess

    d = tmp_path_factory.mktemp("spark")
    paths = make_docs(d / "docs", DOCS)
    records = d / "records.jsonl"
    with open(records, "w", encoding="utf-8") as f:
        for p in paths:
            text = open(p, encoding="utf-8").read()
            f.write(json.dumps({"id": p, "text": text}, ensure_ascii=False) + "\n")
    direct = subprocess.run([binary, "extract", *paths, "--format", "jsonl"], capture_output=True, check=True)
    lines = direct.stdout.decode("utf-8").splitlines()
    assert len(lines) > DOCS, "the made documents hold requirements"
    return d, records, sorted(lines)


def requirement_lines(folder):
    import pyarrow.parquet as pq

    t = pq.read_table(str(folder))
    assert t.column_names == [n for n, _ in taizhang_spark.ROW_FIELDS]
    return sorted(t.column("requirement").to_pylist()), t


def test_the_wheel_route_gives_the_rows_of_the_cli(spark, docs):
    d, records, expected = docs
    out = d / "wheel.parquet"
    taizhang_spark.run(spark, str(records), str(out), "wheel", partitions=4)
    got, table = requirement_lines(out)
    assert got == expected
    row = table.slice(0, 1).to_pylist()[0]
    req = json.loads(row["requirement"])
    assert row["doc"] == req["doc"] and row["sentence"] == req["sentence"]


def test_the_pipe_route_gives_the_rows_of_the_cli(spark, docs, binary):
    d, records, expected = docs
    out = d / "pipe.parquet"
    taizhang_spark.run(spark, str(records), str(out), "pipe", binary=binary, partitions=4)
    got, _ = requirement_lines(out)
    assert got == expected


def test_the_pipe_route_fails_the_job_when_a_record_fails(spark, docs, binary, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "empty-record", "text": "   "}) + "\n", encoding="utf-8")
    with pytest.raises(Exception, match="exited with error code 1"):
        taizhang_spark.run(spark, str(bad), str(tmp_path / "out.parquet"), "pipe", binary=binary, partitions=1)
