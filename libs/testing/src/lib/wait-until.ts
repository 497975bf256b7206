/**
 * Polls `check` every `intervalMs` until it returns true or `timeoutMs` has
 * passed; returns whether it came true. The caller asserts on the state it
 * waited for, so a timeout fails with that assertion's own message.
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return check();
}
