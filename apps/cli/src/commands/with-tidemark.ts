import { INestApplicationContext } from '@nestjs/common';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '@tidemark/config';
import { SyncModule, WatermarkConnection } from '@tidemark/sync';
import { WatermarkApi } from '@tidemark/watermark-model';

interface GlobalFlags {
  config: string;
  service?: string;
}

/**
 * Composes SyncModule over the config of `--config`, runs `work` with it
 * and always closes it (which closes every connection `work` opened).
 * `--service URL` sends every watermark operation to a running watermark
 * service instead of the store named in the config.
 */
export async function withTidemark<T>(
  command: Command,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const flags = command.optsWithGlobals<GlobalFlags>();
  const config = loadConfig(flags.config);
  if (flags.service) config.watermarkService = { url: flags.service, token: process.env['TIDEMARK_API_TOKEN'] ?? '' };
  // Loaded here, not at start: Nest's core costs every command that needs no connection (init, config check).
  const { NestFactory } = await import('@nestjs/core');
  const app = await NestFactory.createApplicationContext(SyncModule.forConfig(config), {
    logger: false,
    abortOnError: false,
  });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** `withTidemark` for commands that only read or change watermarks. */
export function withWatermarks<T>(command: Command, work: (api: WatermarkApi) => Promise<T>): Promise<T> {
  return withTidemark(command, async (app) => work(await app.get(WatermarkConnection).api()));
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
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return n;
}
