import { ColumnSchema, Manifest } from '@tidemark/watermark-model';

/**
 * Manifests whose files one `COPY … MANIFEST` can stage into one table:
 * their files have the same columns in the same order, then the load-order
 * column, whose value tells the manifests' rows apart.
 */
export interface LoadOrderBatch {
  /** In load order: their load-order values increase. */
  manifests: (Manifest & { loadOrder: NonNullable<Manifest['loadOrder']> })[];
  /** The files' columns before the load-order column, in file order. */
  columns: ColumnSchema[];
}

const INTEGER = /^-?\d{1,19}$/;
/** The file columns before the load order: the source columns, then the change columns of a binlog manifest. */
const columnList = (m: Manifest) =>
  JSON.stringify([
    m.columns.map((c) => c.name),
    m.changes && [m.changes.operationColumn, m.changes.positionColumn, m.changes.orderColumn],
  ]);

/**
 * The manifests as one batch, or undefined when one COPY cannot stage them
 * all: a manifest without a load order (written by an earlier version), two
 * schemas (a schema change between them), or load orders that do not
 * increase. Those load manifest by manifest, as before.
 */
export function loadOrderBatch(manifests: Manifest[]): LoadOrderBatch | undefined {
  const [first] = manifests;
  if (!first?.loadOrder) return undefined;
  const batch: LoadOrderBatch['manifests'] = [];
  for (const m of manifests) {
    const previous = batch[batch.length - 1];
    if (!m.loadOrder || m.loadOrder.column !== first.loadOrder.column || !INTEGER.test(m.loadOrder.value)) return undefined;
    if (m.schemaFingerprint !== first.schemaFingerprint || columnList(m) !== columnList(first)) return undefined;
    if (previous && BigInt(m.loadOrder.value) <= BigInt(previous.loadOrder.value)) return undefined;
    batch.push(m as LoadOrderBatch['manifests'][number]);
  }
  return { manifests: batch, columns: first.columns };
}
