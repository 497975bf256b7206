import { TableStatus } from '@tidemark/sync';

const STAGES = ['extract', 'load'] as const;

/**
 * One line per stage whose last run failed, with its whole error and when:
 * the status table cuts errors to fit, and this is what a user acts on.
 */
export function failedStageLines(list: TableStatus[]): string[] {
  const lines: string[] = [];
  for (const { pipeline, table, watermark } of list) {
    for (const stage of STAGES) {
      const state = watermark?.[stage];
      if (state?.status !== 'failed') continue;
      lines.push(`${pipeline} ${table} ${stage} failed at ${state.lastRunAt ?? 'an unknown time'}: ${state.lastError ?? '(no error recorded)'}`);
    }
  }
  return lines;
}

/** Whether any stage's last run failed: `tidemark status` then exits 1. */
export const anyStageFailed = (list: TableStatus[]): boolean => failedStageLines(list).length > 0;
