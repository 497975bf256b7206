/** Runs `work` on every item, at most `limit` at once, and gives the results in the items' order. */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  // Loaded on the first run, not at start: requiring rxjs cost ~0.15 s of every command.
  const { from, lastValueFrom, mergeMap, toArray } = await import('rxjs');
  const done = await lastValueFrom(
    from(items.map((item, index) => ({ item, index }))).pipe(
      mergeMap(async ({ item, index }) => ({ index, result: await work(item) }), Math.max(1, limit)),
      toArray(),
    ),
  );
  return done.sort((a, b) => a.index - b.index).map((d) => d.result);
}
