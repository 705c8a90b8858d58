import { createHash } from 'node:crypto';
import type { Store } from '../../store/types.js';

/** Discord's limit on a component's custom_id. */
export const CUSTOM_ID_MAX = 100;
const TOKEN_PREFIX = '~';
const SEPARATOR = '|';
/** The workspace's feature field that keeps the targets of tokens, and how many it keeps. */
const FEATURE = 'discordButtons';
const STORED_MAX = 2000;

export interface ButtonTarget {
  actionId: string;
  value: string;
}

/** Where tokens are kept beyond this process: the workspace's data (a file, or PostgreSQL shared by replicas). */
export type TokenStore = Pick<Store, 'read' | 'update' | 'prepare'>;

/**
 * Encodes a button's action id and value into a custom_id: `<actionId>|<value>` when it fits in
 * 100 characters (nothing to remember), else a short token (`~` + hash). A token's target is kept in
 * a bounded map here and, when a store and the workspace are given, in the workspace's data, written
 * before the message is sent (flush), so the button still works after a restart and on any replica.
 * A token found nowhere decodes to undefined: the click is answered as an expired button.
 */
export class ButtonIds {
  private readonly tokens = new Map<string, ButtonTarget>();
  /** Tokens made since the last flush, by workspace. */
  private readonly pending = new Map<string, Map<string, ButtonTarget>>();

  constructor(
    private readonly maxTokens = 10_000,
    private readonly store?: TokenStore,
  ) {}

  /** A custom_id not in `taken` (custom_ids must be unique within one message). */
  encode(target: ButtonTarget, taken: ReadonlySet<string> = new Set(), workspace?: string): string {
    const direct = `${target.actionId}${SEPARATOR}${target.value}`;
    const directOk =
      direct.length <= CUSTOM_ID_MAX && !target.actionId.includes(SEPARATOR) && !target.actionId.startsWith(TOKEN_PREFIX);
    if (directOk && !taken.has(direct)) return direct;
    for (let salt = 0; ; salt++) {
      const hash = createHash('sha256').update(`${salt}\u0000${target.actionId}\u0000${target.value}`).digest('base64url');
      const token = `${TOKEN_PREFIX}${hash.slice(0, 22)}`;
      if (taken.has(token)) continue;
      this.remember(token, target);
      if (workspace !== undefined && this.store) {
        let forWorkspace = this.pending.get(workspace);
        if (!forWorkspace) this.pending.set(workspace, (forWorkspace = new Map()));
        forWorkspace.set(token, target);
      }
      return token;
    }
  }

  /** Whether tokens were made since the last flush (flush has something to write). */
  get unflushed(): boolean {
    return this.store !== undefined && this.pending.size > 0;
  }

  /** Writes the tokens made since the last flush to their workspaces; call it before sending their message. */
  async flush(): Promise<void> {
    if (!this.store || this.pending.size === 0) return;
    const batches = [...this.pending];
    this.pending.clear();
    for (const [workspace, tokens] of batches) {
      await this.store.update(workspace, (ws) => {
        const kept = storedTokens(ws[FEATURE]);
        for (const [token, t] of tokens) {
          delete kept[token];
          kept[token] = [t.actionId, t.value];
        }
        const keys = Object.keys(kept);
        for (const old of keys.slice(0, Math.max(0, keys.length - STORED_MAX))) delete kept[old];
        ws[FEATURE] = kept;
      });
    }
  }

  /** A custom_id's target from what it says or from this process's memory. */
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

  /** A custom_id's target, looked up in the workspace's data when this process does not know the token. */
  async resolve(customId: string, workspace: string): Promise<ButtonTarget | undefined> {
    const known = this.decode(customId);
    if (known || !customId.startsWith(TOKEN_PREFIX) || !this.store) return known;
    // Another replica may have written it: catch up with the shared store first.
    await this.store.prepare?.(workspace);
    const entry = storedTokens(this.store.read(workspace)[FEATURE])[customId];
    if (!entry) return undefined;
    const target = { actionId: entry[0], value: entry[1] };
    this.remember(customId, target);
    return target;
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

/** The stored token map, keeping only well-formed entries (the data file is not trusted). */
function storedTokens(v: unknown): Record<string, [string, string]> {
  const out = Object.create(null) as Record<string, [string, string]>;
  if (!v || typeof v !== 'object') return out;
  for (const [k, e] of Object.entries(v)) {
    if (k.startsWith(TOKEN_PREFIX) && Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string') out[k] = [e[0], e[1]];
  }
  return out;
}
