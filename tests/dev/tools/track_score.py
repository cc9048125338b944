#!/usr/bin/env python3
"""Score `taizhang track` and `taizhang compare` on the development key
(tests/dev/key/*.track.jsonl, *.compare.jsonl).

    python3 track_score.py [BINARY] [--verbose]

track: for each target of the key, the row of `track PLAN REPORT` whose
target overlaps it; the answer is found when the row's first answer overlaps
the key's answer; the status is right when it equals the key's. Rows whose
target the dev gold calls an achievement are review figures listed as targets.
compare: for each key pair with both targets, the row of `compare OLD NEW`
whose old side overlaps the old target; aligned when its new side overlaps
the new target; classified when its change equals the key's class.
"""
import glob, json, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
dev = os.path.dirname(here)
args = [a for a in sys.argv[1:] if not a.startswith("--")]
verbose = "--verbose" in sys.argv
binary = os.path.abspath(args[0] if args else os.path.join(dev, "..", "..", "target", "release", "taizhang"))
docs = os.path.join(dev, "docs")
texts = {}


def text(doc):
    if doc not in texts:
        texts[doc] = open(os.path.join(docs, doc), "rb").read().decode("utf-8-sig").encode()
    return texts[doc]


def span(doc, t):
    tb, a, c = text(doc), t["anchor"].encode(), t["core"].encode()
    k = tb.find(a)
    assert k >= 0 and tb.find(a, k + 1) < 0, f"{doc}: anchor {t['anchor']} not unique"
    s = k + a.find(c)
    return (s, s + len(c))


def overlaps(sp, q):
    return q is not None and q["span"][0] < sp[1] and sp[0] < q["span"][1]


def run(cmd, old, new):
    out = subprocess.run([binary, cmd, os.path.join(docs, old), os.path.join(docs, new), "--format", "json"],
                         capture_output=True, check=False)
    return json.loads(out.stdout or b"[]")


gold_kind = {}
for l in open(os.path.join(dev, "gold.jsonl")):
    g = json.loads(l)
    if g.get("ignore") or g.get("deadline_only"):
        continue
    tb = text(g["doc"])
    s = -1
    for _ in range(g["occurrence"]):
        s = tb.find(g["core"].encode(), s + 1)
    gold_kind[(g["doc"], s)] = (s + len(g["core"].encode()), g["kind"])

track = [json.loads(l) for f in sorted(glob.glob(os.path.join(dev, "key", "*.track.jsonl"))) for l in open(f) if l.strip()]
by_pair = {}
for k in track:
    by_pair.setdefault((k["plan"], k["report"]), []).append(k)
found = answered = right = 0
review_as_target = 0
for (plan, report), keys in sorted(by_pair.items()):
    rows = run("track", plan, report)
    rows = [r for r in rows if r.get("target")]
    for r in rows:
        q = r["target"]["quantity"]
        if q:
            for (d, s), (e, kind) in gold_kind.items():
                if d == plan and s < q["span"][1] and q["span"][0] < e and kind == "achievement":
                    review_as_target += 1
    for k in keys:
        ts = span(plan, k["target"])
        row = next((r for r in rows if overlaps(ts, r["target"]["quantity"])), None)
        got_status = row["status"] if row else "not_reported"
        if k["answer"]:
            answered += 1
            a = span(report, k["answer"])
            first = (row or {}).get("answers") or []
            ok = bool(first) and overlaps(a, first[0]["quantity"])
            found += ok
            if verbose and not ok:
                print(f"track answer  {plan[:4]} {k['indicator']}: key {k['answer']['core']}, got {[x['quantity']['raw'] for x in first[:1] if x['quantity']]}")
        right += got_status == k["status"]
        if verbose and got_status != k["status"]:
            print(f"track status  {plan[:4]} {k['indicator']}: key {k['status']}, got {got_status}")
print(f"track: answer found {found}/{answered} ({found / max(answered, 1):.3f}), status right {right}/{len(track)} ({right / max(len(track), 1):.3f}), review figures listed as targets {review_as_target}")

comp = [json.loads(l) for f in sorted(glob.glob(os.path.join(dev, "key", "*.compare.jsonl"))) for l in open(f) if l.strip()]
by_pair = {}
for k in comp:
    by_pair.setdefault((k["old"], k["new"]), []).append(k)
both = aligned = classified = 0
for (old, new), keys in sorted(by_pair.items()):
    rows = run("compare", old, new)
    for k in keys:
        if not (k.get("old_target") and k.get("new_target")):
            continue
        both += 1
        os_, ns = span(old, k["old_target"]), span(new, k["new_target"])
        row = next((r for r in rows if r.get("old") and overlaps(os_, r["old"]["quantity"])), None)
        ok = row is not None and row.get("new") is not None and overlaps(ns, row["new"]["quantity"])
        aligned += ok
        cls = ok and row["change"] == k["class"]
        classified += cls
        if verbose and not cls:
            print(f"compare {old[:4]} {k['indicator']}: key {k['class']}, got {row['change'] if ok else 'not aligned'}")
print(f"compare: aligned {aligned}/{both} ({aligned / max(both, 1):.3f}), classified {classified}/{both} ({classified / max(both, 1):.3f})")
