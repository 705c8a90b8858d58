import type { CommandSpec } from '../src/core/types.js';
import { helpCommand } from './help.js';
import settings from './settings.js';
import guide from './guide.js';
import howto, { howtoGaps } from './howto.js';
import track from './track/index.js';
import deadlines from './deadlines.js';

/** Every slash command, in the order /help lists them. No folder scanning: a command is listed here. */
export const COMMANDS: readonly CommandSpec[] = [helpCommand(() => COMMANDS), settings, howto, howtoGaps, guide, track, deadlines];
