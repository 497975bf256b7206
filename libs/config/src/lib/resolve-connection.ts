import { SourceZone } from '@tidemark/cdc';
import { ConfigFile } from './config-file';
import { ConnectionFile } from './config-schema';
import { resolveBastion } from './resolve-bastion';
import { ConnectionSettings } from './system-settings';
import { hasProblemAt, Validated } from './validate-section';

/** `connections/<name>.yml` as connection options; undefined when it has a problem. */
export function resolveConnection(
  name: string,
  file: ConfigFile,
  checked: Validated<ConnectionFile>,
  base: string,
): ConnectionSettings | undefined {
  const { ssh, ...c } = checked.value;
  const before = file.problemCount;
  if (c.timezone && !hasProblemAt(checked, ['timezone'])) {
    try {
      SourceZone.parse(c.timezone);
    } catch (error) {
      file.report(['timezone'], (error as Error).message);
    }
  }
  const bastion = ssh && !hasProblemAt(checked, ['ssh']) ? resolveBastion(ssh, base, file, ['ssh']) : undefined;
  if (checked.faulty.size || file.problemCount > before) return undefined;
  return { name, ...c, ssh: bastion };
}
