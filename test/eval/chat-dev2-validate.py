#!/usr/bin/env python3
"""Checks test/eval/chat-dev2-questions.jsonl: valid JSON lines with exactly the keys
locale/q/expect/style, a known locale, a non-empty unique q, expect one of the knowledge-base ids
(read from locales/en/kb-*.json, same id set in every locale), null only for out-of-scope/chitchat,
every id expected at least 3 times. Prints counts; exits 1 on any problem."""
import collections, glob, json, os, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
locales = ("en", "zh-CN", "zh-TW")
ids = {}
for loc in locales:
    ids[loc] = set()
    for f in glob.glob(os.path.join(root, "locales", loc, "kb-*.json")):
        with open(f, encoding="utf-8") as fh:
            ids[loc] |= set(json.load(fh)["entries"])
known = ids["en"]
errors = []
if any(ids[loc] != known for loc in locales):
    errors.append("locales disagree on the kb ids")
seen, per_id = set(), collections.Counter()
per_loc = collections.Counter()
styles = collections.Counter()
path = os.path.join(root, "test", "eval", "chat-dev2-questions.jsonl")
with open(path, encoding="utf-8") as fh:
    for n, line in enumerate(fh, 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: {e}")
            continue
        if set(row) != {"locale", "q", "expect", "style"}:
            errors.append(f"line {n}: keys {sorted(row)}")
            continue
        loc, q, exp, style = row["locale"], row["q"], row["expect"], row["style"]
        if loc not in locales:
            errors.append(f"line {n}: locale {loc!r}")
        if not isinstance(q, str) or not q.strip():
            errors.append(f"line {n}: empty q")
        elif q in seen:
            errors.append(f"line {n}: duplicate q")
        seen.add(q)
        if not isinstance(style, str) or not style:
            errors.append(f"line {n}: style")
        if exp is None:
            if style not in ("out-of-scope", "chitchat"):
                errors.append(f"line {n}: null expect with style {style!r}")
            per_loc[(loc, style)] += 1
        elif exp not in known:
            errors.append(f"line {n}: unknown id {exp!r}")
        else:
            if style in ("out-of-scope", "chitchat"):
                errors.append(f"line {n}: style {style!r} with an id")
            per_id[(exp, loc)] += 1
            per_loc[(loc, "in-scope")] += 1
        styles[(style, loc)] += 1
totals = collections.Counter()
for (i, loc), c in per_id.items():
    totals[i] += c
for i in sorted(known):
    if totals[i] < 3:
        errors.append(f"{i}: expected {totals[i]} times (< 3)")
for loc in locales:
    print(loc, {k: per_loc[(loc, k)] for k in ("in-scope", "out-of-scope", "chitchat")})
print("per id min/max:", min(totals[i] for i in known), max(totals[i] for i in known))
for i in sorted(known):
    print(f"  {i}: " + " / ".join(str(per_id[(i, loc)]) for loc in locales) + f" = {totals[i]}")
for s in sorted({s for s, _ in styles}):
    print(f"  style {s}: " + " / ".join(str(styles[(s, loc)]) for loc in locales))
for e in errors:
    print("ERROR", e)
sys.exit(1 if errors else 0)
