import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Whether a directory of build-time tables (dist/holidays/, dist/zones/) was already written for
 * this stamp: its index.json holds every field of `stamp` with the same value. No index yet, or
 * one that cannot be read, is not current.
 */
export function tablesCurrent(dir: string, stamp: Readonly<Record<string, string | number>>): boolean {
  try {
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Record<string, unknown>;
    return Object.entries(stamp).every(([k, v]) => index[k] === v);
  } catch {
    return false;
  }
}
