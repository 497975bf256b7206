import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './checkout';

/** The apps the jest global setup (tools/testing/global-setup.js) builds once, comma-separated. */
export const BUILT_APPS_ENV = 'TIDEMARK_TEST_BUILT_APPS';

/**
 * Makes sure `dist/apps/<app>/main.js` is built for each app. Those the
 * global setup built are not built again: an Nx cache hit rewrites dist/,
 * and a process another suite starts from it at that moment could read a
 * half-written bundle.
 */
export function buildApps(...apps: string[]): void {
  const built = new Set((process.env[BUILT_APPS_ENV] ?? '').split(',').filter(Boolean));
  const missing = apps.filter((app) => !built.has(app));
  if (missing.length === 0) return;
  try {
    execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...missing, '--outputStyle=static'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`nx build ${missing.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
