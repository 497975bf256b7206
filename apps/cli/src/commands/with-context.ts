import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '@tidemark/config';
import { EmbeddedContext } from '@tidemark/sync';

interface GlobalFlags {
  config: string;
  service?: string;
}

/**
 * Opens the context from `--config`, runs `work`, always closes it.
 * `--service URL` sends every watermark operation to a running watermark
 * service instead of the store named in the config.
 */
export async function withContext<T>(command: Command, work: (ctx: EmbeddedContext) => Promise<T>): Promise<T> {
  const flags = command.optsWithGlobals<GlobalFlags>();
  const config = loadConfig(flags.config);
  if (flags.service) config.watermarkService = { url: flags.service, token: process.env['TIDEMARK_API_TOKEN'] ?? '' };
  const ctx = new EmbeddedContext(config);
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

/** Who the history names for changes made from this command line. */
export function cliActor(): string {
  return `cli:${process.env['USER'] ?? 'unknown'}`;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return n;
}

export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}
