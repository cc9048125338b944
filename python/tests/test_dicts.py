"""The dicts of `extract` / `extract_file` are `json.loads` of the JSON lines:
the same keys in the same order and values of the same types (`==` alone
takes 4 for 4.0, True for 1 and a tuple's items for a list's), every field
shape covered, and no mutable object shared between two requirements."""

import json

import taizhang

# One document that gives every shape of field the extractor writes: an
# explicit responsibility period (document.period), a figure without unit,
# a redacted figure (placeholder, value None) in a term (per_year None), a
# period of two years (per_year 0.5, a float) and of a quarter (4, an int), a
# range (value_max), a deadline without a figure, a figure of several years
# (multi_year), requirements without period and without actor.
LETTER = """XX镇2024年度安全生产目标责任书
经镇党委研究，与各村（社区）签订本责任书。责任期限为2024年1月1日至2024年12月31日。
一、工作目标
1.亿元GDP生产安全事故死亡率不超过0.02。
2.村（社区）主任任期内参加安全生产培训不少于XX学时。
3.每两年组织轮训不少于1次。
4.各村（社区）配备专（兼）职安全员1至2名。
5.村（社区）应于6月底前完成辖区自建房安全排查。
6.五年来累计培训干部3.5万人次。
7.每季度至少召开1次安全生产专题会议。
"""

# No title line, year or headings (document.year None, section []); one
# sentence with two figures (they share the sentence and its headings).
PLAIN = "各单位每月开展检查不少于2次，每季度组织培训不少于1次。\n"


def shape(x):
    """`x` with the type of every value and the order of every dict's keys."""
    if isinstance(x, dict):
        return ("dict", [(k, shape(v)) for k, v in x.items()])
    if isinstance(x, list):
        return ("list", [shape(v) for v in x])
    return (type(x).__name__, x)


def loads(jsonl):
    return [json.loads(l) for l in jsonl.splitlines()]


def test_the_dicts_are_the_parsed_json_lines_types_and_key_order_included(cli, corpus):
    for text in (LETTER, PLAIN):
        assert shape(taizhang.extract(text)) == shape(loads(taizhang.extract_jsonl(text)))
        assert shape(taizhang.extract(text, name="x.txt", year=2023)) == shape(
            loads(taizhang.extract_jsonl(text, name="x.txt", year=2023))
        )
    for f in corpus:
        cli_jsonl = cli("extract", f, "--format", "jsonl").stdout.decode("utf-8")
        assert shape(taizhang.extract_file(f)) == shape(loads(cli_jsonl))


def test_the_letter_gives_every_field_shape():
    reqs = taizhang.extract(LETTER)
    qs = [r["quantity"] for r in reqs if r["quantity"]]
    periods = [r["period"] for r in reqs if r["period"]]
    assert any(q["unit"] is None for q in qs)
    assert any(q["placeholder"] and q["value"] is None for q in qs)
    assert any(q["value_max"] is not None for q in qs)
    assert all(isinstance(q["value"], float) for q in qs if q["value"] is not None)
    assert {type(p["per_year"]) for p in periods} == {int, float, type(None)}
    assert any(r["quantity"] is None and r["deadline"] for r in reqs)
    assert any(r["period"] is None for r in reqs)
    assert any(r["actor"] is None for r in reqs) and any(r["actor"] for r in reqs)
    assert any(r.get("multi_year") is True for r in reqs)
    assert not any("multi_year" in r for r in reqs if r["kind"] == "target")
    assert reqs[0]["document"]["period"] == {"start": "2024-01-01", "end": "2024-12-31"}
    plain = taizhang.extract(PLAIN)
    assert len(plain) == 2 and plain[0]["sentence"] == plain[1]["sentence"]
    assert plain[0]["section"] == [] and plain[0]["document"]["year"] is None


def test_no_two_requirements_share_a_mutable_object():
    reqs = taizhang.extract(LETTER)
    again = taizhang.extract(LETTER)
    a, b = reqs[0], reqs[1]
    a["document"]["title"] = "changed"
    a["document"]["period"]["start"] = "changed"
    a["section"].append("changed")
    a["sentence_span"][0] = -1
    assert b["document"]["title"] != "changed"
    assert b["document"]["period"]["start"] == "2024-01-01"
    assert "changed" not in b["section"]
    assert b["sentence_span"][0] != -1
    assert reqs[1:] == again[1:]
    plain = taizhang.extract(PLAIN)
    plain[0]["section"].append("changed")
    assert plain[1]["section"] == []
