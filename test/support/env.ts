/**
 * The environment for a child process a test starts: nothing of the developer's own (no
 * SLACK_BOT_TOKEN from their shell), except what a test run itself sets: PATH, the time zone, and
 * the pinned clock of `npm run test:clocks` (NODE_OPTIONS and SELLERDESK_PIN_*), so a child sees the
 * same "now" as the test that started it.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && (k === 'PATH' || k === 'TZ' || k === 'NODE_OPTIONS' || k.startsWith('SELLERDESK_PIN_'))) env[k] = v;
  }
  return { ...env, ...extra };
}
