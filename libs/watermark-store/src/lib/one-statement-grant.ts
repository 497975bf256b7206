import { DataSource, EntityManager } from 'typeorm';
import { LeaseEventEntity } from './entities/lease-event.entity';
import { LeaseEntity, LeaseKey } from './entities/lease.entity';
import { KeyedRows } from './keyed-rows';
import { Placeholders } from './placeholders';
import { PreparedQueries } from './prepared-query';

/** A lease asked for, and what its grant writes. */
export interface GrantAsked {
  key: LeaseKey;
  now: number;
  granted: Pick<LeaseEntity, 'holder' | 'secretHash' | 'expiresAt'>;
  /** The grant's event, all but its token and its name (the statement's). */
  event: Pick<LeaseEventEntity, 'pipeline' | 'tableKey' | 'stage' | 'holder' | 'at' | 'expiresAt'>;
}

const KEY = ['pipeline', 'tableKey', 'stage'];
const GRANTED = ['holder', 'secretHash', 'expiresAt'];
const EVENT = ['pipeline', 'tableKey', 'stage', 'holder', 'at', 'expiresAt'];

/**
 * PostgreSQL: a lease granted in ONE statement when nobody else holds it
 * live (decision 0051): the row is locked only if its lease has expired or
 * is the asker's own, then written with the next token and recorded as
 * `granted` (or `regranted`, the asker's own live lease), the locked path's
 * decision taken under the row lock. Null: nothing written (no row yet, or
 * another live holder to refuse or take over), the locked path decides.
 */
export class OneStatementGrants {
  private readonly prepared: PreparedQueries;
  private readonly text: string;
  private readonly placeholders = new Placeholders<GrantAsked>();

  constructor(dataSource: DataSource) {
    const L = new KeyedRows(dataSource, LeaseEntity);
    const E = new KeyedRows(dataSource, LeaseEventEntity);
    const $ = this.placeholders;
    const key = (g: GrantAsked) => g.key;
    const now = (g: GrantAsked) => ({ expiresAt: g.now });
    const named = (event: string) => $.bind(E, () => ({ event }), 'event');
    const [token, expires] = [L.name('token'), L.name('expiresAt')];
    this.text =
      `WITH old AS MATERIALIZED (SELECT ${token}, ${expires} FROM ${L.table} WHERE ${$.equal(L, key, KEY)} ` +
      `AND (${expires} <= ${$.bind(L, now, 'expiresAt')} OR ${$.equal(L, (g) => ({ holder: g.granted.holder }), ['holder'])}) FOR UPDATE), ` +
      `granted AS (UPDATE ${L.table} SET ${$.equal(L, (g) => g.granted, GRANTED, ', ')}, ${token} = (SELECT ${token} FROM old) + 1 ` +
      `WHERE ${$.equal(L, key, KEY)} AND EXISTS (SELECT 1 FROM old) RETURNING ${token}), ` +
      `recorded AS (INSERT INTO ${E.table} (${[...EVENT, 'token', 'event'].map((p) => E.name(p)).join(', ')}) ` +
      `SELECT ${$.list(E, (g) => g.event, EVENT)}, granted.${token}, ` +
      `CASE WHEN old.${expires} > ${$.bind(L, now, 'expiresAt')} THEN ${named('regranted')} ELSE ${named('granted')} END ` +
      `FROM granted, old) ` +
      `SELECT granted.${token} FROM granted`;
    this.prepared = new PreparedQueries(dataSource);
  }

  /** The token granted, or null when the statement wrote nothing. */
  async grant(m: EntityManager, asked: GrantAsked): Promise<number | null> {
    const rows = await this.prepared.run(m, this.text, this.placeholders.of(asked));
    return rows.length === 1 ? Number(rows[0].token) : null;
  }
}
