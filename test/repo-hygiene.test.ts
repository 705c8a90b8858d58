import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../src/paths.js';

const pkg = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

describe('the repository', () => {
  it('ignores logs and the generated Slack manifest', () => {
    const ignored = readFileSync(projectPath('.gitignore'), 'utf8').split('\n');
    expect(ignored).toContain('*.log');
    expect(ignored).toContain('slack-manifest.json');
    expect(readdirSync(projectPath()).filter((f) => f.endsWith('.log'))).toEqual([]);
  });

  it('ships only what the program uses: no unused search library, test-only libraries as devDependencies', () => {
    expect(pkg.dependencies.minisearch).toBeUndefined();
    for (const testOnly of ['ws', 'date-fns', 'vitest']) {
      expect(pkg.dependencies[testOnly], testOnly).toBeUndefined();
      expect(pkg.devDependencies[testOnly], testOnly).toBeDefined();
    }
  });

  it('places each test where its code lives: every test folder mirrors a folder of src/, commands/ or bin/', () => {
    // Folders of the tests' own tools and data, which mirror no code.
    const own = new Set(['support', 'fakes', 'eval', 'clocks', 'store/fixtures']);
    const folders = (dir: string, at = ''): string[] =>
      readdirSync(projectPath(dir, at), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .flatMap((e) => {
          const rel = at ? `${at}/${e.name}` : e.name;
          return [rel, ...folders(dir, rel)];
        });
    const stray = folders('test').filter(
      (f) => !own.has(f) && !existsSync(projectPath('src', f)) && !['commands', 'bin'].includes(f),
    );
    expect(stray).toEqual([]);
    // The tests of /track run the command (commands/track/), so they sit beside the other command tests.
    expect(readdirSync(projectPath('test', 'workflows')).filter((f) => f.startsWith('track'))).toEqual([]);
  });

  it("keeps the README's development tree current: it names every folder of src/ and the project's other folders", () => {
    const readme = readFileSync(projectPath('README.md'), 'utf8');
    const tree = /## Development\n\n```\n([\s\S]*?)```/.exec(readme)![1]!;
    const named = new Set(tree.split('\n').map((l) => l.split(/\s+/)[0]!.replace(/\/$/, '')).filter(Boolean));
    const folders = (dir: string) => readdirSync(projectPath(dir), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const expected = [...folders('src').map((d) => `src/${d}`), 'commands', 'locales', 'bin', 'scripts', 'bench', 'test'];
    expect(expected.filter((f) => !named.has(f))).toEqual([]);
    expect([...named].filter((f) => !existsSync(projectPath(f)))).toEqual([]);
    // Each adapter of src/adapters is named on its line.
    for (const a of folders('src/adapters')) expect(tree, a).toContain(`${a}/`);
  });
});
