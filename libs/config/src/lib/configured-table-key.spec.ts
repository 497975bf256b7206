import { configuredTableKey } from './configured-table-key';
import { tableTarget } from './table-target';
import { PipelineConfig } from './tidemark-config';

const pipeline = (keys: string[]): PipelineConfig => ({
  name: 'shop',
  connection: 'default',
  tables: keys.map((key) => ({ key }) as PipelineConfig['tables'][number]),
});

describe('configuredTableKey', () => {
  it('keeps a key that names its schema or connection as typed (canonical form)', () => {
    const p = pipeline(['shop.orders']);
    expect(configuredTableKey(p, 'other.orders')).toBe('other.orders');
    expect(configuredTableKey(p, 'eu:shop.orders')).toBe('eu:shop.orders');
  });

  it('resolves an unscoped name to the one configured table with that name', () => {
    expect(configuredTableKey(pipeline(['shop.orders', 'shop.items']), 'orders')).toBe('shop.orders');
    expect(configuredTableKey(pipeline(['eu:shop.orders']), 'orders')).toBe('eu:shop.orders');
  });

  it('refuses an ambiguous name, listing the candidates', () => {
    expect(() => configuredTableKey(pipeline(['shop.orders', 'eu:shop.orders', 'shop.items']), 'orders')).toThrow(
      'table "orders" is ambiguous in pipeline shop: use one of shop.orders, eu:shop.orders',
    );
  });

  it("refuses an unknown name, listing the pipeline's tables", () => {
    expect(() => configuredTableKey(pipeline(['shop.orders', 'shop.items']), 'lines')).toThrow(
      'pipeline shop has no table "lines": its tables are shop.orders, shop.items',
    );
  });

  it('asks for the schema when the pipeline lists no tables', () => {
    expect(() => configuredTableKey(pipeline([]), 'orders')).toThrow(
      'table "orders" needs its schema: use SCHEMA.TABLE (pipeline shop lists no tables to pick it from)',
    );
  });

  it('is how tableTarget reads an unscoped name', () => {
    expect(tableTarget(pipeline(['shop.orders']), 'orders')).toMatchObject({ key: 'shop.orders', sourceSchema: 'shop' });
  });
});
