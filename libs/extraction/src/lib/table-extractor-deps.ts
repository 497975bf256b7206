import { MysqlSource } from '@tidemark/source';
import { ObjectStore } from '@tidemark/object-store';
import { WatermarkPort } from '@tidemark/watermark-model';
import { ExtractSettingsLike } from './extract-request';

export interface ExtractProgress {
  tableKey: string;
  rows: number;
  files: number;
}

export interface TableExtractorDeps {
  source: MysqlSource;
  store: ObjectStore;
  watermarks: WatermarkPort;
  settings: ExtractSettingsLike;
  onProgress?: (p: ExtractProgress) => void;
  /** Lease holder name: host and process. */
  holder: string;
  /** How long a lease outlives a crashed holder; default LEASE_TTL_SECONDS. */
  leaseTtlSeconds?: number;
  /** Whether a live lease's holder is known dead (a crashed process of this host): taken over at once. */
  isDeadHolder?: (holder: string) => boolean;
  /** How long the run may show no progress before its lease lapses; default LEASE_STUCK_SECONDS. */
  leaseStuckSeconds?: number;
}
