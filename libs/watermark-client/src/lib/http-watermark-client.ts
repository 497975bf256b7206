import { badInput, isTidemarkError } from '@tidemark/errors';
import {
  CountUpdate,
  CountValidation,
  DefaultWatermark,
  ExtractCommit,
  ExtractSummary,
  HeldLease,
  HistoryEntry,
  Lease,
  LeaseRef,
  LeaseRequest,
  LeaseStage,
  LoadCommit,
  Manifest,
  ManifestSummary,
  ManualCursor,
  ResetStage,
  resolveDefaultStart,
  TableId,
  TableResync,
  Watermark,
  ImportOptions,
  WatermarkApi,
  WatermarkExport,
  WatermarkFilter,
} from '@tidemark/watermark-model';
import { HttpRequest, HttpTransport, HttpTransportOptions } from './http-transport';

export type HttpWatermarkClientOptions = HttpTransportOptions;

const segment = encodeURIComponent;
const tablePath = ({ pipeline, table }: TableId) => `/watermarks/${segment(pipeline)}/${segment(table)}`;
/** The service refuses unknown body fields, and a caller may well pass a whole Lease. */
const leaseRef = ({ pipeline, table, stage, token, secret }: LeaseRef): LeaseRef => ({
  pipeline,
  table,
  stage,
  token,
  secret,
});

/** The watermark authority over the watermark service's REST API. */
export class HttpWatermarkClient implements WatermarkApi {
  private readonly http: HttpTransport;

  constructor(options: HttpWatermarkClientOptions) {
    this.http = new HttpTransport(options);
  }

  private send<T>(method: HttpRequest['method'], path: string, extra: Omit<HttpRequest, 'method' | 'path'> = {}) {
    return this.http.request<T>({ method, path, ...extra });
  }

  // --- reading ---------------------------------------------------------------

  async get(id: TableId): Promise<Watermark | null> {
    try {
      return await this.send<Watermark>('GET', tablePath(id));
    } catch (error) {
      if (isTidemarkError(error) && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  list(filter: WatermarkFilter = {}): Promise<Watermark[]> {
    return this.send('GET', '/watermarks', { query: { pipeline: filter.pipeline, status: filter.status } });
  }

  history(id: TableId): Promise<HistoryEntry[]> {
    return this.send('GET', `${tablePath(id)}/history`);
  }

  validateCounts(id: TableId): Promise<CountValidation> {
    return this.send('GET', `${tablePath(id)}/counts/validation`);
  }

  manifests(id: TableId): Promise<ManifestSummary[]> {
    return this.send('GET', `${tablePath(id)}/manifests`);
  }

  pendingManifests(id: TableId): Promise<Manifest[]> {
    return this.send('GET', `${tablePath(id)}/manifests/pending`);
  }

  // --- manual operations -----------------------------------------------------

  setCursor(id: TableId, cursor: ManualCursor, actor: string): Promise<Watermark> {
    return this.send('PUT', `${tablePath(id)}/cursor`, { body: cursor, actor });
  }

  reset(id: TableId, stage: ResetStage, actor: string): Promise<Watermark> {
    return this.send('POST', `${tablePath(id)}/reset`, { body: { stage }, actor });
  }

  restore(id: TableId, historyId: number, actor: string): Promise<Watermark> {
    return this.send('POST', `${tablePath(id)}/history/${historyId}/restore`, { actor });
  }

  skipManifest(id: TableId, manifestId: string, reason: string, actor: string): Promise<ManifestSummary> {
    return this.send('POST', `${tablePath(id)}/manifests/${segment(manifestId)}/skip`, { body: { reason }, actor });
  }

  retryManifest(id: TableId, manifestId: string, actor: string): Promise<ManifestSummary> {
    return this.send('POST', `${tablePath(id)}/manifests/${segment(manifestId)}/retry`, { actor });
  }

  resync(id: TableId, actor: string): Promise<TableResync> {
    return this.send('POST', `${tablePath(id)}/resync`, { actor });
  }

  async markFilesDeleted(id: TableId, manifestIds: string[], actor: string): Promise<void> {
    if (manifestIds.length === 0) return;
    await this.send('POST', `${tablePath(id)}/manifests/files-deleted`, { body: { manifestIds }, actor });
  }

  updateCounts(id: TableId, update: CountUpdate, actor: string): Promise<Watermark> {
    return this.send('PATCH', `${tablePath(id)}/counts`, { body: update, actor, idempotent: update.mode === 'set' });
  }

  // --- extract and load stages -----------------------------------------------

  async markExtractStarted(id: TableId, strategy: string): Promise<void> {
    await this.send('POST', `${tablePath(id)}/extract/start`, { body: { strategy } });
  }

  async markExtractFailed(id: TableId, error: string): Promise<void> {
    await this.send('POST', `${tablePath(id)}/extract/fail`, { body: { error } });
  }

  async markExtractSucceeded(id: TableId, summary?: ExtractSummary): Promise<void> {
    await this.send('POST', `${tablePath(id)}/extract/succeed`, summary ? { body: summary } : {});
  }

  commitExtract({ manifest, fencingToken, release, summary, ...id }: ExtractCommit): Promise<Watermark> {
    return this.send('POST', `${tablePath(id)}/extract/commits`, { body: { manifest, fencingToken, release, summary } });
  }

  async markLoadStarted(id: TableId): Promise<void> {
    await this.send('POST', `${tablePath(id)}/load/start`);
  }

  async markLoadFailed(id: TableId, error: string): Promise<void> {
    await this.send('POST', `${tablePath(id)}/load/fail`, { body: { error } });
  }

  commitLoad({ manifestIds, supersededIds, fencingToken, rebuilt, release, ...id }: LoadCommit): Promise<Watermark> {
    return this.send('POST', `${tablePath(id)}/load/commits`, {
      body: { manifestIds, supersededIds, fencingToken, rebuilt, release },
    });
  }

  // --- system default --------------------------------------------------------

  async getDefaultWatermark(): Promise<DefaultWatermark | null> {
    return (await this.send<{ defaultWatermark: DefaultWatermark | null }>('GET', '/settings/default-watermark'))
      .defaultWatermark;
  }

  async setDefaultWatermark(value: DefaultWatermark | null, actor: string): Promise<DefaultWatermark | null> {
    if (value === null) {
      await this.send('DELETE', '/settings/default-watermark', { actor });
      return null;
    }
    const body = 'preset' in value ? { preset: value.preset } : { timestamp: value.timestamp };
    return (
      await this.send<{ defaultWatermark: DefaultWatermark }>('PUT', '/settings/default-watermark', { body, actor })
    ).defaultWatermark;
  }

  async defaultStart(now: Date): Promise<string | null> {
    const value = await this.getDefaultWatermark();
    return value ? resolveDefaultStart(value, now) : null;
  }

  // --- export and import -----------------------------------------------------

  exportAll(): Promise<WatermarkExport> {
    return this.send('GET', '/export');
  }

  /** A Tidemark export or one old-tool watermark file, read by the service; all entries or none. */
  async importDocument(document: unknown, options: ImportOptions, actor: string): Promise<Watermark[]> {
    const { pipeline, table, fallbackTable, allowRewind } = options;
    const body = { document, pipeline, table, fallbackTable, allowRewind };
    return (await this.send<{ imported: Watermark[] }>('POST', '/import', { body, actor })).imported;
  }

  // --- leases ----------------------------------------------------------------

  acquireLease({ pipeline, table, stage, holder, ttlSeconds, takeOverFrom }: LeaseRequest): Promise<HeldLease> {
    return this.send('POST', '/leases', { body: { pipeline, table, stage, holder, ttlSeconds, takeOverFrom } });
  }

  renewLease(lease: LeaseRef, ttlSeconds: number): Promise<Lease> {
    return this.send('POST', '/leases/renew', { body: { ...leaseRef(lease), ttlSeconds } });
  }

  async releaseLease(lease: LeaseRef): Promise<void> {
    await this.send('POST', '/leases/release', { body: leaseRef(lease) });
  }

  async leaseHolder(id: TableId, stage: LeaseStage): Promise<Lease | null> {
    const path = `/leases/${segment(id.pipeline)}/${segment(id.table)}/${stage}`;
    return (await this.send<{ lease: Lease | null }>('GET', path)).lease;
  }
}
