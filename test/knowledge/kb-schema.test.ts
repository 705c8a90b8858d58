import { describe, expect, it } from 'vitest';
import { readLocaleFiles } from '../../src/i18n/index.js';
import { loadKnowledgeBase } from '../../src/knowledge/loader.js';

describe('the knowledge base files', () => {
  it('load and validate in every locale (a problem names the file, the entry and the field)', () => {
    let problems = '';
    try {
      loadKnowledgeBase(readLocaleFiles());
    } catch (err) {
      problems = (err as Error).message;
    }
    expect(problems).toBe('');
  });
});
