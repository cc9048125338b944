"""taizhang (台账): the quantified obligations of Chinese policy documents.

Every function runs the Rust library with the GIL released, so several
Python threads extract side by side. Requirements are plain dicts of the
shape that ``taizhang extract --format jsonl`` prints (the spec's JSON
contract); errors are :class:`TaizhangError`, whose message names the file
and the problem.

>>> import taizhang
>>> reqs = taizhang.extract("各党组每年开展廉政谈话不少于4次。", name="demo.txt")
>>> reqs[0]["quantity"]["raw"], reqs[0]["quantity"]["value"]
('不少于4次', 4.0)
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, List, Optional, Union

from taizhang._native import TaizhangError, __version__
from taizhang import _native

__all__ = [
    "TaizhangError",
    "__version__",
    "extract",
    "extract_file",
    "extract_jsonl",
    "extract_file_jsonl",
    "read_text",
    "ledger",
    "to_pandas",
    "flat",
    "COLUMNS",
]

PathLike = Union[str, "os.PathLike[str]"]


def extract(text: str, *, name: Optional[str] = None, year: Optional[int] = None) -> List[dict]:
    """The requirements of ``text``, one dict each, in document order.

    ``name`` becomes each requirement's ``doc`` (default ``"-"``, as for
    standard input on the command line); ``year`` replaces the year the
    text gives (deadlines such as 年底前 resolve with it). The dicts equal
    what ``taizhang extract --format jsonl`` prints for a UTF-8 file of the
    same text. Raises :class:`TaizhangError` for an empty text.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return _native.extract_list(text, name, year)


def extract_file(path: PathLike) -> List[dict]:
    """The requirements of one file (.txt in any common encoding, .docx,
    .html); ``doc`` is the path as given. Raises :class:`TaizhangError`
    naming the file when it cannot be read (missing, empty, binary, a
    refused type such as .pdf)."""
    return _native.extract_file_list(os.fspath(path))


def extract_jsonl(text: str, *, name: Optional[str] = None, year: Optional[int] = None) -> str:
    """:func:`extract` as the JSON lines themselves, byte for byte what
    ``taizhang extract --format jsonl`` prints: for pipelines that store or
    forward JSON (Spark, Dask, a message queue), which would otherwise dump
    the dicts again. Building the dicts costs about what writing the JSON
    costs, a small part of the extraction."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    return _native.extract_jsonl(text, name, year)


def extract_file_jsonl(path: PathLike) -> str:
    """:func:`extract_file` as JSON lines (see :func:`extract_jsonl`)."""
    return _native.extract_file_jsonl(os.fspath(path))


def read_text(path: PathLike) -> str:
    """The source text of a file, as decoded: what ``span`` offsets point
    into (byte offsets of its UTF-8 encoding)."""
    return _native.read_text(os.fspath(path))


def ledger(
    paths: Union[PathLike, Iterable[PathLike]],
    *,
    kind: str = "target",
    all_tasks: bool = False,
    threads: int = 0,
) -> List[dict]:
    """The 台账 rows of files, folders or ``.jsonl`` extract output, as
    ``taizhang ledger --format json`` writes them. ``kind`` is ``"target"``
    or ``"achievement"``; ``threads`` 0 uses every core. Raises
    :class:`TaizhangError` naming every input that failed."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return json.loads(_native.ledger_json([os.fspath(p) for p in paths], kind, all_tasks, threads))


#: The columns of :func:`to_pandas`, in order.
COLUMNS = [
    "doc",
    "id",
    "title",
    "year",
    "issuer",
    "doc_type",
    "genre",
    "kind",
    "modality",
    "actor",
    "action",
    "raw",
    "comparator",
    "value",
    "value_max",
    "unit",
    "placeholder",
    "period",
    "per_year",
    "deadline",
    "deadline_date",
    "section",
    "sentence",
]


def flat(r: dict) -> dict:
    """One requirement as a flat dict with the keys of :data:`COLUMNS` (a
    row of :func:`to_pandas`); ``section`` is the heading path joined by
    `` / ``."""
    q = r.get("quantity") or {}
    p = r.get("period") or {}
    d = r.get("deadline") or {}
    m = r.get("document") or {}
    return {
        "doc": r.get("doc"),
        "id": r.get("id"),
        "title": m.get("title"),
        "year": m.get("year"),
        "issuer": m.get("issuer"),
        "doc_type": m.get("doc_type"),
        "genre": m.get("genre"),
        "kind": r.get("kind"),
        "modality": r.get("modality"),
        "actor": r.get("actor"),
        "action": r.get("action"),
        "raw": q.get("raw"),
        "comparator": q.get("comparator"),
        "value": q.get("value"),
        "value_max": q.get("value_max"),
        "unit": q.get("unit"),
        "placeholder": q.get("placeholder"),
        "period": p.get("unit"),
        "per_year": p.get("per_year"),
        "deadline": d.get("raw"),
        "deadline_date": d.get("date"),
        "section": " / ".join(r.get("section") or []),
        "sentence": r.get("sentence"),
    }


def to_pandas(requirements: Iterable[dict]) -> Any:
    """A pandas DataFrame with one row per requirement and flat columns
    (:data:`COLUMNS`): document title, year, issuer, kind, actor, action,
    comparator, value, unit, period, deadline, sentence and the rest.
    ``year`` is a nullable integer, ``value`` a float (NaN for a redacted or
    deadline-only line). Needs pandas (``pip install taizhang[pandas]``)."""
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas needs pandas: pip install pandas") from e
    df = pd.DataFrame([flat(r) for r in requirements], columns=COLUMNS)
    df["year"] = df["year"].astype("Int64")
    for c in ("value", "value_max", "per_year"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    return df
