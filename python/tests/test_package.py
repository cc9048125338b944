"""The package `taizhang` against the CLI on the real documents of corpus/."""

import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import taizhang
from taizhang import _native


def cli_lines(cli, *paths):
    out = cli("extract", *paths, "--format", "jsonl").stdout.decode("utf-8")
    return [json.loads(l) for l in out.splitlines()]


def test_the_wheel_is_abi3():
    assert _native.__file__.endswith(".abi3.so") or _native.__file__.endswith(".pyd")


def test_extract_file_equals_the_cli_line_for_line(cli, corpus):
    for f in corpus:
        assert taizhang.extract_file(f) == cli_lines(cli, f)
    assert sum(len(taizhang.extract_file(f)) for f in corpus) > 50


def test_extract_of_the_text_prints_the_cli_bytes(cli, corpus):
    for f in corpus:
        cli_bytes = cli("extract", f, "--format", "jsonl").stdout.decode("utf-8")
        assert taizhang.extract_jsonl(taizhang.read_text(f), name=f) == cli_bytes
        assert taizhang.extract_file_jsonl(f) == cli_bytes
        assert taizhang.extract(taizhang.read_text(f), name=f) == cli_lines(cli, f)


def test_extract_of_stdin_is_named_dash_as_on_the_cli(cli, corpus):
    text = taizhang.read_text(corpus[1])
    assert taizhang.extract(text) == [json.loads(l) for l in cli("extract", "-", "--format", "jsonl", stdin=text.encode()).stdout.decode().splitlines()]


def test_spans_point_into_read_text(corpus):
    for f in corpus:
        source = taizhang.read_text(f).encode("utf-8")
        for r in taizhang.extract_file(f):
            s, e = r["sentence_span"]
            assert source[s:e].decode("utf-8").strip() == r["sentence"].strip()
            if r["quantity"]:
                s, e = r["quantity"]["span"]
                assert source[s:e].decode("utf-8") == r["quantity"]["raw"]


def test_year_replaces_the_year_of_the_text():
    text = "各单位要在年底前完成清理整改，每季度开展检查不少于1次。"
    plain = taizhang.extract(text)
    dated = taizhang.extract(text, name="x.txt", year=2024)
    assert [r["doc"] for r in dated] == ["x.txt"] * len(dated)
    assert all(r["document"]["year"] == 2024 for r in dated)
    assert any(r["deadline"] and r["deadline"]["date"] == "2024-12-31" for r in dated)
    assert len(plain) == len(dated)


def test_errors_are_exceptions_that_name_the_file(tmp_path):
    with pytest.raises(taizhang.TaizhangError, match=r"no-such\.txt: cannot read"):
        taizhang.extract_file("corpus/no-such.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    with pytest.raises(taizhang.TaizhangError, match=r"empty\.txt: empty file"):
        taizhang.extract_file(empty)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(taizhang.TaizhangError, match=r"report\.pdf"):
        taizhang.read_text(pdf)
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(taizhang.TaizhangError, match=r"blob\.txt: binary file"):
        taizhang.extract_file(binary)
    with pytest.raises(taizhang.TaizhangError, match=r"named\.txt: empty file"):
        taizhang.extract("", name="named.txt")
    with pytest.raises(TypeError):
        taizhang.extract(b"bytes")


def test_ledger_equals_the_cli_ledger_json(cli, corpus):
    rows = taizhang.ledger(corpus)
    assert rows == json.loads(cli("ledger", *corpus, "--format", "json").stdout)
    assert len(rows) == sum(r["kind"] == "target" for f in corpus for r in taizhang.extract_file(f))
    done = taizhang.ledger(corpus[0], kind="achievement")
    assert done == json.loads(cli("ledger", corpus[0], "--format", "json", "--kind", "achievement").stdout)
    with pytest.raises(taizhang.TaizhangError, match=r"missing\.txt"):
        taizhang.ledger([corpus[0], "corpus/missing.txt"])
    with pytest.raises(ValueError, match="kind"):
        taizhang.ledger(corpus, kind="plan")


def test_threads_give_the_serial_results(corpus):
    files = corpus * 4
    serial = [taizhang.extract_file(f) for f in files]
    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(taizhang.extract_file, files)) == serial


def test_the_gil_is_released_while_rust_works(corpus):
    # Another thread that yields the GIL at every step can only advance
    # while extract() runs if extract() lets go of the GIL. A long switch
    # interval keeps the interpreter itself from handing it over.
    text = "\n".join(taizhang.read_text(f) for f in corpus) * 20
    ticks = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            ticks[0] += 1
            threading.Event().wait(0)

    old = sys.getswitchinterval()
    sys.setswitchinterval(5.0)
    t = threading.Thread(target=spin)
    advanced = []
    try:
        t.start()
        # With the GIL held the other thread never advances during a call;
        # released, it does as soon as the OS gives it a core: a few calls
        # leave room for a machine busy with other work.
        for _ in range(10):
            before = ticks[0]
            reqs = taizhang.extract(text)
            advanced.append(ticks[0] - before)
            if advanced[-1] > 0:
                break
    finally:
        stop.set()
        sys.setswitchinterval(old)
        t.join()
    assert reqs
    assert advanced[-1] > 0, advanced


def test_to_pandas_has_flat_columns_and_one_row_per_requirement(corpus):
    pd = pytest.importorskip("pandas")
    reqs = [r for f in corpus for r in taizhang.extract_file(f)]
    df = taizhang.to_pandas(reqs)
    assert list(df.columns) == taizhang.COLUMNS
    for c in ["title", "year", "issuer", "kind", "actor", "action", "comparator", "value", "unit", "period", "deadline", "sentence"]:
        assert c in df.columns
    assert len(df) == len(reqs)
    assert str(df["year"].dtype) == "Int64"
    assert df["value"].dtype == "float64"
    first = reqs[0]
    assert df.loc[0, "title"] == first["document"]["title"]
    assert df.loc[0, "sentence"] == first["sentence"]
    assert df.loc[0, "section"] == " / ".join(first["section"])
    assert df["value"].isna().sum() == sum(1 for r in reqs if not r["quantity"] or r["quantity"]["value"] is None)


def test_the_readme_notebook_example_runs(corpus):
    pytest.importorskip("pandas")
    # The README's example: one indicator's targets across years.
    reqs = [r for f in corpus for r in taizhang.extract_file(f)]
    df = taizhang.to_pandas(reqs)
    targets = df[(df.kind == "target") & df.action.fillna("").str.contains("约谈")]
    table = targets.pivot_table(index="action", columns="year", values="value", aggfunc="max")
    assert len(targets) > 0
    assert len(table) > 0
