/**
 * The row `lock` locks (SELECT … FOR UPDATE), created first when there is
 * none. A missing row cannot be locked, so callers asking at once would all
 * see none: `create` must insert-or-ignore, and whichever row is then there
 * is locked. `created`: there was none when asked (a concurrent caller may
 * have inserted the row this one now locks).
 */
export async function lockOrCreate<T>(
  lock: () => Promise<T | null>,
  create: () => Promise<unknown>,
): Promise<{ row: T; created: boolean }> {
  const row = await lock();
  if (row !== null) return { row, created: false };
  await create();
  return { row: (await lock()) as T, created: true };
}
