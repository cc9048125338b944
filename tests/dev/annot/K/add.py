#!/usr/bin/env python3
"""Append compact annotation lines (stdin) to the jsonl as full JSON objects.
Q: core|anchor|k|comp|value|vmax|unit|period|deadline|actor|action[|nth]
DL|core|anchor|k|deadline|actor|action
IG|core|anchor|note
'-' = null; k: a=achievement t=target."""
import json, sys
DOC = "/work/main/tests/dev/docs/d018_shandong_gzbg_2026.txt"
OUT = "/work/main/tests/dev/annot/K/d018_shandong_gzbg_2026.jsonl"
text = open(DOC, encoding="utf-8-sig").read()
def n(x): return None if x.strip() in ("-", "") else x.strip()
def num(x):
    x = n(x)
    if x is None: return None
    v = float(x)
    return int(v) if v.is_integer() else v
K = {"a": "achievement", "t": "target"}
out = []
bad = False
for line in sys.stdin:
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"): continue
    f = [x.strip() for x in line.split("|")]
    if f[0] == "DL":
        _, core, anchor, k, dl, actor, action = f
        g = {"core": core, "anchor": anchor, "deadline_only": True, "kind": K[k],
             "comparator": None, "value": None, "value_max": None, "unit": None,
             "placeholder": False, "period": None, "deadline": n(dl), "actor": n(actor), "action": n(action)}
    elif f[0] == "IG":
        _, core, anchor, note = f
        g = {"core": core, "anchor": anchor, "ignore": True, "note": note}
    else:
        core, anchor, k, comp, v, vm, unit, per, dl, actor, action = f[:11]
        g = {"core": core, "anchor": anchor, "kind": K[k], "comparator": comp, "value": num(v),
             "value_max": num(vm), "unit": n(unit), "placeholder": False, "period": n(per),
             "deadline": n(dl), "actor": n(actor), "action": n(action)}
        if len(f) > 11 and f[11]: g["nth_in_anchor"] = int(f[11])
    c = text.count(g["anchor"])
    if c != 1 or g["core"] not in g["anchor"]:
        print(f"BAD ({c}x or core missing): {line}", file=sys.stderr); bad = True
    out.append(g)
if bad:
    sys.exit("nothing written")
with open(OUT, "a", encoding="utf-8") as fh:
    for g in out: fh.write(json.dumps(g, ensure_ascii=False) + "\n")
print(f"appended {len(out)}")
