import type { Locale } from '../i18n/locales.js';
import { para } from './reply.js';
import type { Reply } from './types.js';
import type { Translate } from '../i18n/index.js';

/** A reference to quote for one failure: 8 hex digits, logged with the error and shown in the apology. */
export function errorRef(): string {
  // The Web Crypto global: no node:crypto import on the start-up path.
  return Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The short localized apology for an unexpected failure, with its reference: `errors.internal`,
 * or `errors.notSaved` (with `why`, e.g. a full disk) for a write that left nothing behind.
 */
export function apology(
  t: Translate,
  locale: Locale,
  ref: string,
  opts: { code?: 'errors.internal' | 'errors.notSaved' | undefined; why?: string | undefined } = {},
): Reply {
  const code = opts.code ?? 'errors.internal';
  const message = t(code, { ref, why: opts.why ?? '' });
  return { blocks: [para(message)], ephemeral: true, error: { code, message, ref }, locale };
}
