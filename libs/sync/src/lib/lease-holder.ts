import { hostname } from 'node:os';

/** Who holds a lease: host and process, so an operator can find it. */
export function leaseHolderName(): string {
  return `${hostname()}:${process.pid}`;
}
