import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { replaceLayers, renderLayers } from './layer-diagram';
import { readLayerGraph } from './layer-graph';

export const ARCHITECTURE_DOC = join(__dirname, '..', '..', '..', 'docs', 'architecture.md');

/** docs/architecture.md as it is on disk, and as it is with its layers section generated afresh. */
export async function architectureDoc(): Promise<{ current: string; generated: string }> {
  const current = await readFile(ARCHITECTURE_DOC, 'utf8');
  return { current, generated: replaceLayers(current, renderLayers(await readLayerGraph())) };
}
