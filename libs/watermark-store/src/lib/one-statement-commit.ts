import { DataSource, ObjectLiteral, QueryFailedError } from 'typeorm';
import { TableId, Watermark } from '@tidemark/watermark-model';
import { HistoryEntity } from './entities/history.entity';
import { LeaseEventEntity } from './entities/lease-event.entity';
import { LeaseEntity } from './entities/lease.entity';
import { ManifestEntity } from './entities/manifest.entity';
import { WatermarkEntity } from './entities/watermark.entity';
import { KeyedRows } from './keyed-rows';
import { HeldLeaseChange } from './lease-book';
import { Part as PartOf, Placeholders } from './placeholders';
import { PreparedQueries } from './prepared-query';
import { WatermarkChanges } from './watermark-changes';
import { toWatermark } from './watermark-mapper';

/** Every row one commit that releases its lease writes, as entity properties. */
interface ReleasingCommit {
  /** The watermark row as changed (its next version). */
  watermark: WatermarkEntity;
  /** The version it was read at: the statement writes only if it is still that. */
  seenVersion: number;
  history: Partial<HistoryEntity>;
  manifest: Partial<ManifestEntity>;
  release: HeldLeaseChange;
}

type Part<T> = PartOf<ReleasingCommit, T>;
type Statement = { text: string; placeholders: Placeholders<ReleasingCommit> };

const exists = (cte: string) => `EXISTS (SELECT 1 FROM ${cte})`;

/** Whether the statement failed on a unique key: a manifest id registered since its snapshot. */
const isUniqueViolation = (error: unknown) =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';

/**
 * PostgreSQL: an extract commit that releases its lease as a read and ONE
 * statement, outside a transaction (decision 0051), where the locked path
 * sends six (BEGIN, two locks, the manifest, the watermark with its history,
 * COMMIT).
 * The watermark row is read first without a lock and the change applied to
 * it here; the statement then locks that row only if its version is still
 * the one read, then the lease row only if the commit's token and secret
 * hold it, and writes the release, its event, the manifest, the watermark
 * and its history only if both locks were taken and the manifest id is new.
 * So it writes everything or nothing, fenced under the lease row's lock in
 * the order the locked path locks. Null when it wrote nothing (the row
 * changed since it was read, a stale token, a wrong secret, a retried or
 * reused manifest id, a change that throws): the locked path then decides
 * and says why, with its own errors.
 */
export class OneStatementCommits {
  private readonly watermarks: KeyedRows<WatermarkEntity>;
  private readonly history: KeyedRows<HistoryEntity>;
  private readonly manifests: KeyedRows<ManifestEntity>;
  private readonly leases: KeyedRows<LeaseEntity>;
  private readonly events: KeyedRows<LeaseEventEntity>;
  private readonly prepared: PreparedQueries;
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: WatermarkChanges,
  ) {
    this.watermarks = new KeyedRows(dataSource, WatermarkEntity);
    this.history = new KeyedRows(dataSource, HistoryEntity);
    this.manifests = new KeyedRows(dataSource, ManifestEntity);
    this.leases = new KeyedRows(dataSource, LeaseEntity);
    this.events = new KeyedRows(dataSource, LeaseEventEntity);
    this.prepared = new PreparedQueries(dataSource);
  }

  /**
   * `change` applies the commit to the watermark row as read and gives the
   * manifest row to register; if it throws, the locked path runs the same
   * change on the locked row and throws there, in its own order of checks.
   */
  async commit(
    id: TableId,
    action: string,
    actor: string,
    release: HeldLeaseChange,
    change: (e: WatermarkEntity) => Partial<ManifestEntity>,
  ): Promise<Watermark | null> {
    const m = this.dataSource.manager;
    const e = await this.watermarks.find(m, { pipeline: id.pipeline, tableKey: id.table });
    if (!e) return null;
    const seenVersion = e.version;
    const before = JSON.stringify(toWatermark(e));
    let manifest: Partial<ManifestEntity>;
    try {
      manifest = change(e);
    } catch {
      return null;
    }
    const { after, record } = this.changes.stamp(e, action, actor, before);
    const commit: ReleasingCommit = { watermark: e, seenVersion, history: record, manifest, release };
    const { text, placeholders } = this.statement(commit);
    try {
      const written = await this.prepared.run(m, text, placeholders.of(commit));
      return written.length === 1 ? after : null;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** The statement for a commit of this shape (the properties it writes), built once. */
  private statement(c: ReleasingCommit): Statement {
    const shape = [c.history, c.manifest, c.release.held, c.release.event].map((o) => Object.keys(o).join()).join(' ');
    let built = this.statements.get(shape);
    if (!built) this.statements.set(shape, (built = this.build(c)));
    return built;
  }

  private build(c: ReleasingCommit): Statement {
    const $ = new Placeholders<ReleasingCommit>();
    const { watermarks: W, history: H, manifests: M, leases: L, events: E } = this;
    const watermark: Part<WatermarkEntity> = (x) => x.watermark;
    const key = Object.keys(W.pick(c.watermark, true));
    const holder = L.name('holder');
    const insert = <T extends ObjectLiteral>(rows: KeyedRows<T>, part: Part<T>, properties: string[], from: string) =>
      `INSERT INTO ${rows.table} (${properties.map((p) => rows.name(p)).join(', ')}) ` +
      `SELECT ${$.list(rows, part, properties)} FROM ${from}`;
    const eventFields = Object.keys(c.release.event);
    const ctes = {
      seen:
        `SELECT 1 FROM ${W.table} WHERE ${$.equal(W, watermark, key)} ` +
        `AND ${W.name('version')} = ${$.bind(W, (x) => ({ version: x.seenVersion }), 'version')} FOR UPDATE`,
      held:
        `SELECT ${holder} FROM ${L.table} WHERE ${$.equal(L, (x) => x.release.held, Object.keys(c.release.held))} ` +
        `AND ${exists('seen')} AND NOT EXISTS (SELECT 1 FROM ${M.table} WHERE ${$.equal(M, (x) => x.manifest, ['id'])}) FOR UPDATE`,
      released:
        `UPDATE ${L.table} SET ${$.equal(L, (x) => x.release.values, Object.keys(c.release.values), ', ')} ` +
        `WHERE ${$.equal(L, (x) => x.release.key, Object.keys(c.release.key))} AND ${exists('held')} RETURNING ${holder}`,
      recorded_event:
        `INSERT INTO ${E.table} (${[...eventFields, 'holder'].map((p) => E.name(p)).join(', ')}) ` +
        `SELECT ${$.list(E, (x) => x.release.event, eventFields)}, ${holder} FROM released`,
      registered: insert(M, (x) => x.manifest, Object.keys(c.manifest), 'held'),
      written:
        `UPDATE ${W.table} SET ${$.equal(W, watermark, Object.keys(W.pick(c.watermark, false)), ', ')} ` +
        `WHERE ${$.equal(W, watermark, key)} AND ${exists('held')} RETURNING 1`,
      recorded: insert(H, (x) => x.history, Object.keys(c.history), 'written'),
    };
    // The locks are MATERIALIZED so each runs once, before every write that depends on it.
    const text =
      'WITH ' +
      Object.entries(ctes)
        .map(([name, sql]) => `${name} AS ${name === 'seen' || name === 'held' ? 'MATERIALIZED ' : ''}(${sql})`)
        .join(', ') +
      ` SELECT ${holder} FROM held`;
    return { text, placeholders: $ };
  }
}
