import { EntityManager } from 'typeorm';
import { conflict, forbidden } from '@tidemark/errors';
import {
  HeldLease,
  Lease,
  LeaseRef,
  LeaseRequest,
  LeaseStage,
  TableId,
  takesOverDeadHolder,
} from '@tidemark/watermark-model';
import { LeaseEventEntity } from './entities/lease-event.entity';
import { LeaseEntity, LeaseKey } from './entities/lease.entity';
import { hashLeaseSecret, leaseSecretMatches, newLeaseSecret } from './lease-secret';
import { FromChanged, KeyedRows } from './keyed-rows';
import { lockOrCreate } from './lock-or-create';
import { OneStatementGrants } from './one-statement-grant';
import { TransactionRunner } from './transaction-runner';

type TokenRef = Omit<LeaseRef, 'secret'>;

/** A change of a held lease (`LeaseBook.heldChange`). */
export interface HeldLeaseChange {
  key: LeaseKey;
  /** The row's key, token and secret hash: it changes only if they match. */
  held: LeaseKey & Pick<LeaseEntity, 'token' | 'secretHash'>;
  values: Pick<LeaseEntity, 'expiresAt'>;
  /** Its event, all but the holder (the changed row's). */
  event: Omit<LeaseEventEntity, 'id' | 'holder'>;
}

const keyOf = (e: LeaseEntity) => ({ pipeline: e.pipeline, tableKey: e.tableKey, stage: e.stage });

/** The lease row's key of a request or reference, which names the table `table`. */
const rowKeyOf = (ref: { pipeline: string; table: string; stage: string }): LeaseKey => ({
  pipeline: ref.pipeline,
  tableKey: ref.table,
  stage: ref.stage,
});

const toLease = (e: LeaseEntity): Lease => ({
  pipeline: e.pipeline,
  table: e.tableKey,
  stage: e.stage as LeaseStage,
  holder: e.holder,
  token: e.token,
  expiresAt: new Date(e.expiresAt).toISOString(),
});

/** Leases with fencing tokens, one row per (pipeline, table, stage). */
export class LeaseBook {
  private readonly rows: KeyedRows<LeaseEntity>;
  private readonly events: KeyedRows<LeaseEventEntity>;
  private readonly grants: OneStatementGrants | null;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: () => number = Date.now,
  ) {
    this.rows = new KeyedRows(tx.dataSource, LeaseEntity);
    this.events = new KeyedRows(tx.dataSource, LeaseEventEntity);
    this.grants = tx.locksRows ? new OneStatementGrants(tx.dataSource) : null;
  }

  /** The lease row, locked until the transaction ends. */
  private find(m: EntityManager, ref: { pipeline: string; table: string; stage: string }) {
    return this.rows.find(m, rowKeyOf(ref), true);
  }

  /**
   * Writes the row `find` locked. An UPDATE by key, not `save()`: save first
   * reads the row back to diff it, one more round trip in every lease call.
   */
  private write(m: EntityManager, e: LeaseEntity, values: Partial<LeaseEntity>): Promise<void> {
    return this.rows.update(m, keyOf(e), values);
  }

  private event(
    e: Pick<LeaseEntity, 'pipeline' | 'tableKey' | 'stage' | 'holder' | 'token' | 'expiresAt'>,
    event: string,
  ) {
    return {
      pipeline: e.pipeline,
      tableKey: e.tableKey,
      stage: e.stage,
      holder: e.holder,
      token: e.token,
      event,
      at: new Date(this.clock()).toISOString(),
      expiresAt: e.expiresAt,
    };
  }

  private record(m: EntityManager, e: LeaseEntity, event: string): Promise<void> {
    return this.events.insert(m, this.event(e, event));
  }

  async acquire(r: LeaseRequest): Promise<HeldLease> {
    return (await this.acquireUnlocked(r)) ?? this.acquireLocked(r);
  }

  /**
   * PostgreSQL, the common case (the lease row exists, and nobody else holds
   * it live): one statement grants it (`OneStatementGrants`), deciding as the
   * locked path decides, under the row lock. Null: take the locked path (no
   * row yet, a live holder to refuse or take over).
   */
  private async acquireUnlocked(r: LeaseRequest): Promise<HeldLease | null> {
    if (!this.grants) return null;
    const now = this.clock();
    const { secret, hash } = newLeaseSecret();
    const key = rowKeyOf(r);
    const granted = { holder: r.holder, secretHash: hash, expiresAt: now + r.ttlSeconds * 1000 };
    // The event's token and name are the statement's to decide.
    const event = this.event({ ...key, ...granted, token: 0 }, '');
    const token = await this.grants.grant(this.tx.dataSource.manager, { key, now, granted, event });
    return token === null ? null : { ...toLease({ ...key, ...granted, token }), secret };
  }

  private acquireLocked(r: LeaseRequest): Promise<HeldLease> {
    return this.tx.run(async (m) => {
      const now = this.clock();
      const { row: current } = await lockOrCreate(
        () => this.find(m, r),
        () =>
          m
            .getRepository(LeaseEntity)
            .createQueryBuilder()
            .insert()
            .values({ ...rowKeyOf(r), holder: '', token: 0, expiresAt: 0 })
            .orIgnore()
            .execute(),
      );
      // The lock's placeholder is an expired lease of nobody.
      const live = current.expiresAt > now;
      const takeover = live && current.holder !== r.holder && takesOverDeadHolder(r, current.holder);
      if (live && current.holder !== r.holder && !takeover) {
        throw conflict(
          `${r.pipeline}/${r.table} (${r.stage}) is leased by ${current.holder} until ${new Date(current.expiresAt).toISOString()}`,
        );
      }
      const { secret, hash } = newLeaseSecret();
      const e = m.getRepository(LeaseEntity).create({
        ...rowKeyOf(r),
        holder: r.holder,
        token: current.token + 1,
        secretHash: hash,
        expiresAt: now + r.ttlSeconds * 1000,
      });
      await this.write(m, e, { holder: e.holder, token: e.token, secretHash: e.secretHash, expiresAt: e.expiresAt });
      await this.record(m, e, takeover ? 'taken-over' : live ? 'regranted' : 'granted');
      return { ...toLease(e), secret };
    });
  }

  private async current(m: EntityManager, ref: TokenRef): Promise<LeaseEntity> {
    const e = await this.find(m, ref);
    if (!e || e.token !== ref.token) {
      throw conflict(
        `fencing token ${ref.token} for ${ref.pipeline}/${ref.table} (${ref.stage}) is stale: the current token is ${e?.token ?? 'none'}`,
      );
    }
    return e;
  }

  /** The current lease, if `ref` holds it: its token and the secret given with it at acquire. */
  private async held(m: EntityManager, ref: LeaseRef): Promise<LeaseEntity> {
    const e = await this.current(m, ref);
    if (!leaseSecretMatches(ref.secret, e.secretHash)) {
      const why =
        typeof ref.secret === 'string' && ref.secret !== ''
          ? 'the secret sent is not the one given at acquire'
          : 'send the secret given at acquire with the token';
      throw forbidden(
        `the lease on ${ref.pipeline}/${ref.table} (${ref.stage}) can be renewed or released only by its holder: ${why}`,
      );
    }
    return e;
  }

  renew(ref: LeaseRef, ttlSeconds: number): Promise<Lease> {
    return this.expireHeld(ref, () => this.clock() + ttlSeconds * 1000, 'renewed');
  }

  async release(ref: LeaseRef): Promise<void> {
    await this.expireHeld(ref, () => this.clock(), 'released');
  }

  /** Moves the expiry of the lease `ref` holds, recorded as `event`. */
  private async expireHeld(ref: LeaseRef, expiresAt: () => number, event: string): Promise<Lease> {
    const fast = await this.expireHeldAtOnce(this.tx.dataSource.manager, ref, expiresAt(), event);
    if (fast) return fast;
    return this.tx.run((m) => this.expireHeldIn(m, ref, expiresAt(), event));
  }

  private async expireHeldIn(m: EntityManager, ref: LeaseRef, expiresAt: number, event: string): Promise<Lease> {
    const e = await this.held(m, ref);
    e.expiresAt = expiresAt;
    await this.write(m, e, { expiresAt });
    await this.record(m, e, event);
    return toLease(e);
  }

  /**
   * Inside a commit's transaction: releases the lease `ref` holds, so the
   * commit and the release are one. Refused (and the commit with it) as a
   * separate release would be: a stale token (checkFence's refusal), a wrong
   * secret. It locks the lease row as checkFence does, so it is the commit's
   * fence check too.
   */
  async releaseIn(m: EntityManager, ref: LeaseRef): Promise<void> {
    const now = this.clock();
    if (await this.expireHeldAtOnce(m, ref, now, 'released')) return;
    await this.expireHeldIn(m, ref, now, 'released');
  }

  /**
   * PostgreSQL: what a change of the lease `ref` holds writes in one
   * statement: the row found by key, token and the hash of the secret (so it
   * changes only when `ref` holds it), its new values, and its event (the
   * holder taken from the row changed). Null when no such statement can
   * apply (SQLite, no secret, a token that is no integer): the transactional
   * path then says why. Comparing the secret's SHA-256 in SQL tells a guesser
   * nothing timingSafeEqual would hide: the hash of a guess is not the secret.
   */
  private heldChange(ref: LeaseRef, expiresAt: number, event: string): HeldLeaseChange | null {
    if (!this.tx.locksRows || typeof ref.secret !== 'string' || ref.secret === '' || !Number.isSafeInteger(ref.token)) {
      return null;
    }
    const key = rowKeyOf(ref);
    const record: Partial<LeaseEventEntity> = this.event({ ...key, holder: '', token: ref.token, expiresAt }, event);
    delete record.holder;
    return {
      key,
      held: { ...key, token: ref.token, secretHash: hashLeaseSecret(ref.secret) },
      values: { expiresAt },
      event: record as HeldLeaseChange['event'],
    };
  }

  /** The release of `ref` now, as `heldChange` gives it. */
  releaseChange(ref: LeaseRef): HeldLeaseChange | null {
    return this.heldChange(ref, this.clock(), 'released');
  }

  /** PostgreSQL: the lease changed and its event recorded in one statement (`heldChange`); null when it changed nothing. */
  private async expireHeldAtOnce(
    m: EntityManager,
    ref: LeaseRef,
    expiresAt: number,
    event: string,
  ): Promise<Lease | null> {
    const change = this.heldChange(ref, expiresAt, event);
    if (!change) return null;
    const record = { ...change.event, holder: new FromChanged<LeaseEntity>('holder') };
    const written = await this.rows.updateAndRecord(m, change.held, change.values, this.events, record);
    const holder = written[0]?.holder;
    return holder === undefined ? null : toLease({ ...change.key, holder, token: ref.token, expiresAt, secretHash: null });
  }

  async holder(id: TableId, stage: LeaseStage): Promise<Lease | null> {
    const e = await this.rows.find(this.tx.dataSource.manager, { pipeline: id.pipeline, tableKey: id.table, stage });
    return e && e.expiresAt > this.clock() ? toLease(e) : null;
  }

  /**
   * Inside a change that starts a table over (`resync`): refused while a live
   * holder leases the stage. An expired lease's token moves on, so a holder
   * that only seemed dead cannot commit into the table started over.
   */
  async revokeIdle(m: EntityManager, id: TableId, stage: LeaseStage, change: string): Promise<void> {
    const e = await this.find(m, { ...id, stage });
    if (!e) return;
    if (e.expiresAt > this.clock()) {
      throw conflict(
        `cannot ${change} ${id.pipeline}/${id.table}: its ${stage} stage is leased by ${e.holder} until ${new Date(e.expiresAt).toISOString()}; let that run end (or its lease expire) first`,
      );
    }
    e.token += 1;
    await this.write(m, e, { token: e.token });
    await this.record(m, e, 'revoked');
  }

  /**
   * Inside a commit's transaction: a token must be the newest one granted;
   * without a token, nobody else may hold a live lease on the stage.
   */
  async checkFence(m: EntityManager, id: TableId, stage: LeaseStage, token: number | undefined): Promise<void> {
    if (token !== undefined) {
      await this.current(m, { ...id, stage, token });
      return;
    }
    const e = await this.find(m, { ...id, stage });
    if (e && e.expiresAt > this.clock()) {
      throw conflict(
        `${id.pipeline}/${id.table} (${stage}) is leased by ${e.holder}: a commit must carry its fencing token`,
      );
    }
  }
}
