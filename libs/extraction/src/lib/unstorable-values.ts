import { KeysetTable } from '@tidemark/cdc';
import { BooleanValueRule, describeRowByKey, TextLimits, UnstorableTextRule } from '@tidemark/parquet';
import { ExtractRequest } from './extract-request';

/** Names a row of the table by its key values (`id=42, region=eu`) in an error. */
export function describeKeysetRow(keyset: KeysetTable): (row: unknown[]) => string {
  return describeRowByKey(
    keyset.columns,
    keyset.keyColumns.map((k) => k.name),
  );
}

/** The table's rule for text the warehouse cannot store (NUL); `fail` unless configured. */
export function unstorableTextRule(req: ExtractRequest, keyset: KeysetTable): UnstorableTextRule {
  return new UnstorableTextRule(
    { mode: req.unstorableText ?? 'fail', table: req.tableKey, describeRow: describeKeysetRow(keyset) },
    keyset.columns,
  );
}

/** The table's rule for BOOLEAN TINYINT(1) values other than 0/1; `fail` unless configured. */
export function booleanValueRule(req: ExtractRequest, keyset: KeysetTable): BooleanValueRule {
  return new BooleanValueRule({ mode: req.nonBooleanValues ?? 'fail', table: req.tableKey, describeRow: describeKeysetRow(keyset) });
}

/** The writer's per-column byte limits, naming a row by its key values. */
export function textLimits(req: ExtractRequest, keyset: KeysetTable): TextLimits | undefined {
  const rule = req.textLimit;
  if (!rule) return undefined;
  return {
    bytes: keyset.columns.map((c) => rule.bytesOf(c)),
    mode: rule.mode,
    table: req.tableKey,
    describeRow: describeKeysetRow(keyset),
  };
}
