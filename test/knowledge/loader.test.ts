import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/knowledge/loader.js';
import { checkApp } from '../../src/app.js';
import { knowledgeFiles } from '../../src/knowledge/render.js';
import { testBot } from '../support/app.js';

type Files = ReturnType<typeof knowledgeFiles>;
type Json = Record<string, unknown>;

/** A deep copy of the real knowledge-base files, to doctor in memory. */
function copy(): Files {
  return structuredClone(knowledgeFiles());
}

function entry(files: Files, locale: keyof Files, ns: string, id: string): Json {
  return ((files[locale][ns] as Json).entries as Record<string, Json>)[id]!;
}

function problems(files: Files): string {
  try {
    loadKnowledgeBase(files);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('loading the knowledge base', () => {
  it('accepts the files as they are', () => {
    expect(problems(copy())).toBe('');
  });

  it('refuses an entry without a required field, naming the file, the entry and the field', () => {
    const files = copy();
    delete entry(files, 'zh-TW', 'kb-collab', 'collab.approve-design').summary;
    expect(problems(files)).toContain('locales/zh-TW/kb-collab.json: entry collab.approve-design, field summary');
  });

  it('refuses a label in a language the tool does not have, naming the step and the label', () => {
    const files = copy();
    const steps = entry(files, 'en', 'kb-collab', 'collab.approve-design').steps as { labels: Json[] }[];
    const i = steps.findIndex((s) => s.labels.length > 0);
    steps[i]!.labels[0]!.lang = 'fr';
    expect(problems(files)).toContain(`entry collab.approve-design, field steps.${i}.labels.0.lang`);
  });

  it('refuses a placeholder without its label', () => {
    const files = copy();
    const steps = entry(files, 'zh-CN', 'kb-collab', 'collab.approve-design').steps as { text: string }[];
    steps[0]!.text += ' {7}';
    expect(problems(files)).toMatch(/kb-collab\.json: entry collab\.approve-design, field steps\.0\.text: \{7\} has no label/);
  });

  it('refuses a procedure without steps and an unknown kind', () => {
    const files = copy();
    entry(files, 'en', 'kb-brand-registry', 'brand-registry.submit-appeal').steps = [];
    entry(files, 'en', 'kb-handmade', 'handmade.maker-profile').kind = 'tip';
    const message = problems(files);
    expect(message).toContain('entry brand-registry.submit-appeal, field steps: a procedure needs steps');
    expect(message).toContain('entry handmade.maker-profile, field kind');
  });

  it('refuses a locale whose entry has fewer steps than English', () => {
    const files = copy();
    (entry(files, 'zh-CN', 'kb-collab', 'collab.approve-design').steps as unknown[]).pop();
    expect(problems(files)).toMatch(/entry collab\.approve-design, field steps: zh-CN has \d+, en has \d+/);
  });

  it('refuses a related id that does not exist and an entry missing from a locale', () => {
    const files = copy();
    for (const locale of ['en', 'zh-CN', 'zh-TW'] as const) entry(files, locale, 'kb-collab', 'collab.approve-design').related = ['collab.no-such-entry'];
    delete ((files['zh-TW']['kb-handmade'] as Json).entries as Json)['handmade.apply'];
    const message = problems(files);
    expect(message).toContain('entry collab.approve-design, field related: unknown entry collab.no-such-entry');
    expect(message).toContain('entry handmade.apply is missing in zh-TW');
  });

  it('refuses a missing program file', () => {
    const files = copy();
    delete files.en['kb-saleyee'];
    expect(problems(files)).toContain('locales/en/kb-saleyee.json is missing');
  });

  it('is checked by the build (checkApp), and loaded by a process when it is first used', async () => {
    expect(() => checkApp()).not.toThrow();
    const bot = testBot();
    expect(bot.core.services.knowledge.loaded).toBe(false);
    await bot.run('/guide collab.approve-design');
    expect(bot.core.services.knowledge.loaded).toBe(true);
  });
});
