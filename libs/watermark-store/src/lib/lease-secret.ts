import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes: far beyond guessing, and the store never holds the secret itself. */
const SECRET_BYTES = 32;

export const hashLeaseSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** A new lease secret for its holder, and the hash the store keeps of it. */
export function newLeaseSecret(): { secret: string; hash: string } {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { secret, hash: hashLeaseSecret(secret) };
}

/** Whether `given` is the secret behind `hash`, compared in constant time. */
export function leaseSecretMatches(given: unknown, hash: string | null): boolean {
  if (typeof given !== 'string' || given === '' || hash === null) return false;
  return timingSafeEqual(Buffer.from(hashLeaseSecret(given), 'hex'), Buffer.from(hash, 'hex'));
}
