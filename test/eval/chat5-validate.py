#!/usr/bin/env python3
"""Check test/eval/chat5-questions.jsonl (blind chat-style /howto set, issue 13).

Reads only the set and locales/{en,zh-CN,zh-TW}/kb-*.json. Checks:
- every line is a JSON object with exactly the keys locale, q, expect, style;
- locale is en, zh-CN or zh-TW; q is non-empty and unique (after normalization);
- expect is a knowledge-base id (ids read from the kb files; the three locales must hold the same ids),
  or null exactly for the styles out-of-scope and chitchat;
- every id is expected at least MIN_PER_ID times; at least MIN_IN_SCOPE in scope, MIN_OOS out of
  scope, MIN_CHITCHAT chitchat;
- closeness: no q has a difflib ratio above MAX_RATIO (after lower-casing and removing spaces,
  punctuation and symbols) to any title, short title or example question of any locale.
Prints per-locale, per-style and per-id counts and the closest lines. Exit 1 on any failure.

Usage: python3 test/eval/chat5-validate.py [--closest N]
"""
import difflib
import glob
import json
import os
import sys
import unicodedata
from collections import Counter, defaultdict

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SET = os.path.join(ROOT, 'test', 'eval', 'chat5-questions.jsonl')
LOCALES = ['en', 'zh-CN', 'zh-TW']
NULL_STYLES = {'out-of-scope', 'chitchat'}
MIN_PER_ID = 5
MIN_IN_SCOPE = 240
MIN_OOS = 40
MIN_CHITCHAT = 8
MAX_RATIO = 0.8


def norm(s):
    s = unicodedata.normalize('NFKC', s).lower()
    return ''.join(c for c in s if not unicodedata.category(c)[0] in 'PZSC')


def load_kb():
    ids = {}
    refs = []  # (normalized text, raw text, source)
    for loc in LOCALES:
        ids[loc] = set()
        for f in sorted(glob.glob(os.path.join(ROOT, 'locales', loc, 'kb-*.json'))):
            with open(f, encoding='utf-8') as fh:
                data = json.load(fh)
            for eid, e in data['entries'].items():
                ids[loc].add(eid)
                for kind, texts in (('title', [e.get('title')]), ('short', [e.get('short')]),
                                    ('question', e.get('questions') or [])):
                    for t in texts:
                        if t:
                            refs.append((norm(t), t, f'{loc} {eid} {kind}'))
    return ids, refs


def main():
    closest_n = 15
    if '--closest' in sys.argv:
        closest_n = int(sys.argv[sys.argv.index('--closest') + 1])
    errors = []
    ids, refs = load_kb()
    if not (ids['en'] == ids['zh-CN'] == ids['zh-TW']):
        errors.append('kb id sets differ between locales')
    known = ids['en']

    rows = []
    with open(SET, encoding='utf-8') as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                errors.append(f'line {n}: empty line')
                continue
            try:
                o = json.loads(line)
            except json.JSONDecodeError as ex:
                errors.append(f'line {n}: invalid JSON ({ex})')
                continue
            if not isinstance(o, dict) or set(o) != {'locale', 'q', 'expect', 'style'}:
                errors.append(f'line {n}: keys must be exactly locale, q, expect, style')
                continue
            if o['locale'] not in LOCALES:
                errors.append(f'line {n}: unknown locale {o["locale"]!r}')
            if not isinstance(o['q'], str) or not o['q'].strip():
                errors.append(f'line {n}: empty q')
            if not isinstance(o['style'], str) or not o['style']:
                errors.append(f'line {n}: empty style')
            if o['expect'] is None:
                if o['style'] not in NULL_STYLES:
                    errors.append(f'line {n}: expect null but style {o["style"]!r}')
            elif o['expect'] not in known:
                errors.append(f'line {n}: unknown id {o["expect"]!r}')
            elif o['style'] in NULL_STYLES:
                errors.append(f'line {n}: style {o["style"]!r} must have expect null')
            rows.append((n, o))

    seen = {}
    for n, o in rows:
        k = norm(o['q']) or o['q']
        if k in seen:
            errors.append(f'line {n}: duplicate of line {seen[k]}')
        seen[k] = n

    # closeness to the kb's own titles, short titles and example questions
    scored = []
    for n, o in rows:
        q = norm(o['q'])
        best = (0.0, '', '')
        for r, raw, src in refs:
            if not q or not r:
                continue
            sm = difflib.SequenceMatcher(None, q, r, autojunk=False)
            if sm.real_quick_ratio() <= best[0] or sm.quick_ratio() <= best[0]:
                continue
            ratio = sm.ratio()
            if ratio > best[0]:
                best = (ratio, raw, src)
        scored.append((best[0], n, o['q'], best[1], best[2]))
        if best[0] > MAX_RATIO:
            errors.append(f'line {n}: too close ({best[0]:.2f}) to {best[2]}: {best[1]!r}')
    scored.sort(reverse=True)

    in_scope = [o for _, o in rows if o['expect'] is not None]
    oos = [o for _, o in rows if o['style'] == 'out-of-scope']
    chit = [o for _, o in rows if o['style'] == 'chitchat']
    per_id = defaultdict(Counter)
    for o in in_scope:
        per_id[o['expect']][o['locale']] += 1
    for eid in sorted(known):
        tot = sum(per_id[eid].values())
        if tot < MIN_PER_ID:
            errors.append(f'id {eid}: expected {tot} times, need >= {MIN_PER_ID}')
    if len(in_scope) < MIN_IN_SCOPE:
        errors.append(f'{len(in_scope)} in scope, need >= {MIN_IN_SCOPE}')
    if len(oos) < MIN_OOS:
        errors.append(f'{len(oos)} out of scope, need >= {MIN_OOS}')
    if len(chit) < MIN_CHITCHAT:
        errors.append(f'{len(chit)} chitchat, need >= {MIN_CHITCHAT}')

    print('## Counts per locale')
    print('| locale | in scope | share of in scope | out of scope | chitchat | total |')
    print('| --- | --- | --- | --- | --- | --- |')
    for loc in LOCALES:
        a = sum(1 for o in in_scope if o['locale'] == loc)
        b = sum(1 for o in oos if o['locale'] == loc)
        c = sum(1 for o in chit if o['locale'] == loc)
        print(f'| {loc} | {a} | {100 * a / max(1, len(in_scope)):.1f} % | {b} | {c} | {a + b + c} |')
    print(f'| all | {len(in_scope)} | 100 % | {len(oos)} | {len(chit)} | {len(rows)} |')

    print('\n## Style counts')
    print('| style | en | zh-CN | zh-TW | total |')
    print('| --- | --- | --- | --- | --- |')
    styles = Counter((o['style'], o['locale']) for _, o in rows)
    for st in sorted({s for s, _ in styles}, key=lambda s: (-sum(styles[(s, l)] for l in LOCALES), s)):
        c = [styles[(st, l)] for l in LOCALES]
        print(f'| {st} | {c[0]} | {c[1]} | {c[2]} | {sum(c)} |')

    print('\n## Per id')
    print('| id | en | zh-CN | zh-TW | total |')
    print('| --- | --- | --- | --- | --- |')
    for eid in sorted(known):
        c = [per_id[eid][l] for l in LOCALES]
        print(f'| {eid} | {c[0]} | {c[1]} | {c[2]} | {sum(c)} |')
    tots = [sum(per_id[e].values()) for e in known]
    print(f'\nper id: min {min(tots)}, max {max(tots)}; ids expected {sum(1 for t in tots if t)} of {len(known)}')

    print(f'\n## Closest to a kb title / short / example question (max allowed {MAX_RATIO})')
    for ratio, n, q, raw, src in scored[:closest_n]:
        print(f'{ratio:.2f}  line {n}: {q!r}  ~  {src}: {raw!r}')

    if errors:
        print('\nFAIL')
        for e in errors:
            print(' -', e)
        sys.exit(1)
    print('\nOK')


if __name__ == '__main__':
    main()
