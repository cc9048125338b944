#!/usr/bin/env python3
"""Turn anchored annotations into gold lines (the seed gold's format).

    python3 locate.py DOC.txt ANNOT.jsonl > GOLD.jsonl

Each ANNOT line is a gold line without `occurrence`, plus `anchor`: a string
that occurs exactly once in the document and contains `core`. (Where `core`
occurs more than once inside the anchor, add `"nth_in_anchor": k`, 1-based.)
The script finds the anchor, places the core inside it, and numbers the core's
occurrence the way score.py's core_span does (bytes.find from start + 1, so
overlapping matches count). It refuses an anchor that is missing or not
unique, a core not inside its anchor, and two lines with the same span; it
prints the lines in document order, and on stderr 10 characters either side
of every core so the annotator can check each one.
"""
import json
import os
import sys


def main():
    doc, ann = sys.argv[1], sys.argv[2]
    text = open(doc, "rb").read().decode("utf-8-sig")
    tb = text.encode("utf-8")
    name = os.path.basename(doc)
    out, errors, seen = [], [], {}
    for n, line in enumerate(open(ann, encoding="utf-8"), 1):
        line = line.strip()
        if not line:
            continue
        g = json.loads(line)
        core = g["core"].encode("utf-8")
        anchor = g.pop("anchor").encode("utf-8")
        k = int(g.pop("nth_in_anchor", 1))
        a = tb.find(anchor)
        if a < 0:
            errors.append(f"{ann}:{n}: anchor not found: {anchor.decode()}")
            continue
        if tb.find(anchor, a + 1) >= 0:
            errors.append(f"{ann}:{n}: anchor not unique: {anchor.decode()}")
            continue
        c = -1
        for _ in range(k):
            c = anchor.find(core, c + 1)
            if c < 0:
                break
        if c < 0:
            errors.append(f"{ann}:{n}: core {g['core']!r} not inside anchor (nth {k})")
            continue
        start = a + c
        occ, pos = 0, -1
        while True:
            pos = tb.find(core, pos + 1)
            occ += 1
            if pos == start:
                break
        if start in seen:
            errors.append(f"{ann}:{n}: same span as line {seen[start]}")
            continue
        seen[start] = n
        g["doc"] = name
        g["occurrence"] = occ
        out.append((start, g))
        ctx = tb[max(0, start - 30):start + len(core) + 30].decode("utf-8", "replace")
        print(f"{name} {g['core']}#{occ}: {ctx}", file=sys.stderr)
    out.sort(key=lambda x: x[0])
    order = ["doc", "core", "occurrence"]
    for _, g in out:
        d = {k: g[k] for k in order}
        d.update({k: v for k, v in g.items() if k not in order})
        print(json.dumps(d, ensure_ascii=False))
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
