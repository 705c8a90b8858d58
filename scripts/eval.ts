/**
 * `npm run eval [file…]`: runs labelled questions (JSONL: {"locale", "q", "expect"}) through
 * /howto (with `--general[=en,zh,hyper]` and `--general-weight=<0–1>`, reading words through locales/general-synonyms.json too) and prints top-1 accuracy, top-3 recall, confident wrong answers and the handling of
 * out-of-scope questions, overall and per locale. Without a file: every set in test/eval/.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectPath } from '../src/paths.js';
import { evalCore, readQuestions, report, runQuestions } from './howto-eval.js';

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
// --general[=en,zh,hyper]: also read words through the general dictionaries' synonyms (locales/general-synonyms.json; an experiment).
const flag = process.argv.find((a) => a === '--general' || a.startsWith('--general='));
const parts = flag?.includes('=') ? flag.slice(flag.indexOf('=') + 1).split(',') : ['en', 'zh'];
const weight = process.argv.find((a) => a.startsWith('--general-weight='))?.split('=')[1];
const general = flag ? { en: parts.includes('en'), zh: parts.includes('zh'), hyper: parts.includes('hyper'), weight: weight ? Number(weight) : undefined } : undefined;
if (!files.length) {
  const dir = projectPath('test', 'eval');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) files.push(resolve(dir, f));
}

for (const file of files) {
  const questions = readQuestions(resolve(file));
  const outcomes = await runQuestions(evalCore(general), questions);
  process.stdout.write(`\n${file} (${questions.length} questions)\n${report(outcomes)}\n`);
}
