import { tallyServiceLogs } from './service-log-tally';

const warn = (message: string) => `[Nest] 25712  - 11/22/2026, 3:08:54 AM    WARN [PipelineScheduler] ${message}`;

describe('tallyServiceLogs', () => {
  it('sorts the failed table runs the services logged by cause', () => {
    const extractor = [
      '[Nest] 25712  - 11/22/2026, 3:08:50 AM     LOG [PipelineScheduler] scale: extract scheduled at "*/3 * * * * *" (UTC)',
      warn('scale db.t01: failed: scale/db.t01 (extract) is leased by vm:25713 until 2026-11-22T03:09:03.000Z'),
      warn('scale db.t02: failed: scale/db.t02 (extract) is leased by vm:25713 until 2026-11-22T03:09:03.000Z'),
      warn('scale db.t03: failed: fencing token 4 for scale/db.t03 (extract) is stale: the current token is 5'),
    ].join('\n');
    const loader = [
      warn('scale db.t04: failed: the watermark service at http://127.0.0.1:1 answered 500: Internal server error'),
      warn('scale db.t05: failed: This operation was aborted'),
      '[Nest] 25714  - 11/22/2026, 3:09:49 AM   ERROR [RunTracker] scale db.t05: load failed on an internal error',
    ].join('\n');
    expect(tallyServiceLogs([extractor, loader])).toEqual({
      leaseConflicts: 2,
      staleTokens: 1,
      stopped: 1,
      internalErrors: 1,
      otherFailures: [warn('scale db.t04: failed: the watermark service at http://127.0.0.1:1 answered 500: Internal server error').trim()],
    });
  });
});
