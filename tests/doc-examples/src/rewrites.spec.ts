import { applyRewrites, exampleRewrites } from './rewrites';

const rewrite = (text: string) =>
  applyRewrites(text, exampleRewrites({ shop: 'tm_s', demo: 'tm_d', servicePort: 4321 }));

describe('the substitution table', () => {
  it('replaces the example schemas, the npm alias and the service port', () => {
    expect(rewrite('npm run tidemark -- sync -t shop.orders -t default:shop.events')).toBe(
      'tidemark sync -t tm_s.orders -t default:tm_s.events',
    );
    expect(rewrite('PORT=3100 x; tidemark --service http://127.0.0.1:3100 watermark get -t tidemark_demo.orders')).toBe(
      'PORT=4321 x; tidemark --service http://127.0.0.1:4321 watermark get -t tm_d.orders',
    );
  });

  it('leaves other names alone', () => {
    const text = 'tidemark --config .tidemark/demo/config sync -p shop -t myshop.orders -t shop_old.x --limit 3100';
    expect(rewrite(text)).toBe(text);
  });
});
