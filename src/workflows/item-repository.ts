import type { Logger } from '../log.js';
import type { Store, WorkspaceData } from '../store/types.js';
import { UserError } from '../core/errors.js';
import type { Item } from './item.js';
import { trackOf, writableTrack } from './items.js';

/**
 * The one owner of tracked items (a member of `Services`: `ctx.items` in a command). Every write
 * of an item goes through it, so the rules that keep derived data right hold without the caller
 * knowing them: the item is read again inside the store update (never a stale copy), changed, its
 * revision bumped (deadlines and ping plans are cached against it), persisted, and only then
 * announced with a typed `itemChanged`. Writes of what every plan of a workspace depends on (the
 * ping schedule, digests, the time zone, holidays) go through `changeSchedule`, which announces
 * `scheduleChanged`. The scheduler listens to these two events and to nothing else, so a write
 * of another feature (a /howto gap, a /guide step) costs it nothing.
 */

export interface ItemChanged {
  workspace: string;
  /** The item as stored after the change. */
  item: Readonly<Item>;
  /** Just opened (else changed). */
  opened: boolean;
}

export interface ScheduleChanged {
  workspace: string;
}

export interface ItemEvents {
  itemChanged: ItemChanged;
  scheduleChanged: ScheduleChanged;
}

/** Where the changes are heard (the scheduler subscribes here). */
export interface ItemFeed {
  /** Returns the unsubscribe function. */
  on<K extends keyof ItemEvents>(event: K, listener: (e: ItemEvents[K]) => void): () => void;
}

/** An item as a command opens it: the repository gives it its id and first revision. */
export type NewItem = Omit<Item, 'id' | 'rev'>;

type Listeners = { [K in keyof ItemEvents]: Set<(e: ItemEvents[K]) => void> };

export class ItemRepository implements ItemFeed {
  private readonly listeners: Listeners = { itemChanged: new Set(), scheduleChanged: new Set() };

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  /** An item of a workspace as stored (read-only), or undefined. */
  get(workspace: string, id: string): Readonly<Item> | undefined {
    return trackOf(this.store.read(workspace)).items[id];
  }

  /** Opens an item with the workspace's next id; resolves once it is durable. */
  async open(workspace: string, draft: NewItem): Promise<Item> {
    const item = await this.store.update(workspace, (ws) => {
      const track = writableTrack(ws);
      const id = String(++track.seq);
      const created: Item = { id, ...draft, rev: 1 };
      track.items[id] = created;
      return created;
    });
    this.emit('itemChanged', { workspace, item, opened: true });
    return item;
  }

  /**
   * Changes one item: `fn` gets the item as stored inside the update (check what must still hold
   * there, and throw a UserError to refuse: nothing is written then). The revision is bumped here.
   * An id the workspace does not have is refused with `errors.track.unknownItem`.
   */
  async change(workspace: string, id: string, fn: (item: Item) => void): Promise<Item> {
    const item = await this.store.update(workspace, (ws) => {
      const current = writableTrack(ws).items[id];
      if (!current) throw new UserError('errors.track.unknownItem', { id });
      fn(current);
      current.rev++;
      return current;
    });
    this.emit('itemChanged', { workspace, item, opened: false });
    return item;
  }

  /**
   * Changes what every ping plan of the workspace depends on (the ping schedule, digests, the
   * time zone, holidays); the scheduler looks at the workspace again once it is durable.
   */
  async changeSchedule<T>(workspace: string, fn: (ws: WorkspaceData) => T): Promise<T> {
    const result = await this.store.update(workspace, fn);
    this.emit('scheduleChanged', { workspace });
    return result;
  }

  on<K extends keyof ItemEvents>(event: K, listener: (e: ItemEvents[K]) => void): () => void {
    const set = this.listeners[event] as Set<(e: ItemEvents[K]) => void>;
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit<K extends keyof ItemEvents>(event: K, e: ItemEvents[K]): void {
    for (const listener of this.listeners[event] as Set<(e: ItemEvents[K]) => void>) {
      try {
        listener(e);
      } catch (err) {
        // A listener's failure is its own: the change is stored and the command answers.
        this.log.error({ err, event, workspace: e.workspace }, 'item change listener failed');
      }
    }
  }
}
