import { describe, expect, it } from 'vitest';
import { Refusal, integer, map, optional, refuse, text, withDefault } from '../../src/core/option-checks.js';

// The values these checks accept and give are those of the zod schemas they replaced
// (z.string().trim().max(n), z.coerce.number().int().min().max(), .optional(), .default(),
// .transform with a custom issue); the cases below were compared with zod 4 when they replaced it.
describe('option value checks', () => {
  it('text: a string, trimmed unless asked not to, refused over max (after trimming)', () => {
    expect(text().parse('  UTC ')).toBe('UTC');
    expect(text({ trim: false }).parse(' a ')).toBe(' a ');
    expect(text().parse('')).toBe('');
    expect(text({ max: 5 }).parse(' abcde ')).toBe('abcde');
    expect(text({ max: 5 }).parse('abcdef')).toEqual(new Refusal());
    for (const bad of [undefined, null, 3, true, {}, []]) expect(text().parse(bad)).toBeInstanceOf(Refusal);
  });

  it('integer: Number() of the value, a safe whole number within bounds; every refusal with its message', () => {
    const page = integer({ min: 1, max: 100_000, message: 'errors.track.badPage' });
    expect(page.parse('3')).toBe(3);
    expect(page.parse(' 3 ')).toBe(3);
    expect(page.parse('1e3')).toBe(1000);
    expect(page.parse('0x10')).toBe(16);
    expect(page.parse(7)).toBe(7);
    for (const bad of ['0', '', '-1', '1.5', '100001', 'x', NaN, Infinity, null, {}]) expect(page.parse(bad)).toEqual(new Refusal('errors.track.badPage'));
    expect(integer().parse('')).toBe(0);
    expect(integer().parse(2 ** 60)).toEqual(new Refusal());
  });

  it('optional, withDefault and map', () => {
    expect(optional(text()).parse(undefined)).toBeUndefined();
    expect(optional(text()).parse(null)).toBeInstanceOf(Refusal);
    expect(withDefault(text(), 'show').parse(undefined)).toBe('show');
    const walk = optional(map(text(), (v) => (v.toLowerCase() === 'walk' ? 'walk' : refuse('errors.badGuideMode'))));
    expect(walk.parse(' Walk ')).toBe('walk');
    expect(walk.parse('run')).toEqual(new Refusal('errors.badGuideMode'));
    expect(walk.parse(3)).toEqual(new Refusal());
    expect(walk.optional).toBe(true);
    expect(map(text(), (v) => v).optional).toBe(false);
  });
});
