import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const CLI_MAIN = join(ROOT, 'dist/apps/cli/main.js');
