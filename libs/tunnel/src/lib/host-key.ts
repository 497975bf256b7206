import { createHash, createHmac } from 'node:crypto';

/**
 * How the bastion's host key is checked: knownHosts or hostKeyFingerprint is
 * required unless insecureSkipHostKeyCheck is true; a key matching either is trusted.
 */
export interface HostKeyPolicy {
  /** Contents of a known_hosts file, or one entry line "host keytype base64key" (hashed |1| names work). */
  knownHosts?: string;
  /** "SHA256:base64..." as printed by `ssh-keygen -lf`. */
  hostKeyFingerprint?: string;
  insecureSkipHostKeyCheck?: boolean;
}

/** `SHA256:<base64, no padding>` of a public key blob, as `ssh-keygen -lf` prints it. */
export function sha256Fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The name known_hosts uses: `host` on port 22, `[host]:port` elsewhere. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** True if `keyBlob` (the key the server presented) is trusted for host:port under `policy`. */
export function trustsHostKey(policy: HostKeyPolicy, host: string, port: number, keyBlob: Buffer): boolean {
  if (policy.insecureSkipHostKeyCheck) return true;
  const fingerprint = policy.hostKeyFingerprint;
  if (fingerprint && normalizeFingerprint(fingerprint) === normalizeFingerprint(sha256Fingerprint(keyBlob))) return true;
  return !!policy.knownHosts && isKnownHost(policy.knownHosts, knownHostsName(host, port), keyBlob);
}

/**
 * Is `keyBlob` listed for `name` in known_hosts `contents`? Understands
 * comma-separated names, `*`/`?`/`!` patterns and hashed `|1|salt|hash`
 * names. `@cert-authority` lines are ignored (certificates are not
 * supported); a matching `@revoked` line refuses the key.
 */
export function isKnownHost(contents: string, name: string, keyBlob: Buffer): boolean {
  let trusted = false;
  for (const line of contents.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) continue;
    const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
    const [names, , key] = fields;
    if ((marker && marker !== '@revoked') || !key || !Buffer.from(key, 'base64').equals(keyBlob)) continue;
    if (!namesMatch(names, name.toLowerCase())) continue;
    if (marker === '@revoked') return false;
    trusted = true;
  }
  return trusted;
}

function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.trim().replace(/^SHA256:/i, '').replace(/=+$/, '');
}

function namesMatch(names: string, name: string): boolean {
  if (names.startsWith('|1|')) {
    const [, , salt, hash] = names.split('|');
    return !!salt && createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of names.toLowerCase().split(',')) {
    const negated = pattern.startsWith('!');
    if (!globMatch(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function globMatch(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}
