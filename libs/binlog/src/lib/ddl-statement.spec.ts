import { ddlTouchesTable } from './ddl-statement';

describe('ddlTouchesTable', () => {
  it.each([
    'ALTER TABLE orders ADD COLUMN x INT',
    'alter table `shop`.`orders` drop column x',
    'RENAME TABLE orders TO orders_old',
    'DROP TABLE IF EXISTS `orders`',
    'TRUNCATE TABLE orders',
    'TRUNCATE orders',
    '/* tool */ ALTER ONLINE TABLE shop.orders MODIFY x BIGINT',
    'CREATE OR REPLACE TABLE orders (id INT)',
  ])('sees %s', (statement) => {
    expect(ddlTouchesTable(statement, 'orders')).toBe(true);
  });

  it.each(['ALTER TABLE orders_archive ADD COLUMN x INT', 'INSERT INTO orders VALUES (1)', 'CREATE TABLE other (orders_id INT)', 'COMMIT'])(
    'leaves %s alone',
    (statement) => {
      expect(ddlTouchesTable(statement, 'orders')).toBe(false);
    },
  );
});
