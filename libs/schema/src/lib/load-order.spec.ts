import { loadOrderColumnOf } from './load-order';

describe('the load-order column of a file', () => {
  it('is _tidemark_load_order unless a source column has that name, in any case', () => {
    expect(loadOrderColumnOf([{ name: 'id' }])).toBe('_tidemark_load_order');
    expect(loadOrderColumnOf([{ name: 'id' }, { name: '_Tidemark_Load_Order' }])).toBe('_tidemark_load_order_2');
  });
});
