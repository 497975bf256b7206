import { ObjectLiteral } from 'typeorm';
import { KeyedRows } from './keyed-rows';

/** How a statement's input `I` gives the value of one placeholder. */
export type Value<I> = (input: I) => unknown;
/** The values of one table's row in a statement's input `I`, as entity properties. */
export type Part<I, T> = (input: I) => Partial<T>;

/**
 * The placeholders `$1, $2 …` of a PostgreSQL statement built once, in the
 * order they are bound, each with how a call's input gives its value
 * (converted as the table's repository converts it). Values are only ever
 * bound, never written into the SQL.
 */
export class Placeholders<I> {
  readonly values: Value<I>[] = [];

  /** A placeholder for any value of the input. */
  value(get: Value<I>): string {
    this.values.push(get);
    return `$${this.values.length}`;
  }

  /** A placeholder for `property` of the `rows` values that `part` picks from the input. */
  bind<T extends ObjectLiteral>(rows: KeyedRows<T>, part: Part<I, T>, property: string): string {
    return this.value((input) => rows.persist(part(input), property));
  }

  /** `a = $1 AND b = $2 …` (or with `separator`) over `properties`. */
  equal<T extends ObjectLiteral>(
    rows: KeyedRows<T>,
    part: Part<I, T>,
    properties: string[],
    separator = ' AND ',
  ): string {
    return properties.map((p) => `${rows.name(p)} = ${this.bind(rows, part, p)}`).join(separator);
  }

  /** `$1, $2 …` over `properties`. */
  list<T extends ObjectLiteral>(rows: KeyedRows<T>, part: Part<I, T>, properties: string[]): string {
    return properties.map((p) => this.bind(rows, part, p)).join(', ');
  }

  /** The values of `input`, in placeholder order. */
  of(input: I): unknown[] {
    return this.values.map((value) => value(input));
  }
}
