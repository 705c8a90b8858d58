import type { Choice, Ctx, OptionMeta } from '../../src/core/types.js';
import { templates } from '../../src/workflows/templates.js';
import { itemsOf } from '../../src/workflows/items.js';
import { eventName, templateName } from '../../src/workflows/format.js';

/** Autocomplete (Discord): open items, templates and event keys for what is typed so far. */

export function complete(ctx: Ctx, option: OptionMeta, partial: string): Choice[] {
  const p = partial.trim().toLowerCase().replace(/^[#＃]/, '');
  if (option.autocomplete === 'item') {
    const out: Choice[] = [];
    const items = itemsOf(ctx.store.read(ctx.caller.workspace)).filter((i) => i.status === 'open');
    items.sort((a, b) => Number(b.id) - Number(a.id));
    for (const i of items) {
      if (p && !i.id.startsWith(p) && !i.title.toLowerCase().includes(p)) continue;
      out.push({ name: `#${i.id} ${i.title} · ${templateName(ctx.t, i.template)}`.slice(0, 100), value: i.id });
      if (out.length >= 25) break;
    }
    return out;
  }
  if (option.autocomplete === 'template') {
    return templates().filter((t) => !p || t.id.includes(p) || templateName(ctx.t, t.id).toLowerCase().includes(p)).map((t) => ({
      name: `${templateName(ctx.t, t.id)} (${t.id})`.slice(0, 100),
      value: t.id,
    }));
  }
  if (option.autocomplete === 'event') {
    const seen = new Map<string, string>();
    for (const t of templates()) for (const e of t.events) if (!seen.has(e.key)) seen.set(e.key, eventName(ctx.t, t.id, e.key));
    return [...seen]
      .filter(([key, name]) => !p || key.includes(p) || name.toLowerCase().includes(p))
      .slice(0, 25)
      .map(([key, name]) => ({ name: `${key} — ${name}`.slice(0, 100), value: key }));
  }
  return [];
}
