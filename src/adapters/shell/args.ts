import { parseArgs } from 'node:util';
import { closest } from '../../core/suggest.js';

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
  /** `--help` / `-h`: print the usage and exit 0. */
  help: boolean;
  /** `--version` / `-V`: print the version and exit 0. */
  version: boolean;
}

/** A bad command line; `key` (common.json) and `vars` give the message in the user's language. */
export class ArgsError extends Error {
  constructor(
    message: string,
    readonly key?: string,
    readonly vars?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The `--locale` given on a command line, even one that does not parse. */
export function localeArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a === '--locale') return argv[i + 1];
    if (a.startsWith('--locale=')) return a.slice('--locale='.length);
  }
  return undefined;
}

/** Whether the command line asks for the usage or the version (whatever else it holds). */
function asks(argv: readonly string[], ...flags: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => flags.includes(a));
}

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
        version: { type: 'boolean', short: 'V', default: false },
      },
    });
  } catch (err) {
    // `--help` and `--version` answer even beside a mistake, as in every CLI.
    if (asks(argv, '--help', '-h', '--version', '-V')) return { ...DEFAULTS, help: asks(argv, '--help', '-h'), version: !asks(argv, '--help', '-h') };
    throw flagError(err as Error & { code?: string }, argv);
  }
  const v = parsed.values;
  if (v.help || v.version) return { ...DEFAULTS, locale: v.locale, help: v.help === true, version: v.help !== true };
  let now: Date | undefined;
  if (v.now !== undefined) {
    now = new Date(v.now);
    if (!ISO_WITH_OFFSET.test(v.now) || Number.isNaN(now.getTime())) {
      throw new ArgsError(`--now needs an ISO 8601 time with an offset, e.g. 2026-11-23T09:00:00+08:00 (got "${v.now}")`, 'errors.badNow', { value: v.now });
    }
  }
  for (const [name, value] of [['user', v.user], ['channel', v.channel], ['workspace', v.workspace]] as const) {
    if (!value || value.length > 100 || /[\s\u0000-\u001f]/.test(value)) throw new ArgsError(`--${name} needs a non-empty id without spaces`, 'errors.badId', { name });
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
    help: false,
    version: false,
  };
}

/** The flags, and a correct example of each that takes a value. */
const FLAGS = ['--json', '--locale', '--user', '--channel', '--workspace', '--now', '--db', '--help', '--version'];
const EXAMPLES: Record<string, string> = {
  '--locale': '--locale zh-TW',
  '--user': '--user amy',
  '--channel': '--channel general',
  '--workspace': '--workspace acme',
  '--now': '--now 2026-11-23T09:00:00+08:00',
  '--db': '--db ./data/sellerdesk.json',
};

/** A parseArgs mistake as a message in the user's language: the flag it is about, and what to type. */
function flagError(err: Error & { code?: string }, argv: readonly string[]): ArgsError {
  const named = /'(-[^'\s]+)/.exec(err.message)?.[1];
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && named) {
    const flag = named.split('=', 1)[0]!;
    const guess = flag.startsWith('--') ? closest(flag.slice(2), FLAGS.map((f) => f.slice(2))) : undefined;
    return guess ? new ArgsError(err.message, 'errors.unknownFlagGuess', { flag, guess: `--${guess}` }) : new ArgsError(err.message, 'errors.unknownFlag', { flag, flags: FLAGS.join(' ') });
  }
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && named) {
    const example = EXAMPLES[named];
    if (example) return new ArgsError(err.message, 'errors.flagNeedsValue', { flag: named, example });
    if (argv.some((a) => a.startsWith(`${named}=`))) return new ArgsError(err.message, 'errors.flagTakesNoValue', { flag: named });
  }
  return new ArgsError(err.message);
}

const DEFAULTS: ShellArgs = { json: false, user: 'local-user', channel: 'local', workspace: 'local', positionals: [], help: false, version: false };
