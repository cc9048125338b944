"""`taizhang export` read back as the engines would: the Parquet file with
pyarrow, the NDJSON line by line, the template and config as the JSON and
YAML the engines parse."""

import datetime
import json

import pytest

import taizhang


def export(cli, tmp_path, fmt, *paths):
    out = tmp_path / f"out.{fmt}"
    cfg = tmp_path / f"config.{fmt}"
    cli("export", *paths, "--format", fmt, "-o", str(out), "--config", str(cfg))
    return out, cfg


def test_parquet_rows_equal_the_quickwit_records(cli, corpus, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    parquet, schema = export(cli, tmp_path, "parquet", *corpus)
    ndjson, _ = export(cli, tmp_path, "quickwit", *corpus)
    records = [json.loads(l) for l in ndjson.read_text(encoding="utf-8").splitlines()]
    table = pq.read_table(parquet)
    assert table.num_rows == len(records) > 50
    assert table.column_names == list(records[0].keys())
    assert str(table.schema.field("value").type) == "double"
    assert str(table.schema.field("deadline_date").type) == "date32[day]"
    assert str(table.schema.field("section").type) == "list<element: string not null>"
    rows = table.to_pylist()
    for row, rec in zip(rows, records):
        for k, v in row.items():
            if isinstance(v, datetime.date):
                row[k] = v.isoformat()
        assert row == rec
    assert "message taizhang_requirement" in schema.read_text()


def test_records_are_the_requirements_of_the_cli(cli, corpus, tmp_path):
    ndjson, _ = export(cli, tmp_path, "quickwit", *corpus)
    records = [json.loads(l) for l in ndjson.read_text(encoding="utf-8").splitlines()]
    reqs = [r for f in corpus for r in taizhang.extract_file(f)]
    assert [r["id"] for r in records] == [r["id"] for r in reqs]
    assert [r["sentence"] for r in records] == [r["sentence"] for r in reqs]
    assert [r["value"] for r in records] == [(r["quantity"] or {}).get("value") for r in reqs]


def test_bulk_follows_the_bulk_api_and_the_template_maps_it(cli, corpus, tmp_path):
    bulk, template = export(cli, tmp_path, "opensearch-bulk", *corpus)
    text = bulk.read_text(encoding="utf-8")
    assert text.endswith("\n")
    lines = text.splitlines()
    assert len(lines) % 2 == 0
    t = json.loads(template.read_text(encoding="utf-8"))
    props = t["template"]["mappings"]["properties"]
    ids = []
    for action, source in zip(lines[::2], lines[1::2]):
        a = json.loads(action)
        s = json.loads(source)
        assert list(a) == ["index"] and a["index"]["_index"] == "taizhang"
        assert a["index"]["_id"] == s["id"]
        ids.append(s["id"])
        assert set(s) == set(props), "dynamic: strict rejects unmapped fields"
        for k, v in s.items():
            if v is None:
                continue
            kind = props[k]["type"]
            if kind == "double":
                assert isinstance(v, (int, float)), k
            elif kind in ("long", "integer"):
                assert isinstance(v, int), k
            elif kind == "boolean":
                assert isinstance(v, bool), k
            elif kind == "date":
                datetime.date.fromisoformat(v)
            elif k == "section":
                assert isinstance(v, list), k
            else:
                assert isinstance(v, str), k
    again = tmp_path / "again.ndjson"
    cli("export", *corpus, "--format", "opensearch-bulk", "-o", str(again))
    assert again.read_text(encoding="utf-8") == text, "a re-export gives the same _ids and documents"


def test_the_quickwit_config_is_yaml_that_maps_every_field(cli, corpus, tmp_path):
    yaml = pytest.importorskip("yaml")
    ndjson, cfg = export(cli, tmp_path, "quickwit", *corpus)
    config = yaml.safe_load(cfg.read_text(encoding="utf-8"))
    assert config["version"] == 0.8 or str(config["version"]) == "0.8"
    mapping = config["doc_mapping"]
    assert mapping["mode"] == "strict"
    fields = {f["name"]: f for f in mapping["field_mappings"]}
    allowed = {"text", "i64", "u64", "f64", "bool", "datetime", "array<text>"}
    assert all(f["type"] in allowed for f in fields.values())
    for tag in mapping["tag_fields"]:
        assert fields[tag]["tokenizer"] == "raw"
    for f in config["search_settings"]["default_search_fields"]:
        assert fields[f]["type"] == "text"
    for line in ndjson.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        assert set(rec) == set(fields)
        for k, v in rec.items():
            if v is not None and fields[k]["type"] == "datetime":
                datetime.datetime.strptime(v, "%Y-%m-%d")


def test_the_schema_in_docs_is_the_schema_pyarrow_reads(cli, corpus, tmp_path, root):
    pq = pytest.importorskip("pyarrow.parquet")
    parquet, _ = export(cli, tmp_path, "parquet", *corpus)
    doc = (root / "docs" / "export" / "README.md").read_text(encoding="utf-8")
    block = doc.split("## The Arrow schema of the Parquet file", 1)[1].split("```\n")[1]
    assert block == pq.read_table(parquet).schema.to_string(show_schema_metadata=False) + "\n"
