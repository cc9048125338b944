#!/usr/bin/env python3
"""Side by side: gold against an output, field by field (for development).
    python3 diff.py GOLD OUTPUT DOCS FIELD [--doc PREFIX]
"""
import json, sys, os
sys.path.insert(0, os.path.dirname(__file__))
gold, outp, docs, field = sys.argv[1:5]
pref = sys.argv[6] if len(sys.argv) > 6 else ""
def bigr(s):
    s = "".join((s or "").split()); return [s[i:i+2] for i in range(len(s)-1)] if len(s) > 1 else ([s] if s else [])
def bf1(a, b):
    x, y = bigr(a), bigr(b)
    if not x and not y: return 1.0
    if not x or not y: return 0.0
    pool = {}
    for g in y: pool[g] = pool.get(g, 0) + 1
    hit = 0
    for g in x:
        if pool.get(g, 0) > 0: pool[g] -= 1; hit += 1
    if not hit: return 0.0
    p, r = hit/len(x), hit/len(y); return 2*p*r/(p+r)
outs = {}
for l in open(outp):
    o = json.loads(l); q = o.get("quantity")
    if q: outs.setdefault(os.path.basename(o["doc"]), []).append(o)
for l in open(gold):
    g = json.loads(l)
    if g.get("ignore") or g.get("deadline_only") or not g["doc"].startswith(pref): continue
    tb = open(os.path.join(docs, g["doc"]), "rb").read().decode("utf-8-sig").encode()
    s = -1
    for _ in range(g["occurrence"]): s = tb.find(g["core"].encode(), s + 1)
    e = s + len(g["core"].encode())
    m = [o for o in outs.get(g["doc"], []) if o["quantity"]["span"][0] < e and s < o["quantity"]["span"][1]]
    if not m: continue
    o = m[0]
    ov = o.get(field) if field in ("kind", "actor", "action") else (o["quantity"] or {}).get(field)
    gv = g.get(field)
    ok = (bf1(gv, ov or "") >= 0.5 if gv else not ov) if field in ("actor", "action") else gv == ov
    if not ok:
        print(f"{g['doc'][:4]} {g['core']:>10} gold={gv!s:<14} out={ov!s:<14} | {o['sentence'][:70]}")
