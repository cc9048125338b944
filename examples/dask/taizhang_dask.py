"""Extract the requirements of a folder of documents with Dask on one
workstation and write Parquet: the Spark job's wheel route without a JVM.

    python examples/dask/taizhang_dask.py DOCS_FOLDER reqs.parquet --workers 4

The extraction releases the GIL, so Dask's threaded scheduler (the
default here) uses every core without the cost of processes; pass
``--scheduler processes`` to compare. Each row is one requirement with the
flat columns of ``taizhang.COLUMNS`` plus ``requirement``, its JSON line as
``taizhang extract --format jsonl`` prints it.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from typing import List

import taizhang


def extract_paths(paths: List[str]) -> List[dict]:
    """One partition: the rows of every requirement of `paths`."""
    rows = []
    for p in paths:
        for line in taizhang.extract_file_jsonl(p).splitlines():
            req = json.loads(line)
            row = taizhang.flat(req)
            row["requirement"] = line
            rows.append(row)
    return rows


def run(folder: str, output: str, workers: int = 2, scheduler: str = "threads", partitions: int = 0):
    """Extract every .txt/.docx/.html file under `folder`, write Parquet to
    `output`; returns the pandas DataFrame."""
    import dask
    import dask.bag as db
    import pandas as pd

    files = sorted(
        str(p) for p in pathlib.Path(folder).rglob("*") if p.suffix.lower() in {".txt", ".md", ".docx", ".html", ".htm"}
    )
    if not files:
        raise SystemExit(f"{folder}: no documents")
    bag = db.from_sequence(files, npartitions=partitions or workers * 4)
    rows = bag.map_partitions(extract_paths)
    with dask.config.set(scheduler=scheduler, num_workers=workers):
        df = pd.DataFrame(rows.compute(), columns=[*taizhang.COLUMNS, "requirement"])
    df["year"] = df["year"].astype("Int64")
    for c in ("value", "value_max", "per_year"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    df.to_parquet(output, index=False)
    return df


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("folder")
    p.add_argument("output")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--scheduler", choices=["threads", "processes", "synchronous"], default="threads")
    a = p.parse_args(argv)
    df = run(a.folder, a.output, a.workers, a.scheduler)
    print(f"taizhang: {len(df)} requirements written to {a.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
