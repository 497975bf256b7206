import { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';

/** How long the services keep an idle keep-alive connection open. */
export const KEEP_ALIVE_SECONDS = 65;

/**
 * Node closes an idle keep-alive connection after 5 s. A load balancer or
 * client that reuses it at that moment gets a reset (a 502 behind an AWS ALB,
 * whose idle timeout is 60 s), so the services keep idle connections longer
 * than the proxies in front of them do.
 */
export function keepConnectionsOpenLongerThanProxies(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = KEEP_ALIVE_SECONDS * 1000;
  server.headersTimeout = (KEEP_ALIVE_SECONDS + 1) * 1000;
}
