import { createHash } from 'node:crypto';

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
  private readonly tokens = new Map<string, ButtonTarget>();
  constructor(private readonly maxTokens = 10_000) {}

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
      this.remember(token, target);
      return token;
    }
  }

  decode(customId: string): ButtonTarget | undefined {
    if (customId.startsWith(TOKEN_PREFIX)) {
      const target = this.tokens.get(customId);
      if (target) this.remember(customId, target);
      return target;
    }
    const at = customId.indexOf(SEPARATOR);
    if (at <= 0) return undefined;
    return { actionId: customId.slice(0, at), value: customId.slice(at + 1) };
  }

  get size(): number {
    return this.tokens.size;
  }

  /** Most recently used last; the least recently used token is dropped when the map is full. */
  private remember(token: string, target: ButtonTarget): void {
    this.tokens.delete(token);
    this.tokens.set(token, target);
    while (this.tokens.size > this.maxTokens) {
      const oldest = this.tokens.keys().next().value;
      if (oldest === undefined) break;
      this.tokens.delete(oldest);
    }
  }
}
