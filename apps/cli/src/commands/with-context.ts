import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '@tidemark/config';
import { EmbeddedContext } from '@tidemark/sync';

/** Opens the embedded context from `--config`, runs `work`, always closes it. */
export async function withContext<T>(command: Command, work: (ctx: EmbeddedContext) => Promise<T>): Promise<T> {
  const { config } = command.optsWithGlobals<{ config: string }>();
  const ctx = new EmbeddedContext(loadConfig(config));
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return n;
}
