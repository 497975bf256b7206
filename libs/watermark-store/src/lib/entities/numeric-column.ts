import { ValueTransformer } from 'typeorm';

/** PostgreSQL returns BIGINT as a string; counts stay far below 2^53. */
export const bigintAsNumber: ValueTransformer = {
  to: (v: number) => v,
  from: (v: string | number | null) => (v === null ? null : Number(v)),
};
