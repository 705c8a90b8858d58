/** What within() gives when the work did not settle in time. */
export const TIMEOUT = Symbol('timeout');

/**
 * The value of work if it settles within ms, else TIMEOUT (the work goes on; a rejection within
 * ms rejects). The adapters answer inside a platform's window this way: Slack's 3-second ack,
 * Discord's first response and its autocomplete.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof TIMEOUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMEOUT), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
