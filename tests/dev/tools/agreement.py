#!/usr/bin/env python3
"""Inter-annotator agreement: a second annotator's sample (annot/Z, or the
folder named by --second) scored against the first annotators' gold with the
official scorer.

    python3 agreement.py [--second LETTER] [SCORER]

Z's gold lines are turned into output lines (a quantity with the core's span,
or a deadline-only line with the deadline's span) and both sides are limited
to the documents Z annotated.
"""
import glob, json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
dev = os.path.dirname(here)
args = sys.argv[1:]
letter = "Z"
if args[:1] == ["--second"]:
    letter, args = args[1], args[2:]
scorer = args[0] if args else os.path.join(dev, "..", "..", "..", "shared", "eval", "score.py")


def span(doc, core, occ):
    tb = open(os.path.join(dev, "docs", doc), "rb").read().decode("utf-8-sig").encode()
    s = -1
    for _ in range(occ):
        s = tb.find(core.encode(), s + 1)
    return [s, s + len(core.encode())]


second = [json.loads(l) for f in sorted(glob.glob(os.path.join(dev, f"annot/{letter}/*.gold.jsonl"))) for l in open(f) if l.strip()]
docs = {g["doc"] for g in second}
first = [json.loads(l) for l in open(os.path.join(dev, "gold.jsonl")) if l.strip()]
first = [g for g in first if g["doc"] in docs]
outs = []
for g in second:
    if g.get("ignore"):
        continue
    sp = span(g["doc"], g["core"], g["occurrence"])
    o = {"doc": g["doc"], "kind": g.get("kind"), "actor": g.get("actor"), "action": g.get("action"),
         "period": {"unit": g["period"]} if g.get("period") else None,
         "deadline": {"date": g.get("deadline"), "span": sp} if (g.get("deadline") or g.get("deadline_only")) else None}
    if g.get("deadline_only"):
        o["quantity"] = None
        o["deadline"]["raw"] = g["core"]
    else:
        o["quantity"] = {"raw": g["core"], "span": sp, "comparator": g.get("comparator"), "value": g.get("value"),
                         "value_max": g.get("value_max"), "unit": g.get("unit"), "placeholder": g.get("placeholder", False)}
    outs.append(o)
with tempfile.TemporaryDirectory() as t:
    gp, op = os.path.join(t, "gold.jsonl"), os.path.join(t, "second.jsonl")
    open(gp, "w").write("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in first))
    open(op, "w").write("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in outs))
    print(f"documents: {', '.join(sorted(docs))}")
    print(f"first annotators: {sum(1 for g in first if not g.get('ignore'))} lines; second: {len(outs)} lines")
    sys.exit(subprocess.call([sys.executable, scorer, gp, op, "--docs", os.path.join(dev, "docs")] + args[1:]))
