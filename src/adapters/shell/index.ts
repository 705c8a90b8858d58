import type { Interface } from 'node:readline';
import { appendFileSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Core } from '../../core/dispatch.js';
import type { Button, Caller, Reply } from '../../core/types.js';
import { renderText } from '../../core/render-text.js';
import { replyJson } from '../../core/reply-json.js';
import { createCtx } from '../../core/context.js';
import type { ShellArgs } from './args.js';

export interface ShellIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
  historyFile?: string | undefined;
}

/**
 * The shell adapter: each input line is a slash command (or a button of the previous reply, by
 * its number or its name) and each reply is printed as text or, with --json, one JSON line.
 */
export class Shell {
  private lastButtons: Button[] = [];
  constructor(
    private readonly core: Core,
    private readonly args: ShellArgs,
    private readonly out: NodeJS.WritableStream,
  ) {}

  get caller(): Caller {
    return {
      platform: 'shell',
      workspace: this.args.workspace,
      channel: this.args.channel,
      user: this.args.user,
      platformLocale: this.args.locale,
      // The person at the terminal runs this bot: they are its admin.
      isAdmin: true,
    };
  }

  /** Runs one input line and prints its reply; returns the reply (undefined for a blank line). */
  async line(input: string): Promise<Reply | undefined> {
    const text = input.trim();
    if (!text) return undefined;
    const reply = await this.run(text);
    this.print(reply);
    return reply;
  }

  private async run(text: string): Promise<Reply> {
    const caller = this.caller;
    if (text.startsWith('/') || text.startsWith('／')) {
      const body = text.slice(1);
      const space = body.search(/\s/);
      const command = space < 0 ? body : body.slice(0, space);
      const rest = space < 0 ? '' : body.slice(space + 1);
      return this.core.dispatch({ ...caller, command, text: rest });
    }
    const button = this.findButton(text);
    if (button) return this.core.action({ ...caller, actionId: button.actionId, value: button.value });
    const first = text.split(/\s+/, 1)[0]!.toLowerCase();
    if (this.core.command(first)) {
      return this.core.dispatch({ ...caller, command: first, text: text.slice(first.length).trim() });
    }
    const ctx = createCtx(this.core.services, caller);
    if (/^\d+$/.test(text)) {
      const message = ctx.t('errors.noButton', { n: text });
      return { blocks: [{ type: 'paragraph', text: message }], ephemeral: true, error: { code: 'errors.noButton', message }, locale: ctx.locale };
    }
    const message = ctx.t('errors.notACommand');
    return { blocks: [{ type: 'paragraph', text: message }], ephemeral: true, error: { code: 'errors.notACommand', message }, locale: ctx.locale };
  }

  /** `2` presses the second button; `next` presses the button whose action or label is "next". */
  private findButton(text: string): Button | undefined {
    if (/^\d+$/.test(text)) return this.lastButtons[Number(text) - 1];
    const t = text.toLowerCase();
    return this.lastButtons.find((b) => b.actionId.split(':')[1]?.toLowerCase() === t || b.label.toLowerCase() === t);
  }

  print(reply: Reply): void {
    const buttons = reply.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
    if (buttons.length) this.lastButtons = buttons;
    if (this.args.json) {
      this.out.write(`${JSON.stringify(replyJson(reply))}\n`);
      return;
    }
    let n = 0;
    const text = renderText({
      ...reply,
      blocks: reply.blocks.map((b) =>
        b.type === 'buttons' ? { ...b, buttons: b.buttons.map((x) => ({ ...x, label: `${++n} ${x.label}` })) } : b,
      ),
    });
    this.out.write(`${text}\n`);
  }
}

/** One command from the command line: prints its reply; the exit code says whether it was good. */
export async function runOneShot(shell: Shell, line: string): Promise<number> {
  const reply = await shell.line(line);
  return reply?.error ? 1 : 0;
}

/** One reply per input line; a bad line is reported and the next one runs. */
export async function runLines(shell: Shell, input: NodeJS.ReadableStream): Promise<number> {
  // readline is loaded here, not at start: a one-shot command never reads lines.
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
  for await (const line of rl) await shell.line(line);
  return 0;
}

/** The interactive shell with a prompt and a history kept beside the data file. */
export async function runInteractive(shell: Shell, core: Core, io: ShellIO): Promise<number> {
  const ctx = createCtx(core.services, shell.caller);
  const history = loadHistory(io.historyFile);
  const { createInterface } = await import('node:readline');
  const rl: Interface = createInterface({
    input: io.input,
    output: io.output,
    terminal: true,
    history,
    historySize: 500,
    prompt: ctx.t('shell.prompt'),
  });
  io.output.write(`${ctx.t('shell.welcome')}\n`);
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === 'exit' || text === 'quit' || text === '/exit' || text === '/quit') break;
    if (text && io.historyFile) saveHistory(io.historyFile, text);
    await shell.line(text);
    rl.prompt();
  }
  rl.close();
  io.output.write(`${ctx.t('shell.bye')}\n`);
  return 0;
}

function loadHistory(file: string | undefined): string[] {
  if (!file) return [];
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, 500);
  } catch {
    return [];
  }
}

function saveHistory(file: string, line: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${line.replace(/\n/g, ' ')}\n`);
  } catch {
    // History is a convenience; a read-only folder must not stop the shell.
  }
}
