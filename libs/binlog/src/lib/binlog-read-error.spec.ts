import { TidemarkError } from '@tidemark/errors';
import { binlogReadError } from './retained-binlog';

// The server's own words (MariaDB 10.11) for a start it cannot serve; the
// pre-check in streamBinlog normally answers first, these cover a purge that
// lands between the check and the dump request.
const from = { file: 'binlog.000003', pos: 345 };

describe('binlogReadError', () => {
  it('reads error 1236 "could not find first log file" as purged, with how to re-snapshot', () => {
    const error = binlogReadError('db', from, { errno: 1236, message: 'Could not find first log file name in binary log index file' });
    expect(error).toBeInstanceOf(TidemarkError);
    expect(error.message).toMatch(/^db no longer has the binlog at binlog.000003:345 \(Could not find first log file.*\); .*take a new snapshot/);
  });

  it('unwraps the error that reached no listener inside zongji', () => {
    const server = Object.assign(new Error('Could not find first log file name in binary log index file'), { errno: 1236 });
    const wrapped = Object.assign(new Error('Unhandled error.'), { code: 'ERR_UNHANDLED_ERROR', context: server });
    expect(binlogReadError('db', from, wrapped).message).toMatch(/^db no longer has the binlog at/);
  });

  it('names the server for any other failure (a lost connection), keeping the cause', () => {
    const other = new Error('Connection lost: The server closed the connection.');
    const error = binlogReadError('db', from, other);
    expect(error).toMatchObject({ code: 'SOURCE_UNREACHABLE', message: 'lost the binlog stream from db: Connection lost: The server closed the connection.' });
    expect(error.cause).toBe(other);
  });
});
