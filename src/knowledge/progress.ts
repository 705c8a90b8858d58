import type { Store, WorkspaceData } from '../store/types.js';

/**
 * Walkthrough progress, per workspace in the `guideProgress` feature field:
 * `{ [userId]: { [entryId]: { step, at } } }`. `step` is the 1-based step the user last saw;
 * a finished walkthrough is removed, so the next one starts at step 1.
 */
const PROGRESS_FIELD = 'guideProgress';

export interface StepProgress {
  step: number;
  /** When the user last moved (ISO 8601). */
  at: string;
}

type ProgressData = Record<string, Record<string, StepProgress>>;

function isProgress(v: unknown): v is StepProgress {
  if (v === null || typeof v !== 'object') return false;
  const p = v as Record<string, unknown>;
  return typeof p.step === 'number' && Number.isInteger(p.step) && p.step >= 1 && typeof p.at === 'string';
}

/** The step a user last saw in an entry's walkthrough, or undefined when none is under way. */
export function readProgress(store: Store, workspace: string, user: string, entryId: string): StepProgress | undefined {
  const all = store.read(workspace)[PROGRESS_FIELD];
  if (all === null || typeof all !== 'object') return undefined;
  if (!Object.hasOwn(all, user)) return undefined;
  const mine = (all as Record<string, unknown>)[user];
  if (mine === null || typeof mine !== 'object' || !Object.hasOwn(mine, entryId)) return undefined;
  const p = (mine as Record<string, unknown>)[entryId];
  return isProgress(p) ? p : undefined;
}

function progressOf(ws: WorkspaceData): ProgressData {
  const v = ws[PROGRESS_FIELD];
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as ProgressData;
  ws[PROGRESS_FIELD] = {};
  // Read back through the store's view (its maps have no prototype, so a user id is a plain key).
  return ws[PROGRESS_FIELD] as ProgressData;
}

/** Records the step a user is on. */
export async function saveProgress(store: Store, workspace: string, user: string, entryId: string, step: number, at: Date): Promise<void> {
  await store.update(workspace, (ws) => {
    const all = progressOf(ws);
    if (!Object.hasOwn(all, user) || all[user] === null || typeof all[user] !== 'object') all[user] = {};
    all[user]![entryId] = { step, at: at.toISOString() };
  });
}

/** Forgets a finished walkthrough. */
export async function clearProgress(store: Store, workspace: string, user: string, entryId: string): Promise<void> {
  if (!readProgress(store, workspace, user, entryId)) return;
  await store.update(workspace, (ws) => {
    const all = progressOf(ws);
    const mine = Object.hasOwn(all, user) ? all[user] : undefined;
    if (!mine) return;
    delete mine[entryId];
    if (Object.keys(mine).length === 0) delete progressOf(ws)[user];
  });
}
