import { addsColumnsOnly, ddlTouchesTable } from './ddl-statement';

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

  it.each([
    'ALTER TABLE orders_archive ADD COLUMN x INT',
    'INSERT INTO orders VALUES (1)',
    'CREATE TABLE other (orders_id INT)',
    'COMMIT',
  ])('leaves %s alone', (statement) => {
    expect(ddlTouchesTable(statement, 'orders')).toBe(false);
  });
});

describe('addsColumnsOnly', () => {
  it.each([
    'ALTER TABLE orders ADD COLUMN note VARCHAR(20)',
    'alter table `shop`.`orders` add `a,b` DECIMAL(10,2) DEFAULT 0 AFTER id',
    "ALTER TABLE orders ADD COLUMN kind ENUM('a','b') NOT NULL DEFAULT 'a', ADD COLUMN IF NOT EXISTS y INT, ALGORITHM=INSTANT",
  ])('is true for %s', (statement) => expect(addsColumnsOnly(statement)).toBe(true));

  it.each([
    'ALTER TABLE orders DROP COLUMN note',
    'ALTER TABLE orders MODIFY amount BIGINT',
    'ALTER TABLE orders ADD COLUMN x INT, DROP COLUMN y',
    'ALTER TABLE orders ADD INDEX (x)',
    'ALTER TABLE orders ADD (x INT, y INT)',
    'ALTER TABLE orders RENAME TO older',
    'TRUNCATE TABLE orders',
    "ALTER TABLE orders ADD COLUMN c INT COMMENT 'x', CHANGE a b INT",
  ])('is false for %s', (statement) => expect(addsColumnsOnly(statement)).toBe(false));
});
