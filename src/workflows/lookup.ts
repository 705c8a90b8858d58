import { LOCALES } from '../i18n/locales.js';
import { translator } from '../i18n/index.js';
import { closest } from '../core/suggest.js';
import { templates, template, type EventDef, type TemplateDef } from './templates.js';

/**
 * Names people type for templates and outcomes: the id, or a localized name or alias in any of
 * our languages (a zh-TW reader may type the English id, an en reader 品牌申訴).
 */

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

let templateNames: Map<string, string> | undefined;
let outcomeNames: Map<string, string> | undefined;

function aliasesOf(key: string): string[] {
  const out: string[] = [];
  for (const l of LOCALES) {
    const t = translator(l);
    for (const k of [`${key}.name`, `${key}.aliases`]) {
      const v = t(k);
      if (v && v !== k) out.push(...v.split(/[,，、]/).map(norm).filter(Boolean));
    }
  }
  return out;
}

function templateIndex(): Map<string, string> {
  if (!templateNames) {
    templateNames = new Map();
    for (const t of templates()) {
      templateNames.set(t.id, t.id);
      for (const a of aliasesOf(`workflows.templates.${t.id}`)) if (!templateNames.has(a)) templateNames.set(a, t.id);
    }
  }
  return templateNames;
}

/** The template a typed name means, or a close guess (id) for "did you mean". */
export function findTemplate(typed: string): { template?: TemplateDef; guess?: string } {
  const key = norm(typed);
  const id = templateIndex().get(key);
  if (id) return { template: template(id)! };
  const guessName = closest(key, templateIndex().keys());
  return guessName ? { guess: templateIndex().get(guessName)! } : {};
}

/** The event of a template a typed word means (`video-invited`, `Video-Invited`), or a guess. */
export function findEvent(t: TemplateDef, typed: string): { event?: EventDef; guess?: string } {
  const key = norm(typed).replace(/[\s_]+/g, '-');
  const event = t.events.find((e) => e.key === key);
  if (event) return { event };
  const guess = closest(key, t.events.map((e) => e.key));
  return guess ? { guess } : {};
}

function outcomeIndex(): Map<string, string> {
  if (!outcomeNames) {
    outcomeNames = new Map();
    const all = new Set(templates().flatMap((t) => t.events.flatMap((e) => e.outcomes)));
    for (const o of all) {
      outcomeNames.set(o, o);
      for (const a of aliasesOf(`workflows.outcomes.${o}`)) if (!outcomeNames.has(a)) outcomeNames.set(a, o);
    }
  }
  return outcomeNames;
}

/** The outcome of an event a typed word means (`approved`, `通过`), if it is one of the event's. */
export function findOutcome(event: EventDef, typed: string): string | undefined {
  const o = outcomeIndex().get(norm(typed));
  return o && event.outcomes.includes(o) ? o : undefined;
}
