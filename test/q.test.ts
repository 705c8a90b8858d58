import { COMMANDS } from '/work/wt/c14/commands/index.js';
import { commandLines } from '/work/wt/c14/src/core/command-line.js';
import { translator } from '/work/wt/c14/src/i18n/index.js';
const en = commandLines(COMMANDS, translator('en'));
for (const l of ['/track new collab-design <the design> brand:<Brand> [due:<date>]', '/track new collab-design Retro tee brand:Acme due:2026-12-01']) console.log(en.line(l));
