import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { projectPath } from '../src/paths.js';
import { answer } from '../src/knowledge/howto.js';
import { loadNormalizer } from '../src/knowledge/normalize.js';
import { HowtoIndex } from '../src/knowledge/search-index.js';
import { readQuestions } from '../scripts/howto-eval.js';
import { percentile, sample } from './util.js';
import type { Bench } from './run.js';
import { loadLexicon } from '../src/knowledge/lexicon.js';

/**
 * /howto in process: the index build (the first one in the process, cold, with opencc-js's tables
 * loaded; then warm) and the latency of `/howto <question>` through the command core, over the
 * development questions, tidy and chat-style (answers, did-you-mean and don't-know replies alike), on
 * an in-memory store.
 */
const bench: Bench = {
  name: 'howto',
  async run() {
    const store = new MemoryStore();
    const core = createApp({ config: loadConfig({}), store, log: silentLogger, clock: () => new Date('2026-11-23T09:00:00+08:00') });
    const kb = core.services.knowledge.base();

    // The first /howto in a process pays for both: opencc-js's tables, then the index.
    const t0 = performance.now();
    const normalizer = await loadNormalizer();
    const t1 = performance.now();
    const lexicon = loadLexicon();
    new HowtoIndex(kb, normalizer, undefined, { lexicon });
    const t2 = performance.now();
    const warm = await sample(20, () => new HowtoIndex(kb, normalizer, undefined, { lexicon }), 3);
    await core.services.knowledge.howto();

    // The sound tables (input-method slips, typed pinyin) are built on the first question that needs them.
    const probe = new HowtoIndex(kb, normalizer, undefined, { lexicon });
    const t3 = performance.now();
    probe.search('手工商品怎么刊灯');
    const soundFirst = performance.now() - t3;
    const questions = ['dev-questions.jsonl', 'chat-dev-questions.jsonl'].flatMap((f) => readQuestions(projectPath('test', 'eval', f)));
    const run = (i: number) => {
      const q = questions[i % questions.length]!;
      return core.dispatch({ platform: 'shell', workspace: 'bench', channel: 'c', user: 'u', platformLocale: q.locale, command: 'howto', text: q.q });
    };
    // As the chat process does after its ready line (warmUp → Knowledge.warm): the ranker's code is
    // compiled before people ask. Then the first 1000 questions, and the steady state after them.
    const tw = performance.now();
    await core.services.knowledge.warm();
    const warmMs = performance.now() - tw;
    const first = await sample(1000, run, 0);
    const times = await sample(5000, run, 0);
    // The ranking alone (analysis, scoring, tier), and a trivial command through the same core for
    // comparison: what the core costs every command on this machine.
    const index = await core.services.knowledge.howto();
    const ranking = await sample(5000, (i) => answer(index, questions[i % questions.length]!.q), 500);
    const baseline = await sample(5000, () => core.dispatch({ platform: 'shell', workspace: 'bench', channel: 'c', user: 'u', platformLocale: 'zh-CN', command: 'settings', text: '' }), 500);
    await store.close();
    return {
      normalizerLoad: { value: t1 - t0, unit: 'ms', label: 'opencc-js tables and pinyin-pro loaded (first question only)' },
      soundFirst: { value: soundFirst, unit: 'ms', label: 'first question read by sound (builds the sound tables, once)' },
      buildFirst: { value: t2 - t1, unit: 'ms', label: 'index build, first in process (cold)' },
      buildWarm: { value: percentile(warm, 50), unit: 'ms', label: 'index build, warm, p50' },
      warm: { value: warmMs, unit: 'ms', label: 'warm-up after ready (every entry\'s questions ranked once, in turns)' },
      firstP99: { value: percentile(first, 99), unit: 'ms', label: '/howto through the core, first 1000 after the warm-up, p99' },
      latencyP50: { value: percentile(times, 50), unit: 'ms', label: '/howto <question> through the core, p50 (the next 5000)' },
      latencyP99: { value: percentile(times, 99), unit: 'ms', label: '/howto <question> through the core, p99 (the next 5000)' },
      rankingP50: { value: percentile(ranking, 50), unit: 'ms', label: 'ranking and tier alone (no reply), p50' },
      rankingP99: { value: percentile(ranking, 99), unit: 'ms', label: 'ranking and tier alone (no reply), p99' },
      baselineP50: { value: percentile(baseline, 50), unit: 'ms', label: 'for comparison: /settings through the core, p50' },
      baselineP99: { value: percentile(baseline, 99), unit: 'ms', label: 'for comparison: /settings through the core, p99' },
      entries: { value: kb.ids.length, unit: 'entries', label: 'entries indexed (× 3 locales)' },
    };
  },
};

export default bench;
