import { ConfigFile } from './config-file';
import { ContinuousSection, PipelineFile } from './config-schema';
import { ContinuousSettings } from './tidemark-config';

/** How often a continuous pipeline counts its waiting rows unless told. */
export const DEFAULT_PROBE_SECONDS = 1;

/**
 * What the field checks cannot see in `continuous`: a pipeline runs either
 * on a cron or continuously, and the probe settings must make sense together.
 */
export function reportContinuousClashes(file: ConfigFile, p: Pick<PipelineFile, 'continuous' | 'schedule'>): void {
  const c = p.continuous;
  if (!c) return;
  if (p.schedule?.extract || p.schedule?.load) {
    file.report(
      ['continuous'],
      'is set together with schedule: the services run a pipeline either on its cron schedule or continuously; remove one of them',
    );
  }
  if (c.probeSeconds === undefined) return;
  if (c.maxBufferedRows === undefined) {
    file.report(
      ['continuous', 'probeSeconds'],
      'needs maxBufferedRows: without it nothing is probed (batches run every intervalSeconds)',
    );
  } else if (c.probeSeconds > c.intervalSeconds) {
    file.report(
      ['continuous', 'probeSeconds'],
      `${c.probeSeconds} is longer than intervalSeconds (${c.intervalSeconds}): a probe would never come before the next batch`,
    );
  }
}

export function continuousSettings(c: ContinuousSection): ContinuousSettings {
  return {
    intervalSeconds: c.intervalSeconds,
    maxBufferedRows: c.maxBufferedRows,
    probeSeconds: c.probeSeconds ?? DEFAULT_PROBE_SECONDS,
  };
}
