import { createRequire } from 'node:module';

type HolidaysCtor = new (country?: string) => {
  getCountries(lang?: string): Record<string, string>;
};

let ctor: HolidaysCtor | undefined;

/** date-holidays, loaded on first use (its data is large and most commands never need it). */
export function holidaysLib(): HolidaysCtor {
  if (!ctor) {
    const require = createRequire(import.meta.url);
    const mod = require('date-holidays') as HolidaysCtor | { default: HolidaysCtor };
    ctor = typeof mod === 'function' ? mod : mod.default;
  }
  return ctor;
}

/** The country codes date-holidays knows, upper case (US, CN, TW, …) with their names. */
export function holidayCountries(): Record<string, string> {
  return new (holidaysLib())().getCountries('en');
}
