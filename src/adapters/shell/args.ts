import { parseArgs } from 'node:util';

export interface ShellArgs {
  json: boolean;
  locale?: string | undefined;
  user: string;
  channel: string;
  workspace: string;
  now?: Date | undefined;
  db?: string | undefined;
  /** `tick` and other verbs; otherwise the one-shot command line. */
  positionals: string[];
}

export class ArgsError extends Error {}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The shell's command line (see architecture.md). */
export function parseShellArgs(argv: string[]): ShellArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        locale: { type: 'string' },
        user: { type: 'string', default: 'local-user' },
        channel: { type: 'string', default: 'local' },
        workspace: { type: 'string', default: 'local' },
        now: { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new ArgsError(`${(err as Error).message}\n${USAGE}`);
  }
  const v = parsed.values;
  if (v.help) throw new ArgsError(USAGE);
  let now: Date | undefined;
  if (v.now !== undefined) {
    now = new Date(v.now);
    if (!ISO_WITH_OFFSET.test(v.now) || Number.isNaN(now.getTime())) {
      throw new ArgsError(`--now needs an ISO 8601 time with an offset, e.g. 2026-11-23T09:00:00+08:00 (got "${v.now}")`);
    }
  }
  for (const [name, value] of [['user', v.user], ['channel', v.channel], ['workspace', v.workspace]] as const) {
    if (!value || value.length > 100 || /[\s\u0000-\u001f]/.test(value)) throw new ArgsError(`--${name} needs a non-empty id without spaces`);
  }
  return {
    json: v.json ?? false,
    locale: v.locale,
    user: v.user!,
    channel: v.channel!,
    workspace: v.workspace!,
    now,
    db: v.db,
    positionals: parsed.positionals,
  };
}

export const USAGE = `usage:
  sellerdesk                              interactive shell (or one reply per line when stdin is not a terminal)
  sellerdesk "/howto 怎么撤销设计"          run one command, print the reply, exit (non-zero on a bad command)
  sellerdesk tick                         send the deadline pings that are due, then exit
  sellerdesk migrate --from FILE          copy a data file into the database (DATABASE_URL)
  sellerdesk export --to FILE             write the database to a new data file
options:
  --json              print each reply (or ping) as one JSON line
  --locale L          the asker's platform locale (en-US, zh-CN, zh-TW, …)
  --user U --channel C --workspace W      who asks, and where
  --now ISO           the current time, ISO 8601 with offset
  --db FILE           the data file (default: DATA_FILE, else ./data/sellerdesk.json)`;
