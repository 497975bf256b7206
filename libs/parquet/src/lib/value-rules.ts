import { ColumnSchema } from '@tidemark/watermark-model';
import { booleanValue, textValue } from './source-value';
import { limitText, TextLimits } from './text-limits';
import { UnstorableTextRule } from './unstorable-text';
import { BooleanValueRule } from './boolean-values';

/**
 * What a table's rules make of one value as mysql2 returns it: text cleaned
 * of what the warehouse cannot store and cut to its limit, booleans checked.
 * Both writers use it, so a value means the same whichever path wrote it.
 */
export class ValueRules {
  constructor(
    private readonly columns: ColumnSchema[],
    private readonly limits?: TextLimits,
    private readonly unstorable?: UnstorableTextRule,
    private readonly booleans?: BooleanValueRule,
  ) {}

  /** Column `i`'s text for the file, or null (a zero date). `row` names the row in errors. */
  text(i: number, value: unknown, row: unknown[]): string | null {
    let text = textValue(this.columns[i], value);
    if (text !== null && this.unstorable) text = this.unstorable.clean(i, text, row);
    if (text !== null && this.limits) text = limitText(this.limits, this.columns[i], i, text, row);
    return text;
  }

  boolean(i: number, value: unknown, row: unknown[]): boolean | null {
    return this.booleans ? this.booleans.value(this.columns[i], value, row) : booleanValue(value);
  }

  /** The most UTF-8 bytes column `i` may hold, or null. */
  byteLimit(i: number): number | null {
    return this.limits?.bytes[i] ?? null;
  }
}
