"""The Dask variant of examples/dask/ on 40 documents made from corpus/:
the same rows as a direct `taizhang extract` run."""

import subprocess
import sys

import pytest

from conftest import ROOT, make_docs

pytest.importorskip("dask.bag")
pytest.importorskip("pyarrow")
sys.path.insert(0, str(ROOT / "examples" / "dask"))
import taizhang_dask  # noqa: E402


def test_dask_threads_give_the_rows_of_the_cli(tmp_path, binary):
    import pandas as pd

    paths = make_docs(tmp_path / "docs", 40)
    direct = subprocess.run([binary, "extract", *paths, "--format", "jsonl"], capture_output=True, check=True)
    expected = sorted(direct.stdout.decode("utf-8").splitlines())
    out = tmp_path / "reqs.parquet"
    df = taizhang_dask.run(str(tmp_path / "docs"), str(out), workers=2)
    assert sorted(df["requirement"]) == expected
    back = pd.read_parquet(out)
    assert sorted(back["requirement"]) == expected
    assert str(back["year"].dtype) == "Int64"
