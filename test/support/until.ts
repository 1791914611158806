/**
 * Polls `check` every 100 ms until it holds, for end-to-end tests that wait on a bot running on
 * its own timers; fails after `timeoutMs` naming what it waited for (and `state()`, when given).
 * Both may be async, since reading the database is.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  state?: () => string | Promise<string>,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${state ? ` ${await state()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
