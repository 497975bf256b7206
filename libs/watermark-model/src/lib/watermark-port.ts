import { HeldLease, Lease, LeaseRequest, LeaseStage } from './lease';
import { Manifest } from './manifest';
import { Watermark } from './watermark';

export interface TableId {
  pipeline: string;
  table: string;
}

/**
 * A commit that also releases the lease it is fenced by, in the commit's
 * transaction: the secret given at acquire (the token is the commit's
 * fencing token). A commit refused for any reason releases nothing.
 */
export interface CommitRelease {
  secret: string;
}

export interface ExtractCommit extends TableId {
  manifest: Manifest;
  /** The extract lease's fencing token; a stale one is refused. */
  fencingToken?: number;
  /**
   * The run's last commit: the lease is released and the stage marked
   * succeeded (as markExtractSucceeded with `summary`), in the commit's
   * transaction. Needs `fencingToken`.
   */
  release?: CommitRelease;
  /** With `release` only: what the run saw besides its commits. */
  summary?: ExtractSummary;
}

/** What a finished extract run saw besides its commits. */
export interface ExtractSummary {
  /** Rows whose cursor was after the source's clock (docs/extraction.md, "Future-dated rows"). */
  futureRows: number;
}

export interface LoadCommit extends TableId {
  /** Loaded rows are counted from these manifests' row counts, once each. */
  manifestIds: string[];
  /** Manifests made obsolete by a newer full_sync snapshot: closed without being loaded or counted. */
  supersededIds?: string[];
  /** The load lease's fencing token; a stale one is refused. */
  fencingToken?: number;
  /** The load replaced the target with every pending manifest (Watermark.load.rebuildPending): clears the flag. */
  rebuilt?: boolean;
  /** The load's last report: the lease is released in the commit's transaction. Needs `fencingToken`. */
  release?: CommitRelease;
}

/**
 * What the extractor and loader need from the watermark authority. The
 * embedded store implements it in-process; the HTTP client implements it
 * against a running watermark service.
 */
export interface WatermarkPort {
  get(id: TableId): Promise<Watermark | null>;
  /** Where a table with no cursor starts at `now`: null is the table's beginning. */
  defaultStart(now: Date): Promise<string | null>;
  markExtractStarted(id: TableId, strategy: string): Promise<void>;
  markExtractFailed(id: TableId, error: string): Promise<void>;
  /** Atomically registers the manifest and advances the cursor to its max. */
  commitExtract(commit: ExtractCommit): Promise<Watermark>;
  /** Extract run ended; counts stay as the commits left them. */
  markExtractSucceeded(id: TableId, summary?: ExtractSummary): Promise<void>;
  pendingManifests(id: TableId): Promise<Manifest[]>;
  markLoadStarted(id: TableId): Promise<void>;
  markLoadFailed(id: TableId, error: string): Promise<void>;
  /** Idempotent: manifests already loaded are left as they are. */
  commitLoad(commit: LoadCommit): Promise<Watermark>;
  acquireLease(request: LeaseRequest): Promise<HeldLease>;
  renewLease(lease: LeaseRef, ttlSeconds: number): Promise<Lease>;
  releaseLease(lease: LeaseRef): Promise<void>;
  /** The live lease on the stage, or null. */
  leaseHolder(id: TableId, stage: LeaseStage): Promise<Lease | null>;
}

/** A lease as its holder names it to renew or release it: the secret proves it is the holder. */
export type LeaseRef = Pick<HeldLease, 'pipeline' | 'table' | 'stage' | 'token' | 'secret'>;
