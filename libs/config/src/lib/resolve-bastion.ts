import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeyPath } from './config-problem';
import { ConfigFile } from './config-file';
import { SshSection } from './config-schema';
import { BastionSettings } from './system-settings';

/** An `ssh:` section as tunnel options: key paths resolved from `base`, known_hosts read. */
export function resolveBastion(
  ssh: SshSection,
  base: string,
  file: ConfigFile,
  path: KeyPath,
): BastionSettings | undefined {
  const before = file.problemCount;
  const { knownHostsPath, privateKeyPath, ...rest } = ssh;
  if (!ssh.privateKey && !privateKeyPath) file.report(path, 'give privateKeyPath or privateKey');
  if (!knownHostsPath && !ssh.hostKeyFingerprint && !ssh.insecureSkipHostKeyCheck) {
    file.report(path, "give knownHostsPath or hostKeyFingerprint, so the bastion's host key can be checked");
  }
  let knownHosts: string | undefined;
  if (knownHostsPath) {
    const full = resolve(base, knownHostsPath);
    try {
      knownHosts = readFileSync(full, 'utf8');
    } catch (error) {
      file.report([...path, 'knownHostsPath'], `cannot read ${full}: ${(error as Error).message}`);
    }
  }
  if (file.problemCount > before) return undefined;
  return { ...rest, knownHosts, privateKeyPath: privateKeyPath && resolve(base, privateKeyPath) };
}
