import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from 'mysql2/promise';
import { TableChanges } from './table-changes';
import { parseWriterPlan, WriterSummary } from './writer-plan';

/** At most this many changes per step, so a writer that fell behind catches up in small statements. */
const STEP = 100;

/**
 * The writer process: changes rows at `rowsPerSecond` until `seconds` pass,
 * `maxRows` changes are made or SIGTERM arrives, then prints a
 * WriterSummary as one JSON line.
 */
async function main(): Promise<void> {
  const plan = parseWriterPlan(process.argv[2]);
  const connection = await createConnection({ ...plan.mysql, charset: 'utf8mb4' });
  let stopping = false;
  process.once('SIGTERM', () => (stopping = true));
  try {
    await connection.query("SET time_zone = '+00:00'");
    const changes = new TableChanges(connection, plan.tables, plan.existingRows);
    const started = Date.now();
    const deadline = started + plan.seconds * 1000;
    let done = 0;
    while (!stopping && done < plan.maxRows && Date.now() < deadline) {
      const due = Math.min(plan.maxRows, Math.floor(((Date.now() - started) / 1000) * plan.rowsPerSecond)) - done;
      if (due <= 0) {
        await sleep(10);
        continue;
      }
      const step = Math.min(due, STEP);
      await changes.apply(step);
      done += step;
    }
    const seconds = (Date.now() - started) / 1000;
    const summary: WriterSummary = {
      inserted: changes.inserted,
      updated: changes.updated,
      seconds,
      rowsPerSecond: Math.round((changes.inserted + changes.updated) / seconds),
    };
    process.stdout.write(JSON.stringify(summary) + '\n');
  } finally {
    await connection.end();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`writer: ${error.message}\n`);
  process.exitCode = 1;
});
