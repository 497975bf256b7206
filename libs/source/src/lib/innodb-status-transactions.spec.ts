import { innodbTransactions } from './innodb-status-transactions';

/** The shape MariaDB 10.11 prints (captured from a real server, addresses shortened). */
const status = (transactions: string, end = 'END OF INNODB MONITOR OUTPUT') => `
=====================================
2026-12-07 07:10:00 0x7f INNODB MONITOR OUTPUT
=====================================
------------
TRANSACTIONS
------------
Trx id counter 1006
Purge done for trx's n:o < 1005 undo n:o < 0 state: running but idle
History list length 0
LIST OF TRANSACTIONS FOR EACH SESSION:
${transactions}--------
FILE I/O
--------
Pending flushes (fsync): 0
----------------------------
${end}
============================
`;

const readOnly = `---TRANSACTION (0x7fdf220c5680), ACTIVE 1 sec
0 lock struct(s), heap size 1128, 0 row lock(s)
MariaDB thread id 74, OS thread handle 140596294985408, query id 1450 localhost root User sleep
SELECT SLEEP(3)
Trx read view will not see trx with id >= 1005, sees < 1005
`;
const wrote = `---TRANSACTION 1005, ACTIVE 12 sec
1 lock struct(s), heap size 1128, 0 row lock(s), undo log entries 3
MariaDB thread id 73, OS thread handle 140596294063808, query id 1447 localhost root
`;

describe('innodbTransactions', () => {
  it('reads each transaction: its thread, its age and whether it wrote', () => {
    expect(innodbTransactions(status(readOnly + wrote))).toEqual([
      { thread: 74, activeSeconds: 1, wrote: false },
      { thread: 73, activeSeconds: 12, wrote: true },
    ]);
  });

  it('reads a waiting transaction, a prepared one without a connection, and skips those not started', () => {
    const waiting = `---TRANSACTION 1010, ACTIVE 4 sec starting index read
mysql tables in use 1, locked 1
LOCK WAIT 2 lock struct(s), heap size 1128, 1 row lock(s), undo log entries 1
MySQL thread id 80, OS thread handle 1, query id 9 10.0.0.7 app updating
UPDATE t SET v = 1 WHERE id = 2
------- TRX HAS BEEN WAITING 4 SEC FOR THIS LOCK TO BE GRANTED:
`;
    const prepared = `---TRANSACTION 990, ACTIVE (PREPARED) 300 sec recovered trx
1 lock struct(s), heap size 1128, 0 row lock(s), undo log entries 2
`;
    const idle = `---TRANSACTION 421, not started
0 lock struct(s), heap size 1128, 0 row lock(s)
`;
    expect(innodbTransactions(status(idle + waiting + prepared))).toEqual([
      { thread: 80, activeSeconds: 4, wrote: true },
      { thread: null, activeSeconds: 300, wrote: true },
    ]);
  });

  it('gives no age for a transaction between states, which the caller must not take as none', () => {
    const committing = `---TRANSACTION 1020, COMMITTED IN MEMORY
1 lock struct(s), heap size 1128, 0 row lock(s), undo log entries 1
MariaDB thread id 81, OS thread handle 1, query id 10 localhost root
`;
    expect(innodbTransactions(status(committing))).toEqual([{ thread: 81, activeSeconds: null, wrote: true }]);
  });

  it("is not misled by a statement's text that looks like status lines", () => {
    const hostile = `---TRANSACTION 1030, ACTIVE 7 sec
1 lock struct(s), heap size 1128, 0 row lock(s), undo log entries 1
MariaDB thread id 90, OS thread handle 1, query id 11 localhost root updating
UPDATE t SET note = 'x
--------
FILE I/O
undo log entries 5
MariaDB thread id 1, OS' WHERE id = 1
`;
    expect(innodbTransactions(status(hostile + wrote))).toEqual([
      { thread: 90, activeSeconds: 7, wrote: true },
      { thread: 73, activeSeconds: 12, wrote: true },
    ]);
  });

  it('says the list is unknown when InnoDB cut it short or printed none', () => {
    expect(innodbTransactions(status(`${wrote}... truncated...\n${readOnly}`))).toBeNull();
    expect(innodbTransactions(status(wrote, 'cut off'))).toBeNull();
    expect(innodbTransactions('no list here\nEND OF INNODB MONITOR OUTPUT')).toBeNull();
  });
});
