import { INestApplicationContext } from '@nestjs/common';
import { isTidemarkError } from '@tidemark/errors';
import { SourceConnections, TableJobs } from '@tidemark/sync';
import { Manifest } from '@tidemark/watermark-model';

/**
 * The primary key of a table as MySQL has it now, for checking key values
 * before anything is stored. Null when the key cannot be known here: the
 * pipeline is not configured, or the table is not (yet) in MySQL; the store
 * still checks against the table's newest manifest then.
 */
export async function sourceKeyOf(
  app: INestApplicationContext,
  pipeline: string,
  table: string,
): Promise<Pick<Manifest, 'primaryKey' | 'columns'> | null> {
  try {
    const { target } = app.get(TableJobs).job(pipeline, table);
    const source = await app.get(SourceConnections).source(target.connection);
    const described = await source.describeTable(target.sourceSchema, target.sourceTable);
    return { primaryKey: described.primaryKey.map((c) => c.name), columns: described.columns };
  } catch (error) {
    if (isTidemarkError(error) && ['BAD_INPUT', 'NOT_FOUND', 'CONFIG'].includes(error.code)) return null;
    throw error;
  }
}
