import { describeCursor } from '@tidemark/watermark-model';
import { DifferenceKind, RowDifference } from './row-difference';
import { TableVerification, VerifyResult } from './verification';

/** Keys listed per kind in the human output; --json lists them all. */
export const KEYS_SHOWN = 20;

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;
const keyText = (d: RowDifference) => `(${d.key.join(', ')})${d.columns ? `: ${d.columns.join(', ')}` : ''}`;

const HEADINGS: Record<DifferenceKind, string> = {
  missing: 'missing (in the source, not in the warehouse)',
  extra: 'extra (in the warehouse, not in the source)',
  different: 'different',
};

function listKeys(heading: string, list: RowDifference[], describe = keyText): string[] {
  if (list.length === 0) return [];
  const more =
    list.length > KEYS_SHOWN ? [`    … and ${count(list.length - KEYS_SHOWN)} more (--json lists them all)`] : [];
  return [
    `  ${heading}: ${count(list.length)}`,
    ...list.slice(0, KEYS_SHOWN).map((d) => `    ${describe(d)}`),
    ...more,
  ];
}

function describeComparison(v: TableVerification, label: string): string[] {
  const work = `${plural(v.rangesCompared, 'range')} compared, ${plural(v.levels, 'level')}, ${plural(v.rowsCompared, 'row')} read one by one, ${v.seconds.toFixed(1)} s`;
  const rows =
    v.sourceRows === v.warehouseRows
      ? plural(v.sourceRows, 'row')
      : `${count(v.sourceRows)} source rows, ${count(v.warehouseRows)} warehouse rows`;
  const verdict = v.equal ? 'equal' : `${plural(v.differences.length, 'differing row')}`;
  const lines = [`${label}: ${verdict} (${rows}; ${work})`];
  for (const kind of ['missing', 'extra', 'different'] as DifferenceKind[]) {
    lines.push(
      ...listKeys(
        HEADINGS[kind],
        v.differences.filter((d) => d.kind === kind),
      ),
    );
  }
  const through = v.loadedThrough ? describeCursor(v.loadedThrough) : '';
  lines.push(
    ...listKeys(
      `not yet synced (newer than the last load, ${through}; the next sync carries them)`,
      v.notYetSynced,
      (d) => `${keyText(d)} (${d.kind})`,
    ),
  );
  return lines;
}

/** The human report of one table; exit codes and JSON are the command's. */
export function describeVerification(r: VerifyResult): string {
  const lines = describeComparison(r, `${r.table} → ${r.target}`);
  if (r.fix) {
    lines.push(
      `  fixed in one warehouse transaction: ${plural(r.fix.deletedRows, 'row')} deleted, ${count(r.fix.insertedRows)} inserted`,
    );
    lines.push(...describeComparison(r.fix.after, '  verified again').map((l, i) => (i === 0 ? l : `  ${l}`)));
  }
  return lines.join('\n');
}
