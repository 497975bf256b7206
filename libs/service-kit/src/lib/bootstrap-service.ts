import { Logger, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TidemarkErrorFilter } from './tidemark-error.filter';

/** Starts a service with validation on every request body and clean SIGTERM handling. */
export async function bootstrapService(name: string, module: Type<unknown>, defaultPort: number): Promise<void> {
  const app = await NestFactory.create(module);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new TidemarkErrorFilter());
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? defaultPort);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  Logger.log(`${name} listening on http://${process.env.HOST ?? '127.0.0.1'}:${port}`);
}
