import { describe, expect, it } from 'vitest';
import { defineLeaf, option } from '../../src/core/types.js';
import { text, withDefault } from '../../src/core/option-checks.js';
import { validateOptions } from '../../src/core/parse-options.js';
import { UserError } from '../../src/core/errors.js';

describe('options declared once', () => {
  const leaf = defineLeaf({
    options: {
      id: option.string({ positional: true, required: true }),
      zone: option.string({}, text()),
      page: option.integer({}),
      mode: option.string({}, withDefault(text({ trim: false }), 'show')),
      note: option.string({ positional: true, rest: true }),
    },
    visibility: 'ephemeral',
    run: (_ctx, o) => {
      // The handler's values are inferred from the declarations (checked by the type checker).
      const zone: string = o.zone;
      const page: number | undefined = o.page;
      const mode: string = o.mode;
      // @ts-expect-error an option nobody declared
      void o.nope;
      return { blocks: [{ type: 'paragraph', text: `${o.id ?? '-'} ${zone} ${page ?? '-'} ${mode} ${o.note ?? '-'}` }] };
    },
  });

  it('keeps the declared order and names each option by its key', () => {
    expect(leaf.options.map((o) => [o.name, o.kind])).toEqual([
      ['id', 'string'],
      ['zone', 'string'],
      ['page', 'integer'],
      ['mode', 'string'],
      ['note', 'string'],
    ]);
  });

  it('calls an option required when it has no default and is not optional, or is declared needed', () => {
    expect(Object.fromEntries(leaf.options.map((o) => [o.name, o.required]))).toEqual({ id: true, zone: true, page: false, mode: false, note: false });
  });

  it('validates raw values with the declared checks and hands the handler the parsed ones', async () => {
    const { run } = validateOptions(leaf, { zone: '  UTC ', page: '3' });
    const r = await run({} as never);
    expect(r.blocks[0]).toEqual({ type: 'paragraph', text: '- UTC 3 show -' });
    expect(() => validateOptions(leaf, { page: '3' })).toThrow(UserError);
    expect(() => validateOptions(leaf, { zone: 'UTC', other: 'x' })).toThrow(UserError);
  });
});
