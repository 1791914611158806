/**
 * Polls `check` every 100 ms until it holds, for end-to-end tests that wait on a bot running on
 * its own timers; fails after `timeoutMs` naming what it waited for (and `state()`, when given).
 */
export async function until(
  check: () => boolean,
  timeoutMs: number,
  what: string,
  state?: () => string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${state ? ` ${state()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
