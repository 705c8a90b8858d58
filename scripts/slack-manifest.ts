/**
 * `npm run slack:manifest` writes the Slack app manifest generated from commands/:
 *
 *   npm run slack:manifest                               Socket Mode (no public URL needed), to slack-manifest.json
 *   npm run slack:manifest -- --http https://host/slack/events    HTTP mode with that request URL
 *   npm run slack:manifest -- --name "Seller Desk" --out -        another app name; print to stdout
 *
 * Paste the file into https://api.slack.com/apps → Create New App → From a manifest.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COMMANDS } from '../commands/index.js';
import { buildManifest, checkRequestUrl } from '../src/adapters/slack/manifest.js';
import { translator } from '../src/i18n/index.js';

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        http: { type: 'string' },
        socket: { type: 'boolean' },
        name: { type: 'string' },
        out: { type: 'string', default: 'slack-manifest.json' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`slack:manifest: ${(err as Error).message}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write('usage: npm run slack:manifest -- [--socket | --http https://host/slack/events] [--name NAME] [--out FILE|-]\n');
    return 0;
  }
  if (values.http !== undefined && values.socket) {
    process.stderr.write('slack:manifest: choose --socket or --http, not both\n');
    return 2;
  }
  let mode: { socket: true } | { socket: false; requestUrl: string } = { socket: true };
  if (values.http !== undefined) {
    try {
      mode = { socket: false, requestUrl: checkRequestUrl(values.http) };
    } catch (err) {
      process.stderr.write(`slack:manifest: ${(err as Error).message}\n`);
      return 2;
    }
  }
  const manifest = buildManifest({ commands: COMMANDS, t: translator('en'), mode, ...(values.name ? { name: values.name } : {}) });
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  if (values.out === '-') {
    process.stdout.write(json);
    return 0;
  }
  const file = resolve(values.out);
  writeFileSync(file, json);
  process.stderr.write(
    `Wrote ${file} (${COMMANDS.length} slash commands, ${mode.socket ? 'Socket Mode' : `HTTP mode at ${mode.requestUrl}`}).\n` +
      'Create the app at https://api.slack.com/apps → Create New App → From a manifest, and paste it.\n',
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
