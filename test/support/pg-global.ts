import type { TestProject } from 'vitest/node';
import { startLocalPg } from '../../scripts/pg-local.js';

/**
 * vitest globalSetup: one PostgreSQL server for the whole run (scripts/pg-local.ts: a temporary
 * cluster on 127.0.0.1, a free port), stopped at the end. Each test file makes its own database
 * (test/support/pg.ts). A machine without the server binaries fails here, loudly: no test skips.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pg = await startLocalPg();
  project.provide('pgUrl', pg.url);
  return () => pg.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
