import { refuse, type Check } from './option-checks.js';
import type { Translate } from '../i18n/index.js';

/**
 * The words a person may type to turn something on or off, or to say "none", in English and
 * both Chinese scripts: one vocabulary for every command that takes them.
 */
const ON = ['on', 'true', 'yes', '1', '开', '開', '开启', '開啟'];
const OFF = ['off', 'false', 'no', '0', '关', '關', '关闭', '關閉'];
const NONE = ['none', 'off', '无', '無'];

/** true for an "on" word, false for an "off" word, undefined for anything else. */
export function onOffWord(typed: string): boolean | undefined {
  const s = typed.trim().toLowerCase();
  if (ON.includes(s)) return true;
  if (OFF.includes(s)) return false;
  return undefined;
}

/** Whether the word says "none" (no holidays, no ping days, no digest). */
export function isNoneWord(typed: string): boolean {
  return NONE.includes(typed.trim().toLowerCase());
}

/** An on/off option: a boolean (Discord), or a typed word; anything else is `errors.badOnOff`. */
export const onOff: Check<boolean, false> = {
  optional: false,
  parse(v) {
    if (typeof v === 'boolean') return v;
    if (typeof v !== 'string') return refuse();
    return onOffWord(v) ?? refuse('errors.badOnOff');
  },
};

/** An on/off setting as the reader's language says it (`settings.on` / `settings.off`). */
export function onOffLabel(t: Translate, on: boolean): string {
  return on ? t('settings.on') : t('settings.off');
}
