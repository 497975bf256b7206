-- Sample source tables for docker/compose.yml. The MariaDB image runs this
-- once, in the database MARIADB_DATABASE (shop), when its volume is new.
CREATE TABLE customers (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  email VARCHAR(255),
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  KEY customers_cursor (updated_at, id)
);

CREATE TABLE orders (
  id BIGINT UNSIGNED PRIMARY KEY,
  customer_id INT NOT NULL,
  amount DECIMAL(12, 2) NOT NULL,
  status VARCHAR(20) NOT NULL,
  note TEXT,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  KEY orders_cursor (updated_at, id)
);

INSERT INTO customers (id, name, email, updated_at)
WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
SELECT i, CONCAT('customer ', i), CONCAT('customer', i, '@example.com'),
       TIMESTAMP('2025-01-01 00:00:00') + INTERVAL i MINUTE
FROM n;

-- Ten orders share each timestamp, so keyset paging crosses equal cursors.
INSERT INTO orders (id, customer_id, amount, status, note, updated_at)
WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
SELECT i, 1 + i MOD 100, ROUND(i * 1.37, 2), ELT(1 + i MOD 3, 'new', 'paid', 'shipped'),
       IF(i MOD 7 = 0, NULL, CONCAT('order ', i)),
       TIMESTAMP('2025-01-01 00:00:00.000001') + INTERVAL (i DIV 10) SECOND
FROM n;
