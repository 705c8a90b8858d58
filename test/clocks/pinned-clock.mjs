/* global process */
// Preloaded by `npm run test:clocks` into every Node process of a test run (NODE_OPTIONS=--import):
// the wall clock reads SELLERDESK_PIN_NOW at the moment SELLERDESK_PIN_AT (a real epoch ms, the same
// for every process of the run) and runs on from there at real speed. `Date.now()` and `new Date()`
// (and subclasses such as TZDate) see it; timers and performance.now() are untouched. A test that
// still depends on the wall clock, the weekday or the hour shows itself by failing under it.
const pinned = Date.parse(process.env.SELLERDESK_PIN_NOW ?? '');
const at = Number(process.env.SELLERDESK_PIN_AT ?? Date.now());
if (!Number.isNaN(pinned)) {
  const RealDate = Date;
  const offset = pinned - at;
  const now = () => RealDate.now() + offset;
  function PinnedDate(...args) {
    if (new.target === undefined) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length ? args : [now()], new.target);
  }
  Object.setPrototypeOf(PinnedDate, RealDate);
  PinnedDate.prototype = RealDate.prototype;
  PinnedDate.now = now;
  globalThis.Date = PinnedDate;
}
