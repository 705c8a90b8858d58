import type { Services } from '../core/types.js';

/**
 * Which item changed: the track commands announce every item they open or change, so the
 * scheduler re-plans that one item at once (a new near deadline is not missed) instead of every
 * item of the workspace. Carried in services.shared, so commands and scheduler need no wiring.
 */
export type ItemChangeListener = (workspace: string, itemId: string) => void;

const KEY = 'scheduler:itemChanges';

function listeners(shared: Services['shared']): Set<ItemChangeListener> {
  let set = shared.get(KEY) as Set<ItemChangeListener> | undefined;
  if (!set) shared.set(KEY, (set = new Set()));
  return set;
}

/** Called by the track commands after an item's change is stored. */
export function announceItemChange(shared: Services['shared'], workspace: string, itemId: string): void {
  for (const l of listeners(shared)) {
    try {
      l(workspace, itemId);
    } catch {
      // A listener's failure is its own; the change is stored.
    }
  }
}

/** Returns the unsubscribe function. */
export function onItemChange(shared: Services['shared'], listener: ItemChangeListener): () => void {
  const set = listeners(shared);
  set.add(listener);
  return () => set.delete(listener);
}
