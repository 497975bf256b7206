// One extract run of a binlog table in a process of its own, so a spec can kill it with SIGKILL
// (TIDEMARK_FAULT_POINT) at a chosen point. Arguments come from the environment.
import { LocalDirectoryStore } from '@tidemark/object-store';
import { MysqlSource } from '@tidemark/source';
import { openWatermarkDataSource, WatermarkStore } from '@tidemark/watermark-store';
import { join } from 'node:path';
import { TableExtractor } from '../lib/table-extractor';
import { binlogRequest, BinlogWorld } from './binlog-world.fixture';

async function main(): Promise<void> {
  const env = (name: string) => process.env[name] ?? '';
  const dir = env('BX_DIR');
  const source = await MysqlSource.connect({
    name: 'binlog',
    host: '127.0.0.1',
    port: Number(env('BX_PORT')),
    user: 'root',
  });
  const dataSource = await openWatermarkDataSource({ type: 'sqlite', path: BinlogWorld.storePath(dir) });
  const extractor = new TableExtractor({
    source,
    store: new LocalDirectoryStore(BinlogWorld.objectsPath(dir)),
    watermarks: new WatermarkStore(dataSource),
    settings: {
      targetFileBytes: Number(env('BX_TARGET_BYTES')),
      rowGroupRows: 1000,
      workDirectory: join(dir, 'work-child'),
    },
    holder: `binlog-spec:${process.pid}`,
  });
  await extractor.run(binlogRequest(env('BX_TABLE')));
  await source.close();
  await dataSource.destroy();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
