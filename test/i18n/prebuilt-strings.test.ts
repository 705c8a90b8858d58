import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isKnowledgeNamespace, readLocaleFiles, readPrebuiltStrings, writePrebuiltStrings } from '../../src/i18n/index.js';
import { projectPath } from '../../src/paths.js';

describe('prebuilt strings (dist/strings/<locale>.json)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-strings-'));
    dirs.push(dir);
    const reader = join(dir, 'reader.cjs');
    writeFileSync(reader, '// the program file\n');
    const path = (locale: string) => join(dir, `${locale}.json`);
    return { reader, path };
  };

  it('gives back every namespace but the knowledge base, in the files’ order, to the program it was written for', () => {
    const { reader, path } = scratch();
    writePrebuiltStrings(reader, projectPath('locales'), path);
    const files = readLocaleFiles(projectPath('locales'), (ns) => !isKnowledgeNamespace(ns));
    for (const locale of ['en', 'zh-CN', 'zh-TW'] as const) {
      const read = readPrebuiltStrings(locale, reader, projectPath('locales'), path);
      expect(read).toEqual(files[locale]);
      expect(Object.keys(read!)).toEqual(Object.keys(files[locale]));
    }
  });

  it('is ignored by another program file, or once the program file changed', () => {
    const { reader, path } = scratch();
    writePrebuiltStrings(reader, projectPath('locales'), path);
    expect(readPrebuiltStrings('en', projectPath('src', 'i18n', 'index.ts'), projectPath('locales'), path)).toBeUndefined();
    utimesSync(reader, new Date(2001, 0, 1), new Date(2001, 0, 1));
    expect(readPrebuiltStrings('en', reader, projectPath('locales'), path)).toBeUndefined();
  });

  it('is ignored when missing or not JSON', () => {
    const { reader, path } = scratch();
    expect(readPrebuiltStrings('en', reader, projectPath('locales'), path)).toBeUndefined();
    writeFileSync(path('en'), '{');
    expect(readPrebuiltStrings('en', reader, projectPath('locales'), path)).toBeUndefined();
  });
});
