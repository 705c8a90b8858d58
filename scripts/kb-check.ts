/**
 * `npm run kb:check -- <entry id> --by "<name>" [--date YYYY-MM-DD] [--locales en,zh-CN,zh-TW] [--note "…"]`
 * records that a person compared a knowledge-base entry with its source document today (or on
 * --date), in the given locales (default all three). The entry's "last checked" line then shows
 * that date. `npm run kb:check -- --list` prints each entry's last check per locale. `--file F`
 * works on another checks file (default locales/kb-checks.json).
 */
import { chmod } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readLocaleFiles } from '../src/i18n/index.js';
import { LOCALES } from '../src/i18n/locales.js';
import { loadKnowledgeBase } from '../src/knowledge/loader.js';
import { CHECKS_FILE, newCheck, readChecks, withCheck } from '../src/knowledge/checks.js';
import { writeFileAtomic } from '../src/store/atomic-file.js';
import { projectPath } from '../src/paths.js';

const USAGE = 'usage: npm run kb:check -- <entry id> --by "<name>" [--date YYYY-MM-DD] [--locales en,zh-CN,zh-TW] [--note "…"]\n       npm run kb:check -- --list';

function fail(message: string): never {
  process.stderr.write(`kb:check: ${message}\n${USAGE}\n`);
  process.exit(1);
}

/** Today in the machine's time zone, YYYY-MM-DD. */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { by: { type: 'string' }, date: { type: 'string' }, locales: { type: 'string' }, note: { type: 'string' }, list: { type: 'boolean' }, file: { type: 'string' } },
  });
} catch (err) {
  fail((err as Error).message);
}
const { values, positionals } = parsed;
const file = values.file ? resolve(values.file) : projectPath(...CHECKS_FILE);
let checks, kb;
try {
  checks = readChecks(file);
  kb = loadKnowledgeBase(readLocaleFiles(), checks);
} catch (err) {
  // A checks file that cannot be trusted is refused and left as it is.
  fail((err as Error).message);
}

if (values.list) {
  for (const id of kb.ids) {
    const cells = LOCALES.map((l) => {
      const c = kb.lastCheck(id, l);
      return `${l} ${c ? `${c.date} (${c.by})` : 'never'}`;
    });
    process.stdout.write(`${id}  ${cells.join(' · ')}\n`);
  }
  process.exit(0);
}

if (positionals.length !== 1) fail(positionals.length ? 'name one entry per check' : 'which entry did you compare with its source?');
if (!values.by?.trim()) fail('--by: who compared the entry with its source?');
let check;
try {
  check = newCheck(
    { entry: positionals[0]!, by: values.by, date: values.date, locales: values.locales?.split(',').map((s) => s.trim()), note: values.note },
    kb.ids,
    localToday(),
  );
} catch (err) {
  fail((err as Error).message);
}
await writeFileAtomic(file, withCheck(checks, check));
await chmod(file, 0o644);
process.stdout.write(`recorded: ${check.entry} checked ${check.date} by ${check.by} (${check.locales.join(', ')}) in ${file}\n`);
