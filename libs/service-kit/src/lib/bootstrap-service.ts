import { INestApplication, Logger, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { bearerTokenMiddleware } from './bearer-token.middleware';
import { TidemarkErrorFilter } from './tidemark-error.filter';

export interface ServiceOptions {
  /** Title of the OpenAPI document served at /docs; none: no /docs. */
  openApiTitle?: string;
  /** Largest accepted JSON body. */
  bodyLimit?: string;
  logger?: false;
  /** When set, every route but /health requires this bearer token. */
  bearerToken?: string;
}

/**
 * A service app with the same pipes, filters and limits whether it is
 * started for real or by a test: bodies validated and stripped of unknown
 * fields, TidemarkErrors mapped to statuses, JSON bodies size-limited.
 */
export async function createServiceApp(module: Type<unknown>, options: ServiceOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  if (options.bearerToken) app.use(bearerTokenMiddleware(options.bearerToken));
  app.useBodyParser('json', { limit: options.bodyLimit ?? '10mb' });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new TidemarkErrorFilter());
  app.enableShutdownHooks();
  if (options.openApiTitle) {
    const config = new DocumentBuilder().setTitle(options.openApiTitle).addBearerAuth().build();
    SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
  }
  return app;
}

export async function bootstrapService(
  name: string,
  module: Type<unknown>,
  defaultPort: number,
  options: ServiceOptions = {},
): Promise<void> {
  const app = await createServiceApp(module, options);
  const port = Number(process.env.PORT ?? defaultPort);
  const host = process.env.HOST ?? '127.0.0.1';
  await app.listen(port, host);
  Logger.log(`${name} listening on http://${host}:${port}`);
}
