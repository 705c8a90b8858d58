/**
 * `npm run discord:register [-- --guild <id>] [-- --dry-run]`: registers sellerdesk's slash
 * commands with Discord, built from commands/ and the locale files. With --guild they are
 * registered in one server and appear at once (for trying things out); without it, globally.
 * --dry-run prints the payload and sends nothing (no token needed); --clear registers none (removes
 * them, e.g. a guild's copy once they are registered globally).
 */
import { COMMANDS } from '../commands/index.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { checkSpecs } from '../src/core/check-specs.js';
import { buildCommands, registerCommands } from '../src/adapters/discord/registration.js';

const USAGE = 'usage: npm run discord:register [-- [--guild <server id>] [--dry-run | --clear]]';

interface Args {
  guild?: string | undefined;
  dryRun: boolean;
  clear: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { dryRun: false, clear: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--dry-run') args.dryRun = true;
    else if (a === '--clear') args.clear = true;
    else if (a === '--guild' || a.startsWith('--guild=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!value || !/^\d{17,20}$/.test(value)) throw new Error(`--guild needs a server id (17–20 digits; Developer Mode → right-click the server → Copy Server ID)\n${USAGE}`);
      args.guild = value;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  return args;
}

async function run(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`discord:register: ${(err as Error).message}\n`);
    return 2;
  }
  checkSpecs(COMMANDS);
  const built = buildCommands(COMMANDS);
  for (const w of built.warnings) process.stderr.write(`warning: ${w}\n`);
  const commands = args.clear ? [] : built.commands;
  if (args.dryRun) {
    process.stdout.write(`${JSON.stringify(commands, null, 2)}\n`);
    return 0;
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    process.stderr.write('discord:register: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example)\n');
    return 2;
  }
  try {
    const { count } = await registerCommands({
      token: config.DISCORD_TOKEN,
      applicationId: config.DISCORD_APPLICATION_ID,
      apiUrl: config.DISCORD_API_URL,
      guildId: args.guild,
      commands,
    });
    const where = args.guild ? `in server ${args.guild} (they appear at once)` : 'globally (they can take a few minutes to appear everywhere)';
    const names = commands.map((c) => `/${c.name}`).join(' ');
    process.stdout.write(`Registered ${count} commands ${where}${names ? `: ${names}` : ''}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`discord:register: Discord refused the commands: ${(err as Error).message}\n`);
    const raw = (err as { rawError?: unknown }).rawError;
    if (raw) process.stderr.write(`${JSON.stringify(raw, null, 2)}\n`);
    return 1;
  }
}

process.exitCode = await run();
