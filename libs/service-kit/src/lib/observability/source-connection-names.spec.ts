import { TidemarkConfig } from '@tidemark/config';
import { sourceConnectionNames } from './source-connection-names';

const config = (o: Pick<TidemarkConfig, 'connections' | 'pipelines'>) => o as TidemarkConfig;
const connection = { host: 'h', port: 3306, user: 'u', password: '' };

describe('sourceConnectionNames', () => {
  it("lists each pipeline's connection and those its table keys name, once each", () => {
    const found = sourceConnectionNames(
      config({
        connections: { shop: { ...connection, name: 'shop' }, crm: { ...connection, name: 'crm' } },
        pipelines: {
          a: {
            name: 'a',
            connection: 'shop',
            tables: [{ key: 'crm:sales.leads', strategy: 'hybrid', cursorColumn: 'u', batchSize: 1 }],
          },
          b: { name: 'b', connection: 'shop', tables: [] },
        },
      }),
    );
    expect(found).toEqual(['crm', 'shop']);
  });

  it('adds default when it exists, for the implicit default pipeline', () => {
    expect(
      sourceConnectionNames(config({ connections: { default: { ...connection, name: 'default' } }, pipelines: {} })),
    ).toEqual(['default']);
  });
});
