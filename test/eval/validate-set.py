#!/usr/bin/env python3
"""Check a blind chat-style /howto evaluation set: test/eval/<name>-questions.jsonl (issue 13).

One validator for every set (it replaces the per-set copies chat4-validate.py and chat5-validate.py);
each set's minimums are given on the command line and recorded in the set's .md note.

Reads only the set and locales/{en,zh-CN,zh-TW}/kb-*.json. Checks:
- every line is a JSON object with exactly the keys locale, q, expect, style;
- locale is en, zh-CN or zh-TW; q is non-empty and unique after normalization (NFKC, lower case,
  without spaces, punctuation, symbols and control characters);
- expect is a knowledge-base id (read from the kb files; the three locales must hold the same ids),
  or null exactly for the styles out-of-scope and chitchat;
- every id is expected at least --min-per-id times; at least --min-in-scope lines in scope,
  --min-oos out of scope and --min-chitchat chitchat;
- closeness (unless --no-closeness): no q has a difflib ratio above --max-ratio (after the same
  normalization) to any title, short title or example question of any locale.

Prints per-locale, per-style and per-id counts (never the questions themselves, so it can be run on a
set nobody should read); --closest N also prints the N lines closest to a kb text, for the set's author.
Exit 0 when every check passes, 1 otherwise, 2 on bad arguments.

Usage:
  python3 test/eval/validate-set.py chat6 --min-per-id 5 --min-in-scope 260 --min-oos 40 --min-chitchat 10
  python3 test/eval/validate-set.py chat5 --min-per-id 5 --min-in-scope 240 --min-oos 40 --min-chitchat 8
  python3 test/eval/validate-set.py chat4 --min-per-id 4 --min-in-scope 220 --min-oos 35 --min-chitchat 8
"""
import argparse
import difflib
import glob
import json
import os
import sys
import unicodedata
from collections import Counter, defaultdict

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
LOCALES = ['en', 'zh-CN', 'zh-TW']
NULL_STYLES = {'out-of-scope', 'chitchat'}


def norm(s):
    s = unicodedata.normalize('NFKC', s).lower()
    return ''.join(c for c in s if unicodedata.category(c)[0] not in 'PZSC')


def load_kb():
    """Ids per locale and the texts a question must not copy: (normalized, raw, source)."""
    ids = {}
    refs = []
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


def parse_args(argv):
    p = argparse.ArgumentParser(description='Check test/eval/<name>-questions.jsonl.')
    p.add_argument('name', help='set name, e.g. chat6 for test/eval/chat6-questions.jsonl')
    p.add_argument('--min-per-id', type=int, required=True, help='each kb id expected at least this often')
    p.add_argument('--min-in-scope', type=int, required=True, help='lines with an expected id')
    p.add_argument('--min-oos', type=int, required=True, help='lines with style out-of-scope')
    p.add_argument('--min-chitchat', type=int, required=True, help='lines with style chitchat')
    p.add_argument('--max-ratio', type=float, default=0.8,
                   help='closeness limit to kb titles / short titles / example questions (default 0.8)')
    p.add_argument('--no-closeness', action='store_true', help='skip the closeness check')
    p.add_argument('--closest', type=int, default=0,
                   help='print the N lines closest to a kb text (prints questions: author only)')
    return p.parse_args(argv)


def read_rows(path, known, errors):
    rows = []
    with open(path, encoding='utf-8') as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                errors.append(f'line {n}: empty line')
                continue
            try:
                o = json.loads(line)
            except json.JSONDecodeError as ex:
                errors.append(f'line {n}: invalid JSON ({ex.msg})')
                continue
            if not isinstance(o, dict) or set(o) != {'locale', 'q', 'expect', 'style'}:
                errors.append(f'line {n}: keys must be exactly locale, q, expect, style')
                continue
            if o['locale'] not in LOCALES:
                errors.append(f'line {n}: unknown locale {o["locale"]!r}')
            if not isinstance(o['q'], str) or not o['q'].strip():
                errors.append(f'line {n}: empty q')
                continue
            if not isinstance(o['style'], str) or not o['style']:
                errors.append(f'line {n}: empty style')
                continue
            if o['expect'] is None:
                if o['style'] not in NULL_STYLES:
                    errors.append(f'line {n}: expect null but style {o["style"]!r}')
            elif o['expect'] not in known:
                errors.append(f'line {n}: unknown id {o["expect"]!r}')
            elif o['style'] in NULL_STYLES:
                errors.append(f'line {n}: style {o["style"]!r} must have expect null')
            rows.append((n, o))
    return rows


def closeness(rows, refs, max_ratio, errors):
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
        if best[0] > max_ratio:
            errors.append(f'line {n}: too close ({best[0]:.2f}) to {best[2]}')
    scored.sort(reverse=True)
    return scored


def main(argv):
    args = parse_args(argv)
    path = os.path.join(ROOT, 'test', 'eval', f'{args.name}-questions.jsonl')
    if not os.path.isfile(path):
        print(f'no such set: {os.path.relpath(path, ROOT)}', file=sys.stderr)
        return 2
    errors = []
    ids, refs = load_kb()
    if not (ids['en'] == ids['zh-CN'] == ids['zh-TW']):
        errors.append('kb id sets differ between locales')
    known = ids['en']

    rows = read_rows(path, known, errors)
    seen = {}
    for n, o in rows:
        k = norm(o['q']) or o['q']
        if k in seen:
            errors.append(f'line {n}: duplicate of line {seen[k]}')
        seen[k] = n
    scored = [] if args.no_closeness else closeness(rows, refs, args.max_ratio, errors)

    in_scope = [o for _, o in rows if o['expect'] is not None]
    oos = [o for _, o in rows if o['style'] == 'out-of-scope']
    chit = [o for _, o in rows if o['style'] == 'chitchat']
    per_id = defaultdict(Counter)
    for o in in_scope:
        per_id[o['expect']][o['locale']] += 1
    for eid in sorted(known):
        tot = sum(per_id[eid].values())
        if tot < args.min_per_id:
            errors.append(f'id {eid}: expected {tot} times, need >= {args.min_per_id}')
    if len(in_scope) < args.min_in_scope:
        errors.append(f'{len(in_scope)} in scope, need >= {args.min_in_scope}')
    if len(oos) < args.min_oos:
        errors.append(f'{len(oos)} out of scope, need >= {args.min_oos}')
    if len(chit) < args.min_chitchat:
        errors.append(f'{len(chit)} chitchat, need >= {args.min_chitchat}')

    print(f'# {args.name}: {len(rows)} lines, {len(in_scope)} in scope, {len(oos)} out of scope, '
          f'{len(chit)} chitchat')
    print('\n## Counts per locale')
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
    tots = [sum(per_id[e].values()) for e in known] or [0]
    print(f'\nper id: min {min(tots)}, max {max(tots)}; ids expected {sum(1 for t in tots if t)} of {len(known)}')

    if scored:
        print(f'\ncloseness: highest ratio {scored[0][0]:.2f} (max allowed {args.max_ratio}); '
              f'{sum(1 for s in scored if s[0] > args.max_ratio)} lines above')
    if args.closest and scored:
        print(f'\n## Closest to a kb title / short / example question')
        for ratio, n, q, raw, src in scored[:args.closest]:
            print(f'{ratio:.2f}  line {n}: {q!r}  ~  {src}: {raw!r}')

    if errors:
        print('\nFAIL')
        for e in errors:
            print(' -', e)
        return 1
    print('\nOK')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
