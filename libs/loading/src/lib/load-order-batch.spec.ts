import { ColumnSchema, Manifest } from '@tidemark/watermark-model';
import { loadOrderBatch } from './load-order-batch';

const column = (name: string) => ({ name }) as ColumnSchema;
const m = (id: string, value: string | undefined, o: Partial<Manifest> = {}) =>
  ({
    id,
    columns: [column('id'), column('v')],
    schemaFingerprint: 'f1',
    loadOrder: value === undefined ? undefined : { column: '_tidemark_load_order', value },
    ...o,
  }) as Manifest;
const ids = (manifests: Manifest[] | undefined) => manifests?.map((x) => x.id);

describe('loadOrderBatch: which manifests one COPY can stage', () => {
  it('takes manifests of one schema whose load orders increase, with their file columns', () => {
    const batch = loadOrderBatch([m('a', '7'), m('b', '9'), m('c', '9007199254740993')]);
    expect(ids(batch?.manifests)).toEqual(['a', 'b', 'c']);
    expect(batch?.columns.map((c) => c.name)).toEqual(['id', 'v']);
  });

  it('refuses a manifest without a load order (an earlier version wrote it), anywhere in the list', () => {
    expect(loadOrderBatch([m('old', undefined), m('b', '2')])).toBeUndefined();
    expect(loadOrderBatch([m('a', '1'), m('old', undefined)])).toBeUndefined();
    expect(loadOrderBatch([])).toBeUndefined();
  });

  it('refuses two schemas: another fingerprint, other columns or another column order, another load-order column', () => {
    expect(loadOrderBatch([m('a', '1'), m('b', '2', { schemaFingerprint: 'f2' })])).toBeUndefined();
    expect(loadOrderBatch([m('a', '1'), m('b', '2', { columns: [column('v'), column('id')] })])).toBeUndefined();
    expect(loadOrderBatch([m('a', '1'), m('b', '2', { loadOrder: { column: 'lo', value: '2' } })])).toBeUndefined();
  });

  it('refuses load orders that do not increase (compared as 64-bit integers, not as text or doubles)', () => {
    expect(loadOrderBatch([m('a', '10'), m('b', '9')])).toBeUndefined();
    expect(loadOrderBatch([m('a', '5'), m('b', '5')])).toBeUndefined();
    expect(loadOrderBatch([m('a', '9007199254740993'), m('b', '9007199254740992')])).toBeUndefined();
    expect(ids(loadOrderBatch([m('a', '9'), m('b', '10')])?.manifests)).toEqual(['a', 'b']);
  });
});
