import { createHash } from 'node:crypto';
import { boundedCache, type BoundedCache } from '../../cache.js';

/** Discord's limit on a component's custom_id. */
export const CUSTOM_ID_MAX = 100;
const TOKEN_PREFIX = '~';
const SEPARATOR = '|';

export interface ButtonTarget {
  actionId: string;
  value: string;
}

/**
 * Encodes a button's action id and value into a custom_id: `<actionId>|<value>` when it fits in
 * 100 characters, else a short token (`~` + hash) kept in a bounded server-side map. A token
 * forgotten (after a restart, or evicted) decodes to undefined: the click is answered as an
 * expired button.
 */
export class ButtonIds {
  /** The least recently used token is dropped when it is full. */
  private readonly tokens: BoundedCache<string, ButtonTarget>;
  constructor(maxTokens = 10_000) {
    this.tokens = boundedCache(maxTokens);
  }

  /** A custom_id not in `taken` (custom_ids must be unique within one message). */
  encode(target: ButtonTarget, taken: ReadonlySet<string> = new Set()): string {
    const direct = `${target.actionId}${SEPARATOR}${target.value}`;
    const directOk =
      direct.length <= CUSTOM_ID_MAX && !target.actionId.includes(SEPARATOR) && !target.actionId.startsWith(TOKEN_PREFIX);
    if (directOk && !taken.has(direct)) return direct;
    for (let salt = 0; ; salt++) {
      const hash = createHash('sha256').update(`${salt}\u0000${target.actionId}\u0000${target.value}`).digest('base64url');
      const token = `${TOKEN_PREFIX}${hash.slice(0, 22)}`;
      if (taken.has(token)) continue;
      this.tokens.set(token, target);
      return token;
    }
  }

  decode(customId: string): ButtonTarget | undefined {
    if (customId.startsWith(TOKEN_PREFIX)) {
      // Reading a token makes it the most recently used.
      return this.tokens.get(customId);
    }
    const at = customId.indexOf(SEPARATOR);
    if (at <= 0) return undefined;
    return { actionId: customId.slice(0, at), value: customId.slice(at + 1) };
  }

  get size(): number {
    return this.tokens.size;
  }
}
