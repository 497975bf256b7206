// `workers` loops, each starting its next operation when its last one ends,
// for `seconds`; how many finished. An operation that fails stops the run.
export async function closedLoop({ workers, seconds, operation }) {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; performance.now() < until; i++) {
        await operation(worker, i);
        done += 1;
      }
    }),
  );
  return { done, seconds: (performance.now() - started) / 1000 };
}
