// `npm run docs:architecture`: rewrites the layers section of docs/architecture.md from the Nx project graph.
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { ARCHITECTURE_DOC, architectureDoc } from './architecture-doc';

architectureDoc()
  .then(async ({ current, generated }) => {
    const path = relative(process.cwd(), ARCHITECTURE_DOC);
    if (current === generated) return console.log(`${path}: the layers section is up to date`);
    await writeFile(ARCHITECTURE_DOC, generated);
    console.log(`${path}: the layers section was rewritten`);
  })
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
