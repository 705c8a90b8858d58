/**
 * `npm run eval [file…]`: runs labelled questions (JSONL: {"locale", "q", "expect"}) through
 * /howto and prints top-1 accuracy, top-3 recall, confident wrong answers and the handling of
 * out-of-scope questions, overall and per locale. Without a file: every set in test/eval/.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectPath } from '../src/paths.js';
import { evalCore, readQuestions, report, runQuestions } from './howto-eval.js';

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!files.length) {
  const dir = projectPath('test', 'eval');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) files.push(resolve(dir, f));
}

for (const file of files) {
  const questions = readQuestions(resolve(file));
  const outcomes = await runQuestions(evalCore(), questions);
  process.stdout.write(`\n${file} (${questions.length} questions)\n${report(outcomes)}\n`);
}
