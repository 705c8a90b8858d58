import { DefinitionError } from './errors.js';
import { LOCALES, type Locale } from '../i18n/locales.js';
import { hasKey } from '../i18n/index.js';
import { optionKeyProblems } from './option-keys.js';
import type { CommandSpec, LeafOption, LeafSpec } from './types.js';

/**
 * The check of every command's spec (names, option metadata, i18n keys in every locale), run by
 * the build and the tests (app.ts checkApp), not by each start.
 */

const KINDS: readonly unknown[] = ['string', 'integer', 'boolean', 'user'];
const AUTOCOMPLETE: readonly unknown[] = ['item', 'entry', 'template', 'event'];
const FLAGS = ['positional', 'rest', 'verbatim', 'whole', 'trailing'] as const;

/** What is wrong with an option's metadata, if anything. */
function optionMetaProblem(o: LeafOption): string | undefined {
  if (typeof o.name !== 'string' || !/^[a-z][a-z0-9-]{0,31}$/.test(o.name)) return 'name is not lower-case ASCII (a-z, 0-9, -; at most 32)';
  if (!KINDS.includes(o.kind)) return `kind ${String(o.kind)} is not one of ${KINDS.join(', ')}`;
  for (const f of FLAGS) if (o[f] !== undefined && typeof o[f] !== 'boolean') return `${f} is not a boolean`;
  if (o.choices !== undefined && !(Array.isArray(o.choices) && o.choices.every((c) => typeof c === 'string'))) return 'choices are not strings';
  if (typeof o.required !== 'boolean') return 'required is not a boolean';
  if (o.autocomplete !== undefined && !AUTOCOMPLETE.includes(o.autocomplete)) return `autocomplete is not one of ${AUTOCOMPLETE.join(', ')}`;
  return undefined;
}

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
        const bad = optionMetaProblem(o);
        if (bad) problems.push(`${where} option ${o.name}: ${bad}`);
        if (o.rest && leaf.options.slice(i + 1).some((p) => p.positional)) problems.push(`${where}: rest option ${o.name} must be the last positional`);
        if (o.verbatim && !o.rest) problems.push(`${where}: option ${o.name} is verbatim but not rest`);
        if (o.whole && (leaf.options.length !== 1 || !o.rest || o.kind !== 'string')) problems.push(`${where}: option ${o.name} is whole but not the leaf's only rest string option`);
        needKey(`cmd.${c.name}.opt.${o.name}`);
      });
    }
    // Every word that names an option (English, localized, short forms) names one option of its leaf.
    problems.push(...optionKeyProblems(c.name, leaves));
  }
  if (problems.length) throw new DefinitionError(`bad command definitions:\n  ${problems.join('\n  ')}`);
}
