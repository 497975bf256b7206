/** What the extractor and loader services logged about their scheduled table runs. */
export interface LogTally {
  /** A table skipped because another process held its lease: the lease doing its job. */
  leaseConflicts: number;
  /** A commit refused for a stale fencing token: a holder lost its lease while working. */
  staleTokens: number;
  /** Runs cut short by a SIGTERM (the file in progress dropped, nothing committed). */
  stopped: number;
  /** Bugs: the services log these with a stack. */
  internalErrors: number;
  /** Any other failed table run, as logged. */
  otherFailures: string[];
}

const FAILED = /: failed: /;
const LEASE_CONFLICT = /is leased by /;
const STALE_TOKEN = /fencing token \d+ .* is stale|must carry its fencing token/;
const STOPPED = /This operation was aborted|the run was stopped/;
const INTERNAL = /failed on an internal error/;

/** Sorts the failure lines of the services' logs (`<pipeline> <table>: failed: <error>`, from the cron runs). */
export function tallyServiceLogs(logs: string[]): LogTally {
  const tally: LogTally = { leaseConflicts: 0, staleTokens: 0, stopped: 0, internalErrors: 0, otherFailures: [] };
  for (const line of logs.flatMap((log) => log.split('\n'))) {
    if (INTERNAL.test(line)) tally.internalErrors++;
    else if (!FAILED.test(line)) continue;
    else if (LEASE_CONFLICT.test(line)) tally.leaseConflicts++;
    else if (STALE_TOKEN.test(line)) tally.staleTokens++;
    else if (STOPPED.test(line)) tally.stopped++;
    else tally.otherFailures.push(line.trim());
  }
  return tally;
}
