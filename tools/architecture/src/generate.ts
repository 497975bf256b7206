// `npm run docs:architecture`: rewrites the layers section of docs/architecture.md from the Nx project graph.
// With --check it writes nothing and fails when the section is out of date.
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { ARCHITECTURE_DOC, architectureDoc } from './architecture-doc';
import { FIX_COMMAND } from './layer-diagram';

const check = process.argv.includes('--check');

architectureDoc()
  .then(async ({ current, generated }) => {
    const path = relative(process.cwd(), ARCHITECTURE_DOC);
    if (current === generated) return console.log(`${path}: the layers section is up to date`);
    if (check)
      throw new Error(
        `${path}: the layers section differs from the Nx project graph; run \`${FIX_COMMAND}\` and commit the result`,
      );
    await writeFile(ARCHITECTURE_DOC, generated);
    console.log(`${path}: the layers section was rewritten`);
  })
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
