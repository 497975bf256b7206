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
import { LeaseEntity } from './entities/lease.entity';
import { leaseSecretMatches, newLeaseSecret } from './lease-secret';
import { TransactionRunner } from './transaction-runner';

type TokenRef = Omit<LeaseRef, 'secret'>;

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
  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: () => number = Date.now,
  ) {}

  private find(m: EntityManager, ref: { pipeline: string; table: string; stage: string }) {
    return m
      .getRepository(LeaseEntity)
      .findOne({ where: { pipeline: ref.pipeline, tableKey: ref.table, stage: ref.stage }, lock: this.tx.writeLock });
  }

  /**
   * The first lease of a table has no row to lock: replicas asking at once
   * would all see none. Creates an expired placeholder if absent, then locks it.
   */
  private async placeholder(m: EntityManager, r: LeaseRequest): Promise<LeaseEntity | null> {
    await m
      .getRepository(LeaseEntity)
      .createQueryBuilder()
      .insert()
      .values({ pipeline: r.pipeline, tableKey: r.table, stage: r.stage, holder: '', token: 0, expiresAt: 0 })
      .orIgnore()
      .execute();
    return this.find(m, r);
  }

  /** One UPDATE of the (already read and locked) lease row; `save` would read it again first. */
  private async write(m: EntityManager, e: LeaseEntity, set: Partial<LeaseEntity>): Promise<void> {
    const { affected } = await m.getRepository(LeaseEntity).update({ pipeline: e.pipeline, tableKey: e.tableKey, stage: e.stage }, set);
    if (affected === 0) throw conflict(`the lease row of ${e.pipeline}/${e.tableKey} (${e.stage}) is gone; ask again`);
  }

  private async record(m: EntityManager, e: LeaseEntity, event: string): Promise<void> {
    await m.getRepository(LeaseEventEntity).insert({
      pipeline: e.pipeline,
      tableKey: e.tableKey,
      stage: e.stage,
      holder: e.holder,
      token: e.token,
      event,
      at: new Date(this.clock()).toISOString(),
      expiresAt: e.expiresAt,
    });
  }

  acquire(r: LeaseRequest): Promise<HeldLease> {
    return this.tx.run(async (m) => {
      const now = this.clock();
      const current = (await this.find(m, r)) ?? (await this.placeholder(m, r));
      const live = current !== null && current.expiresAt > now;
      const takeover = live && current.holder !== r.holder && takesOverDeadHolder(r, current.holder);
      if (live && current.holder !== r.holder && !takeover) {
        throw conflict(
          `${r.pipeline}/${r.table} (${r.stage}) is leased by ${current.holder} until ${new Date(current.expiresAt).toISOString()}`,
        );
      }
      const { secret, hash } = newLeaseSecret();
      const e = m.getRepository(LeaseEntity).create({
        pipeline: r.pipeline,
        tableKey: r.table,
        stage: r.stage,
        holder: r.holder,
        token: (current?.token ?? 0) + 1,
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
    return this.tx.run(async (m) => {
      const e = await this.held(m, ref);
      e.expiresAt = this.clock() + ttlSeconds * 1000;
      await this.write(m, e, { expiresAt: e.expiresAt });
      await this.record(m, e, 'renewed');
      return toLease(e);
    });
  }

  release(ref: LeaseRef): Promise<void> {
    return this.tx.run(async (m) => {
      const e = await this.held(m, ref);
      e.expiresAt = this.clock();
      await this.write(m, e, { expiresAt: e.expiresAt });
      await this.record(m, e, 'released');
    });
  }

  async holder(id: TableId, stage: LeaseStage): Promise<Lease | null> {
    const e = await this.tx.dataSource
      .getRepository(LeaseEntity)
      .findOneBy({ pipeline: id.pipeline, tableKey: id.table, stage });
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
