import { shiftSeconds } from '@tidemark/watermark-model';

const MICROS_PER_SECOND = 1_000_000;

/** Fractional digits a DATETIME/TIMESTAMP column keeps (0–6); unknown counts as 6. */
export function precisionOf(scale: number | null | undefined): number {
  return scale === null || scale === undefined || scale < 0 || scale > 6 ? 6 : scale;
}

/** A canonical timestamp cut (never rounded) to `precision` fractional digits. */
export function truncateToPrecision(canonical: string, precision: number): string {
  const [whole, micros] = canonical.split('.');
  return `${whole}.${micros.slice(0, precision).padEnd(6, '0')}`;
}

/** The value one step of the column's precision before `canonical` (already truncated). */
export function oneTickBefore(canonical: string, precision: number): string {
  return addMicros(canonical, -(10 ** (6 - precision)));
}

/** The value one step of the column's precision after `canonical` (already truncated). */
export function oneTickAfter(canonical: string, precision: number): string {
  return addMicros(canonical, 10 ** (6 - precision));
}

/** Adds less than a second of microseconds, carrying into the seconds. */
function addMicros(canonical: string, delta: number): string {
  const [whole, digits] = canonical.split('.');
  const micros = Number(digits) + delta;
  const carry = Math.floor(micros / MICROS_PER_SECOND);
  const [seconds] = (carry === 0 ? canonical : shiftSeconds(`${whole}.000000`, carry)).split('.');
  return `${seconds}.${String(micros - carry * MICROS_PER_SECOND).padStart(6, '0')}`;
}
