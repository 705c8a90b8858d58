/** What within() gives when the work did not settle in time. */
export const TIMEOUT = Symbol('timeout');

/**
 * The value of work if it settles within ms, else TIMEOUT (the work goes on; a rejection within
 * ms rejects). The adapters answer inside a platform's window this way: Slack's 3-second ack,
 * Discord's first response and its autocomplete.
 */
export function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(TIMEOUT), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err as Error);
      },
    );
  });
}
