import type { Interface } from 'node:readline';
import { appendFileSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Core } from '../../core/dispatch.js';
import type { Button, Caller, Reply } from '../../core/types.js';
import { renderTerminal } from './render.js';
import { replyJson } from '../../core/reply-json.js';
import { createCtx } from '../../core/context.js';
import type { ShellArgs } from './args.js';
import { translator } from '../../i18n/index.js';
import { LOCALES } from '../../i18n/locales.js';

/** How replies are printed as text (not --json). */
export interface ShellOutput {
  /** A blank line between replies (line mode). */
  separate?: boolean | undefined;
  /** Bold and colours (stdout is a terminal and NO_COLOR is not set). */
  color?: boolean | undefined;
  /** The terminal's width now (undefined: piped, no wrapping). */
  width?: (() => number | undefined) | undefined;
}

/** Where replies are printed: a stream, or standard output written directly (fd-output.ts). */
export interface TextOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Colours when the output is a terminal and NO_COLOR (https://no-color.org) is not set. */
export function terminalOutput(out: TextOutput, env: NodeJS.ProcessEnv): ShellOutput {
  if (out.isTTY !== true) return {};
  return { color: !env.NO_COLOR, width: () => (out.columns && out.columns > 10 ? out.columns : undefined) };
}

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
  private printed = 0;
  /**
   * Command names as Discord shows them in each language (`帮助`, `說明`, …) → the command. Made
   * when a typed name is not a command's own (it reads every language's strings).
   */
  private aliases: ReadonlyMap<string, string> | undefined;
  constructor(
    private readonly core: Core,
    private readonly args: ShellArgs,
    private readonly out: TextOutput,
    private readonly opts: ShellOutput = {},
  ) {}

  /** The command a typed name stands for: its own name, or its name in another language. */
  private commandName(typed: string): string {
    const lower = typed.toLowerCase();
    if (this.core.command(lower)) return lower;
    if (!this.aliases) {
      const aliases = new Map<string, string>();
      for (const locale of LOCALES) {
        const t = translator(locale);
        for (const c of this.core.commands) aliases.set(t(`cmd.${c.name}.name`).trim().toLowerCase(), c.name);
      }
      this.aliases = aliases;
    }
    return this.aliases.get(lower) ?? typed;
  }

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
    await this.print(reply);
    return reply;
  }

  private async run(text: string): Promise<Reply> {
    const caller = this.caller;
    if (text.startsWith('/') || text.startsWith('／')) {
      const body = text.slice(1);
      const space = body.search(/\s/);
      const command = this.commandName(space < 0 ? body : body.slice(0, space));
      const rest = space < 0 ? '' : body.slice(space + 1);
      return this.core.dispatch({ ...caller, command, text: rest });
    }
    const button = this.findButton(text);
    if (button) return this.core.action({ ...caller, actionId: button.actionId, value: button.value });
    const typed = text.split(/\s+/, 1)[0]!;
    const first = this.commandName(typed);
    if (this.core.command(first)) {
      return this.core.dispatch({ ...caller, command: first, text: text.slice(typed.length).trim() });
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

  async print(reply: Reply): Promise<void> {
    const buttons = reply.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
    if (buttons.length) this.lastButtons = buttons;
    if (this.args.json) {
      this.out.write(`${JSON.stringify(replyJson(reply))}\n`);
      return;
    }
    let n = 0;
    const text = await renderTerminal(
      {
        ...reply,
        blocks: reply.blocks.map((b) =>
          b.type === 'buttons' ? { ...b, buttons: b.buttons.map((x) => ({ ...x, label: `${++n} ${x.label}` })) } : b,
        ),
      },
      { color: this.opts.color === true, width: this.opts.width?.() },
    );
    this.out.write(`${this.opts.separate && this.printed++ > 0 ? '\n' : ''}${text}\n`);
  }
}

/** One command from the command line: prints its reply; the exit code says whether it was good. */
export async function runOneShot(shell: Shell, line: string): Promise<number> {
  const reply = await shell.line(line);
  return reply?.error ? 1 : 0;
}

/**
 * One reply per input line; a bad line is reported and the next one runs. The exit code is 0 when
 * every line succeeded, 1 when any failed, so a script can tell.
 */
export async function runLines(shell: Shell, input: NodeJS.ReadableStream): Promise<number> {
  // readline is loaded here, not at start: a one-shot command never reads lines.
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
  let failed = false;
  for await (const line of rl) if ((await shell.line(line))?.error) failed = true;
  return failed ? 1 : 0;
}

/**
 * The interactive shell with a prompt and a history kept beside the data file. Lines are handled
 * one at a time, in order; the prompt comes back only when no pasted line is waiting, so a reply
 * never lands on the prompt line. Ctrl-C clears a half-typed line (as bash does) and leaves on an
 * empty one; Ctrl-D and `exit` leave. "Bye." is said on its own line, in the language of the moment.
 */
export async function runInteractive(shell: Shell, core: Core, io: ShellIO): Promise<number> {
  const t = () => createCtx(core.services, shell.caller).t;
  const history = loadHistory(io.historyFile);
  const { createInterface } = await import('node:readline');
  const rl: Interface = createInterface({
    input: io.input,
    output: io.output,
    terminal: true,
    history,
    historySize: 500,
    prompt: t()('shell.prompt'),
  });
  io.output.write(`${t()('shell.welcome')}\n`);
  const queue: string[] = [];
  let busy = false;
  let closed = false;
  /** Whether the cursor sits after a prompt (so what comes next needs a line of its own). */
  let atPrompt = false;
  let exited = false;
  let wake: (() => void) | undefined;
  const finished = new Promise<void>((resolve) => (wake = resolve));
  const prompt = () => {
    rl.prompt();
    atPrompt = true;
  };
  const pump = async () => {
    if (busy) return;
    busy = true;
    try {
      while (queue.length && !exited) {
        const text = queue.shift()!.trim();
        atPrompt = false;
        if (text === 'exit' || text === 'quit' || text === '/exit' || text === '/quit') {
          exited = true;
          rl.close();
          break;
        }
        if (text && io.historyFile) saveHistory(io.historyFile, text);
        await shell.line(text);
      }
    } finally {
      busy = false;
    }
    if (closed || exited) wake?.();
    else if (!queue.length) prompt();
  };
  rl.on('line', (line) => {
    queue.push(line);
    void pump();
  });
  rl.on('SIGINT', () => {
    if (rl.line.length > 0) {
      // Clear the half-typed line and start a fresh prompt, as bash does.
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      io.output.write('^C\n');
      prompt();
      return;
    }
    rl.close();
  });
  rl.on('close', () => {
    closed = true;
    if (!busy) wake?.();
  });
  prompt();
  await finished;
  // Ctrl-D or Ctrl-C at the prompt: the cursor is still on the prompt line.
  io.output.write(`${atPrompt && !exited ? '\n' : ''}${t()('shell.bye')}\n`);
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
