import { Logger } from 'pino';

/**
 * Node prints process warnings (deprecations, a library's notice about the
 * Node version) as plain text on stderr; a service logs them as JSON lines
 * like everything else, so a log shipper never meets a line it cannot parse.
 */
export function logProcessWarnings(logger: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) =>
    logger.warn({ warning: { name: warning.name, code: (warning as { code?: string }).code } }, warning.message),
  );
}
