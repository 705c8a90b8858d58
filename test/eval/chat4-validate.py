#!/usr/bin/env python3
"""Checks chat4-questions.jsonl: shape, ids, coverage and counts. Exit 0 when every check passes."""
import collections
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SET = os.path.join(HERE, "chat4-questions.jsonl")
LOCALES = ("en", "zh-CN", "zh-TW")
NULL_STYLES = ("out-of-scope", "chitchat")
MIN_PER_ID = 4
MIN_IN_SCOPE = 220
MIN_OUT_OF_SCOPE = 35
MIN_CHITCHAT = 8


def kb_ids(locale):
    ids = set()
    for path in glob.glob(os.path.join(ROOT, "locales", locale, "kb-*.json")):
        with open(path, encoding="utf-8") as f:
            ids.update(json.load(f)["entries"].keys())
    return ids


def main():
    errors = []
    ids = kb_ids("en")
    for loc in LOCALES[1:]:
        if kb_ids(loc) != ids:
            errors.append(f"kb ids of {loc} differ from en")
    seen = set()
    rows = []
    with open(SET, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                errors.append(f"line {n}: blank line")
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"line {n}: invalid JSON ({e})")
                continue
            if not isinstance(row, dict) or set(row) != {"locale", "q", "expect", "style"}:
                errors.append(f"line {n}: keys must be exactly locale, q, expect, style")
                continue
            if row["locale"] not in LOCALES:
                errors.append(f"line {n}: unknown locale {row['locale']!r}")
            q = row["q"]
            if not isinstance(q, str) or not q.strip():
                errors.append(f"line {n}: empty q")
            elif q.strip() in seen:
                errors.append(f"line {n}: duplicate q {q!r}")
            else:
                seen.add(q.strip())
            if not isinstance(row["style"], str) or not row["style"]:
                errors.append(f"line {n}: empty style")
            exp = row["expect"]
            if exp is None:
                if row["style"] not in NULL_STYLES:
                    errors.append(f"line {n}: expect null needs style out-of-scope or chitchat")
            elif exp not in ids:
                errors.append(f"line {n}: unknown kb id {exp!r}")
            elif row["style"] in NULL_STYLES:
                errors.append(f"line {n}: style {row['style']} must have expect null")
            rows.append(row)

    per_id = collections.Counter(r["expect"] for r in rows if r["expect"])
    for i in sorted(ids):
        if per_id[i] < MIN_PER_ID:
            errors.append(f"{i}: expected {per_id[i]} times (< {MIN_PER_ID})")
    in_scope = [r for r in rows if r["expect"]]
    oos = [r for r in rows if r["style"] == "out-of-scope"]
    chit = [r for r in rows if r["style"] == "chitchat"]
    if len(in_scope) < MIN_IN_SCOPE:
        errors.append(f"in scope {len(in_scope)} < {MIN_IN_SCOPE}")
    if len(oos) < MIN_OUT_OF_SCOPE:
        errors.append(f"out of scope {len(oos)} < {MIN_OUT_OF_SCOPE}")
    if len(chit) < MIN_CHITCHAT:
        errors.append(f"chitchat {len(chit)} < {MIN_CHITCHAT}")

    loc_in = collections.Counter(r["locale"] for r in in_scope)
    print(f"{len(rows)} lines: {len(in_scope)} in scope, {len(oos)} out of scope, {len(chit)} chitchat")
    for loc in LOCALES:
        share = 100 * loc_in[loc] / max(1, len(in_scope))
        print(f"  in scope {loc}: {loc_in[loc]} ({share:.1f} %)")
    print(f"  per id: min {min(per_id[i] for i in ids)}, max {max(per_id[i] for i in ids)}, ids {len(ids)}")
    if "--tables" in sys.argv:
        styles = collections.defaultdict(collections.Counter)
        for r in rows:
            styles[r["style"]][r["locale"]] += 1
        print("| style | en | zh-CN | zh-TW | total |\n| --- | --- | --- | --- | --- |")
        for s, c in sorted(styles.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
            print(f"| {s} | {c['en']} | {c['zh-CN']} | {c['zh-TW']} | {sum(c.values())} |")
        byid = collections.defaultdict(collections.Counter)
        for r in in_scope:
            byid[r["expect"]][r["locale"]] += 1
        print("| id | en | zh-CN | zh-TW | total |\n| --- | --- | --- | --- | --- |")
        for i in sorted(ids):
            c = byid[i]
            print(f"| {i} | {c['en']} | {c['zh-CN']} | {c['zh-TW']} | {sum(c.values())} |")
        lt = collections.defaultdict(collections.Counter)
        for r in rows:
            kind = "in scope" if r["expect"] else r["style"]
            lt[r["locale"]][kind] += 1
        print("| locale | in scope | out of scope | chitchat | total |\n| --- | --- | --- | --- | --- |")
        for loc in LOCALES:
            c = lt[loc]
            print(f"| {loc} | {c['in scope']} | {c['out-of-scope']} | {c['chitchat']} | {sum(c.values())} |")
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
