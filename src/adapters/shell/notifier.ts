import type { Delivered, Notifier, Ping } from '../../core/notifier.js';
import { renderTerminal, type TerminalOptions } from './render.js';

/**
 * The shell's notifier: `sellerdesk tick` prints each ping. As text, a header line naming the
 * channel, item, deadline and slot, then the message; with --json, one line per ping:
 * `{itemId, deadline, slot, channel, workspace, text}` (itemId is null for a summary or a digest).
 * A printed line cannot be looked up afterwards, so it has no findPosted: a tick killed between
 * printing and recording prints that ping again on the next tick (at-least-once).
 */
export class ShellNotifier implements Notifier {
  readonly platform = 'shell' as const;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly json: boolean,
    /** How the text is printed to a terminal (default: plain, not wrapped). */
    private readonly terminal: () => TerminalOptions = () => ({ color: false }),
  ) {}

  async post(ping: Ping): Promise<Delivered> {
    if (this.json) {
      const line = { itemId: ping.itemId || null, deadline: ping.deadline, slot: ping.slot, channel: ping.channel, workspace: ping.workspace, text: ping.text };
      this.out.write(`${JSON.stringify(line)}\n`);
    } else {
      const what = ping.itemId ? `#${ping.itemId} ${ping.deadline} ${ping.slot}` : `${ping.deadline} ${ping.slot}`;
      this.out.write(`--- ping → ${ping.workspace}/${ping.channel} (${what}) ---\n${await renderTerminal(ping.reply, this.terminal())}\n\n`);
    }
    return { messageId: `shell:${ping.key}` };
  }
}
