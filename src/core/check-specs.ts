import { z } from 'zod';
import { DefinitionError } from './errors.js';
import { LOCALES, type Locale } from '../i18n/locales.js';
import { hasKey } from '../i18n/index.js';
import { once } from '../once.js';
import type { CommandSpec, LeafSpec } from './types.js';

/**
 * The check of every command's spec (names, option metadata, i18n keys in every locale), run by
 * the build and the tests (app.ts checkApp), not by each start.
 */

const optionMetaShape = once(() =>
  z.object({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
    kind: z.enum(['string', 'integer', 'boolean', 'user']),
    positional: z.boolean().optional(),
    rest: z.boolean().optional(),
    verbatim: z.boolean().optional(),
    whole: z.boolean().optional(),
    trailing: z.boolean().optional(),
    choices: z.array(z.string()).optional(),
    required: z.boolean(),
    autocomplete: z.enum(['item', 'entry', 'template', 'event']).optional(),
  }),
);

/** Start-up check: names, option metadata, i18n keys in every locale. */
export function checkSpecs(commands: readonly CommandSpec[]): void {
  const seen = new Set<string>();
  const problems: string[] = [];
  const needKey = (key: string) => {
    for (const l of LOCALES) if (!hasKey(l as Locale, key)) problems.push(`missing i18n key ${key} in ${l}`);
  };
  for (const c of commands) {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(c.name)) problems.push(`command name "${c.name}" is not lower-case ASCII`);
    if (seen.has(c.name)) problems.push(`command "${c.name}" is listed twice`);
    seen.add(c.name);
    if (!!c.leaf === !!c.subcommands) problems.push(`command "${c.name}" needs either leaf or subcommands`);
    for (const k of ['name', 'description', 'usage', 'examples']) needKey(`cmd.${c.name}.${k}`);
    const leaves: [string, LeafSpec][] = c.leaf ? [['', c.leaf]] : (c.subcommands ?? []).map((s) => [s.name, s]);
    for (const [sub, leaf] of leaves) {
      if (sub) needKey(`cmd.${c.name}.sub.${sub}`);
      const where = sub ? `${c.name} ${sub}` : c.name;
      leaf.options.forEach((o, i) => {
        const ok = optionMetaShape().safeParse(o);
        if (!ok.success) problems.push(`${where} option ${o.name}: ${ok.error.issues[0]?.message}`);
        if (o.rest && leaf.options.slice(i + 1).some((p) => p.positional)) problems.push(`${where}: rest option ${o.name} must be the last positional`);
        if (o.verbatim && !o.rest) problems.push(`${where}: option ${o.name} is verbatim but not rest`);
        if (o.whole && (leaf.options.length !== 1 || !o.rest || o.kind !== 'string')) problems.push(`${where}: option ${o.name} is whole but not the leaf's only rest string option`);
        needKey(`cmd.${c.name}.opt.${o.name}`);
      });
    }
  }
  if (problems.length) throw new DefinitionError(`bad command definitions:\n  ${problems.join('\n  ')}`);
}
