import { readFileSync, readdirSync } from 'node:fs';
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
});
