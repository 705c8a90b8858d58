/**
 * Which item changed: the track commands announce every item they open or change, so the
 * scheduler re-plans that one item at once (a new near deadline is not missed) instead of every
 * item of the workspace. `services.itemChanges`, so commands and scheduler need no wiring.
 */
export type ItemChangeListener = (workspace: string, itemId: string) => void;

export class ItemChanges {
  private readonly listeners = new Set<ItemChangeListener>();

  /** Called by the track commands after an item's change is stored. */
  announce(workspace: string, itemId: string): void {
    for (const l of this.listeners) {
      try {
        l(workspace, itemId);
      } catch {
        // A listener's failure is its own; the change is stored.
      }
    }
  }

  /** Returns the unsubscribe function. */
  listen(listener: ItemChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
