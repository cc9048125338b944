#!/usr/bin/env python3
"""A plain Python baseline for `taizhang extract`: jieba + re.

What a researcher would write in an afternoon: split the text into
sentences, find quantified phrases ("不少于4次", "达到100%", "60余人次",
"x次") with a few regular expressions, cut every sentence with jieba, and
take the words before the figure in its clause as the action. One JSON
object per quantity on stdout (JSONL). No rejection rules, no actor, no
deadline: it is the speed yardstick, not a competitor on quality.

    python3 extract.py FILE_OR_DIR... > out.jsonl
"""
import json
import os
import re
import sys

import jieba

CN_DIGITS = "零一二两三四五六七八九十百千万亿"
NUM = r"(?:\d+(?:\.\d+)?|[%s]+|[xX×＊*]+)" % CN_DIGITS
UNIT = r"(?:%|‰|个百分点|个工作日|人次|[个次项人名家件期场篇条批所户元万亿天年月周]+)"
QUANTITY = re.compile(
    r"(?P<pre>不少于|不低于|不超过|不多于|不高于|至少|达到|超过|多于|高于|少于|低于|不到|控制在|压缩至|约|近|达)?"
    r"(?P<num>百分之" + NUM + r"|" + NUM + r"(?:[至到\-—~]" + NUM + r")?)"
    r"(?P<post>余|多)?(?P<unit>" + UNIT + r")"
    r"(?P<after>及以上|以上|以内|以下|左右)?"
)
YEAR = re.compile(r"(?:19|20)\d\d年")
SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
CLAUSE_BREAK = re.compile(r"[，,、：:]")
COMPARATORS = {
    "不少于": ">=", "不低于": ">=", "至少": ">=", "达到": ">=", "达": ">=",
    "超过": ">", "多于": ">", "高于": ">",
    "不超过": "<=", "不多于": "<=", "不高于": "<=", "控制在": "<=", "压缩至": "<=",
    "少于": "<", "低于": "<", "不到": "<", "约": "~", "近": "~",
    "及以上": ">=", "以上": ">=", "以内": "<=", "以下": "<=", "左右": "~", "余": ">", "多": ">",
}
CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")}
CN_VALUE["两"] = 2


def number(text):
    """The value of a figure, or None when redacted or not understood."""
    try:
        return float(text)
    except ValueError:
        pass
    if text and all(c in "xX×＊*" for c in text):
        return None
    total, cur = 0, 0
    for c in text:
        if c in CN_VALUE:
            cur = CN_VALUE[c]
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        elif c == "百":
            total += (cur or 1) * 100
            cur = 0
        elif c == "千":
            total += (cur or 1) * 1000
            cur = 0
        elif c in "万亿":
            total = (total + cur) * (10000 if c == "万" else 100000000)
            cur = 0
        else:
            return None
    return float(total + cur)


def extract_text(name, text):
    """Yield one record per quantified phrase in `text`."""
    for s in SENTENCE.finditer(text):
        sentence = s.group()
        words = jieba.lcut(sentence)
        for m in QUANTITY.finditer(sentence):
            if YEAR.fullmatch(m.group()):
                continue
            comparator = "="
            for part in ("pre", "post", "after"):
                if m.group(part):
                    comparator = COMPARATORS[m.group(part)]
            num = m.group("num")
            value_max = None
            pieces = re.split(r"[至到\-—~]", num[3:] if num.startswith("百分之") else num)
            if len(pieces) == 2:
                comparator = "range"
                value_max = number(pieces[1])
            value = number(pieces[0])
            unit = "%" if num.startswith("百分之") else m.group("unit")
            clause_start = 0
            for b in CLAUSE_BREAK.finditer(sentence, 0, m.start()):
                clause_start = b.end()
            # The words that lie inside the clause, before the figure.
            pos, action = 0, []
            for w in words:
                if clause_start <= pos and pos + len(w) <= m.start():
                    action.append(w)
                pos += len(w)
            yield {
                "doc": name,
                "raw": m.group(),
                "char_span": [s.start() + m.start(), s.start() + m.end()],
                "comparator": comparator,
                "value": value,
                "value_max": value_max,
                "unit": unit,
                "placeholder": value is None and num[:1] in "xX×＊*",
                "action": "".join(action) or None,
                "sentence": sentence,
            }


def files(paths):
    """Files named, and the .txt files of folders (recursive, sorted)."""
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs.sort()
                for n in sorted(names):
                    if n.endswith(".txt") and not n.startswith("."):
                        yield os.path.join(root, n)
        else:
            yield p


def main(argv):
    jieba.setLogLevel(60)
    out = sys.stdout
    for path in files(argv[1:] or ["corpus"]):
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        for rec in extract_text(os.path.basename(path), text):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    try:
        main(sys.argv)
    except BrokenPipeError:
        sys.stderr.close()
